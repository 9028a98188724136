"""The filter vocabulary of every layer: filter values parsed from text, once.

The command line (`--country Egypt`), the web pages and the JSON API (`?country=Egypt`)
hand the same strings to `parse`, which returns the `Filters` the incident index applies.
A bad value raises `FilterError`, whose one-line message names what is accepted; the web
answers it with a 400 and the command line with a usage error (exit status 2).

Names: trade, organ, country, origin, transit, destination, actor, role, evidence,
min_evidence, year, year_from, year_to, since, kind, conflict. The command line spells
them as options (`filter_options`), with `--from`/`--to` for the year range.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ratline.ascii_fold import ascii_fold
from ratline.model import DOCUMENT_KINDS
from ratline.vocab import load

if TYPE_CHECKING:  # the index module loads slowly; a command's --help does not need it
    from ratline.analyze.incidents import Filters

F = TypeVar("F", bound=Callable[..., Any])
# Every filter name, in the order help texts and docs list them.
NAMES = ("trade", "organ", "country", "origin", "transit", "destination", "actor", "role",
         "evidence", "min_evidence", "year", "year_from", "year_to", "since", "kind", "conflict")
YEARS = (1800, 2200)
MAX_TEXT = 200
_TRUE, _FALSE = ("yes", "true", "1"), ("no", "false", "0")
_AGO = re.compile(r"^(\d{1,6})\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# Fuzzy country matching only from this many letters on: "ni" is Nicaragua, Niger, ...
_FUZZY_FROM = 4
_CLOSE = 0.8  # difflib's similarity for a misspelt country name


class FilterError(ValueError):
    """A filter value that is not understood; the message is one line for the user."""


def trades() -> list[str]:
    return list(load("trades")["trades"])


def organs() -> list[str]:
    return list(load("organs")["organs"])


def roles() -> list[str]:
    return list(load("roles")["roles"])


def ladder() -> list[str]:
    """The evidence ladder, weakest first."""
    return list(load("evidence")["ladder"])


def evidence_levels() -> list[str]:
    return ladder() + ["denial"]


def _choice(name: str, value: str, known: list[str] | tuple[str, ...]) -> str:
    word = value.strip().lower().replace("-", "_").replace(" ", "_")
    if word not in known:
        raise FilterError(f"unknown {name} {value!r}; known: {', '.join(known)}")
    return word


def trade(value: str) -> str:
    return _choice("trade", value, trades())


def organ(value: str) -> str:
    return _choice("organ", value, organs())


def role(value: str) -> str:
    return _choice("role", value, roles())


def kind(value: str) -> str:
    return _choice("kind", value, DOCUMENT_KINDS)


def evidence(value: str, name: str = "evidence") -> str:
    return _choice(name, value, evidence_levels())


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_fold(text).lower()).split())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded name, alias or code -> ISO alpha-2, from pycountry and the gazetteer's
    curated aliases (which win: "Congo" alone is the DRC, "Turkey" is TR)."""
    import pycountry

    from ratline.geo.places import _data

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names[_fold(value)] = c.alpha_2
    for iso, aliases in _data()["country_aliases"].items():
        names[_fold(iso)] = iso
        for alias in aliases:
            names[_fold(alias)] = iso
    return names


def country(value: str, name: str = "country") -> str:
    """An ISO alpha-2 code from a code, a name or an alias in any case or accents
    ("EG", "egypt", "USA", "United States", "Türkiye", "Turkey"); a misspelling is
    accepted when it resembles one country only."""
    key = _fold(value)
    names = _country_names()
    if key in names:
        return names[key]
    if len(key) >= _FUZZY_FROM:
        import pycountry

        try:
            # Names containing the words, and countries of subdivisions that do.
            found = {c.alpha_2 for c in pycountry.countries.search_fuzzy(key)}
        except LookupError:
            # A misspelling: names that differ by a letter or two ("Nepall", "Egpyt").
            found = {names[k] for k in difflib.get_close_matches(key, list(names), 5, _CLOSE)}
        if len(found) == 1:
            return found.pop()
        if found:
            raise FilterError(f"{name} {value!r} could be {', '.join(sorted(found)[:6])}; "
                              "give an ISO code or the full name")
    raise FilterError(f"unknown {name} {value!r}; give a country name or ISO code such as NP")


def countries(value: str, name: str = "country") -> str:
    """One country, or several separated by commas ("Israel, Turkey": either), as ISO codes
    joined by commas. A name that itself holds a comma ("Korea, Republic of") is one country."""
    if "," not in value or _fold(value) in _country_names():
        return country(value, name)
    codes = [country(part.strip(), name) for part in value.split(",") if part.strip()]
    return ",".join(dict.fromkeys(codes))


def actor(value: str) -> str:
    """An actor-name needle: case, accents and punctuation folded, as the index compares."""
    from ratline.resolve.names import search_key

    if len(value) > MAX_TEXT:
        raise FilterError(f"actor is at most {MAX_TEXT} characters")
    needle = search_key(value)
    if not needle:
        raise FilterError("actor needs letters or digits of a name")
    return needle


def year(value: str, name: str = "year") -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise FilterError(f"{name} must be a year such as 2021, not {value!r}") from None
    if not YEARS[0] <= number <= YEARS[1]:
        raise FilterError(f"{name} must be a year between {YEARS[0]} and {YEARS[1]}")
    return number


