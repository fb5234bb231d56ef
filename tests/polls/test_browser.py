"""The poll script in a real Chromium: it votes through the API without leaving the page,
shows the results as a chart, and on the next visit shows that the visitor has voted."""

import shutil

import pytest

from polls.models import PollVote
from tests.factories import make_poll

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium"),
]


def test_vote_with_javascript(live_server, bg_locale):
    from playwright.sync_api import sync_playwright

    make_poll(bg_locale)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/bg/")
        page.get_by_label("Не", exact=True).check()
        with page.expect_response(lambda r: r.url.endswith("/vote/")) as response:
            page.get_by_role("button", name="Гласувайте").click()
        assert response.value.status == 201
        page.wait_for_selector(".poll-results figcaption")
        assert page.url == f"{live_server.url}/bg/"
        assert "Благодарим ви, гласът ви е отчетен." in page.inner_text(".poll")
        assert page.locator(".poll__form").is_hidden()

        page.goto(f"{live_server.url}/bg/")
        page.wait_for_selector(".poll-results figcaption")
        assert page.locator(".poll__voted").is_visible()
        assert page.locator(".poll__form").is_hidden()
        browser.close()
    assert errors == []
    assert PollVote.objects.count() == 1
