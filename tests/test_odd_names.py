"""Nothing downstream crashes on odd names (issue 12, item 7).

Whatever the store holds — unit names, measure titles, glossary terms and targets with
line breaks, sentence punctuation, quotes, backslashes, markup, SPARQL syntax, 2,000
characters, one character, only digits, only punctuation, emoji and astral characters,
zero-width and bidi controls, names equal after normalisation, empty labels — `ask`,
`query`, `export` (every kind and format) and `validate` end with exit 0, 1 or 2, never
3 (internal error), and every file they write opens in its format's standard reader.

The odd names reach a store in two ways: plans whose text produces them through the
normal build (tests/cases/odd-names/ and EXTREME_PLAN below), and quads written straight
into a store built normally, as another tool or a future parser might write them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from kg import query as query_library
from kg import service
from kg.ask import FORMS, ask
from kg.cli import main
from kg.errors import QuestionError
from kg.export.network import graphviz_available
from kg.query import python_value, sort_key
from kg.resources import bundled_plan
from kg.segment import dictionary_word, tokenizer
from kg.store import Store
from kg.text import one_line, xml_text
from kg.vocab import ELI, PK, PROV, RDF, SKOS, XSD

CASES = Path(__file__).resolve().parent / "cases" / "odd-names"
ID = "https://w3id.org/policykg/id/"
SCHEMA = "http://schema.org/"

# Every kind of odd name the issue lists, by what makes it odd.
ODD_NAMES = {
    "line-break": "县财政局\n县教育局",
    "crlf": "县\r\n人社局",
    "unicode-line-separators": "县\u2028数据局\u2029",
    "sentence-punctuation": "县发改局。，；县财政局",
    "ascii-quotes": "say \"hi\" 'there'",
    "cjk-quotes": "“县融媒体中心”",
    "backslashes": "C:\\审批\\档案\\",
    "script": "<script>alert('x')</script>",
    "sparql": "} ; DROP ALL #",
    "sparql-insert": '" } INSERT DATA { <a:b> <a:c> "d" } #',
    "very-long": "县" + "长" * 1998 + "局",
    "one-character": "局",
    "digits": "12345",
    "punctuation": "。，；！？、——",
    "emoji-and-astral": "😀县\U0002067f局🚀",
    "zero-width": "县\u200b财政\u200d局\ufeff",
    "bidi": "\u202e局政财县\u202c",
    "controls": "\x0b县\x1f档案\x7f馆\x00",
    "xml-noncharacters": "\ufffe县\uffff局",
    "ansi-escape": "\x1b[2J\x1b[31m县公安局",
    "full-width": "ＡＢＣ县财政局",
    "half-width": "ABC县财政局",
    "trailing-space": "县财政局 ",
    "ideographic-spaces": "\u3000县财政局\u3000",
    "empty": "",
    "spaces-only": "   ",
    "tab-only": "\t",
}

# A plan whose text gives odd measure titles, unit names and glossary terms through the
# normal build: a 2,002-character heading, line separators and a vertical tab inside
# headings and terms, a bidi override, SPARQL and markup, a digits-only unit.
EXTREME_PLAN = (
    "石门县“\u2028一件事\u2029”集成改革实施方案\n\n"
    "为深化“放管服”改革，结合我县实际，制定本方案。\n\n"
    "一、重点任务\n"
    "（1）建立" + "数据" * 999 + "机制。持续推进，到2025年建成集成服务窗口10个以上。（县数据局、县政务服务中心）\n"
    "（2）推进“一件事\u2028一次办”\x0b改革。梳理高频事项清单。（县政务服务中心、县\u200d数据局）\n"
    "（3）\u202e办好惠企政策“免申即享”。建设兑现平台。（县发改局、县财政局）\n"
    "（4）🚀“} ; DROP ALL # ”\\\\ 清理。开展<script>alert(1)</script>专项清理。（县数据局）\n"
    "（5）“0”。推行零材料办理。（12345、县政务服务中心）\n"
    "注：\n"
    "1.一件事\u2028一次办：把多个事项集成办理。\n"
    "2.}：SPARQL 语法字符。\n"
)


# --- stores --------------------------------------------------------------------------


def _text(node: NamedNode, exact: str, start: int, graph: NamedNode) -> list[Quad]:
    """A pk:text span as build writes one (``<plan#char=start,end>``), with the words as a
    pk:quote (which build writes for targets and citations)."""
    plan = node.value.split("#", 1)[0]
    return [
        Quad(node, PK.text, NamedNode(f"{plan}#char={start},{start + len(exact)}"), graph),
        Quad(node, PK.quote, Literal(exact), graph),
    ]


def odd_name_quads(plan: NamedNode, measures: int) -> list[Quad]:
    """For every odd name: a unit of that name assigned to one of the plan's measures
    (lead or participant); a measure titled with it; a glossary entry, a named programme,
    a target and a suspicious unit candidate written with it. Also a plan title, a
    jurisdiction and units with odd or no labels."""
    g = plan
    quads: list[Quad] = []
    odd_place = NamedNode(f"{ID}jurisdiction/odd-place")
    quads += [
        Quad(odd_place, RDF.type, PK.Jurisdiction, g),
        Quad(odd_place, SKOS.prefLabel, Literal("\n<b>县</b>\x0b", language="zh"), g),
    ]
    for index, name in enumerate(ODD_NAMES.values()):
        label = Literal(name, language="zh")
        unit = NamedNode(f"{ID}unit/odd-{index}")
        place = odd_place if index % 4 == 3 else NamedNode(f"{ID}jurisdiction/益阳市")
        quads += [
            Quad(unit, RDF.type, PK.Unit, g),
            Quad(unit, RDF.type, PK.UnresolvedUnit, g),
            Quad(unit, SKOS.prefLabel, label, g),
            Quad(unit, PK.jurisdiction, place, g),
        ]
        lead = index % 3 == 0
        role = PK.LeadRole if lead else PK.ParticipantRole
        for measure in (
            NamedNode(f"{plan.value}#measure-{1 + index % measures}"),
            NamedNode(f"{plan.value}#measure-{900 + index}"),
        ):
            assignment = NamedNode(f"{measure.value}-assignment-odd-{index}")
            quads += [
                Quad(measure, PROV.qualifiedAssociation, assignment, g),
                Quad(assignment, RDF.type, PK.Assignment, g),
                Quad(assignment, PROV.agent, unit, g),
                Quad(assignment, PROV.hadRole, role, g),
                Quad(assignment, PK.asWritten, label, g),
                Quad(assignment, PK.position, Literal(str(100 + index), datatype=XSD.integer), g),
                Quad(measure, PK.leadUnit if lead else PK.participatingUnit, unit, g),
            ]
        measure = NamedNode(f"{plan.value}#measure-{900 + index}")
        quads += [
            Quad(plan, PK.measure, measure, g),
            Quad(measure, RDF.type, PK.Measure, g),
            Quad(measure, PK.number, Literal(str(900 + index), datatype=XSD.integer), g),
            Quad(measure, PK.label, Literal(name), g),
            Quad(measure, ELI.title, label, g),
            Quad(measure, PK.body, label, g),
            Quad(measure, PK.responsibilityStatus, PK.Assigned, g),
            *_text(measure, name, 100_000 + index, g),
        ]
        entry = NamedNode(f"{plan.value}#note-odd-{index}")
        quads += [
            Quad(entry, RDF.type, PK.GlossaryEntry, g),
            Quad(entry, RDF.type, SKOS.Concept, g),
            Quad(entry, SKOS.prefLabel, label, g),
            Quad(entry, SKOS.altLabel, label, g),
            Quad(entry, SKOS.definition, label, g),
            Quad(entry, SKOS.notation, Literal(name or "0"), g),
            Quad(entry, SKOS.inScheme, NamedNode(f"{plan.value}#glossary"), g),
            Quad(measure, PK.mentions, entry, g),
            Quad(measure, PK.footnote, entry, g),
        ]
        programme = NamedNode(f"{plan.value}#programme-odd-{index}")
        quads += [
            Quad(programme, RDF.type, PK.Programme, g),
            Quad(programme, SKOS.prefLabel, label, g),
            Quad(measure, PK.mentions, programme, g),
        ]
        target = NamedNode(f"{plan.value}#target-odd-{index}")
        quads += [
            Quad(measure, PK.target, target, g),
            Quad(target, RDF.type, PK.Target, g),
            Quad(target, PK.comparator, PK.Equal, g),
            Quad(target, PK.metric, label, g),
            Quad(target, NamedNode(SCHEMA + "value"), Literal(str(index), datatype=XSD.decimal), g),
            Quad(target, NamedNode(SCHEMA + "unitText"), label, g),
            Quad(target, PK.scope, label, g),
            Quad(target, PK.deadlineText, label, g),
            *_text(target, name, 200_000 + index, g),
        ]
        candidate = NamedNode(f"{measure.value}-suspicious-unit-1")
        quads += [
            Quad(measure, PK.suspiciousUnit, candidate, g),
            Quad(candidate, RDF.type, PK.SuspiciousUnit, g),
            Quad(candidate, PK.asWritten, label, g),
            Quad(candidate, PK.reason, Literal(name), g),
            *_text(candidate, name, 300_000 + index, g),
        ]
    # A unit with no label at all, beside a named one in a measure.
    nameless = NamedNode(f"{ID}unit/odd-nameless")
    assignment = NamedNode(f"{plan.value}#measure-1-assignment-odd-nameless")
    quads += [
        Quad(nameless, RDF.type, PK.Unit, g),
        Quad(NamedNode(f"{plan.value}#measure-1"), PROV.qualifiedAssociation, assignment, g),
        Quad(assignment, PROV.agent, nameless, g),
        Quad(assignment, PROV.hadRole, PK.ParticipantRole, g),
        Quad(assignment, PK.position, Literal("99", datatype=XSD.integer), g),
        Quad(NamedNode(f"{plan.value}#measure-1"), PK.participatingUnit, nameless, g),
    ]
    # The plan's own title, odd.
    quads.append(Quad(plan, ELI.title, Literal("<b>方案</b>\n} ; DROP ALL #\x0b\u202e", language="zh"), g))
    return quads


def ill_typed_quads(plan: NamedNode) -> list[Quad]:
    """Numbers another tool wrote wrong: "seven"^^xsd:integer, "NaN" and "many" as
    decimals, a position and a due year that are no numbers."""
    g = plan
    measure = NamedNode(f"{plan.value}#measure-ill-typed")
    unit = NamedNode(f"{ID}unit/益阳市-finance")
    other = NamedNode(f"{ID}unit/益阳市-education")
    target = NamedNode(f"{plan.value}#target-ill-typed")
    quads = [
        Quad(plan, PK.measure, measure, g),
        Quad(measure, RDF.type, PK.Measure, g),
        Quad(measure, PK.number, Literal("seven", datatype=XSD.integer), g),
        Quad(measure, ELI.title, Literal("编号不是数字的任务", language="zh"), g),
        Quad(measure, PK.responsibilityStatus, PK.Assigned, g),
        *_text(measure, "编号不是数字的任务", 0, g),
        Quad(measure, PK.target, target, g),
        Quad(target, RDF.type, PK.Target, g),
        Quad(target, PK.comparator, PK.Range, g),
        Quad(target, PK.metric, Literal("m", language="zh"), g),
        Quad(target, NamedNode(SCHEMA + "value"), Literal("many", datatype=XSD.decimal), g),
        Quad(target, NamedNode(SCHEMA + "maxValue"), Literal("NaN", datatype=XSD.decimal), g),
        Quad(target, NamedNode(SCHEMA + "unitText"), Literal("个", language="zh"), g),
        Quad(target, PK.dueYear, Literal("20x5", datatype=XSD.integer), g),
        *_text(target, "许多个", -1, g),
    ]
    for position, (member, role) in enumerate(((unit, PK.LeadRole), (other, PK.ParticipantRole)), start=1):
        assignment = NamedNode(f"{measure.value}-assignment-{position}")
        quads += [
            Quad(measure, PROV.qualifiedAssociation, assignment, g),
            Quad(assignment, PROV.agent, member, g),
            Quad(assignment, PROV.hadRole, role, g),
            Quad(assignment, PK.position, Literal("first" if position == 1 else "2", datatype=XSD.integer), g),
            Quad(measure, PK.leadUnit if role == PK.LeadRole else PK.participatingUnit, member, g),
        ]
    return quads


def _store_with(folder: Path, sources: list[Path], plant=None) -> Path:
    """A store in ``folder`` built normally from ``sources``, then ``plant(plan)``'s
    quads added to the first plan's graph; closed again, so the CLI can open it."""
    with Store(folder) as store:
        service.build(sources, store)
        if plant is not None:
            plan = store.documents()[0]
            store.oxigraph.extend(plant(plan))
            store.flush()
    return folder


@pytest.fixture(scope="module")
def text_store(tmp_path_factory) -> Path:
    """The odd-names case documents and EXTREME_PLAN, built through the normal build."""
    folder = tmp_path_factory.mktemp("odd-text")
    extreme = folder / "extreme.txt"
    extreme.write_text(EXTREME_PLAN, encoding="utf-8")
    return _store_with(folder / "store", [extreme, *sorted(CASES.glob("*.txt"))])


@pytest.fixture(scope="module")
def quad_store(tmp_path_factory) -> Path:
    """The bundled plan with every odd name written straight into its graph."""
    return _store_with(
        tmp_path_factory.mktemp("odd-quads") / "store", [bundled_plan()], lambda plan: odd_name_quads(plan, measures=19)
    )


@pytest.fixture(scope="module")
def ill_typed_store(tmp_path_factory) -> Path:
    """The bundled plan with ill-typed numbers written into its graph."""
    return _store_with(tmp_path_factory.mktemp("odd-numbers") / "store", [bundled_plan()], ill_typed_quads)


STORES = ("text_store", "quad_store", "ill_typed_store")


# --- running the CLI and reading what it writes --------------------------------------


def invoke(store: Path, *args: str):
    """Run the CLI in-process against ``store``; an internal error shows as exit 3."""
    result = CliRunner().invoke(main, [*args, "--store", str(store)])
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr[-2000:])
    assert "internal error" not in result.stderr, (args, result.stderr[-2000:])
    return result


