"""Progress of long runs when stderr is not a terminal: a plain line every few seconds."""

from __future__ import annotations

import pytest

from ratline.progress import PlainProgress, progress_bar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_interval_with_count_rate_and_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    plain = PlainProgress("extract", 100, every=5.0, clock=clock)
    for _ in range(10):
        clock.now += 1.0
        plain.advance(4)
    plain.finish()
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "extract: 20/100 (20%), 4.0/s, 5s elapsed, about 20s left",
        "extract: 40/100 (40%), 4.0/s, 10s elapsed, about 15s left",
        "extract: done: 40/100 (40%), 4.0/s, 10s elapsed",
    ]


def test_a_short_run_is_silent_and_an_unknown_total_counts(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    quick = PlainProgress("ingest", None, every=5.0, clock=clock)
    quick.advance(3)
    quick.finish()
    assert capsys.readouterr().err == ""
    clock.now += 6
    quick.advance(3)
    assert capsys.readouterr().err.strip() == "ingest: 6, 1.0/s, 6s elapsed"


def test_progress_bar_off_a_terminal_prints_plain_lines(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar("extract", 3, every=0.0) as advance:
        for _ in range(3):
            advance(1)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("extract: 1/3 (33%), ") and err[-1].startswith("extract: done: 3/3")
    assert not any("\x1b" in line or "\r" in line for line in err)  # no bar redraws
