"""`policykg query` cannot be abused or run away (issue 17, items 1, 4 and 6): what a text
does is read by a SPARQL parser, so an update however spelled reaches neither an endpoint
nor the store without --allow-update; SERVICE calls no server without --allow-service; a
long query stops at Ctrl-C (exit 130) and at --timeout (exit 2); rows are written as they
are read, in memory that does not grow with them."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from kg import service
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.query import read
from kg.store import Store
from kg.vocab import PK, RDF
from tests.test_remote import oxigraph_server

GRAPH = "http://example.org/plan"
UPDATE_REFUSED = "Error: this is a SPARQL UPDATE, which would change the data;"
SERVICE_REFUSED = "Error: this query calls another server (SERVICE);"
# Every triple of the store three times over: it never finishes on a store of a few plans.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# The command line as a terminal starts it: Ctrl-C raises KeyboardInterrupt, even where the
# test runner was started with SIGINT ignored (a background job), which a child inherits.
POLICYKG = [
    sys.executable,
    "-c",
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'policykg'; from kg.cli import main; main()",
]


def invoke(*args: object):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    """A store of three generated plans (≈9,000 triples), closed."""
    folder = tmp_path_factory.mktemp("plans")
    service.build(generate(3, folder / "plans", seed=17), folder / "store")
    return folder / "store"


def quad_count(store: Path) -> int:
    with Store(store, read_only=True) as opened:
        return len(opened.oxigraph)


# --- 1. an update is refused on every path, however it is written ----------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server on loopback whose graph GRAPH holds one triple."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        target = f"{base}/store?graph={urllib.parse.quote(GRAPH, safe='')}"
        triple = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
        put = urllib.request.Request(
            target, data=triple, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        urllib.request.urlopen(put, timeout=10).read()
        yield base


def triples_in_graph(base: str) -> int:
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        f"{base}/query?query={urllib.parse.quote(sparql)}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "text",
    [
        f"PREFIX x: <http://x/> #\nDROP GRAPH <{GRAPH}>",
        f"PREFIX x: <http://x/> #\nINSERT DATA {{ GRAPH <{GRAPH}> {{ x:a x:b x:c }} }}",
    ],
    ids=["drop", "insert"],
)
@pytest.mark.parametrize("path", ["query", "update"])
def test_an_update_behind_a_comment_never_reaches_the_endpoint(server, text, path):
    result = invoke("query", "-e", text, "--endpoint", f"{server}/{path}")
    assert one_error_line(result).startswith(UPDATE_REFUSED)
    assert triples_in_graph(server) == 1
    allowed = invoke("query", "-e", text, "--endpoint", f"{server}/{path}", "--allow-update")
    assert one_error_line(allowed).startswith(UPDATE_REFUSED)  # an endpoint is never changed
    assert triples_in_graph(server) == 1


@pytest.mark.parametrize(
    "text",
    [
        f"drop graph <{GRAPH}>",
        f"DROP # SELECT * {{}}\n GRAPH <{GRAPH}>",
        "BASE <http://example.org/> DROP ALL",
        'PREFIX x: <http://x/> INSERT DATA { GRAPH x:g { x:a x:b "SELECT * WHERE { ?s ?p ?o }" } }',
        "\\u0044ROP ALL",
        "\\u0069nsert data { <http://x/a> <http://x/b> <http://x/c> }",
        "# SELECT ?s WHERE { ?s ?p ?o }\nCLEAR SILENT ALL ; DROP ALL",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_hostile_spellings_of_an_update_are_refused_and_change_nothing(plans, text):
    before = quad_count(plans)
    assert one_error_line(invoke("query", "-e", text, "--store", plans)).startswith(UPDATE_REFUSED)
    assert quad_count(plans) == before


@pytest.mark.parametrize(
    "text, rows",
    [
        ('SELECT ("DROP ALL" AS ?x) {}', [{"x": "DROP ALL"}]),
        ("# DROP ALL\nSELECT ?x { BIND(1 AS ?x) }", [{"x": 1}]),
        ("PREFIX insert: <http://x/> SELECT ?x { BIND(insert:data AS ?x) }", [{"x": "http://x/data"}]),
    ],
)
def test_a_query_that_looks_like_an_update_runs(plans, text, rows):
    result = invoke("query", "-e", text, "--store", plans, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == rows


# Pieces of SPARQL texts. In a template, an upper-case word is a keyword, spelled in any
# case or with \u escapes, $S a string literal and <G> the graph.
UPDATES = [
    "DROP GRAPH <G>",
    "DROP SILENT ALL",
    "CLEAR DEFAULT",
    "CREATE SILENT GRAPH <http://example.org/new>",
    "INSERT DATA { GRAPH <G> { <http://x/s> <http://x/p> $S } }",
    "DELETE DATA { GRAPH <G> { <http://x/s> <http://x/p> <http://x/o> } }",
    "DELETE WHERE { GRAPH <G> { ?s ?p ?o } }",
    "WITH <G> DELETE { ?s ?p ?o } INSERT { ?s ?p $S } WHERE { ?s ?p ?o }",
    "COPY SILENT <G> TO <http://example.org/copy>",
    "MOVE SILENT <G> TO <http://example.org/moved>",
    "ADD SILENT <G> TO DEFAULT",
    "CLEAR SILENT GRAPH <G> ; DROP ALL",
]
QUERIES = [
    "SELECT * WHERE { ?s ?p $S }",
    "SELECT ( $S AS ?x ) { }",
    "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    "ASK { ?s ?p $S }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <http://x/s>",
    "SELECT ?s WHERE { ?s <http://x/insert> ?o FILTER ( ?o != $S ) }",
]
PROLOGUE = ["PREFIX x: <http://x/>", "PREFIX drop: <http://x/drop#>", "BASE <http://example.org/base/>"]
STRINGS = [
    '"SELECT"',
    "'DROP ALL'",
    '"""INSERT DATA {\n}"""',
    '"# no comment"',
    '"\\"; DROP ALL #"',
    '"SERVICE <x:y>"',
    '"a\\u0022 } ; DROP ALL #"',
    '"\\u0041"',
]
SEPARATORS = [" ", "\n", "\t ", " # DROP ALL\n", "#\n", " #SELECT * {}\n", " # c\r\n"]


@st.composite
def sparql_texts(draw) -> tuple[str, bool, bool]:
    """A SPARQL text, whether it is an update, and whether it is SPARQL 1.2 as well as 1.1:
    a keyword written with a \\u escape is 1.1 only, which expands escapes first (rdflib),
    where 1.2 (Oxigraph) reads them only in strings and IRIs."""
    update = draw(st.booleans())
    template = draw(st.sampled_from(UPDATES if update else QUERIES))
    words = [*" ".join(draw(st.lists(st.sampled_from(PROLOGUE), max_size=3))).split(), *template.split()]
    escapable = draw(st.booleans())
    spellings = [str.upper, str.lower] + ([lambda c: f"\\u{ord(c):04X}"] if escapable else [])
    # A quote written as an escape ends a string in 1.1 only: with 1.1-only keywords the
    # text would be SPARQL of neither.
    strings = [string for string in STRINGS if not escapable or "\\u0022" not in string]
    text, escaped = draw(st.sampled_from(["", "# INSERT DATA { }\n", "#\n"])), False
    for word in words:
        if word == "<G>":
            word = f"<{GRAPH}>"
        elif word == "$S":
            word = draw(st.sampled_from(strings))
        elif word.isalpha() and word.isupper():
            word = "".join(draw(st.sampled_from(spellings))(c) for c in word)
            escaped = escaped or "\\" in word
        text += word + draw(st.sampled_from(SEPARATORS))
    return text, update, not escaped


@pytest.fixture(scope="module")
def memory_store():
    """A store in memory with a plan (so none is built into it) and GRAPH's triple."""
    store = Store(None)
    plan, graph = pyoxigraph.NamedNode("http://example.org/id/plan/p"), pyoxigraph.NamedNode(GRAPH)
    store.oxigraph.add(pyoxigraph.Quad(plan, RDF.type, PK.Plan, plan))
    store.oxigraph.add(pyoxigraph.Quad(graph, graph, graph, graph))
    return store


