"""Word (.docx) text with python-docx, after every XML part passed a defusedxml check.

python-docx already parses with entity resolution off; the pre-check refuses any DTD or
entity declaration outright, so a package built to probe for XXE never reaches a parser
that might honour it.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ratline.model import RawItem, ReadResult
from ratline.readers.base import MAX_DOCUMENT_BYTES, ReadError, type_score

MEDIA_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
EXTENSIONS = frozenset({".docx", ".docm"})
# zipfile never inflates a member past the size its header declares (it stops and fails
# the CRC check), so header sizes bound memory here.
MAX_PART_BYTES = MAX_DOCUMENT_BYTES
MAX_PACKAGE_BYTES = 4 * MAX_DOCUMENT_BYTES
MAX_PARTS = 2000


def score(item: RawItem) -> float:
    if item.data.startswith(b"PK\x03\x04") and _has_document_part(item.data):
        return 0.9
    return type_score(item, MEDIA_TYPES, EXTENSIONS, weight=0.6)


def read(item: RawItem) -> ReadResult:
    try:
        package = zipfile.ZipFile(io.BytesIO(item.data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(
            f"DOCX is truncated or corrupt: not a readable zip package ({exc})"
        ) from exc
    with package:
        _check_package(package)
    try:
        document = docx.Document(io.BytesIO(item.data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError(f"DOCX is truncated or corrupt: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise many types on broken packages
        raise ReadError(f"DOCX is truncated or corrupt: {type(exc).__name__}: {exc}") from exc
    blocks: list[str] = []
    heading: str | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            style = (block.style.name if block.style is not None else "") or ""
            if heading is None and text and style.startswith(("Heading", "Title")):
                heading = text
            blocks.append(text)
        elif isinstance(block, Table):
            blocks.extend(_table_rows(block))
    props = document.core_properties
    return ReadResult(
        text="\n\n".join(b for b in blocks if b),
        media_type=next(iter(MEDIA_TYPES)),
        title=(props.title or "").strip() or heading,
        author=(props.author or "").strip() or None,
        language=(props.language or "").strip() or None,
    )


def _check_package(package: zipfile.ZipFile) -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise ReadError(f"DOCX has {len(infos)} parts, over the {MAX_PARTS} limit")
    if sum(i.file_size for i in infos) > MAX_PACKAGE_BYTES:
        raise ReadError(f"DOCX expands to more than {MAX_PACKAGE_BYTES // 2**20} MB")
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise ReadError(f"DOCX part {info.filename} exceeds {MAX_PART_BYTES // 2**20} MB")
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            raw = package.read(info)
            safe_fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise ReadError(
                f"DOCX part {info.filename} declares a DTD or entities; refused "
                f"(possible external-entity attack: {type(exc).__name__})"
            ) from exc
        except ParseError as exc:
            raise ReadError(
                f"DOCX is truncated or corrupt: part {info.filename} is not well-formed XML ({exc})"
            ) from exc
        except (
            zipfile.BadZipFile,
            zlib.error,  # a damaged deflate stream inside an intact zip directory
            NotImplementedError,  # a compression method zipfile does not know
            RuntimeError,  # an encrypted part
            OSError,
            EOFError,
            ValueError,
        ) as exc:
            raise ReadError(f"DOCX is truncated or corrupt: part {info.filename}: {exc}") from exc


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells]
        # Merged cells repeat their text in every grid position they span.
        deduped = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
        if deduped:
            rows.append(" | ".join(deduped))
    return rows


def _has_document_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
