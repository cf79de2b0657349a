"""Stage 5 — records to RDF quads, one named graph per plan.

IRIs are made from what the plan says, never from file names or run order, so the
same text always gives the same graph; the quads are sorted, so serialisations are
byte-identical too.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg import ids
from kg.extract import Facts
from kg.extract.institutions import InstitutionRole
from kg.extract.programmes import ProgrammeRef
from kg.extract.references import Reference
from kg.extract.responsibility import LeadBasis, Responsibility, ResponsibilityFormat, Role, Status
from kg.extract.targets import Comparator, Target
from kg.ids import part_iri
from kg.registry import Jurisdiction, Registry, ResolvedUnit, issuer_of_plan
from kg.structure import Document, Span
from kg.vocab import DCAT, DCTERMS, ELI, ORG, PK, PKP_NS, PROV, RDF, SCHEMA, SKOS, TIME, XSD

_STATUS = {
    Status.ASSIGNED: PK.Assigned,
    Status.NO_LEAD: PK.NoLead,
    Status.VAGUE: PK.Vague,
    Status.UNASSIGNED: PK.Unassigned,
}
_BASIS = {
    LeadBasis.FIRST_IS_LEAD_RULE: PK.FirstIsLeadRule,
    LeadBasis.LABEL: PK.LeadLabel,
    LeadBasis.CHARGED: PK.ChargedBesideAssisting,
    LeadBasis.NONE: PK.NoLeadBasis,
}
_FORMAT = {
    ResponsibilityFormat.UNIT_LIST: PK.UnitListFormat,
    ResponsibilityFormat.LABELLED: PK.LabelledFormat,
    ResponsibilityFormat.NONE: PK.NoFormat,
}
_ROLE = {Role.LEAD: PK.LeadRole, Role.PARTICIPANT: PK.ParticipantRole}
_COMPARATOR = {
    Comparator.EQUAL: PK.Equal,
    Comparator.GREATER: PK.Greater,
    Comparator.AT_LEAST: PK.AtLeast,
    Comparator.LESS: PK.Less,
    Comparator.AT_MOST: PK.AtMost,
    Comparator.APPROXIMATELY: PK.Approximately,
    Comparator.RANGE: PK.Range,
}


def document_id(document: Document) -> str:
    """A short id from the plan's title, period and version: stable across files and runs."""
    return ids.plan_id(document.title, document.period, document.status)


def jurisdiction_iri(jurisdiction: Jurisdiction) -> NamedNode:
    return ids.jurisdiction_iri(jurisdiction.key)


def unit_iri(unit: ResolvedUnit) -> NamedNode:
    """``…/unit/长沙市-finance``; an unresolved unit is named by a hash of its name."""
    return ids.unit_iri(unit.jurisdiction.key, unit.kind.slug if unit.kind else None, unit.identity[1])


@dataclass
class BuiltDocument:
    """A plan as quads in its own graph, with what a summary needs."""

    document: Document
    id: str
    iri: NamedNode
    issuer: Jurisdiction
    facts: Facts
    units: dict[str, ResolvedUnit]  # canonical name → unit, for every unit the plan names
    nquads: bytes = b""  # the plan's graph: its quads, sorted, as N-Quads

    @cached_property
    def quads(self) -> list[Quad]:
        """The plan's quads, in the order of ``nquads`` (read from them when first asked for)."""
        return _parsed(self.nquads)

    def quads_of(self, *predicates: NamedNode) -> list[Quad]:
        """The plan's quads of ``predicates`` only, in order: only their lines are parsed,
        a fraction of the cost of ``quads``."""
        nquads, starts = self.nquads, set()
        for predicate in predicates:
            needle = f"> <{predicate.value}> ".encode()
            at = nquads.find(needle)
            while at != -1:
                starts.add(nquads.rfind(b"\n", 0, at) + 1)
                at = nquads.find(needle, at + 1)
        lines = b"".join(nquads[start : nquads.index(b"\n", start) + 1] for start in sorted(starts))
        # The needle may stand in an object too (an IRI, a literal quoting one): the predicate decides.
        return [quad for quad in _parsed(lines) if quad.predicate in predicates]

    @property
    def responsibilities(self) -> list[Responsibility]:
        return self.facts.responsibilities

    @property
    def assignments(self) -> int:
        return sum(len(r.units) for r in self.responsibilities)

    @property
    def unresolved(self) -> list[str]:
        """Names the registry does not know; vague collectives (各有关单位) are no department to know."""
        vague = {u.name for r in self.responsibilities for u in r.units if u.vague}
        return sorted(name for name, unit in self.units.items() if not unit.resolved and name not in vague)


