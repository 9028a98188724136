"""Training labels from people's review decisions in the store (`ratline train --from-store`).

Every document with a statement a person accepted, edited or rejected becomes a training
document: the rules run again over its stored text (victims' names masked first, so no
victim's name becomes a feature of the model file), and the decisions become labels of
the learned components, aligned with the rules' output by the referee's name matching:

* an actor statement rejected: `actor_keep` (or `candidate_keep`, for an actor a model
  added) is `not`; accepted: `actor`, with its role as the role label; edited: `actor`,
  with the edited role (the machine's name finds the mention, the edit may fix the name);
* an evidence statement accepted or edited: the document's evidence label is the
  strongest reviewed level, unless an unreviewed statement of the document states a
  stronger one (the model predicts the strongest level of a document);
* the document's `relevant` statement accepted, edited or rejected: the document kind,
  `negative` when it is not relevant, else `case` when some incident statement of it
  stands (not rejected), else `policy`.

Victims (actors named by a pseudonym) are left out: no model decides on them. Every row
counts `WEIGHT` times: a person looked at exactly this output of exactly this document,
while the gold sets' labels come from aligning two annotations.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ratline.evaluate import LADDER, name_match
from ratline.extract.learned import (
    Features,
    RulePass,
    actor_features,
    candidate_features,
    candidates,
    document_features,
    evidence_features,
)
from ratline.extract.pseudonyms import PREFIX as PSEUDONYM_PREFIX
from ratline.learn.data import Example

WEIGHT = 2
HUMAN = ("accepted", "edited", "rejected")
COMPONENTS = ("document", "evidence", "actor_keep", "actor_role", "candidate_keep",
              "candidate_role")
Rows = dict[str, tuple[list[Features], list[str]]]


@dataclass(slots=True)
class ActorLabel:
    """What a person said about one actor statement."""

    name: str  # as the machine read it: the rules find the mention again by it
    keep: str  # "actor" or "not"
    role: str | None  # the role a person accepted or set; None when rejected


@dataclass(slots=True)
class Reviewed:
    """One reviewed document: its rule pass and what the decisions on it teach."""

    example: Example  # gold holds only the id; labels are below
    kind: str | None = None
    evidence: str | None = None
    actors: list[ActorLabel] = field(default_factory=list)


@dataclass(slots=True)
class ReviewSet:
    documents: list[Reviewed]
    decisions: int  # reviewed statements read
    ruled_out: int = 0  # reviewed documents the rules now rule out (no labels from them)
    unmatched: int = 0  # actor decisions whose name the rules no longer find

    def rows(self) -> Rows:
        """Feature rows and labels per component, each row `WEIGHT` times."""
        out: Rows = {c: ([], []) for c in COMPONENTS}
        self.unmatched = 0

        def add(component: str, x: Features, label: str) -> None:
            out[component][0].extend([x] * WEIGHT)
            out[component][1].extend([label] * WEIGHT)

        for r in self.documents:
            rules = r.example.rules
            assert rules is not None
            if r.kind is not None:
                add("document", document_features(rules), r.kind)
            if r.evidence is not None and rules.incidents:
                add("evidence", evidence_features(rules), r.evidence)
            for label in r.actors:
                self.unmatched += not _actor_rows(rules, label, add)
        return out

    def describe(self) -> str:
        rows = self.rows()
        counts = ", ".join(f"{c} {len(rows[c][1]) // WEIGHT}" for c in COMPONENTS
                           if rows[c][1])
        return (f"store reviews: {len(self.documents)} documents, {self.decisions} decisions "
                f"-> labels: {counts or 'none'} (each counted {WEIGHT} times); "
                f"{self.unmatched} actor decisions not found again by the rules, "
                f"{self.ruled_out} reviewed documents ruled out by triage")


def _actor_rows(rules: RulePass, label: ActorLabel,
                add: Callable[[str, Features, str], None]) -> bool:
    """Rows for every rule actor (or, failing that, left-out entity) the label names."""
    found = False
    for inc in rules.incidents:
        for a in inc.actors:
            if a.pseudonymised or not name_match(label.name, a.name):
                continue
            x = actor_features(rules, inc, a)
            add("actor_keep", x, label.keep)
            if label.role is not None:
                add("actor_role", x, label.role)
            found = True
    if found:
        return True
    for c in candidates(rules, rules.incidents):
        if name_match(label.name, c.name):
            x = candidate_features(rules, c)
            add("candidate_keep", x, label.keep)
            if label.role is not None:
                add("candidate_role", x, label.role)
            return True
    return False


def _json(value: str | None) -> dict[str, Any]:
    try:
        data = json.loads(value or "")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def actor_label(row: Mapping[str, Any]) -> ActorLabel | None:
    """The label of one reviewed actor statement; None for a victim or a broken value."""
    machine = _json(row["original_value"] or row["value"])
    name = machine.get("name")
    if not isinstance(name, str) or not name or name.startswith(PSEUDONYM_PREFIX):
        return None
    if row["status"] == "rejected":
        return ActorLabel(name, "not", None)
    role = _json(row["value"]).get("role")
    return ActorLabel(name, "actor", role if isinstance(role, str) else None)


def evidence_label(rows: Iterable[Mapping[str, Any]]) -> str | None:
    """The strongest level people confirmed, unless an unreviewed one is stronger."""
    reviewed, unreviewed = [], []
    for r in rows:
        if r["prop"] != "evidence" or r["value"] not in LADDER:
            continue
        if r["status"] in ("accepted", "edited"):
            reviewed.append(LADDER.index(r["value"]))
        elif r["status"] == "machine":
            unreviewed.append(LADDER.index(r["value"]))
    if not reviewed or max(unreviewed, default=-1) > max(reviewed):
        return None
    return LADDER[max(reviewed)]


def kind_label(rows: Iterable[Mapping[str, Any]]) -> str | None:
    """The document kind a reviewed `relevant` statement says (a rejection says the
    opposite of the machine's value)."""
    rows = list(rows)
    judged = [r for r in rows if r["prop"] == "relevant" and r["status"] in HUMAN]
    if not judged:
        return None
    r = judged[0]
    relevant = (r["value"] == "true") != (r["status"] == "rejected")
    if not relevant:
        return "negative"
    stands = any(x["subject"].startswith("incident:") and x["status"] != "rejected"
                 for x in rows)
    return "case" if stands else "policy"


def labels(rows: Sequence[Mapping[str, Any]]) -> tuple[str | None, str | None, list[ActorLabel]]:
    """(document kind, evidence level, actor labels) from one document's statements."""
    actors = [a for r in rows if r["prop"] == "actor" and r["status"] in HUMAN
              for a in [actor_label(r)] if a is not None]
    return kind_label(rows), evidence_label(rows), actors


def collect(store: Any, log: Callable[[str], Any] = print) -> ReviewSet:
    """Every reviewed document of `store` with its labels (rules re-run on its text)."""
    import datetime as dt

    from sqlalchemy import select

    from ratline import masking
    from ratline.extract.extractor import check_text, rule_pass
    from ratline.store import schema

    s = schema.statements
    with store.engine.connect() as conn:
        ids = sorted(set(conn.execute(select(s.c.document_id).where(
            s.c.status.in_(HUMAN))).scalars()))
    out = ReviewSet([], 0)
    for doc_id in ids:
        rows = [dict(r) for r in store.statements(document_id=doc_id)]
        out.decisions += sum(1 for r in rows if r["status"] in HUMAN)
        kind, evidence, actors = labels(rows)
        if kind is None and evidence is None and not actors:
            continue  # decisions on properties no learned component reads
        doc = store.document(doc_id)
        if doc is None:
            continue
        text = masking.load(store, [doc_id]).text(doc["text"], doc_id)
        published = doc["published"] if isinstance(doc["published"], dt.date) else None
        rules = rule_pass(check_text(text), published)
        if rules is None:
            out.ruled_out += 1
            continue
        out.documents.append(Reviewed(Example({"id": f"store:{doc_id[:16]}"}, rules), kind,
                                      evidence, actors))
    log(out.describe())
    return out
