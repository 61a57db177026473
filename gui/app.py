"""The window path of main.py: QApplication → data store (with a way out of every problem) →
GuiContext → MainWindow → event loop → orderly shutdown.

Benchmark hook: with ``EXPORTPILOT_BENCH_EXIT_AFTER_SHOW=1`` the app prints ``WINDOW_SHOWN`` once
the main window is shown and the event loop has run once, then exits with status 0
(scripts/bench_startup.py times it). ``main.py --smoke-test`` does the same (scripts/build.py
runs it on the built app).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import (
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from gui.context import GuiContext
from gui.errors import CrashHook
from gui.language import install_qt_translations
from gui.startup import open_store_interactively
from gui.tasks import TaskRunner
from services.companies.dossier import DossierSection
from services.companies.sample import SampleExtra
from services.core.i18n import current_locale, set_locale
from services.core.paths import AppPaths
from services.core.settings import load_preferences
from services.core.store import DataStore
from services.core.version import APP_VERSION
from services.refdata.datapacks import PackKind
from services.refdata.reference import ReferenceData

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

BENCH_ENV = "EXPORTPILOT_BENCH_EXIT_AFTER_SHOW"
WINDOW_SHOWN = "WINDOW_SHOWN"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def forward_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """qInstallMessageHandler target: Qt's own warnings go to our log file."""
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def create_application(qt_args: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(qt_args))
    app.setApplicationName("ExportPilot")
    app.setApplicationDisplayName("出海领航 ExportPilot")
    app.setOrganizationName("ExportPilot")
    app.setApplicationVersion(APP_VERSION)
    return app


def run_gui(
    paths: AppPaths,
    *,
    qt_args: Sequence[str],
    forced_locale: str | None,
    dossier_sections: tuple[DossierSection, ...] = (),
    pack_kinds: tuple[PackKind, ...] = (),
    sample_extras: tuple[SampleExtra, ...] = (),
    smoke_test: bool = False,
) -> int:
    app = create_application(qt_args)
    previous_handler = qInstallMessageHandler(forward_qt_message)
    crash_hook = CrashHook()
    crash_hook.install()
    try:
        if forced_locale:
            set_locale(forced_locale)
        install_qt_translations(current_locale())
        store = open_store_interactively(paths)
        if store is None:
            log.info("start-up cancelled by the user")
            return 1
        try:
            return _run_window(
                app,
                paths,
                store,
                forced_locale,
                dossier_sections,
                pack_kinds,
                smoke_test,
                sample_extras=sample_extras,
            )
        finally:
            store.close()  # releases the data folder's lock
    finally:
        crash_hook.uninstall()
        qInstallMessageHandler(previous_handler)


def _run_window(
    app: QApplication,
    paths: AppPaths,
    store: DataStore,
    forced_locale: str | None,
    dossier_sections: tuple[DossierSection, ...],
    pack_kinds: tuple[PackKind, ...] = (),
    smoke_test: bool = False,
    *,
    sample_extras: tuple[SampleExtra, ...] = (),
) -> int:
    prefs = load_preferences(paths.settings_path)
    wanted = forced_locale or prefs.locale
    if wanted != current_locale():
        set_locale(wanted)
        install_qt_translations(current_locale())
    runner = TaskRunner(store)
    ctx = GuiContext(
        paths=paths,
        store=store,
        reference=ReferenceData(),
        prefs=prefs,
        tasks=runner,
        dossier_sections=dossier_sections,
        pack_kinds=pack_kinds,
        sample_extras=sample_extras,
    )

    from gui.main_window import MainWindow  # the pages come with it; loaded after the store

    window = MainWindow(ctx)
    window.show()
    # Reference data load after the window is up, so it never holds the window back.
    QTimer.singleShot(0, lambda: _warm_up(ctx))
    if smoke_test or os.environ.get(BENCH_ENV) == "1":
        QTimer.singleShot(0, lambda: _bench_exit(app))
    try:
        code = app.exec()
    finally:
        if window.isVisible():
            window.close()  # saves the window state (the benchmark hook exits without closing)
        if not runner.wait_all(30_000):
            log.warning("background tasks still running at exit")
    return int(code)


def _warm_up(ctx: GuiContext) -> None:
    def load(_progress: object, _cancel: object) -> int:
        return len(ctx.reference.hs)

    def loaded(count: int) -> None:
        log.info("HS nomenclature ready: %d entries", count)

    ctx.tasks.run(load, on_success=loaded)


def _bench_exit(app: QApplication) -> None:
    if sys.stdout is not None:
        print(WINDOW_SHOWN, flush=True)
    app.exit(0)
