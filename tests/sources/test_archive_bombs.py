"""Archive bombs: the ratio guard holds for the whole archive, and refused tar members are
never decompressed beyond what the caps allow."""

from __future__ import annotations

import io
import os
import random
import tarfile
import zipfile
from pathlib import Path

import pytest

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, archives, iter_items

MB = 1024 * 1024


def make_tgz(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def decompressed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every byte the tar stream decompresses, read or skipped."""
    sizes: list[int] = []
    original = archives._TarStream.read

    def spy(self: archives._TarStream, size: int | None = -1) -> bytes:
        data = original(self, size)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(archives._TarStream, "read", spy)
    return sizes


def test_many_small_steep_zip_members_trip_the_whole_archive_ratio(tmp_path: Path) -> None:
    # Each member stays under the 1 MB grace a single member gets; together they are a bomb.
    archive = make_zip(tmp_path / "flood.zip", {f"{n:03}.txt": b" " * 400_000 for n in range(60)})
    assert archive.stat().st_size < 200_000
    items = list(iter_items(str(archive)))
    documents = [i for i in items if isinstance(i, RawItem)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(documents) <= 3
    assert [(f.origin, f.reason) for f in failures] == [
        (
            str(archive),
            "compression ratio above 100:1 (possible zip bomb); the rest of the archive was skipped",
        )
    ]


def test_ordinary_text_zip_with_many_members_is_read_whole(tmp_path: Path) -> None:
    rng = random.Random(7)
    words = ["report", "border", "court", "witness", "payment", "shipment", "village", "2019"]
    members = {
        f"{n:03}.txt": " ".join(rng.choice(words) for _ in range(8_000)).encode()
        for n in range(25)
    }
    archive = make_zip(tmp_path / "reports.zip", members)
    items = list(iter_items(str(archive)))
    assert all(isinstance(i, RawItem) for i in items) and len(items) == 25


def test_nested_steep_zip_is_refused_and_the_outer_archive_goes_on(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(30):
            zf.writestr(f"{n}.txt", b"\0" * 300_000)
    outer = make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue(), "z.txt": b"after"})
    items = list(iter_items(str(outer)))
    failures = {i.origin: i.reason for i in items if isinstance(i, Failure)}
    assert list(failures) == [f"{outer}!inner.zip"]
    assert "compression ratio above 100:1" in failures[f"{outer}!inner.zip"]
    assert any(isinstance(i, RawItem) and i.data == b"after" for i in items)


def test_refused_tar_member_is_not_decompressed_to_skip_it(
    tmp_path: Path, decompressed: list[int]
) -> None:
    path = make_tgz(
        tmp_path / "evil.tgz",
        [("../escape.txt", bytes(16 * MB)), ("ok.txt", b"never reached")],
    )
    items = list(iter_items(str(path)))
    reasons = [(i.origin, i.reason) for i in items if isinstance(i, Failure)]
    assert reasons[0] == (
        f"{path}!../escape.txt",
        "member path '../escape.txt' climbs out of the archive ('..'); refused",
    )
    assert "compression ratio above 100:1" in reasons[1][1]
    # Skipping the refused member stopped at the whole-stream ratio, not after 16 MB.
    assert sum(decompressed) < 2 * MB


def test_refused_tar_member_larger_than_the_budget_stops_the_archive_unread(
    tmp_path: Path, decompressed: list[int]
) -> None:
    noise = os.urandom(3 * MB)  # incompressible: the ratio alone would not stop it
    path = make_tgz(tmp_path / "big.tgz", [("big.bin", noise), ("after.txt", b"unreached")])
    limits = SourceLimits(max_item_bytes=1 * MB, max_archive_total_bytes=2 * MB)
    items = list(iter_items(str(path), limits=limits))
    assert [(i.origin, i.reason) for i in items if isinstance(i, Failure)] == [
        (f"{path}!big.bin", "member is larger than the 1 MB limit"),
        (str(path), "archive expands to more than 2 MB; the rest was skipped"),
    ]
    assert not any(isinstance(i, RawItem) for i in items)
    assert sum(decompressed) < 64 * 1024  # the header block, not the member's 3 MB


def test_refused_tar_member_within_budget_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = make_tgz(
        tmp_path / "mixed.tgz",
        [("/etc/shadow", b"secret stuff"), ("fine.txt", b"kept")],
    )
    items = list(iter_items(str(path)))
    assert [i.data for i in items if isinstance(i, RawItem)] == [b"kept"]


@pytest.mark.parametrize("mode", ["w:bz2", "w:xz", "w"])
def test_tar_compressions_are_all_metered(tmp_path: Path, mode: str) -> None:
    path = tmp_path / f"a.tar.{mode[2:] or 'plain'}"
    with tarfile.open(path, mode) as tf:
        info = tarfile.TarInfo("zeros.txt")
        info.size = 8 * MB
        tf.addfile(info, io.BytesIO(bytes(8 * MB)))
    items = list(iter_items(str(path), limits=SourceLimits(max_item_bytes=16 * MB)))
    reasons = [i.reason for i in items if isinstance(i, Failure)]
    if mode == "w":  # uncompressed: nothing to judge, the member is read
        assert reasons == [] and len(items) == 1
    else:
        assert len(reasons) == 1 and reasons[0].startswith("compression ratio above 100:1")
