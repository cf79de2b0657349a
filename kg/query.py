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

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError
from kg.resources import data_dir
from kg.vocab import XSD

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
        return f"{self.text[: match.end()]}\n  {block}{self.text[match.end() :]}"


_UPDATE_KEYWORD = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.IGNORECASE)


def is_update(sparql: str) -> bool:
    """Whether a SPARQL text is an UPDATE (INSERT, DELETE, DROP …) rather than a query."""
    without_comments = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    body = without_comments[_PROLOGUE.match(without_comments).end() :]
    return bool(_UPDATE_KEYWORD.match(body))


_LABELS = "skos:prefLabel|skos:altLabel|pk:fullName|pk:abbreviation|rdfs:label"


def resolve_iris(source, query: Query, values: dict[str, object]) -> dict[str, object]:
    """``values`` with each value of an iri parameter made an IRI the data holds: a
    CURIE (pkd:finance) is expanded, a name (区财政局, 财政局, Finance Bureau) or an id
    (长沙市-finance) is looked up among the members of the parameter's class, an IRI is
    checked. A value that names nothing, or several things, is a QueryError — never an
    empty result."""
    from kg.vocab import PREFIXES

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
    entry for a registry programme), the concept."""
    text = str(Literal(name))
    rows = run(
        source,
        f"""PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?iri ?match WHERE {{
          {{ GRAPH ?g {{ ?iri a {class_} }} GRAPH ?h {{ ?iri {_LABELS} ?label }} FILTER(STR(?label) = {text}) }}
          UNION {{ GRAPH ?g {{ ?iri a {class_} }} FILTER(STRENDS(STR(?iri), CONCAT("/", {text}))) }}
          OPTIONAL {{ GRAPH ?k {{ ?iri skos:exactMatch ?match }} }}
        }} ORDER BY ?iri""",
    )[1]
    found = list(dict.fromkeys(row["iri"] for row in rows))
    matched = {row["iri"] for row in rows if row["match"] in found and row["match"] != row["iri"]}
    return [iri for iri in found if iri not in matched]


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


def parse_query(name: str, text: str) -> Query:
    query = Query(name=name, text=text)
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
    return {path.stem: parse_query(path.stem, path.read_text(encoding="utf-8")) for path in paths}


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
    return its variable names and rows of Python values."""
    variables, rows = source.select(sparql)
    return variables, [{name: python_value(row[name]) for name in variables} for row in rows]
