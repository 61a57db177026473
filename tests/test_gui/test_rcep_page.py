"""The RCEP tariffs page: loads the embedded tariff data in the background on first show, then
the finder looks codes up; the tabs and the finder relabel on a language switch; the main
window reaches it with Alt+4."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.main_window import Page
from gui.pages.rcep.finder import TariffRowsModel
from gui.pages.rcep.page import RcepPage
from services.core import i18n
from services.core.i18n import _, set_locale
from services.rcep.defaults import load_default_tariffs
from services.rcep.tariff_repository import TariffRepository
from tests.test_gui.shell_support import activate, make_window, write_test_catalog

pytestmark = pytest.mark.gui


def _page(qtbot: QtBot, ctx: GuiContext) -> RcepPage:
    page = RcepPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.setMinimumSize(900, 650)
    return page


def test_first_show_loads_the_embedded_data(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    page = _page(qtbot, gui_ctx)
    assert not TariffRepository(gui_ctx.store.db).sources()
    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)
    page.finder.date_edit.setDate(QDate(2026, 7, 1))
    page.finder.set_inputs("6109.10", importing="JP", exporting="CN")
    page.show()
    qtbot.waitExposed(page)
    assert not page.finder.is_ready()
    assert page.finder.status_label.text() == _("Loading the tariff data…")
    assert page.finder.results.rowCount() == 0
    qtbot.waitUntil(page.is_loaded, timeout=20_000)
    assert {s.id for s in TariffRepository(gui_ctx.store.db).sources()} == {
        "annex1-AU-ALL", "annex1-CN-ASEAN", "jp-applied"
    }  # fmt: skip
    assert messages
    assert "3" in messages[-1]
    lines = [r.line.line for r in page.finder.results.items() if r.line]
    assert "610910020" in lines

    # Shown again: nothing to reload (already on file)
    page.hide()
    page.show()
    assert page.is_loaded()
    assert gui_ctx.tasks.active_count() == 0


def test_language_switch_relabels_tabs_and_finder(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "resources"
    write_test_catalog(
        resources,
        {
            "Tariff finder": "关税查询",
            "RCEP rate": "RCEP 税率",
            "RCEP year {number} ({start}–{end})": "RCEP 第{number}年（{start}–{end}）",
        },
    )
    monkeypatch.setattr(i18n, "resource_dir", lambda: resources)
    set_locale("en")
    page = _page(qtbot, gui_ctx)
    page.finder.date_edit.setDate(QDate(2026, 7, 1))
    page.finder.set_inputs("6109.10", importing="JP", exporting="CN")
    assert page.tabs.tabText(0) == "Tariff finder"
    assert page.finder.year_label.text() == "RCEP year 6 (2026-04-01–2027-03-31)"
    assert page.finder.importing_combo.currentText() == "Japan (JP)"

    set_locale("zh_CN")
    gui_ctx.hub.language_changed.emit("zh_CN")
    assert page.tabs.tabText(0) == "关税查询"
    assert page.finder.year_label.text() == "RCEP 第6年（2026-04-01–2027-03-31）"
    assert page.finder.importing_combo.currentText() == "日本 (JP)"
    header = page.finder.results.headerData(TariffRowsModel.Col.RCEP, Qt.Orientation.Horizontal)
    assert header == "RCEP 税率"


def test_main_window_has_the_rcep_page_on_alt_4(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    window = make_window(qtbot, gui_ctx)
    assert window.sidebar.count() == len(Page)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is Page.RCEP
    assert window.stack.currentWidget() is window.rcep_page
    assert window.rcep_page.finder.search_edit.hasFocus()
    qtbot.waitUntil(window.rcep_page.is_loaded, timeout=20_000)


def test_savings_for_the_chosen_line_opens_the_savings_tab(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    load_default_tariffs(gui_ctx.store.db)
    page = _page(qtbot, gui_ctx)
    page.show()
    qtbot.waitUntil(page.is_loaded, timeout=20_000)
    finder = page.finder
    finder.date_edit.setDate(QDate(2026, 7, 1))
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    rows = [r.line.line if r.line else "" for r in finder.results.items()]
    finder.table.setCurrentIndex(finder.results.index(rows.index("610910020"), 0))
    qtbot.mouseClick(finder.savings_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.savings
    assert "610910020" in page.savings.hs_edit.text().replace(".", "").replace("-", "")
    assert page.savings.importing_combo.currentData() == "JP"
    assert page.savings.day().isoformat() == "2026-07-01"


def test_show_company_opens_the_company_tab(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    page = _page(qtbot, gui_ctx)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == [_("Tariff finder"), _("Savings"), _("For a company")]
    page.show_company(None)
    assert page.tabs.currentWidget() is page.company_view
