"""Every question the README's ask section and `policykg ask --help` show is one of the
battery's, so each example is answered exactly, not just shown."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
BATTERY = ROOT / "tests" / "battery"


def battery_questions() -> set[str]:
    return {
        json.loads(line)["question"]
        for path in BATTERY.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def asked(text: str) -> list[str]:
    return re.findall(r'policykg ask "([^"]+)"', text)


def test_the_readme_ask_section_examples_are_in_the_battery():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `policykg ask") :]
    section = section[: section.index("\n### ", 1)]
    examples = asked(section)
    assert len(examples) >= 20
    assert sorted(set(examples) - battery_questions()) == []


def test_the_help_examples_are_in_the_battery():
    examples = asked(CliRunner().invoke(main, ["ask", "--help"]).output)
    assert len(examples) >= 6
    assert sorted(set(examples) - battery_questions()) == []
