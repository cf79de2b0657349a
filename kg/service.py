"""What each ``policykg`` command does, as one function with the command's options.

The command line (``kg.cli``) parses options, calls one of these and prints its result;
the Python API (``kg.api``) is these functions. Results are data, never formatted text.

* ``store`` is a ``Store``, a store directory, or None for the default store
  ($POLICYKG_STORE, else ``policykg/store`` in the user data directory). A directory
  that holds no store is an error (``build`` creates one); a store opened here is
  closed before the function returns. An empty store is given the
  bundled plan first (and ``notice`` is told), except by ``build``,
  ``documents``, ``remove`` and an update.
* ``endpoint`` (ask, query; push's first argument): a remote SPARQL 1.1 server, to read
  instead of the store: its URL, or ``endpoint(url, timeout=10)`` for a deadline other
  than $POLICYKG_TIMEOUT or 60 s.
* ``document``: one plan, by id, the start of its id, ``plan:<id>`` or IRI
  (``kg.ids.resolve``); an unknown one raises ``PlanNotFound`` for every command.
* Every build goes through ``build``, which writes each plan and its catalog entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, QueryError, StoreError, shown

if TYPE_CHECKING:
    from pyoxigraph import NamedNode

    from kg.ask import Answer
    from kg.corpus import Failure, PlanSummary, Skipped
    from kg.diff import Diff
    from kg.query import Query, Reading
    from kg.remote import Endpoint
    from kg.store import Store
    from kg.validate import Report

__all__ = [
    "BuildResult",
    "Coding",
    "Imported",
    "PushResult",
    "Pushed",
    "Table",
    "agreement",
    "ask",
    "build",
    "code",
    "coding_sheet",
    "diff",
    "documents",
    "endpoint",
    "export",
    "export_format",
    "files",
    "import_coding",
    "open_store",
    "plans",
    "push",
    "queries",
    "query",
    "query_rows",
    "remove",
    "report",
    "resolve_plan",
    "validate",
]

# Who hears what the library does on its own (the bundled plan built into an empty
# store): the command line prints it; unset, it goes to the ``policykg`` logger.
notice: Callable[[str], None] | None = None

TABLE_KINDS = (
    "responsibilities",
    "assignments",
    "targets",
    "glossary",
    "programmes",
    "matrix",
    "instruments",
    "instrument-matrix",
)
NETWORK_KINDS = ("network", "bipartite")
RDF_KINDS = ("turtle", "nquads", "trig", "jsonld")
EXPORT_KINDS = (*TABLE_KINDS, *NETWORK_KINDS, "html", "coding", *RDF_KINDS)
DOCUMENT_COLUMNS = ["id", "title", "issuer", "period", "version", "revises", "measures", "departments", "builtAt"]


@dataclass
class Table:
    """A result table: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[dict[str, object]]


@dataclass
class BuildResult:
    """What a build did: the plans built, skipped (unchanged) and failed, the file written
    with ``output`` (None when a failure kept it from being written) and, with
    ``validate``, the validation report of the plans just built."""

    store: Path | None
    files: int
    built: list[PlanSummary] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    written: Path | None = None
    report: Report | None = None
    revises: dict[str, str] = field(default_factory=dict)  # plan built → the version it revises (IRIs)


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int


@dataclass
class PushResult:
    endpoint: str  # the URL without its credentials
    graphs: list[Pushed] = field(default_factory=list)


# --- stores and plans ------------------------------------------------------------------


def open_store(path: str | Path | None = None, build_default: bool = False) -> Store:
    """Open the store at ``path`` (default: $POLICYKG_STORE or the user data directory);
    with ``build_default``, an empty store is given the bundled plan first."""
    from kg.store import Store, default_path

    store = Store(Path(path) if path is not None else default_path())
    if build_default:
        try:
            _ensure_default(store)
        except BaseException:
            store.close()
            raise
    return store


@contextmanager
def _opened(
    store: Store | str | Path | None, build_default: bool = True, create: bool = False, read_only: bool = False
) -> Iterator[Store]:
    """The store given, or the one at the path given (closed on leaving). A path given
    must hold a store already, unless ``create`` (a build): a mistyped path is an error,
    not a new store. Only the default store is created by any command.

    ``read_only`` (a command that only reads) opens a store that holds plans read-only:
    no lock, so readers run together and beside a build, and a store its user may not
    write (a folder without write permission, a read-only mount) can be read; and no
    background merging of files, which RocksDB starts in a freshly built store opened for
    writing (0.05 s of CPU an ``ask`` on 1,000 plans). A store that is new or empty is
    opened for writing, which gives it the bundled plan (with ``build_default``)."""
    from kg.store import Store

    if isinstance(store, Store):
        if build_default:
            _ensure_default(store)
        yield store
        return
    if store is not None and not create and not Path(store).is_dir():
        raise StoreError(
            f"{shown(store)}: there is no store there; check the path, or build one with `policykg build --store {shown(store)}`"
        )
    reader = _reader(store) if read_only else None
    if reader is not None and not (build_default and _is_empty(reader)):
        try:
            yield reader
        finally:
            reader.close()
        return
    if reader is not None:
        reader.close()
    opened = open_store(store, build_default=build_default)
    try:
        yield opened
    finally:
        opened.close()


