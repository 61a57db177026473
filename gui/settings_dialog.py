"""Settings… (Ctrl+,): the language, the exchange rates the calculators use, the Chinese
font of PDF reports (empty: found on the system), and the addresses of data updates and of
exchange rates (with "Check for updates…" and "Fetch rates now" when opened with a GuiContext:
services.refdata.updates / exchange_rates, run on ctx.tasks).

``SettingsDialog.ask(parent, prefs)`` returns the changed Preferences or None; applying them
(switching the language live, saving) is the caller's job (MainWindow). Exchange rates are CNY
per unit of a currency, each with the date it is for; a bad row is refused with a message and
the dialog stays open with everything the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.errors import error_text
from gui.pages.refdata.updates_dialog import DataUpdatesDialog
from services.core.clock import local_today
from services.core.errors import UpdateError, ValidationError
from services.core.i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES, _, format_date
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.core.settings import ExchangeRate, Preferences
from services.refdata.currencies import is_currency_code
from services.refdata.exchange_rates import (
    BASE,
    FetchedRates,
    fetch_exchange_rates,
    merge_rates,
)
from services.refdata.http import HttpClient, HttpOptions, check_proxy, check_url
from services.reports.fonts import validate_font_file


def _optional_url(text: str) -> str:
    return check_url(text) if text.strip() else ""


@dataclass(frozen=True, slots=True)
class UpdateSettings:
    update_url: str
    rates_url: str
    proxy: str


class SettingsDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, prefs: Preferences, *, ctx: GuiContext | None = None
    ):
        super().__init__(parent)
        self._ctx = ctx  # for "Check for updates" and "Fetch rates now" (None: not offered)
        self._updates = UpdateSettings(
            prefs.update_url, prefs.exchange_rate_url, prefs.update_proxy
        )
        self._prefs = prefs
        self._rates: tuple[ExchangeRate, ...] = prefs.exchange_rates
        self._font = prefs.report_font_path
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
        self.font_edit = QLineEdit(prefs.report_font_path)
        self.font_edit.setPlaceholderText(_("Automatic (a Chinese system font)"))
        self.font_button = QPushButton(_("Browse…"))
        self.font_button.clicked.connect(self._on_browse_font)
        self.font_error = QLabel()
        self.font_error.setStyleSheet("color: #b3261e;")
        self.font_error.setWordWrap(True)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_edit, 1)
        font_row.addWidget(self.font_button)
        self.font_label = QLabel(_("&Report font:"))
        self.font_label.setBuddy(self.font_edit)
        form.addRow(self.font_label, font_row)
        form.addRow("", self.font_error)

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
        layout.addWidget(self._build_updates_box(prefs))
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
            if not is_currency_code(currency):
                self._rate_error(
                    row,
                    _("{code} is not an ISO 4217 currency code (e.g. CNY, USD, JPY).").format(
                        code=cells[0] or "—"
                    ),
                )
                return None
            if currency == BASE:
                self._rate_error(
                    row, _("Rates are in CNY per unit of a currency: CNY itself needs no rate.")
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

    def _on_browse_font(self) -> None:
        chosen = dialogs.open_file(
            self,
            _("Choose a Chinese TrueType font"),
            self.font_edit.text(),
            _("TrueType fonts (*.ttf *.ttc)"),
        )
        if chosen is not None:
            self.font_edit.setText(str(chosen))

    def _read_font(self) -> str | None:
        """The report font path (empty: automatic), or None after showing what to fix."""
        try:
            path = validate_font_file(self.font_edit.text())
        except ValidationError as exc:
            self.font_error.setText(exc.message)
            return None
        self.font_error.clear()
        return path

    # ---- data updates and exchange rates from a URL ------------------------------------------

    def _build_updates_box(self, prefs: Preferences) -> QGroupBox:
        box = QGroupBox(_("Data updates"))
        self.update_url_edit = QLineEdit(prefs.update_url, box)
        self.update_url_edit.setPlaceholderText(_("Empty: the app works offline"))
        self.rates_url_edit = QLineEdit(prefs.exchange_rate_url, box)
        self.rates_url_edit.setPlaceholderText(_("Empty: rates are typed by hand"))
        self.proxy_edit = QLineEdit(prefs.update_proxy, box)
        self.proxy_edit.setPlaceholderText(_("Empty: the system's proxy settings"))
        self.check_updates_button = QPushButton(_("Check for updates…"), box)
        self.fetch_rates_button = QPushButton(_("Fetch rates now"), box)
        self.check_updates_button.clicked.connect(self._on_check_updates)
        self.fetch_rates_button.clicked.connect(self._on_fetch_rates)
        for button in (self.check_updates_button, self.fetch_rates_button):
            button.setVisible(self._ctx is not None)
        self.updates_message = QLabel(box)
        self.updates_message.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(_("Update address (manifest.json):"), self.update_url_edit)
        form.addRow(_("Exchange-rate address:"), self.rates_url_edit)
        form.addRow(_("Proxy:"), self.proxy_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_updates_button)
        buttons.addWidget(self.fetch_rates_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.updates_message)
        return box

    def _read_update_settings(self) -> UpdateSettings | None:
        """The three addresses (each empty or checked), or None after showing what to fix."""
        try:
            chosen = UpdateSettings(
                update_url=_optional_url(self.update_url_edit.text()),
                rates_url=_optional_url(self.rates_url_edit.text()),
                proxy=check_proxy(self.proxy_edit.text()),
            )
        except UpdateError as exc:
            self._updates_message(exc.message, error=True)
            return None
        self._updates_message("")
        return chosen

    def _updates_message(self, text: str, *, error: bool = False) -> None:
        self.updates_message.setStyleSheet("color: #b3261e;" if error else "")
        self.updates_message.setText(text)

    @Slot()
    def _on_check_updates(self) -> None:
        chosen = self._read_update_settings()
        if chosen is None or self._ctx is None:
            return
        if not chosen.update_url:
            self._updates_message(_("Enter the update address first."), error=True)
            return
        self.updates_dialog = DataUpdatesDialog.open_for(
            self._ctx, self, url=chosen.update_url, proxy=chosen.proxy
        )
        self.updates_dialog.check_for_updates()

    @Slot()
    def _on_fetch_rates(self) -> None:
        chosen = self._read_update_settings()
        if chosen is None or self._ctx is None:
            return
        if not chosen.rates_url:
            self._updates_message(_("Enter the exchange-rate address first."), error=True)
            return
        url, options = chosen.rates_url, HttpOptions(proxy=chosen.proxy)

        def work(_progress: ProgressFn, cancel: CancelToken) -> FetchedRates:
            with HttpClient(options) as client:
                return fetch_exchange_rates(url, client=client, cancel=cancel)

        self._ctx.tasks.run(
            work,
            on_success=self._on_rates_fetched,
            on_failure=self._on_rates_failed,
            progress_label=_("Fetching exchange rates…"),
            parent=self,
        )

    def _on_rates_fetched(self, fetched: FetchedRates) -> None:
        current = self._read_rates()
        merged = merge_rates(current if current is not None else self._rates, fetched)
        self.rates_table.setRowCount(0)
        for rate in merged.rates:
            self.add_rate_row(rate.currency, str(rate.cny_per_unit), rate.on.isoformat())
        text = _("{count} rates of {date} from {source}; press OK to keep them.").format(
            count=len(merged.updated),
            date=format_date(fetched.date),
            source=fetched.source or fetched.url,
        )
        if merged.kept:
            text += " " + _("Kept the rates typed for a later date: {codes}.").format(
                codes=", ".join(merged.kept)
            )
        self._updates_message(text)

    def _on_rates_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self._updates_message(error_text(exc), error=True)

    @override
    def accept(self) -> None:
        updates = self._read_update_settings()
        if updates is None:
            return  # stay open with the user's input
        self._updates = updates
        rates = self._read_rates()
        font = self._read_font()
        if rates is None or font is None:
            return  # stay open with the user's input
        self._rates = rates
        self._font = font
        super().accept()

    def preferences(self) -> Preferences:
        locale = self.language.currentData()
        return self._prefs.with_changes(
            locale=str(locale),
            exchange_rates=self._rates,
            report_font_path=self._font,
            update_url=self._updates.update_url,
            exchange_rate_url=self._updates.rates_url,
            update_proxy=self._updates.proxy,
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, prefs: Preferences, *, ctx: GuiContext | None = None
    ) -> Preferences | None:
        dialog = cls(parent, prefs, ctx=ctx)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.preferences()
            return None
        finally:
            dialog.deleteLater()
