"""Clause retrieval for value questions: the clause of a plan that answers 生均拨款标准是多少？
and the figure in it.

A value question names what is measured in the plan's own words, rarely in those of a
stored target's metric, so it is answered by ranking the plan's clauses against the
question with BM25, then reading the figure from the best ones. BM25 is SQLite's FTS5
``bm25()`` over an in-memory table built for each call from what the store holds now:
nothing can go stale when the store changes, and the standard library's sqlite3 costs no
import time (bm25s and numpy cost more than the whole budget of a question).

Clauses are a measure's sentences, cut at 。；！？ and line breaks. Cutting long sentences
at their commas as well loses what an elliptical piece leaves to the piece before it
(中职生均拨款标准不低于10000元/年，高职不低于12000元/年): the sentence is ranked whole,
and its pieces only choose the figure. A measure's heading (its text up to the first 。)
is its title rather than an answer: its words count for every clause of the measure at a
lower weight, it is a passage of its own only when it states a stored target, and a
clause is returned only when its own words match. The responsibility（牵头单位：…）is no
clause.

A plan states targets outside its measures too, in a 工作目标 or 主要目标 section
(``?document pk:target ?t``). The sentence that holds such a target is a clause of its
own, with no measure and no title (``measure`` and ``title`` are None): cut from the
plan's text (``pk:sourceText``) around the target's span as a measure's sentences are, or,
when the store holds no text of the plan or one the target's offsets do not quote, the
target's quoted text (its ``pk:text``) at the target's offsets. Its figure is that target,
or another of the plan's in the same sentence.

A store written by another tool may hold a number that is none ("seven"^^xsd:integer,
which ``kg.query.python_value`` gives as its text): a measure whose number or offsets
are no integers, and a target whose offsets are no integers or whose value is no
number, are left out; a due year that is no integer is none.

Terms are the character bigrams of every run of Chinese, and the names, numbers and Latin
words that jieba (``kg.segment``, whose small dictionary keeps the caller's names whole)
finds. The dictionary holds the English question words, and jieba cuts a Latin word at
every one it holds (wh|at, fund|in|g, voc|at|i|on|al), so adjacent Latin tokens are
joined again into the word as written. Without a general dictionary jieba's HMM cuts unknown words, and cuts the same
words differently in different contexts (兼职|教师 in a question, 兼|职教师 in the plan),
so its other tokens would match by chance: bigrams make a question's words meet the
plan's. Clauses are cut without the HMM (it costs most of the time and its words are
not used); the question with it, so that a one-character question word (的, 是, 几) is
dropped only where jieba leaves it alone. FTS5's unicode61 tokenizer keeps
space-separated CJK tokens whole, so names and bigrams go in as space-joined text, in
columns of their own.

The figure of a passage is a stored target in the clause, or a plain quantity of a piece
(cut at ，；：) that holds none: money, %, 倍 or a duration, alone in its piece, with an
optional comparator word before it and 每 phrases as its basis (给予一次性奖励20万元,
补贴期限最长不超过3年; not 五年制 or 3年内, whose 年 goes on into a word). An interval
(每三年举办一次) is a stored target already: 1 次, counted per 每三年.

Of these, first comes a stored target due in the year the question names; then one whose
metric the question names (高职 in 高职生均拨款标准是多少？), and of those one counted
for each of something (各区县, 每所高职院校) only when the question names that too; then
the one that shares most terms with the question beyond the words of the measure's title
(which tell no two pieces of a measure apart), then most terms at all, a stored target
before a plain quantity, the first. A plain quantity that shares no term with the
question is never the figure, so a clause whose stored targets share none gives one of
them, and a clause without one gives none: a figure is never made up.

Passages come in BM25 order, but a value question asks for a figure, and BM25 favours a
short clause that repeats the question's words over the longer sentence that states the
value (将职业院校生均拨款与服务地方经济挂钩 over the sentence of 中职生均拨款标准不低于
10000元/年). So among the passages that score at least half as well as the best, these
come first, each group in BM25 order: those whose figure is due in the year the
question names (到2026年) and that match some other word of it; then those whose figure
is a stored target whose text and metric hold every term of the question that the plans
use (a question's English words match nothing and count for nothing: 专场招聘活动 in
How many 专场招聘活动 are to be organised?); then those with another figure that shares
a term with the question; then the rest. A year is thus a preference, not a filter, and
a passage that scores under half the best is never lifted.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kg import ids
from kg import query as query_library
from kg.extract.targets import PREFIX_ALTERNATION, SUFFIX_ALTERNATION, Comparator
from kg.lexicon import COMPARATORS_AFTER, COMPARATORS_BEFORE, QUESTION_WORDS, alternation
from kg.numerals import chinese_to_int
from kg.read import normalise
from kg.segment import dictionary_word, tokenizer

# Words that ask, not what is asked about (the lexicon's: only particles of one character).
_QUESTION_WORDS = frozenset(QUESTION_WORDS)
# Weights of the clause's tokens, its bigrams, and its measure's heading in bm25().
_WEIGHTS = (1.0, 1.0, 0.3)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Read in the normalised text, where ！？ are !? and ; : are full-width.
_CLAUSE_ENDS = re.compile(r"[。；!?\n]")
# Commas and colons cut pieces, except between digits (10,000, 1：4).
_PIECE_ENDS = re.compile(r"[，；]|(?<!\d)[,：]|[,：](?!\d)")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_CONTENT = re.compile(r"\w")

_MEASURES = query_library.Query(
    "retrieve-measures",
    """
