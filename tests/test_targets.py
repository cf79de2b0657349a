"""Stage 3: quantified targets — comparators, ranges, units, deadlines, scopes — and the
numbers that are not targets."""

from decimal import Decimal

import pytest

from kg.extract.targets import Comparator, Target, extract
from kg.read import decode, read
from kg.resources import bundled_plan
from kg.structure import parse
from kg.text import MASK

GE, GT, LE, LT, EQ, APPROX, RANGE = (
    Comparator.AT_LEAST,
    Comparator.GREATER,
    Comparator.AT_MOST,
    Comparator.LESS,
    Comparator.EQUAL,
    Comparator.APPROXIMATELY,
    Comparator.RANGE,
)


def plan(body: str, goals: str | None = None) -> str:
    """A minimal plan: a title, an optional 主要目标 section, and one measure."""
    text = "某市职业教育实施方案\n"
    if goals is not None:
        text += f"一、主要目标\n{goals}\n二、重点任务\n"
    else:
        text += "一、重点任务\n"
    return text + f"1.推进工作。{body}（市教育局）\n"


def document_of(text: str, encoding: str = "utf-8"):
    return parse(decode(text.encode(encoding), "test.txt"))


def targets(body: str, goals: str | None = None, encoding: str = "utf-8") -> list[Target]:
    return extract(document_of(plan(body, goals), encoding))


def facts(found: list[Target]) -> list[tuple]:
    """(comparator, value, value_max, unit) of each target, numbers as plain ints where whole."""
    return [(t.comparator, _plain(t.value), _plain(t.value_max), t.unit) for t in found]


def _plain(number: Decimal | None):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() and "." not in str(number) else number


def only(found: list[Target]) -> Target:
    assert len(found) == 1, found
    return found[0]


# --- the seed plan -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_document():
    return parse(read(bundled_plan()))


@pytest.fixture(scope="module")
def seed_targets(seed_document):
    return extract(seed_document)


# (measure, comparator, value, value_max, unit, deadline, scope), in document order.
SEED_TARGETS = [
    (3, EQ, 100, None, "%", "2022-12-31", "全市"),  # 全市所有中职学校达到国家…标准
    (3, EQ, 100, None, "%", "2022-12-31", None),  # 所有专业达到…专业设置标准
    (3, GE, 1, None, "所", None, "各区县（市）（大通湖区除外）"),
    (4, RANGE, 2, 3, "个", None, None),
    (6, GE, 1, None, "个", None, "各区县（市）"),
    (7, GE, 2, None, "倍", None, None),
    (8, RANGE, 1, 2, "个", None, "每所中职学校"),
    (8, RANGE, 2, 3, "个", None, "每所高职院校"),
    (9, EQ, 1, None, "个", "2025", "全市"),
    (9, APPROX, 20, None, "家", "2025", "全市"),
    (9, GE, 2, None, "家", "2025", "各区县（市）"),
    (11, EQ, 6, None, "个", None, None),
    (11, GT, 50, None, "%", "2023", None),
    (11, APPROX, 10, None, "名", "2023", None),
    (11, APPROX, 20, None, "个", "2023", None),
    (12, RANGE, 1, 2, "所", None, None),
    (17, RANGE, 15, 30, "%", None, None),
    (18, GE, 30, None, "%", None, None),
    (18, EQ, 1, None, "元", None, "各区县（市）"),  # 人均1元的职教专项经费
    (18, GE, 10000, None, "元/年", None, None),
    (18, GE, 12000, None, "元/年", None, None),
]

SEED_METRICS = [
    "所有中职学校达到国家中等职业学校设置和建设标准",
    "所有专业达到湖南省中等职业学校专业设置标准",
    "公办中职学校",
    "优势专业升格为本科专业",
    "高水平实习实训中心和毕业生创业孵化基地",
    "职业院校年培训人次达到在校生规模",
    "专业群",
    "专业群",
    "省级产教融合型区县（市）",
    "省级产教融合型企业",
    "省级产教融合型企业",
    "市级“双师型”教师培养培训基地",
    "专业教师中“双师型”教师占比",
    "职业院校芙蓉教学名师",
    "省级职业教育专业教学团队",
    "职业院校参与省职业教育信息化创新与改革试点",
    "按学校专任教师编制数的比例自主聘请兼职教师",
    "教育费附加和地方教育附加用于职业教育比例",
    "人均职教专项经费全额用于职业教育",
    "中职（技工）生均拨款标准",
    "高职",
]


def test_seed_every_target_exactly(seed_targets):
    found = [
        (t.measure, t.comparator, _plain(t.value), _plain(t.value_max), t.unit, t.deadline, t.scope)
        for t in seed_targets
    ]
    assert found == SEED_TARGETS
    assert [t.metric for t in seed_targets] == SEED_METRICS


def test_seed_targets_named_in_the_brief(seed_targets):
    found = {(t.measure, t.comparator.value, t.value, t.value_max, t.unit, t.deadline) for t in seed_targets}
    assert {
        (11, ">", Decimal(50), None, "%", "2023"),
        (18, ">=", Decimal(10000), None, "元/年", None),
        (18, ">=", Decimal(12000), None, "元/年", None),
        (18, ">=", Decimal(30), None, "%", None),
        (17, "range", Decimal(15), Decimal(30), "%", None),
        (7, ">=", Decimal(2), None, "倍", None),
        (9, "~", Decimal(20), None, "家", "2025"),
    } <= found
    assert any(t.measure == 3 and t.deadline == "2022-12-31" for t in seed_targets)


def test_seed_texts_and_deadline_texts(seed_targets):
    by_value = {(t.measure, t.value): t for t in seed_targets}
    assert by_value[11, 50].text == "专业教师中“双师型”教师占比超过50%"
    assert by_value[11, 50].deadline_text == "到2023年"
    assert by_value[11, 20].deadline_text == "到2023年"  # the deadline opened the sentence's clauses
    assert by_value[11, 6].deadline is None  # an earlier sentence
    assert by_value[9, 2].text == "各区县（市）至少建设培育2家以上省级产教融合型企业"
    assert by_value[17, 15].text == "按学校专任教师编制数的15—30%10的比例自主聘请兼职教师"
    assert by_value[3, 100].deadline_text == "到2022年底"


def test_seed_numbers_that_are_not_targets(seed_targets):
    values = {(t.measure, t.value) for t in seed_targets}
    assert (10, 30) not in values  # 可按投资额30%的比例抵免: a benefit rule
    assert (3, 1000) not in values  # 全国1000所优质中职校: a ranking
    assert (17, 10) not in values  # 15—30%10: note 10
    assert not any(t.value in (2019, 2020, 2021, 2025) for t in seed_targets)
    assert {t.measure for t in seed_targets} == {3, 4, 6, 7, 8, 9, 11, 12, 17, 18}


def test_seed_goals_section_states_no_number(seed_targets):
    # 到2025年 … 5-10年内 … 进入全省一类地区: a year, a horizon and a ranking.
    assert [t for t in seed_targets if t.measure is None] == []


def test_every_span_quotes_its_text(seed_document, seed_targets):
    original = seed_document.text.original
    for target in seed_targets:
        assert original[target.span[0] : target.span[1]] == target.text
        assert target.span[0] <= target.value_span[0] < target.value_span[1] <= target.span[1]


def test_seed_with_the_footnote_marker_masked(seed_document):
    normalised = seed_document.text.normalised
    at = normalised.index("15—30%10") + len("15—30%")
    masked = normalised[:at] + MASK * 2 + normalised[at + 2 :]
    found = [t for t in extract(seed_document, masked) if t.measure == 17]
    assert facts(found) == [(RANGE, 15, 30, "%")]
    assert found[0].metric == "按学校专任教师编制数的比例自主聘请兼职教师"


