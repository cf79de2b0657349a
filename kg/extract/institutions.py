"""Which named institutions a measure supports or tasks, and which units sit on the
bodies a measure sets up.

Two kinds of mention, both inside a measure's text:

* **named** — the proper name of a school or organisation: 宁乡县职业中专学校,
  长沙民政职业技术学院, 中国红十字会. A name ends in an institution word (学校, 学院, 大学,
  职教中心, 医院, 研究院, 红十字会 …) and starts with a place: a place written with its
  level (宁乡县, 雨花区, 浏阳市), the plan's own place without it (长沙 in a plan of
  长沙市), a province (湖南) or 中国. Generic phrases are not names: 职业院校, 中职学校,
  优质中职学校, 技工类学校 start with no place; a province, or a city or province plan's
  own place written with its level, followed only by type words (长沙市中等职业学校,
  湖南省中等职业学校) means the schools of that place, not one school — while a county
  written so (宁乡县职业中专学校, or 衡东县中等职业学校 in 衡东县's plan) is one school. Words of praise or number (一流, 优质, 示范,
  特色, 一批 …) never occur in a name. Precision comes before recall: a school named
  without a place (长沙民政职业技术学院 in a plan of another city) is missed.
* **member** — a member unit of a body the measure sets up (联席会议, 领导小组 …), from
  "甲、乙、丙等部门负责人为联席会议成员", "成员单位包括甲、乙、丙" or "由甲、乙、丙组成".

The left edge of a name is found by cutting the verbs and particles that lead into it
(重点支持, 推进与, 和 …); a name may itself contain such a character (和平区), so the cut
nearest the name is tried first and earlier ones after it. Sub-units written straight
after a school's name (长沙民政职业技术学院乡村振兴学院、高新产业学院) carry no place of their
own and are left out: the school is recorded. Text inside 《》 (titles of documents) and
the member lists is not searched for names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from kg.extract.responsibility import split_top_level
from kg.lexicon import CITY_LEVELS, COUNTRY, COUNTY_LEVELS, LIST_NOISE, PROVINCES, UNIT_ENDING, alternation
from kg.registry import AREA_WORD, Jurisdiction, issuer_of_plan
from kg.structure import Document, Measure, Span


class InstitutionRole(str, Enum):
    NAMED = "named"  # a school / organisation the measure supports, builds or tasks
    MEMBER = "member"  # a member unit of a body the measure sets up (联席会议 成员, 领导小组 成员单位)


@dataclass(frozen=True)
class InstitutionMention:
    name: str  # as written in the original text
    span: Span
    measure: int  # Measure.number
    role: InstitutionRole
    body: str | None  # for MEMBER: the body, as written (职业教育工作联席会议); else None


# --- named institutions --------------------------------------------------------------

# The word that ends an institution's name. A following 生/城/路/街/附 means the word goes
# on (大学生, 大学城, 学院路) or a longer name does (湖南师范大学附属中学).
_INSTITUTION_END = re.compile(
    r"(?:学校|学院|大学|中学|小学|幼儿园|(?:职教|职业教育|职业技术教育|职成教)中心"
    r"|研究院|研究所|科学院|医院|卫生院|红十字会)(?![生城路街附校])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_NAME = 25
# Verbs and particles that lead into a name: 重点支持宁乡县…, 推进与中国红十字会….
_LEAD_IN = re.compile(
    r"重点支持|支持|扶持|创建|推动|推进|鼓励|引导|指导|办好|办强|建设|建成|打造|依托|实施|发挥|加快|加强"
    r"|争取|申建|申报|升格|组建|筹建|新建|扩建|改建|迁建|整合|合并|托管|举办|创办|设立|成立|联合|携手"
    r"|协同|对接|合作|帮扶|对口|确保|力争|推荐|遴选|认定|命名|批准|同意|开办|挂牌|入选|纳入|列入|成为|作为"
    r"|包括|以及|及其|其中|达到|通过|将|把|由|以|在|对|与|和|及|同|跟|为|向|使|让|是|到|至|从|等|的|了|并|或|如|即"
)
# A province's level as written after its short name: 湖南省, 广西壮族自治区.
_PROVINCE_LEVEL = re.compile(r"(?:[\u4e00-\u9fff]{0,4}自治区|特别行政区|省|市)")
# A place written with its level: 宁乡县, 雨花区, 浏阳市, 湘西土家族苗族自治州.
_LOCAL_PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:自治州|自治县|自治旗)"
    rf"|[\u4e00-\u9fff]{{2,4}}?(?:{alternation(CITY_LEVELS)})|[\u4e00-\u9fff]{{2,3}}?(?:{alternation(COUNTY_LEVELS)})"
)
_NOT_A_PLACE_START = re.compile(r"^(?:全|各|本|该|每|所|我|外|邻|周边|其他|有关|相关|城乡|农村|乡村)")
# After a place: words that make the phrase a set of institutions (长沙市属学校, 湖南省内高校).
_COLLECTIVE_AFTER_PLACE = re.compile(r"^(?:各|所有|全部|有关|相关|部分|属|内|域|级|等|本|辖|境内|直属|所属|区域|范围)")
# Words of praise, kind or number, which a proper name does not contain.
_NOT_IN_A_NAME = re.compile(
    r"高水平|一流|优质|示范|骨干|品牌|标杆|卓越|特色|重点|星级|达标|合格|新型|若干|一批|多所|每所|各类|各级|中小学|公办|民办|普通"
)
# Type words only: what is left of 长沙市中等职业学校 once the place is taken away.
_TYPE_WORDS_ONLY = re.compile(
    r"^(?:职业|技术|中等|高等|专业|专科|中专|高级|技工|技师|职教|职成教|中心|高职|中职|教育|培训|成人|本科"
    r"|高中|初中|学校|学院|大学|中学|小学|幼儿园|院校|和|及|与|的)+$"
)


@dataclass(frozen=True)
class _Place:
    text: str
    collective_with_type_words: bool  # a province, or a city's or province's own name with its level


def _known_places(home: Jurisdiction) -> list[str]:
    """Places a name may start with without its level: the plan's own, provinces, China."""
    own = [name for name in (home.name, home.bare_name) if len(name) >= 2]
    return sorted({*own, *PROVINCES, *COUNTRY}, key=len, reverse=True)


