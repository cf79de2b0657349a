"""Codes as Web Annotations in the store: each suggestion (and each coder's code) is an
oa:Annotation motivated by oa:classifying, its body a concept of the codebook, its target
the clause's characters; a plan's codes of one codebook are the graph
``<plan>/coding/<codebook>``, and the codebook's concepts the graph
``…/graph/codebook/<codebook>`` (docs/instruments.md)."""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids
from kg.instruments.clauses import Clause
from kg.instruments.codebook import Codebook
from kg.instruments.suggest import Suggestion
from kg.store import CODEBOOKS, CODING
from kg.vocab import BASE, DCTERMS, OA, PK, PROV, RDF, SKOS, XSD

SUGGESTER = NamedNode(BASE + "id/activity/suggest")  # policykg's suggesting, the prov:Activity
_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]")


def coding_graph(plan: NamedNode, codebook: Codebook) -> NamedNode:
    return NamedNode(f"{plan.value}{CODING}{_UNSAFE.sub('_', codebook.name)}")


def codebook_graph(codebook: Codebook) -> NamedNode:
    return NamedNode(CODEBOOKS + _UNSAFE.sub("_", codebook.name))


def codebook_quads(codebook: Codebook) -> list[Quad]:
    """The codebook as a SKOS scheme, in its graph (``codebook_graph``)."""
    graph, scheme = codebook_graph(codebook), NamedNode(codebook.iri)
    quads = [Quad(scheme, RDF.type, SKOS.ConceptScheme, graph)]
    if codebook.exhaustive:
        quads.append(Quad(scheme, PK.exhaustive, Literal("true", datatype=XSD.boolean), graph))
    for concept in codebook.concepts:
        node = NamedNode(concept.iri)
        quads += [
            Quad(node, RDF.type, SKOS.Concept, graph),
            Quad(node, SKOS.inScheme, scheme, graph),
            Quad(node, SKOS.notation, Literal(concept.code), graph),
            Quad(node, SKOS.prefLabel, Literal(concept.label, language="zh"), graph),
        ]
        if concept.label_en:
            quads.append(Quad(node, SKOS.prefLabel, Literal(concept.label_en, language="en"), graph))
        if concept.parent and concept.parent in codebook.by_code:
            quads.append(Quad(node, SKOS.broader, NamedNode(codebook.by_code[concept.parent].iri), graph))
        else:
            quads.append(Quad(node, SKOS.topConceptOf, scheme, graph))
        quads += [Quad(node, PK.triggerTerm, Literal(term, language="zh"), graph) for term in concept.terms]
    return quads


def suggestion_quads(plan: NamedNode, codebook: Codebook, suggestions: list[Suggestion]) -> list[Quad]:
    graph = coding_graph(plan, codebook)
    quads: list[Quad] = [
        Quad(SUGGESTER, RDF.type, PROV.Activity, graph),
        Quad(SUGGESTER, _LABEL, Literal("policykg code: codes suggested by trigger terms", language="en"), graph),
    ]
    for suggestion in suggestions:
        clause = suggestion.clause
        node = NamedNode(f"{graph.value}#suggested-{clause.id}-{_UNSAFE.sub('_', suggestion.concept.code)}")
        quads += _annotation(node, plan, clause, NamedNode(suggestion.concept.iri), graph)
        quads.append(Quad(node, PK.score, Literal(str(suggestion.score), datatype=XSD.decimal), graph))
        quads += [
            Quad(node, PK.evidence, Literal(term, language="zh"), graph)
            for term in sorted({e.term for e in suggestion.evidence})
        ]
        if suggestion.continues is not None:  # the terms are the suggestion of the clause it continues
            source = f"{clause.measure}.{suggestion.continues}"
            code = _UNSAFE.sub("_", suggestion.concept.code)
            quads.append(Quad(node, PK.continues, NamedNode(f"{graph.value}#suggested-{source}-{code}"), graph))
        quads.append(Quad(node, PROV.wasGeneratedBy, SUGGESTER, graph))
    return quads


def coder_quads(plan: NamedNode, codebook: Codebook, clause: Clause, coder: str, concept_iri: str | None) -> list[Quad]:
    """A coder's code of a clause: the codebook's concept, or pk:NoInstrument (无)."""
    graph = coding_graph(plan, codebook)
    node = NamedNode(f"{graph.value}#{_UNSAFE.sub('_', coder)}-{clause.id}")
    body = NamedNode(concept_iri) if concept_iri else PK.NoInstrument
    quads = _annotation(node, plan, clause, body, graph)
    quads.append(Quad(node, DCTERMS.creator, Literal(coder), graph))
    return quads


def _annotation(node: NamedNode, plan: NamedNode, clause: Clause, body: NamedNode, graph: NamedNode) -> list[Quad]:
    return [
        Quad(node, RDF.type, OA.Annotation, graph),
        Quad(node, OA.motivatedBy, OA.classifying, graph),
        Quad(node, OA.hasBody, body, graph),
        Quad(node, OA.hasTarget, ids.span_iri(plan, *clause.span), graph),
        Quad(node, PK.clauseOf, NamedNode(clause.measure_iri), graph),
        Quad(node, PK.clauseNumber, Literal(str(clause.number or 0), datatype=XSD.integer), graph),
    ]


def coders_quads(quads: list[Quad]) -> list[Quad]:
    """The quads of a coding graph that are coders' codes (annotations with a creator)."""
    coded = {quad.subject for quad in quads if quad.predicate == DCTERMS.creator}
    return [quad for quad in quads if quad.subject in coded]
