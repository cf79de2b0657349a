"""Hostile remote servers (issue 17): credentials stay with the origin they were given
for, one deadline covers a whole request, what a server answers is checked, URLs are
checked, and no secret reaches any output. Every server is a loopback one started here."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main
from kg.ids import PLAN_NS
from kg.remote import redact

ROOT = Path(__file__).resolve().parent.parent
USER = "reader"
PASSWORD = "pw-5ecret-7731"
TOKEN = "tk-93fa0c1e55"
ENV_PASSWORD = "env-5ecret-6402"
NETRC_PASSWORD = "nrc-5ecret-3190"
SECRETS = [PASSWORD, TOKEN, ENV_PASSWORD, NETRC_PASSWORD] + [
    base64.b64encode(f"{user}:{password}".encode()).decode()
    for user in (USER, "mallory")
    for password in (PASSWORD, ENV_PASSWORD, NETRC_PASSWORD)
]
OUTPUTS: list[str] = []  # everything every command of these tests printed, checked for secrets at the end

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
RESULTS = json.dumps(
    {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://example.org/x"}}]}}
).encode()
EMPTY = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
SPARQL_JSON = "application/sparql-results+json"


# --- loopback servers ----------------------------------------------------------------------------


class Server(ThreadingHTTPServer):
    """A loopback HTTP server that records every request (method, path, headers, body) and
    answers it with ``respond(handler)``."""

    daemon_threads = True

    def __init__(self, respond: Callable, family: socket.AddressFamily = socket.AF_INET):
        self.address_family = family
        super().__init__(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0), _Handler)
        self.respond = respond
        self.requests: list[dict] = []
        self.stopping = threading.Event()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def handle_error(self, request, client_address) -> None:  # a client cut off: expected here
        pass


class _Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append({"method": self.command, "path": self.path, "headers": self.headers, "body": body})
        self.server.respond(self)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(respond: Callable, family: socket.AddressFamily = socket.AF_INET) -> Iterator[Server]:
    server = Server(respond, family)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def answer(status: int, content_type: str | None, body: bytes = b"", headers: dict | None = None) -> Callable:
    def respond(handler: _Handler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def trickle(handler: _Handler) -> None:
    """The status line, then one header line a second, never the end of the headers."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for line in range(600):
        if handler.server.stopping.wait(1):
            return
        handler.wfile.write(f"X-Wait-{line}: {line}\r\n".encode())
        handler.wfile.flush()


def trickle_body(handler: _Handler) -> None:
    """Whole headers announcing 1,000 bytes of results, then one byte a second."""
    handler.send_response(200)
    handler.send_header("Content-Type", SPARQL_JSON)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(600):
        if handler.server.stopping.wait(1):
            return
        handler.wfile.write(b" ")
        handler.wfile.flush()


# --- running policykg --------------------------------------------------------------------------


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    OUTPUTS.append(result.stdout + result.stderr)
    return result


def one_error_line(result) -> str:
    """The one line a failed command printed (and nothing on stdout but "pushed" lines)."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def no_credentials_around(tmp_path, monkeypatch):
    """No credentials but those a test gives: no ~/.netrc, no POLICYKG_ENDPOINT_USER; and
    no default store touched."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    for name in ("POLICYKG_ENDPOINT_USER", "POLICYKG_ENDPOINT_PASSWORD", "POLICYKG_TIMEOUT", "POLICYKG_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "unused-store"))


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_path) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "store"
    api.build([seed_path], path)
    return path


def command(kind: str, url: str, store: Path) -> list[str]:
    """The arguments of ``kind`` (query, ask, push-gsp, push-update) against ``url``."""
    if kind == "query":
        return ["query", "-e", SELECT, "--endpoint", url]
    if kind == "ask":
        return ["ask", "Who leads measure 15?", "--endpoint", url]
    method = kind.removeprefix("push-")
    return ["push", "--endpoint", url, "--method", method, "--graph", "daf8227113fe", "--store", str(store)]


