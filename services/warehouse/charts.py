"""Chart data for the planner page and the PDF report: plain series, no Qt (domain §3.1).

- the stock band over the year: P10/P50/P90 on hand per day, the seasonal reorder level, the
  safety stock, the FBA 28-days-of-supply floor, days with a high stock-out risk, Q4 shading;
- the cost breakdown per unit, one stacked bar per mode;
- break-even curves: monthly total cost against monthly volume, and cost per unit against unit
  weight, with the crossings labelled.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from services.core.i18n import _, format_month
from services.warehouse.break_even import curve, volume_axis
from services.warehouse.costs import SEGMENT_LABELS, SEGMENTS
from services.warehouse.planner import MarketResult
from services.warehouse.recommend import mode_label
from services.warehouse.replenishment import FBA_MIN_DAYS_OF_SUPPLY

STOCKOUT_RISK = 0.10  # a day is marked when at least this share of paths is out of stock


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str  # translated
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class StockBand:
    dates: tuple[date, ...]
    p10: Series
    p50: Series
    p90: Series
    lines: tuple[Series, ...]  # reorder level, safety stock, FBA floor
    stockout_days: tuple[date, ...]
    shaded: tuple[tuple[date, date], ...]  # Q4 (peak storage season)
    arrivals: tuple[date, ...]  # planned arrivals (need dates)


@dataclass(frozen=True, slots=True)
class StackedBars:
    categories: tuple[str, ...]  # mode keys
    category_labels: tuple[str, ...]
    stacks: tuple[Series, ...]  # one per cost segment, values per category
    totals: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Crossing:
    x: float
    y: float
    label: str
    mode: str = ""  # the two modes whose costs meet here
    against: str = ""


@dataclass(frozen=True, slots=True)
class Curves:
    x: tuple[float, ...]
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    crossings: tuple[Crossing, ...]


def stock_band(result: MarketResult) -> StockBand | None:
    sim = result.simulation
    if sim is None:
        return None
    dates = tuple(result.start + timedelta(days=t) for t in range(sim.days))
    ss = result.levels.safety_stock
    lines = (
        Series("reorder_level", _("Reorder level"), sim.reorder_level),
        Series("safety_stock", _("Safety stock"), (ss,) * sim.days),
        Series(
            "fba_floor",
            _("FBA 28-day floor"),
            tuple(FBA_MIN_DAYS_OF_SUPPLY * d for d in result.forecast[: sim.days]),
        ),
    )
    out = tuple(
        d for d, share in zip(dates, sim.stockout_share, strict=True) if share >= STOCKOUT_RISK
    )
    shaded = []
    for year in sorted({d.year for d in dates}):
        lo, hi = max(date(year, 10, 1), dates[0]), min(date(year, 12, 31), dates[-1])
        if lo <= hi:
            shaded.append((lo, hi))
    return StockBand(
        dates=dates,
        p10=Series("p10", _("P10"), sim.p10),
        p50=Series("p50", _("Median"), sim.p50),
        p90=Series("p90", _("P90"), sim.p90),
        lines=lines,
        stockout_days=out,
        shaded=tuple(shaded),
        arrivals=tuple(s.arrive_by for s in result.shipments),
    )


def cost_bars(result: MarketResult) -> StackedBars:
    modes = tuple(m for m, c in result.costs.items() if c.available)
    stacks = []
    for key in SEGMENTS:
        values = tuple(result.costs[m].segments.get(key, 0.0) for m in modes)
        if any(values):
            stacks.append(Series(key, _(SEGMENT_LABELS[key]), values))
    fixed = tuple(result.costs[m].fixed_monthly / result.monthly_units for m in modes)
    if any(fixed):
        stacks.append(Series("fixed", _("Fixed costs per unit"), fixed))
    totals = tuple(result.per_unit[m] or 0.0 for m in modes)
    return StackedBars(modes, tuple(mode_label(m) for m in modes), tuple(stacks), totals)


def volume_curves(result: MarketResult) -> Curves:
    points = [be.units_per_month for be in result.break_even if be.units_per_month]
    x = tuple(volume_axis([*points, result.monthly_units]))
    available = [c for c in result.costs.values() if c.available]
    series = tuple(Series(c.mode, mode_label(c.mode), tuple(curve(c, x))) for c in available)
    crossings = tuple(
        Crossing(
            be.units_per_month,
            result.costs[be.mode].monthly_total(be.units_per_month),
            _("{a} = {b}").format(a=mode_label(be.mode), b=mode_label(be.against)),
            be.mode,
            be.against,
        )
        for be in result.break_even
        if be.units_per_month is not None
    )
    return Curves(x, _("Units per month"), _("Cost per month"), series, crossings)


def weight_curves(result: MarketResult) -> Curves:
    series = tuple(Series(m, mode_label(m), v) for m, v in result.weight_costs.items())
    crossings = []
    for wb in result.weight_break_even:
        if wb.weight_kg is None:
            continue
        xs, ys = result.weight_axis, result.weight_costs.get(wb.mode, ())
        y = _interpolate(xs, ys, wb.weight_kg) if ys else 0.0
        crossings.append(
            Crossing(
                wb.weight_kg,
                y,
                _("{a} = {b}").format(a=mode_label(wb.mode), b=mode_label(wb.against)),
                wb.mode,
                wb.against,
            )
        )
    return Curves(
        result.weight_axis, _("Unit weight (kg)"), _("Cost per unit"), series, tuple(crossings)
    )


def _interpolate(xs: tuple[float, ...], ys: tuple[float, ...], x: float) -> float:
    for (x0, y0), (x1, y1) in itertools.pairwise(zip(xs, ys, strict=True)):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0
    return ys[-1] if x > xs[-1] else ys[0]


def month_ticks(days: list[date]) -> list[tuple[int, str]]:
    """Ticks on the first day of each month of a daily series. The year is named in January,
    and on the first tick unless January follows right after it (two long labels side by side
    would run into each other)."""
    firsts = [i for i, d in enumerate(days) if d.day == 1]
    ticks = []
    for n, i in enumerate(firsts):
        month = days[i].month
        january_next = n + 1 < len(firsts) and days[firsts[n + 1]].month == 1
        ticks.append(
            (i, format_month(days[i], with_year=month == 1 or (n == 0 and not january_next)))
        )
    return ticks
