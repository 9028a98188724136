"""Victims' names kept out of everything people see: one masker for every layer.

Extraction stores a named victim under a pseudonym, but the victim statement keeps the
span of the real name in the document text, and the document's text, title and source
still hold the name. Every place that shows a text derived from a document -- its text,
title, source, search snippets, sentences, summaries, incident and actor names, statement
values -- passes it through a `Masker` built from the victim statements of the documents
it came from. The CLI, the web pages, the JSON API and any export call the same masker
(`shown` is the one hook an export needs).

What is masked, per document:

* every name a victim statement's span points at (any statement whose value names a
  `Victim-` pseudonym, except `person_status`, whose span is the status phrase), wherever
  it occurs, across line breaks (a word cut by a wrap, the "> " of quoted e-mail), in any
  letter case that starts with a capital, with or without accents;
* each word of such a name alone ("Lopez said", "Lopez's kidney") unless that is
  ambiguous: a word of a non-victim actor's name in the same document (the broker Juan
  Lopez keeps his surname), an honorific or particle ("Ms", "de"), or a month or weekday;
* in sources and URLs, the same names and words in any case ("maria-lopez.html").

Masks keep the length (each letter becomes "█", spaces and hyphens stay), so every character offset
into the text stays valid. Statements a reviewer rejected still mask: over-masking a
wrongly flagged name is the safe failure.

Full-text search: the index holds the real text, so a search for a victim's name would
find the document. A hit is therefore dropped when a search term is a masked name (or
word of one) of that document, or when a highlighted match in its snippet is masked;
every other hit has its title, source and snippet masked (highlight markers kept, a name
split by them still masked). Searching a victim's name thus finds nothing through that
name, in the CLI, on the web and in the incident filter.

`RATLINE_KEEP_VICTIM_NAMES=1` turns all of this off: names are shown as stored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ratline import settings

if TYPE_CHECKING:
    from ratline.store import Store

MASK = "█"
# The pseudonym prefix of ratline.extract.pseudonyms, repeated so showing a document does
# not import the extraction stage (a test keeps the two equal).
PREFIX = "Victim-"
# Highlight markers of search snippets (the same as ratline.store.MARK_START/MARK_END,
# repeated here because the store imports this module).
MARKS = "\x02\x03"
# Words of a name that do not stand for the person alone.
_NOT_A_NAME = frozenset(re.findall(r"\w+", """
mr mrs ms miss mx dr prof sir madam madame mme mlle sr sra srta dona don herr frau
de da das do dos del della der den di du la le les van von ter ten al el bin ibn bint abu
y e and the of victim survivor
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
"""))
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
# Between the words of a name: blanks, a line break, the "> " marks of quoted e-mail.
_SPACE = r"[\s\u00a0]+(?:>[\s\u00a0>]*)?"
# A word cut at the end of a wrapped line ("Wan-\njiru"): extraction reads it joined.
_WRAP_CUT = r"-[ \t]*\r?\n[ \t>]*"
_WRAP_SPLIT = re.compile(r"(?<=[^\W\d_])" + _WRAP_CUT + r"(?=[a-zß-ÿ])")
_SLUG_SPACE = r"[\s\u00a0_.+-]+"  # between the words of a name in a file name or URL
# Neither side of a match may be a letter or digit ("Lopez's" masks "Lopez"; "Lopezville"
# is another word).
_BEFORE, _AFTER = r"(?<![^\W_])", r"(?![^\W_])"
_CHUNK = 500


def fold(text: str) -> str:
    """Accents dropped, length kept: "López" -> "Lopez", so both spellings match."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


@dataclass(frozen=True)
class VictimNames:
    """The victims' names of one or more documents, ready to match."""

    full: frozenset[str] = frozenset()   # whole names, words separated by single spaces
    parts: frozenset[str] = frozenset()  # words that stand for a victim alone

    def __bool__(self) -> bool:
        return bool(self.full or self.parts)

    def __or__(self, other: VictimNames) -> VictimNames:
        return VictimNames(self.full | other.full, self.parts | other.parts)

    def words(self) -> set[str]:
        """Every word of these names, folded and lower-cased (for comparing search terms)."""
        out = {fold(p).casefold() for p in self.parts}
        for f in self.full:
            out.update(fold(w).casefold() for w in f.split(" "))
        return out - _NOT_A_NAME


