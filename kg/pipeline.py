"""One plan through the stages in order: read → structure → extract → resolve → build.

Writing into the store is ``kg.corpus.build_corpus``, reached through ``kg.service.build``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg import build as build_stage
from kg import read as read_stage
from kg import structure
from kg.extract import extract_all
from kg.registry import Jurisdiction, Registry, issuer_of_plan


def process(
    path: str | Path, tasks: str | Path | None = None, text=None, issuer: Jurisdiction | None = None
) -> build_stage.BuiltDocument:
    """One plan file, from bytes to quads (``text``: the file already read). The plan's task
    tables — found in the file, or given as ``tasks`` (a .csv, .xlsx or .docx 任务分工表) —
    are compared with its text. ``issuer`` (``build --issuer``) is the jurisdiction that
    issues the plan; without it, it is read from the plan (``kg.registry.issuer_of_plan``)."""
    text = text or read_stage.read(path)
    document = structure.parse(text)
    facts = extract_all(document)
    if text.format == "task-table":
        # A table read as a plan: each row's 完成时限 dates the targets read from the row,
        # and a table with no title is named by its file (which the build says).
        from kg.tasks import plan_warnings, with_row_deadlines

        table = text.tables[0]
        facts = replace(facts, targets=with_row_deadlines(facts.targets, table))
        document.warnings.extend(plan_warnings(table))
    registry = Registry.load()
    names = [unit.name for r in facts.responsibilities for unit in r.units]
    issuer = issuer or issuer_of_plan(document, names, plan=build_stage.document_id(document))
    tables = list(text.tables)
    if tasks is not None:
        from kg.formats import read_task_table

        tables.append(read_task_table(Path(tasks)))
    disagreements = []
    if tables and text.format != "task-table":
        from kg.tasks import compare

        for table in tables:
            disagreements += compare(table, facts.responsibilities, document.measures, registry=registry, issuer=issuer)
    return build_stage.build(
        document, facts, registry, source_file=Path(path).name, disagreements=disagreements, issuer=issuer
    )
