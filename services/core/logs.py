"""Logging: a rotating file in the data folder's logs/, plus stderr when there is one (a
windowed PyInstaller build has ``sys.stderr = None``)."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import sys
from typing import TextIO

from services.core.paths import AppPaths
from services.core.version import APP_VERSION

_fault_file: TextIO | None = None


def configure_logging(paths: AppPaths, *, console_level: int = logging.WARNING) -> None:
    global _fault_file
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        paths.logs_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            paths.logs_dir / "exportpilot.log",
            maxBytes=1_000_000,
            backupCount=5,
            encoding="utf-8",
        )
        file_handler.setFormatter(fmt)
        root.addHandler(file_handler)
        if _fault_file is None:
            _fault_file = (paths.logs_dir / "crash.log").open("a", encoding="utf-8")
            faulthandler.enable(file=_fault_file)
    except OSError:
        pass  # a read-only medium must not stop the app; stderr (if any) still logs
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(console_level)
        console.setFormatter(fmt)
        root.addHandler(console)
    logging.getLogger(__name__).info(
        "ExportPilot %s, Python %s, %s",
        APP_VERSION,
        platform.python_version(),
        platform.platform(),
    )
