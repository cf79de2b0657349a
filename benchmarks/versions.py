"""Two versions of a synthetic plan, with the changes between them known.

    old_text, new_text, expected = version_pair(seed, edits=None, measures=None)

The old version is the plan ``benchmarks/generate.py`` writes for ``seed`` (padded the
way ``generate_plan`` pads it; with ``measures``, a draft of that many measures, unpadded)
marked （征求意见稿）; the new version is a deep copy of its draft with edits applied and
no status. ``expected`` lists the changes ``policykg diff OLD NEW`` must find, as
``{"kind", "old_measure", "new_measure", "before", "after"}`` (kg.diff.model.Change.record).

The edits (EDITS), each on a measure no other edit of the pair touches:

* ``added`` — a new measure (generate.new_measure) inserted anywhere but first;
* ``removed`` — a measure dropped (never the first, never one with a footnote marker);
* ``moved`` — a measure put into another named group, anywhere but first;
* ``lead_changed`` — a lead unit replaced by a department the measure does not name;
* ``participants_changed`` — a participant added between two listed units, one removed, or both;
* ``target_raised`` — a target's value raised in the text (→ ``target_changed``);
* ``target_dropped`` — a sentence of targets removed (→ ``target_removed`` each, and ``reworded``);
* ``reworded`` — the last clause of a sentence without facts replaced by another's;
* ``split`` — a measure's last sentence(s) without facts made a new measure with a new
  heading, right after it (→ ``added``, and ``reworded`` for the first half).

Every matched measure whose number changed gets ``renumbered``; ``moved`` is derived from
the groups' titles, ``reworded`` by comparing title and body (responsibility apart; digits
apart where a target of the measure changed), ``lead_changed`` / ``participants_changed``
from the lists of units (participants as a set: a new order alone is no change).

What the edits never touch, so that nothing else changes: footnote markers (their numbers
follow the order of the marked measures), the first measure's place (it may state that the
first unit leads), programme names (registry labels, glossary terms, quoted names) and
cited documents in the text of a matched measure. Only the standard library is used, and
the same arguments always give the same bytes.
"""

from __future__ import annotations

import copy
import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks import generate as g

EDITS = (
    "added",
    "removed",
    "moved",
    "lead_changed",
    "participants_changed",
    "target_raised",
    "target_dropped",
    "reworded",
    "split",
)
# The order edits are applied in: structure first, then facts of untouched measures.
_ORDER = (
    "removed",
    "split",
    "added",
    "moved",
    "lead_changed",
    "participants_changed",
    "target_raised",
    "target_dropped",
    "reworded",
)
OLD_STATUS = "征求意见稿"
# Programme registry labels (ontology/programmes.ttl) that occur in the generator's words;
# tests/test_diff_generated.py checks that the list is complete.
REGISTRY_LABELS = ("一网通办", "新型学徒制", "河湖长制", "职业技能提升行动")

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_TO_ASCII = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_TRIES = 20  # new measures or headings drawn before an edit is given up
_NUMBERS = re.compile(r"[0-9０-９%％]")
_CITES_OR_QUOTES = re.compile(r"[《〈“”\"]")
_SEPARATORS = "、，；"
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# A measure made by an edit is kept below this likeness (cosine of character-bigram TF-IDF
# vectors) to every removed measure, so that no reader — and no diff — takes it for the
# removed one rewritten. kg.diff.align pairs measures from 0.35 on, by words; on generated
# pairs its similarity stays within ±0.07 of this one.
LIKENESS_CEILING = 0.2


def version_pair(
    seed: int, edits: tuple[str, ...] | None = None, measures: int | None = None
) -> tuple[str, str, list[dict]]:
    """The old text, the new text and the expected changes. ``edits`` None: a subset chosen
    by the seed (all of them for about one seed in four). An edit the plan gives no room
    for (no two named groups to move between, no target to raise …) is left out."""
    old, new, expected = version_drafts(seed, edits, measures)
    return g.render(old)[0], g.render(new)[0], expected


def version_drafts(
    seed: int, edits: tuple[str, ...] | None = None, measures: int | None = None
) -> tuple[g.PlanDraft, g.PlanDraft, list[dict]]:
    """version_pair's drafts (generate.render gives each one's text and truth) and changes."""
    unknown = set(edits or ()) - set(EDITS)
    if unknown:
        raise ValueError(f"unknown edits: {', '.join(sorted(unknown))}; known: {', '.join(EDITS)}")
    old, ctx = _old_draft(seed, measures)
    rng = random.Random(f"versions-{seed}")
    chosen = set(_choose(rng) if edits is None else edits)
    _set_status(old, OLD_STATUS, old.status_line if old.status else rng.random() < 0.6)
    memo: dict = {}
    new = copy.deepcopy(old, memo)
    _set_status(new, None, False)
    ctx.rng = rng  # new measures and headings are drawn from the pair's own stream
    state = _State(old, new, ctx, rng, {id(memo[id(m)]): m for m in _measures(old)}, _Likeness(old))
    for edit in _ORDER:
        if edit in chosen:
            _APPLY[edit](state)
    return old, new, _expected(state)


