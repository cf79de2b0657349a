"""A plan's 任务分工表 beside its text — a step of the build, above the registry.

A task table (``kg.formats.tables``) is a second statement of who does what. ``compare``
lists where it and the plan's text disagree; the build writes each disagreement into the
plan's graph, where ``policykg validate`` reports it. A list of projects attached to a plan
(重点项目表) is no division of its measures and is compared only where its rows are the
measures (``lists_the_measures``). A table read as a plan of its own
(``kg.formats.tables.plan_text``) dates the targets read from a row by the row's 完成时限
(``with_row_deadlines``), and a table with no title makes the build say so
(``plan_warnings``).

The readers only return text and rows; everything here needs the later stages (the
plan's measures, its responsibilities and targets, the registry's departments).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.extract.targets import datable, field_deadline
from kg.formats.tables import TaskRow, TaskTable, measure_rows, plan_title
from kg.read import normalise
from kg.registry import Jurisdiction, Registry

if TYPE_CHECKING:
    from kg.extract.responsibility import Responsibility
    from kg.extract.targets import Target
    from kg.structure import Measure


@dataclass(frozen=True)
class Disagreement:
    """A place where a plan's text and its task table say different things.

    ``kind`` is ``missing-measure`` (a row matches no measure of the plan),
    ``missing-row`` (a measure has no row), ``lead`` or ``participants`` (the units
    differ). ``measure`` is the plan's measure number, ``row`` the row's 序号 (or its
    1-based position when it has none); ``plan`` and ``table`` say what each side has,
    units joined by 、."""

    measure: int | None
    row: int | None
    kind: str
    plan: str
    table: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"measure {self.measure}" if self.measure is not None else "",
                f"row {self.row}" if self.row is not None else "",
            )
            if part
        )
        return f"{where}: {self.kind}: plan {self.plan or '—'}; table {self.table or '—'}"


# --- a table read as a plan --------------------------------------------------------


def plan_warnings(table: TaskTable) -> list[str]:
    """What a build of the table as a plan should say about it: a table with no title."""
    if table.title:
        return []
    return [
        f"{table.source}: the task table has no title (no title row above its header, no caption, "
        f"no named sheet); the plan is titled by the file's name, {plan_title(table)!r}"
    ]


# --- 完成时限 --------------------------------------------------------------------------


def with_row_deadlines(targets: Iterable[Target], table: TaskTable) -> list[Target]:
    """``targets`` of a plan read from ``table`` (``plan_text``), each target without a
    deadline of its own given its row's 完成时限 (the deadline, and the cell's text as the
    deadline as written). A row whose 完成时限 states no date gives nothing."""
    rows = measure_rows(table)
    dated = []
    for target in targets:
        row = rows.get(target.measure) if target.measure is not None else None
        deadline = field_deadline(row.deadline) if row is not None else None
        if deadline and datable(target, deadline):
            target = replace(target, deadline=deadline, deadline_text=row.deadline)
        dated.append(target)
    return dated


# --- table against plan --------------------------------------------------------------

_PLAIN = re.compile(r"[\s。，、；：,.;:“”\"‘’'（）()《》]")


def _plain(text: str) -> str:
    return _PLAIN.sub("", normalise(text))


def _matching_measure(row: TaskRow, headings: dict[int, str]) -> int | None:
    """The measure whose heading contains the row's task (or is contained in it)."""
    task = _plain(row.task)
    if len(task) < 4:
        return None
    found = [
        number
        for number, heading in headings.items()
        if (plain := _plain(heading)) and (task in plain or len(plain) >= 4 and plain in task)
    ]
    return found[0] if len(found) == 1 else None


