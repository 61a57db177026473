"""What a computed scenario shows, per SKU × market: the recommendation in words, the stock
figures (safety stock, reorder point, order-up-to, order quantity, ship-by dates, space, cash),
the cost per unit of each fulfilment mode with its breakdown, the break-even curves by volume
and by unit weight, where the duty and the tax rule come from, and the simulated stock band.

Charts come from ``services.warehouse.charts`` (the same series the PDF report draws); each can
be copied to the clipboard or saved as a PNG.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSize, QStandardPaths, Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.errors import show_error
from gui.models import ListTableModel
from gui.pages.warehouse.fields import HINT_COLOUR, NUMBER_ALIGNMENT
from gui.pages.warehouse.labels import DEMAND_BASIS_LABELS, label, market_label, mode_name
from gui.widgets.charts import (
    Band,
    BandChart,
    Chart,
    CurveChart,
    Mark,
    Series,
    StackedBarChart,
)
from gui.widgets.views import read_only_table
from services.core.errors import DataFileError
from services.core.i18n import (
    N_,
    _,
    format_date,
    format_decimal,
    format_money,
    format_percent,
)
from services.warehouse import charts
from services.warehouse.costs import ModeCost
from services.warehouse.planner import (
    DUTY_ENTERED,
    DUTY_TARIFF,
    MarketResult,
    PlanResult,
)
from services.warehouse.rate_cards import status_label
from services.warehouse.replenishment import ORDER_BASIS_LABELS, OrderPlan, Shipment
from services.warehouse.tax_rules import next_change

MODE_COLOURS = {"direct": 0, "3pl": 1, "fba": 2, "own": 3}
MODE_SHORT = {"direct": N_("Direct"), "3pl": N_("3PL"), "fba": N_("FBA"), "own": N_("Own")}
WARNING_COLOUR = "#b26a00"
EXPORT_SIZE = QSize(1000, 520)
FIGURES = (
    "demand",
    "lead_time",
    "safety_stock",
    "reorder_point",
    "order_up_to",
    "order_quantity",
    "storage",
    "positions",
    "stock",
    "cash",
    "carrying",
    "days_in_stock",
    "fba_window",
    "simulated",
)


def units(value: float) -> str:
    return format_decimal(value, 0)


def days(value: float) -> str:
    return format_decimal(value, 1)


def short_mode(mode: str) -> str:
    return label(MODE_SHORT, mode)


def line_label(result: MarketResult) -> str:
    name = result.sku.name or _("SKU {number}").format(number=result.sku_index + 1)
    return _("{sku} · {market}").format(sku=name, market=market_label(result.market.market))


def _file_name(title: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip(" .")
    return (cleaned or "chart") + ".png"


class ChartBox(QWidget):
    """A chart with "Copy chart" and "Save as PNG…" under it."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        chart.setParent(self)
        self.copy_button = QPushButton(self)
        self.save_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(chart, 1)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save)
        self.retranslate()

    def retranslate(self) -> None:
        self.copy_button.setText(_("Copy chart"))
        self.copy_button.setToolTip(_("Copy the chart as an image, to paste into a document"))
        self.save_button.setText(_("Save as PNG…"))

    def image_size(self) -> QSize:
        shown = self.chart.size()
        if min(shown.width(), shown.height()) < 100:
            return EXPORT_SIZE
        return shown.expandedTo(QSize(800, 420))

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setImage(self.chart.render_to_image(self.image_size()))

    @Slot()
    def save(self) -> Path | None:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = Path(documents or Path.home()) / _file_name(self.chart.title())
        target = dialogs.save_file(self, _("Save chart"), str(suggested), _("PNG images (*.png)"))
        if target is None:
            return None
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        if not self.chart.render_to_image(self.image_size()).save(str(target)):
            show_error(
                self,
                DataFileError(_("The chart could not be saved to {path}.").format(path=target)),
            )
            return None
        return target