# How N-Triples writes a string: these characters escaped, every other one as it is.
_ESCAPES = {
    **{chr(code): f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
    **{"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"},
}
_ESCAPED = re.compile(f"[{re.escape(''.join(_ESCAPES))}]")


def _quoted(value: str) -> str:
    """``value`` as the quoted string of an N-Triples literal, as pyoxigraph writes it.
    (A regex finds the few characters to escape far faster than str.translate walks a
    text of Chinese characters.)"""
    return f'"{_ESCAPED.sub(_escape, value)}"'


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


class _Writer:
    """A plan's quads, collected as N-Quads lines: an IRI is written ``<…>`` and a literal
    by the methods below, in the form pyoxigraph serialises them. pyoxigraph builds a Quad
    whose object is a literal slowly (≈10 µs, fifteen times one whose object is an IRI), so
    a plan is kept as its sorted lines (``finish``), parsed into quads only when they are
    asked for (``BuiltDocument.quads``)."""

    def __init__(self, graph: NamedNode):
        self._end = f" <{graph.value}> .\n"
        self.lines: set[str] = set()

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | str) -> None:
        """``obj``: an IRI, or a literal as written by ``text``, ``zh`` … below."""
        written = obj if isinstance(obj, str) else f"<{obj.value}>"
        self.lines.add(f"<{subject.value}> <{predicate.value}> {written}{self._end}")

    def text(self, value: str) -> str:
        return _quoted(value)

    def zh(self, value: str) -> str:
        return _quoted(value) + "@zh"

    def en(self, value: str) -> str:
        return _quoted(value) + "@en"

    def typed(self, value: str, datatype: NamedNode) -> str:
        return f"{_quoted(value)}^^<{datatype.value}>"

    def integer(self, value: int) -> str:
        return self.typed(str(value), XSD.integer)

    def decimal(self, value) -> str:
        return self.typed(format(value, "f"), XSD.decimal)

    def span(self, subject: NamedNode, predicate: NamedNode, plan: NamedNode, span: Span) -> None:
        """Tie ``subject`` to the characters of the plan's text it was read from: one
        RFC 5147 fragment IRI (``…/plan/<id>#char=120,135``), nothing else to store."""
        self.add(subject, predicate, ids.span_iri(plan, span[0], span[1]))

    def finish(self) -> bytes:
        """The quads as N-Quads, sorted by subject, predicate and object, each as N-Triples
        text. A line sorts as its terms do: each term ends before a space, and none continues
        with a character below it; UTF-8 keeps the order of the characters, and its bytes
        compare faster than the text."""
        return b"".join(sorted([line.encode("utf-8") for line in self.lines]))


def _parsed(nquads: bytes) -> list[Quad]:
    # Every IRI was checked when its NamedNode was made: the parser need not check them again.
    return list(parse(nquads, format=RdfFormat.N_QUADS, lenient=True))


def _written_forms(mentions: list[tuple[str, ResolvedUnit]]) -> dict[tuple[str, str], list[str]]:
    """For each unit (by identity), the names the plan writes it by, one per mention."""
    forms: dict[tuple[str, str], list[str]] = {}
    for written, unit in mentions:
        forms.setdefault(unit.identity, []).append(written)
    return forms


def _canonical_name(forms: list[str]) -> str:
    """The name the plan writes a unit by most often (first seen on a tie)."""
    return Counter(forms).most_common(1)[0][0]


