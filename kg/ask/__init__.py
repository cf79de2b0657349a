"""Plain questions, in Chinese or English, answered from the store.

``ask`` never writes SPARQL from a question's text. It parses the question — links every
entity it names against the store and the registry (``link``), reads what it asks and
the filters that follow (``parse``) — chooses the form that answers (``forms``, each
declared once) and builds that form's query from pieces with every value bound
(``compose``). Questions about a value (多少, 标准, 几年, how much) are answered from the
plan's clauses, ranked by BM25 (``retrieve``).

An answer states how the question was read and how sure that reading is; a question that
names nothing the store knows gets suggestions made from the store itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import query as query_library
from kg.ask.compose import iri, values_block
from kg.ask.forms import BY_NAME, FORMS, Form, ranking_key, target_topic
from kg.ask.index import StoreIndex
from kg.ask.link import Body, DepartmentIndex, PlanIndex, ProgrammeIndex
from kg.ask.parse import Parse, keyword, parse, place_levels
from kg.errors import QuestionError
from kg.lexicon import ENGLISH_UNIT_WORDS, EXAMPLE_ENDINGS, LEVEL_CHARS, QUESTION_ENDINGS, LazyPattern, alternation
from kg.read import normalise
from kg.registry import Registry
from kg.text import one_line
from kg.vocab import PKD_NS

__all__ = ["ask", "Answer", "Interpretation", "FORMS", "DepartmentIndex", "suggestions"]

# Read only when a question names no unit the store has, or for suggestions: compiled then.
_UNIT_WORD = LazyPattern(rf"[\u4e00-\u9fff]{{1,10}}?(?:{alternation(QUESTION_ENDINGS)})(?![门们])")
_EN_UNIT_WORD = LazyPattern(
    rf"\b(?i:{alternation(ENGLISH_UNIT_WORDS)}) of(?: [A-Z][\w-]*)+"
    rf"|(?:[A-Z][\w-]* )+(?:{alternation(tuple(word.capitalize() for word in ENGLISH_UNIT_WORDS))})\b"
)
# A unit's name that makes a good example question (区财政局牵头哪些任务？).
_CLEAN_NAME = LazyPattern(r"[\u4e00-\u9fff（）]{2,20}")
_EXAMPLE_UNIT = LazyPattern(rf"(?:{alternation(EXAMPLE_ENDINGS)})$")


@dataclass
class Interpretation:
    form: str
    parameters: dict[str, object]
    description: str  # one line, whatever names it quotes
    confidence: float = 0.9
    entities: list[dict[str, object]] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.description = one_line(self.description)

    def as_json(self) -> dict[str, object]:
        return {
            "form": self.form,
            "description": self.description,
            "parameters": self.parameters,
            "confidence": self.confidence,
            "entities": self.entities,
            "cues": self.cues,
        }


@dataclass
class Answer:
    question: str
    interpretation: Interpretation
    sparql: str
    rows: list[dict[str, object]] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    count: int | None = None  # for "how many" questions: how many measures (or units) answer

    def as_json(self) -> dict[str, object]:
        answer = {
            "question": self.question,
            "interpretation": self.interpretation.as_json(),
            "sparql": self.sparql,
            "rows": self.rows,
        }
        if self.count is not None:
            answer["count"] = self.count
        return answer


def suggestions(index: DepartmentIndex | None = None, plans: PlanIndex | None = None) -> list[str]:
    """Example questions: of the store when one is given (its own department names and
    measure numbers), else the forms' own examples."""
    if index is None or plans is None or not plans.plans:
        return [f"{form.example_zh}  /  {form.example_en}" for form in FORMS]
    # A clean name of a department: no name the reading left with digits, spaces or marks in it.
    clean = [name for name in index.store_names if _CLEAN_NAME.fullmatch(name)]
    names = [name for name in clean if _EXAMPLE_UNIT.search(name)] or clean or ["财政局"]
    unit = names[0]
    last = max(_number(plan["last"]) for plan in plans.plans) or 1
    return [
        f"{unit}牵头哪些任务？  /  What does {unit} lead?",
        f"第{last}项任务由谁牵头？  /  Who leads measure {last}?",
        "哪些任务没有牵头单位？  /  Which measures have no lead?",
        "哪个部门牵头的任务最多？  /  Which department leads the most measures?",
        "哪些目标在2025年到期？  /  Which targets fall due in 2025?",
    ]


