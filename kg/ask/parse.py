"""A question parsed: the entities it names (``kg.ask.link``), the cues that say what it
asks (who leads, targets, a value, a definition, a ranking …) and the filters that follow
(a role, a year in or by, a unit, a keyword, a plan). ``kg.ask.forms`` decides from a
Parse which form answers; nothing here knows a form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.ask.instruments import Instrument, named
from kg.ask.link import (
    Body,
    Concept,
    DepartmentIndex,
    MeasureReference,
    Mention,
    PlanIndex,
    ProgrammeIndex,
    YearReference,
    measure_references,
    year_references,
)
from kg.lexicon import QUESTION_WORDS
from kg.read import normalise
from kg.text import strip_quotes

# What a question asks, by its words. Each cue is one pattern, in both languages.
CUES = {
    "lead": r"牵头|主抓|领头|主责|主办|主要负责|\blead(?:s|ing)?\b|\bled\b|\bheads?\b|\bin charge of leading\b",
    "any-role": r"参与|参加|涉及|负责|承担|有关|相关|分工|\btakes? part\b|\bpart in\b|\bparticipat\w*|\binvolv\w*"
    r"|\bresponsib\w*|\bin charge\b|\bworks? on\b|\bassigned\b|\bcontribut\w*|\broles?\b|\bhandles?\b",
    "participant": r"配合|协助|协办|作为(?:配合|责任|参与|协办)单位|非牵头|\bas an? (?:participant|participating|supporting"
    r"|cooperating|partner)\b|\bsupport(?:s|ing)?\b|\bassists?\b|\bparticipating (?:unit|department)"
    r"|\bnot as (?:the )?lead\b|\bbut not (?:as )?lead",
    "who": r"谁|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|什么单位|\bwho\b|\bwhich (?:departments?|units?|agenc\w*|bod\w*|"
    r"organi[sz]ations?|offices?)\b|\bwhat (?:departments?|units?|agenc\w*)\b",
    "targets": r"目标|指标|\btargets?\b|\bgoals?\b|\bkpis?\b|\bfalls? due\b|\bdue\b|\bdeadlines?\b",
    "value": r"多少|几年|几次|几个(?!部门|单位|任务|措施)|几家|几所|几倍|几成|标准是|什么标准|最高|最低|上限|下限|比例|占比|多久|多长"
    r"|期限|频次|频率|\bhow (?:much|often|long|high|low|large|big)\b"
    r"|\bhow many(?! (?:measures|tasks|items|departments|units|agencies|targets|plans))\b"
    r"|\bwhat (?:is|are|was) the (?:standard|rate|amount|level|ratio|share|limit|maximum|minimum|cap|subsidy|fee"
    r"|award|reward|bonus|percentage|proportion|number|frequency|duration|term|ceiling)\b"
    r"|\bwhat (?:percentage|proportion|share)\b|\bup to how\b",
    "count": r"几项|多少项|多少个?(?:任务|措施|事项|部门|单位)|几个(?:任务|措施|部门|单位)|多少条|几条|数量"
    r"|\bhow many (?:measures|tasks|items|departments|units|agencies|targets)\b|\bnumber of (?:measures|tasks)\b"
    r"|\bcount\b",
    "no-lead": r"(?:没有|无|缺少|缺|未明确|未写明|未落实|没落实|没有落实|尚未明确|未指定|没有明确|没写)(?:的)?(?:牵头|责任|负责)(?:单位|部门)?"
    r"|(?:没人|无人|没有人|谁都没有)(?:负责|牵头)|无(?:牵头|责任)单位|\bno (?:lead|one leads|one is|responsible|"
    r"department|unit|owner)\b|\bwithout (?:a |an |any )?(?:lead|responsible|department|unit|owner)"
    r"|\bunassigned\b|\bnobody\b|\bno one\b|\bnot assigned\b|\black(?:s|ing)? (?:a |an |any )?"
    r"(?:lead|responsible|department|unit|owner)",
    # Measures that name no unit at all (unassigned), not those that name units but no lead.
    # Nobody responsible (无人负责, no responsible unit) is this reading too: a measure with
    # 责任单位 and no 牵头单位 has units responsible. Only a missing lead (牵头) is no-lead.
    "no-unit": r"未分配|没有分配|没有任何(?:责任|负责)?(?:单位|部门)|未(?:明确|指定)任何(?:单位|部门)|一个(?:单位|部门)都没有"
    r"|(?:没人|无人|没有人|谁都没有|谁也没有)负责|(?:没有|无|缺少|缺|未明确|未指定|没有明确)(?:的)?(?:责任|负责)(?:单位|部门)"
    r"|\bunassigned\b|\bnot assigned\b|\bnobody\b(?! leads)|\bno one\b(?! leads)|\bnames? no (?:unit|department)"
    r"|\bno (?:unit|department|owner|responsible)|\bwithout (?:a |an |any )?(?:unit|department|owner|responsible)"
    r"|\black(?:s|ing)? (?:a |an |any )?(?:unit|department|owner|responsible)",
    # How many of something each plan has: one count per plan.
    "per-plan": r"每个方案|每份方案|各个?方案|每个文件|各个?文件|每个计划|\beach (?:plan|document)\b|\bper (?:plan|document)\b"
    r"|\bevery (?:plan|document)\b",
    # Which programmes the plans name (项目与任务对照), not the measures that name one.
    "programmes": r"提到了?哪些(?:项目|工程|专项|计划)|涉及了?哪些(?:项目|工程|专项)|有哪些(?:重点)?(?:项目|工程)(?:被|在)?(?:提到|提及)"
    r"|\bprogram(?:me)?s\b",
    "rank": r"最多|最少|最忙|排名|排行|排序|工作量|任务数|\bmost\b|\bfewest\b|\bleast\b|\bbusiest\b|\brank\w*|\btop\b",
    "together": r"共同|一起|都参与|同时参与|合作|协作|协同|搭档|(?<!what )(?<!the )(?<!a )\bshare[sd]?\b|\btogether\b|\bboth\b|\bworks? with\b"
    r"|\bpartners?\b|\bjointly\b|\bwith whom\b",
    "cite": r"引用|援引|依据|参照|依照|\bcit(?:e|es|ed|ing)\b|\breferenc\w*\b|\bbased on\b",
    "several": r"多个|几个|共同|同一|都|\bseveral\b|\bmany\b|\bmore than one\b|\bsame\b|\bshared?\b",
    # Which plans name a unit asks across them too: every place's unit of that name.
    "across": r"各地|哪些(?:城市|地方|地区|市|省|县|区|州)|各(?:市|县|省|区|州)|不同地区|跨地区|比较|对比"
    r"|哪些(?:方案|文件|计划)(?:中|里)?(?:提到|提及|涉及|写到|点名|有)|\bwhich (?:cities|places|counties|provinces|regions)\b"
    r"|\bwhich (?:plans|documents) (?:name|mention|involve|assign)|\bacross\b|\bcompare\b|\beach city\b|\bevery city\b",
    # The level of place an across question keeps: 哪些城市的财政局 — the cities' only.
    "level": r"哪些(?:城市|市|省|县|区|州)|各(?:市|县|省|区|州)|\b(?:which|across|each|every|all) (?:the )?"
    r"(?:cities|city|provinces|province|counties|county|districts|district)\b",
    "mention": r"涉及|提到|提及|关于|有关|相关|包含|包括|围绕|\bmention\w*|\binvolv\w*|\babout\b|\brelated\b|\brefer\w*"
    r"|\bconcern\w*|\bon\b",
    # A topic the measures are about, said as such (with a unit named, 涉及 and "involved"
    # ask for its role, not a topic).
    "topic": r"关于|方面|围绕|领域|提到|提及|包含|\babout\b|\bconcerning\b|\bregarding\b|\brelated to\b|\bmention\w*"
    r"|\bon the (?:topic|subject) of\b",
    "lead-only": r"in charge of lead\w*|\bas (?:the )?lead\b|作为牵头单位|\bthe lead (?:agency|unit|department) for\b",
    "measure-text": r"内容|讲什么|讲的是什么|说了什么|说的是什么|具体要求|要求是什么|写了什么|\bsay\b|\bsays\b|\bwhat is (?:measure|task|item)"
    r" \S+ about\b|\btext of\b|\bdescribe\b|\bwording\b",
    "measures": r"任务|措施|事项|工作|\bmeasures?\b|\btasks?\b|\bitems?\b",
    # Versions of a plan (a draft for comment and its final text) and what changed between
    # them. The words of a change are the ones a question says of a change (换了, 有变化,
    # 提高了 …), not those a plan's own topics use (结构调整, 气候变化, 提高质量), which would
    # take a question about a topic to the forms of versions.
    "version": r"征求意见稿|意见稿|正式稿|送审稿|讨论稿|修订稿|定稿|终稿|初稿|草案|印发稿|正式版|最终版|新版|旧版|上一版"
    r"|版本|\bdrafts?\b|\bfinal (?:version|text|plan)\b|\bversions?\b|\brevis(?:ed|ions?)\b",
    "changed": r"换了|更换|换成|改为|改成|改由|变了|有(?:哪些|什么|何|所)?(?:变化|调整|改动|不同|区别)"
    r"|(?:发生|作|做|进行)了?(?:变化|调整|改动)|调整了|变化了|改动了"
    r"|(?:牵头单位|牵头部门|责任单位|配合单位|目标|指标)(?:的|有|发生)?(?:变化|调整|变更|变动|改动)"
    r"|\bchang(?:ed|es)\b|\bswitched\b|\breplaced\b|\breassigned\b|\bdiffer(?:s|ences?)?\b",
    "raised": r"提高了|提升了|上调|调高|调增|\braised\b|\b(?:were|was|been|got) increased\b|\bwent up\b",
    "lowered": r"降低了|下调|调低|调减|放宽了|\blowered\b|\b(?:were|was|been|got) (?:decreased|reduced)\b|\bwent down\b",
    "added": r"新增了|新增(?=哪|什么|几|的(?:任务|措施|目标|指标))|新加了|增补了|添加了|加入了|\badded\b"
    r"|\bnew (?:measures?|tasks?|targets?)\b",
    "removed": r"删除|删去|删掉|删减|去掉|拿掉|取消了|移除|不再保留|\bdropped\b|\bremoved\b|\bdeleted\b|\bomitted\b",
    # Policy instruments (kg.ask.instruments): the questions that ask which a plan uses.
    "instrument": r"政策工具|工具|\binstruments?\b|\bpolicy tools?\b",
}
# Compiled on first use, each cue's Chinese words apart from its English ones, which are
# compiled only for a question with Latin letters: every process compiled all of them, and
# an English word cannot match a question without a letter it can match (an ASCII letter,
# or one that IGNORECASE matches to one: İ ı ſ K).
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a")
_compiled: dict[tuple[str, bool], re.Pattern | None] = {}


def _alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (outside groups and classes)."""
    parts, depth, start, at, in_class = [], 0, 0, 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
        at += 1
    return [*parts, pattern[start:]]


