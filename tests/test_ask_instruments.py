"""Questions about policy instruments (kg.ask.instruments): which measures use an
instrument or a type of them, which instruments a unit's measures use — answered from the
codes `policykg code` stored, exactly; on a store without them, an empty answer that says
to run `policykg code` first; and every other question read as before."""

import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from kg import service
from kg.ask import ask
from kg.ask import instruments as asked_instruments
from kg.instruments import code_plan, load
from kg.store import Store

NOT_CODED = "the store holds no instrument codes yet: run `policykg code` first, then ask again"


@pytest.fixture(scope="module")
def coded_store(seed_path):
    """The bundled plan, coded with the shipped instruments codebook."""
    store = Store(None)
    service.build([seed_path], store)
    service.code(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def suggested(coded_store):
    """Per code, the measures whose clauses are suggested it and how many clauses each:
    what `code` stored, computed apart from the store."""
    from pyoxigraph import NamedNode

    plan = NamedNode(coded_store.documents()[0].value)
    _, suggestions = code_plan(coded_store.oxigraph, plan, load("instruments"))
    found: dict[str, Counter] = defaultdict(Counter)
    for suggestion in suggestions:
        found[suggestion.concept.code][suggestion.clause.measure] += 1
    return found


def measures(answer) -> list[tuple[int, int]]:
    return [(row["measure"], row["clauses"]) for row in answer.rows]


# --- which measures use an instrument -------------------------------------------------------

# The bundled plan's measures whose clauses are suggested 示范工程, with how many clauses.
DEMONSTRATION = [(2, 1), (3, 1), (4, 6), (5, 1), (6, 1), (8, 1), (9, 1), (10, 2), (11, 1), (12, 3)]


def test_which_measures_use_an_instrument(coded_store, suggested):
    answer = ask(coded_store, "哪些措施使用了示范工程工具？")
    assert answer.interpretation.form == "instrument-measures"
    assert answer.interpretation.parameters == {"instrument": "demand.demonstration"}
    assert measures(answer) == DEMONSTRATION == sorted(suggested["demand.demonstration"].items())
    assert {row["instrument"] for row in answer.rows} == {"示范工程"}
    assert {row["document"] for row in answer.rows} == {"益阳市职业教育高质量发展实施方案"}
    entity = [e for e in answer.interpretation.entities if e["kind"] == "instrument"]
    assert entity == [
        {
            "kind": "instrument",
            "written": "示范工程",
            "span": [7, 11],
            "matched": "示范工程",
            "value": "demand.demonstration",
        }
    ]


def test_an_instrument_no_clause_uses_is_an_empty_answer_that_says_so(coded_store, suggested):
    answer = ask(coded_store, "哪些措施使用了税收优惠工具？")
    assert answer.interpretation.form == "instrument-measures"
    assert "environment.tax" not in suggested
    assert answer.rows == []
    assert answer.interpretation.description.endswith("; no clause of these measures is suggested that instrument")


def test_an_english_question_names_the_instrument_by_its_english_label(coded_store):
    answer = ask(coded_store, "Which measures use the demonstration projects instrument?")
    assert answer.interpretation.parameters == {"instrument": "demand.demonstration"}
    assert measures(answer) == DEMONSTRATION


def test_a_type_of_instruments_lists_the_measures_of_each_of_its_instruments(coded_store, suggested):
    answer = ask(coded_store, "供给型政策工具有哪些措施？")
    assert answer.interpretation.form == "instrument-measures"
    assert answer.interpretation.parameters == {"instrument": "supply"}
    expected = sorted(
        (measure, code, clauses)
        for code, found in suggested.items()
        if code.startswith("supply.")
        for measure, clauses in found.items()
    )
    assert sorted((row["measure"], row["code"], row["clauses"]) for row in answer.rows) == expected
    assert sorted({row["measure"] for row in answer.rows}) == SUPPLY_MEASURES


SUPPLY_MEASURES = [2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 14, 17, 18, 19]


def test_how_many_measures_use_an_instrument(coded_store, suggested):
    answer = ask(coded_store, "多少项任务使用了人才培养工具？")
    assert answer.count == len(suggested["supply.talent"]) == TALENT_MEASURES
    assert answer.interpretation.description.endswith(f": {TALENT_MEASURES}")


TALENT_MEASURES = 10


# --- which instruments a unit's measures use ------------------------------------------------

# The instruments suggested for the clauses of the measures the Finance Bureau leads:
# (instrument, type, clauses, measures), most clauses first.
FINANCE_LEADS = [
    ("资金投入", "供给型", 5, 2),
    ("策略性措施", "环境型", 4, 2),
    ("法规管制", "环境型", 2, 2),
    ("人才培养", "供给型", 2, 1),
]


@pytest.mark.parametrize(
    "question", ["财政局牵头的任务用了哪些政策工具？", "Which instruments does the Finance Bureau lead?"]
)
def test_which_instruments_a_unit_leads(coded_store, question):
    answer = ask(coded_store, question)
    assert answer.interpretation.form == "instruments"
    assert answer.interpretation.parameters["role"] == "lead"
    assert answer.interpretation.parameters["unit"].endswith("-finance")
    assert [(r["instrument"], r["type"], r["clauses"], r["measures"]) for r in answer.rows] == FINANCE_LEADS
    assert answer.columns == ("instrument", "type", "clauses", "measures")


def test_the_instruments_of_the_measures_a_unit_leads_are_those_of_their_clauses(coded_store, suggested):
    from kg import query

    led = {row["measure"] for row in ask(coded_store, "市财政局牵头哪些任务？").rows if row["role"] == "lead"}
    expected = Counter()
    for code, found in suggested.items():
        for measure in led & set(found):
            expected[code] += found[measure]
    answer = ask(coded_store, "财政局牵头的任务用了哪些政策工具？")
    assert {row["code"]: row["clauses"] for row in answer.rows} == dict(expected)
    # The answer's SPARQL is a query of its own: it gives the rows again, run as is.
    assert len(query.run(coded_store, answer.sparql)[1]) == len(answer.rows)


def test_the_instruments_of_a_measure(coded_store, suggested):
    answer = ask(coded_store, "第18项任务用了哪些政策工具？")
    assert answer.interpretation.form == "instruments"
    assert {row["code"]: row["clauses"] for row in answer.rows} == {
        code: found[18] for code, found in suggested.items() if found[18]
    }


# --- a store without codes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "哪些措施使用了示范工程工具？",
        "供给型政策工具有哪些措施？",
        "财政局牵头的任务用了哪些政策工具？",
        "Which instruments does the Finance Bureau lead?",
    ],
)
def test_without_codes_the_answer_says_to_run_code_first(seed_store, question):
    answer = ask(seed_store, question)
    assert answer.interpretation.form in ("instrument-measures", "instruments")
    assert answer.rows == []
    assert answer.interpretation.description.endswith("; " + NOT_CODED)


