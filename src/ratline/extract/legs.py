"""The legs of a route: origin -> transit -> destination, each end with its evidence.

A route lists countries by the role they play; a leg joins every country of one stage to
every country of the next stage present (origin to transit, transit to destination, or
origin straight to destination when nothing is in between). Each end carries the span
and sentence that support it and the incident's places that lie in its country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # results imports this module to build its output
    from ratline.extract.results import Found

STAGES = ("origin", "transit", "destination")


def ordered(route: list[Found]) -> list[Found]:
    """Route entries by stage (origin first), in text order within a stage."""
    return sorted(route, key=lambda f: STAGES.index(f.value["role"]) if f.value["role"] in STAGES else 9)


def legs(route: list[Found], places: list[Found]) -> list[dict[str, Any]]:
    stages = [[f for f in route if f.value["role"] == stage] for stage in STAGES]
    present = [s for s in stages if s]
    out: list[dict[str, Any]] = []
    for here, there in zip(present, present[1:], strict=False):
        for a in here:
            for b in there:
                if a.value["country"] == b.value["country"]:
                    continue
                out.append({"from": _end(a, places), "to": _end(b, places)})
    return out


def _end(f: Found, places: list[Found]) -> dict[str, Any]:
    from ratline.geo.places import resolve

    end = {"country": f.value["country"], "role": f.value["role"], **f.provenance()}
    end.pop("value", None)
    # The incident's places that lie in this end's country.
    end["places"] = [p.value for p in places
                     if (hit := resolve(p.value, [f.value["country"]])) is not None
                     and hit.country == f.value["country"]]
    return end
