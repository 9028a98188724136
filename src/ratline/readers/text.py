"""Plain text: finds the encoding, refuses binary data, and normalises text for every reader.

`normalise_text` is the one normalisation in ratline; document ids are hashes of its output,
so changing it changes every id.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from ratline.model import RawItem, ReadResult
from ratline.readers.base import ReadError, binary_magic, declared_type, extension

MEDIA_TYPES = frozenset({"text/plain"})
EXTENSIONS = frozenset({".txt", ".text", ".log", ".asc"})
TEXTISH_TYPES = frozenset({"application/json", "application/xml", "application/x-ndjson"})
UNKNOWN_TYPES = frozenset({None, "application/octet-stream", "binary/octet-stream"})

# UTF-32 first: its little-endian mark starts with the UTF-16 one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Above this share of control characters, "text" is really binary decoded by force.
MAX_CONTROL_SHARE = 0.005
PREFERRED_ON_TIE = ("utf_8", "cp1252", "latin_1", "iso8859_15")
UNDECODABLE = "not UTF-8 and no encoding could be detected"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_TRAILING_SPACE = " \t\u00a0\u3000"
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_text(s: str) -> str:
    """NFC; newlines as \\n; control characters dropped; trailing spaces stripped;
    runs of blank lines collapsed to one; leading and trailing blank lines removed.

    Tabs and newlines survive. Zero-width joiners survive too: several scripts need them.
    """
    # Each step first checks whether it has anything to do: most text is already clean,
    # and ingesting a large corpus spends its time here otherwise.
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Page and paragraph breaks separate words; dropping them would glue words together.
    s = s.replace("\f", "\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _CONTROL.search(s):
        s = _CONTROL.sub("", s)
    s = "\n".join(line.rstrip(_TRAILING_SPACE) for line in s.split("\n"))
    if "\n\n\n" in s:
        s = _BLANK_RUNS.sub("\n\n", s)
    return s.strip("\n")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: byte-order mark, then UTF-8, then a declared charset, then detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start + len(bom)})"
                ) from exc
    valid_utf8 = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not looks_binary(text):
            return text
        valid_utf8 = True
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if not looks_binary(text):
                return text
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(UNDECODABLE)
    # Short Western texts fit several code pages equally well; the most common one is the
    # likeliest, and guessing cp1250 for French turns "naïve" into "naďve".
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if m.encoding in PREFERRED_ON_TIE), best)
    # Without a byte-order mark, UTF-16/32 text is full of NUL bytes; short binary often
    # "decodes" as UTF-16 into a few stray CJK characters otherwise.
    if best.encoding.startswith(("utf_16", "utf_32")) and data.count(0) * 5 < len(data):
        raise ReadError(f"{UNDECODABLE} (the bytes look binary)")
    if valid_utf8 and not best.encoding.startswith(("utf_16", "utf_32")):
        # Valid UTF-8 full of control bytes is binary, or UTF-16/32 without a byte-order
        # mark (its NULs are control bytes too); any other code page would only be one
        # where the controls turn into letters (EBCDIC reads 0x7f as '"').
        raise ReadError(f"{UNDECODABLE} (the bytes look binary)")
    text = str(best)
    if looks_binary(text):
        raise ReadError(f"{UNDECODABLE} (the bytes look binary)")
    return text


def looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:100_000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS
    )
    return controls / len(sample) > MAX_CONTROL_SHARE


def score(item: RawItem) -> float:
    media_type = declared_type(item)
    if extension(item) in EXTENSIONS or media_type in MEDIA_TYPES:
        return 0.5
    if binary_magic(item):
        return 0.0
    if media_type is not None and (
        media_type.startswith("text/")
        or media_type in TEXTISH_TYPES
        or media_type.endswith(("+xml", "+json"))
    ):
        return 0.3
    # Last resort for unnamed bytes: decoding decides, and refuses binary clearly.
    return 0.1 if media_type in UNKNOWN_TYPES else 0.0


def read(item: RawItem) -> ReadResult:
    text = decode_bytes(item.data, item.meta.get("charset"))
    return ReadResult(text=text, media_type="text/plain", title=first_line_title(text))


def first_line_title(text: str, max_len: int = 200) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= max_len else None
    return None
