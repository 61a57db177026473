"""Where the app keeps its files.

Everything the user owns (database, backups, logs, settings) lives in one data folder: the
platform's user data folder by default (platformdirs), or ``--data-dir DIR`` /
``EXPORTPILOT_DATA_DIR`` for portable use and tests. Read-only resources are found next to the
code, which also holds inside a PyInstaller bundle.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ExportPilot"
DATA_DIR_ENV = "EXPORTPILOT_DATA_DIR"


def resource_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        chosen = data_dir or os.environ.get(DATA_DIR_ENV) or default_data_dir()
        return cls(Path(chosen).expanduser().resolve())

    @property
    def db_path(self) -> Path:
        return self.data_dir / "exportpilot.db"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def settings_path(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def ui_state_path(self) -> Path:
        return self.data_dir / "ui-state.ini"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "exportpilot.lock"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.backups_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
