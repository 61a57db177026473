"""The vectorised simulation against the targets (domain §2.4 Monte-Carlo table) and against an
independent plain-Python simulation; reproducibility, progress and cancel."""

from __future__ import annotations

import math
import random

import pytest

from services.core.progress import Cancelled, CancelToken
from services.warehouse.safety_stock import stock_levels
from services.warehouse.simulation import Policy, simulate


def _policy(alpha: float, *, quantity: int = 1200) -> Policy:
    ss = stock_levels(
        daily_mean=20, daily_std=6, lead_mean=45, lead_std=7, service_level=alpha
    ).safety_stock
    return Policy(
        daily=[20.0] * 600,
        daily_std=6,
        lead_mean=45,
        lead_std=7,
        safety_stock=ss,
        quantity=quantity,
    )


def reference_cycle_service(alpha: float, years: int, seed: int) -> float:
    """An independent (r, Q) simulation, one long path, plain Python: the share of
    replenishment cycles whose demand during the lead time stayed within the reorder point."""
    rng = random.Random(seed)
    z = stock_levels(daily_mean=20, daily_std=6, lead_mean=45, lead_std=7, service_level=alpha).z
    ss = z * math.sqrt(45 * 36 + 400 * 49)
    rop = 20 * 45 + ss
    net = rop + 1200.0
    position = net
    pipeline: dict[int, float] = {}
    cycles = stocked_out = 0
    for day in range(365 * years):
        net -= max(rng.gauss(20, 6), 0.0)
        position = net + sum(pipeline.values())
        if day in pipeline:
            cycles += 1
            stocked_out += net < 0
            net += pipeline.pop(day)
            position = net + sum(pipeline.values())
        if position <= rop:
            lead = max(1, round(rng.gauss(45, 7)))
            pipeline[day + lead] = pipeline.get(day + lead, 0.0) + 1200
    return 1 - stocked_out / cycles


@pytest.mark.parametrize("alpha", [0.90, 0.95, 0.98])
def test_simulated_cycle_service_meets_the_target(alpha: float) -> None:
    result = simulate(_policy(alpha), paths=4000, seed=11)
    assert result.cycle_service_level is not None
    assert result.cycle_service_level == pytest.approx(alpha, abs=0.015)
    independent = reference_cycle_service(alpha, years=300, seed=5)
    assert independent == pytest.approx(alpha, abs=0.02)
    assert result.cycle_service_level == pytest.approx(independent, abs=0.02)


def test_textbook_safety_stock_falls_short() -> None:
    """Formula 1 (z·σ_d·√L) ignores lead-time spread: far below a 95 per cent target (§0)."""
    z = stock_levels(daily_mean=20, daily_std=6, lead_mean=45, lead_std=7).z
    policy = Policy(
        daily=[20.0] * 600,
        daily_std=6,
        lead_mean=45,
        lead_std=7,
        safety_stock=z * 6 * math.sqrt(45),
        quantity=1200,
    )
    result = simulate(policy, paths=3000, seed=3)
    assert result.cycle_service_level is not None
    assert result.cycle_service_level < 0.8


def test_fill_rate_is_high_with_cycle_service_stock() -> None:
    result = simulate(_policy(0.95), paths=2000, seed=2)
    assert 0.995 <= result.fill_rate <= 1.0  # domain table: 0.998


def test_same_seed_same_result_and_band_order() -> None:
    a = simulate(_policy(0.95), paths=300, seed=9)
    b = simulate(_policy(0.95), paths=300, seed=9)
    c = simulate(_policy(0.95), paths=300, seed=10)
    assert a == b
    assert a.p50 != c.p50
    assert all(lo <= mid <= hi for lo, mid, hi in zip(a.p10, a.p50, a.p90, strict=True))
    assert len(a.p50) == 365


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    simulate(_policy(0.95), paths=50, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (365, 365)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        simulate(_policy(0.95), paths=50, cancel=token)