class _Scripts(HTMLParser):
    """The text of every <script> element of a page, by its id (or its position)."""

    def __init__(self):
        super().__init__()
        self.scripts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs).get("id") or str(len(self.scripts))
            self.scripts[self._open] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self.scripts[self._open] += data


def read_back(path: Path, kind: str) -> None:
    """Open ``path`` with its format's standard reader; fail when it cannot."""
    suffix = path.suffix
    data = path.read_bytes()
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows and all(len(row) == len(rows[0]) for row in rows)
    elif suffix == ".md":
        lines = data.decode("utf-8").splitlines()
        cells = len(re.findall(r"(?<!\\)\|", lines[0]))
        assert all(line.startswith("| ") and line.endswith(" |") or line.startswith("|---") for line in lines)
        assert all(len(re.findall(r"(?<!\\)\|", line.replace("\\\\", ""))) == cells for line in lines[2:]), lines
    elif suffix == ".xlsx":
        openpyxl.load_workbook(io.BytesIO(data))
    elif suffix == ".graphml":
        nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    elif suffix == ".gexf":
        root = ElementTree.fromstring(data)
        assert root.get("version") == "1.3"
        nx.read_gexf(io.BytesIO(data))
    elif suffix in (".cyjs", ".json"):
        assert nx.cytoscape_graph(json.loads(data)).number_of_nodes() > 0
    elif suffix == ".dot":
        text = data.decode("utf-8")
        # Every statement on one line: no string of the store breaks a quoted DOT string.
        for line in text.splitlines()[1:-1]:
            assert line.endswith(";") and len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0, line
    elif suffix == ".svg":
        ElementTree.fromstring(data)
    elif suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix == ".html":
        parser = _Scripts()
        parser.feed(data.decode("utf-8"))
        if kind == "html":  # no name closes a script early: the data, Cytoscape and the page's script
            assert len(parser.scripts) == 3
            data = json.loads(parser.scripts["policykg-data"])
            assert data["plans"] and data["units"]
    elif suffix == ".ttl":
        rdflib.Graph().parse(data=data, format="turtle")
    elif suffix == ".nq":
        rdflib.Dataset().parse(data=data, format="nquads")
    elif suffix == ".trig":
        rdflib.Dataset().parse(data=data, format="trig")
    elif suffix == ".jsonld":
        json.loads(data)
        rdflib.Dataset().parse(data=data, format="json-ld")
    else:
        raise AssertionError(f"no reader for {path}")


