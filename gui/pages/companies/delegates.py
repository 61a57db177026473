"""Cell editors of the contacts and products tables: a role combo, and an HS-code line edit that
updates the description column while the code is typed."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from gui.models import AnyIndex
from gui.pages.companies.models import ProductsTableModel
from gui.widgets.combo_delegate import ComboDelegate
from services.companies.models import choice_label
from services.core.i18n import _


class ChoiceDelegate(ComboDelegate):
    """A combo of translated labels; the model stores the key."""

    def __init__(self, choices: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = dict(choices)

    @override
    def fill(self, combo: QComboBox) -> None:
        for key in self._choices:
            combo.addItem(choice_label(self._choices, key), key)


class HsCodeDelegate(QStyledItemDelegate):
    """Line edit for the HS code; the description cell follows every key stroke."""

    def __init__(self, model: ProductsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    @override
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        edit = QLineEdit(parent)
        edit.setMaxLength(16)
        edit.setPlaceholderText(_("e.g. 8507.60"))
        row = index.row()
        edit.textEdited.connect(lambda text: self._model.set_hs_preview(row, text))
        edit.setProperty("row", row)
        return edit

    @override
    def destroyEditor(self, editor: QWidget, index: AnyIndex) -> None:
        row = editor.property("row")
        if isinstance(row, int):
            self._model.set_hs_preview(row, None)  # Esc: back to the stored code's description
        super().destroyEditor(editor, index)
