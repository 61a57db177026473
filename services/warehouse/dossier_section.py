"""Warehouse scenarios travel with the company dossier (section ``warehouse_plans``).

Export: every scenario of the company with its plan JSON. Import: every scenario is validated
first (one bad plan refuses the whole import), then merged by id — an identical scenario is
left alone, a different one replaces the local copy, local-only scenarios stay.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from services.core.errors import ValidationError
from services.core.i18n import _
from services.warehouse.repository import PlanRepository
from services.warehouse.serialise import plan_to_json
from services.warehouse.validation import validate_plan


class WarehousePlansSection:
    name = "warehouse_plans"

    def export(self, db: Database, company_id: str) -> Any:
        repo = PlanRepository(db)
        result = []
        for summary in repo.list_for_company(company_id):
            stored = repo.get(summary.id)
            result.append(
                {
                    "id": stored.id,
                    "name": stored.name,
                    "created_at": stored.created_at,
                    "updated_at": stored.updated_at,
                    "plan": plan_to_json(stored.plan),
                }
            )
        return result

    def merge(self, db: Database, company_id: str, data: Any) -> bool:
        where = f"sections.{self.name}"
        if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
            raise ValidationError(_("Wrong type for {field}.").format(field=where), field=where)
        incoming = []
        for index, entry in enumerate(data):
            path = f"{where}[{index}]"
            if not all(
                isinstance(entry.get(k), str) and entry.get(k)
                for k in ("id", "name", "created_at", "updated_at")
            ):
                raise ValidationError(_("Wrong type for {field}.").format(field=path), field=path)
            try:
                plan = validate_plan(entry.get("plan"))
            except ValidationError as exc:
                first = exc.errors[0]
                raise ValidationError(
                    _("Scenario {name}: {message}").format(
                        name=entry["name"], message=first.message
                    ),
                    field=f"{path}.plan.{first.field}".rstrip("."),
                ) from exc
            incoming.append((entry, plan))
        repo = PlanRepository(db)
        local = {s.id for s in repo.list_for_company(company_id)}
        changed = False
        for entry, plan in incoming:
            if entry["id"] in local:
                current = repo.get(entry["id"])
                same = (current.name, json.dumps(plan_to_json(current.plan), sort_keys=True)) == (
                    entry["name"],
                    json.dumps(plan_to_json(plan), sort_keys=True),
                )
                if same:
                    continue
            repo.import_plan(
                company_id,
                entry["id"],
                entry["name"],
                entry["created_at"],
                entry["updated_at"],
                plan,
            )
            changed = True
        return changed
