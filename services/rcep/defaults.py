"""The embedded default tariff data: fact tables derived by scripts/build_tariff_packs.py from
the reference files (Japan's applied tariff with its RCEP columns and MFN rates, Australia's and
China-for-ASEAN's Annex I schedules), stored in resources/data/tariffs/ with source and date.

They are loaded into the database on first use, and again when the app ships a newer edition;
a newer edition the user imported is never replaced by an older embedded one.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlite_utils import Database

from services.core.paths import resource_dir
from services.core.progress import CancelToken, ProgressFn
from services.rcep.packs import read_pack
from services.rcep.tariff_models import TariffPack
from services.rcep.tariff_repository import TariffRepository


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int) -> TariffPack:
    """The shipped packs are read-only: parse each once per process (``mtime_ns`` keys a
    changed file)."""
    return read_pack(Path(path))


def pack_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or resource_dir() / "data" / "tariffs").glob("*.json.gz"))


def load_default_tariffs(
    db: Database,
    *,
    folder: Path | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[str]:
    """Loads the packs that are missing or newer than what is stored; returns their ids."""
    repo = TariffRepository(db)
    loaded = []
    for path in pack_files(folder):
        pack = _read_cached(str(path), path.stat().st_mtime_ns)
        stored = repo.source_edition(pack.source.id)
        if stored is not None:
            stored_date, stored_sha = stored
            newer_on_file = stored_date > pack.source.edition_date
            same = (stored_date, stored_sha) == (pack.source.edition_date, pack.source.file_sha256)
            if newer_on_file or same:
                continue
        repo.replace_source(pack, progress=progress, cancel=cancel)
        loaded.append(pack.source.id)
    return loaded
