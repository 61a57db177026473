"""Form RCEP: box values from an origin assessment, the Annex 3B completeness check of a
Certificate of Origin and the evidence to keep (domain/rcep.md §9; box 11: §10).

- Box 9: the HS code at 6 digits; box 10: the origin conferring criterion (WO, PE, CTC, RVC or
  CR, with ACU / DMI); box 11: the RCEP country of origin, followed by "*" or "**" when the
  importer's alternative claim of Art 2.6.6 (a) or (b) is chosen; box 12: the quantity, and the
  FOB value only when RVC is the criterion.
- The certificate is in English (Art 3.17), so box 11 names the Party as the Agreement does.
- The checklist covers the Annex 3B minimum data of a Certificate of Origin; back-to-back
  certificates (original proof number and date) are not covered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.core.errors import FieldError, ValidationError
from services.core.i18n import N_, _
from services.rcep.country_of_origin import AlternativeClaim
from services.rcep.origin import Assessment, OriginRequest
from services.refdata.hs import format_code

# The Parties as the Agreement names them in English (Form RCEP is completed in English).
PARTY_NAMES_EN: dict[str, str] = {
    "AU": "Australia", "BN": "Brunei Darussalam", "KH": "Cambodia", "CN": "China",
    "ID": "Indonesia", "JP": "Japan", "KR": "Korea", "LA": "Lao PDR", "MY": "Malaysia",
    "MM": "Myanmar", "NZ": "New Zealand", "PH": "Philippines", "SG": "Singapore",
    "TH": "Thailand", "VN": "Viet Nam",
}  # fmt: skip

RECORD_YEARS = 3  # Art 3.27
VALIDITY_YEARS = 1  # Art 3.16
RETROACTIVE_YEARS = 1  # Art 3.17


@dataclass(frozen=True, slots=True)
class FormBoxes:
    box9_hs: str  # "8507.60"
    box10_criterion: str | None  # None: not originating
    box11_party: str | None  # Party code: the RCEP country of origin, or the claimed Party
    box11: str | None  # as written on the form: "China", "Australia *", "Indonesia **"
    box11_claim: str | None  # "a" / "b" (Art 2.6.6) or None
    box12_quantity: str | None
    box12_fob: Decimal | None  # only when RVC is the criterion
    box12_currency: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "box9_hs": self.box9_hs,
            "box10_criterion": self.box10_criterion,
            "box11_party": self.box11_party,
            "box11": self.box11,
            "box11_claim": self.box11_claim,
            "box12_quantity": self.box12_quantity,
            "box12_fob": None if self.box12_fob is None else float(self.box12_fob),
            "box12_currency": self.box12_currency,
        }


class ItemState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    BY_ISSUER = "by_issuer"  # filled in by the issuing body
    NOT_NEEDED = "not_needed"  # e.g. the FOB value when RVC is not the criterion


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    label: str  # translated
    box: int | None  # Form RCEP box, None for the certificate number
    required: bool
    state: ItemState
    note: str | None = None  # translated

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "box": self.box,
            "required": self.required,
            "state": str(self.state),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    key: str
    text: str  # translated
    article: str
    until: date | None = None  # the deadline, when the dates are known

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "article": self.article,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True, slots=True)
class CertificateDraft:
    boxes: FormBoxes
    checklist: tuple[ChecklistItem, ...]
    evidence: tuple[EvidenceItem, ...]

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.checklist if i.required and i.state is ItemState.MISSING)

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_json(self) -> dict[str, Any]:
        return {
            "boxes": self.boxes.to_json(),
            "checklist": [i.to_json() for i in self.checklist],
            "complete": self.complete,
            "missing": [i.key for i in self.missing],
            "evidence": [e.to_json() for e in self.evidence],
        }


# The fields a caller may know; the others come from the assessment. (key, box, label)
KNOWN_FIELDS: tuple[tuple[str, int | None, str], ...] = (
    ("exporter_name", 1, N_("Exporter's name")),
    ("exporter_address", 1, N_("Exporter's address")),
    ("producer", 3, N_("Producer (if known)")),
    ("importer", 2, N_("Importer or consignee")),
    ("description", 8, N_("Description of the goods")),
    ("co_number", None, N_("Certificate of Origin number")),
    ("invoice_number", 13, N_("Invoice number and date")),
    ("departure_date", 4, N_("Departure date")),
    ("vessel_or_flight", 4, N_("Vessel's name or flight number")),
    ("port_of_discharge", 4, N_("Port of discharge")),
    ("quantity", 12, N_("Quantity")),
    ("declaration", 15, N_("Declaration by the exporter or producer")),
)
_KNOWN_KEYS = frozenset(key for key, _box, _label in KNOWN_FIELDS)


def _english_name(code: str) -> str:
    return PARTY_NAMES_EN.get(code, code)


def claim_box11(claim: AlternativeClaim) -> str:
    """Box 11 as written for an alternative claim (Art 2.6.6): "Australia *", "Indonesia **"."""
    return f"{_english_name(claim.party)} {claim.marker}"


def _hs6(hs: str) -> str:
    digits = "".join(ch for ch in hs if ch.isdigit())
    if len(digits) < 6:
        raise ValidationError(_("Enter the product's HS code with at least 6 digits."), field="hs")
    return format_code(digits[:6])


def form_boxes(
    assessment: Assessment,
    hs: str,
    *,
    quantity: str | None = None,
    currency: str | None = None,
    claim: AlternativeClaim | None = None,
) -> FormBoxes:
    """Boxes 9–12 of Form RCEP. ``claim``: the importer's alternative claim (Art 2.6.6), if
    chosen; box 11 then names the claimed Party followed by "*" (a) or "**" (b)."""
    originating = assessment.originating and assessment.rcep_country_of_origin is not None
    party = assessment.rcep_country_of_origin if originating else None
    box11 = _english_name(party) if party else None
    if claim is not None and originating:
        party = claim.party
        box11 = claim_box11(claim)
    fob = None
    if originating and assessment.box12_fob is not None:
        fob = Decimal(str(assessment.box12_fob))
    return FormBoxes(
        box9_hs=_hs6(hs),
        box10_criterion=assessment.criterion if originating else None,
        box11_party=party,
        box11=box11,
        box11_claim=claim.option if claim is not None and originating else None,
        box12_quantity=quantity.strip() if quantity and quantity.strip() else None,
        box12_fob=fob,
        box12_currency=currency if fob is not None else None,
    )


def _given(known: Mapping[str, Any], key: str) -> bool:
    value = known.get(key)
    return value is not None and not (isinstance(value, str) and not value.strip())


def checklist(
    assessment: Assessment, boxes: FormBoxes, known: Mapping[str, Any]
) -> tuple[ChecklistItem, ...]:
    """The Annex 3B minimum data of a Certificate of Origin, each present or missing."""
    unknown = sorted(set(known) - _KNOWN_KEYS)
    if unknown:
        raise ValidationError(
            [
                FieldError(
                    key,
                    _("Unknown field; use one of: {fields}.").format(
                        fields=", ".join(sorted(_KNOWN_KEYS))
                    ),
                )
                for key in unknown
            ]
        )

    def state(present: bool) -> ItemState:
        return ItemState.PRESENT if present else ItemState.MISSING

    not_originating = _("The goods are not originating: no Certificate of Origin can be issued.")
    fields = {key: (box, label) for key, box, label in KNOWN_FIELDS}

    def item(key: str, *, required: bool = True, note: str | None = None) -> ChecklistItem:
        box, label = fields[key]
        return ChecklistItem(key, _(label), box, required, state(_given(known, key)), note)

    producer_note = None
    if not _given(known, "producer"):
        producer_note = _("If the producer is not known, write NOT AVAILABLE (or CONFIDENTIAL).")
    co_number = item("co_number")
    if co_number.state is ItemState.MISSING:
        co_number = ChecklistItem(
            co_number.key, co_number.label, None, True, ItemState.BY_ISSUER,
            _("Given by the issuing body."),
        )  # fmt: skip
    rvc = bool(boxes.box10_criterion and boxes.box10_criterion.startswith("RVC"))
    items = [
        item("exporter_name"),
        item("exporter_address"),
        item("producer", required=False, note=producer_note),
        item("importer"),
        item("description"),
        ChecklistItem("hs", _("HS code (6 digits)"), 9, True, ItemState.PRESENT),
        co_number,
        ChecklistItem(
            "criterion", _("Origin conferring criterion"), 10, True,
            state(boxes.box10_criterion is not None),
            None if boxes.box10_criterion else not_originating,
        ),
        ChecklistItem(
            "rcep_country_of_origin", _("RCEP country of origin"), 11, True,
            state(boxes.box11 is not None), None if boxes.box11 else not_originating,
        ),
        item("invoice_number"),
        item("departure_date"),
        item("vessel_or_flight"),
        item("port_of_discharge"),
        ChecklistItem(
            "fob_value", _("FOB value (only when RVC is the criterion)"), 12, rvc,
            state(boxes.box12_fob is not None) if rvc else ItemState.NOT_NEEDED,
        ),
        ChecklistItem("quantity", _(fields["quantity"][1]), 12, True,
                      state(boxes.box12_quantity is not None or _given(known, "quantity"))),
        item("declaration"),
        ChecklistItem(
            "certification", _("Certification by the issuing body (signature and seal)"), 16,
            True, ItemState.BY_ISSUER,
        ),
    ]  # fmt: skip
    return tuple(items)


def _plus_years(day: date, years: int) -> date:
    """Same day ``years`` later; 29 February becomes 28 February (the earlier, safer date)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def evidence(
    request: OriginRequest,
    assessment: Assessment,
    *,
    shipment_date: date | None = None,
    issue_date: date | None = None,
) -> tuple[EvidenceItem, ...]:
    """What to keep and the time limits of a Certificate of Origin."""
    items = [
        EvidenceItem(
            "records",
            _(
                "Keep the records that prove the goods' origin for at least 3 years from the "
                "issue of the proof of origin (Art 3.27)."
            ),
            "3.27",
            _plus_years(issue_date, RECORD_YEARS) if issue_date else None,
        ),
        EvidenceItem(
            "validity",
            _("The proof of origin is valid for 1 year from its issue (Art 3.16)."),
            "3.16",
            _plus_years(issue_date, VALIDITY_YEARS) if issue_date else None,
        ),
        EvidenceItem(
            "retroactive",
            _(
                "A Certificate of Origin can be issued retroactively up to 1 year after "
                "shipment, marked ISSUED RETROACTIVELY (Art 3.17)."
            ),
            "3.17",
            _plus_years(shipment_date, RETROACTIVE_YEARS) if shipment_date else None,
        ),
    ]
    originating = [m.name for m in request.materials if m.originating]
    if originating:
        items.append(
            EvidenceItem(
                "supplier_declarations",
                _(
                    "Keep the suppliers' declarations or other proof that these materials are "
                    "originating: {materials} (Art 3.27)."
                ).format(materials=", ".join(originating)),
                "3.27",
            )
        )
    if assessment.criterion and assessment.criterion.startswith("RVC"):
        items.append(
            EvidenceItem(
                "cost_records",
                _(
                    "Keep the cost records behind the regional value content: the value of each "
                    "material (CIF or earliest price paid), direct labour, direct overhead, "
                    "profit and other costs, and the FOB value (Art 3.5)."
                ),
                "3.5",
            )
        )
    return tuple(items)


def certificate_draft(
    request: OriginRequest,
    assessment: Assessment,
    known: Mapping[str, Any] | None = None,
    *,
    claim: AlternativeClaim | None = None,
    shipment_date: date | None = None,
    issue_date: date | None = None,
) -> CertificateDraft:
    """Form RCEP box values, the Annex 3B checklist and the evidence for one good.

    ``known``: what the app knows of the other certificate data, by the keys of
    :data:`KNOWN_FIELDS` (``quantity`` fills box 12); the product's description is taken from
    the request when ``known`` has none.
    """
    facts = dict(known or {})
    if not _given(facts, "description") and request.description.strip():
        facts["description"] = request.description
    quantity = facts.get("quantity")
    boxes = form_boxes(
        assessment,
        request.hs,
        quantity=str(quantity) if _given(facts, "quantity") else None,
        currency=request.currency,
        claim=claim,
    )
    return CertificateDraft(
        boxes,
        checklist(assessment, boxes, facts),
        evidence(request, assessment, shipment_date=shipment_date, issue_date=issue_date),
    )
