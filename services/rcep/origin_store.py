"""Saved bills of materials and origin assessments per company product (tables origin_boms and
origin_assessments, migration m005_origin).

A BOM is versioned per product: each save that changes something adds version n + 1; saving
the same figures again returns the latest version instead of a duplicate. An assessment points
at the exact BOM version it was made from and stores the engine's input (the ``origin assess``
JSON of cli.md) and its result, so it can be shown, exported and re-run unchanged. Products are
not foreign keys (saving a company rewrites its product rows): an assessment whose product was
removed from the company stays listed, marked as such. Every write is one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from sqlite_utils import Database

from services.companies.repository import CompanyRepository
from services.core.clock import utc_now_iso
from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import _
from services.rcep.bom import (
    Bom,
    bom_from_json,
    bom_to_json,
    bom_to_request,
    request_field_to_bom,
    validate_bom,
)
from services.rcep.origin import assess, request_from_json
from services.rcep.parties import rcep_year
from services.refdata.hs import HsNomenclature


@cache
def _default_hs() -> HsNomenclature:
    return HsNomenclature.load()


@dataclass(frozen=True)
class AssessmentHead:
    """What a full record and a row of the list share."""

    id: str
    product_id: str
    bom_id: str
    bom_version: int
    exporting_party: str
    importing_party: str | None
    assessed_on: date
    created_at: str
    rule_text: str
    rule_source: str
    originating: bool
    criterion: str | None


@dataclass(frozen=True)
class StoredAssessment(AssessmentHead):
    company_id: str
    request: Mapping[str, Any]  # the ``origin assess`` input
    result: Mapping[str, Any]  # Assessment.to_json() at the time


@dataclass(frozen=True)
class AssessmentSummary(AssessmentHead):
    """One row of a company's list of assessments."""

    product_name: str  # "" when the product was removed from the company
    product_hs: str
    product_removed: bool


def _head(row: Mapping[str, Any]) -> dict[str, Any]:
    """The :class:`AssessmentHead` fields of an ``origin_assessments`` row joined with the BOM's
    version (``bom_version``)."""
    return {
        "id": row["id"],
        "product_id": row["product_id"],
        "bom_id": row["bom_id"],
        "bom_version": int(row["bom_version"]),
        "exporting_party": row["exporting_party"],
        "importing_party": row["importing_party"],
        "assessed_on": date.fromisoformat(row["assessed_on"]),
        "created_at": row["created_at"],
        "rule_text": row["rule_text"],
        "rule_source": row["rule_source"],
        "originating": bool(row["originating"]),
        "criterion": row["criterion"],
    }


