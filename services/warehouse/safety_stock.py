"""Safety stock, reorder point and order-up-to level (domain/warehouse.md §2.4, §2.5; the
formulas of cli.md ``warehouse plan``).

- cycle-service target α: SS = z·√((L+R)·σ_d² + d̄²·σ_L²), z = Φ⁻¹(α);
- fill-rate target β: z solves G(z) = (1−β)·Q/σ_X with G the standard normal loss function,
  σ_X = √((L+R)·σ_d² + d̄²·σ_L²); SS = z·σ_X (bisection);
- ROP = d̄·L + SS; order-up-to S = d̄·(L+R) + SS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

N = NormalDist()
Z_RANGE = (-4.0, 8.0)  # fill-rate bisection bracket


def z_for(service_level: float) -> float:
    return N.inv_cdf(service_level)


def loss(z: float) -> float:
    """Standard normal loss G(z) = φ(z) − z·(1 − Φ(z))."""
    return N.pdf(z) - z * (1 - N.cdf(z))


def sigma_x(
    daily_mean: float, daily_std: float, lead_mean: float, lead_std: float, review_days: float = 0.0
) -> float:
    """Spread of demand over the protection interval L+R with a variable lead time."""
    return math.sqrt((lead_mean + review_days) * daily_std**2 + daily_mean**2 * lead_std**2)


def z_for_fill_rate(fill_rate: float, order_quantity: float, sigma: float) -> float:
    """Bisection on G(z) = (1−β)·Q/σ_X (G falls as z rises)."""
    if sigma <= 0:
        return 0.0
    target = (1 - fill_rate) * order_quantity / sigma
    low, high = Z_RANGE
    if loss(low) <= target:
        return low
    if loss(high) >= target:
        return high
    for _ in range(100):
        mid = (low + high) / 2
        if loss(mid) > target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


@dataclass(frozen=True, slots=True)
class StockLevels:
    z: float
    sigma_x: float
    safety_stock: float
    reorder_point: float
    order_up_to: float
    lead_time_demand: float  # d̄·L
    textbook_safety_stock: float  # z·σ_d·√(L+R): shown only to explain the difference
    days_of_cover: float  # SS expressed in days of mean demand


def stock_levels(
    *,
    daily_mean: float,
    daily_std: float,
    lead_mean: float,
    lead_std: float,
    review_days: float = 0.0,
    service_level: float = 0.95,
    service_type: str = "cycle",
    order_quantity: float | None = None,
) -> StockLevels:
    sx = sigma_x(daily_mean, daily_std, lead_mean, lead_std, review_days)
    if service_type == "fill_rate":
        if order_quantity is None:
            raise ValueError("a fill-rate target needs the order quantity")
        z = z_for_fill_rate(service_level, order_quantity, sx)
    else:
        z = z_for(service_level)
    ss = z * sx
    return StockLevels(
        z=z,
        sigma_x=sx,
        safety_stock=ss,
        reorder_point=daily_mean * lead_mean + ss,
        order_up_to=daily_mean * (lead_mean + review_days) + ss,
        lead_time_demand=daily_mean * lead_mean,
        textbook_safety_stock=z * daily_std * math.sqrt(lead_mean + review_days),
        days_of_cover=ss / daily_mean if daily_mean > 0 else 0.0,
    )
