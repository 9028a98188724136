"""Issue 12: in every layer -- the store, the web pages, the JSON API, the command line --
no victim's name is shown, no victim is a perpetrator, and nothing that is not a
conviction reads as one.

Each check runs over `LAYERS` (functions in `layers.py`) and over the cases of
`cases.py`, in two stores (see `conftest.py`): `extracted`, where the pipeline extracted
the cases (extraction and masking must both be right), and `seeded`, where victim
statements were written by hand (masking alone). An export layer joins by appending its
function to `LAYERS`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ethics import layers
from ethics.cases import BESIDE, NEGATIONS, VICTIMS, Case
from ethics.conftest import World

LAYERS: list[layers.Layer] = [layers.store_statements, layers.store_search, layers.web,
                              layers.api, layers.cli_commands, layers.exports, layers.report]
# In the seeded store the statements are written by hand (a summary quoting the name on
# purpose), so only the layers that show them are checked there.
SEEDED_LAYERS = [layer for layer in LAYERS if layer is not layers.store_statements]
# Layers that show people and evidence levels, and layers that show found documents.
PEOPLE_LAYERS = [layer for layer in LAYERS if layer is not layers.store_search]
# Exports and the briefing report carry statements and their sentences, never a
# document's whole text, so "the case's words are shown" does not apply to them; the
# people checks (which need the case's actors in the export) show the case is there. A
# download filtered by a search has its own check below.
SEARCHING = [layer for layer in LAYERS
             if layer not in (layers.store_statements, layers.exports, layers.report)]
pytestmark = pytest.mark.ethics
PERPETRATOR_ROLES = {"broker", "surgeon", "medical_staff", "recruiter", "transporter",
                     "buyer", "enforcer", "leader"}
CONVICTED = {"conviction", "convicted"}


def _ids(items: list[Any]) -> list[str]:
    return [getattr(i, "key", None) or getattr(i, "__name__", str(i)) for i in items]


def _in_worlds(checked: list[layers.Layer]) -> Any:
    """(store, layer) pairs: every layer over the extracted store, and those of
    `SEEDED_LAYERS` over the seeded one."""
    pairs = [("extracted", layer) for layer in checked]
    pairs += [("seeded", layer) for layer in checked if layer in SEEDED_LAYERS]
    return pytest.mark.parametrize(("store_name", "layer"), pairs,
                                   ids=[f"{w}-{layer.__name__}" for w, layer in pairs])


def _world(request: pytest.FixtureRequest, name: str) -> World:
    w: World = request.getfixturevalue(name)
    return w


def shown(world: World, layer: layers.Layer, case: Case) -> layers.Shown:
    key = (layer.__name__, case.key)
    if key not in world.memo:
        world.memo[key] = layer(world, case)
    out: layers.Shown = world.memo[key]
    return out


def _word(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", re.IGNORECASE)


def _refers_to(label: str, name: str) -> bool:
    """Whether a shown actor name stands for this victim: the name or a word of it, its
    masked form, or a pseudonym."""
    return (any(_word(w).search(label) for w in name.split()) or "█" in label
            or "Victim-" in label)


# -- (b), (c): no victim's name, anywhere ------------------------------------------------
@pytest.mark.parametrize("case", VICTIMS + BESIDE, ids=_ids(VICTIMS + BESIDE))
@_in_worlds(LAYERS)
def test_no_victim_name_is_shown(request: pytest.FixtureRequest, store_name: str,
                                 layer: layers.Layer, case: Case) -> None:
    out = shown(_world(request, store_name), layer, case)
    assert out.texts, "the layer showed nothing about the case"
    leaks = [(where, word) for name in case.victims for word in [name, *name.split()]
             for where, text in out.texts if _word(word).search(text)]
    assert not leaks, f"{case.key}: victim's name shown in {sorted(set(leaks))}"


@pytest.mark.parametrize("case", VICTIMS + BESIDE, ids=_ids(VICTIMS + BESIDE))
@_in_worlds(SEARCHING)
def test_case_is_shown_at_all(request: pytest.FixtureRequest, store_name: str,
                              layer: layers.Layer, case: Case) -> None:
    """The other checks mean something only if the layer shows the case's text."""
    out = shown(_world(request, store_name), layer, case)
    for word in case.words:
        assert any(_word(word).search(text) for _, text in out.texts), (case.key, word)


