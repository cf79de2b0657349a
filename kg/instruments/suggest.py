"""Codes suggested for clauses: a concept for each of its trigger terms a clause holds,
scored by how specific the terms found are, with every occurrence as evidence
(docs/instruments.md)."""

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

    def record(self) -> dict:
        return {
            "measure": self.clause.measure,
            "clause": self.clause.number,
            "text": self.clause.text,
            "code": self.concept.code,
            "code_label": self.concept.label,
            "type": self.type,
            "score": self.score,
            "evidence": [{"term": e.term, "start": e.start, "end": e.end} for e in self.evidence],
        }


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


def _outermost(evidence: list[Evidence]) -> list[Evidence]:
    """A concept's finds without those inside a longer find of the same concept."""
    return [
        e
        for e in evidence
        if not any(o.start <= e.start and e.end <= o.end and (o.end - o.start) > (e.end - e.start) for o in evidence)
    ]


def suggest(clauses: list[Clause], codebook: Codebook) -> list[Suggestion]:
    """Every clause's suggestions, in clause order, best first within a clause."""
    matcher = Matcher(codebook)
    return [suggestion for clause in clauses for suggestion in matcher.suggest(clause)]
