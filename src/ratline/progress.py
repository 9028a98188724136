"""Progress bars (count, rate, ETA) on stderr for long runs; silent when not a terminal."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
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


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "-/s", style="progress.data.speed")


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[callable]:  # type: ignore[valid-type]
    """Yields an `advance(n)` callable."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=stderr, disable=not stderr.is_terminal, transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


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
