"""Tables from the store — the 任务分工表 (responsibilities), targets, glossary, programmes
and the department × measure matrix — as CSV, Markdown, an Excel workbook or a terminal
table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg import query as query_library
from kg.errors import InputError
from kg.export.common import library_rows, select_plans, selected_plan
from kg.export.xlsx import workbook
from kg.query import sort_key
from kg.text import one_line

RESPONSIBILITY_COLUMNS = ["document", "measure", "title", "section", "lead", "participants"]
TARGET_COLUMNS = [
    "document",
    "measure",
    "text",
    "metric",
    "comparator",
    "value",
    "value_max",
    "unit",
    "basis",
    "baseline",
    "deadline",
    "scope",
]
GLOSSARY_COLUMNS = ["document", "number", "term", "definition", "marked_in", "programme"]
PROGRAMME_COLUMNS = ["document", "programme", "source", "measures"]
TABLE_FORMATS = {".csv": "csv", ".md": "md", ".xlsx": "xlsx"}


def format_of(path: str | Path) -> str:
    """The table format a file name asks for, by its suffix (``.md`` → md)."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise InputError(f"{path}: unknown table file type {suffix or '(none)'}; use one of {', '.join(TABLE_FORMATS)}")
    return TABLE_FORMATS[suffix]


def _rows(store, name: str, document: str | None) -> list[dict[str, object]]:
    """Rows of the library query ``name`` about the plan ``document`` names (every plan
    when it is None); an unknown plan raises PlanNotFound rather than giving no rows."""
    plan = selected_plan(store, document)
    return query_library.run(store, query_library.load(name).bind({}, document=plan))[1]


def responsibilities(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """One row per measure, in document order: its lead(s) and participants joined with 、."""
    rows = _rows(store, "responsibilities", document)
    table: dict[tuple[str, int], dict[str, object]] = {}
    for row in rows:
        key = (str(row["document"]), str(row["measure"]))
        entry = table.setdefault(
            key,
            {
                "document": row["documentTitle"],
                "measure": row["measure"],
                "title": row["title"],
                "section": row["section"],
                "lead": [],
                "participants": [],
            },
        )
        if row["department"] is not None:
            entry["lead" if row["role"] == "lead" else "participants"].append(row["department"])
    for entry in table.values():
        entry["lead"] = "、".join(entry["lead"])
        entry["participants"] = "、".join(entry["participants"])
    return RESPONSIBILITY_COLUMNS, list(table.values())


def targets(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """Every target in document order; goals outside the measures have an empty measure."""
    rows = _rows(store, "targets", document)
    rows.sort(key=lambda row: (str(row["documentTitle"]), str(row["document"]), sort_key(row["start"])))
    return TARGET_COLUMNS, [
        {
            "document": row["documentTitle"],
            "measure": row["measure"],
            "text": row["text"],
            "metric": row["metric"],
            "comparator": row["comparator"],
            "value": row["value"],
            "value_max": row["valueMax"],
            "unit": row["unit"],
            "basis": row["basis"],
            "baseline": row["baseline"],
            "deadline": row["deadline"],
            "scope": row["scope"],
        }
        for row in rows
    ]


def glossary(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """Every glossary entry, with the measures its markers stand in and the programme it matches."""
    rows = _rows(store, "glossary", document)
    return GLOSSARY_COLUMNS, [
        {
            "document": row["documentTitle"],
            "number": row["number"],
            "term": row["term"],
            "definition": row["definition"],
            "marked_in": row["markedIn"],
            "programme": row["programme"],
        }
        for row in rows
    ]


def programmes(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """One row per programme a plan's measures name, with those measures in order."""
    rows = _rows(store, "programmes", document)
    table: dict[tuple[str, str], dict[str, object]] = {}
    # A glossary entry that stands for a registry programme shares that programme's row.
    for row in sorted(rows, key=lambda r: r["source"] != "registry"):
        key = (str(row["document"]), str(row["matched"] or row["programme"]))
        entry = table.setdefault(
            key, {"document": row["documentTitle"], "programme": row["label"], "sources": set(), "measures": set()}
        )
        entry["sources"].add(row["source"])
        entry["measures"].add(row["measure"])
    for entry in table.values():
        entry["source"] = "+".join(sorted(entry.pop("sources")))
        entry["measures"] = "、".join(str(number) for number in sorted(entry["measures"], key=sort_key))
    return PROGRAMME_COLUMNS, sorted(table.values(), key=lambda e: (str(e["document"]), str(e["programme"])))


def matrix(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """The department × measure matrix from the department-measure-matrix query: one row
    per unit and plan (most measures led first, then most measures in all), one column per
    measure number, cells ``L`` (lead), ``P`` (participant) or empty (``LP`` if a plan
    names a unit both ways)."""
    plans = select_plans(store, document)
    rows = library_rows(store, "department-measure-matrix", plans)
    numbers = sorted({row["measure"] for row in rows}, key=sort_key)
    table: dict[tuple[str, str], dict[str, object]] = {}
    for row in rows:
        entry = table.setdefault(
            (row["document"], row["department"]), {"document": row["documentTitle"], "department": row["department"]}
        )
        column = str(row["measure"])
        entry[column] = "".join(sorted(set(str(entry.get(column, "")) + row["mark"])))
    columns = ["document", "department"] + [str(number) for number in numbers]

    def order(item: tuple[tuple[str, str], dict[str, object]]) -> tuple:
        (plan, department), entry = item
        marks = [str(entry.get(str(number), "")) for number in numbers]
        return (plans.index(plan), -sum("L" in mark for mark in marks), -sum(bool(mark) for mark in marks), department)

    ordered = [entry for _, entry in sorted(table.items(), key=order)]
    return columns, [{column: entry.get(column, "") for column in columns} for entry in ordered]


# Every table by name, in the order a workbook of them all has its sheets; each is
# ``make(store, document=None) -> (columns, rows)``.
TABLES = {
    "responsibilities": responsibilities,
    "targets": targets,
    "glossary": glossary,
    "programmes": programmes,
    "matrix": matrix,
}


def render(columns: list[str], rows: list[dict[str, object]], table_format: str, name: str = "table") -> bytes:
    """The table as ``table_format`` (csv, md or xlsx, whose one sheet is called ``name``)."""
    if table_format == "xlsx":
        return workbook({name: (columns, rows)})
    if table_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: "" if row.get(c) is None else row[c] for c in columns} for row in rows)
        return buffer.getvalue().encode("utf-8")
    if table_format == "md":

        def cell(value: object) -> str:
            # A cell is one line: a line break inside a name would end the table's row.
            return one_line(value).replace("\\", "\\\\").replace("|", "\\|")

        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise InputError(f"unknown table format {table_format!r}")
