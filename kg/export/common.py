"""What the exports share: which plans an export is of, their titles and measure keys,
the rows of library queries about them, and the facts (units, measures, assignments)
the tables, networks and pages are made of.

Every export that takes a ``document`` reads it here, through ``kg.ids.resolve``: a
plan's IRI, its id, ``plan:<id>`` or a start of its id that only one plan has. An
unknown or ambiguous one raises ``PlanNotFound``, with the same message for every export.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

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
    query = store.library_query(name) if isinstance(store, QueryCache) else query_library.load(name)
    sparql = query.bind(parameters) if parameters else query.text
    return sparql_rows(store, sparql, plans)


def sparql_rows(store, sparql: str, plans: list[str]) -> list[dict]:
    """Rows of ``sparql`` (which selects ``?document``) about ``plans``."""
    if isinstance(store, QueryCache):
        return store.rows_about(sparql, plans)
    _, rows = query_library.run(store, sparql)
    return [row for row in rows if row.get("document") in plans]


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
    notations = {row["concept"]: row["notation"] for row in _rows(store, NOTATIONS_SPARQL)}
    titles = plan_title_map(store, plans)
    merged: dict[tuple, dict] = {}
    for sparql in (GOAL_TARGETS_SPARQL, MEASURE_TARGETS_SPARQL):
        for row in sparql_rows(store, sparql, plans):
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


def _rows(store, sparql: str) -> list[dict]:
    """Every row of ``sparql`` (kept, when ``store`` is a QueryCache)."""
    return store.rows(sparql) if isinstance(store, QueryCache) else query_library.run(store, sparql)[1]


def class_labels(store) -> dict[str, str]:
    """The Chinese name of each ontology class, by local name (GovernmentDepartment → 政府部门)."""
    return {row["class"].rsplit("#", 1)[-1]: row["label"] for row in _rows(store, CLASS_LABELS_SPARQL)}


# --- many plans: each question asked once --------------------------------------------


class QueryCache:
    """A store whose answers are kept, for an export that draws each of many plans apart
    (kg.export.html, kg.export.report). A query costs as much for one plan as for all of
    them (its rows are sorted out by plan here, not in the store), so drawing 50 plans
    one by one asks each question 50 times; through this wrapper each is asked once.

    Pass it wherever a store is read through this module (``units``, ``measures``,
    ``library_rows``, the network model …). Rows are shared between callers: read them,
    never change them. ``prefetch`` asks several questions at once, in threads (the
    store answers in native code, so they overlap)."""

    def __init__(self, store):
        self.store = store
        self.path = getattr(store, "path", None)
        self._documents = None
        self._queries: dict[str, query_library.Query] = {}
        self._rows: dict[str, list[dict]] = {}
        self._by_plan: dict[str, dict[object, list[dict]]] = {}

    def documents(self):
        if self._documents is None:
            self._documents = self.store.documents()
        return self._documents

    def select(self, sparql: str):
        return self.store.select(sparql)

    def library_query(self, name: str) -> query_library.Query:
        if name not in self._queries:
            self._queries[name] = query_library.load(name)
        return self._queries[name]

    def rows(self, sparql: str) -> list[dict]:
        """Every row of ``sparql``, as Python values (kg.query.run)."""
        if sparql not in self._rows:
            self._rows[sparql] = query_library.run(self.store, sparql)[1]
        return self._rows[sparql]

    def rows_about(self, sparql: str, plans: list[str]) -> list[dict]:
        """The rows of ``sparql`` whose ``?document`` is one of ``plans``, in query order."""
        rows = self.rows(sparql)
        if len(plans) != 1:
            wanted = set(plans)
            return [row for row in rows if row.get("document") in wanted]
        if sparql not in self._by_plan:
            index: dict[object, list[dict]] = {}
            for row in rows:
                index.setdefault(row.get("document"), []).append(row)
            self._by_plan[sparql] = index
        return list(self._by_plan[sparql].get(plans[0], ()))

    def prefetch(self, sparqls: list[str]) -> None:
        """Ask the questions not yet answered, several at a time."""
        missing = [sparql for sparql in dict.fromkeys(sparqls) if sparql not in self._rows]
        workers = min(len(missing), max(os.cpu_count() or 1, 2), 4)
        if workers < 2:
            for sparql in missing:
                self.rows(sparql)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            answers = list(pool.map(lambda sparql: query_library.run(self.store, sparql)[1], missing))
        self._rows.update(zip(missing, answers))

    def library_text(self, name: str) -> str:
        """The text of the library query ``name``, no parameters bound (what ``library_rows`` runs)."""
        return self.library_query(name).text
