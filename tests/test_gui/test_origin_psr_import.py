"""Importing the official product-specific rule list on the origin page: the dialog (file,
format, source, edition), one background database task (``PsrTable.import_file``), the report
of the rows read, accepted and rejected, and the rule panel showing the imported rule. A file
that cannot be read, and a cancelled import, leave the imported rules as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui import dialogs, errors
from gui.context import GuiContext
from gui.main_window import Page
from gui.pages.rcep.origin.page import OriginPage
from gui.pages.rcep.origin.psr_import import RuleListImportDialog, RuleListRequest
from services.core.errors import DataFileError
from services.core.i18n import set_locale
from services.core.progress import CancelToken
from services.rcep.importers import psr_common
from services.rcep.psr_table import PsrTable
from tests.test_gui.origin_support import SPEAKER_ID, add_origin_company, show_page, write_csv
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui

SOURCE = "GACC Announcement 2022 No.129, annex 1"
RULES = """\
# GACC Announcement 2022 No.129, annex 1 (excerpt, typed by hand)
hs_code,hs_version,rule_text,rule_text_zh,note
8507.60,2022,CTH or RVC40,品目改变或区域价值成分40,
8519.81,2022,CTSH or RVC40,,
"""
OTHER_RULES = "hs_code,hs_version,rule_text\n8507.60,2022,CC\n"
BAD_ROWS = (
    "hs_code,hs_version,rule_text\n"
    "8507.60,2022,CC\n"
    "12345,2022,CTH\n"
    "8507.60,2022,CTH\n"
    "9999.99,2022,CTH\n"
    "8519.81,2015,CTH\n"
)


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> OriginPage:
    set_locale("en")
    add_origin_company(gui_ctx)  # the battery pack (8507.60, no rule on file) comes first
    return show_page(qtbot, gui_ctx)


def _ask(request: RuleListRequest | None) -> Any:
    return classmethod(lambda cls, parent: request)


def _import(qtbot: QtBot, page: OriginPage, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    request = RuleListRequest(path, "csv", SOURCE, "2022-12-23")
    monkeypatch.setattr(RuleListImportDialog, "ask", _ask(request))
    handle = page.import_rules()
    assert handle is not None
    qtbot.waitUntil(lambda: not handle.running, timeout=10_000)


def _imported(ctx: GuiContext) -> list[tuple[str, str]]:
    return [(r.hs_code, r.rule_text) for r in PsrTable(ctx.store.db).rules("imported")]


def _close_report(page: OriginPage) -> None:
    report = page.rule_import.report_dialog
    if report is not None:
        report.close()
        page.rule_import.report_dialog = None


def test_imported_rule_shows_for_the_current_product(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel = page.rule_panel
    assert panel.found_rule() is None  # "rule unknown" for the battery pack
    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)

    _import(qtbot, page, write_csv(tmp_path / "psr.csv", RULES), monkeypatch)

    found = panel.found_rule()
    assert found is not None
    assert (found.kind, found.hs_code, found.rule_text) == ("imported", "850760", "CTH or RVC40")
    assert panel.rule_text() == "CTH or RVC40"
    assert not panel.entry.isVisible()
    assert not panel.unverified_badge.isVisible()
    assert "imported from the official list" in panel.meta_label.text()
    assert f"{SOURCE} (2022-12-23)" in panel.meta_label.text()
    report = page.rule_import.report_dialog
    assert report is not None
    assert report.windowTitle() == "Rule list import report"
    assert report.source_label.text() == f"{SOURCE} (edition 2022-12-23)"
    assert "Rows read: 2" in report.summary_label.text()
    assert "Accepted: 2" in report.summary_label.text()
    assert "Rejected: 0" in report.summary_label.text()
    assert report.rejected_rows() == []
    assert messages[-1] == "Imported psr.csv: 2 rules; rows rejected: 0."
    _close_report(page)

    # the sound recorder had the bundled, unverified heading rule; now its imported one wins
    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    assert panel.rule_text() == "CTSH or RVC40"
    assert not panel.unverified_badge.isVisible()


def test_bad_rows_are_listed_by_row_number(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _import(qtbot, page, write_csv(tmp_path / "bad.csv", BAD_ROWS), monkeypatch)

    report = page.rule_import.report_dialog
    assert report is not None
    assert "Rows read: 5" in report.summary_label.text()
    assert "Accepted: 1" in report.summary_label.text()
    assert "Rejected: 4" in report.summary_label.text()
    rows = report.rejected_rows()
    assert [row for row, _code, _reason in rows] == ["3", "4", "5", "6"]
    assert "not a chapter" in rows[0][2]
    assert "already has a rule in row 2" in rows[1][2]
    assert "HS 2022 has no subheading 9999.99" in rows[2][2]
    assert "HS version 2015" in rows[3][2]
    assert _imported(gui_ctx) == [("850760", "CC")]  # the good row is stored
    assert page.rule_panel.rule_text() == "CC"
    _close_report(page)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gbk.csv", "hs_code,hs_version,rule_text\n8507.60,2022,品目改变\n".encode("gbk")),
        ("header.csv", b"code,rule\n8507.60,CTH\n"),
    ],
)
def test_a_file_that_cannot_be_imported_changes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, name: str, content: bytes,
) -> None:  # fmt: skip
    _import(qtbot, page, write_csv(tmp_path / "psr.csv", RULES), monkeypatch)
    _close_report(page)
    before = _imported(gui_ctx)
    assert before == [("850760", "CTH or RVC40"), ("851981", "CTSH or RVC40")]
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _t=None: shown.append(exc))
    bad = tmp_path / name
    bad.write_bytes(content)

    _import(qtbot, page, bad, monkeypatch)

    assert len(shown) == 1
    assert isinstance(shown[0], DataFileError)
    assert page.rule_import.report_dialog is None
    assert page.rule_import.message == f"The import of {name} failed; nothing was changed."
    assert _imported(gui_ctx) == before
    assert page.rule_panel.rule_text() == "CTH or RVC40"


def test_a_file_without_one_good_row_shows_every_rejected_row(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _t=None: shown.append(exc))
    bad = write_csv(tmp_path / "all-bad.csv", "hs_code,hs_version,rule_text\n12345,2022,CTH\n"
                    "9999.99,2022,CTH\n")  # fmt: skip

    _import(qtbot, page, bad, monkeypatch)

    assert shown == []
    report = page.rule_import.report_dialog
    assert report is not None
    assert "None of the 2 rows of all-bad.csv could be imported" in report.source_label.text()
    assert [row for row, _code, _reason in report.rejected_rows()] == ["2", "3"]
    assert page.rule_import.message == "The import of all-bad.csv failed; nothing was changed."
    assert _imported(gui_ctx) == []
    _close_report(page)


def test_cancel_keeps_the_previous_imported_rules(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _import(qtbot, page, write_csv(tmp_path / "psr.csv", RULES), monkeypatch)
    _close_report(page)
    before = _imported(gui_ctx)
    real_importer = psr_common.psr_importer

    def cancelling_importer(name: str) -> Any:
        read = real_importer(name)

        def read_then_cancel(*args: Any, cancel: CancelToken, **kwargs: Any) -> Any:
            pack = read(*args, cancel=cancel, **kwargs)
            assert pack.rules  # the new rules were read; Cancel comes before they are stored
            cancel.cancel()  # as the progress dialog's Cancel button does
            return pack

        return read_then_cancel

    monkeypatch.setattr(psr_common, "psr_importer", cancelling_importer)
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _t=None: shown.append(exc))

    _import(qtbot, page, write_csv(tmp_path / "other.csv", OTHER_RULES), monkeypatch)

    assert not shown
    assert page.rule_import.report_dialog is None
    assert page.rule_import.message == "The import of other.csv was cancelled; nothing was changed."
    assert _imported(gui_ctx) == before
    assert page.rule_panel.rule_text() == "CTH or RVC40"


def test_the_dialog_guesses_the_format_and_needs_a_source(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    dialog = RuleListImportDialog()
    qtbot.addWidget(dialog)
    assert dialog.source_edit.text() == SOURCE  # prefilled
    assert not dialog.ok_button.isEnabled()  # no file yet
    assert dialog.problem_label.text() == "Choose the file to import."

    chosen = tmp_path / "annex1.docx"
    filters: list[str] = []

    def open_file(_parent: QWidget | None, _title: str, _dir: str, wanted: str) -> Path:
        filters.append(wanted)
        return chosen

    monkeypatch.setattr(dialogs, "open_file", open_file)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert "*.docx" in filters[0]
    assert "*.csv" in filters[0]
    assert dialog.format_name() == "docx"  # from the extension
    assert dialog.ok_button.isEnabled()
    assert dialog.request() == RuleListRequest(chosen, "docx", SOURCE, "")

    dialog.source_edit.clear()
    assert not dialog.ok_button.isEnabled()
    assert "Say where the rules come from" in dialog.problem_label.text()
    qtbot.keyClicks(dialog.source_edit, "  GACC 2022 No.129 annex 1  ")
    qtbot.keyClicks(dialog.edition_edit, "20221223")
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem_label.text() == "Enter a date as YYYY-MM-DD."
    dialog.edition_edit.setText("2022-12-23")
    assert dialog.ok_button.isEnabled()

    dialog.set_path(tmp_path / "rules.CSV")
    assert dialog.request() == RuleListRequest(
        tmp_path / "rules.CSV", "csv", "GACC 2022 No.129 annex 1", "2022-12-23"
    )


def test_nothing_happens_when_the_dialog_is_cancelled(
    gui_ctx: GuiContext, page: OriginPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RuleListImportDialog, "ask", _ask(None))
    page.rule_panel.import_button.click()
    assert page.rule_import.task is None
    assert gui_ctx.tasks.active_count() == 0


def test_the_rule_panel_button_starts_the_import(
    qtbot: QtBot, gui_ctx: GuiContext, page: OriginPage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = write_csv(tmp_path / "psr.csv", RULES)
    monkeypatch.setattr(RuleListImportDialog, "ask", _ask(RuleListRequest(path, "csv", SOURCE)))
    assert page.rule_panel.import_button.isVisible()
    assert page.rule_panel.import_button.isEnabled()
    qtbot.mouseClick(page.rule_panel.import_button, Qt.MouseButton.LeftButton)
    task = page.rule_import.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert page.rule_panel.rule_text() == "CTH or RVC40"
    found = page.rule_panel.found_rule()
    assert found is not None
    assert found.source_date == ""  # no edition given
    _close_report(page)


def test_a_rule_typed_instead_stays_after_an_import(
    qtbot: QtBot, page: OriginPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = page.rule_panel
    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    panel.other_button.click()  # type a different rule than the bundled one
    panel.rule_edit.setText("WO")
    _import(qtbot, page, write_csv(tmp_path / "psr.csv", RULES), monkeypatch)
    found = panel.found_rule()
    assert found is not None
    assert found.kind == "imported"
    assert panel.is_typing()
    assert panel.rule_text() == "WO"
    _close_report(page)


def test_read_only_mode_offers_no_import(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    monkeypatch.setattr(type(gui_ctx), "read_only", property(lambda _self: True))
    asked: list[object] = []
    monkeypatch.setattr(
        RuleListImportDialog, "ask", classmethod(lambda cls, parent: asked.append(parent))
    )
    page = show_page(qtbot, gui_ctx)
    assert not page.rule_panel.import_button.isEnabled()
    assert page.import_rules() is None
    assert not asked
    window = make_window(qtbot, gui_ctx)
    assert not window.act_import_rules.isEnabled()


def test_the_file_menu_action_runs_the_import(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    add_origin_company(gui_ctx)
    path = write_csv(tmp_path / "psr.csv", RULES)
    monkeypatch.setattr(RuleListImportDialog, "ask", _ask(RuleListRequest(path, "csv", SOURCE)))
    window = make_window(qtbot, gui_ctx)
    actions = window.file_menu.actions()
    assert actions.index(window.act_import_rules) == actions.index(window.act_import_tariffs) + 1
    assert window.act_import_rules.text() == "Import rule list…"
    assert window.act_import_rules.isEnabled()
    window.act_import_rules.trigger()
    page = window.origin_page
    assert window.current_page() is Page.ORIGIN
    task = page.rule_import.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=20_000)
    qtbot.waitUntil(lambda: gui_ctx.tasks.active_count() == 0, timeout=20_000)
    assert _imported(gui_ctx) == [("850760", "CTH or RVC40"), ("851981", "CTSH or RVC40")]
    assert page.rule_panel.rule_text() == "CTH or RVC40"
    _close_report(page)
