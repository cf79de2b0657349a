"""Entity linking: what a question names, found against what the store and the registry know.

A question is folded once (``Folded``: same normalisation as the plans, lower case, English
plurals and place words set aside) with a map back to the question as written, so every
entity found carries the span of the question it came from — ``--explain`` shows them.

- units: every name the store gives a unit (as written, its other names: 县文物局 of
  县文旅广体局（县文物局）) and every name the registry knows a kind of department by
  (财政局, 卫生健康委员会, Finance Bureau, HRSS, 县（市、区）人民政府), narrowed to a place
  the question names. Names of one body count once: ``Body`` gathers its mentions.
- measures: a number in any style (第十五项, 措施3, （七）, measure 7, the 7th task, #7)
  or a measure's title written in the question;
- programmes and glossary terms, years (with "in" or "by"), and plans by their title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pyoxigraph import Literal, NamedNode

from kg import query as query_library
from kg.ask.compose import values_block
from kg.ask.index import PLAIN_PATTERN, StoreIndex, is_plain, over, plain_words
from kg.lexicon import ENGLISH_UNIT_WORDS, LEVEL_CHARS, alternation
from kg.numerals import NUMERAL_CHARS, chinese_to_int
from kg.read import normalise
from kg.registry import DepartmentKind, Registry
from kg.text import QUOTES, bare_place, one_line, strip_quotes
from kg.vocab import REGISTRY_GRAPH

Span = tuple[int, int]

_PREFIXES = """
PREFIX pk:   <https://w3id.org/policykg/ontology#>
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


# --- the question, folded ---------------------------------------------------------------

_PLURAL = re.compile(rf"\b({alternation(ENGLISH_UNIT_WORDS, ('government', 'agenc'))})(?:s|ies)\b")
_AGENCY = re.compile(r"\bagenc\b")
# Words English names of units add or drop freely: "the Municipal Bureau of Finance".
_EN_NOISE = re.compile(r"\b(the|municipal|city|provincial|prefectural|local|its|of the)\b")
_PLACE_WORDS = re.compile(r"\b(county|district)\b")


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with ``origin[i]`` the index in the text as written of
    the folded character ``i``."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> Span:
        """The span of the question as written that folded ``[start, end)`` came from."""
        return self.origin[start], self.origin[end - 1] + 1

    def sub(self, pattern: re.Pattern, replacement: str) -> Folded:
        """``pattern`` replaced; the replacement's characters map to the match's in order, its
        last to the match's last (bureaus → bureau spans the whole of "bureaus")."""
        text, origin, at = [], [], 0
        for match in pattern.finditer(self.text):
            text.append(self.text[at : match.start()])
            origin.extend(self.origin[at : match.start()])
            new = match.expand(replacement)
            text.append(new)
            if match.end() > match.start():
                last = match.end() - 1
                places = [min(match.start() + i, last) for i in range(len(new))]
                if places:
                    places[-1] = last
                origin.extend(self.origin[place] for place in places)
            else:
                origin.extend([self.origin[match.start()] if match.start() < len(self.origin) else 0] * len(new))
            at = match.end()
        text.append(self.text[at:])
        origin.extend(self.origin[at:])
        return Folded("".join(text), tuple(origin))


def fold(text: str, keep_places: bool = False) -> Folded:
    """``text`` normalised (full-width to ASCII, brackets to full width), in lower case,
    with English plurals made singular and the words names add freely dropped. County and
    district are kept with ``keep_places`` (the names of collectives: county governments)."""
    chars, origin = [], []
    for index, char in enumerate(normalise(text)):
        lowered = char.lower()
        chars.append(lowered)
        origin.extend([index] * len(lowered))
    folded = Folded("".join(chars), tuple(origin)).sub(_PLURAL, r"\1")
    folded = folded.sub(_AGENCY, "agency").sub(_EN_NOISE, " ")
    if not keep_places:
        folded = folded.sub(_PLACE_WORDS, " ")
    folded = folded.sub(re.compile(r"\s+"), " ")
    strip = len(folded.text) - len(folded.text.lstrip())
    end = len(folded.text.rstrip())
    return Folded(folded.text[strip:end], folded.origin[strip:end])


@cache
def folded_name(name: str, keep_places: bool = False) -> str:
    """A name as ``fold`` gives it, without the map back to the text as written: linking
    folds the registry's ~1,500 names in every fresh process, so this must be cheap."""
    text = normalise(name).lower()
    if re.search(r"[a-z]", text):
        text = _EN_NOISE.sub(" ", _AGENCY.sub("agency", _PLURAL.sub(r"\1", text)))
        if not keep_places:
            text = _PLACE_WORDS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def _whole_word(form: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])")


def occurrences(form: str, text: str) -> list[Span]:
    """Where ``form`` stands in ``text``; ASCII forms only as whole words."""
    if form not in text:
        return []
    if form.isascii():
        return [m.span() for m in _whole_word(form).finditer(text)]
    spans, at = [], text.find(form)
    while at != -1:
        spans.append((at, at + len(form)))
        at = text.find(form, at + 1)
    return spans


