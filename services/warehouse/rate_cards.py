"""Editable rate cards (domain/warehouse.md §1, §2.12): every fee and rate the cost model uses,
each with its source, date and how sure the document is about it.

Defaults live in ``resources/data/warehouse/rate_cards.json`` (generic values, then per-market
overrides); a plan's market may override any entry. A value the user typed carries the status
``entered``. Ranges from the document keep their low and high ends (value = midpoint).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from services.core.errors import DataFileError
from services.core.i18n import N_, _
from services.core.paths import resource_dir

STATUSES = ("verified", "secondary", "unverified", "placeholder", "assumed", "entered")
STATUS_LABELS = {
    "verified": N_("official or checked source"),
    "secondary": N_("secondary source"),
    "unverified": N_("unverified — check the official text before release"),
    "placeholder": N_("placeholder — enter your own figure"),
    "assumed": N_("assumed (illustrative example, not market data)"),
    "entered": N_("entered by you"),
}
CARDS = ("common", "parcel", "head_haul", "threepl", "last_mile", "own", "fba")
TABLES = frozenset({"storage_tiers", "storage", "size_tiers", "fulfilment_fees", "aged_surcharge"})
ENTERED = "entered"


@dataclass(frozen=True, slots=True)
class Param:
    value: Decimal
    currency: str | None = None  # None: not money (a rate, days, cbm …)
    unit: str = ""
    status: str = "placeholder"
    source: str = ""
    as_of: str = ""
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Mapping[str, Any], ...]
    currency: str | None = None
    unit: str = ""
    status: str = "placeholder"
    source: str = ""
    as_of: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. peak_months


Card = Mapping[str, Param | Table]


@dataclass(frozen=True, slots=True)
class RateCards:
    """The cards that apply to one market (defaults + market values + the plan's overrides)."""

    market: str
    cards: Mapping[str, Card]
    version: str

    def has(self, card: str, key: str | None = None) -> bool:
        entries = self.cards.get(card)
        return entries is not None and (key is None or key in entries)

    def param(self, card: str, key: str) -> Param:
        entry = self.cards[card][key]
        assert isinstance(entry, Param), (card, key)
        return entry

    def table(self, card: str, key: str) -> Table:
        entry = self.cards[card][key]
        assert isinstance(entry, Table), (card, key)
        return entry

    def entries(self) -> list[tuple[str, str, Param | Table]]:
        return [(c, k, v) for c, card in self.cards.items() for k, v in card.items()]


@dataclass(frozen=True, slots=True)
class IndicativeRates:
    cny_per_unit: Mapping[str, Decimal]
    as_of: str
    status: str
    source: str


def rate_cards_path() -> Path:
    return resource_dir() / "data" / "warehouse" / "rate_cards.json"


@cache
def _document() -> Mapping[str, Any]:
    path = rate_cards_path()
    try:
        data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(
            _("The default rate cards ({path}) cannot be read: {reason}").format(
                path=path, reason=exc
            )
        ) from exc
    return data


def _decimal(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def param_from_json(raw: Mapping[str, Any]) -> Param:
    value = _decimal(raw["value"])
    assert value is not None
    return Param(
        value=value,
        currency=raw.get("currency"),
        unit=str(raw.get("unit", "")),
        status=str(raw.get("status", "placeholder")),
        source=str(raw.get("source", "")),
        as_of=str(raw.get("as_of", "")),
        low=_decimal(raw.get("low")),
        high=_decimal(raw.get("high")),
    )


def table_from_json(raw: Mapping[str, Any]) -> Table:
    known = {"rows", "currency", "unit", "status", "source", "as_of"}
    return Table(
        rows=tuple(dict(r) for r in raw.get("rows", ())),
        currency=raw.get("currency"),
        unit=str(raw.get("unit", "")),
        status=str(raw.get("status", "placeholder")),
        source=str(raw.get("source", "")),
        as_of=str(raw.get("as_of", "")),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _card_from_json(raw: Mapping[str, Any]) -> dict[str, Param | Table]:
    card: dict[str, Param | Table] = {}
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            continue  # e.g. the FBA card's plain "currency"
        card[key] = table_from_json(entry) if key in TABLES else param_from_json(entry)
    return card


def default_cards(market: str) -> RateCards:
    doc = _document()
    cards: dict[str, dict[str, Param | Table]] = {
        name: _card_from_json(raw) for name, raw in doc["defaults"].items()
    }
    for name, raw in doc["markets"].get(market, {}).items():
        cards.setdefault(name, {}).update(_card_from_json(raw))
    return RateCards(market=market, cards=cards, version=str(doc["version"]))


def with_overrides(cards: RateCards, overrides: Mapping[str, Mapping[str, Any]]) -> RateCards:
    """``overrides`` as validated by ``validation``: ``{card: {key: entry}}`` where an entry is
    ``{"value": "12.5", "currency": "CNY"}`` or a table ``{"rows": [...], "currency": ...}``."""
    merged = {name: dict(card) for name, card in cards.cards.items()}
    for card_name, entries in overrides.items():
        target = merged.setdefault(card_name, {})
        for key, raw in entries.items():
            old = target.get(key)
            if key in TABLES:
                target[key] = Table(
                    rows=tuple(dict(r) for r in raw["rows"]),
                    currency=raw.get("currency") or (old.currency if old else None),
                    unit=old.unit if old else "",
                    status=ENTERED,
                    source="",
                    extra=dict(old.extra) if isinstance(old, Table) else {},
                )
            else:
                currency = raw.get("currency") or (old.currency if old else None)
                unit = old.unit if old else ""
                target[key] = Param(Decimal(str(raw["value"])), currency, unit, ENTERED)
    return replace(cards, cards=merged)


def known_entries() -> dict[str, dict[str, str]]:
    """card → key → ``param`` | ``table`` | ``money``: what a plan may override."""
    doc = _document()
    result: dict[str, dict[str, str]] = {}
    sections = [doc["defaults"], *doc["markets"].values()]
    for section in sections:
        for name, raw in section.items():
            for key, entry in raw.items():
                if not isinstance(entry, Mapping):
                    continue
                kind = "table" if key in TABLES else ("money" if "currency" in entry else "param")
                result.setdefault(name, {})[key] = kind
    return result


def indicative_rates() -> IndicativeRates:
    raw = _document()["exchange_rates"]
    return IndicativeRates(
        cny_per_unit={k: Decimal(v) for k, v in raw["cny_per_unit"].items()},
        as_of=str(raw["as_of"]),
        status=str(raw["status"]),
        source=str(raw["source"]),
    )


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))
