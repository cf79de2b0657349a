"""Quantified targets: what a plan commits to reach, how much, by when and where.

The genre (GENRE.md, "Targets") states a target as a number with a unit and a
comparator, often with a deadline and a scope:

    到2023年，专业教师中“双师型”教师占比超过50%        > 50 %, by 2023
    各区县（市）至少建设培育2家以上省级产教融合型企业     >= 2 家, in each county
    每所中职学校重点办好1—2个专业群                      1–2 个, in each school

A plan is read sentence by sentence (up to 。) and clause by clause (up to ， or ；).
A deadline that opens a clause (到2023年，…) covers every target after it in its
sentence; a deadline written inside a clause covers that clause only. A statement that
everything reaches a standard (所有…达到…标准, 全部达标, 实现全覆盖) is a target of
100 % when it is a goal.

Numbers that are not targets are told apart by what surrounds them: dates, years and
periods, document numbers, versions (信息化2.0), quoted names and book titles, idioms
(一县一策), ordinals and rankings (第一, 前10名, 全国1000所), footnote markers, numbers
without a unit (ages, list numbers, codes), and rates in benefit rules or conditions
(符合规定的，可按投资额30%的比例抵免).

A clause that opens with its number (…1个A，20家左右B) keeps the scope of the clause
before it. 一个 / 一所 with no comparator, scope or deadline is the article "a", not a
count. A value with a comparator before it and 的 after it (不足1200人的学校) is a
condition on the noun that follows, not a goal.

Units are kept as written (万元 stays 万元, 元/生·年 stays whole), in their normalised
form (％ reads %). A ratio (师生比1∶18) is read as value 1 with unit "∶18", so that
value and unit together give the ratio as written; its colon is always written "∶".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from kg.numerals import chinese_to_int
from kg.structure import Document, Span

FOOTNOTE_MASK = "\u2063"  # what the footnote stage writes over a marker's digits


class Comparator(str, Enum):
    EQUAL = "="
    GREATER = ">"
    AT_LEAST = ">="
    LESS = "<"
    AT_MOST = "<="
    APPROXIMATELY = "~"
    RANGE = "range"


@dataclass(frozen=True)
class Target:
    """One quantified target. ``text`` is the clause it is read from, as written in the
    original, and ``span`` its offsets; ``value_span`` (the number or numbers and the
    unit) lies inside ``span``. ``measure`` is None for the goals sections."""

    measure: int | None
    text: str
    span: Span
    metric: str
    comparator: Comparator
    value: Decimal
    value_max: Decimal | None
    unit: str
    deadline: str | None
    deadline_text: str | None
    scope: str | None
    value_span: Span


# --- numbers and units -----------------------------------------------------------------

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 万 and 亿 are left to the units (3万元, 十万人次), so a numeral stops before them.
_CHINESE = r"[零〇一二两三四五六七八九十百千]+"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_NUMBER_START = re.compile(_NUMBER)

# Units as the genre writes them. A unit character that starts a longer word
# (家庭, 所有, 名师, 支持, 一次性) is no unit.
_UNIT = "(?:" + "|".join(
    (
        r"个百分点|百分点|%|‰|倍",
        r"(?:万|亿|千)?元(?:/[生人年月次校所户](?:[·•・.](?:学年|学期|年|月))?)?",
        r"万人次|人次|万人|人(?![才员民口均群])",
        r"个工作日|工作日|个月|小时|课时|学时|天",
        r"万亩|亩|万平方米|平方米|公里|千米|万吨|吨",
        r"万个|个|万家|家(?![庭长乡居])|所(?![有属在需])|名(?![师单额称校])|位(?![置于])",
        r"项(?!目)|支(?![持撑付出])|门(?![类槛户])|套|座|处(?![理置])|条(?![件例款])",
        r"间|张|台|户|场(?![所景馆地])|次(?!性)|期(?![间末限])|篇|件",
    )
) + ")"
# Units that count things: the thing counted is written after them (6个…基地).
_COUNTING_UNIT = re.compile(r"万?(?:人次|人|个|家|所|名|位|项|支|门|套|座|处|条|间|张|台|户|场|次|期|篇|件)")

_RANGE_JOIN = r"(?:—{1,2}|-|~|至|到)"
_RANGE = re.compile(
    rf"(?P<low>{_NUMBER}) ?(?P<low_unit>{_UNIT})? ?{_RANGE_JOIN} ?(?P<high>{_NUMBER}) ?(?P<unit>{_UNIT})"
)
_RATIO = re.compile(r"(?P<left>\d+(?:\.\d+)?) ?[∶：] ?(?P<right>\d+(?:\.\d+)?)(?![\d.年月日时])")
# 多 / 余 between number and unit: 20多个, 100余所 — more than the number.
_SINGLE = re.compile(rf"(?P<number>{_NUMBER}) ?(?P<more>多|余)?(?P<unit>{_UNIT})")
# A number with no unit counts only after an explicit comparator (不低于85).
_UNITLESS = re.compile(rf"(?P<number>{_ARABIC})(?![\u4e00-\u9fffA-Za-z\d.+])")
# A number glued to letters or symbols is a code: 5G, G20, 1+X.
_CODE_BEFORE = re.compile(r"[A-Za-z\d.+]")
_CODE_AFTER = re.compile(r"[A-Za-z+]")

# --- comparators -----------------------------------------------------------------------

_PREFIX_COMPARATOR = re.compile(
    r"不低于|不少于|不高于|不超过|不多于|不足|至少|最少|最低|最多|最高|超过|高于|多于|大于|低于|少于|小于"
    r"|大约|将近|接近|(?<![签制节预合公条履邀特相契])约|(?<![附邻就最亲临走贴])近"
)
_SUFFIX_COMPARATOR = re.compile(r" ?(及以上|以上|以下|以内|之内|左右|上下)")
_COMPARATOR_WORDS = {
    Comparator.AT_LEAST: ("不低于", "不少于", "至少", "最少", "最低", "以上", "及以上"),
    Comparator.GREATER: ("超过", "高于", "多于", "大于", "多", "余"),
    Comparator.AT_MOST: ("不超过", "不高于", "不多于", "以内", "之内", "最高", "最多", "以下"),
    Comparator.LESS: ("低于", "少于", "不足", "小于"),
    Comparator.APPROXIMATELY: ("左右", "上下", "约", "大约", "近", "将近", "接近"),
}
_COMPARATOR_OF = {word: comparator for comparator, words in _COMPARATOR_WORDS.items() for word in words}
# How far a prefix comparator may stand before its number: 至少建设培育2家 (four verbs).
_PREFIX_REACH = 4

# --- deadlines -------------------------------------------------------------------------

_BY_DATE = re.compile(
    r"(?<![\d年])(?:到|至|截至|截止到?|于|在) ?(?P<year>\d{4}) ?年(?! ?\d{1,2} ?月 ?\d{1,2} ?日)(?: ?(?P<month>\d{1,2}) ?月)?"
    r"(?: ?(?P<end>底|末))?(?: ?(?:前|以前|之前))?"
)
_BEFORE_DATE = re.compile(
    r"(?P<year>\d{4}) ?年(?: ?(?P<month>\d{1,2}) ?月)?"
    r" ?(?:(?P<end>底|末)(?: ?(?:前|以前|之前))?|前|以前|之前)"
)
# "十四五"期间 / 十四五末: the N-th five-year plan ends in 1955 + 5N (十四五 → 2025).
_FIVE_YEAR_PLAN = re.compile(
    r"(?:到|至|在|于)?[“\"‘]?(?P<plan>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’]?"
    r"(?:规划)?(?:期间|时期|期末|末期|末)"
)
_RELATIVE_HORIZON = re.compile(
    r"(?:在 ?)?(?:未来 ?)?(?:\d+|[一二两三四五六七八九十]+)(?: ?[—\-~至到] ?(?:\d+|[一二两三四五六七八九十]+))?"
    r" ?(?:个月|年)(?:内|以内|之内)"
)

# --- numbers that are not targets ------------------------------------------------------

_QUOTED = re.compile(r"“[^”\n]*”|‘[^’\n]*’|\"[^\"\n]*\"|「[^」\n]*」|『[^』\n]*』")
_BOOK_TITLE = re.compile(r"《[^》\n]*》|〈[^〉\n]*〉")
_DOCUMENT_NUMBER = re.compile(r"[〔\[［（] ?\d{4} ?[〕\]］）] ?\d+ ?号")
_DATE = re.compile(r"\d{4} ?年(?: ?\d{1,2} ?月(?: ?\d{1,2} ?日)?)?|\d{1,2} ?月 ?\d{1,2} ?日")
# A period is two years followed by 年 or in brackets: 2021—2025年, （2021-2025）; 1000—1500个 is a range.
_PERIOD = re.compile(r"(?:19|20)\d{2} ?[—\-~至到] ?(?:19|20)\d{2} ?年|（ ?(?:19|20)\d{2} ?[—\-~至到] ?(?:19|20)\d{2} ?）")
_VERSION = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\d+\.0(?=版|时代|[，。、；）\s]|$)")
# 一县一策, 一校一案, 一人一档: a numeral repeated around two words.
_IDIOM = re.compile(r"([一二两三四五六七八九十])[\u4e00-\u9fff]\1[\u4e00-\u9fff]")
# 第一位, 前10名, 全国1000所优质中职校: a place in an order or the size of a list.
_ORDINAL_OR_RANKING = re.compile(r"(?:第|(?<![目提以之此当])前|全国|全省|全球|国内|省内|世界|排名|位列|跻身) ?$")
# A rate granted by a rule, not a goal: 可按投资额30%的比例抵免, 给予50万元奖补.
_BENEFIT_RULE = re.compile(r"可(?:以)?(?:按|依|享受|获得|给予|申请|抵免|减免|免征|减征|扣除|列支)|给予|抵免|减免|免征|减征|奖补")
# A clause that states a condition: 对年培训超过1000人次的学校 …, 凡…的.
_CONDITION = re.compile(r"(?:对于|对(?![口接标照外应话])|凡是?|如果|若)")

# --- scope, universals and the words around a metric ----------------------------------

# A numbered point inside a section or measure: 1. （1） （一） 一是.
_LIST_MARKER = re.compile(r"(?:\d{1,2} ?(?:、|\.(?!\d))|（\d{1,2}）|（[一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]{1,3}(?:是|、)) ?")
_LEAD_WORDS = re.compile(r"(?:力争|争取|确保|并|同时|其中|计划|预计)+")
_EACH_SCOPE = re.compile(
    r"(?:每(?![年月天日周季次])一?[所个家名位座条项]?|各(?!自))"
    r"[^，。；、\s要应须在将把对均都至已可]{0,10}?"
    r"(?:学校|院校|高校|区县|县市区|市州|乡镇|街道|社区|园区|企业|单位|部门|政府|基地|中心|县|市|区|州|省|乡|镇|村|校|园|院)"
    r"(?:（[^（）\n]{1,12}）)*"
)
_WHOLE_SCOPE = re.compile(r"全(?:国|省|市|州|县|区|镇|乡)(?:域|范围内)?")
_UNIVERSAL = re.compile(r"全覆盖|所有|全部|全体|百分之百")
_GOAL_VERB = re.compile(r"达到|实现|覆盖|达标")
# Verbs and adverbs that open a clause but are not what is measured.
_LEADING_FILLER = re.compile(
    r"^(?:[、，和及与并\s]|重点|着力|积极|大力|力争|争取|确保|务必|必须|要(?![求素点])|应当|应(?![用急对])|全面|逐步|进一步|每年|累计"
    r"|分别|支持|推动|推进|落实|实施|遴选|遴建|培育|培养|建设|建成|创建|打造|新增|新建|办好|办成|认定|评选"
    r"|选树|引进|开展|举办|组建|设立|建立|成立|安排|投入|筹集|扶持|达到|实现)+"
)
# Words that join a metric to its number: …占比达到, 比例保持在, A和B分别.
_TRAILING_FILLER = re.compile(
    r"(?:保持在|稳定在|控制在|保持|提高到|提升到|提高至|提升至|增加到|增加至|增至|降至|降低到|达到|达|为|是|在|至|到"
    r"|要|应|须|需|分别|[、，\s])+$"
)
_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = "，；：,;"
_LIST_JOINS = "、和及"


# --- records passed between the steps --------------------------------------------------


@dataclass(frozen=True)
class _Deadline:
    span: Span
    date: str | None  # None for a relative horizon (5-10年内)


@dataclass(frozen=True)
class _Head:
    """What opens a clause: a deadline, a scope, and where the rest begins."""

    deadline: _Deadline | None
    scope: Span | None
    body_start: int


@dataclass(frozen=True)
class _Value:
    span: Span  # the number or numbers and the unit
    written: str  # the (first) number as written
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: Comparator
    lead: int  # start of a prefix comparator, else span[0]
    tail: int  # end of a suffix comparator and of a glued footnote marker, else span[1]

    @property
    def counts_things(self) -> bool:
        return bool(_COUNTING_UNIT.fullmatch(self.unit))


# --- reading the text ------------------------------------------------------------------


def _split(text: str, start: int, end: int, stops: str) -> list[Span]:
    """Pieces of ``text[start:end]`` cut at ``stops`` outside parentheses, without
    surrounding blanks; empty pieces are dropped. A line break always cuts."""
    pieces, depth, piece_start = [], 0, start
    for index in range(start, end + 1):
        char = text[index] if index < end else "\n"
        if char == "（":
            depth += 1
        elif char == "）":
            depth = max(depth - 1, 0)
        elif char == "\n" or (char in stops and depth == 0 and not _inside_number(text, index)):
            left, right = piece_start, index
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if left < right:
                pieces.append((left, right))
            piece_start = index + 1
            if char == "\n":
                depth = 0
    return pieces


def _inside_number(text: str, index: int) -> bool:
    """A colon or comma between digits (1：1, 10,000) is part of a number, not a clause break."""
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


def _date(year: str, month: str | None, end: str | None) -> str:
    """到2023年 → 2023; 2022年底 → 2022-12-31; 到2023年6月 and 2023年6月底 → 2023-06-30
    (a month is due by its last day)."""
    if month is None:
        return f"{year}-12-31" if end else year
    last_day = calendar.monthrange(int(year), int(month))[1]
    return f"{year}-{int(month):02d}-{last_day:02d}"


def _deadlines(reading: str) -> list[_Deadline]:
    """Every deadline in the text, first and longest first, none overlapping."""
    found: list[_Deadline] = []
    for pattern in (_BY_DATE, _BEFORE_DATE):
        for match in pattern.finditer(reading):
            date = _date(match.group("year"), match.group("month"), match.group("end"))
            found.append(_Deadline(match.span(), date))
    for match in _FIVE_YEAR_PLAN.finditer(reading):
        found.append(_Deadline(match.span(), str(1955 + 5 * chinese_to_int(match.group("plan")))))
    for match in _RELATIVE_HORIZON.finditer(reading):
        found.append(_Deadline(match.span(), None))
    kept: list[_Deadline] = []
    for deadline in sorted(found, key=lambda d: (d.span[0], -d.span[1])):
        if not kept or deadline.span[0] >= kept[-1].span[1]:
            kept.append(deadline)
    return kept


def _blocked(reading: str, deadlines: list[_Deadline]) -> bytearray:
    """1 for every character whose digits are never a target's value."""
    blocked = bytearray(len(reading))
    spans = [deadline.span for deadline in deadlines]
    for pattern in (_QUOTED, _BOOK_TITLE, _DOCUMENT_NUMBER, _DATE, _PERIOD, _VERSION, _IDIOM):
        spans.extend(match.span() for match in pattern.finditer(reading))
    for start, end in spans:
        blocked[start:end] = b"\x01" * (end - start)
    for index, char in enumerate(reading):
        if char == FOOTNOTE_MASK:
            blocked[index] = 1
    return blocked


