"""任务分工表 as people fill them in: placeholders that name nobody, titles from a row, a
caption or a sheet's name (and a warning when there is none), and the 完成时限 column as the
deadline of its row's targets. The documents of tests/cases/task-tables/ check whole
tables; these tests check the pieces."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import main
from kg.extract.responsibility import extract as extract_responsibilities
from kg.extract.targets import field_deadline
from kg.formats import extract_text, read_task_table
from kg.formats.tables import (
    TaskRow,
    caption_of,
    is_placeholder,
    measure_rows,
    numbered_task,
    plan_text,
    split_units,
    task_table_from_cells,
    title_of,
)
from kg.read import decode
from kg.structure import parse
from kg.tasks import Disagreement, compare

HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
PLACEHOLDERS = ["无", "—", "——", "-", "/", "／", "暂无", "空", "", "  ", "无。", "－", "待定"]


# --- placeholders --------------------------------------------------------------------


@pytest.mark.parametrize("cell", PLACEHOLDERS)
def test_a_placeholder_names_no_unit(cell):
    assert is_placeholder(cell)
    assert split_units(cell) == ()


def test_placeholders_among_units_are_dropped_and_units_are_not_placeholders():
    assert split_units("区教育局、无、/、区财政局") == ("区教育局", "区财政局")
    for name in ("无锡市人民政府", "空港新区管委会", "区教育局", "各街道（乡镇）"):
        assert not is_placeholder(name)
        assert split_units(name) == (name,)


def test_a_row_whose_lead_is_a_placeholder_has_no_lead():
    table = task_table_from_cells(
        [
            HEADER,
            ["1", "建设社区食堂", "无", "区民政局、各街道", "2025年"],
            ["2", "完善养老服务网络", "——", "——", "/"],
            ["3", "推广长期护理保险", "区医保局", "暂无", "—"],
        ],
        "t.csv",
    )
    assert table.lead_column
    assert table.rows == (
        TaskRow(1, "建设社区食堂", (), ("区民政局", "各街道"), "2025年"),
        TaskRow(2, "完善养老服务网络", (), (), None),
        TaskRow(3, "推广长期护理保险", ("区医保局",), (), None),
    )
    document = parse(decode(plan_text(table).encode("utf-8"), "t.txt"))
    statuses = {r.measure: r.status.value for r in extract_responsibilities(document)}
    assert statuses == {1: "no-lead", 2: "unassigned", 3: "assigned"}


def test_units_marked_as_lead_lead_in_either_column():
    table = task_table_from_cells(
        [
            ["工作内容", "责任单位"],
            ["举办文化旅游节", "县文旅局（牵头）、县公安局、县交通运输局"],
            ["整治旅游市场秩序", "县市场监管局(牵头单位)、县文旅局（牵头）"],
        ],
        "t.csv",
    )
    assert not table.lead_column
    assert [(row.lead, row.participants) for row in table.rows] == [
        (("县文旅局",), ("县公安局", "县交通运输局")),
        (("县市场监管局", "县文旅局"), ()),
    ]


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("附件2：某县乡村振兴重点任务分工表", "某县乡村振兴重点任务分工表"),
        ("附件 1", None),
        ("附件", None),
        ("附表3  长沙市 重点任务清单", "长沙市重点任务清单"),
        ("填报单位：某市发展和改革委员会", None),
        ("各单位要于每月5日前报送进展情况。", None),
        ("说明：", None),
        ("序", None),
        ("Sheet1", None),
    ],
)
def test_title_of_a_line_above_a_table(line, title):
    assert title_of(line) == title


def test_a_caption_is_the_nearest_title_like_line_of_the_two_above():
    assert caption_of(["附件", "长沙市养老服务体系建设任务分工表"]) == "长沙市养老服务体系建设任务分工表"
    assert caption_of(["某县交通强县建设任务分工表", "填报单位：某县交通运输局"]) == "某县交通强县建设任务分工表"
    assert caption_of(["一、总体要求", "各部门要按照分工抓好落实。", "附件"]) is None
    assert caption_of([]) is None


def test_the_first_title_like_row_above_the_header_is_the_title():
    cells = [
        ["附件3", "", "", ""],
        ["某市2025年城市更新重点任务分工表", "某市2025年城市更新重点任务分工表", "", ""],
        ["填报单位：某市住房和城乡建设局", "", "", ""],
        ["序号", "重点任务", "牵头单位", "责任单位"],
        ["1", "改造老旧小区40个", "市住建局", "各区人民政府"],
    ]
    table = task_table_from_cells(cells, "t.csv", caption="被忽略的标题行")
    assert (table.title, table.title_source) == ("某市2025年城市更新重点任务分工表", "title-row")
    untitled = task_table_from_cells(cells[3:], "t.csv")
    assert (untitled.title, untitled.title_source) == (None, None)
    captioned = task_table_from_cells(cells[3:], "t.csv", caption="附件：某市城市更新任务分工表")
    assert (captioned.title, captioned.title_source) == ("某市城市更新任务分工表", "caption")


def _docx(path, paragraphs, rows):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        (["附件：某县农村供水保障任务分工表"], "某县农村供水保障任务分工表"),
        (["附件2", "某县农村供水保障任务分工表"], "某县农村供水保障任务分工表"),
        (["某县农村供水保障任务分工表", "附件2"], "某县农村供水保障任务分工表"),
        (["各乡镇要认真抓好落实。"], None),
        ([], None),
    ],
)
def test_a_docx_table_without_a_title_row_takes_its_caption(tmp_path, paragraphs, title):
    rows = [HEADER, ["1", "新建集中供水工程5处", "县水利局", "各乡镇人民政府", "2025年底"]]
    path = _docx(tmp_path / "tasks.docx", paragraphs, rows)
    table = read_task_table(path)
    assert table.title == title
    assert table.title_source == ("caption" if title else None)


def test_a_caption_belongs_to_the_table_below_it_not_to_a_later_one(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("附件1：某县农村供水保障任务分工表")
    first = document.add_table(rows=2, cols=4)
    second = document.add_table(rows=2, cols=4)
    for table in (first, second):
        for c, text in enumerate(["序号", "重点任务", "牵头单位", "责任单位"]):
            table.cell(0, c).text = text
        for c, text in enumerate(["1", "新建集中供水工程", "县水利局", "无"]):
            table.cell(1, c).text = text
    document.save(tmp_path / "two.docx")
    tables = extract_text(tmp_path / "two.docx").tables
    assert [table.title for table in tables] == ["某县农村供水保障任务分工表", None]


def _workbook(path, sheet_name, rows, formats=None):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet_name", "title"),
    [("某市就业创业重点任务分工", "某市就业创业重点任务分工"), ("Sheet1", None), ("工作表1", None), ("Sheet", None)],
)
def test_an_xlsx_table_without_a_title_row_takes_its_sheet_name(tmp_path, sheet_name, title):
    rows = [HEADER, [1, "新增城镇就业岗位2000个", "市人社局", "各县（市、区）人民政府", "2025年"]]
    table = read_task_table(_workbook(tmp_path / "tasks.xlsx", sheet_name, rows))
    assert (table.title, table.title_source) == (title, "sheet" if title else None)


def test_a_title_row_comes_before_the_sheet_name(tmp_path):
    rows = [["某市就业创业重点任务分工表"], HEADER, [1, "新增城镇就业岗位2000个", "市人社局", "无", ""]]
    table = read_task_table(_workbook(tmp_path / "tasks.xlsx", "分工", rows))
    assert (table.title, table.title_source) == ("某市就业创业重点任务分工表", "title-row")


def test_a_table_with_no_title_is_named_by_its_file_and_the_build_says_so(tmp_path):
    path = tmp_path / "2025年任务清单.csv"
    path.write_text(",".join(HEADER) + "\n1,新建充电桩300个,区发改局,区住建局,2025年底\n", encoding="utf-8")
    built = pipeline.process(path)
    assert built.document.title == "2025年任务清单"
    assert built.document.warnings == [
        f"{path}: the task table has no title (no title row above its header, no caption, no named sheet); "
        "the plan is titled by the file's name, '2025年任务清单'"
    ]
    result = CliRunner().invoke(main, ["build", str(path), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "the task table has no title" in result.stderr
    titled = tmp_path / "titled.csv"
    titled.write_text("某区充电设施建设任务分工表\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert pipeline.process(titled).document.warnings == []


# --- 完成时限 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "deadline"),
    [
        ("2025年底", "2025-12-31"),
        ("2025年末", "2025-12-31"),
        ("2024年6月", "2024-06-30"),
        ("2024年6月底前", "2024-06-30"),
        ("2024年2月", "2024-02-29"),
        ("2025年", "2025"),
        ("2025年前", "2025"),
        ("2025年9月15日", "2025-09-15"),
        ("２０２５年１１月", "2025-11-30"),
        ("2025-06-30", "2025-06-30"),
        ("2025.6", "2025-06-30"),
        ("2025年上半年", "2025-06-30"),
        ("2025年下半年", "2025-12-31"),
        ("2025年第三季度", "2025-09-30"),
        ("2024—2026年", "2026"),
        ("2024年6月底前启动，2025年底前全面完成", "2025-12-31"),
        ("长期坚持", None),
        ("持续推进", None),
        ("每年", None),
        ("2023年起持续推进", None),
        ("2025年2月30日", None),
        ("", None),
        (None, None),
    ],
)
def test_a_deadline_cell_is_read_as_targets_carry_deadlines(cell, deadline):
    assert field_deadline(cell) == deadline


def test_a_rows_deadline_dates_the_targets_of_its_row_that_have_none(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text(
        "某县义务教育优质均衡发展任务分工表\n"
        "序号,重点任务,牵头单位,责任单位,完成时限\n"
        "1,新建学校3所，改扩建学校5所,县教育局,县发改局,2026年底\n"
        "2,到2025年配备心理健康教师20名,县教育局,无,2026年6月\n"
        "3,培训校长200人次,县教育局,县财政局,长期坚持\n",
        encoding="utf-8",
    )
    built = pipeline.process(path)
    found = [(t.measure, t.value, t.unit, t.deadline, t.deadline_text) for t in built.facts.targets]
    assert found == [
        (1, Decimal(3), "所", "2026-12-31", "2026年底"),
        (1, Decimal(5), "所", "2026-12-31", "2026年底"),
        (2, Decimal(20), "名", "2025", "到2025年"),  # its own deadline stands
        (3, Decimal(200), "人次", None, None),
    ]


def test_rows_numbered_again_in_each_section_date_the_measures_by_position():
    table = task_table_from_cells(
        [
            HEADER,
            ["1", "甲任务", "市教育局", "", "2024年"],
            ["2", "乙任务", "市教育局", "", "2025年"],
            ["1", "丙任务", "市财政局", "", "2026年"],
        ],
        "t.csv",
    )
    assert {number: row.deadline for number, row in measure_rows(table).items()} == {
        1: "2024年",
        2: "2025年",
        3: "2026年",
    }
    assert [line.split(".")[0] for line in plan_text(table).splitlines()[2:]] == ["1", "2", "3"]


def test_excel_dates_are_written_as_the_genre_writes_them(tmp_path):
    rows = [
        HEADER,
        [1, "建成智慧停车场10个", "市城管局", "无", datetime.datetime(2025, 9, 1)],
        [2, "新增停车泊位5000个", "市住建局", "无", datetime.datetime(2025, 9, 20)],
    ]
    path = _workbook(
        tmp_path / "tasks.xlsx", "某市停车设施建设任务分工", rows, {"E2": 'yyyy"年"m"月"', "E3": "yyyy-mm-dd"}
    )
    table = read_task_table(path)
    assert [row.deadline for row in table.rows] == ["2025年9月", "2025年9月20日"]
    built = pipeline.process(path)
    assert [(t.value, t.deadline) for t in built.facts.targets] == [
        (Decimal(10), "2025-09-30"),
        (Decimal(5000), "2025-09-20"),
    ]


def test_cells_on_several_lines_stay_on_one_line_of_the_plan():
    table = task_table_from_cells(
        [HEADER, ["1", "推进三项工作\n1.建设站点\n2.培训人员", "市教育局", "市财政局", "2024年6月\n2025年底"]],
        "t.csv",
    )
    assert table.rows[0].task == "推进三项工作；1.建设站点；2.培训人员"
    assert table.rows[0].deadline == "2024年6月；2025年底"
    assert len(plan_text(table).splitlines()) == 3


# --- the table beside its plan -------------------------------------------------------

PLAN = """某市养老服务体系建设实施方案
一、重点任务
1.建设社区养老服务中心。（牵头单位：市民政局；配合单位：市财政局）
2.发展老年助餐服务。（牵头单位：市民政局）
3.培养养老护理人员。（市人社局、市民政局）
"""


def test_compare_reads_placeholders_as_nobody():
    document = parse(decode(PLAN.encode("utf-8"), "plan.txt"))
    responsibilities = extract_responsibilities(document)
    table = task_table_from_cells(
        [
            HEADER,
            ["1", "建设社区养老服务中心", "市民政局", "市财政局", "2025年"],
            ["2", "发展老年助餐服务", "市民政局", "—", "2025年"],
            ["3", "培养养老护理人员", "无", "市人社局、市民政局", "/"],
        ],
        "t.csv",
    )
    # Row 2's — and measure 2's missing participants agree; row 3 names no lead, like the plan.
    assert compare(table, responsibilities, document.measures) == []
    leadless = task_table_from_cells([HEADER, ["1", "建设社区养老服务中心", "/", "市民政局、市财政局", ""]], "t.csv")
    assert compare(leadless, responsibilities, document.measures)[0] == Disagreement(
        measure=1, row=1, kind="lead", plan="市民政局", table=""
    )
    no_lead_column = task_table_from_cells(
        [["序号", "重点任务", "责任单位"], ["1", "建设社区养老服务中心", "市民政局、市财政局"]], "t.csv"
    )
    assert [d.kind for d in compare(no_lead_column, responsibilities, document.measures)] == [
        "missing-row",
        "missing-row",
    ]


def test_a_table_with_placeholders_attached_to_its_plan(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    tasks = tmp_path / "tasks.csv"
    tasks.write_text(",".join(HEADER) + "\n1,建设社区养老服务中心,无,市财政局,2025年\n", encoding="utf-8")
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(main, ["build", str(plan), "--tasks", str(tasks), "--store", store])
    assert result.exit_code == 0, result.output
    report = json.loads(runner.invoke(main, ["validate", "--format", "json", "--store", store]).stdout)
    found = sorted(
        (r["measure"], r["source_text"].split(":")[0])
        for r in report["results"]
        if r["message"].startswith("the plan's text and its task table")
    )
    assert (1, "lead") in found and (1, "participants") not in found


# --- tables copied into plain text ----------------------------------------------------

WEB_COPY = (
    "首页 > 政务公开 > 政策文件\n"
    "索引号：000014349/2023-00123\t发布机构：某市人民政府办公室\n"
    "某市加快发展银发经济行动方案\n"
    "一、重点任务\n"
    "（一）扩大老年助餐服务。（责任单位：市民政局、市财政局，各县市区人民政府）\n"
    "（二）发展智慧养老。（责任单位：市工信局、市民政局）\n"
    "附件：重点任务分工表\n"
    "序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
    "1\t扩大老年助餐服务\t市民政局\t市财政局、各县市区人民政府\t2024年底\n"
    "2\t发展智慧养老\t市工信局\t市民政局\t2025年\n"
    "打印本页  关闭窗口\n"
)


def test_a_table_copied_as_tab_separated_lines_is_read_as_a_table():
    text = decode(WEB_COPY.encode("utf-8"), "page.txt")
    assert [(row.number, row.task, row.lead, row.participants, row.deadline) for row in text.tables[0].rows] == [
        (1, "扩大老年助餐服务", ("市民政局",), ("市财政局", "各县市区人民政府"), "2024年底"),
        (2, "发展智慧养老", ("市工信局",), ("市民政局",), "2025年"),
    ]
    assert text.tables[0].title == "重点任务分工表"
    # The table's lines leave the text; the line with one tab (a page's metadata) stays.
    assert "序号" not in text.original and "\t市工信局" not in text.original
    assert "索引号：000014349/2023-00123\t发布机构" in text.original
    document = parse(text)
    table_says = compare(text.tables[0], extract_responsibilities(document), document.measures)
    assert [(d.measure, d.kind, d.plan, d.table) for d in table_says] == [
        (1, "lead", "", "市民政局"),
        (1, "participants", "市民政局、市财政局、各县市区人民政府", "市财政局、各县市区人民政府"),
        (2, "lead", "", "市工信局"),
        (2, "participants", "市工信局、市民政局", "市民政局"),
    ]


def test_tab_separated_lines_that_are_no_task_table_stay_text():
    page = "某县方案\n一、任务\n1.建设。（责任单位：县财政局）\n项目\t金额\t年份\n道路\t100\t2024\n"
    text = decode(page.encode("utf-8"), "page.txt")
    assert text.tables == () and text.original == page


def test_a_text_that_is_only_a_table_is_the_plan_the_table_makes():
    only = "\n".join(
        "\t".join(row) for row in [HEADER, ["1", "建设社区养老服务中心", "市民政局", "市财政局", "2025年"]]
    )
    text = decode(only.encode("utf-8"), "tasks.txt")
    assert text.format == "task-table"
    assert "1.建设社区养老服务中心。完成时限：2025年。（牵头单位：市民政局；责任单位：市财政局）" in text.original


PDF_LAYOUT = (
    "某区2024年全民健身工作方案\n"
    "一、重点任务\n"
    "（一）建设健身设施。新建社区健身中心3个。（责任单位：区文体旅局、区自然资源局）\n"
    "（二）推动体教融合。（责任单位：区教育局、区文体旅局）\n"
    "附件：\n"
    "重点任务分工表\n"
    "序号  重点任务                牵头单位        责任单位                  完成时限\n"
    "1     建设健身设施            区文体旅局      区自然资源局、            2024年11月\n"
    "                                              区住建局\n"
    "2     推动体教融合，建成      区教育局                                  长期坚持\n"
    "      足球特色学校5所\n"
    "\n"
    "某区文体旅局    某区教育局    2024年1月\n"
)


def test_a_table_whose_columns_are_aligned_with_spaces_is_read_as_a_table():
    text = decode(PDF_LAYOUT.encode("utf-8"), "plan.txt")
    # Each text goes to the column it starts under (a CJK character is two columns wide);
    # a line with nothing under 序号 goes on the row above; an empty cell stays empty.
    assert [(row.number, row.task, row.lead, row.participants, row.deadline) for row in text.tables[0].rows] == [
        (1, "建设健身设施", ("区文体旅局",), ("区自然资源局", "区住建局"), "2024年11月"),
        (2, "推动体教融合，建成足球特色学校5所", ("区教育局",), (), "长期坚持"),
    ]
    assert text.tables[0].title == "重点任务分工表"
    assert "序号" not in text.original and "区住建局" not in text.original
    # A line of three texts after a blank line is no row: it stays.
    assert "某区文体旅局    某区教育局    2024年1月" in text.original
    document = parse(text)
    table_says = compare(text.tables[0], extract_responsibilities(document), document.measures)
    assert [(d.measure, d.kind, d.table) for d in table_says] == [
        (1, "lead", "区文体旅局"),
        (1, "participants", "区自然资源局、区住建局"),
        (2, "lead", "区教育局"),
        (2, "participants", ""),
    ]


def test_spaced_lines_that_are_no_task_table_stay_text():
    page = "某县方案\n一、任务\n1.建设。（责任单位：县财政局）\n项目    金额    年份\n道路    100     2024\n"
    text = decode(page.encode("utf-8"), "page.txt")
    assert text.tables == () and text.original == page


def test_a_text_that_is_only_a_spaced_table_under_an_attachment_heading_is_the_plan_it_makes():
    only = (
        "附件\n\n某县重点任务分工表\n\n"
        "序号  工作任务          牵头单位      配合单位      完成时限\n"
        "1     新建高标准农田    县农业农村局  县财政局      2023年12月\n"
    )
    text = decode(only.encode("utf-8"), "tasks.txt")
    assert text.format == "task-table"
    assert "1.新建高标准农田。完成时限：2023年12月。（牵头单位：县农业农村局；责任单位：县财政局）" in text.original


def test_a_project_list_with_a_goal_column_reads_the_goal_as_the_tasks_text(tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text(
        "序号,项目名称,目标任务,牵头单位,配合单位,完成时限\n1,老旧小区改造,改造老旧小区25个,区住建局,各街道办事处,2024年10月底\n",
        encoding="utf-8",
    )
    built = pipeline.process(path)
    assert [m.heading for m in built.document.measures] == ["老旧小区改造"]
    assert [(t.metric, t.value, t.unit, t.deadline) for t in built.facts.targets] == [
        ("改造老旧小区", Decimal(25), "个", "2024-10-31")
    ]


def test_a_list_whose_columns_are_one_ideographic_space_apart_is_read_by_position_in_the_row():
    only = (
        "某市重点任务清单\n\n"
        "序号　任务内容　牵头单位　配合单位　完成时限\n"
        "1．推行企业开办一网通办　市行政审批服务局　市市场监管局　2024年6月底\n"
        "2　压缩审批时间　市住建局　市自然资源和规划局　2024年9月底\n"
    )
    text = decode(only.encode("utf-8"), "tasks.txt")
    assert [(row.number, row.task, row.lead, row.participants, row.deadline) for row in text.tables[0].rows] == [
        (1, "推行企业开办一网通办", ("市行政审批服务局",), ("市市场监管局",), "2024年6月底"),
        (2, "压缩审批时间", ("市住建局",), ("市自然资源和规划局",), "2024年9月底"),
    ]


def test_a_web_page_or_a_docx_holding_only_a_task_table_is_the_plan_it_makes(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>某区为民办实事任务分解表</p><p>各街道：请抓好落实。</p><table>"
        "<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
        "<tr><td>1</td><td>改造老旧小区25个</td><td>区住建局</td><td>各街道办事处</td><td>2024年10月底</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    document = _docx(
        tmp_path / "tasks.docx", [], [HEADER, ["1", "整治背街小巷30条", "区城管局", "区住建局", "2024年9月底"]]
    )
    for path, lead in ((page, "区住建局"), (document, "区城管局")):
        built = pipeline.process(path)
        assert [[u.name for u in r.leads] for r in built.facts.responsibilities] == [[lead]]


def test_a_row_is_paired_with_the_measure_of_its_number_only_where_their_words_meet():
    text = decode(
        (
            "某县全民健身方案\n一、重点任务\n"
            "（一）完善健身设施。（县文旅局牵头，县住建局配合）\n"
            "（二）开展全民健身活动。（县文旅局牵头，县总工会配合）\n"
            "附件：任务分工表\n"
            "序号\t重点任务\t牵头单位\t配合单位\n"
            "1\t完善县乡两级健身设施\t县文旅局\t县住建局\n"
            "2\t加强社会体育指导员队伍建设\t县文旅局\t各镇人民政府\n"
        ).encode(),
        "plan.txt",
    )
    document = parse(text)
    found = compare(text.tables[0], extract_responsibilities(document), document.measures)
    # Row 1 shares 健身设施 with measure 1 and agrees; row 2 is another task than measure 2.
    assert [(d.measure, d.row, d.kind) for d in found] == [(None, 2, "missing-measure"), (2, None, "missing-row")]


def test_a_web_pages_task_table_takes_its_caption_from_the_paragraphs_above_it(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div id='zoom'><p>附件</p><p>某区为民办实事任务分解表</p><div><table>"
        "<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th></tr>"
        "<tr><td>1</td><td>改造老旧小区25个</td><td>区住建局</td><td>各街道办事处</td></tr>"
        "</table></div></div></body></html>",
        encoding="utf-8",
    )
    extracted = extract_text(page)
    assert [table.title for table in extracted.tables] == ["某区为民办实事任务分解表"]
    assert pipeline.process(page).document.title == "某区为民办实事任务分解表"


# --- two columns: the number in the task cell -----------------------------------------


@pytest.mark.parametrize(
    ("cell", "number", "task"),
    [
        ("1.开展安全整治", 1, "开展安全整治"),
        ("12、建设停车场", 12, "建设停车场"),
        ("（三）完善回收网络", 3, "完善回收网络"),
        ("(2)推进改造", 2, "推进改造"),
        ("四、加强督查", 4, "加强督查"),
        ("1.5万亩高标准农田", None, "1.5万亩高标准农田"),
        ("开展安全整治", None, "开展安全整治"),
        ("3个示范村", None, "3个示范村"),
    ],
)
def test_a_task_cell_may_carry_its_rows_number(cell, number, task):
    assert numbered_task(cell) == (number, task)


def test_a_two_column_list_copied_with_tabs_is_the_plan_it_makes():
    only = (
        "某镇2025年人居环境整治任务清单\n\n"
        "工作任务\t责任单位\n"
        "1、清理河塘沟渠，全年清淤不少于20处\t镇农办（牵头）、各村（社区）\n"
        "2、整治乱堆乱放\t镇城管中队\n"
    )
    text = decode(only.encode("utf-8"), "tasks.txt")
    assert text.format == "task-table"
    table = text.tables[0]
    assert table.title == "某镇2025年人居环境整治任务清单" and not table.lead_column
    assert [(row.number, row.task, row.lead, row.participants) for row in table.rows] == [
        (1, "清理河塘沟渠，全年清淤不少于20处", ("镇农办",), ("各村（社区）",)),
        (2, "整治乱堆乱放", (), ("镇城管中队",)),
    ]
    # The header is no part of the title, nor of any measure.
    assert "工作任务" not in text.original and "\t" not in text.original


def test_a_two_column_list_attached_to_a_plan_is_compared_with_its_measures():
    text = decode(
        (
            "某市消费品以旧换新方案\n一、重点任务\n"
            "（一）推进汽车以旧换新。（牵头单位：甲局；配合单位：乙局）\n"
            "（二）完善回收网络。（牵头单位：甲局；配合单位：丙局）\n"
            "附件：任务清单\n"
            "重点任务\t责任单位\n"
            "（一）推进汽车以旧换新\t甲局（牵头）、乙局\n"
            "（二）完善回收网络\t甲局（牵头）、丙局、丁局\n"
        ).encode(),
        "plan.txt",
    )
    assert [row.number for row in text.tables[0].rows] == [1, 2]
    assert "\t" not in text.original
    document = parse(text)
    found = compare(text.tables[0], extract_responsibilities(document), document.measures)
    assert [(d.measure, d.row, d.kind, d.table) for d in found] == [(2, 2, "participants", "丙局、丁局")]


def test_a_numbered_line_after_a_spaced_list_of_two_columns_wraps_a_row_only_before_a_row():
    text = decode(
        (
            "某县方案任务清单\n\n"
            "重点任务                                  责任单位\n"
            "1.新建污水管网，其中雨污分流改造\n"
            "  8公里                                   县住建局（牵头）、县水利局\n"
            "2.开展河道保洁                            县水利局\n"
            "\n"
            "1.各单位每月报送进展。\n"
        ).encode(),
        "plan.txt",
    )
    rows = text.tables[0].rows
    assert [(row.number, row.task, row.lead, row.participants) for row in rows] == [
        (1, "新建污水管网，其中雨污分流改造8公里", ("县住建局",), ("县水利局",)),
        (2, "开展河道保洁", (), ("县水利局",)),
    ]
    assert "1.各单位每月报送进展。" in text.original


def test_a_table_straight_under_a_chapter_heading_of_a_plan_numbering_no_measure_is_its_measures():
    plan = (
        "某区方案\n一、工作目标\n全年改造小区10个。\n二、重点任务\n"
        "序号  重点任务            牵头单位    责任单位    完成时限\n"
        "1     改造老旧小区        区住建局    各街道      2025年10月\n"
        "2     整治背街小巷        区城管局    区住建局    2025年12月\n"
        "三、保障措施\n各单位要加强协作。\n"
    )
    text = decode(plan.encode(), "plan.txt")
    assert text.tables == () and text.format == "txt"
    assert (
        "二、重点任务\n1.改造老旧小区。完成时限：2025年10月。（牵头单位：区住建局；责任单位：各街道）\n"
        in text.original
    )
    assert "三、保障措施\n各单位要加强协作。" in text.original
    # Under a 附件 heading, or after a plan that numbers measures of its own, it is a table beside the plan.
    for above in ("附件：重点任务分工表\n", "（一）改造老旧小区。（责任单位：区住建局）\n二、重点任务\n"):
        beside = decode(plan.replace("二、重点任务\n", above).encode(), "plan.txt")
        assert len(beside.tables) == 1


# --- lists of projects ----------------------------------------------------------------

PROJECT_PLAN = (
    "某县县城品质提升方案\n一、重点任务\n"
    "1.完善县城路网。打通断头路5条。\n牵头单位：甲局；配合单位：乙局\n"
    "2.提升公园绿地品质。新建口袋公园6个。\n牵头单位：丙局；配合单位：丁局\n"
    "附件：{caption}\n"
    "序号\t{item}\t责任单位\t建设年限\n"
    "1\t{first}\t甲局\t2025年\n"
    "2\t{second}\t丙局\t2025年\n"
    "3\t{third}\t甲局\t2026年\n"
)


@pytest.mark.parametrize(
    ("caption", "item"),
    [("某县重点项目清单", "项目名称"), ("某县重点项目表", "重点任务"), ("附表", "建设内容"), ("项目", "项目")],
)
def test_a_list_of_projects_beside_the_measures_is_not_compared_with_them(caption, item):
    text = decode(
        PROJECT_PLAN.format(
            caption=caption, item=item, first="滨河东路延伸工程", second="北山森林公园二期", third="城东水厂扩容工程"
        ).encode(),
        "plan.txt",
    )
    table = text.tables[0]
    assert table.projects
    document = parse(text)
    assert compare(table, extract_responsibilities(document), document.measures) == []


def test_a_list_of_projects_that_are_the_measures_is_compared():
    text = decode(
        PROJECT_PLAN.format(
            caption="某县重点项目清单",
            item="项目名称",
            first="完善县城路网",
            second="提升公园绿地品质",
            third="改造供水管网",
        ).encode(),
        "plan.txt",
    )
    document = parse(text)
    found = compare(text.tables[0], extract_responsibilities(document), document.measures)
    assert [(d.measure, d.row, d.kind) for d in found] == [
        (1, 1, "participants"),
        (2, 2, "participants"),
        (None, 3, "missing-measure"),
    ]


def test_a_task_table_is_no_list_of_projects():
    table = task_table_from_cells([HEADER, ["1", "实施重点项目建设", "甲局", "乙局", "2025年"]], "t.csv")
    assert not table.projects
    titled = task_table_from_cells([HEADER, ["1", "建设", "甲局", "乙局", "2025年"]], "t.csv", "某县重点项目任务分工表")
    assert not titled.projects


def test_a_plan_with_an_attached_project_list_builds_without_disagreements(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        PROJECT_PLAN.format(
            caption="某县重点项目清单",
            item="项目名称",
            first="滨河东路延伸工程",
            second="北山森林公园二期",
            third="城东水厂扩容工程",
        ),
        encoding="utf-8",
    )
    built = pipeline.process(path)
    assert not [quad for quad in built.quads if "disagreement" in quad.predicate.value]


def test_a_docx_given_as_the_task_table_leaves_out_its_list_of_projects(tmp_path):
    import docx

    from tests.fixtures_formats import add_docx_table

    document = docx.Document()
    document.add_paragraph("某区重点任务分工表")
    add_docx_table(document, [["序号", "重点任务", "牵头单位"], ["1", "推进老旧小区改造", "区住建局"]])
    document.add_paragraph("附件：重点项目表")
    add_docx_table(document, [["序号", "项目名称", "牵头单位"], ["1", "北片区老旧小区改造", "区住建局"]])
    path = tmp_path / "tasks.docx"
    document.save(path)
    table = read_task_table(path)
    assert [(row.number, row.task) for row in table.rows] == [(1, "推进老旧小区改造")]
    assert table.projects is False


def test_a_docx_table_under_a_chapter_heading_is_the_plans_measures(tmp_path):
    import docx

    from tests.fixtures_formats import add_docx_table

    document = docx.Document()
    for line in ("青禾县2024年安全生产重点工作方案", "一、工作目标", "全县生产安全事故起数下降10%。", "二、任务清单"):
        document.add_paragraph(line)
    add_docx_table(
        document,
        [
            ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"],
            ["1", "开展危险化学品安全整治", "县应急管理局", "县工信局", "2024年6月"],
            ["2", "开展建筑施工安全整治", "县住建局", "", "2024年12月"],
        ],
    )
    document.add_paragraph("三、保障措施")
    path = tmp_path / "plan.docx"
    document.save(path)
    text = extract_text(path)
    assert text.tables == ()  # no table beside the plan: the table is the plan's tasks
    assert "1.开展危险化学品安全整治。完成时限：2024年6月。（牵头单位：县应急管理局；责任单位：县工信局）" in text.text
