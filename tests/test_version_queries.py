"""The library's queries of versions (version-lead-changes, version-target-changes) on a
store holding the bundled draft (征求意见稿) and its made-up final text
(tests/cases/versions/): every row exactly, as tests/cases/versions/README.md lists the
edits, and as `policykg diff` records them (expected.json)."""

import json
from pathlib import Path

import pytest

from kg import query as library
from kg import service
from kg.resources import bundled_plan
from kg.store import Store

VERSIONS = Path(__file__).parent / "cases" / "versions"
PLAN = "https://w3id.org/policykg/id/plan/"
DRAFT, FINAL = PLAN + "daf8227113fe", PLAN + "a119657992e5"
TITLE = "益阳市职业教育高质量发展实施方案"


@pytest.fixture(scope="module")
def versions_store(tmp_path_factory) -> Store:
    """The draft and the final, built together: the build links them and records the changes."""
    store = Store(tmp_path_factory.mktemp("versions-store"))
    service.build([bundled_plan(), VERSIONS / "final.txt"], store)
    return store


def _rows(store, name: str, document: str | None = None) -> list[dict]:
    return library.run(store, library.load(name).bind({}, document=document))[1]


def _recorded(kinds: tuple[str, ...]) -> list[dict]:
    changes = json.loads((VERSIONS / "expected.json").read_text(encoding="utf-8"))["changes"]
    return [change for change in changes if change["kind"] in kinds]


# --- version-lead-changes --------------------------------------------------------------------


def test_the_leads_changed_are_the_two_reassigned(versions_store):
    rows = _rows(versions_store, "version-lead-changes")
    shared = {
        "document": FINAL,
        "documentTitle": TITLE,
        "newVersion": None,
        "oldDocument": DRAFT,
        "oldVersion": "征求意见稿",
    }
    assert rows == [
        {
            **shared,
            "oldMeasure": 8,
            "newMeasure": 7,
            "title": "优化职业教育专业设置",
            "oldLead": "市教育局",
            "newLead": "市发改委",
        },
        {
            **shared,
            "oldMeasure": 19,
            "newMeasure": 20,
            "title": "健全督导评价机制",
            "oldLead": "市委组织部",
            "newLead": "市委教育工委",
        },
    ]


def test_the_leads_changed_are_those_diff_records(versions_store):
    rows = _rows(versions_store, "version-lead-changes")
    assert [(row["oldMeasure"], row["newMeasure"], row["oldLead"], row["newLead"]) for row in rows] == [
        (change["old_measure"], change["new_measure"], "、".join(change["before"]), "、".join(change["after"]))
        for change in _recorded(("lead_changed",))
    ]


# --- version-target-changes ------------------------------------------------------------------


def _target(row: dict) -> tuple:
    return (
        row["kind"],
        row["direction"],
        row["oldMeasure"],
        row["newMeasure"],
        row["metric"],
        (row["oldComparator"], row["oldValue"], row["oldValueMax"], row["oldUnit"], row["oldDeadline"]),
        (row["newComparator"], row["newValue"], row["newValueMax"], row["newUnit"], row["newDeadline"]),
    )


def test_the_targets_changed_are_the_deadline_the_raise_and_the_drop(versions_store):
    rows = _rows(versions_store, "version-target-changes")
    assert [_target(row) for row in rows] == [
        # 到2022年底 → 到2023年底 opens the clause: both of its targets change their deadline.
        (
            "target_changed",
            "unchanged value",
            3,
            3,
            "所有中职学校达到国家中等职业学校设置和建设标准",
            ("=", 100, None, "%", "2022-12-31"),
            ("=", 100, None, "%", "2023-12-31"),
        ),
        (
            "target_changed",
            "unchanged value",
            3,
            3,
            "所有专业达到湖南省中等职业学校专业设置标准",
            ("=", 100, None, "%", "2022-12-31"),
            ("=", 100, None, "%", "2023-12-31"),
        ),
        # 占比超过50% → 占比超过60%
        (
            "target_changed",
            "raised",
            11,
            10,
            "专业教师中“双师型”教师占比",
            (">", 50, None, "%", 2023),
            (">", 60, None, "%", 2023),
        ),
        # 各区县（市）人均1元的职教专项经费全额用于职业教育 struck out
        (
            "target_removed",
            "removed",
            18,
            19,
            "人均职教专项经费全额用于职业教育",
            ("=", 1, None, "元", None),
            (None, None, None, None, None),
        ),
    ]
    assert {(row["document"], row["oldDocument"], row["oldVersion"], row["newVersion"]) for row in rows} == {
        (FINAL, DRAFT, "征求意见稿", None)
    }
    assert [row["title"] for row in rows] == ["强化中职教育基础地位"] * 2 + ["加强“双师型”教师队伍建设", "强化经费保障"]
    assert [(row["oldText"], row["newText"]) for row in rows][2:] == [
        ("专业教师中“双师型”教师占比超过50%", "专业教师中“双师型”教师占比超过60%"),
        ("各区县（市）人均1元的职教专项经费全额用于职业教育", None),
    ]