def _head(reading: str, clause: Span, deadlines: list[_Deadline]) -> _Head:
    """Read the opening of a clause: a list marker, lead words (力争, 确保 …), a deadline,
    then a scope."""
    start, end = clause
    position = start
    deadline = None
    if marker := _LIST_MARKER.match(reading, position, end):
        position = marker.end()
    if lead := _LEAD_WORDS.match(reading, position, end):
        position = lead.end()
    opening = next((d for d in deadlines if d.span[0] == position and d.span[1] <= end), None)
    if opening:
        deadline = opening
        position = opening.span[1]
        while position < end and reading[position].isspace():
            position += 1
        if lead := _LEAD_WORDS.match(reading, position, end):
            position = lead.end()
    scope = _EACH_SCOPE.match(reading, position, end) or _WHOLE_SCOPE.match(reading, position, end)
    if scope:
        return _Head(deadline, scope.span(), scope.end())
    return _Head(deadline, None, position)


def _inside_deadline(clause: Span, head: _Head, deadlines: list[_Deadline]) -> _Deadline | None:
    """A deadline written inside the clause, not at its head."""
    return next(
        (d for d in deadlines if clause[0] <= d.span[0] and d.span[1] <= clause[1] and d is not head.deadline), None
    )


def _number(written: str) -> Decimal | None:
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    try:
        return Decimal(chinese_to_int(written))
    except ValueError:
        return None


