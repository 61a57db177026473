"""Converting rate-card amounts into the plan's currency.

Rates are CNY per unit of a currency, as kept in Settings (services.core.settings). A currency
with no rate in Settings falls back to the indicative rate shipped with the rate cards, and the
result says so; the conversions actually used are listed for the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from services.core.errors import ValidationError
from services.core.i18n import _
from services.core.settings import ExchangeRate
from services.warehouse.rate_cards import indicative_rates

SETTINGS = "settings"
INDICATIVE = "indicative"


@dataclass(frozen=True, slots=True)
class UsedRate:
    currency: str
    cny_per_unit: Decimal
    as_of: str
    origin: str  # settings | indicative


class Converter:
    def __init__(self, target: str, rates: Iterable[ExchangeRate] = ()):
        self.target = target
        self._settings = {r.currency: r for r in rates}
        self._indicative = indicative_rates()
        self.used: dict[str, UsedRate] = {}

    def _cny_per(self, currency: str) -> Decimal:
        if currency == "CNY":
            return Decimal(1)
        if currency in self._settings:
            rate = self._settings[currency]
            self.used[currency] = UsedRate(
                currency, rate.cny_per_unit, rate.on.isoformat(), SETTINGS
            )
            return rate.cny_per_unit
        if currency in self._indicative.cny_per_unit:
            value = self._indicative.cny_per_unit[currency]
            self.used[currency] = UsedRate(currency, value, self._indicative.as_of, INDICATIVE)
            return value
        raise ValidationError(
            _("There is no exchange rate for {currency}; enter one in Settings.").format(
                currency=currency
            ),
            field="currency",
        )

    def factor(self, currency: str | None) -> float:
        """Plan-currency units per unit of ``currency`` (None: not money, factor 1)."""
        if currency is None or currency == self.target:
            return 1.0
        return float(self._cny_per(currency) / self._cny_per(self.target))

    def convert(self, amount: Decimal | float, currency: str | None) -> float:
        return float(amount) * self.factor(currency)
