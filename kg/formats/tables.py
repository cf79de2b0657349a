"""任务分工表 (task-assignment tables): who leads and who takes part in each task.

Plans often come with a table of their tasks as an attachment — in the .docx itself, or
as a separate CSV or Excel file — with columns such as 序号, 重点任务, 牵头单位, 责任单位 and
完成时限. Such a table is a plan of its own (``plan_text`` writes it in the genre, so the
pipeline reads it like any plan), and beside its plan it is a second statement of who does
what. This module only reads tables into rows; comparing them with the plan, and dating
targets by a row's 完成时限, are ``kg.tasks``.

Tables are filled in by hand, so a cell may hold a placeholder instead of a unit (无, —,
/, 暂无): such a cell names nobody. A table's title may be a row above its header, a
caption above the table (附件：某市…重点任务分工表) or the name of its sheet; a table with
none is titled by its file's name (``plan_title``).
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.lexicon import DEADLINE_FIELDS, ROLE_LEAD, ROLE_PARTICIPANT, alternation, role_labels
from kg.names import distributes
from kg.numerals import chinese_to_int


@dataclass(frozen=True)
class TaskRow:
    """One row of a task table. ``number`` is its 序号 (None when it has none);
    ``lead`` and ``participants`` are the units as written, in order."""

    number: int | None
    task: str
    lead: tuple[str, ...]
    participants: tuple[str, ...]
    deadline: str | None


@dataclass(frozen=True)
class TaskTable:
    """A task table read from ``source`` (a file, or ``file#table-N`` for the N-th
    table of a .docx)."""

    source: str
    rows: tuple[TaskRow, ...]
    title: str | None = None  # 长沙市…重点任务分工表, if the table has a title
    # Where the title comes from: "title-row" (a row above the header), "caption" (a
    # paragraph just above the table in a .docx) or "sheet" (the .xlsx sheet's name).
    title_source: str | None = None
    # False when the table has only a 责任单位 column: its rows then name every unit
    # there, the lead among them; True when a 牵头单位 column says who leads (or that
    # nobody does, when a row's cell is empty or a placeholder).
    lead_column: bool = True
    # True for a list of projects (重点项目表: its item column headed 项目名称, 项目 or 建设内容,
    # or its title naming 项目 and no 任务): the projects a plan carries out, not a division of
    # its measures, so ``kg.tasks.compare`` holds it against the measures only where its rows
    # are the measures.
    projects: bool = False


# --- header recognition --------------------------------------------------------------

# Checked in this order, so 牵头单位 is never taken for a task column and 责任单位 never
# for a lead column.
_COLUMNS = (
    ("lead", re.compile(rf"^(?:{role_labels(ROLE_LEAD)})$")),
    ("participants", re.compile(rf"^(?:{role_labels(ROLE_PARTICIPANT)})$")),
    ("deadline", re.compile(rf"^(?:{alternation(DEADLINE_FIELDS)})$")),
    ("number", re.compile(r"^(序号|编号|序|No\.?)$", re.IGNORECASE)),
    (
        "task",
        re.compile(
            r"^((重点|工作|主要|具体|改革)?任务(内容|名称|事项)?|工作(内容|措施|事项)|具体措施|主要内容|重点工作"
            r"|(实事|重点)?项目(名称|内容)?|事项(名称)?)$"
        ),
    ),
    # What a task is to reach, in a column of its own beside the task's name (项目名称 |
    # 目标任务): read as the task's text after its name.
    ("goal", re.compile(r"^(目标任务|任务目标|工作目标|年度目标|目标要求|建设内容|建设规模|建设内容及规模)$")),
)
_HEADER_SEARCH_ROWS = 5  # a title row or two may sit above the header
_SPACE = re.compile(r"\s+")

# What people type into a cell that has nothing to say: no unit, no deadline.
_PLACEHOLDER = re.compile(r"^(?:[—\-－–―‐/／\\]+|无|暂无|空|待定|不涉及|N/?A)$", re.IGNORECASE)


def is_placeholder(cell: str) -> bool:
    """Whether a cell's text stands for nothing (empty, 无, —, ——, -, /, ／, 暂无, 空 …)."""
    written = _SPACE.sub("", cell).strip("。.，,；;")
    return not written or bool(_PLACEHOLDER.match(written))


