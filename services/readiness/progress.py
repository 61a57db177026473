"""Progress across sessions (domain/readiness.md §3.9), computed from stored sessions.

- per-dimension deltas between two sessions (a dimension present in only one is reported with
  the other side ``None``);
- the actions of an earlier session completed by a later one: the later session has the same
  item's action marked done, or answers the item at full marks with evidence seen or attached;
  an action (also a custom one) already marked done in the earlier session counts too when it
  was closed on or before the later session;
- the score series per dimension and the blocker count over the timeline;
- the days from the first session to the first session at 就绪 (ready) or above.

Pure Python: the GUI and the PDF report both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from services.readiness.questionnaire import Questionnaire
from services.readiness.scoring import item_score
from services.readiness.sessions import ActionRecord, Session, SessionSummary

READY_LEVELS = ("ready", "mature")


@dataclass(frozen=True, slots=True)
class DimensionDelta:
    dim: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def dimension_deltas(
    before: Mapping[str, float],
    after: Mapping[str, float],
    order: Iterable[str] = (),
) -> list[DimensionDelta]:
    """One row per dimension in either session, in ``order`` first, then alphabetically."""
    dims = list(dict.fromkeys([*order, *sorted(set(before) | set(after))]))
    return [
        DimensionDelta(d, before.get(d), after.get(d)) for d in dims if d in before or d in after
    ]


def completed_between(earlier: Session, later: Session, q: Questionnaire) -> list[ActionRecord]:
    """The earlier session's actions that were done by the time of ``later`` (plan order).

    ``q`` is the questionnaire the later session was answered with (it scores its answers).
    """
    done_later = {a.item_id for a in later.actions if a.item_id and a.status == "done"}
    completed = []
    for action in earlier.actions:
        closed = action.status == "done" and (
            action.done_on is None or action.done_on <= later.held_on
        )
        if closed or (
            action.item_id is not None
            and (action.item_id in done_later or _full_with_evidence(q, later, action.item_id))
        ):
            completed.append(action)
    return completed


def _full_with_evidence(q: Questionnaire, session: Session, item_id: str) -> bool:
    item = q.by_id.get(item_id)
    answer = session.answers.get(item_id)
    if item is None or not item.scored or answer is None:
        return False
    return item_score(q, item, answer) == 1.0 and answer.evidence_sighted


def score_series(
    timeline: Sequence[SessionSummary], order: Iterable[str] = ()
) -> dict[str, list[float | None]]:
    """Dimension → its score in each session of the timeline (None where it did not apply)."""
    dims = list(dict.fromkeys([*order, *sorted({d for s in timeline for d in s.dimensions})]))
    present = {d for s in timeline for d in s.dimensions}
    return {d: [s.dimensions.get(d) for s in timeline] for d in dims if d in present}


def blocker_trend(timeline: Sequence[SessionSummary]) -> list[int]:
    return [s.blocking_open for s in timeline]


def days_to_ready(timeline: Sequence[SessionSummary]) -> int | None:
    """Days from the first session to the first one at ready or mature; None if never reached."""
    if not timeline:
        return None
    first = timeline[0].held_on
    for summary in timeline:
        if summary.level in READY_LEVELS:
            return (summary.held_on - first).days
    return None
