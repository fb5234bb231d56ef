import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from newsletter.models import Delivery, Mailing, Subscriber
from newsletter.sending import deliver, start_mailing

from .factories import issue_with_articles, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(bg_home):
    return issue_with_articles(bg_home)


def test_editor_sends_a_test_then_the_issue_from_the_admin(admin_client, issue, smtp_server):
    readers = [subscriber(n) for n in range(3)]
    subscriber(9, language="en")
    url = f"/admin/newsletter/send/{issue.pk}/"
    explorer = admin_client.get(f"/admin/pages/{issue.get_parent().pk}/")
    assert url in explorer.content.decode()
    page = admin_client.get(url)
    assert page.status_code == 200
    admin_client.post(url, {"action": "test", "email": "editor@example.bg"})
    assert smtp_server.recipients == ["editor@example.bg"]
    # "Send to subscribers" first asks, with the number of subscribers per language.
    confirm = f"/admin/newsletter/send/{issue.pk}/confirm/"
    assert confirm in page.content.decode()
    asked = admin_client.get(confirm)
    assert asked.status_code == 200
    # The admin speaks Bulgarian to editors unless they chose otherwise.
    assert table_rows(asked) == [
        ["Български", "3", "Да"],
        [
            "Английски",
            "1",
            "Не: те получават броя на своя език, когато бъде изпратен преводът му.",
        ],
    ]
    assert "на 3 потвърдени абонати, избрали български." in asked.content.decode()
    assert len(smtp_server.recipients) == 1  # asking sends nothing
    admin_client.post(url, {"action": "send"})  # the task runs at once in the tests
    assert sorted(smtp_server.recipients[1:]) == sorted(r.email for r in readers)
    mailing = Mailing.objects.get()
    assert mailing.counts()["sent"] == 3 and mailing.status == "done"
    listing = admin_client.get("/admin/snippets/newsletter/mailing/").content.decode()
    assert issue.title in listing
    # A second "send" does not send again.
    admin_client.post(url, {"action": "send"})
    assert len(smtp_server.recipients) == 4


def table_rows(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in html.select("table.listing tbody tr")
    ]


def test_the_confirmation_counts_thousands_of_subscribers_per_language(admin_client, issue):
    for status, count in (("confirmed", 1234), ("pending", 5)):
        Subscriber.objects.bulk_create(
            Subscriber(email=f"{status}{n}@example.bg", language="bg", status=status)
            for n in range(count)
        )
    asked = admin_client.get(f"/admin/newsletter/send/{issue.pk}/confirm/")
    assert [row[:2] for row in table_rows(asked)] == [
        ["Български", "1\xa0234"],
        ["Английски", "0"],
    ]
    assert "Да, изпрати на 1\xa0234 абоната" in asked.content.decode()


def test_a_confirmation_without_subscribers_offers_no_send_button(admin_client, issue):
    asked = admin_client.get(f"/admin/newsletter/send/{issue.pk}/confirm/").content.decode()
    assert "Все още няма потвърден абонат, избрал български" in asked
    assert 'value="send"' not in asked


def test_the_status_page_explains_what_resume_does(admin_client, issue):
    subscriber(1)
    start_mailing(issue)  # started, nothing sent yet (as after a worker stopped)
    page = admin_client.get(f"/admin/newsletter/send/{issue.pk}/").content.decode()
    assert "Продължаване на изпращането" in page
    assert "Никой не получава броя два пъти." in page
    assert "прекъснато преди поне 10 минути" in page
    # Once a mailing exists, the confirmation leads back to its status.
    confirm = admin_client.get(f"/admin/newsletter/send/{issue.pk}/confirm/")
    assert confirm.status_code == 302


def test_admin_exports_and_erases_a_subscriber(admin_client, issue, smtp_server):
    reader = subscriber(1)
    reader.record("confirmed", "page")
    deliver(start_mailing(issue).pk)
    listing = admin_client.get("/admin/snippets/newsletter/subscriber/").content.decode()
    assert f"/admin/newsletter/subscribers/{reader.pk}/export/" in listing
    exported = admin_client.get(f"/admin/newsletter/subscribers/{reader.pk}/export/").json()
    assert exported["subscriber"]["email"] == reader.email
    assert exported["consent_records"][0]["wording_version"]
    assert exported["deliveries"][0]["status"] == "sent"
    admin_client.post(f"/admin/newsletter/subscribers/{reader.pk}/erase/")
    assert not Subscriber.objects.exists()
    delivery = Delivery.objects.get()
    assert delivery.subscriber is None and delivery.status == "sent"


def test_editors_without_publish_rights_cannot_send(client, issue, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert client.get(f"/admin/newsletter/send/{issue.pk}/").status_code in (302, 403)


def test_privacy_command_exports_and_erases(issue, capsys):
    reader = subscriber(1, email="anna@example.bg")
    reader.record("requested", "footer")
    call_command("newsletter_privacy", "export", "ANNA@example.BG")
    data = json.loads(capsys.readouterr().out)
    assert data["subscriber"]["name"] == reader.name
    assert data["consent_records"][0]["source"] == "footer"
    call_command("newsletter_privacy", "erase", "anna@example.bg")
    assert not Subscriber.objects.exists()
