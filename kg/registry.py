"""Stage 4 — names to departments and programmes.

The registry (``ontology/departments.ttl``) lists department *kinds*, level-neutral:
财政局 is one kind whether a plan writes 区财政局, 县财政局 or 省财政厅. A unit named in a
plan is a kind **in a jurisdiction**: 县财政局 in a plan of 宁乡县 is 宁乡县's Finance
Bureau, never another city's. Names the registry does not know stay units of their own,
marked unresolved.

A kind is one body under all its names (人社局 = 人力资源和社会保障局), never a body and its
successor: the 国土资源局 of a plan written before the 2018 reform stays a 国土资源局, and
the registry only links its kind to the 自然资源局's (``DepartmentKind.successors``). A
body written with two names (县文旅广体局（县文物局）) is one unit known by both.

The plan's own jurisdiction comes from its title, else from its text (the issuing organ,
the signature, 我县/全市 and the place names of the preamble): ``issuer_of_plan``. It may be
a township (某镇, 某乡, 某街道), whose plan writes its own bodies after 镇 as a county's plan
writes its own after 县 (镇党政办, 镇财政所); a new area or a zone writes them after its kind
(新区财政局); a prefecture that is no city (某某地区) after 地区 and 地 (地区财政局, 地委组织部).

A name is the registry's when one of its labels is the name, or has the name's form (区政府 =
区人民政府, 省建设厅 = 市建设局: ``Registry.named``), or when it is a merged bureau's joining
the work of labels (农业农村和水利局 → 农业农村局's kind).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import InputError
from kg.lexicon import (
    AREA_ALSO_PLACES,
    AREA_KINDS,
    AREA_NOT_PLACES,
    AUTONOMOUS,
    AUTONOMOUS_LEVEL,
    BRACKET_PLACE_WORDS,
    CITY_LEVELS,
    COUNTY_LEVELS,
    DEPARTMENT_ENDINGS,
    ENDING_EQUIVALENTS,
    ETHNIC_GROUPS,
    LEVEL_CHARS,
    LEVEL_WORDS,
    NAME_EQUIVALENTS,
    NOT_WORK_ALONE,
    PLACE_SUFFIX,
    PROVINCE_LEVELS,
    PROVINCES,
    REGION,
    REGION_SHORT,
    REGION_SHORT_BEFORE,
    LazyPattern,
    alternation,
)
from kg.resources import data_file
from kg.text import bare_place
from kg.vocab import PK, PKD_NS, PKP_NS, RDF, SKOS

if TYPE_CHECKING:
    from kg.structure import Document

# The patterns here compile on first use (LazyPattern): ``ask`` resolves no names and
# needs none of them.
# A place name and its level: 长沙市, 湖南省, 宁乡县, 湘西土家族苗族自治州 …
_PLACE = LazyPattern(rf"(?:中共)?([\u4e00-\u9fff]{{2,8}}?(?:{PLACE_SUFFIX}))")
# Kinds of area, not places: 产业园区, 民族地区, 居家社区, 贫困县, and the endings some places'
# names share with them (中心城区, 智慧城市: 城区, 城市 …). 山区, 湖区, 林区 are left out.
AREA_WORD = LazyPattern(rf"(?:{alternation(AREA_KINDS, AREA_ALSO_PLACES)})$")
# What a vertically managed body calls its office in a place: 分行, 中心支行, 监管分局.
_BRANCH_WORDS = "分行|中心支行|支行|营业管理部|分局|监管分局|监管局"
_BRANCH_OFFICE = LazyPattern(f"(?:市|县|区|州)?(?:{_BRANCH_WORDS}|管理局)")
# …and a bare place before it, or before an office the registry names: 长沙中心支行, 长沙调查队.
_BARE_PLACE_OFFICE = LazyPattern(f"([\u4e00-\u9fff]{{2,4}}?)(?:{_BRANCH_WORDS}|调查队|海关)")
# The offices a bank keeps in cities (分行, 中心支行): a bare name before one that is not the
# plan's own place is a city's (人民银行某某中心支行 → 某某市), unless it is a province's (某省的分行).
_CITY_OFFICES = ("分行", "中心支行")
# What an enterprise calls its office in a place (中国移动某市分公司, 中国移动某省公司), and a bare
# place before it (移动某县分公司). Only after an enterprise: a bureau keeps no 分公司.
_COMPANY_OFFICE = LazyPattern("(?:市|县|区|州|省)?(?:分公司|公司)")
_BARE_PLACE_COMPANY = LazyPattern("([\u4e00-\u9fff]{2,4}?)(?:分公司|公司)")
# The forms of a company's name that end it alike: 中国邮政集团有限公司 = 中国邮政集团公司.
_COMPANY_ENDING = LazyPattern("(?:股份)?有限(?:责任)?公司")
# What a name may be written with around its words and stay the same name: brackets and list
# separators around place words (县（市）区 = 县市区, 市〔州〕 = 市（州）).
_NOT_IN_FORM = LazyPattern("[（）()〔〕\\[\\]【】、，,]")
# The endings of a bureau or a commission whose name may join the names of several kinds'
# work (农业农村和水利局, 文化体育广播电视和旅游局), and the words that join them.
_MERGED_ENDINGS = ("局", "委")
_JOINING = "和与及"
# What follows a place's level where no place inside it starts: its scope (州直属县市, 市直,
# 县级, 市域). A title 某州直属县市… is the prefecture's.
_SCOPE_AFTER_LEVEL = "直属级域"
# The levels below a county, as the word that ends a township's name: 某某镇, 某某乡, 某某街道.
# A township's plan writes its own bodies after its level (镇党政办) as a county's writes its
# own after 县. (LEVEL_CHARS holds the levels of one character from the province to the county;
# these are among the lexicon's level words, which do not say which of them name a place.)
_TOWNSHIP_LEVELS = ("街道", "镇", "乡")
# A township's name at the start of a text: two to four characters and its level, where no
# longer word goes on (乡村, 城镇化, 镇级, 镇域).
_TOWNSHIP = LazyPattern(rf"([\u4e00-\u9fff]{{2,4}}?(?:{alternation(_TOWNSHIP_LEVELS)}))(?![村化级域])")
_TYPE_ORDER = ("PartyOrgan", "GovernmentDepartment", "Government", "Zone", "LowerGovernment", "PeoplesOrganisation")


@dataclass(frozen=True)
class DepartmentKind:
    iri: str
    slug: str
    zh: str
    en: str
    full_name: str
    unit_type: str  # local name of a pk:Unit subclass, e.g. "GovernmentDepartment"
    zh_names: tuple[str, ...]  # every zh label, the preferred first
    en_names: tuple[str, ...]
    notations: tuple[str, ...]
    successors: tuple[str, ...] = ()  # slugs of the kinds that took over its work (pk:succeededBy)
    abolished_in: int | None = None  # the year of the reform that abolished it (pk:abolishedIn)


@dataclass(frozen=True)
class Jurisdiction:
    """A government area. ``name`` is empty when the plan does not say which."""

    name: str
    level: str  # 省, 市, 县, 区 … or "" when unknown
    relative_to: str = ""  # for an unnamed place: the key of the place it is seen from
    plan: str = ""  # for a place no text names: the id of the plan it is known from

    @property
    def key(self) -> str:
        """What identifies the place in IRIs. A named place is its name, so plans of 长沙市
        share 长沙市's units; a place the plan never names is known only inside that plan
        (``未知县-<plan id>``), so two such plans never share a unit."""
        if self.name:
            return self.name
        if self.relative_to:
            return f"{self.relative_to}-{self.level}"
        unknown = f"未知{self.level or '地区'}"
        return f"{unknown}-{self.plan}" if self.plan else unknown

    @property
    def bare_name(self) -> str:
        """长沙市 → 长沙 (how a plan writes its own place inside other names)."""
        return bare_place(self.name)


@dataclass(frozen=True)
class ResolvedUnit:
    written: str
    kind: DepartmentKind | None
    jurisdiction: Jurisdiction
    names: tuple[str, ...] = ()  # the two names of a body written 县文旅广体局（县文物局）; else empty
    # The kinds its second name also names: 县发改局（县粮食和物资储备局） is the county's grain
    # and reserves bureau too, so a question about either kind finds it.
    also: tuple[DepartmentKind, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.kind is not None

    @cached_property
    def identity(self) -> tuple[str, str]:
        """Two mentions with the same identity are the same unit: the jurisdiction and the
        body — its kind, or for a name the registry does not know the name itself (the
        first of its two names)."""
        own_name = self.names[0] if self.names else self.written
        return (self.jurisdiction.key, self.kind.slug if self.kind else _name_key(strip_collective(own_name)))


# No part of a name: the invisible characters text copied from web pages carries inside
# names (县财政\u200b局), and the spaces and line breaks of a name a PDF or a table cell
# broke (县 人民检察院). Chinese names hold no spaces.
_NOT_IN_NAMES = LazyPattern("[\u00ad\u200b-\u200f\u2060\ufeff\\s]")


def _name_key(name: str) -> str:
    """A name as the same body's name however it is typed: 县５Ｇ办 = 县5G办, 县财政\u200b局 =
    县 财政局 = 县财政局 (full-width forms, invisible characters of text copied from the web,
    spaces)."""
    return unicodedata.normalize("NFKC", _NOT_IN_NAMES.sub("", name)).strip()


def strip_collective(name: str) -> str:
    """各区县（市）人民政府 → 区县（市）人民政府."""
    return name[1:] if name.startswith("各") and len(name) > 2 else name


def _name_form(name: str) -> str:
    """``name`` as the registry compares names that are the same name written otherwise: with
    no brackets or list separators around its words (县（市、区） → 县市区), each word of
    ``NAME_EQUIVALENTS`` written as its equivalent (人民政府 → 政府, 行政公署 → 政府, 旗县 → 县),
    and its ending as ``ENDING_EQUIVALENTS`` writes it (委员会 → 委, 厅 → 局)."""
    form = _NOT_IN_FORM.sub("", name)
    for word, equivalent in NAME_EQUIVALENTS.items():
        form = form.replace(word, equivalent)
    for ending, equivalent in ENDING_EQUIVALENTS.items():
        if form.endswith(ending) and len(form) > len(ending):
            return form[: -len(ending)] + equivalent
    return form


def _balanced(name: str) -> bool:
    """Whether every bracket ``name`` opens it closes, in order."""
    depth = 0
    for char in name:
        depth += {"（": 1, "(": 1, "〔": 1, "）": -1, ")": -1, "〕": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _letters(body: str) -> str:
    """The characters of a name's ``body`` in one order, the joining words left out: two names
    that join the same work in another order (文广旅体, 文体广旅) have the same letters."""
    return "".join(sorted(char for char in body if char not in _JOINING))


def _unique(pairs: Iterable[tuple]) -> dict:
    """The ``(key, kind)`` pairs as a dict, without the keys of more than one kind."""
    found: dict = {}
    for key, kind in pairs:
        found[key] = kind if found.get(key, kind) == kind else None
    return {key: kind for key, kind in found.items() if kind is not None}


# A bracket that narrows a name to places, not a second name: 区县（市）, 各乡镇（街道）,
# 镇人民政府（街道办事处）.
_PLACE_WORDS = LazyPattern(rf"(?:{alternation(LEVEL_WORDS, BRACKET_PLACE_WORDS)})")
# How the name of a department ends (局 委 办 厅 中心 …): a bracket so ending is a second name.
_DEPARTMENT_ENDING = LazyPattern(rf"(?:{alternation(DEPARTMENT_ENDINGS)})$")
# Words that end like a department but name no body on their own: 高新区（管委会）.
# What ends an organ's name and no place's: 区委社会工委区 is no district.
_ORGAN_IN_PLACE = LazyPattern("[局委办厅]")
_GENERIC_ORGANS = frozenset({"管委会", "管理委员会", "办公室", "领导小组办公室", "指挥部", "中心", "委员会", "政府"})


class Registry:
    """Department kinds by every name they go by."""

    def __init__(self, kinds: list[DepartmentKind]):
        self.kinds = {kind.iri: kind for kind in kinds}
        self.by_slug = {kind.slug: kind for kind in kinds}
        self.by_zh: dict[str, DepartmentKind] = {}
        self.by_en: dict[str, DepartmentKind] = {}
        # The kinds of zone a zone's name ends with (高新区 of 某某高新区, 新区 of 某某新区), longest first.
        self.zone_words = sorted(
            {name for kind in kinds if kind.unit_type == "Zone" for name in kind.zh_names}, key=len, reverse=True
        )
        self._own_names_of: dict[Jurisdiction, tuple[str, ...]] = {}  # _own_names, by the plan's place
        for kind in kinds:
            for name in kind.zh_names:
                self.by_zh.setdefault(name, kind)
            for name in (*kind.en_names, *kind.notations):
                self.by_en.setdefault(name.lower(), kind)
        # Every name by its form (``_name_form``: 区政府 = 区人民政府, 县（市）区 = 县市区); a form
        # two kinds' names share names neither.
        self._by_form = _unique((_name_form(name), kind) for kind in kinds for name in kind.zh_names)
        self._named_cache: dict[str, DepartmentKind | None] = {}

    @classmethod
    def load(cls) -> Registry:
        return _load_default()

    def named(self, name: str) -> DepartmentKind | None:
        """The kind ``name`` (no place, no level) is a name of: one of its labels; else a name of
        the same form (``_name_form``: 区政府 = 区人民政府, 盟行政公署办公室 = 盟政府办公室,
        各县（市）区 = 各县市区, 经济和信息化委 = 经济和信息化委员会, 省建设厅 = 市建设局); else the
        government of a collective of places the registry knows (镇（街道）人民政府); else a merged
        bureau's (``_merged_kind``)."""
        kind = self.by_zh.get(name)
        if kind or len(name) < 2 or not _balanced(name):
            return kind  # a piece of a name (委党校（ of 省委党校（省行政学院）) is none
        if name not in self._named_cache:
            form = _name_form(name)
            kind = self._by_form.get(form)
            if not kind and form.endswith("政府") and len(form) > 3:
                places = self._by_form.get(form[:-2])
                kind = places if places and places.unit_type == "LowerGovernment" else None
            self._named_cache[name] = kind or self._merged_kind(form)
        return self._named_cache[name]

    def _merged_kind(self, form: str) -> DepartmentKind | None:
        """The kind of a bureau (or commission) whose name joins the names of several kinds'
        work, each as the registry writes it before 局 (or 委): the kind of a name of the registry
        that joins the same kinds' work in another order (旅游和文化广电体育厅, 文体广旅局, 旅文厅 →
        the 文旅广体局's kind); else the kind of the work it names first, its main work
        (农业农村和水利局 → 农业农村局, 工信商务局 → 工信局, 国土城建和水利局 → 国土局). A name
        that holds anything else (劳动就业服务局: 就业服务 is no kind's) is no merged bureau's."""
        ending = form[-1:]
        if ending not in _MERGED_ENDINGS or len(form) < 3:
            return None
        body = form[:-1]
        kind = self._merged_index[0].get((ending, _letters(body)))
        if kind:
            return kind
        parts = self._parts(body)
        if len(parts) < 2:
            return None
        return self._merged_index[1].get((ending, frozenset(parts))) or parts[0]

    @cached_property
    def _stems(self) -> dict[str, DepartmentKind]:
        """What each kind's names write before 局 or 委 (财政, 工信, 农业农村, 文化), and the
        parts of such a name joined by 和 (工业, 信息化 of 工业和信息化局), a name's own first.
        Of two characters or more, and none of ``NOT_WORK_ALONE`` (发展, 经济); a stem two
        kinds' names share is neither's."""
        whole, parts = [], []
        for kind in self.kinds.values():
            for name in kind.zh_names:
                form = _name_form(name)
                if form[-1:] in _MERGED_ENDINGS:
                    body = form[:-1]
                    whole.append((body, kind))
                    parts += [(part, kind) for part in re.split(f"[{_JOINING}]", body) if part != body]
        wholes = {stem for stem, _ in whole}
        stems = {stem: kind for stem, kind in _unique(whole).items() if len(stem) >= 2}
        stems.update((stem, kind) for stem, kind in _unique(parts).items() if len(stem) >= 2 and stem not in wholes)
        return {stem: kind for stem, kind in stems.items() if stem not in NOT_WORK_ALONE}

    @cached_property
    def _merged_index(self) -> tuple[dict, dict]:
        """The names of the registry ending in 局 or 委 by their letters in any order, and by the
        kinds of the work they join (``_parts``): 文化旅游广电体育局 → {文化局, 旅游局, 广电局, 体育局}'s kinds."""
        letters, parts = [], []
        for kind in self.kinds.values():
            for name in kind.zh_names:
                form = _name_form(name)
                if form[-1:] in _MERGED_ENDINGS and len(form) >= 3:
                    letters.append(((form[-1], _letters(form[:-1])), kind))
                    joined = self._parts(form[:-1])
                    if len(joined) >= 2:
                        parts.append(((form[-1], frozenset(joined)), kind))
        return _unique(letters), _unique(parts)

    def _parts(self, body: str) -> list[DepartmentKind]:
        """The kinds of the work ``body`` joins, in order, when all of it is stems (``_stems``)
        and joining words: 农业农村和水利 → 农业农村局's kind, 水利局's. The most parts: 文化体育
        is 文化, 体育 (not 文化体育局's kind), so that names joining the same work compare alike."""
        stems, best = self._stems, {0: []}
        for end in range(1, len(body) + 1):
            found = None
            if body[end - 1] in _JOINING and end - 1 in best and end > 1:
                found = best[end - 1]
            for start in range(end - 2, -1, -1):
                kind = stems.get(body[start:end])
                if kind and start in best and (found is None or len(best[start]) + 1 > len(found)):
                    found = [*best[start], kind]
            if found is not None:
                best[end] = found
        return best.get(len(body), [])

    def resolve(self, written: str, home: Jurisdiction) -> ResolvedUnit:
        """Resolve a unit as written in a plan issued by ``home``. A body written with two
        names (县文旅广体局（县文物局）) is resolved by the first, else by the second."""
        names = self.split_two_names(written)
        if len(names) == 1:
            unit = self._resolve_one(written, home)
            opening = _opening_of_last_bracket(written.strip())
            if not unit.kind and opening > 0 and written.strip()[opening + 1 : -1] in _GENERIC_ORGANS:
                # 高新区（管委会）: the bracket says what kind of organ, the name is before it.
                unit = replace(self._resolve_one(written.strip()[:opening], home), written=written)
            return unit
        units = [self._resolve_one(name, home) for name in names]
        body = next((unit for unit in units if unit.kind), None)
        if body is None:
            return ResolvedUnit(written, None, home, names)
        also = tuple(
            unit.kind
            for unit in units
            if unit.kind and unit.kind != body.kind and unit.jurisdiction == body.jurisdiction
        )
        return ResolvedUnit(written, body.kind, body.jurisdiction, names, also)

    def split_two_names(self, written: str) -> tuple[str, ...]:
        """The names of the body ``written`` names: two for ``A（B）`` where B is itself a
        department's name (县文旅广体局（县文物局）, 市委编办（市编委办）, a 挂牌 body such as
        县行政审批服务局（县政务服务中心）), else the name itself. A bracket that lists or
        narrows places (区县（市）人民政府, 各乡镇（街道）, 各区、县（市）) is part of the name,
        and so is a whole the registry knows (委党校（行政学院）, 档案局（馆）)."""
        name = written.strip()
        opening = _opening_of_last_bracket(name)
        if opening <= 0:
            return self._two_organs(name)
        first, second = name[:opening].strip(), name[opening + 1 : -1].strip()
        if len(first) < 2 or len(second) < 2:
            return (name,)
        if any(separator in second for separator in "、，,；;/"):
            return (name,)  # a list: 县（市、区）
        if _PLACE_WORDS.fullmatch(second) or second in _GENERIC_ORGANS:
            return (name,)
        if self.knows_department(name):
            return (name,)
        if self.knows_department(second) or _DEPARTMENT_ENDING.search(second):
            return (first, second)
        return (name,)

    def _two_organs(self, name: str) -> tuple[str, ...]:
        """The two names of one body written each after the level, one after the other: 区委社会
        工委区民政局 (a party office and a bureau working as one) → 区委社会工委, 区民政局. Not
        when the name with its level written once is a name of the registry (区纪委区监委, see
        ``_level_once``), nor for the party committee and the government themselves (区委区政府:
        two bodies)."""
        level = name[:1]
        again = name.find(level, 2) if len(name) >= 6 and level in LEVEL_CHARS else -1
        if again < 0 or self._resolve_one(name, Jurisdiction("", "")).kind:
            return (name,)
        first, second = name[:again], name[again:]
        # A party committee's office the registry does not know and a government department
        # (区委社会工委 and 区民政局) that work as one; two known bodies run together (县财政局县税务局,
        # 区委组织部区人社局) are a list that lost its separator, and stay unresolved.
        party_office = first[1] == "委" and len(first) > 2 and _DEPARTMENT_ENDING.search(first)
        department = self._strip_level(second)[1]
        if (
            not party_office
            or self._strip_level(first)[1]
            or not department
            or department.unit_type != "GovernmentDepartment"
        ):
            return (name,)
        return (first, second)

    def in_plan(self, names: Iterable[str], home: Jurisdiction) -> PlanRegistry:
        """The registry as one plan uses it: a body the plan writes once with two names is
        the same unit, known by both, wherever the plan writes either name alone."""
        aliases: dict[tuple[str, str], ResolvedUnit] = {}
        for written in dict.fromkeys(names):
            unit = self.resolve(written, home)
            for name in unit.names:
                aliases.setdefault(self._resolve_one(name, home).identity, unit)
        return PlanRegistry(self, aliases)

    def _resolve_one(self, written: str, home: Jurisdiction) -> ResolvedUnit:
        name = self._level_once(strip_collective(_NOT_IN_NAMES.sub("", written).strip()))
        unit = self._resolve_here(written, name, home) or self._branch(written, name, home)
        return unit or self._resolve_placed(written, name) or ResolvedUnit(written, None, home)

    def _level_once(self, name: str) -> str:
        """``name`` with its level written once where it names one body by two organs' names,
        each after the level: 区纪委区监委 → 区纪委监委 (one body under two names), 县委县政府督查室
        → 县委政府督查室 (the inspection office of both). What stands before the repeated level
        must itself be an organ of the level (区纪委, 县委), so that no place is read into it
        (区纪委区 is no district)."""
        level = name[:1]
        if len(name) < 4 or level not in LEVEL_CHARS:
            return name
        again = name.find(level, 2)
        if again < 0 or not self._strip_level(name[:again])[1]:
            return name
        return name[:again] + name[again + 1 :]

    def _resolve_here(self, written: str, name: str, home: Jurisdiction) -> ResolvedUnit | None:
        """``name`` as a kind written alone, after the plan's own place (宁乡县财政局, 宁乡财政局,
        新区财政局 in a new area's plan, 镇党政办 in a township's) or after a level (县财政局;
        省教育厅 in a city's plan is the province's)."""
        # A township's plan writes its own bodies after its level before any name of the
        # registry: 街道办事处 in a sub-district's plan is the sub-district's own office.
        kind = self._own_level_kind(name, home) or self.named(name) or self._own_kind(name, home)
        if kind:
            return ResolvedUnit(written, kind, home)
        level, kind = self._strip_level(name)
        if not kind:
            return None
        if not home.level or level == home.level:
            return ResolvedUnit(written, kind, home)
        # A unit of another level (省教育厅 in a city's plan) is the place of that level the
        # plan's own name holds (市甲局 in a plan of 长沙市岳麓区 is 长沙市's); else the plan
        # does not name that place, and it is known by its level, seen from the plan's own place.
        above = _place_at_level(home.name, level)
        return ResolvedUnit(written, kind, Jurisdiction(above, level) if above else Jurisdiction("", level, home.key))

    def _own_kind(self, name: str, home: Jurisdiction) -> DepartmentKind | None:
        """The kind ``name`` names after the plan's own place (宁乡县财政局, 宁乡财政局)."""
        for own in self._own_names(home):
            if name.startswith(own) and len(name) > len(own):
                kind = self._kind_at_level(name[len(own) :], home)
                if kind:
                    return kind
        return None

    def _own_level_kind(self, name: str, home: Jurisdiction) -> DepartmentKind | None:
        """The kind ``name`` names after the plan's own level when that is a township's
        (镇党政办 in a town's plan; LEVEL_CHARS, which ``_strip_level`` reads, has none of them).
        Only a township's own plan: 镇人民政府 in a county's plan is its towns, not one town."""
        level = home.level if home.level in _TOWNSHIP_LEVELS else ""
        if not level or not name.startswith(level) or len(name) == len(level):
            return None
        rest = name[len(level) :]
        return self.named(rest) or self.named(strip_collective(rest))

    def _kind_at_level(self, rest: str, home: Jurisdiction) -> DepartmentKind | None:
        """The kind ``rest`` names (财政局), at the plan's own level if it starts with one
        (市甲局 after 长沙 in 长沙市's plan; 县甲局 after 长沙 is 长沙县's, another place)."""
        kind = self.named(rest)
        if kind:
            return kind
        level, kind = self._strip_level(rest)
        return kind if not home.level or level == home.level else None

    def _own_names(self, home: Jurisdiction) -> tuple[str, ...]:
        """How a plan of ``home`` writes its own place inside its units' names, longest first:
        its name and its name without the level (长沙市, 长沙); the last place of a place
        written inside another (岳麓区 of 长沙市岳麓区, the town of 某县某镇); and the kind of zone
        a zone's name ends with (新区 of a new area, 高新区 of a high-tech zone), which the
        zone's own plan writes as a county's plan writes 县. The last place's bare name too (岳麓
        of 长沙市岳麓区): a city bureau's branch is named for it (市公安局岳麓分局); the bare names of
        the places one after the other (长沙岳麓: 某省电网长沙岳麓供电局); and an autonomous area's
        name without its peoples (湘西州, 湘西 of 湘西土家族苗族自治州: ``_short_names``)."""
        if home not in self._own_names_of:
            innermost = _innermost_place(home.name)
            names = {home.name, home.bare_name, innermost, bare_place(innermost) if innermost != home.name else ""}
            names.add(next((word for word in self.zone_words if home.name.endswith(word) and home.name != word), ""))
            names.add("".join(bare_place(place) for place in _places_of(home.name)))
            names.update(_short_names(home.name), _short_names(innermost))
            longest_first = sorted((name for name in names if len(name) >= 2), key=lambda name: (-len(name), name))
            self._own_names_of[home] = tuple(longest_first)
        return self._own_names_of[home]

    def _resolve_placed(self, written: str, name: str) -> ResolvedUnit | None:
        """A kind written after a place that is not the plan's: 长沙市甲局, 江北区乙局; a
        province's by its short name (云南银监局, a vertically managed body's provincial office)."""
        place = _PLACE.match(name)
        # No place's name holds an organ's ending: 区委社会工委区, 县财政局县 are organs run together.
        if place and len(place.group(1)) < len(name) and not _ORGAN_IN_PLACE.search(place.group(1)[:-1]):
            rest = name[place.end() :]
            if not "\u4e00" <= rest[0] <= "\u9fff":
                return None  # 设区市、县（市、区）: a list of levels, no place
            kind = self.named(rest) or self._strip_level(rest)[1]
            if kind:
                found = place.group(1)
                return ResolvedUnit(written, kind, Jurisdiction(found, _level_of(found)))
        # The registry cannot say what a short name's full one is (云南省, 广西壮族自治区): the
        # province is known by the name written.
        province = next((short for short in PROVINCES if name.startswith(short)), "")
        kind = self.named(name[len(province) :]) if province else None
        return ResolvedUnit(written, kind, Jurisdiction(province, PROVINCE_LEVELS[0])) if kind else None

    def _branch(self, written: str, name: str, home: Jurisdiction) -> ResolvedUnit | None:
        """A body's office in a place, the body written before the place: a vertically managed
        body's (人民银行石桥市分行, 人民银行石桥中心支行, 国家统计局石桥调查队, 国网石桥区供电公司,
        国家金融监督管理总局石桥监管分局) or a city bureau's branch named for the place it serves
        (市公安局石桥分局, 明川市生态环境局石桥分局). The place is the plan's own (with or without
        its level), one with a level, or a bare name before a branch word (人民银行长沙中心支行)
        or before the body's own name (国网长沙供电公司); what follows it names the kind, or is
        a branch word and the body before the place does. The office is the unit of that place:
        the city's 公安分局 in a district is the district's public-security unit."""
        own_names = self._own_names(home)
        name = _COMPANY_ENDING.sub("公司", name)  # 中国邮政集团有限公司某市分公司
        for cut in range(len(name) - 3, 1, -1):
            headquarters = self._headquarters(name[:cut])
            if headquarters is None:
                continue
            company = _is_enterprise(headquarters)
            rest = name[cut:]
            own = next((p for p in own_names if rest.startswith(p) and len(rest) > len(p)), None)
            # The place: the plan's own, one with its level (石桥市), else a bare name before
            # a branch word (人民银行长沙中心支行, 中国移动长沙分公司) or before the body's own name.
            place = own or (
                (match := _PLACE.match(rest)) and not _ORGAN_IN_PLACE.search(match.group(1)) and match.group(1)
            )
            bare = _BARE_PLACE_OFFICE.fullmatch(rest) or (company and _BARE_PLACE_COMPANY.fullmatch(rest))
            if not place and bare:
                place = bare.group(1)
            place = place or _bare_place_before(rest, headquarters)
            if not place or len(place) >= len(rest):
                continue
            office = rest[len(place) :]
            branch = _BRANCH_OFFICE.fullmatch(office) or (company and _COMPANY_OFFICE.fullmatch(office))
            kind = self.by_zh.get(office) or (headquarters if branch else None)
            if kind:
                jurisdiction = home if own else _office_place(place, office)
                return ResolvedUnit(written, kind, jurisdiction)
        return None

    def _headquarters(self, written: str) -> DepartmentKind | None:
        """The kind of the body written before a place: a name of the registry (人民银行, 国网),
        an enterprise's without 公司 (电信 of 电信某县分公司), a province's company or office
        written after its short name (某省电网, 内蒙古电力集团, 某省银保监局), a department
        written with its level or its place (市公安局, 明川市生态环境局), or an enterprise's
        office itself written before a place (内蒙古电力集团某市供电公司 of …某旗供电分公司)."""
        kind = self.by_zh.get(written) or self._company(written)
        if kind:
            return kind
        province = next((short for short in PROVINCES if written.startswith(short)), "")
        if province and len(written) > len(province) + 1:
            rest = written[len(province) :]
            kind = self.by_zh.get(rest) or self._company(rest)
            if kind:
                return kind
        place = _PLACE.match(written)
        if place and place.end() < len(written):
            body = written[place.end() :]
            return self.by_zh.get(body) or self._strip_level(body)[1]
        kind = self._strip_level(written)[1]
        if kind or not written.endswith("公司"):
            return kind
        office = self._branch(written, written, Jurisdiction("", ""))
        return office.kind if office and _is_enterprise(office.kind) else None

    def _company(self, written: str) -> DepartmentKind | None:
        """The enterprise ``written`` names without 公司 (移动, 电信, 某省电网): a name of the
        registry with 公司 after it."""
        kind = self.by_zh.get(written + "公司")
        return kind if kind and _is_enterprise(kind) else None

    def _strip_level(self, name: str) -> tuple[str, DepartmentKind | None]:
        """The level that opens ``name`` (``_level_word``: a level character, or a prefecture's
        地区 and 地) and the kind the rest names — a collective too: 区各街道办事处,
        县各乡镇人民政府 (the level's own townships)."""
        level, rest = _level_word(name)
        if level:
            return level, self.named(rest) or self.named(strip_collective(rest))
        return "", None

    def knows_department(self, name: str) -> bool:
        """Whether ``name`` (with or without its place and level: 某县教育局, 教育局) is the
        name of a department kind."""
        return self._resolve_one(name, Jurisdiction("", "")).kind is not None


