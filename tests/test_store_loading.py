"""New plans are bulk-loaded in batches, all of a batch or none of it: a load that dies
half-way leaves a marker, a store opened read-only hides what the marker names, and the
next opening for writing drops it; the next build builds those plans again."""

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from benchmarks.generate import generate
from kg import service
from kg import store as store_module
from kg.errors import StoreError
from kg.store import LOADING, Store
from kg.vocab import CATALOG_GRAPH, PK

ROOT = Path(__file__).resolve().parent.parent

# A build in a process of its own that dies, as a killed build would (no clean-up runs),
# as soon as one piece of its batch is loaded, in two halves: the batch's other pieces,
# loaded side by side, are then on disk in part or not at all.
DIES_HALF_WAY = """
import os, sys
from pathlib import Path
from kg import service
from kg.store import Store

def half_then_die(self, path):
    lines = Path(path).read_bytes().splitlines(keepends=True)
    nquads = __import__("pyoxigraph").RdfFormat.N_QUADS
    self.oxigraph.bulk_load(b"".join(lines[: len(lines) // 2]), format=nquads)
    self.oxigraph.bulk_load(b"".join(lines[len(lines) // 2 :]), format=nquads)
    os._exit(9)

Store._bulk_load = half_then_die
service.build([Path(sys.argv[2])], Path(sys.argv[1]), jobs=1)
"""


def whole(store: Store, plan) -> bool:
    """The plan's graph holds every measure it declares, and the plan has its catalog entry."""
    rows = store.select(
        f"SELECT (COUNT(?m) AS ?n) ?declared WHERE {{ GRAPH {plan} {{ {plan} {PK.measure} ?m ; "
        f"{PK.measureCount} ?declared }} }} GROUP BY ?declared"
    )[1]
    catalog = store.quads(CATALOG_GRAPH)
    return bool(rows) and rows[0]["n"].value == rows[0]["declared"].value and any(q.subject == plan for q in catalog)


def plan_graphs(store: Store) -> set:
    return {quad.graph_name for quad in store.oxigraph.quads_for_pattern(None, PK.sha256, None)}


@pytest.fixture
def crashed(tmp_path):
    """A store with three whole plans, then a build of eight more that died half-way
    through its bulk loads."""
    first, second = tmp_path / "first", tmp_path / "second"
    generate(3, first, seed=21)
    generate(8, second, seed=22)
    store_dir = tmp_path / "store"
    service.build([first], store_dir)
    child = subprocess.run(
        [sys.executable, "-c", DIES_HALF_WAY, str(store_dir), str(second)], cwd=ROOT, capture_output=True, text=True
    )
    assert child.returncode == 9, child.stderr
    return store_dir, second


def test_a_bulk_load_that_dies_half_way_is_hidden_from_readers_and_dropped_by_the_next_writer(crashed):
    store_dir, second = crashed
    assert (store_dir / LOADING).exists()
    assert list(store_dir.glob("policykg-batch-*.nq"))  # the batch's N-Quads, gathered for the loader
    marked = set(Store(store_dir, read_only=True).loading())
    assert len(marked) == 8

    raw = pyoxigraph.Store.read_only(str(store_dir))  # what is on disk: part of the batch
    on_disk = {quad.graph_name for quad in raw.quads_for_pattern(None, PK.sha256, None)}
    assert on_disk & marked and len(on_disk) == 3 + len(on_disk & marked)
    del raw

    reader = Store(store_dir, read_only=True)  # hides the batch: three whole plans
    assert len(reader.documents()) == 3
    assert all(whole(reader, plan) for plan in reader.documents())
    assert not {quad.graph_name for quad in reader.quads()} & marked
    counted = reader.select(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a {PK.Plan} }}")[1]
    assert int(counted[0]["n"].value) == 3
    named = reader.select(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a {PK.Plan} }} }}")[1]
    assert int(named[0]["n"].value) == 3
    del reader

    with Store(store_dir) as writer:  # opening for writing drops the batch and its marker
        assert not (store_dir / LOADING).exists()
        assert not list(store_dir.glob("policykg-batch-*.nq"))
        assert writer.loading() == []
        assert len(writer.documents()) == 3
        assert plan_graphs(writer) == set(writer.documents())
        assert all(whole(writer, plan) for plan in writer.documents())

    result = service.build([second], store_dir)  # and the next build builds them again
    assert (len(result.built), len(result.skipped)) == (8, 0)
    with Store(store_dir) as store:
        assert len(store.documents()) == 11
        assert all(whole(store, plan) for plan in store.documents())