def build(
    document: Document,
    facts: Facts,
    registry: Registry,
    source_file: str = "",
    disagreements: list | None = None,
    issuer: Jurisdiction | None = None,
) -> BuiltDocument:
    """Every fact of one plan as quads in the plan's own graph; ``disagreements`` between
    the plan's text and its task table (kg.tasks.Disagreement) go in too.
    ``issuer`` (``build --issuer``) overrides the jurisdiction read from the plan."""
    responsibilities = facts.responsibilities
    members = [m for m in facts.institutions if m.role is InstitutionRole.MEMBER]
    names = [unit.name for r in responsibilities for unit in r.units]
    doc_id = document_id(document)
    issuer = issuer or issuer_of_plan(document, names, plan=doc_id)
    # One body the plan writes with two names is one unit under either name alone.
    registry = registry.in_plan(names + [m.name for m in members], issuer)
    doc = ids.plan_iri(doc_id)
    out = _Writer(doc)

    mentions = [(name, registry.resolve(name, issuer)) for name in names + [m.name for m in members]]
    agents = {name: unit_iri(unit) for name, unit in mentions}  # each unit's IRI, by the name written
    forms = _written_forms(mentions)
    canonical = {identity: _canonical_name(written) for identity, written in forms.items()}
    units_by_identity = {unit.identity: unit for _, unit in mentions}

    text = document.text
    out.add(doc, RDF.type, PK.Plan)
    # The plan's metadata in ELI, Dublin Core, DCAT and schema.org terms where they have one;
    # ontology/policy.ttl says why each term was chosen.
    out.add(doc, DCTERMS.identifier, out.text(doc_id))
    out.add(doc, ELI.title, out.zh(document.title))
    if document.period:
        period = part_iri(doc, "period")
        out.add(doc, DCTERMS.temporal, period)
        out.add(period, RDF.type, DCTERMS.PeriodOfTime)
        out.add(period, DCAT.startDate, out.typed(str(document.period[0]), XSD.gYear))
        out.add(period, DCAT.endDate, out.typed(str(document.period[1]), XSD.gYear))
    if document.status:
        out.add(doc, SCHEMA.creativeWorkStatus, out.zh(document.status))
    if document.date:
        out.add(doc, ELI.date_document, out.typed(document.date, XSD.date))
    _jurisdiction(out, issuer)
    out.add(doc, ELI.jurisdiction, jurisdiction_iri(issuer))
    out.add(doc, PK.sourceFormat, out.text(text.format))
    out.add(doc, PK.sourceText, out.text(text.original))
    out.add(doc, PK.sha256, out.text(text.sha256))
    out.add(doc, PK.measureCount, out.integer(len(document.measures)))
    if source_file:
        out.add(doc, PK.sourceFile, out.text(source_file))

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

    # Each place once, however many of its units the plan names.
    places = {place: _jurisdiction(out, place) for place in {unit.jurisdiction for unit in units_by_identity.values()}}
    for identity, unit in sorted(units_by_identity.items()):
        _unit(out, unit, canonical[identity], forms[identity], places[unit.jurisdiction])

    clean = facts.glossary.clean
    by_number = {r.measure: r for r in responsibilities}
    for measure in document.measures:
        node = part_iri(doc, "measure", measure.number)
        out.add(node, RDF.type, PK.Measure)
        out.add(doc, PK.measure, node)
        out.add(node, PK.number, out.integer(measure.number))
        out.add(node, PK.label, out.text(measure.label))
        out.add(node, ELI.title, out.zh(clean(text.original, measure.heading_span).strip()))
        out.add(node, PK.body, out.zh(clean(text.original, measure.body_span)))
        out.span(node, PK.text, doc, measure.span)
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
        _responsibility(out, doc, node, measure.number, by_number[measure.number], agents)

    _glossary(out, doc, facts, document)
    _programmes(out, doc, facts)
    for index, target in enumerate(facts.targets, start=1):
        _target(out, doc, part_iri(doc, "target", index), target, document)
    for index, reference in enumerate(facts.references, start=1):
        _reference(out, doc, part_iri(doc, "citation", index), reference, document)
    _institutions(out, doc, facts, agents)
    for index, disagreement in enumerate(disagreements or [], start=1):
        node = part_iri(doc, "task-table-disagreement", index)
        out.add(node, RDF.type, PK.TaskTableDisagreement)
        out.add(_owner(doc, disagreement.measure), PK.disagreement, node)
        out.add(node, PK.disagreementKind, out.text(disagreement.kind))
        out.add(node, PK.planSays, out.zh(disagreement.plan))
        out.add(node, PK.tableSays, out.zh(disagreement.table))
        if disagreement.row is not None:
            out.add(node, PK.tableRow, out.integer(disagreement.row))

    units = {canonical[identity]: unit for identity, unit in units_by_identity.items()}
    return BuiltDocument(document, doc_id, doc, issuer, facts, units, out.finish())


