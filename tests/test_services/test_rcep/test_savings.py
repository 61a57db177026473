"""The savings calculator: hand-computed cases on the embedded data and property tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.rcep.defaults import load_default_tariffs
from services.rcep.parties import rcep_year
from services.rcep.savings import attach_note, duty, savings, savings_note, year_dates
from services.rcep.tariff_models import Rate
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult, lookup
from services.refdata.reference import ReferenceData

DAY = date(2026, 7, 1)


@pytest.fixture(scope="module")
def tariffs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TariffRepository]:
    opened = open_store(AppPaths(Path(tmp_path_factory.mktemp("tariffs")) / "data"))
    load_default_tariffs(opened.db)
    yield TariffRepository(opened.db)
    opened.close()


def _line(repo: TariffRepository, hs: str, importing: str) -> tuple[LineResult, date]:
    result = lookup(repo, hs, importing, "CN", DAY)
    return result.lines[0], DAY


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


def _made(mfn: Rate | None, rcep: Rate | None, path: tuple[tuple[int, Rate], ...] = (),
          final_year: int | None = None) -> LineResult:  # fmt: skip
    applied = rcep if rcep is not None and not rcep.excluded else mfn
    if mfn and rcep and mfn.percent is not None and rcep.percent is not None:
        applied = rcep if rcep.percent <= mfn.percent else mfn
    margin = (
        mfn.percent - applied.percent
        if mfn and applied and mfn.percent is not None and applied.percent is not None
        else None
    )
    return LineResult("12345678", "test", mfn, rcep, 5 if rcep else None, applied, margin,
                      path[-1][1] if final_year else None, final_year, path, "ALL", False,
                      None, None)  # fmt: skip


def test_t_shirts_into_japan(tariffs: TariffRepository) -> None:
    line, day = _line(tariffs, "6109.10-020", "JP")
    assert line.line == "610910020"
    result = savings(line, Decimal(100_000), "CNY", None, rcep_year("JP", day))
    assert result.this_year_only
    assert result.note
    (year,) = result.years
    assert (year.year, year.start, year.end) == (6, date(2026, 4, 1), date(2027, 3, 31))
    assert year.mfn_duty == Decimal(7400)
    assert year.applied_duty == Decimal(4600)
    assert year.saving == Decimal(2800)
    assert result.rate_to_cny == 1
    assert result.in_cny(year.saving) == Decimal(2800)


def test_a_usd_shipment_with_an_exchange_rate(tariffs: TariffRepository) -> None:
    line, day = _line(tariffs, "610910020", "JP")
    result = savings(line, Decimal(10_000), "usd", Decimal("7.1"), rcep_year("JP", day),
                     rate_date=date(2026, 6, 30))  # fmt: skip
    (year,) = result.years
    assert result.currency == "USD"
    assert year.saving == Decimal(280)
    assert result.in_cny(year.saving) == Decimal("1988.0")
    assert result.value_cny == Decimal(71_000)
    assert result.rate_date == date(2026, 6, 30)


def test_australia_schedule_path_runs_to_the_final_year(tariffs: TariffRepository) -> None:
    line, day = _line(tariffs, "8507.60", "AU")
    result = savings(line, Decimal(50_000), "CNY", None, rcep_year("AU", day))
    assert [y.year for y in result.years] == list(range(5, 21))
    assert result.years[0].start == date(2026, 1, 1)
    assert result.years[-1].end == date(2041, 12, 31)
    assert not result.this_year_only
    # Annex I schedules carry no MFN: the RCEP duty is known, the saving is not.
    assert all(y.applied_duty == 0 and y.saving is None and y.note for y in result.years)
    assert result.total_saving is None


def test_a_staged_path_with_mfn_saves_more_each_year() -> None:
    path = tuple((y, _pct(str(12 - y))) for y in range(1, 13))  # 11 % in year 1 … 0 in year 12
    line = _made(_pct("10"), _pct("7"), path, final_year=12)
    result = savings(line, Decimal(1000), "CNY", None, rcep_year("AU", DAY))
    assert [y.year for y in result.years] == list(range(5, 13))
    assert [y.saving for y in result.years] == [Decimal(30) + 10 * i for i in range(8)]
    assert result.total_saving == sum(Decimal(30) + 10 * i for i in range(8))


def test_text_rate_cannot_be_computed() -> None:
    line = _made(_pct("5.5"), Rate(text="2.5%又は20円/kg"))
    result = savings(line, Decimal(1000), "CNY", None, rcep_year("JP", DAY))
    (year,) = result.years
    assert year.saving is None
    assert year.mfn_duty == Decimal(55)
    assert "2.5%又は20円/kg" in year.note


def test_excluded_line_saves_nothing_with_a_reason() -> None:
    line = _made(_pct("8"), Rate(text="U", excluded=True))
    (year,) = savings(line, Decimal(1000), "CNY", None, rcep_year("JP", DAY)).years
    assert year.saving == 0
    assert year.mfn_duty == year.applied_duty == Decimal(80)
    assert year.note


def test_no_concession() -> None:
    line = _made(_pct("17"), None)
    result = savings(line, Decimal(100), "CNY", None, rcep_year("JP", DAY))
    assert result.years[0].saving == 0
    assert result.note


@pytest.mark.parametrize(
    ("value", "currency", "rate", "fields"),
    [
        (Decimal(0), "CNY", None, ["value"]),
        (Decimal(-5), "USD", Decimal(7), ["value"]),
        (Decimal(10) ** 12 + 1, "CNY", None, ["value"]),
        (None, "CNY", None, ["value"]),
        (Decimal(5), "XYZ", None, ["currency"]),
        (Decimal(5), "USD", Decimal(0), ["rate"]),
        (Decimal(0), "ABC", Decimal(-1), ["value", "currency", "rate"]),
    ],
)  # fmt: skip
def test_validation_names_the_fields(
    value: Decimal | None, currency: str, rate: Decimal | None, fields: list[str]
) -> None:
    line = _made(_pct("5"), _pct("0"))
    with pytest.raises(ValidationError) as info:
        savings(line, value, currency, rate, rcep_year("JP", DAY))
    assert [e.field for e in info.value.errors] == fields


def test_validation_messages_are_translated() -> None:
    line = _made(_pct("5"), _pct("0"))
    set_locale("en")
    with pytest.raises(ValidationError) as info:
        savings(line, Decimal(0), "CNY", None, rcep_year("JP", DAY))
    assert "greater than zero" in info.value.message


def test_year_dates() -> None:
    assert (year_dates("JP", 1).start, year_dates("JP", 1).end) == (date(2022, 1, 1),
                                                                    date(2022, 3, 31))  # fmt: skip
    assert year_dates("JP", 7).start == date(2027, 4, 1)
    assert year_dates("AU", 20).end == date(2041, 12, 31)


_percent = st.decimals(min_value=0, max_value=100, places=2)
_value = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 9, places=2)


@given(mfn=_percent, rcep=_percent, value=_value, factor=st.integers(min_value=1, max_value=1000))
def test_properties(mfn: Decimal, rcep: Decimal, value: Decimal, factor: int) -> None:
    line = _made(_pct(str(mfn)), _pct(str(rcep)))
    year = rcep_year("KR", DAY)
    (one,) = savings(line, value, "CNY", None, year).years
    assert one.mfn_duty is not None
    assert one.applied_duty is not None
    assert one.saving is not None
    assert one.mfn_duty >= 0
    assert one.applied_duty >= 0
    assert one.applied_duty <= one.mfn_duty
    assert one.saving == one.mfn_duty - one.applied_duty
    assert one.saving >= 0
    (scaled,) = savings(line, value * factor, "CNY", None, year).years
    assert scaled.saving == one.saving * factor


@given(value=_value, percent=_percent)
def test_duty_is_non_negative_and_linear(value: Decimal, percent: Decimal) -> None:
    rate = _pct(str(percent))
    d = duty(value, rate)
    assert d is not None
    assert d >= 0
    assert duty(value * 3, rate) == d * 3


def test_attach_note_appends_a_dated_line(store: DataStore, reference: ReferenceData,
                                          tariffs: TariffRepository) -> None:  # fmt: skip
    set_locale("en")
    companies = CompanyRepository(store.db)
    load_sample(companies, reference.hs)
    line, day = _line(tariffs, "610910020", "JP")
    result = savings(line, Decimal(100_000), "CNY", None, rcep_year("JP", day))
    note = savings_note(result, "JP", day)
    assert note == "RCEP JP 2026-07-01: MFN 7.4% → RCEP 4.6%, saving CN¥2,800.00 on CN¥100,000.00"
    attach_note(companies, reference.hs, SAMPLE_ID, "sample-product-battery", note)
    attach_note(companies, reference.hs, SAMPLE_ID, "sample-product-battery", "second")
    product = companies.get(SAMPLE_ID).products[0]
    assert product.notes == note + "\nsecond"
    with pytest.raises(NotFoundError):
        attach_note(companies, reference.hs, SAMPLE_ID, "nope", note)


def test_note_for_a_foreign_currency_shows_cny(tariffs: TariffRepository) -> None:
    set_locale("en")
    line, day = _line(tariffs, "610910020", "JP")
    result = savings(line, Decimal(10_000), "USD", Decimal("7.1"), rcep_year("JP", day))
    note = savings_note(result, "JP", day)
    assert "$280.00 (CN¥1,988.00 at 7.1)" in note
