"""A diff as people and programs read it: a text summary (counts first, then each change
on a line), JSON (docs/versions.md gives the schema) and CSV."""

from __future__ import annotations

import json

from kg.diff.chars import excerpt
from kg.diff.model import Change, Diff

CSV_COLUMNS = ("kind", "old_measure", "new_measure", "before", "after")
_SHORT = 60
COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "约"}


def text(diff: Diff) -> str:
    lines = [_plan_line("old", diff.old.header()), _plan_line("new", diff.new.header())]
    counts = diff.counts()
    if not counts:
        lines.append("no changes: the two versions have the same measures, units, targets, programmes and citations")
        return "\n".join(lines) + "\n"
    total = sum(counts.values())
    lines.append(f"{total} change(s): " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))
    for change in diff.changes:
        lines.append(change_line(change))
    return "\n".join(lines) + "\n"


def _plan_line(side: str, header: dict) -> str:
    version = f" ({header['version']})" if header.get("version") else ""
    return f"{side}: {header['title']}{version}  id {header['id']}"


def change_line(change: Change) -> str:
    """``lead_changed  8 → 7  甲局 → 乙局``."""
    numbers = f"{_number(change.old_measure)} → {_number(change.new_measure)}"
    before, after = cell(change.before, _SHORT), cell(change.after, _SHORT)
    if change.kind == "reworded":
        detail = excerpt(str(change.before), str(change.after))
    elif change.kind == "target_changed" and isinstance(change.before, dict) and isinstance(change.after, dict):
        metric = change.after.get("metric") or change.before.get("metric")
        detail = f"{metric}: {target_phrase(change.before)} → {target_phrase(change.after)}"
    elif change.kind in ("added", "target_added", "programme_added", "reference_added"):
        detail = after
    elif change.kind in ("removed", "target_removed", "programme_removed", "reference_removed"):
        detail = before
    else:
        detail = f"{before} → {after}"
    return f"  {change.kind:<21} {numbers:<9} {detail}"


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


def cell(value: object, limit: int | None = None) -> str:
    """before/after as one cell: lists joined by 、, a target as ``≥ 50 % (2023)``, texts on
    one line (cut to ``limit`` characters)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        written = target_text(value)
    elif isinstance(value, (list, tuple)):
        written = "、".join(map(str, value))
    else:
        written = str(value)
    written = " ".join(written.split())
    if limit is not None and len(written) > limit:
        written = written[: limit - 1] + "…"
    return written


def target_text(target: dict) -> str:
    """``专业教师中双师型教师占比 > 50 % (2023)``."""
    metric = f"{target['metric']} " if target.get("metric") else ""
    return metric + target_phrase(target)


def target_phrase(record: dict) -> str:
    """A target as a reader writes it: ≥ 50 % (2023), 1–2 个, 约 5000 人."""
    unit = f" {record['unit']}" if record.get("unit") else ""
    value = record.get("value")
    if record.get("comparator") == "range":
        amount = f"{value}–{record.get('value_max')}{unit}"
    else:
        symbol = COMPARATORS.get(str(record.get("comparator")), str(record.get("comparator") or ""))
        amount = f"{symbol} {value}{unit}".strip()
    return f"{amount} ({record['deadline']})" if record.get("deadline") else amount


def as_json(diff: Diff) -> str:
    return json.dumps(diff.record(), ensure_ascii=False, indent=2) + "\n"


def csv_rows(diff: Diff) -> list[list[object]]:
    """Rows of CSV_COLUMNS: numbers as integers (empty where a side lacks one), before/after
    as ``cell`` writes them, whole."""
    return [
        [change.kind, _blank(change.old_measure), _blank(change.new_measure), cell(change.before), cell(change.after)]
        for change in diff.changes
    ]


def _blank(value: int | None) -> object:
    return "" if value is None else value
