"""The problems found in a BOM file, row by row (nothing was imported)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.core.errors import FieldError
from services.core.i18n import _, format_integer, ngettext

_ROW = re.compile(r"^rows\[(\d+)\]")


def row_number(field: str) -> int | None:
    match = _ROW.match(field or "")
    return int(match.group(1)) if match else None


class BomImportErrorsDialog(QDialog):
    def __init__(self, file_name: str, errors: list[FieldError], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Bill of materials not imported"))
        self.summary_label = QLabel(
            ngettext(
                "{file} has {count} problem. Nothing was imported; correct the file and import "
                "it again.",
                "{file} has {count} problems. Nothing was imported; correct the file and import "
                "it again.",
                len(errors),
            ).format(file=file_name, count=format_integer(len(errors))),
            self,
        )
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(len(errors), 2, self)
        self.table.setHorizontalHeaderLabels([_("Row"), _("Problem")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, error in enumerate(errors):
            number = row_number(error.field)
            cell = QTableWidgetItem("" if number is None else str(number))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, cell)
            self.table.setItem(row, 1, QTableWidgetItem(error.message))
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(560, 320)  # explicit: the offscreen platform warns on late resizes
        self.resize(720, 420)

    def rows(self) -> list[tuple[str, str]]:
        shown = []
        for r in range(self.table.rowCount()):
            number, problem = self.table.item(r, 0), self.table.item(r, 1)
            shown.append((number.text() if number else "", problem.text() if problem else ""))
        return shown


def show_bom_import_errors(
    parent: QWidget | None, file_name: str, errors: list[FieldError]
) -> BomImportErrorsDialog:
    """Non-blocking; the dialog is deleted when closed."""
    dialog = BomImportErrorsDialog(file_name, errors, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
