"""Import VAT/GST and low-value (de minimis) rules per market and date (domain/warehouse.md
§2.12.3), read from ``resources/data/warehouse/tax_rules.json``.

A rule version applies from ``valid_from`` to ``valid_to`` (inclusive; None = open). Direct
parcels are taxed by the band their value falls in; bulk imports into a warehouse pay duty on
the customs value (CIF or FOB, per market) and VAT on value plus duty.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.core.paths import resource_dir


@dataclass(frozen=True, slots=True)
class Band:
    up_to: Decimal
    currency: str
    duty: str  # exempt | due | rate:<percent> | fixed:<amount in band currency>
    vat: str  # exempt | due
    collected_at_sale: bool = False

    @property
    def duty_rate(self) -> Decimal | None:
        return Decimal(self.duty.split(":", 1)[1]) if self.duty.startswith("rate:") else None

    @property
    def fixed_duty(self) -> Decimal | None:
        return Decimal(self.duty.split(":", 1)[1]) if self.duty.startswith("fixed:") else None


@dataclass(frozen=True, slots=True)
class TaxRule:
    market: str
    valid_from: date | None
    valid_to: date | None
    vat_rate: Decimal  # percent
    customs_value: str  # CIF | FOB
    bands: tuple[Band, ...]
    status: str
    source: str
    note: str
    vat_low: Decimal | None = None
    vat_high: Decimal | None = None

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _day(raw: Any) -> date | None:
    return None if raw is None else date.fromisoformat(str(raw))


def _dec(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


@cache
def _rules() -> Mapping[str, tuple[TaxRule, ...]]:
    path = resource_dir() / "data" / "warehouse" / "tax_rules.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(
            _("The tax rules ({path}) cannot be read: {reason}").format(path=path, reason=exc)
        ) from exc
    rules: dict[str, tuple[TaxRule, ...]] = {}
    for market, entry in doc["markets"].items():
        versions = []
        for v in entry["versions"]:
            bands = tuple(
                Band(
                    Decimal(b["up_to"]),
                    b["currency"],
                    b["duty"],
                    b["vat"],
                    bool(b.get("collected_at_sale", False)),
                )
                for b in v["bands"]
            )
            versions.append(
                TaxRule(
                    market=market,
                    valid_from=_day(v["from"]),
                    valid_to=_day(v["to"]),
                    vat_rate=Decimal(v["vat_rate"]),
                    customs_value=v["customs_value"],
                    bands=tuple(sorted(bands, key=lambda b: b.up_to)),
                    status=v["status"],
                    source=v["source"],
                    note=v.get("note", ""),
                    vat_low=_dec(v.get("low")),
                    vat_high=_dec(v.get("high")),
                )
            )
        rules[market] = tuple(versions)
    return rules


def markets() -> list[str]:
    """The markets the planner knows (RCEP markets, the US and the EU)."""
    return list(_rules())


def versions(market: str) -> tuple[TaxRule, ...]:
    if market not in _rules():
        raise ValidationError(
            _("{market} is not a market of the planner; choose one of: {choices}.").format(
                market=market, choices=", ".join(markets())
            ),
            field="market",
        )
    return _rules()[market]


def rule_for(market: str, day: date) -> TaxRule:
    for rule in versions(market):
        if rule.applies_on(day):
            return rule
    # Before the first dated version (e.g. SG 2022): the earliest one is the best we know.
    return versions(market)[0]


def changes_between(market: str, start: date, end: date) -> list[TaxRule]:
    """Versions that start after ``start`` and on or before ``end`` (changes in the plan year)."""
    return [r for r in versions(market) if r.valid_from is not None and start < r.valid_from <= end]


def next_change(market: str, day: date) -> date | None:
    later = [r.valid_from for r in versions(market) if r.valid_from and r.valid_from > day]
    return min(later) if later else None


def band_for(rule: TaxRule, value_in_band_currency: Mapping[str, float]) -> Band | None:
    """The first band whose limit the parcel value does not exceed; ``value_in_band_currency``
    maps each band currency to the parcel's value in it."""
    for band in rule.bands:
        if value_in_band_currency[band.currency] <= float(band.up_to):
            return band
    return None
