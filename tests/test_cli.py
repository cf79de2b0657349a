"""The command line, in-process with click's CliRunner."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import tables
from tests.test_responsibility import SEED_ASSIGNMENTS

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI against a fresh store in tmp_path."""
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_ask_on_an_empty_store_builds_the_bundled_plan_first(run):
    result = run("ask", "what does the Finance Bureau lead", "--format", "json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "interpretation", "sparql", "rows"}
    assert [(r["measure"], r["title"], r["department"]) for r in answer["rows"]] == [
        (17, "保障职校教师编制", "市财政局"),
        (18, "强化经费保障", "市财政局"),
    ]
    assert "is empty; building the bundled plan" in result.stderr
    again = run("ask", "what does the Finance Bureau lead", "--format", "json")
    assert "building" not in again.stderr


def test_ask_table_and_show_sparql(run):
    result = run("ask", "Who leads measure 19?", "--show-sparql")
    assert result.exit_code == 0
    assert 'VALUES ?measure { "19"^^<http://www.w3.org/2001/XMLSchema#integer> }' in result.stdout
    assert 'VALUES ?role { "lead" }' in result.stdout
    assert re.search(r"^19\s+健全督导评价机制\s+lead\s+市委组织部", result.stdout, re.MULTILINE)


def test_ask_not_understood_exits_1_with_questions_about_the_store(run):
    result = run("ask", "今天天气怎么样")
    assert result.exit_code == 1
    assert "\nError: cannot understand the question: 今天天气怎么样\n" in result.stderr
    assert "第19项任务由谁牵头？" in result.stderr
    assert "Traceback" not in result.output


def test_ask_explains_its_reading_and_prints_rows_as_jsonl_or_csv(run):
    result = run("ask", "市卫生健康委员会（市卫健委）参与哪些任务？", "--explain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "form: measures (confidence 0.9) — measures 市卫健委 takes part in (any role)"
    assert lines[2].startswith("  unit: '市卫生健康委员会' [0:8] → 卫生健康委员会 (")
    assert lines[3].startswith("  unit: '市卫健委' [9:13] → 市卫健委 (")
    assert "filters: unit=https://w3id.org/policykg/id/unit/益阳市-health, role=any" in result.stdout
    rows = [json.loads(line) for line in run("ask", "市卫健委参与哪些任务？", "--format", "jsonl").stdout.splitlines()]
    assert [(row["measure"], row["role"]) for row in rows] == [(4, "participant"), (6, "participant")]
    assert rows[0]["source"].startswith("4.") and not rows[0]["source"].endswith("…")
    table = run("ask", "Which departments are in charge of measure 2?", "--format", "csv").stdout.splitlines()
    assert table[0].startswith("measure,title,role,department,")
    assert [line.split(",")[2:4] for line in table[1:]] == [["lead", "市教育局"], ["participant", "市人社局"]]
    assert "Traceback" not in result.output


def test_build_prints_a_summary_and_writes_turtle(run, tmp_path):
    target = tmp_path / "seed.ttl"
    result = run("build", "-o", str(target))
    assert result.exit_code == 0
    assert "益阳市职业教育高质量发展实施方案 (2021-2025, 征求意见稿)" in result.stdout
    assert "measures: 19 in 6 groups; departments: 19; assignments: 90; unresolved: 0" in result.stdout
    assert target.read_text(encoding="utf-8").startswith("@prefix ")


def test_build_bad_input_is_one_line_and_exit_2(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("build", str(empty))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {empty}: the file is empty; give a plan's text\n"
    result = run("build", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    result = run("build", "-o", str(tmp_path / "out.xyz"))
    assert result.exit_code == 2
    assert "unknown RDF file type .xyz" in result.stderr


def test_rebuilding_replaces_the_plans_graph(run, tmp_path):
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    assert run("build", "-o", str(first)).exit_code == 0
    assert run("build", "-o", str(second)).exit_code == 0
    from kg.store import Store

    store = Store(tmp_path / "store")
    assert len(store.documents()) == 1
    lines = first.read_text(encoding="utf-8").splitlines()
    plan_graph = [q for q in store.quads() if q.graph_name == store.documents()[0]]
    assert len(plan_graph) == len(lines)


def test_export_responsibilities_csv_reproduces_the_plan(run, tmp_path):
    target = tmp_path / "table.csv"
    result = run("export", "responsibilities", "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8-sig")  # a .csv file may start with a BOM, for Excel
    assert text == (CASES / "yiyang" / "responsibilities.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["文件", "序号", "重点任务", "所属部分", "牵头单位", "责任单位"]
    found = {int(r["序号"]): (r["牵头单位"].split("；"), r["责任单位"].split("；")) for r in rows}
    assert found == SEED_ASSIGNMENTS


def test_export_responsibilities_markdown(run, tmp_path):
    target = tmp_path / "table.md"
    assert run("export", "responsibilities", "-o", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "| 文件 | 序号 | 重点任务 | 所属部分 | 牵头单位 | 责任单位 |"
    assert len(lines) == 2 + 19
    assert (
        lines[18]
        == "| 益阳市职业教育高质量发展实施方案 | 17 | 保障职校教师编制 | 强化职业教育发展保障 | 市财政局 | 市教育局；市人社局 |"
    )


def test_query_library_list_and_parameters(run):
    listing = run("query", "--list")
    assert listing.exit_code == 0
    names = [line.split()[0] for line in listing.stdout.splitlines()]
    assert names == sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    assert {"measure-leads", "measures-led-by", "measures-involving", "responsibilities", "targets", "glossary"} <= set(
        names
    )
    result = run("query", "measure-leads", "--param", "number=15", "--format", "json")
    assert result.exit_code == 0
    assert [row["department"] for row in json.loads(result.stdout)] == ["市人社局"]


def test_query_parameters_are_checked_and_bound_not_pasted(run):
    assert run("query", "measure-leads").exit_code == 2
    bad_type = run("query", "measure-leads", "--param", "number=17 } ; DROP ALL ; #")
    assert bad_type.exit_code == 2
    assert "is not a valid integer" in bad_type.stderr
    hostile = run("query", "measures-led-by", "--param", "unit=http://x/> } ; DROP ALL ; #", "--format", "json")
    assert hostile.exit_code == 2
    assert hostile.stderr == (
        "Error: parameter unit: no pk:Unit is named 'http://x/> } ; DROP ALL ; #'; give its name as written, or its IRI\n"
    )
    count = run("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv")
    assert count.exit_code == 0
    assert int(count.stdout.splitlines()[1]) > 2000


def test_query_by_file_and_csv(run, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text(
        "# title@en: Measures\nPREFIX pk: <https://w3id.org/policykg/ontology#>\n"
        "SELECT (COUNT(?m) AS ?measures) WHERE { ?m a pk:Measure }\n",
        encoding="utf-8",
    )
    result = run("query", str(path), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == "measures\n19\n"
    assert run("query", "no-such-query").exit_code == 2
    assert run("query", "-e", "SELEC nonsense").exit_code == 2


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert f"policykg {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["targets", "glossary", "programmes"])
def test_export_tables_match_the_reviewed_case(run, tmp_path, kind):
    target = tmp_path / f"{kind}.csv"
    result = run("export", kind, "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8-sig") == (CASES / "yiyang" / f"{kind}.csv").read_text(encoding="utf-8")


def test_export_targets_has_the_plans_goals(run, tmp_path):
    target = tmp_path / "targets.csv"
    assert run("export", "targets", "-o", str(target)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == [
        "文件",
        "任务序号",
        "原文",
        "指标",
        "比较关系",
        "数值",
        "数值上限",
        "计量单位",
        "计量基准",
        "基数",
        "完成时限",
        "范围",
    ]
    found = {(r["任务序号"], r["比较关系"], r["数值"], r["数值上限"], r["计量单位"], r["完成时限"]) for r in rows}
    assert {
        ("11", ">", "50", "", "%", "2023"),
        ("18", ">=", "10000", "", "元/年", ""),
        ("18", ">=", "12000", "", "元/年", ""),
        ("18", ">=", "30", "", "%", ""),
        ("17", "range", "15", "30", "%", ""),
        ("7", ">=", "2", "", "倍", ""),
        ("9", "~", "20", "", "家", "2025"),
        ("3", "=", "100", "", "%", "2022-12-31"),
    } <= found
    assert [int(r["任务序号"]) for r in rows] == sorted(int(r["任务序号"]) for r in rows)


def test_export_networks_pages_workbooks_and_rdf(run, tmp_path):
    import networkx as nx
    import openpyxl

    gexf, graphml = tmp_path / "departments.gexf", tmp_path / "bipartite.graphml"
    assert run("export", "network", "-o", str(gexf)).exit_code == 0
    assert b'xmlns="http://gexf.net/1.3"' in gexf.read_bytes()
    assert run("export", "bipartite", "-o", str(graphml)).exit_code == 0
    bipartite = nx.read_graphml(graphml)
    assert bipartite.number_of_edges() == 90
    page = tmp_path / "plan.html"
    assert run("export", "html", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "市财政局" in text and "cdn" not in text.lower()
    book = tmp_path / "tables.xlsx"
    assert run("export", "matrix", "--all", "-o", str(book)).exit_code == 0
    assert len(openpyxl.load_workbook(book).sheetnames) == len(tables.TABLES)  # names: test_export_headers_…
    nquads = run("export", "nquads", "--document", "daf8227113fe")
    lines = nquads.stdout.splitlines()
    assert nquads.exit_code == 0 and len(lines) == 1774  # docs/graph.md: the bundled plan's quads
    assert all(line.endswith("<https://w3id.org/policykg/id/plan/daf8227113fe> .") for line in lines)
    csv_out = run("export", "responsibilities")
    assert csv_out.stdout == (CASES / "yiyang" / "responsibilities.csv").read_text(encoding="utf-8")
    report = tmp_path / "report.html"
    assert run("report", "-o", str(report)).exit_code == 0
    assert "市教育局" in report.read_text(encoding="utf-8")


def test_export_headers_are_chinese_and_a_csv_file_has_a_bom_for_excel(run, tmp_path):
    """The table options on the command line (kg.export.tables: --headers zh|en, zh by
    default; a BOM in a .csv file, none on standard output)."""
    import openpyxl

    if "--headers" not in run("export", "--help").stdout:
        pytest.skip("the export command has no --headers option yet")
    target = tmp_path / "tasks.csv"
    assert run("export", "responsibilities", "-o", str(target)).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == "文件,序号,重点任务,所属部分,牵头单位,责任单位"
    assert not run("export", "responsibilities").stdout.startswith("\ufeff")
    english = tmp_path / "tasks-en.csv"
    assert run("export", "responsibilities", "--headers", "en", "-o", str(english)).exit_code == 0
    assert english.read_text(encoding="utf-8-sig").splitlines()[0] == "document,measure,title,section,lead,participants"
    long = run("export", "assignments", "--headers", "en").stdout.splitlines()
    assert long[0] == "document,measure,title,section,unit,role"
    assert len(long) == 1 + 90  # one row per assignment: the seed names 90, and a unit for every measure
    book = tmp_path / "tables.xlsx"
    assert run("export", "matrix", "--all", "-o", str(book)).exit_code == 0
    sheets = openpyxl.load_workbook(book)
    assert sheets.sheetnames == [
        "任务分工表",
        "任务分工明细",
        "目标指标",
        "名词解释",
        "政策项目",
        "单位任务矩阵",
        "政策工具频次",
        "政策工具要素矩阵",
    ]
    assert [cell.value for cell in sheets["任务分工表"][1]] == [
        "文件",
        "序号",
        "重点任务",
        "所属部分",
        "牵头单位",
        "责任单位",
    ]
    english_book = tmp_path / "tables-en.xlsx"
    assert run("export", "matrix", "--all", "--headers", "en", "-o", str(english_book)).exit_code == 0
    assert openpyxl.load_workbook(english_book).sheetnames == list(tables.TABLES)
