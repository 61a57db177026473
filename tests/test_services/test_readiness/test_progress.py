"""Progress across sessions: deltas, actions completed between sessions, trends, time to ready."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.clock import local_today
from services.core.store import DataStore
from services.readiness.action_plan import CUSTOM
from services.readiness.progress import (
    DimensionDelta,
    blocker_trend,
    completed_between,
    days_to_ready,
    dimension_deltas,
    score_series,
)
from services.readiness.questionnaire import Questionnaire
from services.readiness.scoring import Answer
from services.readiness.sessions import ActionRecord, SessionRepository, SessionSummary
from services.refdata.reference import ReferenceData


@pytest.fixture
def repo(store: DataStore, reference: ReferenceData) -> SessionRepository:
    load_sample(CompanyRepository(store.db), reference.hs)
    return SessionRepository(store.db)


def _summary(
    held_on: date, level: str, blockers: int, dims: dict[str, float] | None = None
) -> SessionSummary:
    return SessionSummary(
        id=held_on.isoformat(), held_on=held_on, advisor="", score=50.0, level=level,
        blocking_open=blockers, dimensions=dims or {}, questionnaire_version="1.0.0",
        actions_total=0, actions_done=0,
    )  # fmt: skip


def test_deltas_cover_dimensions_of_either_session_in_the_given_order() -> None:
    rows = dimension_deltas({"STR": 20.0, "PRD": 10.0}, {"STR": 50.0, "MKT": 30.0}, ["STR", "PRD"])
    assert [r.dim for r in rows] == ["STR", "PRD", "MKT"]
    assert rows[0].delta == pytest.approx(30.0)
    assert rows[1] == DimensionDelta("PRD", 10.0, None)
    assert rows[1].delta is None
    assert rows[2].before is None


def test_completed_between_counts_done_actions_and_full_answers_with_evidence(
    repo: SessionRepository, q: Questionnaire
) -> None:
    today = local_today()
    first = repo.create(SAMPLE_ID, held_on=today - timedelta(days=30))
    plan_items = [a.item_id for a in first.actions if a.item_id]
    assert "PRD-01" in plan_items
    assert "REG-02" in plan_items
    custom = ActionRecord(id="c1", item_id=None, kind=CUSTOM, title="参加广交会", status="done")
    repo.save_actions(first.id, [*first.actions, custom])

    second = repo.create(SAMPLE_ID, held_on=today)  # the custom action was closed today
    repo.save_answer(second.id, "PRD-01", Answer("yes", "seen"))  # full marks with evidence
    repo.save_answer(second.id, "REG-02", Answer("yes", "claimed"))  # no evidence: not done
    second = repo.get(second.id)
    other = next(a for a in second.actions if a.item_id and a.item_id not in ("PRD-01", "REG-02"))
    repo.save_actions(
        second.id,
        [replace(a, status="done") if a.id == other.id else a for a in second.actions],
    )
    second = repo.get(second.id)

    done = completed_between(repo.get(first.id), second, q)
    ids = [a.item_id or a.title for a in done]
    assert "PRD-01" in ids
    assert other.item_id in ids
    assert "参加广交会" in ids
    assert "REG-02" not in ids
    # plan order of the earlier session is kept
    order = [a.id for a in repo.get(first.id).actions]
    assert [a.id for a in done] == sorted((a.id for a in done), key=order.index)


def test_an_action_closed_after_the_later_session_does_not_count(
    repo: SessionRepository, q: Questionnaire
) -> None:
    first = repo.create(SAMPLE_ID, held_on=date(2026, 3, 1))
    second = repo.create(SAMPLE_ID, held_on=date(2026, 4, 1))
    late = replace(first.actions[0], status="done", done_on=date(2026, 5, 1))
    first = replace(first, actions=(late,))
    assert completed_between(first, repo.get(second.id), q) == []
    early = replace(late, done_on=date(2026, 3, 15))
    assert completed_between(replace(first, actions=(early,)), repo.get(second.id), q) == [early]


def test_series_trend_and_days_to_ready() -> None:
    timeline = [
        _summary(date(2026, 1, 1), "start", 7, {"STR": 10.0}),
        _summary(date(2026, 2, 15), "growing", 3, {"STR": 40.0, "DIG": 20.0}),
        _summary(date(2026, 4, 1), "ready", 0, {"STR": 70.0, "DIG": 60.0}),
    ]
    assert score_series(timeline, ["DIG", "STR"]) == {
        "DIG": [None, 20.0, 60.0],
        "STR": [10.0, 40.0, 70.0],
    }
    assert blocker_trend(timeline) == [7, 3, 0]
    assert days_to_ready(timeline) == 90
    assert days_to_ready(timeline[:2]) is None
    assert days_to_ready([]) is None
