"""Which plan an export is of: every export that takes a plan reads it through
kg.export.common (kg.ids.resolve), so a start of the plan's id selects it, and an
unknown plan is one error, with one message and exit 2, for every export and command."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import service
from kg.cli import main
from kg.errors import PlanNotFound
from kg.export import common, html, network, report, tables
from kg.store import Store

CASES = Path(__file__).resolve().parent / "cases"
PLAN = "https://w3id.org/policykg/id/plan/daf8227113fe"
PLAN_ID = "daf8227113fe"
PREFIX = "daf8"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed_path) -> Path:
    """A store holding the bundled plan, closed so that the command line can open it."""
    path = tmp_path_factory.mktemp("export-common") / "store"
    with Store(path) as store:
        service.build([seed_path], store)
    return path


@pytest.fixture
def run(store_path):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*args, "--store", str(store_path)], catch_exceptions=False)

    return invoke


def not_found(reference: str, where: Path) -> str:
    return (
        f"no plan {reference!r} in the store at {where} (1 plan there); "
        "`policykg documents` lists the plans with their ids"
    )


# --- the command line --------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "responsibilities"],
        ["export", "matrix"],
        ["export", "network"],
        ["export", "bipartite", "-o", "{tmp}/bipartite.gexf"],
        ["export", "html", "-o", "{tmp}/network.html"],
        ["report", "-o", "{tmp}/report.html"],
    ],
)
def test_an_unknown_document_is_one_line_and_exit_2_for_every_export(run, store_path, tmp_path, command):
    result = run(*[part.format(tmp=tmp_path) for part in command], "--document", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {not_found('nope', store_path)}\n"
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_the_start_of_an_id_selects_the_plan_on_the_command_line(run):
    expected = (CASES / "yiyang" / "responsibilities.csv").read_text(encoding="utf-8")
    by_prefix = run("export", "responsibilities", "--document", PREFIX)
    by_id = run("export", "responsibilities", "--document", PLAN_ID)
    assert (by_prefix.exit_code, by_id.exit_code) == (0, 0)
    assert by_prefix.stdout == by_id.stdout == expected


# --- the export functions ----------------------------------------------------------------


def test_select_plans_reads_an_id_its_start_plan_colon_id_or_the_iri(seed_store):
    assert common.select_plans(seed_store) == [PLAN]
    for reference in (PLAN, PLAN_ID, PREFIX, f"plan:{PLAN_ID}", f" {PLAN_ID} "):
        assert common.select_plans(seed_store, reference) == [PLAN]
        assert common.selected_plan(seed_store, reference) == PLAN
    assert common.selected_plan(seed_store) is None


@pytest.mark.parametrize("reference", ["nope", "a11", "", "b119657992e5", PLAN + "x"])
def test_an_unknown_or_too_short_reference_is_plan_not_found(seed_store, reference):
    with pytest.raises(PlanNotFound) as raised:
        common.select_plans(seed_store, reference)
    assert str(raised.value) == not_found(reference, seed_store.path)


EXPORTS = {
    **{f"tables.{name}": make for name, make in tables.TABLES.items()},
    "network.department_network": lambda store, document=None: network.write(
        network.department_network(store, document), "graphml"
    ),
    "network.bipartite_network": lambda store, document=None: network.write(
        network.bipartite_network(store, document), "gexf"
    ),
    "html.html_page": html.html_page,
    "report.report_page": report.report_page,
}


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_of_a_plan_takes_the_start_of_its_id(seed_store, name):
    make = EXPORTS[name]
    whole = make(seed_store)
    assert make(seed_store, PREFIX) == make(seed_store, PLAN_ID) == make(seed_store, PLAN) == whole
    assert whole  # the seed has rows, nodes and pages
    with pytest.raises(PlanNotFound) as raised:
        make(seed_store, "nope")
    assert str(raised.value) == not_found("nope", seed_store.path)


def test_the_tables_list_the_matrix_last():
    assert list(tables.TABLES) == [
        "responsibilities",
        "assignments",
        "targets",
        "glossary",
        "programmes",
        "matrix",
        "instruments",
        "instrument-matrix",
    ]


def test_plan_keys_use_the_plan_id():
    assert common.plan_key(PLAN, 17) == "daf8227113fe/17"
    assert common.plan_key("https://example.org/plans/x", 3) == "https://example.org/plans/x/3"
