"""A sample planner scenario, shared by the tests, the benchmarks and the report demo data:
power banks (HS 8507.60, 1.5 kg, cartons of 20) shipped by sea to Japan and to the US.

``cli_example`` is cli.md's ``warehouse plan`` input (one SKU, one market) with a start date
and a price added; ``sample_plan`` a whole scenario document as ``validate_plan`` takes it.
Both return fresh dicts that the caller may change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

START_DATE = "2026-08-01"
CARTON = {"units": 20, "length_cm": 60, "width_cm": 40, "height_cm": 40}
SEA_LEGS = (  # domain §2.3: production, trucking, China→JP sea, clearance, receiving
    ("production", 20, 5),
    ("trucking", 1, 0.5),
    ("main", 7, 2),
    ("import", 4, 1),
    ("receiving", 3, 1),
)


def cli_example() -> dict[str, Any]:
    return {
        "market": "JP",
        "currency": "CNY",
        "service_level": 0.95,
        "start_date": START_DATE,
        "demand": {"daily_mean": 20.0, "daily_std": 6.0},
        "lead_time": {"mean_days": 45.0, "std_days": 7.0},
        "review_period_days": 7,
        "sku": {
            "unit_cost": 50.0,
            "unit_weight_kg": 1.5,
            "price": 200.0,
            "carton": dict(CARTON),
        },
    }


def sample_sku(
    name: str = "Power bank", *, unit_cost: float = 50, price: float = 200
) -> dict[str, Any]:
    """The SKU in two markets: Japan by sea LCL (20 ± 6 a day, 95 %) and the US (10 ± 4 a
    day, 98 %, the lane's typical lead time, duty 3.4 % entered)."""
    legs = [{"name": n, "mean_days": mean, "std_days": std} for n, mean, std in SEA_LEGS]
    return {
        "name": name,
        "hs": "8507.60",
        "unit_cost": unit_cost,
        "price": price,
        "unit_weight_kg": 1.5,
        "carton": dict(CARTON),
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
    }


def sample_plan(
    name: str = "Sea JP 95", skus: Sequence[str] = ("Power bank",), *, paths: int = 200
) -> dict[str, Any]:
    """One sample SKU per name; each next one costs 10 more and sells for 20 more."""
    return {
        "name": name,
        "currency": "CNY",
        "start_date": START_DATE,
        "simulation": {"paths": paths, "seed": 7},
        "skus": [
            sample_sku(sku, unit_cost=50 + 10 * n, price=200 + 20 * n) for n, sku in enumerate(skus)
        ],
    }
