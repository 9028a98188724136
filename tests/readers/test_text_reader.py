"""Plain text: encodings, byte-order marks, binary refusal, and the shared normalisation."""

from __future__ import annotations

import codecs
import random

import pytest

from ratline.model import RawItem
from ratline.readers import ReadError, normalise_text, read


def item(data: bytes, filename: str = "note.txt", media_type: str | None = "text/plain") -> RawItem:
    return RawItem(origin=filename, data=data, filename=filename, media_type=media_type)


def test_utf8_text_is_read_and_normalised() -> None:
    result = read(item(b"Kidney ring in Kathmandu\r\n\r\n\r\n\r\nBroker arrested.  \r\n"))
    assert result.text == "Kidney ring in Kathmandu\n\nBroker arrested."
    assert result.title == "Kidney ring in Kathmandu"
    assert result.media_type == "text/plain"


def test_legacy_western_encoding_is_detected() -> None:
    text = "Le rapport publié à Chișinău décrit les réseaux; les victimes étaient naïves."
    result = read(item(text.replace("ș", "s").replace("ă", "a").encode("cp1252")))
    assert "publié à Chisinau" in result.text and "naïves" in result.text


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    result = read(item(bom + "Kāṭhmāḍauṁ — काठमाडौं".encode(codec)))
    assert result.text == "Kāṭhmāḍauṁ — काठमाडौं"


def test_random_bytes_are_refused_not_decoded_into_garbage() -> None:
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(ReadError) as err:
        read(item(noise, "blob.bin", "application/octet-stream"))
    assert str(err.value).startswith("not UTF-8 and no encoding could be detected")


def test_invalid_utf8_binary_in_a_txt_file_is_refused() -> None:
    data = b"Report\n" + bytes(range(0, 32)) * 20 + b"\xff\xfe\xfd" * 50
    with pytest.raises(ReadError, match="not UTF-8 and no encoding could be detected"):
        read(item(data))


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(ReadError, match="starts with a utf-16-le byte-order mark but is not valid"):
        read(item(codecs.BOM_UTF16_LE + b"\x00\xd8"))


def test_empty_file() -> None:
    with pytest.raises(ReadError, match="^empty document$"):
        read(item(b""))
    with pytest.raises(ReadError, match="^empty document$"):
        read(item(b"  \n\n \t"))


def test_stray_control_characters_are_dropped_but_control_soup_is_binary() -> None:
    assert read(item(b"\x1b[0m" + b"plain words " * 100)).text.startswith("[0mplain words")
    with pytest.raises(ReadError, match="the bytes look binary"):
        read(item(b"\x1b\n"))


def test_utf16_without_bom_is_detected() -> None:
    text = "Kidney broker arrested in Kathmandu; victims from Kavrepalanchok. " * 4
    assert read(item(text.encode("utf-16-le"))).text == text.strip()


def test_normalise_text() -> None:
    decomposed = "Cafe\u0301"  # e + combining acute
    raw = f"\ufeff{decomposed}  \r\nline\x00two\t\r\r\n\n\n\n\nend\fpage\u2028x\n\n"
    assert normalise_text(raw) == "Café\nlinetwo\n\nend\npage\nx"
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)


def test_normalise_keeps_zero_width_joiner() -> None:
    assert normalise_text("क्\u200dष") == "क्\u200dष"
