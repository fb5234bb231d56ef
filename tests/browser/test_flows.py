"""What visitors do, end to end in Chromium against the running portal: read the handbook
across languages, search, vote, subscribe through real mail, add an event to a calendar."""

import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from .pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser

PAGES = {public_page.kind: public_page for public_page in PUBLIC_PAGES}


def test_chapter_section_permalink_leads_to_the_same_section_in_the_other_language(
    page, live_portal
):
    chapter = PAGES["chapter"]
    page.goto(live_portal + chapter.bg)
    heading = page.locator("main h2.anchored-heading").nth(1)
    anchor = heading.get_attribute("id")
    bulgarian_heading = heading.inner_text()
    heading.locator("a.anchor-link").click()  # with the mouse: the heading must not take it
    assert page.url == f"{live_portal}{chapter.bg}#{anchor}"
    book = chapter.en.rstrip("/").rsplit("/", 1)[0]
    page.goto(f"{live_portal}{book}/section/{anchor}/")
    assert page.url == f"{live_portal}{chapter.en}#{anchor}"
    assert page.evaluate("document.documentElement.lang") == "en"
    english = page.locator(f"#{anchor}")
    assert english.evaluate("el => el.tagName") == "H2"
    assert english.is_visible()
    assert english.inner_text() != bulgarian_heading


def test_search_in_bulgarian_and_open_a_result(page, live_portal):
    page.goto(live_portal + "/bg/search/")
    page.locator("main input[name=q]").fill("Варна")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/bg/search/\?.*q="))
    first = page.locator(".search-result__title a").first
    title = first.inner_text()
    first.click()
    assert urlsplit(page.url).path.startswith("/bg/")
    assert page.locator("main h1").inner_text() == title
    assert page.recorder.errors == []


def stored_votes(portal_env) -> int:
    """The votes in the server's database (this poll's results are shown only to voters)."""
    database = portal_env["DATABASE_URL"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT COUNT(*) FROM polls_pollvote").fetchone()[0]


def test_vote_in_a_poll_with_javascript(page, live_portal, portal_env):
    page.goto(live_portal + PAGES["poll"].bg)
    before = stored_votes(portal_env)
    page.locator(".poll__choice input").first.check()
    with page.expect_response(lambda r: "/api/v3/polls/" in r.url) as response:
        page.locator(".poll__form button[type=submit]").click()
    assert response.value.status == 201
    assert page.url == live_portal + PAGES["poll"].bg, "the page was left"
    page.wait_for_selector(".poll-results figcaption")
    assert page.locator(".poll__form").is_hidden()
    assert stored_votes(portal_env) == before + 1
    assert page.recorder.errors == []


def test_vote_in_a_poll_without_javascript_with_the_keyboard(
    page_without_js, live_portal, portal_env
):
    page = page_without_js
    page.goto(live_portal + PAGES["poll"].en)
    before = stored_votes(portal_env)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.poll__choice input')"):
            break
    page.keyboard.press("Space")
    page.locator(".poll__form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(live_portal + PAGES["poll"].en) + ".*#poll-"))
    assert "Thank you, your vote has been counted." in page.inner_text("main")
    assert page.locator(".poll-results figcaption").is_visible()
    assert stored_votes(portal_env) == before + 1


def wait_for_mail(mailbox, recipient, count, seconds=15):
    """The count-th message to recipient."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        received = [m for m in mailbox.messages if recipient in m["To"]]
        if len(received) >= count:
            return received[count - 1]
        time.sleep(0.2)
    raise AssertionError(f"no mail reached {recipient}")


def plain_text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("the mail has no plain-text part")


def sign_up(page, live_portal, address):
    page.goto(live_portal + PAGES["newsletter signup"].bg)
    form = page.locator("main form.newsletter-form")
    form.get_by_label("Имейл").fill(address)
    with page.expect_navigation():
        form.get_by_role("button").click()
    assert urlsplit(page.url).path == "/bg/newsletter/thanks/"


def link_in_mail(mailbox, address, count, path):
    text = plain_text(wait_for_mail(mailbox, address, count))
    return next(link for link in re.findall(r"https?://\S+", text) if path in link)


def test_subscribe_confirm_by_mail_and_unsubscribe(page, live_portal, mailbox):
    address = "reader.flow@example.org"
    sign_up(page, live_portal, address)
    confirm = link_in_mail(mailbox, address, 1, "/newsletter/confirm/")
    assert confirm.startswith(live_portal + "/bg/newsletter/confirm/")

    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    page.goto(confirm)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("main h1").inner_text() == "Абонаментът е потвърден"

    # Asking again sends the subscriber's personal link instead of a second subscription.
    sign_up(page, live_portal, address)
    page.goto(link_in_mail(mailbox, address, 2, "/newsletter/unsubscribe/"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]", has_text="Отписване").click()
    assert page.locator("main form button", has_text="Абонирайте се отново").is_visible()
    assert page.recorder.third_party(live_portal) == []


def test_add_an_event_to_the_calendar(page, live_portal):
    page.goto(live_portal + PAGES["event"].bg)
    title = page.locator("main h1").inner_text()
    with page.expect_download() as download:
        page.locator("main a[download]").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [title]
