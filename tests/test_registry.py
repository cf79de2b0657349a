"""Stage 4: names → departments, in the plan's jurisdiction."""

import pytest

from kg.registry import Jurisdiction, Registry, issuer_of, split_two_names

YIYANG = Jurisdiction("益阳市", "市")


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


def test_registry_is_consistent(registry):
    kinds = list(registry.kinds.values())
    assert len(kinds) >= 100
    unit_types = {"PartyOrgan", "GovernmentDepartment", "Government", "Zone", "LowerGovernment", "PeoplesOrganisation"}
    seen_zh: dict[str, str] = {}
    for kind in kinds:
        assert kind.zh and kind.en and kind.full_name
        assert kind.unit_type in unit_types, kind.slug
        for name in kind.zh_names:
            assert seen_zh.setdefault(name, kind.slug) == kind.slug, f"{name} belongs to two kinds"


@pytest.mark.parametrize(
    "written, slug",
    [
        ("市财政局", "finance"),
        ("益阳市财政局", "finance"),
        ("市人社局", "hrss"),
        ("市人力资源和社会保障局", "hrss"),
        ("市委组织部", "party-organization"),
        ("市发改委", "development-reform"),
        ("区县（市）人民政府", "lower-governments"),
        ("各区县（市）人民政府", "lower-governments"),
        ("高新区", "high-tech-zone"),
        ("高新区管委会", "high-tech-zone"),
        ("市卫健委", "health"),
        ("市卫生健康委", "health"),
    ],
)
def test_names_resolve_to_kinds_in_the_plans_jurisdiction(registry, written, slug):
    unit = registry.resolve(written, YIYANG)
    assert unit.kind is not None and unit.kind.slug == slug
    assert unit.jurisdiction == YIYANG


def test_one_department_many_names_one_identity(registry):
    assert registry.resolve("市卫健委", YIYANG).identity == registry.resolve("市卫生健康委", YIYANG).identity
    assert registry.resolve("高新区", YIYANG).identity == registry.resolve("高新区管委会", YIYANG).identity
    assert registry.resolve("益阳市财政局", YIYANG).identity == registry.resolve("市财政局", YIYANG).identity


def test_another_citys_bureau_is_another_department(registry):
    changsha = Jurisdiction("长沙市", "市")
    assert registry.resolve("市财政局", YIYANG).identity != registry.resolve("市财政局", changsha).identity
    named = registry.resolve("长沙市财政局", YIYANG)
    assert named.kind.slug == "finance"
    assert named.jurisdiction == changsha


def test_a_unit_of_another_level_is_not_the_plans_own(registry):
    unit = registry.resolve("省教育厅", YIYANG)
    assert unit.kind.slug == "education"
    assert unit.jurisdiction.level == "省"
    assert unit.identity != registry.resolve("市教育局", YIYANG).identity


def test_unknown_units_stay_as_written(registry):
    unit = registry.resolve("市属及驻益高校", YIYANG)
    assert unit.kind is None and not unit.resolved
    assert unit.jurisdiction == YIYANG


def test_issuer_from_title_or_from_the_level_of_its_units():
    assert issuer_of("益阳市职业教育高质量发展实施方案", []) == Jurisdiction("益阳市", "市")
    assert issuer_of("湖南省促进中小企业发展若干措施", []) == Jurisdiction("湖南省", "省")
    assert issuer_of("长沙市岳麓区养老服务行动方案", []) == Jurisdiction("长沙市岳麓区", "区")
    assert issuer_of("关于加快发展的实施方案", ["县教育局", "县财政局", "市教育局"]) == Jurisdiction("", "县")


# --- one body, one kind: former bodies, names of the same body, two names ------------------

COUNTY = Jurisdiction("青禾县", "县")


def test_the_registry_files_rules_hold(registry):
    """The rules the header of ontology/departments.ttl lists (zh labels: above)."""
    seen_en: dict[str, str] = {}
    for kind in registry.kinds.values():
        for name in (*kind.en_names, *kind.notations):
            assert seen_en.setdefault(name.lower(), kind.slug) == kind.slug, f"{name} belongs to two kinds"
        assert kind.full_name in kind.zh_names, kind.slug
        assert kind.slug not in kind.successors, kind.slug
        assert all(slug in registry.by_slug for slug in kind.successors), kind.slug
        assert bool(kind.successors) <= (kind.abolished_in is not None), f"{kind.slug} has a successor but no year"
    for kind in registry.kinds.values():  # no cycle: a kind never succeeds itself
        reachable, todo = set(), list(kind.successors)
        while todo:
            slug = todo.pop()
            if slug not in reachable:
                reachable.add(slug)
                todo += registry.by_slug[slug].successors
        assert kind.slug not in reachable, f"{kind.slug} succeeds itself"


