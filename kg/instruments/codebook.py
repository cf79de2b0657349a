"""Codebooks: SKOS concept schemes of codes with their trigger terms — the shipped ones in
ontology/ (instruments, elements), or a user's Turtle or CSV file (docs/instruments.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from kg.errors import InputError, shown

SHIPPED = {"instruments": "codebooks/instruments.ttl", "elements": "codebooks/elements.ttl"}
DEFAULT = "instruments"
CODEBOOK_NS = "https://w3id.org/policykg/codebook/"
NONE_LABEL = "无"  # a clause that uses no instrument, in the coders' sheet
_TRIGGER = "https://w3id.org/policykg/ontology#triggerTerm"
_EXHAUSTIVE = "https://w3id.org/policykg/ontology#exhaustive"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Concept:
    code: str  # skos:notation: supply.funding
    label: str  # Chinese label: 资金投入
    label_en: str
    parent: str | None  # the parent's code; None for a type (a top concept)
    terms: tuple[str, ...]
    examples: tuple[str, ...] = ()
    iri: str = ""


@dataclass
class Codebook:
    name: str
    iri: str
    concepts: list[Concept] = field(default_factory=list)  # in the codebook's order
    # Every clause uses one of its codes (pk:exhaustive true on the scheme, as Rothwell &
    # Zegveld's framework is read): a clause with no term of its own then continues the
    # clause before it. A codebook of a few codes leaves such a clause uncoded.
    exhaustive: bool = False

    def __post_init__(self) -> None:
        self.by_code = {concept.code: concept for concept in self.concepts}

    def type_of(self, code: str) -> str:
        """The top concept a code is under (itself, for a type)."""
        seen = set()
        concept = self.by_code[code]
        while concept.parent and concept.parent in self.by_code and concept.code not in seen:
            seen.add(concept.code)
            concept = self.by_code[concept.parent]
        return concept.code

    def labels(self) -> list[str]:
        """The Chinese labels of the codes a clause can be given (those with terms or
        without children), in the codebook's order."""
        parents = {concept.parent for concept in self.concepts}
        return [c.label for c in self.concepts if c.terms or c.code not in parents]

    def by_label(self) -> dict[str, Concept]:
        return {concept.label: concept for concept in self.concepts}


def load(name_or_path: str | Path | None = None) -> Codebook:
    """A shipped codebook by name (default: instruments), or a .ttl or .csv file."""
    from kg.resources import data_file

    name = str(name_or_path or DEFAULT)
    if name in SHIPPED:
        return _from_turtle(Path(data_file("ontology", SHIPPED[name])), name)
    path = Path(name)
    if not path.is_file():
        raise InputError(
            f"{shown(name)}: no such codebook; give {', '.join(SHIPPED)} or a codebook file (.ttl or .csv)"
        )
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    if path.suffix.lower() in (".ttl", ".turtle"):
        return _from_turtle(path, path.stem)
    raise InputError(f"{shown(path)}: a codebook is a Turtle (.ttl) or CSV (.csv) file")


def _from_turtle(path: Path, name: str) -> Codebook:
    import pyoxigraph

    try:
        quads = list(pyoxigraph.parse(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.as_uri()))
    except (OSError, SyntaxError) as error:
        raise InputError(f"{shown(path)}: cannot read the codebook ({error}); check the Turtle") from None
    facts: dict[str, dict[str, list]] = {}
    order: list[str] = []
    for quad in quads:
        subject = quad.subject.value
        if subject not in facts:
            facts[subject] = {}
            order.append(subject)
        facts[subject].setdefault(quad.predicate.value, []).append(quad.object)
    schemes = [s for s in order if any(o.value == _SKOS + "ConceptScheme" for o in facts[s].get(_RDF_TYPE, []))]
    concepts_iris = [s for s in order if _SKOS + "notation" in facts[s]]
    code_of = {iri: _first(facts[iri], _SKOS + "notation") for iri in concepts_iris}
    concepts = []
    for iri in concepts_iris:
        broader = [o.value for o in facts[iri].get(_SKOS + "broader", [])]
        concepts.append(
            Concept(
                code=code_of[iri],
                label=_first(facts[iri], _SKOS + "prefLabel", "zh") or code_of[iri],
                label_en=_first(facts[iri], _SKOS + "prefLabel", "en"),
                parent=code_of.get(broader[0]) if broader else None,
                terms=tuple(o.value for o in facts[iri].get(_TRIGGER, [])),
                examples=tuple(o.value for o in facts[iri].get(_SKOS + "example", [])),
                iri=iri,
            )
        )
    if not concepts:
        raise InputError(f"{shown(path)}: the codebook has no concept with a skos:notation")
    exhaustive = bool(schemes) and any(o.value == "true" for o in facts[schemes[0]].get(_EXHAUSTIVE, []))
    return Codebook(name, schemes[0] if schemes else path.as_uri(), _ordered(concepts, path), exhaustive)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _first(facts: dict, predicate: str, language: str | None = None) -> str:
    values = facts.get(predicate, [])
    if language is not None:
        values = [v for v in values if getattr(v, "language", None) == language]
    return values[0].value if values else ""


def _from_csv(path: Path) -> Codebook:
    """code,parent,label,terms[,label_en,example] — terms separated by |."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{shown(path)}: cannot read the codebook ({error}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    missing = {"code", "parent", "label", "terms"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(
            f"{shown(path)}: a codebook CSV needs the columns code, parent, label, terms (missing: {', '.join(sorted(missing))})"
        )
    name = path.stem
    base = f"{CODEBOOK_NS}{name}#"
    concepts = []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not code:
            raise InputError(f"{shown(path)}: line {number} has no code; give every row a code")
        concepts.append(
            Concept(
                code=code,
                label=(row.get("label") or "").strip() or code,
                label_en=(row.get("label_en") or "").strip(),
                parent=(row.get("parent") or "").strip() or None,
                terms=tuple(t.strip() for t in (row.get("terms") or "").split("|") if t.strip()),
                examples=tuple(e.strip() for e in (row.get("example") or "").split("|") if e.strip()),
                iri=base + quote(code, safe="._~-"),
            )
        )
    codes = [concept.code for concept in concepts]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise InputError(f"{shown(path)}: the code {repeated[0]} is on two rows; give each code one row")
    for concept in concepts:
        if concept.parent and concept.parent not in codes:
            raise InputError(f"{shown(path)}: {concept.code}'s parent {concept.parent} is not a code of the codebook")
    if not rows:
        raise InputError(f"{shown(path)}: the codebook has no codes; add a row per code under the header")
    return Codebook(name, f"{CODEBOOK_NS}{name}", _ordered(concepts, path))


def _ordered(concepts: list[Concept], path: Path) -> list[Concept]:
    """Types first in file order, each followed by its sub-concepts in file order; parents
    that go round in a circle are an error (no concept of the circle has a type)."""
    children: dict[str | None, list[Concept]] = {}
    for concept in concepts:
        children.setdefault(concept.parent, []).append(concept)
    ordered: list[Concept] = []

    def visit(concept: Concept) -> None:
        ordered.append(concept)
        for child in children.get(concept.code, []):
            visit(child)

    known = {concept.code for concept in concepts}
    for concept in concepts:
        if concept.parent is None or concept.parent not in known:
            visit(concept)
    if len(ordered) < len(concepts):
        circle = sorted(known - {concept.code for concept in ordered})
        raise InputError(
            f"{shown(path)}: the parents of {', '.join(circle)} go round in a circle; give one of them no parent"
        )
    return ordered
