"""The project's scorer reproduces the referee's definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ratline.cli import cli
from ratline.evaluate import format_report, name_match, predict, score


def _doc(i: str, relevant: bool, incidents: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": i, "relevant": relevant, "incidents": incidents}


def _inc(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "trade": "organ", "organs": [], "countries": [], "route": [], "year": None, "actors": [],
        "victims": {"count": None, "deaths": None, "kinds": []}, "activities": [], "money": [],
        "evidence": "report",
    }
    base.update(kw)
    return base


def test_perfect_prediction_scores_one() -> None:
    gold = [_doc("a", True, [_inc(organs=["kidney"], countries=["NP"], year=2024, activities=["sale"],
                                  actors=[{"name": "Bikram Moktan", "type": "person", "role": "broker"}],
                                  money=[{"amount": 100, "currency": "USD", "what": "other"}])])]
    s = score(gold, gold)
    assert s["overall"] == 1.0
    assert s["actors"]["f1"] == 1.0 and s["actor_role_accuracy"] == 1.0


def test_missing_prediction_counts_as_not_relevant() -> None:
    gold = [_doc("a", True, [_inc(countries=["NP"])]), _doc("b", False, [])]
    s = score(gold, [_doc("b", False, [])])
    assert s["missing_predictions"] == 1
    assert s["relevance"]["fn"] == 1 and s["countries"]["fn"] == 1


def test_irrelevant_prediction_drops_its_incidents() -> None:
    gold = [_doc("a", True, [_inc(countries=["NP"])])]
    s = score(gold, [_doc("a", False, [_inc(countries=["NP"])])])
    assert s["countries"]["tp"] == 0


def test_money_within_one_percent_and_path_ids() -> None:
    gold = [_doc("a", True, [_inc(money=[{"amount": 1000, "currency": "USD", "what": "other"}])])]
    pred = [{"path": "texts/a.txt", "relevant": True,
             "incidents": [_inc(money=[{"amount": 1005, "currency": "USD", "what": "other"}])]}]
    assert score(gold, pred)["money"]["tp"] == 1


def test_evidence_is_strongest_over_incidents() -> None:
    gold = [_doc("a", True, [_inc(evidence="report"), _inc(evidence="arrest")])]
    pred = [_doc("a", True, [_inc(evidence="arrest")])]
    s = score(gold, pred)
    assert s["evidence_exact"] == 1.0 and s["incident_count_mae"] == 1.0


def test_name_match_surname_level() -> None:
    assert name_match("Dr. Medhat Rifky Qandil", "Medhat Qandil")
    assert name_match("Qandil", "Medhat Rifky Qandil")
    assert not name_match("Ahmed Ali", "Omar Hassan")


def test_report_lists_every_key() -> None:
    gold = [_doc("a", True, [_inc()])]
    text = format_report(score(gold, gold))
    assert "overall" in text and "relevance" in text and "F1=" in text


def test_eval_reads_any_encoding_and_goes_on_past_a_bad_text(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    # cp1252, as an old court PDF's text export often is: not UTF-8, still a text.
    (texts / "lahore.txt").write_bytes(
        "Police in Lahore arrested a kidney broker in 2019 at a caf\u00e9.".encode("cp1252"))
    (texts / "crlf.txt").write_bytes(b"A court in Chisinau\r\nconvicted a kidney broker in 2003.\r\n")
    (texts / "junk.txt").write_bytes(b"\x00\x01\x02\x03\x00\x00\x05\x06" * 8)
    (tmp_path / "secret.txt").write_text("A kidney broker was convicted in 2001.", encoding="utf-8")
    gold_path = tmp_path / "gold.jsonl"
    gold = [_doc("lahore", True, [_inc(year=2019)]), _doc("crlf", True, [_inc(year=2003)]),
            _doc("junk", False, []),
            _doc("../secret", True, [_inc(year=2001)])]
    gold_path.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    failures: list[tuple[str, str]] = []
    out = predict(gold, texts, failures)
    assert [p["id"] for p in out] == ["lahore", "crlf"]
    assert out[0]["incidents"][0]["year"] == 2019
    # Offsets index the text with plain newlines, as a text-mode read gave it.
    cue = out[1]["incidents"][0]["provenance"]["trade"][0]
    plain = "A court in Chisinau\nconvicted a kidney broker in 2003.\n"
    assert plain[cue["start"]:cue["end"]].startswith("kidney")
    assert dict(failures).keys() == {"junk", "../secret"}
    assert "binary" in dict(failures)["junk"]
    result = CliRunner().invoke(cli, ["eval", str(gold_path), str(texts), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 4 and scores["year"]["tp"] == 2


def test_dev_gold_takes_the_real_text_conventions_where_they_differ() -> None:
    from ratline.evaluate import real_text_conventions

    gold = [{"id": "d1", "relevant": True, "incidents": [
        {"trade": "weapons", "actors": [{"name": "Ion Dealer", "role": "seller_donor"}]},
        {"trade": "organ", "actors": [{"name": "Ram Seller", "role": "seller_donor"}]},
    ]}]
    (doc,) = real_text_conventions(gold)
    assert [a["role"] for i in doc["incidents"] for a in i["actors"]] == ["broker", "seller_donor"]
    assert gold[0]["incidents"][0]["actors"][0]["role"] == "seller_donor"  # input untouched
