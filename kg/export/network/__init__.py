"""Networks of who works with whom in the plans, for Gephi, Cytoscape and Graphviz.

* ``model`` — the department network and the measure–department (bipartite) network,
  built from query results about the plans;
* ``force_layout`` — where each node is drawn, the same picture in every format;
* ``writers`` — GraphML, GEXF 1.3, Cytoscape.js JSON, DOT, SVG and PNG;
* ``graphviz`` — Graphviz's ``dot`` program, run as a subprocess to draw SVG and PNG.

    graph = department_network(store, "a1196")   # a plan's id, the start of one, or its IRI
    data = write(graph, format_of("departments.gexf"))
"""

from kg.export.network.force_layout import layout
from kg.export.network.graphviz import GraphvizNotFound, graphviz_available, render
from kg.export.network.model import (
    CO_RESPONSIBLE,
    LEADS,
    TYPE_COLOURS,
    UNKNOWN_TYPE_COLOUR,
    bipartite_network,
    department_network,
)
from kg.export.network.writers import (
    CJK_FONTS,
    FORMATS,
    SUFFIXES,
    cytoscape_elements,
    dot_text,
    format_of,
    to_cytoscape,
    to_dot,
    to_gexf,
    to_graphml,
    write,
    xml_safe,
)

__all__ = [
    "CJK_FONTS",
    "CO_RESPONSIBLE",
    "FORMATS",
    "LEADS",
    "SUFFIXES",
    "TYPE_COLOURS",
    "UNKNOWN_TYPE_COLOUR",
    "GraphvizNotFound",
    "bipartite_network",
    "cytoscape_elements",
    "department_network",
    "dot_text",
    "format_of",
    "graphviz_available",
    "layout",
    "render",
    "to_cytoscape",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "write",
    "xml_safe",
]