@dataclass(frozen=True)
class PlanRegistry:
    """A registry seen from one plan (``Registry.in_plan``): mentions of one name of a
    two-named body resolve to that body."""

    registry: Registry
    aliases: dict[tuple[str, str], ResolvedUnit]
    # What each name resolved to: a plan names most of its units many times.
    resolved: dict[tuple[str, Jurisdiction], ResolvedUnit] = field(default_factory=dict, compare=False, repr=False)

    def resolve(self, written: str, home: Jurisdiction) -> ResolvedUnit:
        unit = self.resolved.get((written, home))
        if unit is None:
            unit = self.registry.resolve(written, home)
            alias = self.aliases.get(unit.identity)
            unit = self.resolved[written, home] = replace(alias, written=written) if alias else unit
        return unit

    def __getattr__(self, name: str):
        if name == "registry":  # not set yet (a copy being made): no registry to ask
            raise AttributeError(name)
        return getattr(self.registry, name)


def _opening_of_last_bracket(name: str) -> int:
    """Where the bracket that closes ``name`` opens (-1 when the name does not end with a
    balanced bracket)."""
    if not name.endswith("）"):
        return -1
    depth = 0
    for index in range(len(name) - 1, -1, -1):
        depth += {"）": 1, "（": -1}.get(name[index], 0)
        if depth == 0:
            return index
    return -1


