"""SHACL: each gap the shapes look for, on a text written for it, gives exactly one result."""

import json
import re

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg import service
from kg.cli import main
from kg.resources import data_dir
from kg.store import Store
from kg.validate import validate

HEAD = "长沙市岳麓区社区服务行动方案\n一、重点任务\n"
GOOD = "1.完善服务网络。建设社区服务站。（牵头单位：区民政局；责任单位：区财政局）\n"


def results_of(tmp_path, write_plan, measures: str):
    store = Store(tmp_path / "store")
    service.build([write_plan(HEAD + GOOD + measures)], store)
    report = validate(store)
    store.close()
    return [(r.severity, r.measure, r.focus.rsplit("#", 1)[-1], r.path) for r in report.results], report


def test_a_well_assigned_plan_has_no_result(tmp_path, write_plan):
    found, report = results_of(tmp_path, write_plan, "")
    assert found == []
    assert report.conforms("info")


@pytest.mark.parametrize(
    "measure, expected",
    [
        # units named, none leads (only 责任单位)
        (
            "2.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）",
            ("Violation", 2, "measure-2", "pk:responsibilityStatus"),
        ),
        # vague wording only
        (
            "2.加强宣传。开展宣传活动。各有关部门按职责分工负责。",
            ("Violation", 2, "measure-2", "pk:responsibilityStatus"),
        ),
        # nobody named
        ("2.加强宣传。开展宣传活动。", ("Violation", 2, "measure-2", "pk:responsibilityStatus")),
        # two units labelled 牵头: co-leads, which the plan states
        (
            "2.加强宣传。开展宣传活动。（牵头单位：区民政局、区文旅局；责任单位：区财政局）",
            ("Info", 2, "measure-2", "pk:leadUnit"),
        ),
        # the lead again among the participants
        (
            "2.加强宣传。开展宣传活动。（牵头单位：区民政局；责任单位：区民政局、区财政局）",
            ("Violation", 2, "measure-2", "pk:leadUnit"),
        ),
        # a clause where a unit's name stands: set aside as suspicious, never a unit
        (
            "2.加强宣传。开展宣传活动。（区民政局、加强统筹协调，排第一位为牵头单位）",
            ("Warning", 2, "measure-2", "pk:suspiciousUnit"),
        ),
        # a name that is no organisation's, kept as written
        (
            "2.加强宣传。开展宣传活动。（区民政局、社区网格员，排第一位为牵头单位）",
            ("Violation", 2, "measure-2-assignment-2", "prov:agent"),
        ),
        # a unit the registry does not know
        (
            "2.加强宣传。开展宣传活动。（区民政局、区星际事务局，排第一位为牵头单位）",
            ("Warning", 2, "measure-2-assignment-2", "prov:agent"),
        ),
        # a target without a deadline
        (
            "2.加强宣传。建成6个宣传阵地。（区民政局、区文旅局，排第一位为牵头单位）",
            ("Warning", 2, "target-1", "pk:deadline"),
        ),
        # a programme named but defined nowhere
        (
            "2.加强宣传。实施“邻里守望”计划。（区民政局、区文旅局，排第一位为牵头单位）",
            ("Warning", 2, "measure-2", "pk:mentions"),
        ),
        # led from outside the government's departments
        (
            "2.加强宣传。开展宣传活动。（区总工会、区民政局，排第一位为牵头单位）",
            ("Info", 2, "measure-2", "pk:leadUnit"),
        ),
    ],
)
def test_each_gap_gives_exactly_its_result(tmp_path, write_plan, measure, expected):
    found, _ = results_of(tmp_path, write_plan, measure + "\n")
    assert found == [expected]


def test_the_messages_say_what_is_wrong_in_both_languages(tmp_path, write_plan):
    _, report = results_of(tmp_path, write_plan, "2.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）\n")
    result = report.results[0]
    assert result.message == "units are named but none is the lead (only 责任单位, or no first-is-lead rule is stated)"
    assert result.message_zh.startswith("任务列出了责任单位，但没有牵头单位")
    assert result.heading == "加强宣传"
    assert result.source_text == "（责任单位：区民政局、区文旅局）"


def test_a_measure_without_its_source_span_is_a_violation(tmp_path, write_plan):
    store = Store(tmp_path / "store")
    plan = service.build([write_plan(HEAD + GOOD)], store).built[0].iri
    store.oxigraph.update(
        f"DELETE WHERE {{ GRAPH <{plan}> {{ <{plan}#measure-1> <https://w3id.org/policykg/ontology#text> ?t }} }}"
    )
    report = validate(store)
    # pks:MeasureHasSource asks for one pk:text that is a span <plan#char=start,end>
    assert [(r.severity, r.measure, r.path) for r in report.results] == [("Violation", 1, "pk:text")]
    assert report.results[0].message == "the measure has no source span (<plan#char=start,end>)"


