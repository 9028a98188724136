"""Local files, folders (recursive) and glob patterns, in a stable sorted order."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ratline.model import Failure, RawItem
from ratline.sources import archives, corpus
from ratline.sources.kinds import archive_kind, guess_media_type, is_corpus, is_junk
from ratline.sources.limits import SourceLimits, human_size

GLOB_CHARS = frozenset("*?[")


def is_glob(spec: str) -> bool:
    return any(c in GLOB_CHARS for c in spec) and not Path(spec).exists()


def iter_files(spec: str, limits: SourceLimits) -> Iterator[RawItem | Failure]:
    """Items from a file, a folder or a glob; a missing path is one Failure, not an error."""
    for path in _paths(spec):
        if isinstance(path, Failure):
            yield path
        else:
            yield from iter_file(path, limits)


def iter_file(path: Path, limits: SourceLimits) -> Iterator[RawItem | Failure]:
    origin = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
        kind = archive_kind(path.name, head)
        if kind is None and head.startswith(b"PK\x03\x04"):
            # An unnamed zip may still be a DOCX; let the sniffer look inside (size-capped).
            kind = archive_kind(path.name, head, _read_capped(path, limits))
        if kind is not None:
            yield from archives.iter_archive_file(path, kind, origin, limits)
        elif is_corpus(path.name):
            with path.open("rb") as fh:
                yield from corpus.iter_corpus(fh, origin, limits)
        else:
            yield RawItem(
                origin=origin,
                data=_read_capped(path, limits),
                filename=path.name,
                media_type=guess_media_type(path.name),
            )
    except _TooBig as exc:
        yield Failure(origin, str(exc), "source")
    except OSError as exc:
        yield Failure(origin, f"could not read file: {exc.strerror or exc}", "source")


class _TooBig(Exception):
    pass


def _read_capped(path: Path, limits: SourceLimits) -> bytes:
    # Read one byte past the cap rather than trusting stat(): the file may still be growing.
    with path.open("rb") as fh:
        data = fh.read(limits.max_item_bytes + 1)
    if len(data) > limits.max_item_bytes:
        raise _TooBig(f"file is larger than the {human_size(limits.max_item_bytes)} limit")
    return data


def _paths(spec: str) -> Iterator[Path | Failure]:
    if is_glob(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file() and not is_junk(Path(m).name)]
        if not files:
            yield Failure(spec, "no files match this pattern", "source")
        yield from files
        return
    root = Path(spec).expanduser()
    if root.is_file():
        yield root
    elif root.is_dir():
        yield from _walk(root)
    elif root.exists():
        yield Failure(spec, "not a regular file or folder", "source")
    else:
        yield Failure(spec, "no such file or folder", "source")


def _walk(root: Path) -> Iterator[Path]:
    # Symlinked folders are not followed: they can loop or lead outside the chosen folder.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_junk(d))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not is_junk(name) and path.is_file():
                yield path
