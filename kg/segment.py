"""Chinese word segmentation for questions: a private jieba tokenizer whose dictionary is
the names policykg knows (departments, programmes, question words), never jieba's global
state or its 20 MB default dictionary — so it loads in milliseconds."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

# Frequency given to every name, so that the names stay whole words.
_NAME_FREQUENCY = 100000


def _cache_dir() -> Path:
    try:
        from platformdirs import user_cache_path

        folder = user_cache_path("policykg", appauthor=False) / "jieba"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def tokenizer(words: list[str]):
    """A jieba Tokenizer over ``words`` (cached by their content)."""
    return _tokenizer(tuple(sorted({w.strip() for w in words if w.strip() and " " not in w.strip()})))


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]):
    import jieba

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
