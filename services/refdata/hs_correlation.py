"""HS 2022 ↔ HS 2012 at six digits (UN Statistics Division correspondence tables).

RCEP schedules (Annex I) and product-specific rules are in HS 2012; a user's code and today's
national tariffs are in HS 2022. ``resources/data/hs/hs2022_hs2012_links.csv`` holds only the
links that are not "same code, 1:1" (derived by scripts/build_hs_correlation.py); any other code
maps to itself.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache

from services.core.paths import resource_dir


@cache
def _links() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    path = resource_dir() / "data" / "hs" / "hs2022_hs2012_links.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            forward[row["hs2022"]].append(row["hs2012"])
            backward[row["hs2012"]].append(row["hs2022"])
    return dict(forward), dict(backward)


def hs2012_for(hs2022: str) -> list[str]:
    """The HS 2012 subheadings an HS 2022 subheading corresponds to (six digits each)."""
    code = hs2022[:6]
    return sorted(set(_links()[0].get(code, [code])))


def hs2022_for(hs2012: str) -> list[str]:
    code = hs2012[:6]
    return sorted(set(_links()[1].get(code, [code])))


def changed_links() -> list[tuple[str, str]]:
    """Every (HS 2022, HS 2012) link that is not "same code, 1:1" (the table above)."""
    forward = _links()[0]
    return sorted((new, old) for new, olds in forward.items() for old in set(olds))
