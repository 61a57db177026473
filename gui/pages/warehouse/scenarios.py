"""A company's saved scenarios (name, last change, SKUs, markets and their key figures) with
New, Duplicate, Rename, Delete and Compare; and the side-by-side comparison of two or more.

Key figures come from ``PlanRepository.compare`` (the plans computed without the simulation);
the page runs it in the background and hands the result to :meth:`ScenarioList.set_figures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.models import ListTableModel
from gui.pages.warehouse.fields import HINT_COLOUR, NUMBER_ALIGNMENT
from gui.pages.warehouse.labels import main_mode_name, market_label, mode_name
from gui.widgets.views import read_only_table
from services.core.clock import parse_iso
from services.core.i18n import _, format_datetime, format_decimal, format_money, format_percent
from services.refdata.countries import market_name
from services.warehouse.comparison import TOTAL_FIGURES, align, totals
from services.warehouse.repository import FIGURES, ComparedLine, ComparedPlan, PlanSummary

MONEY_FIGURES = frozenset(
    {"cash_tied_up", "carrying_cost_per_year", "per_unit_direct", "per_unit_3pl",
     "per_unit_fba", "per_unit_own"}
)  # fmt: skip


def figure_text(key: str, value: float | str | None, currency: str) -> str:
    if value is None:
        return "—"
    if key == "recommended":
        return mode_name(str(value))
    if isinstance(value, str):
        return value
    if key in MONEY_FIGURES:
        return format_money(value, currency)
    if key == "simulated_fill_rate":
        return format_percent(value * 100, 1)
    if key in ("storage_cbm", "lead_time_days"):
        return format_decimal(value, 1)
    return format_decimal(value, 0)


def summary_text(plan: ComparedPlan) -> str:
    """The key figures of a scenario in one line (for the list)."""
    parts = []
    for line in plan.lines:
        mode = line.figures.get("recommended")
        cost = line.figures.get(f"per_unit_{mode}") if mode else None
        parts.append(
            _("{market}: {mode} at {cost} a unit, safety stock {ss}").format(
                market=market_name(line.market),
                mode=mode_name(str(mode)) if mode else "—",
                cost=figure_text("per_unit_direct", cost, plan.currency),
                ss=figure_text("safety_stock", line.figures.get("safety_stock"), plan.currency),
            )
        )
    return "; ".join(parts)


class ScenarioModel(ListTableModel[PlanSummary]):
    class Col(IntEnum):
        NAME = 0
        UPDATED = 1
        SKUS = 2
        MARKETS = 3
        FIGURES = 4

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QWidget | None = None) -> None:
        self._figures: dict[str, str] = {}
        super().__init__(parent)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.NAME: _("Scenario"),
            c.UPDATED: _("Changed"),
            c.SKUS: _("SKUs"),
            c.MARKETS: _("Markets"),
            c.FIGURES: _("Key figures"),
        }

    def set_figures(self, figures: Mapping[str, str]) -> None:
        self._figures = dict(figures)
        self.all_changed()

    def figures(self, plan_id: str) -> str | None:
        return self._figures.get(plan_id)

    def row_of(self, plan_id: str) -> int:
        return next((i for i, s in enumerate(self._items) if s.id == plan_id), -1)

    @override
    def cell_data(self, item: PlanSummary, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.ToolTipRole and column == c.FIGURES:
            return self._figures.get(item.id)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == c.NAME:
            return item.name
        if column == c.UPDATED:
            return format_datetime(parse_iso(item.updated_at).astimezone(), "short")
        if column == c.SKUS:
            return str(item.skus)
        if column == c.MARKETS:
            return ", ".join(item.markets)
        if column == c.FIGURES:
            return self._figures.get(item.id, "…")
        return None


class ScenarioList(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()
    duplicate_requested = Signal(str)
    rename_requested = Signal(str)
    delete_requested = Signal(str)
    compare_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_only = False
        self.model = ScenarioModel(self)
        self.view = read_only_table(self.model, self, stretch=self.model.Col.FIGURES)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {HINT_COLOUR};")
        self.new_button = QPushButton(self)
        self.duplicate_button = QPushButton(self)
        self.rename_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.compare_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.rename_button,
                       self.delete_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.doubleClicked.connect(lambda _i: self._emit_for_current(self.open_requested))
        self.view.activated.connect(lambda _i: self._emit_for_current(self.open_requested))
        self.new_button.clicked.connect(self.new_requested)
        for button, signal in (
            (self.duplicate_button, self.duplicate_requested),
            (self.rename_button, self.rename_requested),
            (self.delete_button, self.delete_requested),
        ):
            button.clicked.connect(lambda _checked=False, s=signal: self._emit_for_current(s))
        self.compare_button.clicked.connect(self._on_compare)
        self.retranslate()

    def retranslate(self) -> None:
        self.new_button.setText(_("New scenario"))
        self.duplicate_button.setText(_("Duplicate"))
        self.duplicate_button.setToolTip(_("Copy the scenario, e.g. to try rail instead of sea"))
        self.rename_button.setText(_("Rename…"))
        self.delete_button.setText(_("Delete"))
        self.compare_button.setText(_("Compare"))
        self.compare_button.setToolTip(_("Key figures of the selected scenarios side by side"))
        self.hint.setText(
            _("Double-click a scenario to open it; select two or more (Ctrl+click) to compare.")
        )
        self.model.retranslate()
        self._update_buttons()

    def set_scenarios(self, scenarios: Sequence[PlanSummary], select: str | None = None) -> None:
        self.model.set_items(scenarios)
        if select is not None:
            self.select(select)
        self._update_buttons()

    def set_figures(self, figures: Mapping[str, str]) -> None:
        self.model.set_figures(figures)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def select(self, plan_id: str, *, add: bool = False) -> None:
        row = self.model.row_of(plan_id)
        if row < 0:
            return
        flag = QItemSelectionModel.SelectionFlag
        flags = flag.Rows | (flag.Select if add else flag.ClearAndSelect)
        self.view.selectionModel().select(self.model.index(row, 0), flags)
        self.view.selectionModel().setCurrentIndex(self.model.index(row, 0), flag.NoUpdate)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.item(r).id for r in rows]

    def count(self) -> int:
        return self.model.rowCount()

    def _current_id(self) -> str | None:
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        one = len(ids) == 1
        self.new_button.setEnabled(not self._read_only)
        self.duplicate_button.setEnabled(one and not self._read_only)
        self.rename_button.setEnabled(one and not self._read_only)
        self.delete_button.setEnabled(one and not self._read_only)
        self.compare_button.setEnabled(len(ids) >= 2)

    def _emit_for_current(self, signal: SignalInstance) -> None:
        """``signal`` with the scenario's id, when exactly one is selected."""
        plan_id = self._current_id()
        if plan_id is not None:
            signal.emit(plan_id)

    @Slot()
    def _on_compare(self) -> None:
        ids = self.selected_ids()
        if len(ids) >= 2:
            self.compare_requested.emit(ids)


