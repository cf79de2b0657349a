"""The tables researchers publish from a coding (kg.instruments.tables): how often each
instrument is used, by type and sub-instrument, and the instrument × element table —
their arithmetic on a small CSV codebook, their numbers on the bundled plan with the
shipped codebooks, their renders (kg.export.tables), and the report's section that
draws them (kg.export.report)."""

import csv
import io
import re

import openpyxl
import pytest

from kg import service
from kg.export import report, tables
from kg.instruments import Clause, code_plan, load, suggest
from kg.instruments import tables as instrument_tables
from kg.store import Store

PLAN_ID = "daf8227113fe"

# --- the arithmetic, on a codebook of the test's own ----------------------------------------

CODEBOOK = """code,parent,label,terms
supply,,供给型,
supply.talent,supply,人才培养,人才培养|培训
supply.funding,supply,资金投入,专项资金
environment,,环境型,
environment.tax,environment,税收优惠,减免
environment.tax.vat,environment.tax,增值税,增值税
demand,,需求型,
demand.procurement,demand,政府采购,政府采购
"""
ELEMENT_CODEBOOK = """code,parent,label,terms
teachers,,师资,教师
funding,,经费,资金
"""
TEXTS = [
    "开展教师培训。",  # talent; teachers
    "落实专项资金。",  # funding; funding (资金 inside 专项资金)
    "实行增值税减免。",  # tax 0.5 and vat 0.75: vat, under tax, under environment
    "推进政府采购。",  # procurement
    "加强党的领导。",  # nothing: not counted
    "加强人才培养和培训。",  # talent
]


@pytest.fixture
def small(tmp_path):
    (tmp_path / "small.csv").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "parts.csv").write_text(ELEMENT_CODEBOOK, encoding="utf-8")
    codebook, elements = load(tmp_path / "small.csv"), load(tmp_path / "parts.csv")
    clauses = [Clause(1, number, text, (0, len(text)), "urn:x:measure-1") for number, text in enumerate(TEXTS, 1)]
    return codebook, elements, (clauses, suggest(clauses, codebook)), (clauses, suggest(clauses, elements))


def test_frequencies_count_each_coded_clause_once_under_its_code_and_every_concept_above(small):
    codebook, _, coding, _ = small
    columns, rows = instrument_tables.frequencies(coding, codebook)
    assert columns == ["type", "code", "label", "count", "share"]
    assert [(row["type"], row["code"], row["label"], row["count"], row["share"]) for row in rows] == [
        ("supply", "supply", "供给型", 3, 0.6),
        ("supply", "supply.talent", "人才培养", 2, 0.4),
        ("supply", "supply.funding", "资金投入", 1, 0.2),
        ("environment", "environment", "环境型", 1, 0.2),
        ("environment", "environment.tax", "税收优惠", 1, 0.2),
        ("environment", "environment.tax.vat", "增值税", 1, 0.2),
        ("demand", "demand", "需求型", 1, 0.2),
        ("demand", "demand.procurement", "政府采购", 1, 0.2),
        (None, None, "合计", 5, 1),
    ]


def test_shares_are_fractions_of_the_coded_clauses_rounded_to_four_places(small):
    codebook, _, (clauses, suggestions), _ = small
    kept = [s for s in suggestions if s.clause.number in (1, 2, 6)]  # talent, funding, talent
    _, rows = instrument_tables.frequencies((clauses, kept), codebook)
    shares = {row["code"]: row["share"] for row in rows}
    assert shares["supply.talent"] == 0.6667 and shares["supply.funding"] == 0.3333 and shares["supply"] == 1
    assert shares["environment"] == 0 and rows[-1]["count"] == 3
    _, nothing = instrument_tables.frequencies((clauses, []), codebook)
    assert [row["count"] for row in nothing] == [0] * 9 and {row["share"] for row in nothing} == {0}


def test_the_matrix_counts_clauses_coded_on_both_sides(small):
    codebook, elements, coding, parts = small
    columns, rows = instrument_tables.matrix(coding, parts, codebook, elements)
    assert columns == ["instrument", "师资", "经费", "total"]
    # A row per code a clause can be given (the types have no terms and have sub-concepts).
    assert [(row["instrument"], row["师资"], row["经费"], row["total"]) for row in rows] == [
        ("人才培养", 1, 0, 1),  # clause 6 names no element: not in the table
        ("资金投入", 0, 1, 1),
        ("税收优惠", 0, 0, 0),
        ("增值税", 0, 0, 0),
        ("政府采购", 0, 0, 0),
        ("合计", 1, 1, 2),
    ]


# --- on the bundled plan, with the shipped codebooks ----------------------------------------


@pytest.fixture(scope="module")
def bundled(seed_store):
    """The bundled plan coded with the shipped codebooks, as code_plan codes it."""
    from pyoxigraph import NamedNode

    plan = NamedNode(seed_store.documents()[0].value)
    found = {name: code_plan(seed_store.oxigraph, plan, load(name)) for name in ("instruments", "elements")}
    return found


