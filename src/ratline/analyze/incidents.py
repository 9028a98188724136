"""Incidents and actors assembled from statements: the one place that does it.

An incident is a resolved incident: the statements of every document incident
(`incident:<doc16>:<n>`) the resolve stage put in one cluster, so it lists all its
sources. A document incident not resolved yet stands alone under its own subject. An
actor is a resolved actor (cluster id); an unresolved mention falls back to its type and
folded name. Rejected statements are left out; edited ones carry the edited value (the
store keeps it in `value`).

`IncidentIndex` holds every incident in memory so lists, facets, maps and networks are
answered without scanning statements per request; `IndexCache` rebuilds it when the
store changes and patches single incidents after a review.
"""

from __future__ import annotations

import gc
import hashlib
import json
import threading
import time
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from sys import intern
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from sqlalchemy import select

from ratline import gc_pause, masking
from ratline.analyze.titles import incident_title
from ratline.store import Store, resolution, schema
from ratline.vocab import load

if TYPE_CHECKING:
    # numpy loads in 70 ms, and every command imports this module: the index's columns
    # (`analyze.columns`) are imported where they are made.
    from ratline.analyze.columns import FacetColumns, Groups, IntArray, Positions

T = TypeVar("T")
INCIDENT_PREFIX = "incident:"
DOCUMENT_PREFIX = "document:"  # the subject of statements about a whole document
_MISSING = object()
MEMO_SIZE = 512
# Bytes of arrays and bodies each tier keeps at most: a search that most documents match
# selects most incidents (5.7 MB of positions at 10M statements), and 512 of them would be
# gigabytes per worker. The newest result is kept whatever its size.
MEMO_BYTES = 256 * 2**20
COSTLY_SECONDS = 0.05
TIERS = 3


def _settle() -> None:
    """Keeps a costly result out of the collector's walks, as the index is.

    Such a result is the facets or a map body over hundreds of thousands of incidents,
    or their selection (positions, `Selection`). The index itself is frozen
    (`IncidentCache.get`), but a result kept after that is young, then old, and since the
    frozen index no longer counts towards the old generation, a full collection ran every
    few hundred requests and walked every item of every kept result (a selection used to
    hold its incidents): at ten million statements 50–100 ms with every request
    waiting, a map's p95 of 300–1,200 ms against a median of 45 ms. Young garbage is
    collected first, so no cycle is frozen with the result; the kept result itself holds
    no cycles and is freed by reference counting when dropped."""
    gc.collect(1)
    gc.freeze()


def _footprint(value: Any) -> int:
    """Bytes a memo result holds in arrays and bodies (a selection's positions, a JSON
    body); 0 for others, which are small or share the index's objects."""
    if isinstance(value, Selection):
        value = value.positions
    if isinstance(value, bytes | bytearray):
        return len(value)
    return int(getattr(value, "nbytes", 0))


def _tier(seconds: float) -> int:
    """The memo's tier of a result that took `seconds` to compute: under COSTLY_SECONDS
    (an incident, a page), under ten times that (a search), more (a map or a filtered
    list's facets at 10M statements: seconds). Each tier has MEMO_SIZE places, so a
    stream of incidents viewed once never pushes out a search, nor a stream of new
    searches a map: at 10M statements searches did, and the browse mix stalled for
    seconds while every worker thread waited for maps computed again."""
    if seconds < COSTLY_SECONDS:
        return 0
    return 1 if seconds < 10 * COSTLY_SECONDS else 2
# Properties an incident has one value of; two differing values are a conflict.
SINGLE_VALUED = ("trade", "year", "victim_count", "victim_deaths")
# Properties whose values come from a vocabulary or are numbers and codes, never words of
# the document, so masking victims' names leaves them alone ("LI" is a country code).
CODED = frozenset({"trade", "country", "route", "year", "organ", "evidence", "victim_count",
                   "victim_deaths", "victim_kind", "activity", "money"})
# Legal status of a person, weakest to strongest; outcomes after a charge sit apart.
LEGAL_STATUSES = ("mentioned", "alleged", "suspected", "arrested", "charged", "convicted")


def ladder() -> list[str]:
    return list(load("evidence")["ladder"])


@cache
def _ranks() -> dict[str, int]:
    # Read for every incident of a map or a filter: a lookup, not a search of the ladder
    # (the vocabulary is read once per process too).
    return {level: i for i, level in enumerate(ladder())}


