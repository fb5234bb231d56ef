"""A real portal server (its own process, its own SQLite database with the demo content), a
local "neutral site" for the quick exit, and Debian's Chromium driven by Playwright, with
every request and console error of a page recorded."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from playwright.sync_api import sync_playwright

from tests.migrated_databases import sqlite_template

# Tests that build their data with the ORM and serve it from pytest-django's live_server
# call the ORM while the session's Playwright (which runs an event loop in this thread) is
# open; Django refuses that unless told the calls are synchronous, which they are.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NeutralSite(BaseHTTPRequestHandler):
    referrers = []

    def do_GET(self):
        if self.path == "/":
            self.referrers.append(self.headers.get("Referer"))
        body = b"<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def neutral_site():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), NeutralSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the portal server did not answer at {url}")


class Mailbox(Message):
    """Keeps every message the portal sends to the local SMTP server."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture(scope="session")
def mailbox():
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(scope="session")
def portal_env(tmp_path_factory, neutral_site, mailbox):
    work = tmp_path_factory.mktemp("portal")
    return {
        # The address the server will listen at: mails, calendars and the API's origin check
        # use it, as they use the public address in production.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{free_port()}",
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "QUICK_EXIT_URL": f"{neutral_site}/",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
    }


@pytest.fixture(scope="session")
def live_portal(portal_env):
    """The base URL of a running portal with the demo content, on a copy of the migrated
    template database (made by the same migrations with the same settings)."""
    manage = [sys.executable, "manage.py"]
    shutil.copyfile(sqlite_template(), portal_env["DATABASE_URL"].removeprefix("sqlite:///"))
    subprocess.run(
        manage + ["load_demo_content", "--no-admin"],
        cwd=ROOT,
        env=portal_env,
        check=True,
        capture_output=True,
    )
    base = portal_env["PUBLIC_BASE_URL"]
    process = subprocess.Popen(
        manage + ["runserver", base.removeprefix("http://"), "--noreload", "--insecure"],
        cwd=ROOT,
        env=portal_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/healthz", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class Recorder:
    """Every request a page makes and every error it logs (CSP violations are errors)."""

    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def console(self, message):
        # A 404 page logs its own status; failed subresources are caught by failed_loads().
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def failed_loads(self) -> list[str]:
        failed = []
        for request in self.requests:
            if request.resource_type == "document":
                continue
            response = request.response()
            if response is None or response.status >= 400:
                failed.append(request.url)
        return failed

    def third_party(self, base: str) -> list[str]:
        return [
            request.url
            for request in self.requests
            if not request.url.startswith((base + "/", "data:", "about:"))
        ]

    def transferred_bytes(self) -> int:
        total = 0
        for request in self.requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total


def open_page(browser, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    recorder = Recorder()
    page.on("request", lambda request: recorder.requests.append(request))
    page.on("console", recorder.console)
    page.on("pageerror", lambda error: recorder.errors.append(str(error)))
    page.recorder = recorder
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context, page = open_page(browser, java_script_enabled=False)
    yield page
    context.close()
