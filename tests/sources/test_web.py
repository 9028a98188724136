"""URL sources: address checks, redirects, size caps, timeouts, and clear failure reasons."""

from __future__ import annotations

import ipaddress
import socket
import time

import pytest
from httpsite import Site

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, iter_items, web


def one(spec: str, **kwargs: object) -> RawItem | Failure:
    items = list(iter_items(spec, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_page_is_fetched_with_a_ratline_user_agent(site: Site) -> None:
    url = site.add(
        "/page.html",
        b"<html><body><p>Hello</p></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    item = one(url, allow_private=True)
    assert isinstance(item, RawItem)
    assert item.origin == url and item.url == url
    assert item.media_type == "text/html"
    assert item.meta.get("charset") == "utf-8"
    assert b"Hello" in item.data
    assert site.seen[0][1]["user-agent"].startswith("ratline/")


def test_loopback_address_is_refused_without_the_flag(site: Site) -> None:
    url = site.add("/page", b"secret")
    item = one(url)
    assert isinstance(item, Failure)
    assert item.stage == "source"
    assert "refused to fetch" in item.reason and "loopback address 127.0.0.1" in item.reason
    assert site.seen == []  # refused before any connection


def test_hostname_resolving_to_loopback_is_refused() -> None:
    item = one("http://localhost:9/")
    assert isinstance(item, Failure)
    assert "localhost resolves to loopback address" in item.reason


@pytest.mark.parametrize(
    "address, word",
    [
        ("10.1.2.3", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:192.168.0.1", "private"),
        ("100.64.0.1", "non-public"),
        ("240.0.0.1", "reserved"),
    ],
)
def test_non_public_addresses_are_named(address: str, word: str) -> None:
    assert web.address_refusal(ipaddress.ip_address(address)) == word


def test_public_address_is_allowed() -> None:
    assert web.address_refusal(ipaddress.ip_address("93.184.216.34")) is None


def test_connection_refused_is_a_failure() -> None:
    item = one("http://127.0.0.1:9/", allow_private=True)
    assert isinstance(item, Failure)
    assert item.reason == "could not connect to 127.0.0.1:9: connection refused"


def test_redirect_limit(site: Site) -> None:
    site.add("/loop", status=302, headers={"Location": "/loop"})
    item = one(site.url("/loop"), allow_private=True, limits=SourceLimits(max_redirects=3))
    assert isinstance(item, Failure)
    assert item.reason == "too many redirects (more than 3)"
    assert len(site.seen) == 4


def test_redirects_are_followed_to_the_final_page(site: Site) -> None:
    site.add("/old", status=301, headers={"Location": "/new"})
    site.add("/new", b"moved here", headers={"Content-Type": "text/plain"})
    item = one(site.url("/old"), allow_private=True)
    assert isinstance(item, RawItem)
    assert item.data == b"moved here" and item.url == site.url("/new")


def test_every_redirect_hop_is_checked_again(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # Treat loopback as public for this test, so only the redirect target is judged.
    def only_ten(ip: web.IPAddress) -> str | None:
        return "private" if ip in ipaddress.ip_network("10.0.0.0/8") else None

    monkeypatch.setattr(web, "address_refusal", only_ten)
    site.add("/hop", status=302, headers={"Location": "http://10.9.9.9/internal"})
    item = one(site.url("/hop"))
    assert isinstance(item, Failure)
    assert "private address 10.9.9.9" in item.reason


def test_declared_size_over_the_cap_is_refused(site: Site) -> None:
    url = site.add("/big", b"x" * 200_000)
    item = one(url, allow_private=True, limits=SourceLimits(max_item_bytes=100_000))
    assert isinstance(item, Failure)
    assert "over the" in item.reason and "limit" in item.reason


def test_streamed_size_over_the_cap_stops_the_download(site: Site) -> None:
    # No Content-Length: the cap must hold while streaming.
    url = site.add("/stream", b"y" * 300_000, headers={"X-No-Length": "1", "Connection": "close"})
    item = one(url, allow_private=True, limits=SourceLimits(max_item_bytes=100_000))
    assert isinstance(item, Failure)
    assert "response exceeds the" in item.reason and "download stopped" in item.reason


def test_http_error_status_is_a_failure(site: Site) -> None:
    item = one(site.url("/missing"), allow_private=True)
    assert isinstance(item, Failure)
    assert item.reason.startswith("HTTP 404")


def test_slow_server_times_out(site: Site) -> None:
    def slow(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.0)
        return 200, {}, b"late"

    url = site.add_handler("/slow", slow)
    item = one(url, allow_private=True, limits=SourceLimits(read_timeout_s=0.2))
    assert isinstance(item, Failure)
    assert item.reason.startswith("timed out reading from 127.0.0.1")


def test_non_http_scheme_in_redirect_is_refused(site: Site) -> None:
    site.add("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
    item = one(site.url("/to-file"), allow_private=True)
    assert isinstance(item, Failure)
    assert "only http and https URLs are fetched" in item.reason


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hermetic: no DNS server is asked.
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    item = one("http://no-such-host.invalid/")
    assert isinstance(item, Failure)
    assert "could not resolve host 'no-such-host.invalid'" in item.reason
