"""Nothing in a story file can run code, reach the shell, or read outside its pack.

- Conditions go through our own tokenizer and grammar (engine/core/conditions.py): Python syntax
  is refused with a column, bare names only ever look up story variables, and the module never
  calls eval/exec/compile/getattr/__import__.
- Saves are JSON. The only uses of `marshal` are the caches in the user's cache folder
  (paths.cache_dir()): the story cache (engine/compile/cache.py) and validate's summary of it
  (engine/compile/summary.py). The engine writes them itself from a checked story, validates
  them against a hash of every pack file's bytes before use, and never reads them from a story
  pack; marshal data holds plain values and cannot run code.
- No module of the engine imports subprocess or calls os.system/popen/exec*/spawn*.
- While a pack is checked, an audit hook sees every file opened: nothing outside the pack (and
  the folder that holds it, for the canon file) is ever opened, whatever links or canon paths
  the story names.
"""

from __future__ import annotations

import ast
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cellseven_game
from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.core import condition_types, conditions
from cellseven_game.engine.core.condition_types import ConditionError
from cellseven_game.engine.persist import jsonfile, saves

SRC = Path(cellseven_game.__file__).resolve().parent  # src/cellseven_game
ENGINE = SRC / "engine"

HOSTILE_CONDITIONS = [
    "__import__('os')",
    "__import__('os').system('touch PWNED')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "a.b.c",
    "ready.__class__",
    "lambda: 1",
    "lambda s: s",
    'f"{ready}"',
    "f'{__import__(\"os\")}'",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('x = 1')",
    "getattr(ready, 'x')",
    "import os",
    "ready; import os",
    "[x for x in ready]",
    "ready if ready else ready",
    "ready[0]",
    "{'a': 1}",
    "ready ** 10 ** 10",
    "`ready`",
    "ready = 1",
    "ready := 1",
    "\\x41",
    "ready\0",
    "'unclosed",
    "!ready",
    "ready && ready",
]


def _state(variables: dict[str, object]) -> object:
    class State:
        def __init__(self) -> None:
            self.variables = variables
            self.evidence: set[str] = set()
            self.met: set[str] = set()
            self.facts: set[str] = set()
            self.visits: dict[str, int] = {}

    return State()


@pytest.mark.parametrize("source", HOSTILE_CONDITIONS)
def test_python_syntax_is_refused_with_a_column(source: str) -> None:
    with pytest.raises(ConditionError) as caught:
        conditions.parse(source)
    assert 1 <= caught.value.column <= len(source) + 1
    assert caught.value.message


@pytest.mark.parametrize("name", ["__import__", "eval", "exec", "open", "__builtins__", "os"])
def test_a_bare_name_is_only_ever_a_story_variable(name: str) -> None:
    evaluate, refs = conditions.parse(name)
    assert refs.variables == {name}  # the loader reports it as an undeclared variable
    assert evaluate(_state({name: 7})) == 7  # type: ignore[arg-type]
    assert conditions.holds(name, _state({})) is False  # type: ignore[arg-type]


def test_the_condition_module_never_calls_eval_or_imports() -> None:
    tree = ast.parse(Path(conditions.__file__).read_text(encoding="utf-8"))
    banned = {"eval", "exec", "compile", "getattr", "setattr", "__import__", "globals", "vars"}
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert calls & banned == set()
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module)])
        if alias.name
    }
    assert imported <= {"__future__", "re", "collections", "dataclasses", "functools", "typing",
                        "cellseven_game"}  # fmt: skip


def test_expression_size_limit() -> None:
    at_limit = ("ready or " * 60)[: condition_types.MAX_LENGTH - 5].rsplit(" or", 1)[0]
    assert len(at_limit) <= condition_types.MAX_LENGTH
    conditions.parse(at_limit)
    too_long = "ready or " * 100 + "ready"
    with pytest.raises(ConditionError, match=f"more than {condition_types.MAX_LENGTH}"):
        conditions.parse(too_long)
    deep = "(" * (condition_types.MAX_DEPTH + 5) + "ready" + ")" * (condition_types.MAX_DEPTH + 5)
    with pytest.raises(ConditionError, match="nested too deeply"):
        conditions.parse(deep)


