"""The scenario being edited, kept as the JSON mapping that ``validate_plan`` reads.

The editor writes what the user types into this mapping as it is typed: a number as a float
(money as its exact decimal text), an empty field as ``None``, anything else as the text itself
so that validation names the field ("Enter a number"). Nothing here is stored before
``validate_plan`` accepts the whole plan. Error paths from validation (``skus[0].markets[1].
demand.daily_mean``) are split into the SKU, the market and the key inside it.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from services.warehouse.lead_time import default_legs
from services.warehouse.models import PalletSpec, SimulationSpec
from services.warehouse.tax_rules import markets as planner_markets

Doc = dict[str, Any]
DEFAULT_MARKET = "JP"
STOCK_OUT_MARKS = frozenset({"-", "x", "X", "–", "—", "*"})
_PATH = re.compile(r"^skus\[(\d+)\](?:\.markets\[(\d+)\])?(?:\.(.*))?$")
_SEPARATORS = re.compile(r"[\s;；]+")


def planner_market_codes() -> list[str]:
    return planner_markets()


def legs_for(market: str, main_mode: str) -> list[Doc]:
    """The document's typical legs for a lane (empty when it has none, e.g. rail to Japan)."""
    found = default_legs(market, main_mode) if market else None
    if found is None:
        return []
    return [{"name": g.name, "mean_days": g.mean_days, "std_days": g.std_days} for g in found.legs]


def new_market(market: str) -> Doc:
    return {
        "market": market,
        "demand": {"daily_mean": None, "daily_std": None},
        "lead_time": {"main_mode": "sea", "legs": legs_for(market, "sea")},
        "review_period_days": 0.0,
        "service_level": 0.95,
        "service_type": "cycle",
        "order_quantity": None,
        "opening_stock": None,
        "need_space": True,
        "duty_rate_percent": None,
        "rcep_preference": False,
        "vat_registered": False,
        "costs": {},
    }


def new_sku(name: str = "", hs: str = "", market: str = DEFAULT_MARKET) -> Doc:
    return {
        "name": name,
        "hs": hs,
        "unit_cost": None,
        "price": None,
        "unit_weight_kg": None,
        "unit_dims_cm": None,
        "carton": None,
        "moq": 0,
        "max_order": None,
        "markets": [new_market(market)],
    }


def first_planner_market(candidates: Sequence[str]) -> str:
    known = planner_market_codes()
    return next((m for m in candidates if m in known), DEFAULT_MARKET)


def new_plan(
    name: str,
    *,
    product: tuple[str, str] | None = None,
    company_markets: Sequence[str] = (),
) -> Doc:
    """A fresh scenario: one SKU (the company's first product, if any) in the company's first
    market the planner knows (else Japan)."""
    sku_name, hs = product or ("", "")
    pallet, sim = PalletSpec(), SimulationSpec()
    return {
        "name": name,
        "currency": "CNY",
        "start_date": None,
        "pallet": {
            "length_cm": pallet.length_cm,
            "width_cm": pallet.width_cm,
            "max_height_cm": pallet.max_height_cm,
            "pallet_height_cm": pallet.pallet_height_cm,
            "utilisation": pallet.utilisation,
        },
        "simulation": {"enabled": sim.enabled, "paths": sim.paths, "seed": sim.seed},
        "skus": [new_sku(sku_name, hs, first_planner_market(company_markets))],
    }


def clone(doc: Doc) -> Doc:
    return copy.deepcopy(doc)


# ---- values as typed ---------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.strip().replace(",", "").replace("，", "").replace(" ", "")


def number_value(text: str) -> float | str | None:
    cleaned = _clean(text)
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return value if math.isfinite(value) else text.strip()


def integer_value(text: str) -> int | float | str | None:
    value = number_value(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def money_value(text: str) -> str | None:
    """Money keeps its exact decimal text ("12.30"); validation turns it into a Decimal."""
    cleaned = _clean(text)
    return cleaned or None


def share_value(text: str) -> float | str | None:
    """A service level as typed: 0.95, or 95 % (a trailing per-cent sign divides by 100)."""
    cleaned = _clean(text)
    if cleaned.endswith(("%", "％")):
        value = number_value(cleaned[:-1])
        return value / 100 if isinstance(value, float) else text.strip()
    return number_value(text)


def plain(value: Any) -> str:
    """A stored value back into a line edit: 20.0 → "20", 0.95 → "0.95", None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    text = str(value)
    if "E" in text.upper():  # stored money may come back as "5E+1" (a normalised Decimal)
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number.is_finite():
            return format(number, "f")
    return text


def parse_history(text: str) -> list[float | str | None]:
    """Sales pasted from a sheet (one value per line, or separated by spaces, tabs or ";");
    "-" or "x" marks a stock-out period (left out of the mean)."""
    values: list[float | str | None] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        if token in STOCK_OUT_MARKS:
            values.append(None)
            continue
        values.append(number_value(token))
    return values


def history_text(values: Sequence[Any]) -> str:
    return "\n".join("-" if v is None else plain(v) for v in values)


# ---- paths -------------------------------------------------------------------------------


def split_path(path: str) -> tuple[int | None, int | None, str]:
    """``skus[0].markets[1].demand.daily_mean`` → (0, 1, "demand.daily_mean");
    ``skus[2].carton.units`` → (2, None, "carton.units"); ``currency`` → (None, None, ...)."""
    found = _PATH.match(path)
    if found is None:
        return None, None, path
    sku, market, rest = found.groups()
    return int(sku), (int(market) if market is not None else None), rest or ""


def matches(path: str, key: str, *, exact: bool = False) -> bool:
    if path == key:
        return True
    return not exact and (path.startswith(key + ".") or path.startswith(key + "["))


def get_in(doc: Mapping[str, Any], key: str) -> Any:
    value: Any = doc
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def set_in(doc: Doc, key: str, value: Any) -> None:
    parts = key.split(".")
    target = doc
    for part in parts[:-1]:
        inner = target.get(part)
        if not isinstance(inner, dict):
            inner = {}
            target[part] = inner
        target = inner
    target[parts[-1]] = value