PREFIX pk:  <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?document ?documentTitle ?measure ?title ?span ?duty
WHERE {
  GRAPH ?document {
    ?document pk:measure ?m ; eli:title ?documentTitle .
    ?m pk:number ?measure ; eli:title ?title ; pk:text ?span .
    OPTIONAL { ?m pk:responsibilityText ?duty }
  }
}""",
)
# A measure's targets, and the plan's own (a 主要目标 section's: ?document pk:target ?t),
# which come with the plan's title, as no measure row brings it.
_TARGETS = query_library.Query(
    "retrieve-targets",
    """
PREFIX pk:     <https://w3id.org/policykg/ontology#>
PREFIX eli:    <http://data.europa.eu/eli/ontology#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT ?document ?goal ?documentTitle ?span ?text ?metric ?scope ?comparator ?value ?valueMax ?unit ?basis
       ?dueYear
WHERE {
  GRAPH ?document {
    { ?document pk:measure ?m . ?m pk:target ?t . }
    UNION
    { ?document pk:target ?t . BIND(true AS ?goal) OPTIONAL { ?document eli:title ?documentTitle } }
    ?t pk:comparator ?comparatorConcept ; schema:value ?value ; schema:unitText ?unit ; pk:metric ?metric ;
       pk:text ?span ; pk:quote ?text .
    OPTIONAL { ?t schema:maxValue ?valueMax }
    OPTIONAL { ?t pk:basis ?basis }
    OPTIONAL { ?t pk:scope ?scope }
    OPTIONAL { ?t pk:dueYear ?dueYear }
  }
  # Typed, so that the store looks up the few comparators, not every notation of the registry.
  GRAPH <https://w3id.org/policykg/graph/registry> { ?comparatorConcept a pk:Comparator ; skos:notation ?comparator }
}""",
)
# The text of the plans, which every span (pk:text <plan#char=start,end>) counts in.
_SOURCES = query_library.Query(
    "retrieve-sources",
    """
