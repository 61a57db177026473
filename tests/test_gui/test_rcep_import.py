"""Importing a tariff file from the window: asked by TariffImportDialog (monkeypatched), run in
one background database task (import + replace_source), then the validation report; a cancelled
or failed import changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui import errors
from gui.context import GuiContext
from gui.pages.rcep import page as page_module
from gui.pages.rcep.import_dialog import ImportRequest, TariffImportDialog
from gui.pages.rcep.page import RcepPage
from services.core.errors import DataFileError
from services.core.i18n import set_locale
from services.core.progress import Cancelled
from services.rcep.tariff_repository import TariffRepository
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui

CSV_TEXT = """\
# source: RCEP Annex I, Schedule of Tariff Commitments of Korea (for China), test
# edition: 2020-11-15
importing_party,schedule,hs_version,code,description,base_rate,year_1,year_2,year_3
KR,CN,2012,8509,Electro-mechanical domestic appliances,,,,
KR,CN,2012,8509.80.9000,Other,8,0,0,0
KR,CN,2012,8703.21.1000,Used cars,8,4.6,,3.8
"""


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "kr-cn.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> RcepPage:
    set_locale("en")
    widget = RcepPage(gui_ctx)
    qtbot.addWidget(widget)
    widget.finder.date_edit.setDate(QDate(2026, 7, 1))
    widget.finder.set_ready(True)  # no embedded data needed: the page is never shown
    return widget


def _ask(request: ImportRequest | None) -> Any:
    return classmethod(lambda cls, parent, ctx: request)


def _run(qtbot: QtBot, page: RcepPage) -> None:
    page.import_tariffs()
    task = page.import_task
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)


def _sources(ctx: GuiContext) -> list[str]:
    return [s.id for s in TariffRepository(ctx.store.db).sources()]


def test_import_shows_the_report_and_the_finder_finds_the_line(
    qtbot: QtBot, gui_ctx: GuiContext, page: RcepPage, csv_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(TariffImportDialog, "ask", _ask(ImportRequest(csv_file, "csv")))
    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)
    page.finder.set_inputs("8509.80", importing="KR", exporting="CN")
    _run(qtbot, page)

    report = page.report_dialog
    assert report is not None
    assert "Rows read: 3" in report.summary_label.text()
    assert "Accepted: 1" in report.summary_label.text()
    assert "Headings skipped: 1" in report.summary_label.text()
    rows = report.rejected_rows()
    assert len(rows) == 1
    assert rows[0][0] == "6"
    assert rows[0][1]
    assert rows[0][2]  # the reason, as the importer gave it
    assert _sources(gui_ctx) == ["annex1-KR-CN"]
    lines = [r.line.line for r in page.finder.results.items() if r.line]
    assert "8509809000" in lines
    assert messages
    assert "kr-cn.csv" in messages[-1]
    report.close()


def test_the_file_menu_action_runs_the_import(
    qtbot: QtBot, gui_ctx: GuiContext, csv_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    monkeypatch.setattr(TariffImportDialog, "ask", _ask(ImportRequest(csv_file, "csv")))
    window = make_window(qtbot, gui_ctx)
    assert window.act_import_tariffs in window.file_menu.actions()
    window.act_import_tariffs.trigger()
    task = window.rcep_page.import_task
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=20_000)
    qtbot.waitUntil(lambda: gui_ctx.tasks.active_count() == 0, timeout=20_000)
    assert "annex1-KR-CN" in _sources(gui_ctx)
    assert window.rcep_page.report_dialog is not None


def test_a_cancelled_import_changes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, page: RcepPage, csv_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(TariffImportDialog, "ask", _ask(ImportRequest(csv_file, "csv")))
    _run(qtbot, page)  # the first import is on file
    first = page.report_dialog
    assert first is not None
    first.close()
    page.report_dialog = None
    before = TariffRepository(gui_ctx.store.db).sources()

    def cancelled(*_args: Any, **_kwargs: Any) -> Any:
        raise Cancelled

    monkeypatch.setattr(page_module, "import_file", cancelled)
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _t=None: shown.append(exc))
    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)
    _run(qtbot, page)
    assert page.report_dialog is None
    assert not shown
    assert "cancelled" in messages[-1]
    assert TariffRepository(gui_ctx.store.db).sources() == before


def test_cancel_token_stops_the_task(
    qtbot: QtBot, gui_ctx: GuiContext, page: RcepPage, csv_file: Path
) -> None:
    handle = page.run_import(ImportRequest(csv_file, "csv"))
    handle.cancel()  # before or while the worker runs: either way nothing is stored
    qtbot.waitUntil(lambda: not handle.running, timeout=10_000)
    if page.report_dialog is None:
        assert _sources(gui_ctx) == []
    else:  # the worker finished before the token was set
        page.report_dialog.close()
        assert _sources(gui_ctx) == ["annex1-KR-CN"]


def test_a_file_error_is_shown_and_changes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, page: RcepPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("importing_party,名称\n".encode("gbk"))
    monkeypatch.setattr(TariffImportDialog, "ask", _ask(ImportRequest(bad, "csv")))
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _t=None: shown.append(exc))
    _run(qtbot, page)
    assert len(shown) == 1
    assert isinstance(shown[0], DataFileError)
    assert page.report_dialog is None
    assert _sources(gui_ctx) == []


def test_nothing_happens_when_the_dialog_is_cancelled(
    gui_ctx: GuiContext, page: RcepPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TariffImportDialog, "ask", _ask(None))
    page.import_tariffs()
    assert page.import_task is None
    assert gui_ctx.tasks.active_count() == 0


def test_the_dialog_enables_what_the_format_takes(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    dialog = TariffImportDialog(gui_ctx)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # no file yet

    chosen = tmp_path / "annex1-kr.xlsx"
    calls: list[str] = []

    def open_file(_parent: QWidget | None, _title: str, _dir: str, filters: str) -> Path:
        calls.append(filters)
        return chosen

    monkeypatch.setattr("gui.dialogs.open_file", open_file)
    dialog.browse_button.click()
    assert "*.xlsx" in calls[0]
    assert "*.csv" in calls[0]
    assert dialog.format_name() == "annex1"  # from the extension
    assert dialog.party_combo.isEnabled()
    assert dialog.schedule_combo.isEnabled()
    assert not dialog.edition_edit.isEnabled()
    assert not dialog.ok_button.isEnabled()  # Annex I needs the Party and the schedule

    dialog.select(dialog.party_combo, "KR")
    dialog.select(dialog.schedule_combo, "ALL")  # KR has a schedule per partner
    assert not dialog.ok_button.isEnabled()
    dialog.select(dialog.schedule_combo, "CN")
    assert dialog.ok_button.isEnabled()
    assert dialog.request() == ImportRequest(
        chosen, "annex1", {"importing_party": "KR", "schedule": "CN"}
    )
    dialog.select(dialog.party_combo, "AU")  # AU: one schedule for all
    assert not dialog.ok_button.isEnabled()
    dialog.select(dialog.schedule_combo, "ALL")
    assert dialog.ok_button.isEnabled()

    dialog.set_format("japan-applied")
    assert not dialog.party_combo.isEnabled()
    assert not dialog.schedule_combo.isEnabled()
    assert dialog.edition_edit.isEnabled()
    assert dialog.ok_button.isEnabled()
    dialog.edition_edit.setText("2026-13-40")
    assert not dialog.ok_button.isEnabled()
    dialog.edition_edit.setText("2026-04-01")
    assert dialog.request() == ImportRequest(
        chosen, "japan-applied", {"edition_date": "2026-04-01"}
    )

    dialog.set_format("csv")  # Party and schedule optional; edition is "edition"
    dialog.select(dialog.party_combo, "")
    dialog.select(dialog.schedule_combo, "")
    assert dialog.ok_button.isEnabled()
    assert dialog.request() == ImportRequest(chosen, "csv", {"edition": "2026-04-01"})
    dialog.select(dialog.schedule_combo, "ASEAN")  # a schedule without its Party
    assert not dialog.ok_button.isEnabled()
