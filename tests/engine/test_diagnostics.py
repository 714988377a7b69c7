"""The registry of diagnostics (engine/diagnostics*.py) is the one place a code is defined.

Tests as data: every entry's example is a tiny pack, loaded here as `validate`, the game and
`cellseven test` load it; an example that stops producing its code (with its severity) fails.
"""

from __future__ import annotations

import ast
import io
import re
import string
from collections.abc import Mapping
from pathlib import Path

import pytest

from cellseven_game import cli
from cellseven_game.engine.compile import playthrough_read
from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.core import diagnostics, diagnostics_play
from cellseven_game.engine.core.diagnostics_details import DETAILS
from cellseven_game.engine.core.errors import Diagnostic, Problem
from cellseven_game.engine.tools import playthroughs

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "cellseven_game"
# The registry's folder in this source tree, found from its module name: the package under
# test may be installed elsewhere (CI installs the wheel), so its __file__ is not under SRC.
REGISTRY_FOLDER = SRC.joinpath(*diagnostics.__name__.split(".")[1:-1])
REGISTRY = {
    "diagnostics.py",
    "diagnostics_details.py",
    "diagnostics_play.py",
    "diagnostics_read.py",
    "diagnostics_refs.py",
    "diagnostics_story.py",
    "diagnostic_examples.py",
}
ENTRIES = [*diagnostics.CODES.values(), *diagnostics.VARIANTS]
FORMS = [(d, name) for d in ENTRIES for name in d.forms]


def wording(template: str) -> re.Pattern[str]:
    """A message template as a pattern: its words exactly, any text for each field."""
    parts = string.Formatter().parse(template)
    return re.compile(
        "".join(
            re.escape(text) + ("(.*?)" if field is not None else "") for text, field, _, _ in parts
        )
        + r"\Z",
        re.S,
    )


