"""Computing a plan: for every SKU × market — stock levels, order quantity and ship-by dates,
space, cash, cost per unit by fulfilment mode, break-even, a recommendation and the stock
simulation (domain/warehouse.md §2).

Duty: from ``tariff_lookup`` (the GUI and the command line pass one built on the RCEP tariff
module) when it has data for the SKU's HS code and the market, else the rate the user entered,
else zero with a warning; the result says which.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from services.core.clock import local_today
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.core.settings import ExchangeRate
from services.refdata.countries import market_name
from services.warehouse import costs as cost_model
from services.warehouse.break_even import (
    VolumeBreakEven,
    WeightBreakEven,
    pairwise,
    weight_break_even,
)
from services.warehouse.demand import DemandEstimate, estimate, forecast
from services.warehouse.fx import Converter, UsedRate
from services.warehouse.lead_time import LeadTimeSummary, summarise
from services.warehouse.models import MarketPlanInput, PlanInput, SkuInput
from services.warehouse.rate_cards import RateCards, default_cards, with_overrides
from services.warehouse.recommend import Recommendation, order_reasons, recommend
from services.warehouse.replenishment import (
    COVER_FBA,
    COVER_WAREHOUSE,
    FBA_COVER_DAYS,
    Corridor,
    CostInputs,
    CoverLimit,
    OrderPlan,
    Shipment,
    age_cap_quantity,
    choose_quantity,
    corridor,
    days_in_stock,
    round_down,
    schedule,
)
from services.warehouse.safety_stock import StockLevels, stock_levels
from services.warehouse.simulation import Policy, SimulationResult, simulate
from services.warehouse.storage import StoragePlan, plan_storage
from services.warehouse.tax_rules import TaxRule, changes_between, next_change, rule_for

HORIZON_DAYS = 365
DUTY_TARIFF = "tariff"
DUTY_ENTERED = "entered"
DUTY_NONE = "none"


class DutyQuote(Protocol):
    """A duty rate found for an HS code in a market (e.g. services.rcep.duty_rates)."""

    @property
    def rate_percent(self) -> Decimal: ...

    @property
    def source(self) -> str: ...

    @property
    def line(self) -> str: ...

    @property
    def note(self) -> str: ...


# (hs code, market, day, RCEP preference claimed) → the rate, or None when there are no data.
TariffLookup = Callable[[str, str, date, bool], DutyQuote | None]


@dataclass(frozen=True, slots=True)
class DutyInfo:
    rate_percent: float
    basis: str  # tariff | entered | none
    source: str = ""
    line: str = ""
    note: str = ""


@dataclass(frozen=True)
class MarketResult:
    sku_index: int
    market_index: int
    sku: SkuInput
    market: MarketPlanInput
    start: date
    demand: DemandEstimate
    lead_time: LeadTimeSummary
    levels: StockLevels
    order: OrderPlan
    shipments: tuple[Shipment, ...]
    storage: StoragePlan | None
    monthly_units: float
    days_in_stock: float
    cash_tied_up: float
    carrying_cost_per_year: float
    corridor: Corridor
    costs: Mapping[str, cost_model.ModeCost]
    per_unit: Mapping[str, float | None]
    break_even: tuple[VolumeBreakEven, ...]
    weight_break_even: tuple[WeightBreakEven, ...]
    recommendation: Recommendation
    duty: DutyInfo
    tax: TaxRule
    tax_changes: tuple[TaxRule, ...]
    cards: RateCards
    simulation: SimulationResult | None
    forecast: tuple[float, ...]  # d̂ per day of the horizon
    weight_axis: tuple[float, ...]  # unit weights (kg) for the weight break-even chart
    weight_costs: Mapping[str, tuple[float, ...]]  # mode → cost per unit at each weight
    warnings: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"skus[{self.sku_index}].markets[{self.market_index}]"


@dataclass(frozen=True)
class PlanResult:
    plan: PlanInput
    start: date
    currency: str
    results: tuple[MarketResult, ...]
    exchange_rates: tuple[UsedRate, ...]


def _duty(
    sku: SkuInput, market: MarketPlanInput, day: date, lookup: TariffLookup | None
) -> tuple[DutyInfo, list[str]]:
    if lookup is not None and sku.hs:
        quote = lookup(sku.hs, market.market, day, market.rcep_preference)
        if quote is not None:
            info = DutyInfo(
                float(quote.rate_percent), DUTY_TARIFF, quote.source, quote.line, quote.note
            )
            return info, []
    if market.duty_rate_percent is not None:
        return DutyInfo(float(market.duty_rate_percent), DUTY_ENTERED), []
    warning = _(
        "No duty rate for {market}: no tariff data for this HS code and none entered, "
        "so duty is taken as zero."
    ).format(market=market.market)
    return DutyInfo(0.0, DUTY_NONE), [warning]


def _unit(sku: SkuInput, fx: Converter, currency: str) -> cost_model.Unit:
    if sku.unit_dims_cm is not None:
        length, width, height = sku.unit_dims_cm
        cbm = length * width * height / 1_000_000
    else:
        assert sku.carton is not None  # validation asks for one of the two
        cbm = sku.carton.cbm / sku.carton.units
    return cost_model.Unit(
        cost=float(sku.unit_cost),
        price=float(sku.price) if sku.price is not None else None,
        weight_kg=sku.unit_weight_kg,
        cbm=cbm,
        dims_cm=sku.unit_dims_cm,
    )


def _free_window(cards: RateCards) -> float | None:
    rows = cards.table("threepl", "storage_tiers").rows
    paid = sorted(int(float(str(r["from_day"]))) for r in rows if float(str(r["rate"])) > 0)
    return float(paid[0] - 1) if paid and paid[0] > 1 else None


def _money(ctx: cost_model.Context, card: str, key: str) -> float:
    entry = ctx.cards.param(card, key)
    return ctx.fx.convert(entry.value, entry.currency)


def _landed(mode_cost: cost_model.ModeCost) -> float:
    """Goods, head haul, duty and import VAT per unit: the value of a unit in the warehouse."""
    return sum(mode_cost.segments[k] for k in ("goods", "head_haul", "duty", "vat"))


def _warehouse_cover_days(cards: RateCards) -> float | None:
    """The 3PL / own-warehouse age cap: the rate cards' maximum months of cover, in days."""
    if not cards.has("common", "max_cover_months"):
        return None
    return float(cards.param("common", "max_cover_months").value) * 365 / 12


