"""A network written as GraphML, GEXF 1.3, Cytoscape.js JSON, DOT, SVG or PNG (the last two
drawn by Graphviz), the same bytes for the same graph.

A ``co-responsible`` edge has no direction (its ``directed`` is False): GEXF writes it
``type="undirected"`` and DOT ``dir=none``, so Gephi and Graphviz draw a mixed graph;
GraphML keeps it as an ordinary edge (networkx and igraph cannot read mixed GraphML) and
the ``directed`` attribute says how to read it. In Gephi, filter on the edge attribute
``kind`` (or the GEXF edge ``kind``) to see one network at a time.
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
from kg.export.network.model import LEADS, UNKNOWN_TYPE_COLOUR
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
    return {channel: str(int(colour[i : i + 2], 16)) for channel, i in zip("rgb", (0, 2, 4))}


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 with typed attributes, ``viz:color`` / ``viz:size`` / ``viz:position``
    on nodes, and ``type="undirected"`` on edges whose ``directed`` is False."""
    graph = xml_safe(graph)
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
        attributes = {
            "id": f"e{index}",
            "source": source,
            "target": target,
            "kind": str(key),
            "type": "directed" if data.get("directed", True) else "undirected",
            "weight": str(float(data.get("weight", 1))),
        }
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
    return {
        "data": dict(graph.graph),
        "directed": True,
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
    for source, target, key, data in graph.edges(keys=True, data=True):
        weight = int(data.get("weight", 1))
        attributes = {"kind": key, "weight": str(weight), "penwidth": f"{0.6 + math.sqrt(weight) * 0.6:.2f}"}
        if data.get("directed", True):
            attributes["color"] = (
                "#555555" if key == LEADS else ("#0072b2" if data.get("role") == "lead" else "#bbbbbb")
            )
        else:
            attributes.update(dir="none", color="#e69f0088")
        if "measures" in data:
            attributes["tooltip"] = f"{key}: {data['measures']}"
        lines.append(f"  {_dot_string(source)} -> {_dot_string(target)} [{_dot_attributes(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
