"""A plan's graph → PlanView: its measures in order with their words, units, targets,
programmes and citations, read from the quads of the plan's named graph in one pass.

A plan in the store and a plan in a file (built in memory) are read by the same code."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from kg import ids
from kg.diff.model import MeasureView, PlanView, TargetView
from kg.vocab import DCTERMS, ELI, PK, PROV, SCHEMA, SKOS, TIME

_COMPARATORS = {
    PK.Equal.value: "=",
    PK.Greater.value: ">",
    PK.AtLeast.value: ">=",
    PK.Less.value: "<",
    PK.AtMost.value: "<=",
    PK.Approximately.value: "~",
    PK.Range.value: "range",
}


class _Graph:
    """The quads of one graph as subject → predicate → objects, in the order stored."""

    def __init__(self, quads):
        self.facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for quad in quads:
            self.facts[quad.subject.value][quad.predicate.value].append(quad.object)

    def all(self, subject: str, predicate: NamedNode) -> list:
        return self.facts.get(subject, {}).get(predicate.value, [])

    def one(self, subject: str, predicate: NamedNode, language: str | None = None) -> str:
        """The first value (of that language, when asked), "" when there is none."""
        values = self.all(subject, predicate)
        if language is not None:
            values = [v for v in values if isinstance(v, Literal) and v.language == language] or values
        return min((v.value for v in values), default="")


def read_plan(oxigraph, plan: NamedNode) -> PlanView:
    """The view of ``plan`` in an Oxigraph store (its named graph is the plan's IRI); names
    the plan's graph lacks (the registry's programmes) are looked up in the whole store."""
    graph = _Graph(oxigraph.quads_for_pattern(None, None, None, plan))
    source = graph.one(plan.value, PK.sourceText)

    def label(iri) -> str:
        found = graph.one(iri.value, SKOS.prefLabel, "zh") or graph.one(iri.value, ELI.title, "zh")
        if not found:
            found = min(
                (
                    quad.object.value
                    for quad in oxigraph.quads_for_pattern(iri, SKOS.prefLabel, None, None)
                    if quad.object.language in ("zh", None)
                ),
                default="",
            )
        return found or iri.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def cut(span) -> str:
        found = ids.span_of(span.value) if isinstance(span, NamedNode) else None
        return source[found[1] : found[2]] if found else ""

    def targets_of(owner: str) -> tuple[TargetView, ...]:
        found = []
        for node in graph.all(owner, PK.target):
            found.append((_span_start(graph, node.value), _target(graph, node.value)))
        return tuple(target for _, target in sorted(found, key=lambda pair: pair[0]))

    measures = []
    for node in graph.all(plan.value, PK.measure):
        iri = node.value
        try:
            number = int(graph.one(iri, PK.number))
        except ValueError:
            continue
        # A measure's group, else (a plan whose sections hold the measures) its section.
        groups = graph.all(iri, PK.inGroup) or graph.all(iri, PK.inSection)
        units: dict[str, list[tuple[int, str]]] = {"lead": [], "participant": []}
        for assignment in graph.all(iri, PROV.qualifiedAssociation):
            kind = "lead" if graph.one(assignment.value, PROV.hadRole) == PK.LeadRole.value else "participant"
            position = int(graph.one(assignment.value, PK.position) or 0)
            agent = graph.one(assignment.value, PROV.agent)
            units[kind].append((position, graph.one(assignment.value, PK.asWritten), agent))
        responsibility = graph.all(iri, PK.responsibilityText)
        measures.append(
            MeasureView(
                iri=iri,
                number=number,
                label=graph.one(iri, PK.label),
                group=graph.one(groups[0].value, ELI.title) if groups else "",
                title=graph.one(iri, ELI.title),
                body=graph.one(iri, PK.body),
                responsibility=cut(responsibility[0]) if responsibility else "",
                leads=tuple(name for _, name, _ in sorted(units["lead"])),
                participants=tuple(name for _, name, _ in sorted(units["participant"])),
                targets=targets_of(iri),
                programmes=_programmes(graph, iri, label),
                references=tuple(sorted({_cited(graph, c.value, label) for c in graph.all(iri, ELI.cites)})),
                lead_units=tuple(unit for _, _, unit in sorted(units["lead"])),
                participant_units=tuple(unit for _, _, unit in sorted(units["participant"])),
            )
        )
    measures.sort(key=lambda measure: measure.number)
    return PlanView(
        iri=plan.value,
        id=graph.one(plan.value, DCTERMS.identifier) or ids.id_of(plan),
        title=graph.one(plan.value, ELI.title, "zh"),
        version=graph.one(plan.value, SCHEMA.creativeWorkStatus),
        measures=tuple(measures),
        targets=targets_of(plan.value),
    )


def _span_start(graph: _Graph, node: str) -> int:
    spans = graph.all(node, PK.text)
    found = ids.span_of(spans[0].value) if spans else None
    return found[1] if found else 0


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _target(graph: _Graph, node: str) -> TargetView:
    deadline = ""
    for instant in graph.all(node, PK.deadline):
        deadline = graph.one(instant.value, TIME.inXSDgYear) or graph.one(instant.value, TIME.inXSDDate)
    value_max = graph.one(node, SCHEMA.maxValue)
    return TargetView(
        metric=graph.one(node, PK.metric),
        comparator=_COMPARATORS.get(graph.one(node, PK.comparator), "="),
        value=_decimal(graph.one(node, SCHEMA.value)) or Decimal(0),
        value_max=_decimal(value_max),
        unit=graph.one(node, SCHEMA.unitText),
        deadline=deadline or None,
        text=graph.one(node, PK.quote),
        iri=node,
    )


def _programmes(graph: _Graph, measure: str, label) -> tuple[str, ...]:
    """The programmes a measure mentions by name; a glossary entry that is a registry
    programme the measure also mentions (skos:exactMatch) is that programme."""
    mentioned = graph.all(measure, PK.mentions)
    named = {node.value for node in mentioned}
    return tuple(
        sorted(
            {
                label(node)
                for node in mentioned
                if not any(match.value in named for match in graph.all(node.value, SKOS.exactMatch))
            }
        )
    )


def _cited(graph: _Graph, node: str, label) -> str:
    """A cited document by its number (国发〔2019〕4号), else its title."""
    return graph.one(node, PK.documentNumber) or graph.one(node, ELI.title) or label(NamedNode(node))
