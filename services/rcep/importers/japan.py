"""Japan's applied tariff (実行関税率表) with its RCEP columns (domain/rcep.md §11–§13).

Reads the flattened layout of ``../shared/data/japan-customs-tariff/``: one CSV row per node of
Japan Customs' tariff tree, in document order, with the columns ``chapter, level, stat_code,
stat_suffix, description_ja, …, rate_基本, rate_暫定, rate_WTO協定, …,
rate_EPA_RCEP_アセアン豪州NZ, rate_EPA_RCEP_中国, rate_EPA_RCEP_韓国``.

- The tree is walked by ``level``. The general (基本), temporary (暫定) and WTO rates of a row
  are inherited by its descendants unless a descendant sets its own (each column on its own).
  EPA rates are read from the line itself only.
- A full statistical line is a row whose ``stat_suffix`` has 3 digits; its national code is the
  digits of ``stat_code`` followed by the suffix (9 digits, e.g. ``610910020``). Rows without a
  suffix are headings/groups (counted in ``report.skipped_headings``).
- Rate texts: ``無税`` → 0 %, ``10.9%`` → 10.9 %, a bracketed ``(無税)`` / ``(5.3%)`` (the WTO
  bound rate printed in brackets) → the number; anything else (specific or compound duties such as
  ``22.4%又は720円/kg…``, item-restricted texts like ``さわら　2.2%``, quota marks ``◎``/``●``,
  ranges) is kept as ``Rate(text=…)``.
- RCEP: for each line, one :class:`ScheduleLine` per non-blank RCEP column — schedule ``CN``
  (中国), ``KR`` (韓国) and ``AANZ`` (アセアン豪州NZ) — with the rate of the edition's RCEP year
  only (Japan's years start on 1 April: the 2026-07-09 edition is year 6). A blank cell means no
  preference for that partner (MFN applies), so no line is written for it.
- MFN applied rate for goods of WTO members — **(unverified — check the official text before
  release)**: Japan applies the WTO (協定) rate only where it is lower than the statutory rate,
  and the statutory rate is the temporary rate (暫定) where one is set, else the general rate
  (基本). So: when both the statutory and the WTO rate are ad valorem, the lower of the two; when
  only one of them is a number, that one; otherwise the text is kept (the WTO text when there is
  one, else the statutory text). Quota rates (◎), tariff-quota conditions and the rules for
  specific duties are not modelled; such lines keep a text rate for the user to read.
- Rejected: rows with a bad level, code or suffix, and every row of a national code that occurs
  more than once (the file has 8 such codes, split by import season with different rates; none
  of their rows is imported rather than picking one season).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.importers._common import read_utf8
from services.rcep.parties import rcep_year
from services.rcep.tariff_models import (
    AANZ,
    APPLIED,
    ImportReport,
    MfnLine,
    Rate,
    Rejected,
    ScheduleLine,
    TariffPack,
    TariffSource,
)

SOURCE_ID = "jp-applied"
IMPORTING_PARTY = "JP"
HS_VERSION = "2022"

COL_LEVEL = "level"
COL_CODE = "stat_code"
COL_SUFFIX = "stat_suffix"
COL_DESCRIPTION = "description_ja"
COL_GENERAL = "rate_基本"
COL_TEMPORARY = "rate_暫定"
COL_WTO = "rate_WTO協定"
# Japan's three RCEP columns and the schedule key each becomes, in the order lines are written.
RCEP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("CN", "rate_EPA_RCEP_中国"),
    ("KR", "rate_EPA_RCEP_韓国"),
    (AANZ, "rate_EPA_RCEP_アセアン豪州NZ"),
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "chapter",
    COL_LEVEL,
    COL_CODE,
    COL_SUFFIX,
    COL_DESCRIPTION,
    COL_GENERAL,
    COL_TEMPORARY,
    COL_WTO,
    *(column for _schedule, column in RCEP_COLUMNS),
)
INHERITED = (COL_GENERAL, COL_TEMPORARY, COL_WTO)

_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_STAT_CODE = re.compile(r"^\d{2}\.\d{2}$|^\d{4}\.\d{2}$")
_SUFFIX = re.compile(r"^\d{3}$")
_NUMBER = re.compile(r"^(?:無税|(\d{1,3}(?:\.\d+)?)\s*[%％])$")
_OPEN = "(（"
_CLOSE = ")）"
# Leading enumerators of a description: "−", "−−", "1 ", "(1)", "（2）".
_ENUMERATOR = re.compile(r"^[\s\-−－‐―]*(?:[(（]?\d+[)）]\s*|\d+\s+)?")
SHORT_DESCRIPTION = 10  # characters; a shorter line text gets its parents' texts in front
PROGRESS_EVERY = 500

ATTRIBUTION = "出典：税関ウェブサイト『実行関税率表』({edition}版) を加工して作成"
TITLE = "実行関税率表 (Japan Customs applied tariff), {edition}"


def parse_rate(text: str) -> Rate | None:
    """A rate cell as the file gives it; ``None`` for a blank cell.

    ``無税`` → 0 %; ``10.9%`` → 10.9 %; ``(無税)`` / ``(5.3%)`` (bracketed WTO bound) → the number;
    any other text → ``Rate(text=…)`` unchanged.
    """
    value = text.strip()
    if not value:
        return None
    inner = value
    if len(value) > 2 and value[0] in _OPEN and value[-1] in _CLOSE:
        inner = value[1:-1].strip()
    match = _NUMBER.match(inner)
    if match is None:
        return Rate(text=text)
    number = match.group(1)
    return Rate(percent=Decimal(number) if number is not None else Decimal(0))


def mfn_rate(general: Rate | None, temporary: Rate | None, wto: Rate | None) -> Rate | None:
    """Japan's MFN applied rate for goods of WTO members (rule in the module docstring).

    **(unverified — check the official text before release)**
    """
    statutory = temporary if temporary is not None else general
    numbers = [r for r in (statutory, wto) if r is not None and r.percent is not None]
    if numbers:
        return min(numbers, key=_percent)  # one number, or the lower of two
    return wto if wto is not None else statutory


def _percent(rate: Rate) -> Decimal:
    return rate.percent if rate.percent is not None else Decimal(0)


def edition_from_name(name: str) -> str | None:
    """The ISO date in a file name such as ``japan_applied_tariff_2026-07-09.csv``."""
    match = _DATE_IN_NAME.search(name)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


@dataclass(slots=True)
class _Node:
    level: int
    text: str  # own description without its enumerator
    parent: _Node | None
    rates: dict[str, str]  # inherited columns, effective values (own or an ancestor's)


@dataclass(slots=True)
class _Line:
    row: int
    code: str
    description: str
    mfn: Rate | None
    rcep: list[tuple[str, Rate]]


def read_japan_applied(
    path: str | Path,
    *,
    edition_date: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> TariffPack:
    """Read Japan's applied tariff CSV into a :class:`TariffPack` (source ``jp-applied``).

    ``edition_date`` (ISO) is used when the file name carries no date. Raises
    :class:`DataFileError` for a file that cannot be read, is not UTF-8, lacks columns or has no
    edition date; malformed rows are rejected with a reason in ``pack.report``.
    """
    file = Path(path)
    if cancel is not None:
        cancel.raise_if_cancelled()
    data, text = read_utf8(file)

    edition = edition_from_name(file.name) or edition_date
    if edition is None:
        raise DataFileError(
            _("The edition date of {file} is unknown: give it as YYYY-MM-DD.").format(
                file=file.name
            )
        )
    try:
        year = rcep_year(IMPORTING_PARTY, date.fromisoformat(edition)).number
    except (ValueError, ValidationError) as exc:  # not a date, or before RCEP
        raise DataFileError(
            _("The edition date {date} is not a date in RCEP's years (YYYY-MM-DD).").format(
                date=edition
            )
        ) from exc

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise DataFileError(_("{file} is empty.").format(file=file.name))
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DataFileError(
            _("{file} lacks the columns: {columns}.").format(
                file=file.name, columns=", ".join(missing)
            )
        )
    index = {name: header.index(name) for name in REQUIRED_COLUMNS}
    records = list(reader)

    source = TariffSource(
        id=SOURCE_ID,
        kind=APPLIED,
        importing_party=IMPORTING_PARTY,
        title=TITLE.format(edition=edition),
        edition_date=edition,
        attribution=ATTRIBUTION.format(edition=_japanese_date(edition)),
        hs_version=HS_VERSION,
        file_name=file.name,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    result = ImportReport()
    lines = _walk(records, index, len(header), result, progress, cancel)
    pack = TariffPack(source=source, report=result)
    for line in lines:
        if line.mfn is not None:
            pack.mfn.append(MfnLine(line.code, line.description, line.mfn))
        for schedule, rate in line.rcep:
            pack.lines.append(ScheduleLine(schedule, line.code, line.description, {year: rate}))
    result.accepted = len(lines)
    report(progress, len(records), len(records))
    return pack


def _walk(
    records: Sequence[list[str]],
    index: dict[str, int],
    width: int,
    result: ImportReport,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> list[_Line]:
    total = len(records)
    stack: list[_Node] = []
    lines: list[_Line] = []
    rows_of: dict[str, list[int]] = {}
    for number, record in enumerate(records, start=2):  # row 1 is the header
        if number % PROGRESS_EVERY == 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            report(progress, number - 2, total)
        if not any(cell.strip() for cell in record):
            continue
        result.rows_read += 1
        if len(record) != width:
            result.rejected.append(
                Rejected(
                    number,
                    "",
                    _("The row has {found} fields instead of {expected}.").format(
                        found=len(record), expected=width
                    ),
                )
            )
            continue
        cell = {name: record[i].strip() for name, i in index.items()}
        stat_code, suffix = cell[COL_CODE], cell[COL_SUFFIX]
        code = stat_code.replace(".", "") + suffix
        if not stat_code and not suffix and cell[COL_LEVEL].isdigit():
            result.skipped_headings += 1  # a section title such as 第1節 (no code, no rates)
            continue
        reason = _row_problem(cell[COL_LEVEL], stat_code, suffix)
        if reason is not None:
            result.rejected.append(Rejected(number, code, reason))
            continue
        level = int(cell[COL_LEVEL])
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        rates = {
            column: cell[column] or (parent.rates[column] if parent is not None else "")
            for column in INHERITED
        }
        node = _Node(level, _ENUMERATOR.sub("", cell[COL_DESCRIPTION]).strip(), parent, rates)
        stack.append(node)
        if not suffix:
            result.skipped_headings += 1
            continue
        rcep = [
            (schedule, rate)
            for schedule, column in RCEP_COLUMNS
            if (rate := parse_rate(cell[column])) is not None
        ]
        mfn = mfn_rate(
            parse_rate(rates[COL_GENERAL]),
            parse_rate(rates[COL_TEMPORARY]),
            parse_rate(rates[COL_WTO]),
        )
        lines.append(_Line(number, code, _description(node), mfn, rcep))
        rows_of.setdefault(code, []).append(number)

    duplicates = {code: rows for code, rows in rows_of.items() if len(rows) > 1}
    if not duplicates:
        return lines
    kept = []
    for line in lines:
        rows = duplicates.get(line.code)
        if rows is None:
            kept.append(line)
            continue
        result.rejected.append(
            Rejected(
                line.row,
                line.code,
                _(
                    "Line {code} occurs {count} times (rows {rows}); none of them is imported."
                ).format(code=line.code, count=len(rows), rows=", ".join(str(r) for r in rows)),
            )
        )
    result.rejected.sort(key=lambda r: r.row)
    return kept


def _row_problem(level: str, stat_code: str, suffix: str) -> str | None:
    if not level.isdigit():
        return _("The level {level} is not a whole number.").format(level=level or "—")
    if not _STAT_CODE.match(stat_code):
        return _("The code {code} is not an HS code such as 8507.60.").format(code=stat_code or "—")
    if suffix and not _SUFFIX.match(suffix):
        return _("The statistical suffix {suffix} does not have 3 digits.").format(suffix=suffix)
    if suffix and len(stat_code) != 7:
        return _("The code {code} has a suffix but only 4 digits.").format(code=stat_code)
    return None


def _description(node: _Node) -> str:
    """The line's own text, with its parents' texts in front while the front part is short."""
    parts = [node.text]
    parent = node.parent
    while parent is not None and len(parts[0]) < SHORT_DESCRIPTION:
        if parent.text:
            parts.insert(0, parent.text)
        parent = parent.parent
    kept: list[str] = []
    for part in parts:  # "その他のもの：その他のもの" says no more than once
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    return "：".join(kept)


def _japanese_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"