def _prefix_comparator(reading: str, floor: int, number_start: int) -> re.Match[str] | None:
    """The comparator word standing just before a number: adjacent for 约 / 近, at most a
    few characters before it otherwise (至少建设培育2家)."""
    window_start = max(floor, number_start - len(max(_COMPARATOR_OF, key=len)) - _PREFIX_REACH)
    found = None
    for match in _PREFIX_COMPARATOR.finditer(reading, window_start, number_start):
        gap = reading[match.end() : number_start]
        reach = 0 if len(match.group()) == 1 else _PREFIX_REACH
        if len(gap) <= reach and not re.search(r"[\d，、；。（）“”]", gap):
            found = match
    return found


def _match_value(reading: str, at: int, end: int) -> tuple[re.Match[str], str] | None:
    """The value that starts at ``at``, by the first form that fits: range, ratio, number."""
    for kind, pattern in (("range", _RANGE), ("ratio", _RATIO), ("single", _SINGLE)):
        match = pattern.match(reading, at, end)
        if not match:
            continue
        if kind == "range" and match.group("low_unit") and match.group("low_unit") != match.group("unit"):
            continue
        return match, kind
    return None


def _may_start_value(reading: str, blocked: bytearray, floor: int, at: int, end: int) -> bool:
    """False for a number that is blocked, part of a code, an ordinal or a ranking."""
    candidate = _NUMBER_START.match(reading, at, end)
    if any(blocked[at : candidate.end()]) or (at > 0 and _CODE_BEFORE.fullmatch(reading[at - 1])):
        return False
    return not _ORDINAL_OR_RANKING.search(reading, max(floor, at - 3), at)


