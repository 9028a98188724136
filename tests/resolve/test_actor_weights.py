"""Actor match weights: fitted levels that behave, rare names over common ones, explanations in bits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ratline.resolve import ActorMention, compare, resolve_actors
from ratline.resolve.actor_levels import FIELDS, name_level
from ratline.resolve.explain import explain_actors
from ratline.resolve.linkage import load_model

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "news"


def mention(mid: str, name: str, type_: str = "person", *countries: str) -> ActorMention:
    return ActorMention(mid, name, type_, "broker", f"doc-{mid}", None, frozenset(countries))


def test_shipped_weights_load_with_every_level() -> None:
    model = load_model("actors")
    assert model.name == "actors" and "dedup" in model.fitted_on
    for field, levels in FIELDS.items():
        fw = model.fields[field]
        for level in levels:
            assert 0 < fw.m[level] < 1 and 0 < fw.u[level] < 1, (field, level)


def test_better_agreement_never_weighs_less() -> None:
    model = load_model("actors")
    name = [model.weight_of("name", lvl) for lvl in ("exact", "near", "strong", "partial", "single", "weak", "none")]
    assert name == sorted(name, reverse=True)
    assert name[0] > model.threshold > name[-1]
    assert model.weight_of("rarity", "rare") > model.weight_of("rarity", "common")
    assert model.weight_of("countries", "shared") > 0 > model.weight_of("countries", "disjoint_local")
    assert model.weight_of("type", "same") > model.weight_of("type", "compatible")


def test_name_bands_follow_the_similarity_and_its_reason() -> None:
    assert name_level(1.0, "same name") == "exact"
    assert name_level(0.9, "name tokens 2/2") == "strong"
    assert name_level(0.6, "name tokens 1/2 (coverage 1.00), single name") == "single"
    assert name_level(0.3, "name tokens 1/3") == "none"


def test_a_rare_full_name_is_stronger_evidence_than_a_common_one() -> None:
    rare = compare(mention("1", "Tenzing Dorje Lamichhane"), mention("2", "Tenzing Dorje Lamichhane", "person", "NP"))
    common = compare(mention("3", "John Smith"), mention("4", "John Smith", "person", "NP"))
    assert rare.total is not None and common.total is not None
    assert rare.total > common.total
    assert rare.verdict == "yes"
    assert any(r.startswith("rarity common") for r in common.reasons)


def test_spelling_variants_still_merge_and_namesakes_of_other_countries_do_not() -> None:
    res = resolve_actors([
        mention("1", "Bikash Pandeyrai", "person", "NP"),
        mention("2", "Bikash Pandey Rai", "person", "NP"),
        mention("3", "Bikash Pandey Rai", "person", "IN"),
    ])
    assert res.actor_id_of("1") == res.actor_id_of("2") != res.actor_id_of("3")


def test_agencies_with_different_names_stay_apart_whatever_the_weights() -> None:
    s = compare(mention("1", "Karnali Investigation Bureau", "organization", "NP"),
                mention("2", "Bagmati Investigation Bureau", "organization", "NP"))
    assert s.value == 0.0 and s.total is None and s.reasons[0].startswith("different bodies")


def test_explanation_shows_each_comparison_in_bits() -> None:
    e = explain_actors(("Bikash Pandeyrai", "person", frozenset({"NP"})),
                       ("Bikash Pandey Rai", "person", frozenset({"NP"})))
    text = "\n".join(e.lines)
    assert e.linked and "linked: same actor" in text
    for field in ("name exact", "type same (person)", "countries shared (NP)", "rarity rare"):
        line = next(x for x in e.lines if x.strip().startswith(field))
        assert line.rstrip()[-5:].lstrip("+-").replace(".", "").isdigit(), line
    assert "bits, threshold +" in text
    veto = explain_actors(("Sinaloa", "person", frozenset()), ("Sinaloa", "armed_group", frozenset()))
    assert not veto.linked and any("never one actor: type mismatch" in x for x in veto.lines)


def test_the_fit_reproduces_the_shipped_weights(tmp_path: Path) -> None:
    if not (NEWS / "clusters.json").is_file() or not (ROOT.parent / "shared" / "tools" / "score.py").is_file():
        pytest.skip("the labelled reports are not present (real reports are not shipped)")
    out = tmp_path / "weights.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "fit_actor_linkage.py"), "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT / "bench")
    shipped = ROOT / "src" / "ratline" / "resolve" / "weights_actors.json"
    assert json.loads(out.read_text()) == json.loads(shipped.read_text())
