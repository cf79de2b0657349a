"""Questions in Chinese and English, answered exactly from the store."""

import re

import pytest

from kg import service
from kg.ask import FORMS, ask
from kg.errors import QuestionError
from kg.store import Store

FINANCE_INVOLVED = [3, 4, 5, 6, 7, 10, 14, 17, 18]
EDUCATION_LEADS = [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16]


def measures(answer):
    return [row["measure"] for row in answer.rows]


@pytest.mark.parametrize(
    "question, form, expected",
    [
        ("市财政局牵头哪些任务？", "measures", [17, 18]),
        ("财政局牵头了什么", "measures", [17, 18]),
        ("益阳市财政局牵头的任务有哪些", "measures", [17, 18]),
        ("what does the Finance Bureau lead", "measures", [17, 18]),
        ("Which measures does the Municipal Bureau of Finance lead?", "measures", [17, 18]),
        ("市财政局参与了哪些任务？", "measures", FINANCE_INVOLVED),
        ("财政局参与了什么", "measures", FINANCE_INVOLVED),
        ("What does the Finance Bureau take part in?", "measures", FINANCE_INVOLVED),
        ("Which measures is the Bureau of Finance involved in", "measures", FINANCE_INVOLVED),
        ("市教育局牵头哪些任务", "measures", EDUCATION_LEADS),
        ("What does the Education Bureau lead?", "measures", EDUCATION_LEADS),
        ("人社局牵头什么", "measures", [15]),
        ("what does HRSS lead", "measures", [15]),
        ("市人力资源和社会保障局牵头哪些任务", "measures", [15]),
        ("市卫生健康委参与了哪些任务", "measures", [4, 6]),
        ("高新区管委会参与哪些任务", "measures", [4, 5, 6]),
        ("市委组织部牵头哪些任务", "measures", [1, 19]),
        ("市政府督查室参与什么", "measures", [19]),
    ],
)
def test_department_questions(seed_store, question, form, expected):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == form
    assert measures(answer) == expected


def test_involvement_rows_carry_the_role(seed_store):
    answer = ask(seed_store, "市财政局参与了哪些任务？")
    roles = {row["measure"]: row["role"] for row in answer.rows}
    assert roles == {
        3: "participant",
        4: "participant",
        5: "participant",
        6: "participant",
        7: "participant",
        10: "participant",
        14: "participant",
        17: "lead",
        18: "lead",
    }
    assert {row["department"] for row in answer.rows} == {"市财政局"}
    assert answer.rows[-1]["title"] == "强化经费保障"


@pytest.mark.parametrize(
    "question, lead",
    [
        ("Who leads measure 19?", "市委组织部"),
        ("Who leads measure 15?", "市人社局"),
        ("who is the lead unit of task 10", "市发改委"),
        ("第17项任务由谁牵头？", "市财政局"),
        ("第十五项的牵头单位是哪个部门", "市人社局"),
        ("措施1谁牵头", "市委组织部"),
        ("（七）由谁牵头", "市教育局"),
    ],
)
def test_who_leads_a_measure(seed_store, question, lead):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "units"
    assert [(row["department"], row["role"]) for row in answer.rows] == [(lead, "lead")]


def test_who_takes_part_in_a_measure_in_written_order(seed_store):
    answer = ask(seed_store, "第十九项任务有哪些单位参与？")
    assert answer.interpretation.form == "units"
    assert [(row["department"], row["role"]) for row in answer.rows] == [
        ("市委组织部", "lead"),
        ("市教育局", "participant"),
        ("市人社局", "participant"),
        ("市政府督查室", "participant"),
    ]
    assert ask(seed_store, "Who takes part in measure 2?").rows[1]["department"] == "市人社局"


def test_unknown_department_names_the_closest_known(seed_store):
    with pytest.raises(QuestionError) as error:
        ask(seed_store, "市魔法局牵头什么")
    assert str(error.value).startswith("no department called '市魔法局' in the store; closest known: ")
    assert "市财政局" in str(error.value)
    with pytest.raises(QuestionError) as error:
        ask(seed_store, "what does the Bureau of Magic lead")
    assert str(error.value).startswith("no department called 'Bureau of Magic' in the store; closest known: ")


