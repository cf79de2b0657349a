"""Networks of who works with whom, built from query results (never by converting the
whole RDF graph), written as GraphML, GEXF 1.3, Cytoscape.js JSON, DOT, SVG or PNG.

Two views, both ``networkx.MultiDiGraph``:

``department_network`` — nodes are the units named in assignments (id: the unit IRI).
Edges come in two kinds, told apart by the edge key and the ``kind`` attribute:

* ``leads``: lead unit → participating unit; ``weight`` is the number of measures the one
  leads and the other joins.
* ``co-responsible``: two units named for the same measures; ``weight`` is the number of
  measures they share. It has no direction: it is stored once, from the unit whose IRI
  sorts first, with ``directed`` False. GEXF writes it ``type="undirected"`` and DOT
  ``dir=none``, so Gephi and Graphviz draw a mixed graph; GraphML keeps it as an ordinary
  edge (networkx and igraph cannot read mixed GraphML) and the ``directed`` attribute
  says how to read it.

In Gephi, filter on the edge attribute ``kind`` (or the GEXF edge ``kind``) to see one
network at a time.

``bipartite_network`` — units and measures (id: the measure IRI); one edge unit → measure
per assignment, keyed by its ``role`` (``lead`` or ``participant``).

Node attributes: ``label`` (Chinese), ``label_en``, ``type`` (the unit's class:
``GovernmentDepartment``, ``PartyOrgan`` …, or ``Measure``), ``type_label``, ``led``,
``joined``, ``colour`` (by type) and ``size`` (from led + joined); department-network
nodes also carry ``degree`` and ``betweenness`` centrality on the co-responsibility graph.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg import query as query_library
from kg.errors import InputError, PolicyKGError, StoreError
from kg.export.clean import LINE_BREAK, xml_text
from kg.query import sort_key
from kg.vocab import REGISTRY_GRAPH

FORMATS = ("graphml", "gexf", "cytoscape", "dot", "svg", "png")
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cytoscape", ".json": "cytoscape",
            ".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png"}
GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
CJK_FONTS = "Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,sans-serif"
LEADS, CO_RESPONSIBLE = "leads", "co-responsible"

# One colour per kind of unit (a colour-blind-safe palette); measures get their own.
TYPE_COLOURS = {
    "GovernmentDepartment": "#0072b2",
    "PartyOrgan": "#d55e00",
    "Government": "#cc79a7",
    "LowerGovernment": "#e69f00",
    "Zone": "#009e73",
    "PeoplesOrganisation": "#56b4e9",
    "UnresolvedUnit": "#999999",
    "Measure": "#f0e442",
}
UNKNOWN_TYPE_COLOUR = "#666666"


class GraphvizNotFound(PolicyKGError):
    """SVG or PNG was asked for but Graphviz's ``dot`` is not installed."""


_PREFIXES = """PREFIX pk:   <https://w3id.org/policykg/ontology#>
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
"""

# The library queries name units and measures by label; these give their IRIs and classes.
ASSIGNMENTS_SPARQL = _PREFIXES + f"""
SELECT ?document ?m ?measure ?unit ?role ?position
WHERE {{
  GRAPH ?document {{
    ?document pk:measure ?m .
    ?m pk:number ?measure ; prov:qualifiedAssociation ?assignment .
    ?assignment prov:agent ?unit ; prov:hadRole ?roleConcept ; pk:position ?position .
  }}
  GRAPH {REGISTRY_GRAPH} {{ ?roleConcept skos:notation ?role }}
}}
ORDER BY ?document ?measure ?position
"""

MEASURES_SPARQL = _PREFIXES + """
SELECT ?document ?documentTitle ?m ?measure ?title ?text
WHERE {
  GRAPH ?document {
    ?document pk:measure ?m ; eli:title ?documentTitle .
    ?m pk:number ?measure ; eli:title ?title .
    OPTIONAL { ?m pk:text/oa:hasSelector/oa:exact ?text }
  }
}
ORDER BY ?document ?measure
"""

