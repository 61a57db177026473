"""Table models of the companies page, checked with Qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.models import BADGES_ROLE, OBJECT_ROLE, SORT_ROLE
from gui.pages.companies.models import (
    ERROR_BACKGROUND,
    CompaniesTableModel,
    ContactsTableModel,
    ProductsTableModel,
)
from services.companies.models import CompanyDraft, CompanyFilter, Contact, Product
from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample
from services.core.i18n import _
from services.refdata.reference import ReferenceData


def test_companies_model(qtmodeltester: ModelTester, gui_ctx: GuiContext) -> None:
    repo = CompanyRepository(gui_ctx.store.db)
    load_sample(repo, gui_ctx.reference.hs)
    archived = repo.save(CompanyDraft(name_zh="旧公司"), gui_ctx.reference.hs)
    repo.set_archived(archived.id, True)
    model = CompaniesTableModel()
    model.set_items(repo.find(CompanyFilter(include_archived=True)))
    assert model.rowCount() == 2
    col = CompaniesTableModel.Col
    rows = {model.index(r, 0).data(OBJECT_ROLE).id: r for r in range(2)}
    old = rows[archived.id]
    assert model.index(old, col.NAME_ZH).data(BADGES_ROLE) == [(_("Archived"), "archived")]
    assert model.index(old, col.PRODUCTS).data(SORT_ROLE) == 0
    assert model.row_of(archived.id) == old
    assert model.row_of("nope") == -1
    assert model.headerData(col.USCC, Qt.Orientation.Horizontal) == _("USCC")
    qtmodeltester.check(model)


def test_contacts_model_edits_and_checks(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = ContactsTableModel()
    model.set_items([Contact("boss", "张伟", "13871234567"), Contact("finance", "王芳")])
    col = ContactsTableModel.Col
    assert model.index(0, col.ROLE).data() == _("Owner / general manager")
    assert model.index(0, col.ROLE).data(Qt.ItemDataRole.EditRole) == "boss"
    assert model.flags(model.index(0, col.PHONE)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignals([model.edited, model.errors_changed]):
        assert model.setData(model.index(1, col.EMAIL), "wrong")
    assert model.item(1).email == "wrong"
    assert model.error(1, col.EMAIL)
    assert model.index(1, col.EMAIL).data(Qt.ItemDataRole.BackgroundRole) == QColor(
        ERROR_BACKGROUND
    )
    model.insert_item(0, Contact("other", "新人"))  # errors move with their rows
    assert model.error(2, col.EMAIL)
    assert model.error(1, col.EMAIL) is None
    model.remove_item(2)
    assert model.errors() == {}
    model.set_read_only(True)
    assert not model.flags(model.index(0, col.NAME)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, col.NAME), "x")
    qtmodeltester.check(model)


def test_products_model_describes_codes(
    qtmodeltester: ModelTester, reference: ReferenceData
) -> None:
    model = ProductsTableModel(reference)
    model.set_items([Product("锂电池组", "850760"), Product("待定")])
    col = ProductsTableModel.Col
    assert model.index(0, col.HS).data() == "8507.60"
    assert model.index(0, col.DESCRIPTION).data() == reference.hs.describe("850760")
    assert not model.flags(model.index(0, col.DESCRIPTION)) & Qt.ItemFlag.ItemIsEditable
    model.set_hs_preview(1, "85")
    chapter = reference.hs.get("85")
    assert chapter is not None
    assert model.index(1, col.DESCRIPTION).data() == chapter.description()
    model.set_hs_preview(1, None)
    assert model.index(1, col.DESCRIPTION).data() == ""
    model.setData(model.index(1, col.HS), "9999.99")
    assert model.error(1, col.HS)
    qtmodeltester.check(model)
