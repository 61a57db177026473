"""Import the materials of a bill of materials from a spreadsheet (docs/bom-import.md).

Companies keep BOMs in Excel: this reads ``.xlsx`` (the sheet named like BOM / 物料清单, else
the first one) and CSV (UTF-8 with or without BOM, GB18030 as Chinese Excel saves it, UTF-16;
comma, semicolon or tab). The header row may come after a few title rows; headers are matched
in English or Chinese (:data:`HEADER_ALIASES`). Every row is checked as a BOM line would be and
every problem is reported with the row number the user sees in the spreadsheet and the column.
All or nothing: materials come back only when every row is valid.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale

from services.core.clock import local_today
from services.core.errors import DataFileError, FieldError, ValidationError
from services.core.i18n import _, is_chinese
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.bom import (
    HS_MAX_DIGITS,
    MAX_AMOUNT,
    MAX_MATERIALS,
    MAX_NAME,
    MAX_REFERENCE,
    BomMaterial,
    material_errors,
    too_long,
)
from services.refdata.countries import country_codes
from services.refdata.currencies import is_currency_code
from services.refdata.hs import HsNomenclature

MAX_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 200
HEADER_SEARCH_ROWS = 20  # title rows a sheet may have above its header
_CHECK_EVERY = 64

REQUIRED = ("name", "value")
# Canonical key → accepted headers (compared without case, spaces, _ - / and a bracketed unit).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "material", "material name", "part", "物料名称", "名称", "物料", "材料名称",
             "材料", "品名", "零件名称"),
    "hs": ("hs", "hs code", "hs_code", "HS编码", "商品编码", "税则号列", "税号", "海关编码"),
    "origin": ("origin", "country of origin", "origin country", "原产国", "原产地", "原产国别",
               "产地"),
    "originating": ("originating", "rcep originating", "is originating", "是否原产",
                    "是否RCEP原产", "原产资格"),
    "evidence_ref": ("evidence", "evidence_ref", "certificate", "certificate no", "declaration",
                     "declaration no", "证书编号", "声明编号", "原产地证书编号", "证明编号"),
    "evidence_date": ("evidence_date", "evidence date", "certificate date", "declaration date",
                      "证书日期", "声明日期", "签发日期"),
    "value": ("value", "cif", "cif value", "amount", "price", "价值", "金额", "价格", "CIF价"),
    "weight_kg": ("weight_kg", "weight", "net weight", "重量", "净重"),
    "currency": ("currency", "币种", "货币", "币别"),
}  # fmt: skip

_TRUE = frozenset({"yes", "y", "true", "t", "1", "是", "原产", "√", "✓", "✔"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "否", "非原产", "×", "✗", "✘"})
_UNKNOWN_ORIGIN = frozenset({"unknown", "n/a", "na", "-", "—", "未知", "不详", "不明"})
_TOTAL_NAMES = frozenset({"合计", "总计", "小计", "total", "subtotal", "sum", "grandtotal"})
_CURRENCY_WORDS = {"RMB": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "日元": "JPY",
                   "欧元": "EUR", "韩元": "KRW", "港币": "HKD", "港元": "HKD"}  # fmt: skip
_COUNTRY_WORDS = {"korea": "KR", "south korea": "KR", "viet nam": "VN", "vietnam": "VN",
                  "laos": "LA", "lao pdr": "LA", "brunei": "BN", "brunei darussalam": "BN",
                  "香港": "HK", "澳门": "MO", "台湾": "TW", "中国大陆": "CN", "大陆": "CN",
                  "usa": "US", "uk": "GB"}  # fmt: skip
_BRACKETED = re.compile(r"\s*[(（\[【].*?[)）\]】]\s*$")
_HEADER_NOISE = re.compile(r"[\s_\-/]+")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_CODE_AFFIX = re.compile(r"^([A-Z]{3})\s*([-\d.,].*)$|^(.*?\d)\s*([A-Z]{3})$")
_SYMBOLS = "¥$€£₩"
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_HS_TEXT = re.compile(r"[\s.\-]")


@dataclass(frozen=True, slots=True)
class BomImport:
    materials: tuple[BomMaterial, ...]
    header_row: int  # as numbered in the spreadsheet
    columns: Mapping[str, str]  # canonical key → the header as written
    ignored_columns: tuple[str, ...]  # headers not understood (left out)
    skipped_rows: tuple[int, ...]  # total rows (合计, Total …) that were left out
    sheet: str | None = None  # the worksheet read (Excel)
    encoding: str | None = None  # the text encoding (CSV)


Cell = Any


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().casefold()
    text = _BRACKETED.sub("", text)
    return _HEADER_NOISE.sub("", text)


@cache
def _alias_index() -> dict[str, str]:
    return {
        normalise_header(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases
    }


def accepted_headers(key: str) -> str:
    return ", ".join(HEADER_ALIASES[key])


def bom_template_csv(*, chinese: bool | None = None) -> str:
    """A template to fill in (UTF-8 with BOM, so that Excel shows Chinese): the header row in
    Chinese or English (default: the app's language) and two example rows."""
    chinese = is_chinese() if chinese is None else chinese
    if chinese:
        header = ["物料名称", "HS编码", "原产国", "是否原产", "证书编号", "证书日期", "价值",
                  "重量", "币种"]  # fmt: skip
        rows = [
            ["电芯", "8507.60", "KR", "是", "KR-RCEP-2026-0012", "2026-03-01", "30.00", "1.2",
             "USD"],
            ["外壳", "3926.90", "", "否", "", "", "12.50", "0.3", "USD"],
        ]  # fmt: skip
    else:
        header = ["name", "hs", "origin", "originating", "evidence", "evidence_date", "value",
                  "weight_kg", "currency"]  # fmt: skip
        rows = [
            ["cells", "8507.60", "KR", "yes", "KR-RCEP-2026-0012", "2026-03-01", "30.00", "1.2",
             "USD"],
            ["casing", "3926.90", "", "no", "", "", "12.50", "0.3", "USD"],
        ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


# --- reading the file ----------------------------------------------------------------------------


def read_bom_file(
    path: Path | str,
    *,
    nomenclature: HsNomenclature | None = None,
    currency: str | None = None,
    today: date | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> BomImport:
    """Read the materials of ``path`` (.xlsx or CSV).

    ``nomenclature`` checks that the HS codes exist; ``currency`` (the BOM's) is what a
    currency column must say. Raises DataFileError when the file cannot be read,
    ValidationError listing every bad row (``rows[<row>].<column key>``) otherwise, and
    :class:`~services.core.progress.Cancelled` when ``cancel`` is set.
    """
    path = Path(path)
    token = cancel or CancelToken()
    token.raise_if_cancelled()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from error
    if size > MAX_BYTES:
        raise DataFileError(
            _("{file} is too large for a bill of materials.").format(file=path.name)
        )
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise DataFileError(
            _("{file} is an old Excel file (.xls); save it as .xlsx or CSV and import it again.")
            .format(file=path.name)
        )  # fmt: skip
    head = _head(path)
    if suffix in (".xlsx", ".xlsm") or (suffix not in (".csv", ".txt", ".tsv")
                                       and head.startswith(b"PK\x03\x04")):  # fmt: skip
        return _read_xlsx(path, nomenclature, currency, today, progress, token)
    rows, encoding = _csv_rows(path)
    return _read_rows(
        rows, len(rows), None, encoding, nomenclature, currency, today, progress, token
    )


def _unreadable(path: Path, error: OSError) -> DataFileError:
    return DataFileError(
        _("The file {path} cannot be read: {reason}").format(
            path=path, reason=error.strerror or error
        )
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4)
    except OSError as error:
        raise _unreadable(path, error) from error


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DataFileError(
        _(
            "{file} is neither UTF-8 nor GB18030 text; save it from Excel as CSV (or "
            '"CSV UTF-8") or as .xlsx and import it again.'
        ).format(file=path.name)
    )


def _csv_rows(path: Path) -> tuple[list[list[str]], str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    text, encoding = _decode(path, raw)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise DataFileError(
            _("{file} is not a readable CSV file ({error}).").format(file=path.name, error=error)
        ) from error
    return rows, encoding


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: what the first lines use consistently (title rows above the
    header and decimal commas in numbers make a plain count unreliable)."""
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        widest = max(lines, key=lambda line: max(line.count(d) for d in ",;\t"), default="")
        return max((",", ";", "\t"), key=widest.count)


def _read_xlsx(
    path: Path,
    nomenclature: HsNomenclature | None,
    currency: str | None,
    today: date | None,
    progress: ProgressFn | None,
    token: CancelToken,
) -> BomImport:
    import openpyxl  # type: ignore[import-untyped]  # no stubs; loaded only when needed

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise _unreadable(path, error) from error
    except Exception as error:  # zipfile, XML and openpyxl errors alike: not a workbook
        raise _not_a_workbook(path, error) from error
    try:
        if not book.worksheets:
            raise DataFileError(_("{file} has no worksheet.").format(file=path.name))
        sheet = _choose_sheet(book.worksheets)
        total = sheet.max_row if isinstance(sheet.max_row, int) else 0
        try:
            rows = sheet.iter_rows(values_only=True)
            return _read_rows(
                rows, total, str(sheet.title), None, nomenclature, currency, today, progress, token
            )
        except (ValidationError, DataFileError):
            raise
        except Exception as error:  # a damaged sheet part
            raise _not_a_workbook(path, error) from error
    finally:
        book.close()


def _not_a_workbook(path: Path, error: Exception) -> DataFileError:
    return DataFileError(
        _("{file} is not a readable Excel workbook ({error}).").format(
            file=path.name, error=str(error) or type(error).__name__
        )
    )


def _choose_sheet(sheets: Sequence[Any]) -> Any:
    for sheet in sheets:
        title = normalise_header(str(sheet.title))
        if "bom" in title or "物料" in title or "材料清单" in title:
            return sheet
    return sheets[0]


# --- reading the rows ----------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unicodedata.normalize("NFKC", str(cell)).strip()


def _header(
    rows: Iterator[Sequence[Cell]],
) -> tuple[int, dict[str, int], dict[str, str], list[str]]:
    """(header row number, key → column index, key → header text, ignored headers)."""
    first: tuple[int, Sequence[Cell]] | None = None
    number = 0
    for number, row in enumerate(rows, start=1):
        if not any(_text(c) for c in row):
            if number >= HEADER_SEARCH_ROWS and first is not None:
                break
            continue
        if first is None:
            first = (number, row)
        index, written, ignored, duplicates = _map_header(row)
        if duplicates:
            raise ValidationError(
                _("The columns {columns} mean the same thing; keep one of them.").format(
                    columns=", ".join(f"“{c}”" for c in duplicates)
                ),
                field="columns",
            )
        if all(key in index for key in REQUIRED):
            return number, index, written, ignored
        if number >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise ValidationError(_("The file has no rows."), field="columns")
    index, _written, _ignored, _duplicates = _map_header(first[1])
    missing = [key for key in REQUIRED if key not in index]
    raise ValidationError(
        _("No header row with the columns {missing} was found. Accepted headers: {accepted}.")
        .format(
            missing=", ".join(missing),
            accepted="; ".join(f"{key}: {accepted_headers(key)}" for key in missing),
        ),
        field="columns",
    )  # fmt: skip


def _map_header(row: Sequence[Cell]) -> tuple[dict[str, int], dict[str, str], list[str], list[str]]:
    aliases = _alias_index()
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    duplicates: list[str] = []
    for position, cell in enumerate(row):
        text = _text(cell)
        if not text:
            continue
        key = aliases.get(normalise_header(text))
        if key is None:
            ignored.append(text)
        elif key in index:
            duplicates += [written[key], text]
        else:
            index[key] = position
            written[key] = str(cell).strip()  # as the user wrote it, for messages
    return index, written, ignored, duplicates


def _read_rows(
    rows_in: Any,
    total: int,
    sheet: str | None,
    encoding: str | None,
    nomenclature: HsNomenclature | None,
    currency: str | None,
    today: date | None,
    progress: ProgressFn | None,
    token: CancelToken,
) -> BomImport:
    rows: Iterator[Sequence[Cell]] = iter(rows_in)
    header_row, index, written, ignored = _header(rows)
    today = today or local_today()
    expected = currency.strip().upper() if currency else None
    materials: list[BomMaterial] = []
    errors: list[FieldError] = []
    skipped: list[int] = []
    hidden = 0
    number = header_row
    for number, row in enumerate(rows, start=header_row + 1):
        if number % _CHECK_EVERY == 0:
            token.raise_if_cancelled()
            report(progress, number, max(total, number))
        cells = {key: (row[i] if i < len(row) else None) for key, i in index.items()}
        if not any(_text(c) for c in cells.values()):
            continue
        if normalise_header(_text(cells.get("name"))) in _TOTAL_NAMES and not _text(
            cells.get("hs")
        ):
            skipped.append(number)
            continue
        if len(materials) >= MAX_MATERIALS:
            raise ValidationError(
                _("A bill of materials holds at most {limit} materials.").format(
                    limit=MAX_MATERIALS
                ),
                field="rows",
            )
        row_errors: list[tuple[str, str]] = []
        material = _material(cells, row_errors)
        unread = {key for key, _message in row_errors}
        if expected is None and material.currency is not None and "currency" not in unread:
            expected = material.currency
        for problem in material_errors(
            material, currency=expected, nomenclature=nomenclature, today=today
        ):
            if problem.field not in unread:
                row_errors.append((problem.field, problem.message))
        if not row_errors:
            materials.append(material)
        for key, message in row_errors:
            if len(errors) >= MAX_ERRORS:
                hidden += 1
                continue
            column = written.get(key, key)
            errors.append(
                FieldError(
                    f"rows[{number}].{key}",
                    _("Row {row}, column “{column}”: {problem}").format(
                        row=number, column=column, problem=message
                    ),
                )
            )
    token.raise_if_cancelled()
    report(progress, max(total, number), max(total, number))
    if hidden:
        errors.append(FieldError("rows", _("… and {count} more problems.").format(count=hidden)))
    if errors:
        raise ValidationError(errors)
    if not materials:
        raise ValidationError(_("The file has no material rows."), field="rows")
    return BomImport(
        materials=tuple(materials),
        header_row=header_row,
        columns=dict(written),
        ignored_columns=tuple(ignored),
        skipped_rows=tuple(skipped),
        sheet=sheet,
        encoding=encoding,
    )


def _material(cells: Mapping[str, Cell], errors: list[tuple[str, str]]) -> BomMaterial:
    """The row as a material; what cannot be read is reported in ``errors`` and left empty."""

    def fail(key: str, message: str) -> None:
        errors.append((key, message))

    name = _text(cells.get("name"))
    if not name:
        fail("name", _("Enter the material's name."))
    elif len(name) > MAX_NAME:
        fail("name", too_long(MAX_NAME, len(name)))
    value = _amount(cells.get("value"), "value", fail, required=True)
    weight = _amount(cells.get("weight_kg"), "weight_kg", fail, required=False)
    hs = _hs(cells.get("hs"), fail)
    origin = _origin(cells.get("origin"), fail)
    originating = _flag(cells.get("originating"), fail)
    evidence = _text(cells.get("evidence_ref"))
    if len(evidence) > MAX_REFERENCE:
        fail("evidence_ref", too_long(MAX_REFERENCE, len(evidence)))
    evidence_date = _date(cells.get("evidence_date"), fail)
    row_currency = _currency(cells.get("currency"), fail)
    value_cell = cells.get("value")
    if isinstance(value_cell, str) and value is not None:
        written_code = split_currency(value_cell)[1]
        written_code = _CURRENCY_WORDS.get(written_code, written_code) if written_code else None
        if written_code is not None and row_currency is None:
            row_currency = written_code
        elif written_code is not None and written_code != row_currency:
            fail(
                "value",
                _("The value is written in {written}, the row's currency is {currency}.").format(
                    written=written_code, currency=row_currency
                ),
            )
    return BomMaterial(
        name=name,
        value=value or Decimal(0),
        hs=hs,
        origin=origin,
        originating=originating,
        evidence_ref=evidence,
        evidence_date=evidence_date,
        weight_kg=weight,
        currency=row_currency,
    )


Fail = Any


def _amount(cell: Cell, key: str, fail: Fail, *, required: bool) -> Decimal | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        if required:
            fail(key, _("Enter a number of 0 or more."))
        return None
    value = parse_amount(cell)
    if value is None or value < 0:
        fail(key, _("Enter a number of 0 or more."))
        return None
    if value > MAX_AMOUNT:
        fail(key, _("This number is too large."))
        return None
    return value


def parse_amount(cell: Cell) -> Decimal | None:
    """A number from a cell: Excel numbers, or text such as ``1,234.50``, ``¥12``, ``USD 12``.

    None when it is not one (negative numbers come back negative; the caller refuses them).
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            return None
        value = Decimal(repr(cell))
        exponent = value.as_tuple().exponent
        noisy = isinstance(exponent, int) and exponent < -6  # 0.1 + 0.2 in a formula
        return value.quantize(Decimal("0.000001")) if noisy else value
    if not isinstance(cell, str):
        return None
    text, _code = split_currency(cell)
    negative = text.startswith("-")
    if negative:
        text = text[1:].strip()
    text = text.strip(_SYMBOLS).strip()
    if text.endswith("元"):
        text = text[:-1].strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None
    return -value if negative else value


def split_currency(text: str) -> tuple[str, str | None]:
    """``USD 12`` / ``12 USD`` → (``12``, ``USD``); the text without a code is returned as is."""
    text = unicodedata.normalize("NFKC", text).strip()
    affix = _CODE_AFFIX.match(text)
    if affix and (affix.group(1) or affix.group(4)):
        code = affix.group(1) or affix.group(4)
        return (affix.group(2) or affix.group(3) or "").strip(), code
    return text, None


def _bad_hs(fail: Fail) -> None:
    fail("hs", _("An HS code has digits only (dots and spaces are allowed), e.g. 8507.60."))


def _hs(cell: Cell, fail: Fail) -> str | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        _bad_hs(fail)
        return None
    if isinstance(cell, int):
        digits = str(cell)
        return digits if len(digits) % 2 == 0 else "0" + digits  # a lost leading zero
    if isinstance(cell, float):
        return _hs_from_number(cell, fail)
    text = _HS_TEXT.sub("", unicodedata.normalize("NFKC", str(cell)))
    if not (text.isascii() and text.isdigit()) or len(text) > HS_MAX_DIGITS:
        _bad_hs(fail)
        return None
    return text


def _hs_from_number(cell: float, fail: Fail) -> str | None:
    """Excel turns 8507.60 typed as a number into 8507.6 and 0101.21 into 101.21."""
    if cell != cell or cell < 0 or cell >= 10**HS_MAX_DIGITS:
        _bad_hs(fail)
        return None
    if cell.is_integer():
        digits = str(int(cell))
        return digits if len(digits) % 2 == 0 else "0" + digits
    whole, _dot, fraction = repr(cell).partition(".")
    if "e" in fraction or "e" in whole or len(whole) > 4:
        _bad_hs(fail)
        return None
    fraction = fraction + "0" * (len(fraction) % 2)
    return whole.zfill(4) + fraction


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    codes = set(country_codes())
    for locale in ("en", "zh_Hans"):
        for code, name in Locale.parse(locale).territories.items():
            if code in codes:
                index.setdefault(unicodedata.normalize("NFKC", name).casefold(), code)
    index.update({k.casefold(): v for k, v in _COUNTRY_WORDS.items()})
    return index


def _origin(cell: Cell, fail: Fail) -> str | None:
    text = _text(cell)
    if not text or text.casefold() in _UNKNOWN_ORIGIN:
        return None
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()  # the code itself; an unknown one is reported by material_errors
    code = _country_index().get(text.casefold())
    if code is None:
        fail(
            "origin",
            _(
                "{text} is not a country this app knows; enter the two-letter ISO code (e.g. JP, "
                "KR, DE) or leave it empty when the origin is unknown."
            ).format(text=text),
        )
    return code


def _flag(cell: Cell, fail: Fail) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = _text(cell).casefold()
    if not text or text in _FALSE:
        return False
    if text in _TRUE:
        return True
    fail("originating", _("Enter yes or no (是 or 否)."))
    return False


def _date(cell: Cell, fail: Fail) -> date | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str):
        match = _DATE.match(unicodedata.normalize("NFKC", cell).strip())
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    fail("evidence_date", _("Enter a date as YYYY-MM-DD."))
    return None


def _currency(cell: Cell, fail: Fail) -> str | None:
    text = _text(cell)
    if not text:
        return None
    code = _CURRENCY_WORDS.get(text.upper(), _CURRENCY_WORDS.get(text, text.upper()))
    if not is_currency_code(code):
        fail(
            "currency",
            _("{code} is not an ISO 4217 currency code; enter one such as USD or CNY.").format(
                code=text
            ),
        )
        return None
    return code
