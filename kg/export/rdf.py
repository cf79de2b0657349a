"""A plan's graph as Turtle, N-Quads, TriG or JSON-LD, byte-identical for the same input."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple

from kg.errors import InputError
from kg.vocab import (
    DCAT,
    DCTERMS,
    ELI,
    ID_NS,
    ORG,
    PK,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
)

FORMATS = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld"}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: unknown RDF file type {suffix or '(none)'}; use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


def _sorted(quads: list[Quad]) -> list[Quad]:
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _prefixes(quads: list[Quad]) -> dict[str, str]:
    """The fixed prefixes, plus one per plan for its parts (``doc:measure-17``)."""
    plans = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)})
    prefixes = dict(PREFIXES)
    for number, plan in enumerate(plans, start=1):
        prefixes[f"doc{number}" if len(plans) > 1 else "doc"] = plan + "#"
    return prefixes


def _sorted_prefix_lines(data: bytes) -> bytes:
    """pyoxigraph writes @prefix lines in an order of its own; sort them for stable output."""
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    return b"\n".join(sorted(head) + lines[len(head) :])


def serialise(quads: list[Quad], rdf_format: str) -> bytes:
    """Serialise quads; Turtle drops the graph names (every plan's IRIs are its own)."""
    quads = _sorted(quads)
    if rdf_format == "turtle":
        triples = sorted(
            {Triple(q.subject, q.predicate, q.object) for q in quads},
            key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
        )
        return _sorted_prefix_lines(pyoxigraph.serialize(triples, format=RdfFormat.TURTLE, prefixes=_prefixes(quads)))
    if rdf_format == "nquads":
        return pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS)
    if rdf_format == "trig":
        return _sorted_prefix_lines(pyoxigraph.serialize(quads, format=RdfFormat.TRIG, prefixes=_prefixes(quads)))
    if rdf_format == "jsonld":
        return _jsonld(quads)
    raise InputError(f"unknown RDF format {rdf_format!r}")


# --- JSON-LD ---------------------------------------------------------------------------
# The context names every term policykg writes, so that a plan reads as
# {"@type": "Measure", "title": "…", "leadUnit": "unit/长沙市-finance"} and a JSON-LD
# processor turns it back into the very same triples. A term says how its values are written:
# "@id" (an IRI), "@vocab" (a class or concept by its term: "Assigned"), a language ("zh": a
# string tagged @zh), a datatype (xsd:integer: the literal's lexical form as a string, never
# a JSON number, so 1.50 stays 1.50), or nothing (a plain string). A value its term does not
# fit (an @en label of a term that is @zh) is written in full, {"@value": …, "@language": "en"},
# and so is any value of a predicate without a term (which is written as pk:…, or in full).
# policykg's own IRIs (…/id/plan/…, …/id/unit/…) are written relative to "@base".

_ID, _VOCAB, _ZH, _TEXT = "@id", "@vocab", "zh", None