def split_two_names(written: str) -> tuple[str, ...]:
    """One or two names of the body ``written`` names (see ``Registry.split_two_names``),
    read against the bundled registry."""
    return _load_default().split_two_names(written)


def _level_of(place: str) -> str:
    for suffix, level in AUTONOMOUS_LEVEL.items():
        if place.endswith(suffix):
            return level
    if place.endswith(REGION) and len(place) > len(REGION) + 1:
        return REGION  # 某某地区: a prefecture, not a district (区)
    if township := _township_level(place):
        return township
    return place[-1] if place and place[-1] in LEVEL_CHARS else ""


def _township_level(place: str) -> str:
    """The level a township's name ends with (镇 of 白沙镇, 街道 of 城西街道), else ''."""
    return next((level for level in _TOWNSHIP_LEVELS if place.endswith(level) and len(place) > len(level) + 1), "")


def _level_word(name: str) -> tuple[str, str]:
    """The level a unit's name opens with, and the rest: a level character (县财政局 → 县,
    财政局), or a prefecture's (地区财政局 → 地区, 财政局; 地委组织部, 地直机关工委 → 地区, 委组织部 /
    直机关工委: its plans write 地 alone only before its party committee's organs)."""
    if name.startswith(REGION) and len(name) > len(REGION):
        return REGION, name[len(REGION) :]
    if name.startswith(REGION_SHORT) and name[len(REGION_SHORT) : len(REGION_SHORT) + 1] in REGION_SHORT_BEFORE:
        return REGION, name[len(REGION_SHORT) :]
    if len(name) > 1 and name[0] in LEVEL_CHARS:
        return name[0], name[1:]
    return "", name


