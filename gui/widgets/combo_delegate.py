"""A table cell edited with a combo box: it opens on the cell's value (the item data), and a
choice is committed at once. Subclasses fill the combo and may read the chosen value their own
way (:meth:`ComboDelegate.chosen`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from typing_extensions import override

from gui.models import AnyIndex


class ComboDelegate(QStyledItemDelegate):
    def fill(self, combo: QComboBox) -> None:
        raise NotImplementedError

    def chosen(self, combo: QComboBox) -> Any:
        """The value stored in the model for the combo's choice."""
        return combo.currentData()

    @override
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        self.fill(combo)
        combo.activated.connect(lambda _row: self.commitData.emit(combo))
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setCurrentIndex(max(position, 0))

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, self.chosen(editor), Qt.ItemDataRole.EditRole)