def test_the_registry_conforms_to_its_shapes():
    import pyshacl
    import rdflib

    from kg.resources import data_file

    data = rdflib.Graph()
    for name in ("policy.ttl", "departments.ttl", "programmes.ttl"):
        data.parse(data_file("ontology", name))
    shapes = rdflib.Graph().parse(data_file("shapes", "registry.ttl"))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text


@pytest.mark.parametrize(
    "former, former_slug, successor, successor_slug",
    [
        ("市国土资源局", "land-resources", "市自然资源局", "natural-resources"),
        ("市规划局", "urban-planning", "市自然资源和规划局", "natural-resources"),
        ("县食药监局", "food-drug-administration", "县市场监管局", "market-regulation"),
        ("省食品药品监督管理局", "food-drug-administration", "省药监局", "drug-administration"),
        ("县质监局", "quality-supervision", "县市场监督管理局", "market-regulation"),
        ("市工商局", "industry-commerce-administration", "市市场监管局", "market-regulation"),
        ("市物价局", "price-bureau", "市发改委", "development-reform"),
        ("市法制办", "legislative-affairs", "市司法局", "justice"),
        ("县卫计委", "health-family-planning", "县卫健委", "health"),
        ("市卫生计生委", "health-family-planning", "市卫生健康委", "health"),
        ("县农业局", "agriculture", "县农业农村局", "agriculture-rural"),
        ("市农委", "agriculture", "市农业农村委", "agriculture-rural"),
        ("县文广新局", "culture", "县文旅广体局", "culture-tourism"),
        ("市文化局", "culture", "市文化和旅游局", "culture-tourism"),
        ("市旅游局", "tourism", "市文旅局", "culture-tourism"),
        ("县环保局", "environmental-protection", "县生态环境局", "ecology-environment"),
        ("市安监局", "work-safety", "市应急管理局", "emergency-management"),
        ("县扶贫办", "poverty-alleviation", "县乡村振兴局", "rural-revitalization"),
        ("市地税局", "local-taxation", "市税务局", "taxation"),
        ("市粮食局", "grain", "市粮食和物资储备局", "grain-reserves"),
        ("县委农工部", "party-rural-work-department", "县委农办", "rural-work-office"),
        ("县经委", "economic-trade", "县工信局", "industry-it"),
        ("县经贸局", "economic-trade", "县商务局", "commerce"),
        ("国土所", "land-resources-station", "自然资源所", "natural-resources-station"),
        ("县国土分局", "land-resources", "县自然资源分局", "natural-resources"),
    ],
)
def test_a_former_body_stays_itself_and_names_its_successor(registry, former, former_slug, successor, successor_slug):
    home = YIYANG if former.startswith("市") else (Jurisdiction("南岭省", "省") if former.startswith("省") else COUNTY)
    old, new = registry.resolve(former, home), registry.resolve(successor, home)
    assert (old.kind.slug, new.kind.slug) == (former_slug, successor_slug)
    assert old.identity != new.identity
    assert successor_slug in old.kind.successors
    assert old.kind.abolished_in in (2008, 2013, 2018, 2021)
    assert not new.kind.successors


def test_a_body_and_its_abbreviations_are_one_unit(registry):
    for names, home in (
        (("市人社局", "市人力资源和社会保障局", "人社局", "益阳市人社局"), YIYANG),
        (("县发改局", "县发展和改革局", "县发展改革委"), COUNTY),
        (("市卫健委", "市卫生健康委", "市卫生健康委员会"), YIYANG),
        (("市自然资源局", "市自然资源和规划局"), YIYANG),
    ):
        assert len({registry.resolve(name, home).identity for name in names}) == 1, names


