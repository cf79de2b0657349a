"""Stage 3 — facts from a Document, one module per kind of fact.

``extract_all`` runs them in the order they depend on each other: the glossary first,
because its footnote markers must not be read as numbers by the targets or as text by the
programme matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stages load only when extract_all runs: `ask` needs none of them
    from kg.extract import glossary as glossary_stage
    from kg.extract import institutions as institutions_stage
    from kg.extract import programmes as programmes_stage
    from kg.extract import references as references_stage
    from kg.extract import responsibility as responsibility_stage
    from kg.extract import targets as targets_stage
    from kg.structure import Document


@dataclass(frozen=True)
class Facts:
    responsibilities: list[responsibility_stage.Responsibility]
    glossary: glossary_stage.Glossary
    programmes: programmes_stage.Programmes
    targets: list[targets_stage.Target]
    references: list[references_stage.Reference]
    institutions: list[institutions_stage.InstitutionMention]


def extract_all(document: Document) -> Facts:
    from kg.extract import glossary as glossary_stage
    from kg.extract import institutions as institutions_stage
    from kg.extract import programmes as programmes_stage
    from kg.extract import references as references_stage
    from kg.extract import responsibility as responsibility_stage
    from kg.extract import targets as targets_stage
    from kg.registry import programmes as known_programmes
    from kg.text import MASK, replace_spans

    glossary = glossary_stage.extract(document)
    responsibilities = responsibility_stage.extract(document)
    # Targets read neither footnote markers nor the units' names (三台经开区 is no "3 台").
    spans = [marker.span for marker in glossary.markers]
    spans += [span for responsibility in responsibilities for span in responsibility.list_text_spans]
    masked = replace_spans(document.text.normalised, spans, MASK)
    return Facts(
        responsibilities=responsibilities,
        glossary=glossary,
        programmes=programmes_stage.extract(document, glossary, known_programmes()),
        targets=targets_stage.with_measure_deadlines(document, targets_stage.extract(document, masked)),
        references=references_stage.extract(document),
        institutions=institutions_stage.extract(document),
    )
