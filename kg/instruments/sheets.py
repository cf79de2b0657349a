"""The coders' sheet (docs/instruments.md, "The coders' workflow"): a workbook with one row
per clause, the suggested code and its evidence beside two empty coder columns, and a
second sheet listing the codebook; and the same sheet read back once the coders have
filled it in.

The coder cells offer the codebook's labels (and 无) as a drop-down list that points at
the label column of the ``codebook`` sheet rather than spelling the labels out: Excel
refuses an inline list longer than 255 characters, which a codebook reaches quickly. The
``codebook`` sheet therefore holds exactly the labels a clause can be given, in the
codebook's order, then 无, so that its label column is the list. Reading checks every
coder cell against that column, so that a typed label that is not a code never reaches κ.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, shown
from kg.instruments.clauses import Clause
from kg.instruments.codebook import NONE_LABEL, Codebook
from kg.instruments.suggest import Suggestion
from kg.text import display_width
from kg.workbook import MAX_COLUMN_WIDTH, fill, reproducible

CODING_SHEET = "coding"
CODEBOOK_SHEET = "codebook"
FIXED_COLUMNS = ["clause_id", "measure", "text", "suggested", "evidence"]
CODERS = ["coder_a", "coder_b"]
CODEBOOK_COLUMNS = ["code", "label", "label_en", "type", "terms"]
EVIDENCE_SEPARATOR = "、"
TERM_SEPARATOR = "|"
_LABEL_COLUMN = "B"  # the codebook sheet's label column, which the drop-down lists
_CODER_WIDTH = 14  # room for a label and the drop-down arrow
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # what openpyxl opens


@dataclass
class Sheet:
    """A filled-in coders' sheet: ``coders`` are the header names after ``evidence``;
    each row holds clause_id (str), measure (int), text, suggested, evidence and one
    stripped string per coder, "" for a clause that coder has not coded yet. ``labels``
    are the codebook sheet's labels in its order, without 无, and ``codes`` their codes
    (label → code) as that sheet gives them."""

    coders: list[str]
    rows: list[dict]
    labels: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)
    plan: str = ""  # the plan's id and the codebook's name the sheet was exported with
    codebook: str = ""


# --- writing -------------------------------------------------------------------------


def write(clauses: list[Clause], suggestions: list[Suggestion], codebook: Codebook, plan: str = "") -> bytes:
    """The coders' workbook for ``clauses`` of the plan ``plan`` (its id, kept in the
    workbook's properties with the codebook's name, for ``import-coding``); the same input
    gives the same bytes."""
    from openpyxl import Workbook

    book = Workbook()
    coding = book.active
    coding.title = CODING_SHEET
    choices = _codebook_rows(codebook)
    fill(coding, FIXED_COLUMNS + CODERS, _coding_rows(clauses, suggestions), wrap=("text",))
    _add_choices(coding, len(clauses), choices)
    fill(book.create_sheet(CODEBOOK_SHEET), CODEBOOK_COLUMNS, choices, wrap=("terms",))
    book.properties.creator = "policykg"
    book.properties.identifier = plan or None
    book.properties.subject = codebook.name
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible(buffer.getvalue())


def _coding_rows(clauses: list[Clause], suggestions: list[Suggestion]) -> list[dict]:
    best: dict[Clause, Suggestion] = {}
    for suggestion in suggestions:
        best.setdefault(suggestion.clause, suggestion)
    rows = []
    for clause in clauses:
        suggestion = best.get(clause)
        rows.append(
            {
                "clause_id": clause.id,
                "measure": clause.measure,
                "text": clause.text,
                "suggested": suggestion.concept.label if suggestion else "",
                "evidence": _evidence(suggestion) if suggestion else "",
            }
        )
    return rows


def _evidence(suggestion: Suggestion) -> str:
    """The distinct terms found, in the order they first occur in the clause; for a clause
    that continues another, after that clause's id (承接4.4：示范)."""
    terms = EVIDENCE_SEPARATOR.join(dict.fromkeys(e.term for e in sorted(suggestion.evidence, key=lambda e: e.start)))
    if suggestion.continues is not None:
        return f"承接{suggestion.clause.measure}.{suggestion.continues}：{terms}"
    return terms