@pytest.mark.parametrize(
    "written, names",
    [
        ("县文旅广体局（县文物局）", ("县文旅广体局", "县文物局")),
        ("市委编办（市编委办）", ("市委编办", "市编委办")),
        ("县行政审批服务局（县政务服务中心）", ("县行政审批服务局", "县政务服务中心")),
        ("省发展改革委（省粮食和物资储备局）", ("省发展改革委", "省粮食和物资储备局")),
        # brackets that list or narrow places are part of the name
        ("区县（市）人民政府", ("区县（市）人民政府",)),
        ("各乡镇（街道）", ("各乡镇（街道）",)),
        ("各区、县（市）", ("各区、县（市）",)),
        ("县（市、区）人民政府", ("县（市、区）人民政府",)),
        ("镇人民政府（街道办事处）", ("镇人民政府（街道办事处）",)),
        # a name the registry knows whole, a role, a kind of organ
        ("委党校（行政学院）", ("委党校（行政学院）",)),
        ("市档案局（馆）", ("市档案局（馆）",)),
        ("县教育局（牵头）", ("县教育局（牵头）",)),
        ("高新区（管委会）", ("高新区（管委会）",)),
        ("县财政局", ("县财政局",)),
    ],
)
def test_split_two_names(written, names):
    assert split_two_names(written) == names


def test_a_two_named_body_resolves_by_its_first_name_else_its_second(registry):
    both = registry.resolve("县文旅广体局（县文物局）", COUNTY)
    assert both.kind.slug == "culture-tourism" and both.names == ("县文旅广体局", "县文物局")
    assert both.identity == registry.resolve("县文旅广体局", COUNTY).identity
    second = registry.resolve("县老干部活动中心（县委老干部局）", COUNTY)
    assert second.kind.slug == "veteran-cadres"
    neither = registry.resolve("县非遗保护中心（县非遗馆）", COUNTY)
    assert neither.kind is None and neither.identity == (COUNTY.key, "县非遗保护中心")


def test_in_a_plan_either_name_of_a_two_named_body_is_that_body(registry):
    names = ["县文旅广体局（县文物局）", "县文物局", "市发改委（市粮食和物资储备局）", "市粮食和物资储备局", "县财政局"]
    plan = registry.in_plan(names, COUNTY)
    assert plan.resolve("县文物局", COUNTY).identity == plan.resolve("县文旅广体局（县文物局）", COUNTY).identity
    grain = plan.resolve("市粮食和物资储备局", COUNTY)
    assert grain.kind.slug == "development-reform" and grain.written == "市粮食和物资储备局"
    assert [kind.slug for kind in grain.also] == ["grain-reserves"]  # the body is both
    assert plan.resolve("市发改委", COUNTY).names == ("市发改委", "市粮食和物资储备局")
    assert plan.resolve("县财政局", COUNTY) == registry.resolve("县财政局", COUNTY)
    # outside that plan, each name is what the registry says
    assert registry.resolve("市粮食和物资储备局", COUNTY).kind.slug == "grain-reserves"


def test_a_place_no_plan_names_is_known_only_inside_its_plan(registry):
    first, second = Jurisdiction("", "县", plan="aaaaaaaaaaaa"), Jurisdiction("", "县", plan="bbbbbbbbbbbb")
    assert first.key == "未知县-aaaaaaaaaaaa"
    assert registry.resolve("县财政局", first).identity != registry.resolve("县财政局", second).identity
    assert registry.resolve("省财政厅", first).identity != registry.resolve("省财政厅", second).identity


FORMER_AND_NEW = """\
明川市国土空间规划实施方案

为做好国土空间规划工作，制定本方案。

一、重点任务
1.开展资源调查。（牵头单位：市国土资源局；责任单位：市统计局）
2.编制国土空间总体规划。（牵头单位：市自然资源局；责任单位：市国土资源局、市住建局）
3.开展矿山治理。（牵头单位：市自然资源局、市国土资源局）
4.加强规划实施监督。（牵头单位：市自然资源和规划局；责任单位：市司法局）
5.保护历史文化名城。（牵头单位：市文旅广体局（市文物局）；责任单位：市住建局）
6.保障储备粮用地。（牵头单位：市发改委（市粮食和物资储备局）；责任单位：市自然资源局）
"""


