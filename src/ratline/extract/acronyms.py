"""An actor named by an acronym the text defines takes the full name the text gives it.

Reports define an agency once ("the Federal Investigation Agency (FIA)", "FIA (Federal
Investigation Agency)") and use the short form after; an analyst, the resolution stage and
the referee all want the actor under the fullest name the text itself uses. Only a
definition the text states counts ("X (ACR)", "ACR (X)", "X, or ACR,"), and only when the
acronym's letters are the initials of the long form in order, or all of them in another
order (a name's acronym in its own language: "Revolutionary Armed Forces of Colombia
(FARC)"), so a bracketed remark is never taken for a name.
"""

from __future__ import annotations

import re

from ratline.extract.results import Incident, first_of_each_name

_WORD = r"(?:[A-Z][\w.'’&-]*|of|and|for|the|de|del|la|las|los|des|du|on|in|against|to)"
_LONG = rf"[A-Z][\w.'’&-]*(?:,?\s+{_WORD}){{1,10}}"
_ACR = r"[A-Z][A-Za-z.&]{1,9}"
_DEFINED = re.compile(rf"({_LONG})\s*\(\s*({_ACR})\s*\)")
_REVERSED = re.compile(rf"\b({_ACR})\s*\(\s*({_LONG})\s*\)")
_OR = re.compile(rf"({_LONG}),\s+or\s+(?:the\s+)?({_ACR})\b(?=[,;.)])")
_MINOR = {"of", "and", "for", "the", "de", "del", "la", "las", "los", "des", "du", "on", "in",
          "against", "to"}


def _spells(initials: list[str], letters: list[str]) -> bool:
    """Whether the letters come in order, each from its own word."""
    i = 0
    for c in initials:
        if i < len(letters) and c == letters[i]:
            i += 1
    return i == len(letters)


def _initials_fit(acronym: str, long: str) -> str | None:
    """The shortest tail of `long` whose capitalised words' initials spell `acronym` (its
    letters in order, each from its own word; a small word's only where they must; or
    exactly its letters in another order), or None."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    raw = long.split()
    words = [w.strip(",") for w in raw]
    for start in reversed(range(len(words))):
        if words[start].lower() in _MINOR:
            continue
        initials = [w[0].upper() for w in words[start:] if w.lower() not in _MINOR and w]
        if not initials:
            continue
        if sorted(initials) == sorted(letters):
            return " ".join(raw[start:]).rstrip(",")
        if initials[0] != letters[0] or len(initials) > len(letters) + 3:
            continue
        # A small word lends its initial only when the name's own words cannot spell a long
        # acronym: "... Trafficking in Persons (NAPTIP)", never "of" before "Investigation",
        # and no three letters after "Police in Delhi".
        if not (_spells(initials, letters) or len(letters) >= 4
                and _spells([w[0].upper() for w in words[start:] if w], letters)):
            continue
        # "Bureau of Alcohol, ... (ATF)": the head noun before "of" belongs to the name.
        if start >= 2 and words[start - 1] == "of" and words[start - 2][:1].isupper():
            start -= 2
        return " ".join(raw[start:]).rstrip(",")
    return None


def definitions(text: str) -> dict[str, str]:
    """Acronym -> the long form the text defines it by."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        long = _initials_fit(m.group(2), m.group(1))
        if long is not None:
            out.setdefault(m.group(2), long)
    for m in _OR.finditer(text):
        if m.group(2).isupper():
            long = _initials_fit(m.group(2), m.group(1))
            if long is not None:
                out.setdefault(m.group(2), long)
    for m in _REVERSED.finditer(text):
        long = _initials_fit(m.group(1), m.group(2))
        if long is not None:
            out.setdefault(m.group(1), long)
    return out


def expand(text: str, incidents: list[Incident]) -> None:
    """Renames every actor named by a defined acronym to its long form; an incident that
    then names one actor twice keeps the first."""
    defined = definitions(text)
    if not defined:
        return
    for inc in incidents:
        for a in inc.actors:
            if not a.pseudonymised and a.name in defined:
                a.name = defined[a.name]
        inc.actors = first_of_each_name(inc.actors)
