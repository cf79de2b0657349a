"""PDF (with a text layer) → the plan's text, one paragraph a line.

A PDF holds lines placed on pages, not paragraphs. This module drops what the page
layout adds — running headers and footers, page numbers (— 3 —, 第3页, -3-, 3) — and
joins the lines of each paragraph again, using the page geometry first (a line that stops
short of the right margin ends its paragraph; an indented line starts one) and the genre's
markers and punctuation second. Chinese has no spaces between words, so lines are joined
without one: a unit name broken across two lines comes back whole.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.formats.lines import MARKER, PAGE_NUMBER, ends_sentence, join_cjk_spaces, join_wrapped, page_key

_MARGIN_BAND = 0.12  # headers and footers sit in the top and bottom 12% of a page
_EDGE_LINES = 3  # …and are among the first or last three lines of it
# Lines fewer than this many characters a page on average mean the text layer is not the
# document's text (a scan with at most a stamp or a portal's header on it).
_MIN_CHARS_PER_PAGE = 40


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    page: int


def extract_pdf(path: Path, data: bytes | None = None) -> str:
    """The text of a PDF's text layer as paragraphs, one a line. ``data`` is the file's
    bytes when the caller has them; ``path`` names it in errors."""
    pages = _read_lines(path, data)
    body = _drop_headers_and_footers(pages)
    count = sum(len(re.sub(r"\s", "", line.text)) for page in body for line in page)
    if count < _MIN_CHARS_PER_PAGE * max(len(pages), 1) or not any(body):
        raise InputError(
            f"{path}: this PDF has no text layer (a scan); run OCR first (e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`)"
        )
    lines = [line for page in body for line in page]
    unmapped = sum(line.text.count("(cid:") for line in lines)
    if unmapped * 6 > count / 2:
        raise InputError(
            f"{path}: this PDF's fonts do not say which characters they draw, so its text cannot be read; "
            "run OCR (e.g. `ocrmypdf --force-ocr --language chi_sim in.pdf out.pdf`) or export the text from the original"
        )
    paragraphs = _paragraphs(lines)
    return "\n".join(paragraphs) + "\n" if paragraphs else ""


def _read_lines(path: Path, data: bytes | None) -> list[list[_Line]]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data) if data is not None else str(path)) as pdf:
            raw_pages = [
                (float(page.height), page.dedupe_chars().extract_text_lines(return_chars=False)) for page in pdf.pages
            ]
    except Exception as error:  # pdfminer raises many kinds for a broken file; pdfplumber wraps them
        cause = error.args[0] if type(error).__name__ == "PdfminerException" and error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(f"{path}: this PDF is password-protected; open it and save an unprotected copy") from None
        raise InputError(
            f"{path}: the PDF is damaged ({type(cause).__name__}); download it again or re-save it"
        ) from None
    pages = []
    for number, (height, lines) in enumerate(raw_pages, start=1):
        page = []
        for line in lines:
            text = _clean(line["text"])
            if text:
                page.append(_Line(text, float(line["x0"]), float(line["x1"]), float(line["top"]) / height, number))
        pages.append(page)
    return pages


def _clean(text: str) -> str:
    # Some PDF writers map 部 to the Kangxi radical ⾢ or a compatibility ideograph; NFKC
    # maps those back to the ordinary character (and leaves other CJK alone).
    text = "".join(
        unicodedata.normalize("NFKC", char) if 0x2F00 <= ord(char) <= 0x2FDF or 0xF900 <= ord(char) <= 0xFAFF else char
        for char in text
    )
    return join_cjk_spaces(text).strip()


def _drop_headers_and_footers(pages: list[list[_Line]]) -> list[list[_Line]]:
    def edge(page: list[_Line]) -> list[_Line]:
        head = [line for line in page[:_EDGE_LINES] if line.top < _MARGIN_BAND]
        foot = [line for line in page[-_EDGE_LINES:] if line.top > 1 - _MARGIN_BAND - 0.03]
        return head + [line for line in foot if line not in head]

    repeats = Counter(pattern for page in pages for pattern in {page_key(line.text) for line in edge(page)})
    needed = max(2, (len(pages) + 1) // 2)
    body = []
    for page in pages:
        drop = {
            id(line)
            for line in edge(page)
            if PAGE_NUMBER.fullmatch(line.text) or len(pages) > 1 and repeats[page_key(line.text)] >= needed
        }
        body.append([line for line in page if id(line) not in drop])
    return body


# --- lines to paragraphs -------------------------------------------------------------


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    em = _em(lines)
    left = _left_edge(lines)
    right = _right_edge(lines)
    indent = [(line.x0 - left) / em for line in lines]
    # A plan set with first-line indents (GB/T 9704 公文 style: two characters) tells
    # paragraph starts by the indent; without them, by the end of the line before.
    uses_indent = sum(1.5 <= value <= 3.5 for value in indent) >= 3

    def full(index: int) -> bool:
        return lines[index].x1 >= right - 1.2 * em

    def standalone(index: int) -> bool:  # centred or right-aligned: a title, a date, a signature
        return indent[index] > 3.5

    def starts_paragraph(index: int) -> bool:
        before = index - 1
        if standalone(index) or standalone(before) or not full(before):
            return True
        if uses_indent:
            if 1.5 <= indent[index] <= 3.5:
                return True
            if MARKER.match(lines[index].text) and ends_sentence(lines[before].text):
                return True  # a heading set flush left in a plan whose paragraphs are indented
            # A full, unindented line after a full line continues it, even after 。 or
            # before a number that happens to open the line.
            return False
        text = lines[index].text
        if MARKER.match(text):
            return True
        if text.startswith("（") and text.endswith("）"):
            return False  # the units of the measure before: （区教育局、区财政局）
        return ends_sentence(lines[before].text)

    paragraphs: list[str] = [lines[0].text]
    for index in range(1, len(lines)):
        if starts_paragraph(index):
            paragraphs.append(lines[index].text)
        else:
            paragraphs[-1] = join_wrapped(paragraphs[-1], lines[index].text)
    return paragraphs


def _em(lines: list[_Line]) -> float:
    """The width of one Chinese character, from lines that are mostly Chinese."""
    widths = [
        (line.x1 - line.x0) / len(line.text)
        for line in lines
        if len(line.text) >= 4 and sum(not char.isascii() for char in line.text) >= 0.8 * len(line.text)
    ]
    return statistics.median(widths) if widths else 10.0


def _left_edge(lines: list[_Line]) -> float:
    """Where unindented lines start: the leftmost start that several lines share (a
    stray line further left, such as a wide table row, does not move it)."""
    counts = Counter(round(line.x0) for line in lines)
    needed = max(2, len(lines) // 20)
    shared = [x for x, count in counts.items() if count >= needed]
    return float(min(shared) if shared else min(counts))


def _right_edge(lines: list[_Line]) -> float:
    """Where full lines end: the largest right edge that several lines reach."""
    ends = sorted((line.x1 for line in lines), reverse=True)
    needed = max(2, len(ends) // 20)
    return ends[min(needed, len(ends)) - 1]