def _name_words(surface: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(_WRAP_SPLIT.sub("", surface))]


def victim_names(surfaces: Iterable[str], others: Iterable[str] = ()) -> VictimNames:
    """Names from the texts under victim statements' spans; `others` are the names of
    non-victim actors of the same document, whose words stay visible."""
    full: set[str] = set()
    words: set[str] = set()
    for surface in surfaces:
        if not surface or surface.lstrip().startswith(PREFIX):
            continue
        ws = [w for w in _name_words(surface) if w[:1].isupper()]
        # "Survivor Elif Demirkaya", "Ms Li Wen": the name starts after the title.
        while ws and fold(ws[0]).casefold() in _NOT_A_NAME:
            ws.pop(0)
        if not ws:
            continue
        full.add(" ".join(ws))
        for w in ws:
            words.add(w)
            if "-" in w:
                words.update(p for p in w.split("-") if p[:1].isupper())
    own = {fold(w).casefold() for w in words}
    taken: set[str] = set()
    for other in others:
        theirs = {fold(p).casefold() for w in _name_words(other) for p in (w, *w.split("-"))}
        if theirs <= own:
            continue  # the victim's own name (or part of it) under another statement
        taken.update(theirs)
    parts = {w for w in words if len(w) >= 2 and fold(w).casefold() not in _NOT_A_NAME
             and fold(w).casefold() not in taken}
    return VictimNames(frozenset(full), frozenset(parts))


def _name_pattern(name: str, slug: bool = False) -> str:
    if slug:
        return _SLUG_SPACE.join(re.escape(fold(w)) for w in name.split(" "))
    # In running text a word of the name may be cut by a wrap.
    return _SPACE.join(f"(?:{_WRAP_CUT})?".join(map(re.escape, fold(w))) for w in name.split(" "))


@lru_cache(maxsize=1024)
def _pattern(names: VictimNames, slug: bool = False) -> re.Pattern[str]:
    alternatives = sorted({_name_pattern(n, slug) for n in names.full | names.parts},
                          key=len, reverse=True)
    return re.compile(_BEFORE + "(?:" + "|".join(alternatives) + ")" + _AFTER, re.IGNORECASE)


def mask(text: str, names: VictimNames, *, any_case: bool = False) -> str:
    """`text` with every occurrence of the names blacked out, length kept. Only
    occurrences that start with a capital count, unless `any_case` (sources, URLs)."""
    if not text or not names:
        return text
    folded = fold(text)
    pieces: list[str] = []
    last = 0
    for m in _pattern(names, any_case).finditer(folded):
        found = text[m.start():m.end()]
        if not any_case and (not found[0].isupper() or len(found) < 4 and found.isupper()):
            continue  # "lee" or "LI" (a code, an acronym) is not the victim Li
        pieces.append(text[last:m.start()])
        pieces.append("".join(MASK if c.isalnum() else c for c in found))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def mask_snippet(snippet: str, names: VictimNames) -> tuple[str, bool]:
    """A search snippet masked with its highlight markers left where they were, even when
    they split a name; and whether a highlighted match was masked."""
    if not snippet or not names:
        return snippet, False
    plain: list[str] = []
    markers: list[tuple[int, str]] = []
    for c in snippet:
        if c in MARKS:
            markers.append((len(plain), c))
        else:
            plain.append(c)
    text = "".join(plain)
    masked = mask(text, names)
    hit = False
    inside = False
    edges = iter(markers)
    edge = next(edges, None)
    out: list[str] = []
    for i, c in enumerate(masked):
        while edge is not None and edge[0] == i:
            out.append(edge[1])
            inside = edge[1] == MARKS[0]
            edge = next(edges, None)
        if inside and c != text[i]:
            hit = True
        out.append(c)
    while edge is not None:
        out.append(edge[1])
        edge = next(edges, None)
    return "".join(out), hit


