"""Stage 4 — names to departments and programmes.

The registry (``ontology/departments.ttl``) lists department *kinds*, level-neutral:
财政局 is one kind whether a plan writes 区财政局, 县财政局 or 省财政厅. A unit named in a
plan is a kind **in a jurisdiction**: 县财政局 in a plan of 宁乡县 is 宁乡县's Finance
Bureau, never another city's. Names the registry does not know stay units of their own,
marked unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph

from kg.resources import data_file
from kg.vocab import PK, PKD_NS, PKP_NS, RDF, SKOS

LEVEL_CHARS = "省市县区州旗盟"
# A place name and its level: 长沙市, 湖南省, 安化县, 湘西土家族苗族自治州 …
_PLACE = re.compile(r"(?:中共)?([\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|省|市|州|县|区|旗|盟))")
# Kinds of area, not places: 产业园区, 中心城区, 民族地区, 居家社区, 贫困县, 中心城市. (山区,
# 湖区, 林区 are left out: 赫山区, 大通湖区 and 神农架林区 are places.)
AREA_WORD = re.compile(
    r"(?:园区|城区|地区|老区|社区|小区|校区|片区|街区|厂区|景区|示范区|试验区|功能区|辖区|库区|牧区"
    r"|困县|点县|点区|点市|强县|强市|范县|范市|城市|州市|县市|市县|区县)$"
)
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


@dataclass(frozen=True)
class Jurisdiction:
    """A government area. ``name`` is empty when the plan does not say which."""

    name: str
    level: str  # 省, 市, 县, 区 … or "" when unknown
    relative_to: str = ""  # for an unnamed place: the key of the place it is seen from

    @property
    def key(self) -> str:
        if self.name:
            return self.name
        if self.relative_to:
            return f"{self.relative_to}-{self.level}"
        return f"未知{self.level or '地区'}"

    @property
    def bare_name(self) -> str:
        """长沙市 → 长沙 (how a plan writes its own place inside other names)."""
        for suffix in ("自治区", "自治州", "自治县"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix) + 1:
                return self.name[: -len(suffix)]
        if self.name and self.name[-1] in LEVEL_CHARS and len(self.name) > 2:
            return self.name[:-1]
        return self.name


@dataclass(frozen=True)
class ResolvedUnit:
    written: str
    kind: DepartmentKind | None
    jurisdiction: Jurisdiction

    @property
    def resolved(self) -> bool:
        return self.kind is not None

    @property
    def identity(self) -> tuple[str, str]:
        """Two mentions with the same identity are the same unit."""
        return (self.jurisdiction.key, self.kind.slug if self.kind else strip_collective(self.written))


def strip_collective(name: str) -> str:
    """各区县（市）人民政府 → 区县（市）人民政府."""
    return name[1:] if name.startswith("各") and len(name) > 2 else name


class Registry:
    """Department kinds by every name they go by."""

    def __init__(self, kinds: list[DepartmentKind]):
        self.kinds = {kind.iri: kind for kind in kinds}
        self.by_zh: dict[str, DepartmentKind] = {}
        self.by_en: dict[str, DepartmentKind] = {}
        for kind in kinds:
            for name in kind.zh_names:
                self.by_zh.setdefault(name, kind)
            for name in (*kind.en_names, *kind.notations):
                self.by_en.setdefault(name.lower(), kind)

    @classmethod
    def load(cls) -> Registry:
        return _load_default()

    def resolve(self, written: str, home: Jurisdiction) -> ResolvedUnit:
        """Resolve a unit as written in a plan issued by ``home``."""
        name = strip_collective(written.strip())
        kind = self.by_zh.get(name)
        if kind:
            return ResolvedUnit(written, kind, home)
        # The plan's own place written out: 宁乡县财政局, 宁乡高新区.
        for own in (home.name, home.bare_name):
            if own and name.startswith(own) and len(name) > len(own):
                rest = name[len(own) :]
                kind = self.by_zh.get(rest) or self._strip_level(rest)[1]
                if kind:
                    return ResolvedUnit(written, kind, home)
        level, kind = self._strip_level(name)
        if kind:
            if not home.level or level == home.level:
                return ResolvedUnit(written, kind, home)
            # A unit of another level (省教育厅 in a city's plan): the plan does not name that
            # place, so it is known by its level, seen from the plan's own place.
            return ResolvedUnit(written, kind, Jurisdiction("", level, home.key))
        place = _PLACE.match(name)
        if place and len(place.group(1)) < len(name):
            rest = name[place.end() :]
            kind = self.by_zh.get(rest) or self._strip_level(rest)[1]
            if kind:
                found = place.group(1)
                return ResolvedUnit(written, kind, Jurisdiction(found, _level_of(found)))
        return ResolvedUnit(written, None, home)

    def _strip_level(self, name: str) -> tuple[str, DepartmentKind | None]:
        if len(name) > 1 and name[0] in LEVEL_CHARS:
            return name[0], self.by_zh.get(name[1:])
        return "", None


def _level_of(place: str) -> str:
    for suffix, level in (("自治区", "省"), ("自治州", "州"), ("自治县", "县")):
        if place.endswith(suffix):
            return level
    return place[-1] if place and place[-1] in LEVEL_CHARS else ""


def issuer_of(title: str, unit_names: list[str]) -> Jurisdiction:
    """The jurisdiction that issues a plan: the place its title starts with (长沙市…),
    else only the level its units are written at (区财政局 → 区)."""
    match = _PLACE.match(title)
    if match:
        place = match.group(1)
        # 长沙市岳麓区… : a district inside a city issues the plan.
        inner = re.match(r"([\u4e00-\u9fff]{2,4}?(?:区|县|旗))", title[match.end() :])
        if inner and AREA_WORD.search(inner.group(1)):
            inner = None  # 居家社区, 产业园区: kinds of area, not a district of the city
        if inner and place[-1] in "市州":
            place += inner.group(1)
        return Jurisdiction(place, _level_of(place))
    levels = [name[0] for name in unit_names if name and name[0] in LEVEL_CHARS]
    level = max(sorted(set(levels)), key=levels.count) if levels else ""
    return Jurisdiction("", level)


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
        node.value for node in objects
        if language is None or (isinstance(node, pyoxigraph.Literal) and node.language == language)
    )


@lru_cache(maxsize=1)
def _load_default() -> Registry:
    store = _registry_file("departments.ttl")
    kinds = []
    for quad in store.quads_for_pattern(None, RDF.type, PK.DepartmentKind):
        subject = quad.subject

        def labels(predicate, language=None):
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

        def labels(predicate, language):
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