def _codebook_rows(codebook: Codebook) -> list[dict]:
    """The codes a clause can be given, in the codebook's order, then 无: the label column
    is the coders' drop-down list."""
    allowed = set(codebook.labels())
    rows = [
        {
            "code": concept.code,
            "label": concept.label,
            "label_en": concept.label_en,
            "type": codebook.type_of(concept.code),
            "terms": TERM_SEPARATOR.join(concept.terms),
        }
        for concept in codebook.concepts
        if concept.label in allowed and concept.label != NONE_LABEL
    ]
    return rows + [{"code": "", "label": NONE_LABEL, "label_en": "none", "type": "", "terms": ""}]


def _add_choices(sheet, clauses: int, choices: list[dict]) -> None:
    """The drop-down on every coder cell, listing the codebook sheet's label column; the
    coder columns wide enough to show the longest label beside the drop-down's arrow."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = len(FIXED_COLUMNS) + 1, len(FIXED_COLUMNS) + len(CODERS)
    width = max([_CODER_WIDTH] + [display_width(row["label"]) + 4 for row in choices])
    for column in range(first, last + 1):
        sheet.column_dimensions[_letter(column)].width = min(width, MAX_COLUMN_WIDTH)
    validation = DataValidation(
        type="list",
        formula1=choices_range(len(choices)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a code",
        error=f"Choose a label of the {CODEBOOK_SHEET} sheet, or {NONE_LABEL}.",
    )
    validation.add(f"{_letter(first)}2:{_letter(last)}{max(clauses, 1) + 1}")
    sheet.add_data_validation(validation)


def choices_range(choices: int) -> str:
    """The codebook sheet's label cells, as a data-validation formula refers to them."""
    return f"{CODEBOOK_SHEET}!${_LABEL_COLUMN}$2:${_LABEL_COLUMN}${choices + 1}"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


# --- reading -------------------------------------------------------------------------


def read(path: Path) -> Sheet:
    """A filled-in coders' sheet; any problem is an InputError of one line that names the
    file (and the cell) and says what to do."""
    path = Path(path)
    book = _open(path)
    try:
        return _read_book(path, book)
    except InputError:
        raise
    except Exception as error:  # a workbook openpyxl opened but cannot read through
        raise InputError(f"{shown(path)}: cannot read the workbook ({_brief(error)}); save it again as .xlsx") from None
    finally:
        book.close()


def _open(path: Path):
    """The workbook, or an InputError: openpyxl raises a dozen kinds of exception on a
    file that is not a workbook (zip, XML, key and value errors), so all are caught."""
    from openpyxl import load_workbook

    if not path.is_file():
        raise InputError(f"{shown(path)}: no such file; give the coders' sheet (.xlsx) exported by policykg")
    if path.suffix.lower() not in _WORKBOOK_SUFFIXES:
        raise InputError(f"{shown(path)}: not an .xlsx workbook; save the coders' sheet as an Excel workbook (.xlsx)")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(
            f"{shown(path)}: not an Excel workbook ({_brief(error)}); give the .xlsx file of the coders' sheet"
        ) from None