def ask(store, question: str, registry: Registry | None = None, document: str | None = None) -> Answer:
    """Answer a question from the store (or a remote endpoint); ``document`` (a plan's id
    or IRI) limits the question to that plan. Raises QuestionError, with suggestions, when
    the question names nothing the store knows."""
    if not question.strip():
        raise QuestionError("the question is empty", suggestions())
    names = StoreIndex(store, document)
    index = DepartmentIndex(store, registry or Registry.load(), document, names)
    programmes, plans = ProgrammeIndex(store, document, names), PlanIndex(store, document, names)
    parsed = parse(question, index, programmes, plans)
    parsed.keyword_of = lambda: keyword(parsed, _names(index, programmes))
    if parsed.plan and not document:
        document = parsed.plan[0]
    _check_places(question, index, plans, parsed)
    _check_measures(parsed, plans, [document] if document else [plan for plan, _ in parsed.scope])
    if not parsed.bodies:
        _check_unknown_departments(parsed, index, plans)
    form = next((form for form in FORMS if form.matches(parsed)), None)
    if form is None:
        return _unmatched(store, parsed, index, programmes, plans, document)
    if form.name != "compare":
        _check_single(parsed.bodies, index)
    if form.name == "value":
        answer = _value(store, parsed, index, programmes, document, fallback=False)
        if answer is not None:
            return answer
        return _unmatched(store, parsed, index, programmes, plans, document, tried_value=True)
    return _run(store, parsed, form, document)


def _names(index: DepartmentIndex, programmes: ProgrammeIndex) -> list[str]:
    return [name for name in index.names if not name.isascii()] + programmes.labels


def _run(store, parsed: Parse, form: Form, document: str | None, confidence: float | None = None) -> Answer:
    library = form.library(parsed) if form.library else None
    if library is not None:
        name, values = library
        sparql = query_library.load(name).bind(values, document=document)
    else:
        select_ = form.query(parsed)
        if document is None and parsed.scope and hasattr(select_, "bind"):
            # The plans of the place the question names (临江市第3项任务: its plans, not every plan's).
            select_.bind(document=[iri(plan) for plan, _ in parsed.scope])
        sparql = select_.text(document)
    _, rows = query_library.run(store, sparql)
    rows = [_row(row) for row in rows]
    levels = place_levels(parsed.question) if form.name == "compare" else ()
    if levels:  # 哪些城市的财政局: the cities' only, not a province's or a county's
        rows = [row for row in rows if row.get("jurisdiction") in _places_of_level(store, levels)]
    top = (
        form.name == "ranking" and parsed.has("rank") and not re.search(r"排名|排行|排序|\brank", parsed.question, re.I)
    )
    if top:
        rows = _top(
            rows, ranking_key(parsed), lowest=bool(re.search(r"最少|\bfewest\b|\bleast\b", parsed.question, re.I))
        )
    interpretation = _interpretation(parsed, form, confidence)
    if levels:
        interpretation.description += f", places of level {'/'.join(levels)} only"
    if top:  # 哪个部门牵头最多: each plan's first, not the whole ranking (排名 asks for that)
        interpretation.description += ", the first of each plan (ask for a ranking, 排名, to see every department)"
    count = _count(form, rows) if parsed.has("count") and form.name != "plan-sizes" else None  # a count a row there
    if count is not None:
        interpretation.description += f": {count}"
    if not rows and form.empty is not None:
        interpretation.description += f"; {form.empty(store, document)}"
    elif not rows and "keyword" in interpretation.parameters and str(interpretation.parameters["keyword"]).isascii():
        # The plans are written in Chinese: an English topic (targets about farmland) finds
        # only what they write in Latin letters (5G, PM2.5).
        interpretation.description += (
            f"; no text contains '{interpretation.parameters['keyword']}': "
            "the plans are in Chinese, so name the topic in Chinese, as they write it"
        )
    return Answer(parsed.question, interpretation, sparql, rows, form.columns, count)


