"""Order quantity, ship-by dates and the FBA stock corridor (domain/warehouse.md §2.5, §2.6,
§2.11).

The freight function is a step function, so the quantity is chosen by evaluating candidates —
EOQ, the LCL/FCL crossover, full containers, the MOQ, the free-storage window and the age cap —
on the total annual cost TC(Q) = (D/Q)·[K + F(Q)] + c·i·(Q/2 + SS) + D·storage(Q), each
rounded to the case pack and never past the maximum. The age cap (§2.6 item 5) is a maximum
cover A: under FIFO the oldest unit is (SS + Q)/d̄ days old when a shipment lands, so
Q ≤ d̄·A − SS; a cheaper candidate beyond it (a full container that lasts two years) is kept
in the list, marked not feasible, so that the choice can be explained.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from services.core.i18n import N_
from services.warehouse.demand import protection_demand

FBA_MIN_DAYS_OF_SUPPLY = 28  # low-inventory-level fee below this (§2.11)
FBA_MAX_AGE_DAYS = 181  # aged-inventory surcharge from this age
FBA_MAX_UTILISATION_DAYS = 154  # storage-utilisation ratio limit: 22 weeks
FBA_COVER_DAYS = FBA_MAX_AGE_DAYS - 1  # the age cap for FBA: no unit reaches the surcharge
COVER_WAREHOUSE = "warehouse"  # the rate cards' maximum months of cover (3PL, own warehouse)
COVER_FBA = "fba"
ORDER_BASIS_LABELS = {
    "fixed": N_("the quantity you entered"),
    "eoq": N_("economic order quantity"),
    "lcl_fcl_crossover": N_("where a full container becomes cheaper than LCL"),
    "fcl_20": N_("a full 20 ft container"),
    "fcl_40": N_("a full 40 ft container"),
    "moq": N_("the minimum order quantity"),
    "free_window": N_("the free-storage window"),
    "age_cap": N_("the stock-age limit"),
}


@dataclass(frozen=True, slots=True)
class CoverLimit:
    """The age cap A of §2.6: the oldest unit may be at most ``days`` old when a shipment
    lands. ``basis``: COVER_WAREHOUSE or COVER_FBA."""

    days: float
    basis: str


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # fixed | eoq | lcl_fcl_crossover | fcl_20 | fcl_40 | moq | free_window | age_cap
    quantity: int
    annual_cost: float
    feasible: bool
    cover_days: float = 0.0  # age of the oldest unit when this quantity lands


@dataclass(frozen=True, slots=True)
class OrderPlan:
    eoq: float
    quantity: int
    chosen: str
    candidates: tuple[Candidate, ...]
    cycle_days: float
    shipments_per_year: float
    annual_cost: float
    cover_days: float = 0.0  # age of the oldest unit when a shipment lands: (SS + Q)/d̄
    max_cover_days: float | None = None  # the age cap applied (None: none could be)
    age_cap_quantity: int | None = None  # the largest quantity within it

    @property
    def beyond_cover(self) -> Candidate | None:
        """The cheapest candidate the age cap ruled out, when it was cheaper than the choice."""
        cap = self.age_cap_quantity
        over = [
            k for k in self.candidates if cap is not None and k.quantity > cap and k.key != "fixed"
        ]
        best = min(over, key=lambda k: k.annual_cost, default=None)
        return best if best is not None and best.annual_cost < self.annual_cost else None


@dataclass(frozen=True, slots=True)
class CostInputs:
    """Everything TC(Q) needs, in the plan's currency."""

    annual_demand: float
    daily_mean: float
    safety_stock: float
    order_cost: float  # K per shipment
    freight: Callable[[float, float], float]  # (cbm, kg) → one shipment's freight
    holding_rate: float  # c·i per unit per year (capital)
    storage_per_unit: Callable[[float], float]  # days in stock → storage per unit sold
    unit_cbm: float
    unit_kg: float


