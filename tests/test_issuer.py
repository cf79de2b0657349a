"""Who issued a plan: its title, else its text (the issuing organ, the signature, 我县 and
the places of its preamble), else a place known only inside the plan; `build --issuer`."""

import json
import textwrap

import pytest
from click.testing import CliRunner

from kg import pipeline, read, structure
from kg.build import document_id
from kg.cli import main
from kg.errors import InputError
from kg.registry import Jurisdiction, issuer_of, issuer_of_plan, jurisdiction_named

MEASURES = """
一、重点任务
1.完善服务网络。（{level}民政局、{level}财政局）
2.加强人才培养。牵头单位：{level}人社局；责任单位：{level}教育局。
"""


def document(text: str):
    """A plan's text (dedented) parsed into a Document."""
    source = textwrap.dedent(text).strip() + "\n"
    return structure.parse(read.decode(source.encode("utf-8"), "plan.txt"))


def issuer(text: str, units=("县民政局", "县财政局")) -> Jurisdiction:
    plan = document(text)
    return issuer_of_plan(plan, list(units), plan=document_id(plan))


@pytest.mark.parametrize(
    "title, expected",
    [
        ("青禾县养老服务体系建设实施方案", Jurisdiction("青禾县", "县")),
        ("南岭省促进中小企业发展若干措施", Jurisdiction("南岭省", "省")),
        ("明川市江北区城市更新行动方案", Jurisdiction("明川市江北区", "区")),
        ("中共青禾县委办公室关于加强基层治理的实施方案", Jurisdiction("青禾县", "县")),
        ("关于印发《明川市消费提质行动方案》的通知", Jurisdiction("明川市", "市")),
        # places that end like kinds of area
        ("云城区数字经济发展行动方案", Jurisdiction("云城区", "区")),
        ("禾州市城乡供水一体化实施方案", Jurisdiction("禾州市", "市")),
        # phrases that end like a place are no place
        ("关于推进城市更新的实施方案", Jurisdiction("", "")),
        ("关于推进全市养老服务发展的意见", Jurisdiction("", "")),
    ],
)
def test_the_title_names_the_place(title, expected):
    assert issuer_of(title) == expected


def test_the_issuing_organ_at_the_head_of_the_text():
    found = issuer(
        """
        青禾县人民政府办公室关于印发农村公路建设方案的通知

        各乡镇人民政府，县直各单位：
        现将方案印发给你们，请认真贯彻执行。

        农村公路建设方案
        """
        + MEASURES.format(level="县")
    )
    assert found == Jurisdiction("青禾县", "县")


def test_the_organ_that_forwards_a_plan_issues_it():
    found = issuer(
        """
        青禾县人民政府办公室转发明川市人民政府办公室关于农村公路建设方案的通知

        各乡镇人民政府，县直各单位：
        现将方案转发给你们，请结合实际认真贯彻执行。

        农村公路建设方案
        """
        + MEASURES.format(level="县")
    )
    assert found == Jurisdiction("青禾县", "县")


def test_a_line_of_joint_organs():
    found = issuer(
        """
        中共明川市江北区委  明川市江北区人民政府
        关于加快发展夜间经济的实施方案

        为激发消费活力，制定本方案。
        """
        + MEASURES.format(level="区"),
        units=("区民政局",),
    )
    assert found == Jurisdiction("明川市江北区", "区")


def test_the_signature_above_the_date():
    found = issuer(
        """
        关于加快发展养老服务业的实施方案

        为应对人口老龄化，结合全县实际，制定本方案。
        """
        + MEASURES.format(level="县")
        + """
        青禾县人民政府
        2019年11月20日
        """
    )
    assert found == Jurisdiction("青禾县", "县")


def test_the_addressees_are_not_the_issuer():
    found = issuer(
        """
        关于做好防汛抗旱工作的通知

        各县市区人民政府，市直有关单位：
        为做好今年防汛抗旱工作，结合我市实际，提出如下方案。
        """
        + MEASURES.format(level="市"),
        units=("市民政局", "市财政局"),
    )
    assert found.name == "" and found.level == "市"


def test_the_preamble_names_the_place_at_the_plans_level():
    found = issuer(
        """
        关于支持先进制造业发展的若干措施

        为贯彻落实国家和省的部署，学习借鉴明川市经验，加快建设南岭省制造业高地，结合我省实际，提出如下措施。
        """
        + MEASURES.format(level="省"),
        units=("省民政厅", "省财政厅"),
    )
    assert found == Jurisdiction("南岭省", "省")


def test_units_written_with_their_place_and_the_level_the_plan_speaks_at():
    found = issuer(
        """
        关于推进老旧小区改造的工作方案

        为改善居住条件，结合我区实际，制定本方案。

        一、工作任务
        1.摸清改造底数。（江北区住建局、江北区民政局）
        """,
        units=("江北区住建局", "江北区民政局"),
    )
    assert found == Jurisdiction("江北区", "区")


