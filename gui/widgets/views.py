"""Small builders for the shapes the pages repeat: a read-only table, and a view that shows
an explanation until it has something to show."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.models import ListTableModel


def read_only_table(
    model: ListTableModel[Any],
    parent: QWidget,
    *,
    stretch: int | None = None,
    alternating: bool = False,
) -> QTableView:
    """Whole-row selection, no editing, no row numbers; ``stretch`` fills the width with one
    column (the others fit their contents)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(alternating)
    if stretch is not None:
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def empty_or_scroll(owner: QWidget, empty_label: QLabel, content: QWidget) -> QStackedWidget:
    """Fills ``owner`` with a stack: page 0 the explanation, page 1 ``content`` in a scroll area."""
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    stack = QStackedWidget(owner)
    stack.addWidget(empty_label)
    stack.addWidget(scroll)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(stack)
    return stack
