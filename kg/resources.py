"""Where the package's data lives: ontology/, shapes/, queries/ and the bundled corpus.

In an installed wheel the data folders are copied into ``kg/_data/``; in a source
checkout they sit beside the ``kg`` package. Both are found the same way.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_FOLDERS = ("ontology", "shapes", "queries")
BUNDLED_PLAN = "yiyang-vocational-education-2021-2025.txt"


def data_dir(name: str) -> Path:
    """The folder ``name`` (one of DATA_FOLDERS), installed or in the checkout."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    installed = resources.files("kg") / "_data" / name
    if installed.is_dir():
        return Path(str(installed))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"policykg data folder {name!r} is missing; reinstall the package")


def data_file(folder: str, filename: str) -> Path:
    return data_dir(folder) / filename


def bundled_plan() -> Path:
    """The default corpus: the plan that ships with the package."""
    return Path(str(resources.files("kg") / "corpus" / BUNDLED_PLAN))