def test_a_question_it_cannot_parse_suggests_questions_about_the_store(seed_store):
    with pytest.raises(QuestionError) as error:
        ask(seed_store, "hello there")
    assert error.value.exit_code == 1
    assert str(error.value) == "cannot understand the question: hello there"
    suggested = "\n".join(error.value.suggestions)
    # The store's own departments and its last measure, not another plan's.
    assert "第19项任务由谁牵头？" in suggested and "measure 19" in suggested
    named = re.search(r"^(\S+)牵头哪些任务？", suggested, re.MULTILINE).group(1)
    assert named in {row["department"] for row in ask(seed_store, "各部门牵头和参与的任务数排名").rows}


def test_every_form_declares_examples_in_both_languages():
    assert [form.name for form in FORMS] == [
        "unassigned",
        "plan-sizes",
        "programmes",
        "version-leads",
        "version-targets",
        "version-measures",
        "instrument-measures",
        "instruments",
        "definition",
        "citations",
        "compare",
        "shared",
        "ranking",
        "pairs",
        "targets",
        "value",
        "measure",
        "units",
        "measures",
    ]
    assert all(form.example_zh and form.example_en and form.columns for form in FORMS)


def test_ambiguous_department_lists_the_choices(tmp_path, seed_path, write_plan):
    other = write_plan(
        """
        长沙市职业教育提质行动方案
        一、重点任务
        1.加强投入。内容。（市财政局、市教育局，排第一位为牵头单位，下同）
        2.培养教师。内容。（市教育局、市人社局）
        """
    )
    store = Store(tmp_path / "store")
    service.build([seed_path, other], store)
    with pytest.raises(QuestionError) as error:
        ask(store, "财政局牵头哪些任务")
    assert "市财政局（益阳市）" in str(error.value) and "市财政局（长沙市）" in str(error.value)
    assert measures(ask(store, "长沙市财政局牵头哪些任务")) == [1]
    assert measures(ask(store, "益阳市财政局牵头哪些任务")) == [17, 18]


@pytest.mark.parametrize(
    "question, form, expected",
    [
        ("2023年的目标有哪些", "targets", [(11, ">", 50, "%"), (11, "~", 10, "名"), (11, "~", 20, "个")]),
        ("Which targets fall due in 2025?", "targets", [(9, "=", 1, "个"), (9, "~", 20, "家"), (9, ">=", 2, "家")]),
        ("到2022年底前要完成哪些目标", "targets", [(3, "=", 100, "%"), (3, "=", 100, "%")]),
        (
            "第18项任务的目标是什么？",
            "targets",
            [(18, ">=", 30, "%"), (18, "=", 1, "元"), (18, ">=", 10000, "元/年"), (18, ">=", 12000, "元/年")],
        ),
        ("targets of measure 7", "targets", [(7, ">=", 2, "倍")]),
    ],
)
def test_target_questions(seed_store, question, form, expected):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == form
    assert [(r["measure"], r["comparator"], r["value"], r["unit"]) for r in answer.rows] == expected


def test_targets_due_by_a_year_are_earliest_first(seed_store):
    answer = ask(seed_store, "targets due by 2025")
    assert [(r["measure"], r["due_year"]) for r in answer.rows] == [
        (3, 2022),
        (3, 2022),
        (11, 2023),
        (11, 2023),
        (11, 2023),
        (9, 2025),
        (9, 2025),
        (9, 2025),
    ]
    assert answer.rows[2]["metric"] == "专业教师中“双师型”教师占比"