def _read_match(match: re.Match[str], kind: str) -> tuple[str, Decimal, Decimal | None, str] | None:
    """(first number as written, value, value_max, unit) of a matched value."""
    if kind == "range":
        low, high = _number(match.group("low")), _number(match.group("high"))
        if low is None or high is None:
            return None
        return match.group("low"), low, high, match.group("unit")
    if kind == "ratio":
        return match.group("left"), Decimal(match.group("left")), None, f"∶{match.group('right')}"
    value = _number(match.group("number"))
    if value is None:
        return None
    return match.group("number"), value, None, match.groupdict().get("unit") or ""


def _value_at(reading: str, blocked: bytearray, floor: int, at: int, end: int) -> _Value | None:
    """The value whose number starts at ``at``, or None if that number is no target.
    ``floor`` is where the text this value may draw a prefix comparator from begins."""
    if not _may_start_value(reading, blocked, floor, at, end):
        return None
    prefix = _prefix_comparator(reading, floor, at)
    found = _match_value(reading, at, end)
    if found is None and prefix and (unitless := _UNITLESS.match(reading, at, end)):
        found = unitless, "unitless"
    if found is None:
        return None
    match, kind = found
    if any(blocked[match.start() : match.end()]) or _CODE_AFTER.match(reading, match.end(), end):
        return None
    read = _read_match(match, kind)
    if read is None:
        return None
    written, value, value_max, unit = read

    suffix = _SUFFIX_COMPARATOR.match(reading, match.end(), end)
    tail = _skip_footnote_marker(reading, suffix.end() if suffix else match.end(), end)
    if kind == "range":
        comparator = Comparator.RANGE
    elif prefix:
        comparator = _COMPARATOR_OF[prefix.group()]
    elif suffix:
        comparator = _COMPARATOR_OF[suffix.group(1)]
    elif kind == "single" and match.group("more"):
        comparator = _COMPARATOR_OF[match.group("more")]
    else:
        comparator = Comparator.EQUAL
    lead = prefix.start() if prefix else match.start()
    return _Value(match.span(), written, value, value_max, unit, comparator, lead, tail)