# --- other questions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("哪些任务涉及人才培养？", "measures"),  # an instrument's label, but no 工具: a keyword
        ("哪些任务涉及培训？", "measures"),
        ("市财政局牵头哪些任务？", "measures"),
        ("双师型是什么意思？", "definition"),  # 型, but no type's label
        ("2025年的目标有哪些？", "targets"),
        ("哪个部门牵头的任务最多？", "ranking"),
    ],
)
def test_other_questions_keep_their_form(coded_store, question, form):
    assert ask(coded_store, question).interpretation.form == form


def test_the_codebook_is_read_only_for_a_question_that_may_name_an_instrument(seed_store):
    """Read on the first question that says 工具 or instrument, or holds a 型 (a type's
    label ends so), once; a question with neither never reads it."""
    asked_instruments._codebook.cache_clear()
    asked_instruments._names.cache_clear()
    ask(seed_store, "市财政局牵头哪些任务？")
    ask(seed_store, "哪些任务涉及经费保障？")
    assert asked_instruments._codebook.cache_info().currsize == 0
    assert ask(seed_store, "双师型是什么意思？").interpretation.form == "definition"
    ask(seed_store, "哪些措施使用了示范工程工具？")
    assert asked_instruments._codebook.cache_info().misses == 1


def test_asking_imports_no_coding():
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, kg.ask; print('kg.instruments' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "False"
