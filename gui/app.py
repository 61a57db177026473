"""Placeholder replaced by the GUI work in progress."""

from __future__ import annotations

from collections.abc import Sequence

from services.core.paths import AppPaths


def run_gui(paths: AppPaths, *, qt_args: Sequence[str], forced_locale: str | None) -> int:
    raise NotImplementedError
