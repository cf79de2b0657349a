"""Stage 2: Text → Document, on the seed and on texts in the genre's other styles."""

import pytest

from kg.errors import InputError
from kg.read import decode
from kg.structure import Level, parse


def parse_text(text: str):
    return parse(decode(text.encode("utf-8"), "test.txt"))


def test_seed_front_matter(seed):
    document = seed.document
    assert document.title == "益阳市职业教育高质量发展实施方案"
    assert document.period == (2021, 2025)
    assert document.status == "征求意见稿"
    assert document.warnings == []


def test_seed_has_19_measures_in_6_groups(seed):
    document = seed.document
    assert [m.number for m in document.measures] == list(range(1, 20))
    assert [g.title for g in document.groups] == [
        "加强党对职业教育的全面领导",
        "完善现代职业教育体系",
        "深化职业教育产教融合",  # written （3） between （二） and （四）
        "深化教育教学改革",
        "优化职业教育发展环境",
        "强化职业教育发展保障",
    ]
    assert [g.label for g in document.groups][2] == "（3）"
    groups = {g.number: [m.number for m in document.measures if m.group == g.number] for g in document.groups}
    assert groups == {1: [1, 2], 2: [3, 4, 5, 6, 7], 3: [8, 9, 10], 4: [11, 12, 13], 5: [14, 15], 6: [16, 17, 18, 19]}


def test_seed_sections_and_which_carry_measures(seed):
    sections = [(s.number, s.title, s.carries_measures) for s in seed.document.sections]
    assert sections == [(1, "指导思想", False), (2, "主要目标", False), (3, "任务措施", True)]
    goals = seed.document.sections[1]
    assert seed.document.quote(goals.extent).startswith("二、主要目标\n到2025年，职业教育类型特色更加鲜明")
    assert seed.document.quote(goals.extent).rstrip().endswith("进入全省一类地区。")
    assert seed.document.sections[2].extent[1] == seed.document.measures[-1].span[1]


def test_seed_measure_headings_and_spans(seed):
    document = seed.document
    headings = {m.number: m.heading for m in document.measures}
    assert headings[1] == "全面加强党的建设"
    assert headings[11] == "加强“双师型”教师队伍建设"
    assert headings[19] == "健全督导评价机制"
    for measure in document.measures:
        assert document.quote(measure.span).startswith(f"{measure.number}.{measure.heading}。")
        assert document.quote(measure.heading_span) == measure.heading
        assert document.quote(measure.body_span) == measure.body
    assert document.measures[-1].body.endswith("（市委组织部、市教育局、市人社局、市政府督查室）")


def test_seed_notes_are_not_measures(seed):
    document = seed.document
    assert [n.number for n in document.notes] == list(range(1, 11))
    assert document.notes[4].term == "“双高计划”"
    assert document.notes[9].term == "15-30%的兼职教师比例"
    back_matter_start = document.back_matter_span[0]
    assert all(m.span[1] <= back_matter_start for m in document.measures)
    assert document.quote(document.back_matter_span).startswith("本方案自公布之日起施行。")


def test_full_width_and_chinese_comma_numbering():
    document = parse_text(
        """
        某县行动计划
        一、重点任务
        １．第一项任务。内容。（县教育局）
        ２、第二项任务。内容。（县财政局）
        """
    )
    assert [(m.number, m.label, m.heading) for m in document.measures] == [
        (1, "1", "第一项任务"),
        (2, "2", "第二项任务"),
    ]


def test_parenthesised_digits_are_measures_when_there_are_no_dotted_items():
    document = parse_text(
        """
        某市若干措施
        一、支持创新
        （1）设立基金。每年安排资金。（市财政局）
        （2）引进人才。内容。（市人社局）
        二、优化服务
        （3）简化审批。内容。（市政务服务局）
        """
    )
    assert document.measure_level is Level.SUBITEM
    assert [m.number for m in document.measures] == [1, 2, 3]
    assert [m.section for m in document.measures] == [1, 1, 2]


