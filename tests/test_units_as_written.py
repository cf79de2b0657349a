"""Measure boundaries and units as written (issue 12, items 1 and 2): what the case folders
under tests/cases/ cannot state — a measure's own text, the vague mark of a collective, a
plan longer than any case file, and what validation says of co-leads and suspicious units.

The texts are invented (places such as 东川省, 临江市, 青石县), written in the genre's
several numbering and responsibility styles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import main
from kg.names import names_a_place, unit_name, why_not_a_unit

CASES = Path(__file__).resolve().parent / "cases"
OWN_FOLDERS = (
    "measure-boundaries",
    "unit-name-checks",
    "collectives",
    "vague-collectives",
    "duty-phrasing",
    "co-leads",
    "label-typos",
)


def _measures(path: Path) -> dict:
    return {m.number: m for m in pipeline.process(path).document.measures}


def _responsibility(built, number: int):
    return next(r for r in built.facts.responsibilities if r.measure == number)


# --- measure boundaries -------------------------------------------------------------


def test_a_title_that_begins_with_a_number_is_no_new_number():
    measures = _measures(CASES / "measure-boundaries" / "county-numbers-in-titles.txt")
    assert [(n, m.label, m.heading) for n, m in measures.items()] == [
        (1, "1", "推进农村厕所革命"),
        (2, "2", "100个美丽屋场建设"),
        (3, "3", "5G网络进村入户"),
        (4, "4", "推进农村生活垃圾治理"),
    ]
    city = _measures(CASES / "measure-boundaries" / "city-inline-closing.txt")
    assert city[10].heading == "3个区域消费中心建设"
    assert city[12].heading == "100家放心消费示范单位创建"


@pytest.mark.parametrize(
    "case, number, last_words, closing",
    [
        ("county-numbers-in-titles", 4, "各乡镇人民政府）", "各乡镇（街道）、县直有关部门要"),
        ("city-inline-closing", 12, "市商务局配合。", "全市各级各部门要"),
        ("district-subpoints-closing", 3, "责任单位：区住建局、区城管局、各街道办事处", "各街道、区直各部门要"),
        ("county-closing-duty-of-leaders", 3, "县文旅广体局配合。", "全县各级各部门要"),
        ("city-supervision-closing", 3, "市民政局）", "市委督查室、市政府督查室要"),
    ],
)
def test_the_closing_paragraph_is_no_part_of_the_last_measure(case, number, last_words, closing):
    path = CASES / "measure-boundaries" / f"{case}.txt"
    built = pipeline.process(path)
    last = {m.number: m for m in built.document.measures}[number]
    assert last.body.endswith(last_words)
    assert closing not in last.body
    assert built.document.quote(last.span).endswith(last_words)
    names = [u.name for r in built.facts.responsibilities for u in r.units]
    assert not any(closing[:4] in name for name in names)


def test_sub_points_stay_in_their_measure():
    measures = _measures(CASES / "measure-boundaries" / "district-subpoints-closing.txt")
    assert list(measures) == [1, 2, 3]
    assert "（1）基础类改造" in measures[2].body and "（3）15分钟生活圈配套" in measures[2].body


def test_a_responsibility_line_followed_by_a_heading_ends_at_the_line_break():
    measures = _measures(CASES / "measure-boundaries" / "province-heading-after-duty-line.txt")
    assert measures[2].body.endswith("责任单位：省交通运输厅牵头")
    assert all("智慧交通建设" not in m.body for m in measures.values())
    assert measures[3].heading == "推进智慧港口建设"


def test_a_task_that_lost_its_number_is_no_part_of_the_measure_before_it(write_plan):
    """After 责任单位：… comes a task whose number was lost (heading line, body, its own
    responsibility line): the numbered measure ends at its own responsibility line and
    never takes the other task's units."""
    path = write_plan(
        """\
        东川省内河航运发展实施方案
        一、主要任务
        1.完善高等级航道网。推进干线航道扩能升级。
        责任单位：省交通运输厅牵头，省水利厅配合
        推进智慧港口建设
        推动主要港区自动化码头改造。
        责任单位：省交通运输厅、省工业和信息化厅
        2.发展江海联运。开通一批江海直达航线。
        责任单位：省交通运输厅牵头，省商务厅配合
        """
    )
    built = pipeline.process(path)
    first = built.document.measures[0]
    assert first.body.endswith("责任单位：省交通运输厅牵头，省水利厅配合")
    responsibility = _responsibility(built, 1)
    assert [u.name for u in responsibility.leads] == ["省交通运输厅"]
    assert [u.name for u in responsibility.participants] == ["省水利厅"]


