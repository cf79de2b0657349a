"""What a diff compares and what it finds: two plans seen measure by measure, and the
changes between them, one record per change.

The views are read from a plan's graph (``kg.diff.view``), so a plan in the store and a
plan in a file are compared the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# The kinds of change, in the order the summary lists them.
KINDS = (
    "added",
    "removed",
    "renumbered",
    "moved",
    "reworded",
    "lead_changed",
    "participants_changed",
    "target_added",
    "target_removed",
    "target_changed",
    "programme_added",
    "programme_removed",
    "reference_added",
    "reference_removed",
)


@dataclass(frozen=True)
class TargetView:
    """A quantified target as the graph holds it."""

    metric: str
    comparator: str  # = > >= < <= ~ range
    value: Decimal
    value_max: Decimal | None
    unit: str
    deadline: str | None  # 2025 or 2025-12-31
    text: str  # the words the target was read from
    iri: str = ""  # its node in the plan's graph

    def record(self) -> dict:
        """The target in a change's before/after: value, comparator, unit, deadline (and
        the metric and the words, for readers)."""
        return {
            "value": _number(self.value),
            "value_max": _number(self.value_max),
            "comparator": self.comparator,
            "unit": self.unit,
            "deadline": self.deadline,
            "metric": self.metric,
            "text": self.text,
        }


@dataclass(frozen=True)
class MeasureView:
    """One measure: its number and place, its words, and the facts read from it."""

    iri: str
    number: int
    label: str  # the number as written: 1. / （一）/ 第一条
    group: str  # the group's title as written, "" outside groups
    title: str
    body: str
    responsibility: str  # the words that assign it (（甲局、乙局）, 牵头单位：甲局), "" when none
    leads: tuple[str, ...]  # unit names, as the plan's graph names them
    participants: tuple[str, ...]
    targets: tuple[TargetView, ...]
    programmes: tuple[str, ...]
    references: tuple[str, ...]  # cited documents: number (国发〔2019〕4号) or title
    lead_units: tuple[str, ...] = ()  # the units' IRIs, in the order of ``leads``: what is compared
    participant_units: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Title and body as one text, as the measure reads."""
        return f"{self.title}。{self.body}" if self.title and self.body else self.title or self.body


@dataclass(frozen=True)
class PlanView:
    iri: str
    id: str
    title: str
    version: str  # 征求意见稿, 送审稿 …; "" for a plan that names no version
    measures: tuple[MeasureView, ...]
    targets: tuple[TargetView, ...] = ()  # targets outside the measures (主要目标)

    def header(self) -> dict:
        return {"id": self.id, "title": self.title, "version": self.version or None}


@dataclass(frozen=True)
class Change:
    """One change. ``before``/``after`` by kind: added/removed — the measure's text (None on
    the side that lacks it); renumbered — the old and the new number (integers); moved —
    the groups' titles; reworded — the texts; lead_changed/participants_changed — lists of
    unit names; target_* — TargetView.record(); programme_*/reference_* — the name."""

    kind: str
    old_measure: int | None
    new_measure: int | None
    before: object = None
    after: object = None
    old_target: str = ""  # a target change's target nodes in the two graphs (not in the record)
    new_target: str = ""

    def record(self) -> dict:
        return {
            "kind": self.kind,
            "old_measure": self.old_measure,
            "new_measure": self.new_measure,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Diff:
    old: PlanView
    new: PlanView
    pairs: tuple[tuple[int, int, float], ...]  # (old number, new number, similarity), matched measures
    changes: tuple[Change, ...]
    warnings: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        """Changes of each kind, in KINDS order, kinds with none left out."""
        found = {kind: 0 for kind in KINDS}
        for change in self.changes:
            found[change.kind] += 1
        return {kind: count for kind, count in found.items() if count}

    def record(self) -> dict:
        """The JSON form: {"old": {id, title, version}, "new": {…}, "changes": [...]}."""
        return {
            "old": self.old.header(),
            "new": self.new.header(),
            "changes": [change.record() for change in self.changes],
        }


def side_by_side(old: int, new: int, partner: dict[int, int]) -> list[tuple[int | None, int | None]]:
    """The measures of two versions side by side (indexes into each; ``partner``: old →
    new index of each pair), in the new version's order: each new measure with its old one
    (or none), and each removed measure right after the row of the old measure before it
    (at the start when none before it is paired). The order of a diff's changes and of its
    page's rows."""
    after: dict[int | None, list[int]] = {}
    last: int | None = None
    for i in range(old):
        if i in partner:
            last = partner[i]
        else:
            after.setdefault(last, []).append(i)
    owner = {j: i for i, j in partner.items()}
    rows: list[tuple[int | None, int | None]] = [(i, None) for i in after.get(None, [])]
    for j in range(new):
        rows.append((owner.get(j), j))
        rows += [(i, None) for i in after.get(j, [])]
    return rows


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
