"""Plain questions, in Chinese or English, turned into a library query and its parameters.

``ask`` never writes SPARQL: it recognises a question form, the department or measure the
question names, and binds them into a query from ``queries/``. Departments are recognised
by every name the store and the registry know them by (市财政局, 财政局, 益阳市财政局,
Finance Bureau, the Municipal Bureau of Finance …); the longest name found wins.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kg import query as query_library
from kg.errors import QuestionError
from kg.numerals import NUMERAL_CHARS, chinese_to_int
from kg.read import normalise
from kg.registry import LEVEL_CHARS, Registry

FORMS = (
    ("measures-led-by", "市财政局牵头哪些任务？", "What does the Finance Bureau lead?"),
    ("measures-involving", "市财政局参与了哪些任务？", "Which measures does the Finance Bureau take part in?"),
    ("measure-leads", "第19项任务由谁牵头？", "Who leads measure 19?"),
    ("measure-units", "第19项任务有哪些单位参与？", "Who takes part in measure 19?"),
)

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
    description: str


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


class DepartmentIndex:
    """Every name a department in the store goes by → the units it may mean."""

    def __init__(self, store, registry: Registry):
        self.names: dict[str, set[_Unit]] = {}
        _, rows = query_library.run(store, query_library.load("units").text)
        names: dict[str, set[str]] = {}
        for row in rows:
            names.setdefault(str(row["unit"]), set()).add(str(row["name"]))
        for row in rows:
            if str(row["name"]) != row["preferredName"]:
                continue
            unit = _Unit(str(row["unit"]), str(row["preferredName"]), str(row["jurisdictionName"]))
            forms = set(names[unit.iri])
            kind = registry.kinds.get(str(row["kind"] or ""))
            if kind:
                place = unit.jurisdiction
                bare_place = place[:-1] if len(place) > 2 and place[-1] in LEVEL_CHARS else place
                for zh in kind.zh_names:
                    forms.update({zh, place + zh, bare_place + zh})
                    if place and place[-1] in LEVEL_CHARS:
                        forms.add(place[-1] + zh)
                forms.update(kind.en_names)
                forms.update(kind.notations)
            for form in forms:
                self.names.setdefault(_fold(form), set()).add(unit)

    def find(self, question: str) -> tuple[str, set[_Unit]] | None:
        """The longest department name in the question, and the units it may mean."""
        folded = _fold(question)
        best: tuple[str, set[_Unit]] | None = None
        for form, units in self.names.items():
            if len(form) < 2 or (best and len(form) <= len(best[0])):
                continue
            if form.isascii():
                if not re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", folded):
                    continue
            elif form not in folded:
                continue
            best = (form, units)
        return best

    def closest(self, name: str) -> list[str]:
        known = sorted({unit.name for units in self.names.values() for unit in units})
        return difflib.get_close_matches(name, known, n=3, cutoff=0.3) or known[:3]


def _fold(text: str) -> str:
    text = normalise(text).lower()
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


def interpret(question: str, index: DepartmentIndex) -> Interpretation:
    """Choose a question form and its parameters; raise QuestionError when there is none."""
    found = index.find(question)
    if found:
        form_text, units = found
        if len(units) > 1:
            choices = "; ".join(sorted(f"{u.name}（{u.jurisdiction}）" for u in units))
            raise QuestionError(f"'{form_text}' may mean more than one department: {choices}; name one of them")
        unit = next(iter(units))
        leads_only = bool(_LEAD.search(question)) and not _TAKE_PART.search(question)
        if leads_only:
            return Interpretation("measures-led-by", {"unit": unit.iri}, f"measures led by {unit.name}")
        return Interpretation("measures-involving", {"unit": unit.iri}, f"measures {unit.name} takes part in (any role)")

    number = _measure_number(question)
    if number is not None:
        if _LEAD.search(question) and not re.search(r"参与|参加|配合|participa", question, re.IGNORECASE):
            return Interpretation("measure-leads", {"number": number}, f"lead unit of measure {number}")
        return Interpretation("measure-units", {"number": number}, f"units of measure {number}, lead first")

    unknown = [w for w in _UNIT_WORD.findall(normalise(question)) if not re.fullmatch(r"(哪个|哪些|什么|谁)?(部门|单位)", w)]
    unknown += [w.strip() for w in _EN_UNIT_WORD.findall(question)]
    if unknown:
        name = re.sub(r"^(哪个|哪些|什么|请问)", "", unknown[0])
        raise QuestionError(
            f"no department called '{name}' in the store; closest known: {', '.join(index.closest(name))}",
            suggestions(),
        )
    raise QuestionError(f"cannot understand the question: {question}", suggestions())


def ask(store, question: str, registry: Registry | None = None) -> Answer:
    """Answer a question from the store."""
    if not question.strip():
        raise QuestionError("the question is empty", suggestions())
    index = DepartmentIndex(store, registry or Registry.load())
    interpretation = interpret(question, index)
    query = query_library.load(interpretation.form)
    sparql = query.bind(interpretation.parameters)
    _, rows = query_library.run(store, sparql)
    return Answer(question, interpretation, sparql, [_row(row) for row in rows])


def _row(row: dict[str, object]) -> dict[str, object]:
    """The answer's row contract: measure (int), title, role, department, document, source."""
    shaped = {
        "measure": row.get("measure"),
        "title": row.get("title"),
        "role": row.get("role"),
        "department": row.get("department"),
    }
    if row.get("position") is not None:
        shaped["position"] = row["position"]
    shaped["document"] = row.get("documentTitle")
    if row.get("text"):
        text = str(row["text"])
        shaped["source"] = text if len(text) <= 60 else text[:59] + "…"
    return shaped
