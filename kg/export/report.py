"""A one-page summary of a plan (or of every plan in the store) as self-contained HTML:
counts, departments ranked by load as a bar chart (inline SVG, no script), the network
picture, targets grouped by year, and the validation results grouped by measure.

The network picture of one plan is Graphviz's SVG, inlined, when ``dot`` is installed;
otherwise the interactive page from kg.export.html, embedded with ``<iframe srcdoc>``.

A report of several plans starts with an overview, every plan with its counts and
validation verdict, each linking to the plan's own section (the same parts as a report
of one plan). Each section draws the plan's own network, laid out as the HTML page lays
it out, as a small SVG written here (Graphviz's is ten times the size). The store is
asked each question once (kg.export.common.QueryCache), not once per plan; validating
the plans (kg.validate) takes most of the time, so ``validation=False`` leaves it out.
"""

from __future__ import annotations

import html
import math

from kg.export import common, network
from kg.export.common import QueryCache, plan_title_map, plan_titles, select_plans, selected_plan
from kg.export.html import asset, cached, fill_template, html_page, ordered_plans, target_value
from kg.ids import id_of
from kg.query import sort_key
from kg.text import xml_text
from kg.vocab import REGISTRY_GRAPH

BAR_ROW_HEIGHT = 26
LABEL_WIDTH = 190
BAR_AREA_WIDTH = 560
LED_COLOUR = "#0072b2"
JOINED_COLOUR = "#9ecae1"
SEVERITY_NAMES = {"Violation": "违规 Violation", "Warning": "警告 Warning", "Info": "提示 Info"}


def escape(text: object) -> str:
    """Text from the store as HTML text: markup escaped, characters HTML forbids (NUL,
    other controls) replaced with U+FFFD."""
    return html.escape(xml_text(text))


def report_page(store, document: str | None = None, *, validation: bool = True) -> bytes:
    """The summary page of the plan ``document`` names (its id, the start of its id or its
    IRI; PlanNotFound if none) or of all plans (an overview, then a section per plan), as
    UTF-8 HTML; ``validation=False`` leaves out the validation results."""
    facts = cached(store)
    plan = selected_plan(facts, document)
    plans = select_plans(facts, plan)
    if len(plans) > 1:
        return plans_page(facts, plans, validation)
    title = plan_titles(facts, plans) or "policykg"
    found = common.units(facts, plans)
    return fill_template(
        "report.html",
        {
            "title": escape(title),
            "css": asset("templates/report.css"),
            "counts": counts_html(facts, plans, found),
            "load": load_chart(list(found.values())),
            "network": network_picture(facts, plan),
            "targets": targets_html(facts, plans),
            "validation": validation_html(store, plan) if validation else NOT_VALIDATED,
        },
    ).encode("utf-8")


NOT_VALIDATED = '<p class="note">未校验 Not validated: `policykg validate` validates the plans.</p>'
COUNT_NAMES = {
    "measures": "任务 measures",
    "departments": "单位 departments",
    "assignments": "分工 assignments",
    "targets": "目标 targets",
    "programmes": "项目与术语 programmes",
}


def counts(store, plans: list[str], units: dict) -> dict[str, int]:
    """Measures, departments, assignments, targets and programmes of ``plans``."""
    programmes = {
        (row["document"], row["matched"] or row["programme"]) for row in common.library_rows(store, "programmes", plans)
    }
    return {
        "measures": len(common.measures(store, plans)),
        "departments": len(units),
        "assignments": len(common.assignments(store, plans)),
        "targets": len(common.targets(store, plans)),
        "programmes": len(programmes),
    }


def counts_html(store, plans: list[str], units: dict, ids: bool = True) -> str:
    """The counts as boxes; ``ids`` gives each box an id (``count-measures``…), which a
    page may hold once."""
    parts = []
    for key, value in counts(store, plans, units).items():
        name = f'id="count-{key}"' if ids else f'data-count="{key}"'
        parts.append(
            f'<div class="count" {name}><span class="number">{value}</span><span class="name">{COUNT_NAMES[key]}</span></div>'
        )
    return "\n".join(parts)


# --- several plans ----------------------------------------------------------------------


