"""The report's RCEP table: this year's and next year's rate and saving for a line whose RCEP
rate falls again next year: a schedule of Korea for goods from China, 8507.60 at MFN 8 %, RCEP
4 % in year 5 and 2 % in year 6 (an applied-tariff edition knows only its own year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from scripts.report_demo_data import add_company
from services.core.i18n import set_locale
from services.core.store import DataStore
from services.rcep.tariff_models import MfnLine, Rate, ScheduleLine, TariffPack, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.refdata.reference import ReferenceData
from services.reports.model import Table
from services.reports.readiness import ReportOptions, build_report_data


def _korea() -> TariffPack:
    source = TariffSource(
        id="test-kr-schedule",
        kind="schedule",
        importing_party="KR",
        title="Test tariff of Korea",
        edition_date="2026-01-01",
        attribution="test data",
        hs_version="2022",
    )
    rates = {5: Rate(Decimal(4)), 6: Rate(Decimal(2))}
    line = ScheduleLine("CN", "8507600000", "Lithium-ion accumulators", rates)
    mfn = MfnLine("8507600000", "Lithium-ion accumulators", Rate(Decimal(8)))
    return TariffPack(source=source, lines=[line], mfn=[mfn])


def test_next_year_rate_and_saving_are_shown(store: DataStore, reference: ReferenceData) -> None:
    set_locale("zh_CN")
    TariffRepository(store.db).replace_source(_korea())
    company = add_company(store.db, reference.hs, products=1, markets=("KR",))  # 8507.60
    report = build_report_data(
        store.db,
        reference.hs,
        company,
        ReportOptions(today=date(2026, 11, 30), shipment_value=Decimal(200_000)),
    )
    section = report.section("rcep")
    assert section is not None
    table = section.blocks[0]
    assert isinstance(table, Table)
    [korea] = [row for row in table.rows if row[2] == "韩国"]
    assert korea[1] == "8507.60"
    assert korea[3:6] == ("8.0%", "4.0%", "2.0%")  # MFN, RCEP 2026 (year 5), RCEP 2027 (year 6)
    assert korea[6:8] == ("¥8,000.00", "¥12,000.00")  # 200,000 × (8 − 4) %, × (8 − 2) %
