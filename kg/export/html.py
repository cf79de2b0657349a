"""The department network as one self-contained HTML page: Cytoscape.js (vendored, MIT,
see vendor/LICENSE-cytoscape.txt) and the data inlined, nothing fetched, so it opens from
``file://`` with no network.

Click a department: the measures it leads and joins, with their source text. Click a
measure there: its units (lead first), targets and programmes. A search box finds
departments and measures; ``page.html#select=区财政局`` opens a department on load.

A page of several plans draws one plan at a time, its own network laid out on its own:
a picker lists the plans (ordered as ``policykg documents`` lists them), the heading is
the chosen plan's title, and ``page.html#plan=<plan id>`` (or ``#plan=<id>&select=…``)
chooses one on load; the first is drawn otherwise. The departments of every plan
together (``#plan=all``) are drawn only when asked for, from the plans' data in the
page: each plan's picture where it lies in a grid, a department named by several plans
where its first plan draws it, its counts and links summed over the plans.

The data block is compact (see ``page_data``): each department and measure text is
written once, and everything else names them by number.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from html import escape as html_escape
from importlib import resources

from kg.export import network
from kg.export.common import (
    ASSIGNMENTS_SPARQL,
    CLASS_LABELS_SPARQL,
    GOAL_TARGETS_SPARQL,
    MEASURE_TARGETS_SPARQL,
    MEASURES_SPARQL,
    NODE_TYPES,
    NOTATIONS_SPARQL,
    PLAN_TITLES_SPARQL,
    UNITS_SPARQL,
    QueryCache,
    assignments,
    class_labels,
    library_rows,
    measures,
    plan_title_map,
    select_plans,
    targets,
    units,
)
from kg.ids import UNIT_NS, id_of
from kg.query import sort_key
from kg.text import xml_text

ROLE_ORDER = {"lead": 0, "participant": 1}
# Data of more bytes than this (a store of ten plans or so) is written gzipped: measure
# texts make most of it, and they compress four to one.
COMPRESS_OVER = 256 * 1024
_SLOT = re.compile(r"<!--slot:(\w+)-->|/\*slot:(\w+)\*/")
# The library queries the network model and the page read; asked all at once, before the plans are drawn.
LIBRARY_QUERIES = ("departments-by-load", "co-responsibility", "measures-per-section", "programmes")
SPARQL_QUERIES = (
    ASSIGNMENTS_SPARQL,
    MEASURES_SPARQL,
    UNITS_SPARQL,
    CLASS_LABELS_SPARQL,
    PLAN_TITLES_SPARQL,
    NOTATIONS_SPARQL,
    MEASURE_TARGETS_SPARQL,
    GOAL_TARGETS_SPARQL,
)


def html_page(store, document: str | None = None) -> bytes:
    """The interactive department network of the plan ``document`` names (its id, the
    start of its id or its IRI; PlanNotFound if none) or of every plan (one at a time,
    with a picker), as UTF-8 HTML."""
    data = page_data(store, document)
    datatype, text = data_block(data)
    return fill_template(
        "network.html",
        {
            "title": html_escape(xml_text(data["plans"][0]["title"] if data["plans"] else "policykg")),
            "css": asset("templates/network.css"),
            "datatype": datatype,
            "data": text,
            "cytoscape": inline_script(asset("vendor/cytoscape.min.js")),
            "script": inline_script(asset("templates/network.js")),
        },
    ).encode("utf-8")


def cached(store) -> QueryCache:
    """``store`` with its answers kept, and the questions the page asks asked at once."""
    facts = store if isinstance(store, QueryCache) else QueryCache(store)
    facts.prefetch([*(facts.library_text(name) for name in LIBRARY_QUERIES), *SPARQL_QUERIES])
    return facts


def ordered_plans(store, plans: list[str]) -> list[str]:
    """Plans by title, then IRI: as ``policykg documents`` lists them."""
    titles = plan_title_map(store, plans)
    return sorted(plans, key=lambda plan: (titles[plan], plan))


def page_data(store, document: str | None = None) -> dict[str, object]:
    """Everything the page shows, compactly (network.js reads it back):

    * ``units``: every department once, ``[id, name, English name, type, label]``; the id
      is the IRI without ``unitBase`` when it starts with it; ``type`` indexes ``types``;
      ``label`` is the name told apart from same-named departments of other plans (its
      jurisdiction added), "" when the name is enough;
    * ``types``: the unit classes present, in the palette's order, with name and colour;
    * ``roles``: the roles of assignments (lead, participant);
    * ``plans``: per plan, ``id``, ``title``, ``counts`` and its own network
      (kg.export.network.department_network, laid out by kg.export.network.layout):
      ``nodes`` ``[unit, x, y, led, joined, size]`` (+ the node's label where the plan's
      network names it otherwise than ``name``); ``leads`` and ``shared`` flat lists of
      ``source, target, weight`` by node number; ``measures`` ``[number, title, source text,
      units, targets, programmes]`` in number order, ``units`` a flat list of ``node, role``
      (lead first, then as written), a target ``[text, value, deadline]`` whose text is
      ``[start, length]`` in the measure's text (UTF-16 units, as JavaScript counts) when
      it is quoted from there.

    A measure's key is ``<plan id>/<number>``; a department's id is its IRI."""
    facts = cached(store)
    plans = ordered_plans(facts, select_plans(facts, document))
    titles = plan_title_map(facts, plans)
    labels = class_labels(facts)
    found = units(facts, plans)
    unit_number = {iri: index for index, iri in enumerate(found)}
    type_order = [name for name in NODE_TYPES if any(unit.type == name for unit in found.values())]
    type_order += sorted({unit.type for unit in found.values()} - set(type_order))
    qualified = _labels_across_plans(found)
    roster = measures(facts, plans)
    details = _measure_details(facts, plans, roster, assignments(facts, plans))
    return {
        "unitBase": UNIT_NS,
        "units": [
            [
                iri[len(UNIT_NS) :] if iri.startswith(UNIT_NS) else iri,
                unit.label,
                unit.label_en,
                type_order.index(unit.type),
                qualified[iri] if qualified[iri] != unit.label else "",
            ]
            for iri, unit in found.items()
        ],
        "types": [
            {"type": name, "label": labels.get(name, name), "colour": network.TYPE_COLOURS.get(name, "#666666")}
            for name in type_order
        ],
        "roles": list(ROLE_ORDER),
        "plans": [_plan_data(facts, plan, titles[plan], found, unit_number, details) for plan in plans],
    }


def _plan_data(facts, plan: str, title: str, found: dict, unit_number: dict, details: dict) -> dict[str, object]:
    graph = network.department_network(facts, plan)
    positions = network.layout(graph)
    node_number = {node: index for index, node in enumerate(graph.nodes)}
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        entry = [unit_number[node], round(x, 1), round(y, 1), data["led"], data["joined"], data["size"]]
        if data["label"] != found[node].label:
            entry.append(data["label"])
        nodes.append(entry)
    edges: dict[str, list[int]] = {network.LEADS: [], network.CO_RESPONSIBLE: []}
    for source, target, kind, weight in graph.edges(keys=True, data="weight"):
        edges[kind] += [node_number[source], node_number[target], weight]
    plan_measures = []
    assignments_count = 0
    for number, title_, text, assigned, targets_, programmes in details.get(plan, []):
        units_ = []
        for unit, role in assigned:
            units_ += [node_number[unit], list(ROLE_ORDER).index(role) if role in ROLE_ORDER else role]
        assignments_count += len(assigned)
        plan_measures.append([number, title_, text, units_, targets_, programmes])
    return {
        "id": id_of(plan),
        "title": title,
        "counts": {"measures": len(plan_measures), "departments": len(nodes), "assignments": assignments_count},
        "nodes": nodes,
        "leads": edges[network.LEADS],
        "shared": edges[network.CO_RESPONSIBLE],
        "measures": plan_measures,
    }


def _labels_across_plans(found: dict) -> dict[str, str]:
    """Each unit's name, with its jurisdiction added where units of several jurisdictions
    share the name (as the network model tells them apart within a network)."""
    by_label: dict[str, int] = {}
    for unit in found.values():
        by_label[unit.label] = by_label.get(unit.label, 0) + 1
    return {
        iri: f"{unit.label}（{unit.jurisdiction}）" if by_label[unit.label] > 1 and unit.jurisdiction else unit.label
        for iri, unit in found.items()
    }


def _measure_details(facts, plans: list[str], roster: dict, assigned: list) -> dict[str, list[list]]:
    """Per plan, its measures in number order: number, title, source text, units (lead
    first, then as written), targets in the order the plan states them, programmes."""
    units_of: dict[str, list[tuple[str, str]]] = {}
    for assignment in sorted(assigned, key=lambda a: (ROLE_ORDER.get(a.role, 9), sort_key(a.position))):
        units_of.setdefault(assignment.measure, []).append((assignment.unit, assignment.role))
    targets_of: dict[tuple, list[dict]] = {}
    for row in targets(facts, plans):
        if row["measure"] is not None:
            targets_of.setdefault((row["document"], row["measure"]), []).append(row)
    programmes_of: dict[tuple, list[str]] = {}
    for row in library_rows(facts, "programmes", plans):
        names = programmes_of.setdefault((row["document"], row["measure"]), [])
        if row["label"] and row["label"] not in names:
            names.append(row["label"])
    details: dict[str, list[list]] = {}
    for measure in roster.values():
        key = (measure.document, measure.number)
        stated = sorted(targets_of.get(key, []), key=lambda row: sort_key(row["start"]))
        details.setdefault(measure.document, []).append(
            [
                measure.number,
                measure.title,
                measure.text,
                units_of.get(measure.iri, []),
                [[_quoted(row["text"], measure.text), target_value(row), _deadline(row)] for row in stated],
                programmes_of.get(key, []),
            ]
        )
    return details


def _quoted(text: str, source: str) -> str | list[int]:
    """``text`` as ``[start, length]`` in ``source`` (UTF-16 code units, as JavaScript
    indexes strings) when ``source`` holds it, else ``text`` itself."""
    at = source.find(text) if text else -1
    if at < 0:
        return text or ""
    return [_utf16_length(source[:at]), _utf16_length(text)]


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def _deadline(row: dict) -> str:
    return "" if row["deadline"] is None else str(row["deadline"])


def target_value(row: dict[str, object]) -> str:
    """A target's comparator, value(s) and unit as one phrase: ≥ 30%, 1–2 个, ~ 5000 人."""
    symbols = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "~": "约 ", "=": ""}
    unit = row.get("unit") or ""
    if row.get("comparator") == "range":
        return f"{row['value']}–{row['valueMax']}{unit}"
    return f"{symbols.get(str(row.get('comparator')), '')}{row['value']}{unit}"


