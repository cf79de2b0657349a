"""Stage 2 on numbering styles beyond 一、（一）1.（1）: decimals (2 / 2.1 / 2.1.1), numbers
typed as one character (①, Ⅰ．, I.), markers that change style inside a run, lists that close
a part on a line of their own, and spaced chapter titles."""

from kg.read import decode
from kg.structure import Level, parse

PK_WARNINGS = ("measure numbers", "lines numbered like measures", "stand outside every measure")


def parse_text(text: str):
    return parse(decode(text.encode("utf-8"), "test.txt"))


def numbering_warnings(document) -> list[str]:
    return [w for w in document.warnings if any(kind in w for kind in PK_WARNINGS)]


# --- decimal numbering ------------------------------------------------------------------------

DECIMAL = """某县数字乡村建设方案

1 总体要求

1.1 指导思想
坚持数字赋能。

2 重点任务

2.1 夯实基础设施
2.1.1 推进网络覆盖。行政村光网通达率达到100%。
1.5万户接入宽带。
3.5亿元用于建设。
（县工信局牵头）
2.1.2 建设数据平台。
（县数据局牵头）

2.2 推广应用
2.2.1 发展智慧种植。建设智能温室30个。
（县农业农村局牵头）

3 保障措施

3.1 加强组织领导。成立领导小组。
"""


def test_decimal_levels_are_sections_groups_and_measures():
    document = parse_text(DECIMAL)
    assert document.measure_level is Level.ITEM
    assert [(s.number, s.title, s.carries_measures) for s in document.sections] == [
        (1, "总体要求", False),
        (2, "重点任务", True),
        (3, "保障措施", True),
    ]
    assert [(g.label, g.title, g.section) for g in document.groups] == [
        ("2.1", "夯实基础设施", 2),
        ("2.2", "推广应用", 2),
    ]
    # Numbered in order; the label keeps the number as written.
    assert [(m.number, m.label, m.heading, m.group) for m in document.measures] == [
        (1, "2.1.1", "推进网络覆盖", 1),
        (2, "2.1.2", "建设数据平台", 1),
        (3, "2.2.1", "发展智慧种植", 2),
    ]
    assert numbering_warnings(document) == []


def test_a_decimal_amount_at_a_lines_start_is_text():
    document = parse_text(DECIMAL)
    assert (
        document.measures[0].body
        == "行政村光网通达率达到100%。\n1.5万户接入宽带。\n3.5亿元用于建设。\n（县工信局牵头）"
    )


def test_two_level_decimals_take_the_second_level_as_measures_and_tops_in_sequence_as_sections():
    document = parse_text(
        "某市工作要点\n1 工作目标\n网上可办率达到98%。\n2 重点任务\n2.1、压缩开办时间。（市审批局牵头）\n"
        "2.2、优化纳税服务。具体为：\n1. 推广非接触式办税。\n2. 精简申报资料。\n（市税务局牵头）\n"
        "3 保障措施\n各单位要明确专人负责。\n"
    )
    assert [(s.number, s.title) for s in document.sections] == [(1, "工作目标"), (2, "重点任务"), (3, "保障措施")]
    assert [(m.number, m.label) for m in document.measures] == [(1, "2.1"), (2, "2.2")]
    assert document.measures[1].body == "具体为：\n1. 推广非接触式办税。\n2. 精简申报资料。\n（市税务局牵头）"
    assert document.warnings == []


def test_decimal_labels_under_chinese_sections():
    document = parse_text(
        "某市方案\n一、总体要求\n加快发展。\n二、重点任务\n\n1.1 提升景区品质\n\n1.1.1 创建景区。（市文旅局牵头）\n\n"
        "1.1.2 完善设施。（市住建局牵头）\n\n1.2 丰富旅游产品\n\n1.2.1 发展乡村旅游。（市农业农村局牵头）\n"
    )
    assert [m.label for m in document.measures] == ["1.1.1", "1.1.2", "1.2.1"]
    assert [g.title for g in document.groups] == ["提升景区品质", "丰富旅游产品"]


def test_decimal_lines_under_numbered_items_are_their_points():
    document = parse_text(
        "某县要点\n一、重点任务\n1.办好学校。内容如下：\n1.1 新建学校2所。\n1.2 改扩建学校3所。\n（县教育局牵头）\n"
        "2.培养教师。（县教育局牵头）\n3.改善条件。（县财政局牵头）\n"
    )
    assert [(m.number, m.heading) for m in document.measures] == [(1, "办好学校"), (2, "培养教师"), (3, "改善条件")]
    assert "1.2 改扩建学校3所。" in document.measures[0].body
    assert document.warnings == []


