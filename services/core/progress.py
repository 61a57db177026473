"""Progress reporting and cooperative cancellation for long service calls (no Qt)."""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressFn = Callable[[int, int], None]  # (done, total)


class Cancelled(Exception):  # noqa: N818 - reads naturally at the raise site
    """Raised inside a service when its CancelToken was set; nothing is written."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled


def report(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
