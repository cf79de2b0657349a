"""Bad input, faults and hostile input: one clear line, a documented exit code, nothing lost.

Each row of the README's table of bad inputs is one case here."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))

    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "{path}: the file is empty; give a plan's text"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "{path}: this is a binary file, not text; save the plan as .txt (UTF-8 or GB18030)",
        ),
        (
            "latin.txt",
            "Café plan \x80".encode("latin-1") + b"\xff\xfe\xfa",
            "{path}: cannot decode the file as utf-8 or gb18030; convert it to UTF-8 (e.g. iconv -f <encoding> -t utf-8)",
        ),
        (
            "letter.txt",
            "各位同事：\n下周一开会，请准时参加。\n".encode(),
            "{path}: no numbered measures found; is this a plan?",
        ),
    ],
)
def test_unreadable_or_non_plan_files(run, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("build", path)
    assert result.exit_code == 2
    assert one_error_line(result) == "Error: " + message.format(path=path)


def test_missing_path_and_directory(run, tmp_path):
    result = run("build", tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert one_error_line(result) == f"Error: {tmp_path / 'nope.txt'}: no such file; check the path"
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    result = run("build", folder)
    assert result.exit_code == 2
    assert (
        one_error_line(result)
        == f"Error: {folder}: the folder holds no plan files (.txt, .docx, .pdf, .html, .htm, .shtml)"
    )
    result = run("build", tmp_path / "*.nothing")
    assert result.exit_code == 2
    assert one_error_line(result) == f"Error: {tmp_path / '*.nothing'}: the pattern matches no file; check it"


def test_a_100_mb_file_is_refused_with_the_limit(run, tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: nothing is read
    result = run("build", huge)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"Error: {huge}: the file is 100 MB, more than the 50 MB policykg reads; "
        "a plan is rarely over 1 MB: check it is a plan, or split it into plans"
    )


def test_unbalanced_brackets_warn_and_keep_going(run, write_plan):
    path = write_plan(
        "某市方案\n一、任务\n1.甲。内容。（市教育局、市财政局，排第一位为牵头单位，下同\n2.乙。内容。（市人社局）\n"
    )
    result = run("build", path)
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {path}:3: measure 1: unbalanced brackets around the responsibility list "
        "'（市教育局、市财政局，排第一位为牵头单位，下同'; check the brackets in the text\n"
    )
    assert "measures: 2; departments: 3; assignments: 3" in result.stdout


def test_duplicate_and_skipped_numbers_warn_and_keep_going(run, write_plan):
    skipped = write_plan("某市方案\n一、任务\n1.甲。（市教育局）\n3.乙。（市教育局）\n", name="skipped.txt")
    result = run("build", skipped)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {skipped}: measure numbers skip 2\n"
    duplicate = write_plan("某市方案\n一、任务\n1.甲。（市教育局）\n1.乙。（市教育局）\n", name="duplicate.txt")
    result = run("build", duplicate)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: {duplicate}: measure numbers do not run in one increasing sequence")
    assert "measures: 2;" in result.stdout


def test_a_failed_build_changes_neither_the_store_nor_the_output(run, tmp_path):
    output = tmp_path / "out.ttl"
    assert run("build", "-o", output).exit_code == 0
    before_output = output.read_bytes()
    store = Store(tmp_path / "store")
    before = sorted(str(q) for q in store.quads() if "graph/catalog" not in str(q.graph_name))
    store.close()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("build", ROOT / "kg" / "corpus" / "yiyang-vocational-education-2021-2025.txt", empty, "-o", output)
    assert result.exit_code == 1  # one of two files failed: reported, the other built
    assert f"Error: {empty}: the file is empty; give a plan's text" in result.stderr
    assert f"not writing {output}: 1 file(s) failed" in result.stderr
    assert output.read_bytes() == before_output
    assert not list(tmp_path.glob(".out.ttl.*"))  # no temporary file left behind
    store = Store(tmp_path / "store")
    assert sorted(str(q) for q in store.quads() if "graph/catalog" not in str(q.graph_name)) == before


def test_a_second_process_on_the_store_gets_a_clear_message(run, tmp_path):
    assert run("build").exit_code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); time.sleep(30)",
            str(tmp_path / "store"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run("build")
        assert result.exit_code == 2
        assert one_error_line(result) == (
            f"Error: {tmp_path / 'store'}: the store is in use by another policykg process; wait for it to finish and try again"
        )
    finally:
        holder.kill()
        holder.wait()


def test_killing_a_build_midway_leaves_the_store_readable_with_its_content(tmp_path):
    from benchmarks.generate import generate

    store_dir = tmp_path / "store"
    environment = dict(os.environ, POLICYKG_STORE=str(store_dir))
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "build"], check=True, env=environment, capture_output=True)
    store = Store(store_dir)
    seed_before = sorted(map(str, store.quads(store.documents()[0])))
    store.close()

    plans = tmp_path / "plans"
    generate(60, plans, seed=7)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from kg import service; from kg.store import Store\n"
            "store = Store(Path(sys.argv[1]))\n"
            "for path in sorted(Path(sys.argv[2]).glob('plan-*.txt')):\n"
            "    service.build([path], store); print(path.name, flush=True)\n",
            str(store_dir),
            str(plans),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        for _ in range(3):  # let it write a few plans, then kill it in the middle of the rest
            assert child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()

    store = Store(store_dir)
    documents = store.documents()
    seed = [d for d in documents if d.value.endswith("daf8227113fe")]
    assert len(seed) == 1
    assert sorted(map(str, store.quads(seed[0]))) == seed_before
    for document in documents:  # every plan in the store is whole
        measures = store.select(
            f"SELECT (COUNT(?m) AS ?n) ?declared WHERE {{ GRAPH {document} {{ {document} "
            f"<https://w3id.org/policykg/ontology#measure> ?m ; <https://w3id.org/policykg/ontology#measureCount> ?declared }} }} GROUP BY ?declared"
        )[1]
        assert int(measures[0]["n"].value) == int(measures[0]["declared"].value)
    assert 1 + 3 <= len(documents) < 1 + 60


HOSTILE = [
    '"} ; DROP ALL ; #',
    "'; DELETE WHERE { ?s ?p ?o } ; #",
    "市财政局\n} DROP ALL {",
    "<http://evil/> } DROP ALL",
    'x" . } ; CLEAR ALL ; #',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_questions_and_parameters_change_nothing(run, tmp_path, hostile):
    assert run("build").exit_code == 0
    store = Store(tmp_path / "store")
    before = len(store.quads())
    store.close()
    for args in (
        ["ask", hostile],
        ["ask", f"{hostile}牵头哪些任务"],
        ["ask", f"what does {hostile} lead"],
        ["query", "measures-with-keyword", "--param", f"keyword={hostile}"],
        ["query", "term-definition", "--param", f"term={hostile}"],
        ["query", "measures-led-by", "--param", f"unit={hostile}"],
        ["query", "measure-leads", "--param", f"number={hostile}"],
    ):
        result = run(*args)
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output
    store = Store(tmp_path / "store")
    assert len(store.quads()) == before


def test_hostile_unit_names_in_a_plan_are_stored_as_text(run, tmp_path, write_plan):
    path = write_plan('某市方案\n一、任务\n1.甲。内容。（市教育局、市"}DROP ALL#<x>局，排第一位为牵头单位）\n')
    assert run("build").exit_code == 0
    result = run("build", path)
    assert result.exit_code == 0, result.output
    store = Store(tmp_path / "store")
    assert len(store.documents()) == 2  # the bundled plan is still there
    names = sorted(
        row["n"].value
        for row in store.select(
            "SELECT ?n WHERE { GRAPH ?g { ?u a <https://w3id.org/policykg/ontology#UnresolvedUnit> ; "
            "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n } }"
        )[1]
    )
    assert names == ['市"}DROP ALL#<x>局', "市属及驻益高校"]


def test_sparql_update_is_refused_unless_allowed(run, tmp_path):
    assert run("build").exit_code == 0
    result = run("query", "-e", "DROP ALL")
    assert result.exit_code == 2
    assert one_error_line(result).startswith("Error: this is a SPARQL UPDATE, which would change the data;")
    store = Store(tmp_path / "store")
    assert len(store.documents()) == 1
    store.close()
    result = run(
        "query",
        "-e",
        "PREFIX ex: <http://example.org/>\nINSERT DATA { GRAPH ex:g { ex:a ex:b ex:c } }",
        "--allow-update",
    )
    assert result.exit_code == 0
    store = Store(tmp_path / "store")
    assert len(store.quads(__import__("pyoxigraph").NamedNode("http://example.org/g"))) == 1


def test_invalid_sparql_and_bad_parameters(run):
    assert run("build").exit_code == 0
    result = run("query", "-e", "SELECT WHERE nonsense")
    assert result.exit_code == 2
    assert one_error_line(result).startswith("Error: the query is not valid SPARQL:")
    result = run("query", "measure-leads", "--param", "number=seventeen")
    assert result.exit_code == 2
    assert one_error_line(result) == "Error: parameter number: 'seventeen' is not a valid integer"
