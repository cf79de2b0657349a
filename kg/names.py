"""How the genre writes the names of responsible units — shared by the stages that read
them (structure finds where a measure's responsibility line is; the responsibility stage
reads the units; validation checks what was read). See docs/genre.md, "Responsibility".
The words come from the lexicon (``kg.lexicon``, ``ontology/lexicon.toml``); the shapes
of the names are here.
"""

from __future__ import annotations

import re

from kg.lexicon import (
    AREA_KINDS,
    AREA_NOT_PLACES,
    AREA_ZONES,
    COLLECTIVE_GOVERNMENTS,
    COLLECTIVE_NOUNS,
    COLLECTIVE_OTHERS,
    COLLECTIVE_QUALIFIERS,
    DEADLINE_FIELDS,
    DISTRIBUTIVE_LEVEL_WORDS,
    LABEL_COLONS,
    LEVEL_WORDS,
    PEOPLE_FIELDS,
    PLACE_SUFFIX,
    ROLE_LEAD,
    ROLE_NOUNS,
    ROLE_PARTICIPANT,
    UNIT_ENDING,
    VAGUE_QUALIFIERS,
    LazyPattern,
    alternation,
    as_label_written,
    role_labels,
)

# Brackets a plan may put around its list of units: （…） mostly, 【…】, ［…］ or 〔…〕 in some
# (closing → opening).
LIST_BRACKETS = {"）": "（", "】": "【", "］": "［", "]": "[", "〕": "〔"}

# A label before a list of units: 牵头单位： 责任单位： 配合部门： 参与单位： …, or written
# into the sentence: 牵头单位为区教育局, 责任单位是各乡镇 (in a sentence the noun is written:
# 配合为主 is no label). Typed otherwise: 牵头单位——区教育局; right after a bracket or at a
# line's start, 责任单位;区教育局 and 责任单位区教育局 (a name that opens with its level); with
# a look-alike colon (牵头单位∶), in traditional characters (牽頭單位：) or with a one-character
# slip of OCR or typing (责仼单位：, 牵投单位：, 责任单住：) — the lexicon's label variants, read
# here only: ``label_as_meant`` gives the label's words as meant.
_ROLE_LABELS = as_label_written(role_labels(ROLE_LEAD + ROLE_PARTICIPANT))
_ROLE_NOUN_LABELS = as_label_written(rf"(?:{alternation(ROLE_LEAD + ROLE_PARTICIPANT)})(?:{alternation(ROLE_NOUNS)})")
_COLON = f"[{''.join(LABEL_COLONS)}]"
RESPONSIBILITY_LABEL = re.compile(
    rf"((?:{_ROLE_LABELS})(?=\s*{_COLON}|\s*(?:——|—|－|--?)\s*\S)"
    rf"|{_ROLE_NOUN_LABELS}(?=\s*[为是]\S)"
    rf"|(?<=[\n（【［\[〔]){_ROLE_NOUN_LABELS}(?=\s*[；;]\s*\S|[省市州盟县区旗镇乡]))"
    rf"\s*(?:{_COLON}|[为是；;]|——|—|－|--?)?"
)

# Collectives that name no particular body: 各有关单位, 省直有关部门, 省直其他有关部门, 相关单位,
# 各成员单位. Beside named units they are kept as participants of a kind of their own.
VAGUE_COLLECTIVE = re.compile(
    rf"^(?:(?:[省市州盟县区旗乡镇]|地区)[直级]?|各级|全[省市州盟县区旗])?(?:各)?(?:{alternation(COLLECTIVE_OTHERS)})?(?:各)?"
    rf"(?:{alternation(VAGUE_QUALIFIERS)})?(?:{alternation(COLLECTIVE_QUALIFIERS)})?"
    rf"(?:{alternation(COLLECTIVE_NOUNS)})$"
)

# Level words: a collective whose 各 distributes over a list (各区、县（市）, 各市、县人民政府,
# 各县、市、区人民政府, 市、县两级人民政府) is one unit; a piece that is only such a word, or a
# run of them, never stands alone.
_LEVEL = rf"(?:{alternation(DISTRIBUTIVE_LEVEL_WORDS, LEVEL_WORDS)})(?:（[^（）]*）)?"
LEVEL_WORD = re.compile(rf"^各?{_LEVEL}(?:、{_LEVEL})*$")
# … and what may follow a level word to finish the collective's name.
COLLECTIVE_TAIL = re.compile(rf"^{_LEVEL}(?:[两三]级)?(?:{alternation(COLLECTIVE_GOVERNMENTS)})?$")


def distributes(before: str, after: str) -> bool:
    """Whether ``before``、``after`` is one collective: a level word (or a run of them, with a
    distributive 各) and what finishes it (各市、县人民政府; 各县、市、区)."""
    return bool(LEVEL_WORD.match(before) and COLLECTIVE_TAIL.match(after))