def _place_at(text: str, known: list[str], home: Jurisdiction) -> _Place | None:
    """The place a candidate name starts with, if it starts with one."""
    for name in known:
        if not text.startswith(name):
            continue
        if name in PROVINCES:
            level = _PROVINCE_LEVEL.match(text, len(name))
            return _Place(text[: level.end()], True) if level else _Place(name, False)
        if name == home.name and name != home.bare_name:
            return _Place(name, home.level in ("省", "市", "州"))
        return _Place(name, False)
    match = _LOCAL_PLACE.match(text)
    if not match or AREA_WORD.search(match.group(0)) or _NOT_A_PLACE_START.match(match.group(0)):
        return None
    return _Place(match.group(0), False)


def _is_name(candidate: str, place: _Place) -> bool:
    rest = candidate[len(place.text) :]
    if len(candidate) > _MAX_NAME or _NOT_IN_A_NAME.search(candidate) or _COLLECTIVE_AFTER_PLACE.match(rest):
        return False
    if place.collective_with_type_words and _TYPE_WORDS_ONLY.match(rest):
        return False
    return True


def _name_start(text: str, run_start: int, end: int, known: list[str], home: Jurisdiction) -> int | None:
    """Where the name ending at ``end`` starts, or None when no proper name ends there.

    A known place (长沙, 湖南, 中国) anywhere in the run marks the start, the leftmost
    first, so 湖南师范大学附属长沙中学 stays whole. Otherwise the name starts at the run's
    start or just after a lead-in word, the one nearest the name tried first, so that
    支持和浏阳市… gives 浏阳市… but 支持和平区… still finds 和平区…."""
    run = text[run_start:end]
    for at in range(len(run)):
        if any(run.startswith(name, at) for name in known):
            candidate = run[at:]
            found = _place_at(candidate, known, home)
            if found and _is_name(candidate, found):
                return run_start + at
    lead_ins = list(_LEAD_IN.finditer(run))
    # A name may begin with a one-character particle (和平区), never with a verb (推动县…).
    verb_starts = {match.start() for match in lead_ins if len(match.group(0)) > 1}
    starts = sorted({0, *(match.end() for match in lead_ins)} - verb_starts, reverse=True)
    for at in starts:
        candidate = run[at:]
        if not candidate:
            continue
        found = _place_at(candidate, known, home)
        if found and _is_name(candidate, found):
            return run_start + at
    return None


