"""Stage 8 — the shapes in ``shapes/`` over the plans' graphs, and a report people can
act on: which measure, what is wrong, the text it was read from.

Plans are validated 50 at a time, each chunk as one small data graph: the triples of the
plans' graphs whose predicates the shapes read, and the few registry facts the shapes look
at (the definitions of the programmes the plans mention). Two engines run the same shapes
over the same data graph:

* ``"turbo"`` (the default): pyshacl-turbo, a SHACL engine in Rust with pySHACL's
  interface, given the data graph as N-Triples;
* ``"pyshacl"``: pySHACL over the data graph as an rdflib graph — the reference
  (``validate(store, plans, engine="pyshacl")``), 3–4× slower.

The report is told from the plans' graphs in the store (the measure a result is about, its
heading, the source text), the same way whichever engine ran; tests/test_validation_engine.py
checks that the engines' results are the same. A store on disk with three chunks or more
is validated in two processes (``JOBS``). Inference is off: the shapes name the classes the
builder writes. docs/validation.md has the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.ids import span_of
from kg.resources import data_dir
from kg.vocab import PREFIXES, REGISTRY_GRAPH

SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = {"violation": {"Violation"}, "warning": {"Violation", "Warning"}, "info": set(SEVERITIES)}
DOCUMENT_SHAPES = ("responsibility.ttl", "targets.ttl", "terms.ttl")
REGISTRY_SHAPES = ("registry.ttl",)
CHUNK = 50  # plans per engine run
ENGINES = ("turbo", "pyshacl")  # pyshacl-turbo (Rust), the default; pySHACL, the reference
DEFAULT_ENGINE = "turbo"
JOBS = 2  # processes validating chunks at once, at most (fewer on fewer cores)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
    graphs: list = field(default_factory=list)  # the SHACL report graphs (rdflib), one per graph validated
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


def _to_rdflib(triples):
    """pyoxigraph triples as an rdflib graph, term by term (twice as fast as printing and
    parsing N-Triples)."""
    import rdflib

    cache: dict = {}

    def term(node):
        found = cache.get(node)
        if found is None:
            found = cache[node] = _rdflib_term(node)
        return found

    graph = rdflib.Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


class _Graph:
    """One graph of the store — a plan's, or the registry's — read as the report reads an
    rdflib graph (``objects``, ``value``, ``in``), in rdflib terms. Both engines' reports
    are told from it, so they name the same things; where a node has several values (a
    measure's co-leads) the first is the store's first, as it was the data graph's."""

    def __init__(self, store, graph: str):
        import pyoxigraph

        self.store, self.graph = store.oxigraph, pyoxigraph.NamedNode(graph)

    def _quads(self, subject, predicate, obj):
        import rdflib

        if isinstance(subject, rdflib.Literal):
            return iter(())  # no literal is a subject, for rdflib either
        subject, predicate, obj = (None if t is None else _oxigraph_term(t) for t in (subject, predicate, obj))
        return self.store.quads_for_pattern(subject, predicate, obj, self.graph)

    def objects(self, subject, predicate):
        for quad in self._quads(subject, predicate, None):
            yield _rdflib_term(quad.object)

    def value(self, subject=None, predicate=None, object=None):
        for quad in self._quads(subject, predicate, object):
            return _rdflib_term(quad.subject if subject is None else quad.object)
        return None

    def __contains__(self, triple) -> bool:
        return next(self._quads(*triple), None) is not None


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


@lru_cache(maxsize=1)
def _predicates() -> tuple:
    """What the data graph of a plan takes from its graph: the predicates the document
    shapes read, once a process. The rest of a plan's graph (its text, bodies, spans,
    hierarchy) is left out, which more than halves it; the report reads the plan's graph
    in the store (``_Graph``)."""
    import pyoxigraph

    return tuple(pyoxigraph.NamedNode(iri) for iri in sorted(shapes_read(_shapes(DOCUMENT_SHAPES))))


def _document_triples(store, document) -> list:
    """What the shapes read of the plan's graph, plus the registry definitions (and names)
    of the programmes it names."""
    from pyoxigraph import BlankNode, NamedNode, Triple

    oa = PREFIXES["oa"]
    # one query rather than a pattern a predicate: 15 % faster (the quads' graph and
    # predicate are not read back from the store)
    predicates = " ".join(str(predicate) for predicate in _predicates())
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {predicates} }} GRAPH {document} {{ ?s ?p ?o }} }}"
    triples = [
        triple
        for triple in store.oxigraph.query(query)
        if not (isinstance(triple.object, NamedNode) and triple.object.value.startswith(oa))
    ]
    # CONSTRUCT { ?c skos:definition ?d ; skos:prefLabel ?l } WHERE { GRAPH <plan> { { ?m
    # pk:mentions ?c } UNION { ?e skos:exactMatch ?c } } GRAPH <registry> { ?c
    # skos:definition ?d OPTIONAL { ?c skos:prefLabel ?l } } }, a concept at a time (that
    # query cost 4 ms a plan, a sixth of reading the plan)
    named = {NamedNode(PREFIXES["pk"] + "mentions"), NamedNode(PREFIXES["skos"] + "exactMatch")}
    definition, label = NamedNode(PREFIXES["skos"] + "definition"), NamedNode(PREFIXES["skos"] + "prefLabel")
    for concept in dict.fromkeys(t.object for t in triples if t.predicate in named):
        if isinstance(concept, (NamedNode, BlankNode)):
            definitions = list(store.oxigraph.quads_for_pattern(concept, definition, None, REGISTRY_GRAPH))
            if definitions:
                triples += [Triple(concept, definition, quad.object) for quad in definitions]
                triples += [
                    Triple(concept, label, quad.object)
                    for quad in store.oxigraph.quads_for_pattern(concept, label, None, REGISTRY_GRAPH)
                ]
    return triples