def test_a_mask_of_the_wrong_length_is_refused(seed_document):
    with pytest.raises(ValueError, match="masked"):
        extract(seed_document, seed_document.text.normalised[:-1])


# --- comparators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("实训基地不低于10个。", (GE, 10, None, "个")),
        ("培训人次不少于5000人次。", (GE, 5000, None, "人次")),
        ("至少建成3个实训基地。", (GE, 3, None, "个")),
        ("全市中职学校达到20所以上。", (GE, 20, None, "所")),
        ("骨干专业达到5个及以上。", (GE, 5, None, "个")),
        ("就业率超过90%。", (GT, 90, None, "%")),
        ("合格率高于95%。", (GT, 95, None, "%")),
        ("合作企业多于20家。", (GT, 20, None, "家")),
        ("班额不超过45人。", (LE, 45, None, "人")),
        ("误差控制在5%以内。", (LE, 5, None, "%")),
        ("单个项目补助最高10万元。", (LE, 10, None, "万元")),
        ("收费不高于3000元/生·年。", (LE, 3000, None, "元/生·年")),
        ("流失率控制在3%以下。", (LE, 3, None, "%")),
        ("辍学率低于1%。", (LT, 1, None, "%")),
        ("生均实训工位少于5%。", (LT, 5, None, "%")),
        ("空置率不足2%。", (LT, 2, None, "%")),
        ("在校生规模达到3万人左右。", (APPROX, 3, None, "万人")),
        ("建设约50个专业点。", (APPROX, 50, None, "个")),
        ("投入大约2亿元。", (APPROX, 2, None, "亿元")),
        ("培训近5万人次。", (APPROX, 5, None, "万人次")),
        ("建成6个实训基地。", (EQ, 6, None, "个")),
        ("遴建6个市级教师培养培训基地。", (EQ, 6, None, "个")),
        ("培育20多家示范企业。", (GT, 20, None, "家")),
    ],
)
def test_each_comparator_word(body, expected):
    assert facts(targets(body)) == [expected]


def test_a_prefix_and_a_suffix_together():
    found = only(targets("各区县（市）至少建设培育2家以上省级产教融合型企业。"))
    assert facts([found]) == [(GE, 2, None, "家")]
    assert found.metric == "省级产教融合型企业"
    assert found.scope == "各区县（市）"


def test_metrics_of_listed_values():
    found = targets("其中高职院校90所、中职学校170所，就业率和升学率分别达到95%和30%。")
    assert [(t.value, t.metric) for t in found] == [
        (90, "高职院校"),
        (170, "中职学校"),
        (95, "就业率"),  # 分别: the i-th item takes the i-th value
        (30, "升学率"),
    ]


def test_metric_is_the_subject_or_the_thing_counted():
    subject, counted = targets("“双师型”教师占比超过60%，遴选建设20个左右省级专业教学团队。")
    assert subject.metric == "“双师型”教师占比"
    assert counted.metric == "省级专业教学团队"


# --- ranges, numerals and units -------------------------------------------------------------


def test_ranges_in_every_written_form():
    found = targets(
        "建设1—2个基地，办好2-3所学校，按15~30%的比例聘请，每校投入3万元至5万元，"
        "建设一至两个中心，兼职教师占15%—30%，建成5到8个工作室，培育10——20家企业。"
    )
    assert facts(found) == [
        (RANGE, 1, 2, "个"),
        (RANGE, 2, 3, "所"),
        (RANGE, 15, 30, "%"),
        (RANGE, 3, 5, "万元"),
        (RANGE, 1, 2, "个"),
        (RANGE, 15, 30, "%"),
        (RANGE, 5, 8, "个"),
        (RANGE, 10, 20, "家"),
    ]
    original = document_of(plan("按15~30%的比例聘请。")).text.original
    found = only(targets("按15~30%的比例聘请。"))
    assert original[found.value_span[0] : found.value_span[1]] == "15~30%"


def test_full_width_range_marks_are_read():
    assert facts(targets("办好２－３所学校，比例为15～30%。")) == [(RANGE, 2, 3, "所"), (RANGE, 15, 30, "%")]


def test_chinese_numerals():
    found = targets("建成两个基地、三所学校和十个工作室，培育二十五名名师。")
    assert facts(found) == [(EQ, 2, None, "个"), (EQ, 3, None, "所"), (EQ, 10, None, "个"), (EQ, 25, None, "名")]
    assert [t.metric for t in found] == ["基地", "学校", "工作室", "名师"]


def test_full_width_digits_and_decimals():
    found = targets("建设１０个基地，占比达到２５．５％，年增长1.50倍。")
    assert facts(found) == [(EQ, 10, None, "个"), (EQ, Decimal("25.5"), None, "%"), (EQ, Decimal("1.50"), None, "倍")]
    assert found[1].value == Decimal("25.5") and str(found[2].value) == "1.50"
    assert found[0].text == "建设１０个基地"


def test_gb18030_input():
    found = targets("到２０２３年，专业教师中“双师型”教师占比超过５０％。", encoding="gb18030")
    assert facts(found) == [(GT, 50, None, "%")]
    assert found[0].deadline == "2023"
    assert found[0].text == "专业教师中“双师型”教师占比超过５０％"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("每年安排专项资金500万元。", (EQ, 500, None, "万元")),
        ("总投资3.5亿元。", (EQ, Decimal("3.5"), None, "亿元")),
        ("生均拨款标准不低于10000元/年。", (GE, 10000, None, "元/年")),
        ("高职生均拨款不低于12,000元。", (GE, 12000, None, "元")),
        ("学费不高于3000元/生·年。", (LE, 3000, None, "元/生·年")),
        ("年培训人次达到在校生规模2倍以上。", (GE, 2, None, "倍")),
        ("体质健康达标率提高5个百分点。", (EQ, 5, None, "个百分点")),
        ("顶岗实习时间不少于6个月。", (GE, 6, None, "个月")),
        ("综合评价得分不低于85。", (GE, 85, None, "")),
    ],
)
def test_units(body, expected):
    assert facts(targets(body)) == [expected]


def test_ratios_keep_their_written_form():
    found = targets("生师比不高于18∶1，职普比保持1:1。")
    assert facts(found) == [(LE, 18, None, "∶1"), (EQ, 1, None, "∶1")]
    assert [t.metric for t in found] == ["生师比", "职普比"]


# --- deadlines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, deadline, deadline_text",
    [
        ("到2023年，建成3所学校。", "2023", "到2023年"),
        ("到2022年底建成3所学校。", "2022-12-31", "到2022年底"),
        ("2022年底前建成3所学校。", "2022-12-31", "2022年底前"),
        ("2027年底前建成3所学校。", "2027-12-31", "2027年底前"),
        ("2022年末建成3所学校。", "2022-12-31", "2022年末"),
        ("2025年前建成3所学校。", "2025", "2025年前"),
        ("力争到2025年建成3所学校。", "2025", "到2025年"),
        ("到2023年6月底建成3所学校。", "2023-06-30", "到2023年6月底"),
        ("到2024年2月建成3所学校。", "2024-02-29", "到2024年2月"),
        ("“十四五”期间建成3所学校。", "2025", "“十四五”期间"),
        ("到十四五末建成3所学校。", "2025", "到十四五末"),
        ("“十五五”时期建成3所学校。", "2030", "“十五五”时期"),
        ("5-10年内建成3所学校。", None, "5-10年内"),
        ("三年内建成3所学校。", None, "三年内"),
        ("建成3所学校。", None, None),
    ],
)
def test_each_deadline_form(body, deadline, deadline_text):
    found = only(targets(body))
    assert (found.deadline, found.deadline_text) == (deadline, deadline_text)
    assert (found.value, found.unit) == (3, "所")


