"""Scenarios: save (validated only), get, list, duplicate, delete, compare; the dossier
section; the RCEP duty adapter feeding the planner."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from services.companies.models import CompanyDraft
from services.companies.repository import CompanyRepository
from services.core.errors import NotFoundError, ValidationError
from services.core.store import DataStore
from services.rcep.duty_rates import duty_rate_lookup_for_store
from services.refdata.reference import ReferenceData
from services.warehouse.dossier_section import WarehousePlansSection
from services.warehouse.planner import compute_plan
from services.warehouse.repository import PlanRepository
from services.warehouse.validation import validate_plan


@pytest.fixture
def company_id(store: DataStore, reference: ReferenceData) -> str:
    return CompanyRepository(store.db).save(CompanyDraft(name_zh="海外仓公司"), reference.hs).id


def _count(store: DataStore) -> int:
    return int(next(store.db.query("SELECT count(*) AS n FROM warehouse_plans"))["n"])


def test_round_trip_duplicate_delete(
    store: DataStore, company_id: str, plan_doc: dict[str, Any]
) -> None:
    repo = PlanRepository(store.db)
    saved = repo.save(company_id, plan_doc)
    assert saved.name == "Sea JP 95"
    assert repo.get(saved.id).plan == validate_plan(plan_doc)
    copy_ = repo.duplicate(saved.id, "Rail EU")
    assert copy_.id != saved.id
    assert copy_.plan == saved.plan
    default_name = repo.duplicate(saved.id)
    assert default_name.name.startswith("Sea JP 95")
    listed = repo.list_for_company(company_id)
    assert {s.name for s in listed} == {"Sea JP 95", "Rail EU", default_name.name}
    assert listed[0].markets == ("JP", "US", "TH")
    changed = copy.deepcopy(plan_doc)
    changed["skus"][0]["markets"][0]["service_level"] = 0.98
    updated = repo.save(company_id, changed, name="Sea JP 98", plan_id=saved.id)
    assert updated.plan.skus[0].markets[0].service_level == 0.98
    assert updated.created_at == saved.created_at
    repo.delete(copy_.id)
    with pytest.raises(NotFoundError):
        repo.get(copy_.id)
    assert _count(store) == 2


def test_nothing_is_saved_half_valid(
    store: DataStore, company_id: str, plan_doc: dict[str, Any]
) -> None:
    repo = PlanRepository(store.db)
    plan_doc["skus"][1]["markets"][0]["service_level"] = 1.2
    with pytest.raises(ValidationError) as info:
        repo.save(company_id, plan_doc)
    assert info.value.errors[0].field == "skus[1].markets[0].service_level"
    plan_doc["skus"][1]["markets"][0]["service_level"] = 0.9
    with pytest.raises(ValidationError):
        repo.save(company_id, plan_doc, name="  ")
    with pytest.raises(NotFoundError):
        repo.save("no-such-company", plan_doc)
    assert _count(store) == 0


def test_compare_puts_key_figures_side_by_side(
    store: DataStore, company_id: str, plan_doc: dict[str, Any]
) -> None:
    repo = PlanRepository(store.db)
    low = repo.save(company_id, plan_doc, name="95")
    plan_doc["skus"][0]["markets"][0]["service_level"] = 0.98
    high = repo.save(company_id, plan_doc, name="98")
    first, second = repo.compare([low.id, high.id])
    assert (first.name, second.name) == ("95", "98")
    a, b = first.lines[0].figures, second.lines[0].figures
    assert first.lines[0].market == "JP"
    assert float(b["safety_stock"] or 0) > float(a["safety_stock"] or 0)
    assert a["simulated_fill_rate"] is None  # compare skips the simulation unless asked
    assert set(a) >= {
        "reorder_point",
        "order_up_to",
        "storage_cbm",
        "per_unit_3pl",
        "recommended",
        "cash_tied_up",
    }


def test_dossier_section_export_and_merge(
    store: DataStore, company_id: str, plan_doc: dict[str, Any]
) -> None:
    repo = PlanRepository(store.db)
    saved = repo.save(company_id, plan_doc)
    section = WarehousePlansSection()
    exported = section.export(store.db, company_id)
    assert exported[0]["id"] == saved.id
    assert section.merge(store.db, company_id, exported) is False  # identical
    exported[0]["name"] = "Renamed"
    assert section.merge(store.db, company_id, exported) is True
    assert repo.get(saved.id).name == "Renamed"
    bad = copy.deepcopy(exported)
    bad[0]["plan"]["skus"][0]["unit_cost"] = 0
    bad.append({**exported[0], "id": "other"})
    with pytest.raises(ValidationError) as info:
        section.merge(store.db, company_id, list(reversed(bad)))
    assert info.value.field == "sections.warehouse_plans[1].plan.skus[0].unit_cost"
    assert _count(store) == 1  # the valid one was not imported either


def test_duty_comes_from_the_tariff_data_when_there_is_one(
    store: DataStore, plan_doc: dict[str, Any]
) -> None:
    lookup = duty_rate_lookup_for_store(store)
    mfn = lookup("610910", "JP", date(2026, 8, 1), False)
    rcep = lookup("610910", "JP", date(2026, 8, 1), True)
    assert mfn is not None
    assert rcep is not None
    assert rcep.rate_percent < mfn.rate_percent
    assert lookup("610910", "US", date(2026, 8, 1), False) is None  # not an RCEP party
    plan_doc["skus"][0]["hs"] = "6109.10"
    plan_doc["simulation"] = {"enabled": False}
    result = compute_plan(validate_plan(plan_doc), tariff_lookup=lookup)
    jp, us = result.results[0], result.results[1]
    assert jp.duty.basis == "tariff"
    assert jp.duty.rate_percent == float(mfn.rate_percent)
    assert us.duty.basis == "entered"
    assert us.duty.rate_percent == 3.4
    assert result.results[2].duty.basis == "none"
    assert result.results[2].warnings