def _office_place(place: str, office: str) -> Jurisdiction:
    """The place of an office written after ``place`` (not the plan's own): a place with its
    level; a province by its short name (中国移动某省公司); a city, for a bare name before an
    office banks keep in cities (人民银行石门中心支行 → 石门市, ``_CITY_OFFICES``); else the bare
    name, a place of a level the name does not say (市公安局石桥分局 → 石桥). A bare name of two
    characters may end like a level (禾州 of 人民银行禾州分行): a place of two characters ends with its level
    only when a place's pattern found it, never here."""
    level = _level_of(place) if len(place) > 2 else ""
    if level:
        return Jurisdiction(place, level)
    if place in PROVINCES:
        return Jurisdiction(place, PROVINCE_LEVELS[0])
    if office in _CITY_OFFICES:
        return Jurisdiction(place + CITY_LEVELS[0], CITY_LEVELS[0])
    return Jurisdiction(place, "")


def _is_enterprise(kind: DepartmentKind) -> bool:
    """Whether ``kind`` is a company's (供电公司, 中国移动, 邮政分公司): one of its names ends so."""
    return any(name.endswith(("公司", "集团")) for name in kind.zh_names)


def _places_of(name: str) -> list[str]:
    """The places of a place written inside others, in order: 长沙市岳麓区 → 长沙市, 岳麓区; a
    name that is not all places is one place."""
    places, start = [], 0
    while start < len(name) and (outer := _PLACE.match(name, start)):
        places.append(outer.group(1))
        start = outer.end()
    return places if places and start == len(name) else [name] if name else []


