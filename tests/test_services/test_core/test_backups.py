"""Backups: consistent copies, pruning to the last ten, restore with validation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from services.core import backups
from services.core.errors import CorruptDatabaseError, DataFileError
from services.core.store import DataStore


def _insert(store: DataStore, company_id: str) -> None:
    store.db.execute(
        "INSERT INTO companies (id, name_zh, created_at, updated_at) VALUES (?, '甲', 'x', 'x')",
        [company_id],
    )


def _ids(store: DataStore) -> list[str]:
    return [r["id"] for r in store.db.query("SELECT id FROM companies ORDER BY id")]


def test_backup_is_a_complete_standalone_database(store: DataStore) -> None:
    _insert(store, "a")
    path = store.backup_now()
    assert path.parent == store.paths.backups_dir
    copy = Database(path)
    assert [r["id"] for r in copy.query("SELECT id FROM companies")] == ["a"]
    assert next(copy.query("PRAGMA journal_mode"))["journal_mode"] == "delete"
    assert not list(path.parent.glob("*.tmp"))


def test_backup_to_any_folder(store: DataStore, tmp_path: Path) -> None:
    _insert(store, "a")
    target = backups.backup_to(store.db, tmp_path / "usb" / "copy.db")
    assert Database(target).table("companies").count == 1


def test_only_the_last_ten_are_kept(store: DataStore) -> None:
    made = [store.backup_now() for _ in range(13)]
    kept = backups.list_backups(store.paths.backups_dir)
    assert len(kept) == backups.KEEP
    assert [b.path for b in kept] == list(reversed(made))[: backups.KEEP]


def test_list_ignores_foreign_files(store: DataStore) -> None:
    store.paths.backups_dir.mkdir(parents=True, exist_ok=True)
    (store.paths.backups_dir / "notes.txt").write_text("x")
    store.backup_now()
    assert len(backups.list_backups(store.paths.backups_dir)) == 1


def test_restore_brings_back_deleted_data_and_keeps_a_safety_copy(store: DataStore) -> None:
    _insert(store, "a")
    saved = store.backup_now()
    store.db.execute("DELETE FROM companies")
    _insert(store, "b")
    safety = store.restore(saved)
    assert _ids(store) == ["a"]
    assert Database(safety).table("companies").count == 1
    assert [r["id"] for r in Database(safety).query("SELECT id FROM companies")] == ["b"]
    assert next(store.db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"


def test_restore_refuses_a_file_that_is_not_a_database(store: DataStore, tmp_path: Path) -> None:
    _insert(store, "a")
    bad = tmp_path / "bad.db"
    bad.write_text("hello, not sqlite" * 50)
    with pytest.raises(CorruptDatabaseError):
        store.restore(bad)
    assert _ids(store) == ["a"]


def test_restore_refuses_another_apps_database(store: DataStore, tmp_path: Path) -> None:
    _insert(store, "a")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DataFileError):
        store.restore(other)
    assert _ids(store) == ["a"]
    assert backups.list_backups(store.paths.backups_dir) == []  # refused before any change


def test_restore_refuses_a_missing_file(store: DataStore, tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        store.restore(tmp_path / "nowhere.db")
