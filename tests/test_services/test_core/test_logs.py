"""Logging without a console (a windowed build has ``sys.stderr = None``): the log still
reaches the file in the data folder, and nothing tries to write to the missing stream."""

from __future__ import annotations

import faulthandler
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.core import logs
from services.core.paths import AppPaths


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """configure_logging replaces the root logger's handlers; put pytest's back afterwards."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved:
        root.addHandler(handler)
    root.setLevel(level)


def test_without_a_console_the_log_goes_to_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_handlers: None
) -> None:
    enabled: list[Any] = []
    monkeypatch.setattr(logs, "_fault_file", None)
    monkeypatch.setattr(faulthandler, "enable", lambda file: enabled.append(file))
    monkeypatch.setattr(sys, "stderr", None)
    paths = AppPaths(tmp_path / "data")

    logs.configure_logging(paths)
    logging.getLogger("exportpilot.test").warning("no console here: %s", "好")
    for handler in logging.getLogger().handlers:
        handler.flush()

    handlers = logging.getLogger().handlers
    assert not [h for h in handlers if type(h) is logging.StreamHandler]
    text = (paths.logs_dir / "exportpilot.log").read_text(encoding="utf-8")
    assert "ExportPilot" in text  # the start-up line
    assert "WARNING exportpilot.test: no console here: 好" in text
    assert [Path(f.name) for f in enabled] == [paths.logs_dir / "crash.log"]
    logs._fault_file.close()  # type: ignore[union-attr]
