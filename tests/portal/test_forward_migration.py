"""Data survives the layout change: a database at the schema before polls left training and
audiences became one vocabulary is migrated forward, and every poll, vote, subscriber,
content type and audience is found where the code now looks for it."""

import json
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail_localize.models import TranslatableObject, TranslationSource

# The schema of the commit before the move: the last migration of each app that changed.
BEFORE = [
    ("training", "0002_groups"),
    ("bulletin", "0002_issue_number_suggested"),
    ("handbook", "0003_word_imports"),
    ("newsletter", "0002_mailing_delivery"),
    ("polls", None),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _child_page(apps, model_name, app_label, parent, n, **fields):
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    return apps.get_model(app_label, model_name).objects.create(
        title=f"Page {n}",
        draft_title=f"Page {n}",
        slug=f"migrated-{n}",
        path=f"{parent.path}{n:04d}",
        depth=parent.depth + 1,
        url_path=f"{parent.url_path}migrated-{n}/",
        content_type=content_type,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
        **fields,
    )


def _populate(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    bg = Locale.objects.get(language_code="bg")
    poll_model = apps.get_model("training", "Poll")
    poll = poll_model.objects.create(
        locale=bg,
        question="Ще оцелее ли анкетата?",
        choices=json.dumps([{"type": "choice", "value": "Да", "id": "yes"}]),
    )
    apps.get_model("training", "PollVote").objects.bulk_create(
        [apps.get_model("training", "PollVote")(poll_key=poll.translation_key, choice_id="yes")] * 3
    )
    apps.get_model("training", "PollVoteGuard").objects.create(
        poll_key=poll.translation_key, digest="d" * 64, window=1, votes=3
    )
    poll_type = ContentType.objects.using("default").get(app_label="training", model="poll")
    # wagtail-localize's tables are the same before and after: its own models will do.
    TranslationSource.objects.create(
        object=TranslatableObject.objects.create(
            translation_key=poll.translation_key, content_type_id=poll_type.pk
        ),
        specific_content_type_id=poll_type.pk,
        locale_id=bg.pk,
        object_repr=poll.question,
        content_json=json.dumps({"pk": poll.pk, "question": poll.question}),
        last_updated_at=timezone.now(),
    )
    apps.get_model("newsletter", "Subscriber").objects.create(
        email="reader@example.bg", language="bg", status="confirmed"
    )
    home = apps.get_model("wagtailcore", "Page").objects.get(depth=2, locale=bg)
    event = _child_page(
        apps, "EventPage", "bulletin", home, 91, start_date="2030-01-01", audience="law-enforcement"
    )
    document = _child_page(
        apps,
        "GuidanceDocumentPage",
        "handbook",
        home,
        92,
        code="S-9",
        document_type="standard",
        version_label="1",
        audience_social=True,
        audience_ngo=True,
    )
    apps.get_model("wagtailcore", "Revision").objects.create(
        content_type_id=document.content_type_id,
        base_content_type_id=ContentType.objects.get(app_label="wagtailcore", model="page").pk,
        object_id=str(document.pk),
        object_str=document.title,
        created_at=timezone.now(),
        content={"pk": document.pk, "title": document.title, "audience_social": True},
    )
    return poll_type.pk, poll.pk, event.pk, document.pk


def _migrate_to_latest():
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_polls_votes_subscribers_and_audiences_survive_the_move():
    try:
        poll_type_id, poll_id, event_id, document_id = _populate(_migrate(BEFORE))
    finally:
        _migrate_to_latest()  # whatever happens, the next tests find today's schema

    from wagtail.models import Revision

    from bulletin.models import EventPage
    from handbook.models import GuidanceDocumentPage
    from newsletter.models import Subscriber
    from polls.models import Poll, PollVote, PollVoteGuard

    poll = Poll.objects.get(pk=poll_id)
    assert poll.question == "Ще оцелее ли анкетата?"
    assert poll.results()[1] == 3
    assert PollVoteGuard.objects.filter(poll_key=poll.translation_key, votes=3).exists()
    assert PollVote.objects.count() == 3
    # The content type kept its id, so translation sources (and permissions, revisions)
    # that point at it now mean polls.Poll.
    assert ContentType.objects.get(pk=poll_type_id).model_class() is Poll
    source = TranslationSource.objects.get(specific_content_type_id=poll_type_id)
    assert source.get_source_instance() == poll
    assert Subscriber.objects.get(email="reader@example.bg").status == "confirmed"
    assert EventPage.objects.get(pk=event_id).audiences == ["police"]
    assert GuidanceDocumentPage.objects.get(pk=document_id).audiences == ["social-services", "ngos"]
    revision = Revision.objects.get(object_id=str(document_id))
    assert revision.as_object().audiences == ["social-services"]
