"""Who does each measure: lead (牵头) and participating (责任/配合) units.

The genre writes responsibility three ways (GENRE.md):

1. a trailing parenthesis of units, the first being the lead when the document says so
   once ("排第一位为牵头单位，下同");
2. labelled lists, in a parenthesis or not: （牵头单位：区民政局；责任单位：区财政局）;
3. a trailing sentence or line: 责任单位：省发展改革委、省科技厅，各市（州）人民政府。

Lists may also mark roles inline (区教育局牵头，区财政局配合; 区教育局（牵头）). A unit's
name may hold its own parentheses (区县（市）人民政府), so lists are split only at the top
level. Nothing is invented: a list with no stated lead has no lead, and wording such as
"各有关部门按职责分工负责" is recorded as vague, not as a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

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

    @property
    def leads(self) -> list[UnitMention]:
        return [unit for unit in self.units if unit.role is Role.LEAD]

    @property
    def participants(self) -> list[UnitMention]:
        return [unit for unit in self.units if unit.role is Role.PARTICIPANT]


# --- the genre's wording -------------------------------------------------------------

_SUFFIX = r"(?:单位|部门)"
_LABEL = re.compile(
    rf"(牵头{_SUFFIX}?|主办{_SUFFIX}|主责{_SUFFIX}|责任{_SUFFIX}|负责{_SUFFIX}|配合{_SUFFIX}?|参与{_SUFFIX}?"
    rf"|协办{_SUFFIX}|协同{_SUFFIX}|协助{_SUFFIX}|参加{_SUFFIX})\s*："
)
_LEAD_LABEL = re.compile(r"^(牵头|主办|主责)")
_PARTICIPANT_LABEL = re.compile(r"^(配合|参与|协办|协同|协助|参加)")
# "排第一位为牵头单位", "排在第一位的为牵头单位", "第一个单位为牵头单位", "列首位的为牵头部门" …
_FIRST_IS_LEAD = re.compile(
    r"(?:排|列|位)?(?:在)?(?:第一|首)(?:位|个)?(?:的)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
    r"|牵头(?:单位|部门)(?:排|列)(?:在)?(?:第一|首)位"
)
_ONWARDS = re.compile(r"下同|以下")
_VAGUE = re.compile(r"^(?:各)?(?:有关|相关)(?:部门|单位|方面)|^各(?:部门|单位)|按职责分工|按照职责分工|各司其职|分工负责")
_INLINE_LEAD = re.compile(r"(?:（\s*牵头\s*）|负责牵头|牵头负责|牵头)$")
_INLINE_PARTICIPANT = re.compile(r"(?:（\s*配合\s*）|配合|参与|协助|协办)$")
_TRAILING_NOISE = re.compile(r"(?:等有关部门|等相关部门|等部门|等单位|等|负责|落实)$")
_UNIT_SUFFIX = re.compile(
    r"(局|委|办|厅|部|会|府|区|院|校|室|中心|公司|集团|所|站|社|行|处|队|馆|团|联|署|司|台|园|组|军|县|市|州|镇|乡|街道|）)$"
)
_SEPARATORS = "、，,；"
_CLOSE_TRAIL = "。；;，, \n"


def split_top_level(text: str, offset: int, separators: str = _SEPARATORS) -> list[tuple[str, int]]:
    """Split at separators outside parentheses — unit names keep their own brackets
    (区县（市）人民政府); return (piece, absolute start) pairs."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "（":
            depth += 1
        elif char == "）":
            depth = max(depth - 1, 0)
        elif char in separators and depth == 0:
            pieces.append((text[start:index], offset + start))
            start = index + 1
    pieces.append((text[start:], offset + start))
    return pieces


def _trailing_parenthesis(text: str, start: int, end: int) -> Span | None:
    """The span inside the balanced （…） that ends the range, if any."""
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    if stop <= start or text[stop - 1] != "）":
        return None
    depth = 0
    for index in range(stop - 1, start - 1, -1):
        if text[index] == "）":
            depth += 1
        elif text[index] == "（":
            depth -= 1
            if depth == 0:
                return (index + 1, stop - 1)
    return None


@dataclass
class _Piece:
    name: str
    span: Span
    inline_role: Role | None


def _clean(raw: str, start: int) -> _Piece | None:
    """Trim a list item to the unit's name, noting an inline 牵头/配合 mark."""
    name = raw
    lead_trim = len(name) - len(name.lstrip(" \n由和及"))
    name, start = name[lead_trim:], start + lead_trim
    name = name.rstrip(" \n。")
    role = None
    for pattern, found_role in ((_INLINE_LEAD, Role.LEAD), (_INLINE_PARTICIPANT, Role.PARTICIPANT)):
        match = pattern.search(name)
        if match and match.start() > 0:
            name, role = name[: match.start()].rstrip(), found_role
            break
    while (match := _TRAILING_NOISE.search(name)) and match.start() > 0:
        name = name[: match.start()].rstrip()
    if not name:
        return None
    return _Piece(name, (start, start + len(name)), role)


