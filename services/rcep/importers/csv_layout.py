"""Importer for ExportPilot's own CSV layout (docs/tariff-import-csv.md).

For everything without an importer of its own: other Parties' Annex I schedules typed or
converted by hand, MFN applied rates from the WTO Tariff Download Facility, WITS or a national
tariff. UTF-8 (a BOM is fine), comma-separated, one header row; the header decides the format:

- schedule: ``importing_party,schedule,hs_version,code,description,base_rate,year_1..year_N``
- MFN: ``importing_party,hs_version,code,description,mfn_rate``

Optional ``# source: …``, ``# edition: YYYY-MM-DD`` and ``# attribution: …`` lines may come
before the header (the keyword arguments win over them). Rates are percent ("4.6", "4.6%"),
``U`` (excluded: MFN applies) or any other text, kept verbatim (specific and compound duties).
Every row of one file has the same importing Party and HS version; a row that cannot be read is
rejected with the reason, and the rest of the file is imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.importers._common import (
    RCEP_SIGNATURE,
    check_party,
    check_schedule,
    code_digits,
    default_attribution,
    default_title,
    parse_percent_text,
    read_utf8,
    text_rate,
)
from services.rcep.tariff_models import (
    MFN,
    SCHEDULE,
    ImportReport,
    MfnLine,
    Rate,
    Rejected,
    ScheduleLine,
    TariffPack,
    TariffSource,
)

HS_VERSIONS = ("2002", "2007", "2012", "2017", "2022")
CODE_DIGITS = (6, 12)  # HS subheadings (MFN tables) up to 12-digit national lines
HEADING_DIGITS = 6  # shorter codes without rates are headings and skipped
MAX_YEARS = 40
SCHEDULE_COLUMNS = ("importing_party", "schedule", "hs_version", "code", "description", "base_rate")
MFN_COLUMNS = ("importing_party", "hs_version", "code", "description", "mfn_rate")
COMMENT_KEYS = ("source", "edition", "attribution")
_CHECK_EVERY = 256
_YEAR = re.compile(r"^year_(\d+)$")
_NEGATIVE = re.compile(r"^-\s*\d")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Layout:
    kind: str  # SCHEDULE or MFN
    index: dict[str, int]  # column name → position
    years: tuple[int, ...]  # 1..N for schedules


class _RowError(Exception):
    """A row is rejected: the message is already translated."""


def read_csv(
    path: Path | str,
    *,
    importing_party: str | None = None,
    schedule: str | None = None,
    source: str | None = None,
    edition: str | None = None,
    attribution: str | None = None,
    source_id: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> TariffPack:
    """Read a schedule or MFN table in the CSV layout.

    ``importing_party`` and ``schedule`` (optional) must match every row. ``source`` (the
    title), ``edition`` and ``attribution`` override the ``#`` comment lines. The source id is
    ``annex1-<party>-<schedule>`` for a file with one schedule — the same key as the Excel
    importer, so either route replaces the other — and ``mfn-<party>`` for MFN rates.
    """
    path = Path(path)
    token = cancel or CancelToken()
    token.raise_if_cancelled()
    raw, text = read_utf8(path)
    expected_party = check_party(importing_party) if importing_party else None
    expected_schedule = (
        check_schedule(schedule, expected_party)
        if schedule and expected_party
        else (schedule or "").strip().upper() or None
    )

    lines = io.StringIO(text, newline="").readlines()  # only \n, \r and \r\n end a line
    comments, header_at = _comments(lines)
    if header_at >= len(lines):
        raise DataFileError(_("{file} has no header row.").format(file=path.name))
    records = _Numbered(path, "".join(lines[header_at:]), header_at)
    header_number, header = next(records)
    layout = _layout(path, header)

    meta = {**comments}
    for key, value in (("source", source), ("edition", edition), ("attribution", attribution)):
        if value:
            meta[key] = value.strip()
    edition_date = meta.get("edition") or (RCEP_SIGNATURE if layout.kind == SCHEDULE else "")
    if not edition_date:
        raise DataFileError(
            _(
                "{file}: give the edition date of the MFN rates (a line '# edition: YYYY-MM-DD' "
                "before the header)."
            ).format(file=path.name)
        )
    _check_date(path, edition_date)

    result = ImportReport()
    schedule_lines: list[ScheduleLine] = []
    mfn_lines: list[MfnLine] = []
    if expected_schedule and layout.kind == MFN:
        raise ValidationError(
            _("{file} holds MFN rates, which have no schedule.").format(file=path.name),
            field="schedule",
        )
    state = _State(expected_party, expected_schedule)
    total = max(len(lines) - header_number, 1)
    for number, row in records:
        if number % _CHECK_EVERY == 0:
            token.raise_if_cancelled()
            report(progress, number - header_number, total)
        if not any(cell.strip() for cell in row):
            continue
        result.rows_read += 1
        try:
            if len(row) != len(header):
                raise _RowError(
                    _("The row has {cells} cells; the header has {columns}.").format(
                        cells=len(row), columns=len(header)
                    )
                )
            if layout.kind == SCHEDULE:
                line = _schedule_line(layout, row, state, number)
                if line is None:
                    result.skipped_headings += 1
                    continue
                schedule_lines.append(line)
            else:
                mfn = _mfn_line(layout, row, state, number)
                if mfn is None:
                    result.skipped_headings += 1
                    continue
                mfn_lines.append(mfn)
        except _RowError as error:
            raw_code = row[layout.index["code"]].strip() if len(row) > layout.index["code"] else ""
            code = code_digits(raw_code) or raw_code
            result.rejected.append(Rejected(number, code, str(error)))
            continue
        result.accepted += 1
    token.raise_if_cancelled()
    report(progress, total, total)

    if state.party is None:
        raise DataFileError(_("{file} has no line that could be imported.").format(file=path.name))
    return TariffPack(
        source=_source(path, raw, layout.kind, state, meta, edition_date, source_id),
        lines=schedule_lines,
        mfn=mfn_lines,
        report=result,
    )


# -- reading -----------------------------------------------------------------------------------


def _comments(lines: list[str]) -> tuple[dict[str, str], int]:
    """``# key: value`` lines (and blank lines) before the header; index of the header."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return found, index
        key, sep, value = stripped.lstrip("#").partition(":")
        key = key.strip().lower()
        if sep and key in COMMENT_KEYS and value.strip():
            found[key] = value.strip()
    return found, len(lines)