EXPORTS = [
    *[
        (kind, suffix)
        for kind in ("responsibilities", "targets", "glossary", "programmes", "matrix")
        for suffix in (".csv", ".md", ".xlsx")
    ],
    *[
        (kind, suffix)
        for kind in ("network", "bipartite")
        for suffix in (".graphml", ".gexf", ".cyjs", ".json", ".dot", ".svg", ".png")
    ],
    ("html", ".html"),
    ("turtle", ".ttl"),
    ("nquads", ".nq"),
    ("trig", ".trig"),
    ("jsonld", ".jsonld"),
]


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize(("kind", "suffix"), EXPORTS, ids=[f"{k}{s}" for k, s in EXPORTS])
def test_every_export_writes_a_file_its_reader_opens(request, tmp_path, store_name, kind, suffix):
    store = request.getfixturevalue(store_name)
    target = tmp_path / f"{kind}{suffix}"
    result = invoke(store, "export", kind, "-o", str(target))
    if suffix in (".svg", ".png") and not graphviz_available():
        assert result.exit_code == 2 and "Graphviz" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    read_back(target, kind)


@pytest.mark.parametrize("store_name", STORES)
def test_every_table_in_one_workbook_and_on_standard_output(request, tmp_path, store_name):
    store = request.getfixturevalue(store_name)
    assert invoke(store, "export", "--all", "-o", str(tmp_path / "all.xlsx"), "--headers", "en").exit_code == 0
    assert [sheet.title for sheet in openpyxl.load_workbook(tmp_path / "all.xlsx")] == [
        "responsibilities",
        "assignments",
        "targets",
        "glossary",
        "programmes",
        "matrix",
        "instruments",
        "instrument-matrix",
    ]
    kinds = ("responsibilities", "assignments", "targets", "glossary", "programmes", "matrix")
    for kind in (*kinds, "instruments", "instrument-matrix"):
        output = invoke(store, "export", kind).stdout
        rows = list(csv.reader(io.StringIO(output, newline="")))
        assert all(len(row) == len(rows[0]) for row in rows), kind
    rdflib.Graph().parse(data=invoke(store, "export", "turtle").stdout, format="turtle")


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("output_format", ["text", "json", "ttl"])
def test_validate_reports_and_never_fails_inside(request, store_name, output_format):
    result = invoke(request.getfixturevalue(store_name), "validate", "--format", output_format)
    assert result.exit_code in (0, 1), result.stderr
    if output_format == "json":
        assert "results" in json.loads(result.stdout)
    elif output_format == "ttl":
        rdflib.Graph().parse(data=result.stdout, format="turtle")


