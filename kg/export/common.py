"""What the exports share: which plans an export is of, their titles and measure keys,
the rows of library queries about them, and the facts (units, measures, assignments)
the tables, networks and pages are made of.

Every export that takes a ``document`` reads it here, through ``kg.ids.resolve``: a
plan's IRI, its id, ``plan:<id>`` or a start of its id that only one plan has. An
unknown or ambiguous one raises ``PlanNotFound``, with the same message for every export.

A query about one plan is limited to it (a ``VALUES`` block, as the library binds
``document``); about several, it is asked once and its rows sorted out by plan here. The
HTML page and the report take all they show from ``gather``: a dozen queries, each asked
once for every plan, never one per plan.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg import ids
from kg import query as query_library
from kg.vocab import REGISTRY_GRAPH

# The classes a unit may have, in the order a unit of several is shown by and a legend
# lists them, then the class of a measure.
NODE_TYPES = (
    "GovernmentDepartment",
    "PartyOrgan",
    "Government",
    "LowerGovernment",
    "Zone",
    "PeoplesOrganisation",
    "UnresolvedUnit",
    "Measure",
)

# The colour of each class: the palette of kg.export.network (TYPE_COLOURS), which the page
# reads here so that drawing it needs no networkx; tests/test_export_html.py checks they agree.
TYPE_COLOURS = {
    "GovernmentDepartment": "#0072b2",
    "PartyOrgan": "#d55e00",
    "Government": "#cc79a7",
    "LowerGovernment": "#e69f00",
    "Zone": "#009e73",
    "PeoplesOrganisation": "#56b4e9",
    "UnresolvedUnit": "#999999",
    "Measure": "#f0e442",
}
UNKNOWN_TYPE_COLOUR = "#666666"

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

PREFIXES = """PREFIX pk:   <https://w3id.org/policykg/ontology#>
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# The library queries name units and measures by label; these give their IRIs and classes.
ASSIGNMENTS_SPARQL = (
    PREFIXES
    + f"""
SELECT ?document ?m ?measure ?unit ?role ?position
WHERE {{
  GRAPH ?document {{
    ?document pk:measure ?m .
    ?m pk:number ?measure ; prov:qualifiedAssociation ?assignment .
    ?assignment prov:agent ?unit ; prov:hadRole ?roleConcept ; pk:position ?position .
  }}
  GRAPH {REGISTRY_GRAPH} {{ ?roleConcept skos:notation ?role }}
}}
ORDER BY ?document ?measure ?position
"""
)

MEASURES_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?documentTitle ?m ?measure ?title ?span
WHERE {
  GRAPH ?document {
    ?document pk:measure ?m ; eli:title ?documentTitle .
    ?m pk:number ?measure ; eli:title ?title .
    OPTIONAL { ?m pk:text ?span }
  }
}
ORDER BY ?document ?measure
"""
)

# The plans' texts, which every span (pk:text <plan#char=start,end>) counts characters in.
SOURCES_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?source
WHERE { GRAPH ?document { ?document pk:sourceText ?source } }
"""
)

UNITS_SPARQL = (
    PREFIXES
    + """
SELECT DISTINCT ?document ?unit ?type ?labelEn ?jurisdictionName
WHERE {
  GRAPH ?document {
    ?document pk:measure/prov:qualifiedAssociation/prov:agent ?unit .
    ?unit a ?type .
    FILTER(?type != pk:Unit)
    OPTIONAL { ?unit skos:prefLabel ?labelEn FILTER(lang(?labelEn) = "en") }
  }
  OPTIONAL { GRAPH ?places { ?unit pk:jurisdiction ?place . ?place skos:prefLabel ?jurisdictionName } }
}
ORDER BY ?document ?unit ?type
"""
)

