"""Who does each measure: lead (牵头) and participating (责任/配合) units.

The genre writes responsibility in a few ways (docs/genre.md, "Responsibility"):

1. a trailing parenthesis of units, the first being the lead when the document says so
   once ("排第一位为牵头单位，下同");
2. labelled lists, in a parenthesis or not: （牵头单位：区民政局；责任单位：区财政局）;
3. a trailing sentence or line: 责任单位：省发展改革委、省科技厅，各市（州）人民政府。
4. trailing clauses that mark roles inline: 由X牵头，Y、Z配合 / X、Y按职责分工负责 /
   …，各设区市人民政府结合实际落实 — or the same clauses as the first sentence or line of
   the measure's body, before its text (1.标题\nX牵头，Y配合。全年完成…).

A unit's name may hold its own parentheses (区县（市）人民政府, 各县〔市、区〕人民政府, read as
（）), so lists are split only at the top level; it never spans lines and never holds 。，；.
A collective whose 各 distributes over a list (各区、县（市）, 市、县两级人民政府) is one unit;
places listed before a government share it (海口市、三亚市人民政府: two governments). Role
clauses may be written in sentences of their own (甲牵头。乙配合。), and a clause of names
alone between two of them (甲牵头，乙、丙，丁配合) does what the clause after it says.
Nothing is invented: a list with no stated lead has no lead; several units marked 牵头 are
co-leads; a vague collective (各有关单位, 省直有关部门) beside named units is kept as a
participant marked vague, and alone it makes the measure "vague". A candidate that cannot
be a unit's name (a verb phrase, a sentence) is kept aside as suspicious, never as a unit.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from enum import Enum

from kg.lexicon import (
    COLLECTIVE_NOUNS,
    LEVEL_WORDS,
    LIST_NOISE,
    PARTICIPANT_VERBS,
    ROLE_LEAD,
    ROLE_NOUNS,
    ROLE_PARTICIPANT,
    VAGUE_PHRASES,
    VAGUE_QUALIFIERS,
    alternation,
    label_as_meant,
)
from kg.names import (
    ANY_FIELD,
    DEADLINE_CLAUSE,
    LIST_BRACKETS,
    RESPONSIBILITY_LABEL,
    VAGUE_COLLECTIVE,
    distributes,
    ends_like_unit,
    names_a_place,
    shared_government,
    unit_name,
    why_not_a_unit,
)
from kg.structure import Document, Measure, Span


class Role(str, Enum):
    LEAD = "lead"  # 牵头单位
    PARTICIPANT = "participant"  # 责任单位 / 配合单位 / 参与单位


class ResponsibilityFormat(str, Enum):
    UNIT_LIST = "unit-list"  # （区教育局、区财政局）
    LABELLED = "labelled"  # 牵头单位：…；责任单位：…
    NONE = "none"


class LeadBasis(str, Enum):
    """Why a unit is (or is not) the lead."""

    FIRST_IS_LEAD_RULE = "first-is-lead-rule"  # the document states that the first unit leads
    LABEL = "label"  # 牵头单位： or an inline 牵头
    CHARGED = "charged"  # 甲负责，乙配合: the unit charged with the task beside units that assist
    NONE = "none"  # no lead is stated


class Status(str, Enum):
    ASSIGNED = "assigned"  # at least one lead unit
    NO_LEAD = "no-lead"  # units, none of them named lead
    VAGUE = "vague"  # only wording like 各有关部门按职责分工负责
    UNASSIGNED = "unassigned"  # nobody named


@dataclass(frozen=True)
class UnitMention:
    name: str  # as written in the original text
    span: Span
    role: Role
    position: int  # 1-based place in the measure's list, in written order
    label: str | None  # the label it stood under (责任单位), if any
    vague: bool = False  # a collective that names no particular body (各有关单位)


@dataclass(frozen=True)
class SuspiciousUnit:
    """Text read where a unit's name stands that cannot be one (a verb phrase, a sentence):
    reported for a reader to check, never kept as a unit."""

    text: str  # as written in the original
    span: Span
    reason: str  # why_not_a_unit's answer: "reads as a verb phrase", "spans lines" …


@dataclass(frozen=True)
class Responsibility:
    measure: int
    format: ResponsibilityFormat
    lead_basis: LeadBasis
    status: Status
    clause_span: Span | None
    units: tuple[UnitMention, ...]
    vague_text: str | None = None
    problem: str | None = None  # what a reader should check in the text, e.g. unbalanced brackets
    suspicious: tuple[SuspiciousUnit, ...] = ()
    # Where the clause is several lists, one after each point or clause of the measure:
    # their spans (the text between them says what the points do).
    list_spans: tuple[Span, ...] = ()

    @property
    def list_text_spans(self) -> tuple[Span, ...]:
        """The spans that name units: the lists, else the whole clause."""
        return self.list_spans or ((self.clause_span,) if self.clause_span else ())

    @property
    def leads(self) -> list[UnitMention]:
        return [unit for unit in self.units if unit.role is Role.LEAD]

    @property
    def participants(self) -> list[UnitMention]:
        return [unit for unit in self.units if unit.role is Role.PARTICIPANT]


# --- the genre's wording -------------------------------------------------------------

_LABEL = RESPONSIBILITY_LABEL  # 牵头单位： 责任单位： … (kg.names: structure reads it too)
_LEAD_LABEL = re.compile(rf"^(?:{alternation(ROLE_LEAD)})")
# "排第一位为牵头单位", "排在第一位的为牵头单位", "第一个单位为牵头单位", "列首位的为牵头部门" …
_FIRST_IS_LEAD = re.compile(
    # The lookahead on the first characters lets the regex engine pass over a plan quickly.
    r"(?=[排列位在第首牵])(?:(?:排|列|位)?(?:在)?(?:第一|首)(?:位|个)?(?:的)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
    r"|牵头(?:单位|部门)(?:排|列)(?:在)?(?:第一|首)位)"
)
_ONWARDS = re.compile(r"下同|以下")
# Wording that assigns a measure to nobody in particular (the whole last sentence).
_VAGUE = re.compile(
    rf"^(?:各)?(?:{alternation(VAGUE_QUALIFIERS)})(?:{alternation(COLLECTIVE_NOUNS)})|^各(?:部门|单位)"
    rf"|{alternation(VAGUE_PHRASES)}"
)
# A role written after a unit's name: 区教育局牵头, 区财政局（配合）, 区民政局为配合单位.
# In any bracket, with its noun or not: 区卫健委（牵头单位）, 区水利局〔牵头〕, 区财政局【配合】.
_MARK_OPEN, _MARK_CLOSE = r"[（(〔【［\[]\s*", rf"\s*(?:{alternation(ROLE_NOUNS)})?\s*[）)〕】］\]]"
_INLINE_LEAD = re.compile(
    rf"(?:{_MARK_OPEN}(?:{alternation(ROLE_LEAD)}){_MARK_CLOSE}|负责牵头|牵头负责|(?:共同|联合|双)牵头"
    rf"|为(?:{alternation(ROLE_LEAD)})(?:{alternation(ROLE_NOUNS)})|牵头|主抓|会同)$"
)
# 积极配合, 主动参与: an adverb before the verb.
_INLINE_PARTICIPANT = re.compile(
    rf"(?:{_MARK_OPEN}(?:{alternation(PARTICIPANT_VERBS)}){_MARK_CLOSE}"
    rf"|(?:积极|主动|全力|共同|密切|协同)?(?:{alternation(PARTICIPANT_VERBS)})"
    rf"|为(?:{alternation(ROLE_PARTICIPANT)})(?:{alternation(ROLE_NOUNS)}))$"
)
# What a unit does, written after its name: X、Y按职责分工负责; …，各设区市人民政府结合实际落实.
# It marks the names before it as the measure's units, with no lead.
_DUTY = re.compile(
    r"(?:要|应|须)?(?:负责)?(?:按照?(?:各自)?职责(?:分工)?|结合(?:本地)?实际|根据(?:工作)?职责|分工|共同|具体|认真|切实|抓好)?"
    r"(?:负责(?:落实|实施|推进|组织实施)?|落实|实施|组织实施|组织落实|推进实施|抓好落实|推进|统筹(?:推进|协调)?)$"
)
# A duty that charges its units with the task, where others only assist: 区粮食局负责，区农委配合
# (not 按职责分工负责, 结合实际落实: the work shared out).
_CHARGED = re.compile(r"(?:要|应|须)?(?:具体)?(?:负责(?:落实|实施|推进|组织实施)?|组织实施|统筹(?:推进|协调)?)$")
# A duty to carry the task out: 落实, 具体落实, 抓好落实, 组织落实, 具体实施, 负责实施. After a
# clause whose units are charged with the task (甲局负责，乙局落实) its units take part. Not
# 结合实际落实 nor 按职责分工落实: the work adapted or shared out, as 按职责分工负责 shares it.
_IMPLEMENTS = re.compile(r"(?:要|应|须)?(?:负责)?(?:具体|认真|切实)?(?:负责|抓好|组织)?(?:落实|实施)$")
# What opens a clause before the unit it names: 由, 此项工作由, 该项任务由, 上述各项任务均由.
_BY = re.compile(r"(?:(?:此|该|本|上述|以上)(?:各|所有)?项?(?:工作|任务|措施)?(?:均|都)?)?由")
_SEPARATORS = "、，,；"
_GROUP_SEPARATORS = "，,；;\n"
_CLOSE_TRAIL = "。；;，, \n"
_OPENING_BRACKETS = frozenset(LIST_BRACKETS.values())


def split_top_level(text: str, offset: int, separators: str = _SEPARATORS) -> list[tuple[str, int]]:
    """Split at separators outside parentheses — unit names keep their own brackets
    (区县（市）人民政府, 各县〔市、区〕人民政府); return (piece, absolute start) pairs."""
    pieces, depth, start = [], 0, 0
    for mark in _marks(separators).finditer(text):
        char, index = mark.group(), mark.start()
        if char in "（〔":
            depth += 1
        elif char in "）〕":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append((text[start:index], offset + start))
            start = index + 1
    pieces.append((text[start:], offset + start))
    return pieces


@functools.cache
def _marks(separators: str) -> re.Pattern[str]:
    """The characters ``split_top_level`` looks at: brackets and ``separators``."""
    return re.compile(f"[（）〔〕{re.escape(separators)}]")


def _trailing_parenthesis(text: str, start: int, end: int) -> Span | None:
    """The span inside the balanced （…） (or 【…】, ［…］) that ends the range, if any."""
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    if stop <= start or text[stop - 1] not in LIST_BRACKETS:
        return None
    closing = text[stop - 1]
    opening = LIST_BRACKETS[closing]
    depth = 0
    for index in range(stop - 1, start - 1, -1):
        if text[index] == closing:
            depth += 1
        elif text[index] == opening:
            depth -= 1
            if depth == 0:
                return (index + 1, stop - 1)
    return None


@dataclass
class _Piece:
    name: str
    span: Span
    inline_role: Role | None
    duty: bool = False  # a duty phrase followed the name (按职责分工负责, 结合实际落实)
    charged: bool = False  # the duty was plain 负责 (区粮食局负责), no sharing out
    implements: bool = False  # the duty was to carry the task out (落实, 具体落实, 负责实施)
    group: int = 0  # where the clause of the list it stands in starts (甲局负责，乙局落实: two clauses)
    # The government word a place shares with the last of its list (海口市、三亚市人民政府:
    # 海口市 shares 人民政府): where it is written.
    shared: Span | None = None


@dataclass
class _Reading:
    """What a list of units says: its units, the vague collectives and the suspicious
    candidates among them, in written order."""

    units: list[_Piece]
    vague: list[_Piece]
    suspicious: list[SuspiciousUnit]

    @property
    def marked(self) -> bool:
        """Whether any item carries a role or a duty phrase."""
        return any(piece.inline_role or piece.duty for piece in (*self.units, *self.vague))


def _clean(raw: str, start: int) -> _Piece | None:
    """Trim a list item to the unit's name, noting an inline 牵头/配合 mark or a duty phrase."""
    trimmed = _trim(raw)
    if trimmed is None:
        return None
    lead_trim, name, role, duty, charged, implements = trimmed
    start += lead_trim
    # 县 人民检察院: one name a space broke (a line's end in a PDF, a table cell's wrap).
    return _Piece(unit_name(_INNER_SPACE.sub("", name)), (start, start + len(name)), role, duty, charged, implements)


