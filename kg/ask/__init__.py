"""Plain questions, in Chinese or English, turned into a library query and its parameters.

``ask`` never writes SPARQL: it recognises a question form, the department or measure the
question names, and binds them into a query from ``queries/``. Departments are recognised
by every name the store and the registry know them by (区财政局, 财政局, 宁乡县财政局,
Finance Bureau, the Municipal Bureau of Finance …); the longest name found wins.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from dataclasses import dataclass, field

from kg import query as query_library
from kg.errors import QuestionError
from kg.export.clean import one_line
from kg.extract.glossary import strip_quotes
from kg.numerals import NUMERAL_CHARS, chinese_to_int
from kg.read import normalise
from kg.registry import LEVEL_CHARS, DepartmentKind, Registry
from kg.vocab import PKD_NS, REGISTRY_GRAPH

FORMS = (
    ("measures-led-by", "财政局牵头哪些任务？", "What does the Finance Bureau lead?"),
    ("measures-involving", "财政局参与了哪些任务？", "Which measures does the Finance Bureau take part in?"),
    ("measure-leads", "第19项任务由谁牵头？", "Who leads measure 19?"),
    ("measure-units", "第19项任务有哪些单位参与？", "Who takes part in measure 19?"),
    ("targets-due-in", "2023年的目标有哪些？", "Which targets fall due in 2025?"),
    ("targets-due-by", "到2025年要完成哪些目标？", "Targets due by 2025"),
    ("measure-targets", "第18项任务的目标是什么？", "What are the targets of measure 18?"),
    ("measures-mentioning", "哪些任务涉及双高计划？", "Which measures mention 1+X证书制度?"),
    ("term-definition", "双师型是什么意思？", "What is 双师型?"),
    ("department-leading-most", "哪个部门牵头的任务最多？", "Which department leads the most measures?"),
    ("departments-by-load", "各部门牵头和参与的任务数排名", "Rank departments by measures led"),
    ("measures-shared", "财政局和教育局共同负责哪些任务？", "Which measures do the Finance Bureau and the Education Bureau share?"),
    ("co-responsibility", "哪些部门经常一起负责任务？", "Who works with whom?"),
    ("measures-without-lead", "哪些任务没有牵头单位？", "Which measures have no lead?"),
    ("measures-with-keyword", "哪些任务涉及经费保障？", "Which measures mention 实训基地?"),
    ("kind-leads-keyword", "哪些城市的财政局牵头经费保障方面的任务？", "Which cities' Finance Bureaus lead measures on 经费保障?"),
    ("kind-across-jurisdictions", "比较各地财政局的任务", "Compare Finance Bureaus across cities"),
    ("shared-citations", "哪些文件被多个方案引用？", "Which documents are cited by several plans?"),
)

# The row each form answers with: JSON key → query variable.
_DEPARTMENT_ROW = {"measure": "measure", "title": "title", "role": "role", "department": "department",
                   "position": "position", "document": "documentTitle", "source": "text"}
_TARGET_ROW = {"measure": "measure", "title": "title", "text": "text", "metric": "metric", "comparator": "comparator",
               "value": "value", "value_max": "valueMax", "unit": "unit", "due_year": "dueYear", "scope": "scope",
               "document": "documentTitle"}
ROWS = {
    "measures-led-by": _DEPARTMENT_ROW, "measures-involving": _DEPARTMENT_ROW,
    "measure-leads": _DEPARTMENT_ROW, "measure-units": _DEPARTMENT_ROW,
    "targets-due-in": _TARGET_ROW, "targets-due-by": _TARGET_ROW, "measure-targets": _TARGET_ROW,
    "measures-mentioning": {"measure": "measure", "title": "title", "programme": "programme", "document": "documentTitle"},
    "term-definition": {"term": "label", "definition": "definition", "source": "source", "document": "documentTitle"},
    "department-leading-most": {"department": "department", "leads": "leads", "document": "documentTitle"},
    "departments-by-load": {"department": "department", "leads": "leads", "joins": "joins", "total": "total",
                            "document": "documentTitle"},
    "measures-shared": {"measure": "measure", "title": "title", "department": "department", "role": "role",
                        "other_department": "otherDepartment", "other_role": "otherRole", "document": "documentTitle"},
    "co-responsibility": {"department": "department", "other_department": "otherDepartment", "shared": "shared",
                          "document": "documentTitle"},
    "measures-without-lead": {"measure": "measure", "title": "title", "status": "status", "vague": "vague",
                              "document": "documentTitle"},
    "measures-with-keyword": {"measure": "measure", "title": "title", "document": "documentTitle"},
    "kind-leads-keyword": {"jurisdiction": "jurisdiction", "department": "department", "measure": "measure",
                           "title": "title", "document": "documentTitle"},
    "kind-across-jurisdictions": {"jurisdiction": "jurisdiction", "department": "department", "leads": "leads",
                                  "joins": "joins", "document": "documentTitle"},
    "shared-citations": {"cited": "citedTitle", "number": "number", "plans": "plans", "cited_by": "citedBy"},
}
TABLE_COLUMNS = {
    "measures-led-by": ["measure", "title", "role", "department", "source"],
    "measures-involving": ["measure", "title", "role", "department", "source"],
    "measure-leads": ["measure", "title", "role", "department"],
    "measure-units": ["measure", "title", "role", "department"],
    "targets-due-in": ["measure", "metric", "comparator", "value", "value_max", "unit", "due_year", "scope"],
    "targets-due-by": ["measure", "metric", "comparator", "value", "value_max", "unit", "due_year", "scope"],
    "measure-targets": ["measure", "metric", "comparator", "value", "value_max", "unit", "due_year", "scope"],
    "measures-mentioning": ["measure", "title", "programme"],
    "term-definition": ["term", "definition", "source"],
    "department-leading-most": ["department", "leads"],
    "departments-by-load": ["department", "leads", "joins", "total"],
    "measures-shared": ["measure", "title", "department", "role", "other_department", "other_role"],
    "co-responsibility": ["department", "other_department", "shared"],
    "measures-without-lead": ["measure", "title", "status", "vague"],
    "measures-with-keyword": ["measure", "title"],
    "kind-leads-keyword": ["jurisdiction", "department", "measure", "title", "document"],
    "kind-across-jurisdictions": ["jurisdiction", "department", "leads", "joins", "document"],
    "shared-citations": ["number", "cited", "plans", "cited_by"],
}

_LEAD = re.compile(r"牵头|主抓|领头|主责|\blead(s|ing)?\b|\bled\b|in charge", re.IGNORECASE)
_TAKE_PART = re.compile(
    r"参与|参加|涉及|配合|协助|有关|相关|\btakes? part\b|\bparticipat\w*|\binvolv\w*|\bjoin(s|ed)?\b|\bworks? on\b"
    r"|\bcontribut\w*|\bpart in\b|\bwith\b",
    re.IGNORECASE,
)
_MEASURE_REFERENCE = (
    re.compile(rf"第\s*([0-9]+|[{NUMERAL_CHARS}]+)\s*(?:项|条|个|号|点)?"),
    re.compile(r"(?:任务|措施|事项)\s*([0-9]+)"),
    re.compile(rf"（\s*([0-9]+|[{NUMERAL_CHARS}]+)\s*）"),
    re.compile(r"\b(?:measure|task|item|no\.?|number)\s*#?\s*([0-9]+)\b", re.IGNORECASE),
    re.compile(r"#\s*([0-9]+)\b"),
)
_TARGET = re.compile(r"目标|指标|\btargets?\b|\bgoals?\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_BY_YEAR = re.compile(r"到|截至|之前|以前|前|\bby\b|\bbefore\b|\buntil\b", re.IGNORECASE)
_MENTION = re.compile(r"涉及|提到|提及|关于|有关|相关|包含|哪些任务|哪些措施|mention|involv|about|related|refer", re.IGNORECASE)
_DEFINITION = (
    re.compile(r"^(?:请问)?(?:什么是|何为|何谓|解释一下|解释)(?P<term>.+?)[？?。！!]*$"),
    re.compile(r"^(?P<term>.+?)(?:是什么意思|是什么|指什么|的含义是什么|的含义|的定义|什么意思|是指什么)[？?。！!]*$"),
    re.compile(r"^what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<term>.+?)\s*\??$", re.IGNORECASE),
    re.compile(r"^what\s+does\s+(?P<term>.+?)\s+mean\s*\??$", re.IGNORECASE),
    re.compile(r"^(?:define|meaning of)\s+(?P<term>.+?)\s*\??$", re.IGNORECASE),
)
_NO_LEAD = re.compile(
    r"(没有|无|缺少|缺|未明确|未写明|未落实)(牵头|责任)(单位|部门)?|谁都没有牵头|\bno (lead|one leads)|without (a )?lead"
    r"|\bunassigned\b|nobody leads|not assigned", re.IGNORECASE)
_MOST = re.compile(r"最多|最多的|最大|\bmost\b|\bthe busiest\b", re.IGNORECASE)
_RANKING = re.compile(r"排名|排行|排序|多少项|多少个任务|任务数|工作量|\brank|\branking\b|\bload\b|how many", re.IGNORECASE)
_TOGETHER = re.compile(r"共同|一起|都参与|同时参与|合作|协作|协同|\bshare|\btogether\b|\bboth\b|works? with", re.IGNORECASE)
# Words of a question that are no keyword: question words, the genre's nouns, particles.
_QUESTION_WORDS = frozenset(
    "哪些 哪个 哪项 什么 多少 任务 措施 事项 工作 涉及 提到 提及 关于 有关 相关 包含 包括 内容 方面 的 了 有 是 在 和 与 及 "
    "请问 一下 中 里 其中 吗 呢 呀 都 所有 全部 方面 领域 城市 各地 地方 牵头 参与 负责 部门 单位 "
    "which what measures measure tasks task mention mentions about the a an of do does are is with "
    "lead leads on cities city city's cities' in".split()
)
_ACROSS = re.compile(
    r"各地|哪些城市|哪些地方|哪些市|各市|各县|各省|不同地区|跨地区|比较|对比|which cities|which places|across|compare|each city",
    re.IGNORECASE,
)
_SHARED_CITATION = re.compile(r"(引用|援引|依据).*(多个|几个|共同|同一|都)|(多个|几个).*(引用|援引)|cited by (several|many|more than one)|cite the same", re.IGNORECASE)
_EN_NOISE = re.compile(r"\b(the|municipal|city|provincial|county|district|prefectural|local|its|of the)\b", re.IGNORECASE)
_UNIT_WORD = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:局|委|办|厅|部|院|会|政府|中心|区)")
_EN_UNIT_WORD = re.compile(
    r"\b(?i:bureau|department|commission|office|committee|administration) of(?: [A-Z][\w-]*)+"
    r"|(?:[A-Z][\w-]* )+(?:Bureau|Department|Commission|Office|Committee|Administration)\b"
)


@dataclass
class Interpretation:
    form: str
    parameters: dict[str, object]
    description: str  # one line, whatever names it quotes

    def __post_init__(self) -> None:
        self.description = one_line(self.description)


@dataclass
class Answer:
    question: str
    interpretation: Interpretation
    sparql: str
    rows: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "interpretation": {
                "form": self.interpretation.form,
                "description": self.interpretation.description,
                "parameters": self.interpretation.parameters,
            },
            "sparql": self.sparql,
            "rows": self.rows,
        }


@dataclass(frozen=True)
class _Unit:
    iri: str
    name: str  # the name the store gives it
    jurisdiction: str
    kind: str | None = None  # the registry kind's IRI


class DepartmentIndex:
    """The departments a question names, found without listing every unit of the store:
    the store matches its own unit names against the question (one query), and the
    registry's names of department kinds (财政局, Finance Bureau, HRSS) find the units of
    that kind, narrowed to a place the question names (宁乡县财政局, 宁乡财政局)."""

    _LABELS_IN_QUESTION = """
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?name ?unit ?preferredName ?jurisdictionName ?kind WHERE {
          GRAPH ?document { { ?unit skos:prefLabel ?name } UNION { ?unit skos:altLabel ?name } }
          FILTER(CONTAINS(?question, LCASE(STR(?name))))
          GRAPH ?document {
            ?unit a pk:Unit ; skos:prefLabel ?preferredName ; pk:jurisdiction ?place .
            ?place skos:prefLabel ?jurisdictionName .
            FILTER(lang(?preferredName) = "zh")
            OPTIONAL { ?unit pk:kind ?kind }
          }
        }"""
    _UNITS_OF_KIND = """
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?unit ?preferredName ?jurisdictionName WHERE {
          GRAPH ?document {
            ?unit pk:kind ?kind ; skos:prefLabel ?preferredName ; pk:jurisdiction ?place .
            ?place skos:prefLabel ?jurisdictionName .
            FILTER(lang(?preferredName) = "zh")
          }
        }"""
    _NAMES = """
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?name WHERE { GRAPH ?document { ?unit a pk:Unit ; skos:prefLabel ?name FILTER(lang(?name) = "zh") } }"""

    def __init__(self, store, registry: Registry, document: str | None = None):
        self.store, self.registry, self.document = store, registry, document
        self._names: set[str] | None = None
        self._found: dict[str, list] = {}
        self._absent: dict[str, list] = {}

    def _select(self, sparql: str, **values) -> list[dict]:
        query = query_library.Query("department-index", sparql, parameters=[
            query_library.Parameter(name, "iri" if name == "kind" else "string", "") for name in values
        ])
        return query_library.run(self.store, query.bind(values, document=self.document))[1]

    @property
    def names(self) -> set[str]:
        """Every Chinese unit name in the store and every name of the registry's kinds."""
        if self._names is None:
            self._names = {str(row["name"]) for row in self._select(self._NAMES)}
            self._names |= {name for kind in self.registry.kinds.values() for name in kind.zh_names}
        return self._names

    def _candidates(self, question: str) -> list[tuple[int, int, str, frozenset[_Unit]]]:
        if question not in self._found:
            self._found[question] = self._match(question)
        return self._found[question]

    def _match(self, question: str) -> list[tuple[int, int, str, frozenset[_Unit]]]:
        folded = _fold(question)
        found: dict[tuple[int, int, str], set[_Unit]] = {}

        def place(at: int, end: int, form: str, units: set[_Unit]) -> None:
            found.setdefault((at, end, form), set()).update(units)

        absent: list[tuple[int, int, str, DepartmentKind]] = []
        for kind in self.registry.kinds.values():
            forms = {_fold(name) for name in (*kind.zh_names, *kind.en_names, *kind.notations)}
            hits = [(at, end, form) for form in forms if len(form) >= 2 for at, end in _occurrences(form, folded)]
            if not hits:
                continue
            units = {
                _Unit(str(row["unit"]), str(row["preferredName"]), str(row["jurisdictionName"]), kind.iri)
                for row in self._select(self._UNITS_OF_KIND, kind=kind.iri)
            }
            for at, end, form in hits:
                place(at, end, form, units)
                if not units:
                    absent.append((at, end, form, kind))
        # Longest first: 国土资源局 rather than 资源局.
        self._absent[question] = sorted(absent, key=lambda hit: (-(hit[1] - hit[0]), hit[0]))
        # Names the registry does not know (市属及驻益高校) are looked up in the store's own
        # labels; that scans every label, so only when no department kind matched.
        if not found:
            for row in self._select(self._LABELS_IN_QUESTION, question=folded):
                form = _fold(str(row["name"]))
                if not _matchable(form):
                    continue
                unit = _Unit(str(row["unit"]), str(row["preferredName"]), str(row["jurisdictionName"]), row["kind"])
                for at, end in _occurrences(form, folded):
                    place(at, end, form, {unit})
        # A place the question names (宁乡县财政局, 宁乡财政局) narrows a name to that place.
        narrowed = []
        for (at, end, form), units in found.items():
            named = {u for u in units if _bare(u.jurisdiction) and (_bare(u.jurisdiction) in folded)}
            narrowed.append((at, end, form, frozenset(named or units)))
        return [c for c in narrowed if c[3]]

    def absent(self, question: str) -> DepartmentKind | None:
        """The department kind the question names that no unit of the store is, when the
        question names no unit the store has (市国土资源局 in a store of plans written after
        it was abolished)."""
        self._candidates(question)
        hits = self._absent.get(question) or []
        return hits[0][3] if hits else None

    def find_all(self, question: str) -> list[tuple[str, set[_Unit]]]:
        """Every department name in the question, longest first, none inside another."""
        taken: list[tuple[int, int, str, frozenset[_Unit]]] = []
        for candidate in sorted(self._candidates(question), key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
            start, end = candidate[0], candidate[1]
            if not any(start < other[1] and other[0] < end for other in taken):
                taken.append(candidate)
        return [(form, set(units)) for _, _, form, units in sorted(taken)]

    def find(self, question: str) -> tuple[str, set[_Unit]] | None:
        """The longest department name in the question, and the units it may mean."""
        found = self.find_all(question)
        return max(found, key=lambda item: len(item[0])) if found else None

    def closest(self, name: str) -> list[str]:
        """Up to three store names most like ``name``, each made one line for a message."""
        known = sorted({one_line(row["name"]).strip() for row in self._select(self._NAMES)} - {""})
        return difflib.get_close_matches(name, known, n=3, cutoff=0.3) or known[:3]


def _matchable(form: str) -> bool:
    """Whether a store's unit name (folded) may be looked for in a question: like the
    registry's names, at least two characters, and at least one of them a letter, digit
    or CJK character. An empty name, a single character or a run of punctuation would be
    "found" in nearly every question and answer it about the wrong unit."""
    return len(form) >= 2 and re.search(r"\w", form) is not None


def _choices(units) -> str:
    """The units a name may mean, for a one-line message: 区财政局（岳麓区）; 区财政局（雨花区）."""
    return "; ".join(sorted(one_line(f"{u.name}（{u.jurisdiction}）") for u in units))


@lru_cache(maxsize=4096)
def _whole_word(form: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])")


