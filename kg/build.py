"""Stage 5 — records to RDF quads, one named graph per plan.

IRIs are made from what the plan says, never from file names or run order, so the
same text always gives the same graph; the quads are sorted, so serialisations are
byte-identical too.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg.extract.responsibility import LeadBasis, Responsibility, ResponsibilityFormat, Role, Status
from kg.registry import Jurisdiction, Registry, ResolvedUnit, issuer_of
from kg.structure import Document, Span
from kg.vocab import ELI, ID_NS, OA, PK, PROV, RDF, SKOS, XSD

_STATUS = {
    Status.ASSIGNED: PK.Assigned,
    Status.NO_LEAD: PK.NoLead,
    Status.VAGUE: PK.Vague,
    Status.UNASSIGNED: PK.Unassigned,
}
_BASIS = {LeadBasis.FIRST_IS_LEAD_RULE: PK.FirstIsLeadRule, LeadBasis.LABEL: PK.LeadLabel, LeadBasis.NONE: PK.NoLeadBasis}
_FORMAT = {
    ResponsibilityFormat.UNIT_LIST: PK.UnitListFormat,
    ResponsibilityFormat.LABELLED: PK.LabelledFormat,
    ResponsibilityFormat.NONE: PK.NoFormat,
}
_ROLE = {Role.LEAD: PK.LeadRole, Role.PARTICIPANT: PK.ParticipantRole}


def document_id(document: Document) -> str:
    """A short id from the plan's title and period: stable across files and runs."""
    period = "-".join(map(str, document.period)) if document.period else ""
    seed = f"{document.title}\n{period}".encode("utf-8")
    return hashlib.sha256(seed).hexdigest()[:12]


def jurisdiction_iri(jurisdiction: Jurisdiction) -> NamedNode:
    return NamedNode(f"{ID_NS}jurisdiction/{jurisdiction.key}")


def unit_iri(unit: ResolvedUnit) -> NamedNode:
    """``…/unit/益阳市-finance``; an unresolved unit is named by a hash of its name."""
    place = unit.jurisdiction.key
    if unit.kind:
        return NamedNode(f"{ID_NS}unit/{place}-{unit.kind.slug}")
    digest = hashlib.sha256(unit.identity[1].encode("utf-8")).hexdigest()[:12]
    return NamedNode(f"{ID_NS}unit/{place}-unresolved-{digest}")


def part_iri(document: NamedNode, *path: object) -> NamedNode:
    """A part of a plan: ``…/plan/<id>#measure-17-assignment-1``."""
    return NamedNode(f"{document.value}#{'-'.join(map(str, path))}")


@dataclass
class BuiltDocument:
    """A plan as quads in its own graph, with what a summary needs."""

    document: Document
    id: str
    iri: NamedNode
    issuer: Jurisdiction
    responsibilities: list[Responsibility]
    units: dict[str, ResolvedUnit]  # canonical name → unit
    quads: list[Quad] = field(default_factory=list)

    @property
    def assignments(self) -> int:
        return sum(len(r.units) for r in self.responsibilities)

    @property
    def unresolved(self) -> list[str]:
        return sorted(name for name, unit in self.units.items() if not unit.resolved)


