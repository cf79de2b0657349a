"""The genre's lines as the readers rebuild them from a page or its markup: the numbering
markers that open a paragraph, the spaces a layout puts between Chinese characters, and —
for a PDF's text saved as plain text — the page numbers and running headers between its
pages (``drop_page_furniture``) and the paragraphs its lines broke (``unwrap``).
"""

from __future__ import annotations

import re
from collections import Counter

from kg.lexicon import DEADLINE_FIELDS, ROLE_LEAD, ROLE_PARTICIPANT, UNIT_ENDINGS, alternation, role_labels
from kg.text import QUOTE_PAIRS

# Numbering markers that open a paragraph in the genre: 一、 （一） （1） 1） 1. 1、 １． 第一章 注： 附件
# What a number at a line's start is followed by when it is a value cut off by a line
# break (…达到\n1.5万人), not a marker.
_VALUE_UNIT = "万亿千百十元个人户家所项座次吨亩米公平立倍台套辆名位期批条件处间张场年月日%‰"
MARKER = re.compile(
    r"\s*(?:[一二三四五六七八九十百零]{1,5}\s*[、.．]"
    r"|[（(]\s*(?:[一二三四五六七八九十百零]{1,5}|\d{1,3}|[０-９]{1,3})\s*[）)]"
    r"|(?:\d{1,3}|[０-９]{1,3})\s*(?:[、）)]|[.．](?![0-9０-９]))"
    # Decimal labels (2.1、 2.1.1 ), a top number before a title (2 重点任务), circled,
    # parenthesised and Roman numbers (① ⑴ ⒈ Ⅰ． II.): the numbering kg.structure reads.
    r"|\d{1,2}(?:[.．]\d{1,2}){1,3}(?:[、.．]|\s|(?=[\u4e00-\u9fff]))(?!\s*[" + _VALUE_UNIT + "])"
    r"|\d{1,2}\s+(?=[\u4e00-\u9fff])(?![" + _VALUE_UNIT + "])"
    r"|[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛]|[Ⅰ-Ⅻ]\s*[、.．]?|[IVX]{1,4}\s*[、.．]"
    r"|第[一二三四五六七八九十百]+[章节条部分]"
    r"|注\s*[：:]|附件\s*\d*\s*[：:]?\s*$)"
)

_CJK_CHARS = r"\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK_CHARS}])[ \t\u00a0\u3000]+(?=[{_CJK_CHARS}])")


def join_cjk_spaces(text: str) -> str:
    """Drop the spaces a layout puts between two Chinese characters or marks (区教育 局,
    justified 通  知): Chinese writes no spaces between words, so they are not text."""
    return _CJK_SPACE.sub("", text)


# --- what a page adds --------------------------------------------------------------

# A page number on a line of its own: — 3 —, - 3 -, －3－, 第3页, 第 3 页 共 12 页, 3/12, Page 3, 3.
PAGE_NUMBER = re.compile(
    r"[\s\-—–－~～_·•]*(?:第\s*)?[0-9０-９]{1,4}(?:\s*页)?(?:\s*[/／]\s*[0-9]{1,4})?(?:\s*[,，]?\s*共\s*[0-9]{1,4}\s*页)?"
    r"[\s\-—–－~～_·•]*|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?",
    re.IGNORECASE,
)
# A number and nothing else, which may as well be a table's 序号, an item's number or a year:
# a page number only of three digits at most, between blank lines or cutting a sentence.
_BARE_NUMBER = re.compile(r"\s*[0-9０-９]+\s*")
_BARE_PAGE = re.compile(r"\s*[0-9０-９]{1,3}\s*")
_HEADER_MAX = 40  # characters: a running header or footer is a title or an office's name
_PAGE_MIN_CHARS = 60  # characters of text a page holds at the least
_PAGE_STEP = 5  # pages a bare page number may run ahead of the one before (pages of tables, lost numbers)
_FIRST_PAGE = 3  # the first bare page number: at most this, and a page more for each _PAGE_MIN_CHARS before it


def _digits(line: str) -> int:
    """The first number a page-number line holds (3 in 第3页 共10页)."""
    found = re.search(r"[0-9０-９]+", line)
    return int(found.group()) if found else 0


def page_key(text: str) -> str:
    """A line's text with its digits blanked and its spaces dropped, to recognise a running
    header or footer whose page number or date changes."""
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s", "", text))