def test_the_seed_conforms_with_its_warnings_and_infos(seed_store):
    report = validate(seed_store)
    assert report.conforms("violation")
    assert not report.conforms("warning")
    warnings = [(r.measure, r.path) for r in report.results if r.severity == "Warning"]
    assert warnings == [
        (3, "pk:deadline"),
        (4, "pk:deadline"),
        (6, "pk:deadline"),
        (7, "pk:deadline"),
        (8, "pk:deadline"),
        (8, "pk:deadline"),
        (11, "pk:deadline"),
        (12, "pk:deadline"),
        (17, "pk:deadline"),
        (18, "pk:deadline"),
        (18, "pk:deadline"),
        (18, "pk:deadline"),
        (18, "pk:deadline"),
    ]
    infos = [(r.measure, r.value_label) for r in report.results if r.severity == "Info"]
    assert infos == [(1, "市委组织部"), (19, "市委组织部")]


def test_the_report_graph_parses_and_is_isomorphic_across_runs(seed_store):
    first = validate(seed_store).report_graph().serialize(format="turtle")
    second = validate(seed_store).report_graph().serialize(format="turtle")
    one, two = rdflib.Graph().parse(data=first, format="turtle"), rdflib.Graph().parse(data=second, format="turtle")
    assert len(one) > 100
    assert isomorphic(one, two)


def test_registry_and_ontology_conform_and_a_broken_kind_does_not(tmp_path):
    store = Store(tmp_path / "store")
    store.load_registry()
    assert validate(store).results == []
    store.oxigraph.update(
        "DELETE WHERE { GRAPH <https://w3id.org/policykg/graph/registry> {"
        " <https://w3id.org/policykg/registry/department/finance> <https://w3id.org/policykg/ontology#unitType> ?t } }"
    )
    results = validate(store).results
    assert [(r.severity, r.focus.rsplit("/", 1)[-1], r.path) for r in results] == [
        ("Violation", "finance", "pk:unitType")
    ]


def test_cli_validate_formats_and_exit_codes(tmp_path, monkeypatch, write_plan):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    runner = CliRunner()
    seed = runner.invoke(main, ["validate", "--format", "json"])
    assert seed.exit_code == 0
    payload = json.loads(seed.stdout)
    assert payload["conforms"] is True
    assert {r["severity"] for r in payload["results"]} == {"Warning", "Info"}
    assert all(isinstance(r["measure"], int) for r in payload["results"])
    assert runner.invoke(main, ["validate", "--fail-on", "warning"]).exit_code == 1
    text = runner.invoke(main, ["validate"]).stdout
    assert "conforms: 0 violation(s), 13 warning(s), 2 info" in text
    assert "  measure 18  强化经费保障\n" in text
    ttl = runner.invoke(main, ["validate", "--format", "ttl"])
    assert "sh:ValidationReport" in ttl.stdout

    bad = write_plan(HEAD + GOOD + "2.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）\n", name="bad.txt")
    built = runner.invoke(main, ["build", str(bad), "--validate"])
    assert built.exit_code == 1
    assert "units are named but none is the lead" in built.stdout
    assert runner.invoke(main, ["validate", "--document", "nope"]).exit_code == 2


def test_the_shapes_and_the_parser_know_the_same_endings_of_organisations_names():
    from kg.names import UNIT_ENDING

    shapes = (data_dir("shapes") / "responsibility.ttl").read_text(encoding="utf-8")
    written = re.search(r'sh:pattern "\((.*)\)\$" \.', shapes).group(1)
    assert written == UNIT_ENDING.pattern.removeprefix("(?:").removesuffix(")$")


# --- the data graph: what the shapes read, taken from the shapes -----------------------

