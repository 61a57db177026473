"""Between the editor's text and the services' BOM: :func:`bom_mapping` builds the mapping that
``services.rcep.bom.validate_bom`` checks (numbers as typed are normalised — "1,234.50" — and
anything unreadable is passed on as typed, so the service names the field); :func:`draft_from_bom`
fills the editor from a stored BOM or imported materials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gui.pages.rcep.origin.bom_editor import COST_KEYS, BomDraft
from gui.pages.rcep.origin.materials import MaterialDraft
from gui.widgets.number_text import parse_number
from services.core.errors import FieldError
from services.rcep.bom import Bom, BomMaterial, request_field_to_bom

# "500 pieces", "1,000 PCS", "12.5kg", "500件": the number, then the unit as written
_QUANTITY = re.compile(r"^\s*([0-9][0-9,，.]*)(.*)$", re.DOTALL)


def _number(text: str) -> str | None:
    """Empty → None; a readable number → its plain decimal text; else the text as typed."""
    if not text.strip():
        return None
    value = parse_number(text)
    return format(value, "f") if value is not None else text


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def split_quantity(text: str) -> tuple[str | None, str]:
    """The quantity as typed → (number, unit): "1,000 PCS" → ("1000", "PCS"). Text without a
    leading number is passed on whole as the number, so the services name the problem."""
    if not text.strip():
        return None, ""
    match = _QUANTITY.match(text)
    if match is None:
        return text.strip(), ""
    number, unit = match.group(1), match.group(2).strip()
    value = parse_number(number)
    if value is None:
        return text.strip(), ""
    return format(value, "f"), unit


def material_mapping(m: MaterialDraft) -> dict[str, Any]:
    return {
        "name": m.name.strip(),
        "hs": m.hs.strip() or None,
        "origin": m.origin or None,
        "originating": m.originating,
        "evidence_ref": m.evidence_ref.strip(),
        "evidence_date": m.evidence_date.strip() or None,
        "value": _number(m.value) if m.value.strip() else None,
        "weight_kg": _number(m.weight_kg),
    }


def bom_mapping(
    draft: BomDraft,
    *,
    company_id: str,
    product_id: str,
    product_hs: str,
    description: str,
    exporting_party: str,
) -> dict[str, Any]:
    costs: dict[str, Any] | None = None
    if draft.has_costs():
        costs = {key: _number(draft.costs.get(key, "")) for key in COST_KEYS}
    quantity, unit = split_quantity(draft.quantity)
    return {
        "company_id": company_id,
        "product_id": product_id,
        "product_hs": product_hs,
        "description": description,
        "currency": draft.currency,
        "fob_value": _number(draft.fob_value),
        "weight_kg": _number(draft.weight_kg),
        "quantity": quantity,
        "quantity_unit": unit,
        "exporting_party": exporting_party,
        "wholly_obtained": draft.wholly_obtained,
        "chemical_reaction": draft.chemical_reaction,
        "minimal_operations": draft.minimal_operations,
        "direct_consignment": draft.direct_consignment,
        "costs": costs,
        "materials": [material_mapping(m) for m in draft.materials],
        "notes": draft.notes,
    }


def material_draft(m: BomMaterial) -> MaterialDraft:
    return MaterialDraft(
        name=m.name,
        hs=m.hs or "",
        origin=m.origin or "",
        originating=m.originating,
        evidence_ref=m.evidence_ref,
        evidence_date=m.evidence_date.isoformat() if m.evidence_date else "",
        value=_amount(m.value),
        weight_kg=_amount(m.weight_kg),
    )


def material_drafts(materials: Iterable[BomMaterial]) -> list[MaterialDraft]:
    return [material_draft(m) for m in materials]


def draft_from_bom(bom: Bom) -> BomDraft:
    costs = bom.costs
    return BomDraft(
        fob_value=_amount(bom.fob_value),
        currency=bom.currency,
        weight_kg=_amount(bom.weight_kg),
        quantity=bom.quantity_text or "",
        costs={}
        if costs is None
        else {
            "direct_labour": _amount(costs.direct_labour),
            "direct_overhead": _amount(costs.direct_overhead),
            "profit": _amount(costs.profit),
            "other": _amount(costs.other),
        },
        wholly_obtained=bom.wholly_obtained,
        chemical_reaction=bom.chemical_reaction,
        minimal_operations=bom.minimal_operations,
        direct_consignment=bom.direct_consignment,
        materials=tuple(material_drafts(bom.materials)),
        notes=bom.notes,
    )


def editor_errors(errors: Iterable[FieldError]) -> list[FieldError]:
    """Engine paths (``product.fob_value``, ``operations``) → the editor's field names; the
    quantity's unit is typed in the quantity field."""
    return [
        FieldError(
            "quantity" if e.field == "quantity_unit" else request_field_to_bom(e.field), e.message
        )
        for e in errors
    ]
