"""Safety stock, reorder point, lead time, storage and demand against hand-computed values
(cli.md, domain/warehouse.md §2.4/§2.7 fixtures) and against stockpyl as an oracle."""

from __future__ import annotations

import math
from datetime import date

import pytest
import stockpyl.loss_functions as stockpyl_loss  # type: ignore[import-untyped]
import stockpyl.rq as stockpyl_rq  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from services.warehouse import demand as demand_model
from services.warehouse.lead_time import default_legs, summarise
from services.warehouse.models import Carton, DemandInput, LeadTimeInput, Leg, PalletSpec
from services.warehouse.replenishment import eoq, schedule
from services.warehouse.safety_stock import (
    StockLevels,
    loss,
    stock_levels,
    z_for,
    z_for_fill_rate,
)
from services.warehouse.storage import plan_storage


def test_cli_example_by_hand() -> None:
    # z(0.95) = 1.6449; σ_X = √((45+7)·6² + 20²·7²) = √21472 = 146.533
    levels = stock_levels(daily_mean=20, daily_std=6, lead_mean=45, lead_std=7, review_days=7)
    assert levels.sigma_x == pytest.approx(math.sqrt(21472))
    assert levels.safety_stock == pytest.approx(1.6448536 * 146.5332727, rel=1e-6)
    assert levels.safety_stock == pytest.approx(241.026, abs=0.001)
    assert levels.reorder_point == pytest.approx(20 * 45 + 241.026, abs=0.001)
    assert levels.order_up_to == pytest.approx(20 * 52 + 241.026, abs=0.001)


@pytest.mark.parametrize(
    ("alpha", "z", "ss"), [(0.90, 1.282, 187), (0.95, 1.645, 240), (0.98, 2.054, 299)]
)
def test_cycle_service_table_of_the_domain_doc(alpha: float, z: float, ss: float) -> None:
    levels = stock_levels(daily_mean=20, daily_std=6, lead_mean=45, lead_std=7, service_level=alpha)
    assert levels.z == pytest.approx(z, abs=0.001)
    assert levels.safety_stock == pytest.approx(ss, abs=0.5)
    # formula 1 (constant lead time) gives the much smaller textbook figure of the table
    assert levels.textbook_safety_stock == pytest.approx(
        {0.90: 52, 0.95: 66, 0.98: 83}[alpha], abs=0.5
    )


@pytest.mark.parametrize(("beta", "z", "ss"), [(0.98, 0.61, 90), (0.99, 1.01, 147)])
def test_fill_rate_targets_of_the_domain_doc(beta: float, z: float, ss: float) -> None:
    levels = stock_levels(
        daily_mean=20,
        daily_std=6,
        lead_mean=45,
        lead_std=7,
        service_level=beta,
        service_type="fill_rate",
        order_quantity=1200,
    )
    assert levels.sigma_x == pytest.approx(146, abs=0.5)
    assert levels.z == pytest.approx(z, abs=0.006)
    assert levels.safety_stock == pytest.approx(ss, abs=1.0)
    # the z found solves G(z) = (1 − β)·Q/σ_X
    assert loss(levels.z) == pytest.approx((1 - beta) * 1200 / levels.sigma_x, rel=1e-6)


def test_loss_function_matches_stockpyl() -> None:
    for z in (-2.0, -0.5, 0.0, 0.61, 1.0, 2.5):
        assert loss(z) == pytest.approx(stockpyl_loss.standard_normal_loss(z)[0], abs=1e-9)


def test_rq_eoq_ss_matches_stockpyl() -> None:
    """With a constant lead time, α = p/(p+h) and no review period, our reorder point and EOQ
    are stockpyl's r_q_eoqss_approximation (domain §1.7, Appendix A)."""
    h, p, k, d, sd, lead = 0.225, 7.5, 8.0, 1300.0, 150.0, 0.25
    r_oracle, q_oracle = stockpyl_rq.r_q_eoqss_approximation(h, p, k, d, sd, lead)
    levels = stock_levels(
        daily_mean=d, daily_std=sd, lead_mean=lead, lead_std=0, service_level=p / (p + h)
    )
    assert levels.reorder_point == pytest.approx(r_oracle, rel=1e-9)
    assert eoq(d, k, h) == pytest.approx(q_oracle, rel=1e-9)


def _levels(args: dict[str, float], alpha: float) -> StockLevels:
    return stock_levels(
        daily_mean=args["daily_mean"],
        daily_std=args["daily_std"],
        lead_mean=args["lead_mean"],
        lead_std=args["lead_std"],
        review_days=args["review_days"],
        service_level=alpha,
    )


levels_args = st.fixed_dictionaries(
    {
        "daily_mean": st.floats(0.1, 1000),
        "daily_std": st.floats(0, 500),
        "lead_mean": st.floats(1, 120),
        "lead_std": st.floats(0, 30),
        "review_days": st.floats(0, 30),
    }
)


@given(levels_args, st.floats(0.5, 0.995), st.floats(0.001, 0.004))
def test_safety_stock_rises_with_the_service_level(
    args: dict[str, float], alpha: float, step: float
) -> None:
    low = _levels(args, alpha).safety_stock
    high = _levels(args, alpha + step).safety_stock
    assert high >= low


@given(levels_args, st.floats(0.5, 0.999), st.floats(0.01, 50))
def test_safety_stock_rises_with_the_demand_spread(
    args: dict[str, float], alpha: float, extra: float
) -> None:
    low = _levels(args, alpha).safety_stock
    wider = {**args, "daily_std": args["daily_std"] + extra}
    assert _levels(wider, alpha).safety_stock >= low


