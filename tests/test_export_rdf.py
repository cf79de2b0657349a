"""JSON-LD with a real context, and a plan's metadata in ELI, Dublin Core, DCAT and schema.org terms."""

import json
import re

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad
from rdflib.compare import isomorphic

from kg import service
from kg.export.rdf import serialise
from kg.vocab import DCAT, DCTERMS, ELI, ID_NS, PK, PK_NS, PREFIXES, SCHEMA, XSD

PLAN = "plan/daf8227113fe"
PLAN_IRI = ID_NS + PLAN


@pytest.fixture(scope="module")
def jsonld(seed) -> dict:
    return json.loads(serialise(seed.quads, "jsonld"))


def _nodes(document: dict) -> dict[str, dict]:
    return {node["@id"]: node for entry in document["@graph"] for node in entry.get("@graph", [])}


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(graph.identifier): graph for graph in dataset.graphs() if len(graph)}


def test_the_context_has_terms_and_only_declared_prefixes(jsonld):
    context = jsonld["@context"]
    assert context["@base"] == ID_NS
    prefixes = {key: value for key, value in context.items() if isinstance(value, str) and value.endswith(("/", "#"))}
    assert prefixes.pop("@base") == ID_NS
    assert all(PREFIXES.get(key) == value for key, value in prefixes.items()), prefixes
    assert {"pk", "eli", "dcterms", "dcat", "schema", "skos", "prov", "oa", "xsd"} <= set(prefixes)
    assert not [key for key in context if re.fullmatch(r"doc\d*", key)]
    assert context["title"] == {"@id": "eli:title", "@language": "zh"}
    assert context["measure"] == {"@id": "pk:measure", "@type": "@id"}
    assert context["number"] == {"@id": "pk:number", "@type": "xsd:integer"}
    assert context["identifier"] == {"@id": "dcterms:identifier"}
    assert context["issuer"] == {"@id": "eli:jurisdiction", "@type": "@id"}
    assert context["startDate"] == {"@id": "dcat:startDate", "@type": "xsd:gYear"}
    assert context["responsibilityStatus"] == {"@id": "pk:responsibilityStatus", "@type": "@vocab"}
    assert context["Measure"] == "pk:Measure" and context["Assigned"] == "pk:Assigned"


def test_every_predicate_and_class_of_the_plan_has_a_term(jsonld):
    """A reader sees "title", never eli:title or its full IRI."""
    for node in _nodes(jsonld).values():
        assert [key for key in node if ":" in key] == [], node["@id"]
        types = node.get("@type", [])
        assert [t for t in ([types] if isinstance(types, str) else types) if ":" in t] == [], node["@id"]


def test_jsonld_reads_back_with_rdflib_to_the_same_graph(seed):
    """rdflib's JSON-LD parser gives the graph N-Quads and Turtle give, graph for graph."""
    from_jsonld = _graphs(rdflib.Dataset().parse(data=serialise(seed.quads, "jsonld"), format="json-ld"))
    from_nquads = _graphs(rdflib.Dataset().parse(data=serialise(seed.quads, "nquads"), format="nquads"))
    assert list(from_jsonld) == list(from_nquads) == [PLAN_IRI]
    assert isomorphic(from_jsonld[PLAN_IRI], from_nquads[PLAN_IRI])
    turtle = rdflib.Graph().parse(data=serialise(seed.quads, "turtle"), format="turtle")
    assert isomorphic(from_jsonld[PLAN_IRI], turtle)
    assert len(turtle) == len(seed.quads)


def test_the_whole_store_reads_back_with_both_parsers(seed_store):
    """The plans with the registry and the catalog: every graph, every triple."""
    nquads = service.export("nquads", seed_store)
    data = service.export("jsonld", seed_store)
    from_jsonld = _graphs(rdflib.Dataset().parse(data=data, format="json-ld"))
    from_nquads = _graphs(rdflib.Dataset().parse(data=nquads, format="nquads"))
    assert sorted(from_jsonld) == sorted(from_nquads) and len(from_nquads) == 3
    assert all(isomorphic(from_jsonld[name], from_nquads[name]) for name in from_nquads)
    quads = set(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert set(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD)) == quads


