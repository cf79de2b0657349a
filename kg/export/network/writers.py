"""A network written as GraphML, GEXF 1.3, Cytoscape.js JSON, DOT, SVG or PNG (the last two
drawn by Graphviz), the same bytes for the same graph.

The department network has directed ``leads`` edges and undirected ``co-responsible``
ties. No standard reader takes both in one file: networkx refuses GraphML's per-edge
``directed="false"`` and GEXF's ``type="undirected"`` (or ``defaultedgetype="mixed"``) in
a directed graph, and an igraph graph has one direction for all its edges. So the data
formats (GraphML, GEXF, Cytoscape JSON) hold one directed multigraph with one edge type:

* a ``leads`` edge is one edge, lead → participant, with id ``leads-1``, ``leads-2`` …;
* a co-responsibility tie is a reciprocal pair of edges: ``co-1`` from the unit whose IRI
  sorts first, and ``co-1-mutual`` back (the ids Gephi gives the two halves of a GEXF
  ``mutual`` edge); both carry the tie's full ``weight`` and ``measures``;
* every edge carries ``kind`` and ``mutual`` (true on both halves of a tie; count a tie
  once by skipping the ids that end in ``-mutual``, or keeping ``source < target``);
* bipartite edges are ``lead-1`` … and ``participant-1`` …, with ``mutual`` false.

Edge ids are unique within a file. Per format:

* GraphML: ``edgedefault="directed"``, edge ``id``, typed ``<data>``, and node ``x`` and
  ``y`` (the position Gephi reads; y points up, as in GEXF);
* GEXF 1.3: ``defaultedgetype="directed"``, edge ``id`` and ``kind`` (Gephi's edge type),
  typed attributes and ``viz:color`` / ``viz:size`` / ``viz:position`` on nodes;
* Cytoscape JSON: the shape of ``networkx.cytoscape_data``, which Cytoscape.js, Cytoscape
  and ``networkx.cytoscape_graph`` read: ``{"data", "directed", "multigraph", "elements":
  {"nodes": [{"data": {"id", "value", "name", …}, "position"}], "edges": [{"data":
  {"id", "source", "target", "key", …}}]}}`` (``value`` the node id, ``name`` its label,
  ``key`` the edge id);
* DOT (and so SVG and PNG) is a drawing: a tie is one line with ``dir=none``, with the
  id of the first half of its pair; so are the HTML page's elements (cytoscape_elements).

``views(graph)`` (kg.export.network.model) splits a network by edge kind, and ``write``
writes a view as well: the co-responsibility view is an undirected graph, written with
GraphML ``edgedefault="undirected"``, GEXF ``defaultedgetype="undirected"``, Cytoscape
``"directed": false`` and DOT ``graph``, each tie one edge.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx

from kg.errors import InputError
from kg.export.network.force_layout import layout
from kg.export.network.graphviz import render
from kg.export.network.model import CO_RESPONSIBLE, LEADS, UNKNOWN_TYPE_COLOUR
from kg.text import LINE_BREAK, xml_text

FORMATS = ("graphml", "gexf", "cytoscape", "dot", "svg", "png")
SUFFIXES = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cytoscape",
    ".json": "cytoscape",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
}
GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
CJK_FONTS = "Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,sans-serif"


def format_of(path) -> str:
    """The network format a file name asks for, by its suffix (``.gexf`` → gexf)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown network file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")
    return SUFFIXES[suffix]


