"""A document's name fingerprint: the rare proper names it prints, as short hashes.

Reports of one case from different outlets share the names of its people, hospitals,
villages and streets even where extraction did not list them as actors or places (a
defendant named only in passing, a clinic written two ways). The fingerprint keeps the
capitalised words of a text that are neither common words (the text also writes them
in lower case) nor common in public reporting (`common_names.txt`: countries, agencies,
months, frequent given names, and common words capitalised at a sentence start), folded
to ASCII and hashed. Linkage counts how many of them two documents share.

Hashes, not words: the fingerprint is stored beside the documents and compared, never
shown, and a victim's name must not reach an explanation through it. An explanation
says how many rare names two reports share, not which.

Beside the names, the fingerprint holds the case's own names where a text prints them:
a police operation ("Operation Blooming Onion") or a court caption ("USA v. Patricio").
Reports of a case years apart, naming different defendants, still print its operation
and caption; unrelated reports almost never share one. They are hashed too, kept apart
from the names by `CASE_PREFIX`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ratline.resolve.names import fold

# Bump when the rules or the common-name list change: stored fingerprints of an older
# version are recomputed before resolution uses them.
FINGERPRINT_VERSION = "5"
COMMON_FILE = "common_names.txt"
# A word of at least three letters (any script's letters, no digits).
_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
# Words of two letters up, and the punctuation that ends a run of capitalised words.
_TOKEN = re.compile(r"\b[^\W\d_]{2,}\b|[.,;:!?()\"]")
# Most names a long report prints; past this the fingerprint would only grow.
MAX_NAMES = 200
MIN_PROSE_WORDS = 8
DIGEST_BYTES = 5
CASE_PREFIX = "case:"
# "Operation Blooming Onion", "Operation Fast and Furious": up to four capitalised words
# (joined by "and"/"of"); "USA v. Patricio", "United States v. Obiechie": the party after
# "v." is the case's key, however the first party is written.
# Words join on spaces only: a line break ends a heading's name.
_OPERATION = re.compile(r"\bOperation[ \t]+((?:[A-Z][\w'’-]+)(?:[ \t]+(?:(?:and|of|the)[ \t]+)?[A-Z][\w'’-]+){0,3})")
_CAPTION = re.compile(r"\b[A-Z][\w.]*[ \t]+vs?\.[ \t]+([A-Z][\w'’-]+)")


@lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    """The shipped list of names too common in reporting to link two reports."""
    path = resources.files("ratline.resolve") / COMMON_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.strip() for line in lines) if w and not w.startswith("#"))


def _digest(word: str) -> str:
    return hashlib.blake2b(word.encode("utf-8"), digest_size=DIGEST_BYTES,
                           person=b"ratline-names").hexdigest()


def _capitalised(word: str) -> bool:
    """A name-like word: "Chenzhou", "USA", and brand spellings such as "iPad"."""
    return not word.islower()


def name_words(text: str, common: frozenset[str] | None = None) -> list[str]:
    """The rare capitalised words of `text`, folded, in order of first appearance, each
    followed by the pairs of adjacent capitalised words it is part of ("tang wee",
    "wee sung"): a pair of common surnames is still one person's name."""
    common = common_names() if common is None else common
    words = _TOKEN.findall(prose(text))
    lower = {fold(w) for w in words if w.islower()}
    seen: dict[str, None] = {}
    prev: tuple[str, bool] | None = None
    for word in words:
        if not _capitalised(word) or not word[0].isalpha():
            prev = None  # lower case or punctuation ends a run of capitalised words
            continue
        key = fold(word).replace(" ", "")
        rare = len(key) >= 3 and key not in common and key not in lower
        if rare:
            seen.setdefault(key)
        if prev is not None and (rare or prev[1]):
            seen.setdefault(f"{prev[0]} {key}")
        prev = (key, rare)
        if len(seen) >= MAX_NAMES:
            break
    return list(seen)