@functools.lru_cache(maxsize=4096)
def _trim(raw: str) -> tuple[int, str, Role | None, bool, bool, bool] | None:
    """``_clean``'s reading of an item, wherever it stands: where the name starts in it,
    the name, its inline role, whether a duty phrase followed, whether that duty was a
    plain 负责 and whether it was to carry the task out (落实, 具体实施). Plans write the same
    items (区财政局, 各有关单位) again and again."""
    name = raw
    # 由X牵头, 此项工作由X负责; 和 / 及 / 与 are left: 和平区, 及 rarely, start a unit's name.
    lead_trim = len(name) - len(name.lstrip(" \n【［["))
    if by := _BY.match(name, lead_trim):
        lead_trim = by.end()
    name = name[lead_trim:]
    name = name.rstrip(" \n。")
    # The bracket that closes the list: 1.标题（责任单位：甲、乙）, 【牵头单位：甲；责任单位：乙】
    while name and name[-1] in LIST_BRACKETS and name.count(name[-1]) > name.count(LIST_BRACKETS[name[-1]]):
        name = name[:-1].rstrip()
    role, duty, charged, implements = None, False, False, False
    # Trim from the end: noise (等部门), then a duty (落实, 负责具体实施) and a role (牵头,
    # 为配合单位) in either order — 区民政局牵头落实, 区卫健委负责牵头.
    for _ in range(2):
        while (match := LIST_NOISE.search(name)) and match.start() > 0:
            name = name[: match.start()].rstrip()
        for pattern, found_role in ((_INLINE_LEAD, Role.LEAD), (_INLINE_PARTICIPANT, Role.PARTICIPANT)):
            match = pattern.search(name)
            if role is None and match and match.start() > 0 and _marks_a_unit(name, match):
                name, role = name[: match.start()].rstrip(), found_role
                break
        if (match := _DUTY.search(name)) and match.start() > 0 and _marks_a_unit(name, match):
            charged = charged or bool(_CHARGED.fullmatch(match.group()))
            implements = implements or bool(_IMPLEMENTS.fullmatch(match.group()))
            name, duty = name[: match.start()].rstrip(), True
    # 县政府副县长王五牵头: the person leads for the body named before the title.
    if (person := _PERSON.search(name)) and person.start() > 0 and ends_like_unit(name[: person.start()]):
        name = name[: person.start()]
    if not name:
        return None
    return lead_trim, name, role, duty, charged, implements


