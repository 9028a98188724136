"""Domain types shared by every stage: raw items, documents, statements, failures."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

# What kind of text a document is (decided by `ratline.extract.learned`, kept as the
# document statement `kind`): a concrete `case`, a text about trafficking without one
# (`policy`), or a text not about trafficking (`negative`).
DOCUMENT_KINDS = ("case", "policy", "negative")

# How much of a document's date its source gave: a coarse date is stored as the first
# day of its month or year and shown only as precisely as it was given.
DatePrecision = Literal["day", "month", "year"]
DATE_PRECISIONS: tuple[DatePrecision, ...] = ("day", "month", "year")


def show_date(published: date | None, precision: str | None) -> str | None:
    """A stored date as people read it: "2019", "2019-05" or "2019-05-14" (a date stored
    before precisions were kept is a whole day)."""
    if published is None:
        return None
    if precision == "year":
        return f"{published.year:04d}"
    if precision == "month":
        return f"{published.year:04d}-{published.month:02d}"
    return published.isoformat()

@dataclass
class RawItem:
    """Bytes (or already-decoded text) from a source, before a reader turns them into text.

    `origin` names where it came from in a way a person can follow back: a file path,
    `archive.zip!member.txt`, a URL, or `corpus.jsonl#17`.
    """

    origin: str
    data: bytes = b""
    filename: str = ""
    media_type: str | None = None
    url: str | None = None
    # A JSON-lines corpus record arrives as text with its metadata already parsed.
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReadResult:
    """What a reader makes of a raw item."""

    text: str
    media_type: str
    title: str | None = None
    published: date | None = None
    published_precision: DatePrecision | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    # Attachments (e-mail) come back as further raw items to read.
    attachments: list[RawItem] = field(default_factory=list)


@dataclass
class Document:
    id: str
    text: str
    source: str
    media_type: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    language: str | None = None
    author: str | None = None
    site: str | None = None
    size: int = 0
    published_precision: DatePrecision | None = None


@dataclass
class Failure:
    """A source item that could not become a document, with a reason a person can act on."""

    origin: str
    reason: str
    stage: str = "read"


STATUSES = ("machine", "accepted", "rejected", "edited")


@dataclass
class Statement:
    """One fact with provenance: subject, property, value, and the span of text it came from."""

    subject: str
    prop: str
    value: str
    document_id: str
    start: int | None
    end: int | None
    extractor: str
    extractor_version: str
    confidence: float = 1.0
    status: str = "machine"
    reviewer: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = statement_id(self.subject, self.prop, self.value, self.document_id, self.start, self.end)


def statement_id(
    subject: str, prop: str, value: str, document_id: str, start: int | None, end: int | None
) -> str:
    """Content-derived id: the same fact from the same span is the same statement."""
    key = json.dumps([subject, prop, value, document_id, start, end], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
