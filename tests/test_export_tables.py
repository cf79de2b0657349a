"""Tables for Chinese users and for Excel (kg.export.tables): headers in Chinese (the
default) or English, a UTF-8 byte order mark for a .csv file, and units listed so that a
cell splits back into their names — the wide 任务分工表 joins them with ；, which no unit's
name holds, and its long form (assignments) has one row per measure, unit and role."""

import codecs
import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from kg import service
from kg.errors import InputError
from kg.export import tables
from kg.formats.tables import csv_task_table
from kg.instruments import load
from kg.registry import Registry
from kg.store import Store
from tests.test_responsibility import SEED_ASSIGNMENTS

CASES = Path(__file__).resolve().parent / "cases"
MEASURES = [str(number) for number in range(1, 20)]
ELEMENTS = load("elements").labels()  # the instrument × element table's columns

ZH = {
    "responsibilities": ["文件", "序号", "重点任务", "所属部分", "牵头单位", "责任单位"],
    "assignments": ["文件", "序号", "重点任务", "所属部分", "单位", "职责角色"],
    "targets": [
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
    ],
    "glossary": ["文件", "序号", "名词", "解释", "所在任务", "政策项目"],
    "programmes": ["文件", "政策项目", "来源", "所在任务"],
    "matrix": ["文件", "单位", *MEASURES],
    "instruments": ["文件", "类型", "编码", "政策工具", "条款数", "占比"],
    "instrument-matrix": ["文件", "政策工具", *ELEMENTS, "合计"],
}
EN = {
    "responsibilities": ["document", "measure", "title", "section", "lead", "participants"],
    "assignments": ["document", "measure", "title", "section", "unit", "role"],
    "targets": [
        "document",
        "measure",
        "text",
        "metric",
        "comparator",
        "value",
        "value_max",
        "unit",
        "basis",
        "baseline",
        "deadline",
        "scope",
    ],
    "glossary": ["document", "number", "term", "definition", "marked_in", "programme"],
    "programmes": ["document", "programme", "source", "measures"],
    "matrix": ["document", "department", *MEASURES],
    "instruments": ["document", "type", "code", "label", "count", "share"],
    "instrument-matrix": ["document", "instrument", *ELEMENTS, "total"],
}

# A plan whose units hold 、 and brackets: joined with 、 they could not be told apart.
PLAN = """\
    临江市职业教育提升方案
    一、重点任务
    1.建设实训基地。（牵头单位：市教育局；责任单位：各区、县（市）人民政府、市财政局）
    2.完善督导机制。（牵头单位：市教育局、市人社局；责任单位：市、县两级人民政府）
    3.营造良好氛围。
    """
PLAN_UNITS = [
    (1, ["市教育局"], ["各区、县（市）人民政府", "市财政局"]),
    (2, ["市教育局", "市人社局"], ["市、县两级人民政府"]),
    (3, [], []),
]


@pytest.fixture(scope="module")
def seed_tables(seed_store):
    return {name: make(seed_store) for name, make in tables.TABLES.items()}


@pytest.fixture
def plan_store(write_plan, tmp_path):
    with Store(tmp_path / "store") as store:
        service.build([write_plan(PLAN)], store)
        yield store


def cell_text(value) -> str:
    if isinstance(value, list):
        return "；".join(value)
    return "" if value is None else str(value)


# --- headers -----------------------------------------------------------------------------


def test_every_table_has_chinese_headers():
    assert list(ZH) == list(tables.TABLES)


@pytest.mark.parametrize("name", list(ZH))
def test_headers_are_chinese_by_default_and_english_on_request(seed_tables, name):
    columns, rows = seed_tables[name]
    assert columns == EN[name]  # the Python API keeps its English keys …
    assert all(set(row) == set(columns) for row in rows)
    assert tables.header_labels(name, columns) == ZH[name]  # … and only rendering translates them
    assert tables.header_labels(name, columns, "en") == EN[name]
    first_line = {
        (table_format, headers): tables.render(columns, rows, table_format, name, headers=headers)
        .decode("utf-8")
        .splitlines()[0]
        for table_format in ("csv", "md")
        for headers in ("zh", "en")
    }
    assert first_line == {
        ("csv", "zh"): ",".join(ZH[name]),
        ("csv", "en"): ",".join(EN[name]),
        ("md", "zh"): "| " + " | ".join(ZH[name]) + " |",
        ("md", "en"): "| " + " | ".join(EN[name]) + " |",
    }
    for headers, expected in (("zh", ZH[name]), ("en", EN[name])):
        book = openpyxl.load_workbook(io.BytesIO(tables.render(columns, rows, "xlsx", name, headers=headers)))
        assert book.sheetnames == [tables.sheet_name(name, headers)]
        assert [cell.value for cell in book.active[1]] == expected