# Verbs that end everyday phrases as well as lists (家庭教育指导, 加强统筹协调, 政策支持): they
# mark a unit only after a name that ends like one.
_WEAK_MARK = re.compile(r"(?:积极|主动|全力|共同|密切|协同)?(?:指导|督导|支持|统筹)")


def _marks_a_unit(name: str, match: re.Match[str]) -> bool:
    return not _WEAK_MARK.match(match.group()) or ends_like_unit(name[: match.start()].rstrip())


def _unit_like(name: str) -> bool:
    return ends_like_unit(name) and why_not_a_unit(name) is None


# Spaces between two characters of a list item.
_INNER_SPACE = re.compile(r"(?<=\S)[ \u3000\t]+(?=\S)")


# A leader's title and name after the body they lead for: 县政府副县长王五, 甲局局长.
_PERSON = re.compile(
    r"(?:副)?(?:省长|市长|县长|区长|州长|镇长|乡长|书记|主任|局长|部长|厅长|主席|秘书长)[\u4e00-\u9fff]{0,3}$"
)
# Marks typed between two units where 、 was meant: 县发改局/县财政局, 县发改局．县人民银行.
_STRAY_SEPARATOR = re.compile(r"[/／．.]")
# Words that join two units: 县发改局和县财政局, 县民政局及县卫健局.
_JOINER = re.compile(r"(?<=\S)(?:以及|和|及|与)(?=\S)")
# 县发改局会同县财政局: the first leads, and 会同 stays with it for ``_trim`` to read as its mark.
_TOGETHER_WITH = re.compile(r"(?<=\S)会同(?=\S)")
# A place's name, or a level word, at the end of the words before a joiner: 市住房和城乡建设局 and
# 县农业农村和水利局 are each one name.
_ENDS_WITH_PLACE = re.compile(rf"(?:{alternation(LEVEL_WORDS)})$")


def _split_spaced(raw: str, at: int) -> list[tuple[str, int]]:
    """An item whose space-separated parts each name a unit in three characters or more is a
    list written with spaces (县发改局 县自然资源局 县生态环境分局, as PDFs and table cells
    give it); any other item stays one (县 人民检察院, 县委 宣传部: ``_clean`` closes the gap).
    So is one whose parts between slashes or points (县发改局/县财政局) each name a unit;
    units joined by 会同, 和, 及 or 与 are split as ``_split_joined`` says."""
    gaps = [(gap.start(), gap.end()) for gap in _INNER_SPACE.finditer(raw)]
    if not gaps:
        gaps = [(gap.start(), gap.end()) for gap in _STRAY_SEPARATOR.finditer(raw)]
    if not gaps:
        return _split_joined(raw, at)
    parts, cursor = [], 0
    for gap_start, gap_end in gaps:
        parts.append((raw[cursor:gap_start], at + cursor))
        cursor = gap_end
    parts.append((raw[cursor:], at + cursor))
    if not all(_names_a_unit(part) for part, _ in parts):
        return [(raw, at)]
    return parts


def _names_a_unit(part: str) -> bool:
    """Whether a part of an item names a unit (or a vague collective) in three characters or more."""
    trimmed = _trim(part)
    return trimmed is not None and len(trimmed[1]) >= 3 and (_unit_like(trimmed[1]) or _name_reading(trimmed[1])[1])


# The most characters a part of a joined item may hold: a name (40 at most, see
# ``why_not_a_unit``) and the words around it (由, 牵头, 按职责分工负责). Longer text names no
# unit, and is not read again at each joiner.
_LONGEST_PART = 64


def _split_joined(raw: str, at: int) -> list[tuple[str, int]]:
    """Units joined by words: 甲会同乙 is split after 会同 where both sides name units, each side
    then split at 和, 及 or 与 (``_split_and``) — so 市劳动和社会保障局会同市人事局 is two units,
    the first leading, and no unit's name holds 会同 where its sides name units."""
    for match in _TOGETHER_WITH.finditer(raw):
        if match.end() > _LONGEST_PART:
            break
        first, rest = raw[: match.end()], raw[match.end() :]
        if _names_a_unit(first) and _names_a_unit(rest):
            return _split_and(first, at) + _split_joined(rest, at + match.end())
    return _split_and(raw, at)


