"""Stage 7 — the query library: ``queries/*.rq``, their headers, parameters and results.

Each file starts with a comment header::

    # title@zh: 某单位牵头的任务
    # title@en: Measures a unit leads
    # description: …
    # param unit: iri — the unit (a pk:Unit IRI)

Parameters are SPARQL variables. A value is turned into an RDF term by pyoxigraph (which
validates IRIs and escapes literals) and bound with a ``VALUES`` block at the head of the
WHERE clause, so no value can change the shape of the query.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.errors import QueryError, StoreError
from kg.resources import data_dir
from kg.vocab import PREFIXES, XSD

PARAM_TYPES = ("iri", "string", "integer", "decimal", "year")
_HEADER = re.compile(r"#\s*([\w@]+)(?:\s+(\w+))?\s*:\s*(.*)")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    range: str | None = None  # an iri parameter's class (pk:Unit): a name is looked up among its members


@dataclass
class Query:
    name: str
    text: str
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    shipped: bool = False  # one of the library's own files: known to be a query, not read again (``read``)

    def bind(self, values: dict[str, object], document: str | None = None) -> str:
        """The query text with ``values`` bound; raises QueryError for an unknown, missing
        or ill-typed value. ``document`` (a plan's IRI, see kg.ids.resolve) limits a query over
        ``GRAPH ?document`` to that plan."""
        if document and "?document" in self.text:
            return Query(self.name, self.text, parameters=[*self.parameters, Parameter("document", "iri", "")]).bind(
                {**values, "document": str(document)}
            )
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            expected = ", ".join(declared) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (its parameters: {expected})")
        missing = [name for name in declared if name not in values]
        if missing:
            raise QueryError(f"query {self.name!r} needs --param {missing[0]}=<{declared[missing[0]].type}>")
        if not values:
            return self.text
        names = sorted(values)
        terms = [str(to_term(declared[name], values[name])) for name in names]
        block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"
        match = _WHERE.search(self.text) or re.search(r"\{", self.text)
        if not match:
            raise QueryError(f"query {self.name!r} has no WHERE clause to bind parameters in")
        text = f"{self.text[: match.end()]}\n  {block}{self.text[match.end() :]}"
        if "document" in values:
            text = document_in_subqueries(text, str(to_term(declared["document"], values["document"])))
        return text


# What can hold a brace that is no group's: strings, IRIs and comments, taken whole; and the braces.
_LEXEME = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
    r"|[{}]"
)
_SUBQUERY = re.compile(r"(?:\s|#[^\n]*)*SELECT\b", re.IGNORECASE)
_DOCUMENT = re.compile(r"[?$]document\b")
_SLICE = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.IGNORECASE)


def document_in_subqueries(sparql: str, document: str) -> str:
    """``sparql`` with ``VALUES ?document { document }`` also at the head of each subquery
    whose ?document is the outer query's: the outer VALUES does not reach into a subquery,
    which Oxigraph evaluates whole, for every plan. A subquery qualifies when it returns
    ?document as it is (not ``… AS ?document``), has no LIMIT or OFFSET (which would pick
    other rows from one plan's), and sits in no subquery that does not qualify; its rows
    of other plans could only join nothing, so leaving them out changes no result."""
    closing = _closing_braces(sparql)
    opened = sorted(closing)
    qualifies: dict[int, bool] = {}
    heads = []
    for brace in opened:
        if not _SUBQUERY.match(sparql, brace + 1):
            continue
        where = next((inner for inner in opened if inner > brace), None)
        if where is None or closing[brace] < closing[where]:
            continue
        projection = _code(sparql[brace + 1 : where])
        modifiers = _code(sparql[closing[where] + 1 : closing[brace]])
        parents = [outer for outer in qualifies if closing[outer] > closing[brace]]
        qualifies[brace] = (
            projection.count("(") == projection.count(")")
            and bool(_DOCUMENT.search(_outside_parentheses(projection)))
            and not _SLICE.search(modifiers)
            and all(qualifies[outer] for outer in parents)
        )
        if qualifies[brace]:
            heads.append(where + 1)
    for head in reversed(heads):
        sparql = f"{sparql[:head]} VALUES ?document {{ {document} }}{sparql[head:]}"
    return sparql


def _closing_braces(sparql: str) -> dict[int, int]:
    """The offset of each group's ``{`` → that of its ``}``."""
    closing, stack = {}, []
    for lexeme in _LEXEME.finditer(sparql):
        if lexeme.group() == "{":
            stack.append(lexeme.start())
        elif lexeme.group() == "}" and stack:
            closing[stack.pop()] = lexeme.start()
    return closing


def _code(text: str) -> str:
    """``text`` without its strings, IRIs and comments, which name no variable."""
    return _LEXEME.sub(lambda lexeme: lexeme.group() if lexeme.group() in ("{", "}") else " ", text)


def _outside_parentheses(text: str) -> str:
    """``text`` without what parentheses hold (a projection's expressions)."""
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", " ", text)
    return text


@dataclass(frozen=True)
class Reading:
    """What a SPARQL text does, as ``read`` finds it."""

    update: bool = False  # an UPDATE (INSERT, DELETE, DROP, LOAD …) of at least one operation
    service: bool = False  # it calls another server (SERVICE), or may: see ``read``


@functools.lru_cache(maxsize=16)
def read(sparql: str) -> Reading:
    """How ``sparql`` reads to a SPARQL parser: rdflib's, which only parses (pyoxigraph,
    even on a scratch store, would run it: call the SERVICE, LOAD the file). A regex cannot
    tell: a comment, a BASE, a string holding SELECT or a \\u escape hides or fakes a keyword.

    Parsers differ on where some tokens end (``_views``): each way the text may be read is
    parsed, and the text is an update, or calls another server, when it does so read any
    way. rdflib is imported here, on the first text to read (0.35 s)."""
    _check_size(sparql)
    readings = [_parsed(view) for view in _views(sparql)]
    return Reading(any(reading.update for reading in readings), any(reading.service for reading in readings))


# What a text may hold before it is read: both parsers recurse on nesting and on chains of
# operators, and past a few thousand levels Oxigraph's overflows its stack (the process dies
# of SIGSEGV: 4,000 nested braces, or a FILTER of 20,000 terms joined by ||), while rdflib's
# takes seconds a thousand terms. The bounds are far above any query written by hand.
MAX_QUERY_CHARACTERS = 100_000
MAX_NESTING = 256  # brackets of any kind open at once, counted in the raw text
MAX_CHAINED = 2_000  # ||, && and UNION in all
_CHAINING = re.compile(r"\|\||&&|\bUNION\b", re.IGNORECASE)


def _check_size(sparql: str) -> None:
    """A QueryError for a text too large to be read safely (the bounds above)."""
    if len(sparql) > MAX_QUERY_CHARACTERS:
        found, bound, what = len(sparql), MAX_QUERY_CHARACTERS, "characters"
    elif (chained := len(_CHAINING.findall(sparql))) > MAX_CHAINED:
        found, bound, what = chained, MAX_CHAINED, "||, && and UNION"
    else:
        depth = deepest = 0
        for character in sparql:
            if character in "{([":
                depth += 1
                deepest = max(deepest, depth)
            elif character in "})]":
                depth -= 1
        if deepest <= MAX_NESTING:
            return
        found, bound, what = deepest, MAX_NESTING, "brackets open at once"
    raise QueryError(
        f"the query is too large to be read safely ({found:,} {what}; at most {bound:,}); split it into smaller queries"
    )


def _views(sparql: str) -> list[str]:
    """``sparql`` as each parser that may run it splits it, where they differ: as written
    (rdflib expands every \\u escape first, as SPARQL 1.1 says, and ends a comment at a line
    feed only); with each CR a line feed (Oxigraph ends a comment at either); and with each
    escape a letter as well (Oxigraph reads an escape only in a string or an IRI, as SPARQL
    1.2 says, as part of it: ``"a\\u0022 SERVICE … "`` is one string to it, code to rdflib)."""
    views = [sparql]
    if "\r" in sparql:
        views.append(sparql.replace("\r", "\n"))
    if _ESCAPE.search(sparql):
        views.append(_ESCAPE.sub("x", views[-1]))
    return views


def _parsed(sparql: str) -> Reading:
    """How rdflib's parser reads ``sparql``. A text the query grammar takes is a query; one
    the update grammar takes is an update (a prologue alone, which that grammar also takes,
    changes nothing and is not). A text neither takes is read as a query, never run as an
    update: Oxigraph's query parser (or the endpoint's) then says what is wrong with it.
    Whether it calls another server is then not known from a parse, so it is taken to when
    it names SERVICE anywhere (Oxigraph reads queries rdflib does not: SPARQL 1.2's triple
    terms, LATERAL)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return Reading(service=_holds(parseQuery(sparql), "ServiceGraphPattern"))
    except Exception:  # ParseException, or RecursionError on deep nesting: not a query
        pass
    try:
        update = parseUpdate(sparql)
    except Exception:  # read by neither grammar
        return Reading(service="service" in _ESCAPE.sub(_unescaped, sparql).lower())
    return Reading(update="request" in update, service=_holds(update, "ServiceGraphPattern"))


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescaped(escape: re.Match) -> str:
    """The character a \\u or \\U escape stands for, as SPARQL reads it before its grammar;
    one of no code point stays as written."""
    code = int(escape.group(1) or escape.group(2), 16)
    return chr(code) if code <= 0x10FFFF else escape.group()


def _holds(tree, name: str) -> bool:
    """Whether rdflib's parse ``tree`` (CompValues in ParseResults and lists, to any depth)
    has a node called ``name``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            pending.extend(node.values())
        elif isinstance(node, (list, ParseResults)):
            pending.extend(node)
    return False


_LABELS = "skos:prefLabel|skos:altLabel|pk:fullName|pk:abbreviation|rdfs:label"


def resolve_iris(source, query: Query, values: dict[str, object]) -> dict[str, object]:
    """``values`` with each value of an iri parameter made an IRI the data holds: a
    CURIE (pkd:finance) is expanded, a name (区财政局, 财政局, Finance Bureau) or an id
    (长沙市-finance) is looked up among the members of the parameter's class, an IRI is
    checked. A value that names nothing, or several things, is a QueryError — never an
    empty result."""

    declared = {p.name: p for p in query.parameters}
    resolved = dict(values)
    for name, value in values.items():
        parameter = declared.get(name)
        if parameter is None or parameter.type != "iri" or isinstance(value, NamedNode):
            continue
        text = str(value).strip()
        prefix, colon, local = text.partition(":")
        if colon and prefix in PREFIXES:
            text = PREFIXES[prefix] + local
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+", text):
            term = to_term(parameter, text)
            if not run(source, f"SELECT ?p WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} LIMIT 1")[1]:
                raise QueryError(f"parameter {name}: {value!r} is in none of the data's graphs; check the IRI")
            resolved[name] = term
            continue
        if not parameter.range:
            raise QueryError(f"parameter {name}: {value!r} is not an IRI")
        found = _named(source, parameter.range, text)
        if len(found) != 1:
            if not found:
                raise QueryError(
                    f"parameter {name}: no {parameter.range} is named {text!r}; give its name as written, or its IRI"
                )
            shown = ", ".join(f"<{iri}>" for iri in found[:4]) + (" …" if len(found) > 4 else "")
            raise QueryError(f"parameter {name}: {text!r} names {len(found)} of them ({shown}); give one's IRI")
        resolved[name] = NamedNode(found[0])
    return resolved


def _named(source, class_: str, name: str) -> list[str]:
    """The IRIs of the members of ``class_`` that a label calls ``name``, or whose IRI ends
    in ``/name``; of an entry and the concept it is an exactMatch of (a plan's glossary
    entry for a registry programme), the concept.

    The name is first looked up as the store indexes it: as a label written plain, ``@zh``
    or ``@en`` (the forms policykg writes), and as the local name in each of the namespaces
    of ``PREFIXES`` (a unit's id, ``<place>-<kind>``, in ``unit:``). Only when that finds nothing is every
    member of the class read and its labels compared (another language tag, another
    namespace) — on 1,000 plans 0.3 s against a few milliseconds. Each member is taken once,
    whatever the number of plans that hold it."""
    rows = _named_rows(source, class_, name, keyed=True) or _named_rows(source, class_, name, keyed=False)
    found = list(dict.fromkeys(row["iri"] for row in rows))
    matched = {row["iri"] for row in rows if row["match"] in found and row["match"] != row["iri"]}
    return [iri for iri in found if iri not in matched]


def _named_rows(source, class_: str, name: str, keyed: bool) -> list[dict]:
    """The (?iri ?match) rows of ``_named``: looked up as the store indexes them
    (``keyed``), or found among every member of the class."""
    text = str(Literal(name))
    if keyed:
        labels = f"{text} {text}@zh {text}@en"
        iris = " ".join(str(iri) for iri in _in_namespaces(name))
        pattern = f"""{{ VALUES ?label {{ {labels} }} GRAPH ?h {{ ?iri {_LABELS} ?label }} }}
          {f"UNION {{ VALUES ?iri {{ {iris} }} }}" if iris else ""}
          FILTER EXISTS {{ GRAPH ?g {{ ?iri a {class_} }} }}"""
    else:
        pattern = f"""{{ SELECT DISTINCT ?iri WHERE {{ GRAPH ?g {{ ?iri a {class_} }} }} }}
          OPTIONAL {{ GRAPH ?h {{ ?iri {_LABELS} ?label }} FILTER(STR(?label) = {text}) }}
          FILTER(BOUND(?label) || STRENDS(STR(?iri), CONCAT("/", {text})))"""
    return run(
        source,
        f"""PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?iri ?match WHERE {{
          {pattern}
          OPTIONAL {{ GRAPH ?k {{ ?iri skos:exactMatch ?match }} }}
        }} ORDER BY ?iri ?match""",
    )[1]


def _in_namespaces(name: str) -> list[NamedNode]:
    """``name`` as the local name of an IRI in each namespace of ``PREFIXES`` ending in /."""
    if not name or any(character in name for character in "/#?:"):
        return []
    try:
        return [NamedNode(namespace + name) for namespace in _NAMESPACES]
    except ValueError:  # no IRI ends so (a space, a quote, a % not followed by two hex digits)
        return []


_NAMESPACES = sorted({namespace for namespace in PREFIXES.values() if namespace.endswith("/")})


def to_term(parameter: Parameter, value: object):
    """A parameter value as an RDF term of the parameter's type."""
    try:
        if isinstance(value, (NamedNode, Literal)):
            return value
        text = str(value)
        if parameter.type == "iri":
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+", text):
                raise ValueError
            return NamedNode(text)
        if parameter.type == "integer":
            return Literal(str(int(text)), datatype=XSD.integer)
        if parameter.type == "decimal":
            return Literal(str(Decimal(text)), datatype=XSD.decimal)
        if parameter.type == "year":
            return Literal(str(int(text)), datatype=XSD.gYear)
        return Literal(text)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {parameter.name}: {value!r} is not a valid {parameter.type}") from None


def parse_query(name: str, text: str, shipped: bool = False) -> Query:
    query = Query(name=name, text=text, shipped=shipped)
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, argument, value = match.group(1), match.group(2), match.group(3).strip()
        if key == "title@zh":
            query.title_zh = value
        elif key == "title@en":
            query.title_en = value
        elif key == "description":
            query.description = value
        elif key == "param" and argument:
            declared, _, description = value.partition("—")
            kind, _, range_ = declared.strip().partition(" ")
            if kind not in PARAM_TYPES:
                raise QueryError(
                    f"query {name!r}: parameter {argument} has unknown type {kind!r} ({', '.join(PARAM_TYPES)})"
                )
            query.parameters.append(Parameter(argument, kind, description.strip(), range_.strip() or None))
    return query


def library() -> dict[str, Query]:
    """The queries shipped in ``queries/``, by name."""
    paths = sorted(data_dir("queries").glob("*.rq"), key=lambda path: path.stem)
    return {path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"), shipped=True) for path in paths}


def load(name_or_path: str) -> Query:
    """A query by library name or by file path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_query(path.stem, path.read_text(encoding="utf-8"))
    queries = library()
    if name_or_path in queries:
        return queries[name_or_path]
    if path.suffix == ".rq":
        raise QueryError(f"{name_or_path}: no such query file; check the path")
    raise QueryError(f"no query named {name_or_path!r}; `policykg query --list` shows the library")


_INTEGER_TYPES = ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear")


def python_value(term) -> object:
    """A result term as a plain Python value: IRIs as strings, numbers as numbers.

    A literal whose text is no number of its datatype ("seven"^^xsd:integer, "NaN" as a
    decimal, an infinite double — another tool may have written one) comes back as its
    text, so no caller meets an exception or a float that JSON cannot write."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1] if term.datatype else "string"
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype == "boolean":
                return term.value == "true"
            if datatype == "decimal":
                number = Decimal(term.value)
                if not number.is_finite():
                    return term.value
                return int(number) if number == number.to_integral_value() else float(number)
            if datatype in ("double", "float"):
                number = float(term.value)
                return number if math.isfinite(number) else term.value
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    return term.value


def sort_key(value: object) -> tuple:
    """A key that orders any mix of result values without a TypeError: missing values
    first, then numbers by value, then everything else by its text."""
    if value is None:
        return (0, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value, "")
    return (2, 0, str(value))


def run(source, sparql: str) -> tuple[list[str], list[dict[str, object]]]:
    """Run a SELECT query on the store or a remote endpoint (anything with ``select``);
    return its variable names and rows of Python values.

    A query whose last clause is ``ORDER BY`` of variables it returns is run without it and
    its rows sorted here, when ``term_order`` provably gives the order Oxigraph's ORDER BY
    gives (``_sorted``); else it runs again as written. Oxigraph (0.5) reads a long string or
    IRI back from its dictionary at each comparison: on 1,000 plans ordering the rows by plan
    title cost more than finding them (33 s of 46 s for responsibilities)."""
    variables, rows = stream(source, sparql)
    return variables, list(rows)


def stream(source, sparql: str) -> tuple[list[str], Iterator[dict[str, object]]]:
    """``run``'s variable names and rows, the rows taken from the store one at a time, so
    that a big result is written as it comes rather than held whole — but for those ``run``
    sorts, which it must have whole (and an endpoint's, which come whole)."""
    unordered = _without_order(sparql)
    if unordered:
        variables, found = source.select(unordered[0])
        rows = _sorted(found, variables, unordered[1])
        if rows is not None:
            return variables, _python_rows(variables, rows)
    variables, rows = _solutions(source, sparql)
    return variables, _python_rows(variables, rows)


def _solutions(source, sparql: str) -> tuple[list[str], Iterable[dict]]:
    """The variable names and rows (of terms) of a SELECT query: from a store as Oxigraph
    gives them (``Store.select``, but not listed), from an endpoint as it answered."""
    from kg.store import Store

    if not isinstance(source, Store):
        return source.select(sparql)
    solutions = source.query(sparql)
    if not hasattr(solutions, "variables"):
        raise StoreError("only SELECT queries can be run here; this query is an ASK, CONSTRUCT or DESCRIBE")
    variables = [variable.value for variable in solutions.variables]
    return variables, _taken(solutions, variables)


def _taken(solutions, variables: list[str]) -> Iterator[dict]:
    """Each solution as a row of terms. Oxigraph evaluates as the rows are taken, so what
    fails on the way (a SERVICE that does not answer, a read error) fails here."""
    try:
        for solution in solutions:
            yield {name: solution[name] for name in variables}
    except OSError as error:
        from kg.text import one_line

        raise StoreError(f"the query stopped: {one_line(error)[:200]}") from None


_KEPT_VALUES = 10_000


def _python_rows(variables: list[str], rows: Iterable[dict]) -> Iterator[dict[str, object]]:
    """``rows`` of terms as rows of Python values, as they are taken. A term's value is kept
    for the rows that follow (a plan's title or a department's name stands in thousands of
    rows), up to ``_KEPT_VALUES`` terms, so that a long stream of new terms holds no more."""
    values: dict[object, object] = {}

    def value(term) -> object:
        if term not in values:
            if len(values) >= _KEPT_VALUES:
                values.clear()
            values[term] = python_value(term)
        return values[term]

    for row in rows:
        yield {name: value(row[name]) for name in variables}


_ORDER_KEY = r"(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)"
_ORDER_BY = re.compile(rf"\bORDER\s+BY\s+(?P<keys>{_ORDER_KEY}(?:\s+{_ORDER_KEY})*)\s*$", re.IGNORECASE)
_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)
_SELECT_WHERE = re.compile(r"\bSELECT\b(?P<projection>[^{}]*?)\bWHERE\s*\{", re.IGNORECASE)


def _without_order(sparql: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """The query without its final ORDER BY and the keys it ordered by ((variable,
    descending) …) — when every key is a variable the query returns, and nothing (LIMIT,
    OFFSET) follows; else None, and the store orders."""
    match = _ORDER_BY.search(sparql, sparql.rfind("}") + 1)
    head = _SELECT_WHERE.search(sparql)
    if not match or not head:
        return None
    keys = [(key.group(2), (key.group(1) or "").upper() == "DESC") for key in _KEY.finditer(match.group("keys"))]
    projection = _code(head.group("projection"))
    if not projection.strip().upper().endswith("*"):
        returned = set(re.findall(r"\bAS\s+\?(\w+)", projection, re.IGNORECASE))
        returned |= set(re.findall(r"\?(\w+)", _outside_parentheses(projection)))
        if any(name not in returned for name, _ in keys):
            return None
    return sparql[: match.start()], keys


def _sorted(rows: list[dict], variables: list[str], keys: list[tuple[str, bool]]) -> list[dict] | None:
    """``rows`` (of terms) in the order ORDER BY gives them — or None when that order is not
    certain: a key holds values ``term_order`` cannot order as Oxigraph does
    (``_orderable``), or two rows that differ tie on every key (Oxigraph's sort is not
    stable, so which comes first is its own). Each row is ranked once on each key."""
    ranked = []
    for name, descending in keys:
        terms = {row.get(name) for row in rows}
        if not _orderable(terms):
            return None
        ranked.append((name, -1 if descending else 1, _ranks(terms)))
    keyed = sorted(
        ((tuple(sign * ranks[row.get(name)] for name, sign, ranks in ranked), row) for row in rows),
        key=lambda pair: pair[0],
    )
    for (key, row), (next_key, next_row) in zip(keyed, keyed[1:]):
        if key == next_key and any(row[name] != next_row[name] for name in variables):
            return None
    return [row for _, row in keyed]


def _ranks(terms: set) -> dict[object, int]:
    """Each term's place in ``term_order``; terms it does not tell apart share a place."""
    orders = {term: term_order(term) for term in terms}
    ranks: dict[object, int] = {}
    place, previous = -1, None
    for term in sorted(orders, key=orders.__getitem__):
        if orders[term] != previous:
            place, previous = place + 1, orders[term]
        ranks[term] = place
    return ranks


_XSD = PREFIXES["xsd"]
_INTEGER_DATATYPES = frozenset(
    _XSD + name
    for name in (
        "integer byte short int long unsignedByte unsignedShort unsignedInt unsignedLong positiveInteger "
        "negativeInteger nonPositiveInteger nonNegativeInteger"
    ).split()
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF)")
# Datatypes whose values Oxigraph compares by value, which term_order does not do.
_BY_VALUE = frozenset(
    _XSD + name
    for name in (
        "float dateTime dateTimeStamp date time gYear gYearMonth gMonth gMonthDay gDay duration yearMonthDuration "
        "dayTimeDuration"
    ).split()
)


def term_order(term) -> tuple:
    """A sort key that orders result terms as Oxigraph's ORDER BY does (its ``cmp_terms``):
    unbound first, then blank nodes, IRIs, literals; numbers (xsd:integer and its subtypes,
    xsd:decimal, xsd:double) by value, whatever their type; other literals by their text,
    then datatype, then language — what Oxigraph falls back on when two literals do not
    compare (texts of two languages, a text and a boolean). That order is not total on a mix
    of numbers and texts, or with dates; ``_orderable`` says when the key is exact."""
    if term is None:
        return (0,)
    if isinstance(term, BlankNode):
        return (1, term.value)
    if isinstance(term, NamedNode):
        return (2, term.value)
    number = _number(term)
    if number is not None:
        return (3, 0, number)
    return (3, 1, term.value, term.datatype.value, term.language or "")


def _number(term) -> Decimal | float | None:
    """The value of a numeric literal as Oxigraph reads it; None for any other term, and for
    a text that is no number of its type or out of Oxigraph's range (Oxigraph then compares
    it as text)."""
    datatype, text = term.datatype.value, term.value
    if datatype == _XSD + "double":
        return float(text) if _DOUBLE.fullmatch(text) else None
    if datatype == _XSD + "decimal" and _DECIMAL.fullmatch(text):
        number = Decimal(text)
        return number if abs(number) < 10**19 and -number.as_tuple().exponent <= 18 else None
    if datatype in _INTEGER_DATATYPES and _INTEGER.fullmatch(text) and -(2**63) <= int(text) < 2**63:
        return Decimal(text)
    return None


def _orderable(terms: set) -> bool:
    """Whether ``term_order`` orders ``terms`` (the values of one ORDER BY key) exactly as
    Oxigraph does: their literals are all numbers of one kind — integers and decimals, or
    doubles (Oxigraph compares a double with an integer in floating point) — or all compared
    as text, and none is a value Oxigraph orders by value other than these (a date, a float)
    or may read otherwise (NaN, a number out of its range or not in XML Schema's form, a
    boolean written 1 or 0)."""
    kinds = set()
    for term in terms:
        if term is None or isinstance(term, (BlankNode, NamedNode)):
            continue
        if not isinstance(term, Literal) or term.direction is not None:
            return False
        datatype = term.datatype.value
        if datatype in _BY_VALUE or (datatype == _XSD + "boolean" and term.value not in ("true", "false")):
            return False
        number = _number(term)
        if number is not None:
            kinds.add("double" if isinstance(number, float) else "decimal")
        elif datatype in _INTEGER_DATATYPES or datatype in (_XSD + "decimal", _XSD + "double"):
            return False
        else:
            kinds.add("text")
    return len(kinds) <= 1
