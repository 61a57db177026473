"""RCEP tariff lookup (domain/rcep.md §11, §14.1): for an HS code, an importing and an
exporting Party and a date — each national line's MFN rate, the RCEP rate of that year for the
exporting Party's schedule, the applied rate (Art 2.4.2: the lower of the two), the margin, the
path to the final rate, and where each rate comes from.

Which schedule applies: one schedule for all Parties (AU, NZ, BN, KH, LA, MY, MM, SG); Japan's
national columns CN, KR and AANZ (ASEAN, Australia, New Zealand); otherwise the schedule for
the exporting Party (ASEAN members share the "ASEAN" schedule). Where an importing Party keeps
schedules per partner, the rate depends on the RCEP country of origin (Art 2.6) — flagged, and
a line on the importing Party's Appendix (Art 2.6.3) that is in force in the RCEP year carries
its Appendix entry (period, additional requirement) — see services.rcep.appendix.

HS versions: Annex I schedules are HS 2012; a user's HS 2022 code finds them through the UNSD
correlation (services.refdata.hs_correlation). National applied tariffs are HS 2022.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import _
from services.rcep.appendix import Appendix, AppendixLine, AppendixStatus, bundled_appendix
from services.rcep.parties import ASEAN, PARTIES, TariffYear, in_force_for, party, rcep_year
from services.rcep.tariff_models import AANZ, ALL_PARTIES, SCHEDULE, Rate, TariffSource
from services.rcep.tariff_repository import StoredLine, StoredMfn, TariffRepository
from services.refdata.hs import clean_code
from services.refdata.hs_correlation import hs2012_for


def schedules_for(importing: str, exporting: str) -> list[str]:
    """The schedule keys whose rates apply to goods of ``exporting`` entering ``importing``."""
    if not PARTIES[importing].separate_schedules:
        return [ALL_PARTIES]
    if importing == "JP":
        return [exporting] if exporting in ("CN", "KR") else [AANZ]
    if exporting in ASEAN:
        return ["ASEAN", exporting]
    return [exporting]


@dataclass(frozen=True, slots=True)
class LineResult:
    line: str
    description: str
    mfn: Rate | None
    rcep: Rate | None  # None: no concession for this exporting Party (MFN applies)
    rcep_year: int | None  # the year whose rate ``rcep`` is (the edition's year for a tariff)
    applied: Rate | None
    margin: Decimal | None  # percentage points MFN − applied
    final: Rate | None
    final_year: int | None
    path: tuple[tuple[int, Rate], ...]
    schedule: str | None
    differential: bool  # the importing Party gives other Parties a different rate
    source: TariffSource | None
    mfn_source: TariffSource | None
    appendix: AppendixLine | None = None  # on the importing Party's Appendix, in force that year
    appendix_status: AppendixStatus | None = None  # how much of that Appendix is on file

    @property
    def excluded(self) -> bool:
        return self.rcep is not None and self.rcep.excluded

    @property
    def differential_appendix(self) -> bool:
        return self.appendix is not None


@dataclass(frozen=True)
class LookupResult:
    importing: str
    exporting: str
    day: date
    year: TariffYear
    in_force: bool
    lines: tuple[LineResult, ...] = field(default=())
    schedule_on_file: bool = True  # False: MFN known, but no RCEP schedule for this exporter


def lookup(
    repo: TariffRepository,
    hs_code: str,
    importing: str,
    exporting: str,
    day: date,
    *,
    appendix: Appendix | None = None,
) -> LookupResult:
    """``appendix`` defaults to the bundled Appendix table (services.rcep.appendix)."""
    importing = party(importing, field="to").code
    exporting = party(exporting, field="from").code
    if importing == exporting:
        raise ValidationError(_("The importing and the exporting Party must differ."), field="to")
    code = clean_code(hs_code)
    if not code.isdigit() or not 4 <= len(code) <= 10:
        raise ValidationError(
            _("Enter an HS code of 4 to 10 digits (dots and spaces allowed), e.g. 8507.60."),
            field="hs",
        )
    year = rcep_year(importing, day)
    in_force = in_force_for(importing, day)
    sources = repo.sources(importing)
    if not sources:
        raise NotFoundError(
            _("There are no tariff data for {party} yet; import its schedule or tariff.").format(
                party=PARTIES[importing].name()
            ),
            code="no_tariff_data",
            field="to",
        )
    prefixes_2022 = [code]
    prefixes_2012 = _hs2012_prefixes(code)
    lines = [
        ln
        for ln in repo.lines(importing, set(prefixes_2022) | set(prefixes_2012))
        if _matches(ln.code, ln.source.hs_version, prefixes_2022, prefixes_2012)
    ]
    mfns = [
        m
        for m in repo.mfn(importing, set(prefixes_2022) | set(prefixes_2012))
        if _matches(m.code, m.source.hs_version, prefixes_2022, prefixes_2012)
    ]
    if not lines and not mfns:
        raise NotFoundError(
            _("No tariff line of {party} matches {code} in the data on file.").format(
                party=PARTIES[importing].name(), code=hs_code
            ),
            code="no_tariff_data",
            field="hs",
        )
    wanted = schedules_for(importing, exporting)
    schedule_on_file = bool(repo.schedules(importing) & set(wanted))
    if not schedule_on_file and not mfns:
        raise NotFoundError(
            _(
                "The schedule of {party} for goods from {exporter} is not on file; import it "
                "(RCEP Annex I) to see its rates."
            ).format(party=PARTIES[importing].name(), exporter=PARTIES[exporting].name()),
            code="no_tariff_data",
            field="from",
        )
    appendix = appendix if appendix is not None else bundled_appendix()
    results = [
        _with_appendix(
            _line_result(code_, group, mfns, wanted, year.number if in_force else None),
            appendix,
            importing,
            year.number,
        )
        for code_, group in _by_code(lines, mfns)
    ]
    return LookupResult(importing, exporting, day, year, in_force, tuple(results), schedule_on_file)


def _with_appendix(result: LineResult, appendix: Appendix, importing: str, year: int) -> LineResult:
    """Art 2.6.3: the national line's Appendix entry, when it is in force in ``year``."""
    return replace(
        result,
        appendix=appendix.line(importing, result.line, year),
        appendix_status=appendix.status(importing),
    )


