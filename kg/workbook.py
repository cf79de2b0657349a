"""Tables, each given as (columns, rows), as an Excel workbook with one sheet per table.

The workbook is written with openpyxl: a bold, frozen header row, an autofilter, column
widths fitted to the content (CJK characters count double) and typed cells — numbers stay
numbers, and text that starts with ``=`` (the comparator ``=``, ``>=``) stays text rather
than becoming a formula. A list in a cell (a measure's participants) is its items joined
with ``LIST_SEPARATOR``, ``；``, which never occurs inside a unit's name (kg.names: a name
holds no sentence punctuation), so the cell splits back into the names; ``、`` would not do,
as names such as 各区、县（市）人民政府 hold it. The same tables give the same bytes: the zip
entries' times and the document's creation time are fixed.
"""

from __future__ import annotations

import io
import math
import re
import zipfile

from kg.text import display_width, xml_text

MAX_COLUMN_WIDTH = 60
CELL_TEXT_LIMIT = 32767  # the most characters an Excel cell holds
SHEET_NAME_LIMIT = 31
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIMESTAMP = "1980-01-01T00:00:00Z"
_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
LIST_SEPARATOR = "；"


def cell_value(value: object) -> object:
    """What a table cell holds for ``value``: a list or tuple as its items joined with
    ``LIST_SEPARATOR`` (empty items left out), anything else as it is."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value if item is not None and item != "")
    return value


def workbook(tables: dict[str, tuple[list[str], list[dict[str, object]]]]) -> bytes:
    """An .xlsx file with one sheet per table, named after it, in the order given."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name, (columns, rows) in tables.items():
        sheet = book.create_sheet(_sheet_name(name, used))
        fill(sheet, columns, rows)
    book.properties.creator = "policykg"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible(buffer.getvalue())


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = _FORBIDDEN_IN_SHEET_NAMES.sub("_", name)[:SHEET_NAME_LIMIT] or "table"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def fill(sheet, columns: list[str], rows: list[dict[str, object]], wrap: tuple[str, ...] | None = None) -> None:
    """A table in ``sheet``: a bold frozen header with an autofilter, typed cells (text
    never taken for a formula), widths fitted to the content with CJK counted double; text
    wider than MAX_COLUMN_WIDTH wraps (in the ``wrap`` columns only, when given)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column_number, column in enumerate(columns, start=1):
            set_cell(sheet.cell(row=row_number, column=column_number), row.get(column))
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for column_number, column in enumerate(columns, start=1):
        width = max([display_width(column)] + [display_width(_text(row.get(column))) for row in rows]) + 2
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = min(width, MAX_COLUMN_WIDTH)
        if width > MAX_COLUMN_WIDTH and (wrap is None or column in wrap):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column_number, max_col=column_number):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def set_cell(cell, value: object) -> None:
    """Put a value in a cell keeping its type; text is never read as a formula, holds only
    characters XML allows (others become U+FFFD) and is cut to what Excel opens."""
    value = cell_value(value)
    if value is None or value == "":
        return
    if isinstance(value, (bool, int, float)) and (not isinstance(value, float) or math.isfinite(value)):
        cell.value = value
        return
    text = xml_text(value)
    if len(text) > CELL_TEXT_LIMIT:
        text = text[: CELL_TEXT_LIMIT - 1] + "…"
    cell.value = text
    cell.data_type = "s"


def _text(value: object) -> str:
    value = cell_value(value)
    return "" if value is None else str(value)


def reproducible(data: bytes) -> bytes:
    """The same workbook with fixed zip entry times and document timestamps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_TIMESTAMP.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return output.getvalue()
