"""Stage 1, other formats — a downloaded .docx, .pdf or web page → the plan's plain text.

Plans are published as web pages, .docx attachments and PDFs. ``extract_text`` turns such
a file into the text of the plan in the genre's line structure (title lines, （2021-2025年）,
一、 headings, each measure on a line of its own), which the rest of the pipeline reads
exactly like a .txt plan; spans then point into this extracted text, so it is the text to
store with the document. Task tables (任务分工表) found in the file come back beside it.

Plain text is not handled here: ``extract_text`` returns None for it, and ``kg.read``
decodes it (UTF-8 / GB18030 detection, byte-order marks) as before.

The format is told by the file's first bytes, not its name, because sites serve files
under the wrong suffix (a web page saved as .doc, a .docx called .doc); the suffix only
decides what to say about a file that is not what its name claims.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.formats.tables import Disagreement, TaskRow, TaskTable, compare, plan_text, read_task_table, task_table_from_cells

__all__ = [
    "Extracted", "extract_text", "sniff", "TaskRow", "TaskTable", "Disagreement", "read_task_table",
    "task_table_from_cells", "compare", "plan_text",
]

FORMATS = ("txt", "docx", "pdf", "html")

_CONVERT_DOC = "save it as .docx (Word: 另存为 → .docx, or `libreoffice --headless --convert-to docx`)"


@dataclass(frozen=True)
class Extracted:
    """The plan's text, one paragraph a line, from a file of ``format``; and the task
    tables (任务分工表) the file holds, which are not part of ``text``."""

    text: str
    format: str  # "docx" | "pdf" | "html"
    tables: tuple[TaskTable, ...] = ()


# Numbering markers that open a paragraph in the genre: 一、 （一） （1） 1. 1、 １． 第一章 注： 附件
MARKER = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3}|[０-９]{1,3})\s*[）)]"
    r"|(?:\d{1,3}|[０-９]{1,3})\s*(?:[、]|[.．](?![0-9０-９]))"
    r"|第[一二三四五六七八九十百]+[章节条部分]"
    r"|注\s*[：:]|附件\s*\d*\s*[：:]?\s*$)"
)

_CJK_CHARS = r"\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK_CHARS}])[ \t\u00a0\u3000]+(?=[{_CJK_CHARS}])")


def join_cjk_spaces(text: str) -> str:
    """Drop the spaces a layout puts between two Chinese characters or marks (市教育 局,
    justified 通  知): Chinese writes no spaces between words, so they are not text."""
    return _CJK_SPACE.sub("", text)


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
    if text.startswith(("<!doctype html", "<html")) or "<html" in text[:1024] or text.startswith("<?xml") and "<html" in text:
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
        data = _read(path)
    if not data.strip():
        raise InputError(f"{path}: the file is empty; give a plan's text")
    kind = sniff(path, data)
    suffix = path.suffix.lower()
    if kind == "doc":
        if suffix in (".xls", ".et"):
            raise InputError(f"{path}: this is an Excel 97-2003 .xls file, not a plan's text; "
                             "save a task table as .xlsx (另存为 → .xlsx)")
        raise InputError(f"{path}: this is a Word 97-2003 .doc file; {_CONVERT_DOC}")
    if kind == "rtf":
        raise InputError(f"{path}: this is an RTF file; {_CONVERT_DOC}")
    if kind == "xlsx":
        raise InputError(f"{path}: this is an Excel workbook, not a plan's text; "
                         "give it as the plan's task table (任务分工表), or give the plan itself")
    if kind == "odt":
        raise InputError(f"{path}: this is an OpenDocument file (.odt / WPS); {_CONVERT_DOC}")
    if kind == "mht":
        raise InputError(f"{path}: this is a web archive (.mht); open it in a browser and save the page as .html")
    if kind == "zip":
        raise InputError(f"{path}: this is a zip archive, not a .docx; unpack it and give the plan inside")
    if kind == "txt":
        if suffix == ".docx":
            raise InputError(f"{path}: this is not a .docx file (it is not a zip archive); download it again or save it from Word as .docx")
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
    if not extracted.text.strip():
        raise InputError(f"{path}: no text found in this {kind} file; check it is the plan itself")
    return extracted


def _read(path: Path) -> bytes:
    from kg.read import read_bytes

    return read_bytes(path)