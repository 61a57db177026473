"""Bill of materials (BOM) of a company product, the input of the origin self-assessment.

A BOM holds what the exporter knows about one product (domain/rcep.md §3–§8): its HS code, FOB
value and currency, the optional quantity with its unit (box 12 of the certificate), the
plain-word answers (wholly obtained, chemical reaction, only minimal operations, direct
consignment), the optional build-up costs, and per material its HS code, origin, originating
status with the evidence held (supplier's certificate or declaration number and date), value
(CIF for imports, the earliest price paid for local purchases, Art 3.5.3) and weight. Money is
``Decimal`` in the BOM's currency.

:func:`validate_bom` turns a draft (a :class:`Bom` or its JSON mapping) into a clean BOM or
raises one ValidationError listing every problem with its path (``materials[2].value``).
:func:`bom_to_request` writes the ``origin assess`` input of cli.md, so the window and the
command line run the same engine. :func:`bom_to_json` / :func:`bom_from_json` are the stored
and dossier form (amounts as decimal strings, so nothing is lost to binary floats).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel.numbers import list_currencies

from services.core.clock import local_today
from services.core.errors import FieldError, ValidationError
from services.core.i18n import _, format_date, format_decimal
from services.rcep.parties import PARTIES, party
from services.refdata.countries import country_codes
from services.refdata.hs import HS_EDITION, HsNomenclature, format_code

DEFAULT_EXPORTING_PARTY = "CN"
MAX_MATERIALS = 2000
MAX_AMOUNT = Decimal("1000000000000")  # a sanity bound: beyond it a typo is more likely
MAX_NAME = 200
MAX_REFERENCE = 100
MAX_TEXT = 5000
HS_MAX_DIGITS = 12
_HS_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True, slots=True)
class BomMaterial:
    name: str
    value: Decimal  # in the BOM's currency: CIF, or the earliest price paid (Art 3.5.3)
    hs: str | None = None  # digits only
    origin: str | None = None  # ISO 3166 alpha-2; None when unknown (non-originating)
    originating: bool = False  # RCEP originating status, backed by evidence
    evidence_ref: str = ""  # supplier's certificate or declaration number
    evidence_date: date | None = None
    weight_kg: Decimal | None = None
    currency: str | None = None  # when given, it must be the BOM's currency


@dataclass(frozen=True, slots=True)
class BomCosts:
    """Build-up RVC costs (Art 3.5.1(b)), in the BOM's currency."""

    direct_labour: Decimal = Decimal(0)
    direct_overhead: Decimal = Decimal(0)
    profit: Decimal = Decimal(0)
    other: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.direct_labour + self.direct_overhead + self.profit + self.other


@dataclass(frozen=True, slots=True)
class Bom:
    company_id: str
    product_id: str
    product_hs: str  # digits only, 6/8/10
    currency: str  # ISO 4217
    fob_value: Decimal
    description: str = ""
    weight_kg: Decimal | None = None
    quantity: Decimal | None = None  # for box 12 of the certificate, in ``quantity_unit``
    quantity_unit: str = ""  # as the exporter writes it: "pieces", "PCS", "件"
    exporting_party: str = DEFAULT_EXPORTING_PARTY
    wholly_obtained: bool = False
    chemical_reaction: bool = False
    minimal_operations: bool = False  # only Art 3.6 operations in the exporting Party
    direct_consignment: bool = True
    costs: BomCosts | None = None
    materials: tuple[BomMaterial, ...] = ()
    notes: str = ""
    # set once stored (OriginRepository.save_bom)
    id: str = ""
    version: int = 0
    saved_at: str = ""

    @property
    def stored(self) -> bool:
        return bool(self.id)

    def content(self) -> Bom:
        """The BOM without its storage bookkeeping, for comparing versions."""
        return replace(self, id="", version=0, saved_at="")

    @property
    def quantity_text(self) -> str | None:
        """Box 12's quantity, e.g. "500 pieces"; None when no quantity is given."""
        if self.quantity is None:
            return None
        return f"{plain_amount(self.quantity)} {self.quantity_unit}".strip()

    @property
    def non_originating_value(self) -> Decimal:
        return sum((m.value for m in self.materials if not m.originating), Decimal(0))

    @property
    def originating_value(self) -> Decimal:
        return sum((m.value for m in self.materials if m.originating), Decimal(0))


