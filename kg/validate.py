"""Stage 8 — the shapes in ``shapes/`` over one plan's graph at a time, and a report
people can act on: which measure, what is wrong, the text it was read from.

Each plan is validated as a plain in-memory rdflib graph (pyshacl is 2–3× slower over a
store), with the few registry facts its shapes look at — the definitions of the
programmes it mentions — copied in. Inference is off: the shapes name the classes the
builder writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.resources import data_dir
from kg.vocab import PREFIXES, REGISTRY_GRAPH

SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = {"violation": {"Violation"}, "warning": {"Violation", "Warning"}, "info": set(SEVERITIES)}
DOCUMENT_SHAPES = ("responsibility.ttl", "targets.ttl", "terms.ttl")
REGISTRY_SHAPES = ("registry.ttl",)
CHUNK = 50  # plans per pyshacl run
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


def _to_rdflib(triples):
    """pyoxigraph triples as an rdflib graph, term by term (twice as fast as printing and
    parsing N-Triples)."""
    import pyoxigraph
    import rdflib

    cache: dict = {}

    def term(node):
        found = cache.get(node)
        if found is None:
            if isinstance(node, pyoxigraph.NamedNode):
                found = rdflib.URIRef(node.value)
            elif isinstance(node, pyoxigraph.Literal):
                if node.language:
                    found = rdflib.Literal(node.value, lang=node.language)
                elif node.datatype.value == _XSD_STRING:  # a plain literal, as rdflib and the shapes write it
                    found = rdflib.Literal(node.value)
                else:
                    found = rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))
            else:
                found = rdflib.BNode(node.value)
            cache[node] = found
        return found

    graph = rdflib.Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


# The data graph holds only the triples whose predicates the shapes or the report read;
# the rest of a plan's graph (its text, bodies, offsets, hierarchy) is left out, which
# halves it. What the shapes read is taken from the shapes (``shapes_read``); what the
# report reads is listed here, by hand, beside the code that reads it (``_results`` and
# ``validate``): where a result's source text is quoted from, which measure it is about,
# the measure's number and heading, the plan's title, the units' names and what a task
# table disagrees about.
_REPORT_READS = (
    "rdf:type",
    "pk:number",
    "eli:title",
    "pk:text",
    "pk:responsibilityText",
    "oa:hasSelector",
    "oa:exact",
    "prov:qualifiedAssociation",
    "pk:target",
    "pk:disagreement",
    "pk:disagreementKind",
    "pk:planSays",
    "pk:tableSays",
    "skos:prefLabel",
    "pk:asWritten",
)


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
    shapes and the report read, once a process."""
    import pyoxigraph

    report = {PREFIXES[name.split(":")[0]] + name.split(":")[1] for name in _REPORT_READS}
    read = shapes_read(_shapes(DOCUMENT_SHAPES)) | report
    return tuple(pyoxigraph.NamedNode(iri) for iri in sorted(read))


def _document_triples(store, document) -> list:
    """What the shapes read of the plan's graph, plus the registry definitions of the
    programmes it names."""
    import pyoxigraph

    oa = PREFIXES["oa"]
    quads = [
        quad
        for predicate in _predicates()
        for quad in store.oxigraph.quads_for_pattern(None, predicate, None, document)
        if not (isinstance(quad.object, pyoxigraph.NamedNode) and quad.object.value.startswith(oa))
    ]
    support = store.oxigraph.query(
        f"""PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT {{ ?c skos:definition ?d ; skos:prefLabel ?l }} WHERE {{
          GRAPH {document} {{ {{ ?m pk:mentions ?c }} UNION {{ ?e skos:exactMatch ?c }} }}
          GRAPH {REGISTRY_GRAPH} {{ ?c skos:definition ?d . OPTIONAL {{ ?c skos:prefLabel ?l }} }}
        }}"""
    )
    return [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads] + list(support)


def _run_shacl(data, shapes):
    import pyshacl

    # inplace: nothing is inferred, so the data graph need not be copied first.
    _, report_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_infos=True, allow_warnings=True, inplace=True
    )
    return report_graph


