"""Appendices on tariff differentials (Art 2.6.3; domain/rcep.md §10).

For a good listed in the importing Party's Appendix, the exporting Party is the RCEP country of
origin only if the Appendix's additional requirement is met (DV20 in the China and Philippines
Appendices), and only while the line's period runs. Periods count RCEP years of the importing
Party (services.rcep.parties.rcep_year).

The bundled table (resources/data/appendix, scripts/build_appendix_table.py) holds fragments of
two Parties' Appendices only, so every answer comes with the Party's status: ``complete``,
``partial``, ``not_on_file`` or ``none`` (one schedule for every Party: no Appendix exists).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from services.core.errors import DataFileError
from services.core.i18n import _
from services.core.paths import resource_dir
from services.rcep.parties import PARTIES

DV20 = "DV20"  # at least 20 % of the good's value added in the exporting Party


class AppendixStatus(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    NOT_ON_FILE = "not_on_file"
    NONE = "none"  # the Party has one schedule for every Party: no tariff differential


@dataclass(frozen=True, slots=True)
class AppendixLine:
    party: str  # the importing Party whose Appendix lists the line
    hs_code: str  # digits of the national (HS 2012) line
    tariff_line: str  # as written in the Appendix
    period_text: str  # as written; empty when the source does not give it
    from_year: int | None  # None: not known
    to_year: int | None  # None: open-ended ("onwards") or not known
    requirement: str  # DV20
    source_url: str
    note: str = ""
    derived_on: str = ""

    @property
    def period_known(self) -> bool:
        return self.from_year is not None

    def active_in(self, year: int) -> bool:
        """Whether the line applies in RCEP ``year``; a line of unknown period is taken as in
        force (the cautious reading: the additional requirement is checked)."""
        if self.from_year is not None and year < self.from_year:
            return False
        return self.to_year is None or year <= self.to_year

    def period_label(self) -> str:
        if self.from_year is None:
            return _("period not known")
        if self.to_year is None:
            return _("from year {start} onwards").format(start=self.from_year)
        return _("from year {start} to year {end}").format(start=self.from_year, end=self.to_year)

    def matches(self, hs: str) -> bool:
        """Prefix match: the code lies under the line, or covers it (six digits or more)."""
        return hs.startswith(self.hs_code) or (len(hs) >= 6 and self.hs_code.startswith(hs))


class Appendix:
    """The Appendix lines on file and, per Party, how complete they are."""

    def __init__(self, lines: Iterable[AppendixLine], statuses: Mapping[str, str]) -> None:
        self._lines: dict[str, tuple[AppendixLine, ...]] = {}
        for line in sorted(lines, key=lambda ln: (ln.party, ln.hs_code)):
            self._lines[line.party] = (*self._lines.get(line.party, ()), line)
        self._statuses = {code: AppendixStatus(value) for code, value in statuses.items()}

    def status(self, importing_party: str) -> AppendixStatus:
        if importing_party in self._statuses:
            return self._statuses[importing_party]
        if importing_party in self._lines:
            return AppendixStatus.PARTIAL
        separate = importing_party in PARTIES and PARTIES[importing_party].separate_schedules
        return AppendixStatus.NOT_ON_FILE if separate else AppendixStatus.NONE

    def lines(self, importing_party: str) -> tuple[AppendixLine, ...]:
        return self._lines.get(importing_party, ())

    def matching(self, importing_party: str, hs: str) -> tuple[AppendixLine, ...]:
        """Every line matching ``hs`` whatever its period; the most precise match first."""
        code = _digits(hs)
        found = [ln for ln in self.lines(importing_party) if ln.matches(code)]
        return tuple(sorted(found, key=lambda ln: (not code.startswith(ln.hs_code), ln.hs_code)))

    def line(self, importing_party: str, hs: str, rcep_year: int | None) -> AppendixLine | None:
        """The Appendix line that applies to ``hs`` in ``rcep_year``; None when no line is on
        file or none is active that year. ``rcep_year`` None: the period is not checked."""
        for ln in self.matching(importing_party, hs):
            if rcep_year is None or ln.active_in(rcep_year):
                return ln
        return None


def _digits(hs: str) -> str:
    return "".join(ch for ch in hs if ch.isdigit())


def _optional_int(raw: str) -> int | None:
    return int(raw) if raw.strip() else None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def read_appendix(folder: Path) -> Appendix:
    """Read ``appendix_lines.csv`` and ``appendix_parties.csv`` from ``folder``."""
    try:
        lines = [
            AppendixLine(
                party=row["party"],
                hs_code=row["hs_code"],
                tariff_line=row["tariff_line"],
                period_text=row["period_text"],
                from_year=_optional_int(row["from_year"]),
                to_year=_optional_int(row["to_year"]),
                requirement=row["requirement"],
                source_url=row["source_url"],
                note=row["note"],
                derived_on=row["derived_on"],
            )
            for row in _rows(folder / "appendix_lines.csv")
        ]
        statuses = {row["party"]: row["status"] for row in _rows(folder / "appendix_parties.csv")}
        return Appendix(lines, statuses)
    except (OSError, KeyError, ValueError) as exc:
        raise DataFileError(
            _(
                "The Appendix table in {folder} cannot be read ({problem}); reinstall the app."
            ).format(folder=str(folder), problem=str(exc))
        ) from exc


@cache
def bundled_appendix() -> Appendix:
    return read_appendix(resource_dir() / "data" / "appendix")


def appendix_status(importing_party: str) -> AppendixStatus:
    """complete | partial | not_on_file | none, from the bundled table."""
    return bundled_appendix().status(importing_party)


def appendix_line(importing_party: str, hs: str, rcep_year: int | None) -> AppendixLine | None:
    """The bundled Appendix line for ``hs`` active in ``rcep_year`` (see :meth:`Appendix.line`)."""
    return bundled_appendix().line(importing_party, hs, rcep_year)
