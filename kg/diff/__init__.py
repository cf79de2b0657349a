"""Versions of a plan compared measure by measure: read each plan's graph into a view
(``view``), pair the measures by content (``align``), list the changes (``compare``), and
show them as text, JSON, CSV (``render``) or a side-by-side page (``page``)."""

from kg.diff.compare import compare
from kg.diff.model import KINDS, Change, Diff, MeasureView, PlanView, TargetView
from kg.diff.view import read_plan

__all__ = ["KINDS", "Change", "Diff", "MeasureView", "PlanView", "TargetView", "compare", "read_plan"]
