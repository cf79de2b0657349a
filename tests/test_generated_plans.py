"""The parser against synthetic plans whose truth is known (benchmarks/generate.py).

Each plan of seeds 0..59 is written to disk in its own encoding and line ends, parsed
with ``kg.pipeline.process``, and compared with the generator's truth, one aspect per
test: front matter, measures, responsibility, targets, footnotes.

Known parser bugs are listed in KNOWN_BUGS. Each has a test at the end of this module
with the smallest text that shows it, marked ``xfail(strict=True)``, and a predicate on a
plan's truth saying whether the plan exercises it; the aspect it breaks is
``xfail(strict=True)`` for those seeds only. When a bug is fixed its tests XPASS and
fail: delete its entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pytest

from benchmarks.generate import encode_plan, generate, generate_plan, main, plan_seed
from kg import pipeline
from kg.registry import Registry, issuer_of

SEEDS = range(60)


@cache
def plan(seed: int) -> tuple[str, dict]:
    return generate_plan(seed)


def truth_of(seed: int) -> dict:
    return plan(seed)[1]


def all_targets(truth: dict) -> list[tuple[int | None, dict]]:
    """(measure number or None for the goals, target) for every target of a plan."""
    found = [(measure["number"], target) for measure in truth["measures"] for target in measure["targets"]]
    return found + [(None, target) for target in truth["goal_targets"]]


# --- known parser bugs -------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBug:
    name: str
    aspect: str  # the property test it breaks
    reason: str
    plan_hits: Callable[[dict], bool] | None = None  # whether a plan (its truth) exercises the bug
    measure_hits: Callable[[dict], bool] | None = None  # … or one of its measures does

    def hits(self, truth: dict) -> bool:
        if self.measure_hits:
            return any(self.measure_hits(measure) for measure in truth["measures"])
        return self.plan_hits(truth)


# Every bug the generated plans found is fixed; its minimal text below is now a regression
# test. A new bug gets an entry here (a predicate on a plan's truth) and a strict xfail.
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def seeds_for(aspect: str) -> list:
    """The seeds as parameters, strict-xfail where a known bug breaks ``aspect``."""
    params = []
    for seed in SEEDS:
        bugs = [bug for bug in KNOWN_BUGS if bug.aspect == aspect and bug.hits(truth_of(seed))]
        reason = "; ".join(f"{bug.name}: {bug.reason}" for bug in bugs)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if bugs else []
        params.append(pytest.param(seed, marks=marks, id=f"seed{seed}"))
    return params


# --- parsing the plans -------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """seed → the plan written in its own encoding and parsed; each plan is parsed once."""
    folder = tmp_path_factory.mktemp("generated-plans")
    built = {}

    def parse(seed: int):
        if seed not in built:
            text, truth = plan(seed)
            path = folder / f"plan-{seed:05d}.txt"
            path.write_bytes(encode_plan(text, truth))
            built[seed] = pipeline.process(path)
        return built[seed]

    return parse


@pytest.mark.parametrize("seed", seeds_for("front-matter"))
def test_front_matter(parsed, seed):
    truth, built = truth_of(seed), parsed(seed)
    document = built.document
    assert document.title == truth["title"]
    assert (list(document.period) if document.period else None) == truth["period"]
    assert document.status == truth["status"]
    issuer = truth["issuer"]
    if issuer["place"]:
        assert built.issuer.name == issuer["place"]
    else:  # known only by the level its departments are written at
        assert (built.issuer.name, built.issuer.level) == ("", issuer["level"])


@pytest.mark.parametrize("seed", seeds_for("measures"))
def test_measure_count_numbers_and_headings(parsed, seed):
    truth, document = truth_of(seed), parsed(seed).document
    assert len(document.measures) == truth["measure_count"]
    assert [m.number for m in document.measures] == [m["number"] for m in truth["measures"]]
    assert [m.heading for m in document.measures] == [m["heading"] for m in truth["measures"]]


def responsibilities(built, truth: dict) -> tuple[list[dict], list[dict]]:
    """(found, expected) per measure: number, leads and participants as written, status."""
    found = [
        {
            "number": r.measure,
            "leads": [u.name for u in r.leads],
            "participants": [u.name for u in r.participants],
            "status": r.status.value,
        }
        for r in built.responsibilities
    ]
    expected = [
        {"number": m["number"], "leads": m["leads"], "participants": m["participants"], "status": m["status"]}
        for m in truth["measures"]
    ]
    return found, expected


@pytest.mark.parametrize("seed", seeds_for("responsibility"))
def test_lead_and_participating_units_as_written(parsed, seed):
    found, expected = responsibilities(parsed(seed), truth_of(seed))
    assert found == expected


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed{seed}") for seed in SEEDS])
def test_units_of_the_measures_no_known_bug_touches(parsed, seed):
    """Every measure that no known bug touches, in every plan: never xfail."""
    truth = truth_of(seed)
    touched = {m["number"] for m in truth["measures"] for bug in KNOWN_BUGS if bug.measure_hits and bug.measure_hits(m)}
    found, expected = responsibilities(parsed(seed), truth)
    assert len(found) == len(expected)
    assert [f for f in found if f["number"] not in touched] == [e for e in expected if e["number"] not in touched]


@pytest.mark.parametrize("seed", seeds_for("responsibility"))
def test_planted_text_in_unit_lists_is_suspicious_and_never_a_unit(parsed, seed):
    truth, built = truth_of(seed), parsed(seed)
    found = {r.measure: [s.text for s in r.suspicious] for r in built.responsibilities}
    assert found == {m["number"]: m["suspicious"] for m in truth["measures"]}


def test_some_plans_plant_text_among_their_units():
    assert sum(bool(m["suspicious"]) for seed in SEEDS for m in truth_of(seed)["measures"]) >= 5


@pytest.mark.parametrize("seed", seeds_for("targets"))
def test_every_target_found_and_at_most_one_more(parsed, seed):
    truth, built = truth_of(seed), parsed(seed)
    found = Counter((t.measure, t.comparator.value, t.value, t.unit) for t in built.facts.targets)
    expected = Counter(
        (measure, target["comparator"], Decimal(str(target["value"])), target["unit"])
        for measure, target in all_targets(truth)
    )
    assert expected - found == Counter(), "targets of the truth the parser missed"
    assert sum((found - expected).values()) <= 1, f"more than one extra target: {dict(found - expected)}"


@pytest.mark.parametrize("seed", seeds_for("footnotes"))
def test_footnote_markers_found_and_never_target_values(parsed, seed):
    truth, built = truth_of(seed), parsed(seed)
    original = built.document.text.original
    expected = {}
    for note in truth["notes"]:
        if note["marker"]:
            at = original.find(note["marker"])
            assert at >= 0, note
            start = at + len(note["marker"]) - len(str(note["number"]))
            expected[note["number"]] = [(start, start + len(str(note["number"])))]
    found = {entry.number: [m.span for m in entry.markers] for entry in built.facts.glossary.entries if entry.markers}
    assert found == expected
    for spans in expected.values():
        for start, _ in spans:
            assert not any(t.value_span[0] <= start < t.value_span[1] for t in built.facts.targets)


# --- the generator -------------------------------------------------------------------------


def test_generate_is_deterministic(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    generate(20, first, seed=1)
    generate(20, second, seed=1)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert names == [f"plan-{i:05d}.txt" for i in range(1, 21)] + ["truth.jsonl"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_default_plans_average_8_to_25_kb(tmp_path):
    paths = generate(20, tmp_path, seed=1)
    average = sum(path.stat().st_size for path in paths) / len(paths) / 1024
    assert 8 <= average <= 25


def test_truth_jsonl_describes_each_file_in_its_encoding(tmp_path):
    paths = generate(12, tmp_path, seed=3)
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["file"] for line in lines] == [path.name for path in paths]
    for path, line in zip(paths, lines):
        truth = json.loads(line)
        text, expected_truth = generate_plan(plan_seed(3, int(path.stem.split("-")[1])))
        assert truth == {"file": path.name, **expected_truth}
        assert path.read_bytes() == encode_plan(text, expected_truth)
        assert "\\u" not in line  # Chinese stays Chinese


def test_encodings_and_line_ends_vary_by_seed():
    truths = [generate_plan(seed)[1] for seed in range(200)]
    assert {t["encoding"] for t in truths} == {"utf-8", "utf-8-sig", "gb18030"}
    assert {t["newline"] for t in truths} == {"LF", "CRLF"}
    assert sum(t["encoding"] == "utf-8" for t in truths) > 150


def test_plans_vary_in_genre_level_structure_and_responsibility_format():
    truths = [truth_of(seed) for seed in SEEDS]
    assert {t["genre"] for t in truths} == {"实施方案", "行动方案", "三年行动计划", "若干措施", "工作要点"}
    assert {t["issuer"]["level"] for t in truths} == {"省", "市", "县", "区"}
    assert {t["structure"] for t in truths} == {"groups", "flat", "themes", "measures-as-groups"}
    assert {t["numbering"] for t in truths} == {"1.", "1、", "１．", "（1）", "（一）"}
    assert {t["first_is_lead_rule"] for t in truths} == {None, "first-measure", "task-line", "preamble"}
    measures = [m for t in truths for m in t["measures"]]
    assert {m["format"] for m in measures} == {"list", "labelled", "labelled-line", "duty", "inline", "vague", "none"}
    assert {m["status"] for m in measures} == {"assigned", "no-lead", "vague", "unassigned"}
    comparators = {target["comparator"] for t in truths for _, target in all_targets(t)}
    assert comparators == {"=", ">", ">=", "<", "<=", "~", "range"}


def test_most_units_resolve_and_a_few_do_not():
    registry = Registry.load()
    resolved = unresolved = 0
    for seed in SEEDS:
        truth = truth_of(seed)
        names = [name for m in truth["measures"] for name in m["leads"] + m["participants"]]
        issuer = issuer_of(truth["title"], names)
        for name in names:
            if registry.resolve(name, issuer).resolved:
                resolved += 1
            else:
                unresolved += 1
    assert unresolved > 0
    assert resolved / (resolved + unresolved) > 0.95


def test_size_kb_pads_with_more_measures():
    text, truth = generate_plan(5, size_kb=60)
    assert 55 <= len(encode_plan(text, truth)) / 1024 <= 65
    assert truth["measure_count"] > 2 * truth_of(5)["measure_count"]


def test_command_line_writes_plans_and_truth(tmp_path):
    assert main(["3", str(tmp_path / "out"), "--seed", "2", "--size-kb", "10"]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["plan-00001.txt", "plan-00002.txt", "plan-00003.txt", "truth.jsonl"]
    assert len((tmp_path / "out" / "truth.jsonl").read_text(encoding="utf-8").splitlines()) == 3


# --- known parser bugs: the smallest texts ---------------------------------------------------


def _process(write_plan, text: str):
    return pipeline.process(write_plan(text))


def _names(responsibility):
    return [u.name for u in responsibility.leads], [u.name for u in responsibility.participants]


def test_fixed_four_digit_range_is_a_target(write_plan):
    built = _process(
        write_plan,
        """
        某市托育服务实施方案
        一、重点任务
        1.扩大托位供给。新增托位1000—1500个。（市卫健委）
        """,
    )
    assert [(t.comparator.value, t.value, t.value_max, t.unit) for t in built.facts.targets] == [
        ("range", Decimal(1000), Decimal(1500), "个")
    ]


def test_fixed_period_with_full_width_dash_glued_to_title(write_plan):
    built = _process(
        write_plan,
        """
        某市养老服务三年行动计划（2023－2025年）
        一、重点任务
        1.完善设施布局。统筹配建养老服务设施。（市民政局）
        """,
    )
    assert built.document.period == (2023, 2025)
    assert built.document.title == "某市养老服务三年行动计划"


def test_fixed_responsibility_line_ending_in_a_units_own_brackets(write_plan):
    built = _process(
        write_plan,
        """
        某县养老服务实施方案
        一、重点任务
        1.完善设施布局。统筹配建养老服务设施。
        责任单位：县民政局、各乡镇（街道）
        """,
    )
    assert _names(built.responsibilities[0]) == ([], ["县民政局", "各乡镇（街道）"])


def test_fixed_inline_roles_in_a_trailing_sentence(write_plan):
    built = _process(
        write_plan,
        """
        某市就业创业实施方案
        一、重点任务
        1.开发公益性岗位。统筹开发公益性岗位。由市人社局牵头，市财政局、市民政局配合。
        """,
    )
    assert _names(built.responsibilities[0]) == (["市人社局"], ["市财政局", "市民政局"])


def test_fixed_labelled_lines_each_ending_in_a_full_stop(write_plan):
    built = _process(
        write_plan,
        """
        某市营商环境优化实施方案
        一、重点任务
        1.优化企业开办服务。压减审批环节。
        牵头单位：市市场监管局。
        配合单位：市政务服务中心、市税务局。
        """,
    )
    assert _names(built.responsibilities[0]) == (["市市场监管局"], ["市政务服务中心", "市税务局"])


def test_fixed_title_word_ending_in_district(write_plan):
    built = _process(
        write_plan,
        """
        宜昌市居家社区养老服务提质实施方案
        一、重点任务
        1.完善设施布局。统筹配建养老服务设施。（市民政局）
        """,
    )
    assert (built.issuer.name, built.issuer.level) == ("宜昌市", "市")


def test_fixed_place_name_with_a_numeral_in_a_unit_list(write_plan):
    built = _process(
        write_plan,
        """
        三台县托育服务实施方案
        一、重点任务
        1.建设托育机构。统筹布局托育服务设施。（县卫健委、三台经开区）
        """,
    )
    assert built.facts.targets == []


def test_fixed_code_5g_is_no_footnote_marker(write_plan):
    # Not produced by the generator (its codes cannot collide with note numbers).
    built = _process(
        write_plan,
        """
        某市营商环境优化实施方案
        一、重点任务
        1.建立企业服务日制度。深入实施“企业服务日”制度1，及时回应企业诉求。（市发改委）
        2.优化线上服务。完善企业服务体系，依托5G网络拓展线上服务。（市工信局）
        本方案自印发之日起施行。
        注：
        1.“企业服务日”制度：每月固定日期接待企业的制度。
        2.告知承诺制：申请人书面承诺符合条件即可办理的审批方式。
        3.“一网通办”：一个平台在线申请即可办理的服务方式。
        4.“免申即享”：无需申请即可享受政策的兑现方式。
        5.企业服务体系：为企业提供政策、融资等服务的体系。
        """,
    )
    assert [m.note for m in built.facts.glossary.markers] == [1]
