"""The company editor as a user drives it: typing, table cells, Save, validation marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.pages.companies.editor import CompanyEditor, parse_field_path
from gui.pages.companies.models import ERROR_BACKGROUND, ContactsTableModel, ProductsTableModel
from gui.pages.companies.page import CompaniesPage
from services.companies.models import CompanyDraft, CompanyFilter, Contact, Product
from services.companies.repository import CompanyRepository
from services.companies.validation import check_phone, normalise_uscc
from services.core.errors import FieldError, ValidationError
from services.core.i18n import _

GOOD_USCC = "91420703MA49Y0AB3Y"
BAD_USCC = "91420703MA49Y0AB3X"  # wrong check character

# Top-level widgets get an explicit minimum size before show(): otherwise the offscreen
# platform warns "This plugin does not support propagateSizeHints()" when the layout
# changes the window's minimum, and qt_log_level_fail = WARNING fails the test.


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> CompaniesPage:
    widget = CompaniesPage(gui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.setMinimumSize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def repo(gui_ctx: GuiContext) -> CompanyRepository:
    return CompanyRepository(gui_ctx.store.db)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Types like a user: ASCII key by key; Chinese the way an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:  # QTest cannot synthesise key events for CJK characters
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _open_line_editor(view: QTableView) -> QLineEdit:
    editors = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "exactly one cell editor should be open"
    return editors[0]


def edit_cell(qtbot: QtBot, view: QTableView, row: int, column: int, text: str) -> None:
    """Type into a cell the way a user does: open the editor, replace the text, press Enter."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = _open_line_editor(view)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model().index(row, column).data(Qt.ItemDataRole.EditRole) == text)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, edit, text)


def _uscc_message(value: str) -> str:
    with pytest.raises(ValidationError) as info:
        normalise_uscc(value)
    return info.value.message


def test_field_paths_are_parsed() -> None:
    assert parse_field_path("contacts[1].phone") == ("contacts", 1, "phone")
    assert parse_field_path("name_zh") == ("name_zh", None, None)
    assert parse_field_path("markets[3]") == ("markets", 3, None)
    assert parse_field_path("weird path") == ("weird path", None, None)


def test_bad_uscc_is_explained_next_to_the_field_and_input_stays(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository
) -> None:
    editor = page.editor
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, editor.name_zh_edit, "鄂州测试科技有限公司")
    type_into(qtbot, editor.name_en_edit, "Ezhou Test Co., Ltd.")
    type_into(qtbot, editor.uscc_edit, BAD_USCC)
    qtbot.keyClick(editor.uscc_edit, Qt.Key.Key_Return)  # leaving the field checks it

    expected = _uscc_message(BAD_USCC)
    assert editor.field_error("uscc") == expected
    error_label = editor._fields["uscc"].error
    assert error_label.isVisible()
    assert error_label.text() == expected
    assert editor.uscc_edit.property("invalid") is True
    assert "✗" in editor.uscc_check_label.text()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert repo.count() == 0  # nothing saved while anything is invalid
    assert editor.name_zh_edit.text() == "鄂州测试科技有限公司"
    assert editor.name_en_edit.text() == "Ezhou Test Co., Ltd."
    assert editor.uscc_edit.text() == BAD_USCC
    assert editor.field_error("uscc") == expected
    assert editor.summary_label.isVisible()

    # fixing the last character clears the mark as soon as the code is valid
    qtbot.keyClick(editor.uscc_edit, Qt.Key.Key_Backspace)
    assert "18" in editor.uscc_check_label.text()  # "17 of 18" while incomplete
    qtbot.keyClicks(editor.uscc_edit, "Y")
    assert editor.field_error("uscc") is None
    assert editor.uscc_edit.property("invalid") is False
    assert "✓" in editor.uscc_check_label.text()


def test_too_short_uscc_checked_when_leaving_the_field(qtbot: QtBot, page: CompaniesPage) -> None:
    page.new_company()
    type_into(qtbot, page.editor.uscc_edit, "9142070")
    assert page.editor.field_error("uscc") is None  # no scolding while typing
    qtbot.keyClick(page.editor.uscc_edit, Qt.Key.Key_Return)
    assert page.editor.field_error("uscc") == _uscc_message("9142070")


