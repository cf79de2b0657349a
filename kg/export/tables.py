"""Tables from the store — the 任务分工表 (responsibilities) and its long form (assignments),
targets, glossary, programmes, the department × measure matrix, and the policy-instrument
tables (instruments, instrument-matrix: kg.instruments.tables) — as CSV, Markdown, an
Excel workbook or a terminal table.

Each table is ``make(store, document=None) -> (columns, rows)``: the columns are English
keys and the rows are dicts keyed by them, whatever the header language; only rendering
(``render``, ``workbook``) writes headers, in the language asked for. Cell values are the
data as stored (roles ``lead``/``participant``, comparators, matrix marks L/P) in either
language. These choices answer how the tables are read — by Chinese users, and in Excel:

- Headers are Chinese by default (``headers="zh"``): the plans are Chinese and so are their
  readers. Each table's header is ``HEADERS[table][column]``, the genre's own words where it
  has them (序号, 重点任务, 牵头单位, 责任单位, 完成时限), else the ontology's labels; the
  responsibilities table so read is a 任务分工表 ``kg.formats.tables`` reads back.
  ``headers="en"`` writes the column keys instead (document, measure, lead …), for scripts.
  A workbook's sheets are named in the same language (``SHEET_NAMES``). The matrix's measure
  columns are the measures' numbers in both languages.
- A CSV *file* starts with a UTF-8 byte order mark, which Excel on Windows needs to read
  UTF-8 (without it, Chinese shows as mojibake); csv and pandas read it with ``utf-8-sig``.
  A CSV on standard output has none, as a pipe's reader (head, grep, csvkit) expects.
  ``csv_bom(output, bom)`` is that rule: ``bom=True`` or ``False`` overrides it, either way.
- A CSV cell (header or data) that starts with = + - @ tab or CR is written with a leading
  ' (OWASP's advice on CSV injection, ``kg.output.neutralise``), so that a spreadsheet shows
  ``=HYPERLINK(…)局`` as text rather than running it (a lone ``=``, the comparator, holds no
  formula and stays); ``raw=True`` writes the cells as stored, for scripts that read the
  CSV as data. ``csv_line`` quotes a cell holding a CR, which would otherwise end its row.
  A Markdown cell holds < > & as entities (a Markdown viewer renders HTML). An XLSX cell
  is typed as text, never a formula.
- A cell that lists units (``lead``, ``participants``) joins them with ``；`` (xlsx
  ``LIST_SEPARATOR``) in CSV, Markdown and XLSX alike: a unit's name may hold ``、`` and
  brackets (各区、县（市）人民政府) but never ``；`` (kg.names: no sentence punctuation in a
  name), so the cell splits back into its names, and each row stays on one line (a line
  break in the cell would also do in XLSX, but one rule for every format lets a cell copied
  from any of them split the same way). In the Python API these cells are lists; the
  programmes' measure numbers stay joined with 、, which a number never holds. ``assignments`` is the long form: one row per measure,
  unit and role, for filtering and pivoting without any splitting.
"""

from __future__ import annotations

import html
from pathlib import Path

from kg import query as query_library
from kg import workbook as xlsx
from kg.errors import InputError
from kg.export.common import library_rows, plan_title_map, select_plans, selected_plan
from kg.output import csv_line, neutralise
from kg.query import sort_key
from kg.text import one_line
from kg.workbook import LIST_SEPARATOR as LIST_SEPARATOR  # the separator of a cell that lists units
from kg.workbook import cell_value

RESPONSIBILITY_COLUMNS = ["document", "measure", "title", "section", "lead", "participants"]
ASSIGNMENT_COLUMNS = ["document", "measure", "title", "section", "unit", "role"]
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

HEADER_LANGUAGES = ("zh", "en")
DEFAULT_HEADERS = "zh"
BOM = "\ufeff"

# Each table's Chinese headers, column key → header. A column that is not here (the
# matrix's measure numbers) is headed by its key.
HEADERS: dict[str, dict[str, str]] = {
    "responsibilities": {
        "document": "文件",
        "measure": "序号",
        "title": "重点任务",
        "section": "所属部分",
        "lead": "牵头单位",
        "participants": "责任单位",
    },
    "assignments": {
        "document": "文件",
        "measure": "序号",
        "title": "重点任务",
        "section": "所属部分",
        "unit": "单位",
        "role": "职责角色",
    },
    "targets": {
        "document": "文件",
        "measure": "任务序号",
        "text": "原文",
        "metric": "指标",
        "comparator": "比较关系",
        "value": "数值",
        "value_max": "数值上限",
        "unit": "计量单位",
        "basis": "计量基准",
        "baseline": "基数",
        "deadline": "完成时限",
        "scope": "范围",
    },
    "glossary": {
        "document": "文件",
        "number": "序号",
        "term": "名词",
        "definition": "解释",
        "marked_in": "所在任务",
        "programme": "政策项目",
    },
    "programmes": {"document": "文件", "programme": "政策项目", "source": "来源", "measures": "所在任务"},
    "matrix": {"document": "文件", "department": "单位"},
    # The instruments' frequencies, and the instrument × element table (its element
    # columns are the elements' Chinese labels in both languages).
    "instruments": {
        "document": "文件",
        "type": "类型",
        "code": "编码",
        "label": "政策工具",
        "count": "条款数",
        "share": "占比",
    },
    "instrument-matrix": {"document": "文件", "instrument": "政策工具", "total": "合计"},
}

