"""The small labels of a form: a field's error message (hidden until there is one) and a grey
hint."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#c62828"
HINT_COLOUR = "#6b6b6b"


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label


def hint_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOUR};")
    return label