def test_a_deadline_opening_a_sentence_covers_its_targets_up_to_the_full_stop():
    found = targets(
        "完善制度，建成2个中心。到2025年，全市建成10个基地，20家左右示范企业，"
        "各县（市、区）至少建设2所学校；培训1万人次。建成5个工作室。"
    )
    assert [(t.value, t.unit, t.deadline, t.scope) for t in found] == [
        (2, "个", None, None),
        (10, "个", "2025", "全市"),
        (20, "家", "2025", "全市"),  # an elliptical clause keeps the scope before it
        (2, "所", "2025", "各县（市、区）"),
        (1, "万人次", "2025", None),
        (5, "个", None, None),
    ]
    assert found[1].deadline_text == "到2025年"


def test_a_deadline_inside_a_clause_covers_that_clause_only():
    found = targets("各县市区2024年底前建成3所学校，建成5个中心。")
    assert [(t.value, t.deadline, t.deadline_text) for t in found] == [
        (3, "2024-12-31", "2024年底前"),
        (5, None, None),
    ]


def test_a_later_opening_deadline_replaces_the_earlier_one():
    found = targets("到2023年，建成3所学校，到2025年，建成6所学校。")
    assert [(t.value, t.deadline) for t in found] == [(3, "2023"), (6, "2025")]


# --- scopes ------------------------------------------------------------------------------------


def test_scopes_at_the_head_of_a_clause():
    found = targets(
        "每所中职学校重点办好1—2个专业群，每个街道建成1个社区学校，各市（州）培育3家企业，"
        "全省建成10个基地，确保各区县（市）建成1所实训中心，建成2个平台。"
    )
    assert [t.scope for t in found] == ["每所中职学校", "每个街道", "各市（州）", "全省", "各区县（市）", None]


# --- goals sections --------------------------------------------------------------------------


def test_goals_come_from_the_goals_section_after_the_measures():
    found = targets(
        "建成3所学校。",
        goals="到2025年，全市中职学校达到20所，在校生规模稳定在3万人左右，“双师型”教师占比超过60%。",
    )
    assert [(t.measure, t.comparator, t.value, t.unit, t.deadline) for t in found] == [
        (1, EQ, 3, "所", None),
        (None, EQ, 20, "所", "2025"),
        (None, APPROX, 3, "万人", "2025"),
        (None, GT, 60, "%", "2025"),
    ]
    assert found[1].scope == "全市"
    assert found[3].metric == "“双师型”教师占比"


def test_numbered_goals_keep_their_opening_deadline():
    goals = "（一）到2025年，建成5个站点，培训1万人次。\n2、2027年底前，站点达到8个。"
    found = [t for t in targets("建成3所学校。", goals=goals) if t.measure is None]
    assert [(t.value, t.unit, t.deadline) for t in found] == [
        (5, "个", "2025"),
        (1, "万人次", "2025"),
        (8, "个", "2027-12-31"),
    ]


def test_other_goal_titles_are_goals_too():
    text = "某县方案\n一、工作目标\n到2024年，建成5个站点。\n二、重点任务\n1.推进工作。建成3所学校。\n"
    found = extract(document_of(text))
    assert [(t.measure, t.value) for t in found] == [(1, 3), (None, 5)]


# --- everything reaches a standard -----------------------------------------------------------


def test_all_reaching_a_standard_is_a_target_of_100_percent():
    found = targets(
        "到2022年底，全市所有中职学校达到国家设置标准，所有专业达到省级标准。实现学校全覆盖。所有学校全部达标。"
    )
    assert facts(found) == [(EQ, 100, None, "%")] * 4
    assert [t.deadline for t in found] == ["2022-12-31", "2022-12-31", None, None]
    assert found[0].metric == "所有中职学校达到国家设置标准"
    assert found[0].scope == "全市"


def test_all_without_a_goal_is_no_target():
    assert targets("所有学校开展劳动教育。全部纳入管理。") == []


# --- numbers that are not targets ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "2021年4月13日召开全市职业教育大会。",
        "实施2021-2025年发展规划。",
        "到2025年，职业教育体系更加完善。",
        "落实《国务院关于印发〈国家职业教育改革实施方案〉的通知》（国发〔2019〕4号）。",
        "按照湘教法[2020]16号文件执行。",
        "推进职业教育信息化2.0。",
        "推行“1+X”证书制度，开展“五化”建设，建设“五个益阳”，落实《三年行动计划》。",
        "推行一县一策、一校一案，到2025年实现一人一档。",
        "落实三全育人，实行五年一周期轮训，服务三高四新战略。",
        "招收年满16周岁的学员，为60岁以上老人提供服务。",
        "建设成为全国1000所优质中职校，进入全省一类地区。",
        "进入全国前10名，位列全省第一。",
        "兴办职业教育的投资符合规定的，可按投资额30%的比例抵免教育费附加。",
        "对年培训超过1000人次的学校，优先安排项目。",
        "在校生规模不足1200人的学校予以整合。",
        "年营业收入超过5000万元的企业，优先纳入试点。",
        "实施提质工程1和“双带头人”2培育工程。",
        "打造一个品牌，建设一批名师工作室。",
        "建设5G基站，推广G20经验。",
    ],
)
def test_not_a_target(body):
    assert targets(body) == []


def test_a_bare_number_glued_after_a_value_is_a_footnote_marker():
    found = only(targets("按专任教师编制数的15—30%10的比例聘请兼职教师。"))
    assert facts([found]) == [(RANGE, 15, 30, "%")]
    assert found.metric == "按专任教师编制数的比例聘请兼职教师"


def test_a_masked_footnote_marker_is_never_read():
    body = "建设“放心食堂”12个。"
    assert facts(targets(body)) == [(EQ, 12, None, "个")]  # a real count, unmasked
    document = document_of(plan(body))
    normalised = document.text.normalised
    at = normalised.index("12个")
    masked = normalised[:at] + MASK * 2 + normalised[at + 2 :]
    assert extract(document, masked) == []


def test_a_counted_one_needs_a_comparator_scope_or_deadline():
    found = targets("打造一个品牌，每个县至少建设一所学校，到2025年建成一个中心。")
    assert [(t.comparator, t.value, t.unit) for t in found] == [(GE, 1, "所"), (EQ, 1, "个")]


# --- spans -------------------------------------------------------------------------------------


def test_spans_of_small_plans_quote_the_original():
    text = plan("到２０２５年，各区县（市）至少建成１—２所学校，占比不低于３０％，所有学校全部达标。")
    document = document_of(text, "gb18030")
    found = extract(document)
    assert len(found) == 3
    for target in found:
        assert document.text.original[target.span[0] : target.span[1]] == target.text
        assert target.span[0] <= target.value_span[0] < target.value_span[1] <= target.span[1]
    assert document.text.original[found[0].value_span[0] : found[0].value_span[1]] == "１—２所"


# --- rates, caps and standards: the basis ----------------------------------------------------

BASIS_CASES = [
    # (body, (comparator, value, unit), basis)
    ("运营补贴标准为每张床位每月300元。", (EQ, 300, "元"), "每张床位每月"),
    ("新建小区按每百户不低于30平方米配建托育用房。", (GE, 30, "平方米"), "每百户"),
    ("每季度召开联席会议不少于1次。", (GE, 1, "次"), "每季度"),
    ("每三年举办一届职业技能大赛。", (EQ, 1, "届"), "每三年"),
    ("实习报酬不低于当地最低工资标准的80%。", (GE, 80, "%"), "当地最低工资标准"),
    ("每万人口拥有社会工作者数达到8人。", (EQ, 8, "人"), "每万人口"),
    ("每个项目补助不超过50万元。", (LE, 50, "万元"), "每个项目"),
    ("每名学员每年参加培训不少于40学时。", (GE, 40, "学时"), "每名学员每年"),
]


