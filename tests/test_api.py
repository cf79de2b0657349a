"""The Python API is the command line's service layer: the same functions, the same
options, the same store."""

from __future__ import annotations

import ast
import inspect
import logging
import re
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from kg import api, service
from kg.cli import main
from kg.errors import PlanNotFound
from kg.store import Store
from kg.vocab import CATALOG_GRAPH, PK

SEED_ID = "daf8227113fe"


def _dataset(path) -> list[str]:
    """Every quad of the store, with the build time (which differs run to run) masked."""
    with Store(path) as store:
        return sorted(
            f"{q.subject} {q.predicate} {'<time>' if q.predicate == PK.builtAt else q.object} {q.graph_name}"
            for q in store.oxigraph
        )


def test_the_command_line_and_the_api_build_the_same_store_catalog_included(tmp_path, seed_path):
    built = CliRunner().invoke(main, ["build", str(seed_path), "--store", str(tmp_path / "cli")])
    assert built.exit_code == 0, built.output
    result = api.build([seed_path], tmp_path / "api")
    assert [(s.id, s.measures, s.departments, s.unresolved) for s in result.built] == [(SEED_ID, 19, 19, ())]
    assert result.store == tmp_path / "api" and result.failed == [] and result.skipped == []
    assert _dataset(tmp_path / "cli") == _dataset(tmp_path / "api")
    with Store(tmp_path / "api") as store:
        entries = [(q.predicate.value.rsplit("#", 1)[-1], q.object.value) for q in store.quads(CATALOG_GRAPH)]
    catalog = dict(entries)
    # The entry itself, and the plan's part of ask's name index (docs/graph.md).
    assert Counter(key for key, _ in entries) == {
        "builtAt": 1,
        "sourceFile": 1,
        "askIndex": 1,
        "titleStart": 1,
        "placeStart": 1,
        "conceptLabelStart": 10,
        "measureTitleStart": 19,
    }
    assert ("titleStart", "益阳市职业教") in entries and ("placeStart", "益阳") in entries
    assert ("conceptLabelStart", "楚怡行动") in entries and ("measureTitleStart", "强化经费") in entries
    assert catalog["sourceFile"] == seed_path.name
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)", catalog["builtAt"])


def test_an_empty_store_gets_the_bundled_plan_with_its_catalog_entry(tmp_path):
    table = api.documents(api.open_store(tmp_path / "store", build_default=True))
    assert [(row["id"], row["measures"], row["departments"]) for row in table.rows] == [(SEED_ID, 19, 19)]
    assert table.rows[0]["builtAt"]


def test_building_the_bundled_plan_into_an_empty_store_is_told(tmp_path, caplog, monkeypatch):
    told = []
    monkeypatch.setattr(service, "notice", told.append)
    api.open_store(tmp_path / "store", build_default=True).close()
    assert told == [
        f"the store at {tmp_path / 'store'} is empty; building the bundled plan "
        "yiyang-vocational-education-2021-2025.txt first"
    ]
    monkeypatch.setattr(service, "notice", None)  # a library user hears it from the policykg logger
    with caplog.at_level(logging.INFO, logger="policykg"):
        api.open_store(tmp_path / "other", build_default=True).close()
        api.open_store(tmp_path / "other", build_default=True).close()  # not empty: nothing to say
    assert caplog.messages == [told[0].replace(str(tmp_path / "store"), str(tmp_path / "other"))]


def test_a_notebook_session(tmp_path, seed_path):
    """The README's example: build, ask, query, export with one open store."""
    store = api.open_store(tmp_path / "store")
    api.build([seed_path], store)
    assert [row["measure"] for row in api.ask("what does the Finance Bureau lead", store).rows] == [17, 18]
    leads = api.query("measure-leads", store, params={"number": 10})
    assert [row["department"] for row in leads.rows] == ["市发改委"]
    count = api.query(
        store=store,
        expression="PREFIX pk: <https://w3id.org/policykg/ontology#> "
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pk:Measure }",
    )
    assert count.columns == ["n"] and count.rows == [{"n": 19}]
    data = api.export("responsibilities", store, document=SEED_ID[:6], output=tmp_path / "tasks.csv")
    assert (tmp_path / "tasks.csv").read_bytes() == data
    assert data.decode("utf-8").splitlines()[17].split(",")[-2] == "市财政局"
    assert api.validate(store).conforms("violation")
    store.close()


