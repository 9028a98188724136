"""Fetches one URL safely: public addresses only, bounded redirects, size and time caps.

Every hop is resolved and checked, then the connection is pinned to the checked address,
so a DNS answer that changes between the check and the connect cannot redirect us inward.
The body is read raw and its Content-Encoding undone by `encodings`, which counts every
layer's output against the size cap; the whole download runs against one deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from ratline import __version__
from ratline.sources import encodings
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
    deadline = time.monotonic() + limits.download_deadline_s
    current = url
    with httpx.Client(
        follow_redirects=False,
        # Proxies from the environment would make the address check meaningless.
        trust_env=False,
        # No reuse: a pooled connection could carry another host's TLS name.
        limits=httpx.Limits(max_keepalive_connections=0),
        # Only encodings `encodings` can undo while counting their output.
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    ) as client:
        for _hop in range(limits.max_redirects + 1):
            response = _get_once(client, current, allow_private, limits, headers or {}, deadline)
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
    deadline: float,
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
    # No single wait may outlast what is left of the deadline, so a silent server is cut
    # off at the deadline rather than one read timeout after it.
    left = _time_left(deadline, limits)
    timeout = httpx.Timeout(
        min(limits.read_timeout_s, left), connect=min(limits.connect_timeout_s, left)
    )
    try:
        with client.stream(
            "GET", pinned, headers=request_headers, extensions=extensions, timeout=timeout
        ) as resp:
            if resp.status_code in REDIRECT_CODES or resp.status_code == 304:
                return Response(url, resp.status_code, resp.headers, b"")
            if resp.status_code >= 400 or resp.status_code < 200:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase} from {url}")
            body = _read_body(resp, limits, deadline)
            return Response(url, resp.status_code, resp.headers, body)
    except httpx.ConnectTimeout as exc:
        raise FetchError(
            f"timed out connecting to {host} after {limits.connect_timeout_s:g} s"
        ) from exc
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline - 0.05:
            raise FetchError(_deadline_message(limits)) from exc
        raise FetchError(
            f"timed out reading from {host} (limit {limits.read_timeout_s:g} s)"
        ) from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"could not connect to {host}:{port}: {_plain(exc)}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url} failed: {_plain(exc)}") from exc


def _read_body(resp: httpx.Response, limits: SourceLimits, deadline: float) -> bytes:
    cap = limits.max_item_bytes
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(
            f"response is {human_size(int(declared))}, over the {human_size(cap)} limit"
        )
    body = bytearray()
    try:
        layers = encodings.layers(resp.headers.get("content-encoding", ""))
        # Raw bytes, decoded here layer by layer: every layer's output is counted.
        for chunk in encodings.decode(_before(deadline, resp.iter_raw(), limits), layers, cap):
            body += chunk
            if len(body) > cap:
                raise FetchError(f"response exceeds the {human_size(cap)} limit; download stopped")
    except encodings.EncodingError as exc:
        raise FetchError(str(exc)) from exc
    return bytes(body)


def _before(deadline: float, chunks: Iterator[bytes], limits: SourceLimits) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk
        if time.monotonic() > deadline:
            raise FetchError(_deadline_message(limits))


def _time_left(deadline: float, limits: SourceLimits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_deadline_message(limits))
    return left


def _deadline_message(limits: SourceLimits) -> str:
    return f"download took longer than the {limits.download_deadline_s:g} s deadline; stopped"


def _plain(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "connection refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "host not found"
    return text
