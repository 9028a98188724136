"""Markdown to plain text with markdown-it-py; the first heading is the title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ratline.model import RawItem, ReadResult
from ratline.readers.base import type_score
from ratline.readers.text import decode_bytes

MEDIA_TYPES = frozenset({"text/markdown", "text/x-markdown"})
EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_TAG = re.compile(r"<[^>]*>")
_PARSER = MarkdownIt("commonmark").enable("table")


def score(item: RawItem) -> float:
    return type_score(item, MEDIA_TYPES, EXTENSIONS, weight=0.7)


def read(item: RawItem) -> ReadResult:
    text, title = to_plain(decode_bytes(item.data, item.meta.get("charset")))
    return ReadResult(text=text, media_type="text/markdown", title=title)


def to_plain(source: str) -> tuple[str, str | None]:
    """(plain text, first heading). Blocks are separated by blank lines; markup is dropped."""
    blocks: list[str] = []
    title: str | None = None
    in_heading = False
    bullet = ""
    for token in _PARSER.parse(source):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "list_item_open":
            bullet = f"{token.info}. " if token.info else "- "
        elif token.type == "inline":
            line = _inline(token.children or [])
            if in_heading and title is None:
                title = line.strip() or None
            blocks.append(bullet + line)
            bullet = ""
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            # Raw HTML is shown as its text only; tags are removed, nothing is interpreted.
            blocks.append(_TAG.sub("", token.content).strip())
    return "\n\n".join(b for b in blocks if b.strip()), title


def _inline(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