class _Numbered:
    """csv rows with the 1-based line number where each row starts."""

    def __init__(self, path: Path, text: str, offset: int) -> None:
        self._path = path
        self._offset = offset
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=False)

    def __iter__(self) -> _Numbered:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        number = self._offset + self._reader.line_num + 1
        try:
            return number, next(self._reader)
        except csv.Error as error:
            raise DataFileError(
                _("{file}, line {line}: {error}").format(
                    file=self._path.name, line=number, error=error
                )
            ) from error


def _layout(path: Path, header: list[str]) -> _Layout:
    names = [cell.strip().lower() for cell in header]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise DataFileError(
            _("{file}: these columns appear twice: {columns}.").format(
                file=path.name, columns=", ".join(duplicates)
            )
        )
    index = {name: position for position, name in enumerate(names)}
    required: tuple[str, ...]
    years: tuple[int, ...] = ()
    if "mfn_rate" in index:
        kind, required = MFN, MFN_COLUMNS
    elif any(_YEAR.match(name) for name in names):
        numbers = [int(m.group(1)) for n in names if (m := _YEAR.match(n))]
        years = tuple(range(1, min(max(numbers), MAX_YEARS) + 1))
        kind, required = SCHEDULE, SCHEDULE_COLUMNS + tuple(f"year_{y}" for y in years)
    else:
        raise DataFileError(
            _(
                "{file}: the header is neither a schedule (…, base_rate, year_1, …) nor an MFN "
                "table (…, mfn_rate). Found: {columns}."
            ).format(file=path.name, columns=", ".join(names))
        )
    missing = [name for name in required if name not in index]
    unknown = [name for name in names if name not in required]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: {columns}").format(columns=", ".join(missing)))
        if unknown:
            problems.append(_("unknown columns: {columns}").format(columns=", ".join(unknown)))
        raise DataFileError(
            _("{file}: {problems}.").format(file=path.name, problems="; ".join(problems))
        )
    return _Layout(kind, index, years)