# Properties: term → (IRI, how its values are written). The term is the IRI's local name,
# except eli:jurisdiction, "issuer", since units have pk:jurisdiction.
_PROPERTIES: dict[str, tuple[NamedNode, str | NamedNode | None]] = {
    # a plan's metadata
    "identifier": (DCTERMS.identifier, _TEXT),
    "title": (ELI.title, _ZH),
    "issuer": (ELI.jurisdiction, _ID),
    "temporal": (DCTERMS.temporal, _ID),
    "startDate": (DCAT.startDate, XSD.gYear),
    "endDate": (DCAT.endDate, XSD.gYear),
    "creativeWorkStatus": (SCHEMA.creativeWorkStatus, _ZH),
    "sourceFormat": (PK.sourceFormat, _TEXT),
    "sourceText": (PK.sourceText, _TEXT),
    "sha256": (PK.sha256, _TEXT),
    "sourceFile": (PK.sourceFile, _TEXT),
    "measureCount": (PK.measureCount, XSD.integer),
    "builtAt": (PK.builtAt, XSD.dateTime),
    # parts and measures
    "has_part": (ELI.has_part, _ID),
    "is_part_of": (ELI.is_part_of, _ID),
    "measure": (PK.measure, _ID),
    "inSection": (PK.inSection, _ID),
    "inGroup": (PK.inGroup, _ID),
    "number": (PK.number, XSD.integer),
    "label": (PK.label, _TEXT),
    "body": (PK.body, _ZH),
    "text": (PK.text, _ID),
    "quote": (PK.quote, _ZH),
    # responsibility
    "leadUnit": (PK.leadUnit, _ID),
    "participatingUnit": (PK.participatingUnit, _ID),
    "responsibilityStatus": (PK.responsibilityStatus, _VOCAB),
    "responsibilityFormat": (PK.responsibilityFormat, _VOCAB),
    "leadBasis": (PK.leadBasis, _VOCAB),
    "vagueResponsibility": (PK.vagueResponsibility, _ZH),
    "responsibilityText": (PK.responsibilityText, _ID),
    "suspiciousUnit": (PK.suspiciousUnit, _ID),
    "reason": (PK.reason, _TEXT),
    "qualifiedAssociation": (PROV.qualifiedAssociation, _ID),
    "agent": (PROV.agent, _ID),
    "hadRole": (PROV.hadRole, _VOCAB),
    "position": (PK.position, XSD.integer),
    "asWritten": (PK.asWritten, _ZH),
    "writtenLabel": (PK.writtenLabel, _ZH),
    # units, jurisdictions and the registry
    "prefLabel": (SKOS.prefLabel, _ZH),
    "altLabel": (SKOS.altLabel, _ZH),
    "jurisdiction": (PK.jurisdiction, _ID),
    "resolved": (PK.resolved, XSD.boolean),
    "kind": (PK.kind, _ID),
    "level": (PK.level, _TEXT),
    "fullName": (PK.fullName, _ZH),
    "abbreviation": (PK.abbreviation, _ZH),
    "unitType": (PK.unitType, _ID),
    "succeededBy": (PK.succeededBy, _ID),
    "abolishedIn": (PK.abolishedIn, XSD.gYear),
    # glossary, footnotes and programmes
    "glossary": (PK.glossary, _ID),
    "inScheme": (SKOS.inScheme, _ID),
    "notation": (SKOS.notation, _TEXT),
    "definition": (SKOS.definition, _ZH),
    "broader": (SKOS.broader, _ID),
    "exactMatch": (SKOS.exactMatch, _ID),
    "footnote": (PK.footnote, _ID),
    "marker": (PK.marker, _ID),
    "inMeasure": (PK.inMeasure, _ID),
    "mentions": (PK.mentions, _ID),
    "programmeLevel": (PK.programmeLevel, _TEXT),
    "jurisdictionName": (PK.jurisdictionName, _TEXT),
    # targets
    "target": (PK.target, _ID),
    "comparator": (PK.comparator, _VOCAB),
    "value": (SCHEMA.value, XSD.decimal),
    "minValue": (SCHEMA.minValue, XSD.decimal),
    "maxValue": (SCHEMA.maxValue, XSD.decimal),
    "unitText": (SCHEMA.unitText, _ZH),
    "metric": (PK.metric, _ZH),
    "scope": (PK.scope, _ZH),
    "basis": (PK.basis, _ZH),
    "baseline": (PK.baseline, XSD.decimal),
    "deadline": (PK.deadline, _ID),
    "deadlineText": (PK.deadlineText, _ZH),
    "dueYear": (PK.dueYear, XSD.integer),
    "inXSDgYear": (TIME.inXSDgYear, XSD.gYear),
    "inXSDDate": (TIME.inXSDDate, XSD.date),
    # cited documents, institutions and bodies
    "cites": (ELI.cites, _ID),
    "citation": (PK.citation, _ID),
    "cited": (PK.cited, _ID),
    "documentNumber": (PK.documentNumber, _ZH),
    "issuerCode": (PK.issuerCode, _ZH),
    "documentYear": (PK.documentYear, XSD.gYear),
    "serialNumber": (PK.serialNumber, XSD.integer),
    "issuerName": (PK.issuerName, _ZH),
    "institution": (PK.institution, _ID),
    "coordinatingBody": (PK.coordinatingBody, _ID),
    "hasMember": (ORG.hasMember, _ID),
    # task tables
    "disagreement": (PK.disagreement, _ID),
    "disagreementKind": (PK.disagreementKind, _TEXT),
    "planSays": (PK.planSays, _ZH),
    "tableSays": (PK.tableSays, _ZH),
    "tableRow": (PK.tableRow, XSD.integer),
}

# Classes (the values of "@type") and the concepts of pk: ("Assigned", "LeadRole", "AtLeast"),
# by their local names.
_NAMED: dict[str, NamedNode] = {
    name: term
    for namespace in (PK, ELI, DCTERMS, SKOS, ORG, TIME)
    for name, term in namespace.terms().items()
    if name[0].isupper()
}

# The vocabularies' prefixes; policykg's own instances are relative to "@base" instead, whose
# prefixes (unit:, jurisdiction:, institution:) would be terms' names too.
_BASE = ID_NS
_JSONLD_PREFIXES = {name: namespace for name, namespace in PREFIXES.items() if not namespace.startswith(_BASE)}

