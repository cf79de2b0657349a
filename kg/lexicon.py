"""The genre's word lists, read once from ``ontology/lexicon.toml``: the endings of units'
names, role words, collectives, vague wording, levels and places, comparators and question
words (the file says what each list is for). Each list is a tuple here; ``alternation``
makes one a regex alternation, and the patterns that several modules read alike are built
here once (compiled on first use, ``LazyPattern``). A module that reads text keeps its
patterns' anchors and lookaheads; only the words come from here.
"""

from __future__ import annotations

import re

from kg.resources import data_file

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib


def _load() -> dict:
    with open(data_file("ontology", "lexicon.toml"), "rb") as toml:
        return tomllib.load(toml)


_LEXICON = _load()


def words(table: str, name: str) -> tuple[str, ...]:
    """The list ``name`` of the table ``table`` (``words("roles", "lead")``)."""
    return tuple(_LEXICON[table][name])


def alternation(*lists: tuple[str, ...]) -> str:
    """The words of ``lists`` as a regex alternation, in order: 局|委|办."""
    return "|".join(re.escape(word) for found in lists for word in found)


# Units: how their names end (see the file for which list is which), and the noise after a list.
UNIT_ENDINGS = words("units", "endings")
DEPARTMENT_ENDINGS = words("units", "department_endings")
QUESTION_ENDINGS = words("units", "question_endings")
EXAMPLE_ENDINGS = words("units", "example_endings")
ISSUER_ENDINGS = words("units", "issuer_endings")
TRAILING_NOISE = words("units", "trailing_noise")
# Words a name may hold, and endings it may end with, in place of others (人民政府 → 政府, 厅 → 局).
NAME_EQUIVALENTS: dict[str, str] = dict(_LEXICON["units"]["equivalent"])
ENDING_EQUIVALENTS: dict[str, str] = dict(_LEXICON["units"]["equivalent_endings"])
# Words a merged bureau's name may not be read as a part of (发展, 经济: no kind's work alone).
NOT_WORK_ALONE = tuple(_LEXICON["units"]["merged"]["not_work_alone"])

# Roles.
ROLE_LEAD = words("roles", "lead")
ROLE_PARTICIPANT = words("roles", "participant")
ROLE_NOUNS = words("roles", "nouns")
ROLE_ALONE = words("roles", "alone")
PARTICIPANT_VERBS = words("roles", "participant_verbs")
# Labels typed otherwise (牽頭單位∶, 责仼单位, 牵投单位): the colons, and the forms each
# character of a label's word may be written with. Only labels are read with them.
LABEL_COLONS = words("roles", "label_colons")
LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    char: tuple(forms) for char, forms in _LEXICON["roles"]["label_variants"].items()
}

# Collectives and vague wording.
COLLECTIVE_NOUNS = words("collectives", "nouns")
VAGUE_QUALIFIERS = words("collectives", "vague")
COLLECTIVE_QUALIFIERS = words("collectives", "qualifiers")
COLLECTIVE_OTHERS = words("collectives", "others")
VAGUE_PHRASES = words("vague", "phrases")

# Levels and places.
LEVEL_WORDS = words("levels", "words")
DISTRIBUTIVE_LEVEL_WORDS = words("levels", "distributive_only")
BRACKET_PLACE_WORDS = words("levels", "bracket_only")
COLLECTIVE_GOVERNMENTS = words("levels", "governments")
PROVINCE_LEVELS = words("places", "province_levels")
CITY_LEVELS = words("places", "city_levels")
COUNTY_LEVELS = words("places", "county_levels")
LEVEL_CHARS = "".join(PROVINCE_LEVELS + CITY_LEVELS + COUNTY_LEVELS)  # 省市州盟县区旗
PROVINCES = words("places", "provinces")
COUNTRY = words("places", "country")
# 自治区 → 省, 自治州 → 州, 自治县 → 县: the words that end an autonomous area's name, and its level.
AUTONOMOUS_LEVEL: dict[str, str] = dict(_LEXICON["places"]["autonomous"])
AUTONOMOUS = tuple(AUTONOMOUS_LEVEL)
ETHNIC_GROUPS = words("places", "ethnic_groups")
# A prefecture that is no city (某某地区): its name's ending and level (地区), the short level
# word of its plans (地委) and what that word stands before (委, 直).
REGION = _LEXICON["places"]["region"]["name"]
REGION_SHORT = _LEXICON["places"]["region"]["short"]
REGION_SHORT_BEFORE = tuple(_LEXICON["places"]["region"]["short_before"])
AREA_KINDS = words("areas", "kinds")
AREA_ALSO_PLACES = words("areas", "also_places")
AREA_NOT_PLACES = words("areas", "not_places")
AREA_ZONES = words("areas", "zones")

