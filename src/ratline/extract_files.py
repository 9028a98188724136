"""`ratline extract` over files: read each file, extract its incidents, no store involved."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ratline import settings
from ratline.model import RawItem

log = logging.getLogger(__name__)


def expand(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def extract_paths(paths: list[Path], *, keep_victim_names: bool = False) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per file, in the interchange format; a file that cannot be
    read or extracted gives an object with `error` and no incidents."""
    from ratline.extract import extract_text
    from ratline.masking import protect_extraction
    from ratline.readers import ReadError, read

    key = b"" if keep_victim_names else settings.pseudonym_key()
    for path in expand(paths):
        base: dict[str, Any] = {"id": path.stem, "path": str(path)}
        try:
            result = read(RawItem(origin=str(path), data=path.read_bytes(), filename=path.name))
            extraction = extract_text(result.text, doc_id=path.stem, published=result.published,
                                      keep_victim_names=keep_victim_names, pseudonym_key=key)
        except (ReadError, OSError) as exc:
            yield {**base, "relevant": False, "incidents": [], "error": str(exc)}
            continue
        except Exception as exc:  # one bad document must not end the batch
            log.exception("extraction failed on %s", path)
            yield {**base, "relevant": False, "incidents": [],
                   "error": f"extraction error: {type(exc).__name__}: {exc}"}
            continue
        protect_extraction(extraction, result.text)
        yield extraction.to_json(str(path))
