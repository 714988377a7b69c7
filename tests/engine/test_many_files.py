"""Packs of many small files: a file a scene is an author's habit, and a pack of thousands of
them loads whole; past the limit the walk says so (CS002) and reads the first files only.

Also how a file's path is shown (relative to the working folder when inside it), which every
problem of every file goes through.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cellseven_game.engine.compile import packfiles
from cellseven_game.engine.compile.packfiles import MAX_FILES, Problems, pack_files, shown_path
from cellseven_game.engine.compile.summary import summarize

SCENES = 2_500  # past the 2,000 files a pack could hold before session thirty-six


def _scene_files(root: Path, scenes: int) -> Path:
    """One chapter of one scene a file, folders three deep, chained by `next`."""
    ids = [f"c{n:05d}" for n in range(scenes)]
    head = ["story:", "  title: Files", f"  start: {ids[0]}", "  chapters:"]
    head += [f"    - {c}" for c in ids]
    head += ["  variables:", "    seen: 0"]
    (root / "story.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text("\n".join(head) + "\n", encoding="utf-8")
    for n, chapter in enumerate(ids):
        lines = ["chapters:", f"  {chapter}:", f"    title: Part {n}", "    period: '1997'"]
        lines += [f"    start: {chapter}_s"]
        lines += ["    scenes:", f"      {chapter}_s:", f"        text: Page {n}, seen {{seen}}."]
        if n + 1 < scenes:
            lines += ["        do: [{add: {seen: 1}}]", f"        next: {ids[n + 1]}_s"]
        else:
            lines += ["        end: last"]
        folder = root / f"a{n % 7}" / f"b{n % 5}" / f"c{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{chapter}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_pack_of_thousands_of_files_loads_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = _scene_files(tmp_path / "pack", SCENES)
    assert MAX_FILES > SCENES + 1
    found = summarize(pack)
    assert [p.code for p in found.problems] == []
    assert (found.chapters, found.scenes) == (SCENES, SCENES)


def test_past_the_limit_the_walk_says_so_and_reads_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packfiles, "MAX_FILES", 5)
    pack = _scene_files(tmp_path / "pack", 8)
    problems = Problems()
    found = pack_files(pack, problems)
    assert len(found) == 5
    [problem] = problems.problems
    assert (problem.code, problem.severity, problem.path) == ("CS002", "error", str(pack))
    assert "9 YAML files" in problem.message and "at most 5" in problem.message


def test_a_chapter_listed_twice_and_one_never_listed_among_thousands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chapter order is checked by sets (it was a list, searched once a chapter: 0.9 s
    of a pack of 10,000 chapters); what it reports is the same."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = _scene_files(tmp_path / "pack", 300)
    story = pack / "story.yaml"
    text = story.read_text(encoding="utf-8")
    text = text.replace("    - c00007\n", "")
    text = text.replace("    - c00299\n", "    - c00299\n    - c00003\n")
    story.write_text(text, encoding="utf-8")
    monkeypatch.chdir(pack)
    never = next(pack.rglob("c00007.yaml")).relative_to(pack)
    codes = sorted((p.code, p.path, p.line) for p in summarize(pack).problems)
    assert codes == [
        ("CS007", "story.yaml", 304),  # c00003 listed again after c00299
        ("CS109", str(never), 2),  # never listed
    ]


def test_shown_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    (work / "pack").mkdir(parents=True)
    (tmp_path / "workshop").mkdir()
    monkeypatch.chdir(work)
    assert shown_path(work / "pack" / "story.yaml") == os.path.join("pack", "story.yaml")
    assert shown_path(work) == "."
    # a name that merely starts with the working folder's is elsewhere
    assert shown_path(tmp_path / "workshop" / "a.yaml") == str(tmp_path / "workshop" / "a.yaml")
    assert shown_path(Path("pack/story.yaml")) == os.path.join("pack", "story.yaml")
    assert shown_path(tmp_path / "other.yaml") == str(tmp_path / "other.yaml")


def test_a_cold_validate_stamps_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its summary's key and the story cache's key share one reading of the files' stamps
    (two were 4% of a cold `validate` of 10,000 files); a warm one reads them once too."""
    from cellseven_game.engine.compile import stamp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = _scene_files(tmp_path / "pack", 30)
    calls: list[int] = []
    real = stamp.stamps

    def counting(paths: list[Path], limit: int = packfiles.MAX_FILE_BYTES) -> list[stamp.Stamp]:
        calls.append(len(paths))
        return real(paths, limit)

    monkeypatch.setattr(stamp, "stamps", counting)
    cold = summarize(pack)
    assert [n for n in calls if n] == [31] and cold.scenes == 30  # (0: no canon file)
    calls.clear()
    warm = summarize(pack)
    assert [n for n in calls if n] == [31] and (warm.scenes, warm.problems) == (30, cold.problems)


def _mixed_pack(root: Path) -> Path:
    """100 files: `goto`s into files read later, a typo'd one, conditions of the wrong type
    (some on variables story.yaml declares, some on one only the last file declares)."""
    pack = _scene_files(root, 100)
    for n, path in enumerate(sorted(pack.rglob("c*.yaml"))):
        text = path.read_text(encoding="utf-8")
        if n % 7 == 3:  # a number where a flag belongs: known as soon as story.yaml is read
            text += "        choices:\n          - {label: Wait, goto: c00000_s, if: seen}\n"
        elif n % 11 == 5:  # a variable declared only by the last file read
            text += "        choices:\n          - {label: Ask, goto: c00001_s, if: late > 2}\n"
        elif n % 13 == 6:
            text += "        choices:\n          - {label: Lost, goto: c0000_s}\n"  # no such scene
        path.write_text(text, encoding="utf-8")
    last = pack / "zz" / "late.yaml"
    last.parent.mkdir()
    last.write_text("variables:\n  late: 'text'\n", encoding="utf-8")
    return pack


@pytest.mark.parametrize("every", [1, 3, 1_000_000])
def test_how_often_references_settle_changes_nothing_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: int
) -> None:
    """References and types checked as files are read (every 32 files, the scene references
    left waiting when they pile up) or only at the end: the same problems, where they were."""
    from cellseven_game.engine.compile import loader, reference_checks

    pack = _mixed_pack(tmp_path / "pack")
    monkeypatch.chdir(pack)

    def problems() -> list[tuple[str, str, int, int, str]]:
        found = loader.check_pack(pack).problems
        return sorted((p.code, p.path, p.line, p.col, p.message) for p in found)

    monkeypatch.setattr(reference_checks, "RECHECK_FROM", 10**9)
    monkeypatch.setattr(loader, "SETTLE_EVERY", 10**9)
    at_the_end = problems()
    codes = [c for c, *_ in at_the_end]
    # six unknown scenes; 14 numbers where flags belong, 8 texts compared with a number
    assert (codes.count("CS101"), codes.count("CS114"), len(codes)) == (6, 22, 28)
    monkeypatch.setattr(reference_checks, "RECHECK_FROM", every)
    monkeypatch.setattr(loader, "SETTLE_EVERY", every)
    assert problems() == at_the_end
