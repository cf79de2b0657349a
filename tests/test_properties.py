"""Property-based tests: any text in, no exception but the documented input errors; spans
always inside the text; the same text always parsed the same way."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import encode_plan, generate_plan
from kg.errors import InputError
from kg.extract import extract_all
from kg.extract.targets import extract as extract_targets
from kg.names import unit_name
from kg.pipeline import process
from kg.read import decode
from kg.structure import parse

# Pieces of the genre, so that random texts reach the parsers' interesting paths.
FRAGMENTS = [
    "一、",
    "二、",
    "三、重点任务",
    "（一）",
    "（二）",
    "（3）",
    "1.",
    "2、",
    "１．",
    "（1）",
    "10.",
    "。",
    "，",
    "、",
    "；",
    "：",
    "（",
    "）",
    "(",
    ")",
    "“",
    "”",
    "《",
    "》",
    "〔2021〕",
    "[2020]",
    "号",
    "市教育局",
    "区县（市）人民政府",
    "牵头单位：",
    "责任单位：",
    "配合单位：",
    "排第一位为牵头单位，下同",
    "各有关部门按职责分工负责",
    "到2025年",
    "到2022年底",
    "不低于",
    "超过",
    "左右",
    "以上",
    "15—30%",
    "10000元/年",
    "2倍",
    "两个",
    "注：",
    "名词解释",
    "本方案自印发之日起施行。",
    "\n",
    "\r\n",
    " ",
    "　",
    "\ufeff",
    "市",
    "局",
    "的",
    "建设",
    "计划",
    "1",
    "0",
    "%",
]
genre_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60).map("".join)


def _check_spans(document) -> None:
    size = len(document.text.original)
    spans = [document.title_span]
    for measure in document.measures:
        spans += [measure.span, measure.heading_span, measure.body_span]
    spans += [note.span for note in document.notes]
    for start, end in spans:
        assert 0 <= start <= end <= size


@given(st.binary(max_size=400))
def test_reader_takes_any_bytes(data):
    try:
        text = decode(data, "fuzz.txt")
    except InputError as error:
        assert str(error).startswith("fuzz.txt: ")
        return
    assert len(text.normalised) == len(text.original)


@given(genre_text)
def test_structure_and_extraction_take_any_text(text):
    try:
        document = parse(decode(text.encode("utf-8"), "fuzz.txt"))
    except InputError as error:
        assert str(error).startswith("fuzz.txt: ")
        return
    _check_spans(document)
    facts = extract_all(document)
    size = len(document.text.original)
    for responsibility in facts.responsibilities:
        for unit in responsibility.units:
            assert 0 <= unit.span[0] < unit.span[1] <= size
            # As written, with a name's own 〔〕 typed （）; a place sharing the government
            # word of the last of its list (海口市、三亚市人民政府) takes it.
            written = unit_name(document.text.original[unit.span[0] : unit.span[1]])
            assert unit.name in (written, written + "人民政府", written + "政府")
    for target in facts.targets:
        assert 0 <= target.span[0] <= target.value_span[0] <= target.value_span[1] <= target.span[1] <= size
    for marker in facts.glossary.markers:
        assert document.text.original[marker.span[0] : marker.span[1]] == str(marker.note)


@given(genre_text)
def test_parsing_is_deterministic(text):
    try:
        first = parse(decode(text.encode("utf-8"), "fuzz.txt"))
    except InputError:
        return
    second = parse(decode(text.encode("utf-8"), "fuzz.txt"))
    assert first.measures == second.measures and first.notes == second.notes and first.title == second.title
    assert extract_all(first) == extract_all(second)


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789０１２３.．—-~至%万元个所家名倍不低于超过左右约以上内到年底，。")),
        max_size=40,
    )
)
def test_target_parser_takes_any_number_soup(soup):
    document = parse(decode(f"某市方案\n一、任务\n1.甲。{soup}。（市教育局）\n".encode(), "fuzz.txt"))
    for target in extract_targets(document):
        assert target.value is not None
        assert document.text.original[target.span[0] : target.span[1]] == target.text


# Generated plans are whole documents (≈20 ms each to write and parse), so this property
# runs a fixed number of them in either profile rather than the fuzz profile's 10,000.
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**31 - 1))
def test_generated_plans_units_are_one_line_names_and_only_planted_text_is_suspicious(seed):
    text, truth = generate_plan(seed)
    built = process("plan.txt", text=decode(encode_plan(text, truth), "plan.txt"))
    planted = {name for measure in truth["measures"] for name in measure["suspicious"]}
    for responsibility in built.responsibilities:
        for unit in responsibility.units:
            assert "\n" not in unit.name and not set("。，；") & set(unit.name), unit.name
        for suspicious in responsibility.suspicious:
            assert suspicious.text in planted, (seed, suspicious)