def _short_names(place: str) -> tuple[str, ...]:
    """An autonomous area's names without the peoples its name holds, as its own plans write it
    (湘西土家族苗族自治州 → 湘西州, 湘西; 某某哈萨克自治州 → 某某州, 某某; 云溪彝族自治县 → 云溪县,
    云溪; a region's only bare: 某某壮族自治区 → 某某); none for another place, or where nothing
    would be left (a county named for its people alone: 某某族自治县)."""
    suffix = next((suffix for suffix in AUTONOMOUS if place.endswith(suffix)), "")
    core = place[: len(place) - len(suffix)] if suffix else ""
    short = core
    while True:
        peoples = next(
            (
                written
                for group in sorted(ETHNIC_GROUPS, key=len, reverse=True)
                for written in (group + "族", group if len(group) > 1 else "")
                if written and short.endswith(written) and len(short) - len(written) >= 2
            ),
            "",
        )
        if not peoples:
            break
        short = short[: -len(peoples)]
    if not suffix or short == core:
        return ()
    level = AUTONOMOUS_LEVEL[suffix]
    return (short, short + level) if level in (*CITY_LEVELS, *COUNTY_LEVELS) else (short,)


def _innermost_place(name: str) -> str:
    """The last place of a place written inside others: 岳麓区 of 长沙市岳麓区, the town of
    某县某镇; a place written alone is itself."""
    start = 0
    while (outer := _PLACE.match(name, start)) and outer.end() < len(name):
        start = outer.end()
    return name[start:]