def matchable(form: str) -> bool:
    """Whether a name may be looked for in a question: at least two characters, one of them
    a letter, digit or CJK character. A single character or a run of punctuation would be
    "found" in nearly every question."""
    return len(form) >= 2 and re.search(r"\w", form) is not None


# --- units --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    iri: str
    name: str  # the name the store gives it
    jurisdiction: str
    kind: str | None = None  # the registry kind's IRI


@dataclass(frozen=True)
class Mention:
    """A name found in the question: as the question writes it, where, and the name matched."""

    written: str
    span: Span
    matched: str


@dataclass
class Body:
    """One organisation the question names, with every mention of it (市卫生健康委员会
    (市卫健委) is one body, two mentions) and the units of the store it may be."""

    units: frozenset[Unit]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def name(self) -> str:
        names = sorted({unit.name for unit in self.units})
        return names[0] if len(names) == 1 else self.mentions[0].written

    @property
    def iris(self) -> list[str]:
        return sorted(unit.iri for unit in self.units)

    def choices(self, most: int = 8) -> str:
        """The units a name may mean, for a one-line message: 区财政局（岳麓区）; 区财政局（雨花区)
        — the first ``most`` of them and how many more (a store of 1,000 plans has hundreds)."""
        named = sorted({one_line(f"{u.name}（{u.jurisdiction}）") for u in self.units})
        more = f"; and {len(named) - most} more" if len(named) > most else ""
        return "; ".join(named[:most]) + more


