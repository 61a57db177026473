"""The sessions of one company, oldest first: the table shared by the page and the progress
view (``SessionRepository.list_for_company``). Level names come from the questionnaire in use
(``active_questionnaire``: a data update may have installed a newer one), read again whenever
the rows are set."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt
from sqlite_utils import Database
from typing_extensions import override

from gui.models import SORT_ROLE, ListTableModel
from services.core.i18n import _, format_date, format_decimal, format_integer
from services.readiness.questionnaire import Questionnaire, active_questionnaire
from services.readiness.sessions import SessionSummary


def level_label(q: Questionnaire, key: str | None) -> str:
    """起步 / 成长 / 就绪 / 成熟 (Starter … Mature) for a stored level key."""
    level = q.level(key) if key else None
    return level.text.get() if level else (key or "")


class SessionTimelineModel(ListTableModel[SessionSummary]):
    class Col(IntEnum):
        DATE = 0
        ADVISOR = 1
        SCORE = 2
        LEVEL = 3
        BLOCKERS = 4
        ACTIONS = 5

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        self._db = db
        self.questionnaire = active_questionnaire(db)
        super().__init__(parent)

    @override
    def on_items_reset(self) -> None:
        self.questionnaire = active_questionnaire(self._db)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.DATE: _("Session date"),
            c.ADVISOR: _("Advisor"),
            c.SCORE: _("Score"),
            c.LEVEL: _("Level"),
            c.BLOCKERS: _("Open blockers"),
            c.ACTIONS: _("Actions done"),
        }

    @override
    def cell_data(self, item: SessionSummary, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.DisplayRole:
            if column == c.DATE:
                return format_date(item.held_on)
            if column == c.ADVISOR:
                return item.advisor
            if column == c.SCORE:
                return "—" if item.score is None else format_decimal(item.score, 0)
            if column == c.LEVEL:
                return level_label(self.questionnaire, item.level)
            if column == c.BLOCKERS:
                return format_integer(item.blocking_open)
            return _("{done} of {total}").format(
                done=format_integer(item.actions_done), total=format_integer(item.actions_total)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            c.SCORE,
            c.BLOCKERS,
            c.ACTIONS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return row
        return None

    def row_of(self, session_id: str) -> int:
        return next((i for i, s in enumerate(self.items()) if s.id == session_id), -1)
