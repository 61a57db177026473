"""``report readiness`` and ``report batch`` through the real entry point (main.main)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts.report_demo_data import add_company, add_minimal_company, add_sessions
from services.core.paths import AppPaths
from services.core.store import open_store
from services.refdata.reference import ReferenceData
from services.reports.fonts import ReportFont
from tests.cli_support import Cli
from tests.test_services.test_reports.conftest import pdf_text


@pytest.fixture
def companies(cli: Cli, reference: ReferenceData) -> tuple[str, str]:
    store = open_store(AppPaths(cli.data_dir))
    try:
        rich = add_company(store.db, reference.hs, products=3)
        add_sessions(store.db, rich, count=2)
        minimal = add_minimal_company(store.db, reference.hs)
    finally:
        store.close()
    return rich, minimal


def test_report_readiness(
    cli: Cli, companies: tuple[str, str], tmp_path: Path, font: ReportFont
) -> None:
    rich, _minimal = companies
    out = tmp_path / "报告.pdf"
    result = cli("report", "readiness", "--company", rich, "--out", str(out))
    assert result == {"path": str(out.resolve()), "pages": len(PdfReader(out).pages)}
    text = pdf_text(out)
    assert "葛店示范外贸科技有限公司" in text
    assert "日本" in text  # the embedded tariffs were loaded for the RCEP section


def test_report_in_english_for_a_chosen_session(
    cli: Cli, companies: tuple[str, str], tmp_path: Path, font: ReportFont
) -> None:
    rich, _minimal = companies
    sessions = cli("readiness", "session", "list", "--company", rich)["sessions"]
    out = tmp_path / "en.pdf"
    cli(
        "report", "readiness", "--company", rich, "--out", str(out), "--lang", "en",
        "--session", sessions[0]["id"],
    )  # fmt: skip
    text = pdf_text(out)
    assert "Export readiness report" in text
    assert "Progress across sessions" not in text  # the first session has no history


def test_bad_input(cli: Cli, companies: tuple[str, str], tmp_path: Path) -> None:
    rich, minimal = companies
    error = cli("report", "readiness", "--company", "nope", "--out", str(tmp_path / "a.pdf"),
                status=2)["error"]  # fmt: skip
    assert error["code"] == "not_found"
    error = cli("report", "readiness", "--company", rich, "--out", str(tmp_path / "a.txt"),
                status=2)["error"]  # fmt: skip
    assert error["field"] == "out"
    error = cli("report", "readiness", "--company", rich, "--out", str(tmp_path / "a.pdf"),
                "--lang", "fr", status=2)["error"]  # fmt: skip
    assert error["field"] == "lang"
    error = cli("report", "readiness", "--company", rich, "--out", str(tmp_path / "a.pdf"),
                "--shipment-value", "lots", status=2)["error"]  # fmt: skip
    assert error["field"] == "shipment_value"
    error = cli("report", "batch", "--out", str(tmp_path), "--companies", minimal,
                "--from", "2026-01-01", status=2)["error"]  # fmt: skip
    assert error["field"] == "companies"
    assert not list(tmp_path.glob("*.pdf"))


def test_report_batch(
    cli: Cli, companies: tuple[str, str], tmp_path: Path, font: ReportFont
) -> None:
    rich, minimal = companies
    out = tmp_path / "batch"
    result = cli("report", "batch", "--out", str(out), "--companies", f"{rich},{minimal},nope")
    assert [w["company_id"] for w in result["written"]] == [rich, minimal]
    assert [f["company_id"] for f in result["failures"]] == ["nope"]
    assert len(list(out.glob("*.pdf"))) == 2
    by_date = cli("report", "batch", "--out", str(tmp_path / "range"), "--from", "2026-01-01",
                  "--to", "2026-12-31")  # fmt: skip
    assert [w["company_id"] for w in by_date["written"]] == [rich]
