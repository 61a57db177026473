"""Where RCEP helps a company: each product's HS code × each target market that is an RCEP
Party, with a status (domain/rcep.md §14):

- ``saves_now`` — the applied rate is below MFN this year;
- ``will_save`` — no margin now, but a lower RCEP rate later on the staging path;
- ``no_change`` — no concession, MFN already 0, or the line is excluded;
- ``no_data`` — no tariff data for that Party (or line) on file;
- ``mfn_unknown`` — an RCEP rate but no MFN rate on file (Annex I schedules carry no MFN);
- ``not_rcep`` — the market is not an RCEP Party (listed once per market, not per product).

Market groups map to their Parties: ASEAN → its members that have data on file (all ten as
"no data" when none has), AUNZ → AU and NZ; JP, KR and the other Parties stand for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from services.companies.models import Company
from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import N_, _
from services.rcep.parties import ASEAN, PARTIES
from services.rcep.tariff_models import Rate, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult, lookup

SAVES_NOW = "saves_now"
WILL_SAVE = "will_save"
NO_CHANGE = "no_change"
NO_DATA = "no_data"
MFN_UNKNOWN = "mfn_unknown"
NOT_RCEP = "not_rcep"

STATUS_LABELS: dict[str, str] = {
    SAVES_NOW: N_("Saves now"),
    WILL_SAVE: N_("Will save"),
    NO_CHANGE: N_("No change"),
    NO_DATA: N_("No data"),
    MFN_UNKNOWN: N_("RCEP rate only (no MFN on file)"),
    NOT_RCEP: N_("Not an RCEP market"),
}
_RANK = {SAVES_NOW: 0, WILL_SAVE: 1, MFN_UNKNOWN: 2, NO_CHANGE: 3, NO_DATA: 4}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status])


@dataclass(frozen=True, slots=True)
class Opportunity:
    market: str  # the company's market entry (JP, ASEAN, EU …)
    party: str | None  # the importing RCEP Party; None for a non-RCEP market
    product_id: str
    product_name: str
    hs_code: str
    status: str
    line: str = ""  # the best national line
    description: str = ""
    mfn: Rate | None = None
    rcep: Rate | None = None  # the applied rate this year
    margin: Decimal | None = None
    final: Rate | None = None
    final_year: int | None = None
    source: TariffSource | None = None
    mfn_source: TariffSource | None = None
    message: str = ""  # translated: why there are no data


def market_parties(market: str, repo: TariffRepository) -> list[str]:
    """The RCEP Parties a company market stands for (empty: not an RCEP market)."""
    code = market.strip().upper()
    if code == "ASEAN":
        with_data = [p for p in sorted(ASEAN) if repo.sources(p)]
        return with_data or sorted(ASEAN)
    if code == "AUNZ":
        return ["AU", "NZ"]
    if code in PARTIES:
        return [code]
    return []


def line_status(line: LineResult) -> str:
    mfn = line.mfn.percent if line.mfn is not None else None
    if line.rcep is None or line.rcep.excluded:
        return NO_CHANGE
    if line.margin is not None and line.margin > 0:
        return SAVES_NOW
    now = line.applied.percent if line.applied is not None else None
    later = [r.percent for y, r in line.path if r.percent is not None and y > (line.rcep_year or 0)]
    if now is not None and later and min(later) < now and (mfn is None or min(later) < mfn):
        return WILL_SAVE
    if line.mfn is None:
        return MFN_UNKNOWN
    return NO_CHANGE


def _best(lines: tuple[LineResult, ...]) -> tuple[str, LineResult | None]:
    if not lines:
        return NO_CHANGE, None
    ranked = sorted(
        lines,
        key=lambda ln: (_RANK[line_status(ln)], -(ln.margin or Decimal(0)), ln.line),
    )
    return line_status(ranked[0]), ranked[0]


def company_opportunities(
    company: Company, repo: TariffRepository, day: date, exporting: str = "CN"
) -> list[Opportunity]:
    rows: list[Opportunity] = []
    products = [p for p in company.products if p.hs_code]
    for market in company.markets:
        parties = [p for p in market_parties(market, repo) if p != exporting]
        if not parties:
            rows.append(Opportunity(market, None, "", "", "", NOT_RCEP))
            continue
        for party_code in parties:
            for product in products:
                base = Opportunity(market, party_code, product.id, product.name, product.hs_code,
                                   NO_DATA)  # fmt: skip
                try:
                    result = lookup(repo, product.hs_code, party_code, exporting, day)
                except NotFoundError as exc:
                    if exc.code != "no_tariff_data":
                        raise
                    rows.append(replace(base, message=exc.message))
                    continue
                except ValidationError as exc:
                    rows.append(replace(base, message=exc.message))
                    continue
                status, best = _best(result.lines)
                if best is None:
                    rows.append(replace(base, status=NO_CHANGE))
                    continue
                rows.append(
                    Opportunity(
                        market, party_code, product.id, product.name, product.hs_code, status,
                        line=best.line, description=best.description, mfn=best.mfn,
                        rcep=best.applied, margin=best.margin, final=best.final,
                        final_year=best.final_year, source=best.source,
                        mfn_source=best.mfn_source,
                    )
                )  # fmt: skip
    return rows
