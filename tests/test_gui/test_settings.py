"""Settings dialog, live language switching, and the typed window-state store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.language import apply_language, install_qt_translations
from gui.settings_dialog import SettingsDialog
from gui.settings_store import UiSettings
from services.core.i18n import current_locale, set_locale
from services.core.settings import Preferences, load_preferences
from tests.test_gui.shell_support import forget_qt_language

pytestmark = pytest.mark.gui


@pytest.fixture
def qt_language() -> Iterator[None]:
    default = QLocale()
    yield
    forget_qt_language(default)


def test_dialog_offers_each_language_in_its_own_name(qtbot: QtBot) -> None:
    set_locale("en")
    dialog = SettingsDialog(None, Preferences(locale="zh_CN", sample_offer_answered=True))
    qtbot.addWidget(dialog)
    dialog.open()
    items = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert items == ["简体中文", "English"]
    assert dialog.language.currentText() == "简体中文"

    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    assert dialog.language.currentText() == "English"
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    chosen = dialog.preferences()
    assert chosen == Preferences(locale="en", sample_offer_answered=True)  # the rest is kept


def test_dialog_cancel(qtbot: QtBot) -> None:
    dialog = SettingsDialog(None, Preferences())
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_apply_language_switches_everything_and_saves(
    gui_ctx: GuiContext, qtbot: QtBot, qt_language: None
) -> None:
    assert install_qt_translations("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QLocale().name() == "zh_CN"

    with qtbot.waitSignal(gui_ctx.hub.language_changed, timeout=2000) as blocker:
        apply_language(gui_ctx, "en_US")
    assert blocker.args == ["en"]
    assert current_locale() == "en"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().name() == "en_US"
    assert load_preferences(gui_ctx.paths.settings_path).locale == "en"

    apply_language(gui_ctx, "zh")
    assert current_locale() == "zh_CN"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert load_preferences(gui_ctx.paths.settings_path).locale == "zh_CN"
    app = QCoreApplication.instance()
    assert app is not None
    assert len(app.findChildren(QTranslator, "exportpilot-qtbase")) == 1  # replaced, not stacked


def test_ui_settings_read_back_with_their_types(tmp_path: Path) -> None:
    path = tmp_path / "ui-state.ini"
    first = UiSettings(path)
    first.set_value("flag", True)
    first.set_value("count", 3)
    first.set_value("one", ["a"])
    first.set_value("none", [])
    first.set_main_window_geometry(QByteArray(b"\x01\x02geometry"))
    first.set_last_dir("dossier", tmp_path)
    first.set_current_page(1)
    first.sync()
    assert path.exists()

    second = UiSettings(path)  # a fresh reader: everything comes back as INI text
    assert second.get_bool("flag") is True
    assert second.get_int("count") == 3
    assert second.get_string_list("one") == ["a"]
    assert second.get_string_list("none") == []
    assert second.get_string_list("missing") == []
    assert second.main_window_geometry() == QByteArray(b"\x01\x02geometry")
    assert second.main_window_state() is None
    assert second.last_dir("dossier") == str(tmp_path)
    assert second.last_dir("other") == ""
    assert second.current_page() == 1
    assert isinstance(second.get_int("one", 7), int)  # a wrong type never crashes a reader
    assert isinstance(second.get_bytes("count"), QByteArray | None)


def test_ui_settings_read_only_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ui-state.ini"
    reader = UiSettings(path, writable=False)
    reader.set_current_page(1)
    reader.sync()
    assert not path.exists()


def test_exchange_rates_are_edited_and_checked(qtbot: QtBot) -> None:
    from datetime import date
    from decimal import Decimal

    from gui.settings_dialog import SettingsDialog
    from services.core.settings import ExchangeRate, Preferences

    prefs = Preferences(exchange_rates=(ExchangeRate("USD", Decimal("7.1"), date(2026, 11, 1)),))
    dialog = SettingsDialog(None, prefs)
    qtbot.addWidget(dialog)
    first = dialog.rates_table.item(0, 1)
    assert first is not None
    assert first.text() == "7.1"
    dialog.add_rate_row("JPY", "abc", "2026-11-20")
    dialog.accept()
    assert dialog.result() != 1  # refused: stays open
    assert "2" in dialog.rates_error.text()  # names the row
    bad = dialog.rates_table.item(1, 1)
    assert bad is not None
    bad.setText("0.047")
    dialog.accept()
    assert dialog.rates_error.text() == ""
    chosen = dialog.preferences()
    assert [r.currency for r in chosen.exchange_rates] == ["JPY", "USD"]
    assert chosen.exchange_rate("JPY") == ExchangeRate("JPY", Decimal("0.047"), date(2026, 11, 20))


def test_made_up_currency_codes_are_refused(qtbot: QtBot) -> None:
    """Babel formats any three letters as a currency; the dialog checks its currency list."""
    from PySide6.QtWidgets import QDialogButtonBox

    set_locale("en")
    dialog = SettingsDialog(None, Preferences())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_rate_row("XYZ", "7.1", "2026-11-20")
    (ok,) = (
        b
        for b in dialog.buttons.buttons()
        if dialog.buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
    )

    def cell(column: int) -> QTableWidgetItem:
        item = dialog.rates_table.item(0, column)
        assert item is not None
        return item

    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: the dialog stays open with the row
    assert dialog.rates_error.text() == (
        "Row 1: XYZ is not an ISO 4217 currency code (e.g. CNY, USD, JPY)."
    )
    cell(0).setText("cny")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "CNY itself needs no rate" in dialog.rates_error.text()
    cell(0).setText("usd")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.rates_error.text() == ""
    assert [r.currency for r in dialog.preferences().exchange_rates] == ["USD"]
