"""Remembered feed validators (ETag, Last-Modified) so unchanged feeds are not re-read."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Protocol

Validators = tuple[str | None, str | None]


class FeedState(Protocol):
    """Where conditional-GET validators live between runs; the key is the feed URL as given."""

    def get(self, url: str) -> Validators:
        """(etag, last_modified); (None, None) for a feed never seen."""
        ...

    def set(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


class MemoryFeedState:
    """Validators kept for the life of the process."""

    def __init__(self) -> None:
        self._data: dict[str, Validators] = {}

    def get(self, url: str) -> Validators:
        return self._data.get(url, (None, None))

    def set(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._data[url] = (etag, last_modified)


class JsonFileFeedState:
    """Validators kept in one small JSON file, rewritten atomically on every change."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._data: dict[str, Validators] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Missing or damaged: the cost is one full re-fetch, never a blocked run.
            loaded = {}
        if isinstance(loaded, dict):
            for url, value in loaded.items():
                if isinstance(value, dict):
                    self._data[str(url)] = (
                        _str(value.get("etag")),
                        _str(value.get("last_modified")),
                    )

    def get(self, url: str) -> Validators:
        return self._data.get(url, (None, None))

    def set(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._data[url] = (etag, last_modified)
        payload = {u: {"etag": e, "last_modified": m} for u, (e, m) in self._data.items()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so a kill mid-write leaves the old file intact.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".feedstate-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
