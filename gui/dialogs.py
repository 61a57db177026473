"""Small modal questions, each one function returning plain values.

Callers use these instead of QMessageBox / QFileDialog directly, so tests replace them with
``monkeypatch.setattr(gui.dialogs, "confirm", lambda *a, **k: True)`` and never block on a
modal window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from services.core.i18n import _


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    yes = box.addButton(_("Yes"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("No"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.exec()


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text (e.g. a new name); None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(_("OK"))
    dialog.setCancelButtonText(_("Cancel"))
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def open_file(parent: QWidget | None, title: str, directory: str, filters: str) -> Path | None:
    name, _selected = QFileDialog.getOpenFileName(parent, title, directory, filters)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    name, _selected = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(name) if name else None


def documents_dir() -> Path:
    """Where file dialogs start when the user has not chosen a folder yet."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()
