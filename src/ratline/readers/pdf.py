"""PDF text with pypdf, under a page cap and a time budget; broken or locked files are refused."""

from __future__ import annotations

import io
import logging
import time

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from ratline.model import RawItem, ReadResult
from ratline.readers.base import ReadError, type_score

MEDIA_TYPES = frozenset({"application/pdf", "application/x-pdf"})
EXTENSIONS = frozenset({".pdf"})
MAX_PAGES = 2000
TIME_LIMIT_S = 120.0
# Writers may put a little junk after the last %%EOF; a truncated file has none at all.
EOF_WINDOW = 8192

log = logging.getLogger(__name__)


def score(item: RawItem) -> float:
    # The header may sit anywhere in the first kilobyte.
    if b"%PDF-" in item.data[:1024]:
        return 0.9
    return type_score(item, MEDIA_TYPES, EXTENSIONS, weight=0.6)


def read(item: RawItem) -> ReadResult:
    data = item.data
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF: no %PDF header")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReadError("PDF is truncated or corrupt: no end-of-file marker")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(reader)
        pages = reader.pages
        count = len(pages)
        texts = _page_texts(reader, count)
        info = reader.metadata
    except ReadError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        RecursionError,
        OSError,
        EOFError,
    ) as exc:
        # pypdf signals damage through many exception types; all mean the same to an analyst.
        raise ReadError(f"PDF is truncated or corrupt: {exc or type(exc).__name__}") from exc
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise ReadError(f"PDF has no text layer ({count} pages; scanned pages need OCR)")
    title = _meta(info, "title")
    return ReadResult(
        text=text, media_type="application/pdf", title=title, author=_meta(info, "author")
    )


def _unlock(reader: PdfReader) -> None:
    # Many PDFs are encrypted only to restrict printing or copying, with an empty user
    # password; those open. A real password is never guessed.
    try:
        ok = reader.decrypt("")
    except (FileNotDecryptedError, NotImplementedError, PdfReadError, DependencyError) as exc:
        raise ReadError(f"PDF is encrypted and cannot be opened: {exc}") from exc
    if not ok:
        raise ReadError("PDF is encrypted and needs a password")


def _page_texts(reader: PdfReader, count: int) -> list[str]:
    deadline = time.monotonic() + TIME_LIMIT_S
    if count > MAX_PAGES:
        log.warning("PDF has %d pages; reading the first %d", count, MAX_PAGES)
    texts = []
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        # Checked between pages: one pathological page can still overrun the budget.
        if time.monotonic() > deadline:
            raise ReadError(
                f"PDF text extraction took longer than {TIME_LIMIT_S:g} s "
                f"(stopped at page {number} of {count})"
            )
        texts.append(page.extract_text() or "")
    return texts


def _meta(info: object, name: str) -> str | None:
    value = getattr(info, name, None) if info is not None else None
    return (value.strip() or None) if isinstance(value, str) else None
