"""The values a reviewed statement may hold: vocabulary codes, numbers, JSON objects."""

from __future__ import annotations

import pytest

from ratline.vocab import load, values


def test_allowed_values_come_from_the_vocabularies() -> None:
    assert values.allowed("trade") == tuple(load("trades")["trades"])
    assert values.allowed("evidence")[-1] == "denial"
    assert "conviction" in values.allowed("evidence")
    assert "broker" in values.allowed("role") and "person" in values.allowed("type")
    assert {"NP", "IN", "XK"} <= set(values.allowed("country"))
    with pytest.raises(KeyError):
        values.allowed("colour")


@pytest.mark.parametrize(("prop", "value", "message"), [
    ("evidence", "Conviction", "allowed: rumor, speculation"),
    ("year", "20x1", "whole number"),
    ("year", "1492", "between 1800 and 2200"),
    ("victim_count", "-3", "between 0"),
    ("relevant", "maybe", "true or false"),
    ("actor", "Tariq Khan", "JSON objects"),
    ("actor", '{"name": "Tariq Khan", "role": "broker"}', "missing: type"),
    ("actor", '{"name": " ", "role": "broker", "type": "person"}', "non-empty name"),
    ("person_status", '{"name": "T K", "status": "guilty"}', "allowed: mentioned"),
    ("money", '{"amount": "lots", "currency": "USD", "what": "other"}', "number"),
    ("money", '{"amount": 5, "currency": "dollars", "what": "other"}', "ISO 4217"),
    ("victim_kind", "tourist", "allowed: donor"),
    ("place", "  ", "may not be empty"),
])
def test_bad_values_are_refused_with_a_reason(prop: str, value: str, message: str) -> None:
    with pytest.raises(values.BadValue, match=message):
        values.check(prop, value)


@pytest.mark.parametrize(("prop", "value"), [
    ("evidence", "denial"), ("year", "2019"), ("relevant", "false"), ("place", "Lahore"),
    ("summary", "A broker was arrested."), ("victim_kind", "migrant"),
    ("person_status", '{"name": "T K", "status": "charges_withdrawn"}'),
    ("money", '{"amount": 2.5, "currency": "EUR", "what": "market_value"}'),
])
def test_good_values_pass(prop: str, value: str) -> None:
    values.check(prop, value)


def _lists(node: object, path: str) -> list[tuple[str, list[object]]]:
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _lists(v, f"{path}/{k}")]
    if isinstance(node, list):
        return [(path, node)]
    return []


def test_every_vocabulary_list_holds_strings_that_compile() -> None:
    # A pattern holding ": " or " #" reads in YAML as a mapping or a comment, not as the
    # pattern: each list must stay a list of regular expressions.
    import re
    from pathlib import Path

    import yaml

    import ratline.vocab

    files = sorted(Path(ratline.vocab.__file__).parent.glob("*.yaml"))
    assert len(files) >= 10
    for f in files:
        for path, items in _lists(yaml.safe_load(f.read_text(encoding="utf-8")), f.stem):
            for item in items:
                assert isinstance(item, str), f"{path}: {item!r}"
                re.compile(item)