# 附件 / 附件2： / 附表1 before a title names the attachment, not the table.
_ATTACHMENT = re.compile(r"^(?:附件|附表)\s*[\d一二三四五六七八九十]*\s*[：:]?\s*")
# Lines above a table that are not its title: who filled it in, when, in what units.
_NOT_A_TITLE = re.compile(r"^(?:(?:填报|报送|制表|填表|责任)?(?:单位|日期|时间|人)|联系人|联系电话|说明|备注|注)[：:]")
_TITLE_END = re.compile(r"[。；;，,：:]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Names spreadsheet programs give a sheet nobody named.
_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.IGNORECASE)


def title_of(text: str) -> str | None:
    """The title a line above a table (a title row, a caption) gives it, or None when the
    line is no title: ``附件2：某县…重点任务分工表`` → ``某县…重点任务分工表``; ``附件2``,
    ``填报单位：…``, a sentence ending in 。 → None."""
    line = _SPACE.sub("", text)
    line = _ATTACHMENT.sub("", line)
    if len(line) < 4 or len(line) > 80 or not _CJK.search(line):
        return None
    if _NOT_A_TITLE.match(line) or _TITLE_END.search(line):
        return None
    return line


def caption_of(lines: Sequence[str]) -> str | None:
    """The caption of a table from the (up to two) lines just above it: the nearest that
    is a title (``附件`` then ``某市…重点任务分工表``, or ``附件：某市…重点任务分工表``)."""
    for line in reversed(list(lines)[-2:]):
        title = title_of(line)
        if title:
            return title
    return None


def _column_kind(cell: str) -> str | None:
    name = _SPACE.sub("", cell)
    for kind, pattern in _COLUMNS:
        if pattern.match(name):
            return kind
    return None


