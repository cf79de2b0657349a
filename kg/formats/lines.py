"""The genre's lines as the readers rebuild them from a page or its markup: the numbering
markers that open a paragraph, and the spaces a layout puts between Chinese characters.
"""

from __future__ import annotations

import re

# Numbering markers that open a paragraph in the genre: 一、 （一） （1） 1） 1. 1、 １． 第一章 注： 附件
MARKER = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3}|[０-９]{1,3})\s*[）)]"
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
