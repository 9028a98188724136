"""What a full incident resolution holds per record: it holds every record at once, so the
records share what repeats. Every name and text here is fictional."""

from __future__ import annotations

import pickle
import sys

from ratline.resolve import resolve_incidents
from ratline.resolve.fingerprint import NameSet, fingerprint, name_set
from ratline.resolve.incidents import IncidentRecord, _features
from ratline.resolve.records import StoredIncident, records_and_mentions

ROUND_UP = ("Police in Korvath arrested the broker Ilmar Dashenko and the clinic owner Veda "
            "Orlunn. Separately, customs officers in Tarnow seized rifles from Petar Zlobin.")


def _incident(countries: list[str], actors: list[tuple[str, str]], **more: object) -> dict[str, object]:
    return {"trade": "organ", "countries": countries, "organs": ["kidney"],
            "activities": ["brokering"], "year": 2021,
            "actors": [{"name": n, "type": "person", "role": r} for n, r in actors], **more}


def test_the_incidents_of_one_document_share_its_fingerprint() -> None:
    stored = [StoredIncident(f"incident:d1#{k}", "d1", _incident(["KV"], [("Ilmar Dashenko", "broker")]), [])
              for k in range(2)]
    stored.append(StoredIncident("incident:d2#0", "d2", _incident(["KV"], [("I. Dashenko", "broker")]), []))
    prints = {"d1": fingerprint(ROUND_UP), "d2": fingerprint(
        "A court in Korvath charged Ilmar Dashenko with brokering kidney sales.")}
    records, _ = records_and_mentions(stored, {}, prints)
    assert records[0].names is records[1].names
    assert records[0].names == tuple(sorted(prints["d1"]))
    # A name both documents print is one string, however many hold it.
    common = set(records[0].names) & set(records[2].names)
    assert common
    for h in common:
        assert next(n for n in records[0].names if n == h) is next(n for n in records[2].names if n == h)


def test_a_fingerprint_is_a_sorted_tuple_of_its_names_once_each() -> None:
    names = name_set(["b2", "a1", "b2", "case:c3"])
    assert isinstance(names, NameSet) and isinstance(names, tuple)
    assert names == ("a1", "b2", "case:c3")
    assert name_set(names) is names
    # Ten times smaller than a set of the same names, which a million records add up.
    many = name_set(f"{i:010x}" for i in range(22))
    assert sys.getsizeof(many) * 5 < sys.getsizeof(frozenset(many))
    assert pickle.loads(pickle.dumps(many)) == many


def test_records_share_the_values_they_repeat_and_keep_no_instance_dict() -> None:
    a = IncidentRecord.from_json("d1", 0, _incident(["KV", "TW"], [("Ilmar Dashenko", "broker")]))
    b = IncidentRecord.from_json("d2", 0, _incident(["TW", "KV"], [("Veda Orlunn", "broker")]))
    assert a.countries is b.countries and a.organs is b.organs and a.activities is b.activities
    assert a.actor_types is b.actor_types and a.actor_roles is b.actor_roles
    assert a.countries == frozenset({"KV", "TW"})
    assert not hasattr(a, "__dict__")
    assert pickle.loads(pickle.dumps(a)) == a


def test_reports_spelling_a_name_alike_share_its_parsed_profile() -> None:
    recs = [IncidentRecord.from_json(f"d{i}", 0, _incident(["KV"], [("Ilmar Dashenko", "broker")],
                                                           places=["Tarnow"]))
            for i in range(3)]
    feats = _features(recs)
    assert feats[0].actors[0] is feats[1].actors[0] is feats[2].actors[0]
    assert feats[0].places[0] is feats[2].places[0]


def test_shared_values_change_no_outcome() -> None:
    """Three reports of one case and one of another: the shared fingerprint, values and
    profiles give the clusters that separate objects give."""
    texts = {
        "d1": "Police in Korvath arrested the broker Ilmar Dashenko and Veda Orlunn of the Ostrel clinic.",
        "d2": "Ilmar Dashenko and Veda Orlunn, who ran the Ostrel clinic in Korvath, were charged.",
        "d3": "A Korvath court convicted Ilmar Dashenko and Veda Orlunn over the Ostrel clinic.",
        "d4": "Customs officers in Tarnow seized rifles from the haulier Petar Zlobin.",
    }
    recs = [IncidentRecord.from_json(doc, 0, _incident(
        ["KV"] if doc != "d4" else ["TW"],
        [("Ilmar Dashenko", "broker"), ("Veda Orlunn", "surgeon")] if doc != "d4" else
        [("Petar Zlobin", "transporter")], places=["Korvath"] if doc != "d4" else ["Tarnow"]),
        names=fingerprint(text)) for doc, text in texts.items()]
    clusters = sorted(sorted(c.members) for c in resolve_incidents(recs).clusters)
    assert clusters == [["d1#0", "d2#0", "d3#0"], ["d4#0"]]


def test_reasons_that_recur_word_for_word_are_held_once() -> None:
    """Every merge and pair for review keeps its reasons; two pairs compared alike share
    the strings."""
    from ratline.resolve.incidents import compare_incidents

    case = _incident(["KV"], [("Ilmar Dashenko", "broker")], places=["Korvath"])
    first = compare_incidents(IncidentRecord.from_json("d1", 0, case), IncidentRecord.from_json("d2", 0, case))
    again = compare_incidents(IncidentRecord.from_json("d3", 0, case), IncidentRecord.from_json("d4", 0, case))
    assert first.reasons == again.reasons and len(first.reasons) > 2
    assert all(x is y for x, y in zip(first.reasons, again.reasons, strict=True))