# -- (b), (c): no victim as a perpetrator ------------------------------------------------
@pytest.mark.parametrize("case", VICTIMS + BESIDE, ids=_ids(VICTIMS + BESIDE))
@_in_worlds(PEOPLE_LAYERS)
def test_no_victim_is_a_perpetrator(request: pytest.FixtureRequest, store_name: str,
                                    layer: layers.Layer, case: Case) -> None:
    out = shown(_world(request, store_name), layer, case)
    assert out.roles, "the layer showed no actor of the case"
    wrong = [(where, label, role) for where, label, role in out.roles
             for name in case.victims
             if role in PERPETRATOR_ROLES and _refers_to(label, name)
             and not any(_word(w).search(label) for b in case.brokers for w in b.split())]
    assert not wrong, f"{case.key}: victim shown as a perpetrator: {wrong}"


# -- (c): the broker beside the victim stays named ----------------------------------------
@pytest.mark.parametrize("case", BESIDE, ids=_ids(BESIDE))
@_in_worlds(PEOPLE_LAYERS)
def test_broker_beside_victim_stays_named(request: pytest.FixtureRequest, store_name: str,
                                          layer: layers.Layer, case: Case) -> None:
    out = shown(_world(request, store_name), layer, case)
    for broker in case.brokers:
        assert any(broker in text for _, text in out.texts), f"{broker} masked or missing"
        assert any(broker in label and role in PERPETRATOR_ROLES
                   for _, label, role in out.roles), f"{broker} not shown as a perpetrator"


# -- (a): nothing short of a conviction reads as one -------------------------------------
@pytest.mark.parametrize("case", NEGATIONS, ids=_ids(NEGATIONS))
@pytest.mark.parametrize("layer", PEOPLE_LAYERS,
                         ids=[f"extracted-{layer.__name__}" for layer in PEOPLE_LAYERS])
def test_no_conviction_from_negation_or_outcome(extracted: World, layer: layers.Layer,
                                                case: Case) -> None:
    out = shown(extracted, layer, case)
    assert out.levels, "the layer showed no evidence level for the case"
    levels = [(where, lv) for where, lv in out.levels if lv in CONVICTED]
    statuses = [(where, who, st) for where, who, st in out.statuses if st in CONVICTED]
    assert not levels and not statuses, (f"{case.key}: shown as a conviction: "
                                         f"{levels + statuses}")


# -- search: a victim's name finds nothing ------------------------------------------------
@pytest.mark.parametrize("case", VICTIMS + BESIDE, ids=_ids(VICTIMS + BESIDE))
@_in_worlds(SEARCHING)
def test_search_for_victim_name_finds_nothing(request: pytest.FixtureRequest, store_name: str,
                                              layer: layers.Layer, case: Case) -> None:
    out = shown(_world(request, store_name), layer, case)
    assert not out.found_by_victim_name, (f"{case.key}: found by a victim's name: "
                                          f"{out.found_by_victim_name}")


@pytest.mark.parametrize("case", VICTIMS + BESIDE, ids=_ids(VICTIMS + BESIDE))
@pytest.mark.parametrize("store_name", ["extracted", "seeded"])
def test_download_by_search_finds_nothing_through_a_victim_name(
        request: pytest.FixtureRequest, store_name: str, case: Case) -> None:
    """A download filtered by a search reads every matching document
    (`Store.matching_ids`), not the pages' best 5,000: it too finds nothing through a
    victim's name, and finds the case by its ordinary words."""
    world = _world(request, store_name)
    doc = world.documents[case.key]

    def downloaded(q: str) -> bool:
        r = world.client.get("/export", params={"format": "jsonl", "q": q})
        assert r.status_code == 200, r.text
        return any(doc in json.loads(line).get("documents", [])
                   for line in r.text.splitlines() if line.strip())

    assert all(downloaded(word) for word in case.words), case.key
    found = [q for q in layers.victim_queries(case) if downloaded(q)]
    assert not found, f"{case.key}: a download found by a victim's name: {found}"