@pytest.mark.parametrize(
    "question, expected",
    [
        ("哪些任务涉及双高计划？", [4]),
        ("Which measures mention 1+X证书制度?", [12]),
        ("哪些任务提到“双师型”教师", [11]),
        ("哪些任务涉及楚怡行动计划", [3]),
        ("which measures are about 学分银行", [12]),
        ("哪些任务涉及产教融合型企业", [9, 10]),
    ],
)
def test_measures_mentioning_a_programme(seed_store, question, expected):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "measures"
    assert [row["measure"] for row in answer.rows] == expected


@pytest.mark.parametrize(
    "question, definition_start",
    [
        ("what is 双师型?", "同时持有教师资格证和职业技能资格证的教师"),
        ("双师型是什么意思？", "同时持有教师资格证和职业技能资格证的教师"),
        ("什么是双高计划", "中国特色高水平高职学校和专业建设计划"),
        ("岗课赛证是什么", "2021年4月13日，全国职业教育大会提出的一个新概念"),
        ("What does 固定岗+流动岗 mean?", "固定岗是指单位占用事业编制的岗位"),
    ],
)
def test_what_a_term_means_quotes_the_plans_glossary_first(seed_store, question, definition_start):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "definition"
    glossary_rows = [row for row in answer.rows if row["source"] == "glossary"]
    assert len(glossary_rows) == 1
    assert glossary_rows[0]["definition"].startswith(definition_start)
    assert glossary_rows[0]["document"] == "益阳市职业教育高质量发展实施方案"


@pytest.mark.parametrize(
    "question", ["哪个部门牵头的任务最多？", "Which department leads the most measures?", "牵头最多的是哪个部门"]
)
def test_the_department_that_leads_most(seed_store, question):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "ranking"
    assert [(row["department"], row["leads"]) for row in answer.rows] == [("市教育局", 13)]


def test_departments_ranked_by_load(seed_store):
    answer = ask(seed_store, "各部门牵头和参与的任务数排名")
    assert answer.interpretation.form == "ranking"
    top = [(r["department"], r["leads"], r["joins"], r["total"]) for r in answer.rows[:4]]
    assert top == [("市教育局", 13, 5, 18), ("市财政局", 2, 7, 9), ("市委组织部", 2, 1, 3), ("市人社局", 1, 15, 16)]
    assert len(answer.rows) == 19


@pytest.mark.parametrize(
    "question",
    [
        "市财政局和市教育局共同负责哪些任务？",
        "Which measures do the Finance Bureau and the Education Bureau share?",
        "财政局与教育局一起参与了什么",
    ],
)
def test_measures_two_departments_share(seed_store, question):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "shared"
    assert [row["measure"] for row in answer.rows] == [3, 4, 5, 6, 7, 10, 14, 17, 18]
    assert {(row["department"], row["other_department"]) for row in answer.rows} == {("市财政局", "市教育局")}
    assert answer.rows[-1]["role"] == "lead" and answer.rows[-1]["other_role"] == "participant"


def test_who_works_with_whom(seed_store):
    answer = ask(seed_store, "who works with whom")
    assert answer.interpretation.form == "pairs"
    assert [(r["department"], r["other_department"], r["shared"]) for r in answer.rows[:3]] == [
        ("市教育局", "市人社局", 16),
        ("市教育局", "市财政局", 9),
        ("市财政局", "市人社局", 8),
    ]


@pytest.mark.parametrize(
    "question, keyword, expected",
    [
        ("哪些任务涉及经费保障？", "经费保障", [18]),
        ("哪些任务提到实训基地", "实训基地", [6, 9]),
        ("which measures mention 兼职教师", "兼职教师", [17]),
    ],
)
def test_measures_with_a_keyword(seed_store, question, keyword, expected):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "measures"
    assert answer.interpretation.parameters == {"keyword": keyword}
    assert [row["measure"] for row in answer.rows] == expected


