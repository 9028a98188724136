"""Writes the binary sample reports (PDF, DOCX, e-mail) from the texts below.

Run from anywhere: `python examples/make_binary_examples.py`. Output is deterministic, so
re-running it leaves the committed files unchanged.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).resolve().parent / "reports"
FIXED_TIME = datetime(2020, 12, 3, 12, 0, 0)
MARK = "FICTIONAL EXAMPLE — names are invented."

PDF_TITLE = "Palermo prosecutors charge five over Edo State to Sicily trafficking network"
PDF_TEXT = f"""{MARK}

{PDF_TITLE}

PALERMO, 7 October 2021 - Prosecutors in Palermo have charged five people with human trafficking and aiding illegal immigration after an investigation into a network that brought at least 40 young women from Benin City, in Nigeria's Edo State, to Sicily by way of Niger and Libya between 2017 and 2020.

The alleged head of the network, a woman known to the victims as "Madam Efosa" and identified by prosecutors as Osarugue Igbinedion-Okafor, 41, was arrested in Castel Volturno in June 2021. Her brother, Kingsley Osazee-Omoruyi, 36, is accused of acting as recruiter in Benin City, approaching girls as young as 16 with promises of work as hairdressers in Italy.

According to the indictment, the women were taken by bus from Benin City to Kano and Agadez, then across the Sahara to Sabha and Tripoli, where a transporter named by prosecutors as Abdelkarim Zawiya-Fezzani held them in a warehouse until the crossing to Lampedusa. Each woman was told she owed a debt of EUR 30,000 to EUR 35,000 for the journey and was forced into prostitution in Palermo and Catania to repay it.

Before leaving Nigeria, the women were made to swear an oath at a shrine, a practice prosecutors said was used to frighten them into silence. Investigators traced more than EUR 250,000 sent back to Benin City through informal money transfer agents between 2018 and 2020.

Three Italian citizens are charged with renting flats used by the network. All five suspects deny the charges and are presumed innocent. A preliminary hearing is set for February 2022.

The case began when two of the women, now protected witnesses, approached an anti-trafficking help desk in Palermo in 2020.
"""

DOCX_TITLE = "Sarajevo court convicts three over Balkan rifle pipeline to the Netherlands"
DOCX_PARAGRAPHS = [
    "SARAJEVO, 3 December 2020 - The Court of Bosnia and Herzegovina has convicted three men of "
    "illicit trafficking in weapons after finding that they shipped assault rifles, pistols and "
    "hand grenades from eastern Bosnia to criminal buyers in the Netherlands and Belgium between "
    "2016 and 2019.",
    "The organiser, Dragan Mrkonjić-Vuletić, 47, was sentenced to nine years in prison. His "
    "associate Senad Hodžić-Bećirević, 39, who stored the weapons in a garage near Tuzla, "
    "received six years. A courier, Dutch citizen Ruud van Eekelen-Smit, 33, was sentenced to "
    "four years; he had been arrested at the Croatian border in 2019 with eight rifles hidden "
    "in the floor of a camper van.",
    "The court found that rifles bought for about EUR 300 each in Bosnia were resold for "
    "EUR 1,500 to EUR 2,500 in Amsterdam and Antwerp. Prosecutors said at least 120 weapons "
    "moved along the route, which ran by road through Croatia, Slovenia, Austria and Germany. "
    "The defendants were paid through cash couriers and a car dealership in Rotterdam.",
    "Dutch police, who cooperated with the investigation, said several of the weapons had "
    "been linked to shootings in Amsterdam in 2018. The verdict can be appealed.",
]
DOCX_TABLE = [
    ("Defendant", "Role", "Verdict"),
    ("Dragan Mrkonjić-Vuletić", "organiser", "convicted, 9 years"),
    ("Senad Hodžić-Bećirević", "storage", "convicted, 6 years"),
    ("Ruud van Eekelen-Smit", "courier", "convicted, 4 years"),
]

EMAIL_BODY = f"""{MARK}

Dear colleagues,