def _unit_like(name: str) -> bool:
    return bool(_UNIT_SUFFIX.search(name)) and len(name) <= 30 and "。" not in name


def _pieces(text: str, start: int, end: int) -> tuple[list[_Piece], list[str]]:
    """Units and vague phrases of a list, in order. The list's own punctuation separates
    groups (区发改委牵头，区财政局、区教育局配合): an inline role applies to its group."""
    units: list[_Piece] = []
    vague: list[str] = []
    for group, group_start in split_top_level(text[start:end], start, "，,；"):
        items = [_clean(raw, at) for raw, at in split_top_level(group, group_start, "、")]
        items = [item for item in items if item]
        group_role = items[-1].inline_role if items else None
        for item in items:
            if _VAGUE.search(item.name):
                vague.append(item.name)
                continue
            if item.inline_role is None and group_role is not None:
                item.inline_role = group_role
            units.append(item)
    return units, vague


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


def _labelled(text: str, start: int, end: int, first_is_lead: bool) -> tuple[list[UnitMention], list[str], LeadBasis]:
    labels = [m for m in _LABEL.finditer(text, start, end)]
    units: list[UnitMention] = []
    vague: list[str] = []
    has_lead_label = any(_LEAD_LABEL.match(m.group(1)) for m in labels)
    for index, label in enumerate(labels):
        segment_end = labels[index + 1].start() if index + 1 < len(labels) else end
        name = label.group(1)
        if _LEAD_LABEL.match(name):
            label_role = Role.LEAD
        else:
            label_role = Role.PARTICIPANT
        items, found_vague = _pieces(text, label.end(), segment_end)
        vague.extend(found_vague)
        for item in items:
            role = item.inline_role or label_role
            units.append(UnitMention(item.name, item.span, role, len(units) + 1, name))
    inline_lead = any(u.role is Role.LEAD and not _LEAD_LABEL.match(u.label or "") for u in units)
    basis = LeadBasis.LABEL if has_lead_label or inline_lead else LeadBasis.NONE
    if basis is LeadBasis.NONE and first_is_lead and units:
        units[0] = UnitMention(units[0].name, units[0].span, Role.LEAD, 1, units[0].label)
        basis = LeadBasis.FIRST_IS_LEAD_RULE
    return units, vague, basis


def _listed(pieces: list[_Piece], first_is_lead: bool) -> tuple[list[UnitMention], LeadBasis]:
    units = []
    inline = any(piece.inline_role is Role.LEAD for piece in pieces)
    for position, piece in enumerate(pieces, start=1):
        if inline:
            role = piece.inline_role or Role.PARTICIPANT
        elif first_is_lead and position == 1:
            role = Role.LEAD
        else:
            role = Role.PARTICIPANT
        units.append(UnitMention(piece.name, piece.span, role, position, None))
    basis = LeadBasis.LABEL if inline else LeadBasis.FIRST_IS_LEAD_RULE if first_is_lead and units else LeadBasis.NONE
    return units, basis


def _strip_rule(text: str, start: int, end: int) -> int:
    """End of the unit list once a trailing rule statement (…，排第一位为牵头单位，下同) is cut."""
    match = _FIRST_IS_LEAD.search(text, start, end)
    return match.start() if match else end


def _with_original_names(document: Document, units: list[UnitMention]) -> tuple[UnitMention, ...]:
    original = document.text.original
    return tuple(
        UnitMention(original[u.span[0] : u.span[1]], u.span, u.role, u.position, u.label) for u in units
    )


def _status(units: list[UnitMention], vague: list[str]) -> Status:
    if any(unit.role is Role.LEAD for unit in units):
        return Status.ASSIGNED
    if units:
        return Status.NO_LEAD
    return Status.VAGUE if vague else Status.UNASSIGNED


