"""Results one web worker computed, kept for the others (`ratline serve --workers N`).

Each worker memoises what it computes (`IncidentIndex.memo`), but its memo is its own:
with two workers every new search was run twice, once in each, and at ten million
statements a stream of new searches is seconds of work per worker. The workers are
forked from one parent over one index (`web.workers`), so a search's documents and a
selection's list positions computed in one hold in every other. Here they go to a
directory of files on a memory file system (`/dev/shm` where there is one), one file per
result, that the parent makes before it forks and removes when it is done; a worker that
misses its own memo looks there before it computes.

A worker whose index changed since the fork (a review it answered) neither reads nor
writes here: its results are no longer the others'. What is kept is bounded in count
and bytes; the oldest go first. The directory is its owner's alone (mode 0700), holds
only what the web shows anyway (masked), and a directory left by a parent that died is
removed by the next one.

A server of one process (`ratline serve`, the default) keeps its results here too
(`share_indexes`): no other worker reads them, but they hold more than the index's own
memo, so a search that fell out of that memo is read back instead of computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

PREFIX = "ratline-memo-"
# Bounds of one index's shared results: a search's documents take up to 325 KB (5,000
# ids), a selection's positions 8 bytes an incident.
MAX_ENTRIES = 8192
MAX_BYTES = 256 * 2**20
# A worker looks at the bounds after this many of its own writes (a look lists the
# directory: about 10 ms at the bound), or after writing an eighth of the byte bound.
CHECK_EVERY = 128
# Share of the file system's free space one index's results may take: `/dev/shm` is
# memory, 64 MB in a container by default, and PostgreSQL's parallel queries need room
# there too. Two indexes are kept, so the server takes at most a quarter of what was free.
SHARE_OF_FREE = 8


def _base() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


class SharedMemo:
    """One index's shared results: `get` and `put` by memo key, from any worker."""

    def __init__(self, directory: Path, *, max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> None:
        self.directory = directory
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._writes = 0
        self._written = 0  # bytes this process wrote since it last looked at the bounds

    @staticmethod
    def _name(key: Any) -> str:
        # repr, not hash(): string hashes differ between interpreters, and the keys are
        # tuples of strings, numbers and None, whose repr is the same in every worker.
        return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=20).hexdigest()

    def get(self, key: Any) -> bytes | None:
        try:
            return (self.directory / self._name(key)).read_bytes()
        except OSError:  # not computed yet, or this index's directory is gone
            return None

    def put(self, key: Any, data: bytes) -> None:
        """Kept for the others; written whole under a name of its own first, so a reader
        never sees half of it. A failure (the directory removed, the file system full)
        only means the others compute it themselves."""
        name = self._name(key)
        part = self.directory / f".{name}.{os.getpid()}"
        try:
            part.write_bytes(data)
            os.replace(part, self.directory / name)
        except OSError as exc:
            log.debug("shared memo: %s not kept: %s", name, exc)
            with contextlib.suppress(OSError):
                part.unlink()
            return
        self._writes += 1
        self._written += len(data)
        if self._writes % CHECK_EVERY == 0 or self._written > self.max_bytes // 8:
            self._written = 0
            self.prune()

    def prune(self) -> None:
        """The oldest results go until three quarters of each bound are left."""
        found: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.directory) as entries:
                for e in entries:
                    if not e.name.startswith("."):
                        with contextlib.suppress(OSError):
                            st = e.stat()
                            found.append((st.st_mtime, st.st_size, e.name))
        except OSError:
            return
        held = sum(size for _, size, _ in found)
        if len(found) <= self.max_entries and held <= self.max_bytes:
            return
        found.sort()
        count = len(found)
        for _, size, name in found:
            if count <= self.max_entries * 3 // 4 and held <= self.max_bytes * 3 // 4:
                break
            with contextlib.suppress(OSError):
                (self.directory / name).unlink()
            count -= 1
            held -= size


class SharedMemos:
    """The server's side: one directory for this server, one subdirectory per index the
    workers are forked over (or, in one process, per index built or patched). Only the
    current index's and the one before it (whose requests may still be finishing) are
    kept."""

    def __init__(self, base: Path | None = None) -> None:
        base = base or _base()
        _remove_orphans(base)
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
        self._made: list[Path] = []

    def new(self) -> SharedMemo:
        directory = self.root / str(len(self._made))
        directory.mkdir(mode=0o700)
        self._made.append(directory)
        for old in self._made[:-2]:
            shutil.rmtree(old, ignore_errors=True)
        room = _free(directory)
        return SharedMemo(directory, max_bytes=MAX_BYTES if room is None
                          else min(MAX_BYTES, room // SHARE_OF_FREE))

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _free(directory: Path) -> int | None:
    """Bytes free on the file system of `directory`; None where it cannot say."""
    try:
        st = os.statvfs(directory)
    except (OSError, AttributeError):  # AttributeError: no statvfs on this system
        return None
    return st.f_bavail * st.f_frsize


def _remove_orphans(base: Path) -> None:
    """Directories of servers that ended without removing theirs (killed): their results
    are of an index no one serves."""
    pattern = re.compile(re.escape(PREFIX) + r"(\d+)-")
    with contextlib.suppress(OSError), os.scandir(base) as entries:
        for e in entries:
            m = pattern.match(e.name)
            if m is not None and _orphan(e, int(m.group(1))):
                shutil.rmtree(e.path, ignore_errors=True)


def _orphan(entry: os.DirEntry[str], pid: int) -> bool:
    """A directory (not a link to one) of this user's whose server is gone."""
    try:
        mine = entry.is_dir(follow_symlinks=False) and (
            entry.stat(follow_symlinks=False).st_uid == os.getuid())
    except OSError:
        return False
    return mine and not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def share_indexes(cache: Any, memos: SharedMemos) -> None:
    """Every index `cache` builds or patches keeps its results in `memos` too. In a server of one
    process no other worker reads them: they are a second, larger tier behind the
    index's own memo, whose 512 places a working set of more searches outgrows, and
    what falls out of the first tier is read back instead of computed again. An index
    that a review through this process patched starts a new place: the results kept
    before the review are no longer its own."""
    def attach_new(index: Any) -> None:
        attach(index, memos.new())

    cache.on_index = attach_new


def attach(index: Any, memo: SharedMemo) -> None:
    """`index` shares its results through `memo` while it stays as it is now."""
    index.shared = (memo, index.version)


def recall(index: Any, key: Any, compute: Callable[[], T],
           encode: Callable[[T], bytes | None], decode: Callable[[bytes], T]) -> T:
    """`compute()` memoised in `index` and, while `index` is unchanged since it was
    attached, shared with the other workers: what another worker computed is decoded
    instead. `encode` may answer None for a result not worth sharing."""
    def through() -> T:
        shared = index.shared
        if shared is None or shared[1] != index.version:
            return compute()
        memo: SharedMemo = shared[0]
        data = memo.get(key)
        if data is not None:
            return decode(data)
        value = compute()
        encoded = encode(value)
        if encoded is not None:
            memo.put(key, encoded)
        return value

    return index.memo(key, through)
