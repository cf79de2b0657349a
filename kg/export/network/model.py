"""The two networks, built from query results about the plans (never by converting the
whole RDF graph); both are ``networkx.MultiDiGraph``.

``department_network`` — nodes are the units named in assignments (id: the unit IRI).
Edges come in two kinds, told apart by the edge key and the ``kind`` attribute:

* ``leads``: lead unit → participating unit; ``weight`` is the number of measures the one
  leads and the other joins.
* ``co-responsible``: two units named for the same measures; ``weight`` is the number of
  measures they share. It has no direction: it is stored once, from the unit whose IRI
  sorts first, with ``directed`` False; the data formats write it as a reciprocal pair
  of edges, the drawings as one line (kg.export.network.writers).

``bipartite_network`` — units and measures (id: the measure IRI); one edge unit → measure
per assignment, keyed by its ``role`` (``lead`` or ``participant``).

``views`` splits either network into one graph per edge kind (the directed leads graph,
the undirected co-responsibility graph).

Node attributes: ``label`` (Chinese), ``label_en``, ``type`` (the unit's class:
``GovernmentDepartment``, ``PartyOrgan`` …, or ``Measure``), ``type_label``, ``led``,
``joined``, ``colour`` (by type) and ``size`` (from led + joined); department-network
nodes also carry ``degree`` and ``betweenness`` centrality on the co-responsibility graph.
"""

from __future__ import annotations

import math

import networkx as nx

from kg.export.common import (
    Assignment,
    Measure,
    Unit,
    assignments,
    class_labels,
    library_rows,
    measures,
    plan_key,
    plan_titles,
    select_plans,
    units,
)
from kg.query import sort_key

LEADS, CO_RESPONSIBLE = "leads", "co-responsible"

# One colour per kind of node (a colour-blind-safe palette), in kg.export.common.NODE_TYPES' order.
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


def department_network(store, document: str | None = None) -> nx.MultiDiGraph:
    """The department network of one plan (or all): units as nodes, ``leads`` and
    ``co-responsible`` edges (see the module docstring); nodes and edges in sorted order."""
    plans = select_plans(store, document)
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
        graph.add_edge(
            source,
            target,
            key=kind,
            kind=kind,
            weight=weight,
            directed=kind == LEADS,
            measures="、".join(name for _, name in sorted(named, key=_measure_order)),
        )
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
            for second in unit_iris[index + 1 :]:
                shared.setdefault((first, second), set()).add(entry)
    return leads, shared


def bipartite_network(store, document: str | None = None) -> nx.MultiDiGraph:
    """Measures and units of one plan (or all): one edge unit → measure per assignment,
    keyed by role; measures nobody is named for are kept as lone nodes."""
    plans = select_plans(store, document)
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
            measure.iri,
            part="measure",
            bipartite=1,
            label=f"{measure.number}. {measure.title}",
            label_en=f"Measure {measure.number}",
            type="Measure",
            type_label=labels.get("Measure", "Measure"),
            number=measure.number,
            title=measure.title,
            document=measure.document_title,
            units=counts.get(measure.iri, 0),
            colour=TYPE_COLOURS["Measure"],
            size=_size(counts.get(measure.iri, 0)),
        )
        qualifiers[measure.iri] = measure.document_title
    _disambiguate(graph, qualifiers)
    for assignment in sorted(named, key=lambda a: (a.unit, a.measure, a.role)):
        graph.add_edge(
            assignment.unit,
            assignment.measure,
            key=assignment.role,
            kind=assignment.role,
            role=assignment.role,
            position=assignment.position,
            weight=1,
            directed=True,
        )
    return graph


def views(graph: nx.MultiDiGraph) -> dict[str, nx.DiGraph | nx.Graph]:
    """A network split by edge kind, for those who want one relation at a time: kind →
    a graph with all the network's nodes (and their attributes) and that kind's edges,
    directed (``nx.DiGraph``) unless the kind's edges are not (``directed`` False: the
    co-responsibility view is an ``nx.Graph``, each tie one edge). The department network
    gives ``co-responsible`` and ``leads``, the bipartite one ``lead`` and ``participant``
    (in that order, by name); a kind with no edges gives no view. ``writers.write``
    writes a view as it writes a network."""
    by_kind: dict[str, list[tuple[str, str, dict]]] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        by_kind.setdefault(data.get("kind", key), []).append((source, target, data))
    result: dict[str, nx.DiGraph | nx.Graph] = {}
    for kind, edges in sorted(by_kind.items()):
        directed = all(data.get("directed", True) for *_, data in edges)
        view = (nx.DiGraph if directed else nx.Graph)(
            **{**graph.graph, "name": f"{graph.graph.get('name', 'network')}: {kind}"}
        )
        view.add_nodes_from(graph.nodes(data=True))
        for source, target, data in edges:
            view.add_edge(source, target, **{name: value for name, value in data.items() if name != "directed"})
        result[kind] = view
    return result


def _unit_attributes(unit: Unit, labels: dict[str, str]) -> dict[str, object]:
    return {
        "label": unit.label,
        "label_en": unit.label_en,
        "type": unit.type,
        "type_label": labels.get(unit.type, unit.type),
        "led": unit.led,
        "joined": unit.joined,
        "colour": TYPE_COLOURS.get(unit.type, UNKNOWN_TYPE_COLOUR),
        "size": _size(unit.led + unit.joined),
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
