"""Helpers for the tests of the origin page: a company with products, a page on screen, and
typing into the materials table the way a user does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.rcep.origin.materials import MaterialsModel
from gui.pages.rcep.origin.page import OriginPage
from services.companies.models import CompanyDraft, Product
from services.companies.repository import CompanyRepository

Col = MaterialsModel.Col
BATTERY_ID = "product-battery"
SPEAKER_ID = "product-speaker"


def add_origin_company(ctx: GuiContext, name: str = "武汉光谷储能科技有限公司") -> str:
    """A company selling to Japan and Korea: a battery pack (8507.60, no rule on file) and a
    sound recorder (8519.81, an unverified bundled rule of heading 85.19: CTH or RVC40)."""
    draft = CompanyDraft(
        name_zh=name,
        name_en="Wuhan Optics Valley Storage Tech Co., Ltd.",
        company_type="manufacturer",
        markets=("KR", "JP"),
        products=(
            Product("Li-ion battery pack", "850760", "", BATTERY_ID),
            Product("Sound recorder", "851981", "", SPEAKER_ID),
        ),
    )
    return CompanyRepository(ctx.store.db).save(draft, ctx.reference.hs).id


def show_page(qtbot: QtBot, ctx: GuiContext) -> OriginPage:
    page = OriginPage(ctx)
    qtbot.addWidget(page)
    page.setMinimumSize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_line_editor(view: QTableView) -> QLineEdit:
    editors = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "exactly one cell editor should be open"
    return editors[0]


def edit_cell(qtbot: QtBot, view: QTableView, row: int, column: int, text: str) -> None:
    """Open the cell editor, replace its text by typing, press Enter."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = open_line_editor(view)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def type_material(
    qtbot: QtBot,
    page: OriginPage,
    name: str,
    hs: str,
    value: str,
    *,
    origin: str = "",
    originating: bool = False,
    evidence: str = "",
) -> int:
    """Adds a row with the Add button and types it cell by cell; returns its row."""
    editor = page.editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = editor.table.currentIndex().row()
    name_editor = open_line_editor(editor.table)  # Add opens the name cell for typing
    qtbot.keyClicks(name_editor, name)
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.table.state() != QAbstractItemView.State.EditingState)
    edit_cell(qtbot, editor.table, row, Col.HS, hs)
    edit_cell(qtbot, editor.table, row, Col.VALUE, value)
    if origin:
        editor.model.setData(editor.model.index(row, Col.ORIGIN), origin)
    if originating:
        editor.model.setData(
            editor.model.index(row, Col.ORIGINATING),
            Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )
    if evidence:
        edit_cell(qtbot, editor.table, row, Col.EVIDENCE, evidence)
    return row


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path
