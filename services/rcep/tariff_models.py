"""What tariff importers produce and the tariff tables store (domain/rcep.md §11–§13).

An importer turns one official file into a :class:`TariffPack` — its :class:`TariffSource`
(what, whose, which edition, attribution), the schedule lines with a rate per RCEP year, and
MFN applied rates — plus an :class:`ImportReport` of the rows read, accepted and rejected (with
the reason). ``TariffRepository.replace_source`` then stores a pack in one transaction, replacing
the previous data of the same source; a failed import changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SCHEDULE = "schedule"  # an RCEP Annex I schedule (HS 2012 lines, a rate per year)
APPLIED = "applied"  # a national applied tariff with RCEP columns (current edition only)
MFN = "mfn"  # MFN applied rates only

ALL_PARTIES = "ALL"  # a single schedule for every RCEP Party (AU, NZ, BN, KH, LA, MY, MM, SG)
AANZ = "AANZ"  # Japan's column for ASEAN, Australia and New Zealand


@dataclass(frozen=True, slots=True)
class Rate:
    """A duty rate as the source gives it: percent when ad valorem, else the original text.

    ``excluded`` marks "U" (no RCEP commitment: MFN applies); a rate that is neither a number
    nor excluded (specific or compound duty) keeps its text and has ``percent = None``.
    """

    percent: Decimal | None = None
    text: str | None = None
    excluded: bool = False

    @property
    def ad_valorem(self) -> bool:
        return self.percent is not None


@dataclass(frozen=True, slots=True)
class TariffSource:
    id: str  # stable key, e.g. "annex1-AU", "jp-applied"; importing it again replaces it
    kind: str  # schedule | applied | mfn
    importing_party: str
    title: str
    edition_date: str  # ISO date of the edition (or of the treaty text)
    attribution: str  # shown in the app next to the rates
    hs_version: str  # "2012" (Annex I) or "2022" (national lines in use today)
    file_name: str = ""
    file_sha256: str = ""


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    schedule: str  # ALL, AANZ, ASEAN or a Party code: whose goods the rates are for
    code: str  # digits of the national line
    description: str
    rates: dict[int, Rate]  # RCEP year → rate (an applied tariff has its edition's year only)
    base_rate: Rate | None = None


@dataclass(frozen=True, slots=True)
class MfnLine:
    code: str
    description: str
    rate: Rate


@dataclass(frozen=True, slots=True)
class Rejected:
    row: int  # 1-based row (or line) number in the file
    code: str
    reason: str  # translated


@dataclass
class ImportReport:
    rows_read: int = 0
    accepted: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    skipped_headings: int = 0


@dataclass
class TariffPack:
    source: TariffSource
    lines: list[ScheduleLine] = field(default_factory=list)
    mfn: list[MfnLine] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)
