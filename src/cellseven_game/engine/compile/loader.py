"""Load a story pack from a folder of YAML files and check it deeply.

`check_pack` never raises for anything in the files: it returns the story it could build
(None when there are errors) and every problem found in every file. `load_story` raises
StoryError when there are errors.
"""

from __future__ import annotations

import gc
from pathlib import Path

from cellseven_game.engine.compile import (
    cache,
    graph_checks,
    playthrough_read,
    trial_checks,
    trial_read,
)
from cellseven_game.engine.compile.builder_state import Source, read_nodes
from cellseven_game.engine.compile.expression_read import ExpressionReader
from cellseven_game.engine.compile.packfiles import check_root, pack_files
from cellseven_game.engine.compile.packfiles import shown_path as _shown
from cellseven_game.engine.compile.reader import Reader
from cellseven_game.engine.compile.reference_checks import ReferenceChecks
from cellseven_game.engine.compile.scene_read import SceneReader, slug
from cellseven_game.engine.compile.section_read import COLOR, SECTIONS, SectionReader
from cellseven_game.engine.compile.stamp import Key, Stamp
from cellseven_game.engine.compile.type_checks import TypeChecks
from cellseven_game.engine.compile.yamlnodes import Node
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import Problem, ProblemList, StoryError
from cellseven_game.engine.core.frozen import frozen
from cellseven_game.engine.core.model import Story, Where, graph_version

__all__ = [
    "COLOR",
    "SECTIONS",
    "CheckResult",
    "Source",
    "check_pack",
    "graph_version",
    "load_story",
    "read_nodes",
    "slug",
]


@frozen
class CheckResult(ProblemList):
    story: Story | None
    problems: list[Problem]
    files: int = 0


# Files read between two `settle`s (its references checked, most dropped): a pack of 10,000
# one-scene files settled after each spent 4% of its cold `validate` there; a few dozen
# files' references are still few to hold.
SETTLE_EVERY = 32


class _Builder(SectionReader, SceneReader, ExpressionReader, ReferenceChecks, TypeChecks):
    """Reads a pack's files into a story, then checks it whole. Its parts: section_read
    (files and sections), scene_read, expression_read, reference_checks, type_checks;
    its state: builder_state."""

    # The pack's files when the caller listed them already with nothing to report (a cold
    # `validate` lists them for its cache key first): not listed a second time.
    listed: list[Path] | None = None

    def build(self) -> Story | None:
        r = self.r
        story_path = self.root / "story.yaml"
        files = list(self.listed) if self.listed is not None else pack_files(self.root, r)
        if story_path not in files:
            r.say(Where(_shown(story_path), 0, 0), diagnostics.MISSING_KEY, "no_story_file")
        # story.yaml first: its variables are then known to every file read after it.
        files.sort(key=lambda path: path != story_path)
        head: dict[str, object] | None = None
        for n, path in enumerate(files, 1):
            self.read_file(path)
            if path == story_path:
                head = self.story_section()
            if path == story_path or n % SETTLE_EVERY == 0:
                self.settle()
                self.settle_types()
        if story_path not in files:
            head = self.story_section()
        shown_story = _shown(story_path)
        story_failed = any(p.path == shown_story and p.severity == "error" for p in r.problems)
        if head is None and story_path in files and not story_failed:
            r.say(Where(_shown(story_path), 1, 1), diagnostics.MISSING_KEY, "no_story_section")
        canon = self.canon(head["canon"]) if head and isinstance(head["canon"], Node) else None
        trials = trial_read.read(self, self.trial_nodes)
        self.expression_sets()
        self.settle()
        self.check_references(head, canon)
        self.check_types()
        if head is not None and not any(p.severity == "error" for p in r.problems):
            order = [str(c) for c in head["order"]]  # type: ignore[attr-defined]
            variables = {name: value for name, (value, _) in self.variables.items()}
            r.problems.extend(
                trial_checks.check(trials, self.scenes, self.chapters, order, variables)
            )
        if any(p.severity == "error" for p in r.problems) or head is None:
            return None
        self.variable_use()  # only on a whole pack: a read lost to an error is no evidence
        story = Story(
            root=self.root,
            title=str(head["title"]),
            start=str(head["start"]),
            chapter_order=tuple(head["order"]),  # type: ignore[arg-type]
            variables={name: value for name, (value, _) in self.variables.items()},
            chapters=self.chapters,
            scenes=self.scenes,
            characters=self.characters,
            evidence=self.evidence,
            trials=dict(trials),
            canon=canon,
            content_note=str(head["content_note"]),
            renamed=dict(head["renamed"]),  # type: ignore[call-overload]
            story_id=str(head["id"] or ""),
        )

        r.problems.extend(graph_checks.graph_warnings(story))
        if self.playthrough_nodes:
            r.problems.extend(playthrough_read.check_section(story, self.playthrough_nodes))
        return story


def check_pack(
    root: Path | str,
    use_cache: bool = False,
    source: Source = read_nodes,
    store: bool = True,
    listed: list[Path] | None = None,
    stamped: list[Stamp] | None = None,
) -> CheckResult:
    """Load and check the pack at `root`; never raises for anything inside the files.

    With `use_cache`, an unchanged pack is read from the validated cache (see cache.py),
    and a newly checked one is stored there unless `store` is false (`validate`, which
    keeps only its summary, so a cold `validate` does not pay for encoding the story).
    `source` reads each file: the language server passes one that reads its editors'
    unsaved buffers and reuses the nodes of files that have not changed. `listed`: the
    pack's files as `pack_files` gave them just now, with no problem found in listing them;
    `stamped`, their stamps taken then (a cold `validate` stamps 10,000 files once, not twice).
    """
    root = Path(root)
    use_cache = use_cache and source is read_nodes  # the cache knows only the files on disk
    refused = check_root(root)
    if refused is not None:
        return CheckResult(None, [refused], 0)
    files: list[Path] = []
    key: Key | None = None
    if use_cache:
        listing = Reader()
        files = listed if listed is not None else pack_files(root, listing)
        if not listing.problems:
            key = cache.key(root, files, stamped)  # taken before the load reads a byte
            hit = cache.read(root, files, key)
            if hit is not None:
                return CheckResult(hit[0], hit[1], len(files))
    builder = _Builder(root, source)
    builder.listed = listed
    enabled = gc.isenabled()
    gc.disable()  # building many small objects: the collector only slows it down
    try:
        story = builder.build()
        problems = sorted(builder.r.problems, key=lambda p: (p.path, p.line, p.col, p.code))
        count = len(builder.first_seen)
        del builder  # the nodes and references: freed now, while nothing else is tracked
        if use_cache and store and story is not None and files and key is not None:
            cache.write(root, story, problems, key)
    finally:
        if enabled:
            # The story lives as long as the program and holds no cycles: move it out of the
            # collector's sight, or every full collection (and the one at exit) walks its
            # million objects again, which cost more than a third of a cold `validate`.
            gc.freeze()
            gc.enable()
    return CheckResult(story, problems, count)


def load_story(root: Path | str, use_cache: bool = False) -> Story:
    """The checked story, or StoryError listing every error."""
    result = check_pack(root, use_cache)
    if result.story is None:
        errors = result.errors
        raise StoryError(f"{len(errors)} error(s) in the story at {root}", errors)
    return result.story
