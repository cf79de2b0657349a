"""Stage 6 — the embedded store: Oxigraph on disk, one named graph per plan, one for the
ontology and the department registry, one for the catalog (when and from which file each
plan was built). Beside them in the store's folder, ``policykg-registry.sha256`` holds the
hash of the registry's files, so that a build reloads the registry only when they change.

A store never shows half a plan. How each write keeps that:

* **A plan that replaces an older version** is dropped and inserted, with its catalog
  entry, in one SPARQL update: one RocksDB transaction, all of it or none of it.
* **New plans** go in batches (``Batch``) through Oxigraph's bulk loader, which writes
  sorted, compressed files and hands them to RocksDB instead of going through
  transactions (less than half the work). A batch's N-Quads — the plans' graphs and their
  catalog entries — wait in ``policykg-batch-*.nq`` in the store's folder, in pieces that
  are loaded side by side. pyoxigraph does not promise that a bulk load is atomic (0.5
  happens to ingest one load's files in one RocksDB call, but says nothing of it; a load
  that fails or is killed can leave files behind), so each batch is fenced by a marker:
  first the IRIs of the batch's plans are written to ``policykg-loading`` (written beside,
  synced, renamed into place, folder synced); then the batch's pieces are bulk-loaded;
  when every load has returned — RocksDB has synced the new files and its manifest — the
  marker is removed. While the marker exists, the plans it names are not in the store,
  whatever part of them is on disk. The catalog
  entries are loaded with the graphs rather than written by a last transaction: a
  transaction between two loads makes RocksDB flush it to a small file before the next
  load, which then lands above it and gets merged (measured: a quarter more of the
  store's work), and the marker already says which plans are whole.
* **Opening the store for writing** — every policykg command does, and the store is
  locked to one such process — first finishes what a killed build left: if the marker is
  there, the graphs and catalog entries of the plans it names are dropped in one
  transaction and flushed, and only then is the marker removed (a crash in between drops
  them again next time); the bulk loader's files that were never ingested
  (``bulk-*.sst``) and batch files are deleted. So after a crash the next command sees
  the store as it was after the last whole batch, and the next build builds the lost
  batch's plans again (they are not in the store, so they are not skipped as unchanged).
* **Opening read-only** (``Store(path, read_only=True)``; RocksDB lets such a reader in
  even while a build holds the lock, and shows it the store as it was when it opened)
  cannot repair, so it hides: the plans a marker names are left out of ``documents()``,
  ``quads()`` and every query (the query's dataset is the other graphs). A reader opened
  during a build sees the batches loaded before it opened, never one being loaded. It
  writes nothing and takes no lock: the commands that only read open the store so
  (``kg.service``), together, beside a build, and in a folder they may not write.

A folder is taken for a store (``is_store``) when it holds RocksDB's ``CURRENT`` and
``IDENTITY`` files. Opening for writing a folder that holds other files and no store is
refused: ``--store ~/Documents`` must not fill a folder of documents with RocksDB's files.

A full disk (ENOSPC) anywhere in a write — a batch's file, the marker, the bulk load, a
transaction, a flush — is a ``StoreError`` that says so (``_cannot_write``); the batch
being written is dropped as a failed load is, so the store is as it was before it.

Only policykg honours the marker: a tool that opens the folder itself (``oxigraph
serve --location``) after a killed build and before any policykg command may see part
of the batch that was being loaded.

On disk: the bulk loader writes LZ4-compressed files. RocksDB compaction, which merges
files (Oxigraph's ``optimize``, and RocksDB's own background merges of overlapping
files), writes uncompressed ones at the level a store of this size keeps its data:
Oxigraph tunes RocksDB with ``OptimizeLevelStyleCompaction``, whose per-level compression
leaves the first two levels uncompressed, and a store under 512 MB an index has only its
last level. So merging makes a store larger (1,000 plans: 0.37 → 0.61 MB a plan) and
no faster to read, and a build does not compact. Nor can it avoid RocksDB's own merges: a
store that holds anything besides one bulk load (the registry goes in by a transaction) is
merged when it is next opened. Transactions write RocksDB's log as well (≈0.1 MB a plan
when every plan went through one); bulk loads do not.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat

from kg.errors import StoreError, shown
from kg.resources import data_dir
from kg.vocab import BASE, CATALOG_GRAPH, DCTERMS, PK, PROV, RDF, REGISTRY_GRAPH

# Versions (kg.versions): the links ``build --version-of`` declared, and the suffix of a
# plan's revision graph (its link to the version it revises and the changes since).
VERSIONS_GRAPH = NamedNode(BASE + "graph/versions")
REVISION = "/revision"
REVISED = PROV.wasRevisionOf
# A plan's codes of each codebook (kg.instruments): the graphs <plan>/coding/<codebook>;
# the codebooks' concepts: the graphs CODEBOOKS + <codebook>.
CODING = "/coding/"
CODEBOOKS = BASE + "graph/codebook/"

STORE_ENV = "POLICYKG_STORE"

LOADING = "policykg-loading"  # the marker: the IRIs of the plans a bulk load is writing, one a line
BATCH_FILE = "policykg-batch-"  # a batch's N-Quads, gathered for the bulk loader …
PIECES = 4  # … in so many files, loaded side by side (Store._bulk_load_all)
REGISTRY_HASH = "policykg-registry.sha256"  # the hash of the registry's files at its last load


def default_path() -> Path:
    """``$POLICYKG_STORE``, else ``store`` in the user's data directory."""
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("policykg", appauthor=False) / "store"