# The CLI's option names that are the service's parameters under another name, and the
# options that only choose how a result is printed.
RENAMED = {
    "store_path": "store",
    "document_id": "document",
    "run_validation": "validate",
    "query_name": "name",
    "graph": "document",
    "plan": "plan",
}
PRESENTATION = {"output_format", "explain", "show_sparql", "fail_on", "list_queries", "raw"}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_one_service_function_with_the_same_options(command):
    function = getattr(service, command.replace("-", "_"))
    options = {RENAMED.get(p.name, p.name) for p in main.commands[command].params} - PRESENTATION
    parameters = set(inspect.signature(function).parameters) - {"on_progress", "on_pushed"}
    assert options - parameters == set(), f"{command}: the CLI has options the service lacks"
    assert parameters - options - {"format"} - PRESENTATION == set(), (
        f"{command}: the service has options the CLI lacks"
    )


def test_the_command_line_holds_no_sparql_rdf_parsing_or_report_merging():
    import kg.cli

    tree = ast.parse(inspect.getsource(kg.cli))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    assert not [text for text in strings if re.search(r"\b(SELECT|INSERT|DELETE|CONSTRUCT|DESCRIBE)\b[^.;]*\{", text)]
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported & {"pyoxigraph", "rdflib", "kg.query", "kg.store", "kg.corpus", "kg.pipeline"} == set()
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert called & {"parse", "Report", "select", "run", "serialize", "quads", "report_graph"} == set()


@pytest.fixture(scope="module")
def store_copy(tmp_path_factory, seed_path):
    """A closed store holding the bundled plan, which a command may open."""
    path = tmp_path_factory.mktemp("one-plan") / "store"
    api.build([seed_path], path)
    return path


UNKNOWN = [
    ["validate", "--document", "nope"],
    ["ask", "what does the Finance Bureau lead", "--document", "nope"],
    ["query", "responsibilities", "--document", "nope"],
    ["query", "-e", "SELECT ?s WHERE { GRAPH ?document { ?s ?p ?o } } LIMIT 1", "--document", "nope"],
    ["export", "responsibilities", "--document", "nope"],
    ["export", "targets", "--document", "nope"],
    ["export", "network", "--document", "nope"],
    ["export", "turtle", "--document", "nope"],
    ["export", "html", "--document", "nope", "-o", "page.html"],
    ["report", "--document", "nope", "-o", "report.html"],
    ["push", "--endpoint", "http://127.0.0.1:9/store", "--graph", "nope"],
    ["remove", "nope"],
]


@pytest.mark.parametrize("arguments", UNKNOWN, ids=lambda arguments: " ".join(arguments[:2]))
def test_an_unknown_plan_is_one_line_and_exit_2_for_every_command(arguments, store_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*arguments, "--store", str(store_copy)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: no plan 'nope' in the store at {store_copy} (1 plan there); "
        "`policykg documents` lists the plans with their ids\n"
    )
    assert not (tmp_path / "page.html").exists() and not (tmp_path / "report.html").exists()


def test_a_plan_is_named_by_id_start_of_id_plan_prefix_or_iri(store_copy):
    iri = f"https://w3id.org/policykg/id/plan/{SEED_ID}"
    with Store(store_copy) as store:
        for name in (SEED_ID, SEED_ID[:4], f"plan:{SEED_ID}", iri, f" {SEED_ID} "):
            assert api.resolve_plan(store, name).value == iri
        with pytest.raises(PlanNotFound) as raised:
            api.resolve_plan(store, SEED_ID[:3])  # too short to be taken for an id
    assert str(raised.value).startswith("no plan 'daf' in the store at ")


def test_the_service_names_every_table_and_network_the_exports_make():
    from kg.export import tables

    assert service.TABLE_KINDS == tuple(tables.TABLES)
    assert set(service.EXPORT_KINDS) == {*tables.TABLES, "network", "bipartite", "html", "coding", *service.RDF_KINDS}


def test_an_empty_document_is_no_plan_not_every_plan(store_copy):
    with pytest.raises(PlanNotFound, match="^no plan '' in the store at "):
        api.validate(store_copy, document="")


def test_every_document_option_says_the_same():
    helps = {
        name: [p.help for p in command.params if p.name == "document_id"] for name, command in main.commands.items()
    }
    assert {name for name, found in helps.items() if found} == {
        "validate",
        "ask",
        "query",
        "export",
        "report",
        "code",
        "import-coding",
    }
    assert len({help for found in helps.values() for help in found}) == 1


def test_the_readme_example_runs(tmp_path, seed_path, monkeypatch):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Python API\n.*?```python\n(.*?)```", readme, re.S).group(1)
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(seed_path, plans)
    monkeypatch.chdir(tmp_path)
    example = example.replace('"/tmp/store"', repr(str(tmp_path / "store")))
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert [(plan.id, plan.measures) for plan in namespace["result"].built] == [(SEED_ID, 19)]
    assert [row["measure"] for row in namespace["answer"].rows] == [17, 18]
    assert (tmp_path / "任务分工表.xlsx").read_bytes()[:2] == b"PK"
