"""The department network as one self-contained HTML page: Cytoscape.js (vendored, MIT,
see vendor/LICENSE-cytoscape.txt) and the data inlined, nothing fetched, so it opens from
``file://`` with no network.

Click a department: the measures it leads and joins, with their source text. Click a
measure there: its units (lead first), targets and programmes. A search box finds
departments and measures; ``page.html#select=区财政局`` opens a department on load.
"""

from __future__ import annotations

import json
import re
from html import escape as html_escape
from importlib import resources

from kg.export import network
from kg.export.common import (
    NODE_TYPES,
    Measure,
    assignments,
    library_rows,
    measures,
    plan_key,
    plan_titles,
    select_plans,
    units,
)
from kg.query import sort_key
from kg.text import xml_text

ROLE_ORDER = {"lead": 0, "participant": 1}
_SLOT = re.compile(r"<!--slot:(\w+)-->|/\*slot:(\w+)\*/")


def html_page(store, document: str | None = None) -> bytes:
    """The interactive department network of the plan ``document`` names (its id, the
    start of its id or its IRI; PlanNotFound if none) or of every plan, as UTF-8 HTML."""
    return fill_template(
        "network.html",
        {
            "title": html_escape(xml_text(page_title(store, document))),
            "css": asset("templates/network.css"),
            "data": inline_json(page_data(store, document)),
            "cytoscape": inline_script(asset("vendor/cytoscape.min.js")),
            "script": inline_script(asset("templates/network.js")),
        },
    ).encode("utf-8")


def page_title(store, document: str | None = None) -> str:
    """The titles of the plans drawn."""
    return plan_titles(store, select_plans(store, document)) or "policykg"


def page_data(store, document: str | None = None) -> dict[str, object]:
    """Everything the page shows: the graph as Cytoscape elements, each department's
    measures (measures-involving), each measure's units, targets and programmes."""
    plans = select_plans(store, document)
    graph = network.department_network(store, document)
    roster = measures(store, plans)
    found_units = units(store, plans)
    assigned = assignments(store, plans)
    elements = network.cytoscape_elements(graph)
    return {
        "title": graph.graph.get("documents", ""),
        "counts": {"measures": len(roster), "departments": len(found_units), "assignments": len(assigned)},
        "types": legend(graph),
        "elements": elements["elements"],
        "departments": departments(store, plans, graph),
        "measures": measure_details(store, plans, roster, found_units, assigned),
        "measureOrder": [plan_key(m.document, m.number) for m in roster.values()],
    }


def legend(graph) -> list[dict[str, str]]:
    """The unit types present in the graph, with their colours, in the palette's order."""
    present = {data["type"]: data for _, data in graph.nodes(data=True)}
    order = list(NODE_TYPES)
    return [
        {"type": name, "label": present[name]["type_label"], "colour": present[name]["colour"]}
        for name in sorted(present, key=lambda name: (order.index(name) if name in order else len(order), name))
    ]


def departments(store, plans: list[str], graph) -> dict[str, dict[str, object]]:
    """Per unit: its names, counts and the measures it takes part in (measures-involving),
    leads before joins, in plan and number order, with each measure's source text."""
    result = {}
    for unit, data in graph.nodes(data=True):
        rows = library_rows(store, "measures-involving", plans, unit=unit)
        rows.sort(
            key=lambda row: (ROLE_ORDER.get(row["role"], 9), plans.index(row["document"]), sort_key(row["measure"]))
        )
        seen = set()
        entries = []
        for row in rows:
            key = plan_key(row["document"], row["measure"])
            if (key, row["role"]) not in seen:
                seen.add((key, row["role"]))
                entries.append({"key": key, "role": row["role"], "text": row["text"] or ""})
        result[unit] = {
            "label": data["label"],
            "label_en": data["label_en"],
            "type_label": data["type_label"],
            "led": data["led"],
            "joined": data["joined"],
            "measures": entries,
        }
    return result


def measure_details(store, plans, roster: dict[str, Measure], found_units, assigned) -> dict[str, dict[str, object]]:
    """Per measure (keyed ``<plan id>/<number>``): title, source text, units lead first,
    targets in document order and the programmes it names."""
    targets = _targets_by_measure(store, plans)
    programmes = _programmes_by_measure(store, plans)
    units_of: dict[str, list] = {}
    for assignment in sorted(assigned, key=lambda a: (ROLE_ORDER.get(a.role, 9), sort_key(a.position))):
        unit = found_units.get(assignment.unit)
        label = unit.label if unit else assignment.unit.rsplit("/", 1)[-1]
        units_of.setdefault(assignment.measure, []).append(
            {"unit": assignment.unit, "label": label, "role": assignment.role}
        )
    details = {}
    for measure in roster.values():
        key = plan_key(measure.document, measure.number)
        details[key] = {
            "number": measure.number,
            "title": measure.title,
            "text": measure.text,
            "document": measure.document_title,
            "units": units_of.get(measure.iri, []),
            "targets": targets.get(key, []),
            "programmes": programmes.get(key, []),
        }
    return details


def _targets_by_measure(store, plans: list[str]) -> dict[str, list[dict[str, object]]]:
    rows = library_rows(store, "targets", plans)
    rows.sort(key=lambda row: (plans.index(row["document"]), sort_key(row["start"])))
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        if row["measure"] is not None:
            grouped.setdefault(plan_key(row["document"], row["measure"]), []).append(
                {
                    "text": row["text"],
                    "value": target_value(row),
                    "deadline": "" if row["deadline"] is None else str(row["deadline"]),
                }
            )
    return grouped


def _programmes_by_measure(store, plans: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for row in library_rows(store, "programmes", plans):
        names = grouped.setdefault(plan_key(row["document"], row["measure"]), [])
        if row["label"] and row["label"] not in names:
            names.append(row["label"])
    return grouped


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


def inline_json(value: object) -> str:
    """JSON safe inside a <script> element: Chinese kept as is, ``</`` written ``<\\/``
    and ``<!--`` as ``\\u003c!--`` (both still valid JSON)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def inline_script(code: str) -> str:
    """Script text that cannot close its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
