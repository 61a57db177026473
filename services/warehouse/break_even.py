"""Break-even between fulfilment modes (domain/warehouse.md §2.9).

- by monthly volume: the volume N* where two modes' monthly totals F + v·N are equal,
  N* = (F_b − F_a)/(v_a − v_b); with a price p and a sales uplift u from local delivery
  (warehouse modes only), N* = ΔF / [(p − v_b)(1+u) − (p − v_a)], measured in today's volume;
- by unit weight: the weight where two modes' costs per unit are equal, found by bisection on
  the full cost model (unit volume scaled with the weight: the SKU's density is kept).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.warehouse.costs import ModeCost

WAREHOUSE_MODES = frozenset({"3pl", "fba", "own"})


@dataclass(frozen=True, slots=True)
class VolumeBreakEven:
    mode: str
    against: str
    units_per_month: float | None  # None: the two lines do not cross at a positive volume
    cheaper_above: str | None  # which mode is cheaper above N* (None: no crossing)
    with_uplift: float | None = None  # N* counting the price and the uplift (§2.9)


def volume_break_even(a: ModeCost, b: ModeCost) -> VolumeBreakEven:
    """Where ``a`` and ``b`` cost the same per month (cost only)."""
    dv = a.variable_per_unit - b.variable_per_unit
    df = b.fixed_monthly - a.fixed_monthly
    if dv == 0 or df / dv <= 0:
        return VolumeBreakEven(a.mode, b.mode, None, None)
    n = df / dv
    cheaper_above = b.mode if dv > 0 else a.mode
    return VolumeBreakEven(a.mode, b.mode, n, cheaper_above)


def uplift_break_even(
    direct: ModeCost, warehouse: ModeCost, price: float, uplift: float
) -> float | None:
    """N* = (F_wh − F_direct) / [(p − v_wh)(1+u) − (p − v_direct)] in today's direct volume."""
    gain = (price - warehouse.variable_per_unit) * (1 + uplift) - (price - direct.variable_per_unit)
    extra_fixed = warehouse.fixed_monthly - direct.fixed_monthly
    if gain <= 0:
        return None
    return max(extra_fixed, 0.0) / gain


def pairwise(
    modes: Sequence[ModeCost], price: float | None, uplift: float
) -> list[VolumeBreakEven]:
    available = [m for m in modes if m.available]
    direct = next((m for m in available if m.mode == "direct"), None)
    result = []
    for i, a in enumerate(available):
        for b in available[i + 1 :]:
            be = volume_break_even(a, b)
            if price is not None and uplift > 0 and direct is a and b.mode in WAREHOUSE_MODES:
                be = VolumeBreakEven(
                    be.mode,
                    be.against,
                    be.units_per_month,
                    be.cheaper_above,
                    uplift_break_even(a, b, price, uplift),
                )
            result.append(be)
    return result


@dataclass(frozen=True, slots=True)
class WeightBreakEven:
    mode: str
    against: str
    weight_kg: float | None  # None: no crossing in the searched range
    cheaper_above: str | None


CostAtWeight = Callable[[float], dict[str, float]]  # weight → mode → cost per unit


def weight_break_even(
    cost_at: CostAtWeight, a: str, b: str, low: float = 0.01, high: float = 50.0
) -> WeightBreakEven:
    """Bisection on cost_a(w) − cost_b(w) over [low, high] after a scan for a sign change
    (costs are piecewise linear in w: parcel per kg, fee bands, container steps)."""

    def diff(w: float) -> float:
        costs = cost_at(w)
        return costs[a] - costs[b]

    steps = 60
    grid = [low * (high / low) ** (k / steps) for k in range(steps + 1)]
    values = [diff(w) for w in grid]
    for (w0, d0), (w1, d1) in itertools.pairwise(zip(grid, values, strict=True)):
        if d0 == 0:
            return WeightBreakEven(a, b, w0, b if d1 > 0 else a)
        if d0 * d1 < 0:
            lo, hi, dlo = w0, w1, d0
            for _ in range(80):
                mid = (lo + hi) / 2
                dm = diff(mid)
                if dm == 0 or hi - lo < 1e-9:
                    break
                if dm * dlo < 0:
                    hi = mid
                else:
                    lo, dlo = mid, dm
            cross = (lo + hi) / 2
            return WeightBreakEven(a, b, cross, b if d1 > 0 else a)
    return WeightBreakEven(a, b, None, None)


def curve(mode: ModeCost, volumes: Sequence[float]) -> list[float]:
    return [mode.monthly_total(n) for n in volumes]


def volume_axis(points: Sequence[float], count: int = 41) -> list[float]:
    """Monthly volumes from 0 to about twice the largest interesting point."""
    finite = [p for p in points if p is not None and math.isfinite(p) and p > 0]
    top = max(finite) * 2 if finite else 100.0
    return [top * k / (count - 1) for k in range(count)]