def test_measures_without_lead_use_the_same_logic_as_validate(tmp_path, write_plan):
    plan = write_plan(
        """
        某区工作方案
        一、重点任务
        1.建设中心。内容。（牵头单位：区民政局；责任单位：区财政局）
        2.发展服务。内容。（责任单位：区民政局、区卫健委）
        3.加强队伍建设。各有关部门按职责分工负责。
        4.加强宣传。营造氛围。
        """
    )
    store = Store(tmp_path / "store")
    service.build([plan], store)
    answer = ask(store, "哪些任务没有牵头单位？")
    assert answer.interpretation.form == "unassigned"
    assert [(r["measure"], r["status"]) for r in answer.rows] == [(2, "no-lead"), (3, "vague"), (4, "unassigned")]
    assert answer.rows[1]["vague"] == "各有关部门按职责分工负责"
    from kg.validate import validate

    violations = sorted({r.measure for r in validate(store).results if r.severity == "Violation"})
    assert violations == [2, 3, 4]
    assert [r["measure"] for r in ask(store, "Which measures have no lead?").rows] == [2, 3, 4]


def test_a_department_kind_the_store_has_no_unit_of_is_named_with_its_successor(seed_store):
    with pytest.raises(QuestionError) as raised:
        ask(seed_store, "市国土资源局牵头哪些任务？")
    message = str(raised.value)
    assert message.startswith("no department of the kind '国土资源局' in the store")
    assert "abolished in 2018; its work passed to 自然资源和规划局" in message


ANNUAL_PLAN = """某县2024年优化营商环境工作要点

一、重点任务
1.推行集成办理。6月底前，实现20个事项集成办理。（牵头单位：县政务服务中心）
2.提升网办率。三季度末，政务服务事项网上可办率达到95%以上。（牵头单位：县政务服务中心）
3.开展满意度评价。今年底前，群众满意度达到98%。（牵头单位：县政务服务中心）
4.压缩审批时限。到2023年，审批时间压缩至60个工作日以内。（牵头单位：县住建局）
5.培育市场主体。到2024年，新增市场主体1000户。（牵头单位：县市场监管局）
"""


@pytest.fixture(scope="module")
def annual_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("annual")
    plan = folder / "plan.txt"
    plan.write_text(ANNUAL_PLAN, encoding="utf-8")
    store = Store(folder / "store")
    service.build([plan], store)
    return store


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # By a month: dated on or before its last day, or dated only by an earlier year.
        ("哪些目标在2024年6月底前到期？", [(4, 2023), (1, 2024)]),
        ("Which targets are due by June 2024?", [(4, 2023), (1, 2024)]),
        ("Which targets fall due by the end of September 2024?", [(4, 2023), (1, 2024), (2, 2024)]),
        # In a month: dated in it.
        ("2024年9月到期的目标有哪些？", [(2, 2024)]),
        ("What falls due in December 2024?", [(3, 2024)]),
        ("哪些目标在2024年到期？", [(1, 2024), (2, 2024), (3, 2024), (5, 2024)]),
        # By the year's end: dated only by the year too.
        ("哪些目标在2024年12月底前到期？", [(4, 2023), (1, 2024), (2, 2024), (3, 2024), (5, 2024)]),
    ],
)
def test_targets_due_by_or_in_a_month(annual_store, question, expected):
    answer = ask(annual_store, question)
    assert answer.interpretation.form == "targets"
    assert sorted((r["measure"], r["due_year"]) for r in answer.rows) == sorted(expected)


# --- places and plans named in the question -------------------------------------------
# Five plans of five places, two of them naming one kind of department differently (松江's
# 市文化广电旅游局, 柳城's 市文旅局): a place the question names decides which one it means.

SONGJIANG = """松江市2023年文化惠民工作方案

一、工作目标
到2025年，全市公共文化设施覆盖率达到95%。

二、重点任务
1.丰富文化活动。全年举办惠民演出不少于300场。（牵头单位：市文化广电旅游局；配合单位：市财政局）
2.改造文化场馆。2024年底前改造场馆10个。（牵头单位：市财政局；配合单位：市住建局）
3.推广全民阅读。建设城市书房20个。（牵头单位：市文化广电旅游局）
"""

