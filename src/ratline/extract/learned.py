"""Learned corrections on top of the rules: small linear models read the rules' output.

The rules find candidates (incidents, evidence cues, named actors) and the models, trained
on annotated real reports (`ratline train`, see `ratline.learn`), decide what the rules
decide badly on real text:

* `document`: what kind of text it is: a `case` (a concrete incident or a country profile),
  `policy` (about trafficking, no concrete case: relevant without incidents) or `negative`
  (not about trafficking at all);
* `evidence`: the strongest evidence level the text states for its case;
* `actor_keep`: whether a named candidate is an actor of the case at all;
* `actor_role`: the actor's role.

Models are plain JSON (class names, bias and one weight per feature and class), shipped in
`models/learned.json`, so loading needs no pickle and no learning library. Features are
the rules' own outputs plus the words around them; `document_features`,
`evidence_features` and `actor_features` are shared by training and inference so the two
cannot drift apart. RATLINE_RULES_ONLY=1 switches the models off (to measure what they add).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ratline.extract import acronyms, buyers, defendants, field_filters, governors
from ratline.extract import actors as actors_rules
from ratline.extract.actors import TRADER_ROLES
from ratline.extract.combine import combine
from ratline.extract.dates import YearMention
from ratline.extract.evidence import level as evidence_level
from ratline.extract.features import (
    FEATURE_WORD,
    Marks,
    enforced,
    marks_at,
    written_as_person,
)
from ratline.extract.genre import is_review
from ratline.extract.incidents import TARGET_TRADES, opens_another_case
from ratline.extract.named_victims import is_victim, victim_anywhere
from ratline.extract.outcomes import rules as outcome_rules
from ratline.extract.results import EXTRACTOR_VERSION, Actor, Found, Incident
from ratline.extract.sentences import Entity, Sentence, mentions
from ratline.extract.years import dates_acts
from ratline.geo import places
from ratline.unwrap import Unwrapped

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).parent / "models" / "learned.json"
LADDER = ("rumor", "speculation", "allegation", "report", "investigation", "arrest", "charge",
          "conviction")
_FIRM = ("investigation", "arrest", "charge", "conviction")
Features = dict[str, float]


@dataclass(slots=True)
class RulePass:
    """Everything the rules found in one text, before the learned corrections.

    `text` is what the rules read (hard-wrapped lines joined) and every offset here points
    into it; `source` maps those offsets back to the original text (None: no difference).
    """

    text: str
    score: float
    doc_date: dt.date | None
    marks: list[Marks]
    incidents: list[Incident]
    relevant: bool
    narrative: bool
    source: Unwrapped | None = None


class LinearModel:
    """A multinomial (or, with one weight row, binary) logistic regression read from JSON."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.classes: list[str] = list(spec["classes"])
        self.bias: list[float] = list(spec["bias"])
        self.weights: dict[str, list[float]] = spec["weights"]

    def proba(self, feats: Features) -> dict[str, float]:
        z = list(self.bias)
        for name, v in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    z[k] += v * wk
        if len(z) == 1:  # binary: one logit for the second class
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        return {c: x / s for c, x in zip(self.classes, e, strict=True)}

    def best(self, feats: Features) -> tuple[str, float]:
        p = self.proba(feats)
        c = max(p, key=lambda k: p[k])
        return c, p[c]


@dataclass(slots=True)
class Models:
    document: LinearModel
    evidence: LinearModel
    actor_keep: LinearModel
    actor_role: LinearModel
    candidate_keep: LinearModel | None
    candidate_role: LinearModel | None
    thresholds: dict[str, float]
    version: str
    # The trade of a case the rules found no incident for (`fallback`).
    trade: LinearModel | None = None
    # Whether the rules' incidents of a document are one case (`combine`).
    count: LinearModel | None = None
    # Whether a year the text prints is the year of the case's acts (`year`).
    year: LinearModel | None = None
    # Whether a country, an act the incidents list is the case's (`fields`).
    country: LinearModel | None = None
    activity: LinearModel | None = None
    # What an amount is: paid to a seller, charged to a recipient, other (`money`).
    money: LinearModel | None = None
    # Where a country of the case stands on its route (`route`).
    route: LinearModel | None = None
    # Components switched off (for ablations): document, evidence, actor_keep, actor_role,
    # candidates, fallback, count, year, fields, evidence_raise, money, route.
    off: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> Models:
        m = spec["models"]
        def opt(name: str) -> LinearModel | None:
            return LinearModel(m[name]) if m.get(name) else None

        return cls(LinearModel(m["document"]), LinearModel(m["evidence"]),
                   LinearModel(m["actor_keep"]), LinearModel(m["actor_role"]),
                   opt("candidate_keep"), opt("candidate_role"),
                   dict(spec.get("thresholds", {})), str(spec.get("extractor_version", "")),
                   trade=opt("trade"), count=opt("count"), year=opt("year"),
                   country=opt("country"), activity=opt("activity"), money=opt("money"), route=opt("route"))


class ModelMissing(RuntimeError):
    """The shipped model file is missing or unreadable."""


@lru_cache(maxsize=1)
def shipped() -> Models:
    """The models shipped with the package."""
    try:
        spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        return Models.from_dict(spec)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelMissing(f"learned extraction model unreadable at {MODEL_PATH}: {exc}") from exc


def enabled() -> bool:
    return os.environ.get("RATLINE_RULES_ONLY", "") not in ("1", "true", "yes")


# Builds one incident of the given trade from the whole text (the rules' fields over every
# marked sentence); None when nothing in the text is marked.
Fallback = Callable[[str], Incident | None]


