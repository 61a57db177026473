"""Chart data (no Qt) and the plan computation's progress reporting."""

from __future__ import annotations

from typing import Any

import pytest

from services.warehouse.charts import cost_bars, stock_band, volume_curves, weight_curves
from services.warehouse.planner import compute_plan
from services.warehouse.validation import validate_plan


@pytest.fixture
def result(plan_doc: dict[str, Any]) -> Any:
    return compute_plan(validate_plan(plan_doc)).results[0]


def test_stock_band(result: Any) -> None:
    band = stock_band(result)
    assert band is not None
    assert len(band.dates) == len(band.p50.values) == 365
    assert band.dates[0] == result.start
    assert {s.key for s in band.lines} == {"reorder_level", "safety_stock", "fba_floor"}
    assert band.shaded[0][0].month == 10
    assert band.arrivals == tuple(s.arrive_by for s in result.shipments)


def test_cost_bars_stack_up_to_the_cost_per_unit(result: Any) -> None:
    bars = cost_bars(result)
    for index, mode in enumerate(bars.categories):
        stacked = sum(series.values[index] for series in bars.stacks)
        assert stacked == pytest.approx(result.per_unit[mode])
        assert bars.totals[index] == pytest.approx(result.per_unit[mode])


def test_break_even_curves_cross_where_labelled(result: Any) -> None:
    curves = volume_curves(result)
    assert curves.crossings
    for crossing in curves.crossings:
        pair = next(
            be for be in result.break_even if be.units_per_month == pytest.approx(crossing.x)
        )
        other = result.costs[pair.against].monthly_total(crossing.x)
        assert crossing.y == pytest.approx(other)
    weights = weight_curves(result)
    assert len(weights.x) == len(weights.series[0].values)


def test_compute_plan_reports_progress(plan_doc: dict[str, Any]) -> None:
    seen: list[tuple[int, int]] = []
    compute_plan(validate_plan(plan_doc), progress=lambda d, t: seen.append((d, t)))
    total = seen[-1][1]
    assert seen[-1] == (total, total)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_month_ticks_name_the_year_without_two_long_labels_side_by_side() -> None:
    from datetime import date, timedelta

    from services.core.i18n import set_locale
    from services.warehouse.charts import month_ticks

    set_locale("zh_CN")
    august = [date(2026, 7, 20) + timedelta(days=n) for n in range(200)]
    assert [label for _i, label in month_ticks(august)][:2] == ["2026年8月", "9月"]
    assert "2027年1月" in [label for _i, label in month_ticks(august)]
    december = [date(2026, 11, 29) + timedelta(days=n) for n in range(70)]
    ticks = month_ticks(december)
    assert [label for _i, label in ticks] == ["12月", "2027年1月", "2月"]
    assert [december[i].day for i, _label in ticks] == [1, 1, 1]