def _hs2012_prefixes(code: str) -> list[str]:
    """Where an HS 2022 code is found in HS 2012 schedules."""
    if len(code) < 6:
        return [code]
    mapped = hs2012_for(code)
    return [code] if mapped == [code[:6]] else mapped


def _matches(code: str, hs_version: str, p2022: list[str], p2012: list[str]) -> bool:
    prefixes = p2012 if hs_version == "2012" else p2022
    return any(code.startswith(p) for p in prefixes)


def _by_code(
    lines: list[StoredLine], mfns: list[StoredMfn]
) -> Iterable[tuple[str, list[StoredLine]]]:
    codes = sorted({ln.code for ln in lines} | {m.code for m in mfns})
    for code in codes:
        yield code, [ln for ln in lines if ln.code == code]


def _line_result(
    code: str,
    group: list[StoredLine],
    mfns: list[StoredMfn],
    wanted: list[str],
    year: int | None,
) -> LineResult:
    chosen = next((ln for key in wanted for ln in group if ln.schedule == key), None)
    mfn = _mfn_for(code, mfns)
    rcep, used_year = (None, None)
    if chosen is not None and year is not None:
        rcep, used_year = _rate_in_year(chosen.rates, year)
    applied = _applied(mfn.rate if mfn else None, rcep)
    margin = None
    if mfn and mfn.rate.percent is not None and applied and applied.percent is not None:
        margin = mfn.rate.percent - applied.percent
    path = tuple(sorted(chosen.rates.items())) if chosen else ()
    # Only a schedule knows the final rate; an applied tariff has its edition's rate only.
    staged = chosen is not None and chosen.source.kind == SCHEDULE and bool(path)
    final_year = path[-1][0] if staged else None
    others = {_key(ln, year) for ln in group}
    description = (
        chosen.description
        if chosen
        else (group[0].description if group else (mfn.description if mfn else ""))
    )
    return LineResult(
        line=code, description=description, mfn=mfn.rate if mfn else None, rcep=rcep,
        rcep_year=used_year, applied=applied, margin=margin,
        final=path[-1][1] if staged else None, final_year=final_year, path=path,
        schedule=chosen.schedule if chosen else None, differential=len(others) > 1,
        source=chosen.source if chosen else (group[0].source if group else None),
        mfn_source=mfn.source if mfn else None,
    )  # fmt: skip


def _key(line: StoredLine, year: int | None) -> str:
    rate, _used = _rate_in_year(line.rates, year) if year is not None else (None, None)
    return repr(rate)


def _mfn_for(code: str, mfns: list[StoredMfn]) -> StoredMfn | None:
    exact = [m for m in mfns if m.code == code]
    if exact:
        return exact[0]
    containing = sorted((m for m in mfns if code.startswith(m.code)), key=lambda m: -len(m.code))
    return containing[0] if containing else None


def _rate_in_year(rates: dict[int, Rate], year: int) -> tuple[Rate | None, int | None]:
    """The rate of ``year``; else the latest earlier one (a tariff edition, or "year N and
    subsequent years"); None before the first year on file."""
    if year in rates:
        return rates[year], year
    earlier = [y for y in rates if y < year]
    if earlier:
        y = max(earlier)
        return rates[y], y
    return None, None


def _applied(mfn: Rate | None, rcep: Rate | None) -> Rate | None:
    """Art 2.4.2: the originating good pays the lower of MFN and the RCEP rate."""
    if rcep is None or rcep.excluded:
        return mfn
    if mfn is None:
        return rcep
    if rcep.percent is not None and mfn.percent is not None:
        return rcep if rcep.percent <= mfn.percent else mfn
    return None  # a specific or compound duty: not comparable without the goods' quantities