def refine(rules: RulePass, models: Models | None = None,
           fallback: Fallback | None = None) -> tuple[bool, list[Incident], str]:
    """Relevance, incidents and the document's kind after the learned corrections (the
    rules' own when off).

    `fallback` builds the incident of a text the document model reads as a case where the
    rules grouped none (real reports often name the trade in words the cues miss: "shipped
    rifles", "forced to work")."""
    if models is None:
        if not enabled():
            return rules.relevant, rules.incidents, outcome_kind(rules.relevant, rules.incidents)
        try:
            models = shipped()
        except ModelMissing as exc:
            log.warning("%s; extracting with the rules only", exc)
            return rules.relevant, rules.incidents, outcome_kind(rules.relevant, rules.incidents)
        if models.version != EXTRACTOR_VERSION:
            log.warning("learned model built for extractor %s, running %s", models.version,
                        EXTRACTOR_VERSION)
    th = models.thresholds
    incidents = rules.incidents
    relevant = rules.relevant
    if is_review(rules.text):
        return False, [], "negative"  # a book's or a film's story, whatever the model reads
    if not incidents and not rules.narrative and _goods_only(rules):
        # A text whose only trafficking is of drugs or goods (a cartel's heroin, ivory) is
        # no case of the target trades, however much it reads like one (a sentencing
        # release, a seizure): the document model must not build one for it.
        return False, [], "negative"
    kind, p = ("", 0.0) if "document" in models.off else _document_kind(
        models.document.proba(document_features(rules)), th.get("policy", 0.5))
    if kind == "negative" and p >= th.get("negative", 0.5):
        return False, [], kind
    if kind == "policy" and p >= th.get("policy", 0.5):
        return True, [], kind
    if kind == "case" and p >= th.get("case", 0.5):
        relevant = True
        if (not incidents and not rules.narrative and fallback is not None
                and models.trade is not None and "fallback" not in models.off):
            trade = _fallback_trade(rules, models.trade)
            built = fallback(trade) if trade is not None else None
            if built is not None:
                incidents = [built]
            else:
                # No case the text bears out (no trade's words, a debunked claim, history):
                # whether it is about the trade at all is the rules' reading.
                relevant, kind = rules.relevant, outcome_kind(rules.relevant, [])
    else:
        # The model was not sure enough to decide: the kind is what the rules made of it.
        kind = outcome_kind(relevant, incidents)
    if not incidents and not rules.narrative and _debunk_only(rules):
        # A fact-check that finds a trafficking claim false, with no act of the police or
        # the courts, reports no trafficking: it is not about the trade.
        return False, [], "negative"
    if not incidents or rules.narrative:
        # Country narratives follow their own fixed convention (factbook.py).
        return relevant, incidents, kind
    if (len(incidents) > 1 and models.count is not None and "count" not in models.off
            and models.count.proba(count_features(rules))["one"] >= th.get("count", 0.5)):
        trade = models.trade.best(document_features(rules))[0] if models.trade else None
        apart = [inc for inc in incidents[1:] if _said_apart(rules.text, inc)]
        joined = [inc for inc in incidents if not any(inc is a for a in apart)]
        incidents = [combine(joined, trade), *apart]
    levels = {inc.evidence.value for inc in incidents}
    # The gold sets score no `denial`, so the model never learnt it: a rule denial stays.
    # Nor does a model turn what the text only claims (rumour, speculation, allegation)
    # into an established fact: it may only lower a level.
    if "evidence" not in models.off and "denial" not in levels:
        p_levels = models.evidence.proba(evidence_features(rules))
        level = max(p_levels, key=lambda k: p_levels[k])
        top = max(LADDER.index(v) for v in levels if v in LADDER)
        # Nor does it raise a level past what the rules read in the text: negation,
        # modality and outcomes (an overturned conviction) are read by the rules, and a
        # model that has seen the words of a conviction must not restore it. It may raise
        # the case to the strongest level the text itself states, read the rules' way
        # over every sentence (real reports often tell the arrest in a paragraph the
        # grouping left out of the case).
        stated = evidence_level(rules.marks)
        if p_levels[level] >= th.get("evidence", 0.0):
            if LADDER.index(level) <= top:
                _set_evidence(incidents, max(level, _outcome_floor(rules), key=_rank))
            elif level == stated.value and "evidence_raise" not in models.off:
                max(incidents, key=_evidence_rank).evidence = Found(
                    stated.value, stated.start, stated.end, stated.sentence, stated.confidence)
        if (max(incidents, key=_evidence_rank).evidence.value == "report"
                and _reports_only_claims(rules)):
            _set_evidence(incidents, "allegation")
        # The strongest level's confidence: the model's probability that it is the level
        # the text states for its case.
        shown = max(incidents, key=_evidence_rank).evidence
        shown.confidence = round(p_levels.get(shown.value, 0.0), 3)
    if len(incidents) == 1 and models.year is not None and "year" not in models.off:
        _rank_year(rules, incidents[0], models.year)
    if "fields" not in models.off:
        if models.country is not None:
            field_filters.filter_countries(rules.text, rules.marks, incidents,
                                           _positive(models.country), th.get("country", 0.5),
                                           th.get("country_add", 1.0))
        if models.activity is not None:
            field_filters.filter_activities(rules.text, rules.marks, incidents,
                                            _positive(models.activity),
                                            th.get("activity", 0.5))
    if models.route is not None and "route" not in models.off:
        field_filters.route_roles(rules.text, rules.marks, incidents, models.route.proba,
                                  th.get("route", 0.5))
    if models.money is not None and "money" not in models.off:
        for inc in incidents:
            for found in inc.money:
                p_what = models.money.proba(money_features(rules, inc, found))
                what = max(p_what, key=lambda k: p_what[k])
                found.value = {**found.value, "what": what}
                found.confidence = round(p_what[what], 3)
    keep = th.get("actor_keep", 0.5)
    for inc in incidents:
        kept: list[Actor] = []
        for a in inc.actors:
            if a.pseudonymised:
                # The rules decide on victims: a model never drops one (its name must stay
                # masked everywhere) nor gives one a perpetrator's role.
                kept.append(a)
                continue
            signals = _signals(rules, a)
            f = actor_features(rules, inc, a, signals)
            p_actor = (1.0 if "actor_keep" in models.off
                       else models.actor_keep.proba(f)["actor"])
            if p_actor < keep:
                continue
            if "actor_role" not in models.off:
                p_roles = models.actor_role.proba(f)
                rule_role = a.role
                role = max(p_roles, key=lambda k: p_roles[k])
                # "other" is the model's catch-all: in a near tie with the role the rules
                # read in the sentence (what it says the actor did), the rules' role stands
                # (grouped CV: no change up to a margin of 0.05, less from 0.1). A role word
                # bound to the name ("the broker X", "X finds the sellers") stands unless
                # the model is clearly surer of another (margin 0.2: grouped CV role
                # accuracy 0.679 -> 0.676, the price of not overruling the sentence).
                margin = th.get("actor_role_margin", 0.0) if role == "other" else 0.0
                if role != a.role and f"hit:{a.role}" in signals:
                    margin = max(margin, th.get("actor_role_hit_margin", 0.0))
                if (p_roles[role] >= th.get("actor_role", 0.0)
                        and p_roles[role] > p_roles.get(a.role, 0.0) + margin
                        and not (role in TRADER_ROLES and a.role not in TRADER_ROLES
                                 and (_not_a_trader(signals)
                                      or a.type in _ACCUSED_ONLY_BY_WORDS))
                        and not (role in _NOT_DEFENDANT_ROLES
                                 and _never_law_side(a.type, a.name, a.role))):
                    a.role = role
                if a.type == "person":
                    a.role = _no_trader_by_rank(a.role, signals, p_roles)
                if (a.type == "person" and a.role in _NOT_DEFENDANT_ROLES
                        and _defendant(rules, a.name)):
                    # Whoever the police or the courts acted on ("the defendants are X")
                    # did not investigate the case: the likeliest other role.
                    a.role = max((r for r in p_roles if r not in _NOT_DEFENDANT_ROLES),
                                 key=lambda r: p_roles[r], default="other")
                # A person the rules read as a trader other than the buyer who smuggled or
                # shipped the weapons moved them (a group may smuggle them for its own use).
                moved = a.type == "person" and rule_role in TRADER_ROLES and rule_role != "buyer"
                if (inc.trade.value == "weapons" and a.role == "buyer"
                        and _weapons_seller(rules, a.name, moved)):
                    a.role = _seller_role(rule_role, p_roles)
                p_role = p_roles.get(a.role, 0.0)
                if inc.trade.value == "weapons" and _weapons_buyer(rules, a.name):
                    # Whom the parse makes the one weapons were bought by or sold to is the
                    # buyer, whatever the words around the name (`buyers`).
                    a.role, p_role = "buyer", max(p_roles.get("buyer", 0.0),
                                                  buyers.BUYER_PRECISION)
                if a.mention is not None:
                    # How likely the statement (this actor, in this role) is right.
                    a.mention.confidence = round(p_actor * p_role, 3)
            kept.append(a)
        inc.actors = _one_per_name(kept)
    if "candidates" not in models.off and models.candidate_keep and models.candidate_role:
        _add_candidates(rules, incidents, models.candidate_keep, models.candidate_role,
                        th.get("candidate_keep", 0.5))
    for inc in incidents:
        for a in inc.actors:
            a.role = actors_rules.trade_role(a.role, inc.trade.value, a.pseudonymised)
    return relevant, incidents, kind


