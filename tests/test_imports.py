"""The import rules of the source tree, read from the code itself (no import is executed).

- the engine never imports a front end (ui, cli, lsp, serve);
- nothing outside `ui/` imports Textual (tests/engine/test_no_textual.py proves the engine
  imports without it in a fresh interpreter; this covers every module and every import,
  including those inside functions);
- inside the engine, each stage imports only the stages before it (see LAYERS);
- no import cycle, counting module-level imports and those deferred into functions (imports
  under `if TYPE_CHECKING:` never run and do not count);
- an import inside a function says why in a comment on its line or just above it (or above
  the block of imports it belongs to), with the word "start-up" (it keeps a command's start
  fast), "optional" (an extra that may not be installed) or "platform" (a module some systems
  lack); or the module says it once, on a line `# imports inside functions: start-up, ...`.
  Those without are listed in UNMARKED, which may only shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

import cellseven_game

PKG = "cellseven_game"
SRC = Path(cellseven_game.__file__).resolve().parent
FRONT_ENDS = ("ui", "cli", "lsp", "serve", "plain", "transcript")
MARKERS = ("start-up", "optional", "platform")
MODULE_MARK = "# imports inside functions:"

# The engine's stages, in pipeline order: a stage may import itself and the stages listed
# with it, never one after it. (Folders that do not exist are simply not checked.)
LAYERS = {
    "engine.core": (),
    "engine.compile": ("engine.core",),
    "engine.play": ("engine.core",),
    "engine.persist": ("engine.core", "engine.play"),
    "engine.tools": ("engine.core", "engine.compile", "engine.play", "engine.persist"),
}

# Known debts, paid down by the layout move; an entry that no longer happens fails the test,
# so these lists only shrink.
# (importing module, imported module) for an import in a function without a marker comment.
UNMARKED: set[tuple[str, str]] = set()
# Cycles, each as the sorted modules of one strongly connected component.
CYCLES: set[tuple[str, ...]] = set()
# (importing module, imported module) that break LAYERS.
LAYER_DEBTS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module (the most specific one that exists) or a top-level name
    line: int
    deferred: bool  # inside a function
    typing_only: bool  # under `if TYPE_CHECKING:`
    marked: bool  # a marker comment on its line or the comment lines just above


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def collect(root: Path) -> tuple[set[str], list[Import]]:
    """Every module under `root` (a package folder) and every import statement in them."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    found: list[Import] = []
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        is_package = path.name == "__init__.py"

        # One comment can speak for the whole module (a command module whose every command
        # imports what it uses): a top-level line `# imports inside functions: <why>`.
        whole_module = any(
            line.startswith(MODULE_MARK) and any(m in line for m in MARKERS) for line in lines
        )

        def says_why(
            first: int, last: int, lines: list[str] = lines, whole_module: bool = whole_module
        ) -> bool:
            """A marker on lines first..last, or in the comment lines just above them."""
            if whole_module:
                return True
            at = first - 2
            while at >= 0 and lines[at].lstrip().startswith("#"):
                at -= 1
            if at >= 0 and "#" in lines[at]:  # `try:  # why` just above
                at -= 1
            return any(m in line for line in lines[at + 1 : last] for m in MARKERS)

        def visit(
            node: ast.AST,
            deferred: bool,
            typing_only: bool,
            name: str = name,
            is_package: bool = is_package,
            says_why: Callable[[int, int], bool] = says_why,
        ) -> None:
            group: list[ast.Import | ast.ImportFrom] = []  # consecutive imports share a comment
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    group.append(child)
                    why = says_why(group[0].lineno, child.end_lineno or child.lineno)
                    for target in targets(child, name, is_package, files):
                        found.append(Import(name, target, child.lineno, deferred, typing_only, why))
                    continue
                group = []
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    visit(child, deferred, True)
                else:
                    is_function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                    visit(child, deferred or is_function, typing_only)

        visit(ast.parse(text, str(path)), False, False)
    return set(files), found


def targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: Iterable[str]
) -> list[str]:
    """The modules one import statement loads: the most specific that exists in `modules`."""
    known = set(modules)

    def known_or_top(name: str) -> str:
        probe = name
        while probe and probe not in known:
            probe = probe.rpartition(".")[0]
        return probe or name

    if isinstance(node, ast.Import):
        return [known_or_top(alias.name) for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
    else:
        prefix = node.module or ""
    return [known_or_top(f"{prefix}.{alias.name}") for alias in node.names]


def inside(module: str, package: str, pkg: str = PKG) -> bool:
    """`module` is `package` or lies in it (`package` relative to `pkg`)."""
    whole = f"{pkg}.{package}"
    return module == whole or module.startswith(whole + ".")


def layer_of(module: str, pkg: str = PKG) -> str | None:
    return next((layer for layer in LAYERS if inside(module, layer, pkg)), None)


def cycles(modules: set[str], imports: list[Import]) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for imp in imports:
        if not imp.typing_only and imp.target in modules and imp.target != imp.source:
            edges[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()
    for start in sorted(modules):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.add(tuple(sorted(component)))
    return found


def layer_breaks(imports: list[Import], pkg: str = PKG) -> set[tuple[str, str]]:
    found = set()
    for imp in imports:
        source, target = layer_of(imp.source, pkg), layer_of(imp.target, pkg)
        if source and target and target != source and target not in LAYERS[source]:
            found.add((imp.source, imp.target))
    return found


def unmarked(imports: list[Import]) -> set[tuple[str, str]]:
    return {(i.source, i.target) for i in imports if i.deferred and not i.marked}


MODULES, IMPORTS = collect(SRC)


def test_the_engine_never_imports_a_front_end() -> None:
    wrong = [
        f"{i.source}:{i.line} imports {i.target}"
        for i in IMPORTS
        if inside(i.source, "engine") and any(inside(i.target, f) for f in FRONT_ENDS)
    ]
    assert not wrong, "the engine must not know its front ends:\n" + "\n".join(wrong)


def test_only_the_ui_imports_textual() -> None:
    wrong = [
        f"{i.source}:{i.line} imports {i.target}"
        for i in IMPORTS
        if (i.target == "textual" or i.target.startswith("textual.")) and not inside(i.source, "ui")
    ]
    assert not wrong, "only cellseven_game.ui may import textual:\n" + "\n".join(wrong)


def test_each_stage_imports_only_the_stages_before_it() -> None:
    found = layer_breaks(IMPORTS)
    assert found <= LAYER_DEBTS, "new imports against the pipeline's order:\n" + "\n".join(
        f"{s} imports {t}" for s, t in sorted(found - LAYER_DEBTS)
    )
    assert not LAYER_DEBTS - found, f"paid off, remove from LAYER_DEBTS: {LAYER_DEBTS - found}"


def test_no_import_cycles() -> None:
    found = cycles(MODULES, IMPORTS)
    assert found <= CYCLES, "import cycles (a function-level import counts):\n" + "\n".join(
        " <-> ".join(c) for c in sorted(found - CYCLES)
    )
    assert not CYCLES - found, f"cycles gone, remove them from CYCLES: {CYCLES - found}"


def test_imports_inside_functions_say_why() -> None:
    found = unmarked(IMPORTS)
    new = sorted(found - UNMARKED)
    where = {(i.source, i.target): i.line for i in IMPORTS if i.deferred}
    assert not new, (
        f"move these imports to the top of the module, or say why they wait in a comment with "
        f"one of {MARKERS} on the line or just above:\n"
        + "\n".join(f"{s}:{where[s, t]} imports {t}" for s, t in new)
    )
    assert not UNMARKED - found, f"now marked or gone, remove: {sorted(UNMARKED - found)}"


# The checker itself, on a small package made to break every rule once.
BROKEN = {
    "__init__.py": "",
    "engine/__init__.py": "",
    "engine/core/__init__.py": "",
    "engine/core/model.py": "from pkg.engine.play import runtime\n",
    "engine/play/__init__.py": "",
    "engine/play/runtime.py": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pkg.engine.core import late\n"
        "def f():\n    from pkg.engine.core import model\n"
        "def g():\n    # start-up: only `g` needs it\n    import json\n"
    ),
    "engine/core/late.py": "from pkg.engine.play import runtime\n",
    "lone.py": "import textual.app\n",
    "cmds.py": "# imports inside functions: start-up\ndef f():\n    import json\n",
}


@pytest.fixture
def broken(tmp_path: Path) -> tuple[set[str], list[Import]]:
    for name, text in BROKEN.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return collect(tmp_path / "pkg")


def test_the_checker_finds_what_it_looks_for(broken: tuple[set[str], list[Import]]) -> None:
    modules, imports = broken
    # model -> runtime at module level, runtime -> model in a function: a cycle; late ->
    # runtime -> late only under TYPE_CHECKING: none.
    assert cycles(modules, imports) == {("pkg.engine.core.model", "pkg.engine.play.runtime")}
    assert unmarked(imports) == {("pkg.engine.play.runtime", "pkg.engine.core.model")}
    assert any(i.target == "textual.app" and i.source == "pkg.lone" for i in imports)
    assert layer_breaks(imports, "pkg") == {
        ("pkg.engine.core.model", "pkg.engine.play.runtime"),
        ("pkg.engine.core.late", "pkg.engine.play.runtime"),
    }
