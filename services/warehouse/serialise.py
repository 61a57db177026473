"""A plan back to the JSON that ``validate_plan`` reads (money as strings: exact Decimals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.warehouse.models import (
    DemandInput,
    LeadTimeInput,
    MarketPlanInput,
    PlanInput,
    SkuInput,
)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _demand(d: DemandInput) -> dict[str, Any]:
    data: dict[str, Any] = {
        "market_size_factor": d.market_size_factor,
        "spread_factor": d.spread_factor,
    }
    if d.history:
        data.update(history=list(d.history), history_period=d.history_period)
    else:
        data.update(daily_mean=d.daily_mean, daily_std=d.daily_std)
    if d.seasonality is not None:
        data["seasonality"] = list(d.seasonality)
    return data


def _lead_time(lt: LeadTimeInput) -> dict[str, Any]:
    return {
        "main_mode": lt.main_mode,
        "legs": [
            {"name": g.name, "mean_days": g.mean_days, "std_days": g.std_days} for g in lt.legs
        ],
    }


def _market(m: MarketPlanInput) -> dict[str, Any]:
    return {
        "market": m.market,
        "demand": _demand(m.demand),
        "lead_time": _lead_time(m.lead_time),
        "review_period_days": m.review_period_days,
        "service_level": m.service_level,
        "service_type": m.service_type,
        "order_quantity": m.order_quantity,
        "opening_stock": m.opening_stock,
        "need_space": m.need_space,
        "duty_rate_percent": _money(m.duty_rate_percent),
        "rcep_preference": m.rcep_preference,
        "vat_registered": m.vat_registered,
        "costs": {
            card: {k: dict(v) for k, v in entries.items()} for card, entries in m.costs.items()
        },
    }


def _sku(s: SkuInput) -> dict[str, Any]:
    carton = None
    if s.carton is not None:
        carton = {
            "units": s.carton.units,
            "length_cm": s.carton.length_cm,
            "width_cm": s.carton.width_cm,
            "height_cm": s.carton.height_cm,
            "weight_kg": s.carton.weight_kg,
        }
    return {
        "name": s.name,
        "hs": s.hs,
        "unit_cost": _money(s.unit_cost),
        "price": _money(s.price),
        "unit_weight_kg": s.unit_weight_kg,
        "unit_dims_cm": list(s.unit_dims_cm) if s.unit_dims_cm is not None else None,
        "carton": carton,
        "moq": s.moq,
        "max_order": s.max_order,
        "markets": [_market(m) for m in s.markets],
    }


def plan_to_json(plan: PlanInput) -> dict[str, Any]:
    p, sim = plan.pallet, plan.simulation
    return {
        "name": plan.name,
        "currency": plan.currency,
        "start_date": plan.start_date.isoformat() if plan.start_date else None,
        "pallet": {
            "length_cm": p.length_cm,
            "width_cm": p.width_cm,
            "max_height_cm": p.max_height_cm,
            "pallet_height_cm": p.pallet_height_cm,
            "utilisation": p.utilisation,
        },
        "simulation": {"enabled": sim.enabled, "paths": sim.paths, "seed": sim.seed},
        "skus": [_sku(s) for s in plan.skus],
    }