def _owner(doc: NamedNode, measure: int | None) -> NamedNode:
    """The measure a fact belongs to, or the plan itself for facts outside the measures."""
    return doc if measure is None else part_iri(doc, "measure", measure)


def _responsibility(out, doc, node, number, responsibility, agents) -> None:
    out.add(node, PK.responsibilityStatus, _STATUS[responsibility.status])
    out.add(node, PK.responsibilityFormat, _FORMAT[responsibility.format])
    out.add(node, PK.leadBasis, _BASIS[responsibility.lead_basis])
    if responsibility.vague_text:
        out.add(node, PK.vagueResponsibility, out.zh(responsibility.vague_text))
    if responsibility.clause_span:
        out.span(node, PK.responsibilityText, doc, responsibility.clause_span)
    for index, suspicious in enumerate(responsibility.suspicious, start=1):
        candidate = part_iri(doc, "measure", number, "suspicious-unit", index)
        out.add(node, PK.suspiciousUnit, candidate)
        out.add(candidate, RDF.type, PK.SuspiciousUnit)
        out.add(candidate, PK.asWritten, out.zh(suspicious.text))
        out.add(candidate, PK.reason, out.text(suspicious.reason))
        out.span(candidate, PK.text, doc, suspicious.span)
    for mention in responsibility.units:
        agent = agents[mention.name]
        if mention.vague:
            out.add(agent, RDF.type, PK.VagueCollective)
        assignment = part_iri(doc, "measure", number, "assignment", mention.position)
        out.add(node, PK.leadUnit if mention.role is Role.LEAD else PK.participatingUnit, agent)
        out.add(node, PROV.qualifiedAssociation, assignment)
        out.add(assignment, RDF.type, PK.Assignment)
        out.add(assignment, PROV.agent, agent)
        out.add(assignment, PROV.hadRole, _ROLE[mention.role])
        out.add(assignment, PK.position, out.integer(mention.position))
        out.add(assignment, PK.asWritten, out.zh(mention.name))
        if mention.label:
            out.add(assignment, PK.writtenLabel, out.zh(mention.label))
        out.span(assignment, PK.text, doc, mention.span)


def _measure_at(doc: NamedNode, document: Document, offset: int) -> NamedNode | None:
    for measure in document.measures:
        if measure.span[0] <= offset < measure.span[1]:
            return part_iri(doc, "measure", measure.number)
    return None


