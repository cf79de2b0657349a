"""``policykg diff`` against synthetic version pairs whose changes are known
(benchmarks/versions.py): each pair is written to two files, diffed with
``kg.service.diff``, and the changes compared exactly with the expected list — as sorted
(kind, old measure, new measure), then before/after kind by kind."""

from __future__ import annotations

from collections import defaultdict

import pytest

from benchmarks.generate import render
from benchmarks.versions import EDITS, OLD_STATUS, REGISTRY_LABELS, version_drafts, version_pair

SEEDS = range(30)  # a subset of the edits chosen by each seed (all of them for about one in four)
# Every edit the plan has room for. In 24, 30, 56 and 78 a removed measure resembles a kept
# one (cosine 0.40–0.50) while a split half or an added measure resembles another (0.50–0.62):
# pairing those two weak pairs outweighs one strong pair (0.85–1.0) unless strong pairs win.
ALL_EDITS_SEEDS = (24, 30, 56, 78, 100, 101, 102, 103)
SIZED = ((0, 8), (0, 30), (2, 100))  # (seed, measures): plans of a given size, every edit
TARGET_KEYS = ("value", "comparator", "unit", "deadline")


def _diff(tmp_path, old: str, new: str):
    from kg.service import diff

    old_path, new_path = tmp_path / "old.txt", tmp_path / "new.txt"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return diff(str(old_path), str(new_path))


def _key(change: dict) -> tuple:
    return (change["kind"], change["old_measure"], change["new_measure"])


def _order(key: tuple) -> tuple:
    return tuple((value is None, "" if value is None else str(value).zfill(6)) for value in key)


def _side(kind: str, value: object) -> object:
    """What is compared of a before/after: the target's value, comparator, unit and deadline;
    a measure's text is checked apart (it must hold the measure's heading)."""
    if value is None:
        return None
    if kind.startswith("target_"):
        return tuple(value[key] for key in TARGET_KEYS)
    return value


def _heading(text: str) -> str:
    return text.split("。", 1)[0]


def _compare(expected: list[dict], got: list[dict]) -> list[str]:
    """Every difference between the expected and the found changes, one line each."""
    problems = []
    want = sorted((_key(c) for c in expected), key=_order)
    have = sorted((_key(c) for c in got), key=_order)
    if want != have:
        missing, extra = list(want), []
        for key in have:
            if key in missing:
                missing.remove(key)
            else:
                extra.append(key)
        problems += [f"missing {key}" for key in missing] + [f"extra {key}" for key in extra]
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for change in got:
        by_key[_key(change)].append(change)
    for key, changes in sorted(_grouped(expected).items(), key=lambda item: _order(item[0])):
        found = by_key.get(key, [])
        if len(found) != len(changes):
            continue  # already listed as missing or extra
        kind = key[0]
        if kind in ("added", "removed", "reworded"):
            for want_change, have_change in zip(changes, found, strict=True):
                for side in ("before", "after"):
                    if want_change[side] is None:
                        if have_change[side] is not None:
                            problems.append(f"{key} {side}: expected None, got {have_change[side]!r}")
                    elif have_change[side] is None or _heading(want_change[side]) not in have_change[side]:
                        problems.append(
                            f"{key} {side}: expected the text of {_heading(want_change[side])!r}, "
                            f"got {have_change[side]!r}"
                        )
            continue
        want_sides = sorted(repr((_side(kind, c["before"]), _side(kind, c["after"]))) for c in changes)
        have_sides = sorted(repr((_side(kind, c["before"]), _side(kind, c["after"]))) for c in found)
        if want_sides != have_sides:
            problems.append(f"{key} before/after: expected {want_sides}, got {have_sides}")
    return problems


def _grouped(changes: list[dict]) -> dict[tuple, list[dict]]:
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for change in changes:
        grouped[_key(change)].append(change)
    return grouped


def _check(tmp_path, seed: int, edits: tuple[str, ...] | None, measures: int | None = None) -> None:
    old, new, expected = version_pair(seed, edits, measures)
    found = [change.record() for change in _diff(tmp_path, old, new).changes]
    problems = _compare(expected, found)
    label = "all edits" if edits == EDITS else "seeded edits"
    if measures is not None:
        label += f", {measures} measures"
    assert not problems, f"pair {seed} ({label}):\n  " + "\n  ".join(problems)


# --- the engine against the pairs ----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed{seed}")
def test_seeded_edits(tmp_path, seed):
    _check(tmp_path, seed, None)


@pytest.mark.parametrize("seed", ALL_EDITS_SEEDS, ids=lambda seed: f"seed{seed}")
def test_all_edits(tmp_path, seed):
    _check(tmp_path, seed, EDITS)


@pytest.mark.parametrize(("seed", "measures"), SIZED, ids=lambda value: str(value))
def test_plans_of_a_given_size(tmp_path, seed, measures):
    _check(tmp_path, seed, EDITS, measures)


@pytest.mark.parametrize("seed", (0, 1, 2))
def test_status_alone_is_no_change(tmp_path, seed):
    old, new, expected = version_pair(seed, ())
    assert expected == []
    assert f"（{OLD_STATUS}）" in old and f"（{OLD_STATUS}）" not in new
    d = _diff(tmp_path, old, new)
    assert [change.record() for change in d.changes] == []
    assert d.old.version == OLD_STATUS and d.new.version == ""


