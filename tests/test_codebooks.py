"""The shipped codebooks (ontology/codebooks/instruments.ttl, ontology/codebooks/elements.ttl) are SKOS concept schemes of the
shape docs/instruments.md describes: the codes and labels agreed, each concept with its notation, labels,
parent or top-concept link, definition, examples and enough trigger terms, and no term in two concepts."""

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from kg.resources import data_file

PK = rdflib.Namespace("https://w3id.org/policykg/ontology#")
BASE = "https://w3id.org/policykg/codebook/"

INSTRUMENTS = {
    "supply": ("供给型", "supply-side"),
    "supply.talent": ("人才培养", "talent development"),
    "supply.funding": ("资金投入", "funding"),
    "supply.technology": ("技术支持", "technology support"),
    "supply.infrastructure": ("基础设施", "infrastructure"),
    "supply.services": ("公共服务", "public services"),
    "environment": ("环境型", "environment-side"),
    "environment.planning": ("目标规划", "goals and planning"),
    "environment.finance": ("金融支持", "financial support"),
    "environment.tax": ("税收优惠", "tax incentives"),
    "environment.regulation": ("法规管制", "regulation and control"),
    "environment.strategy": ("策略性措施", "strategic measures"),
    "demand": ("需求型", "demand-side"),
    "demand.procurement": ("政府采购", "government procurement"),
    "demand.outsourcing": ("服务外包", "service outsourcing"),
    "demand.demonstration": ("示范工程", "demonstration projects"),
    "demand.exchange": ("海外交流", "international exchange"),
}
ELEMENTS = {
    "school-system": "办学体系/布局",
    "industry-education": "产教融合/校企合作",
    "teachers": "师资队伍",
    "funding": "经费投入",
    "enrolment": "招生与就业",
    "teaching": "教育教学改革/专业与课程",
    "quality": "质量评价与督导",
    "party": "党的建设/思想政治",
    "training": "职业培训/终身教育",
    "environment": "社会环境/宣传",
}
# codebook -> (its codes, fewest and most trigger terms of a concept that is not a type)
CODEBOOKS = {"instruments": (set(INSTRUMENTS), 10, 40), "elements": (set(ELEMENTS), 8, 25)}


@pytest.fixture(scope="module", params=sorted(CODEBOOKS))
def codebook(request):
    graph = rdflib.Graph()
    graph.parse(data_file("ontology", f"codebooks/{request.param}.ttl"), format="turtle")
    return request.param, graph, rdflib.URIRef(BASE + request.param)


def concepts(graph):
    return sorted(set(graph.subjects(RDF.type, SKOS.Concept)))


def values(graph, subject, predicate, language=None):
    return [
        str(value)
        for value in graph.objects(subject, predicate)
        if isinstance(value, rdflib.Literal) and (language is None or value.language == language)
    ]


def notation(graph, concept):
    return str(graph.value(concept, SKOS.notation))


def is_type(name, code):
    """A type (top concept): every element; in the instruments, a code without a dot."""
    return name == "elements" or "." not in code


def test_the_scheme_is_labelled_and_names_its_top_concepts(codebook):
    name, graph, scheme = codebook
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert len(values(graph, scheme, SKOS.prefLabel, "zh")) == 1
    assert len(values(graph, scheme, SKOS.prefLabel, "en")) == 1
    tops = {notation(graph, top) for top in graph.objects(scheme, SKOS.hasTopConcept)}
    assert tops == {code for code in CODEBOOKS[name][0] if is_type(name, code)}


def test_the_codes_are_exactly_the_agreed_ones(codebook):
    name, graph, scheme = codebook
    codes = [notation(graph, concept) for concept in concepts(graph)]
    assert sorted(codes) == sorted(CODEBOOKS[name][0])
    for concept in concepts(graph):
        assert str(concept) == f"{scheme}#{notation(graph, concept)}"


def test_every_concept_has_one_notation_its_labels_a_definition_and_its_scheme(codebook):
    name, graph, scheme = codebook
    for concept in concepts(graph):
        code = notation(graph, concept)
        assert len(values(graph, concept, SKOS.notation)) == 1, code
        zh, en = values(graph, concept, SKOS.prefLabel, "zh"), values(graph, concept, SKOS.prefLabel, "en")
        assert len(zh) == 1 and len(en) == 1, code
        if name == "instruments":
            assert (zh[0], en[0]) == INSTRUMENTS[code]
        else:
            assert zh[0] == ELEMENTS[code]
        assert (concept, SKOS.inScheme, scheme) in graph, code
        assert len(values(graph, concept, SKOS.definition, "en")) == 1, code


def test_types_are_top_concepts_and_sub_instruments_have_their_type_as_broader(codebook):
    name, graph, scheme = codebook
    for concept in concepts(graph):
        code = notation(graph, concept)
        broader = list(graph.objects(concept, SKOS.broader))
        if is_type(name, code):
            assert (concept, SKOS.topConceptOf, scheme) in graph, code
            assert (scheme, SKOS.hasTopConcept, concept) in graph, code
            assert broader == [], code
        else:
            assert (concept, SKOS.topConceptOf, scheme) not in graph, code
            assert [notation(graph, parent) for parent in broader] == [code.split(".")[0]], code


def test_every_coded_concept_has_enough_trigger_terms_and_examples_that_use_them(codebook):
    name, graph, _ = codebook
    _, fewest, most = CODEBOOKS[name]
    for concept in concepts(graph):
        code = notation(graph, concept)
        terms = values(graph, concept, PK.triggerTerm)
        if name == "instruments" and is_type(name, code):
            assert terms == [], code  # a type is coded through its sub-instruments
            continue
        assert fewest <= len(terms) <= most, (code, len(terms))
        assert sorted(values(graph, concept, PK.triggerTerm, "zh")) == sorted(terms), code  # all in Chinese
        assert len(set(terms)) == len(terms), code
        assert all(term.strip() == term and len(term) >= 2 for term in terms), code
        examples = values(graph, concept, SKOS.example)
        assert 1 <= len(examples) <= 3, code
        assert sorted(values(graph, concept, SKOS.example, "zh")) == sorted(examples), code
        for example in examples:
            assert any(term in example for term in terms), (code, example)


def test_no_trigger_term_belongs_to_two_concepts(codebook):
    _, graph, _ = codebook
    owners = {}
    for concept in concepts(graph):
        for term in values(graph, concept, PK.triggerTerm):
            assert owners.setdefault(term, concept) == concept, (term, owners[term], concept)
