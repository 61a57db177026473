"""Scenarios line up SKU by SKU: the same market first, then the remaining lines in order."""

from __future__ import annotations

from services.warehouse.comparison import align, totals
from services.warehouse.repository import ComparedLine, ComparedPlan


def _plan(name: str, *lines: tuple[str, str, float | None]) -> ComparedPlan:
    return ComparedPlan(
        name,
        name,
        "CNY",
        tuple(ComparedLine(sku, market, {"cash_tied_up": cash}) for sku, market, cash in lines),
    )


def _markets(plans: list[ComparedPlan]) -> list[tuple[str, tuple[str | None, ...]]]:
    return [
        (row.sku, tuple(line.market if line else None for line in row.lines))
        for row in align(plans)
    ]


def test_different_markets_share_a_row() -> None:
    sea = _plan("sea", ("Power bank", "JP", 100.0))
    rail = _plan("rail", ("Power bank", "EU", 200.0))
    rows = align([sea, rail])
    assert _markets([sea, rail]) == [("Power bank", ("JP", "EU"))]
    assert not rows[0].same_market


def test_the_same_market_lines_up_before_the_rest_pair_in_order() -> None:
    a = _plan("a", ("Power bank", "JP", 1.0), ("Power bank", "US", 2.0), ("Case", "TH", 3.0))
    b = _plan("b", ("Power bank", "EU", 4.0), ("Power bank", "JP", 5.0))
    assert _markets([a, b]) == [
        ("Power bank", ("JP", "JP")),
        ("Power bank", ("US", "EU")),
        ("Case", ("TH", None)),
    ]
    assert align([a, b])[0].same_market


def test_totals_add_the_lines_and_skip_missing_figures() -> None:
    plan = _plan("a", ("Power bank", "JP", 100.5), ("Power bank", "US", None), ("Case", "TH", 20))
    result = totals(plan)
    assert result["cash_tied_up"] == 120.5
    assert result["storage_cbm"] is None