def oxigraph_reads(text: str, update: bool) -> bool:
    """Whether Oxigraph takes ``text`` as an update (on a scratch store holding GRAPH, which
    DROP GRAPH needs), or as a query: so a text the generator makes is what it says. (No
    template calls a server or loads a file; policykg never reads a text so, as this runs it.)"""
    scratch = pyoxigraph.Store()
    scratch.add(pyoxigraph.Quad(*[pyoxigraph.NamedNode(GRAPH)] * 4))
    try:
        if update:
            scratch.update(text)
        else:
            scratch.query(text)
    except SyntaxError:
        return False
    return True


# Each example parses SPARQL in Python (≈20 ms): a fixed number in either profile.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparql_texts())
def test_a_text_is_refused_or_run_as_a_query_never_run_as_an_update(memory_store, case):
    text, update, both = case
    reading = read(text)
    assert reading.update == update, text
    if both:  # else Oxigraph cannot parse it, and a string naming SERVICE may be taken for one
        assert oxigraph_reads(text, update) and not reading.service, text
    before = len(memory_store.oxigraph)
    try:
        table = service.query(expression=text, store=memory_store)
    except QueryError as error:
        assert f"Error: {error}".startswith(UPDATE_REFUSED if update else SERVICE_REFUSED), text
        assert update or not both, text
    except StoreError as error:  # ASK, CONSTRUCT, DESCRIBE are queries, but not SELECT
        assert not update and str(error).startswith(("only SELECT queries", "the query is not valid")), text
        assert both or str(error).startswith("the query is not valid"), text
    else:
        assert not update and table is not None, text
    assert len(memory_store.oxigraph) == before


