"""Every library query runs on the seed with its parameters bound, and answers exactly."""

import pytest

from kg import query as library

FINANCE = "https://w3id.org/policykg/id/unit/益阳市-finance"
DOUBLE_HIGH = "https://w3id.org/policykg/registry/programme/double-high"

# query name → (parameters, number of rows on the seed)
EDUCATION = "https://w3id.org/policykg/id/unit/益阳市-education"

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


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_query_runs_with_its_parameters(seed_store, name):
    parameters, expected = EXPECTED_ROWS[name]
    item = library.load(name)
    assert {p.name for p in item.parameters} == set(parameters)
    assert item.title_zh and item.title_en and item.description
    _, rows = library.run(seed_store, item.bind(parameters))
    if expected is None:
        assert rows
    elif expected == 0:
        assert rows == []
    else:
        assert len(rows) == expected


def test_a_parameter_used_in_a_filter_is_in_scope(seed_store):
    """A VALUES binding must reach FILTERs: a year that matches nothing gives nothing."""
    _, rows = library.run(seed_store, library.load("targets-due-in").bind({"year": 2030}))
    assert rows == []
    _, rows = library.run(seed_store, library.load("targets-due-by").bind({"year": 2022}))
    assert [(row["measure"], row["dueYear"]) for row in rows] == [(3, 2022), (3, 2022)]
