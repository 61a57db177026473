"""Data updates in the window: Settings (update and exchange-rate addresses, "Check for
updates…", "Fetch rates now"), the updates dialog (check, summary, rollback per pack) and the
status-bar label with the editions in use — against a local HTTP server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.pages.refdata import updates_dialog
from gui.pages.refdata.data_editions import DataEditionsLabel
from gui.pages.refdata.updates_dialog import DataUpdatesDialog
from gui.settings_dialog import SettingsDialog
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.progress import Cancelled
from services.core.settings import ExchangeRate, Preferences
from services.core.store import open_store
from services.rcep.tariff_repository import TariffRepository
from services.refdata.updates import export_pack
from tests.pack_server import PackServer, all_kinds, snapshot, tariff_source
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui

SOURCE = "tariffs-test-KR"
RATES = {
    "format": "exportpilot-exchange-rates",
    "schema": 1,
    "base": "CNY",
    "date": "2026-11-27",
    "source": "test feed",
    "rates": {"USD": "7.1", "JPY": "0.047"},
}


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    set_locale("en")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PackServer]:
    site = tmp_path / "site"
    publisher = open_store(AppPaths(tmp_path / "publisher"), daily_backup=False)
    try:
        TariffRepository(publisher.db).replace_source(tariff_source(rate="7"))
        export_pack(publisher.db, all_kinds(), SOURCE, site, version="2026.01.01")
    finally:
        publisher.close()
    (site / "rates.json").write_text(json.dumps(RATES), encoding="utf-8")
    with PackServer(site) as running:
        yield running


@pytest.fixture
def ctx(gui_ctx: GuiContext, server: PackServer) -> GuiContext:
    gui_ctx.pack_kinds = all_kinds().kinds
    gui_ctx.prefs = replace(gui_ctx.prefs, update_url=server.url)
    return gui_ctx


def open_dialog(qtbot: QtBot, ctx: GuiContext) -> DataUpdatesDialog:
    dialog = DataUpdatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 4, timeout=10_000)
    return dialog


def versions(dialog: DataUpdatesDialog) -> dict[str, str]:
    return {s.info.name: s.info.version for s in dialog._status}


def test_check_installs_shows_a_summary_and_rolls_back(
    qtbot: QtBot, ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ctx)
    assert SOURCE not in versions(dialog)
    assert not dialog.rollback_button.isEnabled()

    with qtbot.waitSignal(ctx.hub.data_replaced, timeout=10_000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "Updated:" in dialog.summary.text()
    assert "Tariffs test-KR: none → 2026.01.01" in dialog.summary.text()
    qtbot.waitUntil(lambda: SOURCE in versions(dialog), timeout=10_000)
    assert TariffRepository(ctx.store.db).source_pack("test-KR") is not None

    with qtbot.waitSignal(dialog.packs_changed, raising=False, timeout=2000) as again:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "up to date" in dialog.summary.text(), timeout=10_000)
    assert not again.signal_triggered  # nothing changed the second time

    asked: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, **_kwargs: Any) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    dialog.select_pack(SOURCE)
    assert dialog.rollback_button.isEnabled()
    with qtbot.waitSignal(ctx.hub.data_replaced, timeout=10_000):
        qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    assert "2026.01.01" in asked[0]
    assert "Rolled back" in dialog.summary.text()
    qtbot.waitUntil(lambda: SOURCE not in versions(dialog), timeout=10_000)
    assert TariffRepository(ctx.store.db).source_pack("test-KR") is None


def test_a_failed_check_says_why_and_changes_nothing(
    qtbot: QtBot, ctx: GuiContext, server: PackServer
) -> None:
    server.fail["/manifest.json"] = 404
    dialog = open_dialog(qtbot, ctx)
    before = snapshot(ctx.store.db)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "404" in dialog.summary.text(), timeout=10_000)
    assert "b3261e" in dialog.summary.styleSheet()
    assert snapshot(ctx.store.db) == before


def test_a_cancelled_check_is_reported(
    qtbot: QtBot, ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cancelled(*_args: Any, **_kwargs: Any) -> Any:
        raise Cancelled

    monkeypatch.setattr(updates_dialog, "update_from_url", cancelled)
    dialog = open_dialog(qtbot, ctx)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.summary.text(), timeout=10_000)


def test_without_an_address_there_is_nothing_to_check(qtbot: QtBot, ctx: GuiContext) -> None:
    ctx.prefs = replace(ctx.prefs, update_url="")
    dialog = open_dialog(qtbot, ctx)
    assert not dialog.check_button.isEnabled()
    assert "No update address" in dialog.url_label.text()


def test_status_bar_label_shows_the_editions(qtbot: QtBot, ctx: GuiContext) -> None:
    label = DataEditionsLabel(ctx)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: "tariffs 2026-07-09" in label.text(), timeout=10_000)
    assert "questionnaire 1.0.0" in label.text()
    assert "rules of origin (built-in)" in label.text()
    assert "Tariffs jp-applied: version 2026.07.09" in label.toolTip()
    dialog = label.open_updates()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()


def test_settings_keep_the_addresses(qtbot: QtBot, server: PackServer) -> None:
    dialog = SettingsDialog(None, Preferences())
    qtbot.addWidget(dialog)
    assert not dialog.check_updates_button.isVisibleTo(dialog)  # no context: no network
    dialog.update_url_edit.setText("not a web address")
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "not a web address" in dialog.updates_message.text()

    dialog.update_url_edit.setText(server.url)
    dialog.rates_url_edit.setText(server.url + "rates.json")
    dialog.proxy_edit.setText("http://proxy.example:8080")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.accept()
    chosen = dialog.preferences()
    assert (chosen.update_url, chosen.exchange_rate_url, chosen.update_proxy) == (
        server.url,
        server.url + "rates.json",
        "http://proxy.example:8080",
    )


def test_settings_fetch_rates_into_the_table(
    qtbot: QtBot, ctx: GuiContext, server: PackServer
) -> None:
    typed = ExchangeRate("USD", Decimal("7.3"), date(2026, 11, 28))
    dialog = SettingsDialog(None, Preferences(exchange_rates=(typed,)), ctx=ctx)
    qtbot.addWidget(dialog)
    dialog.rates_url_edit.setText(server.url + "rates.json")
    qtbot.mouseClick(dialog.fetch_rates_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rates_table.rowCount() == 2, timeout=10_000)
    assert "press OK" in dialog.updates_message.text()
    assert "USD" in dialog.updates_message.text()  # kept: typed for a later date
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.accept()
    rates = {r.currency: r for r in dialog.preferences().exchange_rates}
    assert rates["USD"] == typed
    assert rates["JPY"] == ExchangeRate("JPY", Decimal("0.047"), date(2026, 11, 27))


def test_settings_check_for_updates_opens_the_dialog(
    qtbot: QtBot, ctx: GuiContext, server: PackServer
) -> None:
    dialog = SettingsDialog(None, ctx.prefs, ctx=ctx)
    qtbot.addWidget(dialog)
    dialog.update_url_edit.setText(server.url)
    with qtbot.waitSignal(ctx.hub.data_replaced, timeout=10_000):
        qtbot.mouseClick(dialog.check_updates_button, Qt.MouseButton.LeftButton)
    assert "2026.01.01" in dialog.updates_dialog.summary.text()
    dialog.updates_dialog.close()


def test_read_only_offers_no_update(qtbot: QtBot, ctx: GuiContext, paths: AppPaths) -> None:
    read_only = open_store(paths, read_only=True)
    try:
        ctx_ro = replace(ctx, store=read_only)
        dialog = DataUpdatesDialog(ctx_ro)
        qtbot.addWidget(dialog)
        assert not dialog.check_button.isEnabled()
    finally:
        ctx.tasks.wait_all(10_000)
        read_only.close()


def test_the_window_starts_offline_and_shows_the_editions_in_its_status_bar(
    qtbot: QtBot, ctx: GuiContext
) -> None:
    assert Preferences().update_url == ""  # no address: the app never goes online by itself
    window = make_window(qtbot, ctx)
    labels = window.statusBar().findChildren(DataEditionsLabel)
    assert labels == [window.data_label]
    assert window.data_label.isVisible()
    label = window.data_label  # filled in the background; the embedded tariff edition
    qtbot.waitUntil(lambda: "2026-07-09" in label.text(), timeout=10_000)
