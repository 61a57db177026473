"""Queries on the company tables (companies, company_contacts, company_products,
company_markets, company_channels). Rows become dataclasses here and nowhere else.

Every change runs in one transaction (``db.atomic()``): a company and its contacts, products,
markets and channels are saved together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from services.companies.models import (
    Company,
    CompanyDraft,
    CompanyFilter,
    CompanySummary,
    Contact,
    Product,
)
from services.companies.validation import validate_draft
from services.core.clock import utc_now_iso
from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import _
from services.refdata.hs import HsNomenclature, clean_code

_SORT_COLUMNS = {
    "name": "c.name_zh COLLATE NOCASE",
    "updated": "c.updated_at",
    "uscc": "c.uscc",
    "industry": "c.industry",
}


class CompanyRepository:
    def __init__(self, db: Database):
        self.db = db

    # ---- reading ---------------------------------------------------------------------------

    def get(self, company_id: str) -> Company:
        rows = list(self.db.query("SELECT * FROM companies WHERE id = ?", [company_id]))
        if not rows:
            raise NotFoundError(
                _("There is no company with id {id}.").format(id=company_id), field="id"
            )
        return self._company(rows[0])

    def exists(self, company_id: str) -> bool:
        return bool(list(self.db.query("SELECT 1 FROM companies WHERE id = ?", [company_id])))

    def find_by_uscc(self, uscc: str) -> str | None:
        rows = list(self.db.query("SELECT id FROM companies WHERE uscc = ?", [uscc]))
        return str(rows[0]["id"]) if rows else None

    def count(self, *, include_archived: bool = True) -> int:
        where = "" if include_archived else " WHERE archived_at IS NULL"
        return int(next(self.db.query(f"SELECT count(*) AS n FROM companies{where}"))["n"])

    def find(self, flt: CompanyFilter | None = None) -> list[CompanySummary]:
        flt = flt or CompanyFilter()
        where: list[str] = []
        params: list[Any] = []
        if flt.only_archived:
            where.append("c.archived_at IS NOT NULL")
        elif not flt.include_archived:
            where.append("c.archived_at IS NULL")
        if flt.industry:
            where.append("c.industry = ?")
            params.append(flt.industry)
        if flt.market:
            where.append(
                "EXISTS (SELECT 1 FROM company_markets m"
                " WHERE m.company_id = c.id AND m.market = ?)"
            )
            params.append(flt.market)
        for word in flt.text.split():
            like = f"%{_escape_like(word)}%"
            clauses = [
                "c.name_zh LIKE ? ESCAPE '\\'",
                "c.name_en LIKE ? ESCAPE '\\'",
                "c.uscc LIKE ? ESCAPE '\\'",
                "EXISTS (SELECT 1 FROM company_products p WHERE p.company_id = c.id"
                " AND (p.name LIKE ? ESCAPE '\\' OR p.hs_code LIKE ? ESCAPE '\\'))",
            ]
            hs_like = f"{clean_code(word)}%" if clean_code(word).isdigit() else like
            where.append("(" + " OR ".join(clauses) + ")")
            params.extend([like, like, like.upper(), like, hs_like])
        order = _SORT_COLUMNS.get(flt.sort, _SORT_COLUMNS["name"])
        direction = "DESC" if flt.descending else "ASC"
        sql = (
            "SELECT c.*, (SELECT count(*) FROM company_products p WHERE p.company_id = c.id)"
            " AS product_count,"
            " (SELECT group_concat(market, ' ') FROM (SELECT market FROM company_markets m"
            "  WHERE m.company_id = c.id ORDER BY position)) AS market_list"
            " FROM companies c"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} {direction}, c.id"
            + (f" LIMIT {int(flt.limit)}" if flt.limit else "")
        )
        return [
            CompanySummary(
                id=row["id"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                uscc=row["uscc"],
                industry=row["industry"],
                stage=row["stage"],
                markets=tuple((row["market_list"] or "").split()),
                product_count=int(row["product_count"]),
                is_sample=bool(row["is_sample"]),
                archived=row["archived_at"] is not None,
                updated_at=row["updated_at"],
            )
            for row in self.db.query(sql, params)
        ]

    def _company(self, row: dict[str, Any]) -> Company:
        cid = row["id"]
        contacts = tuple(
            Contact(r["role"], r["name"], r["phone"], r["email"], r["id"])
            for r in self.db.query(
                "SELECT * FROM company_contacts WHERE company_id = ? ORDER BY position", [cid]
            )
        )
        products = tuple(
            Product(r["name"], r["hs_code"], r["notes"], r["id"])
            for r in self.db.query(
                "SELECT * FROM company_products WHERE company_id = ? ORDER BY position", [cid]
            )
        )
        markets = tuple(
            r["market"]
            for r in self.db.query(
                "SELECT market FROM company_markets WHERE company_id = ? ORDER BY position", [cid]
            )
        )
        channels = tuple(
            r["channel"]
            for r in self.db.query(
                "SELECT channel FROM company_channels WHERE company_id = ? ORDER BY position",
                [cid],
            )
        )
        return Company(
            id=cid,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            uscc=row["uscc"],
            industry=row["industry"],
            company_type=row["company_type"],
            stage=row["stage"],
            markets=markets,
            channels=channels,
            contacts=contacts,
            products=products,
            notes=row["notes"],
            is_sample=bool(row["is_sample"]),
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    # ---- writing ---------------------------------------------------------------------------

    def save(
        self,
        draft: CompanyDraft,
        hs: HsNomenclature,
        *,
        is_sample: bool = False,
        create: bool = False,
    ) -> Company:
        """Validate and insert or update; returns the stored company.

        A draft with an id updates that company, unless ``create`` says the id is a new one.
        """
        clean = validate_draft(draft, hs)
        with self.db.atomic():
            existing = self.get(clean.id) if draft.id and self.exists(draft.id) else None
            if draft.id and existing is None and not create:
                raise NotFoundError(
                    _("There is no company with id {id}.").format(id=draft.id), field="id"
                )
            self.check_uscc_free(clean.uscc, clean.id)
            now = utc_now_iso()
            company = Company.from_draft(
                clean,
                is_sample=existing.is_sample if existing else is_sample,
                archived_at=existing.archived_at if existing else None,
                created_at=existing.created_at if existing else now,
                updated_at=now,
            )
            self.write(company)
        return company

    def check_uscc_free(self, uscc: str, company_id: str) -> None:
        if not uscc:
            return
        other = self.find_by_uscc(uscc)
        if other and other != company_id:
            name = self.get(other).name_zh
            raise ValidationError(
                [
                    FieldError(
                        "uscc",
                        _("The company “{name}” already has this USCC.").format(name=name),
                    )
                ],
                code="duplicate",
            )

    def write(self, company: Company) -> None:
        """Store ``company`` exactly as given (already validated), replacing its child rows."""
        with self.db.atomic():
            self.db.execute(
                """
                INSERT INTO companies (id, name_zh, name_en, uscc, industry, company_type, stage,
                    notes, is_sample, archived_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name_zh = excluded.name_zh,
                    name_en = excluded.name_en, uscc = excluded.uscc,
                    industry = excluded.industry, company_type = excluded.company_type,
                    stage = excluded.stage, notes = excluded.notes,
                    is_sample = excluded.is_sample, archived_at = excluded.archived_at,
                    created_at = excluded.created_at, updated_at = excluded.updated_at
                """,
                [
                    company.id,
                    company.name_zh,
                    company.name_en,
                    company.uscc,
                    company.industry,
                    company.company_type,
                    company.stage,
                    company.notes,
                    int(company.is_sample),
                    company.archived_at,
                    company.created_at,
                    company.updated_at,
                ],
            )
            for table in (
                "company_contacts",
                "company_products",
                "company_markets",
                "company_channels",
            ):
                self.db.execute(f"DELETE FROM {table} WHERE company_id = ?", [company.id])
            self._insert_many(
                "company_contacts",
                (
                    {
                        "id": c.id,
                        "company_id": company.id,
                        "position": i,
                        "role": c.role,
                        "name": c.name,
                        "phone": c.phone,
                        "email": c.email,
                    }
                    for i, c in enumerate(company.contacts)
                ),
            )
            self._insert_many(
                "company_products",
                (
                    {
                        "id": p.id,
                        "company_id": company.id,
                        "position": i,
                        "name": p.name,
                        "hs_code": p.hs_code,
                        "notes": p.notes,
                    }
                    for i, p in enumerate(company.products)
                ),
            )
            self._insert_many(
                "company_markets",
                (
                    {"company_id": company.id, "market": m, "position": i}
                    for i, m in enumerate(company.markets)
                ),
            )
            self._insert_many(
                "company_channels",
                (
                    {"company_id": company.id, "channel": ch, "position": i}
                    for i, ch in enumerate(company.channels)
                ),
            )

    def _insert_many(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        rows = list(rows)
        if rows:
            self.db.table(table).insert_all(rows)

    def set_archived(self, company_id: str, archived: bool) -> Company:
        company = self.get(company_id)
        updated = replace(
            company,
            archived_at=(company.archived_at or utc_now_iso()) if archived else None,
            updated_at=utc_now_iso(),
        )
        with self.db.atomic():
            self.db.execute(
                "UPDATE companies SET archived_at = ?, updated_at = ? WHERE id = ?",
                [updated.archived_at, updated.updated_at, company_id],
            )
        return updated

    def delete(self, company_id: str) -> None:
        self.get(company_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM companies WHERE id = ?", [company_id])

    def sample_ids(self) -> list[str]:
        return [str(r["id"]) for r in self.db.query("SELECT id FROM companies WHERE is_sample = 1")]

    def delete_samples(self) -> int:
        ids = self.sample_ids()
        with self.db.atomic():
            self.db.execute("DELETE FROM companies WHERE is_sample = 1")
        return len(ids)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
