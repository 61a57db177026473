"""What a scored session says (services/readiness/results.py): open blockers, top gaps by
dimension, policy notes; and the items' optional ``as_of`` date."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.i18n import set_locale
from services.readiness.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    current_questionnaire,
)
from services.readiness.results import (
    MISSING_ANSWER,
    MISSING_EVIDENCE,
    MISSING_SCORE,
    answer_text,
    dimension_list,
    open_blockers,
    policy_notes,
    top_gaps,
)
from services.readiness.scoring import Answer, score
from tests.test_services.test_readiness.conftest import PROFILE_A, PROFILE_B, PROFILE_C

Q = current_questionnaire()


def test_open_blockers_say_what_is_missing(q: Questionnaire) -> None:
    answers = {
        "REG-08": Answer("yes"),  # full marks, evidence not seen
        "PRD-01": Answer("no", "seen"),  # answered below full marks
    }
    result = score(q, PROFILE_A, answers)
    missing = {b.item.id: b.missing for b in open_blockers(q, result, answers)}
    assert missing == {
        "REG-08": MISSING_EVIDENCE,
        "PRD-01": MISSING_SCORE,
        "PRD-02": MISSING_ANSWER,
        "PRD-04": MISSING_ANSWER,
        "IPC-04": MISSING_ANSWER,
    }


def test_top_gaps_hand_computed(q: Questionnaire) -> None:
    answers = {
        "STR-01": Answer(2),  # level 2 → 0.67, w 4: 4 · 0.33 / 10 → 13.2 points
        "STR-02": Answer(3),  # full marks: no gap
        "STR-03": Answer("partial"),  # 0.5, w 3: 15 points
        "STR-04": Answer("na"),  # not applicable: neither gap nor denominator
    }
    result = score(q, PROFILE_A, answers)
    groups = {g.dim.dim: g for g in top_gaps(q, result)}
    strategy = groups["STR"]
    assert [(g.item.id, round(g.points, 1)) for g in strategy.gaps] == [
        ("STR-03", 15.0),
        ("STR-01", 13.2),
    ]
    ordered = [g.dim.score for g in top_gaps(q, result)]
    assert ordered == sorted(ordered)  # weakest dimension first
    assert all(len(g.gaps) <= 3 for g in groups.values())


def test_a_blocker_comes_first_among_equal_gaps(q: Questionnaire) -> None:
    result = score(q, PROFILE_A, {})
    regulations = next(g for g in top_gaps(q, result, per_dimension=20) if g.dim.dim == "REG")
    blockers = [g.blocker for g in regulations.gaps]
    points = [round(g.points, 6) for g in regulations.gaps]
    for i in range(len(points) - 1):
        if points[i] == points[i + 1]:
            assert blockers[i] >= blockers[i + 1]
    assert any(blockers)


def test_full_marks_leave_no_gap(q: Questionnaire) -> None:
    answers = {
        i.id: Answer(q.options(i)[-1] if i.type != "number" else i.target, "seen")
        for i in q.applicable_items(PROFILE_C)
    }
    assert top_gaps(q, score(q, PROFILE_C, answers)) == []


_PROFILES = st.sampled_from([PROFILE_A, PROFILE_B, PROFILE_C])


@st.composite
def _answered(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Answer]]:
    profile = draw(_PROFILES)
    answers = {}
    for item in Q.applicable_items(profile):
        choice = draw(st.sampled_from(["skip", "unknown", "option"]))
        if choice == "unknown":
            answers[item.id] = Answer("unknown")
        elif choice == "option":
            if item.type == "number":
                answers[item.id] = Answer(draw(st.integers(0, 50)))
            else:
                answers[item.id] = Answer(draw(st.sampled_from(Q.options(item))))
    return profile, answers


@settings(max_examples=60, deadline=None)
@given(_answered())
def test_a_dimension_gains_exactly_its_missing_points(
    case: tuple[dict[str, Any], dict[str, Answer]],
) -> None:
    """Every item at full marks would bring the dimension to 100."""
    profile, answers = case
    result = score(Q, profile, answers)
    groups = {g.dim.dim: g for g in top_gaps(Q, result, per_dimension=1000)}
    for dim in result.dimensions.values():
        gained = sum(g.points for g in groups[dim.dim].gaps) if dim.dim in groups else 0.0
        assert dim.score + gained == pytest.approx(100)
        if dim.dim in groups:
            points = [g.points for g in groups[dim.dim].gaps]
            assert points == sorted(points, reverse=True)


def test_answer_texts(q: Questionnaire) -> None:
    set_locale("en")
    item = q.by_id["ORG-01"]
    assert answer_text(q, item, Answer(2)) == "2 people"
    assert answer_text(q, item, None) == "Not answered yet"
    assert answer_text(q, q.by_id["STR-03"], Answer("partial")) == "Partly"
    assert answer_text(q, q.by_id["STR-03"], Answer("unknown")) == "Don't know"
    assert (
        dimension_list(q, ("STR", "FIN"))
        == "STR Strategy & commitment, FIN Finance, payment & risk"
    )
    assert dimension_list(q, ()) == "none"


def test_policy_notes_follow_the_profile(q: Questionnaire) -> None:
    cross_border = policy_notes(q, PROFILE_B)  # 9810 overseas warehouse, own FX receipts
    keys = [r.key for r in cross_border.references]
    for expected in ("C9", "C11", "C15"):  # 名录 at banks, 9810 离境即退税, origin filing
        assert expected in keys
    assert keys.index("C9") < keys.index("C11") < keys.index("M1")  # China first, by number
    agent = policy_notes(q, PROFILE_A)  # exports through a 外综服 agent: files nothing itself
    agent_keys = {r.key for r in agent.references}
    assert "C20" in agent_keys  # the agent agreement
    assert not agent_keys & {"C4", "C9", "C11"}
    # Sources of items asked of everyone say nothing about a profile (C19: food safety law).
    assert "C19" not in keys
    assert "M8" not in keys
    by_key = {r.key: r for r in cross_border.references}
    assert by_key["C9"].items == ("REG-04", "REG-05", "DIG-07")
    assert by_key["C9"].as_of == q.rules_as_of
    assert "SAFE notice of 2024-04-07" in by_key["C9"].text
    assert not by_key["C9"].unverified
    assert by_key["C24"].unverified  # "source not recorded", "unconfirmed"


def test_item_notes_and_information_items(q: Questionnaire) -> None:
    notes = {n.item.id: n for n in policy_notes(q, PROFILE_A).notes}
    assert not notes["REG-00"].unverified  # information item: registration abolished
    assert notes["FIN-07"].unverified
    assert "REG-01" not in notes  # it needs self-declaring


def test_an_item_date_overrides_the_questionnaire_date() -> None:
    text = Q.text.replace(
        "  refs: [C11, C12, C13]\n", "  refs: [C11, C12, C13]\n  as_of: 2025-01-27\n", 1
    )
    dated = Questionnaire.from_text(text)
    assert dated.by_id["DIG-05"].as_of == "2025-01-27"
    assert Q.by_id["DIG-05"].as_of == ""
    by_key = {r.key: r for r in policy_notes(dated, PROFILE_B).references}
    assert by_key["C11"].as_of == "2025-01-27"  # cited by DIG-05 only
    assert by_key["C9"].as_of == Q.rules_as_of


@pytest.mark.parametrize("value", ["2026-13", "26-01", "2026/01", "soon", "2026-02-30", "2026-1-5"])
def test_a_malformed_item_date_is_refused(value: str) -> None:
    text = Q.text.replace("  refs: [C9]\n", f"  refs: [C9]\n  as_of: '{value}'\n", 1)
    with pytest.raises(QuestionnaireError) as info:
        Questionnaire.from_text(text)
    assert any(e.field == "items.REG-04" for e in info.value.errors)


def test_an_impossible_unquoted_date_is_a_questionnaire_error() -> None:
    text = Q.text.replace("  refs: [C9]\n", "  refs: [C9]\n  as_of: 2026-02-30\n", 1)
    with pytest.raises(QuestionnaireError):
        Questionnaire.from_text(text)
