"""Reads zip and tar archives member by member, in memory, under size, ratio and depth caps.

Nothing is ever extracted to disk, so member names are only labels; names that would be
dangerous as paths are still refused, because an analyst may later save items by name.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol, cast

from ratline.model import Failure, RawItem
from ratline.sources import corpus
from ratline.sources.kinds import archive_kind, guess_media_type, is_corpus, is_junk
from ratline.sources.limits import SourceLimits, human_size

CHUNK = 64 * 1024


class _Reads(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


class _MemberRefused(Exception):
    """One member is unusable; the rest of the archive is still read."""


class _ArchiveStopped(Exception):
    """A cap for the whole archive tripped; nothing more is read from it."""


class _RatioStopped(Exception):
    """One archive (maybe nested) expands too steeply; the archives around it go on."""


@dataclass
class _Budget:
    """Shared by an archive and every archive nested in it."""

    limits: SourceLimits
    total: int = 0
    members: int = 0

    def count_member(self) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise _ArchiveStopped(
                f"archive holds more than {self.limits.max_members} members; the rest were skipped"
            )

    def check_skip(self, n: int) -> None:
        if self.total + n > self.limits.max_archive_total_bytes:
            raise _ArchiveStopped(
                f"archive expands to more than {human_size(self.limits.max_archive_total_bytes)}; "
                "the rest was skipped"
            )

    def spend(self, n: int) -> None:
        self.total += n
        if self.total > self.limits.max_archive_total_bytes:
            raise _ArchiveStopped(
                f"archive expands to more than {human_size(self.limits.max_archive_total_bytes)}; "
                "the rest was skipped"
            )


def iter_archive_file(
    path: Path, kind: str, origin: str, limits: SourceLimits
) -> Iterator[RawItem | Failure]:
    """Items inside the archive file at `path` ('zip' or 'tar'), streamed from disk."""
    budget = _Budget(limits)
    try:
        with path.open("rb") as fh:
            yield from _iter_kind(kind, fh, origin, 1, budget)
    except OSError as exc:
        yield Failure(origin, f"could not read archive: {exc.strerror or exc}", "source")


def iter_archive_bytes(
    data: bytes, name: str, origin: str, limits: SourceLimits
) -> Iterator[RawItem | Failure]:
    """Items inside an archive already in memory (a download, for instance)."""
    kind = archive_kind(name, data[:512], data) or "zip"
    yield from _iter_kind(kind, io.BytesIO(data), origin, 1, _Budget(limits))


def _iter_kind(
    kind: str, fh: IO[bytes], origin: str, depth: int, budget: _Budget
) -> Iterator[RawItem | Failure]:
    try:
        if kind == "tar":
            yield from _iter_tar(fh, origin, depth, budget)
        else:
            yield from _iter_zip(fh, origin, depth, budget)
    except _ArchiveStopped as exc:
        if depth > 1:
            raise
        yield Failure(origin, str(exc), "source")


def _iter_zip(
    fh: IO[bytes], origin: str, depth: int, budget: _Budget
) -> Iterator[RawItem | Failure]:
    limits = budget.limits
    counted = _CountingReader(fh)
    try:
        zf = zipfile.ZipFile(counted)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        yield Failure(origin, f"not a readable zip archive: {exc}", "source")
        return
    archive = _ArchiveRatio(limits)
    with zf:
        infos = zf.infolist()
        # The central directory is already in memory; refuse a huge listing before reading any.
        if len(infos) > limits.max_members:
            yield Failure(
                origin,
                f"archive lists {len(infos)} members, over the "
                f"{limits.max_members} limit; not opened",
                "source",
            )
            return
        for info in infos:
            if info.is_dir() or is_junk(info.filename):
                continue
            where = f"{origin}!{info.filename}"
            budget.count_member()
            try:
                _check_name(info.filename)
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise _MemberRefused("symbolic link member refused")
                if info.flag_bits & 0x1:
                    raise _MemberRefused("member is encrypted")
                if info.file_size > limits.max_item_bytes:
                    # Refused from the header alone; nothing of it is decompressed.
                    raise _MemberRefused(_too_big(limits))
                meter = _ZipMeter(budget, archive, counted)
                with zf.open(info) as member:
                    data = _read_capped(member, limits, meter.after_chunk)
                archive.accept(len(data), meter.consumed())
            except _MemberRefused as exc:
                yield Failure(where, str(exc), "source")
                continue
            except _RatioStopped as exc:
                yield Failure(origin, str(exc), "source")
                return
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                NotImplementedError,
                RuntimeError,
                ValueError,
                OSError,
            ) as exc:
                yield Failure(where, f"member is corrupt or unsupported: {exc}", "source")
                continue
            yield from _member_items(info.filename, data, where, depth, budget)


def _iter_tar(
    fh: IO[bytes], origin: str, depth: int, budget: _Budget
) -> Iterator[RawItem | Failure]:
    limits = budget.limits
    where = origin
    try:
        # We decompress ourselves and hand tarfile a plain stream, so that every byte
        # decompressed - read, or skipped past a refused member - is counted against the
        # archive's total and ratio caps.
        stream = _TarStream(fh, budget)
        with tarfile.open(fileobj=stream, mode="r|") as tf:
            for member in tf:
                where = origin
                if member.isdir() or is_junk(member.name):
                    continue
                where = f"{origin}!{member.name}"
                budget.count_member()
                try:
                    _check_name(member.name)
                    if member.issym() or member.islnk():
                        raise _MemberRefused(f"link member refused (points to {member.linkname!r})")
                    if not member.isfile():
                        raise _MemberRefused("special file member (device or pipe) refused")
                    if member.size > limits.max_item_bytes:
                        raise _MemberRefused(_too_big(limits))
                    extracted = tf.extractfile(member)
                    if extracted is None:
                        raise _MemberRefused("member has no readable content")
                    data = _read_capped(extracted, limits, lambda _n, _total: None)
                except _MemberRefused as exc:
                    yield Failure(where, str(exc), "source")
                    # Moving on means decompressing the refused member's data to reach the
                    # next header; when that alone would pass the archive's cap, stop here.
                    budget.check_skip(member.size)
                    continue
                yield from _member_items(member.name, data, where, depth, budget)
    except _RatioStopped as exc:
        yield Failure(where, str(exc), "source")
    except (tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError) as exc:
        yield Failure(origin, f"tar archive is truncated or corrupt: {exc}", "source")


def _member_items(
    name: str, data: bytes, where: str, depth: int, budget: _Budget
) -> Iterator[RawItem | Failure]:
    limits = budget.limits
    kind = archive_kind(name, data[:512], data)
    if kind is not None:
        if depth >= limits.max_archive_depth:
            yield Failure(
                where,
                f"archive nested deeper than {limits.max_archive_depth} levels; not opened",
                "source",
            )
            return
        yield from _iter_kind(kind, io.BytesIO(data), where, depth + 1, budget)
    elif is_corpus(name):
        yield from corpus.iter_corpus(io.BytesIO(data), where, limits)
    else:
        filename = PurePosixPath(name).name
        yield RawItem(
            origin=where, data=data, filename=filename, media_type=guess_media_type(filename)
        )


def _too_big(limits: SourceLimits) -> str:
    return f"member is larger than the {human_size(limits.max_item_bytes)} limit"


def _ratio_refusal(limits: SourceLimits, what: str) -> str:
    return f"compression ratio above {limits.max_compression_ratio:g}:1 (possible zip bomb); {what}"


@dataclass
class _ArchiveRatio:
    """Decompressed versus compressed bytes of the members accepted so far in one archive.

    Judged on the sum, so many small members that each compress steeply (each under the
    per-member grace) still add up to a refusal.
    """

    limits: SourceLimits
    produced: int = 0
    consumed: int = 0

    def accept(self, produced: int, consumed: int) -> None:
        self.produced += produced
        self.consumed += consumed

    def check(self, produced: int, consumed: int) -> None:
        total_out = self.produced + produced
        total_in = self.consumed + consumed
        if _too_steep(self.limits, total_out, total_in):
            raise _RatioStopped(_ratio_refusal(self.limits, "the rest of the archive was skipped"))


def _too_steep(limits: SourceLimits, produced: int, consumed: int) -> bool:
    return (
        produced > limits.ratio_grace_bytes
        and produced / max(consumed, 1) > limits.max_compression_ratio
    )


class _ZipMeter:
    """Judges one zip member as it is decompressed: by itself, then with the archive."""

    def __init__(self, budget: _Budget, archive: _ArchiveRatio, counted: _CountingReader) -> None:
        self.budget = budget
        self.archive = archive
        self.counted = counted
        self.start = counted.consumed

    def consumed(self) -> int:
        # Compressed bytes actually read for this member, never the header's claim.
        return self.counted.consumed - self.start

    def after_chunk(self, chunk: int, produced: int) -> None:
        self.budget.spend(chunk)
        consumed = self.consumed()
        if _too_steep(self.budget.limits, produced, consumed):
            raise _MemberRefused(_ratio_refusal(self.budget.limits, "member refused"))
        self.archive.check(produced, consumed)


def _read_capped(
    member: IO[bytes], limits: SourceLimits, after_chunk: Callable[[int, int], None]
) -> bytes:
    """Read a member in chunks, judging size (and, through `after_chunk`, ratio) on bytes
    actually produced. Header sizes are never trusted: a crafted header can claim anything.
    """
    out = bytearray()
    while True:
        chunk = member.read(CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        if len(out) > limits.max_item_bytes:
            raise _MemberRefused(_too_big(limits))
        after_chunk(len(chunk), len(out))


def _check_name(name: str) -> None:
    posix = name.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix):
        raise _MemberRefused(f"absolute member path {name!r} refused")
    if ".." in posix.split("/"):
        raise _MemberRefused(f"member path {name!r} climbs out of the archive ('..'); refused")
    if "\x00" in name:
        raise _MemberRefused("member name contains a NUL byte; refused")


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes read from an archive, for its compression ratio."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def read(self, size: int | None = -1) -> bytes:
        data = self.raw.read(-1 if size is None else size)
        self.consumed += len(data)
        return data


class _TarStream(io.RawIOBase):
    """A tar archive's bytes, decompressed here (gzip, bzip2, xz or none) and metered.

    Every byte that tarfile reads - a member's content or a refused member it skips -
    passes through `read`, so the total cap and the whole-stream ratio always hold.
    """

    def __init__(self, raw: IO[bytes], budget: _Budget) -> None:
        self.counted = _CountingReader(raw)
        self.budget = budget
        self.produced = 0
        magic = self.counted.raw.read(6)
        self.counted.consumed += len(magic)
        source = cast(IO[bytes], _Prefixed(magic, self.counted))
        self.compressed = True
        # The decompressor lives as long as this stream, which tarfile closes.
        self.inner: _Reads
        if magic.startswith(b"\x1f\x8b"):
            self.inner = gzip.GzipFile(fileobj=source, mode="rb")
        elif magic.startswith(b"BZh"):
            self.inner = bz2.BZ2File(source, mode="rb")
        elif magic.startswith(b"\xfd7zXZ\x00"):
            self.inner = lzma.LZMAFile(source, mode="rb")  # noqa: SIM115
        else:
            self.inner = source
            self.compressed = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self.inner.read(CHUNK if size is None or size < 0 else min(size, CHUNK))
        self.produced += len(data)
        self.budget.spend(len(data))
        if self.compressed and _too_steep(self.budget.limits, self.produced, self.counted.consumed):
            raise _RatioStopped(
                _ratio_refusal(self.budget.limits, "the rest of the archive was skipped")
            )
        return data


class _Prefixed(io.RawIOBase):
    """The bytes already taken to sniff the compression, then the rest of the stream."""

    def __init__(self, prefix: bytes, rest: _Reads) -> None:
        self.prefix = prefix
        self.rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            data, self.prefix = self.prefix + self.rest.read(), b""
            return data
        if self.prefix:
            data, self.prefix = self.prefix[:size], self.prefix[size:]
            return data
        return self.rest.read(size)