def _never_law_side(type_: str, name: str, rule_role: str | None) -> bool:
    """A model's guess never casts as investigator or official an armed group, nor a body
    the rules read in a trade's role whose name says nothing of policing or governing:
    "Iranian Revolutionary Guard" shipping weapons was read as an investigator by the
    words of the agencies around it. Nor a firm ("Gulf Jobs Ltd")."""
    return type_ == "armed_group" or (type_ == "organization" and (
        rule_role in TRADER_ROLES and not actors_rules.law_side_name(name)
        or actors_rules.company_name(name)))


# Bodies and states the rules did not read in a trade's role stay out of it: a guess from
# the words around a name does not accuse a police battalion ("Rapid Action Battalion",
# read as a broker) or a government of trading. (Grouped CV: the two bodies so moved were
# both wrong.)
_ACCUSED_ONLY_BY_WORDS = frozenset({"organization", "state"})


def _policing_body(type_: str, name: str) -> bool:
    """Nor does a guess cast as a trader a body the text did not name among the rules'
    actors when its name says it polices or documents the trades: "Amnesty
    International", whose report exposed an arms deal, was read as its broker."""
    return type_ != "person" and actors_rules.policing_name(name)


def _no_trader_by_rank(role: str, signals: dict[str, float], p_roles: dict[str, float]) -> str:
    """A law officer named by rank, or someone the text says was killed or hurt, is no
    trader whatever the rules read near the name ("Attorney General X said the guns were
    sold without checks" made X a seller): the likeliest other role. On grouped CV none of
    the five persons so shown as traders was a gold trader."""
    if role not in TRADER_ROLES or not _not_a_trader(signals):
        return role
    return max((r for r in p_roles if r not in TRADER_ROLES), key=lambda r: p_roles[r],
               default="other")


def _not_a_trader(signals: dict[str, float]) -> bool:
    """A model's guess never puts a person the text says was killed or hurt, a law
    officer named by rank or agency, or one who only accuses, in a trader's role: a
    murdered agent was cast as a broker by the words of the arms case around him, an
    activist who accused a hospital of buying kidneys as the broker."""
    return ("harmed" in signals or "officer" in signals
            # One who accuses or alleges, whom no role word binds to a trader's part.
            or "accuser" in signals and not any(signals.get(f"hit:{r}") for r in TRADER_ROLES))


def _signals(rules: RulePass, actor: Actor) -> dict[str, float]:
    """What the rules read around the actor's mentions (`actors.rule_signals`): `hit:ROLE`
    is a role word bound to its name ("the broker X", "X finds the sellers"). A victim's
    mentions are not read."""
    if actor.pseudonymised:
        return {}
    label = "PERSON" if actor.type == "person" else "ORG"
    return actors_rules.rule_signals(rules.text, rules.marks, actor.name, label)


def _document_kind(p: dict[str, float], policy_bar: float) -> tuple[str, float]:
    """The kind the document model reads and its probability. `policy` decides only at
    `policy_bar`: short case reports and texts on other matters share much with a statute
    or a statement (few words of a case, the trade's legal words), and below the bar the
    text is read as a case or as nothing, by how those two kinds weigh against each other
    (taken at the model's first guess, `policy` at 0.4-0.6 had cost short case reports the
    rules group no incident for the incident the learned layer builds)."""
    if p.get("policy", 0.0) >= policy_bar:
        return "policy", p["policy"]
    rest = {k: v for k, v in p.items() if k != "policy"}
    total = sum(rest.values()) or 1.0
    kind = max(rest, key=lambda k: rest[k])
    return kind, rest[kind] / total


def outcome_kind(relevant: bool, incidents: list[Incident]) -> str:
    """The document kind an extraction's outcome implies, where no model decided it."""
    return "case" if relevant and incidents else "policy" if relevant else "negative"


def _one_per_name(found: list[Actor]) -> list[Actor]:
    """One actor per name in an incident: a shorter form whose words all stand in a longer
    name of the same type ("Jaime Avila" beside "Jaime Avila Jr") is the same actor.
    Victims stay as the rules listed them."""
    def words(a: Actor) -> set[str]:
        return set(re.findall(r"\w+", a.name.lower()))

    out = []
    for a in found:
        if not a.pseudonymised and any(
            b is not a and not b.pseudonymised and b.type == a.type and words(a) < words(b)
            for b in found
        ):
            continue
        out.append(a)
    return out


