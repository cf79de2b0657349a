"""The Python twins of the command line::

    from kg import api
    store = api.open_store("/tmp/store")
    api.build(["plan.txt"], store)                 # → list of BuiltDocument
    api.ask(store, "区财政局牵头哪些任务？")         # → Answer (rows, sparql, interpretation)
    api.query(store, "measure-leads", number=17)   # → (variables, rows)

(The functions live here, not in ``kg/__init__.py``, because the stages they call are
modules of the same names: ``kg.build``, ``kg.ask``, ``kg.query``.)
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["open_store", "build", "ask", "query", "responsibilities"]


def open_store(path: str | Path | None = None, build_default: bool = False):
    """Open the store at ``path`` (default: $POLICYKG_STORE or the user data directory).
    With ``build_default``, an empty store first gets the bundled plan."""
    from kg import pipeline
    from kg.store import Store, default_path

    store = Store(Path(path) if path else default_path())
    if build_default:
        pipeline.ensure_default(store)
    return store


def build(sources: list[str | Path] | None = None, store=None):
    """Parse plans (default: the bundled plan) and, given a store, write them into it."""
    from kg import pipeline
    from kg.resources import bundled_plan

    paths = [Path(source) for source in sources] if sources else [bundled_plan()]
    built = [pipeline.process(path) for path in paths]
    if store is not None:
        pipeline.store_built(store, built)
    return built


def ask(store, question: str):
    """Answer a question in Chinese or English."""
    from kg.ask import ask as answer

    return answer(store, question)


def query(store, name_or_sparql: str, **parameters):
    """Run a library query (by name or .rq path) or a SPARQL text with bound parameters."""
    from kg import query as library

    if name_or_sparql.lstrip().upper().startswith(("SELECT", "PREFIX", "ASK", "CONSTRUCT", "DESCRIBE")):
        item = library.parse_query("expression", name_or_sparql)
    else:
        item = library.load(name_or_sparql)
    return library.run(store, item.bind(parameters))


def responsibilities(store):
    """The 任务分工表: (columns, rows), one row per measure."""
    from kg.export import tables

    return tables.responsibilities(store)