def _split_and(raw: str, at: int) -> list[tuple[str, int]]:
    """县教育局和县财政局, 县民政局及县卫健局: split at a joiner where the words before it (from the
    last split) name a unit that ends like an organ, not like a place — 和 inside a
    department's name (市住房和城乡建设局, 市人力资源和社会保障局, 县农业农村和水利局) follows
    words that name none — and the words after the last split name a unit too."""
    parts, cursor = [], 0
    for match in _JOINER.finditer(raw):
        if match.start() - cursor > _LONGEST_PART:
            break
        before = raw[cursor : match.start()]
        trimmed = _trim(before)
        if trimmed and _names_a_unit(before) and not _ENDS_WITH_PLACE.search(trimmed[1]):
            parts.append((before, at + cursor))
            cursor = match.end()
    if not parts or not _names_a_unit(raw[cursor:]):
        return [(raw, at)]
    return [*parts, (raw[cursor:], at + cursor)]


def _join_collectives(items: list[tuple[str, int]], text: str) -> list[tuple[str, int]]:
    """各区、县（市） / 各市、县人民政府 / 各县、市、区人民政府 / 市、县两级人民政府配合: a piece
    that is only a level word (or a run of them) distributes over the piece after it, so
    they are one unit. Pieces are compared without the role or duty written after them."""
    joined: list[tuple[str, int]] = []
    for raw, at in items:
        if joined:
            previous, previous_at = joined[-1]
            before, this = _clean(previous, previous_at), _clean(raw, at)
            if before and this and distributes(before.name, this.name):
                joined[-1] = (text[previous_at : at + len(raw)], previous_at)
                continue
        joined.append((raw, at))
    return joined


def _read_list(text: str, start: int, end: int) -> _Reading:
    """Units, vague collectives and suspicious candidates of a list, in order. The list's own
    punctuation separates groups (区发改委牵头，区财政局、区教育局配合): an inline role or a
    duty phrase applies to its group. A line break always ends a group."""
    reading = _Reading([], [], [])
    for group, group_start in split_top_level(text[start:end], start, _GROUP_SEPARATORS):
        listed = [part for raw, at in split_top_level(group, group_start, "、") for part in _split_spaced(raw, at)]
        raw_items = _join_collectives(listed, text)
        items = [item for raw, at in raw_items if (item := _clean(raw, at))]
        _share_government(items)
        group_role = items[-1].inline_role if items else None
        group_duty = items[-1].duty if items else False
        group_charged = items[-1].charged if items else False
        for item in items:
            item.group = group_start
            deadline, vague, reason = _name_reading(item.name)
            if deadline:
                continue  # 责任单位：A、B，2025年6月底前完成: when, not who
            if item.inline_role is None and group_role is not None:
                item.inline_role = group_role
            item.duty = item.duty or group_duty
            item.charged = item.charged or group_charged
            if vague:
                reading.vague.append(item)
                continue
            if reason:
                reading.suspicious.append(SuspiciousUnit(item.name, item.span, reason))
                continue
            reading.units.append(item)
    return reading


def _share_government(items: list[_Piece]) -> None:
    """海口市、三亚市人民政府配合: the places listed straight before the last item share its
    government word, so each names its own government (海口市人民政府) — where each is a
    place's name alone with no role of its own (``kg.names.shared_government``); a
    department before them (省财政厅、海口市、三亚市人民政府) keeps its name."""
    first = len(items) - 1
    while (
        first > 0
        and not (items[first - 1].inline_role or items[first - 1].duty)
        and names_a_place(items[first - 1].name)
    ):
        first -= 1
    government = shared_government([item.name for item in items[first:]])
    if government is None:
        return
    last_end = items[-1].span[1]
    for item in items[first:-1]:
        item.name += government
        item.shared = (last_end - len(government), last_end)


@functools.lru_cache(maxsize=4096)
def _name_reading(name: str) -> tuple[bool, bool, str | None]:
    """What an item of a list names: a deadline, a vague collective, or else a unit — with
    the reason it cannot be one (``why_not_a_unit``). Plans write the same names again and
    again."""
    if DEADLINE_CLAUSE.match(name):
        return True, False, None
    if VAGUE_COLLECTIVE.match(name) or _VAGUE.search(name) and not ends_like_unit(name):
        return False, True, None
    return False, False, why_not_a_unit(name)


def _rules(document: Document) -> list[tuple[int, bool]]:
    """Each statement of the first-is-lead rule: (offset, applies to what follows)."""
    text = document.text.normalised
    rules = []
    for match in _FIRST_IS_LEAD.finditer(text):
        window = text[max(match.start() - 20, 0) : match.end() + 8]
        rules.append((match.start(), bool(_ONWARDS.search(window))))
    return rules


def _under_rule(measure: Measure, rules: list[tuple[int, bool]]) -> bool:
    start, end = measure.span
    return any(start <= at < end or (onwards and at < end) for at, onwards in rules)


def _unbalanced_tail(text: str, start: int, end: int) -> Span | None:
    """The unit list of a last sentence whose brackets do not balance: after an opening
    bracket that is never closed (…。（区教育局、区财政局), or before a closing bracket that
    was never opened (…。区教育局、区财政局）)."""
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    sentence_start = max(text.rfind("。", start, stop) + 1, start)
    unmatched_open, unmatched_close = [], False
    for index in range(sentence_start, stop):
        if text[index] == "（":
            unmatched_open.append(index)
        elif text[index] == "）":
            if unmatched_open:
                unmatched_open.pop()
            else:
                unmatched_close = True
    if unmatched_open:
        return (unmatched_open[0] + 1, stop)
    if unmatched_close and stop > sentence_start and text[stop - 1] == "）":
        return (sentence_start, stop - 1)
    return None


@dataclass(frozen=True)
class _Item:
    """One item of a measure's responsibility list, before roles are settled."""

    piece: _Piece
    label: str | None  # the label it stood under (责任单位), if any
    label_role: Role | None  # the role its label gives
    vague: bool


