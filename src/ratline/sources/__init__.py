"""Where bytes come from: files, folders, archives, URLs, feeds, JSON-lines corpora.

`iter_items` is the one entry point. It never raises for a bad item: each problem becomes
a `Failure(stage="source")` with a reason a person can act on, and the run goes on.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import urlsplit

from ratline.model import Failure, RawItem
from ratline.sources import archives, corpus, feeds, files, web
from ratline.sources.kinds import archive_kind, guess_media_type, is_corpus
from ratline.sources.limits import SourceLimits
from ratline.sources.state import FeedState, JsonFileFeedState, MemoryFeedState

__all__ = [
    "FeedState",
    "is_missing_source",
    "JsonFileFeedState",
    "MemoryFeedState",
    "SourceLimits",
    "iter_items",
]


def iter_items(
    spec: str,
    *,
    allow_private: bool = False,
    limits: SourceLimits | None = None,
    state: FeedState | None = None,
) -> Iterator[RawItem | Failure]:
    """Raw items from a path, folder, glob, archive, JSON-lines corpus, URL or feed URL.

    `allow_private` permits URLs on loopback, private and other non-public addresses.
    `state` remembers feed validators so an unchanged feed yields nothing the next time.
    """
    limits = limits or SourceLimits()
    if urlsplit(spec).scheme.lower() in ("http", "https"):
        yield from _iter_url(spec, allow_private, limits, state)
    else:
        yield from files.iter_files(spec, limits)


def is_missing_source(failure: Failure, spec: str) -> bool:
    """Whether `failure` says the source `spec` itself does not exist (a typo, most likely),
    as opposed to a problem with one of its items."""
    return (
        failure.stage == "source"
        and failure.origin == spec
        and failure.reason in (files.NOT_FOUND, files.NO_MATCH)
    )


def _iter_url(
    url: str, allow_private: bool, limits: SourceLimits, state: FeedState | None
) -> Iterator[RawItem | Failure]:
    try:
        response = web.fetch(
            url,
            allow_private=allow_private,
            limits=limits,
            headers=feeds.conditional_headers(state, url),
        )
    except web.FetchError as exc:
        yield Failure(url, str(exc), "source")
        return
    if response.status == 304:
        return  # unchanged since the validators in `state` were saved
    name = urlsplit(response.url).path.rsplit("/", 1)[-1]
    if feeds.looks_like_feed(response.media_type, response.content):
        yield from feeds.iter_feed(
            url, response, allow_private=allow_private, limits=limits, state=state
        )
    elif archive_kind(name, response.content[:512], response.content):
        yield from archives.iter_archive_bytes(response.content, name, url, limits)
    elif is_corpus(name):
        yield from corpus.iter_corpus(io.BytesIO(response.content), url, limits)
    else:
        yield RawItem(
            origin=url,
            data=response.content,
            filename=name,
            media_type=response.media_type or guess_media_type(name),
            url=response.url,
            meta=response.meta,
        )