# A place's name alone, with no organ after it: 海口市, 涪城区, 甲县, 某某自治县, 某镇, 某街道.
_PLACE_NAME = LazyPattern(rf"^[\u4e00-\u9fff]+?(?:{PLACE_SUFFIX}|镇|乡|街道)$")
# Kinds of area that end like a place and are none (产业园区, 贫困县), and zones a committee
# governs (某某新区, 某某开发区): no government is theirs.
_NO_GOVERNMENT = LazyPattern(rf"(?:{alternation(AREA_KINDS, AREA_NOT_PLACES, AREA_ZONES)})$")
# A place's government: 三亚市人民政府, 甲县政府.
_PLACE_GOVERNMENT = re.compile(r"^(?P<place>.+?)(?P<government>人民政府|政府)$")


def names_a_place(name: str) -> bool:
    """Whether ``name`` is a place's name alone (海口市, 涪城区, 甲县) — not a level word (市,
    区县), not a collective (各县), not an area that is no place (产业园区) nor a zone (某新区)."""
    return bool(
        _PLACE_NAME.match(name)
        and not name.startswith("各")
        and not LEVEL_WORD.match(name)
        and not _NO_GOVERNMENT.search(name)
    )


def shared_government(names: list[str]) -> str | None:
    """The government word (人民政府, 政府) that places listed before it share: in 海口市、三亚市
    人民政府 the last name ends with it, and every name before it is a place's name alone —
    two governments, 海口市人民政府 and 三亚市人民政府. None for any other list (a list of
    departments: 甲局、乙局人民政府 shares nothing)."""
    if len(names) < 2:
        return None
    last = _PLACE_GOVERNMENT.match(names[-1])
    if not last or not names_a_place(last.group("place")):
        return None
    if not all(names_a_place(name) for name in names[:-1]):
        return None
    return last.group("government")


# Brackets typed inside a unit's name for （）: 各县〔市、区〕人民政府. The registry reads a
# name's own brackets as （）. (Half-width ones are kept as written.)
_NAME_BRACKETS = str.maketrans("〔〕", "（）")


def unit_name(written: str) -> str:
    """``written`` with the brackets of the name typed as （） (各县〔市、区〕人民政府 →
    各县（市、区）人民政府): the same length, and the name the registry reads."""
    return written.translate(_NAME_BRACKETS)


# Verbs that open a clause of text: a "unit" that starts with one and does not end like an
# organisation is text read as a unit (推进智慧港口建设).
CLAUSE_VERB = re.compile(
    r"^(?:加强|加快|推进|推动|建设|建立|健全|完善|落实|开展|实施|提高|提升|促进|组织|做好|确保|强化|支持|鼓励|深化"
    r"|优化|培育|打造|发展|扩大|规范|坚持|统筹|引导|保障|指导|负责|制定|探索|创新|加大|积极|大力|全面|持续|严格"
    r"|依法|按照|根据|围绕|结合|对|将|把|由)"
)

SENTENCE_PUNCTUATION = re.compile(r"[。，；,;！？!?：:]")
# A clause that says when, not who: 2025年6月底前完成, 2024年底前全面覆盖.
DEADLINE_CLAUSE = re.compile(r"^(?:力争|确保|于|在|到|至)?\d{4}\s*年[^，。；、]{0,16}$")
# Fields that follow a list of units in the same bracket or line: 完成时限：2024年底.
OTHER_FIELD = re.compile(rf"(?:{alternation(DEADLINE_FIELDS)})\s*{_COLON}")
# Any field written beside the units that names none: a deadline, or a person (责任领导：张三).
ANY_FIELD = re.compile(rf"(?:{alternation(DEADLINE_FIELDS + PEOPLE_FIELDS)})\s*{_COLON}")
# The start of an object after a verb: 指导各医疗机构, 推动县教育局.
_OBJECT_START = re.compile(rf"各|全|{alternation(VAGUE_QUALIFIERS)}|[省市县区乡镇](?!场)")  # used with match(name, pos)


def ends_like_unit(name: str) -> bool:
    """Whether ``name`` ends like an organisation's name (局 委 办 厅 …, 中心, 公司, or a unit's
    own bracket: 各乡镇（街道）). A name that ends otherwise is no organisation's, or one the
    reader must check."""
    return bool(UNIT_ENDING.search(name))


def why_not_a_unit(name: str) -> str | None:
    """Why ``name``, read where a unit's name stands, cannot be one — or None when it can.
    A unit's name never spans lines, never holds sentence punctuation, is never a clause
    (a verb phrase) and is short."""
    if "\n" in name or "\r" in name:
        return "spans lines"
    if SENTENCE_PUNCTUATION.search(name):
        return "holds sentence punctuation"
    if len(name) > 40:
        return "too long for a name"
    if DEADLINE_CLAUSE.match(name):
        return "reads as a deadline"
    verb = CLAUSE_VERB.match(name)
    if verb and (not ends_like_unit(name) or _OBJECT_START.match(name, verb.end())):
        return "reads as a verb phrase"
    return None
