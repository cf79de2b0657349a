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

The page is drawn from one data block (see ``page_data``), made from a dozen queries
about all the plans at once (kg.export.common.gather), never a query per plan: each
department and measure text is written once, and everything else names them by number.
The page's script lays out a plan's network when it first draws it (templates/layout.js:
the force-directed layout of kg.export.network.force_layout, step for step), so the data
carries no positions and the page of many plans costs no layout to write. The layout
amplifies the last-bit differences between the browser's and Python's cos, atan2 and
hypot: the page's picture of a network may differ in its details from the positions the
network files (GraphML, GEXF, Cytoscape JSON) carry.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from dataclasses import dataclass
from html import escape as html_escape
from importlib import resources

from kg.export.common import (
    NODE_TYPES,
    ROLE_ORDER,
    TYPE_COLOURS,
    UNKNOWN_TYPE_COLOUR,
    Facts,
    PlanFacts,
    gather,
    select_plans,
)
from kg.ids import UNIT_NS, id_of
from kg.query import sort_key
from kg.text import xml_text

# Data of more bytes than this (a store of ten plans or so) is written gzipped: measure
# texts make most of it, and they compress four to one.
COMPRESS_OVER = 256 * 1024
_SLOT = re.compile(r"<!--slot:(\w+)-->|/\*slot:(\w+)\*/")


def html_page(store, document: str | None = None) -> bytes:
    """The interactive department network of the plan ``document`` names (its id, the
    start of its id or its IRI; PlanNotFound if none) or of every plan (one at a time,
    with a picker), as UTF-8 HTML."""
    return page(page_data(store, document))


def page(data: dict) -> bytes:
    """The page that draws ``data`` (``page_data``)."""
    datatype, text = data_block(data)
    return fill_template(
        "network.html",
        {
            "title": html_escape(xml_text(data["plans"][0]["title"] if data["plans"] else "policykg")),
            "css": asset("templates/network.css"),
            "datatype": datatype,
            "data": text,
            "cytoscape": inline_script(asset("vendor/cytoscape.min.js")),
            "script": inline_script(asset("templates/layout.js") + asset("templates/network.js")),
        },
    ).encode("utf-8")


def ordered(facts: Facts) -> list[PlanFacts]:
    """The plans by title, then IRI: as ``policykg documents`` lists them."""
    return sorted(facts.plans.values(), key=lambda plan: (plan.title, plan.iri))


@dataclass
class Network:
    """A plan's department network, as kg.export.network.department_network builds it
    (the tests check they agree), from the plan's facts: ``nodes`` its units by IRI in
    order, each with its name in the network (its jurisdiction added where units of the
    plan share a name); ``leads`` (lead, participant) and ``shared`` (unit, other unit,
    IRIs in order), each with the number of measures, in order."""

    nodes: dict[str, str]
    leads: dict[tuple[str, str], int]
    shared: dict[tuple[str, str], int]


def plan_network(plan: PlanFacts) -> Network:
    """The department network of one plan (see ``Network``)."""
    by_label: dict[str, int] = {}
    for unit in plan.units.values():
        by_label[unit.label] = by_label.get(unit.label, 0) + 1
    nodes = {
        iri: f"{unit.label}（{unit.jurisdiction}）" if by_label[unit.label] > 1 and unit.jurisdiction else unit.label
        for iri, unit in plan.units.items()
    }
    leads: dict[tuple[str, str], set] = {}
    shared: dict[tuple[str, str], set] = {}
    for measure in plan.measures:
        assigned = plan.assigned.get(measure.iri, ())
        for lead in (unit for unit, role in assigned if role == "lead"):
            for participant in (unit for unit, role in assigned if role != "lead" and unit != lead):
                leads.setdefault((lead, participant), set()).add(measure.number)
        named = sorted({unit for unit, _ in assigned})
        for index, first in enumerate(named):
            for second in named[index + 1 :]:
                shared.setdefault((first, second), set()).add(measure.number)
    return Network(
        nodes=nodes,
        leads={pair: len(numbers) for pair, numbers in sorted(leads.items())},
        shared={pair: len(numbers) for pair, numbers in sorted(shared.items())},
    )


