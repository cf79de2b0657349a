"""Clause retrieval (kg.ask.retrieve) on the bundled plan, run by hand, never by the tests.

    python benchmarks/retrieval.py

Builds the bundled plan into a fresh store in a temporary folder, then prints the first
(cold) call of ``retrieve`` — the jieba tokenizer is built then, once per process —, the
median and the maximum of warm calls over the value questions below, and one ``ask`` of a
department question for comparison. Then the same for a plan with a 主要目标 section
(tests/battery/plans/gen-2.txt), whose goals' sentences are cut from the plan's text.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import service  # noqa: E402
from kg.ask import ask  # noqa: E402
from kg.ask.retrieve import retrieve  # noqa: E402
from kg.resources import bundled_plan  # noqa: E402
from kg.store import Store  # noqa: E402

QUESTIONS = (
    "中职生均拨款标准是多少？",
    "高职生均拨款标准是多少？",
    "教育费附加用于职业教育的比例不低于多少？",
    "人均职教专项经费多少元？",
    "职业院校年培训人次要达到在校生规模的几倍？",
    "到2023年双师型教师占比要达到多少？",
    "到2025年培育多少家省级产教融合型企业？",
    "各区县至少培育几家省级产教融合型企业？",
    "兼职教师比例是多少？",
    "按投资额多大比例抵免教育费附加？",
    "每所中职学校办好几个专业群？",
    "每所高职院校重点办好几个专业群？",
    "遴建多少个市级双师型教师培养培训基地？",
    "芙蓉教学名师遴选多少名？",
    "省级职业教育专业教学团队建设多少个？",
    "几个优势专业升格为本科专业？",
    "几所职业院校参与信息化创新与改革试点？",
    "各区县要办好几所公办中职学校？",
    "What is the 生均拨款标准 for 高职?",
    "How many 省级产教融合型企业 by 2025?",
    "中职学校生均拨款标准是多少？",
    "What is the minimum funding per 中职 student (生均拨款)?",
    "What share of 教育费附加 must go to vocational education?",
)
GOAL_PLAN = ROOT / "tests" / "battery" / "plans" / "gen-2.txt"
GOAL_QUESTIONS = (
    "企业诉求按期办结率要达到多少？",
    "What is the target for 政务服务事项全程网办率 by 2026?",
    "新增市场主体要达到多少户？",
)
ASK = "财政局牵头哪些任务？"


def milliseconds(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        service.build([bundled_plan()], store)
        cold = milliseconds(lambda: retrieve(store, QUESTIONS[0]))
        warm = [milliseconds(lambda q=question: retrieve(store, q)) for question in QUESTIONS for _ in range(5)]
        ask(store, ASK)  # the registry and the query library, loaded once
        asked = statistics.median(milliseconds(lambda: ask(store, ASK)) for _ in range(7))
        store.close()
        goals = Store(Path(folder) / "goals")
        service.build([GOAL_PLAN], goals)
        retrieve(goals, GOAL_QUESTIONS[0])
        goal = [milliseconds(lambda q=question: retrieve(goals, q)) for question in GOAL_QUESTIONS for _ in range(5)]
        goals.close()
    print(f"retrieve, first call (cold):        {cold:7.1f} ms")
    print(f"retrieve, {len(QUESTIONS)} questions, median:  {statistics.median(warm):7.1f} ms")
    print(f"retrieve, {len(QUESTIONS)} questions, max:     {max(warm):7.1f} ms")
    print(f"ask({ASK!r}), median:  {asked:7.1f} ms")
    print(f"retrieve, {GOAL_PLAN.stem} (goals), median:  {statistics.median(goal):7.1f} ms")


if __name__ == "__main__":
    main()
