"""Codes suggested for clauses: a concept for each of its trigger terms a clause holds,
scored by how specific the terms found are, with every occurrence as evidence; a clause
with no term continues the clause before it in its measure (docs/instruments.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.instruments.clauses import Clause
from kg.instruments.codebook import Codebook, Concept


@dataclass(frozen=True)
class Evidence:
    term: str
    start: int  # in the clause's text
    end: int


@dataclass(frozen=True)
class Suggestion:
    clause: Clause
    concept: Concept
    type: str  # the concept's top concept's code
    score: float
    evidence: tuple[Evidence, ...]
    # A clause with no trigger term of its own continues the clause before it: the number of
    # the clause (of the same measure) whose terms are the evidence, None for its own terms.
    continues: int | None = None

    def record(self) -> dict:
        return {
            "measure": self.clause.measure,
            "clause": self.clause.number,
            "text": self.clause.text,
            "code": self.concept.code,
            "code_label": self.concept.label,
            "type": self.type,
            "score": self.score,
            "evidence": [self._evidence(e) for e in self.evidence],
        }

    def _evidence(self, evidence: Evidence) -> dict:
        found = {"term": evidence.term, "start": evidence.start, "end": evidence.end}
        if self.continues is not None:
            found["clause"] = self.continues  # the offsets are in that clause's text
        return found


def term_weight(term: str) -> float:
    """A four-character term counts one, a two-character term a half."""
    return min(1.0, len(term) / 4)


class Matcher:
    """Every concept's terms in one alternation, longest first: a clause is read once."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.owners: dict[str, list[Concept]] = {}
        for concept in codebook.concepts:
            for term in concept.terms:
                owners = self.owners.setdefault(term, [])
                if concept not in owners:
                    owners.append(concept)
        terms = sorted(self.owners, key=lambda term: (-len(term), term))
        self.pattern = re.compile("|".join(map(re.escape, terms))) if terms else None
        self.order = {concept.code: index for index, concept in enumerate(codebook.concepts)}

    def suggest(self, clause: Clause) -> list[Suggestion]:
        """The clause's suggestions, best first (score, then the codebook's order)."""
        if self.pattern is None:
            return []
        found: dict[str, list[Evidence]] = {}
        for term, start, end in self._occurrences(clause.text):
            for concept in self.owners[term]:
                found.setdefault(concept.code, []).append(Evidence(term, start, end))
        suggestions = []
        for code, evidence in found.items():
            evidence = _outermost(evidence)
            concept = self.codebook.by_code[code]
            score = round(sum(term_weight(term) for term in {e.term for e in evidence}), 4)
            suggestions.append(Suggestion(clause, concept, self.codebook.type_of(code), score, tuple(evidence)))
        return sorted(suggestions, key=lambda s: (-s.score, self.order[s.concept.code]))

    def suggest_all(self, clauses: list[Clause]) -> list[Suggestion]:
        """Every clause's suggestions, in clause order. A body clause with no trigger term
        continues the clause before it in its measure (its members, its means, its figures
        detail that clause's instrument): it takes that clause's first suggestion, at half
        its score, with that clause's evidence — in an exhaustive codebook only."""
        if not self.codebook.exhaustive:
            return [suggestion for clause in clauses for suggestion in self.suggest(clause)]
        found: list[Suggestion] = []
        previous: Suggestion | None = None
        for clause in clauses:
            own = self.suggest(clause)
            if not own and previous is not None and _continues(clause, previous.clause):
                own = [_continued(previous, clause)]
            found += own
            previous = own[0] if own else None
        return found

    def _occurrences(self, text: str):
        """Each term found, the longest at each place; finds may overlap (资金 inside 专项资金
        is found too, for a concept that has 资金 and not 专项资金)."""
        position = 0
        while position < len(text):
            found = self.pattern.search(text, position)
            if found is None:
                return
            yield found.group(), found.start(), found.end()
            position = found.start() + 1


def _continues(clause: Clause, before: Clause) -> bool:
    """Whether ``clause`` is a body clause right after ``before`` in the same measure."""
    return (
        clause.number is not None
        and before.number is not None
        and clause.measure_iri == before.measure_iri
        and clause.number == before.number + 1
    )


def _continued(previous: Suggestion, clause: Clause) -> Suggestion:
    source = previous.continues if previous.continues is not None else previous.clause.number
    return Suggestion(
        clause, previous.concept, previous.type, round(previous.score / 2, 4), previous.evidence, continues=source
    )


def _outermost(evidence: list[Evidence]) -> list[Evidence]:
    """A concept's finds without those inside a longer find of the same concept."""
    return [
        e
        for e in evidence
        if not any(o.start <= e.start and e.end <= o.end and (o.end - o.start) > (e.end - e.start) for o in evidence)
    ]


def suggest(clauses: list[Clause], codebook: Codebook) -> list[Suggestion]:
    """Every clause's suggestions, in clause order, best first within a clause."""
    return Matcher(codebook).suggest_all(clauses)
