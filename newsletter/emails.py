"""Building the newsletter's emails. Links come from settings.PUBLIC_BASE_URL, never from a
request; headers are built only from cleaned values."""

import re
from email.utils import formataddr
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.public_urls import absolute_url, page_absolute_url

from .addresses import header_safe
from .tokens import confirm_max_age

# Stands in for a subscriber's manage key in a message rendered once per mailing.
KEY_PLACEHOLDER = "MANAGEKEYPLACEHOLDER"
RELATIVE_LINK = re.compile(r'\b(href|src)="/(?!/)')


def public_host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"


def unsubscribe_url(key: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("newsletter:unsubscribe", kwargs={"key": key}))


def unsubscribe_mailto(key: str) -> str:
    mailbox = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or (f"unsubscribe@{public_host()}")
    return f"mailto:{mailbox}?subject={quote('unsubscribe ' + key)}"


def recipient(name: str, email: str) -> str:
    return formataddr((header_safe(name), email))


def list_headers(key: str, language: str) -> dict:
    """RFC 2369 / RFC 8058 headers for one subscriber."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(key, language)}>, <{unsubscribe_mailto(key)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"NRM bulletin <bulletin.{public_host()}>",
    }


def absolutise(html: str) -> str:
    """Rich text renders internal links and images root-relative; mail needs absolute URLs."""
    return RELATIVE_LINK.sub(lambda m: f'{m.group(1)}="{settings.PUBLIC_BASE_URL}/', html)


def html_to_text(html: str) -> str:
    import html as html_lib

    text = re.sub(r"</(p|li|h[1-6])>|<br\s*/?>", "\n", html)
    lines = (line.strip() for line in html_lib.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def confirmation_message(subscriber, token: str, language: str) -> EmailMultiAlternatives:
    """The double opt-in mail, or, for an address that is already confirmed, a note with the
    personal link (the web response is the same either way)."""
    with translation.override(language):
        context = {
            "name": subscriber.name,
            "confirm_url": absolute_url(reverse("newsletter:confirm", kwargs={"token": token}))
            if token
            else "",
            "manage_url": unsubscribe_url(subscriber.manage_key, language),
            "site_url": absolute_url(f"/{language}/"),
            "max_age_days": confirm_max_age() // 86400,
        }
        subject = (
            _("Confirm your subscription to the NRM bulletin")
            if token
            else _("You are already subscribed to the NRM bulletin")
        )
        message = EmailMultiAlternatives(
            subject=header_safe(subject),
            body=render_to_string("newsletter/email/confirm.txt", context),
            to=[recipient(subscriber.name, subscriber.email)],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(
            render_to_string("newsletter/email/confirm.html", context), "text/html"
        )
    return message


# The start of a title that names the issue's number: "Брой 5", "Бюлетин № 5:",
# "NRM Bulletin No. 5 –" (the bulletin's name, then a number sign, then the number).
BULLETIN_WORD = r"(?:nrm|нмн|на|the|of|electronic|електронен|bulletin|бюлетин)"
NUMBER_SIGN = r"(?:№|#|no\.?|nr\.?|брой|issue)"


def issue_subject(issue) -> str:
    """The subject of an issue's mail, "NRM bulletin no. 5: <title>", with the number said
    once: a title that begins by naming the number ("Брой 5", "Бюлетин № 5: …") gives only
    what follows it."""
    named_first = re.compile(
        rf"^\s*(?:(?:{BULLETIN_WORD}[\s,]+)+{NUMBER_SIGN}?|{NUMBER_SIGN})"
        rf"\s*{issue.number}(?!\d)[\s:.,;–—-]*",
        re.IGNORECASE,
    )
    title = named_first.sub("", issue.title, count=1).strip()
    if not title:
        return _("NRM bulletin no. %(number)s") % {"number": issue.number}
    return _("NRM bulletin no. %(number)s: %(title)s") % {"number": issue.number, "title": title}


class IssueMail:
    """One bulletin issue rendered once for a mailing; `message()` personalises it per
    subscriber by filling in their manage key, so sending costs no template rendering."""

    def __init__(self, issue, language: str):
        self.language = language
        with translation.override(language):
            editorial_html = absolutise(
                render_to_string("newsletter/email/editorial.html", {"issue": issue})
            )
            context = {
                "issue": issue,
                "items": issue.newsletter_items(),
                "editorial_html": editorial_html,
                "editorial_text": html_to_text(editorial_html),
                "web_url": page_absolute_url(issue) or absolute_url(f"/{language}/"),
                "unsubscribe_url": unsubscribe_url(KEY_PLACEHOLDER, language),
                # A PNG (mail programs do not show SVG) at a stable address: mails stay
                # readable for years, longer than any hashed static name.
                "logo_url": absolute_url(settings.STATIC_URL + "portal/logo-mail.png"),
            }
            self.subject = header_safe(issue_subject(issue))
            self.text = render_to_string("newsletter/email/issue.txt", context)
            self.html = render_to_string("newsletter/email/issue.html", context)
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.headers = list_headers(KEY_PLACEHOLDER, language)

    def message(self, *, name: str, email: str, key: str, message_id: str, connection=None):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text.replace(KEY_PLACEHOLDER, key),
            from_email=self.from_email,
            to=[recipient(name, email)],
            headers={
                **{
                    name: value.replace(KEY_PLACEHOLDER, key)
                    for name, value in self.headers.items()
                },
                "Message-ID": f"<{message_id}@{public_host()}>",
                "Precedence": "bulk",
            },
            connection=connection,
        )
        message.attach_alternative(self.html.replace(KEY_PLACEHOLDER, key), "text/html")
        return message
