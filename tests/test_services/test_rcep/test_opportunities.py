"""Where RCEP helps a company: products × RCEP markets with a status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.rcep.defaults import load_default_tariffs
from services.rcep.opportunities import (
    MFN_UNKNOWN,
    NO_CHANGE,
    NO_DATA,
    NOT_RCEP,
    SAVES_NOW,
    WILL_SAVE,
    company_opportunities,
    line_status,
    market_parties,
    status_label,
)
from services.rcep.tariff_models import Rate
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult
from services.refdata.reference import ReferenceData

DAY = date(2026, 7, 1)


@pytest.fixture(scope="module")
def tariffs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TariffRepository]:
    opened = open_store(AppPaths(Path(tmp_path_factory.mktemp("tariffs")) / "data"))
    load_default_tariffs(opened.db)
    yield TariffRepository(opened.db)
    opened.close()


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


def test_market_groups_map_to_parties(tariffs: TariffRepository) -> None:
    assert market_parties("AUNZ", tariffs) == ["AU", "NZ"]
    assert market_parties("JP", tariffs) == ["JP"]
    assert market_parties("EU", tariffs) == []
    assert market_parties("US", tariffs) == []
    # No ASEAN member has data in the embedded packs: all ten are listed (as "no data").
    assert len(market_parties("ASEAN", tariffs)) == 10


def test_sample_company(store: DataStore, reference: ReferenceData,
                        tariffs: TariffRepository) -> None:  # fmt: skip
    company = load_sample(CompanyRepository(store.db), reference.hs)
    rows = company_opportunities(company, tariffs, DAY)
    by_key = {(r.party, r.hs_code): r for r in rows if r.party}
    jp = by_key[("JP", "850760")]
    assert jp.status == NO_CHANGE
    assert jp.mfn == _pct("0")
    assert jp.source is not None
    au = by_key[("AU", "850760")]
    assert au.status == MFN_UNKNOWN
    assert au.final_year == 20
    assert au.final == _pct("0")
    assert by_key[("KR", "850760")].status == NO_DATA
    assert by_key[("KR", "850760")].message
    assert by_key[("NZ", "854143")].status == NO_DATA
    assert by_key[("VN", "850440")].status == NO_DATA
    assert [r.market for r in rows if r.status == NOT_RCEP] == ["EU"]
    assert len(rows) == (1 + 1 + 10 + 2) * 3 + 1


def test_t_shirts_save_now(store: DataStore, reference: ReferenceData,
                           tariffs: TariffRepository) -> None:  # fmt: skip
    company = load_sample(CompanyRepository(store.db), reference.hs)
    shirt = replace(company.products[0], hs_code="610910", id="p1")
    company = replace(company, products=(shirt,), markets=("JP", "US"))
    rows = company_opportunities(company, tariffs, DAY)
    assert [r.status for r in rows] == [SAVES_NOW, NOT_RCEP]
    # of the two lines 6109.10-010 (10.9 → 6.8) and -020 (7.4 → 4.6), the larger margin wins
    assert rows[0].line == "610910010"
    assert rows[0].margin == Decimal("4.1")


def _line(mfn: Rate | None, rcep: Rate | None, path: tuple[tuple[int, Rate], ...] = (),
          margin: Decimal | None = None) -> LineResult:  # fmt: skip
    return LineResult("1", "", mfn, rcep, 5 if rcep else None, rcep or mfn, margin, None, None,
                      path, None, False, None, None)  # fmt: skip


def test_line_status() -> None:
    assert line_status(_line(_pct("5"), _pct("3"), margin=Decimal(2))) == SAVES_NOW
    path = ((5, _pct("5")), (6, _pct("4")))
    assert line_status(_line(_pct("5"), _pct("5"), path, Decimal(0))) == WILL_SAVE
    assert line_status(_line(_pct("5"), None)) == NO_CHANGE
    assert line_status(_line(_pct("0"), _pct("0"), margin=Decimal(0))) == NO_CHANGE
    assert line_status(_line(_pct("5"), Rate(text="U", excluded=True))) == NO_CHANGE
    assert line_status(_line(None, _pct("9"), ((5, _pct("9")), (6, _pct("8"))))) == WILL_SAVE
    assert line_status(_line(None, _pct("0"), ((5, _pct("0")),))) == MFN_UNKNOWN


def test_status_labels_translate() -> None:
    set_locale("en")
    assert status_label(NOT_RCEP) == "Not an RCEP market"