def drop_page_furniture(text: str) -> tuple[str, int]:
    """``text`` (a PDF's text saved as plain text) without what its pages added, and how
    many such lines went: page numbers on lines of their own and running headers or
    footers, at a page break, with the blank lines around them — the lines on either side
    are then next to each other, and ``unwrap`` joins them where the break cut a sentence.

    A page break is a run of blank lines, page-number lines and repeated lines (a line
    whose text — digits aside — stands elsewhere in the text too: the plan's title, the
    issuing office's name) after the text's first line, that holds a page number (a bare
    number only between blank lines or where the run cuts a sentence, and where it runs
    on from the page number before: a few pages on, a page's text later), or that cuts a
    sentence (``_breaks_sentence``) with its repeated lines set apart by blank lines. Of
    those repeated lines, the title and a line at two page breaks or more are a header,
    which also goes where it stands set apart between two paragraphs; where a line of a
    run stays, so do the run's blank lines. A table's lines (a tab) are never furniture."""
    # A form feed (pdftotext's page end) is a page break and no text.
    lines = text.replace("\f", "").split("\n")
    written = [index for index, line in enumerate(lines) if line.strip()]
    if len(written) < 3:
        return "\n".join(lines), 0
    top = written[0]
    # Only a short line that ends no sentence may be a header: the others are not keyed.
    counts = Counter(
        page_key(line)
        for line in (lines[index].strip() for index in written)
        if len(line) <= _HEADER_MAX and not ends_sentence(line)
    )

    def number(index: int) -> bool:
        return "\t" not in lines[index] and bool(PAGE_NUMBER.fullmatch(lines[index].strip()))

    def repeated(index: int) -> bool:
        line = lines[index].strip()
        return (
            "\t" not in lines[index]
            and len(line) <= _HEADER_MAX
            and counts[page_key(line)] >= 2
            and not MARKER.match(line)
            and not ends_sentence(line)
        )

    runs: list[tuple[int, int]] = []
    index = top + 1
    while index < len(lines):
        end = index
        while end < len(lines) and (not lines[end].strip() or number(end) or repeated(end)):
            end += 1
        if any(lines[i].strip() for i in range(index, end)):
            runs.append((index, end))
        index = end + 1

    def cuts(start: int, end: int) -> bool:
        before = lines[start - 1]
        return end < len(lines) and _breaks_sentence(before, before, lines[end], False, 0)

    def blank(index: int) -> bool:
        return index < 0 or index >= len(lines) or not lines[index].strip()

    # Page numbers run up a page at a time, a page's text apart: a bare number that does
    # not (a table's cells, one a line) is none.
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    last_page, last_break = None, 0

    def bare_page(index: int, cut: bool) -> bool:
        if not _BARE_PAGE.fullmatch(lines[index]) or not (cut or blank(index - 1) and blank(index + 1)):
            return False
        value = _digits(lines[index])
        if last_page is None:
            return value <= _FIRST_PAGE + offsets[index] // _PAGE_MIN_CHARS
        return last_page < value <= last_page + _PAGE_STEP and offsets[index] - last_break >= _PAGE_MIN_CHARS

    breaks: dict[tuple[int, int], set[int]] = {}
    for start, end in runs:
        cut = cuts(start, end)
        numbers = {
            i for i in range(start, end) if number(i) and (not _BARE_NUMBER.fullmatch(lines[i]) or bare_page(i, cut))
        }
        if numbers:
            last_page, last_break = _digits(lines[min(numbers)]), offsets[end]
        # Without a page number, only repeated lines set apart by blank lines mark a break.
        if numbers or cut and blank(start) and blank(end - 1):
            breaks[(start, end)] = numbers
    at_breaks = Counter(
        key for (start, end) in breaks for key in {page_key(lines[i]) for i in range(start, end) if repeated(i)}
    )
    title = page_key(lines[top])
    headers = {key for key, count in at_breaks.items() if key == title or count >= 2}
    drop: set[int] = set()
    for start, end in runs:
        numbers = breaks.get((start, end))
        if numbers is None:
            # A header met at a page break, set apart between two paragraphs (not under a
            # heading such as 附件, which a title may follow).
            if not (blank(start) and blank(end - 1) and end < len(lines)) or MARKER.match(lines[start - 1]):
                continue
            numbers = set()
        gone = numbers | {i for i in range(start, end) if repeated(i) and page_key(lines[i]) in headers}
        if not gone:
            continue
        if all(i in gone for i in range(start, end) if lines[i].strip()):
            gone = set(range(start, end))
        drop |= gone
    if not drop:
        return "\n".join(lines), 0
    count = sum(1 for index in drop if lines[index].strip())
    return "\n".join(line for index, line in enumerate(lines) if index not in drop), count


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
    wrapped at. Paragraphs start where the pdf reader starts them without the page's
    geometry: after a line short of the width, at an indented line (in a text that indents
    its paragraphs), at a numbering marker after the end of a sentence.

    A text with no one width (width 0) — lines broken by hand, or a PDF's lines of uneven
    length saved as text — has a line joined to the next where the break falls inside a
    sentence (``_breaks_sentence``); a text whose lines each end a sentence, a heading or a
    responsibility list comes back as it is."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    widths = [layout_width(line) for line in lines]
    full = [width - _SLACK <= w <= width for w in widths] if width else [False] * len(lines)
    uses_indent = sum(bool(_INDENT.match(line)) for line in lines) >= 3

    cut_width = 0 if width else _cut_width(lines, widths, uses_indent)

    def starts_paragraph(index: int, paragraph: str) -> bool:
        before, line = lines[index - 1], lines[index]
        if not before.strip() or not line.strip():
            return True
        if not width:
            return not _breaks_sentence(paragraph, before, line, uses_indent, cut_width)
        if not full[index - 1]:
            return True
        content = line.strip()
        # Inside brackets the paragraph goes on, whatever a line ends with: （牵头单位： / 市水利局；…）
        in_brackets = open_brackets > 0
        if uses_indent:
            if _INDENT.match(line):
                return True
            return bool(MARKER.match(content)) and ends_sentence(before) and not in_brackets
        if MARKER.match(content) and (ends_sentence(before) or not in_brackets):
            return True
        if in_brackets or content.startswith("（"):
            return False  # the units of the measure before: （区教育局、区财政局）, wrapped or not
        return ends_sentence(before)

    def brackets(line: str) -> int:
        return line.count("（") - line.count("）")

    joined = [lines[0]]
    # The paragraph's （ not yet closed, counted line by line: counted over the whole paragraph
    # each time, a text of thousands of lines joined into one took quadratic time.
    open_brackets = brackets(lines[0])
    for index in range(1, len(lines)):
        if starts_paragraph(index, joined[-1]):
            joined.append(lines[index])
            open_brackets = brackets(lines[index])
        else:
            joined[-1] = join_wrapped(joined[-1].rstrip(), lines[index].strip())
            open_brackets += brackets(lines[index])
    if len(joined) == len(lines):
        return text, width
    return "\n".join(joined), width