def test_level_two_items_are_measures_when_nothing_finer_exists():
    document = parse_text(
        """
        某省若干措施
        一、加大财税支持
        （一）落实减税政策。内容。（省财政厅）
        （二）设立专项资金。内容。（省财政厅）
        二、优化融资服务
        （三）扩大信贷投放。内容。（省地方金融监管局）
        （四）发展融资担保。内容。（省财政厅）
        （五）支持企业上市。内容。（省证监局）
        （六）完善风险补偿。内容。（省财政厅）
        （七）降低融资成本。内容。（省财政厅）
        """
    )
    assert document.measure_level is Level.GROUP
    assert [m.number for m in document.measures] == [1, 2, 3, 4, 5, 6, 7]
    assert document.measures[6].label == "（七）"
    assert [g.title for g in document.groups] == ["加大财税支持", "优化融资服务"]


def test_goals_and_principles_sections_hold_no_measures():
    document = parse_text(
        """
        某市实施方案
        一、主要目标
        1.到2025年，覆盖率达到90%。
        2.到2027年，全面建成。
        二、重点任务
        1.建设平台。内容。（市发改委）
        2.培育主体。内容。（市工信局）
        """
    )
    assert [m.heading for m in document.measures] == ["建设平台", "培育主体"]


def test_numbering_that_restarts_in_each_group_is_numbered_by_position():
    document = parse_text(
        """
        某区工作要点
        一、重点任务
        （一）教育
        1.办好学校。（区教育局）
        2.培养教师。（区教育局）
        （二）卫生
        1.建设医院。（区卫健局）
        """
    )
    assert [(m.number, m.label) for m in document.measures] == [(1, "1"), (2, "2"), (3, "1")]
    assert document.warnings and "numbered by position" in document.warnings[0]


def test_skipped_numbers_are_warned_about():
    document = parse_text("某市方案\n一、任务\n1.甲。（市教育局）\n3.乙。（市教育局）\n")
    assert [m.number for m in document.measures] == [1, 3]
    assert document.warnings == ["test.txt: measure numbers skip 2"]


def test_title_with_inline_period_and_status_line():
    document = parse_text(
        """
        某市数字经济发展三年行动计划（2023—2025年）
        （试行）
        为加快发展，制定本计划。
        一、重点任务
        1.建设平台。（市发改委）
        """
    )
    assert document.title == "某市数字经济发展三年行动计划"
    assert document.period == (2023, 2025)
    assert document.status == "试行"


def test_heading_without_full_stop_runs_to_end_of_line():
    document = parse_text("某市方案\n一、任务\n1.加强组织领导\n各单位要高度重视。（市政府办）\n")
    measure = document.measures[0]
    assert measure.heading == "加强组织领导"
    assert measure.body == "各单位要高度重视。（市政府办）"


def test_text_without_numbered_measures_is_an_input_error():
    with pytest.raises(InputError, match="no numbered measures found; is this a plan?"):
        parse_text("这是一封信。\n祝好。\n")


NOTICE = """关于印发《某某县{year}年优化营商环境工作要点》的通知
各乡镇人民政府、街道办事处，县直各单位：
现将《某某县{year}年优化营商环境工作要点》印发给你们，请认真贯彻落实。
某某县人民政府办公室
{year}年3月1日
{title_line}
一、提升政务服务效能
1、深化改革。推进改革。（县行政审批服务局牵头）
"""


def test_a_plan_inside_the_notice_that_issues_it_takes_its_own_title():
    text = NOTICE.format(year=2023, title_line="某某县2023年优化营商环境工作要点")
    document = parse(decode(text.encode("utf-8"), "notice.txt"))
    assert document.title == "某某县2023年优化营商环境工作要点"
    assert document.quote(document.title_span) == "某某县2023年优化营商环境工作要点"
    assert document.quote(document.preamble_span).startswith("关于印发《某某县2023年")