@pytest.mark.parametrize("body, expected, basis", BASIS_CASES)
def test_a_rate_keeps_its_amount_as_the_value_and_its_denominator_as_the_basis(body, expected, basis):
    found = only(targets(body))
    assert facts([found])[0] == (expected[0], expected[1], None, expected[2])
    assert found.basis == basis


def test_a_basis_is_no_part_of_the_metric():
    rate, per_household, frequency = targets(
        "运营补贴标准为每张床位每月300元，按每百户不低于30平方米配建托育用房，家庭医生每月随访不少于2次。"
    )
    assert rate.metric == "运营补贴标准"
    assert per_household.metric == "托育用房"
    assert frequency.metric == "家庭医生随访"


def test_a_slash_denominator_stays_in_the_unit():
    found = targets("培训补贴标准为1500元/人，单个项目补助不超过80万元/项，收费不高于3000元/生·年。")
    assert facts(found) == [(EQ, 1500, None, "元/人"), (LE, 80, None, "万元/项"), (LE, 3000, None, "元/生·年")]
    assert [t.basis for t in found] == [None, None, None]


def test_a_numeral_of_a_per_phrase_is_never_a_value():
    assert [t.unit for t in targets("按每百户不低于30平方米配建托育用房，每两年举办一届运动会。")] == ["平方米", "届"]


def test_a_scope_at_the_head_stays_a_scope_and_a_frequency_after_it_is_the_basis():
    found = only(targets("每所学校每年投入不少于10万元。"))
    assert (found.scope, found.basis, found.comparator, found.value, found.unit) == ("每所学校", "每年", GE, 10, "万元")


def test_benefit_rules_set_standards_and_the_sums_they_grant():
    found = targets(
        "对新建托育机构按每个托位每年2000元给予建设补助，对评为示范的托育机构给予最高20万元奖励，"
        "对认定的示范园区给予100万元奖补，给予一次性创业补贴5000元/户。"
    )
    assert [(t.comparator, t.value, t.unit, t.basis, t.metric) for t in found] == [
        (EQ, 2000, "元", "每个托位每年", "新建托育机构建设补助"),
        (LE, 20, "万元", None, "评为示范的托育机构奖励"),
        (EQ, 100, "万元", None, "认定的示范园区奖补"),
        (EQ, 5000, "元/户", None, "一次性创业补贴"),
    ]


@pytest.mark.parametrize(
    "body, metric, value",
    [
        ("对首次入选全国民营企业500强的企业，给予一次性奖励200万元。", "一次性奖励", 200),
        ("对新获批的国家级企业技术中心，奖励50万元。", "奖励", 50),
        ("对认定的市级众创空间给予20万元资助。", "认定的市级众创空间资助", 20),
    ],
)
def test_a_sum_a_benefit_rule_grants_is_its_standard(body, metric, value):
    (found,) = targets(body)  # 500强 and the like are conditions, not targets
    assert (found.comparator, found.value, found.unit, found.metric) == (EQ, value, "万元", metric)


@pytest.mark.parametrize(
    "body", ["对年营业收入首次超过1亿元的企业给予奖励。", "年营业收入超过5000万元的企业，优先纳入试点。"]
)
def test_a_sum_that_qualifies_for_a_grant_is_no_target(body):
    assert targets(body) == []


# --- magnitudes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("新增城镇就业18万人以上。", (GE, 18, None, "万人")),
        ("新增托位3.6万个。", (EQ, Decimal("3.6"), None, "万个")),
        ("改造老旧小区住房2.4万套。", (EQ, Decimal("2.4"), None, "万套")),
        ("新增养老床位1.2万张左右。", (APPROX, Decimal("1.2"), None, "万张")),
        ("撬动社会资本2.5亿元。", (EQ, Decimal("2.5"), None, "亿元")),
        ("培训农民工3万余人。", (GT, 3, None, "万人")),
        ("接待游客5000万人次。", (EQ, 5000, None, "万人次")),
    ],
)
def test_a_magnitude_stays_in_the_unit(body, expected):
    assert facts(targets(body)) == [expected]


# --- counts and descriptors inside names -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "全面落实困难残疾人两项补贴制度。",
        "建立两项补贴制度。",
        "完善三项救助政策，推动三级医院对口帮扶。",
        "鼓励两个或两个以上单位联合申报，支持5家及5家以上企业组建联合体。",
        "支持二级以上医院设立老年医学科，落实一类疫苗接种政策。",
        "“十四五”期间，完善养老服务体系。",
        "推动十四五规划落地见效。",
    ],
)
def test_counts_and_descriptors_inside_names_are_no_targets(body):
    assert targets(body) == []


def test_a_count_in_chinese_numerals_is_a_target_when_something_makes_it():
    found = targets("建成两个示范基地，建立三项制度，完善两项补贴制度。")
    assert [(t.value, t.unit, t.metric) for t in found] == [(2, "个", "示范基地"), (3, "项", "制度")]


# --- baselines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected, baseline, basis",
    [
        ("将城市低保标准由每人每月700元提高到760元。", (EQ, 760, None, "元"), 700, "每人每月"),
        ("城乡居民医保财政补助标准从610元提高至640元。", (EQ, 640, None, "元"), 610, None),
        ("审批时限由20个工作日压缩至10个工作日以内。", (LE, 10, None, "个工作日"), 20, None),
        ("森林覆盖率由58.5%提高到59%以上。", (GE, 59, None, "%"), Decimal("58.5"), None),
        ("生均公用经费标准由每生每年800元提高到每生每年1000元。", (EQ, 1000, None, "元"), 800, "每生每年"),
    ],
)
def test_a_change_is_one_target_with_its_baseline(body, expected, baseline, basis):
    found = only(targets(body))
    assert facts([found]) == [expected]
    assert (found.baseline, found.basis) == (baseline, basis)


def test_a_baseline_stays_out_of_the_metric():
    assert only(targets("将城市低保标准由每人每月700元提高到760元。")).metric == "城市低保标准"


def test_values_that_are_not_a_change_keep_no_baseline():
    found = targets("由县民政局牵头，建成3个站点，培训200人。")
    assert [(t.value, t.baseline) for t in found] == [(3, None), (200, None)]


# --- deadlines from context --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, deadline",
    [
        ("2024—2026年，每年新增就业1000人以上，建成站点5个。", "2026"),
        ("2023-2025年，建成站点5个。", "2025"),
        ("2025年，建成站点5个。", "2025"),
        ("力争2026年，建成站点5个。", "2026"),
        ("2023—2025年期间，建成站点5个。", "2025"),
    ],
)
def test_a_leading_year_or_period_is_the_deadline_of_its_sentence(body, deadline):
    found = targets(body)
    assert found and all(t.deadline == deadline for t in found)
    assert found[0].deadline_text == body.split("，")[0].removeprefix("力争")


def test_a_year_that_is_no_clause_of_its_own_is_no_deadline():
    found = targets("2024年起，每年建成站点5个。2025年度考核优秀站点8个。建成站点3个。")
    assert [(t.value, t.deadline) for t in found] == [(5, None), (8, None), (3, None)]


