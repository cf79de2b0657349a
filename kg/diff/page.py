"""A diff as one self-contained HTML page: the two plans' titles and versions, the count
of each kind of change, the changes one per line, and the plans side by side, one row
per aligned measure.

The page is static HTML first, so that it reads with JavaScript off (the change list
links to the rows by fragment, and ``:target`` shows a row's character diff); the small
inline script only marks the chosen row ``selected``, keeps the address in step and
centres the row. Character diffs are computed here, not in the browser, and only for
the matched measures whose words differ, so that the page carries each text at most
twice (as it reads, and marked up). Every text is escaped: plans' words are data, never
markup."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kg.diff import chars
from kg.diff.model import KINDS, Change, Diff, MeasureView, PlanView, TargetView, side_by_side
from kg.diff.render import target_phrase
from kg.text import one_line, xml_text

KIND_NAMES = {
    "added": "新增 added",
    "removed": "删除 removed",
    "renumbered": "重新编号 renumbered",
    "moved": "移动 moved",
    "reworded": "改写 reworded",
    "lead_changed": "牵头单位变更 lead changed",
    "participants_changed": "配合单位变更 participants changed",
    "target_added": "新增目标 target added",
    "target_removed": "删除目标 target removed",
    "target_changed": "目标变更 target changed",
    "programme_added": "新增项目 programme added",
    "programme_removed": "删除项目 programme removed",
    "reference_added": "新增引用 reference added",
    "reference_removed": "删除引用 reference removed",
}
NO_CHANGES = "没有变化 / no changes"
SHORT = 40  # characters of a measure's text in the change list
NOTHING = "—"

STYLE = """
:root { --cjk: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
  --added: #2e8b57; --removed: #c0392b; --changed: #d68910; --line: #dde2e7; --muted: #5a6570; }
* { box-sizing: border-box; }
body { font-family: var(--cjk); color: #1d2329; margin: 0 auto; max-width: 1400px; padding: 20px 28px 48px; line-height: 1.55; }
.kicker { color: var(--muted); margin: 0; font-size: 13px; }
h1 { font-size: 22px; margin: 2px 0 14px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.plans { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.plan { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.plan .side { color: var(--muted); font-size: 13px; }
.plan .title { font-size: 17px; font-weight: bold; margin: 2px 0; }
.plan .version { display: inline-block; background: #eef1f4; border-radius: 3px; padding: 0 6px; font-size: 13px; }
.plan code { color: var(--muted); font-size: 12px; }
#counts { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.count { border: 1px solid var(--line); border-left: 5px solid var(--changed); border-radius: 6px; padding: 6px 12px; }
.count.added { border-left-color: var(--added); }
.count.removed { border-left-color: var(--removed); }
.count .number { font-size: 24px; font-weight: bold; display: block; }
.count .name { color: var(--muted); font-size: 13px; }
#no-changes { font-size: 17px; color: var(--muted); }
.warnings { color: #8a5a00; font-size: 13px; }
#changes { padding-left: 0; list-style-position: inside; font-size: 14px; }
#changes li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#changes a { color: inherit; text-decoration: none; }
#changes a:hover .what, #changes a:focus .what { text-decoration: underline; }
#changes a:focus { outline: 2px solid #0072b2; outline-offset: 1px; }
#changes a[aria-current] { background: #fff4d6; }
.tag { display: inline-block; min-width: 17.5em; font-size: 12px; padding: 0 6px; border-radius: 3px; color: #fff; background: var(--changed); }
.tag.added { background: var(--added); }
.tag.removed { background: var(--removed); }
.where { display: inline-block; min-width: 5.5em; color: var(--muted); margin: 0 6px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #eef1f4; }
th { background: #f5f7f9; }
col.side { width: 46%; }
col.match { width: 8%; }
td.match { color: var(--muted); font-size: 12px; text-align: center; }
tr.measure > td:first-child { border-left: 5px solid transparent; }
tr.changed > td:first-child { border-left-color: var(--changed); }
tr.changed { background: #fffbf2; }
tr.added > td:first-child { border-left-color: var(--added); }
tr.added { background: #f3fbf6; }
tr.removed > td:first-child { border-left-color: var(--removed); }
tr.removed { background: #fdf4f3; }
tr.selected, html:not(.js) tr:target { outline: 3px solid #0072b2; outline-offset: -3px; }
tr.measure:focus { outline: 3px solid #0072b2; outline-offset: -3px; }
.group { color: var(--muted); font-size: 12px; margin: 0; }
.heading { font-weight: bold; margin: 0; }
.body, .responsibility, .chardiff p { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.responsibility { color: #3b444d; }
.facts { color: var(--muted); font-size: 12px; margin: 2px 0; }
.chardiff { display: none; border-top: 1px dashed var(--line); margin-top: 6px; padding-top: 4px; }
tr.selected .chardiff, html:not(.js) tr:target .chardiff { display: block; }
.chardiff .caption { color: var(--muted); font-size: 12px; }
del { background: #fbd5d0; color: #8c1d12; }
ins { background: #cdeed8; color: #14532d; text-decoration: none; }
"""

SCRIPT = """
(function () {
  "use strict";
  var current = null;
  document.documentElement.classList.add("js");

  function rowOf(id) {
    var row = id ? document.getElementById(id) : null;
    return row && row.classList.contains("measure") ? row : null;
  }

  function mark(id) {
    document.querySelectorAll("#changes a[data-row]").forEach(function (link) {
      if (link.dataset.row === id) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  function select(id, focus) {
    var row = rowOf(id);
    if (current) current.classList.remove("selected");
    current = row;
    mark(row ? id : null);
    if (!row) return false;
    row.classList.add("selected");
    row.scrollIntoView({block: "center"});
    if (focus) row.focus({preventScroll: true});
    return true;
  }

  function fromAddress() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { return select(null, false); }
    return select(id, false);
  }

  var list = document.getElementById("changes");
  if (list) list.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-row]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var id = link.dataset.row;
    if (location.hash !== "#" + id) {
      try { history.pushState(null, "", "#" + id); } catch (error) { /* an address that cannot change */ }
    }
    select(id, true);
  });
  window.addEventListener("popstate", fromAddress);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
  window.policykgDiff = {select: select};
  window.policykgReady = true;
})();
"""


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side table: a matched pair, or a measure on one side only."""

    old: MeasureView | None
    new: MeasureView | None
    similarity: float | None = None

    @property
    def id(self) -> str:
        if self.old is None:
            return f"m-n{self.new.number}"
        return f"m-o{self.old.number}-" + (f"n{self.new.number}" if self.new is not None else "")

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


def page(diff: Diff) -> bytes:
    """The page of ``diff``, as UTF-8 HTML that needs nothing from the network."""
    aligned = rows(diff)
    kinds = row_kinds(diff, aligned)
    title = f"比较 Diff: {diff.old.title} → {diff.new.title}"
    document = "".join(
        [
            '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_text(one_line(title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            _header(diff),
            _change_list(diff, aligned),
            _table(aligned, kinds),
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n",
        ]
    )
    return document.encode("utf-8")


# --- aligning the measures ---------------------------------------------------------------


def rows(diff: Diff) -> list[Row]:
    """The table's rows, in the order of the diff's changes (kg.diff.model.side_by_side):
    the new plan's measures in its order, each beside its old measure when paired, and a
    removed measure where it used to be."""
    old_index = {measure.number: i for i, measure in enumerate(diff.old.measures)}
    new_index = {measure.number: j for j, measure in enumerate(diff.new.measures)}
    partner, similarity = {}, {}
    for old, new, alike in diff.pairs:
        if old in old_index and new in new_index:
            partner[old_index[old]] = new_index[new]
            similarity[new_index[new]] = alike
    return [
        Row(
            diff.old.measures[i] if i is not None else None,
            diff.new.measures[j] if j is not None else None,
            similarity.get(j) if i is not None and j is not None else None,
        )
        for i, j in side_by_side(len(diff.old.measures), len(diff.new.measures), partner)
    ]


def row_ids(aligned: list[Row]) -> tuple[dict[int, str], dict[int, str]]:
    """Each old and each new measure number's row id."""
    by_old = {row.old.number: row.id for row in aligned if row.old is not None}
    by_new = {row.new.number: row.id for row in aligned if row.new is not None}
    return by_old, by_new


def row_of(change: Change, by_old: dict[int, str], by_new: dict[int, str]) -> str | None:
    """The row a change is about: its new measure's, else its old measure's."""
    return by_new.get(change.new_measure) or by_old.get(change.old_measure)


def row_kinds(diff: Diff, aligned: list[Row]) -> dict[str, list[str]]:
    """The kinds of change each row has, in KINDS order."""
    by_old, by_new = row_ids(aligned)
    found: dict[str, set[str]] = {}
    for change in diff.changes:
        row = row_of(change, by_old, by_new)
        if row is not None:
            found.setdefault(row, set()).add(change.kind)
    return {row: [kind for kind in KINDS if kind in kinds] for row, kinds in found.items()}


def char_diff(before: str, after: str) -> tuple[str, str]:
    """Both texts as escaped HTML, the characters only ``before`` has in ``<del>`` and
    those only ``after`` has in ``<ins>`` (kg.diff.chars)."""
    old, new = [], []
    for operation, a, b in chars.pieces(before, after):
        if operation == "equal":
            old.append(html.escape(a))
            new.append(html.escape(b))
            continue
        if a:
            old.append(f"<del>{html.escape(a)}</del>")
        if b:
            new.append(f"<ins>{html.escape(b)}</ins>")
    return "".join(old), "".join(new)


def compared_text(measure: MeasureView) -> str:
    """What the character diff compares: the measure as it reads, with the words that
    assign it."""
    return xml_text(measure.text + measure.responsibility)


# --- the header and the change list ------------------------------------------------------


def _header(diff: Diff) -> str:
    counts = diff.counts()
    parts = [
        '<header>\n<p class="kicker">policykg · 方案比较 Plan comparison</p>\n',
        "<h1>逐条比较 Measure by measure</h1>\n",
        f'<div class="plans">{_plan("old", "旧 Old", diff.old)}{_plan("new", "新 New", diff.new)}</div>\n',
        "<h2>变化统计 Counts</h2>\n",
    ]
    if counts:
        items = "".join(
            f'<li class="count {_tone(kind)}" data-kind="{_text(kind)}"><span class="number">{count}</span>'
            f'<span class="name">{KIND_NAMES.get(kind, _text(kind))}</span></li>'
            for kind, count in counts.items()
        )
        parts.append(f'<ul id="counts">{items}</ul>\n')
    else:
        parts.append(f'<p id="no-changes">{NO_CHANGES}</p>\n')
    if diff.warnings:
        items = "".join(f"<li>{_text(one_line(warning))}</li>" for warning in diff.warnings)
        parts.append(f'<ul class="warnings">{items}</ul>\n')
    parts.append("</header>\n")
    return "".join(parts)


def _plan(side: str, name: str, plan: PlanView) -> str:
    version = f'<span class="version">{_text(plan.version)}</span> ' if plan.version else ""
    return (
        f'<div class="plan {side}"><span class="side">{name}</span>'
        f'<p class="title">{_text(plan.title)}</p><p>{version}<code>{_text(plan.id)}</code></p></div>'
    )


def _tone(kind: str) -> str:
    """The colour family of a kind: something added, something removed, or a change."""
    if kind == "added" or kind.endswith("_added"):
        return "added"
    if kind == "removed" or kind.endswith("_removed"):
        return "removed"
    return "changed"


def _change_list(diff: Diff, aligned: list[Row]) -> str:
    if not diff.changes:
        return ""
    by_old, by_new = row_ids(aligned)
    items = "".join(_change_item(change, row_of(change, by_old, by_new)) for change in diff.changes)
    return f'<h2>变化 Changes ({len(diff.changes)})</h2>\n<ol id="changes">\n{items}</ol>\n'


def _change_item(change: Change, row: str | None) -> str:
    where = f"{_number(change.old_measure)} → {_number(change.new_measure)}"
    line = (
        f'<span class="tag {_tone(change.kind)}">{KIND_NAMES.get(change.kind, _text(change.kind))}</span>'
        f'<span class="where">{where}</span><span class="what">{_text(one_line(summary(change)))}</span>'
    )
    if row is not None:
        line = f'<a href="#{row}" data-row="{row}">{line}</a>'
    return f'<li class="change {_tone(change.kind)}" data-kind="{_text(change.kind)}">{line}</li>\n'


def _number(number: int | None) -> str:
    return NOTHING if number is None else str(number)


def summary(change: Change) -> str:
    """A change's before → after in a few words: one side alone when the other is
    missing (an added measure has no before)."""
    sides = [_side(value) for value in (change.before, change.after) if value is not None]
    text = " → ".join(sides)
    metric = next((value.get("metric") for value in (change.after, change.before) if isinstance(value, dict)), None)
    return f"{metric}：{text}" if metric else text


def _side(value: object) -> str:
    if isinstance(value, dict):
        return target_phrase(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value) or NOTHING
    if isinstance(value, str):
        return short(value) or NOTHING
    return str(value)


def short(text: str, length: int = SHORT) -> str:
    return text if len(text) <= length else text[:length] + "…"


# --- the side-by-side table ---------------------------------------------------------------


def _table(aligned: list[Row], kinds: dict[str, list[str]]) -> str:
    body = "".join(_row(row, kinds.get(row.id, [])) for row in aligned)
    return (
        "<h2>对照 Side by side</h2>\n<table>\n"
        '<colgroup><col class="side"><col class="match"><col class="side"></colgroup>\n'
        "<thead><tr><th>旧 Old</th><th>对应 Match</th><th>新 New</th></tr></thead>\n"
        f"<tbody>\n{body}</tbody>\n</table>\n"
    )


def _row(row: Row, kinds: list[str]) -> str:
    """A row: classed ``added``/``removed``/``changed`` when it has a change, and
    ``kind-…`` for each kind it has; a matched pair whose words differ carries its
    character diff."""
    classes = ["measure"]
    if kinds or row.status != "changed":
        classes.append(row.status)
    classes += [f"kind-{kind}" for kind in kinds]
    old_marked = new_marked = None
    if row.old is not None and row.new is not None:
        before, after = compared_text(row.old), compared_text(row.new)
        if before != after:
            old_marked, new_marked = char_diff(before, after)
    match = f"{_number(row.old and row.old.number)} → {_number(row.new and row.new.number)}"
    if row.similarity is not None:
        match += f'<br><span class="similarity" title="相似度 similarity">{row.similarity:.0%}</span>'
    return (
        f'<tr id="{row.id}" class="{" ".join(classes)}" tabindex="-1">'
        f'<td class="old">{_cell(row.old, old_marked, "删去的字 deleted characters")}</td>'
        f'<td class="match">{match}</td>'
        f'<td class="new">{_cell(row.new, new_marked, "新增的字 inserted characters")}</td></tr>\n'
    )


def _cell(measure: MeasureView | None, marked: str | None, caption: str) -> str:
    if measure is None:
        return ""
    parts = []
    if measure.group:
        parts.append(f'<p class="group">{_text(measure.group)}</p>')
    label = _text(measure.label or str(measure.number))
    parts.append(
        f'<p class="heading"><span class="label">{label}</span> <span class="title">{_text(measure.title)}</span></p>'
    )
    if measure.body:
        parts.append(f'<p class="body">{_text(measure.body)}</p>')
    if measure.responsibility:
        parts.append(f'<p class="responsibility">{_text(measure.responsibility)}</p>')
    parts += _facts(measure)
    if marked is not None:
        parts.append(f'<div class="chardiff"><span class="caption">{caption}</span><p>{marked}</p></div>')
    return "".join(parts)


def _facts(measure: MeasureView) -> list[str]:
    """The facts read from a measure, one short line each: who leads and who takes part,
    its targets, programmes and cited documents."""
    lines = [
        ("牵头 Leads", "、".join(measure.leads)),
        ("配合 Participants", "、".join(measure.participants)),
        ("目标 Targets", "；".join(_target(target) for target in measure.targets)),
        ("项目 Programmes", "、".join(measure.programmes)),
        ("引用 References", "、".join(measure.references)),
    ]
    return [f'<p class="facts">{name}：{_text(value)}</p>' for name, value in lines if value]


def _target(target: TargetView) -> str:
    return f"{target.metric} {target_phrase(target.record())}".strip()


def _text(value: object) -> str:
    """Text from a plan as HTML text: markup escaped, characters HTML forbids replaced."""
    return html.escape(xml_text(value))