def _bare(place: str) -> str:
    """长沙市 → 长沙: how a place is written inside other names."""
    return place[:-1] if len(place) > 2 and place[-1] in LEVEL_CHARS else place


def _occurrences(form: str, text: str) -> list[tuple[int, int]]:
    """Where ``form`` stands in ``text``; ASCII forms only as whole words."""
    if form.isascii():
        return [m.span() for m in _whole_word(form).finditer(text)]
    spans, at = [], text.find(form)
    while at != -1:
        spans.append((at, at + len(form)))
        at = text.find(form, at + 1)
    return spans


class ProgrammeIndex:
    """The programme or glossary term a question names; the store matches the labels
    against the question. Quotation marks do not count: 双高计划 finds “双高计划”."""

    _IN_QUESTION = """
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?concept ?label ?g WHERE {
          GRAPH ?g {
            { ?concept a pk:Programme } UNION { ?concept a pk:GlossaryEntry }
            { ?concept skos:prefLabel ?label } UNION { ?concept skos:altLabel ?label }
            FILTER(lang(?label) = "zh")
          }
          FILTER(CONTAINS(?question, REPLACE(STR(?label), "[“”\\"]", "")))
        }"""
    _LABELS = """
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?label WHERE {
          GRAPH ?g { { ?concept a pk:Programme } UNION { ?concept a pk:GlossaryEntry }
                     ?concept skos:prefLabel ?label FILTER(lang(?label) = "zh") } }"""

    def __init__(self, store):
        self.store = store
        self._labels: list[str] | None = None

    @property
    def labels(self) -> list[str]:
        if self._labels is None:
            self._labels = [strip_quotes(str(row["label"])) for row in query_library.run(self.store, self._LABELS)[1]]
        return self._labels

    def find(self, question: str) -> tuple[str, str] | None:
        """The longest programme label in the question, and the concept to ask about:
        the registry's programme where there is one (glossary entries point to it)."""
        text = strip_quotes(normalise(question))
        query = query_library.Query("programme-index", self._IN_QUESTION,
                                    parameters=[query_library.Parameter("question", "string", "")])
        rows = query_library.run(self.store, query.bind({"question": text}))[1]
        found = [(strip_quotes(str(row["label"])), str(row["g"]) == REGISTRY_GRAPH.value, str(row["concept"]))
                 for row in rows]
        found = [item for item in found if len(item[0]) >= 2]
        if not found:
            return None
        label = max(found, key=lambda item: len(item[0]))[0]
        concepts = sorted((not registry, concept) for name, registry, concept in found if name == label)
        return label, concepts[0][1]