def _skip_footnote_marker(reading: str, at: int, end: int) -> int:
    """Past a footnote marker glued to a complete value (15—30%10): masked characters, or
    digits that carry no unit of their own."""
    position = at
    while position < end and reading[position] == FOOTNOTE_MASK:
        position += 1
    if position == at and position < end and reading[position].isdigit() and not _SINGLE.match(reading, position, end):
        while position < end and reading[position].isdigit():
            position += 1
    return position


def _values(reading: str, blocked: bytearray, start: int, end: int) -> list[_Value]:
    """The values of a clause body, left to right."""
    values: list[_Value] = []
    position = start
    while candidate := _NUMBER_START.search(reading, position, end):
        floor = values[-1].tail if values else start
        value = _value_at(reading, blocked, floor, candidate.start(), end)
        if value is None:
            position = candidate.end()
            continue
        values.append(value)
        position = value.tail
    return values


def _is_condition(reading: str, value: _Value) -> bool:
    """不足1200人的学校, 超过5000万元的企业: a comparator before the number and 的 after
    it make the value a condition on the noun that follows, not a goal."""
    return value.lead < value.span[0] and reading.startswith("的", value.tail)


def _is_article(value: _Value, scope: Span | None, deadline: _Deadline | None) -> bool:
    """一个 / 一所 with no comparator, scope or deadline reads as "a", not as a count of one."""
    return value.written == "一" and value.comparator is Comparator.EQUAL and scope is None and deadline is None


