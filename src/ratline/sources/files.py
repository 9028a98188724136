"""Local files, folders (recursive) and glob patterns, in a stable sorted order.

Symbolic links: the path the user names may itself be a link (a file or a folder); they
chose it. Inside a folder, or among a glob's matches, a link is followed only when every
hop of it stays inside the folder (for a glob, the folder before its first wildcard), and
each real file is read once however many links lead to it. A link that leaves the folder,
dangles or loops becomes a failure record and the walk goes on.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ratline.model import Failure, RawItem
from ratline.sources import archives, corpus, feeds
from ratline.sources.kinds import archive_kind, guess_media_type, is_corpus, is_junk
from ratline.sources.limits import SourceLimits, human_size

GLOB_CHARS = frozenset("*?[")
# Reasons that mean the source named by the user is not there at all (the command fails).
NOT_FOUND = "no such file or folder"
NO_MATCH = "no files match this pattern"
# As the kernel: a longer chain is a loop or a trick.
MAX_LINK_HOPS = 40


def is_glob(spec: str) -> bool:
    return any(c in GLOB_CHARS for c in spec) and not Path(spec).exists()


def iter_files(spec: str, limits: SourceLimits) -> Iterator[RawItem | Failure]:
    """Items from a file, a folder or a glob; a missing path is one Failure, not an error."""
    for found in _paths(spec):
        if isinstance(found, Failure):
            yield found
        else:
            shown, real = found
            yield from iter_file(real, limits, origin=str(shown))


def iter_file(
    path: Path, limits: SourceLimits, *, origin: str | None = None
) -> Iterator[RawItem | Failure]:
    """Items from one file; `origin` names it as the user sees it (a link's own path)."""
    origin = origin or str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
        kind = archive_kind(path.name, head)
        if kind is None and head.startswith(b"PK\x03\x04"):
            # An unnamed zip may still be a DOCX; let the sniffer look inside (size-capped).
            kind = archive_kind(path.name, head, _read_capped(path, limits))
        if kind is not None:
            yield from archives.iter_archive_file(path, kind, origin, limits)
        elif is_corpus(path.name):
            with path.open("rb") as fh:
                yield from corpus.iter_corpus(fh, origin, limits)
        elif feeds.is_feed_file(path.name, head):
            yield from feeds.iter_local_feed(_read_capped(path, limits), origin, limits)
        else:
            name = Path(origin).name
            yield RawItem(
                origin=origin,
                data=_read_capped(path, limits),
                filename=name,
                media_type=guess_media_type(name),
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


class _LinkRefused(Exception):
    pass


Found = tuple[Path, Path]  # (the path as walked, the real file to read)


def _paths(spec: str) -> Iterator[Found | Failure]:
    if is_glob(spec):
        yield from _glob(spec)
        return
    root = Path(spec).expanduser()
    if root.is_file():
        yield root, root  # named by the user: read even when it is a link
    elif root.is_dir():
        yield from _walk(root)
    elif root.exists():
        yield Failure(spec, "not a regular file or folder", "source")
    else:
        yield Failure(spec, NOT_FOUND, "source")


def _glob(spec: str) -> Iterator[Found | Failure]:
    base = _glob_base(spec)
    inside = _Inside(base)
    found = False
    for match in sorted(glob.glob(spec, recursive=True)):
        path = Path(match)
        if is_junk(path.name) or (not path.is_file() and not path.is_symlink()):
            continue
        checked = inside.check(path)
        if checked is not None:
            found = True
            yield checked
    if not found:
        yield Failure(spec, NO_MATCH, "source")


def _glob_base(spec: str) -> Path:
    """The folder a glob searches: its path up to the first part with a wildcard."""
    parts: list[str] = []
    for part in Path(spec).expanduser().parts:
        if any(c in GLOB_CHARS for c in part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _walk(root: Path) -> Iterator[Found | Failure]:
    inside = _Inside(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        keep = []
        for d in sorted(dirnames):
            if is_junk(d):
                continue
            folder = Path(dirpath) / d
            if folder.is_symlink():
                # Never walked into: inside the folder its target is walked anyway.
                refused = inside.refusal(folder)
                if refused is not None:
                    yield refused
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if is_junk(name):
                continue
            if path.is_symlink() or path.is_file():
                checked = inside.check(path)
                if checked is not None:
                    yield checked


class _Inside:
    """Keeps links from leading out of one folder, and each real file to one reading."""

    def __init__(self, root: Path) -> None:
        self.shown = root
        self.root = Path(os.path.realpath(root))
        self.seen: set[Path] = set()

    def check(self, path: Path) -> Found | Failure | None:
        """The path and the real file to read, a Failure, or None when already read."""
        try:
            real = self._follow(path)
        except _LinkRefused as exc:
            return Failure(str(path), str(exc), "source")
        if not real.is_file():
            if path.is_symlink():
                return Failure(str(path), "symbolic link to something that is not a file", "source")
            return None
        if real in self.seen:
            return None
        self.seen.add(real)
        return path, real

    def refusal(self, path: Path) -> Failure | None:
        try:
            self._follow(path)
        except _LinkRefused as exc:
            return Failure(str(path), str(exc), "source")
        return None

    def _follow(self, path: Path) -> Path:
        """Where `path` finally leads, checking that every hop stays inside the folder."""
        current = self._real_parent(path)
        for _ in range(MAX_LINK_HOPS):
            if not self._contains(current):
                raise _LinkRefused(
                    f"symbolic link leads outside {self.shown} (to {current}); not followed"
                )
            if not current.is_symlink():
                if not current.exists():
                    raise _LinkRefused(f"broken symbolic link (to {current})")
                return current
            try:
                target = Path(os.readlink(current))
            except OSError as exc:
                raise _LinkRefused(f"unreadable symbolic link: {exc.strerror or exc}") from exc
            current = self._real_parent(current.parent / target)
        raise _LinkRefused(f"symbolic link chain longer than {MAX_LINK_HOPS} links (a loop?)")

    @staticmethod
    def _real_parent(path: Path) -> Path:
        # Folders on the way are resolved; the last part stays, so its own link is checked.
        if path.name in ("", ".", ".."):
            return Path(os.path.realpath(path))
        return Path(os.path.realpath(path.parent)) / path.name

    def _contains(self, path: Path) -> bool:
        return path == self.root or self.root in path.parents
