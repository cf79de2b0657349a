"""The wheel, installed outside the checkout, finds its data and answers from anywhere."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project's wheel, built and installed (without dependencies) into a target folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list((work / "dist").glob("policykg-*.whl"))
    assert len(wheels) == 1
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheels[0])],
        check=True,
        capture_output=True,
    )
    return target


def run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(target), POLICYKG_STORE=str(cwd / "store"))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=environment, capture_output=True, text=True)


def test_the_wheel_ships_its_data_and_no_top_level_cli_module(installed):
    data = installed / "kg" / "_data"
    for name in (
        "ontology/policy.ttl",
        "ontology/departments.ttl",
        "ontology/programmes.ttl",
        "ontology/lexicon.toml",
        "shapes/responsibility.ttl",
        "queries/measures-led-by.rq",
    ):
        assert (data / name).is_file(), name
    assert (installed / "kg" / "corpus" / "yiyang-vocational-education-2021-2025.txt").is_file()
    assert not (installed / "cli.py").exists()


def test_installed_package_answers_from_another_directory(installed, tmp_path):
    where = run_installed(installed, tmp_path, "-c", "import kg; print(kg.__file__)")
    assert where.stdout.strip().startswith(str(installed))
    result = run_installed(
        installed, tmp_path, "-m", "kg", "ask", "what does the Finance Bureau lead", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert [row["measure"] for row in json.loads(result.stdout)["rows"]] == [17, 18]


def test_installed_package_validates_with_its_shapes(installed, tmp_path):
    result = run_installed(installed, tmp_path, "-m", "kg", "validate", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["conforms"] is True


def test_console_script_runs(installed, tmp_path):
    script = installed / "bin" / "policykg"
    assert script.is_file()
    result = run_installed(installed, tmp_path, str(script), "ask", "Who leads measure 19?", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [row["department"] for row in json.loads(result.stdout)["rows"]] == ["市委组织部"]
