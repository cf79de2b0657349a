"""The department and measure–department networks of the seed plan, their views (one
graph per edge kind), and each format they are written in: every GraphML, GEXF and
Cytoscape JSON file, written as the command line writes it, is read back whole by networkx
and by igraph; the GEXF is valid GEXF 1.3; DOT holds what Graphviz needs."""

import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from kg import query as library
from kg import service
from kg.errors import InputError, PlanNotFound
from kg.export import common, network
from kg.store import Store

UNIT = "https://w3id.org/policykg/id/unit/益阳市-"
EDUCATION, FINANCE, HRSS = UNIT + "education", UNIT + "finance", UNIT + "hrss"
PLAN = "https://w3id.org/policykg/id/plan/daf8227113fe"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def departments(seed_store):
    return network.department_network(seed_store)


@pytest.fixture(scope="module")
def bipartite(seed_store):
    return network.bipartite_network(seed_store)


def by_label(graph, label):
    [node] = [node for node, text in graph.nodes(data="label") if text == label]
    return graph.nodes[node]


# --- the graphs -------------------------------------------------------------------------


def test_department_network_has_the_19_units_named_in_assignments(seed_store, departments):
    _, rows = library.run(seed_store, library.load("responsibilities").text)
    named = {row["department"] for row in rows if row["department"]}
    assert len(named) == 19
    assert {label for _, label in departments.nodes(data="label")} == named
    assert all(node.startswith(UNIT) for node in departments.nodes)


def test_department_attributes_count_measures_led_and_joined(departments):
    education, finance = departments.nodes[EDUCATION], departments.nodes[FINANCE]
    assert (education["label"], education["led"], education["joined"]) == ("市教育局", 13, 5)
    assert (finance["label"], finance["led"], finance["joined"]) == ("市财政局", 2, 7)
    assert finance["label_en"] == "Finance Bureau"
    assert finance["type"] == "GovernmentDepartment" and finance["type_label"] == "政府部门"
    assert by_label(departments, "市委组织部")["type"] == "PartyOrgan"
    assert by_label(departments, "区县（市）人民政府")["type"] == "LowerGovernment"
    assert by_label(departments, "高新区")["type"] == "Zone"
    assert finance["colour"] == network.TYPE_COLOURS["GovernmentDepartment"]
    assert by_label(departments, "市委组织部")["colour"] == network.TYPE_COLOURS["PartyOrgan"]
    assert (
        education["size"]
        > by_label(departments, "市人社局")["size"]
        > finance["size"]
        > by_label(departments, "市科技局")["size"]
    )


def test_centralities_are_computed_on_the_co_responsibility_graph(departments):
    degree = {node: data["degree"] for node, data in departments.nodes(data=True)}
    betweenness = {node: data["betweenness"] for node, data in departments.nodes(data=True)}
    # the education and HRSS bureaus share measures with every unit but one (17 of 18)
    assert degree[EDUCATION] == degree[HRSS] == round(17 / 18, 6) == max(degree.values())
    assert betweenness[EDUCATION] == betweenness[HRSS] == max(betweenness.values()) > betweenness[FINANCE]
    assert all(0.0 <= value <= 1.0 for value in [*degree.values(), *betweenness.values()])


def test_co_responsibility_edges_weigh_shared_measures(departments):
    shared = departments.edges[EDUCATION, HRSS, network.CO_RESPONSIBLE]
    assert (shared["weight"], shared["directed"]) == (16, False)
    co_responsible = [data for *_, data in departments.edges(data=True) if data["kind"] == network.CO_RESPONSIBLE]
    assert len(co_responsible) == 102  # the co-responsibility query's pairs
    # the query's count and the assignments' measure lists agree on every pair
    assert all(data["weight"] == len(data["measures"].split("、")) for data in co_responsible)
    assert all(
        source < target for source, target, kind in departments.edges(keys=True) if kind == network.CO_RESPONSIBLE
    )


def test_leads_edges_run_from_the_lead_to_each_participant(departments):
    leads = departments.edges[FINANCE, EDUCATION, network.LEADS]
    assert (leads["weight"], leads["measures"], leads["directed"]) == (2, "17、18", True)
    # the education bureau leads 13 measures; the HRSS bureau joins 11 of them (2, 4–9, 11–14)
    assert departments.edges[EDUCATION, HRSS, network.LEADS]["measures"] == "2、4、5、6、7、8、9、11、12、13、14"
    assert departments.edges[EDUCATION, HRSS, network.LEADS]["weight"] == 11
    assert not departments.has_edge(HRSS, FINANCE, network.LEADS)
    for source, _target, kind in departments.edges(keys=True):
        if kind == network.LEADS:
            assert departments.nodes[source]["led"] > 0