def _needs_lcl(
    ctx: cost_model.Context,
    unit: cost_model.Unit,
    demand: DemandEstimate,
    safety_stock: float,
    cover: CoverLimit | None,
    pack: int,
) -> bool:
    """On a container-only lane (sea FCL, rail): the smallest full container holds more than
    the age cap allows, so shipments fall back to LCL."""
    if cover is None or ctx.main_mode not in ("sea_fcl", "rail"):
        return False
    key = "loadable_40_cbm" if ctx.main_mode == "rail" else "loadable_20_cbm"
    full = round_down(float(ctx.cards.param("head_haul", key).value) / unit.cbm, pack)
    return age_cap_quantity(demand.daily_mean, safety_stock, cover.days, pack) < full


def _choose_order(
    ctx: cost_model.Context,
    unit: cost_model.Unit,
    sku: SkuInput,
    market: MarketPlanInput,
    demand: DemandEstimate,
    safety_stock: float,
    cover: CoverLimit | None,
) -> tuple[OrderPlan, cost_model.Context]:
    """The order quantity, and ``ctx`` with the freight basis it was chosen on (LCL allowed
    on a container-only lane when a full container would break the age cap)."""
    pack = sku.carton.units if sku.carton is not None else 1
    ctx = replace(ctx, lcl_fallback=_needs_lcl(ctx, unit, demand, safety_stock, cover, pack))
    cards = ctx.cards
    carrying = float(cards.param("common", "carrying_rate").value)
    landed = _landed(cost_model.threepl(ctx, unit))

    def storage(days: float) -> float:
        return cost_model.threepl_storage_per_unit(ctx, unit, days)

    inputs = CostInputs(
        annual_demand=demand.annual,
        daily_mean=demand.daily_mean,
        safety_stock=safety_stock,
        order_cost=_money(ctx, "head_haul", "per_shipment"),
        freight=cost_model.freight_function(ctx),
        holding_rate=landed * carrying,
        storage_per_unit=storage,
        unit_cbm=unit.cbm,
        unit_kg=unit.weight_kg,
    )
    typical_stay = max(max(safety_stock, 0.0) / demand.daily_mean + 30, 1.0)
    eoq_holding = landed * carrying + storage(typical_stay) / typical_stay * 365
    load20 = float(cards.param("head_haul", "loadable_20_cbm").value)
    load40 = float(cards.param("head_haul", "loadable_40_cbm").value)
    containers: list[tuple[str, float]] = []
    crossover = None
    mode = market.lead_time.main_mode
    if mode in ("sea", "sea_fcl", "rail"):
        containers = [("fcl_40", load40), ("fcl_40", 2 * load40)]
        if mode != "rail":
            containers.insert(0, ("fcl_20", load20))
    if mode == "sea":
        lcl = _money(ctx, "head_haul", "lcl_per_cbm")
        crossover = _money(ctx, "head_haul", "fcl_20") / lcl if lcl > 0 else None
    order = choose_quantity(
        inputs,
        case_pack=pack,
        moq=sku.moq,
        max_order=sku.max_order,
        fixed=market.order_quantity,
        eoq_holding=eoq_holding,
        container_cbm=containers,
        lcl_fcl_crossover_cbm=crossover,
        free_window_days=_free_window(cards),
        age_cap_days=cover.days if cover is not None else None,
    )
    return order, ctx