def _header(cells: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]] | None:
    """Index of the header row and the column of each kind, if the rows hold one."""
    for index, row in enumerate(cells[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            kind = _column_kind(cell or "")
            if kind and kind not in columns:
                columns[kind] = position
        if "task" not in columns and "goal" in columns:
            columns["task"] = columns.pop("goal")  # the goal names the task where nothing else does
        if "task" in columns and ("lead" in columns or "participants" in columns):
            return index, columns
    return None


# --- cells to rows -------------------------------------------------------------------

_UNIT_SEPARATORS = "、，,；;\n"
_OPEN, _CLOSE = "（(", "）)"


def split_units(cell: str) -> tuple[str, ...]:
    """``区教育局、各街道（乡镇）；区财政局`` → the three names. Splits at 、，,；; and line
    breaks outside brackets, so a name keeps its own brackets; a collective whose 各
    distributes over a list (各市、县人民政府) stays one name."""
    units: list[str] = []
    joined_by_comma = False  # whether the name before the current one ended at a 、
    depth, start = 0, 0
    for index, char in enumerate(cell + "、"):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif char in _UNIT_SEPARATORS and depth == 0 or index == len(cell):
            name = _clean_unit(cell[start:index])
            if name and units and joined_by_comma and distributes(units[-1], name):
                units[-1] = f"{units[-1]}、{name}"
            elif name:
                units.append(name)
            joined_by_comma = char == "、"
            start = index + 1
    return tuple(units)


def _clean_unit(raw: str) -> str:
    if is_placeholder(raw):
        return ""
    name = _SPACE.sub("", raw).strip("。.")
    # 各区县（市）人民政府等 — "and others" is not part of the name.
    if name.endswith("等") and len(name) > 2:
        name = name[:-1]
    return name


# 县委宣传部（牵头） in a unit cell: the unit leads the row.
_LEAD_MARK = re.compile(r"[（(]\s*牵头(?:单位|部门)?\s*[）)]$")


def _marked_leads(lead: tuple[str, ...], participants: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Units marked （牵头） are leads, whichever column they are written in; the mark is
    no part of the name."""
    leads = [_LEAD_MARK.sub("", name) for name in lead]
    others = []
    for name in participants:
        if _LEAD_MARK.search(name):
            if (bare := _LEAD_MARK.sub("", name)) not in leads:
                leads.append(bare)
        else:
            others.append(name)
    return tuple(leads), tuple(others)


def _number(cell: str) -> int | None:
    written = _SPACE.sub("", cell).strip("（）().、．")
    if not written:
        return None
    try:
        return chinese_to_int(written)
    except ValueError:
        return None


# A line of a cell that starts a numbered item of its own: 1. 1、 （1） 1） 一、
_ITEM_START = re.compile(
    r"^(?:\d{1,2}\s*[.、．）)]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、)"
)


# The number a row carries at the head of its task cell where the table has no 序号 column
# (1.开展… / 1、开展… / （一）开展… / 一、开展…); 1.5万亩 is no number of a row.
_TASK_NUMBER = re.compile(
    r"^\s*(?:(\d{1,3})\s*(?:[.．](?![0-9])|[、）)])|[（(]\s*([\d一二三四五六七八九十]{1,3})\s*[）)]"
    r"|([一二三四五六七八九十]{1,3})\s*、)\s*"
)


def numbered_task(text: str) -> tuple[int | None, str]:
    """A task cell's own number and the task after it: ``1.开展安全整治`` → (1, ``开展安全整治``);
    a task that opens with no number → (None, the task)."""
    found = _TASK_NUMBER.match(text)
    if not found or not text[found.end() :].strip():
        return None, text
    return chinese_to_int(next(group for group in found.groups() if group)), text[found.end() :]


# An item column that lists projects (项目名称, 重点项目, 项目, 建设内容) rather than tasks.
_PROJECT_COLUMN = re.compile(r"项目|建设内容|建设规模")


def _lists_projects(item_column: str, title: str | None) -> bool:
    """Whether a table is a list of projects: its item column is headed 项目名称 / 项目 /
    建设内容, or its title names 项目 and no 任务 (附件：某区重点项目表, 某县重点项目清单)."""
    return bool(_PROJECT_COLUMN.search(item_column)) or bool(title and "项目" in title and "任务" not in title)


def _task(cell: str) -> str:
    # A task wrapped over lines in its cell is one text; Chinese needs no space at the join.
    # A line that opens a numbered item is another clause: joined with ；, so its number
    # is not glued to the end of the line before (建设基地2.完善…).
    text = ""
    for line in (line.strip() for line in cell.splitlines()):
        if not line:
            continue
        if text and _ITEM_START.match(line) and not _TITLE_END.search(text):
            text += "；"
        text += line
    return text


def _deadline_cell(cell: str) -> str | None:
    # A deadline written on two lines of its cell stays on one line of the plan's text.
    lines = [line.strip() for line in cell.splitlines() if line.strip()]
    text = "；".join(lines)
    return None if is_placeholder(text) else text


def task_table_from_cells(
    cells: list[list[str]], source: str, caption: str | None = None, caption_source: str = "caption"
) -> TaskTable | None:
    """Read rows of cell texts as a task table; None when no row of the first few looks
    like a task table's header (序号 / 重点任务 / 牵头单位 / 责任单位 / 完成时限).

    The title is the first title-like row above the header (one text, merged across the
    table or in its first cell), else ``caption`` (from ``caption_source``: a .docx
    paragraph above the table, an .xlsx sheet's name), else None. Placeholders (无, —, /)
    in unit and deadline cells name nothing. Rows that repeat the header (tables broken
    over pages) and rows whose cells all hold one text (a heading merged across the
    table) are skipped, as are empty rows. A table with no 序号 column takes a row's number
    from the head of its task cell (1.开展… / （一）开展…: ``numbered_task``). A table whose
    item column or title names projects is marked as a list of them (``_lists_projects``)."""
    found = _header(cells)
    if found is None:
        return None
    header_index, columns = found
    header = [_SPACE.sub("", cell or "") for cell in cells[header_index]]
    title, title_source = None, None
    for row in cells[:header_index]:
        texts = {(cell or "").strip() for cell in row} - {""}
        if len(texts) == 1 and (title := title_of(texts.pop())):
            title_source = "title-row"
            break
    if title is None and caption and (title := title_of(caption)):
        title_source = caption_source

    def cell(row: Sequence[str], kind: str) -> str:
        position = columns.get(kind)
        if position is None or position >= len(row):
            return ""
        return (row[position] or "").strip()

    numbered_in_task = "number" not in columns  # 1.开展… : the row's number is in its task cell
    rows = []
    for row in cells[header_index + 1 :]:
        texts = [(text or "").strip() for text in row]
        filled = [text for text in texts if text]
        if not filled or [_SPACE.sub("", text) for text in texts] == header:
            continue
        if len(filled) > 1 and len(set(filled)) == 1 or len(filled) == 1 and not cell(row, "task"):
            continue  # a heading row merged across the table (一、加强党的领导)
        task, number = _task(cell(row, "task")), _number(cell(row, "number"))
        if numbered_in_task:
            number, task = numbered_task(task)
        if goal := _task(cell(row, "goal")):
            task = f"{task.rstrip('。')}。{goal}" if task else goal  # 老旧小区改造。改造老旧小区25个
        lead, participants = _marked_leads(split_units(cell(row, "lead")), split_units(cell(row, "participants")))
        if not task and not lead and not participants:
            continue
        rows.append(TaskRow(number, task, lead, participants, _deadline_cell(cell(row, "deadline"))))
    projects = _lists_projects(header[columns["task"]], title)
    return TaskTable(source, tuple(rows), title, title_source, "lead" in columns, projects)


# --- tables in plain text -------------------------------------------------------------

# A row of a table copied as text (a browser or a spreadsheet writes its cells with a tab
# between them): at least three cells — or two, under a header of two (重点任务	责任单位).
_TAB_ROW = re.compile(r"[^\t\n]*\t[^\t\n]*\t")
_TAB_LINE = re.compile(r"[^\t\n]*\t")


def _is_header(texts: Sequence[str]) -> bool:
    """Whether a line's texts are a task table's header (a task column and a unit column)."""
    found = _header([list(texts)])
    return found is not None and found[0] == 0


# A gap between two cells of a table laid out with spaces (a PDF's table as text, a
# fixed-width export): two spaces or more, or an ideographic space.
_GAP = re.compile(r"(?: {2,}|\t|\u3000)[ \t\u3000]*")


def _pieces(line: str) -> list[tuple[int, int, str]]:
    """The texts of a spaced line between its gaps, as (display start, display end, text):
    a CJK character takes two columns, as the layout that aligned them counted."""
    pieces, cursor, column = [], 0, 0
    body = line.rstrip()
    for gap in [*_GAP.finditer(body), None]:
        stop = gap.start() if gap else len(body)
        text = body[cursor:stop]
        width = _width(text)
        if text.strip():
            pieces.append((column, column + width, text.strip()))
        if gap is None:
            break
        column += width + _width(gap.group())
        cursor = gap.end()
    return pieces


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _spaced_header(line: str) -> bool:
    """Whether a spaced line may open a table: three texts or more (a title row may come
    before the header), or two that are a header (重点任务      责任单位)."""
    if not _GAP.search(line.strip()):
        return False
    pieces = _pieces(line)
    return len(pieces) >= 3 or len(pieces) == 2 and _is_header([text for _, _, text in pieces])


def _in_spaced_run(lines: list[str], index: int, task_first: bool) -> bool:
    """Whether a line goes on a table laid out with spaces: it has a gap, or starts indented
    (a wrapped cell's overflow). Where the first column is the task (``task_first``), a line
    at the margin without a gap that opens with a number (3.推进农村改厕，…) is a row whose
    task fills the line when the next line holds a gap (整改率达到100%      县农业农村局); any
    other such line is a paragraph after the table, as is a blank line."""
    line = lines[index]
    if line.strip() and (_GAP.search(line.strip()) or line[:1].isspace()):
        return True
    return (
        task_first
        and bool(line.strip() and _TASK_NUMBER.match(line))
        and index + 1 < len(lines)
        and bool(_GAP.search(lines[index + 1].strip()))
    )


def _spaced_cells(lines: list[str]) -> list[list[str]]:
    """The cells of a table laid out with spaces, its header first. Each text goes to the
    header's column it starts under (between the midpoints of the gaps around a header
    cell); a line with nothing under the first column goes on the cells of the row above
    (a cell wrapped over lines), and so does, where the first column is the task and a row
    opens it with its number (1.编制…), a line whose first text opens with none."""
    header = _pieces(lines[0])
    numbered_first = _column_kind(header[0][2]) == "number"
    by_count = _cells_by_count(lines, len(header), numbered_first)
    if by_count is not None:
        return by_count
    task_first = _column_kind(header[0][2]) == "task"
    bounds = [(left[1] + right[0]) / 2 for left, right in zip(header, header[1:])]
    rows: list[list[str]] = [[text for _, _, text in header]]
    for line in lines[1:]:
        cells = [""] * len(header)
        for start, _, text in _pieces(line):
            cells[bisect.bisect_right(bounds, start)] += text
        wrapped = not cells[0] or task_first and _TASK_NUMBER.match(rows[-1][0]) and not _TASK_NUMBER.match(cells[0])
        if wrapped and len(rows) > 1:
            rows[-1] = [above + below for above, below in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    return rows


# A row's number glued to its task (1．推行…) where the columns are one gap apart.
_GLUED_NUMBER = re.compile(r"(\d{1,3})\s*[．.、]\s*(?=\S)")


def _cells_by_count(lines: list[str], columns: int, numbered_first: bool = True) -> list[list[str]] | None:
    """The cells of a table whose every line holds as many texts as its header, one gap
    apart rather than aligned (序号　任务　牵头单位…, one ideographic space between): the
    n-th text is the n-th column's. A row whose number is glued to its task (1．推行…) is
    split there where the first column is 序号. None where some line holds another count."""
    rows = []
    for line in lines:
        texts = [text for _, _, text in _pieces(line)]
        if numbered_first and len(texts) == columns - 1 and (glued := _GLUED_NUMBER.match(texts[0])):
            texts = [glued.group(1), texts[0][glued.end() :], *texts[1:]]
        if len(texts) != columns:
            return None
        rows.append(texts)
    return rows


# A chapter heading of a plan (二、任务清单, 第二部分 重点任务): a title, no sentence.
_CHAPTER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十百]+(?:章|节|部分))")
_SENTENCE = re.compile(r"[。；;]")


def stands_for_measures(above: Sequence[str]) -> bool:
    """Whether a table in a text is its plan's list of measures, not a table beside them:
    it sits straight under a chapter heading (二、任务清单), and the text above it has no
    附件 heading and numbers no measure of its own (no 1. （一） 1、 line; only chapters)."""
    lines = [line.strip() for line in above if line.strip()]
    if not lines or not _CHAPTER.match(lines[-1]) or _SENTENCE.search(lines[-1]):
        return False
    return not any(_ATTACHMENT.match(line) or _TASK_NUMBER.match(line) and not _CHAPTER.match(line) for line in lines)


def text_task_tables(text: str, source: str) -> tuple[str, tuple[TaskTable, ...]]:
    """The task tables a plain text holds as runs of tab-separated lines (a web page's or a
    spreadsheet's table copied as text) or of lines whose columns are aligned with spaces (a
    PDF's table saved as text), and the text without them; a run that is no task table
    stays. A table's caption is a title among the two lines above it.

    A table that stands for its plan's measures (``stands_for_measures``: under a chapter
    heading of a text that numbers none) is no table beside the plan: its rows are written
    in its place as the chapter's measures, one a line, as ``plan_text`` writes them."""
    lines = text.split("\n")
    kept: list[str] = []
    tables: list[TaskTable] = []
    changed = False
    index = 0
    while index < len(lines):
        end, cells = index, None
        line = lines[index]
        if _TAB_ROW.match(line) or _TAB_LINE.match(line) and _is_header(line.rstrip("\r").split("\t")):
            row = _TAB_ROW if _TAB_ROW.match(line) else _TAB_LINE
            while end < len(lines) and row.match(lines[end]):
                end += 1
            cells = [line.rstrip("\r").split("\t") for line in lines[index:end]]
        elif _spaced_header(line):
            # The header and the rows under it, up to a blank line or a paragraph.
            end, task_first = index + 1, _column_kind(_pieces(line)[0][2]) == "task"
            while end < len(lines) and _in_spaced_run(lines, end, task_first):
                end += 1
            cells = _spaced_cells([line.rstrip("\r") for line in lines[index:end]])
        if cells is None:
            kept.append(line)
            index += 1
            continue
        caption = caption_of([line for line in kept if line.strip()][-2:])
        table = task_table_from_cells(cells, f"{source}#table-{len(tables) + 1}", caption)
        if table is not None and table.rows and stands_for_measures(kept):
            kept.extend(measure_lines(table))
            changed = True
        elif table is not None and table.rows:
            tables.append(table)
            changed = True
        else:
            kept.extend(lines[index:end])
        index = end
    if not changed:
        return text, ()
    return "\n".join(kept), tuple(tables)


# --- files ---------------------------------------------------------------------------


def csv_task_table(path: Path, data: bytes) -> TaskTable | None:
    """The task table in a .csv file's bytes (UTF-8 or GB18030; comma or tab separated), or None."""
    return task_table_from_cells(_csv_cells(path, data), str(path))


def _csv_cells(path: Path, data: bytes) -> list[list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)  # Excel's "Unicode text"
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{path}: cannot decode the table as UTF-8 or GB18030; save it as CSV UTF-8")
    if "\x00" in text:
        raise InputError(f"{path}: this is a binary file, not a CSV table; give a .csv, .xlsx or .docx task table")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise InputError(f"{path}: the CSV table is malformed ({error}); check its quoting") from None


def xlsx_task_table(path: Path, data: bytes) -> TaskTable | None:
    """The first task table on the sheets of an .xlsx workbook (``data``), or None."""
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise InputError(f"{path}: reading .xlsx needs openpyxl; pip install openpyxl") from None
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise InputError(
            f"{path}: the workbook is damaged or not an .xlsx file ({type(error).__name__}); "
            "open and save it again in Excel"
        ) from None
    for sheet in workbook.worksheets:
        # A sheet someone named (某县重点任务分工) titles a table that has no title row.
        name = sheet.title.strip()
        caption = None if _DEFAULT_SHEET.match(name) else name
        table = task_table_from_cells(
            _sheet_cells(sheet),
            str(path) if len(workbook.worksheets) == 1 else f"{path}#{sheet.title}",
            caption,
            "sheet",
        )
        if table is not None:
            return table
    return None


def _sheet_cells(sheet) -> list[list[str]]:
    values = [[_cell_text(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
    # A merged range keeps its value in its top-left cell only; every cell of it means it.
    for merged in sheet.merged_cells.ranges:
        value = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(values) else ""
        for row in range(merged.min_row - 1, min(merged.max_row, len(values))):
            for column in range(merged.min_col - 1, min(merged.max_col, len(values[row]))):
                values[row][column] = value
    return values


def _cell_text(value, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "year") and hasattr(value, "month"):
        # A date cell is written as the genre writes dates (2025年12月31日), so the plan's
        # text reads it as a date; a cell formatted without its day (yyyy"年"m"月") means
        # the month, not its first day.
        if "d" not in number_format.lower():
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


# --- a table as a plan ---------------------------------------------------------------


def plan_title(table: TaskTable) -> str:
    """The title of the plan a table makes: its own title, else its file's stem (任务分工表
    for 任务分工表.csv), the only name the table has."""
    return table.title or Path(table.source.split("#")[0]).stem


def measure_rows(table: TaskTable) -> dict[int, TaskRow]:
    """The row behind each measure of ``plan_text``: measures are numbered by the rows'
    序号 when these run in one increasing sequence, else by the rows' positions."""
    numbers = [row.number for row in table.rows]
    increasing = all(n is not None for n in numbers) and all(b > a for a, b in zip(numbers, numbers[1:]))
    return {
        (row.number if increasing and row.number is not None else position): row
        for position, row in enumerate(table.rows, start=1)
    }


def plan_text(table: TaskTable, title: str | None = None) -> str:
    """The table written as a plan in the genre, one measure a line, so the pipeline reads
    it as a plan of its own::

        长沙市…重点任务分工表
        一、重点任务
        1.全面加强党的建设。完成时限：2022年底。（牵头单位：市委组织部；责任单位：市委宣传部）

    A row with no lead (its cell empty or a placeholder) is written with its 责任单位 only,
    and a row naming nobody without a list, so the pipeline reads them as the rest of the
    project does (no lead / unassigned)."""
    return "\n".join([title or plan_title(table), "一、重点任务", *measure_lines(table)]) + "\n"


def measure_lines(table: TaskTable) -> list[str]:
    """The table's rows as measures of the genre, one a line, numbered as ``measure_rows``
    numbers them: what ``plan_text`` writes under its heading, and what stands in a text in
    place of a table that is its plan's measures (``stands_for_measures``)."""
    return [_measure_line(number, row) for number, row in measure_rows(table).items()]


def _measure_line(number: int, row: TaskRow) -> str:
    """A row written as a measure of the genre: 1.task。完成时限：…。（牵头单位：…；责任单位：…）."""
    text = row.task.rstrip("。；;") + "。"
    if row.deadline:
        text += f"完成时限：{row.deadline}。"
    labelled = []
    if row.lead:
        labelled.append("牵头单位：" + "、".join(row.lead))
    if row.participants:
        labelled.append("责任单位：" + "、".join(row.participants))
    if labelled:
        text += "（" + "；".join(labelled) + "）"
    return f"{number}.{text}"