def is_store(path: Path) -> bool:
    """Whether ``path`` holds a store: RocksDB's ``CURRENT`` and ``IDENTITY`` files."""
    return (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def _check_folder(path: Path, read_only: bool) -> None:
    """Refuse a folder that holds files but no store (a store is never made among a user's
    files), and, read-only, a folder that holds nothing (there is nothing to read)."""
    if is_store(path):
        return
    if path.is_dir() and next(path.iterdir(), None) is not None:
        raise StoreError(f"{shown(path)}: not a policykg store; choose an empty or new folder")
    if read_only:
        raise StoreError(
            f"{shown(path)}: there is no store there; check the path, or build one with `policykg build --store {shown(path)}`"
        )


READ_ONLY_ATTEMPTS = 10  # openings read-only tried while a writer deletes the files they list


def _open_read_only(path: Path) -> pyoxigraph.Store:
    """The store at ``path`` opened read-only. A writer may delete a file — RocksDB merges
    files in the background, as soon as a freshly built store is opened for writing —
    between the reader's reading of the list of files and its opening them: then the
    list, changed, is read again. Once open, the reader holds every file open and reads
    the store as it was, whatever the writer deletes (RocksDB opens all of a read-only
    store's files: Oxigraph leaves no limit to how many)."""
    for attempt in range(1, READ_ONLY_ATTEMPTS):
        try:
            return pyoxigraph.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if "no such file" not in str(error).lower() or not is_store(path):
                raise
        time.sleep(0.02 * attempt)
    return pyoxigraph.Store.read_only(str(path))


def _serialise_quads(quads: list[Quad]) -> str:
    return pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8")


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None, read_only: bool = False):
        path = Path(path) if path is not None else None
        self.path, self.read_only = path, read_only
        self._hidden: frozenset[NamedNode] = frozenset()  # plans a read-only store leaves out
        try:
            if path is None:
                self._store = pyoxigraph.Store()
            else:
                _check_folder(path, read_only)
                if read_only:
                    self._store = _open_read_only(path)
                    self._hidden = frozenset(self.loading())
                else:
                    path.mkdir(parents=True, exist_ok=True)
                    self._store = pyoxigraph.Store(str(path))
                    self._recover()
        except (OSError, RuntimeError) as error:  # RocksDB's Corruption is a RuntimeError
            if "lock" in str(error).lower():
                raise StoreError(
                    f"{shown(path)}: the store is in use by another policykg process; wait for it to finish and try again"
                ) from None
            if isinstance(error, OSError) and _disk_full(error):
                raise _cannot_write(path, error) from None
            raise StoreError(
                f"{shown(path)}: cannot open the store ({_reason(error)}); check the path and its permissions"
            ) from None

    @property
    def oxigraph(self) -> pyoxigraph.Store:
        return self._store

    def close(self) -> None:
        """Release the store (and its lock) now rather than when garbage is collected, and
        drop the info logs RocksDB rotates at every open (``LOG.old.*``: one per command)."""
        self._store = None
        if self.path is not None and not self.read_only:
            for old in self.path.glob("LOG.old.*"):
                old.unlink(missing_ok=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- loading and recovering -----------------------------------------------------

    def loading(self) -> list[NamedNode]:
        """The plans a bulk load was writing when it stopped (the marker's IRIs): none in a
        store opened for writing, which has dropped them."""
        if self.path is None:
            return []
        try:
            text = (self.path / LOADING).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StoreError(f"{shown(self.path)}: cannot read {LOADING} ({_reason(error)})") from None
        return [NamedNode(line) for line in text.split()]

    def _recover(self) -> None:
        """Drop what a killed bulk load left: the plans its marker names, then the marker,
        and the loader's unfinished files."""
        assert self.path is not None
        plans = self.loading()
        if plans:
            self._drop(plans)
            self.flush()  # the drops are on disk before the marker goes
        _remove_durably(self.path / LOADING)
        _remove_durably(self.path / (LOADING + ".tmp"))
        for leftover in [*self.path.glob("bulk-*.sst"), *self.path.glob(f"{BATCH_FILE}*")]:
            leftover.unlink(missing_ok=True)  # the loader's files never ingested; batches never loaded

    def _drop(self, plans: list[NamedNode]) -> None:
        """Drop plans, their catalog entries, their coding graphs, and what links them to
        their versions: their revision graphs, those of the plans revising them, the links
        declared either way."""
        self.update(
            self._drop_coding(plans)
            + "".join(
                f"DROP SILENT GRAPH {plan} ;\nDELETE WHERE {{ GRAPH {CATALOG_GRAPH} {{ {plan} ?p ?o }} }} ;\n"
                f"DROP SILENT GRAPH <{plan.value}{REVISION}> ;\n"
                f"DELETE {{ GRAPH ?revision {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?revision {{ ?new {REVISED} {plan} . ?s ?p ?o }} "
                f"FILTER(?revision != {VERSIONS_GRAPH}) }} ;\n"
                f"DELETE WHERE {{ GRAPH {VERSIONS_GRAPH} {{ {plan} {REVISED} ?old }} }} ;\n"
                f"DELETE WHERE {{ GRAPH {VERSIONS_GRAPH} {{ ?new {REVISED} {plan} }} }} ;\n"
                for plan in plans
            ).removesuffix(" ;\n")
        )

    # --- writing --------------------------------------------------------------------

    def replace_graph(self, graph: NamedNode, quads: list[Quad], extra: str = "") -> None:
        """Put ``quads`` in ``graph``, dropping what it held, in one transaction (with the
        SPARQL update ``extra``, when given)."""
        lines = _serialise_quads([Quad(q.subject, q.predicate, q.object) for q in quads])
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{lines}}} }}"
        try:
            self._store.update(update + (f" ;\n{extra}" if extra else ""))
            self.flush()
        except OSError as error:
            raise _cannot_write(self.path, error) from None

    def _drop_coding(self, plans: list[NamedNode]) -> str:
        """The updates that drop the plans' coding graphs (``<plan>/coding/<codebook>``, kg.instruments):
        their annotations point at the characters of the plans' texts."""
        prefixes = tuple(plan.value + CODING for plan in plans)
        graphs = [g for g in self._store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith(prefixes)]
        return "".join(f"DROP SILENT GRAPH {graph} ;\n" for graph in graphs)

    def replace_plan(self, plan: NamedNode, nquads: bytes, catalog: bytes) -> None:
        """Replace a plan's graph and its catalog entry in one transaction (its codes, read
        from the text it had, go)."""
        self.update(
            self._drop_coding([plan]) + f"DROP SILENT GRAPH {plan} ;\n"
            f"DELETE WHERE {{ GRAPH {CATALOG_GRAPH} {{ {plan} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {plan} {{\n{_triples_of(nquads, plan)}}} }} ;\n"
            f"INSERT DATA {{ GRAPH {CATALOG_GRAPH} {{\n{_triples_of(catalog, CATALOG_GRAPH)}}} }}"
        )

    def batch(self) -> Batch:
        """An empty batch of new plans, for ``add_plans``."""
        return Batch(self.path)

    def add_plans(self, batch: Batch) -> None:
        """Add the plans of ``batch`` (the store holds none of them yet) with their catalog
        entries. All of them or none: on disk they go through the bulk loader, fenced by
        the marker (see the module's docstring); in memory, in one transaction."""
        try:
            batch.close()
            if self.path is None:
                self.load(batch.data())
                return
            _write_durably(self.path / LOADING, "".join(f"{plan.value}\n" for plan in batch.plans))
            error = self._bulk_load_all(batch.pieces())
            if error is not None:
                failure = _cannot_write(self.path, error)
                # Leave the store as it was before this batch; when even that cannot be
                # written (a full disk), the marker stays and the next opening drops the batch.
                with contextlib.suppress(StoreError):
                    self._recover()
                raise failure from None
            _remove_durably(self.path / LOADING)
        finally:
            batch.discard()

    def _bulk_load_all(self, pieces: list[Path]) -> OSError | SyntaxError | None:
        """Bulk-load the pieces side by side, each in a thread (the loader lets go of the
        GIL); the first error, once every load has ended. Oxigraph's loader sorts a load in
        one thread until it holds a million quads; several smaller loads use the cores and
        sort less (1,000 plans, 2 cores: one load 10.8 s, four 8.1 s)."""
        errors: list[OSError | SyntaxError] = []

        def load(piece: Path) -> None:
            try:
                self._bulk_load(piece)
            except (OSError, SyntaxError) as error:
                errors.append(error)

        threads = [threading.Thread(target=load, args=(piece,), name="policykg-load") for piece in pieces[1:]]
        for thread in threads:
            thread.start()
        if pieces:
            load(pieces[0])
        for thread in threads:
            thread.join()
        return errors[0] if errors else None

    def _bulk_load(self, path: Path) -> None:
        # The data is policykg's own serialisation: no need to check every IRI again.
        self._store.bulk_load(path=path, format=RdfFormat.N_QUADS, lenient=True)

    def load(self, nquads: bytes) -> None:
        """Add N-Quads in one transaction."""
        try:
            self._store.load(nquads, format=RdfFormat.N_QUADS)
        except OSError as error:
            raise _cannot_write(self.path, error) from None

    def remove_plan(self, plan: NamedNode) -> None:
        """Drop a plan's graph and its catalog entry in one transaction."""
        self._drop([plan])

    def plan_hashes(self) -> dict[str, str]:
        """The content hash of every plan in the store → the plan's IRI; a plan built by an
        older policykg (without ``dcterms:identifier``) is left out, so that it is rebuilt."""
        rows = self.query(
            f"SELECT ?plan ?sha WHERE {{ GRAPH ?plan {{ ?plan {PK.sha256} ?sha ; {DCTERMS.identifier} ?id }} }}",
            union=False,
        )
        return {row["sha"].value: row["plan"].value for row in rows}

    def flush(self) -> None:
        """Write what the transactions wrote to the store's files."""
        if self.path is not None:
            try:
                self._store.flush()
            except OSError as error:
                raise _cannot_write(self.path, error) from None

    def load_registry(self) -> None:
        """(Re)load the ontology and the department registry into their graph; then, on
        disk, write the hash of their files beside the store (``REGISTRY_HASH``)."""
        files = _registry_files()
        quads = [
            quad
            for path, data in files
            for quad in pyoxigraph.parse(data, format=RdfFormat.TURTLE, base_iri=path.as_uri())
        ]
        self.replace_graph(REGISTRY_GRAPH, quads)
        if self.path is not None:
            _write_durably(self.path / REGISTRY_HASH, _hash_of(files) + "\n")

    def ensure_registry(self) -> None:
        """Load the ontology and the registry unless the store holds them as their files
        are now: the hash written at the last load is theirs, and there is a registry graph.
        (The hash is a file, not a triple: every triple of the store is the user's to query
        and push, and the same on a server.)"""
        if self.path is not None and self._has(REGISTRY_GRAPH):
            try:
                stored = (self.path / REGISTRY_HASH).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                stored = None
            if stored == _hash_of(_registry_files()):
                return
        self.load_registry()

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE (one transaction)."""
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise StoreError(f"the update is not valid SPARQL: {error}") from None
        except OSError as error:
            raise _cannot_write(self.path, error) from None

    # --- reading --------------------------------------------------------------------

    def documents(self) -> list[NamedNode]:
        """The plans the store holds, by IRI."""
        found = self._store.quads_for_pattern(None, RDF.type, PK.Plan)
        return sorted({quad.subject for quad in found} - self._hidden, key=str)

    def derived_graphs(self) -> list[NamedNode]:
        """The graphs made from the plans rather than read from them: each plan's revision
        graph and the links ``build --version-of`` declared (kg.versions), each plan's
        coding graphs and the codebooks they use (kg.instruments)."""
        found = []
        for graph in self._store.named_graphs():
            if not isinstance(graph, NamedNode):
                continue
            value = graph.value
            if value.endswith(REVISION):
                plan = value.removesuffix(REVISION)
            elif CODING in value:
                plan = value.rpartition(CODING)[0]
            elif value.startswith(CODEBOOKS) or graph == VERSIONS_GRAPH:
                plan = None
            else:
                continue
            if plan is None or NamedNode(plan) not in self._hidden:
                found.append(graph)
        return sorted(found, key=str)

    def holds(self, plan: NamedNode) -> bool:
        """Whether ``plan`` is one of ``documents()``, without listing them."""
        found = self._store.quads_for_pattern(plan, RDF.type, PK.Plan)
        return plan not in self._hidden and next(iter(found), None) is not None

    def is_empty(self) -> bool:
        return not self.documents()

    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True):
        """Run a SPARQL query over all graphs (``union``) with values bound safely."""
        dataset: dict = {}
        if self._hidden:  # a read-only store with a marker: the query sees the other graphs
            graphs = [graph for graph in self._store.named_graphs() if graph not in self._hidden]
            dataset = {"named_graphs": graphs, "default_graph": [DefaultGraph(), *graphs] if union else DefaultGraph()}
        try:
            return self._store.query(
                sparql, use_default_graph_as_union=union and not dataset, substitutions=substitutions, **dataset
            )
        except SyntaxError as error:
            raise StoreError(f"the query is not valid SPARQL: {error}") from None
        except OSError as error:
            raise StoreError(f"{shown(self.path)}: cannot read the store ({_reason(error)})") from None

    def select(self, sparql: str) -> tuple[list[str], list[dict]]:
        """Variables and rows (pyoxigraph terms) of a SELECT query; the same interface as a
        remote endpoint's (kg.remote.Endpoint)."""
        solutions = self.query(sparql)
        if not hasattr(solutions, "variables"):
            raise StoreError("only SELECT queries can be run here; this query is an ASK, CONSTRUCT or DESCRIBE")
        variables = [variable.value for variable in solutions.variables]
        return variables, [{name: solution[name] for name in variables} for solution in solutions]

    def quads(self, graph: NamedNode | None = None) -> list[Quad]:
        if graph in self._hidden:
            return []
        found = self._store.quads_for_pattern(None, None, None, graph)
        return [quad for quad in found if quad.graph_name not in self._hidden] if self._hidden else list(found)

    def _has(self, graph: NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None


class Batch:
    """New plans to add together (``Store.add_plans``). Their N-Quads — graphs and
    catalog entries — wait in ``PIECES`` files in the store's folder, not in memory (in
    memory for a store in memory); each plan goes whole to the piece that holds least, and
    the pieces are loaded side by side."""

    def __init__(self, folder: Path | None):
        self.plans: list[NamedNode] = []
        self.size = 0  # bytes of N-Quads
        self._iris: set[str] = set()
        self.paths: list[Path] = []
        self._sizes: list[int] = []
        self._chunks: list[bytes] = []
        self._files: list = []
        if folder is not None:
            try:
                for _ in range(PIECES):
                    descriptor, name = tempfile.mkstemp(prefix=BATCH_FILE, suffix=".nq", dir=folder)
                    self.paths.append(Path(name))
                    self._files.append(os.fdopen(descriptor, "wb"))
                    self._sizes.append(0)
            except OSError as error:
                self.discard()
                raise _cannot_write(folder, error) from None

    def __len__(self) -> int:
        return len(self.plans)

    def __contains__(self, plan: NamedNode) -> bool:
        return plan.value in self._iris

    def add(self, plan: NamedNode, nquads: bytes) -> None:
        self.plans.append(plan)
        self._iris.add(plan.value)
        self.size += len(nquads)
        if self._files:
            piece = self._sizes.index(min(self._sizes))
            self._sizes[piece] += len(nquads)
            try:
                self._files[piece].write(nquads)
            except OSError as error:
                raise _cannot_write(self.paths[piece].parent, error) from None
        else:
            self._chunks.append(nquads)

    def data(self) -> bytes:
        return b"".join(self._chunks)

    def pieces(self) -> list[Path]:
        """The files that hold N-Quads."""
        return [path for path, size in zip(self.paths, self._sizes) if size]

    def close(self) -> None:
        """Close the batch's files: what waited in their buffers is written now (or fails to be)."""
        for path, file in zip(self.paths, self._files):
            try:
                file.close()
            except OSError as error:
                raise _cannot_write(path.parent, error) from None

    def discard(self) -> None:
        """Forget the batch and remove its files; what they could not write is lost with them."""
        for file in self._files:
            with contextlib.suppress(OSError):
                file.close()
        self._chunks = []
        for path in self.paths:
            path.unlink(missing_ok=True)


def _registry_files() -> list[tuple[Path, bytes]]:
    """The ontology and the registries (``ontology/*.ttl``) with their bytes."""
    return [(path, path.read_bytes()) for path in sorted(data_dir("ontology").glob("*.ttl"))]


def _hash_of(files: list[tuple[Path, bytes]]) -> str:
    digest = hashlib.sha256()
    for path, data in files:
        digest.update(path.name.encode("utf-8") + b"\0" + data + b"\0")
    return digest.hexdigest()


def _write_durably(path: Path, text: str) -> None:
    """Write ``path`` beside, sync it, rename it into place and sync its folder: after a
    crash, the file is there whole or not at all."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as error:
        raise _cannot_write(path.parent, error) from None


def _remove_durably(path: Path) -> None:
    try:
        path.unlink()
        _sync_folder(path.parent)
    except FileNotFoundError:
        return
    except OSError as error:
        raise _cannot_write(path.parent, error) from None


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _triples_of(nquads: bytes, graph: NamedNode) -> str:
    """N-Quads lines of one graph as N-Triples lines (for an INSERT DATA … GRAPH block)."""
    suffix = f" {graph} .\n"
    lines = nquads.decode("utf-8").splitlines(keepends=True)
    return "".join(line[: -len(suffix)] + " .\n" if line.endswith(suffix) else line for line in lines)


def _disk_full(error: OSError) -> bool:
    """Whether ``error`` is ENOSPC: from Python with its errno, from RocksDB in its words."""
    return error.errno == errno.ENOSPC or "no space left on device" in str(error).lower()


def _cannot_write(path: Path | None, error: OSError | SyntaxError) -> StoreError:
    """The error for a write to the store at ``path`` that failed: a full disk is said so."""
    if isinstance(error, OSError) and _disk_full(error):
        return StoreError(
            f"{shown(path)}: no space left on the disk for the store; free some space and run the command again"
        )
    return StoreError(f"{shown(path)}: cannot write to the store ({_reason(error)})")


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return shown(text[0]) if text else type(error).__name__
