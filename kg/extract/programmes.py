"""Named programmes and glossary terms, and the measures that mention them.

Three sources name a programme: the programme registry (双高计划, 1+X证书制度 … in any of
their spellings), the plan's own glossary (every defined term), and names in quotation
marks that end like a programme (“双优计划”, “楚怡行动”计划, “三高四新”战略). Quotation
marks and footnote markers do not count when matching: “双高计划”5 mentions 双高计划.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.glossary import Glossary
from kg.registry import Programme
from kg.structure import Document, Span
from kg.text import MASK, QUOTES, strip_quotes

_PROGRAMME_SUFFIX = r"(?:行动计划|计划|行动|工程|制度|战略|试点)"
_QUOTED_PROGRAMME = re.compile(rf"“([^“”]{{2,16}}?)”({_PROGRAMME_SUFFIX})?")
_ENDS_LIKE_PROGRAMME = re.compile(rf"{_PROGRAMME_SUFFIX}$")


@dataclass(frozen=True)
class ProgrammeRef:
    """What a mention points to: a registry programme (by slug), a glossary entry (by
    note number) or a programme the plan names itself (by its label)."""

    source: str  # "registry" | "glossary" | "named"
    key: str


@dataclass(frozen=True)
class ProgrammeMention:
    programme: ProgrammeRef
    written: str  # as written, quotation marks included
    span: Span
    measure: int | None  # None: outside the measures (preamble, goals)


@dataclass(frozen=True)
class NamedProgramme:
    """A programme the plan names in quotation marks that neither registry nor glossary has."""

    label: str
    written: str


@dataclass(frozen=True)
class Programmes:
    mentions: tuple[ProgrammeMention, ...]
    named: tuple[NamedProgramme, ...]
    glossary_matches: dict[int, str]  # glossary note number → registry slug


# What matching reads past: quotation marks (“双高计划”) and masked footnote markers.
_UNREAD = re.compile(f"[{re.escape(QUOTES)}{MASK}]")


class _View:
    """A text as labels are matched in it, without quotation marks and masked markers
    (“双高计划”5 reads 双高计划), and the way between its offsets and the text's."""

    def __init__(self, text: str):
        self.dropped = [match.start() for match in _UNREAD.finditer(text)]
        self.text = _UNREAD.sub("", text)
        # Where each dropped character would stand in the view.
        self._gaps = [at - index for index, at in enumerate(self.dropped)]

    def at(self, offset: int) -> int:
        """The view's offset for the text's ``offset``: the characters kept before it."""
        return offset - bisect.bisect_left(self.dropped, offset)

    def offset(self, at: int) -> int:
        """The text's offset of the view's character ``at``."""
        return at + bisect.bisect_right(self._gaps, at)


def _occurrences(text: str, label: str) -> list[int]:
    """Where ``label`` starts in ``text``, overlapping occurrences too."""
    found = []
    at = text.find(label)
    while at != -1:
        found.append(at)
        at = text.find(label, at + 1)
    return found


def _regions(document: Document) -> list[tuple[int | None, Span]]:
    """Where mentions count: each measure, and the rest of the body before the measures."""
    regions: list[tuple[int | None, Span]] = [(m.number, m.text_span) for m in document.measures]
    first_measure = min((m.span[0] for m in document.measures), default=0)
    regions.append((None, (document.title_span[1], first_measure)))
    return regions


def extract(document: Document, glossary: Glossary, known: tuple[Programme, ...]) -> Programmes:
    masked = glossary.mask(document.text.normalised)

    labels: dict[str, ProgrammeRef] = {}
    registry_by_label: dict[str, Programme] = {}
    for programme in known:
        for name in programme.zh_names:
            label = strip_quotes(name)
            registry_by_label.setdefault(label, programme)
            labels.setdefault(label, ProgrammeRef("registry", programme.slug))
    glossary_matches = {}
    for entry in glossary.entries:
        match = registry_by_label.get(entry.label)
        if match:
            glossary_matches[entry.number] = match.slug
        labels.setdefault(entry.label, ProgrammeRef("glossary", str(entry.number)))

    named: dict[str, NamedProgramme] = {}
    for quoted in _QUOTED_PROGRAMME.finditer(masked):
        label = quoted.group(1) + (quoted.group(2) or "")
        if not _ENDS_LIKE_PROGRAMME.search(label) or label in labels or re.search(r"[、，+\d]", quoted.group(1)):
            continue
        named.setdefault(label, NamedProgramme(label, document.text.original[quoted.start() : quoted.end()]))
    for label in named:
        labels[label] = ProgrammeRef("named", label)

    # Every label where the whole text has it; a region's are those within the region.
    view = _View(masked)
    everywhere = sorted(
        (at, at + len(label), label) for label in labels if label for at in _occurrences(view.text, label)
    )
    starts = [at for at, _, _ in everywhere]
    markers = glossary.markers
    mentions: list[ProgrammeMention] = []
    for measure, (start, end) in _regions(document):
        first, last = view.at(start), view.at(end)
        found = [
            f for f in everywhere[bisect.bisect_left(starts, first) : bisect.bisect_left(starts, last)] if f[1] <= last
        ]
        taken: list[tuple[int, int]] = []
        for at, stop, label in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            if any(at < other_stop and other_at < stop for other_at, other_stop in taken):
                continue
            taken.append((at, stop))
            span = (view.offset(at), view.offset(stop - 1) + 1)
            mentions.append(ProgrammeMention(labels[label], document.text.original[span[0] : span[1]], span, measure))
        # A footnote marker mentions its entry even where the term is written otherwise.
        for marker in markers:
            if start <= marker.span[0] < end:
                mentions.append(
                    ProgrammeMention(ProgrammeRef("glossary", str(marker.note)), marker.anchor, marker.span, measure)
                )
    mentions.sort(key=lambda mention: (mention.span, mention.programme.source))
    return Programmes(tuple(mentions), tuple(named.values()), glossary_matches)
