"""docs/questions.md cannot drift from the code: it answers its eight questions, each
`ratline` command it shows runs against a store of the bundled fictional examples and
says something, what the commands write is there, and the screenshots it shows exist
and are made by `ratline.web.screenshots` (its pages are checked in tests/web)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline.cli import cli
from ratline.web.screenshots import SHOTS
from support.analysis_store import ingested
from support.questions import DOC, questions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"
QUESTIONS = questions()
COMMANDS = [(q.number, words) for q in QUESTIONS for words in q.commands + q.mentioned]
_FAILED = re.compile(r"^(Error|Usage|Traceback)\b", re.M)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a store holding the fictional examples, ingested once."""
    return ingested(tmp_path_factory.mktemp("questions"), EXAMPLES, "docs-test")


def ratline(env: dict[str, str], words: list[str]) -> str:
    assert words[0] == "ratline"
    result = CliRunner().invoke(cli, words[1:], env=env, catch_exceptions=False)
    assert result.exit_code == 0, f"{' '.join(words)}:\n{result.output}"
    return result.output


def test_the_doc_answers_eight_questions_each_with_a_command_or_a_page() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 9))
    for q in QUESTIONS:
        assert q.commands or q.pages, f"question {q.number} ({q.title}) has no answer"
    # Every question about a page says which page, and the analysis questions have commands.
    assert all(QUESTIONS[n - 1].commands for n in (1, 2, 3, 4, 8))
    assert all(QUESTIONS[n - 1].pages for n in (5, 6, 7))


def test_no_caveat_of_a_missing_filter_or_export_remains() -> None:
    text = DOC.read_text(encoding="utf-8").lower()
    for stale in ("comes with the filters module", "until it lands", "no followthemoney export"):
        assert stale not in text


@pytest.mark.parametrize(("number", "words"), COMMANDS,
                         ids=[f"q{n}: {' '.join(w[1:])}" for n, w in COMMANDS])
def test_each_command_in_the_doc_runs(examples: dict[str, str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, number: int,
                                      words: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    out = ratline(examples, words)
    assert out.strip(), f"{' '.join(words)} printed nothing"
    assert not _FAILED.search(out), out
    if "--format" in words and words[words.index("--format") + 1] == "jsonl" and "-o" not in words:
        assert all(isinstance(json.loads(line), dict) for line in out.splitlines() if line)
    for flag in ("-o", "--output"):
        if flag in words:
            written = tmp_path / words[words.index(flag) + 1]
            assert written.is_file() and written.stat().st_size > 0, f"{written} not written"


def test_question_1_lists_organ_incidents_of_egypt_with_their_brokers(
        examples: dict[str, str]) -> None:
    (words,) = QUESTIONS[0].commands
    rows = [json.loads(line) for line in ratline(examples, words).splitlines() if line]
    assert rows, "the fictional Cairo op-ed names a broker in an organ case"
    for row in rows:
        assert row["trade"] == "organ" and "EG" in row["countries"]
        brokers = [a for a in row["actors"] if a["role"] == "broker"]
        assert brokers and all(a["name"] and a["status"] for a in brokers)


def test_question_2_asks_for_routes_ending_in_israel_and_in_turkey() -> None:
    from ratline.filters import parse

    asked = [w[w.index("--destination") + 1] for w in QUESTIONS[1].commands
             if w[1] == "routes"]
    assert len(asked) == 1  # one command answers it
    assert set(str(parse({"destination": asked[0]}).destination).split(",")) == {"IL", "TR"}


def test_question_4_has_an_export_for_each_tool() -> None:
    formats = {w[w.index("--format") + 1] for w in QUESTIONS[3].commands}
    assert {"xlsx", "geojson", "gexf", "ftm"} <= formats


def test_screenshots_shown_exist_and_are_made_by_the_screenshot_script() -> None:
    shown = [s for q in QUESTIONS for s in q.screenshots]
    assert {"screenshots/incidents.png", "screenshots/map.png", "screenshots/network.png",
            "screenshots/timeline.png", "screenshots/prices.png"} <= set(shown)
    made = {f"screenshots/{name}.png" for name, _path, _ready in SHOTS}
    for path in shown:
        assert (DOC.parent / path).is_file(), path
        assert path in made, f"{path} is not refreshed by python -m ratline.web.screenshots"


def test_the_readme_links_the_questions() -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](docs/questions.md)" in readme
