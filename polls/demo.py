"""Demo content for polls: one open poll and one closed poll with votes, in Bulgarian and
English. Written for this project."""

import datetime

from django.utils import timezone

from .models import Poll, PollVote

CLOSED_POLL = "Знаете ли телефона на националната гореща линия срещу трафика на хора?"


def build(ctx):
    now = timezone.now()
    ctx.snippet(
        Poll,
        lookup={
            "question": "Легализирането на проституцията увеличава ли трафика с цел сексуална експлоатация?"
        },
        shared={"opens_at": now - datetime.timedelta(days=1), "results_visibility": "after_vote"},
        bg={
            "choices": [("choice", "Да"), ("choice", "Не"), ("choice", "Не мога да преценя")],
            "methodology_note": "Това не е представително проучване: гласуват посетителите на "
            "портала, по един глас от браузър.",
        },
        en={
            "question": "Does legitimising prostitution increase trafficking for sexual exploitation?",
            "choices": [("choice", "Yes"), ("choice", "No"), ("choice", "I cannot judge")],
            "methodology_note": "This is not a representative survey: visitors of the portal vote, "
            "one vote per browser.",
        },
    )
    closed = ctx.snippet(
        Poll,
        lookup={"question": CLOSED_POLL},
        shared={
            "opens_at": now - datetime.timedelta(days=60),
            "closes_at": now - datetime.timedelta(days=30),
            "results_visibility": "after_close",
        },
        bg={
            "choices": [("choice", "Да, знам го"), ("choice", "Не, не го знам")],
            "methodology_note": "Непредставително проучване сред посетителите на портала.",
        },
        en={
            "question": "Do you know the number of the national anti-trafficking hotline?",
            "choices": [("choice", "Yes, I know it"), ("choice", "No, I do not")],
            "methodology_note": "A non-representative survey of the portal's visitors.",
        },
    )
    _votes(ctx, closed)


def loaded(ctx, fixture):
    """The demo fixture leaves out the closed poll's votes (thousands of alike rows)."""
    _votes(ctx, Poll.objects.get(locale=ctx.bg, question=CLOSED_POLL))


def _votes(ctx, closed):
    if not PollVote.objects.filter(poll_key=closed.translation_key).exists():
        known, unknown = (block.id for block in closed.choices)
        PollVote.objects.bulk_create(
            [PollVote(poll_key=closed.translation_key, choice_id=known) for _ in range(1137)]
            + [PollVote(poll_key=closed.translation_key, choice_id=unknown) for _ in range(2412)]
        )
        ctx.log("votes in the closed demo poll")
