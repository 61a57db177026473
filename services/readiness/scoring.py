"""Scoring (domain/readiness.md §3.3 and §3.7).

- item score s ∈ [0, 1]: yn/ynp/level from the answer type's table, number by bands;
  ``unknown`` and unanswered score 0; ``na`` removes the item from the denominator;
- dimension score = 100 · Σ wᵢsᵢ / Σ wᵢ over applicable items (dropped if none apply);
- overall = Σ W_d·D_d / Σ W_d over the dimensions present (W from the weight preset);
- an open blocker is an applicable item whose blocking condition holds and that is not at full
  marks with evidence seen or attached (unanswered counts as open);
- the level is the highest whose minimum the score reaches and whose gates all pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.core.errors import FieldError, ValidationError
from services.core.i18n import _, format_decimal, ngettext
from services.readiness.questionnaire import Item, Level, Questionnaire

UNKNOWN = "unknown"
NOT_APPLICABLE = "na"
EVIDENCE = ("none", "claimed", "seen", "attached")


@dataclass(frozen=True, slots=True)
class Answer:
    value: Any  # an option, a number, "unknown" or "na"; None = not answered
    evidence: str = "none"
    note: str = ""

    @property
    def evidence_sighted(self) -> bool:
        return self.evidence in ("seen", "attached")


def parse_answer(q: Questionnaire, item_id: str, raw: Any, *, path: str = "answers") -> Answer:
    """An answer from JSON: a bare value or ``{"value", "evidence_seen" | "evidence", "note"}``.

    Raises ValidationError naming the item and what is wrong.
    """
    where = f"{path}.{item_id}"
    item = q.by_id.get(item_id)
    if item is None:
        raise ValidationError(
            _("There is no item {id} in questionnaire {version}.").format(
                id=item_id, version=q.version
            ),
            field=where,
        )
    if not item.scored:
        raise ValidationError(
            _("{id} is for information only and takes no answer.").format(id=item_id), field=where
        )
    evidence, note = "none", ""
    value = raw
    if isinstance(raw, dict):
        unknown_keys = set(raw) - {"value", "evidence_seen", "evidence", "note"}
        if unknown_keys:
            raise ValidationError(
                _("{id}: unknown keys {keys}.").format(
                    id=item_id, keys=", ".join(sorted(unknown_keys))
                ),
                field=where,
            )
        value = raw.get("value")
        if "evidence" in raw:
            evidence = str(raw["evidence"])
            if evidence not in EVIDENCE:
                raise ValidationError(
                    _("{id}: evidence must be one of {allowed}.").format(
                        id=item_id, allowed=", ".join(EVIDENCE)
                    ),
                    field=f"{where}.evidence",
                )
        elif raw.get("evidence_seen") is True:
            evidence = "seen"
        elif raw.get("evidence_seen") not in (None, False):
            raise ValidationError(
                _("{id}: evidence_seen must be true or false.").format(id=item_id),
                field=f"{where}.evidence_seen",
            )
        note = str(raw.get("note") or "")
    return Answer(check_value(q, item, value, where), evidence, note)


def check_value(q: Questionnaire, item: Item, value: Any, where: str) -> Any:
    if value is None or value == UNKNOWN:
        return value
    if value == NOT_APPLICABLE:
        if not q.answer_types[item.type].get("na_allowed"):
            raise ValidationError(
                _("{id} cannot be answered “not applicable”.").format(id=item.id), field=where
            )
        return value
    if item.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("{id} needs a number.").format(id=item.id), field=where)
        low = item.minimum if item.minimum is not None else 0
        high = item.maximum
        if value < low or (high is not None and value > high):
            raise ValidationError(
                _("{id}: {value} is out of range ({low} to {high}).").format(
                    id=item.id, value=value, low=low, high=high if high is not None else "∞"
                ),
                field=where,
            )
        return value
    options = q.options(item)
    if value not in options or isinstance(value, bool):
        raise ValidationError(
            _("{id}: {value} is not one of the answers {allowed} (or unknown).").format(
                id=item.id, value=value, allowed=", ".join(str(o) for o in options)
            ),
            field=where,
        )
    return value


def item_score(q: Questionnaire, item: Item, answer: Answer | None) -> float | None:
    """s ∈ [0, 1]; None for “not applicable” (the item leaves the denominator)."""
    if answer is None or answer.value is None or answer.value == UNKNOWN:
        return 0.0
    if answer.value == NOT_APPLICABLE:
        return None
    if item.type == "number":
        score = 0.0
        for low, band_score in item.bands:
            if float(answer.value) >= low:
                score = band_score
        return score
    return float(q.answer_types[item.type]["scores"][answer.value])


@dataclass(frozen=True, slots=True)
class DimensionScore:
    dim: str
    score: float  # 0–100
    weight: float  # preset weight
    applicable: int
    answered: int


@dataclass(frozen=True)
class ScoreResult:
    score: float
    level: Level
    level_reasons: tuple[str, ...]
    preset: str
    dimensions: Mapping[str, DimensionScore]
    item_scores: Mapping[str, float | None]  # applicable items only
    can_block: tuple[str, ...]
    blocking_open: tuple[str, ...]
    to_verify: tuple[str, ...]  # full marks on a blocking item, evidence not yet sighted
    evidence_coverage: float  # 0–100
    applicable: tuple[str, ...]
    answered: int
    strengths: tuple[str, ...] = field(default=())
    gaps: tuple[str, ...] = field(default=())


def score(
    q: Questionnaire,
    profile: Mapping[str, Any],
    answers: Mapping[str, Answer],
    preset: str | None = None,
) -> ScoreResult:
    preset = preset or q.preset_for(profile)
    weights = q.presets[preset]
    items = q.applicable_items(profile)
    scores = {i.id: item_score(q, i, answers.get(i.id)) for i in items}

    dims: dict[str, DimensionScore] = {}
    for dim in q.dimensions:
        in_dim = [i for i in items if i.dim == dim.id and scores[i.id] is not None]
        if not in_dim:
            continue
        total_w = sum(i.weight for i in in_dim)
        value = 100 * sum(i.weight * (scores[i.id] or 0.0) for i in in_dim) / total_w
        answered = sum(1 for i in in_dim if _answered(answers.get(i.id)))
        dims[dim.id] = DimensionScore(dim.id, value, weights[dim.id], len(in_dim), answered)
    weight_sum = sum(d.weight for d in dims.values())
    overall = sum(d.weight * d.score for d in dims.values()) / weight_sum if weight_sum else 0.0

    can_block = tuple(i.id for i in items if q.can_block(i, profile))
    blocking_open: list[str] = []
    to_verify: list[str] = []
    for item_id in can_block:
        s = scores[item_id]
        if s is None:
            continue
        answer = answers.get(item_id)
        if s < 1:
            blocking_open.append(item_id)
        elif answer is None or not answer.evidence_sighted:
            blocking_open.append(item_id)
            to_verify.append(item_id)

    positive = [i for i in items if (scores[i.id] or 0) > 0]
    sighted = [i for i in positive if (a := answers.get(i.id)) and a.evidence_sighted]
    coverage = 100 * len(sighted) / len(positive) if positive else 0.0
    level, reasons = _level(q, overall, dims, blocking_open, scores)
    ranked = sorted(dims.values(), key=lambda d: (-d.score, d.dim))
    return ScoreResult(
        score=overall,
        level=level,
        level_reasons=reasons,
        preset=preset,
        dimensions=dims,
        item_scores=scores,
        can_block=can_block,
        blocking_open=tuple(blocking_open),
        to_verify=tuple(to_verify),
        evidence_coverage=coverage,
        applicable=tuple(i.id for i in items),
        answered=sum(1 for i in items if _answered(answers.get(i.id))),
        strengths=tuple(d.dim for d in ranked if d.score >= 70)[:3],
        gaps=tuple(d.dim for d in reversed(ranked) if d.score < 50)[:3],
    )


def _answered(answer: Answer | None) -> bool:
    return answer is not None and answer.value is not None


def _level(
    q: Questionnaire,
    overall: float,
    dims: Mapping[str, DimensionScore],
    blocking_open: list[str],
    scores: Mapping[str, float | None],
) -> tuple[Level, tuple[str, ...]]:
    reasons: list[str] = []
    chosen = q.levels[0]
    for level in q.levels:
        if overall < level.minimum:
            break
        failed = _failed_gates(level, dims, blocking_open, scores)
        if failed:
            reasons.extend(failed)
            break
        chosen = level
    return chosen, tuple(dict.fromkeys(reasons))


def _failed_gates(
    level: Level,
    dims: Mapping[str, DimensionScore],
    blocking_open: list[str],
    scores: Mapping[str, float | None],
) -> list[str]:
    failed = []
    for gate in level.gates:
        if gate == "no_open_blockers" and blocking_open:
            failed.append(
                ngettext(
                    "{count} blocking item is still open, so the level stays below {level}.",
                    "{count} blocking items are still open, so the level stays below {level}.",
                    len(blocking_open),
                ).format(count=len(blocking_open), level=level.text.get())
            )
        elif gate.startswith("all_dims_ge_"):
            floor = float(gate.removeprefix("all_dims_ge_"))
            low = sorted(d.dim for d in dims.values() if d.score < floor)
            if low:
                failed.append(
                    _("{level} needs every dimension at {floor} or more; below: {dims}.").format(
                        level=level.text.get(), floor=format_decimal(floor, 0), dims=", ".join(low)
                    )
                )
        elif gate.endswith("_yes") and scores.get(gate[:-4]) != 1.0:
            failed.append(
                _("{level} needs item {id} answered yes.").format(
                    level=level.text.get(), id=gate[:-4]
                )
            )
    return failed


def parse_answers(
    q: Questionnaire, profile: Mapping[str, Any], raw: Any, *, path: str = "answers"
) -> dict[str, Answer]:
    """All answers of a session, validated together; every problem is reported."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError(
            _("The answers must be a JSON object of item id → answer."), field=path
        )
    errors: list[FieldError] = []
    answers: dict[str, Answer] = {}
    for item_id, value in raw.items():
        try:
            answer = parse_answer(q, str(item_id), value, path=path)
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        item = q.by_id[str(item_id)]
        if answer.value == NOT_APPLICABLE and q.can_block(item, profile):
            errors.append(
                FieldError(
                    f"{path}.{item_id}",
                    _(
                        "{id} is a blocking item for this profile and cannot be marked not "
                        "applicable; if it really does not apply, correct the profile."
                    ).format(id=item_id),
                )
            )
            continue
        answers[str(item_id)] = answer
    if errors:
        raise ValidationError(errors)
    return answers