def page_data(store, document: str | None = None, facts: Facts | None = None) -> dict[str, object]:
    """Everything the page shows, compactly (network.js reads it back), from ``facts``
    (kg.export.common.gather) when given:

    * ``units``: every department once, ``[id, name, English name, type, label]``; the id
      is the IRI without ``unitBase`` when it starts with it; ``type`` indexes ``types``;
      ``label`` is the name told apart from same-named departments of other plans (its
      jurisdiction added), "" when the name is enough;
    * ``types``: the unit classes present, in the palette's order, with name and colour;
    * ``roles``: the roles of assignments (lead, participant);
    * ``plans``: per plan, ``id``, ``title``, ``counts`` and its own network (``Network``):
      ``nodes`` ``[unit, led, joined]`` (+ the node's label where the plan's network names
      it otherwise than ``name``); ``leads`` and ``shared`` flat lists of ``source, target,
      weight`` by node number; ``measures`` ``[number, title, source text, units, targets,
      programmes]`` in number order, ``units`` a flat list of ``node, role`` (lead first,
      then as written), a target ``[text, value, deadline]`` whose text is ``[start,
      length]`` in the measure's text (UTF-16 units, as JavaScript counts) when it is
      quoted from there. The page lays each network out itself.

    A measure's key is ``<plan id>/<number>``; a department's id is its IRI."""
    if facts is None:
        facts = gather(store, select_plans(store, document))
    found = facts.units
    unit_number = {iri: index for index, iri in enumerate(found)}
    type_order = [name for name in NODE_TYPES if any(unit.type == name for unit in found.values())]
    type_order += sorted({unit.type for unit in found.values()} - set(type_order))
    qualified = _labels_across_plans(found)
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
            {
                "type": name,
                "label": facts.class_labels.get(name, name),
                "colour": TYPE_COLOURS.get(name, UNKNOWN_TYPE_COLOUR),
            }
            for name in type_order
        ],
        "roles": list(ROLE_ORDER),
        "plans": [_plan_data(plan, found, unit_number) for plan in ordered(facts)],
    }


def _plan_data(plan: PlanFacts, found: dict, unit_number: dict) -> dict[str, object]:
    graph = plan_network(plan)
    node_number = {node: index for index, node in enumerate(graph.nodes)}
    nodes = []
    for node, label in graph.nodes.items():
        unit = plan.units[node]
        entry = [unit_number[node], unit.led, unit.joined]
        if label != found[node].label:
            entry.append(label)
        nodes.append(entry)
    targets_of: dict[object, list[dict]] = {}
    for row in plan.targets:
        if row["measure"] is not None:
            targets_of.setdefault(row["measure"], []).append(row)
    programmes_of: dict[object, list[str]] = {}
    for row in plan.programmes:
        names = programmes_of.setdefault(row["measure"], [])
        if row["label"] and row["label"] not in names:
            names.append(row["label"])
    measures = []
    assignments = 0
    for measure in plan.measures:
        units = []
        for unit, role in plan.assigned.get(measure.iri, ()):
            units += [node_number[unit], ROLE_ORDER[role] if role in ROLE_ORDER else role]
        assignments += len(units) // 2
        stated = sorted(targets_of.get(measure.number, []), key=lambda row: sort_key(row["start"]))
        measures.append(
            [
                measure.number,
                measure.title,
                measure.text,
                units,
                [[_quoted(row["text"], measure.text), target_value(row), _deadline(row)] for row in stated],
                programmes_of.get(measure.number, []),
            ]
        )
    return {
        "id": id_of(plan.iri),
        "title": plan.title,
        "counts": {"measures": len(measures), "departments": len(nodes), "assignments": assignments},
        "nodes": nodes,
        "leads": [
            value
            for (source, target), weight in graph.leads.items()
            for value in (node_number[source], node_number[target], weight)
        ],
        "shared": [
            value
            for (source, target), weight in graph.shared.items()
            for value in (node_number[source], node_number[target], weight)
        ],
        "measures": measures,
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