def _add_candidates(rules: RulePass, incidents: list[Incident], keep: LinearModel,
                    role: LinearModel, threshold: float) -> None:
    """Named entities the rules left out that the model takes for actors of the case join
    the incident told nearest before their first mention."""
    trades = sorted({inc.trade.value for inc in incidents})
    for cand in candidates(rules, incidents):
        signals = actors_rules.rule_signals(rules.text, rules.marks, cand.name, cand.label)
        f = candidate_features(rules, cand, trades, signals)
        # A person the parse makes the one arrested, charged or sentenced is a defendant
        # of the case: court texts list co-defendants the rules miss ("X, Y and Z were
        # convicted"), and the model, which rarely sees such lists, keeps them at 0.1-0.2
        # (on grouped CV 18 of the 19 candidates so bound were gold actors).
        otherwise = cand.label in ("ORG", "GPE") and _person_typed_otherwise(rules, cand)
        defendant = (cand.label == "PERSON" or otherwise) and _defendant(rules, cand.name)
        # So is the one the parse makes the buyer of an arms case's weapons (`buyers`).
        # A bare demonym ("Yemeni", "Mexican") names no party.
        buyer = (trades == ["weapons"] and not (cand.label == "NORP" and " " not in cand.name)
                 and _weapons_buyer(rules, cand.name))
        p_actor = keep.proba(f)["actor"]
        if p_actor < threshold and not (defendant or buyer):
            continue
        if defendant or buyer:
            p_actor = max(p_actor, DEFENDANT_PRECISION if defendant else buyers.BUYER_PRECISION)
        p_roles = role.proba(f)
        # A place or a body the entity model took for a person is typed by its words, as is
        # an organisation ("Libyan rebels" are an armed group, "X Kidney Centre" a facility).
        type_ = (actors_rules.entity_type(cand.name, cand.label) if cand.label in ("PERSON", "ORG")
                 else _ENTITY_TYPES[cand.label])
        if type_ == "person" and any(actors_rules.named_as_body(rules.text, start, end)
                                     for start, end, _ in cand.mentions):
            type_ = "organization"
        if otherwise and defendant:
            type_ = "person"  # the parse made them the one sentenced: a person, whatever the tag
        # Whoever the police or the courts acted on did not investigate the case, nor does
        # an armed group.
        # Nor is a name that reads like a person's and is written as one ("Kostic, who was
        # sentenced ..., denies the accusations", tagged a body).
        law_side = not (defendant or otherwise and _written_as_person(rules.text, cand)
                        or _never_law_side(type_, cand.name, None))
        trader = not _policing_body(type_, cand.name)
        label = max((r for r in p_roles if (law_side or r not in _NOT_DEFENDANT_ROLES)
                     and (trader or r not in TRADER_ROLES)),
                    key=lambda r: p_roles[r], default="other")
        if trades == ["weapons"] and label == "buyer" and _weapons_seller(rules, cand.name):
            label = _seller_role(None, p_roles)
        if type_ == "organization" and any(actors_rules.exposed_the_case(rules.text, start, end)
                                           for start, end, _ in cand.mentions):
            # A body whose own work exposed the case investigated it, as the rules read
            # their actors ("a report by the rights group X documents 35 cases").
            label = "investigator"
        p_role = p_roles.get(label, 0.0)
        if buyer and trader:
            label, p_role = "buyer", max(p_roles.get("buyer", 0.0), buyers.BUYER_PRECISION)
        first = cand.mentions[0]
        # How likely the statement (this actor, in this role) is right, as for rule actors.
        mention = Found(cand.name, first[0], first[1], first[2], round(p_actor * p_role, 3))
        # A named person the case happened to (an organ seller, someone exploited) may be
        # a victim: the rules decide on victims, a model guess never names one. Only a
        # defendant who is nowhere read as a victim may join in the catch-all role.
        if type_ == "person" and (label == "seller_donor" or (label == "other" and not defendant)):
            continue
        # Nor does one the model reads in part as the one whose organ was sold: a kidney
        # seller who tells the press how "a middleman transported him" was read as an
        # investigator (0.37) over a seller (0.31), and shown by name.
        if type_ == "person" and p_roles.get("seller_donor", 0.0) >= SELLER_DOUBT:
            continue
        # Whatever the entity model tagged the name ("Tamang" as a place), a victim's name
        # never joins as an actor.
        if _victim(rules, cand):
            continue
        if label in TRADER_ROLES and _not_a_trader(signals):
            continue
        target = incidents[0]
        for inc in incidents:
            if inc.trade.start is not None and inc.trade.start <= first[0]:
                target = inc
        # One added before under a fuller name ("Noe Varga", then "Varga").
        if type_ == "person" and any(a.type == "person" and actors_rules.same_actor(cand.name, a.name)
                                     for inc in incidents for a in inc.actors):
            continue
        # A person the model adds has the status the text gives them ("His co-defendant,
        # X, was acquitted"), as the rules' own actors do.
        status, status_found = (
            actors_rules.person_status(rules.text, rules.marks,
                                       [(start, end) for start, end, _ in cand.mentions])
            if type_ == "person" else ("mentioned", None))
        target.actors.append(Actor(cand.name, type_, label, status, mention=mention,
                                   status_found=status_found))


# Words a text about each trade cannot do without, whatever its phrasing: a fraud ring's
# sentencing release has none of the human trade's, a weapons case none of the organ's.
_TRADE_WORDS = {
    "human": re.compile(r"\b(?:traffick\w*|smuggl\w*|forced (?:labou?r|prostitution|to work)|"
                        r"exploit\w*|slave\w*|servitude|bonded|migrants?|prostitut\w*|"
                        r"sex work\w*|brothels?|recruit\w*|captiv\w*|enslav\w*|abduct\w*|"
                        r"kidnap\w*)\b", re.IGNORECASE),
    "weapons": re.compile(r"\b(?:traffick\w*|smuggl\w*|arms|weapons?|firearms?|guns?|rifles?|"
                          r"pistols?|ammunition|munitions|grenades?|explosives)\b", re.IGNORECASE),
    "organ": re.compile(r"\b(?:kidneys?|livers?|organs?|corneas?|transplant\w*)\b", re.IGNORECASE),
}


def _fallback_trade(rules: RulePass, trade_model: LinearModel) -> str | None:
    """The trade of the incident the fallback builds: the model's likeliest trade whose
    words the text uses (a weapons case the model takes for human trafficking is read as
    weapons), or none when the text uses no target trade's words."""
    p = trade_model.proba(document_features(rules))
    for trade in sorted(p, key=lambda t: -p[t]):
        words = _TRADE_WORDS.get(trade)
        if words is not None and words.search(rules.text):
            return trade
    return None


def _debunk_only(rules: RulePass) -> bool:
    """Whether the text calls a claim false and tells of no arrest, charge or conviction."""
    return any(m.debunk for m in rules.marks) and not enforced(rules.text, rules.marks)


def _goods_only(rules: RulePass) -> bool:
    """Whether the text names trafficking of drugs or other goods and of no target trade."""
    labels = {c.label for m in rules.marks for c in m.trades}
    return bool(labels) and not labels.intersection(TARGET_TRADES)


def _positive(model: LinearModel) -> Callable[[Features], float]:
    return lambda f: model.proba(f)["yes"]


def _rank_year(rules: RulePass, inc: Incident, model: LinearModel) -> None:
    """The incident's year: the printed year the model rates most likely the year of the
    acts (the rules' choice is one of its features)."""
    rule_year = inc.year.value if inc.year is not None else None
    best: tuple[float, int, YearCandidate] | None = None
    for cand in year_candidates(rules):
        p = model.proba(year_features(rules, cand, rule_year))["acts"]
        if best is None or (p, -cand.year) > (best[0], -best[1]):
            best = (p, cand.year, cand)
    if best is None:
        return
    if best[1] == rule_year and inc.year is not None:
        inc.year.confidence = round(best[0], 3)
        return
    _, _, cand = best
    y, m = cand.mentions[0]
    inc.year = Found(cand.year, y.start, y.end, m.sentence.span, round(best[0], 3))


# Roles of the law's side. (An `enforcer` is the trade's: a gang's guard or muscle, whom
# the courts do convict.)
_NOT_DEFENDANT_ROLES = frozenset({"investigator", "official"})
# How often a candidate the parse binds to an arrest, charge or sentence was a gold actor
# (grouped CV: 18 of 19; 0.9 kept from the first reading's 11 of 12): its probability of
# being an actor of the case.
DEFENDANT_PRECISION = 0.9
# The probability of the seller's role at which a named person the rules left out is
# taken for a possible victim and not named (grouped CV: of the persons the candidate
# model keeps, one lay above 0.2 without being read as a seller first, a kidney seller).
SELLER_DOUBT = 0.2