def test_the_title_comes_first():
    found = issuer(
        """
        青禾县农村供水保障方案

        为保障农村供水，制定本方案。
        """
        + MEASURES.format(level="县")
        + """
        明川市人民政府办公室
        2020年5月6日
        """
    )
    assert found == Jurisdiction("青禾县", "县")


def test_a_plan_that_never_names_its_place_keeps_its_units_to_itself(tmp_path):
    paths = []
    for title in ("关于加快发展养老服务业的实施方案", "关于做好就业困难人员帮扶的实施方案"):
        path = tmp_path / f"{len(paths)}.txt"
        path.write_text(
            f"{title}\n\n为做好相关工作，结合实际，制定本方案。\n" + MEASURES.format(level="县"), encoding="utf-8"
        )
        paths.append(path)
    first, second = (pipeline.process(path) for path in paths)
    assert first.issuer.name == "" and first.issuer.level == "县"
    assert first.issuer.key == f"未知县-{first.id}" and second.issuer.key == f"未知县-{second.id}"
    units = [{q.subject.value for q in built.quads if "/unit/" in q.subject.value} for built in (first, second)]
    assert units[0] and units[1] and not units[0] & units[1]


def test_plans_of_one_named_place_share_its_units(tmp_path):
    built = []
    for index, title in enumerate(("明川市养老服务实施方案", "明川市就业促进行动方案")):
        path = tmp_path / f"{index}.txt"
        path.write_text(f"{title}\n\n为做好相关工作，制定本方案。\n" + MEASURES.format(level="市"), encoding="utf-8")
        built.append(pipeline.process(path))
    finance = "https://w3id.org/policykg/id/unit/明川市-finance"
    assert all(finance in {q.subject.value for q in plan.quads} for plan in built)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("青禾县", Jurisdiction("青禾县", "县")),
        (" 明川市 ", Jurisdiction("明川市", "市")),
        ("明川市江北区", Jurisdiction("明川市江北区", "区")),
        ("南岭省", Jurisdiction("南岭省", "省")),
        ("青山土家族自治县", Jurisdiction("青山土家族自治县", "县")),
    ],
)
def test_a_named_issuer(name, expected):
    assert jurisdiction_named(name) == expected


@pytest.mark.parametrize("name", ["青禾", "县", "", "Changsha", "青禾县人民政府"])
def test_a_name_that_is_no_place_is_refused_in_one_line(name):
    with pytest.raises(InputError, match=r"^--issuer .*: give a place name that ends with its level"):
        jurisdiction_named(name)


def test_the_issuer_option_overrides_what_the_plan_says(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "明川市养老服务实施方案\n\n为做好相关工作，制定本方案。\n" + MEASURES.format(level="县"), encoding="utf-8"
    )
    built = pipeline.process(path, issuer=jurisdiction_named("青禾县"))
    assert built.issuer == Jurisdiction("青禾县", "县")
    assert "https://w3id.org/policykg/id/unit/青禾县-finance" in {q.subject.value for q in built.quads}


def test_build_issuer_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    path = tmp_path / "plan.txt"
    path.write_text(
        "关于加快发展养老服务业的实施方案\n\n为做好相关工作，制定本方案。\n" + MEASURES.format(level="县"),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(path)], catch_exceptions=False).exit_code == 0
    listed = json.loads(runner.invoke(main, ["documents", "--format", "json"], catch_exceptions=False).stdout)
    assert listed[0]["issuer"].startswith("未知县-")
    # the same unchanged text is rebuilt when an issuer is given
    result = runner.invoke(main, ["build", str(path), "--issuer", "青禾县"], catch_exceptions=False)
    assert result.exit_code == 0 and "skipped" not in result.stdout
    listed = json.loads(runner.invoke(main, ["documents", "--format", "json"], catch_exceptions=False).stdout)
    assert [row["issuer"] for row in listed] == ["青禾县"]
    refused = runner.invoke(main, ["build", str(path), "--issuer", "青禾"], catch_exceptions=False)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: --issuer '青禾': give a place name that ends with its level (某县, 某市, 某省, 某市某区)"
    )


def test_a_place_prefixed_inside_a_units_name_is_read_as_the_place_itself(write_plan):
    path = write_plan(
        "关于支持民营经济发展的若干措施\n为深入贯彻落实决策部署，制定如下措施。\n一、优化发展环境\n"
        "（一）降低用能成本。牵头单位：省发展改革委；责任单位：省能源局、国网湖南省电力公司\n"
        "（二）强化融资支持。（人民银行湖南省分行、湖南省银保监局按职责分工负责）\n"
    )
    assert pipeline.process(path).issuer.name == "湖南省"
