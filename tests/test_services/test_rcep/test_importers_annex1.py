"""RCEP Annex I Excel importer against the two bundled originals and synthetic workbooks."""

from __future__ import annotations

import csv
import functools
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import set_locale
from services.core.progress import Cancelled, CancelToken
from services.rcep.importers import FORMATS, import_file, importer
from services.rcep.importers.annex1 import read_annex1
from services.rcep.tariff_models import Rate, TariffPack

FOLDER = "rcep-annex1-tariff-schedules"
AU_FILE = "original/recp-schedule-of-australia.xlsx"
CN_FILE = "original/recp-schedule-of-china-for-asean.xls"
AU_SHA256 = "85787c809ef63cb100aa78c0cf05c72de14b4c43a03a718b2047d40456aee5e8"
CN_SHA256 = "3bb748e2d678ddc0284a1b5cd33e95a1a48fb29f19243c4fbda99c70728cc593"


@functools.cache
def _read(path: Path, party: str, schedule: str) -> tuple[TariffPack, float]:
    started = time.perf_counter()
    pack = read_annex1(path, importing_party=party, schedule=schedule)
    return pack, time.perf_counter() - started


@pytest.fixture
def au(shared_data: Path) -> TariffPack:
    return _read(shared_data / FOLDER / AU_FILE, "AU", "ALL")[0]


@pytest.fixture
def cn(shared_data: Path) -> TariffPack:
    return _read(shared_data / FOLDER / CN_FILE, "CN", "ASEAN")[0]


def _line(pack: TariffPack, code: str) -> dict[str, object]:
    found = [line for line in pack.lines if line.code == code]
    assert len(found) == 1
    line = found[0]
    return {"base": line.base_rate, "rates": line.rates, "description": line.description}


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


# -- the Australian schedule (.xlsx) -----------------------------------------------------------


def test_australia_counts_years_and_source(au: TariffPack) -> None:
    assert au.report.accepted == len(au.lines) == 6184
    assert au.report.rejected == []
    assert au.report.skipped_headings == 2640 + 22  # coded headings + "SUB-CHAPTER …" titles
    assert au.report.rows_read == 6184 + 2662
    assert all(sorted(line.rates) == list(range(1, 21)) for line in au.lines)
    assert {line.schedule for line in au.lines} == {"ALL"}
    assert all(line.code.isdigit() and len(line.code) == 8 for line in au.lines)
    source = au.source
    assert source.id == "annex1-AU-ALL"
    assert source.kind == "schedule"
    assert source.importing_party == "AU"
    assert source.hs_version == "2012"
    assert source.edition_date == "2020-11-15"
    assert source.attribution == "Source: DFAT, RCEP Annex I, licensed under CC BY 4.0"
    assert source.title == "RCEP Annex I — Schedule of Tariff Commitments — Australia"
    assert source.file_name == "recp-schedule-of-australia.xlsx"
    assert source.file_sha256 == AU_SHA256


def test_australia_lithium_ion_is_free_from_year_1(au: TariffPack) -> None:  # rcep.md §12.3
    line = _line(au, "85076000")
    assert line["description"] == "-Lithium-ion"
    assert line["base"] == _pct("5")
    assert line["rates"] == {year: _pct("0") for year in range(1, 21)}


def test_australia_text_rates_are_kept_verbatim(au: TariffPack) -> None:
    cars = _line(au, "87032111")  # used cars
    rates = cars["rates"]
    assert isinstance(rates, dict)
    assert cars["base"] == Rate(text="5%, and $12,000 each")
    assert rates[1] == Rate(text="5%, and $12,000 each")
    assert rates[12] == Rate(text="4% and $9,600 each")
    assert rates[14] == Rate(text="3% and $7,200 each")  # the cell has a trailing space
    assert rates[20] == _pct("0")
    assert not rates[1].ad_valorem
    assert _line(au, "04061000")["base"] == Rate(text="$1.220/kg")
    juice = _line(au, "20092100")["rates"]
    assert isinstance(juice, dict)
    assert juice[1] == Rate(text="4%, or, if lower, $0.45/kg TSS*")


# -- China's Section A (.xls) ------------------------------------------------------------------


def test_china_counts_years_and_source(cn: TariffPack) -> None:
    assert cn.report.accepted == len(cn.lines) == 8277
    assert cn.report.rejected == []
    assert cn.report.skipped_headings == 4115
    assert all(sorted(line.rates) == list(range(1, 22)) for line in cn.lines)
    assert {line.schedule for line in cn.lines} == {"ASEAN"}
    assert cn.source.id == "annex1-CN-ASEAN"
    assert cn.source.attribution == "RCEP Annex I, Schedule of Tariff Commitments of China"
    assert "Section A: For Member States of ASEAN" in cn.source.title
    assert cn.source.file_sha256 == CN_SHA256


