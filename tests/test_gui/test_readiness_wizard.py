"""The session wizard: keyboard answers autosaved, live branching on profile changes, blocking
items, metadata autosave with field errors, reopening a session, answers carried over from the
last session (marked, counted, confirmed) and read-only information lines."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.models import BADGES_ROLE
from gui.pages.readiness.wizard import SessionWizard
from services.companies.models import Company
from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample
from services.core.i18n import _, set_locale
from services.readiness.questionnaire import current_questionnaire
from services.readiness.scoring import Answer
from services.readiness.sessions import SessionRepository

pytestmark = pytest.mark.gui


@pytest.fixture
def sample(gui_ctx: GuiContext) -> Company:
    return load_sample(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)


@pytest.fixture
def session_id(gui_ctx: GuiContext, sample: Company) -> str:
    return SessionRepository(gui_ctx.store.db).create(sample.id, advisor="Zhou").id


def make_wizard(qtbot: QtBot, ctx: GuiContext, session_id: str) -> SessionWizard:
    wizard = SessionWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.setMinimumSize(QSize(1100, 750))
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=3000)
    wizard.show_session(session_id)
    return wizard


def stored(ctx: GuiContext, session_id: str, item_id: str) -> object:
    answer = SessionRepository(ctx.store.db).get(session_id).answers.get(item_id)
    return None if answer is None else answer.value


def test_keyboard_answers_are_saved_and_move_on(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    wizard.select_item("STR-01")  # a level item (0–3)
    wizard.tree.setFocus()
    score_before = wizard.score_label.text()
    assert wizard.progress_bar.value() == 0

    qtbot.keyClick(wizard.tree, Qt.Key.Key_3)
    assert stored(gui_ctx, session_id, "STR-01") == 3
    assert wizard.progress_bar.value() == 1
    assert wizard.score_label.text() != score_before
    assert wizard.saved_label.text() == _("Saved ✓")

    qtbot.keyClick(wizard.tree, Qt.Key.Key_Return)
    assert wizard.current_item_id() == "STR-02"
    qtbot.keyClick(wizard.tree, Qt.Key.Key_U)
    assert stored(gui_ctx, session_id, "STR-02") == "unknown"
    qtbot.keyClick(wizard.tree, Qt.Key.Key_PageUp)
    assert wizard.current_item_id() == "STR-01"
    qtbot.keyClick(wizard.tree, Qt.Key.Key_PageDown)
    qtbot.keyClick(wizard.tree, Qt.Key.Key_PageDown)
    assert wizard.current_item_id() == "STR-03"

    # a yes/no/partly item: 1/2/3
    wizard.select_item("PRD-01")
    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_2)
    assert stored(gui_ctx, session_id, "PRD-01") == "partial"
    assert wizard.progress_bar.value() == 3

    # reopening (a new widget on the same database) shows the same answers
    again = make_wizard(qtbot, gui_ctx, session_id)
    q = current_questionnaire()
    assert again._item_nodes["STR-01"].text(1) == q.option_label(q.by_id["STR-01"], 3)
    assert again._item_nodes["PRD-01"].text(1) == q.option_label(q.by_id["PRD-01"], "partial")
    assert again.progress_bar.value() == 3
    again.select_item("STR-01")
    assert again._answer_buttons[3].isChecked()


def test_number_item_uses_the_spin_box(qtbot: QtBot, gui_ctx: GuiContext, session_id: str) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    item = next(i for i in current_questionnaire().applicable_items({}) if i.type == "number")
    wizard.select_item(item.id)
    wizard.tree.setFocus()
    assert wizard.number_spin.isVisible()
    assert wizard.number_spin.maximum() == item.maximum
    qtbot.keyClick(wizard.tree, Qt.Key.Key_2)  # goes to the spin box
    assert wizard.number_spin.hasFocus()
    qtbot.keyClick(wizard.number_spin, Qt.Key.Key_Return)
    assert stored(gui_ctx, session_id, item.id) == 2


def test_blocking_item_shows_badge_and_refuses_not_applicable(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    wizard.select_item("STR-01")
    assert not wizard.blocking_badge.isVisible()
    wizard.select_item("PRD-01")
    assert wizard.blocking_badge.isVisible()
    assert wizard.blocking_badge.text() == _("Blocking")
    assert not wizard.na_button.isEnabled()

    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_N)
    assert wizard.item_error.isVisible()
    assert "PRD-01" in wizard.item_error.text()
    assert stored(gui_ctx, session_id, "PRD-01") is None

    # a non-blocking yes/no item accepts "not applicable"
    q = current_questionnaire()
    profile = SessionRepository(gui_ctx.store.db).get(session_id).profile
    item = next(
        i
        for i in q.applicable_items(profile)
        if q.answer_types[i.type].get("na_allowed") and not q.can_block(i, profile)
    )
    wizard.select_item(item.id)
    assert wizard.na_button.isEnabled()
    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_N)
    assert not wizard.item_error.isVisible()
    assert stored(gui_ctx, session_id, item.id) == "na"
    assert wizard.na_button.isChecked()


def test_unverified_note_is_visible(qtbot: QtBot, gui_ctx: GuiContext, session_id: str) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    item = next(
        i
        for i in current_questionnaire().applicable_items(
            SessionRepository(gui_ctx.store.db).get(session_id).profile
        )
        if i.unverified
    )
    wizard.select_item(item.id)
    assert wizard.unverified_badge.isVisible()
    assert wizard.note_label.isVisible()
    assert "unverified" in wizard.note_label.text()


def test_profile_change_updates_the_checklist(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    assert "DIG-05" in wizard.checklist_item_ids()  # the sample sells on marketplaces (cbec)

    marketplace = wizard.multi_groups["channels"].boxes["marketplace"]
    qtbot.mouseClick(marketplace, Qt.MouseButton.LeftButton)
    assert "DIG-05" not in wizard.checklist_item_ids()
    repo = SessionRepository(gui_ctx.store.db)
    assert "marketplace" not in repo.get(session_id).profile["channels"]

    combo = wizard.choice_combos["export_mode"]
    combo.setFocus()
    while combo.current_key() != "9810":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert "DIG-05" in wizard.checklist_item_ids()
    assert repo.get(session_id).profile["export_mode"] == "9810"
    wizard.select_item("DIG-05")
    assert wizard.blocking_badge.isVisible()


def test_metadata_autosaves_and_shows_field_errors(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    repo = SessionRepository(gui_ctx.store.db)
    wizard.advisor_edit.clear()
    qtbot.keyClicks(wizard.advisor_edit, "Zhou Min")
    qtbot.waitUntil(lambda: repo.get(session_id).advisor == "Zhou Min", timeout=3000)
    assert not wizard.meta_errors["advisor"].isVisible()

    wizard.advisor_edit.setText("x" * 100)
    qtbot.keyClick(wizard.advisor_edit, Qt.Key.Key_X)  # 101 characters: too long
    qtbot.waitUntil(wizard.meta_errors["advisor"].isVisible, timeout=3000)
    assert "100" in wizard.meta_errors["advisor"].text()
    assert repo.get(session_id).advisor == "Zhou Min"
    qtbot.keyClick(wizard.advisor_edit, Qt.Key.Key_Backspace)

    wizard.meta_notes_edit.insertPlainText("第一次辅导")
    wizard.flush()
    assert repo.get(session_id).notes == "第一次辅导"


def test_item_notes_and_evidence_are_saved(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    wizard.select_item("PRD-01")
    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_3)
    combo = wizard.evidence_combo
    combo.setFocus()
    while combo.current_key() != "seen":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    wizard.item_notes_edit.insertPlainText("报关行已确认归类")
    wizard.next_item()  # leaving the item saves its notes
    answer = SessionRepository(gui_ctx.store.db).get(session_id).answers["PRD-01"]
    assert (answer.value, answer.evidence, answer.note) == ("yes", "seen", "报关行已确认归类")
    result = wizard.result()
    assert result is not None
    assert "PRD-01" not in result.blocking_open


def test_carried_answers_are_marked_and_confirmed(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company, session_id: str
) -> None:
    repo = SessionRepository(gui_ctx.store.db)
    repo.save_answer(session_id, "STR-01", Answer(3, "seen", "老板亲自确认"))
    repo.save_answer(session_id, "PRD-01", Answer("partial"))
    second = repo.create(sample.id).id
    assert repo.get(second).carried_forward == {"STR-01", "PRD-01"}

    wizard = make_wizard(qtbot, gui_ctx, second)
    wizard.steps.setCurrentIndex(wizard.STEP_CHECKLIST)
    node = wizard._item_nodes["STR-01"]
    marker = [(_("last session"), "sample")]
    assert node.data(1, BADGES_ROLE) == marker
    assert _("Carried over from the last session; not confirmed yet") in node.toolTip(1)
    assert wizard._item_nodes["STR-02"].data(1, BADGES_ROLE) is None
    assert wizard.to_confirm() == ["STR-01", "PRD-01"]
    assert wizard.to_confirm_label.isVisible()
    assert wizard.to_confirm_label.text() == _("To confirm: {count}").format(count="2")

    wizard.select_item("STR-01")
    wizard.tree.setFocus()
    assert wizard.carried_box.isVisible()
    assert wizard.confirm_button.isEnabled()
    assert wizard._answer_buttons[3].isChecked()  # the carried answer is the default
    qtbot.keyClick(wizard.tree, Qt.Key.Key_C)
    assert wizard.current_item_id() == "STR-02"  # confirmed and moved on
    stored_session = repo.get(second)
    assert "STR-01" not in stored_session.carried_forward
    answer = stored_session.answers["STR-01"]
    assert (answer.value, answer.evidence, answer.note) == (3, "seen", "老板亲自确认")
    assert node.data(1, BADGES_ROLE) is None
    assert _("Carried over") not in node.toolTip(1)
    assert wizard.to_confirm() == ["PRD-01"]
    assert wizard.to_confirm_label.text() == _("To confirm: {count}").format(count="1")
    assert not wizard.carried_box.isVisible()  # STR-02 was not carried
    qtbot.keyClick(wizard.tree, Qt.Key.Key_C)  # nothing to confirm here: no effect
    assert wizard.current_item_id() == "STR-02"
    assert stored(gui_ctx, second, "STR-02") is None

    # changing a carried answer confirms it too; then nothing is left to confirm
    wizard.select_item("PRD-01")
    assert wizard.carried_box.isVisible()
    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_3)
    assert stored(gui_ctx, second, "PRD-01") == "yes"
    assert repo.get(second).carried_forward == frozenset()
    assert not wizard.carried_box.isVisible()
    assert not wizard.to_confirm_label.isVisible()
    assert wizard.current_item_id() == "PRD-01"


def test_confirm_button_confirms_the_carried_answer(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company, session_id: str
) -> None:
    repo = SessionRepository(gui_ctx.store.db)
    repo.save_answer(session_id, "PRD-01", Answer("yes", "attached"))
    second = repo.create(sample.id).id
    wizard = make_wizard(qtbot, gui_ctx, second)
    wizard.select_item("PRD-01")
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    assert repo.get(second).carried_forward == frozenset()
    assert repo.get(second).answers["PRD-01"].evidence == "attached"
    assert wizard.current_item_id() != "PRD-01"
    assert not wizard.to_confirm_label.isVisible()


def test_information_item_is_a_read_only_line(
    qtbot: QtBot, gui_ctx: GuiContext, session_id: str
) -> None:
    q = current_questionnaire()
    info = q.by_id["REG-00"]
    assert not info.scored
    wizard = make_wizard(qtbot, gui_ctx, session_id)
    assert wizard.info_item_ids() == ["REG-00"]
    assert "REG-00" not in wizard.checklist_item_ids()
    node = wizard._info_nodes["REG-00"]
    reg = wizard._dim_nodes["REG"]
    assert node.parent() is reg
    assert info.text.get() in node.text(0)
    assert not node.flags() & Qt.ItemFlag.ItemIsSelectable
    # not counted: the dimension counts only its scored items, and neither does the progress
    scored_in_reg = [i for i in wizard.checklist_item_ids() if q.by_id[i].dim == "REG"]
    assert reg.text(1) == f"0/{len(scored_in_reg)}"
    result = wizard.result()
    assert result is not None
    assert "REG-00" not in result.applicable
    # the keyboard steps over it: from the item before it to the one after
    ids = wizard.checklist_item_ids()
    first_reg = scored_in_reg[0]
    wizard.select_item(ids[ids.index(first_reg) - 1])
    wizard.tree.setFocus()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_Return)
    assert wizard.current_item_id() == first_reg
    # clicking the line offers nothing to answer, and answer keys save nothing
    wizard.steps.setCurrentIndex(wizard.STEP_CHECKLIST)
    wizard.tree.scrollToItem(node)
    rect = wizard.tree.visualItemRect(node)
    qtbot.mouseClick(wizard.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert wizard.current_item_id() is None
    assert not node.isSelected()
    assert wizard._answer_buttons == {}
    assert not wizard.detail.isEnabled()
    qtbot.keyClick(wizard.tree, Qt.Key.Key_3)
    assert SessionRepository(gui_ctx.store.db).get(session_id).answers == {}

    set_locale("en")
    try:
        wizard.retranslate()
        assert info.text.en in node.text(0)
    finally:
        set_locale("zh_CN")