class CompareView(QWidget):
    """Key figures of two or more scenarios, one column each. Rows follow the SKU: each group
    starts with the market and lane every scenario plans it for (bold when they differ: sea to
    Japan next to rail to the EU), then its figures; scenarios with several lines start with
    their totals (services.warehouse.comparison)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._compared: list[ComparedPlan] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self._fill()

    def set_compared(self, compared: Sequence[ComparedPlan]) -> None:
        self._compared = list(compared)
        self._fill()

    def compared(self) -> list[ComparedPlan]:
        return list(self._compared)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def row_of(self, group: str, figure: str, nth: int = 0) -> int:
        """The row of a figure label in the ``nth`` group of that name (a SKU, or the whole
        scenarios' group), for tests and reading."""
        found = [
            row
            for row in range(self.table.rowCount())
            if self.cell(row, 0) == group and self.cell(row, 1) == figure
        ]
        return found[nth] if nth < len(found) else -1

    def _fill(self) -> None:
        self.table.clear()
        if not self._compared:
            self.intro.setText(_("Select two or more scenarios in the list and press Compare."))
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        self.intro.setText(
            _(
                "Key figures computed now (without the simulation) with today's rate cards "
                "and exchange rates. Each SKU is compared line by line; when the scenarios "
                "plan it for different markets, the market row is in bold."
            )
        )
        self.table.setColumnCount(2 + len(self._compared))
        self.table.setHorizontalHeaderLabels(
            [_("SKU"), _("Figure"), *(p.name for p in self._compared)]
        )
        self.table.setRowCount(0)
        titles = dict(FIGURES)
        if any(len(p.lines) > 1 for p in self._compared):
            whole = _("Whole scenario")
            sums = [totals(p) for p in self._compared]
            counts = [format_decimal(len(p.lines), 0) for p in self._compared]
            self._add_row(whole, _("SKU × market lines"), counts)
            for key in TOTAL_FIGURES:
                texts = [
                    figure_text(key, t[key], p.currency)
                    for t, p in zip(sums, self._compared, strict=True)
                ]
                self._add_row(whole, _("{figure}, total").format(figure=_(titles[key])), texts)
        present = [
            (key, name)
            for key, name in FIGURES
            if any(line.figures.get(key) is not None for p in self._compared for line in p.lines)
        ]
        for aligned in align(self._compared):
            sku = aligned.sku or "—"
            where = [_lane_text(line) if line else "—" for line in aligned.lines]
            self._add_row(sku, _("Market and lane"), where, emphasise=not aligned.same_market)
            for key, name in present:
                texts = [
                    figure_text(key, line.figures.get(key), plan.currency) if line else "—"
                    for line, plan in zip(aligned.lines, self._compared, strict=True)
                ]
                self._add_row(sku, _(name), texts)
        self.table.resizeColumnsToContents()

    def _add_row(
        self, group: str, figure: str, values: Sequence[str], *, emphasise: bool = False
    ) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(group))
        self.table.setItem(row, 1, QTableWidgetItem(figure))
        for column, text in enumerate(values, start=2):
            item = QTableWidgetItem(text)
            item.setTextAlignment(NUMBER_ALIGNMENT)
            if emphasise:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(_("The scenarios plan this SKU for different markets."))
            self.table.setItem(row, column, item)


def _lane_text(line: ComparedLine) -> str:
    if not line.main_mode:
        return market_label(line.market)
    return _("{market} · {lane}").format(
        market=market_label(line.market), lane=main_mode_name(line.main_mode)
    )
