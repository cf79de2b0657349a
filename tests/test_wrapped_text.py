"""Plain text wrapped at a fixed width — a PDF's lines saved as text — reads as the plan it
wraps (kg.formats.lines.unwrap, applied by kg.read to every plain text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate_plan
from kg import pipeline
from kg.formats.lines import drop_page_furniture, layout_width, unwrap
from kg.read import decode
from kg.resources import bundled_plan

CASES = Path(__file__).parent / "cases"


def wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` as a layout sets it: each paragraph broken into lines of at most ``width``
    columns, its first line opened by ``indent``."""
    lines = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            lines.append("")
            continue
        line = indent
        for char in paragraph:
            if layout_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return "\n".join(lines) + "\n"


def reading(path: Path) -> tuple:
    """What the parser reads from a plan: measures, who does each, targets."""
    built = pipeline.process(path)
    return (
        [m.number for m in built.document.measures],
        [
            (r.measure, r.status.value, [u.name for u in r.leads], [u.name for u in r.participants])
            for r in built.facts.responsibilities
        ],
        [(t.measure, t.metric, t.comparator.value, t.value, t.unit, t.deadline) for t in built.facts.targets],
    )


@pytest.mark.parametrize(("width", "indent"), [(52, ""), (60, "\u3000\u3000"), (44, "    ")])
def test_the_bundled_plan_wrapped_reads_as_the_plan(tmp_path, width, indent):
    text = bundled_plan().read_text(encoding="utf-8")
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(wrap(text, width, indent), encoding="utf-8")
    assert max(layout_width(line) for line in wrapped.read_text(encoding="utf-8").splitlines()) <= width

    assert reading(wrapped) == reading(bundled_plan())
    warnings = pipeline.process(wrapped).document.warnings
    assert any(f"wrapped at {width} columns" in warning for warning in warnings), warnings


def test_the_joined_text_is_the_original_paragraphs():
    text = bundled_plan().read_text(encoding="utf-8")
    joined, width = unwrap(wrap(text, 60, "\u3000\u3000"))
    assert width == 60
    assert [line.strip() for line in joined.splitlines()] == [line.strip() for line in text.splitlines()]


def test_texts_that_are_not_wrapped_are_left_as_they_are():
    plans = [path for path in CASES.glob("*/*.txt") if path.parent.name != "wrapped-text"]
    plans.append(bundled_plan())
    for path in plans:
        text = decode(path.read_bytes()).original
        assert unwrap(text) == (text, 0), path
    for seed in range(60):
        text = generate_plan(seed)[0]
        assert unwrap(text) == (text, 0), seed


def test_brackets_markers_and_latin_words():
    # Ten full lines that go on into the next make the text wrapped at 32 columns.
    body = "\n".join("一二三四五六七八九十一二三四五六" for _ in range(10))
    text = (
        body + "\n七八。\n"
        "1.甲乙丙丁戊己庚辛壬癸子丑。（牵\n"  # a full line inside brackets, then one ending in a colon
        "头单位：县财政局；责任单位：县教\n"
        "育局）\n"
        "2.甲乙丙丁戊己庚辛壬癸子丑寅卯。\n"  # a marker after the end of a sentence starts a paragraph
        "3.推进数字经济GDP core and big\n"
        "data工作。\n"
    )
    joined, width = unwrap(text)
    assert width == 32
    assert joined.splitlines() == [
        "一二三四五六七八九十一二三四五六" * 10 + "七八。",
        "1.甲乙丙丁戊己庚辛壬癸子丑。（牵头单位：县财政局；责任单位：县教育局）",
        "2.甲乙丙丁戊己庚辛壬癸子丑寅卯。",
        "3.推进数字经济GDP core and big data工作。",
    ]


def test_short_lines_that_end_their_sentences_are_no_wrapping():
    # Headings and 责任单位 lines of one width, each followed by the next heading: no line
    # goes on with the one before, so nothing is joined.
    text = "\n".join(
        f"{n}、开展第{n}项重点工作行动。\n责任单位：区城管局、区商务局、区直各有关部门" for n in range(1, 30)
    )
    assert unwrap(text) == (text, 0)


