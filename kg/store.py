"""Stage 6 — the embedded store: Oxigraph on disk, one named graph per plan plus one
for the ontology and the department registry.

A plan's graph is replaced in one transaction, so a store never holds half a plan.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad, RdfFormat

from kg.errors import StoreError
from kg.resources import data_dir
from kg.vocab import CATALOG_GRAPH, DCTERMS, PK, RDF, REGISTRY_GRAPH

STORE_ENV = "POLICYKG_STORE"


def default_path() -> Path:
    """``$POLICYKG_STORE``, else ``store`` in the user's data directory."""
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("policykg", appauthor=False) / "store"


def _serialise_quads(quads: list[Quad]) -> str:
    return pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8")


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None, read_only: bool = False):
        self.path, self.read_only = path, read_only
        try:
            if path is None:
                self._store = pyoxigraph.Store()
            elif read_only:
                self._store = pyoxigraph.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreError(
                    f"{path}: the store is in use by another policykg process; wait for it to finish and try again"
                ) from None
            raise StoreError(
                f"{path}: cannot open the store ({_reason(error)}); check the path and its permissions"
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

    # --- writing --------------------------------------------------------------------

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None:
        """Put ``quads`` in ``graph``, dropping what it held, in one transaction."""
        lines = _serialise_quads([Quad(q.subject, q.predicate, q.object) for q in quads])
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{lines}}} }}"
        try:
            self._store.update(update)
            self._store.flush()
        except OSError as error:
            raise StoreError(f"{self.path}: cannot write to the store ({_reason(error)})") from None

    def replace_plan(self, plan: NamedNode, nquads: bytes, catalog: bytes) -> None:
        """Replace a plan's graph and its catalog entry in one transaction."""
        self.update(
            f"DROP SILENT GRAPH {plan} ;\n"
            f"DELETE WHERE {{ GRAPH {CATALOG_GRAPH} {{ {plan} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {plan} {{\n{_triples_of(nquads, plan)}}} }} ;\n"
            f"INSERT DATA {{ GRAPH {CATALOG_GRAPH} {{\n{_triples_of(catalog, CATALOG_GRAPH)}}} }}"
        )

    def add_plans(self, nquads: bytes) -> None:
        """Add the graphs of plans the store does not hold yet, all in one transaction."""
        try:
            self._store.load(nquads, format=RdfFormat.N_QUADS)
        except OSError as error:
            raise StoreError(f"{self.path}: cannot write to the store ({_reason(error)})") from None

    def remove_plan(self, plan: NamedNode) -> None:
        """Drop a plan's graph and its catalog entry in one transaction."""
        self.update(f"DROP SILENT GRAPH {plan} ;\nDELETE WHERE {{ GRAPH {CATALOG_GRAPH} {{ {plan} ?p ?o }} }}")

    def plan_hashes(self) -> dict[str, str]:
        """The content hash of every plan in the store → the plan's IRI; a plan built by an
        older policykg (without ``dcterms:identifier``) is left out, so that it is rebuilt."""
        rows = self.query(
            f"SELECT ?plan ?sha WHERE {{ GRAPH ?plan {{ ?plan {PK.sha256} ?sha ; {DCTERMS.identifier} ?id }} }}",
            union=False,
        )
        return {row["sha"].value: row["plan"].value for row in rows}

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def load_registry(self) -> None:
        """(Re)load the ontology and the department registry into their graph."""
        quads = []
        for path in sorted(data_dir("ontology").glob("*.ttl")):
            with open(path, "rb") as turtle:
                quads.extend(pyoxigraph.parse(turtle, format=RdfFormat.TURTLE, base_iri=path.as_uri()))
        self.replace_graph(REGISTRY_GRAPH, [Quad(q.subject, q.predicate, q.object, REGISTRY_GRAPH) for q in quads])

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE (one transaction)."""
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise StoreError(f"the update is not valid SPARQL: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot write to the store ({_reason(error)})") from None

    # --- reading --------------------------------------------------------------------

    def documents(self) -> list[NamedNode]:
        """The plans the store holds, by IRI."""
        found = self._store.quads_for_pattern(None, RDF.type, PK.Plan)
        return sorted({quad.subject for quad in found}, key=str)

    def is_empty(self) -> bool:
        return not self.documents()

    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True):
        """Run a SPARQL query over all graphs (``union``) with values bound safely."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=union, substitutions=substitutions)
        except SyntaxError as error:
            raise StoreError(f"the query is not valid SPARQL: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read the store ({_reason(error)})") from None

    def select(self, sparql: str) -> tuple[list[str], list[dict]]:
        """Variables and rows (pyoxigraph terms) of a SELECT query; the same interface as a
        remote endpoint's (kg.remote.Endpoint)."""
        solutions = self.query(sparql)
        if not hasattr(solutions, "variables"):
            raise StoreError("only SELECT queries can be run here; this query is an ASK, CONSTRUCT or DESCRIBE")
        variables = [variable.value for variable in solutions.variables]
        return variables, [{name: solution[name] for name in variables} for solution in solutions]

    def quads(self, graph: NamedNode | None = None) -> list[Quad]:
        return list(self._store.quads_for_pattern(None, None, None, graph))


def _triples_of(nquads: bytes, graph: NamedNode) -> str:
    """N-Quads lines of one graph as N-Triples lines (for an INSERT DATA … GRAPH block)."""
    suffix = f" {graph} .\n"
    lines = nquads.decode("utf-8").splitlines(keepends=True)
    return "".join(line[: -len(suffix)] + " .\n" if line.endswith(suffix) else line for line in lines)


def _reason(error: OSError) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
