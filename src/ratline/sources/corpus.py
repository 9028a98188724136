"""JSON-lines corpora: one document per line, text and metadata already separated."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ratline.model import Failure, RawItem
from ratline.sources.limits import SourceLimits, human_size

TEXT_KEYS = ("text", "body", "content")
DATE_KEYS = ("date", "published", "published_at", "pubdate")
META_KEYS = ("title", "url", "id", "author", "site", "language")
# Where a record names the page it came from. Some corpora give the public URL together
# with a pointer to the snapshot it was taken from ("https://… ; github:owner/repo@…").
URL_KEYS = ("url", "url_or_origin", "source_url", "link")
# A comma or semicolon may sit inside a URL ("Washington,_D.C."), not at its end.
_WEB_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def iter_corpus(fh: IO[bytes], origin: str, limits: SourceLimits) -> Iterator[RawItem | Failure]:
    """Yield one RawItem per good line and one Failure per bad line; origins are `origin#N`."""
    for lineno, line in _bounded_lines(fh, limits.max_item_bytes):
        where = f"{origin}#{lineno}"
        if line is None:
            yield Failure(
                where,
                f"line {lineno} is longer than the {human_size(limits.max_item_bytes)} limit",
                "source",
            )
            continue
        if not line.strip():
            continue
        yield _record(line, lineno, where)


def _record(line: bytes, lineno: int, where: str) -> RawItem | Failure:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Failure(where, f"line {lineno} is not UTF-8 (byte {exc.start})", "source")
    except json.JSONDecodeError as exc:
        return Failure(
            where, f"line {lineno} is not valid JSON: {exc.msg} at column {exc.colno}", "source"
        )
    if not isinstance(record, dict):
        return Failure(
            where, f"line {lineno} is a JSON {type(record).__name__}, not an object", "source"
        )
    text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str)), None)
    if text is None or not text.strip():
        return Failure(where, f"line {lineno} has no text (expected a 'text' field)", "source")
    meta: dict[str, Any] = {k: record[k] for k in META_KEYS if record.get(k) not in (None, "")}
    date = next((record[k] for k in DATE_KEYS if record.get(k) not in (None, "")), None)
    if date is not None:
        meta["date"] = date
    meta["line"] = lineno
    return RawItem(
        origin=where,
        filename="",
        media_type="text/plain",
        url=_source_url(record),
        text=text,
        meta=meta,
    )


def _source_url(record: dict[str, Any]) -> str | None:
    """The first web address the record gives for its source; None when it names none (a
    snapshot pointer alone is no page a reader can open)."""
    for key in URL_KEYS:
        value = record.get(key)
        found = _WEB_URL.search(value) if isinstance(value, str) else None
        if found:
            return found.group(0).rstrip(";,")
    return None


def _bounded_lines(fh: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """Lines as bytes, or None for a line over `cap`, whose rest is skipped unread into memory."""
    lineno = 0
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        lineno += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1024 * 1024)
            yield lineno, None
        else:
            yield lineno, line