def _cue(name: str, english: bool) -> re.Pattern | None:
    """The cue's Chinese (or English) alternatives as one pattern; None when it has none."""
    key = (name, english)
    if key not in _compiled:
        words = [part for part in _alternatives(CUES[name]) if part.isascii() == english]
        _compiled[key] = re.compile("|".join(words), re.IGNORECASE) if words else None
    return _compiled[key]


def _latin(text: str) -> bool:
    return not _LATIN.isdisjoint(text)


# The level words of places (哪些城市, which counties) and the levels (pk:level) they keep.
_LEVEL_WORDS = (
    (r"城市|市|\bcit(?:y|ies)\b", ("市",)),
    (r"省|\bprovinces?\b", ("省", "自治区")),
    (r"县|\bcount(?:y|ies)\b", ("县", "旗", "自治县")),
    (r"区|\bdistricts?\b", ("区",)),
    (r"州", ("州", "盟")),
)


def place_levels(question: str) -> tuple[str, ...]:
    """The levels of place an across question keeps (哪些城市的财政局: 市), none for 各地."""
    for english in (False, True):
        pattern = _cue("level", english)
        found = pattern.search(question) if pattern is not None else None
        if found is not None:
            return next((levels for words, levels in _LEVEL_WORDS if re.search(words, found.group(), re.I)), ())
    return ()


