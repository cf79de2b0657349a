"""Plans as downloaded — .docx, .pdf, .html — and task tables, built from the command line."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.resources import bundled_plan
from tests import fixtures_formats as fixtures
from tests.test_responsibility import SEED_ASSIGNMENTS

SEED = bundled_plan().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    pdf = folder / "plan.pdf"
    fixtures.build_pdf(SEED, pdf)
    return {
        "docx": fixtures.build_docx(SEED, folder / "plan.docx", numbered=True),
        "pdf": pdf,
        "html": fixtures.build_html(SEED, folder / "plan.html"),
    }


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_build_reads_the_downloaded_file_like_the_text(files, tmp_path, kind):
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(main, ["build", str(files[kind]), "--store", store])
    assert result.exit_code == 0, result.output
    assert "measures: 19 in 6 groups" in result.stdout
    table = runner.invoke(main, ["export", "responsibilities", "--store", store])
    rows = [line.split(",") for line in table.stdout.splitlines()[1:]]
    found = {int(row[1]): (row[4].split("；"), row[5].split("；")) for row in rows}
    assert found == SEED_ASSIGNMENTS
    answer = runner.invoke(main, ["ask", "what does the Finance Bureau lead", "--format", "json", "--store", store])
    assert [row["measure"] for row in json.loads(answer.stdout)["rows"]] == [17, 18]


def test_a_task_table_on_its_own_is_read_as_a_plan(tmp_path):
    table = fixtures.build_csv_table(tmp_path / "任务分工表.csv")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(table), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    rows = fixtures.TABLE_ROWS
    assert f"measures: {len(rows)}" in result.stdout


def test_a_doc_file_gets_the_conversion_hint(tmp_path):
    doc = tmp_path / "plan.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = CliRunner().invoke(main, ["build", str(doc), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {doc}: this is a Word 97-2003 .doc file; save it as .docx")


def test_validate_reports_where_the_plan_and_its_task_table_disagree(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "store")
    table = tmp_path / "任务分工表.csv"
    table.write_text(
        "序号,重点任务,牵头单位,责任单位\n"
        "1,全面加强党的建设,市委组织部,市委宣传部、市委教育工委\n"
        "17,保障职校教师编制,市教育局,市财政局、市人社局\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", str(bundled_plan()), "--tasks", str(table), "--store", store])
    assert result.exit_code == 0, result.output
    report = json.loads(runner.invoke(main, ["validate", "--format", "json", "--store", store]).stdout)
    disagreements = [r for r in report["results"] if r["message"].startswith("the plan's text and its task table")]
    by_measure = {(r["measure"], r["source_text"].split(":")[0]) for r in disagreements}
    assert (17, "lead") in by_measure  # the table says 市教育局 leads measure 17; the plan says 市财政局
    assert all(r["severity"] == "Warning" for r in disagreements)
    assert not any(r["measure"] == 1 and r["source_text"].startswith(("lead", "participants")) for r in disagreements)