def _levels(
    market: MarketPlanInput, demand: DemandEstimate, lead: LeadTimeSummary, quantity: float | None
) -> StockLevels:
    return stock_levels(
        daily_mean=demand.daily_mean,
        daily_std=demand.daily_std,
        lead_mean=lead.mean_days,
        lead_std=lead.std_days,
        review_days=market.review_period_days,
        service_level=market.service_level,
        service_type=market.service_type,
        order_quantity=quantity,
    )


def _uses_placeholders(cards: RateCards, modes: Iterable[str]) -> bool:
    wanted = {"common", "last_mile", "head_haul"}
    wanted |= {"parcel"} if "direct" in modes else set()
    wanted |= {"threepl"} if "3pl" in modes else set()
    wanted |= {"own"} if "own" in modes else set()
    wanted |= {"fba"} if "fba" in modes else set()
    return any(
        entry.status in ("placeholder", "assumed")
        for card, _key, entry in cards.entries()
        if card in wanted
    )


def _order_and_levels(
    base: cost_model.Context,
    unit: cost_model.Unit,
    sku: SkuInput,
    market: MarketPlanInput,
    demand: DemandEstimate,
    lead: LeadTimeSummary,
    cover: CoverLimit | None,
) -> tuple[OrderPlan, StockLevels, cost_model.Context]:
    """Q and the stock levels; a fill-rate target makes SS depend on Q, so it takes one more
    round. The context returned carries Q, the days in stock and the freight basis."""
    pack = sku.carton.units if sku.carton is not None else 1
    quantity = float(max(pack, math.ceil(demand.daily_mean * 30 / pack) * pack))  # a guess
    for _round in range(2 if market.service_type == "fill_rate" else 1):
        levels = _levels(market, demand, lead, quantity)
        stay = days_in_stock(levels.safety_stock, quantity, demand.daily_mean)
        ctx = replace(base, order_quantity=quantity, days_in_stock=stay)
        order, ctx = _choose_order(ctx, unit, sku, market, demand, levels.safety_stock, cover)
        quantity = order.quantity
    levels = _levels(market, demand, lead, order.quantity)
    stay = days_in_stock(levels.safety_stock, order.quantity, demand.daily_mean)
    return order, levels, replace(ctx, order_quantity=order.quantity, days_in_stock=stay)