# --- reading and validating ------------------------------------------------------------------


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def _countries() -> frozenset[str]:
    return frozenset(country_codes())


def _wrong_type(path: str) -> str:
    return _("Wrong type for {field}.").format(field=path)


def too_long(limit: int, count: int) -> str:
    return _("Too long: at most {limit} characters, this has {count}.").format(
        limit=limit, count=count
    )


def material_hs_known(code: str, nomenclature: HsNomenclature) -> bool:
    """A material's code (digits) exists: a chapter or heading as given, or, from 6 digits on,
    its subheading (longer codes are national lines under it)."""
    if len(code) in (2, 4):
        return nomenclature.get(code) is not None
    return len(code) >= 6 and nomenclature.get(code[:6]) is not None


def _unknown_material_hs(code: str) -> str:
    return _(
        "{code} is not a chapter, heading or subheading of the {edition} nomenclature."
    ).format(code=format_code(code), edition=HS_EDITION)


def _unknown_product_hs(code: str) -> str:
    return _("{code} is not a subheading of the {edition} nomenclature.").format(
        code=format_code(code[:6]), edition=HS_EDITION
    )


class _Reader:
    """Reads a BOM mapping field by field, collecting every problem with its path."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def failed(self, path: str) -> bool:
        return any(e.field == path for e in self.errors)

    def text(self, data: Mapping[str, Any], key: str, path: str, limit: int) -> str:
        raw = data.get(key)
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.fail(path, _wrong_type(path))
            return ""
        value = raw.strip()
        if len(value) > limit:
            self.fail(path, too_long(limit, len(value)))
        return value

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        raw = data.get(key)
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.fail(path, _("Enter true or false."))
            return default
        return raw

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        optional: bool = False,
        positive: bool = False,
    ) -> Decimal | None:
        raw = data.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if optional:
                return None
            self._bad_number(path, positive)
            return Decimal(0)
        value = to_decimal(raw)
        if value is None:
            self._bad_number(path, positive)
            return Decimal(0)
        if value < 0 or (positive and value <= 0):
            self._bad_number(path, positive)
        elif value > MAX_AMOUNT:
            self.fail(
                path,
                _("Enter a number of at most {limit}.").format(limit=format_decimal(MAX_AMOUNT, 0)),
            )
        return value

    def _bad_number(self, path: str, positive: bool) -> None:
        if positive:
            self.fail(path, _("Enter the FOB value as a number greater than 0."))
        else:
            self.fail(path, _("Enter a number of 0 or more."))

    def when(self, data: Mapping[str, Any], key: str, path: str) -> date | None:
        raw = data.get(key)
        if raw is None or raw == "":
            return None
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:
                pass
        self.fail(path, _("Enter a date as YYYY-MM-DD."))
        return None

    def digits(self, raw: Any, path: str) -> str | None:
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str):
            self.fail(path, _wrong_type(path))
            return None
        code = _HS_SEPARATORS.sub("", raw)
        if not code:
            return None
        if not (code.isascii() and code.isdigit()):
            self.fail(
                path, _("An HS code has digits only (dots and spaces are allowed), e.g. 8507.60.")
            )
            return None
        return code


def to_decimal(raw: Any) -> Decimal | None:
    """A finite Decimal from a number or a plain decimal string; None when it is not one.

    Floats go through their shortest repr (0.1 → Decimal("0.1"), not the binary expansion).
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return value if value.is_finite() else None