def _items(reading: _Reading, label: str | None = None, label_role: Role | None = None) -> list[_Item]:
    pieces = sorted([(p, False) for p in reading.units] + [(p, True) for p in reading.vague], key=lambda x: x[0].span)
    return [_Item(piece, label, label_role, vague) for piece, vague in pieces]


def _segment_end(text: str, label_end: int, limit: int) -> int:
    """A labelled list runs to the next label (``limit``), or ends earlier at a line break,
    at a 。 (unit names never span either), at another field (完成时限：…) or just after the
    bracket that closes the list where text goes on after it (…【责任单位：甲、乙】引导…)."""
    field = ANY_FIELD.search(text, label_end, limit)
    stops = [text.find("\n", label_end, limit), text.find("。", label_end, limit), field.start() if field else -1]
    stop = min((at for at in stops if at != -1), default=limit)
    depth = 0
    for index in range(label_end, stop):
        char = text[index]
        if char in _OPENING_BRACKETS:
            depth += 1
        elif char in LIST_BRACKETS:
            if depth == 0:
                return index + 1
            depth -= 1
    return stop


def _labelled(text: str, start: int, end: int) -> tuple[list[_Item], list[SuspiciousUnit], int]:
    """The items of every labelled list in ``text[start:end]``, what was suspicious among
    them, and where the last list ends."""
    labels = list(_LABEL.finditer(text, start, end))
    items: list[_Item] = []
    suspicious: list[SuspiciousUnit] = []
    last_end = start
    for index, label in enumerate(labels):
        limit = labels[index + 1].start() if index + 1 < len(labels) else end
        segment_end = _segment_end(text, label.end(), limit)
        name = label.group(1)
        role = Role.LEAD if _LEAD_LABEL.match(label_as_meant(name)) else Role.PARTICIPANT
        reading = _read_list(text, label.end(), _strip_rule(text, label.end(), segment_end))
        items += _items(reading, name, role)
        suspicious += reading.suspicious
        last_end = segment_end
    while last_end > start and text[last_end - 1] in _CLOSE_TRAIL:
        last_end -= 1
    return items, suspicious, last_end


def _leads(item: _Item) -> bool:
    return item.piece.inline_role is Role.LEAD or item.piece.inline_role is None and item.label_role is Role.LEAD


def _compose(
    document: Document,
    measure: Measure,
    format: ResponsibilityFormat,
    clause: Span,
    items: list[_Item],
    suspicious: list[SuspiciousUnit],
    first_is_lead: bool,
    vague_text: str | None = None,
) -> Responsibility:
    """Settle the roles of a measure's items: a 牵头 label or mark makes a lead (several
    are co-leads); else the plan's first-is-lead rule makes the first named unit the lead;
    else nobody leads. Vague collectives take part beside named units; alone, they make
    the measure vague. Where nothing marks a lead, units charged with the task by a plain
    负责 beside units that only assist (甲负责，乙配合) or only carry it out in a clause after
    them (甲负责，乙落实 / 乙具体实施) lead it."""
    named = [item for item in items if not item.vague]
    marked_lead = any(_leads(item) for item in named)
    charged: list[_Item] = []
    if not marked_lead and not first_is_lead:
        charged = [item for item in named if item.piece.charged and item.piece.inline_role is None]
        # Units that carry the task out in a clause after the first charged (甲负责，乙落实).
        carrying_out = {
            id(item)
            for item in named
            if charged and item.piece.implements and item.piece.group > charged[0].piece.group
        }
        charged = [item for item in charged if id(item) not in carrying_out]
        if not carrying_out and not any(item.piece.inline_role is Role.PARTICIPANT for item in named):
            charged = []
    leading = {id(item) for item in charged}
    units: list[UnitMention] = []
    original = document.text.original
    if named:
        for item in items:
            role = Role.PARTICIPANT
            if not item.vague:
                role = item.piece.inline_role or item.label_role or Role.PARTICIPANT
                if not marked_lead and first_is_lead and item is named[0] or id(item) in leading:
                    role = Role.LEAD
            start, stop = item.piece.span
            written = original[start:stop]
            if item.piece.shared:
                written += original[item.piece.shared[0] : item.piece.shared[1]]
            units.append(UnitMention(unit_name(written), item.piece.span, role, len(units) + 1, item.label, item.vague))
    basis = (
        LeadBasis.LABEL
        if marked_lead
        else LeadBasis.FIRST_IS_LEAD_RULE
        if first_is_lead and named
        else LeadBasis.CHARGED
        if charged
        else LeadBasis.NONE
    )
    vague_names = "、".join(original[i.piece.span[0] : i.piece.span[1]] for i in items if i.vague)
    vague_text = vague_text or vague_names or None
    if any(unit.role is Role.LEAD for unit in units):
        status = Status.ASSIGNED
    elif units:
        status = Status.NO_LEAD
    else:
        status = Status.VAGUE if vague_text else Status.UNASSIGNED
        basis = LeadBasis.NONE
    quoted = tuple(SuspiciousUnit(original[s.span[0] : s.span[1]], s.span, s.reason) for s in suspicious)
    return Responsibility(measure.number, format, basis, status, clause, tuple(units), vague_text, suspicious=quoted)


def _strip_rule(text: str, start: int, end: int) -> int:
    """End of the unit list once a trailing rule statement (…，排第一位为牵头单位，下同, or
    in its own bracket: …（排第一位的为牵头单位，下同）) is cut."""
    match = _FIRST_IS_LEAD.search(text, start, end)
    if not match:
        return end
    cut = match.start()
    while cut > start and text[cut - 1] in "（(【［[〔，,；; ":
        cut -= 1
    return cut


def _bracket_clause(text: str, inside: Span) -> Span:
    """The clause of a bracketed list: its inside and its brackets, where they are written."""
    clause_start = inside[0] - 1 if inside[0] > 0 and text[inside[0] - 1] in LIST_BRACKETS.values() else inside[0]
    clause_end = inside[1] + 1 if inside[1] < len(text) and text[inside[1]] in LIST_BRACKETS else inside[1]
    return (clause_start, clause_end)