class Masker:
    """Victims' names per document, applied to any text derived from those documents."""

    def __init__(self, names: Mapping[str, VictimNames] | None = None,
                 keep: bool | None = None) -> None:
        self.keep = settings.keep_victim_names() if keep is None else keep
        self.by_document: dict[str, VictimNames] = {} if self.keep else {
            k: v for k, v in (names or {}).items() if v}

    def __bool__(self) -> bool:
        return bool(self.by_document)

    def names(self, documents: Iterable[str | None]) -> VictimNames:
        out = VictimNames()
        for d in documents:
            if d and d in self.by_document:
                out = out | self.by_document[d]
        return out

    def text(self, text: Any, *documents: str | None) -> Any:
        """A text (title, sentence, summary, name, ...) derived from `documents`."""
        if not isinstance(text, str) or not self.by_document:
            return text
        return mask(text, self.names(documents))

    def source(self, text: Any, *documents: str | None) -> Any:
        """A source path or URL: names match in any case ("maria-lopez.html")."""
        if not isinstance(text, str) or not self.by_document:
            return text
        return mask(text, self.names(documents), any_case=True)

    def value(self, value: Any, *documents: str | None) -> Any:
        """Every string inside `value` (dicts, lists, JSON text) masked; keys stay. The hook
        exports call on each record before writing it."""
        if not self.by_document:
            return value
        names = self.names(documents)
        return mask_value(value, names) if names else value

    def document(self, row: Mapping[Any, Any]) -> dict[str, Any]:
        """A document row (store row or dict) as people may see it."""
        out = dict(row)
        doc = str(out.get("id") or "")
        for key in ("title", "text", "author", "site", "error"):
            if key in out:
                out[key] = self.text(out[key], doc)
        for key in ("source", "url"):
            if key in out:
                out[key] = self.source(out[key], doc)
        return out

    def statement(self, row: Mapping[Any, Any]) -> dict[str, Any]:
        """A statement row with its value (and the machine value before an edit) masked."""
        out = dict(row)
        doc = out.get("document_id")
        for key in ("value", "original_value"):
            if key in out:
                out[key] = self.value(out[key], doc)
        return out

    def found_by_names(self, terms: Sequence[str], documents: set[str]) -> set[str]:
        """The `documents` a search for `terms` would find through a victim's name; read
        from whichever is fewer, the documents or those that name a victim (a common word
        matches a hundred thousand documents, few of which name one)."""
        held = self.by_document
        pool = documents if len(documents) <= len(held) else (d for d in held if d in documents)
        return {d for d in pool if d in held and self.hides(terms, d)}

    def hides(self, terms: Sequence[str], document: str) -> bool:
        """Whether a search for `terms` would find `document` through a victim's name."""
        names = self.names([document])
        if not names:
            return False
        words = names.words()
        for term in terms:
            t = fold(term).casefold()
            if t in words or any(t[:-k] in words for k in (1, 2) if len(t) > k + 1):
                return True
        return False


def mask_value(value: Any, names: VictimNames) -> Any:
    """Every string inside `value` masked (JSON text parsed and written back); keys stay."""
    if isinstance(value, str):
        if value[:1] in "{[":
            try:
                parsed = json.loads(value)
            except ValueError:
                return mask(value, names)
            masked = mask_value(parsed, names)
            return value if masked == parsed else json.dumps(masked, ensure_ascii=False,
                                                              sort_keys=True)
        return mask(value, names)
    if isinstance(value, Mapping):
        return {k: mask_value(v, names) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(v, names) for v in value]
    return value


def is_victim_statement(prop: str, value: str) -> bool:
    """A statement about a named victim: its value names a pseudonym, its span the name."""
    if prop == "person_status" or PREFIX not in value:
        return False
    try:
        data = json.loads(value)
    except ValueError:
        return False
    return isinstance(data, dict) and str(data.get("name", "")).startswith(PREFIX)


def load(store: Store, documents: Iterable[str] | None = None) -> Masker:
    """The masker for `documents` (every document when None), from their statements."""
    if settings.keep_victim_names():
        return Masker(keep=True)
    from sqlalchemy import func, literal, select

    from ratline.store import schema

    s, d = schema.statements, schema.documents
    surface = func.substr(d.c.text, s.c.start + 1, s.c.end - s.c.start)
    # The pattern goes into the SQL as a literal: only then may the database read the
    # statements through the index of victim statements (`schema.ix_statements_victims`)
    # rather than every statement of every document asked about.
    base = (select(s.c.document_id, s.c.prop, s.c.value, surface)
            .join(d, d.c.id == s.c.document_id)
            .where(s.c.value.like(literal(schema.VICTIM_PATTERN, literal_execute=True)),
                   s.c.start.is_not(None), s.c.end.is_not(None)))
    surfaces: dict[str, list[str]] = {}
    with store.reading() as conn:
        for q in _by_documents(base, s.c.document_id, documents):
            for doc, prop, value, text in conn.execute(q):
                if text and is_victim_statement(prop, value):
                    surfaces.setdefault(doc, []).append(str(text))
        others: dict[str, list[str]] = {}
        if surfaces:
            named = select(s.c.document_id, s.c.value).where(s.c.prop == "actor")
            for q in _by_documents(named, s.c.document_id, sorted(surfaces)):
                for doc, value in conn.execute(q):
                    if not is_victim_statement("actor", value):
                        others.setdefault(doc, []).append(_actor_name(value))
    return Masker({doc: victim_names(names, others.get(doc, ()))
                   for doc, names in surfaces.items()}, keep=False)