@pytest.mark.parametrize("store_name", STORES)
def test_report_page(request, tmp_path, store_name):
    target = tmp_path / "report.html"
    assert invoke(request.getfixturevalue(store_name), "report", "-o", str(target)).exit_code == 0
    read_back(target, "report")


def _library_parameters(name: str) -> list[str]:
    values = {
        "unit": f"{ID}unit/odd-0",
        "other": f"{ID}unit/益阳市-finance",
        "number": "900",
        "year": "2025",
        "kind": "https://w3id.org/policykg/registry/department/finance",
        "keyword": "} ; DROP ALL #",
        "term": "局",
        "concept": f"{ID}plan/x#note-odd-1",
    }
    arguments = []
    for parameter in query_library.library()[name].parameters:
        arguments += ["--param", f"{parameter.name}={values[parameter.name]}"]
    return arguments


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("name", sorted(query_library.library()))
def test_every_library_query_in_every_format(request, store_name, name):
    store = request.getfixturevalue(store_name)
    arguments = _library_parameters(name)
    answered = invoke(store, "query", name, *arguments, "--format", "json")
    if answered.exit_code == 2:  # a parameter's IRI is in none of this store's graphs: said, not an empty result
        assert re.fullmatch(
            r"Error: parameter \w+: '[^']+' is in none of the data's graphs; check the IRI\n", answered.stderr
        )
        return
    as_json = json.loads(answered.stdout)
    table = invoke(store, "query", name, *arguments).stdout
    # One line per row, whatever the names hold: a header and a rule, then the rows.
    assert len(table.splitlines()) == (len(as_json) + 2 if as_json else 0), table[:2000]
    rows = list(csv.reader(io.StringIO(invoke(store, "query", name, *arguments, "--format", "csv").stdout, newline="")))
    assert len(rows) == len(as_json) + 1