class DepartmentIndex:
    """The organisations a question names, found without reading every unit of the store
    for each question: the registry's names of department kinds find the units of that
    kind; the store's own names (as written, other names) that the question writes are
    found through the catalog's name index (``kg.ask.index``) and matched in Python against
    the folded question. A place the question names narrows the units to that place: the
    units of a name or kind are read from the plans with that place first, and from every
    plan only when none is there."""

    # Patterns inside GRAPH ?document (``kg.ask.index.over``), each with the SELECT that reads it.
    _NAMES = (
        "SELECT DISTINCT ?name WHERE { %s }",
        """?unit a pk:Unit . { ?unit skos:prefLabel ?name } UNION { ?unit skos:altLabel ?name }
          FILTER(lang(?name) = "zh")""",
    )
    _UNITS_NAMED = (
        "SELECT DISTINCT ?name ?unit ?preferredName ?jurisdictionName ?kind WHERE { %s }",
        """{ ?unit skos:prefLabel ?name } UNION { ?unit skos:altLabel ?name }
            ?unit a pk:Unit ; skos:prefLabel ?preferredName ; pk:jurisdiction ?place .
            ?place skos:prefLabel ?jurisdictionName .
            FILTER(lang(?preferredName) = "zh")
            OPTIONAL { ?unit pk:kind ?kind }""",
    )
    _UNITS_OF_KIND = (
        "SELECT DISTINCT ?kind ?unit ?preferredName ?jurisdictionName WHERE { %s }",
        """?unit pk:kind ?kind ; skos:prefLabel ?preferredName ; pk:jurisdiction ?place .
            ?place skos:prefLabel ?jurisdictionName .
            FILTER(lang(?preferredName) = "zh")""",
    )
    # The places of a plan and of its units.
    _PLACES = (
        "SELECT DISTINCT ?jurisdictionName WHERE { %s }",
        """{ ?unit pk:jurisdiction ?place } UNION { ?document eli:jurisdiction ?place }
            ?place skos:prefLabel ?jurisdictionName""",
    )
    _UNITS_IN_PLACE = (
        "SELECT DISTINCT ?preferredName WHERE { %s }",
        """?unit a pk:Unit ; skos:prefLabel ?preferredName ; pk:jurisdiction ?place .
            ?place skos:prefLabel ?jurisdictionName . FILTER(lang(?preferredName) = "zh")""",
    )
    # Whether a name is a unit's: the first unit found will do (a name as plans write it,
    # such as a city's bureau, is in hundreds of plans).
    _A_UNIT_NAMED = (
        "{ SELECT ?name WHERE { %s } LIMIT 1 }",
        "{ ?unit skos:prefLabel ?name } UNION { ?unit skos:altLabel ?name } ?unit a pk:Unit",
    )

    def __init__(self, store, registry: Registry, document: str | None = None, index: StoreIndex | None = None):
        self.store, self.registry, self.document = store, registry, document
        self.index = index if index is not None else StoreIndex(store, document)
        self._store_names: list[str] | None = None
        self._found: dict[str, tuple[list[Body], list[tuple[Mention, DepartmentKind]], list[Misplaced]]] = {}

    def _where(self, query: tuple[str, str], plans: list[str] | None = None, **values) -> str:
        """``query``'s SELECT over ``plans`` (else the document, else every graph) with ``values`` bound."""
        if plans is None and self.document is not None:
            plans = [self.document]
        blocks = " ".join(values_block(name, value) for name, value in sorted(values.items()))
        return query[0] % over(plans, f"{blocks} {query[1]}")

    def _select(self, query: tuple[str, str], plans: list[str] | None = None, **values) -> list[dict]:
        return query_library.run(self.store, _PREFIXES + self._where(query, plans, **values))[1]

    @property
    def store_names(self) -> list[str]:
        """Every Chinese name a unit of the store has (preferred or other): every plan read."""
        if self._store_names is None:
            self._store_names = sorted({str(row["name"]) for row in self._select(self._NAMES)})
        return self._store_names

    @property
    def names(self) -> set[str]:
        """The store's unit names and every Chinese name of the registry's kinds."""
        return set(self.store_names) | {name for kind in self.registry.kinds.values() for name in kind.zh_names}

    def bodies(self, question: str) -> list[Body]:
        """Every organisation the question names, in question order; names of one body
        (the same units) count once; a longer name wins over one inside it."""
        return self._link(question)[0]

    def absent(self, question: str) -> tuple[Mention, DepartmentKind] | None:
        """The department kind the question names that no unit of the store is, when the
        question names no unit the store has (市国土资源局 in a store of plans written after
        it was abolished)."""
        found = self._link(question)[1]
        return found[0] if found else None

    def misplaced(self, question: str) -> list[Misplaced]:
        """The departments the question names with a place where the store has no such
        department (青禾县市场监管局 when only other counties' plans name one)."""
        return self._link(question)[2]

    def units_in(self, places: list[str]) -> list[str]:
        """The names of the units of ``places``, for a message."""
        rows = self._select(self._UNITS_IN_PLACE, jurisdictionName=_zh(places))
        return sorted({one_line(str(row["preferredName"])) for row in rows})

    def _places_named(self, question: str, folded: Folded, names: list[str], units: set[Unit]) -> list[str]:
        """The places of the store (its plans' and units') the question writes, outside the
        names of units it writes: 人民银行赣州市中心支行 names a bank's branch, not 赣州市."""
        text = folded.text
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(folded_name(name), " ")
        places = {unit.jurisdiction for unit in units}
        places |= {str(row["jurisdictionName"]) for row in self._select(self._PLACES, self._placed(question, folded))}
        return sorted(place for place in places if names_place(place, text))

    def _link(self, question: str):
        if question not in self._found:
            self._found[question] = self._match(question)
        return self._found[question]

    def _known(self, question: str, folded: Folded, forms: set[str]) -> set[str]:
        """The store's unit names (as ``store_names`` has them) among those the question may
        write: its plain runs of words and ``forms`` that are a unit's name, looked up; the
        names of the plans whose index entries the question starts, and of the plans the
        index does not cover, read; the index's names with no Chinese character."""
        hits = self.index.hits(question)
        labels = self.index.labels(plain_words(folded.text) | {form for form in forms if is_plain(form)})
        known = set()
        if labels:
            first = " UNION ".join(self._where(self._A_UNIT_NAMED, name=name) for name in _zh(labels))
            known |= {
                str(row["name"])
                for row in query_library.run(self.store, f"{_PREFIXES} SELECT ?name WHERE {{ {first} }}")[1]
            }
        known |= {
            str(row["name"]) for row in self._select(self._NAMES, self.index.scoped(hits.starts["unitNameStart"]))
        }
        return known | {name for plan, name in hits.whole["unitName"] if self.document in (None, plan)}

    def _units(
        self, question: str, folded: Folded, query: tuple[str, str], key: str, values: dict
    ) -> dict[str, set[Unit]]:
        """The units of each name or kind (``key``: the variable ``values`` binds) that
        ``query`` finds: those in a place the question names, read from the plans with that
        place (``_placed``); the others only for a name or kind with none there, from every plan."""
        placed: dict[str, set[Unit]] = {}
        for row in self._select(query, self._placed(question, folded), **values):
            unit = _unit(row, key)
            if _in_place(unit, folded):
                placed.setdefault(str(row[key]), set()).add(unit)
        rest = [value for value in values[key] if str(value.value) not in placed]
        found = dict(placed)
        if rest:
            for row in self._select(query, **{**values, key: rest}):
                found.setdefault(str(row[key]), set()).add(_unit(row, key))
        return found

    def _placed(self, question: str, folded: Folded) -> list[str]:
        """The plans (and graphs the index does not cover) that may hold a unit of a place
        the question names."""
        hits = self.index.hits(question)
        plans = set(hits.starts["placeStart"]) | {plan for plan, bare in hits.whole["place"] if bare in folded.text}
        return self.index.scoped(plans)

    def _match(self, question: str):
        folded, plain = fold(question), fold(question, keep_places=True)
        candidates: list[tuple[Span, Mention, frozenset[Unit]]] = []
        absent: list[tuple[Mention, DepartmentKind]] = []

        def hits(form: str) -> list[tuple[Folded, Span]]:
            return [(text, span) for text in (folded, plain) for span in occurrences(form, text.text)]

        kind_hits: dict[str, list[tuple[Mention, Span]]] = {}
        for kind in self.registry.kinds.values():
            names = (*kind.zh_names, *kind.en_names, *kind.notations)
            forms = {folded_name(name) for name in names} | {folded_name(name, True) for name in names}
            for form in forms:
                if not matchable(form):
                    continue
                for text, (at, end) in hits(form):
                    span = text.span(at, end)
                    if span[0] > 0 and question[span[0] - 1] in LEVEL_CHARS and not form.isascii():
                        span = (span[0] - 1, span[1])  # 市卫生健康委员会: the level word is part of the name
                    kind_hits.setdefault(kind.iri, []).append((Mention(question[span[0] : span[1]], span, form), span))
        known = self._known(question, folded, {m.matched for found in kind_hits.values() for m, _ in found})
        units_by_kind: dict[str, set[Unit]] = {}
        if kind_hits:
            kinds = [NamedNode(kind) for kind in kind_hits]
            units_by_kind = self._units(question, folded, self._UNITS_OF_KIND, "kind", {"kind": kinds})
        for kind_iri, found in kind_hits.items():
            units = frozenset(units_by_kind.get(kind_iri, ()))
            for mention, span in found:
                if units:
                    candidates.append((span, mention, units))
                else:
                    absent.append((mention, self.registry.kinds[kind_iri]))

        named = sorted(name for name in known if matchable(folded_name(name)) and folded_name(name) in folded.text)
        if named:
            by_name = self._units(question, folded, self._UNITS_NAMED, "name", {"name": _zh(named)})
            for name, units in by_name.items():
                form = folded_name(name)
                for at, end in occurrences(form, folded.text):
                    span = folded.span(at, end)
                    candidates.append((span, Mention(question[span[0] : span[1]], span, name), frozenset(units)))

        # A place the question names (宁乡县财政局, 长沙财政局) narrows a name to that place.
        narrowed = []
        for span, mention, units in candidates:
            placed = frozenset(unit for unit in units if _in_place(unit, folded))
            narrowed.append((span, mention, placed or units))
        misplaced: list[Misplaced] = []
        if candidates:
            places = self._places_named(question, folded, named, {u for c in candidates for u in c[2]})
            if places:
                narrowed, misplaced = _placed_only(narrowed, folded, places)
        # A registry kind and a store name found at the same words: the units both mean (a
        # name two units share, 区商务局（区粮食局）, is the one of the kind named).
        by_span: dict[Span, list[frozenset[Unit]]] = {}
        for span, _, units in narrowed:
            by_span.setdefault(span, []).append(units)
        narrowed = [
            (span, mention, frozenset.intersection(*by_span[span]) or units) for span, mention, units in narrowed
        ]
        taken: list[tuple[Span, Mention, frozenset[Unit]]] = []
        for candidate in sorted(
            narrowed, key=lambda c: (-(c[0][1] - c[0][0]), c[0][0], c[1].matched not in known, c[1].matched)
        ):
            (start, end) = candidate[0]
            if not any(start < other[0][1] and other[0][0] < end for other in taken):
                taken.append(candidate)
        bodies: list[Body] = []
        for _span, mention, units in sorted(taken, key=lambda c: c[0]):
            same = next(
                (body for body in bodies if body.units & units and (body.units <= units or units <= body.units)), None
            )
            if same is None:
                bodies.append(Body(units, [mention]))
            else:
                same.units = same.units & units
                same.mentions.append(mention)
        taken_spans = [c[0] for c in taken]
        absent = [
            (m, kind) for m, kind in absent if not any(m.span[0] < s[1] and s[0] < m.span[1] for s in taken_spans)
        ]
        absent.sort(key=lambda item: (-(item[0].span[1] - item[0].span[0]), item[0].span[0]))
        return bodies, absent, misplaced

    def closest(self, name: str) -> list[str]:
        """Up to three store names most like ``name``, each made one line for a message."""
        return self.closest_of(name, self.store_names)

    @staticmethod
    def closest_of(name: str, names: list[str]) -> list[str]:
        """Up to three of ``names`` most like ``name``, each made one line for a message."""
        import difflib  # for a message only

        known = sorted({one_line(name).strip() for name in names} - {""})
        return difflib.get_close_matches(name, known, n=3, cutoff=0.3) or known[:3]


