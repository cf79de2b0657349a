"""Issue-level checks on the seed's graph: glossary, programmes, targets and citations."""

from kg import query as library

PREFIXES = """
PREFIX pk: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


def select(store, body: str):
    return library.run(store, PREFIXES + body)[1]


def test_every_glossary_entry_is_linked_from_the_measures_that_mention_it(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?number (GROUP_CONCAT(STR(?measure); SEPARATOR=",") AS ?measures) WHERE {
          ?entry a pk:GlossaryEntry ; skos:notation ?number .
          OPTIONAL { ?m pk:mentions ?entry ; pk:number ?measure }
        } GROUP BY ?number""",
    )
    linked = {int(row["number"]): sorted(map(int, row["measures"].split(","))) for row in rows if row["measures"]}
    assert linked == {1: [1], 2: [1], 3: [3], 4: [3], 5: [4], 6: [11], 7: [12], 8: [12], 9: [17], 10: [17]}


def test_footnote_markers_point_from_measures_and_leave_no_digit_in_the_clean_body(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?measure ?note WHERE { ?m pk:footnote ?entry ; pk:number ?measure . ?entry skos:notation ?note }""",
    )
    assert sorted((row["measure"], int(row["note"])) for row in rows) == [
        (1, 1),
        (1, 2),
        (3, 3),
        (3, 4),
        (4, 5),
        (12, 7),
        (12, 8),
        (17, 9),
        (17, 10),
    ]
    bodies = {
        row["measure"]: row["body"]
        for row in select(seed_store, "SELECT ?measure ?body WHERE { ?m pk:number ?measure ; pk:body ?body }")
    }
    assert "15—30%的比例" in bodies[17] and "15—30%10" not in bodies[17]
    assert "“固定岗+流动岗”的教师资源配置" in bodies[17]
    assert "提质工程和教师党支部书记“双带头人”培育工程" in bodies[1]


def test_range_with_a_footnote_is_read_as_the_range(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?min ?max ?unit ?comparator WHERE {
          ?m pk:number 17 ; pk:target ?t . ?t schema:minValue ?min ; schema:maxValue ?max ; schema:unitText ?unit ;
             pk:comparator/skos:notation ?comparator }""",
    )
    assert rows == [{"min": 15, "max": 30, "unit": "%", "comparator": "range"}]


def test_targets_carry_owl_time_deadlines(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?measure ?year ?date WHERE {
          ?m pk:number ?measure ; pk:target/pk:deadline ?instant .
          OPTIONAL { ?instant time:inXSDgYear ?year } OPTIONAL { ?instant time:inXSDDate ?date }
        } ORDER BY ?measure""",
    )
    by_measure = {}
    for row in rows:
        by_measure.setdefault(row["measure"], set()).add(str(row["year"] or row["date"]))
    assert by_measure == {3: {"2022-12-31"}, 9: {"2025"}, 11: {"2023"}}


def test_cited_documents_with_their_numbers(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?number ?code ?year ?serial ?title WHERE {
          ?plan a pk:Plan ; eli:cites ?d . ?d a pk:CitedDocument .
          OPTIONAL { ?d pk:documentNumber ?number ; pk:issuerCode ?code ; pk:documentYear ?year ; pk:serialNumber ?serial }
          OPTIONAL { ?d eli:title ?title }
        } ORDER BY ?number""",
    )
    numbered = [(r["number"], r["code"], r["year"], r["serial"]) for r in rows if r["number"]]
    assert numbered == [
        ("国发〔2019〕4号", "国发", 2019, 4),
        ("湘政发〔2020〕2号", "湘政发", 2020, 2),
        ("湘政发〔2021〕5号", "湘政发", 2021, 5),
        ("湘教法[2020]16号", "湘教法", 2020, 16),
    ]
    assert [r["title"] for r in rows if not r["number"]] == ["关于推动现代职业教育高质量发展的意见"]


def test_members_of_the_coordinating_body_are_the_registry_departments(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?body (COUNT(?member) AS ?members) (SUM(IF(EXISTS { ?member pk:resolved true }, 1, 0)) AS ?resolved) WHERE {
          ?m pk:number 16 ; pk:coordinatingBody ?b . ?b skos:prefLabel ?body ; org:hasMember ?member .
        } GROUP BY ?body""",
    )
    assert rows == [{"body": "益阳市职业教育工作联席会议", "members": 19, "resolved": 18}]
    health = select(
        seed_store,
        """
        SELECT ?name WHERE { ?m pk:number 16 ; pk:coordinatingBody/org:hasMember ?u . ?u pk:kind <https://w3id.org/policykg/registry/department/health> ; skos:prefLabel ?name FILTER(lang(?name) = "zh") }""",
    )
    assert [row["name"] for row in health] == ["市卫健委"]  # written 市卫生健康委 there, one department


def test_named_institutions_are_linked_to_their_measures(seed_store):
    rows = select(
        seed_store,
        """
        SELECT ?measure ?name WHERE { ?m pk:number ?measure ; pk:institution/skos:prefLabel ?name } ORDER BY ?measure ?name""",
    )
    by_measure = {}
    for row in rows:
        by_measure.setdefault(row["measure"], []).append(row["name"])
    assert by_measure[3] == sorted(
        [
            "安化县职业中专学校",
            "赫山区职教中心",
            "沅江市职业中等专业学校",
            "益阳自立职业技术学校",
            "益阳东方职业技术学校",
        ]
    )
    assert "湖南兵器工业高级技工学校" in by_measure[4]
    assert by_measure[7] == ["益阳开放大学"]
