"""The workbook: one sheet per table whose rows equal the CSV rows, a frozen bold header,
fitted widths, typed cells, lists joined with ；; the tables' workbook in Chinese or English;
and the department × measure matrix of the seed."""

import csv
import io

import openpyxl
import pytest

from kg import workbook as xlsx
from kg.export import tables


@pytest.fixture(scope="module")
def all_tables(seed_store):
    return {name: function(seed_store) for name, function in tables.TABLES.items()}


@pytest.fixture(scope="module")
def book(all_tables):
    return openpyxl.load_workbook(io.BytesIO(xlsx.workbook(all_tables)))


def csv_rows(columns, rows):
    return list(csv.reader(io.StringIO(tables.render(columns, rows, "csv").decode("utf-8"))))


def as_text(value):
    return "" if value is None else str(value)


NAMES = [
    "responsibilities",
    "assignments",
    "targets",
    "glossary",
    "programmes",
    "matrix",
    "instruments",
    "instrument-matrix",
]


def test_one_sheet_per_table_in_the_order_given(book):
    assert book.sheetnames == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_sheet_holds_the_csv_rows(book, all_tables, name):
    sheet = book[name]
    found = [[as_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert found == csv_rows(*all_tables[name])
    assert len(found) == len(all_tables[name][1]) + 1


@pytest.mark.parametrize("name", NAMES)
def test_header_is_bold_and_frozen_and_widths_are_set(book, name):
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        assert len(cell.value) + 2 <= width <= xlsx.MAX_COLUMN_WIDTH


def test_widths_count_chinese_characters_double(book):
    sheet = book["responsibilities"]
    header = [cell.value for cell in sheet[1]]
    title_column = sheet.cell(row=1, column=header.index("title") + 1).column_letter
    # the longest title, 建立健全职业教育改革发展推进机制, is 16 characters wide 32
    assert sheet.column_dimensions[title_column].width == 34
    assert sheet.column_dimensions["B"].width == len("measure") + 2


def test_cells_keep_their_types(book):
    responsibilities = book["responsibilities"]
    assert [cell.value for cell in responsibilities["B"][1:4]] == [1, 2, 3]
    targets = book["targets"]
    header = [cell.value for cell in targets[1]]
    comparators = [row[header.index("comparator")] for row in targets.iter_rows(min_row=2)]
    equal = next(cell for cell in comparators if cell.value == "=")
    assert equal.data_type == "s"  # text, not an empty formula
    values = [row[header.index("value")].value for row in targets.iter_rows(min_row=2)]
    assert 30 in values and all(isinstance(value, (int, float)) for value in values)


def test_the_matrix_marks_leads_and_participants(all_tables):
    columns, rows = all_tables["matrix"]
    assert columns == ["document", "department"] + [str(number) for number in range(1, 20)]
    assert [row["department"] for row in rows[:2]] == ["市教育局", "市财政局"]
    finance = rows[1]
    assert [number for number in range(1, 20) if finance[str(number)] == "L"] == [17, 18]
    assert [number for number in range(1, 20) if finance[str(number)] == "P"] == [3, 4, 5, 6, 7, 10, 14]
    marks = [row[str(number)] for row in rows for number in range(1, 20)]
    assert (marks.count("L"), marks.count("P"), len(rows)) == (19, 71, 19)


def test_the_matrix_of_one_plan_is_the_matrix_of_the_store(seed_store, all_tables):
    assert tables.matrix(seed_store, "daf8227113fe") == all_tables["matrix"]


def test_same_tables_same_bytes(all_tables):
    assert xlsx.workbook(all_tables) == xlsx.workbook(all_tables)


def test_sheet_names_are_made_valid_and_unique():
    book = openpyxl.load_workbook(
        io.BytesIO(
            xlsx.workbook(
                {
                    "a/b": (["x"], [{"x": 1}]),
                    "A_B": (["x"], []),
                    "名" * 40: (["x"], [{"x": "=1+1"}]),
                }
            )
        )
    )
    assert book.sheetnames == ["a_b", "A_B (2)", "名" * 31]
    assert book["名" * 31]["A2"].value == "=1+1" and book["名" * 31]["A2"].data_type == "s"


def test_a_list_in_a_cell_is_its_items_joined_with_the_separator():
    book = openpyxl.load_workbook(
        io.BytesIO(
            xlsx.workbook({"t": (["units"], [{"units": ["各区、县（市）人民政府", "市财政局"]}, {"units": []}])})
        )
    )
    assert book["t"]["A2"].value == "各区、县（市）人民政府；市财政局"
    assert book["t"]["A3"].value is None
    assert book["t"]["A2"].value.split(xlsx.LIST_SEPARATOR) == ["各区、县（市）人民政府", "市财政局"]


@pytest.fixture(scope="module")
def chinese_book(all_tables):
    return openpyxl.load_workbook(io.BytesIO(tables.workbook(all_tables)))


def test_the_tables_workbook_speaks_chinese_by_default(chinese_book, all_tables):
    assert chinese_book.sheetnames == [
        "任务分工表",
        "任务分工明细",
        "目标指标",
        "名词解释",
        "政策项目",
        "单位任务矩阵",
        "政策工具频次",
        "政策工具要素矩阵",
    ]
    sheet = chinese_book["任务分工表"]
    assert [cell.value for cell in sheet[1]] == ["文件", "序号", "重点任务", "所属部分", "牵头单位", "责任单位"]
    assert [cell.value for cell in sheet[4]][1:] == [
        3,
        "强化中职教育基础地位",
        "完善现代职业教育体系",
        "市教育局",
        "区县（市）人民政府；市发改委；市财政局；市自规局",
    ]
    # the header's Chinese characters count double in its width
    assert sheet.column_dimensions["B"].width == len("序号") * 2 + 2
    matrix = chinese_book["单位任务矩阵"]
    assert [cell.value for cell in matrix[1]] == ["文件", "单位"] + [str(number) for number in range(1, 20)]
    for name, title in zip(all_tables, chinese_book.sheetnames, strict=True):
        rows = [[as_text(value) for value in row] for row in chinese_book[title].iter_rows(values_only=True)]
        assert rows[1:] == csv_rows(*all_tables[name])[1:]  # the same cells under other headers


def test_the_tables_workbook_in_english_is_the_plain_workbook(all_tables):
    assert tables.workbook(all_tables, headers="en") == xlsx.workbook(all_tables)
