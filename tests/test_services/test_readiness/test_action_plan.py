"""The 一企一策 action plan: priority, prerequisites first, due dates, owners, services."""

from __future__ import annotations

from datetime import date, timedelta

from services.readiness.action_plan import FIX, VERIFY, build_plan
from services.readiness.questionnaire import Questionnaire
from services.readiness.scoring import Answer, score
from tests.test_services.test_readiness.conftest import PROFILE_A, PROFILE_B

SESSION = date(2026, 12, 1)


def test_blockers_first_and_prerequisites_before_dependants(q: Questionnaire) -> None:
    profile = {**PROFILE_B, "first_ship_date": "2027-01-12"}
    result = score(q, profile, {})
    plan = build_plan(q, profile, {}, result, SESSION)
    ids = [a.item_id for a in plan]
    blockers = [a for a in plan if a.blocker]
    assert plan[: len(blockers)] == blockers
    for position, action in enumerate(plan):
        for dep in q.by_id[action.item_id or ""].deps:
            if dep in ids:
                assert ids.index(dep) < position, (dep, action.item_id)
    assert sum(1 for a in plan if not a.later) == 10
    assert all(a.later for a in plan[10:])


def test_priority_formula(q: Questionnaire) -> None:
    # PRD-01: w 5, answered "partial" (gap 0.5), u 3, open blocker (×2), PRD dimension < 50
    answers = {"PRD-01": Answer("partial")}
    result = score(q, PROFILE_A, answers)
    action = next(
        a for a in build_plan(q, PROFILE_A, answers, result, SESSION) if a.item_id == "PRD-01"
    )
    assert action.priority == 5 * 0.5 * 3 * 2 * 1.25
    assert action.kind == FIX


def test_due_dates_follow_urgency_effort_and_the_ship_date(q: Questionnaire) -> None:
    profile = {**PROFILE_B, "first_ship_date": "2027-01-12"}
    plan = {a.item_id: a for a in build_plan(q, profile, {}, score(q, profile, {}), SESSION)}
    assert plan["PRD-01"].due == SESSION + timedelta(days=14)  # u 3, effort S
    assert plan["PRD-03"].due == date(2027, 1, 5)  # 42 days, capped 7 days before shipping
    assert plan["STR-01"].due == SESSION + timedelta(days=45)  # u 2, effort S


def test_unknown_becomes_a_verify_action_and_claims_need_evidence(q: Questionnaire) -> None:
    answers = {
        "STR-04": Answer("unknown"),
        "PRD-01": Answer("yes", "claimed"),
        "IPC-04": Answer("yes", "seen"),
    }
    result = score(q, PROFILE_A, answers)
    plan = {a.item_id: a for a in build_plan(q, PROFILE_A, answers, result, SESSION)}
    assert plan["STR-04"].kind == VERIFY
    assert plan["PRD-01"].kind == VERIFY
    assert "IPC-04" not in plan


def test_owner_from_contacts_and_services_from_the_catalogue(q: Questionnaire) -> None:
    profile = {
        **PROFILE_A,
        "contacts": [
            {"role": "quality", "name": "赵敏", "phone": ""},
            {"role": "trade_lead", "name": "李娜", "phone": ""},
        ],
    }
    plan = {
        a.item_id: a
        for a in build_plan(
            q, profile, {}, score(q, profile, {}), SESSION, active_services={"broker_forwarder"}
        )
    }
    assert (plan["PRD-02"].owner_role, plan["PRD-02"].owner_name) == ("quality", "赵敏")
    assert (plan["STR-01"].owner_role, plan["STR-01"].owner_name) == ("trade_lead", "李娜")
    assert plan["PRD-01"].service_key == "broker_forwarder"
    assert plan["STR-01"].service_key is None  # service_center switched off locally