def test_china_lithium_ion_falls_0_6_a_year(cn: TariffPack) -> None:  # rcep.md §12.3
    line = _line(cn, "85076000")
    assert line["base"] == _pct("12")
    rates = line["rates"]
    assert isinstance(rates, dict)
    assert rates[1].percent == Decimal("11.4")
    assert rates[2].percent == Decimal("10.8")
    assert rates[3].percent == Decimal("10.2")
    assert rates[19].percent == Decimal("0.6")
    for year in range(1, 20):  # exact decimals, no float noise
        assert rates[year] == _pct(str(Decimal(12) - Decimal("0.6") * year))
        assert str(rates[year].percent) == str((Decimal(12) - Decimal("0.6") * year).normalize())
    assert rates[20] == rates[21] == _pct("0")


def test_china_coffee_is_excluded_every_year(cn: TariffPack) -> None:  # rcep.md §12.3
    line = _line(cn, "09012100")
    assert line["base"] == _pct("15")
    rates = line["rates"]
    assert isinstance(rates, dict)
    assert set(rates.values()) == {Rate(excluded=True, text="U")}
    assert len(rates) == 21


# -- against the normalised CSVs of the same folder --------------------------------------------


def _as_csv(rate: Rate | None) -> str:
    if rate is None:
        return ""
    return str(rate.percent) if rate.percent is not None else rate.text or ""


@pytest.mark.parametrize(
    ("original", "normalised", "party", "schedule", "years"),
    [
        (AU_FILE, "rcep_schedule_AU.csv", "AU", "ALL", 20),
        (CN_FILE, "rcep_schedule_CN_sectionA_ASEAN.csv", "CN", "ASEAN", 21),
    ],
)
def test_every_line_matches_the_normalised_csv(
    shared_data: Path, original: str, normalised: str, party: str, schedule: str, years: int
) -> None:
    pack, _seconds = _read(shared_data / FOLDER / original, party, schedule)
    lines = {line.code: line for line in pack.lines}
    with (shared_data / FOLDER / normalised).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] == "8"]
    assert len(rows) == len(lines)
    different_descriptions = []
    for row in rows:
        line = lines[row["hs_code"]]
        expected = [row["base_rate"]] + [row[f"year_{y}"] for y in range(1, years + 1)]
        got = [_as_csv(line.base_rate)] + [_as_csv(line.rates[y]) for y in range(1, years + 1)]
        assert got == expected, row["hs_code"]
        if line.description != row["description"]:
            different_descriptions.append(row["hs_code"])
    # The normalised CSV kept one Excel formula (=UPPER("Natural borates…")); we read its value.
    assert different_descriptions == (["25280000"] if party == "AU" else [])


def test_both_originals_import_in_a_few_seconds(shared_data: Path) -> None:
    seconds = [
        _read(shared_data / FOLDER / AU_FILE, "AU", "ALL")[1],
        _read(shared_data / FOLDER / CN_FILE, "CN", "ASEAN")[1],
    ]
    assert sum(seconds) < 6, seconds


def test_registry_dispatches_to_the_annex1_importer(shared_data: Path) -> None:
    assert importer("annex1") is read_annex1
    assert set(FORMATS) >= {"annex1", "csv"}
    pack = import_file(
        shared_data / FOLDER / CN_FILE, "ANNEX1", importing_party="cn", schedule="asean"
    )
    assert pack.report.accepted == 8277
    with pytest.raises(ValidationError, match="annex1"):
        importer("pdf")