def test_bipartite_graph_links_19_measures_and_19_units_by_role(bipartite):
    measures = [node for node, part in bipartite.nodes(data="part") if part == "measure"]
    units = [node for node, part in bipartite.nodes(data="part") if part == "department"]
    assert (len(measures), len(units), bipartite.number_of_edges()) == (19, 19, 90)
    roles = [role for *_, role in bipartite.edges(data="role")]
    assert (roles.count("lead"), roles.count("participant")) == (19, 71)
    assert bipartite.edges[FINANCE, PLAN + "#measure-17", "lead"]["position"] == 1
    measure = bipartite.nodes[PLAN + "#measure-18"]
    assert (measure["label"], measure["number"], measure["type"], measure["units"]) == (
        "18. 强化经费保障",
        18,
        "Measure",
        4,
    )
    assert all(bipartite.nodes[source]["part"] == "department" for source, _ in bipartite.edges())


def test_a_plan_can_be_chosen_by_id_iri_or_the_start_of_its_id(seed_store, departments):
    by_id = network.department_network(seed_store, "daf8227113fe")
    by_iri = network.department_network(seed_store, PLAN)
    by_prefix = network.department_network(seed_store, "daf8")
    assert network.to_graphml(by_id) == network.to_graphml(by_iri) == network.to_graphml(departments)
    assert network.to_graphml(by_prefix) == network.to_graphml(departments)
    with pytest.raises(PlanNotFound) as raised:
        network.department_network(seed_store, "nope")
    assert str(raised.value) == (
        f"no plan 'nope' in the store at {seed_store.path} (1 plan there); `policykg documents` lists the plans with their ids"
    )


CHANGSHA_PLAN = """
长沙市职业教育提质行动方案
一、重点任务
1.加强投入。内容。（市财政局、市教育局，排第一位为牵头单位，下同）
2.培养教师。内容。（市教育局、市人社局）
"""


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("two-plans")
    (folder / "changsha.txt").write_text(CHANGSHA_PLAN.lstrip(), encoding="utf-8")
    store = Store(folder / "store")
    service.build([seed_path, folder / "changsha.txt"], store)
    return store


def test_with_two_plans_same_names_are_told_apart_by_jurisdiction(two_plans):
    graph = network.department_network(two_plans)
    labels = {label for _, label in graph.nodes(data="label")}
    assert graph.number_of_nodes() == 22
    assert {"市财政局（益阳市）", "市财政局（长沙市）", "市教育局（长沙市）", "市人社局（长沙市）"} <= labels
    assert "市科技局" in labels  # unique names stay plain
    [changsha] = [iri for iri in common.select_plans(two_plans) if iri != PLAN]
    plan_id = changsha.rsplit("/", 1)[-1]
    leads = graph.edges[
        UNIT.replace("益阳市", "长沙市") + "finance", UNIT.replace("益阳市", "长沙市") + "education", network.LEADS
    ]
    assert (leads["weight"], leads["measures"]) == (1, f"{plan_id}/1")
    assert graph.edges[FINANCE, EDUCATION, network.LEADS]["measures"] == "daf8227113fe/17、daf8227113fe/18"
    assert "、" in graph.graph["documents"]


def test_with_two_plans_one_can_be_drawn_alone(two_plans):
    [changsha] = [iri for iri in common.select_plans(two_plans) if iri != PLAN]
    graph = network.department_network(two_plans, changsha.rsplit("/", 1)[-1])
    assert sorted(label for _, label in graph.nodes(data="label")) == ["市人社局", "市教育局", "市财政局"]
    assert graph.graph["documents"] == "长沙市职业教育提质行动方案"
    bipartite = network.bipartite_network(two_plans, changsha)
    assert sorted(label for _, label in bipartite.nodes(data="label"))[:2] == ["1. 加强投入", "2. 培养教师"]


def test_labels_shared_by_two_nodes_are_told_apart():
    graph = nx.MultiDiGraph()
    graph.add_node("unit/长沙市-finance", label="市财政局")
    graph.add_node("unit/益阳市-finance", label="市财政局")
    graph.add_node("unit/益阳市-education", label="市教育局")
    network.model._disambiguate(
        graph, {"unit/长沙市-finance": "长沙市", "unit/益阳市-finance": "益阳市", "unit/益阳市-education": "益阳市"}
    )
    assert sorted(label for _, label in graph.nodes(data="label")) == [
        "市教育局",
        "市财政局（益阳市）",
        "市财政局（长沙市）",
    ]


def test_layout_is_deterministic_and_keeps_nodes_apart(departments):
    positions = network.layout(departments)
    assert positions == network.layout(departments)
    assert set(positions) == set(departments.nodes)
    points = list(positions.values())
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :]
    )
    assert closest > 50 and max(abs(value) for point in points for value in point) == 500


# --- what the data formats hold -------------------------------------------------------------
#
# GraphML, GEXF and Cytoscape JSON hold one directed multigraph: a leads edge once, a
# co-responsibility tie as the reciprocal pair co-N / co-N-mutual, unique edge ids, and
# every edge's ``mutual``. Each file is written as the command line writes it and read
# back by networkx and by igraph, node for node and edge for edge.

DATA_SUFFIXES = [".graphml", ".gexf", ".cyjs", ".json"]
EXPORTS = {"network": "departments", "bipartite": "bipartite"}