@pytest.fixture(scope="module")
def frequency_table(seed_store):
    return tables.instruments(seed_store)


@pytest.fixture(scope="module")
def matrix_table(seed_store):
    return tables.instrument_matrix(seed_store)


# The bundled plan's clauses by their best suggested instrument (82 clauses, 66 coded).
SEED_COUNTS = {
    "supply": 24,
    "supply.talent": 16,
    "supply.funding": 3,
    "supply.technology": 2,
    "supply.infrastructure": 3,
    "supply.services": 0,
    "environment": 43,
    "environment.planning": 5,
    "environment.finance": 0,
    "environment.tax": 0,
    "environment.regulation": 7,
    "environment.strategy": 31,
    "demand": 9,
    "demand.procurement": 0,
    "demand.outsourcing": 0,
    "demand.demonstration": 9,
    "demand.exchange": 0,
}
SEED_CODED = 76  # the other six have no term and no coded clause before them in their measure
SEED_BOTH = 59  # clauses with an instrument and an element


def test_the_frequencies_of_the_bundled_plan(frequency_table, bundled):
    columns, rows = frequency_table
    assert columns == ["document", "type", "code", "label", "count", "share"]
    assert {row["document"] for row in rows} == {"益阳市职业教育高质量发展实施方案"}
    *body, total = rows
    assert {row["code"]: row["count"] for row in body} == SEED_COUNTS
    assert [row["code"] for row in body] == [concept.code for concept in load("instruments").concepts]
    assert (total["label"], total["count"], total["share"]) == ("合计", SEED_CODED, 1)
    assert {row["code"]: row["share"] for row in body} == {
        code: round(count / SEED_CODED, 4) for code, count in SEED_COUNTS.items()
    }
    assert {row["code"]: row["share"] for row in body}["supply"] == 0.3158
    # Each type sums its sub-instruments, and the types sum to every coded clause.
    for row in body:
        if row["code"] == row["type"]:
            assert row["count"] == sum(r["count"] for r in body if r["type"] == row["type"] and r is not row)
    assert sum(row["count"] for row in body if row["code"] == row["type"]) == SEED_CODED
    # A coded clause is one with a suggestion: its best one is its code.
    clauses, suggestions = bundled["instruments"]
    assert len(clauses) == 82 and len({s.clause for s in suggestions}) == SEED_CODED


def test_the_instrument_element_matrix_of_the_bundled_plan(matrix_table, frequency_table, bundled):
    columns, rows = matrix_table
    elements = load("elements").labels()
    assert columns == ["document", "instrument", *elements, "total"]
    *body, total = rows
    instruments = load("instruments")
    assert [row["instrument"] for row in body] == instruments.labels()
    assert total["instrument"] == "合计"
    for row in body:
        assert row["total"] == sum(row[element] for element in elements)
    for element in elements:
        assert total[element] == sum(row[element] for row in body)
    # The cells sum to the clauses coded on both sides, each under its two best codes.
    both = instrument_tables.best_codes(bundled["instruments"][1]).keys() & set(
        instrument_tables.best_codes(bundled["elements"][1])
    )
    assert sum(row[element] for row in body for element in elements) == total["total"] == len(both) == SEED_BOTH
    # … and a row is never more than the clauses coded with its instrument.
    counts = {row["label"]: row["count"] for row in frequency_table[1]}
    assert all(row["total"] <= counts[row["instrument"]] for row in body)


def test_the_tables_of_one_plan_are_those_of_the_store_of_it(seed_store, frequency_table, matrix_table):
    assert tables.instruments(seed_store, PLAN_ID) == frequency_table
    assert tables.instrument_matrix(seed_store, PLAN_ID[:6]) == matrix_table


SHEETS = {
    "zh": {"instruments": "政策工具频次", "instrument-matrix": "政策工具要素矩阵"},
    "en": {"instruments": "instruments", "instrument-matrix": "instrument-matrix"},
}
FREQUENCY_HEADERS = {
    "zh": ["文件", "类型", "编码", "政策工具", "条款数", "占比"],
    "en": ["document", "type", "code", "label", "count", "share"],
}


@pytest.mark.parametrize("headers", ["zh", "en"])
def test_the_renders_head_the_tables_in_either_language(frequency_table, matrix_table, headers):
    elements = load("elements").labels()
    expected = {
        "instruments": FREQUENCY_HEADERS[headers],
        "instrument-matrix": (["文件", "政策工具"] if headers == "zh" else ["document", "instrument"])
        + elements
        + (["合计"] if headers == "zh" else ["total"]),
    }
    for name, (columns, rows) in (("instruments", frequency_table), ("instrument-matrix", matrix_table)):
        assert tables.header_labels(name, columns, headers) == expected[name]
        read = list(csv.reader(io.StringIO(tables.render(columns, rows, "csv", name, headers=headers).decode())))
        assert read[0] == expected[name]
        assert read[1:] == [["" if row[c] is None else str(row[c]) for c in columns] for row in rows]
        markdown = tables.render(columns, rows, "md", name, headers=headers).decode().splitlines()
        assert markdown[0] == "| " + " | ".join(expected[name]) + " |" and len(markdown) == len(rows) + 2
        book = openpyxl.load_workbook(io.BytesIO(tables.render(columns, rows, "xlsx", name, headers=headers)))
        assert book.sheetnames == [SHEETS[headers][name]]
        sheet = book.active
        assert [cell.value for cell in sheet[1]] == expected[name]
        assert [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)] == [
            [row[c] for c in columns] for row in rows
        ]


