"""The embedded default tariff data: fact tables derived by scripts/build_tariff_packs.py from
the reference files (Japan's applied tariff with its RCEP columns and MFN rates, Australia's and
China-for-ASEAN's Annex I schedules), stored in resources/data/tariffs/ with source and date.

They are loaded into the database on first use, and again when the app ships a newer edition;
a newer edition the user imported is never replaced by an older embedded one, nor is an
edition installed by a data update (services/rcep/datapack.py) replaced by an embedded one of
the same date.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlite_utils import Database

from services.core.paths import resource_dir
from services.core.progress import CancelToken, ProgressFn
from services.rcep.packs import pack_file_name, read_pack, read_pack_source
from services.rcep.tariff_models import TariffPack, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.refdata.datapacks import InstalledPacks

PACK_PREFIX = "tariffs-"  # data pack name of a tariff source: tariffs-<source id>


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int) -> TariffPack:
    """The shipped packs are read-only: parse each once per process (``mtime_ns`` keys a
    changed file)."""
    return read_pack(Path(path))


def pack_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or resource_dir() / "data" / "tariffs").glob("*.json.gz"))


def embedded_pack(source_id: str, folder: Path | None = None) -> TariffPack | None:
    """The embedded pack of a source, or None when the app ships none."""
    path = (folder or resource_dir() / "data" / "tariffs") / pack_file_name(source_id)
    if not path.is_file():
        return None
    return _read_cached(str(path), path.stat().st_mtime_ns)


def embedded_source(source_id: str, folder: Path | None = None) -> TariffSource | None:
    """The source (edition, title …) of an embedded pack, read from its header only."""
    path = (folder or resource_dir() / "data" / "tariffs") / pack_file_name(source_id)
    if not path.is_file():
        return None
    return _source_cached(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _source_cached(path: str, mtime_ns: int) -> TariffSource:
    return read_pack_source(Path(path))


def load_default_tariffs(
    db: Database,
    *,
    folder: Path | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[str]:
    """Loads the packs that are missing or newer than what is stored; returns their ids."""
    repo = TariffRepository(db)
    installed = InstalledPacks(db)
    loaded = []
    for path in pack_files(folder):
        mtime = path.stat().st_mtime_ns
        # The header decides (quick); the whole pack is parsed only when it is to be loaded.
        if not _wanted(_source_cached(str(path), mtime), repo, installed):
            continue
        pack = _read_cached(str(path), mtime)
        repo.replace_source(pack, progress=progress, cancel=cancel)
        loaded.append(pack.source.id)
    return loaded


def _wanted(source: TariffSource, repo: TariffRepository, installed: InstalledPacks) -> bool:
    stored = repo.source_edition(source.id)
    if stored is None:
        return True
    stored_date, stored_sha = stored
    newer_on_file = stored_date > source.edition_date
    same = (stored_date, stored_sha) == (source.edition_date, source.file_sha256)
    from_update = stored_date == source.edition_date and (
        installed.get(PACK_PREFIX + source.id) is not None
    )
    return not (newer_on_file or same or from_update)