def written_edges(graph):
    """Edge id → (source, target, attributes): what the data formats hold for ``graph``."""
    counts, edges = {}, {}
    for source, target, kind, data in graph.edges(keys=True, data=True):
        prefix = "co" if kind == network.CO_RESPONSIBLE else kind
        counts[prefix] = counts.get(prefix, 0) + 1
        edge_id = f"{prefix}-{counts[prefix]}"
        attributes = {name: value for name, value in data.items() if name != "directed"}
        attributes["mutual"] = not data["directed"]
        edges[edge_id] = (source, target, attributes)
        if not data["directed"]:
            edges[f"{edge_id}-mutual"] = (target, source, attributes)
    return edges


def test_the_data_formats_hold_each_co_responsibility_tie_as_a_reciprocal_pair(departments):
    edges = written_edges(departments)
    kinds = [attributes["kind"] for *_, attributes in edges.values()]
    assert (kinds.count(network.LEADS), kinds.count(network.CO_RESPONSIBLE), len(edges)) == (30, 204, 234)
    assert sorted(i for i in edges if i.startswith("leads-")) == sorted(f"leads-{n}" for n in range(1, 31))
    assert sum(i.endswith("-mutual") for i in edges) == 102
    [forward] = [i for i, (s, t, a) in edges.items() if (s, t, a["kind"]) == (EDUCATION, HRSS, "co-responsible")]
    assert edges[forward + "-mutual"] == (HRSS, EDUCATION, edges[forward][2])
    assert edges[forward][2]["weight"] == 16 and edges[forward][2]["mutual"] is True


def read_with_networkx(path: Path):
    """The file at ``path`` read by networkx's own reader for its format: (graph, nodes,
    edges by id), the reader's additions (positions, viz, Cytoscape's id/value/name and
    source/target/key) checked and set aside."""
    if path.suffix == ".graphml":
        graph = nx.read_graphml(path, force_multigraph=True)
        edges = {key: (s, t, dict(d)) for s, t, key, d in graph.edges(keys=True, data=True)}
    elif path.suffix == ".gexf":
        graph = nx.read_gexf(path)
        edges = {d["id"]: (s, t, {k: v for k, v in d.items() if k != "id"}) for s, t, d in graph.edges(data=True)}
        assert len(edges) == graph.number_of_edges()
    else:
        graph = nx.cytoscape_graph(json.loads(path.read_bytes()))
        edges = {}
        for source, target, key, data in graph.edges(keys=True, data=True):
            data = dict(data)
            assert (data.pop("id"), data.pop("source"), data.pop("target"), data.pop("key")) == (
                key,
                source,
                target,
                key,
            )
            edges[key] = (source, target, data)
    assert len(edges) == graph.number_of_edges()  # the edge ids are unique
    nodes = {}
    for node, data in graph.nodes(data=True):
        data = dict(data)
        if path.suffix == ".graphml":
            data.pop("x"), data.pop("y")
        elif path.suffix == ".gexf":
            viz = data.pop("viz")
            assert viz["color"] == dict(zip("rgb", rgb(data["colour"])), a=1.0)
            assert viz["size"] == data["size"] and set(viz["position"]) == {"x", "y", "z"}
        else:
            assert (data.pop("id"), data.pop("value"), data.pop("name")) == (node, node, data["label"])
        nodes[node] = data
    return graph, nodes, edges


@pytest.mark.parametrize("suffix", DATA_SUFFIXES)
@pytest.mark.parametrize("kind", EXPORTS)
def test_networkx_reads_every_network_file_back_whole(request, seed_store, tmp_path, kind, suffix):
    graph = request.getfixturevalue(EXPORTS[kind])
    path = tmp_path / f"{kind}{suffix}"
    service.export(kind, seed_store, output=path)
    read, nodes, edges = read_with_networkx(path)
    assert read.is_directed() and read.is_multigraph() == (kind == "network" or suffix != ".gexf")
    assert nodes == dict(graph.nodes(data=True))
    expected = written_edges(graph)
    if suffix == ".gexf":  # GEXF's edge weight is a double
        expected = {i: (s, t, {**a, "weight": float(a["weight"])}) for i, (s, t, a) in expected.items()}
    assert edges == expected


def test_every_file_places_the_nodes_where_layout_does(departments):
    positions = network.layout(departments)  # GraphML and GEXF: y points up, as in Gephi
    graphml = nx.read_graphml(io.BytesIO(network.write(departments, "graphml")), force_multigraph=True)
    assert {node: (data["x"], -data["y"]) for node, data in graphml.nodes(data=True)} == positions
    gexf = nx.read_gexf(io.BytesIO(network.write(departments, "gexf")))
    assert {node: (d["viz"]["position"]["x"], -d["viz"]["position"]["y"]) for node, d in gexf.nodes(data=True)} == (
        positions
    )
    document = json.loads(network.write(departments, "cytoscape"))
    assert {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in document["elements"]["nodes"]} == (
        positions
    )


