"""The verdict as a Chinese-speaking advisor reads it: criterion, box 11 and the articles cited."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from tests.test_gui.origin_support import add_origin_company, show_page, type_material

pytestmark = pytest.mark.gui


def test_the_verdict_reads_in_chinese(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    add_origin_company(gui_ctx)
    page = show_page(qtbot, gui_ctx)
    page.editor.fob_edit.setFocus()
    qtbot.keyClicks(page.editor.fob_edit, "100")
    type_material(qtbot, page, "cells", "8507.60", "30", origin="KR", originating=True,
                  evidence="KR-RCEP-0012")  # fmt: skip
    type_material(qtbot, page, "casing", "3926.90", "20", origin="DE")
    qtbot.keyClicks(page.rule_panel.rule_edit, "CTH or RVC40")
    page.editor.table.setFocus()
    qtbot.keyClick(page.editor.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.verdict.verdict() is not None, timeout=3000)
    verdict = page.verdict
    assert "具备 RCEP 原产资格" in verdict.headline_label.text()
    assert verdict.box10_value.text() == "CTC ACU"
    assert "中国" in verdict.box11_value.text()
    assert "附件 3A" in verdict.articles_value.text()
    assert "Annex" not in verdict.articles_value.text()
