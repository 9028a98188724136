"""What the incident index counts, kept as columns of small ints by list position.

A filtered list counts its facets and a map counts its points and legs over up to
hundreds of thousands of incidents. Counted in Python, one position at a time, that
took a tenth of a second to seconds at ten million statements, while every request
for the same page waited; counted by numpy over arrays of codes it takes milliseconds.
An incident is never read: in a web worker forked from the index's parent, reading
one writes its reference count and copies its page out of the memory the workers
share (`web/workers.py`).

A column is single-valued (`Codes`: one code per position) or many-valued (`Runs`: the
codes of position i are `codes[start[i]:start[i + 1]]`); each has the table of the values
its codes stand for. Positions are a `range` (every incident) or a sorted int array."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T", bound=np.generic)
IntArray = npt.NDArray[np.int64]
Positions = range | IntArray


class Table:
    """Codes for values, in the order first met."""

    __slots__ = ("codes", "values")

    def __init__(self) -> None:
        self.codes: dict[Hashable, int] = {}
        self.values: list[Any] = []

    def code(self, value: Hashable) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass(frozen=True, slots=True)
class Codes:
    """One code per position."""

    codes: npt.NDArray[np.int32]
    table: list[Any]

    @classmethod
    def of(cls, values: Iterable[Hashable]) -> Codes:
        table = Table()
        codes = np.fromiter((table.code(v) for v in values), dtype=np.int32)
        return cls(codes, table.values)

    def at(self, positions: Positions) -> npt.NDArray[np.int32]:
        return _gather(self.codes, positions)

    def counts(self, positions: Positions) -> dict[Any, int]:
        """Value -> positions holding it, values held by none left out."""
        return _counted(np.bincount(self.at(positions), minlength=len(self.table)), self.table)


@dataclass(frozen=True, slots=True)
class Runs:
    """A run of codes per position."""

    start: IntArray
    codes: npt.NDArray[np.int32]
    table: list[Any]

    @classmethod
    def of(cls, values: Iterable[Iterable[Hashable]]) -> Runs:
        table = Table()
        start, codes = [0], list[int]()
        for run in values:
            codes.extend(table.code(v) for v in run)
            start.append(len(codes))
        return cls(np.array(start, dtype=np.int64), np.array(codes, dtype=np.int32), table.values)

    def entries(self, positions: Positions) -> tuple[IntArray, IntArray]:
        """The entries (indices into `codes`) of the runs at `positions`, in order, and
        for each entry the index into `positions` of the run that holds it."""
        return expand(self.start, positions)

    def counts(self, positions: Positions) -> dict[Any, int]:
        """Value -> entries holding it over the runs at `positions`."""
        held = self.codes if _whole(positions, len(self.start) - 1) \
            else self.codes[self.entries(positions)[0]]
        return _counted(np.bincount(held, minlength=len(self.table)), self.table)


def expand(start: IntArray, positions: Positions) -> tuple[IntArray, IntArray]:
    """For runs delimited by `start` (run i is `start[i]:start[i + 1]`): the indices of the
    runs at `positions`, concatenated in order, and for each the index into `positions`
    of its run."""
    at = as_array(positions)
    first = start[at]
    lengths = start[at + 1] - first
    owner = np.repeat(np.arange(len(at), dtype=np.int64), lengths)
    # Entry k of the result is first[owner] + (k - where owner's run begins in the result).
    begins = np.cumsum(lengths) - lengths
    entries = np.arange(len(owner), dtype=np.int64) + (first - begins)[owner]
    return entries, owner


def union(groups: Iterable[Sequence[int] | IntArray], size: int) -> IntArray:
    """The sorted positions (under `size`) held by any of `groups`."""
    mark = np.zeros(size, dtype=bool)
    for g in groups:
        mark[np.asarray(g, dtype=np.int64)] = True
    return np.flatnonzero(mark)


def intersection(groups: list[IntArray], size: int) -> IntArray:
    """The sorted positions held by every one of `groups` (each sorted, unique)."""
    groups = sorted(groups, key=len)
    found = groups[0]
    mark = np.zeros(size, dtype=bool)
    for g in groups[1:]:
        if not len(found):
            break
        mark[:] = False
        mark[g] = True
        found = found[mark[found]]
    return found


@dataclass(frozen=True, slots=True)
class FacetColumns:
    """What each position counts under in each facet of a list (`IncidentIndex.facets`)."""

    trade: Codes
    evidence: Codes
    year: Codes
    organ: Runs
    country: Runs
    conflict: npt.NDArray[np.bool_]

    def counts(self, name: str, positions: Positions) -> dict[Any, int]:
        column: Codes | Runs = getattr(self, name)
        return column.counts(positions)

    def conflicted(self, positions: Positions) -> int:
        return int(np.count_nonzero(_gather(self.conflict, positions)))


@dataclass(frozen=True, slots=True)
class Groups:
    """Sorted positions per key, all in one array (key k's are `flat[start[row[k]]:
    start[row[k] + 1]]`): the union of many groups is one pass over arrays, not one array
    operation per group (a search that every document matches names 100,000 of them at
    10M statements)."""

    row: dict[Hashable, int]
    start: IntArray
    flat: IntArray

    @classmethod
    def of(cls, groups: dict[Hashable, list[int]]) -> Groups:
        start = np.zeros(len(groups) + 1, dtype=np.int64)
        np.cumsum([len(v) for v in groups.values()], out=start[1:])
        flat = np.fromiter((p for v in groups.values() for p in v), dtype=np.int64,
                           count=int(start[-1]))
        return cls({k: n for n, k in enumerate(groups)}, start, flat)

    def union(self, keys: Iterable[Hashable], size: int) -> IntArray:
        """The sorted positions (under `size`) of any of `keys`; unknown keys hold none."""
        get = self.row.get
        rows = np.array([get(k, -1) for k in keys], dtype=np.int64)
        rows = rows[rows >= 0]
        mark = np.zeros(size, dtype=bool)
        mark[self.flat[expand(self.start, rows)[0]]] = True
        return np.flatnonzero(mark)


def positions_of(groups: dict[Hashable, list[int]]) -> dict[Hashable, IntArray]:
    """Lists of positions as int arrays: no int object per position to keep or to read.
    Read-only: a selection may hand one out as its own positions."""
    out = {}
    for k, v in groups.items():
        held = out[k] = np.array(v, dtype=np.int64)
        held.flags.writeable = False
    return out


def as_array(positions: Positions) -> IntArray:
    """`positions` as an int array."""
    if isinstance(positions, range):
        return np.arange(positions.start, positions.stop, positions.step, dtype=np.int64)
    return positions


def _whole(positions: Positions, size: int) -> bool:
    """Whether `positions` are every position of a column of `size`, in order."""
    return isinstance(positions, range) and positions.start == 0 and positions.step == 1 \
        and positions.stop == size


def _gather(column: npt.NDArray[T], positions: Positions) -> npt.NDArray[T]:
    """`column` at `positions`: the column itself when they are all of it (no copy)."""
    return column if _whole(positions, len(column)) else column[as_array(positions)]


def _counted(counts: npt.NDArray[np.int64], table: list[Any]) -> dict[Any, int]:
    return {table[c]: int(counts[c]) for c in np.flatnonzero(counts)}