PREFIX pk: <https://w3id.org/policykg/ontology#>
SELECT ?document ?source
WHERE { GRAPH ?document { ?document pk:sourceText ?source } }""",
)


@dataclass(frozen=True)
class Figure:
    value: int | float | Decimal
    value_max: int | float | Decimal | None
    comparator: str | None  # the comparator's skos:notation: = > >= < <= ~ range
    unit: str | None
    basis: str | None  # what the value is counted per: 每人每年
    due_year: int | None
    text: str  # the stored target's text, or the piece a plain quantity was read from


@dataclass(frozen=True)
class Passage:
    document: str  # the plan's IRI
    document_title: str
    measure: int | None  # None for a sentence of the plan's goals, outside any measure
    title: str | None  # the measure's title; None outside a measure
    clause: str  # complete, as written
    start: int  # offsets of the clause in the plan's text
    end: int
    score: float  # BM25, higher is better
    figure: Figure | None


@dataclass(frozen=True)
class _Clause:
    document: str
    document_title: str
    measure: int | None
    title: str | None
    text: str
    start: int
    end: int
    heading: bool


@dataclass(frozen=True)
class _Target:
    document: str
    goal: bool  # the plan's own target, in no measure
    document_title: str
    start: int
    end: int
    metric: str
    scope: str | None
    figure: Figure


def retrieve(
    source,
    question: str,
    *,
    document: str | None = None,
    words: Iterable[str] = (),
    stopwords: Iterable[str] = (),
    limit: int = 3,
) -> list[Passage]:
    """The clauses of the plans in ``source`` (a Store or an Endpoint) that best answer a
    value question, best first (by BM25, with the passages whose figure answers lifted:
    see the module docstring; ties in document order), at most ``limit``; none that
    shares no term with the question. ``document`` (a plan's IRI) limits the search
    to that plan; ``words`` are names to keep whole (units, programmes, glossary terms);
    ``stopwords`` are dropped from the question like its question words."""
    names = [name for name in map(dictionary_word, words) if name]
    stop = _QUESTION_WORDS | {word.strip().lower() for word in stopwords}
    cutter = _Terms(tokenizer([*names, *stop]), frozenset(name.lower() for name in names))
    terms = cutter.question(question, stop)
    if not terms or limit <= 0:
        return []
    texts = _texts(source, document)
    clauses = _clauses(source, document, texts)
    targets = _targets(source, document)
    clauses += _goal_clauses(texts, targets, clauses)
    clauses.sort(key=lambda clause: (clause.document_title, clause.document, clause.start))
    candidates = [c for c in clauses if not c.heading or any(_inside(t, c) for t in targets)]
    ranked, used = _rank(cutter, candidates, terms)
    if not ranked:
        return []
    year = _asked_year(question)
    # Figures only for the passages that may be returned: the first ``limit``, and those
    # that score at least half as well as the best, which a figure may lift above them.
    floor = ranked[0][1] / 2
    considered = [(clause, score) for index, (clause, score) in enumerate(ranked) if index < limit or score >= floor]
    asked = set(terms)
    others = asked - {str(year)}

    def preference(item: tuple[Passage, int]) -> tuple[bool, int]:
        passage, answer = item
        if passage.score < floor:
            return False, 0
        due = (
            year is not None
            and passage.figure is not None
            and passage.figure.due_year == year
            and bool(others & cutter.of(passage.clause))
        )
        return due, answer

    chosen = [
        (_passage(clause, score, figure), answer)
        for clause, score in considered
        for figure, answer in [_figure(cutter, clause, targets, asked, used, year)]
    ]
    # Stable: in score order within each rank of preference.
    chosen.sort(key=preference, reverse=True)
    return [passage for passage, _ in chosen[:limit]]


# --- terms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Terms:
    """How a call cuts text into terms: the segmenter and the names it keeps whole
    (lower-cased, as every term is)."""

    segmenter: object
    names: frozenset[str]

    def words(self, text: str) -> list[str]:
        """The names, numbers and Latin words of ``text``; the rest of its Chinese is
        bigrams. Cut without jieba's HMM: it costs most of the time, and what it would
        join the bigrams match anyway."""
        return [
            word
            for word in _latin_whole(map(str.lower, self.segmenter.lcut(normalise(text), HMM=False)))
            if self._kept(word)
        ]

    def _kept(self, token: str) -> bool:
        return token in self.names or (token.isascii() and token.isalnum())

    def of(self, text: str) -> set[str]:
        return set(self.words(text)) | set(_bigrams(normalise(text)))

    def question(self, question: str, stop: set[str]) -> list[str]:
        """The question's terms, in order, once: its names, numbers and Latin words, and
        the bigrams of each run of words that are no question words. A question word
        cuts a run, so no bigram straddles it (多少个 in 新建多少个基站). The question is
        cut with the HMM, so that a one-character question word inside a word jieba finds
        (几 in 几乎) stays."""
        runs, current = [], []
        for token in _latin_whole(self.segmenter.lcut(normalise(question))):
            word = token.strip().lower()
            if word and _CONTENT.search(word) and word not in stop:
                current.append(word)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        words = [word for run in runs for word in run if self._kept(word)]
        return list(dict.fromkeys(words + [gram for run in runs for gram in _bigrams("".join(run))]))


def _latin_whole(tokens: Iterable[str]) -> list[str]:
    """The tokens with each run of adjacent Latin letters and digits joined again: the
    dictionary holds English question words (at, in, on), and jieba cuts a Latin word at
    any it holds (wh|at, fund|in|g, voc|at|i|on|al)."""
    joined: list[str] = []
    after_latin = False
    for token in tokens:
        latin = token.isascii() and token.isalnum()
        if latin and after_latin:
            joined[-1] += token
        else:
            joined.append(token)
        after_latin = latin
    return joined


def _bigrams(text: str) -> list[str]:
    return [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]


def _fts_query(terms: list[str]) -> str:
    """An OR of the terms, each an FTS5 string: nothing in a question is FTS5 syntax."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


# --- clauses and targets from the store ------------------------------------------------


def _texts(source, document: str | None) -> dict[str, str]:
    """The text of each plan (pk:sourceText), by the plan's IRI."""
    _, rows = query_library.run(source, _SOURCES.bind({}, document=document))
    return {str(row["document"]): row["source"] for row in rows if isinstance(row["source"], str)}


def _span(value: object, document: str, text: str | None) -> tuple[int, int] | None:
    """The offsets of a span IRI of ``document`` that lie inside its ``text`` (when known);
    None for anything else (another tool's store may hold any IRI there)."""
    found = ids.span_of(str(value)) if value is not None else None
    if found is None or found[0] != document or found[2] < found[1]:
        return None
    if text is not None and found[2] > len(text):
        return None
    return found[1], found[2]


def _clauses(source, document: str | None, texts: dict[str, str]) -> list[_Clause]:
    """Every clause of every measure, the responsibility left out. A measure whose
    number is no integer (another tool's store may hold "seven"^^xsd:integer), or whose
    span is none of its plan's text, is left out."""
    _, rows = query_library.run(source, _MEASURES.bind({}, document=document))
    clauses = []
    for row in rows:
        plan = str(row["document"])
        number, span = _integer(row["measure"]), _span(row["span"], plan, texts.get(plan))
        if number is None or span is None or plan not in texts:
            continue
        start = span[0]
        text = texts[plan][span[0] : span[1]]
        reading = text
        if row["duty"] is not None:
            duty = _span(row["duty"], plan, texts[plan])
            if duty is None:
                continue
            # Blanked out, not cut out, so that offsets stay those of the plan.
            left = min(max(duty[0] - start, 0), len(text))
            right = min(max(duty[1] - start, left), len(text))
            reading = text[:left] + "\n" * (right - left) + text[right:]
        for index, (at, end) in enumerate(_split(reading, _CLAUSE_ENDS)):
            clauses.append(
                _Clause(
                    plan,
                    str(row["documentTitle"]),
                    number,
                    str(row["title"]),
                    text[at:end],
                    start + at,
                    start + end,
                    index == 0,
                )
            )
    return clauses


def _goal_clauses(texts: dict[str, str], targets: list[_Target], clauses: list[_Clause]) -> list[_Clause]:
    """The sentences that hold the plan's own targets (工作目标, 主要目标), once each: the
    sentence of the plan's text (pk:sourceText) around the target's span, cut as a
    measure's clauses are; the target's quoted text (its pk:quote) when the store holds no
    text of the plan, or one its offsets do not quote. A target inside a measure's clause
    is that clause's already."""
    goals = [t for t in targets if t.goal and not any(_inside(t, clause) for clause in clauses)]
    if not goals:
        return []
    readings: dict[str, str] = {}
    found: dict[tuple[str, int, int], _Clause] = {}
    for target in goals:
        text = texts.get(target.document)
        if text is not None and target.end <= len(text) and text[target.start : target.end] == target.figure.text:
            if target.document not in readings:
                readings[target.document] = normalise(text)
            start, end = _sentence(text, readings[target.document], target.start, target.end)
            clause = text[start:end]
        elif target.figure.text.strip():
            start, end, clause = target.start, target.end, target.figure.text
        else:
            continue
        found.setdefault(
            (target.document, start, end),
            _Clause(target.document, target.document_title, None, None, clause, start, end, False),
        )
    return list(found.values())


def _sentence(text: str, reading: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` (``reading`` normalised) that holds
    ``start:end``: from the clause end (。；！？ or a line break) before it to the one after
    it, blanks trimmed."""
    left = max((match.end() for match in _CLAUSE_ENDS.finditer(reading, 0, start)), default=0)
    after = _CLAUSE_ENDS.search(reading, end)
    right = len(text) if after is None else after.start()
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _split(text: str, ends: re.Pattern) -> list[tuple[int, int]]:
    """Spans of the pieces of ``text`` between ``ends``, blanks trimmed, empty ones dropped."""
    spans, at = [], 0
    for stop in [m.start() for m in ends.finditer(normalise(text))] + [len(text)]:
        left, right = at, stop
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            spans.append((left, right))
        at = stop + 1
    return spans


def _targets(source, document: str | None) -> list[_Target]:
    """The stored targets in document order; one whose offsets are no integers, or whose
    value is no number, is left out, and a due year that is no integer is none."""
    _, rows = query_library.run(source, _TARGETS.bind({}, document=document))
    targets = []
    for row in rows:
        span = _span(row["span"], str(row["document"]), None)
        value, value_max = row["value"], row["valueMax"]
        if span is None or not _number(value) or not (value_max is None or _number(value_max)):
            continue
        figure = Figure(
            value=value,
            value_max=value_max,
            comparator=row["comparator"],
            unit=row["unit"],
            basis=row["basis"],
            due_year=_integer(row["dueYear"]),
            text=str(row["text"]),
        )
        targets.append(
            _Target(
                str(row["document"]),
                row["goal"] is True,
                str(row["documentTitle"] or ""),
                *span,
                str(row["metric"]),
                row["scope"],
                figure,
            )
        )
    return sorted(targets, key=lambda target: (target.document, target.start, target.end))


def _integer(value: object) -> int | None:
    """A whole number from the store, or None for anything else (the text of an ill-typed literal)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _inside(target: _Target, clause: _Clause) -> bool:
    return target.document == clause.document and clause.start <= target.start and target.end <= clause.end


# --- ranking ---------------------------------------------------------------------------


def _rank(cutter: _Terms, candidates: list[_Clause], terms: list[str]) -> tuple[list[tuple[_Clause, float]], set[str]]:
    """The candidates whose own words match some term, with their BM25 score, best
    first (ties in document order); and the terms that some candidate's own words hold."""
    headings = {
        title: cutter.words(title) + _bigrams(normalise(title)) if title else []
        for title in {c.title for c in candidates}
    }
    columns = [(cutter.words(clause.text), _bigrams(normalise(clause.text))) for clause in candidates]
    database = sqlite3.connect(":memory:")
    try:
        database.execute('CREATE VIRTUAL TABLE clauses USING fts5(words, grams, heading, tokenize="unicode61")')
        database.executemany(
            "INSERT INTO clauses (rowid, words, grams, heading) VALUES (?, ?, ?, ?)",
            [
                (index, " ".join(words), " ".join(grams), " ".join(headings[clause.title]))
                for index, (clause, (words, grams)) in enumerate(zip(candidates, columns))
            ],
        )
        weights = ", ".join(map(str, _WEIGHTS))
        rows = database.execute(
            f"SELECT rowid, -bm25(clauses, {weights}) FROM clauses WHERE clauses MATCH ? ORDER BY 2 DESC, rowid",
            (_fts_query(terms),),
        ).fetchall()
    finally:
        database.close()
    asked = set(terms)
    used = asked & set().union(*(words for words, _ in columns), *(grams for _, grams in columns))
    return [
        (candidates[index], score)
        for index, score in rows
        if score > 0 and not asked.isdisjoint(columns[index][0] + columns[index][1])
    ], used


def _asked_year(question: str) -> int | None:
    match = _YEAR.search(normalise(question))
    return int(match.group(1)) if match else None


def _passage(clause: _Clause, score: float, figure: Figure | None) -> Passage:
    return Passage(
        clause.document,
        clause.document_title,
        clause.measure,
        clause.title,
        clause.text,
        clause.start,
        clause.end,
        score,
        figure,
    )


# --- figures ---------------------------------------------------------------------------


def _figure(
    cutter: _Terms, clause: _Clause, targets: list[_Target], asked: set[str], used: set[str], year: int | None
) -> tuple[Figure | None, int]:
    """The figure of the clause that answers the question (see the module docstring), and
    how well it answers: 2 for a stored target whose text and metric hold every term of
    the question that the plans use, 1 for another that shares a term with the question
    or a plain quantity (which always does), 0 for none, or a stored target that shares
    none."""
    stored = [t for t in targets if _inside(t, clause)]
    taken = [(t.start - clause.start, t.end - clause.start) for t in stored]
    plain = [
        (clause.start + a, figure)
        for a, b in _split(clause.text, _PIECE_ENDS)
        if not any(a < end and start < b for start, end in taken)
        and (figure := _plain_quantity(clause.text[a:b])) is not None
    ]
    topic = cutter.of(clause.title) if clause.title else set()

    def rank(start: int, figure: Figure, target: _Target | None) -> tuple:
        said = cutter.of(figure.text if target is None else f"{figure.text} {target.metric}")
        shared = asked & said
        named = target is not None and bool(metric := cutter.of(target.metric)) and metric <= asked
        fits = named and _scope_fits(cutter, target.scope, asked)
        due = year is not None and figure.due_year == year
        answer = 0 if not shared else 2 if target is not None and used <= said else 1
        return due, named + fits, len(shared - topic), len(shared), target is not None, -start, answer

    ranked = [(rank(t.start, t.figure, t), t.figure) for t in stored]
    ranked += [(key, figure) for start, figure in plain if (key := rank(start, figure, None))[3]]
    if not ranked:
        return None, 0
    key, figure = max(ranked, key=lambda item: item[0])
    return figure, key[-1]


def _scope_fits(cutter: _Terms, scope: str | None, asked: set[str]) -> bool:
    """Whether a target's scope fits the question: a target counted for each of
    something (各区县（市）, 每所高职院校) answers only a question that names it."""
    return not scope or scope[0] not in "各每" or not asked.isdisjoint(cutter.of(scope[1:]))


_NUMBER = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
# The comparator words of the lexicon, read as targets read them (kg.extract.targets):
# before the number (不低于 → >=, 最长 → <=) and after it (以上 → >=, 左右 → ~).
_COMPARATOR_WORDS = {word: Comparator[name.upper()].value for word, name in COMPARATORS_BEFORE.items()}
_SUFFIX_COMPARATORS = {word: Comparator[name.upper()].value for word, name in COMPARATORS_AFTER.items()}
# A duration only where no word goes on after it but a comparator: 试点期限为3年, 满2年的,
# 3年以上, not 五年制, 3年内 or 3年以内, where 内 makes a horizon.
_DURATION_END = alternation(tuple(word for word in _SUFFIX_COMPARATORS if not word.endswith("内")))
_UNIT = (
    r"(?:[千万亿]|千万|百万)?元(?:/[人年月次项户])?|%|‰|倍"
    rf"|(?:个月|年|周|天|小时)(?=$|[^\u4e00-\u9fff]|的|{_DURATION_END})"
)
_QUANTITY = re.compile(
    rf"(?P<basis>(?:每[^\s\d，。；：、每]{{1,4}}?)+)?"
    rf"(?P<comparator>(?:{PREFIX_ALTERNATION})+)?"
    rf"(?P<low>{_NUMBER})(?:(?P<low_unit>{_UNIT})?(?:至|到|—|-|~)(?P<high>{_NUMBER}))?(?P<unit>{_UNIT})"
    rf"(?P<suffix>{SUFFIX_ALTERNATION})?"
)


def _plain_quantity(piece: str) -> Figure | None:
    """The one quantity of money, %, 倍 or time written in ``piece``, or None when there
    is none or more than one. Years (2025年) are dates, not durations."""
    reading = normalise(piece)
    found = [m for m in _QUANTITY.finditer(reading) if not (m.group("unit") == "年" and len(m.group("low")) == 4)]
    if len(found) != 1:
        return None
    match = found[0]
    if match.group("low_unit") and match.group("low_unit") != match.group("unit"):
        return None
    low = _decimal(match.group("low"))
    high = _decimal(match.group("high")) if match.group("high") else None
    comparator = (
        Comparator.RANGE.value if high is not None else _comparator(match.group("comparator"), match.group("suffix"))
    )
    return Figure(
        value=_plain(low),
        value_max=None if high is None else _plain(high),
        comparator=comparator,
        unit=match.group("unit"),
        basis=match.group("basis"),
        due_year=None,
        text=piece,
    )


def _comparator(words: str | None, suffix: str | None) -> str:
    """最长不超过 → <= (the last word counts), 3年以上 → >=, else =."""
    if words:
        return _COMPARATOR_WORDS[max((word for word in _COMPARATOR_WORDS if words.endswith(word)), key=len)]
    return _SUFFIX_COMPARATORS.get(suffix or "", Comparator.EQUAL.value)


def _decimal(written: str) -> Decimal:
    return Decimal(written) if written[0].isdigit() else Decimal(chinese_to_int(written))


def _plain(number: Decimal) -> int | float:
    """As kg.query.python_value gives a decimal: an int when whole."""
    return int(number) if number == number.to_integral_value() else float(number)