@pytest.mark.parametrize(
    "body, deadline, metric",
    [
        ("2025年全县建成站点8个。", "2025", "站点"),
        ("2026年改造老旧小区40个。", "2026", "改造老旧小区"),
        ("2024年新增城镇就业3000人以上。", "2024", "城镇就业"),
        ("2025年各乡镇建成站点8个。", "2025", "站点"),
        # a year that a noun follows, or one compared with, is none
        ("2023年水平的基础上建成站点8个。", None, "2023年水平的基础上建成站点"),
        ("培训人数比2022年增加500人。", None, "培训人数比2022年增加"),
    ],
)
def test_a_year_before_the_verb_or_scope_that_opens_a_clause_is_its_deadline(body, deadline, metric):
    found = targets(body)
    assert [(t.deadline, t.metric) for t in found] == [(deadline, metric)]


def test_a_leading_year_covers_its_sentence_only():
    found = targets("2025年，建成站点5个，培训200人。建成站点3个。")
    assert [(t.value, t.deadline) for t in found] == [(5, "2025"), (200, "2025"), (3, None)]


# --- the new fields --------------------------------------------------------------------------


def test_basis_and_baseline_default_to_none(seed_targets):
    assert all(t.basis is None and t.baseline is None for t in seed_targets)
    target = seed_targets[0]
    rebuilt = Target(
        target.measure,
        target.text,
        target.span,
        target.metric,
        target.comparator,
        target.value,
        target.value_max,
        target.unit,
        target.deadline,
        target.deadline_text,
        target.scope,
        target.value_span,
    )
    assert rebuilt == target


def test_the_graph_holds_basis_and_baseline(tmp_path):
    from kg import pipeline
    from kg.vocab import PK

    source = tmp_path / "plan.txt"
    source.write_text(
        plan("运营补贴标准为每张床位每月300元，城市低保标准由每人每月700元提高到760元。"), encoding="utf-8"
    )
    built = pipeline.process(source)
    written = {(quad.predicate, quad.object.value) for quad in built.quads}
    assert (PK.basis, "每张床位每月") in written
    assert (PK.basis, "每人每月") in written
    assert (PK.baseline, "700") in written


def test_a_measures_deadline_field_dates_its_targets_unless_it_states_several():
    from kg.extract import extract_all

    text = (
        "某县工作方案\n一、任务\n"
        "1.建设养老中心。建成养老服务中心3个。\n牵头单位：县民政局\n完成时限：2024年6月底\n推进智慧养老\n"
        "2.发展助餐服务。新增助餐点10个。\n（1）城区，完成时限：2024年底；\n（2）农村，完成时限：2025年底。\n"
        "（牵头单位：县民政局）\n"
    )
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    assert "完成时限：2024年6月底" in document.quote(document.measures[0].span)
    assert "推进智慧养老" not in document.quote(document.measures[0].span)  # the next task's heading
    targets = extract_all(document).targets
    assert [(t.measure, t.value, t.deadline, t.deadline_text) for t in targets] == [
        (1, Decimal("3"), "2024-06-30", "2024年6月底"),
        (2, Decimal("10"), None, None),  # two fields, one a point's: neither dates the measure
    ]


# --- dates without their year, in annual plans ------------------------------------------


@pytest.mark.parametrize(
    ("field", "year", "deadline"),
    [
        ("6月底前", 2024, "2024-06-30"),
        ("9月30日前", 2024, "2024-09-30"),
        ("第三季度", 2024, "2024-09-30"),
        ("上半年", 2023, "2023-06-30"),
        ("年底前", 2024, "2024-12-31"),
        ("年内", 2024, "2024"),
        ("全年", 2024, "2024"),
        ("本年度内", 2024, "2024"),
        ("今年以来", 2024, None),  # looks back
        ("2025年6月", 2024, "2025-06-30"),  # a year written wins
        ("6月底前", None, None),  # no plan year, no date
        ("5月1日起", 2024, None),  # a start
        ("长期坚持", 2024, None),
        ("2月30日前", 2024, None),  # no such day
    ],
)
def test_a_field_without_a_year_falls_in_the_plans_year(field, year, deadline):
    from kg.extract.targets import field_deadline

    assert field_deadline(field, year) == deadline


def _deadlines_of(title: str, body: str) -> list[str | None]:
    text = f"{title}\n\n一、重点任务\n{body}"
    return [target.deadline for target in extract(parse(decode(text.encode("utf-8"), "plan.txt")))]


def test_yearless_dates_need_a_plan_of_one_year():
    body = "1.建设平台。年底前建成平台3个，6月底前培训1000人次。（牵头单位：县发改局）\n"
    assert _deadlines_of("某县2024年数字政府建设工作要点", body) == ["2024-12-31", "2024-06-30"]
    assert _deadlines_of("某县2024年度数字政府建设工作计划", body) == ["2024-12-31", "2024-06-30"]
    # A plan of several years (or of none) leaves them undated: which year is not said.
    assert _deadlines_of("某县数字政府建设实施方案（2024—2026年）", body) == [None, None]
    assert _deadlines_of("某县数字政府建设实施方案", body) == [None, None]


def test_a_yearless_date_inside_a_name_is_no_deadline():
    body = "1.促进就业。高校毕业生年底去向落实率提高到91.5%，上半年新增就业3000人。（牵头单位：县人社局）\n"
    assert _deadlines_of("某县2025年就业创业工作要点", body) == [None, "2025-06-30"]


def test_a_list_of_units_after_each_clause_hides_neither_the_counts_nor_what_they_count():
    from kg.extract import extract_all

    document = document_of(
        "某市教育工作要点\n一、重点工作\n"
        "1.推进学前教育。新建公办幼儿园5所（责任单位：市教育局、市发改委）；"
        "改造薄弱学校20所（市教育局、市住建局），配备校车30辆（市教育局、市公安局）。\n"
    )
    found = extract_all(document).targets
    assert [(t.metric, t.value, t.unit) for t in found] == [
        ("公办幼儿园", Decimal(5), "所"),
        ("改造薄弱学校", Decimal(20), "所"),
        ("校车", Decimal(30), "辆"),
    ]


def test_the_whole_year_at_the_head_of_a_clause_dates_it_in_an_annual_plan():
    title = "某区2025年文化旅游工作要点"
    body = "全年接待游客800万人次，今年实现旅游收入60亿元以上；本年度新建口袋公园10个。"
    found = extract(document_of(f"{title}\n\n一、重点任务\n1.繁荣文旅市场。{body}（牵头单位：区文旅局）\n"))
    assert [(t.metric, t.deadline, t.deadline_text) for t in found] == [
        ("接待游客", "2025", "全年"),
        ("旅游收入", "2025", "今年"),
        ("口袋公园", "2025", "本年度"),
    ]


def test_the_whole_year_dates_nothing_where_the_year_is_unknown_or_looked_back_on():
    body = "1.推进工作。今年以来新增市场主体3000户，粮食产量全年稳定在30万吨。（牵头单位：县发改局）\n"
    assert _deadlines_of("某县2025年农业农村工作要点", body) == [None, None]
    assert _deadlines_of("某县农业农村发展实施方案（2024—2026年）", "1.推进工作。全年新增就业3000人。\n") == [None]
    # 全年级 is the whole grade of a school.
    assert _deadlines_of("某县2025年教育工作要点", "1.推进工作。全年级学生体质达标率达到95%。\n") == [None]