@pytest.fixture(scope="module")
def former_and_new_store(tmp_path_factory):
    from kg import pipeline, service
    from kg.store import Store

    folder = tmp_path_factory.mktemp("former-and-new")
    (folder / "plan.txt").write_text(FORMER_AND_NEW, encoding="utf-8")
    store = Store(folder / "store")
    service.build([folder / "plan.txt"], store)
    built = pipeline.process(folder / "plan.txt")
    return store, built


def test_a_measure_naming_a_body_and_its_successor_lists_two_units(former_and_new_store):
    _, built = former_and_new_store
    by_measure = {r.measure: r for r in built.responsibilities}
    assert [u.name for u in by_measure[2].units] == ["市自然资源局", "市国土资源局", "市住建局"]
    agents = {
        q.object.value
        for q in built.quads
        if q.predicate.value.endswith("#leadUnit") and q.subject.value.endswith("#measure-3")
    }
    assert agents == {
        f"https://w3id.org/policykg/id/unit/明川市-{slug}" for slug in ("natural-resources", "land-resources")
    }


@pytest.mark.parametrize(
    "question, expected",
    [
        ("市自然资源局牵头哪些任务？", [2, 3, 4]),
        ("市国土资源局牵头哪些任务？", [1, 3]),
        ("市国土资源局参与了哪些任务", [1, 2, 3]),
        ("市自然资源局参与了哪些任务", [2, 3, 4, 6]),
        ("市文物局牵头哪些任务", [5]),
        ("市文旅广体局牵头哪些任务", [5]),
        ("市粮食和物资储备局牵头哪些任务", [6]),
        ("市发改委牵头哪些任务", [6]),
    ],
)
def test_ask_keeps_a_body_apart_from_its_successor(former_and_new_store, question, expected):
    from kg.ask import ask

    store, _ = former_and_new_store
    assert sorted({row["measure"] for row in ask(store, question).rows}) == expected


# --- bodies of their own, bodies under another name, branches named for their place ---------

DISTRICT = Jurisdiction("石桥区", "区")
CITY = Jurisdiction("明川市", "市")


@pytest.mark.parametrize(
    "written, slug",
    [
        # a merged bureau is the kind of the work it mostly does, as 教育体育局 is education
        ("区科技和工业信息化局", "industry-it"),
        ("区商务和粮食局", "commerce"),
        # an older name of one body
        ("区城建局", "housing-urban-rural"),
        # a city bureau's branch in a district, written by the district's level
        ("区规划分局", "urban-planning"),
        ("区自然资源和规划分局", "natural-resources"),
        ("区规划建设局", "housing-urban-rural"),  # planning and construction merged: construction is the bulk
        ("区住房和城乡规划建设局", "housing-urban-rural"),
        ("区建委", "housing-urban-rural"),
        ("区住房城乡建委", "housing-urban-rural"),
        ("区规划自然资源局", "natural-resources"),
        ("区房管局", "housing-administration"),
        ("区房产管理局", "housing-administration"),
        ("区人力社保局", "hrss"),
        ("区农牧局", "agriculture-rural"),  # the reform's agriculture bureau of a pastoral region
        ("区扶贫移民局", "poverty-alleviation"),
        ("区园林绿化局", "landscaping"),
        ("区城市管理委", "urban-management"),
        ("区科学技术和工业信息化局", "industry-it"),
        ("区国土资源和规划局", "land-resources"),
        ("各苏木镇人民政府", "townships"),
        ("各嘎查村", "villages-communities"),
    ],
)
def test_another_name_of_a_kind(registry, written, slug):
    unit = registry.resolve(written, DISTRICT)
    assert unit.kind.slug == slug and unit.jurisdiction == DISTRICT


@pytest.mark.parametrize(
    "body, beside",
    [
        ("区交警大队", "区公安局"),  # the brigade is inside the bureau, but a body with tasks of its own
        ("区疾控中心", "区卫健委"),
        ("区综合行政执法局", "区城管局"),
        ("省中小企业局", "省工信厅"),
        ("派出所", "区公安局"),
        ("司法所", "区司法局"),
    ],
)
def test_a_body_beside_its_department_is_another_unit(registry, body, beside):
    found, other = registry.resolve(body, DISTRICT), registry.resolve(beside, DISTRICT)
    assert found.kind and other.kind and found.identity != other.identity


