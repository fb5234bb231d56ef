import re
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from newsletter.emails import issue_subject
from newsletter.models import Delivery, Mailing, Subscriber
from newsletter.sending import deliver, start_mailing

from .factories import issue_with_articles, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(bg_home):
    return issue_with_articles(bg_home)


@pytest.fixture
def en_issue(issue, en_locale):
    translation = issue.copy_for_translation(en_locale, copy_parents=True)
    translation.title = "Issue 1"
    translation.save_revision().publish()
    return translation


def parts(message):
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_issue_reaches_each_confirmed_subscriber_of_its_language_once(issue, smtp_server):
    confirmed = [subscriber(n) for n in range(3)]
    subscriber(10, status=Subscriber.Status.PENDING)
    subscriber(11, status=Subscriber.Status.UNSUBSCRIBED)
    subscriber(12, language="en")
    outcome = deliver(start_mailing(issue).pk)
    assert sorted(smtp_server.recipients) == sorted(s.email for s in confirmed)
    assert outcome.counts["sent"] == 3
    message = smtp_server.to("reader0@example.bg")[0]
    assert message["Subject"].strip() == "Бюлетин на НМН, брой 1"
    body = parts(message)
    assert {"text/plain", "text/html"} <= body.keys()
    for content in (body["text/plain"], body["text/html"]):
        assert "Статия 1" in content and "Кратка вест" in content
        assert "http://testserver/bg/bulletin/issue-1/" in content  # view on the web
        assert "Уводна статия" in content
    assert "Вижте в уеб" in body["text/html"]
    # The one image is the logo, as a PNG (mail programs do not show SVG), and it exists.
    images = re.findall(r'<img src="([^"]+)"', body["text/html"])
    assert images == ["http://testserver/static/portal/logo-mail.png"]
    assert finders.find("portal/logo-mail.png")


@pytest.mark.parametrize(
    ("language", "number", "title", "subject"),
    [
        ("bg", 1, "Брой 1", "Бюлетин на НМН, брой 1"),
        (
            "bg",
            2,
            "Бюлетин № 2: по-ранна идентификация",
            "Бюлетин на НМН, брой 2: по-ранна идентификация",
        ),
        (
            "en",
            2,
            "Bulletin No. 2: earlier identification",
            "NRM bulletin no. 2: earlier identification",
        ),
        ("bg", 3, "Трафикът през 2026", "Бюлетин на НМН, брой 3: Трафикът през 2026"),
        ("bg", 2, "2 нови приюта", "Бюлетин на НМН, брой 2: 2 нови приюта"),
        ("bg", 12, "Брой 1: обзор", "Бюлетин на НМН, брой 12: Брой 1: обзор"),
    ],
)
def test_the_subject_says_the_issue_number_once(language, number, title, subject):
    with translation.override(language):
        assert issue_subject(SimpleNamespace(number=number, title=title)) == subject


def test_rfc8058_headers_and_one_click_unsubscribe_without_cookies(issue, smtp_server):
    reader = subscriber(1)
    deliver(start_mailing(issue).pk)
    message = smtp_server.to(reader.email)[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert https == f"http://testserver/bg/newsletter/unsubscribe/{reader.manage_key}/"
    assert mailto.startswith("mailto:unsubscribe@testserver?subject=unsubscribe%20")
    assert https in parts(message)["text/plain"]
    client = Client(enforce_csrf_checks=True)
    path = https.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" not in page.content  # shown in Bulgarian
    reader.refresh_from_db()
    assert reader.status == "confirmed"  # a GET changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not response.cookies
    reader.refresh_from_db()
    assert reader.status == "unsubscribed"
    assert reader.consent_records.last().source == "one-click"


def test_english_subscribers_get_the_english_issue(en_issue, smtp_server):
    subscriber(1)
    reader = subscriber(2, language="en", name="Jane Doe")
    deliver(start_mailing(en_issue).pk)
    assert smtp_server.recipients == [reader.email]
    message = smtp_server.to(reader.email)[0]
    assert message["Subject"].strip().startswith("NRM bulletin no. 1")
    assert 'lang="en"' in parts(message)["text/html"]
    assert "View on the web" in parts(message)["text/html"]
    assert f"/en/newsletter/unsubscribe/{reader.manage_key}/" in message["List-Unsubscribe"]


def test_421_after_n_messages_pauses_then_sends_the_rest_once(issue, smtp_server, settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0.05
    settings.NEWSLETTER_BATCH_SIZE = 4
    readers = [subscriber(n) for n in range(10)]
    smtp_server.refuse_after = 3
    smtp_server.refusals = 2
    outcome = deliver(start_mailing(issue).pk)
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)
    assert outcome.counts["sent"] == 10
    assert Delivery.objects.filter(attempts__gt=1).exists()  # the refused one was retried


def test_dropped_connection_is_retried_without_duplicates(issue, smtp_server, settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0.05
    readers = [subscriber(n) for n in range(6)]
    smtp_server.drop_after = 2
    deliver(start_mailing(issue).pk)
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)


def test_5xx_is_recorded_per_subscriber_and_the_rest_continue(issue, smtp_server):
    readers = [subscriber(n) for n in range(4)]
    smtp_server.reject = {readers[1].email}
    mailing = start_mailing(issue)
    outcome = deliver(mailing.pk)
    assert outcome.counts["bounced"] == 1 and outcome.counts["sent"] == 3
    bounced = Delivery.objects.get(status="bounced")
    assert bounced.subscriber == readers[1] and "550" in bounced.last_error
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE


def test_send_bulletin_command_refuses_a_second_run_and_resumes(issue, smtp_server):
    readers = [subscriber(n) for n in range(3)]
    call_command("send_bulletin", issue.pk, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_bulletin", issue.pk)
    call_command("send_bulletin", issue.pk, resume=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(smtp_server.recipients) == sorted(r.email for r in readers)
