"""Drafts, private pages and restricted documents stay hidden from anonymous callers;
editors write only with a bearer token, never with a session or anonymously."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.models import ContentPage

from .conftest import API, publish


@pytest.fixture
def hidden(bg_home):
    draft = bg_home.add_child(instance=ContentPage(title="Чернова", slug="chernova", live=False))
    draft.save_revision()
    by_password = publish(bg_home.add_child(instance=ContentPage(title="Парола", slug="parola")))
    PageViewRestriction.objects.create(
        page=by_password, restriction_type=PageViewRestriction.PASSWORD, password="tajna"
    )
    by_login = publish(bg_home.add_child(instance=ContentPage(title="Вход", slug="vhod")))
    PageViewRestriction.objects.create(page=by_login, restriction_type=PageViewRestriction.LOGIN)
    below_login = publish(by_login.add_child(instance=ContentPage(title="Под", slug="pod")))
    return [draft, by_password, by_login, below_login]


def test_hidden_pages_are_never_served_to_anonymous_callers(client, hidden):
    listed = client.get(f"{API}/pages/?limit=50").json()
    listed_ids = {item["id"] for item in listed["items"]}
    menu_ids = {item["id"] for item in client.get(f"{API}/site/").json()["menu"]}
    for page in hidden:
        assert page.pk not in listed_ids and page.pk not in menu_ids
        assert client.get(f"{API}/pages/{page.pk}/").status_code == 404
        assert client.get(f"{API}/pages/{page.pk}/translations/").status_code == 404
        assert client.get(f"{API}/site/find/?path={page.url}").status_code == 404
        assert client.get(f"{API}/pages/{page.pk}/?version=draft").status_code == 404


def test_a_session_does_not_open_private_pages(client, hidden, editor):
    client.force_login(editor)
    session = client.session
    restriction = PageViewRestriction.objects.get(page=hidden[1])
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    for page in hidden:
        assert client.get(f"{API}/pages/{page.pk}/").status_code == 404


def test_an_editors_token_reads_drafts(client, hidden, token):
    response = client.get(
        f"{API}/pages/{hidden[0].pk}/?version=draft", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and response.json()["title"] == "Чернова"


def test_documents_of_a_restricted_collection_stay_closed(client, db):
    private = Collection.get_first_root_node().add_child(name="Вътрешни")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document.objects.create(
        title="Вътрешен протокол",
        collection=private,
        file=ContentFile(b"internal", name="protocol.txt"),
    )
    public = Document.objects.create(
        title="Наръчник", file=ContentFile(b"public", name="handbook.txt")
    )
    response = client.get(document.url)
    assert response.status_code in {302, 401, 403}
    assert b"internal" not in b"".join(getattr(response, "streaming_content", [response.content]))
    listed = {item["id"] for item in client.get(f"{API}/documents/?limit=50").json()["items"]}
    assert public.pk in listed and document.pk not in listed
    assert client.get(f"{API}/documents/{document.pk}/").status_code == 404


def _create_body(parent):
    return json.dumps(
        {
            "meta": {"type": "portal.ContentPage", "parent_id": parent.pk},
            "title": "Нова страница",
            "slug": "nova",
        }
    )


def test_writes_need_a_bearer_token(client, bg_home, editor, token):
    anonymous = client.post(f"{API}/pages/", _create_body(bg_home), content_type="application/json")
    assert anonymous.status_code == 401
    client.force_login(editor)
    with_session = client.post(
        f"{API}/pages/", _create_body(bg_home), content_type="application/json"
    )
    assert with_session.status_code == 401
    client.logout()
    assert not ContentPage.objects.filter(slug="nova").exists()
    created = client.post(
        f"{API}/pages/",
        _create_body(bg_home),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.content
    page = ContentPage.objects.get(slug="nova")
    assert not page.live  # created as a draft: nothing public until an editor publishes it
    assert client.get(f"{API}/pages/{page.pk}/").status_code == 404


def test_a_revoked_token_is_refused(client, editor, bg_home):
    from wagtail.models import APIToken

    instance, plaintext = APIToken.create_token(user=editor, name="old")
    instance.revoke()
    response = client.post(
        f"{API}/pages/",
        _create_body(bg_home),
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 401
