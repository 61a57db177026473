"""Reference data shared by the whole app, loaded once on first use (thread-safe).

The window starts without waiting for it (the GUI warms it up in the background); the command
line loads it when a command needs it.
"""

from __future__ import annotations

import threading

from services.refdata.hs import HsNomenclature


class ReferenceData:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hs: HsNomenclature | None = None

    @property
    def hs(self) -> HsNomenclature:
        with self._lock:
            if self._hs is None:
                self._hs = HsNomenclature.load()
            return self._hs

    @property
    def hs_loaded(self) -> bool:
        return self._hs is not None
