"""Lining scenarios up for a side-by-side comparison (issue #6: "sea vs rail, 95 % vs 98 %").

Scenarios often differ in where they sell, not only in how: sea to Japan in one, rail to the
EU in the other. Rows therefore follow the SKU: a SKU's line for the same market lines up
across scenarios first, and its remaining lines pair up in order, so that each row holds one
line of every scenario that plans the SKU and the market is shown with the figures. Whole
scenarios compare by their totals (cash, carrying cost, space), which add up across lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.warehouse.repository import ComparedLine, ComparedPlan

# Figures that add up across a scenario's SKU × market lines.
TOTAL_FIGURES = ("cash_tied_up", "carrying_cost_per_year", "storage_cbm", "peak_positions")


@dataclass(frozen=True, slots=True)
class AlignedLine:
    sku: str
    lines: tuple[ComparedLine | None, ...]  # one per scenario; None: it does not plan the SKU

    @property
    def same_market(self) -> bool:
        return len({line.market for line in self.lines if line is not None}) <= 1


def _first_seen(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def align(plans: Sequence[ComparedPlan]) -> list[AlignedLine]:
    """The comparison's rows, SKU by SKU in the order they first appear."""
    rows: list[AlignedLine] = []
    for sku in _first_seen([line.sku for plan in plans for line in plan.lines]):
        left = [[line for line in plan.lines if line.sku == sku] for plan in plans]
        markets = _first_seen([line.market for lines in left for line in lines])
        for market in markets:
            matched = [next((ln for ln in lines if ln.market == market), None) for lines in left]
            if sum(line is not None for line in matched) < 2:
                continue  # only one scenario sells there: paired with another market below
            rows.append(AlignedLine(sku, tuple(matched)))
            left = [
                [ln for ln in lines if ln is not m] for lines, m in zip(left, matched, strict=True)
            ]
        for k in range(max((len(lines) for lines in left), default=0)):
            rows.append(
                AlignedLine(sku, tuple(lines[k] if k < len(lines) else None for lines in left))
            )
    return rows


def totals(plan: ComparedPlan) -> dict[str, float | None]:
    """The scenario's TOTAL_FIGURES summed over its lines (None when no line has the figure)."""
    result: dict[str, float | None] = {}
    for key in TOTAL_FIGURES:
        values = [v for line in plan.lines if isinstance(v := line.figures.get(key), int | float)]
        result[key] = sum(values) if values else None
    return result