def test_the_plan_node_has_the_standard_terms(jsonld):
    nodes = _nodes(jsonld)
    plan = nodes[PLAN]
    assert plan["@type"] == "Plan"
    assert plan["identifier"] == "daf8227113fe"
    assert plan["title"] == "益阳市职业教育高质量发展实施方案"
    assert plan["issuer"] == "jurisdiction/益阳市"
    assert nodes["jurisdiction/益阳市"]["prefLabel"] == "益阳市"
    assert plan["creativeWorkStatus"] == "征求意见稿"
    assert nodes[plan["temporal"]] == {
        "@id": f"{PLAN}#period",
        "@type": "PeriodOfTime",
        "startDate": "2021",
        "endDate": "2025",
    }
    assert plan["measureCount"] == "19" and len(plan["measure"]) == 19


def test_the_plan_metadata_triples(seed):
    plan = NamedNode(PLAN_IRI)
    about = {(q.predicate, q.object) for q in seed.quads if q.subject == plan}
    period = NamedNode(PLAN_IRI + "#period")
    assert {
        (DCTERMS.identifier, Literal("daf8227113fe")),
        (ELI.title, Literal("益阳市职业教育高质量发展实施方案", language="zh")),
        (ELI.jurisdiction, NamedNode(ID_NS + "jurisdiction/益阳市")),
        (DCTERMS.temporal, period),
        (SCHEMA.creativeWorkStatus, Literal("征求意见稿", language="zh")),
    } <= about
    assert {(q.predicate, q.object) for q in seed.quads if q.subject == period} == {
        (NamedNode(PREFIXES["rdf"] + "type"), DCTERMS.PeriodOfTime),
        (DCAT.startDate, Literal("2021", datatype=XSD.gYear)),
        (DCAT.endDate, Literal("2025", datatype=XSD.gYear)),
    }
    replaced = {PK_NS + name for name in ("documentId", "issuer", "periodStart", "periodEnd", "draftStatus")}
    assert not [q for q in seed.quads if q.predicate.value in replaced]


def test_values_a_term_does_not_fit_and_iris_no_relative_form_keeps(tmp_path):
    """An @en label of a @zh term, a plain string of a @zh term, a number written as text,
    IRIs that resolving would change (a colon, a dot segment, an empty segment) and a
    predicate without a term: all written in full, all read back."""
    graph = NamedNode(PLAN_IRI)
    odd = [NamedNode(ID_NS + f"institution/{name}") for name in ("a:b", "../up", "a//b", "./here", "x?y#z")]
    quads = [
        Quad(odd[0], ELI.title, Literal("Title", language="en"), graph),
        Quad(odd[1], ELI.title, Literal("plain"), graph),
        Quad(odd[2], PK.number, Literal("07")),
        Quad(odd[3], PK.measure, Literal("not an IRI"), graph),
        Quad(odd[4], NamedNode("http://example.org/p"), NamedNode("http://example.org/o"), graph),
        Quad(odd[4], PK.label, NamedNode(ID_NS + "unit/某市-finance"), graph),
        Quad(odd[0], PK.comparator, NamedNode("http://example.org/comparator"), graph),
    ]
    data = serialise(quads, "jsonld")
    assert set(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD)) == set(quads)
    back = rdflib.Dataset().parse(data=data, format="json-ld")
    expected = rdflib.Dataset().parse(data=serialise(quads, "nquads"), format="nquads")
    assert set(back.quads()) == set(expected.quads())


def test_jsonld_is_the_same_bytes_whatever_the_order_of_the_quads(seed):
    assert serialise(list(reversed(seed.quads)), "jsonld") == serialise(seed.quads, "jsonld")