def since(value: str, now: datetime | None = None) -> datetime:
    """The earliest ingest time: `7d`, `12h`, `2w`, `30m` ago, or an ISO date or time
    (UTC unless it names its zone)."""
    text = value.strip().lower()
    ago = _AGO.match(text)
    if ago:
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[ago[2]]: int(ago[1])})
    try:
        when = (datetime.fromisoformat(text.upper()) if "t" in text or ":" in text
                else datetime.combine(date.fromisoformat(text), datetime.min.time()))
    except ValueError:
        raise FilterError(f"since must be an age such as 7d, 12h, 2w or 30m, or an ISO date "
                          f"such as 2026-11-01, not {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def conflict(value: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise FilterError(f"conflict must be one of {', '.join(_TRUE + _FALSE)}, not {value!r}")


def parse(values: Mapping[str, Any], now: datetime | None = None) -> Filters:
    """`Filters` from text values by name (`NAMES`); empty and missing values are no filter.
    Raises `FilterError` for the first bad value."""
    from ratline.analyze.incidents import Filters

    raw = {k: str(v).strip() for k, v in values.items() if v is not None and str(v).strip()}
    unknown = sorted(set(raw) - set(NAMES))
    if unknown:
        raise FilterError(f"unknown filter {unknown[0]!r}; known: {', '.join(NAMES)}")
    for k, v in raw.items():
        if len(v) > MAX_TEXT:
            raise FilterError(f"{k} is at most {MAX_TEXT} characters")
    get = raw.get
    out = Filters(
        trade=trade(get("trade", "")) if get("trade") else None,
        organ=organ(get("organ", "")) if get("organ") else None,
        country=countries(get("country", "")) if get("country") else None,
        origin=countries(get("origin", ""), "origin") if get("origin") else None,
        transit=countries(get("transit", ""), "transit") if get("transit") else None,
        destination=(countries(get("destination", ""), "destination")
                     if get("destination") else None),
        actor=actor(get("actor", "")) if get("actor") else None,
        role=role(get("role", "")) if get("role") else None,
        evidence=evidence(get("evidence", "")) if get("evidence") else None,
        min_evidence=(evidence(get("min_evidence", ""), "min_evidence")
                      if get("min_evidence") else None),
        year=year(get("year", "")) if get("year") else None,
        year_from=year(get("year_from", ""), "year_from") if get("year_from") else None,
        year_to=year(get("year_to", ""), "year_to") if get("year_to") else None,
        since=since(get("since", ""), now) if get("since") else None,
        kind=kind(get("kind", "")) if get("kind") else None,
        conflict=conflict(get("conflict", "")) if get("conflict") else None,
    )
    if out.year_from is not None and out.year_to is not None and out.year_from > out.year_to:
        raise FilterError(f"year_from {out.year_from} is after year_to {out.year_to}")
    return out


# -- the command line -------------------------------------------------------------------
def _help() -> list[tuple[tuple[str, ...], str, str]]:
    return [
        (("--trade",), "trade", f"Only incidents of this trade ({', '.join(trades())})."),
        (("--organ",), "organ", f"Only incidents naming this organ ({', '.join(organs())})."),
        (("--country",), "country", "Only incidents in or routed through this country "
                                    "(ISO code or name: NP, Nepal, USA, Türkiye)."),
        (("--origin",), "origin", "Only incidents whose route starts in this country (or "
                                   "any of several: 'Nepal, India')."),
        (("--transit",), "transit", "Only incidents whose route passes this country."),
        (("--destination",), "destination",
         "Only incidents whose route ends in this country (or any of several: 'Israel, Turkey')."),
        (("--actor",), "actor", "Only incidents naming an actor whose name contains this "
                                "(case and accents ignored)."),
        (("--role",), "role", f"Only incidents with an actor in this role ({', '.join(roles())}); "
                              "with --actor, that actor's role."),
        (("--evidence",), "evidence", "Only incidents at exactly this evidence level."),
        (("--min-evidence",), "min_evidence",
         f"Only incidents at this evidence level or stronger ({' < '.join(ladder())})."),
        (("--year",), "year", "Only incidents of this year."),
        (("--from", "--year-from"), "year_from", "Only incidents of this year or later."),
        (("--to", "--year-to"), "year_to", "Only incidents of this year or earlier."),
        (("--since",), "since", "Only incidents with a document ingested since: 7d, 12h, 2w, "
                                "30m ago, or an ISO date."),
        (("--kind",), "kind", f"Only incidents from documents of this kind "
                              f"({', '.join(DOCUMENT_KINDS)})."),
        (("--conflict",), "conflict", "yes: only incidents whose sources disagree; no: only "
                                      "those whose sources agree (also true/false/1/0)."),
    ]


def filter_options(command: F) -> F:
    """The filter options, one shared definition, for any command that lists incidents.

    The command receives them as keyword arguments named as in `NAMES`; turn them into
    `Filters` with `filters_from_options`."""
    for flags, dest, text in reversed(_help()):
        command = click.option(*flags, dest, default=None, metavar="TEXT", help=text)(command)
    return command


def filters_from_options(options: Mapping[str, Any]) -> Filters:
    """`Filters` from a command's keyword arguments (the others are ignored); a bad value
    is a usage error: exit status 2 and its one-line message."""
    try:
        return parse({k: options.get(k) for k in NAMES})
    except FilterError as exc:
        raise click.UsageError(str(exc)) from None


__all__ = ["NAMES", "FilterError", "filter_options", "filters_from_options", "parse"]