def test_chinese_headers_and_sheet_names_are_unique_and_valid():
    for name, headers in tables.HEADERS.items():
        assert name in tables.TABLES
        assert len(set(headers.values())) == len(headers)
    names = [tables.sheet_name(name) for name in tables.TABLES]
    assert names == [
        "任务分工表",
        "任务分工明细",
        "目标指标",
        "名词解释",
        "政策项目",
        "单位任务矩阵",
        "政策工具频次",
        "政策工具要素矩阵",
    ]
    assert len(set(names)) == len(names) and all(len(name) <= 31 for name in names)
    assert [tables.sheet_name(name, "en") for name in tables.TABLES] == list(tables.TABLES)


def test_a_table_that_is_not_one_of_the_tables_keeps_its_keys():
    assert tables.header_labels("table", ["a", "document"]) == ["a", "document"]
    assert tables.render(["a"], [{"a": 1}], "csv") == b"a\n1\n"


def test_an_unknown_header_language_is_an_input_error():
    with pytest.raises(InputError, match="unknown header language 'fr'; use one of zh, en"):
        tables.render(["a"], [], "csv", headers="fr")


# --- the byte order mark -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ZH))
def test_a_csv_with_a_bom_reads_back_with_utf_8_sig_as_the_rows(seed_tables, tmp_path, name):
    columns, rows = seed_tables[name]
    data = tables.render(columns, rows, "csv", name, bom=True)
    assert data.startswith(codecs.BOM_UTF8) and not data[3:].startswith(codecs.BOM_UTF8)
    assert tables.render(columns, rows, "csv", name) == data[3:]  # none unless asked for
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *body = list(csv.reader(handle))
    assert header == ZH[name]
    assert body == [[cell_text(row[column]) for column in columns] for row in rows]
    assert len(body) == len(rows) > 0


def test_a_file_gets_a_bom_and_standard_output_none_unless_told():
    assert tables.csv_bom("tasks.csv") is True
    assert tables.csv_bom(Path("out/tasks.csv")) is True
    assert tables.csv_bom(None) is False
    assert tables.csv_bom("tasks.csv", bom=False) is False
    assert tables.csv_bom(None, bom=True) is True


def test_markdown_and_workbooks_have_no_bom(seed_tables):
    columns, rows = seed_tables["responsibilities"]
    assert not tables.render(columns, rows, "md", "responsibilities").startswith(codecs.BOM_UTF8)
    assert tables.render(columns, rows, "xlsx", "responsibilities").startswith(b"PK")


# --- units as lists ------------------------------------------------------------------------


def test_the_api_gives_leads_and_participants_as_lists(seed_tables):
    _, rows = seed_tables["responsibilities"]
    assert {row["measure"]: (row["lead"], row["participants"]) for row in rows} == SEED_ASSIGNMENTS


def test_a_unit_name_holding_the_enumeration_comma_survives_the_participants_cell(plan_store):
    columns, rows = tables.responsibilities(plan_store)
    assert [(row["measure"], row["lead"], row["participants"]) for row in rows] == PLAN_UNITS
    read = list(csv.DictReader(io.StringIO(tables.render(columns, rows, "csv", "responsibilities").decode())))
    split = [(int(row["序号"]), row["牵头单位"].split("；"), row["责任单位"].split("；")) for row in read]
    assert split[:2] == PLAN_UNITS[:2]
    assert (read[2]["牵头单位"], read[2]["责任单位"]) == ("", "")
    markdown = tables.render(columns, rows, "md", "responsibilities").decode().splitlines()
    assert markdown[2] == (
        "| 临江市职业教育提升方案 | 1 | 建设实训基地 | 重点任务 | 市教育局 | 各区、县（市）人民政府；市财政局 |"
    )
    book = openpyxl.load_workbook(io.BytesIO(tables.render(columns, rows, "xlsx", "responsibilities")))
    sheet = book["任务分工表"]
    assert [sheet[f"F{row}"].value.split("；") for row in (2, 3)] == [PLAN_UNITS[0][2], PLAN_UNITS[1][2]]
    assert sheet["E3"].value.split("；") == ["市教育局", "市人社局"]