def test_a_city_bureaus_branch_named_for_its_place_is_that_places_unit(registry):
    in_district = registry.resolve("市公安局石桥分局", DISTRICT)
    assert in_district.kind.slug == "public-security" and in_district.jurisdiction == DISTRICT
    assert in_district.identity == registry.resolve("区公安分局", DISTRICT).identity
    county = Jurisdiction("平川县", "县")
    branch = registry.resolve("明川市生态环境局平川分局", county)
    assert branch.identity == registry.resolve("县生态环境局", county).identity
    # in the city's plan the branch is the district's, not the city's bureau
    from_city = registry.resolve("市公安局石桥分局", CITY)
    assert from_city.kind.slug == "public-security" and from_city.jurisdiction.name == "石桥"
    assert from_city.identity != registry.resolve("市公安局", CITY).identity


def test_state_grid_before_a_place_is_that_places_power_company(registry):
    written_with_grid = registry.resolve("国网石桥区供电公司", DISTRICT)
    assert written_with_grid.identity == registry.resolve("区供电公司", DISTRICT).identity
    assert registry.resolve("国网石桥区供电公司", CITY).jurisdiction == DISTRICT
    assert registry.resolve("国网南岭省电力公司", CITY).jurisdiction == Jurisdiction("南岭省", "省")
    assert registry.resolve("国网明川供电公司", CITY).jurisdiction == CITY


def test_a_province_by_its_short_name(registry):
    office = registry.resolve("江西银监局", CITY)
    assert office.kind.slug == "banking-regulation" and office.jurisdiction == Jurisdiction("江西", "省")
    assert registry.resolve("江西银监局", Jurisdiction("江西省", "省")).jurisdiction.name == "江西省"


def test_a_place_that_starts_like_the_plans_own_is_another_place(registry):
    county = registry.resolve("明川县财政局", CITY)
    assert county.jurisdiction == Jurisdiction("明川县", "县")
    assert registry.resolve("明川财政局", CITY).jurisdiction == CITY
    inner = Jurisdiction("明川市石桥区", "区")
    assert registry.resolve("石桥区财政局", inner).jurisdiction == inner


def test_a_new_area_and_a_zone_write_their_own_departments_after_their_kind(registry):
    area = Jurisdiction("湘东新区", "区")
    for name in ("新区财政局", "湘东新区财政局", "区财政局"):
        assert registry.resolve(name, area).identity == (area.key, "finance"), name
    assert registry.resolve("明川市公安局湘东新区分局", area).identity == (area.key, "public-security")
    assert registry.resolve("新区管委会", CITY).kind.slug == "new-area"
    zone = Jurisdiction("明川高新区", "区")
    assert registry.resolve("高新区财政局", zone).jurisdiction == zone


# --- townships ------------------------------------------------------------------------------

TOWN = Jurisdiction("白沙镇", "镇")


def test_a_townships_plan_writes_its_bodies_after_its_level(registry):
    for name, slug in (
        ("镇党政办", "township-general-office"),
        ("白沙镇财政所", "finance-office"),
        ("镇人民政府", "people-government"),
        ("各村（社区）", "villages-communities"),
    ):
        unit = registry.resolve(name, TOWN)
        assert (unit.kind.slug, unit.jurisdiction) == (slug, TOWN), name
    county = registry.resolve("县公安局", TOWN)
    assert county.jurisdiction.level == "县" and county.identity != registry.resolve("派出所", TOWN).identity
    subdistrict = Jurisdiction("城西街道", "街道")
    assert registry.resolve("街道办事处", subdistrict).kind.slug == "people-government"
    assert registry.resolve("街道党工委", subdistrict).jurisdiction == subdistrict


def test_a_countys_plan_names_township_bodies_together(registry):
    assert registry.resolve("各乡镇卫生院", COUNTY).kind.slug == "township-hospital"
    assert registry.resolve("街道办事处", COUNTY).kind.slug == "townships"
    # 镇人民政府 in a county's plan is its towns, not one town's government
    assert registry.resolve("各镇人民政府", COUNTY).kind.slug == "townships"
    assert registry.resolve("各乡（街道）", COUNTY).kind.slug == "townships"


def _plan(text: str):
    import textwrap

    from kg import read, structure

    return structure.parse(read.decode((textwrap.dedent(text).strip() + "\n").encode("utf-8"), "plan.txt"))


TASKS = """
一、工作任务
1．开展清洁行动。（{0}牵头，{1}配合）
2．推进改厕工作。（{1}）
"""


