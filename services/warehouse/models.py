"""The planner's input: a plan of SKUs × markets, as frozen dataclasses with form defaults.

Quantities, days and kilograms are floats (statistical inputs); money is Decimal in the plan's
currency unless a rate-card entry names its own. ``validate_plan`` builds these from JSON and
``plan_to_json`` writes them back, so a stored plan round-trips exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from services.core.i18n import N_

MODES = ("direct", "3pl", "fba", "own")
MODE_LABELS = {
    "direct": N_("Direct parcel from China"),
    "3pl": N_("Overseas 3PL warehouse"),
    "fba": N_("Platform fulfilment (FBA)"),
    "own": N_("Own overseas warehouse"),
}
SERVICE_TYPES = ("cycle", "fill_rate")
LEG_NAMES = (
    "production",
    "trucking",
    "export",
    "wait",
    "main",
    "import",
    "receiving",
    "transfer",
    "total",
)
LEG_LABELS = {
    "production": N_("Production / purchase order"),
    "trucking": N_("Domestic trucking"),
    "export": N_("Export clearance and cut-off"),
    "wait": N_("Waiting for sailing"),
    "main": N_("Main leg"),
    "import": N_("Import clearance"),
    "receiving": N_("Receiving"),
    "transfer": N_("Transfer to the fulfilment centre"),
    "total": N_("Lead time"),
}
# Legs after the goods leave: ship-by = need date − these (domain §2.5). A single "total" leg
# cannot be split, so the goods are taken to ship when ordered.
SHIPPED_LEGS = frozenset({"main", "import", "receiving", "transfer", "total"})
MAIN_MODES = ("sea", "sea_lcl", "sea_fcl", "air", "rail", "express")
MAIN_MODE_LABELS = {
    "sea": N_("Sea (LCL or FCL, whichever is cheaper)"),
    "sea_lcl": N_("Sea LCL"),
    "sea_fcl": N_("Sea FCL"),
    "air": N_("Air freight"),
    "rail": N_("China–Europe rail"),
    "express": N_("Express"),
}
HISTORY_PERIODS = ("day", "month")


@dataclass(frozen=True, slots=True)
class Leg:
    name: str
    mean_days: float
    std_days: float = 0.0


@dataclass(frozen=True, slots=True)
class LeadTimeInput:
    legs: tuple[Leg, ...]
    main_mode: str = "sea"


@dataclass(frozen=True, slots=True)
class DemandInput:
    """Either a mean and spread (a new market: an analogue SKU's figures) or a history."""

    daily_mean: float | None = None
    daily_std: float | None = None
    seasonality: tuple[float, ...] | None = None  # 12 monthly indices, average 1
    history: tuple[float | None, ...] = ()  # None marks a stock-out day/month (censored)
    history_period: str = "day"
    market_size_factor: float = 1.0  # analogue demand × this factor
    spread_factor: float = 1.0  # widen σ for a new market


@dataclass(frozen=True, slots=True)
class Carton:
    units: int
    length_cm: float
    width_cm: float
    height_cm: float
    weight_kg: float | None = None

    @property
    def cbm(self) -> float:
        return self.length_cm * self.width_cm * self.height_cm / 1_000_000


@dataclass(frozen=True, slots=True)
class MarketPlanInput:
    market: str
    demand: DemandInput
    lead_time: LeadTimeInput
    review_period_days: float = 0.0
    service_level: float = 0.95
    service_type: str = "cycle"
    order_quantity: int | None = None  # fixed Q; None: the cheapest candidate
    opening_stock: float | None = None  # None: start with SS + Q on hand
    need_space: bool = True  # cbm and pallet positions asked for (needs carton data)
    duty_rate_percent: Decimal | None = None  # entered; used when no tariff data
    rcep_preference: bool = False  # goods qualify as RCEP-originating: the applied rate
    vat_registered: bool = False  # import VAT reclaimable (a cash-timing item only)
    costs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # rate-card overrides


@dataclass(frozen=True, slots=True)
class SkuInput:
    name: str
    unit_cost: Decimal
    unit_weight_kg: float
    markets: tuple[MarketPlanInput, ...]
    hs: str = ""
    price: Decimal | None = None
    unit_dims_cm: tuple[float, float, float] | None = None
    carton: Carton | None = None
    moq: int = 0
    max_order: int | None = None


@dataclass(frozen=True, slots=True)
class PalletSpec:
    length_cm: float = 120.0
    width_cm: float = 100.0
    max_height_cm: float = 150.0  # set by the 3PL: 1.5-1.8 m
    pallet_height_cm: float = 15.0
    utilisation: float = 0.85  # racking loss, 0.85-0.9


@dataclass(frozen=True, slots=True)
class SimulationSpec:
    enabled: bool = True
    paths: int = 500
    seed: int = 20260101


@dataclass(frozen=True, slots=True)
class PlanInput:
    skus: tuple[SkuInput, ...]
    name: str = ""
    currency: str = "CNY"
    start_date: date | None = None  # None: today
    pallet: PalletSpec = PalletSpec()
    simulation: SimulationSpec = SimulationSpec()