def test_a_notice_whose_plan_title_is_not_repeated_gives_the_title_inside_it():
    text = NOTICE.format(year=2024, title_line="")
    document = parse(decode(text.encode("utf-8"), "notice.txt"))
    assert document.title == "某某县2024年优化营商环境工作要点"
    assert document.quote(document.title_span) == "某某县2024年优化营商环境工作要点"


def test_a_line_that_starts_with_a_decimal_inside_a_measure_starts_no_item():
    text = "某市方案\n一、任务\n1.甲。内容。\n2.乙。目标如下：\n1.5万人次参加培训。（市人社局）\n3.丙。内容。（市教育局）\n"
    document = parse(decode(text.encode("utf-8"), "decimal.txt"))
    assert [m.number for m in document.measures] == [1, 2, 3]
    assert document.measures[1].body.endswith("1.5万人次参加培训。（市人社局）")
    assert document.warnings == []


_DATED_BODY = "一、重点任务\n1.做好甲工作。（县教育局）\n2.做好乙工作。（县财政局）\n"


@pytest.mark.parametrize(
    "text, date",
    [
        ("某县乙项工作实施方案\n（2023年3月5日）\n" + _DATED_BODY, "2023-03-05"),
        ("某县乙项工作实施方案\n（征求意见稿）\n2023年 3月 5日\n" + _DATED_BODY, "2023-03-05"),
        ("某县乙项工作实施方案\n" + _DATED_BODY + "\n某县人民政府办公室\n2024年12月31日\n", "2024-12-31"),
        ("某县乙项工作实施方案\n（2023年2月30日）\n" + _DATED_BODY, None),  # no such day
        ("某县乙项工作实施方案\n为落实2023年3月5日会议精神，制定本方案。\n" + _DATED_BODY, None),  # inside a sentence
        ("某县乙项工作实施方案\n" + _DATED_BODY, None),
    ],
)
def test_a_date_on_a_line_of_its_own_dates_the_plan(text, date):
    document = parse_text(text)
    assert document.date == date
    assert document.title == "某县乙项工作实施方案" and len(document.measures) == 2


def test_a_box_of_key_projects_belongs_to_the_task_before_it_and_numbers_no_measures():
    text = """
        某市行动方案
        一、重点任务
        （一）建设养老设施。内容。（牵头单位：市民政局）
        专栏一  养老设施重点工程
        1.社区养老服务中心建设工程：新建20个。
        2.家庭养老床位建设工程：建设3000张。
        （二）培养护理人才。内容。（牵头单位：市人社局）
        【专栏2】人才培养项目
        （1）护理员培训。
        二、保障措施
        （一）加强领导。内容。
        """
    document = parse_text(text)
    assert [(m.label, m.heading) for m in document.measures] == [
        ("（一）", "建设养老设施"),
        ("（二）", "培养护理人才"),
        ("（一）", "加强领导"),
    ]
    original = document.text.original
    first, second, third = document.measures
    # The task's own text stops before its box; the box runs to the next task.
    assert original[first.span[0] : first.span[1]].endswith("（牵头单位：市民政局）")
    assert [original[s:e].splitlines()[0] for s, e in first.boxes] == ["专栏一  养老设施重点工程"]
    assert original[first.boxes[0][0] : first.boxes[0][1]].endswith("建设3000张。")
    assert [original[s:e] for s, e in second.boxes] == ["【专栏2】人才培养项目\n        （1）护理员培训。"]
    assert third.boxes == ()


def test_a_box_item_numbered_like_the_next_task_is_the_task_when_it_names_who_does_it():
    document = parse_text(
        """
        某区行动方案
        一、重点任务
        1.建设基站。内容。（牵头单位：区工信局）
        2.培育产业。内容。（牵头单位：区商务局）
        专栏1 重点项目
        1.数字产业园。
        2.制造基地。
        3.推进转型。内容。（牵头单位：区工信局）
        """
    )
    assert [m.heading for m in document.measures] == ["建设基站", "培育产业", "推进转型"]
    assert len(document.measures[1].boxes) == 1


