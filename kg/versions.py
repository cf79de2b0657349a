"""Versions of a plan in the store: which plans are drafts and later texts of one plan
(declared with ``build --version-of``, else recognised by issuer and title), and the
change records between each plan and the version it revises (docs/versions.md).

The links and records are the store's to keep true: ``link`` runs after every build and
removal and rewrites a plan's ``<plan>/revision`` graph only where either version changed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids
from kg.store import REVISION, VERSIONS_GRAPH
from kg.vocab import DCAT, DCTERMS, ELI, PK, PROV, RDF, SCHEMA, XSD

# Declared links (``build --version-of``) live in VERSIONS_GRAPH, apart from the catalog,
# whose entry of a plan is replaced with the plan: a rebuild keeps what the user declared.

# The drafting order of the version labels a plan may carry; a plan with none is the plan.
_STEPS = (
    (0, ("讨论稿", "代拟稿")),
    (1, ("征求意见稿", "公开征求意见稿", "意见征求稿")),
    (2, ("送审稿",)),
    (3, ("草案",)),
    (4, ("", "试行", "暂行", "正式稿", "印发稿")),
    (5, ("修订稿", "修订", "修订版")),
)
STEP = {label: step for step, labels in _STEPS for label in labels}
_VERSION_WORDS = re.compile(
    r"[（(【\[]?\s*(?:\d{4}\s*年\s*)?(?:公开)?(?:征求意见稿|意见征求稿|送审稿|草案|讨论稿|代拟稿|修订稿|修订版|修订|正式稿|印发稿)\s*[）)】\]]?"
)
_PERIOD = re.compile(r"[（(]?\s*\d{4}\s*[-—–~～至到]+\s*\d{4}\s*年?\s*[）)]?")
_NOISE = re.compile(r"[\s\"“”‘’《》「」『』·•、，,。.]")


@dataclass(frozen=True)
class Version:
    plan: str
    title: str
    label: str  # the version label as read ("" for none)
    period: tuple[str, str] | None
    place: str  # the issuer's IRI

    @property
    def step(self) -> int:
        found = STEP.get(self.label)
        if found is None:
            found = 5 if "修订" in self.label or "修订" in self.title else 4
        return found

    @property
    def work(self) -> tuple[str, str]:
        """What versions of one plan share: the issuer and the title without version words,
        period and punctuation."""
        title = _PERIOD.sub("", _VERSION_WORDS.sub("", self.title))
        return self.place, _NOISE.sub("", title)


_PLANS = f"""
SELECT ?plan ?title ?label ?start ?end ?place WHERE {{
  GRAPH ?plan {{
    ?plan a {PK.Plan} ; {ELI.title} ?title .
    OPTIONAL {{ ?plan {SCHEMA.creativeWorkStatus} ?label }}
    OPTIONAL {{ ?plan {DCTERMS.temporal} ?period . ?period {DCAT.startDate} ?start ; {DCAT.endDate} ?end }}
    OPTIONAL {{ ?plan {ELI.jurisdiction} ?place }}
  }}
}}"""


def versions(store) -> dict[str, Version]:
    """Every plan of the store as a version, by IRI."""
    found: dict[str, Version] = {}
    hidden = {plan.value for plan in store.loading()}
    for row in store.query(_PLANS, union=False):
        plan = row["plan"].value
        if plan in hidden or plan in found:
            continue
        start, end = row["start"], row["end"]
        found[plan] = Version(
            plan=plan,
            title=row["title"].value,
            label=row["label"].value if row["label"] is not None else "",
            period=(start.value, end.value) if start is not None and end is not None else None,
            # A plan of an unknown issuer has a place of its own (未知市-<plan id>, kg.registry):
            # without its id, two versions of it are of one place.
            place=row["place"].value.replace(ids.id_of(plan), "") if row["place"] is not None else "",
        )
    return found


def recognised(found: dict[str, Version]) -> dict[str, str]:
    """Each plan → the version it revises: of the same work, the nearest earlier step, with
    the same period (or one of them without); none when two plans share that step."""
    works: dict[tuple[str, str], list[Version]] = {}
    for version in found.values():
        works.setdefault(version.work, []).append(version)
    links: dict[str, str] = {}
    for members in works.values():
        if len(members) < 2:
            continue
        for version in members:
            earlier = [
                other
                for other in members
                if other.step < version.step
                and (other.period is None or version.period is None or other.period == version.period)
            ]
            if not earlier:
                continue
            nearest = max(other.step for other in earlier)
            candidates = [other for other in earlier if other.step == nearest]
            if len(candidates) == 1:
                links[version.plan] = candidates[0].plan
    return links


def declared(store) -> dict[str, str]:
    """The links ``build --version-of`` declared: plan → the plan it revises."""
    rows = store.query(f"SELECT ?new ?old WHERE {{ GRAPH {VERSIONS_GRAPH} {{ ?new {PROV.wasRevisionOf} ?old }} }}")
    return {row["new"].value: row["old"].value for row in rows}


def declare(store, new: NamedNode, old: NamedNode) -> None:
    """Record that ``new`` is a revision of ``old`` (replacing what was declared for ``new``)."""
    if new == old:
        return
    store.update(
        f"DELETE WHERE {{ GRAPH {VERSIONS_GRAPH} {{ {new} {PROV.wasRevisionOf} ?old }} }} ;\n"
        f"INSERT DATA {{ GRAPH {VERSIONS_GRAPH} {{ {new} {PROV.wasRevisionOf} {old} }} }}"
    )


def recorded(store) -> dict[str, str]:
    """The links the revision graphs hold now: plan → the plan it revises."""
    rows = store.query(f"SELECT ?g ?new ?old WHERE {{ GRAPH ?g {{ ?new {PROV.wasRevisionOf} ?old }} }}", union=False)
    return {
        row["new"].value: row["old"].value for row in rows if row["g"].value == revision_graph(row["new"].value).value
    }


def previous(store, plan: str) -> str | None:
    """The version ``plan`` revises (declared, else recognised), None when it has none."""
    link = declared(store).get(plan)
    if link is not None:
        return link
    return recognised(versions(store)).get(plan)


def revision_graph(plan: str) -> NamedNode:
    return NamedNode(plan + REVISION)


def link(store, changed: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Bring the revision graphs up to date: each plan's link to the version it revises
    (declared, else recognised) and the changes between them. ``changed``: the plans just
    built, whose records are rewritten even where the link stays. Returns the links."""
    found = versions(store)
    links = recognised(found)
    links.update({new: old for new, old in declared(store).items() if new in found and old in found})
    now = recorded(store)
    for new, old in now.items():
        if links.get(new) != old:
            store.update(f"DROP SILENT GRAPH {revision_graph(new)}")
    for new, old in sorted(links.items()):
        if now.get(new) == old and new not in changed and old not in changed:
            continue
        store.replace_graph(revision_graph(new), change_quads(store, NamedNode(old), NamedNode(new)))
    return links


