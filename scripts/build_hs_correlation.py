"""Derive resources/data/hs/hs2022_hs2012_links.csv from the UNSD correlation table.

RCEP schedules and product-specific rules are written in HS 2012; users and today's national
tariffs use HS 2022. The app needs, for each HS 2022 subheading, the HS 2012 subheadings it
corresponds to. Most codes are unchanged (a 1:1 link to the same code), so only the links that
differ are kept: a code absent from the table maps to itself. The n:n links of heading 8549
(e-waste, new in HS 2022, linked to about a thousand older codes) are left out.

    python scripts/build_hs_correlation.py [--source PATH/hs2022_to_hs2012_correlation.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = (
    ROOT.parent / "shared" / "data" / "unsd-hs-correlation" / "hs2022_to_hs2012_correlation.csv"
)
TARGET = ROOT / "resources" / "data" / "hs" / "hs2022_hs2012_links.csv"
HEADER = (
    "# HS 2022 -> HS 2012 links that are not 'same code, 1:1'; derived from the UN Statistics"
    " Division correspondence tables (via insongkim/concordance, commit 201c812e, 2023-01-16)"
    " by scripts/build_hs_correlation.py\n"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    with args.source.open(encoding="utf-8", newline="") as handle:
        rows = sorted(
            {
                (r["hs2022"], r["hs2012"], r["relationship"])
                for r in csv.DictReader(handle)
                if not (r["hs2022"] == r["hs2012"] and r["relationship"] == "1:1")
                and not (r["hs2022"].startswith("8549") and r["relationship"] == "n:n")
            }
        )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["hs2022", "hs2012", "relationship"])
        writer.writerows(rows)
    print(f"{len(rows)} links -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
