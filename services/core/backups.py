"""Backups of the database: taken with SQLite's online backup API, so they are consistent even
while the app runs; written to a temporary name and renamed, so a crash never leaves half a
backup; the last ``KEEP`` are kept.

Restoring validates the file first (intact, an ExportPilot database, not newer than the app),
takes a safety backup of the current data, then copies the backup into the live database in one
step and brings it up to the current schema.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from services.core.clock import utc_now
from services.core.db import inspect_database_file
from services.core.errors import AppError
from services.core.i18n import _
from services.core.migrations import migrations

KEEP = 10
_NAME = re.compile(r"^exportpilot-(\d{8}-\d{6})-(\d{6})-([a-z0-9_-]+)\.db$")

REASON_DAILY = "daily"
REASON_MANUAL = "manual"
REASON_PRE_MIGRATION = "pre-migration"
REASON_PRE_RESTORE = "pre-restore"


class BackupError(AppError):
    code = "backup_failed"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC
    reason: str
    size: int


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
            status = dest.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise BackupError(
                    _("The backup could not be verified ({detail}).").format(detail=status)
                )
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise BackupError(
            _("The backup could not be written to {path}: {reason}").format(path=target, reason=exc)
        ) from exc


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (any folder, e.g. a USB stick)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy_database(db.conn, target)
    return target


def create_backup(db: Database, backups_dir: Path, reason: str, *, keep: int = KEEP) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    moment = utc_now()
    target = backups_dir / f"exportpilot-{moment:%Y%m%d-%H%M%S-%f}-{reason}.db"
    while target.exists():  # two backups in the same microsecond
        moment += timedelta(microseconds=1)
        target = backups_dir / f"exportpilot-{moment:%Y%m%d-%H%M%S-%f}-{reason}.db"
    _copy_database(db.conn, target)
    prune_backups(backups_dir, keep=keep)
    return target


def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """Backups in the folder, newest first."""
    found: list[BackupInfo] = []
    if not backups_dir.is_dir():
        return []
    for path in backups_dir.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        stamp, micros, reason = match.groups()
        created = datetime.strptime(f"{stamp}-{micros}+0000", "%Y%m%d-%H%M%S-%f%z")
        found.append(
            BackupInfo(path=path, created=created, reason=reason, size=path.stat().st_size)
        )
    found.sort(key=lambda info: info.created, reverse=True)
    return found


def prune_backups(backups_dir: Path, *, keep: int = KEEP) -> list[Path]:
    removed = []
    for info in list_backups(backups_dir)[keep:]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def has_backup_today(backups_dir: Path, reason: str = REASON_DAILY) -> bool:
    today = utc_now().date()
    return any(b.created.date() == today and b.reason == reason for b in list_backups(backups_dir))


def restore_backup(db: Database, source: Path, backups_dir: Path) -> Path:
    """Replace the live database's content with ``source``; returns the safety backup taken."""
    inspect_database_file(source, require_exportpilot=True)
    safety = create_backup(db, backups_dir, REASON_PRE_RESTORE)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(db.conn)
        finally:
            src.close()
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except sqlite3.Error as exc:
        raise BackupError(
            _(
                "Restoring {path} failed: {reason}. Your data before the restore is in {safety}."
            ).format(path=source, reason=exc, safety=safety)
        ) from exc
    return safety
