"""Two views of a plan → the changes between them, one record per change.

Measures are paired by content (kg.diff.align); each pair is then compared fact by fact,
in the order of KINDS. docs/versions.md says what each kind means and why."""

from __future__ import annotations

import re
from collections import Counter

from kg.diff import align
from kg.diff.model import Change, Diff, MeasureView, PlanView, TargetView, side_by_side

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
# Targets of a pair whose metrics are at least this similar (by characters) are one target.
_TARGET_FLOOR = 0.5


def compare(old: PlanView, new: PlanView) -> Diff:
    """The changes from ``old`` to ``new``, in the rows of the side-by-side view (the new
    version's order, a removed measure after the one it followed), then the plan's own
    targets; within a pair of measures, in the order of KINDS."""
    from kg.segment import tokenizer

    segmenter = tokenizer(_vocabulary(old) + _vocabulary(new))
    table = align.similarities(
        [align.tokens(align.measure_words(m), segmenter) for m in old.measures],
        [align.tokens(align.measure_words(m), segmenter) for m in new.measures],
    )
    matched = align.match(table)
    pairs = [(old.measures[i], new.measures[j], similarity) for i, j, similarity in matched]
    groups = _aligned_groups(pairs)

    rows = side_by_side(len(old.measures), len(new.measures), {i: j for i, j, _ in matched})
    changes: list[Change] = []
    by_old = {i: (old.measures[i], new.measures[j]) for i, j, _ in matched}
    for i, j in rows:
        if j is None:
            measure = old.measures[i]
            changes.append(Change("removed", measure.number, None, measure.text, None))
        elif i is None:
            measure = new.measures[j]
            changes.append(Change("added", None, measure.number, None, measure.text))
        else:
            changes += _pair_changes(*by_old[i], groups, (old.id, new.id))
    changes += _target_changes(old.targets, new.targets, None, None)
    return Diff(
        old=old,
        new=new,
        pairs=tuple((o.number, n.number, round(similarity, 4)) for o, n, similarity in pairs),
        changes=tuple(changes),
    )


def _vocabulary(plan: PlanView) -> list[str]:
    """Names the plan's words must not be cut inside: its units and programmes."""
    return [name for m in plan.measures for name in (*m.leads, *m.participants, *m.programmes)]


def _aligned_groups(pairs: list[tuple[MeasureView, MeasureView, float]]) -> dict[str, str]:
    """Each old group → the new group it became: the one of the same title, else the one
    most of its matched measures went to (a group retitled is the same group)."""
    new_titles = {n.group for _, n, _ in pairs}
    went: dict[str, Counter] = {}
    for o, n, _ in pairs:
        went.setdefault(o.group, Counter())[n.group] += 1
    aligned = {}
    for group, counts in went.items():
        if _plain(group) in {_plain(title) for title in new_titles}:
            aligned[group] = next(title for title in new_titles if _plain(title) == _plain(group))
        else:
            aligned[group] = min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
    return aligned


def _plain(text: str) -> str:
    return _SPACE.sub("", text)


def _pair_changes(o: MeasureView, n: MeasureView, groups: dict[str, str], ids: tuple[str, str]) -> list[Change]:
    found: list[Change] = []

    def add(kind: str, before: object, after: object) -> None:
        found.append(Change(kind, o.number, n.number, before, after))

    if o.number != n.number:
        add("renumbered", o.number, n.number)
    if groups.get(o.group, o.group) != n.group:
        add("moved", o.group, n.group)
    targets = _target_changes(o.targets, n.targets, o.number, n.number)
    if _wording(o, bool(targets)) != _wording(n, bool(targets)):
        add("reworded", o.text, n.text)
    if _units(o.leads, o.lead_units, ids[0]) != _units(n.leads, n.lead_units, ids[1]):
        add("lead_changed", list(o.leads), list(n.leads))
    was, now = _units(o.participants, o.participant_units, ids[0]), _units(n.participants, n.participant_units, ids[1])
    if set(was) != set(now):
        add("participants_changed", list(o.participants), list(n.participants))
    found += targets
    for name in sorted(set(n.programmes) - set(o.programmes)):
        add("programme_added", None, name)
    for name in sorted(set(o.programmes) - set(n.programmes)):
        add("programme_removed", name, None)
    for name in sorted(set(n.references) - set(o.references)):
        add("reference_added", None, name)
    for name in sorted(set(o.references) - set(n.references)):
        add("reference_removed", name, None)
    return found


def _units(names: tuple[str, ...], iris: tuple[str, ...], plan: str) -> tuple[str, ...]:
    """Units are compared as the registry resolves them (IRIs), names where none is known.
    A plan whose issuer is unknown has units of its own (``未知市-<plan id>-…``, kg.registry):
    the plan's id is set aside, so that the two versions' units compare."""
    if len(iris) != len(names) or not all(iris):
        return names
    return tuple(unit_key(iri, plan) for iri in iris)


def unit_key(iri: str, plan: str) -> str:
    """A unit's IRI without the id of the plan it is scoped to (``未知市-<plan id>-…``)."""
    return iri.replace(f"-{plan}-", "-") if plan else iri


def _wording(measure: MeasureView, targets_changed: bool) -> str:
    """The text compared for ``reworded``: whitespace and the responsibility clause set
    aside, and the numbers too where a target of the pair changed (reported as such)."""
    text = _plain(align.measure_words(measure))
    if measure.responsibility:
        text = text.replace(_plain(measure.responsibility), "")
    return _DIGITS.sub("#", text) if targets_changed else text


def _target_changes(
    old: tuple[TargetView, ...], new: tuple[TargetView, ...], old_number: int | None, new_number: int | None
) -> list[Change]:
    """Targets paired by metric (the same words first, then the most alike), then compared
    on value, comparator, unit and deadline."""
    left, right = list(old), list(new)
    pairs: list[tuple[TargetView, TargetView]] = []
    for target in list(left):
        same = next((t for t in right if t.metric == target.metric), None)
        if same is not None:
            pairs.append((target, same))
            left.remove(target)
            right.remove(same)
    scored = sorted(
        ((_alike(a.metric, b.metric), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    taken_left, taken_right = set(), set()
    for score, i, j in scored:
        if score >= _TARGET_FLOOR and i not in taken_left and j not in taken_right:
            pairs.append((left[i], right[j]))
            taken_left.add(i)
            taken_right.add(j)
    changes = []
    order = {id(t): k for k, t in enumerate(new)}
    for a, b in sorted(pairs, key=lambda pair: order[id(pair[1])]):
        if _values(a) != _values(b):
            changes.append(Change("target_changed", old_number, new_number, a.record(), b.record(), a.iri, b.iri))
    for j, target in enumerate(right):
        if j not in taken_right:
            changes.append(Change("target_added", old_number, new_number, None, target.record(), "", target.iri))
    for i, target in enumerate(left):
        if i not in taken_left:
            changes.append(Change("target_removed", old_number, new_number, target.record(), None, target.iri))
    return changes


def _values(target: TargetView) -> tuple:
    return (target.value, target.value_max, target.comparator, target.unit, target.deadline)


def _alike(a: str, b: str) -> float:
    """Shared characters over the longer metric's length (Dice on character multisets)."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))
