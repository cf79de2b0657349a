"""Stage 1, other formats — a downloaded .docx, .pdf or web page → the plan's plain text.

Plans are published as web pages, .docx attachments and PDFs. ``extract_text`` turns such
a file into the text of the plan in the genre's line structure (title lines, （2021-2025年）,
一、 headings, each measure on a line of its own), which the rest of the pipeline reads
exactly like a .txt plan; spans then point into this extracted text, so it is the text to
store with the document. Task tables (任务分工表) found in the file come back beside it.

Plain text is not handled here: ``extract_text`` returns None for it, and ``kg.read``
decodes it (UTF-8 / GB18030 detection, byte-order marks) as before. ``kg.read`` calls
this package, never the other way round: ``read_bytes`` (a file's bytes, with errors
people can act on) lives here so that both can use it. ``read_task_table`` reads a task
table given as a file of its own (.csv, .xlsx, .docx). The readers return text and rows;
comparing a task table with its plan is ``kg.tasks``, a step of the build.

The format is told by the file's first bytes, not its name, because sites serve files
under the wrong suffix (a web page saved as .doc, a .docx called .doc); the suffix only
decides what to say about a file that is not what its name claims.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.formats.lines import join_cjk_spaces
from kg.formats.tables import TaskRow, TaskTable, csv_task_table, plan_text, task_table_from_cells, xlsx_task_table

__all__ = [
    "Extracted",
    "extract_text",
    "sniff",
    "read_bytes",
    "join_cjk_spaces",
    "TaskRow",
    "TaskTable",
    "read_task_table",
    "task_table_from_cells",
    "plan_text",
]

FORMATS = ("txt", "docx", "pdf", "html")
# A plan is rarely over 1 MB; far larger files are not plans (or are many plans in one).
MAX_BYTES = 50 * 1024 * 1024

_CONVERT_DOC = "save it as .docx (Word: 另存为 → .docx, or `libreoffice --headless --convert-to docx`)"


@dataclass(frozen=True)
class Extracted:
    """The plan's text, one paragraph a line, from a file of ``format``; and the task
    tables (任务分工表) the file holds, which are not part of ``text``."""

    text: str
    format: str  # "docx" | "pdf" | "html"
    tables: tuple[TaskTable, ...] = ()


def sniff(path: Path, data: bytes) -> str:
    """The format of a file from its first bytes: txt, docx, pdf, html, doc, rtf, xlsx, odt,
    mht, or zip (another zip archive). Raises InputError for a zip that cannot be read."""
    head = data[:1024]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if b"%PDF" in head:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            what = "the .docx file" if path.suffix.lower() == ".docx" else "the file"
            raise InputError(
                f"{path}: {what} is damaged (not a readable zip archive); open and save it again in Word, or download it again"
            ) from None
        if "word/document.xml" in names or any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "odt"
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    text = _ascii_head(data[:4096])
    if text.startswith(("mime-version:", "from: <saved by")):
        return "mht"
    if (
        text.startswith(("<!doctype html", "<html"))
        or "<html" in text[:1024]
        or text.startswith("<?xml")
        and "<html" in text
    ):
        return "html"
    if path.suffix.lower() in (".html", ".htm", ".shtml", ".xhtml") and text.startswith("<"):
        return "html"
    return "txt"


def _ascii_head(data: bytes) -> str:
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "ignore").encode("ascii", "ignore")
    return data.decode("ascii", "ignore").lstrip().lower()


def extract_text(path: str | Path, data: bytes | None = None) -> Extracted | None:
    """The plan's text in a .docx, .pdf or web page (told by its bytes), or None for plain
    text, which ``kg.read.decode`` reads. ``data`` is the file's bytes when the caller has
    read them already. Raises InputError, one line naming ``path``, for a file that cannot
    be read: a Word 97-2003 .doc, a scanned PDF, a damaged or empty file."""
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    if not data.strip():
        raise InputError(f"{path}: the file is empty; give a plan's text")
    kind = sniff(path, data)
    suffix = path.suffix.lower()
    if kind == "doc":
        if suffix in (".xls", ".et"):
            raise InputError(
                f"{path}: this is an Excel 97-2003 .xls file, not a plan's text; "
                "save a task table as .xlsx (另存为 → .xlsx)"
            )
        raise InputError(f"{path}: this is a Word 97-2003 .doc file; {_CONVERT_DOC}")
    if kind == "rtf":
        raise InputError(f"{path}: this is an RTF file; {_CONVERT_DOC}")
    if kind == "xlsx":
        raise InputError(
            f"{path}: this is an Excel workbook, not a plan's text; "
            "give it as the plan's task table (任务分工表), or give the plan itself"
        )
    if kind == "odt":
        raise InputError(f"{path}: this is an OpenDocument file (.odt / WPS); {_CONVERT_DOC}")
    if kind == "mht":
        raise InputError(f"{path}: this is a web archive (.mht); open it in a browser and save the page as .html")
    if kind == "zip":
        raise InputError(f"{path}: this is a zip archive, not a .docx; unpack it and give the plan inside")
    if kind == "txt":
        if suffix == ".docx":
            raise InputError(
                f"{path}: this is not a .docx file (it is not a zip archive); download it again or save it from Word as .docx"
            )
        if suffix == ".pdf":
            raise InputError(f"{path}: this is not a PDF (it does not start with %PDF); download it again")
        return None
    if kind == "docx":
        from kg.formats.docx import extract_docx

        found = extract_docx(path, data)
        extracted = Extracted(found.text, "docx", found.tables)
    elif kind == "pdf":
        from kg.formats.pdf import extract_pdf

        extracted = Extracted(extract_pdf(path, data), "pdf")
    else:
        from kg.formats.html import extract_html

        text, tables = extract_html(path, data)
        extracted = Extracted(text, "html", tables)
    if not extracted.text.strip() and not any(table.rows for table in extracted.tables):
        raise InputError(f"{path}: no text found in this {kind} file; check it is the plan itself")
    return extracted


def read_bytes(path: Path) -> bytes:
    """A plan file's bytes; InputError for a folder, a missing or unreadable file, and a
    file over MAX_BYTES (refused before it is read)."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a plan's text file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: the file is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB policykg reads; "
                "a plan is rarely over 1 MB: check it is a plan, or split it into plans"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror}); check its permissions") from None


