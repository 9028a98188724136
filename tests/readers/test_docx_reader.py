"""DOCX: paragraphs, headings and tables; external entities never expanded; broken files refused."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from builders import make_docx, replace_part

from ratline.model import RawItem
from ratline.readers import ReadError, read

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

XXE_DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>before &xxe; after</w:t></w:r></w:p></w:body></w:document>"""


def item(data: bytes, filename: str = "report.docx") -> RawItem:
    return RawItem(origin=filename, data=data, filename=filename)


def test_paragraphs_heading_and_table() -> None:
    data = make_docx(
        ["FICTIONAL EXAMPLE.", "Rifles bought for EUR 300 were resold for EUR 2,500."],
        heading="Sarajevo verdict",
        table=[("Defendant", "Role"), ("Dragan Mrkonjić", "organiser")],
    )
    result = read(item(data))
    assert result.media_type == DOCX_TYPE
    assert result.title == "Sarajevo verdict"
    assert "Rifles bought for EUR 300 were resold for EUR 2,500." in result.text
    assert "Dragan Mrkonjić | organiser" in result.text
    assert result.text.index("Sarajevo verdict") < result.text.index("Rifles")


def test_core_title_wins_over_heading() -> None:
    result = read(item(make_docx(["body"], heading="Heading", title="Core title")))
    assert result.title == "Core title"


def test_docx_is_sniffed_by_its_parts_without_extension() -> None:
    result = read(RawItem(origin="blob", data=make_docx(["sniffed body"])))
    assert result.media_type == DOCX_TYPE and result.text == "sniffed body"


def test_external_entity_is_refused_and_never_expanded() -> None:
    evil = replace_part(make_docx(["placeholder"]), "word/document.xml", XXE_DOCUMENT)
    with pytest.raises(ReadError) as err:
        read(item(evil))
    message = str(err.value)
    assert message.startswith("DOCX part word/document.xml declares a DTD or entities; refused")
    assert "root:" not in message


def test_python_docx_alone_does_not_expand_the_entity_either() -> None:
    # Defence in depth: even past the pre-check, the parser must not read /etc/passwd.
    evil = replace_part(make_docx(["placeholder"]), "word/document.xml", XXE_DOCUMENT)
    try:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(evil)).paragraphs)
    except Exception:  # refusing to parse is as good as not expanding
        return
    assert "root:" not in text


def test_truncated_docx() -> None:
    data = make_docx(["some text"])
    with pytest.raises(ReadError) as err:
        read(item(data[: len(data) // 2]))
    assert str(err.value).startswith("DOCX is truncated or corrupt")


def test_malformed_document_part() -> None:
    broken = replace_part(make_docx(["x"]), "word/document.xml", b"<w:document><unclosed>")
    with pytest.raises(ReadError) as err:
        read(item(broken))
    assert str(err.value).startswith(
        "DOCX is truncated or corrupt: part word/document.xml is not well-formed XML"
    )


def test_docx_part_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from ratline.readers import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 1000)
    data = make_docx(["word " * 2000])
    with pytest.raises(ReadError, match=r"DOCX part .* exceeds"):
        read(item(data))
    assert zipfile.is_zipfile(io.BytesIO(data))
