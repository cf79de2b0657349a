"""Quantified targets: what a plan commits to reach, how much, by when and where.

The genre (docs/genre.md, "Targets") states a target as a number with a unit and a
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

Magnitudes stay in the unit, for every unit: 24万人以上 is >= 24 万人, 5.6万张 is 5.6
万张, 1.5亿元 is 1.5 亿元, 1万余人 is > 1 万人, 突破1万亿元 is > 1 万亿元; the value is never
multiplied out. A proportion written in words is one in figures: 百分之九十以上 is >= 90 %,
百分之三点五 is 3.5 %, 百分之百 is 100 %, 千分之五 is 5 ‰.

Rates, caps and standards are targets, the amount as the value and what it is counted
per as the ``basis``:

    每张床位每月200元          = 200 元, basis 每张床位每月
    每百户不低于20平方米       >= 20 平方米, basis 每百户 (never 100 户)
    每月不少于1次 / 每两年举办一届   >= 1 次, basis 每月 / = 1 届, basis 每两年
    不低于当地最低工资标准的1.2倍   >= 1.2 倍, basis 当地最低工资标准

One rule for denominators: written with a slash they stay in the unit, as the genre
writes them (1000元/人 is 1000 元/人, 不超过100万元/项 is <= 100 万元/项, like 元/年
and 元/生·年); written in words (每…, or the reference of a multiple: X的N倍) they are the
basis and the unit is bare. A 每 phrase of time (每月, 每两年) or with a numeral (每百户,
每千人口) is a basis wherever it stands before the value in its clause; any other 每
phrase (每张床位, 每个项目) only when it stands directly before the value or its
comparator; 每 phrases at the head of a clause that name a place or an organisation
(每所学校, 每个县) stay scopes. A benefit rule or a condition (给予…, 对…) states no goal,
but the standards it sets do: a value with a basis, a slash denominator or a cap (最高,
不超过) in such a clause is a target, and so is the sum it grants each who qualifies
(给予50万元奖补, 给予一次性奖励100万元, 奖励50万元: ``_is_grant``).

A change from a baseline (由9000元提高到15000元, 从每人每月100元提高至150元) is one
target: the new value, with the old one as its ``baseline``. Values listed in one clause
share the basis written before the first (小学每生每年650元、初中850元 → both 每生每年)
and, in a bare list, its comparator (分别不低于1000元、1250元 → both >=). Where n items
are listed before 分别 (joined by 、 和 及 与) and n values after it, the i-th value measures
the i-th item with the words the items share: a tail after the last, a scope or an owner
before the first, and the words of change after 分别 (甲、乙重点工程减排量分别达到1万吨、2万吨
→ 甲重点工程减排量, 乙重点工程减排量; 小学、初中班额分别不超过45人、50人 → 小学班额, 初中班额;
A和B同比分别增长10%和12% → A同比增长, B同比增长: ``_respectively``); a clause of a change
only that lists n values after 分别 (…，同比分别增长10%、12%) measures the changes of the n
targets before it in its sentence. With another count of items the list is one metric.

A year or a period that is a clause of its own at the head of a sentence (2025年，…;
2024—2026年，… → 2026) is the deadline of the sentence's targets, like 到2025年; so is a
year written with no comma straight before the verb or the scope that opens a clause
(2022年改造农贸市场50个, 2017年全州减少贫困人口10万人: ``_YEAR_OPENING``), but not one a noun
follows (2022年度考核结果, 2023年水平; 达到2023年水平 and 恢复到2019年同期 name a level).

A count written in Chinese numerals with no comparator, scope, deadline or basis counts
only when a verb of making or reaching governs it (建成两个基地, 培育三家企业); otherwise
it is a descriptor inside a name (完善两项补贴制度). A threshold written as a
disjunction (两个或两个以上单位) describes who qualifies and is never a target, nor is a
bound written straight before a noun (160千瓦及以下拖拉机, 投资5000万元以上项目20个: a
class of things; 功率达到160千瓦以上 is a target) or with 的 between (收入5万元以下的薄弱村;
50万元以上的村占比达到40% → 50万元以上的村占比; 保持10万元以上的水平 is a target), nor a
bounded count of members before a place or a firm (30户以上具备条件的村寨, 3000人以上的行政村,
千头以上奶牛场30个; 培育10家以上龙头企业 counts the firms) or, after a verb of removing,
before a noun that is not the members (消除56人以上大班额 names the class removed; 培训500人
以上企业职工 counts people), nor a phase of a project (污水处理厂二期, 三期工程).

A clause that names only a change after a value measures the change of what that value
measured (旅游总收入达到1050亿元，增长10% → 旅游总收入增长; 比上年增长 keeps 比上年 in the
metric), and a level after a change the total (零售总额增长6%左右，力争突破1200亿元 → 零售总额),
unless both are rates in one unit (增长6%，力争达到8%). Ages count in 岁 only after a
comparator or a verb of reaching (人均预期寿命达到79岁; 60岁以上老年人 is who), livestock of
both kinds in 头只, and a ratio with its name after it (按照1∶15的师生比) measures that ratio.

In an annual plan (a title naming one year), 全年, 今年 and 本年度 at the head of a clause
date its targets in that year, as 年内 does.

A year with a part of it is a deadline wherever it stands, as a 完成时限 field reads it
(``_part_date``): 2024年上半年 → 2024-06-30, 2024年三季度末 / 第三季度前 → 2024-09-30,
2024年下半年 → 2024-12-31; 2024年春节前 dates the year only (the festival's day moves, in
January or February), and 春节期间 or a date compared with (比2022年底, 较2023年上半年) is
none. A value after nothing but verbs (力争达到50万吨) measures what the clause just
before measured, even one with no value of its own (粮食产量不低于上年水平 → 粮食产量).
Incidents are counted in 起 (较大事故控制在1起以内, 重大事故0起); 一起 (together), 起步,
起草 and a start (5月1日起) are no count.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from kg.lexicon import COMPARATORS_AFTER, COMPARATORS_BEFORE, COMPARATORS_BETWEEN, alternation
from kg.names import OTHER_FIELD
from kg.numerals import DIGITS, chinese_to_int
from kg.read import normalise
from kg.structure import Document, Span
from kg.text import MASK, QUOTE_PAIRS


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
    # Added last so that positional construction elsewhere keeps working.
    basis: str | None = None  # what the value is counted per, as written: 每张床位每月, 当地最低工资标准
    baseline: Decimal | None = None  # the value a change starts from: 由9000元提高到15000元 → 9000


# --- comparators -----------------------------------------------------------------------

# The comparator words are the lexicon's (ontology/lexicon.toml, [comparators]), by where
# they stand: before the number, after it, or between it and its unit.


def _longest_first(words: dict[str, str]) -> tuple[str, ...]:
    """An alternation tries its words in order: a word that starts a longer one goes after it."""
    return tuple(sorted(words, key=len, reverse=True))


# 超 is a comparator only straight before a number (超百亿元, 超1000家; never 超低排放, 超额).
_BEFORE_A_NUMBER = {"超": "超(?=[\\d一二两三四五六七八九十百千万])"}
# The words before a number, as words (the reference of a multiple, the end of a 每 phrase) …
_COMPARATOR_WORDS_PATTERN = "|".join(
    _BEFORE_A_NUMBER.get(word, re.escape(word)) for word in _longest_first(COMPARATORS_BEFORE)
)
# … and as comparators: 约 and 近 only where no word holds them (签约, 节约, 附近, 最近).
# kg.ask.retrieve reads the comparator of a quantity in a clause with the same two
# alternations, before the number and after it.
_NOT_IN_A_WORD = {"约": "(?<![签制节预合公条履邀特相契])", "近": "(?<![附邻就最亲临走贴])"}
PREFIX_ALTERNATION = "|".join(
    _NOT_IN_A_WORD.get(word, "") + _BEFORE_A_NUMBER.get(word, re.escape(word))
    for word in _longest_first(COMPARATORS_BEFORE)
)
SUFFIX_ALTERNATION = alternation(_longest_first(COMPARATORS_AFTER))
_PREFIX_COMPARATOR = re.compile(PREFIX_ALTERNATION)
# 160千瓦及以下, 3年或以上: 及 / 或 joins the value to the word after it (及以上 is a word of
# the lexicon's too).
_SUFFIX_COMPARATOR = re.compile(rf" ?(?:[及或](?=以))?({SUFFIX_ALTERNATION})")
# 不低于 → Comparator.AT_LEAST, 以上 → Comparator.AT_LEAST, 多 → Comparator.GREATER …
_COMPARATOR_OF = {
    word: Comparator[name.upper()]
    for words in (COMPARATORS_BEFORE, COMPARATORS_AFTER, COMPARATORS_BETWEEN)
    for word, name in words.items()
}
# Between number and unit: 20多个, 100余所 — more than the number.
_BETWEEN = alternation(_longest_first(COMPARATORS_BETWEEN))
# How far a prefix comparator may stand before its number: 至少建设培育2家 (four verbs).
_PREFIX_REACH = 4

# --- numbers and units -----------------------------------------------------------------

# A number starts where a run of digits starts: tried inside a run too, a text of 20,000
# digits made every pattern scan the rest of the run from each digit (quadratic time).
_ARABIC = r"(?<!\d)(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# 万 and 亿 are left to the units (3万元, 十万人次), so a numeral stops before them.
_NUMERALS = "零〇一二两三四五六七八九十百千"
_CHINESE = rf"(?<![{_NUMERALS}])[{_NUMERALS}]+"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
# A pattern that searches a plan's text opens with a lookahead on the characters a match
# can start with: the regex engine then passes over the other places three times faster.
_NUMBER_START = re.compile(rf"(?=[\d{_NUMERALS}]){_NUMBER}")

# Units as the genre writes them. A unit character that starts a longer word
# (家庭, 所有, 名师, 支持, 一次性, 龙头 → 头部, 部门, 批准, 株洲) is no unit. A magnitude (万, 亿,
# 万亿) stays in the unit, and a denominator written with a slash (元/人, 万元/项, 元/生·年,
# 元/头) is part of it.
_MAGNITUDE = r"(?:万亿|千万|百万|万|亿)"
_DENOMINATOR = (
    r"(?:/(?:人次|平方米|千瓦时|立方米|公里|公斤|千克|公顷|课时|学时|小时|床位|床日"
    r"|[生人年月日天次校所户项个张床亩吨家套台场件例辆间度头只株])"
    r"(?:[·•・.](?:学年|学期|年|月|天|日|次))?)"
)
_BASE_UNIT = (
    "(?:"
    + "|".join(
        (
            # 美元, 欧元: a currency's name ends in 元 too (8000万美元).
            r"千?[美欧港]?元",
            r"人次|人(?![才员民口均群])|[家户台架辆艘件批班车场]次",
            r"个工作日|工作日|个月|小时|分钟|课时|学时|天",
            # 米 after 平方米, 立方米 and 千米, which it ends; 吨标准煤 before 吨.
            r"亩|千?公顷|平方公里|平方千米|平方米|立方米|公里|千米|米(?![粮面饭])|吨标准煤|吨标煤|吨|公斤|千克"
            r"|千瓦时|千瓦|兆瓦|千伏安|微克|毫克|标准箱|标箱|TEU",
            r"个等级|个档次|个|家(?![庭长乡居])|所(?![有属在需])|名(?![师单额称校])|位(?![置于])",
            r"项(?!目)|支(?![持撑付出])|门(?![类槛户])|套|座|处(?![理置])|条(?![件例款])",
            r"间|张|台|户|场(?![所景馆地])|次(?!性)|期(?![间末限])|篇|件|届|辆|艘|架(?![构])",
            # Livestock, poultry, trees; buildings, lifts and films; batches.
            # 头只 counts livestock of both kinds as one (牲畜存栏1500万头只).
            r"头只|头(?![部脑条等号])|只(?![有要能是])|羽(?![毛绒])|株(?!洲)|栋(?!梁)|部(?![门分署件位委长队际曲])"
            r"|批(?![准复发次而量])",
            # Incidents: 事故控制在1起以内, 重大事故0起 (一起 is "together"; 起步, 起草, 起到 are words).
            r"(?<!一)起(?![步草点来到诉飞源航始止见码床居])",
            # An age (人均预期寿命达到79岁) is a value only after a comparator or a verb of
            # reaching or change (``_AGE_WORDS``): 60岁以上老年人 names a class of people.
            r"周?岁(?![月末])",
        )
    )
    + ")"
)
# A rate per so many people: 10/10万 (孕产妇死亡率), 3/万.
_PER_POPULATION = r"/\d*(?:十万|万|千)人?"
_UNIT = rf"(?:个百分点|百分点|%|‰|‱|倍|{_PER_POPULATION}|{_MAGNITUDE}?{_BASE_UNIT}{_DENOMINATOR}?)"
# Units that count things: the thing counted is written after them (6个…基地).
_COUNTING_UNIT = re.compile(
    rf"{_MAGNITUDE}?(?:人次|[家户台架辆艘件批班车场]次|人|个|家|所|名|位|项|支|门|套|座|处|条|间|张|台|户|场|次|期|篇|件|届|辆|艘|架"
    r"|头只|头|只|羽|株|栋|部|批|起)"
)

_RANGE_JOIN = r"(?:—{1,2}|-|~|至|到)"
_RANGE = re.compile(
    rf"(?P<low>{_NUMBER}) ?(?P<low_unit>{_UNIT})? ?{_RANGE_JOIN} ?(?P<high>{_NUMBER}) ?(?P<unit>{_UNIT})"
)
_RATIO = re.compile(r"(?<!\d)(?P<left>\d+(?:\.\d+)?) ?[∶：] ?(?P<right>\d+(?:\.\d+)?)(?![\d.年月日时])")
# 20多个, 100余所: more than the number (_BETWEEN).
# 1万余人: the magnitude stands before 余 and still belongs to the unit.
_SINGLE = re.compile(
    rf"(?P<number>{_NUMBER}) ?(?P<magnitude>{_MAGNITUDE}(?={_BETWEEN}))?(?P<more>{_BETWEEN})?(?P<unit>{_UNIT})"
)
# A number with no unit counts only after an explicit comparator (不低于85).
_UNITLESS = re.compile(rf"(?P<number>{_ARABIC})(?![\u4e00-\u9fffA-Za-z\d.+])")
# A number glued to letters or symbols is a code: 5G, G20, 1+X.
_CODE_BEFORE = re.compile(r"[A-Za-z\d.+]")
_CODE_AFTER = re.compile(r"[A-Za-z+]")

# --- deadlines -------------------------------------------------------------------------

# The patterns that read the whole text open with a lookahead on their first characters,
# like _NUMBER_START.
# A part of a year written after it: 2024年上半年, 2024年三季度末, 2025年第一季度; and a
# festival, 2024年春节前 (its day moves: it dates the year only, and only with 前). A
# 完成时限 field reads the same parts (``field_deadline``, ``_part_date``).
_YEAR_PART = r"(?P<part>上半年|下半年|第? ?[一二三四1-4] ?季度|春节)(?: ?[末底])?"
# 达到2023年水平, 恢复到2019年同期: a year whose level is meant is no deadline.
_BY_DATE = re.compile(
    r"(?=[到至截于在])(?<![\d年])(?:到|至|截至|截止到?|于|在) ?(?P<year>\d{4}) ?年"
    r"(?! ?\d{1,2} ?月 ?\d{1,2} ?日| ?(?:的 ?)?(?:水平|同期|基数|基础))"
    rf"(?: ?{_YEAR_PART}|(?: ?(?P<month>\d{{1,2}}) ?月)?(?: ?(?P<end>底|末))?)(?P<before> ?(?:前|以前|之前))?"
)
# 比2022年底, 较2023年上半年: a date compared with is no deadline.
_BEFORE_DATE = re.compile(
    rf"(?=\d)(?<![比较])(?P<year>\d{{4}}) ?年(?: ?{_YEAR_PART}(?P<before> ?(?:前|以前|之前))?|(?: ?(?P<month>\d{{1,2}}) ?月)?"
    r" ?(?:(?P<end>底|末)(?: ?(?:前|以前|之前))?|前|以前|之前))"
)
# "十四五"期间 / 十四五末: the N-th five-year plan ends in 1955 + 5N (十四五 → 2025).
_FIVE_YEAR_PLAN = re.compile(
    r"(?=[到至在于“\"‘一二三四五六七八九十])(?:到|至|在|于)?[“\"‘]?(?P<plan>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’]?"
    r"(?:规划)?(?:期间|时期|期末|末期|末)"
)
# 2025年， / 2024—2026年， as a clause of its own: the year, or the period's last year.
# Followed by anything else (2024年起, 2025年全市…) it is no deadline.
_YEAR_CLAUSE = re.compile(
    r"(?=[12])(?<![\d年月日—\-~至到])(?:(?:19|20)\d{2} ?[—\-~至到] ?)?(?P<year>(?:19|20)\d{2}) ?年(?:期间)?(?= ?[，,：:])"
)
# 比例2024年达到70%，2026年提高至85%: a year written straight before the verb of a goal
# (比2022年提高5个百分点 compares with a year: no deadline).
_YEAR_BEFORE_GOAL = re.compile(
    r"(?<![\d年月日—\-~至到比较从由于])(?P<year>(?:19|20)\d{2}) ?年(?= ?(?:达到|提高|提升|增至|增加到|降至|降低|下降|压缩|控制在|稳定在|保持在|实现|力争|完成))"
)
_RELATIVE_HORIZON = re.compile(
    r"(?=[在未\d一二两三四五六七八九十])(?:在 ?)?(?:未来 ?)?(?:(?<!\d)\d+|(?<![一二两三四五六七八九十])[一二两三四五六七八九十]+)(?: ?[—\-~至到] ?(?:\d+|[一二两三四五六七八九十]+))?"
    r" ?(?:个月|年)(?:内|以内|之内)"
)

# --- numbers that are not targets ------------------------------------------------------

# Quoted text, in any pair of quotation marks: “…”, ‘…’, 「…」 …
_QUOTED = re.compile(
    "|".join(rf"{re.escape(opening)}[^{re.escape(closing)}\n]*{re.escape(closing)}" for opening, closing in QUOTE_PAIRS)
)
_BOOK_TITLE = re.compile(r"《[^》\n]*》|〈[^〉\n]*〉")
_DOCUMENT_NUMBER = re.compile(r"[〔\[［（] ?\d{4} ?[〕\]］）] ?\d+ ?号")
_DATE = re.compile(r"(?=\d)(?:\d{4} ?年(?: ?\d{1,2} ?月(?: ?\d{1,2} ?日)?)?|\d{1,2} ?月 ?\d{1,2} ?日)")
# A period is two years followed by 年 or in brackets: 2021—2025年, （2021-2025）; 1000—1500个 is a range.
_PERIOD = re.compile(
    r"(?:19|20)\d{2} ?[—\-~至到] ?(?:19|20)\d{2} ?年|（ ?(?:19|20)\d{2} ?[—\-~至到] ?(?:19|20)\d{2} ?）"
)
_VERSION = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\d+\.0(?=版|时代|[，。、；）\s]|$)")
# 一县一策, 一校一案, 一人一档: a numeral repeated around two words.
_IDIOM = re.compile(r"([一二两三四五六七八九十])[\u4e00-\u9fff]\1[\u4e00-\u9fff]")
# 第一位, 前10名, 全国1000所优质中职校: a place in an order or the size of a list.
_ORDINAL_OR_RANKING = re.compile(r"(?:第|(?<![目提以之此当])前|全国|全省|全球|国内|省内|世界|排名|位列|跻身) ?$")
# A rate granted by a rule, not a goal: 可按投资额30%的比例抵免, 给予50万元奖补.
_BENEFIT_RULE = re.compile(
    r"可(?:以)?(?:按|依|享受|获得|给予|申请|抵免|减免|免征|减征|扣除|列支)|给予|抵免|减免|免征|减征|奖补"
)
# A clause that states a condition: 对年培训超过1000人次的学校 …, 凡…的.
_CONDITION = re.compile(r"(?:对于|对(?![口接标照外应话])|凡是?|如果|若)")

# --- scope, universals and the words around a metric ----------------------------------

# A numbered point inside a section or measure: 1. （1） （一） 一是 ①.
_LIST_MARKER = re.compile(
    r"(?:\d{1,2} ?(?:、|\.(?!\d))|（\d{1,2}）|（[一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]{1,3}(?:是|、)"
    r"|——?|[●■◆★▲·•①-⑳]) ?"
)
_LEAD_WORDS = re.compile(r"(?:力争|争取|确保|并|同时|其中|计划|预计)+")
_EACH_SCOPE = re.compile(
    r"(?:每(?![年月天日周季次])一?[所个家名位座条项]?|各(?!自))"
    r"[^，。；、\s\d每要应须在将把对均都至已可]{0,10}?"
    r"(?:学校|院校|高校|区县|县市区|市州|乡镇|街道|社区|园区|企业|单位|部门|政府|基地|中心|县|市|区|州|省|乡|镇|村|校|园|院)"
    r"(?:（[^（）\n]{1,12}）)*"
)
_WHOLE_SCOPE = re.compile(r"全(?:国|省|市|州|盟|县|区|旗|镇|乡)(?:域|范围内)?")
_UNIVERSAL = re.compile(r"全覆盖|所有|全部|全体|百分之百")
_GOAL_VERB = re.compile(r"达到|实现|覆盖|达标")
# Verbs and adverbs that open a clause but are not what is measured.
# 建成区 (the built-up area) is a noun.
_OPENING_VERB = (
    r"给予|予以|支持|推动|推进|落实|实施|遴选|遴建|培育|培养|建设|建成(?!区)|创建|打造|新增|新建|办好|办成|认定|评选"
    r"|选树|引进|开展|举办|组建|设立|建立|成立|安排|投入|筹集|扶持|达到|实现|完成|配建|配备|配置"
)
# 重点 is an adverb before a verb (重点培育), an adjective of what is counted before a noun:
# 全年实施重点项目120个 counts 重点项目.
_LEADING_FILLER = re.compile(
    rf"^(?:[、，和及与并将把\s—●■◆★▲·•]|重点(?={_OPENING_VERB})|着力|积极|大力|力争|争取|确保|务必|必须|要(?![求素点])|应当|应(?![用急对])"
    rf"|全面|逐步|进一步|每年|累计|分别|{_OPENING_VERB})+"
)
# A verb of change that ends at a value: 提高到, 下降至, 压缩至, 增至.
_CHANGE_TO = (
    r"(?:提高|提升|增加|增长|上升|上调|调增|扩大|降低|下降|减少|下调|调减|压缩|压减|压降|缩短|缩减|延长|延迟|调整)(?:到|至)"
    r"|增至|降至|升至|减至"
)
# Words that join a metric to its number: …占比达到, 比例保持在, 负债率下降至, A和B分别.
_TRAILING_FILLER = re.compile(
    rf"(?:保持在|稳定在|控制在|保持|{_CHANGE_TO}|达到|达|实现|力争|争取|确保|(?<![行作认成])为|是|在|至|到|按照|按|给予|予以|要|(?<![供响反适相对效])应|须|需|分别"
    r"|[、，\s])+$"
)
# --- bases, baselines and counts that name a kind --------------------------------------

# Where the noun of a 每 phrase ends: another 每, a number, a comparator, the verb of a
# grant or of a standard, or punctuation.
_PER_STOP = (
    rf"(?=每|[\d一二两三四五六七八九十]|{_COMPARATOR_WORDS_PATTERN}"
    r"|补助|补贴|奖补|奖励|资助|发放|给予|拥有|配建|配备|配置|达到|[为按]|[，。；、：（\s]|$)"
)
_PER_NOUN = r"(?:(?!每)[\u4e00-\u9fff])"
# One 每 phrase: of time (每月, 每两年), with a numeral (每百户, 每千人口, 每10万人), or of
# an item (每张床位, 每个项目, 每人).
_PER = re.compile(
    r"每(?:"
    r"(?P<time>(?:\d+|[一二两三四五六七八九十]+|半)?个?(?:年度|学年|学期|季度|小时|年|季|月|周|星期|天|日))"
    rf"|(?P<count>(?:\d+|[一二两三四五六七八九十百千万]+)(?:{_PER_NOUN}{{0,3}}?(?:人口|人|户)|{_PER_NOUN}{{1,3}}?{_PER_STOP}))"
    rf"|(?P<item>(?:一?[个张名位所家项户套间座条台辆件]{_PER_NOUN}{{0,4}}?|{_PER_NOUN}{{1,4}}?){_PER_STOP})"
    r")"
)
# Words that may stand between an item's 每 phrase and its value: 每个项目补助不超过100万元.
_BASIS_GLUE = re.compile(r" ?(?:补助|补贴|奖补|奖励|资助|发放|给予|为|按|达到|拥有)? ?")
# X的N倍 / X的80%: the reference a multiple is taken of, after a comparator or a verb of being.
_REFERENCE = re.compile(
    rf"(?P<word>{_COMPARATOR_WORDS_PATTERN}|达到|相当于|为|是)(?P<reference>[^，。；、\d的]{{1,20}}?)的 ?$"
)
# 由9000元提高到15000元: the verb of change between a baseline and the new value.
_CHANGE = re.compile(rf" ?(?:{_CHANGE_TO}) ?")
_BASELINE_OPENERS = "由从"
# Verbs that make, deliver or reach a count: a count written in Chinese numerals without
# one of them before it names a kind (完善两项补贴制度), it is no goal.
_MAKING_VERB = re.compile(
    r"建成|建设|新建|改建|扩建|创建|打造|培育|培养|培训|新增|增加|认定|评选|评定|遴选|选树|引进|开展|举办|召开"
    r"|组织|组建|设立|成立|建立|完成|整治|开发|募集|推出|接待|安排|投入|筹集|办好|办成|提供|吸纳|招收|招聘"
    r"|制定|出台|修订|达到|实现|配备|扶持|资助|帮扶"
)
# 2022年改造农贸市场50个, 2017年全州减少贫困人口10万人: a year straight before the verb
# or the scope (全州, 各县) that opens a clause is its deadline, as 2022年， is; where it
# opens no clause, or a noun follows it (2022年度考核结果, 2020年水平, 比2020年), it is none.
_YEAR_OPENING = re.compile(
    r"(?=[12])(?<![\d年月日—\-~至到比较从由于])(?P<year>(?:19|20)\d{2}) ?年(?= ?(?:全(?:国|省|市|州|盟|县|区|旗|镇|乡)|各"
    rf"|{_OPENING_VERB}|{_MAKING_VERB.pattern}|改造|改扩建|新改建|减少|削减|降低|提高|提升|转移|实施|推进|开工|种植|治理"
    r"|力争|争取|确保|全面|基本|累计|计划))"
)
# 两项补贴制度, 三项保障机制: what is counted is a modifier of a system noun.
_SYSTEM_COMPOUND = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:制度|机制|体系|政策|模式|格局|战略)(?![\u4e00-\u9fff])")
# 两个或两个以上单位, 3家及3家以上: a threshold that defines who qualifies.
_OR_MORE = re.compile(
    rf"(?=[\d{_NUMERALS}])(?P<number>{_NUMBER}) ?(?P<unit>[个家名位所项人次户])?(?:或|及)(?P=number) ?(?P=unit)?(?:以上|以下)"
)

# In a benefit rule: the condition that opens it, and the thing granted after the value
# (…200元给予运营补贴, 最高500万元奖励).
_CONDITION_OPENING = re.compile(r"^(?:对于|对|凡是?)")
_GRANTED = re.compile(r"^(?:的|给予|予以)?(?P<thing>[\u4e00-\u9fff]{0,8}?(?:补贴|补助|奖补|奖励|资助|补偿|经费|资金))$")

_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = "，；：,;"
_LIST_JOINS = "、和及"


# --- records passed between the steps --------------------------------------------------


@dataclass(frozen=True)
class _Deadline:
    span: Span
    date: str | None  # None for a relative horizon (5-10年内)
    heads_only: bool = False  # a bare year or period (2025年，) is a deadline only where it opens a clause


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
    basis: Span | None = None  # 每张床位每月, 当地最低工资标准
    baseline: Decimal | None = None  # 由9000元提高到…: 9000
    # Where the words that belong to the value begin (a basis written just before it, a
    # baseline, a comparator): the metric is read from the text before this.
    opening: int | None = None

    @property
    def wording_start(self) -> int:
        return self.lead if self.opening is None else self.opening

    @property
    def counts_things(self) -> bool:
        return bool(_COUNTING_UNIT.fullmatch(self.unit))


# --- reading the text ------------------------------------------------------------------


@functools.cache
def _breaks(stops: str) -> re.Pattern[str]:
    """The characters ``_split`` looks at: brackets, line breaks and ``stops``."""
    return re.compile(f"[（）\n{re.escape(stops)}]")


def _split(text: str, start: int, end: int, stops: str) -> list[Span]:
    """Pieces of ``text[start:end]`` cut at ``stops`` outside parentheses, without
    surrounding blanks; empty pieces are dropped. A line break always cuts."""
    pieces, depth, piece_start = [], 0, start
    # The other characters change nothing; the end of the range cuts like a line break.
    marks = [(match.start(), match.group()) for match in _breaks(stops).finditer(text, start, end)]
    for index, char in [*marks, (end, "\n")]:
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


def deadline_date(year: str, month: str | None, end: str | None) -> str:
    """到2023年 → 2023; 2022年底 → 2022-12-31; 到2023年6月 and 2023年6月底 → 2023-06-30
    (a month is due by its last day)."""
    if month is None:
        return f"{year}-12-31" if end else year
    last_day = calendar.monthrange(int(year), int(month))[1]
    return f"{year}-{int(month):02d}-{last_day:02d}"


def _part_date(year: str, part: str) -> str:
    """2024, 上半年 → 2024-06-30; 下半年 → 2024-12-31; 三季度 / 第3季度 → 2024-09-30 (a
    part is due by its last day); 春节 → 2024 (the festival falls in January or February,
    on a day that moves: the year is all that the text states for certain)."""
    part = part.replace(" ", "").removeprefix("第")
    if part == "上半年":
        return f"{year}-06-30"
    if part == "下半年":
        return f"{year}-12-31"
    if part.endswith("季度"):
        return deadline_date(year, str(3 * _QUARTER[part[0]]), None)
    return year


# A date without its year, as an annual plan (2024年…工作要点) writes it: 6月底前, 到9月,
# 9月30日前, 三季度末, 上半年, 今年底, 年底前, 年内, and the whole year: 全年, 今年, 本年度
# (全年新增主题服务20个 is due by the end of the plan's year, like 年内; 今年以来 looks back).
# It falls in the year the plan's title names (``_plan_year``); a month needs 到 / 于 / 在
# before it or 底 / 末 / 前 after it (3月召开 is when, not by when), and 5月1日起 is a start.
_YEARLESS = re.compile(
    r"(?=[到至于在\d今本当年全第一二三四上下])(?<![\d年一二两三四五六七八九十半])(?P<by>(?:到|至|于|在) ?)?(?:"
    r"(?P<month>1[0-2]|0?[1-9]) ?月(?: ?(?P<day>[12]\d|3[01]|0?[1-9]) ?[日号])?(?! ?起) ?(?P<month_end>底|末)?"
    r"|(?:今年|本年度?|当年) ?底|(?:今年|本年度?|当年)? ?(?P<year_end>年底|年末)|(?:今年|本年度?|当年)? ?(?P<within>年内)"
    r"|(?P<whole>[全本]年度?|今年)(?! ?(?:以来|来|度?以前)|[龄级段轻])"
    r"|第?(?P<quarter>[一二三四1-4]) ?季度(?:末|底)?|(?P<half>[上下])半年(?:末|底)?"
    r")(?P<before> ?(?:前|以前|之前|内))?"
)
# The year an annual plan's title names (2024年, 2024年度), when it names one and no period.
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2}) ?年度?(?![\d—\-~至到])")


def _plan_year(document: Document) -> int | None:
    years = {int(match.group(1)) for match in _TITLE_YEAR.finditer(document.title)}
    if len(years) != 1 or (document.period and document.period[0] != document.period[1]):
        return None
    return years.pop()


def _yearless(reading: str, year: int) -> list[tuple[Span, str, bool]]:
    """The yearless dates of ``reading`` in ``year``: the deadline each states, and whether
    it is one wherever it stands (到 before it or 前 after it) — else only where it opens a
    clause (年底，… / 上半年新增…; 年底去向落实率 is the name of a rate)."""
    found = []
    for match in _YEARLESS.finditer(reading):
        if match.group("month"):
            if not (match.group("by") or match.group("month_end") or match.group("before") or match.group("day")):
                continue
            month = int(match.group("month"))
            day = int(match.group("day") or calendar.monthrange(year, month)[1])
            if day > calendar.monthrange(year, month)[1]:
                continue
            date = f"{year}-{month:02d}-{day:02d}"
        elif match.group("quarter"):
            month = 3 * _QUARTER[match.group("quarter")]
            date = f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]}"
        elif match.group("half"):
            date = f"{year}-06-30" if match.group("half") == "上" else f"{year}-12-31"
        elif match.group("within") or match.group("whole"):
            date = str(year)
        else:  # 年底, 年末, 今年底
            date = f"{year}-12-31"
        found.append((match.span(), date, bool(match.group("by") or match.group("before"))))
    return found


def _deadlines(reading: str, year: int | None = None) -> list[_Deadline]:
    """Every deadline in the text, first and longest first, none overlapping; with the
    plan's ``year``, the dates written without it too."""
    found: list[_Deadline] = []
    for pattern in (_BY_DATE, _BEFORE_DATE):
        for match in pattern.finditer(reading):
            if part := match.group("part"):
                if part == "春节" and not match.group("before"):
                    continue  # 2024年春节期间: when, not by when
                date = _part_date(match.group("year"), part)
            else:
                date = deadline_date(match.group("year"), match.group("month"), match.group("end"))
            found.append(_Deadline(match.span(), date))
    for match in _FIVE_YEAR_PLAN.finditer(reading):
        found.append(_Deadline(match.span(), str(1955 + 5 * chinese_to_int(match.group("plan")))))
    for match in _RELATIVE_HORIZON.finditer(reading):
        found.append(_Deadline(match.span(), None))
    for match in _YEAR_CLAUSE.finditer(reading):
        found.append(_Deadline(match.span(), match.group("year"), heads_only=True))
    for match in _YEAR_BEFORE_GOAL.finditer(reading):
        found.append(_Deadline(match.span(), match.group("year")))
    for match in _YEAR_OPENING.finditer(reading):
        found.append(_Deadline(match.span(), match.group("year"), heads_only=True))
    if year is not None:
        found.extend(
            _Deadline(span, date, heads_only=not anywhere) for span, date, anywhere in _yearless(reading, year)
        )
    kept: list[_Deadline] = []
    for deadline in sorted(found, key=lambda d: (d.span[0], -d.span[1])):
        if not kept or deadline.span[0] >= kept[-1].span[1]:
            kept.append(deadline)
    return kept