def _plan_line(
    plan: PlanInput,
    sku_index: int,
    market_index: int,
    *,
    start: date,
    fx: Converter,
    tariff_lookup: TariffLookup | None,
    cover: CoverLimit | None,
) -> MarketResult:
    """Everything but the simulation, with the order quantity kept within ``cover``."""
    sku = plan.skus[sku_index]
    market = sku.markets[market_index]
    warnings: list[str] = []
    demand = estimate(market.demand)
    lead = summarise(market.lead_time)
    cards = with_overrides(default_cards(market.market), market.costs)
    tax = rule_for(market.market, start)
    duty, duty_warnings = _duty(sku, market, start, tariff_lookup)
    warnings += duty_warnings
    unit = _unit(sku, fx, plan.currency)
    daily = forecast(demand, start, _horizon(market, lead))
    base = cost_model.Context(
        cards=cards,
        fx=fx,
        tax=tax,
        duty_rate=duty.rate_percent,
        order_quantity=1.0,
        days_in_stock=0.0,
        pipeline_days=lead.pipeline_days,
        main_mode=market.lead_time.main_mode,
        vat_registered=market.vat_registered,
    )
    order, levels, ctx = _order_and_levels(base, unit, sku, market, demand, lead, cover)
    stay = ctx.days_in_stock
    pack = sku.carton.units if sku.carton is not None else 1
    mode_costs = cost_model.all_modes(ctx, unit)
    monthly = demand.daily_mean * 365 / 12
    per_unit = {m: (c.per_unit_at(monthly) if c.available else None) for m, c in mode_costs.items()}
    uplift = float(cards.param("common", "conversion_uplift").value)
    volume = pairwise(list(mode_costs.values()), unit.price, uplift)

    def cost_at(weight: float) -> dict[str, float]:
        scaled = replace(
            unit, weight_kg=weight, cbm=unit.cbm * weight / unit.weight_kg, dims_cm=None
        )
        found = cost_model.all_modes(ctx, scaled)
        return {m: c.per_unit_at(monthly) for m, c in found.items() if c.available}

    weight = tuple(
        weight_break_even(cost_at, "direct", other)
        for other in ("3pl", "fba", "own")
        if mode_costs[other].available
    )
    axis = tuple(unit.weight_kg * k / 10 for k in range(1, 31))  # 0.1× to 3× the weight
    at_axis = [cost_at(w) for w in axis]
    weight_costs = {m: tuple(c[m] for c in at_axis) for m in per_unit if per_unit[m] is not None}
    storage = None
    if sku.carton is not None:
        storage = plan_storage(
            sku.carton, plan.pallet, safety_stock=levels.safety_stock, order_quantity=order.quantity
        )
        if storage.units_per_pallet == 0:
            warnings.append(_("The carton does not fit on the pallet (size or height limit)."))
    landed = _landed(mode_costs["3pl"])
    goods_and_freight = unit.cost + mode_costs["3pl"].segments["head_haul"]
    pipeline_units = demand.daily_mean * lead.pipeline_days
    average_on_hand = max(levels.safety_stock, 0.0) + order.quantity / 2
    cash = pipeline_units * goods_and_freight + average_on_hand * landed
    carrying = cash * float(cards.param("common", "carrying_rate").value)
    band = corridor(levels.safety_stock, order.quantity, demand.daily_mean)
    opening = market.opening_stock
    shipments = schedule(
        daily,
        start,
        opening_stock=(
            opening if opening is not None else max(levels.safety_stock, 0.0) + order.quantity
        ),
        safety_stock=levels.safety_stock,
        lead_days=lead.mean_days,
        shipped_days=lead.shipped_days,
        quantity=order.quantity,
        review_days=market.review_period_days,
        case_pack=pack,
    )
    if shipments and shipments[0].order_by <= start:
        warnings.append(_("Order now: the stock position is already at the reorder point."))
    name = market_name(market.market)
    changes = changes_between(market.market, start, date.fromordinal(start.toordinal() + 365))
    _duty_direct, _vat_direct, parcel_note = cost_model.parcel_taxes(ctx, unit)
    rec = recommend(
        mode_costs,
        per_unit,
        monthly_units=monthly,
        currency=plan.currency,
        weight_kg=unit.weight_kg,
        volume=volume,
        weight=weight,
        corridor=band,
        parcel_note=parcel_note,
        next_tax_change=next_change(market.market, start),
        market_name=name,
        uses_placeholders=_uses_placeholders(cards, per_unit),
        order_notes=order_reasons(
            order,
            cover,
            main_mode=market.lead_time.main_mode,
            lcl_fallback=ctx.lcl_fallback,
            rail_lcl_rate=cost_model.rail_lcl_available(cards),
        ),
    )
    return MarketResult(
        sku_index=sku_index,
        market_index=market_index,
        sku=sku,
        market=market,
        start=start,
        demand=demand,
        lead_time=lead,
        levels=levels,
        order=order,
        shipments=tuple(shipments),
        storage=storage,
        monthly_units=monthly,
        days_in_stock=stay,
        cash_tied_up=cash,
        carrying_cost_per_year=carrying,
        corridor=band,
        costs=mode_costs,
        per_unit=per_unit,
        break_even=tuple(volume),
        weight_break_even=weight,
        recommendation=rec,
        duty=duty,
        tax=tax,
        tax_changes=tuple(changes),
        cards=cards,
        simulation=None,
        forecast=tuple(daily[:HORIZON_DAYS]),
        weight_axis=axis,
        weight_costs=weight_costs,
        warnings=tuple(warnings),
    )