def read_with_igraph(path: Path):
    """The file at ``path`` read by igraph: GraphML by its own reader; Cytoscape JSON by
    ``Graph.DictList`` from the elements as they stand; GEXF, which igraph has no reader
    for, through networkx (``Graph.from_networkx``). Returns (graph, node-id attribute)."""
    import igraph  # a test dependency

    if path.suffix == ".graphml":
        return igraph.Graph.Read_GraphML(str(path)), "id"
    if path.suffix == ".gexf":
        return igraph.Graph.from_networkx(nx.read_gexf(path)), "_nx_name"
    document = json.loads(path.read_bytes())
    graph = igraph.Graph.DictList(
        vertices=[node["data"] for node in document["elements"]["nodes"]],
        edges=[edge["data"] for edge in document["elements"]["edges"]],
        directed=document["directed"],
        vertex_name_attr="id",
        edge_foreign_keys=("source", "target"),
    )
    return graph, "id"


@pytest.mark.parametrize("suffix", DATA_SUFFIXES)
@pytest.mark.parametrize("kind", EXPORTS)
def test_igraph_reads_every_network_file_back_whole(request, seed_store, tmp_path, kind, suffix):
    graph = request.getfixturevalue(EXPORTS[kind])
    path = tmp_path / f"{kind}{suffix}"
    service.export(kind, seed_store, output=path)
    read, id_attribute = read_with_igraph(path)
    assert read.is_directed() and read.vcount() == graph.number_of_nodes()
    # every node with every attribute it has (igraph fills the ones another node has
    # and this one has not, e.g. a measure's number on a unit, with NaN or "")
    by_id = {vertex[id_attribute]: vertex.attributes() for vertex in read.vs}
    assert set(by_id) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert {name: by_id[node][name] for name in data} == data, node
    # every edge, end for end, attribute for attribute (igraph reads numbers as floats)
    expected = written_edges(graph)
    names = {name for *_, attributes in expected.values() for name in attributes}
    found = Counter(
        (read.vs[e.source][id_attribute], read.vs[e.target][id_attribute], *sorted((n, e[n]) for n in names))
        for e in read.es
    )
    assert found == Counter((s, t, *sorted(a.items())) for s, t, a in expected.values())
    kinds = Counter(read.es["kind"])
    assert kinds == ({"leads": 30, "co-responsible": 204} if kind == "network" else {"lead": 19, "participant": 71})
    if suffix != ".graphml":
        # igraph 1.0.0's GraphML reader fills the edge attribute ``id`` with vertex ids (0.11 reads
        # the edge ids); the GraphML edge ids are checked with networkx and in the XML instead
        assert sorted(read.es["id"]) == sorted(expected)


def test_graphml_uses_its_own_edge_ids_and_one_edge_default(departments):
    root = ElementTree.fromstring(network.write(departments, "graphml"))
    [graph] = root.findall(GRAPHML + "graph")
    assert graph.get("edgedefault") == "directed"
    edges = graph.findall(GRAPHML + "edge")
    assert len(edges) == len({edge.get("id") for edge in edges}) == 234
    assert all(edge.get("directed") is None for edge in edges)  # no edge against the default
    keys = {key.get("attr.name"): (key.get("for"), key.get("attr.type")) for key in root.iter(GRAPHML + "key")}
    assert keys["mutual"] == ("edge", "boolean") and keys["weight"] == ("edge", "long")
    assert keys["x"] == keys["y"] == ("node", "double") and keys["betweenness"] == ("node", "double")


def test_a_named_node_reads_back_with_its_attributes(seed_store, tmp_path):
    path = tmp_path / "departments.graphml"
    service.export("network", seed_store, output=path)
    finance = nx.read_graphml(path, force_multigraph=True).nodes[FINANCE]
    assert (finance["label"], finance["label_en"], finance["type"], finance["type_label"]) == (
        "市财政局",
        "Finance Bureau",
        "GovernmentDepartment",
        "政府部门",
    )
    assert (finance["led"], finance["joined"], finance["colour"]) == (
        2,
        7,
        network.TYPE_COLOURS["GovernmentDepartment"],
    )
    read, _ = read_with_igraph(path)
    [vertex] = read.vs.select(id=FINANCE)
    assert (vertex["label"], vertex["led"], vertex["joined"]) == ("市财政局", 2, 7)
    pair = [e for e in read.es if {read.vs[e.source]["id"], read.vs[e.target]["id"]} == {EDUCATION, HRSS}]
    assert sorted((e["kind"], e["weight"], read.vs[e.source]["id"] == EDUCATION) for e in pair) == [
        ("co-responsible", 16, False),
        ("co-responsible", 16, True),
        ("leads", 1, False),  # the HRSS bureau leads one measure the education bureau joins
        ("leads", 11, True),
    ]


# --- views: one graph per edge kind -------------------------------------------------------


