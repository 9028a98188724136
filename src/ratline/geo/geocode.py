"""`ratline geocode`: one place name -> country, region, coordinates and a precision code."""

from __future__ import annotations

from typing import Any

from ratline.geo.places import resolve

# What a match pins down: an exact place, a first-level region, a whole country, or an
# area wider than any country (the Sahel, the Gulf).
PRECISION = {"city": "place", "region": "region", "country": "country", "demonym": "country",
             "wider": "wider"}


def geocode(name: str, context: str | None = None) -> dict[str, Any]:
    place = resolve(name, context)
    if place is None:
        return {"query": name, "name": None, "country": None, "admin1": None, "lat": None,
                "lon": None, "precision": None}
    return {"query": name, "name": place.name or place.surface, "country": place.country or None,
            "admin1": place.admin1, "lat": place.lat, "lon": place.lon,
            "precision": PRECISION.get(place.kind, place.kind)}
