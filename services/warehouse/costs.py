"""Cost per unit sold by fulfilment mode (domain/warehouse.md §2.8), in the plan's currency.

- direct: goods + packing + parcel(chargeable weight) + parcel duty/VAT by the market's
  low-value band + returns + channel fee;
- 3pl: goods + head haul + duty + non-recoverable import VAT + receiving + storage by age tier
  + pick & pack + last mile + returns + capital + channel fee; fixed: the 3PL monthly minimum;
- fba: goods + head haul + duty + VAT + placement + fulfilment fee (size tier × weight band) +
  storage (seasonal) + aged surcharge + low-inventory fee + referral fee + returns + capital;
  fixed: the selling plan's monthly fee;
- own: goods + head haul + duty + VAT + labour + packaging + last mile + returns + capital +
  channel fee; fixed: the warehouse's monthly overhead.

Head haul = (F(shipment) + K)/Q; duty = τ·customs value (CIF or FOB by market); import VAT on
value + freight + duty; capital = landed cost · i · (pipeline days + days in stock)/365.
Amounts are floats: the model multiplies estimated rates by statistical quantities.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from services.core.errors import ValidationError
from services.core.i18n import N_, _
from services.warehouse.fx import Converter
from services.warehouse.rate_cards import Param, RateCards, Table
from services.warehouse.tax_rules import TaxRule, band_for

SEGMENTS = (
    "goods",
    "head_haul",
    "duty",
    "vat",
    "inbound",
    "storage",
    "pick_pack",
    "last_mile",
    "returns",
    "capital",
    "platform_fee",
)
SEGMENT_LABELS = {
    "goods": N_("Goods"),
    "head_haul": N_("Head haul"),
    "duty": N_("Import duty"),
    "vat": N_("Import VAT/GST"),
    "inbound": N_("Inbound"),
    "storage": N_("Storage"),
    "pick_pack": N_("Pick and pack"),
    "last_mile": N_("Last mile"),
    "returns": N_("Returns"),
    "capital": N_("Capital"),
    "platform_fee": N_("Platform fee"),
}
CBM_TO_CUFT = 35.3147
CBM_TO_LITRE = 1000.0
AIR_KG_PER_CBM = 1_000_000 / 6000  # IATA volumetric weight, 6,000 cm³ per kg
DAYS_PER_MONTH = 365 / 12


@dataclass(frozen=True, slots=True)
class Unit:
    """One SKU in one market, in the plan's currency."""

    cost: float
    price: float | None
    weight_kg: float
    cbm: float
    dims_cm: tuple[float, float, float] | None


@dataclass(frozen=True, slots=True)
class Context:
    cards: RateCards
    fx: Converter
    tax: TaxRule
    duty_rate: float  # percent on the customs value (bulk) or the parcel value
    order_quantity: float
    days_in_stock: float
    pipeline_days: float
    main_mode: str = "sea"
    vat_registered: bool = False
    lcl_fallback: bool = False  # a full container would break the age cap: LCL is allowed


@dataclass(frozen=True)
class ModeCost:
    mode: str
    available: bool
    segments: Mapping[str, float] = field(default_factory=dict)  # per unit sold
    fixed_monthly: float = 0.0
    notes: tuple[str, ...] = ()  # translated
    unavailable_reason: str = ""  # translated

    @property
    def variable_per_unit(self) -> float:
        return sum(self.segments.values())

    def per_unit_at(self, monthly_units: float) -> float:
        return self.variable_per_unit + self.fixed_monthly / monthly_units

    def monthly_total(self, monthly_units: float) -> float:
        return self.fixed_monthly + self.variable_per_unit * monthly_units


def _money(ctx: Context, card: str, key: str) -> float:
    p = ctx.cards.param(card, key)
    return ctx.fx.convert(p.value, p.currency)


def _number(ctx: Context, card: str, key: str) -> float:
    return float(ctx.cards.param(card, key).value)


# ---- head haul ---------------------------------------------------------------------------


def _fcl(cbm: float, p20: float, p40: float, load20: float, load40: float) -> float:
    best = math.inf
    for n40 in range(0, math.ceil(cbm / load40) + 1):
        rest = max(0.0, cbm - n40 * load40)
        best = min(best, n40 * p40 + math.ceil(rest / load20 - 1e-9) * p20)
    return best


def rail_lcl_available(cards: RateCards) -> bool:
    return cards.has("head_haul", "rail_lcl_per_cbm")


