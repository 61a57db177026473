"""Benchmark of the PDF readiness report (prints one JSON object).

- a full report for a company with three sessions, ten products and a warehouse plan
  (target: < 2 s), in Chinese; the first run includes loading the font;
- a batch of 50 such companies (target: < 60 s).

The data folder is temporary, with the embedded tariff data loaded (the RCEP section).

    .venv/bin/python scripts/bench_reports.py [--batch 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.report_demo_data import (  # noqa: E402
    add_company,
    add_sessions,
    add_warehouse_plan,
)
from services.core.i18n import set_locale  # noqa: E402
from services.core.paths import AppPaths  # noqa: E402
from services.core.store import open_store  # noqa: E402
from services.rcep.defaults import load_default_tariffs  # noqa: E402
from services.refdata.reference import ReferenceData  # noqa: E402
from services.reports.readiness import (  # noqa: E402
    ReportOptions,
    generate_batch,
    generate_readiness_report,
)

TARGET_SINGLE_S = 2.0
TARGET_BATCH_S = 60.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=50, help="companies in the batch")
    parser.add_argument("--repeat", type=int, default=5, help="single-report runs")
    args = parser.parse_args(argv)
    set_locale("zh_CN")
    reference = ReferenceData()
    hs = reference.hs
    options = ReportOptions(today=date(2026, 11, 30))
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        store = open_store(AppPaths(base / "data"), daily_backup=False)
        load_default_tariffs(store.db)
        started = time.perf_counter()
        ids = []
        for n in range(args.batch):
            company_id = add_company(store.db, hs, name_zh=f"葛店示范外贸科技有限公司{n + 1:02d}")
            add_sessions(store.db, company_id, count=3)
            add_warehouse_plan(store.db, company_id)
            ids.append(company_id)
        setup_s = time.perf_counter() - started

        single = []
        pages = 0
        for run in range(args.repeat):
            t0 = time.perf_counter()
            result = generate_readiness_report(
                store.db, hs, ids[0], base / f"single-{run}.pdf", options
            )
            single.append(time.perf_counter() - t0)
            pages = result.pages
        size = (base / "single-0.pdf").stat().st_size

        t0 = time.perf_counter()
        batch = generate_batch(store.db, hs, base / "batch", company_ids=ids, options=options)
        batch_s = time.perf_counter() - t0
        store.close()

    out = {
        "single_report": {
            "company": {"sessions": 3, "products": 10, "warehouse_plan": True},
            "first_run_s": round(single[0], 3),
            "median_s": round(statistics.median(single), 3),
            "max_s": round(max(single), 3),
            "pages": pages,
            "pdf_bytes": size,
            "target_s": TARGET_SINGLE_S,
            "meets_target": max(single) < TARGET_SINGLE_S,
        },
        "batch": {
            "companies": args.batch,
            "written": len(batch.written),
            "failures": [f.message for f in batch.failures],
            "total_s": round(batch_s, 3),
            "per_report_s": round(batch_s / max(args.batch, 1), 3),
            "target_s": TARGET_BATCH_S,
            "meets_target": batch_s < TARGET_BATCH_S and not batch.failures,
        },
        "setup_s": round(setup_s, 3),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