def _place_at_level(name: str, level: str) -> str:
    """The place of ``level`` that ``name`` holds: 长沙市 of 长沙市岳麓区 for 市, 某盟 of 某盟某旗
    for 盟; '' when none."""
    start = 0
    while (outer := _PLACE.match(name, start)) and outer.end() < len(name):
        if _level_of(outer.group(1)) == level:
            return outer.group(1)
        start = outer.end()
    return ""


def _bare_place_before(rest: str, kind: DepartmentKind) -> str:
    """A bare place name (two to four characters) that ``rest`` starts with when a name of
    ``kind`` follows it: 长沙 of 长沙供电公司 after 国网. The body written before it being of
    the same kind is what makes the characters before its name a place."""
    # A name of one character (委 of the party committee) is no body's own name after a place.
    return next((rest[:size] for size in range(2, 5) if len(rest) - size > 1 and rest[size:] in kind.zh_names), "")


def issuer_of(title: str, unit_names: Iterable[str] = (), text: str = "") -> Jurisdiction:
    """The jurisdiction that issues a plan, as far as its title says: the place the title
    starts with (长沙市…, or the plan named in 关于印发《长沙市…》的通知) — a township
    (某镇…, 某县某镇…) when the plan is the township's (``_township_confirmed``: its units or
    ``text``, the plan's, say so) — else only the level its units are written at (区财政局 → 区)."""
    unit_names = list(unit_names)
    town = _title_township(title)
    if town and _township_confirmed(town, unit_names, text):
        return Jurisdiction(town, _level_of(town))
    region = _title_region(title)
    if region and _region_confirmed(region, unit_names, text):
        return Jurisdiction(region, REGION)
    place = _title_place(title)
    if place:
        return Jurisdiction(place, _level_of(place))
    return Jurisdiction("", _level_of_units(unit_names))


def issuer_of_plan(document: Document, unit_names: Iterable[str] = (), plan: str = "") -> Jurisdiction:
    """The jurisdiction that issues ``document``; the first found of

    1. the place its title starts with (``issuer_of``), a township's when the plan is the
       township's;
    2. the issuing organ at the head of its text (某县人民政府办公室关于印发…, a line
       中共某县委  某县人民政府) or in its signature (某县人民政府 above 2021年3月5日), a
       township's too (某镇人民政府, 某街道办事处);
    3. the level the plan speaks at — its units' level character (县财政局), else 我县 /
       本市, else 全区 — and the first place of that level among its units written with
       their place (某县教育局), then in its preamble (结合某县实际).

    A plan that names no place is issued by a place of that level known only inside the
    plan: ``plan`` (its id) keeps its units from meeting another such plan's. Pure: reads
    the document and the registry, nothing else."""
    units = [name for name in unit_names if name]
    text = document.text.normalised
    from_title = issuer_of(document.title, units, text)
    if from_title.name:
        return from_title
    body_start = document.measures[0].span[0] if document.measures else len(text)
    place = _organ_line_place(text[:body_start]) or _signature_place(text[body_start:])
    if place:
        return Jurisdiction(place, _level_of(place))
    level = from_title.level or _spoken_level(text)
    registry = _load_default()
    # Units written with their place (江北区住建局) say where the plan is, at its level (at
    # any level when nothing says which: those units are then all the plan says).
    written_with_place = Counter(
        unit.jurisdiction.name
        for unit in (registry.resolve(name, Jurisdiction("", level)) for name in units)
        if unit.jurisdiction.name
        and (not level or unit.jurisdiction.level == level)
        and _plausible_place(unit.jurisdiction.name)
    )
    if written_with_place:
        place = _shortest_named(written_with_place.most_common(1)[0][0], text)
        return Jurisdiction(place, _level_of(place))
    if document.preamble_span and level:
        in_preamble = [p for p in _places_in(text[slice(*document.preamble_span)]) if _level_of(p) == level]
        # The plan's own place is named again elsewhere; a place named once may be a model
        # to learn from (学习某县经验).
        repeated = [p for p in in_preamble if text.count(p) > 1]
        if repeated or in_preamble:
            place = (repeated or in_preamble)[0]
            return Jurisdiction(place, _level_of(place))
    return Jurisdiction("", level, plan=plan)


def jurisdiction_named(name: str) -> Jurisdiction:
    """The jurisdiction a user names (``policykg build --issuer 某县``): a place name that
    ends with its level — 某县, 某市, 湖南省, 长沙市岳麓区, 某某自治州, 某镇, 某县某街道."""
    name = name.strip()
    levels = f"{PLACE_SUFFIX}|{alternation(_TOWNSHIP_LEVELS)}"
    if len(name) < 2 or not re.fullmatch(rf"[\u4e00-\u9fff]+?(?:{levels})", name):
        raise InputError(f"--issuer {name!r}: give a place name that ends with its level (某县, 某市, 某省, 某市某区)")
    return Jurisdiction(name, _level_of(name))


def _title_township(title: str) -> str:
    """The township a title starts with, or the title it quotes: 某镇…, 某县某镇…"""
    for text in (title, *re.findall(r"《([^》]+)》", title)):
        town = _township_at(text)
        if town:
            return town
    return ""


def _township_at(text: str) -> str:
    """The township ``text`` starts with — 白沙镇, 城西街道, or a town written after its
    county or city (某县某镇, 某市某区某街道) — else ''."""
    text = text.removeprefix("中共")
    start = 0
    while (outer := _PLACE.match(text, start)) and _plausible_place(outer.group(1)):
        start = outer.end()
    town = _TOWNSHIP.match(text, start)
    return text[: town.end()] if town and _plausible_township(town.group(1)) else ""


def _plausible_township(town: str) -> bool:
    """Whether ``town`` can be a township's name, not a phrase that ends like one (各乡镇,
    全镇, 推进城乡)."""
    level = _township_level(town)
    core = town[: len(town) - len(level)]
    return (
        bool(level)
        and 2 <= len(core) <= 4
        and core[0] not in _NOT_BEFORE_LEVEL
        and core[-1] not in _NOT_BEFORE_LEVEL
        and not re.search(r"政府|办公|委员会", core)
        and not _HOLDS_LEAD_IN.search(core)
    )


def _township_confirmed(town: str, unit_names: list[str], text: str) -> bool:
    """Whether a plan whose title starts with the township ``town`` is that township's: its
    text names the township's organ (某镇人民政府, 中共某镇委员会, 某街道办事处), or more of its
    units are written at the township's level (镇党政办, 镇卫生院) than at any other. A county's
    plan may start its title with words that only end like a township (重点镇, 特色小镇)."""
    alone = _innermost_place(town)
    if re.search(f"{re.escape(alone)}(?:{_ORGAN.pattern})", text):
        return True
    level, registry = _level_of(town), _load_default()
    # 镇人民政府 in a county's plan is its towns: a government names no level the plan is written at.
    at_level = [
        name
        for name in unit_names
        if name.startswith(level)
        and (kind := registry.by_zh.get(name[len(level) :]))
        and kind.unit_type not in ("Government", "LowerGovernment")
    ]
    others = Counter(name[:1] for name in unit_names if name[:1] and name[0] in LEVEL_CHARS)
    return len(at_level) > max(others.values(), default=0)


