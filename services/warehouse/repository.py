"""Warehouse scenarios (table ``warehouse_plans``, migration m006): a validated plan stored as
JSON per company, with save, get, list, duplicate, delete and a side-by-side comparison.

Only what ``validate_plan`` accepts is ever written, inside one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import N_, _
from services.core.settings import ExchangeRate
from services.warehouse.models import PlanInput, SimulationSpec
from services.warehouse.planner import MarketResult, TariffLookup, compute_plan
from services.warehouse.serialise import plan_to_json
from services.warehouse.validation import validate_plan

MAX_NAME = 120


@dataclass(frozen=True)
class StoredPlan:
    id: str
    company_id: str
    name: str
    created_at: str
    updated_at: str
    plan: PlanInput


@dataclass(frozen=True, slots=True)
class PlanSummary:
    id: str
    company_id: str
    name: str
    updated_at: str
    skus: int
    markets: tuple[str, ...]


# Key figures of a comparison, in display order.
FIGURES = (
    ("safety_stock", N_("Safety stock")),
    ("reorder_point", N_("Reorder point")),
    ("order_up_to", N_("Order-up-to level")),
    ("order_quantity", N_("Order quantity")),
    ("lead_time_days", N_("Lead time (days)")),
    ("storage_cbm", N_("Average storage (cbm)")),
    ("peak_positions", N_("Peak pallet positions")),
    ("cash_tied_up", N_("Cash tied up")),
    ("carrying_cost_per_year", N_("Carrying cost per year")),
    ("per_unit_direct", N_("Cost per unit: direct parcel")),
    ("per_unit_3pl", N_("Cost per unit: 3PL")),
    ("per_unit_fba", N_("Cost per unit: FBA")),
    ("per_unit_own", N_("Cost per unit: own warehouse")),
    ("recommended", N_("Recommended mode")),
    ("simulated_fill_rate", N_("Simulated fill rate")),
)


@dataclass(frozen=True, slots=True)
class ComparedLine:
    sku: str
    market: str
    figures: Mapping[str, float | str | None]
    main_mode: str = ""  # the lane's main leg (sea, rail …)


@dataclass(frozen=True, slots=True)
class ComparedPlan:
    id: str
    name: str
    currency: str
    lines: tuple[ComparedLine, ...]


def key_figures(r: MarketResult) -> dict[str, float | str | None]:
    figures: dict[str, float | str | None] = {
        "safety_stock": r.levels.safety_stock,
        "reorder_point": r.levels.reorder_point,
        "order_up_to": r.levels.order_up_to,
        "order_quantity": float(r.order.quantity),
        "lead_time_days": r.lead_time.mean_days,
        "storage_cbm": r.storage.average_cbm if r.storage else None,
        "peak_positions": float(r.storage.peak_positions) if r.storage else None,
        "cash_tied_up": r.cash_tied_up,
        "carrying_cost_per_year": r.carrying_cost_per_year,
        "recommended": r.recommendation.mode,
        "simulated_fill_rate": r.simulation.fill_rate if r.simulation else None,
    }
    for mode, value in r.per_unit.items():
        figures[f"per_unit_{mode}"] = value
    return figures


class PlanRepository:
    def __init__(self, db: Database):
        self.db = db

    # ---- reading ---------------------------------------------------------------------------

    def get(self, plan_id: str) -> StoredPlan:
        rows = list(self.db.query("SELECT * FROM warehouse_plans WHERE id = ?", [plan_id]))
        if not rows:
            raise NotFoundError(
                _("There is no warehouse plan with id {id}.").format(id=plan_id), field="id"
            )
        row = rows[0]
        return StoredPlan(
            id=row["id"],
            company_id=row["company_id"],
            name=row["name"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            plan=validate_plan(json.loads(row["data_json"])),
        )

    def list_for_company(self, company_id: str) -> list[PlanSummary]:
        rows = self.db.query(
            "SELECT id, company_id, name, updated_at, data_json FROM warehouse_plans"
            " WHERE company_id = ? ORDER BY updated_at DESC, name",
            [company_id],
        )
        result = []
        for row in rows:
            data = json.loads(row["data_json"])
            skus = data.get("skus", [])
            found = [m.get("market", "") for s in skus for m in s.get("markets", [])]
            markets = tuple(dict.fromkeys(found))
            result.append(
                PlanSummary(
                    row["id"], row["company_id"], row["name"], row["updated_at"], len(skus), markets
                )
            )
        return result

    # ---- writing ---------------------------------------------------------------------------

    def _check(self, company_id: str, name: str) -> str:
        errors = []
        clean = (name or "").strip()
        if not clean:
            errors.append(FieldError("name", _("Give the scenario a name.")))
        elif len(clean) > MAX_NAME:
            errors.append(
                FieldError("name", _("Enter at most {count} characters.").format(count=MAX_NAME))
            )
        if errors:
            raise ValidationError(errors)
        if not list(self.db.query("SELECT 1 FROM companies WHERE id = ?", [company_id])):
            raise NotFoundError(
                _("There is no company with id {id}.").format(id=company_id), field="company_id"
            )
        return clean

    def save(
        self,
        company_id: str,
        plan: PlanInput | Mapping[str, Any],
        *,
        name: str | None = None,
        plan_id: str | None = None,
    ) -> StoredPlan:
        """Validates, then inserts (no ``plan_id``) or replaces the scenario ``plan_id``."""
        validated = plan if isinstance(plan, PlanInput) else validate_plan(plan)
        clean = self._check(company_id, name if name is not None else validated.name)
        data = json.dumps(plan_to_json(validated), ensure_ascii=False, sort_keys=True)
        now = utc_now_iso()
        with self.db.atomic():
            if plan_id is None:
                plan_id = uuid.uuid4().hex
                self.db.table("warehouse_plans").insert(
                    {
                        "id": plan_id,
                        "company_id": company_id,
                        "name": clean,
                        "created_at": now,
                        "updated_at": now,
                        "data_json": data,
                    }
                )
            else:
                existing = self.get(plan_id)
                if existing.company_id != company_id:
                    raise ValidationError(
                        _("This scenario belongs to another company."), field="company_id"
                    )
                self.db.execute(
                    "UPDATE warehouse_plans SET name = ?, updated_at = ?, data_json = ?"
                    " WHERE id = ?",
                    [clean, now, data, plan_id],
                )
        return self.get(plan_id)

    def duplicate(self, plan_id: str, new_name: str | None = None) -> StoredPlan:
        original = self.get(plan_id)
        name = new_name or _("{name} (copy)").format(name=original.name)
        return self.save(original.company_id, original.plan, name=name)

    def delete(self, plan_id: str) -> None:
        self.get(plan_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM warehouse_plans WHERE id = ?", [plan_id])

    def import_plan(
        self,
        company_id: str,
        plan_id: str,
        name: str,
        created_at: str,
        updated_at: str,
        plan: PlanInput,
    ) -> None:
        """Inserts or replaces a scenario with its own id and times (dossier import)."""
        clean = self._check(company_id, name)
        owner = list(
            self.db.query("SELECT company_id FROM warehouse_plans WHERE id = ?", [plan_id])
        )
        if owner and owner[0]["company_id"] != company_id:
            raise ValidationError(_("This scenario belongs to another company."), field="id")
        data = json.dumps(plan_to_json(plan), ensure_ascii=False, sort_keys=True)
        with self.db.atomic():
            self.db.table("warehouse_plans").upsert(
                {
                    "id": plan_id,
                    "company_id": company_id,
                    "name": clean,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "data_json": data,
                },
                pk="id",
            )

    # ---- comparing -------------------------------------------------------------------------

    def compare(
        self,
        ids: Sequence[str],
        *,
        tariff_lookup: TariffLookup | None = None,
        exchange_rates: Iterable[ExchangeRate] = (),
        simulate: bool = False,
    ) -> list[ComparedPlan]:
        """Key figures of each scenario side by side (e.g. sea vs rail, 95 vs 98 per cent).
        Without ``simulate`` the Monte-Carlo run is skipped (fast)."""
        compared = []
        for plan_id in ids:
            stored = self.get(plan_id)
            plan = stored.plan
            if not simulate:
                plan = PlanInput(
                    plan.skus,
                    plan.name,
                    plan.currency,
                    plan.start_date,
                    plan.pallet,
                    SimulationSpec(enabled=False),
                )
            result = compute_plan(plan, tariff_lookup=tariff_lookup, exchange_rates=exchange_rates)
            lines = tuple(
                ComparedLine(
                    r.sku.name, r.market.market, key_figures(r), r.market.lead_time.main_mode
                )
                for r in result.results
            )
            compared.append(ComparedPlan(stored.id, stored.name, plan.currency, lines))
        return compared
