"""Clause retrieval for value questions: the clause that answers, and the figure in it."""

from pathlib import Path

import pytest

from kg import ids, service
from kg.ask.retrieve import retrieve
from kg.store import Store

PLANS = Path(__file__).resolve().parent / "battery" / "plans"
ELDERLY = PLANS / "values-elderly-health.txt"
INNOVATION = PLANS / "values-innovation.txt"


def plan_iri(plan_id: str) -> str:
    return ids.plan_iri(plan_id).value


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """A store holding the two value plans, and each plan's id by file stem."""
    store = Store(tmp_path_factory.mktemp("values-store"))
    built = service.build([ELDERLY, INNOVATION], store).built
    return store, {Path(b.path).stem: b.id for b in built}


@pytest.fixture(scope="module")
def store(plans):
    return plans[0]


def figure_of(passage):
    figure = passage.figure
    return None if figure is None else (figure.comparator, figure.value, figure.value_max, figure.unit, figure.due_year)


# question, plan (file stem), measure, clause, figure (comparator, value, value_max, unit, due_year)
VALUE_QUESTIONS = [
    (
        "老年人健康管理经费补助标准是多少？",
        "values-elderly-health",
        1,
        "基本公共卫生服务中老年人健康管理经费补助标准为每人每年95元，所需资金由市、县两级财政按6∶4比例分担",
        ("=", 95, None, "元", None),
    ),
    (
        "市县两级财政按什么比例分担健康管理经费？",
        "values-elderly-health",
        1,
        "基本公共卫生服务中老年人健康管理经费补助标准为每人每年95元，所需资金由市、县两级财政按6∶4比例分担",
        ("=", 6, None, "∶4", None),
    ),
    # No stored target: the duration is read from the clause itself.
    ("长期护理保险试点期限是几年？", "values-elderly-health", 2, "试点期限为3年", ("=", 3, None, "年", None)),
    (
        "长期护理保险基金支付比例是多少？",
        "values-elderly-health",
        2,
        "参保失能人员在定点护理机构接受照护的，基金支付比例为70%，每人每月最高不超过2400元",
        ("=", 70, None, "%", None),
    ),
    (
        "长护险每人每月最多支付多少？",
        "values-elderly-health",
        2,
        "参保失能人员在定点护理机构接受照护的，基金支付比例为70%，每人每月最高不超过2400元",
        ("<=", 2400, None, "元", None),
    ),
    (
        "到2026年要新建多少个社区医养结合服务站？",
        "values-elderly-health",
        3,
        "到2026年，全市新建社区医养结合服务站40个，每个服务站配备全科医生不少于2名",
        ("=", 40, None, "个", 2026),
    ),
    (
        "每个服务站配备几名全科医生？",
        "values-elderly-health",
        3,
        "到2026年，全市新建社区医养结合服务站40个，每个服务站配备全科医生不少于2名",
        (">=", 2, None, "名", 2026),
    ),
    (
        "老年人健身运动会几年举办一届？",
        "values-elderly-health",
        4,
        "全市老年人健身运动会每四年举办一届，各区县每两年举办一次老年人趣味运动会",
        ("=", 1, None, "届", None),
    ),
    (
        "老年人趣味运动会多久举办一次？",
        "values-elderly-health",
        4,
        "全市老年人健身运动会每四年举办一届，各区县每两年举办一次老年人趣味运动会",
        ("=", 1, None, "次", None),
    ),
    (
        "本科学历的养老护理员入职补贴每人多少？",
        "values-elderly-health",
        5,
        "对在本市养老机构连续从业满2年的大中专毕业生，给予一次性入职补贴，其中本科及以上学历每人3万元，专科每人2万元",
        ("=", 3, None, "万元", None),
    ),
    (
        "养老护理员月工资不低于多少？",
        "values-elderly-health",
        6,
        "养老护理员月工资不低于全市城镇非私营单位在岗职工月平均工资的80%",
        (">=", 80, None, "%", None),
    ),
    ("护理员职业技能等级与薪酬如何挂钩？", "values-elderly-health", 6, "建立护理员职业技能等级与薪酬挂钩机制", None),
    # A flat grant is no stored target; the amount is read from the clause.
    (
        "首次认定的高新技术企业奖励多少？",
        "values-innovation",
        1,
        "对首次认定的国家高新技术企业，市财政给予一次性奖励20万元",
        ("=", 20, None, "万元", None),
    ),
    (
        "重新认定的高新技术企业奖励多少？",
        "values-innovation",
        1,
        "对重新认定的，给予奖励10万元",
        ("=", 10, None, "万元", None),
    ),
    (
        "研发投入后补助每家企业每年最高多少？",
        "values-innovation",
        2,
        "对企业年度研发投入增量部分按10%给予后补助，单个企业每年最高不超过200万元",
        ("<=", 200, None, "万元", None),
    ),
    (
        "研发投入增量按多大比例补助？",
        "values-innovation",
        2,
        "对企业年度研发投入增量部分按10%给予后补助，单个企业每年最高不超过200万元",
        ("=", 10, None, "%", None),
    ),
    (
        "到2026年新建多少家科技企业孵化器？",
        "values-innovation",
        3,
        "到2026年，新建市级以上科技企业孵化器12家，孵化面积达到30万平方米",
        ("=", 12, None, "家", 2026),
    ),
    (
        "孵化面积要达到多少？",
        "values-innovation",
        3,
        "到2026年，新建市级以上科技企业孵化器12家，孵化面积达到30万平方米",
        ("=", 30, None, "万平方米", 2026),
    ),
    # Two deadlines in one sentence: the year asked chooses the figure.
    (
        "到2025年众创空间要达到多少家？",
        "values-innovation",
        3,
        "全市众创空间到2025年达到30家，到2027年达到50家",
        ("=", 30, None, "家", 2025),
    ),
    (
        "到2027年众创空间要达到多少家？",
        "values-innovation",
        3,
        "全市众创空间到2025年达到30家，到2027年达到50家",
        ("=", 50, None, "家", 2027),
    ),
    (
        "创新创业大赛获奖项目资助多少？",
        "values-innovation",
        4,
        "全市创新创业大赛每年举办一届，对获奖项目给予5万元至50万元资助",
        ("range", 5, 50, "万元", None),
    ),
    (
        "创新创业大赛多久举办一届？",
        "values-innovation",
        4,
        "全市创新创业大赛每年举办一届，对获奖项目给予5万元至50万元资助",
        ("=", 1, None, "届", None),
    ),
    (
        "成果转化收益奖励研发团队的比例是多少？",
        "values-innovation",
        5,
        "科技成果转化所得收益中，用于奖励研发团队的比例不低于70%",
        (">=", 70, None, "%", None),
    ),
    (
        "高层次人才租房补贴每月多少？",
        "values-innovation",
        6,
        "对引进的高层次科技人才，按每人每月2000元发放租房补贴，补贴期限最长不超过3年",
        ("=", 2000, None, "元", None),
    ),
    (
        "租房补贴期限最长几年？",
        "values-innovation",
        6,
        "对引进的高层次科技人才，按每人每月2000元发放租房补贴，补贴期限最长不超过3年",
        ("<=", 3, None, "年", None),
    ),
    ("What is the 试点期限 of 长期护理保险?", "values-elderly-health", 2, "试点期限为3年", ("=", 3, None, "年", None)),
    (
        "How much is the 租房补贴 for 高层次科技人才?",
        "values-innovation",
        6,
        "对引进的高层次科技人才，按每人每月2000元发放租房补贴，补贴期限最长不超过3年",
        ("=", 2000, None, "元", None),
    ),
    (
        "How often is the 老年人健身运动会 held?",
        "values-elderly-health",
        4,
        "全市老年人健身运动会每四年举办一届，各区县每两年举办一次老年人趣味运动会",
        ("=", 1, None, "届", None),
    ),
    (
        "What share of 成果转化 income goes to the 研发团队?",
        "values-innovation",
        5,
        "科技成果转化所得收益中，用于奖励研发团队的比例不低于70%",
        (">=", 70, None, "%", None),
    ),
]


