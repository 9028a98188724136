"""Files, folders and globs: stable order, junk skipped, missing paths reported."""

from __future__ import annotations

from pathlib import Path

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, iter_items


def tree(root: Path) -> Path:
    files = {
        "b.txt": b"bee",
        "a.html": b"<p>a</p>",
        "sub/c.md": b"# C",
        "sub/deeper/d.html": b"<p>d</p>",
        ".hidden.txt": b"no",
        ".git/config": b"no",
        "sub/.DS_Store": b"no",
        "Thumbs.db": b"no",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def origins(spec: str, **kwargs: object) -> list[str]:
    return [i.origin for i in iter_items(spec, **kwargs)]  # type: ignore[arg-type]


def test_folder_is_walked_recursively_in_sorted_order_without_junk(tmp_path: Path) -> None:
    root = tree(tmp_path / "docs")
    assert origins(str(root)) == [
        str(root / "a.html"),
        str(root / "b.txt"),
        str(root / "sub" / "c.md"),
        str(root / "sub" / "deeper" / "d.html"),
    ]


def test_glob_pattern(tmp_path: Path) -> None:
    root = tree(tmp_path / "docs")
    assert origins(f"{root}/**/*.html") == [str(root / "a.html"), str(root / "sub/deeper/d.html")]


def test_single_file_item(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"hello")
    [item] = list(iter_items(str(path)))
    assert isinstance(item, RawItem)
    assert (item.data, item.filename, item.media_type) == (b"hello", "note.txt", "text/plain")


def test_missing_path_and_empty_glob_are_failures(tmp_path: Path) -> None:
    [missing] = list(iter_items(str(tmp_path / "nope.txt")))
    assert isinstance(missing, Failure)
    assert (missing.reason, missing.stage) == ("no such file or folder", "source")
    [nomatch] = list(iter_items(f"{tmp_path}/*.pdf"))
    assert isinstance(nomatch, Failure) and nomatch.reason == "no files match this pattern"


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 3000)
    [item] = list(iter_items(str(path), limits=SourceLimits(max_item_bytes=2048)))
    assert isinstance(item, Failure)
    assert item.reason == "file is larger than the 2 KB limit"


def test_empty_file_is_an_item_for_the_reader_to_judge(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    [item] = list(iter_items(str(path)))
    assert isinstance(item, RawItem) and item.data == b""


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    outside = tree(tmp_path / "outside")
    root = tmp_path / "root"
    root.mkdir()
    (root / "own.txt").write_bytes(b"own")
    (root / "link").symlink_to(outside, target_is_directory=True)
    items = list(iter_items(str(root)))
    assert [i.origin for i in items if isinstance(i, RawItem)] == [str(root / "own.txt")]
    assert [i.origin for i in items if isinstance(i, Failure)] == [str(root / "link")]
