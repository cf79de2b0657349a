"""Every library query runs on the seed with its parameters bound, and answers exactly; its
rows come in the order the store's ORDER BY gives them, and one plan's rows among many are
that plan's rows alone."""

import json
import os
from pathlib import Path

import pytest

from benchmarks.generate import generate
from kg import query as library
from kg import service
from kg.store import Store

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
    # The bundled plan alone has no other version: tests/test_version_queries.py asks a draft and its final text.
    "version-lead-changes": ({}, 0),
    "version-target-changes": ({}, 0),
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


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory, seed_path) -> Store:
    """Six generated plans and the bundled one, built into a store; tests must not write to it."""
    folder = tmp_path_factory.mktemp("generated")
    generate(6, folder / "plans", seed=3)
    (folder / "plans" / "seed.txt").write_bytes(seed_path.read_bytes())
    store = Store(folder / "store")
    service.build([folder / "plans"], store)
    return store


def _ordered_by_the_store(store, sparql: str) -> tuple[list[str], list[dict]]:
    variables, rows = store.select(sparql)
    return variables, [{name: library.python_value(row[name]) for name in variables} for row in rows]


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_rows_sorted_here_come_in_the_stores_order(seed_store, generated_store, name):
    """kg.query.run sorts the rows itself (the store's ORDER BY reads every long string back
    at each comparison); the order is the store's, and total: no two rows tie on every key,
    so it sorts them rather than leaving them to the store."""
    parameters, _ = EXPECTED_ROWS[name]
    sparql = library.load(name).bind(parameters)
    unordered = library._without_order(sparql)
    for store in (seed_store, generated_store):
        assert library.run(store, sparql) == _ordered_by_the_store(store, sparql)
        if unordered:
            variables, rows = store.select(unordered[0])
            assert library._sorted(rows, variables, unordered[1]) is not None


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_one_plan_among_many_gives_its_rows_alone(seed_store, generated_store, name):
    """``document`` (service.query's --document) limits a query to one plan, reaching into
    its subqueries: the bundled plan's rows among seven plans are its rows in a store of its own."""
    parameters, _ = EXPECTED_ROWS[name]
    item = library.load(name)
    plan = service.plans(seed_store)[0].value
    alone = library.run(seed_store, item.bind(parameters))[1]
    among = library.run(generated_store, item.bind(parameters, document=plan))[1]
    # When a plan was built differs between the two stores.
    assert [{**row, "builtAt": "<time>"} if row.get("builtAt") else row for row in among] == [
        {**row, "builtAt": "<time>"} if row.get("builtAt") else row for row in alone
    ]


def _names_and_ids(store, class_: str) -> list[str]:
    """Every label of every member of ``class_`` in the store, and the last segment of each IRI."""
    _, rows = store.select(
        f"""PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?iri ?label WHERE {{
          GRAPH ?g {{ ?iri a {class_} }}
          OPTIONAL {{ GRAPH ?h {{ ?iri {library._LABELS} ?label }} }}
        }}"""
    )
    names = {row["label"].value for row in rows if row.get("label") is not None}
    names |= {row["iri"].value.rsplit("/", 1)[-1] for row in rows}
    return sorted(names)


@pytest.mark.parametrize("class_", ["pk:Unit", "pk:DepartmentKind", "skos:Concept"])
def test_a_name_looked_up_by_key_finds_what_a_scan_of_every_member_finds(generated_store, class_):
    """kg.query._named looks a name up as the store indexes it (a label plain, @zh or @en;
    a local name in a namespace of PREFIXES) and scans every member only when that finds
    nothing: for every name and id in the store, the two find the same members."""
    names = _names_and_ids(generated_store, class_)
    assert len(names) > 50
    left = []  # names the keys do not reach: then the scan is what _named reads
    for name in names:
        keyed = library._named_rows(generated_store, class_, name, keyed=True)
        if keyed:
            assert keyed == library._named_rows(generated_store, class_, name, keyed=False), name
        else:
            left.append(name)
    # only the ends of IRIs of parts of a plan (…/plan/<id>#note-1), which no namespace ends
    assert all("#" in name for name in left), left


def test_a_name_the_keys_miss_is_still_found_by_the_scan():
    """Another language tag, a namespace policykg does not know: found by reading every member."""
    store = Store(None)
    store.load(
        b"<http://example.org/units/zoll> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        b"<https://w3id.org/policykg/ontology#Unit> <http://example.org/g> .\n"
        b'<http://example.org/units/zoll> <http://www.w3.org/2004/02/skos/core#prefLabel> "Zollamt"@de '
        b"<http://example.org/g> .\n"
    )
    query = library.load("measures-led-by")
    assert library._named_rows(store, "pk:Unit", "Zollamt", keyed=True) == []
    for name in ("Zollamt", "zoll"):
        resolved = library.resolve_iris(store, query, {"unit": name})
        assert resolved["unit"].value == "http://example.org/units/zoll"
    with pytest.raises(library.QueryError, match="no pk:Unit is named 'Zoll'"):
        library.resolve_iris(store, query, {"unit": "Zoll"})