def _wrap_width(lines: list[str]) -> int:
    """The width a text is wrapped at, or 0 when it is not wrapped at one width."""
    # Most plans end every line with a sentence: they are known unwrapped before any width.
    if sum(1 for line in lines if line.strip() and not ends_sentence(line)) < _MIN_BREAKS:
        return 0
    widths = [layout_width(line) for line in lines]
    written = [width for width in widths if width]
    candidates = Counter(width for line, width in zip(lines, widths) if width >= 30 and not ends_sentence(line))
    if not candidates:
        return 0
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
        return 0
    return width


# A line break in a text of no one width is inside a sentence when the paragraph so far
# reads as a sentence cut short: it holds a clause's punctuation (，、。；：) — a title, a
# signature, a date or a document number holds none — and ends on none of a sentence's or
# a clause's ends (。；：？！), a closing bracket or a role (the responsibility that ends a
# measure: …乙局配合）, 甲局牵头，乙局配合), nor is it a heading (a short numbered phrase
# without 。: 一、行动目标, 1.健全体制机制，完善政策措施) or a field's line (责任单位：甲局);
# and the next line opens nothing of its own (a marker, _OPENS, _LABEL). A line that
# opens with a mark no line opens with (，、。）) goes on the line before. Lines of a table
# (a tab, or a gap of two spaces or more between texts) are never joined.
_CLAUSE = re.compile(r"[，、。；：,;:]")
_CLOSING_BRACKETS = "）)】]〕"
_NO_LINE_OPENS = "，、。；：！？）,;!?)"
_HEADING_MAX = 20  # characters: a numbered line without 。 this short is a heading, comma or not
_MIN_CUTS = 3  # unnumbered lines cut inside a sentence that show how wide a text's cut lines run
_CUT_SHARE = 0.9  # of that width, which a numbered line without 。 must reach to be cut, not a heading
# What opens a line of its own besides a numbering marker: a circled or parenthesised
# number, a dash, a bullet, a label — a word or two before a colon (主要目标：, 牵头单位：,
# 【责任单位】：, 牽頭單位∶) — or a field's label before a semicolon, as a typist's slip writes
# it (配合单位；). A field's line (_FIELD: a role's or a deadline's label, or a word ending in
# 单位 or 部门) is not a paragraph's first line cut short.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_FIELD_WORD = (
    rf"(?:{role_labels(ROLE_LEAD)}|{role_labels(ROLE_PARTICIPANT)}|{alternation(DEADLINE_FIELDS)}"
    rf"|[{_CJK}]{{1,4}}[单單部][{_CJK}])"
)
_FIELD = re.compile(rf"\s*[【［\[]?{_FIELD_WORD}[】］\]]?\s*[：:∶；;]")
_LABEL = re.compile(rf"\s*[【［\[]?(?:[{_CJK}]{{2,6}}[】］\]]?\s*[：:∶]|{_FIELD_WORD}[】］\]]?\s*[；;])")
_OPENS = re.compile(r"\s*(?:[①-⑳⑴-⒇❶-❿]|——|[•●○■□◆◇▲△★☆·])")
# A responsibility written as a line of its own before or after a measure's text, without
# a bracket: 甲局牵头，乙局配合 / 各乡镇人民政府负责落实 / 按职责分工负责.
_ROLE_LINE_END = re.compile(
    rf"(?:(?:{alternation(UNIT_ENDINGS)})(?:{alternation(ROLE_LEAD, ROLE_PARTICIPANT)}|(?:具体|抓好|组织)?落实|具体实施|负责实施)"
    r"|分工负责|负责落实)$"
)
_ROLE_TAIL = 16  # characters at a paragraph's end that may hold its role (…按职责分工负责)
_INNER_GAP = re.compile(r"\S(?: {2,}|\t|\u3000)+\S")


