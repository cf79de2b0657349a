"""Which documents a plan cites: 《title》, document numbers (文号), or both.

The genre cites what it implements in the preamble and, less often, inside measures
and notes (docs/genre.md):

* 《title》（number）: 《国务院关于印发〈国家职业教育改革实施方案〉的通知》（国发〔2019〕4号）;
* 《title》 alone, often after its issuers: 中共中央办公厅、国务院办公厅《关于…的意见》;
* a bare number: 按照湘政办发〔2021〕3号文件要求.

A document number is ``机关代字〔年份〕序号号``: an issuer code (机关代字) of one to eight
Chinese characters, the year in 〔〕, [ ], ［］ or （）, and the serial number. Every
《》 is taken as a cited document except an empty one and an abbreviation being
introduced (（以下简称《方案》）). Nothing is invented: the issuer is recorded only
when written just before the title or at the start of the title (《国务院关于…》).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicon import ISSUER_ENDINGS, alternation
from kg.structure import Document, Measure, Span


@dataclass(frozen=True)
class DocumentNumber:
    text: str  # as written: 国发〔2019〕4号, 湘教法[2020]16号
    issuer_code: str  # 机关代字: 国发, 湘政发, 湘教法
    year: int
    number: int
    span: Span


@dataclass(frozen=True)
class Reference:
    title: str | None  # as written, without the outer 《》 (inner 〈〉 kept); None for a bare number
    number: DocumentNumber | None
    span: Span  # the whole citation: 《title》（number）, 《title》 or the bare number
    measure: int | None  # the measure whose text holds the citation; None in preamble, goals and notes
    issuer: str | None  # the issuing body, when the text says which


# --- the genre's wording -------------------------------------------------------------

_YEAR_BRACKETS = {"〔": "〕", "[": "]", "［": "］", "（": "）", "【": "】"}
# The year and serial of a number; its issuer code is read backwards from the bracket.
_YEAR_AND_SERIAL = re.compile(r"([〔\[［（【])\s*(\d{4})\s*([〕\]］）】])\s*第?\s*(\d{1,5})\s*号")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_CODE = 8
# Words that lead into a number but are never part of an issuer code: 按照湘政办发〔…〕.
_CODE_LEAD_IN = re.compile(
    r"贯彻落实|贯彻|落实|按照|根据|依据|依照|参照|对照|执行|印发|转发|详见|参见|见|按|据|的|和|与|及|或|即|以|文件|号文|精神"
)
# Words that lead into an issuer's name before a title: 为贯彻落实省委、省政府《…》.
_ISSUER_LEAD_IN = re.compile(
    r"^(?:为了|为|认真|深入|全面|学习|贯彻|落实|按照|根据|依据|依照|参照|对照|执行|结合|和|与|及|以及|并|、)+"
)
# What may stand between the issuers and the title: 国务院办公厅印发的《…》.
_ISSUER_LINK = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|转发)(?:了)?(?:的)?$|的$")
# The end of an issuing body's name: 国务院, 中共中央办公厅, 湖南省人民政府, 教育部等九部门.
_ORGAN = re.compile(rf"(?:{alternation(ISSUER_ENDINGS)})$")
# The issuers written at the start of a title: 《国务院关于…》, 《省政府办公厅转发…》.
_TITLE_ISSUER = re.compile(r"^(.{2,40}?)\s*(?:关于|印发|转发)")
_ABBREVIATION = re.compile(r"简称\s*$")


def _code_start(text: str, bracket: int) -> int | None:
    """Where the issuer code before ``bracket`` starts, or None when there is none."""
    start = bracket
    while start > 0 and _CJK.match(text[start - 1]) and bracket - start < _MAX_CODE * 2:
        start -= 1
    run = text[start:bracket]
    cut = 0
    for match in _CODE_LEAD_IN.finditer(run):
        cut = match.end()
    if cut >= len(run):
        return None
    # A longer run holds more than a code; its last characters are the code.
    return max(start + cut, bracket - _MAX_CODE)


def _numbers(document: Document) -> list[DocumentNumber]:
    text, original = document.text.normalised, document.text.original
    found = []
    for match in _YEAR_AND_SERIAL.finditer(text):
        if _YEAR_BRACKETS[match.group(1)] != match.group(3):
            continue
        start = _code_start(text, match.start())
        if start is None:
            continue
        span = (start, match.end())
        found.append(
            DocumentNumber(
                text=original[span[0] : span[1]],
                issuer_code=original[start : match.start()],
                year=int(match.group(2)),
                number=int(match.group(4)),
                span=span,
            )
        )
    return found


_TITLE_MARKS = re.compile("[《》\n]")  # all that _titles looks at


def _titles(text: str) -> list[Span]:
    """Spans of balanced 《…》 on one line, outermost only, inner 《》 and 〈〉 kept."""
    spans, depth, start = [], 0, 0
    for mark in _TITLE_MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if char == "《":
            if depth == 0:
                start = index
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
        elif char == "\n":
            depth = 0
    return spans


def _issuer_before(document: Document, title_start: int, floor: int) -> str | None:
    """中共中央办公厅、国务院办公厅《…》 → the issuers, as written, looking no further back
    than ``floor`` (the end of the citation before)."""
    text = document.text.normalised
    start = title_start
    while start > floor and (_CJK.match(text[start - 1]) or text[start - 1] in "、 "):
        start -= 1
    run = text[start:title_start]
    link = _ISSUER_LINK.search(run)
    if link:
        run = run[: link.start()]
    # Walk back from the title over 、-separated names; lead-in words end the walk.
    kept_start = None
    offset = len(run)
    for piece in reversed(run.split("、")):
        offset -= len(piece)
        name = _ISSUER_LEAD_IN.sub("", piece).strip()
        if not name or len(name) > 25 or not _ORGAN.search(name):
            break
        kept_start = offset + piece.index(name)
        if name != piece.strip():
            break
        offset -= 1  # the 、
    if kept_start is None:
        return None
    return document.text.original[start + kept_start : start + len(run.rstrip())].strip()


def _issuer_in_title(title: str) -> str | None:
    match = _TITLE_ISSUER.match(title)
    if match and _ORGAN.search(match.group(1)):
        return match.group(1)
    return None


def _measure_at(measures: list[Measure], offset: int) -> int | None:
    for measure in measures:
        start, end = measure.text_span
        if start <= offset < end:
            return measure.number
    return None


def _number_after_title(
    text: str, title_end: int, numbers: dict[int, DocumentNumber]
) -> tuple[DocumentNumber, int] | None:
    """The number written just after a title: 》（国发〔2019〕4号）; with the citation's end."""
    at = title_end
    while at < len(text) and text[at] == " ":
        at += 1
    opened = at < len(text) and text[at] == "（"
    if opened:
        at += 1
    number = numbers.get(at)
    if number is None:
        return None
    end = number.span[1]
    if opened and end < len(text) and text[end] == "）":
        end += 1
    return number, end


