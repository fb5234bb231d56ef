"""The editors' admin works under its own Content Security Policy: an editor logs in, opens
the page editor and its live preview without any blocked script, style or frame."""

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def editor(live_portal, portal_env):
    env = {**portal_env, "DJANGO_SUPERUSER_PASSWORD": "editor-password-1"}
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--noinput"]
        + ["--username", "csp-editor", "--email", "editor@example.org"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return "csp-editor", "editor-password-1"


def sign_in(page, live_portal, editor):
    username, password = editor
    page.goto(live_portal + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(live_portal + "/admin/")


def user_bar_edit_url(page) -> str:
    """The page editor's address, from Wagtail's user bar on a public page."""
    return page.locator("wagtail-userbar").evaluate(
        "bar => bar.shadowRoot.querySelector('a[href*=\"/edit/\"]').href"
    )


def test_editor_works_in_the_admin_without_policy_violations(page, live_portal, editor):
    sign_in(page, live_portal, editor)
    assert page.recorder.errors == []
    # The public page shows the editor Wagtail's user bar, which leads to the page editor.
    page.goto(live_portal + "/bg/za-nas/")
    page.wait_for_load_state("networkidle")
    assert page.recorder.errors == []
    edit_url = user_bar_edit_url(page)
    page.goto(edit_url)
    page.wait_for_selector("form#page-edit-form")
    page.wait_for_load_state("networkidle")
    assert page.recorder.errors == []
    assert page.recorder.third_party(live_portal) == []


def test_the_live_preview_panel_shows_the_page(page, live_portal, editor):
    """The preview is framed by the admin (its own framing policy, not the public pages'
    `frame-ancestors 'none'`): the panel's iframe shows the page being edited."""
    sign_in(page, live_portal, editor)
    page.goto(live_portal + "/bg/za-nas/")
    edit_url = user_bar_edit_url(page)
    page.goto(edit_url)
    page.wait_for_selector("form#page-edit-form")
    title = page.input_value("#id_title")
    page.click('button[data-side-panel-toggle="preview"]')
    frame = page.frame_locator("#w-preview-iframe")
    heading = frame.locator("h1").first
    heading.wait_for(timeout=30000)
    assert title in heading.inner_text()
    assert not [error for error in page.recorder.errors if "frame-ancestors" in error]
