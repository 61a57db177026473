"""The 一企一策 action plan derived from the gaps (domain/readiness.md §3.8).

For every applicable item below full marks (or answered “unknown”, which becomes a *verify*
action; or a blocking item at full marks whose evidence is not yet sighted):

- gap g = 1 − s (unknown and unanswered: g = 1);
- urgency u_eff = 3 when an order is near and the item is urgent enough in REG/PRD/OPS/DIG;
- priority P = w · g · u_eff · (2 if an open blocker) · (1.25 if its dimension scores < 50);
- order: open blockers first, then P descending, and never an item before its prerequisites;
- the first ``cap_per_session`` actions are the plan, the rest the “later” list;
- due = session date + base_days[u_eff] · effort_mult[eff], for u_eff = 3 no later than
  7 days before the first shipment;
- owner: the company contact with the item's role (fallback: the trade lead);
- service: the first of the item's services that is active in the local catalogue.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from services.readiness.questionnaire import Questionnaire
from services.readiness.scoring import UNKNOWN, Answer, ScoreResult

FIX, VERIFY, CUSTOM = "fix", "verify", "custom"


@dataclass(frozen=True, slots=True)
class PlannedAction:
    item_id: str | None  # None for an action the advisor added
    kind: str  # fix | verify | custom
    priority: float
    blocker: bool
    dim: str
    urgency: int
    due: date
    owner_role: str
    owner_name: str
    service_key: str | None
    later: bool  # beyond the per-session cap


def build_plan(
    q: Questionnaire,
    profile: Mapping[str, Any],
    answers: Mapping[str, Answer],
    result: ScoreResult,
    session_date: date,
    *,
    active_services: Collection[str] | None = None,
) -> list[PlannedAction]:
    params = q.action_params
    flags = q.flags(profile)
    near_term = flags.get("near_term", False)
    ship = _date(profile.get("first_ship_date"))
    contacts: Sequence[Mapping[str, str]] = profile.get("contacts") or []
    candidates = []
    for item_id in result.applicable:
        item = q.by_id[item_id]
        s = result.item_scores[item_id]
        if s is None:
            continue
        answer = answers.get(item_id)
        open_blocker = item_id in result.blocking_open
        if s >= 1 and not open_blocker:
            continue
        unknown = answer is None or answer.value in (None, UNKNOWN)
        kind = VERIFY if (unknown and answer is not None) or item_id in result.to_verify else FIX
        gap = 1.0 if unknown else max(1.0 - s, 0.0)
        if item_id in result.to_verify:
            gap = max(gap, 0.5)  # full marks claimed, evidence still to see
        urgency = item.urgency
        if near_term and item.urgency >= 2 and item.dim in params["near_term_dims"]:
            urgency = 3
        dim_score = result.dimensions[item.dim].score if item.dim in result.dimensions else 0.0
        priority = (
            item.weight
            * gap
            * urgency
            * (params["blocker_factor"] if open_blocker else 1)
            * (params["weak_dim_factor"] if dim_score < params["weak_dim_below"] else 1)
        )
        days = params["base_days"][urgency] * params["effort_mult"][item.effort]
        due = session_date + timedelta(days=round(days))
        if ship is not None and urgency == 3:
            due = min(due, ship - timedelta(days=params["ship_date_margin_days"]))
        due = max(due, session_date)
        role, name = _owner(item.owner, contacts, params["fallback_owner"])
        service = next(
            (k for k in item.services if active_services is None or k in active_services), None
        )
        candidates.append(
            PlannedAction(
                item_id=item_id,
                kind=kind,
                priority=round(priority, 4),
                blocker=open_blocker,
                dim=item.dim,
                urgency=urgency,
                due=due,
                owner_role=role,
                owner_name=name,
                service_key=service,
                later=False,
            )
        )
    ordered = _dependency_order(q, candidates)
    cap = int(params["cap_per_session"])
    return [
        PlannedAction(**{**_fields(a), "later": index >= cap}) for index, a in enumerate(ordered)
    ]


def _fields(action: PlannedAction) -> dict[str, Any]:
    return {name: getattr(action, name) for name in action.__dataclass_fields__}


def _dependency_order(q: Questionnaire, actions: list[PlannedAction]) -> list[PlannedAction]:
    """Blockers first, then priority; an action never comes before a prerequisite in the plan."""
    pending = sorted(actions, key=lambda a: (not a.blocker, -a.priority, a.item_id or ""))
    in_plan = {a.item_id for a in pending}
    placed: set[str | None] = set()
    ordered: list[PlannedAction] = []
    while pending:
        index = next(
            (
                i
                for i, candidate in enumerate(pending)
                if all(
                    d in placed or d not in in_plan
                    for d in (q.by_id[candidate.item_id].deps if candidate.item_id else ())
                )
            ),
            0,  # a dependency cycle (the validator refuses them): keep the sort order
        )
        action = pending.pop(index)
        ordered.append(action)
        placed.add(action.item_id)
    return ordered


def _owner(role: str, contacts: Sequence[Mapping[str, str]], fallback: str) -> tuple[str, str]:
    for wanted in (role, fallback):
        for contact in contacts:
            if contact.get("role") == wanted:
                return wanted, contact.get("name", "")
    return role, ""


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
