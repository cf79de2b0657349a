"""Policy instruments: a plan's clauses (``clauses``) coded with a codebook (``codebook``)
by trigger terms (``suggest``), stored as Web Annotations (``annotate``), handed to coders
in a sheet and read back (``sheets``), their agreement measured (``agreement``), and the
tables researchers publish (``tables``). docs/instruments.md says how."""

from __future__ import annotations

from kg.instruments.clauses import Clause, clauses_of
from kg.instruments.codebook import Codebook, Concept, load
from kg.instruments.suggest import Suggestion, suggest


def code_plan(oxigraph, plan, codebook: Codebook, unit: str = "clause") -> tuple[list[Clause], list[Suggestion]]:
    """A stored plan's clauses (``unit="clause"``) or measures (``"measure"``) and their
    suggested codes, best first within each clause."""
    found = clauses_of(oxigraph, plan, whole_measures=unit == "measure")
    return found, suggest(found, codebook)


__all__ = ["Clause", "Codebook", "Concept", "Suggestion", "clauses_of", "code_plan", "load", "suggest"]