def test_add_company_with_contact_and_product_save_and_find_it(
    qtbot: QtBot, page: CompaniesPage, gui_ctx: GuiContext, repo: CompanyRepository
) -> None:
    editor = page.editor
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.right_stack.currentWidget() is editor
    type_into(qtbot, editor.name_zh_edit, "葛店储能科技有限公司")
    type_into(qtbot, editor.uscc_edit, GOOD_USCC)

    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    qtbot.mouseClick(editor.add_contact_button, Qt.MouseButton.LeftButton)
    name_editor = _open_line_editor(editor.contacts_view)  # Add opens the name cell
    type_text(qtbot, name_editor, "李娜")
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.contacts_model.item(0).name == "李娜")
    edit_cell(qtbot, editor.contacts_view, 0, ContactsTableModel.Col.PHONE, "13871234567")

    editor.tabs.setCurrentIndex(CompanyEditor.TAB_PRODUCTS)
    qtbot.mouseClick(editor.add_product_button, Qt.MouseButton.LeftButton)
    product_editor = _open_line_editor(editor.products_view)
    type_text(qtbot, product_editor, "家用储能锂电池")
    qtbot.keyClick(product_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.products_model.item(0).name == "家用储能锂电池")

    # the HS description follows the code while it is typed, before Enter
    hs_index = editor.products_model.index(0, ProductsTableModel.Col.HS)
    description = editor.products_model.index(0, ProductsTableModel.Col.DESCRIPTION)
    editor.products_view.setCurrentIndex(hs_index)
    editor.products_view.edit(hs_index)
    hs_editor = _open_line_editor(editor.products_view)
    qtbot.keyClicks(hs_editor, "8507")
    heading = gui_ctx.reference.hs.get("8507")
    assert heading is not None
    assert description.data() == heading.description()
    qtbot.keyClicks(hs_editor, "60")
    assert description.data() == gui_ctx.reference.hs.describe("850760")
    qtbot.keyClick(hs_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.products_model.item(0).hs_code == "850760")
    assert editor.is_dirty()
    assert "●" in editor.dirty_label.text()

    with qtbot.waitSignal(gui_ctx.hub.companies_changed, timeout=2000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    saved = repo.find(CompanyFilter())
    assert [c.name_zh for c in saved] == ["葛店储能科技有限公司"]
    company = repo.get(saved[0].id)
    assert company.contacts[0].name == "李娜"
    assert company.contacts[0].phone == "13871234567"
    assert company.products[0].hs_code == "850760"
    assert not editor.is_dirty()
    assert page.current_company_id() == company.id
    assert editor.products_model.index(0, ProductsTableModel.Col.HS).data() == "8507.60"

    for query in ("储能科技", GOOD_USCC[:10].lower(), "8507.60", "家用储能"):
        page.search_edit.clear()
        type_text(qtbot, page.search_edit, query)
        assert [c.id for c in page.visible_companies()] == [company.id], query
        assert page.table.isVisible()
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "9403")  # furniture: no such product
    assert page.visible_companies() == []
    assert page.empty_label.isVisible()
    assert not page.table.isVisible()


def test_ctrl_s_saves_even_while_a_cell_is_being_typed(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository
) -> None:
    editor = page.editor
    page.new_company()
    type_into(qtbot, editor.name_zh_edit, "快捷键测试有限公司")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_PRODUCTS)
    qtbot.mouseClick(editor.add_product_button, Qt.MouseButton.LeftButton)
    cell = _open_line_editor(editor.products_view)
    type_text(qtbot, cell, "光伏组件")
    page.activateWindow()
    cell.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cell)
    qtbot.keyClick(cell, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: repo.count() == 1)
    (summary,) = repo.find(CompanyFilter())
    assert [p.name for p in repo.get(summary.id).products] == ["光伏组件"]


def test_bad_phone_in_second_contact_marks_that_cell(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository
) -> None:
    editor = page.editor
    page.new_company()
    type_into(qtbot, editor.name_zh_edit, "电话测试有限公司")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    for name in ("张伟", "王芳"):
        qtbot.mouseClick(editor.add_contact_button, Qt.MouseButton.LeftButton)
        cell = _open_line_editor(editor.contacts_view)
        type_text(qtbot, cell, name)
        qtbot.keyClick(cell, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: editor.contacts_model.items()[-1].name == name)  # noqa: B023
    edit_cell(qtbot, editor.contacts_view, 0, ContactsTableModel.Col.PHONE, "13871234567")
    edit_cell(qtbot, editor.contacts_view, 1, ContactsTableModel.Col.PHONE, "12345")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_BASIC)
    editor.name_zh_edit.clear()  # a second problem in another tab

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert repo.count() == 0
    with pytest.raises(ValueError, match=r".") as info:
        check_phone("12345")
    message = str(info.value)
    model = editor.contacts_model
    phone_col = ContactsTableModel.Col.PHONE
    assert model.error(1, phone_col) == message
    assert model.error(0, phone_col) is None
    bad = model.index(1, phone_col)
    assert bad.data(Qt.ItemDataRole.BackgroundRole) == QColor(ERROR_BACKGROUND)
    assert bad.data(Qt.ItemDataRole.ToolTipRole) == message
    assert model.index(0, phone_col).data(Qt.ItemDataRole.BackgroundRole) is None
    label = editor.contacts_error_label.text()
    assert (
        _("Row {row}, {column}: {message}").format(row=2, column=_("Phone"), message=message)
        in label
    )
    assert editor.field_error("name_zh") == _("This field is required.")
    assert editor.tabs.currentIndex() == CompanyEditor.TAB_BASIC  # first tab with a problem
    red = QColor("#c62828")
    assert editor.tabs.tabBar().tabTextColor(CompanyEditor.TAB_CONTACTS) == red
    assert editor.tabs.tabBar().tabTextColor(CompanyEditor.TAB_PRODUCTS) != red
    assert [c.name for c in model.items()] == ["张伟", "王芳"]  # input kept
    assert model.item(1).phone == "12345"

    # correcting the cell clears its mark
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    edit_cell(qtbot, editor.contacts_view, 1, phone_col, "027-87654321")
    assert model.error(1, phone_col) is None
    assert not editor.contacts_error_label.isVisible()


