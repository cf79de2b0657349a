"""Every library query runs on the seed with its parameters bound, and answers exactly."""

import json
import os
from pathlib import Path

import pytest

from kg import query as library

FINANCE = "https://w3id.org/policykg/id/unit/益阳市-finance"
DOUBLE_HIGH = "https://w3id.org/policykg/registry/programme/double-high"

# query name → (parameters, number of rows on the seed)
EDUCATION = "https://w3id.org/policykg/id/unit/益阳市-education"

GOLDEN = Path(__file__).parent / "cases" / "yiyang" / "queries"

EXPECTED_ROWS = {
    "co-responsibility": ({}, 102),
    "department-leading-most": ({}, 1),
    "department-measure-matrix": ({}, 90),
    "departments-by-load": ({}, 19),
    "measures-per-section": ({}, 6),
    "measures-shared": ({"unit": FINANCE, "other": EDUCATION}, 9),
    "measures-with-keyword": ({"keyword": "经费"}, 4),
    "measures-without-lead": ({}, 0),
    "documents": ({}, 1),
    "shared-citations": ({}, 0),
    "kind-across-jurisdictions": ({"kind": "https://w3id.org/policykg/registry/department/finance"}, 1),
    "kind-leads-keyword": ({"kind": "https://w3id.org/policykg/registry/department/finance", "keyword": "经费"}, 2),
    "glossary": ({}, 10),
    "measure-leads": ({"number": 17}, 1),
    "measure-targets": ({"number": 18}, 4),
    "measure-units": ({"number": 4}, 12),
    "measures-involving": ({"unit": FINANCE}, 9),
    "measures-led-by": ({"unit": FINANCE}, 2),
    "measures-mentioning": ({"concept": DOUBLE_HIGH}, 1),
    "programmes": ({}, None),
    "responsibilities": ({}, 90),
    "targets": ({}, 21),
    "targets-due-by": ({"year": 2023}, 5),
    "targets-due-in": ({"year": 2025}, 3),
    "term-definition": ({"term": "双师型"}, 2),
    "units": ({}, None),
}


def test_every_query_is_covered_here():
    assert set(library.library()) == set(EXPECTED_ROWS)


def _rows(seed_store, name: str) -> tuple[str, list[dict]]:
    parameters, _ = EXPECTED_ROWS[name]
    item = library.load(name)
    return item.text, library.run(seed_store, item.bind(parameters))[1]


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_query_runs_with_its_parameters(seed_store, name):
    parameters, expected = EXPECTED_ROWS[name]
    item = library.load(name)
    assert {p.name for p in item.parameters} == set(parameters)
    assert item.title_zh and item.title_en and item.description
    _, rows = _rows(seed_store, name)
    if expected is None:
        assert rows
    else:
        assert len(rows) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_query_answers_exactly_the_recorded_rows(seed_store, name):
    """Every row of every library query on the bundled plan, as recorded in
    tests/cases/yiyang/queries/NAME.json (in the query's order when it has an ORDER BY).
    After a deliberate change, POLICYKG_RECORD=1 rewrites the files; read their diff."""
    text, rows = _rows(seed_store, name)
    # When a plan was built is the one value that differs from run to run.
    rows = [{**row, "builtAt": "<time>"} if row.get("builtAt") else row for row in rows]
    path = GOLDEN / f"{name}.json"
    if os.environ.get("POLICYKG_RECORD"):
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    recorded = json.loads(path.read_text(encoding="utf-8"))
    if "ORDER BY" in text:
        assert rows == recorded
    else:
        assert sorted(map(_canonical, rows)) == sorted(map(_canonical, recorded))


def _canonical(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def test_the_recorded_rows_say_what_the_plan_says():
    """Spot checks of the recorded rows against the plan's text."""

    def recorded(name: str) -> list[dict]:
        return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))

    assert [row["measure"] for row in recorded("measures-led-by")] == [17, 18]
    assert [(row["measure"], row["department"], row["role"]) for row in recorded("measure-leads")] == [
        (17, "市财政局", "lead")
    ]
    # 到2025年，全市遴选和培育1个省级产教融合型区县（市）、20家左右省级产教融合型企业，各区县（市）至少…2家以上
    assert [
        (row["measure"], row["comparator"], row["value"], row["unit"], row["dueYear"])
        for row in recorded("targets-due-in")
    ] == [(9, "=", 1, "个", 2025), (9, "~", 20, "家", 2025), (9, ">=", 2, "家", 2025)]


def test_a_parameter_used_in_a_filter_is_in_scope(seed_store):
    """A VALUES binding must reach FILTERs: a year that matches nothing gives nothing."""
    _, rows = library.run(seed_store, library.load("targets-due-in").bind({"year": 2030}))
    assert rows == []
    _, rows = library.run(seed_store, library.load("targets-due-by").bind({"year": 2022}))
    assert [(row["measure"], row["dueYear"]) for row in rows] == [(3, 2022), (3, 2022)]
