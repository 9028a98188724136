"""The sentence and the source a fact is cited to: what every analysis view quotes.

A citation is masked before anyone sees it: the sentence, the document title and the
source address pass through the masker with the victims' names of the fact's document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ratline import masking
from ratline.analyze.incidents import Fact
from ratline.analyze.titles import without_marker
from ratline.store import Store
from ratline.unwrap import soft_breaks_near

_STOPS = (". ", "! ", "? ")
# How far around a span line breaks are read for hard wrapping.
_REACH = 320


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around [start, end) begins and ends (between sentence stops; a
    line break of hard-wrapped text, PDF or e-mail, goes on with the sentence)."""
    soft = soft_breaks_near(text, start, end, _REACH)
    before = text.rfind("\n", 0, start)
    while before in soft:
        before = text.rfind("\n", 0, before)
    left = max(before, *(text.rfind(c, 0, start) for c in _STOPS)) + 1
    after = text.find("\n", end)
    while after in soft:
        after = text.find("\n", after + 1)
    stops = [i for i in (*(text.find(c, end) for c in _STOPS), after) if i >= 0]
    return left, min(stops) + 1 if stops else len(text)


def sentence_around(text: str, start: int | None, end: int | None) -> str:
    """The sentence around a statement's span (the text between sentence stops)."""
    if start is None or end is None or not text:
        return ""
    left, right = sentence_span(text, start, end)
    return " ".join(text[left:right].split())


@dataclass(frozen=True)
class Source:
    document_id: str
    title: str
    url: str


@dataclass(frozen=True)
class Citation:
    statement_id: str
    document_id: str
    title: str
    url: str
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        return {"statement_id": self.statement_id, "document_id": self.document_id,
                "title": self.title, "url": self.url, "sentence": self.sentence}


class Citer:
    """Cites facts to their sentences and sources, reading each document once."""

    def __init__(self, store: Store, masker: masking.Masker) -> None:
        self.store = store
        self.masker = masker
        self._docs: dict[str, tuple[str, Source]] = {}

    def _document(self, document_id: str) -> tuple[str, Source]:
        if document_id not in self._docs:
            row = self.store.document(document_id)
            if row is None:
                self._docs[document_id] = ("", Source(document_id, document_id, ""))
            else:
                url = str(row["url"] or row["source"] or "")
                # A title such as "FICTIONAL EXAMPLE — ..." names the file, not the case.
                title = without_marker(str(row["title"] or ""))
                self._docs[document_id] = (str(row["text"] or ""), Source(
                    document_id,
                    self.masker.text(title, document_id) if title
                    else self.masker.source(url or document_id, document_id),
                    self.masker.source(url, document_id)))
        return self._docs[document_id]

    def source(self, document_id: str) -> Source:
        return self._document(document_id)[1]

    def cite(self, fact: Fact) -> Citation:
        text, src = self._document(fact.document_id)
        said = self.masker.text(sentence_around(text, fact.start, fact.end), fact.document_id)
        return Citation(fact.statement_id, fact.document_id, src.title, src.url, said)
