"""The importer's alternative claims of Art 2.6.6 for an originating good (box 11 "Australia *",
"Indonesia **"), with the rates taken from the RCEP tariff data on file.

``rate_for(party)`` of :func:`services.rcep.country_of_origin.alternative_claims` is the rate the
importing Party applies in its RCEP year to the good from ``party``: the applied rate of
:func:`services.rcep.tariffs.lookup` (Art 2.4.2, the lower of MFN and that Party's RCEP rate).
A Party has no rate — "no tariff data" — when the schedule for its goods is not on file, no line
matches the product's code, or the rates are not ad valorem. When the national lines under the
product's code have different rates, the highest is used and a note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import _
from services.rcep.certificate import claim_box11
from services.rcep.country_of_origin import (
    AlternativeClaim,
    AlternativeClaims,
    alternative_claims,
    contributions,
)
from services.rcep.origin import Assessment, OriginRequest, origin_facts
from services.rcep.parties import PARTIES, rcep_year
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import lookup
from services.refdata.hs import format_code


@dataclass(frozen=True, slots=True)
class ClaimRates:
    """The importing Party's rate (percent) for the good from each other Party, or None."""

    importing_party: str
    day: date
    rcep_year: int
    rates: Mapping[str, Decimal | None]
    notes: tuple[str, ...] = ()  # translated

    def rate_for(self, party: str) -> Decimal | None:
        return self.rates.get(party)


def _name(code: str) -> str:
    return PARTIES[code].name() if code in PARTIES else code


def _party_rate(
    repo: TariffRepository, hs: str, importing: str, exporting: str, day: date
) -> tuple[Decimal | None, bool]:
    """(the rate, whether the national lines under ``hs`` differ)."""
    try:
        result = lookup(repo, hs, importing, exporting, day)
    except (NotFoundError, ValidationError):
        return None, False
    if not result.schedule_on_file:
        return None, False  # only MFN known: the RCEP rate for this Party is not on file
    rates = [
        line.applied.percent
        for line in result.lines
        if line.applied is not None and line.applied.percent is not None
    ]
    if not rates:
        return None, False
    return max(rates), min(rates) != max(rates)


def claim_rates(repo: TariffRepository, hs: str, importing: str, day: date) -> ClaimRates | None:
    """The rates of ``importing`` on ``day`` for every other Party; None when there are no tariff
    data for ``importing`` at all."""
    if importing not in PARTIES or not repo.sources(importing):
        return None
    year = rcep_year(importing, day).number
    rates: dict[str, Decimal | None] = {}
    differing: list[str] = []
    for code in sorted(PARTIES):
        if code == importing:
            continue
        rate, differs = _party_rate(repo, hs, importing, code, day)
        rates[code] = rate
        if differs:
            differing.append(code)
    notes: list[str] = []
    if differing:
        notes.append(
            _(
                "The national lines of {importer} under HS {hs} have different rates for "
                "{parties}: the highest is used; enter the full national tariff line to compare "
                "exactly."
            ).format(
                importer=_name(importing),
                hs=format_code(hs),
                parties=", ".join(_name(code) for code in differing),
            )
        )
    return ClaimRates(importing, day, year, rates, tuple(notes))


@dataclass(frozen=True, slots=True)
class Box11Claims:
    claims: AlternativeClaims
    rates: ClaimRates
    contributing: tuple[str, ...]  # the Parties claim (a) chooses among (importing Party aside)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.claims.notes + self.rates.notes

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.rates.day.isoformat(),
            "rcep_year": self.rates.rcep_year,
            "contributing_parties": list(self.contributing),
            "contributors": _claim_json(self.claims.contributors),
            "any_party": _claim_json(self.claims.any_party),
            "rates": {
                code: None if rate is None else float(rate)
                for code, rate in self.rates.rates.items()
            },
            "notes": list(self.notes),
        }


def _claim_json(claim: AlternativeClaim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {**claim.to_json(), "box11_text": claim_box11(claim)}


def box11_claims(
    request: OriginRequest, assessment: Assessment, repo: TariffRepository, day: date
) -> Box11Claims | None:
    """The claims of Art 2.6.6 for the assessed good, with the importing Party's rates on
    ``day`` (importation). None when the good is not originating, no importing Party is given
    or there are no tariff data for it."""
    importing = request.importing_party
    if not assessment.originating or assessment.box11 is None or importing is None:
        return None
    rates = claim_rates(repo, request.hs, importing, day)
    if rates is None:
        return None
    facts = origin_facts(request, assessment.basis or "PSR", rates.rcep_year)
    contributing = tuple(
        c.party for c in contributions(facts) if c.value > 0 and c.party != importing
    )
    return Box11Claims(alternative_claims(facts, rates.rate_for), rates, contributing)
