"""Nothing a pack names is read from outside the pack, by any path or link, and no error
echoes a file it should not have read.

Each case builds a pack beside a folder of secrets (a YAML file whose keys and ids would be
quoted by any error about them, and a private-key-like file), names a secret in some way —
`..`, an absolute path, a link to a file, a link to a folder, a link inside a sub-folder, a
`..` after a link — and checks, in a real process, that `validate` exits 1 with CS002 located
in story.yaml and never prints the secret, and in this process, with an audit hook, that no
file outside the pack was opened.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import check_pack

SECRET_YAML = (
    "canon:\n  beats:\n    - {id: SECRET_BEAT_ID, fact: SECRET_FACT}\n  SECRET_KEY_NAME: hunter2\n"
)
SECRET_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET_KEY_BYTES\n"
STORY = """story:
  title: Inside
  start: one
  chapters: [one]
  canon: {canon}
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a: {{text: A, end: done}}
"""


def layout(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "home" / ".ssh"
    outside.mkdir(parents=True)
    (outside / "secret.yaml").write_text(SECRET_YAML, encoding="utf-8")
    (outside / "id_ed25519").write_text(SECRET_KEY, encoding="utf-8")
    pack = tmp_path / "home" / "packs" / "pack"
    (pack / "sub" / "deeper").mkdir(parents=True)
    return pack, outside


Case = Callable[[Path, Path], str]  # makes what the case needs; returns the `canon:` value


def _link(at: Path, to: Path) -> None:
    at.symlink_to(to, target_is_directory=to.is_dir())


CASES: dict[str, Case] = {
    "parent": lambda pack, out: "../../.ssh/secret.yaml",
    "parent_key": lambda pack, out: "../../.ssh/id_ed25519",
    "beside_the_pack": lambda pack, out: (
        (pack.parent / "beside.yaml").write_text(SECRET_YAML, encoding="utf-8"),
        "../beside.yaml",
    )[1],
    "absolute": lambda pack, out: str(out / "secret.yaml"),
    "dot_dot_from_a_sub_folder": lambda pack, out: "sub/deeper/../../../../.ssh/secret.yaml",
    "link_to_a_file": lambda pack, out: (
        _link(pack / "canon.yaml", out / "secret.yaml"),
        "canon.yaml",
    )[1],
    "link_in_a_sub_folder": lambda pack, out: (
        _link(pack / "sub" / "deeper" / "c.yaml", out / "secret.yaml"),
        "sub/deeper/c.yaml",
    )[1],
    "link_to_a_folder": lambda pack, out: (_link(pack / "keys", out), "keys/secret.yaml")[1],
    "link_to_a_folder_in_a_sub_folder": lambda pack, out: (
        _link(pack / "sub" / "k", out),
        "sub/k/id_ed25519",
    )[1],
    "dot_dot_after_a_link": lambda pack, out: (
        _link(pack / "sub" / "up", pack.parent),  # home/packs: `..` of it is home
        "sub/up/../.ssh/secret.yaml",
    )[1],
    "link_to_a_link_out": lambda pack, out: (
        _link(pack / "sub" / "a.yaml", pack / "sub" / "b.yaml"),
        _link(pack / "sub" / "b.yaml", out / "secret.yaml"),
        "sub/a.yaml",
    )[2],
    "proc": lambda pack, out: "/proc/self/environ",
    "device": lambda pack, out: "/dev/zero",
}


def cellseven(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


_watch: list[list[str]] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _watch and event == "open" and isinstance(args[0], str | bytes | Path):
        _watch[-1].append(os.fsdecode(args[0]))  # type: ignore[arg-type]


sys.addaudithook(_hook)  # hooks cannot be removed: `_watch` is empty outside a check


def opened_while(check: Callable[[], object]) -> list[str]:
    _watch.append([])
    try:
        check()
    finally:
        seen = _watch.pop()
    return seen


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_canon_path_never_reads_outside_the_pack(tmp_path: Path, case: str) -> None:
    pack, outside = layout(tmp_path)
    canon = CASES[case](pack, outside)
    (pack / "story.yaml").write_text(STORY.format(canon=f'"{canon}"'), encoding="utf-8")
    real_pack = pack.resolve()

    seen = opened_while(lambda: check_pack(pack))
    inside_tmp = [p for p in seen if Path(p).resolve().is_relative_to(tmp_path.resolve())]
    assert any(Path(p).resolve() == real_pack / "story.yaml" for p in inside_tmp), seen
    strays = [p for p in seen if not Path(p).resolve().is_relative_to(real_pack)]
    strays = [p for p in strays if not p.startswith(sys.prefix) and "site-packages" not in p]
    assert not [p for p in strays if "/proc/" in p or "/dev/" in p or ".ssh" in p], strays
    assert not [p for p in inside_tmp if not Path(p).resolve().is_relative_to(real_pack)]

    done = cellseven("validate", str(pack))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"story\.yaml:5:\d+: error: .*\[CS002\]", output), output
    assert "SECRET" not in output and "hunter2" not in output, output
    assert "Traceback" not in output


def test_dot_dot_that_stays_inside_the_pack_is_read(tmp_path: Path) -> None:
    pack, _ = layout(tmp_path)
    (pack / "canon.yaml").write_text(
        "canon:\n  beats:\n    - {id: first, fact: It starts.}\n", encoding="utf-8"
    )
    story = STORY.format(canon="sub/deeper/../../canon.yaml").replace(
        "end: done}", "end: done, beats: [first]}"
    )
    (pack / "story.yaml").write_text(story, encoding="utf-8")
    done = cellseven("validate", str(pack))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "canon 1/1" in done.stdout


def test_a_link_inside_the_pack_to_a_file_inside_it_is_read(tmp_path: Path) -> None:
    pack, _ = layout(tmp_path)
    (pack / "sub" / "real.yaml").write_text(
        "canon:\n  beats:\n    - {id: first, fact: It starts.}\n", encoding="utf-8"
    )
    _link(pack / "canon.yaml", pack / "sub" / "real.yaml")
    story = STORY.format(canon="canon.yaml").replace("end: done}", "end: done, beats: [first]}")
    (pack / "story.yaml").write_text(story, encoding="utf-8")
    done = cellseven("validate", str(pack))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("where", ["top", "sub_folder"])
def test_linked_story_files_and_folders_out_of_the_pack_are_not_read(
    tmp_path: Path, where: str
) -> None:
    pack, outside = layout(tmp_path)
    (pack / "story.yaml").write_text(
        STORY.replace("  canon: {canon}\n", "").format(), encoding="utf-8"
    )
    base = pack if where == "top" else pack / "sub" / "deeper"
    _link(base / "stolen.yaml", outside / "secret.yaml")
    _link(base / "folder", outside)
    _link(base / "loop", base)  # a folder link round a loop
    seen = opened_while(lambda: check_pack(pack))
    assert not [p for p in seen if ".ssh" in str(Path(p).resolve())], seen
    done = cellseven("validate", str(pack))
    output = done.stdout + done.stderr
    assert "SECRET" not in output and "hunter2" not in output, output
    assert re.search(r"stolen\.yaml: error: .*\[CS002\]", output), output
    assert re.search(r"folder: warning: .*\[CS002\]", output), output
    assert re.search(r"loop: warning: .*\[CS002\]", output), output


def test_a_linked_folder_named_like_yaml_is_not_said_to_be_read(tmp_path: Path) -> None:
    pack, outside = layout(tmp_path)
    (pack / "story.yaml").write_text(
        STORY.replace("  canon: {canon}\n", "").format(), encoding="utf-8"
    )
    _link(pack / "x.yaml", outside)
    (pack / "real.yaml").mkdir()
    done = cellseven("validate", str(pack))
    lines = {line.split(":")[0].rsplit("/", 1)[-1]: line for line in done.stdout.splitlines()}
    assert "not followed" in lines["x.yaml"] and "are read" not in lines["x.yaml"], done.stdout
    assert "[CS002]" in lines["x.yaml"] and "[CS002]" in lines["real.yaml"]
    assert "are read" in lines["real.yaml"]  # a real folder named so is read, and said so
