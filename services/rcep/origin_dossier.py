"""Bills of materials and origin assessments travel with the company dossier (section
``origin_assessments``).

Export: every BOM version and every assessment of the company, as stored. Import: everything
is validated first (each BOM as a new one would be, each assessment's request by the engine),
then merged by id — identical records are left alone, a changed record replaces the local
copy, local-only records stay. A BOM keeps its version number unless the product already has
another BOM under it locally; then it becomes the product's next version. Any invalid record
aborts the whole import.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from services.core.clock import parse_iso
from services.core.errors import AppError, FieldError, ValidationError
from services.core.i18n import _
from services.rcep.bom import Bom, bom_to_json, validate_bom
from services.rcep.origin import request_from_json
from services.rcep.origin_store import (
    OriginRepository,
    StoredAssessment,
    assessment_to_json,
)
from services.rcep.parties import party
from services.refdata.hs import HsNomenclature


def _wrong(path: str) -> ValidationError:
    return ValidationError(_("Wrong type for {field}.").format(field=path), field=path)


def _prefixed(exc: AppError, prefix: str) -> ValidationError:
    if isinstance(exc, ValidationError):
        return ValidationError(
            [
                FieldError(f"{prefix}.{e.field}" if e.field else prefix, e.message)
                for e in exc.errors
            ]
        )
    return ValidationError(exc.message, field=prefix)


class OriginSection:
    name = "origin_assessments"

    def __init__(self, hs: HsNomenclature | None = None):
        self._hs = hs

    def export(self, db: Database, company_id: str) -> Any:
        repo = OriginRepository(db, self._hs)
        return {
            "boms": [bom_to_json(b) for b in repo.boms_for_company(company_id)],
            "assessments": [
                assessment_to_json(a) for a in repo.assessments_for_company(company_id)
            ],
        }

    def merge(self, db: Database, company_id: str, data: Any) -> bool:
        path = f"sections.{self.name}"
        if not isinstance(data, dict):
            raise _wrong(path)
        repo = OriginRepository(db, self._hs)
        boms = [
            self._bom(repo, company_id, raw, f"{path}.boms[{i}]")
            for i, raw in enumerate(_records(data, "boms", path))
        ]
        known = {b.id: b for b in boms}
        assessments = [
            self._assessment(repo, company_id, raw, known, f"{path}.assessments[{i}]")
            for i, raw in enumerate(_records(data, "assessments", path))
        ]
        changed = False
        with db.atomic():
            for bom in boms:
                changed = _merge_bom(repo, bom) or changed
            for assessment in assessments:
                changed = _merge_assessment(repo, assessment) or changed
        return changed

    def _bom(self, repo: OriginRepository, company_id: str, raw: Any, path: str) -> Bom:
        if not isinstance(raw, dict):
            raise _wrong(path)
        try:
            bom = validate_bom({**raw, "company_id": company_id}, repo.hs)
        except ValidationError as exc:
            raise _prefixed(exc, path) from exc
        if not bom.id:
            raise _wrong(f"{path}.id")
        if bom.version < 1:
            raise _wrong(f"{path}.version")
        _timestamp(bom.saved_at, f"{path}.saved_at")
        existing = _bom_owner(repo, bom.id)
        if existing is not None and existing != company_id:
            raise ValidationError(
                _("The bill of materials {id} belongs to another company.").format(id=bom.id),
                field=f"{path}.id",
            )
        return bom

    def _assessment(
        self,
        repo: OriginRepository,
        company_id: str,
        raw: Any,
        known: dict[str, Bom],
        path: str,
    ) -> StoredAssessment:
        if not isinstance(raw, dict):
            raise _wrong(path)

        def text(key: str, *, optional: bool = False) -> str:
            value = raw.get(key)
            if value is None and optional:
                return ""
            if not isinstance(value, str) or (not value.strip() and not optional):
                raise _wrong(f"{path}.{key}")
            return value

        assessment_id = text("id")
        bom_id = text("bom_id")
        bom = known.get(bom_id)
        if bom is None:
            owner = _bom_owner(repo, bom_id)
            if owner != company_id:
                raise ValidationError(
                    _("The assessment refers to a bill of materials that is not in the dossier."),
                    field=f"{path}.bom_id",
                )
            bom = repo.bom(bom_id)
        owner = _assessment_owner(repo, assessment_id)
        if owner is not None and owner != company_id:
            raise ValidationError(
                _("The assessment {id} belongs to another company.").format(id=assessment_id),
                field=f"{path}.id",
            )
        exporting = party(text("exporting_party"), field=f"{path}.exporting_party").code
        importing_raw = raw.get("importing_party")
        importing = (
            None
            if importing_raw is None
            else party(str(importing_raw), field=f"{path}.importing_party").code
        )
        try:
            assessed_on = date.fromisoformat(text("assessed_on"))
        except ValueError as exc:
            raise ValidationError(
                _("Enter a date as YYYY-MM-DD."), field=f"{path}.assessed_on"
            ) from exc
        created_at = _timestamp(raw.get("created_at"), f"{path}.created_at")
        rule_text = text("rule_text")
        request, result = raw.get("request"), raw.get("result")
        if not isinstance(request, dict):
            raise _wrong(f"{path}.request")
        if not isinstance(result, dict) or not isinstance(result.get("originating"), bool):
            raise _wrong(f"{path}.result")
        try:
            request_from_json({**request, "rule": request.get("rule") or rule_text})
        except AppError as exc:
            raise _prefixed(exc, f"{path}.request") from exc
        criterion = raw.get("criterion")
        if criterion is not None and not isinstance(criterion, str):
            raise _wrong(f"{path}.criterion")
        originating = raw.get("originating")
        if not isinstance(originating, bool):
            raise _wrong(f"{path}.originating")
        return StoredAssessment(
            id=assessment_id,
            company_id=company_id,
            product_id=bom.product_id,
            bom_id=bom_id,
            bom_version=bom.version,
            exporting_party=exporting,
            importing_party=importing,
            assessed_on=assessed_on,
            created_at=created_at,
            rule_text=rule_text,
            rule_source=text("rule_source", optional=True),
            originating=originating,
            criterion=criterion,
            request=request,
            result=result,
        )


def _records(data: dict[str, Any], key: str, path: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(f"{path}.{key}")
    return value


def _timestamp(value: Any, path: str) -> str:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        parse_iso(value)
    except ValueError as exc:
        raise ValidationError(
            _("{field} must be a date and time in ISO 8601 form.").format(field=path), field=path
        ) from exc
    return value


def _bom_owner(repo: OriginRepository, bom_id: str) -> str | None:
    rows = list(repo.db.query("SELECT company_id FROM origin_boms WHERE id = ?", [bom_id]))
    return str(rows[0]["company_id"]) if rows else None


def _assessment_owner(repo: OriginRepository, assessment_id: str) -> str | None:
    rows = list(
        repo.db.query("SELECT company_id FROM origin_assessments WHERE id = ?", [assessment_id])
    )
    return str(rows[0]["company_id"]) if rows else None


def _free_version(repo: OriginRepository, bom: Bom) -> int:
    rows = list(
        repo.db.query(
            "SELECT id, version FROM origin_boms WHERE product_id = ? AND id != ?",
            [bom.product_id, bom.id],
        )
    )
    taken = {int(r["version"]) for r in rows}
    return bom.version if bom.version not in taken else max(taken) + 1


def _merge_bom(repo: OriginRepository, incoming: Bom) -> bool:
    if _bom_owner(repo, incoming.id) is not None:
        local = repo.bom(incoming.id)
        if local.content() == incoming.content() and local.saved_at == incoming.saved_at:
            return False
        if local.product_id == incoming.product_id:
            incoming = replace(incoming, version=local.version)
    repo.write_bom(replace(incoming, version=_free_version(repo, incoming)))
    return True


def _merge_assessment(repo: OriginRepository, incoming: StoredAssessment) -> bool:
    incoming = replace(incoming, bom_version=repo.bom(incoming.bom_id).version)
    if _assessment_owner(repo, incoming.id) is not None:
        local = repo.get(incoming.id)
        if assessment_to_json(local) == assessment_to_json(incoming):
            return False
    repo.write_assessment(incoming)
    return True
