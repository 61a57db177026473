"""Importer for the official Excel renderings of RCEP Annex I (domain/rcep.md §11–§13).

Layout (DFAT ``rcep-schedule-of-<party>.xlsx``, RCEP Secretariat ``.xls``): a few title rows,
then a header row ``HS Code | Product Description | Base Rate | Year 1 | … | Year N and
Subsequent Years`` somewhere in the first rows of the sheet, then one row per line:

- numbers are fractions (0.05 = 5 %); a number typed as text ("0.05") is read the same way and
  "5%" as 5 percent;
- ``U`` = excluded from the commitments (MFN applies);
- any other text (specific and compound duties: "5%, and $12,000 each") is kept verbatim;
- heading rows (codes of fewer than 8 digits, sub-chapter titles) have no rates and are
  skipped; the codes of tariff lines are stored as digits only.

A line that cannot be read is rejected with the reason and the rest of the file is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from pathlib import Path

from services.core.errors import DataFileError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.importers._common import (
    RCEP_SIGNATURE,
    check_party,
    check_schedule,
    code_digits,
    default_attribution,
    default_title,
    file_sha256,
    parse_percent_text,
    percent_from_fraction,
    read_error,
    text_rate,
    tidy,
)
from services.rcep.tariff_models import (
    SCHEDULE,
    Rate,
    Rejected,
    ScheduleLine,
    TariffPack,
    TariffSource,
)

Cell = object  # str | int | float | bool | datetime | None, as the Excel readers give them

HEADER_SCAN_ROWS = 30
LINE_DIGITS = (8, 10)  # national tariff lines: 8 (AHTN, AU, CN), 9 (JP) or 10 (KR) digits
_CHECK_EVERY = 256  # rows between cancel checks and progress reports

_CODE = "hs code"
_DESCRIPTION = "product description"
_BASE = "base rate"
_YEAR = re.compile(r"^year\s*(\d{1,2})(?:\s+and\s+subsequent\s+years?)?$")
_SPACES = re.compile(r"\s+")
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")


@dataclass(frozen=True, slots=True)
class _Sheet:
    name: str
    rows: Iterator[Sequence[Cell]]
    total: int  # rows in the sheet as the file declares them (0: unknown)


@dataclass(frozen=True, slots=True)
class _Columns:
    code: int
    description: int
    base: int
    years: dict[int, int]  # year → column


class _RowError(Exception):
    """A line is rejected: the message is already translated."""


def read_annex1(
    path: Path | str,
    *,
    importing_party: str,
    schedule: str,
    title: str | None = None,
    attribution: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> TariffPack:
    """Read one Annex I schedule (.xlsx or .xls) of ``importing_party`` for ``schedule``.

    ``schedule`` is ``ALL`` for Parties with a single schedule, otherwise ``ASEAN``, ``AANZ`` or
    the exporting Party. Raises :class:`DataFileError` when the file cannot be used at all and
    :class:`~services.core.progress.Cancelled` when ``cancel`` is set.
    """
    path = Path(path)
    importing_party = check_party(importing_party)
    schedule = check_schedule(schedule, importing_party)
    token = cancel or CancelToken()
    token.raise_if_cancelled()
    try:
        sha256 = file_sha256(path)
    except OSError as error:
        raise read_error(path, error) from error

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        opener = _xlsx_sheets
    elif suffix == ".xls":
        opener = _xls_sheets
    else:
        raise DataFileError(
            _("{file} is not an Excel file (.xlsx or .xls).").format(file=path.name)
        )

    with opener(path) as sheets:
        sheet, header_row, columns, preamble = _find_header(path, sheets)
        pack = TariffPack(
            source=TariffSource(
                id=f"annex1-{importing_party}-{schedule}",
                kind=SCHEDULE,
                importing_party=importing_party,
                title=title or _title_from(preamble) or default_title(importing_party, schedule),
                edition_date=RCEP_SIGNATURE,
                attribution=attribution or default_attribution(importing_party),
                hs_version="2012",
                file_name=path.name,
                file_sha256=sha256,
            )
        )
        _read_lines(pack, schedule, sheet, header_row, columns, progress, token)
    token.raise_if_cancelled()
    return pack


# -- opening the workbooks ---------------------------------------------------------------------


class _Workbook:
    """Context manager over the sheets of a workbook, closing the file afterwards."""

    def __init__(self, sheets: list[_Sheet], close: Callable[[], object]) -> None:
        self.sheets = sheets
        self._close = close

    def __enter__(self) -> list[_Sheet]:
        return self.sheets

    def __exit__(self, *exc: object) -> None:
        self._close()


def _unreadable(path: Path, error: Exception) -> DataFileError:
    return DataFileError(
        _("{file} is not a readable Excel workbook ({error}).").format(
            file=path.name, error=str(error) or type(error).__name__
        )
    )


def _xlsx_sheets(path: Path) -> _Workbook:
    import openpyxl  # type: ignore[import-untyped]  # no stubs; loaded only when needed

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise read_error(path, error) from error
    except Exception as error:  # zipfile, XML and openpyxl errors alike: not a workbook
        raise _unreadable(path, error) from error
    sheets = []
    for worksheet in book.worksheets:
        total = worksheet.max_row if isinstance(worksheet.max_row, int) else 0
        rows = worksheet.iter_rows(values_only=True)
        sheets.append(_Sheet(str(worksheet.title), rows, total))
    return _Workbook(sheets, book.close)


def _xls_sheets(path: Path) -> _Workbook:
    import xlrd  # type: ignore[import-untyped]  # no stubs; loaded only when needed

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except OSError as error:
        raise read_error(path, error) from error
    except Exception as error:  # xlrd.XLRDError, struct errors: not a workbook
        raise _unreadable(path, error) from error

    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR)

    def rows(index: int) -> Iterator[Sequence[Cell]]:
        sheet = book.sheet_by_index(index)
        for number in range(sheet.nrows):
            pairs = zip(sheet.row_types(number), sheet.row_values(number), strict=True)
            yield [None if kind in empty else value for kind, value in pairs]

    sheets = [
        _Sheet(str(name), rows(index), book.sheet_by_index(index).nrows)
        for index, name in enumerate(book.sheet_names())
    ]
    return _Workbook(sheets, book.release_resources)


# -- header ------------------------------------------------------------------------------------


def _label(cell: Cell) -> str:
    if not isinstance(cell, str):
        return ""
    return _SPACES.sub(" ", cell).strip().lower().rstrip(":")


def _is_header(labels: list[str]) -> bool:
    return _CODE in labels or (_BASE in labels and any(_YEAR.match(x) for x in labels))


def _find_header(path: Path, sheets: list[_Sheet]) -> tuple[_Sheet, int, _Columns, list[str]]:
    """The first sheet with a header row in its first rows: (sheet, 1-based row, columns)."""
    for sheet in sheets:
        preamble: list[str] = []
        for number, row in enumerate(sheet.rows, start=1):
            labels = [_label(cell) for cell in row]
            if _is_header(labels):
                return sheet, number, _columns(path, sheet, labels), preamble
            preamble.extend(str(c).strip() for c in row if isinstance(c, str) and c.strip())
            if number >= HEADER_SCAN_ROWS:
                break
    raise DataFileError(
        _(
            "{file} has no sheet with the Annex I header row (HS Code | Product Description | "
            "Base Rate | Year 1 …). Sheets found: {sheets}."
        ).format(file=path.name, sheets=", ".join(s.name for s in sheets) or "-")
    )


def _columns(path: Path, sheet: _Sheet, labels: list[str]) -> _Columns:
    found: dict[str, int] = {}
    years: dict[int, int] = {}
    for index, label in enumerate(labels):
        match = _YEAR.match(label)
        if match:
            years.setdefault(int(match.group(1)), index)
        elif label in (_CODE, _DESCRIPTION, _BASE) or label == "description":
            found.setdefault(_DESCRIPTION if label == "description" else label, index)
    missing = [
        name
        for key, name in (
            (_CODE, "HS Code"),
            (_DESCRIPTION, "Product Description"),
            (_BASE, "Base Rate"),
        )
        if key not in found
    ]
    last_year = max(years, default=1)
    missing += [f"Year {year}" for year in range(1, last_year + 1) if year not in years]
    if missing:
        raise DataFileError(
            _("Sheet {sheet} of {file} lacks the columns: {columns}.").format(
                sheet=sheet.name, file=path.name, columns=", ".join(missing)
            )
        )
    return _Columns(found[_CODE], found[_DESCRIPTION], found[_BASE], dict(sorted(years.items())))


def _title_from(preamble: list[str]) -> str:
    """The title rows above the header ("Annex I", "Schedule of …", "Australia")."""
    parts = [text for text in preamble if len(text) <= 200][:5]
    if not parts:
        return ""
    title = " — ".join(_SPACES.sub(" ", part) for part in parts)
    return title if title.upper().startswith("RCEP") else "RCEP " + title


# -- lines -------------------------------------------------------------------------------------


def _read_lines(
    pack: TariffPack,
    schedule: str,
    sheet: _Sheet,
    header_row: int,
    columns: _Columns,
    progress: ProgressFn | None,
    token: CancelToken,
) -> None:
    result = pack.report
    seen: dict[str, int] = {}
    width = max(columns.code, columns.description, columns.base, *columns.years.values()) + 1
    total = sheet.total
    for number, row in enumerate(sheet.rows, start=header_row + 1):
        if number % _CHECK_EVERY == 0:
            token.raise_if_cancelled()
            report(progress, number, max(total, number))
        cells = list(chain(row[:width], [None] * (width - len(row))))
        code_cell = _text(cells[columns.code])
        description = _SPACES.sub(" ", _text(cells[columns.description]))
        rate_cells = [cells[columns.base], *(cells[c] for c in columns.years.values())]
        has_rates = any(_text(cell) for cell in rate_cells)
        if not code_cell and not description and not has_rates:
            continue  # blank row
        result.rows_read += 1
        digits = _code(cells[columns.code])
        if not has_rates and (
            (digits is None and not code_cell[:1].isdigit())  # a title or a note
            or (digits is not None and len(digits) < LINE_DIGITS[0])  # chapter … subheading
        ):
            result.skipped_headings += 1
            continue
        try:
            if isinstance(cells[columns.code], float):
                raise _RowError(
                    _("{code} is stored as a number; its zeros may be lost.").format(code=code_cell)
                )
            if digits is None:
                raise _RowError(
                    _("{code} is not an HS code.").format(code=code_cell)
                    if code_cell
                    else _("The line has rates but no HS code.")
                )
            if not LINE_DIGITS[0] <= len(digits) <= LINE_DIGITS[1]:
                raise _RowError(
                    _("{code} is not a tariff line of {low} to {high} digits.").format(
                        code=code_cell, low=LINE_DIGITS[0], high=LINE_DIGITS[1]
                    )
                )
            if digits in seen:
                raise _RowError(
                    _("Duplicate line: {code} is already in row {row}.").format(
                        code=code_cell, row=seen[digits]
                    )
                )
            base = _rate(cells[columns.base], "Base Rate")
            rates: dict[int, Rate] = {}
            for year, column in columns.years.items():
                rate = _rate(cells[column], f"Year {year}")
                if rate is None:
                    raise _RowError(_("No rate for year {year}.").format(year=year))
                rates[year] = rate
        except _RowError as error:
            result.rejected.append(Rejected(number, digits or code_cell, str(error)))
            continue
        seen[digits] = number
        pack.lines.append(ScheduleLine(schedule, digits, description, rates, base))
        result.accepted += 1
    report(progress, max(total, 1), max(total, 1))


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return cell.strip() if isinstance(cell, str) else str(cell)


def _code(cell: Cell) -> str | None:
    if isinstance(cell, str):
        return code_digits(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # A code stored as a number (3917.21): good enough to recognise a heading, but leading
        # and trailing zeros may be lost, so a line with rates needs the code as text.
        return code_digits(repr(cell)) if cell >= 0 else None
    return None


def _rate(cell: Cell, column: str) -> Rate | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise _RowError(_("{column}: {value} is not a rate.").format(column=column, value=cell))
    if isinstance(cell, int | float):
        if cell < 0 or cell != cell or cell in (float("inf"), float("-inf")):
            raise _RowError(_("{column}: {value} is not a rate.").format(column=column, value=cell))
        return Rate(percent=percent_from_fraction(cell))
    if not isinstance(cell, str):  # a date or time: Excel converted what was typed
        raise _RowError(_("{column}: {value} is not a rate.").format(column=column, value=cell))
    text = cell.strip()
    if not text:
        return None
    if _PLAIN_NUMBER.match(text):
        return Rate(percent=tidy(Decimal(text) * 100))  # a fraction typed as text
    if text.endswith("%"):
        percent = parse_percent_text(text)
        if percent is not None:
            return Rate(percent=percent)
    return text_rate(text)
