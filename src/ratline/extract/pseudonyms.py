"""Stable pseudonyms for named victims: the same name and key always give the same label.

The label is an HMAC of the normalised name, so it cannot be reversed without the key and
does not change between runs or documents.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from ratline.ascii_fold import ascii_fold

PREFIX = "Victim-"


def normalise(name: str) -> str:
    """Case, accents, punctuation and spacing do not change who a name refers to."""
    ascii_ = ascii_fold(name)
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", ascii_.lower()).split())


def pseudonym(name: str, key: bytes) -> str:
    digest = hmac.new(key, normalise(name).encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:6]


def _parts(name: str) -> list[str]:
    """What stands for a person of a name: the whole name and each of its words of three
    letters or more (a surname, a given name)."""
    return [name] + [w for w in name.split() if len(w) >= 3]


def names_one_of(value: str, names: list[str]) -> bool:
    """Whether a value is one of the names, or a word of one, as `mask_names` hides it."""
    key = normalise(value)
    return bool(key) and any(key == normalise(part) for name in names for part in _parts(name))


def mask_names(text: str, names: list[str], key: bytes) -> str:
    """`text` with each name, and each of its words of three letters or more standing
    alone (a surname, a given name), replaced by the name's pseudonym."""
    for name in names:
        label = pseudonym(name, key)
        for part in _parts(name):
            text = re.sub(rf"(?<![\w-]){re.escape(part)}(?![\w-])", label, text)
    return text


def holds_one_of(value: str, names: list[str]) -> bool:
    """Whether a value holds one of the names, or a word of one standing alone, where
    `mask_names` would hide it ("Lopez told police" holds "Maria Lopez")."""
    key = f" {normalise(value)} "
    return any(f" {normalise(part)} " in key for name in names for part in _parts(name)
               if normalise(part))


# "X alias Lata", "X (a.k.a. Lata)", "X, also known as Lata": another name of the person.
_ALIAS = r"\s*[,(]?\s*(?:alias|aka|a\.k\.a\.?|also known as|known as|@)\s+[\"“‘']?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"


def aliases(text: str, names: list[str]) -> list[str]:
    """The other names the text gives the named persons ("X alias Lata"): a victim's alias
    shows who she is as plainly as her name."""
    out: list[str] = []
    for name in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}{_ALIAS}", text):
            if m.group(1) not in out and m.group(1) not in names:
                out.append(m.group(1))
    return out