def _horizon(market: MarketPlanInput, lead: LeadTimeSummary) -> int:
    """Forecast days: the year plus one protection interval (the last review looks ahead)."""
    return HORIZON_DAYS + math.ceil(lead.mean_days + market.review_period_days) + 2


def compute_market(
    plan: PlanInput,
    sku_index: int,
    market_index: int,
    *,
    start: date,
    fx: Converter,
    tariff_lookup: TariffLookup | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> MarketResult:
    """One SKU × market. The order quantity keeps within the 3PL / own-warehouse cover; when
    FBA comes out cheapest and the stock would reach its aged surcharge, the line is planned
    again within FBA's limit."""
    market = plan.skus[sku_index].markets[market_index]
    cards = with_overrides(default_cards(market.market), market.costs)
    warehouse_days = _warehouse_cover_days(cards)
    cover = CoverLimit(warehouse_days, COVER_WAREHOUSE) if warehouse_days else None

    def line(limit: CoverLimit | None) -> MarketResult:
        return _plan_line(
            plan,
            sku_index,
            market_index,
            start=start,
            fx=fx,
            tariff_lookup=tariff_lookup,
            cover=limit,
        )

    result = line(cover)
    fba = CoverLimit(FBA_COVER_DAYS, COVER_FBA)
    if (
        result.recommendation.mode == "fba"
        and market.order_quantity is None
        and result.order.cover_days > fba.days
        and (cover is None or cover.days > fba.days)
    ):
        result = line(fba)
    if not plan.simulation.enabled:
        return result
    policy = Policy(
        daily=forecast(result.demand, start, _horizon(market, result.lead_time)),
        daily_std=result.demand.daily_std,
        lead_mean=result.lead_time.mean_days,
        lead_std=result.lead_time.std_days,
        safety_stock=result.levels.safety_stock,
        quantity=result.order.quantity,
        review_days=market.review_period_days,
        case_pack=result.sku.carton.units if result.sku.carton is not None else 1,
        opening_stock=market.opening_stock,
    )
    simulation = simulate(
        policy,
        days=HORIZON_DAYS,
        paths=plan.simulation.paths,
        seed=plan.simulation.seed,
        progress=progress,
        cancel=cancel,
    )
    return replace(result, simulation=simulation)


def compute_plan(
    plan: PlanInput,
    *,
    tariff_lookup: TariffLookup | None = None,
    exchange_rates: Iterable[ExchangeRate] = (),
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> PlanResult:
    """Every SKU × market of a validated plan. ``progress`` gets (done, total) with one step
    per simulated day; ``cancel`` stops between days (raises Cancelled)."""
    start = plan.start_date or local_today()
    fx = Converter(plan.currency, exchange_rates)
    lines = [(i, j) for i, sku in enumerate(plan.skus) for j in range(len(sku.markets))]
    total = len(lines) * (HORIZON_DAYS + 1)
    results = []
    for n, (i, j) in enumerate(lines):
        if cancel is not None:
            cancel.raise_if_cancelled()
        offset = n * (HORIZON_DAYS + 1)

        def step(done: int, _total: int, offset: int = offset) -> None:
            report(progress, offset + done, total)

        results.append(
            compute_market(
                plan,
                i,
                j,
                start=start,
                fx=fx,
                tariff_lookup=tariff_lookup,
                progress=step if progress else None,
                cancel=cancel,
            )
        )
        report(progress, offset + HORIZON_DAYS + 1, total)
    return PlanResult(plan, start, plan.currency, tuple(results), tuple(fx.used.values()))