@pytest.mark.parametrize(
    "head, units, tail, expected",
    [
        ("龙潭镇2020年春季植树工作方案", ("镇党政办", "镇财政所"), "", Jurisdiction("龙潭镇", "镇")),
        (
            "城西街道禁毒宣传工作方案",
            ("区禁毒办", "各社区居委会"),
            "城西街道办事处\n2023年6月1日",
            Jurisdiction("城西街道", "街道"),
        ),
        ("青禾县白石乡防汛工作方案", ("乡党政办", "乡司法所"), "", Jurisdiction("青禾县白石乡", "乡")),
        (
            "关于印发防汛工作方案的通知\n龙潭镇人民政府关于印发防汛工作方案的通知",
            ("镇党政办", "各村委会"),
            "",
            Jurisdiction("龙潭镇", "镇"),
        ),
        # words that only end like a township: the county's plan
        ("青禾县特色小镇建设实施方案", ("县发改局", "县住建局"), "", COUNTY),
        ("青禾县重点镇建设实施方案", ("县发改局", "镇人民政府"), "", COUNTY),
    ],
)
def test_the_issuer_may_be_a_township(head, units, tail, expected):
    from kg.build import document_id
    from kg.registry import issuer_of_plan

    plan = _plan(head + "\n" + TASKS.format(*units) + "\n" + tail)
    assert issuer_of_plan(plan, [*units, units[1]], plan=document_id(plan)) == expected


def test_a_title_that_only_starts_like_a_township_names_none():
    assert issuer_of("美丽乡村建设实施方案", ["县农业农村局", "各乡镇人民政府"]).name == ""
    assert issuer_of("新型城镇化建设方案", ["镇党政办", "镇财政所"]).name == ""
    assert issuer_of("龙潭镇2020年春季植树工作方案", ["镇党政办"]) == Jurisdiction("龙潭镇", "镇")


NEW_AREA_PLAN = """\
湘东新区2021年优化营商环境行动方案

一、重点任务
1.深化工程建设项目审批改革。（牵头单位：新区行政审批服务局；责任单位：新区建设局、区财政局）
2.加强要素保障。（牵头单位：新区财政局；责任单位：明川市公安局湘东新区分局、国网湘东新区供电公司）
"""


def test_a_new_areas_plan_resolves_its_departments_in_the_new_area(tmp_path):
    from kg import pipeline

    (tmp_path / "plan.txt").write_text(NEW_AREA_PLAN, encoding="utf-8")
    built = pipeline.process(tmp_path / "plan.txt")
    assert built.issuer == Jurisdiction("湘东新区", "区")
    # six names, five units: 新区财政局 and 区财政局 are the new area's finance bureau
    assert len(built.units) == 5
    assert {unit.jurisdiction.key for unit in built.units.values()} == {"湘东新区"}
    assert all(unit.resolved for unit in built.units.values())


def test_a_township_named_on_the_command_line():
    from kg.registry import jurisdiction_named

    assert jurisdiction_named("青禾县白石乡") == Jurisdiction("青禾县白石乡", "乡")
    assert jurisdiction_named("城西街道").level == "街道"


@pytest.mark.parametrize(
    "former, former_slug, successor_slug, year",
    [
        ("县乡镇企业局", "township-enterprises", "sme-bureau", 2008),
        ("县人事劳动和社会保障局", "personnel-labour-social-security", "hrss", 2008),
        ("县外经贸局", "foreign-trade", "commerce", 2003),
        ("县综治办", "comprehensive-governance-office", "political-legal", 2018),
        ("县农牧业局", "agriculture", "agriculture-rural", 2018),
    ],
)
def test_more_former_bodies(registry, former, former_slug, successor_slug, year):
    old = registry.resolve(former, COUNTY)
    assert old.kind.slug == former_slug and old.kind.abolished_in == year
    assert successor_slug in old.kind.successors
    assert old.identity != registry.resolve("县" + registry.by_slug[successor_slug].zh, COUNTY).identity


