"""The rules of voting, shared by the HTML form and the API: one vote per person (a signed
cookie, plus a cap per hashed client address that a whole office behind one address does
not reach), only while the poll is open, only for one of its own answers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from portal.client_identity import client_address

from .models import Poll, PollVote, PollVoteGuard
from .tokens import form_token

COOKIE_NAME = "nrm_polls"
# The salts keep their first names so that cookies and forms already out stay valid.
COOKIE_SALT = "training.polls"
COOKIE_MAX_AGE = 365 * 24 * 3600
COOKIE_MAX_POLLS = 100


class VoteRefused(Exception):
    def __init__(self, status, message, code):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def parse_id(raw):
    raw = str(raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise VoteRefused(400, _("That is not a valid poll number."), "invalid_id")
    return int(raw)


def get_poll(raw_id):
    poll = Poll.objects.select_related("locale").filter(pk=parse_id(raw_id)).first()
    if poll is None:
        raise VoteRefused(404, _("There is no such poll."), "not_found")
    return poll


def form_is_genuine(request, raw_id):
    """The POST carries this poll's form token and comes from this site (the Origin
    header, or the Referer where a browser sends no Origin, as Django's CSRF check does)."""
    token = request.POST.get("poll_token", "")
    if not token or not constant_time_compare(token, form_token(raw_id)):
        return False
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if source is None:
        return not request.is_secure()
    parts = urlsplit(source)
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return f"{parts.scheme}://{parts.netloc}" in allowed


def voted_keys(request):
    """Translation keys (hex) of the polls this browser has voted in."""
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    return [key for key in value.split(".") if key]


def has_voted(request, poll):
    return poll.translation_key.hex in voted_keys(request)


def remember_vote(request, response, poll):
    keys = [k for k in voted_keys(request) if k != poll.translation_key.hex]
    keys = (keys + [poll.translation_key.hex])[-COOKIE_MAX_POLLS:]
    # Not HttpOnly: the script reads the part before the signature to show "you voted"
    # without the server rendering anything per visitor.
    response.set_signed_cookie(
        COOKIE_NAME,
        ".".join(keys),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=False,
    )


def cast_vote(request, poll, raw_choice):
    """Record one vote or raise VoteRefused; nothing is written when refused."""
    if not poll.is_open():
        message = _("This poll is closed.") if poll.is_closed() else _("This poll is not open yet.")
        raise VoteRefused(409, message, "closed")
    choice_id = str(raw_choice or "").strip()
    if not choice_id:
        raise VoteRefused(400, _("Please choose an answer."), "no_choice")
    if choice_id not in dict(poll.choice_list()):
        raise VoteRefused(400, _("That answer does not belong to this poll."), "invalid_choice")
    if has_voted(request, poll):
        raise VoteRefused(409, _("You have already voted in this poll."), "already_voted")
    limit = settings.POLL_VOTES_PER_ADDRESS
    with transaction.atomic():
        if not PollVoteGuard.admit(poll.translation_key, client_address(request), limit):
            raise VoteRefused(
                429,
                _("Too many votes have come from your network today. Please try again tomorrow."),
                "limit",
            )
        PollVote.objects.create(poll_key=poll.translation_key, choice_id=choice_id)
    PollVoteGuard.forget_old()
