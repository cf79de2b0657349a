"""Benchmarks of policykg on generated corpora (run by hand, never by the test suite).

    python benchmarks/run.py [--sizes 1,100,1000] [--jobs 2] [--quick] [--out benchmarks/results.json]

One run measures, on this machine, and prints as one Markdown table (what | measured |
reference | ratio | goal | met/missed), the ratio given wherever a reference exists:

* start-up: ``policykg --help``; ``ask`` on the 1-plan store, whole process, against
  ``python -c "import rdflib"``;
* build of each corpus size (``python -m kg build DIR --store S --jobs N``): ms/plan
  beside the floor — Oxigraph's own ``bulk_load`` of the same plan graphs dumped as
  N-Quads —, quads/plan (plan graphs only), MB/plan on disk after the build, from its next
  opening on (once RocksDB's own merges have ended, on a copy) and after ``optimize()`` (on
  a copy), peak RSS, and re-building the unchanged corpus;
* every library query (``queries/*.rq``) in process, through ``kg.service.query`` with
  its parameters resolved as the command line resolves them, on the 1-plan and the
  largest store, with the check that the largest store's rows of the bundled plan are
  the 1-plan store's rows;
* ``ask`` on 1 plan and on the largest store, whole process and the query alone;
* ``validate`` of the largest store beside its build and beside pySHACL on the same data;
* the HTML page and the report of a 50-plan store, seconds and MB.

Every step runs in its own process (so a crash or a leak stays there, and its peak RSS is
its own); a step that fails is recorded under ``failures`` and the run goes on. The
figures go to ``--out`` as JSON. ``--quick`` (sizes 1,20, fewer runs, 10 plans for the
exports) is a smoke run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The bundled plan is built into every store, so this names one department however many
# cities the store holds.
QUESTION = "益阳市财政局牵头哪些任务？"
CLI = [sys.executable, "-m", "kg"]
REGISTRY_GRAPH = "https://w3id.org/policykg/graph/registry"
CATALOG_GRAPH = "https://w3id.org/policykg/graph/catalog"
PLAN_CLASS = "https://w3id.org/policykg/ontology#Plan"

# The goals of the acceptance.
GOAL_HELP_S = 0.3
GOAL_ASK_STARTUP = 1.5  # × import rdflib
GOAL_BUILD_MS = 20.0  # ms/plan
GOAL_DISK_MB = 0.5  # MB/plan
GOAL_VALIDATE = 0.5  # × build
GOAL_QUERY = 10.0  # largest ÷ 1 plan
GOAL_ASK = 1.5  # largest ÷ 1 plan
GOAL_EXPORT_S, GOAL_EXPORT_MB, EXPORT_PLANS = 5.0, 1.5, 50

# Query parameters: values taken from the parameter's own description (its examples)
# come first; these follow, for the parameters whose examples name nothing in the
# bundled plan. Every value must name something in every store: the bundled plan is in
# every corpus, so its units (by id: a name such as 市财政局 is one unit per city), its
# department kinds and its programmes are.
PARAMETER_VALUES: dict[str, list[object]] = {
    # by range (iri parameters)
    "pk:Unit": ["益阳市-finance", "益阳市-education", "益阳市-hrss"],
    "pk:DepartmentKind": ["财政局", "pkd:finance"],
    "skos:Concept": ["双高计划", "pkp:double-high"],
    # by name
    "other": ["益阳市-education", "益阳市-finance"],
    "keyword": ["经费保障", "经费"],
    "term": ["双师型"],
    "number": [17, 7],
    "year": [2025, 2023],
    # by type
    "integer": [1],
    "decimal": [1],
    "string": ["教育"],
}
IGNORED_COLUMNS = {"builtAt"}  # differs between two builds of one plan
CHECK_BUDGET_S = 10.0  # the rows check runs when the query takes no longer than this
QUERY_BUDGET_S = 10.0  # the timed runs of one query stop after about this long
TIMEOUT_S = 4 * 3600  # any one process


class StepError(Exception):
    pass


# --- processes ---------------------------------------------------------------------------


def run_process(
    command: list[str],
    env: dict | None = None,
    accept: tuple[int, ...] = (0,),
    timeout: float = TIMEOUT_S,
    label: str | None = None,
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command (its largest process, children
    included); StepError when it exits with a code not in ``accept``."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT, env=env)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in accept:
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace")
            tail = [line.strip() for line in text.strip().splitlines() if line.strip()][
                -1 if "Traceback" in text else -3 :
            ]
            shown = label or " ".join(str(part) for part in command[1:])
            raise StepError(f"exit {process.returncode} from `{shown}`: {' | '.join(tail) or 'no message'}")
    return elapsed, usage.ru_maxrss / 1024


def median_time(command: list[str], runs: int, env: dict | None = None, accept: tuple[int, ...] = (0,)) -> float:
    return statistics.median(run_process(command, env, accept)[0] for _ in range(runs))


def worker(name: str, **arguments) -> dict:
    """Run ``WORKERS[name](**arguments)`` in a process of its own; its result, with the
    process's wall seconds and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    try:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", name, json.dumps(arguments)]
        seconds, peak = run_process([*command, str(result_path)], label=f"worker {name}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    finally:
        result_path.unlink(missing_ok=True)
    result["process_s"], result["process_peak_mb"] = seconds, round(peak)
    return result


def disk_bytes(folder: Path) -> int:
    """What a folder takes on disk (blocks, as du counts them)."""
    total = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(directory, name)).st_blocks * 512
    return total


