"""A certificate prints on one A4 sheet in Chromium, in landscape and in portrait."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from training.models import Certificate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_a_certificate_prints_on_one_a4_page_in_either_orientation(live_server, trainee, module):
    from playwright.sync_api import sync_playwright

    certificate = Certificate.issue(trainee, module, 90)[0]
    client = Client()
    client.force_login(trainee)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
        browser.close()
    assert pages == {"landscape": 1, "portrait": 1}