# The targets of the plans, as the library's targets query gives them, asked in a shape the
# store answers quickly: the measures' targets and the plans' own (goals) apart, each with
# its span (<plan#char=start,end>, for its place in the plan) and its quoted text,
# and the comparator's notation looked up in NOTATIONS_SPARQL rather than joined.
_TARGET_FIELDS = """
    ?t pk:comparator ?comparatorConcept ; schema:value ?value ; schema:unitText ?unit ; pk:metric ?metric ;
       pk:text ?span .
    OPTIONAL { ?t pk:quote ?text }
    OPTIONAL { ?t schema:maxValue ?valueMax }
    OPTIONAL { ?t pk:scope ?scope }
    OPTIONAL { ?t pk:basis ?basis }
    OPTIONAL { ?t pk:baseline ?baseline }
    OPTIONAL { ?t pk:dueYear ?dueYear }
    OPTIONAL { ?t pk:deadline ?instant . { ?instant time:inXSDgYear ?deadline } UNION { ?instant time:inXSDDate ?deadline } }
  }
}
"""
_TARGET_SELECT = """PREFIX schema: <http://schema.org/>
PREFIX time:   <http://www.w3.org/2006/time#>
SELECT ?document ?t ?measure ?title ?metric ?comparatorConcept ?value ?valueMax ?unit ?basis ?baseline ?deadline
       ?dueYear ?scope ?span ?text
WHERE {
  GRAPH ?document {
"""
MEASURE_TARGETS_SPARQL = (
    PREFIXES
    + _TARGET_SELECT
    + "    ?document pk:measure ?m . ?m pk:target ?t ; pk:number ?measure ; eli:title ?title ."
    + _TARGET_FIELDS
)
GOAL_TARGETS_SPARQL = PREFIXES + _TARGET_SELECT + "    ?document pk:target ?t ." + _TARGET_FIELDS

NOTATIONS_SPARQL = (
    PREFIXES
    + f"""
SELECT ?concept ?notation
WHERE {{ GRAPH {REGISTRY_GRAPH} {{ ?concept skos:notation ?notation }} }}
ORDER BY ?concept ?notation
"""
)

PLAN_TITLES_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?title
WHERE { GRAPH ?document { ?document a pk:Plan ; eli:title ?title } }
ORDER BY ?document ?title
"""
)

CLASS_LABELS_SPARQL = (
    PREFIXES
    + f"""
SELECT ?class ?label
WHERE {{ GRAPH {REGISTRY_GRAPH} {{ ?class rdfs:label ?label FILTER(lang(?label) = "zh") }} }}
ORDER BY ?class ?label
"""
)


# --- which plans -----------------------------------------------------------------------


def where(store) -> str:
    """Where the plans are, as the error for an unknown plan says it."""
    return f"the store at {store.path}" if store.path is not None else "the in-memory store"


def select_plans(store, document: str | None = None) -> list[str]:
    """The IRIs of the plans an export is of: the one ``document`` names (see
    ``kg.ids.resolve``), or every plan in the store when it is None. An unknown or
    ambiguous ``document`` raises PlanNotFound."""
    available = store.documents()
    if document is None:
        return [plan.value for plan in available]
    return [ids.resolve(document, available, where(store)).value]


def selected_plan(store, document: str | None = None) -> str | None:
    """The IRI of the plan ``document`` names (PlanNotFound if none), or None for every
    plan: what a library query's ``document`` binding takes."""
    return None if document is None else select_plans(store, document)[0]


def plan_key(document: str, number: object) -> str:
    """A short key for a measure, ``<plan id>/<number>``, used by the HTML pages and to
    name measures of several plans."""
    return f"{ids.id_of(document)}/{number}"


def library_rows(store, name: str, plans: list[str], **parameters) -> list[dict]:
    """Rows of the library query ``name`` (with ``parameters`` bound) about ``plans``."""
    query = query_library.load(name)
    one = plans[0] if len(plans) == 1 else None
    sparql = query.bind(parameters, document=one) if parameters or one else query.text
    return _about(query_library.run(store, sparql)[1], plans)


def sparql_rows(store, sparql: str, plans: list[str]) -> list[dict]:
    """Rows of ``sparql`` (one of this module's, which selects ``?document``) about
    ``plans``: limited to the plan when there is one (``limited``), else asked once for
    every plan and its rows sorted out here."""
    if len(plans) == 1:
        sparql = limited(sparql, plans[0])
    return _about(query_library.run(store, sparql)[1], plans)


