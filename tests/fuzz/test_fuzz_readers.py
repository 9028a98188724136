"""Every reader, fed arbitrary bytes and structured-but-broken documents: the only error is
ReadError, nothing hangs, and a successful read returns normalised, non-empty text."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from builders import make_docx, make_eml, make_pdf
from fuzzing import bounded, tricky_text
from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.model import RawItem, ReadResult
from ratline.readers import ReadError, normalise_text, read

FUZZ = settings.get_profile("ratline-fuzz")

KINDS = [
    ("note.txt", "text/plain"),
    ("note.md", "text/markdown"),
    ("page.html", "text/html"),
    ("report.pdf", "application/pdf"),
    ("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("mail.eml", "message/rfc822"),
    ("", None),
]


def read_checked(item: RawItem) -> ReadResult | None:
    """Read `item` under the time bound; None for a clean refusal. Any other exception
    fails the test."""
    try:
        result = bounded(lambda: read(item))
    except ReadError as exc:
        assert str(exc).strip(), "a refusal must say why"
        assert "\n" not in str(exc).strip(), "a refusal is one line"
        return None
    assert normalise_text(result.text) == result.text
    assert result.text.strip() or result.attachments
    assert result.published is None or isinstance(result.published, date)
    for attachment in result.attachments:
        assert isinstance(attachment, RawItem) and attachment.data
    return result


@pytest.mark.parametrize(("filename", "media_type"), KINDS)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_under_every_name(
    filename: str, media_type: str | None, data: bytes
) -> None:
    read_checked(RawItem(origin=filename or "blob", data=data, filename=filename, media_type=media_type))


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
def test_text_in_any_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    result = read_checked(RawItem(origin="t.txt", data=data, filename="t.txt"))
    if result is not None and encoding == "utf-8":
        # Plain UTF-8 text comes back as itself, normalised.
        assert result.text == normalise_text(text)


def _tags() -> st.SearchStrategy[str]:
    return st.sampled_from(
        ["div", "p", "span", "table", "tr", "td", "ul", "li", "script", "style", "b", "a",
         "article", "main", "head", "body", "title", "html", "br", "img", "svg", "noscript",
         "template", "iframe", "xmp", "textarea", "!--", "?xml", "meta"]
    )


def _html_node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attr: str, inner: list[str], close: bool) -> str:
        return f"<{tag}{attr}>{''.join(inner)}" + (f"</{tag}>" if close else "")

    attrs = st.sampled_from(
        ["", ' class="x"', " id=a", ' charset="koi8-r"', ' content="text/html; charset=bogus"',
         ' style="display:none"', " onload=alert(1)", ' href="javascript:x"', ' a="<>"']
    )
    return st.builds(render, _tags(), attrs, st.lists(children, max_size=6), st.booleans())


html_leaf = (
    tricky_text
    | st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "&bogus;", "<!DOCTYPE html>",
                       "<![CDATA[x]]>", "</", "<", ">", "<!--", "-->"])
)
html_soup = st.recursive(html_leaf, _html_node, max_leaves=60)


@FUZZ
@given(markup=html_soup, nest=st.sampled_from([0, 3, 40, 300]))
def test_html_tag_soup(markup: str, nest: int) -> None:
    page = "<html><body>" + "<div>" * nest + markup + "</div>" * nest + "</body></html>"
    read_checked(RawItem(origin="p.html", data=page.encode("utf-8", "surrogatepass"), filename="p.html"))


# One code path (the deep-nesting fallback), so fewer examples do.
@settings(FUZZ, max_examples=min(FUZZ.max_examples, 50))
@given(words=st.text(min_size=1, max_size=40).filter(lambda s: any(c.isalnum() for c in s)))
def test_html_never_loses_a_body_with_text(words: str) -> None:
    word = normalise_text("".join(c for c in words if c.isalnum()) + "Qz")
    page = f"<html><body>{'<div>' * 300}<p>{word}</p>{'</div>' * 300}</body></html>"
    result = read_checked(RawItem(origin="p.html", data=page.encode(), filename="p.html"))
    assert result is not None and word in result.text.replace("\n", "")


@FUZZ
@given(markdown=st.lists(
    st.sampled_from(["# ", "## ", "* ", "1. ", "> ", "```", "    ", "---", "| a | b |", "[x](y)",
                     "![i](j)", "<div>", "</div>", "**", "_", "\n", "\n\n"]) | tricky_text,
    max_size=40,
).map("".join))
def test_markdown_fragments(markdown: str) -> None:
    read_checked(RawItem(origin="n.md", data=markdown.encode("utf-8", "surrogatepass"), filename="n.md"))


def _splice(base: bytes, edits: list[tuple[int, bytes, int]], cut: int | None) -> bytes:
    data = bytearray(base)
    for where, insert, drop in edits:
        at = where % (len(data) + 1)
        data[at : at + drop] = insert
    return bytes(data[:cut] if cut is not None else data)


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.binary(max_size=12), st.integers(0, 16)), max_size=6
)
cuts = st.none() | st.integers(0, 4000)

PDF = make_pdf(["FICTIONAL report line one.", "A broker was paid USD 2,000."], title="Report")


@FUZZ
@given(changes=edits, cut=cuts)
def test_pdf_with_damaged_bytes(changes: list[tuple[int, bytes, int]], cut: int | None) -> None:
    data = _splice(PDF, changes, cut)
    read_checked(RawItem(origin="r.pdf", data=data, filename="r.pdf"))


@FUZZ
@given(
    objects=st.lists(
        st.sampled_from(["<< /Type /Page /Parent 2 0 R >>", "<< /Length 999999 >>\nstream\nx\nendstream",
                         "<< /Kids [1 0 R] /Count -1 >>", "[ 1 0 R 1 0 R ]", "(unclosed", "<<<<",
                         "/Filter /FlateDecode", "9999999999 0 R", "<< /Type /Catalog /Pages 1 0 R >>"]),
        max_size=8,
    )
)
def test_pdf_with_hostile_objects(objects: list[str]) -> None:
    body = "".join(f"{n} 0 obj\n{o}\nendobj\n" for n, o in enumerate(objects, start=1))
    data = f"%PDF-1.4\n{body}trailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n".encode()
    read_checked(RawItem(origin="h.pdf", data=data, filename="h.pdf"))


DOCX = make_docx(["FICTIONAL paragraph."], heading="Heading", title="Doc")


def _with_part(package: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


docx_xml = st.lists(
    st.sampled_from(['<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
                     "<w:body>", "<w:p>", "<w:r>", "<w:t>", "</w:t>", "</w:r>", "</w:p>", "</w:body>",
                     "</w:document>", "<w:tbl><w:tr><w:tc>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
                     "&e;", "<?xml version='1.0'?>", "<w:br/>", "<w:tab/>"]) | tricky_text,
    max_size=30,
).map("".join)


@FUZZ
@given(xml=docx_xml)
def test_docx_with_a_broken_document_part(xml: str) -> None:
    data = _with_part(DOCX, "word/document.xml", xml.encode("utf-8", "surrogatepass"))
    result = read_checked(RawItem(origin="d.docx", data=data, filename="d.docx"))
    assert result is None or "root:" not in result.text  # external entities never resolve


@FUZZ
@given(changes=edits, cut=st.none() | st.integers(0, 20_000))
def test_docx_with_damaged_bytes(changes: list[tuple[int, bytes, int]], cut: int | None) -> None:
    read_checked(RawItem(origin="d.docx", data=_splice(DOCX, changes, cut), filename="d.docx"))


header_names = st.sampled_from(
    ["From", "To", "Subject", "Date", "Content-Type", "Content-Transfer-Encoding",
     "Content-Disposition", "MIME-Version", "Received", "Message-ID", "X-\u00e9"]
)
header_values = st.sampled_from(
    ["multipart/mixed; boundary=b", 'multipart/alternative; boundary="b"', "text/html; charset=bogus",
     "text/plain; charset=utf-7", "message/rfc822", "base64", "quoted-printable", "x-uuencode",
     "attachment; filename=../../x.txt", "attachment; filename*=utf-8''%E2%82%AC.txt",
     "=?utf-8?b?////?=", "=?x?q?=ZZ?=", "Tue, 99 Foo 20230 99:99:99 +9999", "<@>", "\u00e9\u00e8"]
) | tricky_text


@FUZZ
@given(
    headers=st.lists(st.tuples(header_names, header_values), max_size=10),
    parts=st.lists(
        st.tuples(header_values, st.binary(max_size=300) | tricky_text.map(str.encode)), max_size=5
    ),
    nest=st.integers(0, 40),
)
def test_email_with_broken_headers_and_parts(
    headers: list[tuple[str, str]], parts: list[tuple[str, bytes]], nest: int
) -> None:
    head = "".join(f"{k}: {v}\n" for k, v in headers).encode("utf-8", "surrogatepass")
    body = b"".join(
        b"--b\nContent-Type: " + ctype.encode("utf-8", "surrogatepass") + b"\n\n" + payload + b"\n"
        for ctype, payload in parts
    ) + b"--b--\n"
    wrap = b'Content-Type: multipart/mixed; boundary="b"\n\n' * nest
    data = b"From: Desk <desk@example.org>\n" + head + wrap + b"\n" + body
    result = read_checked(RawItem(origin="m.eml", data=data, filename="m.eml"))
    if result is not None:
        for attachment in result.attachments:
            assert "/" not in attachment.filename and "\\" not in attachment.filename


@FUZZ
@given(body=tricky_text, attachment=st.binary(max_size=200), name=st.text(max_size=30))
def test_email_built_by_the_stdlib(body: str, attachment: bytes, name: str) -> None:
    try:
        data = make_eml(body or "x", attachments={name or "a.bin": attachment})
    except (ValueError, TypeError, UnicodeError):
        return  # the stdlib itself refuses to build this message; nothing to read
    read_checked(RawItem(origin="m.eml", data=data, filename="m.eml"))


@FUZZ
@given(
    text=st.text(max_size=500),
    meta=st.dictionaries(
        st.sampled_from(["title", "date", "published", "author", "site", "language"]),
        st.none() | st.integers() | st.floats() | tricky_text | st.lists(st.integers(), max_size=2),
    ),
)
def test_corpus_records(text: str, meta: dict[str, object]) -> None:
    result = read_checked(RawItem(origin="c.jsonl#1", text=text, meta=meta))
    if result is not None:
        assert result.title is None or (result.title.strip() == result.title and result.title)