def _title_region(title: str) -> str:
    """The prefecture (某某地区) a title starts with, or the title it quotes, else ''. Only a
    place if ``_region_confirmed``: 民族地区, 贫困地区 end alike."""
    for text in (title, *re.findall(r"《([^》]+)》", title)):
        match = re.match(rf"(?:中共)?([\u4e00-\u9fff]{{2,6}}?{REGION})", text)
        if match and _plausible_region(match.group(1)):
            return match.group(1)
    return ""


def _plausible_region(place: str) -> bool:
    """Whether ``place`` (…地区) may be a prefecture's name: its core as a place's would be."""
    core = place[: -len(REGION)]
    return (
        2 <= len(core) <= 6
        and core[-1] not in _NOT_BEFORE_LEVEL
        and not core.startswith("各")
        and not re.search(r"政府|办公|委员会", core)
        and not _HOLDS_LEAD_IN.search(core)
    )


def _region_confirmed(region: str, unit_names: list[str], text: str) -> bool:
    """Whether a plan whose title starts with the prefecture ``region`` is that prefecture's:
    its text names the prefecture's office (某某地区行政公署, 某某地区行署), or more of its units
    are written at a prefecture's level (地区财政局, 地委组织部) than at any other. A province's
    plan may start a title with an area (珠三角地区…) and write its units after 省."""
    if re.search(f"{re.escape(region)}(?:行政公署|行署)", text):
        return True
    levels = [_level_word(name)[0] for name in unit_names]
    others = Counter(level for level in levels if level and level != REGION)
    return levels.count(REGION) > max(others.values(), default=0)


def _title_place(title: str) -> str:
    """The place a title starts with, or the title it quotes (关于印发《某县…》的通知)."""
    for text in (title, *re.findall(r"《([^》]+)》", title)):
        match = _PLACE.match(text)
        if not match or not _plausible_place(match.group(1)):
            continue
        place = match.group(1)
        # 长沙市岳麓区… : a district inside a city issues the plan.
        inner = re.match(rf"([\u4e00-\u9fff]{{2,4}}?(?:{alternation(COUNTY_LEVELS)}))", text[match.end() :])
        if inner and (AREA_WORD.search(inner.group(1)) or inner.group(1)[0] in _SCOPE_AFTER_LEVEL):
            inner = None  # 居家社区, 产业园区: kinds of area; 州直属县: the prefecture's scope
        if inner and place[-1] in CITY_LEVELS:
            place += inner.group(1)
        return place
    return ""


def _level_of_units(unit_names: Iterable[str]) -> str:
    """The level most units are written at: 县财政局, 县民政局, 市民政局 → 县."""
    levels = [name[0] for name in unit_names if name and name[0] in LEVEL_CHARS]
    return max(sorted(set(levels)), key=levels.count) if levels else ""


_NOT_AFTER_LEVEL = "级域直属内外际场"  # 县级, 市域, 县直, 市属, 市场: no place ends there
# 我县, 本市: the plan speaks of its own place; 全省 is weaker (a city plan writes 全省前列).
_OWN_LEVEL = LazyPattern(rf"[我本]([{LEVEL_CHARS}])(?![{_NOT_AFTER_LEVEL}])")
_WHOLE_LEVEL = LazyPattern(rf"全([{LEVEL_CHARS}])(?![{_NOT_AFTER_LEVEL}])")


def _spoken_level(text: str) -> str:
    for words in (_OWN_LEVEL, _WHOLE_LEVEL):
        levels = words.findall(text)
        if levels:
            return max(sorted(set(levels)), key=levels.count)
    return ""


_LEVEL_SUFFIX = LazyPattern(PLACE_SUFFIX)
# What the organ after a place name is: 人民政府, 县委 (委), 委员会, and their offices.
# A township's party committee is also written 党委, a sub-district's 党工委 and its office 办事处.
# A prefecture's (某某地区) is its province's office there, 行政公署 or 行署.
_ORGAN = LazyPattern(r"(?:人民政府|政府|行政公署|行署|委员会|党工委|党委|办事处|委)(?:办公室|办公厅)?")
# Words that lead into a place name in running text (结合某县实际, 加快推进某市…): a place
# name starts where its run of characters does or right after one of them, and never holds one.
_LEAD_INS = (
    "结合",
    "根据",
    "按照",
    "依据",
    "经",
    "在",
    "为",
    "对",
    "把",
    "将",
    "使",
    "让",
    "向",
    "由",
    "从",
    "与",
    "和",
    "及",
    "同",
    "至",
    "到",
    "是",
    "的",
    "中共",
    "关于",
    "印发",
    "推进",
    "推动",
    "促进",
    "加快",
    "加强",
    "全面",
    "提升",
    "提高",
    "优化",
    "打造",
    "建设",
    "建成",
    "助力",
    "支持",
    "实现",
    "构建",
    "落实",
    "贯彻",
    "深化",
    "发展",
    "服务",
    "保障",
    "完善",
    "增强",
    "扩大",
    "激发",
    "营造",
    "形成",
    "进一步",
    "着力",
    "努力",
    "全力",
    "做好",
    "办好",
    "统筹",
    "巩固",
    "深入",
    "扎实",
    "持续",
    "奋力",
    "争创",
    "创建",
    "建立",
    "引领",
    "带动",
    "融入",
    "对接",
    "面向",
    "立足",
    "围绕",
    "聚焦",
    "确保",
    "力争",
    "实施",
    "开展",
    "大力",
    "积极",
    "国家",
    "学习",
    "借鉴",
    "参照",
    "覆盖",
    "包括",
    "推广",
    "推行",
    "全省",
    "全市",
    "全县",
    "全区",
    "已经",
    "报经",
    "经过",
    "通过",
    "请",
)
_ENDS_WITH_LEAD_IN = LazyPattern("(?:" + "|".join(sorted(_LEAD_INS, key=len, reverse=True)) + ")$")
_HOLDS_LEAD_IN = LazyPattern("|".join(word for word in _LEAD_INS if len(word) > 1))
_NOT_BEFORE_LEVEL = "全本我该各此每其"  # 全县, 本市, 我区, 各县: phrases, not places
# Kinds of area that end like a place (产业园区, 中心城区, 智慧城市). Narrower than AREA_WORD:
# places end in 城区, 州市 and 城市 too (望城区, 赣州市, 晋城市).
_AREA_NOT_PLACE = LazyPattern(rf"(?:{alternation(AREA_KINDS, AREA_NOT_PLACES)})$")
_DATE_LINE = LazyPattern(
    r"(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
)


def _shortest_named(place: str, text: str) -> str:
    """The place inside a prefixed one (国网湖南省 of 国网湖南省电力公司 → 湖南省) when the
    text names that shorter place more often than the prefixed one."""
    for start in range(1, len(place) - 2):
        shorter = place[start:]
        if _plausible_place(shorter) and text.count(shorter) > text.count(place):
            return shorter
    return place