def with_credentials(source: str, url: str, monkeypatch, home: Path) -> str:
    """``url`` with credentials given from ``source``: the URL, the environment or ~/.netrc."""
    if source == "url":
        return url.replace("http://", f"http://{USER}:{PASSWORD}@")
    if source == "env":
        monkeypatch.setenv("POLICYKG_ENDPOINT_USER", USER)
        monkeypatch.setenv("POLICYKG_ENDPOINT_PASSWORD", ENV_PASSWORD)
    else:
        (home / ".netrc").write_text(f"machine 127.0.0.1 login {USER} password {NETRC_PASSWORD}\n")
        os.chmod(home / ".netrc", 0o600)
    return url


COMMANDS = ["query", "ask", "push-gsp", "push-update"]


# --- 2. credentials go to their origin only ----------------------------------------------------------


@pytest.mark.parametrize("code", [302, 307])
@pytest.mark.parametrize("source", ["url", "env", "netrc"])
@pytest.mark.parametrize("kind", COMMANDS)
def test_no_credentials_reach_another_origin_after_a_redirect(kind, source, code, store, tmp_path, monkeypatch):
    with serving(answer(200, SPARQL_JSON, EMPTY)) as elsewhere:
        target = elsewhere.base.replace("http://", f"http://mallory:{PASSWORD}@") + f"/steal?token={TOKEN}"
        with serving(answer(code, "text/plain", b"moved", {"Location": target})) as first:
            url = with_credentials(source, f"{first.base}/sparql", monkeypatch, tmp_path / "home")
            result = invoke(*command(kind, url, store))
        assert first.requests and first.requests[0]["headers"]["Authorization"].startswith("Basic ")
        assert [request["headers"].get("Authorization") for request in elsewhere.requests] == []
    assert one_error_line(result).startswith(
        f"Error: {first.base}/sparql: the server redirects to another origin, {elsewhere.base}; policykg sends "
        "credentials and data only to the origin given"
    )
    assert "pushed" not in result.stdout


@pytest.mark.parametrize("code", [301, 302, 307, 308])
@pytest.mark.parametrize("kind", ["query", "push-gsp", "push-update"])
def test_a_redirect_within_the_origin_keeps_the_method_body_and_credentials(kind, code, store):
    def respond(handler: _Handler) -> None:
        if handler.path.startswith("/old"):
            answer(code, None, b"", {"Location": handler.path.replace("/old", "/new", 1)})(handler)
        elif kind == "query":
            answer(200, SPARQL_JSON, RESULTS)(handler)
        else:
            answer(204, None)(handler)

    with serving(respond) as server:
        result = invoke(*command(kind, server.base.replace("http://", f"http://{USER}:{PASSWORD}@") + "/old", store))
    assert result.exit_code == 0, result.output
    moved, followed = server.requests[0], server.requests[1]
    assert followed["path"].startswith("/new") and followed["method"] == moved["method"] != "GET"
    assert followed["body"] == moved["body"] and followed["body"]
    assert followed["headers"]["Authorization"] == moved["headers"]["Authorization"]
    assert "http://example.org/x" in result.stdout if kind == "query" else result.stdout.count("pushed") == 1


# --- 5. one deadline a request -------------------------------------------------------------------


@pytest.mark.parametrize("kind", COMMANDS)
def test_a_server_trickling_headers_is_cut_at_the_deadline(kind, store):
    with serving(trickle) as server:
        started = time.monotonic()
        result = invoke(*command(kind, f"{server.base}/sparql", store), "--timeout", "3")
        took = time.monotonic() - started
    assert took < 3 + 2
    assert one_error_line(result).startswith(
        f"Error: {server.base}/sparql: no complete answer within the timeout of 3 s; check that the server runs"
    )


def test_a_server_trickling_the_body_is_cut_at_the_deadline_set_in_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYKG_TIMEOUT", "3")
    with serving(trickle_body) as server:
        started = time.monotonic()
        result = invoke("query", "-e", SELECT, "--endpoint", f"{server.base}/sparql")
        took = time.monotonic() - started
    assert took < 3 + 2
    assert "no complete answer within the timeout of 3 s" in one_error_line(result)


