"""Opening the data folder: lock, health checks, migrations with backups, daily backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from services.core import backups, db, store
from services.core.errors import CorruptDatabaseError, DatabaseLockedError, NewerDatabaseError
from services.core.migrations import MIGRATION_SET, known_migration_names, migrations
from services.core.paths import AppPaths
from services.core.store import MigrationError, open_store


def _add_marker(s: store.DataStore) -> None:
    s.db.execute(
        "INSERT INTO companies (id, name_zh, created_at, updated_at) VALUES ('c1', '甲', 'x', 'x')"
    )


def test_fresh_folder_gets_current_schema_wal_and_foreign_keys(paths: AppPaths) -> None:
    s = open_store(paths)
    try:
        assert paths.db_path.exists()
        assert [m.name for m in migrations.applied(s.db)] == known_migration_names()
        assert next(s.db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"
        assert next(s.db.query("PRAGMA foreign_keys"))["foreign_keys"] == 1
        assert s.backups_taken == []  # nothing to back up in a new database
    finally:
        s.close()


def test_second_writer_is_refused_until_the_first_closes(paths: AppPaths) -> None:
    first = open_store(paths)
    with pytest.raises(DatabaseLockedError) as info:
        open_store(paths)
    assert str(paths.data_dir) in info.value.message
    reader = open_store(paths, read_only=True)  # the way out: read-only
    assert reader.read_only
    reader.close()
    first.close()
    open_store(paths).close()


def test_read_only_store_cannot_write(store: store.DataStore) -> None:
    _add_marker(store)
    reader = open_store(store.paths, read_only=True)
    try:
        assert [r["id"] for r in reader.db.query("SELECT id FROM companies")] == ["c1"]
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute("DELETE FROM companies")
    finally:
        reader.close()


def test_damaged_file_is_reported_not_overwritten(paths: AppPaths) -> None:
    paths.ensure()
    paths.db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptDatabaseError):
        open_store(paths)
    assert paths.db_path.read_bytes().startswith(b"this is not")
    open_store(AppPaths(paths.data_dir / "other")).close()  # lock was released on failure
    with pytest.raises(CorruptDatabaseError):
        open_store(paths)


def test_truncated_database_is_reported(store: store.DataStore, paths: AppPaths) -> None:
    for i in range(300):
        store.db.execute(
            "INSERT INTO companies (id, name_zh, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [f"id{i}", "公司" * 50],
        )
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = paths.db_path.read_bytes()
    paths.db_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDatabaseError):
        open_store(paths)


def test_newer_database_is_refused_but_opens_read_only(store: store.DataStore) -> None:
    store.db.table("_sqlite_migrations").insert(
        {"migration_set": MIGRATION_SET, "name": "m999_from_the_future", "applied_at": "x"}
    )
    paths = store.paths
    store.close()
    with pytest.raises(NewerDatabaseError):
        open_store(paths)
    reader = open_store(paths, read_only=True)
    assert reader.read_only
    reader.close()


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> None:
    extended = Migrations(MIGRATION_SET)
    for m in migrations._migrations:
        extended(name=m.name)(m.fn)

    @extended(name="m900_test_column")
    def m900(database: Database) -> None:
        database.execute("ALTER TABLE companies ADD COLUMN extra TEXT")
        if fail:
            raise RuntimeError("boom")

    names = [m.name for m in extended._migrations]
    monkeypatch.setattr(store, "migrations", extended)
    monkeypatch.setattr(db, "known_migration_names", lambda: names)


def test_pending_migration_is_backed_up_then_applied(
    store: store.DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_marker(store)
    paths = store.paths
    store.close()
    _with_extra_migration(monkeypatch)
    s = open_store(paths)
    try:
        assert "extra" in s.db.table("companies").columns_dict
        pre = [b for b in backups.list_backups(paths.backups_dir) if "pre-migration" in b.reason]
        assert len(pre) == 1
        old = Database(pre[0].path)
        assert "extra" not in old.table("companies").columns_dict
        assert old.table("companies").count == 1
    finally:
        s.close()


def test_failing_migration_changes_nothing_and_stays_pending(
    store: store.DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_marker(store)
    paths = store.paths
    store.close()
    _with_extra_migration(monkeypatch, fail=True)
    with pytest.raises(MigrationError) as info:
        open_store(paths)
    assert str(paths.backups_dir) in info.value.message
    check = Database(paths.db_path)
    assert "extra" not in check.table("companies").columns_dict
    assert check.table("companies").count == 1
    assert "m900_test_column" not in {r["name"] for r in check.table("_sqlite_migrations").rows}
    check.conn.close()
    with pytest.raises(MigrationError):  # not DatabaseLockedError: the lock was released
        open_store(paths)


def test_daily_backup_at_most_once_a_day(store: store.DataStore) -> None:
    _add_marker(store)
    paths = store.paths
    store.close()
    for _ in range(3):
        open_store(paths).close()
    daily = [b for b in backups.list_backups(paths.backups_dir) if b.reason == "daily"]
    assert len(daily) == 1


def test_no_daily_backup_when_disabled(store: store.DataStore) -> None:
    _add_marker(store)
    paths = store.paths
    store.close()
    open_store(paths, daily_backup=False).close()
    assert backups.list_backups(paths.backups_dir) == []


def test_worker_connection_sees_committed_data(store: store.DataStore, tmp_path: Path) -> None:
    _add_marker(store)
    worker = store.connect_worker()
    try:
        assert worker.table("companies").count == 1
    finally:
        worker.conn.close()


def test_restore_into_place_sets_the_damaged_file_aside(
    store: store.DataStore, tmp_path: Path
) -> None:
    _add_marker(store)
    good = store.backup_now()
    paths = store.paths
    store.close()
    paths.db_path.write_bytes(b"garbage" * 1000)
    aside = store_module_restore(paths, good)
    assert aside is not None
    assert aside.read_bytes().startswith(b"garbage")  # kept, never deleted
    reopened = open_store(paths)
    try:
        assert reopened.db.table("companies").count == 1
    finally:
        reopened.close()


def test_restore_into_place_refuses_while_another_copy_runs(store: store.DataStore) -> None:
    good = store.backup_now()
    with pytest.raises(DatabaseLockedError):
        store_module_restore(store.paths, good)


def store_module_restore(paths: AppPaths, source: Path) -> Path | None:
    return store.restore_into_place(paths, source, "damaged")


def test_migrations_are_registered_in_the_order_of_their_numbers() -> None:
    names = known_migration_names()
    assert names == sorted(names)
    assert [int(n[1:4]) for n in names] == list(range(1, len(names) + 1))
