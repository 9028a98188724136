"""The analysis views: the price table with its citations, route flows, the network's
evidence switch and incident titles, over a store built here from fictional reports and
over incidents made by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ratline.analyze.incidents import ActorRole, Fact, Incident, build_index
from ratline.analyze.network import network_data
from ratline.analyze.routes import route_flows
from ratline.analyze.titles import incident_title, readable
from ratline.store import open_store
from support.analysis_store import MARKER, build, run


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    yield build(tmp_path_factory.mktemp("analysis"))


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


# -- prices -------------------------------------------------------------------------------
def test_price_table_ranges_and_citations(world: dict[str, str]) -> None:
    rows = jsonl(run(world, "prices", "--format", "jsonl"))
    egypt = next(r for r in rows if (r["country"], r["year"], r["currency"]) == ("EG", 2019, "USD"))
    seller, recipient = egypt["payment_to_seller"], egypt["price_to_recipient"]
    # "Investigators said the donors were paid USD 3,000 each" (Cairo) and the promised
    # and received sums of Alexandria.
    assert (seller["count"], seller["min"], seller["max"]) == (3, 2000.0, 5000.0)
    assert (recipient["count"], recipient["min"], recipient["max"]) == (2, 60000.0, 80000.0)
    assert egypt["converted"] is False
    cited = {s["amount"]: s for s in recipient["sources"]}
    assert cited[60000.0]["sentence"] == ("Recipients from Israel paid USD 60,000 per "
                                          "transplant, police said.")
    assert cited[60000.0]["title"] == "Kidney broker arrested in Cairo"
    assert cited[60000.0]["url"].endswith("cairo.md")
    assert cited[80000.0]["title"] == "Court charges transplant ring in Alexandria"
    assert cited[80000.0]["evidence"] == "charge"
    paid = {s["amount"]: s["sentence"] for s in seller["sources"]}
    assert paid[3000.0] == ("Investigators said the donors were paid USD 3,000 each for a "
                            "kidney.")
    assert "USD 5,000" in paid[2000.0] and "USD 5,000" in paid[5000.0]
    # The Lahore example in its own currency, and its conversion ("roughly USD 17,000 to
    # USD 29,000") as the same recipients' price in USD: one entry per currency.
    pkr = next(r for r in rows if r["currency"] == "PKR")
    assert pkr["payment_to_seller"]["min"] == 180000.0
    assert (pkr["price_to_recipient"]["min"], pkr["price_to_recipient"]["max"]) == (3e6, 5e6)
    sellers = {s["amount"] for r in rows for s in r["payment_to_seller"]["sources"]}
    recipients = {s["amount"] for r in rows for s in r["price_to_recipient"]["sources"]}
    assert 29000.0 in recipients and 29000.0 not in sellers


def test_prices_text_says_unconverted_and_filters(world: dict[str, str]) -> None:
    text = run(world, "prices", "--country", "eg")
    assert "not converted" in text
    assert "Egypt (EG), 2019, USD" in text
    assert "2,000–5,000 USD (3)" in text and "60,000–80,000 USD (2)" in text
    assert "Eritrea" not in run(world, "prices", "--country", "SD")
    assert "No selected incident" in run(world, "prices", "--trade", "weapons")
    err = run(world, "prices", "--min-evidence", "certainty", code=2)
    assert "unknown min_evidence 'certainty'" in err
    assert run(world, "prices", "--country", "Egypt") == text  # a name is the code
    assert "Atlantis" in run(world, "prices", "--country", "Atlantis", code=2)


# -- route flows --------------------------------------------------------------------------
def _incident(key: str, route: list[tuple[str, str]], evidence: str) -> Incident:
    return Incident(key, [], trade="organ", evidence=evidence, route=route)


def test_route_flows_count_incidents_per_leg_with_strongest_evidence() -> None:
    incidents = [
        _incident("a", [("NP", "origin"), ("IN", "transit"), ("AE", "destination")], "rumor"),
        _incident("b", [("NP", "origin"), ("IN", "destination")], "conviction"),
        _incident("c", [("BD", "origin"), ("IN", "destination")], "allegation"),
        _incident("d", [("NP", "origin")], "arrest"),
    ]
    flows = {(f["from"], f["to"]): f for f in route_flows(incidents)}
    assert set(flows) == {("NP", "IN"), ("IN", "AE"), ("BD", "IN")}
    assert flows[("NP", "IN")]["incidents"] == 2
    assert flows[("NP", "IN")]["evidence"] == "conviction"
    assert flows[("NP", "IN")]["strongest_incident"] == "b"
    assert flows[("NP", "IN")]["incident_ids"] == ["a", "b"]
    assert flows[("IN", "AE")]["incidents"] == 1 and flows[("IN", "AE")]["evidence"] == "rumor"
    assert route_flows(incidents)[0]["from"] == "NP"  # most travelled first
    assert flows[("BD", "IN")]["from_label"] == "Bangladesh"


def test_routes_command_over_the_store(world: dict[str, str]) -> None:
    flows = {(f["from"], f["to"]): f for f in jsonl(run(world, "routes", "--format", "jsonl"))}
    assert flows[("ER", "EG")]["incidents"] == 1
    assert flows[("ER", "EG")]["evidence"] == "charge"
    assert flows[("SY", "IL")]["evidence"] == "allegation"
    text = run(world, "routes", "--min-evidence", "arrest")
    assert "Eritrea (ER) -> Egypt (EG): 1 incident(s), strongest: Charged" in text
    assert "Syria" not in text  # an allegation is below an arrest


# -- network ------------------------------------------------------------------------------
def _fact(sid: str, doc: str) -> Fact:
    return Fact(sid, "incident:x", "actor", "{}", {}, doc, 0, 1, 0.9, "machine", None, None)


def test_network_evidence_switch_drops_weaker_links() -> None:
    inc = Incident("inc-1", [], trade="organ", evidence="arrest",
                   evidence_by_document={"d-rumour": "rumor", "d-police": "arrest"})
    inc.actors = [ActorRole("actor:broker", "Broker One", "person", "broker", "arrested",
                            _fact("s1", "d-police")),
                  ActorRole("actor:gossip", "Named In Rumour", "person", "recruiter",
                            "mentioned", _fact("s2", "d-rumour"))]
    full = network_data([inc])
    links = {e["source"] if e["source"] != "inc-1" else e["target"]: e for e in full["edges"]}
    assert links["actor:broker"]["evidence"] == "arrest"
    assert links["actor:gossip"]["evidence"] == "rumor"
    assert links["actor:broker"]["weight"] > links["actor:gossip"]["weight"] > 0
    strong = network_data([inc], min_link_evidence="arrest")
    assert {n["id"] for n in strong["nodes"]} == {"inc-1", "actor:broker"}
    assert len(strong["edges"]) == 1 and strong["min_link_evidence"] == "arrest"
    assert network_data([inc], min_link_evidence="conviction")["nodes"] == []


# -- titles -------------------------------------------------------------------------------
def test_titles_never_a_marker_or_a_fragment() -> None:
    assert readable(MARKER) is None
    assert readable(f"{MARKER}\n\nPolice in Cairo arrested a broker.") == \
        "Police in Cairo arrested a broker."
    assert readable("allegedly met them at the airport and took them away.") is None
    assert readable("was a businessman from Oman who paid") is None
    inc = Incident("inc-2", [], trade="organ", summary=MARKER, year=2019, organs=["kidney"],
                   countries=["EG", "SD"])
    assert incident_title(inc) == "Organ trafficking (kidney) in Egypt, Sudan, 2019"


def test_store_titles_are_readable(world: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The marked example has an incident whose only summary is the marker line."""
    for key, value in world.items():
        monkeypatch.setenv(key, value)
    store = open_store()
    try:
        titles = [i.title for i in build_index(store).incidents.values()]
    finally:
        store.close()
    assert len(titles) >= 4
    assert all(not t.startswith("FICTIONAL") and t[0].isupper() for t in titles), titles


def test_citation_of_a_wrapped_text_goes_over_its_line_breaks() -> None:
    from ratline.analyze.citations import sentence_around
    from support.wrapped import WRAPPED

    i = WRAPPED.index("suspicion")
    got = sentence_around(WRAPPED, i, i + len("suspicion"))
    assert got.startswith("MOMBASA, 4 May 2023") and got.endswith("hotel jobs in Dubai.")
    # Lines of their own (a heading) still end one.
    text = "Coastal Police Bulletin\nTwo men were charged on Wednesday\nA hearing is set"
    assert sentence_around(text, text.index("charged"), text.index("charged") + 7) == \
        "Two men were charged on Wednesday"
