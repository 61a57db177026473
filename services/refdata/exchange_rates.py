"""Exchange rates fetched from a configured URL (format: docs/exchange-rates.md).

``fetch_exchange_rates`` downloads and checks the document (nothing is stored);
``merge_rates`` combines the fetched rates with those in Preferences: a fetched rate replaces
one of the same currency unless that one is for a later date (typed by hand after the feed was
published). The caller saves the result (the command line at once, the Settings dialog on OK).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from services.core.clock import local_today
from services.core.errors import UpdateError
from services.core.i18n import _
from services.core.progress import CancelToken
from services.core.settings import ExchangeRate
from services.refdata.currencies import is_currency_code
from services.refdata.http import HttpClient, check_url

FORMAT = "exportpilot-exchange-rates"
SCHEMA = 1
BASE = "CNY"
MAX_BYTES = 256 * 1024
MAX_RATES = 300
MAX_RATE = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class FetchedRates:
    url: str
    date: date
    source: str
    rates: tuple[ExchangeRate, ...]


@dataclass(frozen=True, slots=True)
class MergedRates:
    rates: tuple[ExchangeRate, ...]
    updated: tuple[str, ...]  # currencies taken from the feed
    kept: tuple[str, ...]  # currencies whose rate in Settings is for a later date

    def to_json(self, fetched: FetchedRates) -> dict[str, Any]:
        return {
            "url": fetched.url,
            "date": fetched.date.isoformat(),
            "source": fetched.source,
            "updated": list(self.updated),
            "kept": list(self.kept),
            "rates": [
                {"currency": r.currency, "cny_per_unit": str(r.cny_per_unit),
                 "date": r.on.isoformat()}
                for r in self.rates
            ],
        }  # fmt: skip


def _bad(detail: str) -> UpdateError:
    return UpdateError(
        _(
            "The exchange-rate file is not usable: {detail}. Nothing was changed; check the "
            "address in Settings (format: docs/exchange-rates.md)."
        ).format(detail=detail),
        code="bad_rates",
    )


def parse_rates_document(data: bytes, *, url: str, today: date | None = None) -> FetchedRates:
    """Check every field of an exchange-rate document (UpdateError ``bad_rates``)."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad(_("not valid JSON ({error})").format(error=exc)) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _bad(_("it is not an ExportPilot exchange-rate file"))
    if document.get("schema") != SCHEMA:
        raise _bad(_("it is of schema {schema}").format(schema=document.get("schema")))
    if document.get("base") != BASE:
        raise _bad(_("rates must be in CNY per unit of the currency (“base”: “CNY”)"))
    latest = (today or local_today()) + timedelta(days=1)  # time zones
    day = _day(document.get("date"), latest, "date")
    source = document.get("source", "")
    if not isinstance(source, str) or len(source) > 500:
        raise _bad(_("“source” must be a short text"))
    raw = document.get("rates")
    if not isinstance(raw, dict) or not raw or len(raw) > MAX_RATES:
        raise _bad(_("“rates” must map 1 to 300 currency codes to rates"))
    rates = []
    for code, value in raw.items():
        currency = _currency(code)
        on = day
        if isinstance(value, dict):
            on = _day(value.get("date", day.isoformat()), latest, f"rates.{currency}.date")
            value = value.get("cny_per_unit")
        rates.append(ExchangeRate(currency, _rate(value, currency), on))
    return FetchedRates(url, day, source.strip(), tuple(sorted(rates, key=lambda r: r.currency)))


def _day(value: Any, latest: date, where: str) -> date:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(_("{field} must be a date as YYYY-MM-DD").format(field=where)) from exc
    if day > latest:
        raise _bad(_("{field} is in the future ({date})").format(field=where, date=value))
    return day


def _currency(code: Any) -> str:
    text = str(code).strip().upper()
    if text == BASE or not is_currency_code(text):
        raise _bad(_("{code} is not an ISO 4217 currency code").format(code=str(code)[:20]))
    return text


def _rate(value: Any, currency: str) -> Decimal:
    try:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise InvalidOperation
        rate = Decimal(str(value).strip())
        if not rate.is_finite() or not 0 < rate <= MAX_RATE:
            raise InvalidOperation
    except InvalidOperation as exc:
        raise _bad(
            _("the rate of {currency} must be a number of CNY greater than zero").format(
                currency=currency
            )
        ) from exc
    return rate


def fetch_exchange_rates(
    url: str, *, client: HttpClient, cancel: CancelToken | None = None
) -> FetchedRates:
    address = check_url(url, field="exchange_rate_url")
    data = client.get_bytes(address, limit=MAX_BYTES, cancel=cancel)
    return parse_rates_document(data, url=address)


def merge_rates(current: tuple[ExchangeRate, ...], fetched: FetchedRates) -> MergedRates:
    merged = {r.currency: r for r in current}
    updated, kept = [], []
    for rate in fetched.rates:
        existing = merged.get(rate.currency)
        if existing is not None and existing.on > rate.on:
            kept.append(rate.currency)
            continue
        merged[rate.currency] = rate
        updated.append(rate.currency)
    return MergedRates(
        tuple(sorted(merged.values(), key=lambda r: r.currency)), tuple(updated), tuple(kept)
    )