_TERM_OF = {iri.value: (term, coercion) for term, (iri, coercion) in _PROPERTIES.items()}
_NAME_OF = {iri.value: term for term, iri in _NAMED.items()}
assert len(_TERM_OF) == len(_PROPERTIES) and not (set(_PROPERTIES) & set(_NAMED)), "one term per IRI"
assert not (set(_PROPERTIES) | set(_NAMED)) & set(_JSONLD_PREFIXES), "a term's name is no prefix"


def _compact_iri(iri: str) -> str:
    """``pk:Assigned``, or the IRI itself when no prefix fits."""
    for prefix, namespace in sorted(_JSONLD_PREFIXES.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _relative(iri: str) -> str | None:
    """``unit/长沙市-finance`` for an IRI under "@base", when every reader resolves it back alike:
    no colon (a relative IRI with one reads as an absolute IRI or a compact one), no dot
    segments or empty ones (which resolving would remove)."""
    if not iri.startswith(_BASE):
        return None
    relative = iri[len(_BASE) :]
    path = relative.split("#", 1)[0].split("?", 1)[0]
    if not relative or ":" in relative or relative[0] in "/?#" or any(s in ("", ".", "..") for s in path.split("/")):
        return None
    return relative if urljoin(_BASE, relative) == iri else None


def _node_id(node) -> str:
    if isinstance(node, BlankNode):
        return f"_:{node.value}"
    return _relative(node.value) or _compact_iri(node.value)


def _vocab_name(iri: str) -> str:
    """A class or concept by its term, else as a compact or absolute IRI (never a relative one,
    which "@type" and "@vocab" values resolve against no base)."""
    return _NAME_OF.get(iri) or _compact_iri(iri)


def _value(obj, coercion):
    """An object in the form its term's coercion lets it take, or in full."""
    if isinstance(obj, NamedNode) and coercion == _VOCAB:
        return _vocab_name(obj.value)
    if not isinstance(obj, Literal):
        return _node_id(obj) if coercion == _ID else {"@id": _node_id(obj)}
    if obj.language:
        if coercion == obj.language and not obj.direction:
            return obj.value
        value = {"@value": obj.value, "@language": obj.language}
        return value | {"@direction": obj.direction} if obj.direction else value
    if obj.datatype.value == XSD.string.value:
        return obj.value if coercion is _TEXT else {"@value": obj.value}
    if isinstance(coercion, NamedNode) and coercion.value == obj.datatype.value:
        return obj.value
    return {"@value": obj.value, "@type": _compact_iri(obj.datatype.value)}


def _node(subject, triples: list[Quad]) -> dict:
    node: dict = {"@id": _node_id(subject)}
    types = [q.object for q in triples if q.predicate == RDF.type and isinstance(q.object, NamedNode)]
    if types:
        node["@type"] = [_vocab_name(t.value) for t in types] if len(types) > 1 else _vocab_name(types[0].value)
    values: dict[str, list] = {}
    for quad in triples:
        if quad.predicate == RDF.type and isinstance(quad.object, NamedNode):
            continue
        term, coercion = _TERM_OF.get(quad.predicate.value, (None, _TEXT))
        key = term or _compact_iri(quad.predicate.value)
        values.setdefault(key, []).append(_value(quad.object, coercion))
    for key in sorted(values):
        node[key] = values[key][0] if len(values[key]) == 1 else values[key]
    return node


def context() -> dict:
    """The JSON-LD context: "@base", the vocabularies' prefixes, then a term for every
    property, class and concept policykg writes."""
    terms: dict = {"@base": _BASE}
    terms.update(sorted(_JSONLD_PREFIXES.items()))
    for term, (iri, coercion) in sorted(_PROPERTIES.items()):
        definition = {"@id": _compact_iri(iri.value)}
        if coercion in (_ID, _VOCAB):
            definition["@type"] = coercion
        elif coercion == _ZH:
            definition["@language"] = _ZH
        elif isinstance(coercion, NamedNode):
            definition["@type"] = _compact_iri(coercion.value)
        terms[term] = definition
    terms.update(sorted((term, _compact_iri(iri.value)) for term, iri in _NAMED.items()))
    return terms


def _jsonld(quads: list[Quad]) -> bytes:
    """Every graph as {"@id": graph, "@graph": [nodes]}; the default graph's nodes at the top."""
    by_graph: dict = {}
    for quad in quads:  # sorted: by graph, then subject
        subjects = by_graph.setdefault(None if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name, {})
        subjects.setdefault(quad.subject, []).append(quad)
    top = {subject: _node(subject, triples) for subject, triples in by_graph.pop(None, {}).items()}
    for graph, subjects in by_graph.items():
        entry = top.setdefault(graph, {"@id": _node_id(graph)})
        entry["@graph"] = [_node(subject, triples) for subject, triples in subjects.items()]
    document = {"@context": context(), "@graph": list(top.values())}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