def test_hs_code_checked_when_the_cell_is_left(
    qtbot: QtBot, page: CompaniesPage, gui_ctx: GuiContext
) -> None:
    editor = page.editor
    page.new_company()
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_PRODUCTS)
    qtbot.mouseClick(editor.add_product_button, Qt.MouseButton.LeftButton)
    cell = _open_line_editor(editor.products_view)
    type_text(qtbot, cell, "电池")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.products_model.item(0).name == "电池")
    edit_cell(qtbot, editor.products_view, 0, ProductsTableModel.Col.HS, "8507.61")
    with pytest.raises(ValidationError) as info:
        gui_ctx.reference.hs.validate_product_code("8507.61")
    assert editor.products_model.error(0, ProductsTableModel.Col.HS) == info.value.message
    assert info.value.message in editor.products_error_label.text()
    assert editor.products_error_label.isVisible()
    edit_cell(qtbot, editor.products_view, 0, ProductsTableModel.Col.HS, "8507.60")
    assert editor.products_model.error(0, ProductsTableModel.Col.HS) is None


def test_every_problem_is_marked_at_once_and_nothing_saved(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository
) -> None:
    editor = page.editor
    page.new_company()
    type_into(qtbot, editor.name_zh_edit, "多处错误有限公司")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_PRODUCTS)
    qtbot.mouseClick(editor.add_product_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(_open_line_editor(editor.products_view), Qt.Key.Key_Escape)
    edit_cell(qtbot, editor.products_view, 0, ProductsTableModel.Col.HS, "12")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    qtbot.mouseClick(editor.add_contact_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(_open_line_editor(editor.contacts_view), Qt.Key.Key_Escape)
    edit_cell(qtbot, editor.contacts_view, 0, ContactsTableModel.Col.EMAIL, "not-an-email")

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert repo.count() == 0
    products, contacts = editor.products_model, editor.contacts_model
    assert products.error(0, ProductsTableModel.Col.NAME) == _("This field is required.")
    assert products.error(0, ProductsTableModel.Col.HS)
    assert contacts.error(0, ContactsTableModel.Col.NAME) == _("This field is required.")
    assert contacts.error(0, ContactsTableModel.Col.EMAIL)
    assert "4" in editor.summary_label.text()
    assert editor.name_zh_edit.text() == "多处错误有限公司"


def test_duplicate_uscc_is_marked_on_the_uscc_field(
    qtbot: QtBot, page: CompaniesPage, gui_ctx: GuiContext, repo: CompanyRepository
) -> None:
    repo.save(CompanyDraft(name_zh="先到公司", uscc=GOOD_USCC), gui_ctx.reference.hs)
    page.new_company()
    type_into(qtbot, page.editor.name_zh_edit, "后到公司")
    type_into(qtbot, page.editor.uscc_edit, GOOD_USCC)
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert repo.count() == 1
    error = page.editor.field_error("uscc")
    assert error is not None
    assert "先到公司" in error


def test_unsaved_changes_are_confirmed_before_switching(
    qtbot: QtBot,
    page: CompaniesPage,
    gui_ctx: GuiContext,
    repo: CompanyRepository,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hs = gui_ctx.reference.hs
    first = repo.save(CompanyDraft(name_zh="甲公司"), hs)
    second = repo.save(CompanyDraft(name_zh="乙公司"), hs)
    page.reload()
    page.select_company(first.id)
    type_into(qtbot, page.editor.name_en_edit, "Jia Co.")
    assert page.editor.is_dirty()

    questions: list[str] = []
    answer = False

    def fake_confirm(_parent: object, _title: str, text: str, **_kw: object) -> bool:
        questions.append(text)
        return answer

    monkeypatch.setattr(dialogs, "confirm", fake_confirm)

    second_row = page.proxy.mapFromSource(page.model.index(page.model.row_of(second.id), 0))
    rect = page.table.visualRect(second_row)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(questions) == 1
    assert "甲公司" in questions[0]
    assert page.current_company_id() == first.id  # "No": the edits stay
    assert page.editor.name_en_edit.text() == "Jia Co."
    qtbot.waitUntil(lambda: page.table.currentIndex().data(Qt.ItemDataRole.UserRole).id == first.id)

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert len(questions) == 2
    assert page.current_company_id() == first.id

    answer = True
    with qtbot.waitSignal(page.current_changed) as blocker:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [second.id]
    assert len(questions) == 3
    assert page.editor.name_zh_edit.text() == "乙公司"
    assert not page.editor.is_dirty()
    assert repo.get(first.id).name_en == ""  # discarded, never saved

    # no question when nothing changed
    page.select_company(first.id)
    assert len(questions) == 3


def test_revert_restores_the_stored_values(
    qtbot: QtBot, page: CompaniesPage, gui_ctx: GuiContext, repo: CompanyRepository
) -> None:
    company = repo.save(
        CompanyDraft(
            name_zh="还原公司",
            contacts=(Contact("boss", "赵六"),),
            products=(Product("光模块", "851762"),),
        ),
        gui_ctx.reference.hs,
    )
    page.reload()
    page.select_company(company.id)
    editor = page.editor
    type_into(qtbot, editor.name_zh_edit, "改了名字")
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    editor.contacts_view.setCurrentIndex(editor.contacts_model.index(0, 0))
    qtbot.mouseClick(editor.remove_contact_button, Qt.MouseButton.LeftButton)
    assert editor.contacts_model.rowCount() == 0
    assert editor.revert_button.isEnabled()
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.name_zh_edit.text() == "还原公司"
    assert [c.name for c in editor.contacts_model.items()] == ["赵六"]
    assert not editor.is_dirty()
    assert not editor.save_button.isEnabled()


def test_role_combo_in_the_contacts_table(qtbot: QtBot, page: CompaniesPage) -> None:
    editor = page.editor
    page.new_company()
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    qtbot.mouseClick(editor.add_contact_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(_open_line_editor(editor.contacts_view), Qt.Key.Key_Escape)
    index = editor.contacts_model.index(0, ContactsTableModel.Col.ROLE)
    editor.contacts_view.setCurrentIndex(index)
    editor.contacts_view.edit(index)
    (combo,) = [c for c in editor.contacts_view.viewport().findChildren(QComboBox) if c.isVisible()]
    finance = combo.findData("finance")
    assert combo.itemText(finance) == _("Finance")
    combo.setCurrentIndex(finance)
    combo.activated.emit(finance)  # what a click on the item emits
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.contacts_model.item(0).role == "finance")
    assert index.data() == _("Finance")


def test_delete_key_removes_the_contact_row_not_the_company(
    qtbot: QtBot, gui_ctx: GuiContext, repo: CompanyRepository
) -> None:
    company = repo.save(
        CompanyDraft(
            name_zh="删除键公司", contacts=(Contact("boss", "甲"), Contact("finance", "乙"))
        ),
        gui_ctx.reference.hs,
    )
    window = QWidget()  # stands in for the main window and its Delete action
    qtbot.addWidget(window)
    deleted_company: list[bool] = []
    action = QAction(window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.triggered.connect(lambda: deleted_company.append(True))
    window.addAction(action)
    page = CompaniesPage(gui_ctx, window)
    QVBoxLayout(window).addWidget(page)
    window.resize(1280, 800)
    window.setMinimumSize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    page.select_company(company.id)
    editor = page.editor
    editor.tabs.setCurrentIndex(CompanyEditor.TAB_CONTACTS)
    view = editor.contacts_view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    view.setCurrentIndex(editor.contacts_model.index(0, ContactsTableModel.Col.NAME))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [c.name for c in editor.contacts_model.items()] == ["乙"]
    assert deleted_company == []
    assert editor.is_dirty()


def test_market_channel_and_unknown_errors_are_shown(page: CompaniesPage) -> None:
    editor = page.editor
    page.new_company()
    editor.show_errors(
        [
            FieldError("markets[0]", "XX is not a known market."),
            FieldError("channels[1]", "telepathy is not one of the allowed values."),
            FieldError("id", "There is no company with id 42."),
        ]
    )
    assert editor.tabs.currentIndex() == CompanyEditor.TAB_MARKETS
    assert editor.market_picker.error_label.text() == "XX is not a known market."
    assert editor.channels_error_label.text() == "telepathy is not one of the allowed values."
    assert editor.general_error_label.isVisible()
    assert editor.general_error_label.text() == "There is no company with id 42."
    editor.clear_errors()
    assert not editor.general_error_label.isVisible()
    assert editor.market_picker.error_label.isHidden()
