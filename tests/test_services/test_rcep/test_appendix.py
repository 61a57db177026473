"""Appendices on tariff differentials (Art 2.6.3): the derived table, its reader and the
`differential_appendix` flag of the tariff lookup."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import main
from scripts import build_appendix_table as script
from services.core.errors import DataFileError
from services.core.store import DataStore
from services.rcep.appendix import (
    Appendix,
    AppendixLine,
    AppendixStatus,
    appendix_line,
    appendix_status,
    bundled_appendix,
    read_appendix,
)
from services.rcep.tariff_models import Rate, ScheduleLine, TariffPack, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import lookup

APPENDIX_DIR = Path(__file__).resolve().parents[3] / "resources" / "data" / "appendix"


def line(hs: str, start: int | None = 1, end: int | None = None, party: str = "CN") -> AppendixLine:
    text = (
        "" if start is None else f"From year {start}" + (f" to year {end}" if end else " onwards")
    )
    return AppendixLine(party, hs, hs, text, start, end, "DV20", "https://example.org")


# --- the build script ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From year 1 onwards", (1, None)),
        ("From year 1 to year 15", (1, 15)),
        ("  from  year 3 to year 14 ", (3, 14)),
        ("", (None, None)),
    ],
)
def test_periods_are_parsed(text: str, expected: tuple[int | None, int | None]) -> None:
    period = script.parse_period(text)
    assert (period.from_year, period.to_year) == expected


@pytest.mark.parametrize("text", ["Year 1", "From year 5 to year 2", "until further notice"])
def test_unreadable_periods_stop_the_build(text: str) -> None:
    with pytest.raises(script.SourceError):
        script.parse_period(text)


def test_requirement_is_read_as_dv20() -> None:
    assert (
        script.parse_requirement("exporting Party must add >=20% of value (Art. 2.6.3)") == "DV20"
    )
    with pytest.raises(script.SourceError):
        script.parse_requirement("exporting Party must add >=40% of value")


def test_the_committed_table_is_what_the_script_builds(shared_data: Path) -> None:
    stamp = script.stamp_on_disk(APPENDIX_DIR)
    assert stamp is not None
    built = script.build(shared_data / "rcep-appendix" / script.DEFAULT_SOURCE.name, stamp)
    for name, text in built.items():
        assert (APPENDIX_DIR / name).read_text(encoding="utf-8") == text, name


def test_script_writes_checks_and_refuses_bad_rows(tmp_path: Path) -> None:
    source = tmp_path / "appendix.csv"
    header = "party,tariff_line,hs_code,nomenclature,period,additional_requirement,source,note\n"
    row = 'CN,5205.11.00,52051100,x,From year 1 to year 15,">=20% of value",https://e.org,\n'
    source.write_text(header + row, encoding="utf-8")
    out = tmp_path / "out"
    args = ["--source", str(source), "--out", str(out), "--derived-on", "2026-11-29"]
    assert script.main(args) == 0
    lines = (out / script.LINES_FILE).read_text(encoding="utf-8").splitlines()
    assert (
        lines[2]
        == "CN,52051100,5205.11.00,From year 1 to year 15,1,15,DV20,https://e.org,,2026-11-29"
    )
    parties = (out / script.PARTIES_FILE).read_text(encoding="utf-8")
    assert "CN,partial,1,2026-11-29" in parties
    assert "PH,not_on_file,0,2026-11-29" in parties
    assert "AU,none,0,2026-11-29" in parties
    assert script.main(["--source", str(source), "--out", str(out), "--check"]) == 0
    (out / script.LINES_FILE).write_text(lines[0] + "\n", encoding="utf-8")
    assert script.main(["--source", str(source), "--out", str(out), "--check"]) == 1
    source.write_text(header + row.replace("to year 15", "to year fifteen"), encoding="utf-8")
    empty = tmp_path / "empty"
    assert script.main(["--source", str(source), "--out", str(empty)]) == 1
    assert not empty.exists()


# --- the bundled table --------------------------------------------------------------------


def test_which_appendices_are_on_file() -> None:
    assert appendix_status("CN") is AppendixStatus.PARTIAL
    assert appendix_status("PH") is AppendixStatus.PARTIAL
    for code in ("JP", "KR", "ID", "TH", "VN"):
        assert appendix_status(code) is AppendixStatus.NOT_ON_FILE, code
    for code in ("AU", "NZ", "SG", "MY"):  # one schedule for every Party: no Appendix
        assert appendix_status(code) is AppendixStatus.NONE, code
    assert len(bundled_appendix().lines("CN")) == 14
    assert len(bundled_appendix().lines("PH")) == 9


def test_cotton_yarn_is_listed_from_year_1_to_year_15() -> None:
    for year in (1, 15):
        found = appendix_line("CN", "5205.11", year)
        assert found is not None
        assert (found.tariff_line, found.from_year, found.to_year) == ("5205.11.00", 1, 15)
        assert found.requirement == "DV20"
    assert appendix_line("CN", "5205.11", 16) is None
    assert appendix_line("CN", "5205.11", None) is not None  # no year: period not checked


def test_beef_is_listed_from_year_1_onwards() -> None:
    found = appendix_line("CN", "0201.30.00", 40)
    assert found is not None
    assert (found.from_year, found.to_year, found.period_text) == (1, None, "From year 1 onwards")
    assert appendix_line("CN", "0203.11", 5) is None  # pork is not on the fragment
    assert appendix_line("JP", "0201.30", 5) is None  # Japan's Appendix is not on file


def test_philippine_adhesives_end_in_year_14() -> None:
    assert appendix_line("PH", "350691", 14) is not None
    assert appendix_line("PH", "350691", 15) is None
    assert appendix_line("PH", "350699", 15) is not None  # "from year 1 onwards"


def test_a_line_of_unknown_period_is_taken_as_in_force() -> None:
    found = appendix_line("CN", "520514", 30)
    assert found is not None
    assert not found.period_known
    assert (found.from_year, found.to_year) == (None, None)


def test_prefix_matching() -> None:
    appendix = Appendix([line("39019020"), line("39019090"), line("39013000")], {"CN": "partial"})
    assert appendix.line("CN", "3901.90.20", 5) == line("39019020")  # exact
    assert appendix.line("CN", "3901902010", 5) == line("39019020")  # a national 10-digit code
    assert appendix.line("CN", "390190", 5) == line("39019020")  # covers two lines: first one
    assert [ln.hs_code for ln in appendix.matching("CN", "390190")] == ["39019020", "39019090"]
    assert appendix.line("CN", "3901", 5) is None  # four digits are too vague
    assert appendix.line("CN", "390110", 5) is None
    assert appendix.line("PH", "390190", 5) is None


def test_status_without_a_parties_row() -> None:
    appendix = Appendix([line("02013000")], {})
    assert appendix.status("CN") is AppendixStatus.PARTIAL
    assert appendix.status("KR") is AppendixStatus.NOT_ON_FILE
    assert appendix.status("AU") is AppendixStatus.NONE
    assert Appendix([], {"CN": "complete"}).status("CN") is AppendixStatus.COMPLETE


def test_a_broken_table_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        read_appendix(tmp_path)
    (tmp_path / "appendix_lines.csv").write_text("party,hs_code\nCN,0201\n", encoding="utf-8")
    (tmp_path / "appendix_parties.csv").write_text("party,status\nCN,partial\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        read_appendix(tmp_path)


@given(
    start=st.one_of(st.none(), st.integers(1, 25)),
    length=st.one_of(st.none(), st.integers(0, 25)),
    year=st.integers(1, 60),
)
def test_active_years_follow_the_period(start: int | None, length: int | None, year: int) -> None:
    end = None if start is None or length is None else start + length
    ln = line("52051100", start, end)
    expected = (start is None or year >= start) and (end is None or year <= end)
    assert ln.active_in(year) is expected
    assert (Appendix([ln], {}).line("CN", "520511", year) is not None) is expected


# --- tariff lookup: differential_appendix --------------------------------------------------


@pytest.fixture
def cn_repo(store: DataStore) -> TariffRepository:
    repo = TariffRepository(store.db)
    source = TariffSource("test-cn-au", "schedule", "CN", "China for Australia", "2020-11-15",
                          "test", "2012")  # fmt: skip
    path = {y: Rate(percent=Decimal(max(0, 12 - y))) for y in range(1, 21)}
    repo.replace_source(TariffPack(source, lines=[
        ScheduleLine("AU", "02013000", "Boneless beef", path),
        ScheduleLine("JP", "02013000", "Boneless beef", path),
        ScheduleLine("AU", "52051100", "Cotton yarn", path),
        ScheduleLine("AU", "85076000", "Li-ion", path),
    ]))  # fmt: skip
    return repo


@pytest.mark.parametrize("exporter", ["AU", "JP"])
def test_beef_into_china_is_flagged(cn_repo: TariffRepository, exporter: str) -> None:
    (beef,) = lookup(cn_repo, "0201.30", "CN", exporter, date(2026, 5, 1)).lines
    assert beef.differential_appendix
    assert beef.appendix is not None
    assert (beef.appendix.tariff_line, beef.appendix.requirement) == ("0201.30.00", "DV20")
    assert beef.appendix_status is AppendixStatus.PARTIAL


def test_cotton_yarn_leaves_the_appendix_after_year_15(cn_repo: TariffRepository) -> None:
    (in_period,) = lookup(cn_repo, "5205.11", "CN", "AU", date(2036, 12, 31)).lines  # year 15
    assert in_period.differential_appendix
    (after,) = lookup(cn_repo, "5205.11", "CN", "AU", date(2037, 1, 1)).lines  # year 16
    assert not after.differential_appendix
    (battery,) = lookup(cn_repo, "8507.60", "CN", "AU", date(2026, 5, 1)).lines
    assert not battery.differential_appendix


def test_lookup_takes_an_appendix(cn_repo: TariffRepository) -> None:
    custom = Appendix([line("85076000", 1, 3)], {"CN": "complete"})
    (battery,) = lookup(cn_repo, "8507.60", "CN", "AU", date(2023, 5, 1), appendix=custom).lines
    assert battery.differential_appendix
    assert battery.appendix_status is AppendixStatus.COMPLETE


def test_cli_flags_beef_from_the_embedded_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path / "data"), "tariff", "lookup", "--hs", "0201.30", "--to",
            "CN", "--from", "VN", "--date", "2026-05-01"]  # fmt: skip
    assert main.main(args) == 0
    (beef,) = json.loads(capsys.readouterr().out)["lines"]
    assert beef["line"] == "02013000"
    assert beef["differential_appendix"] is True
    assert beef["appendix_status"] == "partial"
    assert beef["appendix_line"] == "0201.30.00"
    assert beef["appendix_period"] == {"from_year": 1, "to_year": None,
                                       "text": "From year 1 onwards"}  # fmt: skip
    assert beef["appendix_requirement"] == "DV20"
    japan = ["--data-dir", str(tmp_path / "data"), "tariff", "lookup", "--hs", "6109.10", "--to",
             "JP", "--date", "2026-07-01"]  # fmt: skip
    assert main.main(japan) == 0
    for row in json.loads(capsys.readouterr().out)["lines"]:
        assert row["differential_appendix"] is False
        assert row["appendix_status"] == "not_on_file"
