"""Partner feeds are fetched from the public internet only: a feed URL (or a redirect) that
resolves to a loopback, private, link-local, cloud metadata or otherwise non-public address
is refused, so that an editor's feed URL cannot be used to reach the portal's own network.

The host is resolved once, every address it resolves to is checked, and the connection is
made to the checked address itself: a second lookup (DNS rebinding) cannot swap it.
settings.PARTNER_FEED_ALLOWED_NETWORKS lists networks that are fetched all the same (a
partner on the same private network; the tests' server on 127.0.0.1)."""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext


class RefusedAddress(OSError):
    """Raised while connecting, so urllib reports it like any other connection failure."""


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.PARTNER_FEED_ALLOWED_NETWORKS]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def is_fetchable(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return is_public(address) or any(ip in network for network in _allowed_networks())


def refusal(host: str, address: str) -> str:
    return gettext(
        "%(host)s resolves to %(address)s, an internal address; partner feeds are fetched "
        "from public addresses only."
    ) % {"host": host, "address": address}


def resolve(host: str, port: int) -> list[tuple]:
    """Every address of the host, or RefusedAddress when any of them is not fetchable."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"cannot resolve {host}: {error.strerror}") from error
    for *_, sockaddr in infos:
        if not is_fetchable(sockaddr[0]):
            raise RefusedAddress(refusal(host, sockaddr[0]))
    return infos


def check_url_host(host: str, port: int) -> str:
    """The editor-facing reason a feed host is refused, or "" (also when it does not resolve
    now: the fetcher reports that later, and it may be temporary)."""
    try:
        resolve(host, port)
    except RefusedAddress as error:
        return str(error)
    except OSError:
        return ""
    return ""


def _guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, to checked addresses only."""
    host, port = address
    last_error = None
    for family, kind, proto, _, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError(f"cannot connect to {host}")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


class _HTTPRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only; each hop connects through the guarded handlers."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, "redirect to a non-HTTP address", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener() -> urllib.request.OpenerDirector:
    """An opener that connects to fetchable addresses only, directly: a proxy from the
    environment would be the address checked instead of the partner's."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _GuardedHTTPHandler(),
        _GuardedHTTPSHandler(),
        _HTTPRedirectHandler(),
    )
