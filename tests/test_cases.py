"""Every document under tests/cases/ against its NAME.expected.json (see tests/cases/README.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kg import pipeline
from kg.registry import Registry
from kg.vocab import SKOS

CASES = Path(__file__).resolve().parent / "cases"
SOURCES = (".txt", ".csv", ".xlsx", ".docx", ".html")


def _documents() -> list:
    params = []
    for expected in sorted(CASES.glob("*/*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        sources = [expected.with_name(stem + suffix) for suffix in SOURCES]
        source = next((path for path in sources if path.exists()), None)
        params.append(pytest.param(expected, source, id=f"{expected.parent.name}/{stem}"))
    return params


def _unit_nodes(built) -> dict[str, set[str]]:
    """Every label of a unit in the plan's graph → the unit IRIs that carry it."""
    nodes: dict[str, set[str]] = {}
    for quad in built.quads:
        if quad.predicate in (SKOS.prefLabel, SKOS.altLabel) and "/unit/" in quad.subject.value:
            nodes.setdefault(quad.object.value, set()).add(quad.subject.value)
    return nodes


def _number(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _target_fields(target) -> dict:
    return {
        "measure": target.measure,
        "metric": target.metric,
        "comparator": target.comparator.value,
        "value": _number(target.value),
        "value_max": _number(target.value_max),
        "unit": target.unit,
        "deadline": target.deadline,
        "basis": getattr(target, "basis", None),
        "baseline": _number(getattr(target, "baseline", None)),
        "scope": target.scope,
    }


@pytest.mark.parametrize(("expected_file", "source"), _documents())
def test_case(expected_file: Path, source: Path | None):
    assert source is not None, f"{expected_file}: no document beside it ({', '.join(SOURCES)})"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    built = pipeline.process(source)
    document, facts = built.document, built.facts

    if "issuer" in expected:
        assert built.issuer.key == expected["issuer"]
    if "measures" in expected:
        assert [m.number for m in document.measures] == expected["measures"]
    if "responsibilities" in expected:
        found = {
            str(r.measure): {
                "status": r.status.value,
                "lead": [u.name for u in r.leads],
                "participants": [u.name for u in r.participants],
            }
            for r in facts.responsibilities
        }
        assert found == expected["responsibilities"]
    if "units" in expected:
        registry = Registry.load()
        found = {}
        for name in expected["units"]:
            unit = registry.resolve(name, built.issuer)
            found[name] = unit.kind.slug if unit.kind else None
        assert found == expected["units"]
    nodes = _unit_nodes(built)
    for names in expected.get("same_unit", []):
        iris = [nodes.get(name, set()) for name in names]
        assert all(len(found) == 1 for found in iris), f"{names}: {iris}"
        assert len(set.union(*iris)) == 1, f"{names} are not one unit: {iris}"
    for names in expected.get("distinct_units", []):
        iris = [nodes.get(name, set()) for name in names]
        assert all(len(found) == 1 for found in iris), f"{names}: {iris}"
        assert len(set.union(*iris)) == len(names), f"{names} are not distinct units: {iris}"
    if "targets" in expected:
        found = [_target_fields(t) for t in facts.targets]
        compared = [{key: fields[key] for key in wanted} for fields, wanted in zip(found, expected["targets"])]
        assert compared == expected["targets"], found
        assert len(found) == len(expected["targets"]), found
    if "suspicious" in expected:
        assert [s.text for r in facts.responsibilities for s in r.suspicious] == expected["suspicious"]
    for fragment in expected.get("warnings", []):
        assert any(fragment in warning for warning in document.warnings), (fragment, document.warnings)