_ALIAS_BEFORE = re.compile(r"\b(?:a/k/a|aka|alias|known as|nicknamed)\s*[\"“‘']?$", re.IGNORECASE)
_ADDRESS_BEFORE = re.compile(r"\b(?:from|in|at|near|of)\s+(?:(?:[\w'’-]+\s+){0,3}[\w'’-]+,\s*)?$")
_TITLE_OR_PLACE_WORD = re.compile(r"\b(?:General|Court|Colonel|Captain|Major|Lieutenant|Judge|"
                                  r"St|Street|Road|Avenue|Lane|Square|Bridge|District|Province|"
                                  r"State|County|City|Camp|Port)\b")


def _person_typed_otherwise(rules: RulePass, cand: Candidate) -> bool:
    """Whether a name the entity model took for a body or a place reads like a person's:
    up to three capitalised words, not in capitals throughout, no title, street or body
    word, and no place the gazetteer knows ("A third smuggler, Noe Varga, got ten years"
    with "Noe Varga" tagged a place). (On train, of the names so typed that the
    parse makes the one sentenced or charged, the 6 that pass this test were all gold
    actors; of the 22 it turns away, 5 were.)"""
    name = cand.name
    words = name.split()
    return (0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and not name.isupper()
            and _TITLE_OR_PLACE_WORD.search(name) is None
            and not actors_rules.has_body_words(name) and places.resolve(name) is None
            # An alias is the name of someone already named ("X, a/k/a Hakim, 27, was
            # sentenced"); a name after "from" or "in", or after a place and a comma, is a
            # place's ("arrested X from Old Bus Park, Ramnagar on Friday").
            and not any(_ALIAS_BEFORE.search(rules.text, max(0, start - 16), start)
                        or _ADDRESS_BEFORE.search(rules.text, max(0, start - 60), start)
                        for start, _, _ in cand.mentions))


def _written_as_person(text: str, cand: Candidate) -> bool:
    """Whether a mention of the name is written the way a person's is ("X, who", "X, 45,",
    "X, an arms dealer": `features.written_as_person`)."""
    return any(written_as_person(text, start, end) for start, end, _ in cand.mentions)


def _defendant(rules: RulePass, name: str) -> bool:
    """Whether the parse binds an act of the police or the courts to any mention of the
    name (`defendants.enforced`). Read beside the models, not as their feature: as one,
    it moved the roles of actors the rules had found (grouped CV role accuracy 0.680 ->
    0.671)."""
    return any(defendants.enforced(sent, ent := Entity("PERSON", start, end, rules.text[start:end]))
               or defendants.named_after_lede(rules.text, sent, ent)
               or defendants.named_in_case_title(rules.text, ent)
               for sent, start, end in mentions(rules.text, _sentences(rules), [name]))


def _sentences(rules: RulePass) -> list[Sentence]:
    return [m.sentence for m in rules.marks]


def _weapons_buyer(rules: RulePass, name: str) -> bool:
    return buyers.weapons_buyer(rules.text, _sentences(rules), name)


def _weapons_seller(rules: RulePass, name: str, moved: bool = False) -> bool:
    return buyers.weapons_seller(rules.text, _sentences(rules), name, moved)


def _seller_role(rule_role: str | None, p_roles: dict[str, float]) -> str:
    """The role of one the parse makes the seller of an arms case's weapons whom a model
    read as their buyer: the rules' trader role, else the likeliest other trader's."""
    if rule_role in TRADER_ROLES and rule_role != "buyer":
        return rule_role
    return max((r for r in p_roles if r in TRADER_ROLES and r != "buyer"),
               key=lambda r: p_roles[r], default="broker")


def _victim(rules: RulePass, cand: Candidate) -> bool:
    """Whether the victim test of the rules reads any mention of the person as a victim."""
    if victim_anywhere(rules.text, _sentences(rules), cand.name,
                       person=cand.label == "PERSON"):
        return True
    for start, end, _ in cand.mentions:
        for m in rules.marks:
            if m.sentence.start <= start < m.sentence.end:
                ent = Entity("PERSON", start, end, rules.text[start:end])
                if is_victim(rules.text, m.sentence, ent):
                    return True
    return False


_APART = re.compile(r"\b(?:different|separate|another|unrelated|earlier|previous|second|"
                    r"similar)\s+(?:\w+\s+)?(?:case|ring|gang|network|racket|incident|"
                    r"operation|scheme|group|cartel|syndicate)s?\b", re.IGNORECASE)


def _said_apart(text: str, inc: Incident) -> bool:
    """Whether the sentence opening the incident says it is another case ("a different
    ring", "in a separate case", "Separately, ..."): the text's own word outranks the
    count model."""
    span = inc.trade.sentence
    return span is not None and (_APART.search(text, span[0], span[1]) is not None
                                 or opens_another_case(text[span[0] : span[1]]))


def _rank(level: str) -> int:
    return LADDER.index(level) if level in LADDER else -1


# The press's own verbs of telling: they report what someone claims, not a finding.
_TELLING = frozenset({"reported", "reports", "reporting"})


def _reports_only_claims(rules: RulePass) -> bool:
    """Whether the text's only words of the report level are the press telling ("media
    reports", "state media reported") and it states an accusation or a claim: the case
    rests on the claim. (On train, the three texts so read are all gold allegations.)"""
    said = {(rules.text[c.start : c.end].lower(), c.label) for m in rules.marks for c in m.evidence}
    reported = {w for w, label in said if label == "report"}
    return bool(reported) and reported <= _TELLING and any(
        label == "allegation" for _, label in said)


def _outcome_floor(rules: RulePass) -> str:
    """The step a stated outcome implies was taken (an acquittal: a charge; a release: an
    arrest): a model lowering a level never goes below what the text states that way."""
    implied = [s for m in rules.marks for o in m.outcomes
               if (s := outcome_rules()[o.label].stands) is not None]
    return max(implied, key=_rank, default="rumor")


def _evidence_rank(inc: Incident) -> int:
    v = inc.evidence.value
    return LADDER.index(v) if v in LADDER else -1


def _set_evidence(incidents: list[Incident], level: str) -> None:
    """The strongest incident takes the predicted level; none stays above it."""
    target = LADDER.index(level)
    top = max(incidents, key=_evidence_rank)
    for inc in incidents:
        if inc is top or _evidence_rank(inc) > target:
            old = inc.evidence
            inc.evidence = Found(level, old.start, old.end, old.sentence, old.confidence)


# -- features ---------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(FEATURE_WORD.findall(text.lower()))


def _count(feats: Features, name: str, n: int) -> None:
    if n:
        feats[name] = feats.get(name, 0.0) + math.log1p(n)


