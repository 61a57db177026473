"""The scenario editor: the scenario's name, currency and start; its SKUs and, per SKU, its
markets; one form per part (SKU, demand and service, lead time, rate cards, simulation and
pallet); and the list of problems validation found, each leading to its field.

The editor keeps the scenario as the JSON mapping ``validate_plan`` reads (see ``document``).
Problems are shown after a Compute or Save; from then on every edit checks the plan again, so a
fixed field loses its message at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.pages.rcep.savings import CURRENCIES, currency_label
from gui.pages.warehouse.document import (
    Doc,
    clone,
    matches,
    new_market,
    new_sku,
    planner_market_codes,
    split_path,
)
from gui.pages.warehouse.fields import Binder, ErrorSlots, error_label, with_error
from gui.pages.warehouse.labels import market_label
from gui.pages.warehouse.lead_time import LeadTimeEditor
from gui.pages.warehouse.market_form import MarketForm
from gui.pages.warehouse.rate_cards import RateCardPanel
from gui.pages.warehouse.settings_form import SettingsForm
from gui.pages.warehouse.sku_form import SkuForm
from services.companies.models import Product
from services.core.clock import local_today
from services.core.errors import FieldError, ValidationError
from services.core.i18n import N_, _, format_integer, ngettext
from services.refdata.reference import ReferenceData
from services.warehouse.models import PlanInput
from services.warehouse.validation import validate_plan

ERROR_BRUSH = QBrush(QColor("#c62828"))
LOCATION_ROLE = int(Qt.ItemDataRole.UserRole) + 1


# What a problem in the list names: the field (longest matching key of the error path).
FIELD_NAMES = {
    "name": N_("Scenario"),
    "currency": N_("Currency"),
    "start_date": N_("Start on"),
    "simulation": N_("Simulation"),
    "pallet": N_("Pallet"),
    "skus": N_("SKUs"),
    "hs": N_("HS code"),
    "unit_cost": N_("Unit cost"),
    "price": N_("Selling price"),
    "unit_weight_kg": N_("Unit weight (kg)"),
    "unit_dims_cm": N_("Unit size (cm)"),
    "carton": N_("Carton"),
    "moq": N_("Minimum order quantity"),
    "max_order": N_("Largest order"),
    "markets": N_("Markets of this SKU"),
    "market": N_("Market"),
    "demand": N_("Demand"),
    "demand.daily_mean": N_("Units a day (mean)"),
    "demand.daily_std": N_("Spread a day (standard deviation)"),
    "demand.history": N_("Sales history"),
    "demand.seasonality": N_("Seasonality (index per month)"),
    "demand.market_size_factor": N_("Market-size factor"),
    "demand.spread_factor": N_("Spread factor"),
    "lead_time": N_("Lead time"),
    "review_period_days": N_("Review period (days)"),
    "service_level": N_("Target service level"),
    "service_type": N_("Measured as"),
    "order_quantity": N_("Order quantity"),
    "opening_stock": N_("Stock at the start"),
    "need_space": N_("Space"),
    "duty_rate_percent": N_("Import duty rate (percent)"),
    "costs": N_("Rate cards"),
}


def field_name(sku: int | None, key: str) -> str:
    """The form label of the field an error path points at ("" when unknown)."""
    if sku is not None and key == "name":
        return _("SKU name")
    found = [k for k in FIELD_NAMES if matches(key, k)]
    return _(FIELD_NAMES[max(found, key=len)]) if found else ""


class Tab:
    SKU = 0
    MARKET = 1
    LEAD_TIME = 2
    RATES = 3
    SETTINGS = 4


def _scroll(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def tab_for(sku: int | None, market: int | None, key: str) -> int | None:
    """Which tab shows the field of an error path (None: the scenario row at the top)."""
    if sku is None:
        return Tab.SETTINGS if key.startswith(("simulation", "pallet")) else None
    if market is None:
        return Tab.SKU
    if key.startswith("lead_time"):
        return Tab.LEAD_TIME
    if key.startswith("costs"):
        return Tab.RATES
    return Tab.MARKET


class PlanEditor(QWidget):
    changed = Signal()

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: Doc | None = None
        self._baseline: Doc | None = None
        self._sku = 0
        self._market = 0
        self._errors: list[FieldError] = []
        self._checking = False  # problems are on show: every edit checks again
        self._filling = False
        self.binder = Binder(self)
        self.top_errors = ErrorSlots()
        self._build(reference)
        self.retranslate()

    # ---- construction ----------------------------------------------------------------------

    def _build(self, reference: ReferenceData) -> None:
        self.name_label = QLabel(self)
        self.name_edit = self.binder.line(QLineEdit(self), "name", "text")
        self.name_edit.setMaxLength(120)
        self.name_error = self.top_errors.add("name", error_label(self))
        self.top_errors.mark("name", self.name_edit)
        self.currency_label = QLabel(self)
        self.currency_combo = QComboBox(self)
        for code in CURRENCIES:
            self.currency_combo.addItem(code, code)
        self.binder.combo(self.currency_combo, "currency", "CNY")
        self.currency_error = self.top_errors.add("currency", error_label(self))
        self.fixed_start_check = QCheckBox(self)
        self.start_edit = QDateEdit(self)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        self.start_error = self.top_errors.add("start_date", error_label(self))
        self.binder.on_load(self._load_start)
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addWidget(with_error(self.name_edit, self.name_error, self), 3)
        top.addWidget(self.currency_label)
        top.addWidget(with_error(self.currency_combo, self.currency_error, self), 2)
        top.addWidget(self.fixed_start_check)
        top.addWidget(with_error(self.start_edit, self.start_error, self))

        left = QWidget(self)
        self.skus_label = QLabel(left)
        self.sku_list = QListWidget(left)
        self.add_sku_button = QPushButton(left)
        self.remove_sku_button = QPushButton(left)
        self.skus_error = error_label(left)
        self.markets_label = QLabel(left)
        self.market_list = QListWidget(left)
        self.add_market_combo = QComboBox(left)
        for code in planner_market_codes():
            self.add_market_combo.addItem(market_label(code), code)
        self.add_market_button = QPushButton(left)
        self.remove_market_button = QPushButton(left)
        self.markets_error = error_label(left)
        sku_buttons = QHBoxLayout()
        sku_buttons.addWidget(self.add_sku_button)
        sku_buttons.addWidget(self.remove_sku_button)
        market_add = QHBoxLayout()
        market_add.addWidget(self.add_market_combo, 1)
        market_add.addWidget(self.add_market_button)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.skus_label)
        left_layout.addWidget(self.sku_list, 1)
        left_layout.addLayout(sku_buttons)
        left_layout.addWidget(self.skus_error)
        left_layout.addWidget(self.markets_label)
        left_layout.addWidget(self.market_list, 1)
        left_layout.addLayout(market_add)
        left_layout.addWidget(self.remove_market_button)
        left_layout.addWidget(self.markets_error)

        self.tabs = QTabWidget(self)
        self.sku_form = SkuForm(reference)
        self.market_form = MarketForm()
        self.lead_time = LeadTimeEditor()
        self.rate_cards = RateCardPanel()
        self.settings_form = SettingsForm()
        self.tabs.addTab(_scroll(self.sku_form, self.tabs), "")
        self.tabs.addTab(_scroll(self.market_form, self.tabs), "")
        self.tabs.addTab(self.lead_time, "")
        self.tabs.addTab(self.rate_cards, "")
        self.tabs.addTab(_scroll(self.settings_form, self.tabs), "")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([230, 800])

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problems_list = QListWidget(self)
        self.problems_list.setMaximumHeight(110)
        self.problems_label.hide()
        self.problems_list.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems_list)

        self.binder.changed.connect(self._on_top_changed)
        self.fixed_start_check.toggled.connect(self._on_start_changed)
        self.start_edit.dateChanged.connect(self._on_start_changed)
        self.sku_list.currentRowChanged.connect(self._on_sku_row_changed)
        self.market_list.currentRowChanged.connect(self._on_market_row_changed)
        self.add_sku_button.clicked.connect(self.add_sku)
        self.remove_sku_button.clicked.connect(self.remove_sku)
        self.add_market_button.clicked.connect(self._on_add_market_clicked)
        self.remove_market_button.clicked.connect(self.remove_market)
        for form in (self.sku_form, self.market_form, self.lead_time, self.rate_cards,
                     self.settings_form):  # fmt: skip
            form.changed.connect(self._on_form_changed)
        self.sku_form.name_changed.connect(self._relabel_lists)
        self.market_form.market_changed.connect(self._on_market_code_changed)
        self.problems_list.itemActivated.connect(self._on_problem_activated)
        self.problems_list.itemClicked.connect(self._on_problem_activated)

    def retranslate(self) -> None:
        self.name_label.setText(_("Scenario"))
        self.name_edit.setPlaceholderText(_("e.g. Sea to Japan, 95%"))
        self.currency_label.setText(_("Currency"))
        for i in range(self.currency_combo.count()):
            self.currency_combo.setItemText(i, currency_label(str(self.currency_combo.itemData(i))))
        self.fixed_start_check.setText(_("Start on"))
        self.fixed_start_check.setToolTip(
            _("Unticked: the plan starts today whenever it is computed")
        )
        self.skus_label.setText(_("SKUs"))
        self.add_sku_button.setText(_("Add SKU"))
        self.remove_sku_button.setText(_("Remove SKU"))
        self.markets_label.setText(_("Markets of this SKU"))
        for i in range(self.add_market_combo.count()):
            self.add_market_combo.setItemText(
                i, market_label(str(self.add_market_combo.itemData(i)))
            )
        self.add_market_button.setText(_("Add market"))
        self.remove_market_button.setText(_("Remove market"))
        for index, text in (
            (Tab.SKU, _("SKU")),
            (Tab.MARKET, _("Demand and service")),
            (Tab.LEAD_TIME, _("Lead time")),
            (Tab.RATES, _("Rate cards")),
            (Tab.SETTINGS, _("Simulation and pallet")),
        ):
            self.tabs.setTabText(index, text)
        for form in (self.sku_form, self.market_form, self.lead_time, self.rate_cards,
                     self.settings_form):  # fmt: skip
            form.retranslate()
        self._relabel_lists()
        if self._errors:
            self.validate()

    # ---- the document ----------------------------------------------------------------------

    def load(self, doc: Doc) -> None:
        self._doc = doc
        self._baseline = clone(doc)
        self._errors = []
        self._checking = False
        self.binder.load(doc)
        self.settings_form.load(doc)
        self.sku_form.set_currency(str(doc.get("currency") or "CNY"))
        self._fill_skus()
        self.select_line(0, 0)
        self._show_errors()

    def doc(self) -> Doc | None:
        return self._doc

    def is_dirty(self) -> bool:
        return self._doc is not None and self._doc != self._baseline

    def mark_saved(self) -> None:
        self._baseline = clone(self._doc) if self._doc is not None else None

    def rename(self, name: str) -> None:
        """The scenario was renamed in the list: show it, without counting it as a change."""
        if self._doc is None:
            return
        self._doc["name"] = name
        if self._baseline is not None:
            self._baseline["name"] = name
        self.name_edit.setText(name)

    def set_products(self, products: Sequence[Product]) -> None:
        self.sku_form.set_products(products)

    def _skus(self) -> list[Doc]:
        if self._doc is None:
            return []
        skus = self._doc.setdefault("skus", [])
        assert isinstance(skus, list)
        return skus

    def _markets(self, sku: int) -> list[Doc]:
        skus = self._skus()
        if not 0 <= sku < len(skus):
            return []
        markets = skus[sku].setdefault("markets", [])
        assert isinstance(markets, list)
        return markets

    def current_sku(self) -> int:
        return self._sku

    def current_market(self) -> int:
        return self._market

    def sku_doc(self) -> Doc | None:
        skus = self._skus()
        return skus[self._sku] if 0 <= self._sku < len(skus) else None

    def market_doc(self) -> Doc | None:
        markets = self._markets(self._sku)
        return markets[self._market] if 0 <= self._market < len(markets) else None

    # ---- lists -----------------------------------------------------------------------------

    def _sku_text(self, index: int, sku: Doc) -> str:
        name = str(sku.get("name") or "").strip()
        if name:
            return name
        return _("SKU {number}").format(number=index + 1)

    def _fill_skus(self) -> None:
        self._filling = True
        try:
            self.sku_list.clear()
            for index, sku in enumerate(self._skus()):
                self.sku_list.addItem(self._sku_text(index, sku))
        finally:
            self._filling = False

    def _fill_markets(self) -> None:
        self._filling = True
        try:
            self.market_list.clear()
            for market in self._markets(self._sku):
                self.market_list.addItem(market_label(str(market.get("market") or "")))
        finally:
            self._filling = False

    @Slot()
    def _relabel_lists(self) -> None:
        for index, sku in enumerate(self._skus()):
            item = self.sku_list.item(index)
            if item is not None:
                item.setText(self._sku_text(index, sku))
        for index, market in enumerate(self._markets(self._sku)):
            item = self.market_list.item(index)
            if item is not None:
                item.setText(market_label(str(market.get("market") or "")))
        self._mark_lists()

    def select_line(self, sku: int, market: int) -> None:
        """Shows SKU ``sku`` and its market ``market`` in the forms."""
        skus = self._skus()
        self._sku = min(max(sku, 0), max(len(skus) - 1, 0))
        markets = self._markets(self._sku)
        self._market = min(max(market, 0), max(len(markets) - 1, 0))
        self._filling = True
        try:
            self.sku_list.setCurrentRow(self._sku if skus else -1)
        finally:
            self._filling = False
        self._fill_markets()
        self._filling = True
        try:
            self.market_list.setCurrentRow(self._market if markets else -1)
        finally:
            self._filling = False
        self.sku_form.load(self.sku_doc())
        market_doc = self.market_doc()
        self.market_form.load(market_doc)
        self.lead_time.load(market_doc)
        self.rate_cards.load(market_doc)
        has_market = market_doc is not None
        for tab in (Tab.MARKET, Tab.LEAD_TIME, Tab.RATES):
            self.tabs.setTabEnabled(tab, has_market)
        self.remove_sku_button.setEnabled(len(skus) > 1)
        self.remove_market_button.setEnabled(len(markets) > 1)
        self._show_errors()

    @Slot(int)
    def _on_sku_row_changed(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.select_line(row, 0)

    @Slot(int)
    def _on_market_row_changed(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.select_line(self._sku, row)

    @Slot()
    def add_sku(self) -> None:
        if self._doc is None:
            return
        market = self.market_doc()
        code = str(market.get("market")) if market else "JP"
        self._skus().append(new_sku(market=code))
        self._fill_skus()
        self.select_line(len(self._skus()) - 1, 0)
        self.tabs.setCurrentIndex(Tab.SKU)
        self.sku_form.name_edit.setFocus()
        self._on_form_changed()

    @Slot()
    def remove_sku(self) -> None:
        skus = self._skus()
        if len(skus) <= 1:
            return
        del skus[self._sku]
        self._fill_skus()
        self.select_line(min(self._sku, len(skus) - 1), 0)
        self._on_form_changed()

    def add_market(self, code: str) -> None:
        markets = self._markets(self._sku)
        if self._doc is None or self.sku_doc() is None:
            return
        existing = [str(m.get("market")) for m in markets]
        if code in existing:
            self.select_line(self._sku, existing.index(code))
            return
        markets.append(new_market(code))
        self.select_line(self._sku, len(markets) - 1)
        self.tabs.setCurrentIndex(Tab.MARKET)
        self._on_form_changed()

    @Slot()
    def _on_add_market_clicked(self) -> None:
        self.add_market(str(self.add_market_combo.currentData()))

    @Slot()
    def remove_market(self) -> None:
        markets = self._markets(self._sku)
        if len(markets) <= 1:
            return
        del markets[self._market]
        self.select_line(self._sku, min(self._market, len(markets) - 1))
        self._on_form_changed()

    # ---- edits -----------------------------------------------------------------------------

    def _load_start(self, doc: Doc) -> None:
        raw = doc.get("start_date")
        day = None
        if isinstance(raw, str):
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                day = None
        shown = day or local_today()
        self.fixed_start_check.blockSignals(True)
        self.start_edit.blockSignals(True)
        self.fixed_start_check.setChecked(day is not None)
        self.start_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.start_edit.setEnabled(day is not None)
        self.fixed_start_check.blockSignals(False)
        self.start_edit.blockSignals(False)

    @Slot()
    def _on_start_changed(self) -> None:
        fixed = self.fixed_start_check.isChecked()
        self.start_edit.setEnabled(fixed)
        value = self.start_edit.date()
        day = date(value.year(), value.month(), value.day())
        self.binder.write("start_date", day.isoformat() if fixed else None)

    @Slot()
    def _on_top_changed(self) -> None:
        if self._doc is not None:
            self.sku_form.set_currency(str(self._doc.get("currency") or "CNY"))
        self._on_form_changed()

    @Slot()
    def _on_market_code_changed(self) -> None:
        market = self.market_doc()
        if market is not None:
            self.lead_time.load(market)
            self.rate_cards.load(market)
        self._relabel_lists()

    @Slot()
    def _on_form_changed(self) -> None:
        if self._checking:
            self.validate()
        self.changed.emit()

    # ---- validation ------------------------------------------------------------------------

    def validate(self) -> PlanInput | None:
        """The plan as the services accept it, or None with every problem shown."""
        if self._doc is None:
            return None
        try:
            plan = validate_plan(self._doc)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        self.show_errors([])
        return plan

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        self._errors = list(errors)
        self._checking = self._checking or bool(errors)
        self._show_errors()
        self._fill_problems()

    def add_errors(self, errors: Sequence[FieldError]) -> None:
        """Problems found outside validation (e.g. the scenario name on save)."""
        self.show_errors([*self._errors, *errors])

    def errors(self) -> list[FieldError]:
        return list(self._errors)

    def _line_errors(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """(plan-level, current SKU, current market) errors, keyed by their relative path."""
        plan: dict[str, str] = {}
        sku: dict[str, str] = {}
        market: dict[str, str] = {}
        for error in self._errors:
            s, m, key = split_path(error.field)
            if s is None:
                plan.setdefault(key, error.message)
            elif s == self._sku and m is None:
                sku.setdefault(key, error.message)
            elif s == self._sku and m == self._market:
                market.setdefault(key, error.message)
        return plan, sku, market

    def _show_errors(self) -> None:
        plan, sku, market = self._line_errors()
        self.top_errors.show(plan)
        self.settings_form.show_errors(plan)
        self.sku_form.show_errors(sku)
        self.market_form.show_errors(market)
        self.lead_time.show_errors(market)
        self.rate_cards.show_errors(market)
        skus_messages = [m for k, m in plan.items() if k == "skus"]
        self.skus_error.setText("\n".join(skus_messages))
        self.skus_error.setVisible(bool(skus_messages))
        market_messages = [m for k, m in sku.items() if k == "markets"]
        self.markets_error.setText("\n".join(dict.fromkeys(market_messages)))
        self.markets_error.setVisible(bool(market_messages))
        self._mark_lists()

    def _mark_lists(self) -> None:
        bad_skus: set[int] = set()
        bad_markets: set[int] = set()
        for error in self._errors:
            s, m, _key = split_path(error.field)
            if s is not None:
                bad_skus.add(s)
                if s == self._sku and m is not None:
                    bad_markets.add(m)
        for widget, bad in ((self.sku_list, bad_skus), (self.market_list, bad_markets)):
            for row in range(widget.count()):
                item = widget.item(row)
                item.setForeground(ERROR_BRUSH if row in bad else QBrush())
                item.setToolTip(_("This entry has problems") if row in bad else "")

    def _location(self, sku: int | None, market: int | None) -> str:
        if sku is None:
            return _("Scenario")
        skus = self._skus()
        name = self._sku_text(sku, skus[sku]) if 0 <= sku < len(skus) else str(sku + 1)
        where = _("SKU “{name}”").format(name=name)
        markets = self._markets(sku)
        if market is not None and 0 <= market < len(markets):
            code = str(markets[market].get("market") or "")
            where = _("{sku}, {market}").format(sku=where, market=market_label(code))
        return where

    def _fill_problems(self) -> None:
        self.problems_list.clear()
        for error in self._errors:
            s, m, key = split_path(error.field)
            where = self._location(s, m)
            name = field_name(s, key)
            if name:
                where = _("{where}, {field}").format(where=where, field=name)
            item = QListWidgetItem(
                _("{where}: {message}").format(where=where, message=error.message)
            )
            item.setData(LOCATION_ROLE, error.field)
            self.problems_list.addItem(item)
        count = len(self._errors)
        self.problems_label.setText(
            ngettext(
                "{count} problem: fix the marked field (click a line to go there).",
                "{count} problems: fix the marked fields (click a line to go there).",
                count,
            ).format(count=format_integer(count))
        )
        self.problems_label.setVisible(bool(count))
        self.problems_list.setVisible(bool(count))

    @Slot(QListWidgetItem)
    def _on_problem_activated(self, item: QListWidgetItem) -> None:
        self.go_to(str(item.data(LOCATION_ROLE)))

    def go_to(self, path: str) -> None:
        """Shows the field of an error path: its SKU, market and tab."""
        sku, market, key = split_path(path)
        if sku is not None:
            self.select_line(sku, market if market is not None else self._market)
        tab = tab_for(sku, market, key)
        if tab is not None:
            self.tabs.setCurrentIndex(tab)

    def field_error(self, path: str) -> str | None:
        """The message shown next to the field of ``path`` (its SKU and market must be on
        show), e.g. ``skus[0].markets[0].service_level``."""
        sku, market, key = split_path(path)
        if sku is None:
            for source in (self.top_errors, self.settings_form.errors):
                found = source.message(key)
                if found:
                    return found
            return None
        if sku != self._sku or (market is not None and market != self._market):
            return None
        if market is None:
            return self.sku_form.error_for(key)
        if key.startswith("lead_time"):
            return self.lead_time.error_text()
        if key.startswith("costs"):
            return self.rate_cards.error.text() if not self.rate_cards.error.isHidden() else None
        return self.market_form.error_for(key)
