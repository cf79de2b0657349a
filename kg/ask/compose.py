"""SPARQL built from pieces, with every value bound, never pasted.

A question's query is a ``Select``: the variables it returns, graph patterns inside
``GRAPH ?document``, patterns outside it, ``VALUES`` blocks for the values the question
gave (units, a role, a year, a keyword …) and an order. Pieces add to a Select; a value
becomes an RDF term through pyoxigraph (which validates IRIs and escapes literals), so no
text of a question can change the shape of a query.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from kg.errors import QuestionError
from kg.vocab import XSD

PREFIXES = """PREFIX pk:     <https://w3id.org/policykg/ontology#>
PREFIX eli:    <http://data.europa.eu/eli/ontology#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX time:   <http://www.w3.org/2006/time#>
"""
REGISTRY = "GRAPH <https://w3id.org/policykg/graph/registry>"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def term(value: object):
    """A Python value as an RDF term: terms stay, integers are xsd:integer, dates xsd:date,
    text is a plain literal. IRIs are passed as ``NamedNode``, never guessed from text."""
    if isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, datetime.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(str(value))


def iri(value: str) -> NamedNode:
    try:
        return NamedNode(value)
    except ValueError:
        raise QuestionError(f"{value!r} is not an IRI") from None


def values_block(name: str, values: object) -> str:
    items = values if isinstance(values, (list, tuple, set, frozenset)) else [values]
    return f"VALUES ?{name} {{ {' '.join(str(term(v)) for v in items)} }}"


def bound(sparql: str, values: dict[str, object], document: str | None = None) -> str:
    """``sparql`` with a VALUES block per value (a list gives several values of one
    variable) at the head of its WHERE clause; ``document`` limits it to one plan."""
    values = dict(values)
    if document and "?document" in sparql:
        values["document"] = iri(str(document))
    if not values:
        return sparql
    blocks = "\n  ".join(values_block(name, value) for name, value in sorted(values.items()))
    match = _WHERE.search(sparql)
    return f"{sparql[: match.end()]}\n  {blocks}{sparql[match.end() :]}"


@dataclass
class Select:
    """A SELECT query in the making."""

    variables: list[str]
    inside: list[str] = field(default_factory=list)  # patterns inside GRAPH ?document
    outside: list[str] = field(default_factory=list)  # patterns after it (registry, filters)
    values: dict[str, object] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    distinct: bool = False
    group: list[str] = field(default_factory=list)
    limit: int | None = None

    def add(self, *patterns: str, outside: bool = False) -> Select:
        (self.outside if outside else self.inside).extend(patterns)
        return self

    def bind(self, **values: object) -> Select:
        self.values.update(values)
        return self

    def returns(self, *variables: str) -> Select:
        self.variables.extend(v for v in variables if v not in self.variables)
        return self

    def text(self, document: str | None = None) -> str:
        """The query. A value of a variable that a pattern inside ``GRAPH ?document`` reads is
        bound at the head of that block, the others at the head of WHERE. Inside the block a
        ``BIND`` comes last, and when the question gave such values, the patterns that read
        them come first and the ``OPTIONAL`` ones after the other patterns (so no pattern
        inside may read what an OPTIONAL or a BIND adds). Oxigraph then starts from the values
        the question gave: bound outside the block, or after an OPTIONAL or a BIND, it read
        every plan's measures or targets first (seconds on 1,000 plans). Without such values
        the patterns keep their order: an OPTIONAL moved last made it read every target."""
        head = "SELECT DISTINCT" if self.distinct else "SELECT"
        patterns = [p for p in self.inside if not p.startswith("BIND(")]
        inside = {name: value for name, value in self.values.items() if re.search(rf"\?{name}\b", " ".join(patterns))}
        outside_values = {name: value for name, value in self.values.items() if name not in inside}

        def rank(pattern: str) -> int:
            if not inside:
                return 0
            if pattern.startswith("OPTIONAL"):
                return 2
            return 0 if any(re.search(rf"\?{name}\b", pattern) for name in inside) else 1

        body = "\n    ".join(
            [values_block(name, value) for name, value in sorted(inside.items())]
            + sorted(patterns, key=rank)
            + [p for p in self.inside if p.startswith("BIND(")]
        )
        outside = "\n  ".join(self.outside)
        query = (
            f"{PREFIXES}\n{head} {' '.join(self.variables)}\nWHERE {{\n"
            f"  GRAPH ?document {{\n    {body}\n  }}\n  {outside}\n}}"
        )
        if self.group:
            query += f"\nGROUP BY {' '.join(self.group)}"
        if self.order:
            query += f"\nORDER BY {' '.join(self.order)}"
        if self.limit is not None:
            query += f"\nLIMIT {int(self.limit)}"
        return bound(query, outside_values, document)