_MASKED = re.compile(f"{MASK}+")


def _blocked(reading: str, deadlines: list[_Deadline]) -> bytearray:
    """1 for every character whose digits are never a target's value."""
    blocked = bytearray(len(reading))
    spans = [deadline.span for deadline in deadlines]
    for pattern in (_QUOTED, _BOOK_TITLE, _DOCUMENT_NUMBER, _DATE, _PERIOD, _VERSION, _IDIOM, _OR_MORE):
        spans.extend(match.span() for match in pattern.finditer(reading))
    # 每百户, 每两年: the numeral of a 每 phrase is its denominator, never a value.
    spans.extend(match.span() for match in _PER.finditer(reading) if match.lastgroup in ("time", "count"))
    spans.extend(match.span() for match in _MASKED.finditer(reading))
    for start, end in spans:
        blocked[start:end] = b"\x01" * (end - start)
    return blocked


def _head(reading: str, clause: Span, deadlines: list[_Deadline]) -> _Head:
    """Read the opening of a clause: a list marker, lead words (力争, 确保 …), a deadline,
    then a scope. ``deadlines`` are sorted and do not overlap (``_deadlines``)."""
    start, end = clause
    position = start
    deadline = None
    if marker := _LIST_MARKER.match(reading, position, end):
        position = marker.end()
    if lead := _LEAD_WORDS.match(reading, position, end):
        position = lead.end()
    at = bisect.bisect_left(deadlines, position, key=_start)
    opening = deadlines[at] if at < len(deadlines) and deadlines[at].span[0] == position else None
    opening = opening if opening and opening.span[1] <= end else None
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
    for index in range(bisect.bisect_left(deadlines, clause[0], key=_start), len(deadlines)):
        d = deadlines[index]
        if d.span[0] >= clause[1]:
            break
        if d.span[1] <= clause[1] and d is not head.deadline and not d.heads_only:
            return d
    return None


