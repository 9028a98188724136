"""What every reader shares: the error type, the size limit, and how items are sniffed."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Protocol

from ratline.model import RawItem, ReadResult

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

# Magic numbers for formats no reader takes, so they get a clear refusal rather than
# being decoded as text by the fallback reader.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
    (b"\xca\xfe\xba\xbe", "application/java-vm"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"RIFF", "application/octet-stream"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\x1f\x8b", "application/gzip"),
    (b"BZh", "application/x-bzip2"),
    (b"\xfd7zXZ\x00", "application/x-xz"),
    (b"Rar!", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage"),
    (b"{\\rtf", "application/rtf"),
    (b"SQLite format 3", "application/vnd.sqlite3"),
)


class ReadError(Exception):
    """An item could not be read; the message is shown to the analyst as the reason."""


class Reader(Protocol):
    """A reader module: how sure it is about an item, and how to read it."""

    def score(self, item: RawItem) -> float: ...

    def read(self, item: RawItem) -> ReadResult: ...


def extension(item: RawItem) -> str:
    name = item.filename or item.origin.rsplit("!", 1)[-1]
    return PurePosixPath(name).suffix.lower()


def declared_type(item: RawItem) -> str | None:
    if not item.media_type:
        return None
    return item.media_type.split(";")[0].strip().lower() or None


def head(item: RawItem, size: int = 2048) -> bytes:
    return item.data[:size]


def binary_magic(item: RawItem) -> str | None:
    """The media type of a known non-document format, from its first bytes."""
    start = item.data[:16]
    for magic, media_type in BINARY_MAGIC:
        if start.startswith(magic):
            return media_type
    return None


def type_score(
    item: RawItem, media_types: frozenset[str], extensions: frozenset[str], weight: float = 0.6
) -> float:
    """`weight` when the extension or declared media type names this reader's format."""
    if extension(item) in extensions or declared_type(item) in media_types:
        return weight
    return 0.0
