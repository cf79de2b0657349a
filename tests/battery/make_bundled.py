"""Write bundled.jsonl: questions about the bundled plan, with the rows each must answer.

    python tests/battery/make_bundled.py

The expected rows come from the plan's verified extraction tables in tests/cases/yiyang/
(responsibilities.csv, targets.csv, programmes.csv) — what a reader of the plan finds —
never from ``ask``. The questions are worded many ways, about half of them in English.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from kg.export.tables import HEADERS, LIST_SEPARATOR

HERE = Path(__file__).parent
CASE = HERE.parent / "cases" / "yiyang"
NUMERALS = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九".split()
ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
ENGLISH = {
    "市财政局": "Finance Bureau",
    "市教育局": "Education Bureau",
    "市人社局": "Human Resources and Social Security Bureau",
    "市发改委": "Development and Reform Commission",
    "市委组织部": "Organization Department of the Party Committee",
    "市工信局": "Industry and Information Technology Bureau",
    "市卫健委": "Health Commission",
    "市农业农村局": "Agriculture and Rural Affairs Bureau",
    "市自规局": "Natural Resources and Planning Bureau",
}


def read(name: str) -> list[dict]:
    """A golden table, keyed by its English column names (the files are headed in Chinese)."""
    english = {zh: en for en, zh in HEADERS[name.removesuffix(".csv")].items()}
    with (CASE / name).open(encoding="utf-8-sig") as handle:
        return [{english.get(key, key): value for key, value in row.items()} for row in csv.DictReader(handle)]


RESPONSIBILITIES = {
    int(r["measure"]): ([r["lead"]], [p for p in r["participants"].split(LIST_SEPARATOR) if p])
    for r in read("responsibilities.csv")
}
TITLES = {int(r["measure"]): r["title"] for r in read("responsibilities.csv")}
TARGETS = [
    dict(r, measure=int(r["measure"]), due_year=int(r["deadline"][:4]) if r["deadline"] else None)
    for r in read("targets.csv")
]
PROGRAMMES = {r["programme"]: [int(n) for n in r["measures"].split("、")] for r in read("programmes.csv")}

entries: list[dict] = []


def add(kind: str, lang: str, question: str, **expected) -> None:
    number = sum(1 for e in entries if e["class"] == kind and e["lang"] == lang) + 1
    entries.append(
        {
            "id": f"bundled-{kind}-{lang}-{number:02d}",
            "plan": "bundled",
            "class": kind,
            "lang": lang,
            "question": question,
            **expected,
        }
    )


def involvement(unit: str, role: str = "any") -> list[list]:
    rows = []
    for number in sorted(RESPONSIBILITIES):
        leads, participants = RESPONSIBILITIES[number]
        if unit in leads and role in ("any", "lead"):
            rows.append([number, "lead"])
        elif unit in participants and role in ("any", "participant"):
            rows.append([number, "participant"])
    return rows


def units_of(number: int, role: str = "any") -> list[list]:
    leads, participants = RESPONSIBILITIES[number]
    rows = [[u, "lead"] for u in leads] if role in ("any", "lead") else []
    return rows + ([[u, "participant"] for u in participants] if role in ("any", "participant") else [])


def target_rows(targets: list[dict]) -> list[list]:
    return [[t["measure"], float(t["value"]), t["unit"], t["due_year"]] for t in targets]


def measures(keys, rows, **extra):
    return {"form": "measures", "keys": keys, "rows": rows, **extra}


# --- a unit and its role --------------------------------------------------------------------
leaders = sorted({leads[0] for leads, _ in RESPONSIBILITIES.values()})
for unit in leaders:
    short = unit[1:]
    add("unit-lead", "zh", f"{unit}牵头哪些任务？", **measures(["measure", "role"], involvement(unit, "lead")))
    add("unit-lead", "zh", f"{short}牵头了什么", **measures(["measure", "role"], involvement(unit, "lead")))
    add("unit-lead", "zh", f"哪些任务由{unit}牵头？", **measures(["measure", "role"], involvement(unit, "lead")))
    english = ENGLISH[unit]
    add("unit-lead", "en", f"What does the {english} lead?", **measures(["measure", "role"], involvement(unit, "lead")))
    add(
        "unit-lead",
        "en",
        f"Which measures are led by the {english}?",
        **measures(["measure", "role"], involvement(unit, "lead")),
    )
    add(
        "unit-lead",
        "en",
        f"Which tasks is the {english} the lead agency for?",
        **measures(["measure", "role"], involvement(unit, "lead")),
    )
for unit in ("市财政局", "市人社局", "市工信局", "市发改委", "市卫健委", "市自规局"):
    add("unit-any", "zh", f"{unit}参与了哪些任务？", **measures(["measure", "role"], involvement(unit)))
    add("unit-any", "zh", f"{unit}负责哪些工作？", **measures(["measure", "role"], involvement(unit)))
    english = ENGLISH[unit]
    add("unit-any", "en", f"What is the {english} responsible for?", **measures(["measure", "role"], involvement(unit)))
    add("unit-any", "en", f"Which measures involve the {english}?", **measures(["measure", "role"], involvement(unit)))
for unit in ("市财政局", "市人社局", "市工信局"):
    english = ENGLISH[unit]
    add(
        "unit-participant",
        "zh",
        f"{unit}作为配合单位参与哪些任务？",
        **measures(["measure", "role"], involvement(unit, "participant")),
    )
    add(
        "unit-participant",
        "zh",
        f"{unit}配合哪些任务？",
        **measures(["measure", "role"], involvement(unit, "participant")),
    )
    add(
        "unit-participant",
        "en",
        f"In which measures does the {english} act as a participating unit?",
        **measures(["measure", "role"], involvement(unit, "participant")),
    )
    add(
        "unit-participant",
        "en",
        f"Which tasks does the {english} support?",
        **measures(["measure", "role"], involvement(unit, "participant")),
    )

# --- how many ---------------------------------------------------------------------------------
for unit in ("市教育局", "市财政局"):
    led = involvement(unit, "lead")
    add("count", "zh", f"{unit}牵头几项任务？", **measures(["measure"], [[r[0]] for r in led], count=len(led)))
    add(
        "count",
        "en",
        f"How many measures does the {ENGLISH[unit]} lead?",
        **measures(["measure"], [[r[0]] for r in led], count=len(led)),
    )
add("count", "zh", "一共有多少项任务？", **measures(["measure"], [[n] for n in sorted(TITLES)], count=len(TITLES)))
add(
    "count",
    "en",
    "How many tasks are there in total?",
    **measures(["measure"], [[n] for n in sorted(TITLES)], count=len(TITLES)),
)
add(
    "count",
    "zh",
    "市人社局参与了多少项任务？",
    **measures(["measure"], [[r[0]] for r in involvement("市人社局")], count=len(involvement("市人社局"))),
)

# --- one measure's units ----------------------------------------------------------------------
for number in (1, 7, 10, 15, 19):
    add(
        "measure-lead",
        "zh",
        f"第{number}项任务由谁牵头？",
        form="units",
        keys=["department", "role"],
        rows=units_of(number, "lead"),
    )
    add(
        "measure-lead",
        "zh",
        f"第{NUMERALS[number - 1]}项的牵头单位是哪个部门",
        form="units",
        keys=["department", "role"],
        rows=units_of(number, "lead"),
    )
    add(
        "measure-lead",
        "en",
        f"Who leads measure {number}?",
        form="units",
        keys=["department", "role"],
        rows=units_of(number, "lead"),
    )
    add(
        "measure-lead",
        "en",
        f"Which department is the lead unit for task {number}?",
        form="units",
        keys=["department", "role"],
        rows=units_of(number, "lead"),
    )
add(
    "measure-lead",
    "en",
    "Who leads the fifteenth measure?",
    form="units",
    keys=["department", "role"],
    rows=units_of(15, "lead"),
)
add(
    "measure-lead", "zh", "强化经费保障由谁牵头？", form="units", keys=["department", "role"], rows=units_of(18, "lead")
)
add("measure-lead", "zh", "措施1谁牵头", form="units", keys=["department", "role"], rows=units_of(1, "lead"))
add("measure-lead", "zh", "（七）由谁牵头", form="units", keys=["department", "role"], rows=units_of(7, "lead"))
for number in (2, 7, 12, 18):
    add(
        "measure-units",
        "zh",
        f"第{number}项任务有哪些责任单位？",
        form="units",
        keys=["department", "role"],
        rows=units_of(number),
    )
    add(
        "measure-units",
        "zh",
        f"第{NUMERALS[number - 1]}项任务由哪些单位负责？",
        form="units",
        keys=["department", "role"],
        rows=units_of(number),
    )
    add(
        "measure-units",
        "en",
        f"Which departments are in charge of measure {number}?",
        form="units",
        keys=["department", "role"],
        rows=units_of(number),
    )
    add(
        "measure-units",
        "en",
        f"Who is responsible for the {ORDINALS[number - 1]} task?",
        form="units",
        keys=["department", "role"],
        rows=units_of(number),
    )
add(
    "measure-units", "en", "Who takes part in measure 19?", form="units", keys=["department", "role"], rows=units_of(19)
)
add("measure-units", "zh", "第十九项任务有哪些单位参与？", form="units", keys=["department", "role"], rows=units_of(19))
add(
    "measure-units",
    "zh",
    "第9项任务的配合单位有哪些？",
    form="units",
    keys=["department", "role"],
    rows=units_of(9, "participant"),
)
add(
    "measure-units",
    "en",
    "Which units support measure 9?",
    form="units",
    keys=["department", "role"],
    rows=units_of(9, "participant"),
)

# --- a measure that is not there --------------------------------------------------------------
for question in ("第25项任务由谁牵头？", "第三十项任务的目标是什么？", "措施40有哪些单位参与"):
    add("out-of-range", "zh", question, error="the plan has 19 measures")
for question in (
    "Who leads measure 25?",
    "What are the targets of task 31?",
    "Which departments are in charge of item 99?",
):
    add("out-of-range", "en", question, error="the plan has 19 measures")

# --- targets ------------------------------------------------------------------------------------
years = sorted({t["due_year"] for t in TARGETS if t["due_year"]})
for year in years:
    due_in = target_rows([t for t in TARGETS if t["due_year"] == year])
    due_by = target_rows(
        sorted((t for t in TARGETS if t["due_year"] and t["due_year"] <= year), key=lambda t: t["due_year"])
    )
    add(
        "targets-year",
        "zh",
        f"{year}年的目标有哪些？",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_in,
    )
    add(
        "targets-year",
        "zh",
        f"哪些目标在{year}年到期？",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_in,
    )
    add(
        "targets-year",
        "en",
        f"Which targets fall due in {year}?",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_in,
    )
    add(
        "targets-year",
        "en",
        f"What targets are due in {year}?",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_in,
    )
    add(
        "targets-by-year",
        "zh",
        f"到{year}年要完成哪些目标？",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_by,
    )
    add(
        "targets-by-year",
        "en",
        f"Which targets are due by {year}?",
        form="targets",
        keys=["measure", "value", "unit", "due_year"],
        rows=due_by,
    )
for number in (3, 11, 18):
    rows = [[t["measure"], t["comparator"], float(t["value"]), t["unit"]] for t in TARGETS if t["measure"] == number]
    add(
        "targets-measure",
        "zh",
        f"第{number}项任务的目标是什么？",
        form="targets",
        keys=["measure", "comparator", "value", "unit"],
        rows=rows,
    )
    add(
        "targets-measure",
        "en",
        f"What are the targets of measure {number}?",
        form="targets",
        keys=["measure", "comparator", "value", "unit"],
        rows=rows,
    )
for unit, role in (("市教育局", "lead"), ("市人社局", "any")):
    led = {n for n, (leads, parts) in RESPONSIBILITIES.items() if unit in leads or (role == "any" and unit in parts)}
    for year in (2023, 2025):
        rows = target_rows([t for t in TARGETS if t["measure"] in led and t["due_year"] == year])
        verb = "牵头" if role == "lead" else "参与"
        add(
            "year-unit",
            "zh",
            f"{unit}{verb}的任务中哪些目标在{year}年到期？",
            form="targets",
            keys=["measure", "value", "unit", "due_year"],
            rows=rows,
        )
        english = "led by" if role == "lead" else "involving"
        add(
            "year-unit",
            "en",
            f"Which targets of measures {english} the {ENGLISH[unit]} fall due in {year}?",
            form="targets",
            keys=["measure", "value", "unit", "due_year"],
            rows=rows,
        )
add(
    "year-unit",
    "zh",
    "市财政局牵头的任务中哪些目标在2025年到期？",
    form="targets",
    keys=["measure", "value", "unit", "due_year"],
    rows=[],
)

# --- measures with no lead (every measure of the bundled plan has one) ---------------------------
for question in ("哪些任务没有牵头单位？", "哪些任务还没落实牵头部门？", "有没有无人负责的任务？"):
    add("unassigned", "zh", question, form="unassigned", keys=["measure"], rows=[])
for question in (
    "Which measures have no lead?",
    "Is there a task nobody is assigned to?",
    "Which measures lack a responsible unit?",
):
    add("unassigned", "en", question, form="unassigned", keys=["measure"], rows=[])

# --- two units -------------------------------------------------------------------------------
for first, second in (("市财政局", "市教育局"), ("市人社局", "市工信局"), ("市发改委", "市自规局")):
    both = [
        [n] for n in sorted(RESPONSIBILITIES) if {first, second} <= set(RESPONSIBILITIES[n][0] + RESPONSIBILITIES[n][1])
    ]
    add("shared", "zh", f"{first}和{second}共同负责哪些任务？", form="shared", keys=["measure"], rows=both)
    add(
        "shared",
        "en",
        f"Which measures do the {ENGLISH[first]} and the {ENGLISH[second]} share?",
        form="shared",
        keys=["measure"],
        rows=both,
    )

# --- two names of one body, collectives ------------------------------------------------------
add(
    "two-names",
    "zh",
    "市卫生健康委员会（市卫健委）参与哪些任务？",
    **measures(["measure", "role"], involvement("市卫健委")),
)
add(
    "two-names",
    "en",
    "Which measures does the Health Commission (市卫健委) take part in?",
    **measures(["measure", "role"], involvement("市卫健委")),
)
add(
    "two-names",
    "zh",
    "市人力资源和社会保障局（市人社局）牵头哪些任务？",
    **measures(["measure", "role"], involvement("市人社局", "lead")),
)
add(
    "two-names",
    "en",
    "What does the Municipal Bureau of Finance (市财政局) lead?",
    **measures(["measure", "role"], involvement("市财政局", "lead")),
)
add(
    "two-names",
    "zh",
    "市发展和改革委员会(市发改委)牵头的任务有哪些",
    **measures(["measure", "role"], involvement("市发改委", "lead")),
)
add(
    "two-names",
    "en",
    "Which tasks does the Development and Reform Commission, i.e. 市发改委, lead?",
    **measures(["measure", "role"], involvement("市发改委", "lead")),
)
collective = "区县（市）人民政府"
add(
    "collective", "zh", "各县（市、区）人民政府参与哪些任务？", **measures(["measure", "role"], involvement(collective))
)
add(
    "collective",
    "en",
    "Where do the county governments (各县（市、区）人民政府) take part?",
    **measures(["measure", "role"], involvement(collective)),
)
add("collective", "zh", "区县（市）人民政府负责哪些任务？", **measures(["measure", "role"], involvement(collective)))
add(
    "collective",
    "en",
    "What are the county and district governments responsible for?",
    **measures(["measure", "role"], involvement(collective)),
)
add(
    "collective",
    "zh",
    "各区县（市）政府配合哪些任务？",
    **measures(["measure", "role"], involvement(collective, "participant")),
)
add(
    "collective",
    "en",
    "Which measures do the lower-level governments take part in?",
    **measures(["measure", "role"], involvement(collective)),
)

# --- programmes, keywords, definitions ---------------------------------------------------------
for programme in ("双高计划", "1+X证书制度", "楚怡行动计划", "学分银行", "产教融合型企业", "现代学徒制"):
    rows = [[n] for n in PROGRAMMES[programme]]
    add("programme", "zh", f"哪些任务涉及{programme}？", **measures(["measure"], rows))
    add("programme", "en", f"Which measures mention {programme}?", **measures(["measure"], rows))
add("programme", "zh", "哪些任务提到“双师型”教师", **measures(["measure"], [[11]]))
add("programme", "en", "which measures are about 教学诊改", **measures(["measure"], [[13]]))
for question, rows in (
    ("哪些任务涉及经费保障？", [[18]]),
    ("哪些任务提到实训基地", [[6], [9]]),
    ("哪些措施包含兼职教师", [[17]]),
):
    add("keyword", "zh", question, **measures(["measure"], rows))
for question, rows in (("which measures mention 兼职教师", [[17]]), ("Which tasks are about 实训基地?", [[6], [9]])):
    add("keyword", "en", question, **measures(["measure"], rows))
for question, _term in (
    ("双师型是什么意思？", "双师型"),
    ("什么是双高计划", "双高计划"),
    ("岗课赛证是什么", "岗课赛证"),
):
    add("definition", "zh", question, form="definition", keys=["source"], rows=[["glossary"]], top=1)
for question in ("what is 双师型?", "What does 固定岗+流动岗 mean?", "Define 楚怡行动计划"):
    add("definition", "en", question, form="definition", keys=["source"], rows=[["glossary"]], top=1)

# --- rankings and pairs ---------------------------------------------------------------------
leads = Counter(leads[0] for leads, _ in RESPONSIBILITIES.values())
joins = Counter(p for _, participants in RESPONSIBILITIES.values() for p in participants)
total = leads + joins
for question in ("哪个部门牵头的任务最多？", "牵头最多的是哪个部门"):
    add("ranking", "zh", question, form="ranking", keys=["department", "leads"], rows=[["市教育局", leads["市教育局"]]])
add(
    "ranking",
    "en",
    "Which department leads the most measures?",
    form="ranking",
    keys=["department", "leads"],
    rows=[["市教育局", leads["市教育局"]]],
)
add(
    "ranking",
    "en",
    "Which department is involved in the most measures?",
    form="ranking",
    keys=["department", "total"],
    rows=[[max(total, key=total.get), max(total.values())]],
)
add(
    "ranking",
    "zh",
    "哪个部门作为配合单位参与的任务最多？",
    form="ranking",
    keys=["department", "joins"],
    rows=[[max(joins, key=joins.get), max(joins.values())]],
)
add(
    "ranking",
    "en",
    "Which department supports the most measures?",
    form="ranking",
    keys=["department", "joins"],
    rows=[[max(joins, key=joins.get), max(joins.values())]],
)
for unit in ("市财政局", "市发改委"):
    partners = Counter(
        other
        for leads_, parts in RESPONSIBILITIES.values()
        if unit in leads_ + parts
        for other in set(leads_ + parts) - {unit}
    )
    rows = [[unit, other, count] for other, count in sorted(partners.items(), key=lambda item: (-item[1], item[0]))]
    add(
        "pairs",
        "zh",
        f"哪些部门经常和{unit}一起负责任务？",
        form="pairs",
        keys=["department", "other_department", "shared"],
        rows=rows,
    )
    add(
        "pairs",
        "en",
        f"Who works with the {ENGLISH[unit]}?",
        form="pairs",
        keys=["department", "other_department", "shared"],
        rows=rows,
    )

# --- the text of a measure --------------------------------------------------------------------
for number in (7, 18):
    add(
        "measure-text",
        "zh",
        f"第{number}项任务的内容是什么？",
        form="measure",
        keys=["measure", "title"],
        rows=[[number, TITLES[number]]],
    )
    add(
        "measure-text",
        "en",
        f"What does measure {number} say?",
        form="measure",
        keys=["measure", "title"],
        rows=[[number, TITLES[number]]],
    )

# --- values stated in a clause ------------------------------------------------------------------
for question, measure, value, unit, lang in (
    ("中职生均拨款标准是多少？", 18, 10000, "元/年", "zh"),
    ("高职生均拨款不低于多少？", 18, 12000, "元/年", "zh"),
    ("教育费附加用于职业教育的比例是多少？", 18, 30, "%", "zh"),
    ("专业教师中“双师型”教师占比要达到多少？", 11, 50, "%", "zh"),
    ("职业院校年培训人次要达到在校生规模的几倍？", 7, 2, "倍", "zh"),
    ("兼职教师比例最高是多少？", 17, 15, "%", "zh"),
    ("What is the minimum funding per 中职 student (生均拨款)?", 18, 10000, "元/年", "en"),
    ("How many 省级产教融合型企业 should be cultivated?", 9, 20, "家", "en"),
    ("How many 市级“双师型”教师培养培训基地 will be selected?", 11, 6, "个", "en"),
    ("What share of 教育费附加 must go to vocational education?", 18, 30, "%", "en"),
):
    add("value", lang, question, form="value", keys=["measure", "value", "unit"], rows=[[measure, value, unit]], top=1)

# --- the README's and --help's examples ------------------------------------------------------
add("readme", "zh", "财政局牵头哪些任务？", **measures(["measure", "role"], involvement("市财政局", "lead")))
add("readme", "zh", "财政局参与了什么", **measures(["measure", "role"], involvement("市财政局")))
add(
    "readme",
    "en",
    "what does the Finance Bureau lead",
    **measures(["measure", "role"], involvement("市财政局", "lead")),
)
add(
    "readme",
    "en",
    "Which departments are in charge of measure 7?",
    form="units",
    keys=["department", "role"],
    rows=units_of(7),
)
add(
    "readme",
    "zh",
    "市财政局牵头的任务中哪些目标在2025年到期？",
    form="targets",
    keys=["measure", "value", "unit", "due_year"],
    rows=[],
)
add(
    "readme",
    "zh",
    "教育局牵头的任务中哪些目标在2023年到期？",
    form="targets",
    keys=["measure", "value", "unit", "due_year"],
    rows=target_rows([t for t in TARGETS if t["due_year"] == 2023 and "市教育局" in RESPONSIBILITIES[t["measure"]][0]]),
)
add(
    "readme",
    "zh",
    "2023年的目标有哪些",
    form="targets",
    keys=["measure", "value", "unit", "due_year"],
    rows=target_rows([t for t in TARGETS if t["due_year"] == 2023]),
)
add(
    "readme",
    "zh",
    "中职学校生均拨款标准是多少？",
    form="value",
    keys=["measure", "value", "unit"],
    rows=[[18, 10000, "元/年"]],
    top=1,
)


# --- a store of several plans: the bundled plan, the generated ones and the value plans ---------
def add_all(kind: str, lang: str, question: str, **expected) -> None:
    add(kind, lang, question, **expected)
    entries[-1].update(plan="all", id=entries[-1]["id"].replace("bundled-", "all-"))


GEN4 = json.loads((HERE / "plans" / "gen-4.truth.json").read_text(encoding="utf-8"))
add_all("ambiguous", "zh", "市财政局牵头哪些任务？", error="may mean more than one department")
add_all("ambiguous", "en", "What does the Finance Bureau lead?", error="may mean more than one department")
add_all(
    "place",
    "zh",
    "益阳市财政局牵头哪些任务？",
    **measures(["measure", "role", "department"], [r + ["市财政局"] for r in involvement("市财政局", "lead")]),
)
add_all(
    "place",
    "en",
    "What does the Yiyang Finance Bureau (益阳市财政局) lead?",
    **measures(["measure", "role", "department"], [r + ["市财政局"] for r in involvement("市财政局", "lead")]),
)
add_all(
    "place",
    "zh",
    "双流区财政局参与了哪些任务？",
    **measures(
        ["measure", "role"],
        [
            [m["number"], "lead" if "区财政局" in m["leads"] else "participant"]
            for m in GEN4["measures"]
            if "区财政局" in m["leads"] + m["participants"]
        ],
    ),
)
add_all("out-of-range", "zh", "第25项任务由谁牵头？", error="no plan in the store has a measure 25")
add_all("out-of-range", "en", "Who is responsible for measure 30?", error="no plan in the store has a measure 30")
add_all(
    "measure-lead", "en", "Who leads measure 19?", form="units", keys=["department", "role"], rows=units_of(19, "lead")
)
add_all("programme", "zh", "哪些任务涉及双高计划？", **measures(["measure"], [[n] for n in PROGRAMMES["双高计划"]]))

(HERE / "bundled.jsonl").write_text(
    "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
)
print(f"{len(entries)} entries: {dict(Counter(e['lang'] for e in entries))}")