@dataclass(frozen=True)
class Misplaced:
    """A department the question names with a place the store has no such department in."""

    mention: Mention
    places: tuple[str, ...]  # the places the question names
    elsewhere: frozenset[Unit]  # the units of that name or kind in other places


Candidate = tuple[Span, Mention, frozenset[Unit]]


def _placed_only(candidates: list[Candidate], folded: Folded, places: list[str]):
    """The candidates with a unit in a place the question names; the others are dropped
    where one of the place is found at the same words (龙泉市文旅局 is 龙泉's 市文化广电旅游局,
    found by its kind, not 临江's 市文旅局, found by the name as written), and said to be
    missing from the place where none is (青禾县市场监管局 when only other counties have one)."""

    def placed(candidate: Candidate) -> bool:
        return any(_in_place(unit, folded) for unit in candidate[2])

    def overlaps(one: Span, other: Span) -> bool:
        return one[0] < other[1] and other[0] < one[1]

    kept = [c for c in candidates if placed(c)]
    missing: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: -(c[0][1] - c[0][0])):
        if placed(candidate) or any(overlaps(candidate[0], other[0]) for other in kept + missing):
            continue
        missing.append(candidate)
    return kept, [Misplaced(mention, tuple(places), units) for _, mention, units in missing]


def _occurs(label: str, folded: Folded) -> bool:
    """Whether a programme's or glossary entry's label is in the question (``ProgrammeIndex.find``)."""
    form = folded_name(strip_quotes(label), True)
    return len(form) >= 2 and bool(occurrences(form, folded.text))


