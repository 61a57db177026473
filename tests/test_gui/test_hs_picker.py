"""HS picker dialog, HsCodeEdit, and the "…" button of a product row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.companies.editor import CompanyEditor
from gui.pages.companies.models import ProductsTableModel
from gui.pages.companies.page import CompaniesPage
from gui.widgets.hs_picker import HsCodeEdit, HsEntriesModel, HsPickerDialog
from services.companies.models import CompanyDraft, Product
from services.companies.repository import CompanyRepository
from services.core.errors import ValidationError
from services.refdata.reference import ReferenceData

# Top-level widgets get an explicit minimum size before show(): otherwise the offscreen
# platform warns "This plugin does not support propagateSizeHints()" when the layout
# changes the window's minimum, and qt_log_level_fail = WARNING fails the test.


@pytest.fixture
def dialog(qtbot: QtBot, reference: ReferenceData) -> HsPickerDialog:
    dlg = HsPickerDialog(reference)
    qtbot.addWidget(dlg)
    dlg.show()  # non-modal: exec() is never reached in tests
    qtbot.waitExposed(dlg)
    return dlg


def _current(dlg: HsPickerDialog) -> str | None:
    entry = dlg.view.current_entry()
    return entry.code if entry else None


def _codes(dlg: HsPickerDialog) -> list[str]:
    return [e.code for e in dlg.view.results.items()]


def test_typing_8507_lists_its_subheadings_and_enter_chooses(
    qtbot: QtBot, dialog: HsPickerDialog
) -> None:
    assert "HS 2022" in dialog.edition_label.text()
    assert _codes(dialog)[:2] == ["01", "02"]  # nothing typed: the chapters
    qtbot.keyClicks(dialog.search_edit, "8507")
    codes = _codes(dialog)
    assert codes[0] == "8507"
    assert "850760" in codes
    model = dialog.view.results
    row = codes.index("850760")
    code_cell = model.index(row, HsEntriesModel.Col.CODE).data()
    assert code_cell.strip() == "8507.60"
    assert code_cell != code_cell.strip()
    assert "lithium-ion" in model.index(row, HsEntriesModel.Col.DESCRIPTION_EN).data()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a heading cannot be chosen
    for _ in range(row):
        qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)  # arrows move, cursor stays
    assert _current(dialog) == "850760"
    assert ok.isEnabled()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Up)
    assert _current(dialog) == "850750"
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.selected_code() == "850760"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_on_a_heading_opens_it_and_double_click_chooses(
    qtbot: QtBot, dialog: HsPickerDialog
) -> None:
    qtbot.keyClicks(dialog.search_edit, "lithium")
    assert dialog.view.results.rowCount() > 0
    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "85")
    assert _current(dialog) == "85"
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)  # a chapter: not chosen, opened
    assert dialog.isVisible()
    assert dialog.selected_code() is None
    assert _current(dialog) == "8501"

    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "8541")
    row = _codes(dialog).index("854143")
    rect = dialog.view.visualRect(dialog.view.results.index(row, 1))
    viewport = dialog.view.viewport()
    with qtbot.waitSignal(dialog.accepted):
        # Qt 6 builds the double click from a first click and a second press
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.selected_code() == "854143"


def test_nothing_found_and_words_search(qtbot: QtBot, dialog: HsPickerDialog) -> None:
    qtbot.keyClicks(dialog.search_edit, "zzzqqq")
    assert dialog.view.results.rowCount() == 0
    assert dialog.count_label.text()
    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "lithium-ion")
    assert "850760" in _codes(dialog)


def test_ask_returns_the_chosen_code_or_none(
    qtbot: QtBot, reference: ReferenceData, monkeypatch: pytest.MonkeyPatch
) -> None:
    def accept_current(self: HsPickerDialog) -> int:
        assert self.view.current_entry() is not None  # the initial code is preselected
        self._on_ok_clicked()
        return int(self.result())

    monkeypatch.setattr(HsPickerDialog, "exec", accept_current)
    assert HsPickerDialog.ask(None, reference, "8507.60.00") == "850760"
    monkeypatch.setattr(HsPickerDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert HsPickerDialog.ask(None, reference, "850760") is None


def test_choosing_in_the_picker_fills_the_product_row(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    company = CompanyRepository(gui_ctx.store.db).save(
        CompanyDraft(name_zh="选码公司", products=(Product("锂电池组"),)), gui_ctx.reference.hs
    )
    page = CompaniesPage(gui_ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.setMinimumSize(800, 600)
    page.show()
    qtbot.waitExposed(page)
    page.select_company(company.id)
    editor = page.editor
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_PRODUCTS)

    asked: list[str] = []

    def fake_ask(parent: QWidget | None, reference: ReferenceData, initial: str = "") -> str:
        asked.append(initial)
        # what the user does in the real dialog: type 8507, pick 8507.60
        dlg = HsPickerDialog(reference, initial, parent)
        qtbot.addWidget(dlg)
        qtbot.keyClicks(dlg.search_edit, "8507")
        assert dlg.view.select_code("850760")
        qtbot.keyClick(dlg.search_edit, Qt.Key.Key_Return)
        code = dlg.selected_code()
        assert code is not None
        return code

    monkeypatch.setattr(HsPickerDialog, "ask", staticmethod(fake_ask))
    button = editor.pick_button(0)
    assert button is not None
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert asked == [""]
    model = editor.products_model
    assert model.item(0).hs_code == "850760"
    assert model.index(0, ProductsTableModel.Col.HS).data() == "8507.60"
    description = model.index(0, ProductsTableModel.Col.DESCRIPTION).data()
    assert description == gui_ctx.reference.hs.describe("850760")
    assert description
    assert editor.is_dirty()


def test_hs_code_edit_describes_checks_and_picks(
    qtbot: QtBot, reference: ReferenceData, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = HsCodeEdit(reference)
    qtbot.addWidget(edit)
    edit.setMinimumSize(300, 60)
    edit.show()
    qtbot.waitExposed(edit)
    with qtbot.waitSignal(edit.code_changed):
        qtbot.keyClicks(edit.line_edit, "8507")
    heading = reference.hs.get("8507")
    assert heading is not None
    assert edit.description_label.text() == heading.description()
    qtbot.keyClicks(edit.line_edit, ".61")
    with qtbot.waitSignal(edit.editing_finished):
        qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    with pytest.raises(ValidationError) as info:
        reference.hs.validate_product_code("8507.61")
    assert edit.error() == info.value.message == edit.description_label.text()

    monkeypatch.setattr(HsPickerDialog, "ask", staticmethod(lambda *a, **k: "850760"))
    qtbot.mouseClick(edit.pick_button, Qt.MouseButton.LeftButton)
    assert edit.line_edit.text() == "8507.60"
    assert edit.error() is None
    assert edit.description_label.text() == reference.hs.describe("850760")
