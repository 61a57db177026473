"""Plan documents shared by the warehouse tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

# cli.md's example input (one SKU, one market), with a start date and a price added.
CLI_EXAMPLE: dict[str, Any] = {
    "market": "JP",
    "currency": "CNY",
    "service_level": 0.95,
    "start_date": "2026-08-01",
    "demand": {"daily_mean": 20.0, "daily_std": 6.0},
    "lead_time": {"mean_days": 45.0, "std_days": 7.0},
    "review_period_days": 7,
    "sku": {
        "unit_cost": 50.0,
        "unit_weight_kg": 1.5,
        "price": 200.0,
        "carton": {"units": 20, "length_cm": 60, "width_cm": 40, "height_cm": 40},
    },
}


def full_plan() -> dict[str, Any]:
    """Two SKUs; the first in two markets with lead-time legs."""
    legs = [
        {"name": "production", "mean_days": 20, "std_days": 5},
        {"name": "trucking", "mean_days": 1, "std_days": 0.5},
        {"name": "main", "mean_days": 7, "std_days": 2},
        {"name": "import", "mean_days": 4, "std_days": 1},
        {"name": "receiving", "mean_days": 3, "std_days": 1},
    ]
    return {
        "name": "Sea JP 95",
        "currency": "CNY",
        "start_date": "2026-08-01",
        "simulation": {"paths": 200, "seed": 7},
        "skus": [
            {
                "name": "Power bank",
                "hs": "8507.60",
                "unit_cost": 50,
                "price": 200,
                "unit_weight_kg": 1.5,
                "carton": {"units": 20, "length_cm": 60, "width_cm": 40, "height_cm": 40},
                "markets": [
                    {
                        "market": "JP",
                        "demand": {"daily_mean": 20, "daily_std": 6},
                        "lead_time": {"main_mode": "sea_lcl", "legs": legs},
                        "service_level": 0.95,
                    },
                    {
                        "market": "US",
                        "demand": {"daily_mean": 10, "daily_std": 4},
                        "service_level": 0.98,
                        "duty_rate_percent": 3.4,
                    },
                ],
            },
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
            },
        ],
    }


@pytest.fixture
def cli_example() -> dict[str, Any]:
    return copy.deepcopy(CLI_EXAMPLE)


@pytest.fixture
def plan_doc() -> dict[str, Any]:
    return full_plan()
