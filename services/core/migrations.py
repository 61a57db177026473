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


@migrations()
def m002_readiness(db: Database) -> None:
    """Readiness sessions (domain/readiness.md §3.9), their answers and action plans, the
    questionnaire texts they were answered with, and the local service catalogue."""
    db.execute(
        """
        CREATE TABLE questionnaires (
            version TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            yaml_text TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE service_units (
            key TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL CHECK (length(trim(name_zh)) > 0),
            name_en TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            helps TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            verify INTEGER NOT NULL DEFAULT 0,
            seeded INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE readiness_sessions (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            held_on TEXT NOT NULL,
            advisor TEXT NOT NULL DEFAULT '',
            attendees TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            questionnaire_version TEXT NOT NULL REFERENCES questionnaires(version),
            questionnaire_sha256 TEXT NOT NULL,
            preset TEXT,
            profile_json TEXT NOT NULL,
            score REAL,
            level TEXT,
            blocking_open_json TEXT NOT NULL DEFAULT '[]',
            dimensions_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX readiness_sessions_company ON readiness_sessions(company_id, held_on)")
    db.execute(
        """
        CREATE TABLE readiness_answers (
            session_id TEXT NOT NULL REFERENCES readiness_sessions(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            value_json TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT 'none',
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, item_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE readiness_actions (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES readiness_sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            item_id TEXT,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            priority REAL NOT NULL DEFAULT 0,
            blocker INTEGER NOT NULL DEFAULT 0,
            owner_role TEXT NOT NULL DEFAULT '',
            owner_name TEXT NOT NULL DEFAULT '',
            service_key TEXT,
            due_on TEXT,
            status TEXT NOT NULL DEFAULT 'todo',
            later INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            done_on TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX readiness_actions_session ON readiness_actions(session_id)")


@migrations()
def m003_carried_answers(db: Database) -> None:
    """Answers copied from the previous session stay marked until the advisor confirms them."""
    db.execute("ALTER TABLE readiness_answers ADD COLUMN carried INTEGER NOT NULL DEFAULT 0")


@migrations()
def m004_tariffs(db: Database) -> None:
    """RCEP tariff data (domain/rcep.md §11–§14): where each rate comes from, schedule lines
    with a rate per RCEP year, and MFN applied rates. Importing a source again replaces it."""
    db.execute(
        """
        CREATE TABLE tariff_sources (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            importing_party TEXT NOT NULL,
            title TEXT NOT NULL,
            edition_date TEXT NOT NULL,
            attribution TEXT NOT NULL,
            hs_version TEXT NOT NULL,
            file_name TEXT NOT NULL DEFAULT '',
            file_sha256 TEXT NOT NULL DEFAULT '',
            lines INTEGER NOT NULL DEFAULT 0,
            mfn_lines INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE tariff_lines (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES tariff_sources(id) ON DELETE CASCADE,
            importing_party TEXT NOT NULL,
            schedule TEXT NOT NULL,
            code TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            base_json TEXT,
            rates_json TEXT NOT NULL,
            UNIQUE (source_id, schedule, code)
        )
        """
    )
    db.execute("CREATE INDEX tariff_lines_lookup ON tariff_lines(importing_party, code)")
    db.execute(
        """
        CREATE TABLE mfn_rates (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES tariff_sources(id) ON DELETE CASCADE,
            importing_party TEXT NOT NULL,
            code TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            rate_json TEXT NOT NULL,
            UNIQUE (source_id, code)
        )
        """
    )
    db.execute("CREATE INDEX mfn_rates_lookup ON mfn_rates(importing_party, code)")


@migrations()
def m005_origin(db: Database) -> None:
    # Product-specific rules that did not come with the app: imported from an official list or
    # typed by a user from it. The embedded (bundled) rules are read from resources/.
    db.execute(
        """
        CREATE TABLE psr_rules (
            hs_code TEXT NOT NULL CHECK (length(hs_code) IN (2, 4, 6)),
            kind TEXT NOT NULL CHECK (kind IN ('imported', 'user')),
            hs_version TEXT NOT NULL,
            rule_text TEXT NOT NULL,
            rule_text_zh TEXT NOT NULL DEFAULT '',
            hs2012_code TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            source_date TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (hs_code, kind)
        )
        """
    )
    # A bill of materials is versioned per company product: each save adds a version, so an
    # assessment always points at the exact figures it was made from. product_id is not a
    # foreign key because saving a company rewrites its product rows.
    db.execute(
        """
        CREATE TABLE origin_boms (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            product_id TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            saved_at TEXT NOT NULL,
            data_json TEXT NOT NULL,
            UNIQUE (product_id, version)
        )
        """
    )
    db.execute("CREATE INDEX origin_boms_company ON origin_boms(company_id)")
    db.execute(
        """
        CREATE TABLE origin_assessments (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            product_id TEXT NOT NULL,
            bom_id TEXT NOT NULL REFERENCES origin_boms(id) ON DELETE CASCADE,
            exporting_party TEXT NOT NULL,
            importing_party TEXT,
            assessed_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            rule_text TEXT NOT NULL,
            rule_source TEXT NOT NULL DEFAULT '',
            originating INTEGER NOT NULL,
            criterion TEXT,
            request_json TEXT NOT NULL,
            result_json TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX origin_assessments_company ON origin_assessments(company_id)")


@migrations()
def m006_warehouse(db: Database) -> None:
    # A warehouse scenario is one complete, validated planner input (SKUs x markets, lead-time
    # legs, rate cards) stored as JSON, so that it can be duplicated and compared as a whole.
    db.execute(
        """
        CREATE TABLE warehouse_plans (
            id TEXT PRIMARY KEY,
            company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            data_json TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX warehouse_plans_company ON warehouse_plans(company_id)")


@migrations()
def m007_data_packs(db: Database) -> None:
    """Reference-data packs installed by an update (services/refdata/datapacks.py): per pack
    name the version in use (slot 'current') and the one before it (slot 'previous'), whose
    pack file is kept in ``content`` for a one-click rollback (NULL: nothing came before)."""
    db.execute(
        """
        CREATE TABLE data_packs (
            name TEXT NOT NULL,
            slot TEXT NOT NULL CHECK (slot IN ('current', 'previous')),
            kind TEXT NOT NULL,
            version TEXT NOT NULL,
            pack_date TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            sha256 TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '',
            installed_at TEXT NOT NULL,
            content BLOB,
            PRIMARY KEY (name, slot)
        )
        """
    )


def known_migration_names() -> list[str]:
    return [m.name for m in migrations._migrations]