def limited(sparql: str, plan: str) -> str:
    """One of this module's queries (``?document`` the plan, in the projection as a plain
    variable) about ``plan`` alone: the plan's IRI written for ``?document`` in the
    pattern, where Oxigraph reads that one graph (bound in a ``VALUES`` block instead, a
    query with an OPTIONAL reads every plan's graph: 5 s, not 0.01 s, for one plan of
    1,000), and returned as ``?document``."""
    iri = str(NamedNode(plan))
    where = _WHERE.search(sparql).start()
    end = sparql.rindex("}") + 1
    head = re.sub(r"\?document\b", f"({iri} AS ?document)", sparql[:where])
    body = re.sub(r"\?document\b", iri, sparql[where:end])
    order = re.sub(r"\?document\b\s*", "", sparql[end:]).rstrip()
    return head + body + re.sub(r"\bORDER\s+BY$", "", order) + "\n"


def _about(rows: list[dict], plans: list[str]) -> list[dict]:
    wanted = set(plans)
    return [row for row in rows if row.get("document") in wanted]


def plan_titles(store, plans: list[str]) -> str:
    """The titles of ``plans``, joined with 、."""
    rows = library_rows(store, "measures-per-section", plans)
    titles = {row["document"]: row["documentTitle"] for row in rows}
    return "、".join(titles.get(plan, plan) for plan in plans)


def plan_title_map(store, plans: list[str]) -> dict[str, str]:
    """Each of ``plans`` with its title (its IRI when it has none), plans without measures too."""
    titles: dict[str, str] = {}
    for row in sparql_rows(store, PLAN_TITLES_SPARQL, plans):
        titles.setdefault(row["document"], row["title"])
    return {plan: titles.get(plan, plan) for plan in plans}


# --- facts the tables, networks and pages are made of ---------------------------------


@dataclass
class Unit:
    iri: str
    label: str
    label_en: str = ""
    type: str = "Unit"
    jurisdiction: str = ""
    led: int = 0
    joined: int = 0


@dataclass(frozen=True)
class Measure:
    iri: str
    document: str
    document_title: str
    number: int
    title: str
    text: str


@dataclass(frozen=True)
class Assignment:
    measure: str  # measure IRI
    unit: str  # unit IRI
    role: str  # lead | participant
    position: int


def units(store, plans: list[str]) -> dict[str, Unit]:
    """Every unit named in an assignment of ``plans``, with its measures led and joined
    summed over the plans (departments-by-load), its class and English name.

    A unit with several Chinese names is counted once per plan and shown by the first
    name in sort order; a unit with none (another tool may write one) is still a unit
    of the network, shown by the last segment of its IRI and counted from its
    assignments."""
    found: dict[str, Unit] = {}
    counted: set[tuple[str, str]] = set()
    for row in library_rows(store, "departments-by-load", plans):
        unit = found.setdefault(row["unit"], Unit(iri=row["unit"], label=row["department"]))
        unit.label = min(unit.label, row["department"])
        if (row["unit"], row["document"]) not in counted:
            counted.add((row["unit"], row["document"]))
            unit.led += row["leads"]
            unit.joined += row["joins"]
    roles: dict[str, dict[str, set[str]]] = {}
    for assignment in assignments(store, plans):
        if assignment.unit not in found:
            roles.setdefault(assignment.unit, {}).setdefault(assignment.role, set()).add(assignment.measure)
    for iri, by_role in roles.items():
        joined = {measure for role, named in by_role.items() if role != "lead" for measure in named}
        found[iri] = Unit(iri=iri, label=iri.rsplit("/", 1)[-1], led=len(by_role.get("lead", ())), joined=len(joined))
    for row in sparql_rows(store, UNITS_SPARQL, plans):
        unit = found.get(row["unit"])
        if unit is None:
            continue
        type_name = row["type"].rsplit("#", 1)[-1]
        if unit.type == "Unit" or _rank(type_name) < _rank(unit.type):
            unit.type = type_name
        unit.label_en = unit.label_en or (row["labelEn"] or "")
        unit.jurisdiction = unit.jurisdiction or (row["jurisdictionName"] or "")
    return dict(sorted(found.items()))


def _rank(type_name: str) -> int:
    return NODE_TYPES.index(type_name) if type_name in NODE_TYPES else len(NODE_TYPES)


def measures(store, plans: list[str]) -> dict[str, Measure]:
    """Every measure of ``plans`` by IRI, in plan and number order, with its source text."""
    texts = {row["document"]: row["source"] for row in sparql_rows(store, SOURCES_SPARQL, plans)}
    found: dict[str, Measure] = {}
    for row in sparql_rows(store, MEASURES_SPARQL, plans):
        found.setdefault(
            row["m"],
            Measure(
                iri=row["m"],
                document=row["document"],
                document_title=row["documentTitle"],
                number=row["measure"],
                title=row["title"],
                text=_cut(texts.get(row["document"]), row["span"]),
            ),
        )
    return found


