"""What a scored session says, in words and rows shared by the results view and the PDF report
(domain/readiness.md §3.7 and §3.11): what a level means and its colours, the open blocking
items with what is missing, dimension names, the top gaps by dimension, and the policy notes
that apply to a profile.

Pure functions of a :class:`~services.readiness.questionnaire.Questionnaire`, a
:class:`~services.readiness.scoring.ScoreResult` and the answers; texts in the current language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.core.i18n import _, format_decimal, is_chinese
from services.readiness.questionnaire import Item, Questionnaire
from services.readiness.scoring import UNKNOWN, Answer, DimensionScore, ScoreResult

LEVEL_COLOURS: dict[str, tuple[str, str]] = {  # level key -> (background, text)
    "start": ("#f3d6d2", "#7a2318"),
    "growing": ("#ffe3a3", "#6b4500"),
    "ready": ("#cfeccf", "#1d5e20"),
    "mature": ("#cfe2f7", "#123f6b"),
}
MISSING_ANSWER, MISSING_SCORE, MISSING_EVIDENCE = "answer", "score", "evidence"
GAPS_PER_DIMENSION = 3
# Reference keys of regulations: C = China, M = target markets (R = readiness-tool literature).
POLICY_REFERENCE_PREFIXES = ("C", "M")
_UNVERIFIED_MARKS = ("unverified", "unconfirmed", "not recorded")


def level_colours(key: str) -> tuple[str, str]:
    return LEVEL_COLOURS.get(key, LEVEL_COLOURS["start"])


def level_meaning(key: str) -> str:
    meanings = {
        "start": _(
            "Starter: pre-export. The legal and product basics are not in place yet; "
            "work through the blocking items first."
        ),
        "growing": _(
            "Developing: experimental exporting. The basics are largely there; close the "
            "remaining gaps before regular shipments."
        ),
        "ready": _(
            "Ready: no open blocking items and every dimension at 50 or more — the company "
            "can export regularly."
        ),
        "mature": _(
            "Mature: committed exporter, every dimension at 70 or more, with the routines "
            "of an experienced exporter."
        ),
    }
    return meanings.get(key, "")


def dimension_label(q: Questionnaire, dim_id: str) -> str:
    """``STR 战略与管理承诺`` (the id and the name in the current language)."""
    try:
        return f"{dim_id} {q.dimension(dim_id).text.get()}"
    except StopIteration:
        return dim_id


def dimension_list(q: Questionnaire, dims: Iterable[str]) -> str:
    """Dimension labels joined as the language writes a list; “none” for an empty list."""
    separator = "、" if is_chinese() else ", "
    return separator.join(dimension_label(q, d) for d in dims) or _("none")


# ---- open blocking items -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenBlocker:
    item: Item
    missing: str  # MISSING_ANSWER | MISSING_SCORE | MISSING_EVIDENCE

    @property
    def missing_text(self) -> str:
        return missing_text(self.missing)


def missing_text(missing: str) -> str:
    if missing == MISSING_EVIDENCE:
        return _("Evidence to verify: answered yes, but no evidence seen yet")
    if missing == MISSING_ANSWER:
        return _("Not answered yet")
    return _("Not yet done (answer below full marks)")


def open_blockers(
    q: Questionnaire, result: ScoreResult, answers: Mapping[str, Answer]
) -> list[OpenBlocker]:
    """The open blocking items in questionnaire order, each with what keeps it open."""
    out = []
    for item_id in result.blocking_open:
        item = q.by_id.get(item_id)
        if item is None:
            continue
        answer = answers.get(item_id)
        if item_id in result.to_verify:
            missing = MISSING_EVIDENCE
        elif answer is None or answer.value is None:
            missing = MISSING_ANSWER
        else:
            missing = MISSING_SCORE
        out.append(OpenBlocker(item, missing))
    return out


# ---- top gaps by dimension -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemGap:
    item: Item
    score: float  # the item's score now, 0–1
    points: float  # dimension points gained when the item reaches full marks
    blocker: bool


@dataclass(frozen=True, slots=True)
class DimensionGaps:
    dim: DimensionScore
    gaps: tuple[ItemGap, ...]


def top_gaps(
    q: Questionnaire, result: ScoreResult, *, per_dimension: int = GAPS_PER_DIMENSION
) -> list[DimensionGaps]:
    """Per dimension, weakest first, the items below full marks that cost it the most points
    (a blocking item first among equals). Dimensions without such items are left out."""
    out = []
    for dim in sorted(result.dimensions.values(), key=lambda d: (d.score, d.dim)):
        scored = [
            (item, s)
            for item_id, s in result.item_scores.items()
            if s is not None and (item := q.by_id[item_id]).dim == dim.dim
        ]
        total_weight = sum(item.weight for item, _s in scored)
        if not total_weight:
            continue
        gaps = [
            ItemGap(
                item,
                s,
                100 * item.weight * (1 - s) / total_weight,
                item.id in result.blocking_open,
            )
            for item, s in scored
            if s < 1
        ]
        gaps.sort(key=lambda g: (-round(g.points, 6), not g.blocker, g.item.id))
        if gaps:
            out.append(DimensionGaps(dim, tuple(gaps[:per_dimension])))
    return out


def answer_text(q: Questionnaire, item: Item, answer: Answer | None) -> str:
    """The answer as the wizard labels it (a number with its unit); “not answered yet”."""
    if answer is None or answer.value is None:
        return _("Not answered yet")
    value: Any = answer.value
    if item.type == "number" and value != UNKNOWN and isinstance(value, int | float):
        number = format_decimal(value, 0 if float(value).is_integer() else 1)
        return f"{number} {item.unit.get()}" if item.unit else number
    return q.option_label(item, value)


# ---- policy notes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyReference:
    """A regulation or market rule (a C or M reference of the questionnaire) behind items that
    apply to the profile because of it."""

    key: str
    text: str  # what the rule is, with its date and source, as the questionnaire states it
    items: tuple[str, ...]  # the applicable items that cite it
    as_of: str  # when it was last checked: the latest of its items' dates
    unverified: bool


@dataclass(frozen=True, slots=True)
class ItemNote:
    """An information item, or an item carrying a caveat, that applies to the profile."""

    item: Item
    as_of: str

    @property
    def unverified(self) -> bool:
        return is_unverified(self.item.note or "") or is_unverified(self.item.text.en)


@dataclass(frozen=True, slots=True)
class PolicyNotes:
    references: tuple[PolicyReference, ...]
    notes: tuple[ItemNote, ...]

    def __bool__(self) -> bool:
        return bool(self.references or self.notes)


def is_unverified(text: str) -> bool:
    lowered = text.lower()
    return any(mark in lowered for mark in _UNVERIFIED_MARKS)


def item_as_of(q: Questionnaire, item: Item) -> str:
    return item.as_of or q.rules_as_of


def policy_notes(q: Questionnaire, profile: Mapping[str, Any]) -> PolicyNotes:
    """The regulations behind what this profile brings in — cited by an information item or
    by an item that applies under a condition the profile meets (China first, then the
    target markets, in reference order) — and the notes of every item that applies."""
    applicable = [i for i in q.items if q.applies(i, profile)]
    citing: dict[str, list[Item]] = {}
    for item in applicable:
        for key in item.refs:
            if key.startswith(POLICY_REFERENCE_PREFIXES):
                citing.setdefault(key, []).append(item)
    references = []
    for key in sorted(citing, key=_reference_order):
        items = citing[key]
        # Items asked of everyone say nothing about this profile: they only add their doubts.
        specific = [i for i in items if not i.scored or i.applies_if is not True]
        if not specific:
            continue
        text = q.references.get(key, "")
        references.append(
            PolicyReference(
                key=key,
                text=text,
                items=tuple(i.id for i in specific),
                as_of=max(item_as_of(q, i) for i in specific),
                unverified=is_unverified(text) or any(is_unverified(i.note or "") for i in items),
            )
        )
    notes = tuple(ItemNote(i, item_as_of(q, i)) for i in applicable if i.note or not i.scored)
    return PolicyNotes(tuple(references), notes)


def _reference_order(key: str) -> tuple[int, int, str]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", key)
    prefix = key[:1]
    rank = POLICY_REFERENCE_PREFIXES.index(prefix) if prefix in POLICY_REFERENCE_PREFIXES else 9
    return rank, int(match.group(2)) if match else 0, key