UNITS_SPARQL = _PREFIXES + """
SELECT DISTINCT ?document ?unit ?type ?labelEn ?jurisdictionName
WHERE {
  GRAPH ?document {
    ?document pk:measure/prov:qualifiedAssociation/prov:agent ?unit .
    ?unit a ?type .
    FILTER(?type != pk:Unit)
    OPTIONAL { ?unit skos:prefLabel ?labelEn FILTER(lang(?labelEn) = "en") }
  }
  OPTIONAL { GRAPH ?places { ?unit pk:jurisdiction ?place . ?place skos:prefLabel ?jurisdictionName } }
}
ORDER BY ?document ?unit ?type
"""

CLASS_LABELS_SPARQL = _PREFIXES + f"""
SELECT ?class ?label
WHERE {{ GRAPH {REGISTRY_GRAPH} {{ ?class rdfs:label ?label FILTER(lang(?label) = "zh") }} }}
ORDER BY ?class ?label
"""


# --- which plans -------------------------------------------------------------------


def documents(store, document: str | None = None) -> list[str]:
    """The IRIs of the plans to draw: the one named by ``document`` (its id, the last
    segment of its IRI, or the IRI itself), or every plan in the store when it is None."""
    available = [str(iri.value) for iri in store.documents()]
    if document is None:
        return available
    chosen = [iri for iri in available if document in (iri, iri.rsplit("/", 1)[-1])]
    if not chosen:
        known = ", ".join(iri.rsplit("/", 1)[-1] for iri in available) or "none"
        raise StoreError(f"no plan with id {document!r} in the store at {store.path}; plans there: {known}")
    return chosen


def library_rows(store, name: str, plans: list[str], **parameters) -> list[dict]:
    """Rows of the library query ``name`` (with ``parameters`` bound) about ``plans``."""
    query = query_library.load(name)
    sparql = query.bind(parameters) if parameters else query.text
    _, rows = query_library.run(store, sparql)
    return [row for row in rows if row.get("document") in plans]


def sparql_rows(store, sparql: str, plans: list[str]) -> list[dict]:
    _, rows = query_library.run(store, sparql)
    return [row for row in rows if row.get("document") in plans]


def plan_key(document: str, number: int) -> str:
    """A short key for a measure, ``<plan id>/<number>``, used by the HTML pages."""
    return f"{document.rsplit('/', 1)[-1]}/{number}"


# --- facts the graphs are made of ----------------------------------------------------


@dataclass
class Unit:
    iri: str
    label: str
    label_en: str = ""
    type: str = "Unit"
    jurisdiction: str = ""
    led: int = 0
    joined: int = 0


@dataclass(frozen=True)
class Measure:
    iri: str
    document: str
    document_title: str
    number: int
    title: str
    text: str


@dataclass(frozen=True)
class Assignment:
    measure: str  # measure IRI
    unit: str  # unit IRI
    role: str  # lead | participant
    position: int


def units(store, plans: list[str]) -> dict[str, Unit]:
    """Every unit named in an assignment of ``plans``, with its measures led and joined
    summed over the plans (departments-by-load), its class and English name.

    A unit with several Chinese names is counted once per plan and shown by the first
    name in sort order; a unit with none (another tool may write one) is still a unit
    of the network, shown by the last segment of its IRI and counted from its
    assignments."""
    found: dict[str, Unit] = {}
    counted: set[tuple[str, str]] = set()
    for row in library_rows(store, "departments-by-load", plans):
        unit = found.setdefault(row["unit"], Unit(iri=row["unit"], label=row["department"]))
        unit.label = min(unit.label, row["department"])
        if (row["unit"], row["document"]) not in counted:
            counted.add((row["unit"], row["document"]))
            unit.led += row["leads"]
            unit.joined += row["joins"]
    roles: dict[str, dict[str, set[str]]] = {}
    for assignment in assignments(store, plans):
        if assignment.unit not in found:
            roles.setdefault(assignment.unit, {}).setdefault(assignment.role, set()).add(assignment.measure)
    for iri, by_role in roles.items():
        joined = {measure for role, named in by_role.items() if role != "lead" for measure in named}
        found[iri] = Unit(iri=iri, label=iri.rsplit("/", 1)[-1], led=len(by_role.get("lead", ())), joined=len(joined))
    preference = list(TYPE_COLOURS)
    for row in sparql_rows(store, UNITS_SPARQL, plans):
        unit = found.get(row["unit"])
        if unit is None:
            continue
        type_name = row["type"].rsplit("#", 1)[-1]
        if unit.type == "Unit" or _rank(type_name, preference) < _rank(unit.type, preference):
            unit.type = type_name
        unit.label_en = unit.label_en or (row["labelEn"] or "")
        unit.jurisdiction = unit.jurisdiction or (row["jurisdictionName"] or "")
    return dict(sorted(found.items()))


