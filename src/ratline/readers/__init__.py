"""Bytes -> text + metadata. Readers compete for an item; the most confident one reads it.

Each reader module says how sure it is about an item (`score`, from extension, declared
media type and magic bytes) and reads it (`read`). Adding a format is adding one module
to `READERS`.
"""

from __future__ import annotations

from ratline.model import RawItem, ReadResult
from ratline.readers import docx, email, html, markdown, pdf, record, text
from ratline.readers.base import MAX_DOCUMENT_BYTES, Reader, ReadError, binary_magic, declared_type
from ratline.readers.datelines import dateline_date
from ratline.readers.dates import parse_partial_date
from ratline.readers.text import normalise_text

__all__ = ["MAX_DOCUMENT_BYTES", "READERS", "ReadError", "normalise_text", "read"]

# Earlier entries win ties.
READERS: tuple[Reader, ...] = (record, pdf, docx, email, html, markdown, text)


def choose(item: RawItem) -> Reader | None:
    if item.text is not None:
        return record  # already text: no need to ask every reader (corpus ingest is hot)
    best: Reader | None = None
    best_score = 0.0
    for reader in READERS:
        score = reader.score(item)
        if score > best_score:
            best, best_score = reader, score
    return best


def read(item: RawItem) -> ReadResult:
    """Text and metadata of one item; raises ReadError with the reason when it cannot."""
    if item.text is None:
        if not item.data.strip():
            raise ReadError("empty document")
        if len(item.data) > MAX_DOCUMENT_BYTES:
            raise ReadError(f"document exceeds {MAX_DOCUMENT_BYTES // 2**20} MB limit")
    reader = choose(item)
    if reader is None:
        kind = binary_magic(item) or declared_type(item) or "application/octet-stream"
        raise ReadError(f"unsupported media type {kind}")
    result = reader.read(item)
    result.text = normalise_text(result.text)
    if not result.text.strip() and not result.attachments:
        raise ReadError("empty document: no text could be read")
    _fill_from_meta(result, item)
    if result.published is None:
        found = dateline_date(result.text)
        if found is not None:
            result.published, result.published_precision = found
    if result.published is not None and result.published_precision is None:
        result.published_precision = "day"  # readers that parse a date parse a whole day
    return result


def _fill_from_meta(result: ReadResult, item: RawItem) -> None:
    """Feed entries and corpus lines carry a title and date the document itself may lack."""
    meta = item.meta
    title = result.title or meta.get("title")
    result.title = (
        (" ".join(normalise_text(title).split()) or None) if isinstance(title, str) else None
    )
    if result.published is None:
        found = parse_partial_date(meta.get("date") or meta.get("published"))
        if found is not None:
            result.published, result.published_precision = found
    if result.author is None and isinstance(meta.get("author"), str):
        result.author = meta["author"].strip() or None
