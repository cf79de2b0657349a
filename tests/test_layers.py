"""Stages only look down: every import in kg/ checked against a table of layers, and no
import cycles among kg's modules.

The modules are read with ``ast``, not imported: every ``import kg.x`` and ``from kg.x
import y`` counts, at the top of a module, inside a function (a deferred import) or under
``if TYPE_CHECKING:`` (a type-only one), relative imports and ``from kg import query``
included. A deferred import still makes its module depend on the one it imports, so the
layers hold for it too.

The layers, bottom to top (``LAYERS``):

* utilities — errors, vocabulary, resources, numerals, names, text, ids, the lexicon,
  writing files, word segmentation: no stage; they may import each other (the cycle tests
  keep that a tree);
* formats, then read — stage 1, bytes to text: ``kg.read`` is the entry and hands a .docx,
  .pdf, web page or task table to ``kg.formats``, which returns text and rows and never
  imports ``kg.read``;
* structure — stage 2, text to headings and measures;
* registry — the departments, programmes and jurisdictions. It sits below extract,
  because the extractors consult it (``extract.institutions`` finds a plan's issuer and
  place words with it, ``extract.programmes`` matches the registry's programmes); names
  are resolved through it later, in build;
* extract — stage 3, measures to responsibilities, targets, programmes, references;
* build — the plan's quads (``kg.build``) and its task table compared with its text
  (``kg.tasks``), two modules that do not import each other;
* storage (``kg.store``, ``kg.remote``), then pipeline (one plan through the stages),
  then corpus (many plans through the pipeline into the store);
* graph readers — ``kg.query``, ``kg.validate`` and ``kg.instruments`` (a plan's clauses
  coded by policy instrument) read a store and do not import each other;
* products — ``kg.ask``, ``kg.export`` and ``kg.diff`` are built on the readers (export's report shows
  the validation, so export may import validate) and never on each other: text helpers
  both need live in the utilities (``kg.text``);
* versions — the store's links between versions of a plan and their change records
  (``kg.versions``, on the store and the diff);
* service — what each command does;
* interfaces — ``kg.api`` and ``kg.cli`` go through the service only, with the utilities
  (errors, writing files); ``kg.__main__`` (entry) runs the command line.

A module may import the modules of a lower layer and those of its own group (a package's
modules, e.g. ``kg.extract.*``), nothing else; a layer named in ``ONLY`` may import only
the layers listed there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import kg

ROOT = Path(kg.__file__).parent

# Bottom to top: (layer, groups). The modules of one group may import each other; a
# pattern ``kg.x.*`` is every module of the package kg.x (kg.x itself is named apart).
LAYERS: list[tuple[str, list[tuple[str, ...]]]] = [
    (
        "utilities",
        [
            (
                "kg",
                "kg.errors",
                "kg.vocab",
                "kg.resources",
                "kg.numerals",
                "kg.names",
                "kg.text",
                "kg.ids",
                "kg.lexicon",
                "kg.output",
                "kg.segment",
                "kg.workbook",
            )
        ],
    ),
    ("formats", [("kg.formats", "kg.formats.*")]),
    ("read", [("kg.read",)]),
    ("structure", [("kg.structure",)]),
    ("registry", [("kg.registry",)]),
    ("extract", [("kg.extract", "kg.extract.*")]),
    ("build", [("kg.tasks",), ("kg.build",)]),
    ("storage", [("kg.store",), ("kg.remote",)]),
    ("pipeline", [("kg.pipeline",)]),
    ("corpus", [("kg.corpus",)]),
    ("graph readers", [("kg.query",), ("kg.validate",), ("kg.instruments", "kg.instruments.*")]),
    ("products", [("kg.ask", "kg.ask.*"), ("kg.export", "kg.export.*"), ("kg.diff", "kg.diff.*")]),
    ("versions", [("kg.versions",)]),
    ("service", [("kg.service",)]),
    ("interfaces", [("kg.api",), ("kg.cli",)]),
    ("entry", [("kg.__main__",)]),
]
# Layers that may not reach every lower layer: only these.
ONLY = {"interfaces": {"service", "utilities"}, "entry": {"interfaces"}}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    path: str  # the importing file, relative to the repository
    line: int
    kind: str  # "top" (runs on import), "deferred" (inside a function) or "typing" (if TYPE_CHECKING)

    def __str__(self) -> str:
        how = "" if self.kind == "top" else f" ({self.kind})"
        return f"{self.path}:{self.line}: {self.source} → {self.target}{how}"


def modules() -> dict[str, Path]:
    """Every module of kg by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _known(name: str, known: dict[str, Path]) -> str | None:
    """The module ``name`` is, or the package it is in (kg.extract.targets.Target → kg.extract.targets)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Name)
        and test.id == "TYPE_CHECKING"
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(name: str, known: dict[str, Path]) -> list[Edge]:
    """The kg modules that module ``name`` imports, each with where and how."""
    path = known[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    shown = str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path)
    edges: list[Edge] = []

    def add(target: str | None, node: ast.AST, kind: str) -> None:
        if target is not None and target != name:
            edges.append(Edge(name, target, shown, node.lineno, kind))

    def visit(node: ast.AST, kind: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and kind == "top":
            kind = "deferred"
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, "typing")
            for child in node.orelse:
                visit(child, kind)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(_known(alias.name, known), node, kind)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.split(".")[0] == "kg":
                for alias in node.names:
                    # from kg import query: the module kg.query; from kg.read import normalise: kg.read
                    add(
                        _known(f"{base}.{alias.name}", known)
                        if f"{base}.{alias.name}" in known
                        else _known(base, known),
                        node,
                        kind,
                    )
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__") and str(node.args[0].value).startswith("kg"):
                add(_known(str(node.args[0].value), known), node, "deferred" if kind == "top" else kind)
        for child in ast.iter_child_nodes(node):
            visit(child, kind)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "top")
    return list(dict.fromkeys(edges))  # one edge for `from kg.x import a, b`


def all_edges() -> list[Edge]:
    known = modules()
    return [edge for name in known for edge in imports(name, known)]


def _matches(module: str, pattern: str) -> bool:
    return module.startswith(pattern[:-1]) if pattern.endswith(".*") else module == pattern


def place(module: str) -> tuple[int, int] | None:
    """(layer, group) of a module, by position in LAYERS; None when the table lacks it."""
    for layer, (_, groups) in enumerate(LAYERS):
        for group, patterns in enumerate(groups):
            if any(_matches(module, pattern) for pattern in patterns):
                return layer, group
    return None


def why_not(edge: Edge) -> str | None:
    """Why the layers forbid ``edge``, or None when they allow it."""
    source, target = place(edge.source), place(edge.target)
    if source is None or target is None:
        return f"{edge.source if source is None else edge.target} is in no layer of LAYERS"
    source_layer, target_layer = LAYERS[source[0]][0], LAYERS[target[0]][0]
    if source == target:
        return None
    if source[0] == target[0]:
        groups = LAYERS[source[0]][1]
        return (
            f"{groups[source[1]][0]} and {groups[target[1]][0]} are both {source_layer}, which do not import each other"
        )
    if source[0] < target[0]:
        return f"{source_layer} imports the higher layer {target_layer}"
    if source_layer in ONLY and target_layer not in ONLY[source_layer]:
        return f"{source_layer} may import only {', '.join(sorted(ONLY[source_layer]))}, not {target_layer}"
    return None


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def _cycle_report(edges: list[Edge]) -> str:
    lines = []
    for component in cycles(edges):
        members = set(component)
        lines.append("cycle among " + ", ".join(component) + ":")
        lines += [f"  {edge}" for edge in edges if edge.source in members and edge.target in members]
    return "\n".join(lines)


# --- the table itself ------------------------------------------------------------------


def test_every_module_is_in_exactly_one_layer():
    unplaced = [name for name in modules() if place(name) is None]
    assert not unplaced, "modules in no layer of LAYERS (add them where they belong): " + ", ".join(unplaced)
    for name in modules():
        homes = [layer for layer, groups in LAYERS for group in groups for p in group if _matches(name, p)]
        assert len(homes) == 1, f"{name} is in {len(homes)} layers: {homes}"


def test_the_checks_see_every_kind_of_import(tmp_path):
    known = {
        "kg": ROOT / "__init__.py",
        "kg.a": tmp_path / "a" / "__init__.py",
        "kg.a.b": tmp_path / "a" / "b.py",
        "kg.a.c": tmp_path / "a" / "c.py",
        "kg.d": tmp_path / "d.py",
        "kg.e": tmp_path / "e.py",
    }
    (tmp_path / "a").mkdir()
    known["kg.a.b"].write_text(
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "from . import c\nfrom kg import d\nimport kg.e as e\n"
        "if TYPE_CHECKING:\n    from ..d import X\n"
        "def f():\n    from kg.e import y\n    import importlib\n    importlib.import_module('kg.a.c')\n",
        encoding="utf-8",
    )
    found = [(edge.target, edge.line, edge.kind) for edge in imports("kg.a.b", known)]
    assert found == [
        ("kg.a.c", 3, "top"),
        ("kg.d", 4, "top"),
        ("kg.e", 5, "top"),
        ("kg.d", 7, "typing"),
        ("kg.e", 9, "deferred"),
        ("kg.a.c", 11, "deferred"),
    ]
    assert cycles(
        [
            Edge("kg.a", "kg.d", "", 1, "top"),
            Edge("kg.d", "kg.a", "", 1, "deferred"),
            Edge("kg.d", "kg.e", "", 1, "top"),
        ]
    ) == [["kg.a", "kg.d"]]


# --- the layers and the cycles -----------------------------------------------------------


def test_stages_only_look_down():
    violations = [f"  {edge}  — {reason}" for edge in all_edges() if (reason := why_not(edge))]
    if violations:
        pytest.fail(f"{len(violations)} import(s) against the layers:\n" + "\n".join(violations), pytrace=False)


def test_no_import_cycles_at_import_time():
    edges = [edge for edge in all_edges() if edge.kind == "top"]
    if cycles(edges):
        pytest.fail("modules that import each other when they are imported:\n" + _cycle_report(edges), pytrace=False)


def test_no_import_cycles_through_deferred_or_type_only_imports():
    edges = all_edges()
    if cycles(edges):
        pytest.fail(
            "modules that import each other, counting imports inside functions and under TYPE_CHECKING:\n"
            + _cycle_report(edges),
            pytrace=False,
        )
