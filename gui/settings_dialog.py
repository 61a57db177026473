"""Settings… (Ctrl+,): the language, and the exchange rates the calculators use.

``SettingsDialog.ask(parent, prefs)`` returns the changed Preferences or None; applying them
(switching the language live, saving) is the caller's job (MainWindow). Exchange rates are CNY
per unit of a currency, each with the date it is for; a bad row is refused with a message and
the dialog stays open with everything the user typed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_name
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from services.core.clock import local_today
from services.core.i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES, _, current_locale
from services.core.settings import ExchangeRate, Preferences


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, prefs: Preferences):
        super().__init__(parent)
        self._prefs = prefs
        self._rates: tuple[ExchangeRate, ...] = prefs.exchange_rates
        self.setWindowTitle(_("Settings"))
        self.setMinimumSize(520, 380)

        self.language = QComboBox()
        for locale in SUPPORTED_LOCALES:
            self.language.addItem(LANGUAGE_NAMES[locale], locale)  # each in its own language
        index = self.language.findData(prefs.locale)
        self.language.setCurrentIndex(max(index, 0))
        self.language_label = QLabel(_("&Language:"))
        self.language_label.setBuddy(self.language)
        note = QLabel(_("The new language applies at once, without a restart."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)

        rates_box = QGroupBox(_("Exchange rates"))
        self.rates_table = QTableWidget(0, 3, rates_box)
        self.rates_table.setHorizontalHeaderLabels(
            [_("Currency"), _("CNY per unit"), _("Rate date")]
        )
        self.rates_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rates_table.verticalHeader().hide()
        for rate in prefs.exchange_rates:
            self.add_rate_row(rate.currency, str(rate.cny_per_unit), rate.on.isoformat())
        self.add_rate_button = QPushButton(_("Add rate"), rates_box)
        self.remove_rate_button = QPushButton(_("Remove rate"), rates_box)
        self.add_rate_button.clicked.connect(lambda: self.add_rate_row("USD", "", ""))
        self.remove_rate_button.clicked.connect(self._remove_rate_row)
        rates_hint = QLabel(
            _(
                "CNY per unit of the currency, e.g. USD 7.1, with the date of the rate. The "
                "savings calculator proposes them; a rate typed there wins."
            ),
            rates_box,
        )
        rates_hint.setWordWrap(True)
        self.rates_error = QLabel(rates_box)
        self.rates_error.setStyleSheet("color: #b3261e;")
        self.rates_error.setWordWrap(True)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_rate_button)
        buttons_row.addWidget(self.remove_rate_button)
        buttons_row.addStretch(1)
        rates_layout = QVBoxLayout(rates_box)
        rates_layout.addWidget(rates_hint)
        rates_layout.addWidget(self.rates_table)
        rates_layout.addLayout(buttons_row)
        rates_layout.addWidget(self.rates_error)

        self.buttons = QDialogButtonBox()
        self.buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(rates_box, 1)
        layout.addWidget(self.buttons)

    def add_rate_row(self, currency: str, rate: str, day: str) -> None:
        row = self.rates_table.rowCount()
        self.rates_table.insertRow(row)
        for column, text in enumerate((currency, rate, day or local_today().isoformat())):
            self.rates_table.setItem(row, column, QTableWidgetItem(text))

    def _remove_rate_row(self) -> None:
        row = self.rates_table.currentRow()
        if row >= 0:
            self.rates_table.removeRow(row)

    def _read_rates(self) -> tuple[ExchangeRate, ...] | None:
        """The table's rates, or None after showing what to fix."""
        rates: dict[str, ExchangeRate] = {}
        for row in range(self.rates_table.rowCount()):
            cells = [
                (item.text().strip() if (item := self.rates_table.item(row, c)) else "")
                for c in range(3)
            ]
            currency = cells[0].upper()
            try:
                get_currency_name(currency, locale=current_locale())
                known = len(currency) == 3 and currency.isalpha() and currency != "CNY"
            except (ValueError, LookupError):
                known = False
            if not known:
                self._rate_error(
                    row,
                    _("{code} is not an ISO 4217 currency code (e.g. CNY, USD, JPY).").format(
                        code=cells[0] or "—"
                    ),
                )
                return None
            try:
                value = Decimal(cells[1])
                if not value.is_finite() or value <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                self._rate_error(row, _("Enter an exchange rate to CNY greater than zero."))
                return None
            try:
                on = date.fromisoformat(cells[2])
            except ValueError:
                self._rate_error(row, _("Enter a date as YYYY-MM-DD."))
                return None
            rates[currency] = ExchangeRate(currency, value, on)
        self.rates_error.clear()
        return tuple(sorted(rates.values(), key=lambda r: r.currency))

    def _rate_error(self, row: int, message: str) -> None:
        self.rates_error.setText(_("Row {row}: {message}").format(row=row + 1, message=message))
        self.rates_table.selectRow(row)

    @override
    def accept(self) -> None:
        rates = self._read_rates()
        if rates is None:
            return  # stay open with the user's input
        self._rates = rates
        super().accept()

    def preferences(self) -> Preferences:
        locale = self.language.currentData()
        return self._prefs.with_changes(locale=str(locale), exchange_rates=self._rates)

    @classmethod
    def ask(cls, parent: QWidget | None, prefs: Preferences) -> Preferences | None:
        dialog = cls(parent, prefs)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.preferences()
            return None
        finally:
            dialog.deleteLater()
