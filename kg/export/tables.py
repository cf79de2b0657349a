"""Tables from the store: the 任务分工表 (responsibilities) as CSV, Markdown or a terminal table."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from kg import query as query_library
from kg.errors import InputError
from kg.export.clean import one_line
from kg.query import sort_key

RESPONSIBILITY_COLUMNS = ["document", "measure", "title", "section", "lead", "participants"]
TARGET_COLUMNS = [
    "document", "measure", "text", "metric", "comparator", "value", "value_max", "unit", "basis", "baseline", "deadline",
    "scope",
]
GLOSSARY_COLUMNS = ["document", "number", "term", "definition", "marked_in", "programme"]
PROGRAMME_COLUMNS = ["document", "programme", "source", "measures"]
TABLE_FORMATS = {".csv": "csv", ".md": "md", ".xlsx": "xlsx"}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise InputError(f"{path}: unknown table file type {suffix or '(none)'}; use one of {', '.join(TABLE_FORMATS)}")
    return TABLE_FORMATS[suffix]


def _rows(store, name: str, document: str | None) -> list[dict[str, object]]:
    return query_library.run(store, query_library.load(name).bind({}, document=document))[1]


def responsibilities(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """One row per measure, in document order: its lead(s) and participants joined with 、."""
    rows = _rows(store, "responsibilities", document)
    table: dict[tuple[str, int], dict[str, object]] = {}
    for row in rows:
        key = (str(row["document"]), str(row["measure"]))
        entry = table.setdefault(
            key,
            {"document": row["documentTitle"], "measure": row["measure"], "title": row["title"],
             "section": row["section"], "lead": [], "participants": []},
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
        {"document": row["documentTitle"], "measure": row["measure"], "text": row["text"], "metric": row["metric"],
         "comparator": row["comparator"], "value": row["value"], "value_max": row["valueMax"], "unit": row["unit"],
         "basis": row["basis"], "baseline": row["baseline"], "deadline": row["deadline"], "scope": row["scope"]}
        for row in rows
    ]


def glossary(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """Every glossary entry, with the measures its markers stand in and the programme it matches."""
    rows = _rows(store, "glossary", document)
    return GLOSSARY_COLUMNS, [
        {"document": row["documentTitle"], "number": row["number"], "term": row["term"], "definition": row["definition"],
         "marked_in": row["markedIn"], "programme": row["programme"]}
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


TABLES = {"responsibilities": responsibilities, "targets": targets, "glossary": glossary, "programmes": programmes}


def render(columns: list[str], rows: list[dict[str, object]], table_format: str, name: str = "table") -> bytes:
    if table_format == "xlsx":
        from kg.export.xlsx import workbook

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


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_table(columns: list[str], rows: list[dict[str, object]], max_width: int = 48) -> str:
    """An aligned plain-text table; long cells are cut with …."""

    def cell(value: object) -> str:
        text = one_line(value)
        if display_width(text) <= max_width:
            return text
        kept, width = [], 0
        for char in text:
            width += display_width(char)
            if width > max_width - 1:
                break
            kept.append(char)
        return "".join(kept) + "…"

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])
