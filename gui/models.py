"""Shared table-model base: a ``QAbstractTableModel`` over a ``list`` of (frozen) dataclasses.

Each concrete model names its columns with a ``Col(IntEnum)``, builds its translated headers in
``headers()`` (called by :meth:`ListTableModel.retranslate`, so a language switch relabels them)
and answers cells in ``cell_data()``. The object of a row is always available under
``Qt.ItemDataRole.UserRole`` (:data:`OBJECT_ROLE`), so views never re-query by row number.

Whole refreshes go through :meth:`ListTableModel.set_items` (``beginResetModel`` /
``endResetModel``); editable models change single rows with :meth:`replace_item`, which emits
``dataChanged`` for that row only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from typing_extensions import override

T = TypeVar("T")

OBJECT_ROLE = int(Qt.ItemDataRole.UserRole)
SORT_ROLE = OBJECT_ROLE + 1  # a value that sorts naturally (numbers, ISO dates, raw text)
BADGES_ROLE = OBJECT_ROLE + 2  # list[str]: small labels drawn before the text (示例, 已归档)
LEVEL_ROLE = OBJECT_ROLE + 3  # int: indentation level (HS chapter 0, heading 1, subheading 2)

AnyIndex = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Read-only by default; subclasses add ``flags``/``setData`` for editing."""

    columns: ClassVar[type[IntEnum]]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []
        self._headers: dict[int, str] = {}
        self._headers = {int(k): v for k, v in self.headers().items()}

    # ---- to implement ----------------------------------------------------------------------

    def headers(self) -> Mapping[IntEnum, str]:
        """Column titles in the current language (build them with ``_()`` here)."""
        return {col: col.name.title() for col in self.columns}

    def cell_data(self, item: T, row: int, column: int, role: int) -> Any:
        """The value for ``role`` of one cell; ``None`` for roles the model does not handle."""
        return None

    # ---- items -----------------------------------------------------------------------------

    def items(self) -> list[T]:
        return list(self._items)

    def item(self, row: int) -> T:
        return self._items[row]

    def set_items(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.on_items_reset()
        self.endResetModel()

    def on_items_reset(self) -> None:
        """Hook for caches that depend on the rows (called inside the reset)."""

    def replace_item(self, row: int, item: T) -> None:
        self._items[row] = item
        self.row_changed(row)

    def insert_item(self, row: int, item: T) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def append_item(self, item: T) -> int:
        row = len(self._items)
        self.insert_item(row, item)
        return row

    def remove_item(self, row: int) -> T:
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._items.pop(row)
        self.endRemoveRows()
        return removed

    def row_changed(self, row: int, roles: Sequence[int] = ()) -> None:
        if 0 <= row < len(self._items) and self.columnCount():
            self.dataChanged.emit(
                self.index(row, 0), self.index(row, self.columnCount() - 1), list(roles)
            )

    def all_changed(self) -> None:
        if self._items and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, self.columnCount() - 1)
            )

    def retranslate(self) -> None:
        """Relabel headers and cells after a language switch."""
        self._headers = {int(k): v for k, v in self.headers().items()}
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self.all_changed()

    # ---- Qt interface ----------------------------------------------------------------------

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers.get(section, "")
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == OBJECT_ROLE:
            return item
        return self.cell_data(item, index.row(), index.column(), role)