def _rank(type_name: str, preference: list[str]) -> int:
    return preference.index(type_name) if type_name in preference else len(preference)


def measures(store, plans: list[str]) -> dict[str, Measure]:
    """Every measure of ``plans`` by IRI, in plan and number order, with its source text."""
    found: dict[str, Measure] = {}
    for row in sparql_rows(store, MEASURES_SPARQL, plans):
        found.setdefault(
            row["m"],
            Measure(iri=row["m"], document=row["document"], document_title=row["documentTitle"],
                    number=row["measure"], title=row["title"], text=row["text"] or ""),
        )
    return found


def assignments(store, plans: list[str]) -> list[Assignment]:
    """Every (measure, unit, role) of ``plans``, in plan, measure and written order."""
    return [
        Assignment(measure=row["m"], unit=row["unit"], role=row["role"], position=row["position"])
        for row in sparql_rows(store, ASSIGNMENTS_SPARQL, plans)
    ]


def class_labels(store) -> dict[str, str]:
    """The Chinese name of each ontology class, by local name (GovernmentDepartment → 政府部门)."""
    _, rows = query_library.run(store, CLASS_LABELS_SPARQL)
    return {row["class"].rsplit("#", 1)[-1]: row["label"] for row in rows}


# --- the graphs ------------------------------------------------------------------------


def department_network(store, document: str | None = None) -> nx.MultiDiGraph:
    """The department network of one plan (or all): units as nodes, ``leads`` and
    ``co-responsible`` edges (see the module docstring); nodes and edges in sorted order."""
    plans = documents(store, document)
    found = units(store, plans)
    labels = class_labels(store)
    graph = nx.MultiDiGraph(name="department network", documents=plan_titles(store, plans))
    for unit in found.values():
        graph.add_node(unit.iri, **_unit_attributes(unit, labels))
    _disambiguate(graph, {unit.iri: unit.jurisdiction for unit in found.values()})

    leads, shared = _unit_pairs(measures(store, plans), assignments(store, plans), several_plans=len(plans) > 1)
    weights: dict[tuple[str, str], int] = {}
    for row in library_rows(store, "co-responsibility", plans):
        pair = (row["unit"], row["other"])
        weights[pair] = weights.get(pair, 0) + row["shared"]
    edges = [(s, t, LEADS, len(named), named) for (s, t), named in leads.items()]
    edges += [(s, t, CO_RESPONSIBLE, weights.get((s, t), len(named)), named) for (s, t), named in shared.items()]
    for source, target, kind, weight, named in sorted(edges):
        graph.add_edge(source, target, key=kind, kind=kind, weight=weight, directed=kind == LEADS,
                       measures="、".join(name for _, name in sorted(named, key=_measure_order)))
    _add_centralities(graph)
    return graph


def _measure_order(entry: tuple) -> tuple:
    """Order ``((plan, number), name)`` entries by plan, then number; a number the store
    holds as text (an ill-typed literal) sorts after the numbers instead of failing."""
    (plan, number), name = entry
    return plan, sort_key(number), name