def _run_pyshacl(triples, names: tuple[str, ...]):
    """pySHACL over the triples as an rdflib graph: the report graph."""
    import pyshacl

    # inplace: nothing is inferred, so the data graph need not be copied first.
    _, report_graph, _ = pyshacl.validate(
        _to_rdflib(triples),
        shacl_graph=_shapes(names),
        inference="none",
        advanced=True,
        allow_infos=True,
        allow_warnings=True,
        inplace=True,
    )
    return report_graph


@lru_cache(maxsize=2)
def _compiled(names: tuple[str, ...]):
    """The shapes compiled by pyshacl-turbo, once a process."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(_shapes(names), advanced=True)


def _run_turbo(triples, names: tuple[str, ...]):
    """pyshacl-turbo over the triples as N-Triples (parsed by the engine, never passing
    through rdflib): the report graph (rdflib).

    N-Triples text rather than a pyoxigraph store: the engine reads a store's literals
    as rdflib reads them from Oxigraph (``"national"^^xsd:string``, which is no
    ``sh:in ( "national" )`` of rdflib's), and N-Triples as rdflib parses it (a plain
    ``"national"``), which is how the pySHACL engine is given the data (``_to_rdflib``)."""
    import pyoxigraph
    from pyshacl_turbo.rdf import Input

    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # The settings are pySHACL's above: no inference, SHACL-AF (SPARQL targets) on.
    _, report_graph, _ = _compiled(names).validate(
        Input(text.decode("utf-8"), "nt", None, {}, preserve_ids=True),
        inference="none",
        allow_infos=True,
        allow_warnings=True,
    )
    return report_graph


_RUNNERS = {"turbo": _run_turbo, "pyshacl": _run_pyshacl}


@lru_cache(maxsize=1)
def _turbo_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("pyshacl_turbo") is not None


def _results(report_graph, store, documents: list[str]) -> list[ValidationResult]:
    """The results of a report graph on ``documents`` (plans, or the registry), told from
    what their graphs in the store say of the results' focus nodes."""
    import rdflib
    from rdflib import URIRef

    def term(name: str) -> URIRef:  # once here: an rdflib namespace makes a new term each time
        prefix, local = name.split(":")
        return URIRef((PREFIXES.get(prefix) or "http://www.w3.org/ns/shacl#") + local)

    rdf_type, has_selector, exact_quote = term("rdf:type"), term("oa:hasSelector"), term("oa:exact")
    pk_text, pk_responsibility_text = term("pk:text"), term("pk:responsibilityText")
    measure_class, assignment_class = term("pk:Measure"), term("pk:Assignment")
    target_class, disagreement_class = term("pk:Target"), term("pk:TaskTableDisagreement")
    qualified_association, pk_target, pk_disagreement = (
        term("prov:qualifiedAssociation"),
        term("pk:target"),
        term("pk:disagreement"),
    )
    kind, plan_says, table_says = term("pk:disagreementKind"), term("pk:planSays"), term("pk:tableSays")
    agent, lead_unit = term("prov:agent"), term("pk:leadUnit")
    pref_label, as_written, number_of, title = (
        term("skos:prefLabel"),
        term("pk:asWritten"),
        term("pk:number"),
        term("eli:title"),
    )
    focus_node, severity_of, message_of, path_of, value_of = (
        term("sh:focusNode"),
        term("sh:resultSeverity"),
        term("sh:resultMessage"),
        term("sh:resultPath"),
        term("sh:value"),
    )

    def quote(data, node, *predicates):
        """The text a fact was read from: its span ``<plan#char=start,end>`` cut from the
        plan's text, or (graphs built before spans were IRIs) the ``oa:exact`` of the
        Web Annotation selectors of its ``oa:SpecificResource``."""
        for predicate in predicates:
            for source in data.objects(node, predicate):
                span = span_of(str(source)) if isinstance(source, rdflib.URIRef) else None
                if span is not None:
                    plan, start, end = span
                    text = source_text(plan)
                    if text is not None and start <= end <= len(text):
                        return text[start:end]
                for selector in data.objects(source, has_selector):
                    for exact in data.objects(selector, exact_quote):
                        return str(exact)
        return None

    graphs = {iri: _Graph(store, iri) for iri in documents}
    source_text = _source_texts(store)
    results = []
    for result in report_graph.subjects(rdf_type, term("sh:ValidationResult")):
        said: dict = {}
        for predicate, obj in report_graph.predicate_objects(result):
            said.setdefault(predicate, []).append(obj)
        focus = said[focus_node][0]
        focus_plan = str(focus).split("#", 1)[0]
        document_iri = focus_plan if focus_plan in graphs else documents[0]
        data = graphs[document_iri]
        severity = str(said[severity_of][0]).rsplit("#", 1)[-1]
        messages = {_language(message): str(message) for message in said.get(message_of, ())}
        path = said[path_of][0] if path_of in said else None
        value = said[value_of][0] if value_of in said else None

        measure_node, source = None, None
        types = set(data.objects(focus, rdf_type))
        if measure_class in types:
            measure_node = focus
            source = quote(data, focus, pk_responsibility_text) or quote(data, focus, pk_text)
        elif assignment_class in types:
            measure_node = data.value(predicate=qualified_association, object=focus)
            source = quote(data, focus, pk_text)
        elif target_class in types:
            measure_node = data.value(predicate=pk_target, object=focus)
            source = quote(data, focus, pk_text)
        elif disagreement_class in types:
            owner = data.value(predicate=pk_disagreement, object=focus)
            measure_node = owner if (owner, rdf_type, measure_class) in data else None
            source = (
                f"{data.value(focus, kind)}: plan {data.value(focus, plan_says) or '—'}; "
                f"table {data.value(focus, table_says) or '—'}"
            )
        if value is None and path in (agent, lead_unit):
            value = data.value(focus, path)
        labels = (
            [
                label
                for label in (*data.objects(value, pref_label), *data.objects(value, as_written))
                if label.language == "zh"
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
                measure=_integer(number),
                heading=str(heading) if heading is not None else None,
                focus=str(focus),
                path=_path_text(report_graph, path),
                message=messages.get("en") or next(iter(messages.values()), ""),
                message_zh=messages.get("zh", ""),
                source_text=source,
                value=str(value) if isinstance(value, (rdflib.URIRef, rdflib.Literal)) else None,
                value_label=str(labels[0]) if labels else None,
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


def _language(message) -> str:
    """A message's language; pyshacl drops the tags of SPARQL-constraint messages, so
    those are told by script."""
    if message.language:
        return message.language
    text = str(message)
    chinese = sum("\u4e00" <= char <= "\u9fff" for char in text)
    return "zh" if chinese * 2 > len(text.replace(" ", "")) else "en"


def _path_text(graph, path) -> str | None:
    """A result path as SPARQL-like text (pk:text/oa:hasSelector for a sequence)."""
    import rdflib
    from rdflib.collection import Collection

    if path is None:
        return None
    if isinstance(path, rdflib.BNode):
        try:
            return "/".join(_path_text(graph, step) or "" for step in Collection(graph, path))
        except Exception:  # not a list: an alternative or inverse path
            return None
    text = str(path)
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
    """Some plans validated with one run of the engine: the report graph, the results and
    the plans' titles."""
    import rdflib
    from pyoxigraph import NamedNode

    graph = _RUNNERS[engine]([t for iri in chunk for t in _document_triples(store, NamedNode(iri))], DOCUMENT_SHAPES)
    titles = {}
    for iri in chunk:
        title = _Graph(store, iri).value(rdflib.URIRef(iri), rdflib.URIRef(PREFIXES["eli"] + "title"))
        titles[iri] = str(title) if title is not None else iri
    return graph, _results(graph, store, chunk), titles


_worker_store = None  # a worker process's own read-only handle on the store


def _open_store(path: str) -> None:
    global _worker_store
    from pathlib import Path

    from kg.store import Store

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
    with ProcessPoolExecutor(jobs - 1, context, initializer=_open_store, initargs=(str(path),)) as pool:

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

    from pyoxigraph import Triple

    if engine not in _RUNNERS:
        raise ValueError(f"unknown validation engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "turbo" and not _turbo_installed():
        engine = "pyshacl"  # pyshacl-turbo needs Python 3.11; pySHACL gives the same results
    documents = (
        [str(getattr(plan, "value", plan)) for plan in plans]
        if plans is not None
        else [str(d.value) for d in store.documents()]
    )
    report = Report()
    # Plans are validated a chunk at a time: one run over several small graphs costs less
    # than one run each, and memory stays bounded.
    chunks = [documents[first : first + CHUNK] for first in range(0, len(documents), CHUNK)]
    jobs = jobs if jobs is not None else min(JOBS, os.cpu_count() or 1)
    for graph, results, titles in _chunks(store, chunks, engine, jobs):
        report.graphs.append(graph)
        report.results.extend(results)
        report.titles.update(titles)
    registry = [Triple(q.subject, q.predicate, q.object) for q in store.quads(REGISTRY_GRAPH)]
    graph = _RUNNERS[engine](registry, REGISTRY_SHAPES)
    report.graphs.append(graph)
    report.results.extend(_results(graph, store, [REGISTRY_GRAPH.value]))
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
