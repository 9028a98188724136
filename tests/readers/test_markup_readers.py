"""Markdown and HTML: plain text out, titles and dates found, scripts never part of the text."""

from __future__ import annotations

from datetime import date

from ratline.model import RawItem
from ratline.readers import read

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Police arrest three over kidney ring</title>
<meta name="author" content="Fictional Reporter"><meta name="date" content="2023-03-14">
<meta property="og:site_name" content="Fictional Wire">
<script>document.title = "changed by script"; fetch("http://evil.example/");</script>
<style>p { color: red }</style></head>
<body><nav>Home | World | Sport</nav><article><h1>Police arrest three over kidney ring</h1>
<p>KATHMANDU — Police arrested three men accused of running a kidney trafficking network
that took villagers from Kavrepalanchok district across the border to India.</p>
<p>The alleged broker recruited men from farming families by promising hotel jobs in Kolkata.
Victims were promised INR 4 lakh each but received NPR 150,000 to NPR 200,000.</p>
<p>The men were remanded in custody for twelve days while the investigation continues.</p>
</article><footer>Copyright Fictional Wire</footer></body></html>"""


def html_item(markup: str, filename: str = "page.html") -> RawItem:
    return RawItem(
        origin=filename, data=markup.encode("utf-8"), filename=filename, media_type="text/html"
    )


def test_html_article_text_and_metadata() -> None:
    result = read(html_item(ARTICLE))
    assert "Victims were promised INR 4 lakh each" in result.text
    assert "changed by script" not in result.text and "color: red" not in result.text
    assert result.title == "Police arrest three over kidney ring"
    assert result.published == date(2023, 3, 14)
    assert result.author == "Fictional Reporter"
    assert result.site == "Fictional Wire"
    assert result.media_type == "text/html"


def test_tiny_page_falls_back_to_plain_lxml_text() -> None:
    result = read(
        html_item(
            "<html><head><title>T</title><script>bad()</script></head>"
            "<body><p>One line.</p><p>Two.</p></body></html>"
        )
    )
    assert "One line." in result.text and "Two." in result.text
    assert "bad()" not in result.text
    assert result.title == "T"


def test_html_is_sniffed_even_in_a_txt_file() -> None:
    result = read(html_item(ARTICLE, filename="saved-page.txt"))
    assert result.media_type == "text/html"


def test_html_meta_charset_is_honoured() -> None:
    markup = (
        '<html><head><meta charset="windows-1252"><title>x</title></head>'
        "<body><p>Chișinău court: victims were naïve.</p></body></html>"
    )
    data = markup.replace("ș", "s").replace("ă", "a").encode("cp1252")
    result = read(RawItem(origin="p.html", data=data, filename="p.html"))
    assert "victims were naïve" in result.text


def test_markdown_to_plain_text_with_heading_title() -> None:
    source = (
        b"FICTIONAL EXAMPLE.\n\n# Field report: Joypurhat\n\n"
        b"Sellers were **promised** BDT 5 lakh, see [our notes](http://x.example).\n\n"
        b"- Recruiter: *Abul*\n- Broker: `Shafiqul`\n\n<div>raw <b>html</b></div>\n"
    )
    result = read(RawItem(origin="r.md", data=source, filename="r.md"))
    assert result.title == "Field report: Joypurhat"
    assert result.media_type == "text/markdown"
    assert "Sellers were promised BDT 5 lakh, see our notes." in result.text
    assert "- Recruiter: Abul" in result.text and "- Broker: Shafiqul" in result.text
    assert "raw html" in result.text
    assert "**" not in result.text and "](" not in result.text