# Pieces that end a string, an IRI or a comment for one parser and not another, around a
# SERVICE: Oxigraph refuses port 9 before connecting, so whether it would call a server is
# seen without any server.
HIDERS = ["#", "# c", '"', "'", '"""', "\\u0022", "\\u0027", "\\u0023", "\\u003E", "\\\\", '\\"', "\r", "\n", " "]
HIDERS += ["x:a", "x:a\\#b", "<http://x/>", ".", "{", "}", "FILTER(?o != ", ")", "||", "BIND(", " AS ?v", "?o"]
ENDS = [" }", "\n }", '\n")\n }', "\n')\n }", '")}', "')}"]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HIDERS), max_size=5), st.lists(st.sampled_from(HIDERS), max_size=5), st.sampled_from(ENDS)
)
def test_a_text_oxigraph_would_send_to_another_server_is_read_as_calling_one(before, after, end):
    text = f"PREFIX x: <http://x/> SELECT * {{ ?s ?p ?o {''.join(before)} SERVICE <http://127.0.0.1:9/> {{ ?a ?b ?c }} "
    text += "".join(after) + end
    scratch = pyoxigraph.Store()
    scratch.add(pyoxigraph.Quad(*[pyoxigraph.NamedNode("http://x/o")] * 3))
    try:
        list(scratch.query(text, use_default_graph_as_union=True))
    except OSError as error:
        assert "port 9" in str(error) and read(text).service, text
    except SyntaxError:
        pass


# --- 2. SERVICE calls no server unless allowed, and then under the timeout ----------------


