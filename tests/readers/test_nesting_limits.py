"""Deeply nested input is read as far as is safe and the rest is a failure record, never a
crash and never silently lost: MIME parts, attachments inside attachments, HTML elements."""

from __future__ import annotations

import pytest
from builders import make_eml

from ratline.model import Document, Failure, RawItem
from ratline.pipeline import MAX_ATTACHMENT_DEPTH, read_item
from ratline.readers import ReadError, read
from ratline.readers.email import MAX_PART_DEPTH


def nested_multipart(levels: int) -> bytes:
    part = "Content-Type: text/plain\n\nThe innermost text.\n"
    for n in range(levels):
        part = (
            f'Content-Type: multipart/mixed; boundary="b{n}"\n\n'
            f"--b{n}\n{part}\n--b{n}--\n"
        )
    return ("From: Desk <desk@example.org>\nSubject: nested\n" + part).encode()


def test_moderately_nested_mail_is_read() -> None:
    result = read(RawItem(origin="ok.eml", data=nested_multipart(20), filename="ok.eml"))
    assert result.text == "The innermost text."


@pytest.mark.parametrize("levels", [MAX_PART_DEPTH + 5, 3000])
def test_too_deeply_nested_mail_is_a_clean_read_error(levels: int) -> None:
    # 3000 levels overflowed the stdlib parser's recursion; 55 is past our own bound.
    raw = RawItem(origin="deep.eml", data=nested_multipart(levels), filename="deep.eml")
    with pytest.raises(ReadError, match=f"nested more than {MAX_PART_DEPTH} levels deep"):
        read(raw)
    [failure] = list(read_item(raw))
    assert isinstance(failure, Failure) and failure.stage == "read"
    assert "reader error" not in failure.reason


def test_attachments_past_the_depth_limit_are_failure_records_naming_them() -> None:
    data = make_eml("Level 5 body.", attachments={"leaf.txt": b"Leaf notes."})
    for level in range(4, -1, -1):
        data = make_eml(f"Level {level} body.", attachments={f"fwd{level + 1}.eml": data})
    entries = list(read_item(RawItem(origin="top.eml", data=data, filename="top.eml")))
    texts = [e.text for e in entries if isinstance(e, Document)]
    assert texts == [f"Level {n} body." for n in range(MAX_ATTACHMENT_DEPTH + 1)]
    [failure] = [e for e in entries if isinstance(e, Failure)]
    assert failure.origin == "top.eml!fwd1.eml!fwd2.eml!fwd3.eml!fwd4.eml"
    assert failure.reason == (
        f"attachment 'fwd4.eml' is nested more than {MAX_ATTACHMENT_DEPTH} levels deep; not read"
    )


def deep_html(levels: int, before: str = "", after: str = "") -> bytes:
    return (
        f"<html><head><title>Deep page</title></head><body>{before}"
        + "<div>" * levels
        + "<p>Text of the deeply nested body.</p>"
        + "</div>" * levels
        + f"{after}</body></html>"
    ).encode()


@pytest.mark.parametrize("levels", [300, 5000])
def test_html_nested_past_the_parser_limit_keeps_its_text(levels: int) -> None:
    data = deep_html(levels, before="<h1>Heading first</h1>", after="<p>Closing line.</p>")
    result = read(RawItem(origin="deep.html", data=data, filename="deep.html"))
    assert "Text of the deeply nested body." in result.text
    assert "Heading first" in result.text and "Closing line." in result.text
    assert result.title == "Deep page"


def test_deep_html_drops_scripts_and_styles_in_the_fallback() -> None:
    data = deep_html(400, before="<script>var leak = 1;</script><style>p{}</style>")
    result = read(RawItem(origin="deep.html", data=data, filename="deep.html"))
    assert "leak" not in result.text and "p{}" not in result.text
    assert result.text.startswith("Text of the deeply nested body.")


def test_deep_html_with_an_unclosed_head_still_yields_the_body() -> None:
    data = b"<html><head><title>T</title><body>" + b"<b>" * 400 + b"Body words here." + b"</b>" * 400
    result = read(RawItem(origin="open.html", data=data, filename="open.html"))
    assert result.text == "Body words here." and result.title == "T"