FORM_QUESTIONS = [form.example_zh for form in FORMS] + [form.example_en for form in FORMS]
# Each odd name in one of the question forms that look names up (departments, programmes
# and glossary terms, keywords), in turn.
NAME_QUESTIONS = ("{}", "{}牵头哪些任务？", "哪些任务涉及{}？", "什么是{}", "{}和市财政局共同负责哪些任务？")
QUESTIONS = (
    FORM_QUESTIONS
    + [NAME_QUESTIONS[index % len(NAME_QUESTIONS)].format(name) for index, name in enumerate(ODD_NAMES.values())]
    + ["第900项任务由谁牵头？", "第905项任务的目标是什么？", "哪些任务涉及“局”？", "某某局牵头哪些任务"]
)


@pytest.mark.parametrize("store_name", STORES)
def test_ask_any_question_in_both_formats(request, store_name):
    store = request.getfixturevalue(store_name)
    # Ill-typed numbers matter to every question form, odd names to the questions naming them.
    for question in FORM_QUESTIONS if store_name == "ill_typed_store" else QUESTIONS:
        if not question.strip():
            continue
        result = invoke(store, "ask", question, "--format", "json")
        if result.exit_code == 0:
            answer = json.loads(result.stdout)
            table = invoke(store, "ask", question).stdout
            # The description and, when there are rows, a header, a rule and one line per row.
            rows = answer["rows"]
            assert len(table.splitlines()) == 1 + (len(rows) + 2 if rows else 0), (question, table[:2000])
        else:
            assert result.exit_code in (1, 2) and result.stderr.startswith("Error: ")
            assert len(result.stderr.splitlines()[0]) < 3000 and "\x1b" not in result.stderr