# --- metric ----------------------------------------------------------------------------


def _trimmed(text: str) -> str:
    text = _LEADING_FILLER.sub("", text.strip())
    return _TRAILING_FILLER.sub("", text).strip()


def _metric(before: str, after: str, counts_things: bool) -> str:
    """What a value measures: the thing counted after a counting unit (6个…基地), else
    the noun phrase before the comparator (“双师型”教师占比超过50%), continued by what
    follows a 的 (编制数的15—30%的比例自主聘请兼职教师)."""
    before, after = _trimmed(before), after.strip(" 、，")
    following = _trimmed(after.removeprefix("的"))
    if counts_things and following and not after.startswith("的"):
        return following
    if before and after.startswith("的"):
        return before + after.removeprefix("的").strip()
    return before.removesuffix("的") or following


def _segments(reading: str, values: list[_Value], body_start: int, end: int) -> list[tuple[Span, Span]]:
    """For each value, the text before it and after it that its metric is read from.
    Text between two values is cut at its last 、/和/及: the part before the cut
    belongs to the first value, the rest to the second."""
    cuts = []
    for left, right in zip(values, values[1:]):
        between = reading[left.tail : right.lead]
        joins = [index for index, char in enumerate(between) if char in _LIST_JOINS]
        cut = left.tail + joins[-1] if joins else left.tail
        cuts.append((cut, cut + 1 if joins else cut))
    segments = []
    for index, value in enumerate(values):
        before_start = body_start if index == 0 else cuts[index - 1][1]
        after_end = end if index == len(values) - 1 else cuts[index][0]
        segments.append(((before_start, value.lead), (value.tail, after_end)))
    return segments


# --- targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    """A document as the extractor reads it."""

    document: Document
    reading: str  # the normalised text, footnote markers masked
    blocked: bytearray  # 1 where digits are never a value
    deadlines: list[_Deadline]

    def quote(self, span: Span) -> str:
        """The original text of ``span`` without masked footnote markers."""
        original = self.document.text.original[span[0] : span[1]]
        return "".join(char for char, read in zip(original, self.reading[span[0] : span[1]]) if read != FOOTNOTE_MASK)


@dataclass(frozen=True)
class _Clause:
    """A clause with what it inherits from its sentence."""

    span: Span
    head: _Head
    scope: Span | None
    deadline: _Deadline | None


def _value_targets(page: _Page, measure: int | None, clause: _Clause, values: list[_Value]) -> list[Target]:
    end = clause.span[1]
    targets: list[Target] = []
    previous_metric = ""
    for value, (before, after) in zip(values, _segments(page.reading, values, clause.head.body_start, end)):
        metric = (
            _metric(page.quote(before), page.quote(after), value.counts_things)
            or page.quote(before).strip(" 、，")
            or previous_metric  # 50%和60%: the second shares the first's metric
            or page.quote((clause.head.body_start, end))
        )
        previous_metric = metric
        targets.append(_target(page, measure, clause, metric, value.comparator, value.value, value.value_max,
                               value.unit, value.span))
    return targets


