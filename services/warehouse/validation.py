"""Turning a JSON plan (the form's or a file's) into a :class:`PlanInput`, reporting every bad
field at once with its path, e.g. ``skus[0].markets[1].lead_time.legs[2].std_days``.

Rules (issue #6, "Bad input"): quantities, weights, sizes and costs must be positive; a service
level lies strictly between 0 and 1; carton data are required when space is asked for; a
lead-time spread must not exceed its mean. Nothing half-valid gets through: callers store only
what this returns.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from services.core.errors import FieldError, ValidationError
from services.core.i18n import _
from services.refdata.currencies import is_currency_code
from services.warehouse.lead_time import default_legs
from services.warehouse.models import (
    HISTORY_PERIODS,
    LEG_NAMES,
    MAIN_MODES,
    SERVICE_TYPES,
    Carton,
    DemandInput,
    LeadTimeInput,
    Leg,
    MarketPlanInput,
    PalletSpec,
    PlanInput,
    SimulationSpec,
    SkuInput,
)
from services.warehouse.rate_cards import known_entries
from services.warehouse.tax_rules import markets

MAX_NUMBER = 1e12
MAX_PATHS = 100_000
MAX_DAYS = 1000.0
PLAN_KEYS = frozenset({"name", "currency", "start_date", "pallet", "simulation", "skus"})
MARKET_KEYS = frozenset(
    {"market", "demand", "lead_time", "review_period_days", "service_level", "service_type",
     "order_quantity", "opening_stock", "need_space", "duty_rate_percent", "rcep_preference",
     "vat_registered", "costs"}
)  # fmt: skip


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Checker:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def mapping(self, raw: Any, path: str, *, required: bool = True) -> Mapping[str, Any] | None:
        if raw is None:
            if required:
                self.fail(path, _("This section is missing."))
            return None
        if not isinstance(raw, Mapping):
            self.fail(path, _("Wrong type for {field}.").format(field=path or "plan"))
            return None
        return raw

    def sequence(self, raw: Any, path: str) -> Sequence[Any] | None:
        if raw is None:
            return None
        if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
            self.fail(path, _("Enter a list here."))
            return None
        return raw

    def number(
        self,
        raw: Any,
        path: str,
        *,
        positive: bool = False,
        allow_zero: bool = True,
        required: bool = True,
        maximum: float = MAX_NUMBER,
    ) -> float | None:
        if raw is None:
            if required:
                self.fail(path, _("Enter a number."))
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
            self.fail(path, _("Enter a number."))
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(path, _("Enter a number."))
            return None
        if not math.isfinite(value):
            self.fail(path, _("Enter a number."))
            return None
        if positive and value <= 0:
            self.fail(path, _("Enter a number greater than zero."))
            return None
        if not allow_zero and value == 0:
            self.fail(path, _("Enter a number other than zero."))
            return None
        if value < 0:
            self.fail(path, _("Enter a number that is not negative."))
            return None
        if value > maximum:
            self.fail(path, _("The number is too large."))
            return None
        return value

    def integer(
        self,
        raw: Any,
        path: str,
        *,
        positive: bool = False,
        required: bool = True,
        maximum: float = MAX_NUMBER,
    ) -> int | None:
        value = self.number(raw, path, positive=positive, required=required, maximum=maximum)
        if value is None:
            return None
        if value != int(value):
            self.fail(path, _("Enter a whole number."))
            return None
        return int(value)

    def money(
        self, raw: Any, path: str, *, positive: bool = True, required: bool = True
    ) -> Decimal | None:
        value = self.number(raw, path, positive=positive, required=required)
        if value is None:
            return None
        try:
            return _plain(Decimal(repr(raw) if isinstance(raw, float) else str(raw)))
        except InvalidOperation:  # pragma: no cover - number() accepted it
            self.fail(path, _("Enter a number."))
            return None

    def boolean(self, raw: Any, path: str, default: bool) -> bool:
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.fail(path, _("Enter true or false."))
            return default
        return raw

    def choice(self, raw: Any, path: str, choices: Sequence[str], default: str) -> str:
        if raw is None:
            return default
        if raw not in choices:
            self.fail(path, _("Choose one of: {choices}.").format(choices=", ".join(choices)))
            return default
        return str(raw)

    def text(self, raw: Any, path: str, *, default: str = "", max_length: int = 200) -> str:
        if raw is None:
            return default
        if not isinstance(raw, str):
            self.fail(path, _("Enter text here."))
            return default
        value = raw.strip()
        if len(value) > max_length:
            self.fail(path, _("Enter at most {count} characters.").format(count=max_length))
        return value

    def unknown_keys(self, raw: Mapping[str, Any], path: str, known: Container[str]) -> None:
        for key in raw:
            if key not in known:
                self.fail(_join(path, key), _("Unknown field {name}.").format(name=key))


# ---- sections ----------------------------------------------------------------------------


def _service_level_checked(c: _Checker, raw: Any, path: str) -> float:
    """Service levels outside (0, 1) get one clear message whatever the number."""
    if raw is None:
        return 0.95
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        c.fail(path, _("Enter a service level between 0 and 1 (e.g. 0.95)."))
        return 0.95
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value < 1):
        c.fail(
            path,
            _("Enter a service level between 0 and 1 (e.g. 0.95), not {value}.").format(value=raw),
        )
        return 0.95
    return value


def _demand(c: _Checker, raw: Any, path: str) -> DemandInput:
    data = c.mapping(raw, path)
    if data is None:
        return DemandInput(daily_mean=1.0)
    c.unknown_keys(
        data,
        path,
        {
            "daily_mean",
            "daily_std",
            "seasonality",
            "history",
            "history_period",
            "market_size_factor",
            "spread_factor",
        },
    )
    history_raw = c.sequence(data.get("history"), _join(path, "history"))
    history: list[float | None] = []
    for k, value in enumerate(history_raw or ()):
        if value is None:
            history.append(None)
            continue
        number = c.number(value, _join(_join(path, "history"), k))
        history.append(number)
    period = c.choice(
        data.get("history_period"), _join(path, "history_period"), HISTORY_PERIODS, "day"
    )
    mean = std = None
    if history:
        observed = [v for v in history if v is not None]
        if not observed or sum(observed) <= 0:
            c.fail(
                _join(path, "history"),
                _("The history has no sales on in-stock days; enter a mean demand instead."),
            )
    else:
        mean = c.number(data.get("daily_mean"), _join(path, "daily_mean"), positive=True)
        std = c.number(data.get("daily_std", 0), _join(path, "daily_std"))
    season_raw = c.sequence(data.get("seasonality"), _join(path, "seasonality"))
    season = None
    if season_raw is not None:
        if len(season_raw) != 12:
            c.fail(_join(path, "seasonality"), _("Enter 12 monthly indices (January first)."))
        else:
            values = [
                c.number(v, _join(_join(path, "seasonality"), k)) for k, v in enumerate(season_raw)
            ]
            if all(v is not None for v in values):
                if sum(v for v in values if v is not None) <= 0:
                    c.fail(
                        _join(path, "seasonality"),
                        _("At least one monthly index must be above zero."),
                    )
                else:
                    season = tuple(float(v) for v in values if v is not None)
    size = c.number(
        data.get("market_size_factor", 1.0), _join(path, "market_size_factor"), positive=True
    )
    spread = c.number(data.get("spread_factor", 1.0), _join(path, "spread_factor"), positive=True)
    return DemandInput(
        daily_mean=mean if not history else None,
        daily_std=std if not history else None,
        seasonality=season,
        history=tuple(history),
        history_period=period,
        market_size_factor=size or 1.0,
        spread_factor=spread or 1.0,
    )


def _leg(c: _Checker, raw: Any, path: str, name: str | None = None) -> Leg | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    known = {"mean_days", "std_days"} | ({"name"} if name is None else set())
    c.unknown_keys(data, path, known)
    leg_name = name or c.choice(data.get("name"), _join(path, "name"), LEG_NAMES, "")
    if name is None and data.get("name") is None:
        c.fail(
            _join(path, "name"), _("Choose one of: {choices}.").format(choices=", ".join(LEG_NAMES))
        )
    mean = c.number(data.get("mean_days"), _join(path, "mean_days"), maximum=MAX_DAYS)
    std = c.number(data.get("std_days", 0), _join(path, "std_days"), maximum=MAX_DAYS)
    if mean is not None and std is not None and std > mean:
        c.fail(
            _join(path, "std_days"),
            _(
                "The spread ({std} days) is larger than the mean ({mean} days); enter a "
                "spread no larger than the mean."
            ).format(std=std, mean=mean),
        )
        return None
    if mean is None or std is None:
        return None
    return Leg(leg_name or "total", mean, std)


def _lead_time(c: _Checker, raw: Any, path: str, market: str) -> LeadTimeInput:
    data = c.mapping(raw, path, required=False)
    mode = "sea"
    if data is None:
        default = default_legs(market, mode) if market else None
        return default or LeadTimeInput((Leg("total", 30.0, 5.0),))
    c.unknown_keys(data, path, {"mean_days", "std_days", "legs", "main_mode"})
    mode = c.choice(data.get("main_mode"), _join(path, "main_mode"), MAIN_MODES, "sea")
    legs_raw = c.sequence(data.get("legs"), _join(path, "legs"))
    if legs_raw is not None:
        if data.get("mean_days") is not None:
            c.fail(
                _join(path, "mean_days"),
                _("Give either the legs or a total mean and spread, not both."),
            )
        if not legs_raw:
            c.fail(_join(path, "legs"), _("Enter at least one lead-time leg."))
        legs = [_leg(c, leg, _join(_join(path, "legs"), k)) for k, leg in enumerate(legs_raw)]
        found = tuple(leg for leg in legs if leg is not None)
        if found and sum(leg.mean_days for leg in found) <= 0:
            c.fail(_join(path, "legs"), _("The lead time must be longer than zero days."))
        return LeadTimeInput(found or (Leg("total", 1.0),), mode)
    if data.get("mean_days") is None:
        default = default_legs(market, mode) if market else None
        if default is None:
            c.fail(
                _join(path, "mean_days"),
                _(
                    "There is no typical lead time for this lane; enter the legs or a mean "
                    "and spread."
                ),
            )
            return LeadTimeInput((Leg("total", 1.0),), mode)
        return default
    leg = _leg(c, {k: data[k] for k in ("mean_days", "std_days") if k in data}, path, "total")
    if leg is not None and leg.mean_days <= 0:
        c.fail(_join(path, "mean_days"), _("Enter a number greater than zero."))
    return LeadTimeInput((leg or Leg("total", 1.0),), mode)


def _overrides(c: _Checker, raw: Any, path: str) -> dict[str, dict[str, Any]]:
    data = c.mapping(raw, path, required=False)
    if data is None:
        return {}
    known = known_entries()
    result: dict[str, dict[str, Any]] = {}
    for card, entries in data.items():
        card_path = _join(path, card)
        if card not in known:
            c.fail(
                card_path,
                _("Unknown rate card {name}; use one of: {choices}.").format(
                    name=card, choices=", ".join(sorted(known))
                ),
            )
            continue
        body = c.mapping(entries, card_path)
        if body is None:
            continue
        for key, entry in body.items():
            entry_path = _join(card_path, key)
            kind = known[card].get(key)
            if kind is None:
                c.fail(
                    entry_path,
                    _("Unknown rate {name}; use one of: {choices}.").format(
                        name=key, choices=", ".join(sorted(known[card]))
                    ),
                )
                continue
            normal = _override_entry(c, entry, entry_path, kind)
            if normal is not None:
                result.setdefault(card, {})[key] = normal
    return result


def _override_entry(c: _Checker, entry: Any, path: str, kind: str) -> dict[str, Any] | None:
    currency = None
    if isinstance(entry, Mapping):
        currency = entry.get("currency")
        if currency is not None and not is_currency_code(currency):
            c.fail(
                _join(path, "currency"),
                _("{code} is not an ISO 4217 currency code (e.g. CNY, USD, JPY).").format(
                    code=currency
                ),
            )
            return None
    if kind == "table":
        body = c.mapping(entry, path)
        rows = c.sequence(body.get("rows") if body else None, _join(path, "rows"))
        if body is None or rows is None:
            if body is not None:
                c.fail(_join(path, "rows"), _("Enter a list here."))
            return None
        if not rows:
            c.fail(_join(path, "rows"), _("Enter at least one row."))
        key = path.rsplit(".", 1)[-1]
        clean_rows = [
            _table_row(c, row, _join(_join(path, "rows"), k), TABLE_FIELDS.get(key, {}))
            for k, row in enumerate(rows)
        ]
        return {"rows": clean_rows, **({"currency": currency} if currency else {})}
    value = entry.get("value") if isinstance(entry, Mapping) else entry
    value_path = _join(path, "value") if isinstance(entry, Mapping) else path
    positive = path.rsplit(".", 1)[-1] in POSITIVE_ENTRIES
    amount = c.money(value, value_path, positive=positive)
    if amount is None:
        return None
    if kind != "money" and currency is not None:
        c.fail(_join(path, "currency"), _("This rate is not an amount of money."))
        return None
    return {"value": str(amount), **({"currency": currency} if currency else {})}


# Rate-card values that must be above zero (others may be zero: a free service, no uplift).
POSITIVE_ENTRIES = frozenset({"max_cover_months"})

# Fields of each rate-card table row: "n" a number ≥ 0, "n?" a number or null, "t" text,
# "dims?" three sizes in cm or null.
TABLE_FIELDS: dict[str, dict[str, str]] = {
    "storage_tiers": {"from_day": "n", "rate": "n"},
    "aged_surcharge": {"from_day": "n", "rate": "n"},
    "storage": {"size": "t", "off_peak": "n", "peak": "n"},
    "size_tiers": {"tier": "t", "max_kg": "n?", "max_cm": "dims?", "size": "t"},
    "fulfilment_fees": {"tier": "t", "max_kg": "n?", "fee": "n"},
}


def _table_row(c: _Checker, raw: Any, path: str, fields: Mapping[str, str]) -> dict[str, Any]:
    row = c.mapping(raw, path) or {}
    c.unknown_keys(row, path, set(fields))
    clean: dict[str, Any] = {}
    for name, kind in fields.items():
        value = row.get(name)
        where = _join(path, name)
        if kind == "t":
            text = c.text(value, where)
            if not text:
                c.fail(where, _("Enter text here."))
            clean[name] = text
        elif kind == "dims?":
            dims = c.sequence(value, where)
            if dims is not None and len(dims) != 3:
                c.fail(where, _("Enter length, width and height in cm."))
            clean[name] = (
                None
                if dims is None
                else [str(c.number(d, _join(where, i))) for i, d in enumerate(dims)]
            )
        else:
            number = c.number(value, where, required=kind == "n")
            clean[name] = None if number is None else str(value)
    return clean


def _market(c: _Checker, raw: Any, path: str, *, has_carton: bool) -> MarketPlanInput | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    c.unknown_keys(data, path, MARKET_KEYS)
    market = data.get("market")
    if not isinstance(market, str) or market.upper() not in markets():
        c.fail(
            _join(path, "market"),
            _("Choose a market of the planner: {choices}.").format(choices=", ".join(markets())),
        )
        market = ""
    market = market.upper()
    need_space = c.boolean(data.get("need_space"), _join(path, "need_space"), True)
    if need_space and not has_carton:
        c.fail(
            _join(path, "need_space"),
            _(
                "Space (cbm and pallet positions) needs the carton data of the SKU: units "
                "per carton and its length, width and height."
            ),
        )
    duty = None
    if data.get("duty_rate_percent") is not None:
        duty = c.money(
            data.get("duty_rate_percent"), _join(path, "duty_rate_percent"), positive=False
        )
        if duty is not None and duty > 1000:
            c.fail(_join(path, "duty_rate_percent"), _("Enter a duty rate in percent."))
    q = c.integer(
        data.get("order_quantity"), _join(path, "order_quantity"), positive=True, required=False
    )
    return MarketPlanInput(
        market=market,
        demand=_demand(c, data.get("demand"), _join(path, "demand")),
        lead_time=_lead_time(c, data.get("lead_time"), _join(path, "lead_time"), market),
        review_period_days=c.number(
            data.get("review_period_days", 0), _join(path, "review_period_days"), maximum=365
        )
        or 0.0,
        service_level=_service_level_checked(
            c, data.get("service_level"), _join(path, "service_level")
        ),
        service_type=c.choice(
            data.get("service_type"), _join(path, "service_type"), SERVICE_TYPES, "cycle"
        ),
        order_quantity=q,
        opening_stock=c.number(
            data.get("opening_stock"), _join(path, "opening_stock"), required=False
        ),
        need_space=need_space,
        duty_rate_percent=duty,
        rcep_preference=c.boolean(
            data.get("rcep_preference"), _join(path, "rcep_preference"), False
        ),
        vat_registered=c.boolean(data.get("vat_registered"), _join(path, "vat_registered"), False),
        costs=_overrides(c, data.get("costs"), _join(path, "costs")),
    )


def _carton(c: _Checker, raw: Any, path: str) -> Carton | None:
    data = c.mapping(raw, path, required=False)
    if data is None:
        return None
    c.unknown_keys(data, path, {"units", "length_cm", "width_cm", "height_cm", "weight_kg"})
    units = c.integer(data.get("units"), _join(path, "units"), positive=True)
    dims = [
        c.number(data.get(k), _join(path, k), positive=True, maximum=10_000)
        for k in ("length_cm", "width_cm", "height_cm")
    ]
    weight = c.number(
        data.get("weight_kg"), _join(path, "weight_kg"), positive=True, required=False
    )
    if units is None or any(d is None for d in dims):
        return None
    length, width, height = (float(d) for d in dims if d is not None)
    return Carton(units, length, width, height, weight)


def _sku(c: _Checker, raw: Any, path: str) -> SkuInput | None:
    data = c.mapping(raw, path)
    if data is None:
        return None
    c.unknown_keys(
        data,
        path,
        {
            "name",
            "hs",
            "unit_cost",
            "price",
            "unit_weight_kg",
            "unit_dims_cm",
            "carton",
            "moq",
            "max_order",
            "markets",
        },
    )
    carton_errors = len(c.errors)
    carton = _carton(c, data.get("carton"), _join(path, "carton"))
    carton_given = data.get("carton") is not None
    dims = None
    dims_raw = c.sequence(data.get("unit_dims_cm"), _join(path, "unit_dims_cm"))
    if dims_raw is not None:
        if len(dims_raw) != 3:
            c.fail(_join(path, "unit_dims_cm"), _("Enter length, width and height in cm."))
        else:
            values = [
                c.number(v, _join(_join(path, "unit_dims_cm"), k), positive=True)
                for k, v in enumerate(dims_raw)
            ]
            if all(v is not None for v in values):
                dims = (float(values[0] or 0), float(values[1] or 0), float(values[2] or 0))
    if not carton_given and dims_raw is None:
        c.fail(
            _join(path, "carton"),
            _(
                "Enter the carton (units, length, width, height) or the unit's size: head "
                "haul and storage are priced by volume."
            ),
        )
    hs = c.text(data.get("hs"), _join(path, "hs"), max_length=20)
    hs_digits = "".join(ch for ch in hs if ch not in ". ")
    if hs and (not hs_digits.isdigit() or not 4 <= len(hs_digits) <= 10):
        c.fail(
            _join(path, "hs"),
            _("Enter an HS code of 4 to 10 digits (dots and spaces allowed), e.g. 8507.60."),
        )
    moq = c.integer(data.get("moq", 0), _join(path, "moq")) or 0
    max_order = c.integer(
        data.get("max_order"), _join(path, "max_order"), positive=True, required=False
    )
    if max_order is not None and max_order < moq:
        c.fail(
            _join(path, "max_order"),
            _("The maximum order is smaller than the minimum order quantity."),
        )
    has_carton = carton is not None or (carton_given and len(c.errors) > carton_errors)
    markets_raw = c.sequence(data.get("markets"), _join(path, "markets"))
    found_markets = []
    if not markets_raw:
        c.fail(_join(path, "markets"), _("Add at least one market for this SKU."))
    for k, m in enumerate(markets_raw or ()):
        market = _market(c, m, _join(_join(path, "markets"), k), has_carton=has_carton)
        if market is not None:
            found_markets.append(market)
    seen = [m.market for m in found_markets]
    for k, code in enumerate(seen):
        if code and seen.index(code) != k:
            c.fail(
                _join(_join(_join(path, "markets"), k), "market"),
                _("{market} is listed twice for this SKU.").format(market=code),
            )
    return SkuInput(
        name=c.text(data.get("name"), _join(path, "name")),
        hs=hs_digits,
        unit_cost=c.money(data.get("unit_cost"), _join(path, "unit_cost")) or Decimal(1),
        price=c.money(data.get("price"), _join(path, "price"), required=False),
        unit_weight_kg=c.number(
            data.get("unit_weight_kg"),
            _join(path, "unit_weight_kg"),
            positive=True,
            maximum=100_000,
        )
        or 1.0,
        unit_dims_cm=dims,
        carton=carton,
        moq=moq,
        max_order=max_order,
        markets=tuple(found_markets),
    )


def _pallet(c: _Checker, raw: Any, path: str) -> PalletSpec:
    data = c.mapping(raw, path, required=False)
    if data is None:
        return PalletSpec()
    c.unknown_keys(
        data, path, {"length_cm", "width_cm", "max_height_cm", "pallet_height_cm", "utilisation"}
    )
    d = PalletSpec()
    values = {
        k: c.number(data.get(k, getattr(d, k)), _join(path, k), positive=True, maximum=10_000)
        for k in ("length_cm", "width_cm", "max_height_cm", "pallet_height_cm")
    }
    utilisation = c.number(
        data.get("utilisation", d.utilisation),
        _join(path, "utilisation"),
        positive=True,
        maximum=1.0,
    )
    mh, ph = values["max_height_cm"], values["pallet_height_cm"]
    if mh is not None and ph is not None and ph >= mh:
        c.fail(
            _join(path, "max_height_cm"),
            _("The height limit must be above the pallet's own height."),
        )
    return PalletSpec(
        length_cm=values["length_cm"] or d.length_cm,
        width_cm=values["width_cm"] or d.width_cm,
        max_height_cm=mh or d.max_height_cm,
        pallet_height_cm=ph or d.pallet_height_cm,
        utilisation=utilisation or d.utilisation,
    )


def _simulation(c: _Checker, raw: Any, path: str) -> SimulationSpec:
    data = c.mapping(raw, path, required=False)
    if data is None:
        return SimulationSpec()
    c.unknown_keys(data, path, {"enabled", "paths", "seed"})
    d = SimulationSpec()
    return SimulationSpec(
        enabled=c.boolean(data.get("enabled"), _join(path, "enabled"), d.enabled),
        paths=c.integer(
            data.get("paths", d.paths), _join(path, "paths"), positive=True, maximum=MAX_PATHS
        )
        or d.paths,
        seed=c.integer(data.get("seed", d.seed), _join(path, "seed"), maximum=2**63) or 0,
    )


def _currency(c: _Checker, raw: Any, path: str) -> str:
    code = raw.strip().upper() if isinstance(raw, str) else raw
    if code is None:
        return "CNY"
    if not is_currency_code(code):
        c.fail(
            path,
            _("{code} is not an ISO 4217 currency code (e.g. CNY, USD, JPY).").format(code=raw),
        )
        return "CNY"
    return str(code)


def _start(c: _Checker, raw: Any, path: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        c.fail(path, _("Enter a date as YYYY-MM-DD."))
        return None


def validate_plan(raw: Any) -> PlanInput:
    """The whole plan, or a ValidationError listing every bad field."""
    c = _Checker()
    data = c.mapping(raw, "")
    if data is None:
        raise ValidationError(c.errors)
    c.unknown_keys(data, "", PLAN_KEYS)
    skus_raw = c.sequence(data.get("skus"), "skus")
    if not skus_raw:
        c.fail("skus", _("Add at least one SKU."))
    skus = [_sku(c, s, _join("skus", k)) for k, s in enumerate(skus_raw or ())]
    plan = PlanInput(
        skus=tuple(s for s in skus if s is not None),
        name=c.text(data.get("name"), "name"),
        currency=_currency(c, data.get("currency"), "currency"),
        start_date=_start(c, data.get("start_date"), "start_date"),
        pallet=_pallet(c, data.get("pallet"), "pallet"),
        simulation=_simulation(c, data.get("simulation"), "simulation"),
    )
    if c.errors:
        raise ValidationError(c.errors)
    return plan


def validate_cli_input(raw: Any) -> PlanInput:
    """The one-SKU, one-market document of ``warehouse plan`` (cli.md); error paths name its
    own fields (``lead_time.legs[2].std_days``, ``sku.carton.units``)."""
    if not isinstance(raw, Mapping):
        raise ValidationError(_("The plan file must hold a JSON object."), field="")
    plan_keys = PLAN_KEYS - {"skus"}
    c = _Checker()
    c.unknown_keys(raw, "", {"sku"} | MARKET_KEYS | plan_keys)
    if c.errors:
        raise ValidationError(c.errors)
    sku_raw = raw.get("sku")
    market_raw = {k: raw[k] for k in MARKET_KEYS if k in raw}
    has_carton = isinstance(sku_raw, Mapping) and sku_raw.get("carton") is not None
    market_raw.setdefault("need_space", has_carton)
    sku_doc = {**sku_raw, "markets": [market_raw]} if isinstance(sku_raw, Mapping) else sku_raw
    try:
        return validate_plan({**{k: raw[k] for k in plan_keys if k in raw}, "skus": [sku_doc]})
    except ValidationError as exc:
        raise ValidationError([_cli_path(e) for e in exc.errors]) from exc


def _cli_path(error: FieldError) -> FieldError:
    path = error.field
    if path == "skus[0]":
        return FieldError("sku", error.message)
    for prefix, repl in (("skus[0].markets[0].", ""), ("skus[0].", "sku.")):
        if path.startswith(prefix):
            return FieldError(repl + path[len(prefix) :], error.message)
    return error


def _plain(amount: Decimal) -> Decimal:
    """Without trailing zeros, never in exponent form: 50, not 5E+1 (stored JSON stays readable)."""
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal  # type: ignore[operator]
