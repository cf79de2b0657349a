"""Files and commands behave the way researchers' tools do: permissions, explicit stores,
standard input, row formats, suffixes, iri parameters by name, one count of departments,
quiet store logs, and README queries that answer alike on a SPARQL server."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "daf8227113fe"


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_path) -> Path:
    """A closed store holding the bundled plan."""
    path = tmp_path_factory.mktemp("behaviour") / "store"
    api.build([seed_path], path)
    return path


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


# --- 1. permissions --------------------------------------------------------------------


def test_files_written_under_umask_022_are_0644(store, tmp_path):
    old = os.umask(0o022)
    try:
        outputs = [tmp_path / name for name in ("tasks.csv", "tables.xlsx", "plan.ttl", "page.html", "report.html")]
        assert invoke("export", "responsibilities", "-o", str(outputs[0]), "--store", str(store)).exit_code == 0
        assert invoke("export", "--all", "-o", str(outputs[1]), "--store", str(store)).exit_code == 0
        assert invoke("export", "turtle", "-o", str(outputs[2]), "--store", str(store)).exit_code == 0
        assert invoke("export", "html", "-o", str(outputs[3]), "--store", str(store)).exit_code == 0
        assert invoke("report", "-o", str(outputs[4]), "--store", str(store)).exit_code == 0
    finally:
        os.umask(old)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in outputs} == {path.name: "0o644" for path in outputs}
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_file_replaced_keeps_its_permissions(store, tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("old")
    path.chmod(0o600)
    assert invoke("export", "responsibilities", "-o", str(path), "--store", str(store)).exit_code == 0
    assert oct(path.stat().st_mode & 0o777) == "0o600" and path.read_text(encoding="utf-8") != "old"


# --- 2. an explicit store must exist ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["ask", "财政局牵头哪些任务？"],
        ["query", "responsibilities"],
        ["documents"],
        ["export", "targets"],
        ["report", "-o", "r.html"],
        ["remove", SEED_ID],
    ],
    ids=lambda args: args[0],
)
def test_a_mistyped_store_is_an_error_not_a_new_store(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "stroe"
    result = invoke(*args, "--store", str(typo))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {typo}: there is no store there; check the path, or build one with `policykg build --store {typo}`\n"
    )
    assert not typo.exists() and not (tmp_path / "r.html").exists()


def test_build_creates_the_store_it_is_given(tmp_path, seed_path):
    result = invoke("build", str(seed_path), "--store", str(tmp_path / "new"))
    assert result.exit_code == 0 and (tmp_path / "new").is_dir()


# --- 6. standard input, row formats, suffixes -------------------------------------------


def test_build_and_query_read_standard_input(tmp_path, seed_path):
    built = invoke("build", "-", "--store", str(tmp_path / "store"), input=seed_path.read_bytes())
    assert built.exit_code == 0, built.output
    assert f"id {SEED_ID}" in built.stdout
    sparql = "SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a <https://w3id.org/policykg/ontology#Measure> } }"
    asked = invoke("query", "-", "--format", "jsonl", "--store", str(tmp_path / "store"), input=sparql)
    assert asked.stdout == '{"n": 19}\n'
    listed = json.loads(invoke("documents", "--format", "json", "--store", str(tmp_path / "store")).stdout)
    assert [(row["id"], row["measures"]) for row in listed] == [(SEED_ID, 19)]


def test_rows_print_as_tsv_and_jsonl_wherever_rows_are_printed(store):
    tsv = invoke("query", "measure-leads", "--param", "number=17", "--format", "tsv", "--store", str(store)).stdout
    rows = list(csv.DictReader(io.StringIO(tsv), dialect=csv.excel_tab))
    assert [(row["measure"], row["department"], row["role"]) for row in rows] == [("17", "市财政局", "lead")]
    documents = invoke("documents", "--format", "jsonl", "--store", str(store)).stdout.splitlines()
    assert [json.loads(line)["id"] for line in documents] == [SEED_ID]
    asked = invoke("ask", "what does the Finance Bureau lead", "--format", "tsv", "--store", str(store)).stdout
    assert [row["measure"] for row in csv.DictReader(io.StringIO(asked), dialect=csv.excel_tab)] == ["17", "18"]


@pytest.mark.parametrize(
    "kind, name, message",
    [
        ("turtle", "plan.jsonld", "turtle is written as .ttl, not .jsonld"),
        ("jsonld", "plan.ttl", "jsonld is written as .jsonld or .json, not .ttl"),
        ("html", "page.csv", "html is written as .html or .htm, not .csv"),
    ],
)
def test_an_output_suffix_that_does_not_suit_the_kind_is_an_error(store, tmp_path, kind, name, message):
    result = invoke("export", kind, "-o", str(tmp_path / name), "--store", str(store))
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / name).exists()


def test_every_table_in_one_workbook_needs_no_kind_and_the_page_goes_to_stdout(store, tmp_path):
    import openpyxl

    assert invoke("export", "--all", "-o", str(tmp_path / "all.xlsx"), "--store", str(store)).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames == [
        "任务分工表",
        "任务分工明细",
        "目标指标",
        "名词解释",
        "政策项目",
        "单位任务矩阵",
        "政策工具频次",
        "政策工具要素矩阵",
    ]
    page = invoke("export", "html", "--store", str(store))
    assert page.exit_code == 0 and page.stdout.startswith("<!DOCTYPE html>")
    assert invoke("export", "--store", str(store)).exit_code == 2


# --- 5. iri parameters by name -----------------------------------------------------------


@pytest.mark.parametrize(
    "query, value, expected",
    [
        ("measures-led-by", "unit=市财政局", [17, 18]),
        ("measures-led-by", "unit=Finance Bureau", [17, 18]),
        ("measures-led-by", "unit=益阳市-finance", [17, 18]),
        ("measures-led-by", "unit=unit:益阳市-finance", [17, 18]),
        ("measures-mentioning", "concept=双高计划", [4]),
        ("measures-mentioning", "concept=pkp:double-high", [4]),
    ],
)
def test_an_iri_parameter_takes_a_name_an_id_or_a_curie(store, query, value, expected):
    result = invoke("query", query, "--param", value, "--format", "json", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert [row["measure"] for row in json.loads(result.stdout)] == expected


@pytest.mark.parametrize("value", ["kind=财政局", "kind=pkd:finance", "kind=Finance Bureau", "kind=finance"])
def test_a_department_kind_is_found_by_any_of_its_names(store, value):
    result = invoke("query", "kind-across-jurisdictions", "--param", value, "--format", "json", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert [row["jurisdiction"] for row in json.loads(result.stdout)] == ["益阳市"]


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "unit=市不存在局",
            "Error: parameter unit: no pk:Unit is named '市不存在局'; give its name as written, or its IRI",
        ),
        (
            "unit=https://w3id.org/policykg/id/unit/nowhere",
            "Error: parameter unit: 'https://w3id.org/policykg/id/unit/nowhere' is in none of the data's graphs",
        ),
    ],
)
def test_an_iri_parameter_that_names_nothing_is_an_error_not_an_empty_result(store, value, message):
    result = invoke("query", "measures-led-by", "--param", value, "--store", str(store))
    assert result.exit_code == 2 and result.stderr.startswith(message) and result.stdout == ""


# --- 9. one count, quiet logs, matching examples ------------------------------------------


def test_build_documents_and_report_count_departments_alike(tmp_path, seed_path):
    built = invoke("build", str(seed_path), "--store", str(tmp_path / "store"))
    assert "departments: 19; assignments: 90; unresolved: 0" in built.stdout
    listed = json.loads(invoke("documents", "--format", "json", "--store", str(tmp_path / "store")).stdout)
    assert [row["departments"] for row in listed] == [19]


def test_commands_leave_no_rotated_logs_in_the_store(store):
    for _ in range(3):
        invoke("documents", "--store", str(store))
    assert sorted(path.name for path in store.glob("LOG.old.*")) == []


def test_the_example_questions_pair_questions_that_ask_the_same(store):
    result = invoke("ask", "今天天气怎么样", "--store", str(store))
    pairs = [line.strip().split("  /  ") for line in result.stderr.splitlines() if "  /  " in line]
    numbers = [(re.findall(r"\d+", zh), re.findall(r"\d+", en)) for zh, en in pairs]
    assert len(pairs) == 5 and all(zh == en for zh, en in numbers)
    assert pairs[1] == ["第19项任务由谁牵头？", "Who leads measure 19?"]


def test_the_readme_counts_the_query_library():
    from kg import query as library

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(it has {len(library.library())} now)" in readme


# --- 3. the README's SPARQL answers alike on a server -------------------------------------


def _readme_sparql() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sparql\n(.*?)```", readme, re.S)
    queries += re.findall(r'policykg query -e "([^"]+)"', readme)
    return queries


def test_the_readme_queries_give_the_same_rows_on_an_oxigraph_server(store, tmp_path):
    from tests.test_remote import oxigraph_server

    queries = _readme_sparql()
    assert len(queries) >= 2
    with oxigraph_server(tmp_path / "oxigraph") as base:
        assert invoke("push", "--endpoint", f"{base}/store", "--store", str(store)).exit_code == 0
        for sparql in queries:
            local = invoke("query", "-e", sparql, "--format", "json", "--store", str(store))
            remote = invoke("query", "-e", sparql, "--format", "json", "--endpoint", f"{base}/query")
            assert local.exit_code == remote.exit_code == 0, (local.output, remote.output)
            assert json.loads(local.stdout) and json.loads(local.stdout) == json.loads(remote.stdout), sparql


def test_the_readme_sparql_block_lists_the_finance_bureaus_measures(store):
    sparql = _readme_sparql()[0]
    rows = json.loads(invoke("query", "-e", sparql, "--format", "json", "--store", str(store)).stdout)
    assert [row["number"] for row in rows] == [17, 18]


def test_python_m_kg_runs_the_same_command_line(store):
    result = subprocess.run(
        [sys.executable, "-m", "kg", "documents", "--format", "jsonl", "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["id"] == SEED_ID


def test_a_plan_built_by_an_older_policykg_is_rebuilt_not_skipped(tmp_path, seed_path):
    from kg.store import Store

    path = tmp_path / "store"
    api.build([seed_path], path)
    with Store(path) as store:  # what a build before the ELI / Dublin Core metadata left
        store.update("DELETE WHERE { GRAPH ?g { ?plan <http://purl.org/dc/terms/identifier> ?id } }")
    again = api.build([seed_path], path)
    assert [(plan.id, plan.measures) for plan in again.built] == [(SEED_ID, 19)] and again.skipped == []
    assert api.build([seed_path], path).skipped != []


def test_a_network_view_writes_one_kind_of_edge(store, tmp_path):
    import networkx as nx

    path = tmp_path / "co.graphml"
    assert (
        invoke("export", "network", "--view", "co-responsible", "-o", str(path), "--store", str(store)).exit_code == 0
    )
    graph = nx.read_graphml(path)
    assert (type(graph).__name__, graph.number_of_nodes(), graph.number_of_edges()) == ("Graph", 19, 102)
    wrong = invoke("export", "network", "--view", "nope", "--store", str(store))
    assert wrong.exit_code == 2
    assert wrong.stderr == "Error: the network export has no view 'nope'; its views are co-responsible, leads\n"