def _cut(text: object, span: object) -> str:
    """The characters of a plan's ``text`` a span IRI points to; "" when it points to none."""
    found = ids.span_of(span) if isinstance(span, str) else None
    if found is None or not isinstance(text, str) or not found[1] <= found[2] <= len(text):
        return ""
    return text[found[1] : found[2]]


def assignments(store, plans: list[str]) -> list[Assignment]:
    """Every (measure, unit, role) of ``plans``, in plan, measure and written order."""
    return [
        Assignment(measure=row["m"], unit=row["unit"], role=row["role"], position=row["position"])
        for row in sparql_rows(store, ASSIGNMENTS_SPARQL, plans)
    ]


def targets(store, plans: list[str]) -> list[dict]:
    """The targets of ``plans``: the rows of the library query ``targets`` (same columns,
    same order: by year due, undated last, then plan and place in it), one per target,
    asked in a shape the store answers several times faster."""
    notations = {row["concept"]: row["notation"] for row in query_library.run(store, NOTATIONS_SPARQL)[1]}
    rows = [
        row for sparql in (GOAL_TARGETS_SPARQL, MEASURE_TARGETS_SPARQL) for row in sparql_rows(store, sparql, plans)
    ]
    return _merged_targets(rows, plan_title_map(store, plans), notations)


def _merged_targets(rows: list[dict], titles: dict[str, str], notations: dict[str, str]) -> list[dict]:
    """Rows of GOAL_TARGETS_SPARQL, then MEASURE_TARGETS_SPARQL, one per target, in ``targets``' order."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        found = merged.get((row["document"], row["t"]))
        if found is None:
            found = merged[(row["document"], row["t"])] = {
                "document": row["document"],
                "documentTitle": titles[row["document"]],
                "start": None,
                "measure": row["measure"],
                "title": row["title"],
                "text": None,
                "metric": row["metric"],
                "comparator": notations.get(row["comparatorConcept"]),
                "value": row["value"],
                "valueMax": row["valueMax"],
                "unit": row["unit"],
                "basis": row["basis"],
                "baseline": row["baseline"],
                "deadline": row["deadline"],
                "dueYear": row["dueYear"],
                "scope": row["scope"],
            }
        if found["start"] is None:
            span = ids.span_of(row["span"]) if isinstance(row["span"], str) else None
            found["start"] = span[1] if span else None
        if found["text"] is None:
            found["text"] = row["text"]
    rows = [row for row in merged.values() if None not in (row["start"], row["text"], row["comparator"])]
    rows.sort(
        key=lambda row: (
            row["dueYear"] is None,
            query_library.sort_key(row["dueYear"]),
            row["documentTitle"],
            row["document"],
            query_library.sort_key(row["start"]),
        )
    )
    return rows


def class_labels(store) -> dict[str, str]:
    """The Chinese name of each ontology class, by local name (GovernmentDepartment → 政府部门)."""
    rows = query_library.run(store, CLASS_LABELS_SPARQL)[1]
    return {row["class"].rsplit("#", 1)[-1]: row["label"] for row in rows}


# --- every plan at once: the facts the page and the report are drawn from ---------------

# Who is named for which measure in what role (the role's notation looked up in
# NOTATIONS_SPARQL rather than joined), the units' classes and names in each plan, and
# the places units belong to: each asked once for every plan (or limited to the one plan).
FACT_ASSIGNMENTS_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?m ?unit ?roleConcept ?position
WHERE {
  GRAPH ?document {
    ?document pk:measure ?m .
    ?m prov:qualifiedAssociation ?assignment .
    ?assignment prov:agent ?unit ; prov:hadRole ?roleConcept ; pk:position ?position .
  }
}
"""
)

# The measures, without their plan's title or an order (gather sorts them by plan and number).
FACT_MEASURES_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?m ?measure ?title ?span
WHERE {
  GRAPH ?document { ?document pk:measure ?m . ?m pk:number ?measure ; eli:title ?title . OPTIONAL { ?m pk:text ?span } }
}
"""
)

UNIT_TYPES_SPARQL = (
    PREFIXES
    + """
