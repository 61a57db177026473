"""The readiness page: company chooser, sessions timeline, new/delete/export/import, reopening,
the language switch, and the main window's third page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.main_window import Page
from gui.models import BADGES_ROLE
from gui.pages.readiness.page import COMPANY_ROLE, ReadinessPage
from gui.pages.readiness.timeline import level_label
from services.companies.models import Company
from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample
from services.core.i18n import _, set_locale
from services.readiness.questionnaire import current_questionnaire
from services.readiness.sessions import SessionRepository
from tests.test_gui.shell_support import activate, add_company, make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def sample(gui_ctx: GuiContext) -> Company:
    return load_sample(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)


def make_page(qtbot: QtBot, ctx: GuiContext) -> ReadinessPage:
    page = ReadinessPage(ctx)
    qtbot.addWidget(page)
    page.setMinimumSize(QSize(1300, 800))
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    return page


def choose_company(qtbot: QtBot, page: ReadinessPage, name: str) -> None:
    page.search_edit.setFocus()
    page.search_edit.setText(name)
    item = page.company_list.item(0)
    assert item is not None
    rect = page.company_list.visualItemRect(item)
    qtbot.mouseClick(page.company_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_new_session_answer_and_reopen(qtbot: QtBot, gui_ctx: GuiContext, sample: Company) -> None:
    add_company(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)
    page = make_page(qtbot, gui_ctx)
    assert page.company_list.count() == 2
    sample_rows = [
        page.company_list.item(i)
        for i in range(page.company_list.count())
        if (item := page.company_list.item(i)) is not None and item.data(COMPANY_ROLE) == sample.id
    ]
    assert sample_rows[0] is not None
    assert sample_rows[0].data(BADGES_ROLE) == [(_("Sample"), "sample")]

    choose_company(qtbot, page, "光储")
    assert page.current_company_id() == sample.id
    assert page.new_button.isEnabled()
    assert not page.delete_button.isEnabled()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert len(page.sessions()) == 1
    assert page.current_session_id() == page.sessions()[0].id
    assert page.tabs.currentIndex() == page.TAB_SESSION
    summary = page.sessions()[0]
    timeline_level = page.sessions_model.index(0, page.sessions_model.Col.LEVEL).data()
    shipped = current_questionnaire()
    assert timeline_level == level_label(shipped, "start") == shipped.levels[0].text.get()

    wizard = page.wizard
    wizard.select_item("STR-01")
    wizard.tree.setFocus()
    for key in (Qt.Key.Key_3, Qt.Key.Key_Return, Qt.Key.Key_2, Qt.Key.Key_Return):
        qtbot.keyClick(wizard.tree, key)
    assert wizard.progress_bar.value() == 2
    score_cell = page.sessions_model.index(0, page.sessions_model.Col.SCORE).data()
    assert (page.sessions()[0].score or 0) > 0
    assert score_cell != "0"
    assert summary.score == 0

    # close and reopen: a new page on the same context finds the same answers
    page.close()
    again = make_page(qtbot, gui_ctx)
    again.show_company(sample.id)
    assert again.current_session_id() == summary.id
    assert again.wizard.progress_bar.value() == 2
    assert again.wizard.session() is not None
    answers = again.wizard.session().answers  # type: ignore[union-attr]
    assert answers["STR-01"].value == 3


def test_delete_session_asks_first(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    SessionRepository(gui_ctx.store.db).create(sample.id)
    page = make_page(qtbot, gui_ctx)
    page.show_company(sample.id)
    assert len(page.sessions()) == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(page.sessions()) == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.sessions() == []
    assert SessionRepository(gui_ctx.store.db).list_for_company(sample.id) == []
    assert page.current_session_id() is None
    assert page.wizard.placeholder_label.isVisible()


def test_export_then_import_recreates_the_session(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    sample: Company,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    repo = SessionRepository(gui_ctx.store.db)
    page = make_page(qtbot, gui_ctx)
    page.show_company(sample.id)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    page.wizard.select_item("PRD-01")
    page.wizard.tree.setFocus()
    qtbot.keyClick(page.wizard.tree, Qt.Key.Key_3)
    session_id = page.current_session_id()
    assert session_id is not None

    target = tmp_path / "session"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: target)
    qtbot.mouseClick(page.export_json_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "session.json"
    assert json.loads(written.read_text(encoding="utf-8"))["answers"]["PRD-01"]["value"] == "yes"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: tmp_path / "answers.csv")
    qtbot.mouseClick(page.export_csv_button, Qt.MouseButton.LeftButton)
    assert "PRD-01" in (tmp_path / "answers.csv").read_text(encoding="utf-8-sig")

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert repo.list_for_company(sample.id) == []

    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: written)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert [s.id for s in page.sessions()] == [session_id]
    assert page.current_session_id() == session_id
    assert repo.get(session_id).answers["PRD-01"].value == "yes"
    assert page.wizard.progress_bar.value() == 1


def test_import_of_a_bad_file_shows_the_error(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    sample: Company,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "gui.pages.readiness.page.show_error", lambda _p, exc, *a: shown.append(str(exc))
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    page = make_page(qtbot, gui_ctx)
    page.show_company(sample.id)
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: bad)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert shown == [_("This is not an exported readiness session.")]
    assert page.sessions() == []


def test_language_switch_relabels(qtbot: QtBot, gui_ctx: GuiContext, sample: Company) -> None:
    SessionRepository(gui_ctx.store.db).create(sample.id)
    page = make_page(qtbot, gui_ctx)
    page.show_company(sample.id)
    page.wizard.select_item("PRD-01")
    item = current_questionnaire().by_id["PRD-01"]
    assert page.wizard.question_label.text() == item.text.zh
    set_locale("en")
    gui_ctx.hub.language_changed.emit("en")
    assert page.wizard.question_label.text() == item.text.en
    assert page.tabs.tabText(page.TAB_SESSION) == "Session"
    assert page.wizard.dim_label_texts()[0] == current_questionnaire().dimensions[0].text.en
    assert page.wizard.choice_combos["taxpayer"].itemText(1) == "General VAT taxpayer"
    set_locale("zh_CN")
    gui_ctx.hub.language_changed.emit("zh_CN")
    assert page.wizard.question_label.text() == item.text.zh
    assert page.wizard.choice_combos["taxpayer"].itemText(1) == "一般纳税人"


def test_main_window_third_page_and_company_action(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company
) -> None:
    window = make_window(qtbot, gui_ctx)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is Page.READINESS
    assert window.stack.currentWidget() is window.readiness_page
    assert window.readiness_page.search_edit.hasFocus()

    window.show_page(Page.COMPANIES)
    window.companies_page.select_company(sample.id)
    assert window.act_readiness.isEnabled()
    window.act_readiness.trigger()
    assert window.current_page() is Page.READINESS
    page = window.readiness_page
    assert page.current_company_id() == sample.id
    assert len(page.sessions()) == 1  # started one, since there was none
    window.show_page(Page.COMPANIES)
    window.act_readiness.trigger()
    assert len(page.sessions()) == 1  # opens the existing one


def test_first_company_and_its_latest_session_are_chosen(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company
) -> None:
    repo = SessionRepository(gui_ctx.store.db)
    repo.create(sample.id)
    latest = repo.create(sample.id).id
    page = make_page(qtbot, gui_ctx)
    assert page.company_list.count() == 1
    assert page.current_company_id() == sample.id
    assert page.company_list.currentRow() == 0
    assert page.current_session_id() == latest
    assert page.wizard.session_id() == latest
    assert page.sessions_table.selectionModel().isRowSelected(1)
    assert not page.wizard.placeholder_label.isVisible()
    assert page.new_button.isEnabled()


def test_show_company_still_chooses_another_company(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company
) -> None:
    other = add_company(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)
    page = make_page(qtbot, gui_ctx)
    first = page.company_list.item(0)
    assert first is not None
    assert page.current_company_id() == first.data(COMPANY_ROLE)
    chosen = sample.id if page.current_company_id() != sample.id else other
    page.show_company(chosen)
    assert page.current_company_id() == chosen
    page.search_edit.setText("no such company")  # hides it: the choice is kept
    assert page.company_list.count() == 0
    assert page.current_company_id() == chosen


def test_hidden_page_chooses_nothing_until_shown(
    qtbot: QtBot, gui_ctx: GuiContext, sample: Company
) -> None:
    page = ReadinessPage(gui_ctx)
    qtbot.addWidget(page)
    page.setMinimumSize(QSize(1300, 800))
    assert page.current_company_id() is None
    page.show()
    qtbot.waitExposed(page)
    assert page.current_company_id() == sample.id
    assert page.wizard.placeholder_label.isVisible()  # no sessions yet
    assert page.empty_sessions_label.text() == _(
        "No sessions yet. Start the first one with “New session”."
    )
