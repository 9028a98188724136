"""A store of fictional reports for the analysis views and the briefing report: sums
paid to sellers and charged to recipients, routes, a named victim, and a project example
whose extraction leaves the fictional-example marker as a summary."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ratline.cli import cli

# The victim named in the Cairo report: no output may show this name.
VICTIM = "Amina Zeltraud"
MARKER = "FICTIONAL EXAMPLE — names are invented."
# Fictional reports: every name, place and sum is made up for these tests.
DOCS = {
    "cairo.md": f"""# Kidney broker arrested in Cairo

{MARKER}

CAIRO, 14 May 2019 - Police in Cairo arrested the kidney broker Omar Halimfaro, accusing him \
of bringing donors from Sudan to a private clinic in Giza. Investigators said the donors were \
paid USD 3,000 each for a kidney. Recipients from Israel paid USD 60,000 per transplant, \
police said. One donor, Amina Zeltraud, 24, told investigators she never received the money.
""",
    "alex.md": f"""# Court charges transplant ring in Alexandria

{MARKER}

ALEXANDRIA, 2 September 2019 - Prosecutors in Alexandria charged the broker Samir Nouravent \
with organ trafficking after donors from Eritrea were flown to Egypt. Donors were promised \
USD 5,000 but received USD 2,000 each, the charge sheet says. Patients paid USD 80,000 for \
the transplant package.
""",
    "istanbul.md": """# Rumours of a kidney route through Turkey

ISTANBUL, 9 March 2021 - Residents alleged that a recruiter moved migrants from Syria through \
Turkey to Israel for kidney removals, but no one has been arrested.
""",
}
# A project example whose extraction leaves the marker line as one incident's summary.
MARKED_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reports" / \
    "03-lahore-police-press-release.txt"


def build(tmp: Path) -> dict[str, str]:
    """Ingest the reports into a SQLite store under `tmp`; the environment that opens it."""
    docs = tmp / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    shutil.copy(MARKED_EXAMPLE, docs / MARKED_EXAMPLE.name)
    return ingested(tmp, docs, "analysis-test")


def ingested(tmp: Path, folder: Path, reviewer: str) -> dict[str, str]:
    """`ratline ingest folder` into a SQLite store under `tmp`, exports recorded as
    `reviewer`; the environment that opens the store."""
    env = {"RATLINE_HOME": str(tmp / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": f"sqlite:///{tmp / 'store.sqlite'}",
           "RATLINE_REVIEWER": reviewer}
    result = CliRunner().invoke(cli, ["ingest", str(folder)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return env


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    """`ratline ARGS` against the store of `env`; its output, after checking the exit code."""
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output