def evidence_rank(level: str | None) -> int:
    """Position on the evidence ladder; -1 for a denial or anything off the ladder."""
    return _ranks().get(level, -1) if level else -1


def strongest(levels: Iterable[str | None]) -> str | None:
    ranks = _ranks()
    best, best_rank, denied = None, -1, False
    for lv in levels:
        if not lv:
            continue
        rank = ranks.get(lv, -1)
        if rank > best_rank:
            best, best_rank = lv, rank
        elif lv == "denial":
            denied = True
    if best is not None:
        return best
    return "denial" if denied else None


@dataclass(slots=True)
class Fact:
    """A statement as the views show it: value parsed when it is JSON.

    The index holds one per statement (ten million at ten million statements): slots
    instead of a dictionary per fact, and one string per document id, subject, property
    and status (`sys.intern`) instead of one per row, take a quarter off its memory."""

    statement_id: str
    subject: str
    prop: str
    value: str
    data: Any
    document_id: str
    start: int | None
    end: int | None
    confidence: float
    status: str
    reviewer: str | None
    original_value: str | None

    @classmethod
    def from_row(cls, row: Any) -> Fact:
        value = row["value"]
        data: Any = None
        if value[:1] in "{[":
            try:
                data = json.loads(value)
            except ValueError:
                data = None
        reviewer = row["reviewer"]
        return cls(row["id"], intern(row["subject"]), intern(row["prop"]), value, data,
                   intern(row["document_id"]), row["start"], row["end"],
                   float(row["confidence"]), intern(row["status"]),
                   None if reviewer is None else intern(reviewer), row["original_value"])


@dataclass(slots=True)
class ActorRole:
    """An actor as one incident names it."""

    actor_id: str
    name: str
    type: str
    role: str
    status: str
    fact: Fact


@dataclass
class Incident:
    id: str
    facts: list[Fact]
    trade: str | None = None
    summary: str | None = None
    title: str = ""  # what lists show: see ratline.analyze.titles
    year: int | None = None
    evidence: str | None = None
    organs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    route: list[tuple[str, str]] = field(default_factory=list)  # (country, role)
    actors: list[ActorRole] = field(default_factory=list)
    victim_count: int | None = None
    documents: list[str] = field(default_factory=list)
    evidence_by_document: dict[str, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    # From the incident's documents (set by the index): their kinds, and the latest
    # time one of them was ingested.
    kinds: list[str] = field(default_factory=list)
    ingested: datetime | None = None
    # The route's legs between countries, worked out once (`analyze.routes.route_legs`):
    # every map and flow list reads them. An incident changes by being assembled anew. A
    # tuple of tuples of strings leaves garbage collection's view after its first pass
    # (a list would be walked by every full collection while the index lives).
    legs: tuple[tuple[str, str], ...] | None = field(default=None, repr=False, compare=False)

    def facts_of(self, prop: str) -> list[Fact]:
        return [f for f in self.facts if f.prop == prop]


@dataclass
class Actor:
    id: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    status: str = "mentioned"
    incidents: list[str] = field(default_factory=list)


def actor_id(name: str, type_: str) -> str:
    key = type_ + ":" + _fold(name)
    return "actor:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def assemble(subject: str, statements: Sequence[Fact],
             actor_ids: Mapping[str, str] | None = None,
             masker: masking.Masker | None = None) -> Incident | None:
    """One incident from its statements; None when every statement was rejected.

    `actor_ids` maps actor statement ids to resolved actor ids. With a `masker`, every
    value is as people may see it: the victims' names of all the incident's documents
    masked in summaries, actor names and every other value."""
    actor_ids = actor_ids or {}
    facts = [f for f in statements if f.status != "rejected"]
    if not facts:
        return None
    names = masker.names({f.document_id for f in facts}) if masker else None
    if names:
        for f in facts:
            if f.prop in CODED:
                continue
            f.value = masking.mask_value(f.value, names)
            f.data = masking.mask_value(f.data, names)
            f.original_value = masking.mask_value(f.original_value, names)
    inc = Incident(subject, facts)
    values: dict[str, set[str]] = {}
    statuses: dict[str, str] = {}
    for f in facts:
        values.setdefault(f.prop, set()).add(f.value)
        if f.document_id not in inc.documents:
            inc.documents.append(f.document_id)
        if f.prop == "person_status" and isinstance(f.data, dict):
            statuses[_fold(str(f.data.get("name", "")))] = str(f.data.get("status") or "mentioned")
    for f in facts:
        p = f.prop
        if p == "trade" and inc.trade is None:
            inc.trade = f.value
        elif p == "summary" and inc.summary is None:
            inc.summary = f.value
        elif p == "year" and inc.year is None:
            inc.year = _int(f.value)
        elif p == "organ" and f.value not in inc.organs:
            inc.organs.append(f.value)
        elif p == "country" and f.value not in inc.countries:
            inc.countries.append(f.value)
        elif p == "place" and f.value not in inc.places:
            inc.places.append(f.value)
        elif p == "route" and isinstance(f.data, dict) and f.data.get("country"):
            step = (str(f.data["country"]), str(f.data.get("role") or "unknown"))
            if step not in inc.route:
                inc.route.append(step)
        elif p == "victim_count" and inc.victim_count is None:
            inc.victim_count = _int(f.value)
        elif p == "evidence":
            current = inc.evidence_by_document.get(f.document_id)
            inc.evidence_by_document[f.document_id] = strongest([current, f.value]) or f.value
        elif p == "actor" and isinstance(f.data, dict) and f.data.get("name"):
            name, type_ = str(f.data["name"]), str(f.data.get("type") or "unknown")
            inc.actors.append(ActorRole(actor_ids.get(f.statement_id) or actor_id(name, type_),
                                        name, type_,
                                        str(f.data.get("role") or "other"),
                                        statuses.get(_fold(name), "mentioned"), f))
    inc.evidence = strongest(inc.evidence_by_document.values())
    inc.conflicts = [p for p in SINGLE_VALUED if len(values.get(p, ())) > 1]
    inc.title = incident_title(inc)
    return inc