def _plausible_place(place: str) -> bool:
    """Whether ``place`` can be a place's name, not a phrase that ends like one (全县,
    推进全市, 产业园区, 高新区)."""
    suffix = next((s for s in (*AUTONOMOUS, *LEVEL_CHARS) if place.endswith(s)), "")
    core = place[: len(place) - len(suffix)]
    return (
        bool(suffix)
        and 2 <= len(core) <= 12
        and core[-1] not in _NOT_BEFORE_LEVEL
        and not re.search(r"政府|办公|委员会", core)
        and not core.startswith("各")
        and not _HOLDS_LEAD_IN.search(core)
        and not _AREA_NOT_PLACE.search(place)
        and _load_default().by_zh.get(place) is None  # 高新区, 经开区: zones, not places
    )


def _organ_at_start(line: str) -> tuple[str, str] | None:
    """(place, what follows the organ) when ``line`` starts with an organ of a place:
    某县人民政府办公室…, 中共某县委…, 某市民政局…, 长沙市岳麓区人民政府…"""
    body = line[2:] if line.startswith("中共") else line
    run = re.match(r"[\u4e00-\u9fff]+", body)
    if not run:
        return None
    registry = _load_default()
    for suffix in _LEVEL_SUFFIX.finditer(run.group()):  # the shortest place first
        place, rest = body[: suffix.end()], body[suffix.end() :]
        # 某某地区行政公署: a prefecture, which a title's area (民族地区) may end like.
        region = place.endswith(REGION) and _plausible_region(place) and rest.startswith(("行政公署", "行署"))
        if not _plausible_place(place) and not region:
            continue
        organ = re.split(r"关于|印发|转发|\s", rest, maxsplit=1)[0]
        if _ORGAN.fullmatch(organ) or registry.by_zh.get(organ) or registry._strip_level(organ)[1]:
            return place, rest[len(organ) :].strip()
    # A township's own organ: 某镇人民政府, 中共某镇委员会, 某县某镇人民政府, 某街道办事处.
    town = _township_at(body)
    if town:
        rest = body[len(town) :]
        organ = re.split(r"关于|印发|转发|\s", rest, maxsplit=1)[0]
        if _ORGAN.fullmatch(organ):
            return town, rest[len(organ) :].strip()
    return None


def _organ_line_place(head: str) -> str:
    """The place of the organ that issues the plan, at the head of its text: a line
    某县人民政府办公室关于印发…的通知 (or 转发…, the forwarding organ issues it), or a line of
    organs alone (中共某县委  某县人民政府)."""
    for line in head.split("\n"):
        found = _organ_at_start(line.strip())
        if found and (not found[1] or found[1].startswith(("关于", "印发", "转发")) or _organs_only(found[1])):
            return found[0]
    return ""


def _signature_place(tail: str) -> str:
    """The place of the organ that signs the plan: the 落款 above its date at the end of the
    text (某县人民政府 / 2021年3月5日), or a line of organs alone that ends the text."""
    lines = [line.strip() for line in tail.split("\n") if line.strip()][-8:]
    for index, line in enumerate(lines):
        dated = index + 1 < len(lines) and _DATE_LINE.fullmatch(lines[index + 1])
        if dated or index == len(lines) - 1:
            found = _organ_at_start(line)
            if found and (not found[1] or _organs_only(found[1])):
                return found[0]
    return ""


def _organs_only(text: str) -> bool:
    """中共某县委  某县人民政府: every word of ``text`` is an organ of a place."""
    words = text.split()
    return bool(words) and all((found := _organ_at_start(word)) and not found[1] for word in words)


def _places_in(text: str) -> list[str]:
    """The place names written in running text, in order (结合某县实际, 加快推进长沙市岳麓区…)."""
    found = []
    for suffix in _LEVEL_SUFFIX.finditer(text):
        following = text[suffix.end() : suffix.end() + 1]
        if following and following in _NOT_AFTER_LEVEL:
            continue
        start = suffix.start()
        while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        run = text[start : suffix.start()]
        longest = 8 if suffix.group().startswith("自治") else 5
        for size in range(2, min(len(run), longest) + 1):
            core, before = run[-size:], run[:-size]
            if before and not _ENDS_WITH_LEAD_IN.search(before):
                continue
            if _plausible_place(core + suffix.group()):
                found.append(core + suffix.group())
            break  # the latest start a name can have: an earlier one would hold a lead-in word
    return found


def _registry_file(name: str) -> pyoxigraph.Store:
    """One of the registries of ``ontology/``, in an in-memory store."""
    store = pyoxigraph.Store()
    with open(data_file("ontology", name), "rb") as turtle:
        store.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _values(store: pyoxigraph.Store, subject, predicate, language: str | None = None) -> list[str]:
    """The sorted values of ``subject``'s ``predicate`` (literals of ``language`` only, when given)."""
    objects = (quad.object for quad in store.quads_for_pattern(subject, predicate, None))
    return sorted(
        node.value
        for node in objects
        if language is None or (isinstance(node, pyoxigraph.Literal) and node.language == language)
    )


@lru_cache(maxsize=1)
def _load_default() -> Registry:
    store = _registry_file("departments.ttl")
    kinds = []
    for quad in store.quads_for_pattern(None, RDF.type, PK.DepartmentKind):
        subject = quad.subject

        def labels(predicate, language=None, subject=subject):
            return _values(store, subject, predicate, language)

        zh = labels(SKOS.prefLabel, "zh")[0]
        en = labels(SKOS.prefLabel, "en")[0]
        full = labels(PK.fullName)[0]
        unit_type = labels(PK.unitType)[0].rsplit("#", 1)[-1]
        zh_names = [zh, full, *labels(PK.abbreviation, "zh"), *labels(SKOS.altLabel, "zh")]
        en_names = [en, *labels(SKOS.altLabel, "en")]
        kinds.append(
            DepartmentKind(
                iri=subject.value,
                slug=subject.value[len(PKD_NS) :],
                zh=zh,
                en=en,
                full_name=full,
                unit_type=unit_type,
                zh_names=tuple(dict.fromkeys(zh_names)),
                en_names=tuple(dict.fromkeys(en_names)),
                notations=tuple(labels(SKOS.notation)),
                successors=tuple(iri[len(PKD_NS) :] for iri in labels(PK.succeededBy)),
                abolished_in=next((int(year) for year in labels(PK.abolishedIn)), None),
            )
        )
    kinds.sort(key=lambda kind: kind.slug)
    return Registry(kinds)


# --- programmes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Programme:
    """A known national or provincial programme (双高计划, 1+X证书制度 …)."""

    iri: str
    slug: str
    zh: str
    en: str
    zh_names: tuple[str, ...]  # every zh label, the preferred first
    level: str  # national | provincial
    broader: tuple[str, ...]  # IRIs of the programmes it belongs to


@lru_cache(maxsize=1)
def programmes() -> tuple[Programme, ...]:
    """The programme registry (``ontology/programmes.ttl``)."""
    store = _registry_file("programmes.ttl")
    found = []
    for quad in store.quads_for_pattern(None, RDF.type, PK.Programme):
        subject = quad.subject

        def labels(predicate, language, subject=subject):
            return _values(store, subject, predicate, language)

        zh = labels(SKOS.prefLabel, "zh")[0]
        level = next(iter(labels(PK.programmeLevel, None)), "")
        found.append(
            Programme(
                iri=subject.value,
                slug=subject.value[len(PKP_NS) :],
                zh=zh,
                en=labels(SKOS.prefLabel, "en")[0],
                zh_names=tuple(dict.fromkeys([zh, *labels(SKOS.altLabel, "zh")])),
                level=level,
                broader=tuple(labels(SKOS.broader, None)),
            )
        )
    return tuple(sorted(found, key=lambda programme: programme.slug))