# --- units the genre writes, and the words that only look like them ---------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("新增造林面积2.5万公顷。", (EQ, Decimal("2.5"), None, "万公顷")),
        ("建成区面积达到45平方公里。", (EQ, 45, None, "平方公里")),
        ("改造供水管网1200米。", (EQ, 1200, None, "米")),
        ("能繁母猪存栏稳定在5万头以上。", (GE, 5, None, "万头")),
        ("家禽出栏300万只。", (EQ, 300, None, "万只")),
        ("肉鸭出栏不少于200万羽。", (GE, 200, None, "万羽")),
        ("种植苗木50万株。", (EQ, 50, None, "万株")),
        ("亩均化肥施用量控制在25千克以内。", (LE, 25, None, "千克")),
        ("人均蔬菜消费量达到120公斤。", (EQ, 120, None, "公斤")),
        ("港口集装箱吞吐量突破50万TEU。", (GT, 50, None, "万TEU")),
        ("内河港集装箱吞吐量达到30万标箱。", (EQ, 30, None, "万标箱")),
        ("新增变电容量80万千伏安。", (EQ, 80, None, "万千伏安")),
        ("建设标准厂房12栋。", (EQ, 12, None, "栋")),
        ("住宅小区加装电梯20部。", (EQ, 20, None, "部")),
        ("认定示范基地3批。", (EQ, 3, None, "批")),
        ("实际利用外资1.5亿美元。", (EQ, Decimal("1.5"), None, "亿美元")),
        ("出口额达到3000万欧元。", (EQ, 3000, None, "万欧元")),
        ("金融机构存款余额突破2万亿元。", (GT, 2, None, "万亿元")),
        ("综合能耗控制在5万吨标准煤以内。", (LE, 5, None, "万吨标准煤")),
        ("能繁母猪补贴100元/头。", (EQ, 100, None, "元/头")),
    ],
)
def test_units_of_land_livestock_trade_and_power(body, expected):
    assert facts(targets(body)) == [expected]


def test_a_unit_character_inside_a_word_is_no_unit():
    found = targets("培育龙头企业5家，发挥带头作用，玉米种植面积稳定在30万亩。")
    assert [(t.metric, t.value, t.unit) for t in found] == [("龙头企业", 5, "家"), ("玉米种植面积", 30, "万亩")]
    assert targets("推动两部门协同，落实一部分资金，批而未供土地全部消化。") == []


def test_a_batch_of_one_is_some_not_a_count():
    assert targets("到2025年，建成一批示范基地。") == []
    assert facts(targets("到2025年，认定两批示范基地。")) == [(EQ, 2, None, "批")]


@pytest.mark.parametrize(
    "body, metric, expected",
    [
        ("农村自来水普及率达到百分之九十五以上。", "农村自来水普及率", (GE, 95, None, "%")),
        ("生活垃圾分类覆盖率达到百分之百。", "生活垃圾分类覆盖率", (EQ, 100, None, "%")),
        ("城镇调查失业率控制在百分之四点五以内。", "城镇调查失业率", (LE, Decimal("4.5"), None, "%")),
        ("婴儿死亡率控制在千分之五以下。", "婴儿死亡率", (LE, 5, None, "‰")),
    ],
)
def test_a_proportion_written_in_words(body, metric, expected):
    found = only(targets(body))
    assert (found.metric, facts([found])[0]) == (metric, expected)


def test_one_point_of_a_proportion_is_no_article():
    assert facts(targets("研发投入强度提高一个百分点。")) == [(EQ, 1, None, "个百分点")]


def test_a_proportion_in_words_inside_quotes_stays_a_name():
    assert targets("落实扬尘防治“六个百分之百”要求。") == []


# --- phases of a project and thresholds that name a class ------------------------------


def test_a_phase_of_a_project_is_no_count():
    assert targets("建成高新区标准厂房三期，推进滨江污水处理厂二期提标改造，建设四期工程。") == []
    assert targets("到2025年，建成物流园二期。") == []
    # Sessions are counted: a verb governs them, or the number is written in digits.
    found = targets("举办三期培训班，开展乡村振兴专题培训5期。")
    assert [(t.metric, t.value, t.unit) for t in found] == [("培训班", 3, "期"), ("乡村振兴专题培训", 5, "期")]


def test_a_bound_before_a_noun_names_a_class():
    assert targets("推广应用30千瓦以上大中型农机具，淘汰35吨以下燃煤锅炉，培育年产值10亿元以上龙头企业。") == []
    found = only(targets("建成单体规模1000平方米及以下社区食堂20个。"))
    assert (found.metric, found.value, found.unit) == ("单体规模1000平方米及以下社区食堂", 20, "个")


def test_a_bound_at_the_end_or_before_a_verb_or_a_share_is_still_a_target():
    found = targets(
        "新增储能装机容量达到50万千瓦以上，PM2.5浓度降至35微克/立方米及以下，"
        "力争80%以上行政村建成综合服务站，群众来电30分钟内响应。"
    )
    assert facts(found) == [
        (GE, 50, None, "万千瓦"),
        (LE, 35, None, "微克/立方米"),
        (GE, 80, None, "%"),
        (LE, 30, None, "分钟"),
    ]
    # A cap on a grant is a standard, whatever its comparator's place.
    assert facts(targets("对新建机构给予100万元以下奖励。")) == [(LE, 100, None, "万元")]


def test_a_bound_joined_to_its_noun_by_de_names_a_class():
    assert targets("消除村级集体经济年收入5万元以下的薄弱村，购置功率达到200千瓦以上的拖拉机。") == []
    found = only(targets("到2025年，年收入20万元以上的村占比达到60%。"))
    assert (found.metric, found.value, found.unit) == ("年收入20万元以上的村占比", 60, "%")
    # the level or pace a bound states, after 的, is a target
    found = targets("村集体收入保持10万元以上的水平，产值保持8%以上的增速。")
    assert [(t.metric, t.comparator, t.value, t.unit) for t in found] == [
        ("村集体收入", GE, 10, "万元"),
        ("产值增速", GE, 8, "%"),
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        # members of a place, a herd or a firm, with a bound, give the size of each: a class
        ("实现50户以上具备条件的自然村通客车。", []),
        ("1000人以上的社区实现养老服务站全覆盖。", [("1000人以上的社区实现养老服务站全覆盖", 100, "%")]),
        ("新建存栏万头以上规模猪场6个。", [("存栏万头以上规模猪场", 6, "个")]),
        ("扶持年屠宰50万只以上的肉鸡加工企业3家。", [("年屠宰50万只以上的肉鸡加工企业", 3, "家")]),
        # what a count counts, with a bound, is the target
        ("培育20家以上市级龙头企业。", [("市级龙头企业", 20, "家")]),
        ("帮扶800户以上脱贫户发展产业。", [("脱贫户发展产业", 800, "户")]),
        ("培训300人以上企业职工。", [("企业职工", 300, "人")]),
        ("建成6个以上的示范基地。", [("示范基地", 6, "个")]),
    ],
)
def test_a_bounded_count_of_members_before_a_place_names_a_class(body, expected):
    assert [(t.metric, _plain(t.value), t.unit) for t in targets(body)] == expected


# --- a change after a value measures what that value measured ------------------------------


@pytest.mark.parametrize(
    "body, metrics",
    [
        ("外贸进出口总额达到500亿元，增长6%。", ["外贸进出口总额", "外贸进出口总额增长"]),
        ("城镇居民人均收入达到5万元，比上年增长7%以上。", ["城镇居民人均收入", "城镇居民人均收入比上年增长"]),
        ("接待游客达到3000万人次、同比增长12%。", ["接待游客", "接待游客同比增长"]),
        # the level after a change is the total, not the rate …
        ("地区生产总值增长7%左右，力争突破900亿元。", ["地区生产总值增长", "地区生产总值"]),
        ("服务业比重提高2个百分点，达到48%。", ["服务业比重提高", "服务业比重"]),
        ("人均预期寿命提高1岁，达到80岁。", ["人均预期寿命提高", "人均预期寿命"]),
        # … while a second rate in the same unit is one of the same change
        ("税收收入增长5%，力争达到8%。", ["税收收入增长", "税收收入增长"]),
    ],
)
def test_a_change_after_a_value_measures_what_the_value_measured(body, metrics):
    assert [t.metric for t in targets(body)] == metrics


