"""The shared filter vocabulary: values parsed from text, and what the incident index
keeps with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click
import pytest

from ratline import filters
from ratline.analyze.incidents import ActorRole, Fact, Filters, Incident, IncidentIndex
from ratline.filters import FilterError, parse
from ratline.store import Store

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "code"), [
    ("EG", "EG"), ("eg", "EG"), ("Egypt", "EG"), ("egypt", "EG"), ("EGYPT", "EG"),
    ("EGY", "EG"), ("United States", "US"), ("USA", "US"), ("U.S.A.", "US"),
    ("united states of america", "US"), ("Türkiye", "TR"), ("Turkey", "TR"), ("turkiye", "TR"),
    ("Côte d'Ivoire", "CI"), ("Ivory Coast", "CI"), ("Burma", "MM"), ("UK", "GB"),
    ("Kosovo", "XK"), ("  Nepal ", "NP"), ("Congo", "CD"), ("Moldova", "MD"),
])
def test_country_by_code_name_or_alias(text: str, code: str) -> None:
    assert filters.country(text) == code
    assert parse({"country": text}).country == code


def test_country_misspelt_once_is_found_and_unknown_is_one_line() -> None:
    assert filters.country("Nepall") == "NP" and filters.country("Egpyt") == "EG"
    for bad in ("Atlantis", "XX", "1", "ZZZ"):
        with pytest.raises(FilterError) as err:
            parse({"country": bad})
        message = str(err.value)
        assert "\n" not in message and repr(bad) in message and "ISO code" in message
    with pytest.raises(FilterError, match="destination 'Atlantis'"):
        parse({"destination": "Atlantis"})


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("true", True), ("1", True),
                                              ("YES", True), ("no", False), ("false", False),
                                              ("0", False), ("", None)])
def test_conflict_words(text: str, value: bool | None) -> None:
    assert parse({"conflict": text}).conflict is value


def test_vocabularies_and_their_errors_name_the_accepted_values() -> None:
    got = parse({"trade": "Organ", "organ": "bone marrow", "role": "seller-donor",
                 "min_evidence": "charge", "evidence": "arrest", "kind": "case"})
    assert (got.trade, got.organ, got.role, got.min_evidence, got.evidence, got.kind) == (
        "organ", "bone_marrow", "seller_donor", "charge", "arrest", "case")
    for name, bad, listed in (("trade", "spices", "weapons"), ("organ", "toe", "kidney"),
                              ("role", "chef", "broker"), ("kind", "poem", "policy"),
                              ("min_evidence", "gossip", "rumor"),
                              ("conflict", "maybe", "yes, true, 1, no, false, 0")):
        with pytest.raises(FilterError) as err:
            parse({name: bad})
        assert listed in str(err.value) and repr(bad) in str(err.value), err.value
    with pytest.raises(FilterError, match="unknown filter 'colour'"):
        parse({"colour": "red"})


def test_years_and_their_range() -> None:
    got = parse({"year": "2021", "year_from": "2015", "year_to": "2022"})
    assert (got.year, got.year_from, got.year_to) == (2021, 2015, 2022)
    for values, message in (({"year": "soon"}, "year must be a year such as 2021"),
                            ({"year_from": "99999"}, "year_from must be a year between"),
                            ({"year_from": "2022", "year_to": "2015"}, "is after year_to")):
        with pytest.raises(FilterError, match=message):
            parse(values)


def test_since_ages_and_dates() -> None:
    assert parse({"since": "7d"}, NOW).since == NOW - timedelta(days=7)
    assert parse({"since": "12h"}, NOW).since == NOW - timedelta(hours=12)
    assert parse({"since": "2w"}, NOW).since == NOW - timedelta(weeks=2)
    assert parse({"since": "30m"}, NOW).since == NOW - timedelta(minutes=30)
    assert parse({"since": "2026-11-01"}).since == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse({"since": "2026-11-01T10:30:00+02:00"}).since == datetime(2026, 11, 1, 8, 30,
                                                                           tzinfo=UTC)
    for bad in ("yesterday", "7 days", "-3d", "2026-13-01"):
        with pytest.raises(FilterError, match="since must be an age such as 7d"):
            parse({"since": bad})


def test_actor_needle_is_folded() -> None:
    assert parse({"actor": "  CÁRDENAS "}).actor == "cardenas"
    with pytest.raises(FilterError, match="actor needs letters"):
        parse({"actor": "--"})


# -- what the index keeps ----------------------------------------------------------------
def _incident(key: str, **kw: object) -> Incident:
    inc = Incident(key, [], documents=[f"doc-{key}"])
    for name, value in kw.items():
        setattr(inc, name, value)
    return inc


def _actor(name: str, role: str) -> ActorRole:
    fact = Fact("s", "incident:x:1", "actor", name, None, "d", None, None, 1.0, "machine", None,
                None)
    return ActorRole("actor:" + name, name, "person", role, "mentioned", fact)


@pytest.fixture
def index() -> IncidentIndex:
    incidents = {
        "a": _incident("a", route=[("NP", "origin"), ("IN", "destination")],
                       actors=[_actor("José Cárdenas", "broker")], year=2021),
        "b": _incident("b", route=[("IN", "origin"), ("IL", "destination")],
                       actors=[_actor("Anna Berg", "surgeon"), _actor("Cárdenas Clinic", "other")],
                       year=2019),
        "c": _incident("c", countries=["TR"], route=[("TR", "transit")], year=2015),
    }
    kinds = {"doc-a": "case", "doc-b": "case", "doc-c": "policy"}
    ingested = {"doc-a": NOW - timedelta(days=1), "doc-b": NOW - timedelta(days=30),
                "doc-c": NOW - timedelta(hours=2)}
    return IncidentIndex(incidents, {}, kinds=kinds, ingested=ingested)


def _kept(index: IncidentIndex, **values: str) -> list[str]:
    return sorted(i.id for i in index.select(parse(values, NOW)))


def test_route_roles_keep_incidents_by_where_a_country_stands(index: IncidentIndex) -> None:
    assert _kept(index, destination="IN") == ["a"]
    assert _kept(index, origin="india") == ["b"]
    assert _kept(index, country="India") == ["a", "b"]
    assert _kept(index, transit="Turkey") == ["c"]
    assert _kept(index, destination="Israel", origin="IN") == ["b"]
    assert _kept(index, origin="Israel") == []


def test_several_countries_mean_any_of_them(index: IncidentIndex) -> None:
    assert _kept(index, destination="Israel, India") == ["a", "b"]
    assert _kept(index, destination="IL,Turkey") == ["b"]
    assert _kept(index, country="Nepal, Turkey") == ["a", "c"]
    assert parse({"country": "Korea, Republic of"}).country == "KR"  # one name, one comma
    with pytest.raises(FilterError, match="Atlantis"):
        parse({"destination": "Israel, Atlantis"})


def test_actor_name_ignores_case_and_accents_and_goes_with_the_role(index: IncidentIndex) -> None:
    assert _kept(index, actor="cardenas") == ["a", "b"]
    assert _kept(index, actor="CÁRDENAS", role="broker") == ["a"]
    assert _kept(index, actor="berg", role="broker") == []  # Berg is a surgeon
    assert _kept(index, role="surgeon") == ["b"]


def test_since_kind_and_year_range(index: IncidentIndex) -> None:
    assert _kept(index, since="7d") == ["a", "c"]
    assert _kept(index, since="3h") == ["c"]
    assert _kept(index, kind="policy") == ["c"]
    assert _kept(index, kind="case", year_from="2020") == ["a"]
    assert _kept(index) == ["a", "b", "c"]


def test_described_holds_only_the_filters_given() -> None:
    got = parse({"country": "Nepal", "since": "2026-11-01", "conflict": "no"})
    assert got.described() == {"country": "NP", "since": "2026-11-01T00:00:00+00:00",
                               "conflict": False}
    assert Filters().described() == {}


def test_command_line_options_turn_a_bad_value_into_a_usage_error() -> None:
    @click.command()
    @filters.filter_options
    def show(**options: str | None) -> None:
        click.echo(repr(filters.filters_from_options(options).described()))

    from click.testing import CliRunner

    ok = CliRunner().invoke(show, ["--destination", "Israel", "--from", "2019", "--year-to",
                                   "2020", "--conflict", "true"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip() == repr({"destination": "IL", "year_from": 2019, "year_to": 2020,
                                      "conflict": True})
    bad = CliRunner().invoke(show, ["--country", "Atlantis"])
    assert bad.exit_code == 2 and "unknown country 'Atlantis'" in bad.output


def test_document_kind_and_ingest_time_come_from_the_store(store: Store) -> None:
    """On every backend: the extraction keeps each document's kind as a statement, and
    the index reads it and the ingest time for `kind` and `since`."""
    from sqlalchemy import update

    from ratline import pipeline
    from ratline.analyze.incidents import build_index
    from ratline.model import Document
    from ratline.store import schema

    case = ("FICTIONAL: Police in Kathmandu, Nepal, arrested a kidney broker in 2021. He had "
            "taken villagers from Nepal to a hospital in India to sell a kidney.")
    recipe = "FICTIONAL: Stir the lentils, add cumin and serve the soup warm with rice."
    docs = [Document(pipeline.document_id(t), t, f"{n}.txt", "text/plain", title=n)
            for n, t in (("case", case), ("recipe", recipe))]
    store.add_documents(docs)
    pipeline.extract_stored(store, ids=[d.id for d in docs])
    kinds = {s["document_id"]: s["value"] for s in store.statements(prop="kind")}
    assert kinds == {docs[0].id: "case", docs[1].id: "negative"}
    index = build_index(store)
    assert index.kinds == kinds
    kept = index.select(parse({"kind": "case", "since": "1h", "destination": "India"}))
    assert kept and all(docs[0].id in i.documents for i in kept)
    d = schema.documents
    with store.engine.begin() as conn:
        conn.execute(update(d).where(d.c.id == docs[0].id)
                     .values(created_at=datetime(2020, 1, 1, tzinfo=UTC)))
    assert build_index(store).select(parse({"since": "7d"})) == []
