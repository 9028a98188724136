"""Fetches one URL safely: public addresses only, bounded redirects, size and time caps.

Every hop is resolved and checked, then the connection is pinned to the checked address,
so a DNS answer that changes between the check and the connect cannot redirect us inward.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from ratline import __version__
from ratline.sources.limits import SourceLimits, human_size

USER_AGENT = f"ratline/{__version__} (document reader for trafficking research)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A URL could not be fetched; the message says why in words a person can act on."""


@dataclass
class Response:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def media_type(self) -> str | None:
        value = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return value or None

    @property
    def meta(self) -> dict[str, str]:
        """What readers need from the headers: the declared charset, if any."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return {"charset": value.strip().strip('"').lower()}
        return {}


def address_refusal(ip: IPAddress) -> str | None:
    """Why an address must not be fetched from, or None when it is a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, word in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return word
    return None if ip.is_global else "non-public"


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"could not resolve host {host!r}: {exc}") from exc
    seen: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if ip not in seen:
            seen.append(ip)
    if not seen:
        raise FetchError(f"could not resolve host {host!r}")
    return seen


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    limits: SourceLimits | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """GET `url`, following redirects by hand so each hop's address is checked again.

    Returns 2xx and 304 responses; raises FetchError for anything else.
    """
    limits = limits or SourceLimits()
    timeout = httpx.Timeout(limits.read_timeout_s, connect=limits.connect_timeout_s)
    current = url
    with httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        # Proxies from the environment would make the address check meaningless.
        trust_env=False,
        # No reuse: a pooled connection could carry another host's TLS name.
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": USER_AGENT},
    ) as client:
        for _hop in range(limits.max_redirects + 1):
            response = _get_once(client, current, allow_private, limits, headers or {})
            if response.status in REDIRECT_CODES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location header")
                current = urljoin(current, location)
                continue
            return response
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


def _get_once(
    client: httpx.Client,
    url: str,
    allow_private: bool,
    limits: SourceLimits,
    headers: Mapping[str, str],
) -> Response:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parsed.scheme or 'none'}")
    host = parsed.host
    if not host:
        raise FetchError("URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not allow_private:
        for ip in addresses:
            why = address_refusal(ip)
            if why:
                raise FetchError(
                    f"refused to fetch {url}: {host} resolves to {why} address {ip} "
                    "(allow private addresses to permit this)"
                )
    pinned = parsed.copy_with(host=str(addresses[0]))
    request_headers = {**headers, "Host": parsed.netloc.decode("ascii")}
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    try:
        with client.stream("GET", pinned, headers=request_headers, extensions=extensions) as resp:
            if resp.status_code in REDIRECT_CODES or resp.status_code == 304:
                return Response(url, resp.status_code, resp.headers, b"")
            if resp.status_code >= 400 or resp.status_code < 200:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase} from {url}")
            return Response(url, resp.status_code, resp.headers, _read_body(resp, limits))
    except httpx.ConnectTimeout as exc:
        raise FetchError(
            f"timed out connecting to {host} after {limits.connect_timeout_s:g} s"
        ) from exc
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"timed out reading from {host} (limit {limits.read_timeout_s:g} s)"
        ) from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"could not connect to {host}:{port}: {_plain(exc)}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url} failed: {_plain(exc)}") from exc


def _read_body(resp: httpx.Response, limits: SourceLimits) -> bytes:
    cap = limits.max_item_bytes
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(
            f"response is {human_size(int(declared))}, over the {human_size(cap)} limit"
        )
    body = bytearray()
    # Decoded bytes are counted, so a gzip-encoded bomb trips the same cap.
    for chunk in resp.iter_bytes():
        body += chunk
        if len(body) > cap:
            raise FetchError(f"response exceeds the {human_size(cap)} limit; download stopped")
    return bytes(body)


def _plain(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "connection refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "host not found"
    return text