# --- livestock, ages and ratios ---------------------------------------------------------------


def test_head_of_livestock_counted_together_is_one_unit():
    found = only(targets("牲畜存栏稳定在600万头只左右。"))
    assert (found.metric, found.comparator, found.value, found.unit) == ("牲畜存栏", APPROX, 600, "万头只")


@pytest.mark.parametrize(
    "body, expected",
    [
        ("人均预期寿命达到80岁。", [("人均预期寿命", EQ, 80, "岁")]),
        ("人均预期寿命提高到79.5岁以上。", [("人均预期寿命", GE, Decimal("79.5"), "岁")]),
        ("职工平均退休年龄延迟到62岁。", [("职工平均退休年龄", EQ, 62, "岁")]),
        # an age that says who is meant is no value
        ("为60岁以上老年人免费体检，3—6岁儿童免费入园，年满70周岁的老人发放补贴。", []),
        ("65岁以上老年人健康管理率达到70%。", [("65岁以上老年人健康管理率", EQ, 70, "%")]),
    ],
)
def test_an_age_is_a_value_only_after_a_comparator_or_a_verb_of_reaching(body, expected):
    assert [(t.metric, t.comparator, _plain(t.value), t.unit) for t in targets(body)] == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("按照1:13的师生比配备教职工。", ("师生比", 1, "∶13")),
        ("按照1∶0.6的医护比配齐护士。", ("医护比", 1, "∶0.6")),
    ],
)
def test_a_ratio_followed_by_its_name_measures_that_ratio(body, expected):
    found = only(targets(body))
    assert (found.metric, _plain(found.value), found.unit) == expected


def test_a_year_whose_level_is_meant_is_no_deadline():
    found = only(targets("客运量恢复到2019年同期的90%。"))
    assert found.deadline is None


# --- a basis shared by the values of one list ------------------------------------------


def test_values_listed_after_a_rate_share_its_basis():
    found = targets("城市、农村特困人员基本生活标准分别达到每人每年9000元、7000元。")
    assert [(t.value, t.basis, t.metric) for t in found] == [
        (9000, "每人每年", "城市特困人员基本生活标准"),
        (7000, "每人每年", "农村特困人员基本生活标准"),
    ]
    found = targets("普通高中生均公用经费每生每年不低于1000元、中职学校不低于1500元。")
    assert [(t.comparator, t.value, t.basis, t.metric) for t in found] == [
        (GE, 1000, "每生每年", "普通高中生均公用经费"),
        (GE, 1500, "每生每年", "中职学校"),
    ]


def test_a_one_off_amount_or_another_unit_keeps_no_basis():
    found = targets("高龄津贴每人每月补助200元、一次性补助1000元，每户每年补贴500元、全年共计80万元。")
    assert [(t.value, t.unit, t.basis) for t in found] == [
        (200, "元", "每人每月"),
        (1000, "元", None),
        (500, "元", "每户每年"),
        (80, "万元", None),
    ]


def test_a_bare_list_of_values_shares_the_comparator_written_before_its_first():
    found = targets("城乡低保标准分别不低于每人每月680元、510元，比例分别超过50%和60%，覆盖率分别达到95%、90%以上。")
    assert [(t.comparator, t.value, t.basis) for t in found] == [
        (GE, 680, "每人每月"),
        (GE, 510, "每人每月"),
        (GT, 50, None),
        (GT, 60, None),
        (EQ, 95, None),  # 以上 after the last value bounds that one only
        (GE, 90, None),
    ]


def test_a_bare_list_shares_its_comparator_along_every_value():
    found = targets("托班、小班、中班班额分别不超过20人、25人、30人，比例分别达到95%、90%以上、85%。")
    assert [(t.comparator, t.value) for t in found] == [
        (LE, 20),
        (LE, 25),
        (LE, 30),  # the third shares what the second shared
        (EQ, 95),
        (GE, 90),
        (EQ, 85),  # 以上 after the second bounds that one only
    ]


def test_a_bounded_count_after_a_verb_of_removing_names_the_class_removed():
    found = targets("全面消除60人以上大班额，取缔10人以下无证作坊，化解45人以上大班额20个。")
    assert [(t.metric, t.value, t.unit) for t in found] == [("化解45人以上大班额", 20, "个")]
    # A count of people after other verbs, or of the members themselves, is a target.
    found = targets("培训300人以上乡村教师，清理80名以上在编不在岗人员，关停12家以上落后企业。")
    assert [(t.metric, t.comparator, t.value, t.unit) for t in found] == [
        ("乡村教师", GE, 300, "人"),
        ("在编不在岗人员", GE, 80, "名"),
        ("落后企业", GE, 12, "家"),
    ]


# --- 分别: the i-th item takes the i-th value -------------------------------------------


def test_items_before_respectively_take_the_values_in_order_with_the_tail_they_share():
    found = targets("二氧化硫、烟粉尘、一氧化碳重点工程减排量分别达到300吨、90吨和600吨。")
    assert [(t.metric, t.value, t.unit) for t in found] == [
        ("二氧化硫重点工程减排量", 300, "吨"),
        ("烟粉尘重点工程减排量", 90, "吨"),
        ("一氧化碳重点工程减排量", 600, "吨"),
    ]
    found = targets("托班、小班班额分别不超过20人、25人。")
    assert [(t.metric, t.comparator, t.value) for t in found] == [("托班班额", LE, 20), ("小班班额", LE, 25)]


def test_parallel_items_share_what_follows_the_last():
    found = targets(
        "城区、乡镇最低生活保障标准分别不低于每人每月720元、560元，公办园、普惠性民办园覆盖率分别达到50%和30%。"
    )
    assert [(t.metric, t.comparator, t.value, t.basis) for t in found] == [
        ("城区最低生活保障标准", GE, 720, "每人每月"),
        ("乡镇最低生活保障标准", GE, 560, "每人每月"),
        ("公办园覆盖率", EQ, 50, None),
        ("普惠性民办园覆盖率", EQ, 30, None),
    ]
    found = targets("油菜、茶叶、中药材种植面积分别达到3万亩、6万亩、1.5万亩。")
    assert [t.metric for t in found] == ["油菜种植面积", "茶叶种植面积", "中药材种植面积"]


def test_items_before_respectively_keep_the_change_written_after_it():
    found = targets("农村电商交易额和农业总产值同比分别增长18%和9%，全县城镇、农村居民人均消费支出分别增长5%、7%。")
    assert [(t.metric, t.value, t.scope) for t in found] == [
        ("农村电商交易额同比增长", 18, None),
        ("农业总产值同比增长", 9, None),
        ("城镇居民人均消费支出增长", 5, "全县"),
        ("农村居民人均消费支出增长", 7, "全县"),
    ]


def test_items_that_are_whole_metrics_share_nothing():
    found = targets("入学率和巩固率分别达到99%和97%，规上企业的营业收入、利税总额分别增长12%、10%。")
    assert [t.metric for t in found] == ["入学率", "巩固率", "规上企业的营业收入增长", "规上企业的利税总额增长"]
    found = targets("重点人群签约服务率和家庭医生签约率分别达到80%、45%。")
    assert [t.metric for t in found] == ["重点人群签约服务率", "家庭医生签约率"]


