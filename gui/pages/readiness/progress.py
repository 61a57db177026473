"""A company's progress across sessions (domain/readiness.md §3.9): the session timeline, the
score trend per dimension, the blocker-count trend, time to 就绪, and a comparison of any two
sessions (per-dimension deltas, both in one radar, the actions completed in between).

The computations are in ``services.readiness.progress``; this view only reads
(``SessionRepository.list_for_company`` / ``get``) and draws. Dimension and level names come
from the questionnaire in use (``active_questionnaire``, read again for every company shown);
the actions completed between two sessions are named as the later session's questionnaire
words them.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.models import SORT_ROLE, ListTableModel
from gui.pages.readiness.timeline import SessionTimelineModel, level_label
from gui.widgets.charts import LineChart, RadarChart, Series
from gui.widgets.views import empty_or_scroll, read_only_table
from services.core.i18n import _, format_date, format_decimal, format_integer, ngettext
from services.readiness.progress import (
    DimensionDelta,
    blocker_trend,
    completed_between,
    days_to_ready,
    dimension_deltas,
    score_series,
)
from services.readiness.questionnaire import Questionnaire, active_questionnaire
from services.readiness.results import dimension_label
from services.readiness.sessions import ActionRecord, SessionRepository, SessionSummary


class DeltaModel(ListTableModel[DimensionDelta]):
    class Col(IntEnum):
        DIMENSION = 0
        BEFORE = 1
        AFTER = 2
        DELTA = 3

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, q: Questionnaire, parent: QObject | None = None) -> None:
        self.questionnaire = q  # names the dimensions
        super().__init__(parent)

    @override
    def headers(self) -> dict[IntEnum, str]:
        c = self.Col
        return {
            c.DIMENSION: _("Dimension"),
            c.BEFORE: _("Session A"),
            c.AFTER: _("Session B"),
            c.DELTA: _("Change"),
        }

    @override
    def cell_data(self, item: DimensionDelta, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.Col.DIMENSION:
                return dimension_label(self.questionnaire, item.dim)
            if col == self.Col.BEFORE:
                return "—" if item.before is None else format_decimal(item.before, 0)
            if col == self.Col.AFTER:
                return "—" if item.after is None else format_decimal(item.after, 0)
            delta = item.delta
            if delta is None:
                return "—"
            text = format_decimal(delta, 0)
            return f"+{text}" if round(delta) > 0 else text
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.Col.DIMENSION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.Col.DELTA and item.delta:
            if round(item.delta) > 0:
                return QColor("#1d5e20")
            if round(item.delta) < 0:
                return QColor("#b3261e")
        if role == SORT_ROLE:
            return item.delta if col == self.Col.DELTA else row
        return None


class CompletedModel(ListTableModel[ActionRecord]):
    class Col(IntEnum):
        ITEM = 0
        ACTION = 1

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, q: Questionnaire, parent: QObject | None = None) -> None:
        self.questionnaire = q  # words the actions of questionnaire items
        super().__init__(parent)

    @override
    def headers(self) -> dict[IntEnum, str]:
        return {self.Col.ITEM: _("Item"), self.Col.ACTION: _("Completed action")}

    @override
    def cell_data(self, item: ActionRecord, row: int, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if self.Col(column) == self.Col.ITEM:
            return item.item_id or _("Added by the advisor")
        if item.title:
            return item.title
        q_item = self.questionnaire.by_id.get(item.item_id or "")
        if q_item is None:
            return ""
        return q_item.action.get() if q_item.action else q_item.text.get()


class ProgressView(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company_id: str | None = None
        self._timeline: list[SessionSummary] = []
        self._q = active_questionnaire(ctx.store.db)
        self._build()
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        self.retranslate()

    def _build(self) -> None:
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #6b6b6b; padding: 24px;")
        content = QWidget(self)

        self.summary_label = QLabel(content)
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("progressSummary")
        self.timeline_model = SessionTimelineModel(self._ctx.store.db, self)
        self.timeline_table = self._table(self.timeline_model, content, 1)
        self.timeline_table.setMinimumHeight(140)
        self.trend_chart = LineChart(content)
        self.trend_chart.setMinimumHeight(280)
        self.blocker_chart = LineChart(content)
        self.blocker_chart.setMinimumHeight(220)

        self.compare_group = QGroupBox(content)
        self.a_label = QLabel(self.compare_group)
        self.b_label = QLabel(self.compare_group)
        self.a_combo = QComboBox(self.compare_group)
        self.b_combo = QComboBox(self.compare_group)
        self.a_combo.currentIndexChanged.connect(lambda _i: self._compare())
        self.b_combo.currentIndexChanged.connect(lambda _i: self._compare())
        self.delta_model = DeltaModel(self._q, self)
        self.delta_table = self._table(self.delta_model, self.compare_group)
        self.delta_table.setMinimumHeight(220)
        self.radar = RadarChart(self.compare_group)
        self.completed_label = QLabel(self.compare_group)
        self.completed_label.setWordWrap(True)
        self.completed_model = CompletedModel(self._q, self)
        self.completed_table = self._table(self.completed_model, self.compare_group, 1)
        self.completed_table.setMinimumHeight(140)
        chooser = QHBoxLayout()
        chooser.addWidget(self.a_label)
        chooser.addWidget(self.a_combo, 1)
        chooser.addSpacing(12)
        chooser.addWidget(self.b_label)
        chooser.addWidget(self.b_combo, 1)
        grid = QGridLayout(self.compare_group)
        grid.addLayout(chooser, 0, 0, 1, 2)
        grid.addWidget(self.delta_table, 1, 0)
        grid.addWidget(self.radar, 1, 1)
        grid.addWidget(self.completed_label, 2, 0, 1, 2)
        grid.addWidget(self.completed_table, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        charts = QHBoxLayout()
        charts.addWidget(self.trend_chart, 3)
        charts.addWidget(self.blocker_chart, 2)
        layout = QVBoxLayout(content)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.timeline_table)
        layout.addLayout(charts)
        layout.addWidget(self.compare_group)

        self.stack = empty_or_scroll(self, self.empty_label, content)

    @staticmethod
    def _table(model: ListTableModel[Any], parent: QWidget, stretch: int = 0) -> QTableView:
        return read_only_table(model, parent, stretch=stretch)

    # ---- public ----------------------------------------------------------------------------

    def show_company(self, company_id: str | None) -> None:
        self._company_id = company_id
        repo = SessionRepository(self._ctx.store.db)
        self._q = self.delta_model.questionnaire = active_questionnaire(self._ctx.store.db)
        self._timeline = repo.list_for_company(company_id) if company_id else []
        self.timeline_model.set_items(self._timeline)
        self._fill_choosers()
        self._fill()

    def company_id(self) -> str | None:
        return self._company_id

    def choose(self, a_index: int, b_index: int) -> None:
        """Compares the sessions at these timeline positions."""
        self.a_combo.setCurrentIndex(a_index)
        self.b_combo.setCurrentIndex(b_index)
        self._compare()

    def retranslate(self) -> None:
        self.empty_label.setText(
            _("No sessions yet. Start a readiness session to track this company's progress.")
        )
        self.compare_group.setTitle(_("Compare two sessions"))
        self.a_label.setText(_("Session A:"))
        self.b_label.setText(_("Session B:"))
        self.trend_chart.set_empty_text(_("No scores yet."))
        self.blocker_chart.set_empty_text(_("No scores yet."))
        self.radar.set_empty_text(_("No scores yet."))
        for model in (self.timeline_model, self.delta_model, self.completed_model):
            model.retranslate()
        a, b = self.a_combo.currentIndex(), self.b_combo.currentIndex()
        self._fill_choosers()
        if a >= 0 and b >= 0:
            self.a_combo.setCurrentIndex(a)
            self.b_combo.setCurrentIndex(b)
        self._fill()

    # ---- filling ---------------------------------------------------------------------------

    def _session_label(self, s: SessionSummary) -> str:
        score = "" if s.score is None else format_decimal(s.score, 0)
        return _("{date} · {score} · {level}").format(
            date=format_date(s.held_on), score=score, level=level_label(self._q, s.level)
        )

    def _fill_choosers(self) -> None:
        for combo in (self.a_combo, self.b_combo):
            combo.blockSignals(True)
            combo.clear()
            for s in self._timeline:
                combo.addItem(self._session_label(s), s.id)
            combo.blockSignals(False)
        if self._timeline:
            self.a_combo.setCurrentIndex(max(len(self._timeline) - 2, 0))
            self.b_combo.setCurrentIndex(len(self._timeline) - 1)

    def _fill(self) -> None:
        timeline = self._timeline
        self.stack.setCurrentIndex(1 if timeline else 0)
        if not timeline:
            self.trend_chart.set_data([], [])
            self.blocker_chart.set_data([], [])
            self.radar.set_data([], [])
            self.delta_model.set_items([])
            self.completed_model.set_items([])
            return
        dims = [d.id for d in self._q.dimensions]
        x_labels = [format_date(s.held_on, "short") for s in timeline]
        series = score_series(timeline, dims)
        self.trend_chart.set_title(_("Score per dimension over the sessions"))
        self.trend_chart.set_data(
            x_labels, [Series(dimension_label(self._q, d), tuple(v)) for d, v in series.items()]
        )
        self.blocker_chart.set_title(_("Open blocking items"))
        self.blocker_chart.set_data(
            x_labels,
            [Series(_("Open blockers"), tuple(float(n) for n in blocker_trend(timeline)))],
            maximum=None,
        )
        done = sum(s.actions_done for s in timeline)
        total = sum(s.actions_total for s in timeline)
        days = days_to_ready(timeline)
        ready = level_label(self._q, "ready")
        parts = [
            ngettext("{count} session", "{count} sessions", len(timeline)).format(
                count=format_integer(len(timeline))
            ),
            _("actions done: {done} of {total}").format(
                done=format_integer(done), total=format_integer(total)
            ),
            _("{level} reached after {days} days").format(level=ready, days=format_integer(days))
            if days is not None
            else _("{level} not reached yet").format(level=ready),
        ]
        self.summary_label.setText(" · ".join(parts))
        self._compare()

    def _compare(self) -> None:
        a_id, b_id = self.a_combo.currentData(), self.b_combo.currentData()
        if not a_id or not b_id:
            return
        repo = SessionRepository(self._ctx.store.db)
        a, b = repo.get(str(a_id)), repo.get(str(b_id))
        dims = [d.id for d in self._q.dimensions]
        deltas = dimension_deltas(a.dimensions, b.dimensions, dims)
        self.delta_model.set_items(deltas)
        self.radar.set_title(_("Session A and B per dimension"))
        self.radar.set_data(
            [dimension_label(self._q, d.dim) for d in deltas],
            [
                Series(_("A: {date}").format(date=format_date(a.held_on, "short")),
                       tuple(d.before or 0.0 for d in deltas)),
                Series(_("B: {date}").format(date=format_date(b.held_on, "short")),
                       tuple(d.after or 0.0 for d in deltas)),
            ],
        )  # fmt: skip
        earlier, later = (
            (a, b) if (a.held_on, a.created_at) <= (b.held_on, b.created_at) else (b, a)
        )
        later_q = repo.questionnaire(later.questionnaire_version)
        completed = completed_between(earlier, later, later_q) if earlier.id != later.id else []
        self.completed_model.questionnaire = later_q
        self.completed_model.set_items(completed)
        self.completed_label.setText(
            ngettext(
                "{count} action of the {date} plan completed by {later}:",
                "{count} actions of the {date} plan completed by {later}:",
                len(completed),
            ).format(
                count=format_integer(len(completed)),
                date=format_date(earlier.held_on),
                later=format_date(later.held_on),
            )
        )

    def delta_for(self, dim: str) -> DimensionDelta | None:
        return next((d for d in self.delta_model.items() if d.dim == dim), None)

    # ---- signals ---------------------------------------------------------------------------

    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    def _on_data_replaced(self) -> None:
        self.show_company(self._company_id)