SHORT_BROKEN = """长岭市关于加快发展现代职业教育的实施方案

一、总体要求
到2025年，全市“双师
型”教师占专业课教师比例超过50%。
二、重点任务
（一）优化职业教育布局。完成全市中职学校布局调整。（牵头单位：市教育局；责任单
位：市发展改革委、市财政局，各县市
区人民政府）
（二）深化产教融合。（牵头单位：市发展改革委；责任单位：市教育局、市工业和
信息化局）
（三）加强经费保障。（市财政局牵头，市教育局配合
"""


def test_a_short_text_has_the_lines_that_break_a_bracket_or_a_quotation_joined(tmp_path):
    # Too few full lines to show a wrapping width: the lines that break a sentence — here
    # inside a bracket or a quotation — tell. The last bracket never closes, and the text
    # ends after it: its line stays as it is.
    plan = tmp_path / "plan.txt"
    plan.write_text(SHORT_BROKEN, encoding="utf-8")
    built = pipeline.process(plan)
    assert [
        (r.measure, [u.name for u in r.leads], [u.name for u in r.participants]) for r in built.facts.responsibilities
    ][:2] == [
        (1, ["市教育局"], ["市发展改革委", "市财政局", "各县市区人民政府"]),
        (2, ["市发展改革委"], ["市教育局", "市工业和信息化局"]),
    ]
    assert [(t.metric, t.value) for t in built.facts.targets] == [("“双师型”教师占专业课教师比例", 50)]
    assert "4 line break(s) inside sentences were joined" in built.document.warnings
    assert "（三）加强经费保障。（市财政局牵头，市教育局配合\n" in built.document.text.original


# --- page numbers and running headers; lines broken inside sentences at no one width -----


def paged(number_line: str) -> str:
    """A short plan whose unit list a page break cuts: a page number, the title as a
    running header, blank lines around them."""
    return (
        "青苇县集贸市场改造提升方案\n"
        "一、重点任务\n"
        "（一）改造农贸市场。推进市场标准化改造，到2025年，全县农贸市场\n"
        "标准化率达到80%。（县商务局牵头，县市场监管局、县住房城乡\n"
        f"\n{number_line}\n\n青苇县集贸市场改造提升方案\n\n"
        "建设局配合）\n"
        "（二）规范市场秩序。开展市场秩序专项整治。（县市场监管局牵头）\n"
    )


@pytest.mark.parametrize(
    "number_line", ["— 3 —", "－3－", "- 3 -", "3", "第3页", "第 3 页 共 10 页", "3/10", "\f", "·3·"]
)
def test_a_page_break_is_dropped_and_the_cut_sentence_joined(number_line):
    text = decode(paged(number_line).encode("utf-8"))
    assert text.original.splitlines() == [
        "青苇县集贸市场改造提升方案",
        "一、重点任务",
        "（一）改造农贸市场。推进市场标准化改造，到2025年，全县农贸市场标准化率达到80%。"
        "（县商务局牵头，县市场监管局、县住房城乡建设局配合）",
        "（二）规范市场秩序。开展市场秩序专项整治。（县市场监管局牵头）",
    ]
    assert len(text.normalised) == len(text.original)


