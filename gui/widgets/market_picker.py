"""Choosing target markets: a searchable, checkable list of market groups, then countries.

Names come from ``services.refdata.countries.all_markets`` in the current language (Chinese
names in zh_CN, from CLDR); the search matches names and codes (``jp``, ``日本``, ``asean``). The
chosen codes keep the order in which they were stored or ticked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget
from typing_extensions import override

from gui.models import SORT_ROLE, ListTableModel
from services.core.i18n import _, current_locale, is_chinese
from services.refdata.countries import Market, all_markets, market_name

FILTER_ROLE = SORT_ROLE + 10


def join_names(names: Iterable[str]) -> str:
    return ("、" if is_chinese() else ", ").join(names)


class MarketsModel(ListTableModel[Market]):
    class Col(IntEnum):
        NAME = 0

    columns: ClassVar[type[IntEnum]] = Col
    checked_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checked: list[str] = []
        self._read_only = False
        self._bold = QFont()
        self._bold.setBold(True)
        self.reload_markets()

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        return {self.Col.NAME: _("Market")}

    def reload_markets(self) -> None:
        """(Re)reads the market names in the current language; keeps the ticks."""
        collator = QCollator(QLocale(current_locale()))  # pinyin order for Chinese names
        markets = all_markets(sort_key=functools.cmp_to_key(collator.compare))
        known = {m.code for m in markets}
        extra = [Market(code, market_name(code), False) for code in self._checked]
        markets += [m for m in extra if m.code not in known]
        self.set_items(markets)

    def checked(self) -> tuple[str, ...]:
        return tuple(self._checked)

    def set_checked(self, codes: Iterable[str]) -> None:
        self._checked = list(dict.fromkeys(codes))
        known = {m.code for m in self._items}
        if any(code not in known for code in self._checked):
            self.reload_markets()
        else:
            self.all_changed()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    @override
    def cell_data(self, item: Market, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = item.code in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _("Market group") if item.is_group else _("Country or territory")
            return f"{item.name} ({item.code}) — {kind}"
        if role == Qt.ItemDataRole.FontRole and item.is_group:
            return self._bold
        if role == FILTER_ROLE:
            return f"{item.code} {item.name}"
        return None

    @override
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    @override
    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or self._read_only:
            return False
        code = self.item(index.row()).code
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked and code not in self._checked:
            self._checked.append(code)
        elif not checked and code in self._checked:
            self._checked.remove(code)
        else:
            return False
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True


class MarketPicker(QWidget):
    markets_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MarketsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.list_view = QListView(self)
        self.list_view.setModel(self.proxy)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setUniformItemSizes(True)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.error_label)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self.retranslate()

    def markets(self) -> tuple[str, ...]:
        return self.model.checked()

    def set_markets(self, codes: Iterable[str]) -> None:
        self.model.set_checked(codes)
        self._update_chosen()

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)
        self.model.all_changed()

    def set_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.list_view.setStyleSheet("QListView { border: 1px solid #c62828; }" if message else "")

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(_("Find a market: name or code (JP, ASEAN, 德国)"))
        self.model.reload_markets()
        self.model.retranslate()
        self._update_chosen()

    def _update_chosen(self) -> None:
        codes = self.model.checked()
        if codes:
            text = _("Chosen: {markets}").format(markets=join_names(market_name(c) for c in codes))
        else:
            text = _("No market chosen yet.")
        self.chosen_label.setText(text)

    def _on_model_checked_changed(self) -> None:
        self._update_chosen()
        self.set_error(None)
        self.markets_changed.emit()
