"""Stage 3: named schools and organisations, and the member units of bodies a measure sets up."""

import textwrap

import pytest

from kg.extract.institutions import InstitutionRole, extract
from kg.read import decode, read
from kg.registry import Jurisdiction, Registry
from kg.resources import bundled_plan
from kg.structure import parse

YIYANG = Jurisdiction("益阳市", "市")


def mentions(text: str):
    document = parse(decode(textwrap.dedent(text).lstrip("\n").encode("utf-8"), "test.txt"))
    return document, extract(document)


def named(found):
    return [(mention.measure, mention.name) for mention in found if mention.role is InstitutionRole.NAMED]


def members(found):
    return [(m.measure, m.name, m.body) for m in found if m.role is InstitutionRole.MEMBER]


@pytest.fixture(scope="module")
def seed_document():
    return parse(read(bundled_plan()))


@pytest.fixture(scope="module")
def seed_mentions(seed_document):
    return extract(seed_document)


SEED_NAMED = [
    (3, "安化县职业中专学校"),
    (3, "赫山区职教中心"),
    (3, "沅江市职业中等专业学校"),
    (3, "益阳自立职业技术学校"),
    (3, "益阳东方职业技术学校"),
    (4, "益阳师范高等专科学校"),
    (4, "湖南工艺美术职业学院"),
    (4, "益阳医学高等专科学校"),
    (4, "益阳职业技术学院"),
    (4, "益阳职业技术学院"),
    (4, "益阳医学高等专科学校"),
    (4, "中国红十字会"),
    (4, "益阳高级技工学校"),
    (4, "湖南兵器工业高级技工学校"),
    (6, "益阳高级技工学校"),
    (7, "益阳开放大学"),
]

SEED_MEMBERS = [
    "市政府办",
    "市国资委",
    "市民政局",
    "市自规局",
    "市委组织部",
    "市委宣传部",
    "市发改委",
    "市教育局",
    "市科技局",
    "市工信局",
    "市人社局",
    "市财政局",
    "市农业农村局",
    "市乡村振兴局",
    "市卫生健康委",
    "市总工会",
    "市税务局",
    "高新区管委会",
    "市属及驻益高校",
]


def test_seed_named_institutions_once_per_place_in_order(seed_mentions):
    assert named(seed_mentions) == SEED_NAMED


def test_seed_generic_nouns_and_sub_units_are_not_named(seed_mentions):
    names = {name for _, name in named(seed_mentions)}
    generic = {
        "职业院校",
        "高职院校",
        "中职学校",
        "优质中职学校",
        "普通中小学",
        "公办中职学校",
        "技工类学校",
        "特色职业技术学校",
        "一流特殊教育职业学校",
        "省内一流特殊教育职业学校",
        "湖南省中等职业学校",
        "乡村振兴学院",
        "高新产业学院",
        "康养学院",
        "技师学院",
        "社区学院",
        "县级职教中心",
    }
    assert names & generic == set()
    assert all(not name.startswith(("支持", "重点", "创建", "推进", "和", "与")) for name in names)


def test_seed_measure_16_lists_the_joint_meetings_19_members(seed_mentions):
    found = members(seed_mentions)
    assert [name for _, name, _ in found] == SEED_MEMBERS
    assert len(found) == 19
    assert {(measure, body) for measure, _, body in found} == {(16, "益阳市职业教育工作联席会议")}


def test_seed_members_resolve_to_departments_except_the_colleges(seed_mentions):
    registry = Registry.load()
    resolved = {name: registry.resolve(name, YIYANG).kind for _, name, _ in members(seed_mentions)}
    assert [name for name, kind in resolved.items() if kind is None] == ["市属及驻益高校"]
    assert resolved["市卫生健康委"].slug == "health"
    assert resolved["高新区管委会"].slug == "high-tech-zone"
    assert resolved["市政府办"].slug == "government-general-office"


def test_seed_spans_quote_the_original_text(seed_document, seed_mentions):
    for mention in seed_mentions:
        assert seed_document.quote(mention.span) == mention.name
        measure = next(m for m in seed_document.measures if m.number == mention.measure)
        assert measure.text_span[0] <= mention.span[0] < mention.span[1] <= measure.text_span[1]
        assert (mention.body is None) == (mention.role is InstitutionRole.NAMED)


