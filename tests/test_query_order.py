"""Rows sorted in Python (kg.query.run) come in the order Oxigraph's ORDER BY gives them, or
the store orders them; VALUES ?document reaches exactly the subqueries that return the
outer query's ?document."""

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from kg import query as library
from kg.store import Store
from kg.vocab import PREFIXES

EX = "http://example.org/"
KEY, VALUE, OTHER = NamedNode(EX + "key"), NamedNode(EX + "value"), NamedNode(EX + "other")


def typed(text: str, datatype: str) -> Literal:
    """A literal of ``datatype``: an XML Schema type's name, or an IRI."""
    return Literal(text, datatype=NamedNode(datatype if ":" in datatype else PREFIXES["xsd"] + datatype))


# Values term_order orders as Oxigraph does, by kind; None is an unbound value.
NODES = [None, BlankNode("b1"), BlankNode("a2"), NamedNode(EX + "b"), NamedNode(EX + "a"), NamedNode(EX + "中")]
TEXTS = [
    Literal(""),
    Literal("a"),
    Literal("a", language="en"),
    Literal("a", language="zh"),
    Literal("b", language="en"),
    Literal("B"),
    Literal("10"),
    Literal("9"),
    Literal("中文"),
    Literal("中文", language="zh"),
    Literal("ｚ"),
    Literal("😀"),
    typed("true", "boolean"),
    typed("false", "boolean"),
    typed("x", EX + "type"),
]
DECIMALS = [
    typed("-5", "integer"),
    typed("0", "integer"),
    typed("7", "integer"),
    typed("12", "integer"),
    typed("100000000000", "integer"),
    typed("2.5", "decimal"),
    typed("-0.25", "decimal"),
    typed("3.75", "decimal"),
    typed("9", "int"),
    typed("-3", "long"),
    typed("11", "byte"),
]
DOUBLES = [
    typed("1.5E0", "double"),
    typed("-INF", "double"),
    typed("INF", "double"),
    typed("1.0E300", "double"),
    typed("-2.5E-3", "double"),
    typed("4.0E1", "double"),
]


def store_of(values: list) -> Store:
    """An in-memory store with one subject per value: ``?s ex:key ?i`` and, when the value
    is not None, ``?s ex:value value``."""
    store = Store(None)
    for index, value in enumerate(values):
        subject = NamedNode(f"{EX}s{index}")
        store.oxigraph.add(Quad(subject, KEY, Literal(str(index))))
        if value is not None:
            store.oxigraph.add(Quad(subject, VALUE, value))
    return store


def ordered_by_oxigraph(store: Store, direction: str = "") -> list:
    return [
        row["v"]
        for row in store.select(
            f"SELECT ?v WHERE {{ ?s <{KEY.value}> ?i OPTIONAL {{ ?s <{VALUE.value}> ?v }} }} ORDER BY {direction}(?v)"
        )[1]
    ]


@pytest.mark.parametrize(
    "values", [NODES + TEXTS, NODES + DECIMALS, NODES + DOUBLES], ids=["texts", "integers and decimals", "doubles"]
)
def test_term_order_is_oxigraphs_order_by(values):
    store = store_of(values)
    found = [
        row["v"]
        for row in store.select(f"SELECT ?v WHERE {{ ?s <{KEY.value}> ?i OPTIONAL {{ ?s <{VALUE.value}> ?v }} }}")[1]
    ]
    assert library._orderable(set(found))
    assert sorted(found, key=library.term_order) == ordered_by_oxigraph(store)
    assert sorted(found, key=library.term_order, reverse=True) == ordered_by_oxigraph(store, "DESC")


@pytest.mark.parametrize(
    "values",
    [
        [typed("5", "integer"), Literal("")],  # Oxigraph compares a number with a text as text: "" < "5"
        [typed("5", "integer"), typed("4.5E0", "double")],  # an integer with a double: in floating point
        [typed("NaN", "double"), typed("1.0E0", "double")],
        [typed("1.5", "float")],
        [typed("2024-01-02", "date"), typed("2024-01-01T00:00:00Z", "dateTime")],
        [typed("2025", "gYear")],
        [typed("1", "boolean")],
        [typed("01.5e1", "decimal")],
        [typed("1." + "0" * 19 + "1", "decimal")],  # more decimals than Oxigraph keeps
        [typed("99999999999999999999", "integer")],  # beyond a 64-bit integer
        [typed("seven", "integer")],  # no number: Oxigraph compares it as text, which is not checked here
    ],
)
def test_values_term_order_cannot_order_as_oxigraph_does_are_left_to_the_store(values):
    assert not library._orderable(set(values))


def test_the_store_orders_when_term_order_cannot():
    store = store_of([typed("5", "integer"), Literal(""), typed("10", "integer"), Literal("7")])
    sparql = f"SELECT ?s ?v WHERE {{ ?s <{VALUE.value}> ?v }} ORDER BY ?v"
    variables, rows = store.select(sparql)
    assert [row["v"] for row in rows] != sorted((row["v"] for row in rows), key=library.term_order)
    assert library.run(store, sparql) == (
        variables,
        [{k: library.python_value(row[k]) for k in variables} for row in rows],
    )


