"""The side-by-side page of a diff (kg.diff.page), from a Diff built by hand: two plans of
six measures, where the draft's measure 6 becomes the final's 3 in another group, 2 is
reworded, 4 changes its lead and participants, 5 its target, 3 is dropped and 6 is new.

The page is read as text (its counts, rows, classes and character diffs, its escaping)
and opened in headless Chromium (the helpers of tests/test_export_html.py): nothing in
the console, a click on a change selects its row and shows the character diff, and an
address fragment selects a row on load.
"""

import json
import re
from decimal import Decimal

import pytest

from kg.diff.model import Change, Diff, MeasureView, PlanView, TargetView
from kg.diff.page import NO_CHANGES, char_diff, page, rows, target_phrase
from tests.test_export_html import chromium

FIRST, SECOND = "一、完善体系", "二、强化保障"
HOSTILE = "</script><script>alert(1)</script>"


def measure(number, group, title, body, responsibility="", leads=(), participants=(), targets=()) -> MeasureView:
    return MeasureView(
        iri=f"urn:m:{number}",
        number=number,
        label=f"{number}.",
        group=group,
        title=title,
        body=body,
        responsibility=responsibility,
        leads=tuple(leads),
        participants=tuple(participants),
        targets=tuple(targets),
        programmes=(),
        references=(),
    )


def target(value, deadline) -> TargetView:
    return TargetView("就业率", ">=", Decimal(value), None, "%", deadline, f"就业率不低于{value}%")


OLD = PlanView(
    iri="urn:plan:old",
    id="aaaa00000001",
    title="职业教育提质行动实施方案",
    version="征求意见稿",
    measures=(
        measure(1, FIRST, "推进产教融合", "深化校企合作。", "（甲单位）", ["甲单位"]),
        measure(2, FIRST, "建设实训基地", "到2025年建成10个实训基地。", "（甲单位）", ["甲单位"]),
        measure(3, FIRST, "开展技能竞赛", "每年举办一次技能竞赛。", "（乙单位）", ["乙单位"]),
        measure(4, SECOND, "加强师资队伍", "完善教师培训制度。", "（甲单位牵头，丙单位配合）", ["甲单位"], ["丙单位"]),
        measure(
            5,
            SECOND,
            "扩大就业",
            "到2023年毕业生就业率不低于50%。",
            "（丙单位）",
            ["丙单位"],
            targets=[target(50, "2023")],
        ),
        measure(6, SECOND, "健全督导评估", "建立年度督导制度。", "（乙单位）", ["乙单位"]),
    ),
)
NEW = PlanView(
    iri="urn:plan:new",
    id="bbbb00000002",
    title="职业教育提质行动实施方案",
    version="",
    measures=(
        measure(1, FIRST, "推进产教融合", "深化校企合作。", "（甲单位）", ["甲单位"]),
        measure(2, FIRST, "建设实训基地", "到2025年建成12个高水平实训基地。", "（甲单位）", ["甲单位"]),
        measure(3, FIRST, "健全督导评估", "建立年度督导制度。", "（乙单位）", ["乙单位"]),
        measure(
            4,
            SECOND,
            "加强师资队伍",
            "完善教师培训制度。",
            "（乙单位牵头，丙单位、丁单位配合）",
            ["乙单位"],
            ["丙单位", "丁单位"],
        ),
        measure(
            5,
            SECOND,
            "扩大就业",
            "到2025年毕业生就业率不低于60%。",
            "（丙单位）",
            ["丙单位"],
            targets=[target(60, "2025")],
        ),
        measure(6, SECOND, "发展继续教育", "建设社区学院。", "（丁单位）", ["丁单位"]),
    ),
)
CHANGES = (
    Change("removed", 3, None, OLD.measures[2].text, None),
    Change("added", None, 6, None, NEW.measures[5].text),
    Change("renumbered", 6, 3, 6, 3),
    Change("moved", 6, 3, SECOND, FIRST),
    Change("reworded", 2, 2, OLD.measures[1].text, NEW.measures[1].text),
    Change("lead_changed", 4, 4, ["甲单位"], ["乙单位"]),
    Change("participants_changed", 4, 4, ["丙单位"], ["丙单位", "丁单位"]),
    Change("target_changed", 5, 5, target(50, "2023").record(), target(60, "2025").record()),
)
DIFF = Diff(OLD, NEW, pairs=((1, 1, 1.0), (2, 2, 0.82), (6, 3, 1.0), (4, 4, 0.9), (5, 5, 1.0)), changes=CHANGES)
ROWS = ["m-o1-n1", "m-o2-n2", "m-o3-", "m-o6-n3", "m-o4-n4", "m-o5-n5", "m-n6"]


