"""policykg diff and versions in the store: the bundled draft against a hand-made final
version (tests/cases/versions), exact; the pairing's optimality; the store's links and
change records kept true through builds and removals; the CLI's outputs and bad input."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import resources, service
from kg.cli import main
from kg.diff import align
from kg.diff.render import CSV_COLUMNS

CASES = Path(__file__).parent / "cases" / "versions"
FINAL = CASES / "final.txt"
EXPECTED = json.loads((CASES / "expected.json").read_text(encoding="utf-8"))
DRAFT_ID, FINAL_ID = "daf8227113fe", "a119657992e5"
PK = "PREFIX pk: <https://w3id.org/policykg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


@pytest.fixture(scope="module")
def draft() -> Path:
    return resources.bundled_plan()


@pytest.fixture(scope="module")
def versions_store(tmp_path_factory, draft) -> Path:
    store = tmp_path_factory.mktemp("versions") / "store"
    result = service.build([draft, FINAL], store)
    assert {summary.id for summary in result.built} == {DRAFT_ID, FINAL_ID}
    return store


def rows(store: Path, sparql: str) -> list[dict]:
    return service.query(expression=sparql, store=store).rows


# --- the hand-made final version --------------------------------------------------------


def test_the_final_version_of_the_bundled_plan_gives_the_expected_changes_exactly(draft):
    found = service.diff(draft, FINAL).record()
    assert (
        found["old"]
        == EXPECTED["old"]
        == {"id": DRAFT_ID, "title": "益阳市职业教育高质量发展实施方案", "version": "征求意见稿"}
    )
    assert found["new"] == EXPECTED["new"]
    assert found["changes"] == EXPECTED["changes"]
    assert len(found["changes"]) == 31


def test_the_counts_of_each_kind(draft):
    assert service.diff(draft, FINAL).counts() == {
        "added": 2,
        "removed": 1,
        "renumbered": 12,
        "moved": 1,
        "reworded": 5,
        "lead_changed": 2,
        "participants_changed": 2,
        "target_removed": 1,
        "target_changed": 3,
        "programme_removed": 1,
        "reference_added": 1,
    }


def test_a_plan_against_itself_has_no_changes(draft):
    same = service.diff(draft, draft)
    assert same.changes == ()
    assert [(o, n) for o, n, _ in same.pairs] == [(k, k) for k in range(1, 20)]


def test_the_diff_reversed_swaps_added_and_removed(draft):
    back = service.diff(FINAL, draft).counts()
    assert back["added"] == 1 and back["removed"] == 2
    assert back["lead_changed"] == 2 and back["target_added"] == 1 and back["programme_added"] == 1


# --- pairing ----------------------------------------------------------------------------


def _best(table, floor):
    """Brute force: the greatest total margin over the floor of every one-to-one pairing."""
    rows, columns = len(table), len(table[0])
    best = 0.0
    for chosen in itertools.permutations(range(columns), rows) if rows <= columns else []:
        best = max(best, sum(table[i][j] - floor for i, j in enumerate(chosen) if table[i][j] >= floor))
    return best


@pytest.mark.parametrize("seed", range(30))
def test_the_pairing_is_the_best_one_to_one_pairing(seed):
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 5), 5
    table = [[round(rng.random(), 3) for _ in range(columns)] for _ in range(rows)]
    pairs = align.match(table, floor=0.3)
    assert len({i for i, _, _ in pairs}) == len(pairs) == len({j for _, j, _ in pairs})
    assert all(similarity >= 0.3 for *_, similarity in pairs)
    assert sum(similarity - 0.3 for *_, similarity in pairs) == pytest.approx(_best(table, 0.3), abs=1e-3)


def test_one_close_pair_outweighs_two_loose_ones():
    # Old 0 is new 1 word for word; new 0 (added) echoes old 0, old 1 (removed) echoes new 1.
    table = [[0.62, 1.0], [0.0, 0.40]]
    assert [(i, j) for i, j, _ in align.match(table)] == [(0, 1)]


def test_identical_measures_pair_in_order():
    table = [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert [(i, j) for i, j, _ in align.match(table)] == [(0, 0), (1, 1), (2, 2)]


def test_below_the_floor_nothing_pairs():
    assert align.match([[0.34, 0.1], [0.2, 0.0]]) == []


# --- versions in the store --------------------------------------------------------------


def test_the_build_recognises_the_final_as_a_revision_of_the_draft(versions_store):
    links = rows(versions_store, PK + "SELECT ?new ?old WHERE { GRAPH ?g { ?new prov:wasRevisionOf ?old } }")
    assert [(row["new"].rsplit("/", 1)[-1], row["old"].rsplit("/", 1)[-1]) for row in links] == [(FINAL_ID, DRAFT_ID)]
    kinds = rows(
        versions_store,
        PK
        + "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?c a pk:Change ; pk:changeKind ?kind } GROUP BY ?kind ORDER BY ?kind",
    )
    assert {row["kind"]: row["n"] for row in kinds} == service.diff(resources.bundled_plan(), FINAL).counts()


def test_change_records_link_measures_units_and_targets(versions_store):
    leads = rows(
        versions_store,
        PK
        + """SELECT ?old ?new ?was ?now WHERE {
          ?c pk:changeKind "lead_changed" ; pk:oldMeasure ?om ; pk:newMeasure ?nm ; pk:oldUnit ?ou ; pk:newUnit ?nu .
          GRAPH ?a { ?om pk:number ?old } GRAPH ?b { ?nm pk:number ?new }
          GRAPH ?c1 { ?ou <http://www.w3.org/2004/02/skos/core#prefLabel> ?was FILTER(lang(?was) = "zh") }
          GRAPH ?c2 { ?nu <http://www.w3.org/2004/02/skos/core#prefLabel> ?now FILTER(lang(?now) = "zh") }
        } ORDER BY ?old""",
    )
    assert {(r["old"], r["new"], r["was"], r["now"]) for r in leads} == {
        (8, 7, "市教育局", "市发改委"),
        (19, 20, "市委组织部", "市委教育工委"),
    }
    raised = rows(
        versions_store,
        PK
        + """SELECT ?before ?after WHERE {
          ?c pk:changeKind "target_changed" ; pk:oldTarget ?ot ; pk:newTarget ?nt .
          ?ot <http://schema.org/value> ?before . ?nt <http://schema.org/value> ?after FILTER(?after > ?before)
        }""",
    )
    assert [(float(r["before"]), float(r["after"])) for r in raised] == [(50.0, 60.0)]


def test_diff_of_a_stored_plan_alone_compares_it_with_the_version_it_revises(versions_store):
    alone = service.diff(FINAL_ID, store=versions_store).record()
    assert alone["changes"] == EXPECTED["changes"]
    by_ids = service.diff(DRAFT_ID, FINAL_ID, store=versions_store).record()
    assert by_ids == alone
    mixed = service.diff(DRAFT_ID, FINAL, store=versions_store).record()
    assert mixed["changes"] == EXPECTED["changes"]


def test_a_plan_with_no_earlier_version_says_so(versions_store):
    runner = CliRunner()
    result = runner.invoke(main, ["diff", DRAFT_ID, "--store", str(versions_store)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {DRAFT_ID}: the store holds no earlier version of this plan; "
        "give two plans (policykg diff OLD NEW), or build it with --version-of"
    ]


def _final_retitled(folder: Path) -> Path:
    text = FINAL.read_text(encoding="utf-8").replace("职业教育高质量发展实施方案", "职业教育提质培优行动方案", 1)
    path = folder / "retitled.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_version_of_declares_a_link_recognition_would_not_make(tmp_path, draft):
    store = tmp_path / "store"
    service.build([draft], store)
    retitled = _final_retitled(tmp_path)
    result = service.build([retitled], store)
    assert result.revises == {}  # another title: not recognised
    result = service.build([retitled], store, version_of=DRAFT_ID[:6])
    (new,) = result.revises
    assert result.revises[new].endswith(DRAFT_ID)
    assert service.diff(new.rsplit("/", 1)[-1], store=store).counts()["lead_changed"] == 2
    # Rebuilt unchanged or changed, the declaration stays.
    retitled.write_text(retitled.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert service.build([retitled], store).revises == {new: result.revises[new]}


def test_version_of_names_a_stored_plan_and_one_file(tmp_path, draft):
    store = tmp_path / "store"
    service.build([draft], store)
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(FINAL), "--store", str(store), "--version-of", "nosuchplan"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "nosuchplan" in result.output
    result = runner.invoke(main, ["build", str(FINAL), str(draft), "--store", str(store), "--version-of", DRAFT_ID])
    assert result.exit_code == 2
    assert "build that plan alone" in result.output


def test_removing_a_version_removes_its_links_and_records(tmp_path, draft):
    store = tmp_path / "store"
    service.build([draft, FINAL], store)
    count = PK + "SELECT (COUNT(*) AS ?n) WHERE { { ?c a pk:Change } UNION { ?x prov:wasRevisionOf ?y } }"
    assert rows(store, count)[0]["n"] == 32
    service.remove(DRAFT_ID, store)
    assert rows(store, count)[0]["n"] == 0
    service.build([draft], store)
    assert rows(store, count)[0]["n"] == 32
    service.remove(FINAL_ID, store)
    assert rows(store, count)[0]["n"] == 0


def test_a_rebuilt_version_has_its_changes_recomputed(tmp_path, draft):
    store = tmp_path / "store"
    final = tmp_path / "final.txt"
    shutil.copy(FINAL, final)
    service.build([draft, final], store)
    kinds = PK + 'SELECT (COUNT(*) AS ?n) WHERE { ?c pk:changeKind "lead_changed" }'
    assert rows(store, kinds)[0]["n"] == 2
    final.write_text(
        final.read_text(encoding="utf-8").replace("（市委教育工委、", "（市委组织部、", 1), encoding="utf-8"
    )
    service.build([final], store)
    assert rows(store, kinds)[0]["n"] == 1


def test_drafts_sent_for_approval_sit_between_draft_and_final(tmp_path, draft):
    """征求意见稿 → 送审稿 → the plan: each revises the nearest earlier step."""
    text = FINAL.read_text(encoding="utf-8")
    title_end = text.index("\n", text.index("\n") + 1)
    approval = tmp_path / "approval.txt"
    approval.write_text(text[:title_end] + "\n（送审稿）" + text[title_end:], encoding="utf-8")
    store = tmp_path / "store"
    result = service.build([draft, approval, FINAL], store)
    by_id = {summary.iri.rsplit("/", 1)[-1]: summary.status for summary in result.built}
    (approval_id,) = [plan for plan, status in by_id.items() if status == "送审稿"]
    links = {new.rsplit("/", 1)[-1]: old.rsplit("/", 1)[-1] for new, old in result.revises.items()}
    assert links == {approval_id: DRAFT_ID, FINAL_ID: approval_id}
    assert service.diff(FINAL_ID, store=store).changes == ()
    service.remove(approval_id, store)
    assert service.diff(FINAL_ID, store=store).record()["changes"] == EXPECTED["changes"]


# --- the CLI ------------------------------------------------------------------------------


def test_cli_json_has_the_documented_schema(draft):
    result = CliRunner().invoke(main, ["diff", str(draft), str(FINAL), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["old", "new", "changes"]
    assert all(list(change) == ["kind", "old_measure", "new_measure", "before", "after"] for change in data["changes"])
    renumbered = [c for c in data["changes"] if c["kind"] == "renumbered"]
    assert all(isinstance(c["before"], int) and isinstance(c["old_measure"], int) for c in renumbered)
    (added,) = [c for c in data["changes"] if c["kind"] == "added" and c["new_measure"] == 14]
    assert added["old_measure"] is None and added["before"] is None
    (raised,) = [c for c in data["changes"] if c["kind"] == "target_changed" and c["old_measure"] == 11]
    assert {k: raised["before"][k] for k in ("value", "comparator", "unit", "deadline")} == {
        "value": 50,
        "comparator": ">",
        "unit": "%",
        "deadline": "2023",
    }
    assert raised["after"]["value"] == 60


def test_cli_csv_has_one_row_per_change(draft, tmp_path):
    out = tmp_path / "changes.csv"
    result = CliRunner().invoke(main, ["diff", str(draft), str(FINAL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (31 change(s))\n"
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(table[0]) == CSV_COLUMNS and len(table) == 32
    assert ["lead_changed", "8", "7", "市教育局", "市发改委"] in table
    assert ["participants_changed", "13", "12", "市人社局", "市人社局、市工信局"] in table


def test_cli_text_starts_with_the_counts(draft):
    result = CliRunner().invoke(main, ["diff", str(draft), str(FINAL)])
    lines = result.output.splitlines()
    assert lines[0] == f"old: 益阳市职业教育高质量发展实施方案 (征求意见稿)  id {DRAFT_ID}"
    assert lines[1] == f"new: 益阳市职业教育高质量发展实施方案  id {FINAL_ID}"
    assert lines[2].startswith("31 change(s): added 2, removed 1, renumbered 12, moved 1, reworded 5")
    assert len(lines) == 3 + 31


def test_cli_html_writes_the_page(draft, tmp_path):
    out = tmp_path / "diff.html"
    result = CliRunner().invoke(main, ["diff", str(draft), str(FINAL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="change') >= 31


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["missing.txt", "x.txt"], "missing.txt: no such file; give a plan file or the id of a plan in the store"),
        (["a/b"], "a/b: no such file"),
    ],
)
def test_cli_bad_input_is_one_line(arguments, message, tmp_path):
    result = CliRunner().invoke(main, ["diff", *arguments, "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and message in result.output


def test_cli_an_unreadable_plan_file_is_one_line(tmp_path, draft):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["diff", str(draft), str(empty)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert str(empty) in result.output


def test_chromium_shows_the_changes_of_the_final_version(draft, tmp_path):
    """The page of the real diff in headless Chromium: every change listed, the rows of the
    lead change and of the split marked; clicking the reworded measure shows what went."""
    from tests.test_export_html import chromium

    with chromium(page_of(draft), tmp_path) as browser:
        assert browser.evaluate("document.querySelectorAll('#changes li').length") == 31
        assert browser.evaluate("document.getElementById('m-o8-n7').classList.contains('kind-lead_changed')")
        assert browser.evaluate("document.getElementById('m-n16').classList.contains('added')")
        assert browser.evaluate("document.getElementById('m-o6-').classList.contains('removed')")
        browser.evaluate("document.querySelector('#changes a[data-row=\"m-o12-n11\"]').click()")
        browser.wait_for("document.getElementById('m-o12-n11').classList.contains('selected')")
        deleted = browser.evaluate("[...document.querySelectorAll('#m-o12-n11 del')].map(e => e.textContent)")
        assert deleted == ["鼓励职业院校参与“学分银行”建设和改革试点。"]
        assert browser.evaluate("document.querySelector('#m-o12-n11 del').getBoundingClientRect().height > 0")
        assert browser.complaints() == []


def page_of(draft: Path) -> bytes:
    from kg.diff.page import page

    return page(service.diff(draft, FINAL))


def test_the_whole_dataset_export_carries_the_versions(versions_store):
    """A server loaded from the export answers version questions as the store does."""
    import pyoxigraph

    from kg.store import Store

    data = service.export("nquads", versions_store)
    server = Store(None)
    server.load(data)
    revision = pyoxigraph.NamedNode(f"https://w3id.org/policykg/id/plan/{FINAL_ID}/revision")
    assert len(server.quads(revision)) == 253
    from kg import query as library

    sparql = library.load("version-lead-changes").text
    assert library.run(server, sparql)[1] == library.run(versions_store_reader(versions_store), sparql)[1]


def versions_store_reader(path: Path):
    from kg.store import Store

    return Store(path, read_only=True)


def test_removing_a_plan_keeps_the_other_declared_links(tmp_path, draft):
    """Two declarations; removing the plan one of them names leaves the other."""
    store = tmp_path / "store"
    service.build([draft], store)
    retitled = _final_retitled(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(
        retitled.read_text(encoding="utf-8").replace("提质培优行动方案", "三年行动计划", 1), encoding="utf-8"
    )
    first = service.build([retitled], store, version_of=DRAFT_ID)
    second = service.build([other], store, version_of=next(iter(first.revises)).rsplit("/", 1)[-1])
    (middle,) = first.revises
    (last,) = second.revises
    service.remove(DRAFT_ID, store)
    declared = rows(
        store,
        PK
        + "SELECT ?new ?old WHERE { GRAPH <https://w3id.org/policykg/graph/versions> { ?new prov:wasRevisionOf ?old } }",
    )
    assert [(row["new"], row["old"]) for row in declared] == [(last, middle)]
    assert service.diff(last.rsplit("/", 1)[-1], store=store).changes == ()
