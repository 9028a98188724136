"""Review decisions in the store teach the learned components (`ratline train --from-store`)."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ratline import pipeline
from ratline.cli import cli
from ratline.extract.extractor import check_text, finish, rule_pass
from ratline.extract.learned import MODEL_PATH, Models, shipped
from ratline.learn import data, reviews, train
from ratline.store import Store

pytestmark = pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                                reason="scikit-learn not installed")

# Fictional: every name and event is made up for this test.
TEXT = """FICTIONAL TEST REPORT: kidney broker arrested in Lahore

Police in Lahore, Pakistan, arrested a kidney broker, Tariq Mahmood, on 3 March 2023. Investigators said Mahmood paid poor labourers 200,000 rupees for a kidney and sold the organs to foreign patients at a private clinic run by surgeon Dr. Farhan Qureshi.
Qureshi, who performed the operations, was also arrested. A driver, Bilal Akhtar, transported the donors to the clinic. Police spokesman Imran Shah said both men have been charged with organ trafficking.
One victim, Zubaida Khatoonzai, said she was paid only half of what she had been promised for her kidney.
"""
VICTIM_WORDS = ("zubaida", "khatoonzai")


def actors(store: Store) -> dict[str, dict]:  # type: ignore[type-arg]
    return {json.loads(r["value"])["name"]: dict(r) for r in store.statements(prop="actor")}


def edit_role(store: Store, row: dict, role: str) -> None:  # type: ignore[type-arg]
    value = {**json.loads(row["value"]), "role": role}
    store.review(row["id"], "edited", "ana", json.dumps(value, sort_keys=True))


@pytest.fixture
def reviewed(tmp_path: Path) -> Iterator[Store]:
    """A store with the report extracted and reviewed: one rule actor rejected, one role
    edited, one actor accepted, the evidence and the relevance accepted."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lahore.txt").write_text(TEXT, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    report = pipeline.ingest(store, [str(folder)])
    pipeline.extract_stored(store, run_id=report.run_id)
    found = actors(store)
    assert {"Tariq Mahmood", "Farhan Qureshi", "Bilal Akhtar"} <= set(found)
    # The victim is stored under a pseudonym (so the masking below has a name to hide).
    assert any(n.startswith("Victim-") for n in found)
    assert json.loads(found["Farhan Qureshi"]["value"])["role"] != "surgeon"
    store.review(found["Bilal Akhtar"]["id"], "rejected", "ana")
    edit_role(store, found["Farhan Qureshi"], "surgeon")
    store.review(found["Tariq Mahmood"]["id"], "accepted", "ana")
    for prop in ("evidence", "relevant"):
        store.review(store.statements(prop=prop)[0]["id"], "accepted", "ana")
    yield store
    store.close()


def test_decisions_become_labels(reviewed: Store) -> None:
    got = reviews.collect(reviewed, log=lambda *_: None)
    assert len(got.documents) == 1 and got.decisions == 5
    doc = got.documents[0]
    labels = {a.name: (a.keep, a.role) for a in doc.actors}
    assert labels["Bilal Akhtar"] == ("not", None)
    assert labels["Farhan Qureshi"] == ("actor", "surgeon")
    assert labels["Tariq Mahmood"] == ("actor", "broker")
    assert doc.kind == "case" and doc.evidence == reviewed.statements(prop="evidence")[0]["value"]
    rows = got.rows()
    # Every label counts WEIGHT times.
    assert rows["actor_keep"][1].count("not") == reviews.WEIGHT
    assert rows["actor_keep"][1].count("actor") == 2 * reviews.WEIGHT
    assert rows["actor_role"][1].count("surgeon") == reviews.WEIGHT
    assert "broker" in rows["actor_role"][1] and got.unmatched == 0
    assert rows["document"][1] == ["case"] * reviews.WEIGHT
    # The rows carry no word of the victim's name: the text is masked before the rules run.
    features = {k for c in reviews.COMPONENTS for x in rows[c][0] for k in x}
    assert any(k.startswith("w:") for k in features)
    assert not [k for k in features if any(w in k for w in VICTIM_WORDS)]


def test_a_fit_on_the_reviews_changes_the_extraction_of_that_document(reviewed: Store) -> None:
    got = reviews.collect(reviewed, log=lambda *_: None)
    rules = rule_pass(check_text(TEXT))
    assert rules is not None

    def roles(models: Models) -> dict[str, str]:
        out = finish("doc", rule_pass(check_text(TEXT)), models=models)  # type: ignore[arg-type]
        return {a.name: a.role for inc in out.incidents for a in inc.actors}

    before = roles(shipped())
    assert "Bilal Akhtar" in before and before["Farhan Qureshi"] != "surgeon"
    spec = train.fit([], got)
    kept = train.keep_unfitted(spec, MODEL_PATH)
    # One reviewed document: one kind and one level only, so those models stay as they were.
    assert {"document", "evidence"} <= set(kept) and "actor_keep" not in kept
    assert "actor_role" not in kept and spec["reviewed_documents"] == 1
    after = roles(Models.from_dict(spec))
    assert "Bilal Akhtar" not in after
    assert after["Farhan Qureshi"] == "surgeon" and after["Tariq Mahmood"] == "broker"


def test_train_from_store_without_news_uses_the_reviews_and_says_so(
        reviewed: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "SHARED", tmp_path / "no-shared")
    monkeypatch.setenv("RATLINE_DATABASE_URL", str(reviewed.engine.url))
    out = tmp_path / "model.json"
    r = CliRunner().invoke(cli, ["train", "--from-store", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "training on: no news training set; no dev set; 1 reviewed store documents" in r.output
    assert "kept from the current model" in r.output
    assert not any(w in r.output.lower() for w in VICTIM_WORDS)
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert spec["reviewed_documents"] == 1 and spec["documents"] == 0
    assert "surgeon" in spec["models"]["actor_role"]["classes"]
    assert not any(w in out.read_text(encoding="utf-8").lower() for w in VICTIM_WORDS)
    Models.from_dict(spec)
    # Without the store flag the missing training set is an error, as before.
    r = CliRunner().invoke(cli, ["train", "--out", str(out)])
    assert r.exit_code != 0 and "training set not found" in r.output


def test_train_from_store_without_reviews_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    r = CliRunner().invoke(cli, ["train", "--from-store", "--out", str(tmp_path / "m.json")])
    assert r.exit_code != 0 and "no review decisions to learn from" in r.output
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize(("rows", "expected"), [
    ([("evidence", "arrest", "accepted"), ("evidence", "charge", "machine")], None),
    ([("evidence", "arrest", "edited"), ("evidence", "report", "machine")], "arrest"),
    ([("evidence", "arrest", "rejected")], None),
    ([("evidence", "denial", "accepted")], None),
])
def test_evidence_label(rows: list[tuple[str, str, str]], expected: str | None) -> None:
    assert reviews.evidence_label([{"prop": p, "value": v, "status": s} for p, v, s in rows]) == expected


@pytest.mark.parametrize(("value", "status", "incident_status", "expected"), [
    ("true", "accepted", "machine", "case"),
    ("true", "accepted", "rejected", "policy"),
    ("true", "rejected", "machine", "negative"),
    ("false", "rejected", None, "policy"),
    ("false", "edited", "machine", "negative"),
    ("true", "machine", "machine", None),
])
def test_kind_label(value: str, status: str, incident_status: str | None, expected: str | None) -> None:
    rows = [{"prop": "relevant", "value": value, "status": status, "subject": "document:d"}]
    if incident_status:
        rows.append({"prop": "trade", "value": "organ", "status": incident_status,
                     "subject": "incident:d:1"})
    assert reviews.kind_label(rows) == expected


def test_actor_labels_leave_victims_and_broken_values_out() -> None:
    def row(value: str, status: str, original: str | None = None) -> dict[str, str | None]:
        return {"value": value, "status": status, "original_value": original}

    victim = json.dumps({"name": "Victim-0a1b2c", "role": "seller_donor", "type": "person"})
    assert reviews.actor_label(row(victim, "rejected")) is None
    assert reviews.actor_label(row("not json", "accepted")) is None
    machine = json.dumps({"name": "Tariq Mahmood", "role": "broker", "type": "person"})
    fixed = json.dumps({"name": "Tariq Mahmud", "role": "recruiter", "type": "person"})
    label = reviews.actor_label(row(fixed, "edited", machine))
    assert label is not None and (label.name, label.keep, label.role) == ("Tariq Mahmood", "actor",
                                                                          "recruiter")