def _reader(store: str | Path | None) -> Store | None:
    """The store at ``store`` (default: the default store) opened read-only; None when
    there is none there to read, or it cannot be opened so (a store of an older Oxigraph
    that opening for writing upgrades): then it is opened for writing, which says why not."""
    from kg.store import Store, default_path, is_store

    path = Path(store) if store is not None else default_path()
    if not is_store(path):
        return None
    try:
        return Store(path, read_only=True)
    except StoreError:
        return None


@contextmanager
def _source(store: Store | str | Path | None, endpoint: str | Endpoint | None) -> Iterator[object]:
    """A remote endpoint when one is given (a URL, or a ``kg.remote.Endpoint`` with its
    timeout), else the store, opened to be read."""
    if endpoint:
        from kg.remote import Endpoint

        yield endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
        return
    with _opened(store, read_only=True) as opened:
        yield opened


def _ensure_default(store: Store) -> None:
    if _is_empty(store):
        from kg.resources import bundled_plan

        _notice(f"the store at {store.path} is empty; building the bundled plan {bundled_plan().name} first")
        build([bundled_plan()], store)


def _is_empty(store: Store) -> bool:
    """``store.is_empty()`` without listing every plan (70 ms on 1,000 plans, for each
    ``ask``): no plan but those a read-only store hides (``Store.loading``)."""
    from kg.vocab import PK, RDF

    hidden = set(store.loading())
    return all(quad.subject in hidden for quad in store.oxigraph.quads_for_pattern(None, RDF.type, PK.Plan))


def _notice(message: str) -> None:
    if notice is not None:
        notice(message)
        return
    import logging

    logging.getLogger("policykg").info(message)


def _where(source) -> str:
    from kg.remote import Endpoint

    if isinstance(source, Endpoint):
        return f"the endpoint {source.path}"
    return f"the store at {source.path}" if source.path is not None else "the in-memory store"


def plans(source) -> list[NamedNode]:
    """The plans a store or an endpoint holds, by IRI."""
    from kg.store import Store
    from kg.vocab import PK

    if isinstance(source, Store):
        return source.documents()
    _, rows = source.select(f"SELECT DISTINCT ?plan WHERE {{ GRAPH ?plan {{ ?plan a {PK.Plan} }} }}")
    return sorted({row["plan"] for row in rows if row.get("plan") is not None}, key=str)


def resolve_plan(source, document: str) -> NamedNode:
    """The plan ``document`` names in the store or endpoint (``kg.ids.resolve``)."""
    from pyoxigraph import NamedNode

    from kg import ids
    from kg.store import Store

    if isinstance(source, Store):  # an IRI or an id is looked up, not found among them all
        written = document.strip().removeprefix("plan:")
        for candidate in (written, ids.PLAN_NS + written):
            try:
                plan = NamedNode(candidate)
            except ValueError:
                continue
            if source.holds(plan):
                return plan
    return ids.resolve(document, plans(source), _where(source))


def _plan(source, document: str | None) -> str | None:
    """The IRI of the plan ``document`` names; None (every plan) when it names none."""
    return resolve_plan(source, document).value if document is not None else None


# --- build -------------------------------------------------------------------------------


def files(sources: list[str | Path] | None = None) -> list[Path]:
    """The plan files that ``sources`` (files, folders, glob patterns, ``-`` for standard
    input; default: the bundled plan) name, in the order a build takes them."""
    from kg.corpus import expand
    from kg.resources import bundled_plan

    named = [_standard_input() if str(source) == "-" else source for source in sources or []]
    return expand(named or [bundled_plan()])


# What a plan on standard input starts with, and the file type it is read as.
_SIGNATURES = ((b"PK\x03\x04", ".docx"), (b"%PDF", ".pdf"), (b"<", ".html"))