# --- the pairs themselves ------------------------------------------------------------------


def test_pairs_are_deterministic():
    assert version_pair(7) == version_pair(7)
    assert version_pair(7, EDITS, measures=30) == version_pair(7, EDITS, measures=30)


def test_every_edit_is_exercised():
    kinds = {c["kind"] for seed in SEEDS for c in version_pair(seed)[2]}
    kinds |= {c["kind"] for seed in ALL_EDITS_SEEDS for c in version_pair(seed, EDITS)[2]}
    wanted = {"added", "removed", "renumbered", "moved", "reworded", "lead_changed", "participants_changed"}
    assert wanted | {"target_changed", "target_removed"} <= kinds


def test_only_the_status_differs_without_edits():
    old, new, _ = version_pair(11, ())
    assert old.replace(f"（{OLD_STATUS}）\n", "").replace(f"（{OLD_STATUS}）", "") == new


def test_expected_changes_agree_with_the_truth():
    """The expected changes say what the generator's truth of each version says: measure
    counts, numbers, units and targets."""
    pairs = [(seed, None, None) for seed in SEEDS] + [(seed, EDITS, None) for seed in ALL_EDITS_SEEDS]
    for seed, edits, measures in pairs + [(seed, EDITS, measures) for seed, measures in SIZED]:
        old_draft, new_draft, expected = version_drafts(seed, edits, measures)
        old, new = render(old_draft)[1], render(new_draft)[1]
        kinds = [c["kind"] for c in expected]
        assert new["measure_count"] == old["measure_count"] - kinds.count("removed") + kinds.count("added")
        assert (old["status"], new["status"]) == (OLD_STATUS, None)
        numbers = [(c["old_measure"], c["new_measure"]) for c in expected if c["kind"] == "renumbered"]
        assert all(a != b for a, b in numbers)
        for change in expected:
            before = old["measures"][change["old_measure"] - 1] if change["old_measure"] else None
            after = new["measures"][change["new_measure"] - 1] if change["new_measure"] else None
            kind = change["kind"]
            if kind in ("added", "removed", "reworded"):
                for measure, text in ((before, change["before"]), (after, change["after"])):
                    assert (measure is None) == (text is None)
                    assert measure is None or text.startswith(measure["heading"] + "。")
            elif kind in ("lead_changed", "participants_changed"):
                field = "leads" if kind == "lead_changed" else "participants"
                assert (before[field], after[field]) == (change["before"], change["after"])
            elif kind == "target_changed":
                assert change["before"] in before["targets"] and change["after"] in after["targets"]
                assert change["before"] not in after["targets"]
            elif kind == "target_removed":
                assert change["before"] in before["targets"] and change["before"] not in after["targets"]


def test_unknown_edit_is_refused():
    with pytest.raises(ValueError, match="unknown edits"):
        version_pair(0, ("renamed",))


def test_registry_labels_in_the_generator_are_listed():
    """versions.REGISTRY_LABELS covers every programme label of the registry that the
    generator's words contain (edits keep them out of matched measures): each such label
    holds one of the listed ones."""
    from benchmarks import generate as g
    from kg.registry import programmes
    from kg.text import strip_quotes

    names = {strip_quotes(name) for programme in programmes() for name in programme.zh_names}
    texts = set(g.GENERIC_SENTENCES) | set(g.GENERIC_HEADINGS)
    for topic in g.TOPICS:
        texts |= set(topic.sentences) | set(topic.headings) | set(topic.groups)
        texts |= {p.format(n=noun) for p in g.SENTENCE_PATTERNS + g.HEADING_PATTERNS for noun in topic.nouns}
    found = {name for name in names for text in texts if name in strip_quotes(text)}
    assert all(any(label in name for label in REGISTRY_LABELS) for name in found), sorted(found)


@pytest.mark.parametrize("seed", (14, 18, 20, 22, 27), ids=lambda seed: f"seed{seed}")
def test_change_records_of_plans_of_an_unknown_place_name_only_the_units_that_moved(tmp_path, seed):
    """A plan whose title names no place has units of its own (未知市-<plan id>-…): the
    records of a changed participant list name the units that came and went, not all."""
    from kg import service

    old, new, expected = version_pair(seed)
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    store = tmp_path / "store"
    service.build([tmp_path / "old.txt", tmp_path / "new.txt"], store)
    moved = sum(
        len(set(change["before"]) ^ set(change["after"]))
        for change in expected
        if change["kind"] == "participants_changed"
    )
    sparql = (
        "PREFIX pk: <https://w3id.org/policykg/ontology#> "
        "SELECT (COUNT(*) AS ?n) WHERE { { ?c pk:addedUnit ?u } UNION { ?c pk:removedUnit ?u } }"
    )
    assert service.query(expression=sparql, store=store).rows[0]["n"] == moved
    leads = "PREFIX pk: <https://w3id.org/policykg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?c pk:changeKind ?k }"
    assert service.query(expression=leads, store=store).rows[0]["n"] == len(expected)