@pytest.fixture(scope="module")
def text() -> str:
    return page(DIFF).decode("utf-8")


def table_rows(text: str) -> dict[str, str]:
    """Each row of the side-by-side table, its id and its classes, in order."""
    return dict(re.findall(r'<tr id="(m-[^"]*)" class="([^"]*)"', text))


def row_html(text: str, row: str) -> str:
    return re.search(rf'<tr id="{row}".*?</tr>', text, re.DOTALL).group(0)


def test_the_page_is_one_self_contained_utf8_document(text):
    assert text.startswith('<!DOCTYPE html>\n<html lang="zh">') and '<meta charset="utf-8">' in text
    assert not re.search(r'(?:src|href)="(?!#)', text)  # no request leaves the page
    assert text.count("<script") == 1 and text.count("<style") == 1
    assert page(DIFF) == text.encode("utf-8")


def test_the_header_names_both_plans_and_counts_each_kind(text):
    header = text[text.index("<header>") : text.index("</header>")]
    assert header.count("职业教育提质行动实施方案") == 2
    assert '<span class="version">征求意见稿</span> <code>aaaa00000001</code>' in header
    assert "<p><code>bbbb00000002</code></p>" in header  # the final names no version
    counts = re.findall(r'data-kind="(\w+)"><span class="number">(\d+)</span><span class="name">([^<]+)</span>', header)
    assert counts == [
        ("added", "1", "新增 added"),
        ("removed", "1", "删除 removed"),
        ("renumbered", "1", "重新编号 renumbered"),
        ("moved", "1", "移动 moved"),
        ("reworded", "1", "改写 reworded"),
        ("lead_changed", "1", "牵头单位变更 lead changed"),
        ("participants_changed", "1", "配合单位变更 participants changed"),
        ("target_changed", "1", "目标变更 target changed"),
    ]
    assert NO_CHANGES not in text


def test_the_change_list_has_one_line_per_change_in_order_linking_to_its_row(text):
    entries = re.findall(
        r'<li class="change (\w+)" data-kind="(\w+)"><a href="#([^"]+)" data-row="\3">'
        r'<span class="tag \1">[^<]+</span><span class="where">([^<]+)</span><span class="what">([^<]*)</span></a></li>',
        text,
    )
    assert entries == [
        ("removed", "removed", "m-o3-", "3 → —", "开展技能竞赛。每年举办一次技能竞赛。"),
        ("added", "added", "m-n6", "— → 6", "发展继续教育。建设社区学院。"),
        ("changed", "renumbered", "m-o6-n3", "6 → 3", "6 → 3"),
        ("changed", "moved", "m-o6-n3", "6 → 3", f"{SECOND} → {FIRST}"),
        (
            "changed",
            "reworded",
            "m-o2-n2",
            "2 → 2",
            "建设实训基地。到2025年建成10个实训基地。 → 建设实训基地。到2025年建成12个高水平实训基地。",
        ),
        ("changed", "lead_changed", "m-o4-n4", "4 → 4", "甲单位 → 乙单位"),
        ("changed", "participants_changed", "m-o4-n4", "4 → 4", "丙单位 → 丙单位、丁单位"),
        ("changed", "target_changed", "m-o5-n5", "5 → 5", "就业率：≥ 50 % (2023) → ≥ 60 % (2025)"),
    ]
    assert '<h2>变化 Changes (8)</h2>\n<ol id="changes">' in text


def test_long_texts_are_cut_and_targets_read_as_a_reader_writes_them():
    long = Change("reworded", 1, 1, "甲" * 60, "乙" * 10)
    text = page(Diff(OLD, NEW, DIFF.pairs, (long,))).decode("utf-8")
    assert f'<span class="what">{"甲" * 40}… → {"乙" * 10}</span>' in text
    record = {"comparator": "range", "value": 1, "value_max": 2, "unit": "个", "deadline": None}
    assert target_phrase(record) == "1–2 个"
    assert (
        target_phrase({"comparator": "~", "value": 5000, "unit": "人", "deadline": "2025-12-31"})
        == "约 5000 人 (2025-12-31)"
    )
    assert target_phrase({"comparator": "=", "value": 3, "unit": "", "deadline": None}) == "3"


def test_the_table_has_a_row_per_aligned_measure_the_removed_one_where_it_was(text):
    assert list(table_rows(text)) == ROWS == [row.id for row in rows(DIFF)]
    assert text.count('<tr id="m-') == 7