def _head_json(a: AssessmentHead) -> dict[str, Any]:
    return {
        "id": a.id,
        "product_id": a.product_id,
        "bom_id": a.bom_id,
        "bom_version": a.bom_version,
        "exporting_party": a.exporting_party,
        "importing_party": a.importing_party,
        "assessed_on": a.assessed_on.isoformat(),
        "created_at": a.created_at,
        "rule_text": a.rule_text,
        "rule_source": a.rule_source,
        "originating": a.originating,
        "criterion": a.criterion,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _remapped(exc: ValidationError) -> ValidationError:
    """The engine's request paths (``product.fob_value``) as BOM fields (``fob_value``)."""
    return ValidationError(
        [FieldError(request_field_to_bom(e.field), e.message) for e in exc.errors], code=exc.code
    )


class OriginRepository:
    def __init__(self, db: Database, hs: HsNomenclature | None = None):
        self.db = db
        self._hs = hs

    @property
    def hs(self) -> HsNomenclature:
        return self._hs or _default_hs()

    # ---- bills of materials ---------------------------------------------------------------

    def bom(self, bom_id: str) -> Bom:
        rows = list(self.db.query("SELECT * FROM origin_boms WHERE id = ?", [bom_id]))
        if not rows:
            raise NotFoundError(
                _("There is no bill of materials with id {id}.").format(id=bom_id), field="bom_id"
            )
        return self._bom(rows[0])

    def latest_bom(self, product_id: str) -> Bom | None:
        rows = list(
            self.db.query(
                "SELECT * FROM origin_boms WHERE product_id = ? ORDER BY version DESC LIMIT 1",
                [product_id],
            )
        )
        return self._bom(rows[0]) if rows else None

    def bom_versions(self, product_id: str) -> list[Bom]:
        """Oldest first."""
        return [
            self._bom(row)
            for row in self.db.query(
                "SELECT * FROM origin_boms WHERE product_id = ? ORDER BY version", [product_id]
            )
        ]

    def boms_for_company(self, company_id: str) -> list[Bom]:
        return [
            self._bom(row)
            for row in self.db.query(
                "SELECT * FROM origin_boms WHERE company_id = ? ORDER BY product_id, version",
                [company_id],
            )
        ]

    def _bom(self, row: Mapping[str, Any]) -> Bom:
        stored = bom_from_json(json.loads(row["data_json"]))
        return replace(
            stored,
            id=row["id"],
            company_id=row["company_id"],
            product_id=row["product_id"],
            version=int(row["version"]),
            saved_at=row["saved_at"],
        )

    def save_bom(self, draft: Bom | Mapping[str, Any]) -> Bom:
        """Validates and stores a new version for the product; a BOM identical to the latest
        version returns that version instead. The product must be one of the company's."""
        bom = validate_bom(draft, self.hs)
        with self.db.atomic():
            self._check_product(bom.company_id, bom.product_id)
            latest = self.latest_bom(bom.product_id)
            if (
                latest is not None
                and latest.company_id == bom.company_id
                and latest.content() == bom.content()
            ):
                return latest
            stored = replace(
                bom,
                id=uuid.uuid4().hex,
                version=(latest.version if latest else 0) + 1,
                saved_at=utc_now_iso(),
            )
            self.write_bom(stored)
        return stored

    def write_bom(self, bom: Bom) -> None:
        """Stores ``bom`` exactly as given (validated, with id and version)."""
        with self.db.atomic():
            # an upsert, not delete + insert: deleting would cascade to its assessments
            self.db.execute(
                "INSERT INTO origin_boms (id, company_id, product_id, version, saved_at, "
                "data_json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "company_id = excluded.company_id, product_id = excluded.product_id, "
                "version = excluded.version, saved_at = excluded.saved_at, "
                "data_json = excluded.data_json",
                [
                    bom.id,
                    bom.company_id,
                    bom.product_id,
                    bom.version,
                    bom.saved_at,
                    _dumps(bom_to_json(bom)),
                ],
            )

    def _check_product(self, company_id: str, product_id: str) -> None:
        CompanyRepository(self.db).get(company_id)
        rows = self.db.query(
            "SELECT 1 FROM company_products WHERE id = ? AND company_id = ?",
            [product_id, company_id],
        )
        if not list(rows):
            raise ValidationError(
                _("The company has no product with id {id}.").format(id=product_id),
                field="product_id",
            )

    # ---- assessments ----------------------------------------------------------------------

    def save_assessment(
        self,
        bom: Bom,
        importing_party: str | None,
        rule_text: str | None,
        rule_source: str,
        assessed_on: date,
    ) -> StoredAssessment:
        """Runs the engine on the BOM (stored first when it is new or changed) and stores the
        request and the result, all in one transaction."""
        with self.db.atomic():
            stored = self._stored_version(bom)
            return self._assess_and_store(
                stored, importing_party, rule_text, rule_source, assessed_on
            )

    def _stored_version(self, bom: Bom) -> Bom:
        if bom.id:
            rows = list(self.db.query("SELECT * FROM origin_boms WHERE id = ?", [bom.id]))
            if rows:
                stored = self._bom(rows[0])
                if stored.content() == bom.content():
                    return stored
        return self.save_bom(bom)

    def _assess_and_store(
        self,
        bom: Bom,
        importing_party: str | None,
        rule_text: str | None,
        rule_source: str,
        assessed_on: date,
    ) -> StoredAssessment:
        request = bom_to_request(bom, importing_party=importing_party, rule_text=rule_text)
        try:
            parsed = request_from_json(request)
        except ValidationError as exc:
            raise _remapped(exc) from exc
        year = (
            rcep_year(parsed.importing_party, assessed_on, field="assessed_on").number
            if parsed.importing_party
            else None
        )
        result = assess(parsed, year=year).to_json()
        record = StoredAssessment(
            id=uuid.uuid4().hex,
            company_id=bom.company_id,
            product_id=bom.product_id,
            bom_id=bom.id,
            bom_version=bom.version,
            exporting_party=parsed.exporting_party,
            importing_party=parsed.importing_party,
            assessed_on=assessed_on,
            created_at=utc_now_iso(),
            rule_text=parsed.rule_text,
            rule_source=rule_source.strip(),
            originating=bool(result["originating"]),
            criterion=result["criterion"],
            request=request,
            result=result,
        )
        self.write_assessment(record)
        return record

    def write_assessment(self, a: StoredAssessment) -> None:
        """Stores ``a`` exactly as given (its BOM must be stored)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM origin_assessments WHERE id = ?", [a.id])
            self.db.execute(
                "INSERT INTO origin_assessments (id, company_id, product_id, bom_id, "
                "exporting_party, importing_party, assessed_on, created_at, rule_text, "
                "rule_source, originating, criterion, request_json, result_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    a.id,
                    a.company_id,
                    a.product_id,
                    a.bom_id,
                    a.exporting_party,
                    a.importing_party,
                    a.assessed_on.isoformat(),
                    a.created_at,
                    a.rule_text,
                    a.rule_source,
                    int(a.originating),
                    a.criterion,
                    _dumps(a.request),
                    _dumps(a.result),
                ],
            )

    def get(self, assessment_id: str) -> StoredAssessment:
        rows = list(
            self.db.query(
                "SELECT a.*, b.version AS bom_version FROM origin_assessments a "
                "JOIN origin_boms b ON b.id = a.bom_id WHERE a.id = ?",
                [assessment_id],
            )
        )
        if not rows:
            raise NotFoundError(
                _("There is no origin assessment with id {id}.").format(id=assessment_id),
                field="id",
            )
        return _assessment(rows[0])

    def assessments_for_company(self, company_id: str) -> list[StoredAssessment]:
        """Complete records, oldest first (for exports)."""
        return [
            _assessment(row)
            for row in self.db.query(
                "SELECT a.*, b.version AS bom_version FROM origin_assessments a "
                "JOIN origin_boms b ON b.id = a.bom_id WHERE a.company_id = ? "
                "ORDER BY a.assessed_on, a.created_at, a.id",
                [company_id],
            )
        ]

    def list_for_company(self, company_id: str) -> list[AssessmentSummary]:
        """Newest first, with the product's current name and HS code."""
        CompanyRepository(self.db).get(company_id)
        products = {
            row["id"]: (row["name"], row["hs_code"])
            for row in self.db.query(
                "SELECT id, name, hs_code FROM company_products WHERE company_id = ?",
                [company_id],
            )
        }
        rows = self.db.query(
            "SELECT a.id, a.product_id, a.bom_id, a.exporting_party, a.importing_party, "
            "a.assessed_on, a.created_at, a.rule_text, a.rule_source, a.originating, "
            "a.criterion, b.version AS bom_version, b.data_json FROM origin_assessments a "
            "JOIN origin_boms b ON b.id = a.bom_id WHERE a.company_id = ? "
            "ORDER BY a.assessed_on DESC, a.created_at DESC, a.id",
            [company_id],
        )
        summaries = []
        for row in rows:
            product = products.get(row["product_id"])
            bom_hs = json.loads(row["data_json"]).get("product_hs") or ""
            summaries.append(
                AssessmentSummary(
                    **_head(row),
                    product_name=product[0] if product else "",
                    product_hs=(product[1] or bom_hs) if product else bom_hs,
                    product_removed=product is None,
                )
            )
        return summaries

    def delete(self, assessment_id: str) -> None:
        self.get(assessment_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM origin_assessments WHERE id = ?", [assessment_id])

    def duplicate_for_party(
        self, assessment_id: str, importing_party: str, assessed_on: date
    ) -> StoredAssessment:
        """Re-assesses the same BOM version under the same rule for another importing Party
        and saves it as a new assessment."""
        original = self.get(assessment_id)
        target = (importing_party or "").strip().upper()
        if not target:
            raise ValidationError(
                _("Choose the importing Party for the copy."), field="importing_party"
            )
        if target == original.importing_party:
            raise ValidationError(
                _("This assessment is already for {party}; choose another importing Party.").format(
                    party=target
                ),
                field="importing_party",
            )
        with self.db.atomic():
            return self._assess_and_store(
                self.bom(original.bom_id),
                target,
                original.rule_text,
                original.rule_source,
                assessed_on,
            )


def _assessment(row: Mapping[str, Any]) -> StoredAssessment:
    return StoredAssessment(
        **_head(row),
        company_id=row["company_id"],
        request=json.loads(row["request_json"]),
        result=json.loads(row["result_json"]),
    )


def assessment_to_json(a: StoredAssessment) -> dict[str, Any]:
    return {**_head_json(a), "request": a.request, "result": a.result}


def summary_to_json(s: AssessmentSummary) -> dict[str, Any]:
    return {
        **_head_json(s),
        "product_name": s.product_name,
        "product_hs": s.product_hs,
        "product_removed": s.product_removed,
    }
