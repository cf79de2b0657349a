"""Stage 8 — the shapes in ``shapes/`` over the plans' graphs, and a report people can
act on: which measure, what is wrong, the text it was read from.

Plans are validated 10 at a time, each chunk as one small data graph: the triples of the
plans' graphs whose predicates the shapes read, and the few registry facts the shapes look
at (the definitions of the programmes the plans mention). Two engines run the same shapes
over the same data graph:

* ``"turbo"`` (the default): pyshacl-turbo, a SHACL engine in Rust with pySHACL's
  interface, given the data graph as terms (records and quads, ``_Terms``) and giving its
  report back the same way (``_native_report``) — no text to parse, no rdflib graph;
* ``"pyshacl"``: pySHACL over the data graph as an rdflib graph — the reference
  (``validate(store, plans, engine="pyshacl")``), about 6× the CPU time.

The report is told from the plans' graphs in the store (the measure a result is about, its
heading, the source text), the same way whichever engine ran; tests/test_validation_engine.py
checks that the engines' results are the same. A store on disk with three chunks or more
is validated in two processes (``JOBS``). Inference is off: the shapes name the classes the
builder writes. docs/validation.md has the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.ids import span_of
from kg.resources import data_dir
from kg.vocab import PREFIXES, REGISTRY_GRAPH

SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = {"violation": {"Violation"}, "warning": {"Violation", "Warning"}, "info": set(SEVERITIES)}
DOCUMENT_SHAPES = ("responsibility.ttl", "targets.ttl", "terms.ttl")
REGISTRY_SHAPES = ("registry.ttl",)
CHUNK = 10  # plans per engine run
ENGINES = ("turbo", "pyshacl")  # pyshacl-turbo (Rust), the default; pySHACL, the reference
DEFAULT_ENGINE = "turbo"
JOBS = 2  # processes validating chunks at once, at most (fewer on fewer cores)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]*")  # as rdflib writes an integer


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # Violation | Warning | Info
    document: str  # the plan's IRI, or the registry graph's
    measure: int | None  # the measure the result is about, when there is one
    heading: str | None
    focus: str
    path: str | None
    message: str  # English
    message_zh: str
    source_text: str | None
    value: str | None
    value_label: str | None  # the value's Chinese name, when it is a unit or a concept

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "document": self.document,
            "measure": self.measure,
            "heading": self.heading,
            "focus": self.focus,
            "path": self.path,
            "message": self.message,
            "message_zh": self.message_zh,
            "source_text": self.source_text,
            "value": self.value,
            "value_label": self.value_label,
        }


@dataclass
class Report:
    results: list[ValidationResult] = field(default_factory=list)
    # the SHACL report of each graph validated: pySHACL's rdflib graph, or pyshacl-turbo's
    # report as terms (``_Terms.records`` and their triples), read as rdflib by report_graph()
    graphs: list = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # document IRI → title

    def conforms(self, fail_on: str = "violation") -> bool:
        return not any(result.severity in FAIL_ON[fail_on] for result in self.results)

    def count(self, severity: str) -> int:
        return sum(result.severity == severity for result in self.results)

    def report_graph(self):
        """All report graphs as one rdflib graph (the standard SHACL vocabulary)."""
        import rdflib

        merged = rdflib.Graph()
        for prefix in ("sh", "pk", "skos", "prov"):
            merged.bind(prefix, PREFIXES.get(prefix, "http://www.w3.org/ns/shacl#"))
        for graph in self.graphs:
            if isinstance(graph, tuple):  # pyshacl-turbo's report as terms
                records, triples = graph
                terms = [_rdflib_record(record, normalize=False) for record in records]
                merged.addN((terms[s], terms[p], terms[o], merged) for s, p, o, *_ in triples)
            else:
                merged += graph
        return merged

    def turtle(self) -> str:
        """The SHACL validation report as Turtle."""
        return self.report_graph().serialize(format="turtle").rstrip()

    def as_json(self, fail_on: str = "violation") -> dict[str, object]:
        return {"conforms": self.conforms(fail_on), "results": [result.as_json() for result in self.results]}

    def text(self, fail_on: str = "violation") -> str:
        """The report for people: results by plan and measure, then the counts."""
        return text_report(self, fail_on)


@lru_cache(maxsize=2)
def _shapes(names: tuple[str, ...]):
    import rdflib

    shapes = rdflib.Graph()
    for name in names:
        shapes.parse(data_dir("shapes") / name, format="turtle")
    return shapes


def _rdflib_term(node):
    """A pyoxigraph term as rdflib's."""
    import pyoxigraph
    import rdflib

    if isinstance(node, pyoxigraph.NamedNode):
        return rdflib.URIRef(node.value)
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return rdflib.Literal(node.value, lang=node.language)
        if node.datatype.value == _XSD_STRING:  # a plain literal, as rdflib and the shapes write it
            return rdflib.Literal(node.value)
        return rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))
    return rdflib.BNode(node.value)


def _oxigraph_term(node):
    """An rdflib term as pyoxigraph's (``_rdflib_term``'s inverse)."""
    import pyoxigraph
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
        return pyoxigraph.Literal(str(node))
    return pyoxigraph.BlankNode(str(node))