def test_rows_with_changes_carry_a_class_per_kind(text):
    assert table_rows(text) == {
        "m-o1-n1": "measure",
        "m-o2-n2": "measure changed kind-reworded",
        "m-o3-": "measure removed kind-removed",
        "m-o6-n3": "measure changed kind-renumbered kind-moved",
        "m-o4-n4": "measure changed kind-lead_changed kind-participants_changed",
        "m-o5-n5": "measure changed kind-target_changed",
        "m-n6": "measure added kind-added",
    }


def test_each_side_shows_the_measure_and_an_empty_cell_where_there_is_none(text):
    removed, added = row_html(text, "m-o3-"), row_html(text, "m-n6")
    assert '<td class="new"></td>' in removed and "开展技能竞赛" in removed
    assert '<td class="old"></td>' in added and "发展继续教育" in added
    moved = row_html(text, "m-o6-n3")
    old_cell, new_cell = re.search(r'<td class="old">(.*?)</td>.*<td class="new">(.*?)</td>', moved).groups()
    assert f'<p class="group">{SECOND}</p>' in old_cell and f'<p class="group">{FIRST}</p>' in new_cell
    assert '<span class="label">6.</span> <span class="title">健全督导评估</span>' in old_cell
    assert '<span class="label">3.</span>' in new_cell
    assert "<del>" not in moved and "<ins>" not in moved  # same words: no character diff
    lead = row_html(text, "m-o4-n4")
    assert '<p class="facts">牵头 Leads：乙单位</p><p class="facts">配合 Participants：丙单位、丁单位</p>' in lead
    assert '<p class="facts">目标 Targets：就业率 ≥ 60 % (2025)</p>' in row_html(text, "m-o5-n5")
    assert '<td class="match">2 → 2<br><span class="similarity" title="相似度 similarity">82%</span></td>' in text


def test_the_reworded_row_marks_the_characters_deleted_and_inserted(text):
    row = row_html(text, "m-o2-n2")
    assert re.findall(r"<del>(.*?)</del>", row) == ["0"]
    assert re.findall(r"<ins>(.*?)</ins>", row) == ["2", "高水平"]
    old_marked, new_marked = re.findall(
        r'<div class="chardiff"><span class="caption">[^<]+</span><p>(.*?)</p></div>', row
    )
    assert re.sub(r"</?del>", "", old_marked) == "建设实训基地。到2025年建成10个实训基地。（甲单位）"
    assert re.sub(r"</?ins>", "", new_marked) == "建设实训基地。到2025年建成12个高水平实训基地。（甲单位）"
    # the responsibility is compared too
    assert re.findall(r"<ins>(.*?)</ins>", row_html(text, "m-o4-n4")) == ["乙", "、丁单位"]


def test_char_diff_escapes_what_it_marks():
    assert char_diff("a<b>", "a<i>&") == ("a&lt;<del>b</del>&gt;", "a&lt;<ins>i</ins>&gt;<ins>&amp;</ins>")


def test_hostile_texts_are_escaped_everywhere():
    old = PlanView("urn:o", "o", HOSTILE, "<b>稿</b>", (measure(1, "<i>", HOSTILE, "<img src=x onerror=alert(1)>"),))
    new = PlanView("urn:n", "n", "方案", "", (measure(1, "<i>", "措施", "</td></tr><tr>\x00"),))
    changes = (Change("reworded", 1, 1, HOSTILE, "</td>"), Change("lead_changed", 1, 1, ["<u>"], ["&amp;"]))
    text = page(Diff(old, new, ((1, 1, 0.1),), changes)).decode("utf-8")
    assert text.count("<script") == 1 and "alert(1)</script>" not in text
    assert "<img" not in text and "<b>" not in text and "<i>" not in text and "<u>" not in text and "\x00" not in text
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert f"<title>比较 Diff: {HOSTILE.replace('<', '&lt;').replace('>', '&gt;')} → 方案</title>" in text
    assert "&lt;u&gt; → &amp;amp;" in text
    assert len(re.findall(r"<tr[ >]", text)) == 2  # the header row and one measure row


def test_a_diff_without_changes_says_so():
    same = Diff(OLD, OLD, tuple((m.number, m.number, 1.0) for m in OLD.measures), ())
    text = page(same).decode("utf-8")
    assert f'<p id="no-changes">{NO_CHANGES}</p>' in text
    assert 'id="changes"' not in text and 'id="counts"' not in text
    assert set(table_rows(text).values()) == {"measure"} and len(table_rows(text)) == 6


def test_a_removed_first_measure_heads_the_table_and_removed_runs_stay_in_order():
    old = PlanView("urn:o", "o", "旧", "", tuple(measure(n, "", f"措施{n}", "") for n in (1, 2, 3, 4)))
    new = PlanView("urn:n", "n", "新", "", (measure(1, "", "措施3", ""), measure(2, "", "措施5", "")))
    diff = Diff(old, new, ((3, 1, 1.0),), ())
    assert [row.id for row in rows(diff)] == ["m-o1-", "m-o2-", "m-o3-n1", "m-o4-", "m-n2"]