def freight_function(ctx: Context) -> Callable[[float, float], float]:
    """One shipment's main-leg freight for (cbm, kg), by the lane's mode. The container-only
    lanes (sea FCL, rail) also price LCL, whichever is cheaper, when ``ctx.lcl_fallback``."""
    mode = ctx.main_mode
    load20 = _number(ctx, "head_haul", "loadable_20_cbm")
    load40 = _number(ctx, "head_haul", "loadable_40_cbm")
    lcl_min = _number(ctx, "head_haul", "lcl_min_cbm")

    def lcl_at(rate: float) -> Callable[[float, float], float]:
        # W/M: per cbm or per tonne, whichever is more
        return lambda cbm, kg: rate * max(lcl_min, cbm, kg / 1000)

    def cheaper(
        a: Callable[[float, float], float], b: Callable[[float, float], float]
    ) -> Callable[[float, float], float]:
        return lambda cbm, kg: min(a(cbm, kg), b(cbm, kg))

    if mode in ("air", "express"):
        per_kg = _money(ctx, "head_haul", "air_per_kg")
        return lambda cbm, kg: per_kg * max(kg, cbm * AIR_KG_PER_CBM)
    if mode == "rail":
        if not ctx.cards.has("head_haul", "rail_40"):
            raise ValidationError(
                _("There is no rail rate for {market}; enter costs.head_haul.rail_40.").format(
                    market=ctx.cards.market
                ),
                field="costs.head_haul.rail_40",
            )
        rail = _money(ctx, "head_haul", "rail_40")

        def rail_fcl(cbm: float, kg: float) -> float:
            return math.ceil(cbm / load40 - 1e-9) * rail

        if ctx.lcl_fallback and rail_lcl_available(ctx.cards):
            return cheaper(lcl_at(_money(ctx, "head_haul", "rail_lcl_per_cbm")), rail_fcl)
        return rail_fcl
    lcl = lcl_at(_money(ctx, "head_haul", "lcl_per_cbm"))
    p20 = _money(ctx, "head_haul", "fcl_20")
    p40 = _money(ctx, "head_haul", "fcl_40")

    def fcl(cbm: float, kg: float) -> float:
        return _fcl(cbm, p20, p40, load20, load40)

    if mode == "sea_lcl":
        return lcl
    if mode == "sea_fcl" and not ctx.lcl_fallback:
        return fcl
    return cheaper(lcl, fcl)


def head_haul_per_unit(ctx: Context, unit: Unit) -> float:
    q = ctx.order_quantity
    shipment = freight_function(ctx)(q * unit.cbm, q * unit.weight_kg)
    return (shipment + _money(ctx, "head_haul", "per_shipment")) / q


# ---- taxes -------------------------------------------------------------------------------


def bulk_taxes(ctx: Context, unit: Unit, head: float) -> tuple[float, float]:
    """Duty and non-recoverable import VAT per unit on a bulk import into a warehouse."""
    customs_value = unit.cost + head if ctx.tax.customs_value == "CIF" else unit.cost
    duty = customs_value * ctx.duty_rate / 100
    vat = 0.0
    if not ctx.vat_registered:
        vat = (unit.cost + head + duty) * float(ctx.tax.vat_rate) / 100
    return duty, vat


def parcel_taxes(ctx: Context, unit: Unit) -> tuple[float, float, str]:
    """Duty and VAT on one direct parcel valued at the sale price (the transaction value),
    and a translated note saying which rule applied."""
    value = unit.price if unit.price is not None else unit.cost
    in_band_currency = {
        b.currency: value / ctx.fx.factor(b.currency) for b in ctx.tax.bands if b.currency
    }
    band = band_for(ctx.tax, in_band_currency)
    vat_rate = float(ctx.tax.vat_rate) / 100
    if band is None:
        duty = value * ctx.duty_rate / 100
        note = _("Above the low-value threshold (or none applies): duty and VAT are due.")
        return duty, (value + duty) * vat_rate, note
    if band.duty == "exempt":
        duty = 0.0
    elif band.duty_rate is not None:
        duty = value * float(band.duty_rate) / 100
    elif band.fixed_duty is not None:
        duty = ctx.fx.convert(band.fixed_duty, band.currency)
    else:
        duty = value * ctx.duty_rate / 100
    vat = (value + duty) * vat_rate if band.vat == "due" else 0.0
    limit = f"{band.up_to} {band.currency}"
    if duty == 0 and vat == 0:
        note = _("Under the low-value threshold ({limit}): no duty and no VAT.").format(limit=limit)
    elif band.collected_at_sale:
        note = _(
            "Under {limit}: VAT is collected at sale by the registered seller or platform."
        ).format(limit=limit)
    else:
        note = _("Under {limit}: the low-value rule of this market applies.").format(limit=limit)
    return duty, vat, note


# ---- per mode ----------------------------------------------------------------------------