LIUCHENG = """柳城市促进消费若干措施

一、主要措施
1.打造商业街区。支持步行街改造提升。（牵头单位：市商务局；配合单位：市住房和城乡建设局）
2.繁荣文旅消费。发放文旅消费券。（牵头单位：市文旅局；配合单位：市财政局）
3.优化消费环境。开展放心消费创建。
"""

XIHU_DISTRICT = """柳城市西湖区老旧街巷整治方案

一、主要任务
1.整治街巷环境。完成街巷整治30条。（牵头单位：区住建局；配合单位：区城管局）
2.完善配套设施。新增停车位500个。（牵头单位：区城管局）
"""

TAOYUAN = """桃源县2024年春季植树造林工作方案

一、重点任务
1.实施造林绿化。完成植树造林5000亩，新增苗木20万株。（牵头单位：县林业局；配合单位：县自然资源局）
2.保障专项资金。安排造林专项资金500万元。（牵头单位：县财政局；配合单位：县林业局）
3.加强宣传引导。各有关部门按职责分工负责。
4.开展成效评估。组织第三方评估。
"""

MEILIN = """梅林县食品安全工作方案

一、重点任务
1.加强食品抽检。全年抽检食品2000批次。（牵头单位：县市场监管局；配合单位：县农业农村局）
2.整治校园周边。开展校园周边食品安全检查。（牵头单位：县市场监管局；配合单位：县教育局）
"""


@pytest.fixture(scope="module")
def places_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("places")
    paths = []
    for number, text in enumerate((SONGJIANG, LIUCHENG, XIHU_DISTRICT, TAOYUAN, MEILIN)):
        path = folder / f"plan-{number}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    store = Store(folder / "store")
    service.build(paths, store)
    return store


def plan_measures(answer):
    return [(row["document"][:3], row["measure"]) for row in answer.rows]


@pytest.mark.parametrize(
    "question, expected",
    [
        # The place's unit of the kind named, not another place's unit whose name is written alike.
        ("松江文旅局牵头哪些任务？", [("松江市", 1), ("松江市", 3)]),
        ("What does 松江市文化和旅游局 lead?", [("松江市", 1), ("松江市", 3)]),
        ("松江市住房和城乡建设局参与哪些任务", [("松江市", 2)]),
        ("柳城市住建局参与了什么", [("柳城市", 1)]),
        # A district of a city, named by its own name.
        ("西湖区住建局参与哪些任务", [("柳城市", 1)]),
    ],
)
def test_a_place_named_picks_that_places_department(places_store, question, expected):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "measures"
    assert plan_measures(answer) == expected
    assert {row["document"] for row in answer.rows} <= {
        "松江市2023年文化惠民工作方案",
        "柳城市促进消费若干措施",
        "柳城市西湖区老旧街巷整治方案",
    }


def test_a_department_the_named_place_lacks_is_said_so(places_store):
    with pytest.raises(QuestionError) as error:
        ask(places_store, "桃源县市场监管局牵头哪些任务")
    message = str(error.value)
    assert message.startswith("the store has no department '县市场监管局' in 桃源县")
    assert "县林业局" in message and "there is one in 梅林县" in message
    with pytest.raises(QuestionError, match="no department '县教育局' in 桃源县"):
        ask(places_store, "桃源县教育局参与哪些任务？")


@pytest.mark.parametrize(
    "question, lead",
    [
        ("松江市2023年文化惠民工作方案第2项任务由谁牵头？", "市财政局"),
        ("Who leads measure 1 of 桃源县2024年春季植树造林工作方案?", "县林业局"),
    ],
)
def test_a_year_in_a_plans_title_is_no_deadline(places_store, question, lead):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "units"
    assert "due_in" not in answer.interpretation.parameters
    assert [(row["department"], row["role"]) for row in answer.rows] == [(lead, "lead")]


def test_targets_of_a_measure_of_a_plan_with_a_year_in_its_title(places_store):
    answer = ask(places_store, "桃源县2024年春季植树造林工作方案的第1项任务有哪些目标")
    assert answer.interpretation.form == "targets"
    assert [(row["metric"], row["value"]) for row in answer.rows] == [("植树造林", 5000), ("苗木", 20)]