def _fold(text: str) -> str:
    text = normalise(text).lower()
    text = re.sub(r"\b(bureau|department|commission|office|committee|administration|government)s\b", r"\1", text)
    text = _EN_NOISE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def _measure_number(question: str) -> int | None:
    text = normalise(question)
    for pattern in _MEASURE_REFERENCE:
        match = pattern.search(text)
        if match:
            try:
                return chinese_to_int(match.group(1))
            except ValueError:
                continue
    return None


def suggestions() -> list[str]:
    return [f"{zh}  /  {en}" for _, zh, en in FORMS]


def _definition_term(question: str) -> str | None:
    text = question.strip()
    for pattern in _DEFINITION:
        match = pattern.match(text)
        if match:
            term = strip_quotes(match.group("term")).strip(" “”\"'？?，,。")
            return term or None
    return None


def interpret(question: str, index: DepartmentIndex, programmes: ProgrammeIndex | None = None) -> Interpretation:
    """Choose a question form and its parameters; raise QuestionError when there is none."""
    number = _measure_number(question)
    if _TARGET.search(question):
        year = _YEAR.search(normalise(question))
        if number is not None and not year:
            return Interpretation("measure-targets", {"number": number}, f"targets of measure {number}")
        if year:
            due = int(year.group(1))
            if _BY_YEAR.search(question):
                return Interpretation("targets-due-by", {"year": due}, f"targets due by {due}")
            return Interpretation("targets-due-in", {"year": due}, f"targets due in {due}")

    if _NO_LEAD.search(question):
        return Interpretation("measures-without-lead", {}, "measures with no lead unit")
    if _MOST.search(question) and _LEAD.search(question) and not index.find(question):
        return Interpretation("department-leading-most", {}, "the department that leads the most measures")
    if _RANKING.search(question) and not index.find(question) and number is None:
        return Interpretation("departments-by-load", {}, "departments ranked by measures led and joined")

    programme = programmes.find(question) if programmes else None
    if programme and _MENTION.search(question) and not _definition_term(question):
        label, concept = programme
        return Interpretation("measures-mentioning", {"concept": concept}, f"measures that mention {label}")
    term = _definition_term(question)
    if term and (programme or not index.find(question)) and number is None:
        return Interpretation("term-definition", {"term": programme[0] if programme and programme[0] in term else term},
                              f"what {term} means")

    if _SHARED_CITATION.search(question):
        return Interpretation("shared-citations", {}, "documents cited by several plans")
    departments = index.find_all(question)
    if departments and _ACROSS.search(question):
        kinds = {unit.kind for unit in departments[0][1]}
        if len(kinds) == 1 and None not in kinds:
            kind = kinds.pop()
            label = departments[0][0]
            topical = _MENTION.search(question) or "方面" in question or re.search(r"\bon\b", question)
            keyword = _keyword(question, index, programmes) if topical else None
            if keyword:
                return Interpretation("kind-leads-keyword", {"kind": kind, "keyword": keyword},
                                      f"measures on {keyword} led by each jurisdiction's {label}")
            return Interpretation("kind-across-jurisdictions", {"kind": kind}, f"{label} compared across jurisdictions")
    if len(departments) >= 2:
        (first_text, first), (second_text, second) = departments[0], departments[1]
        unit, other = _one(first_text, first), _one(second_text, second)
        return Interpretation("measures-shared", {"unit": unit.iri, "other": other.iri},
                              f"measures {unit.name} and {other.name} share")
    if not departments and _TOGETHER.search(question) and number is None:
        return Interpretation("co-responsibility", {}, "pairs of departments named for the same measures")

    found = index.find(question)
    if found:
        form_text, units = found
        if len(units) > 1:
            raise QuestionError(f"'{one_line(form_text)}' may mean more than one department: {_choices(units)}; "
                                "name one of them")
        unit = next(iter(units))
        leads_only = bool(_LEAD.search(question)) and not _TAKE_PART.search(question)
        if leads_only:
            return Interpretation("measures-led-by", {"unit": unit.iri}, f"measures led by {unit.name}")
        return Interpretation("measures-involving", {"unit": unit.iri}, f"measures {unit.name} takes part in (any role)")

    missing = index.absent(question)
    if missing is not None:
        successors = [index.registry.kinds[PKD_NS + slug].full_name for slug in missing.successors
                      if PKD_NS + slug in index.registry.kinds]
        history = (f" ({missing.zh} was abolished in {missing.abolished_in}; its work passed to "
                   f"{'、'.join(successors)})" if successors and missing.abolished_in else "")
        raise QuestionError(
            f"no department of the kind '{missing.zh}' in the store{history}; closest known: "
            f"{', '.join(index.closest(missing.zh))}",
            suggestions(),
        )

    if number is not None:
        if _LEAD.search(question) and not re.search(r"参与|参加|配合|participa", question, re.IGNORECASE):
            return Interpretation("measure-leads", {"number": number}, f"lead unit of measure {number}")
        return Interpretation("measure-units", {"number": number}, f"units of measure {number}, lead first")

    if _MENTION.search(question):
        keyword = _keyword(question, index, programmes)
        if keyword:
            return Interpretation("measures-with-keyword", {"keyword": keyword}, f"measures that contain {keyword}")

    unknown = [w for w in _UNIT_WORD.findall(normalise(question)) if not re.fullmatch(r"(哪个|哪些|什么|谁)?(部门|单位)", w)]
    unknown += [w.strip() for w in _EN_UNIT_WORD.findall(question)]
    if unknown:
        name = re.sub(r"^(哪个|哪些|什么|请问)", "", unknown[0])
        raise QuestionError(
            f"no department called '{one_line(name)}' in the store; closest known: {', '.join(index.closest(name))}",
            suggestions(),
        )
    raise QuestionError(f"cannot understand the question: {one_line(question)}", suggestions())