def test_progress_and_cancel_on_a_real_file(shared_data: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = shared_data / FOLDER / AU_FILE
    read_annex1(
        path, importing_party="AU", schedule="ALL", progress=lambda d, t: calls.append((d, t))
    )
    assert len(calls) > 10
    assert calls[-1][0] == calls[-1][1]
    assert all(done <= total for done, total in calls)

    token = CancelToken()

    def cancel_half_way(done: int, total: int) -> None:
        if done > total // 2:
            token.cancel()

    with pytest.raises(Cancelled):
        read_annex1(
            path, importing_party="AU", schedule="ALL", progress=cancel_half_way, cancel=token
        )


# -- synthetic workbooks -----------------------------------------------------------------------

HEADER: list[object] = ["HS Code", "Product Description", "Base Rate", "Year 1", "Year 2", "Year 3"]


def _workbook(
    path: Path, rows: Sequence[Sequence[object]], *, title: str = "Schedule", before: int = 3
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["Annex I"])
    sheet.append(["Schedule of Tariff Commitments of Japan"])
    for _ in range(before - 2):
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _import(path: Path, *, cancel: CancelToken | None = None) -> TariffPack:
    return read_annex1(path, importing_party="JP", schedule="CN", cancel=cancel)


def test_fractions_text_headings_and_rejections(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["85", "ELECTRICAL MACHINERY"],
        ["8507.60", "-Lithium-ion:"],
        [None, "SUB-CHAPTER I - SOMETHING"],
        ["8507.60.000", "--Cells", 0.114, 0.1 * 3, 0.07, 0],
        ["8507.60.090", "--Other", "U", "U", "0.05", "2.5%"],
        ["8703.21.000", "Used cars", "5%, and $12,000 each", "  4% and $9,600 each ", "U", 0],
        ["8507.60.000", "--Cells again", 0.1, 0.1, 0.1, 0.1],
        ["85O7.60.010", "letter O", 0.1, 0.1, 0.1, 0.1],
        ["8507.6", "short code with rates", 0.1, 0.1, 0.1, 0.1],
        ["8507.60.020", "missing year 2", 0.1, 0.1, None, 0],
        ["8507.60.030", "no rates at all"],
        [None, "rates without a code", 0.1, 0.1, 0.1, 0.1],
        [8507.6, "a code typed as a number", 0.1, 0.1, 0.1, 0.1],
        ["8507.60.040", "negative", -0.1, 0.1, 0.1, 0.1],
        [],
        ["8507.60.050", "—Ok", 0, 0, 0, 0],
    ]
    # A leading empty column, as in the DFAT file.
    path = _workbook(tmp_path / "jp.xlsx", [[None, *row] for row in rows])
    pack = _import(path)
    lines = {line.code: line for line in pack.lines}
    assert list(lines) == ["850760000", "850760090", "870321000", "850760050"]
    cells = lines["850760000"]
    assert cells.base_rate == _pct("11.4")
    assert [cells.rates[y] for y in (1, 2, 3)] == [_pct("30"), _pct("7"), _pct("0")]
    assert str(cells.rates[1].percent) == "30"
    other = lines["850760090"]
    assert other.base_rate == Rate(excluded=True, text="U")
    assert other.rates == {1: Rate(excluded=True, text="U"), 2: _pct("5"), 3: _pct("2.5")}
    cars = lines["870321000"]
    assert cars.base_rate == Rate(text="5%, and $12,000 each")
    assert cars.rates[1] == Rate(text="4% and $9,600 each")
    assert cars.rates[2].excluded
    assert pack.report.skipped_headings == 3
    rejected = {r.row: (r.code, r.reason) for r in pack.report.rejected}
    first_data_row = 5  # two title rows, a blank row, the header
    assert sorted(rejected) == [first_data_row + n for n in (6, 7, 8, 9, 10, 11, 12, 13)]
    assert "第 8 行" in rejected[first_data_row + 6][1]  # duplicate: where the first one is (zh_CN)
    assert rejected[first_data_row + 7][0] == "85O7.60.010"
    assert "2" in rejected[first_data_row + 9][1]
    assert pack.report.rows_read == 3 + 3 + 8 + 1
    assert pack.report.accepted == 4


def test_rejection_reasons_go_through_gettext(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "dup.xlsx",
        [HEADER, ["0101.21.000", "a", 0, 0, 0, 0], ["0101.21.000", "b", 0, 0, 0, 0]],
    )
    set_locale("en")
    assert _import(path).report.rejected[0].reason == (
        "Duplicate line: 0101.21.000 is already in row 5."
    )


def test_year_n_and_subsequent_years_header(tmp_path: Path) -> None:
    header = [*HEADER[:5], "Year 3 and \nSubsequent Years"]
    path = _workbook(tmp_path / "y.xlsx", [header, ["0101.21.000", "x", 0.1, 0.05, 0.02, 0]])
    pack = _import(path)
    assert sorted(pack.lines[0].rates) == [1, 2, 3]
    assert pack.lines[0].rates[3] == _pct("0")


def test_header_is_found_on_a_later_sheet_within_the_first_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["General notes"])
    sheet = book.create_sheet("Japan")
    for _ in range(25):
        sheet.append(["title"])
    sheet.append(HEADER)
    sheet.append(["0101.21.000", "x", 0, 0, 0, 0])
    book.save(tmp_path / "later.xlsx")
    assert _import(tmp_path / "later.xlsx").report.accepted == 1


def test_wrong_sheet_names_the_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["General notes"])
    other = book.create_sheet("Appendix")
    for _ in range(30):
        other.append(["padding"])
    other.append(HEADER)  # row 31: too far down
    book.save(tmp_path / "wrong.xlsx")
    set_locale("en")
    with pytest.raises(DataFileError, match="Sheets found: Notes, Appendix") as caught:
        _import(tmp_path / "wrong.xlsx")
    assert caught.value.code == "bad_file"


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "cols.xlsx", [["HS Code", "Description", "Year 1", "Year 3"], ["01", "x"]]
    )
    set_locale("en")
    with pytest.raises(DataFileError, match="Base Rate, Year 2"):
        _import(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [("not-excel.xlsx", b"hello"), ("not-excel.xls", b"\x00" * 600), ("schedule.csv", b"a,b")],
)
def test_files_that_are_not_workbooks(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DataFileError):
        _import(tmp_path / name)


def test_a_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        _import(tmp_path / "nowhere.xlsx")


@pytest.mark.parametrize(
    ("party", "schedule"), [("XX", "ALL"), ("AU", "CN"), ("CN", "ALL"), ("CN", "CN"), ("CN", "ZZ")]
)
def test_party_and_schedule_are_checked(tmp_path: Path, party: str, schedule: str) -> None:
    path = _workbook(tmp_path / "s.xlsx", [HEADER])
    with pytest.raises(ValidationError):
        read_annex1(path, importing_party=party, schedule=schedule)


def test_cancel_before_reading(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "c.xlsx", [HEADER, ["0101.21.000", "x", 0, 0, 0, 0]])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        _import(path, cancel=token)