def document_features(rules: RulePass) -> Features:
    f: Features = {"triage": rules.score, "bias:rules": 1.0}
    f["rules:relevant"] = float(rules.relevant)
    f[f"rules:incidents={min(len(rules.incidents), 3)}"] = 1.0
    f["rules:narrative"] = float(rules.narrative)
    counts: dict[str, int] = {}
    for m in rules.marks:
        for c in m.trades:
            counts[f"trade:{c.label}"] = counts.get(f"trade:{c.label}", 0) + 1
        for lv in m.levels:
            counts[f"level:{lv}"] = counts.get(f"level:{lv}", 0) + 1
        for a in m.activity_labels:
            counts[f"act:{a}"] = counts.get(f"act:{a}", 0) + 1
        counts["debunk"] = counts.get("debunk", 0) + len(m.debunk)
        counts["denial"] = counts.get("denial", 0) + len(m.denial)
        counts["organ"] = counts.get("organ", 0) + len(m.organs)
        counts["money"] = counts.get("money", 0) + len(m.money)
    for k, n in counts.items():
        _count(f, k, n)
    for inc in rules.incidents:
        f[f"inc:trade:{inc.trade.value}"] = 1.0
        f[f"inc:evidence:{inc.evidence.value}"] = 1.0
        if inc.actors:
            f["inc:actors"] = 1.0
        if inc.year is not None:
            f["inc:year"] = 1.0
    for w in _words(rules.text):
        f[f"w:{w}"] = 1.0
    return f


@dataclass(slots=True)
class YearCandidate:
    year: int
    mentions: list[tuple[YearMention, Marks]]


def year_candidates(rules: RulePass) -> list[YearCandidate]:
    """Every year the text prints (or dates relatively) from 1950 to the document's year."""
    latest = rules.doc_date.year if rules.doc_date else dt.date.today().year
    out: dict[int, YearCandidate] = {}
    for m in rules.marks:
        for y in m.years:
            if 1950 <= y.year <= latest and dates_acts(rules.text, y.start, y.end, m.sentence.start):
                out.setdefault(y.year, YearCandidate(y.year, [])).mentions.append((y, m))
    return sorted(out.values(), key=lambda c: c.year)


def year_features(rules: RulePass, cand: YearCandidate, rule_year: int | None) -> Features:
    text = rules.text
    years = [c.year for c in year_candidates(rules)]
    f: Features = {"bias:year": 1.0, "rule": float(cand.year == rule_year),
                   "rule_none": float(rule_year is None),
                   f"candidates={min(len(years), 4)}": 1.0,
                   "earliest": float(cand.year == min(years)),
                   "latest": float(cand.year == max(years))}
    if rules.doc_date is not None:
        f[f"age={min(rules.doc_date.year - cand.year, 6)}"] = 1.0
    _count(f, "mentions", len(cand.mentions))
    f["position"] = cand.mentions[0][0].start / max(1, len(text))
    for y, m in cand.mentions[:4]:
        f["relative"] = max(f.get("relative", 0.0), float(y.relative))
        field_filters.context_words(f, text, y.start, y.end)
        # The act the year dates in the parse: "arrested in June 2007", not "has lived
        # there since 1980".
        governors.read(f, text, m, y.start, y.end)
        if m.sentence.start == 0 or y.start - m.sentence.start < 3:
            f["opens_sentence"] = 1.0
        field_filters.sentence_cues(f, m)
        if m.sentence.paragraph == 0:
            f["first_paragraph"] = 1.0
    return f


_SEPARATE = re.compile(r"\b(?:separate(?:ly)?|another|other|second|similar|earlier|also|"
                       r"unrelated|different|meanwhile|elsewhere|previous(?:ly)?)\b", re.I)


