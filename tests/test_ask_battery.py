"""The question battery: every entry of tests/battery/*.jsonl asked of its plan's store and
compared exactly with the expected rows (format and making of entries: tests/battery/README.md).

The expected rows come from the plans as written (the generator's truth, or reading), never
from ask's output, so a failure here is a wrong answer, not a changed one.
"""

from __future__ import annotations

from collections import Counter

import pytest
from battery import harness

ENTRIES = harness.load_entries()
BATTERY_SIZE = 300


@pytest.fixture(scope="module")
def store_for(tmp_path_factory):
    """The store of a plan key, built on first use and shared by the module's tests."""
    stores = {}

    def get(key: str):
        if key not in stores:
            stores[key] = harness.build_store(key, tmp_path_factory.mktemp(key))
        return stores[key]

    return get


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.get("id", e["_source"])) for e in ENTRIES])
def test_entry(store_for, entry):
    problems = harness.entry_problems(entry)
    assert not problems, f"{entry['_source']}: {problems}"
    outcome = harness.check(store_for(entry["plan"]), entry)
    if not outcome.passed:
        pytest.fail(harness.describe(outcome), pytrace=False)


def test_ids_are_unique():
    repeated = [entry_id for entry_id, count in Counter(e.get("id") for e in ENTRIES).items() if count > 1]
    assert not repeated


def test_every_entry_is_well_formed():
    problems = [f"{e['_source']}: {p}" for e in ENTRIES for p in harness.entry_problems(e)]
    assert not problems


def test_the_battery_has_its_full_size():
    """At least 300 entries in all: the generated plans' part and the bundled plan's part."""
    assert len(ENTRIES) >= BATTERY_SIZE, (
        f"the battery has {len(ENTRIES)} entries; at least {BATTERY_SIZE} are expected once the bundled plan's "
        "part (a tests/battery/*.jsonl of plan 'bundled') lands"
    )