def _start(deadline: _Deadline) -> int:
    return deadline.span[0]


def _number(written: str) -> Decimal | None:
    """12, 1,200, 3.5, 十五, and 三点五 (百分之三点五): the decimal digits after 点 one by one."""
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    whole, _, fraction = written.partition("点")
    try:
        digits = "".join(str(DIGITS[char]) for char in fraction)
        return Decimal(f"{chinese_to_int(whole)}.{digits}" if digits else chinese_to_int(whole))
    except (ValueError, KeyError):
        return None


def _prefix_comparator(reading: str, floor: int, number_start: int) -> re.Match[str] | None:
    """The comparator word standing just before a number: adjacent for 约 / 近, at most a
    few characters before it otherwise (至少建设培育2家)."""
    window_start = max(floor, number_start - len(max(_COMPARATOR_OF, key=len)) - _PREFIX_REACH)
    found = None
    # One character past the number's start: 超 looks ahead at the number.
    for match in _PREFIX_COMPARATOR.finditer(reading, window_start, number_start + 1):
        if match.end() > number_start:
            break
        gap = reading[match.end() : number_start]
        reach = 0 if len(match.group()) == 1 else _PREFIX_REACH
        if len(gap) <= reach and not re.search(r"[\d，、；。（）“”]", gap):
            found = match
    return found


