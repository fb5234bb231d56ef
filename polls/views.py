"""Polls without JavaScript: the list, a poll's own page, the vote (a plain form POST that
redirects back with a message) and the open data after closing."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from portal.csv_export import csv_response

from .models import Poll
from .voting import (
    VoteRefused,
    cast_vote,
    form_is_genuine,
    get_poll,
    has_voted,
    remember_vote,
)

MESSAGE_TAG = "poll-{key}"


def _back(request, poll):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return poll.url_path()


@require_GET
def poll_index(request):
    polls = Poll.objects.filter(locale=Locale.get_active()).select_related("locale")
    return render(request, "polls/index.html", {"polls": polls})


def _refused(request, refused, poll=None):
    context = {"message": refused.message, "poll": poll}
    if poll is not None:
        context["back"] = _back(request, poll)
        context["show_results"] = poll.results_visible(has_voted=has_voted(request, poll))
    response = render(request, "polls/refused.html", context, status=refused.status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def poll_detail(request, poll_id):
    try:
        poll = get_poll(poll_id)
    except VoteRefused as refused:
        return _refused(request, refused)
    here = Locale.get_active()
    if poll.locale_id != here.pk:
        # A poll of the other language: its version in this language, else its own page in
        # its own language (never one language's poll in the other's frame).
        shown = poll.get_translation_or_none(here)
        if shown is None:
            with translation.override(poll.locale.language_code):
                return HttpResponseRedirect(poll.url_path())
        return HttpResponseRedirect(shown.url_path())
    return render(request, "polls/detail.html", {"poll": poll, "translated_object": poll})


@never_cache
@require_GET
def results_fragment(request, poll_id):
    """The results as the page shows them after a vote without JavaScript, for the script to
    show after it voted (or on a later visit): one template, so the same words and number
    format. Only to a visitor who may see them (a voter, unless they wait for the close)."""
    try:
        poll = get_poll(poll_id)
    except VoteRefused as refused:
        return HttpResponse(status=refused.status)
    if not poll.results_visible(has_voted=has_voted(request, poll)):
        return HttpResponse(status=403)
    rows, total = poll.results()
    return render(request, "polls/includes/poll_results.html", {"rows": rows, "total": total})


@csrf_exempt  # checked by form_is_genuine, so that pages with a poll set no CSRF cookie
@require_POST
def vote(request, poll_id):
    try:
        poll = get_poll(poll_id)
    except VoteRefused as refused:
        return _refused(request, refused)
    if not form_is_genuine(request, poll_id):
        return import_string(settings.CSRF_FAILURE_VIEW)(request, reason="poll form token")
    try:
        cast_vote(request, poll, request.POST.get("choice"))
    except VoteRefused as refused:
        return _refused(request, refused, poll)
    messages.success(
        request,
        _("Thank you, your vote has been counted."),
        extra_tags=MESSAGE_TAG.format(key=poll.translation_key.hex),
    )
    response = HttpResponseRedirect(_back(request, poll) + f"#poll-{poll.pk}", status=303)
    remember_vote(request, response, poll)
    return response


def _open_data(poll_id):
    poll = get_poll(poll_id)
    if not poll.is_closed():
        raise VoteRefused(
            403, _("The results are published as open data when the poll closes."), "not_closed"
        )
    rows, total = poll.results()
    return poll, rows, total


@require_GET
def results_csv(request, poll_id):
    try:
        poll, rows, _total = _open_data(poll_id)
    except VoteRefused as refused:
        return _refused(request, refused)
    return csv_response(
        f"poll-{poll.pk}-results.csv",
        ["poll", "question", "answer_id", "answer", "votes", "percent"],
        (
            [poll.pk, poll.question, choice_id, text, votes, percent]
            for choice_id, text, votes, percent in rows
        ),
    )


@require_GET
def results_json(request, poll_id):
    try:
        poll, rows, total = _open_data(poll_id)
    except VoteRefused as refused:
        return HttpResponse(
            json.dumps({"status": refused.status, "detail": refused.message}),
            status=refused.status,
            content_type="application/problem+json",
        )
    data = {
        "poll": poll.pk,
        "question": poll.question,
        "language": poll.locale.language_code,
        "opens_at": poll.rules.opens_at.isoformat(),
        "closes_at": poll.rules.closes_at.isoformat(),
        "total": total,
        "answers": [
            {"id": choice_id, "answer": text, "votes": votes, "percent": percent}
            for choice_id, text, votes, percent in rows
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
