"""The coders' sheet and their agreement (docs/instruments.md, "The coders' workflow"):
the sheet written for the bundled plan, filled in by two simulated coders, read back and
scored with κ equal to scikit-learn's; κ, per-code κ and the confusion table on small
hand-computed cases; the header, the drop-down and the codebook sheet; formula-like text
kept as text; and every way a sheet can fail to read, as one line."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kg import pipeline, resources
from kg.errors import InputError
from kg.instruments.agreement import agreement, cohen_kappa, text
from kg.instruments.clauses import Clause, clauses_of
from kg.instruments.codebook import NONE_LABEL, load
from kg.instruments.sheets import Sheet, read, write
from kg.instruments.suggest import suggest
from kg.store import Store

HEADER = ["clause_id", "measure", "text", "suggested", "evidence", "coder_a", "coder_b"]

CODEBOOK_CSV = """code,parent,label,terms,label_en
supply,,供给型,,supply
supply.talent,supply,人才培养,人才培养|培训|师资队伍|双师型,talent
supply.funding,supply,资金投入,资金|专项资金|经费,funding
environment,,环境型,,environment
environment.goal,environment,目标规划,目标|规划,goals
environment.regulation,environment,法规管制,制度|规范|标准,regulation
demand,,需求型,,demand
demand.demonstration,demand,示范工程,示范|试点|工程,demonstration
"""


@pytest.fixture(scope="module")
def small_codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("codebook") / "small.csv"
    path.write_text(CODEBOOK_CSV, encoding="utf-8")
    return load(path)


def _codebooks() -> list:
    shipped = resources.data_file("ontology", "codebooks/instruments.ttl")
    return [
        "small",
        pytest.param("instruments", marks=pytest.mark.skipif(not shipped.is_file(), reason="not shipped yet")),
    ]


@pytest.fixture(scope="module", params=_codebooks())
def codebook(request, small_codebook):
    return small_codebook if request.param == "small" else load("instruments")


@pytest.fixture(scope="module")
def clauses():
    built = pipeline.process(resources.bundled_plan())
    store = Store(None)
    store.load(built.nquads)
    return clauses_of(store.oxigraph, built.iri)


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def values(worksheet) -> list[list]:
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def saved(book, path: Path) -> Path:
    book.save(path)
    return path


def simulate_coders(book, labels: list[str], seed: int = 7) -> None:
    """coder_a picks at random; coder_b agrees ~70% of the time and leaves ~10% uncoded."""
    chance = random.Random(seed)
    worksheet = book["coding"]
    for row in range(2, worksheet.max_row + 1):
        first = chance.choice(labels)
        worksheet.cell(row=row, column=6, value=first)
        if chance.random() < 0.1:
            continue
        worksheet.cell(row=row, column=7, value=first if chance.random() < 0.7 else chance.choice(labels))


# --- the round trip ----------------------------------------------------------------


def test_round_trip_gives_sklearns_kappa(tmp_path, clauses, codebook):
    metrics = pytest.importorskip("sklearn.metrics")
    suggestions = suggest(clauses, codebook)
    book = workbook(write(clauses, suggestions, codebook))
    labels = codebook.labels() + [NONE_LABEL]
    simulate_coders(book, labels)
    found = read(saved(book, tmp_path / "coded.xlsx"))

    assert found.coders == ["coder_a", "coder_b"]
    assert found.labels == codebook.labels()
    assert found.codes == {
        concept.label: concept.code for concept in codebook.concepts if concept.label in found.labels
    }
    assert [row["clause_id"] for row in found.rows] == [clause.id for clause in clauses]
    assert [row["measure"] for row in found.rows] == [clause.measure for clause in clauses]
    assert [row["text"] for row in found.rows] == [clause.text for clause in clauses]
    best = {}
    for suggestion in suggestions:
        best.setdefault(suggestion.clause.id, suggestion.concept.label)
    assert [row["suggested"] for row in found.rows] == [best.get(clause.id, "") for clause in clauses]

    result = agreement(found)
    assert [(p["a"], p["b"]) for p in result["pairs"]] == [
        ("coder_a", "coder_b"),
        ("coder_a", "suggested"),
        ("coder_b", "suggested"),
    ]
    for pair in result["pairs"]:
        a, b = both_coded(found, pair["a"], pair["b"])
        assert pair["n"] == len(a) > 0
        assert pair["kappa"] == pytest.approx(metrics.cohen_kappa_score(a, b), abs=5e-5)
    first = result["pairs"][0]
    assert first["n"] < len(clauses)  # coder_b left some clauses uncoded

    a, b = both_coded(found, "coder_a", "coder_b")
    for row in [r for r in result["per_code"] if r["b"] == "coder_b"]:
        expected = metrics.cohen_kappa_score([x == row["code"] for x in a], [y == row["code"] for y in b])
        assert row["kappa"] == pytest.approx(expected, abs=5e-5)
    confusion = result["confusion"]
    assert confusion["labels"] == labels
    assert confusion["matrix"] == metrics.confusion_matrix(a, b, labels=labels).tolist()


def both_coded(found: Sheet, first: str, second: str) -> tuple[list[str], list[str]]:
    def cell(row, name):
        return row[name] or (NONE_LABEL if name == "suggested" else "")

    pairs = [(cell(row, first), cell(row, second)) for row in found.rows if cell(row, first) and cell(row, second)]
    return [x for x, _ in pairs], [y for _, y in pairs]


def test_same_input_gives_the_same_bytes(clauses, small_codebook):
    suggestions = suggest(clauses, small_codebook)
    assert write(clauses, suggestions, small_codebook) == write(clauses, suggestions, small_codebook)


# --- κ, per code, confusion: exact small cases ----------------------------------------


def test_identical_codings_give_one():
    codes = ["人才培养", "资金投入", NONE_LABEL, "人才培养"]
    assert cohen_kappa(codes, list(codes)) == 1.0


def test_a_hand_computed_two_by_two():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = .7, p_e = .5·.6 + .5·.4 = .5, κ = .4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)


def test_swapped_codes_give_minus_one():
    assert cohen_kappa(["x", "y"], ["y", "x"]) == -1.0


def test_degenerate_cases():
    assert cohen_kappa(["x"] * 5, ["x"] * 5) == 1.0  # p_e = 1: defined as 1.0 (scikit-learn: nan)
    assert cohen_kappa(["x"], ["x"]) == 1.0
    assert cohen_kappa(["x"] * 4, ["x", "x", "y", "y"]) == 0.0  # one coder constant: κ = 0
    with pytest.raises(ValueError):
        cohen_kappa([], [])
    with pytest.raises(ValueError):
        cohen_kappa(["x"], ["x", "y"])


def small_sheet() -> Sheet:
    rows = [
        ("1.1", "甲", "甲", "甲"),
        ("1.2", "甲", "乙", "甲"),
        ("1.3", "乙", "乙", ""),
        ("2.1", NONE_LABEL, NONE_LABEL, ""),
        ("2.2", "乙", "", "乙"),  # coder_b has not coded it yet
        ("2.3", "", "甲", "甲"),
    ]
    return Sheet(
        coders=["coder_a", "coder_b"],
        rows=[
            {
                "clause_id": clause,
                "measure": int(clause.split(".")[0]),
                "text": "",
                "suggested": suggested,
                "evidence": "",
                "coder_a": a,
                "coder_b": b,
            }
            for clause, a, b, suggested in rows
        ],
        labels=["甲", "乙", "丙"],
    )


def test_pairs_count_only_clauses_both_coded():
    result = agreement(small_sheet())
    # coder_a × coder_b on 1.1–2.1: 甲甲 甲乙 乙乙 无无; p_o = 3/4, p_e = (2·1 + 1·2 + 1·1)/16 = 5/16
    assert result["pairs"][0] == {"a": "coder_a", "b": "coder_b", "kappa": round((12 - 5) / (16 - 5), 4), "n": 4}
    # coder_a × suggested on 1.1–2.2, the empty suggestions read as 无: 甲甲 甲甲 乙无 无无 乙乙,
    # agreed 4, Σ a_k·b_k = 2·2 (甲) + 2·1 (乙) + 1·2 (无) = 8
    assert result["pairs"][1] == {"a": "coder_a", "b": "suggested", "kappa": round((5 * 4 - 8) / (25 - 8), 4), "n": 5}
    assert result["pairs"][2]["n"] == 5


def test_per_code_kappa_is_this_code_or_not():
    rows = [r for r in agreement(small_sheet())["per_code"] if (r["a"], r["b"]) == ("coder_a", "coder_b")]
    assert [r["code"] for r in rows] == ["甲", "乙", NONE_LABEL]  # 丙, used by neither, is left out
    by_code = {r["code"]: r for r in rows}
    # 甲: a = TTFF, b = TFFF: p_o = 3/4, p_e = (2·1 + 2·3)/16 = 1/2, κ = .5
    assert by_code["甲"] == {"a": "coder_a", "b": "coder_b", "code": "甲", "kappa": 0.5, "n": 4}
    # 乙: a = FFTF, b = FTTF: κ = (4·3 − (1·2 + 3·2)) / (16 − 8) = .5
    assert by_code["乙"]["kappa"] == 0.5
    assert by_code[NONE_LABEL]["kappa"] == 1.0


def test_confusion_table_of_the_first_pair():
    confusion = agreement(small_sheet())["confusion"]
    assert confusion == {
        "a": "coder_a",
        "b": "coder_b",
        "labels": ["甲", "乙", "丙", NONE_LABEL],
        "matrix": [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]],
    }


def test_a_pair_with_nothing_coded_has_no_kappa():
    uncoded = Sheet(["coder_a", "coder_b"], [dict(row, coder_b="") for row in small_sheet().rows], ["甲", "乙"])
    result = agreement(uncoded)
    assert result["pairs"][0] == {"a": "coder_a", "b": "coder_b", "kappa": None, "n": 0}
    assert "κ = –  (n = 0)" in text(result)


def test_the_report_lists_pairs_then_codes_then_the_table():
    report = text(agreement(small_sheet()))
    lines = report.splitlines()
    assert lines[0] == "Cohen's κ"
    assert lines[1].startswith("coder_a × coder_b") and lines[1].endswith(f"κ = {(12 - 5) / 11:.3f}  (n = 4)")
    assert report.index("κ per code") < report.index("Confusion table")
    table = report[report.index("Confusion table") :].splitlines()
    assert table[0] == "Confusion table (rows coder_a, columns coder_b)"
    assert table[1].split() == ["coder_a", "\\", "coder_b", "甲", "乙", "丙", NONE_LABEL]
    assert table[3].split() == ["甲", "1", "1", "0", "0"]


def test_further_coder_columns_are_coders(tmp_path, clauses, small_codebook):
    book = workbook(write(clauses[:5], [], small_codebook))
    worksheet = book["coding"]
    worksheet.cell(row=1, column=8, value="coder_c")
    worksheet.cell(row=2, column=8, value="人才培养")
    found = read(saved(book, tmp_path / "three.xlsx"))
    assert found.coders == ["coder_a", "coder_b", "coder_c"]
    assert found.rows[0]["coder_c"] == "人才培养"
    pairs = [(p["a"], p["b"]) for p in agreement(found)["pairs"]]
    assert pairs[:3] == [("coder_a", "coder_b"), ("coder_a", "coder_c"), ("coder_b", "coder_c")]
    assert pairs[3:] == [("coder_a", "suggested"), ("coder_b", "suggested"), ("coder_c", "suggested")]


# --- the workbook ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(clauses, small_codebook):
    return workbook(write(clauses, suggest(clauses, small_codebook), small_codebook))


def test_header_row_and_frozen_panes(written):
    assert written.sheetnames == ["coding", "codebook"]
    worksheet = written["coding"]
    assert [cell.value for cell in worksheet[1]] == HEADER
    assert all(cell.font.bold for cell in worksheet[1])
    assert worksheet.freeze_panes == "A2"


def test_one_row_per_clause_with_its_suggestion(written, clauses, small_codebook):
    rows = values(written["coding"])[1:]
    assert [row[0] for row in rows] == [clause.id for clause in clauses]
    assert all(row[5] is None and row[6] is None for row in rows)
    by_id = {row[0]: row for row in rows}
    for suggestion in reversed(suggest(clauses, small_codebook)):  # the first per clause wins
        terms = list(dict.fromkeys(e.term for e in sorted(suggestion.evidence, key=lambda e: e.start)))
        by_id[suggestion.clause.id][3:5] = [suggestion.concept.label, "、".join(terms)]
    assert rows == list(by_id.values())
    assert any(row[3] for row in rows) and any(row[3] is None for row in rows)


def test_coder_cells_offer_the_codebook_sheets_labels(written, clauses, small_codebook):
    (validation,) = written["coding"].data_validations.dataValidation
    choices = len(small_codebook.labels()) + 1
    assert validation.type == "list"
    assert validation.formula1 == f"codebook!$B$2:$B${choices + 1}"
    assert str(validation.sqref) == f"F2:G{len(clauses) + 1}"
    assert validation.showErrorMessage
    listed = [row[1] for row in values(written["codebook"])[1 : choices + 1]]
    assert listed == small_codebook.labels() + [NONE_LABEL]


def test_codebook_sheet(written):
    assert values(written["codebook"]) == [
        ["code", "label", "label_en", "type", "terms"],
        ["supply.talent", "人才培养", "talent", "supply", "人才培养|培训|师资队伍|双师型"],
        ["supply.funding", "资金投入", "funding", "supply", "资金|专项资金|经费"],
        ["environment.goal", "目标规划", "goals", "environment", "目标|规划"],
        ["environment.regulation", "法规管制", "regulation", "environment", "制度|规范|标准"],
        ["demand.demonstration", "示范工程", "demonstration", "demand", "示范|试点|工程"],
        [None, NONE_LABEL, "none", None, None],
    ]


def test_a_long_codebook_is_still_a_range(tmp_path, clauses):
    lines = ["code,parent,label,terms"] + [f"c{n},,很长的一个政策工具标签第{n}号,词{n}" for n in range(40)]
    (tmp_path / "long.csv").write_text("\n".join(lines), encoding="utf-8")
    (validation,) = workbook(write(clauses[:3], [], load(tmp_path / "long.csv")))[
        "coding"
    ].data_validations.dataValidation
    assert validation.formula1 == "codebook!$B$2:$B$42"


def test_formula_like_text_is_stored_as_text(tmp_path):
    texts = ["=SUM(A1:A9)", "+1", "-cmd|' /C calc'!A0", "@SUM(1)"]
    clauses = [Clause(1, number, text, (0, len(text)), "urn:x#measure-1") for number, text in enumerate(texts, 1)]
    codebook_path = tmp_path / "formula.csv"
    codebook_path.write_text('code,parent,label,terms\nx,,=HYPERLINK("http://x"),SUM\n', encoding="utf-8")
    codebook = load(codebook_path)
    data = write(clauses, suggest(clauses, codebook), codebook)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = workbook(data)
    cells = [book["coding"].cell(row=row, column=3) for row in range(2, 6)]
    assert [cell.value for cell in cells] == texts and {cell.data_type for cell in cells} == {"s"}
    assert book["coding"]["D2"].value == '=HYPERLINK("http://x")' and book["coding"]["D2"].data_type == "s"
    assert book["codebook"]["B2"].value == '=HYPERLINK("http://x")' and book["codebook"]["B2"].data_type == "s"
    path = tmp_path / "formula.xlsx"
    path.write_bytes(data)
    assert [row["text"] for row in read(path).rows] == texts


# --- read errors: one line each ---------------------------------------------------------


@pytest.fixture
def blank(clauses, small_codebook):
    """A fresh sheet of the first twelve clauses, to be spoilt by each test."""
    return lambda: workbook(write(clauses[:12], [], small_codebook))


def failure(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_a_missing_file(tmp_path):
    assert "no such file" in failure(tmp_path / "absent.xlsx")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_text("clause_id,measure\n1.1,1\n", encoding="utf-8")
    assert "not an Excel workbook" in failure(path)


def test_a_file_of_another_kind(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("clause_id,measure\n1.1,1\n", encoding="utf-8")
    assert "not an .xlsx workbook" in failure(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "not an Excel workbook" in failure(path)


def test_a_workbook_with_a_broken_sheet(tmp_path, blank):
    data = io.BytesIO()
    blank().save(data)
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, b"<worksheet><sheetData><row" if name == "xl/worksheets/sheet1.xml" else content)
    assert "workbook" in failure(path)


def test_no_coding_sheet_falls_back_to_a_fitting_first_sheet(tmp_path, blank):
    book = blank()
    book["coding"].title = "Sheet1"
    assert [row["clause_id"] for row in read(saved(book, tmp_path / "renamed.xlsx")).rows][:2] == ["1.1", "1.2"]


def test_no_coding_sheet(tmp_path, blank):
    book = blank()
    book["coding"].title = "Sheet1"
    book["Sheet1"]["A1"] = "id"
    message = failure(saved(book, tmp_path / "other.xlsx"))
    assert "no sheet 'coding'" in message and "Sheet1" in message


def test_a_header_without_a_required_column(tmp_path, blank):
    book = blank()
    book["coding"]["E1"] = "terms"
    message = failure(saved(book, tmp_path / "header.xlsx"))
    assert "lacks evidence" in message


def test_no_coder_column(tmp_path, blank):
    book = blank()
    book["coding"].delete_cols(6, 2)
    assert "no coder column" in failure(saved(book, tmp_path / "coders.xlsx"))


def test_an_empty_clause_id(tmp_path, blank):
    book = blank()
    book["coding"]["A5"] = None
    assert "A5 has no clause_id" in failure(saved(book, tmp_path / "empty.xlsx"))


def test_duplicate_clause_ids(tmp_path, blank):
    book = blank()
    book["coding"]["A3"] = book["coding"]["A2"].value
    message = failure(saved(book, tmp_path / "twice.xlsx"))
    assert "'1.1'" in message and "rows 2 and 3" in message


@pytest.mark.parametrize("label", ["供给", "supply.talent", "人才培养\nError: forged"])
def test_a_label_not_in_the_codebook(tmp_path, blank, label):
    book = blank()
    book["coding"]["F12"] = "人才培养"
    book["coding"]["G12"] = label
    message = failure(saved(book, tmp_path / "label.xlsx"))
    assert "G12" in message and repr(label) in message and "choose one from the list" in message


def test_no_codebook_sheet(tmp_path, blank):
    book = blank()
    del book["codebook"]
    assert "no sheet 'codebook'" in failure(saved(book, tmp_path / "nocodebook.xlsx"))


def test_a_measure_that_is_not_a_number(tmp_path, blank):
    book = blank()
    book["coding"]["B4"] = "三"
    assert "B4 holds '三'" in failure(saved(book, tmp_path / "measure.xlsx"))


def test_cells_read_stripped_and_blank_rows_skipped(tmp_path, blank):
    book = blank()
    book["coding"]["F2"] = "  人才培养 "
    book["coding"]["G2"] = NONE_LABEL
    book["coding"].append([None] * 7)
    book["coding"].append(["", "", "", "", "", "", ""])
    found = read(saved(book, tmp_path / "stripped.xlsx"))
    assert len(found.rows) == 12
    assert (found.rows[0]["coder_a"], found.rows[0]["coder_b"], found.rows[1]["coder_a"]) == (
        "人才培养",
        NONE_LABEL,
        "",
    )
    assert isinstance(found.rows[0]["measure"], int) and isinstance(found.rows[0]["clause_id"], str)
