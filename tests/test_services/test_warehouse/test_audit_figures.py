"""Issue #6 audit: cash tied up and carrying cost (§2.10) against hand-computed values, the
recommendation's choice and reasons, and simulated stock-outs reaching the stock chart."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from services.core.i18n import set_locale
from services.warehouse import charts
from services.warehouse.costs import ModeCost
from services.warehouse.planner import MarketResult, compute_plan
from services.warehouse.recommend import recommend
from services.warehouse.replenishment import Corridor
from services.warehouse.validation import validate_plan

Z_95 = 1.6448536269514722


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")


def air_plan(*, daily_std: float = 0, review_days: float = 0) -> dict[str, Any]:
    """A lamp (100 CNY, 2 kg) flown to Japan, 10 a day, 300 per order, duty 0, air freight
    30 CNY/kg with no per-shipment fee, carrying rate 20 %/yr, legs without spread."""
    legs = [("production", 10), ("main", 5), ("import", 2), ("receiving", 1)]
    return {
        "name": "Air lamp",
        "currency": "CNY",
        "start_date": "2026-08-01",
        "simulation": {"enabled": False},
        "skus": [
            {
                "name": "Lamp",
                "unit_cost": 100,
                "unit_weight_kg": 2,
                "unit_dims_cm": [20, 10, 10],
                "markets": [
                    {
                        "market": "JP",
                        "need_space": False,
                        "service_level": 0.95,
                        "review_period_days": review_days,
                        "demand": {"daily_mean": 10, "daily_std": daily_std},
                        "order_quantity": 300,
                        "duty_rate_percent": 0,
                        "lead_time": {
                            "main_mode": "air",
                            "legs": [{"name": n, "mean_days": d, "std_days": 0} for n, d in legs],
                        },
                        "costs": {
                            "head_haul": {
                                "air_per_kg": {"value": 30, "currency": "CNY"},
                                "per_shipment": {"value": 0, "currency": "CNY"},
                            },
                            "common": {"carrying_rate": 0.2},
                        },
                    }
                ],
            }
        ],
    }


def _result(doc: dict[str, Any]) -> MarketResult:
    return compute_plan(validate_plan(doc)).results[0]


def test_cash_tied_up_and_carrying_cost_by_hand_without_safety_stock() -> None:
    # head haul 30 × 2 kg = 60; VAT 10 % × (100 + 60) = 16; landed 176
    # pipeline (main + import + receiving) 8 days × 10 = 80 units at goods + freight 160
    # on hand SS 0 + Q/2 = 150 at 176 → 12,800 + 26,400 = 39,200; × 20 % = 7,840 a year
    r = _result(air_plan())
    assert r.levels.safety_stock == 0
    assert r.lead_time.pipeline_days == 8
    assert r.cash_tied_up == pytest.approx(39_200)
    assert r.carrying_cost_per_year == pytest.approx(7_840)


def test_cash_tied_up_counts_the_safety_stock_at_landed_cost() -> None:
    # σ_X = √((L + R)·σd²) = √(25 · 16) = 20; SS = 1.6449 × 20 = 32.897
    r = _result(air_plan(daily_std=4, review_days=7))
    ss = Z_95 * math.sqrt(25 * 16)
    assert r.levels.safety_stock == pytest.approx(ss)
    expected = 80 * 160 + (ss + 150) * 176
    assert r.cash_tied_up == pytest.approx(expected)
    assert r.cash_tied_up == pytest.approx(44_989.9, abs=0.1)
    assert r.carrying_cost_per_year == pytest.approx(0.2 * expected)


# ---- recommendation ------------------------------------------------------------------------

CALM = Corridor(60, 90, below_minimum=False, aged=False, over_utilisation=False)


def _recommend(
    per_unit: dict[str, float | None], corridor: Corridor = CALM, monthly_units: float = 300
) -> tuple[str | None, tuple[str, ...]]:
    costs = {m: ModeCost(m, c is not None, {"goods": c or 0.0}) for m, c in per_unit.items()}
    rec = recommend(
        costs,
        per_unit,
        monthly_units=monthly_units,
        currency="CNY",
        weight_kg=1.5,
        volume=(),
        weight=(),
        corridor=corridor,
        parcel_note="test rule",
        next_tax_change=None,
        market_name="Japan",
        uses_placeholders=False,
    )
    return rec.mode, rec.reasons


def test_recommendation_picks_the_cheapest_mode_and_says_why() -> None:
    mode, reasons = _recommend({"direct": 120.0, "3pl": 90.0, "fba": 100.0, "own": None})
    assert mode == "3pl"
    assert reasons[0].startswith("Overseas 3PL warehouse costs ")
    assert "90.00 per unit at 300 units a month" in reasons[0]
    assert "10.00 less than Platform fulfilment (FBA)" in reasons[0]  # the runner-up
    assert "Direct parcels to Japan: test rule" in reasons


def test_recommendation_for_fba_flags_the_corridor_it_breaks() -> None:
    per_unit: dict[str, float | None] = {"direct": 120.0, "3pl": 95.0, "fba": 80.0}
    mode, reasons = _recommend(per_unit)
    assert mode == "fba"
    assert not any("FBA charges" in r for r in reasons)
    broken = Corridor(20, 200, below_minimum=True, aged=True, over_utilisation=False)
    mode, reasons = _recommend(per_unit, broken)
    assert mode == "fba"  # still the cheapest: the fees are stated, not used to overrule
    assert "Stock would stay under 28 days of supply: FBA charges a low-inventory fee." in reasons
    assert (
        "The oldest units would reach 181 days: FBA charges an aged-inventory surcharge." in reasons
    )


def test_recommendation_of_an_own_warehouse_warns_below_the_volume_rule() -> None:
    mode, reasons = _recommend({"direct": 120.0, "own": 70.0}, monthly_units=1000)
    assert mode == "own"
    assert any("a 3PL is usually the safer choice" in r for r in reasons)
    _, reasons = _recommend({"direct": 120.0, "own": 70.0}, monthly_units=400 * 365 / 12)
    assert not any("a 3PL is usually the safer choice" in r for r in reasons)


def test_no_priced_mode_gives_no_recommendation() -> None:
    assert _recommend({"direct": None, "3pl": None}) == (
        None,
        ("No fulfilment mode could be priced.",),
    )


# ---- stock-outs on the chart ---------------------------------------------------------------


def _simulated(service_level: float) -> MarketResult:
    doc = air_plan(daily_std=4, review_days=7)
    doc["simulation"] = {"enabled": True, "paths": 200, "seed": 7}
    market = doc["skus"][0]["markets"][0]
    market["service_level"] = service_level
    market["lead_time"]["legs"][1]["std_days"] = 4  # a late flight now and then
    return _result(doc)


def test_too_little_safety_stock_produces_marked_stockout_days() -> None:
    thin = _simulated(0.5)  # z = 0: no safety stock at all
    assert thin.levels.safety_stock == pytest.approx(0, abs=1e-9)
    band = charts.stock_band(thin)
    assert band is not None
    sim = thin.simulation
    assert sim is not None
    expected = tuple(
        d
        for d, share in zip(band.dates, sim.stockout_share, strict=True)
        if share >= charts.STOCKOUT_RISK
    )
    assert band.stockout_days == expected
    assert len(band.stockout_days) >= 10
    assert all(isinstance(d, date) for d in band.stockout_days)

    safe = charts.stock_band(_simulated(0.999))
    assert safe is not None
    assert len(safe.stockout_days) < len(band.stockout_days)