def _universal_target(page: _Page, measure: int | None, clause: _Clause) -> Target | None:
    """所有…达到…标准 / 全部达标 / 实现全覆盖, stated as a goal: 100 %."""
    start, end = clause.head.body_start, clause.span[1]
    universal = _UNIVERSAL.search(page.reading, start, end)
    is_goal = clause.deadline is not None or _GOAL_VERB.search(page.reading, start, end)
    if not universal or not is_goal or any(page.blocked[universal.start() : universal.end()]):
        return None
    # A deadline written inside the clause is no part of what is measured.
    inside = clause.deadline if clause.deadline and start <= clause.deadline.span[0] < end else None
    pieces = [(start, inside.span[0]), (inside.span[1], end)] if inside else [(start, end)]
    metric = _trimmed("".join(page.quote(piece) for piece in pieces))
    return _target(page, measure, clause, metric, Comparator.EQUAL, Decimal(100), None, "%", universal.span())


def _target(page: _Page, measure: int | None, clause: _Clause, metric: str, comparator: Comparator,
            value: Decimal, value_max: Decimal | None, unit: str, value_span: Span) -> Target:
    original = page.document.text.original
    deadline, scope = clause.deadline, clause.scope
    return Target(
        measure=measure,
        text=original[clause.span[0] : clause.span[1]],
        span=clause.span,
        metric=metric,
        comparator=comparator,
        value=value,
        value_max=value_max,
        unit=unit,
        deadline=deadline.date if deadline else None,
        deadline_text=original[deadline.span[0] : deadline.span[1]] if deadline else None,
        scope=original[scope[0] : scope[1]] if scope else None,
        value_span=value_span,
    )


def _clause_targets(page: _Page, measure: int | None, clause: _Clause) -> list[Target]:
    start, end = clause.span
    if _BENEFIT_RULE.search(page.reading, start, end) or _CONDITION.match(page.reading, clause.head.body_start, end):
        return []
    values = [
        value
        for value in _values(page.reading, page.blocked, clause.head.body_start, end)
        if not _is_article(value, clause.scope, clause.deadline) and not _is_condition(page.reading, value)
    ]
    if values:
        return _value_targets(page, measure, clause, values)
    universal = _universal_target(page, measure, clause)
    return [universal] if universal else []


def _region_targets(page: _Page, measure: int | None, region: Span) -> list[Target]:
    reading = page.reading
    targets: list[Target] = []
    for sentence in _split(reading, *region, _SENTENCE_ENDS):
        covering: _Deadline | None = None  # a deadline that opened an earlier clause
        last_scope: Span | None = None
        for span in _split(reading, *sentence, _CLAUSE_ENDS):
            head = _head(reading, span, page.deadlines)
            if head.deadline:
                covering = head.deadline
            deadline = head.deadline or _inside_deadline(span, head, page.deadlines) or covering
            scope = head.scope
            # An elliptical clause (…1个A，20家左右B) keeps the scope of the one before.
            opens_with_value = _NUMBER_START.match(reading, head.body_start, span[1]) or _PREFIX_COMPARATOR.match(
                reading, head.body_start, span[1]
            )
            if scope is None and opens_with_value:
                scope = last_scope
            last_scope = scope or last_scope
            targets.extend(_clause_targets(page, measure, _Clause(span, head, scope, deadline)))
    return targets


def _goal_sections(document: Document) -> list[Span]:
    """The text (heading excluded) of level-1 sections that state goals: 主要目标, 工作目标 …"""
    return [
        (section.span[1], section.extent[1])
        for section in document.sections
        if not section.carries_measures and "目标" in section.title
    ]


def extract(document: Document, masked: str | None = None) -> list[Target]:
    """Targets of every measure (document order), then of the goals sections.

    ``masked``, when given, is ``document.text.normalised`` with the digits of footnote
    markers replaced by U+2063; such digits are never read."""
    reading = document.text.normalised if masked is None else masked
    if len(reading) != len(document.text.normalised):
        raise ValueError(
            f"{document.text.source}: the masked text has {len(reading)} characters, "
            f"the document {len(document.text.normalised)}; mask digits one for one"
        )
    deadlines = _deadlines(reading)
    page = _Page(document, reading, _blocked(reading, deadlines), deadlines)
    targets: list[Target] = []
    for measure in document.measures:
        targets.extend(_region_targets(page, measure.number, measure.text_span))
    for region in _goal_sections(document):
        targets.extend(_region_targets(page, None, region))
    return targets
