"""Monte-Carlo simulation of stock over a year (domain/warehouse.md §2.5), for the fan chart
and to check the service level the plan really delivers.

Every path is a day-by-day loop run for all paths at once (numpy arrays across paths):
demand N(d̂_t, σ_d) truncated at 0 (backordered when short), then the day's arrivals (an order
placed at the end of day t with lead time L arrives at the end of day t+L), then the order
rule — continuous review orders n·Q when the inventory position is at or below the seasonal
reorder point; periodic review looks every R days and, at or below the seasonal order-up-to
level s, orders up to s + Q — with a lead time
drawn from N(L, σ_L) rounded to whole days (at least one). A seeded generator makes a run
reproducible.

Measured: on-hand P10/P50/P90 per day, the share of paths out of stock per day, stock-out days,
fill rate (demand served from stock) and cycle service level (share of replenishment cycles
whose stock did not run out before the order arrived).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.core.progress import CancelToken, ProgressFn, report
from services.warehouse.demand import protection_demand

PROGRESS_EVERY = 30  # days


@dataclass(frozen=True, slots=True)
class Policy:
    daily: Sequence[float]  # forecast d̂_t, covering days + L + R + 1 days
    daily_std: float
    lead_mean: float
    lead_std: float
    safety_stock: float
    quantity: int
    review_days: float = 0.0
    case_pack: int = 1
    opening_stock: float | None = None  # None: SS + Q


@dataclass(frozen=True, slots=True)
class SimulationResult:
    days: int
    paths: int
    seed: int
    p10: tuple[float, ...]
    p50: tuple[float, ...]
    p90: tuple[float, ...]
    mean_on_hand: tuple[float, ...]
    stockout_share: tuple[float, ...]  # share of paths out of stock at the end of each day
    reorder_level: tuple[float, ...]  # the seasonal reorder point (or order-up-to) per day
    fill_rate: float
    cycle_service_level: float | None  # None: no replenishment arrived in the horizon
    cycles: int
    mean_stockout_days: float
    orders_per_path: float


def _levels(policy: Policy, days: int) -> np.ndarray:
    length = policy.lead_mean + policy.review_days
    return np.array(
        [protection_demand(policy.daily, t, length) + policy.safety_stock for t in range(days)]
    )


def simulate(
    policy: Policy,
    *,
    days: int = 365,
    paths: int = 500,
    seed: int = 20260101,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> SimulationResult:
    rng = np.random.default_rng(seed)
    mean = np.asarray(policy.daily[:days], dtype=float)
    levels = _levels(policy, days)
    max_lead = int(np.ceil(policy.lead_mean + 6 * policy.lead_std)) + 2
    arrivals = np.zeros((paths, days + max_lead + 1))
    opening = (
        policy.opening_stock
        if policy.opening_stock is not None
        else max(policy.safety_stock, 0.0) + policy.quantity
    )
    net = np.full(paths, float(opening))  # on hand − backorders
    position = net.copy()  # + on order
    on_hand = np.empty((paths, days), dtype=np.float32)
    stockout_day = np.zeros((paths, days), dtype=bool)
    demand_total = 0.0
    short_total = 0.0
    cycles = 0
    cycles_out = 0
    orders = 0
    period = max(1, round(policy.review_days)) if policy.review_days > 0 else 0
    rows = np.arange(paths)
    for t in range(days):
        if cancel is not None:
            cancel.raise_if_cancelled()
        demand = np.maximum(rng.normal(mean[t], policy.daily_std, paths), 0.0)
        available = np.maximum(net, 0.0)
        short = np.minimum(demand, np.maximum(demand - available, 0.0))
        demand_total += float(demand.sum())
        short_total += float(short.sum())
        net -= demand
        position -= demand
        stockout_day[:, t] = short > 0
        arriving = arrivals[:, t]  # at the end of the day: sellable from tomorrow
        landed = arriving > 0
        if landed.any():
            cycles += int(landed.sum())
            cycles_out += int((net[landed] < 0).sum())
            net += arriving
        on_hand[:, t] = np.maximum(net, 0.0)
        if period and t % period:
            continue
        if period:  # (R, s, S): order up to s + Q when at or below s
            need = position <= levels[t]
            gap = levels[t] + policy.quantity - position[need]
            qty = np.ceil(gap / policy.case_pack) * policy.case_pack
        else:
            need = position <= levels[t]
            gap = levels[t] - position[need]
            qty = policy.quantity * np.maximum(1, np.ceil(gap / policy.quantity))
        if need.any():
            count = int(need.sum())
            lead = np.rint(rng.normal(policy.lead_mean, policy.lead_std, count))
            lead = np.clip(lead, 1, max_lead).astype(int)
            arrivals[rows[need], t + lead] += qty
            position[need] += qty
            orders += count
        if progress is not None and t % PROGRESS_EVERY == 0:
            report(progress, t, days)
    report(progress, days, days)
    p10, p50, p90 = np.percentile(on_hand, [10, 50, 90], axis=0)
    return SimulationResult(
        days=days,
        paths=paths,
        seed=seed,
        p10=tuple(float(v) for v in p10),
        p50=tuple(float(v) for v in p50),
        p90=tuple(float(v) for v in p90),
        mean_on_hand=tuple(float(v) for v in on_hand.mean(axis=0)),
        stockout_share=tuple(float(v) for v in stockout_day.mean(axis=0)),
        reorder_level=tuple(float(v) for v in levels),
        fill_rate=1 - short_total / demand_total if demand_total > 0 else 1.0,
        cycle_service_level=1 - cycles_out / cycles if cycles else None,
        cycles=cycles,
        mean_stockout_days=float(stockout_day.sum(axis=1).mean()),
        orders_per_path=orders / paths,
    )