@contextmanager
def sparql_server(answers: bool = True):
    """A SPARQL endpoint on loopback that records each request it gets: it answers one row
    (?s = <http://example.org/remote>) or, unless ``answers``, nothing until the test ends.
    Yields its URL and the list of requests."""
    requests: list[str] = []
    released = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.respond()

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.respond()

        def respond(self):
            requests.append(self.command)
            if not answers:
                released.wait(60)
                return
            binding = {"s": {"type": "uri", "value": "http://example.org/remote"}}
            body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [binding]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    finally:
        released.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <{url}> {{ ?s ?p ?o }}",
        "OPTIONAL {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "\\u0053ERVICE <{url}> {{ ?s ?p ?o }}",
        "SERVICE # <http://x/>\n <{url}> {{ ?s ?p ?o }}",
        # A string to Oxigraph (SPARQL 1.2: an escape is part of it), code to rdflib (1.1:
        # the escape is a quote) — and the SERVICE between the other way round.
        '?s ?p ?o BIND("A\\u0022 AS ?x) BIND(" AS ?y) SERVICE <{url}> {{ ?a ?b ?c }} BIND(" AS ?z) BIND(\\u0022z" AS ?w)',
        # A comment that ends at a CR to Oxigraph, at the line feed to rdflib.
        "?s ?p ?o # \r SERVICE <{url}> {{ ?a ?b ?c }}\n",
    ],
    ids=["plain", "optional-lower-case", "escaped", "comment-inside", "escape-in-string", "comment-to-cr"],
)
def test_service_is_refused_without_the_flag_and_nothing_is_contacted(plans, pattern):
    with sparql_server() as (url, requests):
        text = f"SELECT ?s WHERE {{ {pattern.format(url=url)} }}"
        assert one_error_line(invoke("query", "-e", text, "--store", plans)).startswith(SERVICE_REFUSED)
        assert requests == []


def test_service_with_the_flag_calls_the_server(plans):
    with sparql_server() as (url, requests):
        text = f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        result = invoke("query", "-e", text, "--store", plans, "--allow-service", "--format", "jsonl")
        assert result.exit_code == 0, result.output
        assert result.stdout == '{"s": "http://example.org/remote"}\n'
        assert len(requests) == 1


def test_service_that_never_answers_stops_at_the_timeout(plans):
    with sparql_server(answers=False) as (url, requests):
        text = f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        started = time.monotonic()
        result = invoke("query", "-e", text, "--store", plans, "--allow-service", "--timeout", "2")
        assert one_error_line(result).startswith("Error: the query did not finish within 2 s (--timeout)")
        assert time.monotonic() - started < 2 + 5
        assert requests != []


# --- 3. a long query stops at Ctrl-C and at its timeout -----------------------------------


def wait_until_busy(process: subprocess.Popen, cpu_seconds: float = 1.5) -> None:
    """Wait until ``process`` has used ``cpu_seconds`` of CPU: past its start-up (0.3 s),
    in the query."""
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= cpu_seconds:
            return
        time.sleep(0.1)
    pytest.fail(f"the query did not start (exit code {process.poll()})")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time in /proc")
