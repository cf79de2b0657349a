"""Many plans at once: expand the sources, parse them (in parallel processes when asked),
skip the ones the store already holds unchanged, and write the rest — one bad file is
reported and skipped, never aborting the others.

Writes are all-or-nothing: new plans go in batches through the store's bulk loader (all
of a batch or none of it, however the build ends: ``kg.store`` says how), a plan that
replaces an older version is dropped and inserted in one transaction. A build that fails
or is killed leaves every plan in the store whole.

Parsing and writing overlap: the workers parse ahead while a thread of the main process
writes (Oxigraph's writes release the GIL), in the order the files come, so that the
store is as the files say when two of them are the same plan.
"""

from __future__ import annotations

import functools
import glob
import multiprocessing
import os
import queue
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import InputError, PolicyKGError, shown
from kg.vocab import BASE, CATALOG_GRAPH, ELI, PK, PROV, RDF, SKOS, XSD

if TYPE_CHECKING:
    from kg.registry import Jurisdiction

PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".shtml")
BATCH_PLANS = 2000  # a build's new plans are written in one bulk load of at most so many plans …
BATCH_BYTES = 512 << 20  # … and so many bytes of N-Quads (≈ 1,300 generated plans, 2.2 million quads)
AHEAD = 32  # files handed to the workers ahead of the one the build waits for


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
    A source that names nothing is an InputError. A folder that cannot be listed is in
    the list as it is, for the build to report as it reports a file it cannot read
    (``kg.read`` says why), never skipped in silence; expanding the list again gives it."""
    files: list[Path] = []
    for source in sources:
        text = str(source)
        if any(char in text for char in "*?[") and not Path(text).exists():
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"{shown(text)}: the pattern matches no file; check it")
            files += matches
        elif Path(text).is_dir():
            found = _plan_files(Path(text))
            if not found:
                raise InputError(f"{shown(text)}: the folder holds no plan files ({', '.join(PLAN_SUFFIXES)})")
            files += found
        else:
            files.append(Path(text))
    return list(dict.fromkeys(files))


def _plan_files(folder: Path) -> list[Path]:
    """The plan files below ``folder`` and the folders below it (itself included) that
    cannot be listed, sorted. Folders linked to are not entered (as ``Path.rglob``)."""
    found: list[Path] = []
    for parent, _, names in os.walk(folder, onerror=lambda error: found.append(Path(error.filename))):
        for name in names:
            path = Path(parent, name)
            if path.suffix.lower() in PLAN_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def _departments_and_unresolved(quads) -> tuple[set, tuple[str, ...]]:
    """A plan's departments: the units it assigns a measure to, as lead or participant —
    what `policykg documents`, the report and the queries count too (a unit named only as
    a member of a body the plan sets up is no department of the plan); and the names of
    those the registry does not know (vague collectives such as 各有关单位 are no
    department to know). One pass over the quads."""
    agent, rdf_type, label = PROV.agent, RDF.type, SKOS.prefLabel
    unresolved, vague = PK.UnresolvedUnit, PK.VagueCollective
    departments: set = set()
    unknown: set = set()
    collectives: set = set()
    labels: list = []
    for quad in quads:
        predicate = quad.predicate
        if predicate == agent:
            departments.add(quad.object)
        elif predicate == rdf_type:
            kind = quad.object
            if kind == unresolved:
                unknown.add(quad.subject)
            elif kind == vague:
                collectives.add(quad.subject)
        elif predicate == label:
            labels.append(quad)
    unknown = (unknown & departments) - collectives
    names = sorted(q.object.value for q in labels if q.subject in unknown and q.object.language == "zh")
    return departments, tuple(names)


def summarise(built, path: Path) -> PlanSummary:
    document = built.document
    # Only the quads of the predicates it reads: parsing the whole graph would cost more than all of this.
    departments, unresolved = _departments_and_unresolved(built.quads_of(PROV.agent, RDF.type, SKOS.prefLabel))
    problems = [
        f"{shown(document.text.source)}:{document.text.line_of((r.clause_span or (0, 0))[0])}: measure {r.measure}: "
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
        unresolved=unresolved,
        statuses=tuple(sorted(Counter(r.status.value for r in built.responsibilities).items())),
        warnings=tuple(shown(warning) for warning in document.warnings) + tuple(problems),
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
        return Failure(str(path), shown(error))  # one line, whatever the file's name holds
    except Exception as error:  # a parser bug must not stop the other files
        return Failure(
            str(path),
            shown(f"{path}: internal error while parsing ({type(error).__name__}: {error}); please report it"),
        )
    return Parsed(summarise(built, path), built.nquads)


def _catalog(summary: PlanSummary, built_at: str, nquads: bytes = b"") -> bytes:
    """The plan's catalog entry: when and from which file it was built, and, from its graph
    (``nquads``), its entries of the name index ``ask`` reads (``_name_index``)."""
    plan = pyoxigraph.NamedNode(summary.iri)
    quads = [
        pyoxigraph.Quad(plan, PK.builtAt, pyoxigraph.Literal(built_at, datatype=XSD.dateTime), CATALOG_GRAPH),
        pyoxigraph.Quad(plan, PK.sourceFile, pyoxigraph.Literal(Path(summary.path).name), CATALOG_GRAPH),
    ]
    if nquads:
        quads += [
            pyoxigraph.Quad(plan, predicate, value, CATALOG_GRAPH) for predicate, value in _name_index(plan, nquads)
        ]
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


# The name index: what `ask` looks up in the catalog instead of reading every plan's names
# for each question (kg.ask.index reads it; docs/graph.md lists its triples). Its terms are
# in a namespace of their own: no statement about the plan, nor a term of the ontology.
# kg.ask.index keeps a copy of these definitions (importing this module would cost `ask`
# its start-up); tests/test_ask_index.py checks that the two agree.
NAME_INDEX_VERSION = "1"  # a plan whose entry holds no index of this version is read as before
_INDEX_NS = BASE + "store#"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A name of 2 to 16 of these characters is the same folded for matching (kg.ask.link.fold):
# `ask` looks it up as written. Any other name is in the index by its first Chinese characters.
_PLAIN_NAME = re.compile(f"[{_CJK}〇（）、，·—：；]{{2,16}}")
_NOT_CJK = re.compile(f"[^{_CJK}]+")
_NAME_START, _TITLE_START, _MEASURE_TITLE_START = 4, 6, 4  # how many characters the index keeps
_PERIOD = re.compile(r"[（(]?\d{4}\s*[-—–~至]\s*\d{4}\s*年?[）)]?")  # kg.ask.link.PlanIndex.named drops it
_READ = {
    "type": RDF.type,
    "prefLabel": SKOS.prefLabel,
    "altLabel": SKOS.altLabel,
    "jurisdiction": PK.jurisdiction,
    "title": ELI.title,
    "measure": PK.measure,
}


def _name_index(plan: pyoxigraph.NamedNode, nquads: bytes) -> list[tuple[pyoxigraph.NamedNode, pyoxigraph.Literal]]:
    """The plan's entries of the name index, read from its graph's N-Quads:

    * ``askIndex``: the index's version;
    * ``unitNameStart``: the first Chinese characters (``_NAME_START``, other characters left
      out) of each Chinese name of its units that is not plain (``_PLAIN_NAME``: a plain
      one is looked up as written); ``conceptLabelStart``: the same of every Chinese label of
      its programmes and glossary entries (their labels are mostly also the names of units
      and places, which a look-up would meet in hundreds of plans); ``unitName`` and
      ``conceptLabel``: such a name that holds no Chinese character, whole;
    * ``placeStart`` (``place``): the same of the places of its units without their level
      (``kg.text.bare_place``), plain or not;
    * ``titleStart``: the first ``_TITLE_START`` characters of its title, with and without its
      period; ``measureTitleStart``: the first ``_MEASURE_TITLE_START`` of each measure's."""
    from kg.text import bare_place

    # Only the lines of the few predicates read are parsed (a plan's graph is ≈2,000 lines).
    lines = []
    for predicate in _READ.values():
        needle = f" {predicate} ".encode()
        at = nquads.find(needle)
        while at != -1:
            start, end = nquads.rfind(b"\n", 0, at) + 1, nquads.find(b"\n", at)
            end = len(nquads) if end == -1 else end
            lines.append(nquads[start:end])
            at = nquads.find(needle, end)
    found: dict[str, dict] = {name: {} for name in _READ}
    names = {predicate: name for name, predicate in _READ.items()}
    for quad in pyoxigraph.parse(b"\n".join(lines), format=pyoxigraph.RdfFormat.N_QUADS, lenient=True):
        name = names.get(quad.predicate)
        if name is not None and quad.graph_name == plan:
            found[name].setdefault(quad.subject, []).append(quad.object)
    types, titles = found["type"], found["title"]
    index: dict[str, set] = {"askIndex": {NAME_INDEX_VERSION}}

    def add(key: str, text: str, start: int) -> None:
        chinese = _NOT_CJK.sub("", text)
        if chinese:
            index.setdefault(key + "Start", set()).add(chinese[:start])
        else:
            index.setdefault(key, set()).add(text)

    for subject, kinds in types.items():
        unit, concept = PK.Unit in kinds, PK.Programme in kinds or PK.GlossaryEntry in kinds
        for label in found["prefLabel"].get(subject, []) + found["altLabel"].get(subject, []):
            if isinstance(label, pyoxigraph.Literal) and label.language == "zh":
                if unit and not _PLAIN_NAME.fullmatch(label.value):
                    add("unitName", label.value, _NAME_START)
                if concept:
                    add("conceptLabel", label.value, _NAME_START)
    for places in found["jurisdiction"].values():
        for place in places:
            for label in found["prefLabel"].get(place, ()):
                bare = bare_place(label.value) if isinstance(label, pyoxigraph.Literal) else ""
                if bare:
                    add("place", bare, _NAME_START)
    if PK.Plan in types.get(plan, ()):
        for title in titles.get(plan, ()):
            if isinstance(title, pyoxigraph.Literal):
                for form in {title.value, _PERIOD.sub("", title.value)}:
                    if len(form) >= _TITLE_START:
                        index.setdefault("titleStart", set()).add(form[:_TITLE_START])
    for measure in found["measure"].get(plan, ()):
        for title in titles.get(measure, ()):
            stripped = title.value.strip("。；; ") if isinstance(title, pyoxigraph.Literal) else ""
            if len(stripped) >= _MEASURE_TITLE_START:
                index.setdefault("measureTitleStart", set()).add(stripped[:_MEASURE_TITLE_START])
    return [
        (pyoxigraph.NamedNode(_INDEX_NS + key), pyoxigraph.Literal(value))
        for key in sorted(index)
        for value in sorted(index[key])
    ]


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
        raise InputError(f"{shown(tasks)}: a task table belongs to one plan; build that plan alone with --tasks")
    known = {} if force or issuer is not None else store.plan_hashes()
    store.ensure_registry()
    result = CorpusBuild()
    written = {plan.value for plan in store.documents()}  # in the store, or handed to the writer
    batch = None  # the new plans of the next bulk load
    writer = _Writer()
    # One load after the parsing costs least: a load into a store that holds data costs more
    # than one into an empty store, and a load while the plans are parsed shares the cores
    # with the parsers (1,000 plans, 2 cores: three loads during the parsing 20.3 s, one
    # after it, in pieces (kg.store.Batch), 16.7 s; 100 plans: 1.85 s both). The loader's
    # memory bounds a load: a peak of 1.5 GB for 1,000 plans.

    def write_batch() -> None:
        nonlocal batch
        if batch is not None:
            writer.put(functools.partial(store.add_plans, batch), batch.discard)
            written.update(plan.value for plan in batch.plans)
            batch = None

    sources_of: dict[str, str] = {}
    try:
        for outcome in _parsed(files, jobs, known, tasks, issuer):
            if isinstance(outcome, Parsed):
                iri = outcome.summary.iri
                earlier = sources_of.setdefault(iri, outcome.summary.path)
                if earlier != outcome.summary.path:
                    # Same title and period: the same plan to policykg; the later file replaces it.
                    outcome = Parsed(
                        replace(
                            outcome.summary,
                            warnings=outcome.summary.warnings
                            + (
                                f"{shown(outcome.summary.path)}: same title, period and version as {shown(earlier)} "
                                f"(plan {outcome.summary.id}); "
                                "it replaces that file's plan — give one of them its own title, period or version label",
                            ),
                        ),
                        outcome.nquads,
                    )
                result.built.append(outcome.summary)
                if keep_quads:
                    result.nquads.append(outcome.nquads)
                if batch is not None and pyoxigraph.NamedNode(iri) in batch:
                    write_batch()  # the plan's earlier file is in the batch: the batch goes first
                if iri in written:
                    writer.put(
                        functools.partial(
                            store.replace_plan,
                            pyoxigraph.NamedNode(iri),
                            outcome.nquads,
                            _catalog(outcome.summary, _now(), outcome.nquads),
                        )
                    )
                else:
                    if batch is None:
                        batch = store.batch()
                    batch.add(
                        pyoxigraph.NamedNode(iri), outcome.nquads + _catalog(outcome.summary, _now(), outcome.nquads)
                    )
                    if len(batch) >= BATCH_PLANS or batch.size >= BATCH_BYTES:
                        write_batch()
            elif isinstance(outcome, Skipped):
                result.skipped.append(outcome)
            else:
                result.failed.append(outcome)
            if on_progress:
                on_progress(outcome)
        write_batch()
        writer.close()
    except BaseException:
        writer.abandon()
        if batch is not None:
            batch.discard()
        raise
    store.flush()  # the transactions' writes too are in the store's files
    result.seconds = time.perf_counter() - started
    return result


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class _Writer:
    """A thread that runs the store's writes one after the other, in the order given, while
    the build goes on parsing; at most one write waits while one runs."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="policykg-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            write, dropped = job
            if self._error is not None or self._stopped:
                if dropped is not None:
                    dropped()
                continue
            try:
                write()
            except BaseException as error:  # handed to the build, which raises it
                self._error = error

    def put(self, write: Callable[[], None], dropped: Callable[[], None] | None = None) -> None:
        """Run ``write`` after the writes before it; ``dropped`` when it never runs."""
        self._raise()
        self._jobs.put((write, dropped))

    def close(self) -> None:
        """Wait for every write; raise the first write's error."""
        self._jobs.put(None)
        self._thread.join()
        self._raise()

    def abandon(self) -> None:
        """The build stops: finish the write under way (so that it ends whole), skip the rest."""
        self._stopped = True
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            self._stopped = True
            raise error


def _parsed(
    files: list[Path], jobs: int, known: dict[str, str], tasks: Path | None = None, issuer: Jurisdiction | None = None
):
    """The outcome of each file, in the files' order."""
    if jobs <= 1 or len(files) < 2:
        _remember(known)
        yield from (parse_one(path, tasks, issuer) for path in files)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parse = functools.partial(parse_one, tasks=tasks, issuer=issuer)
    with context.Pool(jobs, initializer=_remember, initargs=(known,)) as pool:
        # The workers keep AHEAD files in hand and never wait for the build to ask, but do
        # not run further ahead of the writes, so parsed plans do not pile up in memory.
        waiting: deque = deque()
        for path in files:
            waiting.append(pool.apply_async(parse, (path,)))
            if len(waiting) >= AHEAD:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()
