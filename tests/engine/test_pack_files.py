"""Listing a pack's files: what is read, in which order, and what is said about the rest.

One folder holds every kind of entry the listing must tell apart (it reads each entry's kind
from the folder itself, following a link only where it must): links in and out of the pack,
dangling and looping links, links to folders, a pipe, hidden folders, a folder named like a
YAML file, and folders nested past the limit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cellseven_game.engine.compile.packfiles import MAX_FOLDER_DEPTH, Problems, pack_files


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "t"
    for folder in ("a/b", ".hidden", "__pycache__", "x.yaml", "z"):
        (root / folder).mkdir(parents=True)
    for name in ("story.yaml", "a/one.yml", "a/b/two.yaml", "a/b/readme.txt"):
        (root / name).write_text("a: 1\n", encoding="utf-8")
    for name in (".hidden/h.yaml", "__pycache__/p.yaml", "z/B.yaml", "z/a.yaml"):
        (root / name).write_text("a: 1\n", encoding="utf-8")
    links = {
        "a/link_in.yaml": "../story.yaml",
        "a/link_out.yaml": str(tmp_path / "outside.yaml"),
        "a/dangling.yaml": "nowhere.yaml",
        "a/loop1.yaml": "loop2.yaml",
        "a/loop2.yaml": "loop1.yaml",
        "a/.lock.yaml": "nowhere",  # an editor's lock: said nothing about
        "a/dirlink": "../z",
        "a/outdir": str(tmp_path),
    }
    (tmp_path / "outside.yaml").write_text("a: 1\n", encoding="utf-8")
    for name, target in links.items():
        os.symlink(target, root / name)
    os.mkfifo(root / "a" / "fifo.yaml")
    deep = root / "deep"
    for n in range(1, MAX_FOLDER_DEPTH + 4):
        deep = deep / f"d{n}"
    deep.mkdir(parents=True)
    (deep / "deep.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "deep" / "d1" / "d2" / "mid.yaml").write_text("a: 1\n", encoding="utf-8")
    return root


def test_what_is_read_and_in_which_order(tree: Path) -> None:
    problems = Problems()
    found = [p.relative_to(tree).as_posix() for p in pack_files(tree, problems)]
    # each folder's files by name, then its folders by name, depth first
    assert found == [
        "story.yaml",
        "a/link_in.yaml",
        "a/one.yml",
        "a/b/two.yaml",
        "deep/d1/d2/mid.yaml",
        "z/B.yaml",
        "z/a.yaml",
    ]


def test_what_is_said_about_the_rest(tree: Path) -> None:
    problems = Problems()
    pack_files(tree, problems)
    said = [(Path(p.path).relative_to(tree).as_posix(), p.code) for p in problems.problems]
    too_deep = "deep/" + "/".join(f"d{n}" for n in range(1, MAX_FOLDER_DEPTH))
    assert said == [
        ("x.yaml", "CS002"),
        ("a/dirlink", "CS002"),
        ("a/outdir", "CS002"),
        ("a/dangling.yaml", "CS002"),
        ("a/fifo.yaml", "CS002"),
        ("a/link_out.yaml", "CS002"),
        ("a/loop1.yaml", "CS002"),
        ("a/loop2.yaml", "CS002"),
        (too_deep, "CS002"),
    ]
    words = {Path(p.path).name: p.message for p in problems.problems}
    assert "outside the pack" in words["link_out.yaml"]
    assert "loop" in words["loop1.yaml"]
    assert "not a regular file" in words["fifo.yaml"]
