"""A plan's graph as Turtle, N-Quads, TriG or JSON-LD, byte-identical for the same input."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple

from kg.errors import InputError
from kg.vocab import PREFIXES

FORMATS = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld"}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: unknown RDF file type {suffix or '(none)'}; use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


def _sorted(quads: list[Quad]) -> list[Quad]:
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _prefixes(quads: list[Quad]) -> dict[str, str]:
    """The fixed prefixes, plus one per plan for its parts (``doc:measure-17``)."""
    plans = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)})
    prefixes = dict(PREFIXES)
    for number, plan in enumerate(plans, start=1):
        prefixes[f"doc{number}" if len(plans) > 1 else "doc"] = plan + "#"
    return prefixes


def _sorted_prefix_lines(data: bytes) -> bytes:
    """pyoxigraph writes @prefix lines in an order of its own; sort them for stable output."""
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    return b"\n".join(sorted(head) + lines[len(head) :])


def serialise(quads: list[Quad], rdf_format: str) -> bytes:
    """Serialise quads; Turtle drops the graph names (every plan's IRIs are its own)."""
    quads = _sorted(quads)
    if rdf_format == "turtle":
        triples = sorted(
            {Triple(q.subject, q.predicate, q.object) for q in quads},
            key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
        )
        return _sorted_prefix_lines(pyoxigraph.serialize(triples, format=RdfFormat.TURTLE, prefixes=_prefixes(quads)))
    if rdf_format == "nquads":
        return pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS)
    if rdf_format == "trig":
        return _sorted_prefix_lines(pyoxigraph.serialize(quads, format=RdfFormat.TRIG, prefixes=_prefixes(quads)))
    if rdf_format == "jsonld":
        return _jsonld(quads)
    raise InputError(f"unknown RDF format {rdf_format!r}")


def _compact(value: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace) :]}"
    return value


def _compact_tree(node, prefixes: dict[str, str]):
    """Shorten IRIs in keys, @id and @type with the context's prefixes."""
    if isinstance(node, list):
        return [_compact_tree(item, prefixes) for item in node]
    if isinstance(node, dict):
        compacted = {}
        for key, value in node.items():
            if key in ("@id", "@type") and isinstance(value, str):
                compacted[key] = _compact(value, prefixes)
            elif key == "@type" and isinstance(value, list):
                compacted[key] = [_compact(item, prefixes) for item in value]
            else:
                compacted[key if key.startswith("@") else _compact(key, prefixes)] = _compact_tree(value, prefixes)
        return compacted
    return node


def _jsonld(quads: list[Quad]) -> bytes:
    expanded = json.loads(pyoxigraph.serialize(quads, format=RdfFormat.JSON_LD))
    prefixes = _prefixes(quads)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": _compact_tree(expanded, prefixes)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
