"""RSS and Atom feeds: each entry becomes an item, from its own full content or its page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from ratline.model import Failure, RawItem
from ratline.sources import web
from ratline.sources.limits import SourceLimits
from ratline.sources.state import FeedState

FEED_MEDIA_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+xml",
    }
)
XML_MEDIA_TYPES = frozenset({"application/xml", "text/xml"})
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
# Saved feeds: read as feeds when their first bytes say so, else as ordinary documents.
FEED_SUFFIXES = (".rss", ".atom", ".xml")


def is_feed_file(name: str, head: bytes) -> bool:
    return name.lower().endswith(FEED_SUFFIXES) and looks_like_feed(None, head)


def looks_like_feed(media_type: str | None, body: bytes) -> bool:
    """By declared type, or by the root element of generic XML, since many servers say text/xml."""
    if media_type in FEED_MEDIA_TYPES:
        return True
    if media_type not in XML_MEDIA_TYPES and media_type not in (
        None,
        "text/plain",
        "application/octet-stream",
    ):
        return False
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return any(root in head for root in FEED_ROOTS)
    return head.startswith(FEED_ROOTS)


def conditional_headers(state: FeedState | None, url: str) -> dict[str, str]:
    etag, last_modified = state.get(url) if state is not None else (None, None)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def remember(state: FeedState | None, key: str, response: web.Response) -> None:
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    if state is not None and (etag or last_modified):
        state.set(key, etag, last_modified)


def iter_feed(
    key: str,
    response: web.Response,
    *,
    allow_private: bool,
    limits: SourceLimits,
    state: FeedState | None,
) -> Iterator[RawItem | Failure]:
    """Entries of an already fetched feed.

    Validators are saved under `key` (the feed URL as given) only after the last entry was
    handed on, so a run stopped half-way reads the whole feed again next time.
    """
    yield from _iter_entries(
        response.content, response.url, limits, pages=_Pages(allow_private, limits)
    )
    remember(state, key, response)


def iter_local_feed(data: bytes, origin: str, limits: SourceLimits) -> Iterator[RawItem | Failure]:
    """Entries of a feed saved as a file: read like a feed URL, but nothing is fetched, so an
    entry with neither content nor summary is a failure rather than a download."""
    yield from _iter_entries(data, origin, limits, pages=None)


@dataclass(frozen=True)
class _Pages:
    """How to fetch an entry's page when the feed carries only its link."""

    allow_private: bool
    limits: SourceLimits


def _iter_entries(
    data: bytes, feed_url: str, limits: SourceLimits, pages: _Pages | None
) -> Iterator[RawItem | Failure]:
    # A stream, not bytes or a string: given a string, feedparser may fetch it as a URL.
    headers = {"content-location": feed_url} if pages is not None else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = list(parsed.get("entries", []))
    if not entries and parsed.get("bozo"):
        yield Failure(feed_url, f"feed could not be parsed: {parsed.get('bozo_exception')}", "source")
        return
    for index, entry in enumerate(entries[: limits.max_feed_entries], start=1):
        yield _entry_item(entry, index, feed_url, pages)
    if len(entries) > limits.max_feed_entries:
        yield Failure(
            feed_url,
            f"feed has {len(entries)} entries; only the first {limits.max_feed_entries} were read",
            "source",
        )


def _entry_item(entry: Any, index: int, feed_url: str, pages: _Pages | None) -> RawItem | Failure:
    # feedparser falls back to the entry id for `link`; only a web address is a link.
    link = entry.get("link") or None
    if link is not None and not str(link).lower().startswith(("http://", "https://")):
        link = None
    origin = link or f"{feed_url}#entry-{index}"
    meta: dict[str, Any] = {"feed": feed_url}
    for key in ("title", "id", "author"):
        if entry.get(key):
            meta[key] = entry[key]
    date = entry.get("published") or entry.get("updated")
    if date:
        meta["date"] = date
    if link:
        meta["url"] = link
    # content:encoded / atom:content is the full text; a summary alone is not worth keeping
    # when the page it summarises can be fetched.
    content = next((c for c in entry.get("content", []) if (c.get("value") or "").strip()), None)
    if content is not None:
        return RawItem(
            origin=origin,
            data=content["value"].encode("utf-8"),
            media_type=content.get("type") or "text/html",
            url=link,
            meta=meta,
        )
    if link and pages is not None:
        try:
            page = web.fetch(link, allow_private=pages.allow_private, limits=pages.limits)
        except web.FetchError as exc:
            return Failure(origin, str(exc), "source")
        return RawItem(
            origin=origin,
            data=page.content,
            media_type=page.media_type,
            url=page.url,
            meta={**page.meta, **meta},
        )
    summary = entry.get("summary") or ""
    if summary.strip():
        return RawItem(
            origin=origin, data=summary.encode("utf-8"), media_type="text/html", meta=meta
        )
    if link:
        return Failure(
            origin, "feed entry has no content or summary, and a saved feed's links are not fetched",
            "source",
        )
    return Failure(origin, "feed entry has no content and no link", "source")
