"""Notes at the end of a plan, and the footnote markers that point to them."""

from kg.extract import glossary
from kg.read import decode
from kg.structure import parse


def glossary_of(text: str):
    document = parse(decode(text.encode("utf-8"), "test.txt"))
    return document, glossary.extract(document)


def test_seed_ten_notes_linked_to_their_markers(seed):
    entries = seed.facts.glossary.entries
    assert [e.number for e in entries] == list(range(1, 11))
    assert [e.label for e in entries] == [
        "党支部五化建设",
        "双带头人",
        "楚怡行动计划",
        "双优计划",
        "双高计划",
        "双师型教师",
        "1+X证书制度",
        "岗课赛证",
        "固定岗+流动岗",
        "15-30%的兼职教师比例",
    ]
    original = seed.document.text.original
    markers = {e.number: [original[m.span[0] - 2 : m.span[1]] for m in e.markers] for e in entries}
    assert markers == {
        1: ["工程1"],
        2: ["人”2"],
        3: ["计划3"],
        4: ["划”4"],
        5: ["划”5"],
        6: [],
        7: ["制度7"],
        8: ["通”8"],
        9: ["岗”9"],
        10: ["0%10"],
    }
    assert entries[4].definition == "中国特色高水平高职学校和专业建设计划。"


def test_seed_markers_stand_in_their_measures(seed):
    document = seed.document
    where = {}
    for marker in seed.facts.glossary.markers:
        measure = next(m for m in document.measures if m.span[0] <= marker.span[0] < m.span[1])
        where[marker.note] = measure.number
    assert where == {1: 1, 2: 1, 3: 3, 4: 3, 5: 4, 7: 12, 8: 12, 9: 17, 10: 17}


def test_seed_clean_text_has_no_footnote_digit(seed):
    document, entries = seed.document, seed.facts.glossary
    original = document.text.original
    clean = {m.number: entries.clean(original, m.body_span) for m in document.measures}
    assert "提质工程和教师党支部书记“双带头人”培育工程" in clean[1]
    assert "职业教育“楚怡行动”计划和中等职业学校" in clean[3]
    assert "按学校专任教师编制数的15—30%的比例" in clean[17]
    assert "“岗课赛证融通”综合育人" in clean[12]
    for marker in entries.markers:
        assert original[marker.span[0] : marker.span[1]] == str(marker.note)
    masked = entries.mask(document.text.normalised)
    assert len(masked) == len(document.text.normalised)
    assert "15—30%\u2063\u2063的" in masked


def test_a_count_glued_to_a_quotation_is_not_a_marker():
    document, found = glossary_of(
        """
        某县食品安全行动方案
        一、重点任务
        1.建设放心食堂。到2024年，建成“放心食堂”12个，推行“明厨亮灶”1工程。（县市场监管局）
        注：
        1.明厨亮灶：餐饮服务单位公开展示后厨。
        12.放心食堂：达到标准的单位食堂。
        """
    )
    by_number = {e.number: e for e in found.entries}
    assert [document.text.original[slice(*m.span)] for m in by_number[1].markers] == ["1"]
    assert by_number[12].markers == ()
    assert "建成“放心食堂”12个，推行“明厨亮灶”工程" in found.clean(
        document.text.original, document.measures[0].body_span
    )


def test_notes_without_term_and_colon_are_not_glossary_entries():
    _, found = glossary_of("某市方案\n一、任务\n1.甲。（市教育局）\n附件：\n1.任务分工表\n")
    assert found.entries == ()