def test_an_answer_larger_than_the_limit_is_not_read_whole(monkeypatch):
    """A server may send gigabytes within the deadline: at most POLICYKG_MAX_ANSWER_MB
    (1,024 by default) is read, and more is one line."""
    monkeypatch.setenv("POLICYKG_MAX_ANSWER_MB", "1")
    huge = b'{"head": {"vars": ["x"]}, "results": {"bindings": [' + b" " * (2 << 20) + b"]}}"
    with serving(answer(200, SPARQL_JSON, huge)) as server:
        result = invoke("query", "-e", SELECT, "--endpoint", f"{server.base}/sparql")
    assert one_error_line(result) == (
        f"Error: {server.base}/sparql: the answer is larger than 1 MB (POLICYKG_MAX_ANSWER_MB); "
        "narrow the query, or raise the limit"
    )
    monkeypatch.setenv("POLICYKG_MAX_ANSWER_MB", "3")
    with serving(answer(200, SPARQL_JSON, huge)) as server:
        result = invoke("query", "-e", SELECT, "--endpoint", f"{server.base}/sparql", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    monkeypatch.setenv("POLICYKG_MAX_ANSWER_MB", "lots")
    result = invoke("query", "-e", SELECT, "--endpoint", "http://127.0.0.1:9/q")
    assert one_error_line(result).startswith("Error: POLICYKG_MAX_ANSWER_MB='lots': give the most megabytes")


@pytest.mark.parametrize("given", [["--timeout", "0"], ["--timeout", "abc"]])
def test_a_timeout_is_a_positive_number_of_seconds(given):
    result = invoke("ask", "Who leads measure 15?", "--endpoint", "http://127.0.0.1:9/q", *given)
    assert result.exit_code == 2 and "Invalid value for '--timeout'" in result.stderr


def test_a_bad_timeout_in_the_environment_is_one_line(monkeypatch):
    monkeypatch.setenv("POLICYKG_TIMEOUT", "soon")
    result = invoke("ask", "Who leads measure 15?", "--endpoint", "http://127.0.0.1:9/q")
    assert one_error_line(result) == (
        "Error: timeout 'soon': a timeout is a number of seconds above 0 and at most 86400; "
        "check --timeout or POLICYKG_TIMEOUT"
    )


def test_push_holds_no_store_lock_while_the_server_is_waited_on(store):
    """While the server keeps the first graph waiting, the store opens for writing."""
    from kg.store import Store

    arrived, release = threading.Event(), threading.Event()

    def respond(handler: _Handler) -> None:
        arrived.set()
        release.wait(60)
        answer(204, None)(handler)

    with serving(respond) as server:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "push", "--endpoint", f"{server.base}/store", "--store", str(store)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert arrived.wait(60), "push sent nothing"
            Store(store).close()  # StoreError "in use by another policykg process" while push holds the lock
        finally:
            release.set()
            stdout, stderr = process.communicate(timeout=60)
    OUTPUTS.append(stdout + stderr)
    assert process.returncode == 0, stderr
    assert stdout.count("pushed") == 3


# --- 8. what comes back is checked --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (
            "text/html",
            b"<!DOCTYPE html><html><body>Welcome</body></html>",
            "the endpoint's answer is not SPARQL JSON results (text/html starting '<!DOCTYPE html><html><body>Welcome",
        ),
        (
            SPARQL_JSON,
            b'{"results": {"bindings": []}}',
            "the endpoint's answer is JSON without the head.vars and results.bindings of a SELECT result "
            '(application/sparql-results+json starting \'{"results"',
        ),
        (
            "application/json",
            b'{"head": {"vars": "s"}, "results": {"bindings": []}}',
            "the endpoint's answer is JSON without the head.vars and results.bindings",
        ),
        (
            SPARQL_JSON,
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "triple", "value": "x"}}]}}',
            "the endpoint answered a binding that is no RDF term (type 'triple' is none of uri, literal, bnode)",
        ),
        (
            SPARQL_JSON,
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "a b"}}]}}',
            "the endpoint answered a binding that is no RDF term (Invalid IRI code point ' ')",
        ),
        (SPARQL_JSON, b'{"head": {}, "boolean": true}', "the endpoint answered an ASK result (true or false)"),
        (SPARQL_JSON, b"\xff\xfe{}", "the endpoint's answer is not UTF-8 text (application/sparql-results+json"),
        (SPARQL_JSON, b"[" * 300_000, "the endpoint's answer is not JSON"),
        (
            "text/plain",
            "\x1b[31mred\u202egnp.exe\nError: forged line".encode(),
            "the endpoint's answer is not SPARQL JSON results (text/plain starting "
            "'\\x1b[31mred\\u202egnp.exe\\nError: forged line')",
        ),
        (None, b"", "the endpoint's answer is not SPARQL JSON results (no content type, empty)"),
    ],
    ids=["html", "no-head", "vars-no-list", "unknown-type", "bad-iri", "ask", "not-utf8", "deep", "controls", "empty"],
)
def test_an_answer_that_is_no_select_result_is_one_line(content_type, body, expected):
    with serving(answer(200, content_type, body)) as server:
        result = invoke("query", "-e", SELECT, "--endpoint", f"{server.base}/sparql")
    assert one_error_line(result).startswith(f"Error: {server.base}/sparql: {expected}")


