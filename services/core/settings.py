"""Domain preferences (language, first-start choices, exchange rates) as JSON in the data
folder.

UI state such as window geometry belongs to the GUI (QSettings); what lives here must be
readable by the command line and tests without Qt.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from services.core.files import atomic_write_text
from services.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """CNY per unit of ``currency``, as the user entered it, with the date it is for."""

    currency: str
    cny_per_unit: Decimal
    on: date


@dataclass(frozen=True, slots=True)
class Preferences:
    locale: str = DEFAULT_LOCALE
    sample_offer_answered: bool = False
    exchange_rates: tuple[ExchangeRate, ...] = ()
    report_font_path: str = ""  # a TrueType CJK font for PDF reports; empty: find a system font
    update_url: str = ""  # manifest.json of data packs (docs/data-packs.md); empty: offline
    exchange_rate_url: str = ""  # exchange-rate JSON (docs/exchange-rates.md); empty: by hand
    update_proxy: str = ""  # e.g. http://proxy:8080; empty: the system's (environment) proxy

    def exchange_rate(self, currency: str) -> ExchangeRate | None:
        return next((r for r in self.exchange_rates if r.currency == currency), None)

    def with_changes(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def load_preferences(path: Path) -> Preferences:
    """Unreadable or unknown values fall back to defaults; the app must always start."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)} - {"exchange_rates"}
    prefs = Preferences(**{k: v for k, v in raw.items() if k in known})
    prefs = prefs.with_changes(exchange_rates=_rates_from_json(raw.get("exchange_rates")))
    if prefs.locale not in SUPPORTED_LOCALES:
        prefs = prefs.with_changes(locale=DEFAULT_LOCALE)
    if not isinstance(prefs.sample_offer_answered, bool):
        prefs = prefs.with_changes(sample_offer_answered=False)
    if not isinstance(prefs.report_font_path, str) or len(prefs.report_font_path) > 4096:
        prefs = prefs.with_changes(report_font_path="")
    for url_field in ("update_url", "exchange_rate_url", "update_proxy"):
        value = getattr(prefs, url_field)
        if not isinstance(value, str) or len(value) > 2048:
            prefs = prefs.with_changes(**{url_field: ""})
    return prefs


def save_preferences(path: Path, prefs: Preferences) -> None:
    data = asdict(prefs)
    data["exchange_rates"] = [
        {"currency": r.currency, "cny_per_unit": str(r.cny_per_unit), "date": r.on.isoformat()}
        for r in prefs.exchange_rates
    ]
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _rates_from_json(raw: Any) -> tuple[ExchangeRate, ...]:
    """Well-formed entries only (a hand-edited file must not stop the app)."""
    rates: dict[str, ExchangeRate] = {}
    for entry in raw if isinstance(raw, list) else []:
        try:
            rate = ExchangeRate(
                currency=str(entry["currency"]).upper(),
                cny_per_unit=Decimal(str(entry["cny_per_unit"])),
                on=date.fromisoformat(str(entry["date"])),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            continue
        if len(rate.currency) == 3 and rate.currency.isalpha() and rate.cny_per_unit > 0:
            rates[rate.currency] = rate
    return tuple(sorted(rates.values(), key=lambda r: r.currency))
