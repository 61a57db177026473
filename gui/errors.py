"""Showing errors: AppError → its translated message; anything else → the crash hook.

``show_error`` is the one place a service error becomes a dialog. The crash hook logs the
traceback and shows a non-blocking dialog on the GUI thread, once per distinct traceback.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from services.core.errors import AppError, ValidationError
from services.core.i18n import _

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, ValidationError) and len(exc.errors) > 1:
        return "\n".join(f"• {e.message}" for e in exc.errors)
    if isinstance(exc, AppError):
        return exc.message
    return _("Unexpected error: {detail}. Details are in the log file.").format(detail=exc)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    if not isinstance(exc, AppError):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or _("ExportPilot"),
        error_text(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # non-blocking: never stalls the caller, tests or background callbacks


class CrashHook(QObject):
    """Installs sys.excepthook / threading.excepthook; reports on the GUI thread."""

    crashed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._seen: set[str] = set()
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = sys.excepthook
        self._previous_threading = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self._hook
        threading.excepthook = lambda a: self._hook(
            a.exc_type, a.exc_value or Exception(), a.exc_traceback
        )

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_threading

    def _hook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.critical("uncaught exception\n%s", text)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in self._seen:
            return
        self._seen.add(digest)
        self.crashed.emit(str(exc))

    @Slot(str)
    def _show(self, detail: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            _("ExportPilot"),
            _(
                "Something went wrong: {detail}\n\nYour saved data is safe. The details are in "
                "the log file; please send it to your service centre."
            ).format(detail=detail),
            QMessageBox.StandardButton.Ok,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