def test_views_split_the_network_into_a_directed_and_an_undirected_graph(departments, bipartite):
    views = network.views(departments)
    assert list(views) == [network.CO_RESPONSIBLE, network.LEADS]
    leads, partners = views[network.LEADS], views[network.CO_RESPONSIBLE]
    assert type(leads) is nx.DiGraph and type(partners) is nx.Graph
    assert (leads.number_of_edges(), partners.number_of_edges()) == (30, 102)
    assert leads.number_of_nodes() == partners.number_of_nodes() == 19
    assert leads.edges[EDUCATION, HRSS] == {
        "kind": "leads",
        "weight": 11,
        "measures": "2、4、5、6、7、8、9、11、12、13、14",
    }
    assert partners.edges[HRSS, EDUCATION]["weight"] == 16
    assert partners.nodes[FINANCE] == departments.nodes[FINANCE]
    assert partners.graph["name"] == "department network: co-responsible"
    roles = network.views(bipartite)
    assert {role: view.number_of_edges() for role, view in roles.items()} == {"lead": 19, "participant": 71}
    assert all(type(view) is nx.DiGraph for view in roles.values())


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape"])
def test_the_undirected_co_responsibility_view_reads_back_undirected(tmp_path, departments, fmt):
    view = network.views(departments)[network.CO_RESPONSIBLE]
    path = tmp_path / {"graphml": "co.graphml", "gexf": "co.gexf", "cytoscape": "co.cyjs"}[fmt]
    path.write_bytes(network.write(view, fmt))
    read, nodes, edges = read_with_networkx(path)
    assert not read.is_directed() and nodes == dict(view.nodes(data=True))
    assert sorted(edges) == sorted(f"co-{n}" for n in range(1, 103))
    assert {frozenset((s, t)) for s, t, _ in edges.values()} == {frozenset(pair) for pair in view.edges}
    assert all("mutual" not in attributes and "directed" not in attributes for *_, attributes in edges.values())
    tie = next(a for s, t, a in edges.values() if {s, t} == {EDUCATION, HRSS})
    assert tie["weight"] == 16
    read, _ = read_with_igraph(path)
    assert not read.is_directed() and (read.vcount(), read.ecount()) == (19, 102)


def test_the_views_and_the_network_are_drawn_by_graphviz_or_written_as_dot(departments):
    partners = network.write(network.views(departments)[network.CO_RESPONSIBLE], "dot").decode("utf-8")
    assert partners.startswith('graph "department network: co-responsible" {') and " -> " not in partners
    assert partners.count(" -- ") == 102 and 'dir="none"' not in partners
    leads = network.write(network.views(departments)[network.LEADS], "dot").decode("utf-8")
    assert leads.startswith("digraph ") and leads.count(" -> ") == 30
    if shutil.which("dot"):
        for text in (partners, leads, network.dot_text(departments)):
            finished = subprocess.run(["dot", "-Tsvg"], input=text.encode("utf-8"), capture_output=True, check=False)
            assert finished.returncode == 0 and b"<svg" in finished.stdout, finished.stderr


# --- GEXF --------------------------------------------------------------------------------


def read_gexf_1_3(data: bytes):
    """Nodes (attributes typed as declared, with viz) and edges by id, as the XML holds them."""
    root = ElementTree.fromstring(data)
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    graph = root.find(GEXF + "graph")
    assert graph.get("defaultedgetype") == "directed"
    casts = {"integer": int, "double": float, "string": str, "boolean": lambda v: v == "true"}
    declared = {
        block.get("class"): {a.get("id"): (a.get("title"), casts[a.get("type")]) for a in block}
        for block in graph.findall(GEXF + "attributes")
    }

    def values(element, cls):
        return {
            declared[cls][v.get("for")][0]: declared[cls][v.get("for")][1](v.get("value"))
            for v in element.iter(GEXF + "attvalue")
        }

    nodes = {}
    for node in graph.iter(GEXF + "node"):
        colour = node.find(VIZ + "color")
        nodes[node.get("id")] = {
            "label": node.get("label"),
            **values(node, "node"),
            "viz": (
                (int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))),
                float(node.find(VIZ + "size").get("value")),
                node.find(VIZ + "position") is not None,
            ),
        }
    edges = {}
    for edge in graph.iter(GEXF + "edge"):
        assert edge.get("type") is None  # every edge is of the graph's one type
        assert edge.get("id") not in edges
        edges[edge.get("id")] = (
            edge.get("source"),
            edge.get("target"),
            {"weight": float(edge.get("weight")), **values(edge, "edge")},
        )
        assert edge.get("kind") == edges[edge.get("id")][2]["kind"]
    return nodes, edges


def rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("name", ["departments", "bipartite"])
def test_gexf_holds_the_same_nodes_edges_attributes_and_viz(request, name):
    graph = request.getfixturevalue(name)
    nodes, edges = read_gexf_1_3(network.write(graph, "gexf"))
    assert set(nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        found = dict(nodes[node])
        assert found.pop("viz") == (rgb(data["colour"]), data["size"], True)
        assert found == data
    assert edges == {i: (s, t, {**a, "weight": float(a["weight"])}) for i, (s, t, a) in written_edges(graph).items()}


# A subset of the GEXF 1.3 schema (gexf.xsd + viz.xsd), written for these tests from the
# GEXF 1.3 specification (gexf.net): no npm package ships the official XSD files. It
# covers every element and attribute policykg writes, with the 1.3 value types.
GEXF_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://gexf.net/1.3"
           xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" elementFormDefault="qualified">
  <xs:import namespace="http://gexf.net/1.3/viz" schemaLocation="viz.xsd"/>
  <xs:element name="gexf">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="meta" minOccurs="0"/>
        <xs:element ref="graph"/>
      </xs:sequence>
      <xs:attribute name="version" type="xs:string" use="required" fixed="1.3"/>
      <xs:attribute name="variant" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="meta">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element name="creator" type="xs:string"/>
        <xs:element name="keywords" type="xs:string"/>
        <xs:element name="description" type="xs:string"/>
      </xs:choice>
      <xs:attribute name="lastmodifieddate" type="xs:date"/>
    </xs:complexType>
  </xs:element>
  <xs:simpleType name="edgetype">
    <xs:restriction base="xs:string">
      <xs:enumeration value="directed"/><xs:enumeration value="undirected"/><xs:enumeration value="mutual"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="graph">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="attributes" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element ref="nodes" minOccurs="0"/>
        <xs:element ref="edges" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="defaultedgetype" type="edgetype"/>
      <xs:attribute name="mode">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="static"/><xs:enumeration value="dynamic"/><xs:enumeration value="slice"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
      <xs:attribute name="idtype">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="integer"/><xs:enumeration value="long"/><xs:enumeration value="string"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
  <xs:element name="attributes">
    <xs:complexType>
      <xs:sequence><xs:element ref="attribute" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="class" use="required">
        <xs:simpleType>
          <xs:restriction base="xs:string"><xs:enumeration value="node"/><xs:enumeration value="edge"/></xs:restriction>
        </xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
  <xs:element name="attribute">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="default" type="xs:string" minOccurs="0"/>
        <xs:element name="options" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:string" use="required"/>
      <xs:attribute name="title" type="xs:string" use="required"/>
      <xs:attribute name="type" use="required">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="integer"/><xs:enumeration value="long"/><xs:enumeration value="double"/>
            <xs:enumeration value="float"/><xs:enumeration value="boolean"/><xs:enumeration value="string"/>
            <xs:enumeration value="liststring"/><xs:enumeration value="anyURI"/><xs:enumeration value="byte"/>
            <xs:enumeration value="short"/><xs:enumeration value="char"/><xs:enumeration value="bigdecimal"/>
            <xs:enumeration value="biginteger"/><xs:enumeration value="listinteger"/><xs:enumeration value="listlong"/>
            <xs:enumeration value="listdouble"/><xs:enumeration value="listfloat"/><xs:enumeration value="listboolean"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
  <xs:element name="attvalues">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="attvalue" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:attribute name="for" type="xs:string" use="required"/>
            <xs:attribute name="value" type="xs:string" use="required"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="nodes">
    <xs:complexType>
      <xs:sequence><xs:element ref="node" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="count" type="xs:nonNegativeInteger"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="node">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="attvalues"/>
        <xs:element ref="viz:color"/>
        <xs:element ref="viz:position"/>
        <xs:element ref="viz:size"/>
        <xs:element ref="viz:shape"/>
      </xs:choice>
      <xs:attribute name="id" type="xs:string" use="required"/>
      <xs:attribute name="label" type="xs:string"/>
      <xs:attribute name="pid" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="edges">
    <xs:complexType>
      <xs:sequence><xs:element ref="edge" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="count" type="xs:nonNegativeInteger"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="edge">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="attvalues"/>
        <xs:element ref="viz:color"/>
        <xs:element ref="viz:thickness"/>
        <xs:element ref="viz:shape"/>
      </xs:choice>
      <xs:attribute name="id" type="xs:string"/>
      <xs:attribute name="source" type="xs:string" use="required"/>
      <xs:attribute name="target" type="xs:string" use="required"/>
      <xs:attribute name="label" type="xs:string"/>
      <xs:attribute name="type" type="edgetype"/>
      <xs:attribute name="kind" type="xs:string"/>
      <xs:attribute name="weight" type="xs:double"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""

VIZ_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://gexf.net/1.3/viz"
           xmlns="http://gexf.net/1.3/viz" elementFormDefault="qualified">
  <xs:simpleType name="channel">
    <xs:restriction base="xs:nonNegativeInteger"><xs:maxInclusive value="255"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="non-negative-float">
    <xs:restriction base="xs:float"><xs:minInclusive value="0.0"/></xs:restriction>
  </xs:simpleType>
  <xs:element name="color">
    <xs:complexType>
      <xs:attribute name="r" type="channel"/>
      <xs:attribute name="g" type="channel"/>
      <xs:attribute name="b" type="channel"/>
      <xs:attribute name="a">
        <xs:simpleType>
          <xs:restriction base="xs:float"><xs:minInclusive value="0.0"/><xs:maxInclusive value="1.0"/></xs:restriction>
        </xs:simpleType>
      </xs:attribute>
      <xs:attribute name="hex">
        <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="#[0-9A-Fa-f]{6}"/></xs:restriction></xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
  <xs:element name="position">
    <xs:complexType>
      <xs:attribute name="x" type="xs:float"/>
      <xs:attribute name="y" type="xs:float"/>
      <xs:attribute name="z" type="xs:float"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="size">
    <xs:complexType><xs:attribute name="value" type="non-negative-float" use="required"/></xs:complexType>
  </xs:element>
  <xs:element name="thickness">
    <xs:complexType><xs:attribute name="value" type="non-negative-float" use="required"/></xs:complexType>
  </xs:element>
  <xs:element name="shape">
    <xs:complexType>
      <xs:attribute name="value" use="required">
        <xs:simpleType>
          <xs:restriction base="xs:string">
            <xs:enumeration value="disc"/><xs:enumeration value="square"/><xs:enumeration value="triangle"/>
            <xs:enumeration value="diamond"/><xs:enumeration value="image"/><xs:enumeration value="solid"/>
            <xs:enumeration value="dotted"/><xs:enumeration value="dashed"/><xs:enumeration value="double"/>
          </xs:restriction>
        </xs:simpleType>
      </xs:attribute>
      <xs:attribute name="uri" type="xs:anyURI"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


@pytest.fixture(scope="module")
def gexf_schema(tmp_path_factory):
    from lxml import etree  # a test dependency

    folder = tmp_path_factory.mktemp("gexf-1.3")
    (folder / "gexf.xsd").write_text(GEXF_XSD, encoding="utf-8")
    (folder / "viz.xsd").write_text(VIZ_XSD, encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(folder / "gexf.xsd")))


