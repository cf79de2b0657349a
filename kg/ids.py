"""Identifiers: the IRIs policykg mints, and the one rule that turns what a user types
into a plan.

Every IRI is made from what a plan says, never from file names or run order:

* a plan: ``…/id/plan/<id>``, the id a hash of the plan's title and period;
* a part of a plan: ``…/id/plan/<id>#measure-17-assignment-1``;
* a span of a plan's text: ``…/id/plan/<id>#char=120,135`` (RFC 5147: characters 120 to
  135 of the plan's ``pk:sourceText``, counted in code points from 0);
* a unit: ``…/id/unit/<place>-<kind>`` (``…-unresolved-<hash of its name>`` when the
  registry does not know the kind); a jurisdiction: ``…/id/jurisdiction/<place>``;
* a cited document: ``…/id/document/<code>〔<year>〕<number>号`` or ``…/title-<hash>``;
  an institution: ``…/id/institution/<name>``.

A user names a plan by its IRI, its id (``daf8227113fe``), ``plan:<id>``, or the start of
its id when no other plan's id starts alike; ``resolve`` is the only place that reads
such a name, and ``PlanNotFound`` the only error it raises.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote

from pyoxigraph import NamedNode

from kg.errors import PlanNotFound
from kg.vocab import ID_NS

PLAN_NS = ID_NS + "plan/"
UNIT_NS = ID_NS + "unit/"
MIN_PREFIX = 4  # the shortest start of an id that names a plan

# Characters an IRI may not hold; a name read from hostile text may (a space, <, ", |).
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def _digest(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def plan_id(title: str, period: tuple[int, int] | None, version: str | None = None) -> str:
    """A short id from the plan's title, period and version (征求意见稿, 送审稿 …): stable
    across files and runs; a draft and its final text are two plans. A plan that names no
    version keeps the id of its title and period alone."""
    versioned = f"\n{version}" if version else ""
    return _digest(f"{title}\n{'-'.join(map(str, period)) if period else ''}{versioned}")


def plan_iri(plan: str) -> NamedNode:
    """The IRI of the plan with this id."""
    return NamedNode(PLAN_NS + plan)


def id_of(plan: str | NamedNode) -> str:
    """The id of a plan's IRI (the IRI itself when it is none of policykg's)."""
    value = plan.value if isinstance(plan, NamedNode) else plan
    return value[len(PLAN_NS) :] if value.startswith(PLAN_NS) else value


def part_iri(plan: NamedNode, *path: object) -> NamedNode:
    """A part of a plan: ``…/plan/<id>#measure-17-assignment-1``."""
    return NamedNode(f"{plan.value}#{'-'.join(map(str, path))}")


def span_iri(plan: NamedNode, start: int, end: int) -> NamedNode:
    """Characters ``start`` to ``end`` of the plan's text, as an RFC 5147 fragment of the
    plan's IRI: ``…/plan/<id>#char=120,135``."""
    return NamedNode(f"{plan.value}#char={start},{end}")


_CHAR = re.compile(r"#char=(\d+),(\d+)$")


def span_of(iri: str | NamedNode) -> tuple[str, int, int] | None:
    """The plan IRI and the offsets of a span IRI (``span_iri``'s inverse); None for any
    other IRI."""
    value = iri.value if isinstance(iri, NamedNode) else iri
    found = _CHAR.search(value)
    if found is None:
        return None
    return value[: found.start()], int(found[1]), int(found[2])


def jurisdiction_iri(place: str) -> NamedNode:
    return NamedNode(f"{ID_NS}jurisdiction/{place}")


def unit_iri(place: str, kind: str | None = None, name: str = "") -> NamedNode:
    """``…/unit/<place>-<kind>``; a unit of no known kind is named by a hash of its name."""
    return NamedNode(f"{UNIT_NS}{place}-{kind}" if kind else f"{UNIT_NS}{place}-unresolved-{_digest(name)}")


def cited_document_iri(issuer_code: str | None, year: int | None, number: int | None, title: str | None) -> NamedNode:
    """A cited document is named by its number (国发〔2019〕4号), else by its title."""
    if issuer_code and year and number is not None:
        return NamedNode(f"{ID_NS}document/{issuer_code}〔{year}〕{number}号")
    return NamedNode(f"{ID_NS}document/title-{_digest(title or '')}")


def institution_iri(name: str) -> NamedNode:
    """``…/institution/<name>``, with what an IRI may not hold percent-encoded."""
    return NamedNode(f"{ID_NS}institution/{_NOT_IN_IRI.sub(lambda m: quote(m.group(), safe=''), name)}")


def resolve(reference: str, available: Iterable[str | NamedNode], where: str) -> NamedNode:
    """The plan ``reference`` names among the ``available`` plans' IRIs: by its IRI, its
    id, ``plan:<id>``, or a start of its id (at least four characters) that only one plan
    has. ``where`` says where the plans are ("the store at …"), for the error."""
    plans = [plan.value if isinstance(plan, NamedNode) else plan for plan in available]
    written = reference.strip()
    if written.startswith("plan:"):
        written = written[len("plan:") :]
    if written in plans:
        return NamedNode(written)
    ids = {id_of(plan): plan for plan in plans}
    if written in ids:
        return NamedNode(ids[written])
    starting = [plan for key, plan in ids.items() if key.startswith(written)] if len(written) >= MIN_PREFIX else []
    if len(starting) == 1:
        return NamedNode(starting[0])
    raise PlanNotFound(reference, where, len(plans), len(starting))
