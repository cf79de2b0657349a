"""The lexicon (ontology/lexicon.toml, read by kg.lexicon) is the one place the genre's word
lists are written; kg.text is the one home of quotation marks, bare place names, the mask
and one-line / XML-safe text."""

import re
from pathlib import Path

import pytest

from kg import lexicon, text
from kg.resources import data_file

ROOT = Path(__file__).resolve().parent.parent


def _lists(table: dict, prefix: str = "") -> dict[str, list[str]]:
    found = {}
    for key, value in table.items():
        if isinstance(value, dict):
            found.update(_lists(value, f"{prefix}{key}."))
        else:
            found[prefix + key] = value
    return found


LISTS = _lists(lexicon._LEXICON)


def test_the_lexicon_is_found_where_the_ontology_is():
    assert data_file("ontology", "lexicon.toml").is_file()
    assert "units.trailing_noise" in LISTS and "roles.lead" in LISTS and LISTS["places.autonomous.自治州"] == "州"


@pytest.mark.parametrize("name", sorted(name for name, value in LISTS.items() if isinstance(value, list)))
def test_no_list_holds_a_word_twice(name):
    words = LISTS[name]
    assert words and all(isinstance(word, str) and word.strip() == word and word for word in words)
    assert len(words) == len(set(words)), [word for word in words if words.count(word) > 1]


def test_the_lists_hold_the_genres_words():
    assert lexicon.TRAILING_NOISE == ("等有关部门", "等相关部门", "等有关单位", "等相关单位", "等部门", "等单位", "等")
    assert lexicon.ROLE_LEAD == ("牵头", "主办", "主责", "承办")
    assert {"责任", "配合", "协助", "参加"} <= set(lexicon.ROLE_PARTICIPANT)
    assert {"局", "委", "办", "中心", "街道", "）"} <= set(lexicon.UNIT_ENDINGS)
    assert set(lexicon.QUESTION_ENDINGS) <= set(lexicon.DEPARTMENT_ENDINGS)
    assert set(lexicon.EXAMPLE_ENDINGS) <= set(lexicon.QUESTION_ENDINGS)
    assert lexicon.AUTONOMOUS_LEVEL == {"自治区": "省", "自治州": "州", "自治县": "县"}
    assert sorted(lexicon.LEVEL_CHARS) == sorted("省市县区州旗盟")
    assert "湖南" in lexicon.PROVINCES and "内蒙古" in lexicon.PROVINCES and len(lexicon.PROVINCES) == 34
    assert lexicon.PLACE_SUFFIX.startswith("自治区|自治州|自治县|")
    assert lexicon.REGION == "地区" and lexicon.REGION_SHORT == "地" and lexicon.REGION_SHORT_BEFORE == ("委", "直")
    assert lexicon.NAME_EQUIVALENTS["行政公署"] == lexicon.NAME_EQUIVALENTS["人民政府"] == "政府"
    assert lexicon.ENDING_EQUIVALENTS == {"委员会": "委", "厅": "局"} and "发展" in lexicon.NOT_WORK_ALONE
    assert len(lexicon.ETHNIC_GROUPS) == 56 and {"哈萨克", "土家", "苗"} <= set(lexicon.ETHNIC_GROUPS)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("某县教育局等部门", "某县教育局"),
        ("区民政局等有关部门", "区民政局"),
        ("区财政局等相关部门", "区财政局"),
        ("县人社局等单位", "县人社局"),
        ("县统计局等相关单位", "县统计局"),
        ("各乡镇（街道）等", "各乡镇（街道）"),
        ("区卫健委", "区卫健委"),
    ],
)
def test_the_noise_after_a_list_is_stripped_alike_in_responsibility_and_member_lists(written, name):
    from kg.extract import institutions, responsibility

    assert responsibility._clean(written, 0).name == name
    assert institutions._unit(written, 0) == (name, (0, len(name)))


def test_label_variants_stand_each_for_one_character_of_a_labels_words():
    forms = [form for found in lexicon.LABEL_VARIANTS.values() for form in found]
    assert len(forms) == len(set(forms)) and not set(forms) & set(lexicon.LABEL_VARIANTS)
    words = "".join(lexicon.ROLE_LEAD + lexicon.ROLE_PARTICIPANT + lexicon.ROLE_NOUNS)
    assert all(len(char) == 1 and char in words for char in lexicon.LABEL_VARIANTS)
    assert all(len(form) == 1 for form in forms) and lexicon.LABEL_COLONS[0] == "："


