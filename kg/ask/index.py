"""The catalog's name index, read: which plans may hold a name, a place or a title that a
question writes, found by looking up the question's own words rather than by reading every
plan's names for each question (which cost a 1,000-plan store 0.6 s a question).

A build writes each plan's part of the index with its catalog entry (``kg.corpus._catalog``;
docs/graph.md lists the triples), so it is removed and replaced with the plan. Linking
(``kg.ask.link``) reads it so:

* A Chinese name of 2 to 16 plain characters (``is_plain``: Chinese characters and a few
  marks that folding leaves as they are) is looked up as written: every such run of words
  of the question is one value of one query (``labels``).
* Any other name of a unit, programme or glossary entry is in the index by its first
  Chinese characters (other characters left out: folding changes none of them, and a name
  inside the folded question has its Chinese characters inside the question's), and so is
  every place of a unit, without its level: the plans whose entries the question's own runs
  of Chinese characters start (``Hits``) are read whole, as every plan was before. A name
  with no Chinese character is in the index whole.
* A plan's title and its measures' titles are in it by their first characters, as written.

What the index finds is read from the plans' graphs and matched as before, so an answer is
the same whether a plan came through the index or was read whole. A plan whose catalog
entry holds no index of this version (a store built before it, or a graph another tool
wrote) is read whole (``unindexed``): the index only narrows which plans are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from kg import query as query_library
from kg.vocab import BASE, CATALOG_GRAPH, REGISTRY_GRAPH

# Copies of kg.corpus's definitions (importing it would cost `ask` its start-up);
# tests/test_ask_index.py checks that they agree. The characters are tested without a
# regex: compiling classes this wide cost each process 6 ms.
VERSION = "1"
NS = BASE + "store#"
CJK = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))  # Chinese characters
_MARKS = frozenset("〇（）、，·—：；")  # and the marks a plain name may hold
_SHORTEST_PLAIN, _LONGEST_PLAIN = 2, 16
# The same as a SPARQL regex: a plain name whole.
_RANGES = "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK)
PLAIN_PATTERN = f"^[{_RANGES}{''.join(sorted(_MARKS))}]{{{_SHORTEST_PLAIN},{_LONGEST_PLAIN}}}$"
NAME_START, TITLE_START, MEASURE_TITLE_START = 4, 6, 4
STATE_GRAPH = BASE + "graph/store"  # the bookkeeping graph of stores built before policykg-registry.sha256
_NAMED_GRAPHS = 32  # graphs named one by one in a query (``over``); more are listed
_PREFIXES = f"""PREFIX pk:    <https://w3id.org/policykg/ontology#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX store: <{NS}>
"""
_NOT_PLANS = f"FILTER(?g NOT IN ({CATALOG_GRAPH}, <{STATE_GRAPH}>, {REGISTRY_GRAPH}))"
# The index's keys, by what they are keys of.
_STARTS = ("unitNameStart", "conceptLabelStart", "placeStart", "titleStart", "measureTitleStart")
_WHOLE = ("unitName", "conceptLabel", "place")


def chinese(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK)


def _plain(char: str) -> bool:
    return chinese(char) or char in _MARKS


def is_plain(name: str) -> bool:
    """Whether ``name`` is plain: 2 to 16 Chinese characters and marks, which folding
    (``kg.ask.link.fold``) leaves as they are."""
    return _SHORTEST_PLAIN <= len(name) <= _LONGEST_PLAIN and all(map(_plain, name))


def plain_words(text: str) -> set[str]:
    """Every run of 2 to 16 plain characters in ``text``: the plain names it may write."""
    words, run = set(), ""
    for char in text + "\n":
        if _plain(char):
            run += char
            continue
        for start in range(len(run) - 1):
            for end in range(start + _SHORTEST_PLAIN, min(len(run), start + _LONGEST_PLAIN) + 1):
                words.add(run[start:end])
        run = ""
    return words


def _windows(text: str, lengths: range) -> set[str]:
    return {text[at : at + n] for n in lengths for at in range(len(text) - n + 1)}


def _chinese_windows(text: str) -> set[str]:
    """The runs of 1 to ``NAME_START`` characters of the Chinese characters of ``text``, the
    others left out: every key of a name or place inside ``text``."""
    return _windows("".join(filter(chinese, text)), range(1, NAME_START + 1))


def values(name: str, items) -> str:
    """A VALUES block; every value a term (pyoxigraph escapes literals)."""
    return f"VALUES ?{name} {{ {' '.join(str(item) for item in items)} }}"


def over(graphs: list[str] | None, pattern: str, variable: str = "document") -> str:
    """``GRAPH ?variable { pattern }``, over ``graphs`` only when given. A few graphs are
    each named, the variable bound after: Oxigraph then reads those graphs alone (with a
    VALUES block instead it looked at every graph, ten times the time on 1,000 plans);
    many (a store the index does not cover) are listed in a VALUES block inside."""
    if graphs is None:
        return f"GRAPH ?{variable} {{ {pattern} }}"
    if len(graphs) > _NAMED_GRAPHS:
        return f"GRAPH ?{variable} {{ {values(variable, [NamedNode(graph) for graph in graphs])} {pattern} }}"
    branches = []
    for graph in graphs:
        term = str(NamedNode(graph))
        named = re.sub(rf"\?{variable}\b", lambda _, term=term: term, pattern)
        branches.append(f"{{ GRAPH {term} {{ {named} }} BIND({term} AS ?{variable}) }}")
    return " UNION ".join(branches) or "FILTER(false)"


@dataclass
class Hits:
    """What the index finds for one question: the plans (IRIs) whose entries it starts, by
    key, and the whole entries (a name with no Chinese character) of each plan."""

    starts: dict[str, set[str]] = field(default_factory=dict)
    whole: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key → (plan, value)


class StoreIndex:
    """The name index of one store or endpoint, for the questions of one ``ask``; ``document``
    (a plan's IRI) limits what ``plans`` gives to that plan."""

    def __init__(self, source, document: str | None = None):
        self.source, self.document = source, document
        self._unindexed: list[str] | None = None
        self._labels: dict[str, bool] = {}
        self._hits: dict[str, Hits] = {}

    def rows(self, sparql: str) -> list[dict]:
        return query_library.run(self.source, sparql)[1]

    # --- coverage ---------------------------------------------------------------------

    @property
    def unindexed(self) -> list[str]:
        """The graphs (IRIs) the index does not cover, the registry's always (not a plan's):
        read whole. The catalog and the plans' graphs are written and removed together, so
        when there are as many plans with an index of this version as graphs other than the
        catalog's, the registry's and the store's own, every plan has one (two counts)."""
        if self._unindexed is None:
            self._unindexed = [REGISTRY_GRAPH.value] + self._without_index()
        return self._unindexed

    def _without_index(self) -> list[str]:
        hidden = self.source.loading() if callable(getattr(self.source, "loading", None)) else []
        if not hidden:
            graphs = self.rows(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ }} {_NOT_PLANS} }}")
            indexed = self.rows(
                _PREFIXES
                + f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {CATALOG_GRAPH} {{ ?plan store:askIndex "{VERSION}" }} }}'
            )
            if graphs and indexed and graphs[0]["n"] == indexed[0]["n"]:
                return []
        rows = self.rows(
            _PREFIXES + f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} {_NOT_PLANS} "
            f'FILTER NOT EXISTS {{ GRAPH {CATALOG_GRAPH} {{ ?g store:askIndex "{VERSION}" }} }} }}'
        )
        return sorted(str(row["g"]) for row in rows)

    def scoped(self, plans: set[str] | list[str]) -> list[str]:
        """``plans`` and the graphs read whole, limited to the document when there is one."""
        found = set(plans) | set(self.unindexed)
        if self.document is not None:
            found &= {self.document}
        return sorted(found)

    # --- look-ups ---------------------------------------------------------------------

    def labels(self, words: set[str]) -> set[str]:
        """The ``words`` that are a Chinese label (preferred or other) of anything, in any
        graph: one query for the words not asked about before."""
        new = sorted(word for word in words if word not in self._labels)
        if new:
            block = values("label", [Literal(word, language="zh") for word in new])
            found = {
                str(row["label"])
                for row in self.rows(
                    _PREFIXES + f"SELECT DISTINCT ?label WHERE {{ {block} "
                    "GRAPH ?g { { ?node skos:prefLabel ?label } UNION { ?node skos:altLabel ?label } } }"
                )
            }
            self._labels.update((word, word in found) for word in new)
        return {word for word in words if self._labels[word]}

    def hits(self, question: str) -> Hits:
        """The plans whose entries the question starts, and the whole entries: one query."""
        if question not in self._hits:
            self._hits[question] = self._find(question)
        return self._hits[question]

    def _find(self, question: str) -> Hits:
        from kg.read import normalise

        text = normalise(question)
        wanted = {
            "unitNameStart": _chinese_windows(text),
            "titleStart": _windows(text, range(TITLE_START, TITLE_START + 1)),
            "measureTitleStart": _windows(text, range(MEASURE_TITLE_START, MEASURE_TITLE_START + 1)),
        }
        wanted["conceptLabelStart"] = wanted["placeStart"] = wanted["unitNameStart"]
        hits = Hits({key: set() for key in _STARTS}, {key: [] for key in _WHOLE})
        pairs = " ".join(
            f"({NamedNode(NS + key)} {Literal(start)})" for key in _STARTS for start in sorted(wanted[key])
        )
        whole = values("key", [NamedNode(NS + key) for key in _WHOLE])
        sparql = (
            _PREFIXES + f"SELECT ?key ?plan ?value WHERE {{ GRAPH {CATALOG_GRAPH} {{ "
            f"{{ VALUES (?key ?value) {{ {pairs} }} ?plan ?key ?value }} UNION {{ {whole} ?plan ?key ?value }} }} }}"
        )
        for row in self.rows(sparql):
            key, plan, value = str(row["key"])[len(NS) :], str(row["plan"]), str(row["value"])
            if key in wanted and value in wanted[key]:
                hits.starts[key].add(plan)
            elif key in hits.whole:
                hits.whole[key].append((plan, value))
        return hits
