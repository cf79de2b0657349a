"""Stage 1 — bytes to Text.

A plan arrives as UTF-8 (with or without a byte-order mark), as GB18030/GBK, or as
UTF-16 (with a byte-order mark, or without one: ``_utf16_without_bom``), with Unix or
Windows line ends, and with full-width digits and punctuation mixed into it.
``Text`` keeps the decoded original, to which every span in later stages points, and a
normalised view of exactly the same length, which the parsers read.

``read`` is stage 1's entry: plain text is decoded here, other formats and task tables
are read by ``kg.formats``, which never imports this module. ``kg.formats`` is imported
when a file is read, not with this module, so code that only needs ``normalise`` (``ask``)
does not load the readers.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, shown

ENCODINGS = ("utf-8", "gb18030")


def _normalisation_table() -> dict[int, str]:
    table = {}
    # Full-width ASCII (！ to ～) → ASCII, except the punctuation the genre writes
    # full-width on purpose and the parsers look for as such.
    keep_full_width = set("（），：；［］")
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        if char not in keep_full_width:
            table[code] = chr(code - 0xFEE0)
    # Half-width brackets and separators → the full-width forms the genre uses.
    table.update({ord("("): "（", ord(")"): "）", ord(":"): "：", ord(";"): "；"})
    table.update({0x3000: " ", 0x00A0: " ", ord("\r"): "\n", ord("\t"): " "})
    # Dashes and waves that join the two ends of a range.
    for dash in "‐‑‒–―－":
        table[ord(dash)] = "—"
    table[ord("〜")] = "~"
    return table


_TABLE = _normalisation_table()
# The characters the table changes: a regex finds the few in a text far faster than
# str.translate walks a text of Chinese characters.
_CHANGED = re.compile(f"[{re.escape(''.join(map(chr, _TABLE)))}]")


@dataclass(frozen=True)
class Text:
    """A decoded document. ``original[i]`` and ``normalised[i]`` are the same character
    position, so a span found in one is valid in the other."""

    source: str
    encoding: str
    original: str
    normalised: str
    format: str = "txt"  # txt | docx | pdf | html | task-table: where the text was extracted from
    tables: tuple = ()  # task tables (kg.formats.tables.TaskTable) found in the file
    notes: tuple[str, ...] = ()  # what reading did to the text that a reader should know

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.original.encode("utf-8")).hexdigest()

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return self.original.count("\n", 0, offset) + 1


def normalise(text: str) -> str:
    """Same-length normalisation: full-width digits and letters to ASCII, half-width
    brackets to full-width, CR to LF, odd spaces and dashes to one form each."""
    return _CHANGED.sub(_normalised, text)


def _normalised(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group())]


def decode(data: bytes, source: str = "<bytes>") -> Text:
    """Decode bytes of a plan; raise InputError naming ``source`` when it cannot."""
    if not data.strip():
        raise InputError(f"{shown(source)}: the file is empty; give a plan's text")
    if data.startswith(b"\xef\xbb\xbf"):
        data, candidates = data[3:], ("utf-8",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(
                f"{shown(source)}: this is a binary file, not text; save the plan as .txt (UTF-8 or GB18030)"
            )
        candidates = (encoding,)
    else:
        candidates = ENCODINGS
    for encoding in candidates:
        try:
            original = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16":
            original = original.lstrip("\ufeff")
        return _plain(source, encoding, original)
    raise InputError(
        f"{shown(source)}: cannot decode the file as {' or '.join(candidates)}; "
        "convert it to UTF-8 (e.g. iconv -f <encoding> -t utf-8)"
    )


# A line that heads an attachment or a note (附件, 附件2：, 注：): no measure of a plan.
_ATTACHMENT = re.compile(r"\s*(?:注\s*[：:]|附件\s*\d*\s*[：:]?\s*$)")


def _plain(source: str, encoding: str, original: str) -> Text:
    """Plain text as read, with what a copy makes of a plan undone — spans then count in
    the text so read: a PDF's page numbers and running headers between its pages are
    dropped; a task table copied as tab-separated lines is taken out of the text as a table
    (a text that is only the table is read as the plan the table makes); and paragraphs
    that a layout broke (a PDF's lines saved as text) are joined — wrapped at a fixed
    width, or at lines of any length where a break falls inside a sentence; in either, the
    lines that break a bracket or a quotation."""
    from kg.formats.lines import drop_page_furniture, join_broken_pairs, unwrap
    from kg.formats.tables import plan_text, text_task_tables

    text, dropped = drop_page_furniture(original)
    text, tables = text_task_tables(text, source)
    if (table := _only_a_table(text, tables)) is not None:
        table_plan = plan_text(table)
        return Text(source, encoding, table_plan, normalise(table_plan), "task-table", (table,))
    notes = []
    if dropped:
        notes.append(f"{dropped} page number or running header line(s) between the pages were dropped")
    joined, width = unwrap(text)
    count = text.count("\n") - joined.count("\n")
    if width:
        notes.append(f"the text is wrapped at {width} columns: {count} line breaks inside paragraphs were joined")
    else:
        if count:
            notes.append(f"{count} line break(s) inside sentences were joined")
        joined, count = join_broken_pairs(joined)
        if count:
            notes.append(f"{count} line break(s) inside brackets or quotation marks were joined")
    return Text(source, encoding, joined, normalise(joined), tables=tables, notes=tuple(notes))


# What a plan's text is made of, for telling UTF-16 without a byte-order mark from a
# binary file: tab, line ends, printable ASCII and Latin-1; general punctuation (“ ” — …),
# number forms and enclosed numbers (Ⅱ ①); the CJK blocks from the radicals to the
# ideographs (。、 ㎡ 中), compatibility ideographs and full-width forms (，％).
_PLAN_CHARS = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u2000-\u24ff\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of a UTF-16 text saved without a byte-order mark, or None. Such a text
    has zero bytes — the high bytes of line ends, spaces and digits — mostly on one side
    of each pair (odd bytes little-endian, even bytes big-endian), and decoded in its
    byte order it is Chinese or ASCII text (``_PLAN_CHARS``, 95 % of it). Decoded in the
    other byte order it is not, nor is a binary file (broken surrogates, controls, code
    points from all over)."""
    if len(data) % 2:
        return None
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    for encoding in ("utf-16-le", "utf-16-be") if little_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_PLAN_CHARS.findall(text)) >= 0.95 * len(text):
            return encoding
    return None