def test_an_error_status_shows_what_the_server_said_safely():
    with serving(answer(400, "text/plain", b"Parse error:\x07 unexpected '}'")) as server:
        result = invoke("query", "-e", SELECT, "--endpoint", f"{server.base}/sparql")
    assert one_error_line(result) == (
        f"Error: {server.base}/sparql: the endpoint answered HTTP 400 Bad Request (text/plain starting "
        "'Parse error:\\x07 unexpected '}''); check the query and that the URL is a SPARQL query endpoint"
    )


def test_a_server_that_echoes_the_credentials_has_them_masked():
    header = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def respond(handler: _Handler) -> None:
        answer(401, "text/plain", f"bad credentials {PASSWORD} / {handler.headers['Authorization']}".encode())(handler)

    with serving(respond) as server:
        result = invoke("query", "-e", SELECT, "--endpoint", server.base.replace("//", f"//{USER}:{PASSWORD}@"))
    line = one_error_line(result)
    assert "bad credentials *** / Basic ***" in line and PASSWORD not in line and header not in line


# --- 10. a push succeeds only on a store's answer -------------------------------------------------------


@pytest.mark.parametrize("method", ["gsp", "update"])
@pytest.mark.parametrize(
    ("content_type", "body", "failure"),
    [
        ("text/html", b"<html><body>Welcome to nginx!</body></html>", "an HTML page"),
        ("text/plain", b"<!doctype html><title>Login</title>", "an HTML page"),
        ("application/json", b'{"error": "read-only dataset"}', "an error document"),
        ("text/plain", b"Error: not a graph store", "an error document"),
    ],
)
def test_push_to_a_server_answering_a_page_or_an_error_fails(method, content_type, body, failure, store):
    with serving(answer(200, content_type, body)) as server:
        result = invoke(*command(f"push-{method}", f"{server.base}/store", store))
    assert one_error_line(result).startswith(
        f"Error: {server.base}/store: the server answered HTTP 200 with {failure} for graph "
        f"{PLAN_NS}daf8227113fe, not a store's reply ("
    )
    assert "pushed" not in result.stdout


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [(204, None, b""), (201, None, b""), (200, "application/json", b'{"count": 10, "tripleCount": 10}')],
)
def test_push_succeeds_on_a_stores_answer(status, content_type, body, store):
    with serving(answer(status, content_type, body)) as server:
        result = invoke("push", "--endpoint", f"{server.base}/store", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("pushed") == 3 and result.stdout.endswith(f"endpoint: {server.base}/store\n")


# --- 8, 9. URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"{USER}:{PASSWORD}@127.0.0.1:7878/query",
            "127.0.0.1:7878/query: an endpoint is an http:// or https:// URL, such as http://127.0.0.1:7878/query",
        ),
        ("http://127.0.0.1:99999/query", "http://127.0.0.1:99999/query: the port is not a number from 1 to 65535"),
        ("http://127.0.0.1:0/query", "http://127.0.0.1:0/query: the port is not a number from 1 to 65535"),
        ("http://[::1/query", "http://[::1/query: the host is not an IPv6 address in brackets"),
        ("http://[fe80::zz]:80/query", "http://[fe80::zz]:80/query: the host is not an IPv6 address in brackets"),
        ("http://::1:7878/query", "http://::1:7878/query: an IPv6 address is written in brackets"),
        (f"http://{USER}:{PASSWORD}@127.0.0.1:99999/q?token={TOKEN}", "http://127.0.0.1:99999/q?token=***: the port"),
        (f"http://{USER}:pw/{PASSWORD}@127.0.0.1:7878/q", "http://127.0.0.1:7878/q: an '@' outside the host part"),
        (f"http://{USER}:pw#{PASSWORD}@127.0.0.1:7878/q", "http://127.0.0.1:7878/q: an '@' outside the host part"),
        ("http://127.0.0.1:7878/my query", "http://127.0.0.1:7878/my query: the URL holds a space"),
    ],
)
@pytest.mark.parametrize("kind", ["query", "ask", "push-gsp"])
def test_a_url_that_is_no_endpoint_is_one_line_without_its_secrets(kind, url, expected, store):
    assert one_error_line(invoke(*command(kind, url, store))).startswith(f"Error: {expected}")