# 翻一番, 翻两番, 翻3番: doubled once, twice, three times (the number after 翻).
_DOUBLED = re.compile(r"(?P<number>\d|[一两二三四])番")
# 百分之九十, 百分之五十五, 百分之百, 百分之三点五, 千分之五: a proportion written in words is
# a percentage (per mille) as 90% is.
_IN_WORDS = re.compile(rf"(?P<per>[百千])分之(?P<number>{_ARABIC}|[{_NUMERALS}]+(?:点[零〇一二三四五六七八九]+)?)")
_PROPORTION_OF = {"百": "%", "千": "‰"}


def _match_value(reading: str, at: int, end: int) -> tuple[re.Match[str], str] | None:
    """The value that starts at ``at``, by the first form that fits: doubling (翻一番),
    range, ratio, number."""
    if at > 0 and reading[at - 1] == "翻" and (doubled := _DOUBLED.match(reading, at, end)):
        return doubled, "doubled"
    if in_words := _IN_WORDS.match(reading, at, end):
        return in_words, "in words"
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
    if kind == "doubled":  # 翻两番: four times the start
        return match.group("number"), Decimal(2) ** int(value), None, "倍"
    if kind == "in words":
        return match.group("number"), value, None, _PROPORTION_OF[match.group("per")]
    groups = match.groupdict()
    return match.group("number"), value, None, (groups.get("magnitude") or "") + (groups.get("unit") or "")


# The words before an age that make it a value (人均预期寿命达到79岁, 退休年龄延迟到65岁).
_AGE_WORDS = re.compile(r"(?:达到|达|提高|提升|延长|延迟|增加|增长|增至|稳定在|保持在|控制在)(?:到|至)? ?$")


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
    if unit.endswith("岁") and not prefix and not _AGE_WORDS.search(reading, floor, match.start()):
        return None  # 60岁以上老年人, 3—6岁儿童: who, not how old they are to become

    suffix = _SUFFIX_COMPARATOR.match(reading, match.end(), end)
    tail = _skip_footnote_marker(reading, suffix.end() if suffix else match.end(), end)
    basis = None
    reference = None
    if not prefix and reading[floor:at].endswith(("的", "的 ")) and re.match(r"倍|%", unit):
        reference = _REFERENCE.search(reading, floor, at)
    if reference:
        basis = reference.span("reference")
        if reference.group("word") in _COMPARATOR_OF:
            prefix = reference  # 不低于当地最低工资标准的1.2倍: the comparator reaches over the reference
    if kind == "range":
        comparator = Comparator.RANGE
    elif prefix:
        comparator = _COMPARATOR_OF[prefix.group("word") if prefix is reference else prefix.group()]
    elif suffix:
        comparator = _COMPARATOR_OF[suffix.group(1)]
    elif kind == "single" and match.group("more"):
        comparator = _COMPARATOR_OF[match.group("more")]
    else:
        comparator = Comparator.EQUAL
    lead = prefix.start() if prefix else match.start() - (kind == "doubled")  # 翻 opens 翻一番
    return _Value(match.span(), written, value, value_max, unit, comparator, lead, tail, basis=basis)


