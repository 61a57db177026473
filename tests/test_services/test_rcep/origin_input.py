"""``origin assess`` inputs for the tests (cli.md): the contract's battery pack, and copies of
it with some parts changed."""

from __future__ import annotations

import copy
from typing import Any

BATTERY: dict[str, Any] = {
    "product": {
        "hs": "8507.60",
        "description": "Li-ion battery pack",
        "fob_value": 100.0,
        "currency": "USD",
        "weight_kg": 2.0,
    },
    "exporting_party": "CN",
    "importing_party": "JP",
    "rule": "CTH or RVC40",
    "wholly_obtained": False,
    "chemical_reaction": False,
    "operations": "substantial",
    "direct_consignment": True,
    "materials": [
        {
            "name": "cells",
            "hs": "8507.60",
            "value": 30.0,
            "origin": "KR",
            "originating": True,
            "weight_kg": 1.2,
        },
        {"name": "casing", "hs": "3926.90", "value": 30.0, "origin": None, "originating": False},
    ],
}


def origin_input(**changes: Any) -> dict[str, Any]:
    """A fresh copy of :data:`BATTERY` with top-level keys replaced."""
    data = copy.deepcopy(BATTERY)
    data.update(changes)
    return data