EXTRA_SHAPES = """
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix pk:  <https://w3id.org/policykg/ontology#> .
@prefix ex:  <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:declared sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .

ex:Paths a sh:NodeShape ;
    sh:targetClass pk:Measure ;
    sh:property [ sh:path ex:plain ; sh:lessThan ex:pair ] ;
    sh:property [ sh:path ( ex:first [ sh:inversePath ex:inverse ] [ sh:alternativePath ( ex:either ex:or ) ] ) ] ;
    sh:property [ sh:path [ sh:zeroOrMorePath ex:repeated ] ; sh:maxCount 3 ] .

ex:Queries a sh:NodeShape ;
    sh:targetObjectsOf ex:pointedAt ;
    sh:target [
        a sh:SPARQLTarget ; sh:prefixes ex:declared ;
        sh:select "SELECT ?this WHERE { ?this ex:selected ?x . FILTER NOT EXISTS { ?x ex:absent/^ex:back ?y } }" ;
    ] .
"""
EXTRA_READ = {
    f"http://example.org/{name}"
    for name in (
        "plain",
        "pair",
        "first",
        "inverse",
        "either",
        "or",
        "repeated",
        "pointedAt",
        "selected",
        "absent",
        "back",
    )
}


def _document_shapes() -> rdflib.Graph:
    from kg.validate import DOCUMENT_SHAPES

    shapes = rdflib.Graph()
    for name in DOCUMENT_SHAPES:
        shapes.parse(data_dir("shapes") / name, format="turtle")
    return shapes


def test_the_data_graph_takes_every_predicate_a_shape_reads():
    from kg.validate import _predicates, shapes_read

    shapes = _document_shapes()
    read = shapes_read(shapes)
    assert read <= {predicate.value for predicate in _predicates()}
    # a shape added to the shapes is read from the shapes: its paths step by step, its
    # property pairs, its targets and the triple patterns of its SPARQL
    shapes.parse(data=EXTRA_SHAPES, format="turtle")
    assert shapes_read(shapes) == read | EXTRA_READ


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:NodeShape ; sh:targetClass pk:Measure ; sh:closed true .",
        'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this ?p ?o }" ] .',
    ],
)
def test_a_shape_that_may_read_any_predicate_is_refused(shape):
    from kg.validate import shapes_read

    shapes = rdflib.Graph().parse(data=EXTRA_SHAPES.split("ex:declared")[0] + shape, format="turtle")
    with pytest.raises(ValueError):
        shapes_read(shapes)


def test_the_data_graph_gives_the_results_the_whole_graph_gives(tmp_path, write_plan, monkeypatch):
    from kg import validate as validation

    gaps = [
        "2.加强宣传。开展宣传活动。（责任单位：区民政局、区文旅局）",
        "3.加强宣传。开展宣传活动。各有关部门按职责分工负责。",
        "4.加强宣传。开展宣传活动。（牵头单位：区民政局、区文旅局；责任单位：区民政局）",
        "5.加强宣传。开展宣传活动。（区民政局、加强统筹协调，排第一位为牵头单位）",
        "6.加强宣传。开展宣传活动。（区民政局、社区网格员、区星际事务局，排第一位为牵头单位）",
        "7.加强宣传。建成6个宣传阵地，2025年底达到10个。（区总工会、区文旅局，排第一位为牵头单位）",
        "8.加强宣传。实施“邻里守望”计划。（区民政局、区文旅局，排第一位为牵头单位）",
    ]
    plan = write_plan(HEAD + GOOD + "\n".join(gaps) + "\n")
    tasks = write_plan("序号,重点任务,牵头单位,责任单位\n1,完善服务网络,区财政局,区民政局\n", name="tasks.csv")
    store = Store(tmp_path / "store")
    service.build([plan], store, tasks=tasks)
    taken = validate(store)
    everything = tuple({quad.predicate for iri in store.documents() for quad in store.quads(iri)})
    assert not set(validation._predicates()) >= set(everything)  # the data graph is a part of the plan's graph
    monkeypatch.setattr(validation, "_predicates", lambda: everything)
    whole = validate(store)
    store.close()
    assert {r.path for r in taken.results} >= {
        "pk:responsibilityStatus",
        "pk:leadUnit",
        "prov:agent",
        "pk:deadline",
        "pk:mentions",
        "pk:suspiciousUnit",
        "pk:disagreementKind",
    }
    assert taken.results == whole.results


def test_an_undefined_programme_is_quoted_from_the_measures_words(tmp_path, write_plan):
    _, report = results_of(
        tmp_path, write_plan, "2.开展招聘活动。开展“暖心行动”招聘周活动。（牵头单位：区人社局；责任单位：区总工会）\n"
    )
    (result,) = [r for r in report.results if r.path == "pk:mentions"]
    assert (result.severity, result.measure) == ("Warning", 2)
    assert result.source_text.startswith("2.开展招聘活动。开展“暖心行动”")  # not the list of units
    assert result.message.startswith("the plan or measure names a programme")
