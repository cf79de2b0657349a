"""The default validation engine (pyshacl-turbo) gives pySHACL's results exactly.

pySHACL is the reference (``validate(store, plans, engine="pyshacl")``). Both engines run
over the same data graph; the results are compared whole — severity, plan, measure,
heading, focus, path, messages in English and Chinese, source text, value and its label —
on the bundled plan, on generated plans with gaps planted in their graphs and in the
registry, in one process and in two, and on graphs whose spans are written either way
(``<plan#char=start,end>`` or the Web Annotation selectors of graphs built before).
"""

from __future__ import annotations

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from benchmarks.generate import generate
from kg import service
from kg import validate as validation
from kg.ids import span_of
from kg.store import Store
from kg.validate import validate
from kg.vocab import PREFIXES

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo needs Python 3.11")
PK, PROV, OA = PREFIXES["pk"], PREFIXES["prov"], PREFIXES["oa"]
SPARQL_PREFIXES = "".join(
    f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("pk", "prov", "skos", "schema", "time", "xsd", "eli", "rdf")
)
LEVELS = ("violation", "warning", "info")


def assert_same(turbo, reference) -> None:
    """Two reports with the same results (as sets, and in the same order), the same
    conformance at every level and the same plan titles."""
    assert set(turbo.results) == set(reference.results)
    assert turbo.results == reference.results
    assert [turbo.conforms(level) for level in LEVELS] == [reference.conforms(level) for level in LEVELS]
    assert turbo.titles == reference.titles
    assert turbo.text() == reference.text()


def by_engine(store, plans=None, **options):
    return (
        validate(store, plans, engine="turbo", **options),
        validate(store, plans, engine="pyshacl", **options),
    )


def test_the_default_engine_is_pyshacl_turbo():
    import inspect

    assert inspect.signature(validate).parameters["engine"].default == "turbo" == validation.DEFAULT_ENGINE
    assert set(validation.ENGINES) == {"turbo", "pyshacl"}


def test_an_unknown_engine_is_refused(seed_store):
    with pytest.raises(ValueError, match="unknown validation engine"):
        validate(seed_store, engine="rudof")


def test_the_bundled_plan(seed_store):
    turbo, reference = by_engine(seed_store)
    assert_same(turbo, reference)
    assert len(reference.results) == 15  # 13 deadlines, 2 leads from outside the government
    assert all(result.source_text for result in reference.results)
    # the report graphs say the same: one sh:ValidationResult per result
    from rdflib.namespace import RDF, SH

    def count(report):
        return len(set(report.report_graph().subjects(RDF.type, SH.ValidationResult)))

    assert count(turbo) == count(reference) == len(reference.results)


# --- generated plans with gaps planted ----------------------------------------------------

