"""Commands: ``warehouse plan FILE.json`` (contract: cli.md) and ``warehouse scenario
list|show|save|duplicate|delete|compare``.

``plan`` reads one SKU in one market; ``costs`` in the file overrides rate-card entries
(``{"parcel": {"per_kg": 55}, "threepl": {"storage_tiers": {"currency": "CNY", "rows":
[{"from_day": 0, "rate": 0}, {"from_day": 31, "rate": 4}]}}}``; the cards, keys, units and
sources are listed under ``rate_cards`` in the output). Duty comes from the RCEP tariff data
(services/rcep/duty_rates.py) when the SKU has an HS code and data exist for the market.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from services.core.commands import CommandEnv, read_json_input
from services.core.errors import ValidationError
from services.core.i18n import _
from services.core.settings import load_preferences
from services.rcep.duty_rates import duty_rate_lookup_for_store
from services.warehouse.comparison import totals
from services.warehouse.costs import param_summary
from services.warehouse.models import PlanInput
from services.warehouse.planner import MarketResult, PlanResult, TariffLookup, compute_plan
from services.warehouse.repository import PlanRepository, key_figures
from services.warehouse.serialise import plan_to_json
from services.warehouse.tax_rules import next_change
from services.warehouse.validation import MAX_PATHS, validate_cli_input, validate_plan


def register(sub: Any) -> None:
    group = sub.add_parser("warehouse", help="overseas-warehouse planner").add_subparsers(
        dest="warehouse_command", required=True
    )
    plan = group.add_parser("plan", help="stock, space, cost per unit and break-even")
    plan.add_argument("file", help="plan JSON (one SKU, one market), or - for stdin")
    plan.add_argument("--no-simulation", action="store_true", help="skip the Monte-Carlo run")
    plan.add_argument("--paths", type=int, help="simulated paths (default 500)")
    plan.add_argument("--seed", type=int, help="random seed of the simulation")
    plan.add_argument("--series", action="store_true", help="include the daily stock band")
    plan.set_defaults(handler=_plan)

    scenario = group.add_parser("scenario", help="saved scenarios").add_subparsers(
        dest="scenario_command", required=True
    )
    listing = scenario.add_parser("list", help="a company's scenarios")
    listing.add_argument("--company", required=True)
    listing.set_defaults(handler=_list)
    show = scenario.add_parser("show", help="one scenario's plan")
    show.add_argument("id")
    show.set_defaults(handler=_show)
    save = scenario.add_parser("save", help="save a full plan (SKUs × markets) as a scenario")
    save.add_argument("file")
    save.add_argument("--company", required=True)
    save.add_argument("--name")
    save.add_argument("--id", dest="plan_id", help="replace this scenario")
    save.set_defaults(handler=_save)
    duplicate = scenario.add_parser("duplicate", help="copy a scenario under a new name")
    duplicate.add_argument("id")
    duplicate.add_argument("--name", help="the copy's name (default: NAME (copy))")
    duplicate.set_defaults(handler=_duplicate)
    delete = scenario.add_parser("delete", help="delete a scenario")
    delete.add_argument("id")
    delete.set_defaults(handler=_delete)
    compare = scenario.add_parser("compare", help="key figures of scenarios side by side")
    compare.add_argument("ids", nargs="+")
    compare.set_defaults(handler=_compare)


def _lookup(env: CommandEnv, plan: PlanInput) -> TariffLookup | None:
    if not any(s.hs for s in plan.skus):
        return None
    lookup: TariffLookup = env.service(
        "duty_rates", lambda: duty_rate_lookup_for_store(env.store(write=False))
    )
    return lookup


def _rates(env: CommandEnv) -> Any:
    return load_preferences(env.paths.settings_path).exchange_rates


def _plan(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    plan = validate_cli_input(read_json_input(args.file))
    if args.paths is not None and not 0 < args.paths <= MAX_PATHS:
        raise ValidationError(
            _("Enter between 1 and {count} paths.").format(count=MAX_PATHS), field="paths"
        )
    sim = plan.simulation
    sim = replace(
        sim,
        enabled=sim.enabled and not args.no_simulation,
        paths=args.paths if args.paths and args.paths > 0 else sim.paths,
        seed=args.seed if args.seed is not None else sim.seed,
    )
    plan = replace(plan, simulation=sim)
    result = compute_plan(plan, tariff_lookup=_lookup(env, plan), exchange_rates=_rates(env))
    return market_json(result, result.results[0], series=args.series)


def market_json(plan: PlanResult, r: MarketResult, *, series: bool = False) -> dict[str, Any]:
    """The ``warehouse plan`` output for one SKU × market (numbers unrounded)."""
    storage = None
    if r.storage is not None:
        s = r.storage
        storage = {
            "unit_cbm": s.unit_cbm,
            "average_units": s.average_units,
            "peak_units": s.peak_units,
            "average_cbm": s.average_cbm,
            "peak_cbm": s.peak_cbm,
            "cartons_per_layer": s.cartons_per_layer,
            "layers": s.layers,
            "cartons_per_pallet": s.cartons_per_pallet,
            "units_per_pallet": s.units_per_pallet,
            "pallet_cube_used": s.pallet_cube_used,
            "average_pallet_positions": s.average_positions,
            "peak_pallet_positions": s.peak_positions,
        }
    breakdown = {
        mode: {
            "available": c.available,
            "segments": dict(c.segments),
            "variable_per_unit": c.variable_per_unit if c.available else None,
            "fixed_monthly": c.fixed_monthly,
            "notes": list(c.notes),
            "unavailable_reason": c.unavailable_reason or None,
        }
        for mode, c in r.costs.items()
    }
    sim: dict[str, Any] | None = None
    if r.simulation is not None:
        m = r.simulation
        sim = {
            "paths": m.paths,
            "seed": m.seed,
            "days": m.days,
            "fill_rate_percent": m.fill_rate * 100,
            "cycle_service_level_percent": (
                m.cycle_service_level * 100 if m.cycle_service_level is not None else None
            ),
            "replenishment_cycles": m.cycles,
            "mean_stockout_days": m.mean_stockout_days,
            "orders_per_path": m.orders_per_path,
        }
        if series:
            sim.update(
                p10=list(m.p10),
                p50=list(m.p50),
                p90=list(m.p90),
                stockout_share=list(m.stockout_share),
                reorder_level=list(m.reorder_level),
            )
    tax = r.tax
    change = next_change(r.market.market, plan.start)
    return {
        "market": r.market.market,
        "currency": plan.currency,
        "start_date": plan.start.isoformat(),
        "service_level": r.market.service_level,
        "service_type": r.market.service_type,
        "demand": {
            "daily_mean": r.demand.daily_mean,
            "daily_std": r.demand.daily_std,
            "basis": r.demand.basis,
            "seasonality": list(r.demand.seasonality),
            "monthly_units": r.monthly_units,
        },
        "lead_time_days": r.lead_time.mean_days,
        "lead_time_std_days": r.lead_time.std_days,
        "review_period_days": r.market.review_period_days,
        "z": r.levels.z,
        "sigma_x": r.levels.sigma_x,
        "safety_stock": r.levels.safety_stock,
        "reorder_point": r.levels.reorder_point,
        "order_up_to": r.levels.order_up_to,
        "textbook_safety_stock": r.levels.textbook_safety_stock,
        "order_quantity": r.order.quantity,
        "order_quantity_basis": r.order.chosen,
        "eoq": r.order.eoq,
        "order_candidates": [
            {
                "basis": c.key,
                "quantity": c.quantity,
                "annual_cost": c.annual_cost,
                "feasible": c.feasible,
                "cover_days": c.cover_days,
            }
            for c in r.order.candidates
        ],
        "cover_days": r.order.cover_days,
        "max_cover_days": r.order.max_cover_days,
        "cycle_days": r.order.cycle_days,
        "shipments_per_year": r.order.shipments_per_year,
        "shipments": [
            {
                "order_by": s.order_by.isoformat(),
                "ship_by": s.ship_by.isoformat(),
                "arrive_by": s.arrive_by.isoformat(),
                "quantity": s.quantity,
                "reorder_level": s.reorder_point,
            }
            for s in r.shipments
        ],
        "storage_cbm": r.storage.average_cbm if r.storage else None,
        "storage": storage,
        "days_in_stock": r.days_in_stock,
        "cash_tied_up": r.cash_tied_up,
        "carrying_cost_per_year": r.carrying_cost_per_year,
        "fba_corridor": {
            "average_days_of_supply": r.corridor.average_days_of_supply,
            "max_age_days": r.corridor.max_age_days,
            "below_28_days": r.corridor.below_minimum,
            "aged_181_days": r.corridor.aged,
            "over_22_weeks": r.corridor.over_utilisation,
        },
        "per_unit_cost": dict(r.per_unit),
        "cost_breakdown": breakdown,
        "break_even_units_per_month": {
            f"{b.against}_vs_{b.mode}": b.units_per_month for b in r.break_even
        },
        "break_even": [
            {
                "mode": b.mode,
                "against": b.against,
                "units_per_month": b.units_per_month,
                "cheaper_above": b.cheaper_above,
                "with_uplift": b.with_uplift,
            }
            for b in r.break_even
        ],
        "break_even_weight_kg": [
            {
                "mode": w.mode,
                "against": w.against,
                "weight_kg": w.weight_kg,
                "cheaper_above": w.cheaper_above,
            }
            for w in r.weight_break_even
        ],
        "recommendation": {
            "mode": r.recommendation.mode,
            "reasons": list(r.recommendation.reasons),
        },
        "duty": {
            "rate_percent": r.duty.rate_percent,
            "basis": r.duty.basis,
            "source": r.duty.source or None,
            "line": r.duty.line or None,
            "note": r.duty.note or None,
        },
        "tax_rule": {
            "vat_rate_percent": float(tax.vat_rate),
            "customs_value": tax.customs_value,
            "valid_from": tax.valid_from.isoformat() if tax.valid_from else None,
            "valid_to": tax.valid_to.isoformat() if tax.valid_to else None,
            "low_value_bands": [
                {
                    "up_to": float(b.up_to),
                    "currency": b.currency,
                    "duty": b.duty,
                    "vat": b.vat,
                    "collected_at_sale": b.collected_at_sale,
                }
                for b in tax.bands
            ],
            "status": tax.status,
            "source": tax.source,
            "note": tax.note,
            "next_change": change.isoformat() if change else None,
            "changes_in_plan_year": [
                c.valid_from.isoformat() for c in r.tax_changes if c.valid_from
            ],
        },
        "rate_cards": {
            "version": r.cards.version,
            "entries": {
                card: {key: param_summary(entry) for key, entry in entries.items()}
                for card, entries in r.cards.cards.items()
            },
        },
        "exchange_rates": [
            {
                "currency": u.currency,
                "cny_per_unit": float(u.cny_per_unit),
                "as_of": u.as_of,
                "origin": u.origin,
            }
            for u in plan.exchange_rates
        ],
        "simulation": sim,
        "warnings": list(r.warnings),
    }


def _list(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = PlanRepository(env.store(write=False).db)
    return {
        "scenarios": [
            {
                "id": s.id,
                "name": s.name,
                "updated_at": s.updated_at,
                "skus": s.skus,
                "markets": list(s.markets),
            }
            for s in repo.list_for_company(args.company)
        ]
    }


def _show(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    stored = PlanRepository(env.store(write=False).db).get(args.id)
    return {
        "id": stored.id,
        "company_id": stored.company_id,
        "name": stored.name,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        "plan": plan_to_json(stored.plan),
    }


def _save(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    plan = validate_plan(read_json_input(args.file))  # before the data folder is touched
    repo = PlanRepository(env.store(write=True).db)
    stored = repo.save(args.company, plan, name=args.name, plan_id=args.plan_id)
    return {"id": stored.id, "name": stored.name}


def _duplicate(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = PlanRepository(env.store(write=True).db)
    stored = repo.duplicate(args.id, args.name)
    return {"id": stored.id, "name": stored.name, "copied_from": args.id}


def _delete(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    PlanRepository(env.store(write=True).db).delete(args.id)
    return {"deleted": args.id}


def _compare(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = PlanRepository(env.store(write=False).db)
    plans = [repo.get(i).plan for i in args.ids]
    lookup = _lookup(env, PlanInput(tuple(s for p in plans for s in p.skus)))
    compared = repo.compare(args.ids, tariff_lookup=lookup, exchange_rates=_rates(env))
    return {
        "scenarios": [
            {
                "id": c.id,
                "name": c.name,
                "currency": c.currency,
                "lines": [
                    {
                        "sku": line.sku,
                        "market": line.market,
                        "main_mode": line.main_mode,
                        **line.figures,
                    }
                    for line in c.lines
                ],
                "totals": totals(c),
            }
            for c in compared
        ]
    }


__all__ = ["key_figures", "market_json", "register"]