@pytest.mark.parametrize("question, plan, measure, clause, figure", VALUE_QUESTIONS)
def test_value_questions(plans, question, plan, measure, clause, figure):
    store, ids = plans
    first = retrieve(store, question)[0]
    assert (first.document, first.measure, first.clause, figure_of(first)) == (
        plan_iri(ids[plan]),
        measure,
        clause,
        figure,
    )


def test_a_figure_keeps_its_basis_and_text(store):
    figure = retrieve(store, "老年人健康管理经费补助标准是多少？")[0].figure
    assert (figure.basis, figure.text) == ("每人每年", "基本公共卫生服务中老年人健康管理经费补助标准为每人每年95元")
    figure = retrieve(store, "老年人健身运动会几年举办一届？")[0].figure
    assert (figure.basis, figure.text) == ("每四年", "全市老年人健身运动会每四年举办一届")
    figure = retrieve(store, "租房补贴期限最长几年？")[0].figure
    assert (figure.basis, figure.text) == (None, "补贴期限最长不超过3年")


def test_passages_quote_the_plan_at_their_offsets(store):
    texts = {path.stem: path.read_text(encoding="utf-8") for path in (ELDERLY, INNOVATION)}
    passages = retrieve(store, "每人每月补贴多少元？", limit=10)
    assert len(passages) > 2
    for passage in passages:
        text = texts[
            "values-elderly-health" if passage.document_title.startswith("临江市老年") else "values-innovation"
        ]
        assert text[passage.start : passage.end] == passage.clause