def _read_book(path: Path, book) -> Sheet:
    coding, header = _coding_sheet(path, book)
    coders = [name for name in header[header.index("evidence") + 1 :] if name]
    if not coders:
        raise InputError(
            f"{shown(path)}: the {shown(coding.title)} sheet has no coder column after evidence; add coder_a"
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise InputError(f"{shown(path)}: the header names {_quoted(repeated[0])} twice; give each column its own name")
    codes = _labels(path, book)
    rows = _rows(path, coding, header, coders, set(codes) | {NONE_LABEL})
    about = book.properties
    return Sheet(coders, rows, list(codes), codes, about.identifier or "", about.subject or "")


def _coding_sheet(path: Path, book):
    """The ``coding`` sheet, or else the first sheet if its header has the columns."""
    if CODING_SHEET in book.sheetnames:
        sheet = book[CODING_SHEET]
    else:
        sheet = book.worksheets[0]
        if _missing(_header(sheet)):
            raise InputError(
                f"{shown(path)}: no sheet {CODING_SHEET!r} (sheets: {shown(', '.join(book.sheetnames))}); "
                f"give the coders' sheet exported by `policykg export coding`"
            )
    header = _header(sheet)
    missing = _missing(header)
    if missing:
        raise InputError(
            f"{shown(path)}: the {shown(sheet.title)} sheet's header lacks {', '.join(missing)}; "
            f"restore the header {', '.join(FIXED_COLUMNS + CODERS)}"
        )
    return sheet, header


def _header(sheet) -> list[str]:
    for row in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
        return [_text(value) for value in row]
    return []


def _missing(header: list[str]) -> list[str]:
    return [name for name in FIXED_COLUMNS if name not in header]


def _labels(path: Path, book) -> dict[str, str]:
    """The codebook sheet's labels in its order, without 无, each with its code."""
    if CODEBOOK_SHEET not in book.sheetnames:
        raise InputError(
            f"{shown(path)}: no sheet {CODEBOOK_SHEET!r} to check the coders' labels against; "
            f"copy it from a sheet exported by `policykg export coding`"
        )
    sheet = book[CODEBOOK_SHEET]
    header = _header(sheet)
    if "label" not in header:
        raise InputError(f"{shown(path)}: the {CODEBOOK_SHEET} sheet has no column label; restore its header")
    label_at, code_at = header.index("label"), header.index("code") if "code" in header else None
    codes: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        label = _text(row[label_at]) if label_at < len(row) else ""
        if label and label != NONE_LABEL and label not in codes:
            codes[label] = _text(row[code_at]) if code_at is not None and code_at < len(row) else ""
    return codes


def _rows(path: Path, sheet, header: list[str], coders: list[str], allowed: set[str]) -> list[dict]:
    where = {name: header.index(name) for name in FIXED_COLUMNS + coders}
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = {name: _text(values[index]) if index < len(values) else "" for name, index in where.items()}
        if not any(cells.values()):
            continue
        clause = cells["clause_id"]
        if not clause:
            raise InputError(
                f"{shown(path)}: {_cell(where, 'clause_id', number)} has no clause_id; fill it in or delete the row"
            )
        if clause in seen:
            raise InputError(
                f"{shown(path)}: clause {_quoted(clause)} is in rows {seen[clause]} and {number}; keep one row per clause"
            )
        seen[clause] = number
        for coder in coders:
            if cells[coder] and cells[coder] not in allowed:
                raise InputError(
                    f"{shown(path)}: {_cell(where, coder, number)} holds {_quoted(cells[coder])}, not a label of the "
                    f"{CODEBOOK_SHEET} sheet nor {NONE_LABEL}; choose one from the list"
                )
        cells["measure"] = _measure(path, cells, _cell(where, "measure", number))
        rows.append(cells)
    return rows


def _measure(path: Path, cells: dict, cell: str) -> int:
    """The measure's number; a cell left empty is read from the clause id (3 of 3.2)."""
    text = cells["measure"] or cells["clause_id"].split(".")[0]
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not number.is_integer():
        raise InputError(
            f"{shown(path)}: {cell} holds {_quoted(text)}, not a measure number; give the measure's number"
        )
    return int(number)


def _text(value: object) -> str:
    """A cell as stripped text; a whole number typed into a cell reads without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(where: dict[str, int], column: str, row: int) -> str:
    return f"{_letter(where[column] + 1)}{row}"


def _quoted(value: str, limit: int = 40) -> str:
    """A user's text inside a one-line message: quoted, escaped, cut."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _brief(error: Exception) -> str:
    return shown(str(error).splitlines()[0] if str(error) else type(error).__name__)[:120]