def plans_page(store, plans: list[str], validation: bool = True) -> bytes:
    """The report of several plans: the overview (each plan's counts and validation
    verdict, linking to its section), then a section per plan, in title order."""
    from kg.validate import Report, validate

    facts = cached(store)
    plans = ordered_plans(facts, plans)
    titles = plan_title_map(facts, plans)
    checked = validate(_store_of(facts), plans) if validation else None
    rows, sections = [], []
    for plan in plans:
        found = common.units(facts, [plan])
        numbers = counts(facts, [plan], found)
        anchor = f"plan-{escape(id_of(plan))}"
        verdict = ""
        part = NOT_VALIDATED
        if checked is not None:
            own = Report(results=[r for r in checked.results if r.document == plan], titles={plan: titles[plan]})
            verdict = f"<td>{_verdict(own)}</td>"
            part = validation_section(own, plan_headings=False, text=False)
        rows.append(
            f'<tr data-plan="{escape(id_of(plan))}"><td><a href="#{anchor}">{escape(titles[plan])}</a></td>'
            + "".join(f'<td class="number">{value}</td>' for value in numbers.values())
            + verdict
            + "</tr>"
        )
        graph = network.department_network(facts, plan)
        sections.append(
            "\n".join(
                [
                    f'<section class="plan" id="{anchor}">',
                    f"<h2>{escape(titles[plan])}</h2>",
                    f'<p class="note">{escape(id_of(plan))} · <a href="#plans">全部方案 all plans ↑</a></p>',
                    '<div class="counts">',
                    counts_html(facts, [plan], found, ids=False),
                    "</div>",
                    "<h3>各部门任务量 Departments by load</h3>",
                    load_chart(list(found.values())),
                    "<h3>部门协作网络 Department network</h3>",
                    f'<div class="picture">{network_svg(graph, network.layout(graph))}</div>',
                    "<h3>目标指标（按年份）Targets by year</h3>",
                    targets_html(facts, [plan], heading="h4"),
                    "<h3>校验结果 Validation</h3>",
                    part,
                    "</section>",
                ]
            )
        )
    head = "".join(f"<th>{name}</th>" for name in COUNT_NAMES.values())
    overview = [
        f'<table class="plans"><tr><th>方案 plan</th>{head}{"<th>校验 validation</th>" if checked else ""}</tr>',
        *rows,
        "</table>",
    ]
    if checked is not None:
        registry = Report(
            results=[r for r in checked.results if r.document == REGISTRY_GRAPH.value],
            titles={REGISTRY_GRAPH.value: checked.titles.get(REGISTRY_GRAPH.value, "")},
        )
        overview.append(f'<p class="summary">{_verdict(checked)}</p>')
        if registry.results:
            overview.append(validation_section(registry, text=False))
    title = f"全部 {len(plans)} 个方案 All {len(plans)} plans"
    return fill_template(
        "report-plans.html",
        {
            "title": escape(title),
            "css": asset("templates/report.css"),
            "overview": "\n".join(overview),
            "sections": "\n".join(sections),
        },
    ).encode("utf-8")


def _store_of(store):
    """The store itself behind a QueryCache (validation reads its quads)."""
    return store.store if isinstance(store, QueryCache) else store


def _verdict(report) -> str:
    from kg.validate import SEVERITIES

    summary = "、".join(f"{report.count(severity)} {SEVERITY_NAMES[severity]}" for severity in SEVERITIES)
    return f"{'符合 conforms' if report.conforms() else '不符合 does not conform'}: {summary}"


def ranked_by_load(units: list) -> list:
    """Units, most measures led first, then most measures in all, then by name."""
    return sorted(units, key=lambda unit: (-unit.led, -(unit.led + unit.joined), unit.label))


def load_chart(units: list) -> str:
    """A horizontal stacked bar chart (inline SVG): measures led, then joined, per unit."""
    ranked = ranked_by_load(units)
    if not ranked:
        return '<p class="note">没有分工 No assignments.</p>'
    most = max(unit.led + unit.joined for unit in ranked) or 1
    scale = BAR_AREA_WIDTH / most
    width = LABEL_WIDTH + BAR_AREA_WIDTH + 90
    height = BAR_ROW_HEIGHT * len(ranked) + 34
    parts = [
        (
            f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="departments by load" '
            f'font-family="{network.CJK_FONTS}" font-size="13">'
        ),
        _legend_key(LABEL_WIDTH, 4, LED_COLOUR, "牵头 led"),
        _legend_key(LABEL_WIDTH + 110, 4, JOINED_COLOUR, "参与 joined"),
    ]
    for row, unit in enumerate(ranked):
        y = 30 + row * BAR_ROW_HEIGHT
        led_width, joined_width = unit.led * scale, unit.joined * scale
        parts.append(
            f'<g class="bar" data-unit="{escape(unit.iri)}">'
            f"<title>{escape(unit.label)}: 牵头 {unit.led}, 参与 {unit.joined}</title>"
        )
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(unit.label)}</text>')
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{led_width:.1f}" height="{BAR_ROW_HEIGHT - 8}" fill="{LED_COLOUR}"/>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH + led_width:.1f}" y="{y + 3}" width="{joined_width:.1f}" '
            f'height="{BAR_ROW_HEIGHT - 8}" fill="{JOINED_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + led_width + joined_width + 6:.1f}" y="{y + 15}" fill="#5a6570">'
            f"{unit.led} + {unit.joined}</text></g>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _legend_key(x: float, y: float, colour: str, label: str) -> str:
    return (
        f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>'
        f'<text x="{x + 20}" y="{y + 12}">{escape(label)}</text>'
    )


