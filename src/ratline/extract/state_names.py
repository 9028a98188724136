"""A state actor named by its country's abbreviation goes by the country's name.

Reports write "the UAE", "the U.S." or "the DRC" after, or instead of, the full name; an
analyst, the resolution stage and the annotated reports list the state under its name
("United Arab Emirates"). Only an abbreviation the gazetteer knows as a whole country's
name is renamed: a name written out ("People's Republic of China") stays as the text
gives it.
"""

from __future__ import annotations

import re

from ratline.extract.results import Incident, first_of_each_name
from ratline.geo import places

_ABBREVIATION = re.compile(r"(?:[A-Z]\.?){2,4}")


def country_of(name: str) -> str | None:
    """The country's name for an abbreviation of one ("UAE", "U.S", "DRC"), else None."""
    if not _ABBREVIATION.fullmatch(name):
        return None
    found = places.resolve(name)
    if found is None or found.kind != "country" or found.end - found.start != len(name):
        return None
    return found.name


def spell_out(incidents: list[Incident]) -> None:
    """Renames every state or body named by a country's abbreviation to the country, typed
    a state; an incident that then names one actor twice keeps the first."""
    for inc in incidents:
        for a in inc.actors:
            country = None if a.pseudonymised else country_of(a.name)
            if country is not None and a.type in ("state", "organization"):
                a.name, a.type = country, "state"
        inc.actors = first_of_each_name(inc.actors)
