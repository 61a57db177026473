#!/usr/bin/env python3
"""Start-up and HS-search benchmark; prints one JSON object.

1. Window: a temporary data folder with 1,000 companies; ``python main.py --data-dir TMP`` is
   started five times (offscreen, ``EXPORTPILOT_BENCH_EXIT_AFTER_SHOW=1``) and timed from just
   before the process is spawned to the moment its ``WINDOW_SHOWN`` line arrives.
   Target: median < 1.5 s.
2. HS search: ``HsNomenclature.search`` on every prefix of realistic queries, as a user types
   them character by character (codes, English and Chinese words). Target: p95 < 30 ms.

    .venv/bin/python scripts/bench_startup.py [--runs 5] [--companies 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.companies.models import Company, Contact, Product  # noqa: E402
from services.companies.repository import CompanyRepository  # noqa: E402
from services.core.clock import utc_now_iso  # noqa: E402
from services.core.paths import AppPaths  # noqa: E402
from services.core.store import open_store  # noqa: E402
from services.refdata.hs import HsNomenclature  # noqa: E402

WINDOW_TARGET_S = 1.5
SEARCH_TARGET_P95_MS = 30.0
QUERIES = [
    "8507.60",
    "850760",
    "8541 43",
    "8504.40",
    "6109",
    "9403",
    "lithium",
    "lithium battery",
    "photovoltaic",
    "t-shirt",
    "cotton",
    "inverter",
    "furniture",
    "tea",
    "蓄电池",
    "光伏",
    "锂离子",
    "家具",
    "茶",
    "T恤",
]
INDUSTRIES = ["new_energy", "optoelectronics", "new_materials", "high_end_equipment", "other"]


def make_data_folder(folder: Path, count: int) -> None:
    """``count`` companies written through the repository in one transaction."""
    store = open_store(AppPaths(folder), daily_backup=False)
    try:
        repo = CompanyRepository(store.db)
        now = utc_now_iso()
        with store.db.atomic():
            for i in range(count):
                cid = f"bench{i:05d}"
                repo.write(
                    Company(
                        id=cid,
                        name_zh=f"基准测试企业{i:04d}有限公司",
                        name_en=f"Benchmark Company {i:04d} Co., Ltd.",
                        uscc=None,
                        industry=INDUSTRIES[i % len(INDUSTRIES)],
                        company_type="manufacturer",
                        stage="regular",
                        markets=("JP", "KR", "ASEAN"),
                        channels=("b2b_platform",),
                        contacts=(
                            Contact("trade_lead", f"联系人{i}", "13871234567", "", f"{cid}-c1"),
                        ),
                        products=(
                            Product("锂离子电池组", "850760", "", f"{cid}-p1"),
                            Product("光伏组件", "854143", "", f"{cid}-p2"),
                        ),
                        notes="",
                        is_sample=False,
                        archived_at=None,
                        created_at=now,
                        updated_at=now,
                    )
                )
    finally:
        store.close()


def time_window(folder: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EXPORTPILOT_BENCH_EXIT_AFTER_SHOW="1")
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(folder)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    shown: float | None = None
    for line in process.stdout:
        if line.strip() == "WINDOW_SHOWN":
            shown = time.perf_counter() - start
            break
    _out, err = process.communicate(timeout=60)
    total = time.perf_counter() - start
    if shown is None or process.returncode != 0:
        raise RuntimeError(f"the app did not show its window (exit {process.returncode}): {err}")
    return {"shown_s": round(shown, 3), "exit_s": round(total, 3)}


def typed_prefixes(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1) if query[:n].strip()]


def time_search() -> dict[str, Any]:
    start = time.perf_counter()
    hs = HsNomenclature.load()
    load_ms = (time.perf_counter() - start) * 1000
    samples: list[float] = []
    for query in QUERIES:
        for typed in typed_prefixes(query):
            t0 = time.perf_counter()
            hs.search(typed)
            samples.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "hs_entries": len(hs),
        "hs_load_ms": round(load_ms, 1),
        "searches": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--companies", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="exportpilot-bench-") as tmp:
        folder = Path(tmp) / "data"
        t0 = time.perf_counter()
        make_data_folder(folder, args.companies)
        seed_s = time.perf_counter() - t0
        runs = [time_window(folder) for _ in range(args.runs)]
    shown = [r["shown_s"] for r in runs]
    search = time_search()
    result = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "companies": args.companies,
        "seed_s": round(seed_s, 2),
        "window": {
            "runs": runs,
            "min_s": min(shown),
            "median_s": round(statistics.median(shown), 3),
            "target_s": WINDOW_TARGET_S,
            "ok": statistics.median(shown) < WINDOW_TARGET_S,
        },
        "hs_search": {**search, "target_p95_ms": SEARCH_TARGET_P95_MS},
    }
    result["hs_search"]["ok"] = search["p95_ms"] < SEARCH_TARGET_P95_MS
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