# Each table's sheet in a workbook with Chinese headers; with English ones a sheet is
# named by its table's key.
SHEET_NAMES = {
    "responsibilities": "任务分工表",
    "assignments": "任务分工明细",
    "targets": "目标指标",
    "glossary": "名词解释",
    "programmes": "政策项目",
    "matrix": "单位任务矩阵",
    "instruments": "政策工具频次",
    "instrument-matrix": "政策工具要素矩阵",
}


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
    """One row per measure, in document order: its lead(s) and participants as lists of
    names in written order (rendered joined with ``；``)."""
    rows = _rows(store, "responsibilities", document)
    table: dict[tuple[str, str], dict[str, object]] = {}
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
        names = entry["lead" if row["role"] == "lead" else "participants"]
        # Two names of one body in one list (甲局、甲局的另一名称) are one unit: listed once.
        if row["department"] is not None and row["department"] not in names:
            names.append(row["department"])
    return RESPONSIBILITY_COLUMNS, list(table.values())


def assignments(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """The 任务分工表 in long form: one row per measure, unit and role (``lead`` or
    ``participant``), in document and written order. A measure that names no unit has one
    row with no unit and no role, so it lists the measures ``responsibilities`` does."""
    found: dict[tuple, dict[str, object]] = {}
    for row in _rows(store, "responsibilities", document):
        # Two names of one body in one list are one unit: one row (the first written).
        key = (str(row["document"]), row["measure"], row["department"], row["role"])
        found.setdefault(
            key,
            {
                "document": row["documentTitle"],
                "measure": row["measure"],
                "title": row["title"],
                "section": row["section"],
                "unit": row["department"],
                "role": row["role"] if row["department"] is not None else None,
            },
        )
    return ASSIGNMENT_COLUMNS, list(found.values())


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


def _coded(store, document: str | None, names: tuple[str, ...]):
    """The plans ``document`` names (every plan when None): their titles, each coded with
    the shipped codebooks ``names`` (kg.instruments.tables.coded: on the fly, so no
    ``policykg code`` run is needed), and those codebooks by name."""
    from kg.instruments import load
    from kg.instruments.tables import coded

    plans = select_plans(store, document)
    codebooks = {name: load(name) for name in names}
    return plan_title_map(store, plans), coded(store.oxigraph, plans, list(codebooks.values())), codebooks


def instruments(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """How often each policy instrument is used (kg.instruments.tables.frequencies, the
    shipped instruments codebook): one block of rows per plan, each type then its
    sub-instruments and a total, with the plan's title first."""
    from kg.instruments.tables import FREQUENCY_COLUMNS, INSTRUMENTS, frequencies

    titles, per_plan, codebooks = _coded(store, document, (INSTRUMENTS,))
    rows = []
    for plan, coding in per_plan.items():
        rows += [
            {"document": titles[plan], **row} for row in frequencies(coding[INSTRUMENTS], codebooks[INSTRUMENTS])[1]
        ]
    return ["document", *FREQUENCY_COLUMNS], rows


def instrument_matrix(store, document: str | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """The instrument × element table (kg.instruments.tables.matrix, the shipped
    instruments and elements codebooks): one block of rows per plan, a row per
    sub-instrument and a total, the plan's title first; its columns are the elements'
    Chinese labels."""
    from kg.instruments.tables import ELEMENTS, INSTRUMENTS, TOTAL, matrix

    titles, per_plan, codebooks = _coded(store, document, (INSTRUMENTS, ELEMENTS))
    columns: list[str] = []
    rows = []
    for plan, coding in per_plan.items():
        found, found_rows = matrix(coding[INSTRUMENTS], coding[ELEMENTS], codebooks[INSTRUMENTS], codebooks[ELEMENTS])
        columns = list(dict.fromkeys([*columns, *found[:-1]]))
        rows += [{"document": titles[plan], **row} for row in found_rows]
    columns = ["document", *(columns or matrix(([], []), ([], []), *codebooks.values())[0][:-1]), TOTAL]
    return columns, [{column: row.get(column, 0) for column in columns} for row in rows]


# Every table by name, in the order a workbook of them all has its sheets; each is
# ``make(store, document=None) -> (columns, rows)``.
TABLES = {
    "responsibilities": responsibilities,
    "assignments": assignments,
    "targets": targets,
    "glossary": glossary,
    "programmes": programmes,
    "matrix": matrix,
    "instruments": instruments,
    "instrument-matrix": instrument_matrix,
}


def _language(headers: str) -> str:
    if headers not in HEADER_LANGUAGES:
        raise InputError(f"unknown header language {headers!r}; use one of {', '.join(HEADER_LANGUAGES)}")
    return headers


def header_labels(name: str, columns: list[str], headers: str = DEFAULT_HEADERS) -> list[str]:
    """The header of each column of the table ``name``: Chinese (``HEADERS``) or the keys
    themselves (``headers="en"``, or a table or column with no Chinese header)."""
    if _language(headers) == "en":
        return list(columns)
    chinese = HEADERS.get(name, {})
    return [chinese.get(column, column) for column in columns]


def sheet_name(name: str, headers: str = DEFAULT_HEADERS) -> str:
    """The name of the table ``name``'s sheet in a workbook with ``headers``."""
    return SHEET_NAMES.get(name, name) if _language(headers) == "zh" else name


def csv_bom(output: str | Path | None, bom: bool | None = None) -> bool:
    """Whether a CSV written to ``output`` starts with a byte order mark: ``bom`` when it
    is given; else yes for a file (Excel reads it as UTF-8), no for standard output (None)."""
    return bom if bom is not None else output is not None


def _labelled(name: str, columns: list[str], rows: list[dict[str, object]], headers: str) -> tuple[list, list]:
    """The table with its rows keyed by their headers, as a workbook's sheet shows them."""
    labels = header_labels(name, columns, headers)
    return labels, [{label: row.get(column) for column, label in zip(columns, labels)} for row in rows]


def workbook(tables: dict[str, tuple[list[str], list[dict[str, object]]]], headers: str = DEFAULT_HEADERS) -> bytes:
    """An .xlsx file with one sheet per table (``{name: (columns, rows)}``, as ``TABLES``
    make them), its sheets and headers in the language ``headers`` names."""
    return xlsx.workbook(
        {sheet_name(name, headers): _labelled(name, columns, rows, headers) for name, (columns, rows) in tables.items()}
    )


def _csv_cell(value: object, raw: bool) -> object:
    """A CSV cell for ``value``: empty for None; text a spreadsheet would run as a formula
    (starting with = + - @ tab or CR) gets a leading ' (``kg.output.neutralise``), unless
    ``raw`` asks for the text as stored, for scripts that read the CSV as data."""
    value = cell_value(value)
    if value is None:
        return ""
    return value if raw else neutralise(value)


def _markdown_cell(value: object) -> str:
    """A Markdown table cell that shows its text as written: on one line (a line break would
    end the row), with < > & as entities (a viewer renders HTML: a unit named <script>…
    must show as text, not run) and \\ and | escaped (a bare | would split the cell)."""
    text = html.escape(one_line(cell_value(value)), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render(
    columns: list[str],
    rows: list[dict[str, object]],
    table_format: str,
    name: str = "table",
    *,
    headers: str = DEFAULT_HEADERS,
    bom: bool = False,
    raw: bool = False,
) -> bytes:
    """The table ``name`` (a key of ``TABLES``) as ``table_format``: csv, md or xlsx (one
    sheet). ``headers`` is the header language, zh or en (``header_labels``); ``bom`` starts
    a CSV with a UTF-8 byte order mark, for Excel (``csv_bom`` says when). A CSV cell that
    starts with = + - @ tab or CR gets a leading ', so that a spreadsheet shows it rather
    than runs it as a formula; ``raw`` writes every cell as stored (``_csv_cell``)."""
    if table_format == "xlsx":
        return workbook({name: (columns, rows)}, headers)
    labels = header_labels(name, columns, headers)
    if table_format == "csv":
        lines = [csv_line([_csv_cell(label, raw) for label in labels])]
        lines += [csv_line([_csv_cell(row.get(c), raw) for c in columns]) for row in rows]
        return ((BOM if bom else "") + "".join(lines)).encode("utf-8")
    if table_format == "md":
        lines = [
            "| " + " | ".join(_markdown_cell(label) for label in labels) + " |",
            "|" + "|".join("---" for _ in columns) + "|",
        ]
        lines += ["| " + " | ".join(_markdown_cell(row.get(c)) for c in columns) + " |" for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise InputError(f"unknown table format {table_format!r}")
