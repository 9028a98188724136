"""E-mail (.eml): subject, date and body text; attachments come back as raw items to read."""

from __future__ import annotations

import re
from email import policy
from email.errors import MessageError
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import PurePosixPath

from ratline.model import RawItem, ReadResult
from ratline.readers.base import ReadError, head, type_score
from ratline.readers.dates import parse_date
from ratline.readers.html import read_html
from ratline.readers.text import decode_bytes

MEDIA_TYPES = frozenset({"message/rfc822"})
EXTENSIONS = frozenset({".eml", ".mbox-message"})
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_KEY_HEADERS = (b"from:", b"received:", b"return-path:", b"message-id:")
# Parts inside parts: real mail nests a few levels (a forward of a reply with attachments);
# more is only ever crafted. The stdlib parser recurses once per level and its time grows
# with the square of the depth (800 levels: 7 s), so depth is measured before parsing.
MAX_PART_DEPTH = 32
_BOUNDARY = re.compile(rb"""boundary\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)


def score(item: RawItem) -> float:
    by_type = type_score(item, MEDIA_TYPES, EXTENSIONS, weight=0.7)
    return max(by_type, 0.8 if _looks_like_mail(head(item, 4096)) else 0.0)


def _looks_like_mail(start: bytes) -> bool:
    """A header block: header lines from the first line on, including From: or Received:."""
    lines = start.split(b"\n")
    headers = []
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue  # folded continuation
        if not _HEADER.match(line):
            return False
        headers.append(line.lower())
    return len(headers) >= 2 and any(h.startswith(_KEY_HEADERS) for h in headers)


def read(item: RawItem) -> ReadResult:
    try:
        return _read(item)
    except RecursionError as exc:
        raise ReadError(_too_deep()) from exc
    except (MessageError, ValueError, LookupError, IndexError, TypeError, AttributeError) as exc:
        # The stdlib parser is lenient, but some malformed headers still raise from deep inside.
        raise ReadError(f"e-mail could not be parsed: {type(exc).__name__}: {exc}") from exc


def _read(item: RawItem) -> ReadResult:
    if _boundary_depth(item.data) > MAX_PART_DEPTH:
        raise ReadError(_too_deep())
    message = BytesParser(policy=policy.default).parsebytes(item.data)
    if not isinstance(message, EmailMessage):  # policy.default always builds one
        raise ReadError("e-mail could not be parsed")
    if _depth(message) > MAX_PART_DEPTH:
        raise ReadError(_too_deep())
    subject = str(message.get("subject", "") or "").strip() or None
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    site = None
    if isinstance(body, EmailMessage):
        payload = body.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        if body.get_content_type() == "text/html":
            text = read_html(raw, charset=body.get_content_charset()).text if raw.strip() else ""
        elif raw:
            text = decode_bytes(raw, body.get_content_charset())
    sender = parseaddr(str(message.get("from", "")))
    if sender[1] and "@" in sender[1]:
        site = sender[1].rsplit("@", 1)[1].lower()
    return ReadResult(
        text=text,
        media_type="message/rfc822",
        title=subject,
        published=parse_date(str(message.get("date", "") or "")),
        author=sender[0] or sender[1] or None,
        site=site,
        attachments=list(_attachments(message, item.origin)),
    )


def _too_deep() -> str:
    return f"e-mail parts are nested more than {MAX_PART_DEPTH} levels deep; not read"


def _boundary_depth(data: bytes) -> int:
    """How deep multipart boundaries nest, by one pass over the lines, before any parsing."""
    declared = set(_BOUNDARY.findall(data))
    if len(declared) <= MAX_PART_DEPTH:
        return len(declared)  # cannot nest deeper than it has boundaries
    open_parts: list[bytes] = []
    deepest = 0
    for line in data.split(b"\n"):
        if not line.startswith(b"--"):
            continue
        token = line[2:].rstrip(b"\r \t")
        if token.endswith(b"--") and token[:-2] in open_parts:
            del open_parts[open_parts.index(token[:-2]) :]
        elif token in declared and token not in open_parts:
            open_parts.append(token)
            deepest = max(deepest, len(open_parts))
            if deepest > MAX_PART_DEPTH:
                break  # deep enough to refuse; the rest need not be scanned
    return deepest


def _depth(message: Message) -> int:
    """How deep parts nest, counted without recursion (the walk must not overflow)."""
    deepest = 0
    stack: list[tuple[Message, int]] = [(message, 1)]
    while stack:
        part, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_PART_DEPTH:
            break
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend((p, depth + 1) for p in payload if isinstance(p, Message))
    return deepest


def _attachments(message: EmailMessage, origin: str) -> list[RawItem]:
    items = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        # Only the last path component: a name like "../../x" is a label, never a path.
        filename = PurePosixPath((part.get_filename() or "").replace("\\", "/")).name
        filename = filename or f"attachment-{number}"
        data = _part_bytes(part)
        if not data:
            continue
        items.append(
            RawItem(
                origin=f"{origin}!{filename}",
                data=data,
                filename=filename,
                media_type=part.get_content_type(),
            )
        )
    return items


def _part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            inner = inner[0]
        return inner.as_bytes() if isinstance(inner, Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