def _from_parenthesis(document: Document, measure: Measure, text: str, inside: Span, first_is_lead: bool) -> Responsibility | None:
    """Responsibility read from the bracketed span ``inside``, or None when it names no units."""
    # The clause takes in its brackets, where they are written.
    clause_start = inside[0] - 1 if inside[0] > 0 and text[inside[0] - 1] == "（" else inside[0]
    clause_end = inside[1] + 1 if inside[1] < len(text) and text[inside[1]] == "）" else inside[1]
    clause = (clause_start, clause_end)
    if _LABEL.search(text, inside[0], inside[1]):
        units, vague, basis = _labelled(text, inside[0], inside[1], first_is_lead)
        return Responsibility(
            measure.number, ResponsibilityFormat.LABELLED, basis, _status(units, vague),
            clause, _with_original_names(document, units), "、".join(vague) or None,
        )
    list_end = _strip_rule(text, inside[0], inside[1])
    pieces, vague = _pieces(text, inside[0], list_end)
    unit_like = sum(_unit_like(piece.name) for piece in pieces)
    if pieces and unit_like * 2 >= len(pieces):
        units, basis = _listed(pieces, first_is_lead)
        return Responsibility(
            measure.number, ResponsibilityFormat.UNIT_LIST, basis, _status(units, vague),
            clause, _with_original_names(document, units), "、".join(vague) or None,
        )
    if vague and not pieces:
        return Responsibility(
            measure.number, ResponsibilityFormat.NONE, LeadBasis.NONE, Status.VAGUE,
            clause, (), "、".join(vague),
        )
    return None


def _inside_labelled_clause(text: str, start: int, at: int) -> bool:
    """Whether ``at`` stands in a labelled list (责任单位：…) begun in the same sentence."""
    sentence_start = max(text.rfind("。", start, at) + 1, start)
    return bool(_LABEL.search(text, sentence_start, at))


def _first_of_final_labels(text: str, labels: list[re.Match]) -> re.Match:
    """The first label of the run of labelled segments that ends the measure: segments may
    each end with 。 (牵头单位：市民政局。\n配合单位：…。), but a sentence of other text
    between two labels ends the run."""
    first = labels[-1]
    for previous in reversed(labels[:-1]):
        segment = text[previous.end() : first.start()].rstrip(_CLOSE_TRAIL)
        if "。" in segment:
            break
        first = previous
    return first


def _inline_sentence(document: Document, measure: Measure, text: str, start: int, end: int,
                     first_is_lead: bool) -> Responsibility | None:
    """A last sentence made only of units with inline roles, 由A牵头，B、C配合."""
    stop = end
    while stop > start and text[stop - 1] in _CLOSE_TRAIL:
        stop -= 1
    sentence = text[start:stop]
    if "牵头" not in sentence or len(sentence) > 80:
        return None
    pieces, vague = _pieces(text, start, stop)
    if not pieces or not all(_unit_like(piece.name) for piece in pieces):
        return None
    if not any(piece.inline_role is Role.LEAD for piece in pieces):
        return None
    units, basis = _listed(pieces, first_is_lead)
    return Responsibility(
        measure.number, ResponsibilityFormat.UNIT_LIST, basis, _status(units, vague),
        (start, stop), _with_original_names(document, units), "、".join(vague) or None,
    )


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
        found = _from_parenthesis(document, measure, text, inside, first_is_lead)
        if found:
            return found if problem is None else replace(found, problem=problem)

    # 3: a trailing labelled sentence or line (责任单位：…。).
    labels = list(_LABEL.finditer(text, start, end))
    if labels:
        first_label = _first_of_final_labels(text, labels)
        clause_end = end
        while clause_end > first_label.start() and text[clause_end - 1] in _CLOSE_TRAIL:
            clause_end -= 1
        units, vague, basis = _labelled(text, first_label.start(), clause_end, first_is_lead)
        return Responsibility(
            measure.number, ResponsibilityFormat.LABELLED, basis, _status(units, vague),
            (first_label.start(), clause_end), _with_original_names(document, units), "、".join(vague) or None,
        )

    # 4: a trailing sentence that marks roles inline: 由区人社局牵头，区财政局、区民政局配合。
    last_sentence_start = text.rfind("。", start, max(end - 1, start)) + 1 or start
    sentence_start = max(last_sentence_start, start)
    inline = _inline_sentence(document, measure, text, sentence_start, end, first_is_lead)
    if inline:
        return inline

    # Nobody named: is the last sentence a vague assignment?
    tail = text[sentence_start:end].strip(_CLOSE_TRAIL)
    if _VAGUE.search(tail) and len(tail) <= 40:
        return Responsibility(
            measure.number, ResponsibilityFormat.NONE, LeadBasis.NONE, Status.VAGUE,
            (end - len(tail), end), (), tail,
        )
    return Responsibility(measure.number, ResponsibilityFormat.NONE, LeadBasis.NONE, Status.UNASSIGNED, None, ())


def extract(document: Document) -> list[Responsibility]:
    """The responsibility of every measure, in document order."""
    rules = _rules(document)
    return [extract_measure(document, measure, rules) for measure in document.measures]