def test_patterns_built_from_the_lexicon():
    from kg.names import OTHER_FIELD, RESPONSIBILITY_LABEL, VAGUE_COLLECTIVE, distributes, ends_like_unit

    labels = RESPONSIBILITY_LABEL.finditer("牵头：区民政局；主办部门：甲；协助单位：乙；主办：丙；协办：丁；负责：戊")
    assert [label.group(1) for label in labels] == ["牵头", "主办部门", "协助单位", "主办", "协办"]
    assert ends_like_unit("区民政局") and ends_like_unit("各乡镇（街道）") and not ends_like_unit("推进智慧港口建设")
    assert VAGUE_COLLECTIVE.match("县直其他有关部门") and VAGUE_COLLECTIVE.match("各成员单位")
    assert not VAGUE_COLLECTIVE.match("区民政局")
    assert distributes("各市", "县人民政府") and distributes("各设区市", "县") and not distributes("各社区", "村")
    assert OTHER_FIELD.search("责任单位：区民政局；完成时限：2024年底").start() == 10
    assert lexicon.UNIT_ENDING.search("区文旅广体局") and not lexicon.UNIT_ENDING.search("区文旅广体局牵头")


def test_the_registry_reads_places_and_areas_from_the_lexicon():
    from kg.registry import AREA_WORD, Registry, jurisdiction_named

    assert jurisdiction_named("某某自治州").level == "州" and jurisdiction_named("某盟").level == "盟"
    assert AREA_WORD.search("产业园区") and AREA_WORD.search("智慧城市") and not AREA_WORD.search("某县")
    registry = Registry.load()
    assert registry.split_two_names("区县（市）人民政府") == ("区县（市）人民政府",)
    assert registry.split_two_names("镇人民政府（街道办事处）") == ("镇人民政府（街道办事处）",)


def test_a_task_tables_column_heads_are_the_role_words():
    from kg.formats.tables import _column_kind

    heads = ("牵头单位", "牵头", "主责部门", "主办", "配合单位", "参与", "协办", "负责单位", "完成时限", "时间")
    assert [_column_kind(head) for head in heads] == [
        "lead",
        "lead",
        "lead",
        "lead",
        "participants",
        "participants",
        "participants",
        "participants",
        "deadline",
        "deadline",
    ]
    assert _column_kind("负责") is None and _column_kind("备注") is None


@pytest.mark.parametrize(
    ("place", "bare"),
    [
        ("长沙市", "长沙"),
        ("湖南省", "湖南"),
        ("某县", "某县"),
        ("湘西土家族苗族自治州", "湘西土家族苗族"),
        ("某某自治县", "某某"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("库玛地区", "库玛"),
        ("", ""),
    ],
)
def test_one_bare_name_for_a_place(place, bare):
    from kg.registry import Jurisdiction

    assert text.bare_place(place) == bare == Jurisdiction(place, "").bare_name


def test_the_text_utilities():
    assert text.MASK == "\u2063"
    assert text.strip_quotes("“双高计划”与「楚怡」‘行动’'x'") == "双高计划与楚怡行动x"
    assert set(text.QUOTES) == set("“”‘’\"'「」『』")
    assert text.one_line("县\n财\r\n政\u2028局\t\x1b") == "县 财 政 局 \ufffd"
    assert text.xml_text("县\x00局") == "县\ufffd局" and text.one_line(None) == text.xml_text(None) == ""


def test_the_stages_share_one_mask_and_one_noise_pattern():
    from kg.extract import glossary, institutions, programmes, responsibility, targets

    assert glossary.MASK is text.MASK and targets.MASK is text.MASK and programmes.MASK is text.MASK
    assert responsibility.LIST_NOISE is lexicon.LIST_NOISE is institutions.LIST_NOISE
    assert programmes.QUOTES is text.QUOTES and glossary.strip_quotes is text.strip_quotes


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "kg").rglob("*.py"))
        if path.name != "lexicon.py"
    }


# Lists no module may write again: any three words of them in a row, as a regex
# alternation or a Python sequence, are a copy. (Level words are left out: other
# modules' lists of scope nouns run 县|市|区|…|乡|镇|村 too.)
CHECKED = (
    "units.endings",
    "units.department_endings",
    "units.question_endings",
    "units.issuer_endings",
    "units.trailing_noise",
    "roles.participant",
    "roles.participant_verbs",
    "collectives.nouns",
    "vague.phrases",
    "places.provinces",
    "areas.kinds",
    "areas.not_places",
    "fields.deadline",
    "english.unit_words",
    "comparators.at_least.before",
    "comparators.greater.before",
    "comparators.at_most.before",
    "comparators.at_most.after",
    "comparators.less.before",
    "comparators.approximately.before",
)


@pytest.mark.parametrize("name", CHECKED)
def test_no_module_writes_a_lexicon_list_again(name):
    words = LISTS[name]
    copies = [
        (path, needle)
        for index in range(len(words) - 2)
        for needle in ("|".join(words[index : index + 3]), '", "'.join(words[index : index + 3]))
        for path, source in _sources().items()
        if needle in source
    ]
    assert not copies


