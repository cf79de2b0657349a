"""Stage 1, other formats: the seed plan as a .docx, a PDF and a government web page gives
the same measures, units and targets as the .txt; 任务分工表 read from tables; bad files
give one clear line.

The files are built once per module from the seed's text (tests/fixtures_formats.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kg import pipeline
from kg.errors import InputError
from kg.extract.responsibility import extract as extract_responsibilities
from kg.formats import TaskRow, extract_text, join_cjk_spaces, plan_text, read_task_table, sniff
from kg.formats.docx import format_number
from kg.formats.tables import split_units, task_table_from_cells
from kg.read import decode
from kg.resources import bundled_plan
from kg.structure import parse
from kg.tasks import Disagreement, compare
from tests import fixtures_formats as fixtures
from tests.test_responsibility import SEED_ASSIGNMENTS

SEED = bundled_plan().read_text("utf-8")
VARIANTS = ("docx", "docx-numbered", "pdf", "pdf-flush-left", "html", "html-gb2312")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    files = {
        "docx": fixtures.build_docx(SEED, folder / "plan.docx"),
        "docx-numbered": fixtures.build_docx(SEED, folder / "plan-numbered.docx", numbered=True),
        "html": fixtures.build_html(SEED, folder / "plan.html"),
        "html-gb2312": fixtures.build_html(SEED, folder / "plan-gb.htm", charset="gb2312"),
    }
    files["pdf"] = folder / "plan.pdf"
    files["pdf-drawn"] = fixtures.build_pdf(SEED, files["pdf"])
    files["pdf-flush-left"] = folder / "plan-flush-left.pdf"
    fixtures.build_pdf(SEED, files["pdf-flush-left"], indent=False)
    return files


@pytest.fixture(scope="module")
def processed(built, tmp_path_factory):
    """Each variant extracted, written as .txt and run through the pipeline."""
    folder = tmp_path_factory.mktemp("extracted")
    results = {}
    for variant in VARIANTS:
        extracted = extract_text(built[variant])
        path = folder / f"{variant}.txt"
        path.write_text(extracted.text, encoding="utf-8")
        results[variant] = (extracted, pipeline.process(path))
    return results


def names(responsibility):
    return [u.name for u in responsibility.leads], [u.name for u in responsibility.participants]


def targets(built_document):
    return [(t.measure, t.comparator, t.value, t.value_max, t.unit, t.deadline) for t in built_document.facts.targets]


# --- the seed in every format --------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_in_each_format_gives_the_same_measures_units_and_targets(processed, seed, variant):
    extracted, document = processed[variant]
    assert extracted.format == variant.split("-")[0]
    assert [(m.number, m.heading) for m in document.document.measures] == [
        (m.number, m.heading) for m in seed.document.measures
    ]
    assert {r.measure: names(r) for r in document.responsibilities} == SEED_ASSIGNMENTS
    assert targets(document) == targets(seed)
    assert len(document.document.notes) == len(seed.document.notes) == 10
    assert document.document.title == seed.document.title == "益阳市职业教育高质量发展实施方案"
    assert document.document.period == (2021, 2025)


@pytest.mark.parametrize("variant", VARIANTS)
def test_extracted_text_is_the_seed_line_for_line(processed, variant):
    extracted, _ = processed[variant]
    expected = fixtures.plan_lines(SEED)
    # The group the seed mistypes as （3） comes back as Word numbers it, （三）, from the
    # numbered .docx; the space after it is layout in a PDF or web page, and goes.
    if variant == "docx-numbered":
        expected = [line.replace("（3） ", "（三）") for line in expected]
    elif variant != "docx":
        expected = [line.replace("（3） ", "（3）") for line in expected]
    assert extracted.text.splitlines() == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_spans_point_into_the_extracted_text(processed, variant):
    extracted, document = processed[variant]
    assert document.document.text.original == extracted.text
    for responsibility in document.responsibilities:
        for unit in responsibility.units:
            assert extracted.text[unit.span[0] : unit.span[1]] == unit.name
    for target in document.facts.targets:
        assert extracted.text[target.span[0] : target.span[1]] == target.text


def test_plain_text_is_left_to_the_text_reader(seed_path):
    assert extract_text(seed_path) is None
    assert sniff(seed_path, seed_path.read_bytes()) == "txt"


# --- .docx ---------------------------------------------------------------------------


def test_word_numbering_is_written_out_and_counted_as_word_counts(built, processed):
    with zipfile.ZipFile(built["docx-numbered"]) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "全面加强党的建设" in xml and "1.全面加强" not in xml and "（一）加强党" not in xml
    lines = processed["docx-numbered"][0].text.splitlines()
    assert "三、任务措施" in lines
    assert "（一）加强党对职业教育的全面领导" in lines and "（六）强化职业教育发展保障" in lines
    # Measures 11 on (groups （四） to （六）) are on a second w:num of the same list: the count runs on.
    measures = [line.split(".", 1)[0] for line in lines if line[:1].isdigit() and "。" in line[:20]]
    assert measures[:19] == [str(n) for n in range(1, 20)]
    # The typed notes after 注： are not numbered by Word and stay as typed.
    assert (
        "二、名词注释" in lines
        and "1.党支部“五化”建设：支部设置标准化、组织生活正常化、管理服务精细化、工作制度体系化、阵地建设规范化。"
        in lines
    )


def test_numbering_from_a_style_a_restart_and_bullets(tmp_path):
    import docx

    document = docx.Document()
    for text in ("第一项", "第二项"):
        document.add_paragraph(text, style="List Number")  # numbered through its style
    fixtures.add_numbering(
        document,
        fixtures.PLAN_LIST.replace('w:abstractNumId="50"', 'w:abstractNumId="60"'),
        {
            60: "",
            61: '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride>',
        },
    )
    for num_id, text in ((60, "甲"), (60, "乙"), (61, "丙")):
        fixtures.number_paragraph(document.add_paragraph(text), num_id, 2)
    document.add_paragraph("圆点", style="List Bullet")
    path = tmp_path / "lists.docx"
    document.save(path)
    assert extract_text(path).text.splitlines() == ["1.第一项", "2.第二项", "1.甲", "2.乙", "1.丙", "圆点"]


@pytest.mark.parametrize(
    "value, fmt, written",
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (21, "chineseCounting", "二十一"),
        (105, "chineseCounting", "一百零五"),
        (3, "chineseCountingThousand", "三"),
        (12, "decimal", "12"),
        (3, "decimalFullWidth", "３"),
        (2, "decimalEnclosedCircle", "②"),
        (3, "ideographTraditional", "丙"),
        (4, "upperRoman", "IV"),
        (2, "lowerLetter", "b"),
        (5, "decimalZero", "05"),
        (2, "chineseLegalSimplified", "贰"),
    ],
)
def test_word_number_formats(value, fmt, written):
    assert format_number(value, fmt) == written


def test_docx_tracked_deletions_hidden_text_and_line_breaks(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("1.加强领导。")
    paragraph._p.append(
        parse_xml(
            f'<w:del {fixtures.W_NS} w:id="1" w:author="x"><w:r><w:delText>（市财政局）</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {fixtures.W_NS} w:id="2" w:author="x"><w:r><w:t>（市教育局）</w:t></w:r></w:ins>')
    )
    hidden = paragraph.add_run("隐藏")
    hidden.font.hidden = True
    second = document.add_paragraph("注：")
    second.add_run().add_break()
    second.add_run("1.名词：解释。")
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert extract_text(path).text.splitlines() == ["1.加强领导。（市教育局）", "注：", "1.名词：解释。"]


# --- PDF -----------------------------------------------------------------------------


def test_pdf_headers_footers_and_page_numbers_are_dropped(processed):
    text = processed["pdf"][0].text
    assert "益阳市人民政府办公室" not in text
    assert "— 2 —" not in text and "—2—" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


def test_pdf_unit_names_broken_across_lines_come_back_whole(built, processed):
    drawn = built["pdf-drawn"]
    units = {name for leads, participants in SEED_ASSIGNMENTS.values() for name in leads + participants}
    broken = {
        unit
        for lines in drawn
        for first, second in zip(lines, lines[1:])
        for unit in units
        if unit in first[-len(unit) + 1 :] + second[: len(unit) - 1] and unit not in first and unit not in second
    }
    assert len(broken) >= 3, "the fixture should break some unit names over lines"
    assert sum(len(lines) > 1 for lines in drawn) > 20
    text = processed["pdf"][0].text
    for unit in broken:
        assert unit in text


def test_scanned_pdf_asks_for_ocr(tmp_path):
    path = fixtures.build_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError) as error:
        extract_text(path)
    assert str(error.value) == (
        f"{path}: this PDF has no text layer (a scan); run OCR first (e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`)"
    )


# --- HTML ----------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["html", "html-gb2312"])
def test_web_page_furniture_is_dropped(processed, variant):
    text = processed[variant][0].text
    for furniture in (
        "当前位置",
        "首页",
        "政务公开",
        "分享到",
        "微信",
        "字号",
        "打印本页",
        "关闭窗口",
        "相关链接",
        "主办单位",
        "备案号",
        "网站标识码",
        "无障碍",
        "请输入关键字",
        "统计",
        "发布时间",
    ):
        assert furniture not in text, furniture
    assert text.splitlines()[0] == "益阳市职业教育高质量发展实施方案"


def test_web_page_without_a_named_article_uses_the_densest_paragraphs_and_its_title(tmp_path):
    page = (
        "<html><body><div id='menu'><p>首页</p><p>新闻中心</p></div>"
        "<h1>某县改厕工作方案</h1>"
        "<div id='x'><p>一、重点任务</p><p>1、改厕。完成改&nbsp;&nbsp;厕任务。<br>（县农业农村局、县卫健局）</p></div>"
        "<div class='footer'><p>主办：某县人民政府</p></div></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert extract_text(path).text.splitlines() == [
        "某县改厕工作方案",
        "一、重点任务",
        "1、改厕。完成改厕任务。",
        "（县农业农村局、县卫健局）",
    ]


def test_a_web_page_saved_as_doc_is_read_as_a_web_page(tmp_path, built):
    path = tmp_path / "plan.doc"
    path.write_bytes(built["html"].read_bytes())
    assert extract_text(path).format == "html"


def test_no_space_is_put_between_chinese_characters():
    assert (
        join_cjk_spaces("市教育 局、区县（市） 人民政府 2021 年 policy kg")
        == "市教育局、区县（市）人民政府 2021 年 policy kg"
    )


# --- 任务分工表 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def task_tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    plan_with_table = fixtures.build_docx(SEED, folder / "plan-with-table.docx", table=fixtures.table_cells())
    utf8 = folder / "table-utf8.csv"
    fixtures.build_csv_table(utf8, encoding="utf-8-sig")
    return {
        "docx": fixtures.build_docx_table(fixtures.table_cells(), folder / "table.docx", fixtures.TABLE_TITLE),
        "csv": fixtures.build_csv_table(folder / "table.csv"),
        "csv-utf8": utf8,
        "xlsx": fixtures.build_xlsx_table(folder / "table.xlsx"),
        "plan-with-table": plan_with_table,
    }


@pytest.mark.parametrize("kind", ["docx", "csv", "csv-utf8", "xlsx"])
def test_task_table_reads_back_exactly(task_tables, kind):
    table = read_task_table(task_tables[kind])
    assert table.rows == fixtures.TABLE_ROWS
    assert table.source.startswith(str(task_tables[kind]))
    if kind in ("docx", "xlsx"):
        assert table.title == fixtures.TABLE_TITLE


def test_a_docx_plan_keeps_its_task_table_apart_from_its_text(task_tables, seed):
    extracted = extract_text(task_tables["plan-with-table"])
    assert [table.rows for table in extracted.tables] == [fixtures.TABLE_ROWS]
    assert extracted.tables[0].source == f"{task_tables['plan-with-table']}#table-1"
    assert "完成时限" not in extracted.text and "建设高水平职教集团" not in extracted.text
    assert extracted.text.splitlines()[-1] == "附件"


def test_header_rows_repeated_and_merged_heading_rows_are_skipped():
    cells = [
        ["重点任务分工表", "重点任务分工表", "重点任务分工表", "重点任务分工表"],
        ["编号", "工作任务", "牵头部门", "配合单位"],
        ["一、加强领导", "一、加强领导", "一、加强领导", "一、加强领导"],
        ["（一）", "建立机制", "市教育局", "区县（市）人民政府；市财政局等"],
        ["编号", "工作任务", "牵头部门", "配合单位"],
        ["2", "强化保障", "市财政局、市教育局", ""],
        ["", "", "", ""],
    ]
    table = task_table_from_cells(cells, "t")
    assert table.title == "重点任务分工表"
    assert table.rows == (
        TaskRow(1, "建立机制", ("市教育局",), ("区县（市）人民政府", "市财政局"), None),
        TaskRow(2, "强化保障", ("市财政局", "市教育局"), (), None),
    )
    assert task_table_from_cells([["姓名", "电话"], ["张三", "123"]], "t") is None


def test_units_split_at_the_top_level_only():
    assert split_units("市教育局、区县（市）人民政府，各街道(乡镇)；市财政局,市人社局") == (
        "市教育局",
        "区县（市）人民政府",
        "各街道(乡镇)",
        "市财政局",
        "市人社局",
    )


def table_plan():
    document = parse(decode(fixtures.TABLE_PLAN.encode("utf-8"), "plan.txt"))
    return document, extract_responsibilities(document)


def test_compare_reports_exactly_the_planted_disagreements():
    document, responsibilities = table_plan()
    table = task_table_from_cells(fixtures.table_cells(), "table.csv")
    # Row 2's 市人社局 and the plan's 市人力资源和社会保障局 are one department: no disagreement.
    assert compare(table, responsibilities, document.measures) == [
        Disagreement(measure=2, row=2, kind="lead", plan="市教育局", table="市财政局"),
        Disagreement(measure=None, row=4, kind="missing-measure", plan="", table="建设高水平职教集团"),
    ]


def test_compare_reports_a_measure_without_a_row_and_matches_rows_by_number_without_headings():
    document, responsibilities = table_plan()
    table = task_table_from_cells(fixtures.table_cells(fixtures.TABLE_ROWS[1:3]), "table.csv")
    assert compare(table, responsibilities, document.measures) == [
        Disagreement(measure=2, row=2, kind="lead", plan="市教育局", table="市财政局"),
        Disagreement(measure=1, row=None, kind="missing-row", plan="全面加强党的建设", table=""),
    ]
    participants_differ = task_table_from_cells(
        [fixtures.TABLE_HEADER, ["3", "另写的任务名", "市教育局", "区县（市）人民政府", ""]], "t"
    )
    assert compare(participants_differ, responsibilities)[0] == Disagreement(
        measure=3, row=3, kind="participants", plan="区县（市）人民政府、市发改委", table="区县（市）人民政府"
    )


def test_a_task_table_is_a_plan_of_its_own(task_tables, tmp_path):
    table = read_task_table(task_tables["xlsx"])
    path = tmp_path / "table-plan.txt"
    path.write_text(plan_text(table), encoding="utf-8")
    built = pipeline.process(path)
    assert built.document.title == fixtures.TABLE_TITLE
    assert {r.measure: names(r) for r in built.responsibilities} == {
        row.number: (list(row.lead), list(row.participants)) for row in fixtures.TABLE_ROWS
    }
    assert [m.heading for m in built.document.measures] == [row.task for row in fixtures.TABLE_ROWS]


# --- files that cannot be read -------------------------------------------------------


def _bad_files(folder: Path) -> list[tuple[Path, str]]:
    doc = folder / "plan.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    corrupt = folder / "plan.docx"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x14\x00\x00\x00broken" * 40)
    empty_docx = folder / "empty.docx"
    empty_docx.write_bytes(b"")
    empty_pdf = folder / "empty.pdf"
    empty_pdf.write_bytes(b"  \n")
    not_pdf = folder / "download.pdf"
    not_pdf.write_bytes("<!-- 404 -->\n文件不存在".encode())
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%broken")
    locked = folder / "locked.pdf"
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(locked), encrypt=StandardEncryption("secret", ownerPassword="owner", strength=128))
    page.drawString(100, 700, "plan")
    page.save()
    rtf = folder / "plan.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi plan}")
    mht = folder / "plan.mht"
    mht.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x")
    return [
        (
            doc,
            f"{doc}: this is a Word 97-2003 .doc file; save it as .docx "
            "(Word: 另存为 → .docx, or `libreoffice --headless --convert-to docx`)",
        ),
        (
            corrupt,
            f"{corrupt}: the .docx file is damaged (not a readable zip archive); "
            "open and save it again in Word, or download it again",
        ),
        (empty_docx, f"{empty_docx}: the file is empty; give a plan's text"),
        (empty_pdf, f"{empty_pdf}: the file is empty; give a plan's text"),
        (not_pdf, f"{not_pdf}: this is not a PDF (it does not start with %PDF); download it again"),
        (truncated, f"{truncated}: the PDF is damaged"),
        (locked, f"{locked}: this PDF is password-protected; open it and save an unprotected copy"),
        (rtf, f"{rtf}: this is an RTF file; save it as .docx"),
        (mht, f"{mht}: this is a web archive (.mht); open it in a browser and save the page as .html"),
    ]


def test_bad_files_give_one_line_naming_the_file(tmp_path):
    for path, message in _bad_files(tmp_path):
        with pytest.raises(InputError) as error:
            extract_text(path)
        text = str(error.value)
        assert text.startswith(message), (path.name, text)
        assert "\n" not in text


def test_bad_task_tables_give_one_line(tmp_path):
    not_a_table = tmp_path / "people.csv"
    not_a_table.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    xls = tmp_path / "table.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    broken = tmp_path / "table.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    for path, message in [
        (not_a_table, "no task table found"),
        (xls, "save it as .xlsx or .docx"),
        (broken, "the file is damaged (not a readable zip archive)"),
        (tmp_path / "missing.csv", "no such file"),
    ]:
        with pytest.raises(InputError) as error:
            read_task_table(path)
        assert str(error.value).startswith(f"{path}: ") and message in str(error.value)
        assert "\n" not in str(error.value)