def tier_cost(rows: tuple[Mapping[str, object], ...], days: float) -> float:
    """Σ over age tiers of rate × billable days for a stay of ``days`` (rows: from_day, rate;
    a tier starting at day n covers ages after day n−1)."""
    tiers = sorted((int(float(str(r["from_day"]))), float(str(r["rate"]))) for r in rows)
    total = 0.0
    for index, (start_day, rate) in enumerate(tiers):
        start = max(start_day - 1, 0)
        end = max(tiers[index + 1][0] - 1, 0) if index + 1 < len(tiers) else math.inf
        total += rate * max(0.0, min(days, end) - start)
    return total


def threepl_storage_per_unit(ctx: Context, unit: Unit, days: float) -> float:
    table = ctx.cards.table("threepl", "storage_tiers")
    return ctx.fx.factor(table.currency) * tier_cost(table.rows, days) * unit.cbm


def _common(ctx: Context, unit: Unit, delivery: float) -> dict[str, float]:
    return_rate = _number(ctx, "common", "return_rate")
    referral = _number(ctx, "common", "referral_rate")
    return {
        "returns": return_rate * (unit.cost + delivery),
        "platform_fee": referral * (unit.price or 0.0),
    }


def _capital(ctx: Context, landed: float, days: float) -> float:
    return landed * _number(ctx, "common", "carrying_rate") * days / 365


def _last_mile(ctx: Context, unit: Unit) -> float:
    return _money(ctx, "last_mile", "base") + _money(ctx, "last_mile", "per_kg") * unit.weight_kg


def direct(ctx: Context, unit: Unit) -> ModeCost:
    weight = unit.weight_kg
    if unit.dims_cm is not None:  # volumetric weight needs the parcel's own size
        length, width, height = unit.dims_cm
        weight = max(weight, length * width * height / _number(ctx, "parcel", "volumetric_divisor"))
    parcel = _money(ctx, "parcel", "base_per_parcel") + _money(ctx, "parcel", "per_kg") * weight
    duty, vat, note = parcel_taxes(ctx, unit)
    segments = {
        "goods": unit.cost,
        "duty": duty,
        "vat": vat,
        "pick_pack": _money(ctx, "parcel", "packing"),
        "last_mile": parcel,
        **_common(ctx, unit, parcel),
    }
    return ModeCost("direct", True, segments, 0.0, (note,))


def _warehouse_base(ctx: Context, unit: Unit) -> tuple[dict[str, float], float]:
    head = head_haul_per_unit(ctx, unit)
    duty, vat = bulk_taxes(ctx, unit, head)
    segments = {"goods": unit.cost, "head_haul": head, "duty": duty, "vat": vat}
    return segments, unit.cost + head + duty + vat


def threepl(ctx: Context, unit: Unit) -> ModeCost:
    segments, landed = _warehouse_base(ctx, unit)
    last_mile = _last_mile(ctx, unit)
    return_rate = _number(ctx, "common", "return_rate")
    common = _common(ctx, unit, last_mile)
    common["returns"] += return_rate * _money(ctx, "threepl", "returns_handling")
    segments.update(
        inbound=_money(ctx, "threepl", "receiving_per_unit"),
        storage=threepl_storage_per_unit(ctx, unit, ctx.days_in_stock),
        pick_pack=_money(ctx, "threepl", "pick_per_order"),
        last_mile=last_mile,
        capital=_capital(ctx, landed, ctx.pipeline_days + ctx.days_in_stock),
        **common,
    )
    return ModeCost("3pl", True, segments, _money(ctx, "threepl", "monthly_minimum"))


def own(ctx: Context, unit: Unit) -> ModeCost:
    segments, landed = _warehouse_base(ctx, unit)
    last_mile = _last_mile(ctx, unit)
    segments.update(
        pick_pack=_money(ctx, "own", "labour_per_order") + _money(ctx, "own", "packaging"),
        last_mile=last_mile,
        capital=_capital(ctx, landed, ctx.pipeline_days + ctx.days_in_stock),
        **_common(ctx, unit, last_mile),
    )
    note = _("Rent, staff and storage are in the fixed monthly cost.")
    return ModeCost("own", True, segments, _money(ctx, "own", "fixed_monthly"), (note,))


# ---- FBA ---------------------------------------------------------------------------------


def _dims(unit: Unit) -> tuple[float, float, float]:
    if unit.dims_cm is not None:
        return unit.dims_cm
    side = (unit.cbm * 1_000_000) ** (1 / 3)  # no unit size entered: a cube of the unit volume
    return (side, side, side)


def size_tier(table: Table, unit: Unit) -> Mapping[str, object]:
    dims = sorted(_dims(unit), reverse=True)
    for row in table.rows:
        max_kg = row.get("max_kg")
        limits = row.get("max_cm")
        if max_kg is not None and unit.weight_kg > float(str(max_kg)):
            continue
        if isinstance(limits, list) and any(
            d > float(limit)
            for d, limit in zip(dims, sorted(map(float, limits), reverse=True), strict=True)
        ):
            continue
        return row
    return table.rows[-1]


