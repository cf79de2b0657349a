"""Chinese numerals as they appear in plans: 一 … 九十九, 一百零一, 两百, 一千 … 九万九千九百九十九
and on (两, 〇/零, 十, 百, 千, 万)."""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "万"

# A number below 一万 as written: each unit once, coarse to fine, after at most one digit;
# 零 (〇) marks a skipped unit (一百零五); 十 may stand without a digit (十一, 一百十).
_DIGIT = "[一二两三四五六七八九]"
_ZERO = "[零〇]"
_BELOW_10000 = rf"(?:{_DIGIT}千)?(?:{_ZERO}?{_DIGIT}百)?(?:{_ZERO}?{_DIGIT}?十)?(?:{_ZERO}?{_DIGIT})?"
_NUMERAL = re.compile(rf"(?![万零〇])(?:{_BELOW_10000}万)?{_BELOW_10000}")


def chinese_to_int(text: str) -> int:
    """``十七`` → 17, ``二十`` → 20, ``一百零五`` → 105, ``三万`` → 30000.
    A string of plain digits (``１７`` or ``17``) is read as such.
    Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if "万" in text:
        high, _, low = text.partition("万")
        return (chinese_to_int(high) if high else 1) * 10000 + (chinese_to_int(low) if low else 0)
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def is_numeral(text: str) -> bool:
    """Whether ``text`` is a number as Chinese writes one (七, 十一, 一百零一, 两千, 三万零五十),
    not a run of digits (二〇二五, 十四五) or of units (十十): a marker such as 一百零一、 is
    read at any length, a year or a slogan at a line's start is not a marker."""
    return bool(text) and _NUMERAL.fullmatch(text) is not None
