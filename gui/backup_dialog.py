"""Choosing a backup to restore: the backups in the data folder (newest first, with date, reason
and size), or any backup file picked from disk.

Used by File › Restore from backup… and by the start-up problem dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from services.core import backups
from services.core.backups import BackupInfo
from services.core.i18n import N_, _, format_datetime, format_size

_REASONS = {
    backups.REASON_DAILY: N_("automatic daily backup"),
    backups.REASON_MANUAL: N_("made by hand"),
    backups.REASON_PRE_MIGRATION: N_("before a database upgrade"),
    backups.REASON_PRE_RESTORE: N_("before a restore"),
}


def reason_label(reason: str) -> str:
    for key, label in _REASONS.items():
        if reason == key or reason.startswith(key + "-"):
            return _(label)
    return reason


def describe_backup(info: BackupInfo) -> str:
    """One line: local date and time · why it was made · size."""
    return "{when} · {reason} · {size}".format(
        when=format_datetime(info.created.astimezone(), "medium"),
        reason=reason_label(info.reason),
        size=format_size(info.size),
    )


class BackupPickerDialog(QDialog):
    def __init__(self, parent: QWidget | None, found: list[BackupInfo], start_dir: Path):
        super().__init__(parent)
        self._start_dir = start_dir
        self.chosen: Path | None = None
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumSize(480, 300)

        self.intro = QLabel(
            _("Choose the backup to restore. Backups are listed newest first.")
            if found
            else _("There are no backups in the data folder yet. You can choose a backup file.")
        )
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        for info in found:
            item = QListWidgetItem(describe_backup(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        self.list.setVisible(bool(found))
        if found:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(self._on_list_double_clicked)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            _("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(found))
        self.file_button = QPushButton(_("Choose a file…"))
        self.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_restore_clicked)
        self.buttons.rejected.connect(self.reject)
        self.file_button.clicked.connect(self._on_file_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_restore_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = Path(str(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()

    @Slot(QListWidgetItem)
    def _on_list_double_clicked(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self._on_restore_clicked()

    @Slot()
    def _on_file_clicked(self) -> None:
        path = dialogs.open_file(
            self,
            _("Choose a backup file"),
            str(self._start_dir),
            _("ExportPilot backup (*.db);;All files (*)"),
        )
        if path is not None:
            self.chosen = path
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, found: list[BackupInfo], start_dir: Path) -> Path | None:
        dialog = cls(parent, found, start_dir)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.chosen
            return None
        finally:
            dialog.deleteLater()