def test_the_service_exports_the_tables(seed_store, frequency_table):
    data = service.export("instruments", seed_store, format="md")
    assert data == tables.render(*frequency_table, "md", "instruments")
    assert "| 益阳市职业教育高质量发展实施方案 | supply | supply.talent | 人才培养 | 16 | 0.2105 |" in data.decode()


# --- the report ---------------------------------------------------------------------------


def chart_numbers(section: str) -> dict[str, tuple[int, str]]:
    """Each bar of an instruments chart: code → (count, share as shown)."""
    chart = section[section.index('<svg class="chart instruments"') :]
    chart = chart[: chart.index("</svg>")]
    return {
        code: (int(count), share)
        for code, count, share in re.findall(
            r'<g data-code="([^"]+)"(?: class="type")?>.*?class="n">(\d+) \(([\d.]+%)\)</text></g>', chart
        )
    }


def matrix_cells(section: str) -> list[list[str]]:
    table = section[section.index('<table class="instrument-matrix">') :]
    table = table[: table.index("</table>")]
    return [re.findall(r"<t[dh]>([^<]*)</t[dh]>", line) for line in table.split("<tr>")[1:]]


def expected_chart(rows: list[dict]) -> dict[str, tuple[int, str]]:
    return {row["code"]: (row["count"], f"{row['share']:.1%}") for row in rows if row["code"]}


def expected_matrix(columns: list[str], rows: list[dict]) -> list[list[str]]:
    """The matrix as the report shows it: the rows and columns that hold a clause, 0 as empty."""
    *body, total = rows
    kept = [c for c in columns[2:-1] if total[c]]
    shown = [row for row in body if row["total"]] + [total]
    head = ["政策工具 instrument", *kept, "合计 total"]
    return [head] + [[row["instrument"], *[str(row[c] or "") for c in kept], str(row["total"])] for row in shown]


@pytest.fixture(scope="module")
def summary(seed_store) -> str:
    return report.report_page(seed_store, validation=False).decode("utf-8")


def test_the_report_draws_the_instruments_of_the_plan(summary, frequency_table, matrix_table):
    section = summary[summary.index('<section id="instruments">') :]
    section = section[: section.index("</section>")]
    assert "<h2>政策工具 Policy instruments</h2>" in section and "<script" not in section
    assert f"{SEED_CODED} / 82 条款用到政策工具" in section
    assert chart_numbers(section) == expected_chart(frequency_table[1])
    assert chart_numbers(section)["supply.talent"] == (16, "21.1%")
    assert matrix_cells(section) == expected_matrix(*matrix_table)


TINY_PLAN = "临江市职业教育提升方案\n一、重点任务\n1.设立专项资金。开展教师培训。（市教育局）\n2.其他事项。按要求办理。（市教育局）\n"
EMPTY_PLAN = "临江县职业教育方案\n一、重点任务\n1.其他事项。按要求办理。（县教育局）\n"


def test_a_report_of_several_plans_draws_each_plans_instruments(tmp_path, seed_path):
    (tmp_path / "tiny.txt").write_text(TINY_PLAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text(EMPTY_PLAN, encoding="utf-8")
    with Store(tmp_path / "store") as store:
        service.build([seed_path, tmp_path / "tiny.txt", tmp_path / "empty.txt"], store)
        page = report.report_page(store, validation=False).decode("utf-8")
        sections = re.findall(r'<section class="plan" id="plan-(\w+)">(.*?)</section>', page, re.DOTALL)
        assert len(sections) == 3
        for plan_id, section in sections:
            assert section.count("<h3>政策工具 Policy instruments</h3>") == 1
            part = section[section.index("<h3>政策工具 Policy instruments</h3>") :]
            columns, rows = tables.instruments(store, plan_id)
            if rows[-1]["count"] == 0:
                assert "没有条款用到政策工具 No clause uses a policy instrument." in part
                assert "<svg" not in part.split("<h3>校验结果")[0]
                continue
            assert chart_numbers(part) == expected_chart(rows)
            assert matrix_cells(part) == expected_matrix(*tables.instrument_matrix(store, plan_id))
        numbers = {
            plan_id: chart_numbers(section) for plan_id, section in sections if 'class="chart instruments"' in section
        }
        assert len(numbers) == 2 and numbers[PLAN_ID]["supply.talent"] == (16, "21.1%")
        tiny = next(n for plan_id, n in numbers.items() if plan_id != PLAN_ID)
        assert {code: shown for code, shown in tiny.items() if shown[0]} == {
            "supply": (2, "100.0%"),
            "supply.talent": (1, "50.0%"),
            "supply.funding": (1, "50.0%"),
        }
