"""Start-up problems: each one gets the right ways out, and restoring never loses a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

import gui.dialogs
import gui.startup
from gui.backup_dialog import BackupPickerDialog
from gui.startup import (
    StartupAction,
    StartupChoice,
    StartupProblemDialog,
    open_store_interactively,
    options_for,
)
from services.companies.repository import CompanyRepository
from services.core import backups
from services.core.backups import BackupInfo
from services.core.errors import (
    AppError,
    CorruptDatabaseError,
    DatabaseLockedError,
    NewerDatabaseError,
)
from services.core.i18n import set_locale
from services.core.migrations import MIGRATION_SET
from services.core.paths import AppPaths
from services.core.store import DataStore, MigrationError, open_store
from services.refdata.reference import ReferenceData
from tests.test_gui.shell_support import add_company

pytestmark = pytest.mark.gui

GARBAGE = b"this is not a database " * 200


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")


class Asked:
    """Stands in for StartupProblemDialog.ask: answers in turn, records what it was shown."""

    def __init__(self, *answers: StartupChoice):
        self.answers = list(answers)
        self.problems: list[BaseException] = []
        self.backups: list[list[BackupInfo]] = []

    def __call__(self, parent: Any, exc: BaseException, found: list[BackupInfo]) -> StartupChoice:
        self.problems.append(exc)
        self.backups.append(found)
        return self.answers.pop(0) if self.answers else StartupChoice.quit()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(*answers: StartupChoice) -> Asked:
        fake = Asked(*answers)
        monkeypatch.setattr(StartupProblemDialog, "ask", fake)
        return fake

    return install


def _company_backup(paths: AppPaths, reference: ReferenceData, name: str) -> tuple[str, Path]:
    """A data folder with one company and a backup of it; the store is closed again."""
    store = open_store(paths)
    try:
        company_id = add_company(CompanyRepository(store.db), reference.hs, name)
        return company_id, store.backup_now()
    finally:
        store.close()


def _make_newer(paths: AppPaths) -> None:
    store = open_store(paths)
    store.db.table("_sqlite_migrations").insert(
        {"migration_set": MIGRATION_SET, "name": "m999_from_the_future", "applied_at": "x"}
    )
    store.close()


# ---- which ways out ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (DatabaseLockedError("x"), (StartupAction.READ_ONLY, StartupAction.QUIT)),
        (
            NewerDatabaseError("x"),
            (StartupAction.READ_ONLY, StartupAction.RESTORE, StartupAction.QUIT),
        ),
        (CorruptDatabaseError("x"), (StartupAction.RESTORE, StartupAction.QUIT)),
        (MigrationError("x"), (StartupAction.RESTORE, StartupAction.QUIT)),
        (AppError("x"), (StartupAction.QUIT,)),
    ],
)
def test_options_per_problem(exc: AppError, expected: tuple[StartupAction, ...]) -> None:
    assert options_for(exc) == expected


@pytest.mark.parametrize(
    ("exc", "buttons"),
    [
        (DatabaseLockedError("Locked!"), ["Open read-only", "Quit"]),
        (NewerDatabaseError("Newer!"), ["Open read-only", "Restore a backup…", "Quit"]),
        (CorruptDatabaseError("Damaged!"), ["Restore a backup…", "Quit"]),
    ],
)
def test_problem_dialog_shows_the_message_and_only_its_buttons(
    qtbot: QtBot, exc: AppError, buttons: list[str]
) -> None:
    dialog = StartupProblemDialog(None, exc, [])
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    shown = sorted(b.text() for b in dialog.findChildren(QPushButton) if b.isVisible())
    assert shown == sorted(buttons)
    assert exc.message in dialog.message.text()
    if isinstance(exc, DatabaseLockedError):
        assert "Another copy is using this data folder" in dialog.message.text()


def test_problem_dialog_read_only_button(qtbot: QtBot) -> None:
    dialog = StartupProblemDialog(None, DatabaseLockedError("Locked"), [])
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.action_buttons[StartupAction.READ_ONLY], Qt.MouseButton.LeftButton)
    assert dialog.choice == StartupChoice.read_only()


def test_problem_dialog_restore_goes_through_the_backup_picker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen = tmp_path / "exportpilot-20240305-060300-000000-daily.db"
    answers: list[Path | None] = [None, chosen]  # first the user cancels the picker
    monkeypatch.setattr(BackupPickerDialog, "ask", lambda *a: answers.pop(0))
    dialog = StartupProblemDialog(None, CorruptDatabaseError("Damaged"), [])
    qtbot.addWidget(dialog)
    dialog.open()
    restore = dialog.action_buttons[StartupAction.RESTORE]
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # back to the question, nothing chosen
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.choice == StartupChoice.restore(chosen)


def test_closing_the_problem_dialog_means_quit(qtbot: QtBot) -> None:
    dialog = StartupProblemDialog(None, NewerDatabaseError("Newer"), [])
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice == StartupChoice.quit()


# ---- the flows --------------------------------------------------------------------------------


def test_healthy_folder_opens_without_a_question(paths: AppPaths, asked: Any) -> None:
    fake = asked()
    store = open_store_interactively(paths)
    assert store is not None
    try:
        assert not store.read_only
        assert fake.problems == []
    finally:
        store.close()


def test_locked_folder_offers_read_only(store: DataStore, asked: Any) -> None:
    fake = asked(StartupChoice.read_only())
    second = open_store_interactively(store.paths)
    assert second is not None
    try:
        assert isinstance(fake.problems[0], DatabaseLockedError)
        assert second.read_only
    finally:
        second.close()


def test_locked_folder_quit(store: DataStore, asked: Any) -> None:
    fake = asked(StartupChoice.quit())
    assert open_store_interactively(store.paths) is None
    assert len(fake.problems) == 1


def test_an_answer_that_was_not_offered_quits(store: DataStore, asked: Any) -> None:
    asked(StartupChoice.restore(store.paths.db_path))  # not a way out of a lock
    assert open_store_interactively(store.paths) is None
    assert store.paths.db_path.exists()


def test_newer_database_read_only(paths: AppPaths, reference: ReferenceData, asked: Any) -> None:
    company_id, _backup = _company_backup(paths, reference, "新公司")
    _make_newer(paths)
    fake = asked(StartupChoice.read_only())
    store = open_store_interactively(paths)
    assert store is not None
    try:
        assert isinstance(fake.problems[0], NewerDatabaseError)
        assert store.read_only
        assert CompanyRepository(store.db).exists(company_id)
    finally:
        store.close()


def test_newer_database_restore_keeps_the_newer_file(
    paths: AppPaths, reference: ReferenceData, asked: Any
) -> None:
    company_id, backup = _company_backup(paths, reference, "旧公司")
    _make_newer(paths)
    newer_bytes = paths.db_path.read_bytes()
    fake = asked(StartupChoice.restore(backup))
    store = open_store_interactively(paths)
    assert store is not None
    try:
        assert backup in [b.path for b in fake.backups[0]]  # the backups were offered
        assert not store.read_only
        assert CompanyRepository(store.db).exists(company_id)
        kept = list(paths.data_dir.glob("exportpilot-newer-*.db"))
        assert len(kept) == 1
        assert kept[0].read_bytes() == newer_bytes
    finally:
        store.close()


def test_corrupt_database_restore_moves_the_damaged_file_aside(
    paths: AppPaths, reference: ReferenceData, asked: Any
) -> None:
    company_id, backup = _company_backup(paths, reference, "好公司")
    paths.db_path.write_bytes(GARBAGE)
    wal = paths.db_path.with_name(paths.db_path.name + "-wal")
    wal.write_bytes(b"stale wal of the damaged database")
    fake = asked(StartupChoice.restore(backup))
    store = open_store_interactively(paths)
    assert store is not None
    try:
        assert isinstance(fake.problems[0], CorruptDatabaseError)
        assert CompanyRepository(store.db).get(company_id).name_zh == "好公司"
        damaged = list(paths.data_dir.glob("exportpilot-damaged-*.db"))
        assert len(damaged) == 1
        assert damaged[0].read_bytes() == GARBAGE  # kept, never deleted
        wal_aside = damaged[0].with_name(damaged[0].name + "-wal")
        assert wal_aside.read_bytes() == b"stale wal of the damaged database"
    finally:
        store.close()


def test_failed_restore_reports_and_leaves_the_damaged_file_in_place(
    paths: AppPaths,
    reference: ReferenceData,
    asked: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _company_backup(paths, reference, "某公司")
    paths.db_path.write_bytes(GARBAGE)
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_bytes(b"hello")
    informed: list[tuple[Any, ...]] = []
    monkeypatch.setattr(gui.dialogs, "inform", lambda *a: informed.append(a))
    fake = asked(StartupChoice.restore(not_a_backup), StartupChoice.quit())
    assert open_store_interactively(paths) is None
    assert len(fake.problems) == 2  # asked again after the failure
    assert "notes.db" in informed[0][2]
    assert paths.db_path.read_bytes() == GARBAGE
    assert list(paths.data_dir.glob("exportpilot-damaged-*")) == []


def test_copy_failure_puts_the_old_file_back(
    paths: AppPaths, reference: ReferenceData, asked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _company_id, backup = _company_backup(paths, reference, "某公司")
    paths.db_path.write_bytes(GARBAGE)

    def broken_copy(*args: Any) -> Path:
        raise backups.BackupError("disk full")

    monkeypatch.setattr(backups, "backup_to", broken_copy)
    monkeypatch.setattr(gui.dialogs, "inform", lambda *a: None)
    asked(StartupChoice.restore(backup), StartupChoice.quit())
    assert open_store_interactively(paths) is None
    assert paths.db_path.read_bytes() == GARBAGE
    assert list(paths.data_dir.glob("exportpilot-damaged-*")) == []


def test_failed_upgrade_offers_restore(
    paths: AppPaths, reference: ReferenceData, asked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    company_id, backup = _company_backup(paths, reference, "升级公司")
    real_open = open_store
    calls = {"n": 0}

    def failing_once(p: AppPaths, *, read_only: bool = False) -> DataStore:
        calls["n"] += 1
        if calls["n"] == 1:
            raise MigrationError("The database could not be upgraded (boom).")
        return real_open(p, read_only=read_only)

    monkeypatch.setattr(gui.startup, "open_store", failing_once)
    fake = asked(StartupChoice.restore(backup))
    store = open_store_interactively(paths)
    assert store is not None
    try:
        assert isinstance(fake.problems[0], MigrationError)
        assert CompanyRepository(store.db).exists(company_id)
        assert len(list(paths.data_dir.glob("exportpilot-damaged-*.db"))) == 1
    finally:
        store.close()


def test_unusable_folder_offers_only_quit(tmp_path: Path, asked: Any) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fake = asked(StartupChoice.read_only())  # not offered: must not be obeyed
    assert open_store_interactively(AppPaths(blocker / "data")) is None
    assert options_for(fake.problems[0]) == (StartupAction.QUIT,)
    assert "cannot be used" in str(fake.problems[0])


# ---- the backup picker ------------------------------------------------------------------------


def test_backup_picker_lists_date_reason_size_and_returns_the_choice(
    qtbot: QtBot, store: DataStore
) -> None:
    first = store.backup_now()
    second = store.backup_now(backups.REASON_DAILY)
    found = backups.list_backups(store.paths.backups_dir)
    dialog = BackupPickerDialog(None, found, store.paths.backups_dir)
    qtbot.addWidget(dialog)
    dialog.open()
    texts = [dialog.list.item(r).text() for r in range(dialog.list.count())]
    assert "automatic daily backup" in texts[0]
    assert "made by hand" in texts[1]
    assert all("KB" in t for t in texts)
    assert found[0].path == second
    dialog.list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == first


def test_backup_picker_can_take_a_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked = tmp_path / "usb" / "copy.db"
    monkeypatch.setattr(gui.dialogs, "open_file", lambda *a: picked)
    dialog = BackupPickerDialog(None, [], tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.restore_button.isEnabled()
    assert "no backups" in dialog.intro.text()
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == picked