def test_one_body_written_with_its_level_twice(registry):
    district = Jurisdiction("明川市石桥区", "区")
    both = registry.resolve("区纪委区监委", district)
    assert both.jurisdiction == district and both.identity == registry.resolve("区纪委监委", district).identity
    office = registry.resolve("区委区政府督查室", district)
    assert office.kind.slug == "government-inspection" and office.jurisdiction == district
    county = registry.resolve("县委县政府督查室", COUNTY)
    assert county.identity == registry.resolve("县政府督查室", COUNTY).identity
    # a party office the registry does not know and a bureau working as one: known by both names
    merged = registry.resolve("区委社会工委区民政局", district)
    assert merged.names == ("区委社会工委", "区民政局") and merged.kind.slug == "civil-affairs"
    # the committee and the government are two bodies; two known bodies run together are a list
    for run_together in ("区委区政府", "区委组织部区人社局", "区财政局区税务局"):
        unit = registry.resolve(run_together, district)
        assert unit.kind is None and unit.jurisdiction == district


def test_a_level_above_is_the_place_the_plans_own_name_holds(registry):
    district = Jurisdiction("明川市石桥区", "区")
    city = registry.resolve("市财政局", district)
    assert city.jurisdiction == CITY
    assert city.identity == registry.resolve("明川市财政局", district).identity
    banner = Jurisdiction("北原盟白河旗", "旗")
    league = registry.resolve("盟财政局", banner)
    assert league.jurisdiction == Jurisdiction("北原盟", "盟")
    assert league.identity == registry.resolve("北原盟财政局", banner).identity
    # a level the plan's name does not hold stays known by its level, seen from the plan's place
    assert registry.resolve("省财政厅", district).jurisdiction == Jurisdiction("", "省", "明川市石桥区")


def test_a_branch_named_for_the_bare_name_of_the_plans_district(registry):
    district = Jurisdiction("明川市石桥区", "区")
    for written in ("市公安局石桥分局", "明川市规划和自然资源委员会石桥分局", "石桥消防救援支队"):
        unit = registry.resolve(written, district)
        assert unit.kind and unit.jurisdiction == district, written


# --- prefectures (地区), autonomous areas' short names, bare places before banks' offices ------

REGION = Jurisdiction("库玛地区", "地区")


def test_a_prefecture_writes_its_units_after_its_level(registry):
    assert issuer_of("库玛地区2017年就业工作方案", ["地区人社局", "地委组织部", "地区财政局"]) == REGION
    # an area that ends like a prefecture is none: its units are the province's
    assert issuer_of("民族地区教育发展实施方案", ["省教育厅", "省财政厅"]).name == ""
    for written, slug in [
        ("地区财政局", "finance"),
        ("地委组织部", "party-organization"),
        ("团地委", "youth-league"),
        ("地直机关工委", "organs-work-committee"),
        ("地区行署", "people-government"),
        ("地区行政公署办公室", "government-general-office"),
        ("人民银行库玛地区中心支行", "peoples-bank"),
    ]:
        unit = registry.resolve(written, REGION)
        assert unit.kind.slug == slug and unit.jurisdiction == REGION, written
    assert registry.resolve("地区行署办公室", REGION).identity == registry.resolve("地区政府办公室", REGION).identity
    # in a county's plan the prefecture's bureau is the prefecture's, not the county's
    county = registry.resolve("地区财政局", COUNTY)
    assert county.jurisdiction.level == "地区" and county.identity != registry.resolve("县财政局", COUNTY).identity
    # 地 alone opens a name only before the party committee's organs: 地税局 is a bureau's name
    assert registry.resolve("地区地税局", REGION).kind.slug == "local-taxation"


def test_an_autonomous_area_writes_its_name_without_its_peoples(registry):
    prefecture = Jurisdiction("青岚苗族侗族自治州", "州")
    for written in ("青岚州银保监分局", "青岚银保监分局", "州银保监分局"):
        assert registry.resolve(written, prefecture).jurisdiction == prefecture, written
    county = Jurisdiction("云溪彝族自治县", "县")
    assert registry.resolve("云溪供电局", county).identity == registry.resolve("县供电局", county).identity
    assert issuer_of("青岚苗族侗族自治州直属县市普惠金融推进方案") == prefecture


