"""Commands: ``db backup [--out FILE]``, ``db restore FILE``, ``db check``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from services.core import backups
from services.core.commands import CommandEnv
from services.core.db import inspect_database_file
from services.core.migrations import known_migration_names, migrations


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True
    )
    backup = db.add_parser("backup", help="write a backup now")
    backup.add_argument("--out", help="file to write (default: the backups folder)")
    backup.set_defaults(handler=_backup)
    restore = db.add_parser("restore", help="replace the data with a backup")
    restore.add_argument("file")
    restore.set_defaults(handler=_restore)
    check = db.add_parser("check", help="check the database")
    check.set_defaults(handler=_check)


def _backup(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    store = env.store(write=False)
    if args.out:
        path = backups.backup_to(store.db, Path(args.out))
    else:
        path = backups.create_backup(store.db, env.paths.backups_dir, backups.REASON_MANUAL)
    return {"path": str(path.resolve()), "size": path.stat().st_size}


def _restore(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    source = Path(args.file)
    inspect_database_file(source, require_exportpilot=True)
    store = env.store(write=True)
    safety = store.restore(source)
    return {"restored": str(source.resolve()), "safety_backup": str(safety)}


def _check(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    if env.paths.db_path.exists():
        inspect_database_file(env.paths.db_path)
    store = env.store(write=False)
    applied = [m.name for m in migrations.applied(store.db)]
    tables = {
        name: store.db.table(name).count
        for name in store.db.table_names()
        if not name.startswith("_")
    }
    return {
        "ok": True,
        "path": str(env.paths.db_path),
        "integrity": "ok",
        "read_only": store.read_only,
        "schema": {
            "applied": applied,
            "pending": [n for n in known_migration_names() if n not in applied],
        },
        "tables": tables,
        "backups": [
            {
                "path": str(b.path),
                "created": b.created.isoformat(),
                "reason": b.reason,
                "size": b.size,
            }
            for b in backups.list_backups(env.paths.backups_dir)
        ],
    }
