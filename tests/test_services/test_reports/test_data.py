"""The report's content (ReportData) for rich and minimal companies, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from scripts.report_demo_data import add_minimal_company
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import current_locale, set_locale
from services.core.store import DataStore
from services.readiness.sessions import SessionRepository
from services.refdata.reference import ReferenceData
from services.refdata.updates import update_from_url
from services.reports.data import SAMPLE_MARK, build_readiness_report
from services.reports.gather import gather
from services.reports.model import Badge, Chart, Table
from services.reports.readiness import ReportOptions, build_report_data
from tests.pack_server import PackServer, all_kinds, publish_questionnaire, quick_client
from tests.test_services.test_reports.conftest import Folder

DAY = date(2026, 11, 30)


def test_a_rich_company_has_every_section_in_order(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(today=DAY)
    )
    keys = [s.key for s in report.sections]
    assert keys == [
        "profile", "result", "dimensions", "trend", "blockers", "gaps", "plan", "evidence",
        "policy", "rcep", "sources", "signoff",
    ]  # fmt: skip
    assert report.cover.company == "葛店示范外贸科技有限公司"
    facts = dict(report.cover.facts)
    assert facts["辅导顾问"] == "王顾问"
    assert "葛店自贸联动区外贸服务中心" in " ".join(facts.values())
    assert "2026-01" in report.footer  # the regulations date on every page
    badge = report.section("result").blocks[0]  # type: ignore[union-attr]
    assert isinstance(badge, Badge)
    assert badge.level in {"起步", "成长", "就绪", "成熟"}


def test_dimensions_compare_with_the_previous_session(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(today=DAY)
    )
    chart, table = report.section("dimensions").blocks  # type: ignore[union-attr]
    assert isinstance(chart, Chart)
    assert isinstance(table, Table)
    assert chart.kind == "radar"
    assert len(chart.series) == 2
    assert chart.series[0].label == "本次辅导"  # this session first; the previous one second
    assert len(table.rows) == len(chart.categories) == 9
    assert any(row[2].startswith("+") for row in table.rows)  # some dimension improved
    trend = report.section("trend")
    assert trend is not None
    line = trend.blocks[0]
    assert isinstance(line, Chart)
    assert line.kind == "line"
    assert len(line.categories) == 3


def test_an_earlier_session_can_be_chosen(folder: Folder) -> None:
    first = build_report_data(
        folder.store.db,
        folder.reference.hs,
        folder.rich,
        ReportOptions(today=DAY, session_id=folder.sessions[0]),
    )
    assert first.section("trend") is None  # nothing before the first session
    assert "2026年3月2日" in dict(first.cover.facts)["辅导记录"]


def test_a_session_of_another_company_is_refused(folder: Folder) -> None:
    with pytest.raises(ValidationError) as info:
        build_report_data(
            folder.store.db,
            folder.reference.hs,
            folder.minimal,
            ReportOptions(session_id=folder.sessions[0]),
        )
    assert info.value.field == "session"


def test_an_unknown_company_is_not_found(folder: Folder) -> None:
    with pytest.raises(NotFoundError):
        build_report_data(folder.store.db, folder.reference.hs, "nope", ReportOptions())


def test_a_company_with_only_a_profile_gets_no_empty_sections(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.minimal, ReportOptions(today=DAY)
    )
    assert [s.key for s in report.sections] == ["profile", "sources", "signoff"]
    for section in report.sections:
        assert section.blocks, section.key
    assert dict(report.cover.facts)["辅导顾问"] == ""  # a line to fill in by hand


def test_rcep_rows_compare_mfn_and_rcep_with_savings(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db,
        folder.reference.hs,
        folder.rich,
        ReportOptions(today=DAY, shipment_value=Decimal(200_000)),
    )
    section = report.section("rcep")
    assert section is not None
    table = section.blocks[0]
    assert isinstance(table, Table)
    japan = [row for row in table.rows if row[2] == "日本"]
    assert japan, table.rows
    assert any(row[6].startswith("¥") and row[6] != "¥0.00" for row in japan)
    assert "¥200,000.00" in table.footnote
    sources = report.section("sources")
    assert sources is not None
    source_table = sources.blocks[0]
    assert isinstance(source_table, Table)
    assert any("2026-07-09" in row[2] for row in source_table.rows)  # Japan's edition


def test_english_on_request_and_the_app_language_is_restored(folder: Folder) -> None:
    set_locale("zh_CN")
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(language="en", today=DAY)
    )
    assert current_locale() == "zh_CN"
    assert report.language == "en"
    assert report.title == "Export readiness report"
    assert report.cover.company == "Gedian Demo Trading Tech Co., Ltd."
    assert report.cover.company_other_name == "葛店示范外贸科技有限公司"
    texts = " ".join(report.texts())
    assert "Japan" in texts
    assert "Regulatory information as of 2026-01" in texts
    badge = report.section("result").blocks[0]  # type: ignore[union-attr]
    assert isinstance(badge, Badge)
    assert badge.level in {"Starter", "Developing", "Ready", "Mature"}


def test_the_language_is_restored_after_an_error(folder: Folder) -> None:
    set_locale("zh_CN")
    with pytest.raises(NotFoundError):
        build_report_data(
            folder.store.db, folder.reference.hs, "nope", ReportOptions(language="en")
        )
    assert current_locale() == "zh_CN"


def test_a_bad_shipment_value_is_refused(folder: Folder) -> None:
    with pytest.raises(ValidationError) as info:
        build_report_data(
            folder.store.db,
            folder.reference.hs,
            folder.rich,
            ReportOptions(shipment_value=Decimal(0)),
        )
    assert info.value.field == "shipment_value"


def test_the_sample_company_carries_the_sample_mark(
    store: DataStore, reference: ReferenceData
) -> None:
    load_sample(CompanyRepository(store.db), reference.hs)
    report = build_report_data(store.db, reference.hs, SAMPLE_ID, ReportOptions(today=DAY))
    assert report.cover.sample_mark == SAMPLE_MARK
    assert SAMPLE_MARK in report.header
    assert "示例" in SAMPLE_MARK
    assert "SAMPLE" in SAMPLE_MARK
    assert report.section("rcep") is None  # no tariff data loaded in this folder


def test_not_sample_companies_have_no_mark(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(today=DAY)
    )
    assert report.cover.sample_mark == ""
    assert SAMPLE_MARK not in report.header


def test_a_plan_of_dropped_actions_is_left_out(folder: Folder) -> None:
    sessions = SessionRepository(folder.store.db)
    inputs = gather(folder.store.db, folder.rich, folder.reference.hs, today=DAY)
    assert inputs.session is not None
    dropped = tuple(replace(a, status="dropped") for a in inputs.session.actions)
    report = build_readiness_report(
        replace(inputs, session=replace(inputs.session, actions=dropped))
    )
    assert report.section("plan") is None  # every action dropped: no empty plan table
    assert report.section("evidence") is None
    assert sessions.get(inputs.session.id).actions  # nothing was written


def test_origin_assessments_on_file_are_listed(store: DataStore, reference: ReferenceData) -> None:
    from services.rcep.bom import Bom, BomMaterial
    from services.rcep.origin_store import OriginRepository

    company = load_sample(CompanyRepository(store.db), reference.hs)
    battery = company.products[0]
    bom = Bom(
        company_id=company.id,
        product_id=battery.id,
        product_hs=battery.hs_code,
        currency="USD",
        fob_value=Decimal(100),
        materials=(
            BomMaterial(
                "cells", Decimal(30), "850760", "KR", True, "KR-2026-001", date(2026, 10, 1)
            ),
        ),
    )
    OriginRepository(store.db, reference.hs).save_assessment(
        bom, "JP", "CTH or RVC40", "test", date(2026, 11, 2)
    )
    report = build_report_data(store.db, reference.hs, company.id, ReportOptions(today=DAY))
    section = report.section("origin")
    assert section is not None
    table = section.blocks[0]
    assert isinstance(table, Table)
    (row,) = table.rows
    assert row[0] == battery.name
    assert row[1] == "8507.60"
    assert row[2] == "日本"
    assert row[5].startswith(("WO", "PE", "CTC", "RVC", "CR"))  # box 10
    assert row[6] == "中国"  # box 11: the RCEP country of origin


def test_the_latest_warehouse_plan_is_summarised(
    store: DataStore, reference: ReferenceData
) -> None:
    from scripts.report_demo_data import add_company, add_warehouse_plan

    company_id = add_company(store.db, reference.hs, products=1)
    report = build_report_data(store.db, reference.hs, company_id, ReportOptions(today=DAY))
    assert report.section("warehouse") is None  # no plan yet: no section
    add_warehouse_plan(store.db, company_id)
    report = build_report_data(store.db, reference.hs, company_id, ReportOptions(today=DAY))
    section = report.section("warehouse")
    assert section is not None
    tables = [b for b in section.blocks if isinstance(b, Table)]
    (table,) = tables
    assert len(table.rows) == 4  # two SKUs × two markets
    assert {row[1] for row in table.rows} == {"日本", "美国"}
    assert all(row[2] != "—" for row in table.rows)  # safety stock computed
    sources = report.section("sources")
    assert sources is not None
    assert any("日本" in row[1] for b in sources.blocks if isinstance(b, Table) for row in b.rows)


def test_top_gaps_are_grouped_by_dimension_weakest_first(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(today=DAY, language="en")
    )
    keys = [s.key for s in report.sections]
    assert keys.index("blockers") < keys.index("gaps") < keys.index("plan")  # §3.11 order
    (table,) = report.section("gaps").blocks  # type: ignore[union-attr]
    assert isinstance(table, Table)
    headings = [row[0] for row in table.rows if row[0]]
    scores = [int(h.rsplit("(", 1)[1].rstrip(")")) for h in headings]
    assert scores == sorted(scores)  # weakest dimension first
    assert len(headings) == len({h.split()[0] for h in headings})  # one group per dimension
    assert all(row[4].startswith("+") for row in table.rows)
    blockers = report.section("blockers").blocks[1]  # type: ignore[union-attr]
    assert isinstance(blockers, Table)
    open_ids = {row[0] for row in blockers.rows}
    assert {table.rows[i][1] for i in table.emphasis} <= open_ids  # highlighted: blockers
    assert table.emphasis


def test_policy_notes_give_date_and_source_and_mark_unverified_rows(folder: Folder) -> None:
    report = build_report_data(
        folder.store.db, folder.reference.hs, folder.rich, ReportOptions(today=DAY, language="en")
    )
    section = report.section("policy")
    assert section is not None
    references, notes = (b for b in section.blocks if isinstance(b, Table))
    by_key = {row[0].removeprefix("[Unverified] ").split(" ")[0]: row for row in references.rows}
    assert "SAFE notice of 2024-04-07 (名录 at banks)" in by_key["[C9]"][0]  # date and source
    assert "https://www.safe.gov.cn/" in by_key["[C9]"][0]
    assert by_key["[C9]"][2] == "2026-01"  # as of: the questionnaire's rules date
    assert "9810 filing abolished 2024-12-15" in by_key["[C11]"][0]
    assert "Origin filing abolished" in by_key["[C15]"][0]
    assert "关税聚焦rcep原产地规则解读" in by_key["[C17]"][0]  # links shown decoded
    for table, column in ((references, 0), (notes, 1)):
        marked = {i for i, row in enumerate(table.rows) if "[Unverified]" in row[column]}
        assert marked == set(table.emphasis)  # every unverified row marked and highlighted
    assert marked  # the notes table has unverified notes (FIN-07: Hubei subsidy list)
    fin07 = next(row for row in notes.rows if row[0] == "FIN-07")
    assert fin07[1].startswith("[Unverified] ")
    assert "Hubei list to be filled in by the centre" in fin07[1]


def test_without_a_session_the_installed_questionnaire_dates_the_report(
    store: DataStore, reference: ReferenceData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    company_id = add_minimal_company(store.db, reference.hs)
    shipped = build_report_data(store.db, reference.hs, company_id, ReportOptions(today=DAY))
    assert "2026-01" in shipped.footer
    site = tmp_path / "site"
    publish_questionnaire(
        site, "9.0.0", lambda text: text.replace("rules_as_of: 2026-01", "rules_as_of: 2026-10")
    )
    with PackServer(site) as server, quick_client() as client:
        update_from_url(store.db, all_kinds(), server.url, client=client)
    report = build_report_data(store.db, reference.hs, company_id, ReportOptions(today=DAY))
    assert "2026-10" in report.footer
    assert dict(report.cover.facts)["法规信息截至"] == "2026-10"
