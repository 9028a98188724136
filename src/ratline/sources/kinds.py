"""Decides what a named blob is for the sources stage: an archive, a corpus, or a document."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from pathlib import PurePosixPath

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)
CORPUS_SUFFIXES = (".jsonl", ".ndjson")
# Office and e-book formats are zip files too, but they are documents for a reader.
ZIP_DOCUMENT_SUFFIXES = (
    ".docx",
    ".docm",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".epub",
    ".jar",
    ".apk",
)
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Icon\r", "__MACOSX"})


def is_junk(name: str) -> bool:
    """Hidden files and operating-system clutter, never worth a Failure."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any((p.startswith(".") and p not in (".", "..")) or p in JUNK_NAMES for p in parts)


def archive_kind(name: str, head: bytes = b"", data: bytes | None = None) -> str | None:
    """'zip', 'tar' or None. Extensions decide first; magic bytes decide for unnamed blobs."""
    lower = name.lower()
    if lower.endswith(ZIP_DOCUMENT_SUFFIXES):
        return None
    if lower.endswith(ZIP_SUFFIXES):
        return "zip"
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    if head.startswith(b"PK\x03\x04") and data is not None and not _is_office_package(data):
        return "zip"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    return None


def is_corpus(name: str) -> bool:
    return name.lower().endswith(CORPUS_SUFFIXES)


def guess_media_type(name: str) -> str | None:
    media_type, _ = mimetypes.guess_type(name, strict=False)
    return media_type


def _is_office_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names or "mimetype" in names