# --- in Chromium -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(page(DIFF), tmp_path_factory.mktemp("diff-page")) as devtools:
        yield devtools


VISIBLE = """(() => {
  const element = document.querySelector(%s);
  const box = element.getBoundingClientRect();
  return element.offsetParent !== null && box.height > 0 && box.width > 0;
})()"""


def test_chromium_shows_the_page_without_complaint(browser):
    assert browser.evaluate("document.querySelectorAll('#changes li a[data-row]').length") == len(CHANGES)
    assert browser.evaluate("document.querySelectorAll('tr.measure').length") == len(ROWS)
    assert browser.evaluate("document.querySelectorAll('tr.selected').length") == 0
    assert not browser.evaluate(VISIBLE % json.dumps("#m-o2-n2 ins"))  # until the row is chosen
    assert browser.complaints() == []


def test_clicking_a_change_selects_its_row_and_shows_the_character_diff(browser):
    browser.evaluate("document.querySelector('#changes a[data-row=\"m-o2-n2\"]').click()")
    browser.wait_for("document.getElementById('m-o2-n2').classList.contains('selected')")
    assert browser.evaluate("[...document.querySelectorAll('tr.selected')].map(row => row.id)") == ["m-o2-n2"]
    assert browser.evaluate(VISIBLE % json.dumps("#m-o2-n2 ins"))
    assert browser.evaluate(VISIBLE % json.dumps("#m-o2-n2 del"))
    assert browser.evaluate("[...document.querySelectorAll('#m-o2-n2 ins')].map(e => e.textContent)") == ["2", "高水平"]
    assert browser.evaluate("location.hash") == "#m-o2-n2"
    assert browser.evaluate("document.activeElement.id") == "m-o2-n2"
    in_view = "(() => { const b = document.getElementById('m-o2-n2').getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; })()"
    assert browser.evaluate(in_view)
    browser.evaluate("document.querySelector('#changes a[data-row=\"m-o4-n4\"]').click()")
    browser.wait_for("document.getElementById('m-o4-n4').classList.contains('selected')")
    assert browser.evaluate("[...document.querySelectorAll('tr.selected')].map(row => row.id)") == ["m-o4-n4"]
    assert (
        browser.evaluate("document.querySelectorAll('#changes a[aria-current]').length") == 2
    )  # lead and participants
    assert not browser.evaluate(VISIBLE % json.dumps("#m-o2-n2 ins"))
    assert browser.complaints() == []


def test_keyboard_enter_on_a_change_selects_its_row(browser):
    browser.evaluate("document.querySelector('#changes a[data-row=\"m-o5-n5\"]').focus()")
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r"
    )
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for("document.getElementById('m-o5-n5').classList.contains('selected')")
    assert browser.evaluate(VISIBLE % json.dumps("#m-o5-n5 ins"))


def test_an_address_fragment_selects_its_row_on_load(tmp_path):
    with chromium(page(DIFF), tmp_path, "#m-o6-n3") as browser:
        browser.wait_for("document.querySelector('tr.selected') !== null")
        assert browser.evaluate("[...document.querySelectorAll('tr.selected')].map(row => row.id)") == ["m-o6-n3"]
        assert browser.evaluate(
            "[...document.querySelectorAll('#changes a[aria-current]')].map(a => a.parentNode.dataset.kind)"
        ) == [
            "renumbered",
            "moved",
        ]
        assert browser.complaints() == []


def test_without_javascript_the_list_and_table_show_and_a_fragment_shows_its_diff(tmp_path):
    with chromium(page(DIFF), tmp_path) as browser:
        url = browser.evaluate("location.href.split('#')[0]")
        browser.call("Emulation.setScriptExecutionDisabled", value=True)
        browser.call("Page.navigate", url="about:blank")
        browser.wait_for("location.href === 'about:blank'")
        browser.call("Page.navigate", url=url + "#m-o2-n2")
        browser.wait_for("document.readyState === 'complete' && location.hash === '#m-o2-n2'")
        assert browser.evaluate("typeof window.policykgReady") == "undefined"  # the script did not run
        assert browser.evaluate(VISIBLE % json.dumps("#changes li:last-child a"))
        assert browser.evaluate(VISIBLE % json.dumps("#m-n6 td.new"))
        assert browser.evaluate(VISIBLE % json.dumps("#m-o2-n2 ins"))  # :target stands in for the script
        assert not browser.evaluate(VISIBLE % json.dumps("#m-o4-n4 ins"))
