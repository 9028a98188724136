"""Symbolic links never lead out of an ingested folder; the user's own named path may be one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ratline.model import Failure, RawItem
from ratline.pipeline import retry_specs
from ratline.sources import iter_items

SECRET = b"root:x:0:0:secret account line\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_bytes(SECRET)
    (folder / "more.txt").write_bytes(SECRET)
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "own.txt").write_bytes(b"own report")
    (folder / "sub" / "deep.txt").write_bytes(b"deep report")
    return folder


def split(spec: str) -> tuple[dict[str, bytes], dict[str, str]]:
    items = list(iter_items(spec))
    read = {i.origin: i.data for i in items if isinstance(i, RawItem)}
    failed = {i.origin: i.reason for i in items if isinstance(i, Failure)}
    return read, failed


def test_file_link_out_of_the_folder_is_a_failure_and_the_walk_goes_on(
    root: Path, outside: Path
) -> None:
    (root / "a-link.txt").symlink_to(outside / "passwd")
    read, failed = split(str(root))
    assert SECRET not in read.values()
    assert set(read) == {str(root / "own.txt"), str(root / "sub" / "deep.txt")}
    assert failed == {
        str(root / "a-link.txt"): (
            f"symbolic link leads outside {root} (to {outside / 'passwd'}); not followed"
        )
    }


def test_relative_link_climbing_out_is_refused(root: Path, outside: Path) -> None:
    (root / "sub" / "up.txt").symlink_to(Path("..") / ".." / "outside" / "passwd")
    read, failed = split(str(root))
    assert SECRET not in read.values()
    assert "leads outside" in failed[str(root / "sub" / "up.txt")]


def test_folder_link_out_of_the_folder_is_a_failure(root: Path, outside: Path) -> None:
    (root / "etc").symlink_to(outside, target_is_directory=True)
    read, failed = split(str(root))
    assert SECRET not in read.values()
    assert list(failed) == [str(root / "etc")] and "leads outside" in failed[str(root / "etc")]


def test_chain_that_passes_outside_is_refused_even_if_it_comes_back(
    root: Path, outside: Path
) -> None:
    # reports/hop -> outside/relay -> reports/own.txt: the middle hop leaves the folder.
    (outside / "relay").symlink_to(root / "own.txt")
    (root / "hop.txt").symlink_to(outside / "relay")
    # reports/first -> reports/second -> outside/passwd: the last hop leaves.
    (root / "second.txt").symlink_to(outside / "passwd")
    (root / "first.txt").symlink_to(root / "second.txt")
    read, failed = split(str(root))
    assert SECRET not in read.values()
    assert set(failed) == {str(root / n) for n in ("hop.txt", "first.txt", "second.txt")}
    assert all("leads outside" in reason for reason in failed.values())


def test_link_inside_the_folder_is_read_once(root: Path) -> None:
    (root / "alias.txt").symlink_to(root / "own.txt")
    (root / "zz-alias.txt").symlink_to("alias.txt")  # a chain, wholly inside
    (root / "subalias").symlink_to(root / "sub", target_is_directory=True)
    read, failed = split(str(root))
    assert failed == {}
    assert sorted(read.values()) == [b"deep report", b"own report"]


def test_link_loops_and_dangling_links_are_failures(root: Path) -> None:
    (root / "loop-a").symlink_to(root / "loop-b")
    (root / "loop-b").symlink_to(root / "loop-a")
    (root / "gone.txt").symlink_to(root / "missing.txt")
    read, failed = split(str(root))
    assert set(read) == {str(root / "own.txt"), str(root / "sub" / "deep.txt")}
    assert "chain longer than 40 links" in failed[str(root / "loop-a")]
    assert failed[str(root / "gone.txt")] == f"broken symbolic link (to {root / 'missing.txt'})"


def test_glob_matches_cannot_lead_out_of_the_globbed_folder(root: Path, outside: Path) -> None:
    (root / "x.txt").symlink_to(outside / "passwd")
    (root / "far").symlink_to(outside, target_is_directory=True)
    read, failed = split(f"{root}/**/*.txt")
    assert SECRET not in read.values()
    assert set(read) == {str(root / "own.txt"), str(root / "sub" / "deep.txt")}
    assert str(root / "x.txt") in failed
    assert str(root / "far" / "more.txt") in failed  # `**` went through the folder link
    assert all("leads outside" in reason for reason in failed.values())


def test_the_named_path_itself_may_be_a_link(tmp_path: Path, root: Path, outside: Path) -> None:
    # The user chose it: a linked file or folder given on the command line is read.
    file_link = tmp_path / "chosen.txt"
    file_link.symlink_to(outside / "passwd")
    read, _ = split(str(file_link))
    assert read == {str(file_link): SECRET}
    folder_link = tmp_path / "linked-reports"
    folder_link.symlink_to(root, target_is_directory=True)
    read, failed = split(str(folder_link))
    assert failed == {}
    assert set(read.values()) == {b"own report", b"deep report"}


def test_retrying_a_refused_link_reads_its_folder_not_the_link(root: Path, outside: Path) -> None:
    link = root / "a-link.txt"
    link.symlink_to(outside / "passwd")
    [spec] = retry_specs([str(link)])
    assert spec == str(root)
    read, failed = split(spec)
    assert SECRET not in read.values() and str(link) in failed


def test_relative_glob_base_is_the_current_folder(
    tmp_path: Path, root: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    os.symlink(outside / "passwd", "leak.txt")
    read, failed = split("*.txt")
    assert read == {"own.txt": b"own report"}
    assert list(failed) == ["leak.txt"]
