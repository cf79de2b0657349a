"""A one-page summary of a plan (or of every plan in the store) as self-contained HTML:
counts, departments ranked by load as a bar chart (inline SVG, no script), the network
picture, targets grouped by year, and the validation results grouped by measure.

The network picture is Graphviz's SVG, inlined, when ``dot`` is installed; otherwise
the interactive page from kg.export.html, embedded with ``<iframe srcdoc>``.
"""

from __future__ import annotations

import html

from kg.export import common, network
from kg.export.common import library_rows, plan_titles, select_plans, selected_plan
from kg.export.html import asset, fill_template, html_page, target_value
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


def report_page(store, document: str | None = None) -> bytes:
    """The summary page of the plan ``document`` names (its id, the start of its id or its
    IRI; PlanNotFound if none) or of all plans, as UTF-8 HTML."""
    plan = selected_plan(store, document)
    plans = select_plans(store, plan)
    title = plan_titles(store, plans) or "policykg"
    found = common.units(store, plans)
    return fill_template(
        "report.html",
        {
            "title": escape(title),
            "css": asset("templates/report.css"),
            "counts": counts_html(store, plans, found),
            "load": load_chart(list(found.values())),
            "network": network_picture(store, plan),
            "targets": targets_html(store, plans),
            "validation": validation_html(store, plan),
        },
    ).encode("utf-8")


def counts(store, plans: list[str], units: dict) -> dict[str, int]:
    """Measures, departments, assignments, targets and programmes of ``plans``."""
    programmes = {
        (row["document"], row["matched"] or row["programme"]) for row in library_rows(store, "programmes", plans)
    }
    return {
        "measures": len(common.measures(store, plans)),
        "departments": len(units),
        "assignments": len(common.assignments(store, plans)),
        "targets": len(library_rows(store, "targets", plans)),
        "programmes": len(programmes),
    }


def counts_html(store, plans: list[str], units: dict) -> str:
    names = {
        "measures": "任务 measures",
        "departments": "单位 departments",
        "assignments": "分工 assignments",
        "targets": "目标 targets",
        "programmes": "项目与术语 programmes",
    }
    return "\n".join(
        f'<div class="count" id="count-{key}"><span class="number">{value}</span><span class="name">{names[key]}</span></div>'
        for key, value in counts(store, plans, units).items()
    )


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


def targets_html(store, plans: list[str]) -> str:
    """Targets grouped by the year they are due (undated last), in document order."""
    rows = library_rows(store, "targets", plans)
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
        heading = f"{escape(str(year))} 年" if year is not None else "未定期限 No deadline"
        parts.append(f'<h3 data-year="{escape(str(year)) if year is not None else ""}">{heading} ({len(group)})</h3>')
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
    from kg.validate import SEVERITIES, text_report, validate

    report = validate(store, None if document is None else select_plans(store, document))
    summary = "、".join(f"{report.count(severity)} {SEVERITY_NAMES[severity]}" for severity in SEVERITIES)
    verdict = "符合 conforms" if report.conforms() else "不符合 does not conform"
    parts = [f'<p class="summary" data-conforms="{str(report.conforms()).lower()}">{verdict}: {summary}</p>']
    for plan, title in report.titles.items():
        by_measure: dict[object, list] = {}
        for result in report.results:
            if result.document == plan:
                by_measure.setdefault(result.measure, []).append(result)
        if not by_measure and plan == REGISTRY_GRAPH.value:
            continue
        parts.append(f"<h3>{escape(title)}</h3>")
        if not by_measure:
            parts.append('<p class="note">没有问题 No results.</p>')
        for measure, results in by_measure.items():
            heading = (
                "方案整体 outside the measures" if measure is None else f"任务 {measure} {results[0].heading or ''}"
            )
            parts.append(f'<h4 data-measure="{"" if measure is None else measure}">{escape(heading.strip())}</h4>')
            parts.append('<ul class="results">' + "".join(_result_html(result) for result in results) + "</ul>")
    parts.append(f"<details><summary>文本报告 Text report</summary><pre>{escape(text_report(report))}</pre></details>")
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
