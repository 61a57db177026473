"""Cell editors of the materials table: the origin (RCEP Parties first, then every other country,
and "unknown") and line edits that say what to type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from gui.models import AnyIndex
from gui.pages.rcep.origin.materials import origin_label
from gui.widgets.combo_delegate import ComboDelegate
from services.core.i18n import _
from services.rcep.parties import PARTIES
from services.refdata.countries import country_codes, country_name


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


class OriginDelegate(ComboDelegate):
    @override
    def fill(self, combo: QComboBox) -> None:
        combo.setEditable(True)  # type a few letters of the name or the code to jump there
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        fill_origin_combo(combo)

    @override
    def chosen(self, combo: QComboBox) -> Any:
        """The typed name or code, else the highlighted item; "" for unknown."""
        typed = combo.currentText().strip()
        position = combo.findText(typed, Qt.MatchFlag.MatchFixedString)
        if position < 0 and len(typed) == 2:
            position = combo.findData(typed.upper())
        if position < 0:
            position = combo.currentIndex()
        return combo.itemData(position) or ""


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