@pytest.mark.parametrize("store_name", STORES)
def test_documents_list(request, store_name):
    store = request.getfixturevalue(store_name)
    for output_format in ("table", "csv", "json"):
        invoke(store, "documents", "--format", output_format)


# --- reading questions on a store with odd names -------------------------------------


def test_odd_names_do_not_change_how_ordinary_questions_are_read(seed_store, quad_store):
    """An empty name, a single character or a run of punctuation is "in" every question;
    such store names are never matched, so the forms read on the bundled plan alone are
    read the same with the odd names beside it."""
    with Store(quad_store, read_only=True) as store:
        for form in FORMS:
            for question in (form.example_zh, form.example_en):
                try:
                    expected = ask(seed_store, question).interpretation
                except QuestionError:
                    with pytest.raises(QuestionError):
                        ask(store, question)
                    continue
                found = ask(store, question).interpretation
                assert (found.form, found.parameters) == (expected.form, expected.parameters), question


def test_a_keyword_question_is_segmented_beside_odd_names(seed_store, quad_store):
    with Store(quad_store, read_only=True) as store:
        answer = ask(store, "哪些任务涉及经费保障？")
    assert answer.interpretation.form == "measures"
    assert answer.interpretation.parameters == {"keyword": "经费保障"}
    expected = ask(seed_store, "哪些任务涉及经费保障？").rows
    # The planted second title of the plan repeats each row under it.
    assert {(row["measure"], row["title"]) for row in answer.rows} == {
        (row["measure"], row["title"]) for row in expected
    }


