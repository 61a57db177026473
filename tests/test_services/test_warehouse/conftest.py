"""Plan documents shared by the warehouse tests (services.warehouse.sample)."""

from __future__ import annotations

from typing import Any

import pytest

from services.warehouse.sample import cli_example as sample_cli_example
from services.warehouse.sample import sample_plan


def full_plan() -> dict[str, Any]:
    """Two SKUs; the first in two markets with lead-time legs."""
    plan = sample_plan()
    plan["skus"].append(
        {
            "name": "Phone case",
            "unit_cost": 8,
            "unit_weight_kg": 0.1,
            "unit_dims_cm": [16, 9, 2],
            "markets": [
                {
                    "market": "TH",
                    "need_space": False,
                    "demand": {"history": [30, 28, None, 35, 31, 29, 33], "daily_std": 0},
                }
            ],
        }
    )
    return plan


@pytest.fixture
def cli_example() -> dict[str, Any]:
    return sample_cli_example()


@pytest.fixture
def plan_doc() -> dict[str, Any]:
    return full_plan()
