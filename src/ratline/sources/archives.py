"""Reads zip and tar archives member by member, in memory, under size, ratio and depth caps.

Nothing is ever extracted to disk, so member names are only labels; names that would be
dangerous as paths are still refused, because an analyst may later save items by name.
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from ratline.model import Failure, RawItem
from ratline.sources import corpus
from ratline.sources.kinds import archive_kind, guess_media_type, is_corpus, is_junk
from ratline.sources.limits import SourceLimits, human_size

CHUNK = 64 * 1024


class _MemberRefused(Exception):
    """One member is unusable; the rest of the archive is still read."""


class _ArchiveStopped(Exception):
    """A cap for the whole archive tripped; nothing more is read from it."""


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
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        yield Failure(origin, f"not a readable zip archive: {exc}", "source")
        return
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
                with zf.open(info) as member:
                    data = _read_capped(member, budget, _Ratio(info.compress_size))
            except _MemberRefused as exc:
                yield Failure(where, str(exc), "source")
                continue
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
    counted = _CountingReader(fh)
    ratio = _Ratio(0, counted)
    try:
        # Stream mode reads the archive once, front to back, without seeking back to headers.
        with tarfile.open(fileobj=counted, mode="r|*") as tf:
            for member in tf:
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
                    extracted = tf.extractfile(member)
                    if extracted is None:
                        raise _MemberRefused("member has no readable content")
                    data = _read_capped(extracted, budget, ratio)
                except _MemberRefused as exc:
                    yield Failure(where, str(exc), "source")
                    continue
                yield from _member_items(member.name, data, where, depth, budget)
    except (tarfile.TarError, zlib.error, EOFError, OSError, ValueError) as exc:
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


@dataclass
class _Ratio:
    """Bytes in versus bytes out for one zip member, or for a whole tar stream.

    A tar is compressed as one stream, so its ratio is judged across all its members.
    """

    compressed: int
    stream: _CountingReader | None = None
    produced: int = 0

    def value(self) -> float:
        consumed = self.stream.consumed if self.stream is not None else self.compressed
        return self.produced / max(consumed, 1)


def _read_capped(member: IO[bytes], budget: _Budget, ratio: _Ratio) -> bytes:
    """Read a member in chunks, judging size and ratio on bytes actually produced.

    Header sizes are never trusted: a crafted header can claim anything.
    """
    limits = budget.limits
    out = bytearray()
    while True:
        chunk = member.read(CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        ratio.produced += len(chunk)
        budget.spend(len(chunk))
        if len(out) > limits.max_item_bytes:
            raise _MemberRefused(
                f"member is larger than the {human_size(limits.max_item_bytes)} limit"
            )
        if (
            ratio.produced > limits.ratio_grace_bytes
            and ratio.value() > limits.max_compression_ratio
        ):
            raise _MemberRefused(
                f"compression ratio above {limits.max_compression_ratio:g}:1 "
                "(possible zip bomb); member refused"
            )


def _check_name(name: str) -> None:
    posix = name.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix):
        raise _MemberRefused(f"absolute member path {name!r} refused")
    if ".." in posix.split("/"):
        raise _MemberRefused(f"member path {name!r} climbs out of the archive ('..'); refused")
    if "\x00" in name:
        raise _MemberRefused("member name contains a NUL byte; refused")


class _CountingReader(io.RawIOBase):
    """Counts compressed bytes handed to tarfile, for the whole-stream compression ratio."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        return data
