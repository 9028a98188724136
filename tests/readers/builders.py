"""Tiny real documents built on the fly: PDFs with an exact xref table, DOCX, e-mail."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage


def make_pdf(lines: list[str], title: str = "") -> bytes:
    def esc(s: str) -> bytes:
        return (
            s.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        )

    stream = (
        b"BT /F1 11 Tf 14 TL 60 780 Td\n"
        + b"".join(b"(" + esc(line) + b") Tj T*\n" for line in lines)
        + b"ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title (" + esc(title) + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def make_docx(
    paragraphs: list[str],
    heading: str | None = None,
    title: str = "",
    table: list[tuple[str, ...]] | None = None,
) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_part(package: bytes, name: str, data: bytes) -> bytes:
    """The same zip package with one part's bytes swapped."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


def make_eml(
    body: str,
    *,
    html: str | None = None,
    attachments: dict[str, bytes] | None = None,
    subject: str = "Field report",
    date: str = "Tue, 14 Mar 2023 09:00:00 +0545",
) -> bytes:
    message = EmailMessage()
    message["From"] = "Field Worker <field@ngo.example.org>"
    message["To"] = "desk@ngo.example.org"
    message["Subject"] = subject
    message["Date"] = date
    if body:
        message.set_content(body)
    if html is not None:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    for name, data in (attachments or {}).items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return bytes(message)