# --- assembling the page ------------------------------------------------------------


def asset(name: str) -> str:
    """A file shipped in kg/export (templates/…, vendor/…) as text."""
    return resources.files("kg.export").joinpath(name).read_text(encoding="utf-8")


def fill_template(name: str, slots: dict[str, str]) -> str:
    """The template with each ``<!--slot:x-->`` or ``/*slot:x*/`` replaced, in one pass so
    that inserted text is never searched for slots."""
    return _SLOT.sub(lambda match: slots[match.group(1) or match.group(2)], asset(f"templates/{name}"))


def data_block(data: object) -> tuple[str, str]:
    """The page's data block, its type and text: JSON as is, or, past COMPRESS_OVER
    bytes, gzip (the same bytes for the same data) in base64, which the page unpacks
    with the browser's DecompressionStream (browsers of 2023 on; a page of a few plans
    opens in any browser)."""
    text = inline_json(data)
    encoded = text.encode("utf-8")
    if len(encoded) <= COMPRESS_OVER:
        return "application/json", text
    return "application/gzip", base64.b64encode(gzip.compress(encoded, compresslevel=9, mtime=0)).decode("ascii")


def inline_json(value: object) -> str:
    """JSON safe inside a <script> element: Chinese kept as is, ``</`` written ``<\\/``
    and ``<!--`` as ``\\u003c!--`` (both still valid JSON)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def inline_script(code: str) -> str:
    """Script text that cannot close its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
