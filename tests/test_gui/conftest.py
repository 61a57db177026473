"""GUI fixtures: a GuiContext on a temporary data folder (pytest-qt provides qapp/qtbot)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.tasks import TaskRunner
from services.core.settings import Preferences
from services.core.store import DataStore
from services.readiness.dossier_section import ReadinessSessionsSection
from services.refdata.reference import ReferenceData


@pytest.fixture
def gui_ctx(qtbot: QtBot, store: DataStore, reference: ReferenceData) -> Iterator[GuiContext]:
    runner = TaskRunner(store)
    ctx = GuiContext(
        paths=store.paths,
        store=store,
        reference=reference,
        prefs=Preferences(sample_offer_answered=True),
        tasks=runner,
        dossier_sections=(ReadinessSessionsSection(),),
    )
    yield ctx
    runner.wait_all(10_000)
