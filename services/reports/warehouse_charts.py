"""The overseas-warehouse charts of the readiness report (issue 6): the cost per unit of each
fulfilment mode as stacked bars, and the simulated stock on hand over the year (P10 to P90
band, median, reorder level), both for the first SKU × market line of the company's plan.

``first_line_charts`` plans that line again with a short Monte-Carlo run — at most
:data:`REPORT_PATHS` paths with the plan's own seed, so the band equals the planner page's for
plans with that many paths or fewer and the report stays fast; a plan with the simulation
switched off gets no stock chart, as on the planner page. ``chart_blocks`` turns the data into
report blocks. Texts are translated in the current language (call inside
``report_language``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from services.core.i18n import _, format_decimal, format_integer
from services.refdata.countries import market_name
from services.reports.model import (
    STACKED,
    BandChart,
    Block,
    Chart,
    Series,
)
from services.warehouse.charts import StackedBars, StockBand, cost_bars, month_ticks, stock_band
from services.warehouse.models import PlanInput
from services.warehouse.planner import compute_plan

REPORT_PATHS = 300  # enough for a steady P10/P90 band; a run takes a few hundredths of a second
TICKS = 4  # value-axis intervals, about


@dataclass(frozen=True, slots=True)
class WarehouseCharts:
    """Chart data of one SKU × market line of a plan (labels already translated)."""

    line: str  # "Power bank · Japan"
    currency: str
    bars: StackedBars
    band: StockBand | None
    paths: int


def first_line_charts(plan: PlanInput) -> WarehouseCharts | None:
    """The charts of the plan's first SKU in its first market, or None when it has none.
    Raises what ``compute_plan`` raises (AppError, ArithmeticError …)."""
    if not plan.skus or not plan.skus[0].markets:
        return None
    sku = plan.skus[0]
    paths = min(plan.simulation.paths, REPORT_PATHS)
    one_line = replace(
        plan,
        skus=(replace(sku, markets=sku.markets[:1]),),
        simulation=replace(plan.simulation, paths=paths),
    )
    (result,) = compute_plan(one_line).results
    name = sku.name or _("SKU {number}").format(number=1)
    return WarehouseCharts(
        line=_("{sku} · {market}").format(sku=name, market=market_name(result.market.market)),
        currency=plan.currency,
        bars=cost_bars(result),
        band=stock_band(result),
        paths=paths,
    )


def chart_blocks(charts: WarehouseCharts) -> tuple[Block, ...]:
    """The cost bars and the stock band, each only with data; their titles name the line (no
    separate heading that could be left alone at the foot of a page)."""
    bars = cost_chart(charts)
    band = stock_chart(charts) if charts.band is not None else None
    return tuple(block for block in (bars, band) if block is not None)


def cost_chart(charts: WarehouseCharts) -> Chart | None:
    bars = charts.bars
    if not bars.categories or not bars.stacks:
        return None
    heights = [sum(s.values[i] for s in bars.stacks) for i in range(len(bars.categories))]
    ticks = value_ticks(max([*heights, *bars.totals]))
    return Chart(
        kind=STACKED,
        title=_("Cost per unit of {line} ({currency})").format(
            line=charts.line, currency=charts.currency
        ),
        categories=bars.category_labels,
        series=tuple(Series(s.label, tuple(s.values)) for s in bars.stacks),
        maximum=ticks[-1][0],
        value_ticks=ticks,
    )


def stock_chart(charts: WarehouseCharts) -> BandChart | None:
    band = charts.band
    if band is None or not band.dates:
        return None
    lines = [Series(band.p50.label, band.p50.values)]
    lines += [
        Series(s.label, s.values) for s in band.lines if s.key == "reorder_level" and any(s.values)
    ]
    top = max([*band.p90.values, *(v for s in lines for v in s.values if v is not None)])
    return BandChart(
        title=_("Stock on hand of {line} over the year (units)").format(line=charts.line),
        low=band.p10.values,
        high=band.p90.values,
        band_label=_("P10 to P90 of the simulated paths"),
        lines=tuple(lines),
        x_ticks=tuple(month_ticks(list(band.dates))),
        value_ticks=value_ticks(top),
        footnote=_(
            "Shaded band: stock on hand in 8 of 10 of the {paths} simulated paths on each day."
        ).format(paths=format_integer(charts.paths)),
    )


def value_ticks(top: float) -> tuple[tuple[float, str], ...]:
    """Round axis values from 0 to at least ``top`` in steps of 1, 2, 2.5 or 5 × 10ⁿ (about
    :data:`TICKS` intervals), formatted in the current language."""
    top = top if math.isfinite(top) and top > 0 else 1.0
    raw = top / TICKS
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    count = max(1, math.ceil(top / step - 1e-9))
    digits = next((d for d in range(12) if _whole(step * 10**d)), 12)
    return tuple((n * step, format_decimal(n * step, digits)) for n in range(count + 1))


def _whole(value: float) -> bool:
    return round(value) >= 1 and abs(value - round(value)) <= 1e-9 * value
