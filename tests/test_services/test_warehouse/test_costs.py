"""Cost per unit by mode against the worked example of domain/warehouse.md §2.9, break-even
consistency (costs equal at the break-even point) and the dated tax rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from services.warehouse import costs as cost_model
from services.warehouse.break_even import (
    uplift_break_even,
    volume_break_even,
    weight_break_even,
)
from services.warehouse.costs import Context, ModeCost, Unit
from services.warehouse.fx import Converter
from services.warehouse.planner import compute_plan
from services.warehouse.rate_cards import default_cards, with_overrides
from services.warehouse.tax_rules import Band, TaxRule, changes_between, next_change, rule_for
from services.warehouse.validation import validate_cli_input

WORKED_CARDS: dict[str, Any] = {  # all CNY, as assumed by the worked example
    "head_haul": {
        "lcl_per_cbm": {"value": "900", "currency": "CNY"},
        "per_shipment": {"value": "1500", "currency": "CNY"},
    },
    "threepl": {
        "storage_tiers": {
            "currency": "CNY",
            "rows": [{"from_day": 0, "rate": "0"}, {"from_day": 31, "rate": "4"}],
        },
        "receiving_per_unit": {"value": "0", "currency": "CNY"},
        "pick_per_order": {"value": "7", "currency": "CNY"},
    },
    "last_mile": {
        "base": {"value": "20", "currency": "CNY"},
        "per_kg": {"value": "4", "currency": "CNY"},
    },
    "parcel": {
        "base_per_parcel": {"value": "18", "currency": "CNY"},
        "per_kg": {"value": "60", "currency": "CNY"},
        "packing": {"value": "2", "currency": "CNY"},
    },
    "common": {"carrying_rate": {"value": "0.25"}},
}
NO_THRESHOLD = TaxRule("JP", None, None, Decimal(10), "CIF", (), "assumed", "", "")
DE_MINIMIS = TaxRule(
    "JP",
    None,
    None,
    Decimal(10),
    "CIF",
    (Band(Decimal(10**9), "CNY", "exempt", "exempt"),),
    "assumed",
    "",
    "",
)


def _context(tax: TaxRule) -> Context:
    cards = with_overrides(default_cards("JP"), WORKED_CARDS)
    return Context(
        cards=cards,
        fx=Converter("CNY"),
        tax=tax,
        duty_rate=4.0,
        order_quantity=1000,
        days_in_stock=60,
        pipeline_days=0,
        main_mode="sea_lcl",
    )


# goods value per SKU follows from the document's duty column (4 % of CIF)
ITEMS = [
    # weight, cbm, goods, direct, head, duty, vat, storage, pick, last mile, capital
    (0.3, 0.0025, 30, 38.0, 3.75, 1.35, 3.51, 0.30, 7, 21.2, 1.6),
    (1.5, 0.012, 60, 110.0, 12.3, 2.9, 7.5, 1.4, 7, 26, 3.4),
    (5.0, 0.045, 120, 320.0, 42, 6.5, 16.9, 5.4, 7, 40, 7.6),
]


@pytest.mark.parametrize("item", ITEMS)
def test_worked_example_breakdown(item: tuple[float, ...]) -> None:
    weight, cbm, goods, direct, head, duty, vat, storage, pick, last_mile, capital = item
    unit = Unit(cost=goods, price=None, weight_kg=weight, cbm=cbm, dims_cm=None)
    d = cost_model.direct(_context(DE_MINIMIS), unit)
    assert d.variable_per_unit - d.segments["goods"] == pytest.approx(direct)
    b = cost_model.threepl(_context(NO_THRESHOLD), unit).segments
    printed = {
        "head_haul": head,
        "duty": duty,
        "vat": vat,
        "storage": storage,
        "pick_pack": pick,
        "last_mile": last_mile,
        "capital": capital,
    }
    for key, value in printed.items():  # printed to 0.1, from rounded intermediate figures
        assert b[key] == pytest.approx(value, abs=0.06), key


def test_direct_parcel_taxes_follow_the_band() -> None:
    unit = Unit(cost=30, price=100, weight_kg=0.3, cbm=0.0025, dims_cm=None)
    exempt = cost_model.direct(_context(DE_MINIMIS), unit).segments
    assert (exempt["duty"], exempt["vat"]) == (0, 0)
    taxed = cost_model.direct(_context(NO_THRESHOLD), unit).segments
    assert taxed["duty"] == pytest.approx(4.0)  # 4 % of the sale price (transaction value)
    assert taxed["vat"] == pytest.approx(10.4)  # 10 % of price + duty


def _mode(name: str, variable: float, fixed: float) -> ModeCost:
    return ModeCost(name, True, {"goods": variable}, fixed)


def test_break_even_of_the_worked_example() -> None:
    direct, wh = _mode("direct", 110, 0), _mode("3pl", 61.4, 3000)
    be = volume_break_even(direct, wh)
    assert be.units_per_month == pytest.approx(61.7, abs=0.05)  # "≈ 62 units/month"
    assert be.cheaper_above == "3pl"
    assert uplift_break_even(direct, wh, 300, 0.15) == pytest.approx(35.5, abs=0.1)  # "≈ 36"
    light_direct, light_wh = _mode("direct", 38, 0), _mode("3pl", 39.5, 3000)
    assert volume_break_even(light_direct, light_wh).units_per_month is None  # never wins
    assert uplift_break_even(light_direct, light_wh, 90, 0.2) == pytest.approx(348.8, abs=0.1)


@pytest.mark.parametrize(
    ("va", "fa", "vb", "fb"), [(110, 0, 61.4, 3000), (20, 500, 12, 9000), (5, 100, 4.5, 120)]
)
def test_costs_are_equal_at_the_volume_break_even(
    va: float, fa: float, vb: float, fb: float
) -> None:
    a, b = _mode("a", va, fa), _mode("b", vb, fb)
    n = volume_break_even(a, b).units_per_month
    assert n is not None
    assert a.monthly_total(n) == pytest.approx(b.monthly_total(n))
    assert a.monthly_total(n * 1.1) > b.monthly_total(n * 1.1)  # b cheaper above


def test_costs_are_equal_at_the_weight_break_even(cli_example: dict[str, Any]) -> None:
    cli_example["simulation"] = {"enabled": False}
    result = compute_plan(validate_cli_input(cli_example)).results[0]
    crossing = next(w for w in result.weight_break_even if w.against == "3pl")
    assert crossing.weight_kg is not None
    assert crossing.cheaper_above == "3pl"  # heavier items favour the warehouse
    # Recompute both modes at that weight with the same model (volume scaled with weight).
    unit = Unit(50.0, 200.0, crossing.weight_kg, 0.0048 * crossing.weight_kg / 1.5, None)
    ctx = Context(
        cards=result.cards,
        fx=Converter("CNY"),
        tax=result.tax,
        duty_rate=result.duty.rate_percent,
        order_quantity=result.order.quantity,
        days_in_stock=result.days_in_stock,
        pipeline_days=result.lead_time.pipeline_days,
        main_mode=result.market.lead_time.main_mode,
    )
    direct = cost_model.direct(ctx, unit).per_unit_at(result.monthly_units)
    threepl = cost_model.threepl(ctx, unit).per_unit_at(result.monthly_units)
    assert direct == pytest.approx(threepl, abs=1e-4)


def test_weight_break_even_on_straight_lines() -> None:
    def cost_at(w: float) -> dict[str, float]:
        return {"direct": 18 + 60 * w, "3pl": 40 + 8 * w}

    crossing = weight_break_even(cost_at, "direct", "3pl")
    assert crossing.weight_kg == pytest.approx(22 / 52, rel=1e-6)


def test_tax_rules_change_on_their_dates() -> None:
    assert rule_for("TH", date(2024, 7, 4)).bands[0].vat == "exempt"
    assert rule_for("TH", date(2024, 7, 5)).bands[0].vat == "due"
    assert rule_for("VN", date(2025, 2, 17)).bands
    assert not rule_for("VN", date(2025, 2, 18)).bands
    assert rule_for("VN", date(2025, 7, 1)).vat_rate == 8
    assert rule_for("US", date(2025, 8, 28)).bands
    assert not rule_for("US", date(2025, 8, 29)).bands
    assert rule_for("EU", date(2026, 7, 1)).bands[0].fixed_duty == 3
    assert rule_for("JP", date(2028, 4, 1)).bands[0].vat == "due"
    assert rule_for("JP", date(2028, 4, 1)).status == "unverified"
    assert next_change("JP", date(2026, 8, 1)) == date(2028, 4, 1)
    assert [r.valid_from for r in changes_between("VN", date(2025, 1, 1), date(2025, 12, 31))] == [
        date(2025, 2, 18),
        date(2025, 7, 1),
    ]


def test_us_parcels_pay_duty_after_the_de_minimis_ends(cli_example: dict[str, Any]) -> None:
    cli_example.update(
        market="US", duty_rate_percent=10, simulation={"enabled": False}, start_date="2025-08-01"
    )
    before = compute_plan(validate_cli_input(cli_example)).results[0].costs["direct"]
    cli_example["start_date"] = "2025-09-01"
    after = compute_plan(validate_cli_input(cli_example)).results[0].costs["direct"]
    assert before.segments["duty"] == 0
    assert after.segments["duty"] == pytest.approx(20.0)  # 10 % of the 200 price


def test_fba_fee_uses_the_size_tier_and_weight_band() -> None:
    cards = default_cards("US")
    ctx = Context(
        cards=cards,
        fx=Converter("USD"),
        tax=rule_for("US", date(2026, 1, 1)),
        duty_rate=0,
        order_quantity=500,
        days_in_stock=40,
        pipeline_days=20,
    )
    small = Unit(5, 20, 0.1, 0.0003, (15, 10, 1.5))  # small standard, ≤ 4 oz
    fba = cost_model.fba(ctx, small)
    assert fba.available
    assert fba.segments["last_mile"] == pytest.approx(3.15)
    assert fba.segments["platform_fee"] == pytest.approx(3.0)  # 15 % referral
    assert fba.fixed_monthly == pytest.approx(39.99)
    assert not cost_model.fba(replace(ctx, cards=default_cards("TH")), small).available


def test_rate_cards_keep_ranges_and_statuses() -> None:
    cards = default_cards("US")
    lcl = cards.param("head_haul", "lcl_per_cbm")
    assert (lcl.low, lcl.high, lcl.status) == (Decimal(65), Decimal(100), "secondary")
    assert cards.param("own", "fixed_monthly").status == "placeholder"
    entered = with_overrides(cards, {"head_haul": {"lcl_per_cbm": {"value": "70"}}})
    assert entered.param("head_haul", "lcl_per_cbm").status == "entered"
    assert entered.param("head_haul", "lcl_per_cbm").currency == "USD"  # kept from the default
