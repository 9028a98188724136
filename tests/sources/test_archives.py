"""Archives: members read in memory, hostile names and bombs refused with clear reasons."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, iter_items

MB = 1024 * 1024


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def make_tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def failures(items: list[RawItem | Failure]) -> dict[str, str]:
    return {i.origin: i.reason for i in items if isinstance(i, Failure)}


def test_zip_members_are_items_with_archive_origins(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "reports.zip",
        {
            "a.txt": b"first",
            "dir/b.html": b"<p>second</p>",
            "__MACOSX/._a.txt": b"junk",
            "dir/.DS_Store": b"junk",
        },
    )
    items = list(iter_items(str(archive)))
    assert [i.origin for i in items] == [f"{archive}!a.txt", f"{archive}!dir/b.html"]
    second = items[1]
    assert isinstance(second, RawItem)
    assert second.filename == "b.html" and second.media_type == "text/html"
    assert second.data == b"<p>second</p>"


def test_zip_bomb_trips_the_ratio_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.txt": bytes(5 * MB), "ok.txt": b"fine"})
    assert archive.stat().st_size < 64 * 1024
    limits = SourceLimits(max_compression_ratio=50, ratio_grace_bytes=256 * 1024)
    items = list(iter_items(str(archive), limits=limits))
    reason = failures(items)[f"{archive}!zeros.txt"]
    assert reason == "compression ratio above 50:1 (possible zip bomb); member refused"
    # The rest of the archive is still read.
    assert any(isinstance(i, RawItem) and i.data == b"fine" for i in items)


def test_member_size_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "big.zip", {"big.txt": b"abc" * 200_000})
    items = list(iter_items(str(archive), limits=SourceLimits(max_item_bytes=100_000)))
    assert failures(items) == {f"{archive}!big.txt": "member is larger than the 98 KB limit"}


def test_total_uncompressed_cap_stops_the_archive(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"{n}.txt": b"z" * 60_000 for n in range(5)})
    limits = SourceLimits(max_archive_total_bytes=150_000)
    items = list(iter_items(str(archive), limits=limits))
    assert len([i for i in items if isinstance(i, RawItem)]) == 2
    reason = failures(items)[str(archive)]
    assert reason.startswith("archive expands to more than") and "rest was skipped" in reason


def test_member_count_cap(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "count.zip", {f"{n}.txt": b"x" for n in range(5)})
    items = list(iter_items(str(archive), limits=SourceLimits(max_members=3)))
    assert failures(items) == {
        str(archive): "archive lists 5 members, over the 3 limit; not opened"
    }


def test_tar_member_count_cap_while_streaming(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "count.tar", {f"{n}.txt": b"x" for n in range(5)}, mode="w")
    items = list(iter_items(str(path), limits=SourceLimits(max_members=3)))
    assert len([i for i in items if isinstance(i, RawItem)]) == 3
    assert failures(items) == {
        str(path): "archive holds more than 3 members; the rest were skipped",
    }


def test_traversal_and_absolute_member_names_are_refused(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "evil.zip",
        {
            "../x": b"escape",
            "/etc/x": b"absolute",
            "C:/win.txt": b"drive",
            "safe.txt": b"ok",
        },
    )
    items = list(iter_items(str(archive)))
    found = failures(items)
    assert (
        found[f"{archive}!../x"] == "member path '../x' climbs out of the archive ('..'); refused"
    )
    assert found[f"{archive}!/etc/x"] == "absolute member path '/etc/x' refused"
    assert found[f"{archive}!C:/win.txt"] == "absolute member path 'C:/win.txt' refused"
    assert [i.origin for i in items if isinstance(i, RawItem)] == [f"{archive}!safe.txt"]
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()


def test_tar_traversal_absolute_and_symlink_members(tmp_path: Path) -> None:
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for name, data in {"../x": b"up", "/etc/x": b"abs", "ok.txt": b"fine"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    items = list(iter_items(str(path)))
    found = failures(items)
    assert "climbs out of the archive" in found[f"{path}!../x"]
    assert found[f"{path}!/etc/x"] == "absolute member path '/etc/x' refused"
    assert found[f"{path}!passwd"] == "link member refused (points to '/etc/passwd')"
    assert [i.data for i in items if isinstance(i, RawItem)] == [b"fine"]


def test_tgz_bomb_trips_the_whole_stream_ratio(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "bomb.tgz", {"zeros.txt": bytes(5 * MB)})
    limits = SourceLimits(max_compression_ratio=50, ratio_grace_bytes=256 * 1024)
    found = failures(list(iter_items(str(path), limits=limits)))
    assert found[f"{path}!zeros.txt"].startswith("compression ratio above 50:1")


def test_nested_archives_open_up_to_the_depth_cap(tmp_path: Path) -> None:
    level3 = zip_bytes({"deep.txt": b"too deep"})
    level2 = zip_bytes({"inner.txt": b"inner text", "level3.zip": level3})
    archive = make_zip(tmp_path / "outer.zip", {"level2.zip": level2})
    items = list(iter_items(str(archive), limits=SourceLimits(max_archive_depth=2)))
    good = [i for i in items if isinstance(i, RawItem)]
    assert [i.origin for i in good] == [f"{archive}!level2.zip!inner.txt"]
    assert failures(items) == {
        f"{archive}!level2.zip!level3.zip": "archive nested deeper than 2 levels; not opened",
    }
    # With the default depth all three levels open.
    deep = [i for i in iter_items(str(archive)) if isinstance(i, RawItem)]
    assert f"{archive}!level2.zip!level3.zip!deep.txt" in [i.origin for i in deep]


def test_tar_inside_zip_and_corpus_inside_archive(tmp_path: Path) -> None:
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w") as tf:
        info = tarfile.TarInfo("t.txt")
        info.size = 3
        tf.addfile(info, io.BytesIO(b"tar"))
    archive = make_zip(
        tmp_path / "mix.zip",
        {
            "inner.tar": tar_buffer.getvalue(),
            "corpus.jsonl": b'{"text": "record one", "title": "R1"}\n',
        },
    )
    items = list(iter_items(str(archive)))
    origins = [i.origin for i in items]
    assert origins == [f"{archive}!inner.tar!t.txt", f"{archive}!corpus.jsonl#1"]
    record = items[1]
    assert isinstance(record, RawItem) and record.text == "record one"


def test_docx_is_a_document_not_an_archive(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "report.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    )
    items = list(iter_items(str(path)))
    assert len(items) == 1 and isinstance(items[0], RawItem)
    assert items[0].origin == str(path)


def test_truncated_zip_is_a_failure(tmp_path: Path) -> None:
    data = zip_bytes({"a.txt": b"hello" * 1000})
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    found = failures(list(iter_items(str(path))))
    assert found[str(path)].startswith("not a readable zip archive")


def test_truncated_tar_is_a_failure(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "cut.tar.gz", {"a.txt": bytes(range(256)) * 400})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    found = failures(list(iter_items(str(path))))
    assert found[str(path)].startswith("tar archive is truncated or corrupt")


def test_encrypted_zip_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"secret.txt": b"x"}))
    # Set the "encrypted" flag in both the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    path = tmp_path / "enc.zip"
    path.write_bytes(bytes(data))
    assert failures(list(iter_items(str(path)))) == {f"{path}!secret.txt": "member is encrypted"}
