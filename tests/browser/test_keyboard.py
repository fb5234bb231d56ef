"""Keyboard-only use: the skip link, the quick exit (button and Esc twice) and the menus.
The quick exit must replace the portal page in the history, so Back does not return to it."""

import pytest

from .conftest import NeutralSite
from .pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser

HOME = PUBLIC_PAGES[0]
CONTENT = PUBLIC_PAGES[1]


def focused(page, expression="el => el"):
    return page.evaluate(f"({expression})(document.activeElement)")


def tab_to(page, selector, limit=40):
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_skip_link_follows_the_quick_exit_and_moves_focus_to_the_content(page, live_portal):
    """The quick exit comes first; the skip link right after its "Browsing safely" help."""
    page.goto(live_portal + CONTENT.bg)
    stops = []
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(focused(page, "el => el.className"))
    assert stops == ["quick-exit__button", "", "skip-link"]
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert focused(page, "el => el.id") == "main"


def test_focus_is_visible_on_every_stop(page, live_portal):
    page.goto(live_portal + HOME.en)
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = focused(page, "el => getComputedStyle(el).outlineStyle")
        assert outline != "none", focused(page, "el => el.outerHTML")


def start_from_neutral_site(page, neutral_site, live_portal, path):
    """The visitor arrives from another site, so Back has somewhere to go."""
    page.goto(neutral_site + "/before")
    page.goto(live_portal + path)
    return page.evaluate("history.length")


def assert_left_for_good(page, neutral_site, live_portal, history_length):
    page.wait_for_url(neutral_site + "/")
    assert NeutralSite.referrers[-1] is None, "the neutral site learnt where the visitor was"
    assert page.evaluate("history.length") == history_length, "the portal page stayed in history"
    page.go_back()
    assert page.url == neutral_site + "/before"
    assert not page.url.startswith(live_portal)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_quick_exit_with_tab_and_enter(page, live_portal, neutral_site, language):
    history_length = start_from_neutral_site(
        page, neutral_site, live_portal, CONTENT.path(language)
    )
    tab_to(page, "[data-quick-exit-link]")
    page.keyboard.press("Enter")
    assert_left_for_good(page, neutral_site, live_portal, history_length)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_quick_exit_with_escape_twice(page, live_portal, neutral_site, language):
    history_length = start_from_neutral_site(page, neutral_site, live_portal, HOME.path(language))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert_left_for_good(page, neutral_site, live_portal, history_length)


def test_one_escape_does_not_leave(page, live_portal):
    page.goto(live_portal + HOME.bg)
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == live_portal + HOME.bg


def test_quick_exit_works_without_javascript(page_without_js, live_portal, neutral_site):
    page_without_js.goto(live_portal + HOME.bg)
    page_without_js.locator("[data-quick-exit-link]").click()
    page_without_js.wait_for_url(neutral_site + "/")


def test_quick_exit_help_opens_with_the_keyboard(page, live_portal):
    page.goto(live_portal + HOME.en)
    tab_to(page, ".quick-exit__help summary")
    page.keyboard.press("Enter")
    assert page.locator(".quick-exit__help").evaluate("el => el.open")
    assert page.locator(".quick-exit__help p").first.is_visible()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_main_menu_and_language_switcher_work_with_the_keyboard(page, live_portal, language):
    page.goto(live_portal + HOME.path(language))
    tab_to(page, f".main-menu a[href='{CONTENT.path(language)}']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_portal + CONTENT.path(language))
    assert page.locator(".main-menu a[aria-current=page]").get_attribute("href") == (
        CONTENT.path(language)
    )
    other = "en" if language == "bg" else "bg"
    tab_to(page, f".language-switcher a[hreflang={other}]")
    page.keyboard.press("Enter")
    page.wait_for_url(live_portal + CONTENT.path(other))