def test_the_names_a_message_suggests_are_one_line_each(quad_store):
    from kg.ask import DepartmentIndex
    from kg.registry import Registry

    with Store(quad_store, read_only=True) as store:
        closest = DepartmentIndex(store, Registry.load()).closest("县财政局县教育局")
        with pytest.raises(QuestionError) as raised:
            ask(store, "县不存在局参与了什么")
    assert "县财政局 县教育局" in closest
    assert all(len(name.splitlines()) == 1 and name.strip() for name in closest)
    assert len(str(raised.value).splitlines()) == 1


def test_an_interpretation_is_one_line_whatever_the_name():
    from kg.ask import Interpretation

    assert (
        Interpretation("measures", {}, "measures led by 县\n财政\u2028局").description == "measures led by 县 财政 局"
    )


# --- the tokenizer's dictionary ------------------------------------------------------


def test_the_jieba_dictionary_holds_one_line_names_only():
    names = [*ODD_NAMES.values(), "市财政局", "经费保障", "双高计划", "哪些", "任务", "涉及"]
    segmenter = tokenizer(names)
    data = Path(segmenter.dictionary).read_bytes()
    assert data.endswith(b"\n")
    words = []
    for line in data.decode("utf-8").split("\n")[:-1]:
        word, frequency = line.split(" ")  # exactly one space: jieba's `word frequency`
        assert frequency.isdigit() and word and len(word.splitlines()) == 1, repr(line)
        assert not any(char.isspace() for char in word), repr(line)
        words.append(word)
    assert {"市财政局", "经费保障", "双高计划", "12345", "局", "😀县\U0002067f局🚀"} <= set(words)
    assert "县财政局" in words  # from the names with spaces around them
    for name in ODD_NAMES.values():
        if len(name.strip(" \t\u3000").splitlines()) != 1 or re.search(
            r"[\s\x00-\x1f\x7f-\x9f]", name.strip(" \t\u3000")
        ):
            assert name not in words and name.strip() not in words, repr(name)
    assert "经费保障" in segmenter.lcut("哪些任务涉及经费保障")


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("市财政局", "市财政局"),
        (" 市财政局 ", "市财政局"),
        ("\u3000市财政局", "市财政局"),
        ("12345", "12345"),
        ("市财政局\n", None),
        ("\n市财政局", None),
        ("市\r\n财政局", None),
        ("市\u2028财政局", None),
        ("市\x85财政局", None),
        ("市 财政局", None),
        ("市\t财政局", None),
        ("", None),
        ("   ", None),
        ("\t", None),
        ("市\x00财政局", None),
        ("市\x1b财政局", None),
        ("\ud800局", None),
    ],
)
def test_which_names_can_be_dictionary_words(name, word):
    assert dictionary_word(name) == word


# --- the helpers ---------------------------------------------------------------------


def test_ill_typed_numbers_come_back_as_their_text():
    assert python_value(Literal("seven", datatype=XSD.integer)) == "seven"
    assert python_value(Literal("many", datatype=XSD.decimal)) == "many"
    assert python_value(Literal("NaN", datatype=XSD.decimal)) == "NaN"
    assert python_value(Literal("INF", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#double"))) == "INF"
    assert python_value(Literal("17", datatype=XSD.integer)) == 17
    assert python_value(Literal("2.5", datatype=XSD.decimal)) == 2.5
    assert sorted([3, None, "seven", 1, "a"], key=sort_key) == [None, 1, 3, "a", "seven"]


def test_xml_text_and_one_line():
    assert xml_text("县\x00财\x0b政\ufffe局\t\n") == "县\ufffd财\ufffd政\ufffd局\t\n"
    assert one_line("县\n财\r\n政\u2028局\t\x1b[2J\u202e") == "县 财 政 局 \ufffd[2J\ufffd"
    assert one_line(None) == "" and xml_text(None) == ""