def test_the_targets_changed_are_those_diff_records(versions_store):
    rows = _rows(versions_store, "version-target-changes")
    kinds = ("target_added", "target_removed", "target_changed")

    def side(row: dict, prefix: str) -> dict | None:
        if row[f"{prefix}Value"] is None:
            return None
        deadline = row[f"{prefix}Deadline"]
        return {
            "value": row[f"{prefix}Value"],
            "value_max": row[f"{prefix}ValueMax"],
            "comparator": row[f"{prefix}Comparator"],
            "unit": row[f"{prefix}Unit"],
            "deadline": None if deadline is None else str(deadline),
            "metric": row["metric"],
            "text": row[f"{prefix}Text"],
        }

    found = [
        {
            "kind": row["kind"],
            "old_measure": row["oldMeasure"],
            "new_measure": row["newMeasure"],
            "before": side(row, "old"),
            "after": side(row, "new"),
        }
        for row in rows
    ]
    assert found == _recorded(kinds)


# --- one plan, and no versions ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["version-lead-changes", "version-target-changes"])
def test_a_plan_gives_the_changes_it_made_to_its_previous_version(versions_store, name):
    """--document names the later version: its rows are all the rows; the draft, which revises
    nothing, has none."""
    every = _rows(versions_store, name)
    assert every
    assert _rows(versions_store, name, document=FINAL) == every
    assert _rows(versions_store, name, document=DRAFT) == []


@pytest.mark.parametrize("name", ["version-lead-changes", "version-target-changes"])
def test_rows_come_in_the_stores_order(versions_store, name):
    sparql = library.load(name).bind({})
    variables, rows = versions_store.select(sparql)
    assert library.run(versions_store, sparql) == (
        variables,
        [{variable: library.python_value(row[variable]) for variable in variables} for row in rows],
    )


@pytest.mark.parametrize("name", ["version-lead-changes", "version-target-changes"])
def test_a_store_without_versions_gives_no_row(seed_store, name):
    assert _rows(seed_store, name) == []


# --- how a target's value moved --------------------------------------------------------------

# Edits of the draft, each a rule of ?direction (the query's description).
EDITS = {
    "争取2—3个优势专业": "争取3—4个优势专业",  # a range, both bounds up: raised
    "至少建设1个高水平实习实训中心": "至少建设1所高水平实习实训中心",  # another unit: changed
    "每所高职院校重点办好2—3个专业群": "每所高职院校重点办好1—4个专业群",  # a range widened: changed
    "10.建立产教融合激励机制。": "10.建立产教融合激励机制。到2025年，建成5个市级产教融合实训基地。",  # added
    "占比超过50%": "占比超过40%",  # lowered
    "支持1—2所职业院校": "支持2所职业院校",  # a range to its upper bound: raised
    "用于职业教育比例不低于30%": "用于职业教育比例超过30%",  # the comparator alone: unchanged value
}


@pytest.fixture(scope="module")
def edited_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("edited-versions")
    text = bundled_plan().read_text(encoding="utf-8")
    for old, new in {**EDITS, "（征求意见稿）\n": ""}.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "final.txt").write_text(text, encoding="utf-8")
    store = Store(folder / "store")
    service.build([bundled_plan(), folder / "final.txt"], store)
    return store


def test_each_direction_follows_its_rule(edited_store):
    rows = _rows(edited_store, "version-target-changes")
    assert [_target(row) for row in rows] == [
        (
            "target_changed",
            "raised",
            4,
            4,
            "优势专业升格为本科专业",
            ("range", 2, 3, "个", None),
            ("range", 3, 4, "个", None),
        ),
        (
            "target_changed",
            "changed",
            6,
            6,
            "高水平实习实训中心和毕业生创业孵化基地",
            (">=", 1, None, "个", None),
            (">=", 1, None, "所", None),
        ),
        ("target_changed", "changed", 8, 8, "专业群", ("range", 2, 3, "个", None), ("range", 1, 4, "个", None)),
        (
            "target_added",
            "added",
            10,
            10,
            "市级产教融合实训基地",
            (None, None, None, None, None),
            ("=", 5, None, "个", 2025),
        ),
        (
            "target_changed",
            "lowered",
            11,
            11,
            "专业教师中“双师型”教师占比",
            (">", 50, None, "%", 2023),
            (">", 40, None, "%", 2023),
        ),
        (
            "target_changed",
            "raised",
            12,
            12,
            "职业院校参与省职业教育信息化创新与改革试点",
            ("range", 1, 2, "所", None),
            ("=", 2, None, "所", None),
        ),
        (
            "target_changed",
            "unchanged value",
            18,
            18,
            "教育费附加和地方教育附加用于职业教育比例",
            (">=", 30, None, "%", None),
            (">", 30, None, "%", None),
        ),
    ]
    assert _rows(edited_store, "version-lead-changes") == []
