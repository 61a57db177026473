"""Background work: service calls run in a QThreadPool, results come back as queued signals.

Service functions take a plain ``progress(done, total)`` callback and a ``CancelToken``; they
never see Qt. Database work goes through one single-thread lane with its own connection
(SQLite connections belong to the thread that made them); other work uses the global pool.

    runner.run(fn, on_success=..., on_failure=..., progress_label=_("Importing…"), parent=self)

``fn(progress, cancel)`` — or, with ``db=True``, ``fn(db, progress, cancel)``.
A progress dialog appears only if the work takes longer than half a second; its Cancel button
sets the token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from typing_extensions import override

from services.core.errors import AppError
from services.core.progress import Cancelled, CancelToken
from services.core.store import DataStore

log = logging.getLogger(__name__)

SuccessFn = Callable[[Any], None]
FailureFn = Callable[[BaseException], None]


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals):
        super().__init__()
        self._fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    @override
    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            if not isinstance(exc, AppError | Cancelled):
                log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskHandle(QObject):
    """One running task: keeps its signals alive and owns its progress dialog."""

    done = Signal()

    def __init__(self, runner: TaskRunner, cancel: CancelToken):
        super().__init__(runner)
        self.cancel_token = cancel
        self.signals = _Signals()
        self.dialog: QProgressDialog | None = None
        self.running = True

    def cancel(self) -> None:
        self.cancel_token.cancel()


class TaskRunner(QObject):
    def __init__(self, store: DataStore | None, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._pool = QThreadPool.globalInstance()
        self._active: set[TaskHandle] = set()

    def set_store(self, store: DataStore | None) -> None:
        self._store = store

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: SuccessFn | None = None,
        on_failure: FailureFn | None = None,
        progress_label: str | None = None,
        parent: QWidget | None = None,
        db: bool = False,
    ) -> TaskHandle:
        cancel = CancelToken()
        handle = TaskHandle(self, cancel)

        def progress(done: int, total: int) -> None:
            handle.signals.progressed.emit(done, total)

        if db:
            store = self._store
            if store is None:
                raise RuntimeError("no data store for a database task")

            def call() -> Any:
                worker_db = store.connect_worker()
                try:
                    return fn(worker_db, progress, cancel)
                finally:
                    worker_db.conn.close()
        else:

            def call() -> Any:
                return fn(progress, cancel)

        if progress_label is not None:
            dialog = QProgressDialog(progress_label, self.tr_cancel(), 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(500)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(handle.cancel)
            handle.dialog = dialog
            handle.signals.progressed.connect(self._update_dialog(dialog))

        def finish() -> None:
            handle.running = False
            if handle.dialog is not None:
                handle.dialog.canceled.disconnect(handle.cancel)
                handle.dialog.close()
                handle.dialog.deleteLater()
                handle.dialog = None
            self._active.discard(handle)
            handle.done.emit()

        @Slot(object)
        def succeeded(result: Any) -> None:
            finish()
            if on_success is not None:
                on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            finish()
            if on_failure is not None:
                on_failure(exc)
            elif not isinstance(exc, Cancelled):
                from gui.errors import show_error

                show_error(parent, exc)

        handle.signals.finished.connect(succeeded, Qt.ConnectionType.QueuedConnection)
        handle.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self._active.add(handle)
        (self._db_pool if db else self._pool).start(_Job(call, handle.signals))
        return handle

    @staticmethod
    def _update_dialog(dialog: QProgressDialog) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        return update

    @staticmethod
    def tr_cancel() -> str:
        from services.core.i18n import _

        return _("Cancel")

    def active_count(self) -> int:
        return len(self._active)

    def wait_all(self, msecs: int = 30_000) -> bool:
        ok_db = self._db_pool.waitForDone(msecs)
        ok = self._pool.waitForDone(msecs)
        return bool(ok_db and ok)
