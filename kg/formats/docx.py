"""Word .docx → the plan's text, one paragraph a line.

Numbers that Word generates (automatic numbering, ``w:numPr``) are not in the text of a
paragraph: they come from the numbering definitions (``numbering.xml``: ``numFmt`` and
``lvlText`` such as ``%1、`` or ``（%1）``), counted as Word counts them. They are written
back as the marker text the genre types (``一、`` ``（一）`` ``1.``) so the structure stage
sees the same plan either way. Tracked deletions, field codes and hidden text are left
out; tables that look like a 任务分工表 become TaskTables, other tables' rows come after
the paragraphs, one row a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.formats.tables import TaskTable, caption_of, measure_lines, stands_for_measures, task_table_from_cells

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_VAL = _w("val")
# Subtrees whose text is not shown: deleted or moved-away text, field instructions,
# text boxes (drawn shapes), footnote marks, and the fallback copy of alternate content.
_SKIP = {
    _w("del"),
    _w("moveFrom"),
    _w("instrText"),
    _w("delText"),
    _w("txbxContent"),
    _w("rPr"),
    _w("pPr"),
    f"{{{MC}}}Fallback",
    _w("footnoteReference"),
    _w("endnoteReference"),
}
_CONTAINERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")}


@dataclass(frozen=True)
class DocxText:
    text: str
    tables: tuple[TaskTable, ...]


def extract_docx(path: Path, data: bytes | None = None) -> DocxText:
    """Paragraphs of the main document in order, numbering written out; task tables apart.
    ``data`` is the file's bytes when the caller has them; ``path`` names it in errors."""
    body, numbering = _open(path, data)
    lines: list[str] = []
    table_lines: list[str] = []
    tables: list[TaskTable] = []
    since_table = 0  # the first line after the last table: a caption sits between the two
    for element in _blocks(body):
        if element.tag == _P:
            lines.extend(_paragraph_lines(element, numbering))
        else:
            cells = _table_cells(element, numbering)
            # A table with no title row takes its caption (附件：某市…重点任务分工表).
            caption = caption_of(lines[since_table:])
            since_table = len(lines)
            table = task_table_from_cells(cells, f"{path}#table-{len(tables) + 1}", caption)
            if table is not None and table.rows and not table.projects and stands_for_measures(lines):
                # Straight under a chapter heading of a text that numbers no measure, the
                # table is the plan's measures: its rows are written in its place.
                lines.extend(measure_lines(table))
                since_table = len(lines)
            elif table is not None and table.rows:
                tables.append(table)
            else:
                for row in _dedupe_rows(cells):
                    line = "\t".join(cell.replace("\n", " ") for cell in row if cell.strip())
                    if line.strip():
                        table_lines.append(line.strip())
    text = "\n".join(lines + table_lines)
    return DocxText(text + "\n" if text else "", tuple(tables))


def _open(path: Path, data: bytes | None):
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except PackageNotFoundError:
        raise InputError(
            f"{path}: the .docx file is damaged (not a readable zip archive); "
            "open and save it again in Word, or download it again"
        ) from None
    except KeyError as error:
        raise InputError(
            f"{path}: the .docx file is incomplete (it lacks {error}); open and save it again in Word"
        ) from None
    except ValueError:
        raise InputError(
            f"{path}: this is not a Word document (.docx) but another Office file; save the plan as .docx"
        ) from None
    except Exception as error:  # lxml and zipfile raise many kinds for a damaged part
        raise InputError(
            f"{path}: the .docx file is damaged ({type(error).__name__}); open and save it again in Word"
        ) from None
    try:
        numbering_element = document.part.numbering_part.element
    except (NotImplementedError, KeyError):
        numbering_element = None
    try:
        styles_element = document.styles.element
    except (NotImplementedError, KeyError):
        styles_element = None
    return document.element.body, _Numbering(numbering_element, styles_element)


