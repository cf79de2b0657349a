"""Stage 5: records → RDF; the graph, its IRIs and its serialisations."""

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg import ids
from kg.export.rdf import serialise
from kg.resources import data_file
from kg.vocab import PK, PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def triples(built, predicate=None):
    return [q for q in built.quads if predicate is None or q.predicate == predicate]


def test_seed_summary(seed):
    assert len(seed.document.measures) == 19
    assert len(seed.units) == 24  # 19 assigned to measures, 5 more only as members of the 联席会议
    assert seed.assignments == 90
    assert seed.unresolved == ["市属及驻益高校"]
    assert seed.issuer.name == "益阳市"


def test_seed_direct_lead_properties(seed):
    leads = {}
    for quad in triples(seed, PK.leadUnit):
        leads.setdefault(quad.object.value.rsplit("/", 1)[-1], []).append(int(quad.subject.value.rsplit("-", 1)[-1]))
    assert sorted(leads["益阳市-finance"]) == [17, 18]
    assert sorted(leads["益阳市-education"]) == [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16]
    assert sorted(leads["益阳市-hrss"]) == [15]
    assert sorted(leads["益阳市-party-organization"]) == [1, 19]
    assert sum(len(v) for v in leads.values()) == 19


def test_spans_point_into_the_plans_text(seed):
    graph = pyoxigraph.Store()
    graph.extend(seed.quads)
    original = seed.document.text.original
    rows = list(
        graph.query(
            """PREFIX pk: <https://w3id.org/policykg/ontology#>
            SELECT ?fact ?span ?written ?quote WHERE { GRAPH ?g {
              { ?fact pk:text ?span } UNION { ?fact pk:responsibilityText ?span }
              OPTIONAL { ?fact pk:asWritten ?written } OPTIONAL { ?fact pk:quote ?quote } } }"""
        )
    )
    # each measure's text and clause, each assignment, note, marker, citation and target
    facts = seed.facts
    expected = 19 * 2 + 90 + len(facts.glossary.entries) + len(facts.glossary.markers) + len(facts.references)
    assert len(rows) == expected + len(facts.targets)
    plan = seed.iri.value
    quoted = 0
    for row in rows:
        found = ids.span_of(row["span"])
        assert found is not None and found[0] == plan, row["span"]
        _, start, end = found
        assert 0 <= start < end <= len(original)
        # Where a fact keeps its words, they are the characters its span points to.
        for words in (row["written"], row["quote"]):
            if words is not None:
                assert original[start:end] == words.value
                quoted += 1
    assert quoted == 90 + len(facts.targets) + len(facts.references)
    # Nothing else describes a span: one triple each.
    spans = {row["span"] for row in rows}
    assert not [quad for quad in seed.quads if quad.subject in spans]


def test_every_term_used_is_declared_in_the_ontology():
    ontology = pyoxigraph.Store()
    with open(data_file("ontology", "policy.ttl"), "rb") as turtle:
        ontology.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)
    declared = {q.subject.value for q in ontology.quads_for_pattern(None, None, None)}
    missing = [name for name, term in PK.terms().items() if term.value not in declared]
    assert missing == []


def test_turtle_is_byte_identical_across_processes(tmp_path):
    outputs = []
    for seed_value in ("1", "2"):
        target = tmp_path / f"seed-{seed_value}.ttl"
        environment = dict(os.environ, PYTHONHASHSEED=seed_value, POLICYKG_STORE=str(tmp_path / f"store-{seed_value}"))
        subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "build", "-o", str(target)],
            check=True,
            capture_output=True,
            env=environment,
            cwd=ROOT,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert "市财政局".encode() in outputs[0]


@pytest.mark.parametrize(
    "rdf_format, parser",
    [
        ("turtle", pyoxigraph.RdfFormat.TURTLE),
        ("nquads", pyoxigraph.RdfFormat.N_QUADS),
        ("trig", pyoxigraph.RdfFormat.TRIG),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_serialisations_read_back_to_the_same_graph(seed, rdf_format, parser):
    data = serialise(seed.quads, rdf_format)
    back = {(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(data, format=parser)}
    assert back == {(q.subject, q.predicate, q.object) for q in seed.quads}
    assert "\\u" not in data.decode("utf-8")


def test_turtle_uses_the_fixed_prefixes(seed):
    text = serialise(seed.quads, "turtle").decode("utf-8")
    for prefix in ("pk", "eli", "prov", "oa", "skos", "unit"):
        assert f"@prefix {prefix}: <{PREFIXES[prefix]}> ." in text
    assert "doc:measure-17 " in text


def test_unresolved_units_and_unassigned_measures_are_in_the_graph(write_plan):
    from kg import pipeline
    from kg.vocab import SKOS

    built = pipeline.process(
        write_plan(
            """
            某市实施方案
            一、任务
            1.甲。内容。（市教育局、市星际事务局，排第一位为牵头单位，下同）
            2.乙。内容。各有关部门按职责分工负责。
            """
        )
    )
    assert built.unresolved == ["市星际事务局"]
    unresolved = [q.subject for q in built.quads if q.object == PK.UnresolvedUnit]
    assert len(unresolved) == 1
    labels = [q.object.value for q in built.quads if q.subject == unresolved[0] and q.predicate == SKOS.prefLabel]
    assert labels == ["市星际事务局"]
    statuses = {
        q.subject.value.rsplit("#", 1)[-1]: q.object for q in built.quads if q.predicate == PK.responsibilityStatus
    }
    assert statuses == {"measure-1": PK.Assigned, "measure-2": PK.Vague}
    vague = [q.object.value for q in built.quads if q.predicate == PK.vagueResponsibility]
    assert vague == ["各有关部门按职责分工负责"]


def test_the_day_a_plan_is_dated_is_eli_date_document(write_plan):
    from kg import pipeline
    from kg.vocab import ELI

    built = pipeline.process(
        write_plan(
            """
            某市甲项工作实施方案
            （送审稿）
            一、任务
            1.甲。内容。（市教育局）
            某市人民政府办公室
            2022年7月1日
            """
        )
    )
    dated = [(q.subject, q.object) for q in built.quads if q.predicate == ELI.date_document]
    assert dated == [
        (built.iri, pyoxigraph.Literal("2022-07-01", datatype=pyoxigraph.NamedNode(PREFIXES["xsd"] + "date")))
    ]
    assert [q.object.value for q in built.quads if q.predicate.value.endswith("creativeWorkStatus")] == ["送审稿"]