def _unit_pairs(roster: dict[str, Measure], named: list[Assignment], several_plans: bool):
    """(lead, participant) → measures, and (unit, other unit) → shared measures, with the
    unit whose IRI sorts first first. A measure is named by its number, or by
    ``<plan id>/<number>`` when there are several plans."""
    by_measure: dict[str, list[Assignment]] = {}
    for assignment in named:
        by_measure.setdefault(assignment.measure, []).append(assignment)
    leads: dict[tuple[str, str], set[tuple]] = {}
    shared: dict[tuple[str, str], set[tuple]] = {}
    for measure_iri, assigned in by_measure.items():
        measure = roster[measure_iri]
        name = plan_key(measure.document, measure.number) if several_plans else str(measure.number)
        entry = (measure.document, measure.number), name
        for lead in (a.unit for a in assigned if a.role == "lead"):
            for participant in (a.unit for a in assigned if a.role != "lead" and a.unit != lead):
                leads.setdefault((lead, participant), set()).add(entry)
        unit_iris = sorted({a.unit for a in assigned})
        for index, first in enumerate(unit_iris):
            for second in unit_iris[index + 1:]:
                shared.setdefault((first, second), set()).add(entry)
    return leads, shared


def bipartite_network(store, document: str | None = None) -> nx.MultiDiGraph:
    """Measures and units of one plan (or all): one edge unit → measure per assignment,
    keyed by role; measures nobody is named for are kept as lone nodes."""
    plans = documents(store, document)
    found = units(store, plans)
    roster = measures(store, plans)
    labels = class_labels(store)
    graph = nx.MultiDiGraph(name="measure–department network", documents=plan_titles(store, plans))
    qualifiers = {}
    for unit in found.values():
        graph.add_node(unit.iri, part="department", bipartite=0, **_unit_attributes(unit, labels))
        qualifiers[unit.iri] = unit.jurisdiction
    counts: dict[str, int] = {}
    named = assignments(store, plans)
    for assignment in named:
        counts[assignment.measure] = counts.get(assignment.measure, 0) + 1
    for measure in sorted(roster.values(), key=lambda m: m.iri):
        graph.add_node(
            measure.iri, part="measure", bipartite=1, label=f"{measure.number}. {measure.title}",
            label_en=f"Measure {measure.number}", type="Measure", type_label=labels.get("Measure", "Measure"),
            number=measure.number, title=measure.title, document=measure.document_title,
            units=counts.get(measure.iri, 0), colour=TYPE_COLOURS["Measure"], size=_size(counts.get(measure.iri, 0)),
        )
        qualifiers[measure.iri] = measure.document_title
    _disambiguate(graph, qualifiers)
    for assignment in sorted(named, key=lambda a: (a.unit, a.measure, a.role)):
        graph.add_edge(assignment.unit, assignment.measure, key=assignment.role, kind=assignment.role,
                       role=assignment.role, position=assignment.position, weight=1, directed=True)
    return graph


def plan_titles(store, plans: list[str]) -> str:
    """The titles of ``plans``, joined with 、."""
    rows = library_rows(store, "measures-per-section", plans)
    titles = {row["document"]: row["documentTitle"] for row in rows}
    return "、".join(titles.get(plan, plan) for plan in plans)


def _unit_attributes(unit: Unit, labels: dict[str, str]) -> dict[str, object]:
    return {
        "label": unit.label, "label_en": unit.label_en, "type": unit.type,
        "type_label": labels.get(unit.type, unit.type), "led": unit.led, "joined": unit.joined,
        "colour": TYPE_COLOURS.get(unit.type, UNKNOWN_TYPE_COLOUR), "size": _size(unit.led + unit.joined),
    }


def _size(load: int) -> float:
    """A node's drawn size: grows with the square root of its load, so area tracks load."""
    return round(10 + 8 * math.sqrt(load), 1)


def _disambiguate(graph: nx.MultiDiGraph, qualifiers: dict[str, str]) -> None:
    """Give nodes that share a label the qualifier that tells them apart (a unit's
    jurisdiction, a measure's plan): 区财政局（岳麓区）, 区财政局（雨花区）."""
    by_label: dict[str, list[str]] = {}
    for node, label in graph.nodes(data="label"):
        by_label.setdefault(label, []).append(node)
    for label, nodes in by_label.items():
        if len(nodes) > 1:
            for node in nodes:
                if qualifiers.get(node):
                    graph.nodes[node]["label"] = f"{label}（{qualifiers[node]}）"


