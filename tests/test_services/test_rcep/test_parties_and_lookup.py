"""Tariff years per Party and the rate lookup on a small hand-made data set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.core.errors import NotFoundError, ValidationError
from services.core.store import DataStore
from services.rcep.parties import rcep_year
from services.rcep.tariff_models import (
    AANZ,
    ALL_PARTIES,
    MfnLine,
    Rate,
    ScheduleLine,
    TariffPack,
    TariffSource,
)
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import lookup, schedules_for


@pytest.mark.parametrize(
    ("party", "day", "year", "start", "end"),
    [
        ("CN", date(2022, 1, 1), 1, date(2022, 1, 1), date(2022, 12, 31)),
        ("CN", date(2026, 12, 31), 5, date(2026, 1, 1), date(2026, 12, 31)),
        ("KR", date(2026, 6, 1), 5, date(2026, 1, 1), date(2026, 12, 31)),
        ("JP", date(2022, 3, 31), 1, date(2022, 1, 1), date(2022, 3, 31)),
        ("JP", date(2022, 4, 1), 2, date(2022, 4, 1), date(2023, 3, 31)),
        ("JP", date(2026, 3, 31), 5, date(2025, 4, 1), date(2026, 3, 31)),
        ("JP", date(2026, 4, 1), 6, date(2026, 4, 1), date(2027, 3, 31)),
        ("ID", date(2027, 3, 31), 6, date(2026, 4, 1), date(2027, 3, 31)),
        ("PH", date(2027, 4, 1), 7, date(2027, 4, 1), date(2028, 3, 31)),
        ("AU", date(2041, 7, 1), 20, date(2041, 1, 1), date(2041, 12, 31)),
    ],
)  # fmt: skip
def test_rcep_years(party: str, day: date, year: int, start: date, end: date) -> None:
    y = rcep_year(party, day)
    assert (y.number, y.start, y.end) == (year, start, end)


def test_dates_before_the_agreement_and_unknown_parties_are_refused() -> None:
    with pytest.raises(ValidationError):
        rcep_year("CN", date(2021, 12, 31))
    with pytest.raises(ValidationError) as info:
        rcep_year("US", date(2026, 1, 1))
    assert info.value.field == "party"


def test_schedules() -> None:
    assert schedules_for("AU", "CN") == [ALL_PARTIES]
    assert schedules_for("JP", "CN") == ["CN"]
    assert schedules_for("JP", "VN") == [AANZ]
    assert schedules_for("CN", "VN") == ["ASEAN", "VN"]
    assert schedules_for("KR", "JP") == ["JP"]


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


@pytest.fixture
def repo(store: DataStore) -> TariffRepository:
    repo = TariffRepository(store.db)
    source = TariffSource("test-jp", "applied", "JP", "Test tariff", "2026-07-09", "test",
                          "2022")  # fmt: skip
    repo.replace_source(TariffPack(
        source,
        lines=[
            ScheduleLine("CN", "610910020", "T-shirts", {6: _pct("4.6")}),
            ScheduleLine(AANZ, "610910020", "T-shirts", {6: _pct("0")}),
            ScheduleLine("CN", "290611000", "Menthol", {6: Rate(text="2.5%又は何か")}),
        ],
        mfn=[MfnLine("610910020", "T-shirts", _pct("7.4")),
             MfnLine("290544000", "Sorbitol", _pct("17")),
             MfnLine("290611000", "Menthol", _pct("5.5"))],
    ))  # fmt: skip
    schedule = TariffSource("test-au", "schedule", "AU", "AU schedule", "2020-11-15", "DFAT",
                            "2012")  # fmt: skip
    path = {y: _pct(str(max(0, 5 - y))) for y in range(1, 21)}
    repo.replace_source(TariffPack(schedule, lines=[
        ScheduleLine(ALL_PARTIES, "85414000", "Photosensitive devices", path, _pct("5")),
        ScheduleLine(ALL_PARTIES, "09012100", "Coffee", {y: Rate(text="U", excluded=True)
                                                        for y in range(1, 21)}, _pct("15")),
    ]))  # fmt: skip
    return repo


def test_lookup_applies_the_lower_rate_and_flags_differentials(repo: TariffRepository) -> None:
    result = lookup(repo, "6109.10", "JP", "CN", date(2026, 7, 1))
    assert result.year.number == 6
    (line,) = result.lines
    assert (line.mfn, line.rcep, line.applied) == (_pct("7.4"), _pct("4.6"), _pct("4.6"))
    assert line.margin == Decimal("2.8")
    assert line.differential  # ASEAN/AU/NZ goods pay 0 %
    aanz = lookup(repo, "610910", "JP", "VN", date(2026, 7, 1)).lines[0]
    assert aanz.applied == _pct("0")


def test_no_concession_is_not_no_data(repo: TariffRepository) -> None:
    (line,) = lookup(repo, "2905.44", "JP", "CN", date(2026, 7, 1)).lines
    assert line.rcep is None
    assert line.applied == _pct("17")
    with pytest.raises(NotFoundError) as info:
        lookup(repo, "0101.21", "JP", "CN", date(2026, 7, 1))
    assert info.value.code == "no_tariff_data"
    with pytest.raises(NotFoundError) as info:
        lookup(repo, "8507.60", "KR", "CN", date(2026, 7, 1))
    assert info.value.code == "no_tariff_data"


def test_text_rates_are_not_compared(repo: TariffRepository) -> None:
    (line,) = lookup(repo, "2906.11", "JP", "CN", date(2026, 7, 1)).lines
    assert line.rcep == Rate(text="2.5%又は何か")
    assert line.applied is None


def test_hs2022_code_finds_hs2012_schedule_lines(repo: TariffRepository) -> None:
    # HS 2022 8541.43 (PV modules) was part of HS 2012 8541.40
    (line,) = lookup(repo, "8541.43", "AU", "CN", date(2026, 3, 1)).lines
    assert line.line == "85414000"
    assert line.rcep == _pct("0")  # 5 - year 5
    assert line.final_year == 20
    assert [y for y, _r in line.path][:3] == [1, 2, 3]
    early = lookup(repo, "854143", "AU", "CN", date(2023, 3, 1)).lines[0]
    assert early.rcep == _pct("3")


def test_excluded_lines_pay_mfn(repo: TariffRepository) -> None:
    (line,) = lookup(repo, "0901.21", "AU", "CN", date(2026, 3, 1)).lines
    assert line.excluded
    assert line.applied is None  # no Australian MFN on file: the app says so