def test_a_heading_without_a_full_stop_leaves_out_the_list_of_units_that_ends_its_line():
    document = parse_text(
        """
        某县2024年营商环境工作要点
        一、重点任务
        1.加强知识产权保护 （责任单位：县市场监管局）
        2.拓宽企业融资渠道，全年新增企业贷款15亿元（县金融办、县财政局）
        3.推进首违不罚（含轻微违法）
        """
    )
    assert [m.heading for m in document.measures] == [
        "加强知识产权保护",
        "拓宽企业融资渠道，全年新增企业贷款15亿元",
        "推进首违不罚（含轻微违法）",
    ]


def test_dashed_lines_with_their_own_lists_are_the_measures_where_nothing_finer_is_numbered():
    dashed = parse_text(
        """
        某区稳就业措施
        一、支持企业稳岗
        ——返还失业保险。（区人社局、区财政局）
        ——发放扩岗补助。（区人社局）
        二、促进重点群体就业
        ——开发公益性岗位300个。（区人社局、区民政局）
        """
    )
    assert [(m.number, m.label, m.heading, m.section) for m in dashed.measures] == [
        (1, "——", "返还失业保险", 1),
        (2, "——", "发放扩岗补助", 1),
        (3, "——", "开发公益性岗位300个", 2),
    ]
    # A numbered line that names its own units keeps the dashes as its points.
    numbered = parse_text(
        """
        某区稳就业措施
        一、重点工作
        （一）加强帮扶。
        ——开发公益性岗位300个。（区人社局、区民政局）
        ——组织培训。（区人社局）
        （二）推进创业。发放贷款。（区人社局、区财政局）
        """
    )
    assert [m.heading for m in numbered.measures] == ["加强帮扶", "推进创业"]


def test_a_web_pages_breadcrumb_and_fields_are_neither_title_nor_preamble():
    document = parse_text(
        """
        首页 > 政务公开 > 政策文件
        索引号：000014349/2023-00123
        发布日期：2023-05-12
        某市人民政府办公室关于印发《某市加快发展银发经济行动方案》的通知
        各县（市、区）人民政府，市直各单位：
        现印发给你们，请认真组织实施。
        某市人民政府办公室
        某市加快发展银发经济行动方案
        一、重点任务
        （一）扩大老年助餐服务。内容。（责任单位：市民政局）
        """
    )
    assert document.title == "某市加快发展银发经济行动方案"


def test_articles_that_number_items_of_their_own_are_groups_and_their_items_the_measures():
    document = parse_text(
        """
        某省若干措施
        第一条 加大财政支持。
        （一）奖励示范工厂。一次性奖励200万元。（甲局）
        （二）补助技术改造。（乙局）
        第二条 强化金融服务。
        1．扩大贷款。（丙局）
        第三条 优化要素保障。保障用地。（丁局）
        """
    )
    assert [(m.label, m.heading, m.group) for m in document.measures] == [
        ("（一）", "奖励示范工厂", 1),
        ("（二）", "补助技术改造", 1),
        ("1", "扩大贷款", 2),
        ("第三条", "优化要素保障", None),
    ]
    assert [g.title for g in document.groups] == ["加大财政支持", "强化金融服务"]


def test_a_group_heading_typed_with_the_number_before_is_still_a_group():
    document = parse_text(
        """
        某县工作要点
        一、重点任务
        （一）提升效能
        1．推行告知承诺制。（县司法局）
        （二）优化环境
        2．清理拖欠账款。（县工信局牵头，县财政局配合）
        （2）强化法治保障
        3．开展执法检查。（县司法局）
        """
    )
    assert [(m.heading, m.group) for m in document.measures] == [
        ("推行告知承诺制", 1),
        ("清理拖欠账款", 2),
        ("开展执法检查", 3),
    ]