def _glossary(out: _Writer, doc: NamedNode, facts: Facts, document: Document) -> None:
    if not facts.glossary.entries:
        return
    scheme = part_iri(doc, "glossary")
    out.add(doc, PK.glossary, scheme)
    out.add(scheme, RDF.type, SKOS.ConceptScheme)
    for entry in facts.glossary.entries:
        node = part_iri(doc, "note", entry.number)
        out.add(node, RDF.type, PK.GlossaryEntry)
        out.add(node, RDF.type, SKOS.Concept)
        out.add(node, SKOS.inScheme, scheme)
        out.add(node, SKOS.notation, out.text(str(entry.number)))
        out.add(node, SKOS.prefLabel, out.zh(entry.label))
        if entry.term != entry.label:
            out.add(node, SKOS.altLabel, out.zh(entry.term))
        out.add(node, SKOS.definition, out.zh(entry.definition))
        out.span(node, PK.text, doc, entry.span)
        if entry.number in facts.programmes.glossary_matches:
            out.add(node, SKOS.exactMatch, NamedNode(PKP_NS + facts.programmes.glossary_matches[entry.number]))
        for index, marker in enumerate(entry.markers, start=1):
            marker_node = part_iri(doc, "note", entry.number, "marker", index)
            out.add(node, PK.marker, marker_node)
            out.add(marker_node, RDF.type, PK.FootnoteMarker)
            out.span(marker_node, PK.text, doc, marker.span)
            owner = _measure_at(doc, document, marker.span[0])
            if owner is not None:
                out.add(marker_node, PK.inMeasure, owner)
                out.add(owner, PK.footnote, node)


def _programme_iri(doc: NamedNode, ref: ProgrammeRef) -> NamedNode:
    if ref.source == "registry":
        return NamedNode(PKP_NS + ref.key)
    if ref.source == "glossary":
        return part_iri(doc, "note", ref.key)
    digest = hashlib.sha256(ref.key.encode("utf-8")).hexdigest()[:10]
    return part_iri(doc, "programme", digest)


def _programmes(out: _Writer, doc: NamedNode, facts: Facts) -> None:
    for named in facts.programmes.named:
        node = _programme_iri(doc, ProgrammeRef("named", named.label))
        out.add(node, RDF.type, PK.Programme)
        out.add(node, RDF.type, SKOS.Concept)
        out.add(node, SKOS.prefLabel, out.zh(named.label))
        if named.written != named.label:
            out.add(node, SKOS.altLabel, out.zh(named.written))
    entry_of_slug = {slug: number for number, slug in facts.programmes.glossary_matches.items()}
    for mention in facts.programmes.mentions:
        owner = _owner(doc, mention.measure)
        out.add(owner, PK.mentions, _programme_iri(doc, mention.programme))
        # A registry programme the plan also defines: its glossary entry is mentioned too.
        if mention.programme.source == "registry" and mention.programme.key in entry_of_slug:
            out.add(owner, PK.mentions, part_iri(doc, "note", entry_of_slug[mention.programme.key]))


def _target(out: _Writer, doc: NamedNode, node: NamedNode, target: Target, document: Document) -> None:
    out.add(_owner(doc, target.measure), PK.target, node)
    out.add(node, RDF.type, PK.Target)
    out.add(node, PK.comparator, _COMPARATOR[target.comparator])
    out.add(node, SCHEMA.value, out.decimal(target.value))
    if target.value_max is not None:
        out.add(node, SCHEMA.minValue, out.decimal(target.value))
        out.add(node, SCHEMA.maxValue, out.decimal(target.value_max))
    out.add(node, SCHEMA.unitText, out.zh(target.unit))
    out.add(node, PK.metric, out.zh(target.metric))
    if target.scope:
        out.add(node, PK.scope, out.zh(target.scope))
    if target.basis:
        out.add(node, PK.basis, out.zh(target.basis))
    if target.baseline is not None:
        out.add(node, PK.baseline, out.decimal(target.baseline))
    if target.deadline_text:
        out.add(node, PK.deadlineText, out.zh(target.deadline_text))
    if target.deadline:
        instant = NamedNode(node.value + "-deadline")
        out.add(node, PK.deadline, instant)
        out.add(instant, RDF.type, TIME.Instant)
        if len(target.deadline) == 4:
            out.add(instant, TIME.inXSDgYear, out.typed(target.deadline, XSD.gYear))
        else:
            out.add(instant, TIME.inXSDDate, out.typed(target.deadline, XSD.date))
        out.add(node, PK.dueYear, out.integer(int(target.deadline[:4])))
    out.span(node, PK.text, doc, target.span)
    out.add(node, PK.quote, out.zh(target.text))