@given(levels_args, st.floats(0.5, 0.999))
def test_reorder_point_covers_mean_lead_time_demand(args: dict[str, float], alpha: float) -> None:
    levels = _levels(args, alpha)
    assert levels.reorder_point >= args["daily_mean"] * args["lead_mean"] - 1e-9
    assert levels.order_up_to >= levels.reorder_point - 1e-9


@given(st.floats(0.5, 0.999), st.floats(10, 5000), st.floats(1, 500))
def test_fill_rate_bisection_solves_the_loss_equation(beta: float, q: float, sigma: float) -> None:
    z = z_for_fill_rate(beta, q, sigma)
    target = (1 - beta) * q / sigma
    if -4 < z < 8:
        assert loss(z) == pytest.approx(target, rel=1e-6, abs=1e-9)


def test_z_is_the_inverse_normal() -> None:
    assert z_for(0.5) == pytest.approx(0.0)
    assert z_for(0.975) == pytest.approx(1.959964, abs=1e-6)


def test_lead_time_legs_add_means_and_variances() -> None:
    lt = LeadTimeInput(
        (
            Leg("production", 20, 5),
            Leg("wait", 3.5, math.sqrt(49 / 12)),
            Leg("main", 7, 2),
            Leg("import", 4, 1),
            Leg("receiving", 3, 1),
        )
    )
    s = summarise(lt)
    assert s.mean_days == pytest.approx(37.5)
    assert s.std_days == pytest.approx(math.sqrt(25 + 49 / 12 + 4 + 1 + 1))
    assert s.shipped_days == pytest.approx(14)  # main + import + receiving: ship-by offset


def test_default_legs_come_from_the_lane_table() -> None:
    jp = default_legs("JP", "sea")
    assert jp is not None
    main = next(leg for leg in jp.legs if leg.name == "main")
    assert (main.mean_days, main.std_days) == (6.5, 1.75)  # 3-10 days: midpoint, range/4
    assert default_legs("JP", "rail") is None  # no rail lane to Japan in the document
    air = default_legs("US", "air")
    assert air is not None
    assert "wait" not in {leg.name for leg in air.legs}


def test_storage_worked_example() -> None:
    """§2.7: a 50 × 38 × 36 cm carton of 20 on a 1.2 × 1.0 m pallet: 6 per layer × 3 layers =
    360 units; SS 240, Q 1,200: peak 4 positions, average 2.3, about 2.9 cbm."""
    carton = Carton(20, 50, 38, 36)
    pallet = PalletSpec(120, 100, 150, 15, utilisation=1.0)
    s = plan_storage(carton, pallet, safety_stock=240, order_quantity=1200)
    assert (s.cartons_per_layer, s.layers, s.units_per_pallet) == (6, 3, 360)
    assert s.pallet_cube_used == pytest.approx(0.76, abs=0.005)
    assert s.peak_positions == 4
    assert s.average_positions == pytest.approx(2.33, abs=0.01)
    assert s.average_cbm == pytest.approx(2.87, abs=0.01)
    racked = plan_storage(
        carton, PalletSpec(utilisation=0.85), safety_stock=240, order_quantity=1200
    )
    assert racked.peak_positions == 5  # 4 / 0.85 → 4.7 positions


def test_demand_from_history_and_seasonality() -> None:
    mean, std = demand_model.from_daily_history([10, None, 12, 14, None])
    assert mean == pytest.approx(12)  # stock-out days left out
    assert std == pytest.approx(2)
    monthly = [300, 300, 300, 300, 300, 300, 300, 300, 300, 600, 600, 300]
    season = demand_model.seasonality_from_monthly(monthly)
    assert season[9] == pytest.approx(600 / 350)
    est = demand_model.estimate(DemandInput(history=tuple(monthly), history_period="month"))
    assert est.daily_mean == pytest.approx(350 / (365 / 12))
    assert est.basis == "monthly_history"
    new_market = demand_model.estimate(
        DemandInput(daily_mean=10, daily_std=2, market_size_factor=0.5, spread_factor=1.5)
    )
    assert new_market.daily_mean == 5
    assert new_market.daily_std == pytest.approx(1.5)


def test_seasonal_reorder_point_uses_the_forecast_over_the_lead_time() -> None:
    est = demand_model.DemandEstimate(
        10, 2, demand_model.normalise_seasonality([1] * 9 + [3, 3, 3]), "entered"
    )
    daily = demand_model.forecast(est, date(2026, 8, 1), 500)
    assert demand_model.protection_demand([5.0] * 10, 0, 4.5) == pytest.approx(22.5)
    shipments = schedule(
        daily,
        date(2026, 8, 1),
        opening_stock=600,
        safety_stock=50,
        lead_days=45,
        shipped_days=15,
        quantity=300,
    )
    assert shipments, "Q4 demand must trigger orders"
    first = shipments[0]
    assert first.arrive_by == date.fromordinal(first.order_by.toordinal() + 45)
    assert first.ship_by == date.fromordinal(first.order_by.toordinal() + 30)
    # Orders placed before Q4 protect Q4's higher demand: the level exceeds the flat d̄·L + SS.
    flat = 10 * 45 + 50
    assert any(s.reorder_point > flat for s in shipments if s.order_by < date(2026, 10, 1))