def cues_of(text: str) -> frozenset[str]:
    """The cues whose words ``text`` holds (``CUES``, matched without regard to case)."""
    languages = (False, True) if _latin(text) else (False,)
    return frozenset(
        name
        for name in CUES
        if any((pattern := _cue(name, english)) is not None and pattern.search(text) for english in languages)
    )


# Compiled on first use, the English ones only for a question with Latin letters.
_DEFINITION = (
    (r"^(?:请问)?(?:什么是|什么叫|何为|何谓|解释一下|解释)(?P<term>.+?)[？?。！!]*$", 0),
    (r"^(?P<term>.+?)(?:是什么意思|是什么|指什么|的含义是什么|的含义|的定义|什么意思|是指什么|是啥)[？?。！!]*$", 0),
    (r"^what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<term>.+?)\s*\??$", re.IGNORECASE),
    (r"^what\s+does\s+(?P<term>.+?)\s+(?:mean|stand for)\s*\??$", re.IGNORECASE),
    (r"^(?:define|meaning of|definition of)\s+(?P<term>.+?)\s*\??$", re.IGNORECASE),
)

# Words of a question that are no keyword: the words that ask (the lexicon's QUESTION_WORDS,
# which kg.ask.retrieve drops too), and more that retrieve keeps, as they tell the clauses
# that answer apart: the genre's nouns (任务, 目标, 部门), the verbs a question asks of a
# measure with (涉及, 牵头, 完成), demonstratives and function words, in both languages.
NOT_KEYWORDS = frozenset(QUESTION_WORDS) | frozenset(
    "哪项 哪几 任务 措施 事项 工作 涉及 提到 提及 关于 有关 相关 包含 包括 内容 方面 有 在 和 与 及 几项 多少项 "
    "哪几项 几条 多少条 中 里 其中 那项 这项 该项 那条 这条 那个 这个 都 所有 全部 领域 城市 各地 地方 牵头 参与 "
    "负责 部门 单位 谁 要 需要 应 应当 将 把 被 对 目标 指标 到期 完成 实现 达到 截止 期限 时间 年底 年末 由 为 从 "
    "到 年 之前 以前 前 底 能 可以 一共 共 总共 项 个 这 那 哪 些 方案 计划 规划 文件 里面 给 按 按照 "
    "who whom whose measures measure tasks task items item mention mentions mentioned about were with lead leads "
    "led take takes part participate involved involve cities city city's cities' plan plans please tell me show "
    "list give any that this these those and or its it their they has have had should would can could target "
    "targets goal goals fall falls due deadline deadlines reached reach met meet achieved achieve completed "
    "complete involving involves concerning regarding related relating mentioning leading responsible charge "
    "participating supporting supports support department departments unit units agency agencies bureau where "
    "district county province municipal provincial prefectural work works working".split()
)


