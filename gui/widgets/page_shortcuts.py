"""The keys of a page that computes and saves: Ctrl+Enter (either Enter key) runs, Ctrl+S saves,
while the focus is anywhere on the page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def run_and_save_shortcuts(
    page: QWidget, run: Callable[[], object], save: Callable[[], object]
) -> QShortcut:
    """Returns the save shortcut, for the page to disable in read-only mode."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(run)
    save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), page)
    save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    save_shortcut.activated.connect(save)
    return save_shortcut