# --- workers: each runs in its own process -------------------------------------------------


def _digest(rows: list[dict]) -> str:
    """Rows as a multiset, without the columns that differ between two builds."""
    lines = sorted(
        json.dumps({k: v for k, v in row.items() if k not in IGNORED_COLUMNS}, ensure_ascii=False, sort_keys=True)
        for row in rows
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _open(store: str):
    """The store at ``store``, which must exist (``service.open_store`` would make one)."""
    from kg import service

    if not Path(store).is_dir():
        raise StepError(f"{store}: no store there (its build failed?)")
    return service.open_store(store)


def work_store_stats(store: str, dump: str) -> dict:
    """Quads per plan graph (the registry and catalog graphs apart), and the plan graphs
    dumped as N-Quads to ``dump``."""
    import pyoxigraph
    from pyoxigraph import NamedNode, RdfFormat

    oxigraph = pyoxigraph.Store.read_only(store)
    counts = {
        solution["g"].value: int(solution["n"].value)
        for solution in oxigraph.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    }
    # A plan graph names its plan; the others beside the registry and the catalog are derived
    # from plans (the revision graphs of plans the build recognised as versions of others).
    plans = sorted(
        solution["g"].value
        for solution in oxigraph.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{PLAN_CLASS}> }} }}")
    )
    derived = set(counts) - set(plans) - {REGISTRY_GRAPH, CATALOG_GRAPH}
    started = time.perf_counter()
    with open(dump, "wb") as output:
        for graph in plans:
            pyoxigraph.serialize(
                oxigraph.quads_for_pattern(None, None, None, NamedNode(graph)), output, RdfFormat.N_QUADS
            )
    return {
        "plan_graphs": len(plans),
        "plan_quads": sum(counts[graph] for graph in plans),
        "registry_quads": counts.get(REGISTRY_GRAPH, 0),
        "catalog_quads": counts.get(CATALOG_GRAPH, 0),
        "derived_graphs": len(derived),
        "derived_quads": sum(counts[graph] for graph in derived),
        "dump_s": time.perf_counter() - started,
        "dump_bytes": os.path.getsize(dump),
    }


def work_floor(nquads: str, store: str) -> dict:
    """Oxigraph's own bulk load of an N-Quads file into a new store: open, load, close."""
    import gc

    import pyoxigraph
    from pyoxigraph import RdfFormat

    started = time.perf_counter()
    oxigraph = pyoxigraph.Store(store)
    oxigraph.bulk_load(path=nquads, format=RdfFormat.N_QUADS)
    oxigraph.flush()
    del oxigraph
    gc.collect()
    return {"seconds": time.perf_counter() - started}


def work_settle(store: str, quiet: float = 3.0, most: float = 120.0) -> dict:
    """Open a store for writing, as the next policykg command does, and wait until RocksDB's
    own merges of the build's files have ended (its size unchanged for ``quiet`` seconds,
    within ``most``): the size the store keeps from then on."""
    import gc

    import pyoxigraph

    oxigraph = pyoxigraph.Store(store)
    started = time.perf_counter()
    size, still = disk_bytes(Path(store)), time.perf_counter()
    while time.perf_counter() - started < most and time.perf_counter() - still < quiet:
        time.sleep(0.25)
        now = disk_bytes(Path(store))
        if now != size:
            size, still = now, time.perf_counter()
    seconds = time.perf_counter() - started
    del oxigraph
    gc.collect()
    for old in Path(store).glob("LOG.old.*"):
        old.unlink(missing_ok=True)
    return {"seconds": seconds}


def work_compact(store: str) -> dict:
    """``optimize()`` of a store (a copy: the benchmark's store stays as the build left it)."""
    import gc

    import pyoxigraph

    oxigraph = pyoxigraph.Store(store)
    if not hasattr(oxigraph, "optimize"):
        return {"missing": "pyoxigraph.Store has no optimize()"}
    started = time.perf_counter()
    oxigraph.optimize()
    seconds = time.perf_counter() - started
    del oxigraph
    gc.collect()
    for old in Path(store).glob("LOG.old.*"):
        old.unlink(missing_ok=True)
    return {"seconds": seconds}


