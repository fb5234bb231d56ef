"""A real SMTP server on 127.0.0.1 (aiosmtpd) whose behaviour the tests can turn: refuse
with 421 after N messages, drop the connection, reject a recipient with 550 or 450, refuse
a login."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Mailbox:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.refuse_after = None  # accept this many, then 421 ...
        self.refusals = 0  # ... this many times
        self.drop_after = None  # accept this many, then drop the connection once
        self.reject = set()  # recipients answered with 550
        self.busy = set()  # recipients answered with 450 (a full mailbox)
        self.password = None  # when the portal logs in: the one accepted, else 535
        self.on_data = None  # called with the count before accepting (e.g. to kill a worker)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 No such user"
        if address in self.busy:
            return "450 4.2.2 Mailbox full, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            count = len(self.messages)
            if self.on_data and self.on_data(count) is False:
                return "451 4.3.0 Not now"
            if self.refuse_after is not None and count >= self.refuse_after and self.refusals:
                self.refusals -= 1
                return "421 4.7.0 Too many messages, try later"
            if self.drop_after is not None and count >= self.drop_after:
                self.drop_after = None
                server.transport.close()
                return "421 4.4.2 Connection dropped"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.password.decode() == self.password, handled=False)

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]

    @property
    def recipients(self):
        return [r for rcpts, _ in self.messages for r in rcpts]


@pytest.fixture
def smtp_server(settings):
    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