def _places_of_level(store, levels: tuple[str, ...]) -> set[str]:
    """The names of the store's places of ``levels`` (pk:level: 市, 县 …)."""
    sparql = (
        "PREFIX pk: <https://w3id.org/policykg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?place pk:level ?level ; skos:prefLabel ?name } "
        f"{values_block('level', list(levels))} }}"
    )
    return {str(row["name"]) for row in query_library.run(store, sparql)[1]}


def _top(rows: list[dict], key: str, lowest: bool) -> list[dict]:
    """The rows with the highest (or lowest) ``key`` in each plan."""
    best: dict[object, object] = {}
    for row in rows:
        value, plan = row[key], row.get("plan")
        if plan not in best or (value < best[plan] if lowest else value > best[plan]):
            best[plan] = value
    return [row for row in rows if row[key] == best[row.get("plan")]]


def _count(form: Form, rows: list[dict]) -> int:
    if form.name in ("measures", "targets", "unassigned", "shared", "instrument-measures"):
        return len({(row.get("plan"), row.get("measure")) for row in rows})
    if form.name == "units":
        return len({(row.get("plan"), row.get("department")) for row in rows})
    return len(rows)


_RENAMED = {
    "documentTitle": "document",
    "document": "plan",
    "oldDocument": "old_plan",
    "label": "term",
    "citedTitle": "cited",
}


def _row(row: dict[str, object]) -> dict[str, object]:
    """A result row with the answer's keys: the plan's title as ``document``, its id as
    ``plan`` (and the id of the version it revises as ``old_plan``), snake_case everywhere."""
    shaped = {}
    for variable, value in row.items():
        key = _RENAMED.get(variable) or re.sub(r"(?<=[a-z])([A-Z])", lambda m: "_" + m.group(1).lower(), variable)
        if key in ("plan", "old_plan") and isinstance(value, str):
            value = value.rstrip("/").rsplit("/", 1)[-1]
        shaped[key] = value
    return shaped


def _entities(parsed: Parse) -> list[dict[str, object]]:
    """What the question names, each with the words of the question it came from."""
    found: list[dict[str, object]] = []
    for body in parsed.bodies:
        for mention in body.mentions:
            found.append(
                {
                    "kind": "unit",
                    "written": mention.written,
                    "span": list(mention.span),
                    "matched": mention.matched,
                    "value": body.iris,
                    "name": body.name,
                }
            )
    for ref in parsed.measures:
        found.append(
            {
                "kind": "measure",
                "written": ref.mention.written,
                "span": list(ref.mention.span),
                "matched": ref.mention.matched,
                "value": ref.number,
            }
        )
    for number, mention in parsed.titled:
        found.append(
            {
                "kind": "measure",
                "written": mention.written,
                "span": list(mention.span),
                "matched": mention.matched,
                "value": number,
            }
        )
    for year in parsed.years:
        found.append(
            {
                "kind": "year",
                "written": year.mention.written,
                "span": list(year.mention.span),
                "matched": "by" if year.by else "in",
                "value": year.year,
            }
        )
    if parsed.concept is not None:
        mention = parsed.concept.mention
        found.append(
            {
                "kind": "term" if parsed.concept.glossary else "programme",
                "written": mention.written,
                "span": list(mention.span),
                "matched": parsed.concept.label,
                "value": parsed.concept.iri,
            }
        )
    if parsed.instrument is not None:
        instrument = parsed.instrument
        found.append(
            {
                "kind": "instrument",
                "written": instrument.written,
                "span": list(instrument.span),
                "matched": instrument.label,
                "value": instrument.code,
            }
        )
    for plan, mention in ([parsed.plan] if parsed.plan is not None else []) + parsed.scope:
        found.append(
            {
                "kind": "document",
                "written": mention.written,
                "span": list(mention.span),
                "matched": mention.matched,
                "value": plan,
            }
        )
    if parsed.keyword_computed and parsed.keyword:
        found.append(
            {
                "kind": "keyword",
                "written": parsed.keyword,
                "span": list(parsed.keyword_span or ()),
                "matched": parsed.keyword,
                "value": parsed.keyword,
            }
        )
    return sorted(found, key=lambda entity: entity["span"] or [0])