def write(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` (a network, or one of its ``views``) as ``fmt`` (one of FORMATS), the same
    bytes for the same graph. SVG and PNG need Graphviz's ``dot``; without it
    GraphvizNotFound is raised."""
    writers = {"graphml": to_graphml, "gexf": to_gexf, "cytoscape": to_cytoscape, "dot": to_dot}
    if fmt in writers:
        return writers[fmt](graph)
    if fmt in ("svg", "png"):
        return render(dot_text(graph), fmt)
    raise InputError(f"unknown network format {fmt!r}; use one of {', '.join(FORMATS)}")


def xml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` (of the same class) that GraphML and GEXF can hold and their
    readers open:

    * ids and text attributes hold only characters XML allows (kg.text.xml_text):
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
        return {
            name: xml_text(value) if isinstance(value, str) or name in as_text else value
            for name, value in data.items()
        }

    def clean_key(key):
        return xml_text(key) if isinstance(key, str) else key

    node_text = mixed(data for _, data in graph.nodes(data=True))
    edge_text = mixed(data for *_, data in _edges(graph))
    safe = graph.__class__(**clean(graph.graph, set()))
    for node, data in graph.nodes(data=True):
        safe.add_node(xml_text(node), **clean(data, node_text))
    for source, target, key, data in _edges(graph):
        if graph.is_multigraph():
            safe.add_edge(xml_text(source), xml_text(target), key=clean_key(key), **clean(data, edge_text))
        else:
            safe.add_edge(xml_text(source), xml_text(target), **clean(data, edge_text))
    return safe


def _edges(graph: nx.Graph):
    """``(source, target, key, data)`` for each edge; a simple graph's key is its ``kind``."""
    if graph.is_multigraph():
        return graph.edges(keys=True, data=True)
    return ((source, target, data.get("kind"), data) for source, target, data in graph.edges(data=True))


def _id_prefix(kind: object) -> str:
    return "co" if kind == CO_RESPONSIBLE else xml_text(kind if kind is not None else "e") or "e"


def _with_ids(graph: nx.Graph, pairs: bool) -> nx.MultiDiGraph | nx.MultiGraph:
    """``graph`` as a multigraph keyed by unique edge ids (``leads-1``, ``co-1`` …, numbered
    per kind in the graph's edge order). With ``pairs``, as the data formats hold it: in a
    directed graph an undirected edge (``directed`` False) becomes the reciprocal pair
    ``co-1`` / ``co-1-mutual``; the ``directed`` attribute gives way to ``mutual``."""
    keyed = (nx.MultiDiGraph if graph.is_directed() else nx.MultiGraph)(**graph.graph)
    keyed.add_nodes_from(graph.nodes(data=True))
    counts: dict[str, int] = {}
    for source, target, key, data in _edges(graph):
        prefix = _id_prefix(data.get("kind", key))
        counts[prefix] = counts.get(prefix, 0) + 1
        edge_id = f"{prefix}-{counts[prefix]}"
        if not pairs:
            keyed.add_edge(source, target, key=edge_id, **data)
            continue
        attributes = {name: value for name, value in data.items() if name != "directed"}
        mutual = graph.is_directed() and data.get("directed", True) is False
        if graph.is_directed():
            attributes["mutual"] = mutual
        keyed.add_edge(source, target, key=edge_id, **attributes)
        if mutual:
            keyed.add_edge(target, source, key=f"{edge_id}-mutual", **attributes)
    return keyed


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML of one edge type (``edgedefault`` directed, or undirected for an undirected
    view), co-responsibility ties as reciprocal pairs, unique edge ids, attribute keys named
    after the attributes, and each node's ``x`` and ``y`` from ``layout``."""
    safe = xml_safe(graph)
    positions = layout(safe)
    written = _with_ids(safe, pairs=True)
    for node, (x, y) in positions.items():
        written.nodes[node].update(x=x, y=-y + 0.0)
    buffer = io.BytesIO()
    nx.write_graphml(written, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
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
    return {channel: str(int(colour[i : i + 2], 16)) for channel, i in zip("rgb", (0, 2, 4))}


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.3 of one edge type (``defaultedgetype`` directed, or undirected for an
    undirected view), co-responsibility ties as reciprocal pairs, typed attributes, and
    ``viz:color`` / ``viz:size`` / ``viz:position`` on nodes."""
    safe = xml_safe(graph)
    positions = layout(safe)
    graph = _with_ids(safe, pairs=True)
    ElementTree.register_namespace("", GEXF_NAMESPACE)
    ElementTree.register_namespace("viz", GEXF_VIZ_NAMESPACE)
    ElementTree.register_namespace("xsi", XSI_NAMESPACE)
    g, viz = f"{{{GEXF_NAMESPACE}}}", f"{{{GEXF_VIZ_NAMESPACE}}}"
    root = ElementTree.Element(
        f"{g}gexf",
        {"version": "1.3", f"{{{XSI_NAMESPACE}}}schemaLocation": f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd"},
    )
    meta = ElementTree.SubElement(root, f"{g}meta")
    ElementTree.SubElement(meta, f"{g}creator").text = "policykg"
    ElementTree.SubElement(
        meta, f"{g}description"
    ).text = f"{graph.graph.get('name', '')}: {graph.graph.get('documents', '')}"
    edge_type = "directed" if graph.is_directed() else "undirected"
    element = ElementTree.SubElement(root, f"{g}graph", {"defaultedgetype": edge_type, "mode": "static"})

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

    nodes = ElementTree.SubElement(element, f"{g}nodes", {"count": str(graph.number_of_nodes())})
    for node, data in graph.nodes(data=True):
        item = ElementTree.SubElement(nodes, f"{g}node", {"id": node, "label": str(data.get("label", node))})
        attvalues(item, data, node_attributes)
        ElementTree.SubElement(item, f"{viz}color", _rgb(str(data.get("colour", UNKNOWN_TYPE_COLOUR))))
        x, y = positions[node]
        ElementTree.SubElement(item, f"{viz}position", {"x": str(x), "y": str(-y + 0.0), "z": "0.0"})
        ElementTree.SubElement(item, f"{viz}size", {"value": str(float(data.get("size", 10.0)))})
    edges = ElementTree.SubElement(element, f"{g}edges", {"count": str(graph.number_of_edges())})
    for source, target, edge_id, data in graph.edges(keys=True, data=True):
        attributes = {
            "id": edge_id,
            "source": source,
            "target": target,
            "kind": str(data.get("kind", edge_id)),
            "weight": str(float(data.get("weight", 1))),
        }
        attvalues(ElementTree.SubElement(edges, f"{g}edge", attributes), data, edge_attributes)
    ElementTree.indent(root, space="  ")
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_cytoscape(graph: nx.Graph) -> bytes:
    """Cytoscape JSON in ``networkx.cytoscape_data``'s shape (see the module docstring):
    co-responsibility ties as reciprocal pairs, like GraphML and GEXF; nodes with the
    ``position`` from ``layout``."""
    document = _cytoscape(_with_ids(graph, pairs=True), layout(graph))
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def cytoscape_elements(graph: nx.Graph) -> dict[str, object]:
    """The Cytoscape document of a drawing (the HTML page's): as ``to_cytoscape`` writes,
    but with one element per edge of ``graph``, a co-responsibility tie one undirected
    line (``directed`` False), the page's style telling the kinds apart."""
    return _cytoscape(_with_ids(graph, pairs=False), layout(graph))


def _cytoscape(keyed: nx.MultiDiGraph | nx.MultiGraph, positions: dict) -> dict[str, object]:
    nodes = [
        {
            "data": {"id": node, "value": node, "name": data.get("label", node), **data},
            "position": {"x": positions[node][0], "y": positions[node][1]},
        }
        for node, data in keyed.nodes(data=True)
    ]
    edges = [
        {"data": {"id": edge_id, "source": source, "target": target, "key": edge_id, **data}}
        for source, target, edge_id, data in keyed.edges(keys=True, data=True)
    ]
    return {
        "data": dict(keyed.graph),
        "directed": keyed.is_directed(),
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def _dot_string(value: object) -> str:
    """A DOT quoted string. Graphviz reads a backslash as an escape and ends a C string at
    NUL, and writes labels into SVG: control characters become U+FFFD, every line break
    Graphviz's \\n."""
    text = xml_text(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(LINE_BREAK.split(text)) + '"'


def _dot_attributes(attributes: dict[str, object]) -> str:
    return ", ".join(f"{name}={_dot_string(value)}" for name, value in attributes.items())


def to_dot(graph: nx.Graph) -> bytes:
    """``dot_text`` as UTF-8."""
    return dot_text(graph).encode("utf-8")


def _text_colour(fill: str) -> str:
    """Black on light fills, white on dark ones."""
    red, green, blue = (int(value) / 255 for value in _rgb(fill).values())
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.6 else "white"


EDGE_COLOURS = {LEADS: "#555555", CO_RESPONSIBLE: "#e69f0088", "lead": "#0072b2"}
OTHER_EDGE_COLOUR = "#bbbbbb"


def dot_text(graph: nx.Graph) -> str:
    """Graphviz DOT with a CJK-capable font list, nodes filled by type and sized by load,
    ``leads`` edges as arrows and ``co-responsible`` edges as plain lines (``dir=none``),
    each edge with its id. The department network is drawn by neato with the nodes pinned
    where ``layout`` puts them (the picture of the HTML page and of Gephi); the bipartite
    graph left to right. An undirected view is written as a DOT ``graph``."""
    bipartite = any(part == "measure" for _, part in graph.nodes(data="part"))
    positions = {} if bipartite else layout(graph)
    directed = graph.is_directed()
    keyword, arrow = ("digraph", "->") if directed else ("graph", "--")
    lines = [f"{keyword} {_dot_string(graph.graph.get('name', 'network'))} {{"]
    graph_attributes = {
        "fontname": CJK_FONTS,
        "label": graph.graph.get("documents", ""),
        "labelloc": "t",
        "fontsize": "18",
        "bgcolor": "white",
    }
    if bipartite:
        graph_attributes.update(rankdir="LR", ranksep="2.5", nodesep="0.08")
    else:
        graph_attributes.update(layout="neato", splines="true", outputorder="edgesfirst")
    lines.append(f"  graph [{_dot_attributes(graph_attributes)}];")
    lines.append(
        f"  node [{_dot_attributes({'fontname': CJK_FONTS, 'style': 'filled', 'shape': 'box', 'penwidth': '0'})}];"
    )
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
    for source, target, edge_id, data in _with_ids(graph, pairs=False).edges(keys=True, data=True):
        kind = data.get("kind", edge_id)
        weight = int(data.get("weight", 1))
        attributes = {
            "id": edge_id,
            "kind": kind,
            "weight": str(weight),
            "penwidth": f"{0.6 + math.sqrt(weight) * 0.6:.2f}",
            "color": EDGE_COLOURS.get(data.get("role", kind), OTHER_EDGE_COLOUR),
        }
        if directed and data.get("directed", True) is False:
            attributes["dir"] = "none"
        if "measures" in data:
            attributes["tooltip"] = f"{kind}: {data['measures']}"
        lines.append(f"  {_dot_string(source)} {arrow} {_dot_string(target)} [{_dot_attributes(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
