"""The origin page in the main window: its sidebar entry and shortcut, the company page's list
of saved assessments, and a live language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.main_window import Page
from gui.pages.companies.editor import CompanyEditor
from gui.pages.rcep.origin.bom_editor import BomDraft
from gui.pages.rcep.origin.materials import MaterialDraft
from gui.pages.rcep.origin.page import OriginPage
from services.core import i18n
from services.core.i18n import set_locale
from tests.test_gui.origin_support import BATTERY_ID, add_origin_company, show_page
from tests.test_gui.shell_support import activate, make_window, write_test_catalog

pytestmark = pytest.mark.gui

BOM = BomDraft(
    fob_value="100",
    currency="USD",
    materials=(
        MaterialDraft("cells", "8507.60", "KR", True, "KR-1", value="30"),
        MaterialDraft("casing", "3926.90", "DE", False, value="20"),
    ),
)


def _assess_battery(page: OriginPage) -> None:
    page.editor.load_draft(BOM)
    page.rule_panel.rule_edit.setText("CTH or RVC40")


def test_alt_5_opens_the_page_and_saved_assessments_show_on_the_company_page(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    asked: list[str] = []

    def discard(*args: object, **kwargs: object) -> bool:
        asked.append("discard?")
        return True

    monkeypatch.setattr(dialogs, "confirm", discard)
    company_id = add_origin_company(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is Page.ORIGIN
    page = window.origin_page
    assert page.isVisible()

    _assess_battery(page)
    assessment_id = page.save_assessment()
    assert assessment_id is not None

    window.show_page(Page.COMPANIES)
    window.companies_page.select_company(company_id)
    editor = window.companies_page.editor
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_ORIGIN)
    tab = editor.origin_tab
    assert tab.count() == 1
    assert editor.tabs.tabText(CompanyEditor.TAB_ORIGIN) == "Origin assessments (1)"
    row = tab.model.item(0)
    assert (row.id, row.product_id, row.criterion) == (assessment_id, BATTERY_ID, "CTC ACU")
    assert not tab.delete_button.isVisible()  # read-only here

    page.editor.load_draft(BomDraft())  # something else on the origin page meanwhile
    page.verdict.show_verdict(None)
    tab.select(assessment_id)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "discard?"
    ]  # the unsaved table on the origin page was not thrown away silently
    assert window.current_page() is Page.ORIGIN
    assert [m.name for m in page.editor.model.items()] == ["cells", "casing"]
    assert page.verdict.box10_value.text() == "CTC ACU"


def test_language_switch_relabels_and_reassesses(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_locale("en")
    add_origin_company(gui_ctx)
    page = show_page(qtbot, gui_ctx)
    _assess_battery(page)
    assert page.run_assessment()
    assert page.assess_button.text() == "Assess"
    assert page.verdict.box10_title.text() == "Box 10, origin criterion"

    resources = tmp_path / "resources"
    write_test_catalog(
        resources,
        {
            "Assess": "评估",
            "Box 10, origin criterion": "第10栏 原产地标准",
            "Bill of materials ({count})": "物料清单（{count}）",
            "Material": "物料",
            "Rule: {rule}": "规则：{rule}",
        },
    )
    monkeypatch.setattr(i18n, "resource_dir", lambda: resources)
    set_locale("zh_CN")
    gui_ctx.hub.language_changed.emit("zh_CN")

    assert page.assess_button.text() == "评估"
    assert page.verdict.box10_title.text() == "第10栏 原产地标准"
    assert page.editor.tabs.tabText(page.editor.TAB_MATERIALS) == "物料清单（2）"
    header = page.editor.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "物料"
    assert page.verdict.rule_value.text() == "规则：CTH or RVC40"  # assessed again, in Chinese
    assert page.verdict.box10_value.text() == "CTC ACU"
