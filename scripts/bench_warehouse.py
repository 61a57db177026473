"""Benchmark of the warehouse planner (prints one JSON object).

- the Monte-Carlo stock simulation of one SKU: 10,000 paths × 365 days (target: < 1 s);
- a full plan computation of one SKU × market with the default 500 paths (target: < 1 s);
- the same without the simulation (formulas, costs, break-even; target: < 0.2 s).

    .venv/bin/python scripts/bench_warehouse.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.warehouse.planner import compute_plan  # noqa: E402
from services.warehouse.safety_stock import stock_levels  # noqa: E402
from services.warehouse.sample import cli_example  # noqa: E402
from services.warehouse.simulation import Policy, simulate  # noqa: E402
from services.warehouse.validation import validate_cli_input  # noqa: E402


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    levels = stock_levels(daily_mean=20, daily_std=6, lead_mean=45, lead_std=7)
    policy = Policy(
        daily=[20.0] * 500,
        daily_std=6.0,
        lead_mean=45.0,
        lead_std=7.0,
        safety_stock=levels.safety_stock,
        quantity=1200,
    )
    result = simulate(policy, paths=10_000, seed=1)
    sim_seconds = best_of(args.repeat, lambda: simulate(policy, paths=10_000, seed=1))
    plan = validate_cli_input(cli_example())
    plan_seconds = best_of(args.repeat, lambda: compute_plan(plan))
    quick = replace(plan, simulation=replace(plan.simulation, enabled=False))
    quick_seconds = best_of(args.repeat, lambda: compute_plan(quick))
    print(
        json.dumps(
            {
                "simulation_10000_paths_365_days_seconds": round(sim_seconds, 3),
                "simulation_target_seconds": 1.0,
                "simulated_cycle_service_level": round(result.cycle_service_level or 0, 4),
                "simulated_fill_rate": round(result.fill_rate, 4),
                "plan_500_paths_seconds": round(plan_seconds, 3),
                "plan_target_seconds": 1.0,
                "plan_without_simulation_seconds": round(quick_seconds, 3),
                "plan_without_simulation_target_seconds": 0.2,
                "ok": sim_seconds < 1.0 and plan_seconds < 1.0 and quick_seconds < 0.2,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
