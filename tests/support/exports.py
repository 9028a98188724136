"""Stores for the export tests: fictional reports ingested through the CLI, and the CLI
export command run against them."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ratline.cli import cli

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "examples" / "reports"


def ingested(folder: Path, reports: list[str] | None = None,
             extra: dict[str, str] | None = None) -> dict[str, str]:
    """The CLI environment of a store under `folder` holding the example `reports` (all
    when None) and `extra` fictional texts (file name -> text)."""
    docs = folder / "docs"
    docs.mkdir()
    for path in sorted(REPORTS.iterdir()):
        if reports is None or path.name in reports:
            shutil.copy(path, docs / path.name)
    for name, text in (extra or {}).items():
        (docs / name).write_text(text, encoding="utf-8")
    env = {"RATLINE_HOME": str(folder / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": f"sqlite:///{folder / 'store.sqlite'}",
           "RATLINE_REVIEWER": "exporter-test"}
    run(env, "ingest", str(docs))
    return env


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def export(env: dict[str, str], fmt: str, path: Path, *extra: str) -> Path:
    run(env, "export", "--format", fmt, "-o", str(path), *extra)
    return path