def _examples(description: str) -> list[str]:
    """The example values a parameter's description gives: `e.g. X` and `(A, B or C)`."""
    found = re.findall(r"e\.g\.\s*([^\s,，;；)）]+)", description)
    for group in re.findall(r"[(（]([^()（）]*)[)）]", description):
        found.extend(part.strip() for part in re.split(r",|，|\bor\b", group))
    return [value for value in found if value and " " not in value]


def _candidates(parameter) -> list[object]:
    """Values to try for a parameter: its description's examples, then PARAMETER_VALUES
    by range, name and type."""
    values: list[object] = []
    for value in _examples(parameter.description):
        if parameter.type in ("integer", "year"):
            if re.fullmatch(r"\d+", value):
                values.append(int(value))
        elif parameter.type == "decimal":
            if re.fullmatch(r"\d+(\.\d+)?", value):
                values.append(value)
        elif parameter.type == "iri" or not re.search(r"[A-Za-z]{2}", value):
            values.append(value)
    for key in (parameter.range, parameter.name, parameter.type):
        values.extend(PARAMETER_VALUES.get(key or "", []))
    return list(dict.fromkeys(values))


def work_choose_parameters(stores: list[str]) -> dict:
    """For each library query, parameter values that every store resolves (as `policykg
    query --param` resolves them), preferring values that give rows on the first store."""
    from kg import query as library
    from kg import service

    opened = [_open(path) for path in stores]
    chosen: dict[str, dict] = {}
    try:
        for name, item in service.queries().items():
            if not item.parameters:
                chosen[name] = {"params": {}, "rows_1": None, "source": "none"}
                continue
            combos = itertools.product(*(_candidates(parameter) for parameter in item.parameters))
            fallback, errors = None, []
            for combo in itertools.islice(combos, 40):
                if len(set(map(str, combo))) < len(combo):
                    continue
                params = {parameter.name: value for parameter, value in zip(item.parameters, combo)}
                try:
                    for store in opened:
                        library.resolve_iris(store, item, params)
                    rows = len(service.query(name, opened[0], params=params).rows)
                except Exception as error:  # a value that names nothing here: try the next
                    errors.append(f"{params}: {error}")
                    continue
                if rows:
                    chosen[name] = {"params": params, "rows_1": rows}
                    break
                fallback = fallback or {"params": params, "rows_1": 0}
            else:
                chosen[name] = fallback or {"params": None, "error": "; ".join(errors[:3]) or "no candidate values"}
    finally:
        for store in opened:
            store.close()
    return {"queries": chosen}


def work_queries(store: str, params: dict, runs: int, document: str | None = None) -> dict:
    """Each library query on one open store, through kg.service.query: one warm-up run,
    then up to ``runs`` timed runs (fewer when a query is slow); with ``document``, the
    rows of that plan alone too (for the check against the 1-plan store)."""
    from kg import service

    results: dict[str, dict] = {}
    with contextlib.closing(_open(store)) as opened:
        plans = [str(getattr(plan, "value", plan)) for plan in service.plans(opened)]
        for name in service.queries():
            values = params.get(name, {}).get("params")
            if values is None:
                results[name] = {"error": params.get(name, {}).get("error", "no parameter values")}
                continue
            try:
                started = time.perf_counter()
                table = service.query(name, opened, params=values)
                first = time.perf_counter() - started
                # A query slower than the budget is timed once, cold: a warm-up changes
                # little there, and the run must end.
                times: list[float] = []
                if first <= QUERY_BUDGET_S:
                    for _ in range(max(1, min(runs, int(QUERY_BUDGET_S / max(first, 1e-6))))):
                        started = time.perf_counter()
                        service.query(name, opened, params=values)
                        times.append(time.perf_counter() - started)
                result = {
                    "seconds": statistics.median(times) if times else first,
                    "first_s": first,
                    "runs": len(times) if times else 1,
                    "cold": not times,
                    "rows": len(table.rows),
                    "digest": _digest(table.rows),
                }
                if document is not None and result["seconds"] <= CHECK_BUDGET_S:
                    rows = service.query(name, opened, params=values, document=document).rows
                    result["document_rows"], result["document_digest"] = len(rows), _digest(rows)
                    # The same query asked of one plan of the store (--document): its time
                    # beside the 1-plan store's is what a store's size costs a question
                    # about one plan; the whole store's rows grow with the plans.
                    times = []
                    for _ in range(runs):
                        started = time.perf_counter()
                        service.query(name, opened, params=values, document=document)
                        times.append(time.perf_counter() - started)
                    result["document_seconds"] = statistics.median(times)
                results[name] = result
            except Exception as error:  # recorded; the other queries go on
                results[name] = {"error": f"{type(error).__name__}: {error}"}
    return {"plans": plans, "queries": results}