def extract(document: Document) -> list[Reference]:
    """Every citation in document order, once per place it appears: titles with the
    number written after them, titles alone, and numbers that follow no title."""
    text, original = document.text.normalised, document.text.original
    numbers = _numbers(document)
    by_start = {number.span[0]: number for number in numbers}
    references: list[Reference] = []
    # An issuer written before a title is looked for only back to the citation before it.
    earlier: list[Span] = [number.span for number in numbers]
    for title_start, title_end in _titles(text):
        inner = original[title_start + 1 : title_end - 1].strip()
        if not inner or _ABBREVIATION.search(text[max(title_start - 6, 0) : title_start]):
            continue
        after = _number_after_title(text, title_end, by_start)
        number, end = after if after else (None, title_end)
        floor = max([span[1] for span in earlier if span[1] <= title_start] + [0])
        earlier.append((title_start, end))
        issuer = _issuer_before(document, title_start, floor) or _issuer_in_title(inner)
        references.append(
            Reference(inner, number, (title_start, end), _measure_at(document.measures, title_start), issuer)
        )
    cited = {reference.number.span for reference in references if reference.number}
    titles = [reference.span for reference in references]
    for number in numbers:
        if number.span in cited or any(start <= number.span[0] < end for start, end in titles):
            continue
        references.append(Reference(None, number, number.span, _measure_at(document.measures, number.span[0]), None))
    references.sort(key=lambda reference: reference.span)
    return [reference for reference in references if not _its_own(document, reference)]


_PLAIN_TITLE = re.compile(r"[\s《》“”\"]")


def _its_own(document: Document, reference: Reference) -> bool:
    """Whether a "citation" is the plan naming itself: its own title (关于印发《…》的通知
    over the plan), or its own document number on a line of its own before its measures
    (松政办发〔2023〕12号 under the notice's title)."""
    if reference.title is not None:
        own = _PLAIN_TITLE.sub("", document.title)
        return bool(own) and _PLAIN_TITLE.sub("", reference.title) == own
    first_measure = document.measures[0].span[0] if document.measures else len(document.text.original)
    start, end = reference.span
    if start >= first_measure:
        return False
    text = document.text.original
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start : line_end if line_end != -1 else len(text)].replace(reference.number.text, "").strip()
