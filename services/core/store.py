"""Opening the data folder: one writer at a time, health checks, backups, migrations.

``open_store`` is what both the window and the command line call first:

1. take the data folder's lock (another running copy → DatabaseLockedError);
2. check the database file (damaged → CorruptDatabaseError; newer app → NewerDatabaseError);
3. back it up before applying pending migrations, then apply them (each in a transaction);
4. back it up at most once a day.

Read-only mode takes no lock and changes nothing; it is the way out offered when another copy
runs or the database is newer than the app. ``restore_into_place`` is the other way out: it
moves a database that cannot be opened aside (never deleting it) and puts a backup in its place.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import filelock
from sqlite_utils import Database

from services.core import backups
from services.core.clock import utc_now
from services.core.db import connect, inspect_database_file
from services.core.errors import AppError, DatabaseLockedError, NotFoundError, ReadOnlyError
from services.core.i18n import _
from services.core.migrations import migrations
from services.core.paths import AppPaths

log = logging.getLogger(__name__)


class MigrationError(AppError):
    code = "migration_failed"


@dataclass
class DataStore:
    paths: AppPaths
    db: Database
    read_only: bool
    _lock: filelock.BaseFileLock | None = None
    backups_taken: list[Path] = field(default_factory=list)

    def connect_worker(self) -> Database:
        """A new connection for a worker thread (SQLite connections are per thread)."""
        return connect(self.paths.db_path, read_only=self.read_only)

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(_("The data folder is open read-only; changes cannot be saved."))

    def backup_now(self, reason: str = backups.REASON_MANUAL) -> Path:
        return backups.create_backup(self.db, self.paths.backups_dir, reason)

    def restore(self, source: Path) -> Path:
        self.require_writable()
        return backups.restore_backup(self.db, source, self.paths.backups_dir)

    def close(self) -> None:
        try:
            self.db.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


def _acquire_lock(paths: AppPaths) -> filelock.BaseFileLock:
    lock = filelock.FileLock(str(paths.lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise DatabaseLockedError(
            _(
                "Another copy of ExportPilot is already using the data folder {path}. "
                "Close it first, or open this copy read-only."
            ).format(path=paths.data_dir)
        ) from exc
    return lock


def open_store(paths: AppPaths, *, read_only: bool = False, daily_backup: bool = True) -> DataStore:
    if read_only:
        if not paths.db_path.exists():
            raise NotFoundError(
                _("There is no database in {path} yet.").format(path=paths.data_dir)
            )
        inspect_database_file(paths.db_path, allow_newer=True)
        return DataStore(paths=paths, db=connect(paths.db_path, read_only=True), read_only=True)

    paths.ensure()
    lock = _acquire_lock(paths)
    try:
        store = _open_writable(paths, lock, daily_backup=daily_backup)
    except BaseException:
        lock.release()
        raise
    return store


def _open_writable(
    paths: AppPaths, lock: filelock.BaseFileLock, *, daily_backup: bool
) -> DataStore:
    existed = paths.db_path.exists() and paths.db_path.stat().st_size > 0
    info = inspect_database_file(paths.db_path) if existed else None
    db = connect(paths.db_path)
    store = DataStore(paths=paths, db=db, read_only=False, _lock=lock)
    pending = migrations.pending(db)
    if pending and info is not None and not info.is_empty:
        store.backups_taken.append(
            store.backup_now(f"{backups.REASON_PRE_MIGRATION}-{pending[0].name}".replace("_", "-"))
        )
    try:
        migrations.apply(db)
    except Exception as exc:
        db.conn.close()
        log.exception("migration failed")
        raise MigrationError(
            _(
                "The database could not be upgraded ({reason}). Nothing was changed; "
                "a backup is in {folder}."
            ).format(reason=exc, folder=paths.backups_dir)
        ) from exc
    if pending:
        log.info("applied migrations: %s", ", ".join(m.name for m in pending))
    if (
        daily_backup
        and info is not None
        and not info.is_empty
        and not backups.has_backup_today(paths.backups_dir)
    ):
        store.backups_taken.append(store.backup_now(backups.REASON_DAILY))
    return store


# ---- replacing a database that cannot be opened -------------------------------------------


def _aside_name(paths: AppPaths, label: str) -> Path:
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    target = paths.data_dir / f"exportpilot-{label}-{stamp}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = paths.data_dir / f"exportpilot-{label}-{stamp}-{counter}.db"
    return target


def set_aside(paths: AppPaths, label: str) -> Path | None:
    """Move the database (and its -wal / -shm files) out of the way; returns its new name.

    The WAL goes with it: left behind, SQLite would replay it into the restored database.
    """
    if not paths.db_path.exists():
        return None
    target = _aside_name(paths, label)
    for suffix in ("-wal", "-shm"):
        side = paths.db_path.with_name(paths.db_path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    paths.db_path.replace(target)
    return target


def _put_back(paths: AppPaths, aside: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = aside.with_name(aside.name + suffix)
        if side.exists():
            side.replace(paths.db_path.with_name(paths.db_path.name + suffix))
    aside.replace(paths.db_path)


def restore_into_place(paths: AppPaths, source: Path, label: str) -> Path | None:
    """Replace a database that cannot be opened with the backup ``source``.

    Checks the backup first (an intact ExportPilot database, not newer than the app), holds the
    data folder's lock meanwhile, and puts the old file back if the copy fails. Returns where
    the old database was moved (None when there was none).
    """
    inspect_database_file(source, require_exportpilot=True)
    paths.ensure()
    lock = _acquire_lock(paths)
    try:
        aside = set_aside(paths, label)
        try:
            source_db = connect(source, read_only=True)
            try:
                backups.backup_to(source_db, paths.db_path)
            finally:
                source_db.conn.close()
        except BaseException:
            if aside is not None:
                with contextlib.suppress(FileNotFoundError):
                    paths.db_path.unlink()
                _put_back(paths, aside)
            raise
    finally:
        lock.release()
    log.warning("restored %s into %s; previous database moved to %s", source, paths.db_path, aside)
    return aside