@dataclass
class Filters:
    """Which incidents to keep; every layer builds it with `ratline.filters.parse`."""

    trade: str | None = None
    organ: str | None = None
    # ISO codes, comma-separated for "any of": in the incident's countries or on its route
    country: str | None = None
    origin: str | None = None  # countries by their role on the route
    transit: str | None = None
    destination: str | None = None
    actor: str | None = None  # a folded name needle (`search_key`)
    role: str | None = None  # with `actor`, the role of that actor
    evidence: str | None = None
    min_evidence: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    since: datetime | None = None  # a document of the incident ingested at or after
    kind: str | None = None  # the kind of one of the incident's documents
    conflict: bool | None = None
    documents: set[str] | None = None  # from a full-text search

    def match(self, inc: Incident) -> bool:
        if self.trade and inc.trade != self.trade:
            return False
        if self.organ and self.organ not in inc.organs:
            return False
        if self.country and not any(
                c in inc.countries or c in (r for r, _ in inc.route)
                for c in self.country.split(",")):
            return False
        for wanted, route_role in ((self.origin, "origin"), (self.transit, "transit"),
                                   (self.destination, "destination")):
            if wanted and not any((c, route_role) in inc.route for c in wanted.split(",")):
                return False
        if (self.actor or self.role) and not any(self._actor_matches(a) for a in inc.actors):
            return False
        if self.evidence and inc.evidence != self.evidence:
            return False
        if self.min_evidence and evidence_rank(inc.evidence) < evidence_rank(self.min_evidence):
            return False
        if self.year is not None and inc.year != self.year:
            return False
        if self.year_from is not None and (inc.year is None or inc.year < self.year_from):
            return False
        if self.year_to is not None and (inc.year is None or inc.year > self.year_to):
            return False
        if self.since is not None and (inc.ingested is None or inc.ingested < self.since):
            return False
        if self.kind and self.kind not in inc.kinds:
            return False
        if self.conflict is not None and bool(inc.conflicts) != self.conflict:
            return False
        return not (self.documents is not None and not self.documents.intersection(inc.documents))

    def _actor_matches(self, a: ActorRole) -> bool:
        from ratline.resolve.names import search_key  # the resolve stage loads slowly

        # Names are the masked ones: a victim's real name is nowhere to be found.
        return (not self.role or a.role == self.role) and \
            (not self.actor or self.actor in search_key(a.name))

    def described(self) -> dict[str, Any]:
        """The filters set, as JSON values (for the audit log)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[f.name] = (value.isoformat() if isinstance(value, datetime)
                           else sorted(value) if isinstance(value, set) else value)
        return out

    def keeps_actor(self, a: ActorRole) -> bool:
        """Whether an actor of a kept incident is one the actor filters ask for."""
        return self._actor_matches(a)


# The filters `IncidentIndex._candidates` answers exactly from its postings; any other
# filter set is checked incident by incident (`Filters.match`).
POSTED = frozenset({"trade", "organ", "evidence", "year", "kind", "country", "origin", "transit",
                    "destination", "min_evidence", "year_from", "year_to", "documents"})


FACETS = ("trade", "organ", "country", "evidence", "year")


class Once(Generic[T]):
    """A value made on first use, once, whichever thread asks first."""

    __slots__ = ("_lock", "_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        if self._make is not None:
            with self._lock:
                if self._make is not None:
                    self._value = self._make()
                    self._make = None
        return cast(T, self._value)


class Selection(Sequence["Incident"]):
    """Incidents an index selected, in list order: their positions in the index's list,
    the list itself and its facet values by position (`IncidentIndex.facets`). Counting
    facets reads compact lists, not hundreds of thousands of incidents spread over
    gigabytes (at 10M statements that pass took seconds while every request for the page
    waited), and an incident is read only when it is asked for: a page of 50 reads 50.
    A selection that held every incident it selected wrote the reference count of each;
    in a web worker forked from the parent that built the index (`web/workers.py`), each
    such write copies the page holding the incident out of the memory the workers
    share, so a worker's first unfiltered list copied every incident's page. The list
    and the values travel with the selection, so its incidents and counts are always
    those of the index that selected it (a change builds a new list, `_derive`)."""

    __slots__ = ("_listed", "columns", "positions", "values")

    def __init__(self, listed: Sequence[Incident], positions: Positions,
                 values: FacetColumns, columns: Once[Any] | None = None) -> None:
        self._listed = listed
        self.positions = positions
        self.values = values
        # What the map reads of each incident of the list, in arrays
        # (`routes.MapColumns`), made once per index version.
        self.columns = columns

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, at: int) -> Incident: ...

    @overload
    def __getitem__(self, at: slice) -> list[Incident]: ...

    def __getitem__(self, at: int | slice) -> Incident | list[Incident]:
        if isinstance(at, slice):
            return [self._listed[i] for i in _ints(self.positions[at])]
        return self._listed[int(self.positions[at])]

    def __iter__(self) -> Iterator[Incident]:
        return map(self._listed.__getitem__, _ints(self.positions))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Selection | list | tuple):
            return len(self) == len(other) and all(a is b or a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by content

    def __repr__(self) -> str:
        return f"Selection({len(self)} incidents)"


def _ints(positions: Positions) -> Iterable[int]:
    # Python ints, not numpy scalars, index the list (and compare and hash as ids do).
    return positions if isinstance(positions, range) else positions.tolist()


class IncidentIndex:
    """Every incident and actor, assembled once from the store's statements."""

    def __init__(self, incidents: dict[str, Incident], titles: dict[str, str],
                 clusters: Mapping[str, str] | None = None,
                 actor_ids: Mapping[str, str] | None = None,
                 masker: masking.Masker | None = None,
                 kinds: Mapping[str, str] | None = None,
                 ingested: Mapping[str, datetime] | None = None,
                 actor_names: Mapping[str, str] | None = None) -> None:
        self.incidents = incidents
        self.titles = titles
        # Per document: its kind (a `kind` statement) and when it was ingested.
        self.kinds = dict(kinds or {})
        self.ingested = dict(ingested or {})
        # Victims' names of every document; incidents and titles are already masked with it.
        self.masker = masker or masking.Masker()
        # Document incident subject -> resolved incident id, and actor statement ->
        # resolved actor id (empty before the first resolve run).
        self.clusters = dict(clusters or {})
        self.actor_ids = dict(actor_ids or {})
        # Resolved actor id -> the display name people chose for it (a rename).
        self.actor_names = dict(actor_names or {})
        self._order: list[str] = []
        self._listed: list[Incident] = []
        self.actors: dict[str, Actor] = {}
        # Results derived from this index (selections, map data, ...), dropped whenever an
        # incident changes, so repeated requests cost a lookup.
        # Results by how long they took to compute (`_tier`), each tier in least recently
        # used order.
        self._tiers: list[OrderedDict[Any, Any]] = [OrderedDict() for _ in range(TIERS)]
        self._held = [0] * TIERS  # bytes each tier keeps (`_footprint`)
        self._memo_lock = threading.Lock()
        self._pending: dict[Any, threading.Lock] = {}
        # Counts the changes to this index, for what is kept beside it (link evidence).
        self.version = 0
        # Results shared with the other web workers forked over this index, and the
        # version they hold for (`web.shared_memo`); None in a process of its own.
        self.shared: Any = None
        self._derive()

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, once per key while the index is unchanged. The least recently used
        result is dropped past MEMO_SIZE of its tier (`_tier`) or MEMO_BYTES of its
        arrays and bodies (`_footprint`), so a stream of one-off
        keys (searches, incidents) never pushes out the map or the first pages. Concurrent
        requests for a key not computed yet wait for the one computing it instead of each
        computing it again: on a large store that work is seconds of CPU and hundreds of
        megabytes at a time."""
        with self._memo_lock:
            found = self._recall(key)
            if found is not _MISSING:
                return cast(T, found)
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._memo_lock:
                found = self._recall(key)
                if found is not _MISSING:
                    return cast(T, found)
            started = time.perf_counter()
            try:
                value = compute()
            finally:
                with self._memo_lock:
                    self._pending.pop(key, None)
            tier = _tier(time.perf_counter() - started)
            size = _footprint(value)
            with self._memo_lock:
                kept = self._tiers[tier]
                if key in kept:  # another thread kept it meanwhile: counted once
                    self._held[tier] -= _footprint(kept.pop(key))
                kept[key] = value
                self._held[tier] += size
                while len(kept) > MEMO_SIZE or (self._held[tier] > MEMO_BYTES and len(kept) > 1):
                    self._held[tier] -= _footprint(kept.popitem(last=False)[1])
            if tier > 0:
                _settle()
            return value

    def _recall(self, key: Any) -> Any:
        """The result kept for `key` (now the most recently used), else _MISSING. Called
        with the memo's lock held."""
        for kept in self._tiers:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        return _MISSING

    def _derive(self) -> None:
        # Newest year first; undated last; ties by id so pages are stable.
        self._order = sorted(self.incidents, key=lambda k: (-(self.incidents[k].year or -10**6), k))
        self._listed = [self.incidents[k] for k in self._order]
        self._facet_values = _facet_values(self._listed)
        listed = self._listed
        self._map_columns: Once[Any] = Once(lambda: _map_columns(listed))
        # Per document, the positions of the incidents that cite it: a search selects by them.
        by_document: dict[str, list[int]] = {}
        for i, inc in enumerate(self._listed):
            for d in inc.documents:
                by_document.setdefault(d, []).append(i)
        self._by_document = _groups_of(by_document)
        for inc in self.incidents.values():
            inc.kinds = sorted({self.kinds[d] for d in inc.documents if d in self.kinds})
            inc.ingested = max((self.ingested[d] for d in inc.documents if d in self.ingested),
                               default=None)
        self._postings = self._post()
        actors: dict[str, Actor] = {}
        rank = {s: i for i, s in enumerate(LEGAL_STATUSES)}
        for inc_id in self._order:
            inc = self.incidents[inc_id]
            for role in inc.actors:
                chosen = self.actor_names.get(role.actor_id)
                if chosen:
                    # Renames are refused when they spell a victim's name; masked anyway.
                    role.name = self.masker.text(chosen, *inc.documents)
                a = actors.setdefault(role.actor_id, Actor(role.actor_id, role.name, role.type))
                if role.role not in a.roles:
                    a.roles.append(role.role)
                if inc_id not in a.incidents:
                    a.incidents.append(inc_id)
                if rank.get(role.status, -1) > rank.get(a.status, -1) or role.status in (
                        "acquitted", "charges_withdrawn"):
                    a.status = role.status
        self.actors = actors
        with self._memo_lock:
            self._tiers = [OrderedDict() for _ in range(TIERS)]
            self._held = [0] * TIERS
        self.version += 1

    def key_of(self, ref: str) -> str:
        """The incident id for an incident id or for one of its document incidents."""
        return self.clusters.get(ref, ref)

    def subjects_of(self, key: str) -> list[str]:
        return self.subjects_of_each([key])[key]

    def subjects_of_each(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """The document incidents of each of some incidents, in one pass over the
        memberships (a pass is some 6 ms at 100,000 incidents; no inverse is kept, which
        would hold another entry for each of them)."""
        wanted: dict[str, list[str]] = {k: [] for k in keys}
        for s, k in self.clusters.items():
            if k in wanted:
                wanted[k].append(s)
        return {k: sorted(found) or [k] for k, found in wanted.items()}

    def replace(self, subject: str, incident: Incident | None) -> None:
        if incident is None:
            self.incidents.pop(subject, None)
        else:
            self.incidents[subject] = incident
        self._derive()

    def _post(self) -> dict[tuple[str, Any], IntArray]:
        """The positions (in list order) of the incidents of each value a filter asks for
        by equality: (field, value) -> sorted positions. A filtered list then reads the
        incidents that can match, not all of them (at a million statements a country
        filter looked at 71,000 incidents for 4,000), and combines them as arrays."""
        post: dict[tuple[str, Any], list[int]] = {}
        for i, inc in enumerate(self._listed):
            values: list[tuple[str, Any]] = [("trade", inc.trade), ("evidence", inc.evidence),
                                             ("year", inc.year)]
            values += [("organ", o) for o in inc.organs]
            values += [("country", c) for c in inc.countries]
            values += [("country", c) for c, _ in inc.route]
            values += [(role, c) for c, role in inc.route]
            values += [("kind", k) for k in inc.kinds]
            for v in values:
                held = post.setdefault(v, [])
                if not held or held[-1] != i:  # a country both named and on the route
                    held.append(i)
        return _positions_of(post)

    def _candidates(self, filters: Filters) -> IntArray | None:
        """Sorted positions of the incidents that can pass `filters`, from the postings
        and the searched documents; None when no filter narrows by them."""
        from ratline.analyze import columns

        size = len(self._listed)
        empty = columns.as_array(range(0))
        wanted: list[IntArray] = []

        def any_of(keys: Iterable[tuple[str, Any]]) -> IntArray:
            return columns.union((self._postings[k] for k in keys if k in self._postings), size)

        for name in ("trade", "organ", "evidence", "year", "kind"):
            value = getattr(filters, name)
            if value is not None and value != "":
                wanted.append(self._postings.get((name, value), empty))
        for name in ("country", "origin", "transit", "destination"):
            codes = getattr(filters, name)
            if codes:
                wanted.append(any_of((name, c) for c in codes.split(",")))
        floor = evidence_rank(filters.min_evidence)
        if floor >= 0:  # a floor off the ladder (a denial) keeps every incident
            wanted.append(any_of(("evidence", lv) for lv in ladder()[floor:]))
        if filters.year_from is not None or filters.year_to is not None:
            low = -10**6 if filters.year_from is None else filters.year_from
            high = 10**6 if filters.year_to is None else filters.year_to
            wanted.append(any_of(k for k in self._postings
                                 if k[0] == "year" and k[1] is not None and low <= k[1] <= high))
        if filters.documents is not None:
            # A search names documents: look at their incidents, not at every one.
            wanted.append(self._by_document.union(filters.documents, size))
        if not wanted:
            return None
        return columns.intersection(wanted, size)

    def select(self, filters: Filters) -> Selection:
        found = self._candidates(filters)
        listed = self._listed
        positions: Positions = range(len(listed)) if found is None else found
        if not {f.name for f in fields(filters) if getattr(filters, f.name) is not None} <= POSTED:
            import numpy as np

            positions = np.fromiter((i for i in _ints(positions) if filters.match(listed[i])),
                                    dtype=np.int64)
        # Otherwise every filter set has postings, which hold exactly what `Filters.match`
        # keeps: at 10M statements checking each of 400,000 incidents again took seconds.
        return self.selection(positions)

    def selection(self, positions: Positions) -> Selection:
        """The incidents at `positions` of this index's list, in list order (`select`, or
        a selection another web worker made over the same index: `web.shared_memo`)."""
        return Selection(self._listed, positions, self._facet_values, self._map_columns)

    def facets(self, incidents: Sequence[Incident]) -> dict[str, list[tuple[str, int]]]:
        """Counts per value of each facet; a `Selection` is counted from its index's
        facet values, any other list incident by incident."""
        counters: dict[str, Counter[str]]
        if isinstance(incidents, Selection):
            values, at = incidents.values, incidents.positions
            counters = {k: Counter(values.counts(k, at)) for k in FACETS}
            conflicted = values.conflicted(at)
        else:
            counters = {k: Counter() for k in FACETS}
            for inc in incidents:
                for k, v in _facet_value(inc).items():
                    if k in ("organ", "country"):
                        counters[k].update(v)
                    else:
                        counters[k][v] += 1
            conflicted = sum(1 for i in incidents if i.conflicts)
        # Most common first; ties by value, so that a page shows the same order however
        # its counts were made.
        out = {k: sorted(counters[k].items(), key=lambda kv: (-kv[1], kv[0])) for k in FACETS}
        out["year"] = sorted(counters["year"].items(), reverse=True)
        steps = ladder() + ["denial", "unknown"]
        out["evidence"] = sorted(counters["evidence"].items(),
                                 key=lambda kv: steps.index(kv[0]) if kv[0] in steps else 99)
        out["conflict"] = [("yes", conflicted), ("no", len(incidents) - conflicted)]
        return out


# What an incident counts under in each facet ("unknown" for no value); organs and
# countries count once per value held.
FACET_VALUE: dict[str, Callable[[Incident], Any]] = {
    "trade": lambda inc: inc.trade or "unknown",
    "evidence": lambda inc: inc.evidence or "unknown",
    "year": lambda inc: str(inc.year) if inc.year else "unknown",
    "organ": lambda inc: inc.organs,
    "country": lambda inc: inc.countries,
}


def _facet_value(inc: Incident) -> dict[str, Any]:
    return {k: value(inc) for k, value in FACET_VALUE.items()}


def _map_columns(listed: Sequence[Incident]) -> Any:
    from ratline.analyze.routes import map_columns  # routes reads this module

    return map_columns(listed)


def _facet_values(listed: Sequence[Incident]) -> FacetColumns:
    """Facet values by list position, as codes (`analyze.columns`)."""
    import numpy as np

    from ratline.analyze.columns import Codes, FacetColumns, Runs

    return FacetColumns(
        trade=Codes.of(map(FACET_VALUE["trade"], listed)),
        evidence=Codes.of(map(FACET_VALUE["evidence"], listed)),
        year=Codes.of(map(FACET_VALUE["year"], listed)),
        organ=Runs.of(map(FACET_VALUE["organ"], listed)),
        country=Runs.of(map(FACET_VALUE["country"], listed)),
        conflict=np.fromiter((bool(inc.conflicts) for inc in listed), dtype=bool, count=len(listed)))


def _positions_of(groups: dict[Any, list[int]]) -> dict[Any, IntArray]:
    from ratline.analyze.columns import positions_of

    return positions_of(groups)


def _groups_of(groups: dict[Any, list[int]]) -> Groups:
    from ratline.analyze.columns import Groups

    return Groups.of(groups)


# Rows per batch when the index reads every statement.
STREAM_ROWS = 10_000


def _statement_rows(store: Store, subjects: Sequence[str] | None = None,
                    stream: bool = False) -> Iterator[Any]:
    """The incident statements (of `subjects`, else all) in order; `stream`: read in
    batches from a server-side cursor instead of all at once."""
    s = schema.statements
    q = select(s.c.id, s.c.subject, s.c.prop, s.c.value, s.c.document_id, s.c.start, s.c.end,
               s.c.confidence, s.c.status, s.c.reviewer, s.c.original_value)
    q = q.where(s.c.subject.in_(list(subjects))) if subjects else q.where(
        s.c.subject.like(INCIDENT_PREFIX + "%"))
    with store.engine.connect() as conn:
        if stream:
            conn = conn.execution_options(yield_per=STREAM_ROWS)
        yield from conn.execute(q.order_by(s.c.subject, s.c.start, s.c.prop, s.c.id)).mappings()


def _resolved_conflicts(store: Store) -> dict[str, list[str]]:
    return {c["id"]: list(c.get("conflicts") or []) for c in resolution.clusters(store, "incident")}


def build_index(store: Store) -> IncidentIndex:
    with gc_pause.paused():  # millions of objects, no cycles (gc_pause.py)
        return _build_index(store)


def _build_index(store: Store) -> IncidentIndex:
    clusters = resolution.memberships(store, "incident")
    actor_ids = resolution.memberships(store, "actor")
    conflicts = _resolved_conflicts(store)
    masker = masking.load(store)
    # Each row becomes its fact as it arrives, and the row is freed before the next is
    # read: holding every row until the end (a tenth of the index's size again, at ten
    # million statements) left holes all over the heap where the rows had been, which
    # the allocator could not give back and which, in forked web workers, every new
    # object filled by copying a shared page.
    by_key: dict[str, list[Fact]] = {}
    for row in _statement_rows(store, stream=True):
        if row["status"] == "rejected":
            continue
        fact = Fact.from_row(row)
        by_key.setdefault(clusters.get(fact.subject, fact.subject), []).append(fact)
    incidents = {}
    for key, rows in by_key.items():
        inc = assemble(key, rows, actor_ids, masker)
        if inc is not None:
            inc.conflicts = sorted(set(inc.conflicts) | set(conflicts.get(key, ())))
            incidents[key] = inc
    d, s = schema.documents, schema.statements
    titles: dict[str, str] = {}
    ingested: dict[str, datetime] = {}
    with store.engine.connect() as conn:
        for i, t, src, created in conn.execute(select(d.c.id, d.c.title, d.c.source,
                                                      d.c.created_at)):
            titles[i] = masker.text(t, i) if t else masker.source(src, i)
            ingested[i] = created if created.tzinfo else created.replace(tzinfo=UTC)
        kinds = dict(conn.execute(select(s.c.document_id, s.c.value).where(
            s.c.prop == "kind", s.c.subject.like(DOCUMENT_PREFIX + "%"),
            s.c.status != "rejected")).all())
    return IncidentIndex(incidents, titles, clusters, actor_ids, masker, kinds, ingested,
                         resolution.chosen_names(store, "actor"))


def fingerprint(store: Store) -> int:
    """Changes whenever a write changes the store's data (a statement or document added,
    removed or reviewed, a resolve run, a judgement): the store's version, one row read
    (`Store.version`), where it used to count every statement."""
    return store.version()


class IndexCache:
    """The current index, rebuilt when the store's fingerprint changes.

    The fingerprint is checked at most every `ttl` seconds, so a burst of requests
    costs one query, and while one request checks (or rebuilds) the others are answered
    from the index in hand; a review made through this process patches the index at once.
    The fingerprint is read before the index is built, so an index is never labelled
    with a version newer than the rows it was built from.
    """

    def __init__(self, store: Store, ttl: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.ttl = ttl
        self._clock = clock  # a test's own clock: a slow machine must not outrun the ttl
        self._lock = threading.Lock()
        self._index: IncidentIndex | None = None
        self._print: int | None = None
        self._checked = 0.0
        self._pinned = False
        # Called with each index built, before it answers, and with each index patched
        # (`web.shared_memo.share_indexes`).
        self.on_index: Callable[[IncidentIndex], None] | None = None

    def pin(self) -> None:
        """Answer from the index in hand from now on, never checking the store: another
        process watches it and replaces this one when it changes (`web.workers`)."""
        self._pinned = True

    def get(self) -> IncidentIndex:
        index = self._index
        if index is not None and (self._pinned or self._clock() - self._checked < self.ttl):
            return index
        if index is None:
            self._lock.acquire()
        elif not self._lock.acquire(blocking=False):
            # Another request is checking the fingerprint or rebuilding the index:
            # answer from the index in hand rather than queue every request behind it.
            return index
        try:
            if self._index is not None and self._clock() - self._checked < self.ttl:
                return self._index
            current = fingerprint(self.store)
            if self._index is None or current != self._print:
                index = build_index(self.store)
                if self.on_index is not None:
                    self.on_index(index)
                self._index = index
                self._print = current
                # The index is millions of objects that live until the next rebuild. A full
                # collection walks every one while no request runs (1.3 s at a million
                # statements, every few hundred requests); frozen, collections pass them by.
                # A replaced index is freed by reference counting: it holds no cycles.
                gc.freeze()
            self._checked = self._clock()
            return self._index
        finally:
            self._lock.release()

    def refresh_subject(self, subject: str) -> None:
        """Re-assemble one incident after a change made through this process (one write,
        which raised the store's version by one)."""
        index = self.get()
        with self._lock:
            key = index.key_of(subject)
            facts = ([Fact.from_row(r) for r in _statement_rows(self.store, index.subjects_of(key))]
                     if subject.startswith(INCIDENT_PREFIX) else [])
            if facts or key in index.incidents:
                inc = assemble(key, facts, index.actor_ids, index.masker) if facts else None
                if inc is not None and key in index.incidents:
                    inc.conflicts = sorted(set(inc.conflicts) | set(index.incidents[key].conflicts))
                index.replace(key, inc)
                if self.on_index is not None:
                    self.on_index(index)
            current = fingerprint(self.store)
            # Only that write since the index was built: the patched index is current. More
            # means another writer changed the store as well; the next check rebuilds.
            if self._print is not None and current - self._print <= 1:
                self._print = current
            else:
                self._checked = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._index = None
