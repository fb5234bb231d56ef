"""A certificate prints on one A4 sheet in Chromium, in landscape and in portrait."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

# The training tests' fixtures: a module with lessons and a trainee.
from tests.training.conftest import module, trainee, training_index  # noqa: F401
from training.models import Certificate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_a_certificate_prints_on_one_a4_page_in_either_orientation(
    browser,
    live_server,
    trainee,  # noqa: F811
    module,  # noqa: F811
):
    certificate = Certificate.issue(trainee, module, 90)[0]
    client = Client()
    client.force_login(trainee)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("training:certificate", args=[certificate.code]))
    assert page.locator("h1").inner_text() == "Удостоверение за завършено обучение"
    pages = {
        orientation: pages_in(page.pdf(format="A4", landscape=landscape))
        for orientation, landscape in (("landscape", True), ("portrait", False))
    }
    context.close()
    assert pages == {"landscape": 1, "portrait": 1}