def _confidence(parsed: Parse, form: Form) -> float:
    """How sure the reading is: 0.9 when the question's own words say what it asks, 0.7
    when the form was chosen for what the question names alone (a department and no verb)."""
    said = {
        "measures": ("lead", "any-role", "participant", "mention", "count", "measures"),
        "units": ("who", "lead", "any-role", "participant"),
        "targets": ("targets",),
    }.get(form.name)
    return 0.9 if said is None or parsed.has(*said) else 0.7


def _interpretation(parsed: Parse, form: Form, confidence: float | None = None) -> Interpretation:
    parameters: dict[str, object] = {}
    if parsed.bodies:
        parameters["unit"] = parsed.bodies[0].iris[0] if len(parsed.bodies[0].iris) == 1 else parsed.bodies[0].iris
    if len(parsed.bodies) > 1:
        parameters["other"] = parsed.bodies[1].iris[0] if len(parsed.bodies[1].iris) == 1 else parsed.bodies[1].iris
    numbers = sorted(set(parsed.numbers + [number for number, _ in parsed.titled]))
    if numbers:
        parameters["measure"] = numbers[0] if len(numbers) == 1 else numbers
    if parsed.year is not None:
        parameters["due_by" if parsed.year.by else "due_in"] = parsed.year.year
    if parsed.concept is not None:
        parameters["concept"] = parsed.concept.iri
    if parsed.instrument is not None and form.name == "instrument-measures":
        parameters["instrument"] = parsed.instrument.code
    if form.name in ("measures", "units", "targets", "instruments", "instrument-measures") and (
        parsed.bodies or form.name == "units"
    ):
        parameters["role"] = parsed.role
    if form.name == "definition":
        parameters["term"] = form.library(parsed)[1]["term"]
    if parsed.keyword_computed and parsed.keyword and form.name in ("measures", "units", "targets", "compare"):
        uses = (
            (target_topic(parsed) is not None if form.name == "targets" else None)
            or (parsed.has("topic") if parsed.bodies else parsed.has("mention"))
            or (form.name == "units" and not numbers)
            or form.name == "compare"
        )
        if uses and parsed.concept is None:
            parameters["keyword"] = parsed.keyword
    if form.name == "ranking":
        parameters["by"] = ranking_key(parsed)
    return Interpretation(
        form.name,
        parameters,
        form.describe(parsed),
        confidence or _confidence(parsed, form),
        _entities(parsed),
        sorted(parsed.cues),
    )


def _check_places(question: str, index: DepartmentIndex, plans: PlanIndex, parsed: Parse) -> None:
    """A department named with a place the store has none of in that place is said so, with
    what the place has and where the department is: never another place's answered instead
    (青禾县市场监管局 when only 南溪县 and 湘潭县 have a 县市场监管局)."""
    for missing in index.misplaced(question):
        if parsed.in_plan_title(missing.mention.span):
            continue  # a name inside the plan's title the question writes is the title's
        places = "、".join(missing.places)
        written = one_line(missing.mention.written)
        there = index.units_in(list(missing.places))
        close = index.closest_of(written, there)
        # Of the same level where the question says one (县市场监管局: the counties that have one).
        same_level = [unit for unit in missing.elsewhere if unit.name[:1] == written[:1]]
        elsewhere = sorted({one_line(unit.jurisdiction) for unit in same_level or missing.elsewhere})
        more = f" and {len(elsewhere) - 8} more" if len(elsewhere) > 8 else ""
        raise QuestionError(
            f"the store has no department '{written}' in {places}"
            + (f"; {places} has {', '.join(close)}" if close else "")
            + (f"; there is one in {', '.join(elsewhere[:8])}{more}" if elsewhere else ""),
            suggestions(index, plans),
        )