def _standard_input() -> Path:
    """Standard input as a file (``stdin.txt``, ``.docx``, ``.pdf`` or ``.html`` by its
    first bytes), in a folder removed when the process ends."""
    import atexit
    import shutil
    import sys
    import tempfile

    data = sys.stdin.buffer.read()
    head = data.lstrip()[:8]
    suffix = next((suffix for signature, suffix in _SIGNATURES if head.startswith(signature)), ".txt")
    folder = Path(tempfile.mkdtemp(prefix="policykg-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"stdin{suffix}"
    path.write_bytes(data)
    return path


def build(
    sources: list[str | Path] | None = None,
    store: Store | str | Path | None = None,
    *,
    output: str | Path | None = None,
    jobs: int = 1,
    force: bool = False,
    tasks: str | Path | None = None,
    validate: bool = False,
    issuer: str | None = None,
    version_of: str | None = None,
    on_progress: Callable[[object], None] | None = None,
) -> BuildResult:
    """Parse plans (files, folders or glob patterns; default: the bundled plan) into the
    store, each into its own graph with its catalog entry; unchanged plans are skipped
    unless ``force``. ``output`` also writes the plans' graphs (.ttl, .nq, .trig, .jsonld);
    ``tasks`` is one plan's 任务分工表; ``issuer`` the place issuing every plan;
    ``version_of`` the stored plan the one plan built revises (docs/versions.md). A file
    that fails is reported in ``failed``; when it was the only source, InputError is raised.

    Then the versions of the plans are linked and their changes recorded (kg.versions)."""
    from kg import versions
    from kg.corpus import build_corpus
    from kg.export import rdf
    from kg.registry import jurisdiction_named

    rdf_format = rdf.format_of(output) if output else None
    issuing = jurisdiction_named(issuer) if issuer is not None else None
    paths = files(sources)
    if version_of is not None and len(paths) != 1:
        raise InputError(
            f"--version-of {shown(version_of)}: it names the version one plan revises; build that plan alone"
        )
    with _opened(store, build_default=False, create=True) as opened:
        previous = resolve_plan(opened, version_of) if version_of is not None else None
        corpus = build_corpus(
            opened,
            paths,
            jobs=jobs,
            force=force or bool(output) or tasks is not None,
            keep_quads=bool(output),
            on_progress=on_progress,
            tasks=Path(tasks) if tasks is not None else None,
            issuer=issuing,
        )
        if len(paths) == 1 and corpus.failed:
            raise InputError(corpus.failed[0].message)
        result = BuildResult(opened.path, len(paths), corpus.built, corpus.skipped, corpus.failed, corpus.seconds)
        from pyoxigraph import NamedNode

        built = {summary.iri for summary in corpus.built}
        touched = built | ({skipped.iri for skipped in corpus.skipped} if previous is not None else set())
        if previous is not None:
            for plan in touched:
                if plan == previous.value:
                    raise InputError(f"--version-of {shown(version_of)}: that is the plan being built")
                versions.declare(opened, NamedNode(plan), previous)
        links = versions.link(opened, built)
        result.revises = {new: old for new, old in links.items() if new in touched}
        if validate:
            from kg.validate import validate as run_validation

            result.report = run_validation(opened, [summary.iri for summary in corpus.built])
    if output and not corpus.failed:
        from pyoxigraph import RdfFormat, parse

        from kg.output import write_atomic

        quads = [quad for data in corpus.nquads for quad in parse(data, format=RdfFormat.N_QUADS)]
        write_atomic(output, rdf.serialise(quads, rdf_format))
        result.written = Path(output)
    return result


# --- reading -----------------------------------------------------------------------------


def validate(store: Store | str | Path | None = None, *, document: str | None = None) -> Report:
    """Check every plan (or one) and the registry with the SHACL shapes."""
    from kg.validate import validate as run_validation

    with _opened(store, read_only=True) as opened:
        chosen = [_plan(opened, document)] if document is not None else None
        return run_validation(opened, chosen)


def ask(
    question: str,
    store: Store | str | Path | None = None,
    *,
    endpoint: str | Endpoint | None = None,
    document: str | None = None,
    timeout: float | None = None,
) -> Answer:
    """Answer a question in Chinese or English (``kg.ask.Answer``: rows, reading, SPARQL).
    The answer is worked out in a thread of its own (``_in_thread``), stopped by Ctrl-C: on
    the store within ``timeout`` seconds (``ASK_TIMEOUT`` by default; a QueryError past it);
    on an ``endpoint``, each request has its own deadline (``timeout`` seconds for one given
    by its URL)."""
    from kg.ask import ask as answer

    if isinstance(endpoint, str):
        from kg.remote import Endpoint

        endpoint = Endpoint(endpoint, timeout)
    with _source(store, endpoint) as source:
        (answered,) = _in_thread(
            lambda: iter([answer(source, question, document=_plan(source, document))]),
            None if endpoint is not None else ASK_TIMEOUT if timeout is None else timeout,
        )
    return answered


ASK_TIMEOUT = 60.0  # seconds an answer may take on the store (ask --timeout); a question is no batch job


def queries() -> dict[str, object]:
    """The query library: name → ``kg.query.Query`` (titles, description, parameters)."""
    from kg import query as library

    return library.library()


def query(
    name: str | None = None,
    store: Store | str | Path | None = None,
    *,
    expression: str | None = None,
    params: dict[str, object] | None = None,
    endpoint: str | Endpoint | None = None,
    document: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
) -> Table | None:
    """Run a library query by ``name`` (or a .rq file), or the SPARQL ``expression``, with
    ``params`` bound (an iri parameter also takes a name, an id or a CURIE:
    ``kg.query.resolve_iris``); ``document`` limits a query over ``GRAPH ?document`` to
    one plan.

    What a text does is read by a SPARQL parser (``kg.query.read``). An UPDATE changes the
    store only with ``allow_update`` (never an endpoint) and returns None; a query that
    calls another server (SERVICE) runs only with ``allow_service``, and then under
    ``timeout`` or, without one, the remote requests' 60 s.

    A query runs in a thread of its own (``_in_thread``) on the store opened read-only:
    past ``timeout`` seconds it raises QueryError, and Ctrl-C (KeyboardInterrupt) stops it
    too, though Oxigraph, which cannot be stopped, runs on in that thread until it has its
    next row. ``query_rows`` gives the rows one at a time."""
    table = query_rows(
        name,
        store,
        expression=expression,
        params=params,
        endpoint=endpoint,
        document=document,
        allow_update=allow_update,
        allow_service=allow_service,
        timeout=timeout,
    )
    return None if table is None else Table(table.columns, list(table.rows))


def query_rows(
    name: str | None = None,
    store: Store | str | Path | None = None,
    *,
    expression: str | None = None,
    params: dict[str, object] | None = None,
    endpoint: str | Endpoint | None = None,
    document: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
) -> Table | None:
    """``query``, but with its rows an iterator, to be taken once: read from the store as
    they are taken (the store is left open until the last is), so that a big result is never
    held whole — what ``policykg query`` writes. The deadline holds until the last row."""
    from kg import query as library

    if bool(name) == bool(expression):
        raise QueryError("give a query name or .rq file, or a SPARQL expression (one of them)")
    item = library.parse_query("expression", expression) if expression else library.load(name)
    reading = _checked(item, item.text, allow_update, allow_service, endpoint)
    if reading.update:
        with _opened(store, build_default=False) as opened:
            values = library.resolve_iris(opened, item, params or {})
            opened.update(item.bind(values, document=_plan(opened, document)))
        return None
    if reading.service and timeout is None:
        from kg.remote import TIMEOUT

        timeout = TIMEOUT
    answer = _answered(store, endpoint, item, params or {}, document, allow_service, timeout)
    return Table(next(answer), answer)


def _checked(item: Query, sparql: str, allow_update: bool, allow_service: bool, endpoint) -> Reading:
    """How ``sparql`` (``item``'s text, or that text with its parameters bound) reads
    (``kg.query.read``); a QueryError when it is an update not allowed, or calls another
    server not allowed. The library's own queries are known to be queries: not read."""
    from kg.query import Reading, read

    reading = Reading() if item.shipped else read(sparql)
    if reading.update and (not allow_update or endpoint):
        raise QueryError(
            "this is a SPARQL UPDATE, which would change the data; `policykg query` only reads "
            "unless given --allow-update (and never changes a remote endpoint)"
        )
    if reading.service and not allow_service:
        raise QueryError(
            "this query calls another server (SERVICE); `policykg query` reads only the store or the "
            "--endpoint given, unless given --allow-service"
        )
    return reading


def _answered(
    store, endpoint, item: Query, params: dict, document: str | None, allow_service: bool, timeout: float | None
) -> Iterator:
    """The columns, then the rows, of ``item`` on the endpoint or the store (opened to be
    read, and closed after the last row), taken from a thread of their own; the text run
    is checked again when binding its parameters changed it (``_checked``)."""
    from kg import query as library

    def answer() -> Iterator:
        values = library.resolve_iris(source, item, params)
        sparql = item.bind(values, document=_plan(source, document))
        if sparql != item.text:
            _checked(item, sparql, False, allow_service, endpoint)
        variables, rows = library.stream(source, sparql)
        yield variables
        yield from rows

    with _source(store, endpoint) as source:
        yield from _in_thread(answer, timeout)


def _in_thread(produce: Callable[[], Iterator], timeout: float | None) -> Iterator:
    """What ``produce()`` yields, produced in a thread of its own and taken here as it
    comes. Oxigraph evaluates in Rust and heeds no Python signal, so the thread that waits
    must be another: this one stays free to stop at the deadline (``timeout`` seconds from
    now: a QueryError) or at Ctrl-C (KeyboardInterrupt, which reaches only the main
    thread). The producer, a daemon thread that no exit waits for, stops at its next item
    once nothing takes them, and runs at most ``_AHEAD`` items ahead. Items pass through a
    deque, which each side polls, rather than a queue whose every item would wake the
    other thread (a 400,000-row result took twice as long so)."""
    import collections
    import threading
    import time

    handed: collections.deque = collections.deque()  # (going, item): append and popleft need no lock
    stopped = threading.Event()
    deadline = None if timeout is None else time.monotonic() + timeout

    def hand(item: tuple) -> bool:
        while len(handed) >= _AHEAD and not stopped.is_set():
            time.sleep(_POLL)
        handed.append(item)
        return not stopped.is_set()

    def work() -> None:
        try:
            for item in produce():
                if not hand((True, item)):
                    return
        except BaseException as error:  # whatever stops the producer is raised where its items are taken
            _let_go(error)
            hand((False, error))
            return
        hand((False, None))

    threading.Thread(target=work, name="policykg-query", daemon=True).start()
    wait = _FIRST_POLL
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryError(
                    f"the query did not finish within {timeout:g} s (--timeout); give it more time, or narrow it"
                )
            try:
                going, item = handed.popleft()
            except IndexError:
                time.sleep(wait)  # a short wait first (a small answer comes at once), longer ones after
                wait = min(2 * wait, _POLL)
                continue
            wait = _FIRST_POLL
            if going:
                yield item
            elif item is None:
                return
            else:
                raise item
    finally:
        stopped.set()


def _let_go(error: BaseException) -> None:
    """Clear the locals of the frames ``error`` (and each error it was raised from) went
    through, in the thread that raised it: pyoxigraph's results may only be dropped in the
    thread that made them, and an error raised elsewhere would carry them off."""
    import traceback

    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__context__


_AHEAD = 1024  # items a query's thread produces ahead of those taken
_POLL = 0.01  # seconds between two looks at the items handed over, at most …
_FIRST_POLL = 0.0001  # … and at first: a query of one plan takes milliseconds


def documents(store: Store | str | Path | None = None) -> Table:
    """The plans in the store: id, title, issuer, period, measures, departments, built at."""
    from kg import query as library

    with _opened(store, build_default=False, read_only=True) as opened:
        _, rows = library.run(opened, library.load("documents").text)
    for row in rows:
        row["period"] = f"{row['periodStart']}-{row['periodEnd']}" if row.get("periodStart") else ""
    return Table(list(DOCUMENT_COLUMNS), _versions_together(rows))


def _versions_together(rows: list[dict]) -> list[dict]:
    """The plans in the query's order (by title), except that each version follows the one
    it revises: a plan's versions are listed together, earliest first, even when retitled."""
    by_id = {row["id"]: row for row in rows}
    later: dict[str, list[dict]] = {}
    for row in rows:
        if row.get("revises") in by_id and row["revises"] != row["id"]:
            later.setdefault(row["revises"], []).append(row)
    ordered: list[dict] = []
    seen: set[str] = set()

    def place(row: dict) -> None:
        if row["id"] in seen:
            return
        seen.add(row["id"])
        ordered.append(row)
        for successor in later.get(row["id"], []):
            place(successor)

    for row in rows:
        if row.get("revises") not in by_id:
            place(row)
    for row in rows:  # a cycle of declared links: each plan once all the same
        place(row)
    return ordered


# --- changing the store and servers ----------------------------------------------------


def remove(plan: str, store: Store | str | Path | None = None) -> NamedNode:
    """Remove a plan and its catalog entry from the store; return its IRI."""
    from kg import versions

    with _opened(store, build_default=False) as opened:
        iri = resolve_plan(opened, plan)
        opened.remove_plan(iri)
        versions.link(opened)  # a version between two others gone: they are linked directly
    return iri


def endpoint(url: str, timeout: float | None = None) -> Endpoint:
    """The SPARQL server at ``url`` for ``ask``, ``query`` or ``push``, each request given
    ``timeout`` seconds in all (default: $POLICYKG_TIMEOUT, else 60); a StoreError for a
    URL that is none. Credentials go only to its origin (docs/remote.md)."""
    from kg.remote import Endpoint

    return Endpoint(url, timeout)


def push(
    endpoint: str | Endpoint,
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    method: str = "gsp",
    timeout: float | None = None,
    on_pushed: Callable[[Pushed], None] | None = None,
) -> PushResult:
    """Copy the store's graphs to a SPARQL server (a URL, or a ``kg.remote.Endpoint`` with
    its timeout), each replacing the graph of the same name: one plan (``document``), or
    every plan with the registry, the catalog and the graphs made from the plans (versions,
    codes: ``Store.derived_graphs``); ``timeout``: the seconds each request to
    a server given by its URL may take. The store is read without its lock (``_unlocked``):
    a build need not wait for a slow server."""
    from kg.remote import Endpoint
    from kg.vocab import CATALOG_GRAPH, REGISTRY_GRAPH

    server = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint, timeout)
    result = PushResult(server.path)
    with _unlocked(store) as opened:
        everything = [*opened.documents(), REGISTRY_GRAPH, CATALOG_GRAPH, *opened.derived_graphs()]
        graphs = [resolve_plan(opened, document)] if document is not None else everything
        for graph in graphs:
            quads = opened.quads(graph)
            server.push(graph, quads, method)
            result.graphs.append(Pushed(graph.value, len(quads)))
            if on_pushed:
                on_pushed(result.graphs[-1])
    return result


@contextmanager
def _unlocked(store: Store | str | Path | None) -> Iterator[Store]:
    """The store ``push`` reads, holding no lock while the server is waited on: opened
    read-only (``_opened``, which shows it as it was when opened); one that was empty,
    which ``_opened`` gives the bundled plan with the lock held, is closed and opened
    again read-only. A ``Store`` given is the caller's, lock and all."""
    from kg.store import Store

    with _opened(store, read_only=True) as opened:
        if opened.read_only or isinstance(store, Store):
            yield opened
            return
    reader = Store(opened.path, read_only=True)
    try:
        yield reader
    finally:
        reader.close()


# --- versions ----------------------------------------------------------------------------


def diff(
    old: str | Path,
    new: str | Path | None = None,
    store: Store | str | Path | None = None,
    *,
    output: str | Path | None = None,
    format: str | None = None,
    raw: bool = False,
) -> Diff:
    """The changes from ``old`` to ``new`` (docs/versions.md): each a plan file (read and
    parsed, not stored) or a plan in the store (an id, an IRI or a start of an id). With
    ``new`` None, ``old`` names a stored plan, compared with the version it revises.
    ``output``: also written there (never half a file) as ``format`` (default: from the
    file's suffix — .json, .csv, .html — else text; ``diff_bytes``)."""
    result = _diff(old, new, store)
    if output is not None:
        from kg.output import write_atomic

        write_atomic(output, diff_bytes(result, format or diff_format(output), raw=raw))
    return result


def diff_format(output: str | Path | None) -> str:
    """The format a diff is written in to ``output``, by its suffix (text by default)."""
    suffix = Path(output).suffix.lower() if output is not None else ""
    return {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}.get(suffix, "text")


def _diff(old: str | Path, new: str | Path | None, store: Store | str | Path | None) -> Diff:
    from kg.diff import compare

    if new is None:
        if Path(old).is_file() or _looks_like_a_file(str(old)):
            what = "a plan file has no recorded earlier version" if Path(old).is_file() else "no such file"
            raise InputError(f"{shown(old)}: {what}; give two plans (policykg diff OLD NEW), or a stored plan's id")
        with _opened(store, build_default=False, read_only=True) as opened:
            from kg import versions

            plan = resolve_plan(opened, str(old))
            earlier = versions.previous(opened, plan.value)
            if earlier is None:
                raise InputError(
                    f"{shown(old)}: the store holds no earlier version of this plan; "
                    "give two plans (policykg diff OLD NEW), or build it with --version-of"
                )
            from pyoxigraph import NamedNode

            from kg.diff import read_plan

            return compare(read_plan(opened.oxigraph, NamedNode(earlier)), read_plan(opened.oxigraph, plan))
    sides = [old, new]
    files = [Path(side).is_file() for side in sides]
    for side, is_file in zip(sides, files):
        if not is_file and _looks_like_a_file(str(side)):
            raise InputError(f"{shown(side)}: no such file; give a plan file or the id of a plan in the store")
    if all(files):
        return compare(*(_file_view(Path(side)) for side in sides))
    with _opened(store, build_default=False, read_only=True) as opened:
        return compare(*(_file_view(Path(s)) if f else _stored_view(opened, str(s)) for s, f in zip(sides, files)))


def diff_bytes(result: Diff, format: str = "text", raw: bool = False) -> bytes:
    """A diff written as ``format``: text, json, csv (cells a spreadsheet would run as a
    formula neutralised unless ``raw``) or html (the side-by-side page)."""
    from kg.diff import render

    if format == "html":
        from kg.diff.page import page

        return page(result)
    if format == "json":
        return render.as_json(result).encode("utf-8")
    if format == "csv":
        from kg.output import csv_line, neutralise

        rows = [list(render.CSV_COLUMNS)] + [
            row if raw else [neutralise(cell) for cell in row] for row in render.csv_rows(result)
        ]
        return "".join(csv_line(row) for row in rows).encode("utf-8")
    if format == "text":
        return render.text(result).encode("utf-8")
    raise QueryError(f"no diff format {format!r}; the formats are text, json, csv and html")


def _looks_like_a_file(reference: str) -> bool:
    """A path rather than a plan's id or IRI: it names a folder or has a plan file's suffix."""
    from kg.corpus import PLAN_SUFFIXES

    if reference.startswith(("http://", "https://", "plan:")):
        return False
    return "/" in reference or "\\" in reference or Path(reference).suffix.lower() in PLAN_SUFFIXES


def _stored_view(store: Store, reference: str):
    from kg.diff import read_plan

    return read_plan(store.oxigraph, resolve_plan(store, reference))


def _file_view(path: Path):
    """A plan file's view, from its graph built in memory beside the registry."""
    from kg.corpus import Failure, parse_one
    from kg.diff import read_plan
    from kg.store import Store

    parsed = parse_one(path)
    if isinstance(parsed, Failure):
        raise InputError(parsed.message)
    memory = Store(None)
    memory.load_registry()
    memory.load(parsed.nquads)
    from pyoxigraph import NamedNode

    return read_plan(memory.oxigraph, NamedNode(parsed.summary.iri))


# --- policy instruments -------------------------------------------------------------------


@dataclass
class Coding:
    """What ``code`` suggested: the codebook's name and one record per (clause, code)
    (docs/instruments.md), in plan, measure, clause and score order."""

    codebook: str
    rows: list[dict[str, object]]

    def record(self) -> dict:
        return {"codebook": self.codebook, "rows": self.rows}


CODING_COLUMNS = ["measure", "clause", "code", "code_label", "type", "score", "evidence", "text"]


def code(
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    codebook: str | Path | None = None,
    unit: str = "clause",
) -> Coding:
    """Suggest the codes of ``codebook`` (a shipped name — instruments, elements — or a .ttl
    or .csv file; default instruments) for every clause (``unit="clause"``) or measure of
    every plan (or one), with their evidence, and store them as Web Annotations in each
    plan's coding graph, replacing that codebook's earlier suggestions there."""

    from kg import instruments
    from kg.instruments import annotate

    if unit not in ("clause", "measure"):
        raise QueryError(f"--unit {unit!r}: code clauses or measures")
    chosen = instruments.load(codebook)
    rows: list[dict[str, object]] = []
    with _opened(store) as opened:
        plans = [resolve_plan(opened, document)] if document is not None else opened.documents()
        opened.replace_graph(annotate.codebook_graph(chosen), annotate.codebook_quads(chosen))
        for plan in plans:
            clauses, suggestions = instruments.code_plan(opened.oxigraph, plan, chosen, unit)
            graph = annotate.coding_graph(plan, chosen)
            coders = annotate.coders_quads(opened.quads(graph))  # the coders' own codes stay
            opened.replace_graph(graph, coders + annotate.suggestion_quads(plan, chosen, suggestions))
            for suggestion in suggestions:
                record = suggestion.record()
                if len(plans) > 1:
                    record = {"plan": plan.value.rsplit("/", 1)[-1], **record}
                rows.append(record)
    return Coding(chosen.name, rows)


def coding_sheet(
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    codebook: str | Path | None = None,
    output: str | Path | None = None,
) -> bytes:
    """The coders' sheet (.xlsx) of one plan (``document``; needed when the store holds
    several): a row per clause with its suggested code and evidence, two empty coder
    columns offering the codebook's labels; with ``output``, also written there."""
    from kg import instruments
    from kg.instruments import sheets

    chosen = instruments.load(codebook)
    with _opened(store, read_only=True) as opened:
        plan = _one_plan(opened, document, "the coders' sheet")
        clauses, suggestions = instruments.code_plan(opened.oxigraph, plan, chosen)
    data = sheets.write(clauses, suggestions, chosen, plan.value.rsplit("/", 1)[-1])
    if output is not None:
        from kg.output import write_atomic

        write_atomic(output, data)
    return data


def _one_plan(store: Store, document: str | None, what: str) -> NamedNode:
    if document is not None:
        return resolve_plan(store, document)
    held = store.documents()
    if len(held) != 1:
        raise QueryError(f"{what} is of one plan and the store holds {len(held)}; choose one with --document ID")
    return held[0]


@dataclass
class Imported:
    plan: str  # the plan's IRI
    codebook: str
    coders: dict[str, int]  # coder → clauses coded


def import_coding(
    sheet: str | Path,
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    codebook: str | Path | None = None,
) -> Imported:
    """Read a filled-in coders' sheet into the plan's coding graph: each coder's codes as
    their own annotations (replacing that coder's earlier ones), the suggestions kept. The
    plan and codebook are those the sheet was exported with, unless given."""

    from kg import instruments
    from kg.instruments import annotate, sheets
    from kg.vocab import DCTERMS

    filled = sheets.read(Path(sheet))
    chosen = instruments.load(codebook or filled.codebook or None)
    by_label = chosen.by_label()
    with _opened(store) as opened:
        plan = _one_plan(opened, document or filled.plan or None, "a coders' sheet")
        clauses = {clause.id: clause for clause in instruments.clauses_of(opened.oxigraph, plan)}
        unknown = [row["clause_id"] for row in filled.rows if row["clause_id"] not in clauses]
        if unknown:
            raise InputError(
                f"{shown(sheet)}: clause {shown(unknown[0])} is not a clause of plan {plan.value.rsplit('/', 1)[-1]}"
                f"{f' (and {len(unknown) - 1} more)' if len(unknown) > 1 else ''}; export the sheet of this plan again"
            )
        graph = annotate.coding_graph(plan, chosen)
        existing = opened.quads(graph)
        redone = {q.subject for q in existing if q.predicate == DCTERMS.creator and q.object.value in filled.coders}
        kept = [quad for quad in existing if quad.subject not in redone]  # the suggestions, other coders' codes
        quads, counts = [], {coder: 0 for coder in filled.coders}
        for row in filled.rows:
            for coder in filled.coders:
                label = row.get(coder) or ""
                if not label:
                    continue
                concept = by_label.get(label)
                if concept is None and label != instruments.codebook.NONE_LABEL:
                    raise InputError(
                        f"{shown(sheet)}: {shown(label)} ({coder}, clause {row['clause_id']}) is not a label of "
                        f"the codebook {chosen.name}; use the sheet's list"
                    )
                quads += annotate.coder_quads(
                    plan, chosen, clauses[row["clause_id"]], coder, concept.iri if concept else None
                )
                counts[coder] += 1
        opened.replace_graph(annotate.codebook_graph(chosen), annotate.codebook_quads(chosen))
        opened.replace_graph(graph, kept + quads)
    return Imported(plan.value, chosen.name, counts)


def agreement(sheet: str | Path) -> dict:
    """Cohen's κ between the coders of a filled-in sheet and between each coder and the
    suggestions, per code, and the confusion table (kg.instruments.agreement)."""
    from kg.instruments import agreement as measure
    from kg.instruments import sheets

    return measure.agreement(sheets.read(Path(sheet)))


def agreement_text(result: dict) -> str:
    """``agreement``'s result as the text report: the pairs, per code, the confusion table."""
    from kg.instruments.agreement import text

    return text(result)


# --- exports -----------------------------------------------------------------------------


# The file suffixes each RDF export and the page are written as.
_SUFFIXES = {
    "turtle": (".ttl",),
    "nquads": (".nq",),
    "trig": (".trig",),
    "jsonld": (".jsonld", ".json"),
    "html": (".html", ".htm"),
}


def export_format(kind: str, output: str | Path | None) -> str:
    """The format an export of ``kind`` is written in: from the output file's suffix, or
    the kind's default on standard output. A suffix that does not suit the kind (turtle
    to x.jsonld, html to x.csv) is an error, never a file whose name lies."""
    if kind in TABLE_KINDS:
        from kg.export import tables

        return tables.format_of(output) if output else "csv"
    if kind in NETWORK_KINDS:
        from kg.export import network  # networkx: imported only for the networks

        return network.format_of(output) if output else "graphml"
    if kind in _SUFFIXES:
        suffix = Path(output).suffix.lower() if output else None
        if suffix is not None and suffix not in _SUFFIXES[kind]:
            raise QueryError(
                f"{output}: {kind} is written as {' or '.join(_SUFFIXES[kind])}, not {suffix or '(no suffix)'}; "
                "name the file so, or choose the export its suffix stands for"
            )
        return kind
    raise QueryError(f"no export {kind!r}; the exports are {', '.join(EXPORT_KINDS)}")


def export(
    kind: str | None,
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    output: str | Path | None = None,
    format: str | None = None,
    all_tables: bool = False,
    headers: str = "zh",
    bom: bool | None = None,
    view: str | None = None,
    raw: bool = False,
    codebook: str | Path | None = None,
) -> bytes:
    """An export (``EXPORT_KINDS``) of every plan or one, as bytes in ``format`` (default:
    from ``output``'s suffix); with ``output``, also written there (never half a file).
    ``all_tables`` puts every table in one .xlsx workbook. Tables are headed in Chinese
    (``headers="zh"``, the genre's own words: 序号, 重点任务, 牵头单位 …) or English; a CSV
    written to a file starts with a UTF-8 BOM for Excel unless ``bom=False`` (on standard
    output it has none unless ``bom=True``). A CSV cell a spreadsheet would run as a formula
    (= + - @ tab or CR first) gets a leading ' unless ``raw`` (``tables.render``). ``view``
    writes one kind of a network's edges alone (``leads`` or ``co-responsible``; ``lead`` or
    ``participant`` of the bipartite one). ``coding`` is the coders' sheet of one plan with
    ``codebook``'s labels (``coding_sheet``)."""
    if kind == "coding":
        if output is None or Path(output).suffix.lower() != ".xlsx":
            raise QueryError("the coders' sheet is a workbook: give -o FILE.xlsx")
        return coding_sheet(store, document=document, codebook=codebook, output=output)
    if codebook is not None:
        raise QueryError("--codebook chooses the codes of the coders' sheet: export coding -o FILE.xlsx")
    chosen_format = format or export_format(TABLE_KINDS[0] if all_tables else kind, output)
    if view is not None and kind not in NETWORK_KINDS:
        raise QueryError(f"--view chooses the edges of a network; {kind} has none")
    if all_tables and chosen_format != "xlsx":
        raise QueryError("every table goes into one workbook: write it to a .xlsx file")
    with _opened(store, read_only=True) as opened:
        plan = _plan(opened, document)
        if all_tables or kind in TABLE_KINDS:
            from kg.export import tables  # each kind of export imports only what it writes with

            if all_tables:
                data = tables.workbook({name: make(opened, plan) for name, make in tables.TABLES.items()}, headers)
            else:
                columns, rows = tables.TABLES[kind](opened, plan)
                data = tables.render(
                    columns, rows, chosen_format, name=kind, headers=headers, bom=tables.csv_bom(output, bom), raw=raw
                )
        elif kind in NETWORK_KINDS:
            from kg.export import network

            make = network.department_network if kind == "network" else network.bipartite_network
            graph = make(opened, plan)
            if view is not None:
                views = network.views(graph)
                if view not in views:
                    raise QueryError(f"the {kind} export has no view {view!r}; its views are {', '.join(views)}")
                graph = views[view]
            data = network.write(graph, chosen_format)
        elif kind == "html":
            from kg.export import html

            data = html.html_page(opened, plan)
        else:
            data = _rdf(opened, plan, kind)
    if output is not None:
        from kg.output import write_atomic

        write_atomic(output, data)
    return data


def _rdf(store: Store, plan: str | None, kind: str) -> bytes:
    from pyoxigraph import NamedNode

    from kg.export import rdf
    from kg.vocab import CATALOG_GRAPH, REGISTRY_GRAPH

    graphs = [NamedNode(plan)] if plan else store.documents()
    quads = [quad for graph in graphs for quad in store.quads(graph)]
    if not plan and kind in ("nquads", "trig", "jsonld"):
        # The whole dataset, so that another server answers the query library alike.
        quads += store.quads(REGISTRY_GRAPH) + store.quads(CATALOG_GRAPH)
        quads += [quad for graph in store.derived_graphs() for quad in store.quads(graph)]
    return rdf.serialise(quads, kind)


def report(
    store: Store | str | Path | None = None,
    *,
    document: str | None = None,
    output: str | Path | None = None,
    validation: bool = True,
) -> bytes:
    """A one-page HTML summary of every plan or one; with ``output``, written there."""
    from kg.export.report import report_page

    with _opened(store, read_only=True) as opened:
        data = report_page(opened, _plan(opened, document), validation=validation)
    if output is not None:
        from kg.output import write_atomic

        write_atomic(output, data)
    return data