def _by_documents(query: Any, column: Any, documents: Iterable[str] | None) -> Iterable[Any]:
    if documents is None:
        yield query
        return
    ids = sorted({i for i in documents if i})
    for i in range(0, len(ids), _CHUNK):
        yield query.where(column.in_(ids[i:i + _CHUNK]))


def _actor_name(value: str) -> str:
    try:
        data = json.loads(value)
    except ValueError:
        return ""
    return str(data.get("name") or "") if isinstance(data, dict) else ""


def protect_extraction(extraction: Any, text: str) -> None:
    """Mask the victims' names in the free text an extraction carries (summaries quote the
    document) and drop places that are a victim's name, before it is stored or printed.
    Victims are the actors extraction gave a pseudonym; their mention spans point at the
    real names in `text`."""
    victims, others = [], []
    for inc in extraction.incidents:
        for a in inc.actors:
            mention = a.mention
            if not a.name.startswith(PREFIX):
                others.append(a.name)
            elif mention is not None and mention.start is not None and mention.end is not None:
                victims.append(text[mention.start:mention.end])
    names = victim_names(victims, others)
    if names:
        for inc in extraction.incidents:
            if inc.summary:
                inc.summary = mask(inc.summary, names)
            # A victim's surname can also be a town ("Quintero said" is no place in Chile).
            inc.places = [p for p in inc.places if not _is_name(text, p.start, p.end, names)]


def _is_name(text: str, start: int | None, end: int | None, names: VictimNames) -> bool:
    if start is None or end is None:
        return False
    found = text[start:end]
    return bool(found.strip()) and not any(c.isalnum() for c in mask(found, names))


def shown(store: Store, value: Any, documents: Iterable[str]) -> Any:
    """`value` (a record, a list of them, a text) as people may see it, given the
    documents it was derived from: the single call an export layer makes."""
    docs = list(documents)
    return load(store, docs).value(value, *docs)


def protect_hits(store: Store, terms: Sequence[str], hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search hits with victims' names masked; a hit found through a victim's name is
    dropped (see the module docstring)."""
    masker = load(store, [h["id"] for h in hits])
    if not masker:
        return hits
    out = []
    for hit in hits:
        doc = hit["id"]
        if masker.hides(terms, doc):
            continue
        snippet, through_name = mask_snippet(hit.get("snippet") or "", masker.names([doc]))
        if through_name:
            continue
        shown_hit = masker.document(hit)
        shown_hit["snippet"] = snippet if hit.get("snippet") is not None else None
        out.append(shown_hit)
    return out


def documents(store: Store, rows: Iterable[Mapping[Any, Any]]) -> list[dict[str, Any]]:
    """Document rows (lists, with or without text) as people may see them."""
    rows = list(rows)
    masker = load(store, [str(r["id"]) for r in rows])
    return [masker.document(r) for r in rows]


def clusters(store: Store, rows: Iterable[Mapping[Any, Any]]) -> list[dict[str, Any]]:
    """Resolved incident or actor rows (`ratline.store.resolution.clusters`) with every
    string masked with the victims' names of the documents the cluster came from."""
    rows = list(rows)
    masker = load(store, {d for r in rows for d in _cluster_documents(r)})
    return [masker.value(dict(r), *_cluster_documents(r)) for r in rows]


def _cluster_documents(row: Mapping[Any, Any]) -> list[str]:
    docs = [str(d) for d in (row.get("documents") or row.get("sources") or [])]
    docs += [str(c.get("document_id")) for c in row.get("claims") or [] if isinstance(c, dict)]
    return docs
