"""policykg code: suggestions with evidence from any codebook (a CSV changes the codes
without a change of code), stored as Web Annotations and kept true as plans change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import resources, service
from kg.cli import main
from kg.instruments.clauses import split

OA = "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX pk: <https://w3id.org/policykg/ontology#> "
CODEBOOK = """code,parent,label,terms
money,,资金,
money.special,money,专项资金,专项资金|经费|资金
rules,,制度,
rules.assess,rules,考核评价,考核|评价|督导
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("code") / "store"
    service.build([resources.bundled_plan()], store)
    return store


@pytest.fixture()
def store(built, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture()
def codebook(tmp_path) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def count(store: Path, where: str) -> int:
    return service.query(expression=OA + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", store=store).rows[0]["n"]


def test_a_csv_codebook_gives_its_own_codes_with_evidence(store, codebook):
    result = service.code(store, codebook=codebook)
    assert result.codebook == "mine"
    assert {row["code"] for row in result.rows} == {"money.special", "rules.assess"}
    assert {row["type"] for row in result.rows} == {"money", "rules"}
    by_clause = {(row["measure"], row["clause"], row["code"]): row for row in result.rows}
    special = by_clause[(18, 2, "money.special")]
    assert special["code_label"] == "专项资金"
    assert [e["term"] for e in special["evidence"]] == ["专项资金"]
    assert special["score"] == 1.0
    for row in result.rows:  # every suggestion carries its evidence, where the clause has it
        assert row["evidence"]
        for evidence in row["evidence"]:
            assert row["text"][evidence["start"] : evidence["end"]] == evidence["term"]
    assert [(row["measure"], row["clause"]) for row in result.rows] == [
        (10, 2),
        (12, 3),
        (13, 2),
        (14, 3),
        (14, 5),
        (17, 2),
        (18, 1),
        (18, 2),
        (18, 3),
        (19, 1),
        (19, 2),
    ]
    (twice,) = [row for row in result.rows if (row["measure"], row["clause"]) == (18, 3)]
    assert [e["term"] for e in twice["evidence"]] == ["经费", "经费"] and twice["score"] == 0.5


def test_another_csv_codebook_changes_the_codes_without_code_changes(store, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("code,parent,label,terms\nparty,,党建,党组织|党支部|党委\n", encoding="utf-8")
    result = service.code(store, codebook=other)
    assert [(row["measure"], row["clause"], row["code"]) for row in result.rows] == [(1, 2, "party"), (1, 3, "party")]


def test_a_clause_with_no_term_continues_the_clause_before_it_in_an_exhaustive_codebook(store):
    rows = service.code(store).rows  # the shipped instruments codebook is exhaustive
    text = {(row["measure"], row["clause"]): row["text"] for row in rows}
    continued = {
        (row["measure"], row["clause"]): (row["code"], row["score"], {e["clause"] for e in row["evidence"]})
        for row in rows
        if any("clause" in e for e in row["evidence"])
    }
    # 4.4 names a 示范 programme; 4.5 to 4.8 only name the schools it raises: they continue it,
    # each at half the score of the one before.
    assert continued[(4, 5)] == ("demand.demonstration", 0.5, {4})
    assert continued[(4, 8)] == ("demand.demonstration", 0.0625, {4})
    assert continued[(7, 4)] == ("supply.talent", 0.75, {3})
    assert len(continued) == 10
    for row in rows:  # the evidence stands in the clause it names, or in the row's own
        for evidence in row["evidence"]:
            source = text[(row["measure"], evidence.get("clause", row["clause"]))]
            assert source[evidence["start"] : evidence["end"]] == evidence["term"]
    # No heading continues anything: 2.1 has no term and stays uncoded.
    assert (2, 1) not in text
    links = "GRAPH ?g { ?a pk:continues ?b . ?b oa:hasBody ?c . ?a oa:hasBody ?c }"
    assert count(store, links) == 10


def test_a_csv_codebook_leaves_a_clause_with_no_term_uncoded(store, codebook):
    rows = service.code(store, codebook=codebook).rows
    assert not any("clause" in e for row in rows for e in row["evidence"])
    assert (18, 4) not in {(row["measure"], row["clause"]) for row in rows}


def test_suggestions_are_stored_as_annotations_and_replaced_on_a_second_run(store, codebook):
    rows = service.code(store, codebook=codebook).rows
    annotations = "GRAPH ?g { ?a a oa:Annotation ; oa:motivatedBy oa:classifying ; oa:hasBody ?c ; pk:score ?s }"
    assert count(store, annotations) == len(rows)
    service.code(store, codebook=codebook)
    assert count(store, annotations) == len(rows)
    notations = (
        "GRAPH <https://w3id.org/policykg/graph/codebook/mine> { ?c <http://www.w3.org/2004/02/skos/core#notation> ?n }"
    )
    assert count(store, notations) == 4


def test_rebuilding_or_removing_the_plan_drops_its_codes(store, codebook, tmp_path):
    service.code(store, codebook=codebook)
    assert count(store, "GRAPH ?g { ?a a oa:Annotation }") == 11
    changed = tmp_path / "plan.txt"
    changed.write_text(resources.bundled_plan().read_text(encoding="utf-8") + "\n", encoding="utf-8")
    service.build([changed], store)
    assert count(store, "GRAPH ?g { ?a a oa:Annotation }") == 0
    service.code(store, codebook=codebook)
    service.remove("daf8227113fe", store)
    assert count(store, "GRAPH ?g { ?a a oa:Annotation }") == 0


def test_whole_measures_are_coded_with_no_clause_number(store, codebook):
    rows = service.code(store, codebook=codebook, unit="measure").rows
    assert {row["clause"] for row in rows} == {None}
    assert sorted({row["measure"] for row in rows if row["code"] == "money.special"}) == [10, 14, 17, 18]


def test_cli_json_has_the_documented_schema(store, codebook):
    result = CliRunner().invoke(main, ["code", "--store", str(store), "--codebook", str(codebook), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["codebook", "rows"]
    assert list(data["rows"][0]) == [
        "measure",
        "clause",
        "text",
        "code",
        "code_label",
        "type",
        "score",
        "evidence",
    ]
    assert all(isinstance(row["measure"], int) and isinstance(row["clause"], int) for row in data["rows"])


@pytest.mark.parametrize(
    "text, message",
    [
        ("code,label\nx,y\n", "needs the columns code, parent, label, terms (missing: parent, terms)"),
        ("code,parent,label,terms\nx,nope,甲,乙\n", "x's parent nope is not a code of the codebook"),
        ("code,parent,label,terms\n,,甲,乙\n", "line 2 has no code"),
        ("code,parent,label,terms\n", "the codebook has no codes; add a row per code under the header"),
        ("code,parent,label,terms\na,b,甲,x\nb,a,乙,y\n", "the parents of a, b go round in a circle"),
        ("code,parent,label,terms\na,,甲,x\na,,乙,y\n", "the code a is on two rows"),
    ],
)
def test_a_bad_codebook_is_one_line(store, tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["code", "--store", str(store), "--codebook", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output


def test_codes_and_terms_are_data_not_syntax(store, tmp_path):
    """A code with spaces and a term with regular-expression characters: coded as written."""
    path = tmp_path / "odd.csv"
    path.write_text("code,parent,label,terms\nmy code,,甲,“双师型”|(1+X)|1+X\n", encoding="utf-8")
    rows = service.code(store, codebook=path).rows
    assert {(row["measure"], row["clause"]) for row in rows} == {(11, 1), (11, 2), (11, 3), (11, 4), (12, 4)}
    assert {e["term"] for row in rows for e in row["evidence"]} == {"“双师型”", "1+X"}
    assert count(store, "GRAPH ?g { ?a oa:hasBody <https://w3id.org/policykg/codebook/odd#my%20code> }") == 5


def test_a_codebook_in_turtle_that_is_not_turtle_is_one_line(store, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", "--store", str(store), "--codebook", str(path)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "bad.ttl" in result.output


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("甲项工作。乙项工作；丙项工作！", ["甲项工作。", "乙项工作；", "丙项工作！"]),
        ("甲项工作。\n乙项工作", ["甲项工作。", "乙项工作"]),
        ("甲项工作。（市教育局）", ["甲项工作。"]),
        ("  。；  ", []),
    ],
)
def test_clauses_are_sentences_without_the_responsibility(text, pieces):
    assigned = (text.index("（"), len(text)) if "（" in text else None
    assert [piece for piece, _ in split(text, 0, len(text), assigned)] == pieces


# --- the coders' workflow, end to end -----------------------------------------------------


def _fill(path: Path, seed: int = 7) -> tuple[list[str], list[str], list[str]]:
    """Coders' codes typed into the exported sheet: coder_a takes the suggestion (or 无)
    four times in five, coder_b agrees with coder_a three times in four."""
    import random

    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.load_workbook(path)
    labels = [row[1] for row in book["codebook"].iter_rows(min_row=2, values_only=True)]
    a, b, suggested = [], [], []
    for row in book["coding"].iter_rows(min_row=2):
        proposal = row[3].value or "无"
        row[5].value = proposal if rng.random() < 0.8 else rng.choice(labels)
        row[6].value = row[5].value if rng.random() < 0.75 else rng.choice(labels)
        a.append(row[5].value)
        b.append(row[6].value)
        suggested.append(proposal)
    book.save(path)
    return a, b, suggested


def test_export_fill_import_and_agreement_round_trip(store, tmp_path):
    from sklearn.metrics import cohen_kappa_score

    sheet = tmp_path / "sheet.xlsx"
    suggestions = len(service.code(store).rows)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "coding", "-o", str(sheet), "--store", str(store)])
    assert result.exit_code == 0, result.output
    a, b, suggested = _fill(sheet)
    assert len(a) == 82
    result = runner.invoke(main, ["import-coding", str(sheet), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output == "imported coder_a 82, coder_b 82 clause code(s) of plan daf8227113fe (instruments)\n"
    coded = "GRAPH ?g { ?a <http://purl.org/dc/terms/creator> ?coder ; oa:hasBody ?c }"
    assert count(store, coded) == 164
    assert count(store, "GRAPH ?g { ?a pk:score ?s }") == suggestions  # the suggestions stay beside them
    result = runner.invoke(main, ["agreement", str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    pairs = {(p["a"], p["b"]): p for p in json.loads(result.output)["pairs"]}
    assert pairs[("coder_a", "coder_b")]["kappa"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-4)
    assert pairs[("coder_a", "suggested")]["kappa"] == pytest.approx(cohen_kappa_score(a, suggested), abs=1e-4)
    assert pairs[("coder_a", "coder_b")]["n"] == 82
    # Imported again, a coder's codes replace their earlier ones.
    assert runner.invoke(main, ["import-coding", str(sheet), "--store", str(store)]).exit_code == 0
    assert count(store, coded) == 164


def test_the_coders_sheet_is_of_one_plan(store, tmp_path):
    result = CliRunner().invoke(main, ["export", "coding", "--store", str(store)])
    assert result.exit_code == 2
    assert result.output == "Error: the coders' sheet is a workbook: give -o FILE.xlsx\n"


def test_a_sheet_of_another_plan_is_refused(store, tmp_path):
    sheet = tmp_path / "sheet.xlsx"
    assert CliRunner().invoke(main, ["export", "coding", "-o", str(sheet), "--store", str(store)]).exit_code == 0
    import openpyxl

    book = openpyxl.load_workbook(sheet)
    book["coding"]["A2"] = "99.1"
    book.save(sheet)
    result = CliRunner().invoke(main, ["import-coding", str(sheet), "--store", str(store)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "clause 99.1 is not a clause of plan daf8227113fe; export the sheet of this plan again" in result.output
