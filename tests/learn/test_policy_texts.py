"""Texts of law and policy teach the document model the `policy` kind (`learn.policy_texts`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ratline.learn import data, policy_texts, train

STATUTE = (
    "## Sec. 9001. Trafficking in human organs\n\n"
    "(a) Whoever knowingly recruits, transports or harbours a person for the removal of a "
    "kidney or another organ for payment shall be fined under this title or imprisoned "
    "not more than 20 years, or both.\n\n"
    "(b) The Attorney General shall report to Congress each year on prosecutions and "
    "convictions under this section, and on organ trafficking cases investigated.\n"
)
FACT_SHEET = (
    "FACT SHEET: The Administration's Plan to Combat Human Trafficking\n\n"
    "Today the Administration announces new actions to combat human trafficking and forced "
    "labor. The Department of Justice will expand its task forces, which charged and "
    "convicted traffickers across the country last year. The Department of Homeland "
    "Security will train more officers to identify victims of trafficking and refer them "
    "to services. The plan also funds shelters for survivors of sex trafficking.\n"
)
OFF_TOPIC = "The Administration announces a plan to repair bridges and highways in every state."


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    rows = {
        "uscode_trafficking_statutes.jsonl": [("usc-1", STATUTE, True)],
        "whitehouse_briefing_room.jsonl": [("wh-1", FACT_SHEET, True), ("wh-2", OFF_TOPIC, False)],
        # A source of case reports is no source of policy texts.
        "doj_press_releases_sample.jsonl": [("doj-1", FACT_SHEET, True)],
    }
    for name, recs in rows.items():
        (corpus / name).write_text("".join(
            json.dumps({"id": i, "text": t, "relevant": r}) + "\n" for i, t, r in recs),
            encoding="utf-8")
    return corpus


def test_the_trafficking_texts_of_law_and_policy_sources_are_policy_examples(tmp_path: Path) -> None:
    exs = policy_texts.examples(_corpus(tmp_path))
    # Texts on other matters (the corpus's negatives) are no policy texts.
    assert {e.id: data.document_kind(e.gold) for e in exs} == {"usc-1": "policy", "wh-1": "policy"}
    assert all(e.rules is not None for e in exs)
    assert [e.id for e in policy_texts.examples(_corpus(tmp_path / "again"), limit=1)] == ["usc-1"]
    assert policy_texts.examples(tmp_path / "absent") == []


CASE = (
    "Police in Varna arrested a kidney broker, Petar Ivanov, on 3 May 2021. Prosecutors say "
    "he paid two men 3,000 euros each to sell a kidney and took them to a private clinic in "
    "Istanbul, where a surgeon removed the organs for buyers from abroad.\n"
)


def test_policy_texts_teach_the_document_model_only(tmp_path: Path) -> None:
    from ratline.extract.extractor import check_text, rule_pass
    from ratline.extract.learned import Models, document_features

    case = data.Example({"id": "case-1", "relevant": True, "incidents": [
        {"trade": "organ", "evidence": "arrest",
         "actors": [{"name": "Petar Ivanov", "type": "person", "role": "broker"}]}]},
        rule_pass(check_text(CASE)))
    policy = policy_texts.examples(_corpus(tmp_path))
    plain = train.fit([case], None)
    taught = train.fit([case], None, policy)
    assert taught["policy_texts"] == 2 and plain["policy_texts"] == 0
    # No other component sees the policy texts.
    for name, spec in taught["models"].items():
        if name != "document":
            assert spec == plain["models"][name], name
    # With one kind of text only, the document model is a constant (which training
    # replaces by the current model); with the policy texts it tells the case from the
    # fact sheet.
    assert set(plain["models"]["document"]["classes"]) == {"case"}
    document = Models.from_dict(taught).document
    assert document.best(document_features(case.rules))[0] == "case"
    sheet = next(e for e in policy if e.id == "wh-1")
    assert document.best(document_features(sheet.rules))[0] == "policy"


def test_corpus_rows_count_less_than_annotated_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ratline.extract.extractor import check_text, rule_pass
    from ratline.extract.learned import Models, document_features

    case = data.Example({"id": "case-1", "relevant": True, "incidents": [
        {"trade": "organ", "evidence": "arrest",
         "actors": [{"name": "Petar Ivanov", "type": "person", "role": "broker"}]}]},
        rule_pass(check_text(CASE)))
    policy = policy_texts.examples(_corpus(tmp_path))

    def p_policy(weight: float) -> float:
        monkeypatch.setattr(train, "CORPUS_WEIGHT", weight)
        document = Models.from_dict(train.fit([case], None, policy)).document
        return document.proba(document_features(case.rules))["policy"]

    # Two policy texts against one case: counted fully they pull the case's own reading
    # towards policy more than counted at a quarter each.
    assert 0.0 < train.CORPUS_WEIGHT < 1.0
    assert p_policy(0.25) < p_policy(1.0)