def days_in_stock(safety_stock: float, quantity: float, daily_mean: float) -> float:
    """Average age of a unit at sale under FIFO: it waits behind SS + Q/2 units."""
    return (max(safety_stock, 0.0) + quantity / 2) / daily_mean


def cover_days(safety_stock: float, quantity: float, daily_mean: float) -> float:
    """Age of the oldest unit when a shipment lands under FIFO: (SS + Q)/d̄."""
    return (max(safety_stock, 0.0) + quantity) / daily_mean


def age_cap_quantity(
    daily_mean: float, safety_stock: float, max_cover_days: float, case_pack: int = 1
) -> int:
    """The largest whole number of case packs whose oldest unit stays within the cover:
    Q ≤ d̄·A − SS (0 when the safety stock alone lasts that long)."""
    return max(0, round_down(daily_mean * max_cover_days - max(safety_stock, 0.0), case_pack))


def annual_cost(q: float, c: CostInputs) -> float:
    shipments = c.annual_demand / q
    freight = c.freight(q * c.unit_cbm, q * c.unit_kg)
    holding = c.holding_rate * (q / 2 + max(c.safety_stock, 0.0))
    storage = c.annual_demand * c.storage_per_unit(days_in_stock(c.safety_stock, q, c.daily_mean))
    return shipments * (c.order_cost + freight) + holding + storage


def _candidate(key: str, quantity: int, c: CostInputs, feasible: bool) -> Candidate:
    cover = cover_days(c.safety_stock, quantity, c.daily_mean)
    return Candidate(key, quantity, annual_cost(quantity, c), feasible, cover)


def eoq(annual_demand: float, order_cost: float, holding_per_year: float) -> float:
    if holding_per_year <= 0 or order_cost <= 0:
        return 0.0
    return math.sqrt(2 * annual_demand * order_cost / holding_per_year)


def round_up(q: float, pack: int) -> int:
    return max(pack, math.ceil(q / pack - 1e-9) * pack)


def round_down(q: float, pack: int) -> int:
    return math.floor(q / pack + 1e-9) * pack


def choose_quantity(
    c: CostInputs,
    *,
    case_pack: int = 1,
    moq: int = 0,
    max_order: int | None = None,
    fixed: int | None = None,
    eoq_holding: float,
    container_cbm: Sequence[tuple[str, float]] = (),
    lcl_fcl_crossover_cbm: float | None = None,
    free_window_days: float | None = None,
    age_cap_days: float | None = None,
) -> OrderPlan:
    """The cheapest feasible candidate. ``age_cap_days`` rules out candidates whose oldest
    unit would be older than that (not a quantity the user entered); it is dropped when even
    one case pack or the MOQ breaks it."""
    q_eoq = eoq(c.annual_demand, c.order_cost, eoq_holding)
    raw: list[tuple[str, float, bool]] = []  # key, quantity, round up?
    if fixed is not None:
        raw.append(("fixed", fixed, True))
    else:
        raw.append(("eoq", q_eoq, True))
        if lcl_fcl_crossover_cbm and c.unit_cbm > 0:
            raw.append(("lcl_fcl_crossover", lcl_fcl_crossover_cbm / c.unit_cbm, False))
        for key, cbm in container_cbm:
            if c.unit_cbm > 0:
                raw.append((key, cbm / c.unit_cbm, False))
        if moq:
            raw.append(("moq", moq, True))
        if free_window_days:
            raw.append(("free_window", c.daily_mean * free_window_days - c.safety_stock, False))
    age_q = None
    if age_cap_days:
        age_q = age_cap_quantity(c.daily_mean, c.safety_stock, age_cap_days, case_pack)
        if age_q < max(case_pack, moq):
            age_q = None  # one case pack (or the MOQ) already lasts longer: no cap possible
        elif fixed is None and (max_order is None or age_q < max_order):
            raw.append(("age_cap", age_q, False))
    candidates: list[Candidate] = []
    seen: set[int] = set()
    for key, q, up in raw:
        quantity = round_up(q, case_pack) if up else round_down(q, case_pack)
        if max_order is not None and quantity > max_order and fixed is None:
            quantity = round_down(max_order, case_pack)  # never round past the maximum
        if quantity <= 0 or quantity in seen:
            continue
        seen.add(quantity)
        feasible = fixed is not None or (
            quantity >= moq
            and (max_order is None or quantity <= max_order)
            and (age_q is None or quantity <= age_q)
        )
        candidates.append(_candidate(key, quantity, c, feasible))
    if not candidates:  # every candidate rounded to nothing: one case pack (or the MOQ)
        quantity = round_up(max(moq, 1), case_pack)
        candidates.append(_candidate("moq", quantity, c, True))
    usable = [k for k in candidates if k.feasible] or candidates
    best = min(usable, key=lambda k: k.annual_cost)
    return OrderPlan(
        eoq=q_eoq,
        quantity=best.quantity,
        chosen=best.key,
        candidates=tuple(candidates),
        cycle_days=best.quantity / c.daily_mean,
        shipments_per_year=c.annual_demand / best.quantity,
        annual_cost=best.annual_cost,
        cover_days=best.cover_days,
        max_cover_days=age_cap_days if age_q is not None else None,
        age_cap_quantity=age_q,
    )


