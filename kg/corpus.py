"""Many plans at once: expand the sources, parse them (in parallel processes when asked),
skip the ones the store already holds unchanged, and write the rest — one bad file is
reported and skipped, never aborting the others.

Writes are transactions: new plans go in batches (all of a batch or none of it), a plan
that replaces an older version is dropped and inserted in one update. A build that fails
or is killed leaves every plan in the store whole.
"""

from __future__ import annotations

import functools
import glob
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import InputError, PolicyKGError
from kg.vocab import CATALOG_GRAPH, PK, PROV, RDF, SKOS, XSD

if TYPE_CHECKING:
    from kg.registry import Jurisdiction

PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".shtml")
BATCH = 40  # new plans written per transaction
WINDOW = 64  # files parsed ahead of the writes, at most


@dataclass(frozen=True)
class PlanSummary:
    """What a build says about one plan (picklable: it crosses process boundaries)."""

    path: str
    id: str
    iri: str
    title: str
    period: tuple[int, int] | None
    status: str | None
    measures: int
    groups: int
    departments: int
    assignments: int
    unresolved: tuple[str, ...]
    statuses: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]
    sha256: str
    suspicious: tuple[str, ...] = ()  # "measure N: text (reason)" for every unit candidate set aside


@dataclass(frozen=True)
class Parsed:
    summary: PlanSummary
    nquads: bytes  # the plan's graph


@dataclass(frozen=True)
class Skipped:
    path: str
    iri: str


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


@dataclass
class CorpusBuild:
    built: list[PlanSummary] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    nquads: list[bytes] = field(default_factory=list)  # kept only when asked (for -o)
    seconds: float = 0.0


def expand(sources: list[str | Path]) -> list[Path]:
    """Files, folders (every plan file below them) and glob patterns, as sorted files.
    A source that names nothing is an InputError."""
    files: list[Path] = []
    for source in sources:
        text = str(source)
        if any(char in text for char in "*?[") and not Path(text).exists():
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"{text}: the pattern matches no file; check it")
            files += matches
        elif Path(text).is_dir():
            found = sorted(p for p in Path(text).rglob("*") if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)
            if not found:
                raise InputError(f"{text}: the folder holds no plan files ({', '.join(PLAN_SUFFIXES)})")
            files += found
        else:
            files.append(Path(text))
    return list(dict.fromkeys(files))


def _departments(quads) -> set:
    """A plan's departments: the units it assigns a measure to, as lead or participant —
    what `policykg documents`, the report and the queries count too. (A unit named only as
    a member of a body the plan sets up is no department of the plan.)"""
    return {quad.object for quad in quads if quad.predicate == PROV.agent}


def _unresolved(quads, departments: set) -> tuple[str, ...]:
    """The names of the departments the registry does not know (vague collectives such as
    各有关单位 are no department to know)."""
    types: dict = {}
    for quad in quads:
        if quad.predicate == RDF.type and quad.subject in departments:
            types.setdefault(quad.subject, set()).add(quad.object)
    unknown = {unit for unit, kinds in types.items() if PK.UnresolvedUnit in kinds and PK.VagueCollective not in kinds}
    return tuple(
        sorted(
            quad.object.value
            for quad in quads
            if quad.subject in unknown and quad.predicate == SKOS.prefLabel and quad.object.language == "zh"
        )
    )


def summarise(built, path: Path) -> PlanSummary:
    document = built.document
    departments = _departments(built.quads)
    problems = [
        f"{document.text.source}:{document.text.line_of((r.clause_span or (0, 0))[0])}: measure {r.measure}: "
        f"{r.problem} {document.text.original[slice(*r.clause_span)].strip()!r}; check the brackets in the text"
        for r in built.responsibilities
        if r.problem and r.clause_span
    ]
    return PlanSummary(
        path=str(path),
        id=built.id,
        iri=built.iri.value,
        title=document.title,
        period=document.period,
        status=document.status,
        measures=len(document.measures),
        groups=len(document.groups),
        departments=len(departments),
        assignments=built.assignments,
        unresolved=_unresolved(built.quads, departments),
        statuses=tuple(sorted(Counter(r.status.value for r in built.responsibilities).items())),
        warnings=tuple(document.warnings) + tuple(problems),
        sha256=document.text.sha256,
        suspicious=tuple(
            f"measure {r.measure}: {s.text!r} ({s.reason})" for r in built.responsibilities for s in r.suspicious
        ),
    )


_known_hashes: dict[str, str] = {}


def _remember(known: dict[str, str]) -> None:
    global _known_hashes
    _known_hashes = known


