"""PDF: text from a real tiny file; truncated, corrupt and encrypted files refused clearly."""

from __future__ import annotations

import io

import pytest
from builders import make_pdf
from pypdf import PdfReader, PdfWriter

from ratline.model import RawItem
from ratline.readers import ReadError, read
from ratline.readers import pdf as pdf_reader

LINES = [
    "FICTIONAL. Broker Dorje Tamrakar arrested in Kathmandu.",
    "Paid NPR 150,000 (about USD 1,100).",
]


def item(data: bytes, filename: str = "report.pdf") -> RawItem:
    return RawItem(origin=filename, data=data, filename=filename, media_type="application/pdf")


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(LINES))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_and_title() -> None:
    result = read(item(make_pdf(LINES, title="Kathmandu arrests")))
    assert "Broker Dorje Tamrakar arrested in Kathmandu." in result.text
    assert "NPR 150,000" in result.text
    assert result.title == "Kathmandu arrests"
    assert result.media_type == "application/pdf"


def test_pdf_is_sniffed_without_extension() -> None:
    result = read(RawItem(origin="blob", data=make_pdf(LINES)))
    assert result.media_type == "application/pdf"


def test_truncated_pdf() -> None:
    data = make_pdf(LINES)
    with pytest.raises(ReadError) as err:
        read(item(data[: len(data) // 2]))
    assert str(err.value) == "PDF is truncated or corrupt: no end-of-file marker"


def test_corrupt_pdf_body() -> None:
    data = b"%PDF-1.4\n" + b"\x00garbage that is not a pdf object\n" * 50 + b"%%EOF\n"
    with pytest.raises(ReadError) as err:
        read(item(data))
    assert str(err.value).startswith(("PDF is truncated or corrupt:", "PDF has no text layer"))


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ReadError) as err:
        read(item(encrypted("secret")))
    assert str(err.value) == "PDF is encrypted and needs a password"


def test_pdf_locked_only_against_editing_opens() -> None:
    result = read(item(encrypted("")))
    assert "Broker Dorje Tamrakar" in result.text


def test_pdf_without_text_layer() -> None:
    with pytest.raises(
        ReadError, match=r"PDF has no text layer \(1 pages; scanned pages need OCR\)"
    ):
        read(item(make_pdf([])))


def test_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "TIME_LIMIT_S", -1.0)
    with pytest.raises(ReadError, match=r"took longer than -1 s \(stopped at page 1 of 1\)"):
        read(item(make_pdf(LINES)))
