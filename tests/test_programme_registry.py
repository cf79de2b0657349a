"""The programme registry (ontology/programmes.ttl) is consistent and knows the seed's terms."""

from collections import defaultdict

import pyoxigraph
import pytest

from kg.resources import data_file

PK = "https://w3id.org/policykg/ontology#"
PKP = "https://w3id.org/policykg/registry/programme/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
QUOTES = '“”"‘’「」'


def term(namespace: str, name: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(namespace + name)


@pytest.fixture(scope="module")
def store():
    loaded = pyoxigraph.Store()
    with open(data_file("ontology", "programmes.ttl"), "rb") as turtle:
        loaded.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)
    return loaded


@pytest.fixture(scope="module")
def programmes(store):
    return sorted({quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, term(PK, "Programme"))}, key=str)


def objects(store, subject, predicate):
    return [quad.object for quad in store.quads_for_pattern(subject, predicate, None)]


def literals(store, subject, predicate, language=None):
    return [
        value.value
        for value in objects(store, subject, predicate)
        if isinstance(value, pyoxigraph.Literal) and (language is None or value.language == language)
    ]


def zh_labels(store, subject):
    preferred = literals(store, subject, term(SKOS, "prefLabel"), "zh")
    return preferred + literals(store, subject, term(SKOS, "altLabel"), "zh")


def test_the_registry_covers_the_programmes_plans_name(programmes):
    assert 30 <= len(programmes) <= 60
    assert all(programme.value.startswith(PKP) for programme in programmes)


def test_every_programme_has_labels_a_definition_a_level_and_its_scheme(store, programmes):
    for programme in programmes:
        name = programme.value
        assert len(literals(store, programme, term(SKOS, "prefLabel"), "zh")) == 1, name
        assert len(literals(store, programme, term(SKOS, "prefLabel"), "en")) == 1, name
        assert literals(store, programme, term(SKOS, "definition"), "zh"), name
        assert literals(store, programme, term(SKOS, "definition"), "en"), name
        assert objects(store, programme, term(SKOS, "inScheme")) == [pyoxigraph.NamedNode(PKP)], name
        assert objects(store, programme, RDF_TYPE).count(term(SKOS, "Concept")) == 1, name
        levels = literals(store, programme, term(PK, "programmeLevel"))
        assert len(levels) == 1 and levels[0] in {"national", "provincial"}, name
        jurisdictions = literals(store, programme, term(PK, "jurisdictionName"))
        if levels[0] == "provincial":
            assert len(jurisdictions) == 1 and jurisdictions[0].endswith("省"), name
        else:
            assert jurisdictions == [], name


def test_no_zh_label_belongs_to_two_programmes(store, programmes):
    owners = defaultdict(set)
    for programme in programmes:
        for label in zh_labels(store, programme):
            assert label.strip() == label and label, programme.value
            owners[label].add(programme.value)
            # The matcher ignores quotation marks, so the bare form must be unique too.
            owners["bare:" + label.translate({ord(q): None for q in QUOTES})].add(programme.value)
    shared = {label: sorted(owner) for label, owner in owners.items() if len(owner) > 1}
    assert shared == {}


def test_every_broader_programme_exists_and_there_are_no_cycles(store, programmes):
    known = set(programmes)
    broader = {p: objects(store, p, term(SKOS, "broader")) for p in programmes}
    for programme, targets in broader.items():
        assert all(target in known and target != programme for target in targets), programme.value
    for programme in programmes:
        seen, frontier = set(), list(broader[programme])
        while frontier:
            current = frontier.pop()
            assert current != programme, f"{programme.value} is broader than itself"
            if current not in seen:
                seen.add(current)
                frontier.extend(broader[current])


def test_hunan_programmes_sit_under_the_chuyi_action(store):
    for slug in ("double-excellence", "hunan-double-high"):
        assert objects(store, term(PKP, slug), term(SKOS, "broader")) == [term(PKP, "chuyi-action")]


@pytest.mark.parametrize(
    "written",
    [
        "双高计划",
        "“双高计划”",
        "“1+X”证书制度",
        "“双师型”教师",
        "楚怡行动计划",
        "“楚怡行动”计划",
        "双优计划",
        "“双优计划”",
        "岗课赛证",
    ],
)
def test_the_seed_glossary_terms_are_labels_of_programmes(store, programmes, written):
    assert any(written in zh_labels(store, programme) for programme in programmes)