def _zh(names) -> list[Literal]:
    return [Literal(name, language="zh") for name in names]


def _unit(row: dict, key: str) -> Unit:
    """A unit of a row of ``_UNITS_NAMED`` (``key`` name) or ``_UNITS_OF_KIND`` (``key`` kind)."""
    kind = row["kind"] if key == "name" else str(row["kind"])
    return Unit(str(row["unit"]), str(row["preferredName"]), str(row["jurisdictionName"]), kind)


def place_forms(jurisdiction: str) -> set[str]:
    """How a question may write a place: without its level (长沙市 → 长沙), and a district or
    county of a city by its own name with its level (临江市江北区 → 江北区: 江北区住建局 names
    it; 济南市市中区 → 市中区, not 市中, which 城市中 writes)."""
    forms = {bare_place(jurisdiction)}
    if tail := _PLACE_TAIL.match(jurisdiction):
        forms.add(tail.group(1))
    return {form for form in forms if len(form) >= 2}


# A place inside a higher one (成都市武侯区, 济南市市中区): the part after the first level word.
_PLACE_TAIL = re.compile(r"^.+?[省市州盟](.{2,}[县区市旗])$")


def names_place(jurisdiction: str, text: str) -> bool:
    """Whether ``text`` (folded) writes the place ``jurisdiction``."""
    return any(form in text for form in place_forms(jurisdiction))


def _in_place(unit: Unit, folded: Folded) -> bool:
    """Whether the question names the unit's place (宁乡县财政局, 长沙财政局, 江北区住建局)."""
    return names_place(unit.jurisdiction, folded.text)


# --- programmes and glossary terms -------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    label: str
    iri: str
    mention: Mention
    glossary: bool  # a term the plan defines (else a programme of the registry or the plan)


class ProgrammeIndex:
    """The programmes and glossary terms a question names. The labels come from the store
    in one query and are matched in Python; quotation marks do not count (双高计划 finds
    “双高计划”)."""

    _LABELS = (
        _PREFIXES
        + """
        SELECT DISTINCT ?concept ?label ?g ?glossary WHERE {
          GRAPH ?g {
            { ?concept a pk:Programme BIND(false AS ?glossary) } UNION { ?concept a pk:GlossaryEntry BIND(true AS ?glossary) }
            { ?concept skos:prefLabel ?label } UNION { ?concept skos:altLabel ?label }
            FILTER(lang(?label) = "zh")
          }
        }"""
    )

    # The same inside GRAPH ?g (``kg.ask.index.over``), for some graphs or labels.
    _SOME_LABELS = """{ ?concept skos:prefLabel ?label } UNION { ?concept skos:altLabel ?label }
        { ?concept a pk:Programme BIND(false AS ?glossary) } UNION { ?concept a pk:GlossaryEntry BIND(true AS ?glossary) }
        FILTER(lang(?label) = "zh")"""

    def __init__(self, store, document: str | None = None, index: StoreIndex | None = None):
        self.store, self.document = store, document
        self.index = index if index is not None else StoreIndex(store, document)
        self._rows: list[tuple[str, str, bool, bool]] | None = None

    @property
    def rows(self) -> list[tuple[str, str, bool, bool]]:
        """(label without quotes, concept, from the registry, a glossary entry): every plan read."""
        if self._rows is None:
            self._rows = _concept_rows(query_library.run(self.store, self._LABELS)[1])
        return self._rows

    def _rows_in(self, question: str, folded: Folded) -> list[tuple[str, str, bool, bool]]:
        """``rows`` of the labels the question may write: those of the plans whose index
        entries it starts (or whose label with no Chinese character it writes) and of the
        graphs the index does not cover, read; the registry's plain ones among the question's
        plain runs of words, and its others."""
        hits = self.index.hits(question)
        read = set(hits.starts["conceptLabelStart"]) | set(self.index.unindexed)
        read |= {plan for plan, label in hits.whole["conceptLabel"] if _occurs(label, folded)}
        read.discard(REGISTRY_GRAPH.value)
        rows = self._some(sorted(read)) if read else []
        words = plain_words(folded.text)
        if words:
            rows += self._some([REGISTRY_GRAPH.value], values_block("label", sorted(_zh(words), key=str)))
        rows += self._some([REGISTRY_GRAPH.value], f'FILTER(!REGEX(?label, "{PLAIN_PATTERN}"))')
        return _concept_rows(rows)

    def _some(self, graphs: list[str], also: str = "") -> list[dict]:
        """Rows as ``rows`` has them from ``graphs``, with ``also`` (VALUES or a FILTER) inside."""
        where = over(graphs, f"{self._SOME_LABELS} {also}", "g")
        return query_library.run(
            self.store, f"{_PREFIXES} SELECT DISTINCT ?concept ?label ?g ?glossary WHERE {{ {where} }}"
        )[1]

    @property
    def labels(self) -> list[str]:
        return sorted({label for label, *_ in self.rows})

    def find(self, question: str) -> Concept | None:
        """The longest label in the question, and the concept to ask about: the registry's
        programme where there is one (glossary entries point to it)."""
        folded = fold(strip_quotes(question), keep_places=True)
        found = []
        for label, concept, registry, glossary in self._rows_in(question, folded):
            form = folded_name(label, True)
            if len(form) < 2:
                continue
            for at, end in occurrences(form, folded.text):
                found.append((end - at, -at, label, not registry, concept, glossary, folded.span(at, end)))
        if not found:
            return None
        label = max(found)[2]
        same = sorted(item for item in found if item[2] == label)
        _, _, _, _, concept, glossary, span = same[0]
        # The span was found in the question without its quotes: map it back.
        written = _written(question, label, span)
        return Concept(label, concept, Mention(written[0], written[1], label), any(item[5] for item in same))


