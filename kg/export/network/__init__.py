"""Networks of who works with whom in the plans, for Gephi, Cytoscape and Graphviz.

* ``model`` — the department network and the measure–department (bipartite) network,
  built from query results about the plans, and ``views``, one graph per edge kind;
* ``force_layout`` — where each node is drawn, the same picture in every format;
* ``writers`` — GraphML, GEXF 1.3, Cytoscape JSON, DOT, SVG and PNG; the data formats
  hold one directed multigraph, a co-responsibility tie as a reciprocal pair of edges,
  so networkx, igraph, Gephi and Cytoscape read every file (see its docstring);
* ``graphviz`` — Graphviz's ``dot`` program, run as a subprocess to draw SVG and PNG.

    graph = department_network(store, "a1196")   # a plan's id, the start of one, or its IRI
    data = write(graph, format_of("departments.gexf"))
    partners = write(views(graph)["co-responsible"], "graphml")   # the undirected view
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
    views,
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
    "views",
    "write",
    "xml_safe",
]