def _check_single(bodies: list[Body], index: DepartmentIndex) -> None:
    for body in bodies[:2]:
        written = one_line(body.mentions[0].written)
        level = written[:1]
        if (
            body.units
            and level in LEVEL_CHARS
            and written[1:] in index.names  # a level before a department's name (市场监管局 opens with none)
            and not any(u.name.startswith(level) for u in body.units)
        ):
            # 市乡村振兴局 where only counties' and prefectures' plans name one: none at that level,
            # not another level's answered instead.
            raise QuestionError(
                f"no department '{written}' in the store: no plan of that level names one; "
                f"there are {body.choices()}; name one of them with its place"
            )
        if len(body.units) > 1:
            raise QuestionError(
                f"'{one_line(body.mentions[0].written)}' may mean more than one department: "
                f"{body.choices()}; name one of them with its place, or ask one plan with --document"
            )


def _number(value: object) -> int:
    """A count or measure number from the store; 0 for a value another tool typed badly."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_measures(parsed: Parse, plans: PlanIndex, scope: list[str]) -> None:
    """A measure number no plan has (of the ``scope`` the question names: 某市方案第20项) is
    said with how many measures the plans have; "the last measure" becomes the plan's last
    number."""
    if not parsed.measures:
        return
    if not scope and all(ref.number is not None and plans.numbers(ref.number) for ref in parsed.measures):
        return  # some plan has each measure: found without reading every plan
    rows = plans.of(scope) if scope else plans.plans
    counts = [(str(plan["title"]), _number(plan["measures"]), _number(plan["last"])) for plan in rows]
    last = max((count[2] for count in counts), default=0)
    parsed.measures = [ref if ref.number is not None else type(ref)(last, ref.mention) for ref in parsed.measures]
    for ref in parsed.measures:
        if any(1 <= ref.number <= count[2] for count in counts):
            continue
        if len(counts) == 1:
            title, measures, highest = counts[0]
            raise QuestionError(
                f"there is no measure {ref.number}: the plan has {measures} measures "
                f"(numbered 1–{highest}); ask about one of them"
            )
        known = "; ".join(f"{title} has {measures} measures" for title, measures, _ in counts)
        raise QuestionError(f"no plan in the store has a measure {ref.number}: {known}")


def _check_unknown_departments(parsed: Parse, index: DepartmentIndex, plans: PlanIndex, anywhere: bool = False) -> None:
    """A question about a department the store does not have is said so, with the closest
    names it has: a kind the registry knows but the store lacks (国土资源局, with the body
    that took over its work), or a name that looks like a department's and is the
    question's subject (市魔法局牵头哪些任务; ``anywhere``: wherever it stands)."""
    missing = index.absent(parsed.question)
    if missing is not None and not parsed.in_plan_title(missing[0].span):
        _, kind = missing
        successors = [
            index.registry.kinds[PKD_NS + slug].full_name
            for slug in kind.successors
            if PKD_NS + slug in index.registry.kinds
        ]
        history = (
            f" ({kind.zh} was abolished in {kind.abolished_in}; its work passed to {'、'.join(successors)})"
            if successors and kind.abolished_in
            else ""
        )
        raise QuestionError(
            f"no department of the kind '{kind.zh}' in the store{history}; closest known: "
            f"{', '.join(index.closest(kind.zh))}",
            suggestions(index, plans),
        )
    text = normalise(parsed.question)
    unknown = [
        m
        for m in _UNIT_WORD.finditer(text)
        if not re.search(r"哪|什么|谁|是|最|的", m.group())
        and (anywhere or not text[: m.start()].strip(" 请问"))
        and not parsed.in_plan_title(m.span())
    ]
    names = [m.group().strip() for m in unknown] + [m.group().strip() for m in _EN_UNIT_WORD.finditer(parsed.question)]
    if names and (anywhere or parsed.has("lead", "any-role", "participant")):
        name = re.sub(r"^(哪个|哪些|什么|请问)", "", names[0])
        raise QuestionError(
            f"no department called '{one_line(name)}' in the store; closest known: {', '.join(index.closest(name))}",
            suggestions(index, plans),
        )


