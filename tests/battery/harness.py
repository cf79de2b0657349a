"""Loading and checking the question battery (see README.md beside this file).

Shared by tests/test_ask_battery.py and benchmarks/ask_battery.py, so that the test suite
and the benchmark read the same entries, build the same stores and judge an answer the
same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg import service
from kg.ask import ask
from kg.errors import QuestionError
from kg.resources import bundled_plan
from kg.store import Store

BATTERY = Path(__file__).resolve().parent
PLANS = BATTERY / "plans"
REQUIRED = ("id", "plan", "class", "lang", "question")
LANGUAGES = ("zh", "en")
OPTIONAL = ("form", "keys", "rows", "top", "count", "error")


def load_entries(folder: Path = BATTERY) -> list[dict]:
    """Every entry of every ``*.jsonl`` in ``folder``, in file and line order; each entry
    remembers where it was written (``_source``) for messages."""
    entries = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                entry = json.loads(line)
                entry["_source"] = f"{path.name}:{number}"
                entries.append(entry)
    return entries


def plan_paths(key: str) -> list[Path]:
    """The plan files a plan key stands for: ``bundled`` is the plan that ships with
    policykg, ``all`` the bundled plan and every plan of plans/, any other key the file
    plans/<key>.txt."""
    if key == "bundled":
        return [bundled_plan()]
    if key == "all":
        return [bundled_plan(), *sorted(PLANS.glob("*.txt"))]
    return [PLANS / f"{key}.txt"]


def build_store(key: str, directory: Path) -> Store:
    """A store in ``directory`` holding the plans of ``key``."""
    store = Store(directory)
    service.build(plan_paths(key), store)
    return store


def entry_problems(entry: dict) -> list[str]:
    """What is wrong with an entry's own fields (not with ask's answer to it)."""
    problems = [f"no {name}" for name in REQUIRED if not entry.get(name)]
    unknown = set(entry) - set(REQUIRED) - set(OPTIONAL) - {"_source"}
    if unknown:
        problems.append(f"unknown fields {sorted(unknown)}")
    if entry.get("lang") not in LANGUAGES:
        problems.append(f"lang must be one of {LANGUAGES}")
    if "error" in entry:
        if set(entry) & {"keys", "rows", "top", "count"}:
            problems.append("an error entry has no keys, rows, top or count")
    elif not isinstance(entry.get("keys"), list) or not isinstance(entry.get("rows"), list):
        problems.append("needs keys and rows (lists), or error")
    elif any(not isinstance(row, list) or len(row) != len(entry["keys"]) for row in entry["rows"]):
        problems.append("every row needs one cell per key")
    if "plan" in entry and not all(path.exists() for path in plan_paths(entry["plan"])):
        problems.append(f"no plan file for plan key {entry['plan']!r}")
    return problems


def same_cell(expected, got) -> bool:
    """Cells compare as Python values; numbers by value, whatever their type (2 == 2.0 ==
    Decimal('2'))."""
    if _is_number(expected) and _is_number(got):
        return float(expected) == float(got)
    return expected == got


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def same_rows(expected: list[list], got: list[list]) -> bool:
    return len(expected) == len(got) and all(
        len(e) == len(g) and all(same_cell(x, y) for x, y in zip(e, g)) for e, g in zip(expected, got)
    )


def project(entry: dict, rows: list[dict]) -> list[list]:
    """An answer's rows as the entry compares them: the entry's keys only, the first
    ``top`` rows when the entry ranks."""
    if "top" in entry:
        rows = rows[: entry["top"]]
    return [[_plain(row.get(key)) for key in entry["keys"]] for row in rows]


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


@dataclass
class Outcome:
    """One entry asked: what was expected, what ask gave, and what differs (empty when
    it passed)."""

    entry: dict
    problems: list[str] = field(default_factory=list)
    got: object = None  # the projected rows, or the error's message

    @property
    def passed(self) -> bool:
        return not self.problems


def check(store, entry: dict) -> Outcome:
    """Ask the entry's question and compare the answer with the entry. QuestionError is an
    answer (right for an error entry, wrong otherwise); any other exception propagates,
    as a crash of ask."""
    try:
        answer = ask(store, entry["question"])
    except QuestionError as error:
        return _check_error(entry, str(error))
    if "error" in entry:
        return Outcome(
            entry,
            [
                f"expected QuestionError containing {entry['error']!r}, got an answer "
                f"({answer.interpretation.form}, {len(answer.rows)} rows)"
            ],
            answer.rows,
        )
    return _check_answer(entry, answer)


def _check_error(entry: dict, message: str) -> Outcome:
    if "error" not in entry:
        return Outcome(entry, [f"raised QuestionError: {message}"], message)
    if entry["error"] not in message:
        return Outcome(entry, [f"error message lacks {entry['error']!r}: {message}"], message)
    return Outcome(entry, [], message)


def _check_answer(entry: dict, answer) -> Outcome:
    got = project(entry, answer.rows)
    problems = []
    form = answer.interpretation.form
    if "form" in entry and form != entry["form"]:
        problems.append(f"form {form!r}, expected {entry['form']!r}")
    expected = entry["rows"]
    if not same_rows(expected, got):
        problems.append(f"rows on {entry['keys']}: expected {expected}, got {got}")
    if "count" in entry:
        count = getattr(answer, "count", None)
        if count != entry["count"]:
            problems.append(f"count {count!r}, expected {entry['count']}")
    return Outcome(entry, problems, got)


def describe(outcome: Outcome) -> str:
    """Several lines saying which entry failed and how."""
    entry = outcome.entry
    lines = [f"{entry['id']} ({entry.get('_source', '?')}, plan {entry['plan']}): {entry['question']}"]
    lines += [f"  {problem}" for problem in outcome.problems]
    return "\n".join(lines)
