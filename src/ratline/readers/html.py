"""HTML: main text and metadata with trafilatura, plain lxml text when it finds nothing.

Nothing in the page runs: scripts and styles are parsed as inert nodes and dropped.
libxml2 stops building the tree 256 elements deep, so a page nested deeper (or one
where both find nothing in a body that has text) is read by a plain tokenizer instead;
its text is never silently lost.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    if _too_deep_for_lxml(markup):
        text, title = _token_text(markup)
        return ReadResult(text=text, media_type="text/html", title=title)
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
    if not text:
        text, token_title = _token_text(markup)
        fallback_title = fallback_title or token_title
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


# libxml2's limit on element depth (without its "huge" option); deeper content is dropped.
_LXML_MAX_DEPTH = 256
_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "svg", "math"})
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
    | {"section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "dl"}
    | {"figure", "figcaption", "main", "aside", "nav", "address"}
)


def _too_deep_for_lxml(markup: str) -> bool:
    if markup.count("<") < _LXML_MAX_DEPTH:
        return False  # too few tags to nest that deep: skip the extra parse
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return False  # the normal path reports what is wrong
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _token_text(markup: str) -> tuple[str, str | None]:
    """Text and title by a flat tokenizer, which has no depth to run out of."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = "".join(collector.parts)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    title = " ".join("".join(collector.title).split()) or None
    return "\n".join(line for line in lines if line), title


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skipping: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag == "body" and "head" in self.skipping:
            self.skipping.remove("head")  # an unclosed head ends where the body starts
        elif tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED:
            if tag in self.skipping:
                # Drop back to the matching open tag: stray closers must not unbalance us.
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)
