"""Window state (geometry, splitters, last folders) in an INI file in the data folder.

Only UI state lives here; domain preferences are in services.core.settings. Every read passes a
default and a type (architecture.md §2.7): across processes an INI file hands back ``'true'``,
``'3'``, a bare ``'a'`` for ``['a']`` and ``None`` for ``[]``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Typed access to ``ui-state.ini``. Writes are kept in memory until :meth:`sync`."""

    def __init__(self, path: Path, *, writable: bool = True):
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)
        self._writable = writable

    @property
    def path(self) -> Path:
        return Path(self._settings.fileName())

    # ---- typed getters ---------------------------------------------------------------------

    def get_bool(self, key: str, default: bool = False) -> bool:
        return bool(self._settings.value(key, default, type=bool))

    def get_int(self, key: str, default: int = 0) -> int:
        value = self._settings.value(key, default, type=int)
        return value if isinstance(value, int) else default

    def get_str(self, key: str, default: str = "") -> str:
        value = self._settings.value(key, default, type=str)
        return value if isinstance(value, str) else default

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key, QByteArray(), type=QByteArray)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def get_string_list(self, key: str) -> list[str]:
        value = self._settings.value(key, [], type=list)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value]
        return []

    # ---- writing ---------------------------------------------------------------------------

    def set_value(self, key: str, value: bool | int | str | QByteArray | list[str]) -> None:
        if self._writable:
            self._settings.setValue(key, value)

    def sync(self) -> None:
        if self._writable:
            self._settings.sync()

    # ---- the app's keys --------------------------------------------------------------------

    def main_window_geometry(self) -> QByteArray | None:
        return self.get_bytes("main_window/geometry")

    def set_main_window_geometry(self, value: QByteArray) -> None:
        self.set_value("main_window/geometry", value)

    def main_window_state(self) -> QByteArray | None:
        return self.get_bytes("main_window/state")

    def set_main_window_state(self, value: QByteArray) -> None:
        self.set_value("main_window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self.get_bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self.set_value(f"splitters/{name}", value)

    def current_page(self) -> int:
        return self.get_int("main_window/page", 0)

    def set_current_page(self, index: int) -> None:
        self.set_value("main_window/page", index)

    def last_dir(self, purpose: str) -> str:
        """The folder last used for ``purpose`` (e.g. ``dossier``), or "" if none."""
        return self.get_str(f"last_dirs/{purpose}", "")

    def set_last_dir(self, purpose: str, folder: Path) -> None:
        self.set_value(f"last_dirs/{purpose}", str(folder))
