"""The tables researchers publish from a coding (docs/instruments.md): how often each
instrument is used, by type and sub-instrument, and the instrument × element table.

A clause counts once, under its code: its best suggestion (the first of ``suggest``'s,
highest score then the codebook's order), as in the coders' sheet. A clause with no
suggestion uses no instrument and is not counted, so shares are of the coded clauses.

The tables are computed from the plans' text on the fly (``coded``), with the shipped
codebooks, so that they need no ``policykg code`` run first and never disagree with the
plans in the store: ``kg.export.tables`` makes its ``instruments`` and
``instrument-matrix`` tables of them (a block of rows per plan, its title first, as the
other tables name plans), and the report draws the same numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kg.instruments.clauses import Clause, clauses_of
from kg.instruments.codebook import Codebook, Concept, load
from kg.instruments.suggest import Matcher, Suggestion

FREQUENCY_COLUMNS = ["type", "code", "label", "count", "share"]
INSTRUMENT, TOTAL = "instrument", "total"  # the matrix's first and last column
TOTAL_LABEL = "合计"  # the label of a table's total row
PLACES = 4
INSTRUMENTS, ELEMENTS = "instruments", "elements"  # the shipped codebooks the tables use

Coding = tuple[list[Clause], list[Suggestion]]  # what ``kg.instruments.code_plan`` returns


def best_codes(suggestions: Iterable[Suggestion]) -> dict[Clause, Concept]:
    """Each coded clause's code: its first suggestion (``suggest`` lists them best first)."""
    codes: dict[Clause, Concept] = {}
    for suggestion in suggestions:
        codes.setdefault(suggestion.clause, suggestion.concept)
    return codes


def frequencies(clauses_and_suggestions: Coding, codebook: Codebook) -> tuple[list[str], list[dict[str, object]]]:
    """One row per concept of ``codebook`` in its order (each type, then its
    sub-instruments): ``type`` (the top concept's code), ``code``, ``label`` (Chinese),
    ``count`` of clauses coded with it (a type: with it or any concept under it) and
    ``share`` of every coded clause; then a total row (no type, no code). A clause coded
    with a concept the codebook lacks is left out, so that the rows add up to the total."""
    codes = [concept for concept in best_codes(clauses_and_suggestions[1]).values() if concept.code in codebook.by_code]
    counts = _counts_under(codes, codebook)
    total = len(codes)
    rows = [
        {
            "type": codebook.type_of(concept.code),
            "code": concept.code,
            "label": concept.label,
            "count": counts[concept.code],
            "share": _share(counts[concept.code], total),
        }
        for concept in codebook.concepts
    ]
    rows.append({"type": None, "code": None, "label": TOTAL_LABEL, "count": total, "share": _share(total, total)})
    return FREQUENCY_COLUMNS, rows


def _counts_under(codes: Iterable[Concept], codebook: Codebook) -> Counter:
    """Clauses per concept, each counted under its code and every concept above it."""
    counts: Counter = Counter()
    for concept in codes:
        counts.update(lineage(codebook, concept.code))
    return counts


def lineage(codebook: Codebook, code: str) -> list[str]:
    """The code and the codes above it, up to its type (a cycle stops the climb): the rows
    a clause coded ``code`` counts in."""
    found = [code]
    concept = codebook.by_code[code]
    while concept.parent and concept.parent in codebook.by_code and concept.parent not in found:
        found.append(concept.parent)
        concept = codebook.by_code[concept.parent]
    return found


def _share(count: int, total: int) -> float | int:
    """``count / total`` rounded; 0 and 1 as whole numbers, as a workbook holds them (it
    keeps no 0.0), so that the CSV and the workbook of a table read the same."""
    share = round(count / total, PLACES) if total else 0
    return int(share) if float(share).is_integer() else share


def matrix(
    instrument_pairs: Coding,
    element_pairs: Coding,
    instruments: Codebook | None = None,
    elements: Codebook | None = None,
) -> tuple[list[str], list[dict[str, object]]]:
    """The instrument × element table: a row per sub-instrument (its label), a column per
    element (its label) and ``total``; a cell counts the clauses whose code is that
    instrument and whose element code is that element (a clause coded on one side only is
    not in the table). The rows and columns are the codes a clause can be given in the
    codebooks' order (the shipped ones unless given), then any other code found; a last
    row holds the totals."""
    instruments = instruments or load(INSTRUMENTS)
    elements = elements or load(ELEMENTS)
    instrument_of, element_of = best_codes(instrument_pairs[1]), best_codes(element_pairs[1])
    rows_order = _labels(instruments, instrument_of.values())
    columns_order = _labels(elements, element_of.values())
    cells = Counter(
        (instrument.label, element_of[clause].label)
        for clause, instrument in instrument_of.items()
        if clause in element_of
    )
    rows = [_matrix_row(label, columns_order, cells) for label in rows_order]
    totals = {column: sum(row[column] for row in rows) for column in [*columns_order, TOTAL]}
    rows.append({INSTRUMENT: TOTAL_LABEL, **totals})
    return [INSTRUMENT, *columns_order, TOTAL], rows


def _labels(codebook: Codebook, found: Iterable[Concept]) -> list[str]:
    """The labels a clause can be given, in the codebook's order, then those of other codes found."""
    labels = list(dict.fromkeys(codebook.labels()))
    known = set(labels)
    for concept in found:
        if concept.label not in known:
            known.add(concept.label)
            labels.append(concept.label)
    return labels


def _matrix_row(label: str, columns: list[str], cells: Counter) -> dict[str, object]:
    row: dict[str, object] = {INSTRUMENT: label}
    row.update({column: cells[(label, column)] for column in columns})
    row[TOTAL] = sum(cells[(label, column)] for column in columns)
    return row


# --- from the store ---------------------------------------------------------------------


def coded(oxigraph, plans: Iterable, codebooks: list[Codebook]) -> dict[str, dict[str, Coding]]:
    """Each plan (an IRI or NamedNode) coded with each codebook: plan IRI → codebook name
    → (clauses, suggestions). A plan's clauses are read once, whatever the codebooks."""
    from pyoxigraph import NamedNode

    matchers = [(codebook.name, Matcher(codebook)) for codebook in codebooks]
    found: dict[str, dict[str, Coding]] = {}
    for plan in plans:
        node = plan if isinstance(plan, NamedNode) else NamedNode(plan)
        clauses = clauses_of(oxigraph, node)
        found[node.value] = {name: (clauses, matcher.suggest_all(clauses)) for name, matcher in matchers}
    return found
