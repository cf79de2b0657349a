"""Agreement between the coders of a coders' sheet, and between each coder and the
suggested codes (docs/instruments.md, "The coders' workflow"): Cohen's κ for each pair,
κ of "this code or not" for each code, and the confusion table of the first pair.

A clause counts for a pair only when both cells hold a code: an empty coder cell is a
clause not coded yet, while 无 (no instrument) is a code like any other. The suggested
column's empty cell is the suggestion "no instrument", so it reads as 无.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from kg.instruments.codebook import NONE_LABEL
from kg.instruments.sheets import Sheet
from kg.text import display_width, one_line, text_table

SUGGESTED = "suggested"
PLACES = 4


def cohen_kappa(a: list[str], b: list[str]) -> float:
    """Cohen's κ = (p_o − p_e) / (1 − p_e) of two codings of the same items.

    Computed from whole counts, (n·agreed − Σ a_k·b_k) / (n² − Σ a_k·b_k), so that equal
    codings give exactly 1.0. When p_e = 1 (both coders gave every item one and the same
    code) κ is 0/0; it is defined here as 1.0 when p_o = 1 and 0.0 otherwise (p_e = 1
    forces p_o = 1, so in practice 1.0: the coders agree on everything). scikit-learn
    returns nan there instead.
    """
    if len(a) != len(b):
        raise ValueError(f"two codings of different lengths ({len(a)} and {len(b)})")
    if not a:
        raise ValueError("no items coded by both")
    n = len(a)
    agreed = sum(x == y for x, y in zip(a, b))
    first, second = Counter(a), Counter(b)
    expected = sum(count * second[code] for code, count in first.items())
    if expected == n * n:
        return 1.0 if agreed == n else 0.0
    return (n * agreed - expected) / (n * n - expected)


def agreement(sheet: Sheet) -> dict:
    """κ for every pair of coders and for each coder against the suggestions, per code,
    and the confusion table of the first pair (None when the sheet has no pair)."""
    pairs = _pairs(sheet)
    codings = {name: [row.get(name, "") for row in sheet.rows] for name in sheet.coders}
    codings[SUGGESTED] = [row.get(SUGGESTED) or NONE_LABEL for row in sheet.rows]
    found: dict = {"pairs": [], "per_code": [], "confusion": None}
    for a, b in pairs:
        first, second = _both_coded(codings[a], codings[b])
        found["pairs"].append({"a": a, "b": b, "kappa": _kappa(first, second), "n": len(first)})
        found["per_code"] += _per_code(a, b, first, second, _order(sheet.labels, first, second))
    if pairs:
        a, b = pairs[0]
        found["confusion"] = confusion(a, b, *_both_coded(codings[a], codings[b]), labels=sheet.labels)
    return found


def _pairs(sheet: Sheet) -> list[tuple[str, str]]:
    """Every coder with every other coder, in the header's order, then each coder with
    the suggestions."""
    return list(combinations(sheet.coders, 2)) + [(coder, SUGGESTED) for coder in sheet.coders]


def _both_coded(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    kept = [(x, y) for x, y in zip(a, b) if x and y]
    return [x for x, _ in kept], [y for _, y in kept]


def _kappa(a: list[str], b: list[str]) -> float | None:
    """κ rounded; None for a pair with no clause coded by both."""
    return round(cohen_kappa(a, b), PLACES) if a else None


def _per_code(a: str, b: str, first: list[str], second: list[str], codes: list[str]) -> list[dict]:
    """κ of "this code or not" for each code either side used: a code neither used
    would score the degenerate 1.0 and say nothing."""
    used = set(first) | set(second)
    return [
        {
            "a": a,
            "b": b,
            "code": code,
            "kappa": _kappa([x == code for x in first], [y == code for y in second]),
            "n": len(first),
        }
        for code in codes
        if code in used
    ]


def _order(labels: list[str], *codings: list[str]) -> list[str]:
    """The codebook's labels, then 无, then any other code found (in the order found)."""
    ordered = list(dict.fromkeys([*labels, NONE_LABEL]))
    known = set(ordered)
    for coding in codings:
        for code in coding:
            if code not in known:
                known.add(code)
                ordered.append(code)
    return ordered


def confusion(a: str, b: str, first: list[str], second: list[str], labels: list[str]) -> dict:
    """Counts of (a's code, b's code): a row per code of ``a``, a column per code of ``b``,
    both in the codebook's order then 无."""
    codes = _order(labels, first, second)
    index = {code: number for number, code in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in codes]
    for x, y in zip(first, second):
        matrix[index[x]][index[y]] += 1
    return {"a": a, "b": b, "labels": codes, "matrix": matrix}


# --- the report ----------------------------------------------------------------------


def text(result: dict) -> str:
    """The pairs, κ per code, then the confusion table, as aligned plain text."""
    parts = [_pairs_text(result["pairs"])]
    if result["per_code"]:
        parts.append(_per_code_text(result["per_code"]))
    if result.get("confusion"):
        parts.append(_confusion_text(result["confusion"]))
    return "\n\n".join(parts) + "\n"


def _pairs_text(pairs: list[dict]) -> str:
    if not pairs:
        return "No coder column: nothing to compare."
    names = [f"{one_line(pair['a'])} × {one_line(pair['b'])}" for pair in pairs]
    width = max(display_width(name) for name in names)
    lines = [
        f"{name}{' ' * (width - display_width(name))}  κ = {_shown(pair['kappa'])}  (n = {pair['n']})"
        for name, pair in zip(names, pairs)
    ]
    return "Cohen's κ\n" + "\n".join(lines)


def _per_code_text(rows: list[dict]) -> str:
    table = [
        {"pair": f"{row['a']} × {row['b']}", "code": row["code"], "κ": _shown(row["kappa"]), "n": row["n"]}
        for row in rows
    ]
    return "κ per code (this code or not)\n" + text_table(["pair", "code", "κ", "n"], table)


def _confusion_text(table: dict) -> str:
    corner = f"{table['a']} \\ {table['b']}"
    columns = [corner] + [one_line(code) for code in table["labels"]]
    rows = [{corner: code, **dict(zip(columns[1:], counts))} for code, counts in zip(table["labels"], table["matrix"])]
    title = f"Confusion table (rows {one_line(table['a'])}, columns {one_line(table['b'])})"
    return title + "\n" + text_table(columns, rows)


def _shown(kappa: float | None) -> str:
    return "–" if kappa is None else f"{kappa:.3f}"
