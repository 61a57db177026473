"""The results view: score, level 起步 with its reasons, blocking items, dimension table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.readiness.results import ResultsView
from services.core.i18n import set_locale
from services.readiness.results import MISSING_EVIDENCE
from services.readiness.scoring import Answer
from tests.test_gui.readiness_support import repo, sample_session

pytestmark = pytest.mark.gui


def make_view(qtbot: QtBot, ctx: GuiContext) -> ResultsView:
    view = ResultsView(ctx)
    qtbot.addWidget(view)
    view.setMinimumSize(900, 700)
    view.show()
    return view


def test_a_first_session_is_a_starter_with_blocking_items(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    session = sample_session(gui_ctx)
    view = make_view(qtbot, gui_ctx)
    assert view.stack.currentIndex() == 0  # nothing chosen yet
    view.show_session(session.id)
    assert view.stack.currentIndex() == 1
    assert view.level_badge.text() == "起步"
    assert view.score_label.text() == "0"
    assert "PRD-01" in view.blocker_ids()
    assert "REG-02" in view.blocker_ids()
    assert view.blocker_table.isVisible()
    # the dimension table lists every scored dimension with the preset weight
    rows = view.dimension_model.items()
    assert {r.dim.dim for r in rows} >= {"STR", "PRD", "REG"}
    assert view.dimension_model.rowCount() == len(view.radar.axes())


def test_answering_prd01_with_evidence_removes_the_blocker(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    session = sample_session(gui_ctx)
    view = make_view(qtbot, gui_ctx)
    view.show_session(session.id)
    assert "PRD-01" in view.blocker_ids()

    repo(gui_ctx).save_answer(session.id, "PRD-01", Answer("yes", "claimed"))
    view.show_session(session.id)
    row = next(r for r in view.blocker_model.items() if r.item.id == "PRD-01")
    assert row.missing == MISSING_EVIDENCE  # yes, but the evidence is still to verify

    repo(gui_ctx).save_answer(session.id, "PRD-01", Answer("yes", "seen"))
    view.show_session(session.id)
    assert "PRD-01" not in view.blocker_ids()
    assert float(view.score_label.text()) > 0
    assert "100%" in view.coverage_label.text()  # the only positive answer has evidence


def test_the_language_switch_relabels_the_level_and_tables(
    qtbot: QtBot, gui_ctx: GuiContext
) -> None:
    session = sample_session(gui_ctx)
    view = make_view(qtbot, gui_ctx)
    view.show_session(session.id)
    set_locale("en")
    gui_ctx.hub.language_changed.emit("en")
    assert view.level_badge.text() == "Starter"
    header = view.blocker_model.headerData(1, Qt.Orientation.Horizontal)
    assert header == "Question"
    question = view.blocker_model.index(0, 1).data()
    assert question.isascii()
    dimension = view.dimension_model.index(0, 0).data()
    assert dimension.isascii()
    assert all(label.isascii() for label in view.radar.axes())


def test_models_pass_the_model_tester(
    qtbot: QtBot, gui_ctx: GuiContext, qtmodeltester: object
) -> None:
    session = sample_session(gui_ctx)
    view = make_view(qtbot, gui_ctx)
    view.show_session(session.id)
    qtmodeltester.check(view.dimension_model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.blocker_model)  # type: ignore[attr-defined]


def test_a_missing_session_shows_the_empty_state(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    view = make_view(qtbot, gui_ctx)
    view.show_session("no-such-session")
    assert view.stack.currentIndex() == 0
    assert view.session_id() is None