class _Writer:
    def __init__(self, graph: NamedNode):
        self.graph = graph
        self.quads: set[Quad] = set()

    def add(self, subject, predicate, obj) -> None:
        self.quads.add(Quad(subject, predicate, obj, self.graph))

    def text(self, value: str) -> Literal:
        return Literal(value)

    def zh(self, value: str) -> Literal:
        return Literal(value, language="zh")

    def integer(self, value: int) -> Literal:
        return Literal(str(value), datatype=XSD.integer)

    def span(self, subject: NamedNode, predicate: NamedNode, source: NamedNode, span: Span, exact: str) -> None:
        """Tie ``subject`` to a span of the plan's text with Web Annotation selectors."""
        target = NamedNode(f"{subject.value}-{predicate.value.rsplit('#', 1)[-1]}")
        position, quote = NamedNode(target.value + "-position"), NamedNode(target.value + "-quote")
        self.add(subject, predicate, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, source)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(str(span[0]), datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(str(span[1]), datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, self.text(exact))


def _canonical_names(mentions: list[tuple[str, ResolvedUnit]]) -> dict[tuple[str, str], str]:
    """For each unit, the name the plan writes it by most often (first seen on a tie)."""
    counts: dict[tuple[str, str], Counter] = {}
    for written, unit in mentions:
        counts.setdefault(unit.identity, Counter())[written] += 1
    return {identity: counter.most_common(1)[0][0] for identity, counter in counts.items()}


def build(document: Document, responsibilities: list[Responsibility], registry: Registry, source_file: str = "") -> BuiltDocument:
    names = [unit.name for r in responsibilities for unit in r.units]
    issuer = issuer_of(document.title, names)
    doc_id = document_id(document)
    doc = NamedNode(f"{ID_NS}plan/{doc_id}")
    out = _Writer(doc)

    mentions = [(unit.name, registry.resolve(unit.name, issuer)) for r in responsibilities for unit in r.units]
    canonical = _canonical_names(mentions)
    units_by_identity = {unit.identity: unit for _, unit in mentions}

    text = document.text
    out.add(doc, RDF.type, PK.Plan)
    out.add(doc, PK.documentId, out.text(doc_id))
    out.add(doc, ELI.title, out.zh(document.title))
    out.add(doc, PK.sourceText, out.text(text.original))
    out.add(doc, PK.sha256, out.text(text.sha256))
    out.add(doc, PK.measureCount, out.integer(len(document.measures)))
    if source_file:
        out.add(doc, PK.sourceFile, out.text(source_file))
    if document.period:
        out.add(doc, PK.periodStart, Literal(str(document.period[0]), datatype=XSD.gYear))
        out.add(doc, PK.periodEnd, Literal(str(document.period[1]), datatype=XSD.gYear))
    if document.status:
        out.add(doc, PK.draftStatus, out.zh(document.status))
    _jurisdiction(out, issuer)
    out.add(doc, PK.issuer, jurisdiction_iri(issuer))

    for section in document.sections:
        node = part_iri(doc, "section", section.number)
        out.add(node, RDF.type, PK.Section)
        out.add(node, PK.number, out.integer(section.number))
        out.add(node, ELI.title, out.zh(section.title))
        out.add(node, ELI.is_part_of, doc)
        out.add(doc, ELI.has_part, node)
    for group in document.groups:
        node = part_iri(doc, "group", group.number)
        out.add(node, RDF.type, PK.Group)
        out.add(node, PK.number, out.integer(group.number))
        out.add(node, PK.label, out.text(group.label))
        out.add(node, ELI.title, out.zh(group.title))
        parent = part_iri(doc, "section", group.section) if group.section and document.sections else doc
        out.add(node, ELI.is_part_of, parent)
        out.add(parent, ELI.has_part, node)
        if group.section and document.sections:
            out.add(node, PK.inSection, parent)

    for identity, unit in sorted(units_by_identity.items()):
        _unit(out, unit, canonical[identity], [w for w, u in mentions if u.identity == identity])

    by_number = {r.measure: r for r in responsibilities}
    for measure in document.measures:
        node = part_iri(doc, "measure", measure.number)
        out.add(node, RDF.type, PK.Measure)
        out.add(doc, PK.measure, node)
        out.add(node, PK.number, out.integer(measure.number))
        out.add(node, PK.label, out.text(measure.label))
        out.add(node, ELI.title, out.zh(measure.heading))
        out.add(node, PK.body, out.zh(measure.body))
        out.span(node, PK.text, doc, measure.span, document.quote(measure.span))
        group = document.group_of(measure)
        parent = doc
        if measure.section is not None and document.sections:
            out.add(node, PK.inSection, part_iri(doc, "section", measure.section))
            parent = part_iri(doc, "section", measure.section)
        if group is not None:
            parent = part_iri(doc, "group", group.number)
            out.add(node, PK.inGroup, parent)
        out.add(node, ELI.is_part_of, parent)
        out.add(parent, ELI.has_part, node)

        responsibility = by_number[measure.number]
        out.add(node, PK.responsibilityStatus, _STATUS[responsibility.status])
        out.add(node, PK.responsibilityFormat, _FORMAT[responsibility.format])
        out.add(node, PK.leadBasis, _BASIS[responsibility.lead_basis])
        if responsibility.vague_text:
            out.add(node, PK.vagueResponsibility, out.zh(responsibility.vague_text))
        if responsibility.clause_span:
            out.span(node, PK.responsibilityText, doc, responsibility.clause_span, document.quote(responsibility.clause_span))
        for mention in responsibility.units:
            agent = unit_iri(registry.resolve(mention.name, issuer))
            assignment = part_iri(doc, "measure", measure.number, "assignment", mention.position)
            out.add(node, PK.leadUnit if mention.role is Role.LEAD else PK.participatingUnit, agent)
            out.add(node, PROV.qualifiedAssociation, assignment)
            out.add(assignment, RDF.type, PK.Assignment)
            out.add(assignment, PROV.agent, agent)
            out.add(assignment, PROV.hadRole, _ROLE[mention.role])
            out.add(assignment, PK.position, out.integer(mention.position))
            out.add(assignment, PK.asWritten, out.zh(mention.name))
            if mention.label:
                out.add(assignment, PK.writtenLabel, out.zh(mention.label))
            out.span(assignment, PK.text, doc, mention.span, mention.name)

    units = {canonical[identity]: unit for identity, unit in units_by_identity.items()}
    quads = sorted(out.quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    return BuiltDocument(document, doc_id, doc, issuer, responsibilities, units, quads)


def _jurisdiction(out: _Writer, jurisdiction: Jurisdiction) -> NamedNode:
    node = jurisdiction_iri(jurisdiction)
    out.add(node, RDF.type, PK.Jurisdiction)
    out.add(node, SKOS.prefLabel, out.zh(jurisdiction.name or jurisdiction.key))
    if jurisdiction.level:
        out.add(node, PK.level, out.text(jurisdiction.level))
    return node


def _unit(out: _Writer, unit: ResolvedUnit, canonical: str, written_forms: list[str]) -> None:
    node = unit_iri(unit)
    out.add(node, RDF.type, PK.Unit)
    out.add(node, SKOS.prefLabel, out.zh(canonical))
    for form in sorted(set(written_forms) - {canonical}):
        out.add(node, SKOS.altLabel, out.zh(form))
    out.add(node, PK.jurisdiction, _jurisdiction(out, unit.jurisdiction))
    out.add(node, PK.resolved, Literal("true" if unit.resolved else "false", datatype=XSD.boolean))
    if unit.kind:
        out.add(node, RDF.type, NamedNode(PK.Unit.value.replace("#Unit", "#" + unit.kind.unit_type)))
        out.add(node, PK.kind, NamedNode(unit.kind.iri))
        out.add(node, SKOS.prefLabel, Literal(unit.kind.en, language="en"))
    else:
        out.add(node, RDF.type, PK.UnresolvedUnit)