def _concept_rows(rows: list[dict]) -> list[tuple[str, str, bool, bool]]:
    return [
        (strip_quotes(str(r["label"])), str(r["concept"]), str(r["g"]) == REGISTRY_GRAPH.value, bool(r["glossary"]))
        for r in rows
    ]


def _written(question: str, label: str, guess: Span) -> tuple[str, Span]:
    """Where ``label`` stands in the question as written, quotes around it included."""
    text = normalise(question).lower()
    at = text.find(fold(label, keep_places=True).text)
    if at == -1:
        pattern = f"[{re.escape(QUOTES)}]?".join(re.escape(ch) for ch in fold(label, keep_places=True).text)
        match = re.search(pattern, text)
        if match:
            return question[match.start() : match.end()], match.span()
        return label, guess
    return question[at : at + len(label)], (at, at + len(label))


# --- measures, years, plans ---------------------------------------------------------------


_MEASURE_REFERENCE = (
    re.compile(rf"第\s*([0-9]+|[{NUMERAL_CHARS}]+)\s*(?:项|条|个|号|点|部分)"),
    re.compile(rf"第\s*([0-9]+|[{NUMERAL_CHARS}]+)(?=\s*(?:任务|措施|事项|工作))"),
    re.compile(r"(?:任务|措施|事项|工作)\s*([0-9]+)"),
    re.compile(rf"（\s*([0-9]+|[{NUMERAL_CHARS}]+)\s*）"),
    re.compile(r"\b(?:measures?|tasks?|items?|points?|no\.?|numbers?|article)\s*#?\s*([0-9]+)\b", re.IGNORECASE),
    re.compile(r"\b([0-9]+)(?:st|nd|rd|th)\s+(?:measure|task|item|point)\b", re.IGNORECASE),
    re.compile(r"#\s*([0-9]+)\b"),
    re.compile(r"^\s*([0-9]+)\s*[.、．]\s*\D"),
)
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ENGLISH_ORDINAL = re.compile(rf"\b(?:the\s+)?({'|'.join(_ORDINAL_WORDS)})\s+(?:measure|task|item)\b", re.IGNORECASE)
_ENGLISH_LAST = re.compile(r"\b(?:the\s+)?last\s+(?:measure|task|item)\b|最后一项(?:任务|措施)?", re.IGNORECASE)


@dataclass(frozen=True)
class MeasureReference:
    number: int | None  # None for "the last measure"
    mention: Mention


def measure_references(question: str) -> list[MeasureReference]:
    """The measures the question names by number, in question order."""
    text = normalise(question)
    found: list[MeasureReference] = []
    taken: list[Span] = []
    for pattern in _MEASURE_REFERENCE:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if _is_year(text, match):
                continue
            try:
                number = chinese_to_int(match.group(1))
            except ValueError:
                continue
            taken.append(match.span())
            found.append(
                MeasureReference(number, Mention(question[match.start() : match.end()], match.span(), str(number)))
            )
    for match in _ENGLISH_ORDINAL.finditer(text):
        number = _ORDINAL_WORDS.index(match.group(1).lower()) + 1
        found.append(MeasureReference(number, Mention(match.group(0), match.span(), str(number))))
    for match in _ENGLISH_LAST.finditer(text):
        found.append(MeasureReference(None, Mention(match.group(0), match.span(), "last")))
    return sorted(found, key=lambda ref: ref.mention.span)


