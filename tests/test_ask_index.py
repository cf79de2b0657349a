"""The catalog's name index (kg.corpus._name_index writes it, kg.ask.index reads it): what
linking finds through it is what it finds reading every plan's names, for every name of
the bundled plan, of generated plans and of odd names; a store without it (or with part
of it) answers as one with it; a plan rebuilt or removed takes its entries with it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg import corpus, service
from kg.ask import index as ask_index
from kg.ask.index import StoreIndex
from kg.ask.link import DepartmentIndex, PlanIndex, ProgrammeIndex
from kg.errors import QuestionError
from kg.registry import Registry
from kg.store import Store
from kg.vocab import CATALOG_GRAPH, PK, RDF, SKOS

link = sys.modules["kg.ask.link"]
parse_module = sys.modules["kg.ask.parse"]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_odd_names import EXTREME_PLAN, ODD_NAMES  # noqa: E402

from benchmarks.generate import generate  # noqa: E402

STORE_NS = "https://w3id.org/policykg/store#"
SEED = "https://w3id.org/policykg/id/plan/daf8227113fe"
QUESTIONS = [
    "益阳市财政局牵头哪些任务？",
    "市财政局参与哪些任务？",
    "What does the Finance Bureau lead?",
    "第18项任务由谁牵头？",
    "强化经费保障由谁牵头？",
    "双高计划相关的任务有哪些？",
    "“1+X”证书制度涉及哪些任务？",
    "哪些任务没有牵头单位？",
    "2025年的目标有哪些？",
    "益阳市职业教育高质量发展实施方案里市教育局牵头哪些任务？",
    "市魔法局牵头哪些任务？",
    "国土资源局牵头哪些任务？",
    "第99项任务由谁牵头？",
]


@pytest.fixture(scope="module")
def plans(tmp_path_factory, seed_path) -> list[Path]:
    """The bundled plan, three generated plans and a plan of odd names."""
    folder = tmp_path_factory.mktemp("plans")
    extreme = folder / "extreme.txt"
    extreme.write_text(EXTREME_PLAN, encoding="utf-8")
    return [seed_path, *generate(3, folder / "generated", seed=61), extreme]


@pytest.fixture(scope="module")
def store(plans) -> Store:
    built = Store(None)
    service.build(plans, built)
    _add_odd_units(built)
    return built


def _add_odd_units(store: Store) -> None:
    """Every odd name as the name of a unit of the bundled plan, with the plan's index
    entries written again from its graph, as a build writes them."""
    plan = NamedNode(SEED)
    quads = []
    for index, name in enumerate(ODD_NAMES.values()):
        unit = NamedNode(f"https://w3id.org/policykg/id/unit/odd-index-{index}")
        quads += [
            Quad(unit, RDF.type, PK.Unit, plan),
            Quad(unit, SKOS.prefLabel, Literal(name, language="zh"), plan),
            Quad(unit, PK.jurisdiction, NamedNode("https://w3id.org/policykg/id/jurisdiction/益阳市"), plan),
        ]
    store.oxigraph.extend(quads)
    graph = pyoxigraph.serialize(store.quads(plan), format=pyoxigraph.RdfFormat.N_QUADS)
    _drop_index(store, SEED)
    store.oxigraph.extend(Quad(plan, key, value, CATALOG_GRAPH) for key, value in corpus._name_index(plan, graph))


_REGISTRY: list[Registry] = []


def _registry() -> Registry:
    if not _REGISTRY:
        _REGISTRY.append(Registry.load())
    return _REGISTRY[0]


def _everything(monkeypatch) -> None:
    """Linking as if no plan had an index: every plan read whole."""

    def every_graph(self) -> list[str]:
        rows = self.rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} {ask_index._NOT_PLANS} }}")
        return sorted(str(row["g"]) for row in rows)

    monkeypatch.setattr(StoreIndex, "_without_index", every_graph)


def _linked(store: Store, question: str, document: str | None = None) -> dict:
    """What linking finds in ``question``: bodies (units, mentions), the kind a store lacks,
    the concept, the plan named, the measures named by title."""
    names = StoreIndex(store, document)
    units = DepartmentIndex(store, _registry(), document, names)
    concept = ProgrammeIndex(store, document, names).find(question)
    plans = PlanIndex(store, document, names)
    absent = units.absent(question)
    return {
        "bodies": [(sorted(body.units, key=str), body.mentions) for body in units.bodies(question)],
        "absent": (absent[0], absent[1].iri) if absent else None,
        "concept": concept,
        "plan": plans.named(question),
        "titled": sorted(plans.measure_titles(question)),
    }


def _names(store: Store) -> list[str]:
    """Every unit name, programme and glossary label, plan title and measure title."""
    units = DepartmentIndex(store, _registry()).store_names
    concepts = sorted({label for label, *_ in ProgrammeIndex(store).rows})
    plans = PlanIndex(store)
    titles = [str(plan["title"]) for plan in plans.plans]
    measures = [str(row["title"]) for row in service.query(expression=_MEASURE_TITLES, store=store).rows]
    return sorted({*units, *concepts, *titles, *measures} - {""})


_MEASURE_TITLES = """PREFIX pk: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?title WHERE { GRAPH ?document { ?document pk:measure ?m . ?m eli:title ?title } }"""


# --- the two copies of the index's definitions ---------------------------------------------


def test_the_reader_and_the_writer_define_the_index_alike():
    assert ask_index.VERSION == corpus.NAME_INDEX_VERSION
    assert ask_index.NS == corpus._INDEX_NS
    assert (ask_index.NAME_START, ask_index.TITLE_START, ask_index.MEASURE_TITLE_START) == (
        corpus._NAME_START,
        corpus._TITLE_START,
        corpus._MEASURE_TITLE_START,
    )
    samples = [*ODD_NAMES.values(), "市财政局", "区商务局（区粮食局）", "二〇二五年", "一", "长" * 16, "长" * 17]
    samples += [chr(code) * 2 for code in range(0x3000, 0xFB00, 7)] + ["ab", "1+X证书", "“双高计划”"]
    for sample in samples:
        assert ask_index.is_plain(sample) == bool(corpus._PLAIN_NAME.fullmatch(sample)), repr(sample)
        assert bool(re.fullmatch(ask_index.PLAIN_PATTERN, sample)) == ask_index.is_plain(sample), repr(sample)
        assert "".join(filter(ask_index.chinese, sample)) == corpus._NOT_CJK.sub("", sample), repr(sample)
    # The period a title is found without, as kg.ask.link.PlanIndex.named drops it.
    assert corpus._PERIOD.pattern in Path(link.__file__).read_text(encoding="utf-8")


def test_a_plain_name_is_the_same_folded():
    for name in ["市财政局", "区商务局（区粮食局）", "二〇二五年专项", "县文旅广体局（县文物局）"]:
        assert ask_index.is_plain(name)
        assert link.folded_name(name) == link.folded_name(name, True) == name
        assert link.fold(name).text == name


# --- the index of a build ------------------------------------------------------------------


def test_the_bundled_plan_has_its_index_in_the_catalog(seed_store):
    entries = {
        (quad.predicate.value.removeprefix(STORE_NS), quad.object.value)
        for quad in seed_store.quads(CATALOG_GRAPH)
        if quad.predicate.value.startswith(STORE_NS)
    }
    assert ("askIndex", "1") in entries
    assert ("placeStart", "益阳") in entries
    assert ("titleStart", "益阳市职业教") in entries
    assert ("measureTitleStart", "强化经费") in entries
    assert ("conceptLabelStart", "双高计划") in entries  # from “双高计划”
    assert not [value for key, value in entries if key in ("unitNameStart", "unitName")]  # its names are plain
    assert {key for key, _ in entries} <= {
        "askIndex",
        "placeStart",
        "titleStart",
        "measureTitleStart",
        "conceptLabelStart",
        "conceptLabel",
    }


def test_an_odd_name_is_in_the_index_by_its_chinese_start_or_whole(store):
    entries = {
        (quad.predicate.value.removeprefix(STORE_NS), quad.object.value)
        for quad in store.quads(CATALOG_GRAPH)
        if quad.subject == NamedNode(SEED)
    }
    assert ("unitNameStart", "县财政局") in entries  # 县财政局\n县教育局
    assert ("unitNameStart", "县长长长") in entries  # 2,000 characters
    assert ("unitName", "12345") in entries  # no Chinese character
    assert ("unitName", "say \"hi\" 'there'") in entries
    assert ("unitNameStart", "局") in entries  # one character: not plain


# --- the index finds what reading every plan finds ------------------------------------------


def test_linking_through_the_index_finds_what_reading_every_plan_finds(store, monkeypatch):
    names = _names(store)
    assert len(names) > 150 and "市财政局" in names and "县财政局\n县教育局" in names
    questions = [question for name in names for question in (f"{name}牵头哪些任务？", f"What does {name} lead?")]
    questions += QUESTIONS
    indexed = {question: _linked(store, question) for question in questions}
    seed = {question: _linked(store, question, SEED) for question in QUESTIONS + questions[:40]}
    assert StoreIndex(store).unindexed == [link.REGISTRY_GRAPH.value]  # every plan has its index
    _everything(monkeypatch)
    assert StoreIndex(store).unindexed != [link.REGISTRY_GRAPH.value]
    for question, found in indexed.items():
        assert found == _linked(store, question), question
    for question, found in seed.items():
        assert found == _linked(store, question, SEED), question


def test_what_the_index_finds_for_the_benchmark_question(store):
    found = _linked(store, "益阳市财政局牵头哪些任务？")
    ((units, mentions),) = found["bodies"]
    assert [unit.iri for unit in units] == ["https://w3id.org/policykg/id/unit/益阳市-finance"]
    assert [mention.written for mention in mentions] == ["市财政局"]  # the store's name, in 益阳 (the place)
    hits = StoreIndex(store).hits("益阳市财政局牵头哪些任务？")
    assert hits.starts["placeStart"] == {SEED}
    assert _linked(store, "强化经费保障由谁牵头？")["titled"][0][0] == 18


# --- a store without the index --------------------------------------------------------------


def _answers(store: Store, document: str | None = None) -> list:
    answers = []
    for question in QUESTIONS:
        try:
            answer = service.ask(question, store, document=document).as_json()
            answer.pop("sparql")
        except QuestionError as error:
            answer = {"error": str(error), "suggestions": error.suggestions}
        answers.append(answer)
    return answers


def _drop_index(store: Store, plan: str | None = None) -> None:
    """The store as a build before the index left it: without the entries of ``plan`` (of every plan)."""
    subject = f"<{plan}>" if plan else "?plan"
    where = f'GRAPH {CATALOG_GRAPH} {{ {subject} ?p ?o FILTER(STRSTARTS(STR(?p), "{STORE_NS}")) }}'
    store.update(f"DELETE {{ GRAPH {CATALOG_GRAPH} {{ {subject} ?p ?o }} }} WHERE {{ {where} }}")


@pytest.mark.parametrize("dropped", ["every plan's", "one plan's"])
def test_a_store_without_the_index_answers_alike(plans, dropped):
    indexed = Store(None)
    service.build(plans, indexed)
    older = Store(None)
    service.build(plans, older)
    _drop_index(older, None if dropped == "every plan's" else SEED)
    unindexed = StoreIndex(older).unindexed
    assert unindexed[0] == link.REGISTRY_GRAPH.value
    assert unindexed[1:] == (sorted(plan.value for plan in older.documents()) if dropped == "every plan's" else [SEED])
    assert _answers(older) == _answers(indexed)
    assert _answers(older, SEED) == _answers(indexed, SEED)


# --- rebuilt and removed plans --------------------------------------------------------------


def _index_of(store: Store, plan: str) -> set[tuple[str, str]]:
    return {
        (quad.predicate.value.removeprefix(STORE_NS), quad.object.value)
        for quad in store.quads(CATALOG_GRAPH)
        if quad.subject == NamedNode(plan) and quad.predicate.value.startswith(STORE_NS)
    }


def test_a_plan_rebuilt_or_removed_takes_its_index_with_it(tmp_path, seed_path):
    store = Store(tmp_path / "store")
    service.build([seed_path], store)
    before = _index_of(store, SEED)
    assert ("placeStart", "益阳") in before
    # The same plan (same title and period) with a measure renamed: the rebuild replaces it.
    changed = tmp_path / "changed.txt"
    changed.write_text(seed_path.read_text(encoding="utf-8").replace("强化经费保障", "夯实经费保障"), encoding="utf-8")
    service.build([changed], store)
    after = _index_of(store, SEED)
    graph = pyoxigraph.serialize(store.quads(NamedNode(SEED)), format=pyoxigraph.RdfFormat.N_QUADS)
    assert after == {
        (key.value.removeprefix(STORE_NS), value.value) for key, value in corpus._name_index(NamedNode(SEED), graph)
    }
    assert before - after == {("measureTitleStart", "强化经费")}
    assert after - before == {("measureTitleStart", "夯实经费")}
    assert _linked(store, "夯实经费保障由谁牵头？")["titled"][0][0] == 18
    assert _linked(store, "强化经费保障由谁牵头？")["titled"] == []
    answer = service.ask("夯实经费保障由谁牵头？", store)
    assert {(row["measure"], row["department"]) for row in answer.rows if row["role"] == "lead"} == {(18, "市财政局")}
    service.remove(SEED, store)
    assert _index_of(store, SEED) == set()
    assert not [quad for quad in store.quads(CATALOG_GRAPH) if quad.subject == NamedNode(SEED)]
    store.close()


def test_the_english_cue_words_are_compiled_only_for_a_question_with_latin_letters():
    def combined(text: str) -> frozenset[str]:
        return frozenset(name for name, pattern in parse_module.CUES.items() if re.search(pattern, text, re.IGNORECASE))

    texts = [
        *QUESTIONS,
        "Which measures does the \u212aPI cover?",
        "\u017feveral plans",
        "谁牵头 measure 7",
        "共同 share",
    ]
    for text in texts:
        assert parse_module.cues_of(text) == combined(text), text
    for name, pattern in parse_module.CUES.items():
        assert "|".join(parse_module._alternatives(pattern)) == pattern, name