@dataclass
class Parse:
    """What a question names and how it asks."""

    question: str
    bodies: list[Body] = field(default_factory=list)
    measures: list[MeasureReference] = field(default_factory=list)
    titled: list[tuple[int, Mention]] = field(default_factory=list)  # measures named by their title
    titled_iris: list[str] = field(default_factory=list)  # those measures, of the plans that have them
    years: list[YearReference] = field(default_factory=list)
    concept: Concept | None = None
    instrument: Instrument | None = None  # a policy instrument (or a type of them) it names
    plan: tuple[str, Mention] | None = None
    scope: list[tuple[str, Mention]] = field(default_factory=list)  # the plans of a place it names, when several
    term: str | None = None  # what a "what is X" question asks about
    cues: frozenset[str] = frozenset()
    keyword_of: Callable[[], tuple[str, tuple[int, int]] | None] | None = None  # segmenting loads jieba: only on use
    _keyword: tuple[str, tuple[int, int]] | None = None
    keyword_computed: bool = False

    def has(self, *cues: str) -> bool:
        return any(cue in self.cues for cue in cues)

    def in_plan_title(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` of the question lies inside the plan title it writes."""
        return self.plan is not None and _within(span, [self.plan[1].span])

    @property
    def role(self) -> str:
        """The role a question about a unit asks for: lead, participant, or any."""
        if self.has("participant"):
            return "participant"
        if self.has("lead-only") or (self.has("lead") and not self.has("any-role")):
            return "lead"
        return "any"

    def _keyword_found(self) -> tuple[str, tuple[int, int]] | None:
        if not self.keyword_computed:
            self._keyword = self.keyword_of() if self.keyword_of else None
            self.keyword_computed = True
        return self._keyword

    @property
    def keyword(self) -> str | None:
        """The words the question asks about beyond the entities and question words."""
        found = self._keyword_found()
        return found[0] if found else None

    @property
    def keyword_span(self) -> tuple[int, int] | None:
        found = self._keyword_found()
        return found[1] if found else None

    @property
    def numbers(self) -> list[int]:
        return [ref.number for ref in self.measures if ref.number is not None]

    @property
    def year(self) -> YearReference | None:
        return self.years[0] if self.years else None


def parse(question: str, units: DepartmentIndex, programmes: ProgrammeIndex, plans: PlanIndex) -> Parse:
    parsed = Parse(question)
    parsed.bodies = units.bodies(question)
    parsed.measures = measure_references(question)
    parsed.years = year_references(question)
    parsed.plan = plans.named(question)
    if parsed.plan is not None:
        # A unit's name inside the plan's title is the title's: 政府 in 某市数字政府建设实施方案.
        parsed.bodies = [body for body in parsed.bodies if not all(parsed.in_plan_title(m.span) for m in body.mentions)]
    if not parsed.measures:
        titled = plans.titled_measures(question)
        if parsed.plan is not None:
            titled = [found for found in titled if found[2] == parsed.plan[0]]
        parsed.titled = [(number, mention) for number, mention, _, _ in titled]
        parsed.titled_iris = sorted({measure for _, _, _, measure in titled})
        # A unit's name inside a measure's title the question writes whole is the title's:
        # 文旅 in 繁荣文旅消费由谁牵头 names no department.
        titles = [mention.span for _, mention in parsed.titled]
        parsed.bodies = [body for body in parsed.bodies if not all(_within(m.span, titles) for m in body.mentions)]
    if parsed.plan is None:
        # A plan named by its place (湘潭县方案里, 赣州市第5项任务): the place's plan answers.
        written = [m.span for body in parsed.bodies for m in body.mentions] + [r.mention.span for r in parsed.measures]
        placed = plans.of_place(question, written)
        if len(placed) == 1:
            parsed.plan = placed[0]
        else:
            parsed.scope = placed
    # A year inside a plan's title is part of the title, not a deadline: 河北省2024年冬季清洁
    # 取暖工作方案第3项 asks for that plan's measure 3, not for targets due in 2024.
    taken = [m.span for body in parsed.bodies for m in body.mentions] + [r.mention.span for r in parsed.measures]
    taken += [parsed.plan[1].span] if parsed.plan else []
    parsed.years = [y for y in parsed.years if not _overlaps(y.mention.span, taken)]
    parsed.concept = programmes.find(question)
    if parsed.concept and _overlaps(parsed.concept.mention.span, [m.span for b in parsed.bodies for m in b.mentions]):
        parsed.concept = None
    parsed.term = definition_term(question)
    parsed.instrument = named(normalise(question))
    if parsed.instrument and _overlaps(parsed.instrument.span, [m.span for b in parsed.bodies for m in b.mentions]):
        parsed.instrument = None
    # Cue words inside a name are not the question's: 各县 in 各县（市、区）人民政府 does not
    # ask to compare places, 负责 in a unit's name does not ask for every role, 目标 in the
    # instrument 目标规划 asks for no target.
    names = [m.span for b in parsed.bodies for m in b.mentions]
    names += [parsed.concept.mention.span] if parsed.concept else []
    names += [parsed.plan[1].span] if parsed.plan else []
    names += [mention.span for _, mention in parsed.scope]
    names += [parsed.instrument.span] if parsed.instrument else []
    text = _blank(normalise(question), names)
    parsed.cues = cues_of(text)
    return parsed


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _within(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in others)


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def definition_term(question: str) -> str | None:
    """X of "什么是X / X是什么意思 / what is X / what does X mean", quotes removed."""
    text = question.strip()
    latin = _latin(text)
    for source, flags in _DEFINITION:
        if source.isascii() and not latin:
            continue
        match = re.compile(source, flags).match(text)
        if match:
            term = strip_quotes(match.group("term")).strip(" ？?，,。")
            return term or None
    return None


def _tokens(text: str, segmenter) -> list[str]:
    """Chinese runs cut by jieba, English words and numbers whole (jieba would cut
    "involving" into in + volv + ing with a dictionary that holds "in"); the tokens
    joined give the text back."""
    tokens = []
    # A Latin run stops at a Chinese character: 5G基站的目标 is 5G + 基站 + 的 + 目标.
    for match in re.finditer(r"[\u4e00-\u9fff]+|[A-Za-z0-9][A-Za-z0-9_+\-.']*|\s+|.", text):
        run = match.group()
        tokens.extend(segmenter.lcut(run) if re.match(r"[\u4e00-\u9fff]", run) else [run])
    return tokens


def keyword(parsed: Parse, names: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The words a question asks about once its question words and the entities it names
    are gone: 经费保障 in 哪些任务涉及经费保障？. Segmented with jieba, whose dictionary
    holds ``names`` (the store's and the registry's) so that they stay whole."""
    from kg.segment import tokenizer

    text = normalise(parsed.question)
    blank = [m.span for b in parsed.bodies for m in b.mentions] + [r.mention.span for r in parsed.measures]
    blank += [y.mention.span for y in parsed.years]
    if parsed.plan:
        blank.append(parsed.plan[1].span)
    blank += [mention.span for _, mention in parsed.scope]
    text = _blank(text, blank)
    runs: list[tuple[int, int]] = []
    start = end = None
    at = 0
    for token in _tokens(text, tokenizer(names + sorted(NOT_KEYWORDS))):
        word = token.strip().lower()
        token_start, at = at, at + len(token)
        if not word or word in NOT_KEYWORDS or not re.search(r"[\w\u4e00-\u9fff]", word) or word.isdigit():
            if start is not None and word:
                runs.append((start, end))
                start = None
            continue
        if start is None:
            start = token_start + len(token) - len(token.lstrip())
        end = token_start + len(token.rstrip())
    if start is not None:
        runs.append((start, end))
    words = [(text[s:e].strip(), (s, e)) for s, e in runs]
    words = [(w, span) for w, span in words if len(w) >= 2 and not re.fullmatch(r"[a-z]{1,2}", w, re.IGNORECASE)]
    if not words:
        return None
    word, span = max(words, key=lambda item: len(item[0]))
    return strip_quotes(word), span
