"""Demand per SKU and market (domain/warehouse.md §2.2): mean and spread per day, monthly
seasonality, and the forecast summed over a protection interval.

History: only in-stock periods count (a stock-out censors demand: ``None`` marks one). Daily
history gives the spread directly; a monthly history gives σ_day = σ_month / √(days per month)
(independent days). A new market uses an analogue's figures × a market-size factor, with the
spread widened.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from services.warehouse.models import DemandInput

DAYS_PER_MONTH = 365 / 12
FLAT = (1.0,) * 12


@dataclass(frozen=True, slots=True)
class DemandEstimate:
    daily_mean: float
    daily_std: float
    seasonality: tuple[float, ...]  # index per calendar month (Jan = 0), average 1
    basis: str  # entered | daily_history | monthly_history

    @property
    def annual(self) -> float:
        return self.daily_mean * 365

    def daily(self, day: date) -> float:
        return self.daily_mean * self.seasonality[day.month - 1]


def normalise_seasonality(indices: Sequence[float]) -> tuple[float, ...]:
    mean = sum(indices) / len(indices)
    return tuple(i / mean for i in indices)


def from_daily_history(values: Sequence[float | None]) -> tuple[float, float]:
    in_stock = [v for v in values if v is not None]
    mean = statistics.fmean(in_stock)
    std = statistics.stdev(in_stock) if len(in_stock) > 1 else 0.0
    return mean, std


def from_monthly_history(values: Sequence[float | None]) -> tuple[float, float]:
    in_stock = [v for v in values if v is not None]
    mean_month = statistics.fmean(in_stock)
    std_month = statistics.stdev(in_stock) if len(in_stock) > 1 else 0.0
    return mean_month / DAYS_PER_MONTH, std_month / math.sqrt(DAYS_PER_MONTH)


def seasonality_from_monthly(
    values: Sequence[float | None], first_month: int = 1
) -> tuple[float, ...]:
    """I_k = average demand in month k / overall average (domain §2.2), from a monthly
    history starting at calendar month ``first_month``; months without data get 1."""
    sums = [0.0] * 12
    counts = [0] * 12
    for offset, value in enumerate(values):
        if value is None:
            continue
        month = (first_month - 1 + offset) % 12
        sums[month] += value
        counts[month] += 1
    observed = [sums[m] / counts[m] for m in range(12) if counts[m]]
    if not observed or sum(observed) <= 0:
        return FLAT
    overall = statistics.fmean(observed)
    return tuple(sums[m] / counts[m] / overall if counts[m] else 1.0 for m in range(12))


def estimate(demand: DemandInput) -> DemandEstimate:
    if demand.history:
        if demand.history_period == "month":
            mean, std = from_monthly_history(demand.history)
            basis = "monthly_history"
            season = demand.seasonality or (
                seasonality_from_monthly(demand.history) if len(demand.history) >= 12 else FLAT
            )
        else:
            mean, std = from_daily_history(demand.history)
            basis = "daily_history"
            season = demand.seasonality or FLAT
    else:
        assert demand.daily_mean is not None
        mean, std = demand.daily_mean, demand.daily_std or 0.0
        basis = "entered"
        season = demand.seasonality or FLAT
    return DemandEstimate(
        daily_mean=mean * demand.market_size_factor,
        daily_std=std * demand.market_size_factor * demand.spread_factor,
        seasonality=normalise_seasonality(season),
        basis=basis,
    )


def forecast(estimate_: DemandEstimate, start: date, days: int) -> list[float]:
    """d̂_t for t = start, start+1, … (``days`` values)."""
    return [estimate_.daily(start + timedelta(days=t)) for t in range(days)]


def protection_demand(daily: Sequence[float], t: int, length: float) -> float:
    """Σ d̂ over (t, t+length]: the seasonal replacement of d̄·L (domain §2.2). ``daily`` must
    reach past t+length; a fractional last day counts in proportion."""
    whole = int(length)
    total = sum(daily[t + 1 : t + 1 + whole])
    fraction = length - whole
    if fraction > 0:
        total += fraction * daily[t + 1 + whole]
    return total