# --- numbers typed as one character ---------------------------------------------------------


def test_circled_and_roman_numbers_are_measures_where_groups_hold_no_items():
    document = parse_text(
        "某市方案\n一、重点任务\n（一）完善网络\n① 建设中心。（市民政局牵头）\n②发展助餐。（市商务局牵头）\n"
        "（二）医养结合\nⅠ．深化签约。（市卫健局牵头）\nII. 推动试点。（市医保局牵头）\n"
    )
    assert document.measure_level is Level.POINT
    assert [(m.number, m.label, m.heading, m.group) for m in document.measures] == [
        (1, "①", "建设中心", 1),
        (2, "②", "发展助餐", 1),
        (3, "Ⅰ", "深化签约", 2),
        (4, "II", "推动试点", 2),
    ]
    assert numbering_warnings(document) == []  # numbered afresh in each group, as such items are


def test_circled_numbers_under_numbered_items_are_their_points():
    document = parse_text(
        "某县方案\n一、重点任务\n1.建设学校。\n①新建2所；\n②改建3所。\n（县教育局牵头）\n2.培养教师。（县教育局牵头）\n"
    )
    assert [m.number for m in document.measures] == [1, 2]
    assert document.measures[0].body == "①新建2所；\n②改建3所。\n（县教育局牵头）"


def test_circled_points_of_some_level_two_measures_stay_points():
    document = parse_text(
        "某县方案\n一、重点任务\n（一）加强基础建设。具体包括：\n①建设学校2所；\n②培训教师100名。\n（县教育局牵头）\n"
        "（二）改善办学条件。（县财政局牵头）\n（三）深化改革。（县教育局牵头）\n"
    )
    assert document.measure_level is Level.GROUP
    assert [m.heading for m in document.measures] == ["加强基础建设", "改善办学条件", "深化改革"]


def test_a_word_at_a_lines_start_is_no_roman_numeral():
    document = parse_text("某县方案\n一、重点任务\n1.建设学校。\nVIP. 服务窗口开通。\nXII 个项目。\n2.培养教师。\n")
    assert [m.number for m in document.measures] == [1, 2]


def test_parenthesised_and_full_stop_digits_typed_as_one_character():
    document = parse_text("某县方案\n一、重点任务\n⒈建设学校。\n⑴新建2所。\n⑵改建3所。\n⒉培养教师。\n")
    assert [(m.number, m.label) for m in document.measures] == [(1, "⒈"), (2, "⒉")]
    assert document.measures[0].body == "⑴新建2所。\n⑵改建3所。"


# --- markers that change style ----------------------------------------------------------------


def test_a_marker_of_another_style_that_goes_on_the_run_is_the_next_measure():
    document = parse_text(
        "某州方案\n一、重点任务\n（一）提升景区\n1、推进古城升级。\n牵头单位：甲县人民政府\n2、发展乡村旅游。\n牵头单位：州文旅局\n"
        "（二）加强宣传\n3) 开展品牌营销。\n牵头单位：州委宣传部\n4) 拓展客源市场。\n牵头单位：州文旅局\n"
    )
    assert [(m.number, m.label, m.group) for m in document.measures] == [
        (1, "1", 1),
        (2, "2", 1),
        (3, "3）", 2),
        (4, "4）", 2),
    ]
    assert document.warnings == []


def test_points_that_follow_a_measure_stay_its_points():
    document = parse_text(
        "某县方案\n一、重点任务\n1、建设学校。\n（1）新建2所。\n（2）改建3所。\n2、培养教师。\n3）开展培训。\n4、改善条件。\n"
    )
    assert [m.number for m in document.measures] == [1, 2, 3, 4]  # 3) goes on the run of 1、 2、
    document = parse_text("某县方案\n一、重点任务\n1、建设学校。\n2）新建2所。\n3）改建3所。\n")
    assert [m.number for m in document.measures] == [1, 2, 3]


