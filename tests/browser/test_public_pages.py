"""Every public page type, in both languages, in a real Chromium: nothing from other sites,
no errors (a CSP violation is one), no WCAG 2.2 AA or best-practice violation found by axe-core, a working
language switch and a small weight."""

from pathlib import Path

import axe_playwright_python
import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from axe_playwright_python.sync_playwright import Axe

from .pages import LANGUAGES, PAGE_WEIGHT_BUDGET, PUBLIC_PAGES

pytestmark = pytest.mark.browser

# WCAG 2.2 AA and axe's best practices (unique landmark names, all content in landmarks...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CASES = [
    pytest.param(public_page, language, id=f"{public_page.kind}-{language}")
    for public_page in PUBLIC_PAGES
    for language in LANGUAGES
]


def visit(page, live_portal, public_page, language):
    response = page.goto(live_portal + public_page.path(language), wait_until="load")
    assert response.status == public_page.status
    return response


@pytest.mark.parametrize(("public_page", "language"), CASES)
def test_no_third_party_request_no_error_and_no_axe_violation(
    page, live_portal, public_page, language
):
    visit(page, live_portal, public_page, language)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    assert page.recorder.third_party(live_portal) == []
    assert page.recorder.errors == []
    assert page.recorder.failed_loads() == []
    assert page.evaluate("document.documentElement.lang") == language


def test_axe_comes_from_the_installed_package():
    """axe-core is injected from the package's own file, never fetched from a CDN."""
    assert AXE_FILE_PATH.parent == Path(axe_playwright_python.__file__).parent
    assert AXE_FILE_PATH.read_text().startswith("/*! axe v4.")


@pytest.mark.parametrize(
    "public_page", [p for p in PUBLIC_PAGES if p.translated], ids=lambda p: p.kind
)
def test_language_switch_leads_to_the_translation(page, live_portal, public_page):
    for source, target in (("bg", "en"), ("en", "bg")):
        visit(page, live_portal, public_page, source)
        page.locator(f".language-switcher a[hreflang={target}]").click()
        page.wait_for_url(live_portal + public_page.switched(source, target))
        assert page.evaluate("document.documentElement.lang") == target


@pytest.mark.parametrize(("public_page", "language"), CASES)
def test_page_weight(page, live_portal, public_page, language, capsys):
    visit(page, live_portal, public_page, language)
    page.wait_for_load_state("networkidle")
    weight = page.recorder.transferred_bytes()
    with capsys.disabled():
        print(f"\n  page weight {public_page.kind} ({language}): {weight} bytes transferred")
    assert weight < PAGE_WEIGHT_BUDGET


@pytest.mark.parametrize(("public_page", "language"), CASES)
def test_pages_work_without_javascript(page_without_js, live_portal, public_page, language):
    visit(page_without_js, live_portal, public_page, language)
    assert page_without_js.locator("main h1").count() == 1
    assert page_without_js.locator("[data-quick-exit-link]").is_visible()
    assert page_without_js.recorder.third_party(live_portal) == []


@pytest.mark.parametrize(("public_page", "language"), CASES)
def test_content_reflows_at_320_css_pixels(browser, live_portal, public_page, language):
    """WCAG 1.4.10: no horizontal scrolling of the page at 320 px (tables scroll inside)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        visit(page, live_portal, public_page, language)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