def test_the_text_utilities_have_one_home():
    definitions = {
        "the mask": re.compile(r"\\u2063|\u2063"),
        "strip_quotes": re.compile(r"def strip_quotes\b"),
        "QUOTES": re.compile(r"^QUOTES\s*=", re.MULTILINE),
        "a bare place name": re.compile(r"def bare(?:_place)?\b"),
    }
    for what, pattern in definitions.items():
        homes = [path for path, source in _sources().items() if pattern.search(source)]
        assert homes == ["kg/text.py"], what


def test_targets_and_retrieve_read_one_list_of_comparators():
    from kg.ask import retrieve
    from kg.extract import targets
    from kg.extract.targets import Comparator

    assert lexicon.COMPARATORS_BEFORE["不少于"] == "at_least" and lexicon.COMPARATORS_AFTER["左右"] == "approximately"
    assert lexicon.COMPARATORS_BETWEEN == {"多": "greater", "余": "greater"}
    words = ("不少于", "超过", "左右", "最长", "之内", "近", "多")
    assert [targets._COMPARATOR_OF[word] for word in words] == [
        Comparator.AT_LEAST,
        Comparator.GREATER,
        Comparator.APPROXIMATELY,
        Comparator.AT_MOST,
        Comparator.AT_MOST,
        Comparator.APPROXIMATELY,
        Comparator.GREATER,
    ]
    assert [retrieve._COMPARATOR_WORDS[word] for word in ("不少于", "超过", "最长", "近")] == [">=", ">", "<=", "~"]
    assert [retrieve._SUFFIX_COMPARATORS[word] for word in ("左右", "之内", "及以上")] == ["~", "<=", ">="]
    # One list: retrieve reads the words before and after a number as targets reads them.
    assert set(retrieve._COMPARATOR_WORDS) == set(lexicon.COMPARATORS_BEFORE)
    assert set(retrieve._SUFFIX_COMPARATORS) == set(lexicon.COMPARATORS_AFTER)
    assert {**retrieve._COMPARATOR_WORDS, **retrieve._SUFFIX_COMPARATORS} == {
        word: comparator.value
        for word, comparator in targets._COMPARATOR_OF.items()
        if word not in lexicon.COMPARATORS_BETWEEN
    }
    # No word stands for two comparators.
    found = [word for name, value in LISTS.items() if name.startswith("comparators.") for word in value]
    assert len(found) == len(set(found)) == len(targets._COMPARATOR_OF) == 36
    # The patterns keep their context: 约 and 近 in a word (签约, 最近) are no comparator.
    assert targets._PREFIX_COMPARATOR.search("签约") is None and targets._PREFIX_COMPARATOR.search("最近") is None
    quantities = ("补贴期限最长不超过3年", "奖励20万元左右", "签约20万元", "将近50%", "工作满3年及以上", "3年以内完成")
    read = [retrieve._plain_quantity(piece) for piece in quantities]
    assert [(figure.comparator, figure.value) if figure else None for figure in read] == [
        ("<=", 3),
        ("~", 20),
        ("=", 20),
        ("~", 50),
        (">=", 3),
        None,
    ]


def test_one_list_of_question_words():
    from kg.ask import retrieve
    from kg.ask.parse import NOT_KEYWORDS

    assert retrieve._QUESTION_WORDS == frozenset(lexicon.QUESTION_WORDS) and len(lexicon.QUESTION_WORDS) == 58
    assert {"多少", "几", "什么", "多久", "how", "much"} <= retrieve._QUESTION_WORDS
    # Of one character only particles (and 几), which no word of the genre holds.
    assert {word for word in lexicon.QUESTION_WORDS if len(word) == 1 and not word.isascii()} == set(
        "几是的了吗呢呀吧啊"
    )
    # A keyword is none of them, nor one of the genre's nouns, which retrieve keeps.
    assert retrieve._QUESTION_WORDS < NOT_KEYWORDS and len(NOT_KEYWORDS) == 256
    assert {"任务", "目标", "部门", "到", "measures"} <= NOT_KEYWORDS - retrieve._QUESTION_WORDS
    # No module writes them again, as a list or as words to split (多少 多少钱 多少个).
    words = lexicon.QUESTION_WORDS
    needles = [joiner.join(words[index : index + 3]) for index in range(len(words) - 2) for joiner in (" ", '", "')]
    assert not [(path, needle) for needle in needles for path, source in _sources().items() if needle in source]


def test_the_closing_quotes_a_wrapped_line_may_end_in():
    from kg.formats import lines

    assert lines.CLOSING_QUOTES == "”’」』"


@pytest.mark.parametrize("name", ["旗直有关部门", "盟直各有关单位", "州直相关部门", "县级各部门", "区级各相关部门"])
def test_vague_collectives_of_every_level(name):
    from kg.names import VAGUE_COLLECTIVE

    assert VAGUE_COLLECTIVE.match(name)
    assert not VAGUE_COLLECTIVE.match(name.replace("部门", "财政局").replace("单位", "财政局"))