@dataclass(frozen=True, slots=True)
class Shipment:
    order_by: date  # place the purchase order
    ship_by: date  # goods must leave China (what Amazon Restock shows)
    arrive_by: date  # the need date: sellable in the warehouse
    quantity: int
    reorder_point: float  # the seasonal reorder point (or order-up-to) that triggered it


def schedule(
    daily: Sequence[float],
    start: date,
    *,
    opening_stock: float,
    safety_stock: float,
    lead_days: float,
    shipped_days: float,
    quantity: int,
    review_days: float = 0.0,
    case_pack: int = 1,
    horizon: int = 365,
) -> list[Shipment]:
    """Orders over the horizon on forecast demand: continuous review orders n·Q when the
    inventory position reaches the seasonal reorder point Σd̂(t, t+L] + SS; periodic review
    (R > 0) looks every R days and, when the position is at or below the seasonal order-up-to
    level s = Σd̂(t, t+L+R] + SS_R, orders up to s + Q ((R, s, S) with S = s + Q, so that the
    chosen shipment size is kept). ``daily`` must cover the horizon plus L + R + 1 days."""
    position = opening_stock
    period = max(1, round(review_days)) if review_days > 0 else 0
    shipments = []
    for t in range(horizon):
        position -= daily[t]
        if period:
            if t % period:
                continue
            level = protection_demand(daily, t, lead_days + review_days) + safety_stock
            if position > level:
                continue
            q = round_up(level + quantity - position, case_pack)
        else:
            level = protection_demand(daily, t, lead_days) + safety_stock
            if position > level:
                continue
            q = quantity * max(1, math.ceil((level - position) / quantity))
        position += q
        day = start + timedelta(days=t)
        shipments.append(
            Shipment(
                order_by=day,
                ship_by=day + timedelta(days=round(lead_days - shipped_days)),
                arrive_by=day + timedelta(days=round(lead_days)),
                quantity=q,
                reorder_point=level,
            )
        )
    return shipments


@dataclass(frozen=True, slots=True)
class Corridor:
    """The FBA stock window for a plan (§2.11): average days of supply, the age of the oldest
    unit when a shipment lands, and which limits the plan breaks."""

    average_days_of_supply: float
    max_age_days: float
    below_minimum: bool
    aged: bool
    over_utilisation: bool


def corridor(safety_stock: float, quantity: float, daily_mean: float) -> Corridor:
    ss = max(safety_stock, 0.0)
    average = (ss + quantity / 2) / daily_mean
    max_age = (ss + quantity) / daily_mean
    return Corridor(
        average_days_of_supply=average,
        max_age_days=max_age,
        below_minimum=average < FBA_MIN_DAYS_OF_SUPPLY,
        aged=max_age >= FBA_MAX_AGE_DAYS,
        over_utilisation=average > FBA_MAX_UTILISATION_DAYS,
    )