@pytest.mark.parametrize(
    "question, lead",
    [
        ("“保障专项资金”由哪个部门牵头？", [("保障专项资金", "县财政局")]),
        ("Who leads 繁荣文旅消费?", [("繁荣文旅消费", "市文旅局")]),
    ],
)
def test_a_measure_named_by_its_title_is_that_plans_measure(places_store, question, lead):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "units"
    assert [(row["title"], row["department"]) for row in answer.rows] == lead


def test_a_measure_that_names_no_unit_says_so(places_store):
    answer = ask(places_store, "Who is responsible for 优化消费环境?")
    assert answer.rows == []
    assert "names no unit" in answer.interpretation.description


def test_a_plan_named_by_its_place_or_a_short_title_is_the_scope(places_store):
    counted = ask(places_store, "桃源县方案有几项任务")
    assert counted.count == 4
    assert {row["document"] for row in counted.rows} == {"桃源县2024年春季植树造林工作方案"}
    assert ask(places_store, "桃源植树造林方案一共有多少项措施？").count == 4
    unassigned = ask(places_store, "柳城市方案中哪些任务没有牵头单位")
    assert [(row["measure"], row["status"]) for row in unassigned.rows] == [(3, "unassigned")]
    led = ask(places_store, "梅林县第2项任务由谁牵头")
    assert [(row["document"], row["department"]) for row in led.rows] == [("梅林县食品安全工作方案", "县市场监管局")]
    text = ask(places_store, "What does measure 4 of the 桃源县 plan say?")
    assert [(row["document"][:3], row["measure"]) for row in text.rows] == [("桃源县", 4)]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("哪些目标涉及停车位", [(500, "个")]),
        ("哪些指标与植树造林有关？", [(5000, "亩")]),
        ("有哪些关于城市书房的目标", [(20, "个")]),
    ],
)
def test_targets_on_a_topic(places_store, question, expected):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "targets"
    assert [(row["value"], row["unit"]) for row in answer.rows] == expected


def test_an_english_topic_the_chinese_plans_do_not_write_says_so(places_store):
    answer = ask(places_store, "targets about parking")
    assert answer.rows == []
    assert "name the topic in Chinese" in answer.interpretation.description


def test_a_value_no_plan_states_is_not_answered_by_another_clause(places_store):
    with pytest.raises(QuestionError, match="the store does not hold it"):
        ask(places_store, "桃源县的GDP是多少？")


@pytest.mark.parametrize("question", ["How many measures does each plan have?", "各方案分别有多少项措施？"])
def test_measures_per_plan_are_counted_per_plan(places_store, question):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "plan-sizes"
    assert sorted((row["document"][:3], row["measures"]) for row in answer.rows) == sorted(
        [("松江市", 3), ("柳城市", 3), ("柳城市", 2), ("桃源县", 4), ("梅林县", 2)]
    )
    assert answer.count is None  # one count a plan, in its row


@pytest.mark.parametrize(
    "question",
    [
        "Which measures are unassigned?",
        "哪些任务没有任何责任单位？",
        "Is there a task nobody is assigned to?",
        "Which measures lack a responsible department?",
        "有没有无人负责的任务？",
        "没有责任单位的措施有哪些？",
    ],
)
def test_unassigned_measures_name_no_unit_at_all(places_store, question):
    answer = ask(places_store, question)
    assert answer.interpretation.form == "unassigned"
    assert [(row["document"][:3], row["measure"], row["status"]) for row in answer.rows] == [
        ("柳城市", 3, "unassigned"),
        ("桃源县", 4, "unassigned"),
    ]
    assert "哪些任务没有牵头单位" in answer.interpretation.description  # where the wider reading is