def _parenthesis_reading(
    text: str, inside: Span
) -> tuple[ResponsibilityFormat, list[_Item], list[SuspiciousUnit]] | None:
    """What the bracketed span ``inside`` says — its format, items and suspicious candidates —
    or None when it names no units."""
    if _LABEL.search(text, inside[0], inside[1]):
        items, suspicious, _ = _labelled(text, inside[0], inside[1])
        return ResponsibilityFormat.LABELLED, items, suspicious
    reading = _read_list(text, inside[0], _strip_rule(text, inside[0], inside[1]))
    unit_like = sum(_unit_like(piece.name) for piece in reading.units)
    if reading.units and unit_like * 2 >= len(reading.units) + len(reading.suspicious):
        return ResponsibilityFormat.UNIT_LIST, _items(reading), reading.suspicious
    if reading.vague and not reading.units and not reading.suspicious:
        return ResponsibilityFormat.NONE, _items(reading), []
    return None


def _from_parenthesis(
    document: Document, measure: Measure, text: str, inside: Span, first_is_lead: bool
) -> Responsibility | None:
    """Responsibility read from the bracketed span ``inside``, or None when it names no units."""
    found = _parenthesis_reading(text, inside)
    if found is None:
        return None
    format, items, suspicious = found
    return _compose(document, measure, format, _bracket_clause(text, inside), items, suspicious, first_is_lead)


# A unit's name that opens with its level: 市住建局, 各乡镇人民政府.
_LEVELLED = re.compile(rf"各?(?:{alternation(LEVEL_WORDS)})")
# A bracket that closes a clause or a line: what a list of units after each clause ends with.
_CLAUSE_END_BRACKET = re.compile(rf"[{re.escape(''.join(LIST_BRACKETS))}](?=[ \t]*(?:[；;，,。\n]|$))")


def _from_points(
    document: Document, measure: Measure, text: str, last: Span, first_is_lead: bool
) -> Responsibility | None:
    """A measure whose points or clauses each end with their own list (①…（责任单位：甲、乙）
    / ②…（责任单位：甲）; 改造学校20所（甲、乙），配备校车30辆（甲、丙）): every unit the lists
    name, once, in written order — a unit that leads a point leads the measure. None unless
    two lists or more so end a line or a clause, the last of them the measure's trailing
    list ``last``."""
    start, end = measure.text_span
    readings = []
    for closing in _CLAUSE_END_BRACKET.finditer(text, start, last[0]):
        line_start = max(text.rfind("\n", start, closing.start()) + 1, start)
        inside = _trailing_parenthesis(text, line_start, closing.start() + 1)
        if inside and inside[1] < last[0] and not _inside_labelled_clause(text, line_start, inside[0] - 1):
            found = _parenthesis_reading(text, inside)
            named = [item.piece.name for item in found[1] if not item.vague] if found else []
            # Inside a line, a bracket of plain names is a list of units only where one of
            # them names its level (市住建局): 支持龙头企业（集团公司）发展 names none, and
            # 区县（市） narrows a name.
            after = text[closing.end() : min(closing.end() + 8, end)].lstrip(" \t。；;，,")
            at_line_end = after[:1] in ("\n", "")
            if named and (
                at_line_end
                or found[0] is ResponsibilityFormat.LABELLED
                or any(len(name) > 2 and _LEVELLED.match(name) for name in named)
            ):
                readings.append((inside, found))
    if not readings:
        return None
    found = _parenthesis_reading(text, last)
    if found is None:
        return None
    readings.append((last, found))
    by_name: dict[str, _Item] = {}
    suspicious: list[SuspiciousUnit] = []
    for _, (_, items, point_suspicious) in readings:
        suspicious += point_suspicious
        for item in items:
            first = by_name.setdefault(item.piece.name, item)
            if first is not item and item.label_role is Role.LEAD and first.label_role is not Role.LEAD:
                by_name[item.piece.name] = replace(first, label_role=Role.LEAD)
    formats = {format for _, (format, _, _) in readings}
    format = (
        ResponsibilityFormat.LABELLED if ResponsibilityFormat.LABELLED in formats else ResponsibilityFormat.UNIT_LIST
    )
    clause = (_bracket_clause(text, readings[0][0])[0], _bracket_clause(text, last)[1])
    found = _compose(document, measure, format, clause, list(by_name.values()), suspicious, first_is_lead)
    return replace(found, list_spans=tuple(_bracket_clause(text, inside) for inside, _ in readings))


def _inside_labelled_clause(text: str, start: int, at: int) -> bool:
    """Whether ``at`` stands in a labelled list (责任单位：…) begun in the same sentence and
    not closed before it: 责任单位：…、各乡镇（街道）, but not …（责任单位：甲、乙）；…（丙、丁）."""
    sentence_start = max(text.rfind("。", start, at) + 1, start)
    labels = list(_LABEL.finditer(text, sentence_start, at))
    return bool(labels) and _segment_end(text, labels[-1].end(), at + 1) > at


def _first_of_final_labels(text: str, labels: list[re.Match]) -> re.Match:
    """The first label of the run of labelled segments that ends the measure: segments may
    each end with 。 (牵头单位：市民政局。\n配合单位：…。), but a sentence of other text
    between two labels ends the run."""
    first = labels[-1]
    for previous in reversed(labels[:-1]):
        segment = text[previous.end() : first.start()]
        if field := ANY_FIELD.search(segment):
            segment = segment[: field.start()]  # 牵头单位：甲\n责任领导：张三\n配合单位：乙
        segment = segment.rstrip(_CLOSE_TRAIL)
        if "。" in segment or "\n" in segment:
            break  # a sentence, or a line of other text, stands between the two lists
        first = previous
    return first