def _masked(text: str, start: int, end: int, excluded: list[Span]) -> str:
    """The text with 《…》 and the excluded spans blanked, so no name is found in them."""
    chars = list(text[start:end])
    depth = 0
    first_title = text.find("《", start, end)  # nothing to blank before the first 《
    for index in range(first_title - start if first_title != -1 else len(chars), len(chars)):
        char = chars[index]
        if char == "《":
            depth += 1
        if depth:
            chars[index] = " "
        if char == "》" and depth:
            depth -= 1
    for ex_start, ex_end in excluded:
        for index in range(max(ex_start, start), min(ex_end, end)):
            chars[index - start] = " "
    return "".join(chars)


def _named(document: Document, measure: Measure, home: Jurisdiction, excluded: list[Span]) -> list[InstitutionMention]:
    start, end = measure.text_span
    text = _masked(document.text.normalised, start, end, excluded)
    known = _known_places(home)
    mentions = []
    previous_end = 0
    for match in _INSTITUTION_END.finditer(text):
        run_start = match.start()
        while run_start > previous_end and _CJK.match(text[run_start - 1]):
            run_start -= 1
        previous_end = match.end()
        name_start = _name_start(text, run_start, match.end(), known, home)
        if name_start is None:
            continue
        span = (start + name_start, start + match.end())
        mentions.append(InstitutionMention(document.quote(span), span, measure.number, InstitutionRole.NAMED, None))
    return mentions


# --- members of a body ---------------------------------------------------------------

_BODY_WORDS = r"联席会议|领导小组|工作小组|协调小组|委员会|工作专班|专班|指挥部"
_BODY = re.compile(_BODY_WORDS)
# "成员单位包括甲、乙、丙" / "成员为：甲、乙": the list follows.
_MEMBERS_FOLLOW = re.compile(r"成员(?:单位)?\s*(?:包括|为|有|是)\s*[：]?|成员单位\s*[：]")
# "由甲、乙、丙等部门组成": the list is between 由 and 组成.
_MEMBERS_COMPOSE = re.compile(
    r"由(?P<list>[^。；]+?)(?:等)?(?:部门|单位)?(?:的)?(?:主要|分管)?(?:负责人|负责同志)?(?:共同)?组成"
)
# "甲、乙、丙等部门负责人为联席会议成员": the list comes before.
_MEMBERS_PRECEDE = re.compile(
    r"(?:等)?(?:部门|单位)?(?:的)?(?:主要|分管)?(?:负责人|负责同志|领导|同志)?(?:为|作为|任|担任)"
    rf"(?P<body>[^，。；、]{{0,20}}?)成员(?:单位)?(?:的(?P<named_after>[\u4e00-\u9fff]{{0,20}}?(?:{_BODY_WORDS})))?"
)
_BODY_LEAD_IN = re.compile(
    r"^(?:建立健全|建立|健全|完善|成立|组建|设立|调整|充实|优化|发挥|依托|通过|由|在|和|与|及|将|把)+"
)
_NOT_A_UNIT = re.compile(r"任|担任|负责|召集|组长|牵头")
_SENTENCE_END = "。；\n"
_SENTENCE_STOP = re.compile(f"[{_SENTENCE_END}]")


def _unit(raw: str, at: int) -> tuple[str, Span] | None:
    """The unit a list piece names, trimmed, or None when the piece is not a unit."""
    name = raw.lstrip(" 由和及")
    at += len(raw) - len(name)
    name = name.rstrip()
    while (noise := LIST_NOISE.search(name)) and noise.start() > 0:
        name = name[: noise.start()]
    if not name or len(name) > 30 or _NOT_A_UNIT.search(name) or not UNIT_ENDING.search(name):
        return None
    return name, (at, at + len(name))


def _units(text: str, start: int, end: int, backwards: bool) -> list[tuple[str, Span]]:
    """The units of a list, in order. Walking from the side nearest the member words,
    the list stops at the first piece that is not a unit (分管副市长任召集人)."""
    pieces = split_top_level(text[start:end], start, "、，")
    units = []
    for raw, at in reversed(pieces) if backwards else pieces:
        unit = _unit(raw, at)
        if unit is None:
            break
        units.append(unit)
    return units[::-1] if backwards else units


