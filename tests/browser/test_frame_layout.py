"""The frame of every page in a real Chromium at the widths people use: the quick exit never
lies over text (bounding boxes of every text line compared with its own), it is the first
stop of the keyboard, and the header offers search without JavaScript."""

import pytest

from .pages import LANGUAGES, PUBLIC_PAGES

pytestmark = pytest.mark.browser

# (width, height) in CSS pixels; 640 x 450 is a 1280 x 900 window zoomed to 200 %.
VIEWPORTS = {
    "320": (320, 640),
    "768": (768, 1024),
    "1024": (1024, 768),
    "1280": (1280, 900),
    "1280 at 200%": (640, 450),
}
KINDS = ["home", "chapter", "article", "event", "search results", "not found"]
PAGES = [p for p in PUBLIC_PAGES if p.kind in KINDS]

# Every line of visible text whose box meets the quick exit's box (its own text aside).
TEXT_UNDER_QUICK_EXIT = """() => {
  const exit = document.querySelector(".quick-exit").getBoundingClientRect();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const covered = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest(".quick-exit, .visually-hidden")) continue;
    if (element.closest(".skip-link") && document.activeElement !== element) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.width && box.height && box.left < exit.right && box.right > exit.left
          && box.top < exit.bottom && box.bottom > exit.top) {
        covered.push(node.textContent.trim().slice(0, 60));
      }
    }
  }
  return covered;
}"""


def open_at(browser, live_portal, viewport, path):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_portal + path)
    return context, page


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    ("public_page", "language"),
    [pytest.param(p, lang, id=f"{p.kind}-{lang}") for p in PAGES for lang in LANGUAGES],
)
def test_the_quick_exit_covers_no_text(browser, live_portal, viewport, public_page, language):
    context, page = open_at(browser, live_portal, viewport, public_page.path(language))
    try:
        assert page.locator("[data-quick-exit-link]").is_visible()
        width = VIEWPORTS[viewport][0]
        for part in ("[data-quick-exit-link]", ".quick-exit__help summary"):
            box = page.locator(part).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{part} is cut off"
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
        assert page.evaluate(TEXT_UNDER_QUICK_EXIT) == []
        page.locator(".quick-exit__help summary").click()  # "Browsing safely" opens in the flow
        assert page.locator(".quick-exit__help p").first.is_visible()
        assert page.evaluate(TEXT_UNDER_QUICK_EXIT) == []
        page.locator(".quick-exit__help summary").click()
        # Scrolled down, the quick exit is still at hand wherever the screen is tall enough.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        box = page.locator("[data-quick-exit-link]").bounding_box()
        if VIEWPORTS[viewport][1] >= 640:
            assert 0 <= box["y"] < VIEWPORTS[viewport][1]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_linked_section_scrolls_clear_of_the_quick_exit(browser, live_portal, viewport):
    chapter = next(p for p in PUBLIC_PAGES if p.kind == "chapter")
    context, page = open_at(browser, live_portal, viewport, chapter.path("en"))
    try:
        headings = page.locator("main h2[id]")
        target = headings.nth(headings.count() - 1)
        page.goto(f"{live_portal}{chapter.path('en')}#{target.get_attribute('id')}")
        exit_box = page.locator(".quick-exit").bounding_box()
        assert target.bounding_box()["y"] >= exit_box["y"] + exit_box["height"]
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quick_exit_is_the_first_stop_and_inside_a_landmark(page, live_portal, language):
    page.goto(f"{live_portal}/{language}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-quick-exit-link]')")
    assert page.evaluate(
        "document.activeElement.closest('aside[aria-label], header, nav, main, footer') !== null"
    )


@pytest.mark.parametrize("viewport", ["320", "1280"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_from_the_header_without_javascript(browser, live_portal, viewport, language):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        article = next(p for p in PUBLIC_PAGES if p.kind == "article")
        page.goto(live_portal + article.path(language))
        field = page.locator("header form[role=search] input[name=q]")
        assert field.is_visible()
        field.fill("трафик" if language == "bg" else "trafficking")
        page.locator("header form[role=search] button[type=submit]").click()
        page.wait_for_url(f"{live_portal}/{language}/search/?q=*")
        assert page.locator("main ol.search-results > li").count() > 0
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_menu_folds_behind_a_button(browser, live_portal, language):
    """With JavaScript the menu opens from a "Menu" button at 320 px, so the page's own
    heading is on the first screen; without it, and on wide screens, the menu is open."""
    chapter = next(p for p in PUBLIC_PAGES if p.kind == "chapter")
    context, page = open_at(browser, live_portal, "320", chapter.path(language))
    try:
        toggle = page.locator(".main-menu__toggle")
        links = page.locator("#main-menu-list a")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible()
        assert page.locator("main h1").bounding_box()["y"] < VIEWPORTS["320"][1]
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert links.first.is_visible()
    finally:
        context.close()
    for viewport, scripts in (("1280", True), ("320", False)):
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=scripts
        )
        try:
            page = context.new_page()
            page.goto(live_portal + chapter.path(language))
            assert page.locator("#main-menu-list a").first.is_visible()
            assert not page.locator(".main-menu__toggle").is_visible()
        finally:
            context.close()
