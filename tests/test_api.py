"""The Python API mirrors the command line."""

from kg import api as kg


def test_api_builds_asks_and_queries(tmp_path):
    store = kg.open_store(tmp_path / "store")
    built = kg.build(store=store)
    assert [len(b.document.measures) for b in built] == [19]
    assert [row["measure"] for row in kg.ask(store, "what does the Finance Bureau lead").rows] == [17, 18]
    _, rows = kg.query(store, "measure-leads", number=10)
    assert [row["department"] for row in rows] == ["市发改委"]
    _, rows = kg.query(store, "PREFIX pk: <https://w3id.org/policykg/ontology#> SELECT ?m WHERE { ?m a pk:Measure }")
    assert len(rows) == 19
    columns, table = kg.responsibilities(store)
    assert columns[-2:] == ["lead", "participants"]
    assert table[16]["lead"] == "市财政局"
    store.close()