@settings(max_examples=300, deadline=None)
@given(source=st.text(max_size=80))
def test_any_text_parses_or_gives_a_column(source: str) -> None:
    try:
        evaluate, _ = conditions.parse(source)
    except ConditionError as exc:
        assert 1 <= exc.column <= max(len(source), condition_types.MAX_LENGTH) + 1
        return
    # Whatever parsed, evaluating it against an empty state only fails as `holds` expects.
    with contextlib.suppress(TypeError, KeyError, ArithmeticError):
        evaluate(_state({}))  # type: ignore[arg-type]


# -- imports and calls across the source ---------------------------------------------------


def _modules(root: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _attribute_calls(tree: ast.Module) -> set[str]:
    return {
        f"{node.func.value.id}.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
    }


def test_nothing_unpickles_and_marshal_is_only_the_caches() -> None:
    users: dict[str, set[str]] = {}
    for path, tree in _modules(SRC):
        for module in _imports(tree) & {"pickle", "shelve", "marshal", "dill", "cloudpickle"}:
            users.setdefault(module, set()).add(str(path.relative_to(SRC)))
    assert users == {"marshal": {"engine/compile/cache.py", "engine/compile/summary.py"}}


def test_saves_are_json() -> None:
    # saves.py reads and writes its files through jsonfile.py, which uses only json.
    saves_tree = ast.parse(Path(saves.__file__).read_text(encoding="utf-8"))
    files_tree = ast.parse(Path(jsonfile.__file__).read_text(encoding="utf-8"))
    assert "json" in _imports(files_tree)
    for tree in (saves_tree, files_tree):
        assert _imports(tree).isdisjoint({"pickle", "marshal", "shelve"})


def test_the_story_cache_lives_in_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cellseven_game.engine.compile import sealed

    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    where = sealed.cache_file(tmp_path / "pack")
    assert where.is_relative_to(tmp_path / "home" / "cache")


SHELL_CALLS = {"os.system", "os.popen", "os.execv", "os.execve", "os.execvp", "os.spawnv",
               "os.spawnl", "os.posix_spawn", "os.startfile", "os.fork"}  # fmt: skip


def test_the_engine_never_reaches_the_shell() -> None:
    for path, tree in _modules(ENGINE):
        assert _imports(tree).isdisjoint({"subprocess", "pty", "multiprocessing"}), path
        assert _attribute_calls(tree).isdisjoint(SHELL_CALLS), path


def test_nothing_in_the_game_spawns_a_shell() -> None:
    """The CLI and UI neither: no subprocess anywhere in the package."""
    for path, tree in _modules(SRC):
        assert "subprocess" not in _imports(tree), path
        assert _attribute_calls(tree).isdisjoint(SHELL_CALLS), path


# -- what the loader opens ----------------------------------------------------------------


def test_checking_a_pack_opens_nothing_outside_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text("canon:\n  beats: []\n", encoding="utf-8")
    holder = tmp_path / "packs"
    pack = holder / "pack"
    (pack / "chapters").mkdir(parents=True)
    (pack / "story.yaml").write_text(
        "story:\n  title: T\n  start: one\n  chapters: [one]\n"
        f"  canon: {secret}\n"
        "chapters:\n  one:\n    title: One\n    period: '1'\n    start: a\n"
        "    scenes:\n      a: {text: A, end: done}\n",
        encoding="utf-8",
    )
    (pack / "chapters" / "linked.yaml").symlink_to(secret)
    (pack / "linked_folder").symlink_to(outside, target_is_directory=True)
    opened: list[str] = []
    active = True

    def hook(event: str, args: tuple[object, ...]) -> None:
        if active and event == "open" and isinstance(args[0], str | bytes | Path):
            opened.append(str(args[0]))

    sys.addaudithook(hook)  # hooks cannot be removed: `active` switches it off afterwards
    try:
        result = check_pack(pack)
    finally:
        active = False
    inside = [p for p in opened if Path(p).resolve().is_relative_to(tmp_path)]
    assert inside, "the audit hook saw nothing: the test would prove nothing"
    assert all(Path(p).resolve().is_relative_to(pack) for p in inside), inside
    codes = [p.code for p in result.problems if p.severity == "error"]
    assert codes.count("CS002") == 2, result.problems  # the link and the canon path
