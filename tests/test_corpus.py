"""A corpus of plans: built, skipped when unchanged, one bad file among many, listed and
removed; and the query library answering the same on an Oxigraph server loaded from the
N-Quads export."""

import json
import subprocess

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from kg import query as library
from kg.cli import main
from kg.remote import Endpoint
from kg.resources import bundled_plan
from kg.store import Store
from tests.test_queries import EXPECTED_ROWS
from tests.test_remote import _oxigraph_binary, oxigraph_server


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """100 generated plans and the bundled one, built into a store."""
    folder = tmp_path_factory.mktemp("corpus")
    generate(100, folder / "plans", seed=11)
    (folder / "plans" / "seed.txt").write_bytes(bundled_plan().read_bytes())
    store = folder / "store"
    result = CliRunner().invoke(main, ["build", str(folder / "plans"), "--store", str(store), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "built 101, skipped 0 unchanged, failed 0 of 101 file(s)" in result.stdout
    return folder


def test_rebuilding_an_unchanged_corpus_skips_every_plan(corpus):
    result = CliRunner().invoke(main, ["build", str(corpus / "plans"), "--store", str(corpus / "store")])
    assert result.exit_code == 0
    assert "built 0, skipped 101 unchanged, failed 0 of 101 file(s)" in result.stdout


def test_one_corrupted_file_is_reported_and_the_others_built(tmp_path):
    plans = tmp_path / "plans"
    generate(12, plans, seed=5)
    broken = plans / "plan-00007.txt"
    broken.write_bytes(b"\x00\x01binary garbage\xff" * 20)
    result = CliRunner().invoke(main, ["build", str(plans), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert f"Error: {broken}: this is a binary file, not text" in result.stderr
    assert "built 11, skipped 0 unchanged, failed 1 of 12 file(s)" in result.stdout
    store = Store(tmp_path / "store")
    assert len(store.documents()) == 11


def test_documents_lists_and_remove_drops_a_plan(corpus, tmp_path):
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["documents", "--format", "json", "--store", str(corpus / "store")]).stdout)
    assert len(listed) == 101
    seed = next(row for row in listed if row["id"] == "daf8227113fe")
    assert (seed["issuer"], seed["period"], seed["measures"], seed["departments"]) == ("益阳市", "2021-2025", 19, 19)
    assert seed["builtAt"]
    copy = tmp_path / "store"
    runner.invoke(main, ["build", str(bundled_plan()), "--store", str(copy)])
    assert runner.invoke(main, ["remove", "daf8227113fe", "--store", str(copy)]).exit_code == 0
    assert json.loads(runner.invoke(main, ["documents", "--format", "json", "--store", str(copy)]).stdout) == []
    assert runner.invoke(main, ["remove", "daf8227113fe", "--store", str(copy)]).exit_code == 2


def test_document_option_limits_a_question_to_one_plan(corpus):
    runner = CliRunner()
    store = str(corpus / "store")
    answer = runner.invoke(
        main, ["ask", "财政局牵头哪些任务？", "--document", "daf8227113fe", "--format", "json", "--store", store]
    )
    assert answer.exit_code == 0, answer.output
    assert [row["measure"] for row in json.loads(answer.stdout)["rows"]] == [17, 18]
    ambiguous = runner.invoke(main, ["ask", "财政局牵头哪些任务？", "--store", store])
    assert ambiguous.exit_code == 1
    assert "may mean more than one department" in ambiguous.stderr


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory):
    """An Oxigraph server preloaded (`oxigraph load`) from the store's N-Quads export."""
    dump = corpus / "corpus.nq"
    assert (
        CliRunner().invoke(main, ["export", "nquads", "-o", str(dump), "--store", str(corpus / "store")]).exit_code == 0
    )
    location = tmp_path_factory.mktemp("oxigraph-corpus")
    subprocess.run(
        [_oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)], check=True, capture_output=True
    )
    with oxigraph_server(location) as base:
        yield f"{base}/query"


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_the_query_library_gives_identical_results_on_the_server(corpus, server, name):
    parameters, _ = EXPECTED_ROWS[name]
    sparql = library.load(name).bind(parameters)
    with Store(corpus / "store") as store:
        local = library.run(store, sparql)
    remote = library.run(Endpoint(server), sparql)
    assert remote == local
    # No generated plan lacks a lead or is a version of another.
    assert local[1] or name in ("measures-without-lead", "version-lead-changes", "version-target-changes")


def test_two_files_of_one_plan_are_said_to_replace_each_other(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    text = bundled_plan().read_text(encoding="utf-8")
    (plans / "a.txt").write_text(text, encoding="utf-8")
    (plans / "b.txt").write_text(text.replace("制定本实施方案。", "制定本实施方案（修订）。"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(plans), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0
    assert (
        f"warning: {plans / 'b.txt'}: same title, period and version as {plans / 'a.txt'} (plan daf8227113fe); "
        "it replaces that file's plan"
    ) in result.stderr


def test_a_build_of_many_plans_prints_their_totals_and_the_names_it_could_not_resolve(tmp_path):
    from collections import Counter

    from kg import pipeline

    generate(6, tmp_path / "plans", seed=5)
    paths = sorted((tmp_path / "plans").glob("*.txt"))
    built = [pipeline.process(path) for path in paths]
    statuses = Counter(r.status.value for b in built for r in b.facts.responsibilities)
    measures = sum(len(b.document.measures) for b in built)
    assignments = sum(len(r.units) for b in built for r in b.facts.responsibilities)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "plans"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    totals = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    assert f"6 plans: measures {measures}; assignments {assignments}; responsibility: {totals}" in result.stdout
    assert "each plan: `policykg documents`" in result.stdout
