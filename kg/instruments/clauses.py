"""A plan's measures cut into clauses, the unit researchers code: each measure's sentences
from its heading to its end, cut after 。；！？ and at line breaks, without the measure's
number and without the words that assign it (docs/instruments.md). Read from the plan's
graph (its measures' spans in its source text), so a stored plan and a file read alike."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg import ids
from kg.vocab import PK

# A sentence: up to and with its closing mark, or to a line break.
_SENTENCE = re.compile(r"[^。；！？;!?\n]+[。；！？;!?]*")
_MARKER_TAIL = re.compile(r"^[\s.．、)）]*")
_BLANK = re.compile(r"^[\s\W_]*$")


@dataclass(frozen=True)
class Clause:
    measure: int
    number: int  # from 1 within the measure; None for a whole measure (--unit measure)
    text: str
    span: tuple[int, int]  # characters of the plan's source text
    measure_iri: str

    @property
    def id(self) -> str:
        return f"{self.measure}.{self.number}" if self.number is not None else str(self.measure)


def clauses_of(oxigraph, plan: NamedNode, whole_measures: bool = False) -> list[Clause]:
    """The plan's clauses in measure order (or, with ``whole_measures``, one per measure)."""
    source = _one(oxigraph, plan, PK.sourceText, plan)
    found: list[Clause] = []
    for quad in oxigraph.quads_for_pattern(plan, PK.measure, None, plan):
        measure = quad.object
        number = _whole(_one(oxigraph, measure, PK.number, plan))
        span = _span(_one(oxigraph, measure, PK.text, plan, iri=True))
        if span is None or number is None:
            continue
        start = _after_label(source, span[0], span[1], _one(oxigraph, measure, PK.label, plan))
        assigned = _span(_one(oxigraph, measure, PK.responsibilityText, plan, iri=True))
        pieces = split(source, start, span[1], assigned)
        if whole_measures and pieces:
            first, last = pieces[0][1][0], pieces[-1][1][1]
            text = "".join(text for text, _ in pieces)
            found.append(Clause(number, None, text, (first, last), measure.value))
            continue
        found += [Clause(number, k, text, where, measure.value) for k, (text, where) in enumerate(pieces, start=1)]
    return sorted(found, key=lambda clause: (clause.measure, clause.number or 0))


def split(
    source: str, start: int, end: int, assigned: tuple[int, int] | None = None
) -> list[tuple[str, tuple[int, int]]]:
    """The sentences of ``source[start:end]`` with their spans, the characters of
    ``assigned`` (the responsibility clause) left out, blank pieces dropped."""
    pieces = []
    for found in _SENTENCE.finditer(source, start, end):
        a, b = found.span()
        if assigned is not None:
            if assigned[0] <= a and b <= assigned[1]:
                continue
            if a < assigned[0] < b <= assigned[1]:
                b = assigned[0]
            elif assigned[0] <= a < assigned[1] < b:
                a = assigned[1]
        text = source[a:b]
        lead, tail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
        a, b = a + lead, b - tail
        if b > a and not _BLANK.match(source[a:b]):
            pieces.append((source[a:b], (a, b)))
    return pieces


def _after_label(source: str, start: int, end: int, label: str) -> int:
    """Where the measure's words begin: after its number as written (1. （一） 第一条)."""
    text = source[start:end]
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if label and stripped.startswith(label):
        offset += len(label)
        offset += _MARKER_TAIL.match(text[offset:]).end()
    return start + offset


def _one(oxigraph, subject, predicate, graph, iri: bool = False):
    for quad in oxigraph.quads_for_pattern(subject, predicate, None, graph):
        return quad.object if iri else quad.object.value
    return None if iri else ""


def _whole(value: str) -> int | None:
    """A measure's number; None for one another tool typed badly ("seven"^^xsd:integer),
    whose measure is left out rather than the whole plan."""
    try:
        return int(value or 0)
    except ValueError:
        return None


def _span(node) -> tuple[int, int] | None:
    found = ids.span_of(node.value) if node is not None else None
    return (found[1], found[2]) if found else None