def _trailing_clauses(
    document: Document, measure: Measure, text: str, start: int, end: int, first_is_lead: bool
) -> Responsibility | None:
    """The clauses that end the last sentence when each names units and says what they do:
    由A牵头，B、C配合 / A、B按职责分工负责 / …，各设区市人民政府结合实际落实 — and the sentences
    before it that are wholly such clauses (A牵头。B、C配合。)."""
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    sentence_start = max(text.rfind("。", start, stop) + 1, start)
    readings, clause_start, clause_end, whole = _unit_clauses(text, sentence_start, stop, True)
    while readings and whole and sentence_start > start:
        # The sentence before, if every clause of it names units and says what they do.
        previous_stop = sentence_start - 1
        previous_start = max(text.rfind("。", start, previous_stop) + 1, start)
        earlier, earlier_start, _, earlier_whole = _unit_clauses(text, previous_start, previous_stop, False)
        if not earlier_whole or not any(reading.units for reading in earlier):
            break
        readings = earlier + readings
        clause_start, sentence_start, whole = earlier_start, previous_start, earlier_whole
    if not readings:
        return None
    while clause_start < stop and text[clause_start].isspace():
        clause_start += 1
    items = [item for reading in readings for item in _items(reading)]
    has_named = any(not item.vague for item in items)
    clause = (clause_start, clause_end)
    if not has_named:
        return _compose(
            document,
            measure,
            ResponsibilityFormat.NONE,
            clause,
            items,
            [],
            False,
            vague_text=document.text.original[clause_start:clause_end],
        )
    return _compose(document, measure, ResponsibilityFormat.UNIT_LIST, clause, items, [], first_is_lead)


def _leading_clauses(document: Document, measure: Measure, text: str, first_is_lead: bool) -> Responsibility | None:
    """The responsibility statement written before the measure's text: the first sentence
    or line of its body when every clause of it names units and says what they do (甲局牵头，
    乙局配合。全年完成… / 由甲局负责，乙局具体落实\n…), with the sentences straight after it
    that are wholly such clauses too (甲局牵头。乙局配合。…). A sentence that only opens with
    a unit (甲局要加大投入) is none."""
    at, end = measure.body_span[0], measure.span[1]
    readings: list[_Reading] = []
    clause: Span | None = None
    next_stop = {"。": -1, "\n": -1}  # where each ends a sentence next (each text searched once)
    while at < end:
        while at < end and text[at].isspace():
            at += 1
        for mark, found_at in next_stop.items():
            if found_at < at:
                next_stop[mark] = found if (found := text.find(mark, at, end)) != -1 else end
        stop = min(next_stop.values())
        found, first, last, whole = _unit_clauses(text, at, stop, False)
        if not whole or not found:
            break
        readings += found
        clause = (clause[0] if clause else first, last)
        at = stop + 1
    if not readings or clause is None:
        return None
    items = [item for reading in readings for item in _items(reading)]
    if not any(not item.vague for item in items):
        original = document.text.original
        return _compose(
            document, measure, ResponsibilityFormat.NONE, clause, items, [], False, vague_text=original[slice(*clause)]
        )
    return _compose(document, measure, ResponsibilityFormat.UNIT_LIST, clause, items, [], first_is_lead)


def _unit_clauses(text: str, sentence_start: int, stop: int, last: bool) -> tuple[list[_Reading], int, int, bool]:
    """The clauses that end ``text[sentence_start:stop]`` when each names units and says what
    they do, read from the end: their readings, where the first starts, where the last ends
    and whether they make up the whole sentence. A clause of names alone between two such
    clauses (甲牵头，乙、丙，丁、戊配合) does what the clause after it says. In the measure's
    ``last`` sentence a deadline after the units (…，2024年底前完成) is left out."""
    readings: list[_Reading] = []
    alone: list[_Reading] = []  # clauses of names alone, waiting for a marked clause before them
    clause_start = clause_end = stop
    whole = True
    for clause, at in reversed(split_top_level(text[sentence_start:stop], sentence_start, "，,；;")):
        if last and not readings and DEADLINE_CLAUSE.match(clause.strip()):
            # 由X牵头，Y配合，2024年底前完成: the deadline says when, not who — and what
            # falls due then (…，2022年底前新开工重大项目100个) is a target, not the list.
            clause_end = at
            while clause_end > sentence_start and text[clause_end - 1] in _CLOSE_TRAIL:
                clause_end -= 1
            continue
        reading = _read_list(text, at, at + len(clause))
        named_ok = all(_unit_like(piece.name) and len(piece.name) >= 3 for piece in reading.units)
        if reading.suspicious or not (reading.units or reading.vague) or not named_ok:
            whole = False
            break
        if not reading.marked:
            if not readings:
                whole = False
                break
            alone.insert(0, reading)
            continue
        for names in alone:
            _take_role(names, readings[0])
        readings[:0] = [reading, *alone]
        alone = []
        clause_start = at
    whole = whole and not alone
    while clause_start < stop and text[clause_start].isspace():
        clause_start += 1
    return readings, clause_start, clause_end, whole


def _take_role(names: _Reading, marked: _Reading) -> None:
    """Give the units of ``names`` the role and duty of the first item of ``marked``."""
    first = min((*marked.units, *marked.vague), key=lambda piece: piece.span)
    for piece in (*names.units, *names.vague):
        piece.inline_role, piece.duty, piece.charged = first.inline_role, first.duty, first.charged
        piece.implements = first.implements


# The units an item opens with and the duty that follows their colon (市住建局：负责…).
_DUTY_ITEM = re.compile(
    r"\s*([^：:。；;，,\n]{2,80}?)\s*[：:]\s*"
    rf"(?=(?:主要|具体|重点)?(?:负责|牵头|承担|统筹|组织|指导|{alternation(PARTICIPANT_VERBS)}))"
)
_DUTY_ITEM_ASSISTS = re.compile(rf"\s*(?:主要|具体|重点)?(?:{alternation(PARTICIPANT_VERBS)})")


def _duty_item(document: Document, measure: Measure, text: str, start: int, end: int) -> Responsibility | None:
    """An item that is one unit's (or a few units') list of duties: 市住建局：负责城市市容管理.
    The units it opens with are charged with it and lead it — unless their duty is to assist
    (乙局：配合做好…)."""
    match = _DUTY_ITEM.match(text, start, end)
    if not match:
        return None
    reading = _read_list(text, match.start(1), match.end(1))
    if reading.suspicious or reading.vague or not reading.units:
        return None
    role = Role.PARTICIPANT if _DUTY_ITEM_ASSISTS.match(text, match.end(), end) else Role.LEAD
    for piece in reading.units:
        piece.inline_role = piece.inline_role or role
    found = _compose(
        document, measure, ResponsibilityFormat.UNIT_LIST, (match.start(1), match.end(1)), _items(reading), [], False
    )
    if role is Role.LEAD:
        return replace(found, lead_basis=LeadBasis.CHARGED)
    return found


