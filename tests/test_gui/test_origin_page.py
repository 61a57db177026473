"""The origin self-assessment page, driven through its widgets: choose a product, type the bill
of materials, type the rule, assess, save, duplicate; bad input saves nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.pages.rcep.origin import page as origin_page_module
from gui.pages.rcep.origin import saved as saved_module
from gui.pages.rcep.origin.bom_editor import BomDraft
from gui.pages.rcep.origin.materials import MaterialDraft
from gui.pages.rcep.origin.page import OriginPage
from gui.widgets import hs_picker
from services.core.errors import DataFileError
from services.core.i18n import set_locale
from services.rcep.origin_store import OriginRepository
from services.rcep.psr_table import PsrTable
from tests.test_gui.origin_support import (
    BATTERY_ID,
    SPEAKER_ID,
    Col,
    add_origin_company,
    edit_cell,
    show_page,
    type_material,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def company_id(gui_ctx: GuiContext) -> str:
    set_locale("en")
    return add_origin_company(gui_ctx)


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext, company_id: str) -> OriginPage:
    return show_page(qtbot, gui_ctx)


def _repo(ctx: GuiContext) -> OriginRepository:
    return OriginRepository(ctx.store.db, ctx.reference.hs)


def _battery_bom(qtbot: QtBot, page: OriginPage) -> None:
    """FOB 100; Korean cells (originating, 30) and a German casing (20)."""
    page.editor.fob_edit.setFocus()
    qtbot.keyClicks(page.editor.fob_edit, "100")
    type_material(qtbot, page, "cells", "8507.60", "30", origin="KR", originating=True,
                  evidence="KR-RCEP-0012")  # fmt: skip
    type_material(qtbot, page, "casing", "3926.90", "20", origin="DE")


def test_product_choice_shows_hs_and_the_rule_status(page: OriginPage, company_id: str) -> None:
    assert page.company() is not None
    assert page.company().id == company_id  # type: ignore[union-attr]
    assert page.product() is not None
    assert page.product().id == BATTERY_ID  # type: ignore[union-attr]
    assert "8507.60" in page.product_info.text()
    assert "lithium-ion" in page.product_info.text()
    assert page.importing_party() == "KR"  # the company's first RCEP market
    assert page.rule_panel.rule_text() is None
    assert "Rule unknown" in page.rule_panel.status_label.text()
    assert page.rule_panel.entry.isVisible()

    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    assert page.rule_panel.rule_text() == "CTH or RVC40"  # bundled, heading 85.19
    assert page.rule_panel.unverified_badge.isVisible()
    assert "Heading 85.19" in page.rule_panel.meta_label.text()
    assert not page.rule_panel.entry.isVisible()
    page.rule_panel.explain_button.click()
    assert "change of tariff heading" in page.rule_panel.explanation_label.text()


def test_type_materials_and_rule_then_assess_shows_the_criterion(
    qtbot: QtBot, page: OriginPage
) -> None:
    _battery_bom(qtbot, page)
    assert page.editor.model.rowCount() == 2
    assert page.editor.model.item(0) == MaterialDraft(
        "cells", "8507.60", "KR", True, "KR-RCEP-0012", "", "30", ""
    )
    assert "$50.00" in page.editor.total_label.text()

    assert not page.run_assessment()  # no rule yet: said, nothing shown
    assert "type the rule" in (page.problem() or "")
    assert page.verdict.verdict() is None

    qtbot.keyClicks(page.rule_panel.rule_edit, "CTH or RVC40")
    assert page.rule_panel.feedback() == "✓ Reads as: CTH or RVC40"
    assert "change of tariff heading" in page.rule_panel.typed_explanation_label.text()

    page.editor.table.setFocus()
    qtbot.keyClick(page.editor.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.verdict.verdict() is not None, timeout=2000)
    verdict = page.verdict
    assert verdict.box10_value.text() == "CTC ACU"
    assert "Originating under RCEP, criterion CTC ACU" in verdict.headline_label.text()
    assert verdict.box9_value.text() == "8507.60"
    assert verdict.box11_value.text() == "China"
    assert "no FOB value" in verdict.box12_value.text()
    text = verdict.texts()
    assert "FOB $100.00 − non-originating materials $20.00" in text
    assert "80.00%" in text
    assert "Alternatives met: CTH, RVC40" in text
    assert "counted as originating: cells" in text
    assert "(Art 3.4)" in text  # reasons cite their articles
    assert "Appendix of South Korea is not on file" in text  # box 11 says what it assumed
    assert "Keep the suppliers' declarations" in text  # evidence to keep
    assert "Invoice number" in verdict.checklist_value.text()
    assert "non-originating materials worth $40.00 more" in verdict.whatif_value.text()


def test_not_originating_shows_what_would_make_it_qualify(qtbot: QtBot, page: OriginPage) -> None:
    page.editor.load_draft(
        BomDraft(
            fob_value="100",
            currency="USD",
            materials=(
                MaterialDraft("cells", "8507.60", "KR", False, value="55"),
                MaterialDraft("casing", "3926.90", "DE", False, value="10"),
            ),
        )
    )
    page.rule_panel.rule_edit.setText("CTH or RVC40")
    assert page.run_assessment()
    assert "Not originating" in page.verdict.headline_label.text()
    assert page.verdict.box10_value.text() == "—"
    assert page.verdict.whatif_box.title() == "What would make it qualify?"
    assert "cells" in page.verdict.whatif_value.text()


def test_bad_value_is_marked_on_its_row_and_nothing_is_saved(
    qtbot: QtBot, page: OriginPage, gui_ctx: GuiContext, company_id: str
) -> None:
    page.editor.fob_edit.setText("100")
    type_material(qtbot, page, "cells", "8507.60", "abc")
    assert page.editor.row_error(0, Col.VALUE) == "Enter a number of 0 or more."  # at once
    qtbot.keyClicks(page.rule_panel.rule_edit, "CTH")

    assert page.save_assessment() is None
    assert page.editor.row_error(0, Col.VALUE) == "Enter a number of 0 or more."
    assert "Row 1, Value: Enter a number of 0 or more." in page.editor.materials_error_label.text()
    assert "nothing was assessed or saved" in (page.problem() or "")
    assert page.verdict.verdict() is None
    assert _repo(gui_ctx).list_for_company(company_id) == []
    assert _repo(gui_ctx).latest_bom(BATTERY_ID) is None

    page.editor.fob_edit.setText("")
    page.editor.fob_edit.setFocus()
    edit_cell(qtbot, page.editor.table, 0, Col.VALUE, "30")
    assert page.editor.row_error(0, Col.VALUE) is None
    assert not page.run_assessment()
    assert page.editor.field_error("fob_value") == "Enter the FOB value as a number greater than 0."


def test_originating_needs_an_rcep_origin(qtbot: QtBot, page: OriginPage) -> None:
    type_material(qtbot, page, "screws", "7318.15", "1", origin="DE")
    model = page.editor.model
    index = model.index(0, Col.ORIGINATING)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert index.data() == "—"
    model.setData(model.index(0, Col.ORIGIN), "VN")
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.item(0).originating
    model.setData(model.index(0, Col.ORIGIN), "US")  # no longer an RCEP Party: cleared
    assert not model.item(0).originating


def test_rows_duplicate_and_remove_from_the_keyboard(qtbot: QtBot, page: OriginPage) -> None:
    type_material(qtbot, page, "cells", "8507.60", "30")
    table = page.editor.table
    table.setCurrentIndex(page.editor.model.index(0, Col.NAME))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.model.rowCount() == 2
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    assert page.editor.model.item(1).name == "cells"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert page.editor.model.rowCount() == 1
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert page.editor.model.rowCount() == 2


def test_user_rule_typed_and_saved(qtbot: QtBot, page: OriginPage, gui_ctx: GuiContext) -> None:
    panel = page.rule_panel
    qtbot.keyClicks(panel.rule_edit, "CTH or RVC 45")
    assert panel.feedback().startswith("✗ ")
    assert not panel.save_button.isEnabled()
    panel.rule_edit.clear()
    panel.rule_edit.setText("品目改变或区域价值成分40")  # the Chinese wording of the list
    assert panel.feedback() == "✓ Reads as: CTH or RVC40"
    assert not panel.save_button.isEnabled()  # the source is required
    qtbot.keyClicks(panel.source_edit, "GACC 2022 No.129 annex 1, p. 312")
    assert panel.save_button.isEnabled()
    panel.level_combo.setCurrentIndex(panel.level_combo.findData("8507"))
    with qtbot.waitSignal(panel.rule_saved) as blocker:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "Heading 85.07" in str(blocker.args[0])

    stored = PsrTable(gui_ctx.store.db).rule_for("850760")
    assert stored is not None
    assert (stored.kind, stored.hs_code, stored.rule_text) == ("user", "8507", "CTH or RVC40")
    assert stored.source == "GACC 2022 No.129 annex 1, p. 312"
    assert panel.rule_text() == "CTH or RVC40"
    assert not panel.entry.isVisible()
    assert not panel.unverified_badge.isVisible()
    assert "entered by a user" in panel.meta_label.text()


def test_save_list_duplicate_and_delete(
    qtbot: QtBot,
    page: OriginPage,
    gui_ctx: GuiContext,
    company_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _battery_bom(qtbot, page)
    page.rule_panel.rule_edit.setText("CTH or RVC40")
    page.rule_panel.source_edit.setText("typed from the list")
    with qtbot.waitSignal(gui_ctx.hub.companies_changed):
        assert page.save_assessment() is not None
    saved = page.saved
    assert saved.count() == 1
    first = saved.model.item(0)
    assert (first.importing_party, first.criterion, first.bom_version) == ("KR", "CTC ACU", 1)
    assert saved.model.index(0, saved.model.Col.RESULT).data() == "Originating"
    assert "(1)" in page.editor.tabs.tabText(page.editor.tabs.indexOf(saved))
    bom = _repo(gui_ctx).latest_bom(BATTERY_ID)
    assert bom is not None
    assert [m.name for m in bom.materials] == ["cells", "casing"]
    assert not page.is_dirty()

    monkeypatch.setattr(saved_module.PartyDialog, "ask", lambda parent, exclude: "AU")
    saved.select(first.id)
    copy = saved.duplicate_current()
    assert copy is not None
    assert (copy.importing_party, copy.bom_id) == ("AU", first.bom_id)
    listed = _repo(gui_ctx).list_for_company(company_id)
    assert sorted(s.importing_party or "" for s in listed) == ["AU", "KR"]
    assert saved.count() == 2

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    saved.select(copy.id)
    assert saved.delete_current()
    assert [s.id for s in _repo(gui_ctx).list_for_company(company_id)] == [first.id]


def test_open_a_saved_assessment(
    qtbot: QtBot, page: OriginPage, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _battery_bom(qtbot, page)
    page.rule_panel.rule_edit.setText("CTH or RVC40")
    page.set_importing_party("JP")
    assessment_id = page.save_assessment()
    assert assessment_id is not None

    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    assert page.editor.model.rowCount() == 0
    page.set_importing_party("NZ")
    assert page.open_assessment(assessment_id)
    assert page.product() is not None
    assert page.product().id == BATTERY_ID  # type: ignore[union-attr]
    assert page.importing_party() == "JP"
    assert [m.name for m in page.editor.model.items()] == ["cells", "casing"]
    assert page.verdict.box10_value.text() == "CTC ACU"
    assert page.problem() is None


def test_unsaved_bom_asks_before_switching_product(
    qtbot: QtBot, page: OriginPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_material(qtbot, page, "cells", "8507.60", "30")
    answers: list[str] = []

    def keep(*args: object, **kwargs: object) -> bool:
        answers.append("asked")
        return False

    monkeypatch.setattr(dialogs, "confirm", keep)
    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    assert answers == ["asked"]
    assert page.product_combo.currentData() == BATTERY_ID
    assert page.editor.model.rowCount() == 1


def test_save_template(
    qtbot: QtBot, page: OriginPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "my-bom"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: target)
    written = page.save_template()
    assert written == tmp_path / "my-bom.csv"
    text = written.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("name,hs,origin,originating")


def test_read_only_mode_writes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, company_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(gui_ctx), "read_only", property(lambda _self: True))
    page = show_page(qtbot, gui_ctx)
    assert page.read_only_label.isVisible()
    assert not page.editor.add_button.isEnabled()
    assert not page.editor.import_button.isEnabled()
    assert page.editor.fob_edit.isReadOnly()
    page.rule_panel.rule_edit.setText("CTH")
    page.rule_panel.source_edit.setText("list")
    assert not page.rule_panel.save_button.isEnabled()
    assert not page.save_button.isEnabled()
    assert page.save_assessment() is None
    assert page.import_bom() is None
    assert _repo(gui_ctx).list_for_company(company_id) == []


def test_f4_finds_the_hs_code_of_the_current_row(
    qtbot: QtBot, page: OriginPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def pick(parent: object, reference: object, initial: str = "") -> str:
        seen.append(initial)
        return "850650"

    monkeypatch.setattr(hs_picker.HsPickerDialog, "ask", pick)
    type_material(qtbot, page, "cells", "8507", "30")
    table = page.editor.table
    table.setCurrentIndex(page.editor.model.index(0, Col.NAME))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F4)
    assert seen == ["8507"]
    assert page.editor.model.item(0).hs == "850650"
    button = page.editor.pick_button(0)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == ["8507", "850650"]


def test_box_11_offers_the_alternative_claims_from_the_tariff_data(
    qtbot: QtBot, page: OriginPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    _battery_bom(qtbot, page)
    page.rule_panel.rule_edit.setText("CTH or RVC40")
    page.set_importing_party("JP")  # Japan's tariff is embedded: loaded on the first claim
    assert page.run_assessment()
    claims = page.verdict.box11_claims
    assert claims.isVisible()
    text = claims.text()
    assert "Alternative claims of the importer (Art 2.6.6), rates of Japan (JP)" in text
    assert "(a) highest rate among the Parties that contributed materials: Korea * (0.0%)" in text
    assert "(b) highest rate among all Parties: China ** (0.0%)" in text
    assert "needs proof that South Korea contributed" in text

    page.set_importing_party("KR")  # no Korean tariff on file
    assert page.run_assessment()
    assert claims.text() == (
        "Alternative claims of the importer (Art 2.6.6): no tariff data for South Korea (KR) on "
        "file."
    )

    def unreadable(*_args: object) -> None:
        raise DataFileError("the tariff table is damaged")

    monkeypatch.setattr(origin_page_module, "box11_claims", unreadable)
    assert page.run_assessment()  # the verdict stands; only the claims are missing
    assert claims.text().endswith("could not be looked up: the tariff table is damaged")
    monkeypatch.undo()

    page.set_importing_party("JP")
    page.editor.load_draft(
        BomDraft(fob_value="100", materials=(MaterialDraft("cells", "8507.60", "KR", value="90"),))
    )
    assert page.run_assessment()
    assert "Not originating" in page.verdict.headline_label.text()
    assert not claims.isVisible()  # no box 11 for a good that is not originating


def test_quantity_goes_to_box_12_and_is_saved_with_the_bom(
    qtbot: QtBot, page: OriginPage, gui_ctx: GuiContext, company_id: str
) -> None:
    _battery_bom(qtbot, page)
    page.rule_panel.rule_edit.setText("CTH or RVC40")
    page.editor.quantity_edit.setFocus()
    qtbot.keyClicks(page.editor.quantity_edit, "many")
    assert page.save_assessment() is None
    assert page.editor.field_error("quantity") == (
        "Enter the quantity as a number greater than 0, e.g. 500 pieces."
    )
    assert _repo(gui_ctx).latest_bom(BATTERY_ID) is None  # nothing saved

    page.editor.quantity_edit.setText("1,000 PCS")
    assert page.save_assessment() is not None
    assert page.editor.field_error("quantity") is None
    assert page.verdict.box12_value.text().startswith("quantity 1000 PCS")
    assert "✓ Box 12: Quantity" in page.verdict.checklist_value.text()
    bom = _repo(gui_ctx).latest_bom(BATTERY_ID)
    assert bom is not None
    assert (bom.quantity, bom.quantity_unit) == (Decimal(1000), "PCS")

    page.product_combo.setCurrentIndex(page.product_combo.findData(SPEAKER_ID))
    assert page.editor.quantity_edit.text() == ""
    page.product_combo.setCurrentIndex(page.product_combo.findData(BATTERY_ID))
    assert page.editor.quantity_edit.text() == "1000 PCS"  # loaded with the saved BOM
