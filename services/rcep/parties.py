"""The 15 RCEP Parties and the tariff-year rule (domain/rcep.md §10–§11).

- Staging counts from the Agreement's entry into force, 2022-01-01, for every Party
  (Annex I General Notes 3 and 5), including those that joined later.
- ID, JP and PH: year 1 runs to 31 March 2022 and later years start on 1 April; all the others
  use calendar years (General Note 4).
- Before a Party's own entry into force no RCEP rate applies; dates before 2022-01-01 are outside
  the Agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.core.errors import ValidationError
from services.core.i18n import _
from services.refdata.countries import country_name

AGREEMENT_IN_FORCE = date(2022, 1, 1)


@dataclass(frozen=True, slots=True)
class Party:
    code: str
    in_force: date | None  # None: status not settled (Myanmar; treat as unknown)
    april_years: bool
    separate_schedules: bool  # tariff differentials: a schedule per partner (Art 2.6)

    def name(self) -> str:
        return country_name(self.code)


PARTIES: dict[str, Party] = {
    p.code: p
    for p in (
        Party("AU", date(2022, 1, 1), False, False),
        Party("BN", date(2022, 1, 1), False, False),
        Party("KH", date(2022, 1, 1), False, False),
        Party("CN", date(2022, 1, 1), False, True),
        Party("ID", date(2023, 1, 2), True, True),
        Party("JP", date(2022, 1, 1), True, True),
        Party("KR", date(2022, 2, 1), False, True),
        Party("LA", date(2022, 1, 1), False, False),
        Party("MY", date(2022, 3, 18), False, False),
        Party("MM", None, False, False),
        Party("NZ", date(2022, 1, 1), False, False),
        Party("PH", date(2023, 6, 2), True, True),
        Party("SG", date(2022, 1, 1), False, False),
        Party("TH", date(2022, 1, 1), False, True),
        Party("VN", date(2022, 1, 1), False, True),
    )
}
ASEAN = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})


def party(code: str, *, field: str = "party") -> Party:
    key = (code or "").strip().upper()
    if key not in PARTIES:
        raise ValidationError(
            _("{code} is not an RCEP Party; use one of: {parties}.").format(
                code=code, parties=" ".join(sorted(PARTIES))
            ),
            field=field,
        )
    return PARTIES[key]


@dataclass(frozen=True, slots=True)
class TariffYear:
    party: str
    number: int
    start: date
    end: date


def rcep_year(party_code: str, day: date, *, field: str = "date") -> TariffYear:
    """The RCEP tariff year of the importing Party on ``day``."""
    p = party(party_code)
    if day < AGREEMENT_IN_FORCE:
        raise ValidationError(
            _("RCEP entered into force on 2022-01-01; {day} is before it.").format(
                day=day.isoformat()
            ),
            field=field,
        )
    if p.april_years:
        if day < date(2022, 4, 1):
            return TariffYear(p.code, 1, AGREEMENT_IN_FORCE, date(2022, 3, 31))
        start_year = day.year if day.month >= 4 else day.year - 1
        return TariffYear(
            p.code, start_year - 2020, date(start_year, 4, 1), date(start_year + 1, 3, 31)
        )
    return TariffYear(p.code, day.year - 2021, date(day.year, 1, 1), date(day.year, 12, 31))


def in_force_for(party_code: str, day: date) -> bool:
    p = party(party_code)
    return p.in_force is not None and day >= p.in_force
