"""One locale lookup per request.

Wagtail looks the active locale up by language code whenever a page is localised (routing,
the menu, the footer, the sections): a query each time. Within a request the locales are
taken once from the process's memo of them (read with one query after each change of the
frame's generation), and every later lookup by code or by id is answered from that. Outside a request (tasks, commands) lookups go to the database as before.
"""

from contextvars import ContextVar

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail.models.i18n import LocaleManager

from portal.frame_generation import remember

_memo: ContextVar[dict | None] = ContextVar("locale_memo", default=None)
_database_lookup = LocaleManager.get_for_language


def _read_locales() -> dict:
    locales = list(Locale.objects.all())
    return {
        "by_code": {locale.language_code: locale for locale in locales},
        "by_id": {locale.pk: locale for locale in locales},
    }


def _locales(memo: dict) -> dict:
    if "by_code" not in memo:
        memo.update(remember("locales", _read_locales))
    return memo


def get_for_language(manager, language_code):
    memo = _memo.get()
    if memo is None or manager.model is not Locale:
        return _database_lookup(manager, language_code)
    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError:
        return _database_lookup(manager, language_code)
    locale = _locales(memo)["by_code"].get(code)
    if locale is None:
        return _database_lookup(manager, language_code)
    return locale


def by_id(locale_id) -> Locale:
    """The locale with this id: from the request's memo when there is one."""
    memo = _memo.get()
    if memo is not None:
        locale = _locales(memo)["by_id"].get(locale_id)
        if locale is not None:
            return locale
    return Locale.objects.get(pk=locale_id)


def install():
    """Route Wagtail's lookups by language code (`Locale.get_active`, `localized`) through
    the request's memo."""
    LocaleManager.get_for_language = get_for_language


class LocaleMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def localize_many(pages):
    """Wagtail's `localized` for many pages with one query: each page gets
    `localized_in_bulk`, its live translation in the active language, or itself."""
    locale = Locale.get_active()
    pages = [page for page in pages if page is not None]
    keys = {page.translation_key for page in pages if page.locale_id != locale.pk}
    translations = {}
    if keys:
        rows = Page.objects.filter(translation_key__in=keys, locale=locale, live=True)
        translations = {row.translation_key: row for row in rows}
    for page in pages:
        page.localized_in_bulk = translations.get(page.translation_key, page)
