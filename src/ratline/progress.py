"""Progress of long runs on stderr: a bar (count, rate, ETA) on a terminal, and a plain
line every few seconds when stderr is a file or a pipe (a log, a cron job, `2>&1 | tee`),
so a long run shows it is alive without filling the log with bar redraws."""

from __future__ import annotations

import glob
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

stderr = Console(stderr=True)
PLAIN_EVERY = 5.0  # seconds between plain progress lines


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "-/s", style="progress.data.speed")


@contextmanager
def progress_bar(label: str, total: int | None,
                 every: float = PLAIN_EVERY) -> Iterator[Callable[[int], None]]:
    """Yields an `advance(n)` callable."""
    if not stderr.is_terminal:
        plain = PlainProgress(label, total, every)
        yield plain.advance
        plain.finish()
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=stderr, transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class PlainProgress:
    """`label: done/total (pct), rate/s, ETA` printed at most every `every` seconds, and a
    last line at the end when any was printed (a short run stays silent)."""

    def __init__(self, label: str, total: int | None, every: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.total, self.every, self.clock = label, total, every, clock
        self.done = 0
        self.started = self.last = clock()
        self.printed = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.clock() - self.last >= self.every:
            self._line()

    def finish(self) -> None:
        if self.printed:
            self._line("done: ")

    def line(self, prefix: str = "") -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        if self.total:
            count += f" ({100 * self.done / self.total:.0f}%)"
        out = f"{self.label}: {prefix}{count}, {rate:,.1f}/s, {elapsed:.0f}s elapsed"
        if self.total and rate > 0 and self.done < self.total and not prefix:
            out += f", about {(self.total - self.done) / rate:.0f}s left"
        return out

    def _line(self, prefix: str = "") -> None:
        self.last = self.clock()
        self.printed = True
        print(self.line(prefix), file=sys.stderr, flush=True)


def estimate_items(specs: list[str]) -> int | None:
    """A cheap guess of how many items the sources hold, for the ETA; None when unknown."""
    total = 0
    for spec in specs:
        if "://" in spec:
            return None
        paths = [Path(p) for p in glob.glob(spec, recursive=True)] if glob.has_magic(spec) else [Path(spec)]
        for path in paths:
            if path.is_dir():
                total += sum(len(files) for _, _, files in os.walk(path))
            elif path.suffix == ".jsonl" and path.is_file():
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif path.exists():
                total += 1
    return total or None
