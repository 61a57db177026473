"""Opening the data folder at start-up, with a way out for every problem.

``open_store_interactively`` calls services.core.store.open_store and, when it fails, asks the
user what to do — never a traceback, never silent loss:

========================================  ============================================
problem                                   ways out
========================================  ============================================
another copy holds the data folder        Open read-only · Quit
database written by a newer version       Open read-only · Restore a backup… · Quit
damaged database / failed upgrade         Restore a backup… · Quit
anything else (e.g. folder not writable)  Quit
========================================  ============================================

Restoring here replaces a database that cannot be opened: the current file is moved aside in the
data folder (``exportpilot-damaged-<time>.db``, or ``exportpilot-newer-<time>.db`` for a
database from a newer version; never deleted), the chosen backup is copied into its place, and
the store is opened normally (which brings an older backup up to the current schema).

The question is ``StartupProblemDialog.ask(parent, exc, backups) -> StartupChoice``; tests
replace it.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.backup_dialog import BackupPickerDialog
from gui.errors import error_text
from services.core import backups
from services.core.backups import BackupInfo
from services.core.errors import (
    AppError,
    CorruptDatabaseError,
    DatabaseLockedError,
    NewerDatabaseError,
)
from services.core.i18n import _
from services.core.paths import AppPaths
from services.core.store import DataStore, MigrationError, open_store, restore_into_place

log = logging.getLogger(__name__)


class StartupAction(enum.Enum):
    READ_ONLY = "read_only"
    RESTORE = "restore"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class StartupChoice:
    action: StartupAction
    backup: Path | None = None  # the file to restore, for RESTORE

    @classmethod
    def quit(cls) -> StartupChoice:
        return cls(StartupAction.QUIT)

    @classmethod
    def read_only(cls) -> StartupChoice:
        return cls(StartupAction.READ_ONLY)

    @classmethod
    def restore(cls, backup: Path) -> StartupChoice:
        return cls(StartupAction.RESTORE, backup)


def options_for(exc: BaseException) -> tuple[StartupAction, ...]:
    """The ways out offered for a failure of open_store, in button order."""
    if isinstance(exc, DatabaseLockedError):
        return (StartupAction.READ_ONLY, StartupAction.QUIT)
    if isinstance(exc, NewerDatabaseError):
        return (StartupAction.READ_ONLY, StartupAction.RESTORE, StartupAction.QUIT)
    if isinstance(exc, CorruptDatabaseError | MigrationError):
        return (StartupAction.RESTORE, StartupAction.QUIT)
    return (StartupAction.QUIT,)


def set_aside_label(exc: BaseException) -> str:
    return "newer" if isinstance(exc, NewerDatabaseError) else "damaged"


# ---- the question ------------------------------------------------------------------------


class StartupProblemDialog(QDialog):
    """Says what went wrong in plain words and offers only the ways out that apply."""

    def __init__(self, parent: QWidget | None, exc: BaseException, found: list[BackupInfo]):
        super().__init__(parent)
        self._exc = exc
        self._backups = found
        self._data_dir = _data_dir_of(found)
        self.choice = StartupChoice.quit()
        self.options = options_for(exc)
        self.setWindowTitle(_("ExportPilot cannot open its data"))
        self.setMinimumSize(520, 200)

        icon = QLabel()
        icon.setPixmap(
            self.style()
            .standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning
                if StartupAction.READ_ONLY in self.options
                else QStyle.StandardPixmap.SP_MessageBoxCritical
            )
            .pixmap(48, 48)
        )
        self.message = QLabel(self._text())
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.message, 1)

        self.buttons = QDialogButtonBox()
        self.action_buttons: dict[StartupAction, QPushButton] = {}
        labels = {
            StartupAction.READ_ONLY: _("Open read-only"),
            StartupAction.RESTORE: _("Restore a backup…"),
            StartupAction.QUIT: _("Quit"),
        }
        roles = {
            StartupAction.READ_ONLY: QDialogButtonBox.ButtonRole.AcceptRole,
            StartupAction.RESTORE: QDialogButtonBox.ButtonRole.ActionRole,
            StartupAction.QUIT: QDialogButtonBox.ButtonRole.RejectRole,
        }
        for action in self.options:
            button = self.buttons.addButton(labels[action], roles[action])
            self.action_buttons[action] = button
            button.clicked.connect(self._chooser(action))
        self.rejected.connect(self._on_rejected)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)

    def _text(self) -> str:
        detail = error_text(self._exc)
        if isinstance(self._exc, DatabaseLockedError):
            hint = _(
                "Another copy is using this data folder. Read-only, you can look at "
                "everything but not change anything."
            )
        elif isinstance(self._exc, NewerDatabaseError):
            hint = _(
                "You can open it read-only, or restore a backup made by this version. The "
                "newer database is kept in the data folder, not deleted."
            )
        elif isinstance(self._exc, CorruptDatabaseError | MigrationError):
            hint = _(
                "Restore a backup to continue. The current database file is moved aside in "
                "the data folder, not deleted."
            )
        else:
            hint = _("ExportPilot has to close. The details are in the log file.")
        return detail + "\n\n" + hint

    def _chooser(self, action: StartupAction) -> Callable[[], None]:
        def choose() -> None:
            if action is StartupAction.RESTORE:
                path = BackupPickerDialog.ask(self, self._backups, self._data_dir)
                if path is None:
                    return  # back to the question
                self.choice = StartupChoice.restore(path)
            else:
                self.choice = StartupChoice(action)
            self.done(QDialog.DialogCode.Accepted)

        return choose

    @Slot()
    def _on_rejected(self) -> None:
        self.choice = StartupChoice.quit()

    @classmethod
    def ask(
        cls, parent: QWidget | None, exc: BaseException, found: list[BackupInfo]
    ) -> StartupChoice:
        dialog = cls(parent, exc, found)
        try:
            dialog.exec()
            return dialog.choice
        finally:
            dialog.deleteLater()


def _data_dir_of(found: list[BackupInfo]) -> Path:
    return found[0].path.parent if found else Path.home()


def report_restore_failure(parent: QWidget | None, exc: BaseException) -> None:
    dialogs.inform(
        parent,
        _("The backup was not restored"),
        _("{detail}\n\nNothing was changed. Choose another backup, or quit.").format(
            detail=error_text(exc)
        ),
    )


def open_store_interactively(paths: AppPaths, parent: QWidget | None = None) -> DataStore | None:
    """The open store, read-only if the user chose so; None if the user chose to quit."""
    read_only = False
    while True:
        try:
            return open_store(paths, read_only=read_only)
        except (AppError, OSError) as exc:
            problem: BaseException = exc
            if isinstance(exc, OSError):
                log.exception("cannot open the data folder %s", paths.data_dir)
                problem = AppError(
                    _("The data folder {path} cannot be used: {reason}").format(
                        path=paths.data_dir, reason=exc.strerror or exc
                    )
                )
            else:
                log.warning("cannot open %s: %s", paths.db_path, exc.message)
        options = options_for(problem)
        found = backups.list_backups(paths.backups_dir)
        choice = StartupProblemDialog.ask(parent, problem, found)
        if choice.action not in options or choice.action is StartupAction.QUIT:
            return None
        if choice.action is StartupAction.READ_ONLY:
            read_only = True
            continue
        if choice.backup is None:
            return None
        try:
            restore_into_place(paths, choice.backup, set_aside_label(problem))
        except (AppError, OSError) as exc:
            log.warning("restoring %s failed: %s", choice.backup, exc)
            report_restore_failure(parent, exc)
        read_only = False
