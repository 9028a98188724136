"""HTML: main text and metadata with trafilatura, plain lxml text when it finds nothing.

Nothing in the page runs: scripts and styles are parsed as inert nodes and dropped.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner

from ratline.model import RawItem, ReadResult
from ratline.readers.base import ReadError, head, type_score
from ratline.readers.dates import parse_date
from ratline.readers.text import decode_bytes

MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CLEANER = Cleaner(
    javascript=True,
    scripts=True,
    style=True,
    comments=True,
    forms=False,
    embedded=True,
    frames=True,
    meta=True,
    page_structure=False,
)


def score(item: RawItem) -> float:
    by_type = type_score(item, MEDIA_TYPES, EXTENSIONS, weight=0.6)
    sniffed = 0.8 if _SNIFF.match(head(item).lstrip(b"\xef\xbb\xbf")) else 0.0
    return max(by_type, sniffed)


def read(item: RawItem) -> ReadResult:
    return read_html(item.data, url=item.url, charset=item.meta.get("charset"))


def read_html(data: bytes, *, url: str | None = None, charset: str | None = None) -> ReadResult:
    """Shared with the e-mail reader, whose HTML bodies arrive as bytes too."""
    match = _META_CHARSET.search(data[:4096])
    declared = charset or (match.group(1).decode("ascii") if match else None)
    markup = decode_bytes(data, declared)
    import trafilatura  # imported here: it takes a second to load and most runs read no HTML

    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
    )
    text = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    fallback_title = None
    if not text:
        text, fallback_title = _lxml_text(markup)
    meta = extracted if extracted is not None else None
    return ReadResult(
        text=text,
        media_type="text/html",
        title=getattr(meta, "title", None) or fallback_title,
        published=parse_date(getattr(meta, "date", None)),
        author=getattr(meta, "author", None) or None,
        site=getattr(meta, "sitename", None) or None,
        language=getattr(meta, "language", None) or None,
    )


def _lxml_text(markup: str) -> tuple[str, str | None]:
    if not markup.strip():
        return "", None
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"HTML could not be parsed: {exc}") from exc
    title_node = root.find(".//title")
    title = (title_node.text_content().strip() or None) if title_node is not None else None
    body = _CLEANER.clean_html(root)
    for block in body.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
        block.tail = "\n" + (block.tail or "")
    return body.text_content().strip(), title
