"""Text from the store made safe for the format it is written in.

The store may hold any string a parser or another tool wrote: control characters, line
breaks inside a unit's name, bidi overrides. Each writer passes its text through one of
these functions, so that no name can make a file unreadable or a terminal misbehave.
"""

from __future__ import annotations

import re

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