def test_a_list_of_another_count_stays_one_metric():
    found = targets("甲、乙、丙中心站点平均覆盖半径分别不超过3公里、5公里。")
    assert [(t.metric, t.value) for t in found] == [
        ("甲、乙、丙中心站点平均覆盖半径", 3),
        ("甲、乙、丙中心站点平均覆盖半径", 5),
    ]
    found = targets("比例分别超过50%和60%。")
    assert [t.metric for t in found] == ["比例", "比例"]


def test_a_change_after_respectively_is_the_change_of_the_targets_before_it():
    found = targets("力争过夜游客达到300万人次，实现餐饮收入60亿元以上，同比分别增长9%、11%。")
    assert [(t.metric, t.comparator, t.value, t.unit) for t in found] == [
        ("过夜游客", EQ, 300, "万人次"),
        ("餐饮收入", GE, 60, "亿元"),
        ("过夜游客同比增长", EQ, 9, "%"),
        ("餐饮收入同比增长", EQ, 11, "%"),
    ]


def test_what_falls_due_after_the_units_is_a_target_not_part_of_their_list():
    from kg.extract import extract_all

    document = document_of(
        "某市2022年稳就业工作方案\n一、重点任务\n"
        "5.推进重大项目建设。由市发改委牵头，市工信局、市商务局配合，2022年底前新开工重大项目100个。\n"
    )
    facts = extract_all(document)
    assert [u.name for u in facts.responsibilities[0].units] == ["市发改委", "市工信局", "市商务局"]
    assert [(t.metric, t.value, t.unit, t.deadline) for t in facts.targets] == [
        ("新开工重大项目", Decimal(100), "个", "2022-12-31")
    ]


def test_a_rate_before_的_is_the_standard_it_sets_and_grades_are_a_unit():
    assert [
        (t.metric, t.comparator, t.value, t.unit, t.basis) for t in targets("按每亩不低于300元的标准安排县级配套资金。")
    ] == [("县级配套资金", GE, Decimal(300), "元", "每亩")]
    assert [(t.metric, t.comparator, t.value, t.unit) for t in targets("给予每户不超过2000元的设备购置补贴。")] == [
        ("设备购置补贴", LE, Decimal(2000), "元")
    ]
    # A bound with no rate before 的 is still a condition on the noun.
    assert targets("对年营业收入超过5000万元的企业给予奖励。") == []
    assert [(t.comparator, t.value, t.unit) for t in targets("耕地质量等级提高0.5个等级以上。")] == [
        (GE, Decimal("0.5"), "个等级")
    ]


# --- a year with a part of it, written inline ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "metric", "deadline"),
    [
        ("2024年上半年完成投资5亿元。", "投资", "2024-06-30"),
        ("2024年三季度末完成投资8亿元。", "投资", "2024-09-30"),
        ("2024年第三季度前，完成重大危险源检查200家。", "重大危险源检查", "2024-09-30"),
        ("到2025年一季度末，完成检查300家。", "检查", "2025-03-31"),
        ("到2026年第4季度，建成充电桩500个。", "充电桩", "2026-12-31"),
        ("2025年下半年新增就业岗位800个。", "就业岗位", "2025-12-31"),
        # A festival's day moves (January or February): the year is what is stated for certain.
        ("2024年春节前，完成客运车辆检查1200辆。", "客运车辆检查", "2024"),
        ("在校生人数2025年上半年前达到3000人。", "在校生人数", "2025-06-30"),
    ],
)
def test_a_year_with_a_part_of_it_is_a_deadline_and_no_part_of_the_metric(body, metric, deadline):
    found = only(targets(body))
    assert (found.metric, found.deadline) == (metric, deadline)


@pytest.mark.parametrize(
    "body",
    [
        "2024年春节期间，走访企业200家。",  # when, not by when
        "投诉量较2023年上半年下降15%。",  # a date compared with
        "能耗比2022年底降低5%。",
    ],
)
def test_a_part_of_a_year_that_is_no_deadline(body):
    assert only(targets(body)).deadline is None


@pytest.mark.parametrize(
    ("field", "deadline"),
    [
        ("2024年上半年", "2024-06-30"),
        ("2024年三季度末", "2024-09-30"),
        ("2025年第一季度", "2025-03-31"),
        ("2025年下半年", "2025-12-31"),
        ("2024年春节前", "2024"),
        ("2024年6月底", "2024-06-30"),
    ],
)
def test_a_deadline_field_reads_the_parts_of_a_year_as_the_text_does(field, deadline):
    from kg.extract.targets import field_deadline

    assert field_deadline(field) == deadline
    assert only(targets(f"{field}完成改造项目12个。")).deadline == deadline


# --- a clause with no value lends its metric to the next -------------------------------------


@pytest.mark.parametrize(
    ("body", "metrics"),
    [
        (
            "农民人均可支配收入较上年提高8%，粮食产量不低于上年水平，力争达到50万吨。",
            ["农民人均可支配收入较上年提高", "粮食产量"],
        ),
        ("新增就业1000人，城镇调查失业率稳定在合理区间，控制在5.5%以内。", ["就业", "城镇调查失业率"]),
        ("建成基地3个，规上工业增加值保持较快增长，突破200亿元。", ["基地", "规上工业增加值"]),
        # A clause that names no measure lends nothing: the one before it does.
        ("就业率稳定在95%以上，到2027年，达到98%。", ["就业率", "就业率"]),
    ],
)
def test_a_value_after_nothing_but_verbs_measures_the_clause_just_before(body, metrics):
    assert [target.metric for target in targets(body)] == metrics


# --- counts of incidents ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("较大事故控制在1起以内，重大事故0起。", [("较大事故", LE, 1, "起"), ("重大事故", EQ, 0, "起")]),
        ("全年查处违法案件120起以上。", [("全年查处违法案件", GE, 120, "起")]),
        ("一般事故起数不超过5起。", [("一般事故起数", LE, 5, "起")]),
    ],
)
def test_incidents_are_counted_in_qi(body, expected):
    assert [(t.metric, t.comparator, _plain(t.value), t.unit) for t in targets(body)] == expected


@pytest.mark.parametrize(
    "body",
    [
        "自2024年5月1日起施行。",
        "5月1日起实施新标准。",
        "各部门一起推进整治工作。",
        "做好起步阶段宣传，发挥起到示范作用。",
    ],
)
def test_qi_as_from_or_inside_a_word_is_no_unit(body):
    assert targets(body) == []


def test_a_run_of_digits_is_one_number_wherever_a_match_is_tried():
    # Tried inside the run too, every pattern scanned the rest of the run from each digit.
    found = targets("到2025年，覆盖率达到" + "9" * 20000 + "%。")
    assert [(t.value, t.unit) for t in found] == [(Decimal("9" * 20000), "%")]


def test_a_clause_of_thousands_of_values_quotes_each_values_own_words():
    found = targets("新建" + "100万元、" * 3000 + "。")
    assert len(found) == 3000
    for target in found:  # not the whole clause, 3,000 times over
        assert len(target.text) <= 400 + len("100万元") and "100万元" in target.text
        assert target.span[0] <= target.value_span[0] and target.value_span[1] <= target.span[1]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("新建、扩建千吨万人以上水源地5处。", [(EQ, 5, "处")]),
        ("整治日供水千吨万人以上饮用水水源地8个。", [(EQ, 8, "个")]),
        ("建成10个万人以上社区。", [(EQ, 10, "个")]),  # a count before a class stays a count
    ],
)
def test_two_sizes_written_together_before_a_bound_name_a_class(body, expected):
    assert [(t.comparator, t.value, t.unit) for t in targets(body)] == expected
