"""The service catalogue dialog: seeded, edits persist, a bad link is shown, read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.readiness.catalogue_dialog import CatalogueModel, ServiceCatalogueDialog
from services.readiness.catalogue import ServiceCatalogue
from services.readiness.questionnaire import current_questionnaire

pytestmark = pytest.mark.gui
Col = CatalogueModel.Col


def make_dialog(qtbot: QtBot, ctx: GuiContext) -> ServiceCatalogueDialog:
    dialog = ServiceCatalogueDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.setMinimumSize(1000, 600)
    dialog.show()
    return dialog


def row_of(dialog: ServiceCatalogueDialog, key: str) -> int:
    return next(i for i, u in enumerate(dialog.model.items()) if u.key == key)


def test_the_catalogue_is_seeded_and_marks_entries_to_verify(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    dialog = make_dialog(qtbot, gui_ctx)
    keys = [u.key for u in dialog.model.items()]
    assert "single_window" in keys
    row = row_of(dialog, "chumaotong")
    assert dialog.model.index(row, Col.VERIFY).data()  # the visible 待核实 mark
    assert dialog.model.index(row, Col.VERIFY).data(Qt.ItemDataRole.BackgroundRole) is not None
    plain = row_of(dialog, "single_window")
    assert not dialog.model.index(plain, Col.VERIFY).data()
    assert not dialog.save_button.isEnabled()


def test_an_edit_persists_and_a_bad_link_shows_the_message(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    dialog = make_dialog(qtbot, gui_ctx)
    model = dialog.model
    row = row_of(dialog, "service_center")
    assert model.setData(model.index(row, Col.CONTACT), "027-6000 1234 王老师")
    other = row_of(dialog, "canton_fair")
    assert model.setData(model.index(other, Col.ACTIVE), Qt.CheckState.Unchecked.value,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    bad = row_of(dialog, "ccpit")
    assert model.setData(model.index(bad, Col.LINK), "www.ccpit.org")
    assert dialog.save_button.isEnabled()

    assert not dialog.save()
    assert dialog.error_label.isVisible()
    assert "http" in dialog.error_label.text()
    assert (bad, int(Col.LINK)) in model.errors()
    catalogue = ServiceCatalogue(gui_ctx.store.db)
    assert catalogue.get("ccpit").link == ""  # the bad unit is not written
    assert catalogue.get("service_center").contact == "027-6000 1234 王老师"
    assert not catalogue.get("canton_fair").active

    assert model.setData(model.index(bad, Col.LINK), "https://www.ccpit.org")
    assert dialog.save()
    assert not dialog.error_label.isVisible()
    reopened = make_dialog(qtbot, gui_ctx)
    assert reopened.model.item(row_of(reopened, "ccpit")).link == "https://www.ccpit.org"


def test_a_new_unit_needs_a_valid_key_and_name(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    dialog = make_dialog(qtbot, gui_ctx)
    model = dialog.model
    dialog.add_button.click()
    row = model.rowCount() - 1
    dialog.table.closePersistentEditor(model.index(row, Col.KEY))
    assert not dialog.save()
    assert (row, int(Col.KEY)) in model.errors()
    assert (row, int(Col.NAME_ZH)) in model.errors()
    assert model.setData(model.index(row, Col.KEY), "gedian_bank")
    assert model.setData(model.index(row, Col.NAME_ZH), "葛店农商行国际业务部")
    assert dialog.save()
    assert ServiceCatalogue(gui_ctx.store.db).get("gedian_bank").name_zh == "葛店农商行国际业务部"
    # a stored key is fixed
    assert not model.flags(model.index(row, Col.KEY)) & Qt.ItemFlag.ItemIsEditable


def test_read_only_mode_allows_no_editing(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ServiceCatalogue(gui_ctx.store.db).seed(current_questionnaire())
    monkeypatch.setattr(type(gui_ctx), "read_only", property(lambda _self: True))
    dialog = make_dialog(qtbot, gui_ctx)
    assert not dialog.add_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    index = dialog.model.index(0, Col.CONTACT)
    assert not dialog.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not dialog.model.setData(index, "x")


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, gui_ctx: GuiContext, qtmodeltester: object
) -> None:
    dialog = make_dialog(qtbot, gui_ctx)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