def _one(text: str, units: set[_Unit]) -> _Unit:
    if len(units) > 1:
        raise QuestionError(f"'{one_line(text)}' may mean more than one department: {_choices(units)}; name one of them")
    return next(iter(units))


def _keyword(question: str, index: DepartmentIndex, programmes: ProgrammeIndex | None) -> str | None:
    """The words a question asks about once its question words are gone: 经费保障 in
    哪些任务涉及经费保障？. Segmented with jieba, whose dictionary holds the store's names."""
    from kg.segment import tokenizer

    names = [name for name in index.names if not name.isascii()]
    if programmes:
        names += list(programmes.labels)
    tokens = tokenizer(names + sorted(_QUESTION_WORDS)).lcut(normalise(question))
    runs, current = [], []
    for token in tokens:
        word = token.strip().lower()
        if not word or word in _QUESTION_WORDS or word in index.names or not re.search(r"[\w\u4e00-\u9fff]", word):
            if current:
                runs.append("".join(current))
                current = []
            continue
        current.append(token.strip())
    if current:
        runs.append("".join(current))
    runs = [run for run in runs if len(run) >= 2 or re.search(r"[\u4e00-\u9fff]", run)]
    return max(runs, key=len) if runs else None


def ask(store, question: str, registry: Registry | None = None, document: str | None = None) -> Answer:
    """Answer a question from the store (or a remote endpoint); ``document`` (a plan's id
    or IRI) limits the question to that plan."""
    if not question.strip():
        raise QuestionError("the question is empty", suggestions())
    index = DepartmentIndex(store, registry or Registry.load(), document)
    interpretation = interpret(question, index, ProgrammeIndex(store))
    query = query_library.load(interpretation.form)
    sparql = query.bind(interpretation.parameters, document=document)
    _, rows = query_library.run(store, sparql)
    return Answer(question, interpretation, sparql, [_row(interpretation.form, row) for row in rows])


def _row(form: str, row: dict[str, object]) -> dict[str, object]:
    """The answer's row contract for ``form``: rows about measures carry ``measure`` (an
    integer) and ``title``; rows about departments carry ``department``."""
    shaped = {}
    for key, variable in ROWS[form].items():
        value = row.get(variable)
        if value is None and key in ("position", "source", "value_max", "scope", "due_year"):
            continue
        if key == "source" and form in ("measures-led-by", "measures-involving"):
            value = str(value) if len(str(value)) <= 60 else str(value)[:59] + "…"
        shaped[key] = value
    return shaped