Attached are my interview notes from last week in Nairobi. Short version: two young men
from Kibera and Mathare told me a broker flew them to Hyderabad, India, in 2022 to sell a
kidney. Both said they were promised USD 5,000 and received USD 2,000 to 3,000.

The broker they name is a Kenyan woman they call "Mama Wanjiru" (full name given as
Grace Wanjiru Kamau-Otieno). A second man, an Indian national called Raghav Soundarajan-Pillai,
allegedly met them at the airport and took them to a private hospital. None of this is
verified yet - these are allegations from two interviews. No one has been arrested as far as
I know.

Please keep the names of the interviewees out of anything shared outside the team.

Best,
Achieng
"""

EMAIL_ATTACHMENT = f"""{MARK}

Interview notes, Nairobi, 10-12 April 2023 (fictional).

Interviewee A (male, 24, Kibera). Approached in January 2022 by "Mama Wanjiru" at a
chama (savings group) meeting. Told he could earn USD 5,000 by donating a kidney to a
"relative" in India. Passport and medical tests paid by her. Flew Nairobi - Mumbai -
Hyderabad in March 2022 with two other Kenyans. Met at Hyderabad airport by a man who
called himself Raghav. Operated in a private hospital he could not name. Received
USD 2,000 in cash and KES 50,000 later via mobile money. Still has pain when lifting.

Interviewee B (male, 27, Mathare). Same broker, recruited May 2022. Says the recipient
was a businessman from Oman who paid "more than USD 40,000" according to what the
interpreter told him. Received USD 3,000. Says at least six other young men from
Mathare went the same way in 2022.

Evidence level: allegation (two consistent first-hand accounts; no documents yet).
Follow-up: ask the Kenyan Directorate of Criminal Investigations whether a complaint
exists; check the hospital names with contacts in Telangana.
"""


def write_pdf(path: Path, text: str, title: str) -> None:
    """A minimal valid PDF: Helvetica, WinAnsi text, one content stream per page, exact xref."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        lines.extend(textwrap.wrap(" ".join(paragraph.split()), 90) or [""])
        lines.append("")
    per_page = 48
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]

    def esc(s: str) -> bytes:
        raw = s.encode("cp1252")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    objects: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title (" + esc(title) + b") /Author (ratline examples) >>")
    for i, page_lines in enumerate(pages):
        stream = b"BT /F1 10 Tf 14 TL 56 790 Td\n"
        for line in page_lines:
            stream += b"(" + esc(line) + b") Tj T*\n"
        stream += b"ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {6 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n"
                       + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
            f"startxref\n{xref_at}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))


def write_docx(path: Path) -> None:
    import docx  # python-docx, a ratline dependency

    document = docx.Document()
    document.core_properties.title = DOCX_TITLE
    document.core_properties.author = "ratline examples"
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.last_modified_by = "ratline examples"
    document.add_paragraph(MARK)
    document.add_heading(DOCX_TITLE, level=1)
    for paragraph in DOCX_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=0, cols=3)
    for row in DOCX_TABLE:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    # Re-pack with fixed timestamps so the file only changes when its text does.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    path.write_bytes(out.getvalue())


def write_eml(path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Achieng Field <achieng@field.example.org>"
    message["To"] = "research-team@ngo.example.org"
    message["Subject"] = "FICTIONAL EXAMPLE: Kenya to Hyderabad kidney broker - interview notes"
    message["Date"] = "Mon, 17 Apr 2023 09:30:00 +0300"
    message["Message-ID"] = "<fictional-0001@field.example.org>"
    message.set_content(EMAIL_BODY)
    message.add_attachment(EMAIL_ATTACHMENT.encode("utf-8"), maintype="text", subtype="plain",
                           filename="interview-notes.txt")
    message.set_boundary("ratline-fictional-example")
    path.write_bytes(bytes(message))


def main() -> None:
    write_pdf(HERE / "07-palermo-trafficking-charges.pdf", PDF_TEXT, PDF_TITLE)
    write_docx(HERE / "08-sarajevo-arms-verdict.docx")
    write_eml(HERE / "09-nairobi-field-notes.eml")


if __name__ == "__main__":
    main()
