"""The HS code browser page: search, the path in the current language, copy, the caveat."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.refdata.page import HsBrowserPage
from services.core.i18n import set_locale

# Top-level widgets get an explicit minimum size before show(): otherwise the offscreen
# platform warns "This plugin does not support propagateSizeHints()" when the layout
# changes the window's minimum, and qt_log_level_fail = WARNING fails the test.


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> HsBrowserPage:
    widget = HsBrowserPage(gui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.setMinimumSize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _current(page: HsBrowserPage) -> str | None:
    entry = page.current_entry()
    return entry.code if entry else None


def _select(page: HsBrowserPage, code: str) -> None:
    assert page.view.select_code(code), code


def test_search_shows_the_path_and_copies_the_code(
    qtbot: QtBot, page: HsBrowserPage, gui_ctx: GuiContext
) -> None:
    hs = gui_ctx.reference.hs
    page.focus_search()
    qtbot.keyClicks(page.search_edit, "8507")
    codes = [e.code for e in page.view.results.items()]
    assert codes[0] == "8507"
    assert "850760" in codes
    row = codes.index("850760")
    rect = page.view.visualRect(page.view.results.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _current(page) == "850760"

    shown = page.path_label.text()
    section = hs.section_name("XVI")
    chapter, heading, subheading = hs.path("850760")
    for text in (section, chapter.description(), heading.description(), subheading.description()):
        assert text.replace("&", "&amp;") in shown
    assert shown.index(chapter.description()) < shown.index(heading.description())
    assert "8507.60" in page.detail_title.text()

    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "8507.60"
    assert messages
    assert "8507.60" in messages[0]


def test_unverified_note_is_visible(page: HsBrowserPage) -> None:
    assert page.note_label.isVisible()
    assert "未经核实" in page.note_label.text()  # zh_CN is the default language
    assert "HS 2022" in page.edition_label.text()


def test_words_and_nothing_found(qtbot: QtBot, page: HsBrowserPage) -> None:
    qtbot.keyClicks(page.search_edit, "lithium-ion")
    assert "850760" in [e.code for e in page.view.results.items()]
    page.search_edit.clear()
    assert page.view.results.rowCount() > 90  # the chapters again
    qtbot.keyClicks(page.search_edit, "qqqzzz")
    assert page.view.results.rowCount() == 0
    assert not page.copy_button.isEnabled()
    assert page.path_label.text() == ""


def test_enter_on_a_heading_opens_it(qtbot: QtBot, page: HsBrowserPage) -> None:
    qtbot.keyClicks(page.search_edit, "accumulators")
    _select(page, "8507")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.search_edit.text() == "8507"
    assert [e.code for e in page.view.results.items()][:2] == ["8507", "850710"]
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)  # arrows move while typing
    assert _current(page) == "850710"


def test_path_follows_the_language(qtbot: QtBot, page: HsBrowserPage, gui_ctx: GuiContext) -> None:
    hs = gui_ctx.reference.hs
    qtbot.keyClicks(page.search_edit, "850760")
    _select(page, "850760")
    chinese_section = hs.section_name("XVI")
    assert chinese_section in page.path_label.text()

    set_locale("en")
    gui_ctx.hub.language_changed.emit("en")
    english_section = hs.section_name("XVI")
    assert english_section != chinese_section
    assert english_section in page.path_label.text()
    assert chinese_section not in page.path_label.text()
    assert page.copy_button.text() == "Copy code"
    assert page.view.results.headerData(2, Qt.Orientation.Horizontal) == "Chinese name"
