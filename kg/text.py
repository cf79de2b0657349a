"""Text utilities the stages share: quotation marks, the bare name of a place, the mask
that stands in for a footnote marker, text made safe for one line or an XML file, and
aligned tables for a terminal.

The store may hold any string a parser or another tool wrote: control characters, line
breaks inside a unit's name, bidi overrides. Each writer passes its text through
``one_line`` or ``xml_text``, so that no name can make a file unreadable or a terminal
misbehave.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kg.lexicon import AUTONOMOUS, LEVEL_CHARS, REGION

# --- quotation marks -------------------------------------------------------------------

# The pairs of quotation marks plans put around a programme's or a term's name
# (“双师型”教师), opening and closing.
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'), ("「", "」"), ("『", "』"))
# Every quotation mark, and the straight apostrophe: stripped like the others, but it
# opens no quotation (English writes it inside words).
QUOTES = "".join(dict.fromkeys(mark for pair in QUOTE_PAIRS for mark in pair)) + "'"


_QUOTE = re.compile(f"[{re.escape(QUOTES)}]")


def strip_quotes(text: str) -> str:
    return _QUOTE.sub("", text)


# --- places ------------------------------------------------------------------------------


def bare_place(name: str) -> str:
    """A place's name without its level, as a plan writes it inside other names: 长沙市 →
    长沙, 湘西土家族苗族自治州 → 湘西土家族苗族, 某某地区 → 某某. A name of two characters (某县)
    keeps its level."""
    for suffix in (*AUTONOMOUS, REGION):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    if name and name[-1] in LEVEL_CHARS and len(name) > 2:
        return name[:-1]
    return name


# --- the mask ----------------------------------------------------------------------------

# INVISIBLE SEPARATOR: stands in for a footnote marker's digits (and for the units'
# names the targets must not read) in a view of the text as long as the text itself.
MASK = "\u2063"


def replace_spans(text: str, spans: Iterable[tuple[int, int]], char: str) -> str:
    """``text`` with every character of the ``spans`` (which may overlap) replaced by ``char``:
    the same length, so that offsets stay valid."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        start = max(start, cursor)
        if start < end:
            pieces += (text[cursor:start], char * (end - start))
            cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


# --- text made safe --------------------------------------------------------------------

REPLACEMENT = "\ufffd"

# Characters XML 1.0 forbids (its Char production): C0 controls other than tab, line feed
# and carriage return, surrogates, U+FFFE and U+FFFF. lxml refuses them and ElementTree
# writes them into files no reader opens.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What must not reach a terminal or a one-line cell: line breaks of every kind (those
# str.splitlines knows), other control characters (an ESC starts a terminal command) and
# the bidi embeddings, overrides and isolates that reorder the rest of a line.
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_ONE_LINE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold: each forbidden character becomes U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, "" if value is None else str(value))


def one_line(value: object) -> str:
    """``value`` as one line of plain text: line breaks become spaces, tabs a space, and
    control and bidi-override characters U+FFFD."""
    text = LINE_BREAK.sub(" ", "" if value is None else str(value)).replace("\t", " ")
    return _NOT_ONE_LINE.sub(REPLACEMENT, text)


# --- tables for a terminal ----------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a string takes in a terminal or a spreadsheet: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def text_table(columns: list[str], rows: list[dict[str, object]], max_width: int = 48) -> str:
    """An aligned plain-text table; long cells are cut with …."""

    def cell(value: object) -> str:
        text = one_line(value)
        if display_width(text) <= max_width:
            return text
        kept, width = [], 0
        for char in text:
            width += display_width(char)
            if width > max_width - 1:
                break
            kept.append(char)
        return "".join(kept) + "…"

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])