DEADLINE_FIELDS = words("fields", "deadline")
PEOPLE_FIELDS = words("fields", "people")
ENGLISH_UNIT_WORDS = words("english", "unit_words")


def _comparators(place: str) -> dict[str, str]:
    """The comparator words written at ``place`` (before, after or between: see the file),
    each with its comparator's name, as kg.extract.targets.Comparator spells it in lower case."""
    return {word: name for name, table in _LEXICON["comparators"].items() for word in table.get(place, ())}


# Comparators: 不低于 → at_least (before a number), 以上 → at_least (after it), 多 → greater (20多个).
COMPARATORS_BEFORE = _comparators("before")
COMPARATORS_AFTER = _comparators("after")
COMPARATORS_BETWEEN = _comparators("between")

# Words that ask, not what is asked about (多少, 几年, how much).
QUESTION_WORDS = words("questions", "asking")

# The end of a place's name: its level, an autonomous area's words first (自治区|…|省|市|…).
PLACE_SUFFIX = alternation(AUTONOMOUS, tuple(LEVEL_CHARS))


class LazyPattern:
    """A regex compiled on first use, then used as the compiled one (``match``, ``search``,
    ``pattern`` …). A command that reads no plan (``policykg ask``) compiles none of the
    patterns the stages build from the lexicon."""

    def __init__(self, source: str, flags: int = 0):
        self._source, self._flags = source, flags

    def __getattr__(self, name: str):
        value = getattr(re.compile(self._source, self._flags), name)
        setattr(self, name, value)  # the next use finds it without this method
        return value


def role_labels(roles: tuple[str, ...]) -> str:
    """The labels of ``roles`` as an alternation: each word with its noun, which the words
    of ``ROLE_ALONE`` may drop (牵头(?:单位|部门)?|主办(?:单位|部门))."""
    nouns = alternation(ROLE_NOUNS)
    return "|".join(f"{re.escape(word)}(?:{nouns}){'?' if word in ROLE_ALONE else ''}" for word in roles)


def as_label_written(source: str) -> str:
    """A regex ``source`` of label words (``role_labels``, ``alternation``: no character
    classes in it) with each character that has forms in ``LABEL_VARIANTS`` as a class of
    them: 牵头 → [牵牽][头頭投]. For recognising labels only."""
    return "".join(f"[{char}{''.join(LABEL_VARIANTS[char])}]" if char in LABEL_VARIANTS else char for char in source)


# A label's words as meant: each variant form back to the character it stands for (牽頭單位 →
# 牵头单位, 牵投单位 → 牵头单位). For the text of a label already recognised, never for a name.
_LABEL_MEANT = str.maketrans({form: char for char, forms in LABEL_VARIANTS.items() for form in forms})


def label_as_meant(written: str) -> str:
    """The label ``written`` (牽頭單位, 责仼单位) in the words it stands for (牵头单位, 责任单位)."""
    return written.translate(_LABEL_MEANT)


# The endings of organisations' names (kg.names.ends_like_unit; member lists of a body).
UNIT_ENDING = LazyPattern(rf"(?:{alternation(UNIT_ENDINGS)})$")
# 等部门, 等有关部门 … after the last unit of a list (responsibility lists, member lists).
LIST_NOISE = LazyPattern(rf"(?:{alternation(TRAILING_NOISE)})$")
