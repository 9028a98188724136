"""A source that does not exist fails the command, after the other sources were ingested."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ratline.cli import cli
from ratline.model import Failure
from ratline.sources import is_missing_source, iter_items


def test_ingest_of_a_missing_path_exits_non_zero_and_still_ingests_the_rest(
    tmp_path: Path,
) -> None:
    real = tmp_path / "note.txt"
    real.write_text("A fictional note about a broker in Nairobi.\n")
    missing = str(tmp_path / "nonexistent")
    result = CliRunner().invoke(
        cli, ["ingest", "--no-extract", "--format", "jsonl", missing, str(real)]
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout.splitlines()[0])
    assert summary["added"] == 1 and summary["failed"] == 1
    assert result.stderr.strip().splitlines() == [f"Error: no such file, folder or match: {missing}"]
    assert "Traceback" not in result.output


def test_text_output_also_exits_non_zero_for_a_glob_without_matches(tmp_path: Path) -> None:
    pattern = f"{tmp_path}/*.pdf"
    result = CliRunner().invoke(cli, ["ingest", "--no-extract", pattern])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == f"Error: no such file, folder or match: {pattern}"


def test_an_unreadable_item_inside_a_source_is_not_a_missing_source(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    [failure] = list(iter_items(str(tmp_path)))
    assert isinstance(failure, Failure)
    assert not is_missing_source(failure, str(tmp_path))
    result = CliRunner().invoke(cli, ["ingest", "--no-extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