def _rdflib_record(record, normalize: bool | None = None):
    """A record of ``_Terms`` (kind, text, datatype, language) as an rdflib term."""
    import rdflib

    kind, text, datatype, language = record
    if kind == 0:
        return rdflib.URIRef(text)
    if kind == 1:
        return rdflib.BNode(text)
    if language:
        return rdflib.Literal(text, lang=language, normalize=normalize)
    return rdflib.Literal(text, datatype=rdflib.URIRef(datatype) if datatype else None, normalize=normalize)


def _record_of(node) -> tuple:
    """A pyoxigraph term as a record of ``_Terms``; a plain literal has no datatype, as
    rdflib and N-Triples write it (``_rdflib_term``)."""
    import pyoxigraph

    if isinstance(node, pyoxigraph.NamedNode):
        return (0, node.value, None, None)
    if isinstance(node, pyoxigraph.BlankNode):
        return (1, node.value, None, None)
    if node.language:
        return (2, node.value, None, node.language)
    datatype = node.datatype.value
    return (2, node.value, None if datatype == _XSD_STRING else datatype, None)


def _oxigraph_record(record):
    """A record of ``_Terms`` as a pyoxigraph term (``_record_of``'s inverse)."""
    import pyoxigraph

    kind, text, datatype, language = record
    if kind == 0:
        return pyoxigraph.NamedNode(text)
    if kind == 1:
        return pyoxigraph.BlankNode(text)
    if language:
        return pyoxigraph.Literal(text, language=language)
    if datatype:
        return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(datatype))
    return pyoxigraph.Literal(text)


