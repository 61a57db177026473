"""A questionnaire installed by a data update is the one every readiness view uses (issue 8):
the level names of the session timelines (page and progress tab), the dimension names of the
progress charts, the services the catalogue dialog seeds and the version in Help › Data
sources — not only new sessions and the command line. The update runs against a local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.readiness.catalogue_dialog import ServiceCatalogueDialog
from gui.pages.readiness.page import ReadinessPage
from gui.pages.readiness.progress import ProgressView
from services.companies.sample import SAMPLE_ID
from services.core.i18n import set_locale
from services.readiness.catalogue import ServiceCatalogue
from services.readiness.questionnaire import active_questionnaire, current_questionnaire
from services.refdata.updates import update_from_url
from tests.pack_server import PackServer, all_kinds, publish_questionnaire, quick_client
from tests.test_gui.readiness_support import sample_session
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui

NEW_VERSION = "9.0.0"


def _renamed(text: str) -> str:
    """The shipped questionnaire with another name for the first level and for STR, and one
    more service."""
    for old, new in (
        ("  zh: 起步\n  en: Starter\n", "  zh: 起步期\n  en: Getting started\n"),
        ("{id: STR, zh: 战略与管理承诺, en: Strategy & commitment}",
         "{id: STR, zh: 出口战略, en: Export strategy}"),
        ("services:\n",
         "services:\n  new_desk: {zh: 新设外贸窗口, en: New trade desk, kind: gov}\n"),
    ):  # fmt: skip
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def updated(gui_ctx: GuiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GuiContext:
    """The sample company with a session answered on the shipped questionnaire, then a data
    update that installs a renamed one."""
    set_locale("en")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    session = sample_session(gui_ctx)
    assert session.questionnaire_version == current_questionnaire().version
    site = tmp_path / "site"
    publish_questionnaire(site, NEW_VERSION, _renamed)
    with PackServer(site) as server, quick_client() as client:
        update_from_url(gui_ctx.store.db, all_kinds(), server.url, client=client)
    assert active_questionnaire(gui_ctx.store.db).version == NEW_VERSION
    return gui_ctx


def test_the_timelines_and_progress_charts_use_the_installed_questionnaire(
    qtbot: QtBot, updated: GuiContext
) -> None:
    view = ProgressView(updated)
    qtbot.addWidget(view)
    view.setMinimumSize(1100, 900)
    view.show()
    view.show_company(SAMPLE_ID)
    level = view.timeline_model.index(0, view.timeline_model.Col.LEVEL).data()
    assert level == "Getting started"
    assert "Getting started" in view.a_combo.itemText(0)
    names = [s.name for s in view.trend_chart.series()]
    assert "STR Export strategy" in names
    assert "STR Strategy & commitment" not in names
    deltas = view.delta_model
    strategy = next(row for row, d in enumerate(deltas.items()) if d.dim == "STR")
    assert deltas.index(strategy, deltas.Col.DIMENSION).data() == "STR Export strategy"

    page = ReadinessPage(updated)
    qtbot.addWidget(page)
    page.setMinimumSize(QSize(1300, 800))
    page.show()
    page.search_edit.setText("光储")
    item = page.company_list.item(0)
    assert item is not None
    rect = page.company_list.visualItemRect(item)
    qtbot.mouseClick(page.company_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_company_id() == SAMPLE_ID
    level = page.sessions_model.index(0, page.sessions_model.Col.LEVEL).data()
    assert level == "Getting started"


def test_the_catalogue_seeds_the_services_of_the_installed_questionnaire(
    qtbot: QtBot, updated: GuiContext
) -> None:
    db = updated.store.db
    # As in a database whose catalogue lost the unit (the update seeded it once): opening the
    # dialog seeds it again, from the questionnaire in use.
    db.execute("DELETE FROM service_units WHERE key = 'new_desk'")
    assert "new_desk" not in {u.key for u in ServiceCatalogue(db).all()}
    dialog = ServiceCatalogueDialog(updated)
    qtbot.addWidget(dialog)
    dialog.show()
    keys = [u.key for u in dialog.model.items()]
    assert "new_desk" in keys
    row = keys.index("new_desk")
    assert dialog.model.index(row, dialog.model.Col.NAME_EN).data() == "New trade desk"


def test_help_data_sources_name_the_installed_version(qtbot: QtBot, updated: GuiContext) -> None:
    window = make_window(qtbot, updated)
    window.act_sources.trigger()
    sources = window._help_windows["sources"].text.text()  # type: ignore[attr-defined]
    assert f"Version {NEW_VERSION}" in sources
