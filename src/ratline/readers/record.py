"""Corpus records that arrive with text already decoded: passed through with their metadata."""

from __future__ import annotations

from ratline.model import RawItem, ReadResult
from ratline.readers.dates import parse_partial_date


def score(item: RawItem) -> float:
    return 1.0 if item.text is not None else 0.0


def read(item: RawItem) -> ReadResult:
    meta = item.meta
    # A date the record gives but that names no day, month or year is missing: the
    # record still reads.
    found = parse_partial_date(meta.get("date") or meta.get("published"))
    return ReadResult(
        text=item.text or "",
        media_type=item.media_type or "text/plain",
        title=_str(meta.get("title")),
        published=found[0] if found else None,
        published_precision=found[1] if found else None,
        author=_str(meta.get("author")),
        site=_str(meta.get("site")),
        language=_str(meta.get("language")),
    )


def _str(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