_XSD = "http://www.w3.org/2001/XMLSchema#"
# A term as the store writes it in SPARQL TSV results: an IRI, a blank node, a quoted
# literal (its lexical form escaped, then a language or a datatype) or a bare one (a number
# or a boolean written as Turtle's shorthand, its lexical form).
_TSV_BARE = (
    (re.compile(r"true|false"), _XSD + "boolean"),
    (re.compile(r"[+-]?[0-9]+"), _XSD + "integer"),
    (re.compile(r"[+-]?[0-9]*\.[0-9]+"), _XSD + "decimal"),
    (re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+"), _XSD + "double"),
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescaped(match) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _ESCAPED[match[3]]


def _record_of_tsv(token: bytes) -> tuple:
    """A term as the store writes it in SPARQL TSV results as a record of ``_Terms``."""
    text = token.decode("utf-8")
    if text[0] == "<":
        return (0, text[1:-1], None, None)
    if text[0] == "_":
        return (1, text[2:], None, None)
    if text[0] == '"':  # "lexical form", then @language or ^^<datatype>, which hold no quote
        end = text.rindex('"')
        lexical, suffix = text[1:end], text[end + 1 :]
        if "\\" in lexical:
            lexical = _ESCAPE.sub(_unescaped, lexical)
        if suffix.startswith("@"):
            return (2, lexical, None, suffix[1:])
        datatype = suffix[3:-1] if suffix.startswith("^^<") else None
        return (2, lexical, None if datatype == _XSD_STRING else datatype, None)
    for pattern, datatype in _TSV_BARE:
        if pattern.fullmatch(text):
            return (2, text, datatype, None)
    raise ValueError(f"the store wrote a term that is none: {text!r}")


class _Terms:
    """A graph as pyshacl-turbo takes it in and gives its report back: ``records``, one a
    term — (0, IRI), (1, blank node label), (2, lexical form, datatype, language), each
    ``None`` when absent and a plain literal without datatype — and ``quads`` of their
    indexes (in no graph), each once (a unit named in two plans of a chunk is one node of
    the graph)."""

    def __init__(self) -> None:
        self.records: list[tuple] = []
        self.quads: dict[tuple, None] = {}  # an ordered set
        self.index: dict[tuple, int] = {}  # record → its index
        self.tokens: dict[bytes, int] = {}  # a term as the store writes it (SPARQL TSV) → its record's index
        self.annotations: set[int] = set()  # the records of IRIs of the Web Annotation vocabulary

    def intern_record(self, record: tuple) -> int:
        index = self.index.get(record)
        if index is None:
            index = self.index[record] = len(self.records)
            self.records.append(record)
            if record[0] == 0 and record[1].startswith(PREFIXES["oa"]):
                self.annotations.add(index)
        return index

    def intern(self, node) -> int:
        """The index of a pyoxigraph term's record."""
        return self.intern_record(_record_of(node))

    def intern_token(self, token: bytes) -> int:
        """The index of the record of a term as the store writes it in SPARQL TSV results."""
        index = self.intern_record(_record_of_tsv(token))
        self.tokens[token] = index
        return index

    def node(self, index: int):
        """A record's pyoxigraph term."""
        return _oxigraph_record(self.records[index])

    def add(self, subject, predicate, obj) -> None:
        self.quads[(self.intern(subject), self.intern(predicate), self.intern(obj), None)] = None

    def engine_input(self) -> tuple[list, list]:
        """The graph as pyshacl-turbo's ``"terms"`` input: records and quads."""
        return self.records, list(self.quads)

    def rdflib(self):
        """The graph as an rdflib graph, for pySHACL: the terms as ``_rdflib_term`` makes
        them, so both engines read the same data."""
        import rdflib

        terms = [_rdflib_record(record) for record in self.records]
        graph = rdflib.Graph()
        graph.addN((terms[s], terms[p], terms[o], graph) for s, p, o, _ in self.quads)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        return graph


def _terms_of(graph) -> tuple[list, list]:
    """An rdflib graph (pySHACL's report) as records and quads, as pyshacl-turbo gives its
    report."""
    import rdflib

    records: list[tuple] = []
    index: dict = {}

    def intern(node) -> int:
        found = index.get(node)
        if found is None:
            if isinstance(node, rdflib.URIRef):
                record = (0, str(node), None, None)
            elif isinstance(node, rdflib.BNode):
                record = (1, str(node), None, None)
            else:
                language = node.language or None
                datatype = str(node.datatype) if node.datatype is not None and not language else None
                record = (2, str(node), datatype, language)
            found = index[node] = len(records)
            records.append(record)
        return found

    return records, [(intern(s), intern(p), intern(o), None) for s, p, o in graph]


class _Known:
    """What the data graph (``data``) read of one plan's graph with some predicates (the
    indexes of their records), every triple of theirs: ``objects[subject, predicate]``
    the objects, as indexes of ``data``'s records, in the order the store gave them."""

    def __init__(self, data: _Terms, predicates: set[int]) -> None:
        self.data, self.predicates = data, predicates
        self.objects: dict[tuple[int, int], list[int]] = {}


class _Graph:
    """One graph of the store — a plan's, or the registry's — read for the report in
    pyoxigraph terms. Both engines' reports are told from it, so they name the same
    things; where a node has several values (a measure's co-leads) the first is the
    store's first, as it was the data graph's.

    A single value the data graph read already (``known``) is taken from there; the rest
    (and several values, to have the store's order) is looked up in the store, each
    pattern once (a look-up costs tens of µs)."""

    def __init__(self, store, graph: str, known: _Known | None = None):
        import pyoxigraph

        self._store = store  # never its Oxigraph handle, which a closed store must let go of
        self.graph = pyoxigraph.NamedNode(graph)
        self._literal = pyoxigraph.Literal
        self._known = known
        self._read: dict[tuple, list] = {}

    def _lookup(self, subject, predicate, obj) -> list:
        key = (subject, predicate, obj)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = list(self._store.oxigraph.quads_for_pattern(subject, predicate, obj, self.graph))
        return found

    def objects(self, subject, predicate) -> list:
        if isinstance(subject, self._literal):
            return []  # no literal is a subject
        if self._known is not None:
            data = self._known.data
            p = data.index.get(_record_of(predicate))
            if p is not None and p in self._known.predicates:
                known = self._known.objects.get((data.index.get(_record_of(subject)), p), ())
                if len(known) < 2:
                    return [data.node(o) for o in known]
        return [quad.object for quad in self._lookup(subject, predicate, None)]

    def value(self, subject=None, predicate=None, object=None):
        if isinstance(subject, self._literal):
            return None
        if object is None and subject is not None:
            found = self.objects(subject, predicate)
            return found[0] if found else None
        for quad in self._lookup(subject, predicate, object):
            return quad.subject if subject is None else quad.object
        return None

    def __contains__(self, triple) -> bool:
        return self.value(*triple) is not None


def _text(node) -> str | None:
    """A pyoxigraph term as rdflib's ``str()`` of it (``_rdflib_term``): an IRI, a blank
    node's label, a literal's lexical form (as rdflib normalises it for a datatype other
    than a string, unless it is already canonical: an integer such as a measure's number)."""
    import pyoxigraph

    if node is None:
        return None
    if not isinstance(node, pyoxigraph.Literal):
        return node.value
    text = node.value
    if node.language or node.datatype.value == _XSD_STRING:
        return text
    if node.datatype.value == _XSD_INTEGER and _CANONICAL_INTEGER.fullmatch(text):
        return text
    return str(_rdflib_term(node))


def shapes_read(shapes) -> frozenset[str]:
    """The IRIs of the predicates whose triples a shapes graph (rdflib) reads in the data
    graph: every ``sh:path`` (sequence, alternative, inverse and repeated paths step by
    step), the property pairs (``sh:equals``, ``sh:disjoint``, ``sh:lessThan``,
    ``sh:lessThanOrEquals``), ``sh:targetSubjectsOf`` / ``sh:targetObjectsOf``,
    ``rdf:type`` and ``rdfs:subClassOf`` for class targets and ``sh:class``, and the
    predicates of the SPARQL queries (``sh:select``, ``sh:ask``) of SPARQL targets and
    constraints. Raises ValueError for a shape that may read any predicate (a closed
    shape, a negated path, a query with a variable predicate): no subset of the graph
    is enough for it."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import SH

    read: set[URIRef] = set()
    for path in shapes.objects(None, SH.path):
        read |= _path_predicates(shapes, path)
    for pair in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH.targetSubjectsOf, SH.targetObjectsOf):
        read.update(shapes.objects(None, pair))
    implicit_class_targets = set(shapes.subjects(RDF.type, RDFS.Class)) & (
        set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    )
    if (
        implicit_class_targets
        or any(shapes.triples((None, SH.targetClass, None)))
        or any(shapes.triples((None, SH["class"], None)))
    ):
        read |= {RDF.type, RDFS.subClassOf}
    if any(closed.toPython() is True for closed in shapes.objects(None, SH.closed)):
        raise ValueError("a closed shape (sh:closed) reads every predicate of its focus nodes")
    namespaces = {
        str(prefix): str(namespace)
        for declaration in shapes.objects(None, SH.declare)
        for prefix in shapes.objects(declaration, SH.prefix)
        for namespace in shapes.objects(declaration, SH.namespace)
    }
    for query in (*shapes.objects(None, SH.select), *shapes.objects(None, SH.ask)):
        read |= _query_predicates(str(query), namespaces)
    return frozenset(str(predicate) for predicate in read)


def _path_predicates(shapes, path) -> set:
    """The predicates a SHACL property path steps along."""
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if isinstance(path, URIRef):
        return {path}
    for kind in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = shapes.value(path, kind)
        if inner is not None:
            return _path_predicates(shapes, inner)
    alternatives = shapes.value(path, SH.alternativePath)
    steps = (
        Collection(shapes, alternatives)
        if alternatives is not None
        else (Collection(shapes, path) if shapes.value(path, RDF.first) is not None else None)
    )
    if steps is None:
        raise ValueError(f"a shape's sh:path {path} is no SHACL property path")
    return {predicate for step in steps for predicate in _path_predicates(shapes, step)}


def _query_predicates(query: str, namespaces: dict[str, str]) -> set:
    """The predicates the triple patterns and property paths of a SPARQL query read,
    including those inside FILTER (NOT) EXISTS, OPTIONAL, UNION and subqueries."""
    from rdflib import URIRef, Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def steps(predicate):
        if isinstance(predicate, URIRef):
            yield predicate
        elif isinstance(predicate, (SequencePath, AlternativePath)):
            for arg in predicate.args:
                yield from steps(arg)
        elif isinstance(predicate, InvPath):
            yield from steps(predicate.arg)
        elif isinstance(predicate, MulPath):
            yield from steps(predicate.path)
        elif isinstance(predicate, NegatedPath):
            raise ValueError(f"a SPARQL query in the shapes has a negated path, which reads any predicate: {query}")
        elif isinstance(predicate, Variable) and str(predicate) != "PATH":  # $PATH is the shape's own sh:path
            raise ValueError(f"a SPARQL query in the shapes has a variable predicate ?{predicate}: {query}")

    found: set = set()

    def walk(node) -> None:
        if isinstance(node, CompValue):
            for pattern in node.get("triples") or ():
                # a parsed block holds s p o s p o …; a translated one, (s, p, o) tuples
                found.update(step for predicate in list(pattern)[1::3] for step in steps(predicate))
            for key, value in node.items():
                if key != "triples":
                    walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(prepareQuery(query, initNs=namespaces).algebra)
    return found


_given_predicates: tuple | None = None  # a worker process's, as the process that started it read them


def _predicates() -> tuple:
    """What the data graph of a plan takes from its graph: the predicates the document
    shapes read, once a process (a worker is given them: reading them from the shapes
    parses their SPARQL, a quarter of a second). The rest of a plan's graph (its text,
    bodies, spans, hierarchy) is left out, which more than halves it; the report reads the
    plan's graph in the store (``_Graph``)."""
    return _given_predicates if _given_predicates is not None else _shapes_predicates()


@lru_cache(maxsize=1)
def _shapes_predicates() -> tuple:
    import pyoxigraph

    return tuple(pyoxigraph.NamedNode(iri) for iri in sorted(shapes_read(_shapes(DOCUMENT_SHAPES))))


@lru_cache(maxsize=2)
def _selection(predicates: tuple) -> str:
    """The query of a plan's triples whose predicates are ``predicates``: each triple's
    subject, object and its predicate's position in ``predicates`` (an integer, which the
    store hands back without looking up the predicate's IRI)."""
    pairs = " ".join(f"({predicate} {position})" for position, predicate in enumerate(predicates))
    return f"SELECT ?k ?s ?o WHERE {{ VALUES (?p ?k) {{ {pairs} }} ?s ?p ?o }}"


# What the report reads of a result's focus node, its measure and its value that the data
# graph reads too, kept while it is read (``_Known``): the types, the number, the span and
# the name.
_KNOWN = ("rdf:type", "pk:number", "pk:text", "skos:prefLabel")


def _read_plan(store, document, data: _Terms) -> _Known:
    """Add to ``data`` what the shapes read of the plan's graph (``_predicates``) but the
    objects in the Web Annotation vocabulary, and the registry definitions (and names) of
    the programmes it names. Returns what the plan's graph says with the predicates of
    ``_KNOWN`` among them, for the report (``_Graph``).

    The store writes the triples as SPARQL TSV (a term as in Turtle), and a term is made a
    record once, the first time it is met: a fifth less than making each a pyoxigraph term."""
    from pyoxigraph import BlankNode, NamedNode, QueryResultsFormat

    predicates = _predicates()
    positions = {str(k).encode(): data.intern(predicate) for k, predicate in enumerate(predicates)}
    named = {  # the predicates whose objects are programmes and terms
        data.intern(predicate)
        for predicate in predicates
        if predicate.value in (PREFIXES["pk"] + "mentions", PREFIXES["skos"] + "exactMatch")
    }
    wanted = {PREFIXES[prefix] + local for prefix, local in (name.split(":") for name in _KNOWN)}
    kept = {data.intern(predicate) for predicate in predicates if predicate.value in wanted}
    known = _Known(data, kept)
    facts, concepts = known.objects, {}
    quads, tokens, intern, annotations = data.quads, data.tokens, data.intern_token, data.annotations
    either = named | kept
    rows = store.oxigraph.query(_selection(predicates), default_graph=[document])
    lines = rows.serialize(format=QueryResultsFormat.TSV).split(b"\n")
    for line in lines[1:-1]:  # the header ?k ?s ?o, the rows (no term holds a tab or a newline), ""
        position, subject, obj = line.split(b"\t")
        p = positions[position]
        o = tokens.get(obj)
        if o is None:
            o = intern(obj)
        s = tokens.get(subject)
        if s is None:
            s = intern(subject)
        if p in either:
            if p in kept:
                facts.setdefault((s, p), []).append(o)
            if p in named:
                concepts[o] = None
        if o not in annotations:
            quads[(s, p, o, None)] = None
    # CONSTRUCT { ?c skos:definition ?d ; skos:prefLabel ?l } WHERE { GRAPH <plan> { { ?m
    # pk:mentions ?c } UNION { ?e skos:exactMatch ?c } } GRAPH <registry> { ?c
    # skos:definition ?d OPTIONAL { ?c skos:prefLabel ?l } } }, a concept at a time (that
    # query cost 4 ms a plan, a sixth of reading the plan)
    definition, label = NamedNode(PREFIXES["skos"] + "definition"), NamedNode(PREFIXES["skos"] + "prefLabel")
    for concept in map(data.node, concepts):
        if isinstance(concept, (NamedNode, BlankNode)):
            definitions = list(store.oxigraph.quads_for_pattern(concept, definition, None, REGISTRY_GRAPH))
            if definitions:
                for quad in definitions:
                    data.add(concept, definition, quad.object)
                for quad in store.oxigraph.quads_for_pattern(concept, label, None, REGISTRY_GRAPH):
                    data.add(concept, label, quad.object)
    return known


def _run_pyshacl(data: _Terms, names: tuple[str, ...]):
    """pySHACL over the data as an rdflib graph: the report graph (rdflib), and the report
    as terms (``_terms_of``)."""
    import pyshacl

    # inplace: nothing is inferred, so the data graph need not be copied first.
    _, report_graph, _ = pyshacl.validate(
        data.rdflib(),
        shacl_graph=_shapes(names),
        inference="none",
        advanced=True,
        allow_infos=True,
        allow_warnings=True,
        inplace=True,
    )
    return report_graph, _terms_of(report_graph)


@lru_cache(maxsize=2)
def _compiled(names: tuple[str, ...]):
    """The shapes compiled by pyshacl-turbo, once a process."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(_shapes(names), advanced=True)


# The pyshacl-turbo releases whose engine call ``_native_report`` makes was checked
# against (tests/test_validation_engine.py); on another, the public call is made.
_NATIVE_RELEASES = ("0.6.",)


def _native_report(compiled, source) -> tuple | None:
    """The report of the engine as it gives it, records and quads as ``_Terms`` has them,
    or None when this pyshacl-turbo is not one whose engine call is known.

    ``CompiledShapes.validate`` (the public call) makes this call and then builds an
    rdflib graph of the report, which took longer than the validation itself; the
    arguments are the public call's with pySHACL's settings: no rules, depth 15, not in
    place, infos and warnings allowed, no abort, all focus nodes and shapes, no prefixes."""
    import pyshacl_turbo

    native = getattr(compiled, "_native", None)
    if native is None or not pyshacl_turbo.__version__.startswith(_NATIVE_RELEASES):
        return None
    outcome = native.validate(source, "terms", None, False, 100, 15, False, True, True, False, [], [], [])
    if not (isinstance(outcome, tuple) and len(outcome) == 5):
        return None
    _, report, _, _, recursion_warnings = outcome
    if not (isinstance(report, tuple) and len(report) == 2):
        return None
    if recursion_warnings:
        import warnings

        from pyshacl_turbo import ShapeRecursionWarning

        for message in recursion_warnings:
            warnings.warn(message, ShapeRecursionWarning, stacklevel=3)
    return report


def _run_turbo(data: _Terms, names: tuple[str, ...]):
    """pyshacl-turbo over the data as its terms (records of terms and quads of their
    indexes, as ``_Terms`` makes them: no text to parse, no rdflib graph): the report as
    terms, twice (for ``Report.graphs``, and to tell the results from).

    Terms rather than a pyoxigraph store: the engine reads a store's literals as rdflib
    reads them from Oxigraph (``"national"^^xsd:string``, which is no ``sh:in (
    "national" )`` of rdflib's), and terms as N-Triples and rdflib read them (a plain
    ``"national"``), which is how the pySHACL engine is given the data (``_Terms.rdflib``)."""
    compiled = _compiled(names)
    source = data.engine_input()
    report = _native_report(compiled, source)
    if report is None:
        from pyshacl_turbo.rdf import Input

        # The settings are pySHACL's above: no inference, SHACL-AF (SPARQL targets) on.
        _, report_graph, _ = compiled.validate(
            Input(source, "terms", None, {}, preserve_ids=True),
            inference="none",
            allow_infos=True,
            allow_warnings=True,
        )
        report = _terms_of(report_graph)
    return report, report


_RUNNERS = {"turbo": _run_turbo, "pyshacl": _run_pyshacl}


@lru_cache(maxsize=1)
def _turbo_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("pyshacl_turbo") is not None


def _results(report: tuple, store, documents: list[str], graphs: dict | None = None) -> list[ValidationResult]:
    """The results of a report (records and quads, as ``_Terms`` has them) on
    ``documents`` (plans, or the registry), told from what their graphs in the store say
    of the results' focus nodes (``graphs``: document → its ``_Graph``, when made)."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    def term(name: str) -> NamedNode:
        prefix, local = name.split(":")
        return NamedNode((PREFIXES.get(prefix) or "http://www.w3.org/ns/shacl#") + local)

    rdf_type, has_selector, exact_quote = term("rdf:type"), term("oa:hasSelector"), term("oa:exact")
    pk_text, pk_responsibility_text, pk_mentions = term("pk:text"), term("pk:responsibilityText"), term("pk:mentions")
    measure_class, assignment_class = term("pk:Measure"), term("pk:Assignment")
    target_class, disagreement_class = term("pk:Target"), term("pk:TaskTableDisagreement")
    qualified_association, pk_target, pk_disagreement = (
        term("prov:qualifiedAssociation"),
        term("pk:target"),
        term("pk:disagreement"),
    )
    kind, plan_says, table_says = term("pk:disagreementKind"), term("pk:planSays"), term("pk:tableSays")
    agent, lead_unit = PREFIXES["prov"] + "agent", PREFIXES["pk"] + "leadUnit"
    pref_label, as_written, number_of, title = (
        term("skos:prefLabel"),
        term("pk:asWritten"),
        term("pk:number"),
        term("eli:title"),
    )

    records, quads = report
    iris = {record[1]: index for index, record in enumerate(records) if record[0] == 0}

    def index_of(name: str) -> int:  # the record of a term of the report's vocabulary, or -1
        return iris.get(term(name).value, -1)

    focus_node, severity_of, message_of, path_of, value_of = (
        index_of("sh:focusNode"),
        index_of("sh:resultSeverity"),
        index_of("sh:resultMessage"),
        index_of("sh:resultPath"),
        index_of("sh:value"),
    )
    said: dict[int, dict[int, list[int]]] = {}  # subject → predicate → objects, in the report's order
    for subject, predicate, obj, *_ in quads:
        said.setdefault(subject, {}).setdefault(predicate, []).append(obj)
    rdf_type_index, result_class = index_of("rdf:type"), index_of("sh:ValidationResult")
    result_nodes = dict.fromkeys(
        subject for subject, predicate, obj, *_ in quads if predicate == rdf_type_index and obj == result_class
    )

    def quote(data, node, *predicates):
        """The text a fact was read from: its span ``<plan#char=start,end>`` cut from the
        plan's text, or (graphs built before spans were IRIs) the ``oa:exact`` of the
        Web Annotation selectors of its ``oa:SpecificResource``."""
        for predicate in predicates:
            for source in data.objects(node, predicate):
                span = span_of(source.value) if isinstance(source, NamedNode) else None
                if span is not None:
                    plan, start, end = span
                    text = source_text(plan)
                    if text is not None and start <= end <= len(text):
                        return text[start:end]
                for selector in data.objects(source, has_selector):
                    for exact in data.objects(selector, exact_quote):
                        return _text(exact)
        return None

    graphs = graphs or {iri: _Graph(store, iri) for iri in documents}
    source_text = _source_texts(store)
    results = []
    for result in result_nodes:
        values = said[result]
        focus_record = records[values[focus_node][0]]
        focus = _oxigraph_record(focus_record)
        focus_plan = focus_record[1].split("#", 1)[0]
        document_iri = focus_plan if focus_plan in graphs else documents[0]
        data = graphs[document_iri]
        severity = records[values[severity_of][0]][1].rsplit("#", 1)[-1]
        messages = {}
        for message in values.get(message_of, ()):
            _, text, _, language = records[message]
            messages[_language(text, language)] = text
        path = values[path_of][0] if path_of in values else None
        value_record = records[values[value_of][0]] if value_of in values else None

        measure_node, source = None, None
        types = set(data.objects(focus, rdf_type))
        if measure_class in types:
            measure_node = focus
            # What the measure says about its units, or (a programme it names) its text.
            about_units = path is None or records[path][1] != pk_mentions.value
            first = (pk_responsibility_text, pk_text) if about_units else (pk_text,)
            source = next((found for predicate in first if (found := quote(data, focus, predicate))), None)
        elif assignment_class in types:
            measure_node = data.value(predicate=qualified_association, object=focus)
            source = quote(data, focus, pk_text)
        elif target_class in types:
            measure_node = data.value(predicate=pk_target, object=focus)
            source = quote(data, focus, pk_text)
        elif disagreement_class in types:
            owner = data.value(predicate=pk_disagreement, object=focus)
            measure_node = owner if owner is not None and (owner, rdf_type, measure_class) in data else None

            # as rdflib writes the terms, and tells whether they are empty
            stated, plan_text, table_text = (
                None if (said_term := data.value(focus, predicate)) is None else _rdflib_term(said_term)
                for predicate in (kind, plan_says, table_says)
            )
            source = f"{stated}: plan {plan_text or '—'}; table {table_text or '—'}"
        if value_record is not None:
            value = _oxigraph_record(value_record)
            value_text = value_record[1] if value_record[0] != 1 else None
        elif path is not None and records[path][0] == 0 and records[path][1] in (agent, lead_unit):
            value = data.value(focus, NamedNode(records[path][1]))
            value_text = None if value is None or isinstance(value, BlankNode) else _text(value)
        else:
            value = value_text = None
        labels = (
            [
                label
                for label in (*data.objects(value, pref_label), *data.objects(value, as_written))
                if isinstance(label, Literal) and label.language == "zh"
            ]
            if value is not None
            else []
        )
        number = data.value(measure_node, number_of) if measure_node is not None else None
        heading = data.value(measure_node, title) if measure_node is not None else None
        results.append(
            ValidationResult(
                severity=severity,
                document=document_iri,
                measure=_integer(_text(number)),
                heading=_text(heading),
                focus=focus_record[1],
                path=_path_text(records, said, iris, path),
                message=messages.get("en") or next(iter(messages.values()), ""),
                message_zh=messages.get("zh", ""),
                source_text=source,
                value=value_text,
                value_label=labels[0].value if labels else None,
            )
        )
    results.sort(key=_order)
    return results


def _order(result: ValidationResult) -> tuple:
    """Results by measure, severity, focus and message, then by everything else they say:
    one order, whatever order an engine reports them in."""
    severity = SEVERITIES.index(result.severity) if result.severity in SEVERITIES else len(SEVERITIES)
    return (
        result.measure is None,
        result.measure or 0,
        severity,
        result.focus,
        result.message,
        *("" if text is None else text for text in (result.path, result.value, result.value_label)),
        result.message_zh,
        *("" if text is None else text for text in (result.source_text, result.heading)),
    )


def _integer(literal) -> int | None:
    """A measure's number, or None when another tool wrote it as no integer ("seven")."""
    try:
        return int(literal) if literal is not None else None
    except (TypeError, ValueError):
        return None


def _language(text: str, language: str | None) -> str:
    """A message's language; pyshacl drops the tags of SPARQL-constraint messages, so
    those are told by script."""
    if language:
        return language
    chinese = sum("\u4e00" <= char <= "\u9fff" for char in text)
    return "zh" if chinese * 2 > len(text.replace(" ", "")) else "en"


def _path_text(records: list, said: dict, iris: dict, path: int | None) -> str | None:
    """A result path (a record of the report; ``said`` what the report says of each node,
    ``iris`` the records of its IRIs) as SPARQL-like text: pk:text/oa:hasSelector for a
    sequence, "" for an alternative or inverse path, which is no list, as rdflib's
    ``Collection`` reads it."""
    if path is None:
        return None
    kind, text, _, _ = records[path]
    if kind == 1:
        first, rest = iris.get(PREFIXES["rdf"] + "first", -1), iris.get(PREFIXES["rdf"] + "rest", -1)
        steps = []
        node, chain = path, {path}
        while node is not None and records[node][1]:
            values = said.get(node, {})
            if first in values:
                steps.append(values[first][0])
            node = values[rest][0] if rest in values else None
            if node in chain:
                return None  # a list that comes back on itself
            chain.add(node)
        return "/".join(_path_text(records, said, iris, step) or "" for step in steps)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _source_texts(store):
    """A plan's ``pk:sourceText`` by the plan's IRI, read from its graph when a result
    quotes it (a few plans of a chunk; not in the data graph, where it would only weigh)."""
    from pyoxigraph import NamedNode

    predicate = NamedNode(PREFIXES["pk"] + "sourceText")

    @lru_cache(maxsize=CHUNK)
    def source_text(plan: str) -> str | None:
        try:
            node = NamedNode(plan)
        except ValueError:
            return None
        for quad in store.oxigraph.quads_for_pattern(node, predicate, None, node):
            return quad.object.value
        return None

    return source_text


def _chunk(store, chunk: list[str], engine: str):
    """Some plans validated with one run of the engine: the report (``Report.graphs``),
    the results and the plans' titles."""
    from pyoxigraph import NamedNode

    data = _Terms()
    graphs = {}
    for iri in chunk:
        graphs[iri] = _Graph(store, iri, _read_plan(store, NamedNode(iri), data))
    graph, report = _RUNNERS[engine](data, DOCUMENT_SHAPES)
    title_of = NamedNode(PREFIXES["eli"] + "title")
    titles = {}
    for iri in chunk:
        title = graphs[iri].value(NamedNode(iri), title_of)
        titles[iri] = _text(title) if title is not None else iri
    return graph, _results(report, store, chunk, graphs), titles


_worker_store = None  # a worker process's own read-only handle on the store


def _open_store(path: str, predicates: tuple[str, ...]) -> None:
    global _worker_store, _given_predicates
    from pathlib import Path

    from pyoxigraph import NamedNode

    from kg.store import Store

    _given_predicates = tuple(NamedNode(iri) for iri in predicates)

    _worker_store = Store(Path(path), read_only=True)


def _chunk_in_worker(chunk: list[str], engine: str):
    return _chunk(_worker_store, chunk, engine)


def _chunks(store, chunks: list[list[str]], engine: str, jobs: int) -> list:
    """``_chunk`` of each chunk, in order. With ``jobs`` > 1, a store on disk and three
    chunks or more, ``jobs - 1`` more processes validate chunks from the end of the list
    while this one validates them from the start; each process opens the store read-only
    (which sees what this one has written) and is kept two chunks ahead."""
    path = getattr(store, "path", None)
    if jobs < 2 or len(chunks) < 3 or path is None:
        return [_chunk(store, chunk, engine) for chunk in chunks]
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    outcomes: list = [None] * len(chunks)
    waiting = deque(range(len(chunks)))
    running: dict = {}  # future → index of its chunk
    broken = []  # a process could not start or open the store: this one does the rest
    # spawn, not fork: the store's RocksDB threads and the engine's would not survive a fork.
    context = multiprocessing.get_context("spawn")
    predicates = tuple(predicate.value for predicate in _predicates())
    with ProcessPoolExecutor(jobs - 1, context, initializer=_open_store, initargs=(str(path), predicates)) as pool:

        def hand_out() -> None:
            while not broken and len(waiting) > 1 and len(running) < 2 * (jobs - 1):
                index = waiting.pop()
                try:
                    running[pool.submit(_chunk_in_worker, chunks[index], engine)] = index
                except BrokenProcessPool:
                    waiting.append(index)
                    broken.append(True)

        def collect(futures) -> None:
            for future in futures:
                index = running.pop(future)
                try:
                    outcomes[index] = future.result()
                except BrokenProcessPool:
                    broken.append(True)
                    outcomes[index] = _chunk(store, chunks[index], engine)

        hand_out()
        while waiting:
            index = waiting.popleft()
            outcomes[index] = _chunk(store, chunks[index], engine)
            collect([future for future in running if future.done()])
            hand_out()
        collect(list(running))
    return outcomes


def validate(store, plans: list | None = None, engine: str = DEFAULT_ENGINE, jobs: int | None = None) -> Report:
    """Validate the plans given by IRI (default: every plan in the store) and the registry,
    with pyshacl-turbo (``engine="turbo"``) or pySHACL (``engine="pyshacl"``): the same
    results either way. ``jobs``: processes to validate in, this one included (default:
    ``JOBS``, at most one a core); more than one for a store on disk with three chunks of
    plans or more (``_chunks``)."""
    import os

    if engine not in _RUNNERS:
        raise ValueError(f"unknown validation engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "turbo" and not _turbo_installed():
        engine = "pyshacl"  # pyshacl-turbo needs Python 3.11; pySHACL gives the same results
    documents = (
        [str(getattr(plan, "value", plan)) for plan in plans]
        if plans is not None
        else [str(d.value) for d in store.documents()]
    )
    # Read the shapes first, from no frame that holds the store: rdflib's SPARQL parser
    # (pyparsing) keeps the frames of its first call alive, and with them what they hold,
    # which would keep the store open — and locked — after it is closed.
    _predicates()
    report = Report()
    # Plans are validated a chunk at a time: one run over several small graphs costs less
    # than one run each, and memory stays bounded.
    chunks = [documents[first : first + CHUNK] for first in range(0, len(documents), CHUNK)]
    jobs = jobs if jobs is not None else min(JOBS, os.cpu_count() or 1)
    for graph, results, titles in _chunks(store, chunks, engine, jobs):
        report.graphs.append(graph)
        report.results.extend(results)
        report.titles.update(titles)
    registry = _Terms()
    for quad in store.quads(REGISTRY_GRAPH):
        registry.add(quad.subject, quad.predicate, quad.object)
    graph, registry_report = _RUNNERS[engine](registry, REGISTRY_SHAPES)
    report.graphs.append(graph)
    report.results.extend(_results(registry_report, store, [REGISTRY_GRAPH.value]))
    report.titles[REGISTRY_GRAPH.value] = "registry and ontology"
    position = {iri: index for index, iri in enumerate(report.titles)}
    report.results.sort(key=lambda r: (position.get(r.document, 0), *_order(r)))
    return report


def text_report(report: Report, fail_on: str = "violation") -> str:
    """The report grouped by plan and measure, each result with its source text."""
    lines = []
    documents = list(dict.fromkeys([*report.titles, *(r.document for r in report.results)]))
    for document in documents:
        results = [r for r in report.results if r.document == document]
        if document == REGISTRY_GRAPH.value and not results:
            continue
        counts = {severity: sum(r.severity == severity for r in results) for severity in SEVERITIES}
        failing = any(r.severity in FAIL_ON[fail_on] for r in results)
        lines.append(f"{report.titles.get(document, document)}  <{document}>")
        lines.append(
            f"  {'does not conform' if failing else 'conforms'}: {counts['Violation']} violation(s), "
            f"{counts['Warning']} warning(s), {counts['Info']} info"
        )
        current = object()
        for result in results:
            if result.measure != current:
                current = result.measure
                if result.measure is None:
                    lines.append("  outside the measures" if document != REGISTRY_GRAPH.value else "  registry")
                else:
                    lines.append(f"  measure {result.measure}  {result.heading or ''}".rstrip())
            about = f" ({result.value_label})" if result.value_label else ""
            lines.append(f"    {result.severity:<9} {result.message}{about}")
            if result.message_zh:
                lines.append(f"              {result.message_zh}")
            if result.source_text:
                source = result.source_text if len(result.source_text) <= 80 else result.source_text[:79] + "…"
                lines.append(f"              source: {source}")
    return "\n".join(lines)
