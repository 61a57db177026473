"""SQLite connections: foreign keys on, WAL, a busy timeout; and checks of a database file.

``inspect_database_file`` tells whether a file is an intact ExportPilot database this version of
the app can use, without writing to it. It is used before opening the live database and before
restoring a backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from services.core.errors import CorruptDatabaseError, DataFileError, NewerDatabaseError
from services.core.i18n import _
from services.core.migrations import MIGRATION_SET, known_migration_names

SQLITE_HEADER = b"SQLite format 3\x00"


def connect(path: Path, *, read_only: bool = False) -> Database:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(str(path))
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    if not read_only:
        db.enable_wal()
    return db


def memory_database() -> Database:
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    return db


@dataclass(frozen=True, slots=True)
class DatabaseFileInfo:
    applied: tuple[str, ...]  # migrations of our set already applied
    unknown: tuple[str, ...]  # applied migrations this version does not know (newer app)

    @property
    def is_empty(self) -> bool:
        return not self.applied


def inspect_database_file(
    path: Path, *, require_exportpilot: bool = False, allow_newer: bool = False
) -> DatabaseFileInfo:
    """Read-only health check: header, ``PRAGMA quick_check``, schema version.

    Raises CorruptDatabaseError, NewerDatabaseError (unless ``allow_newer``: reading a newer
    database read-only is the way out offered to the user), or DataFileError (not an
    ExportPilot database, only when ``require_exportpilot``).
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DataFileError(
            _("The file {path} cannot be read: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if header and header != SQLITE_HEADER:
        raise CorruptDatabaseError(
            _("{path} is not an SQLite database or is damaged.").format(path=path)
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise CorruptDatabaseError(
                    _("The database {path} is damaged ({detail}).").format(path=path, detail=status)
                )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            applied: list[str] = []
            if "_sqlite_migrations" in tables:
                applied = [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
                        [MIGRATION_SET],
                    )
                ]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            _("The database {path} is damaged ({detail}).").format(path=path, detail=exc)
        ) from exc
    known = set(known_migration_names())
    unknown = tuple(name for name in applied if name not in known)
    if unknown and not allow_newer:
        raise NewerDatabaseError(
            _(
                "The database {path} was written by a newer version of ExportPilot. "
                "Install the newer version, or restore a backup made by this one."
            ).format(path=path)
        )
    if require_exportpilot and not applied:
        raise DataFileError(_("{path} is not an ExportPilot database or backup.").format(path=path))
    return DatabaseFileInfo(applied=tuple(applied), unknown=unknown)
