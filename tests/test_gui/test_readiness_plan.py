"""The action plan editor: edits, reorder, custom actions, validation, regenerate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.pages.readiness.plan import ActionPlanEditor, ActionPlanModel
from services.readiness.action_plan import CUSTOM
from tests.test_gui.readiness_support import repo, sample_session

pytestmark = pytest.mark.gui
Col = ActionPlanModel.Col


def make_editor(qtbot: QtBot, ctx: GuiContext) -> ActionPlanEditor:
    editor = ActionPlanEditor(ctx)
    qtbot.addWidget(editor)
    editor.setMinimumSize(1200, 700)
    editor.show()
    return editor


def test_edits_reorder_and_a_custom_action_persist_after_reopening(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    session = sample_session(gui_ctx)
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    model = editor.model
    assert model.rowCount() == len(session.actions)
    assert not editor.save_button.isEnabled()
    first, second = model.item(0), model.item(1)

    editor.select_row(0)
    editor.done_button.click()
    assert model.item(0).status == "done"
    assert editor.is_dirty()
    assert editor.dirty_label.isVisible()

    editor.select_row(1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert model.item(0).id == second.id
    assert editor.current_row() == 0

    unit = next(u for u in editor.active_units() if u.key == "ccpit")
    assert model.setData(model.index(0, Col.SERVICE), unit.key)
    assert model.setData(model.index(0, Col.DUE), QDate(2026, 6, 30))
    assert model.setData(model.index(0, Col.NOTE), "已联系报关行")

    editor.select_row(1)
    editor.add_button.click()
    assert model.item(2).kind == CUSTOM
    editor.table.closePersistentEditor(model.index(2, Col.ACTION))
    assert model.setData(model.index(2, Col.ACTION), "参加广交会秋季展")
    assert editor.remove_button.isEnabled()

    editor.save_button.click()
    assert not editor.is_dirty()

    reopened = make_editor(qtbot, gui_ctx)
    reopened.show_session(session.id)
    actions = repo(gui_ctx).get(session.id).actions
    assert [a.id for a in actions[:2]] == [second.id, first.id]
    assert actions[1].status == "done"
    assert actions[1].done_on is not None
    assert actions[0].service_key == "ccpit"
    assert actions[0].due_on is not None
    assert actions[0].due_on.isoformat() == "2026-06-30"
    assert actions[0].note == "已联系报关行"
    assert actions[2].kind == CUSTOM
    assert actions[2].title == "参加广交会秋季展"
    assert reopened.model.index(2, Col.ACTION).data() == "参加广交会秋季展"
    assert reopened.model.index(0, Col.SERVICE).data() == unit.name()


def test_an_empty_custom_action_shows_the_error_and_nothing_is_saved(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    session = sample_session(gui_ctx)
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    editor.select_row(0)
    editor.done_button.click()
    editor.add_button.click()
    editor.table.closePersistentEditor(editor.model.index(1, Col.ACTION))
    assert not editor.save()
    assert editor.error_label.isVisible()
    assert "2" in editor.error_label.text()
    assert (1, int(Col.ACTION)) in editor.model.errors()
    assert editor.model.index(1, Col.ACTION).data(Qt.ItemDataRole.ToolTipRole)
    assert editor.is_dirty()
    saved = repo(gui_ctx).get(session.id).actions
    assert [a.id for a in saved] == [a.id for a in session.actions]
    assert saved[0].status == "todo"

    # removing the empty action makes the plan valid again
    editor.select_row(1)
    editor.remove_button.click()
    assert editor.save()
    assert repo(gui_ctx).get(session.id).actions[0].status == "done"


def test_only_custom_actions_can_be_removed(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    session = sample_session(gui_ctx)
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    editor.select_row(0)
    assert not editor.remove_button.isEnabled()
    editor.remove_current()
    assert editor.model.rowCount() == len(session.actions)


def test_regenerate_asks_before_dropping_unsaved_edits(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = sample_session(gui_ctx)
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    editor.select_row(0)
    editor.done_button.click()
    asked: list[str] = []

    def refuse(_parent: object, title: str, _text: str, **_kwargs: object) -> bool:
        asked.append(title)
        return False

    monkeypatch.setattr(dialogs, "confirm", refuse)
    editor.regenerate_button.click()
    assert asked
    assert editor.is_dirty()  # refused: edits stay
    editor.save()
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    editor.regenerate_button.click()
    assert editor.model.item(0).status == "done"  # the service keeps the saved edits


def test_read_only_mode_allows_no_editing(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = sample_session(gui_ctx)
    monkeypatch.setattr(type(gui_ctx), "read_only", property(lambda _self: True))
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    editor.select_row(0)
    assert not editor.add_button.isEnabled()
    assert not editor.done_button.isEnabled()
    assert not editor.model.setData(editor.model.index(0, Col.NOTE), "x")
    assert not editor.model.flags(editor.model.index(0, Col.NOTE)) & Qt.ItemFlag.ItemIsEditable


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, gui_ctx: GuiContext, qtmodeltester: object
) -> None:
    session = sample_session(gui_ctx)
    editor = make_editor(qtbot, gui_ctx)
    editor.show_session(session.id)
    qtmodeltester.check(editor.model)  # type: ignore[attr-defined]