def cited_document_iri(reference: Reference) -> NamedNode:
    """A cited document is named by its number (国发〔2019〕4号), else by its title."""
    number = reference.number
    if number:
        return ids.cited_document_iri(number.issuer_code, number.year, number.number, None)
    return ids.cited_document_iri(None, None, None, reference.title)


def _reference(out: _Writer, doc: NamedNode, node: NamedNode, reference: Reference, document: Document) -> None:
    cited = cited_document_iri(reference)
    owner = _owner(doc, reference.measure)
    out.add(owner, ELI.cites, cited)
    out.add(owner, PK.citation, node)
    out.add(node, RDF.type, PK.Citation)
    out.add(node, PK.cited, cited)
    out.span(node, PK.text, doc, reference.span)
    out.add(node, PK.quote, out.zh(document.quote(reference.span)))
    out.add(cited, RDF.type, PK.CitedDocument)
    if reference.title:
        out.add(cited, ELI.title, out.zh(reference.title))
    if reference.issuer:
        out.add(cited, PK.issuerName, out.zh(reference.issuer))
    if reference.number:
        number = reference.number
        out.add(cited, PK.documentNumber, out.zh(number.text))
        out.add(cited, PK.issuerCode, out.zh(number.issuer_code))
        out.add(cited, PK.documentYear, out.typed(str(number.year), XSD.gYear))
        out.add(cited, PK.serialNumber, out.integer(number.number))


def _institutions(out: _Writer, doc: NamedNode, facts: Facts, agents: dict[str, NamedNode]) -> None:
    bodies: dict[tuple[int, str], NamedNode] = {}
    for mention in facts.institutions:
        measure = part_iri(doc, "measure", mention.measure)
        if mention.role is InstitutionRole.NAMED:
            node = ids.institution_iri(mention.name)
            out.add(measure, PK.institution, node)
            out.add(node, RDF.type, PK.Institution)
            out.add(node, RDF.type, ORG.Organization)
            out.add(node, SKOS.prefLabel, out.zh(mention.name))
            continue
        key = (mention.measure, mention.body or "")
        if key not in bodies:
            bodies[key] = part_iri(
                doc, "measure", mention.measure, "body", len([k for k in bodies if k[0] == mention.measure]) + 1
            )
            out.add(measure, PK.coordinatingBody, bodies[key])
            out.add(bodies[key], RDF.type, PK.Body)
            out.add(bodies[key], RDF.type, ORG.Organization)
            if mention.body:
                out.add(bodies[key], SKOS.prefLabel, out.zh(mention.body))
        out.add(bodies[key], ORG.hasMember, agents[mention.name])


def _jurisdiction(out: _Writer, jurisdiction: Jurisdiction) -> NamedNode:
    node = jurisdiction_iri(jurisdiction)
    out.add(node, RDF.type, PK.Jurisdiction)
    out.add(node, SKOS.prefLabel, out.zh(jurisdiction.name or jurisdiction.key))
    if jurisdiction.level:
        out.add(node, PK.level, out.text(jurisdiction.level))
    return node


def _unit(out: _Writer, unit: ResolvedUnit, canonical: str, written_forms: list[str], place: NamedNode) -> None:
    node = unit_iri(unit)
    out.add(node, RDF.type, PK.Unit)
    out.add(node, SKOS.prefLabel, out.zh(canonical))
    # A body written with two names (县文旅广体局（县文物局）) is found by either.
    for form in sorted((set(written_forms) | set(unit.names)) - {canonical}):
        out.add(node, SKOS.altLabel, out.zh(form))
    out.add(node, PK.jurisdiction, place)
    out.add(node, PK.resolved, out.typed("true" if unit.resolved else "false", XSD.boolean))
    if unit.kind:
        out.add(node, RDF.type, NamedNode(PK.Unit.value.replace("#Unit", "#" + unit.kind.unit_type)))
        out.add(node, PK.kind, NamedNode(unit.kind.iri))
        for kind in unit.also:
            out.add(node, PK.kind, NamedNode(kind.iri))
        out.add(node, SKOS.prefLabel, out.en(unit.kind.en))
    else:
        out.add(node, RDF.type, PK.UnresolvedUnit)