def _results(report_graph, data, documents: list[str]) -> list[ValidationResult]:
    import rdflib
    from rdflib.namespace import SH

    PK = rdflib.Namespace(PREFIXES["pk"])
    PROV = rdflib.Namespace(PREFIXES["prov"])
    OA = rdflib.Namespace(PREFIXES["oa"])
    ELI = rdflib.Namespace(PREFIXES["eli"])
    SKOS = rdflib.Namespace(PREFIXES["skos"])

    def quote(node, *predicates):
        for predicate in predicates:
            for source in data.objects(node, predicate):
                for selector in data.objects(source, OA.hasSelector):
                    for exact in data.objects(selector, OA.exact):
                        return str(exact)
        return None

    results = []
    for result in report_graph.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        severity = str(report_graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = {_language(message): str(message) for message in report_graph.objects(result, SH.resultMessage)}
        path = report_graph.value(result, SH.resultPath)
        value = report_graph.value(result, SH.value)

        measure_node, source = None, None
        if (focus, rdflib.RDF.type, PK.Measure) in data:
            measure_node = focus
            source = quote(focus, PK.responsibilityText) or quote(focus, PK.text)
        elif (focus, rdflib.RDF.type, PK.Assignment) in data:
            measure_node = data.value(predicate=PROV.qualifiedAssociation, object=focus)
            source = quote(focus, PK.text)
        elif (focus, rdflib.RDF.type, PK.Target) in data:
            measure_node = data.value(predicate=PK.target, object=focus)
            source = quote(focus, PK.text)
        elif (focus, rdflib.RDF.type, PK.TaskTableDisagreement) in data:
            owner = data.value(predicate=PK.disagreement, object=focus)
            measure_node = owner if (owner, rdflib.RDF.type, PK.Measure) in data else None
            source = (
                f"{data.value(focus, PK.disagreementKind)}: plan {data.value(focus, PK.planSays) or '—'}; "
                f"table {data.value(focus, PK.tableSays) or '—'}"
            )
        if value is None and path in (PROV.agent, PK.leadUnit):
            value = data.value(focus, path)
        labels = (
            [
                label
                for label in (*data.objects(value, SKOS.prefLabel), *data.objects(value, PK.asWritten))
                if label.language == "zh"
            ]
            if value is not None
            else []
        )
        number = data.value(measure_node, PK.number) if measure_node is not None else None
        heading = data.value(measure_node, ELI.title) if measure_node is not None else None
        focus_plan = str(focus).split("#", 1)[0]
        document_iri = focus_plan if focus_plan in documents else documents[0]
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
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (r.measure is None, r.measure or 0, order.get(r.severity, 9), r.focus, r.message))
    return results


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


def validate(store, plans: list | None = None) -> Report:
    """Validate the plans given by IRI (default: every plan in the store) and the registry."""
    from pyoxigraph import NamedNode, Triple

    documents = (
        [str(getattr(plan, "value", plan)) for plan in plans]
        if plans is not None
        else [str(d.value) for d in store.documents()]
    )
    report = Report()
    import rdflib

    # Plans are validated a chunk at a time: one pyshacl run over several small graphs
    # costs less than one run each, and memory stays bounded.
    for first in range(0, len(documents), CHUNK):
        chunk = documents[first : first + CHUNK]
        data = _to_rdflib([t for iri in chunk for t in _document_triples(store, NamedNode(iri))])
        graph = _run_shacl(data, _shapes(DOCUMENT_SHAPES))
        report.graphs.append(graph)
        report.results.extend(_results(graph, data, chunk))
        for iri in chunk:
            title = data.value(rdflib.URIRef(iri), rdflib.URIRef(PREFIXES["eli"] + "title"))
            report.titles[iri] = str(title) if title is not None else iri
    registry = _to_rdflib([Triple(q.subject, q.predicate, q.object) for q in store.quads(REGISTRY_GRAPH)])
    graph = _run_shacl(registry, _shapes(REGISTRY_SHAPES))
    report.graphs.append(graph)
    report.results.extend(_results(graph, registry, [REGISTRY_GRAPH.value]))
    report.titles[REGISTRY_GRAPH.value] = "registry and ontology"
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    position = {iri: index for index, iri in enumerate(report.titles)}
    report.results.sort(
        key=lambda r: (
            position.get(r.document, 0),
            r.measure is None,
            r.measure or 0,
            order.get(r.severity, 9),
            r.focus,
            r.message,
        )
    )
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