def _choose(rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.25:
        return EDITS
    return tuple(rng.sample(EDITS, rng.randint(1, 4)))


def _old_draft(seed: int, measures: int | None) -> tuple[g.PlanDraft, g.Context]:
    """The draft generate_plan(seed) writes out (the same padding loop), or one of
    ``measures`` measures without padding."""
    if measures is not None:
        return g.draft_plan(seed, 0, measure_count=measures)
    sizer = random.Random(f"size-{seed}")
    target_bytes = int(sizer.triangular(*g.DEFAULT_KB) * 1024)
    draft, ctx = g.draft_plan(seed, target_bytes)
    text, truth = g.render(draft)
    while (size := len(g.encode_plan(text, truth))) < target_bytes * 0.97:
        for _ in range(max(1, (target_bytes - size) // g.SENTENCE_BYTES // 2)):
            g._grow(ctx, draft)
        text, truth = g.render(draft)
    return draft, ctx


def _set_status(draft: g.PlanDraft, status: str | None, on_line: bool) -> None:
    """Status on a line of its own, or glued to the end of the title (as _front_matter writes it)."""
    if draft.status and not draft.status_line:
        suffix = f"（{draft.status}）"
        assert draft.title_lines[-1].endswith(suffix)
        draft.title_lines[-1] = draft.title_lines[-1][: -len(suffix)]
    draft.status, draft.status_line = status, on_line and status is not None
    if status and not on_line:
        draft.title_lines[-1] += f"（{status}）"


# --- the state of one pair ------------------------------------------------------------


@dataclass
class _State:
    old: g.PlanDraft
    new: g.PlanDraft
    ctx: g.Context
    rng: random.Random
    origin: dict[int, g.MeasureDraft]  # id of a measure of the new draft → the old measure it copies
    likeness: _Likeness
    removed: list[g.MeasureDraft] = field(default_factory=list)  # old measures dropped
    touched: set[int] = field(default_factory=set)  # ids of new measures an edit has chosen
    # id of a new measure → its target changes: (kind, before, after), Target.truth() dicts
    targets: dict[int, list[tuple[str, dict | None, dict | None]]] = field(default_factory=dict)

    def pick(self, allowed) -> g.MeasureDraft | None:
        """A measure of the new draft copied from the old, untouched, for which ``allowed`` holds."""
        candidates = [
            m
            for index, m in enumerate(_measures(self.new))
            if id(m) in self.origin and id(m) not in self.touched and allowed(index, m)
        ]
        if not candidates:
            return None
        measure = self.rng.choice(candidates)
        self.touched.add(id(measure))
        return measure

    def group_of(self, measure: g.MeasureDraft) -> list[g.MeasureDraft]:
        return next(group for _, group in self.new.groups if any(m is measure for m in group))

    def distinct(self, heading: str, sentences: list[g.Sentence]) -> bool:
        """Whether a measure an edit makes is unlike every removed measure."""
        words = _words(heading, sentences)
        return all(self.likeness.cosine(words, _words(m.heading, m.sentences)) < LIKENESS_CEILING for m in self.removed)

    def factless(self, sentence: g.Sentence) -> bool:
        """A sentence whose words hold no target, marker, programme or cited document."""
        return not sentence.targets and not sentence.note and _factless(sentence.text, self.new)


class _Likeness:
    """Cosine of TF-IDF vectors of character bigrams, the IDF counted over a plan's measures."""

    def __init__(self, draft: g.PlanDraft):
        documents = [set(_bigrams(_words(m.heading, m.sentences))) for m in _measures(draft)]
        seen = Counter(gram for document in documents for gram in document)
        self.count = len(documents)
        self.idf = {gram: math.log((1 + self.count) / (1 + n)) + 1 for gram, n in seen.items()}

    def vector(self, text: str) -> dict[str, float]:
        default = math.log(1 + self.count) + 1
        weights = {gram: n * self.idf.get(gram, default) for gram, n in Counter(_bigrams(text)).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: w / norm for gram, w in weights.items()}

    def cosine(self, a: str, b: str) -> float:
        left, right = self.vector(a), self.vector(b)
        return sum(w * right.get(gram, 0.0) for gram, w in left.items())


def _words(heading: str, sentences: list[g.Sentence]) -> str:
    return heading + "。" + "".join(s.text for s in sentences)


def _bigrams(text: str) -> list[str]:
    return [run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)]


def _measures(draft: g.PlanDraft) -> list[g.MeasureDraft]:
    return [m for _, group in draft.groups for m in group]


def _named_groups(draft: g.PlanDraft) -> bool:
    """Whether the plan writes its groups' titles (a flat plan, or 若干措施 in one group, does not)."""
    return draft.style.structure in ("groups", "themes") or (
        draft.style.structure == "measures-as-groups" and len(draft.groups) > 1
    )


def _factless(text: str, draft: g.PlanDraft) -> bool:
    """Words with no number (so no target), and no programme or cited document."""
    return not _NUMBERS.search(text) and _names_nothing(text, draft)


def _names_nothing(text: str, draft: g.PlanDraft) -> bool:
    """Words that name no programme (registry label, glossary term, quoted name) and cite no document."""
    if _CITES_OR_QUOTES.search(text) or any(label in text for label in REGISTRY_LABELS):
        return False
    return not any(_unquoted(note.term) in text for note in draft.notes)


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "")


def _has_note(measure: g.MeasureDraft) -> bool:
    return any(sentence.note for sentence in measure.sentences)


def _insert_at(state: _State, measure: g.MeasureDraft, group_index: int, position: int) -> None:
    group = state.new.groups[group_index][1]
    if group_index == 0 and position == 0:
        position = 1  # the first measure stays first
    group.insert(min(position, len(group)), measure)


# --- the edits ------------------------------------------------------------------------


def _split(state: _State) -> None:
    """The last sentence (or two, of five) without facts becomes a measure of its own."""

    def tail(measure: g.MeasureDraft) -> int:
        n = len(measure.sentences)
        if n < 3 or not state.factless(measure.sentences[-1]):
            return 0
        return 2 if n >= 5 and state.factless(measure.sentences[-2]) else 1

    measure = state.pick(lambda _, m: tail(m) > 0)
    if measure is None:
        return
    cut = tail(measure)
    if cut == 2 and state.rng.random() < 0.5:
        cut = 1
    moved = measure.sentences[-cut:]
    ctx = state.ctx
    for _ in range(_TRIES):
        heading = g._heading(ctx)
        if state.distinct(heading, moved):
            break
    else:
        state.touched.discard(id(measure))
        return
    measure.sentences = measure.sentences[:-cut]
    second = g.MeasureDraft(
        heading,
        moved,
        g.make_responsibility(ctx, first=False),
        heading_on_own_line=ctx.style.heading_lines and state.rng.random() < 0.5,
    )
    group = state.group_of(measure)
    group.insert(next(i for i, m in enumerate(group) if m is measure) + 1, second)


def _added(state: _State) -> None:
    for _ in range(_TRIES):
        measure = g.new_measure(state.ctx)
        if state.distinct(measure.heading, measure.sentences):
            break
    else:
        return
    group_index = state.rng.randrange(len(state.new.groups))
    _insert_at(state, measure, group_index, state.rng.randint(0, len(state.new.groups[group_index][1])))


def _removed(state: _State) -> None:
    measure = state.pick(lambda index, m: index > 0 and not _has_note(m) and len(state.group_of(m)) > 1)
    if measure is not None:
        state.group_of(measure).remove(measure)
        state.removed.append(state.origin[id(measure)])


def _moved(state: _State) -> None:
    if not _named_groups(state.new) or len(state.new.groups) < 2:
        return
    measure = state.pick(lambda index, m: index > 0 and not _has_note(m) and len(state.group_of(m)) > 1)
    if measure is None:
        return
    source = state.group_of(measure)
    source.remove(measure)
    others = [i for i, (_, group) in enumerate(state.new.groups) if group is not source]
    target = state.rng.choice(others)
    _insert_at(state, measure, target, state.rng.randint(0, len(state.new.groups[target][1])))


def _unit_pool(state: _State) -> list[str]:
    """Departments the generator names in this plan's topic, at the plan's level."""
    topic = state.ctx.topic
    keys = dict.fromkeys(topic.leads + topic.partners + g.GENERAL_PARTNERS)
    return [g.unit_name(key, state.ctx.place) for key in keys]


def _outsider(state: _State, responsibility: g.Responsibility) -> str | None:
    """A department the responsibility does not name, nor any name inside or around it."""
    named = [*responsibility.leads, *responsibility.participants, *responsibility.suspicious]
    pool = [
        name
        for name in _unit_pool(state)
        if name not in responsibility.text and not any(name in other or other in name for other in named)
    ]
    return state.rng.choice(pool) if pool else None


def _lead_changed(state: _State) -> None:
    def leads(measure: g.MeasureDraft) -> list[int]:
        r = measure.responsibility
        return [i for i, lead in enumerate(r.leads) if r.text.count(lead) == 1]

    measure = state.pick(lambda _, m: bool(leads(m)) and _outsider(state, m.responsibility) is not None)
    if measure is None:
        return
    r = measure.responsibility
    index = state.rng.choice(leads(measure))
    replacement = _outsider(state, r)
    r.text = r.text.replace(r.leads[index], replacement)
    r.leads[index] = replacement


def _adjacent(responsibility: g.Responsibility, known: set[str]) -> list[tuple[str, str, str]]:
    """(u, separator, v): two units written one after the other in a list, v a participant
    the generator's departments name (not a lower government, a vague collective …), each
    written once."""
    r = responsibility
    units = [*r.leads, *r.participants]
    found = []
    for u in units:
        for v in r.participants:
            if u == v or v not in known or r.text.count(u) != 1 or r.text.count(v) != 1:
                continue
            for separator in _SEPARATORS:
                if r.text.count(u + separator + v) == 1:
                    found.append((u, separator, v))
    return found


def _participants_changed(state: _State) -> None:
    known = set(_unit_pool(state)) | {g.unit_name(key, state.ctx.place, long=True) for key in g.KINDS}
    known |= {g.unit_name(key, state.ctx.place) for key in g.KINDS}
    mode = state.rng.choice(("add", "remove", "both"))
    measure = state.pick(
        lambda _, m: bool(_adjacent(m.responsibility, known)) and _outsider(state, m.responsibility) is not None
    )
    if measure is None:
        return
    r = measure.responsibility
    if mode in ("remove", "both"):
        u, separator, v = state.rng.choice(_adjacent(r, known))
        r.text = r.text.replace(u + separator + v, u)
        r.participants.remove(v)
    choices = _adjacent(r, known)
    if mode in ("add", "both") and choices:
        u, separator, v = state.rng.choice(choices)
        added = _outsider(state, r)
        if added:
            r.text = r.text.replace(u + separator + v, u + separator + added + separator + v)
            r.participants.insert(r.participants.index(v), added)


def _raisable(sentence: g.Sentence) -> list[tuple[g.Target, re.Match]]:
    """Targets of a sentence whose value is written once, in digits, and not a range or ratio."""
    if sentence.note or "“" in sentence.text:
        return []
    found = []
    runs = list(_DIGITS.finditer(sentence.text))
    for target in sentence.targets:
        if target.comparator == "range" or target.unit.startswith(("∶", "：")):
            continue
        if target.unit == "%" and target.value > 99:
            continue  # no room to raise a share
        same = [run for run in runs if Decimal(run.group().translate(_TO_ASCII)) == target.value]
        if len(same) == 1 and same[0].group().translate(_TO_ASCII) == str(target.value):
            found.append((target, same[0]))
    return found


def _raised(rng: random.Random, target: g.Target) -> Decimal:
    value = target.value
    if target.unit == "%":
        return value + rng.randint(1, min(10, int(100 - value)))
    if target.unit == "倍":
        return value + 1
    whole = int(value)
    step = 10 ** (len(str(whole)) - 1) if whole >= 10 else 1
    return value + step * rng.randint(1, 3)


def _target_raised(state: _State) -> None:
    measure = state.pick(lambda _, m: any(_raisable(s) for s in m.sentences))
    if measure is None:
        return
    sentence = state.rng.choice([s for s in measure.sentences if _raisable(s)])
    target, run = state.rng.choice(_raisable(sentence))
    value = _raised(state.rng, target)
    before = target.truth()
    written = str(value)
    if run.group() != run.group().translate(_TO_ASCII):
        written = written.translate(g.FULL_WIDTH)
    sentence.text = sentence.text[: run.start()] + written + sentence.text[run.end() :]
    target.value = value
    state.targets.setdefault(id(measure), []).append(("target_changed", before, target.truth()))


def _target_dropped(state: _State) -> None:
    def droppable(measure: g.MeasureDraft) -> list[g.Sentence]:
        if len(measure.sentences) < 2:
            return []
        found = []
        for sentence in measure.sentences:
            if not sentence.targets or sentence.note or not _names_nothing(sentence.text, state.new):
                continue
            others = {t.unit for s in measure.sentences if s is not sentence for t in s.targets}
            if not others & {t.unit for t in sentence.targets}:
                found.append(sentence)
        return found

    measure = state.pick(lambda _, m: bool(droppable(m)))
    if measure is None:
        return
    sentence = state.rng.choice(droppable(measure))
    measure.sentences.remove(sentence)
    changes = state.targets.setdefault(id(measure), [])
    changes += [("target_removed", target.truth(), None) for target in sentence.targets]


def _clause_donors(state: _State) -> list[str]:
    topic = state.ctx.topic
    texts = topic.sentences + g.GENERIC_SENTENCES
    texts += tuple(pattern.format(n=noun) for pattern in g.SENTENCE_PATTERNS for noun in topic.nouns)
    return [text for text in texts if "，" in text and _factless(text, state.new)]


def _reworded(state: _State) -> None:
    def donors(measure: g.MeasureDraft, sentence: g.Sentence) -> list[str]:
        """Last clauses of other sentences without facts, none of them already in the sentence."""
        present = {s.text for s in measure.sentences}
        clauses = sentence.text.rstrip("。").split("，")
        tails = [text.rstrip("。").split("，")[-1] for text in _clause_donors(state) if text not in present]
        return [clause for clause in dict.fromkeys(tails) if clause not in clauses]

    def sentences(measure: g.MeasureDraft) -> list[g.Sentence]:
        return [s for s in measure.sentences if state.factless(s) and donors(measure, s)]

    measure = state.pick(lambda _, m: bool(sentences(m)))
    if measure is None:
        return
    sentence = state.rng.choice(sentences(measure))
    clauses = sentence.text.rstrip("。").split("，")
    clause = state.rng.choice(donors(measure, sentence))
    if len(clauses) > 1:
        clauses[-1] = clause
    else:
        clauses.append(clause)
    sentence.text = "，".join(clauses) + "。"


_APPLY = {
    "added": _added,
    "removed": _removed,
    "moved": _moved,
    "lead_changed": _lead_changed,
    "participants_changed": _participants_changed,
    "target_raised": _target_raised,
    "target_dropped": _target_dropped,
    "reworded": _reworded,
    "split": _split,
}


# --- the expected changes ---------------------------------------------------------------


def _text(draft: g.PlanDraft, measure: g.MeasureDraft) -> str:
    """Heading and body, markers written, responsibility apart: what ``reworded`` compares."""
    numbers = g.note_numbers(draft)
    body = "".join(s.text.replace("{marker}", str(numbers[s.note])) if s.note else s.text for s in measure.sentences)
    return f"{measure.heading}。{body}"


def _places(draft: g.PlanDraft) -> dict[int, tuple[int, str]]:
    """id of each measure → (its number, the title of its group as written, "" when unwritten)."""
    named = _named_groups(draft)
    places, number = {}, 0
    for title, group in draft.groups:
        for measure in group:
            number += 1
            places[id(measure)] = (number, title if named else "")
    return places


def _expected(state: _State) -> list[dict]:
    old, new = state.old, state.new
    old_places, new_places = _places(old), _places(new)
    kept = {id(state.origin[id(m)]) for m in _measures(new) if id(m) in state.origin}
    found: list[dict] = []

    def add(kind: str, old_number: int | None, new_number: int | None, before: object, after: object) -> None:
        found.append(
            {"kind": kind, "old_measure": old_number, "new_measure": new_number, "before": before, "after": after}
        )

    for measure in _measures(old):
        if id(measure) not in kept:
            add("removed", old_places[id(measure)][0], None, _text(old, measure), None)
    for measure in _measures(new):
        number, group = new_places[id(measure)]
        if id(measure) not in state.origin:
            add("added", None, number, None, _text(new, measure))
            continue
        before = state.origin[id(measure)]
        old_number, old_group = old_places[id(before)]
        if old_number != number:
            add("renumbered", old_number, number, old_number, number)
        if old_group != group:
            add("moved", old_number, number, old_group, group)
        targets = state.targets.get(id(measure), [])
        old_text, new_text = _text(old, before), _text(new, measure)
        if targets:
            old_words, new_words = _DIGITS.sub("#", old_text), _DIGITS.sub("#", new_text)
        else:
            old_words, new_words = old_text, new_text
        if old_words != new_words:
            add("reworded", old_number, number, old_text, new_text)
        r_old, r_new = before.responsibility, measure.responsibility
        if r_old.leads != r_new.leads:
            add("lead_changed", old_number, number, list(r_old.leads), list(r_new.leads))
        if set(r_old.participants) != set(r_new.participants):
            add("participants_changed", old_number, number, list(r_old.participants), list(r_new.participants))
        for kind, target_before, target_after in targets:
            add(kind, old_number, number, target_before, target_after)
    return found