def test_spans_point_into_the_text_without_the_page_break(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(paged("— 3 —"), encoding="utf-8")
    built = pipeline.process(plan)
    document = built.document
    first = document.measures[0]
    assert document.quote(first.heading_span) == "改造农贸市场"
    assert "— 3 —" not in document.quote(first.text_span)
    assert document.quote(first.text_span).endswith("县住房城乡建设局配合）")
    assert [(r.measure, [u.name for u in r.participants]) for r in built.facts.responsibilities][0] == (
        1,
        ["县市场监管局", "县住房城乡建设局"],
    )
    assert [(t.metric, t.deadline) for t in built.facts.targets] == [("农贸市场标准化率", "2025")]
    assert document.title == "青苇县集贸市场改造提升方案"
    assert any("page number or running header" in warning for warning in document.warnings)


def test_numbers_that_are_no_page_numbers_stay():
    # A 序号 in a table (tab-separated), an item's number alone on its line after a sentence
    # that ended, a lone number at the top: none is set apart from text it cuts.
    table = "序号\t重点任务\t牵头单位\n3\t推进市场改造\t县商务局\n"
    assert drop_page_furniture(table) == (table, 0)
    listed = "青苇县工作要点\n一、主要任务\n开展市场整治。\n3\n推进市场改造。\n"
    assert drop_page_furniture(listed) == (listed, 0)
    # A table's cells one a line between blank lines, a year: numbers that do not run up a
    # page at a time, a page's text apart.
    cells = "青苇县工作要点\n一、主要指标\n\n指标\n\n农贸市场标准化率\n\n80\n\n95\n\n二、主要任务\n开展整治，到\n\n2025\n\n年完成。\n"
    assert drop_page_furniture(cells) == (cells, 0)
    # A line repeated in the text that no page break holds stays: the title at the top,
    # the heading under 附件.
    attached = "青苇县集贸市场改造提升方案\n\n附件\n\n青苇县集贸市场改造提升方案\n\n一、重点任务\n"
    assert drop_page_furniture(attached) == (attached, 0)


def test_an_office_header_at_two_page_breaks_goes_also_where_no_sentence_is_cut():
    text = (
        "青苇县集贸市场改造提升方案\n"
        "（一）改造农贸市场。推进市场标准化改造，全县农贸\n\n－2－\n\n青苇县人民政府办公室\n\n"
        "市场标准化率达到80%。\n"
        "（二）规范市场秩序。开展市场秩序\n\n－3－\n\n青苇县人民政府办公室\n\n"
        "专项整治。\n\n青苇县人民政府办公室\n\n"
        "（三）加强组织保障。成立工作专班。\n"
    )
    joined = decode(text.encode("utf-8")).original
    assert "青苇县人民政府办公室" not in joined and "－" not in joined
    assert joined.splitlines()[1:] == [
        "（一）改造农贸市场。推进市场标准化改造，全县农贸市场标准化率达到80%。",
        "（二）规范市场秩序。开展市场秩序专项整治。",
        "（三）加强组织保障。成立工作专班。",
    ]


RAGGED = """青苇县集贸市场改造提升方案
（2024—2026年）

为改善群众购物环境，根据省有关部署，
结合我县实际，制定本方案。
一、工作目标
到2026年，全县农贸市场标准化率达到80%，
市场管理费不超过每摊位200元/
月。
二、重点任务
（一）改造农贸市场。推进市场标准化改造，每年改造
市场不少于3个。
责任单位：县商务局、县市场监管局
1.健全市场管理制度，落实主体责任
加强市场日常巡查，实行网格化管理。
牵头单位：县市场监管局，
县商务局
市场监管局牵头，县商务局配合
各乡镇每月开展一次检查。

附件：青苇县集贸市场名录
青苇县人民政府办公室
2024年3月1日
"""


def test_lines_broken_inside_sentences_are_joined_at_no_one_width():
    joined, width = unwrap(RAGGED)
    assert width == 0
    assert joined.splitlines() == [
        "青苇县集贸市场改造提升方案",  # a title holds no clause's punctuation
        "（2024—2026年）",
        "",
        "为改善群众购物环境，根据省有关部署，结合我县实际，制定本方案。",
        "一、工作目标",  # a heading
        "到2026年，全县农贸市场标准化率达到80%，市场管理费不超过每摊位200元/月。",
        "二、重点任务",
        "（一）改造农贸市场。推进市场标准化改造，每年改造市场不少于3个。",
        "责任单位：县商务局、县市场监管局",  # a field's line
        "1.健全市场管理制度，落实主体责任",  # a heading: a short numbered line without 。
        "加强市场日常巡查，实行网格化管理。",
        "牵头单位：县市场监管局，县商务局",  # …cut after a separator
        "市场监管局牵头，县商务局配合",  # a responsibility on its own line
        "各乡镇每月开展一次检查。",
        "",
        "附件：青苇县集贸市场名录",  # a label's colon is no clause's
        "青苇县人民政府办公室",  # a signature, a date
        "2024年3月1日",
    ]


def test_a_numbered_line_without_a_full_stop_is_cut_only_as_wide_as_the_cut_lines():
    # A heading may hold a comma; a numbered line is cut inside its sentence where it runs
    # as wide as the lines the text cuts (here three unnumbered ones), or ends on a comma.
    text = (
        "青苇县集贸市场改造提升方案\n"
        "为改善群众购物环境，根据省有关部署，结合我县实际，制定\n"
        "本方案。到2026年，全县农贸市场标准化率达到80%，市场\n"
        "管理费不超过每摊位200元，农贸市场智慧化改造实现全覆\n"
        "盖。\n"
        "（一）强化市场改造提升，加快补齐设施短板\n"
        "推进市场标准化改造。\n"
        "（二）到2026年，农贸市场食品安全快检覆盖率达到100%，\n"
        "抽检合格率达到98%。\n"
        "（三）规范市场经营秩序。到2025年，农贸市场持证经营率\n"
        "达到100%。\n"
        "（四）完善市场长效管理机制，全县农贸市场达标率达到\n"
        "95%以上。\n"
    )
    assert unwrap(text)[0].splitlines()[2:] == [
        "（一）强化市场改造提升，加快补齐设施短板",
        "推进市场标准化改造。",
        "（二）到2026年，农贸市场食品安全快检覆盖率达到100%，抽检合格率达到98%。",
        "（三）规范市场经营秩序。到2025年，农贸市场持证经营率达到100%。",
        "（四）完善市场长效管理机制，全县农贸市场达标率达到95%以上。",
    ]
    # Without the cut lines to measure by, a numbered line without 。 stays a heading.
    alone = "青苇县集贸市场改造提升方案\n（一）完善市场长效管理机制，全县农贸市场达标率达到\n95%以上。\n"
    assert unwrap(alone) == (alone, 0)


def test_a_text_written_one_sentence_a_line_is_left_as_it_is():
    text = "".join(f"（{n}）开展第{n}项工作，完成率达到{n}0%。\n" for n in "一二三四五六七八九")
    assert unwrap(text) == (text, 0)
    assert drop_page_furniture(text) == (text, 0)


def test_a_bracket_broken_after_a_clause_end_is_joined_by_its_brackets(tmp_path):
    # A line that ends a clause (；) is no sentence cut short, but its bracket is still open.
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "青苇县集贸市场改造提升方案\n（一）改造农贸市场。推进市场标准化改造。（牵头单位：县商务局；\n"
        "责任单位：县市场监管局）\n（二）规范市场秩序。开展专项整治。（县市场监管局牵头）\n",
        encoding="utf-8",
    )
    built = pipeline.process(plan)
    assert "1 line break(s) inside brackets or quotation marks were joined" in built.document.warnings
    assert [
        (r.measure, [u.name for u in r.leads], [u.name for u in r.participants]) for r in built.facts.responsibilities
    ] == [
        (1, ["县商务局"], ["县市场监管局"]),
        (2, ["县市场监管局"], []),
    ]


def test_headings_numbered_as_structure_reads_them_are_not_joined():
    # Decimal labels, circled and Roman numbers open lines of their own, as 一、 and 1. do;
    # a value cut off at a line's start (…建成\n1.5万平方米) is still joined.
    lines = [
        "某市数字政府建设实施方案",
        "2、重点任务",
        "2.1、夯实数字基础设施",
        "2.1.1、建设政务云平台。",
        "坚持集约建设，统筹全市机房资源，到2025年新建数据中心",
        "1.5万平方米。",
        "① 建设街道综合养老服务中心、社区服务站点",
        "Ⅱ．深化医养签约服务。",
    ]
    assert decode(("\n".join(lines) + "\n").encode()).original.splitlines() == [
        *lines[:4],
        lines[4] + lines[5],
        *lines[6:],
    ]


def test_a_line_of_roles_ending_in_a_duty_to_carry_out_is_not_joined():
    lines = [
        "某市某某工作实施方案",
        "一、重点任务",
        "（一）推进社区养老服务。",
        "由市民政局牵头负责，各县（市、区）人民政府具体落实",
        "社区养老服务设施覆盖率达到90%以上。",
    ]
    assert decode(("\n".join(lines) + "\n").encode()).original.splitlines() == lines
