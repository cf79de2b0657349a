"""Measures are never silently lost (issue 17, item 7): numbers of any length in every
numbering style, a warning naming the numbers where a plan's numbering breaks its run,
and one where a measure holds lines numbered like measures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate_plan
from kg import pipeline
from kg.cli import main
from kg.numerals import chinese_to_int, is_numeral
from kg.read import decode, read
from kg.store import Store
from kg.structure import Level, parse
from kg.vocab import PK

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
NUMBERING = CASES / "numbering"
# The warnings this issue adds: a numbering that breaks its run, a measure that swallows others.
NUMBERING_WARNINGS = ("measure numbers", "lines numbered like measures")

_DIGITS = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """``number`` (1 … 9999) as a plan writes it: 十一, 一百零一, 一千零一十."""
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            parts += ["零"] if zero and parts else []
            parts.append(_DIGITS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    written = "".join(parts)
    return written[1:] if written.startswith("一十") else written


def parse_text(text: str, name: str = "test.txt"):
    return parse(decode(text.encode("utf-8"), name))


def task_list(markers: list[str], unit_line: bool = True) -> str:
    """A 任务清单 whose measures carry ``markers``, each with a 责任单位 line."""
    lines = ["某县重点工作任务清单", "为推进重点工作，制定本清单。", "一、重点任务"]
    for position, marker in enumerate(markers, start=1):
        lines.append(f"{marker}推进第{position}项重点工作。加强统筹，按期完成。")
        if unit_line:
            lines.append("责任单位：县发展改革局、县财政局")
    return "\n".join(lines) + "\n"


def numbering_warnings(document) -> list[str]:
    return [w for w in document.warnings if any(kind in w for kind in NUMBERING_WARNINGS)]


# --- Chinese numerals -----------------------------------------------------------------------


def test_chinese_numerals_are_read_past_ninety_nine():
    assert [chinese_to_int(n) for n in ("一百", "一百零一", "两百", "一千", "一千零一十", "三万零五十")] == [
        100,
        101,
        200,
        1000,
        1010,
        30050,
    ]
    assert all(is_numeral(chinese(n)) and chinese_to_int(chinese(n)) == n for n in range(1, 10000))


@pytest.mark.parametrize("written", ["二〇二五", "十四五", "一二三", "十十", "零五", "万", ""])
def test_runs_of_digits_or_units_are_no_numeral(written):
    assert not is_numeral(written)


def test_a_year_or_slogan_at_a_lines_start_is_no_section():
    document = parse_text(
        "某县方案\n一、重点任务\n1.建设学校。安排如下：\n二〇二五、全面完成。\n十四五、规划收官。\n"
        "2.培养教师。（县教育局）\n二、保障措施\n加强领导。\n"
    )
    assert [(s.number, s.title) for s in document.sections] == [(1, "重点任务"), (2, "保障措施")]
    assert document.measures[0].body == "安排如下：\n二〇二五、全面完成。\n十四五、规划收官。"


# --- numbers of any length ------------------------------------------------------------------


@pytest.mark.parametrize("style", ["{}.", "{}、", "{}．", "（{}）", "({})"])
def test_ten_thousand_measures_in_every_arabic_style_are_all_read(style):
    document = parse_text(task_list([style.format(n) for n in range(1, 10001)]))
    assert [m.number for m in document.measures] == list(range(1, 10001))
    assert document.measures[-1].body == "加强统筹，按期完成。\n责任单位：县发展改革局、县财政局"
    assert document.warnings == []


def test_1200_measures_with_trailing_units_are_all_assigned(write_plan):
    lines = ["某市2025年为民办实事任务清单", "一、民生实事"]
    lines += [f"{n}、实施第{n}项民生工程。年底前完成。（市住建局牵头，市财政局配合）" for n in range(1, 1201)]
    built = pipeline.process(write_plan("\n".join(lines) + "\n"))
    assert [m.number for m in built.document.measures] == list(range(1, 1201))
    assert {(r.status.value, tuple(u.name for u in r.leads)) for r in built.facts.responsibilities} == {
        ("assigned", ("市住建局",))
    }
    assert len(built.facts.responsibilities) == 1200 and built.document.warnings == []


def test_chinese_numeral_groups_past_ninety_nine_are_measures():
    document = parse_text(task_list([f"（{chinese(n)}）" for n in range(1, 1201)], unit_line=False))
    assert document.measure_level is Level.GROUP
    assert [m.number for m in document.measures] == list(range(1, 1201))
    assert [m.label for m in document.measures[99:101]] == ["（一百）", "（一百零一）"]
    assert document.warnings == []


def test_chinese_numeral_sections_past_ninety_nine_are_measures():
    document = parse_text(
        "某县项目清单\n" + "".join(f"{chinese(n)}、建设第{n}个项目。（县住建局）\n" for n in range(1, 131))
    )
    assert document.measure_level is Level.SECTION
    assert [m.number for m in document.measures] == list(range(1, 131))
    assert document.measures[100].label == "一百零一"
    assert document.measures[99].body == "（县住建局）"  # 一百 no longer holds 一百零一 … 一百三十
    assert document.warnings == []


def test_long_numbers_are_measures_only_where_the_run_expects_them():
    # 2025、 and （2025） (a year), 10000、 (an amount) at a line's start inside a measure are its text.
    document = parse_text(
        "某县方案\n一、重点任务\n1.建设学校。分两年完成：\n2025、2026年各建成2所。\n（2025）年度建成1所。\n"
        "10000、20000元两档补助。（县教育局）\n2.培养教师。（县教育局）\n"
    )
    assert [m.number for m in document.measures] == [1, 2]
    assert document.measures[0].body.endswith("10000、20000元两档补助。（县教育局）")
    assert document.warnings == []
    # … and a run that jumps to four digits is still read where the number after it follows.
    jumped = parse_text(task_list(["1.", "2.", "1000.", "1001."]))
    assert [m.number for m in jumped.measures] == [1, 2, 1000, 1001]
    assert jumped.warnings == ["test.txt: measure numbers skip 3–999"]


def test_notes_are_read_past_999_and_a_year_is_no_note():
    notes = "".join(f"{n}.术语{n}：释义。\n" for n in range(1, 1101))
    document = parse_text(f"某县方案\n一、任务\n1.甲。（县教育局）\n名词解释\n{notes}2025、全面推开。\n")
    assert [n.number for n in document.notes] == list(range(1, 1101))
    assert document.notes[-1].definition == "释义。"


def test_ten_thousand_measures_built_into_the_store(tmp_path, monkeypatch):
    """The issue's acceptance: all 10,000 stored, exit 0, no warning. (Also times the parse
    and the build; nothing asserts the time.)"""
    plan = tmp_path / "ten-thousand.txt"
    plan.write_text(task_list([f"（{n}）" for n in range(1, 10001)]), encoding="utf-8")
    started = time.perf_counter()
    assert len(parse(read(plan)).measures) == 10000
    parsed = time.perf_counter() - started
    store = tmp_path / "store"
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["build", str(plan)], catch_exceptions=False)
    print(f"10,000 measures: parse {parsed:.2f} s, build {time.perf_counter() - started:.2f} s")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "measures: 10000; departments: 2; assignments: 20000" in result.stdout
    with Store(store, read_only=True) as opened:
        _, rows = opened.select(f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a <{PK.Measure.value}> }}")
    assert int(rows[0]["n"].value) == 10000


# --- numbering that breaks its run ----------------------------------------------------------


def test_a_jump_warns_once_naming_the_skipped_numbers():
    document = parse_text(task_list(["1.", "2.", "5.", "6."]))
    assert [m.number for m in document.measures] == [1, 2, 5, 6]
    assert document.warnings == ["test.txt: measure numbers skip 3, 4"]


def test_a_repeat_warns_once_naming_the_number_and_its_line():
    document = parse_text(task_list(["1.", "2.", "2.", "3."]))
    assert [m.number for m in document.measures] == [1, 2, 3, 4]  # by position
    assert document.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (1., 2., 2., 3.…); "
        "measures are numbered by position: 2 repeated at line 8"
    ]


def test_numbering_that_goes_back_warns_once_naming_the_numbers_and_line():
    document = parse_text(task_list(["1.", "2.", "3.", "2.", "4."]))
    assert document.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (1., 2., 3., 2., 4.…); "
        "measures are numbered by position: 2 after 3 at line 10; 3 skipped before 4 at line 12"
    ]


def test_numbering_restarting_in_each_group_names_no_break_but_a_jump_inside_one():
    plan = "某区工作要点\n一、重点任务\n（一）教育\n1.办好学校。（区教育局）\n2.培养教师。（区教育局）\n（二）卫生\n"
    restarting = parse_text(plan + "1.建设医院。（区卫健局）\n2.培养医生。（区卫健局）\n")
    assert restarting.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (1., 2., 1., 2.…); "
        "measures are numbered by position"
    ]
    jumping = parse_text(plan + "1.建设医院。（区卫健局）\n4.培养医生。（区卫健局）\n")
    assert jumping.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (1., 2., 1., 4.…); "
        "measures are numbered by position: 2, 3 skipped before 4 at line 8"
    ]


def test_a_plan_of_repeated_numbers_names_five_breaks_and_counts_the_rest():
    document = parse_text(task_list(["1."] * 10000))
    assert len(document.measures) == 10000
    assert document.warnings == [
        "test.txt: measure numbers do not run in one increasing sequence (" + ", ".join(["1."] * 12) + "…); "
        "measures are numbered by position: 1 repeated at line 6; 1 repeated at line 8; 1 repeated at line 10; "
        "1 repeated at line 12; 1 repeated at line 14; 9994 more breaks"
    ]


def test_the_jump_and_repeat_cases_warn_exactly_once_in_the_build_summary(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    for name, warning in [
        ("county-numbers-jump.txt", "measure numbers skip 3, 4"),
        (
            "city-number-repeated.txt",
            "measure numbers do not run in one increasing sequence (1、, 2、, 2、, 3、…); "
            "measures are numbered by position: 2 repeated at line 10",
        ),
    ]:
        path = NUMBERING / name
        result = CliRunner().invoke(main, ["build", str(path)], catch_exceptions=False)
        assert result.exit_code == 0
        assert result.stderr == f"warning: {path}: {warning}\n"


# --- a measure that swallows others ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "marker", "label"), [("1.", "{}.", "1"), ("（1）", "（{}）", "（1）"), ("一、", "{}、", "一")]
)
def test_a_measure_holding_lines_numbered_like_measures_warns(first, marker, label):
    # The numbers stand on lines of their own (a layout that lost the text after them),
    # so they are read as no marker: the first measure holds every other.
    numbers = [chinese(n) if first == "一、" else str(n) for n in range(2, 8)]
    lines = [
        "某县任务清单",
        "一、重点任务" if first != "一、" else "为推进工作，制定本清单。",
        f"{first}推进第1项工作。",
    ]
    lines += [line for number in numbers for line in (marker.format(number), "推进下一项工作。内容。")]
    document = parse_text("\n".join(lines) + "\n")
    assert len(document.measures) == 1
    shown = [marker.format(number) for number in numbers[:3]]
    assert numbering_warnings(document) == [
        f"test.txt:3: measure {label} holds 6 lines numbered like measures ({shown[0]} at line 4, {shown[1]} at line 6, "
        f"{shown[2]} at line 8, …); they are read as its text, not as measures: check their numbering"
    ]


def test_two_decimals_at_line_starts_inside_a_measure_are_no_swallowed_measures():
    document = parse_text(
        "某市方案\n一、任务\n1.甲。目标：\n3.5万人次参加培训。\n5.8亿元用于补助。\n2.乙。（市教育局）\n"
    )
    assert [m.number for m in document.measures] == [1, 2]
    assert document.warnings == []


# --- silence where the numbering is the genre's ---------------------------------------------


def _case_sources() -> list[Path]:
    """Every document tests/test_cases.py checks, but those of the numbering cases."""
    sources = []
    for expected in CASES.glob("*/*.expected.json"):
        stem = expected.name.removesuffix(".expected.json")
        sources += [path for path in expected.parent.glob(stem + ".*") if path != expected]
    return sorted(path for path in sources if path.parent != NUMBERING)


def test_no_numbering_warning_for_the_bundled_plan_and_every_case():
    bundled = ROOT / "kg" / "corpus" / "yiyang-vocational-education-2021-2025.txt"
    warned = {str(p): numbering_warnings(parse(read(p))) for p in [bundled, *_case_sources()]}
    assert {path: found for path, found in warned.items() if found} == {}
    assert len(warned) > 60


def test_no_numbering_warning_for_the_60_generated_plans():
    warned = {}
    for seed in range(60):
        text, truth = generate_plan(seed)
        document = parse(decode(text.encode("utf-8"), f"seed{seed}.txt"))
        assert len(document.measures) == len(truth["measures"])
        warned[seed] = numbering_warnings(document)
    assert {seed: found for seed, found in warned.items() if found} == {}


def test_numbering_cases_warn_as_their_files_say():
    warnings = {path.name: numbering_warnings(parse(read(path))) for path in sorted(NUMBERING.glob("*.txt"))}
    assert warnings == {
        # An article numbering items of its own (（一）…) is their group: measures go by position.
        "city-article-items-share-closing-list.txt": [
            f"{NUMBERING / 'city-article-items-share-closing-list.txt'}: measure numbers do not run in one "
            "increasing sequence (第二条, （一）, （二）, （三）, 第四条…); measures are numbered by position"
        ],
        "city-articles.txt": [],
        "city-closing-bracket-points.txt": [],
        "city-number-repeated.txt": [
            f"{NUMBERING / 'city-number-repeated.txt'}: measure numbers do not run in one increasing sequence "
            "(1、, 2、, 2、, 3、…); measures are numbered by position: 2 repeated at line 10"
        ],
        "county-chinese-numeral-sections-past-99.txt": [],
        "county-closing-bracket-items.txt": [],
        "county-group-number-slip.txt": [],
        "county-numbers-jump.txt": [f"{NUMBERING / 'county-numbers-jump.txt'}: measure numbers skip 3, 4"],
        # Articles that are groups number their items (（一）, 1.) afresh: measures go by position.
        "province-articles-with-items.txt": [
            f"{NUMBERING / 'province-articles-with-items.txt'}: measure numbers do not run in one increasing "
            "sequence (（一）, （二）, 1., 2., 第三条…); measures are numbered by position"
        ],
        "province-chapters-articles.txt": [],
        "province-chinese-numerals-past-99.txt": [],
    }


def test_a_number_with_a_closing_bracket_alone_opens_a_paragraph_and_an_item_of_a_cell():
    """``1)`` / ``1）`` as word processors' lists write them: a paragraph of its own when a PDF
    or a page is read into lines, an item of its own in a task table's cell; a year closing a
    wrapped period (``2025）``) or a decimal stays text."""
    from kg.formats import tables
    from kg.formats.lines import MARKER

    assert MARKER.match("1）建立产教融合型企业培育库") and MARKER.match("12)落实税费优惠政策")
    assert not MARKER.match("2025）年底前完成") and not MARKER.match("1.5亿元")
    assert tables._task("开展培训\n1）岗位培训\n2)转岗培训") == "开展培训；1）岗位培训；2)转岗培训"
    assert tables._task("开展培训\n2025）年底前完成") == "开展培训2025）年底前完成"


def test_article_numbering_needs_the_space_or_mark_rules_print_after_it(tmp_path):
    """第一条 opens a measure only as rules print it (a space or a mark after 条): a line of a
    measure that starts with 第二条生产线 is the measure's text."""
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "某县工业提质实施方案\n一、重点任务\n1.扩大产能。新建生产线两条：\n第二条生产线于2024年底前投产。（县工信局）\n"
        "2.优化服务。落实包保制度。（县发改局）\n",
        encoding="utf-8",
    )
    document = parse(read(plan))
    assert [m.number for m in document.measures] == [1, 2]
    assert "第二条生产线" in document.quote(document.measures[0].span)
