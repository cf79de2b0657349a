"""The notes at the end of a plan (名词注释 / 名词解释 / 注) and the footnote markers that
point to them from the text.

A marker is a digit glued after a word or a closing quotation mark: 提质工程1,
“双带头人”2, 15—30%10 (note 10 after the range 15—30%). The same shape can be a real count
(“放心食堂”12个), so the notes decide: a digit is a marker only when a note has that number,
it is not followed by a unit or counter, and the words just before it share most of their
characters with that note's term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.structure import Document, Span
from kg.text import MASK, QUOTES, replace_spans, strip_quotes

# What may stand right after a number that counts something, so the number is no marker.
_COUNTER = "个所家名人万亿元年月日倍%项次户条类批座台套千百十级岁天期届位周只张份间栋层亩吨米点分秒"
_MIN_SHARED = 0.5  # share of the term's characters that must appear just before the marker


@dataclass(frozen=True)
class FootnoteMarker:
    note: int
    span: Span  # the marker's digits
    anchor: str  # the words it is glued to, as written


@dataclass(frozen=True)
class GlossaryEntry:
    number: int
    term: str  # as written: “楚怡行动”计划
    label: str  # without quotation marks: 楚怡行动计划
    definition: str
    span: Span
    markers: tuple[FootnoteMarker, ...]


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]

    @property
    def markers(self) -> list[FootnoteMarker]:
        return sorted((m for e in self.entries for m in e.markers), key=lambda m: m.span)

    def mask(self, text: str) -> str:
        """``text`` (a full-length view of the plan) with every marker digit replaced by MASK."""
        return replace_spans(text, (marker.span for marker in self.markers), MASK)

    def clean(self, text: str, span: Span) -> str:
        """The slice ``span`` of a full-length view with the markers taken out."""
        start, end = span
        pieces, cursor = [], start
        for marker in self.markers:
            if start <= marker.span[0] and marker.span[1] <= end:
                pieces.append(text[cursor : marker.span[0]])
                cursor = marker.span[1]
        pieces.append(text[cursor:end])
        return "".join(pieces)


def _shared(term: str, window: str) -> float:
    wanted = {char for char in strip_quotes(term) if not char.isspace()}
    if not wanted:
        return 0.0
    return len(wanted & set(window)) / len(wanted)


def _markers_for(document: Document, number: int, term: str, body_end: int) -> list[FootnoteMarker]:
    text = document.text.normalised
    # Not followed by a digit, a range, a counter or a letter (5G, 3D are codes, not markers).
    pattern = re.compile(rf"(?<=[\u4e00-\u9fff{QUOTES}%）]){number}(?![\d.—\-~至到{_COUNTER}A-Za-z])")
    found = []
    for match in pattern.finditer(text, 0, body_end):
        if match.end() >= body_end or text[match.end()] == "\n":
            continue  # a marker is followed by more text on its line
        window_start = max(match.start() - len(term) - 4, 0)
        if _shared(term, text[window_start : match.start()]) >= _MIN_SHARED:
            anchor_start = max(match.start() - len(term), 0)
            anchor = document.text.original[anchor_start : match.start()]
            found.append(FootnoteMarker(number, (match.start(), match.end()), anchor))
    return found


def extract(document: Document) -> Glossary:
    """Glossary entries from the notes, each with the markers that point to it."""
    body_end = document.back_matter_span[0] if document.back_matter_span else len(document.text.normalised)
    entries = []
    for note in document.notes:
        if not note.term:
            continue
        markers = _markers_for(document, note.number, note.term, body_end)
        entries.append(
            GlossaryEntry(note.number, note.term, strip_quotes(note.term), note.definition, note.span, tuple(markers))
        )
    return Glossary(tuple(entries))