def network_picture(store, document: str | None = None) -> str:
    """The department network: Graphviz's SVG inline when ``dot`` is installed, else the
    interactive Cytoscape page in an iframe."""
    if network.graphviz_available():
        svg = network.render(network.dot_text(network.department_network(store, document)), "svg").decode("utf-8")
        return f'<div class="picture">{svg[svg.index("<svg") :]}</div>'
    page = html_page(store, document).decode("utf-8")
    return f'<div class="picture"><iframe title="department network" srcdoc="{escape(page)}"></iframe></div>'


def network_svg(graph, positions: dict[str, tuple[float, float]]) -> str:
    """A plan's department network as a small SVG: nodes where ``positions`` (the network
    layout, as the HTML page draws it) puts them, coloured by type and sized by load as
    the page sizes them; grey arrows lead → participant and orange lines for shared
    measures, thicker for more measures."""
    if not graph.number_of_nodes():
        return '<p class="note">没有分工 No assignments.</p>'

    def radius(size: float) -> float:
        return (16 + (min(max(size, 10), 50) - 10) / 40 * 48) / 2

    def width(weight: int, most: int, widest: float, thinnest: float) -> str:
        share = (min(max(weight, 1), most) - 1) / (most - 1)
        return f"{thinnest + share * (widest - thinnest):.1f}"

    at = {node: (positions[node][0], positions[node][1], radius(data["size"])) for node, data in graph.nodes(data=True)}
    shared: dict[int, list[str]] = {}
    shafts: dict[int, list[str]] = {}
    heads = []
    for source, target, kind, weight in graph.edges(keys=True, data="weight"):
        (x1, y1, _), (x2, y2, r2) = at[source], at[target]
        if kind != network.LEADS:
            shared.setdefault(weight, []).append(f"M{x1:.0f} {y1:.0f}L{x2:.0f} {y2:.0f}")
            continue
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        tip_x, tip_y = x2 - ux * r2, y2 - uy * r2
        base_x, base_y = tip_x - ux * 14, tip_y - uy * 14
        shafts.setdefault(weight, []).append(f"M{x1:.0f} {y1:.0f}L{base_x:.0f} {base_y:.0f}")
        heads.append(
            f"M{tip_x:.0f} {tip_y:.0f}L{base_x - uy * 6:.0f} {base_y + ux * 6:.0f}"
            f"L{base_x + uy * 6:.0f} {base_y - ux * 6:.0f}Z"
        )
    parts = [
        '<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="-570 -550 1140 1130" width="760" '
        f'height="753" role="img" aria-label="department network" font-family="{network.CJK_FONTS}">'
    ]
    for weight, lines in sorted(shared.items()):
        parts.append(
            f'<path class="co-responsible" d="{"".join(lines)}" fill="none" stroke="#e69f00" stroke-opacity="0.35" '
            f'stroke-width="{width(weight, 16, 7, 0.6)}"/>'
        )
    for weight, lines in sorted(shafts.items()):
        parts.append(
            f'<path class="leads" d="{"".join(lines)}" fill="none" stroke="#4b5560" stroke-opacity="0.5" '
            f'stroke-width="{width(weight, 13, 6, 1)}"/>'
        )
    if heads:
        parts.append(f'<path d="{"".join(heads)}" fill="#4b5560" fill-opacity="0.6"/>')
    for node, data in graph.nodes(data=True):
        x, y, r = at[node]
        parts.append(
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.0f}" fill="{data["colour"]}" stroke="#fff">'
            f"<title>{escape(data['label'])}: 牵头 {data['led']}, 参与 {data['joined']}</title></circle>"
        )
    parts.append('<g text-anchor="middle" fill="#1d2329" stroke="#fff" stroke-width="4" paint-order="stroke">')
    for node, data in graph.nodes(data=True):
        x, y, r = at[node]
        size = 19 + (min(max(data["size"], 10), 50) - 10) / 40 * 9
        parts.append(f'<text x="{x:.0f}" y="{y + r + size:.0f}" font-size="{size:.0f}">{escape(data["label"])}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts)


def targets_html(store, plans: list[str], heading: str = "h3") -> str:
    """Targets grouped by the year they are due (undated last), in document order, each
    year under a ``heading`` element."""
    rows = common.targets(store, plans)
    if not rows:
        return '<p class="note">没有目标 No targets.</p>'
    rows.sort(
        key=lambda row: (
            row["dueYear"] is None,
            sort_key(row["dueYear"]),
            plans.index(row["document"]),
            sort_key(row["start"]),
        )
    )
    years: dict[object, list[dict]] = {}
    for row in rows:
        years.setdefault(row["dueYear"], []).append(row)
    many = len(plans) > 1
    parts = []
    for year, group in years.items():
        name = f"{escape(str(year))} 年" if year is not None else "未定期限 No deadline"
        parts.append(
            f'<{heading} data-year="{escape(str(year)) if year is not None else ""}">{name} ({len(group)})</{heading}>'
        )
        parts.append(
            '<table class="targets"><tr>'
            + ("<th>方案 plan</th>" if many else "")
            + "<th>任务 measure</th><th>目标 target</th><th>值 value</th><th>期限 deadline</th><th>范围 scope</th></tr>"
        )
        for row in group:
            cells = [escape(str(row["documentTitle"]))] if many else []
            cells += [
                "" if row["measure"] is None else escape(str(row["measure"])),
                escape(row["text"]),
                escape(target_value(row)),
                "" if row["deadline"] is None else escape(str(row["deadline"])),
                escape(row["scope"] or ""),
            ]
            parts.append(
                "<tr>"
                + "".join(
                    f'<td class="number">{cell}</td>' if index in (0, 3) and not many else f"<td>{cell}</td>"
                    for index, cell in enumerate(cells)
                )
                + "</tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)


def validation_html(store, document: str | None = None) -> str:
    """The SHACL results (kg.validate) grouped by plan and measure, with their source
    text, and the same report as `policykg validate` prints it."""
    from kg.validate import validate

    store = _store_of(store)
    return validation_section(validate(store, None if document is None else select_plans(store, document)))


def validation_section(report, plan_headings: bool = True, text: bool = True) -> str:
    """A validation report (kg.validate.Report) as HTML: the verdict, the results of each
    plan (under its title, with ``plan_headings``) by measure, and (with ``text``) the
    same report as `policykg validate` prints it."""
    from kg.validate import text_report

    parts = [f'<p class="summary" data-conforms="{str(report.conforms()).lower()}">{_verdict(report)}</p>']
    for plan, title in report.titles.items():
        by_measure: dict[object, list] = {}
        for result in report.results:
            if result.document == plan:
                by_measure.setdefault(result.measure, []).append(result)
        if not by_measure and plan == REGISTRY_GRAPH.value:
            continue
        if plan_headings:
            parts.append(f"<h3>{escape(title)}</h3>")
        if not by_measure:
            parts.append('<p class="note">没有问题 No results.</p>')
        for measure, results in by_measure.items():
            heading = (
                "方案整体 outside the measures" if measure is None else f"任务 {measure} {results[0].heading or ''}"
            )
            parts.append(f'<h4 data-measure="{"" if measure is None else measure}">{escape(heading.strip())}</h4>')
            parts.append('<ul class="results">' + "".join(_result_html(result) for result in results) + "</ul>")
    if text:
        parts.append(
            f"<details><summary>文本报告 Text report</summary><pre>{escape(text_report(report))}</pre></details>"
        )
    return "\n".join(parts)


def _result_html(result) -> str:
    about = f" ({escape(result.value_label)})" if result.value_label else ""
    severity = SEVERITY_NAMES.get(result.severity, result.severity)
    lines = [f'<li><span class="severity {escape(result.severity)}">{severity}</span> {escape(result.message)}{about}']
    if result.message_zh:
        lines.append(f'<br><span class="message-zh">{escape(result.message_zh)}</span>')
    if result.source_text:
        source = result.source_text if len(result.source_text) <= 240 else result.source_text[:239] + "…"
        lines.append(f"<blockquote>{escape(source)}</blockquote>")
    lines.append("</li>")
    return "".join(lines)
