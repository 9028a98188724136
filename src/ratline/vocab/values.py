"""Which values a statement's property may hold: a person's edit is checked against these.

Coded properties take their values from the vocabularies (`trades.yaml`, `organs.yaml`,
`evidence.yaml`, `activities.yaml`, `roles.yaml`, `money.yaml`, `victims.yaml`) or from the
country codes extraction knows; structured ones (actor, route, money, person status) are JSON
objects whose coded keys are checked the same way. Free-text properties (place, summary)
take any non-empty text. `check` raises `BadValue` naming the allowed values, so an edit
with a misspelt level or an invented role is refused, never stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from functools import cache
from typing import Any

from ratline.vocab import load

# Legal statuses a person statement may carry, weakest to strongest, then the outcomes
# after a charge (the extractor's `person_status` values).
PERSON_STATUSES = ("mentioned", "alleged", "suspected", "arrested", "charged", "convicted",
                   "acquitted", "charges_withdrawn")
ROUTE_ROLES = ("origin", "transit", "destination")
YEARS = (1800, 2200)


class BadValue(ValueError):
    """A value the property may not hold; the message names the allowed values."""


@cache
def allowed(kind: str) -> tuple[str, ...]:
    """The allowed values of a coded kind (trade, organ, evidence, activity, role, type,
    money_what, victim_kind, country, person_status, route_role)."""
    if kind == "country":
        from ratline.geo.places import country_codes

        return tuple(sorted(country_codes()))
    if kind == "evidence":
        ev = load("evidence")
        return (*ev["ladder"], ev["denial_level"])
    fixed = {"person_status": PERSON_STATUSES, "route_role": ROUTE_ROLES}
    if kind in fixed:
        return fixed[kind]
    if kind == "type":
        # Persons are told apart by the parser, the other types by words in a name.
        return ("person", *load("roles")["types"])
    source = {"trade": ("trades", "trades"), "organ": ("organs", "organs"),
              "activity": ("activities", "activities"), "role": ("roles", "roles"),
              "money_what": ("money", "what"), "victim_kind": ("victims", "kinds")}
    if kind not in source:
        raise KeyError(f"no value list {kind!r}")
    name, key = source[kind]
    return tuple(load(name)[key])


def _one_of(kind: str, value: Any, label: str | None = None) -> None:
    options = allowed(kind)
    if value not in options:
        raise BadValue(f"unknown {label or kind} {value!r}; allowed: {', '.join(options)}")


def _whole(value: str, what: str, low: int, high: int) -> None:
    try:
        number = int(value)
    except ValueError:
        raise BadValue(f"{what} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise BadValue(f"{what} must lie between {low} and {high}, not {number}")


def _object(prop: str, value: str, keys: Collection[str]) -> dict[str, Any]:
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise BadValue(f"{prop} values are JSON objects with the keys {', '.join(keys)}")
    missing = [k for k in keys if k not in parsed]
    if missing:
        raise BadValue(f"a {prop} value needs the keys {', '.join(keys)}; missing: "
                       f"{', '.join(missing)}")
    return parsed


def _name(prop: str, data: dict[str, Any]) -> None:
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise BadValue(f"a {prop} needs a non-empty name")


def _actor(value: str) -> None:
    data = _object("actor", value, ("name", "type", "role"))
    _name("actor", data)
    _one_of("type", data["type"], "actor type")
    _one_of("role", data["role"])


def _person_status(value: str) -> None:
    data = _object("person_status", value, ("name", "status"))
    _name("person_status", data)
    _one_of("person_status", data["status"], "legal status")


def _route(value: str) -> None:
    data = _object("route", value, ("country", "role"))
    _one_of("country", data["country"], "country code")
    _one_of("route_role", data["role"], "route role")


def _money(value: str) -> None:
    data = _object("money", value, ("amount", "currency", "what"))
    amount = data["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        raise BadValue(f"a money amount is a number of at least 0, not {amount!r}")
    currency = data["currency"]
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isupper():
        raise BadValue(f"a money currency is a three-letter ISO 4217 code, not {currency!r}")
    _one_of("money_what", data["what"], "money what")


def _relevant(value: str) -> None:
    if value not in ("true", "false"):
        raise BadValue(f"relevant is true or false, not {value!r}")


CHECKS: dict[str, Callable[[str], None]] = {
    "trade": lambda v: _one_of("trade", v),
    "organ": lambda v: _one_of("organ", v),
    "country": lambda v: _one_of("country", v, "country code"),
    "evidence": lambda v: _one_of("evidence", v, "evidence level"),
    "activity": lambda v: _one_of("activity", v),
    "victim_kind": lambda v: _one_of("victim_kind", v, "victim kind"),
    "year": lambda v: _whole(v, "year", *YEARS),
    "victim_count": lambda v: _whole(v, "victim_count", 0, 10**9),
    "victim_deaths": lambda v: _whole(v, "victim_deaths", 0, 10**9),
    "actor": _actor,
    "person_status": _person_status,
    "route": _route,
    "money": _money,
    "relevant": _relevant,
}


def check(prop: str, value: str) -> None:
    """Raise `BadValue` unless `value` is one `prop` may hold."""
    if not value.strip():
        raise BadValue(f"a {prop} value may not be empty")
    rule = CHECKS.get(prop)
    if rule is not None:
        rule(value)
