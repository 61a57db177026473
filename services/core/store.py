"""Opening the data folder: one writer at a time, health checks, backups, migrations.

``open_store`` is what both the window and the command line call first:

1. take the data folder's lock (another running copy → DatabaseLockedError);
2. check the database file (damaged → CorruptDatabaseError; newer app → NewerDatabaseError);
3. back it up before applying pending migrations, then apply them (each in a transaction);
4. back it up at most once a day.

Read-only mode takes no lock and changes nothing; it is the way out offered when another copy
runs or the database is newer than the app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import filelock
from sqlite_utils import Database

from services.core import backups
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
