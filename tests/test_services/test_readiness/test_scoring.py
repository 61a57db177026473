"""Scoring, blockers and levels: hand-computed cases and properties (readiness.md §3.7)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import ValidationError
from services.readiness.questionnaire import Item, Questionnaire, current_questionnaire
from services.readiness.scoring import Answer, parse_answers, score
from tests.test_services.test_readiness.conftest import PROFILE_A, PROFILE_B, PROFILE_C


def _best(q: Questionnaire, profile: dict[str, Any]) -> dict[str, Answer]:
    return {
        i.id: Answer(q.options(i)[-1] if i.type != "number" else i.target, "seen")
        for i in q.applicable_items(profile)
    }


def test_nothing_answered_scores_zero_and_every_blocker_is_open(q: Questionnaire) -> None:
    result = score(q, PROFILE_A, {})
    assert result.score == 0
    assert result.level.key == "start"
    assert result.blocking_open == ("REG-08", "PRD-01", "PRD-02", "PRD-04", "IPC-04")
    assert len(result.dimensions) == 9


def test_hand_computed_dimension_and_overall(q: Questionnaire) -> None:
    answers = {
        "STR-01": Answer(2),  # level 2 → 0.67, w 4
        "STR-02": Answer(3),  # level 3 → 1, w 3
        "STR-03": Answer("partial"),  # 0.5, w 3
        "STR-04": Answer("na"),  # left out of the denominator
    }
    result = score(q, PROFILE_A, answers)
    assert result.dimensions["STR"].score == pytest.approx(100 * (4 * 0.67 + 3 + 1.5) / 10)
    assert result.dimensions["STR"].applicable == 3
    # default preset: STR weighs 10 of 100, every other dimension scores 0
    assert result.score == pytest.approx(0.10 * 71.8)
    assert result.item_scores["STR-04"] is None


def test_number_items_score_by_bands(q: Questionnaire) -> None:
    def org01(value: float) -> float | None:
        return score(q, PROFILE_A, {"ORG-01": Answer(value)}).item_scores["ORG-01"]

    assert [org01(v) for v in (0, 1, 1.5, 2, 40)] == [0, 0.5, 0.5, 1, 1]


def test_full_marks_without_a_full_cycle_is_ready_not_mature(q: Questionnaire) -> None:
    result = score(q, PROFILE_A, _best(q, PROFILE_A))
    assert result.score == pytest.approx(100)
    assert result.level.key == "ready"  # OPS-06 (a full export cycle) does not apply yet
    assert result.blocking_open == ()
    assert result.evidence_coverage == 100


def test_experienced_company_at_full_marks_is_mature(q: Questionnaire) -> None:
    assert score(q, PROFILE_C, _best(q, PROFILE_C)).level.key == "mature"


def test_a_blocker_clears_only_with_sighted_evidence(q: Questionnaire) -> None:
    answers = _best(q, PROFILE_B)
    answers["PRD-01"] = Answer("yes", "claimed")
    result = score(q, PROFILE_B, answers)
    assert result.blocking_open == ("PRD-01",)
    assert result.to_verify == ("PRD-01",)
    assert result.level.key == "growing"  # 65+ would be ready, but a blocker is open
    assert result.level_reasons
    answers["PRD-01"] = Answer("yes", "attached")
    cleared = score(q, PROFILE_B, answers)
    assert cleared.blocking_open == ()
    assert cleared.level.key == "ready"  # not mature: no full export cycle yet (stage never)


def test_a_weak_dimension_caps_the_level(q: Questionnaire) -> None:
    answers = _best(q, PROFILE_A)
    for item in q.applicable_items(PROFILE_A):
        if item.dim == "DIG":
            answers[item.id] = Answer(q.options(item)[0])
    result = score(q, PROFILE_A, answers)
    assert result.score >= 65
    assert result.dimensions["DIG"].score == 0
    assert result.level.key == "growing"
    assert any("DIG" in reason for reason in result.level_reasons)


def test_preset_can_be_overridden(q: Questionnaire) -> None:
    answers = {"DIG-04": Answer(3)}
    default = score(q, PROFILE_A, answers)
    ecommerce = score(q, PROFILE_A, answers, preset="cbec_first")
    assert ecommerce.preset == "cbec_first"
    assert ecommerce.score > default.score


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"NOPE-01": "yes"}, "answers.NOPE-01"),
        ({"STR-01": 7}, "answers.STR-01"),
        ({"STR-04": "maybe"}, "answers.STR-04"),
        ({"ORG-01": -1}, "answers.ORG-01"),
        ({"ORG-01": "two"}, "answers.ORG-01"),
        ({"REG-00": "yes"}, "answers.REG-00"),
        ({"PRD-01": "na"}, "answers.PRD-01"),  # a blocking item cannot be waved away
        ({"STR-04": {"value": "yes", "evidence": "rumour"}}, "answers.STR-04.evidence"),
        ({"STR-04": {"value": "yes", "colour": "red"}}, "answers.STR-04"),
    ],
)
def test_bad_answers_name_the_item(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_answers(current_questionnaire(), PROFILE_A, raw)
    assert field in {e.field for e in info.value.errors}


def test_answer_forms(q: Questionnaire) -> None:
    prd01 = {"value": "yes", "evidence_seen": True, "note": "报关行确认"}
    answers = parse_answers(
        q, PROFILE_A, {"STR-04": "unknown", "PRD-01": prd01, "IPC-04": {"value": "partial"},
                       "STR-02": 3},
    )  # fmt: skip
    assert answers["PRD-01"] == Answer("yes", "seen", "报关行确认")
    assert answers["IPC-04"].evidence == "none"
    assert answers["STR-02"].value == 3


# ---- properties ------------------------------------------------------------------------------

Q = current_questionnaire()
PROFILES = [PROFILE_A, PROFILE_B, PROFILE_C]


def _choices(item: Item, profile: dict[str, Any]) -> list[Any]:
    if item.type == "number":
        return [0, 1, 2, 5, 10, 30, 100]
    extra = ["unknown"]
    if Q.answer_types[item.type].get("na_allowed") and not Q.can_block(item, profile):
        extra.append("na")
    return Q.options(item) + extra


@st.composite
def sessions(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Answer]]:
    profile = draw(st.sampled_from(PROFILES))
    answers = {}
    for item in Q.applicable_items(profile):
        if draw(st.booleans()):
            value = draw(st.sampled_from(_choices(item, profile)))
            answers[item.id] = Answer(value, draw(st.sampled_from(["none", "claimed", "seen"])))
    return profile, answers


@settings(max_examples=150, deadline=None)
@given(sessions())
def test_score_is_within_0_and_100(session: tuple[dict[str, Any], dict[str, Answer]]) -> None:
    result = score(Q, *session)
    assert 0 <= result.score <= 100 + 1e-9
    for dim in result.dimensions.values():
        assert 0 <= dim.score <= 100 + 1e-9


@settings(max_examples=150, deadline=None)
@given(sessions())
def test_an_open_blocker_never_gives_ready_or_mature(
    session: tuple[dict[str, Any], dict[str, Answer]],
) -> None:
    result = score(Q, *session)
    if result.blocking_open:
        assert result.level.key in ("start", "growing")


@settings(max_examples=150, deadline=None)
@given(sessions(), st.data())
def test_a_better_answer_never_lowers_the_score(
    session: tuple[dict[str, Any], dict[str, Answer]], data: st.DataObject
) -> None:
    profile, answers = session
    items = [i for i in Q.applicable_items(profile) if i.type in ("yn", "ynp", "level")]
    item = data.draw(st.sampled_from(items))
    options = Q.options(item)
    current = answers.get(item.id)
    if current is not None and current.value == "na":
        return
    start = options.index(current.value) if current and current.value in options else 0
    better = data.draw(st.sampled_from(options[start:]))
    before = score(Q, profile, answers)
    after = score(Q, profile, {**answers, item.id: Answer(better, "seen")})
    assert after.score >= before.score - 1e-9
    assert len(after.blocking_open) <= len(before.blocking_open)
