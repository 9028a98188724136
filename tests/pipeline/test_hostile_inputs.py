"""One ingest run over every kind of bad input: each gives its error record, the good
documents are stored, and the run completes."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import docx
import pytest

from ratline import pipeline
from ratline.store import Store

GOOD = "FICTIONAL. Police in Lahore arrested a kidney broker, Imran Qadir-Bhatti, in 2023."
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Broker held</title><link>http://127.0.0.1/none</link>
<description>FICTIONAL. A surgeon was charged in Cairo over kidney sales.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">FICTIONAL. A surgeon
was charged in Cairo over kidney sales to foreign patients in 2022.</content:encoded></item>
</channel></rss>"""


def docx_with_external_entity() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("placeholder")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
                        b'"file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats'
                        b'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r>'
                        b"</w:p></w:body></w:document>")
            target.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def feed_url() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()


def test_every_bad_input_is_recorded_and_the_run_completes(
    store: Store, tmp_path: Path, feed_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes(b"Report \xc3\x28 broken " + random.Random(1).randbytes(3000))
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    (folder / "entity.docx").write_bytes(docx_with_external_entity())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"0" * (8 * 1024 * 1024))  # 8 MB that packs into a few KB
    (folder / "bomb.zip").write_bytes(bomb.getvalue())
    with zipfile.ZipFile(folder / "slip.zip", "w") as zf:
        zf.writestr("../x.txt", GOOD + " Escaped.")
        zf.writestr("inside.txt", GOOD + " Inside.")

    report = pipeline.ingest(store, [str(folder), "http://127.0.0.1:9/gone.html", feed_url],
                             allow_private=True)

    reasons = {f["source"]: (f["error"] or "").lower() for f in store.failures()}

    def reason(suffix: str) -> str:
        (match,) = [r for src, r in reasons.items() if src.endswith(suffix)]
        return match

    assert "empty" in reason("empty.txt")
    assert "utf-8" in reason("latin.txt") or "binary" in reason("latin.txt")
    assert "pdf" in reason("truncated.pdf")
    assert "entit" in reason("entity.docx") or "dtd" in reason("entity.docx")
    assert "ratio" in reason("bomb.zip!zeros.txt") or "ratio" in reason("bomb.zip")
    assert "../x.txt" in " ".join(reasons) or any("unsafe" in r or "outside" in r for r in reasons.values())
    assert "127.0.0.1:9" in " ".join(reasons)
    # The run completed: the good file, the safe archive member and the feed entry are stored.
    stored = {d["source"] for d in store.documents() if d["status"] != "failed"}
    assert any(s.endswith("good.txt") for s in stored)
    assert any(s.endswith("slip.zip!inside.txt") for s in stored)
    assert "http://127.0.0.1/none" in stored  # the feed entry, by its link
    assert report.failed == len(reasons) and (runs := store.runs())[0]["status"] == "done"
    assert runs[0]["failed"] == report.failed
    # Nothing from /etc/passwd ever reached the store.
    assert all("root:" not in (store.document(d["id"]) or {}).get("text", "")
               for d in store.documents() if d["status"] != "failed")
