"""Stage 2 — Text to Document: front matter, sections, groups, measures and notes.

The genre (see docs/genre.md) numbers its parts on five levels:

* level 1 ``一、`` sections (指导思想, 主要目标, 任务措施 …);
* level 2 ``（一）`` groups, sometimes mistyped as ``（3）`` in a run of ``（二）（四）``;
* ``1.`` / ``1、`` items, usually the measures, numbered across groups;
* ``（1）`` items, measures where no ``1.`` items exist, else sub-points of a measure;
* ``①`` / ``Ⅰ.`` items, measures where neither exists, else points of a measure.

Plans numbered as decimals (2 / 2.1 / 2.1.1) are read onto the same levels: the top number
is the section, the finest level numbered under the task sections the measures, the levels
between groups.

The measures are the items of the finest level that occurs in the sections that carry
tasks (not 指导思想, 基本原则 or the goals). Everything after the closing line
(本方案自…起施行) or a 注 / 附件 / 名词解释 heading is back matter: its numbered lines are
notes, never measures.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field, replace
from enum import IntEnum

from kg.errors import InputError
from kg.lexicon import PARTICIPANT_VERBS, alternation
from kg.names import ANY_FIELD, LIST_BRACKETS, RESPONSIBILITY_LABEL, ends_like_unit
from kg.numerals import NUMERAL_CHARS, chinese_to_int, is_numeral
from kg.read import Text

Span = tuple[int, int]


class Level(IntEnum):
    """Numbering levels, coarse to fine."""

    SECTION = 1  # 一、
    GROUP = 2  # （一）
    ITEM = 3  # 1.  1、
    SUBITEM = 4  # （1）
    POINT = 5  # ①  Ⅰ.


@dataclass(frozen=True)
class Section:
    """A level-1 part (一、指导思想). ``span`` is its heading line — or, where a list of units
    on a line of its own closes a section whose measures have no group, from the heading to
    that list, which is then read as the heading's list (see ``Group``); ``extent`` runs from
    the heading to the next section or the back matter."""

    number: int
    title: str
    span: Span
    carries_measures: bool
    extent: Span = (0, 0)


@dataclass(frozen=True)
class Group:
    """A level-2 part (（一）加强党对职业教育的全面领导), or an article that numbers items of its
    own, that holds measures. ``span`` is its heading line — or, where a bracketed list of
    units on a line of its own closes the group after its last item (第五条 落实税费优惠。（一）…
    （二）…（甲局、乙局按职责分工负责）), from the heading to that list, so that what reads a list
    at the end of the heading (kg.extract.responsibility) gives it to each item that names
    nobody."""

    number: int
    label: str
    title: str
    span: Span
    section: int | None


@dataclass(frozen=True)
class Measure:
    """One numbered task. ``number`` is its number as written when the document
    numbers its measures in one increasing run, otherwise its position (1-based);
    ``label`` is the marker as written (``17``, ``（七）``); ``labels_span``, the inside of a
    bracketed labelled list written between the marker and the heading (1.【牵头单位：…】…)."""

    number: int
    label: str
    span: Span
    heading: str
    heading_span: Span
    body: str
    body_span: Span
    section: int | None
    group: int | None
    labels_span: Span | None = None
    boxes: tuple[Span, ...] = ()  # the 专栏 printed after it: its key projects, with their figures

    @property
    def text_span(self) -> Span:
        """From the start of the heading to the end of the measure."""
        return (self.heading_span[0], self.span[1])


@dataclass(frozen=True)
class Note:
    """A numbered line of the back matter: 1.党支部“五化”建设：支部设置标准化…"""

    number: int
    term: str
    definition: str
    span: Span


@dataclass
class Document:
    text: Text
    title: str
    title_span: Span
    period: tuple[int, int] | None = None
    status: str | None = None
    date: str | None = None  # the day the plan is dated, YYYY-MM-DD, when it prints one on a line of its own
    preamble_span: Span | None = None
    sections: list[Section] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    back_matter_span: Span | None = None
    measure_level: Level | None = None
    warnings: list[str] = field(default_factory=list)

    def quote(self, span: Span) -> str:
        return self.text.original[span[0] : span[1]]

    def section_of(self, measure: Measure) -> Section | None:
        return next((s for s in self.sections if s.number == measure.section), None)

    def group_of(self, measure: Measure) -> Group | None:
        return next((g for g in self.groups if g.number == measure.group), None)


# --- markers -------------------------------------------------------------------------

_CN = f"[{NUMERAL_CHARS}]+"
_SECTION = re.compile(rf"({_CN})\s*[、.]\s*")
_PAREN = re.compile(rf"（\s*({_CN}|\d+)\s*）\s*")
# Numbers are never capped in digits (工作要点 and 任务清单 run to hundreds of items, and a
# plan may hold thousands). ``12.100个…`` is item 12 whose title starts with a number: a
# point followed by a digit is kept as a marker ("glued"); it, and a number of more than
# _PLAIN_DIGITS digits (（2025）…, 10000、… may be a year or an amount), is accepted only
# where the run of its level expects that number (see ``_accept_doubtful_items``), so 2.0版
# or 3.5亿元 at a line's start stay text.
_ITEM = re.compile(r"(\d+)\s*(?:[、]|\.(?!\d)|(?P<glued>\.(?=\d)))\s*")
_PLAIN_DIGITS = 3
# ``1)`` / ``1）`` (a closing bracket alone, as word processors' lists write it): the level of
# （1）, so under 1. items it numbers a measure's points, and where a plan has no 1. items
# its items are the measures. ``2025）年`` (the end of a period wrapped onto a line) is a
# number of more than _PLAIN_DIGITS digits, doubtful as any other.
_CLOSED = re.compile(r"(\d+)\s*）\s*")
# Plans written as rules (若干规定, some 若干措施): 第一章 (or 第一部分) for sections, 第一条 for
# measures, each followed by a space or a mark, as rules print them (第二条生产线… is text);
# a chapter of 总则 or 附则 carries none (``_NON_TASK_SECTION``).
_CHAPTER = re.compile(rf"第\s*({_CN})\s*(?:章|部分)(?:\s+|[、.：]\s*)")
_ARTICLE = re.compile(rf"第\s*({_CN})\s*条(?:\s+|[、.：]\s*)")

# Numbers typed as one character: circled ①…㊿ and Roman Ⅰ…Ⅻ (ⅰ…ⅻ) number the level below
# （1） — measures where a plan has neither 1. nor （1） items, else a measure's points; ⑴…⒇
# are （1）, ⒈…⒛ are 1. A Roman numeral typed in letters (I. II.) needs its point or 、 and
# no letter after it, so that no word at a line's start reads as one.
_CIRCLED = dict(
    [(chr(code), code - 0x2460 + 1) for code in range(0x2460, 0x2474)]
    + [(chr(code), code - 0x3251 + 21) for code in range(0x3251, 0x3260)]
    + [(chr(code), code - 0x32B1 + 36) for code in range(0x32B1, 0x32C0)]
)
_ROMAN = dict(
    [(chr(0x2160 + offset), offset + 1) for offset in range(12)]
    + [(chr(0x2170 + offset), offset + 1) for offset in range(12)]
)
_PARENTHESISED = {chr(code): code - 0x2474 + 1 for code in range(0x2474, 0x2488)}  # ⑴
_FULL_STOPPED = {chr(code): code - 0x2488 + 1 for code in range(0x2488, 0x249C)}  # ⒈
_ONE_CHARACTER = {**_CIRCLED, **_ROMAN, **_PARENTHESISED, **_FULL_STOPPED}
_ONE_CHARACTER_LEVEL = {
    **dict.fromkeys(_CIRCLED, Level.POINT),
    **dict.fromkeys(_ROMAN, Level.POINT),
    **dict.fromkeys(_PARENTHESISED, Level.SUBITEM),
    **dict.fromkeys(_FULL_STOPPED, Level.ITEM),
}
_TYPED_AS_ONE = re.compile(rf"([{''.join(_ONE_CHARACTER)}])\s*[、.]?\s*")
_LETTER_ROMAN = re.compile(r"([IVX]{1,6})\s*[.、]\s*(?![A-Za-z0-9])")


def _roman(letters: str) -> int | None:
    """``XIV`` → 14; None where the letters are no Roman numeral as written (IIX, VV)."""
    values = {"I": 1, "V": 5, "X": 10}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in zip(letters, letters[1:]))
    total += values[letters[-1]]
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return total if 0 < total < 40 and "X" * (total // 10) + ones[total % 10] == letters else None


# Headings of level-1 sections that state principles or goals, not tasks, read with their
# spaces removed (第一章  总  则, 指 导 思 想: titles spaced out to a width).
_NON_TASK_SECTION = re.compile(
    r"指导思想|基本原则|总体要求|总体思路|(主要|工作|总体|发展|预期|行动|建设|具体|阶段)目标|目标要求|适用范围|编制依据"
    r"|^第\S{1,4}(章|部分)[、.：]?(总则|附则)$"
)


def _states_no_tasks(heading: str) -> bool:
    """Whether a level-1 heading names a part that states principles or goals (总体要求,
    第一章 总 则), not tasks."""
    return bool(_NON_TASK_SECTION.search(re.sub(r"\s+", "", heading)))


# A dash or a bullet that opens a line: ——, —, ●, ■, ◆, ★, ▲, ·.
_BULLET = re.compile(r"(?:——?|[●■◆★▲·•])\s*")
# A level-1 heading that may hold goals or tasks (目标任务): its content says which.
_GOALS_OR_TASKS = re.compile(r"目标(?:和|与)?任务|任务(?:和|与)?目标")
# Where the back matter starts.
_CLOSING = re.compile(r"本(实施)?(方案|措施|计划|意见|办法|细则|规定|通知|要点|行动)\S{0,30}(施行|实施|执行|有效)")
# A numbered item that only closes the plan: when it takes effect, or who interprets it —
# 第三十条 本措施自2024年1月1日起施行，有效期3年。 / 十二、本办法由甲局负责解释。
_CLOSING_ITEM = re.compile(
    r"本(?:实施)?(?:方案|措施|计划|意见|办法|细则|规定|通知|要点)"
    r"(?:自\S{0,24}?(?:起|之日)\S{0,4}?(?:施行|实施|执行|生效)|由\S{1,30}?负责解释|的?解释权\S{0,20})"
    r"[^。]{0,24}。?$"
)
_NOTES_HEADING = re.compile(
    r"(注|附注|备注|注释|说明)\s*[：]?\s*$|注\s*[：]|(附件|附表)\s*\d*\s*[：]?|\S{0,4}(名词|术语)(解释|注释|说明)"
)
_PERIOD = re.compile(r"（?\s*(\d{4})\s*[-—~至到]\s*(\d{4})\s*年?\s*）?")
_STATUS = re.compile(r"（\s*(征求意见稿|试行|送审稿|草案|讨论稿|修订稿|暂行|公开征求意见稿|代拟稿)\s*）")
# A date on a line of its own, as a plan prints the day it was issued or drafted (under its
# title, or under the issuing organ at its end): 2021年9月1日, （2021年9月1日）.
_DATE_LINE = re.compile(r"[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?")
_NOTE_LINE = re.compile(r"(\d+)\s*[、.]\s*")
# The heading of a box printed beside the text (专栏1  重点工程, 【专栏二】, 专栏：…): a list of
# key projects or figures that belongs to the task before it.
_BOX = re.compile(rf"^[【［\[]?\s*专栏\s*(?:(?:\d+|{_CN})\s*[】］\]]?|[】］\]：:\s]|$)")


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset just past the last non-blank character
    text: str  # normalised content


@dataclass(frozen=True)
class _Marked:
    """A line that starts with a numbering marker."""

    line: _Line
    level: Level
    number: int
    label: str
    content_start: int  # offset just after the marker
    glued: bool = False  # ``12.100个…``: the marker's point is followed by a digit
    decimal: bool = False  # numbered as a decimal (2.1.1): measures go by position, the label says the rest


def _lines(text: Text) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.normalised.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def _marker(line: _Line) -> _Marked | None:
    for level, pattern in (
        (Level.SECTION, _SECTION),
        (Level.SECTION, _CHAPTER),
        (Level.GROUP, _PAREN),
        (Level.ITEM, _ITEM),
        (Level.ITEM, _ARTICLE),
        (Level.SUBITEM, _CLOSED),
    ):
        match = pattern.match(line.text)
        if not match:
            continue
        written = match.group(1)
        if level is Level.GROUP and written.isdigit():
            level = Level.SUBITEM
        if not written.isdigit() and not is_numeral(written):
            continue  # 二〇二五、 or 十四五、: no number as Chinese writes one
        if match.end() == len(line.text):  # a bare marker is not an item
            continue
        glued = "glued" in pattern.groupindex and match.group("glued") is not None
        return _Marked(line, level, chinese_to_int(written), match.group(0).strip(), line.start + match.end(), glued)
    return _one_character_marker(line)


def _one_character_marker(line: _Line) -> _Marked | None:
    """① ⑴ ⒈ Ⅰ．(or I.) at a line's start, followed by the item's text."""
    match = _TYPED_AS_ONE.match(line.text)
    if match:
        number, level = _ONE_CHARACTER[match.group(1)], _ONE_CHARACTER_LEVEL[match.group(1)]
    else:
        match = _LETTER_ROMAN.match(line.text)
        number, level = (_roman(match.group(1)), Level.POINT) if match else (None, Level.POINT)
    if match is None or number is None or match.end() == len(line.text):
        return None
    return _Marked(line, level, number, match.group(0).strip(), line.start + match.end())


# Decimal numbering (2 / 2.1 / 2.1.1, also 2.1、): a label of numbers joined by points at a
# line's start, followed by a space or a CJK character (or an opening quote or bracket), but
# not by 万 or 亿 (1.5万人 is an amount); the top number of such a plan stands alone before
# its title (2 重点任务) or as 2. / 2、.
_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{1,3})+)(?![万亿])\s*[.、]?\s*(?=[\u3400-\u9fff“《【（])")
_DECIMAL_TOP = re.compile(r"(\d{1,3})\s+(?=[\u3400-\u9fff])")


def _decimal_numbering(lines: list[_Line], candidates: list[tuple[int, _Marked]]) -> list[tuple[int, _Marked]]:
    """Read a plan numbered as decimals onto the genre's levels. A label is read as one only
    where it goes on the numbering before it: the first child of the label (or the top
    number, or the 一、 section) before it, or the next sibling — a sibling that skips a
    number only where the next label goes on from it. So 1.5万人 or 3.5亿元 at a line's
    start, which goes on nothing, stays text. The finest level numbered under the task
    sections holds the measures (numbered in order, by their labels as written), the levels
    between the top and it are groups, and a top number that heads labels is a section; the
    1. / 1、 items left are the measures' points. Where the finest level is the second, the
    labels hang under items written 1. / 1、 and the plan numbers other such items that head
    none, those items are the measures and the labels their points (1.建设学校：\n1.1 新建2所)."""
    marked = dict(candidates)
    entries: list[tuple[int, str, tuple[int, ...] | None, re.Match[str] | None]] = []
    for index, line in enumerate(lines):
        item = marked.get(index)
        if (found := _DECIMAL.match(line.text)) and found.end() < len(line.text):
            entries.append((index, "label", tuple(int(part) for part in found.group(1).split(".")), found))
        elif item is not None and item.level is Level.SECTION:
            entries.append((index, "section", None, None))
        elif item is not None and item.level is Level.ITEM and _ITEM.match(line.text) and not item.glued:
            entries.append((index, "top", (item.number,), None))
        elif (found := _DECIMAL_TOP.match(line.text)) and _heading_like(line):
            entries.append((index, "top", (int(found.group(1)),), found))
    labels = [position for position, entry in enumerate(entries) if entry[1] == "label"]
    if len(labels) < 2:
        return candidates
    next_label = dict(zip(labels, [*labels[1:], None]))

    accepted: dict[int, tuple[tuple[int, ...], re.Match[str]]] = {}
    tops: set[int] = set()  # the top numbers that head labels
    path: list[int | None] = [None]  # the numbering so far; None: a top not numbered as a decimal
    path_top: int | None = None
    for position, (index, kind, numbers, found) in enumerate(entries):
        if kind == "section":
            path, path_top = [None], None
            continue
        if kind == "top":
            path, path_top = [numbers[0]], index
            continue
        parent, last, depth = numbers[:-1], numbers[-1], len(numbers)
        goes_on = len(path) >= depth - 1 and all(
            have is None or have == want for have, want in zip(path[: depth - 1], parent)
        )
        if goes_on and len(path) == depth - 1:
            ok = last == 1
        elif goes_on:
            following = next_label[position]
            after = entries[following][2] if following is not None else None
            ok = last == path[depth - 1] + 1 or (
                last > path[depth - 1] + 1 and after in ((*parent, last + 1), (*numbers, 1))
            )
        else:  # the next top number, not written on a line of its own
            ok = depth == 2 and last == 1 and path[0] is not None and parent[0] == path[0] + 1
            ok = ok and _heading_like(lines[index])
        if not ok:
            continue
        if depth == 2 and len(path) == 1 and path_top is not None:
            tops.add(path_top)
        path = list(numbers)
        accepted[index] = (numbers, found)
    if len(accepted) < 2:
        return candidates
    tops |= _tops_in_sequence(lines, entries, tops, accepted)

    # The finest level numbered under the sections that carry tasks.
    heading, depths, task_depths = "", [], []
    for index, kind, numbers, _ in entries:
        if kind == "section" or index in tops:
            heading = lines[index].text
        elif index in accepted:
            depths.append(len(numbers))
            if not _states_no_tasks(heading):
                task_depths.append(len(numbers))
    finest = max(task_depths or depths)
    plain = [
        index
        for index, item in candidates
        if item.level is Level.ITEM and not item.glued and index not in tops and not _ARTICLE.match(item.line.text)
    ]
    if finest == 2 and plain and any(_DECIMAL_TOP.match(lines[index].text) is None for index in tops):
        return [
            (index, replace(item, level=Level.SUBITEM, glued=False) if index in accepted else item)
            for index, item in candidates
        ]

    relevelled = []
    dotted = {index for index, kind, _, _ in entries if kind == "label"}
    for index, item in candidates:
        if index not in accepted and (index in dotted or item.glued):
            continue  # 1.5万人…: a decimal in the text
        if index in accepted or index in tops:
            continue
        if index in plain:
            item = replace(item, level=Level.SUBITEM)  # a point of a measure
        relevelled.append((index, item))
    for index in tops:
        line = lines[index]
        found = _DECIMAL_TOP.match(line.text) or _ITEM.match(line.text)
        number = int(found.group(1))
        relevelled.append((index, _Marked(line, Level.SECTION, number, str(number), line.start + found.end())))
    for index, (numbers, found) in accepted.items():
        depth = len(numbers)
        level = Level.ITEM if depth == finest else Level.GROUP if depth < finest else Level.SUBITEM
        line = lines[index]
        relevelled.append(
            (index, _Marked(line, level, numbers[-1], found.group(1), line.start + found.end(), decimal=True))
        )
    return sorted(relevelled, key=lambda pair: pair[0])


def _tops_in_sequence(
    lines: list[_Line],
    entries: list[tuple[int, str, tuple[int, ...] | None, re.Match[str] | None]],
    tops: set[int],
    accepted: dict[int, tuple[tuple[int, ...], re.Match[str]]],
) -> set[int]:
    """The top numbers of a decimal plan that head no labels (1 工作目标 / 3 保障措施, a
    paragraph each): a heading-like top line, written as the tops that head labels are
    (2 重点任务, or 2. / 2、), whose number goes on their run — one after the top before it,
    or one before the first — where no label of the part before it follows (then it is a
    point of that part's last measure)."""
    bare = {index for index, kind, _, found in entries if kind == "top" and found is not None}
    styles = {index in bare for index in tops}
    ordered = [
        (index, numbers[0]) for index, kind, numbers, _ in entries if kind == "top" and (index in bare) in styles
    ]
    labelled = sorted(accepted)
    found: set[int] = set()
    if not tops:
        return found
    first = next(position for position, (index, _) in enumerate(ordered) if index in tops)
    expected = ordered[first][1] - 1
    for index, number in reversed(ordered[:first]):
        if number == expected and _heading_like(lines[index]):
            found.add(index)
            expected -= 1
    before = ordered[first][1]
    for index, number in ordered[first + 1 :]:
        if index in tops:
            before = number
            continue
        following = bisect.bisect_right(labelled, index)
        label = accepted[labelled[following]][0] if following < len(labelled) else None
        if number == before + 1 and (label is None or label[0] != before) and _heading_like(lines[index]):
            found.add(index)
            before = number
    return found


def _doubtful(item: _Marked) -> bool:
    """A marker that may be text: a glued point (``12.100个…`` or 3.5亿元…), or an Arabic
    number longer than a plan's item numbers usually are (a year, an amount)."""
    return item.glued or item.level in (Level.ITEM, Level.SUBITEM) and item.number >= 10**_PLAIN_DIGITS


def _following_numbers(marked: list[_Marked]) -> list[int | None]:
    """For each marker, the number of the next marker of its level that is not glued:
    one pass from the end, so that a plan of thousands of items costs no more per item
    than one of ten."""
    following: list[int | None] = [None] * len(marked)
    next_of: dict[Level, int] = {}
    for position in range(len(marked) - 1, -1, -1):
        item = marked[position]
        following[position] = next_of.get(item.level)
        if not item.glued:
            next_of[item.level] = item.number
    return following


def _accept_doubtful_items(marked: list[_Marked]) -> list[_Marked]:
    """Keep a doubtful marker (``_doubtful``) only where the run of its level expects its
    number: one more than the marker before, 1 where a run starts (1.5万人… inside a
    measure starts none), or between the marker before and the next plain one when a
    number was skipped. Elsewhere the line starts with a decimal (3.5亿元…), a year or an
    amount, and is text."""
    kept: list[_Marked] = []
    previous: dict[Level, int] = {}
    for item, following in zip(marked, _following_numbers(marked)):
        if item.level in (Level.ITEM, Level.SUBITEM):
            before = previous.get(item.level)
            if _doubtful(item):
                starts_run = item.number == 1 and (before is None or following == 2)
                expected = starts_run or before is not None and item.number == before + 1
                between = before is not None and before < item.number and following == item.number + 1
                if not (expected or between):
                    continue
            previous[item.level] = item.number
        kept.append(item)
    return kept


def _articles_with_items(candidates: list[tuple[int, _Marked]]) -> list[tuple[int, _Marked]]:
    """Articles (第一条) whose text numbers items of its own (（一）…, 1.…, （1）… or ①…) are the
    groups of those items, which are the measures: 第一条 加大财政支持。（一）对新认定的企业，奖励100万元。
    The coarsest numbering inside an article numbers its measures, a finer one their points
    (in an article that numbers （一） items, 1. numbers their points); an article that numbers
    none stays a measure."""
    articles = [position for position, (_, item) in enumerate(candidates) if _ARTICLE.match(item.line.text)]
    if not articles or not any(
        item.level >= Level.GROUP and not _ARTICLE.match(item.line.text) for _, item in candidates[articles[0] :]
    ):
        return candidates
    relevelled = list(candidates[: articles[0]])
    for start, stop in zip(articles, [*articles[1:], len(candidates)]):
        index, article = candidates[start]
        inside = candidates[start + 1 : stop]
        if not any(item.level >= Level.GROUP for _, item in inside):
            relevelled += [(index, article), *inside]  # an article with no items of its own is a measure
            continue
        relevelled.append((index, replace(article, level=Level.GROUP)))
        coarsest = min(item.level for _, item in inside if item.level >= Level.GROUP)
        for index, item in inside:
            level = item.level
            if item.level is coarsest:
                level = Level.ITEM
            elif item.level is Level.ITEM:
                level = Level.SUBITEM
            relevelled.append((index, replace(item, level=level) if level is not item.level else item))
    return relevelled


def _bullet_items(
    lines: list[_Line], candidates: list[tuple[int, _Marked]], in_box: set[int]
) -> list[tuple[int, _Marked]]:
    """Lines that open with a dash or a bullet (——开发公益性岗位300个。（责任单位：…）) as the
    plan's numbered items, numbered in order: where nothing is numbered finer than a group
    and at least two such lines each end with their own list of units, while no numbered
    line does. Elsewhere dashes set out the points of a goal or a measure, which stay its
    text."""
    if any(item.level in (Level.ITEM, Level.SUBITEM) or _responsibility_line(item.line) for _, item in candidates):
        return []
    bullets = [
        (index, match)
        for index, line in enumerate(lines)
        if index not in in_box and (match := _BULLET.match(line.text)) and match.end() < len(line.text)
    ]
    if sum(_responsibility_line(lines[index]) for index, _ in bullets) < 2:
        return []
    return [
        (index, _Marked(lines[index], Level.ITEM, number, match.group().strip(), lines[index].start + match.end()))
        for number, (index, match) in enumerate(bullets, start=1)
    ]


def _boxes(lines: list[_Line], markers: dict[int, _Marked]) -> list[tuple[int, int]]:
    """The boxes (专栏) of a plan, as (first, last) line indices: the heading line and the
    lines after it, up to the next section or group marker, the next box, or an item whose
    number does not continue the box's own numbering (which starts at 1 on each level). An
    item whose number continues both the box's and the plan's numbering before the box is
    the plan's where its lines name who does it."""
    boxes = []
    outside: dict[Level, int] = {}  # the next number of each level before the box
    index = 0
    while index < len(lines):
        if not (_BOX.match(lines[index].text) and _heading_like(lines[index])):
            if (item := markers.get(index)) is not None:
                outside[item.level] = item.number + 1
            index += 1
            continue
        first, last, expected = index, index, {}
        for following in range(index + 1, len(lines)):
            if _BOX.match(lines[following].text) and _heading_like(lines[following]):
                break
            item = markers.get(following)
            if item is not None:
                if item.level <= Level.GROUP or item.number != expected.get(item.level, 1):
                    break
                if item.number == outside.get(item.level) and _assigns(lines, following, markers):
                    break
                expected[item.level] = item.number + 1
                for finer in [level for level in expected if level > item.level]:
                    del expected[finer]
            last = following
        boxes.append((first, last))
        index = last + 1
    return boxes


def _assigns(lines: list[_Line], index: int, markers: dict[int, _Marked]) -> bool:
    """Whether the item on line ``index`` (its lines up to the next marked line) names who
    does it."""
    for following in range(index, len(lines)):
        if following > index and following in markers:
            return False
        if _responsibility_line(lines[following]):
            return True
    return False


def _heading_like(line: _Line) -> bool:
    """A short line that names a part rather than saying something."""
    return len(line.text) <= 40 and "。" not in line.text.rstrip("。")


def _repair_groups(marked: list[_Marked]) -> list[_Marked]:
    """Read a ``（3）`` written among ``（二）`` and ``（四）`` as the group it stands for.

    A ``（N）`` line counts as a group when it is heading-like and N is the number the
    run of ``（一）`` groups expects next (or the run has not started and N is 1), or the
    number of the group before (（二）…（2）, a typing slip) where a numbered item follows
    it — unless it goes on a run of points: ``（1）…（2）…`` inside a measure, the ``（2）`` is
    its second point whatever group comes next. ``N）`` (a closing bracket alone) is never a
    group."""
    repaired: list[_Marked] = []
    expected = 1
    point = None  # the number of the last （N） point since the last marker of a coarser level
    has_items = any(m.level is Level.ITEM for m in marked)
    for index, item in enumerate(marked):
        following = marked[index + 1] if index + 1 < len(marked) else None
        item_follows = following is not None and following.level is Level.ITEM
        if item.level < Level.SUBITEM:
            point = None
        if item.level is Level.SECTION:
            expected = 1
        elif item.level is Level.GROUP:
            expected = item.number + 1
        elif item.level is Level.SUBITEM:
            goes_on = point is not None and item.number == point + 1
            point = item.number
            if (
                has_items
                and not goes_on
                and item.label.startswith("（")
                and (item.number == expected or item.number == expected - 1 and item_follows)
                and expected > 1
                and _heading_like(item.line)
            ):
                item = _Marked(item.line, Level.GROUP, item.number, item.label, item.content_start)
                expected += 1
                point = None
        repaired.append(item)
    return repaired


def _back_matter_start(lines: list[_Line], first_marked: int, markers: dict[int, _Marked]) -> int | None:
    """Index of the first back-matter line after the body has started (``markers``: the
    marker of each line that starts with one)."""
    for index in range(first_marked + 1, len(lines)):
        text = lines[index].text
        marked = markers.get(index)
        if _CLOSING.match(text) and len(text) <= 60:
            return index
        heading_text = text[marked.content_start - lines[index].start :] if marked else text
        if marked and _CLOSING_ITEM.match(heading_text):
            return index  # 第三十条 本措施自2024年1月1日起施行。: the closing article
        if marked and marked.level is Level.ITEM:
            continue  # "1.附件" is still an item of the body
        if _NOTES_HEADING.match(heading_text) and len(heading_text) <= 20:
            return index
    return None


# A plan published inside the notice that issues it: 某县人民政府办公室关于印发《某县…方案》的通知,
# the addressees, a paragraph, the issuing organ and date, then the plan's own title.
_NOTICE = re.compile(r"^\S{0,40}?关于印发[《“]?(?P<title>\S+?)[》”]?的通知$")
_UNQUOTED = re.compile(r"[\s《》“”]")


def _notice_title(lines: list[_Line]) -> tuple[int, Span | None]:
    """Where the plan's own front matter starts when the text opens with the notice that
    issues it: the index of the line repeating the notice's title (0 when there is no
    notice, or no such line), and the span of the title inside the notice line when the
    plan's title is written nowhere else."""
    if not lines:
        return 0, None
    notice = _NOTICE.match(lines[0].text)
    if not notice:
        return 0, None
    wanted = _UNQUOTED.sub("", notice.group("title"))
    for index, line in enumerate(lines[1:], start=1):
        if _UNQUOTED.sub("", line.text) == wanted:
            return index, None
    return 0, (lines[0].start + notice.start("title"), lines[0].start + notice.end("title"))


def _dated(document: Document, line: _Line) -> bool:
    """Whether ``line`` is a date alone (never a line of the title); a real day then dates
    the plan (the first one found)."""
    found = _DATE_LINE.fullmatch(line.text)
    if found is None:
        return False
    year, month, day = (int(part) for part in found.groups())
    try:
        document.date = document.date or datetime.date(year, month, day).isoformat()
    except ValueError:  # 2月30日: a typo, not a day
        pass
    return True


# What a web page prints around a plan copied from it: a breadcrumb (首页 > 政务公开 > 政策文件),
# the page's index fields (索引号：…, 发布日期：…) and its buttons (打印本页, 关闭窗口).
_WEB_CHROME = re.compile(
    r"\S\s*[>›»]\s*\S.*[>›»]|^(?:首页|当前位置|您的位置|您现在的位置)|^(?:索引号|发布机构|发布日期|发文日期|生成日期"
    r"|信息来源|来源|浏览次数|字号|【字体)\s*[：:]|^(?:打印本页|关闭窗口|【打印】|【关闭】)"
)


def _front_matter(document: Document, lines: list[_Line], body_start: int) -> None:
    lines = [line for line in lines[:body_start] if not _WEB_CHROME.search(line.text)]
    body_start = len(lines)
    title_lines: list[_Line] = []
    preamble: list[_Line] = []
    own_start, title_in_notice = _notice_title(lines[:body_start])
    if title_in_notice:
        start, end = title_in_notice
        lines = [_Line(start, end, document.text.normalised[start:end]), *lines[1:]]
    preamble.extend(lines[:own_start])  # the notice: addressees, its paragraph, organ, date
    notice_lines = len(preamble)
    for line in lines[own_start:body_start]:
        status = _STATUS.fullmatch(line.text)
        period = _PERIOD.fullmatch(line.text)
        if status:
            document.status = status.group(1)
            continue
        if _dated(document, line):
            continue
        if period and line.text.startswith("（"):
            document.period = (int(period.group(1)), int(period.group(2)))
            continue
        looks_like_title = (
            len(preamble) == notice_lines and len(line.text) <= 60 and not re.search(r"[。：]", line.text)
        )
        if looks_like_title and (not title_lines or document.period is None and document.status is None):
            title_lines.append(line)
        else:
            preamble.append(line)
    if not title_lines:
        document.title, document.title_span = "", (0, 0)
    else:
        # Read the brackets in the normalised view (same length), cut them from the original.
        original = "".join(document.text.original[line.start : line.end].strip() for line in title_lines)
        normalised = "".join(document.text.normalised[line.start : line.end].strip() for line in title_lines)
        cuts = []
        inline_status = _STATUS.search(normalised)
        if inline_status:
            document.status = document.status or inline_status.group(1)
            cuts.append(inline_status.span())
        inline_period = re.search(r"（\s*(\d{4})\s*[-—~至到]\s*(\d{4})\s*年?\s*）", normalised)
        if inline_period:
            document.period = document.period or (int(inline_period.group(1)), int(inline_period.group(2)))
            cuts.append(inline_period.span())
        for start, end in sorted(cuts, reverse=True):
            original = original[:start] + original[end:]
        document.title = original.strip()
        document.title_span = (title_lines[0].start, title_lines[-1].end)
    if document.period is None:
        found = re.search(r"(\d{4})\s*[-—~至到]\s*(\d{4})\s*年", document.title)
        if found:
            document.period = (int(found.group(1)), int(found.group(2)))
    if preamble:
        document.preamble_span = (preamble[0].start, preamble[-1].end)


def _split_heading(text: Text, start: int, end: int) -> tuple[Span, Span]:
    """The heading runs to the first 。 (kept out of the heading) or to the end of the
    first line; the body is the rest. A bracketed labelled list that opens the measure
    (【责任单位：…】压缩…) is no part of its heading."""
    normalised = text.normalised
    start = _after_leading_labels(normalised, start, end)
    line_end = normalised.find("\n", start, end)
    line_end = end if line_end == -1 else line_end
    stop = normalised.find("。", start, line_end)
    if stop == -1:
        heading_end = body_start = line_end
        # 加强知识产权保护（责任单位：县市场监管局）: the list of units is no part of the heading.
        if (opening := _trailing_list(normalised, start, line_end)) is not None:
            heading_end = opening
            while heading_end > start and normalised[heading_end - 1].isspace():
                heading_end -= 1
    else:
        heading_end, body_start = stop, stop + 1
    while body_start < end and normalised[body_start].isspace():
        body_start += 1
    return (start, heading_end), (body_start, end)


def _trailing_list(text: str, start: int, end: int) -> int | None:
    """Where the bracket that closes ``text[start:end]`` opens, when it holds a list of
    units — labelled (（责任单位：…）) or names that each end like a unit's — else None."""
    stop = end
    while stop > start and text[stop - 1] in "。；; ":
        stop -= 1
    if stop <= start or text[stop - 1] not in LIST_BRACKETS:
        return None
    closing, opening = text[stop - 1], LIST_BRACKETS[text[stop - 1]]
    depth = 0
    for index in range(stop - 1, start - 1, -1):
        depth += {closing: 1, opening: -1}.get(text[index], 0)
        if depth == 0:
            inside = text[index + 1 : stop - 1]
            names = [name.strip() for name in re.split(r"[、，,；;]", inside)]
            if RESPONSIBILITY_LABEL.match(inside) or all(name and ends_like_unit(name) for name in names):
                return index if index > start else None
            return None
    return None


def _leading_labels(text: str, start: int, end: int) -> Span | None:
    """The span inside the bracketed labelled list that opens ``text[start:end]`` (after
    spaces): 【责任单位：县发改局、县市场监管局】 in 【…】压缩企业开办时间 (also （…）, ［…］)."""
    while start < end and text[start].isspace():
        start += 1
    opening = text[start : start + 1]
    closing = next((close for close, open_ in LIST_BRACKETS.items() if open_ == opening), None)
    if closing is None or not RESPONSIBILITY_LABEL.match(text, start + 1, end):
        return None
    depth = 0
    for index in range(start, end):
        depth += (text[index] == opening) - (text[index] == closing)
        if depth == 0:
            return (start + 1, index)
    return None


def _after_leading_labels(text: str, start: int, end: int) -> int:
    """Where a measure's own words start: after the 【牵头单位：…】 that opens it, if one does."""
    labels = _leading_labels(text, start, end)
    if labels is None:
        return start
    after = labels[1] + 1
    while after < end and text[after].isspace():
        after += 1
    return after


def _parse_notes(document: Document, lines: list[_Line]) -> None:
    expected = 1
    for line in lines:
        match = _NOTE_LINE.match(line.text)
        if not match:
            continue
        # "10.15-30%的…" is note 10, but "2.0版…" (or "2025、…", a year) is no note unless 2 (2025) comes next.
        glued = line.text[match.end() - 1 : match.end() + 1][-1:].isdigit()
        if (glued or len(match.group(1)) > _PLAIN_DIGITS) and int(match.group(1)) != expected:
            continue
        expected = int(match.group(1)) + 1
        content = line.text[match.end() :]
        term, colon, definition = content.partition("：")
        if not colon:
            term, definition = "", content
        document.notes.append(Note(int(match.group(1)), term.strip(), definition.strip(), (line.start, line.end)))


def _continue_runs(marked: list[_Marked], in_task_section: list[bool]) -> list[_Marked]:
    """A run of items whose marker changes style (1、 2、 then 3) 4), or （1） （2） then ③): a
    marker of a finer level (（1）, 1), ①) whose number goes on the run of a coarser item level —
    one more than its last item, or than the count of its items where that is more — is the
    run's next item, unless a run of its own level has started since that item (then it is
    one of the item's points). Only the sections that carry tasks are read."""
    runs = (Level.ITEM, Level.SUBITEM)
    last: dict[Level, int] = {}
    count: dict[Level, int] = {}
    points: set[tuple[Level, Level]] = set()  # (run, finer level): points numbered since the run's last item
    relevelled = []
    for item, in_tasks in zip(marked, in_task_section):
        if in_tasks and item.level > Level.ITEM:
            for run in runs:
                if run >= item.level or run not in last or (run, item.level) in points:
                    continue
                if item.number == last[run] + 1 or item.number == count[run] + 1 > last[run]:
                    item = replace(item, level=run)
                    break
        if in_tasks and item.level in runs:
            last[item.level] = item.number
            count[item.level] = count.get(item.level, 0) + 1
            points = {key for key in points if key[0] != item.level}
        if in_tasks and item.level > Level.ITEM:
            points |= {(run, item.level) for run in runs if run < item.level and run in last}
        relevelled.append(item)
    return relevelled


def _points_in_every_group(marked: list[_Marked]) -> bool:
    """Whether ① / Ⅰ items stand under every group of each section that holds some: only
    then are they the plan's measures. Where some groups number none, the groups are the
    measures and the ① items the points of those that number them."""
    groups: dict[int, list[bool]] = {}  # section ordinal → for each of its groups, whether it holds points
    section = 0
    for item in marked:
        if item.level is Level.SECTION:
            section += 1
        elif item.level is Level.GROUP:
            groups.setdefault(section, []).append(False)
        elif item.level is Level.POINT and groups.get(section):
            groups[section][-1] = True
    return all(all(held) for held in groups.values() if any(held))


def _closing_lists(
    lines: list[_Line],
    line_starts: list[int],
    pending: list[tuple[_Marked, int | None, int | None]],
    stops: list[int],
    level: Level,
) -> dict[tuple[str, int], tuple[int, Span]]:
    """The lists of units that close a part on a line of their own, after its last item:
    第五条 落实税费优惠政策。（一）…（二）…（甲局、乙局按职责分工负责）. Such a list is the
    part's — its group's, or its section's where the measures have no group — when the part
    holds two measures or more and none of them has a list of its own; the last measure ends
    before it. Only a list in brackets, as a heading's list is read. Returns, for each part
    (("group" or "section", number)), the position of its last measure and the list line's span."""
    parts: dict[tuple[str, int], list[int]] = {}
    for position, (_, section, group) in enumerate(pending):
        if group is not None and level > Level.GROUP:
            parts.setdefault(("group", group), []).append(position)
        elif section is not None:
            parts.setdefault(("section", section), []).append(position)
    found = {}
    for key, positions in parts.items():
        if len(positions) < 2:
            continue
        own = []
        for position in positions:
            first = bisect.bisect_left(line_starts, pending[position][0].line.start)
            own.append(lines[first : bisect.bisect_left(line_starts, stops[position], lo=first)])
        last_lines = own[-1]
        if len(last_lines) < 2 or not (_bracketed_list_line(last_lines[-1]) or _labelled_list_line(last_lines[-1])):
            continue
        if key[0] == "section" and any(_ARTICLE.match(pending[position][0].line.text) for position in positions):
            continue  # articles stand each on their own: a chapter's articles are no one part
        if any(_responsibility_line(line) for held in [*own[:-1], last_lines[:-1]] for line in held):
            continue
        found[key] = (positions[-1], (last_lines[-1].start, last_lines[-1].end))
    return found


def _bracketed_list_line(line: _Line) -> bool:
    """A line that is one bracket holding a list of units: （甲局牵头，乙局配合）."""
    text = line.text.rstrip("。；; ")
    closing = text[-1:]
    if closing not in LIST_BRACKETS or not text.startswith(LIST_BRACKETS[closing]):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += (char == LIST_BRACKETS[closing]) - (char == closing)
        if depth == 0 and index < len(text) - 1:
            return False  # the first bracket closes before the line ends
    return _responsibility_line(line)


def _labelled_list_line(line: _Line) -> bool:
    """A line that is a labelled list of units and nothing else: 责任单位：甲局、乙局."""
    text = line.text.strip().rstrip("。；; ")
    return bool(RESPONSIBILITY_LABEL.match(text)) and "。" not in text


def _inside(spans: list[Span], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (sorted)."""
    found = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return found >= 0 and spans[found][0] <= offset < spans[found][1]


def _unread_warning(text: Text, unread: list[_Marked]) -> list[str]:
    """Numbered lines of the task sections that are neither measures nor points of one
    (numbered finer than the measures, outside them) are named, never lost in silence."""
    if not unread:
        return []
    quoted = ", ".join(f"{item.label} at line {text.line_of(item.line.start)}" for item in unread[:_QUOTED_LINES])
    more = ", …" if len(unread) > _QUOTED_LINES else ""
    return [
        f"{text.source}: {len(unread)} numbered line(s) stand outside every measure ({quoted}{more}); "
        "they are read as neither measures nor their points: check their numbering"
    ]


def parse(text: Text) -> Document:
    """Find the structure of a plan. Raises InputError when it has no numbered measures."""
    lines = _lines(text)
    candidates = [(index, m) for index, line in enumerate(lines) if (m := _marker(line))]
    candidates = _decimal_numbering(lines, candidates)
    boxes = _boxes(lines, dict(candidates))
    in_box = {index for first, last in boxes for index in range(first, last + 1)}
    candidates = [(index, m) for index, m in candidates if index not in in_box]
    candidates = sorted(candidates + _bullet_items(lines, candidates, in_box), key=lambda pair: pair[0])
    candidates = _articles_with_items(candidates)
    accepted = {id(m) for m in _accept_doubtful_items([m for _, m in candidates])}
    marked_by_line = {index: m for index, m in candidates if id(m) in accepted}
    if not marked_by_line:
        raise InputError(f"{text.source}: no numbered measures found; is this a plan?")
    first = min(marked_by_line)
    back = _back_matter_start(lines, first, dict(candidates))
    body_end = len(lines) if back is None else back

    document = Document(text=text, title="", title_span=(0, 0))
    _front_matter(document, lines, first)
    for line in lines[-3:] if document.date is None else ():  # dated under the organ that issues it
        _dated(document, line)
    if back is not None:
        document.back_matter_span = (lines[back].start, lines[-1].end)
        _parse_notes(document, lines[back + 1 :])

    body_indices = [i for i in sorted(marked_by_line) if i < body_end]
    repaired = _repair_groups([marked_by_line[i] for i in body_indices])
    marked_by_line = dict(zip(body_indices, repaired))

    # Which level-1 sections carry tasks, and so which items may be measures.
    task_section_of: dict[int, bool] = {}
    carries = True
    for position, index in enumerate(body_indices):
        item = marked_by_line[index]
        if item.level is Level.SECTION:
            carries = not _states_no_tasks(item.line.text)
            if carries and _GOALS_OR_TASKS.search(item.line.text):
                # 目标任务 states goals, or lists tasks: it carries measures where it numbers items.
                following = body_indices[position + 1 : position + 2]
                carries = bool(following) and marked_by_line[following[0]].level is not Level.SECTION
        task_section_of[index] = carries
    relevelled = _continue_runs([marked_by_line[i] for i in body_indices], [task_section_of[i] for i in body_indices])
    marked_by_line = dict(zip(body_indices, relevelled))
    present = {marked_by_line[i].level for i in body_indices if task_section_of[i]}
    if Level.POINT in present and not _points_in_every_group(
        [marked_by_line[i] for i in body_indices if task_section_of[i]]
    ):
        present.discard(Level.POINT)  # ① numbers the points of some level-2 measures, not the plan's measures
    for level in (Level.ITEM, Level.SUBITEM, Level.POINT, Level.GROUP, Level.SECTION):
        if level in present:
            document.measure_level = level
            break
    if document.measure_level is None:
        raise InputError(f"{text.source}: no numbered measures found outside the goals sections; is this a plan?")

    # Walk the body: sections, groups and measures with their extents.
    section_number: int | None = None
    group_number: int | None = None
    pending: list[tuple[_Marked, int | None, int | None]] = []  # measures with section, group
    follows: list[int | None] = []  # for an article, the number of the article before it (a group or not)
    last_article: int | None = None
    for index in body_indices:
        item = marked_by_line[index]
        article_before = last_article
        if item.level in (Level.GROUP, Level.ITEM) and _ARTICLE.match(item.line.text):
            last_article = item.number
        if item.level is Level.SECTION and document.measure_level is not Level.SECTION:
            section_number = item.number
            group_number = None
            carries_measures = task_section_of[index]
            document.sections.append(
                Section(item.number, _title_of(text, item), (item.line.start, item.line.end), carries_measures)
            )
        elif item.level is Level.GROUP and document.measure_level > Level.GROUP and task_section_of[index]:
            group_number = len(document.groups) + 1
            document.groups.append(
                Group(group_number, item.label, _title_of(text, item), (item.line.start, item.line.end), section_number)
            )
        if item.level is Level.ITEM and _ARTICLE.match(item.line.text):
            group_number = None  # an article with no items of its own stands beside the articles that are groups
        if item.level is document.measure_level and task_section_of[index]:
            pending.append((item, section_number, group_number))
            follows.append(article_before if _ARTICLE.match(item.line.text) else None)
    if pending and all(item.decimal for item, _, _ in pending):
        # Decimal labels (2.1.1, 2.2.1) start again in each group: the measures go by position.
        pending = [(replace(item, number=n), *part) for n, (item, *part) in enumerate(pending, start=1)]

    # A measure ends where the next marked line of its own or a coarser level starts.
    boundaries = [marked_by_line[i] for i in body_indices if marked_by_line[i].level <= document.measure_level]
    boundary_starts = [m.line.start for m in boundaries]
    line_starts = [line.start for line in lines]
    marked_starts = {m.line.start for m in marked_by_line.values()}
    box_spans = [(lines[first].start, lines[last].end) for first, last in boxes if first < body_end]
    stops, swallowed, measure_boxes = [], [], []
    for item, _, _ in pending:
        following = bisect.bisect_right(boundary_starts, item.line.start)
        after = boundaries[following] if following < len(boundaries) else None
        stop = after.line.start if after else (lines[body_end - 1].end if body_end else item.line.end)
        # A box ends the text of the task it follows and is its own.
        own_boxes = tuple(box for box in box_spans if item.line.start < box[0] < stop)
        measure_boxes.append(own_boxes)
        if own_boxes:
            stop = own_boxes[0][0]
        last_of_part = after is None or after.level < document.measure_level
        first_line = bisect.bisect_left(line_starts, item.line.start)
        own_lines = lines[first_line : bisect.bisect_left(line_starts, stop, lo=first_line)]
        stops.append(_measure_stop(own_lines, marked_starts, stop, last_of_part))
        swallowed.extend(_swallowed_warning(text, item, own_lines[1:], marked_starts, document.measure_level))
    closing_lists = _closing_lists(lines, line_starts, pending, stops, document.measure_level)
    for position, list_line in closing_lists.values():
        stops[position] = lines[bisect.bisect_left(line_starts, list_line[0]) - 1].end

    written = [item.number for item, _, _ in pending]
    continuous = all(b > a for a, b in zip(written, written[1:]))
    document.warnings.extend(text.notes)
    document.warnings.extend(_numbering_warnings(text, pending, continuous, follows, document.measure_level))
    document.warnings.extend(swallowed)

    for ordinal, ((item, section, group), stop, own_boxes) in enumerate(zip(pending, stops, measure_boxes), start=1):
        end = _trim_end(text, item.content_start, stop)
        heading_span, body_span = _split_heading(text, item.content_start, end)
        labels_span = _leading_labels(text.normalised, item.content_start, heading_span[0])
        document.measures.append(
            Measure(
                number=item.number if continuous else ordinal,
                label=item.label.rstrip("、.").strip(),
                span=(item.line.start, end),
                heading=text.original[heading_span[0] : heading_span[1]].strip(),
                heading_span=heading_span,
                body=text.original[body_span[0] : body_span[1]],
                body_span=body_span,
                section=section,
                group=group if document.measure_level > Level.GROUP else None,
                labels_span=labels_span,
                boxes=own_boxes,
            )
        )
    # Numbered lines finer than the measures and outside them, in a section that holds
    # measures or naming units (the tasks of a part whose numbering changed style), are named.
    spans = sorted(measure.span for measure in document.measures)
    holding_sections = {measure.section for measure in document.measures}
    section_at: dict[int, int | None] = {}
    current: int | None = None
    for index in body_indices:
        if marked_by_line[index].level is Level.SECTION:
            current = marked_by_line[index].number
        section_at[index] = current
    unread = [
        marked_by_line[index]
        for index in body_indices
        if task_section_of[index]
        and marked_by_line[index].level > document.measure_level
        and not _inside(spans, marked_by_line[index].line.start)
        and (section_at[index] in holding_sections or _assigns(lines, index, marked_by_line))
    ]
    document.warnings.extend(_unread_warning(text, unread))
    # A list of units closing a part on a line of its own is read as the end of the part's heading.
    for (kind, number), (_, list_line) in closing_lists.items():
        if kind == "group":
            document.groups = [
                replace(g, span=(g.span[0], list_line[1])) if g.number == number else g for g in document.groups
            ]
        else:
            document.sections = [
                replace(s, span=(s.span[0], list_line[1])) if s.number == number else s for s in document.sections
            ]
    # Each section runs to the next one, or to the end of the body.
    body_end_offset = lines[body_end - 1].end if body_end else len(text.original)
    document.sections = [
        replace(section, extent=(section.span[0], following.span[0] if following else body_end_offset))
        for section, following in zip(document.sections, [*document.sections[1:], None])
    ]
    # A group that holds no measure (（一）加强组织领导。 under 保障措施) is a paragraph.
    holding = {measure.group for measure in document.measures}
    document.groups = [group for group in document.groups if group.number in holding]
    if document.measure_level is Level.GROUP:
        # Level-2 items are the measures; their level-1 sections are their groups.
        document.groups = [
            Group(s.number, f"{s.number}", s.title, s.span, s.number) for s in document.sections if s.carries_measures
        ]
        document.measures = [replace(m, group=m.section) for m in document.measures]
    return document


def _number_ranges(numbers: list[int]) -> str:
    """``2, 3`` and ``5–9`` for the numbers a run skips: a jump of thousands is one range."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(
        str(low) if low == high else f"{low}, {high}" if high == low + 1 else f"{low}–{high}" for low, high in runs
    )


# How many breaks of a run a warning names, with their lines; the rest are counted.
_NAMED_BREAKS = 5


def _numbering_warnings(
    text: Text,
    pending: list[tuple[_Marked, int | None, int | None]],
    continuous: bool,
    follows: list[int | None],
    level: Level,
) -> list[str]:
    """What the build says when the measure numbers break their run. In one increasing
    run, the numbers it skips. Otherwise the measures are numbered by position, and the
    warning names each number that repeats the one before, goes back, or skips, with its
    line; numbering that starts again at 1 in a new section or group is the genre's way
    (numbered per group) and named as no break. An article goes on from the article before
    it, whether that one is a measure or the group of its own items (``follows``). Where
    the measures are numbered finer than 1. items (（一） under 一、, （1）, ①), numbering
    that only starts again in each part is no break of any kind, and no warning."""
    source = text.source
    written = [item.number for item, _, _ in pending]
    if continuous:
        skipped = [n for a, b in zip(written, written[1:]) for n in range(a + 1, b)]
        return [f"{source}: measure numbers skip {_number_ranges(skipped)}"] if skipped else []
    breaks = []
    for (before, *before_part), (item, *part), previous in zip(pending, pending[1:], follows[1:]):
        previous = before.number if previous is None else previous
        if item.number == previous + 1 or item.number == 1 and part != before_part:
            continue
        if item.number > previous:
            what = f"{_number_ranges(list(range(previous + 1, item.number)))} skipped before {item.number}"
        elif item.number == previous:
            what = f"{item.number} repeated"
        else:
            what = f"{item.number} after {previous}"
        breaks.append((what, item.line.start))
    if not breaks and level is not Level.ITEM:
        return []
    named = [f"{what} at line {text.line_of(offset)}" for what, offset in breaks[:_NAMED_BREAKS]]
    if len(breaks) > _NAMED_BREAKS:
        named.append(f"{len(breaks) - _NAMED_BREAKS} more breaks")
    return [
        f"{source}: measure numbers do not run in one increasing sequence "
        f"({', '.join(item.label for item, _, _ in pending[:12])}…); measures are numbered by position"
        + (f": {'; '.join(named)}" if named else "")
    ]


# Lines numbered as the items of a level, whether or not read as markers: a bare number, a
# glued point, a year-like number or an odd numeral at a line's start looks the same.
_LOOKS_NUMBERED = (
    (Level.SECTION, re.compile(rf"{_CN}\s*[、.]")),
    (Level.GROUP, re.compile(rf"（\s*{_CN}\s*）")),
    (Level.SUBITEM, re.compile(r"（\s*\d+\s*）|\d+\s*）")),
    (Level.ITEM, re.compile(r"\d+\s*[、.]")),
    (Level.ITEM, re.compile(rf"第\s*{_CN}\s*条")),
)
# A measure may hold a line or two that start like one (1.5万人次参加培训); this many is a
# run of measures it swallowed.
_SWALLOWED = 3
# How many of the swallowed lines a warning quotes.
_QUOTED_LINES = 3


def _numbered_as(line: _Line) -> tuple[Level, str] | None:
    """The level a line's numbering looks like, and that numbering as written."""
    for level, pattern in _LOOKS_NUMBERED:
        match = pattern.match(line.text)
        if match:
            return level, match.group(0).strip()
    return None


def _swallowed_warning(
    text: Text, item: _Marked, held: list[_Line], marked_starts: set[int], level: Level
) -> list[str]:
    """A measure never swallows a run of others in silence: whatever kept their markers
    from being read (a layout, a numbering policykg does not know), the lines after its
    first that are numbered like measures and read as no marker are named."""
    numbered = [
        (line, found[1])
        for line in held
        if line.start not in marked_starts and (found := _numbered_as(line)) and found[0] is level
    ]
    if len(numbered) < _SWALLOWED:
        return []
    quoted = ", ".join(f"{label} at line {text.line_of(line.start)}" for line, label in numbered[:_QUOTED_LINES])
    more = ", …" if len(numbered) > _QUOTED_LINES else ""
    return [
        f"{text.source}:{text.line_of(item.line.start)}: measure {item.label.rstrip('、.').strip()} holds "
        f"{len(numbered)} lines numbered like measures ({quoted}{more}); they are read as its text, "
        "not as measures: check their numbering"
    ]


# A paragraph that closes a part rather than continuing its last measure: it speaks to
# everyone (各乡镇（街道）、县直有关部门要…, 全县各级各部门要…) or of the plan itself (本方案…).
_CLOSING_PARAGRAPH = re.compile(
    r"^(?:各|全[省市区县州镇乡]|本(?:实施)?(?:方案|措施|计划|意见|通知|要点)|以上|上述)[^。]{0,80}?"
    r"(?:要|应|须|务必|确保|负责解释|施行|执行)"
)
# … and when the measure has no responsibility line to end at, it says so of all the tasks.
_CLOSING_ALL_TASKS = re.compile(r"各项(?:措施|任务|工作|政策)|本(?:实施)?(?:方案|措施|计划|意见)|落地见效|遵照执行")


# A role or a duty written after a unit's name: 区教育局牵头, 区财政局（配合）, 区民政局负责,
# 甲局、乙局按职责分工负责.
_ROLE_WORDS = re.compile(
    rf"(?:（?牵头）?|（?(?:{alternation(PARTICIPANT_VERBS)})）?|(?:按照?(?:各自)?职责(?:分工)?|分工|结合实际)?(?:负责|落实)|等)$"
)


def _responsibility_line(line: _Line) -> bool:
    """A line that states who does a measure: a labelled list (责任单位：…), a closing
    bracket whose items are units (（县教育局、县财政局）), or a last sentence that gives
    units their roles (由县教育局牵头，县财政局配合)."""
    if RESPONSIBILITY_LABEL.search(line.text):
        return True
    text = line.text.rstrip("。；; ")
    if not text or text[-1] not in LIST_BRACKETS:
        # The clauses that end the line, each a list of units with a role: …，由A牵头，B配合
        sentence = text[text.rfind("。") + 1 :]
        roles = []
        for clause in reversed(re.split(r"[，,；]", sentence)):
            names = [re.sub(r"^由", "", _ROLE_WORDS.sub("", piece)) for piece in clause.split("、")]
            if not all(ends_like_unit(name) for name in names):
                break
            roles.append(bool(_ROLE_WORDS.search(clause)))
        return any(roles)
    inside, depth = "", 0  # the last top-level bracket: walk back to its opening
    closing, opening = text[-1], LIST_BRACKETS[text[-1]]
    for index in range(len(text) - 1, -1, -1):
        depth += {closing: 1, opening: -1}.get(text[index], 0)
        if depth == 0:
            inside = text[index + 1 : -1]
            break
    pieces = [piece for piece in re.split(r"[、，,；]", inside) if piece]
    units = sum(ends_like_unit(_ROLE_WORDS.sub("", piece)) for piece in pieces)
    return bool(pieces) and units * 2 > len(pieces)


def _units_before_text(own_lines: list[_Line], index: int) -> bool:
    """Whether a measure's lines up to ``index`` hold no sentence: its units are written
    before its text (1.加强组织领导（责任单位：…）, or a 牵头单位： line under the heading), so
    the lines after them are the measure's own, however they begin."""
    return all("。" not in line.text.rstrip("。") for line in own_lines[: index + 1])


def _measure_stop(own_lines: list[_Line], marked_starts: set[int], stop: int, last_of_part: bool) -> int:
    """Where a measure ends. Its responsibility line closes it: a heading-like line after
    it (the next task's heading, its number lost with the layout) and whatever follows,
    or at the end of a part the paragraph that closes it, is no part of the measure. A
    last measure with no responsibility line ends before a paragraph that closes the
    part."""
    if len(own_lines) < 2:
        return stop
    responsibility = [index for index, line in enumerate(own_lines) if _responsibility_line(line)]
    for index in responsibility:
        last = index  # the responsibility line, and the deadline fields that follow it (part of the measure)
        while last + 1 < len(own_lines) and ANY_FIELD.match(own_lines[last + 1].text):  # 完成时限：…
            last += 1
        if last + 1 == len(own_lines) or _units_before_text(own_lines, index):
            continue
        trailing = own_lines[last + 1 :]
        if trailing[0].start in marked_starts or last + 1 in responsibility:
            continue  # sub-points, or a second list of units, follow
        if _heading_like(trailing[0]) and "。" not in trailing[0].text:
            return own_lines[last].end  # 责任单位：…\n推进智慧港口建设: another task's heading
        if index == responsibility[-1] and last_of_part and not any(line.start in marked_starts for line in trailing):
            return own_lines[last].end  # the paragraph that closes the part
    if last_of_part and not responsibility:
        for index in range(1, len(own_lines)):
            line = own_lines[index]
            if line.start in marked_starts:
                continue
            if _CLOSING_PARAGRAPH.match(line.text) and _CLOSING_ALL_TASKS.search(line.text):
                return own_lines[index - 1].end
    return stop


def _title_of(text: Text, item: _Marked) -> str:
    heading_span, _ = _split_heading(text, item.content_start, item.line.end)
    return text.original[heading_span[0] : heading_span[1]].strip()


def _trim_end(text: Text, start: int, stop: int) -> int:
    end = stop
    while end > start and text.normalised[end - 1].isspace():
        end -= 1
    return end
