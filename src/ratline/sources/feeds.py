"""RSS and Atom feeds: each entry becomes an item, from its own full content or its page."""

from __future__ import annotations

import io
from collections.abc import Iterator
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
    # A stream, not bytes or a string: given a string, feedparser may fetch it as a URL.
    parsed = feedparser.parse(
        io.BytesIO(response.content), response_headers={"content-location": response.url}
    )
    entries = list(parsed.get("entries", []))
    if not entries and parsed.get("bozo"):
        yield Failure(
            response.url, f"feed could not be parsed: {parsed.get('bozo_exception')}", "source"
        )
        return
    for index, entry in enumerate(entries[: limits.max_feed_entries], start=1):
        yield _entry_item(entry, index, response.url, allow_private, limits)
    if len(entries) > limits.max_feed_entries:
        yield Failure(
            response.url,
            f"feed has {len(entries)} entries; only the first {limits.max_feed_entries} were read",
            "source",
        )
    remember(state, key, response)


def _entry_item(
    entry: Any, index: int, feed_url: str, allow_private: bool, limits: SourceLimits
) -> RawItem | Failure:
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
    if link:
        try:
            page = web.fetch(link, allow_private=allow_private, limits=limits)
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
    return Failure(origin, "feed entry has no content and no link", "source")