def _skip_footnote_marker(reading: str, at: int, end: int) -> int:
    """Past a footnote marker glued to a complete value (15—30%10): masked characters, or
    digits that carry no unit of their own."""
    position = at
    while position < end and reading[position] == MASK:
        position += 1
    if position == at and position < end and reading[position].isdigit() and not _SINGLE.match(reading, position, end):
        while position < end and reading[position].isdigit():
            position += 1
    return position


def _per_basis(reading: str, floor: int, value: _Value) -> _Value:
    """The value with the 每 phrases it is counted per (see the module docstring): the
    nearest chain of 每 phrases before it that holds a phrase of time or numerals
    (每名学员每年), or that stands directly before it — or between its comparator and its
    number (不低于每人每月680元). A chain directly before the value is no part of its metric."""
    chains: list[tuple[int, int, bool]] = []  # start, end, holds a phrase of time or numerals
    for match in _PER.finditer(reading, floor, value.span[0]):
        general = match.lastgroup in ("time", "count")
        if chains and chains[-1][1] == match.start():
            start, _, was_general = chains[-1]
            chains[-1] = (start, match.end(), was_general or general)
        else:
            chains.append((match.start(), match.end(), general))
    for start, end, general in reversed(chains):
        if start >= value.lead:  # after the comparator: part of the value's words
            return replace(value, basis=(start, end), opening=value.lead)
        adjacent = bool(_BASIS_GLUE.fullmatch(reading, end, value.lead))
        if adjacent or general:
            return replace(value, basis=(start, end), opening=start if adjacent else None)
    return value


def _with_baseline(reading: str, before: _Value, value: _Value) -> _Value | None:
    """由9000元提高到15000元: the new value with the old one as its baseline, or None when
    ``before`` is no baseline of ``value``."""
    start = before.wording_start
    if start == 0 or reading[start - 1] not in _BASELINE_OPENERS:
        return None
    if not _CHANGE.fullmatch(reading, before.tail, value.wording_start):
        return None
    unit = value.unit or before.unit
    return replace(value, unit=unit, baseline=before.value, basis=value.basis or before.basis, opening=start - 1)


def _values(reading: str, blocked: bytearray, start: int, end: int) -> list[_Value]:
    """The values of a clause body, left to right, each with its basis and baseline."""
    values: list[_Value] = []
    position = start
    while candidate := _NUMBER_START.search(reading, position, end):
        floor = values[-1].tail if values else start
        value = _value_at(reading, blocked, floor, candidate.start(), end)
        if value is None:
            position = candidate.end()
            continue
        if value.basis is None:
            value = _per_basis(reading, floor, value)
        if values and (changed := _with_baseline(reading, values[-1], value)):
            values[-1] = changed
        else:
            values.append(_with_list_context(reading, values[-1], value) if values else value)
        position = value.tail
    return values


# What may stand between two values of one list: 、初中, 和农村, 及 — a join and the label of
# the second item, no more (…、一次性补助1000元 is no longer per month) …
_LISTED_AFTER = re.compile(r" ?[、和及与] ?(?:(?!一次性|累计|合计|总计)[\u4e00-\u9fff]){0,6} ?")
# … and between two values of a bare list (1000元、1250元), the join alone.
_JOIN = re.compile(r" ?[、和及与] ?")
# What a value reads when no comparator word stands before it (翻一番 is =, 1—2个 a range).
_NO_COMPARATOR_WORD = (Comparator.EQUAL, Comparator.RANGE)


def _with_list_context(reading: str, previous: _Value, value: _Value) -> _Value:
    """A value listed straight after another in the same unit shares what is written
    before that one and not before it: its basis (小学每生每年不低于650元、初中不低于850元;
    分别提高到每人每月680元、510元), and in a bare list its comparator (分别不低于1000元、1250元)."""
    if value.unit != previous.unit or not _LISTED_AFTER.fullmatch(reading, previous.tail, value.wording_start):
        return value
    if value.basis is None and previous.basis is not None:
        value = replace(value, basis=previous.basis)
    # The comparator written before the previous value, or the one it shares itself (the
    # third of 分别不超过25人、30人、35人); a bound written after it (90%以上) is its own.
    compared_before = previous.comparator not in _NO_COMPARATOR_WORD and (
        previous.lead < previous.span[0] or previous.tail == previous.span[1]
    )
    bare = value.comparator is Comparator.EQUAL and value.lead == value.span[0] and value.tail == value.span[1]
    if compared_before and bare and _JOIN.fullmatch(reading, previous.tail, value.lead):
        value = replace(value, comparator=previous.comparator)
    return value


def _is_condition(reading: str, value: _Value) -> bool:
    """不足1200人的学校, 超过5000万元的企业: a comparator before the number and 的 after
    it make the value a condition on the noun that follows, not a goal — unless the value
    is counted per something (按每亩不低于300元的标准, 每户不超过2000元的补贴): a rate is the
    standard the noun sets."""
    return value.lead < value.span[0] and reading.startswith("的", value.tail) and value.basis is None


# Units of a proportion or a multiple: 翻一番, 增长一倍, 提高一个百分点, 百分之九十. A number in
# Chinese numerals with one of them is a quantity, never an article or part of a name.
_PROPORTION_UNIT = re.compile(r"倍|%|‰|‱|个?百分点")


def _is_article(value: _Value, scope: Span | None, deadline: _Deadline | None) -> bool:
    """一个 / 一所 with no comparator, scope, deadline or basis reads as "a", not as a
    count of one (每两年举办一届 is a count); 一批 (建成一批示范基地) is "some", whatever
    stands around it."""
    if value.written != "一" or _PROPORTION_UNIT.fullmatch(value.unit):
        return False
    if value.unit == "批" and value.value_max is None:
        return True
    return value.comparator is Comparator.EQUAL and scope is None and deadline is None and value.basis is None


def _names_a_kind(reading: str, value: _Value, clause: _Clause) -> bool:
    """A count in Chinese numerals with nothing that makes it a goal (no comparator, range,
    scope, deadline, basis or baseline) is part of a name, not a goal, when no verb of
    making or reaching governs it (完善两项补贴制度), or when what it counts is the
    modifier of a system noun (建立两项补贴制度 names one system, it does not count two)."""
    bare = (
        not value.written[0].isdigit()
        and not _PROPORTION_UNIT.fullmatch(value.unit)  # 翻一番, 提高两倍, 百分之九十: no kind
        and value.value_max is None
        and value.comparator is Comparator.EQUAL
        and value.basis is None
        and value.baseline is None
        and clause.scope is None
        and clause.deadline is None
    )
    if not bare:
        return False
    governed = _MAKING_VERB.search(reading, clause.head.body_start, value.lead)
    return not governed or bool(_SYSTEM_COMPOUND.match(reading, value.tail, clause.span[1]))


# A phase of a project is named with 工程 / 项目 after it (三期工程) or glued to the project's
# name before it (洋湖污水处理厂二期); a count of sessions is governed by a verb (举办三期培训班).
_PHASE_OF = re.compile(r"工程|项目")
_VERB_BEFORE = re.compile(rf"(?:{_MAKING_VERB.pattern}|开办|开设)$")


def _is_phase(reading: str, value: _Value, clause_start: int) -> bool:
    """建成洋湖污水处理厂二期, 推进三期工程建设: an ordinal in Chinese numerals with 期
    names a phase of a project, not a count of two or three."""
    if value.unit != "期" or value.written[0].isdigit() or value.comparator is not Comparator.EQUAL:
        return False
    if value.value_max is not None or value.basis is not None:
        return False
    if _PHASE_OF.match(reading, value.tail):
        return True
    before = reading[max(clause_start, value.lead - 4) : value.lead]
    return bool(before) and "\u4e00" <= before[-1] <= "\u9fff" and not _VERB_BEFORE.search(before)


def _is_standard(value: _Value) -> bool:
    """A rate, a cap or a standard: what a benefit rule or a condition still sets."""
    return value.basis is not None or "/" in value.unit or value.comparator in (Comparator.AT_MOST, Comparator.LESS)


# The sum a benefit rule grants, with its grant on either side: 给予一次性奖励100万元,
# 奖励50万元, 给予30万元奖励, 一次性补助5000元.
_MONEY = re.compile(r"(?:万亿|亿|千万|百万|万|千)?元")
_GRANT_BEFORE = re.compile(
    r"(?:给予|予以|奖励|补助|补贴|奖补|资助|扶持)(?:一次性)?(?:[\u4e00-\u9fff]{0,4}?(?:奖励|补助|补贴|奖补|资助|经费|资金))?$"
)


def _is_grant(reading: str, value: _Value) -> bool:
    """The sum a benefit rule grants (给予一次性奖励100万元): what it sets for each who
    qualifies, read as the standard a rate or a cap is."""
    if not _MONEY.fullmatch(value.unit) or value.comparator is not Comparator.EQUAL:
        return False
    before = reading[max(0, value.lead - 12) : value.lead].rstrip()
    return bool(
        _GRANT_BEFORE.search(before)
        or _GRANTED.match(reading[value.tail : value.tail + 10].split("，")[0].split("。")[0])
    )


# --- metric ----------------------------------------------------------------------------


def _trimmed(text: str) -> str:
    text = _LEADING_FILLER.sub("", text.strip())
    return _TRAILING_FILLER.sub("", text).strip()