def _value(
    store, parsed: Parse, index: DepartmentIndex, programmes: ProgrammeIndex, document: str | None, fallback: bool
) -> Answer | None:
    """The clauses that answer a value question, best first, with the figure each states."""
    from kg.ask.retrieve import retrieve

    passages = retrieve(store, parsed.question, document=document, words=_names(index, programmes))
    if fallback or (parsed.keyword and _chinese_sentence(parsed.question)):
        # A clause that says nothing of what is asked answers no value: 赣州市的GDP是多少 is
        # not answered by a clause on PM2.5 that ranks first for 是多少. (An English question's
        # words are not the plans', so its clauses are kept as ranked.)
        passages = [p for p in passages if _shares_words(parsed.keyword or "", p.clause)]
    if not passages:
        return None
    rows = [
        {
            "measure": p.measure,
            "title": p.title,
            "clause": p.clause,
            "value": p.figure.value if p.figure else None,
            "value_max": p.figure.value_max if p.figure else None,
            "comparator": p.figure.comparator if p.figure else None,
            "unit": p.figure.unit if p.figure else None,
            "basis": p.figure.basis if p.figure else None,
            "due_year": p.figure.due_year if p.figure else None,
            "score": round(p.score, 3),
            "start": p.start,
            "end": p.end,
            "document": p.document_title,
            "plan": p.document.rstrip("/").rsplit("/", 1)[-1],
        }
        for p in passages
    ]
    form = BY_NAME["value"]
    confidence = 0.5 if fallback else (0.8 if passages[0].figure else 0.6)
    interpretation = _interpretation(parsed, form, confidence)
    if fallback:
        interpretation.description = "clauses that match the question's words (read as a search)"
    sparql = "# ranked by BM25 over the plans' clauses (SQLite FTS5); no single SPARQL query"
    return Answer(parsed.question, interpretation, sparql, rows, form.columns)


def _chinese_sentence(question: str) -> bool:
    """A question asked in Chinese (acronyms aside: 赣州市的GDP是多少), whose words are the plans'."""
    return bool(re.search(r"[\u4e00-\u9fff]", question)) and not re.search(r"[a-z]{2,}", question)


def _shares_words(keyword: str, clause: str) -> bool:
    """Whether a clause holds a word of the keyword: a Chinese pair of characters or a
    whole Latin word of three letters or more. A search that asks nothing else is
    answered only by clauses that say what it names, not by a chance single character."""
    text = normalise(clause).lower()
    pairs = {run[i : i + 2] for run in re.findall(r"[\u4e00-\u9fff]{2,}", keyword) for i in range(len(run) - 1)}
    words = {word.lower() for word in re.findall(r"[A-Za-z]{3,}", keyword)}
    return any(pair in text for pair in pairs) or any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _unmatched(
    store,
    parsed: Parse,
    index: DepartmentIndex,
    programmes: ProgrammeIndex,
    plans: PlanIndex,
    document: str | None,
    tried_value: bool = False,
) -> Answer:
    """No form holds: a department kind the store lacks or an unknown department is said
    so; a question with words the plans use is answered as a search of their clauses;
    anything else is not understood, with suggestions made from the store."""
    _check_unknown_departments(parsed, index, plans, anywhere=True)
    if tried_value and parsed.keyword:
        source = parsed.plan[1].matched if parsed.plan else "the plans"
        raise QuestionError(
            f"no clause of {source} states '{parsed.keyword}': the store does not hold it",
            suggestions(index, plans),
        )
    if not tried_value and parsed.keyword:
        answer = _value(store, parsed, index, programmes, document, fallback=True)
        if answer is not None:
            return answer
    raise QuestionError(f"cannot understand the question: {one_line(parsed.question)}", suggestions(index, plans))