def read(path: str | Path) -> Text:
    """Read a plan from a file: plain text here, other formats through kg.formats. A
    folder (``kg.corpus.expand`` hands on one it cannot list) is an InputError saying why."""
    from kg.formats import extract_text, plan_text, read_bytes, read_task_table

    path = Path(path)
    if path.is_dir():
        _listable(path)
    data = read_bytes(path)
    if path.suffix.lower() in TASK_TABLE_SUFFIXES:
        table = read_task_table(path)
        return _extracted(path, plan_text(table), "task-table", (table,))
    if data.strip() and not _looks_like_plain_text(data):
        extracted = extract_text(path, data)
        if extracted is not None:
            table = _only_a_table(extracted.text, extracted.tables)
            if table is not None:  # a page or a document that holds nothing but its task table
                return _extracted(path, plan_text(table), "task-table", (table,))
            return _extracted(path, extracted.text, extracted.format, extracted.tables)
    return decode(data, str(path))


def _only_a_table(text: str, tables: tuple) -> object | None:
    """The task table of a text that numbers no measure of its own (only a caption, a
    notice's lines, 附件), else None."""
    from kg.formats.lines import MARKER

    with_rows = [table for table in tables if table.rows]
    if not with_rows or any(MARKER.match(line) and not _ATTACHMENT.match(line) for line in text.splitlines()):
        return None
    return with_rows[0]


# A 任务分工表 given on its own is read as a plan made of its rows.
TASK_TABLE_SUFFIXES = (".csv", ".xlsx")


def _looks_like_plain_text(data: bytes) -> bool:
    """Plain text needs no other reader: no zip, PDF, OLE2 or markup signature."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not head.startswith((b"pk\x03\x04", b"%pdf", b"\xd0\xcf\x11\xe0", b"<", b"{\\rtf"))


def _listable(folder: Path) -> None:
    """Raise InputError when ``folder`` cannot be listed: the plans in it cannot be built."""
    try:
        with os.scandir(folder):
            pass
    except OSError as error:
        raise InputError(
            f"{shown(folder)}: cannot read the folder ({error.strerror}); the plans in it were not built — "
            "check its permissions"
        ) from None


def _extracted(path: Path, text: str, source_format: str, tables: tuple) -> Text:
    if not text.strip():
        raise InputError(f"{shown(path)}: no text could be extracted from the file; check it holds the plan")
    return Text(str(path), "utf-8", text, normalise(text), source_format, tables)
