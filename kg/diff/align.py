"""Measures of two versions matched by what they say, not by their numbers.

Each measure's title and text (its responsibility clause set aside) is cut into words by
jieba; two measures are as similar as the cosine of their TF-IDF word vectors, the IDF
counted over the measures of both versions, so that the words every measure of the genre
uses (职业院校, 推进, 建设 …) weigh little and the words of its subject weigh much. Pairs
below FLOOR are never matched; among the others the matching is one-to-one and of the
greatest total margin over the floor (the Hungarian method, run on each group of measures connected
by pairs above the floor — in a real revision nearly all groups are one pair)."""

from __future__ import annotations

import math
import re
from collections import Counter

from kg.diff.model import MeasureView

# Below this cosine two measures are different measures: a split's second half, an added
# measure that shares the plan's vocabulary (measured on generated revisions: unrelated
# measures of one plan score 0.02–0.25, a reworded or split measure 0.45 and above).
FLOOR = 0.35
# Among equally similar pairs, those that keep the measures' order win (a plan repeating a
# measure word for word); small enough never to outweigh a real difference of content.
_ORDER_WEIGHT = 1e-4

_WORD = re.compile(r"[\w\u3400-\u9fff]")
_DIGITS = re.compile(r"^[\d.．%％]+$")


def measure_words(measure: MeasureView) -> str:
    """The words of a measure that say what it does: title and body without the clause
    that assigns it (a reassigned lead is not a different measure)."""
    body = measure.body.replace(measure.responsibility, "") if measure.responsibility else measure.body
    return f"{measure.title}。{body}"


def tokens(text: str, segmenter) -> list[str]:
    """jieba's words of ``text``, without punctuation, spaces and bare numbers (a raised
    target is the same measure)."""
    return [word for word in segmenter.lcut(text) if _WORD.search(word) and not _DIGITS.match(word)]


def similarities(old: list[list[str]], new: list[list[str]]) -> list[list[float]]:
    """Cosine of the TF-IDF vectors of every old × new measure."""
    documents = old + new
    frequency = Counter(word for words in documents for word in set(words))
    count = len(documents)
    idf = {word: math.log((1 + count) / (1 + seen)) + 1 for word, seen in frequency.items()}

    def vector(words: list[str]) -> dict[str, float]:
        weights = {word: n * idf[word] for word, n in Counter(words).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {word: w / norm for word, w in weights.items()}

    left = [vector(words) for words in old]
    right = [vector(words) for words in new]
    # Index the new measures by word: only measures sharing a word need a product.
    holders: dict[str, list[int]] = {}
    for j, weights in enumerate(right):
        for word in weights:
            holders.setdefault(word, []).append(j)
    table = [[0.0] * len(new) for _ in old]
    for i, weights in enumerate(left):
        row = table[i]
        for word, w in weights.items():
            for j in holders.get(word, ()):
                row[j] += w * right[j][word]
    return table


def match(table: list[list[float]], floor: float = FLOOR) -> list[tuple[int, int, float]]:
    """One-to-one pairs (old index, new index, similarity) at or above ``floor``, in old
    order, of the greatest total margin over the floor: a pair counts for what it exceeds
    the floor by, so one close pair (1.0) outweighs two loose ones (0.62 and 0.40) that a
    plain sum of similarities would prefer — an added measure that echoes an old one must
    not take its place."""
    rows, columns = len(table), len(table[0]) if table else 0
    edges = {(i, j) for i in range(rows) for j in range(columns) if table[i][j] >= floor}
    pairs: list[tuple[int, int, float]] = []
    for left, right in _components(edges):
        weight = [
            [_weight(table, i, j, rows, columns, floor) if (i, j) in edges else None for j in right] for i in left
        ]
        for a, b in _hungarian(weight):
            pairs.append((left[a], right[b], table[left[a]][right[b]]))
    return sorted(pairs)


def _weight(table, i: int, j: int, rows: int, columns: int, floor: float) -> float:
    return table[i][j] - floor - _ORDER_WEIGHT * abs(i / max(rows, 1) - j / max(columns, 1))


def _components(edges: set[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """The connected groups of old and new measures that pairs above the floor join."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in edges:
        parent[find(("o", i))] = find(("n", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in sorted(parent):
        side, index = node
        group = groups.setdefault(find(node), ([], []))
        (group[0] if side == "o" else group[1]).append(index)
    return sorted(groups.values())


def _hungarian(weight: list[list[float | None]]) -> list[tuple[int, int]]:
    """The assignment of rows to columns of greatest total weight, where None is no edge
    (an unmatched row or column costs nothing): the Hungarian method on the square matrix
    padded with zero-weight dummies, O(n³)."""
    rows, columns = len(weight), len(weight[0])
    size = max(rows, columns)
    big = 1.0 + max((w for row in weight for w in row if w is not None), default=0.0)
    # Costs to minimise: an edge costs big − weight; no edge (or a dummy) costs big.
    cost = [
        [big - weight[i][j] if i < rows and j < columns and weight[i][j] is not None else big for j in range(size)]
        for i in range(size)
    ]
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    owner = [0] * (size + 1)  # owner[j]: the row (1-based) assigned to column j
    way = [0] * (size + 1)
    for i in range(1, size + 1):
        owner[0] = i
        j0 = 0
        least = [math.inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta, j1 = math.inf, 0
            row = cost[i0 - 1]
            ui0 = u[i0]
            for j in range(1, size + 1):
                if not used[j]:
                    current = row[j - 1] - ui0 - v[j]
                    if current < least[j]:
                        least[j], way[j] = current, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(size + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    found = []
    for j in range(1, size + 1):
        i = owner[j] - 1
        if i < rows and j - 1 < columns and weight[i][j - 1] is not None:
            found.append((i, j - 1))
    return found
