"""A one-page summary of a plan (or of every plan in the store) as self-contained HTML:
counts, departments ranked by load as a bar chart (inline SVG, no script), the network
picture, targets grouped by year, the policy instruments its clauses use (a bar chart by
type and sub-instrument, and the instrument × element table: kg.instruments.tables), and
the validation results grouped by measure.

The network picture of one plan is Graphviz's SVG, inlined, when ``dot`` is installed;
otherwise the interactive page from kg.export.html, embedded with ``<iframe srcdoc>``.

A report of several plans starts with an overview, every plan with its counts and
validation verdict, each linking to the plan's own section (the same parts as a report
of one plan). Each section's network is a small SVG the report's script draws
(templates/report.js) from one data block, laid out as the HTML page lays it out
(templates/layout.js), when the section comes into view; everything else is written
here, as HTML and SVG. It all comes from a dozen queries about all the plans at once
(kg.export.common.gather), never a query per plan; the plans are validated
(kg.validate) meanwhile, in a thread, and ``validation=False`` leaves that out. The
instruments are coded on the fly with the shipped codebooks (no ``policykg code`` run
needed), each plan's clauses read once (``instrument_codings``: a millisecond a plan).
"""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor

from kg.export.common import TYPE_COLOURS, UNKNOWN_TYPE_COLOUR, PlanFacts, gather, select_plans, selected_plan
from kg.export.html import (
    asset,
    fill_template,
    inline_json,
    inline_script,
    ordered,
    page,
    page_data,
    plan_network,
    target_value,
)
from kg.ids import id_of
from kg.query import sort_key
from kg.text import xml_text
from kg.vocab import REGISTRY_GRAPH

BAR_ROW_HEIGHT = 26
LABEL_WIDTH = 190
BAR_AREA_WIDTH = 560
LED_COLOUR = "#0072b2"
JOINED_COLOUR = "#9ecae1"
CJK_FONTS = "Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,sans-serif"  # as kg.export.network writes them
SEVERITY_NAMES = {"Violation": "违规 Violation", "Warning": "警告 Warning", "Info": "提示 Info"}


def escape(text: object) -> str:
    """Text from the store as HTML text: markup escaped, characters HTML forbids (NUL,
    other controls) replaced with U+FFFD."""
    return html.escape(xml_text(text))


