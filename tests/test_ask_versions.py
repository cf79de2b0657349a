"""Questions on what changed between versions of a plan (which measures changed lead, which
targets were raised, which measures were dropped or added), asked of a store holding the
bundled draft (征求意见稿) and its made-up final text (tests/cases/versions/), and of a store
with no versions; answered exactly."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.ask
from kg import service
from kg.ask import ask
from kg.cli import main
from kg.resources import bundled_plan
from kg.store import Store

VERSIONS = Path(__file__).parent / "cases" / "versions"
PLAN = "https://w3id.org/policykg/id/plan/"
DRAFT, FINAL = PLAN + "daf8227113fe", PLAN + "a119657992e5"
NO_VERSIONS = "no plan in the store revises another"


@pytest.fixture(scope="module")
def versions_store(tmp_path_factory) -> Store:
    """The draft and the final, built together: the build links them and records the changes."""
    store = Store(tmp_path_factory.mktemp("ask-versions-store"))
    service.build([bundled_plan(), VERSIONS / "final.txt"], store)
    return store


def _recorded() -> list[dict]:
    return json.loads((VERSIONS / "expected.json").read_text(encoding="utf-8"))["changes"]


LEADS = [
    (8, 7, "优化职业教育专业设置", "市教育局", "市发改委"),
    (19, 20, "健全督导评价机制", "市委组织部", "市委教育工委"),
]


@pytest.mark.parametrize(
    "question",
    [
        "征求意见稿和正式稿相比，哪些任务换了牵头单位？",
        "哪些任务换了牵头单位？",
        "Which measures changed lead in the final version?",
        "哪些任务的牵头单位有调整？",
    ],
)
def test_which_measures_changed_lead(versions_store, question):
    answer = ask(versions_store, question)
    assert answer.interpretation.form == "version-leads"
    assert [
        (row["old_measure"], row["new_measure"], row["title"], row["old_lead"], row["new_lead"]) for row in answer.rows
    ] == LEADS
    assert {(row["plan"], row["old_plan"], row["old_version"], row["new_version"]) for row in answer.rows} == {
        ("a119657992e5", "daf8227113fe", "征求意见稿", None)
    }


@pytest.mark.parametrize("question", ["Which targets were raised in the final version?", "哪些目标提高了？"])
def test_which_targets_were_raised(versions_store, question):
    answer = ask(versions_store, question)
    assert answer.interpretation.form == "version-targets"
    assert answer.interpretation.description == "targets raised between a plan and the version it revises"
    assert [
        (
            row["direction"],
            row["old_measure"],
            row["new_measure"],
            row["metric"],
            row["old_comparator"],
            row["old_value"],
            row["new_comparator"],
            row["new_value"],
            row["new_unit"],
            row["new_deadline"],
        )
        for row in answer.rows
    ] == [("raised", 11, 10, "专业教师中“双师型”教师占比", ">", 50, ">", 60, "%", 2023)]


def test_which_targets_changed(versions_store):
    answer = ask(versions_store, "哪些目标有变化？")
    assert answer.interpretation.form == "version-targets"
    assert [(row["direction"], row["old_measure"], row["new_measure"]) for row in answer.rows] == [
        ("unchanged value", 3, 3),
        ("unchanged value", 3, 3),
        ("raised", 11, 10),
        ("removed", 18, 19),
    ]
    assert [(row["old_deadline"], row["new_deadline"]) for row in answer.rows[:2]] == [("2022-12-31", "2023-12-31")] * 2


def test_no_target_was_lowered(versions_store):
    """Versions in the store, but no change of the kind asked: said so, not an error."""
    answer = ask(versions_store, "Which targets were lowered in the final version?")
    assert answer.interpretation.form == "version-targets"
    assert answer.rows == []
    assert answer.interpretation.description == (
        "targets lowered between a plan and the version it revises; no such change between the versions in the store"
    )


@pytest.mark.parametrize("question", ["正式稿删除了哪些任务？", "Which measures were dropped from the final version?"])
def test_which_measures_were_dropped(versions_store, question):
    answer = ask(versions_store, question)
    assert answer.interpretation.form == "version-measures"
    assert [(row["kind"], row["old_measure"], row["new_measure"], row["title"]) for row in answer.rows] == [
        ("removed", 6, None, "建强实训实习基地")
    ]
    assert answer.rows[0]["before"].startswith("建强实训实习基地。推动职业院校在企业设立实习实训基地")
    assert answer.rows[0]["after"] is None


def test_which_measures_were_added(versions_store):
    answer = ask(versions_store, "新增了哪些任务？")
    assert answer.interpretation.form == "version-measures"
    assert [(row["kind"], row["old_measure"], row["new_measure"], row["title"]) for row in answer.rows] == [
        ("added", None, 14, "推进职业教育开放合作"),
        ("added", None, 16, "压实职业教育改革发展责任"),
    ]


def test_which_measures_changed_participants(versions_store):
    answer = ask(versions_store, "哪些任务的配合单位有变化？")
    assert answer.interpretation.form == "version-measures"
    assert [(row["old_measure"], row["new_measure"], row["before"], row["after"]) for row in answer.rows] == [
        (
            5,
            5,
            "市发改委、市财政局、市工信局、市自规局、高新区、市农业农村局、市人社局、区县（市）人民政府",
            "市发改委、市财政局、市工信局、高新区、市农业农村局、市人社局、区县（市）人民政府",
        ),
        (13, 12, "市人社局", "市人社局、市工信局"),
    ]


def test_every_change_between_the_versions(versions_store):
    """Every record, in the order `policykg diff` lists them."""
    answer = ask(versions_store, "征求意见稿和正式稿有哪些不同？")
    assert answer.interpretation.form == "version-measures"
    assert [(row["kind"], row["old_measure"], row["new_measure"]) for row in answer.rows] == [
        (change["kind"], change["old_measure"], change["new_measure"]) for change in _recorded()
    ]
    assert len(answer.rows) == 31


def test_a_plan_is_asked_for_the_changes_it_made(versions_store):
    """--document: the final gives its changes; the draft revises nothing, and says so."""
    question = "哪些任务换了牵头单位？"
    assert [row["new_measure"] for row in ask(versions_store, question, document=FINAL).rows] == [7, 20]
    answer = ask(versions_store, question, document=DRAFT)
    assert answer.rows == []
    assert answer.interpretation.description.endswith(
        "; this plan revises no other plan in the store, so there is nothing to compare"
    )
    # The targets' query reads the records in a subquery: the plan reaches into it.
    assert [row["new_measure"] for row in ask(versions_store, "哪些目标提高了？", document=FINAL).rows] == [10]
    assert ask(versions_store, "哪些目标提高了？", document=DRAFT).rows == []


QUESTIONS = [
    "征求意见稿和正式稿相比，哪些任务换了牵头单位？",
    "哪些任务换了牵头单位？",
    "Which measures changed lead in the final version?",
    "Which targets were raised in the final version?",
    "哪些目标提高了？",
    "正式稿删除了哪些任务？",
    "Which measures were dropped from the final version?",
    "新增了哪些任务？",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_without_versions_the_answer_is_empty_and_says_why(seed_store, question):
    answer = ask(seed_store, question)
    assert answer.interpretation.form.startswith("version-")
    assert answer.rows == []
    assert NO_VERSIONS in answer.interpretation.description


def test_without_versions_the_command_says_why(tmp_path, seed_path):
    store = tmp_path / "store"
    service.build([seed_path], store)
    result = CliRunner().invoke(main, ["ask", "哪些目标提高了？", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "targets raised between a plan and the version it revises; no plan in the store revises another: build a "
        "draft (a 征求意见稿) and its final text together to compare them: 0 row(s) (confidence 0.9)"
    ]


@pytest.mark.parametrize(
    "question",
    [
        "财政局牵头哪些任务？",
        "2025年的目标有哪些？",
        "第8项任务由谁牵头？",
        "哪些任务没有牵头单位？",
        "产业结构调整的目标有哪些？",
        "应对气候变化的目标有哪些？",
        "哪些任务涉及提高质量？",
        "高校毕业生年底去向落实率要提高到多少？",
        "How many 家庭养老床位 are to be added?",
        "Which measures address climate change?",
        "什么是征求意见稿？",
        "市发改委牵头哪些任务？",
    ],
)
def test_other_questions_keep_their_form(versions_store, monkeypatch, question):
    """A question that says no change of a lead, a target or a measure is read as it was
    before the forms of versions: the same form with and without them."""

    def form_of(forms) -> str:
        monkeypatch.setattr(kg.ask, "FORMS", forms)
        try:
            return ask(versions_store, question).interpretation.form
        except Exception as error:  # a question no form answers is said so, the same way
            return type(error).__name__

    with_versions = form_of(kg.ask.FORMS)
    without = form_of(tuple(form for form in kg.ask.FORMS if not form.name.startswith("version-")))
    assert not with_versions.startswith("version-")
    assert with_versions == without