def _may_be(row: TaskRow, heading: str | None) -> bool:
    """Whether the measure of the row's 序号 may be the row's task: its heading unknown, or
    sharing a word of two characters with the task (推行告知承诺制 / 全面推行告知承诺); a row
    whose task shares none (开展全民健身活动 / 加强社会体育指导员队伍建设) is another task."""
    if not heading:
        return True
    pairs = {plain[i : i + 2] for plain in [_plain(heading)] for i in range(len(plain) - 1)}
    task = _plain(row.task)
    return any(task[i : i + 2] in pairs for i in range(len(task) - 1))


def _row_measure(row: TaskRow, headings: dict[int, str], numbers: Container[int | None]) -> int | None:
    """The measure a row stands for: the one whose heading holds the row's task (or is held
    in it); failing that, the measure of the row's 序号 where their words meet."""
    measure = _matching_measure(row, headings) if headings else None
    if measure is None and row.number in numbers and _may_be(row, headings.get(row.number)):
        measure = row.number
    return measure


def lists_the_measures(table: TaskTable, measures: Iterable[Measure]) -> bool:
    """Whether a list of projects (``TaskTable.projects``) is its plan's measures under
    another heading: more than half of its rows stand for a measure (``_row_measure``). A
    list of the projects the measures carry out (万达片区老旧小区改造 beside 推进老旧小区改造,
    雨湖公园提质改造 beside nothing) is not, and is not held against the measures."""
    headings = {m.number: m.heading for m in measures}
    matched = sum(_row_measure(row, headings, headings) is not None for row in table.rows)
    return 2 * matched > len(table.rows)


def compare(
    table: TaskTable,
    responsibilities: Iterable[Responsibility],
    measures: Iterable[Measure] = (),
    *,
    registry: Registry | None = None,
    issuer: Jurisdiction | None = None,
) -> list[Disagreement]:
    """Where a plan's responsibilities (``kg.extract.responsibility.extract``) and its
    task table disagree.

    A row is matched to the measure whose heading holds the row's task text (needs
    ``measures``); failing that, to the measure with the row's 序号 where their words meet
    (``_may_be``). Units are compared as departments, through the registry (区人社局 =
    区人力资源和社会保障局), in any order. A list of projects (``TaskTable.projects``) is no
    division of the measures: nothing is compared unless its rows are the measures
    (``lists_the_measures``)."""
    measures = list(measures)
    if table.projects and not lists_the_measures(table, measures):
        return []
    registry = registry or Registry.load()
    home = issuer or Jurisdiction("", "")
    by_measure = {r.measure: r for r in responsibilities}
    headings = {m.number: m.heading for m in measures}

    def identity(name: str) -> tuple[str, str]:
        return registry.resolve(normalise(name), home).identity

    def same(plan_names: Sequence[str], table_names: Sequence[str]) -> bool:
        return sorted(map(identity, plan_names)) == sorted(map(identity, table_names))

    disagreements: list[Disagreement] = []
    covered: set[int] = set()
    for position, row in enumerate(table.rows, start=1):
        row_id = row.number if row.number is not None else position
        measure = _row_measure(row, headings, by_measure)
        if measure is None or measure not in by_measure:
            disagreements.append(Disagreement(None, row_id, "missing-measure", "", row.task))
            continue
        covered.add(measure)
        responsibility = by_measure[measure]
        plan_leads = [unit.name for unit in responsibility.leads]
        plan_participants = [unit.name for unit in responsibility.participants]
        if not table.lead_column and not row.lead:
            # A table without a lead column names everyone under 责任单位: compare all the units.
            plan_participants = plan_leads + plan_participants
        elif not same(plan_leads, row.lead):
            disagreements.append(Disagreement(measure, row_id, "lead", "、".join(plan_leads), "、".join(row.lead)))
        if not same(plan_participants, row.participants):
            disagreements.append(
                Disagreement(measure, row_id, "participants", "、".join(plan_participants), "、".join(row.participants))
            )
    for number in sorted(set(by_measure) - covered):
        disagreements.append(Disagreement(number, None, "missing-row", headings.get(number, ""), ""))
    return disagreements