def prose(text: str) -> str:
    """The lines of `text` that are sentences: a page's short lines (bylines, datelines,
    "Publication date", menu words, the outlet's name) repeat across every report the
    outlet prints, whatever the case, and would link unrelated reports."""
    return "\n".join(line for line in text.splitlines() if len(line.split()) >= MIN_PROSE_WORDS)


def case_names(text: str) -> list[str]:
    """The operation names and court captions `text` prints, folded ("op blooming onion",
    "v patricio")."""
    found = [f"op {fold(m)}" for m in _OPERATION.findall(text)]
    found += [f"v {fold(m)}" for m in _CAPTION.findall(text)]
    return list(dict.fromkeys(found))


def fingerprint(text: str) -> tuple[str, ...]:
    """The hashed rare names and case names of `text`, sorted (what the store keeps)."""
    names = {_digest(w) for w in name_words(text)}
    names |= {CASE_PREFIX + _digest(c) for c in case_names(text)}
    return tuple(sorted(names))


class NameSet(tuple[str, ...]):
    """A fingerprint as linkage records hold it: its hashes sorted, each interned. A full
    resolution holds every record's fingerprint at once, so it is kept small: a tuple
    (a set's table is ten times the size) whose names are shared by every document that
    prints them (the reports of a case, and of its town, print the same names)."""

    __slots__ = ()


def name_set(names: Iterable[str]) -> NameSet:
    """`names` as a `NameSet`; one already made comes back as it is, so the incidents of
    one document share it."""
    if isinstance(names, NameSet):
        return names
    return NameSet(sorted({sys.intern(n) for n in names}))


def is_case_name(entry: str) -> bool:
    return entry.startswith(CASE_PREFIX)


def encode(names: Iterable[str]) -> str:
    return json.dumps({"v": FINGERPRINT_VERSION, "names": list(names)}, separators=(",", ":"))


def decode(value: str | None) -> tuple[str, ...] | None:
    """A stored fingerprint, or None when missing or of another version (recompute it)."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("v") != FINGERPRINT_VERSION:
        return None
    names = data.get("names")
    return tuple(str(n) for n in names) if isinstance(names, list) else None


def build_common_names(texts: Iterable[str], min_documents: int = 5,
                       min_lower: int = 3) -> list[str]:
    """Words (folded) that say nothing about which case a report is about: capitalised in
    at least `min_documents` of `texts` (in public reporting, countries, agencies, titles,
    common given names) or written in lower case in at least `min_lower` of them (common
    words, capitalised only at a sentence start: "Perhaps", "Update")."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        words = _WORD.findall(text)
        capitalised.update({fold(w).replace(" ", "") for w in words if _capitalised(w)})
        lower.update({fold(w).replace(" ", "") for w in words if w.islower()})
    common = {w for w, n in capitalised.items() if n >= min_documents}
    common |= {w for w, n in lower.items() if n >= min_lower}
    return sorted(w for w in common if len(w) >= 3)


def write_common_names(words: Iterable[str], path: Path, source: str) -> None:
    path.write_text(f"# Names common in public reporting; built from {source}. "
                    "Rebuilt by `ratline train`.\n" + "\n".join(words) + "\n", encoding="utf-8")


def corpus_texts(corpus: Path) -> Iterable[str]:
    """The texts of a JSON-lines corpus folder (`../shared/corpus`)."""
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield str(json.loads(line).get("text") or "")


def rebuild_common_names(corpus: Path, out: Path | None = None) -> int:
    """Rebuild the shipped common-name list from a public corpus; returns its size."""
    words = build_common_names(corpus_texts(corpus))
    path = out or Path(str(resources.files("ratline.resolve") / COMMON_FILE))
    write_common_names(words, path, f"{corpus.name}/ (capitalised in at least 5 of its "
                       "documents, or in lower case in at least 3)")
    common_names.cache_clear()
    return len(words)
