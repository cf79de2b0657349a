"""Graphviz's ``dot`` program, run as a subprocess to draw DOT text as SVG or PNG."""

from __future__ import annotations

import shutil
import subprocess

from kg.errors import PolicyKGError


class GraphvizNotFound(PolicyKGError):
    """SVG or PNG was asked for but Graphviz's ``dot`` is not installed."""


def graphviz_available() -> bool:
    """Whether Graphviz's ``dot`` is on the PATH."""
    return shutil.which("dot") is not None


def render(dot: str, fmt: str) -> bytes:
    """Render DOT text to ``svg`` or ``png`` with the ``dot`` program."""
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizNotFound(
            f"{fmt} output needs Graphviz, and its `dot` program is not on the PATH; install Graphviz "
            "(apt-get install graphviz, brew install graphviz) or export `dot` and render it elsewhere"
        )
    try:
        finished = subprocess.run(
            [executable, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        raise PolicyKGError(
            f"Graphviz took more than 120 s to draw the {fmt}; export `dot` and render it yourself"
        ) from None
    if finished.returncode != 0:
        reason = (finished.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        raise PolicyKGError(f"Graphviz could not draw the {fmt} ({reason}); export `dot` to see the input")
    return finished.stdout