def _is_year(text: str, match: re.Match) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", match.group(1))) and text[match.end(1) : match.end(1) + 1] in ("年", "")


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_IN_YEAR_WORD = re.compile(r"^\s*年?\s*(?:底|末|年底|年末)?\s*(?:之前|以前|前|为止)")
# A month after the year (2024年6月, 2024年6月底前) or before it (June 2024, by 30 June 2024).
_MONTH_AFTER = re.compile(r"\s*年\s*(1[0-2]|0?[1-9])\s*月份?")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_BEFORE = re.compile(rf"\b({'|'.join(_MONTHS)}|{'|'.join(m[:3] for m in _MONTHS)})\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class YearReference:
    year: int
    by: bool  # "by 2025" (due on or before), else "in 2025"
    mention: Mention
    month: int | None = None  # by or in that month of the year: 2024年6月底前, June 2024


def year_references(question: str) -> list[YearReference]:
    """The years a question names, each with whether it means "by" that year."""
    text = normalise(question)
    found = []
    for match in _YEAR.finditer(text):
        start, end, month = match.start(), match.end(), None
        if month_after := _MONTH_AFTER.match(text, end):
            end, month = month_after.end(), int(month_after.group(1))
        elif month_before := _MONTH_BEFORE.search(text, max(0, start - 20), start):
            start, month = month_before.start(), _month_number(month_before.group(1))
        before, after = text[max(0, start - 20) : start], text[end : end + 8]
        by = bool(re.search(r"(?:到|截至|截止|至)\s*$", before)) and not re.match(r"\s*年?\s*到期", after)
        by = by or bool(_IN_YEAR_WORD.match(after))
        by = by or bool(
            re.search(
                r"\b(?:by|before|until|till|no later than|not later than|up to)\s*(?:the end of\s*)?$",
                before,
                re.IGNORECASE,
            )
        )
        found.append(
            YearReference(int(match.group(1)), by, Mention(question[start:end], (start, end), match.group(1)), month)
        )
    return found


def _month_number(name: str) -> int:
    return next(number for number, month in enumerate(_MONTHS, start=1) if month.startswith(name.lower()[:3]))


class PlanIndex:
    """The plans of the store: their titles (a question may name one), and how many
    measures each has (第25项 in a 19-measure plan is said so)."""

    _PLANS = (
        """SELECT ?document ?title (COUNT(DISTINCT ?m) AS ?measures) (MAX(?number) AS ?last) WHERE { %s }
        GROUP BY ?document ?title ORDER BY ?title""",
        "?document a pk:Plan ; eli:title ?title . OPTIONAL { ?document pk:measure ?m . ?m pk:number ?number }",
    )
    # The titles of some plans, and their measures' (inside GRAPH ?document: ``kg.ask.index.over``).
    _TITLES = (
        "SELECT DISTINCT ?document ?title WHERE { %s } ORDER BY ?title",
        "?document a pk:Plan ; eli:title ?title",
    )
    _PLACES = (
        "SELECT DISTINCT ?document ?title ?placeName WHERE { %s } ORDER BY ?title",
        "?document a pk:Plan ; eli:title ?title ; eli:jurisdiction ?place . ?place skos:prefLabel ?placeName",
    )
    _MEASURE_TITLES = (
        "SELECT DISTINCT ?document ?m ?number ?title WHERE { %s }",
        "?document pk:measure ?m . ?m pk:number ?number ; eli:title ?title",
    )
    # A plan with a measure numbered ``number`` or more (that plan's measures then checked whole).
    _REACHES = (
        "SELECT ?document WHERE { %s } LIMIT 1",
        "?document pk:measure ?m . ?m pk:number ?number FILTER(?number >= %d)",
    )

    def __init__(self, store, document: str | None = None, index: StoreIndex | None = None):
        self.store, self.document = store, document
        self.index = index if index is not None else StoreIndex(store, document)
        self._plans: list[dict] | None = None

    @property
    def plans(self) -> list[dict]:
        """Every plan (in the document), with its title and how many measures it has: every plan read."""
        if self._plans is None:
            self._plans = self._of(None if self.document is None else [self.document])
        return self._plans

    def numbers(self, number: int) -> bool:
        """Whether some plan's measures are numbered up to ``number`` or beyond, as ``plans``
        tells (``last``), found without reading every plan; False when this cannot tell
        (read ``plans`` then)."""
        if number < 1:
            return False
        scope = [self.document] if self.document is not None else None
        head, pattern = self._REACHES
        found = query_library.run(self.store, _PREFIXES + head % over(scope, pattern % number))[1]
        if not found:
            return False
        plan = self._of([str(found[0]["document"])])
        return any(isinstance(p["last"], int) and not isinstance(p["last"], bool) and number <= p["last"] for p in plan)

    def of(self, plans: list[str]) -> list[dict]:
        """``plans`` (their IRIs), each with its title and how many measures it has."""
        return self._of(plans)

    def _of(self, plans: list[str] | None) -> list[dict]:
        return query_library.run(self.store, _PREFIXES + self._PLANS[0] % over(plans, self._PLANS[1]))[1]

    def _read(self, query: tuple[str, str], plans: set[str]) -> list[dict]:
        """Rows of ``query`` over ``plans`` and the graphs the index does not cover."""
        scope = [plan for plan in self.index.scoped(plans) if plan != REGISTRY_GRAPH.value]
        return query_library.run(self.store, _PREFIXES + query[0] % over(scope, query[1]))[1] if scope else []

    def named(self, question: str) -> tuple[str, Mention] | None:
        """The plan whose title (without 《》 and the period) the question writes."""
        text = normalise(question)
        best = None
        for plan in self._read(self._TITLES, self.index.hits(question).starts["titleStart"]):
            title = str(plan["title"])
            for form in {title, re.sub(r"[（(]?\d{4}\s*[-—–~至]\s*\d{4}\s*年?[）)]?", "", title)}:
                at = text.find(form) if len(form) >= 6 else -1
                if at != -1 and (best is None or len(form) > len(best[1].written)):
                    best = (str(plan["document"]), Mention(question[at : at + len(form)], (at, at + len(form)), title))
        return best

    def of_place(self, question: str, blank: list[Span]) -> list[tuple[str, Mention]]:
        """The plans of a place the question writes outside ``blank`` (the units and measures
        it names), when it names no plan by its whole title: 湘潭县方案里, 赣州市第5项任务. A
        place with several plans keeps those whose titles share most words with the question
        (河北省清洁取暖方案: 河北省2024年冬季清洁取暖工作方案). Each plan comes with the words
        that name it: the place, and the short title after it when the question writes one."""
        text = _blanked(normalise(question), blank)
        hits = self.index.hits(question)
        plans = set(hits.starts["placeStart"]) | {plan for plan, _ in hits.whole["place"]}
        found: list[tuple[str, str, Span]] = []
        for row in self._read(self._PLACES, plans):
            for form in place_forms(str(row["placeName"])):
                at = text.find(form)
                if at != -1:
                    found.append((str(row["document"]), str(row["title"]), _short_title(text, (at, at + len(form)))))
                    break
        if not found:
            return []
        scores = {document: _shared_pairs(title, text) for document, title, _ in found}
        best = max(scores.values())
        return [
            (document, Mention(question[span[0] : span[1]], span, title))
            for document, title, span in found
            if scores[document] == best
        ]

    def measure_titles(self, question: str) -> list[tuple[int, Mention]]:
        """Measures whose whole title the question writes (强化经费保障由谁牵头？)."""
        return [(number, mention) for number, mention, _, _ in self.titled_measures(question)]

    def titled_measures(self, question: str) -> list[tuple[int, Mention, str, str]]:
        """``measure_titles`` with the plan and the measure (IRIs) of each: a title names the
        measure of the plan that has it, not that number in every plan."""
        text = normalise(question)
        found = []
        for row in self._read(self._MEASURE_TITLES, self.index.hits(question).starts["measureTitleStart"]):
            title = str(row["title"]).strip("。；; ")
            if len(title) >= 4 and isinstance(row["number"], int):
                at = text.find(title)
                if at != -1:
                    mention = Mention(question[at : at + len(title)], (at, at + len(title)), title)
                    found.append((int(row["number"]), mention, str(row["document"]), str(row["m"])))
        return found


# A plan named by its place and a short title: 河北省清洁取暖方案, 湘潭县方案.
_SHORT_TITLE = re.compile(r"[\u4e00-\u9fff0-9“”\"《》]{0,20}?(?:方案|计划|规划|要点|意见|措施|清单|分工表)")


def _short_title(text: str, place: Span) -> Span:
    """The words that name a plan by its place: the place, and the short title right after
    it (its level word, then words up to 方案 or the like) when the question writes one."""
    if text[place[1] : place[1] + 1] and text[place[1]] in LEVEL_CHARS:
        place = (place[0], place[1] + 1)  # 赣州市: the level word is the place's
    match = _SHORT_TITLE.match(text, place[1])
    return (place[0], match.end()) if match else place


def _shared_pairs(title: str, text: str) -> int:
    """How many pairs of Chinese characters of a plan's title the question writes."""
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", title)
    return len(
        {run[i : i + 2] for run in runs for i in range(len(run) - 1)} & {text[i : i + 2] for i in range(len(text))}
    )


def _blanked(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)
