"""The sample company's warehouse scenario: its home-storage battery pack (HS 8507.60) stocked
in Japan, shipped by sea LCL (the lead-time legs of services.warehouse.sample), a services.
companies.sample extra. Figures are made up; the plan starts on the day it is looked at.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from services.companies.models import Company
from services.companies.sample import SAMPLE_BATTERY_PACK_ID
from services.core.i18n import _
from services.refdata.hs import HsNomenclature
from services.warehouse.repository import PlanRepository
from services.warehouse.sample import SEA_LEGS


def battery_pack_plan(name: str, sku_name: str) -> dict[str, Any]:
    """A scenario document as ``validate_plan`` takes it: one heavy, boxed SKU, one market."""
    legs = [{"name": n, "mean_days": mean, "std_days": std} for n, mean, std in SEA_LEGS]
    return {
        "name": name,
        "currency": "CNY",
        "simulation": {"paths": 200, "seed": 7},
        "skus": [
            {
                "name": sku_name,
                "hs": "8507.60",
                "unit_cost": 6800,
                "price": 14500,
                "unit_weight_kg": 52,
                "carton": {"units": 1, "length_cm": 75, "width_cm": 58, "height_cm": 28},
                "moq": 10,
                "markets": [
                    {
                        "market": "JP",
                        "demand": {"daily_mean": 1.5, "daily_std": 1.0},
                        "lead_time": {"main_mode": "sea_lcl", "legs": legs},
                        "review_period_days": 7,
                        "service_level": 0.95,
                        "rcep_preference": True,  # see the sample's origin assessment
                        "duty_rate_percent": 0,  # entered; used when no tariff data
                    }
                ],
            }
        ],
    }


class SampleWarehouseScenario:
    """services.companies.sample.SampleExtra: one scenario for the battery pack in Japan."""

    def add(self, db: Database, hs: HsNomenclature, company: Company) -> None:
        product = next((p for p in company.products if p.id == SAMPLE_BATTERY_PACK_ID), None)
        repo = PlanRepository(db)
        if product is None or repo.list_for_company(company.id):
            return
        repo.save(company.id, battery_pack_plan(_("Battery pack to Japan by sea"), product.name))
