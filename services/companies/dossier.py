"""Dossier files: one company, complete, to carry to another installation.

A dossier is UTF-8 JSON (``*.epdossier``)::

    {"format": "exportpilot-dossier", "format_version": 1, "app_version": "...",
     "exported_at": "...", "company": {...}, "sections": {}}

Importing merges by the company's stable id (and, for a company created separately elsewhere,
by its USCC): it never creates a duplicate. The newer side (``updated_at``) wins for the
company's own fields; contacts and products are merged by their ids, markets and channels by
value; nothing that exists only locally is removed. Later capabilities add their records under
``sections``. The whole import is validated before anything is written, and written in one
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlite_utils import Database

from services.companies.models import Company, CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.companies.validation import validate_draft
from services.core.clock import parse_iso, utc_now_iso
from services.core.errors import DataFileError, FieldError, ValidationError
from services.core.files import atomic_write_text
from services.core.i18n import _
from services.core.version import APP_VERSION
from services.refdata.hs import HsNomenclature

FORMAT = "exportpilot-dossier"
FORMAT_VERSION = 1
SUFFIX = ".epdossier"
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportResult:
    company_id: str
    name_zh: str
    action: str  # created | updated | unchanged
    matched_by: str | None  # id | uscc | None


def company_to_json(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name_zh": company.name_zh,
        "name_en": company.name_en,
        "uscc": company.uscc,
        "industry": company.industry,
        "company_type": company.company_type,
        "stage": company.stage,
        "markets": list(company.markets),
        "channels": list(company.channels),
        "contacts": [
            {"id": c.id, "role": c.role, "name": c.name, "phone": c.phone, "email": c.email}
            for c in company.contacts
        ],
        "products": [
            {"id": p.id, "name": p.name, "hs": p.hs_code, "notes": p.notes}
            for p in company.products
        ],
        "notes": company.notes,
        "is_sample": company.is_sample,
        "archived_at": company.archived_at,
        "created_at": company.created_at,
        "updated_at": company.updated_at,
    }


class DossierSection(Protocol):
    """A capability's records of one company carried in the dossier (e.g. readiness sessions).

    The companies package cannot know the capabilities built on it; the composition root
    passes their sections to export and import.
    """

    name: str

    def export(self, db: Database, company_id: str) -> Any: ...

    def merge(self, db: Database, company_id: str, data: Any) -> bool:
        """Merges ``data`` into ``company_id`` by stable ids (inside the import's transaction);
        returns whether anything changed; raises AppError to abort the whole import."""
        ...


def dossier_json(company: Company, sections: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": APP_VERSION,
        "exported_at": utc_now_iso(),
        "company": company_to_json(company),
        "sections": sections or {},
    }


def export_dossier(
    repo: CompanyRepository,
    company_id: str,
    target: Path,
    sections: Sequence[DossierSection] = (),
) -> Path:
    company = repo.get(company_id)
    extra = {section.name: section.export(repo.db, company_id) for section in sections}
    text = json.dumps(dossier_json(company, extra), ensure_ascii=False, indent=2)
    try:
        atomic_write_text(target, text + "\n")
    except OSError as exc:
        raise DataFileError(
            _("The dossier could not be written to {path}: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    return target


def read_dossier(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataFileError(_("{path} is too large to be a dossier.").format(path=path))
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(
            _("The file {path} cannot be read: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataFileError(_("{path} is not a UTF-8 text file.").format(path=path)) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(
            _("{path} is not valid JSON (line {line}, column {column}).").format(
                path=path, line=exc.lineno, column=exc.colno
            )
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(_("{path} is not an ExportPilot dossier.").format(path=path))
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise DataFileError(_("{path} is not an ExportPilot dossier.").format(path=path))
    if version > FORMAT_VERSION:
        raise DataFileError(
            _(
                "{path} was exported by a newer version of ExportPilot; update the app to "
                "import it."
            ).format(path=path)
        )
    if not isinstance(data.get("company"), dict):
        raise ValidationError(_("The dossier has no company record."), field="company")
    return data


T = TypeVar("T")


def _typed(data: dict[str, Any], key: str, kind: type[T], default: T, path: str) -> T:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, kind):
        raise ValidationError(
            _("Wrong type for {field}.").format(field=f"{path}{key}"), field=f"{path}{key}"
        )
    return value


def draft_from_json(data: dict[str, Any], *, path: str = "") -> CompanyDraft:
    """Builds a draft from the JSON of ``company add`` or a dossier; types are checked here,
    values by validate_draft. ``path`` prefixes field names in errors (``company.``)."""

    def items(key: str) -> list[dict[str, Any]]:
        value = _typed(data, key, list, [], path)
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise ValidationError(
                    _("Wrong type for {field}.").format(field=f"{path}{key}[{i}]"),
                    field=f"{path}{key}[{i}]",
                )
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = _typed(data, key, list, [], path)
        if not all(isinstance(v, str) for v in value):
            raise ValidationError(
                _("Wrong type for {field}.").format(field=f"{path}{key}"), field=f"{path}{key}"
            )
        return tuple(value)

    def text(item: dict[str, Any], key: str, where: str) -> str:
        return _typed(item, key, str, "", where)

    def optional(key: str) -> str | None:
        return _typed(data, key, str, "", path) or None

    contacts = tuple(
        Contact(
            role=text(c, "role", f"{path}contacts[{i}].") or "other",
            name=text(c, "name", f"{path}contacts[{i}]."),
            phone=text(c, "phone", f"{path}contacts[{i}]."),
            email=text(c, "email", f"{path}contacts[{i}]."),
            id=text(c, "id", f"{path}contacts[{i}]."),
        )
        for i, c in enumerate(items("contacts"))
    )
    products = tuple(
        Product(
            name=text(p, "name", f"{path}products[{i}]."),
            hs_code=text(p, "hs", f"{path}products[{i}].") or text(p, "hs_code", ""),
            notes=text(p, "notes", f"{path}products[{i}]."),
            id=text(p, "id", f"{path}products[{i}]."),
        )
        for i, p in enumerate(items("products"))
    )
    return CompanyDraft(
        id=_typed(data, "id", str, "", path),
        name_zh=_typed(data, "name_zh", str, "", path),
        name_en=_typed(data, "name_en", str, "", path),
        uscc=_typed(data, "uscc", str, "", path),
        industry=optional("industry"),
        company_type=optional("company_type"),
        stage=optional("stage"),
        markets=strings("markets"),
        channels=strings("channels"),
        contacts=contacts,
        products=products,
        notes=_typed(data, "notes", str, "", path),
    )


def _prefixed(exc: ValidationError, prefix: str) -> ValidationError:
    return ValidationError([FieldError(prefix + e.field, e.message) for e in exc.errors])


def _timestamp(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return utc_now_iso()
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        parse_iso(value)
    except ValueError as exc:
        raise ValidationError(
            _("{field} must be a date and time in ISO 8601 form.").format(field=f"company.{key}"),
            field=f"company.{key}",
        ) from exc
    return value


def _merge_by_id(
    local: tuple[T, ...], incoming: tuple[T, ...], incoming_wins: bool
) -> tuple[T, ...]:
    merged: dict[str, T] = {getattr(item, "id"): item for item in local}  # noqa: B009
    for item in incoming:
        key = getattr(item, "id")  # noqa: B009
        if key not in merged or incoming_wins:
            merged[key] = item
    return tuple(merged.values())


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))


def import_dossier(
    repo: CompanyRepository,
    path: Path,
    hs: HsNomenclature,
    sections: Sequence[DossierSection] = (),
) -> ImportResult:
    """Imports the company and the given sections in one transaction (all or nothing)."""
    data = read_dossier(path)
    carried = data.get("sections") or {}
    if not isinstance(carried, dict):
        raise ValidationError(
            _("Wrong type for {field}.").format(field="sections"), field="sections"
        )
    with repo.db.atomic():
        result = _import_company(repo, data, hs)
        changed = False
        for section in sections:
            if section.name in carried:
                changed = (
                    section.merge(repo.db, result.company_id, carried[section.name]) or changed
                )
        if changed and result.action == "unchanged":
            result = replace(result, action="updated")
    return result


def _import_company(
    repo: CompanyRepository, data: dict[str, Any], hs: HsNomenclature
) -> ImportResult:
    record: dict[str, Any] = data["company"]
    try:
        draft = validate_draft(draft_from_json(record), hs)
    except ValidationError as exc:
        raise _prefixed(exc, "company.") from exc
    if not record.get("id"):
        raise ValidationError(_("The dossier's company has no id."), field="company.id")
    incoming = Company.from_draft(
        draft,
        is_sample=bool(record.get("is_sample", False)),
        archived_at=record.get("archived_at")
        if isinstance(record.get("archived_at"), str)
        else None,
        created_at=_timestamp(record, "created_at"),
        updated_at=_timestamp(record, "updated_at"),
    )
    with repo.db.atomic():
        matched_by: str | None = None
        local_id: str | None = None
        if repo.exists(incoming.id):
            matched_by, local_id = "id", incoming.id
        elif incoming.uscc and (found := repo.find_by_uscc(incoming.uscc)):
            matched_by, local_id = "uscc", found
        if local_id is None:
            repo.check_uscc_free(incoming.uscc or "", incoming.id)
            repo.write(incoming)
            return ImportResult(incoming.id, incoming.name_zh, "created", None)
        local = repo.get(local_id)
        merged = _merge(local, incoming)
        if merged == local:
            return ImportResult(local.id, local.name_zh, "unchanged", matched_by)
        repo.check_uscc_free(merged.uscc or "", merged.id)
        repo.write(merged)
        return ImportResult(local.id, merged.name_zh, "updated", matched_by)


def _merge(local: Company, incoming: Company) -> Company:
    newer = parse_iso(incoming.updated_at) > parse_iso(local.updated_at)
    base = replace(incoming, id=local.id, created_at=local.created_at) if newer else local
    first, second = (incoming, local) if newer else (local, incoming)
    return replace(
        base,
        markets=_union(first.markets, second.markets),
        channels=_union(first.channels, second.channels),
        contacts=_merge_by_id(local.contacts, incoming.contacts, newer),
        products=_merge_by_id(local.products, incoming.products, newer),
        is_sample=local.is_sample and incoming.is_sample,
        updated_at=incoming.updated_at if newer else local.updated_at,
    )