def test_an_ipv6_endpoint_is_asked_with_its_address_in_brackets():
    try:
        Server(answer(200, SPARQL_JSON, RESULTS), socket.AF_INET6).server_close()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with serving(answer(200, SPARQL_JSON, RESULTS), socket.AF_INET6) as server:
        url = server.base.replace("//", f"//{USER}:{PASSWORD}@") + "/query"
        result = invoke("query", "-e", SELECT, "--endpoint", url, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"s": "http://example.org/x"}
    headers = server.requests[0]["headers"]
    assert headers["Host"] == server.base.removeprefix("http://") and headers["Authorization"].startswith("Basic ")


def test_an_ipv6_endpoint_that_does_not_answer_is_one_line():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
            port = probe.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")
    result = invoke("ask", "Who leads measure 15?", "--endpoint", f"http://{USER}:{PASSWORD}@[::1]:{port}/query")
    assert one_error_line(result).startswith(f"Error: http://[::1]:{port}/query: the endpoint did not answer the query")


def test_credential_parameters_are_masked_in_every_message():
    with serving(answer(200, "text/html", b"<html>login</html>")) as server:
        url = f"{server.base}/sparql?default-graph-uri=g&access_token={TOKEN}&password={PASSWORD}&apikey={TOKEN}"
        result = invoke("query", "-e", SELECT, "--endpoint", url)
    assert one_error_line(result).startswith(
        f"Error: {server.base}/sparql?default-graph-uri=g&access_token=***&password=***&apikey=***: the endpoint's"
    )
    assert server.requests[0]["path"].endswith(f"access_token={TOKEN}&password={PASSWORD}&apikey={TOKEN}")


def test_redact():
    assert redact(f"https://{USER}:{PASSWORD}@example.org:8443/sparql?x=1") == "https://example.org:8443/sparql?x=1"
    assert redact(f"{USER}:{PASSWORD}@example.org/sparql") == "example.org/sparql"
    assert redact(f"http://h/q?Token={TOKEN}&key={TOKEN};client_secret={TOKEN}&monkey=1") == (
        "http://h/q?Token=***&key=***;client_secret=***&monkey=1"
    )


# --- no secret anywhere ------------------------------------------------------------------------------


def test_no_secret_in_any_output():
    """Runs last: what every command above printed holds none of the secrets given."""
    if len(OUTPUTS) < 20:
        pytest.skip("checks the outputs of the other tests of this file: run them together")
    leaked = [(secret, output) for output in OUTPUTS for secret in SECRETS if secret in output]
    assert not leaked