def _read(data: Mapping[str, Any]) -> tuple[Bom, _Reader]:
    r = _Reader()
    company_id = r.text(data, "company_id", "company_id", MAX_NAME)
    product_id = r.text(data, "product_id", "product_id", MAX_NAME)
    product_hs = data.get("product_hs")
    if not isinstance(product_hs, str):
        if product_hs is not None:
            r.fail("product_hs", _wrong_type("product_hs"))
        product_hs = ""
    currency_raw = data.get("currency")
    currency = currency_raw.strip().upper() if isinstance(currency_raw, str) else ""
    if currency_raw is not None and not isinstance(currency_raw, str):
        r.fail("currency", _wrong_type("currency"))
    fob = r.number(data, "fob_value", "fob_value", positive=True) or Decimal(0)
    weight = r.number(data, "weight_kg", "weight_kg", optional=True)
    quantity = _quantity(r, data.get("quantity"))
    quantity_unit = r.text(data, "quantity_unit", "quantity_unit", MAX_REFERENCE)
    exporting_raw = data.get("exporting_party")
    exporting = DEFAULT_EXPORTING_PARTY
    if isinstance(exporting_raw, str) and exporting_raw.strip():
        exporting = exporting_raw.strip().upper()
    elif exporting_raw not in (None, ""):
        r.fail("exporting_party", _wrong_type("exporting_party"))

    costs: BomCosts | None = None
    costs_raw = data.get("costs")
    if isinstance(costs_raw, Mapping):
        costs = BomCosts(
            *(
                r.number(costs_raw, key, f"costs.{key}", optional=True) or Decimal(0)
                for key in ("direct_labour", "direct_overhead", "profit", "other")
            )
        )
    elif costs_raw is not None:
        r.fail("costs", _wrong_type("costs"))

    materials_raw = data.get("materials")
    if materials_raw is None:
        materials_raw = ()
    if not isinstance(materials_raw, Sequence) or isinstance(materials_raw, str):
        r.fail("materials", _wrong_type("materials"))
        materials_raw = ()
    if len(materials_raw) > MAX_MATERIALS:
        r.fail(
            "materials",
            _("A bill of materials holds at most {limit} materials.").format(limit=MAX_MATERIALS),
        )
        materials_raw = materials_raw[:MAX_MATERIALS]
    materials = []
    for i, raw in enumerate(materials_raw):
        path = f"materials[{i}]"
        if not isinstance(raw, Mapping):
            r.fail(path, _wrong_type(path))
            continue
        materials.append(_read_material(r, raw, path))

    version = data.get("version", 0)
    bom = Bom(
        company_id=company_id,
        product_id=product_id,
        product_hs=product_hs,
        currency=currency,
        fob_value=fob,
        description=r.text(data, "description", "description", MAX_TEXT),
        weight_kg=weight,
        quantity=quantity,
        quantity_unit=quantity_unit,
        exporting_party=exporting,
        wholly_obtained=r.flag(data, "wholly_obtained", "wholly_obtained", False),
        chemical_reaction=r.flag(data, "chemical_reaction", "chemical_reaction", False),
        minimal_operations=r.flag(data, "minimal_operations", "minimal_operations", False),
        direct_consignment=r.flag(data, "direct_consignment", "direct_consignment", True),
        costs=costs,
        materials=tuple(materials),
        notes=r.text(data, "notes", "notes", MAX_TEXT),
        id=_string(data.get("id")),
        version=version if isinstance(version, int) and not isinstance(version, bool) else 0,
        saved_at=_string(data.get("saved_at")),
    )
    return bom, r


