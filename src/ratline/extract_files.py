"""`ratline extract` over files: read each document, extract its incidents, no store involved.

Files reach the extractor through the sources stage, as `ratline ingest` reads them: a
folder's links that lead outside it are refused, an oversized file is a failure rather
than a read into memory, and an archive or JSON-lines corpus yields one object per
document inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ratline import settings
from ratline.model import Failure, RawItem
from ratline.sources.files import iter_files
from ratline.sources.kinds import TAR_SUFFIXES, ZIP_SUFFIXES
from ratline.sources.limits import SourceLimits

log = logging.getLogger(__name__)


def document_id(origin: str, item: RawItem | None = None) -> str:
    """The id a document gets in the interchange format: a file's name without its
    extension (so gold sets keyed by file name line up), a corpus record's own `id`, or
    the corpus file's name and line number (`corpus#17`) when the record has none."""
    if item is not None and item.meta.get("id") not in (None, ""):
        return str(item.meta["id"])
    if item is not None and item.filename:
        return PurePosixPath(item.filename).stem
    rest, hash_, line = origin.rpartition("#")
    if hash_ and line.isdigit():
        return f"{_stem(rest)}#{line}"
    return _stem(origin)


def _stem(origin: str) -> str:
    # An archive member is named after the archive (`reports.zip!2019/case.txt`); a "!"
    # in a plain file's own name is part of that name.
    archive, bang, member = origin.rpartition("!")
    if bang and archive.lower().endswith(ZIP_SUFFIXES + TAR_SUFFIXES):
        origin = member
    return PurePosixPath(origin.replace("\\", "/")).stem


def extract_paths(paths: list[Path], *, keep_victim_names: bool = False,
                  limits: SourceLimits | None = None) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per document, in the interchange format; a document that
    cannot be read or extracted gives an object with `error` and no incidents."""
    limits = limits or SourceLimits()
    key = b"" if keep_victim_names else settings.pseudonym_key()
    for path in paths:
        for item in iter_files(str(path), limits):
            if isinstance(item, Failure):
                yield {"id": document_id(item.origin), "path": item.origin, "relevant": False,
                       "incidents": [], "error": item.reason}
            else:
                yield _extract_item(item, keep_victim_names, key)


def _extract_item(item: RawItem, keep_victim_names: bool, key: bytes) -> dict[str, Any]:
    from ratline.extract import extract_text
    from ratline.masking import protect_extraction
    from ratline.readers import ReadError, read

    doc_id = document_id(item.origin, item)
    base: dict[str, Any] = {"id": doc_id, "path": item.origin}
    try:
        result = read(item)
        extraction = extract_text(result.text, doc_id=doc_id, published=result.published,
                                  keep_victim_names=keep_victim_names, pseudonym_key=key)
    except (ReadError, OSError) as exc:
        return {**base, "relevant": False, "incidents": [], "error": str(exc)}
    except Exception as exc:  # one bad document must not end the batch
        log.exception("extraction failed on %s", item.origin)
        return {**base, "relevant": False, "incidents": [],
                "error": f"extraction error: {type(exc).__name__}: {exc}"}
    protect_extraction(extraction, result.text)
    return extraction.to_json(item.origin)
