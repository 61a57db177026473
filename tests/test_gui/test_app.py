"""run_gui end to end: start, show the window, exit through the benchmark hook, release the
data folder; and the start-up problem path before any window exists."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType
from pytestqt.qtbot import QtBot

import gui.app
from gui.app import BENCH_ENV, WINDOW_SHOWN, forward_qt_message, run_gui
from gui.main_window import MainWindow
from gui.startup import StartupChoice, StartupProblemDialog
from services.core.errors import DatabaseLockedError
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store

pytestmark = pytest.mark.gui

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_run(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> list[str]:
    """In-process run_gui that exits after the first event-loop turn; records window titles.

    Qt's message handler stays pytest-qt's (so Qt warnings still fail the test).
    """
    set_locale("en")
    monkeypatch.setenv(BENCH_ENV, "1")
    monkeypatch.setattr(gui.app, "qInstallMessageHandler", lambda handler: None)
    titles: list[str] = []
    original_show = MainWindow.show

    def show(self: MainWindow) -> None:
        titles.append(self.windowTitle())
        original_show(self)

    monkeypatch.setattr(MainWindow, "show", show)
    return titles


def test_window_starts_and_releases_the_folder(
    paths: AppPaths, bench_run: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    hook_before = sys.excepthook
    assert run_gui(paths, qt_args=["exportpilot"], forced_locale=None) == 0
    assert capsys.readouterr().out.splitlines() == [WINDOW_SHOWN]
    assert bench_run == ["出海领航 ExportPilot"]
    assert sys.excepthook is hook_before  # crash hook removed again
    assert paths.ui_state_path.exists()  # window state saved on the way out
    open_store(paths).close()  # the lock was released


def test_locked_folder_can_be_opened_read_only(
    store: DataStore,
    bench_run: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[BaseException] = []

    def ask(parent: Any, exc: BaseException, found: Any) -> StartupChoice:
        seen.append(exc)
        return StartupChoice.read_only()

    monkeypatch.setattr(StartupProblemDialog, "ask", ask)
    assert run_gui(store.paths, qt_args=["exportpilot"], forced_locale="en") == 0
    assert isinstance(seen[0], DatabaseLockedError)
    assert bench_run == ["出海领航 ExportPilot (read-only)"]
    assert WINDOW_SHOWN in capsys.readouterr().out


def test_quitting_at_a_start_up_problem_shows_no_window(
    store: DataStore,
    bench_run: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(StartupProblemDialog, "ask", lambda *a: StartupChoice.quit())
    assert run_gui(store.paths, qt_args=["exportpilot"], forced_locale=None) == 1
    assert bench_run == []
    assert capsys.readouterr().out == ""


def test_qt_messages_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        forward_qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "font not found")
        forward_qt_message(QtMsgType.QtDebugMsg, QMessageLogContext(), "detail")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, "font not found"),
        (logging.DEBUG, "detail"),
    ]


def test_main_py_opens_the_window_in_a_fresh_process(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{BENCH_ENV: "1"})
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [WINDOW_SHOWN]
    assert (tmp_path / "data" / "exportpilot.db").exists()