def test_numbered_lines_outside_every_measure_are_named():
    document = parse_text(
        "某县方案\n一、重点任务\n（一）提升景区\n1、建设景区。\n牵头单位：县文旅局\n2、完善设施。\n牵头单位：县住建局\n"
        "（二）加强宣传\n1) 开展营销。\n牵头单位：县委宣传部\n2) 拓展市场。\n牵头单位：县文旅局\n"
        "二、保障措施\n（一）加强领导。\n（1）成立专班。\n（2）定期调度。\n"
    )
    assert [m.number for m in document.measures] == [1, 2]
    # The lines of 保障措施, a section that holds no measure and names no unit, are its text.
    assert document.warnings == [
        "test.txt: 2 numbered line(s) stand outside every measure (1） at line 9, 2） at line 11); "
        "they are read as neither measures nor their points: check their numbering"
    ]


# --- a list that closes a part ----------------------------------------------------------------


def test_a_list_closing_an_article_ends_its_groups_heading_and_no_item():
    document = parse_text(
        "某市若干措施\n第一章 支持政策\n第一条 设立专项资金。（市财政局牵头）\n第二条 落实税费优惠。\n"
        "（一）减免房产税；\n（二）减免土地使用税。\n（市税务局、市财政局按职责分工负责）\n第三条 加强用地保障。（市自然资源局负责）\n"
    )
    assert [m.label for m in document.measures] == ["第一条", "（一）", "（二）", "第三条"]
    group = document.groups[0]
    assert document.quote(group.span).startswith("第二条 落实税费优惠。")
    assert document.quote(group.span).endswith("（市税务局、市财政局按职责分工负责）")
    assert document.quote(document.measures[2].span) == "（二）减免土地使用税。"


def test_a_last_items_own_list_stays_its_own_where_the_others_name_units():
    document = parse_text(
        "某县方案\n一、重点任务\n（一）整治环境\n1.开展清洁行动。\n（县农业农村局牵头）\n2.推进厕所改造。\n（县卫健局牵头）\n"
    )
    assert document.quote(document.measures[1].span).endswith("（县卫健局牵头）")
    assert document.quote(document.groups[0].span) == "（一）整治环境"


def test_an_article_numbering_bracketed_points_is_their_group():
    document = parse_text(
        "某市若干措施\n第一章 支持政策\n第一条 设立专项资金。（市财政局牵头）\n第二条 落实税费优惠。\n"
        "（1）减免房产税。\n（2）减免土地使用税。\n第三条 加强用地保障。（市自然资源局负责）\n"
    )
    assert [m.label for m in document.measures] == ["第一条", "（1）", "（2）", "第三条"]
    assert [g.label for g in document.groups] == ["第二条"]
    # 第三条 goes on from 第二条, the group: no break is named.
    assert numbering_warnings(document) == [
        "test.txt: measure numbers do not run in one increasing sequence (第一条, （1）, （2）, 第三条…); "
        "measures are numbered by position"
    ]


# --- spaced titles and numbering that restarts per section -----------------------------------


def test_spaced_chapter_titles_of_general_and_supplementary_provisions_carry_no_measures():
    document = parse_text(
        "某市若干规定\n第一章\u3000总\u3000则\n第一条\u3000为促进发展，制定本规定。\n第二章  支持措施\n"
        "第二条  降低成本。（市财政局牵头）\n第三条  保障用地。（市自然资源局牵头）\n第三章 附  则\n第四条 各区可制定细则。\n"
    )
    assert [(s.title, s.carries_measures) for s in document.sections] == [
        ("总\u3000则", False),
        ("支持措施", True),
        ("附  则", False),
    ]
    assert [m.label for m in document.measures] == ["第二条", "第三条"]


def test_level_two_measures_numbered_afresh_in_each_section_raise_no_warning():
    document = parse_text(
        "某县方案\n一、重点任务\n（一）强化源头治理。（县农业农村局）\n（二）加强监管。（县市场监管局）\n"
        "二、保障措施\n（一）加强组织领导。（县委办）\n（二）强化经费保障。（县财政局）\n"
    )
    assert [m.number for m in document.measures] == [1, 2, 3, 4]
    assert document.warnings == []
    # … but a number repeated inside one section still warns.
    repeated = parse_text(
        "某县方案\n一、重点任务\n（一）甲。（县教育局）\n（一）乙。（县教育局）\n（二）丙。（县教育局）\n"
    )
    assert repeated.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (（一）, （一）, （二）…); "
        "measures are numbered by position: 1 repeated at line 4"
    ]