def _volume(unit: Unit, volume_unit: object) -> float:
    return unit.cbm * (CBM_TO_LITRE if volume_unit == "litre" else CBM_TO_CUFT)


def fba(ctx: Context, unit: Unit) -> ModeCost:
    if not ctx.cards.has("fba"):
        reason = _(
            "No FBA rate card for {market}: enter its fees under costs.fba to compare it."
        ).format(market=ctx.cards.market)
        return ModeCost("fba", False, unavailable_reason=reason)
    notes: list[str] = []
    card = "fba"
    tier = size_tier(ctx.cards.table(card, "size_tiers"), unit)
    size = str(tier.get("size", "standard"))
    billable = unit.weight_kg
    if tier is not ctx.cards.table(card, "size_tiers").rows[0]:  # not for the smallest tier
        billable = max(billable, unit.cbm * 1_000_000 / _number(ctx, card, "dim_divisor"))
    fees = ctx.cards.table(card, "fulfilment_fees")
    bands = [r for r in fees.rows if r["tier"] == tier["tier"]]
    band = next(
        (r for r in bands if r.get("max_kg") is None or billable <= float(str(r["max_kg"]))),
        bands[-1] if bands else None,
    )
    if band is None:
        return ModeCost(
            "fba", False, unavailable_reason=_("The FBA fee table has no band for this size tier.")
        )
    if (
        band is bands[-1]
        and band.get("max_kg") is not None
        and billable > float(str(band["max_kg"]))
    ):
        notes.append(_("The FBA fee table ends below this weight: its last band is used."))
    fulfilment = ctx.fx.factor(fees.currency) * float(str(band["fee"]))
    storage_table = ctx.cards.table(card, "storage")
    row = next((r for r in storage_table.rows if r["size"] == size), storage_table.rows[0])
    peak_months = storage_table.extra.get("peak_months", [10, 11, 12])
    share_peak = len(peak_months) / 12
    monthly_rate = (
        float(str(row["off_peak"])) * (1 - share_peak) + float(str(row["peak"])) * share_peak
    )
    volume = _volume(unit, storage_table.extra.get("volume_unit"))
    months = ctx.days_in_stock / DAYS_PER_MONTH
    storage = ctx.fx.factor(storage_table.currency) * monthly_rate * volume * months
    aged_table = ctx.cards.table(card, "aged_surcharge")
    aged_rows = sorted(aged_table.rows, key=lambda r: int(float(str(r["from_day"]))))
    first_aged = int(float(str(aged_rows[0]["from_day"]))) if aged_rows else None
    aged = 0.0
    if first_aged is not None and ctx.days_in_stock >= first_aged:
        per_month = tier_cost(aged_table.rows, ctx.days_in_stock) / DAYS_PER_MONTH
        aged = (
            ctx.fx.factor(aged_table.currency)
            * per_month
            * _volume(unit, aged_table.extra.get("volume_unit"))
        )
    placement = _money(ctx, card, "placement_bulky" if size != "standard" else "placement_standard")
    segments, landed = _warehouse_base(ctx, unit)
    low_inventory = 0.0
    if ctx.days_in_stock < 28:
        low_inventory = _money(ctx, card, "low_inventory_fee")
    referral = _number(ctx, card, "referral_rate") * (unit.price or 0.0)
    if unit.price is None:
        notes.append(_("No selling price: the referral fee is left out."))
    common = _common(ctx, unit, fulfilment)
    segments.update(
        inbound=placement,
        storage=storage + aged + low_inventory,
        pick_pack=0.0,
        last_mile=fulfilment,
        capital=_capital(ctx, landed, ctx.pipeline_days + ctx.days_in_stock),
        returns=common["returns"],
        platform_fee=referral,
    )
    notes.append(_("FBA size tier: {tier}.").format(tier=str(tier["tier"])))
    return ModeCost("fba", True, segments, _money(ctx, card, "monthly_fee"), tuple(notes))


CALCULATORS: dict[str, Callable[[Context, Unit], ModeCost]] = {
    "direct": direct,
    "3pl": threepl,
    "fba": fba,
    "own": own,
}


def all_modes(ctx: Context, unit: Unit) -> dict[str, ModeCost]:
    return {mode: calc(ctx, unit) for mode, calc in CALCULATORS.items()}


def param_summary(param: Param | Table) -> dict[str, object]:
    data: dict[str, object] = {
        "status": param.status,
        "source": param.source,
        "as_of": param.as_of,
        "currency": param.currency,
        "unit": param.unit,
    }
    if isinstance(param, Param):
        data["value"] = float(param.value)
        if param.is_range:
            data["low"] = float(param.low or Decimal(0))
            data["high"] = float(param.high or Decimal(0))
    else:
        data["rows"] = [dict(r) for r in param.rows]
    return data
