"""The bugs the fuzz suite found, pinned as plain examples so they stay fixed even if the
generated examples change."""

from __future__ import annotations

import io
import zipfile

import pytest
from builders import make_docx

from ratline.extract.pseudonyms import pseudonym
from ratline.model import RawItem
from ratline.readers import ReadError, read
from ratline.resolve.names import canon_token, fold


def test_a_lone_control_byte_is_binary_not_ebcdic() -> None:
    # Was read as '"' by a guessed EBCDIC code page.
    with pytest.raises(ReadError, match="the bytes look binary"):
        read(RawItem(origin="t.txt", data=b"\x7f", filename="t.txt"))


def test_utf16_without_a_byte_order_mark_is_still_text() -> None:
    text = "A fictional report from the border crossing. " * 3
    assert read(RawItem(origin="t.txt", data=text.encode("utf-16-le"), filename="t.txt")).text


def test_docx_part_with_a_damaged_deflate_stream_is_a_read_error() -> None:
    # Was an uncaught zlib.error from the package check.
    package = make_docx(["FICTIONAL paragraph."])
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(package)
    damaged[start : start + 8] = b"\x00\xff\x00\xff\x00\xff\x00\xff"
    with pytest.raises(ReadError, match="DOCX is truncated or corrupt"):
        read(RawItem(origin="d.docx", data=bytes(damaged), filename="d.docx"))


def test_letters_without_a_decomposition_fold_to_their_plain_spelling() -> None:
    # Were dropped: "Łukasz Strauß" folded to "ukasz strau".
    assert fold("Łukasz Strauß") == fold("Lukasz Strauss") == "lukasz strauss"
    assert pseudonym("Łukasz Strauß", b"k") == pseudonym("LUKASZ STRAUSS", b"k")
    assert fold("Ørsted Æsa Đorđe") == "orsted aesa dorde"


@pytest.mark.parametrize("token", ["abdbbb", "abdula", "abdelrahman", "abdrahman"])
def test_canonical_name_tokens_are_fixed_points(token: str) -> None:
    # "abdbbb" -> "abdulb" -> "abdululb" before.
    canon = canon_token(token)
    assert canon_token(canon) == canon
