"""docs/questions.md read as the tests need it: its questions, the `ratline` commands of
its code blocks and prose, the web pages it names and the screenshots it shows."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "questions.md"
_HEADING = re.compile(r"^## (\d+)\. (.+)$", re.M)
_BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)
_INLINE = re.compile(r"`([^`\n]+)`")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


@dataclass
class Question:
    number: int
    title: str
    commands: list[list[str]] = field(default_factory=list)  # from code blocks
    mentioned: list[list[str]] = field(default_factory=list)  # from inline code
    pages: list[str] = field(default_factory=list)  # /path?query
    screenshots: list[str] = field(default_factory=list)  # paths relative to docs/


def _command(line: str) -> list[str] | None:
    """The words of a `ratline` command line: a trailing comment and anything piped
    into another program dropped."""
    words = shlex.split(line.split(" | ")[0], comments=True)
    return words if words and words[0] == "ratline" else None


def questions(text: str | None = None) -> list[Question]:
    text = DOC.read_text(encoding="utf-8") if text is None else text
    heads = list(_HEADING.finditer(text))
    found = []
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end(): following.start() if following else len(text)]
        q = Question(int(head[1]), head[2])
        for block in _BLOCK.findall(body):
            q.commands += [c for c in map(_command, block.splitlines()) if c]
        prose = _BLOCK.sub("", body)
        for span in _INLINE.findall(prose):
            if span.startswith("ratline "):
                q.mentioned.append(shlex.split(span))
            elif span.startswith("/") and not span.startswith("//"):
                q.pages.append(span)
        q.screenshots = _IMAGE.findall(body)
        found.append(q)
    return found