@pytest.mark.parametrize(
    "question", ["Which measures have no lead?", "Is there a measure no one leads?", "没有明确牵头单位的任务有哪些？"]
)
def test_measures_with_no_lead_include_vague_ones(places_store, question):
    answer = ask(places_store, question)
    assert [(row["document"][:3], row["measure"], row["status"]) for row in answer.rows] == [
        ("柳城市", 3, "unassigned"),
        ("桃源县", 3, "vague"),
        ("桃源县", 4, "unassigned"),
    ]


@pytest.mark.parametrize("question", ["which programmes are mentioned?", "提到了哪些项目？"])
def test_which_programmes_the_plans_name(seed_store, question):
    answer = ask(seed_store, question)
    assert answer.interpretation.form == "programmes"
    assert "双高计划" in {row["term"] for row in answer.rows}


@pytest.mark.parametrize("question", ["哪些方案提到财政局？", "Which plans mention the Finance Bureau?"])
def test_which_plans_name_a_unit_is_answered_across_places(places_store, question):
    answer = ask(places_store, question)  # not refused as naming more than one department
    assert answer.interpretation.form == "compare"
    assert [(row["jurisdiction"], row["department"], row["leads"], row["joins"]) for row in answer.rows] == [
        ("松江市", "市财政局", 1, 1),
        ("桃源县", "县财政局", 1, 0),
        ("柳城市", "市财政局", 0, 1),
    ]


@pytest.mark.parametrize(
    "question, places",
    [
        ("哪些城市的财政局牵头任务？", ["松江市", "柳城市"]),
        ("哪些县的财政局参与了任务？", ["桃源县"]),
        ("Which counties' finance bureaus take part?", ["桃源县"]),
        ("比较各地财政局的任务", ["松江市", "桃源县", "柳城市"]),
    ],
)
def test_an_across_question_keeps_the_level_of_place_it_names(places_store, question, places):
    answer = ask(places_store, question)
    assert [row["jurisdiction"] for row in answer.rows] == places
    assert ("only" in answer.interpretation.description) == (len(places) < 3)


TITLED_GOVERNMENT = """青川市数字政府建设实施方案

一、重点任务
1.建设政务云平台。（牵头单位：市数据局；配合单位：各县（市、区）人民政府）
2.推行免申即享。（牵头单位：市政务服务中心）
3.完善电子政务外网。（牵头单位：市数据局）
"""


def test_a_unit_word_inside_the_plans_title_is_the_titles(tmp_path):
    paths = []
    for number, text in enumerate((TITLED_GOVERNMENT, MEILIN)):
        paths.append(tmp_path / f"plan-{number}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store")
    service.build(paths, store)
    answer = ask(store, "青川市数字政府建设实施方案有几项措施？")  # 政府 in the title names no unit
    assert answer.count == 3


def test_a_measure_number_out_of_the_named_plans_range_is_said_of_that_plan(places_store):
    with pytest.raises(QuestionError, match=r"there is no measure 4: the plan has 3 measures \(numbered 1–3\)"):
        ask(places_store, "松江市方案第4项任务由谁牵头？")  # 桃源县's plan has a measure 4


def test_a_plural_english_name_is_quoted_whole(places_store):
    answer = ask(places_store, "Which counties' finance bureaus take part?")
    assert [e["written"] for e in answer.interpretation.entities if e["kind"] == "unit"] == ["finance bureaus"]
    assert answer.interpretation.description.startswith("finance bureaus compared across jurisdictions")


def test_which_department_leads_most_says_it_gives_each_plans_first(places_store):
    top = ask(places_store, "哪个部门牵头的任务最多？")
    assert "the first of each plan" in top.interpretation.description
    ranking = ask(places_store, "各部门牵头任务数排名")
    assert "the first of each plan" not in ranking.interpretation.description
    assert len(ranking.rows) > len(top.rows)


def test_a_name_of_a_level_no_plan_has_is_said_so(places_store):
    # Two counties have a 县市场监管局, no city plan names one: not "may mean more than one".
    with pytest.raises(
        QuestionError, match="no department '市市场监管局' in the store: no plan of that level names one"
    ):
        ask(places_store, "市市场监管局牵头哪些任务？")
