"""Importing BOM materials from CSV and Excel (services/rcep/bom_import.py, docs/bom-import.md)."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import set_locale
from services.core.progress import Cancelled, CancelToken
from services.rcep.bom_import import (
    BomImport,
    bom_template_csv,
    normalise_header,
    parse_amount,
    read_bom_file,
)
from services.refdata.hs import HsNomenclature

TODAY = date(2026, 6, 1)

ENGLISH = (
    "name,hs,origin,originating,evidence,evidence_date,value,weight_kg,currency\r\n"
    "cells,8507.60,KR,yes,KR-2026-1,2026-03-01,30.00,1.2,USD\r\n"
    'casing,3926.90,,no,,,"1,234.50",0.3,USD\r\n'
)
CHINESE = (
    "物料名称,HS编码,原产国,是否原产,证书编号,证书日期,价值,重量（千克）,币种\r\n"
    "电芯,8507.60,韩国,是,KR-2026-1,2026年3月1日,¥30,1.2,美元\r\n"
    "外壳,3926 90,未知,否,,,12.5,,USD\r\n"
    "合计,,,,,,42.5,,\r\n"
)


@cache
def nomenclature() -> HsNomenclature:
    return HsNomenclature.load()


def write(tmp_path: Path, text: str, encoding: str, name: str = "bom.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, **options: Any) -> BomImport:
    options.setdefault("nomenclature", nomenclature())
    options.setdefault("today", TODAY)
    return read_bom_file(path, **options)


def errors(path: Path, **options: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        read(path, **options)
    return {e.field: e.message for e in caught.value.errors}


def test_english_csv_utf8(tmp_path: Path) -> None:
    result = read(write(tmp_path, ENGLISH, "utf-8"), currency="USD")
    cells, casing = result.materials
    assert cells.name == "cells"
    assert cells.hs == "850760"
    assert cells.origin == "KR"
    assert cells.originating is True
    assert cells.evidence_ref == "KR-2026-1"
    assert cells.evidence_date == date(2026, 3, 1)
    assert cells.value == Decimal("30.00")
    assert cells.weight_kg == Decimal("1.2")
    assert cells.currency == "USD"
    assert casing.value == Decimal("1234.50")
    assert casing.origin is None
    assert not casing.originating
    assert result.encoding == "utf-8"
    assert result.header_row == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_chinese_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    text = CHINESE.replace(",", "\t") if encoding == "utf-16" else CHINESE
    result = read(write(tmp_path, text, encoding))
    assert [m.name for m in result.materials] == ["电芯", "外壳"]
    cells, casing = result.materials
    assert cells.origin == "KR"
    assert cells.evidence_date == date(2026, 3, 1)
    assert cells.value == Decimal(30)
    assert cells.currency == "USD"
    assert casing.hs == "392690"
    assert casing.origin is None
    assert casing.weight_kg is None
    assert result.skipped_rows == (4,)  # the 合计 row
    assert result.columns["weight_kg"] == "重量（千克）"


def test_semicolons_after_a_title_row(tmp_path: Path) -> None:
    text = '物料清单 BOM\r\n名称;价值;HS编码\r\n外壳;"1,234.50";3926.90\r\n胶水;2;3506\r\n'
    result = read(write(tmp_path, text, "gb18030"))
    assert result.header_row == 2
    assert [m.value for m in result.materials] == [Decimal("1234.50"), Decimal(2)]
    assert result.encoding == "gb18030"


def test_header_aliases_are_matched_loosely() -> None:
    assert normalise_header("Weight (kg)") == "weight"
    assert normalise_header("WEIGHT_KG") == normalise_header("weight kg") == "weightkg"
    assert normalise_header("  HS-Code ") == "hscode"
    assert normalise_header("重量（千克）") == "重量"


def test_xlsx_with_title_rows_excel_cells_and_a_bom_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "instructions"
    sheet = book.create_sheet("物料清单")
    sheet.append(["葛店光储 物料清单 BOM"])
    sheet.append([])
    header = ["No.", "Material", "HS Code", "Country of origin", "Originating", "Certificate No",
              "Certificate date", "CIF value (USD)", "Net weight"]  # fmt: skip
    sheet.append(header)
    sheet.append([1, "cells", 8507.6, "Korea", True, 20260012, date(2026, 3, 1), 30, 1.2])
    sheet.append([2, "frame", 101.21, "", False, None, None, 0.1 + 0.2, None])
    sheet.append([3, "glue", 3506, "日本", "否", None, None, "USD 2.5", None])
    path = tmp_path / "bom.xlsx"
    book.save(path)
    result = read(path, currency="USD")
    assert result.sheet == "物料清单"
    assert result.header_row == 3
    assert result.ignored_columns == ("No.",)
    cells, frame, glue = result.materials
    assert cells.hs == "850760"  # Excel dropped the trailing zero of 8507.60
    assert cells.origin == "KR"
    assert cells.evidence_ref == "20260012"
    assert cells.evidence_date == date(2026, 3, 1)
    assert cells.value == Decimal(30)
    assert frame.hs == "010121"  # and the leading zero of 0101.21
    assert frame.value == Decimal("0.3")  # binary noise of a formula removed
    assert glue.hs == "3506"
    assert glue.origin == "JP"
    assert glue.value == Decimal("2.5")
    assert glue.currency == "USD"


def test_missing_required_columns_name_them_and_the_accepted_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "material,hs,weight\r\ncells,8507.60,1\r\n", "utf-8")
    found = errors(path)
    assert list(found) == ["columns"]
    assert "value" in found["columns"]
    assert "价值" in found["columns"]  # the accepted headers are listed
    assert "物料名称" not in found["columns"]  # name is there: only missing ones are listed


def test_duplicate_and_empty(tmp_path: Path) -> None:
    assert "columns" in errors(write(tmp_path, "名称,物料名称,价值\r\na,b,1\r\n", "utf-8"))
    assert "columns" in errors(write(tmp_path, "\r\n\r\n", "utf-8"))
    assert "rows" in errors(write(tmp_path, "name,value\r\n,\r\n", "utf-8"))


def test_bad_rows_are_reported_by_spreadsheet_row_and_column(tmp_path: Path) -> None:
    text = (
        "物料清单\r\n"
        "\r\n"
        "物料名称,HS编码,原产国,是否原产,证书编号,价值,重量\r\n"
        "电芯,8507.60,KR,是,K1,30,1\r\n"  # row 4: fine
        "外壳,3926.90,,否,,-5,\r\n"  # row 5: negative value
        "胶水,3506,US,是,X,2,abc\r\n"  # row 6: non-RCEP originating, bad weight
        "螺丝,8599,,也许,,1.2.3,\r\n"  # row 7: unknown HS, bad flag, bad value
        ",,,,,,\r\n"  # empty row: skipped
        "标签,4821,XX,否,,1,\r\n"  # row 9: unknown country code
        "电线,8544,KR,是,,1,\r\n"  # row 10: originating without evidence
    )
    set_locale("en")
    found = errors(write(tmp_path, text, "utf-8"))
    assert set(found) == {
        "rows[5].value",
        "rows[6].origin",
        "rows[6].weight_kg",
        "rows[7].hs",
        "rows[7].originating",
        "rows[7].value",
        "rows[9].origin",
        "rows[10].evidence_ref",
    }
    # the row as numbered in the spreadsheet, the column as written in its header
    assert found["rows[5].value"] == "Row 5, column “价值”: Enter a number of 0 or more."
    assert found["rows[7].hs"].startswith("Row 7, column “HS编码”: 8599 is not a chapter")


def test_all_or_nothing(tmp_path: Path) -> None:
    good = "name,value\r\n" + "".join(f"m{i},{i}\r\n" for i in range(50))
    assert len(read(write(tmp_path, good, "utf-8")).materials) == 50
    with pytest.raises(ValidationError):
        read(write(tmp_path, good + "bad,x\r\n", "utf-8"))


def test_currency_must_match(tmp_path: Path) -> None:
    text = "name,value,currency\r\na,1,CNY\r\nb,2,\r\nc,USD 3,\r\n"
    found = errors(write(tmp_path, text, "utf-8"), currency="CNY")
    assert set(found) == {"rows[4].currency"}
    found = errors(write(tmp_path, "name,value,currency\r\na,1,CNY\r\nb,2,USD\r\n", "utf-8"))
    assert set(found) == {"rows[3].currency"}  # without a BOM currency: the first row's
    found = errors(write(tmp_path, "name,value,currency\r\na,USD 1,CNY\r\n", "utf-8"))
    assert set(found) == {"rows[2].value"}


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        read(tmp_path / "missing.csv")
    with pytest.raises(DataFileError):
        read(write(tmp_path, "x", "utf-8", "old.xls"))
    bad_xlsx = tmp_path / "broken.xlsx"
    bad_xlsx.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFileError):
        read(bad_xlsx)
    undecodable = tmp_path / "bytes.csv"
    undecodable.write_bytes(b"name,value\n\x80\xff,1\n")
    with pytest.raises(DataFileError):
        read(undecodable)


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = write(tmp_path, "name,value\r\n" + "m,1\r\n" * 300, "utf-8")
    seen: list[tuple[int, int]] = []
    read(path, progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read(path, cancel=token)


@pytest.mark.parametrize("chinese", [True, False])
def test_the_template_imports_cleanly(tmp_path: Path, chinese: bool) -> None:
    text = bom_template_csv(chinese=chinese)
    assert text.startswith("\ufeff")
    result = read(write(tmp_path, text, "utf-8"), currency="USD")
    assert len(result.materials) == 2
    assert result.materials[0].originating
    assert result.ignored_columns == ()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("¥12", Decimal(12)),
        ("￥12", Decimal(12)),
        ("12元", Decimal(12)),
        ("USD 12.5", Decimal("12.5")),
        ("12.5 USD", Decimal("12.5")),
        ("１２.５", Decimal("12.5")),
        (".5", Decimal("0.5")),
        (7, Decimal(7)),
        (2.5, Decimal("2.5")),
        ("-3", Decimal(-3)),
        ("12,5", None),
        ("1,23", None),
        ("abc", None),
        ("", None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_parse_amount(cell: Any, expected: Decimal | None) -> None:
    assert parse_amount(cell) == expected


def _blank(text: str) -> bool:
    return not unicodedata.normalize("NFKC", text).strip()


cell_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(cell_text, cell_text, cell_text, cell_text), max_size=8))
def test_arbitrary_cells_never_crash_and_never_give_a_partial_result(
    tmp_path: Path, rows: list[tuple[str, str, str, str]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "value", "hs", "originating"])
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    try:
        result = read(path)
    except (ValidationError, DataFileError):
        return
    filled = [r for r in rows if not all(_blank(c) for c in r)]
    assert len(result.materials) + len(result.skipped_rows) == len(filled)
    assert all(m.value >= 0 and m.name for m in result.materials)