def test_a_bulk_load_that_fails_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    generate(3, tmp_path / "first", seed=23)
    generate(5, tmp_path / "second", seed=24)
    store = Store(tmp_path / "store")
    service.build([tmp_path / "first"], store)
    before = sorted(map(str, store.quads()))

    def half_then_fail(self, path):
        lines = path.read_bytes().splitlines(keepends=True)
        self.oxigraph.bulk_load(b"".join(lines[: len(lines) // 2]), format=pyoxigraph.RdfFormat.N_QUADS)
        raise OSError("No space left on device")

    monkeypatch.setattr(Store, "_bulk_load", half_then_fail)
    with pytest.raises(StoreError, match="no space left on the disk for the store; free some space"):
        service.build([tmp_path / "second"], store)
    assert sorted(map(str, store.quads())) == before
    assert not (tmp_path / "store" / LOADING).exists()
    assert not list((tmp_path / "store").glob("policykg-batch-*"))
    monkeypatch.undo()
    assert len(service.build([tmp_path / "second"], store).built) == 5
    assert len(store.documents()) == 8
    store.close()


def test_opening_for_writing_removes_what_a_killed_load_left_on_disk(tmp_path):
    store_dir = tmp_path / "store"
    Store(store_dir).close()
    leftovers = [store_dir / "bulk-1234.sst", store_dir / f"{LOADING}.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"half of a file")
    Store(store_dir, read_only=True)  # a reader leaves them alone
    assert all(leftover.exists() for leftover in leftovers)
    Store(store_dir).close()
    assert not any(leftover.exists() for leftover in leftovers)


def test_the_registry_is_loaded_again_only_when_its_files_change(tmp_path, monkeypatch, write_plan):
    store = Store(tmp_path / "store")
    loads = []
    load_registry = Store.load_registry
    monkeypatch.setattr(Store, "load_registry", lambda self: loads.append(1) or load_registry(self))
    plan = write_plan("某市实施方案\n一、任务\n1.甲。内容。（市教育局）\n")
    service.build([plan], store)
    service.build([plan], store, force=True)
    assert len(loads) == 1
    files = store_module._registry_files()
    monkeypatch.setattr(store_module, "_registry_files", lambda: [*files[:-1], (files[-1][0], files[-1][1] + b"\n")])
    service.build([plan], store, force=True)
    assert len(loads) == 2
    store.update("DROP GRAPH <https://w3id.org/policykg/graph/registry>")
    service.build([plan], store, force=True)
    assert len(loads) == 3
    assert store.quads(pyoxigraph.NamedNode("https://w3id.org/policykg/graph/registry"))
    store.close()


def test_plans_of_a_batch_replace_one_another_in_file_order(tmp_path, monkeypatch):
    """A later file of the same plan takes its place in the batch, or replaces it in the store
    when the batch has been written."""
    from kg import corpus

    plans = tmp_path / "plans"
    generate(6, plans, seed=25)
    text = (plans / "plan-00002.txt").read_bytes()
    (plans / "plan-00004.txt").write_bytes(text + b"\n")  # the same plan (title and period), another file
    (plans / "plan-00006.txt").write_bytes(text + b"\n\n")
    monkeypatch.setattr(corpus, "BATCH_PLANS", 4)  # plan-00004 takes plan-00002's place in the first batch;
    # plan-00006 comes after that batch, and replaces the plan in the store
    store = Store(tmp_path / "store")
    result = service.build([plans], store, jobs=2)
    assert len(result.built) == 6
    assert len(store.documents()) == 4
    plan = pyoxigraph.NamedNode(next(s.iri for s in result.built if s.path.endswith("plan-00002.txt")))
    sources = [q.object.value for q in store.quads(CATALOG_GRAPH) if q.subject == plan and q.predicate == PK.sourceFile]
    assert sources == ["plan-00006.txt"]
    assert len(list(store.oxigraph.quads_for_pattern(plan, PK.sha256, None, plan))) == 1
    assert all(whole(store, document) for document in store.documents())
    store.close()


def test_a_batch_is_loaded_in_pieces_and_one_failing_piece_drops_the_whole_batch(tmp_path, monkeypatch):
    """Each plan goes whole into one of the batch's pieces; the pieces load side by side, and
    when one of them fails the others' plans go too."""
    generate(2, tmp_path / "first", seed=26)
    generate(7, tmp_path / "second", seed=27)
    store = Store(tmp_path / "store")
    service.build([tmp_path / "first"], store)
    before = sorted(map(str, store.quads()))

    loaded: list[set] = []
    bulk_load = Store._bulk_load

    def record(self, path):
        graphs = {q.graph_name for q in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.N_QUADS)}
        loaded.append(graphs - {CATALOG_GRAPH})
        bulk_load(self, path)
        if len(loaded) == store_module.PIECES:  # the last piece to start fails once it has loaded
            raise OSError("No space left on device")

    monkeypatch.setattr(Store, "_bulk_load", record)
    with pytest.raises(StoreError, match="no space left on the disk"):
        service.build([tmp_path / "second"], store)
    assert len(loaded) == store_module.PIECES == 4
    assert sorted(len(graphs) for graphs in loaded) == [1, 2, 2, 2]  # 7 plans, each in one piece
    assert len(set().union(*loaded)) == 7
    assert sorted(map(str, store.quads())) == before
    assert not list((tmp_path / "store").glob("policykg-batch-*"))
    monkeypatch.undo()
    assert len(service.build([tmp_path / "second"], store).built) == 7
    assert len(store.documents()) == 9
    assert all(whole(store, plan) for plan in store.documents())
    store.close()
