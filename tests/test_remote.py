"""The same questions and queries against a real SPARQL server on loopback (Oxigraph)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import query as library
from kg.ask import ask
from kg.cli import main
from kg.errors import StoreError
from kg.remote import Endpoint, credentials_for, redact
from tests.test_queries import EXPECTED_ROWS


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the oxigraph server is a test dependency: pip install '.[test]'"
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path):
    """An Oxigraph server on a free loopback port over ``location``: its base URL. Stopped
    with SIGTERM on leaving (it ignores SIGINT in the background)."""
    port = _free_port()
    process = subprocess.Popen(
        [_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the oxigraph server did not start")
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server on 127.0.0.1, empty until the seed is pushed to it."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def pushed(server, tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("push-store")
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert "pushed" in result.stdout and result.stdout.count("pushed") == 3  # the plan, the registry, the catalog
    return server


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_every_library_query_gives_the_same_rows_remotely(seed_store, pushed, name):
    parameters, _ = EXPECTED_ROWS[name]
    sparql = library.load(name).bind(parameters)
    local_variables, local_rows = library.run(seed_store, sparql)
    remote_variables, remote_rows = library.run(Endpoint(f"{pushed}/query"), sparql)
    assert remote_variables == local_variables
    # The two stores were built apart: only when they were built may differ.
    assert [_built(row) for row in remote_rows] == [_built(row) for row in local_rows]


def _built(row: dict) -> dict:
    return {**row, "builtAt": "<time>"} if row.get("builtAt") else row


QUESTIONS = [
    "市财政局牵头哪些任务？",
    "市财政局参与了哪些任务？",
    "Who leads measure 15?",
    "哪个部门牵头的任务最多？",
    "哪些任务涉及双高计划？",
    "2023年的目标有哪些",
    "what is 双师型?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_answer_the_same_remotely(seed_store, pushed, question):
    local = ask(seed_store, question)
    remote = ask(Endpoint(f"{pushed}/query"), question)
    assert remote.sparql == local.sparql
    assert remote.rows == local.rows
    assert remote.rows


def test_cli_ask_with_endpoint(pushed, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "unused-store"))
    result = CliRunner().invoke(
        main, ["ask", "Who leads measure 15?", "--endpoint", f"{pushed}/query", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert '"department": "市人社局"' in result.stdout
    assert not (tmp_path / "unused-store").exists()


def test_push_by_update_and_one_graph(server, seed_store, tmp_path):
    store_dir = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--store", str(store_dir)]).exit_code == 0
    result = runner.invoke(
        main,
        [
            "push",
            "--endpoint",
            f"{server}/update",
            "--method",
            "update",
            "--graph",
            "daf8227113fe",
            "--store",
            str(store_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("pushed") == 1


def test_unreachable_endpoint_is_one_clear_line_without_credentials(tmp_path):
    port = _free_port()
    url = f"http://reader:s3cret@127.0.0.1:{port}/query"
    with pytest.raises(StoreError) as error:
        Endpoint(url).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert "s3cret" not in str(error.value) and "reader" not in str(error.value)
    result = CliRunner().invoke(main, ["ask", "Who leads measure 1?", "--endpoint", url])
    assert result.exit_code == 2
    assert "s3cret" not in result.output
    assert result.stderr.startswith(f"Error: http://127.0.0.1:{port}/query: the endpoint did not answer")


def test_credentials_from_the_environment_and_netrc(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("POLICYKG_ENDPOINT_PASSWORD", "pw")
    assert credentials_for("http://example.org/sparql").user == "alice"
    monkeypatch.delenv("POLICYKG_ENDPOINT_USER")
    (tmp_path / ".netrc").write_text("machine example.org login bob password hunter2\n")
    os.chmod(tmp_path / ".netrc", 0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    found = credentials_for("http://example.org/sparql")
    assert (found.user, found.password) == ("bob", "hunter2")
    assert redact("https://bob:hunter2@example.org:8443/sparql?x=1") == "https://example.org:8443/sparql?x=1"
