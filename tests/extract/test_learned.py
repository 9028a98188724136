"""The learned extraction components: the shipped model loads, is used, and can be rebuilt."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ratline.extract import extract_text, learned
from ratline.extract.results import EXTRACTOR_VERSION

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

CASE = (
    "Police in Lahore arrested a kidney broker, Tariq Mahmood, on 3 March 2023. Investigators "
    "said he paid poor labourers 200,000 rupees for a kidney and sold the organs to foreign "
    "patients at a private clinic. He has been charged with organ trafficking."
)


def test_shipped_model_is_there_and_readable() -> None:
    assert learned.MODEL_PATH.is_file(), f"model file missing: {learned.MODEL_PATH}"
    assert learned.MODEL_PATH.stat().st_size < 50_000_000
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert spec["extractor_version"] == EXTRACTOR_VERSION
    models = learned.Models.from_dict(spec)
    assert set(models.document.classes) == {"case", "policy", "negative"}
    assert "conviction" in models.evidence.classes
    assert models.actor_keep.classes == ["actor", "not"]
    assert len(models.actor_role.weights) > 100


def test_extraction_reads_the_model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Swapping the file at MODEL_PATH for one that calls every text negative changes the
    output: the extractor reads that file and acts on it."""
    assert extract_text(CASE, doc_id="case").relevant
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    spec["models"]["document"] = {"classes": ["case", "negative", "policy"],
                                  "bias": [0.0, 20.0, 0.0], "weights": {}}
    fake = tmp_path / "learned.json"
    fake.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(learned, "MODEL_PATH", fake)
    learned.shipped.cache_clear()
    try:
        out = extract_text(CASE, doc_id="case")
    finally:
        learned.shipped.cache_clear()
    assert not out.relevant and out.incidents == []


def test_rules_only_switch_leaves_the_model_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATLINE_RULES_ONLY", "1")
    monkeypatch.setattr(learned, "shipped", lambda: pytest.fail("model loaded in rules-only mode"))
    assert extract_text(CASE, doc_id="case").incidents


def test_linear_model_probabilities() -> None:
    binary = learned.LinearModel({"classes": ["actor", "not"], "bias": [0.0],
                                  "weights": {"x": [2.0]}})
    p = binary.proba({"x": 1.0})
    assert p["not"] > 0.85 and abs(p["actor"] + p["not"] - 1) < 1e-9
    multi = learned.LinearModel({"classes": ["a", "b", "c"], "bias": [0.0, 0.0, 1.0],
                                 "weights": {"x": [3.0, 0.0, 0.0]}})
    assert multi.best({"x": 1.0})[0] == "a"
    assert multi.best({})[0] == "c"


@pytest.mark.skipif(not (SHARED / "news" / "train.jsonl").is_file(),
                    reason="annotated real reports (../shared/news) not present")
@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                    reason="scikit-learn not installed")
def test_training_on_a_subset_writes_a_loadable_model(tmp_path: Path) -> None:
    from ratline.learn.train import train_and_write

    out = tmp_path / "model.json"
    report = train_and_write(out, limit=10, log=lambda *_: None)
    models = learned.Models.from_dict(json.loads(out.read_text(encoding="utf-8")))
    assert report["bytes"] == out.stat().st_size > 0
    assert models.version == EXTRACTOR_VERSION
    assert models.actor_role.weights and models.actor_keep.weights


def _with_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, component: str,
                model: dict[str, object]) -> None:
    spec = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    spec["models"][component] = model
    fake = tmp_path / "learned.json"
    fake.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(learned, "MODEL_PATH", fake)
    learned.shipped.cache_clear()


def test_a_model_never_turns_a_rumour_into_a_conviction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = ("Rumours say children in Oaxaca, Mexico, were kidnapped and their organs harvested "
            "in 2015.")
    _with_model(tmp_path, monkeypatch, "evidence",
                {"classes": ["conviction", "report"], "bias": [-30.0], "weights": {}})
    try:
        out = extract_text(text, doc_id="t")
    finally:
        learned.shipped.cache_clear()
    assert [i.evidence.value for i in out.incidents] == ["rumor"]


def test_a_confident_evidence_model_lowers_the_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_model(tmp_path, monkeypatch, "evidence",
                {"classes": ["investigation", "report"], "bias": [-30.0], "weights": {}})
    try:
        out = extract_text(CASE, doc_id="case")
    finally:
        learned.shipped.cache_clear()
    assert out.incidents and max(i.evidence.value for i in out.incidents) == "investigation"