def work_ask(store: str, runs: int) -> dict:
    """``ask`` in process on an open store: one warm-up, then the median of ``runs``."""
    from kg import service

    with contextlib.closing(_open(store)) as opened:
        answer = service.ask(QUESTION, opened)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            service.ask(QUESTION, opened)
            times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "rows": len(answer.rows)}


def work_validate(store: str, engine: str | None) -> dict:
    """Validation of every plan in process: the default engine (``engine`` None, as the
    command line runs it), or ``kg.validate.validate(store, None, engine=engine)``."""
    import inspect
    from collections import Counter

    from kg import service
    from kg import validate as validation

    declared = inspect.signature(validation.validate).parameters.get("engine")
    default = None if declared is None or declared.default is inspect.Parameter.empty else str(declared.default)
    with contextlib.closing(_open(store)) as opened:
        if engine is None:
            started = time.perf_counter()
            report = service.validate(opened)
        else:
            if declared is None:
                return {"missing": "kg.validate.validate takes no engine= yet"}
            started = time.perf_counter()
            report = validation.validate(opened, None, engine=engine)
        seconds = time.perf_counter() - started
    severities = Counter(str(getattr(result, "severity", "?")) for result in report.results)
    return {
        "seconds": seconds,
        "engine": engine or default or "the only one",
        "results": len(report.results),
        "severities": dict(sorted(severities.items())),
    }


def work_exports(store: str, runs: int) -> dict:
    """The HTML page and the report of an open store (as benchmarks/html_export.py): the
    median of ``runs`` and the bytes."""
    from kg import service

    out: dict[str, dict] = {}
    with contextlib.closing(_open(store)) as opened:
        makers = {
            "html": lambda: service.export("html", opened),
            "report": lambda: service.report(opened),
            "report_without_validation": lambda: service.report(opened, validation=False),
        }
        for name, make in makers.items():
            try:
                times, size = [], 0
                for _ in range(runs):
                    started = time.perf_counter()
                    size = len(make())
                    times.append(time.perf_counter() - started)
                out[name] = {"seconds": statistics.median(times), "bytes": size}
            except Exception as error:
                out[name] = {"error": f"{type(error).__name__}: {error}"}
    return out


WORKERS = {
    "store_stats": work_store_stats,
    "floor": work_floor,
    "compact": work_compact,
    "settle": work_settle,
    "choose_parameters": work_choose_parameters,
    "queries": work_queries,
    "ask": work_ask,
    "validate": work_validate,
    "exports": work_exports,
}


def run_worker(name: str, arguments: str, result_path: str) -> int:
    result = WORKERS[name](**json.loads(arguments))
    Path(result_path).write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


# --- the benchmark --------------------------------------------------------------------------


class Bench:
    def __init__(self) -> None:
        self.failures: list[dict[str, str]] = []

    @contextlib.contextmanager
    def step(self, name: str):
        print(f"… {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            yield
        except Exception as error:  # a failing step is recorded and the run goes on
            message = f"{type(error).__name__}: {error}"
            if not isinstance(error, StepError):
                message += " @ " + " < ".join(
                    f"{Path(frame.filename).name}:{frame.lineno}" for frame in traceback.extract_tb(error.__traceback__)
                )
            self.failures.append({"step": name, "error": message})
            print(f"  FAILED: {message}", file=sys.stderr, flush=True)
        else:
            print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def corpus(work: Path, size: int, bundled: Path) -> Path:
    """``size`` plans: ``size - 1`` generated ones and the bundled plan."""
    from benchmarks.generate import generate

    plans = work / f"plans-{size}"
    if size > 1:
        generate(size - 1, plans, seed=size)
    else:
        plans.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled, plans / "plan-seed.txt")
    return plans


def text_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*.txt"))


def plans_label(size: int) -> str:
    return f"{size:,} plan{'s' if size != 1 else ''}"


