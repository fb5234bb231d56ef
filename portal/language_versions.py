"""Which language versions of the current page exist, for the language switcher and the
hreflang links: one query for a page, none for other views."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal import locales, site_frame, visibility
from portal.frame_generation import remember


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    is_current: bool
    translated: bool
    fallback_note: str = ""


def _home_urls() -> dict[str, str]:
    return {code: f"/{code}/" for code, _name in settings.LANGUAGES}


def _translation_urls(page: Page, request) -> dict[str, str]:
    return {
        p.locale.language_code: p.get_url(request)
        for p in visibility.pages(page.get_translations(inclusive=True)).select_related("locale")
    }


def for_page(page: Page, route: str = "", request=None) -> list[LanguageVersion]:
    """route: what follows the page's URL on a routable page's sub-view (the whole book, a
    comparison, a test), kept on each translation so the switch stays on that view. The
    page's translations are remembered under the frame's generation (publishing any page
    renews it), per view of the site."""
    current = locales.by_id(page.locale_id).language_code if page.locale_id else get_language()
    site = getattr(request, "_wagtail_site", None)
    urls = remember(
        f"translations:{page.pk}:{getattr(site, 'pk', '')}:{site_frame.view_key()}",
        lambda: _translation_urls(page, request),
    )
    translations = {code: url + route for code, url in urls.items()}
    translations[current] = page.get_url(request) + route
    homes = _home_urls()
    versions = []
    for code, name in settings.LANGUAGES:
        url, note = translations.get(code), ""
        # A page type may offer a better place than the home page, with its own note.
        if url is None and hasattr(page.specific_deferred, "translation_fallback"):
            url, note = page.specific_deferred.translation_fallback(code) or (None, "")
        versions.append(
            LanguageVersion(
                code=code,
                name=name,
                url=url or homes[code],
                is_current=code == current,
                translated=code in translations,
                fallback_note=note,
            )
        )
    return versions


def for_missing_page() -> list[LanguageVersion]:
    """A page that does not exist (the 404 page) has no translation: each language's home."""
    current, homes = get_language(), _home_urls()
    versions = []
    for code, name in settings.LANGUAGES:
        with override(code):
            note = str(_("(the link leads to the home page)"))
        versions.append(LanguageVersion(code, name, homes[code], code == current, False, note))
    return versions


def for_translatable(obj) -> list[LanguageVersion]:
    """A translatable object with its own view (a poll): each language's translation at its
    `url_path()` in that language."""
    current = obj.locale.language_code
    translations = {t.locale.language_code: t for t in obj.get_translations(inclusive=True)}
    homes = _home_urls()
    versions = []
    for code, name in settings.LANGUAGES:
        translation = translations.get(code)
        with override(code):
            url = translation.url_path() if translation else homes[code]
        versions.append(LanguageVersion(code, name, url, code == current, translation is not None))
    return versions


def for_path(path: str, query: str = "") -> list[LanguageVersion]:
    """Views outside the page tree (search, forms) have the same path and query in each
    language."""
    current = get_language()
    suffix = f"?{query}" if query else ""
    return [
        LanguageVersion(
            code=code,
            name=name,
            url=translate_url(path, code) + suffix,
            is_current=code == current,
            translated=True,
        )
        for code, name in settings.LANGUAGES
    ]
