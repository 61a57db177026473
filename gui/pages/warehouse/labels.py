"""Translated names for the planner's stable keys: rate-card cards, entries, units and table
columns, order-quantity bases, demand bases and duty sources. Unknown keys show as they are
(a rate card of a newer data version)."""

from __future__ import annotations

from services.core.i18n import N_, _
from services.refdata.countries import market_name
from services.warehouse.models import LEG_LABELS, MAIN_MODE_LABELS, MODE_LABELS

CARD_LABELS = {
    "common": N_("General"),
    "parcel": N_("Direct parcel"),
    "head_haul": N_("Head haul"),
    "threepl": N_("3PL warehouse"),
    "last_mile": N_("Last mile"),
    "own": N_("Own warehouse"),
    "fba": N_("FBA"),
}
ENTRY_LABELS = {
    "carrying_rate": N_("Carrying rate (capital, per year)"),
    "return_rate": N_("Return rate"),
    "referral_rate": N_("Channel or referral fee (share of price)"),
    "conversion_uplift": N_("Sales uplift from local delivery"),
    "base_per_parcel": N_("Base price per parcel"),
    "per_kg": N_("Price per kg"),
    "packing": N_("Packing"),
    "volumetric_divisor": N_("Volumetric divisor"),
    "delivery_days": N_("Delivery time"),
    "lcl_per_cbm": N_("Sea LCL rate"),
    "lcl_min_cbm": N_("Sea LCL minimum"),
    "fcl_20": N_("20 ft container"),
    "fcl_40": N_("40 ft container"),
    "loadable_20_cbm": N_("Loadable volume, 20 ft"),
    "loadable_40_cbm": N_("Loadable volume, 40 ft"),
    "air_per_kg": N_("Air freight rate"),
    "rail_40": N_("China–Europe rail, 40 ft"),
    "rail_lcl_per_cbm": N_("China–Europe rail LCL rate"),
    "max_cover_months": N_("Maximum cover (3PL or own warehouse)"),
    "per_shipment": N_("Fixed costs per shipment"),
    "monthly_minimum": N_("Monthly minimum"),
    "setup": N_("Set-up fee"),
    "receiving_per_unit": N_("Receiving per unit"),
    "pick_per_order": N_("Pick and pack per order"),
    "returns_handling": N_("Returns handling"),
    "storage_tiers": N_("Storage by stock age"),
    "base": N_("Base price per parcel"),
    "fixed_monthly": N_("Fixed costs per month"),
    "labour_per_order": N_("Labour per order"),
    "packaging": N_("Packaging per order"),
    "monthly_fee": N_("Selling plan per month"),
    "placement_standard": N_("Inbound placement, standard size"),
    "placement_bulky": N_("Inbound placement, bulky"),
    "low_inventory_fee": N_("Low-inventory-level fee"),
    "dim_divisor": N_("Dimensional-weight divisor"),
    "storage": N_("Monthly storage (off-peak / peak)"),
    "size_tiers": N_("Size tiers"),
    "fulfilment_fees": N_("Fulfilment fees"),
    "aged_surcharge": N_("Aged-inventory surcharge"),
}
UNIT_LABELS = {
    "cbm": N_("cbm"),
    "cm3 per kg": N_("cm³ per kg"),
    "days": N_("days"),
    "months": N_("months"),
    "one-off": N_("one-off"),
    "per 1,000 cm3 per month": N_("per 1,000 cm³ per month"),
    "per 1,000 cm3 per month, by age": N_("per 1,000 cm³ per month, by age"),
    "per 40 ft container": N_("per 40 ft container"),
    "per cbm": N_("per cbm"),
    "per cbm per day, by stock age": N_("per cbm per day, by stock age"),
    "per container": N_("per container"),
    "per cu ft per month": N_("per cu ft per month"),
    "per cu ft per month, by age": N_("per cu ft per month, by age"),
    "per kg": N_("per kg"),
    "per month": N_("per month"),
    "per order": N_("per order"),
    "per parcel": N_("per parcel"),
    "per returned unit": N_("per returned unit"),
    "per shipment": N_("per shipment"),
    "per unit": N_("per unit"),
    "per year": N_("per year"),
    "share of price": N_("share of price"),
    "share of units sold": N_("share of units sold"),
    "share of volume": N_("share of volume"),
}
TABLE_FIELD_LABELS = {
    "from_day": N_("From day"),
    "rate": N_("Rate"),
    "size": N_("Size"),
    "off_peak": N_("Off-peak"),
    "peak": N_("Peak"),
    "tier": N_("Tier"),
    "max_kg": N_("Up to kg"),
    "max_cm": N_("Up to L × W × H cm"),
    "fee": N_("Fee"),
}
DEMAND_BASIS_LABELS = {
    "entered": N_("mean and spread entered"),
    "daily_history": N_("from the daily history"),
    "monthly_history": N_("from the monthly history"),
}
SERVICE_TYPE_LABELS = {
    "cycle": N_("Cycle service level (no stock-out in a replenishment cycle)"),
    "fill_rate": N_("Fill rate (share of demand served from stock)"),
}
HISTORY_PERIOD_LABELS = {"day": N_("Daily sales"), "month": N_("Monthly sales")}


def label(labels: dict[str, str], key: str) -> str:
    """The translated label of ``key``, or the key itself when this version does not know it."""
    return _(labels[key]) if key in labels else key


def mode_name(mode: str) -> str:
    return label(MODE_LABELS, mode)


def leg_name(leg: str) -> str:
    return label(LEG_LABELS, leg)


def main_mode_name(mode: str) -> str:
    return label(MAIN_MODE_LABELS, mode)


def market_label(code: str) -> str:
    return _("{name} ({code})").format(name=market_name(code), code=code)


def unit_text(unit: str, currency: str | None) -> str:
    shown = label(UNIT_LABELS, unit) if unit else ""
    if currency and shown:
        return _("{currency} {unit}").format(currency=currency, unit=shown)
    return currency or shown
