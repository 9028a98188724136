"""Texts about trafficking that tell no case, from the public corpus: rows of kind `policy`
for the document model.

The annotated news and dev sets hold six such texts among some four hundred, so the
document model never learnt the kind: the US Code's trafficking statutes and the White
House's statements, fact sheets and briefings on trafficking came out as cases (185 of
the 307 statutes, 149 of the 196 White House texts), each with an "incident" whose
actors were the agencies and people the text names. A statute or a government's
statement of policy is about the trade and tells no concrete case, whatever enforcement
words it uses; the corpus's own `relevant` flag (its keyword rules) says it is about the
trade, the source says it is law or policy. These texts teach the document model that
kind only: no other component learns from them (they carry no annotation of actors,
countries or years).

They count a quarter of an annotated document each (`train.CORPUS_WEIGHT`), and the kind
decides only where the model is sure (`learned._document_kind`): counted fully, or taken
at the model's first guess, they made short case reports and texts on other matters read
as policy. The same sources' texts on other matters, as negatives beside them, changed
nothing measurable (grouped CV on news train equal; 2 fewer false cases among 49 held-out
Justice Department releases on other crimes) and are left out.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ratline.learn import data
from ratline.learn.data import Example

# The sources whose trafficking texts are law, policy or an encyclopaedia's overview.
SOURCES = ("uscode_trafficking_statutes.jsonl", "whitehouse_briefing_room.jsonl",
           "wikipedia_vital_article_leads.jsonl")


def half(doc_id: str) -> int:
    """A stable half (0 or 1) per text, by its id's hash: one half can be held out to
    measure what the other teaches."""
    return hashlib.sha256(doc_id.encode("utf-8")).digest()[0] & 1


def examples(corpus: Path | None = None, *, limit: int | None = None,
             cache: Path | None = None) -> list[Example]:
    """A `policy` example per trafficking text of the sources (none where the corpus is
    absent; the first `limit` of them), with its rule pass. `corpus` defaults to the
    shared corpus; `cache` saves the parsing while developing."""
    corpus = corpus if corpus is not None else data.SHARED / "corpus"
    docs: list[dict[str, Any]] = []
    for name in SOURCES:
        path = corpus / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            if rec.get("relevant") and rec.get("text"):
                docs.append(rec)
    docs = docs[:limit]
    passes = data.rule_passes(((d["id"], d["text"]) for d in docs), cache)
    return [Example({"id": d["id"], "relevant": True, "incidents": []}, passes[d["id"]])
            for d in docs if d["id"] in passes]