FOSHAN = """
佛山市职业教育提质培优行动方案
一、重点任务
1.建设高水平学校。支持佛山职业技术学院、广东轻工职业技术学院建设高水平高职学校，推动南海区信息技术学校和三水区职业技术学校创建省级示范学校，鼓励佛山市高明区职业技术学校与企业合作。（市教育局）
2.办好各类学校。全市中职学校、优质中职学校、佛山市中等职业学校、广东省技工学校、产业园区职业学校、佛山市属学校和中国特色高水平高职学校要落实《广东省中等职业学校管理办法》，办好县级职教中心、高职院校、普通中小学。支持北京师范大学附属佛山中学和和平区第一中学。（市教育局）
3.健全工作机制。成立佛山市职业教育工作领导小组，由市长任组长，分管副市长任副组长。领导小组成员单位包括市教育局、市发展改革局、市财政局、市人力资源社会保障局、区（县）人民政府等。（市政府办）
4.建立联席会议。建立职业教育联席会议，联席会议由市教育局、市人社局、市财政局组成。（市教育局）
5.组建工作专班。市长任组长，市教育局、市发改委、佛山职业技术学院为成员的产教融合工作专班负责推进。（市教育局）
"""


def test_another_citys_schools_are_named_with_their_place():
    _, found = mentions(FOSHAN)
    assert named(found) == [
        (1, "佛山职业技术学院"),
        (1, "广东轻工职业技术学院"),
        (1, "南海区信息技术学校"),
        (1, "三水区职业技术学校"),
        (1, "佛山市高明区职业技术学校"),
        (2, "北京师范大学附属佛山中学"),
        (2, "和平区第一中学"),
    ]


def test_generic_phrases_of_another_city_are_not_named():
    _, found = mentions(FOSHAN)
    names = {name for _, name in named(found)}
    generic = {
        "全市中职学校",
        "中职学校",
        "优质中职学校",
        "佛山市中等职业学校",
        "广东省技工学校",
        "产业园区职业学校",
        "佛山市属学校",
        "中国特色高水平高职学校",
        "广东省中等职业学校",
        "县级职教中心",
        "普通中小学",
    }
    assert names & generic == set()


def test_a_provincial_plan_names_its_colleges_but_not_its_schools_in_general():
    _, found = mentions(
        """
        湖南省职业教育改革实施方案
        一、重点任务
        1.推进高水平建设。支持湖南铁道职业技术学院建设世界一流职业院校，引导湖南省中等职业学校对接产业，鼓励湖南省内高职院校与广西壮族自治区人民医院合作。（省教育厅）
        """
    )
    assert named(found) == [(1, "湖南铁道职业技术学院"), (1, "广西壮族自治区人民医院")]


def test_a_leading_group_lists_its_member_units():
    _, found = mentions(FOSHAN)
    assert [m for m in members(found) if m[0] == 3] == [
        (3, "市教育局", "佛山市职业教育工作领导小组"),
        (3, "市发展改革局", "佛山市职业教育工作领导小组"),
        (3, "市财政局", "佛山市职业教育工作领导小组"),
        (3, "市人力资源社会保障局", "佛山市职业教育工作领导小组"),
        (3, "区（县）人民政府", "佛山市职业教育工作领导小组"),
    ]


def test_a_body_composed_of_units():
    _, found = mentions(FOSHAN)
    assert [m for m in members(found) if m[0] == 4] == [
        (4, "市教育局", "职业教育联席会议"),
        (4, "市人社局", "职业教育联席会议"),
        (4, "市财政局", "职业教育联席会议"),
    ]


def test_members_named_before_their_body_and_a_school_as_member_only():
    _, found = mentions(FOSHAN)
    assert [m for m in members(found) if m[0] == 5] == [
        (5, "市教育局", "产教融合工作专班"),
        (5, "市发改委", "产教融合工作专班"),
        (5, "佛山职业技术学院", "产教融合工作专班"),
    ]
    assert (5, "佛山职业技术学院") not in named(found)


def test_a_county_plan_names_schools_and_a_hospital_but_not_a_verb_before_a_level():
    # In a county's own plan, the county's name and a type of school is that school's name;
    # "推动县人民医院" is no place called 推动县.
    _, found = mentions(
        """
        衡东县卫生健康事业发展行动计划
        一、重点任务
        1.加强人才培养。支持衡阳县职业中等专业学校与湘潭市中心医院共建护理专业，推动县人民医院建设，鼓励衡东县中等职业学校开设护理专业。（县卫健局、县教育局）
        """
    )
    assert named(found) == [(1, "衡阳县职业中等专业学校"), (1, "湘潭市中心医院"), (1, "衡东县中等职业学校")]