def parse_one(path: Path, tasks: Path | None = None, issuer: Jurisdiction | None = None) -> Parsed | Skipped | Failure:
    """Read and parse one file (with its task table, when given; as issued by ``issuer``,
    when given); never raises for the file's own faults."""
    from kg import pipeline
    from kg.read import read

    try:
        text = None
        if _known_hashes and tasks is None:
            text = read(path)
            if text.sha256 in _known_hashes:
                return Skipped(str(path), _known_hashes[text.sha256])
        built = pipeline.process(path, tasks, text, issuer=issuer)
    except PolicyKGError as error:
        return Failure(str(path), str(error))
    except Exception as error:  # a parser bug must not stop the other files
        return Failure(
            str(path), f"{path}: internal error while parsing ({type(error).__name__}: {error}); please report it"
        )
    nquads = pyoxigraph.serialize(built.quads, format=pyoxigraph.RdfFormat.N_QUADS)
    return Parsed(summarise(built, path), nquads)


def _catalog(summary: PlanSummary, built_at: str) -> bytes:
    plan = pyoxigraph.NamedNode(summary.iri)
    quads = [
        pyoxigraph.Quad(plan, PK.builtAt, pyoxigraph.Literal(built_at, datatype=XSD.dateTime), CATALOG_GRAPH),
        pyoxigraph.Quad(plan, PK.sourceFile, pyoxigraph.Literal(Path(summary.path).name), CATALOG_GRAPH),
    ]
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


def build_corpus(
    store,
    sources: list[str | Path],
    jobs: int = 1,
    force: bool = False,
    keep_quads: bool = False,
    on_progress: Callable[[Parsed | Skipped | Failure], None] | None = None,
    tasks: Path | None = None,
    issuer: Jurisdiction | None = None,
) -> CorpusBuild:
    """Build every plan the sources name into the store; ``tasks`` is the task table
    (任务分工表) of a single plan, compared with its text; ``issuer`` (``build --issuer``)
    issues every plan of the build, which are then rebuilt even when unchanged."""
    started = time.perf_counter()
    files = expand(sources)
    if tasks is not None and len(files) != 1:
        raise InputError(f"{tasks}: a task table belongs to one plan; build that plan alone with --tasks")
    known = {} if force or issuer is not None else store.plan_hashes()
    store.load_registry()
    result = CorpusBuild()
    existing = {plan.value for plan in store.documents()}
    pending: list[Parsed] = []

    def write_pending() -> None:
        built_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        new = [p for p in pending if p.summary.iri not in existing]
        for parsed in pending:
            if parsed.summary.iri in existing:
                store.replace_plan(
                    pyoxigraph.NamedNode(parsed.summary.iri), parsed.nquads, _catalog(parsed.summary, built_at)
                )
        if new:
            store.add_plans(b"".join(p.nquads + _catalog(p.summary, built_at) for p in new))
        existing.update(p.summary.iri for p in pending)
        pending.clear()
        store.flush()  # write the batch out, so that memory does not grow with the corpus

    sources_of: dict[str, str] = {}
    for outcome in _parsed(files, jobs, known, tasks, issuer):
        if isinstance(outcome, Parsed):
            earlier = sources_of.setdefault(outcome.summary.iri, outcome.summary.path)
            if earlier != outcome.summary.path:
                # Same title and period: the same plan to policykg; the later file replaces it.
                outcome = Parsed(
                    replace(
                        outcome.summary,
                        warnings=outcome.summary.warnings
                        + (
                            f"{outcome.summary.path}: same title and period as {earlier} (plan {outcome.summary.id}); "
                            "it replaces that file's plan — give one of them its own title or period",
                        ),
                    ),
                    outcome.nquads,
                )
            result.built.append(outcome.summary)
            if keep_quads:
                result.nquads.append(outcome.nquads)
            pending.append(outcome)
            if len(pending) >= BATCH or outcome.summary.iri in existing:
                write_pending()
        elif isinstance(outcome, Skipped):
            result.skipped.append(outcome)
        else:
            result.failed.append(outcome)
        if on_progress:
            on_progress(outcome)
    write_pending()
    store.flush()
    result.seconds = time.perf_counter() - started
    return result


def _parsed(
    files: list[Path], jobs: int, known: dict[str, str], tasks: Path | None = None, issuer: Jurisdiction | None = None
):
    if jobs <= 1 or len(files) < 2:
        _remember(known)
        yield from (parse_one(path, tasks, issuer) for path in files)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parse = functools.partial(parse_one, tasks=tasks, issuer=issuer)
    with context.Pool(jobs, initializer=_remember, initargs=(known,)) as pool:
        # A window at a time: workers never run far ahead of the writes, so parsed plans
        # do not pile up in memory.
        for first in range(0, len(files), WINDOW):
            yield from pool.imap(parse, files[first : first + WINDOW], chunksize=2)
