"""The results of one readiness session (domain/readiness.md §3.7): overall score and level,
why the level is capped, evidence coverage, a radar of the dimensions, the dimension table,
the open blocking items with what is missing, strengths and gaps.

``show_session`` re-reads the session from ``ctx.store.db`` and scores it with the questionnaire
version it was answered with (``scoring.score`` is pure: nothing is written).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.models import SORT_ROLE, ListTableModel
from gui.widgets.charts import RadarChart, Series
from gui.widgets.views import empty_or_scroll, read_only_table
from services.core.errors import NotFoundError
from services.core.i18n import _, format_decimal, format_integer, format_percent, is_chinese
from services.readiness.questionnaire import Questionnaire
from services.readiness.results import (
    OpenBlocker,
    dimension_label,
    dimension_list,
    level_colours,
    level_meaning,
    open_blockers,
)
from services.readiness.scoring import DimensionScore, ScoreResult, score
from services.readiness.sessions import Session, SessionRepository


def level_badge_stylesheet(key: str) -> str:
    background, text = level_colours(key)
    return (
        f"QLabel {{ background: {background}; color: {text}; border-radius: 6px;"
        " padding: 4px 12px; font-size: 16pt; font-weight: bold; }"
    )


# ---- models --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DimensionRow:
    dim: DimensionScore
    name_zh: str
    name_en: str


class DimensionTableModel(ListTableModel[DimensionRow]):
    class Col(IntEnum):
        DIMENSION = 0
        SCORE = 1
        WEIGHT = 2
        ITEMS = 3

    columns: ClassVar[type[IntEnum]] = Col

    @override
    def headers(self) -> dict[IntEnum, str]:
        c = self.Col
        return {
            c.DIMENSION: _("Dimension"),
            c.SCORE: _("Score"),
            c.WEIGHT: _("Weight"),
            c.ITEMS: _("Answered / applicable"),
        }

    @override
    def cell_data(self, item: DimensionRow, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        d = item.dim
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.Col.DIMENSION:
                return f"{d.dim} {item.name_zh if is_chinese() else item.name_en}"
            if col == self.Col.SCORE:
                return format_decimal(d.score, 0)
            if col == self.Col.WEIGHT:
                return format_decimal(d.weight, 0)
            return _("{answered} of {applicable}").format(
                answered=format_integer(d.answered), applicable=format_integer(d.applicable)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.Col.DIMENSION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return (d.dim, d.score, d.weight, d.answered)[column]
        if role == Qt.ItemDataRole.ForegroundRole and col == self.Col.SCORE and d.score < 50:
            return QColor("#b3261e")
        return None


class BlockerTableModel(ListTableModel[OpenBlocker]):
    class Col(IntEnum):
        ID = 0
        QUESTION = 1
        MISSING = 2

    columns: ClassVar[type[IntEnum]] = Col

    @override
    def headers(self) -> dict[IntEnum, str]:
        c = self.Col
        return {c.ID: _("Item"), c.QUESTION: _("Question"), c.MISSING: _("What is missing")}

    @override
    def cell_data(self, item: OpenBlocker, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == self.Col.ID:
                return item.item.id
            if col == self.Col.QUESTION:
                return item.item.text.get()
            return item.missing_text
        if role == Qt.ItemDataRole.ToolTipRole and col == self.Col.QUESTION:
            return item.item.text.get()
        return None


# ---- the view ------------------------------------------------------------------------------


class ResultsView(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._session_id: str | None = None
        self._session: Session | None = None
        self._q: Questionnaire | None = None
        self._result: ScoreResult | None = None
        self._build()
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        self.retranslate()

    def _build(self) -> None:
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6b6b6b; padding: 24px;")
        self.empty_label.setWordWrap(True)

        content = QWidget(self)
        self.score_caption = QLabel(content)
        self.score_label = QLabel(content)
        self.score_label.setObjectName("overallScore")
        self.score_label.setStyleSheet("font-size: 26pt; font-weight: bold;")
        self.level_badge = QLabel(content)
        self.level_badge.setObjectName("levelBadge")
        self.coverage_label = QLabel(content)
        self.coverage_label.setWordWrap(True)
        self.meaning_label = QLabel(content)
        self.meaning_label.setWordWrap(True)
        self.reasons_label = QLabel(content)
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setStyleSheet("color: #b3261e;")

        head = QHBoxLayout()
        head.addWidget(self.score_caption)
        head.addWidget(self.score_label)
        head.addSpacing(16)
        head.addWidget(self.level_badge)
        head.addSpacing(16)
        head.addWidget(self.coverage_label, 1)

        self.radar = RadarChart(content)
        self.dimension_model = DimensionTableModel(self)
        self.dimension_table = self._table(self.dimension_model, content)
        header = self.dimension_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.dimension_table.setMinimumHeight(200)

        charts = QHBoxLayout()
        charts.addWidget(self.radar, 1)
        charts.addWidget(self.dimension_table, 1)

        self.blockers_group = QGroupBox(content)
        self.blocker_model = BlockerTableModel(self)
        self.blocker_table = self._table(self.blocker_model, self.blockers_group)
        self.blocker_table.setWordWrap(False)
        bheader = self.blocker_table.horizontalHeader()
        bheader.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        bheader.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        bheader.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        bheader.resizeSection(2, 260)
        self.blocker_table.setMinimumHeight(160)
        self.no_blockers_label = QLabel(self.blockers_group)
        self.no_blockers_label.setStyleSheet("color: #1d5e20;")
        blayout = QVBoxLayout(self.blockers_group)
        blayout.addWidget(self.no_blockers_label)
        blayout.addWidget(self.blocker_table)

        self.strengths_label = QLabel(content)
        self.strengths_label.setWordWrap(True)
        self.gaps_label = QLabel(content)
        self.gaps_label.setWordWrap(True)

        layout = QVBoxLayout(content)
        layout.addLayout(head)
        layout.addWidget(self.meaning_label)
        layout.addWidget(self.reasons_label)
        layout.addLayout(charts, 2)
        layout.addWidget(self.blockers_group, 1)
        layout.addWidget(self.strengths_label)
        layout.addWidget(self.gaps_label)

        self.stack = empty_or_scroll(self, self.empty_label, content)

    @staticmethod
    def _table(model: ListTableModel[Any], parent: QWidget) -> QTableView:
        return read_only_table(model, parent, alternating=True)

    # ---- public ----------------------------------------------------------------------------

    def show_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self._session, self._q, self._result = None, None, None
        if session_id is not None:
            repo = SessionRepository(self._ctx.store.db)
            try:
                self._session = repo.get(session_id)
            except NotFoundError:
                self._session_id = None
            else:
                self._q = repo.questionnaire(self._session.questionnaire_version)
                s = self._session
                self._result = score(self._q, s.profile, s.answers, s.preset)
        self._fill()

    def session_id(self) -> str | None:
        return self._session_id

    def result(self) -> ScoreResult | None:
        return self._result

    def retranslate(self) -> None:
        self.empty_label.setText(_("Choose or start a session to see its results."))
        self.score_caption.setText(_("Readiness score"))
        self.blockers_group.setTitle(_("Open blocking items"))
        self.no_blockers_label.setText(_("No open blocking items."))
        self.radar.set_empty_text(_("No dimension applies yet."))
        self.dimension_model.retranslate()
        self.blocker_model.retranslate()
        if self._session_id is not None:
            self.show_session(self._session_id)  # level reasons are texts of the service
        else:
            self._fill()

    # ---- filling ---------------------------------------------------------------------------

    def _fill(self) -> None:
        result, q = self._result, self._q
        if result is None or q is None:
            self.stack.setCurrentIndex(0)
            self.dimension_model.set_items([])
            self.blocker_model.set_items([])
            self.radar.set_data([], [])
            return
        self.stack.setCurrentIndex(1)
        self.score_label.setText(format_decimal(result.score, 0))
        self.level_badge.setText(result.level.text.get())
        self.level_badge.setStyleSheet(level_badge_stylesheet(result.level.key))
        self.level_badge.setProperty("levelKey", result.level.key)
        self.coverage_label.setText(
            _("Evidence coverage: {percent} of the positive answers have evidence seen.").format(
                percent=format_percent(result.evidence_coverage, 0)
            )
        )
        self.meaning_label.setText(level_meaning(result.level.key))
        self.reasons_label.setText("\n".join(f"• {r}" for r in result.level_reasons))
        self.reasons_label.setVisible(bool(result.level_reasons))

        rows = [
            DimensionRow(d, q.dimension(dim_id).text.zh, q.dimension(dim_id).text.en)
            for dim_id, d in result.dimensions.items()
        ]
        self.dimension_model.set_items(rows)
        self.radar.set_title(_("Score per dimension"))
        self.radar.set_data(
            [dimension_label(q, r.dim.dim) for r in rows],
            [Series(_("This session"), tuple(r.dim.score for r in rows))],
        )

        assert self._session is not None
        blockers = open_blockers(q, result, self._session.answers)
        self.blocker_model.set_items(blockers)
        self.blocker_table.setVisible(bool(blockers))
        self.no_blockers_label.setVisible(not blockers)
        self.blockers_group.setTitle(
            _("Open blocking items ({count})").format(count=format_integer(len(blockers)))
        )

        self.strengths_label.setText(
            _("Strengths (70 or more): {dims}").format(dims=dimension_list(q, result.strengths))
        )
        self.gaps_label.setText(
            _("Gaps (below 50): {dims}").format(dims=dimension_list(q, result.gaps))
        )

    def blocker_ids(self) -> list[str]:
        return [row.item.id for row in self.blocker_model.items()]

    # ---- signals ---------------------------------------------------------------------------

    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    def _on_data_replaced(self) -> None:
        self.show_session(self._session_id)
