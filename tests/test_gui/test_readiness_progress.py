"""The progress view: timeline, trends, two sessions compared with deltas and completed actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.readiness.progress import ProgressView
from services.companies.sample import SAMPLE_ID
from services.core.i18n import set_locale
from services.readiness.scoring import Answer
from tests.test_gui.readiness_support import repo, sample_session

pytestmark = pytest.mark.gui


def make_view(qtbot: QtBot, ctx: GuiContext) -> ProgressView:
    view = ProgressView(ctx)
    qtbot.addWidget(view)
    view.setMinimumSize(1100, 900)
    view.show()
    return view


def test_two_sessions_show_deltas_and_completed_actions(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    first = sample_session(gui_ctx, date(2026, 1, 10))
    r = repo(gui_ctx)
    second = sample_session(gui_ctx, date(2026, 3, 2))
    r.save_answer(second.id, "PRD-01", Answer("yes", "seen"))
    r.save_answer(second.id, "STR-01", Answer(3, "seen"))
    second = r.get(second.id)
    target = next(a for a in second.actions if a.item_id == "REG-02")
    r.save_actions(
        second.id, [replace(a, status="done") if a.id == target.id else a for a in second.actions]
    )

    view = make_view(qtbot, gui_ctx)
    view.show_company(SAMPLE_ID)
    assert view.stack.currentIndex() == 1
    assert view.timeline_model.rowCount() == 2
    assert "2" in view.summary_label.text()
    assert view.a_combo.currentData() == first.id
    assert view.b_combo.currentData() == second.id

    strategy = view.delta_for("STR")
    assert strategy is not None
    assert strategy.delta is not None
    assert strategy.delta > 0
    row = next(i for i, d in enumerate(view.delta_model.items()) if d.dim == "STR")
    assert view.delta_model.index(row, 3).data().startswith("+")
    completed = {a.item_id for a in view.completed_model.items()}
    assert {"PRD-01", "REG-02"} <= completed
    assert "STR-02" not in completed
    assert len(view.radar.series()) == 2
    assert len(view.trend_chart.x_labels()) == 2
    blockers = view.blocker_chart.series()[0].values
    assert blockers[0] is not None
    assert blockers[1] is not None
    assert blockers[1] < blockers[0]

    # swapping A and B compares the same pair (earlier plan, later answers)
    view.choose(1, 0)
    assert {"PRD-01", "REG-02"} <= {a.item_id for a in view.completed_model.items()}
    swapped = view.delta_for("STR")
    assert swapped is not None
    assert swapped.delta is not None
    assert swapped.delta < 0
    # the same session twice: nothing changed, nothing completed
    view.choose(0, 0)
    assert view.completed_model.rowCount() == 0


def test_a_single_session_and_no_session(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    view = make_view(qtbot, gui_ctx)
    view.show_company(None)
    assert view.stack.currentIndex() == 0
    sample_session(gui_ctx)
    view.show_company(SAMPLE_ID)
    assert view.stack.currentIndex() == 1
    assert view.timeline_model.rowCount() == 1
    assert view.completed_model.rowCount() == 0
    assert len(view.trend_chart.x_labels()) == 1
    view.grab()  # paints a single point without trouble


def test_language_switch_relabels(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    sample_session(gui_ctx)
    view = make_view(qtbot, gui_ctx)
    view.show_company(SAMPLE_ID)
    assert view.timeline_model.index(0, 3).data() == "起步"
    set_locale("en")
    gui_ctx.hub.language_changed.emit("en")
    assert view.timeline_model.index(0, 3).data() == "Starter"
    assert view.delta_model.index(0, 0).data().isascii()


def test_models_pass_the_model_tester(
    qtbot: QtBot, gui_ctx: GuiContext, qtmodeltester: object
) -> None:
    sample_session(gui_ctx, date(2026, 1, 10))
    sample_session(gui_ctx, date(2026, 2, 10))
    view = make_view(qtbot, gui_ctx)
    view.show_company(SAMPLE_ID)
    for model in (view.timeline_model, view.delta_model, view.completed_model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