def test_the_store_orders_rows_that_tie_on_every_key():
    """Oxigraph's sort is not stable: which of two tied rows comes first is its own."""
    store = store_of([Literal("same")] * 40)
    for index in range(40):
        store.oxigraph.add(Quad(NamedNode(f"{EX}s{index}"), OTHER, Literal(str(index))))
    sparql = f"SELECT ?s ?v ?o WHERE {{ ?s <{VALUE.value}> ?v ; <{OTHER.value}> ?o }} ORDER BY ?v"
    found_variables, found = store.select(library._without_order(sparql)[0])
    assert library._sorted(found, found_variables, [("v", False)]) is None
    variables, rows = store.select(sparql)
    assert library.run(store, sparql) == (
        variables,
        [{k: library.python_value(row[k]) for k in variables} for row in rows],
    )


def test_rows_that_tie_only_with_themselves_are_sorted_here():
    store = store_of([Literal("b"), Literal("a"), Literal("a")])
    sparql = f"SELECT ?v WHERE {{ ?s <{VALUE.value}> ?v }} ORDER BY DESC(?v)"
    variables, rows = store.select(library._without_order(sparql)[0])
    assert [row["v"] for row in library._sorted(rows, variables, [("v", True)])] == [
        Literal("b"),
        Literal("a"),
        Literal("a"),
    ]


@pytest.mark.parametrize(
    "sparql, keys",
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b DESC(?a)", [("b", False), ("a", True)]),
        (
            "SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a ORDER BY DESC(?n) ?a",
            [("n", True), ("a", False)],
        ),
        ("SELECT * WHERE { ?a ?p ?b } ORDER BY ASC(?b)", [("b", False)]),
    ],
)
def test_an_order_by_of_returned_variables_is_taken_off(sparql, keys):
    assert library._without_order(sparql) == (sparql[: sparql.index("ORDER BY")], keys)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b",  # ?b is not returned
        "SELECT (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } ORDER BY ?b",
        "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b LIMIT 3",
        "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY STR(?b)",
        "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY (!BOUND(?b)) ?a",
        "SELECT ?a ?b WHERE { ?a ?p ?b }",
    ],
)
def test_other_orders_are_left_to_the_store(sparql):
    assert library._without_order(sparql) is None


PLAN = "<https://w3id.org/policykg/id/plan/p1>"
VALUES = f" VALUES ?document {{ {PLAN} }}"


@pytest.mark.parametrize(
    "subquery, reached",
    [
        ("{ SELECT ?document ?m WHERE { GRAPH ?document { ?document ?p ?m } } }", True),
        (
            "{ SELECT $document (COUNT(?m) AS ?n) WHERE { GRAPH $document { ?document ?p ?m } } GROUP BY $document }",
            True,
        ),
        ("{ SELECT DISTINCT ?document WHERE { GRAPH ?document { ?s ?p ?o } } ORDER BY ?document }", True),
        ("{ SELECT ?m WHERE { GRAPH ?document { ?document ?p ?m } } }", False),  # its ?document is its own
        ("{ SELECT (?g AS ?document) WHERE { GRAPH ?g { ?s ?p ?o } } }", False),
        ("{ SELECT ?document WHERE { GRAPH ?document { ?s ?p ?o } } LIMIT 5 }", False),  # 5 rows of all plans
        ("{ SELECT ?document WHERE { GRAPH ?document { ?s ?p ?o } } OFFSET 1 }", False),
        ("{ SELECT (EXISTS { ?document ?p ?o } AS ?e) WHERE { ?s ?p ?o } }", False),
        ("{ SELECT * WHERE { GRAPH ?document { ?s ?p ?o } } }", False),
        ('{ SELECT ?m WHERE { ?m ?p "?document }{" } } # { SELECT ?document WHERE {', False),
        ("{ SELECT ?m WHERE { ?m <http://example.org/?document> ?o } }", False),
    ],
)
def test_values_reach_a_subquery_that_returns_the_outer_document(subquery, reached):
    sparql = f"SELECT ?document ?m WHERE {{{VALUES} ?document ?q ?m {subquery} }}"
    bound = library.document_in_subqueries(sparql, PLAN)
    if reached:
        head = subquery.index("WHERE {") + len("WHERE {")
        assert bound == sparql.replace(subquery, subquery[:head] + VALUES + subquery[head:])
    else:
        assert bound == sparql


def test_values_reach_nested_subqueries_only_through_subqueries_that_return_the_document():
    inner = "{ SELECT ?document ?m WHERE { GRAPH ?document { ?document ?p ?m } } }"
    through = f"SELECT ?document ?n WHERE {{{VALUES} {{ SELECT ?document (COUNT(?m) AS ?n) WHERE {{ {inner} }} GROUP BY ?document }} }}"
    assert library.document_in_subqueries(through, PLAN) == (
        f"SELECT ?document ?n WHERE {{{VALUES} {{ SELECT ?document (COUNT(?m) AS ?n) WHERE {{{VALUES} "
        f"{{ SELECT ?document ?m WHERE {{{VALUES} GRAPH ?document {{ ?document ?p ?m }} }} }} }} GROUP BY ?document }} }}"
    )
    # The count of every plan's measures: the inner ?document is not the outer query's.
    across = (
        f"SELECT ?document ?n WHERE {{{VALUES} ?document ?q ?x {{ SELECT (COUNT(?m) AS ?n) WHERE {{ {inner} }} }} }}"
    )
    assert library.document_in_subqueries(across, PLAN) == across
    commented = across.replace("{ SELECT (COUNT", "{ # every plan's\n SELECT (COUNT")
    assert library.document_in_subqueries(commented, PLAN) == commented


def test_a_bound_document_reaches_the_librarys_subqueries(seed_store):
    item = library.load("department-leading-most")
    sparql = item.bind({}, document=PLAN[1:-1])
    assert (
        sparql.count(VALUES) == item.text.count("SELECT ?document") - 1
    )  # each subquery; the query itself has its own