def problems_of(
    example: dict[str, str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Problem]:
    """Everything the example makes `validate` and `cellseven test` say."""
    for name, text in example.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = check_pack(".")
    found = list(result.problems)
    if result.story is not None:
        suite = playthroughs.load(Path("."))
        found += suite.problems + playthrough_read.check(result.story, suite.playthroughs)
        found += [r.failure for r in playthroughs.run_all(result.story, suite) if r.failure]
    return found


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda d: f"{d.code}-{d.severity}")
def test_each_example_produces_its_code_with_its_severity(
    entry: Diagnostic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = problems_of(dict(entry.example), tmp_path, monkeypatch)
    said = [str(p) for p in found]
    assert any(p.code == entry.code and p.severity == entry.severity for p in found), said
    # Minimal: an example shows its own code, and no error of another.
    assert all(p.code == entry.code for p in found if p.severity == "error"), said


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda d: f"{d.code}-{d.severity}")
def test_each_example_produces_the_main_wording(
    entry: Diagnostic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example shows the entry's own template; a case worded otherwise is a form."""
    found = problems_of(dict(entry.example), tmp_path, monkeypatch)
    ours = [p.message for p in found if (p.code, p.severity) == (entry.code, entry.severity)]
    assert any(wording(entry.template).match(m) for m in ours), ours


@pytest.mark.parametrize(
    ("entry", "form"), FORMS, ids=[f"{d.code}-{d.severity}-{name}" for d, name in FORMS]
)
def test_each_form_example_produces_that_form(
    entry: Diagnostic, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every form has a pack that produces it, worded by that form; or says what it needs
    (a link loop, a pipe: what a pack of text files cannot hold)."""
    case = entry.forms[form]
    if not case.example:
        assert case.needs, f"{entry.code} form {form!r} has neither an example nor `needs`"
        return
    found = problems_of(dict(case.example), tmp_path, monkeypatch)
    ours = [p.message for p in found if (p.code, p.severity) == (entry.code, entry.severity)]
    assert any(wording(case.template).match(m) for m in ours), ours


def test_a_wording_pattern_tells_one_form_from_another() -> None:
    """The check above can fail: another form's message does not match."""
    d = diagnostics.UNREADABLE
    said = d.message("binary")
    assert wording(d.wording("binary")).match(said)
    assert not wording(d.wording("utf16")).match(said)
    assert not wording(d.template).match(said)
    with pytest.raises(KeyError):
        d.message("no such form")


def test_the_registry_holds_every_code_once_with_all_its_parts() -> None:
    assert len(diagnostics.CODES) >= 45
    for code, d in diagnostics.CODES.items():
        assert re.fullmatch(r"CS\d{3}", code) and d.code == code
        assert d.severity in ("error", "warning")
        assert d.title and d.template and d.explanation and d.example, code
        assert "\n" not in d.explanation and "|" not in d.explanation, code
    for v in diagnostics.VARIANTS:
        assert diagnostics.CODES[v.code].warning_when and v.severity == "warning"
    names = [n for n in diagnostics.__all__ if isinstance(getattr(diagnostics, n), Diagnostic)]
    assert len(names) == len(diagnostics.__all__) == len(ENTRIES)


def test_no_code_is_written_as_text_outside_the_registry() -> None:
    literal = re.compile(r"""["']CS\d{3}["']""")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name not in REGISTRY or path.parent != REGISTRY_FOLDER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == [], "name the registry's entry (diagnostics.UNKNOWN_KEY) instead"


def test_every_code_the_tests_and_the_guides_name_is_in_the_registry() -> None:
    """Every code a broken pack expects, the guides mention or an expected output holds."""
    named: dict[str, str] = {}
    texts = [ROOT / "README.md", ROOT / "story" / "README.md", ROOT / "CHANGELOG.md"]
    texts += sorted((ROOT / "tests").rglob("expected*.txt"))
    for path in texts:
        for code in re.findall(r"CS\d{3}", path.read_text(encoding="utf-8")):
            named.setdefault(code, str(path.relative_to(ROOT)))
    unknown = {code: where for code, where in named.items() if code not in diagnostics.CODES}
    assert unknown == {}
    assert len(named) >= 40


def test_every_problem_the_engine_builds_comes_from_a_registry_entry() -> None:
    """A Problem is made by `Diagnostic.at` or from another problem, never from a code as text."""
    made = re.compile(r"\bProblem\((?!\*)")  # `Problem(*row)`: one restored from the cache
    copied = re.compile(r"\b\w+\.code\b")  # another problem's code, or the entry's own
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((SRC / "engine").rglob("*.py"))
        if path.name != "errors.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if made.search(line) and not copied.search(line)
    ]
    assert found == []


def test_explain_prints_title_explanation_and_example() -> None:
    out = io.StringIO()
    assert cli.main(["explain", "cs003"], out=out) == 0
    text = out.getvalue()
    d = diagnostics.UNKNOWN_KEY
    assert text.startswith("CS003: unknown key (error)\n")
    assert d.explanation in text and d.template in text
    for line in d.example["story.yaml"].splitlines():
        assert f"    {line}".rstrip() in text


def test_explain_lists_every_form_of_the_message() -> None:
    out = io.StringIO()
    assert cli.main(["explain", "CS002"], out=out) == 0
    text = out.getvalue()
    for d in (diagnostics.UNREADABLE, diagnostics.NOT_READ):
        assert diagnostics.shown(d.template) in text
        for name, form in d.forms.items():
            assert f"- {name}: {diagnostics.shown(form.template)}" in text
    assert "- too_large: file is {mib} MiB, more than the {limit} MiB" in text


def test_explain_shows_a_template_as_a_person_reads_it() -> None:
    out = io.StringIO()
    assert cli.main(["explain", "CS115"], out=out) == 0
    text = out.getvalue()
    assert "The message reads: `{{text}}` does not parse: {problem}" in text  # `{` + text + `}`
    assert "- lone_close: a '}' with no '{' before it; write '}}' for a brace" in text
    assert "- unexpected_equals: unexpected character {char}; compare with '=='" in text


@pytest.mark.parametrize("code", ["CS999", "nonsense", "\x1b[31mCS003"])
def test_explain_an_unknown_code_is_one_line_and_exit_2(
    code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    assert cli.main(["explain", code], out=out) == 2
    err = capsys.readouterr().err
    assert out.getvalue() == ""
    assert err.count("\n") == 1 and err.startswith("cellseven: error: no diagnostic has the code")
    assert "\x1b" not in err


def test_the_guides_lists_of_codes_are_the_registrys() -> None:
    """Generated between markers; test_spec's staleness check covers their contents."""
    from cellseven_game.engine.compile import spec_guide

    text = (ROOT / "story" / "README.md").read_text(encoding="utf-8")
    for name in diagnostics.GUIDE_GROUPS:
        assert f"<!-- diagnostics:{name}:start -->" in text, f"the guide lost the {name} list"
    listed = set(re.findall(r"^\| `(CS\d{3})` \|", text, re.M))
    assert listed == set(diagnostics.CODES)
    stale = text.replace(
        diagnostics.UNKNOWN_KEY.explanation, diagnostics.UNKNOWN_KEY.explanation + " (old)"
    )
    assert spec_guide.write_guide(stale) == text  # the generator puts the registry's words back


# -- every word of a message lives in the registry ------------------------------------------


def _entry(node: ast.AST) -> Diagnostic | None:
    """`diagnostics.NAME` as the registry's entry (None for anything else)."""
    is_name = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    if is_name and node.value.id == "diagnostics":  # type: ignore[attr-defined]
        found = getattr(diagnostics, node.attr, None)  # type: ignore[attr-defined]
        return found if isinstance(found, Diagnostic) else None
    return None


# The exceptions that carry a wording's name, and the names they may carry.
RAISED: dict[str, Mapping[str, object]] = {
    "ConditionError": DETAILS,
    "TemplateError": diagnostics.BAD_TEXT_FIELD.forms,
    "ChoiceError": diagnostics_play.REFUSED,
    "UndoRefused": diagnostics_play.REFUSED,
    # not raised, but worded the same way: CS403's findings (tools/playthroughs)
    "expected": diagnostics_play.EXPECTED,
    "standing": diagnostics_play.NOW,
    "option": diagnostics_play.OPTIONS,
    "diverged": diagnostics_play.DIVERGED,
    "loaded": diagnostics_play.LOADED,
}


def _names(node: ast.AST) -> Mapping[str, object] | None:
    """The wordings a call may name: an entry's forms, or the details an exception takes."""
    entry = _entry(node)
    if entry is not None:
        return entry.forms
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in RAISED:
        return RAISED[node.func.id]  # type: ignore[attr-defined]
    return None


def _wrappers(tree: ast.Module) -> dict[str, tuple[int, Mapping[str, object] | None]]:
    """A module's own helpers that take a `form` or a `detail` (`fail(form, ...)`): where it
    goes among their arguments, and the wordings it may name when their body reports one
    entry or raises one kind of error."""
    out: dict[str, tuple[int, Mapping[str, object] | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name != "__init__":
            params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            for param in ("form", "detail"):
                if param in params:
                    kinds = {id(k): k for n in ast.walk(node) if (k := _names(n)) is not None}
                    only = next(iter(kinds.values())) if len(kinds) == 1 else None
                    out[node.name] = (params.index(param) - (params[0] == "self"), only)
    return out


def _texts(node: ast.AST) -> list[ast.AST]:
    """The words an argument writes itself: a text, an f-string, text joined with `+` or
    `%`, or `.format`ted (the texts of both branches of `a if c else b`)."""
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.BinOp) and (
        _texts(node.left) or _texts(node.right) or isinstance(node.op, ast.Mod)
    ):
        return [node]
    is_method = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if is_method and node.func.attr == "format":  # type: ignore[attr-defined]
        return [node]
    return []


def message_words_at_call_sites(source: str) -> list[str]:
    """Calls that make a problem and give words of their own: a text (other than the form's
    name), an f-string, a joined or formatted string, a module's text constant, or the name
    of a form its entry lacks. Such words belong in the registry, as a form."""
    tree = ast.parse(source)
    constants = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and _texts(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    wrappers = _wrappers(tree)
    found: list[str] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        names: Mapping[str, object] | None = None
        if isinstance(func, ast.Attribute) and _entry(func.value) is not None:
            names, form_at = _names(func.value), 3 if name == "at" else 0
        elif any(_entry(a) is not None for a in call.args):
            index = next(i for i, a in enumerate(call.args) if _entry(a) is not None)
            names, form_at = _names(call.args[index]), index + 1
        elif name in RAISED:
            names, form_at = RAISED[name], 0
        elif name in wrappers:
            form_at, names = wrappers[name]
        elif name == "say":
            form_at = 2  # `r.say(at, diagnostic, form, ...)` with the entry in a variable
        else:
            continue
        where = f"{call.lineno}: {ast.unparse(call)[:80]}"
        for i, arg in enumerate([*call.args, *(k.value for k in call.keywords)]):
            if isinstance(arg, ast.Name) and arg.id in constants and i < len(call.args):
                found.append(where)  # a message kept in a constant (a field may name one)
            for text in _texts(arg):
                is_form = i == form_at and i < len(call.args) and isinstance(text, ast.Constant)
                if not is_form or (names is not None and text.value not in names):  # type: ignore[attr-defined]
                    found.append(where)
    return found


def test_no_call_site_writes_the_words_of_a_message() -> None:
    """Engine code gives the entry, a form's name and the fields; the words are the registry's."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((SRC / "engine").rglob("*.py"))
        if path.parent != REGISTRY_FOLDER or path.name not in REGISTRY | {"errors.py"}
        for line in message_words_at_call_sites(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        'r.say(at, diagnostics.UNKNOWN_KEY, f"unknown key {key}")',
        'r.say(at, diagnostics.WRONG_SHAPE, "no such form", what=w)',
        'r.say(at, diagnostics.WRONG_SHAPE, what="scene " + ident)',
        'r.say(at, diagnostics.WRONG_SHAPE, expected="a mapping", what=w)',
        'p = diagnostics.MISSING_KEY.at(path, 0, 0, "a pack needs a story.yaml")',
        'NOTE = "a pack needs a story.yaml"\nr.say(at, diagnostics.MISSING_KEY, NOTE)',
        'r.say(at, code, "{} is wrong".format(x))',
        "def fail(form, **f):\n    p.append(diagnostics.UNREADABLE.at(s, 0, 0, form, **f))\n"
        'fail("not a form")',
        'raise ConditionError(f"expected {what}", 3)',
        'raise ConditionError("no_such_detail", 3)',
        "def fail(self, detail):\n    return ConditionError(detail, 1)\n"
        'raise self.fail("expected a value")',
        'raise TemplateError("unclosed brace", 3)',
        'raise ChoiceError(f"choice {number} is not available now")',
        'raise ChoiceError("not there", choice=c)',
        'return expected("reach", name=e, now=f"the story is at scene `{s}`")',
        'shown.append(option("open", number=n, choice=c + " (not available)"))',
        'return diverged("gone", choice=f"`{choice}`")',
    ],
)
def test_the_words_check_finds_words_at_a_call_site(source: str) -> None:
    assert message_words_at_call_sites(source) != []


def test_the_words_check_lets_a_form_name_and_fields_through() -> None:
    source = (
        'r.say(at, diagnostics.WRONG_SHAPE, "mapping", what=what, found=kind)\n'
        'p = diagnostics.UNREADABLE.at(shown, 1, 2, "binary")\n'
        'r.say(at, diagnostics.YAML_SYNTAX, problem=exc, hint="")\n'
        "def fail(form, **f):\n    p.append(diagnostics.UNREADABLE.at(s, 0, 0, form, **f))\n"
        'fail("utf16")\n'
        'raise ConditionError("expected_close", 4, found=found)\n'
        "def stop(self, detail):\n    return ConditionError(detail, 1)\n"
        'raise self.stop("expected_value")\n'
        'raise TemplateError("unclosed", 3)\n'
        'raise ChoiceError("no_such_number", number=n, count=len(options))\n'
        'return expected("reach_passed" if passed else "reach", name=e, now=now)\n'
    )
    assert message_words_at_call_sites(source) == []


@pytest.mark.parametrize("detail", sorted(DETAILS))
def test_each_detail_example_shows_that_detail(
    detail: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A condition's problem (the `{problem}` of CS106, CS114, CS115) has a pack that shows
    its wording, or says what it needs."""
    case = DETAILS[detail]
    if not case.example:
        assert case.needs, f"detail {detail!r} has neither an example nor `needs`"
        return
    found = problems_of(dict(case.example), tmp_path, monkeypatch)
    said = [p.message for p in found if p.code in ("CS106", "CS114", "CS115")]
    pattern = wording(case.template).pattern.removesuffix(r"\Z")
    assert any(re.search(pattern + r"\Z", m) for m in said), [str(p) for p in found]


PLAY_WORDS = [(table, name) for table, forms in diagnostics_play.TABLES.items() for name in forms]


@pytest.mark.parametrize(("table", "name"), PLAY_WORDS, ids=[f"{t}-{n}" for t, n in PLAY_WORDS])
def test_each_play_wording_shows_inside_cs403(
    table: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a refused step says and what a playthrough found (diagnostics_play) has a
    playthrough that shows its wording inside a CS403, or says what it needs."""
    case = diagnostics_play.TABLES[table][name]
    if not case.example:
        assert case.needs, f"{table} {name!r} has neither an example nor `needs`"
        return
    found = problems_of(dict(case.example), tmp_path, monkeypatch)
    said = [p.message for p in found if p.code == "CS403"]
    pattern = wording(case.template).pattern.removesuffix(r"\Z")
    assert any(re.search(pattern, m) for m in said), [str(p) for p in found]


def test_explain_cs403_lists_what_a_playthrough_finds_and_why_a_step_is_refused() -> None:
    out = io.StringIO()
    assert cli.main(["explain", "CS403"], out=out) == 0
    text = out.getvalue()
    listed = [t for name, t in diagnostics_play.TABLES.items() if name != "LOADED"]  # a player's
    for forms in listed:
        for name, form in forms.items():
            assert f"- {name}: {diagnostics.shown(form.template)}\n" in text
    assert "- reach: expected scene `{name}`, but {now}\n" in text
    assert "- no_such_number: there is no choice {number}; choose 1 to {count}\n" in text
