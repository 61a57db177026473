"""Cell editors of the materials table: the origin (RCEP Parties first, then every other country,
and "unknown") and line edits that say what to type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from gui.pages.rcep.origin.materials import origin_label
from services.core.i18n import _
from services.rcep.parties import PARTIES
from services.refdata.countries import country_codes, country_name

AnyIndex = QModelIndex | QPersistentModelIndex


def fill_origin_combo(combo: QComboBox) -> None:
    """Unknown, the RCEP Parties (by name), a separator, then every other country."""
    combo.clear()
    combo.addItem(origin_label(""), "")
    for code in sorted(PARTIES, key=country_name):
        combo.addItem(origin_label(code), code)
    combo.insertSeparator(combo.count())
    others = [c for c in country_codes() if c not in PARTIES]
    for code in sorted(others, key=country_name):
        combo.addItem(origin_label(code), code)


class OriginDelegate(QStyledItemDelegate):
    @override
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)  # type a few letters of the name or the code to jump there
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        fill_origin_combo(combo)
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
            typed = editor.currentText().strip()
            position = editor.findText(typed, Qt.MatchFlag.MatchFixedString)
            if position < 0 and len(typed) == 2:
                position = editor.findData(typed.upper())
            if position < 0:
                position = editor.currentIndex()
            model.setData(index, editor.itemData(position) or "", Qt.ItemDataRole.EditRole)


class HintedTextDelegate(QStyledItemDelegate):
    """A line edit with a placeholder saying what the column expects."""

    def __init__(self, hint: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint

    @override
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        edit = QLineEdit(parent)
        edit.setPlaceholderText(self._hint())
        return edit


def hs_hint() -> str:
    return _("e.g. 8507.60")


def date_hint() -> str:
    return _("YYYY-MM-DD")


def number_hint() -> str:
    return _("e.g. 1234.50")