_OPENING_BRACKET = re.compile(r"^（[^（）]*）")
# 按每亩不低于300元的标准安排县级配套资金: the standard a value sets, and the verb that applies
# it, stand between the value and what it measures.
_STANDARD_OF = re.compile(r"^的(?:标准|水平|额度)(?:安排|给予|予以|发放|拨付|落实|补助|奖补)?")
_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _metric(before: str, after: str, counts_things: bool) -> str:
    """What a value measures: the thing counted after a counting unit (6个…基地), else
    the noun phrase before the comparator (“双师型”教师占比超过50%), continued by what
    follows a 的 (编制数的15—30%的比例自主聘请兼职教师)."""
    before, after = _trimmed(before), _STANDARD_OF.sub("", after.strip(" 、，"))
    # A bracket right after the value says more of it (6个（含3个省级）基地) or who does it
    # (100名（甲局）): never what is counted.
    following = _trimmed(_OPENING_BRACKET.sub("", after.removeprefix("的")))
    if not _WORDS.search(following):
        following = ""  # only punctuation left: what the bracket after the value opened (（。)
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
        between = reading[left.tail : right.wording_start]
        joins = [index for index, char in enumerate(between) if char in _LIST_JOINS]
        cut = left.tail + joins[-1] if joins else left.tail
        cuts.append((cut, cut + 1 if joins else cut))
    segments = []
    for index, value in enumerate(values):
        before_start = body_start if index == 0 else cuts[index - 1][1]
        after_end = end if index == len(values) - 1 else cuts[index][0]
        segments.append(((before_start, value.wording_start), (value.tail, after_end)))
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
        return "".join(char for char, read in zip(original, self.reading[span[0] : span[1]]) if read != MASK)


@dataclass(frozen=True)
class _Clause:
    """A clause with what it inherits from its sentence."""

    span: Span
    head: _Head
    scope: Span | None
    deadline: _Deadline | None


# 1∶15的师生比, 1:1.5的城乡居民收入比: the name of a ratio written after it.
_RATIO_NAMED = re.compile(r"的 ?(?P<name>[\u4e00-\u9fff]{1,8}?比)(?![例重率值])")


# A change, with what it is compared with: 增长, 比上年增长, 同比下降, 年均增长, 较2020年提高.
_CHANGE_WORDS = (
    r"(?:(?:比|较)(?:上年同期|上年|去年同期|去年|(?:19|20)\d{2} ?年(?:底|末)?)|同比|环比|年均|年平均|平均每年)?"
    r"(?:增长|增加|提高|提升|上升|下降|降低|减少|缩小|扩大|缩减|压减|削减)"
)
_CHANGE_ONLY = re.compile(_CHANGE_WORDS)
_ENDS_WITH_CHANGE = re.compile(rf"{_CHANGE_WORDS}$")


def _lent(metric: str, lender_unit: str | None, unit: str) -> str:
    """What a clause of verbs only measures, from the metric of the clause before it: that
    metric, less the word of change that ends it where the lender's value was the change
    and this one is the level (社会消费品零售总额增长6%，力争突破1200亿元 → 社会消费品零售总额;
    比重下降5个百分点，降至20%; 寿命提高1岁，达到80岁) — unless both are rates of it in one
    unit, or the lender has no value and this one is a rate (增长6%，力争达到8% keeps it)."""
    if lender_unit in (None, unit) and _PROPORTION_UNIT.fullmatch(unit):
        return metric
    return _ENDS_WITH_CHANGE.sub("", metric) or metric


def _words(page: _Page, clause: _Clause, value: _Value, span: Span) -> str:
    """The text of ``span`` (words before ``value``) as its metric is read from it: a basis
    written apart from the value (每月开展巡查不少于1次) and a deadline inside the clause
    (比例2025年底前达到70%) are no part of the metric."""
    cuts = sorted(
        part
        for part in (value.basis, clause.deadline.span if clause.deadline else None)
        if part and span[0] <= part[0] and part[1] <= span[1]
    )
    kept, cursor = [], span[0]
    for cut_start, cut_end in cuts:
        kept.append(page.quote((cursor, max(cursor, cut_start))))
        cursor = max(cursor, cut_end)
    return "".join(kept) + page.quote((cursor, span[1]))


# --- 分别: values listed "respectively" ---------------------------------------------------

_RESPECTIVELY = "分别"
# Where a list of items is cut: 、 and 以及 always; 和, 及 and 与 where they join two items,
# not inside a word (普及率, 涉及, 及以上, 参与率, 饱和度, 和谐).
_ITEM_JOIN = re.compile(
    r" ?(?:、|以及|(?<![普涉波危以顾])及(?![以其时早])|(?<![参给授赋])与(?![其否])|(?<![缓饱温平柔总调暖])和(?![谐睦美平])) ?"
)
# What the items of a list share before the first: a scope (全市城镇、农村…), a year's
# whole (全年), or whatever the first item is "of" (规模以上工业企业的营业收入、利润总额).
_SHARED_HEAD = re.compile(rf"(?:{_WHOLE_SCOPE.pattern}|全年|年内|今年)?(?:.*的)?")
# Where what the items of a list share after the last begins, in the last item, by cues
# tried in turn (``_items``). Words that end an item and open what is measured of it:
# 化学需氧量、氨氮重点工程减排量, 接待游客和国内旅游收入同比, 茶叶、中药材种植面积.
_ITEM_ENDS_BEFORE = re.compile(r"重点工程|同比|环比|年均|年平均|种植|养殖|播种|班额")
# Words that open what is measured when no cue before tells the item's end (PM2.5、PM10
# 平均浓度): qualifiers, which may stand inside a tail too (低保平均标准), and measures, which
# open a tail only after items that are no measure (营业收入、利润总额 and 天数比例和PM2.5浓度
# share nothing).
_TAIL_OPENER = re.compile(
    r"(?P<qualifier>人均|生均|平均|居民)"
    r"|减排量|排放量|排放总量|浓度|占比|比重|比例|覆盖率|达标率|普及率|入学率|入园率|巩固率|参保率|利用率|总量|总额"
    r"|人数|数量|面积|产量"
)
# An item that is a whole metric (就业率、升学率; 生活补贴、护理补贴): the list shares no tail.
_WHOLE_METRIC = re.compile(
    r"(?:率|量|值|额|数|比|比例|比重|收入|标准|补贴|补助|资金|经费|浓度|面积|规模|人次|天数|增速|增幅|里程|密度|价格"
    r"|水平|支出|指数|强度|人口)$"
)
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _shared_ending(others: list[str], last: str) -> int | None:
    """Where the last item ends when every other item ends in the same two characters and
    the last one has them inside (公办园、普惠性民办园覆盖率; 城镇居民、农村居民人均收入)."""
    ending = others[0][-2:]
    if len(ending) < 2 or any(not piece.endswith(ending) for piece in others):
        return None
    at = last.find(ending, 1)
    return at + 2 if 0 < at and at + 2 < len(last) else None


def _opener(words: re.Pattern[str], others: list[str], last: str, whole: bool) -> int | None:
    """Where the leftmost of ``words`` that no other item holds opens a tail in the last item
    (a measure word only after items that are no whole metric)."""
    for match in words.finditer(last, 1):
        if any(match.group() in piece for piece in others):
            continue
        if not whole or match.groupdict().get("qualifier"):
            return match.start()
    return None


def _items(listed: str, after: str, count: int) -> list[str] | None:
    """The words of each of ``count`` values listed after 分别, from the items before it
    (``listed``) and the words between 分别 and the first value (``after``): the i-th item
    with what the items share — a head before the first, a tail after the last. None when
    the list has another number of items, or where its last item ends cannot be told."""
    pieces = [piece.strip() for piece in _ITEM_JOIN.split(_LEADING_FILLER.sub("", listed.strip()))]
    head = _SHARED_HEAD.match(pieces[0]).group()  # type: ignore[union-attr]  # it matches the empty string
    pieces[0] = pieces[0][len(head) :]
    if len(pieces) != count or not all(pieces):
        return None
    *others, last = pieces
    whole = all(_WHOLE_METRIC.search(piece) for piece in others)
    cut = _shared_ending(others, last)
    if cut is None:
        cut = _opener(_ITEM_ENDS_BEFORE, others, last, whole=False)
    # Parallel items of one length (小学、初中班额; 城市、农村低保平均标准): the last item is as
    # long, and what follows it is shared.
    if (
        cut is None
        and not whole
        and all(_HAN_ONLY.fullmatch(piece) for piece in pieces)
        and len({len(piece) for piece in others}) == 1
        and len(last) >= len(others[0]) + 2
    ):
        cut = len(others[0])
    if cut is None:
        cut = _opener(_TAIL_OPENER, others, last, whole)
    if cut is None:
        # Whole metrics (就业率和升学率), or a last item no longer than the others (小学、初中):
        # nothing is shared after the last; else where it ends cannot be told.
        if not whole and len(last) > max(len(piece) for piece in others):
            return None
        cut = len(last)
    tail = last[cut:]
    return [head + item + tail + after for item in [*others, last[:cut]]]


def _respectively(page: _Page, clause: _Clause, values: list[_Value], earlier: list[str] | None) -> dict[int, str]:
    """The words each value of a 分别 list measures, by the value's index: where n items
    written before 分别 (A、B和C, joined by 、 和 及 与) take the n values listed after it, the
    i-th value measures the i-th item with what the items share (化学需氧量、氨氮重点工程减排量
    分别达到1.2万吨、0.08万吨 → 化学需氧量重点工程减排量, 氨氮重点工程减排量); where a clause
    of a change only (同比分别增长10%、12%) lists n values, they are the changes of the n
    targets before it in the sentence (``earlier``). Another count keeps the list whole."""
    reading = page.reading
    words: dict[int, str] = {}
    index = 0
    while index < len(values):
        value = values[index]
        start = values[index - 1].tail if index else clause.head.body_start
        at = reading.rfind(_RESPECTIVELY, start, value.wording_start)
        following = index + 1
        while following < len(values) and _JOIN.fullmatch(
            reading, values[following - 1].tail, values[following].wording_start
        ):
            following += 1
        count = following - index
        if at < 0 or count < 2:
            index = following
            continue
        text = _words(page, clause, value, (start, value.wording_start))
        cut = text.rfind(_RESPECTIVELY)
        listed, after = text[:cut].lstrip(" 、，"), text[cut + len(_RESPECTIVELY) :]
        items = _items(listed, after, count)
        change = _trimmed(listed + after)
        if items is None and index == 0 and earlier and len(earlier) >= count and _CHANGE_ONLY.fullmatch(change):
            # 接待游客突破800万人次，实现旅游收入80亿元以上，同比分别增长10%、12%
            measured = [_ENDS_WITH_CHANGE.sub("", metric) for metric in earlier[-count:]]
            items = [metric + change for metric in measured] if all(measured) else None
        if items:
            words.update(zip(range(index, following), items))
        index = following
    return words