def _body_names(text: str, start: int, end: int) -> list[tuple[str, Span]]:
    """Names of bodies in the range, as 完善长沙市职业教育工作联席会议制度 writes them."""
    found = []
    for match in _BODY.finditer(text, start, end):
        name_start = match.start()
        while name_start > start and _CJK.match(text[name_start - 1]):
            name_start -= 1
        name = text[name_start : match.end()]
        cut = name.rfind("的") + 1
        lead = _BODY_LEAD_IN.match(name[cut:])
        cut += lead.end() if lead else 0
        found.append((name[cut:], (name_start + cut, match.end())))
    return found


def _body_of(document: Document, measure: Measure, list_start: int, sentence_end: int, kind_written: str) -> str | None:
    """The body the members sit on, as written. Of the bodies named before the list, the
    nearest of the kind the member words name (…为联席会议成员), or else of the kind
    named nearest, preferring a full name (长沙市职业教育工作联席会议) over the bare word
    (联席会议); failing those, a body named after the list in the same sentence."""
    text = document.text.normalised
    before = _body_names(text, measure.text_span[0], list_start)
    kind = kind_written or (_BODY.findall(before[-1][0])[-1] if before else "")
    if kind:
        same_kind = [(name, span) for name, span in before if name.endswith(kind)]
        full_names = [span for name, span in same_kind if name != kind]
        if full_names:
            return document.quote(full_names[-1])
        return document.quote(same_kind[-1][1]) if same_kind else kind
    after = _body_names(text, list_start, sentence_end)
    return document.quote(after[0][1]) if after else None


def _sentences(text: str, start: int, end: int) -> list[Span]:
    spans, begin = [], start
    for stop in _SENTENCE_STOP.finditer(text, start, end):
        spans.append((begin, stop.start()))
        begin = stop.end()
    spans.append((begin, end))
    return [span for span in spans if span[1] > span[0]]


def _members(document: Document, measure: Measure) -> tuple[list[InstitutionMention], list[Span]]:
    """Member units in the measure, and the spans of their lists."""
    text = document.text.normalised
    mentions: list[InstitutionMention] = []
    lists: list[Span] = []
    for sentence_start, sentence_end in _sentences(text, *measure.text_span):
        sentence = text[sentence_start:sentence_end]
        if "成员" not in sentence and "组成" not in sentence:
            continue  # no member words (成员, 由…组成): no list of members
        units: list[tuple[str, Span]] = []
        written, named_after = "", None
        if follow := _MEMBERS_FOLLOW.search(text, sentence_start, sentence_end):
            units = _units(text, follow.end(), sentence_end, backwards=False)
            written = text[sentence_start : follow.start()]
        elif compose := _MEMBERS_COMPOSE.search(text, sentence_start, sentence_end):
            units = _units(text, compose.start("list"), compose.end("list"), backwards=True)
        elif precede := _MEMBERS_PRECEDE.search(text, sentence_start, sentence_end):
            list_start = max(text.rfind("：", sentence_start, precede.start()) + 1, sentence_start)
            units = _units(text, list_start, precede.start(), backwards=True)
            written = precede.group("body")
            named_after = precede.span("named_after") if precede.group("named_after") else None
        if not units:
            continue
        list_start = units[0][1][0]
        if named_after:
            body = document.quote(named_after)
        else:
            kinds_written = _BODY.findall(written)
            body = _body_of(document, measure, list_start, sentence_end, kinds_written[-1] if kinds_written else "")
        lists.append((list_start, units[-1][1][1]))
        mentions.extend(
            InstitutionMention(document.quote(span), span, measure.number, InstitutionRole.MEMBER, body)
            for _, span in units
        )
    return mentions, lists


def extract(document: Document) -> list[InstitutionMention]:
    """Named institutions and member units of every measure, in document order. A name
    inside a member list is a member only."""
    home = issuer_of_plan(document)  # the title, else the issuing organ, signature or preamble
    found: list[InstitutionMention] = []
    for measure in document.measures:
        members, lists = _members(document, measure)
        found.extend(members)
        found.extend(_named(document, measure, home, lists))
    found.sort(key=lambda mention: (mention.span[0], mention.span[1]))
    return found