def _cut_width(lines: list[str], widths: list[int], uses_indent: bool) -> int:
    """The width of the lines that a text of no one width breaks inside a sentence (their
    median), where at least ``_MIN_CUTS`` unnumbered lines show it; else 0."""
    cut = sorted(
        widths[index]
        for index in range(len(lines) - 1)
        if not MARKER.match(lines[index])
        and _breaks_sentence(lines[index], lines[index], lines[index + 1], uses_indent, 0)
    )
    return cut[len(cut) // 2] if len(cut) >= _MIN_CUTS else 0


def _breaks_sentence(paragraph: str, before: str, line: str, uses_indent: bool, cut_width: int) -> bool:
    """Whether the break between ``before`` (the last line of ``paragraph``) and ``line``
    falls inside a sentence, in a text not wrapped at one width whose cut lines are
    ``cut_width`` wide (0: not known)."""
    head, content = paragraph.strip(), line.strip()
    if not head or not content or "\t" in before or "\t" in line:
        return False
    if content[0] not in _NO_LINE_OPENS and (ends_sentence(head) or head[-1] in _CLOSING_BRACKETS):
        return False  # most lines of most plans: settled before the searches below
    if _INNER_GAP.search(before.strip()) or _INNER_GAP.search(content) or uses_indent and _INDENT.match(line):
        return False
    if content[0] in _NO_LINE_OPENS:
        return True
    if ends_sentence(head) or head[-1] in _CLOSING_BRACKETS or _ROLE_LINE_END.search(head[-_ROLE_TAIL:]):
        return False
    if MARKER.match(content) or _OPENS.match(content) or _LABEL.match(content):
        return False
    # A label's colon is no clause's (附件：某市任务分工表). A paragraph of several lines holds
    # a clause's punctuation: it was joined for it.
    label = _LABEL.match(head)
    if len(paragraph) <= len(before) and not _CLAUSE.search(head, label.end() if label else 0):
        return False
    if MARKER.match(head) and "。" not in head:
        # A numbered line without 。 is a heading (（二）强化创新引领，加快产业升级), unless it
        # is cut after a separator or, longer than a heading, runs as wide as the lines
        # the text cuts inside sentences.
        if len(head) <= _HEADING_MAX:
            return False
        if head[-1] not in "，、," and not (cut_width and layout_width(before) >= _CUT_SHARE * cut_width):
            return False
    # A field's line (责任单位：甲局、乙局) goes on only where its list is cut after a separator.
    return not _FIELD.match(head) or head[-1] in "，、,"


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
