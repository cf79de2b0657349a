"""(Re)create the battery's generated plans and tests/battery/generated.jsonl.

    python tests/battery/make_generated.py

Each plan of PLANS is benchmarks/generate.py's plan for a seed and size, written as
plans/gen-N.txt (in the plan's own encoding and line ends) with the generator's truth beside
it as plans/gen-N.truth.json. Every expected row is computed from that truth — who leads
and who takes part in each measure, each measure's status, the targets and their
deadlines — never from what ``ask`` answers. The files are checked in: the battery reads
them, not this script, so a later change to the generator moves nothing until this script
is run again (and then VALUES, written by reading the plans, must be read again: the script
stops if a value question's words are no longer in its plan).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import chinese_numeral, encode_plan, generate_plan  # noqa: E402
from kg.registry import DepartmentKind, Registry, issuer_of  # noqa: E402

BATTERY = Path(__file__).resolve().parent
PLANS_DIR = BATTERY / "plans"
OUTPUT = BATTERY / "generated.jsonl"


@dataclass(frozen=True)
class Plan:
    key: str
    seed: int
    size_kb: float
    about: str  # level; numbering; how responsibility is written


PLANS = (
    Plan(
        "gen-1",
        62,
        7,
        "province; （一）; （牵头单位：…；配合部门：…） with co-leads, a duty sentence, no-lead, vague, unassigned",
    ),
    Plan("gen-2", 95, 7, "city; 1、; （A、B…） under a first-is-lead rule, labels on lines of their own"),
    Plan("gen-3", 3655, 8, "county; 1.; 由X牵头，Y等部门配合 sentences, X（牵头）、Y, labels, duty, vague"),
    Plan("gen-4", 2612, 8, "district; （1）; （责任单位：…） duty without a lead (no-lead), inline X牵头"),
    Plan("gen-5", 3957, 7, "city; （一） headings on lines of their own; 由…牵头 sentences, X（牵头）, duty"),
    Plan("gen-6", 2421, 7, "county; （1）; 责任单位：… under a first-is-lead rule, vague"),
)

# Questions asking for one target's value in the plan's words without the number:
# (plan, measure or None for the goals, index among that measure's targets, lang, question,
# the plan's words the question is made from). Written by reading each plan.
VALUES = (
    ("gen-1", 7, 0, "zh", "2022年底前要建设多少个生态环境监测站点？", "建设生态环境监测站点超过"),
    ("gen-1", 11, 0, "zh", "地表水国控断面水质优良比例要达到多少？", "地表水国控断面水质优良比例达到"),
    ("gen-1", 11, 0, "en", "What should the 地表水国控断面水质优良比例 reach?", "地表水国控断面水质优良比例达到"),
    (
        "gen-1",
        12,
        0,
        "zh",
        "到2024年底，生态环境保护专项资金不低于多少？",
        "到2024年底，主要污染物排放总量持续减少，生态环境保护专项资金不低于",
    ),
    ("gen-2", None, 2, "zh", "企业诉求按期办结率要达到多少？", "企业诉求按期办结率达到"),
    ("gen-2", 9, 0, "zh", "新增市场主体要达到多少户？", "新增市场主体"),
    ("gen-2", 10, 0, "en", "How many 营商环境创新示范点 are to be developed by 2025?", "到2025年，培育不少于"),
    ("gen-3", None, 0, "zh", "社区养老服务设施覆盖率要提升到多少？", "社区养老服务设施覆盖率提升至"),
    ("gen-3", 1, 0, "en", "How many 老年助餐点 are to be built?", "建设不少于240个老年助餐点"),
    ("gen-3", 2, 0, "zh", "要打造多少个“幸福食堂”？", "打造“幸福食堂”"),
    ("gen-3", 3, 0, "zh", "养老机构安全隐患发生率要控制在多少以内？", "养老机构安全隐患发生率控制在"),
    ("gen-3", 4, 0, "zh", "要培训多少名养老护理员？", "培训养老护理员"),
    ("gen-3", 6, 0, "en", "How many 家庭养老床位 are to be added?", "新增家庭养老床位超过"),
    ("gen-3", 8, 0, "zh", "养老机构护理型床位占比要保持在多少？", "养老机构护理型床位占比保持在"),
    ("gen-3", 11, 0, "zh", "要建成多少个社区嵌入式养老服务中心？", "建成57个社区嵌入式养老服务中心"),
    ("gen-4", 2, 0, "zh", "政务服务事项全程网办率要保持在多少？", "政务服务事项全程网办率保持在"),
    ("gen-4", 3, 0, "en", "How many “企业之家” are to be set up?", "设立“企业之家”"),
    ("gen-4", 6, 0, "zh", "到2024年要新增多少户市场主体？", "新增市场主体"),
    ("gen-5", 5, 0, "en", "How many 乡村振兴示范村 are to be created by 2026?", "打造68个乡村振兴示范村"),
    ("gen-5", 9, 0, "zh", "农作物耕种收综合机械化率要达到多少？", "农作物耕种收综合机械化率达到"),
    (
        "gen-5",
        7,
        0,
        "zh",
        "“十四五”期间农村居民人均可支配收入要达到多少？",
        "“十四五”期间，农村人居环境持续改善，农村居民人均可支配收入达到",
    ),
    ("gen-5", 2, 0, "zh", "每年安排多少农业产业化财政扶持资金？", "每年安排农业产业化财政扶持资金"),
    ("gen-6", 4, 0, "en", "How many 专场招聘活动 are to be organised?", "组织140场左右专场招聘活动"),
    ("gen-6", 4, 1, "zh", "高校毕业生年底去向落实率要提高到多少？", "高校毕业生年底去向落实率提高到"),
    ("gen-6", 7, 0, "zh", "要新增多少城镇就业？", "新增城镇就业"),
    ("gen-6", 8, 0, "zh", "到2025年底，创业担保贷款发放额要达到多少？", "到2025年底，创业担保贷款发放额达到"),
)

MEASURE_KEYS = ["measure", "role", "department"]
TARGET_KEYS = ["measure", "comparator", "value", "value_max", "unit", "due_year"]
SHARED_KEYS = ["measure", "department", "role", "other_department", "other_role"]
ADJECTIVES = {"省": "Provincial", "市": "Municipal", "县": "County", "区": "District"}
ASKABLE_TYPES = ("GovernmentDepartment", "PartyOrgan", "PeoplesOrganisation")
# The English words for what a written name's ending says it is.
ENDINGS = (
    ("中心", ("Center",)),
    ("局", ("Bureau", "Administration")),
    ("委", ("Commission",)),
    ("厅", ("Department", "Bureau")),
    ("部", ("Department",)),
    ("办", ("Office",)),
    ("联", ("Federation",)),
    ("会", ("Federation", "Union")),
)
# English names that name a body above the plan's level.
NOT_LOCAL = ("Ministry", "National", "State ", "China", "General ")

# Wordings, rotated so that each plan asks each class in other words. {u}: a unit; {n}: a
# measure number; {cn}: the number in Chinese; {y}: a year; {a}, {b}: two units.
WORDINGS = {
    ("unit-lead", "zh"): (
        "{u}牵头哪些任务？",
        "哪些任务由{u}牵头？",
        "{u}牵头的措施有哪些？",
        "列出{u}牵头的任务。",
        "{u}是哪些任务的牵头单位？",
    ),
    ("unit-lead", "en"): (
        "Which measures does {u} lead?",
        "What does {u} lead?",
        "Which tasks are led by {u}?",
        "List the measures {u} leads.",
        "Which measures is {u} in charge of leading?",
    ),
    ("unit-any", "zh"): (
        "{u}参与了哪些任务？",
        "{u}涉及哪些任务？",
        "{u}负责哪些任务？",
        "哪些措施有{u}参与？",
        "{u}参与的任务有哪些？",
    ),
    ("unit-any", "en"): (
        "Which measures does {u} take part in?",
        "What is {u} involved in?",
        "Which tasks is {u} responsible for?",
        "Which measures does {u} work on?",
        "List every measure {u} takes part in.",
    ),
    ("unit-participant", "zh"): (
        "{u}作为配合单位参与了哪些任务？",
        "{u}作为责任单位（非牵头）参与哪些任务？",
        "{u}作为配合单位的任务有哪些？",
    ),
    ("unit-participant", "en"): (
        "Which measures does {u} take part in as a participant?",
        "Which measures does {u} join as a participating unit?",
        "Which measures does {u} support?",
    ),
    ("measure-lead", "zh"): (
        "第{n}项任务由谁牵头？",
        "第{cn}项措施的牵头单位是哪个部门？",
        "第{n}项任务的牵头单位是谁？",
        "哪个部门牵头第{cn}项任务？",
    ),
    ("measure-lead", "en"): (
        "Who leads measure {n}?",
        "What is the lead unit of task {n}?",
        "Which department leads measure {n}?",
        "Who is the lead for measure {n}?",
    ),
    ("measure-units", "zh"): (
        "第{n}项任务有哪些责任单位？",
        "哪些单位负责第{cn}项任务？",
        "第{n}项措施有哪些单位负责？",
        "第{cn}项任务有哪些单位参与？",
    ),
    ("measure-units", "en"): (
        "Who is responsible for measure {n}?",
        "Which departments are in charge of task {n}?",
        "Who takes part in measure {n}?",
        "Which units are responsible for measure {n}?",
    ),
    ("targets-year", "zh"): ("{y}年的目标有哪些？", "哪些目标在{y}年到期？", "{y}年到期的目标有哪些？"),
    ("targets-year", "en"): (
        "Which targets fall due in {y}?",
        "What targets are due in {y}?",
        "List the targets due in {y}.",
    ),
    ("targets-by-year", "zh"): ("到{y}年要完成哪些目标？", "{y}年底前要实现哪些目标？", "截至{y}年应完成哪些目标？"),
    ("targets-by-year", "en"): (
        "Which targets are due by {y}?",
        "What targets must be met by {y}?",
        "List the targets to be reached by {y}.",
    ),
    ("targets-measure", "zh"): ("第{n}项任务的目标是什么？", "第{cn}项措施有哪些目标？", "第{n}项任务提出了哪些目标？"),
    ("targets-measure", "en"): (
        "What are the targets of measure {n}?",
        "Which targets does task {n} set?",
        "List the targets of measure {n}.",
    ),
    ("year-unit-lead-in", "zh"): ("{u}牵头的任务中{y}年到期的目标有哪些？", "{u}牵头的任务中哪些目标在{y}年到期？"),
    ("year-unit-lead-in", "en"): ("Which targets of measures led by {u} fall due in {y}?",),
    ("year-unit-any-by", "zh"): ("{u}参与的任务中到{y}年要完成哪些目标？",),
    ("year-unit-any-by", "en"): (
        "Which targets due by {y} are in measures {u} takes part in?",
        "What targets must the measures {u} is involved in meet by {y}?",
    ),
    ("count-lead", "zh"): ("{u}牵头几项任务？", "{u}牵头了多少项任务？", "{u}一共牵头多少项措施？"),
    ("count-lead", "en"): ("How many measures does {u} lead?", "How many tasks are led by {u}?"),
    ("count-any", "zh"): ("{u}参与了多少项任务？", "{u}涉及几项任务？"),
    ("count-any", "en"): ("How many measures is {u} involved in?", "How many tasks does {u} take part in?"),
    ("out-of-range-lead", "zh"): ("第{n}项任务由谁牵头？", "第{cn}项措施的牵头单位是哪个？"),
    ("out-of-range-targets", "en"): ("What are the targets of measure {n}?", "Who takes part in measure {n}?"),
    ("unassigned", "zh"): ("哪些任务没有牵头单位？", "哪些措施缺少牵头部门？", "没有明确牵头单位的任务有哪些？"),
    ("unassigned", "en"): (
        "Which measures have no lead?",
        "Which tasks have no lead unit?",
        "Which measures are without a lead department?",
    ),
    ("shared", "zh"): ("{a}和{b}共同负责哪些任务？", "{a}与{b}一起参与了哪些任务？", "{a}和{b}都参与的任务有哪些？"),
    ("shared", "en"): (
        "Which measures do {a} and {b} share?",
        "Which tasks do {a} and {b} both take part in?",
        "Which measures involve both {a} and {b}?",
    ),
    ("two-names", "zh"): ("{u}牵头哪些任务？", "{u}参与了哪些任务？"),
    ("two-names", "en"): ("What does {u} lead?", "Which measures does {u} take part in?"),
}

# Other wordings of the same asks: (form, lang, wording, what it asks).
PARAPHRASES = (
    ("unassigned", "en", "Is there a task nobody is assigned to?", "nobody"),
    ("unassigned", "en", "Which measures lack a responsible unit?", "nobody"),
    ("unassigned", "zh", "哪些任务还没落实牵头部门？", "unassigned"),
    ("measures", "en", "Which tasks is {u} the lead agency for?", "lead"),
    ("measures", "zh", "{u}作为牵头单位的任务有哪些？", "lead"),
    ("units", "zh", "第{n}项任务都有哪些部门参与？", "units"),
    ("measures", "en", "Which measures is {u} the lead department for?", "lead"),
    ("unassigned", "zh", "有没有任务还没有明确牵头单位？", "unassigned"),
    ("targets", "en", "Which targets have a {y} deadline?", "year"),
    ("measures", "zh", "哪几项任务是{u}牵头的？", "lead"),
    ("units", "en", "Which departments are named for measure {n}?", "units"),
    ("targets", "zh", "{y}年要实现哪些指标？", "year"),
)

ABBREVIATIONS = {
    "unit-lead": "lead",
    "unit-any": "any",
    "unit-participant": "part",
    "measure-lead": "mlead",
    "measure-units": "munits",
    "targets-year": "tyear",
    "targets-by-year": "tby",
    "targets-measure": "tmeasure",
    "year-unit": "yunit",
    "count": "count",
    "out-of-range": "range",
    "unassigned": "unassigned",
    "shared": "shared",
    "two-names": "twonames",
    "paraphrase": "para",
    "value": "value",
}


def write_plans() -> None:
    """Each plan's bytes and truth, from its seed."""
    PLANS_DIR.mkdir(exist_ok=True)
    for plan in PLANS:
        text, truth = generate_plan(plan.seed, plan.size_kb)
        (PLANS_DIR / f"{plan.key}.txt").write_bytes(encode_plan(text, truth))
        truth = {"seed": plan.seed, "size_kb": plan.size_kb, **truth}
        (PLANS_DIR / f"{plan.key}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


class Facts:
    """One plan's truth, read as the questions need it: who does what, and how a question
    may name each unit."""

    def __init__(self, index: int, plan: Plan, registry: Registry):
        self.index, self.key = index, plan.key
        self.truth = json.loads((PLANS_DIR / f"{plan.key}.truth.json").read_text(encoding="utf-8"))
        self.measures = self.truth["measures"]
        self.level = self.truth["issuer"]["level"]
        self.registry = registry
        home = issuer_of(self.truth["title"])
        self.units = list(dict.fromkeys(u for m in self.measures for u in m["leads"] + m["participants"]))
        self.kinds = {unit: registry.resolve(unit, home).kind for unit in self.units}
        self.kind_counts = Counter(kind.slug for kind in self.kinds.values() if kind)

    # --- who does what -------------------------------------------------------------

    def role(self, measure: dict, unit: str) -> str | None:
        if unit in measure["leads"]:
            return "lead"
        return "participant" if unit in measure["participants"] else None

    def unit_rows(self, unit: str, roles: tuple[str, ...]) -> list[list]:
        """[measure, role, unit] for each measure the unit has one of ``roles`` in."""
        rows = []
        for measure in self.measures:
            role = self.role(measure, unit)
            if role in roles:
                rows.append([measure["number"], role, unit])
        return rows

    def ranked_units(self, roles: tuple[str, ...]) -> list[str]:
        """Units by how many measures they have one of ``roles`` in, most first, then in
        the order the plan first names them."""
        counts = {unit: len(self.unit_rows(unit, roles)) for unit in self.units}
        return sorted((u for u in self.units if counts[u]), key=lambda u: -counts[u])

    def askable(self, unit: str) -> bool:
        """Whether the unit is a department, party organ or people's organisation the plan
        has only one unit of the kind of: then its short and English names mean it alone."""
        kind = self.kinds[unit]
        return bool(kind) and kind.unit_type in ASKABLE_TYPES and self.kind_counts[kind.slug] == 1

    # --- names ---------------------------------------------------------------------

    def short_name(self, unit: str) -> str | None:
        """The registry's name of the unit's kind that ends its written name: 财政局 for
        县财政局, 宣传部 for 县委宣传部 (three characters or more when there is one)."""
        kind = self.kinds[unit]
        names = [n for n in kind.zh_names if unit.endswith(n) and n != unit and self.registry.by_zh.get(n) is kind]
        longer = [n for n in names if len(n) >= 3]
        return min(longer or names, key=len) if names else None

    def english_names(self, unit: str) -> list[str]:
        """The registry's English names of the unit's kind that a local body goes by, with
        the plan's level: the County Health Commission. Where some of them say what the
        written name's ending says (局 Bureau, 委 Commission …), only those, so that
        市政务服务中心 is a Center and not an Approval Bureau."""
        kind: DepartmentKind = self.kinds[unit]
        names = [n for n in kind.en_names if not n.startswith(NOT_LOCAL) and self.registry.by_en.get(n.lower()) is kind]
        words = next((words for ending, words in ENDINGS if unit.endswith(ending)), ())
        fitting = [n for n in names if any(word in n.split() for word in words)]
        return [f"the {ADJECTIVES[self.level]} {name}" for name in (fitting or names)[:2]]

    def name(self, unit: str, lang: str, turn: int) -> str:
        """The unit as a question in ``lang`` names it: in Chinese as written or by its
        kind's short name, in English by one of its kind's English names."""
        if lang == "en":
            names = self.english_names(unit)
            return names[turn % len(names)]
        short = self.short_name(unit) if self.askable(unit) else None
        return short if short and turn % 2 else unit

    def speakable(self, unit: str, lang: str) -> bool:
        return lang == "zh" or (self.askable(unit) and bool(self.english_names(unit)))

    # --- targets -------------------------------------------------------------------

    def targets(self) -> list[list]:
        """Every target as its row on TARGET_KEYS, in text order (the goals come first)."""
        found = [(None, t) for t in self.truth["goal_targets"]]
        found += [(m["number"], t) for m in self.measures for t in m["targets"]]
        return [
            [number, t["comparator"], t["value"], t["value_max"], t["unit"], _year(t["deadline"])]
            for number, t in found
        ]

    def years(self) -> list[int]:
        return sorted({row[5] for row in self.targets() if row[5] is not None})


def _year(deadline: str | None) -> int | None:
    return int(deadline[:4]) if deadline else None


def due_in(rows: list[list], year: int) -> list[list]:
    return [row for row in rows if row[5] == year]


def due_by(rows: list[list], year: int) -> list[list]:
    """Earliest first, then in text order."""
    return sorted((row for row in rows if row[5] is not None and row[5] <= year), key=lambda row: row[5])


class Writer:
    """Collects entries, numbering their ids per plan, class and language."""

    def __init__(self):
        self.entries: list[dict] = []
        self.numbers: Counter = Counter()

    def add(self, facts: Facts, kind: str, lang: str, question: str, **expected) -> None:
        prefix = (facts.key.replace("-", ""), ABBREVIATIONS[kind], lang)
        self.numbers[prefix] += 1
        entry_id = "-".join(prefix) + f"-{self.numbers[prefix]:02d}"
        self.entries.append(
            {"id": entry_id, "plan": facts.key, "class": kind, "lang": lang, "question": question, **expected}
        )


def wording(kind: str, lang: str, turn: int, **values) -> str:
    templates = WORDINGS[(kind, lang)]
    return templates[turn % len(templates)].format(**values)


def both_languages(facts: Facts, unit: str) -> tuple[str, ...]:
    return ("zh", "en") if facts.speakable(unit, "en") else ("zh",)


# --- the classes -----------------------------------------------------------------------


def unit_questions(out: Writer, facts: Facts) -> None:
    """X牵头 / 参与 / 作为配合单位: the measures of a named unit in one role or any."""
    turn = facts.index
    leaders = facts.ranked_units(("lead",))[:3]
    bystander = next(
        (u for u in facts.ranked_units(("participant",)) if not facts.unit_rows(u, ("lead",)) and facts.askable(u)),
        None,
    )
    for kind, roles, units in (
        ("unit-lead", ("lead",), leaders + [bystander] if bystander else leaders),
        ("unit-any", ("lead", "participant"), facts.ranked_units(("lead", "participant"))[:3]),
        ("unit-participant", ("participant",), facts.ranked_units(("participant",))[:2]),
    ):
        for unit in units:
            for lang in both_languages(facts, unit):
                turn += 1
                out.add(
                    facts,
                    kind,
                    lang,
                    wording(kind, lang, turn, u=facts.name(unit, lang, turn)),
                    form="measures",
                    keys=MEASURE_KEYS,
                    rows=facts.unit_rows(unit, roles),
                )
    unknown = next((u for u in facts.units if facts.kinds[u] is None and not u.startswith("各")), None)
    if unknown:
        out.add(
            facts,
            "unit-any",
            "zh",
            wording("unit-any", "zh", turn + 1, u=unknown),
            form="measures",
            keys=MEASURE_KEYS,
            rows=facts.unit_rows(unknown, ("lead", "participant")),
        )


def measure_questions(out: Writer, facts: Facts) -> None:
    """Who leads measure N; who is responsible for it (lead first, then in written order)."""
    turn = facts.index
    co_led = [m for m in facts.measures if len(m["leads"]) > 1]
    unled = [m for m in facts.measures if not m["leads"]]
    led = [m for m in facts.measures if len(m["leads"]) == 1]
    for measure in (led[0], led[len(led) // 2], *(co_led[:1] or unled[:1])):
        n = measure["number"]
        for lang in ("zh", "en"):
            turn += 1
            rows = [[n, "lead", unit] for unit in measure["leads"]]
            out.add(
                facts,
                "measure-lead",
                lang,
                wording("measure-lead", lang, turn, n=n, cn=chinese_numeral(n)),
                form="units",
                keys=MEASURE_KEYS,
                rows=rows,
            )
    busiest = max(facts.measures, key=lambda m: len(m["leads"] + m["participants"]))
    for measure in (busiest, next(m for m in reversed(led) if m is not busiest)):
        n = measure["number"]
        for lang in ("zh", "en"):
            turn += 1
            rows = [[n, facts.role(measure, unit), unit] for unit in measure["leads"] + measure["participants"]]
            out.add(
                facts,
                "measure-units",
                lang,
                wording("measure-units", lang, turn, n=n, cn=chinese_numeral(n)),
                form="units",
                keys=MEASURE_KEYS,
                rows=rows,
            )


def target_questions(out: Writer, facts: Facts) -> None:
    """Targets due in a year, by a year, and of one measure."""
    turn, targets, years = facts.index, facts.targets(), facts.years()
    for year, lang in zip(years + [years[-1] + 4], ("zh", "en", "zh", "en", "zh")):
        turn += 1
        out.add(
            facts,
            "targets-year",
            lang,
            wording("targets-year", lang, turn, y=year),
            form="targets",
            keys=TARGET_KEYS,
            rows=due_in(targets, year),
        )
    for year, lang in ((years[0], "en"), (years[-1], "zh"), (years[len(years) // 2], "en")):
        turn += 1
        out.add(
            facts,
            "targets-by-year",
            lang,
            wording("targets-by-year", lang, turn, y=year),
            form="targets",
            keys=TARGET_KEYS,
            rows=due_by(targets, year),
        )
    with_targets = [m for m in facts.measures if m["targets"]]
    without = next(m for m in facts.measures if not m["targets"])
    for measure, lang in ((with_targets[0], "zh"), (with_targets[-1], "en"), (without, "zh")):
        turn += 1
        n = measure["number"]
        out.add(
            facts,
            "targets-measure",
            lang,
            wording("targets-measure", lang, turn, n=n, cn=chinese_numeral(n)),
            form="targets",
            keys=TARGET_KEYS,
            rows=[row for row in targets if row[0] == n],
        )


def year_unit_questions(out: Writer, facts: Facts) -> None:
    """Targets due in / by a year of the measures a unit leads / takes part in."""
    turn, targets = facts.index, facts.targets()
    for kind, roles, select in (
        ("year-unit-lead-in", ("lead",), due_in),
        ("year-unit-any-by", ("lead", "participant"), due_by),
    ):
        for lang in ("zh", "en"):
            turn += 1
            for unit in facts.ranked_units(roles):
                if not facts.speakable(unit, lang):
                    continue
                measures = {row[0] for row in facts.unit_rows(unit, roles)}
                mine = [row for row in targets if row[0] in measures]
                years = sorted({row[5] for row in mine if row[5] is not None})
                if years:
                    year = years[turn % len(years)]
                    question = wording(kind, lang, turn, u=facts.name(unit, lang, turn), y=year)
                    out.add(
                        facts, "year-unit", lang, question, form="targets", keys=TARGET_KEYS, rows=select(mine, year)
                    )
                    break


def count_questions(out: Writer, facts: Facts) -> None:
    """X牵头几项任务: the rows of the measures, and how many there are."""
    turn = facts.index
    leaders = [u for u in facts.ranked_units(("lead",)) if facts.askable(u)]
    members = [u for u in facts.ranked_units(("lead", "participant")) if facts.askable(u)]
    for kind, roles, unit, lang in (
        ("count-lead", ("lead",), leaders[0], "zh"),
        ("count-lead", ("lead",), leaders[-1], "en"),
        ("count-any", ("lead", "participant"), members[1], "en"),
        ("count-any", ("lead", "participant"), members[2], "zh"),
    ):
        turn += 1
        rows = [row[:2] for row in facts.unit_rows(unit, roles)]
        out.add(
            facts,
            "count",
            lang,
            wording(kind, lang, turn, u=facts.name(unit, lang, turn)),
            form="measures",
            keys=["measure", "role"],
            rows=rows,
            count=len({row[0] for row in rows}),
        )


def out_of_range_questions(out: Writer, facts: Facts) -> None:
    """A measure number past the plan's last: the message says how many it has."""
    count = len(facts.measures)
    message = f"has {count} measures"
    beyond = count + 13
    out.add(
        facts,
        "out-of-range",
        "zh",
        wording("out-of-range-lead", "zh", facts.index, n=beyond, cn=chinese_numeral(beyond)),
        error=message,
    )
    out.add(facts, "out-of-range", "en", wording("out-of-range-targets", "en", facts.index, n=40), error=message)


def unassigned_questions(out: Writer, facts: Facts) -> None:
    rows = [[m["number"], m["status"]] for m in facts.measures if m["status"] != "assigned"]
    for lang in ("zh", "en"):
        out.add(
            facts,
            "unassigned",
            lang,
            wording("unassigned", lang, facts.index),
            form="unassigned",
            keys=["measure", "status"],
            rows=rows,
        )


def shared_questions(out: Writer, facts: Facts) -> None:
    """Measures two named units both take part in, from the pair that shares the most."""
    units = [u for u in facts.ranked_units(("lead", "participant")) if facts.askable(u)]
    pairs = [(a, b) for a in units for b in units if a != b]

    def shared(pair):
        a, b = pair
        return [
            [m["number"], a, facts.role(m, a), b, facts.role(m, b)]
            for m in facts.measures
            if facts.role(m, a) and facts.role(m, b)
        ]

    busiest = max(pairs, key=lambda pair: len(shared(pair)))
    apart = next(pair for pair in pairs if not shared(pair))
    for (a, b), lang in ((busiest, "zh"), (busiest[::-1], "en"), (apart, "zh")):
        if not (facts.speakable(a, lang) and facts.speakable(b, lang)):
            lang = "zh"
        question = wording(
            "shared", lang, facts.index + len(out.entries), a=facts.name(a, lang, 0), b=facts.name(b, lang, 1)
        )
        out.add(facts, "shared", lang, question, form="shared", keys=SHARED_KEYS, rows=shared((a, b)))


def two_name_questions(out: Writer, facts: Facts) -> None:
    """One body named twice (full name and short name, or English and Chinese): one unit."""
    named = [
        u for u in facts.ranked_units(("lead", "participant")) if facts.askable(u) and _two_names(facts.kinds[u], u)
    ]
    for turn, (unit, lang) in enumerate(zip(named, ("zh", "en", "zh")), start=facts.index):
        kind = facts.kinds[unit]
        short = facts.level + kind.zh
        both = (
            f"{facts.level}{kind.full_name}（{short}）" if lang == "zh" else f"{facts.english_names(unit)[0]} ({short})"
        )
        roles = ("lead",) if turn % 2 == 0 else ("lead", "participant")
        question = WORDINGS[("two-names", lang)][0 if roles == ("lead",) else 1].format(u=both)
        out.add(
            facts, "two-names", lang, question, form="measures", keys=MEASURE_KEYS, rows=facts.unit_rows(unit, roles)
        )


def _two_names(kind: DepartmentKind, unit: str) -> bool:
    """Whether the registry's full and short names of the kind are two names the unit
    goes by: it is written with one of them (县卫健委, 县发展和改革委员会), and they differ."""
    return kind.full_name != kind.zh and unit.endswith((kind.zh, kind.full_name))


def paraphrase_questions(out: Writer, facts: Facts) -> None:
    """Four of PARAPHRASES per plan, each plan its own."""
    leader = next(u for u in facts.ranked_units(("lead",)) if facts.askable(u))
    busiest = max(facts.measures, key=lambda m: len(m["leads"] + m["participants"]))
    year = facts.years()[-1]
    for offset in range(4):
        form, lang, text, asks = PARAPHRASES[(facts.index * 4 + offset) % len(PARAPHRASES)]
        if asks == "unassigned":
            keys, rows = (
                ["measure", "status"],
                [[m["number"], m["status"]] for m in facts.measures if m["status"] != "assigned"],
            )
        elif asks == "nobody":  # names no unit at all, not units without a lead
            keys, rows = (
                ["measure", "status"],
                [[m["number"], m["status"]] for m in facts.measures if m["status"] == "unassigned"],
            )
        elif asks == "lead":
            keys, rows = MEASURE_KEYS, facts.unit_rows(leader, ("lead",))
        elif asks == "units":
            n = busiest["number"]
            keys, rows = (
                MEASURE_KEYS,
                [[n, facts.role(busiest, u), u] for u in busiest["leads"] + busiest["participants"]],
            )
        else:
            keys, rows = TARGET_KEYS, due_in(facts.targets(), year)
        question = text.format(u=facts.name(leader, lang, offset), n=busiest["number"], y=year)
        out.add(facts, "paraphrase", lang, question, form=form, keys=keys, rows=rows)


def value_questions(out: Writer, facts: Facts, text: str) -> None:
    for key, number, index, lang, question, words in VALUES:
        if key != facts.key:
            continue
        if words not in text:
            raise SystemExit(f"{key}: {words!r} is no longer in the plan; read it again and rewrite VALUES")
        targets = facts.truth["goal_targets"] if number is None else facts.measures[number - 1]["targets"]
        target = targets[index]
        out.add(
            facts,
            "value",
            lang,
            question,
            form="value",
            keys=["measure", "value", "unit"],
            rows=[[number, target["value"], target["unit"]]],
            top=1,
        )


def entries() -> list[dict]:
    registry = Registry.load()
    out = Writer()
    for index, plan in enumerate(PLANS):
        facts = Facts(index, plan, registry)
        text = (PLANS_DIR / f"{plan.key}.txt").read_bytes().decode(facts.truth["encoding"])
        for make in (
            unit_questions,
            measure_questions,
            target_questions,
            year_unit_questions,
            count_questions,
            out_of_range_questions,
            unassigned_questions,
            shared_questions,
            two_name_questions,
            paraphrase_questions,
        ):
            make(out, facts)
        value_questions(out, facts, text)
    return out.entries


def main() -> None:
    write_plans()
    made = entries()
    OUTPUT.write_text("".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in made), encoding="utf-8")
    print(f"{len(made)} entries over {len(PLANS)} plans → {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