def _add_centralities(graph: nx.MultiDiGraph) -> None:
    """Degree and betweenness centrality of each unit on the (unweighted, undirected)
    co-responsibility graph, rounded so the output is byte-stable."""
    partners = nx.Graph()
    partners.add_nodes_from(graph.nodes)
    partners.add_edges_from((s, t) for s, t, kind in graph.edges(data="kind") if kind == CO_RESPONSIBLE)
    degree = nx.degree_centrality(partners) if len(partners) > 1 else dict.fromkeys(partners, 0.0)
    betweenness = nx.betweenness_centrality(partners)
    for node in graph.nodes:
        graph.nodes[node]["degree"] = round(degree[node], 6)
        graph.nodes[node]["betweenness"] = round(betweenness[node], 6)


# --- layout ------------------------------------------------------------------------------


def layout(graph: nx.MultiDiGraph, size: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Deterministic positions in a ``size``-wide box centred on 0, so Gephi, Cytoscape and
    the HTML page open on the same picture rather than a random scatter: a force-directed
    layout (heavier edges pull harder), radii evened out so a dense core does not crowd
    into the middle, then nodes closer than a minimum gap pushed apart."""
    nodes = sorted(graph.nodes, key=lambda n: (-_load(graph.nodes[n]), n))
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    springs: dict[tuple[int, int], float] = {}
    for source, target, weight in graph.edges(data="weight", default=1):
        pair = tuple(sorted((index[source], index[target])))
        if pair[0] != pair[1]:
            springs[pair] = springs.get(pair, 0.0) + float(weight)
    points = _force_directed(len(nodes), springs, size)
    points = _separate(_even_out_radii(points, size), size)
    scale = (size / 2) / max(max(abs(value) for point in points for value in point), 1e-9)
    return {node: (round(points[i][0] * scale, 2), round(points[i][1] * scale, 2)) for node, i in index.items()}


def _force_directed(count: int, springs: dict[tuple[int, int], float], size: float) -> list[tuple[float, float]]:
    """Fruchterman–Reingold from a circle (heaviest node first), with a little gravity."""
    x = [math.cos(2 * math.pi * i / count) * size / 3 for i in range(count)]
    y = [math.sin(2 * math.pi * i / count) * size / 3 for i in range(count)]
    ideal = size / math.sqrt(count) / 2
    iterations = max(20, min(300, 4_000_000 // (count * count)))
    temperature = size / 10
    for _ in range(iterations):
        dx, dy = [0.0] * count, [0.0] * count
        for i in range(count):
            for j in range(i + 1, count):
                ddx, ddy = x[i] - x[j], y[i] - y[j]
                distance = max(math.hypot(ddx, ddy), 0.01)
                push = ideal * ideal / distance / distance
                dx[i] += ddx * push
                dy[i] += ddy * push
                dx[j] -= ddx * push
                dy[j] -= ddy * push
        for (i, j), weight in springs.items():
            ddx, ddy = x[i] - x[j], y[i] - y[j]
            pull = math.hypot(ddx, ddy) / ideal * (1 + math.log(weight)) / 4
            dx[i] -= ddx * pull
            dy[i] -= ddy * pull
            dx[j] += ddx * pull
            dy[j] += ddy * pull
        for i in range(count):
            dx[i] -= x[i] * 0.05  # gravity keeps lone nodes in the picture
            dy[i] -= y[i] * 0.05
            moved = max(math.hypot(dx[i], dy[i]), 0.01)
            x[i] += dx[i] / moved * min(moved, temperature)
            y[i] += dy[i] / moved * min(moved, temperature)
        temperature = max(temperature * 0.97, 1.0)
    return list(zip(x, y))


def _even_out_radii(points: list[tuple[float, float]], size: float) -> list[tuple[float, float]]:
    """Keep each node's direction from the centre but give the k-th nearest the radius
    that spreads the nodes evenly over a disc."""
    count = len(points)
    centre_x = sum(x for x, _ in points) / count
    centre_y = sum(y for _, y in points) / count
    polar = sorted((math.hypot(x - centre_x, y - centre_y), math.atan2(y - centre_y, x - centre_x), i)
                   for i, (x, y) in enumerate(points))
    spread = [(0.0, 0.0)] * count
    for rank, (_, angle, i) in enumerate(polar):
        radius = size / 2 * math.sqrt((rank + 0.5) / count)
        spread[i] = (radius * math.cos(angle), radius * math.sin(angle))
    return spread


def _separate(points: list[tuple[float, float]], size: float, rounds: int = 60) -> list[tuple[float, float]]:
    """Push apart nodes closer than a gap that leaves room for their labels."""
    x, y = [p[0] for p in points], [p[1] for p in points]
    gap = size / math.sqrt(len(points)) * 0.45
    for _ in range(rounds):
        moved = False
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                ddx, ddy = x[i] - x[j], y[i] - y[j]
                distance = math.hypot(ddx, ddy)
                if distance >= gap:
                    continue
                if distance < 1e-6:
                    ddx, ddy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 / distance
                x[i] += ddx * push
                y[i] += ddy * push
                x[j] -= ddx * push
                y[j] -= ddy * push
                moved = True
        if not moved:
            break
    return list(zip(x, y))


def _load(attributes: dict) -> int:
    return int(attributes.get("led", 0)) + int(attributes.get("joined", 0)) + int(attributes.get("units", 0))


# --- writers ---------------------------------------------------------------------------


def format_of(path) -> str:
    """The network format a file name asks for, by its suffix (``.gexf`` → gexf)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown network file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")
    return SUFFIXES[suffix]


def write(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """``graph`` as ``fmt`` (one of FORMATS), the same bytes for the same graph. SVG and
    PNG need Graphviz's ``dot``; without it GraphvizNotFound is raised."""
    writers = {"graphml": to_graphml, "gexf": to_gexf, "cytoscape": to_cytoscape, "dot": to_dot}
    if fmt in writers:
        return writers[fmt](graph)
    if fmt in ("svg", "png"):
        return render(dot_text(graph), fmt)
    raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(FORMATS)}")


def xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` that GraphML and GEXF can hold and their readers open:

    * ids and text attributes hold only characters XML allows (kg.export.clean.xml_text):
      a unit's name may hold anything, and one control character makes lxml refuse the
      whole file, or ElementTree write one that no reader opens;
    * every attribute has one type on all nodes (all edges): both formats declare a type
      per attribute, so a measure number the store holds as text ("seven"^^xsd:integer)
      beside integers would make the readers fail; such an attribute is written as text.
    """

    def mixed(items) -> set[str]:
        types: dict[str, set[type]] = {}
        for data in items:
            for name, value in data.items():
                types.setdefault(name, set()).add(type(value))
        return {name for name, found in types.items() if len(found) > 1}

    def clean(data: dict, as_text: set[str]) -> dict:
        return {name: xml_text(value) if isinstance(value, str) or name in as_text else value
                for name, value in data.items()}

    def clean_key(key):
        return xml_text(key) if isinstance(key, str) else key

    node_text = mixed(data for _, data in graph.nodes(data=True))
    edge_text = mixed(data for *_, data in graph.edges(keys=True, data=True))
    safe = nx.MultiDiGraph(**clean(graph.graph, set()))
    for node, data in graph.nodes(data=True):
        safe.add_node(xml_text(node), **clean(data, node_text))
    for source, target, key, data in graph.edges(keys=True, data=True):
        safe.add_edge(xml_text(source), xml_text(target), key=clean_key(key), **clean(data, edge_text))
    return safe


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with readable key ids (the attribute names); edge ids are the edge keys."""
    buffer = io.BytesIO()
    nx.write_graphml(xml_safe(graph), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


def _gexf_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declared_attributes(items, reserved: set[str]) -> dict[str, str]:
    """Attribute name → GEXF type, in first-seen order, for the data of nodes or edges."""
    declared: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            if name not in reserved and name not in declared:
                declared[name] = _gexf_type(value)
    return declared


def _rgb(colour: str) -> dict[str, str]:
    colour = colour.lstrip("#")
    return {channel: str(int(colour[i:i + 2], 16)) for channel, i in zip("rgb", (0, 2, 4))}


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 with typed attributes, ``viz:color`` / ``viz:size`` / ``viz:position``
    on nodes, and ``type="undirected"`` on edges whose ``directed`` is False."""
    graph = xml_safe(graph)
    ElementTree.register_namespace("", GEXF_NAMESPACE)
    ElementTree.register_namespace("viz", GEXF_VIZ_NAMESPACE)
    ElementTree.register_namespace("xsi", XSI_NAMESPACE)
    g, viz = f"{{{GEXF_NAMESPACE}}}", f"{{{GEXF_VIZ_NAMESPACE}}}"
    root = ElementTree.Element(f"{g}gexf", {
        "version": "1.3", f"{{{XSI_NAMESPACE}}}schemaLocation": f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd"})
    meta = ElementTree.SubElement(root, f"{g}meta")
    ElementTree.SubElement(meta, f"{g}creator").text = "policykg"
    ElementTree.SubElement(meta, f"{g}description").text = (
        f"{graph.graph.get('name', '')}: {graph.graph.get('documents', '')}")
    element = ElementTree.SubElement(root, f"{g}graph", {"defaultedgetype": "directed", "mode": "static"})

    node_attributes = _declared_attributes((d for _, d in graph.nodes(data=True)), {"label"})
    edge_attributes = _declared_attributes((d for *_, d in graph.edges(data=True)), {"weight"})
    for cls, declared in (("node", node_attributes), ("edge", edge_attributes)):
        block = ElementTree.SubElement(element, f"{g}attributes", {"class": cls})
        for name, kind in declared.items():
            ElementTree.SubElement(block, f"{g}attribute", {"id": name, "title": name, "type": kind})

    def attvalues(parent, data: dict, declared: dict[str, str]) -> None:
        values = ElementTree.SubElement(parent, f"{g}attvalues")
        for name in declared:
            if name in data:
                ElementTree.SubElement(values, f"{g}attvalue", {"for": name, "value": _gexf_value(data[name])})

    positions = layout(graph)
    nodes = ElementTree.SubElement(element, f"{g}nodes", {"count": str(graph.number_of_nodes())})
    for node, data in graph.nodes(data=True):
        item = ElementTree.SubElement(nodes, f"{g}node", {"id": node, "label": str(data.get("label", node))})
        attvalues(item, data, node_attributes)
        ElementTree.SubElement(item, f"{viz}color", _rgb(str(data.get("colour", UNKNOWN_TYPE_COLOUR))))
        x, y = positions[node]
        ElementTree.SubElement(item, f"{viz}position", {"x": str(x), "y": str(-y + 0.0), "z": "0.0"})
        ElementTree.SubElement(item, f"{viz}size", {"value": str(float(data.get("size", 10.0)))})
    edges = ElementTree.SubElement(element, f"{g}edges", {"count": str(graph.number_of_edges())})
    for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        attributes = {"id": f"e{index}", "source": source, "target": target, "kind": str(key),
                      "type": "directed" if data.get("directed", True) else "undirected",
                      "weight": str(float(data.get("weight", 1)))}
        attvalues(ElementTree.SubElement(edges, f"{g}edge", attributes), data, edge_attributes)
    ElementTree.indent(root, space="  ")
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js JSON (``cy.json()`` shape): ``{"data", "elements": {"nodes", "edges"}}``,
    every element with ``data.id``, edges with ``data.source`` / ``data.target``, nodes
    with a ``position`` from ``layout``."""
    return (json.dumps(cytoscape_elements(graph), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict[str, object]:
    positions = layout(graph)
    nodes = [
        {"data": {"id": node, **data}, "position": {"x": positions[node][0], "y": positions[node][1]}}
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{index}", "source": source, "target": target, "key": key, **data}}
        for index, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True))
    ]
    return {"data": dict(graph.graph), "directed": True, "multigraph": True, "elements": {"nodes": nodes, "edges": edges}}


def _dot_string(value: object) -> str:
    """A DOT quoted string. Graphviz reads a backslash as an escape and ends a C string at
    NUL, and writes labels into SVG: control characters become U+FFFD, every line break
    Graphviz's \\n."""
    text = xml_text(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(LINE_BREAK.split(text)) + '"'


def _dot_attributes(attributes: dict[str, object]) -> str:
    return ", ".join(f"{name}={_dot_string(value)}" for name, value in attributes.items())


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """``dot_text`` as UTF-8."""
    return dot_text(graph).encode("utf-8")


def _text_colour(fill: str) -> str:
    """Black on light fills, white on dark ones."""
    red, green, blue = (int(value) / 255 for value in _rgb(fill).values())
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.6 else "white"


def dot_text(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT with a CJK-capable font list, nodes filled by type and sized by load,
    ``leads`` edges as arrows and ``co-responsible`` edges as plain lines (``dir=none``).
    The department network is drawn by neato with the nodes pinned where ``layout`` puts
    them (the picture of the HTML page and of Gephi); the bipartite graph left to right."""
    bipartite = any(part == "measure" for _, part in graph.nodes(data="part"))
    positions = {} if bipartite else layout(graph)
    lines = [f"digraph {_dot_string(graph.graph.get('name', 'network'))} {{"]
    graph_attributes = {"fontname": CJK_FONTS, "label": graph.graph.get("documents", ""), "labelloc": "t",
                        "fontsize": "18", "bgcolor": "white"}
    if bipartite:
        graph_attributes.update(rankdir="LR", ranksep="2.5", nodesep="0.08")
    else:
        graph_attributes.update(layout="neato", splines="true", outputorder="edgesfirst")
    lines.append(f"  graph [{_dot_attributes(graph_attributes)}];")
    lines.append(f"  node [{_dot_attributes({'fontname': CJK_FONTS, 'style': 'filled', 'shape': 'box', 'penwidth': '0'})}];")
    lines.append(f"  edge [{_dot_attributes({'fontname': CJK_FONTS, 'arrowsize': '0.6'})}];")
    for node, data in graph.nodes(data=True):
        load = int(data.get("led", 0)) + int(data.get("joined", 0))
        is_measure = data.get("part") == "measure"
        attributes = {
            "label": data.get("label", node),
            "fillcolor": str(data.get("colour", UNKNOWN_TYPE_COLOUR)),
            "fontcolor": _text_colour(str(data.get("colour", UNKNOWN_TYPE_COLOUR))),
            "fontsize": f"{10 + 1.6 * math.sqrt(load):.1f}" if not is_measure else "10",
            "shape": "box" if is_measure else "ellipse",
            "tooltip": data.get("label_en") or data.get("label", node),
            "type": data.get("type", ""),
        }
        if node in positions:
            x, y = positions[node]
            attributes["pos"] = f"{x / 70:.3f},{-y / 70:.3f}!"  # inches; Graphviz's y axis points up
        lines.append(f"  {_dot_string(node)} [{_dot_attributes(attributes)}];")
    for source, target, key, data in graph.edges(keys=True, data=True):
        weight = int(data.get("weight", 1))
        attributes = {"kind": key, "weight": str(weight), "penwidth": f"{0.6 + math.sqrt(weight) * 0.6:.2f}"}
        if data.get("directed", True):
            attributes["color"] = "#555555" if key == LEADS else ("#0072b2" if data.get("role") == "lead" else "#bbbbbb")
        else:
            attributes.update(dir="none", color="#e69f0088")
        if "measures" in data:
            attributes["tooltip"] = f"{key}: {data['measures']}"
        lines.append(f"  {_dot_string(source)} -> {_dot_string(target)} [{_dot_attributes(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def render(dot: str, fmt: str) -> bytes:
    """Render DOT text to ``svg`` or ``png`` with the ``dot`` program."""
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizNotFound(
            f"{fmt} output needs Graphviz, and its `dot` program is not on the PATH; install Graphviz "
            "(apt-get install graphviz, brew install graphviz) or export `dot` and render it elsewhere")
    try:
        finished = subprocess.run([executable, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise PolicyKGError(f"Graphviz took more than 120 s to draw the {fmt}; export `dot` and render it yourself") from None
    if finished.returncode != 0:
        reason = (finished.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        raise PolicyKGError(f"Graphviz could not draw the {fmt} ({reason}); export `dot` to see the input")
    return finished.stdout