def _check_date(path: Path, value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        valid = False
    else:
        valid = len(value) == 10
    if not valid:
        raise DataFileError(
            _("{file}: the edition date {value} is not a date (YYYY-MM-DD).").format(
                file=path.name, value=value
            )
        )


# -- rows --------------------------------------------------------------------------------------


class _State:
    """What the first good row fixed for the whole file, and the lines seen so far."""

    def __init__(self, party: str | None, schedule: str | None) -> None:
        self.expected = party
        self.expected_schedule = schedule
        self.party: str | None = None
        self.hs_version: str | None = None
        self.schedules: set[str] = set()
        self.seen: dict[tuple[str, str], int] = {}


def _common(layout: _Layout, row: list[str], state: _State) -> tuple[str, str, str, str]:
    """(importing party, HS version, code digits, description) of a row, checked."""
    cell = row[layout.index["importing_party"]].strip()
    try:
        importing = check_party(cell)
    except ValidationError as error:
        raise _RowError(error.message) from error
    wanted = state.expected or state.party
    if wanted is not None and importing != wanted:
        raise _RowError(
            _("Importing Party {party}: this file is for {expected}.").format(
                party=importing, expected=wanted
            )
        )
    version = row[layout.index["hs_version"]].strip()
    if version not in HS_VERSIONS:
        raise _RowError(
            _("HS version {version} is not one of {versions}.").format(
                version=version, versions=", ".join(HS_VERSIONS)
            )
        )
    if state.hs_version is not None and version != state.hs_version:
        raise _RowError(
            _("HS version {version}: this file is in HS {expected}.").format(
                version=version, expected=state.hs_version
            )
        )
    raw_code = row[layout.index["code"]].strip()
    digits = code_digits(raw_code)
    if digits is None:
        raise _RowError(
            _("{code} is not an HS code.").format(code=raw_code)
            if raw_code
            else _("The row has no HS code.")
        )
    description = _SPACES.sub(" ", row[layout.index["description"]]).strip()
    return importing, version, digits, description


def _rate(cell: str, column: str) -> Rate | None:
    text = cell.strip()
    if not text:
        return None
    percent = parse_percent_text(text)
    if percent is not None:
        return Rate(percent=percent)
    if _NEGATIVE.match(text):
        raise _RowError(_("{column}: {value} is not a rate.").format(column=column, value=text))
    return text_rate(text)


def _check_digits(raw: str, digits: str) -> None:
    if not CODE_DIGITS[0] <= len(digits) <= CODE_DIGITS[1]:
        raise _RowError(
            _("{code} is not a tariff line of {low} to {high} digits.").format(
                code=raw, low=CODE_DIGITS[0], high=CODE_DIGITS[1]
            )
        )


def _accept(state: _State, importing: str, version: str, key: tuple[str, str], row: int) -> None:
    if key in state.seen:
        raise _RowError(
            _("Duplicate line: {code} is already in row {row}.").format(
                code=key[1], row=state.seen[key]
            )
        )
    state.seen[key] = row
    state.party = importing
    state.hs_version = version


def _schedule_line(
    layout: _Layout, row: list[str], state: _State, number: int
) -> ScheduleLine | None:
    importing, version, digits, description = _common(layout, row, state)
    base = _rate(row[layout.index["base_rate"]], "base_rate")
    cells = {year: row[layout.index[f"year_{year}"]] for year in layout.years}
    if base is None and not any(cell.strip() for cell in cells.values()):
        if len(digits) < HEADING_DIGITS:
            return None  # a chapter or heading row
        raise _RowError(_("The line has no rates."))
    raw_schedule = row[layout.index["schedule"]].strip()
    try:
        schedule = check_schedule(raw_schedule, importing)
    except ValidationError as error:
        raise _RowError(error.message) from error
    if state.expected_schedule is not None and schedule != state.expected_schedule:
        raise _RowError(
            _("Schedule {schedule}: this import is for schedule {expected}.").format(
                schedule=schedule, expected=state.expected_schedule
            )
        )
    _check_digits(row[layout.index["code"]].strip(), digits)
    rates: dict[int, Rate] = {}
    for year, cell in cells.items():
        rate = _rate(cell, f"year_{year}")
        if rate is None:
            raise _RowError(_("No rate for year {year}.").format(year=year))
        rates[year] = rate
    _accept(state, importing, version, (schedule, digits), number)
    state.schedules.add(schedule)
    return ScheduleLine(schedule, digits, description, rates, base)


def _mfn_line(layout: _Layout, row: list[str], state: _State, number: int) -> MfnLine | None:
    importing, version, digits, description = _common(layout, row, state)
    rate = _rate(row[layout.index["mfn_rate"]], "mfn_rate")
    if rate is None:
        if len(digits) < HEADING_DIGITS:
            return None
        raise _RowError(_("The line has no rate."))
    if rate.excluded:
        raise _RowError(_("mfn_rate: U (excluded) only exists in RCEP schedules."))
    _check_digits(row[layout.index["code"]].strip(), digits)
    _accept(state, importing, version, ("", digits), number)
    return MfnLine(digits, description, rate)


# -- source ------------------------------------------------------------------------------------


def _source(
    path: Path,
    raw: bytes,
    kind: str,
    state: _State,
    meta: dict[str, str],
    edition_date: str,
    source_id: str | None,
) -> TariffSource:
    assert state.party is not None
    assert state.hs_version is not None
    importing = state.party
    if kind == SCHEDULE:
        schedules = "+".join(sorted(state.schedules))
        default_id = f"annex1-{importing}-{schedules}"
        only = next(iter(state.schedules)) if len(state.schedules) == 1 else ""
        title = meta.get("source") or default_title(importing, only)
        credit = meta.get("attribution") or default_attribution(importing)
    else:
        default_id = f"mfn-{importing}"
        title = meta.get("source") or f"MFN applied tariff of {importing}"
        credit = meta.get("attribution") or meta.get("source") or path.name
    return TariffSource(
        id=source_id or default_id,
        kind=kind,
        importing_party=importing,
        title=title,
        edition_date=edition_date,
        attribution=credit,
        hs_version=state.hs_version,
        file_name=path.name,
        file_sha256=hashlib.sha256(raw).hexdigest(),
    )
