"""Stage 4: names → departments, in the plan's jurisdiction."""

import pytest

from kg.registry import Jurisdiction, Registry, issuer_of

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
