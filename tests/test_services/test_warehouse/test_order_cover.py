"""The age cap on the order quantity (domain/warehouse.md §2.6 item 5, §2.11): Q ≤ d̄·A − SS,
a cheaper full container beyond it is ruled out and explained, container-only lanes fall back
to LCL, and FBA is planned within its 181-day aged-inventory limit."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import ValidationError
from services.core.i18n import set_locale
from services.warehouse.planner import MarketResult, compute_plan
from services.warehouse.recommend import order_reasons
from services.warehouse.replenishment import (
    COVER_WAREHOUSE,
    CostInputs,
    CoverLimit,
    age_cap_quantity,
    choose_quantity,
)
from services.warehouse.validation import validate_plan

# 10 units a day, SS 100, K 1,000, a 50 cbm container at 5,000 whatever the fill, 0.01 cbm a
# unit (a full container = 5,000 units), holding 2 a unit-year, no storage fee.
HAND = CostInputs(
    annual_demand=3650,
    daily_mean=10,
    safety_stock=100,
    order_cost=1000,
    freight=lambda cbm, _kg: 5000 * math.ceil(cbm / 50 - 1e-9),
    holding_rate=2,
    storage_per_unit=lambda _days: 0.0,
    unit_cbm=0.01,
    unit_kg=0.0,
)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")


def _choose(age_cap_days: float | None, **kwargs: Any) -> Any:
    return choose_quantity(
        HAND,
        case_pack=10,
        eoq_holding=10,
        container_cbm=[("fcl_40", 50)],
        age_cap_days=age_cap_days,
        **kwargs,
    )


def test_without_a_cap_the_full_container_is_cheapest() -> None:
    order = _choose(None)
    # TC(5,000) = 3,650/5,000 × (1,000 + 5,000) + 2 × (2,500 + 100) = 4,380 + 5,200
    assert (order.chosen, order.quantity) == ("fcl_40", 5000)
    assert order.annual_cost == pytest.approx(9580)
    assert order.cover_days == pytest.approx(510)  # (100 + 5,000) / 10
    assert order.max_cover_days is None
    assert order.beyond_cover is None


def test_the_age_cap_rules_out_the_container_by_hand() -> None:
    order = _choose(180)
    # Q ≤ 10 × 180 − 100 = 1,700; TC(1,700) = 3,650/1,700 × 6,000 + 2 × (850 + 100)
    assert (order.chosen, order.quantity) == ("age_cap", 1700)
    assert order.annual_cost == pytest.approx(3650 / 1700 * 6000 + 1900)
    assert order.cover_days == pytest.approx(180)
    assert order.age_cap_quantity == 1700
    assert order.max_cover_days == 180
    costs = {k.key: (k.quantity, k.annual_cost, k.feasible) for k in order.candidates}
    # EOQ √(2 × 3,650 × 1,000 / 10) = 854.4 → 860 (case pack 10): one container each time
    assert costs["eoq"] == (860, pytest.approx(3650 / 860 * 6000 + 2 * (430 + 100)), True)
    assert costs["fcl_40"] == (5000, pytest.approx(9580), False)
    beyond = order.beyond_cover
    assert beyond is not None
    assert (beyond.key, beyond.quantity) == ("fcl_40", 5000)
    assert beyond.cover_days == pytest.approx(510)


def test_the_cap_never_rounds_past_the_maximum_order() -> None:
    order = _choose(180, max_order=1200)
    assert order.quantity == 1200  # the maximum order binds before the age cap
    assert "age_cap" not in {k.key for k in order.candidates}


def test_a_cap_that_one_case_pack_breaks_is_dropped() -> None:
    order = _choose(5)  # 10 × 5 − 100 < 10: even one case pack is older than 5 days
    assert order.max_cover_days is None
    assert order.age_cap_quantity is None
    assert (order.chosen, order.quantity) == ("fcl_40", 5000)


def test_a_quantity_the_user_entered_is_kept_and_flagged() -> None:
    order = _choose(180, fixed=3000)
    assert (order.chosen, order.quantity) == ("fixed", 3000)
    notes = order_reasons(
        order,
        CoverLimit(180, COVER_WAREHOUSE),
        main_mode="sea",
        lcl_fallback=False,
        rail_lcl_rate=True,
    )
    assert notes == [
        "The quantity you entered lasts 310 days, beyond the 180-day limit (the maximum cover "
        "set for a 3PL or own warehouse)."
    ]


@given(
    daily=st.floats(0.1, 500),
    safety=st.floats(0, 5000),
    days=st.floats(1, 400),
    pack=st.integers(1, 50),
)
def test_age_cap_quantity_is_the_largest_within_the_cover(
    daily: float, safety: float, days: float, pack: int
) -> None:
    q = age_cap_quantity(daily, safety, days, pack)
    assert q % pack == 0
    assert q >= 0
    if q:
        assert (safety + q) / daily <= days * (1 + 1e-9)
    assert (safety + q + pack) / daily > days * (1 - 1e-9)


# ---- the planner ------------------------------------------------------------------------------

RAIL_CNY = {  # simple rates in the plan's currency, so that the freight can be checked by hand
    "head_haul": {
        "rail_40": {"value": "50000", "currency": "CNY"},
        "rail_lcl_per_cbm": {"value": "1000", "currency": "CNY"},
        "per_shipment": {"value": "1500", "currency": "CNY"},
    }
}


def _line(market: dict[str, Any]) -> MarketResult:
    doc = {
        "currency": "CNY",
        "start_date": "2026-08-01",
        "simulation": {"enabled": False},
        "skus": [
            {
                "name": "Power bank",
                "unit_cost": 50,
                "price": 200,
                "unit_weight_kg": 1.5,
                "carton": {"units": 20, "length_cm": 60, "width_cm": 40, "height_cm": 40},
                "markets": [market],
            }
        ],
    }
    return compute_plan(validate_plan(doc)).results[0]


def _rail_to_europe(**extra: Any) -> dict[str, Any]:
    return {
        "market": "EU",
        "demand": {"daily_mean": 15, "daily_std": 0},  # σ_d = σ_L = 0: SS = 0
        "lead_time": {"main_mode": "rail", "mean_days": 20, "std_days": 0},
        "costs": RAIL_CNY,
        **extra,
    }


def test_rail_to_europe_no_longer_ships_a_two_year_container() -> None:
    r = _line(_rail_to_europe())
    order = r.order
    assert r.levels.safety_stock == pytest.approx(0)
    # 6 months of cover = 182.5 days: Q ≤ 15 × 182.5 = 2,737.5 → 2,720 (cartons of 20)
    assert order.max_cover_days == pytest.approx(182.5)
    assert order.age_cap_quantity == 2720
    assert order.quantity <= 2720
    assert order.cover_days <= 182.5
    container = next(k for k in order.candidates if k.key == "fcl_40")
    assert container.quantity == 11860  # 57 cbm / 0.0048 cbm a unit, whole cartons
    assert container.cover_days == pytest.approx(11860 / 15)
    assert not container.feasible
    # LCL instead of a container: (1,000/cbm × max(1 cbm, Q × 0.0048 cbm, Q × 1.5 kg / 1,000)
    # + 1,500) / Q
    q = order.quantity
    lcl = 1000 * max(1, q * 0.0048, q * 1.5 / 1000)
    assert r.costs["3pl"].segments["head_haul"] == pytest.approx((lcl + 1500) / q)
    assert (
        "A full container holds more than 182 days of stock, so shipments go LCL (groupage) "
        "whenever that is cheaper than a container." in r.recommendation.reasons
    )


def test_a_short_cover_explains_the_cheaper_quantity_it_rules_out() -> None:
    month = {"common": {"max_cover_months": "1"}}
    r = _line(_rail_to_europe(costs={**RAIL_CNY, **month}))
    order = r.order
    # 1 month = 30.4 days: Q ≤ 15 × 30.42 = 456 → 440
    assert order.age_cap_quantity == 440
    assert order.quantity <= 440
    beyond = order.beyond_cover
    assert beyond is not None
    assert beyond.quantity > 440
    text = next(t for t in r.recommendation.reasons if t.startswith("The plan orders"))
    assert "beyond the 30-day limit" in text
    assert str(beyond.quantity) in text.replace(",", "")


def test_rail_without_an_lcl_rate_says_what_to_enter() -> None:
    costs = {"head_haul": {"rail_40": {"value": "50000", "currency": "CNY"}}}
    r = _line(
        {
            "market": "US",  # the US card has no rail LCL rate
            "demand": {"daily_mean": 15, "daily_std": 0},
            "lead_time": {"main_mode": "rail", "mean_days": 20, "std_days": 0},
            "costs": costs,
        }
    )
    q = r.order.quantity
    assert r.costs["3pl"].segments["head_haul"] == pytest.approx((50000 + 1500) / q)
    assert any("there is no rail LCL rate" in t for t in r.recommendation.reasons)


def test_fba_is_planned_within_its_aged_inventory_limit() -> None:
    # A slow seller with a generous 3PL cover: FBA is cheapest, and its stock would pass 180
    # days, so the line is planned again within FBA's limit.
    r = _line(
        {
            "market": "JP",
            "demand": {"daily_mean": 1, "daily_std": 0.5},
            "lead_time": {"main_mode": "sea"},
            "costs": {"common": {"max_cover_months": "24"}},
        }
    )
    assert r.recommendation.mode == "fba"
    assert r.order.max_cover_days == 180
    assert r.order.cover_days <= 180
    assert not r.corridor.aged
    assert any("180-day limit (FBA charges" in t for t in r.recommendation.reasons)


def test_max_cover_must_be_above_zero() -> None:
    with pytest.raises(ValidationError) as caught:
        _line(_rail_to_europe(costs={"common": {"max_cover_months": 0}}))
    assert [e.field for e in caught.value.errors] == [
        "skus[0].markets[0].costs.common.max_cover_months"
    ]
