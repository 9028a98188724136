"""Probabilistic linkage: fitted weights, actor hygiene, search, explanations, real clusters."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ratline.cli import cli
from ratline.resolve import ActorMention, compare, resolve_actors, resolve_incidents
from ratline.resolve.linkage import (
    Comparison,
    FieldWeights,
    LinkageModel,
    fit_em,
    fit_supervised,
    load_model,
)
from ratline.resolve.names import search_key
from ratline.store import open_store, resolution

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "news"
FLOORS = json.loads((Path(__file__).parent / "linkage_floors.json").read_text())


def mention(mid: str, name: str, type_: str = "organization", role: str = "investigator",
            countries: tuple[str, ...] = ()) -> ActorMention:
    return ActorMention(mid, name, type_, role, f"doc-{mid}", None, frozenset(countries))


# --- the model ---------------------------------------------------------------------------

def test_shipped_model_has_fitted_weights_for_every_field() -> None:
    model = load_model("incidents")
    assert model.fitted_on and model.threshold > 0
    # Data, not hand-set constants: a shared rare name is strong, a different trade is not.
    assert model.fields["actors"].weight("one") > 4 > 0 > model.fields["trade"].weight("different")
    assert model.fields["year"].weight("same") > model.fields["year"].weight("far")


def test_fit_supervised_and_em_recover_the_informative_field() -> None:
    fields = {"name": ("agree", "disagree"), "noise": ("a", "b")}
    matches = [{"name": "agree", "noise": "a" if i % 2 else "b"} for i in range(50)]
    non = [{"name": "agree" if i % 20 == 0 else "disagree", "noise": "a" if i % 2 else "b"}
           for i in range(500)]
    weights = fit_supervised(matches, non, fields)
    assert weights["name"].weight("agree") > 3 and weights["name"].weight("disagree") < -3
    assert abs(weights["noise"].weight("a")) < 0.5
    u = {f: dict(w.u) for f, w in weights.items()}
    start = {"name": {"agree": 0.6, "disagree": 0.4}, "noise": {"a": 0.5, "b": 0.5}}
    em, share = fit_em(matches + non, fields, u, start)
    assert em["name"].weight("agree") > 3 and 0.05 < share < 0.25


def test_common_value_weighs_less_than_a_rare_one() -> None:
    model = LinkageModel("t", {"actors": FieldWeights({"one": 0.5}, {"one": 0.001})}, threshold=8)
    rare = model.score([Comparison("actors", "one", "Anil Mahato", frequency=0.0005)])
    common = model.score([Comparison("actors", "one", "police", frequency=0.2)])
    assert rare.total is not None and common.total is not None
    assert rare.total > model.threshold > common.total
    assert rare.verdict == "yes" and common.verdict != "yes"


# --- actor hygiene ----------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Immigration and Customs Enforcement", "UN Security Council"),
    ("Immigration and Customs Enforcement", "National Security Advisor"),
    ("Interpol", "Department of Justice"),
    ("Seychelles Coast Guard", "U.S. Coast Guard"),
    ("Federal Investigation Agency", "National Investigation Agency"),
])
def test_agencies_with_different_names_never_merge(a: str, b: str) -> None:
    assert compare(mention("1", a), mention("2", b)).verdict == "no"
    # Not through a chain of looser names either.
    bridge = ["Security", "Coast Guard", "Investigation Agency", "Department"]
    res = resolve_actors([mention("1", a), mention("2", b),
                          *(mention(f"x{i}", n) for i, n in enumerate(bridge))])
    assert res.actor_id_of("1") != res.actor_id_of("2")


def test_agency_spellings_and_aliases_still_merge() -> None:
    res = resolve_actors([mention("1", "ICE"), mention("2", "Immigration and Customs Enforcement"),
                          mention("3", "Mumbai Police"), mention("4", "Mumbai police")])
    assert res.actor_id_of("1") == res.actor_id_of("2")
    assert res.actor_id_of("3") == res.actor_id_of("4")


def test_spelling_variants_of_a_person_merge() -> None:
    res = resolve_actors([
        mention("1", "Bikash Pandeyrai", "person", "broker", ("NP",)),
        mention("2", "Bikash Pandey Rai", "person", "broker", ("NP",)),
    ])
    assert res.actor_id_of("1") == res.actor_id_of("2")
    assert len(res.actors) == 1 and res.actors[0].name == "Bikash Pandey Rai"


def test_search_ignores_case_and_accents() -> None:
    assert search_key("Cárdenas") == search_key("CARDENAS") == "cardenas"
    store = open_store()
    resolution.replace_resolution(store, "actor", {"m1": "actor-1", "m2": "actor-2", "m3": "actor-3"}, [
        ("actor-1", "Osiel Cárdenas Guillén", {"type": "person", "aliases": ["Osiel Cárdenas Guillén"],
                                               "mentions": ["m1"]}),
        ("actor-2", "Ramón Cárdenas", {"type": "person", "aliases": ["Ramón Cárdenas"], "mentions": ["m2"]}),
        ("actor-3", "Ramon Cardenas", {"type": "person", "aliases": ["Ramon Cardenas"], "mentions": ["m3"]}),
    ])
    assert {c["id"] for c in resolution.named(store, "actor", "cardenas", exact=False)} == {
        "actor-1", "actor-2", "actor-3"}
    out = CliRunner().invoke(cli, ["actors", "CARDENAS GUILLEN", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert [json.loads(line)["id"] for line in out.output.splitlines()] == ["actor-1"]
    # A name two actors carry is refused with the candidates, not guessed.
    out = CliRunner().invoke(cli, ["merge", "ramon cardenas", "actor-1", "--kind", "actor"])
    assert out.exit_code != 0
    assert "2 actors are named 'ramon cardenas'" in out.output and "actor-2" in out.output
    assert resolution.member(store, "actor", "osiel cardenas guillen") == "m1"


# --- incidents --------------------------------------------------------------------------

def _incident(doc: str, year: int, evidence: str, actors: list[str], **extra: Any) -> Any:
    from ratline.resolve import IncidentRecord

    data = {"trade": "organ", "organs": ["kidney"], "countries": ["KH"], "places": ["Phnom Penh"],
            "year": year, "evidence": evidence, "summary": extra.pop("summary", ""),
            "actors": [{"name": n, "type": "person", "role": "broker"} for n in actors],
            "victims": {"count": extra.pop("victims", None)}}
    data.update(extra)
    return IncidentRecord.from_json(doc, 0, data)


def test_verdict_years_later_links_and_other_ring_in_same_city_does_not() -> None:
    arrest = _incident("a", 2014, "arrest", ["Sokha Meanrith", "Vanna Chhorvy"], victims=3)
    verdict = _incident("b", 2017, "conviction", ["Sokha Meanrith"])
    other = _incident("c", 2019, "arrest", ["Dara Pichsovann", "Kimly Serey"], victims=12)
    res = resolve_incidents([arrest, verdict, other])
    assert res.cluster_id_of("a#0") == res.cluster_id_of("b#0")
    assert res.cluster_id_of("c#0") != res.cluster_id_of("a#0")


def test_explain_prints_comparisons_weights_total_and_threshold() -> None:
    from ratline.resolve.explain import explain_incidents

    arrest = _incident("a", 2014, "arrest", ["Sokha Meanrith"])
    other = _incident("c", 2019, "arrest", ["Dara Pichsovann"])
    text = "\n".join(explain_incidents([arrest, other], ["a#0"], ["c#0"]).lines)
    assert "actors none" in text and "year gap (2014/2019)" in text
    assert "total " in text and "threshold +" in text and "not linked" in text
    for line in text.splitlines()[1:-2]:
        assert line.rstrip()[-5:].lstrip("+-").replace(".", "").isdigit(), line


# --- real reports -----------------------------------------------------------------------

def _clusters_bench() -> Any:
    if not (NEWS / "clusters.json").is_file():
        pytest.skip("../shared/news/clusters.json is not present (real reports are not shipped)")
    spec = importlib.util.spec_from_file_location("bench_clusters", ROOT / "bench" / "clusters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_clusters_resolved_from_annotated_incidents() -> None:
    bench = _clusters_bench()
    gold = bench.load_gold(NEWS)
    records = bench.gold_records(NEWS)
    held: dict[str, set[str]] = defaultdict(set)
    for member, cid in resolve_incidents(records).mapping().items():
        held[member.split("#")[0]].add(cid)
    s = bench.score(held, gold)
    floor = FLOORS["annotated"]
    assert s["precision"] >= floor["precision"], s["wrong"]
    assert s["recall"] >= floor["recall"], s["missed"]
    assert s["lookalikes_apart"] >= floor["lookalikes_apart"], s["lookalikes_joined"]


@pytest.mark.slow
def test_real_clusters_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _clusters_bench()
    gold = bench.load_gold(NEWS)
    monkeypatch.setenv("RATLINE_PSEUDONYM_KEY", "test-clusters")
    path = tmp_path / "clusters.db"
    bench.build_store(path, bench.documents_for(NEWS, 0), NEWS)
    held, _ = bench.resolve(path)
    s = bench.score(held, gold)
    floor = FLOORS["extracted"]
    assert s["precision"] >= floor["precision"], s["wrong"]
    assert s["recall"] >= floor["recall"], s["missed"]
    assert s["lookalikes_apart"] >= floor["lookalikes_apart"], s["lookalikes_joined"]