class ShipmentsModel(ListTableModel[Shipment]):
    class Col(IntEnum):
        ORDER_BY = 0
        SHIP_BY = 1
        ARRIVE_BY = 2
        QUANTITY = 3
        REORDER = 4

    columns: ClassVar[type[IntEnum]] = Col

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.ORDER_BY: _("Order by"),
            c.SHIP_BY: _("Ship by"),
            c.ARRIVE_BY: _("Needed by"),
            c.QUANTITY: _("Quantity"),
            c.REORDER: _("Reorder level then"),
        }

    @override
    def cell_data(self, item: Shipment, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (c.QUANTITY, c.REORDER):
            return int(NUMBER_ALIGNMENT)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == c.ORDER_BY:
            return format_date(item.order_by)
        if column == c.SHIP_BY:
            return format_date(item.ship_by)
        if column == c.ARRIVE_BY:
            return format_date(item.arrive_by)
        if column == c.QUANTITY:
            return units(item.quantity)
        if column == c.REORDER:
            return units(item.reorder_point)
        return None


@dataclass(frozen=True, slots=True)
class CostLine:
    mode: str
    cost: ModeCost
    per_unit: float | None
    recommended: bool


class CostsModel(ListTableModel[CostLine]):
    class Col(IntEnum):
        MODE = 0
        PER_UNIT = 1
        FIXED = 2
        NOTES = 3

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QWidget | None = None) -> None:
        self.currency = "CNY"
        super().__init__(parent)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.MODE: _("Fulfilment mode"),
            c.PER_UNIT: _("Cost per unit"),
            c.FIXED: _("Fixed per month"),
            c.NOTES: _("Notes"),
        }

    @override
    def cell_data(self, item: CostLine, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (c.PER_UNIT, c.FIXED):
            return int(NUMBER_ALIGNMENT)
        if role == Qt.ItemDataRole.FontRole and item.recommended:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == c.NOTES:
            return self._notes(item) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == c.MODE:
            return mode_name(item.mode)
        if column == c.PER_UNIT:
            return "—" if item.per_unit is None else format_money(item.per_unit, self.currency)
        if column == c.FIXED:
            if not item.cost.available:
                return "—"
            return format_money(item.cost.fixed_monthly, self.currency)
        if column == c.NOTES:
            return self._notes(item)
        return None

    @staticmethod
    def _notes(item: CostLine) -> str:
        if not item.cost.available:
            return item.cost.unavailable_reason or _("Not available in this market")
        return " ".join(item.cost.notes)


def _bold_label(parent: QWidget) -> QLabel:
    label_ = QLabel(parent)
    label_.setWordWrap(True)
    font = label_.font()
    font.setBold(True)
    label_.setFont(font)
    return label_


def _text_label(parent: QWidget, colour: str | None = None) -> QLabel:
    label_ = QLabel(parent)
    label_.setWordWrap(True)
    label_.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour:
        label_.setStyleSheet(f"color: {colour};")
    return label_


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _order_tip(order: OrderPlan) -> str:
    tip = _("Economic order quantity: {eoq} units").format(eoq=units(order.eoq))
    if order.max_cover_days is None:
        return tip
    limit = _("At most {days} days of stock when a shipment lands (the stock-age limit)").format(
        days=days(order.max_cover_days)
    )
    return "\n".join((tip, limit))


class ResultsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: PlanResult | None = None
        self._line: MarketResult | None = None
        self._build()
        self.retranslate()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(f"color: {HINT_COLOUR};")
        content = QWidget(self)
        self.stale_label = _text_label(content, WARNING_COLOUR)
        self.stale_label.hide()
        self.line_label = QLabel(content)
        self.line_combo = QComboBox(content)
        self.line_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.line_combo.setMinimumContentsLength(24)
        line_row = QHBoxLayout()
        line_row.addWidget(self.line_label)
        line_row.addWidget(self.line_combo)
        line_row.addStretch(1)

        self.recommendation_box = QGroupBox(content)
        self.recommendation_label = _bold_label(self.recommendation_box)
        self.reasons_label = _text_label(self.recommendation_box)
        self.warnings_label = _text_label(self.recommendation_box, WARNING_COLOUR)
        rec_layout = QVBoxLayout(self.recommendation_box)
        rec_layout.addWidget(self.recommendation_label)
        rec_layout.addWidget(self.reasons_label)
        rec_layout.addWidget(self.warnings_label)

        self.figures_box = QGroupBox(content)
        grid = QGridLayout(self.figures_box)
        self.figure_names: dict[str, QLabel] = {}
        self.figure_values: dict[str, QLabel] = {}
        for row, key in enumerate(FIGURES):
            name = QLabel(self.figures_box)
            value = _text_label(self.figures_box)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.figure_names[key] = name
            self.figure_values[key] = value
        grid.setColumnStretch(1, 1)

        self.shipments_box = QGroupBox(content)
        self.shipments_model = ShipmentsModel(self)
        self.shipments_table = read_only_table(self.shipments_model, self.shipments_box)
        self.shipments_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.shipments_table.setMinimumHeight(150)
        self.shipments_hint = _text_label(self.shipments_box, HINT_COLOUR)
        ship_layout = QVBoxLayout(self.shipments_box)
        ship_layout.addWidget(self.shipments_hint)
        ship_layout.addWidget(self.shipments_table)

        self.costs_box = QGroupBox(content)
        self.costs_model = CostsModel(self)
        self.costs_table = read_only_table(self.costs_model, self.costs_box, stretch=3)
        self.costs_table.setMinimumHeight(140)
        self.cost_chart = StackedBarChart()
        self.cost_chart_box = ChartBox(self.cost_chart, self.costs_box)
        self.cost_chart_box.setMinimumHeight(360)
        costs_layout = QVBoxLayout(self.costs_box)
        costs_layout.addWidget(self.costs_table)
        costs_layout.addWidget(self.cost_chart_box)

        self.break_even_box = QGroupBox(content)
        self.volume_chart = CurveChart()
        self.volume_chart_box = ChartBox(self.volume_chart, self.break_even_box)
        self.weight_chart = CurveChart()
        self.weight_chart_box = ChartBox(self.weight_chart, self.break_even_box)
        for box in (self.volume_chart_box, self.weight_chart_box):
            box.setMinimumHeight(340)
        self.break_even_label = _text_label(self.break_even_box)
        charts_row = QHBoxLayout()
        charts_row.addWidget(self.volume_chart_box)
        charts_row.addWidget(self.weight_chart_box)
        be_layout = QVBoxLayout(self.break_even_box)
        be_layout.addLayout(charts_row)
        be_layout.addWidget(self.break_even_label)

        self.sources_box = QGroupBox(content)
        self.duty_label = _text_label(self.sources_box)
        self.tax_label = _text_label(self.sources_box)
        self.rates_label = _text_label(self.sources_box, HINT_COLOUR)
        sources_layout = QVBoxLayout(self.sources_box)
        sources_layout.addWidget(self.duty_label)
        sources_layout.addWidget(self.tax_label)
        sources_layout.addWidget(self.rates_label)

        self.stock_box = QGroupBox(content)
        self.stock_chart = BandChart()
        self.stock_chart_box = ChartBox(self.stock_chart, self.stock_box)
        self.stock_chart_box.setMinimumHeight(380)
        self.stock_label = _text_label(self.stock_box, HINT_COLOUR)
        stock_layout = QVBoxLayout(self.stock_box)
        stock_layout.addWidget(self.stock_chart_box)
        stock_layout.addWidget(self.stock_label)

        layout = QVBoxLayout(content)
        layout.addWidget(self.stale_label)
        layout.addLayout(line_row)
        sections = (
            self.recommendation_box,
            self.figures_box,
            self.shipments_box,
            self.costs_box,
            self.break_even_box,
            self.stock_box,
            self.sources_box,
        )
        for widget in sections:
            layout.addWidget(widget)
        layout.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.scroll_area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.line_combo.currentIndexChanged.connect(self._on_line_chosen)

    def retranslate(self) -> None:
        self.empty_label.setText(
            _(
                "Compute the scenario to see stock levels, ship-by dates, space, the cost per "
                "unit of each fulfilment mode and the recommendation."
            )
        )
        self.stale_label.setText(
            _("The inputs changed after this result was computed: compute again to update it.")
        )
        self.line_label.setText(_("SKU and market"))
        self.recommendation_box.setTitle(_("Recommendation"))
        self.figures_box.setTitle(_("Stock, space and cash"))
        names = {
            "demand": _("Demand"),
            "lead_time": _("Lead time"),
            "safety_stock": _("Safety stock"),
            "reorder_point": _("Reorder point"),
            "order_up_to": _("Order-up-to level"),
            "order_quantity": _("Order quantity"),
            "storage": _("Storage space"),
            "positions": _("Pallet positions"),
            "stock": _("Stock on hand"),
            "cash": _("Cash tied up"),
            "carrying": _("Carrying cost"),
            "days_in_stock": _("Days in stock"),
            "fba_window": _("FBA stock window"),
            "simulated": _("Simulated service"),
        }
        for key, text in names.items():
            self.figure_names[key].setText(text)
        self.shipments_box.setTitle(_("Ship-by dates"))
        self.shipments_hint.setText(
            _(
                "Order by: place the purchase order (the whole lead time before the goods are "
                "needed). Ship by: the goods must leave China (transport, clearance and "
                "receiving before they are needed)."
            )
        )
        self.costs_box.setTitle(_("Cost per unit by fulfilment mode"))
        self.break_even_box.setTitle(_("Break-even"))
        self.sources_box.setTitle(_("Duty, tax rule and exchange rates"))
        self.stock_box.setTitle(_("Simulated stock over the year"))
        for box in (self.cost_chart_box, self.volume_chart_box, self.weight_chart_box,
                    self.stock_chart_box):  # fmt: skip
            box.retranslate()
        self.cost_chart.set_empty_text(_("No mode could be priced"))
        self.volume_chart.set_empty_text(_("No curves"))
        self.weight_chart.set_empty_text(_("No curves"))
        self.stock_chart.set_empty_text(_("The simulation is switched off for this scenario"))
        self.shipments_model.retranslate()
        self.costs_model.retranslate()
        self._relabel_lines()
        self._show_line()

    # ---- data ------------------------------------------------------------------------------

    def set_result(self, result: PlanResult | None) -> None:
        self._plan = result
        current = self.line_combo.currentIndex()
        self.line_combo.blockSignals(True)
        self.line_combo.clear()
        for line in result.results if result else ():
            self.line_combo.addItem(line_label(line))
        if result and result.results:
            self.line_combo.setCurrentIndex(current if 0 <= current < len(result.results) else 0)
        self.line_combo.blockSignals(False)
        self.line_combo.setEnabled(bool(result) and len(result.results) > 1 if result else False)
        self.stale_label.hide()
        self.stack.setCurrentIndex(1 if result and result.results else 0)
        self._show_line()

    def result(self) -> PlanResult | None:
        return self._plan

    def line(self) -> MarketResult | None:
        return self._line

    def mark_stale(self, stale: bool = True) -> None:
        self.stale_label.setVisible(stale and self._plan is not None)

    def is_stale(self) -> bool:
        return not self.stale_label.isHidden()

    def select_line(self, index: int) -> None:
        self.line_combo.setCurrentIndex(index)

    def figure(self, key: str) -> str:
        return self.figure_values[key].text()

    def _relabel_lines(self) -> None:
        if self._plan is None:
            return
        for index, line in enumerate(self._plan.results):
            self.line_combo.setItemText(index, line_label(line))

    @Slot(int)
    def _on_line_chosen(self, _index: int) -> None:
        self._show_line()

    def _show_line(self) -> None:
        plan = self._plan
        index = self.line_combo.currentIndex()
        if plan is None or not 0 <= index < len(plan.results):
            self._line = None
            return
        r = self._line = plan.results[index]
        currency = plan.currency
        self._show_recommendation(r)
        self._show_figures(r, currency)
        self.shipments_model.set_items(r.shipments)
        self.costs_model.currency = currency
        self.costs_model.set_items(
            CostLine(m, c, r.per_unit.get(m), m == r.recommendation.mode)
            for m, c in r.costs.items()
        )
        self._show_cost_chart(r, currency)
        self._show_break_even(r, currency)
        self._show_sources(r, plan)
        self._show_stock(r)

    # ---- sections --------------------------------------------------------------------------

    def _show_recommendation(self, r: MarketResult) -> None:
        rec = r.recommendation
        if rec.mode is None:
            self.recommendation_label.setText(_("No recommendation"))
        else:
            self.recommendation_label.setText(
                _("Recommended: {mode}").format(mode=mode_name(rec.mode))
            )
        self.reasons_label.setText(bullets(rec.reasons))
        self.warnings_label.setText(bullets(r.warnings))
        self.warnings_label.setVisible(bool(r.warnings))

    def _set(self, key: str, text: str, tip: str = "") -> None:
        self.figure_values[key].setText(text)
        self.figure_values[key].setToolTip(tip)

    def _show_figures(self, r: MarketResult, currency: str) -> None:
        d, lead, levels, order = r.demand, r.lead_time, r.levels, r.order
        self._set(
            "demand",
            _("{daily} units a day (spread {std}), {monthly} a month; {basis}").format(
                daily=format_decimal(d.daily_mean, 1),
                std=format_decimal(d.daily_std, 1),
                monthly=units(r.monthly_units),
                basis=label(DEMAND_BASIS_LABELS, d.basis),
            ),
        )
        self._set(
            "lead_time",
            _(
                "{mean} days (spread {std}); the goods ship {shipped} days before they are needed"
            ).format(
                mean=days(lead.mean_days), std=days(lead.std_days), shipped=days(lead.shipped_days)
            ),
        )
        self._set(
            "safety_stock",
            _("{units} units ({days} days of demand)").format(
                units=units(levels.safety_stock), days=days(levels.days_of_cover)
            ),
            _(
                "z × √((L + R) × σd² + d̄² × σL²) with z = {z}. Without the lead-time spread "
                "it would be only {textbook} units."
            ).format(z=format_decimal(levels.z, 3), textbook=units(levels.textbook_safety_stock)),
        )
        self._set(
            "reorder_point",
            _("{units} units").format(units=units(levels.reorder_point)),
            _("Order when the stock on hand and on the way falls to this level (d̄ × L + SS)."),
        )
        self._set(
            "order_up_to",
            _("{units} units").format(units=units(levels.order_up_to)),
            _("With a review period: order up to this level (d̄ × (L + R) + SS)."),
        )
        self._set(
            "order_quantity",
            _("{units} units: {basis}; {count} shipments a year, one every {days} days").format(
                units=units(order.quantity),
                basis=label(ORDER_BASIS_LABELS, order.chosen),
                count=format_decimal(order.shipments_per_year, 1),
                days=days(order.cycle_days),
            ),
            _order_tip(order),
        )
        storage = r.storage
        ss = max(levels.safety_stock, 0.0)
        if storage is not None:
            self._set(
                "storage",
                _("{average} cbm on average, {peak} cbm at the peak").format(
                    average=format_decimal(storage.average_cbm, 2),
                    peak=format_decimal(storage.peak_cbm, 2),
                ),
            )
            self._set(
                "positions",
                _("{average} on average, {peak} at the peak ({per} units a pallet)").format(
                    average=format_decimal(storage.average_positions, 1)
                    if storage.units_per_pallet
                    else "—",
                    peak=units(storage.peak_positions),
                    per=units(storage.units_per_pallet),
                ),
            )
            average, peak = storage.average_units, storage.peak_units
        else:
            no_space = _("Not planned (no carton data)")
            self._set("storage", no_space)
            self._set("positions", no_space)
            average, peak = ss + order.quantity / 2, ss + order.quantity
        self._set(
            "stock",
            _(
                "{average} units on average, {peak} at the peak (a shipment on top of the "
                "safety stock)"
            ).format(average=units(average), peak=units(peak)),
        )
        self._set(
            "cash",
            format_money(r.cash_tied_up, currency),
            _("Goods and freight on the way plus the landed value of the average stock"),
        )
        self._set(
            "carrying",
            _("{amount} a year").format(amount=format_money(r.carrying_cost_per_year, currency)),
        )
        self._set("days_in_stock", _("{days} days on average").format(days=days(r.days_in_stock)))
        band = r.corridor
        window = _(
            "{supply} days of supply on average; the oldest units are {age} days old"
        ).format(supply=days(band.average_days_of_supply), age=days(band.max_age_days))
        notes = []
        if band.below_minimum:
            notes.append(_("below 28 days of supply: low-inventory fee"))
        if band.aged:
            notes.append(_("older than 181 days: aged-inventory surcharge"))
        if band.over_utilisation:
            notes.append(_("over 22 weeks of supply: storage-utilisation surcharge"))
        if notes:
            window = _("{window} ({notes})").format(window=window, notes="; ".join(notes))
        self._set("fba_window", window)
        sim = r.simulation
        if sim is None:
            self._set("simulated", _("Not simulated (switched off for this scenario)"))
        else:
            csl = (
                format_percent(sim.cycle_service_level * 100, 1)
                if sim.cycle_service_level is not None
                else "—"
            )
            self._set(
                "simulated",
                _(
                    "Fill rate {fill}, cycle service level {csl}; {days} stock-out days a year "
                    "on average ({paths} simulated paths)"
                ).format(
                    fill=format_percent(sim.fill_rate * 100, 1),
                    csl=csl,
                    days=days(sim.mean_stockout_days),
                    paths=units(sim.paths),
                ),
            )

    def _show_cost_chart(self, r: MarketResult, currency: str) -> None:
        bars = charts.cost_bars(r)
        self.cost_chart.set_title(_("Cost per unit ({currency})").format(currency=currency))
        self.cost_chart.set_data(
            bars.category_labels,
            [Series(s.label, tuple(s.values)) for s in bars.stacks],
            list(bars.totals),
        )

    @staticmethod
    def _show_curves(
        chart: CurveChart, curves: charts.Curves, title: str, value: Callable[[float], str]
    ) -> None:
        """Break-even curves, each crossing labelled "3PL = direct: 62 units"."""
        marks = [
            Mark(c.x, c.y, _("{a} = {b}: {x}").format(
                a=short_mode(c.mode), b=short_mode(c.against), x=value(c.x)))
            for c in curves.crossings
        ]  # fmt: skip
        chart.set_title(title)
        chart.set_data(
            curves.x,
            [Series(s.label, s.values) for s in curves.series],
            marks,
            x_label=curves.x_label,
            y_label=curves.y_label,
            colours=[MODE_COLOURS.get(s.key, 4) for s in curves.series],
        )

    def _show_break_even(self, r: MarketResult, currency: str) -> None:
        self._show_curves(
            self.volume_chart,
            charts.volume_curves(r),
            _("Cost per month against volume ({currency})").format(currency=currency),
            units,
        )
        self._show_curves(
            self.weight_chart,
            charts.weight_curves(r),
            _("Cost per unit against unit weight ({currency})").format(currency=currency),
            lambda kg: _("{kg} kg").format(kg=format_decimal(kg, 2)),
        )
        lines = []
        for b in r.break_even:
            if b.units_per_month is None or b.cheaper_above is None:
                continue
            lines.append(
                _(
                    "{a} and {b} cost the same at {units} units a month; above that, {cheaper} "
                    "is cheaper."
                ).format(
                    a=mode_name(b.mode),
                    b=mode_name(b.against),
                    units=units(b.units_per_month),
                    cheaper=mode_name(b.cheaper_above),
                )
            )
        for w in r.weight_break_even:
            if w.weight_kg is None or w.cheaper_above is None:
                continue
            lines.append(
                _(
                    "{a} and {b} cost the same per unit at {weight} kg; heavier items favour "
                    "{cheaper}."
                ).format(
                    a=mode_name(w.mode),
                    b=mode_name(w.against),
                    weight=format_decimal(w.weight_kg, 2),
                    cheaper=mode_name(w.cheaper_above),
                )
            )
        lines.append(
            _("This plan: {units} units a month, {weight} kg a unit.").format(
                units=units(r.monthly_units), weight=format_decimal(r.sku.unit_weight_kg, 2)
            )
        )
        self.break_even_label.setText(bullets(lines))

    def _show_sources(self, r: MarketResult, plan: PlanResult) -> None:
        duty = r.duty
        rate = format_percent(duty.rate_percent, 2)
        if duty.basis == DUTY_TARIFF:
            text = _("Import duty {rate}: from the tariff data ({source}; line {line}).").format(
                rate=rate, source=duty.source or "—", line=duty.line or "—"
            )
        elif duty.basis == DUTY_ENTERED:
            text = _(
                "Import duty {rate}: the rate you entered (the tariff data have no rate for "
                "this HS code and market)."
            ).format(rate=rate)
        else:
            text = _(
                "Import duty: no tariff data for this HS code and market and no rate entered, "
                "so it is taken as zero."
            )
        if duty.note:
            text = _("{text} {note}").format(text=text, note=duty.note)
        self.duty_label.setText(text)
        tax = r.tax
        since = (
            _("since {date}").format(date=format_date(tax.valid_from))
            if tax.valid_from
            else _("with no start date on file")
        )
        parts = [
            _(
                "Import VAT/GST {rate} on the {basis} value; rule {since} ({status}; source: "
                "{source})."
            ).format(
                rate=format_percent(tax.vat_rate, 1),
                basis=tax.customs_value,
                since=since,
                status=status_label(tax.status),
                source=tax.source,
            )
        ]
        if tax.note:
            parts.append(tax.note)
        change = next_change(r.market.market, plan.start)
        if change is not None:
            parts.append(_("The rule changes on {date}.").format(date=format_date(change)))
        self.tax_label.setText(" ".join(parts))
        if plan.exchange_rates:
            used = [
                _("{currency} = {rate} CNY ({origin}, {date})").format(
                    currency=u.currency,
                    rate=format_decimal(u.cny_per_unit, 4),
                    origin=_("from Settings") if u.origin == "settings" else _("indicative"),
                    date=_rate_date(u.as_of),
                )
                for u in plan.exchange_rates
            ]
            self.rates_label.setText(
                _("Exchange rates used: {rates}. Plan from {start}.").format(
                    rates="; ".join(used), start=format_date(plan.start)
                )
            )
        else:
            self.rates_label.setText(
                _("No exchange rates needed. Plan from {start}.").format(
                    start=format_date(plan.start)
                )
            )

    def _show_stock(self, r: MarketResult) -> None:
        band = charts.stock_band(r)
        self.stock_chart.set_title(_("Stock on hand over the year (units)"))
        if band is None:
            self.stock_chart.clear()
            self.stock_label.setText("")
            return
        index = {d: i for i, d in enumerate(band.dates)}
        ticks = charts.month_ticks(list(band.dates))
        self.stock_chart.set_data(
            band=Band(band.p10.values, band.p90.values, _("P10 to P90 of the simulated paths")),
            middle=Series(band.p50.label, band.p50.values),
            lines=[Series(s.label, s.values) for s in band.lines],
            ticks=ticks,
            shaded=[(index[a], index[b]) for a, b in band.shaded if a in index and b in index],
            shaded_label=_("Q4 (peak storage rates)"),
            markers=[index[d] for d in band.stockout_days if d in index],
            marker_label=_("Stock-out risk of 10 in 100 or more"),
            events=[index[d] for d in band.arrivals if d in index],
            event_label=_("Planned arrivals"),
        )
        out_days = len(band.stockout_days)
        first = _first(band.stockout_days)
        if out_days and first is not None:
            text = _(
                "{count} days with a stock-out risk of 10 in 100 or more, the first on {date}."
            ).format(count=units(out_days), date=format_date(first))
        else:
            text = _("No day with a stock-out risk of 10 in 100 or more.")
        self.stock_label.setText(text)


def _first(days_: Sequence[date]) -> date | None:
    return min(days_) if days_ else None


def _rate_date(as_of: str) -> str:
    """An exchange rate's ISO date in the user's format (as stored if it is not a date)."""
    try:
        return format_date(date.fromisoformat(as_of))
    except ValueError:
        return as_of
