"""Polls in the content API (/api/v3/polls/): read them, with results only when the poll's
rules allow, and vote under the same rules as the HTML form. Errors are RFC 7807 problem
responses. Votes must be sent as JSON, which a cross-site HTML form cannot do."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Router, Schema, Status
from pydantic import WithJsonSchema
from wagtail.api.v3.errors import problem_response

from .models import Poll
from .voting import VoteRefused, cast_vote, get_poll, has_voted, remember_vote

# A poll's number, as documented; get_poll() answers 400 (invalid_id) for anything else.
PollId = Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[0-9]{1,18}$"})]

router = Router(tags=["polls"])


class PollAnswerSchema(Schema):
    id: str
    answer: str
    votes: int | None = None
    percent: float | None = None


class PollSchema(Schema):
    id: int
    translation_key: str
    language: str
    question: str
    methodology_note: str
    opens_at: datetime
    closes_at: datetime | None
    is_open: bool
    results_visibility: str
    results_visible: bool
    has_voted: bool
    total_votes: int | None
    answers: list[PollAnswerSchema]


class VoteSchema(Schema):
    choice: str


def serialise(request, poll, voted=None):
    voted = has_voted(request, poll) if voted is None else voted
    visible = poll.results_visible(has_voted=voted)
    if visible:
        rows, total = poll.results()
        answers = [
            {"id": choice_id, "answer": text, "votes": votes, "percent": percent}
            for choice_id, text, votes, percent in rows
        ]
    else:
        total = None
        answers = [{"id": choice_id, "answer": text} for choice_id, text in poll.choice_list()]
    return {
        "id": poll.pk,
        "translation_key": str(poll.translation_key),
        "language": poll.locale.language_code,
        "question": poll.question,
        "methodology_note": poll.methodology_note,
        "opens_at": poll.rules.opens_at,
        "closes_at": poll.rules.closes_at,
        "is_open": poll.is_open(),
        "results_visibility": poll.rules.results_visibility,
        "results_visible": visible,
        "has_voted": voted,
        "total_votes": total,
        "answers": answers,
    }


def _problem(refused):
    return problem_response(
        status=refused.status, detail=refused.message, type_uri=f"urn:nrm:poll:{refused.code}"
    )


def _private(response):
    # What a visitor sees may depend on their vote cookie: never store it in a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


@router.get("/", response=list[PollSchema], url_name="polls_list", summary="List polls")
def list_polls(request: HttpRequest, locale: str = "bg", open_only: bool = False):
    polls = Poll.objects.filter(locale__language_code=locale).select_related("locale")
    if open_only:
        polls = polls.open_now()
    return [serialise(request, poll) for poll in polls]


@router.get(
    "/{poll_id}/",
    response={200: PollSchema},
    url_name="polls_detail",
    summary="Poll detail, with results when they may be shown",
)
def poll_detail(request: HttpRequest, poll_id: PollId, response: HttpResponse):
    try:
        poll = get_poll(poll_id)
    except VoteRefused as refused:
        return _problem(refused)
    _private(response)
    return serialise(request, poll)


@router.post(
    "/{poll_id}/vote/",
    response={201: PollSchema},
    url_name="polls_vote",
    summary="Vote in a poll",
)
def poll_vote(request: HttpRequest, poll_id: PollId, data: VoteSchema, response: HttpResponse):
    if request.content_type != "application/json":
        return problem_response(status=415, detail="Send the vote as application/json.")
    try:
        poll = get_poll(poll_id)
        # Messages in the poll's language, whatever the browser prefers.
        with translation.override(poll.locale.language_code):
            cast_vote(request, poll, data.choice)
    except VoteRefused as refused:
        return _problem(refused)
    remember_vote(request, response, poll)
    return Status(201, serialise(request, poll, voted=True))
