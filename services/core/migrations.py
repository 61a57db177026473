"""The one migration set for every table of the app (append-only; never edit an applied one).

Each migration runs in its own transaction together with its bookkeeping row
(sqlite_utils.Migrations); a failing one is rolled back and stays pending. The store takes a
backup before applying any pending migration to an existing database (services/core/store.py).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "exportpilot"
migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_companies(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE companies (
            id TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL CHECK (length(trim(name_zh)) > 0),
            name_en TEXT NOT NULL DEFAULT '',
            uscc TEXT,
            industry TEXT,
            company_type TEXT,
            stage TEXT,
            notes TEXT NOT NULL DEFAULT '',
            is_sample INTEGER NOT NULL DEFAULT 0,
            archived_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE UNIQUE INDEX companies_uscc ON companies(uscc) WHERE uscc IS NOT NULL")
    db.execute(
        """
        CREATE TABLE company_contacts (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX company_contacts_company ON company_contacts(company_id)")
    db.execute(
        """
        CREATE TABLE company_products (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            hs_code TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute("CREATE INDEX company_products_company ON company_products(company_id)")
    for table, column in (("company_markets", "market"), ("company_channels", "channel")):
        db.execute(
            f"""
            CREATE TABLE {table} (
                company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
                {column} TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (company_id, {column})
            )
            """
        )


def known_migration_names() -> list[str]:
    return [m.name for m in migrations._migrations]
