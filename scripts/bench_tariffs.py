"""Benchmark of the RCEP tariff data (prints one JSON object).

- import of Japan's full applied tariff and both Annex I originals (target: < 20 s together);
- a lookup of one HS 6-digit code for goods from China across all 14 partners (p95 < 50 ms);
- the database size afterwards.

    .venv/bin/python scripts/bench_tariffs.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.core.errors import AppError  # noqa: E402
from services.core.paths import AppPaths  # noqa: E402
from services.core.store import open_store  # noqa: E402
from services.rcep.importers import import_file  # noqa: E402
from services.rcep.parties import PARTIES  # noqa: E402
from services.rcep.tariff_repository import TariffRepository  # noqa: E402
from services.rcep.tariffs import lookup  # noqa: E402

CODES = ["850760", "610910", "290611", "854143", "940161", "090121", "870380", "392690"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    annex = args.shared / "rcep-annex1-tariff-schedules" / "original"
    files: list[tuple[Path, str, dict[str, str]]] = [
        (args.shared / "japan-customs-tariff" / "japan_applied_tariff_2026-07-09.csv",
         "japan-applied", {}),
        (annex / "recp-schedule-of-australia.xlsx", "annex1",
         {"importing_party": "AU", "schedule": "ALL"}),
        (annex / "recp-schedule-of-china-for-asean.xls", "annex1",
         {"importing_party": "CN", "schedule": "ASEAN"}),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(AppPaths(Path(folder)), daily_backup=False)
        repo = TariffRepository(store.db)
        imports = {}
        started = time.perf_counter()
        for path, fmt, options in files:
            t0 = time.perf_counter()
            repo.replace_source(import_file(path, fmt, progress=None, cancel=None, **options))
            imports[path.name] = round(time.perf_counter() - t0, 3)
        import_total = time.perf_counter() - started
        timings = []
        day = date(2026, 7, 1)
        for code in CODES:
            t0 = time.perf_counter()
            for partner in sorted(PARTIES):
                if partner == "CN":
                    continue
                with contextlib.suppress(AppError):  # no data for a Party is part of the answer
                    lookup(repo, code, partner, "CN", day)
            timings.append((time.perf_counter() - t0) * 1000)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = (Path(folder) / "exportpilot.db").stat().st_size
        store.close()
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(json.dumps({
        "import_seconds": imports,
        "import_total_seconds": round(import_total, 3),
        "import_target_seconds": 20,
        "lookup_14_partners_ms": {"p50": round(statistics.median(timings), 2),
                                  "p95": round(p95, 2), "target_p95": 50},
        "database_bytes": size,
        "ok": import_total < 20 and p95 < 50,
    }, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