def test_the_chinese_table_is_a_task_table_the_reader_reads_back(plan_store, tmp_path):
    columns, rows = tables.responsibilities(plan_store)
    path = tmp_path / "tasks.csv"
    path.write_bytes(tables.render(columns, rows, "csv", "responsibilities", bom=True))
    table = csv_task_table(path, path.read_bytes())
    found = [(row.number, row.task, list(row.lead), list(row.participants)) for row in table.rows]
    assert found == [(row["measure"], row["title"], row["lead"], row["participants"]) for row in rows]


def test_no_unit_name_of_the_seed_the_cases_or_the_registry_holds_the_separator(seed_tables):
    names = {row["unit"] for row in seed_tables["assignments"][1] if row["unit"]}
    for expected in CASES.glob("*/*.expected.json"):
        for entry in json.loads(expected.read_text(encoding="utf-8")).get("responsibilities", {}).values():
            names.update(entry["lead"] + entry["participants"])
    names.update(name for kind in Registry.load().kinds.values() for name in kind.zh_names)
    assert len(names) > 200
    assert [name for name in names if tables.LIST_SEPARATOR in name or "\n" in name] == []
    assert any("、" in name for name in names)  # which is why 、 cannot separate them


# --- the long table ------------------------------------------------------------------------


def test_the_long_table_has_one_row_per_unit_with_its_role(plan_store):
    columns, rows = tables.assignments(plan_store)
    assert columns == EN["assignments"]
    assert [(row["measure"], row["unit"], row["role"]) for row in rows] == [
        (1, "市教育局", "lead"),
        (1, "各区、县（市）人民政府", "participant"),
        (1, "市财政局", "participant"),
        (2, "市教育局", "lead"),
        (2, "市人社局", "lead"),
        (2, "市、县两级人民政府", "participant"),
        (3, None, None),  # a measure that names nobody still has its row
    ]
    assert {(row["title"], row["section"]) for row in rows if row["measure"] == 1} == {("建设实训基地", "重点任务")}
    lines = tables.render(columns, rows, "csv", "assignments").decode().splitlines()
    assert lines[0] == "文件,序号,重点任务,所属部分,单位,职责角色"
    assert lines[2] == "临江市职业教育提升方案,1,建设实训基地,重点任务,各区、县（市）人民政府,participant"
    assert lines[-1] == "临江市职业教育提升方案,3,营造良好氛围,重点任务,,"


def test_the_long_table_folds_back_into_the_wide_one(seed_tables):
    _, long = seed_tables["assignments"]
    _, wide = seed_tables["responsibilities"]
    folded: dict[int, tuple[list, list]] = {}
    for row in long:
        leads, participants = folded.setdefault(row["measure"], ([], []))
        if row["unit"] is not None:
            (leads if row["role"] == "lead" else participants).append(row["unit"])
    assert folded == {row["measure"]: (row["lead"], row["participants"]) for row in wide}
    assert len(long) == 90  # the seed's assignments: 19 leads and 71 participants


def test_two_names_of_one_body_in_a_list_are_one_unit_in_the_table(write_plan, tmp_path):
    plan = "青川市优化营商环境若干措施\n一、重点任务\n1.优化涉企服务。（责任单位：市行政审批局、市政务服务中心、市发展改革委）\n"
    with Store(tmp_path / "store") as store:
        service.build([write_plan(plan)], store)
        _, rows = tables.responsibilities(store)
        _, long = tables.assignments(store)
    assert [(row["lead"], row["participants"]) for row in rows] == [([], ["市行政审批局", "市发展改革委"])]
    assert [(row["unit"], row["role"]) for row in long] == [
        ("市行政审批局", "participant"),
        ("市发展改革委", "participant"),
    ]