def extract_measure(document: Document, measure: Measure, rules: list[tuple[int, bool]]) -> Responsibility:
    text = document.text.normalised
    start, end = measure.text_span
    first_is_lead = _under_rule(measure, rules)

    # 1 and 2: a trailing parenthesis, labelled or a plain list of units — unless the
    # brackets close a unit's own name at the end of a labelled list (责任单位：…、各乡镇（街道）).
    inside = _trailing_parenthesis(text, start, end)
    if inside and _inside_labelled_clause(text, start, inside[0] - 1):
        inside = None
    problem = None
    if inside is None:
        inside = _unbalanced_tail(text, start, end)
        if inside:
            problem = "unbalanced brackets around the responsibility list"
    if inside:
        found = (problem is None and _from_points(document, measure, text, inside, first_is_lead)) or _from_parenthesis(
            document, measure, text, inside, first_is_lead
        )
        if found:
            return found if problem is None else replace(found, problem=problem)

    # A labelled list in brackets between the measure's marker and its heading (1.【牵头单位：…】…).
    if measure.labels_span:
        found = _from_parenthesis(document, measure, text, measure.labels_span, first_is_lead)
        if found:
            return found

    # 3: a trailing labelled sentence or line (责任单位：…。).
    labels = list(_LABEL.finditer(text, start, end))
    if labels:
        first_label = _first_of_final_labels(text, labels)
        items, suspicious, clause_end = _labelled(text, first_label.start(), end)
        return _compose(
            document,
            measure,
            ResponsibilityFormat.LABELLED,
            (first_label.start(), clause_end),
            items,
            suspicious,
            first_is_lead,
        )

    # 4: trailing clauses that say what named units do: 由区人社局牵头，区财政局配合。
    found = _trailing_clauses(document, measure, text, start, end, first_is_lead)
    if found:
        return found

    # 4, written first: the sentence or line that opens the body, wholly such clauses
    # (1.标题\n甲局牵头，乙局配合。全年完成…).
    found = _leading_clauses(document, measure, text, first_is_lead)
    if found:
        return found

    # 5: an item that opens with the units whose duties it lists, as a 职责分工 section
    # writes them (甲局：负责…; 乙局、丙局：配合做好…).
    found = _duty_item(document, measure, text, start, end)
    if found:
        return found

    # Nobody named: is the last sentence a vague assignment (各地各部门要各司其职)?
    last_sentence_start = text.rfind("。", start, max(end - 1, start)) + 1 or start
    sentence_start = max(last_sentence_start, start)
    tail = text[sentence_start:end].strip(_CLOSE_TRAIL)
    if _VAGUE.search(tail) and len(tail) <= 40:
        return Responsibility(
            measure.number,
            ResponsibilityFormat.NONE,
            LeadBasis.NONE,
            Status.VAGUE,
            (end - len(tail), end),
            (),
            tail,
        )
    return Responsibility(measure.number, ResponsibilityFormat.NONE, LeadBasis.NONE, Status.UNASSIGNED, None, ())


def extract(document: Document) -> list[Responsibility]:
    """The responsibility of every measure, in document order. A measure that names nobody
    takes what is written once for several: a closing sentence 以上任务由甲局牵头，乙局配合
    (for the measures of its group, or of its section where there are no groups), else the
    list that ends its group's or its section's heading (（一）完善养老网络（牵头单位：甲局））."""
    rules = _rules(document)
    found = [extract_measure(document, measure, rules) for measure in document.measures]
    text = document.text.normalised
    shared: dict[tuple[int | None, int | None], Responsibility] = {}
    for measure, responsibility in zip(document.measures, found):
        span = responsibility.clause_span
        if span and _FOR_ALL_ABOVE.match(text, span[0]):
            shared.setdefault((measure.section, measure.group), responsibility)
    headings = {("group", g.number): g.span for g in document.groups}
    headings.update({("section", s.number): s.span for s in document.sections})
    starts = [measure.span[0] for measure in document.measures]
    heading_lists: dict[tuple[str, int], Responsibility | None] = {}  # read once for all its measures
    for index, (measure, responsibility) in enumerate(zip(document.measures, found)):
        if responsibility.status is not Status.UNASSIGNED:
            continue
        source = shared.get((measure.section, measure.group))
        if source is None:
            for key in (("group", measure.group), ("section", measure.section)):
                if key[1] is None or key not in headings:
                    continue
                if key not in heading_lists:
                    heading_lists[key] = _heading_list(document, measure, headings[key], starts)
                if source := heading_lists[key]:
                    break
        if source is not None:
            found[index] = replace(source, measure=measure.number)
    return found


# A sentence that assigns every task before it: 以上任务由甲局牵头, 上述各项工作由…负责.
_FOR_ALL_ABOVE = re.compile(r"(?:以上|上述)(?:各项|所有)?(?:任务|工作|措施)?(?:均|都)?由")


def _heading_list(document: Document, measure: Measure, heading: Span, starts: list[int]) -> Responsibility | None:
    """The list of units that ends a group's or a section's heading, as the measure's: a
    bracket at its end, or — where the heading's span runs over a list closing the group
    after its last item (kg.structure) — a labelled list on the span's last lines, after
    every measure of the part (责任单位：甲局、乙局 / 牵头单位：甲局；配合单位：乙局).
    ``starts``: where each measure of the document starts, in order."""
    text = document.text.normalised
    inside = _trailing_parenthesis(text, *heading)
    if inside is not None:
        return _from_parenthesis(document, measure, text, inside, False)
    start, end = heading
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    # The labelled lines that end the span, below its first (the heading's own) line and
    # after the last measure in it.
    floor = text.find("\n", start, stop)
    if floor == -1:
        return None
    last = bisect.bisect_left(starts, stop) - 1
    if last >= 0 and starts[last] >= start:
        floor = max(floor, document.measures[last].span[1])
    at = stop
    list_start = None
    while at > floor:
        newline = text.rfind("\n", floor, at)
        line_start = newline + 1 if newline != -1 else floor
        label_at = line_start + len(text[line_start:at]) - len(text[line_start:at].lstrip())
        if not _LABEL.match(text, label_at, at):
            break
        list_start, at = label_at, line_start - 1
    if list_start is None:
        return None
    items, suspicious, clause_end = _labelled(text, list_start, end)
    if not items:
        return None
    return _compose(
        document, measure, ResponsibilityFormat.LABELLED, (list_start, clause_end), items, suspicious, False
    )
