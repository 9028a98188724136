"""E-mail: headers to metadata, plain or HTML body, attachments handed back as raw items."""

from __future__ import annotations

from datetime import date

from builders import make_eml

from ratline.model import RawItem
from ratline.readers import read


def item(data: bytes, filename: str = "mail.eml") -> RawItem:
    return RawItem(origin=filename, data=data, filename=filename)


def test_subject_date_body_and_attachment() -> None:
    data = make_eml(
        "FICTIONAL. Broker paid USD 2,000 in Nairobi.",
        attachments={"notes.txt": b"Interview notes."},
    )
    result = read(item(data))
    assert result.title == "Field report"
    assert result.published == date(2023, 3, 14)
    assert result.author == "Field Worker"
    assert result.site == "ngo.example.org"
    assert result.text == "FICTIONAL. Broker paid USD 2,000 in Nairobi."
    [attachment] = result.attachments
    assert attachment.origin == "mail.eml!notes.txt"
    assert attachment.filename == "notes.txt" and attachment.data == b"Interview notes."
    # The attachment is itself readable.
    assert read(attachment).text == "Interview notes."


def test_plain_body_is_preferred_over_html() -> None:
    result = read(item(make_eml("plain version", html="<p>html version</p>")))
    assert result.text == "plain version"


def test_html_only_body_goes_through_the_html_reader() -> None:
    html = (
        "<html><body><p>Only HTML: clinic in Giza denied it.</p><script>x()</script></body></html>"
    )
    result = read(item(make_eml("", html=html)))
    assert result.text == "Only HTML: clinic in Giza denied it."


def test_attachment_names_are_labels_not_paths() -> None:
    result = read(item(make_eml("body", attachments={"../../etc/cron.d/x": b"data"})))
    assert [a.origin for a in result.attachments] == ["mail.eml!x"]


def test_mail_is_sniffed_from_headers_without_extension() -> None:
    result = read(RawItem(origin="message", data=make_eml("sniffed body")))
    assert result.media_type == "message/rfc822" and result.text == "sniffed body"


def test_mail_with_only_an_attachment_is_not_an_error() -> None:
    result = read(item(make_eml("", attachments={"a.txt": b"attached"})))
    assert result.text == "" and len(result.attachments) == 1