def test_passages_come_best_first_within_the_limit(store):
    passages = retrieve(store, "每人每月补贴多少元？", limit=4)
    assert len(passages) == 4
    assert all(passage.score > 0 for passage in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    assert len(retrieve(store, "每人每月补贴多少元？", limit=1)) == 1
    assert retrieve(store, "每人每月补贴多少元？", limit=0) == []


def test_the_title_and_the_plan_come_with_a_passage(store):
    first = retrieve(store, "试点期限是几年？")[0]
    assert (first.title, first.document_title) == ("开展长期护理保险试点", "临江市老年健康服务提升实施方案")


def test_headings_and_responsibilities_are_no_passages(store):
    passages = retrieve(store, "丰富老年文体活动", limit=20)
    assert passages and not any(p.clause.startswith("4.") for p in passages)
    passages = retrieve(store, "牵头单位市科技局责任单位市财政局", limit=50)
    assert not any("牵头单位" in p.clause or "责任单位" in p.clause for p in passages)


def test_nothing_matches_nothing(store):
    assert retrieve(store, "火星探测器发射窗口是多少？") == []


@pytest.mark.parametrize(
    "question",
    [
        '"',
        '""',
        "*",
        "NEAR",
        "AND",
        "OR",
        "NOT",
        "-",
        ":",
        "(",
        ")",
        "^",
        "{",
        "}",
        "+",
        '"试点期限" NEAR(补贴*',
        '补贴" OR "*',
        "试点期限 AND (",
        "NEAR(试点 期限, 2)",
        "-试点期限",
        "^补贴",
        "补贴:期限",
        "col:补贴",
        "",
        "   ",
        "？？？",
        "。，、；",
        "的是多少",
        "是多少？",
        "how much is it?",
        "\n\t",
    ],
)
def test_hostile_questions_never_raise(store, question):
    passages = retrieve(store, question)
    assert isinstance(passages, list) and len(passages) <= 3
    assert all(passage.score > 0 for passage in passages)


@pytest.mark.parametrize("question", ['"', "*", "？？？", "的是多少", "", "What is the?", "多少？几年？多久？"])
def test_questions_of_question_words_only_find_nothing(store, question):
    assert retrieve(store, question) == []


def test_a_long_question(store):
    question = ("长期护理保险试点期限是几年？" * 400)[:5000]
    assert len(question) == 5000
    passages = retrieve(store, question)
    assert passages and passages[0].clause == "试点期限为3年"


def test_document_limits_the_search_to_one_plan(plans):
    store, ids = plans
    question = "每人每月最高补贴多少元？"
    assert {p.document for p in retrieve(store, question, limit=10)} == {plan_iri(ids[name]) for name in ids}
    for plan in ids.values():
        passages = retrieve(store, question, document=plan_iri(plan), limit=10)
        assert passages and {p.document for p in passages} == {plan_iri(plan)}
    assert retrieve(store, question, document=plan_iri("000000000000")) == []


def test_stopwords_are_dropped_from_the_question(store):
    assert retrieve(store, "试点期限", stopwords=["试点期限"]) == []
    assert retrieve(store, "试点期限 补贴", stopwords=["补贴"])[0].clause == "试点期限为3年"


def test_words_are_kept_whole(store):
    question = "社区医养结合服务站新建多少个？"
    plain = retrieve(store, question)[0]
    named = retrieve(store, question, words=["社区医养结合服务站"])[0]
    assert named.clause == plain.clause
    # The whole name is a term of its own, on top of its bigrams.
    assert named.score > plain.score


def test_each_call_reads_the_store_it_is_given(seed_store, store):
    """No index outlives a call: one store's clauses never answer in another."""
    assert all(p.document_title.startswith("益阳市") for p in retrieve(seed_store, "每人每月补贴多少元？", limit=10))
    assert retrieve(seed_store, "租房补贴期限最长几年？")[0].document_title.startswith("益阳市")
    assert retrieve(seed_store, "租房") == []
    assert retrieve(store, "租房")[0].measure == 6


def test_a_plan_added_to_the_store_is_found_at_once(tmp_path):
    store = Store(tmp_path / "store")
    service.build([ELDERLY], store)
    assert retrieve(store, "租房") == []
    service.build([INNOVATION], store)
    assert retrieve(store, "租房补贴每月多少？")[0].figure.value == 2000


def test_a_remote_endpoint_answers_as_the_store_does(plans, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main
    from kg.remote import Endpoint
    from tests.test_remote import oxigraph_server

    copy = tmp_path / "store"
    with Store(copy) as store:
        service.build([ELDERLY, INNOVATION], store)
    with oxigraph_server(tmp_path / "oxigraph") as base:
        pushed = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store", "--store", str(copy)])
        assert pushed.exit_code == 0, pushed.output
        endpoint = Endpoint(f"{base}/query")
        for question in ("租房补贴期限最长几年？", "到2027年众创空间要达到多少家？", "养老护理员月工资不低于多少？"):
            assert retrieve(endpoint, question) == retrieve(plans[0], question)
        assert {
            p.document
            for p in retrieve(
                endpoint, "每人每月最高补贴多少元？", document=plan_iri(plans[1]["values-innovation"]), limit=10
            )
        } == {plan_iri(plans[1]["values-innovation"])}


def test_names_that_cannot_be_words_are_ignored(store):
    assert retrieve(store, "试点期限", words=["", " ", "a b", "期\n限", "\x00"])[0].clause == "试点期限为3年"


def test_a_plain_quantity_is_never_part_of_a_word(seed_store):
    first = retrieve(seed_store, "五年制高职试点")[0]
    assert (first.measure, first.clause, first.figure) == (4, "鼓励优质中职学校开展五年制高职试点", None)


LONG_18 = (
    "探索建立接收学生实习实训成本补偿机制和“基本保障+发展专项+绩效奖励”的财政拨款制度，全面落实已有职业教育经费"
    "政策性来源渠道，严禁以学费、社会服务收入冲抵生均拨款，确保教育费附加和地方教育附加用于职业教育比例不低于30%，"
    "各区县（市）人均1元的职教专项经费全额用于职业教育，中职（技工）生均拨款标准不低于10000元/年，"
    "高职不低于12000元/年"
)


@pytest.mark.parametrize(
    "question, measure, clause, figure",
    [
        ("中职生均拨款标准是多少？", 18, LONG_18, (">=", 10000, None, "元/年", None)),
        ("高职生均拨款标准是多少？", 18, LONG_18, (">=", 12000, None, "元/年", None)),
        ("What is the 生均拨款标准 for 高职?", 18, LONG_18, (">=", 12000, None, "元/年", None)),
        # A short clause that repeats the question's words (将职业院校生均拨款与服务地方经济挂钩,
        # 校生 of 学校生均 matching 院校生均) outscores the sentence that states the value, a
        # little: the passage with a figure comes first.
        ("中职学校生均拨款标准是多少？", 18, LONG_18, (">=", 10000, None, "元/年", None)),
        ("What is the minimum funding per 中职 student (生均拨款)?", 18, LONG_18, (">=", 10000, None, "元/年", None)),
        # Measure 10's 30% (a rate of a benefit rule, read from its piece) shares as much with
        # the question as measure 18's stored target, and its clause is shorter; the stored
        # target states all the question's words that the plan uses.
        ("What share of 教育费附加 must go to vocational education?", 18, LONG_18, (">=", 30, None, "%", None)),
        ("教育费附加用于职业教育的比例不低于多少？", 18, LONG_18, (">=", 30, None, "%", None)),
        ("人均职教专项经费多少元？", 18, LONG_18, ("=", 1, None, "元", None)),
        (
            "职业院校年培训人次要达到在校生规模的几倍？",
            7,
            "支持职业院校开展补贴性培训和市场化社会培训，落实职业院校年培训人次达到在校生规模2倍以上要求，"
            "充分发挥其在技能培训、继续教育、终身教育中的主阵地作用",
            (">=", 2, None, "倍", None),
        ),
        (
            "到2025年培育多少家省级产教融合型企业？",
            9,
            "到2025年，全市遴选和培育1个省级产教融合型区县（市），20家左右省级产教融合型企业，支持工业园区与职业院校共同创建"
            "产教融合示范园区，各区县（市）至少建设培育2家以上省级产教融合型企业",
            ("~", 20, None, "家", 2025),
        ),
        (
            "各区县至少培育几家省级产教融合型企业？",
            9,
            "到2025年，全市遴选和培育1个省级产教融合型区县（市），20家左右省级产教融合型企业，支持工业园区与职业院校共同创建"
            "产教融合示范园区，各区县（市）至少建设培育2家以上省级产教融合型企业",
            (">=", 2, None, "家", 2025),
        ),
        (
            "每所高职院校重点办好几个专业群？",
            8,
            "每所中职学校重点办好1—2个专业群，每所高职院校重点办好2—3个专业群，建设“专业集群+产业集群”的产教融合生态系统",
            ("range", 2, 3, "个", None),
        ),
        # A benefit rule's rate is no stored target; it is read from the clause.
        (
            "按投资额多大比例抵免教育费附加？",
            10,
            "建立完善产教融合型企业认证制度，落实“金融+财政+土地+信用”组合式激励政策，对纳入产教融合型企业建设培育范围的"
            "试点企业，兴办职业教育的投资符合规定的，可按投资额30%的比例抵免该企业当年应缴教育费附加和地方教育附加",
            ("=", 30, None, "%", None),
        ),
    ],
)
def test_bundled_plan(seed_store, question, measure, clause, figure):
    first = retrieve(seed_store, question)[0]
    assert (first.measure, first.clause, figure_of(first)) == (measure, clause, figure)
    assert first.document == plan_iri("daf8227113fe")


# --- the plan's own targets (主要目标), outside any measure -------------------------------

GOALS_2026 = "到2026年，全市高新技术企业数量突破600家，全社会研发经费投入强度达到2.8%"


@pytest.mark.parametrize(
    "question, figure",
    [
        ("高新技术企业数量要突破多少家？", (">", 600, None, "家", 2026)),
        ("全社会研发经费投入强度要达到多少？", ("=", 2.8, None, "%", 2026)),
        ("What is the target for 研发经费投入强度?", ("=", 2.8, None, "%", 2026)),
    ],
)
def test_a_goal_of_the_plan_is_a_passage_of_its_own(plans, question, figure):
    store, ids = plans
    first = retrieve(store, question)[0]
    assert (first.document, first.document_title, first.measure, first.title, first.clause, figure_of(first)) == (
        plan_iri(ids["values-innovation"]),
        "临江市科技创新企业培育实施方案",
        None,
        None,
        GOALS_2026,
        figure,
    )
    # The whole sentence of the plan, at its offsets.
    assert INNOVATION.read_text(encoding="utf-8")[first.start : first.end] == GOALS_2026


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A store holding three plans of the battery with 主要目标 sections, and their ids."""
    store = Store(tmp_path_factory.mktemp("generated-store"))
    built = service.build([PLANS / f"gen-{n}.txt" for n in (2, 3, 6)], store).built
    return store, {Path(b.path).stem: b.id for b in built}


@pytest.mark.parametrize(
    "question, plan, measure, clause, figure",
    [
        (
            "企业诉求按期办结率要达到多少？",
            "gen-2",
            None,
            "到2026年，政务服务效能明显提升，政务服务事项全程网办率达到94%以上，建设66—99个政务服务便民服务点，"
            "企业诉求按期办结率达到99%左右",
            ("~", 99, None, "%", 2026),
        ),
        (
            "What is the target for 政务服务事项全程网办率 by 2026?",
            "gen-2",
            None,
            "到2026年，政务服务效能明显提升，政务服务事项全程网办率达到94%以上，建设66—99个政务服务便民服务点，"
            "企业诉求按期办结率达到99%左右",
            (">=", 94, None, "%", 2026),
        ),
        # The plan's text is indented with ideographic spaces: they are no part of the sentence.
        (
            "社区养老服务设施覆盖率要提升到多少？",
            "gen-3",
            None,
            "到2026年，老年人获得感、幸福感、安全感显著增强，社区养老服务设施覆盖率提升至74.5%左右",
            ("~", 74.5, None, "%", 2026),
        ),
        # A goal does not crowd out a measure's own figure.
        (
            "到2024年要建设多少个政务服务便民服务点？",
            "gen-2",
            6,
            "到2024年，政务服务效能明显提升，一般工业项目审批时间控制在28个工作日以内，建设不少于72个政务服务便民服务点",
            (">=", 72, None, "个", 2024),
        ),
        (
            "新增市场主体要达到多少户？",
            "gen-2",
            9,
            "市场主体活力充分激发，新增市场主体24000—36000户",
            ("range", 24000, 36000, "户", None),
        ),
        # Two clauses tie on BM25 (the same words, as long): the one that states a figure comes first.
        (
            "How many 专场招聘活动 are to be organised?",
            "gen-6",
            4,
            "组织140场左右专场招聘活动，高校毕业生年底去向落实率提高到91.5%",
            ("~", 140, None, "场", None),
        ),
        (
            "要组织多少场专场招聘活动？",
            "gen-6",
            4,
            "组织140场左右专场招聘活动，高校毕业生年底去向落实率提高到91.5%",
            ("~", 140, None, "场", None),
        ),
    ],
)
def test_generated_plans(generated, question, plan, measure, clause, figure):
    store, ids = generated
    first = retrieve(store, question)[0]
    assert (first.document, first.measure, first.clause, figure_of(first)) == (
        plan_iri(ids[plan]),
        measure,
        clause,
        figure,
    )
    text = (PLANS / f"{plan}.txt").read_text(encoding="utf-8")
    assert text[first.start : first.end] == first.clause


def test_goal_passages_quote_the_plan_at_their_offsets(generated):
    store, ids = generated
    for plan in ("gen-2", "gen-3"):
        plan_id = ids[plan]
        text = (PLANS / f"{plan}.txt").read_text(encoding="utf-8")
        passages = retrieve(store, "到2026年目标要达到多少？", document=plan_iri(plan_id), limit=50)
        assert any(p.measure is None for p in passages)
        for passage in passages:
            assert text[passage.start : passage.end] == passage.clause
            assert (passage.measure is None) == (passage.title is None)


SOURCE_TEXT = "<https://w3id.org/policykg/ontology#sourceText>"


@pytest.mark.parametrize(
    "change",
    [
        f"DELETE WHERE {{ GRAPH ?g {{ ?g {SOURCE_TEXT} ?text }} }}",
        # A text the target's offsets do not quote (another version of the plan).
        f'DELETE {{ GRAPH ?g {{ ?g {SOURCE_TEXT} ?text }} }} INSERT {{ GRAPH ?g {{ ?g {SOURCE_TEXT} "另一份文本。" }} }} '
        f"WHERE {{ GRAPH ?g {{ ?g {SOURCE_TEXT} ?text }} }}",
    ],
)
def test_without_the_plan_text_a_goal_is_its_quote(tmp_path, change):
    store = Store(tmp_path / "store")
    service.build([INNOVATION], store)
    store.update(change)
    passages = retrieve(store, "高新技术企业数量要突破多少家？", limit=10)
    goals = [p for p in passages if p.measure is None]
    assert [(p.clause, figure_of(p)) for p in goals] == [
        ("全市高新技术企业数量突破600家", (">", 600, None, "家", 2026))
    ]
    assert passages[0] == goals[0]
    assert INNOVATION.read_text(encoding="utf-8")[goals[0].start : goals[0].end] == goals[0].clause
    assert retrieve(store, "全社会研发经费投入强度要达到多少？")[0].clause == "全社会研发经费投入强度达到2.8%"


def test_latin_words_are_whole():
    """The tokenizer's dictionary holds English question words (at, in, on …); jieba
    cuts a Latin word at each (wh|at, fund|in|g): the pieces are joined again."""
    from kg.ask.retrieve import _QUESTION_WORDS, _Terms
    from kg.segment import tokenizer

    cutter = _Terms(tokenizer(sorted(_QUESTION_WORDS)), frozenset())
    assert cutter.question("What is the minimum funding per 中职 student (生均拨款)?", set(_QUESTION_WORDS)) == [
        "minimum",
        "funding",
        "student",
        "中职",
        "生均",
        "均拨",
        "拨款",
    ]
    assert cutter.question("How many are organised in vocational education?", set(_QUESTION_WORDS)) == [
        "organised",
        "vocational",
        "education",
    ]
    assert cutter.words("推进IPv6规模部署，落实1+X证书制度，Station at 5G") == ["ipv6", "1", "x", "station", "at", "5g"]


# --- stores another tool wrote: numbers that are none --------------------------------

PREFIXES = """PREFIX pk: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _span(node: str, predicate: str, start: str, end: str) -> str:
    """A span of ``node`` (pk:text, pk:responsibilityText) as build writes one,
    ``<plan#char=start,end>``, whatever ``start`` and ``end`` are."""
    plan = node[1:-1].split("#", 1)[0]
    return f"{node} {predicate} <{plan}#char={start},{end}> .\n"


def _offset(number: int | str) -> str:
    return str(number)


def _measure(plan: str, key: str, number: str, start: str, text: str, duty: tuple[str, str] | None = None) -> str:
    node = f"<{plan}#odd-measure-{key}>"
    quads = f'<{plan}> pk:measure {node} . {node} pk:number {number} ; eli:title "家庭医生签约服务"@zh .\n' + _span(
        node, "pk:text", start, _offset(int(start) + len(text) if start.isdigit() else 100_000 + len(text))
    )
    if duty is not None:
        quads += _span(node, "pk:responsibilityText", *duty)
    return quads


def _target(
    plan: str,
    owner: str,
    key: str,
    start: str,
    end: str,
    text: str,
    value: str = '"120"^^xsd:decimal',
    due_year: str | None = None,
) -> str:
    node = f"<{plan}#odd-target-{key}>"
    quads = (
        f"{owner} pk:target {node} . {node} pk:comparator pk:Equal ; schema:value {value} ; "
        f'schema:unitText "元"@zh ; pk:metric "家庭医生签约服务费标准"@zh ; pk:quote "{text}"@zh .\n'
        + _span(node, "pk:text", start, end)
    )
    if due_year is not None:
        quads += f"{node} pk:dueYear {due_year} .\n"
    return quads


def _place(store: Store, plan: str, texts: dict[int, str]) -> None:
    """Put ``texts`` into the plan's text (pk:sourceText) at their offsets, past its end."""
    from pyoxigraph import Literal, NamedNode, Quad

    from kg.vocab import PK

    graph = NamedNode(plan)
    (old,) = store.oxigraph.quads_for_pattern(graph, PK.sourceText, None, graph)
    text = old.object.value
    for offset, words in sorted(texts.items()):
        assert offset >= len(text)
        text = text.ljust(offset, "\n") + words
    store.oxigraph.remove(old)
    store.oxigraph.add(Quad(graph, PK.sourceText, Literal(text), graph))


FEE = "家庭医生签约服务费标准为每人每年120元"


@pytest.fixture
def ill_typed(tmp_path):
    """The elderly-health plan with, written into its graph as another tool might:
    measures and targets whose numbers and spans' offsets are no integers, beside a well-typed
    measure (number 7, at offset 100000) that states the fee."""
    store = Store(tmp_path / "store")
    plan = service.build([ELDERLY], store).built[0].iri
    good = f"<{plan}#odd-measure-good>"
    integer = '"7"^^xsd:integer'
    quads = "".join(
        [
            _measure(plan, "good", integer, _offset(100_000), FEE),
            # Its target's due year is no number: the target stays, due in no year.
            _target(
                plan, good, "good", _offset(100_000), _offset(100_000 + len(FEE)), FEE, due_year='"20x5"^^xsd:integer'
            ),
            # A measure numbered "seven", one at offset "seven", one whose responsibility is at
            # "x"; well typed, each would answer with its second sentence.
            _measure(
                plan,
                "seven",
                '"seven"^^xsd:integer',
                _offset(200_000),
                "签约服务。家庭医生签约服务费标准为每人每年150元",
            ),
            _measure(
                plan,
                "start",
                integer,
                "seven",
                "签约服务。家庭医生签约服务费标准为每人每年160元",
            ),
            _measure(
                plan,
                "duty",
                integer,
                _offset(300_000),
                "签约服务。家庭医生签约服务费标准为每人每年170元",
                duty=("x", _offset(300_030)),
            ),
            # Targets of the good measure at offsets that are none, or negative, or worth "many".
            _target(
                plan,
                good,
                "start",
                "seven",
                _offset(100_000 + len(FEE)),
                FEE,
                value='"130"^^xsd:decimal',
            ),
            _target(
                plan,
                good,
                "negative",
                "-1",
                _offset(100_000 + len(FEE)),
                FEE,
                value='"140"^^xsd:decimal',
            ),
            _target(
                plan, good, "value", _offset(100_000), _offset(100_000 + len(FEE)), FEE, value='"many"^^xsd:decimal'
            ),
            # A goal of the plan whose end is "many".
            _target(plan, f"<{plan}>", "goal", _offset(0), "many", FEE),
        ]
    )
    store.update(f"{PREFIXES}INSERT DATA {{ GRAPH <{plan}> {{\n{quads}}} }}")
    _place(
        store,
        plan,
        {
            100_000: FEE,
            200_000: "签约服务。家庭医生签约服务费标准为每人每年150元",
            300_000: "签约服务。家庭医生签约服务费标准为每人每年170元",
        },
    )
    return store, plan


def test_ill_typed_numbers_are_left_out(ill_typed):
    store, plan = ill_typed
    passages = retrieve(store, "家庭医生签约服务费标准是多少？", limit=10)
    assert passages[0].measure == 7 and passages[0].clause == FEE
    assert figure_of(passages[0]) == ("=", 120, None, "元", None)
    assert passages[0].figure.text == FEE  # the stored target, not a plain quantity read from the clause
    assert all(type(p.start) is int and type(p.end) is int and type(p.measure) in (int, type(None)) for p in passages)
    assert not any(amount in p.clause for p in passages for amount in ("150元", "160元", "170元"))
    # Neither the goal that ends at "many" nor the targets at "seven", at -1 or worth "many".
    assert [p.clause for p in passages].count(FEE) == 1
    assert not any(p.figure is not None and p.figure.value in (130, 140, "many") for p in passages)


def test_asking_an_ill_typed_store_never_crashes(ill_typed):
    from click.testing import CliRunner

    from kg.ask import ask
    from kg.cli import main

    store, _ = ill_typed
    answer = ask(store, "家庭医生签约服务费标准是多少？")
    assert answer.rows[0]["measure"] == 7 and answer.rows[0]["value"] == 120
    path = store.path
    store.close()
    result = CliRunner().invoke(main, ["ask", "家庭医生签约服务费标准是多少？", "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and FEE in result.output