@pytest.mark.parametrize("name", ["departments", "bipartite", "co-responsibility view"])
def test_gexf_validates_against_the_gexf_1_3_schema(request, gexf_schema, name):
    from lxml import etree

    if name == "co-responsibility view":
        graph = network.views(request.getfixturevalue("departments"))[network.CO_RESPONSIBLE]
    else:
        graph = request.getfixturevalue(name)
    data = network.write(graph, "gexf")
    assert (b'defaultedgetype="undirected"' in data) == (name == "co-responsibility view")
    assert gexf_schema.validate(etree.fromstring(data)), gexf_schema.error_log


# The visualisation example of the GEXF 1.3 specification (gexf.net/viz.html).
SPECIFICATION_EXAMPLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
      xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <graph><nodes><node id="a" label="glossy">
    <viz:color r="239" g="173" b="66" a="0.6"/><viz:position x="15.783598" y="40.109245" z="0.0"/>
    <viz:size value="2.0375757"/><viz:shape value="disc"/>
  </node></nodes></graph>
</gexf>"""


def test_the_schema_accepts_the_specification_example_and_rejects_what_it_forbids(gexf_schema, departments):
    from lxml import etree

    assert gexf_schema.validate(etree.fromstring(SPECIFICATION_EXAMPLE)), gexf_schema.error_log
    data = network.write(departments, "gexf")
    for broken in (
        data.replace(b'version="1.3"', b'version="1.2"'),
        data.replace(b'defaultedgetype="directed"', b'defaultedgetype="sideways"', 1),
        data.replace(b'<viz:size value="', b'<viz:size value="-', 1),
    ):
        assert not gexf_schema.validate(etree.fromstring(broken))


# --- Cytoscape JSON, DOT, SVG, PNG ----------------------------------------------------------


def test_cytoscape_json_has_the_shape_cytoscape_and_networkx_read(departments):
    data = network.write(departments, "cytoscape")
    assert b"\\u" not in data  # Chinese stays Chinese
    document = json.loads(data)
    assert (document["directed"], document["multigraph"]) == (True, True)
    assert document["data"] == departments.graph
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert [node["data"]["id"] for node in nodes] == list(departments.nodes)
    assert all(node["data"]["value"] == node["data"]["id"] for node in nodes)
    assert all({"x", "y"} == set(node["position"]) for node in nodes)
    ids = [edge["data"]["id"] for edge in edges] + [node["data"]["id"] for node in nodes]
    assert len(edges) == 234 and len(ids) == len(set(ids))  # Cytoscape.js wants unique element ids
    assert all(edge["data"]["key"] == edge["data"]["id"] for edge in edges)
    pair = [e["data"] for e in edges if {e["data"]["source"], e["data"]["target"]} == {EDUCATION, HRSS}]
    assert sorted((e["kind"], e["weight"], e["mutual"], e["id"].endswith("-mutual")) for e in pair) == [
        ("co-responsible", 16, True, False),
        ("co-responsible", 16, True, True),
        ("leads", 1, False, False),
        ("leads", 11, False, False),
    ]
    finance = next(node["data"] for node in nodes if node["data"]["id"] == FINANCE)
    assert (finance["name"], finance["label"], finance["led"], finance["joined"]) == ("市财政局", "市财政局", 2, 7)


CYTOSCAPE_JS = Path(network.__file__).resolve().parents[1] / "vendor" / "cytoscape.min.js"

# Loads the file as Cytoscape.js loads an export of its own (cy.json), headless.
READ_IN_CYTOSCAPE_JS = """
const cytoscape = require(process.argv[1]);
const cy = cytoscape({ headless: true });
cy.json(JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")));
const ends = edge => edge.empty() ? null : [edge.source().id(), edge.target().id(), edge.data("kind")];
console.log(JSON.stringify({
  nodes: cy.nodes().length, edges: cy.edges().length, name: cy.data("name"),
  tie: ends(cy.getElementById("co-1")), back: ends(cy.getElementById("co-1-mutual")),
  placed: cy.nodes().every(node => node.position("x") !== 0 || node.position("y") !== 0),
}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("kind", EXPORTS)
def test_cytoscape_js_reads_the_cytoscape_json(seed_store, tmp_path, kind):
    graph = network.department_network(seed_store) if kind == "network" else network.bipartite_network(seed_store)
    path = tmp_path / f"{kind}.cyjs"
    service.export(kind, seed_store, output=path)
    finished = subprocess.run(
        ["node", "-e", READ_IN_CYTOSCAPE_JS, str(CYTOSCAPE_JS), str(path)], capture_output=True, check=False
    )
    assert finished.returncode == 0, finished.stderr.decode("utf-8", "replace")
    found = json.loads(finished.stdout)
    assert (found["nodes"], found["edges"], found["name"]) == (
        graph.number_of_nodes(),
        len(written_edges(graph)),
        graph.graph["name"],
    )
    assert found["placed"]
    if kind == "network":
        source, target, _ = written_edges(graph)["co-1"]
        assert (found["tie"], found["back"]) == ([source, target, "co-responsible"], [target, source, "co-responsible"])
    else:
        assert found["tie"] is found["back"] is None


def test_the_html_page_draws_each_tie_once(departments):
    elements = network.cytoscape_elements(departments)["elements"]
    edges = [edge["data"] for edge in elements["edges"]]
    assert len(edges) == len({edge["id"] for edge in edges}) == departments.number_of_edges() == 132
    ties = [edge for edge in edges if edge["kind"] == network.CO_RESPONSIBLE]
    assert len(ties) == 102 and all(edge["directed"] is False and edge["id"].startswith("co-") for edge in ties)
    assert not any(edge["id"].endswith("-mutual") for edge in edges)


def test_dot_names_a_cjk_font_and_every_department(departments):
    dot = network.write(departments, "dot").decode("utf-8")
    assert f'fontname="{network.CJK_FONTS}"' in dot
    assert "WenQuanYi Micro Hei" in network.CJK_FONTS and "Noto Sans CJK SC" in network.CJK_FONTS
    for _, label in departments.nodes(data="label"):
        assert f'label="{label}"' in dot
    assert dot.count('dir="none"') == 102 and dot.count(" -> ") == 132
    [leads_id] = [
        i for i, (s, t, a) in written_edges(departments).items() if (s, t, a["kind"]) == (FINANCE, EDUCATION, "leads")
    ]
    assert f'"{FINANCE}" -> "{EDUCATION}" [id="{leads_id}", kind="leads", weight="2"' in dot
    ids = re.findall(r' \[id="([^"]+)"', dot)
    assert len(ids) == len(set(ids)) == 132


def test_the_bipartite_dot_labels_every_measure(bipartite):
    dot = network.write(bipartite, "dot").decode("utf-8")
    assert 'label="17. 保障职校教师编制"' in dot and 'rankdir="LR"' in dot


@pytest.mark.skipif(shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz is not installed")
def test_svg_and_png_are_drawn_by_graphviz(departments):
    svg = network.write(departments, "svg").decode("utf-8")
    assert "<svg" in svg and ">市财政局</text>" in svg and "WenQuanYi Micro Hei" in svg
    assert network.write(departments, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_without_graphviz_svg_asks_for_it(monkeypatch, departments):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(network.GraphvizNotFound, match="install Graphviz"):
        network.write(departments, "svg")
    assert network.write(departments, "dot")  # DOT needs no Graphviz


def test_unknown_format_is_an_input_error(departments):
    with pytest.raises(InputError, match="unknown network format 'pdf'"):
        network.write(departments, "pdf")
    with pytest.raises(InputError, match="out.pdf: unknown network file type .pdf"):
        network.format_of("out.pdf")
    assert [network.format_of(f"n{suffix}") for suffix in (".GEXF", ".cyjs", ".gv", ".png")] == [
        "gexf",
        "cytoscape",
        "dot",
        "png",
    ]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "dot"])
def test_same_store_same_bytes(seed_store, departments, fmt):
    assert network.write(network.department_network(seed_store), fmt) == network.write(departments, fmt)
    again = network.views(network.department_network(seed_store))[network.CO_RESPONSIBLE]
    assert network.write(again, fmt) == network.write(network.views(departments)[network.CO_RESPONSIBLE], fmt)