def _value_targets(
    page: _Page,
    measure: int | None,
    clause: _Clause,
    values: list[_Value],
    grants: bool = False,
    inherited: str = "",
    inherited_unit: str | None = None,
    earlier: list[str] | None = None,
) -> list[Target]:
    """Targets of the values of a clause; ``grants`` when the clause is a benefit rule or a
    condition, whose metric is the thing granted (对…按…给予运营补贴 → …运营补贴);
    ``inherited``, the metric of the sentence's clause before (``inherited_unit``, the unit
    of the value it measured, None for a clause with no value), for a value whose clause
    names nothing but a verb (就业率稳定在95%以上，到2027年达到98%) or a change (旅游总收入
    达到1050亿元，增长10% → 旅游总收入增长); ``earlier``, the metrics of the sentence's
    targets before this clause, for values listed after 分别 in a clause of a change only
    (``_respectively``)."""
    end = clause.span[1]
    targets: list[Target] = []
    previous_metric, previous_unit = inherited, inherited_unit
    distributed = _respectively(page, clause, values, earlier)
    for index, (value, (before, after)) in enumerate(
        zip(values, _segments(page.reading, values, clause.head.body_start, end))
    ):
        before_text = distributed.get(index) or _words(page, clause, value, before)
        after_text = _STANDARD_OF.sub("", page.quote(after).strip())
        granted = _GRANTED.match(after_text.strip()) if grants else None
        # 对新建养老机构按…给予运营补贴: who receives it (the condition's noun) and what.
        grant_metric = (
            _TRAILING_FILLER.sub("", _CONDITION_OPENING.sub("", before_text.strip())) + granted.group("thing")
            if granted
            else ""
        )
        # 按照1∶15的师生比配备教职工: a ratio names what it is the ratio of after it.
        named = _RATIO_NAMED.match(after_text) if value.unit.startswith("∶") else None
        # 按每百户不低于20平方米配建社区养老服务用房: a standard applied to what follows.
        applied_to = _trimmed(after_text) if before_text.rstrip().endswith(("按", "按照")) else ""
        # 达到1050亿元，增长10% / 比上年增长10%: a change of what the clause before measured.
        change = _trimmed(before_text)
        changed = (
            _ENDS_WITH_CHANGE.sub("", previous_metric) + change
            if previous_metric and _CHANGE_ONLY.fullmatch(change) and _ENDS_WITH_CHANGE.sub("", previous_metric)
            else ""
        )
        metric = (
            grant_metric
            or (named and named.group("name"))
            or applied_to
            or changed
            or _metric(before_text, after_text, value.counts_things)
            # 每个项目补助不超过100万元: what stands between the basis and the value (a basis
            # shared with the value before is no part of this value's words)
            or (value.basis and value.basis[1] >= before[0] and _trimmed(page.quote((value.basis[1], value.lead))))
            # 50%和60%, …95%以上，到2027年达到98%: a value after nothing but verbs shares the
            # metric before it
            or (not _trimmed(before_text) and previous_metric and _lent(previous_metric, previous_unit, value.unit))
            or before_text.strip(" 、，")
            or previous_metric
            or page.quote((clause.head.body_start, end))
        )
        previous_metric, previous_unit = metric, value.unit
        targets.append(
            _target(
                page,
                measure,
                clause,
                metric,
                value.comparator,
                value.value,
                value.value_max,
                value.unit,
                value.span,
                basis=page.quote(value.basis) if value.basis else None,
                baseline=value.baseline,
            )
        )
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


_LONGEST_QUOTE = 400  # characters of a target's text at most


def _target(
    page: _Page,
    measure: int | None,
    clause: _Clause,
    metric: str,
    comparator: Comparator,
    value: Decimal,
    value_max: Decimal | None,
    unit: str,
    value_span: Span,
    basis: str | None = None,
    baseline: Decimal | None = None,
) -> Target:
    original = page.document.text.original
    deadline, scope = clause.deadline, clause.scope
    span = clause.span
    if span[1] - span[0] > _LONGEST_QUOTE:
        # A clause with no mark in hundreds of characters (a text without punctuation, or
        # hostile text): the words around the value, not the clause once for every value.
        half = _LONGEST_QUOTE // 2
        span = (max(span[0], value_span[0] - half), min(span[1], value_span[1] + half))
    return Target(
        measure=measure,
        text=original[span[0] : span[1]],
        span=span,
        metric=metric,
        comparator=comparator,
        value=value,
        value_max=value_max,
        unit=unit,
        deadline=deadline.date if deadline else None,
        deadline_text=original[deadline.span[0] : deadline.span[1]] if deadline else None,
        scope=original[scope[0] : scope[1]] if scope else None,
        value_span=value_span,
        basis=basis,
        baseline=baseline,
    )


# The noun a threshold qualifies, up to the count after it: 企业达到 in 超百亿元企业达到3家.
_QUALIFIED = re.compile(r"[\u4e00-\u9fff]{1,8}")


# What follows a value and names no class of things: 的 (a condition, _is_condition), a
# verb, a conjunction, or a noun that restates the value (完成造林1万亩以上任务).
_NOT_A_CLASS = re.compile(rf"的|同比|并|且|或|为|是|要|应|须|需|目标|任务|{_MAKING_VERB.pattern}")
# 的 after a bound joins it to a class as well (5万元以下的薄弱村), but not to the level or
# pace it states (保持10万元以上的水平, 8%以上的增速).
_LEVEL_NOUN = re.compile(r"水平|标准|额度|速度|增速|增幅|幅度|规模|目标|任务|比例|比重|高位|区间|范围|增长|要求")
# Units that count the members of a place, a herd's head or a firm's staff (30户, 3000人,
# 千头, 500名, 50万人次), and the places, firms and establishments they make up: a count of
# members written with a bound before such a noun (30户以上村寨, 3000人以上的行政村, 千头以上
# 奶牛场30个) gives the size of each, a class of them. 培育10家以上龙头企业, 帮扶1000户以上
# 贫困户 and 培训500人以上企业职工 count what follows.
_MEMBER_UNIT = re.compile(rf"{_MAGNITUDE}?(?:人次|人|户|名|头只|头|只|羽)")
_PLACE_OF_MEMBERS = re.compile(
    r"(?:村寨|村庄|村组|村|寨|屯|嘎查|苏木|社区|小区|景区|园区|乡镇|镇|场|厂|企业|学校|院校|医院|单位|机构|合作社|基地|工程|项目)"
    rf"(?=$|[，。；、）\s]|的|实现|通|达到|达|覆盖|全覆盖|具备|开通|接通|纳入|普及|出列|摘帽|脱贫|均|全部|都|基本"
    rf"|{_MAKING_VERB.pattern})"
)


# Verbs of removing, straight before a bounded count of members: what follows is the class
# removed (消除56人以上大班额), and nouns that name the members themselves (人员, 职工 …).
_REMOVING = re.compile(
    r"(?:消除|化解|淘汰|取缔|整治|关停|关闭|清理|清除|拆除|消灭|根除|杜绝|清零|退出|撤并)(?:全部|所有|现有|剩余)? ?$"
)
_MEMBERS = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:人员|人口|人才|职工|员工|工人|冗员|群众|学生|幼儿|儿童|老人|农户|贫困户|居民|村民|劳动力|患者|对象)"
)


# The second size of a pair written together, with the bound of both: 万人以上 after 千吨.
_SECOND_SIZE = re.compile(r"[万千百]?(?:人次|人|户|吨|头|只|名|家|个|元)(?:及)?以[上下]")


def _qualifies(reading: str, value: _Value, after: _Value | None, end: int) -> bool:
    """A bound written before a noun, straight or with 的 between, names a class of things;
    it is no target: 超百亿元企业达到3家, 投资5000万元以上项目20个, 1000平方米以下社区食堂20个
    (the count's metric reads it), and with no count after it 160千瓦及以下拖拉机, 年产值10亿元
    以上企业, 收入5万元以下的薄弱村, 50万元以上的村占比 (the metric of the share keeps it) —
    where the bound is 以上 or 以下 written after the value, and the value is no proportion
    (80%以上行政村 is a share of them) nor a cap on a grant (100万元以下奖励). An upper bound
    does so only as 以下: 3个工作日内办结, 30分钟内响应 are time limits. 功率达到160千瓦以上
    and 保持10万元以上的水平 are targets. A count does so only as a count of members
    (``_MEMBER_UNIT``), before a place (``_PLACE_OF_MEMBERS``: 30户以上村寨, 千头以上奶牛场30个)
    or after a verb of removing (``_is_removed``: 消除56人以上大班额)."""
    suffix = _SUFFIX_COMPARATOR.match(reading, value.span[1], end)
    below = bool(suffix and suffix.group(1).endswith("以下"))
    above = bool(suffix and suffix.group(1).endswith("以上"))
    if not suffix and not value.counts_things and (second := _SECOND_SIZE.match(reading, value.tail, end)):
        # 千吨万人以上水源地: two sizes written together, the bound after the second, are
        # one class's (of the noun after them) as the second is.
        return _names_a_noun(reading[second.end() : after.wording_start if after else end])
    following = reading[value.tail : after.wording_start if after else end]
    noun = following.removeprefix("的")
    if following.startswith("的") and (_LEVEL_NOUN.match(noun) or not (above or below)):
        return False
    if value.counts_things:
        return (
            (above or below)
            and value.lead == value.span[0]
            and bool(_MEMBER_UNIT.fullmatch(value.unit))
            and _names_a_noun(noun)
            and bool(_PLACE_OF_MEMBERS.search(noun) or _is_removed(reading, value, noun))
        )
    if value.comparator not in (Comparator.AT_LEAST, Comparator.GREATER) and not below:
        return False
    if after is not None and after.counts_things:
        return bool(_QUALIFIED.fullmatch(noun)) and _names_a_noun(noun)
    return (
        value.lead == value.span[0]
        and (below or above)
        and not _PROPORTION_UNIT.fullmatch(value.unit)
        and _names_a_noun(noun)
        and not _GRANTED.match(noun)
    )


