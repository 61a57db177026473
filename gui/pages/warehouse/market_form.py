"""One market of a SKU: demand (a mean and spread, or a pasted sales history; monthly
seasonality; analogue factors for a new market), the service target and review period, the
order and opening quantities, and the duty and tax settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.pages.warehouse.document import (
    Doc,
    history_text,
    number_value,
    parse_history,
    plain,
    planner_market_codes,
)
from gui.pages.warehouse.fields import (
    Binder,
    ErrorSlots,
    error_label,
    hint_label,
    number_edit,
    with_error,
)
from gui.pages.warehouse.labels import (
    HISTORY_PERIOD_LABELS,
    SERVICE_TYPE_LABELS,
    label,
    market_label,
)
from services.core.i18n import _, babel_locale, format_integer, ngettext
from services.warehouse.models import HISTORY_PERIODS, SERVICE_TYPES


def month_names() -> list[str]:
    names = babel_locale().months["format"]["abbreviated"]
    return [str(names[m]) for m in range(1, 13)]


class MarketForm(QWidget):
    changed = Signal()
    market_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.binder = Binder(self)
        self.errors = ErrorSlots()
        self._build()
        self.binder.changed.connect(self.changed)
        self.retranslate()

    # ---- construction ----------------------------------------------------------------------

    def _line(
        self, key: str, kind: str, parent: QWidget, width: int = 110
    ) -> tuple[QLineEdit, QWidget]:
        edit = self.binder.line(number_edit(parent, width), key, kind)
        error = self.errors.add(key, error_label(parent))
        self.errors.mark(key, edit)
        return edit, with_error(edit, error, parent)

    def _build(self) -> None:
        self.market_label = QLabel(self)
        self.market_combo = QComboBox(self)
        for code in planner_market_codes():
            self.market_combo.addItem(market_label(code), code)
        self.binder.combo(self.market_combo, "market", "JP")
        self.market_error = self.errors.add("market", error_label(self), exact=True)
        market_row = QHBoxLayout()
        market_row.addWidget(self.market_label)
        market_row.addWidget(self.market_combo)
        market_row.addStretch(1)

        self._build_demand()
        self._build_service()
        self._build_taxes()

        layout = QVBoxLayout(self)
        layout.addLayout(market_row)
        layout.addWidget(self.market_error)
        layout.addWidget(self.demand_box)
        layout.addWidget(self.service_box)
        layout.addWidget(self.tax_box)
        layout.addStretch(1)

        self.market_combo.activated.connect(lambda _i: self.market_changed.emit())

    def _build_demand(self) -> None:
        box = self.demand_box = QGroupBox(self)
        self.mean_radio = QRadioButton(box)
        self.history_radio = QRadioButton(box)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.mean_radio)
        self.mode_group.addButton(self.history_radio)
        modes = QHBoxLayout()
        modes.addWidget(self.mean_radio)
        modes.addWidget(self.history_radio)
        modes.addStretch(1)

        self.mean_panel = QWidget(box)
        self.daily_mean_label = QLabel(self.mean_panel)
        self.daily_mean_edit = number_edit(self.mean_panel)
        self.daily_mean_error = self.errors.add("demand.daily_mean", error_label(self.mean_panel))
        self.errors.mark("demand.daily_mean", self.daily_mean_edit)
        self.daily_std_label = QLabel(self.mean_panel)
        self.daily_std_edit = number_edit(self.mean_panel)
        self.daily_std_error = self.errors.add("demand.daily_std", error_label(self.mean_panel))
        self.errors.mark("demand.daily_std", self.daily_std_edit)
        mean_form = QFormLayout(self.mean_panel)
        mean_form.setContentsMargins(0, 0, 0, 0)
        mean_form.addRow(
            self.daily_mean_label, with_error(self.daily_mean_edit, self.daily_mean_error)
        )
        mean_form.addRow(
            self.daily_std_label, with_error(self.daily_std_edit, self.daily_std_error)
        )

        self.history_panel = QWidget(box)
        self.period_label = QLabel(self.history_panel)
        self.period_combo = QComboBox(self.history_panel)
        for period in HISTORY_PERIODS:
            self.period_combo.addItem("", period)
        self.history_edit = QPlainTextEdit(self.history_panel)
        self.history_edit.setMaximumHeight(110)
        self.history_count = hint_label(self.history_panel)
        self.history_error = self.errors.add("demand.history", error_label(self.history_panel))
        # With an empty history the services ask for a mean: say it where the user looks.
        self.errors.add("demand.daily_mean", self.history_error)
        self.errors.add("demand.history_period", self.history_error)
        history_layout = QVBoxLayout(self.history_panel)
        history_layout.setContentsMargins(0, 0, 0, 0)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_label)
        period_row.addWidget(self.period_combo)
        period_row.addStretch(1)
        history_layout.addLayout(period_row)
        history_layout.addWidget(self.history_edit)
        history_layout.addWidget(self.history_count)
        history_layout.addWidget(self.history_error)

        self.season_label = QLabel(box)
        self.season_edits = [number_edit(box, 60) for _ in range(12)]
        self.season_captions = [QLabel(box) for _ in range(12)]
        self.season_error = self.errors.add("demand.seasonality", error_label(box))
        self.season_clear = QPushButton(box)
        season_grid = QGridLayout()
        for index, (caption, edit) in enumerate(
            zip(self.season_captions, self.season_edits, strict=True)
        ):
            self.errors.mark(f"demand.seasonality[{index}]", edit)
            row, column = divmod(index, 6)
            season_grid.addWidget(caption, row * 2, column)
            season_grid.addWidget(edit, row * 2 + 1, column)
        season_grid.addWidget(self.season_clear, 3, 6)
        season_grid.setColumnStretch(7, 1)
        self.season_hint = hint_label(box)

        self.size_factor_label = QLabel(box)
        self.size_factor_edit = number_edit(box, 80)
        self.spread_factor_label = QLabel(box)
        self.spread_factor_edit = number_edit(box, 80)
        self.factor_error = self.errors.add("demand.market_size_factor", error_label(box))
        self.errors.add("demand.spread_factor", self.factor_error)
        self.errors.mark("demand.market_size_factor", self.size_factor_edit)
        self.errors.mark("demand.spread_factor", self.spread_factor_edit)
        factors = QHBoxLayout()
        factors.addWidget(self.size_factor_label)
        factors.addWidget(self.size_factor_edit)
        factors.addSpacing(16)
        factors.addWidget(self.spread_factor_label)
        factors.addWidget(self.spread_factor_edit)
        factors.addStretch(1)

        layout = QVBoxLayout(box)
        layout.addLayout(modes)
        layout.addWidget(self.mean_panel)
        layout.addWidget(self.history_panel)
        layout.addWidget(self.season_label)
        layout.addLayout(season_grid)
        layout.addWidget(self.season_hint)
        layout.addWidget(self.season_error)
        layout.addLayout(factors)
        layout.addWidget(self.factor_error)

        for edit in (self.daily_mean_edit, self.daily_std_edit, self.size_factor_edit,
                     self.spread_factor_edit, *self.season_edits):  # fmt: skip
            edit.textEdited.connect(self._store_demand)
        self.history_edit.textChanged.connect(self._on_history_changed)
        self.period_combo.activated.connect(self._store_demand)
        self.mean_radio.toggled.connect(self._on_mode_toggled)
        self.season_clear.clicked.connect(self._on_clear_season)
        self.binder.on_load(self._load_demand)

    def _build_service(self) -> None:
        box = self.service_box = QGroupBox(self)
        self.service_level_label = QLabel(box)
        self.service_level_edit, level_cell = self._line("service_level", "share", box)
        self.service_type_label = QLabel(box)
        self.service_type_combo = QComboBox(box)
        for key in SERVICE_TYPES:
            self.service_type_combo.addItem("", key)
        self.binder.combo(self.service_type_combo, "service_type", "cycle")
        self.review_label = QLabel(box)
        self.review_edit, review_cell = self._line("review_period_days", "number", box)
        self.quantity_label = QLabel(box)
        self.quantity_edit, quantity_cell = self._line("order_quantity", "integer", box)
        self.opening_label = QLabel(box)
        self.opening_edit, opening_cell = self._line("opening_stock", "number", box)
        self.space_check = self.binder.check(QCheckBox(box), "need_space", True)
        self.space_error = self.errors.add("need_space", error_label(box))
        form = QFormLayout(box)
        form.addRow(self.service_level_label, level_cell)
        form.addRow(self.service_type_label, self.service_type_combo)
        form.addRow(self.review_label, review_cell)
        form.addRow(self.quantity_label, quantity_cell)
        form.addRow(self.opening_label, opening_cell)
        form.addRow(with_error(self.space_check, self.space_error, box))

    def _build_taxes(self) -> None:
        box = self.tax_box = QGroupBox(self)
        self.duty_label = QLabel(box)
        self.duty_edit, duty_cell = self._line("duty_rate_percent", "money", box)
        self.duty_hint = hint_label(box)
        self.rcep_check = self.binder.check(QCheckBox(box), "rcep_preference", False)
        self.vat_check = self.binder.check(QCheckBox(box), "vat_registered", False)
        form = QFormLayout(box)
        form.addRow(self.duty_label, duty_cell)
        form.addRow(self.duty_hint)
        form.addRow(self.rcep_check)
        form.addRow(self.vat_check)

    def retranslate(self) -> None:
        self.market_label.setText(_("Market"))
        for i in range(self.market_combo.count()):
            self.market_combo.setItemText(i, market_label(str(self.market_combo.itemData(i))))
        self.demand_box.setTitle(_("Demand"))
        self.mean_radio.setText(_("Mean and spread per day"))
        self.history_radio.setText(_("Sales history"))
        self.daily_mean_label.setText(_("Units a day (mean)"))
        self.daily_mean_edit.setPlaceholderText(_("e.g. 20"))
        self.daily_std_label.setText(_("Spread a day (standard deviation)"))
        self.daily_std_edit.setPlaceholderText(_("e.g. 6"))
        self.period_label.setText(_("The values are"))
        for i in range(self.period_combo.count()):
            self.period_combo.setItemText(
                i, label(HISTORY_PERIOD_LABELS, str(self.period_combo.itemData(i)))
            )
        self.history_edit.setPlaceholderText(
            _(
                "Paste a column from a spreadsheet: one value per line, oldest first. "
                "Mark out-of-stock periods with - (they are left out)."
            )
        )
        self.season_label.setText(_("Seasonality (index per month)"))
        for caption, name in zip(self.season_captions, month_names(), strict=True):
            caption.setText(name)
        self.season_clear.setText(_("Flat"))
        self.season_clear.setToolTip(_("Clear the indices: the same demand every month"))
        self.season_hint.setText(
            _(
                "An index of 1.5 means half as much again as an average month. Leave all "
                "empty for flat demand; a monthly history of a year or more gives them itself."
            )
        )
        self.size_factor_label.setText(_("Market-size factor"))
        self.size_factor_edit.setPlaceholderText("1")
        self.size_factor_edit.setToolTip(
            _("For a new market: the analogue SKU's demand times this factor")
        )
        self.spread_factor_label.setText(_("Spread factor"))
        self.spread_factor_edit.setPlaceholderText("1")
        self.spread_factor_edit.setToolTip(
            _("For a new market: widen the spread (1.5 = half as much again)")
        )
        self.service_box.setTitle(_("Service and ordering"))
        self.service_level_label.setText(_("Target service level"))
        self.service_level_edit.setPlaceholderText(_("e.g. 0.95"))
        self.service_level_edit.setToolTip(
            _("Between 0 and 1, e.g. 0.95 (you may also type {example})").format(example="95%")
        )
        self.service_type_label.setText(_("Measured as"))
        for i in range(self.service_type_combo.count()):
            self.service_type_combo.setItemText(
                i, label(SERVICE_TYPE_LABELS, str(self.service_type_combo.itemData(i)))
            )
        self.review_label.setText(_("Review period (days)"))
        self.review_edit.setPlaceholderText(_("0 = continuous"))
        self.review_edit.setToolTip(
            _("How often you check stock and order; 0 means you order as soon as it is needed")
        )
        self.quantity_label.setText(_("Order quantity"))
        self.quantity_edit.setPlaceholderText(_("cheapest"))
        self.quantity_edit.setToolTip(
            _("Leave empty to let the planner choose the cheapest shipment size")
        )
        self.opening_label.setText(_("Stock at the start"))
        self.opening_edit.setPlaceholderText(_("safety stock + one order"))
        self.space_check.setText(_("Plan space (cbm and pallet positions; needs the carton)"))
        self.tax_box.setTitle(_("Duty and taxes"))
        self.duty_label.setText(_("Import duty rate (percent)"))
        self.duty_edit.setPlaceholderText(_("from the tariff data"))
        self.duty_hint.setText(
            _(
                "The tariff data give the rate when they cover the SKU's HS code in this "
                "market; the rate entered here is used otherwise."
            )
        )
        self.rcep_check.setText(_("The goods qualify as RCEP-originating (preferential rate)"))
        self.vat_check.setText(_("Registered for import VAT/GST here (reclaimable)"))
        self._update_history_count()

    # ---- demand ----------------------------------------------------------------------------

    def _load_demand(self, doc: Doc) -> None:
        demand = doc.get("demand") or {}
        history = demand.get("history") or []
        self.history_radio.setChecked(bool(history))
        self.mean_radio.setChecked(not history)
        self._show_mode()
        self.daily_mean_edit.setText(plain(demand.get("daily_mean")))
        self.daily_std_edit.setText(plain(demand.get("daily_std")))
        self.history_edit.blockSignals(True)
        self.history_edit.setPlainText(history_text(history))
        self.history_edit.blockSignals(False)
        index = self.period_combo.findData(demand.get("history_period") or "day")
        self.period_combo.setCurrentIndex(max(index, 0))
        season = demand.get("seasonality") or [None] * 12
        for edit, value in zip(self.season_edits, [*season, *[None] * 12][:12], strict=True):
            edit.setText(plain(value))
        size = demand.get("market_size_factor")
        spread = demand.get("spread_factor")
        self.size_factor_edit.setText("" if size in (None, 1, 1.0) else plain(size))
        self.spread_factor_edit.setText("" if spread in (None, 1, 1.0) else plain(spread))
        self._update_history_count()

    def _demand(self) -> dict[str, Any]:
        demand: dict[str, Any] = {}
        if self.history_radio.isChecked():
            demand["history"] = parse_history(self.history_edit.toPlainText())
            demand["history_period"] = self.period_combo.currentData() or "day"
        else:
            demand["daily_mean"] = number_value(self.daily_mean_edit.text())
            demand["daily_std"] = number_value(self.daily_std_edit.text())
        season = [number_value(edit.text()) for edit in self.season_edits]
        if any(v is not None for v in season):
            demand["seasonality"] = season
        for key, edit in (("market_size_factor", self.size_factor_edit),
                          ("spread_factor", self.spread_factor_edit)):  # fmt: skip
            value = number_value(edit.text())
            if value is not None:
                demand[key] = value
        return demand

    @Slot()
    def _store_demand(self) -> None:
        self.binder.write("demand", self._demand())

    def _show_mode(self) -> None:
        history = self.history_radio.isChecked()
        self.mean_panel.setVisible(not history)
        self.history_panel.setVisible(history)

    @Slot(bool)
    def _on_mode_toggled(self, _on: bool) -> None:
        self._show_mode()
        self._store_demand()

    @Slot()
    def _on_history_changed(self) -> None:
        self._update_history_count()
        self._store_demand()

    @Slot()
    def _on_clear_season(self) -> None:
        for edit in self.season_edits:
            edit.clear()
        self._store_demand()

    def _update_history_count(self) -> None:
        values = parse_history(self.history_edit.toPlainText())
        gaps = sum(1 for v in values if v is None)
        text = ngettext("{count} value", "{count} values", len(values)).format(
            count=format_integer(len(values))
        )
        if gaps:
            text = _("{values}, {gaps} out of stock").format(values=text, gaps=format_integer(gaps))
        self.history_count.setText(text)

    # ---- state -----------------------------------------------------------------------------

    def load(self, doc: Doc | None) -> None:
        self.binder.load(doc)

    def market(self) -> str:
        return str(self.market_combo.currentData() or "")

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        return self.errors.show(errors)

    def error_for(self, key: str) -> str | None:
        return self.errors.message(key)