SELECT DISTINCT ?document ?unit ?type
WHERE { GRAPH ?document { ?assignment prov:agent ?unit . ?unit a ?type } }
"""
)

# Every name in the plans' graphs (units', programmes', terms'): the units' are sorted out
# by the caller, which costs less than joining them to the assignments here.
NAMES_SPARQL = (
    PREFIXES
    + """
SELECT ?document ?subject ?name (LANG(?name) AS ?language)
WHERE { GRAPH ?document { ?subject skos:prefLabel ?name } }
"""
)

JURISDICTIONS_SPARQL = (
    PREFIXES
    + """
SELECT DISTINCT ?unit ?name
WHERE {
  %s
  GRAPH ?places { ?unit pk:jurisdiction ?place . ?place skos:prefLabel ?name }
}
"""
)


# The roles of assignments, in the order a measure's units are listed by (then as written).
ROLE_ORDER = {"lead": 0, "participant": 1}


@dataclass
class PlanFacts:
    """One plan, as the page and the report draw it."""

    iri: str
    title: str
    measures: list[Measure]  # in number order
    assigned: dict[str, list[tuple[str, str]]]  # measure IRI → (unit IRI, role): lead first, then as written
    assignments: int  # the plan's assignments (kg.export.common.assignments)
    units: dict[str, Unit]  # the units its assignments name, by IRI in order; led and joined in this plan
    targets: list[dict]  # its rows of ``targets``
    programmes: list[dict]  # its rows of the library query ``programmes``


@dataclass
class Facts:
    """Plans (in the order asked), their units together (measures led and joined summed
    over the plans) and the classes' Chinese names."""

    plans: dict[str, PlanFacts]
    units: dict[str, Unit]
    class_labels: dict[str, str]