def test_ctrl_c_stops_a_long_query_at_once(plans):
    process = subprocess.Popen(
        [*POLICYKG, "query", "-e", ENDLESS, "--store", str(plans)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_until_busy(process)
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        stdout, stderr = process.communicate(timeout=30)
        assert time.monotonic() - interrupted < 2
    finally:
        process.kill()
        process.wait()
    assert (process.returncode, stdout, stderr) == (130, b"", b"interrupted\n")


def test_a_long_query_stops_at_its_timeout(plans):
    started = time.monotonic()
    result = subprocess.run(
        [*POLICYKG, "query", "-e", ENDLESS, "--store", str(plans), "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 1 + 5
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: the query did not finish within 1 s (--timeout); give it more time, or narrow it"
    ]


def test_the_api_raises_a_query_error_at_the_timeout_and_reads_the_store_read_only(plans):
    # ≈1 s of counting on these plans, which the query's thread finishes on its own.
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f }"
    with Store(plans) as writer:  # holds the store's lock: a query that opened it to write would fail
        with pytest.raises(QueryError, match=r"^the query did not finish within 0\.2 s \(--timeout\)"):
            service.query(expression=sparql, store=plans, timeout=0.2)
        assert writer.documents()


# --- 4. rows are written as they are read ----------------------------------------------------


def test_rows_are_written_before_the_query_finishes(plans):
    # Every subject at once, then a search that never ends and finds nothing.
    sparql = (
        "SELECT ?a WHERE { { ?a ?b ?c } UNION "
        '{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "!")) } }'
    )
    process = subprocess.Popen(
        [*POLICYKG, "query", "-e", sparql, "--store", str(plans), "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, b"")), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while len(lines) < 5_000 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(lines) >= 5_000 and process.poll() is None
        assert lines[0] == b"a\n" and all(line.startswith(b"http") for line in lines[1:5_000])
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 130
    finally:
        process.kill()
        process.wait()


PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_megabytes(*args: str) -> float:
    """The peak resident memory of ``policykg ARGS`` (its output thrown away)."""
    result = subprocess.run([sys.executable, "-c", PEAK, *POLICYKG, *args], capture_output=True, text=True, check=True)
    return int(result.stdout) / 1024


def test_a_streamed_csv_takes_no_more_memory_for_more_rows(plans):
    sparql = "SELECT ?a ?c ?d WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {}"
    few = peak_megabytes("query", "-e", sparql.format(10), "--store", str(plans), "--format", "csv")
    many = peak_megabytes("query", "-e", sparql.format(200_000), "--store", str(plans), "--format", "csv")
    assert many - few < 30, (few, many)  # 200,000 rows held whole took ≈100 MB more


def test_streamed_json_is_the_array_it_was_and_library_rows_keep_their_order(plans):
    result = invoke("query", "responsibilities", "--store", plans, "--format", "json")
    rows = service.query("responsibilities", plans).rows
    assert result.exit_code == 0 and len(rows) > 50
    assert result.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    empty = invoke("query", "-e", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 0", "--store", plans, "--format", "json")
    assert empty.stdout == "[]\n"


def test_a_library_query_is_not_parsed_in_python_and_an_expression_is(plans):
    check = (
        "import sys; from kg import service; service.query(sys.argv[1], sys.argv[2], expression=sys.argv[3] or None); "
        "print('rdflib.plugins.sparql' in sys.modules)"
    )
    for name, expression, parsed in [("documents", "", "False"), (None, "SELECT * { } ", "True")]:
        result = subprocess.run(
            [sys.executable, "-c", check, name or "", str(plans), expression], capture_output=True, text=True
        )
        assert result.stdout.strip() == parsed, result.stderr


# --- texts too large to be read safely ----------------------------------------------------


# Past a few thousand levels of nesting or of chained operators Oxigraph's parser overflows
# its stack and the process dies of SIGSEGV (4,000 nested braces; a FILTER of 20,000 terms
# joined by ||), and rdflib's takes seconds a thousand terms: such a text is refused first.
@pytest.mark.parametrize(
    "text, message",
    [
        ("SELECT * WHERE " + "{" * 4000 + "}" * 4000, "(4,000 brackets open at once; at most 256)"),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * 5000) + ") }",
            "(4,999 ||, && and UNION; at most 2,000)",
        ),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000, "(100,029 characters; at most 100,000)"),
    ],
    ids=["nested", "chained", "long"],
)
def test_a_text_too_large_to_read_safely_is_refused_in_one_line(plans, text, message):
    line = one_error_line(invoke("query", "-e", text, "--store", plans))
    assert line == f"Error: the query is too large to be read safely {message}; split it into smaller queries"


def test_a_text_within_the_bounds_is_read_and_run(plans):
    nested = "SELECT (COUNT(*) AS ?n) WHERE " + "{" * 200 + " GRAPH ?g { ?s a ?type } " + "}" * 200
    chained = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(" + " || ".join(["?o = 1"] * 100) + ") }"
    for text in (nested, chained):
        result = invoke("query", "-e", text, "--store", plans, "--format", "json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == 1


# --- ask: a deadline on the store too ---------------------------------------------------


def test_an_answer_past_its_timeout_on_the_store_is_one_line_exit_2(plans):
    """ask works out its answer in a thread of its own, as query does, within --timeout
    (60 s by default on the store): a deadline no answer can meet stops it."""
    line = one_error_line(invoke("ask", "哪个部门牵头的任务最多？", "--store", plans, "--timeout", "0.001"))
    assert line == "Error: the query did not finish within 0.001 s (--timeout); give it more time, or narrow it"
    with pytest.raises(QueryError, match=r"^the query did not finish within 0\.001 s"):
        service.ask("哪个部门牵头的任务最多？", plans, timeout=0.001)
    answer = service.ask("哪个部门牵头的任务最多？", plans, timeout=60)
    assert answer.rows and answer.interpretation.form == "ranking"
