"""Derive resources/data/countries/m49_regions.csv from ../shared/data/country-codes.

The app needs one fact per country: its UN M49 region and sub-region (to map a company's
target countries onto the readiness profile's market groups: LATAM, AFRICA). Only those three
columns are kept; the source file itself is never copied.

    python scripts/build_country_regions.py [--source PATH/country-codes.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "country-codes" / "country-codes.csv"
TARGET = ROOT / "resources" / "data" / "countries" / "m49_regions.csv"
HEADER = (
    "# Derived from datasets/country-codes (commit caa72d1e, 2026-05-15; UN M49 regions;"
    " ODC PDDL 1.0) by scripts/build_country_regions.py\n"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    with args.source.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["ISO3166-1-Alpha-2"], r["Region Name"], r["Sub-region Name"])
            for r in csv.DictReader(handle)
            if r["ISO3166-1-Alpha-2"]
        ]
    rows.sort()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["alpha2", "region", "sub_region"])
        writer.writerows(rows)
    print(f"{len(rows)} countries -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
