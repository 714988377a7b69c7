"""README's "How it is built" matches the house: every folder and module it names exists, and
every module of the package is named there.

The section is read as a reader reads it: the tree in its code block (each line a folder or
file under the one above it, by indentation), then the text, where a folder in backticks
(`engine/compile/`, `screens/`) says where the modules after it (`loader.py`) live, until the
next folder. A folder is found by the end of its path, so `compile/` and `engine/compile/`
are the same folder; a name that ends more than one folder's path is refused as ambiguous.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cellseven_game"  # the source tree, also when CI tests a wheel
SECTION = "## How it is built"


def section(readme: str) -> str:
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    return readme[start : end if end >= 0 else len(readme)]


def _folders(package: Path) -> list[Path]:
    return [package, *(p for p in package.rglob("*") if p.is_dir() and p.name != "__pycache__")]


def _folder(token: str, package: Path) -> Path | str:
    """The one folder whose path ends with `token` (`compile/`), or why there is none."""
    parts = tuple(token.strip("/").split("/"))
    found = [
        d
        for d in _folders(package)
        if (d.relative_to(package.parent).parts[-len(parts) :]) == parts
    ]
    if len(found) == 1:
        return found[0]
    return f"`{token}` names {'no' if not found else len(found)} folder(s) of the package"


def tree_problems(text: str, package: Path) -> list[str]:
    """The code block's tree: each entry (the first word of a line) exists under its parent."""
    block = re.search(r"```\n(.*?)```", text, re.S)
    if block is None:
        return ["the section has no tree"]
    lines = block.group(1).splitlines()
    top = lines[0].strip()
    if top != f"src/{package.name}/":
        return [f"the tree starts at {top!r}, not src/{package.name}/"]
    problems: list[str] = []
    stack: list[tuple[int, Path]] = [(-1, package)]
    for line in lines[1:]:
        indent = len(line) - len(line.lstrip())
        entry = line.split()[0] if line.strip() else ""
        if not entry.endswith(("/", ".py")) or indent == 0:
            continue  # a note, or a line outside the package (story/, seeds/)
        while stack[-1][0] >= indent:
            stack.pop()
        where = stack[-1][1] / entry.rstrip("/")
        if not where.exists():
            problems.append(
                f"the tree names {where.relative_to(package.parent)}, which is not there"
            )
        if entry.endswith("/"):
            stack.append((indent, where))
    return problems


def text_modules(text: str, package: Path) -> tuple[set[Path], list[str]]:
    """The modules the text names, each in the folder named before it, and what is wrong."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    named: set[Path] = set()
    problems: list[str] = []
    folder: Path | None = None
    for token in re.findall(r"`([^`\s]+)`", prose):
        if token.startswith("tests/"):
            if not (package.parents[1] / token).exists():
                problems.append(f"`{token}` is not there")
        elif token.endswith("/"):
            found = _folder(token, package)
            if isinstance(found, str):
                problems.append(found)
                folder = None
            else:
                folder = found
        elif token.endswith(".py"):
            if folder is None:
                problems.append(f"`{token}` is named before any folder")
                continue
            module = folder / token
            if module.is_file():
                named.add(module)
            else:
                where = folder.relative_to(package.parent)
                problems.append(f"`{token}` is not in {where}/")
    return named, problems


def check(readme: str, package: Path) -> list[str]:
    text = section(readme)
    named, problems = text_modules(text, package)
    problems += tree_problems(text, package)
    for module in sorted(package.rglob("*.py")):
        if module.name != "__init__.py" and module not in named:
            problems.append(f"{module.relative_to(package.parent)} is not named")
    return problems


def test_the_readme_names_every_module_and_only_modules_that_exist() -> None:
    problems = check((ROOT / "README.md").read_text(encoding="utf-8"), PACKAGE)
    assert not problems, (
        "README.md's 'How it is built' and src/ disagree: name each module, by its file name,"
        " after its folder, in the stage it belongs to:\n" + "\n".join(problems)
    )


FAKE_README = """# x
## How it is built
```
src/pkg/
  engine/          the engine
    core/          shared
    gone/          a folder that is not there
  ui/              the game
```
- (`engine/core/`): `model.py` is the model, `ghost.py` is not there.
- (`core/`) is ambiguous; `missing/` is no folder; `tests/test_nothing.py` neither.
- `early.py` before any folder.
## Next
"""


@pytest.fixture
def fake_package(tmp_path: Path) -> Path:
    package = tmp_path / "src" / "pkg"
    for name in ("engine/core/model.py", "engine/core/unnamed.py", "ui/app.py", "ui/__init__.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("", encoding="utf-8")
    (package / "engine" / "play").mkdir()
    (package / "engine" / "play" / "core").mkdir()  # a second folder ending in core/
    return package


def test_the_check_finds_what_it_looks_for(fake_package: Path) -> None:
    problems = check(FAKE_README, fake_package)
    assert "`ghost.py` is not in pkg/engine/core/" in problems
    assert "`engine/core/` names 1 folder(s) of the package" not in problems
    assert "`core/` names 2 folder(s) of the package" in problems  # ambiguous: refused
    assert "`missing/` names no folder(s) of the package" in problems
    assert "`tests/test_nothing.py` is not there" in problems
    assert "`early.py` is named before any folder" in problems
    assert "the tree names pkg/engine/gone, which is not there" in problems
    assert "pkg/engine/core/unnamed.py is not named" in problems
    assert "pkg/ui/app.py is not named" in problems
    assert not any("model.py" in p for p in problems)  # named where it is: no problem
    assert not any("__init__" in p for p in problems)  # a package's __init__ need not be named
