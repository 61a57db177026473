"""The import duty rate for goods from China in a market, from the tariff data on file — for
other capabilities (the warehouse planner) that need one number per HS code and market.

The applied rate (the lower of MFN and RCEP, Art 2.4.2) when the goods qualify as
RCEP-originating, else the MFN rate. When the national lines under the code differ, the highest
rate is used and a note says so. None when there are no data or only non-ad-valorem rates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import _, format_percent
from services.core.store import DataStore
from services.rcep.defaults import load_default_tariffs
from services.rcep.parties import PARTIES
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import lookup

EXPORTING = "CN"


@dataclass(frozen=True, slots=True)
class DutyRate:
    rate_percent: Decimal
    source: str
    line: str = ""
    note: str = ""


DutyRateLookup = Callable[[str, str, date, bool], DutyRate | None]


def duty_rate_lookup(db: Database) -> DutyRateLookup:
    repo = TariffRepository(db)

    def find(hs: str, market: str, day: date, preferential: bool) -> DutyRate | None:
        if market not in PARTIES or market == EXPORTING:
            return None
        try:
            result = lookup(repo, hs, market, EXPORTING, day)
        except (NotFoundError, ValidationError):
            return None
        rated = [
            (line, rate.percent)
            for line in result.lines
            for rate in [line.applied if preferential else line.mfn]
            if rate is not None and rate.percent is not None
        ]
        if not rated:
            return None
        line, highest = max(rated, key=lambda item: item[1])
        low = min(percent for _line, percent in rated)
        note = ""
        if low != highest:
            note = _(
                "The national lines under this code have rates from {low} to {high}; the "
                "highest is used."
            ).format(low=format_percent(low, 1), high=format_percent(highest, 1))
        source = line.source if preferential and line.source else line.mfn_source
        attribution = ""
        if source is not None:
            attribution = f"{source.attribution} ({source.edition_date})"
        return DutyRate(highest, attribution, line.line, note)

    return find


def duty_rate_lookup_for_store(store: DataStore) -> DutyRateLookup:
    """As :func:`duty_rate_lookup`, after loading the embedded tariffs when the store is
    writable (the same first use as ``tariff lookup``)."""
    if not store.read_only:
        load_default_tariffs(store.db)
    return duty_rate_lookup(store.db)
