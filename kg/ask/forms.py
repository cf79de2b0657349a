"""The forms a question can take, each declared once: when it applies (a matcher over the
parse), how its query is built from the parse (composable pieces; every filter the parse
carries that the form accepts is applied), the columns of its table, and how it is said.

``FORMS`` is read top to bottom and the first form whose matcher holds answers; a matcher
looks only at the parse, so a new combination of constraints ("targets due in Y for unit
U") is a filter the form already accepts, not a new form.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.ask import instruments
from kg.ask.compose import PREFIXES, REGISTRY, Select, bound, iri
from kg.ask.parse import Parse

# --- pieces ---------------------------------------------------------------------------------

_MEASURE = ("?document pk:measure ?m ; eli:title ?documentTitle .", "?m pk:number ?measure ; eli:title ?title .")
# The measure as the plan prints it: its span <plan#char=start,end> cut from the plan's text,
# in the projection so that only the rows returned pay for the cut; filters read pk:body.
_MEASURE_TEXT = (
    "?m pk:body ?body ; pk:text ?span . ?document pk:sourceText ?planText .",
    'BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?span), "#char="), ",")) AS ?start)',
    'BIND(xsd:integer(STRAFTER(STRAFTER(STR(?span), "#char="), ",")) AS ?end)',
)
_SOURCE = "(SUBSTR(?planText, ?start + 1, ?end - ?start) AS ?source)"
_ASSIGNMENT = (
    "?m prov:qualifiedAssociation ?assignment .",
    "?assignment prov:agent ?unit ; prov:hadRole ?roleConcept ; pk:position ?position .",
    '?unit skos:prefLabel ?department . FILTER(lang(?department) = "zh")',
)
_ROLE = f"{REGISTRY} {{ ?roleConcept skos:notation ?role }}"


def measures_of(select: Select, parsed: Parse) -> Select:
    """Measures: the numbers and titles the question names, the plan's keyword in title
    or text, a programme or term they mention."""
    numbers = parsed.numbers + [number for number, _ in parsed.titled]
    if numbers:
        select.bind(measure=sorted(set(numbers)))
    if parsed.titled_iris and not parsed.measures:
        # A measure named by its title (“落实建设资金”由谁牵头): that plan's, not its number in every plan.
        select.bind(m=[iri(measure) for measure in parsed.titled_iris])
    if parsed.concept is not None:
        # The concept, or what the plan matches to it: the rows of "mentions ?mentioned, with
        # each of its matches (or none), where either is the concept", read from the concept
        # (a filter over every mention read every plan's).
        select.add(
            "{ ?m pk:mentions ?concept . OPTIONAL { ?concept skos:exactMatch ?matched } } UNION "
            "{ ?mentioned skos:exactMatch ?concept . ?m pk:mentions ?mentioned . FILTER(?mentioned != ?concept) }"
        )
        select.add(
            'OPTIONAL { GRAPH ?labels { ?concept skos:prefLabel ?programme FILTER(lang(?programme) = "zh") } }',
            outside=True,
        )
        select.bind(concept=iri(parsed.concept.iri)).returns("?programme")
    return select


def assigned_to(select: Select, parsed: Parse) -> Select:
    """The units of the measures, narrowed to the bodies the question names and its role
    (of a measure, 由谁牵头 asks for the lead; 负责, in charge of, takes part: every unit)."""
    select.add(*_ASSIGNMENT).add(_ROLE, outside=True).returns("?role", "?department", "?position")
    if parsed.bodies:
        select.bind(unit=[iri(i) for body in parsed.bodies[:1] for i in body.iris])
    if parsed.role != "any":
        select.bind(role=parsed.role)
    return select


def keyword_in(select: Select, keyword: str | None, *variables: str) -> Select:
    if keyword:
        select.add(f"FILTER({' || '.join(f'CONTAINS(STR({v}), ?keyword)' for v in variables)})", outside=True)
        select.bind(keyword=keyword)
    return select


def due(select: Select, parsed: Parse) -> Select:
    year = parsed.year
    if year is not None and year.month == 12 and year.by:
        # By the year's end (2024年12月底前): every target of that year, dated to the day or not.
        select.add("?t pk:dueYear ?due_year .", "OPTIONAL { ?t pk:deadline/time:inXSDDate ?due_date }")
        select.add("FILTER(?due_year <= ?year)", outside=True)
        select.bind(year=year.year)
    elif year is not None and year.month is not None:
        # By or in a month: a target dated to the day (2024-06-30); one dated only by its
        # year falls due by the month when its year is earlier.
        last = calendar.monthrange(year.year, year.month)[1]
        select.add("?t pk:dueYear ?due_year .", "OPTIONAL { ?t pk:deadline/time:inXSDDate ?due_date }")
        if year.by:
            select.add("FILTER(?due_year < ?year || BOUND(?due_date) && ?due_date <= ?last)", outside=True)
        else:
            select.add("FILTER(BOUND(?due_date) && ?due_date >= ?first && ?due_date <= ?last)", outside=True)
            select.bind(first=datetime.date(year.year, year.month, 1))
        select.bind(year=year.year, last=datetime.date(year.year, year.month, last))
    elif year is not None:
        select.add("?t pk:dueYear ?due_year .")
        select.add("FILTER(?due_year <= ?year)" if year.by else "FILTER(?due_year = ?year)", outside=True)
        select.bind(year=year.year)
    else:
        select.add("OPTIONAL { ?t pk:dueYear ?due_year }")
    return select


# --- the queries of the forms --------------------------------------------------------------


def measures_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "?measure", "?title"], distinct=True)
    select.add(*_MEASURE, *_MEASURE_TEXT).returns(_SOURCE)
    measures_of(select, parsed)
    if parsed.bodies:
        assigned_to(select, parsed)
    if parsed.concept is None and parsed.has("topic" if parsed.bodies else "mention") and parsed.keyword:
        keyword_in(select, parsed.keyword, "?title", "?body")
    select.order = ["?documentTitle", "?document", "?measure", "?position"]
    return select


def units_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "?measure", "?title"])
    select.add(*_MEASURE)
    measures_of(select, parsed)
    if not parsed.numbers and not parsed.titled:
        keyword_in(select, parsed.keyword, "?title")
    assigned_to(select, parsed)
    select.add('BIND(IF(?role = "lead", 0, 1) AS ?leadFirst)', outside=True)
    select.order = ["?documentTitle", "?document", "?measure", "?leadFirst", "?position"]
    return select


def measure_text_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "?measure", "?title", _SOURCE])
    select.add(*_MEASURE, *_MEASURE_TEXT)
    measures_of(select, parsed)
    select.order = ["?documentTitle", "?document", "?measure"]
    return select


def targets_query(parsed: Parse) -> Select:
    select = Select(
        [
            "?document",
            "?documentTitle",
            "?measure",
            "?title",
            "?text",
            "?metric",
            "?comparator",
            "?value",
            "?value_max",
            "?unit",
            "?due_year",
            "?scope",
            "?basis",
        ],
        distinct=True,
    )
    select.add(
        "?document a pk:Plan ; eli:title ?documentTitle .",
        # The plan's own goals (目标任务) belong to no measure: only when no measure or unit narrows.
        "?document pk:measure ?m . ?m pk:target ?t ; pk:number ?measure ; eli:title ?title ."
        if _names_measure(parsed) or parsed.bodies
        else "{ ?document pk:target ?t } UNION { ?document pk:measure ?m . ?m pk:target ?t ; pk:number ?measure ; "
        "eli:title ?title }",
        "?t pk:comparator ?comparatorConcept ; schema:value ?value ; schema:unitText ?unit ; pk:metric ?metric ;"
        " pk:text ?targetText ; pk:quote ?text .",
        # The span is <plan#char=start,end>: the targets are listed in the order the plan states them.
        'BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?targetText), "#char="), ",")) AS ?start)',
        "OPTIONAL { ?t schema:maxValue ?value_max }",
        "OPTIONAL { ?t pk:scope ?scope }",
        "OPTIONAL { ?t pk:basis ?basis }",
    )
    select.add(f"{REGISTRY} {{ ?comparatorConcept skos:notation ?comparator }}", outside=True)
    due(select, parsed)
    measures_of(select, parsed)
    if parsed.bodies:
        select.add(
            "?m prov:qualifiedAssociation ?assignment . ?assignment prov:agent ?owner ; prov:hadRole ?roleConcept ."
        )
        select.bind(owner=[iri(i) for i in parsed.bodies[0].iris])
        if parsed.role != "any":
            select.add(_ROLE, outside=True).bind(role=parsed.role)
    keyword_in(select, target_topic(parsed), "?metric", "?text")
    by_year = parsed.year is not None and parsed.year.by
    select.order = (["?due_year"] if by_year else []) + ["?documentTitle", "?document", "?start"]
    return select


def target_topic(parsed: Parse) -> str | None:
    """What the targets asked about are about: said as a topic (关于, 方面), or with 涉及 / 有关
    when no unit is named (哪些目标涉及充电桩; with a unit, 涉及 asks for its role)."""
    if parsed.has("topic") or (parsed.has("mention") and not parsed.bodies):
        return parsed.keyword
    return None


def unassigned_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "?measure", "?title", "?status", "?vague"])
    select.add(
        # First: Oxigraph then starts from the measures with another status, not from every measure.
        "?m pk:responsibilityStatus ?statusConcept . FILTER(?statusConcept != pk:Assigned)",
        *_MEASURE,
        "OPTIONAL { ?m pk:vagueResponsibility ?vague }",
    )
    select.add(f"{REGISTRY} {{ ?statusConcept skos:notation ?status }}", outside=True)
    if parsed.has("no-unit"):
        select.bind(status="unassigned")
    select.order = ["?documentTitle", "?document", "?measure"]
    return select


def plan_sizes_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "(COUNT(DISTINCT ?m) AS ?measures)"])
    select.add("?document a pk:Plan ; eli:title ?documentTitle . OPTIONAL { ?document pk:measure ?m }")
    select.group = ["?document", "?documentTitle"]
    select.order = ["?documentTitle", "?document"]
    return select


def shared_query(parsed: Parse) -> Select:
    select = Select(
        [
            "?document",
            "?documentTitle",
            "?measure",
            "?title",
            "?department",
            "?role",
            "?other_department",
            "?other_role",
        ]
    )
    select.add(
        *_MEASURE,
        "?m prov:qualifiedAssociation [ prov:agent ?unit ; prov:hadRole ?roleConcept ] ,"
        " [ prov:agent ?other ; prov:hadRole ?otherRoleConcept ] .",
        '?unit skos:prefLabel ?department . FILTER(lang(?department) = "zh")',
        '?other skos:prefLabel ?other_department . FILTER(lang(?other_department) = "zh")',
    )
    select.add(
        f"{REGISTRY} {{ ?roleConcept skos:notation ?role . ?otherRoleConcept skos:notation ?other_role }}", outside=True
    )
    first, second = parsed.bodies[0], parsed.bodies[1]
    select.bind(unit=[iri(i) for i in first.iris], other=[iri(i) for i in second.iris])
    select.order = ["?documentTitle", "?document", "?measure"]
    return select


def pairs_query(parsed: Parse) -> Select:
    select = Select(
        ["?document", "?documentTitle", "?department", "?other_department", "(COUNT(DISTINCT ?m) AS ?shared)"]
    )
    select.add(
        "?document pk:measure ?m ; eli:title ?documentTitle .",
        "?m prov:qualifiedAssociation ?a , ?b . ?a prov:agent ?unit . ?b prov:agent ?other .",
        '?unit skos:prefLabel ?department . FILTER(lang(?department) = "zh")',
        '?other skos:prefLabel ?other_department . FILTER(lang(?other_department) = "zh")',
    )
    if parsed.bodies:
        select.add("FILTER(?unit != ?other)").bind(unit=[iri(i) for i in parsed.bodies[0].iris])
    else:
        select.add("FILTER(STR(?unit) < STR(?other))")
    select.group = ["?document", "?documentTitle", "?unit", "?department", "?other", "?other_department"]
    # The plan last: with many plans the same pair ties in several, and an order that ties
    # is left to the store (kg.query.run), a second run of the query.
    select.order = ["DESC(?shared)", "?department", "?other_department", "?documentTitle", "?document"]
    return select


def ranking_query(parsed: Parse) -> Select:
    select = Select(
        [
            "?document",
            "?documentTitle",
            "?department",
            "(COUNT(DISTINCT ?led) AS ?leads)",
            "(COUNT(DISTINCT ?joined) AS ?joins)",
            "((COUNT(DISTINCT ?led) + COUNT(DISTINCT ?joined)) AS ?total)",
        ]
    )
    select.add(
        "?document pk:measure ?m ; eli:title ?documentTitle .",
        "{ ?m pk:leadUnit ?unit . BIND(?m AS ?led) } UNION { ?m pk:participatingUnit ?unit . BIND(?m AS ?joined) }",
        '?unit skos:prefLabel ?department . FILTER(lang(?department) = "zh")',
    )
    select.group = ["?document", "?documentTitle", "?unit", "?department"]
    key = ranking_key(parsed)
    order = {
        "leads": ["DESC(?leads)", "DESC(?total)"],
        "joins": ["DESC(?joins)", "DESC(?total)"],
        "total": ["DESC(?total)", "DESC(?leads)"],
    }[key]
    select.order = order + ["?department", "?documentTitle", "?document"]  # the plan last: as pairs_query
    return select


def ranking_key(parsed: Parse) -> str:
    """What a ranking counts: measures led (牵头, and 牵头和参与 — leads first), joined as
    a participant (配合), or all (参与, involved)."""
    if parsed.has("participant"):
        return "joins"
    if parsed.has("lead"):
        return "leads"
    return "total"


def citations_query(parsed: Parse) -> Select:
    select = Select(["?document", "?documentTitle", "?cited", "?number", "?measure"], distinct=True)
    select.add(
        "?document a pk:Plan ; eli:title ?documentTitle .",
        "{ ?document eli:cites ?citedDocument } UNION "
        "{ ?document pk:measure ?m . ?m eli:cites ?citedDocument ; pk:number ?measure }",
        "OPTIONAL { ?citedDocument pk:documentNumber ?number }",
        "OPTIONAL { ?citedDocument eli:title ?cited }",
    )
    if parsed.numbers:
        select.bind(measure=sorted(set(parsed.numbers)))
    select.order = ["?documentTitle", "?document", "?measure", "?number", "?cited"]
    return select


# --- versions: the change records between a plan and the version it revises ---------------


@dataclass(frozen=True)
class Written:
    """A query written whole (a library query's text, or one below) with values bound to its
    variables, as a Select's are: a form that narrows a library query by a variable the
    query computes (the direction of a target's change) declares no parameter for it."""

    sparql: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, document: str | None = None) -> str:
        from kg.query import document_in_subqueries

        sparql = bound(self.sparql, self.values, document)
        return document_in_subqueries(sparql, str(iri(str(document)))) if document else sparql


def _library_text(name: str) -> str:
    from kg.query import load

    return load(name).text


# Every change between two versions of a plan that concerns a measure or a target: the kind,
# the measure's number in each version and its title (the later version's, else the earlier's).
_CHANGES = (
    PREFIXES
    + """
SELECT ?document ?documentTitle ?newVersion ?oldDocument ?oldVersion ?kind ?oldMeasure ?newMeasure ?title ?before ?after
WHERE {
  GRAPH ?revision {
    ?change pk:changeKind ?kind ; pk:newPlan ?document ; pk:oldPlan ?oldDocument .
    OPTIONAL { ?change pk:before ?before }
    OPTIONAL { ?change pk:after ?after }
  }
  GRAPH ?document { ?document eli:title ?documentTitle }
  OPTIONAL { GRAPH ?document { ?document schema:creativeWorkStatus ?newVersion } }
  OPTIONAL { GRAPH ?oldDocument { ?oldDocument schema:creativeWorkStatus ?oldVersion } }
  OPTIONAL {
    GRAPH ?revision { ?change pk:oldMeasure ?om }
    GRAPH ?oldDocument { ?om pk:number ?oldMeasure ; eli:title ?oldTitle }
  }
  OPTIONAL {
    GRAPH ?revision { ?change pk:newMeasure ?nm }
    GRAPH ?document { ?nm pk:number ?newMeasure ; eli:title ?newTitle }
  }
  BIND(COALESCE(?newTitle, ?oldTitle) AS ?title)
  # The records are numbered in the order `policykg diff` lists them (…/revision#change-7):
  # the two versions side by side, in the later one's order.
  BIND(xsd:integer(STRAFTER(STR(?change), "#change-")) AS ?record)
}
ORDER BY ?documentTitle ?document ?record ?newMeasure ?oldMeasure ?kind"""
)
# Whether any plan (or the plan asked about) revises another: what an empty answer is said with.
_REVISIONS = PREFIXES + "SELECT ?document WHERE { GRAPH ?revision { ?document prov:wasRevisionOf ?old } } LIMIT 1"


def target_directions(parsed: Parse) -> list[str]:
    """How the targets asked about changed (the ?direction of version-target-changes):
    raised, lowered, added, removed; every change when the question says none of these."""
    return [direction for direction in ("raised", "lowered", "added", "removed") if parsed.has(direction)]


def measure_kinds(parsed: Parse) -> list[str]:
    """The kinds of change asked about: measures added or removed, participants changed;
    every kind when the question says none of these (征求意见稿和正式稿有哪些不同？)."""
    kinds = [kind for kind in ("added", "removed") if parsed.has(kind)]
    if not kinds and parsed.has("participant"):
        kinds = ["participants_changed"]
    return kinds


def version_targets_query(parsed: Parse) -> Written:
    directions = target_directions(parsed)
    return Written(_library_text("version-target-changes"), {"direction": directions} if directions else {})


def version_measures_query(parsed: Parse) -> Written:
    kinds = measure_kinds(parsed)
    return Written(_CHANGES, {"kind": kinds} if kinds else {})


def no_versions(source, document: str | None) -> str:
    """What an empty answer about versions says: that no plan of the store (or not the plan
    asked about) revises another, or that none changed as asked."""
    from kg.query import run

    if run(source, Written(_REVISIONS).text(document))[1]:
        return "no such change between the versions in the store"
    if document:
        return "this plan revises no other plan in the store, so there is nothing to compare"
    return (
        "no plan in the store revises another: build a draft (a 征求意见稿) and its final text together to compare them"
    )


def _about_versions(parsed: Parse) -> bool:
    """A question on what changed between versions, and nothing the version forms cannot
    narrow by: a unit, a measure by its number or title, a value."""
    return not (parsed.bodies or _names_measure(parsed) or parsed.has("value", "no-lead"))


def _versions_description(parsed: Parse) -> str:
    kinds = measure_kinds(parsed)
    said = {"added": "measures added", "removed": "measures removed", "participants_changed": "participants changed"}
    what = " and ".join(said[kind] for kind in kinds) if kinds else "changes to the measures and targets"
    return f"{what} between a plan and the version it revises"


def _version_targets_description(parsed: Parse) -> str:
    directions = target_directions(parsed)
    return f"targets {' or '.join(directions) if directions else 'changed'} between a plan and the version it revises"


# --- the forms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    name: str
    example_zh: str
    example_en: str
    matches: Callable[[Parse], bool]
    columns: tuple[str, ...]  # the table's columns (JSON rows carry every key)
    describe: Callable[[Parse], str]
    query: Callable[[Parse], Select] | None = None  # None: answered outside SPARQL (value) or by a library query
    library: Callable[[Parse], tuple[str, dict]] | None = None  # (query name, bindings) from queries/
    empty: Callable[[object, str | None], str] | None = None  # what an answer with no row says, from the store


def _unit_words(parsed: Parse) -> str:
    return parsed.bodies[0].name if parsed.bodies else "every unit"


def _role_words(role: str) -> str:
    return {"lead": "leads", "participant": "takes part in as a participating unit", "any": "takes part in (any role)"}[
        role
    ]


def _filters(parsed: Parse) -> str:
    parts = []
    if parsed.numbers or parsed.titled:
        numbers = sorted(set(parsed.numbers + [n for n, _ in parsed.titled]))
        parts.append("measure " + ", ".join(map(str, numbers)))
    if parsed.year is not None:
        month = f"-{parsed.year.month:02d}" if parsed.year.month else ""
        parts.append(f"due {'by' if parsed.year.by else 'in'} {parsed.year.year}{month}")
    if parsed.concept is not None:
        parts.append(f"mentioning {parsed.concept.label}")
    return f" ({'; '.join(parts)})" if parts else ""


def _targets_description(parsed: Parse) -> str:
    owner = ""
    if parsed.bodies:
        owner = f" of measures {parsed.bodies[0].name} {'leads' if parsed.role == 'lead' else 'takes part in'}"
    topic = target_topic(parsed)
    keyword = f" on {topic}" if topic else ""
    return f"targets{keyword}{owner}{_filters(parsed)}"


def _measures_description(parsed: Parse) -> str:
    if parsed.bodies:
        return f"measures {parsed.bodies[0].name} {_role_words(parsed.role)}{_filters(parsed)}"
    if parsed.concept is not None:
        return f"measures that mention {parsed.concept.label}"
    if parsed.has("mention") and parsed.keyword:
        return f"measures that contain {parsed.keyword}"
    return f"every measure{_filters(parsed)}"


def _definition_library(parsed: Parse) -> tuple[str, dict]:
    term = parsed.concept.label if parsed.concept and parsed.concept.label in (parsed.term or "") else parsed.term
    return "term-definition", {"term": term}


def _compare_library(parsed: Parse) -> tuple[str, dict]:
    kind = next(iter({unit.kind for unit in parsed.bodies[0].units}))
    keyword = parsed.keyword if (parsed.has("mention") or "方面" in parsed.question) else None
    if keyword:
        return "kind-leads-keyword", {"kind": kind, "keyword": keyword}
    return "kind-across-jurisdictions", {"kind": kind}


def _one_kind(parsed: Parse) -> bool:
    kinds = {unit.kind for unit in parsed.bodies[0].units} if parsed.bodies else set()
    return len(kinds) == 1 and None not in kinds


def _names_measure(parsed: Parse) -> bool:
    return bool(parsed.measures or parsed.titled)


def instrument_measures_query(parsed: Parse) -> Written:
    return Written(*instruments.measures_sparql(parsed))


def instruments_query(parsed: Parse) -> Written:
    return Written(*instruments.instruments_sparql(parsed))


def instruments_not_coded(source, document: str | None) -> str:
    """What an empty answer about instruments says: that the store has no codes yet (run
    ``policykg code`` first), or that no clause is suggested what was asked."""
    from kg.query import run

    coded = run(source, Written(instruments.ANY_SUGGESTION).text(document))[1]
    return instruments.NOT_SUGGESTED if coded else instruments.NOT_CODED


def _about_instruments(parsed: Parse) -> bool:
    """A question on the instruments a plan uses, and on nothing the instrument forms
    cannot narrow by (a target, a change, a definition, two units)."""
    return not (parsed.term or parsed.has("targets", "no-lead", "changed") or len(parsed.bodies) > 1)


FORMS: tuple[Form, ...] = (
    Form(
        "unassigned",
        "哪些任务没有牵头单位？",
        "Which measures have no lead?",
        lambda p: p.has("no-lead", "no-unit"),
        ("measure", "title", "status", "vague"),
        lambda p: (
            "measures that name no unit (for those that name units but no lead, ask 哪些任务没有牵头单位？)"
            if p.has("no-unit")
            else "measures with no lead unit"
        ),
        query=unassigned_query,
    ),
    # How many measures each plan has: a count per plan, not every measure listed.
    Form(
        "plan-sizes",
        "每个方案有多少项任务？",
        "How many measures does each plan have?",
        lambda p: p.has("per-plan") and p.has("count", "value") and p.has("measures") and not p.bodies,
        ("document", "measures"),
        lambda p: "measures per plan",
        query=plan_sizes_query,
    ),
    # The programmes the plans name (项目与任务对照), when the question names none.
    Form(
        "programmes",
        "提到了哪些项目？",
        "Which programmes are mentioned?",
        lambda p: p.has("programmes") and p.concept is None and not p.bodies and not _names_measure(p),
        ("term", "source", "measure", "title"),
        lambda p: "the programmes the plans name, with their measures",
        library=lambda p: ("programmes", {}),
    ),
    # Versions: only a question that says a change (换了, 提高了, 删除, dropped …) of a lead,
    # a target or a measure; a plan's topics that sound alike (结构调整) are no change.
    Form(
        "version-leads",
        "征求意见稿和正式稿相比，哪些任务换了牵头单位？",
        "Which measures changed lead in the final version?",
        lambda p: p.has("lead") and p.has("changed") and not p.has("targets") and _about_versions(p),
        ("old_measure", "new_measure", "title", "old_lead", "new_lead"),
        lambda p: "measures whose lead unit changed between a plan and the version it revises",
        library=lambda p: ("version-lead-changes", {}),
        empty=no_versions,
    ),
    Form(
        "version-targets",
        "哪些目标提高了？",
        "Which targets were raised in the final version?",
        lambda p: p.has("targets") and p.has("changed", "raised", "lowered", "added", "removed") and _about_versions(p),
        (
            "direction",
            "old_measure",
            "new_measure",
            "metric",
            "old_value",
            "new_value",
            "old_unit",
            "new_unit",
            "old_deadline",
            "new_deadline",
        ),
        _version_targets_description,
        query=version_targets_query,
        empty=no_versions,
    ),
    Form(
        "version-measures",
        "正式稿删除了哪些任务？",
        "Which measures were dropped from the final version?",
        lambda p: (
            p.has("added", "removed", "changed")
            and p.has("measures", "version")
            and not p.has("targets")
            and _about_versions(p)
        ),
        ("kind", "old_measure", "new_measure", "title", "before", "after"),
        _versions_description,
        query=version_measures_query,
        empty=no_versions,
    ),
    # Policy instruments: a question that names one (税收优惠工具, 供给型) or asks which (工具).
    Form(
        "instrument-measures",
        "哪些措施使用了税收优惠工具？",
        "Which measures use the tax incentives instrument?",
        lambda p: p.instrument is not None and _about_instruments(p),
        ("measure", "title", "instrument", "clauses"),
        instruments.describe_measures,
        query=instrument_measures_query,
        empty=instruments_not_coded,
    ),
    Form(
        "instruments",
        "财政局牵头的任务用了哪些政策工具？",
        "Which instruments does the Finance Bureau lead?",
        lambda p: p.has("instrument") and _about_instruments(p),
        ("instrument", "type", "clauses", "measures"),
        instruments.describe_instruments,
        query=instruments_query,
        empty=instruments_not_coded,
    ),
    Form(
        "definition",
        "双师型是什么意思？",
        "What is 双师型?",
        lambda p: (
            bool(p.term)
            and not p.has("value", "targets", "count", "no-lead", "rank")
            and not _names_measure(p)
            and (p.concept is not None or not p.bodies)
        ),
        ("term", "definition", "source"),
        lambda p: f"what {p.term} means",
        library=_definition_library,
    ),
    Form(
        "citations",
        "哪些文件被多个方案引用？",
        "Which documents are cited by several plans?",
        lambda p: p.has("cite") and not p.bodies and not p.has("targets", "value"),
        ("number", "cited", "measure"),
        lambda p: "documents the plans cite" + _filters(p),
        query=citations_query,
        library=lambda p: ("shared-citations", {}) if p.has("several") and not p.numbers else None,
    ),
    Form(
        "compare",
        "比较各地财政局的任务",
        "Compare Finance Bureaus across cities",
        lambda p: p.has("across") and len(p.bodies) == 1 and _one_kind(p),
        ("jurisdiction", "department", "leads", "joins", "measure", "title", "document"),
        lambda p: f"{p.bodies[0].mentions[0].written} compared across jurisdictions",
        library=_compare_library,
    ),
    Form(
        "shared",
        "财政局和教育局共同负责哪些任务？",
        "Which measures do the Finance Bureau and the Education Bureau share?",
        lambda p: len(p.bodies) >= 2 and not p.has("targets"),
        ("measure", "title", "department", "role", "other_department", "other_role"),
        lambda p: f"measures {p.bodies[0].name} and {p.bodies[1].name} share",
        query=shared_query,
    ),
    Form(
        "ranking",
        "哪个部门牵头的任务最多？",
        "Which department leads the most measures?",
        lambda p: p.has("rank") and not p.bodies and not _names_measure(p) and not p.has("value", "targets"),
        ("department", "leads", "joins", "total"),
        lambda p: (
            f"departments ranked by measures {dict(leads='led', joins='joined', total='led and joined')[ranking_key(p)]}"
        ),
        query=ranking_query,
    ),
    Form(
        "pairs",
        "哪些部门经常一起负责任务？",
        "Who works with whom?",
        lambda p: p.has("together") and len(p.bodies) <= 1 and not _names_measure(p) and not p.has("targets"),
        ("department", "other_department", "shared"),
        lambda p: (
            f"departments named with {p.bodies[0].name} for the same measures"
            if p.bodies
            else "pairs of departments named for the same measures"
        ),
        query=pairs_query,
    ),
    Form(
        "targets",
        "2025年的目标有哪些？",
        "Which targets fall due in 2025?",
        lambda p: (p.has("targets") or (bool(p.years) and not p.has("value"))) and not p.has("measure-text"),
        ("measure", "metric", "comparator", "value", "value_max", "unit", "due_year", "scope"),
        _targets_description,
        query=targets_query,
    ),
    Form(
        "value",
        "家庭医生签约服务费标准是多少？",
        "How much is the family doctor contract fee?",
        lambda p: p.has("value") and not (p.has("count") and p.has("measures")),
        ("measure", "clause", "value", "comparator", "unit", "basis", "due_year"),
        lambda p: "the clauses that state the value asked for",
    ),
    Form(
        "measure",
        "第7项任务的内容是什么？",
        "What does measure 7 say?",
        lambda p: (
            _names_measure(p)
            and (p.has("measure-text") or (bool(p.term) and not p.has("who", "lead", "any-role", "participant")))
        ),
        ("measure", "title", "source"),
        lambda p: "the text of" + _filters(p).rstrip(")").replace(" (", " "),
        query=measure_text_query,
    ),
    Form(
        "units",
        "第19项任务由谁牵头？",
        "Who leads measure 19?",
        lambda p: (
            _names_measure(p) or (p.has("who", "lead") and p.has("measures") and not p.bodies and bool(p.keyword))
        ),
        ("measure", "title", "role", "department"),
        lambda p: (
            {"lead": "lead unit", "participant": "participating units", "any": "units, lead first,"}[p.role]
            + " of"
            + (_filters(p).rstrip(")").replace(" (", " ") or f" measures on {p.keyword}")
        ),
        query=units_query,
        empty=lambda store, document: (
            "the plan names no unit in that role for it (哪些任务没有牵头单位？ lists such measures)"
        ),
    ),
    Form(
        "measures",
        "财政局牵头哪些任务？",
        "What does the Finance Bureau lead?",
        lambda p: bool(p.bodies) or p.concept is not None or p.has("count") or (p.has("mention") and bool(p.keyword)),
        ("measure", "title", "role", "department", "source"),
        _measures_description,
        query=measures_query,
    ),
)

BY_NAME = {form.name: form for form in FORMS}
