"""Plain text wrapped at a fixed width — a PDF's lines saved as text — reads as the plan it
wraps (kg.formats.lines.unwrap, applied by kg.read to every plain text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate_plan
from kg import pipeline
from kg.formats.lines import layout_width, unwrap
from kg.read import decode
from kg.resources import bundled_plan

CASES = Path(__file__).parent / "cases"


def wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` as a layout sets it: each paragraph broken into lines of at most ``width``
    columns, its first line opened by ``indent``."""
    lines = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            lines.append("")
            continue
        line = indent
        for char in paragraph:
            if layout_width(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return "\n".join(lines) + "\n"


def reading(path: Path) -> tuple:
    """What the parser reads from a plan: measures, who does each, targets."""
    built = pipeline.process(path)
    return (
        [m.number for m in built.document.measures],
        [
            (r.measure, r.status.value, [u.name for u in r.leads], [u.name for u in r.participants])
            for r in built.facts.responsibilities
        ],
        [(t.measure, t.metric, t.comparator.value, t.value, t.unit, t.deadline) for t in built.facts.targets],
    )


@pytest.mark.parametrize(("width", "indent"), [(52, ""), (60, "\u3000\u3000"), (44, "    ")])
def test_the_bundled_plan_wrapped_reads_as_the_plan(tmp_path, width, indent):
    text = bundled_plan().read_text(encoding="utf-8")
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(wrap(text, width, indent), encoding="utf-8")
    assert max(layout_width(line) for line in wrapped.read_text(encoding="utf-8").splitlines()) <= width

    assert reading(wrapped) == reading(bundled_plan())
    warnings = pipeline.process(wrapped).document.warnings
    assert any(f"wrapped at {width} columns" in warning for warning in warnings), warnings


def test_the_joined_text_is_the_original_paragraphs():
    text = bundled_plan().read_text(encoding="utf-8")
    joined, width = unwrap(wrap(text, 60, "\u3000\u3000"))
    assert width == 60
    assert [line.strip() for line in joined.splitlines()] == [line.strip() for line in text.splitlines()]


def test_texts_that_are_not_wrapped_are_left_as_they_are():
    plans = [path for path in CASES.glob("*/*.txt") if path.parent.name != "wrapped-text"]
    plans.append(bundled_plan())
    for path in plans:
        text = decode(path.read_bytes()).original
        assert unwrap(text) == (text, 0), path
    for seed in range(60):
        text = generate_plan(seed)[0]
        assert unwrap(text) == (text, 0), seed


def test_brackets_markers_and_latin_words():
    # Ten full lines that go on into the next make the text wrapped at 32 columns.
    body = "\n".join("一二三四五六七八九十一二三四五六" for _ in range(10))
    text = (
        body + "\n七八。\n"
        "1.甲乙丙丁戊己庚辛壬癸子丑。（牵\n"  # a full line inside brackets, then one ending in a colon
        "头单位：县财政局；责任单位：县教\n"
        "育局）\n"
        "2.甲乙丙丁戊己庚辛壬癸子丑寅卯。\n"  # a marker after the end of a sentence starts a paragraph
        "3.推进数字经济GDP core and big\n"
        "data工作。\n"
    )
    joined, width = unwrap(text)
    assert width == 32
    assert joined.splitlines() == [
        "一二三四五六七八九十一二三四五六" * 10 + "七八。",
        "1.甲乙丙丁戊己庚辛壬癸子丑。（牵头单位：县财政局；责任单位：县教育局）",
        "2.甲乙丙丁戊己庚辛壬癸子丑寅卯。",
        "3.推进数字经济GDP core and big data工作。",
    ]


def test_short_lines_that_end_their_sentences_are_no_wrapping():
    # Headings and 责任单位 lines of one width, each followed by the next heading: no line
    # goes on with the one before, so nothing is joined.
    text = "\n".join(
        f"{n}、开展第{n}项重点工作行动。\n责任单位：区城管局、区商务局、区直各有关部门" for n in range(1, 30)
    )
    assert unwrap(text) == (text, 0)


SHORT_BROKEN = """长岭市关于加快发展现代职业教育的实施方案

一、总体要求
到2025年，全市“双师
型”教师占专业课教师比例超过50%。
二、重点任务
（一）优化职业教育布局。完成全市中职学校布局调整。（牵头单位：市教育局；责任单
位：市发展改革委、市财政局，各县市
区人民政府）
（二）深化产教融合。（牵头单位：市发展改革委；责任单位：市教育局、市工业和
信息化局）
（三）加强经费保障。（市财政局牵头，市教育局配合
"""


def test_a_short_text_has_the_lines_that_break_a_bracket_or_a_quotation_joined(tmp_path):
    # Too few full lines to show a wrapping width: only the broken brackets and quotation
    # marks tell. The last bracket never closes: its line stays as it is.
    plan = tmp_path / "plan.txt"
    plan.write_text(SHORT_BROKEN, encoding="utf-8")
    built = pipeline.process(plan)
    assert [
        (r.measure, [u.name for u in r.leads], [u.name for u in r.participants]) for r in built.facts.responsibilities
    ][:2] == [
        (1, ["市教育局"], ["市发展改革委", "市财政局", "各县市区人民政府"]),
        (2, ["市发展改革委"], ["市教育局", "市工业和信息化局"]),
    ]
    assert [(t.metric, t.value) for t in built.facts.targets] == [("“双师型”教师占专业课教师比例", 50)]
    assert "4 line break(s) inside brackets or quotation marks were joined" in built.document.warnings
    assert "（三）加强经费保障。（市财政局牵头，市教育局配合\n" in built.document.text.original