def test_a_bare_place_before_a_banks_office_in_cities_is_a_city(registry):
    province = Jurisdiction("南岭省", "省")
    branch = registry.resolve("人民银行石门中心支行", province)
    assert branch.jurisdiction == Jurisdiction("石门市", "市")
    assert branch.identity == registry.resolve("人民银行石门市中心支行", province).identity
    # a name of two characters that ends like a level (广州, 杭州) is a bare name too
    assert registry.resolve("人民银行禾州分行", province).jurisdiction == Jurisdiction("禾州市", "市")
    # the plan's own place, and a province, stay what they are
    assert registry.resolve("人民银行明川中心支行", CITY).jurisdiction == CITY
    assert registry.resolve("农业银行湖南分行", province).jurisdiction == Jurisdiction("湖南", "省")
    # an office of another rank says no level
    assert registry.resolve("人民银行石门支行", province).jurisdiction == Jurisdiction("石门", "")


# --- names written otherwise: equivalent words, merged bureaus -----------------------------


@pytest.mark.parametrize(
    "written, slug",
    [
        ("各市、县（市、区）政府", "lower-governments"),
        ("各县（市）区政府", "lower-governments"),
        ("各旗县市（区）人民政府", "lower-governments"),
        ("各市〔州〕人民政府", "prefectures"),
        ("各镇（街道）人民政府", "townships"),
        ("市中级法院", "court"),
        ("县人民检察院", "procuratorate"),
        ("盟行政公署办公室", "government-general-office"),
        ("省经济和信息化委", "industry-it"),
        ("省建设厅", "housing-urban-rural"),
        ("县农业农村和水利局", "agriculture-rural"),
        ("县国土城建和水利局", "land-resources"),
        ("县发展改革和商务局", "development-reform"),
        ("县体育文化局", "culture"),
        ("州文化体育广播电视和旅游局", "culture-tourism"),
        ("省旅文厅", "culture-tourism"),
    ],
)
def test_a_name_written_otherwise_is_the_same_name(registry, written, slug):
    assert registry.resolve(written, COUNTY).kind.slug == slug


def test_no_two_kinds_share_a_names_form(registry):
    """A name written otherwise (``_name_form``) is one kind's: two kinds' names of one form
    would leave the form to neither."""
    from kg.registry import _name_form

    forms: dict[str, str] = {}
    for kind in registry.kinds.values():
        for name in kind.zh_names:
            assert forms.setdefault(_name_form(name), kind.slug) == kind.slug, name


@pytest.mark.parametrize(
    "written",
    [
        "县劳动就业服务局",  # 就业服务 is no kind's work
        "县经济发展局",  # 经济, 发展: no kind's work alone
        "县交通运输管理局",
        "县财政局县税务局",  # two bodies run together
        "县委组织部县人社局",
    ],
)
def test_a_name_that_only_holds_kinds_names_is_no_merged_bureau(registry, written):
    assert registry.resolve(written, COUNTY).kind is None


# --- enterprises and banks --------------------------------------------------------------


def test_companies_written_before_their_place(registry):
    for written, slug in [
        ("中国移动青禾分公司", "china-mobile"),
        ("移动青禾分公司", "china-mobile"),
        ("电信青禾分公司", "china-telecom"),
        ("中国联通青禾县分公司", "china-unicom"),
        ("中国邮政集团有限公司青禾县分公司", "post-company"),
        ("人保财险青禾分公司", "picc-property"),
        ("县农业银行", "agricultural-bank"),
        ("县邮政储蓄银行", "postal-savings-bank"),
    ]:
        unit = registry.resolve(written, COUNTY)
        assert unit.kind.slug == slug and unit.jurisdiction == COUNTY, written
    # a company's office in another place is that place's; a bank's sub-branch is no company
    assert registry.resolve("中国移动石门分公司", COUNTY).jurisdiction == Jurisdiction("石门", "")
    assert registry.resolve("县财政局石门公司", COUNTY).kind is None


def test_grid_companies_written_after_their_province_and_before_their_offices(registry):
    district = Jurisdiction("明川市石桥区", "区")
    office = registry.resolve("广西电网明川石桥供电局", district)
    assert office.kind.slug == "power-supply" and office.jurisdiction == district
    assert registry.resolve("广西电网公司", district).jurisdiction == Jurisdiction("广西", "省")
    league, banner = Jurisdiction("北原盟", "盟"), Jurisdiction("北原盟白河旗", "旗")
    assert registry.resolve("内蒙古电力集团北原电业局", league).jurisdiction == league
    nested = registry.resolve("内蒙古电力集团北原供电公司白河供电分局", banner)
    assert nested.kind.slug == "power-supply" and nested.jurisdiction == banner
