"""What governs a name in its sentence's parse: the word the name is the subject, object or
agent of ("police arrested", "arrested by police", "the clinic of X").

The learned actor models read the words around a name, and on 323 real reports those
words say little about what the named body did: "Interpol" beside "arrested" may be the
one that arrested or the one that was told. The parse says which, and the relation
names the act the name did or underwent whatever the words (`actor_features`,
`candidate_features` in `learned`). So is a "he" or "she" that follows a person's name
("X was arrested on Monday. He recruited the women", `read_pronouns`). A year is read the
same way: the act it dates ("arrested in June 2007", `year_features`)."""

from __future__ import annotations

import re

from ratline.extract import actors
from ratline.extract.features import FEATURE_WORD, Marks
from ratline.extract.sentences import Entity, Sentence, Token, entity_root

# Relations that pass the governing role on: "X and Y arrested" (Y is a conjunct of X),
# "X, the agency, arrested" (an apposition), a name inside a longer noun phrase, a year
# inside a date ("in June 2007").
_PASS_ON = frozenset({"conj", "appos", "compound", "flat", "nmod", "nummod"})
_PREPOSITION = frozenset({"prep", "agent"})


def governor(sent: Sentence, start: int, end: int) -> tuple[str, Token] | None:
    """The name's relation to the word that governs it and that word: ("nsubj", said),
    ("by", arrested) through a preposition, (None when the name is the sentence's root or
    no token covers it)."""
    i = entity_root(sent, Entity("", start, end, ""))
    tokens = sent.tokens
    if i is None:
        return None
    seen = {i}
    while tokens[i].dep in _PASS_ON and tokens[i].head not in seen:
        i = tokens[i].head
        seen.add(i)
    tok = tokens[i]
    if tok.head == i or tok.dep == "ROOT":
        return None
    head = tokens[tok.head]
    if tok.dep == "pobj" and head.dep in _PREPOSITION and head.head != tok.head:
        return head.text.lower(), tokens[head.head]
    return tok.dep, head


def read(f: dict[str, float], text: str, m: Marks, start: int, end: int) -> None:
    """Features of the word that governs the span in the parse: the relation (`rel:by`),
    the word's first six letters (`gov:by:arrest`, one feature for "arrested", "arrests"
    and "arresting") and the act, level or role the rules' cues give it
    (`gov_cue:by:arrest`): "arrested by X" is X's arrest, "X was arrested" the arrest of
    X."""
    found = governor(m.sentence, start, end)
    if found is None:
        return
    rel, head = found
    f[f"rel:{rel}"] = 1.0
    word = head.text.lower()
    if FEATURE_WORD.fullmatch(word):
        f[f"gov:{rel}:{word[:6]}"] = 1.0
    roles = actors.role_cues().find(text, m.sentence.start, m.sentence.end)
    for c in (*m.evidence, *m.activities, *roles):
        if c.start <= head.start < c.end:
            f[f"gov_cue:{rel}:{c.label}"] = 1.0


# How many sentences after a name a "he" or "she" may still mean the person.
_PRONOUN_REACH = 2
# Whether an untagged proper noun between the name and the pronoun stops the reading. It
# does for the rules' statuses; as features the pronouns read past it (grouped CV role
# 0.728 reading past, 0.722 stopping).
_STOP_AT_UNTAGGED = False


def read_pronouns(f: dict[str, float], text: str, marks: list[Marks], name: str) -> None:
    """What governs "he" or "she" after a person's name, in its sentence and the next two,
    read as `read` reads the name (`pro_gov_cue:nsubj:recruitment`): "X was arrested on
    Monday. He recruited the women" tells what X did in a sentence that does not name X.
    The pronoun means X only when no other person is named between X's name and it
    (`actors.pronouns_after`)."""
    words = name.split()
    if not words:
        return
    last = re.compile(r"\b" + re.escape(words[-1]) + r"\b")
    for i, m in enumerate(marks):
        ends = [h.end() for h in last.finditer(text, m.sentence.start, m.sentence.end)]
        if not ends:
            continue
        # From the name's last mention in the sentence.
        for follow, tok in actors.pronouns_after(m, ends[-1], marks[i + 1 : i + 1 + _PRONOUN_REACH],
                                                 words[-1], _STOP_AT_UNTAGGED):
            sub: dict[str, float] = {}
            read(sub, text, follow, tok.start, tok.end)
            for k, v in sub.items():
                f[f"pro_{k}"] = v