def measure_build(bench: Bench, work: Path, size: int, jobs: int, bundled: Path) -> dict:
    figures: dict[str, object] = {"plans": size}
    label = plans_label(size)
    store = work / f"store-{size}"
    with bench.step(f"build {label}"):
        plans = corpus(work, size, bundled)
        figures["text_bytes"] = text_bytes(plans)
        # Exit 1: some file failed and the others were built; the count of plan graphs
        # below says so.
        seconds, peak = run_process(
            [*CLI, "build", str(plans), "--store", str(store), "--jobs", str(jobs)], accept=(0, 1)
        )
        figures.update(build_s=seconds, build_peak_mb=round(peak), disk_bytes=disk_bytes(store))
    if "build_s" not in figures:
        return figures
    with bench.step(f"the {size:,}-plan store at its next opening (RocksDB's own merges)"):
        copy = work / f"settled-{size}"
        shutil.copytree(store, copy)
        try:
            result = worker("settle", store=str(copy))
            figures.update(settle_s=result["seconds"], settled_disk_bytes=disk_bytes(copy))
        finally:
            shutil.rmtree(copy, ignore_errors=True)
    with bench.step(f"re-build {label}, unchanged"):
        seconds, _ = run_process([*CLI, "build", str(plans), "--store", str(store), "--jobs", str(jobs)])
        figures["rebuild_unchanged_s"] = seconds
    dump = work / f"plans-{size}.nq"
    with bench.step(f"quads of {label}, dumped as N-Quads"):
        stats = worker("store_stats", store=str(store), dump=str(dump))
        figures.update(
            {
                key: stats[key]
                for key in (
                    "plan_graphs",
                    "plan_quads",
                    "registry_quads",
                    "catalog_quads",
                    "derived_graphs",
                    "derived_quads",
                )
            }
        )
        figures["dump_bytes"] = stats["dump_bytes"]
        if stats["plan_graphs"] != size:
            bench.failures.append(
                {"step": f"build {label}", "error": f"the store holds {stats['plan_graphs']} plan graphs, not {size}"}
            )
    if dump.exists():
        floor = work / f"floor-{size}"
        with bench.step(f"floor: Oxigraph's bulk load of the N-Quads of {label}"):
            result = worker("floor", nquads=str(dump), store=str(floor))
            figures.update(floor_s=result["seconds"], floor_disk_bytes=disk_bytes(floor))
        shutil.rmtree(floor, ignore_errors=True)
        dump.unlink(missing_ok=True)
    with bench.step(f"compaction of the {size:,}-plan store (a copy)"):
        copy = work / f"compacted-{size}"
        shutil.copytree(store, copy)
        try:
            result = worker("compact", store=str(copy))
            if "missing" in result:
                figures["compacted_missing"] = result["missing"]
            else:
                figures.update(compact_s=result["seconds"], compacted_disk_bytes=disk_bytes(copy))
        finally:
            shutil.rmtree(copy, ignore_errors=True)
    return figures