def change_quads(store, old: NamedNode, new: NamedNode) -> list[Quad]:
    """The link and the change records of ``new`` against ``old`` (kg.diff), as quads of
    the new plan's revision graph."""
    from kg.diff import compare, read_plan
    from kg.diff.compare import unit_key

    before, after = read_plan(store.oxigraph, old), read_plan(store.oxigraph, new)
    diff = compare(before, after)
    graph = revision_graph(new.value)
    quads = [Quad(new, PROV.wasRevisionOf, old, graph)]
    old_measures = {m.number: m for m in before.measures}
    new_measures = {m.number: m for m in after.measures}
    for index, change in enumerate(diff.changes, start=1):
        node = NamedNode(f"{graph.value}#change-{index}")

        def add(predicate, value, node=node) -> None:
            quads.append(Quad(node, predicate, value, graph))

        add(RDF.type, PK.Change)
        add(PK.changeKind, Literal(change.kind))
        add(PK.oldPlan, old)
        add(PK.newPlan, new)
        was = old_measures.get(change.old_measure) if change.old_measure is not None else None
        now = new_measures.get(change.new_measure) if change.new_measure is not None else None
        if was is not None:
            add(PK.oldMeasure, NamedNode(was.iri))
        if now is not None:
            add(PK.newMeasure, NamedNode(now.iri))
        for predicate, value in ((PK.before, change.before), (PK.after, change.after)):
            written = _literal(value)
            if written is not None:
                add(predicate, written)
        if change.kind == "lead_changed" and was is not None and now is not None:
            for unit in was.lead_units:
                add(PK.oldUnit, NamedNode(unit))
            for unit in now.lead_units:
                add(PK.newUnit, NamedNode(unit))
        if change.kind == "participants_changed" and was is not None and now is not None:
            before_keys = {unit_key(unit, before.id) for unit in was.participant_units}
            after_keys = {unit_key(unit, after.id) for unit in now.participant_units}
            for unit in sorted(u for u in now.participant_units if unit_key(u, after.id) not in before_keys):
                add(PK.addedUnit, NamedNode(unit))
            for unit in sorted(u for u in was.participant_units if unit_key(u, before.id) not in after_keys):
                add(PK.removedUnit, NamedNode(unit))
        if change.old_target:
            add(PK.oldTarget, NamedNode(change.old_target))
        if change.new_target:
            add(PK.newTarget, NamedNode(change.new_target))
    return quads


def _literal(value: object) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return Literal(str(value).lower(), datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, (list, tuple)):
        return Literal("、".join(map(str, value)), language="zh")
    if isinstance(value, dict):
        return Literal(str(value.get("text") or ""), language="zh")
    return Literal(str(value), language="zh")