def read_task_table(path: str | Path) -> TaskTable:
    """Read a task table from a .csv (UTF-8 or GB18030), .xlsx or .docx file (a .docx:
    its task tables, one after the other). Raises InputError when the file cannot be read
    or holds no task table."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give a task table (.csv, .xlsx or .docx)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror}); check its permissions") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty; give a task table with a header row (重点任务, 牵头单位 …)")
    suffix = path.suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path}: this is an Excel 97-2003 (.xls) or Word 97-2003 (.doc) file; save it as .xlsx or .docx "
            "(另存为, or `libreoffice --headless --convert-to xlsx`)"
        )
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm", ".docx"):
        names = _zip_names(path, data)
        if "word/document.xml" in names:
            table = _docx_task_table(path)
        elif any(name.startswith("xl/") for name in names):
            table = xlsx_task_table(path, data)
        else:
            raise InputError(
                f"{path}: this zip file is neither an .xlsx workbook nor a .docx; give a .csv, .xlsx or .docx"
            )
    else:
        table = csv_task_table(path, data)
    if table is None:
        raise InputError(
            f"{path}: no task table found: no header row with columns such as 重点任务 and 牵头单位 or 责任单位; "
            "check the file is a 任务分工表"
        )
    return table


def _zip_names(path: Path, data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(
            f"{path}: the file is damaged (not a readable zip archive); open and save it again, or download it again"
        ) from None


def _docx_task_table(path: Path) -> TaskTable | None:
    from kg.formats.docx import extract_docx

    found = extract_docx(path).tables
    # A .docx given as the plan's task table may attach a list of projects too: that list is
    # no division of the measures (``TaskTable.projects``), so the task tables are read.
    tables = [table for table in found if not table.projects] or found
    if not tables:
        return None
    rows = tuple(row for table in tables for row in table.rows)
    first = tables[0]
    return TaskTable(
        str(path),
        rows,
        first.title,
        first.title_source,
        all(table.lead_column for table in tables),
        projects=all(table.projects for table in tables),
    )
