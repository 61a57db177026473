"""The savings calculator: what RCEP saves on one shipment, this year and each following year of
the staging path, with a bar chart of the saving per year.

The embedding page calls :meth:`SavingsPanel.set_line` (HS code, importing and exporting Party,
date) and :meth:`SavingsPanel.retranslate` after a language switch.

Service calls (quick, on the GUI thread with ``ctx.store.db``): ``services.rcep.tariffs.lookup``
on ``set_line``; ``services.rcep.savings.savings`` on every change of value, currency or rate;
``attach_note`` (``CompanyRepository.save``) when a result is attached to a company's product —
then ``ctx.hub.companies_changed`` and ``status_message`` are emitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.errors import show_error
from gui.models import ListTableModel
from gui.widgets.charts import BarChart, Series
from gui.widgets.company_picker import CompanyCombo, product_label
from gui.widgets.number_text import parse_number
from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import AppError, FieldError, ValidationError
from services.core.i18n import _, babel_locale, format_date, format_money, format_percent
from services.rcep.parties import PARTIES
from services.rcep.savings import SavingsResult, YearSaving, attach_note, savings, savings_note
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult, LookupResult, lookup

CURRENCIES = ("CNY", "USD", "EUR", "JPY", "KRW", "AUD", "NZD", "SGD", "THB", "VND", "MYR",
              "IDR", "PHP", "HKD", "GBP")  # fmt: skip


def currency_label(code: str) -> str:
    return f"{code} — {babel_locale().currencies.get(code, code)}"


def rate_text(rate: Any) -> str:
    if rate is None:
        return "—"
    if rate.excluded:
        return _("U (excluded)")
    if rate.percent is not None:
        return format_percent(rate.percent, 1)
    return str(rate.text or "")


class YearsModel(ListTableModel[YearSaving]):
    class Col(IntEnum):
        YEAR = 0
        DATES = 1
        MFN = 2
        RCEP = 3
        SAVING = 4
        SAVING_CNY = 5
        NOTE = 6

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QWidget | None = None) -> None:
        self._currency = "CNY"
        self._result: SavingsResult | None = None
        super().__init__(parent)

    def set_result(self, result: SavingsResult | None) -> None:
        self._result = result
        self._currency = result.currency if result else "CNY"
        self.set_items(result.years if result else ())

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.YEAR: _("RCEP year"),
            c.DATES: _("Dates"),
            c.MFN: _("MFN duty"),
            c.RCEP: _("RCEP duty"),
            c.SAVING: _("Saving"),
            c.SAVING_CNY: _("Saving in CNY"),
            c.NOTE: _("Note"),
        }

    def _money(self, amount: Decimal | None, rate: Any) -> str:
        if amount is None:
            return "—"
        return _("{amount} ({rate})").format(
            amount=format_money(amount, self._currency), rate=rate_text(rate)
        )

    @override
    def cell_data(self, item: YearSaving, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (c.MFN, c.RCEP, c.SAVING,
                                                                    c.SAVING_CNY):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == c.NOTE:
            return item.note or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == c.YEAR:
            return _("Year {number}").format(number=item.year)
        if column == c.DATES:
            return _("{start} – {end}").format(
                start=format_date(item.start), end=format_date(item.end)
            )
        if column == c.MFN:
            return self._money(item.mfn_duty, item.mfn_rate)
        if column == c.RCEP:
            return self._money(item.applied_duty, item.applied_rate)
        if column == c.SAVING:
            return "—" if item.saving is None else format_money(item.saving, self._currency)
        if column == c.SAVING_CNY:
            cny = self._result.in_cny(item.saving) if self._result else None
            return "—" if cny is None else format_money(cny, "CNY")
        if column == c.NOTE:
            return item.note
        return None


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    label.hide()
    return label


class SavingsPanel(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._lookup: LookupResult | None = None
        self._hs = ""
        self._result: SavingsResult | None = None
        self._error: str | None = None  # the lookup's message (no exception: no cycles)
        self._build()
        self.retranslate()
        self._recalculate()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.line_box = QGroupBox(self)
        self.hs_label = QLabel(self.line_box)
        self.hs_edit = QLineEdit(self.line_box)
        self.importing_label = QLabel(self.line_box)
        self.importing_combo = QComboBox(self.line_box)
        self.exporting_label = QLabel(self.line_box)
        self.exporting_combo = QComboBox(self.line_box)
        for code in sorted(PARTIES):
            self.importing_combo.addItem(code, code)
            self.exporting_combo.addItem(code, code)
        self.date_label = QLabel(self.line_box)
        self.date_edit = QDateEdit(self.line_box)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(_qdate(local_today()))
        self.lookup_button = QPushButton(self.line_box)
        self.national_label = QLabel(self.line_box)
        self.national_combo = QComboBox(self.line_box)
        self.national_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.national_combo.setMinimumContentsLength(30)
        self.line_info = QLabel(self.line_box)
        self.line_info.setWordWrap(True)
        self.line_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self.line_box)
        grid.addWidget(self.hs_label, 0, 0)
        grid.addWidget(self.hs_edit, 0, 1)
        grid.addWidget(self.importing_label, 0, 2)
        grid.addWidget(self.importing_combo, 0, 3)
        grid.addWidget(self.exporting_label, 0, 4)
        grid.addWidget(self.exporting_combo, 0, 5)
        grid.addWidget(self.date_label, 0, 6)
        grid.addWidget(self.date_edit, 0, 7)
        grid.addWidget(self.lookup_button, 0, 8)
        grid.addWidget(self.national_label, 1, 0)
        grid.addWidget(self.national_combo, 1, 1, 1, 8)
        grid.addWidget(self.line_info, 2, 0, 1, 9)

        self.shipment_box = QGroupBox(self)
        self.value_edit = QLineEdit(self.shipment_box)
        self.value_edit.setText("100000")
        self.value_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.value_error = _error_label(self.shipment_box)
        self.currency_combo = QComboBox(self.shipment_box)
        for code in CURRENCIES:
            self.currency_combo.addItem(code, code)
        self.currency_error = _error_label(self.shipment_box)
        self._rate_from_settings = False  # the rate field holds the Settings rate
        self.rate_edit = QLineEdit(self.shipment_box)
        self.rate_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rate_date_edit = QDateEdit(self.shipment_box)
        self.rate_date_edit.setCalendarPopup(True)
        self.rate_date_edit.setDisplayFormat("yyyy-MM-dd")
        self.rate_date_edit.setDate(_qdate(local_today()))
        self.rate_on_label = QLabel(self.shipment_box)
        self.rate_error = _error_label(self.shipment_box)
        self.value_label = QLabel(self.shipment_box)
        self.currency_label = QLabel(self.shipment_box)
        self.rate_label = QLabel(self.shipment_box)
        form = QFormLayout(self.shipment_box)
        form.addRow(self.value_label, _column(self.value_edit, self.value_error))
        form.addRow(self.currency_label, _column(self.currency_combo, self.currency_error))
        rate_row = QWidget(self.shipment_box)
        rate_layout = QHBoxLayout(rate_row)
        rate_layout.setContentsMargins(0, 0, 0, 0)
        rate_layout.addWidget(self.rate_edit, 1)
        rate_layout.addWidget(self.rate_on_label)
        rate_layout.addWidget(self.rate_date_edit)
        form.addRow(self.rate_label, _column(rate_row, self.rate_error))

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = YearsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.chart = BarChart(self)
        self.attach_button = QPushButton(self)
        self.attached_label = QLabel(self)
        self.attached_label.setWordWrap(True)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attached_label, 1)
        buttons.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.line_box)
        layout.addWidget(self.shipment_box)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.lookup_button.clicked.connect(self._on_lookup_clicked)
        self.hs_edit.returnPressed.connect(self._on_lookup_clicked)
        self.national_combo.currentIndexChanged.connect(self._recalculate)
        self.value_edit.textChanged.connect(self._recalculate)
        self.currency_combo.currentIndexChanged.connect(self._on_currency_changed)
        self.rate_edit.textChanged.connect(self._recalculate)
        self.rate_edit.textEdited.connect(self._on_rate_typed)
        self.rate_date_edit.dateChanged.connect(self._recalculate)
        self.attach_button.clicked.connect(self._on_attach)
        self._on_currency_changed()

    def retranslate(self) -> None:
        self.line_box.setTitle(_("Tariff line"))
        self.hs_label.setText(_("HS code"))
        self.hs_edit.setPlaceholderText(_("e.g. 6109.10"))
        self.importing_label.setText(_("Into"))
        self.exporting_label.setText(_("From"))
        self.date_label.setText(_("Date"))
        self.lookup_button.setText(_("Look up"))
        self.national_label.setText(_("National line"))
        for combo in (self.importing_combo, self.exporting_combo):
            for i in range(combo.count()):
                code = combo.itemData(i)
                combo.setItemText(i, f"{code} — {PARTIES[code].name()}")
        self.shipment_box.setTitle(_("Shipment"))
        self.value_label.setText(_("Value"))
        self.value_edit.setPlaceholderText(_("e.g. 100000"))
        self.currency_label.setText(_("Currency"))
        for i in range(self.currency_combo.count()):
            self.currency_combo.setItemText(i, currency_label(self.currency_combo.itemData(i)))
        self.rate_label.setText(_("Exchange rate to CNY"))
        self.rate_edit.setPlaceholderText(_("CNY per unit, e.g. 7.1"))
        self.rate_on_label.setText(_("on"))
        self.attach_button.setText(_("Attach to a company product…"))
        self.attach_button.setToolTip(
            _("Adds a dated line with this result to the notes of a product of a company.")
        )
        self.chart.set_empty_text(_("No saving to chart"))
        self.model.retranslate()
        self._fill_lines()
        self._recalculate()

    # ---- the line --------------------------------------------------------------------------

    def set_line(self, hs_code: str, importing: str, exporting: str, day: date) -> None:
        self.hs_edit.setText(hs_code)
        _select(self.importing_combo, importing)
        _select(self.exporting_combo, exporting)
        self.date_edit.setDate(_qdate(day))
        self._look_up()

    def day(self) -> date:
        return _pydate(self.date_edit.date())

    @Slot()
    def _on_lookup_clicked(self) -> None:
        self._look_up()

    def _look_up(self) -> None:
        self._hs = self.hs_edit.text().strip()
        self._lookup = None
        self._error = None
        try:
            self._lookup = lookup(
                TariffRepository(self._ctx.store.db),
                self._hs,
                str(self.importing_combo.currentData()),
                str(self.exporting_combo.currentData()),
                self.day(),
            )
        except AppError as exc:
            self._error = exc.message
        self._fill_lines(fresh=True)
        self._recalculate()

    def _fill_lines(self, *, fresh: bool = False) -> None:
        """The national lines of the lookup; a fresh lookup selects the largest margin."""
        current = self.national_combo.currentIndex()
        lines = self._lookup.lines if self._lookup else ()
        self.national_combo.blockSignals(True)
        self.national_combo.clear()
        for line in lines:
            self.national_combo.addItem(f"{line.line} — {line.description}", line.line)
        if lines:
            margins = [line.margin if line.margin is not None else Decimal(-1) for line in lines]
            best = margins.index(max(margins))
            self.national_combo.setCurrentIndex(best if fresh or current < 0 else current)
        self.national_combo.blockSignals(False)
        self.national_combo.setEnabled(self.national_combo.count() > 1)
        self._show_line_info()

    def current_line(self) -> LineResult | None:
        if self._lookup is None or not self._lookup.lines:
            return None
        index = max(self.national_combo.currentIndex(), 0)
        return self._lookup.lines[min(index, len(self._lookup.lines) - 1)]

    def _show_line_info(self) -> None:
        line = self.current_line()
        if self._error is not None:
            self.line_info.setText(self._error)
            return
        if self._lookup is None:
            self.line_info.setText(_("Enter an HS code and the Parties, then look up the line."))
            return
        if line is None:
            self.line_info.setText(_("No tariff line matches."))
            return
        year = self._lookup.year
        parts = [
            _("RCEP year {number} of {party}: {start} – {end}.").format(
                number=year.number, party=PARTIES[year.party].name(),
                start=format_date(year.start), end=format_date(year.end),
            ),
            _("MFN {mfn}, RCEP {rcep}, applied {applied}.").format(
                mfn=rate_text(line.mfn), rcep=rate_text(line.rcep),
                applied=rate_text(line.applied),
            ),
        ]  # fmt: skip
        if line.final is not None and line.final_year is not None:
            parts.append(
                _("Final rate {rate} in year {year}.").format(
                    rate=rate_text(line.final), year=line.final_year
                )
            )
        source = line.source or line.mfn_source
        if source is not None:
            parts.append(
                _("Source: {title} ({edition}).").format(
                    title=source.title, edition=source.edition_date
                )
            )
        self.line_info.setText(" ".join(parts))

    # ---- the calculation -------------------------------------------------------------------

    @Slot()
    def _on_currency_changed(self) -> None:
        currency = str(self.currency_combo.currentData())
        is_cny = currency == "CNY"
        for widget in (self.rate_edit, self.rate_date_edit):
            widget.setEnabled(not is_cny)
        stored = self._ctx.prefs.exchange_rate(currency)
        if not is_cny and (not self.rate_edit.text().strip() or self._rate_from_settings):
            # Propose the rate kept in Settings; one the user typed here is never overwritten.
            self.rate_edit.blockSignals(True)
            self.rate_edit.setText(str(stored.cny_per_unit) if stored else "")
            self.rate_edit.blockSignals(False)
            if stored:
                self.rate_date_edit.setDate(_qdate(stored.on))
            self._rate_from_settings = stored is not None
        self._recalculate()

    @Slot()
    def _on_rate_typed(self) -> None:
        self._rate_from_settings = False

    def result(self) -> SavingsResult | None:
        return self._result

    @Slot()
    def _recalculate(self) -> None:
        self._show_line_info()
        self._result = None
        errors: dict[str, str] = {}
        line = self.current_line()
        if line is not None and self._lookup is not None:
            rate_typed = self.rate_edit.text().strip()
            rate = parse_number(rate_typed)
            currency = str(self.currency_combo.currentData())
            try:
                if rate_typed and rate is None and currency != "CNY":
                    raise ValidationError(
                        [FieldError("rate", _("Enter the exchange rate as a number, e.g. 7.1."))]
                    )
                self._result = savings(
                    line, parse_number(self.value_edit.text()), currency,
                    rate, self._lookup.year, rate_date=_pydate(self.rate_date_edit.date()),
                )  # fmt: skip
            except ValidationError as exc:
                errors = {e.field: e.message for e in exc.errors}
        for key, label in (("value", self.value_error), ("currency", self.currency_error),
                           ("rate", self.rate_error)):  # fmt: skip
            message = errors.get(key)
            label.setText(message or "")
            label.setVisible(bool(message))
        self.model.set_result(self._result)
        self._show_summary()
        self._show_chart()
        self.attach_button.setEnabled(self._result is not None and not self._ctx.read_only)

    def field_error(self, key: str) -> str | None:
        label = {"value": self.value_error, "currency": self.currency_error,
                 "rate": self.rate_error}[key]  # fmt: skip
        return label.text() if not label.isHidden() else None

    def _show_summary(self) -> None:
        result = self._result
        if result is None:
            self.summary_label.setText("")
            return
        first = result.years[0]
        parts = []
        if first.saving is not None:
            parts.append(
                _("This year RCEP saves {saving} on {value}.").format(
                    saving=format_money(first.saving, result.currency),
                    value=format_money(result.value, result.currency),
                )
            )
            cny = result.in_cny(first.saving)
            if result.currency != "CNY" and cny is not None and result.rate_date is not None:
                parts.append(
                    _("That is {cny} at {rate} CNY per {currency} (rate of {day}).").format(
                        cny=format_money(cny, "CNY"), rate=result.rate_to_cny,
                        currency=result.currency, day=format_date(result.rate_date),
                    )
                )  # fmt: skip
        elif first.note:
            parts.append(first.note)
        total = result.total_saving
        if len(result.years) > 1 and total is not None:
            parts.append(
                _("Over years {first}–{last}: {total}.").format(
                    first=result.years[0].year, last=result.years[-1].year,
                    total=format_money(total, result.currency),
                )
            )  # fmt: skip
        if result.note:
            parts.append(result.note)
        parts.append(_("MFN is assumed to stay at today's rate."))
        self.summary_label.setText(" ".join(parts))

    def _show_chart(self) -> None:
        result = self._result
        years = result.years if result else ()
        values: list[float | None] = []
        for y in years:
            amount = result.in_cny(y.saving) if result and result.rate_to_cny else y.saving
            values.append(float(amount) if amount is not None else None)  # drawing only
        currency = "CNY" if result and result.rate_to_cny else (result.currency if result else "")
        self.chart.set_title(_("Saving per year ({currency})").format(currency=currency))
        labels = [_("Year {number}").format(number=y.year) for y in years]
        top = max((v for v in values if v is not None), default=0.0)
        self.chart.set_data(labels, [Series("", tuple(values))], top * 1.15 if top > 0 else 1.0)

    # ---- attaching -------------------------------------------------------------------------

    @Slot()
    def _on_attach(self) -> None:
        if self._result is None or self._lookup is None:
            return
        note = savings_note(self._result, self._lookup.importing, self._lookup.day)
        choice = AttachDialog.ask(self, self._ctx, note)
        if choice is None:
            return
        company_id, product_id = choice
        repo = CompanyRepository(self._ctx.store.db)
        try:
            attach_note(repo, self._ctx.reference.hs, company_id, product_id, note)
            company = repo.get(company_id)
        except AppError as exc:
            show_error(self, exc)
            return
        product = next((p.name for p in company.products if p.id == product_id), "")
        message = _("Attached to “{product}” of {company}.").format(
            product=product, company=company.name_zh
        )
        self.attached_label.setText(message)
        self._ctx.hub.companies_changed.emit()
        self._ctx.hub.status_message.emit(message)


class AttachDialog(QDialog):
    """Picks a company and one of its products; shows the line that will be added."""

    def __init__(self, ctx: GuiContext, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repo = CompanyRepository(ctx.store.db)
        self.setWindowTitle(_("Attach to a company product"))
        self.company_combo = CompanyCombo(self)
        self.company_combo.reload(ctx.store.db)
        self.product_combo = QComboBox(self)
        self.note_label = QLabel(note, self)
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Attach"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        form = QFormLayout(self)
        form.addRow(_("Company"), self.company_combo)
        form.addRow(_("Product"), self.product_combo)
        form.addRow(_("Adds to its notes"), self.note_label)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.company_combo.currentIndexChanged.connect(self._fill_products)
        self._fill_products()
        self.setMinimumWidth(480)

    @Slot()
    def _fill_products(self) -> None:
        self.product_combo.clear()
        company_id = self.company_combo.currentData()
        if company_id:
            for product in self._repo.get(str(company_id)).products:
                self.product_combo.addItem(product_label(product), product.id)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.product_combo.count() > 0
        )

    def choice(self) -> tuple[str, str] | None:
        company, product = self.company_combo.currentData(), self.product_combo.currentData()
        return (str(company), str(product)) if company and product else None

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: GuiContext, note: str) -> tuple[str, str] | None:
        dialog = cls(ctx, note, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _column(field: QWidget, error: QLabel) -> QWidget:
    box = QWidget(field.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    field.setParent(box)
    error.setParent(box)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def _select(combo: QComboBox, code: str) -> None:
    index = combo.findData(code.strip().upper())
    if index >= 0:
        combo.setCurrentIndex(index)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
