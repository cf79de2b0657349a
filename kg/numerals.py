"""Chinese numerals as they appear in plans: 一 … 九十九, 两, 〇/零, 百, 千, 万."""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "万"


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