def _blocks(parent):
    """Paragraphs and tables under ``parent`` in document order, looking inside content
    controls (w:sdt) and custom XML."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


# --- paragraphs ----------------------------------------------------------------------


def _paragraph_lines(paragraph, numbering: _Numbering) -> list[str]:
    marker = numbering.marker_of(paragraph)
    text = _run_text(paragraph)
    if not text.strip():
        return []
    # The marker's own separator (a tab after "1.") is Word's layout, not the genre's text.
    text = marker + text.lstrip(" \t") if marker else text
    return [line.strip() for line in text.split("\n") if line.strip()]


def _run_text(element) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _R and _hidden(child):
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _P:  # a paragraph nested in a structure (never in the genre's text)
                walk(child)
                parts.append("\n")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _hidden(run) -> bool:
    properties = run.find(_w("rPr"))
    if properties is None:
        return False
    vanish = properties.find(_w("vanish"))
    return vanish is not None and vanish.get(_VAL) not in ("0", "false", "off")


# --- tables --------------------------------------------------------------------------


def _table_cells(table, numbering: _Numbering) -> list[list[str]]:
    """The table as a grid of texts: a cell spanning columns fills each of them, and a
    vertically merged cell repeats the text of the cell above it."""
    grid: list[list[str]] = []
    for row in table.iter(_TR):
        if row.getparent() is not table and row.getparent().getparent() is not table:
            continue  # a row of a nested table
        cells: list[str] = []
        properties = row.find(_w("trPr"))
        before = properties.find(_w("gridBefore")) if properties is not None else None
        if before is not None:
            cells.extend([""] * int(before.get(_VAL, "0")))
        for cell in row.iter(_TC):
            if cell.getparent() is not row and cell.getparent().getparent() is not row:
                continue
            cell_properties = cell.find(_w("tcPr"))
            span, merged = 1, False
            if cell_properties is not None:
                grid_span = cell_properties.find(_w("gridSpan"))
                if grid_span is not None:
                    span = max(int(grid_span.get(_VAL, "1")), 1)
                vmerge = cell_properties.find(_w("vMerge"))
                merged = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
            if merged and grid and len(grid[-1]) > len(cells):
                text = grid[-1][len(cells)]
            else:
                text = "\n".join(
                    line for block in _blocks(cell) if block.tag == _P for line in _paragraph_lines(block, numbering)
                )
            cells.extend([text] * span)
        grid.append(cells)
    return grid


def _dedupe_rows(cells: list[list[str]]) -> list[list[str]]:
    """Rows with a cell spanning columns repeated once."""
    rows = []
    for row in cells:
        deduped: list[str] = []
        for text in row:
            if not deduped or text != deduped[-1] or not text:
                deduped.append(text)
        rows.append(deduped)
    return rows


# --- numbering -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str
    restart: int | None  # w:lvlRestart: restart after levels above this 1-based level; 0 never
    legal: bool  # w:isLgl: show every number as a decimal
    style: str | None  # w:pStyle: the paragraph style linked to this level


@dataclass
class _Num:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Word's list numbering: definitions and, as paragraphs are read in order, counters.

    Paragraphs of every ``w:num`` that points at the same abstract definition count on
    one list, as in Word, unless the num restarts a level (``w:startOverride``), which
    makes it a list of its own."""

    def __init__(self, numbering, styles):
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstract id → numbering style it defers to
        self.nums: dict[str, _Num] = {}
        self.counters: dict[object, dict[int, int]] = {}
        self.styles: dict[str, object] = {}
        if styles is not None:
            for style in styles.iter(_w("style")):
                style_id = style.get(_w("styleId"))
                if style_id:
                    self.styles[style_id] = style
        if numbering is None:
            return
        for abstract in numbering.iter(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"))
            self.abstracts[abstract_id] = {
                int(level.get(_w("ilvl"), "0")): _level(level) for level in abstract.iter(_w("lvl"))
            }
            link = abstract.find(_w("numStyleLink"))
            if link is not None:
                self.style_links[abstract_id] = link.get(_VAL)
        for num in numbering.iter(_w("num")):
            abstract = num.find(_w("abstractNumId"))
            if abstract is None:
                continue
            entry = _Num(abstract.get(_VAL))
            for override in num.iter(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = override.find(_w("startOverride"))
                if start is not None:
                    entry.start_overrides[ilvl] = int(start.get(_VAL, "1"))
                level = override.find(_w("lvl"))
                if level is not None:
                    entry.level_overrides[ilvl] = _level(level)
            self.nums[num.get(_w("numId"))] = entry

    # -- which list and level a paragraph is on

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """numId and ilvl a paragraph style (or the styles it is based on) gives."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                ilvl = _val(num_pr, "ilvl")
                if num_id is not None:
                    return num_id, int(ilvl) if ilvl is not None else None, style_id
            based = style.find(_w("basedOn"))
            style_id = based.get(_VAL) if based is not None else None
        return None, None, None

    def _abstract_of(self, num_id: str) -> str | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract = num.abstract
        link = self.style_links.get(abstract)
        if link:  # the definition lives with the numbering style the abstract links to
            linked_num, _, _ = self._style_num(link)
            if linked_num and linked_num in self.nums:
                abstract = self.nums[linked_num].abstract
        return abstract if abstract in self.abstracts else None

    def marker_of(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` (and count it); "" for none."""
        properties = paragraph.find(_w("pPr"))
        num_id = ilvl = style_id = None
        if properties is not None:
            num_pr = properties.find(_w("numPr"))
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                written = _val(num_pr, "ilvl")
                ilvl = int(written) if written is not None else None
            style = properties.find(_w("pStyle"))
            style_id = style.get(_VAL) if style is not None else None
        if num_id is None or ilvl is None:
            style_num, style_ilvl, linked_style = self._style_num(style_id)
            num_id = num_id or style_num
            if ilvl is None:
                ilvl = style_ilvl
            style_id = linked_style or style_id
        if not num_id or num_id == "0":
            return ""
        abstract_id = self._abstract_of(num_id)
        if abstract_id is None:
            return ""
        num = self.nums[num_id]
        levels = {**self.abstracts[abstract_id], **num.level_overrides}
        if ilvl is None:  # a style linked to a level of the list
            ilvl = next((i for i, level in levels.items() if level.style and level.style == style_id), 0)
        if ilvl not in levels:
            return ""
        key: object = ("num", num_id) if num.start_overrides else abstract_id
        counters = self.counters.setdefault(key, {})

        def start(level: int) -> int:
            if level in num.start_overrides:
                return num.start_overrides[level]
            return levels[level].start if level in levels else 1

        counters[ilvl] = counters.get(ilvl, start(ilvl) - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart != 0 and ilvl < restart:
                del counters[deeper]
        level = levels[ilvl]
        if level.format == "bullet":
            return ""

        def number(match: re.Match) -> str:
            referenced = int(match.group(1)) - 1
            value = counters.get(referenced, start(referenced))
            fmt = levels[referenced].format if referenced in levels else "decimal"
            if level.legal:
                fmt = "decimal"
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text)


def _val(parent, name: str) -> str | None:
    child = parent.find(_w(name))
    return child.get(_VAL) if child is not None else None


def _level(element) -> _Level:
    def value(name: str, default: str | None) -> str | None:
        found = _val(element, name)
        return default if found is None else found

    restart = value("lvlRestart", None)
    legal = element.find(_w("isLgl"))
    style = value("pStyle", None)
    return _Level(
        start=int(value("start", "1") or 1),
        format=value("numFmt", "decimal") or "decimal",
        text=value("lvlText", "") or "",
        restart=int(restart) if restart is not None else None,
        legal=legal is not None and legal.get(_VAL) not in ("0", "false", "off"),
        style=style,
    )


# --- number formats ------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_counting(value: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五: Word's chineseCounting."""
    if value <= 0:
        return digits[0]
    if value >= 10000:
        high, low = divmod(value, 10000)
        rest = chinese_counting(low, digits, units) if low else ""
        return chinese_counting(high, digits, units) + "万" + (digits[0] if 0 < low < 1000 else "") + rest
    out, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit, value = divmod(value, power)
        if digit:
            if zero:
                out.append(digits[0])
                zero = False
            out.append(digits[digit] + unit)
        elif out:
            zero = True
    text = "".join(out)
    # 一十 → 十 at the start, as written (十一, not 一十一).
    if digits is _CN_DIGITS and text.startswith(digits[1] + units[0]):
        text = text[1:]
    return text


def format_number(value: int, fmt: str) -> str:
    """``value`` in Word's number format ``fmt`` (the w:numFmt of a list level)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    ):
        return chinese_counting(value)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(value, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(value))
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(value - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2474 + value - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2488 + value - 1)
    if fmt in ("upperRoman", "lowerRoman"):
        out, rest = [], value
        for amount, numeral in _ROMAN:
            while rest >= amount:
                out.append(numeral)
                rest -= amount
        roman = "".join(out)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "none":
        return ""
    return str(value)
