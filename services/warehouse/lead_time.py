"""Lead time from its legs (domain/warehouse.md §2.3): L = Σ means, σ_L = √Σσ² (independent
legs), plus default legs per market and main-leg mode from the document's table."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from services.core.paths import resource_dir
from services.warehouse.models import SHIPPED_LEGS, LeadTimeInput, Leg

# A range from the document is read as about ±2 standard deviations.
RANGE_SIGMAS = 4.0


@dataclass(frozen=True, slots=True)
class LeadTimeSummary:
    mean_days: float
    std_days: float
    shipped_days: float  # legs after the goods leave: ship-by offset before the need date
    pipeline_days: float  # in transit, clearing and receiving: paid-for stock on the way
    legs: tuple[Leg, ...]

    @property
    def before_shipping_days(self) -> float:
        return self.mean_days - self.shipped_days


def summarise(lead_time: LeadTimeInput) -> LeadTimeSummary:
    mean = sum(leg.mean_days for leg in lead_time.legs)
    std = math.sqrt(sum(leg.std_days**2 for leg in lead_time.legs))
    shipped = sum(leg.mean_days for leg in lead_time.legs if leg.name in SHIPPED_LEGS)
    return LeadTimeSummary(mean, std, shipped, shipped, lead_time.legs)


@cache
def _table() -> dict[str, Any]:
    path = resource_dir() / "data" / "warehouse" / "rate_cards.json"
    table: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["lead_times"]
    return table


def _from_range(name: str, raw: dict[str, Any]) -> Leg:
    if "mean" in raw:
        return Leg(name, float(raw["mean"]), float(raw["std"]))
    low, high = float(raw["low"]), float(raw["high"])
    return Leg(name, round((low + high) / 2, 3), round((high - low) / RANGE_SIGMAS, 3))


def default_legs(market: str, main_mode: str = "sea") -> LeadTimeInput | None:
    """Typical legs for a lane from the document, or None when it has no figure for the main
    leg (e.g. rail outside Europe)."""
    table = _table()
    family = "sea" if main_mode.startswith("sea") else main_mode
    lanes = table["main"].get(family, {})
    lane = lanes.get(market) or lanes.get("*")
    if lane is None:
        return None
    legs = [_from_range(name, raw) for name, raw in table["legs"].items()]
    if family != "sea":  # no sailing schedule and no LCL cut-off outside sea freight
        legs = [leg for leg in legs if leg.name not in ("wait", "export")]
    main = _from_range("main", lane)
    order = ["production", "trucking", "export", "wait", "main", "import", "receiving"]
    by_name = {leg.name: leg for leg in [*legs, main]}
    return LeadTimeInput(tuple(by_name[n] for n in order if n in by_name), main_mode)


def default_leg_sources(market: str, main_mode: str = "sea") -> dict[str, str]:
    table = _table()
    family = "sea" if main_mode.startswith("sea") else main_mode
    lanes = table["main"].get(family, {})
    lane = lanes.get(market) or lanes.get("*") or {}
    sources = {name: str(raw.get("source", "")) for name, raw in table["legs"].items()}
    sources["main"] = str(lane.get("source", ""))
    return sources