PLANS = 6


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A store on disk of generated plans, with gaps planted by SPARQL UPDATE in their
    graphs and in the registry; tests must not write to it."""
    folder = tmp_path_factory.mktemp("generated")
    store = Store(tmp_path_factory.mktemp("planted-store"))
    service.build(generate(PLANS, folder, seed=7), store)
    plans = [plan.value for plan in store.documents()]
    assert len(plans) == PLANS
    first, second, third = plans[:3]
    target = next(
        iter(store.oxigraph.query(f"{SPARQL_PREFIXES}SELECT ?t WHERE {{ GRAPH <{second}> {{ ?t a pk:Target }} }}"))
    )[0].value
    unit = f"{first}-planted-unit"  # units of the plan's own, unknown to the registry
    update = f"""{SPARQL_PREFIXES}
    DELETE {{ GRAPH <{first}> {{ ?m pk:leadUnit ?lead }} }}
    WHERE {{ GRAPH <{first}> {{ ?m pk:leadUnit ?lead . FILTER(?m IN (<{first}#measure-1>, <{first}#measure-2>)) }} }} ;
    DELETE WHERE {{ GRAPH <{first}> {{ <{first}#measure-3> pk:responsibilityStatus ?status }} }} ;
    DELETE WHERE {{ GRAPH <{first}> {{ <{first}#measure-4> pk:text ?span }} }} ;
    DELETE WHERE {{ GRAPH <{first}> {{ <{first}#measure-5> pk:number ?number }} }} ;
    INSERT DATA {{ GRAPH <{first}> {{
      <{first}#measure-5> pk:number "seven" .
      <{first}#measure-6> pk:responsibilityStatus pk:Vague ;
          pk:leadUnit <{unit}-a>, <{unit}-b>, <{unit}-c> ;
          prov:qualifiedAssociation <{first}#measure-6-assignment-90>, <{first}#measure-6-assignment-91>,
              <{first}#measure-6-assignment-92> ;
          pk:suspiciousUnit <{first}#measure-6-suspicious-unit-9> ;
          pk:mentions <{first}#concept-planted> ;
          pk:disagreement <{first}#measure-6-disagreement-1> .
      <{first}#measure-6-assignment-90> a pk:Assignment ; prov:agent <{unit}-a> ; prov:hadRole pk:LeadRole .
      <{first}#measure-6-assignment-91> a pk:Assignment ; prov:agent <{unit}-b> ; prov:hadRole pk:LeadRole .
      <{first}#measure-6-assignment-92> a pk:Assignment ; prov:agent <{unit}-c>, <{unit}-a> ; prov:hadRole pk:Chair .
      <{unit}-a> a pk:Unit ; pk:resolved false ; skos:prefLabel "加强统筹协调"@zh , "coordination"@en .
      <{unit}-b> a pk:Unit ; pk:resolved false ; skos:prefLabel "区星际事务局"@zh ; pk:asWritten "星际事务局"@zh .
      <{unit}-c> pk:resolved false ; pk:asWritten "社区网格员"@zh, "网格员"@zh .
      <{first}#measure-6-suspicious-unit-9> a pk:SuspiciousUnit ; pk:asWritten "推进智慧港口建设"@zh .
      <{first}#concept-planted> skos:prefLabel "邻里守望计划"@zh .
      <{first}#measure-6-disagreement-1> a pk:TaskTableDisagreement ; pk:disagreementKind "lead" ;
          pk:planSays "区民政局" ; pk:tableSays "区财政局" .
      <{first}#note-90> a pk:GlossaryEntry .
    }} }} ;
    DELETE WHERE {{ GRAPH <{second}> {{ <{target}> pk:comparator ?comparator ; schema:value ?value }} }} ;
    INSERT DATA {{ GRAPH <{second}> {{
      <{target}> schema:value "about ten" ; schema:unitText "个", "家" ; pk:dueYear "2025"^^xsd:gYear ;
          pk:deadline <{target}-deadline-2> .
      <{target}-deadline-2> time:inXSDgYear "2026"^^xsd:gYear ; time:inXSDDate "2026-06-30"^^xsd:date .
      <{second}#target-range> a pk:Target ; pk:comparator pk:Range ; schema:value 5.0 ; schema:unitText "%" ;
          schema:minValue 9.5 ; schema:maxValue 3.0 .
      <{second}#measure-1> pk:target <{second}#target-range> .
    }} }} ;
    DELETE WHERE {{ GRAPH <{third}> {{ ?assignment prov:hadRole ?role }} }} ;
    DELETE WHERE {{ GRAPH <https://w3id.org/policykg/graph/registry> {{
      <https://w3id.org/policykg/registry/department/finance> pk:unitType ?type }} }} ;
    INSERT DATA {{ GRAPH <https://w3id.org/policykg/graph/registry> {{
      <https://w3id.org/policykg/registry/programme/double-high> pk:programmeLevel "regional" .
    }} }}
    """
    store.oxigraph.update(update)
    return store


EXPECTED = {  # planted gap → (severity, measure, focus after the plan's IRI, path)
    "no status": ("Violation", 3, "#measure-3", "pk:responsibilityStatus"),
    "no span": ("Violation", 4, "#measure-4", "pk:text"),
    "a number that is no integer": ("Violation", None, "#measure-5", "pk:number"),
    "vague": ("Violation", 6, "#measure-6", "pk:responsibilityStatus"),
    "co-leads": ("Info", 6, "#measure-6", "pk:leadUnit"),
    "suspicious unit": ("Warning", 6, "#measure-6", "pk:suspiciousUnit"),
    "undefined programme": ("Warning", 6, "#measure-6", "pk:mentions"),
    "text and table disagree": ("Warning", 6, "#measure-6-disagreement-1", "pk:disagreementKind"),
    "no organisation's name": ("Violation", 6, "#measure-6-assignment-90", "prov:agent"),
    "unknown unit": ("Warning", 6, "#measure-6-assignment-91", "prov:agent"),
    "two agents": ("Violation", 6, "#measure-6-assignment-92", "prov:agent"),
    "no role of the two": ("Violation", 6, "#measure-6-assignment-92", "prov:hadRole"),
    "glossary entry without term": ("Violation", None, "#note-90", "skos:prefLabel"),
    "glossary entry without definition": ("Violation", None, "#note-90", "skos:definition"),
}


def test_generated_plans_with_planted_gaps(planted):
    turbo, reference = by_engine(planted)
    assert_same(turbo, reference)
    first, second, third = (plan.value for plan in planted.documents()[:3])
    found = {(r.severity, r.measure, r.focus.replace(first, ""), r.path) for r in reference.results}
    assert set(EXPECTED.values()) <= found
    assert reference.count("Violation") and reference.count("Warning") and reference.count("Info")
    assert not reference.conforms("violation")

    # the values and their names, the source texts and the messages of the planted gaps
    def only(focus: str, path: str, severity: str, message: str = ""):
        (result,) = [
            r
            for r in reference.results
            if r.focus == focus and r.path == path and r.severity == severity and message in r.message
        ]
        return result

    organisation = only(f"{first}#measure-6-assignment-90", "prov:agent", "Violation")
    assert (organisation.value, organisation.value_label) == (f"{first}-planted-unit-a", "加强统筹协调")
    assert organisation.message == "the unit's name is not the name of an organisation (text was read as a unit)"
    assert organisation.message_zh == "这个单位名称不是一个机构或单位（可能把正文误读成了单位）"
    assert organisation.source_text is None  # the planted assignment has no span
    unknown = only(f"{first}#measure-6-assignment-91", "prov:agent", "Warning")
    assert (unknown.value, unknown.value_label) == (f"{first}-planted-unit-b", "区星际事务局")
    # co-leads: the report names one of the leads (the first the data graph lists)
    co_leads = only(f"{first}#measure-6", "pk:leadUnit", "Info", "co-leads")
    leads = {
        quad.object.value
        for quad in planted.oxigraph.quads_for_pattern(
            NamedNode(f"{first}#measure-6"), NamedNode(PK + "leadUnit"), None
        )
    }
    assert co_leads.value in leads and len(leads) >= 3
    assert co_leads.value_label
    assert co_leads.heading and co_leads.source_text  # the measure's own heading and clause
    mentions = only(f"{first}#measure-6", "pk:mentions", "Warning")
    assert (mentions.value, mentions.value_label) == (f"{first}#concept-planted", "邻里守望计划")
    table = only(f"{first}#measure-6-disagreement-1", "pk:disagreementKind", "Warning")
    assert table.source_text == "lead: plan 区民政局; table 区财政局"
    assert table.measure == 6
    number = only(f"{first}#measure-5", "pk:number", "Violation")
    assert (number.measure, number.value) == (None, "seven")

    # the target, the range and the roles of the other plans
    target_paths = {r.path for r in reference.results if r.document == second and r.severity == "Violation"}
    assert {"pk:comparator", "schema:value", "schema:unitText", "pk:dueYear", "schema:minValue"} <= target_paths
    roles = [r for r in reference.results if r.document == third and r.path == "prov:hadRole"]
    assert roles and all(r.severity == "Violation" and r.measure is not None for r in roles)

    # the registry: the kind without its unit type, the programme of neither level
    registry = {(r.severity, r.focus.rsplit("/", 1)[-1], r.path) for r in reference.results if r.measure is None}
    assert {("Violation", "finance", "pk:unitType"), ("Violation", "double-high", "pk:programmeLevel")} <= registry


def test_one_plan_at_a_time_and_in_chunks_of_two(planted, monkeypatch):
    plans = [plan.value for plan in planted.documents()]
    turbo, reference = by_engine(planted, plans[1:2])
    assert_same(turbo, reference)
    assert {r.document for r in reference.results} <= {plans[1], "https://w3id.org/policykg/graph/registry"}
    monkeypatch.setattr(validation, "CHUNK", 2)
    chunked = validate(planted, engine="turbo", jobs=1)
    assert_same(chunked, validate(planted, engine="pyshacl", jobs=1))
    monkeypatch.undo()
    assert_same(chunked, validate(planted, engine="turbo", jobs=1))


def test_two_processes_give_the_results_of_one(planted, monkeypatch):
    monkeypatch.setattr(validation, "CHUNK", 1)  # six chunks: this process and another share them
    here = validate(planted, engine="turbo", jobs=1)
    validated_here = []
    chunk = validation._chunk

    def counted(store, plans, engine):
        validated_here.extend(plans)
        return chunk(store, plans, engine)

    monkeypatch.setattr(validation, "_chunk", counted)  # the other process imports its own
    apart = validate(planted, engine="turbo", jobs=2)
    assert_same(apart, here)
    assert len(apart.graphs) == PLANS + 1  # a chunk each, and the registry
    # the other process was handed the last two chunks at once and kept them
    plans = [plan.value for plan in planted.documents()]
    assert set(validated_here) <= set(plans[:-2]) and len(validated_here) == len(set(validated_here))
    validated_here.clear()
    assert_same(validate(planted, engine="pyshacl", jobs=2), here)
    assert set(validated_here) <= set(plans[:-2])


def test_a_process_that_cannot_open_the_store_leaves_the_work_here(planted, monkeypatch, tmp_path):
    monkeypatch.setattr(validation, "CHUNK", 2)
    here = validate(planted, engine="turbo", jobs=1)

    class Elsewhere:  # the store as this process sees it, at a path no other process can open
        oxigraph = planted.oxigraph
        path = tmp_path / "no-store-here"
        documents = planted.documents
        quads = planted.quads

    (tmp_path / "no-store-here").write_text("not a store")
    assert_same(validate(Elsewhere(), engine="turbo", jobs=2), here)


def test_a_store_in_memory_is_validated_in_this_process(seed_path, write_plan, monkeypatch):
    store = Store(None)
    head = "长沙市岳麓区社区服务行动方案\n一、重点任务\n"
    plans = [
        write_plan(head + "1.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）\n", name="one.txt"),
        write_plan(head.replace("社区服务", "养老服务") + "1.加强宣传。开展宣传活动。\n", name="two.txt"),
    ]
    service.build([seed_path, *plans], store)
    monkeypatch.setattr(validation, "CHUNK", 1)  # three chunks, but no path to open them by
    turbo, reference = by_engine(store, jobs=2)
    assert_same(turbo, reference)
    assert len(reference.titles) == 4  # three plans and the registry
    assert len(reference.results) == 17


# --- spans written either way ----------------------------------------------------------


def _as_selectors(store: Store) -> int:
    """Rewrite every span ``pk:text <plan#char=s,e>`` of the store's plans as graphs built
    before spans were IRIs wrote it: an oa:SpecificResource with a TextPositionSelector
    and a TextQuoteSelector (``oa:exact`` cut from the plan's text). The spans rewritten."""
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rewritten = 0
    for plan in store.documents():
        text = next(store.oxigraph.quads_for_pattern(plan, NamedNode(PK + "sourceText"), None, plan)).object.value
        for predicate in (NamedNode(PK + "text"), NamedNode(PK + "responsibilityText")):
            for quad in list(store.oxigraph.quads_for_pattern(None, predicate, None, plan)):
                span = span_of(quad.object.value)
                assert span is not None and span[0] == plan.value
                _, start, end = span
                target = NamedNode(f"{quad.subject.value}-{predicate.value.rsplit('#', 1)[-1]}")
                position, exact = NamedNode(target.value + "-position"), NamedNode(target.value + "-quote")
                store.oxigraph.remove(quad)
                for triple in (
                    (quad.subject, predicate, target),
                    (target, rdf_type, NamedNode(OA + "SpecificResource")),
                    (target, NamedNode(OA + "hasSource"), plan),
                    (target, NamedNode(OA + "hasSelector"), position),
                    (target, NamedNode(OA + "hasSelector"), exact),
                    (position, rdf_type, NamedNode(OA + "TextPositionSelector")),
                    (
                        position,
                        NamedNode(OA + "start"),
                        Literal(str(start), datatype=NamedNode(xsd + "nonNegativeInteger")),
                    ),
                    (
                        position,
                        NamedNode(OA + "end"),
                        Literal(str(end), datatype=NamedNode(xsd + "nonNegativeInteger")),
                    ),
                    (exact, rdf_type, NamedNode(OA + "TextQuoteSelector")),
                    (exact, NamedNode(OA + "exact"), Literal(text[start:end])),
                ):
                    store.oxigraph.add(Quad(*triple, plan))
                rewritten += 1
    return rewritten


def test_the_source_text_is_the_same_whichever_way_spans_are_written(tmp_path, seed_path, write_plan):
    measures = (
        "2.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）\n"
        "3.加强宣传。建成6个宣传阵地。（区民政局、区星际事务局，排第一位为牵头单位）\n"
    )
    plan = write_plan("长沙市岳麓区社区服务行动方案\n一、重点任务\n" + measures)
    store = Store(tmp_path / "store")
    service.build([seed_path, plan], store)
    as_iris, reference = by_engine(store)
    assert_same(as_iris, reference)
    quoted = [r for r in reference.results if r.source_text]
    assert len(quoted) >= 17
    assert "（责任单位：区民政局、区文旅局）" in {r.source_text for r in quoted}

    assert _as_selectors(store) > 100
    as_selectors, reference_selectors = by_engine(store)
    assert_same(as_selectors, reference_selectors)

    def key(r):
        return (r.severity, r.document, r.focus, r.path, r.message, r.value)

    before = {key(r): r for r in as_iris.results}
    after = {key(r): r for r in as_selectors.results}
    assert before.keys() <= after.keys()  # the selectors are no span IRIs: MeasureHasSource says so
    assert all(after[k] == result for k, result in before.items())


def test_a_span_beyond_the_plans_text_quotes_nothing(tmp_path, write_plan):
    plan_file = write_plan(
        "长沙市岳麓区社区服务行动方案\n一、重点任务\n1.加强宣传。开展宣传活动。（责任单位：区民政局）\n"
    )
    store = Store(tmp_path / "store")
    plan = service.build([plan_file], store).built[0].iri
    store.oxigraph.update(
        f"""{SPARQL_PREFIXES}
        DELETE {{ GRAPH <{plan}> {{ ?m pk:responsibilityText ?span }} }}
        INSERT {{ GRAPH <{plan}> {{ ?m pk:responsibilityText <{plan}#char=5,100000> }} }}
        WHERE {{ GRAPH <{plan}> {{ ?m pk:responsibilityText ?span }} }}"""
    )
    turbo, reference = by_engine(store)
    assert_same(turbo, reference)
    (result,) = reference.results
    assert result.path == "pk:responsibilityStatus"
    # no quote from the clause's span: the measure's own span is quoted instead
    measure_span = next(store.oxigraph.quads_for_pattern(NamedNode(result.focus), NamedNode(PK + "text"), None, None))
    _, start, end = span_of(measure_span.object.value)
    text = next(
        store.oxigraph.quads_for_pattern(NamedNode(plan), NamedNode(PK + "sourceText"), None, None)
    ).object.value
    assert result.source_text == text[start:end]
    assert "加强宣传" in result.source_text


def test_pyoxigraph_terms_and_rdflib_terms_round_trip():
    import rdflib

    for node in (
        pyoxigraph.NamedNode("https://w3id.org/policykg/id/unit/长沙市-finance"),
        pyoxigraph.Literal("市财政局", language="zh"),
        pyoxigraph.Literal("national"),
        pyoxigraph.Literal("7", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        pyoxigraph.BlankNode("b1"),
    ):
        assert validation._oxigraph_term(validation._rdflib_term(node)) == node
    assert validation._rdflib_term(pyoxigraph.Literal("national")) == rdflib.Literal("national")


# --- how pyshacl-turbo is called ---------------------------------------------------------


def _engine_input(store):
    data = validation._Terms()
    for plan in store.documents():
        validation._read_plan(store, plan, data)
    return data.engine_input()


def test_the_engine_is_called_as_pyshacl_turbo_calls_it(planted):
    """The report is taken from the engine's own call (``_native_report``), which
    ``CompiledShapes.validate`` makes before it builds an rdflib graph of the report (the
    slower half of the run). The call is pyshacl-turbo's own, not its public interface:
    this fails when a release changes it, and then the public call is made
    (``_NATIVE_RELEASES``)."""
    from pyshacl_turbo.rdf import Input
    from rdflib.compare import isomorphic

    compiled = validation._compiled(validation.DOCUMENT_SHAPES)
    source = _engine_input(planted)
    native = validation._native_report(compiled, source)
    assert native is not None  # the installed pyshacl-turbo is one whose call is known
    _, public, _ = compiled.validate(
        Input(source, "terms", None, {}, preserve_ids=True), inference="none", allow_infos=True, allow_warnings=True
    )
    assert isomorphic(validation.Report(graphs=[native]).report_graph(), public)
    plans = [plan.value for plan in planted.documents()]
    told = validation._results(native, planted, plans)
    assert told and told == validation._results(validation._terms_of(public), planted, plans)


def test_without_the_engine_call_the_public_one_gives_the_same_report(planted, monkeypatch):
    fast = validate(planted, engine="turbo", jobs=1)
    monkeypatch.setattr(validation, "_NATIVE_RELEASES", ())
    assert validation._native_report(validation._compiled(validation.DOCUMENT_SHAPES), _engine_input(planted)) is None
    assert_same(validate(planted, engine="turbo", jobs=1), fast)


def test_the_engine_is_given_the_terms_it_would_read_from_n_triples(planted):
    """The data goes to pyshacl-turbo as terms (records and quads, no text to parse): the
    same report as the N-Triples of the same triples give, which the engine parses as
    rdflib does (a plain literal is no ``xsd:string``)."""
    from pyshacl_turbo.rdf import Input
    from rdflib.compare import isomorphic

    compiled = validation._compiled(validation.DOCUMENT_SHAPES)
    records, quads = _engine_input(planted)
    nodes = [validation._oxigraph_record(record) for record in records]
    text = pyoxigraph.serialize(
        [pyoxigraph.Triple(nodes[s], nodes[p], nodes[o]) for s, p, o, _ in quads],
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    ).decode("utf-8")
    # plain literals (planted: pk:planSays "区民政局") have no datatype, as in N-Triples
    assert any(record[0] == 2 and record[2] is None and record[3] is None for record in records)
    assert "XMLSchema#string" not in text

    def report(source, kind):
        _, graph, _ = compiled.validate(
            Input(source, kind, None, {}, preserve_ids=True), inference="none", allow_infos=True, allow_warnings=True
        )
        return graph

    assert isomorphic(report((records, quads), "terms"), report(text, "nt"))


def test_terms_are_told_as_rdflib_tells_them():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for lexical, datatype in [
        ("7", "integer"),
        ("007", "integer"),
        ("-0", "integer"),
        ("-12", "integer"),
        ("seven", "integer"),
        ("5.0", "decimal"),
        ("2025", "gYear"),
        ("national", "string"),
    ]:
        node = pyoxigraph.Literal(lexical, datatype=pyoxigraph.NamedNode(xsd + datatype))
        assert validation._text(node) == str(validation._rdflib_term(node))
        record = validation._record_of(node)
        assert validation._oxigraph_record(record) == node
        assert validation._rdflib_record(record) == validation._rdflib_term(node)
    for node in (
        pyoxigraph.NamedNode(PK + "Measure"),
        pyoxigraph.Literal("市财政局", language="zh"),
        pyoxigraph.BlankNode("b1"),
    ):
        assert validation._text(node) == str(validation._rdflib_term(node))
        assert validation._oxigraph_record(validation._record_of(node)) == node
    assert validation._record_of(pyoxigraph.Literal("national")) == (2, "national", None, None)