def report_page(store, document: str | None = None, *, validation: bool = True) -> bytes:
    """The summary page of the plan ``document`` names (its id, the start of its id or its
    IRI; PlanNotFound if none) or of all plans (an overview, then a section per plan), as
    UTF-8 HTML; ``validation=False`` leaves out the validation results."""
    plan = selected_plan(store, document)
    plans = select_plans(store, plan)
    if len(plans) > 1:
        return plans_page(store, plans, validation)
    checking = _validating(store, None if plan is None else [plan]) if validation else None
    facts = gather(store, plans)
    own = facts.plans[plans[0]] if plans else PlanFacts("", "policykg", [], {}, 0, {}, [], [])
    codings, codebooks = instrument_codings(store, plans)
    return fill_template(
        "report.html",
        {
            "title": escape(own.title),
            "css": asset("templates/report.css"),
            "counts": counts_html(own),
            "load": load_chart(list(own.units.values())),
            "network": network_picture(store, plan, facts),
            "targets": targets_html(own.targets),
            "instruments": instruments_html(codings.get(own.iri), codebooks),
            "validation": validation_section(checking.result()) if checking else NOT_VALIDATED,
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


def counts(plan: PlanFacts) -> dict[str, int]:
    """Measures, departments, assignments, targets and programmes of a plan."""
    return {
        "measures": len(plan.measures),
        "departments": len(plan.units),
        "assignments": plan.assignments,
        "targets": len(plan.targets),
        "programmes": len({row["matched"] or row["programme"] for row in plan.programmes}),
    }


def counts_html(plan: PlanFacts, ids: bool = True) -> str:
    """The counts as boxes; ``ids`` gives each box an id (``count-measures``…), which a
    page may hold once."""
    parts = []
    for key, value in counts(plan).items():
        name = f'id="count-{key}"' if ids else f'data-count="{key}"'
        parts.append(
            f'<div class="count" {name}><span class="number">{value}</span><span class="name">{COUNT_NAMES[key]}</span></div>'
        )
    return "\n".join(parts)


def _validating(store, plans: list[str] | None):
    """The validation of ``plans`` (every plan when None), started in a thread: the store
    is read meanwhile for the rest of the page; its ``result()`` is the report."""
    from kg.validate import validate

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(validate, store, plans)
    pool.shutdown(wait=False)
    return future


# --- several plans ----------------------------------------------------------------------


def plans_page(store, plans: list[str], validation: bool = True) -> bytes:
    """The report of several plans: the overview (each plan's counts and validation
    verdict, linking to its section), then a section per plan, in title order."""
    from kg.validate import Report

    checking = _validating(store, plans) if validation else None
    facts = gather(store, plans)
    codings, codebooks = instrument_codings(store, plans)
    checked = checking.result() if checking else None
    results_of: dict[str, list] = {}
    if checked is not None:
        for result in checked.results:
            results_of.setdefault(result.document, []).append(result)
    rows, sections = [], []
    for plan in ordered(facts):
        anchor = f"plan-{escape(id_of(plan.iri))}"
        verdict = ""
        part = NOT_VALIDATED
        if checked is not None:
            own = Report(results=results_of.get(plan.iri, []), titles={plan.iri: plan.title})
            verdict = f"<td>{_verdict(own)}</td>"
            part = validation_section(own, plan_headings=False, text=False)
        rows.append(
            f'<tr data-plan="{escape(id_of(plan.iri))}"><td><a href="#{anchor}">{escape(plan.title)}</a></td>'
            + "".join(f'<td class="number">{value}</td>' for value in counts(plan).values())
            + verdict
            + "</tr>"
        )
        sections.append(
            "\n".join(
                [
                    f'<section class="plan" id="{anchor}">',
                    f"<h2>{escape(plan.title)}</h2>",
                    f'<p class="note">{escape(id_of(plan.iri))} · <a href="#plans">全部方案 all plans ↑</a></p>',
                    '<div class="counts">',
                    counts_html(plan, ids=False),
                    "</div>",
                    "<h3>各部门任务量 Departments by load</h3>",
                    load_chart(list(plan.units.values())),
                    "<h3>部门协作网络 Department network</h3>",
                    _picture(plan),
                    "<h3>目标指标（按年份）Targets by year</h3>",
                    targets_html(plan.targets, heading="h4"),
                    "<h3>政策工具 Policy instruments</h3>",
                    instruments_html(codings.get(plan.iri), codebooks),
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
            results=results_of.get(REGISTRY_GRAPH.value, []),
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
            "networks": inline_json(networks_data(ordered(facts))),
            "script": inline_script(asset("templates/layout.js") + asset("templates/report.js")),
        },
    ).encode("utf-8")


def networks_data(plans: list[PlanFacts]) -> dict[str, object]:
    """The plans' department networks (kg.export.html.plan_network) as report.js draws
    them: ``labels`` and ``colours`` each written once; per plan id, ``nodes`` ``[label,
    colour, led, joined]`` in the network's order and ``leads`` and ``shared``, flat lists
    of ``source, target, weight`` by node number. The page lays each out itself."""
    labels: dict[str, int] = {}
    colours: dict[str, int] = {}
    drawn = {}
    for plan in plans:
        graph = plan_network(plan)
        number = {iri: index for index, iri in enumerate(graph.nodes)}
        nodes = []
        for iri, label in graph.nodes.items():
            unit = plan.units[iri]
            colour = TYPE_COLOURS.get(unit.type, UNKNOWN_TYPE_COLOUR)
            nodes.append(
                [labels.setdefault(label, len(labels)), colours.setdefault(colour, len(colours)), unit.led, unit.joined]
            )
        drawn[id_of(plan.iri)] = {
            "nodes": nodes,
            "leads": [value for (s, t), w in graph.leads.items() for value in (number[s], number[t], w)],
            "shared": [value for (s, t), w in graph.shared.items() for value in (number[s], number[t], w)],
        }
    return {"labels": list(labels), "colours": list(colours), "plans": drawn}


def _picture(plan: PlanFacts) -> str:
    """Where report.js draws a plan's network."""
    if not plan.units:
        return '<div class="picture"><p class="note">没有分工 No assignments.</p></div>'
    return (
        f'<div class="picture" data-plan="{escape(id_of(plan.iri))}"><noscript><p class="note">'
        "网络图由本页的脚本绘制 · the network is drawn by the page's script</p></noscript></div>"
    )


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
            f'font-family="{CJK_FONTS}" font-size="13">'
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


def network_picture(store, document: str | None = None, facts=None) -> str:
    """The department network: Graphviz's SVG inline when ``dot`` is installed, else the
    interactive Cytoscape page in an iframe (drawn from ``facts``, kg.export.common.gather,
    when given)."""
    from kg.export import network

    if network.graphviz_available():
        svg = network.render(network.dot_text(network.department_network(store, document)), "svg").decode("utf-8")
        return f'<div class="picture">{svg[svg.index("<svg") :]}</div>'
    text = page(page_data(store, document, facts)).decode("utf-8")
    return f'<div class="picture"><iframe title="department network" srcdoc="{escape(text)}"></iframe></div>'


def targets_html(rows: list[dict], heading: str = "h3") -> str:
    """A plan's targets (its rows of ``targets``) grouped by the year they are due
    (undated last), in document order, each year under a ``heading`` element."""
    if not rows:
        return '<p class="note">没有目标 No targets.</p>'
    rows = sorted(rows, key=lambda row: (row["dueYear"] is None, sort_key(row["dueYear"]), sort_key(row["start"])))
    years: dict[object, list[dict]] = {}
    for row in rows:
        years.setdefault(row["dueYear"], []).append(row)
    parts = []
    for year, group in years.items():
        name = f"{escape(str(year))} 年" if year is not None else "未定期限 No deadline"
        parts.append(
            f'<{heading} data-year="{escape(str(year)) if year is not None else ""}">{name} ({len(group)})</{heading}>'
        )
        parts.append(
            '<table class="targets"><tr>'
            "<th>任务 measure</th><th>目标 target</th><th>值 value</th><th>期限 deadline</th><th>范围 scope</th></tr>"
        )
        for row in group:
            parts.append(
                '<tr><td class="number">'
                + ("" if row["measure"] is None else escape(str(row["measure"])))
                + f"</td><td>{escape(row['text'])}</td><td>{escape(target_value(row))}</td>"
                + '<td class="number">'
                + ("" if row["deadline"] is None else escape(str(row["deadline"])))
                + f"</td><td>{escape(row['scope'] or '')}</td></tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)


# --- policy instruments ------------------------------------------------------------------

# The colour of each type of instrument, in the codebook's order (Okabe–Ito, as TYPE_COLOURS).
INSTRUMENT_TYPE_COLOURS = ("#0072b2", "#009e73", "#d55e00", "#cc79a7", "#e69f00", "#56b4e9")
NO_INSTRUMENTS = '<p class="note">没有条款用到政策工具 No clause uses a policy instrument.</p>'


def instrument_codings(store, plans: list[str]) -> tuple[dict, dict]:
    """Each plan coded with the shipped instruments and elements codebooks (plan IRI →
    codebook name → (clauses, suggestions)), each plan's clauses read once, and the
    codebooks by name."""
    from kg.instruments import load
    from kg.instruments.tables import ELEMENTS, INSTRUMENTS, coded

    codebooks = {name: load(name) for name in (INSTRUMENTS, ELEMENTS)}
    return coded(store.oxigraph, plans, list(codebooks.values())), codebooks


def instruments_html(coding: dict | None, codebooks: dict) -> str:
    """A plan's instruments: how many of its clauses use each (a bar chart, by type and
    sub-instrument) and the instrument × element table."""
    from kg.instruments.tables import ELEMENTS, INSTRUMENTS, frequencies, matrix

    if not coding:
        return NO_INSTRUMENTS
    _, rows = frequencies(coding[INSTRUMENTS], codebooks[INSTRUMENTS])
    if not rows[-1]["count"]:
        return NO_INSTRUMENTS
    columns, cells = matrix(coding[INSTRUMENTS], coding[ELEMENTS], codebooks[INSTRUMENTS], codebooks[ELEMENTS])
    clauses = len(coding[INSTRUMENTS][0])
    return "\n".join(
        [
            f'<p class="note">{rows[-1]["count"]} / {clauses} 条款用到政策工具，每条按最佳建议计一次 · '
            f"{rows[-1]['count']} of {clauses} clauses use an instrument, each counted once, under its best suggestion"
            "</p>",
            instrument_chart(rows[:-1]),
            '<p class="note">政策工具 × 政策要素（条款数；只列出有条款的行与列）· instruments × policy elements '
            "(clauses coded with both; only rows and columns with clauses)</p>",
            instrument_matrix_html(columns, cells),
        ]
    )


def instrument_chart(rows: list[dict]) -> str:
    """A horizontal bar chart (inline SVG) of the rows of ``frequencies`` (without the
    total): each type, its bar in the type's colour, then its sub-instruments, lighter;
    each bar says its count and share."""
    most = max(int(row["count"]) for row in rows) or 1
    scale = BAR_AREA_WIDTH / most
    width = LABEL_WIDTH + BAR_AREA_WIDTH + 110
    height = BAR_ROW_HEIGHT * len(rows) + 8
    colours: dict[str, str] = {}
    parts = [
        f'<svg class="chart instruments" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="policy instruments" '
        f'font-family="{CJK_FONTS}" font-size="13">'
    ]
    for number, row in enumerate(rows):
        colour = colours.setdefault(
            str(row["type"]), INSTRUMENT_TYPE_COLOURS[len(colours) % len(INSTRUMENT_TYPE_COLOURS)]
        )
        parts.append(_instrument_bar(row, 4 + number * BAR_ROW_HEIGHT, scale, colour))
    parts.append("</svg>")
    return "\n".join(parts)


def _instrument_bar(row: dict, y: float, scale: float, colour: str) -> str:
    """One bar: the label (a type's in bold), the bar (a sub-instrument's lighter) and
    the count with its share. The page's style sets how the texts look (report.css), so
    that a report of many plans does not repeat it on every bar."""
    is_type = row["code"] == row["type"]
    count, share = int(row["count"]), float(row["share"])
    bar = count * scale
    opacity = "" if is_type else ' fill-opacity=".55"'
    kind = ' class="type"' if is_type else ""
    shape = (
        f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="{BAR_ROW_HEIGHT - 8}" fill="{colour}"{opacity}/>'
        if count
        else ""
    )
    return (
        f'<g data-code="{escape(row["code"])}"{kind}>'
        f'<text x="{LABEL_WIDTH - 8 - (0 if is_type else 12)}" y="{y + 15}">{escape(row["label"])}</text>{shape}'
        f'<text x="{LABEL_WIDTH + bar + 6:.1f}" y="{y + 15}" class="n">{count} ({share:.1%})</text></g>'
    )


def instrument_matrix_html(columns: list[str], rows: list[dict]) -> str:
    """The instrument × element table (``kg.instruments.tables.matrix``), without the rows
    and columns that hold no clause; an empty cell is 0. Its counts are right-aligned by
    the page's style rather than a class on every cell: a report of many plans holds many."""
    *body, totals = rows
    kept = [column for column in columns[1:-1] if totals[column]]
    head = "".join(f"<th>{escape(column)}</th>" for column in kept)
    lines = [f'<table class="instrument-matrix"><tr><th>政策工具 instrument</th>{head}<th>合计 total</th></tr>']
    for row in [*[row for row in body if row[columns[-1]]], totals]:
        cells = "".join(f"<td>{row[column] or ''}</td>" for column in kept)
        lines.append(f"<tr><td>{escape(row[columns[0]])}</td>{cells}<td>{row[columns[-1]]}</td></tr>")
    lines.append("</table>")
    return "\n".join(lines)


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