def _quantity(r: _Reader, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = to_decimal(raw)
    if value is None or value <= 0 or value > MAX_AMOUNT:
        r.fail("quantity", _("Enter the quantity as a number greater than 0, e.g. 500 pieces."))
    return value


def _string(raw: Any) -> str:
    return raw if isinstance(raw, str) else ""


def _read_material(r: _Reader, raw: Mapping[str, Any], path: str) -> BomMaterial:
    name = r.text(raw, "name", f"{path}.name", MAX_NAME)
    if not name and not r.failed(f"{path}.name"):
        r.fail(f"{path}.name", _("Enter the material's name."))
    origin_raw = raw.get("origin")
    origin: str | None = None
    if isinstance(origin_raw, str):
        origin = origin_raw.strip().upper() or None
    elif origin_raw is not None:
        r.fail(f"{path}.origin", _wrong_type(f"{path}.origin"))
    currency_raw = raw.get("currency")
    currency: str | None = None
    if isinstance(currency_raw, str):
        currency = currency_raw.strip().upper() or None
    elif currency_raw is not None:
        r.fail(f"{path}.currency", _wrong_type(f"{path}.currency"))
    return BomMaterial(
        name=name,
        value=r.number(raw, "value", f"{path}.value") or Decimal(0),
        hs=r.digits(raw.get("hs"), f"{path}.hs"),
        origin=origin,
        originating=r.flag(raw, "originating", f"{path}.originating", False),
        evidence_ref=r.text(raw, "evidence_ref", f"{path}.evidence_ref", MAX_REFERENCE),
        evidence_date=r.when(raw, "evidence_date", f"{path}.evidence_date"),
        weight_kg=r.number(raw, "weight_kg", f"{path}.weight_kg", optional=True),
        currency=currency,
    )


def validate_bom(
    draft: Bom | Mapping[str, Any],
    nomenclature: HsNomenclature,
    *,
    today: date | None = None,
) -> Bom:
    """A clean BOM from a draft, or ValidationError listing every problem with its path.

    The rules of cli.md ("origin assess": FOB > 0, values and weights ≥ 0, product HS of at
    least 6 digits) plus: HS codes that exist in the HS 2022 nomenclature, an RCEP Party of
    origin for originating materials and their evidence, no originating status for non-RCEP
    origins, one currency, no evidence dated in the future, and no wholly obtained product with
    non-originating materials. Storage fields (id, version, saved_at) are kept as given.
    """
    data = asdict(draft) if isinstance(draft, Bom) else draft
    if not isinstance(data, Mapping):
        raise ValidationError(_("Expected a JSON object here."), field="")
    bom, r = _read(data)
    today = today or local_today()

    if not bom.company_id:
        r.fail("company_id", _("Choose the company this bill of materials belongs to."))
    if not bom.product_id:
        r.fail("product_id", _("Choose the company's product this bill of materials is for."))
    product_hs = bom.product_hs
    if not r.failed("product_hs"):
        try:
            product_hs = nomenclature.validate_product_code(bom.product_hs, field="product_hs")
        except ValidationError as exc:
            r.errors.extend(exc.errors)
    if not r.failed("currency"):
        if not bom.currency:
            r.fail("currency", _("Enter the currency of the FOB value, e.g. USD or CNY."))
        elif bom.currency not in _currencies():
            r.fail(
                "currency",
                _("{code} is not an ISO 4217 currency code; enter one such as USD or CNY.").format(
                    code=bom.currency
                ),
            )
    if not r.failed("exporting_party"):
        try:
            party(bom.exporting_party, field="exporting_party")
        except ValidationError as exc:
            r.errors.extend(exc.errors)

    currency = bom.currency if bom.currency and not r.failed("currency") else None
    for i, m in enumerate(bom.materials):
        _check_material(r, m, f"materials[{i}]", currency, nomenclature, today)

    if bom.quantity is None and bom.quantity_unit and not r.failed("quantity"):
        r.fail("quantity", _("Enter the quantity before its unit, e.g. 500 pieces."))
    if bom.wholly_obtained and any(not m.originating for m in bom.materials):
        r.fail(
            "wholly_obtained",
            _("A wholly obtained product cannot contain non-originating materials."),
        )
    if r.errors:
        raise ValidationError(r.errors)
    return replace(bom, product_hs=product_hs)


def _check_material(
    r: _Reader,
    m: BomMaterial,
    path: str,
    currency: str | None,
    nomenclature: HsNomenclature,
    today: date,
) -> None:
    for error in material_errors(m, currency=currency, nomenclature=nomenclature, today=today):
        where = f"{path}.{error.field}"
        if not r.failed(where):
            r.fail(where, error.message)


def material_errors(
    m: BomMaterial,
    *,
    currency: str | None,
    nomenclature: HsNomenclature | None,
    today: date,
) -> list[FieldError]:
    """The problems of one material, by its field names (``hs``, ``origin``, …).

    ``currency`` None skips the currency check and ``nomenclature`` None the HS look-up.
    """
    errors: list[FieldError] = []
    if m.hs is not None:
        if len(m.hs) in (1, 3, 5) or len(m.hs) > HS_MAX_DIGITS:
            errors.append(
                FieldError(
                    "hs",
                    _("Enter the material's HS code with 2, 4 or at least 6 digits, e.g. 8507.60."),
                )
            )
        elif nomenclature is not None and not material_hs_known(m.hs, nomenclature):
            errors.append(FieldError("hs", _unknown_material_hs(m.hs)))
    if m.origin is not None and m.origin not in _countries():
        errors.append(
            FieldError(
                "origin",
                _(
                    "{code} is not an ISO 3166 country code; enter two letters such as JP or DE, "
                    "or leave it empty when the origin is unknown."
                ).format(code=m.origin),
            )
        )
    elif m.originating and m.origin is None:
        errors.append(
            FieldError(
                "origin", _("An originating material needs the RCEP Party it originates in.")
            )
        )
    elif m.originating and m.origin not in PARTIES:
        errors.append(
            FieldError(
                "origin",
                _("{code} is not an RCEP Party, so the material cannot be originating.").format(
                    code=m.origin
                ),
            )
        )
    if m.originating and not m.evidence_ref:
        errors.append(
            FieldError(
                "evidence_ref",
                _(
                    "An originating material needs the evidence held: the number of the "
                    "supplier's certificate of origin or declaration."
                ),
            )
        )
    if m.evidence_date is not None and m.evidence_date > today:
        errors.append(
            FieldError(
                "evidence_date",
                _("The evidence is dated {date}, which is in the future.").format(
                    date=format_date(m.evidence_date)
                ),
            )
        )
    if currency is not None and m.currency is not None and m.currency != currency:
        errors.append(FieldError("currency", currency_mismatch(m.currency, currency)))
    return errors


def currency_mismatch(material: str, expected: str | None) -> str:
    """Why a material's value in ``material`` cannot be used next to an FOB value in
    ``expected`` (None: the FOB value's currency is not given)."""
    if expected is None:
        return _(
            "This material's value is in {material}, but no currency is given for the FOB "
            "value: enter the product's currency."
        ).format(material=material)
    return _(
        "This material's value is in {material}, the bill of materials is in {bom}: "
        "convert it to {bom} first."
    ).format(material=material, bom=expected)


def unknown_hs_errors(data: Mapping[str, Any], nomenclature: HsNomenclature) -> list[FieldError]:
    """HS codes of a raw ``origin assess`` request that do not exist in HS 2022.

    Only well-formed codes are looked at (the engine reports malformed ones): ``product.hs``
    must be a subheading, ``materials[i].hs`` a chapter, heading or subheading (longer codes by
    their first six digits).
    """
    errors: list[FieldError] = []
    product = data.get("product")
    if isinstance(product, Mapping):
        code = _plain_digits(product.get("hs"))
        if code is not None and len(code) >= 6 and nomenclature.get(code[:6]) is None:
            errors.append(FieldError("product.hs", _unknown_product_hs(code)))
    materials = data.get("materials")
    if isinstance(materials, list):
        for i, raw in enumerate(materials):
            if not isinstance(raw, Mapping):
                continue
            code = _plain_digits(raw.get("hs"))
            if code is not None and not material_hs_known(code, nomenclature):
                errors.append(FieldError(f"materials[{i}].hs", _unknown_material_hs(code)))
    return errors


def _plain_digits(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    code = re.sub(r"[\s.]", "", raw)
    if not (code.isascii() and code.isdigit()) or not 2 <= len(code) <= HS_MAX_DIGITS:
        return None
    return code


# --- the engine's input ------------------------------------------------------------------------


def _number(value: Decimal) -> float:
    return float(value)


def bom_to_request(
    bom: Bom, *, importing_party: str | None, rule_text: str | None
) -> dict[str, Any]:
    """The ``origin assess`` JSON of cli.md for this BOM (materials in the BOM's order, so the
    engine's error paths ``materials[i]…`` point at the BOM's lines). Without ``rule_text``
    the key is left out and the engine looks the product-specific rule up itself."""
    request: dict[str, Any] = {
        "product": {
            "hs": bom.product_hs,
            "description": bom.description,
            "fob_value": _number(bom.fob_value),
            "currency": bom.currency,
            "weight_kg": None if bom.weight_kg is None else _number(bom.weight_kg),
        },
        "exporting_party": bom.exporting_party,
        "importing_party": importing_party,
    }
    if rule_text and rule_text.strip():
        request["rule"] = rule_text.strip()
    request.update(
        {
            "wholly_obtained": bom.wholly_obtained,
            "chemical_reaction": bom.chemical_reaction,
            "operations": "minimal" if bom.minimal_operations else "substantial",
            "direct_consignment": bom.direct_consignment,
            "materials": [
                {
                    "name": m.name,
                    "hs": m.hs,
                    "value": _number(m.value),
                    "origin": m.origin,
                    "originating": m.originating,
                    "weight_kg": None if m.weight_kg is None else _number(m.weight_kg),
                }
                for m in bom.materials
            ],
        }
    )
    if bom.costs is not None:
        request["costs"] = {
            "direct_labour": _number(bom.costs.direct_labour),
            "direct_overhead": _number(bom.costs.direct_overhead),
            "profit": _number(bom.costs.profit),
            "other": _number(bom.costs.other),
        }
    return request


# Engine paths of an ``origin assess`` request → the BOM's own field names.
_REQUEST_FIELDS = {
    "product.hs": "product_hs",
    "product.fob_value": "fob_value",
    "product.weight_kg": "weight_kg",
    "product": "product_hs",
    "operations": "minimal_operations",
}


def request_field_to_bom(field: str) -> str:
    """``product.fob_value`` → ``fob_value``; materials and costs paths are the same."""
    return _REQUEST_FIELDS.get(field, field)


# --- stored and dossier form -------------------------------------------------------------------


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def plain_amount(value: Decimal) -> str:
    """A Decimal as plain text without an exponent or trailing zeros: 500, 12.5, 0.25."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def bom_to_json(bom: Bom) -> dict[str, Any]:
    return {
        "id": bom.id,
        "company_id": bom.company_id,
        "product_id": bom.product_id,
        "version": bom.version,
        "saved_at": bom.saved_at,
        "product_hs": bom.product_hs,
        "description": bom.description,
        "currency": bom.currency,
        "fob_value": _amount(bom.fob_value),
        "weight_kg": _amount(bom.weight_kg),
        "quantity": _amount(bom.quantity),
        "quantity_unit": bom.quantity_unit,
        "exporting_party": bom.exporting_party,
        "wholly_obtained": bom.wholly_obtained,
        "chemical_reaction": bom.chemical_reaction,
        "minimal_operations": bom.minimal_operations,
        "direct_consignment": bom.direct_consignment,
        "costs": None
        if bom.costs is None
        else {
            "direct_labour": _amount(bom.costs.direct_labour),
            "direct_overhead": _amount(bom.costs.direct_overhead),
            "profit": _amount(bom.costs.profit),
            "other": _amount(bom.costs.other),
        },
        "materials": [
            {
                "name": m.name,
                "hs": m.hs,
                "origin": m.origin,
                "originating": m.originating,
                "evidence_ref": m.evidence_ref,
                "evidence_date": m.evidence_date.isoformat() if m.evidence_date else None,
                "value": _amount(m.value),
                "weight_kg": _amount(m.weight_kg),
                "currency": m.currency,
            }
            for m in bom.materials
        ],
        "notes": bom.notes,
    }


def bom_from_json(data: Any) -> Bom:
    """A BOM from its stored JSON; types and numbers are checked, the nomenclature is not
    (use :func:`validate_bom` for anything that comes from outside)."""
    if not isinstance(data, Mapping):
        raise ValidationError(_("Expected a JSON object here."), field="")
    bom, r = _read(data)
    if r.errors:
        raise ValidationError(r.errors)
    return bom
