"""Chinese word segmentation for questions: a private jieba tokenizer whose dictionary is
the names policykg knows (departments, programmes, question words), never jieba's global
state or its 20 MB default dictionary — so it loads in milliseconds."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

# Frequency given to every name, so that the names stay whole words.
_NAME_FREQUENCY = 100000
# What no dictionary word may hold: whitespace and line breaks of every kind (\s covers
# all that str.isspace and str.splitlines know), other control characters, surrogates.
_NOT_A_WORD = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _cache_dir() -> Path:
    try:
        from platformdirs import user_cache_path

        folder = user_cache_path("policykg", appauthor=False) / "jieba"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def dictionary_word(name: str) -> str | None:
    """``name`` as an entry of the jieba dictionary, or None when it cannot be one.

    jieba reads its dictionary one ``word frequency`` line at a time and splits each line
    at spaces, so a name that holds a line break of any kind (even at its ends), a space
    inside or a tab, or is empty once the spaces around it are trimmed, would corrupt the
    file or the entries after it: such names are left out, as are names with control
    characters or lone surrogates (which UTF-8 cannot write)."""
    if not isinstance(name, str):
        return None
    word = name.strip(" \t\u3000")
    if not word or _NOT_A_WORD.search(word):
        return None
    return word


def tokenizer(words: list[str]):
    """A jieba Tokenizer over the names in ``words`` that can be dictionary entries
    (``dictionary_word``), cached by their content."""
    return _tokenizer(tuple(sorted({word for word in map(dictionary_word, words) if word})))


def _import_jieba():
    """jieba, imported without ``pkg_resources``: its ``_compat`` imports that (≈150 ms of
    jieba's ≈250 ms import on our machines; deprecated by setuptools) only to open jieba's
    own default dictionary, which policykg never loads, and falls back to a plain ``open``
    of the same file when the import fails."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]):
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    text = "".join(f"{word} {_NAME_FREQUENCY}\n" for word in words)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = _cache_dir()
    dictionary = folder / f"names-{digest}.txt"
    if not dictionary.exists():
        # Written beside, then renamed: another process never reads half a dictionary.
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, dictionary)
    segmenter = jieba.Tokenizer(dictionary=str(dictionary))
    segmenter.tmp_dir = str(folder)
    segmenter.initialize()
    return segmenter
