"""The restriction matrix: for every surface in surfaces.SURFACES, every kind of content and
every way of hiding it (login, password, groups, draft, expired), in both languages, an
anonymous visitor's whole response holds no trace of the hidden items' text, while the
public items next to them show."""

import io

import pytest
from django.urls import URLResolver, get_resolver
from pypdf import PdfReader
from wagtail.api.v3.api import api
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from .surfaces import NOT_CONTENT, SURFACES
from .world import LANGUAGES, PUBLIC, SECRET, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo_content):
    return build_world()


def responses(client, surface, w, world):
    """(label, text) of everything the surface gives an anonymous visitor."""
    if surface.render is not None:
        return [(f"{surface.name} ({w.language})", text) for text in surface.render(w, world)]
    found = []
    for path in surface.paths(w, world):
        response = client.get(path, follow=True)
        # 503: a PDF edition being rendered ("try again shortly"); no other server error.
        assert response.status_code < 500 or response.status_code == 503, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type") == "application/pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        else:
            text = body.decode("utf-8", "replace")
        found.append((path, text))
    return found


def problems(surface, answers, w):
    """What an anonymous visitor should not have got, and whether the public item showed."""
    hidden_urls = {page.url for page in w.hidden.values()}
    public_urls = {page.url for page in w.public.values()}
    leaks = [label for label, text in answers if SECRET in text]
    if surface.check_urls:
        leaks += [
            f"{label} (address {url})"
            for label, text in answers
            for url in hidden_urls
            if f'{url}"' in text or f"{url}<" in text
        ]
    shown = any(
        PUBLIC in text or (surface.check_urls and any(url in text for url in public_urls))
        for _label, text in answers
    )
    return leaks, shown


def test_no_hidden_text_reaches_an_anonymous_visitor_on_any_surface(client, world):
    """One test for both languages: building the world is the slow part."""
    leaks, empty = [], []
    for language in LANGUAGES:
        w = world.languages[language]
        for surface in SURFACES:
            found, shown = problems(surface, responses(client, surface, w, world), w)
            leaks += [f"{surface.name} [{language}]: {label}" for label in found]
            if surface.shows_public and not shown:
                empty.append(f"{surface.name} [{language}]")
    assert not leaks, "hidden text shown on:\n" + "\n".join(leaks)
    assert not empty, "the public item is missing on:\n" + "\n".join(empty)


def _url_names(resolver, namespace="", prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _url_names(pattern, inner, route)
        elif pattern.name:
            yield route, namespace + pattern.name


def registered() -> set[str]:
    """Every URL name outside the admin and the API, every route of a routable page type,
    every page type and every GET operation of the API."""
    keys = {
        f"url:{name}"
        for route, name in _url_names(get_resolver())
        if not route.startswith(("admin/", "api/")) and "static" not in route
    }
    for model in get_page_models():
        if model is Page:
            continue
        keys.add(f"page:{model._meta.label}")
        if issubclass(model, RoutablePageMixin):
            keys |= {f"route:{model._meta.label}:{p.name}" for p in model.get_subpage_urls()}
    schema = api.get_openapi_schema()
    for operations in schema["paths"].values():
        if "get" in operations:
            keys.add(f"api:{operations['get']['operationId']}")
    return keys


def test_every_registered_surface_is_in_the_matrix_or_explained():
    covered = {key for surface in SURFACES for key in surface.covers}
    known = registered()
    missing = known - covered - set(NOT_CONTENT)
    assert not missing, f"add these to tests/privacy/surfaces.py SURFACES: {sorted(missing)}"
    stale = set(NOT_CONTENT) - known
    assert not stale, f"NOT_CONTENT names what no longer exists: {sorted(stale)}"
    assert not covered & set(NOT_CONTENT)
