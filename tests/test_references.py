"""Stage 3: the documents a plan cites — 《title》（number）, titles alone, bare numbers."""

import textwrap

import pytest

from kg.extract.references import extract
from kg.read import decode, read
from kg.resources import bundled_plan
from kg.structure import parse


def references(text: str):
    document = parse(decode(textwrap.dedent(text).encode("utf-8"), "test.txt"))
    return document, extract(document)


def summary(reference):
    number = reference.number
    return (
        reference.title,
        (number.text, number.issuer_code, number.year, number.number) if number else None,
        reference.measure,
        reference.issuer,
    )


@pytest.fixture(scope="module")
def seed_document():
    return parse(read(bundled_plan()))


def test_seed_cites_exactly_its_five_documents(seed_document):
    found = [summary(reference) for reference in extract(seed_document)]
    assert found == [
        (
            "国务院关于印发〈国家职业教育改革实施方案〉的通知",
            ("国发〔2019〕4号", "国发", 2019, 4),
            None,
            "国务院",
        ),
        (
            "湖南省人民政府关于印发〈湖南省职业教育改革实施方案〉的通知",
            ("湘政发〔2020〕2号", "湘政发", 2020, 2),
            None,
            "湖南省人民政府",
        ),
        (
            "教育部湖南省人民政府关于整省推进职业教育现代化服务“三高四新”战略的意见",
            ("湘政发〔2021〕5号", "湘政发", 2021, 5),
            None,
            "教育部湖南省人民政府",
        ),
        ("关于推动现代职业教育高质量发展的意见", None, None, "中共中央办公厅、国务院办公厅"),
        ("湖南省中等职业学校管理办法", ("湘教法[2020]16号", "湘教法", 2020, 16), None, None),
    ]


def test_seed_spans_quote_the_citations(seed_document):
    found = extract(seed_document)
    quoted = [seed_document.quote(reference.span) for reference in found]
    assert quoted[0] == "《国务院关于印发〈国家职业教育改革实施方案〉的通知》（国发〔2019〕4号）"
    assert quoted[3] == "《关于推动现代职业教育高质量发展的意见》"
    assert quoted[4] == "《湖南省中等职业学校管理办法》（湘教法[2020]16号）"
    for reference in found:
        if reference.number:
            assert seed_document.quote(reference.number.span) == reference.number.text
    # The last citation is in the notes, after every measure.
    assert found[4].span[0] > seed_document.measures[-1].span[1]
    assert seed_document.back_matter_span[0] < found[4].span[0]


PLAN = """
某市产业发展行动方案
为深入贯彻省委、省政府印发的《关于加快发展的意见》（湘发〔2022〕3号，以下简称《意见》），按照湘政办发〔2021〕3号文件要求，制定本方案。
一、重点任务
1.落实政策。根据国办发(2019)12号和教育部等九部门《职业教育提质培优行动计划（2020—2023年）》，落实《关于印发《某某办法》的通知》（教职成［2020］7号）。执行《》。（市教育局）
2.其他事项。国家发展和改革委员会、教育部《关于开展试点的通知》（发改社会〔2019〕1558号）要求的工作。（市财政局）
"""


def test_every_form_of_citation_in_document_order():
    document, found = references(PLAN)
    assert [summary(reference) for reference in found] == [
        ("关于加快发展的意见", ("湘发〔2022〕3号", "湘发", 2022, 3), None, "省委、省政府"),
        (None, ("湘政办发〔2021〕3号", "湘政办发", 2021, 3), None, None),
        (None, ("国办发(2019)12号", "国办发", 2019, 12), 1, None),
        ("职业教育提质培优行动计划（2020—2023年）", None, 1, "教育部等九部门"),
        ("关于印发《某某办法》的通知", ("教职成［2020］7号", "教职成", 2020, 7), 1, None),
        ("关于开展试点的通知", ("发改社会〔2019〕1558号", "发改社会", 2019, 1558), 2, "国家发展和改革委员会、教育部"),
    ]
    assert document.quote(found[4].span) == "《关于印发《某某办法》的通知》（教职成［2020］7号）"


def test_a_bare_number_is_cut_from_the_words_that_lead_into_it():
    _, found = references(PLAN)
    bare = [reference for reference in found if reference.title is None]
    assert [reference.number.issuer_code for reference in bare] == ["湘政办发", "国办发"]
    assert all(reference.span == reference.number.span for reference in bare)


def test_abbreviations_and_empty_brackets_are_not_citations():
    _, found = references(PLAN)
    titles = [reference.title for reference in found]
    assert "意见" not in titles
    assert "" not in titles


def test_a_number_inside_a_title_belongs_to_the_title():
    _, found = references(
        """
        某县实施方案
        为落实《关于转发国发〔2019〕4号文件的通知》，制定本方案。
        一、任务
        1.任务一。内容。（县教育局）
        """
    )
    assert [summary(reference) for reference in found] == [("关于转发国发〔2019〕4号文件的通知", None, None, None)]


def test_a_plan_does_not_cite_itself():
    _, found = references(
        """
        首页 > 政务公开 > 政策文件
        发布日期：2023-05-12
        松岭市人民政府办公室关于印发《松岭市加快发展银发经济行动方案》的通知
        松政办发〔2023〕12号
        各县（市、区）人民政府，市直各单位：
        《松岭市加快发展银发经济行动方案》已经市人民政府同意，现印发给你们。

        松岭市加快发展银发经济行动方案

        为贯彻《国务院办公厅关于发展银发经济增进老年人福祉的意见》（国办发〔2024〕1号），制定本方案。
        一、重点任务
        （一）扩大老年助餐服务。按照松政办发〔2023〕12号文件要求推进。（责任单位：市民政局）
        """
    )
    # The notice's title and number are the plan's own; a number cited inside a measure is a citation.
    assert [summary(r)[:2] for r in found] == [
        ("国务院办公厅关于发展银发经济增进老年人福祉的意见", ("国办发〔2024〕1号", "国办发", 2024, 1)),
        (None, ("松政办发〔2023〕12号", "松政办发", 2023, 12)),
    ]
