"""The genre's lines as the readers rebuild them from a page or its markup: the numbering
markers that open a paragraph, and the spaces a layout puts between Chinese characters.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.text import QUOTE_PAIRS

# Numbering markers that open a paragraph in the genre: 一、 （一） （1） 1） 1. 1、 １． 第一章 注： 附件
MARKER = re.compile(
    r"\s*(?:[一二三四五六七八九十百零]{1,5}\s*[、.．]"
    r"|[（(]\s*(?:[一二三四五六七八九十百零]{1,5}|\d{1,3}|[０-９]{1,3})\s*[）)]"
    r"|(?:\d{1,3}|[０-９]{1,3})\s*(?:[、）)]|[.．](?![0-9０-９]))"
    r"|第[一二三四五六七八九十百]+[章节条部分]"
    r"|注\s*[：:]|附件\s*\d*\s*[：:]?\s*$)"
)

_CJK_CHARS = r"\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK_CHARS}])[ \t\u00a0\u3000]+(?=[{_CJK_CHARS}])")


def join_cjk_spaces(text: str) -> str:
    """Drop the spaces a layout puts between two Chinese characters or marks (区教育 局,
    justified 通  知): Chinese writes no spaces between words, so they are not text."""
    return _CJK_SPACE.sub("", text)


# --- text a layout wrapped -------------------------------------------------------------

# How a sentence, and so a paragraph, ends: 。；：？！, also inside a closing quote (”’」』;
# not the straight ", which opens a quotation as well).
SENTENCE_END = "。；：？！;:?!"
CLOSING_QUOTES = "".join(closing for opening, closing in QUOTE_PAIRS if closing != opening)


def ends_sentence(line: str) -> bool:
    line = line.rstrip().rstrip(CLOSING_QUOTES)
    return bool(line) and line[-1] in SENTENCE_END


def join_wrapped(first: str, second: str) -> str:
    """Two pieces of one paragraph a layout wrapped: Chinese joins with nothing between,
    only two words of a Latin-script language need a space."""
    if first[-1:].isascii() and first[-1:].isalpha() and second[:1].isascii() and second[:1].isalpha():
        return f"{first} {second}"
    return first + second


# A text wrapped at a fixed width — a PDF's lines saved as text, a mail's 72 columns — has
# many of its lines within a few columns of that width (a character or mark that did not
# fit ends a line short), none longer, and most of those full lines break a sentence: the
# line after goes on with it. A text of short lines (a heading, a 责任单位 line, the next
# heading) breaks none.
_SLACK = 3  # columns a full line may stop short of the width
_MIN_BREAKS = 8  # full lines that break a sentence: fewer, and the text is not known to be wrapped
_INDENT = re.compile(r"(?: {2,}|\u3000+|\t)(?=\S)")


# Characters a Chinese page sets half an em wide: all but the CJK blocks, the full-width
# forms and the curly quotes (“”‘’, which Chinese fonts set full-width).
_NARROW = re.compile(
    "[^\u1100-\u115f\u2018\u2019\u201c\u201d\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def layout_width(line: str) -> int:
    """Columns a line takes on a page: two for a full-width character, one for the rest."""
    line = line.rstrip()
    return 2 * len(line) - len(_NARROW.findall(line))


def unwrap(text: str) -> tuple[str, int]:
    """``text`` with the lines of each wrapped paragraph joined again, and the width it was
    wrapped at; a text that is not wrapped comes back as it is, with width 0. Paragraphs
    start where the pdf reader starts them without the page's geometry: after a line
    short of the width, at an indented line (in a text that indents its paragraphs), at a
    numbering marker after the end of a sentence."""
    lines = text.split("\n")
    # Most plans end every line with a sentence: they are known unwrapped before any width.
    if sum(1 for line in lines if line.strip() and not ends_sentence(line)) < _MIN_BREAKS:
        return text, 0
    widths = [layout_width(line) for line in lines]
    written = [width for width in widths if width]
    candidates = Counter(width for line, width in zip(lines, widths) if width >= 30 and not ends_sentence(line))
    if not candidates:
        return text, 0
    width = max(candidates, key=lambda w: (sum(n for c, n in candidates.items() if w - _SLACK <= c <= w), w))
    full = [width - _SLACK <= w <= width for w in widths]
    full_lines = sum(full)
    breaks = sum(
        1
        for line, is_full, after in zip(lines, full, lines[1:])
        if is_full and not ends_sentence(line) and after.strip() and not MARKER.match(after)
    )
    longer = sum(w > width for w in widths)
    if breaks < _MIN_BREAKS or breaks < 0.5 * full_lines or longer > 0.02 * len(written) or width > 200:
        return text, 0
    uses_indent = sum(bool(_INDENT.match(line)) for line in lines) >= 3

    def starts_paragraph(index: int, paragraph: str) -> bool:
        before, line = lines[index - 1], lines[index]
        if not before.strip() or not line.strip() or not full[index - 1]:
            return True
        content = line.strip()
        # Inside brackets the paragraph goes on, whatever a line ends with: （牵头单位： / 市水利局；…）
        in_brackets = paragraph.count("（") > paragraph.count("）")
        if uses_indent:
            if _INDENT.match(line):
                return True
            return bool(MARKER.match(content)) and ends_sentence(before) and not in_brackets
        if MARKER.match(content) and (ends_sentence(before) or not in_brackets):
            return True
        if in_brackets or content.startswith("（"):
            return False  # the units of the measure before: （区教育局、区财政局）, wrapped or not
        return ends_sentence(before)

    joined = [lines[0]]
    for index in range(1, len(lines)):
        if starts_paragraph(index, joined[-1]):
            joined.append(lines[index])
        else:
            joined[-1] = join_wrapped(joined[-1].rstrip(), lines[index].strip())
    return "\n".join(joined), width


# Brackets and quotation marks never span a line in the genre: a line that leaves one open
# and a line after it that closes it are one line a layout broke, in a text too short to
# show its wrapping width (市工业和 / 信息化局、…）, “双师 / 型”教师).
_PAIRS = (("（", "）"), ("“", "”"))
_MAX_BROKEN = 2  # lines after the one that opens a bracket, within which it must close


def join_broken_pairs(text: str) -> tuple[str, int]:
    """``text`` with each line that leaves a bracket or a quotation open joined to the
    lines after it that close it (at most two, none a blank or a numbered line), and how
    many line breaks went."""
    lines = text.split("\n")
    joined: list[str] = []
    removed = index = 0
    while index < len(lines):
        line = lines[index]
        stop = index
        while _open_pair(line) and stop - index < _MAX_BROKEN and stop + 1 < len(lines):
            following = lines[stop + 1]
            if not following.strip() or MARKER.match(following):
                break
            line = join_wrapped(line.rstrip(), following.strip())
            stop += 1
        if stop > index and not _open_pair(line):
            joined.append(line)
            removed += stop - index
            index = stop + 1
        else:
            joined.append(lines[index])
            index += 1
    return ("\n".join(joined), removed) if removed else (text, 0)


def _open_pair(line: str) -> bool:
    return any(line.count(opening) > line.count(closing) for opening, closing in _PAIRS)