def _is_removed(reading: str, value: _Value, noun: str) -> bool:
    """消除56人以上大班额, 取缔10人以下无证作坊: a bounded count of members after a verb of
    removing, straight before a noun that is no kind of the members themselves, gives the
    size that makes a thing what is removed — a class, not a goal (清理50名以上冗员 and
    培训500人以上企业职工 count the people)."""
    return bool(_REMOVING.search(reading, max(0, value.lead - 6), value.lead)) and not _MEMBERS.match(noun)


def _names_a_noun(text: str) -> bool:
    """Whether ``text`` opens with a noun: a Chinese character that opens no verb or filler."""
    return (
        bool(text)
        and "\u4e00" <= text[0] <= "\u9fff"
        and not _NOT_A_CLASS.match(text)
        and not _LEADING_FILLER.match(text)
    )


def _clause_targets(
    page: _Page,
    measure: int | None,
    clause: _Clause,
    inherited: str = "",
    inherited_unit: str | None = None,
    earlier: list[str] | None = None,
) -> list[Target]:
    start, end = clause.span
    reading = page.reading
    grants = bool(_BENEFIT_RULE.search(reading, start, end) or _CONDITION.match(reading, clause.head.body_start, end))
    values = [
        value
        for value in _values(reading, page.blocked, clause.head.body_start, end)
        if not _is_article(value, clause.scope, clause.deadline)
        and not _is_condition(reading, value)
        and not _names_a_kind(reading, value, clause)
        and not _is_phase(reading, value, clause.head.body_start)
        # A benefit rule or a condition states no goal, but the standards it sets are targets.
        and (not grants or _is_standard(value) or _is_grant(reading, value))
    ]
    values = [value for value, after in zip(values, [*values[1:], None]) if not _qualifies(reading, value, after, end)]
    if values:
        return _value_targets(page, measure, clause, values, grants, inherited, inherited_unit, earlier)
    if grants:
        return []
    universal = _universal_target(page, measure, clause)
    return [universal] if universal else []


def _region_targets(page: _Page, measure: int | None, region: Span) -> list[Target]:
    reading = page.reading
    targets: list[Target] = []
    for sentence in _split(reading, *region, _SENTENCE_ENDS):
        if not _NUMBER_START.search(reading, *sentence) and not _UNIVERSAL.search(reading, *sentence):
            continue  # no number and no 所有 / 全部: no clause of it states a target
        covering: _Deadline | None = None  # a deadline that opened an earlier clause
        last_scope: Span | None = None
        # What the clause before measured: its last target's metric, else — a clause with no
        # value — its words up to a comparator (落实配建要求，按照每百户不低于20平方米配建;
        # 粮食产量不低于上年水平，力争达到50万吨 → 粮食产量), else what it inherited itself.
        inherited, inherited_unit = "", None
        earlier: list[str] = []  # the metrics of the sentence's targets so far
        for span in _split(reading, *sentence, _CLAUSE_ENDS):
            head = _head(reading, span, page.deadlines)
            if head.deadline:
                covering = head.deadline
            deadline = head.deadline or _inside_deadline(span, head, page.deadlines) or covering
            scope = head.scope
            # An elliptical clause (…1个A，20家左右B) keeps the scope of the one before.
            opens_with_value = (
                _NUMBER_START.match(reading, head.body_start, span[1])
                and _value_at(reading, page.blocked, head.body_start, head.body_start, span[1])
                or _PREFIX_COMPARATOR.match(reading, head.body_start, span[1])
            )
            if scope is None and opens_with_value:
                scope = last_scope
            last_scope = scope or last_scope
            clause = _Clause(span, head, scope, deadline)
            found = _clause_targets(page, measure, clause, inherited, inherited_unit, earlier)
            earlier.extend(target.metric for target in found)
            if found:
                inherited, inherited_unit = found[-1].metric, found[-1].unit
            elif words := _words_measured(page, head.body_start, span[1]):
                inherited, inherited_unit = words, None
            targets.extend(found)
    return targets


# Where the words of a clause with no value stop naming what it measures: a comparator or a
# verb of level or change (粮食产量不低于上年水平, 收入稳定在上年水平, 产值保持较快增长).
_LEVEL = re.compile(rf"{PREFIX_ALTERNATION}|保持|稳定在|控制在|{_CHANGE_TO}|达到")


def _words_measured(page: _Page, start: int, end: int) -> str:
    """What a clause without a value measures, for the value of the clause after it."""
    level = _LEVEL.search(page.reading, start, end)
    words = _trimmed(page.quote((start, level.start()))) if level and level.start() > start else ""
    return words or _trimmed(page.quote((start, end)))


def _goal_sections(document: Document) -> list[Span]:
    """The text (heading excluded) of level-1 sections that state goals: 主要目标, 工作目标 …,
    and 总体要求, which holds them when no section of their own does."""
    return [
        (section.span[1], section.extent[1])
        for section in document.sections
        if not section.carries_measures and ("目标" in section.title or "总体要求" in section.title)
    ]


# A date as a deadline field or column writes it: 2025年, 2025年底, 2024年6月, 2024年6月30日, 2025年上半年,
# 2025年第三季度, 2025-06-30 / 2025.6 / 2025/6/30 (typed as numbers), the end of 2024—2026年.
_ROW_DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2}) ?(?:年 ?(?:(?P<month>\d{1,2}) ?月 ?(?:(?P<day>\d{1,2}) ?[日号])?)?"
    r"|[-/.](?P<month2>\d{1,2})(?:[-/.](?P<day2>\d{1,2}))?(?!\d))"
    rf" ?(?:(?P<end>底|末)|{_YEAR_PART})?"
)
# 2023年起 / 2023年开始: when the work starts, not when it is due.
_START = re.compile(r" ?(?:起|开始|以来)")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def field_deadline(text: str | None, year: int | None = None) -> str | None:
    """The deadline a 完成时限 field or task-table cell states, in the form targets carry it: 2025年 → ``2025``,
    2025年底 → ``2025-12-31``, 2024年6月 → ``2024-06-30``, 2024年6月15日 → ``2024-06-15``;
    when it names several dates (2024年6月启动，2025年底完成) the latest. None for a
    field with no date (长期坚持, 持续推进, 每年) or only a starting date (2023年起). With
    the plan's ``year``, a date written without it (6月底前, 三季度末, 年内) falls in it."""
    if not text:
        return None
    reading = normalise(text)
    found: list[tuple[str, str]] = []  # (sortable end date, deadline)
    for match in _ROW_DATE.finditer(reading):
        if _START.match(reading, match.end()):
            continue
        year = match.group("year")
        month, day = match.group("month") or match.group("month2"), match.group("day") or match.group("day2")
        part = match.group("part")
        try:
            if part and month is None:
                deadline = _part_date(year, part)
            elif day is not None and month is not None:
                deadline = datetime.date(int(year), int(month), int(day)).isoformat()
            else:
                if month is not None and not 1 <= int(month) <= 12:
                    continue
                deadline = deadline_date(year, month, match.group("end"))
        except ValueError:  # 2025年2月30日: no such day
            continue
        found.append((deadline if len(deadline) > 4 else f"{deadline}-12-31", deadline))
    if not found and year is not None:
        found = [(date if len(date) > 4 else f"{date}-12-31", date) for _, date, _ in _yearless(reading, year)]
    return max(found)[1] if found else None


# A measure's own deadline, written as a field of it (完成时限：2023年10月底, on a line of its
# own or in its list of units; kg.names.OTHER_FIELD): its date.
_DEADLINE_FIELD = re.compile(OTHER_FIELD.pattern + r"\s*([^\n。；）]+)")


def with_measure_deadlines(document: Document, targets: list[Target]) -> list[Target]:
    """Each target of a measure that states one deadline field (``_DEADLINE_FIELD``) and
    has no deadline of its own, given that field's date (read as a task table's 完成时限
    cell is, ``field_deadline``) and its text as the deadline as written — but a rate
    (每餐3元, 1000元/人), which a rule keeps setting, falls due at no date. A measure with
    several such fields (one a point) dates none: which target each dates is not said."""
    fields: dict[int, tuple[str, str]] = {}
    year = _plan_year(document)
    for measure in document.measures:
        start, end = measure.text_span
        found = list(_DEADLINE_FIELD.finditer(document.text.normalised, start, end))
        if len(found) != 1:
            continue
        written = document.text.original[found[0].start(1) : found[0].end(1)].strip()
        deadline = field_deadline(written, year)
        if deadline:
            fields[measure.number] = (deadline, written)
    return [
        replace(target, deadline=fields[target.measure][0], deadline_text=fields[target.measure][1])
        if target.measure in fields
        and datable(target, fields[target.measure][0])
        and target.basis is None
        and "/" not in (target.unit or "")
        else target
        for target in targets
    ]


# The whole of a one-year plan's year, written in place of a date (全年新增20个, 年内建成).
_WHOLE_YEAR = re.compile(r"[全本今]年度?|年内|今年内")


def datable(target: Target, deadline: str) -> bool:
    """Whether a deadline field (完成时限：2024年6月底, a task table's cell) dates ``target``:
    one with no deadline of its own, or one dated only by the plan's year (全年, 年内) that
    the field's date falls in and says more precisely."""
    if target.deadline is None:
        return target.deadline_text is None
    return (
        target.deadline_text is not None
        and _WHOLE_YEAR.fullmatch(target.deadline_text.strip()) is not None
        and len(target.deadline) == 4
        and deadline.startswith(f"{target.deadline}-")
    )


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
    deadlines = _deadlines(reading, _plan_year(document))
    page = _Page(document, reading, _blocked(reading, deadlines), deadlines)
    targets: list[Target] = []
    for measure in document.measures:
        targets.extend(_region_targets(page, measure.number, measure.text_span))
        for box in measure.boxes:
            targets.extend(_region_targets(page, measure.number, box))
    for region in _goal_sections(document):
        targets.extend(_region_targets(page, None, region))
    return targets