def test_item_numbers_are_never_capped(tmp_path):
    """A 工作要点 runs past 999 items; item 1000 whose title starts with a number is item 1000."""
    lines = ["临江市江北区2024年工作要点", "一、重点工作"]
    for number in range(1, 1004):
        title = "100个社区微更新项目" if number in (12, 1000) else f"推进第{number}项重点工作"
        lines.append(f"{number}.{title}。抓好督促落实。（区发改局、区财政局）")
    path = tmp_path / "points.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = pipeline.process(path)
    measures = built.document.measures
    assert [m.number for m in measures] == list(range(1, 1004))
    assert measures[11].heading == measures[999].heading == "100个社区微更新项目"
    assert measures[1002].heading == "推进第1003项重点工作"
    assert built.document.warnings == []
    assert all([u.name for u in r.units] == ["区发改局", "区财政局"] for r in built.facts.responsibilities)


# --- units as written ----------------------------------------------------------------


def _own_cases() -> list[Path]:
    return sorted(path for folder in OWN_FOLDERS for path in (CASES / folder).glob("*.txt"))


@pytest.mark.parametrize("path", _own_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_unit_name_spans_a_line_holds_punctuation_or_is_a_verb_phrase(path):
    built = pipeline.process(path)
    for responsibility in built.facts.responsibilities:
        for unit in responsibility.units:
            assert why_not_a_unit(unit.name) is None, (responsibility.measure, unit.name)
            start, stop = unit.span
            # As written, with a name's own brackets typed （）; a place that shares the
            # government word of the last of its list (海口市、三亚市人民政府) takes it.
            written = unit_name(built.document.quote(unit.span))
            assert stop - start == len(written)
            assert unit.name in (written, written + "人民政府", written + "政府"), (unit.name, written)
            if unit.name != written:
                assert names_a_place(written)


@pytest.mark.parametrize(
    "case, vague_names",
    [
        ("city-bracket-list", ["各有关单位", "市直有关部门", "其他有关部门"]),
        ("province-labelled", ["省直有关部门", "省直其他有关部门", "各成员单位"]),
        ("county-inline", ["其他有关部门", "县直相关部门", "各有关单位"]),
        ("district-trailing-line", ["各成员单位", "区直各有关部门", "区直其他相关单位"]),
    ],
)
def test_vague_collectives_beside_named_units_are_marked_vague(case, vague_names):
    built = pipeline.process(CASES / "vague-collectives" / f"{case}.txt")
    units = [u for r in built.facts.responsibilities for u in r.units]
    assert [u.name for u in units if u.vague] == vague_names
    assert all(u.role.value == "participant" for u in units if u.vague)


def test_a_collective_is_named_whole_in_the_graph_never_by_its_pieces():
    built = pipeline.process(CASES / "collectives" / "city-districts-and-counties.txt")
    labels = {
        q.object.value for q in built.quads if "/unit/" in q.subject.value and q.predicate.value.endswith("Label")
    }
    assert {"各区、县（市）人民政府", "各区、县（市）", "市、县两级人民政府"} <= labels
    assert not labels & {"各区", "县（市）", "县（市）人民政府", "市", "县两级人民政府"}


# --- validation ----------------------------------------------------------------------

CO_LEAD_PLAN = """\
长沙市岳麓区养老服务提质行动方案
一、重点任务
1.完善服务网络。建设社区养老服务站。（牵头单位：区民政局、区卫健局；责任单位：区财政局）
2.加强人才队伍。开展养老护理员培训。（牵头单位：区民政局；责任单位：区人社局）
"""


def test_validate_reports_co_leads_as_info_only(tmp_path, monkeypatch, write_plan):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(write_plan(CO_LEAD_PLAN))])
    assert built.exit_code == 0, built.output
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["conforms"] is True
    assert [(r["severity"], r["measure"], r["path"], r["message"]) for r in payload["results"]] == [
        ("Info", 1, "pk:leadUnit", "several units lead the measure together (co-leads)")
    ]
    text = runner.invoke(main, ["validate"])
    assert text.exit_code == 0
    assert "conforms: 0 violation(s), 0 warning(s), 1 info" in text.stdout


def test_validate_shows_the_suspicious_unit_and_never_takes_it_as_a_unit(tmp_path, monkeypatch, write_plan):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    plan = write_plan(
        """\
        长沙市岳麓区社区教育提升方案
        一、重点任务
        1.建设社区学校。（牵头单位：区教育局；责任单位：区民政局、加强督导检查）
        """
    )
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(plan)])
    assert built.exit_code == 0
    assert "suspicious units: 1 (not taken as units; check the text): measure 1: '加强督导检查'" in built.stdout
    result = runner.invoke(main, ["validate", "--format", "json"])
    payload = json.loads(result.stdout)
    found = [(r["severity"], r["measure"], r["path"]) for r in payload["results"]]
    assert found == [("Warning", 1, "pk:suspiciousUnit")]
    assert result.exit_code == 0
    rows = runner.invoke(main, ["query", "responsibilities", "--format", "json"])
    assert "加强督导检查" not in rows.stdout