def measure(args: argparse.Namespace, work: Path, bench: Bench) -> dict:
    from kg.resources import bundled_plan

    bundled = bundled_plan()
    sizes = sorted({1, *args.sizes})
    largest = sizes[-1]
    data: dict[str, object] = {}

    # Start-up is timed with bytecode, as an installed package has it (pip compiles it on
    # install): this machine sets PYTHONDONTWRITEBYTECODE, so that policykg's modules, read
    # from the checkout, would be compiled in every process (≈50 ms) while rdflib's are not.
    # The compiled files go to a folder of the run; one run before the timed ones writes them.
    compiled = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    compiled["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    with bench.step("start-up"):
        for command in ([*CLI, "--help"], [sys.executable, "-c", "import rdflib"]):
            run_process(command, compiled)
        data["help_s"] = median_time([*CLI, "--help"], args.runs, compiled)
        data["import_rdflib_s"] = median_time([sys.executable, "-c", "import rdflib"], args.runs, compiled)

    builds: dict[int, dict] = {}
    for size in sizes:
        builds[size] = measure_build(bench, work, size, args.jobs, bundled)
    data["builds"] = {str(size): figures for size, figures in builds.items()}
    one, big = work / "store-1", work / f"store-{largest}"

    with bench.step("ask on 1 plan, whole process"):
        run_process([*CLI, "ask", QUESTION, "--store", str(one)], compiled)
        data["ask_process_1_s"] = median_time([*CLI, "ask", QUESTION, "--store", str(one)], args.runs, compiled)
    with bench.step(f"ask on {plans_label(largest)}, whole process"):
        data["ask_process_largest_s"] = median_time(
            [*CLI, "ask", QUESTION, "--store", str(big)], max(3, args.runs - 2), compiled
        )
    with bench.step("ask on 1 plan, the query alone"):
        data["ask_query_1"] = worker("ask", store=str(one), runs=args.runs)
    with bench.step(f"ask on {plans_label(largest)}, the query alone"):
        data["ask_query_largest"] = worker("ask", store=str(big), runs=args.runs)

    with bench.step("query parameters"):
        data["query_parameters"] = worker("choose_parameters", stores=[str(one), str(big)])["queries"]
    chosen = data.get("query_parameters", {})
    with bench.step("library queries on 1 plan"):
        data["queries_1"] = worker("queries", store=str(one), params=chosen, runs=args.query_runs)
    with bench.step(f"library queries on {plans_label(largest)}"):
        plans_1 = data.get("queries_1", {}).get("plans") or [None]
        data["queries_largest"] = worker(
            "queries", store=str(big), params=chosen, runs=args.query_runs, document=plans_1[0]
        )
        data["queries_largest"]["plans"] = len(data["queries_largest"].get("plans") or [])  # not 1,000 IRIs

    with bench.step(f"validate {plans_label(largest)} (command line)"):
        # Generated plans leave some measures without a lead on purpose: exit 1 is a result.
        seconds, peak = run_process([*CLI, "validate", "--store", str(big), "--format", "json"], accept=(0, 1))
        data["validate_cli"] = {"seconds": seconds, "peak_mb": round(peak)}
    with bench.step(f"validate {plans_label(largest)} in process, the default engine"):
        data["validate_default"] = worker("validate", store=str(big), engine=None)
    with bench.step(f"validate {plans_label(largest)} in process, pySHACL"):
        data["validate_pyshacl"] = worker("validate", store=str(big), engine="pyshacl")

    with bench.step(f"exports of {args.export_plans} plans"):
        from benchmarks.generate import generate

        plans = work / "plans-export"
        generate(args.export_plans, plans, seed=7)  # as benchmarks/html_export.py
        store = work / "store-export"
        run_process([*CLI, "build", str(plans), "--store", str(store), "--jobs", str(args.jobs)])
        data["exports"] = worker("exports", store=str(store), runs=args.export_runs)
    data["export_plans"] = args.export_plans
    return data


# --- the table --------------------------------------------------------------------------------


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def row(
    what: str,
    value: float | None,
    unit: str,
    *,
    extra: str = "",
    reference: float | None = None,
    reference_what: str = "",
    goal: float | None = None,
    goal_on: str = "ratio",
    applies: bool = True,
    missing: str = "",
    reference_missing: str = "",
) -> dict:
    """One line of the table. ``goal`` bounds the ratio (``goal_on="ratio"``) or the value."""
    ratio = value / reference if value is not None and reference else None
    checked = ratio if goal_on == "ratio" else value
    met = checked <= goal if goal is not None and applies and checked is not None else None
    return {
        "what": what,
        "measured": value,
        "unit": unit,
        "extra": extra,
        "reference": reference,
        "reference_what": reference_what,
        "ratio": ratio,
        "goal": None if goal is None else f"≤ {goal:g}{'×' if goal_on == 'ratio' else ' ' + unit}",
        "goal_applies": applies,
        "met": met,
        "missing": missing if value is None else "",
        "reference_missing": reference_missing if reference is None else "",
    }


def _get(data: dict, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def rows_of(data: dict, sizes: list[int]) -> list[dict]:
    largest = max(sizes)
    rows = []
    rdflib_s = data.get("import_rdflib_s")
    rows.append(row("`policykg --help`", data.get("help_s"), "s", goal=GOAL_HELP_S, goal_on="value"))
    rows.append(
        row(
            "`ask` start-up (1 plan, whole process) vs `python -c 'import rdflib'`",
            data.get("ask_process_1_s"),
            "s",
            reference=rdflib_s,
            reference_what="import rdflib",
            goal=GOAL_ASK_STARTUP,
        )
    )

    for size in sizes:
        b = _get(data, "builds", str(size)) or {}
        n = size
        build_s, floor_s = b.get("build_s"), b.get("floor_s")
        text_mb = b["text_bytes"] / 2**20 if b.get("text_bytes") else None
        label = plans_label(size)
        rows.append(
            row(
                f"build {label}: ms/plan vs Oxigraph's bulk load of its N-Quads (the floor)",
                build_s * 1000 / n if build_s is not None else None,
                "ms/plan",
                extra=f"{_number(build_s)} s, {_number(text_mb)} MB of text" if build_s is not None and text_mb else "",
                reference=floor_s * 1000 / n if floor_s is not None else None,
                reference_what=f"floor, {_number(floor_s)} s" if floor_s is not None else "floor",
                goal=GOAL_BUILD_MS,
                goal_on="value",
                applies=size > 1,
            )
        )
        quads = b.get("plan_quads")
        rows.append(
            row(
                f"build {label}: quads/plan (plan graphs)",
                quads / n if quads is not None else None,
                "quads/plan",
                extra=f"{quads:,} quads; registry {b.get('registry_quads', 0):,}, catalog {b.get('catalog_quads', 0):,}"
                + (
                    f", {b['derived_graphs']:,} revision graphs {b.get('derived_quads', 0):,}"
                    if b.get("derived_graphs")
                    else ""
                )
                if quads is not None
                else "",
            )
        )
        disk = b.get("disk_bytes")
        rows.append(
            row(
                f"build {label}: MB/plan on disk (reference: the plan's text)",
                disk / 2**20 / n if disk is not None else None,
                "MB/plan",
                extra=f"{_number(disk / 2**20)} MB" if disk is not None else "",
                reference=text_mb / n if text_mb else None,
                reference_what="text MB/plan",
                goal=GOAL_DISK_MB,
                goal_on="value",
                applies=size > 1,
            )
        )
        settled = b.get("settled_disk_bytes")
        rows.append(
            row(
                f"build {label}: MB/plan on disk from its next opening on (RocksDB's merges; reference: as built)",
                settled / 2**20 / n if settled is not None else None,
                "MB/plan",
                extra=f"{_number(settled / 2**20)} MB, unchanged after {_number(b['settle_s'])} s"
                if settled is not None
                else "",
                reference=disk / 2**20 / n if disk is not None else None,
                reference_what="as built",
                goal=GOAL_DISK_MB,
                goal_on="value",
                applies=size > 1,
            )
        )
        compacted = b.get("compacted_disk_bytes")
        rows.append(
            row(
                f"build {label}: MB/plan on disk after `optimize()` (reference: before)",
                compacted / 2**20 / n if compacted is not None else None,
                "MB/plan",
                extra=f"{_number(compacted / 2**20)} MB; the floor's store {_number(b['floor_disk_bytes'] / 2**20)} MB"
                if compacted is not None and b.get("floor_disk_bytes") is not None
                else "",
                reference=disk / 2**20 / n if disk is not None else None,
                reference_what="before",
                goal=GOAL_DISK_MB,
                goal_on="value",
                applies=size > 1,
                missing=b.get("compacted_missing", ""),
            )
        )
        rows.append(row(f"build {label}: peak RSS", b.get("build_peak_mb"), "MB"))
        rows.append(
            row(
                f"re-build {label} unchanged (all skipped)",
                b.get("rebuild_unchanged_s"),
                "s",
                reference=build_s,
                reference_what="build",
            )
        )

    queries_1 = _get(data, "queries_1", "queries") or {}
    queries_n = _get(data, "queries_largest", "queries") or {}
    chosen = data.get("query_parameters") or {}
    for name in sorted(set(queries_1) | set(queries_n) | set(chosen)):
        one, many = queries_1.get(name, {}), queries_n.get(name, {})
        params = _get(chosen, name, "params") or {}
        shown = ", ".join(f"{key}={value}" for key, value in params.items())
        if "document_digest" in many and "digest" in one:
            same = many["document_digest"] == one["digest"]
            check = "bundled plan's rows: same" if same else "bundled plan's rows: DIFFER"
        else:
            check = "rows check skipped"
        rows.append(
            row(
                f"query `{name}`{f' ({shown})' if shown else ''}: {largest:,} plans vs 1",
                many.get("seconds"),
                "s",
                extra=f"{many['rows']:,} rows vs {one.get('rows', '?')}; {check}{'; 1 cold run' if many.get('cold') else ''}"
                if "rows" in many
                else "",
                reference=one.get("seconds"),
                reference_what="1 plan",
                goal=GOAL_QUERY,
                missing=many.get("error") or one.get("error") or _get(chosen, name, "error") or "",
            )
        )
        rows.append(
            row(
                f"query `{name}`{f' ({shown})' if shown else ''}: one plan among {largest:,} (--document) vs 1",
                many.get("document_seconds"),
                "s",
                reference=one.get("seconds"),
                reference_what="1 plan",
                goal=GOAL_QUERY,
                missing=many.get("error") or "not timed (the whole store's query was too slow)",
            )
        )

    rows.append(
        row(
            f"`ask` whole process: {largest:,} plans vs 1",
            data.get("ask_process_largest_s"),
            "s",
            reference=data.get("ask_process_1_s"),
            reference_what="1 plan",
            goal=GOAL_ASK,
        )
    )
    rows.append(
        row(
            f"`ask` the query alone: {largest:,} plans vs 1",
            _get(data, "ask_query_largest", "seconds"),
            "s",
            extra=f"{_get(data, 'ask_query_largest', 'rows')} rows vs {_get(data, 'ask_query_1', 'rows')}"
            if _get(data, "ask_query_largest", "rows") is not None
            else "",
            reference=_get(data, "ask_query_1", "seconds"),
            reference_what="1 plan",
            goal=GOAL_ASK,
        )
    )

    build_largest = _get(data, "builds", str(largest), "build_s")
    cli = data.get("validate_cli") or {}
    rows.append(
        row(
            f"`validate` {largest:,} plans, whole process, vs their build",
            cli.get("seconds"),
            "s",
            extra=f"peak {cli['peak_mb']} MB" if "peak_mb" in cli else "",
            reference=build_largest,
            reference_what="build",
            goal=GOAL_VALIDATE,
        )
    )
    default, pyshacl = data.get("validate_default") or {}, data.get("validate_pyshacl") or {}

    def results(figures: dict) -> str:
        if "results" not in figures:
            return ""
        return f"{figures['engine']}: {figures['results']} results, peak {figures['process_peak_mb']} MB"

    def agree(one: dict, other: dict) -> str:
        if one.get("severities") is None or one.get("severities") == other.get("severities"):
            return "; the same results"
        return f"; the results DIFFER ({one['severities']} vs {other['severities']})"

    rows.append(
        row(
            f"`validate` {largest:,} plans in process: the default engine vs pySHACL",
            default.get("seconds"),
            "s",
            extra=f"{results(default)}; {results(pyshacl)}{agree(default, pyshacl)}"
            if "results" in pyshacl
            else results(default),
            reference=pyshacl.get("seconds"),
            reference_what="pySHACL",
            reference_missing=pyshacl.get("missing", "see failures"),
        )
    )

    plans = data.get("export_plans", EXPORT_PLANS)
    exports = data.get("exports") or {}
    for name, what in (
        ("html", "`export html`"),
        ("report", "`report`"),
        ("report_without_validation", "`report --no-validation`"),
    ):
        figures = exports.get(name, {})
        size = figures["bytes"] / 2**20 if "bytes" in figures else None
        applies = plans == EXPORT_PLANS and name != "report_without_validation"
        rows.append(
            row(
                f"{what} of {plans} plans: seconds",
                figures.get("seconds"),
                "s",
                goal=GOAL_EXPORT_S,
                goal_on="value",
                applies=applies,
                missing=figures.get("error", ""),
            )
        )
        rows.append(
            row(
                f"{what} of {plans} plans: size",
                size,
                "MB",
                goal=GOAL_EXPORT_MB,
                goal_on="value",
                applies=applies,
                missing=figures.get("error", ""),
            )
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| what | measured | reference | ratio | goal | met/missed |", "|---|---|---|---|---|---|"]
    for r in rows:
        if r["measured"] is None:
            measured = "—"
        else:
            measured = f"{_number(r['measured'])} {r['unit']}" + (f" ({r['extra']})" if r["extra"] else "")
        reference = f"{_number(r['reference'])} {r['unit']} ({r['reference_what']})" if r["reference"] else ""
        if r["reference_missing"]:
            reference = f"{r['reference_what']} missing: {r['reference_missing']}"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else ""
        goal = (r["goal"] or "") + ("" if r["goal_applies"] or not r["goal"] else " (n/a here)")
        if r["measured"] is None:
            status = f"missing{': ' + r['missing'] if r['missing'] else ''}"
        else:
            status = {True: "met", False: "missed", None: ""}[r["met"]]
            if r["reference_missing"] and not status:
                status = "reference missing"
        cells = [r["what"], measured, reference, ratio, goal, status]
        lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(lines)


def commit() -> str | None:
    """The checkout's commit, with `+changes` when its files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+changes" if status.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return run_worker(*argv[1:4])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="corpus sizes, comma-separated (default 1,100,1000; --quick: 1,20)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of every build (default 2)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: sizes 1,20, fewer runs, 10 export plans")
    parser.add_argument("--runs", type=int, help="runs of each start-up and ask figure (default 7; --quick 3)")
    parser.add_argument("--query-runs", type=int, help="timed runs of each query (default 5; --quick 2)")
    parser.add_argument(
        "--export-plans", type=int, help=f"plans of the export store (default {EXPORT_PLANS}; --quick 10)"
    )
    parser.add_argument("--export-runs", type=int, help="runs of each export (default 3; --quick 1)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument(
        "--out",
        type=Path,
        help="the JSON file (default benchmarks/results.json; --quick: policykg-bench-quick.json in the temp folder)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.sizes = [int(size) for size in (args.sizes or ("1,20" if quick else "1,100,1000")).split(",") if size.strip()]
    if any(size < 1 for size in args.sizes):
        parser.error("--sizes: every size must be 1 or more")
    args.runs = args.runs or (3 if quick else 7)
    args.query_runs = args.query_runs or (2 if quick else 5)
    args.export_plans = args.export_plans or (10 if quick else EXPORT_PLANS)
    args.export_runs = args.export_runs or (1 if quick else 3)
    if args.out is None:
        quick_out = Path(tempfile.gettempdir()) / "policykg-bench-quick.json"
        args.out = quick_out if quick else ROOT / "benchmarks" / "results.json"
    sizes = sorted({1, *args.sizes})

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    bench = Bench()
    started = time.time()
    try:
        data = measure(args, work, bench)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = rows_of(data, sizes)
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "minutes": round((time.time() - started) / 60, 1),
        "commit": commit(),
        "options": {
            "sizes": sizes,
            "jobs": args.jobs,
            "quick": quick,
            "runs": args.runs,
            "query_runs": args.query_runs,
            "export_plans": args.export_plans,
            "export_runs": args.export_runs,
        },
        "question": QUESTION,
        "rows": rows,
        "failures": bench.failures,
        "data": data,
    }
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(rows))
    if bench.failures:
        print("\nFailures:")
        for failure in bench.failures:
            print(f"- {failure['step']}: {failure['error']}")
    print(f"\n{results['machine']}; --jobs {args.jobs}; figures in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
