"""Where each country of a case stands on its route, as the rules read it (`route`)."""

from __future__ import annotations

from ratline.extract.extractor import check_text, rule_pass


def _route(text: str) -> list[set[tuple[str, str]]]:
    rules = rule_pass(check_text(text))
    assert rules is not None
    return [{(f.value["country"], f.value["role"]) for f in inc.route} for inc in rules.incidents]


def test_from_a_place_to_another_sends_to_the_second() -> None:
    # "from Kavre to India": India follows "to", whatever unknown place "from" names first.
    (route,) = _route("Two brokers trafficked villagers from Kavre to India in 2022 to sell "
                      "their kidneys, the police of Nepal said.")
    assert route == {("IN", "destination"), ("NP", "origin")}


def test_where_a_suspect_was_extradited_from_is_not_on_the_route() -> None:
    (route,) = _route("A broker who sent donors from Nepal to India for kidney removals in 2022 "
                      "was extradited from Poland to India.")
    assert ("PL", "origin") not in route and ("NP", "origin") in route