def gather(store, plans: list[str]) -> Facts:
    """What the page and the report show of ``plans``: a dozen queries, each asked once
    for all of them (in threads: the store answers in native code, so they overlap), and
    the rows sorted out by plan here — never a query per plan.

    A unit's name in a plan is its Chinese name there (the first in sort order; the last
    segment of its IRI when it has none), its class the first of NODE_TYPES it has, its
    measures led and joined those its assignments there give it the lead or another role in."""
    one = plans[0] if len(plans) == 1 else None
    within = f"GRAPH <{one}> {{ ?assignment prov:agent ?unit }}" if one else ""
    questions = {
        "titles": PLAN_TITLES_SPARQL,
        "notations": NOTATIONS_SPARQL,
        "classes": CLASS_LABELS_SPARQL,
        "assignments": FACT_ASSIGNMENTS_SPARQL,
        "measures": FACT_MEASURES_SPARQL,
        "sources": SOURCES_SPARQL,
        "types": UNIT_TYPES_SPARQL,
        "names": NAMES_SPARQL,
        "places": JURISDICTIONS_SPARQL % within,
        "goals": GOAL_TARGETS_SPARQL,
        "measure targets": MEASURE_TARGETS_SPARQL,
    }
    programmes = query_library.load("programmes")
    questions["programmes"] = programmes.bind({}, document=one) if one else programmes.text
    scoped = {name for name in questions if name not in ("notations", "classes", "places", "programmes")}

    def ask(name: str) -> list[dict]:
        sparql = limited(questions[name], one) if one and name in scoped else questions[name]
        return query_library.run(store, sparql)[1]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(zip(questions, pool.map(ask, questions)))
    wanted = set(plans)
    for name in questions:
        if name not in ("notations", "classes", "places"):
            answers[name] = [row for row in answers[name] if row.get("document") in wanted]

    titles: dict[str, str] = {}
    for row in answers["titles"]:
        titles.setdefault(row["document"], row["title"])
    titles = {plan: titles.get(plan, plan) for plan in plans}
    notations = {row["concept"]: row["notation"] for row in answers["notations"]}

    texts = {row["document"]: row["source"] for row in answers["sources"]}
    roster: dict[str, Measure] = {}
    for row in sorted(answers["measures"], key=lambda row: (query_library.sort_key(row["measure"]), row["m"])):
        if row["m"] not in roster:
            roster[row["m"]] = Measure(
                iri=row["m"],
                document=row["document"],
                document_title=titles[row["document"]],
                number=row["measure"],
                title=row["title"],
                text=_cut(texts.get(row["document"]), row["span"]),
            )
    measures_of: dict[str, list[Measure]] = {plan: [] for plan in plans}
    for measure in roster.values():
        measures_of[measure.document].append(measure)

    named: dict[str, list[tuple]] = {plan: [] for plan in plans}
    for row in answers["assignments"]:
        role = notations.get(row["roleConcept"])
        if role is not None:
            named[row["document"]].append((row["m"], row["unit"], role, row["position"]))

    zh: dict[tuple[str, str], str] = {}
    en: dict[tuple[str, str], str] = {}
    for row in answers["names"]:
        key = (row["document"], row["subject"])
        names = zh if row["language"] == "zh" else en if row["language"] == "en" else None
        if names is not None and (key not in names or row["name"] < names[key]):
            names[key] = row["name"]
    types: dict[tuple[str, str], str] = {}
    for row in answers["types"]:
        type_name = row["type"].rsplit("#", 1)[-1]
        key = (row["document"], row["unit"])
        if type_name != "Unit" and (key not in types or _rank(type_name) < _rank(types[key])):
            types[key] = type_name
    places: dict[str, str] = {}
    for row in answers["places"]:
        if row["unit"] not in places or row["name"] < places[row["unit"]]:
            places[row["unit"]] = row["name"]

    target_rows: dict[str, list[dict]] = {plan: [] for plan in plans}
    for row in _merged_targets(answers["goals"] + answers["measure targets"], titles, notations):
        target_rows[row["document"]].append(row)
    programme_rows: dict[str, list[dict]] = {plan: [] for plan in plans}
    for row in answers["programmes"]:
        programme_rows[row["document"]].append(row)

    by_plan: dict[str, PlanFacts] = {}
    together: dict[str, Unit] = {}
    for plan in plans:
        led: dict[str, set] = {}
        joined: dict[str, set] = {}
        assigned: dict[str, list[tuple]] = {}
        for measure, unit, role, position in named[plan]:
            (led if role == "lead" else joined).setdefault(unit, set()).add(measure)
            assigned.setdefault(measure, []).append(
                (ROLE_ORDER.get(role, len(ROLE_ORDER)), query_library.sort_key(position), unit, role)
            )
        own: dict[str, Unit] = {}
        for iri in sorted({unit for _, unit, _, _ in named[plan]}):
            own[iri] = Unit(
                iri=iri,
                label=zh.get((plan, iri), iri.rsplit("/", 1)[-1]),
                label_en=en.get((plan, iri), ""),
                type=types.get((plan, iri), "Unit"),
                jurisdiction=places.get(iri, ""),
                led=len(led.get(iri, ())),
                joined=len(joined.get(iri, ())),
            )
            _add_to(together, own[iri], labelled=(plan, iri) in zh)
        by_plan[plan] = PlanFacts(
            iri=plan,
            title=titles[plan],
            measures=measures_of[plan],
            assigned={
                measure: [(unit, role) for *_, unit, role in sorted(entries)] for measure, entries in assigned.items()
            },
            assignments=len(named[plan]),
            units=own,
            targets=target_rows[plan],
            programmes=programme_rows[plan],
        )
    for unit in together.values():
        unit.label = unit.label or unit.iri.rsplit("/", 1)[-1]
    classes = {row["class"].rsplit("#", 1)[-1]: row["label"] for row in answers["classes"]}
    return Facts(plans=by_plan, units=dict(sorted(together.items())), class_labels=classes)


def _add_to(together: dict[str, Unit], unit: Unit, labelled: bool) -> None:
    """Count a plan's unit into the units of every plan: its loads summed, its Chinese name
    the first in sort order of those the plans give it ("" while none has), its class the
    first of NODE_TYPES, its English name the first in sort order."""
    found = together.setdefault(unit.iri, Unit(iri=unit.iri, label="", jurisdiction=unit.jurisdiction))
    found.led += unit.led
    found.joined += unit.joined
    if labelled and (not found.label or unit.label < found.label):
        found.label = unit.label
    if found.type == "Unit" or _rank(unit.type) < _rank(found.type):
        found.type = unit.type
    if unit.label_en and (not found.label_en or unit.label_en < found.label_en):
        found.label_en = unit.label_en