def count_features(rules: RulePass) -> Features:
    """What tells one case told in several paragraphs from several cases in one text."""
    incs = rules.incidents
    f: Features = {"bias:count": 1.0, f"n={min(len(incs), 5)}": 1.0}
    trades = {i.trade.value for i in incs}
    f[f"trades={min(len(trades), 3)}"] = 1.0
    for t in trades:
        f[f"trade:{t}"] = 1.0
    years = {i.year.value for i in incs if i.year is not None}
    f[f"years={min(len(years), 3)}"] = 1.0
    if len(years) > 1:
        _count(f, "year_span", max(years) - min(years))
    countries = [{c.value for c in i.countries} for i in incs]
    shared = sum(1 for a in range(len(incs)) for b in range(a + 1, len(incs))
                 if countries[a] & countries[b])
    f["country_shared"] = shared / max(1, len(incs) - 1)
    f[f"countries={min(len(set().union(*countries)), 4)}"] = 1.0
    names = [{a.name for a in i.actors if a.type == "person"} for i in incs]
    f[f"people={min(len(set().union(*names)), 5)}"] = 1.0
    levels = {i.evidence.value for i in incs}
    f[f"levels={min(len(levels), 3)}"] = 1.0
    for lv in levels:
        f[f"level:{lv}"] = 1.0
    f["narrative"] = float(rules.narrative)
    _count(f, "paragraphs", len({m.sentence.paragraph for m in rules.marks}))
    _count(f, "separate", len(_SEPARATE.findall(rules.text)))
    _count(f, "chars", len(rules.text) // 500)
    for w in _words(rules.text):
        f[f"w:{w}"] = 0.3
    return f


def evidence_features(rules: RulePass) -> Features:
    f: Features = {"bias:rules": 1.0}
    ranks = [LADDER.index(i.evidence.value) for i in rules.incidents if i.evidence.value in LADDER]
    if ranks:
        f[f"rules:max={LADDER[max(ranks)]}"] = 1.0
    for inc in rules.incidents:
        f[f"rules:has={inc.evidence.value}"] = 1.0
        for a in inc.activities:
            f[f"inc:act:{a.value}"] = 1.0
        f[f"inc:trade:{inc.trade.value}"] = 1.0
    f["rules:narrative"] = float(rules.narrative)
    text = rules.text
    # The level the rules read over the whole text: the model may raise a case up to it.
    f[f"stated={evidence_level(rules.marks).value}" if rules.marks else "stated=none"] = 1.0
    for inc in rules.incidents:
        for person in inc.actors:
            # What the rules read of the named people of the case, not of others.
            if not person.pseudonymised and person.status != "mentioned":
                f[f"status:{person.status}"] = 1.0
    for m in rules.marks:
        where = _cue_context(text, m)
        for c in m.evidence:
            _count(f, f"level:{c.label}", 1)
            f[f"cue:{text[c.start:c.end].lower()}"] = 1.0
            for w in where:
                f[f"{w}:{c.label}"] = 1.0
            if _quoted(text, m.sentence.start, c.start):
                f[f"quoted:{c.label}"] = 1.0
        if m.denial:
            f["denial"] = 1.0
        if m.debunk:
            f["debunk"] = 1.0
        if m.evidence or m.denial:
            for w in _words(m.sentence.text):
                f[f"ew:{w}"] = 1.0
    for w in _words(text):
        f[f"w:{w}"] = 0.5
    return f


_QUOTE_OPEN = re.compile(r"[\"\u201c]")
_QUOTE_CLOSE = re.compile(r"[\"\u201d]")


def _quoted(text: str, floor: int, at: int) -> bool:
    """Whether an open quotation sits before the cue in its sentence: someone's words."""
    before = text[floor:at]
    opened = len(_QUOTE_OPEN.findall(before))
    straight = before.count('"')
    if straight:
        return straight % 2 == 1
    return opened > len(_QUOTE_CLOSE.findall(before))


def _cue_context(text: str, m: Marks) -> list[str]:
    """Where an evidence cue's sentence stands: the headline or lead (the case the text is
    about), beside another case ("in a separate case", "earlier"), beside a named person,
    with a year older than the text's latest."""
    out = []
    if m.sentence.paragraph <= 1:
        out.append("lead")
    if _SEPARATE.search(m.sentence.text):
        out.append("other")
    if any(e.label == "PERSON" for e in m.sentence.entities):
        out.append("named")
    if any(e.label in ("ORG", "GPE") for e in m.sentence.entities):
        out.append("body")
    return out


def money_features(rules: RulePass, inc: Incident, found: Found) -> Features:
    """What the words around an amount say it was: paid to the seller, charged to the
    recipient, a fee, a total."""
    value = found.value
    f: Features = {"bias:money": 1.0, f"rule:{value.get('what')}": 1.0,
                   f"trade:{inc.trade.value}": 1.0, f"currency:{value.get('currency')}": 1.0}
    with contextlib.suppress(KeyError, TypeError, ValueError):
        f[f"magnitude={min(9, max(0, int(math.log10(max(1.0, float(value['amount']))))))}"] = 1.0
    f[f"organs={min(len(inc.organs), 2)}"] = 1.0
    text = rules.text
    if found.start is not None and found.end is not None:
        for w in FEATURE_WORD.findall(text[max(0, found.start - 80) : found.start].lower())[-6:]:
            f[f"lw:{w}"] = 1.0
        for w in FEATURE_WORD.findall(text[found.end : found.end + 50].lower())[:4]:
            f[f"rw:{w}"] = 1.0
    if found.sentence is not None:
        s, e = found.sentence
        for w in _words(text[s:e]):
            f[f"cw:{w}"] = 0.5
        for m in rules.marks:
            if m.sentence.start == s:
                _count(f, "amounts_in_sentence", len(m.money))
                for a in m.activity_labels:
                    f[f"s_act:{a}"] = 1.0
    return f


_OUTLET = re.compile(r"\b(?:Times|Post|Journal|News|Tribune|Herald|Gazette|Daily|Press|Reuters|"
                     r"AFP|BBC|CNN|Al Jazeera|Guardian|Telegraph|Express|Observer|Standard|"
                     r"Mirror|Chronicle|Radio|TV|Television|Magazine|Weekly|Shimbun|Dawn|"
                     r"Associated|Verify|Sputnik|Xinhua)\b")
_BODY = re.compile(r"\b(?:Police|Agency|Bureau|Department|Ministry|Office|Service|Force|"
                   r"Directorate|Commission|Unit|Authority|Administration|Patrol|Guard|Army|"
                   r"Navy|Customs|Prosecutor|Prosecutors|Court|Tribunal|Council|Panel|"
                   r"Constabulary|Interpol|Europol|Frontex|Investigations?)\b", re.IGNORECASE)
_CLINIC = re.compile(r"\b(?:Hospital|Clinic|Medical|Health|Centre|Center|Institute)\b")


def _name_kind(f: Features, name: str) -> None:
    """Words that say what kind of body a name is, beyond the words seen in training: a
    news outlet (only reports, unless its own investigation exposed the case), a state
    body, a clinic."""
    if _OUTLET.search(name):
        f["kind:outlet"] = 1.0
    if _BODY.search(name):
        f["kind:body"] = 1.0
    if _CLINIC.search(name):
        f["kind:clinic"] = 1.0


def actor_features(rules: RulePass, inc: Incident, actor: Actor,
                   signals: dict[str, float] | None = None) -> Features:
    """`signals`: `_signals(rules, actor)` when the caller has read them already."""
    f: Features = {"bias:rules": 1.0}
    f[f"rule_role:{actor.role}"] = 1.0
    f[f"type:{actor.type}"] = 1.0
    f[f"type_role:{actor.type}:{actor.role}"] = 1.0
    f[f"trade_role:{inc.trade.value}:{actor.role}"] = 1.0
    f[f"trade:{inc.trade.value}"] = 1.0
    f[f"status:{actor.status}"] = 1.0
    f["victim"] = float(actor.pseudonymised)
    f[f"evidence:{inc.evidence.value}"] = 1.0
    # The case's acts: a case that moved people has drivers, one that paid has buyers
    # (grouped CV role accuracy 0.659 -> 0.679; for the candidates' roles it fell).
    for act in inc.activities:
        f[f"act:{act.value}"] = 1.0
    name_tokens = actor.name.split()
    f[f"name_tokens={min(len(name_tokens), 4)}"] = 1.0
    # The rules' reasons to leave a name out; their role words (`hit:`, `near:`) are the
    # rule role's business and lowered role accuracy as features.
    for k, v in (_signals(rules, actor) if signals is None else signals).items():
        if ":" not in k:
            f[f"rule:{k}"] = v
    _name_kind(f, actor.name)
    for w in _words(actor.name):
        f[f"nw:{w}"] = 1.0
    if name_tokens and name_tokens[-1].lower() in _words(actor.name):
        f[f"last:{name_tokens[-1].lower()}"] = 1.0
    text = rules.text
    _count(f, "mentions", text.count(name_tokens[-1]) if name_tokens else 0)
    mention = actor.mention
    if mention is not None and mention.start is not None and mention.end is not None:
        f["position"] = mention.start / max(1, len(text))
        before = FEATURE_WORD.findall(text[max(0, mention.start - 60) : mention.start].lower())[-4:]
        after = FEATURE_WORD.findall(text[mention.end : mention.end + 60].lower())[:4]
        for w in before:
            f[f"lw:{w}"] = 1.0
        for w in after:
            f[f"rw:{w}"] = 1.0
        if mention.sentence is not None:
            s, e = mention.sentence
            for w in _words(text[s:e]):
                f[f"cw:{w}"] = 1.0
        m = marks_at(rules.marks, mention.start)
        if m is not None:
            governors.read(f, text, m, mention.start, mention.end)
    if actor.type == "person":
        governors.read_pronouns(f, text, rules.marks, actor.name)
    return f


# -- actor candidates the rules left out --------------------------------------------------

_ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "state",
                 "FAC": "facility", "LOC": "state"}
_TITLE = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Col|Capt|Sgt|Insp|Justice)\.?\s+)+")
_POSSESSIVE = re.compile(r"[\u2019']s$")


@dataclass(slots=True)
class Candidate:
    name: str
    label: str
    # (start, end, sentence span) of every mention, in text order
    mentions: list[tuple[int, int, tuple[int, int]]]
    marks: list[Marks]


