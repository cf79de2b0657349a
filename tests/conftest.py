from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from kg import pipeline, service
from kg.resources import bundled_plan
from kg.store import Store


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return bundled_plan()


@pytest.fixture(scope="session")
def seed(seed_path):
    """The bundled plan, parsed and built (not stored)."""
    return pipeline.process(seed_path)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_path) -> Store:
    """A store on disk holding the bundled plan; tests must not write to it."""
    store = Store(tmp_path_factory.mktemp("seed-store"))
    service.build([seed_path], store)
    return store


@pytest.fixture
def write_plan(tmp_path):
    """Write a plan's text (dedented) to a file and return its path."""

    def write(text: str, name: str = "plan.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return write


# Property-based tests: a quick profile for every run, and the fuzz profile of 10,000 cases
# per property, run with `POLICYKG_FUZZ=1 python -m pytest -q tests/test_properties.py`.
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("default", max_examples=300, deadline=None)
    settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("fuzz" if os.environ.get("POLICYKG_FUZZ") else "default")
except ImportError:  # hypothesis is a test extra; the property tests import it themselves
    pass