def candidates(rules: RulePass, incidents: list[Incident]) -> list[Candidate]:
    """Named entities of the text that match none of the incidents' actors, one per name."""
    from ratline.evaluate import name_match

    known = [a.name for inc in incidents for a in inc.actors]
    out: dict[str, Candidate] = {}
    no_party: set[str] = set()
    named: set[str] = set()  # names written somewhere other than a dateline
    for m in rules.marks:
        # Agency names the entity model cuts short or misses ("Bureau of Alcohol, Tobacco,
        # Firearms and Explosives", "North Macedonia police") replace their pieces.
        ents = actors_rules.merge_entities(m, rules.text)
        for ent in ents:
            if ent.label not in _ENTITY_TYPES:
                continue
            name = _POSSESSIVE.sub("", _TITLE.sub("", actors_rules.clean_name(ent.text))).strip(
                " ,.;:-\"'()\u201c\u201d")
            if ent.label == "PERSON":
                name = actors_rules.strip_office(name)
            elif ent.label == "NORP":
                name = actors_rules.state_of_nation(name)
            if len(name) >= 3 and actors_rules.names_no_party(rules.text, ent.start, ent.end, name):
                no_party.add(name)
                continue
            if (len(name) < 3 or not name[0].isupper()
                    or ent.label != "PERSON" and actors_rules.names_a_post(name)
                    or actors_rules.names_a_town(name)
                    and not (ent.label == "PERSON"
                             and written_as_person(rules.text, ent.start, ent.end))
                    # "a 24-year-old Phoenix woman": where she is from, whatever the tag.
                    or actors_rules.modifies_a_noun(rules.text, ent, m.sentence.start)):
                continue
            if not _dateline(rules.text, ent, m.sentence.start):
                named.add(name.lower())
            key = name.lower()
            if key not in out:
                if any(name_match(name, k) for k in known):
                    continue
                out[key] = Candidate(name, ent.label, [], [])
            c = out[key]
            c.mentions.append((ent.start, ent.end, m.sentence.span))
            if not c.marks or c.marks[-1] is not m:
                c.marks.append(m)
    # A name the text once calls an outlet or a product is one everywhere, and so are the
    # words of a code name (as for the rules' actors).
    codes = actors_rules.code_names(rules.text)
    _acronyms_joined(rules.text, out)
    return _short_forms_joined([c for c in out.values() if c.name not in no_party
                                and c.name.lower() in named
                                and not actors_rules.in_code_name(c.name, codes)])


# The place a story is filed from, before its date and a dash: "MANILA, April 2, 2021 -",
# "LILONGWE (Reuters) -". It names where the outlet wrote, never a party of the case: a name
# written only there is no candidate (its dateline mentions still count where it is written
# elsewhere too, as the model was fitted).
_DATELINE_AFTER = re.compile(r"(?:\s*\([^)]{1,30}\))?(?:\s*,[^—–\n]{1,30}?)?\s*[—–-]{1,2}\s")


def _dateline(text: str, ent: Entity, sentence_start: int) -> bool:
    return (ent.label in ("GPE", "LOC", "ORG") and ent.start - sentence_start < 3
            and _DATELINE_AFTER.match(text, ent.end) is not None)


def _short_forms_joined(found: list[Candidate]) -> list[Candidate]:
    """A person's later short form ("Kassar", "Moreno") is the person named in full
    ("Monzer al-Kassar", "Felipe Moreno Godoy"): its mentions join the full name's, so the
    model reads what the text says of the person in every sentence, and the short form
    is not a second actor. A short form that two full names share ("Wang" beside "Wang
    Shangkun" and "Wang Chin Sing") stays apart. The entity model often tags a full
    Spanish or Arabic name as a body, and a later bare given name as a place ("Kibet told
    reporters"): a person's short form of a body's name makes it a person, and a short
    form under another label joins a person's full name unless it is a known place."""
    def words(c: Candidate) -> frozenset[str]:
        return frozenset(re.findall(r"\w+", c.name.lower()))

    def person(c: Candidate) -> bool:
        return c.label == "PERSON" or (c.label == "ORG" and actors_rules.entity_type(
            c.name, "PERSON") == "person")

    out = list(found)
    # Longest first: "Moreno Godoy" joins "Felipe Moreno Godoy" before "Moreno" is read.
    for short in sorted(found, key=lambda c: -len(words(c))):
        mine = words(short)
        longer = [c for c in out if c is not short and mine < words(c) and person(c)]
        if len(longer) != 1 or not (
                short.label == "PERSON"
                or (longer[0].label == "PERSON" and places.resolve(short.name) is None)):
            continue
        full = longer[0]
        full.label = "PERSON"
        _join(full, short)
        out.remove(short)
    return out


def _join(full: Candidate, short: Candidate) -> None:
    """The short form's mentions and sentences become the full name's, in text order."""
    full.mentions = sorted(full.mentions + short.mentions)
    seen = {id(m) for m in full.marks}
    full.marks = sorted(full.marks + [m for m in short.marks if id(m) not in seen],
                        key=lambda m: m.sentence.start)


def _acronyms_joined(text: str, found: dict[str, Candidate]) -> None:
    """An acronym the text defines ("Canada Border Services Agency (CBSA)") is the body
    named in full: its mentions join the full name's, so the model reads every sentence
    that tells what the body did, and the acronym is not a second actor."""
    for short, long in acronyms.definitions(text).items():
        s, full = found.get(short.lower()), found.get(long.lower())
        if s is not None and full is not None and s is not full:
            _join(full, s)
            del found[short.lower()]


def candidate_features(rules: RulePass, cand: Candidate, trades: Sequence[str] = (),
                       signals: dict[str, float] | None = None) -> Features:
    """`trades`: those of the incidents the candidate may join (a state is an actor of an
    arms deal, rarely of an organ sale); `signals`: `actors.rule_signals` of the candidate
    when the caller has read them already."""
    text = rules.text
    f: Features = {"bias:cand": 1.0, f"label:{cand.label}": 1.0}
    for t in trades:
        f[f"trade:{t}"] = 1.0
        f[f"label_trade:{cand.label}:{t}"] = 1.0
    if signals is None:
        signals = actors_rules.rule_signals(text, rules.marks, cand.name, cand.label)
    for k, v in signals.items():
        f[f"rule:{k}"] = v
    _count(f, "mentions", len(cand.mentions))
    f["position"] = cand.mentions[0][0] / max(1, len(text))
    tokens = cand.name.split()
    f[f"name_tokens={min(len(tokens), 4)}"] = 1.0
    _name_kind(f, cand.name)
    for w in _words(cand.name):
        f[f"nw:{w}"] = 1.0
    for start, end, _ in cand.mentions[:5]:
        for w in FEATURE_WORD.findall(text[max(0, start - 50) : start].lower())[-3:]:
            f[f"lw:{w}"] = 1.0
        for w in FEATURE_WORD.findall(text[end : end + 50].lower())[:3]:
            f[f"rw:{w}"] = 1.0
    at = {m.sentence.span: m for m in cand.marks}
    governed: Features = {}
    for start, end, span in cand.mentions[:5]:
        if span in at:
            governors.read(governed, text, at[span], start, end)
    for k, v in governed.items():
        f[k] = v
        # The same act tells another thing of a body than of a person (an agency the
        # arrest was by is the case's investigator, a person so read an officer), so it
        # is also read with the entity's label (grouped CV actors 0.658 -> 0.660).
        if k.startswith("gov_cue:"):
            f[f"{k}|{cand.label}"] = v
    if cand.label == "PERSON":
        governors.read_pronouns(f, text, rules.marks, cand.name)
    for m in cand.marks[:5]:
        for w in _words(m.sentence.text):
            f[f"cw:{w}"] = 0.2
        for t in m.trade_labels:
            f[f"s_trade:{t}"] = 1.0
        field_filters.sentence_cues(f, m)
    return f
