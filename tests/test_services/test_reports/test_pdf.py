"""The PDF itself: text extraction (pypdf), the embedded font, page counts, pages drawn
(pdftoppm), hostile text in every field, no font, cancel and atomic writes."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from scripts.report_demo_data import add_sessions
from services.companies.models import CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.core.errors import ValidationError
from services.core.progress import Cancelled, CancelToken
from services.core.store import DataStore
from services.readiness.action_plan import CUSTOM
from services.readiness.catalogue import ServiceCatalogue
from services.readiness.sessions import ActionRecord, SessionRepository
from services.refdata.reference import ReferenceData
from services.reports import fonts
from services.reports.fonts import FontNotFoundError, ReportFont
from services.reports.model import Column, Cover, ReportData, Section, Table
from services.reports.pdf import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT, render_pdf
from services.reports.readiness import ReportOptions, generate_readiness_report
from tests.test_services.test_reports.conftest import (
    Folder,
    embedded_font_files,
    ink_share,
    pdf_text,
    render_pngs,
)

DAY = date(2026, 11, 30)


def _generate(folder: Folder, company_id: str, out: Path, **options: object) -> int:
    result = generate_readiness_report(
        folder.store.db,
        folder.reference.hs,
        company_id,
        out,
        ReportOptions(today=DAY, **options),  # type: ignore[arg-type]
    )
    assert result.path == out
    return result.pages


def test_rich_report_in_chinese(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    out = tmp_path / "rich.pdf"
    pages = _generate(folder, folder.rich, out)
    reader = PdfReader(out)
    assert pages == len(reader.pages)
    assert 5 <= pages <= 20
    text = pdf_text(out)
    for expected in (
        "葛店示范外贸科技有限公司",  # company
        "王顾问",  # advisor
        "葛店自贸联动区外贸服务中心",  # service centre (catalogue)
        "2026年11月30日",  # report date
        "锂离子蓄电池组",  # a product
        "本次辅导",  # the chart's series
        "维度",  # the dimension table
        "日本",  # RCEP market
        "2026-01",  # regulations as of
        f"1 / {pages}",  # page numbers
        f"{pages} / {pages}",
    ):
        assert expected in text, expected
    assert any(level in text for level in ("起步", "成长", "就绪", "成熟"))
    assert embedded_font_files(out), "the Chinese font must be embedded (/FontFile2)"
    assert reader.metadata is not None
    assert reader.metadata.title


def test_english_on_request(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    out = tmp_path / "en.pdf"
    _generate(folder, folder.rich, out, language="en")
    text = pdf_text(out)
    assert "Export readiness report" in text
    assert "Gedian Demo Trading Tech Co., Ltd." in text
    assert "Japan" in text
    assert "Regulatory information as of 2026-01" in text
    signoff = text[text.rindex("Note and sign-off") :]
    for line in ("Advisor", "Name: 王顾问", "Signature:", "Company", "Representative:",
                 "Signature / company seal:", "Date:"):  # fmt: skip
        assert line in signoff, line
    assert signoff.count("Date:") == 2  # one for each side


def test_minimal_company(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    out = tmp_path / "minimal.pdf"
    pages = _generate(folder, folder.minimal, out)
    assert 1 <= pages <= 3
    text = pdf_text(out)
    assert "极简贸易有限公司" in text
    assert "2026-01" in text
    assert embedded_font_files(out)


def test_pages_are_drawn(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    out = tmp_path / "rich.pdf"
    pages = _generate(folder, folder.rich, out)
    pngs = render_pngs(out, tmp_path)
    assert len(pngs) == pages
    for png in pngs:
        assert ink_share(png) > 0.01, f"{png.name} is blank"


HOSTILE = "<b>粗体</b> & <i>x</i> &amp; 😀👍🏽 ]]> <br/> <para> \u200b\U0001f1e8\U0001f1f3"
CONTROL = "\x07\x1b[31m\x00"  # the dossier refuses control characters; session texts may hold them


def _hostile_company(store: DataStore, reference: ReferenceData) -> str:
    long_note = (HOSTILE + " 备注内容很长 ") * 200
    draft = CompanyDraft(
        name_zh=("<公司&名称> 😀" * 10)[:100],
        name_en=("W" * 150 + " <Co> & " + HOSTILE)[:200],
        industry="other",
        company_type="trader",
        stage="never",
        markets=("JP", "EU"),
        channels=("dtc",),
        contacts=(Contact("trade_lead", "<李> & 娜 😀", "13871234567", "a@example.com"),),
        products=(
            Product(("<产品> & 😀 " * 30)[:200], "850760", long_note[:5000]),
            Product("X" * 200, "610910", HOSTILE),
        ),
        notes=long_note[:5000],
    )
    company_id = CompanyRepository(store.db).save(draft, reference.hs).id
    (session_id,) = add_sessions(store.db, company_id, count=1, advisor=("<顾问>&😀" * 20)[:100])
    sessions = SessionRepository(store.db)
    sessions.update_meta(
        session_id,
        held_on=date(2026, 11, 1),
        advisor=("<顾问>&😀" * 20)[:100],
        attendees=HOSTILE + CONTROL,
        notes=(CONTROL + long_note)[:5000],
    )
    session = sessions.get(session_id)
    custom = ActionRecord(
        id="custom-hostile",
        item_id=None,
        kind=CUSTOM,
        title=(CONTROL + long_note)[:5000],
        owner_name=HOSTILE[:50],
        service_key="service_center",
        note=long_note[:5000],
    )
    actions = [replace(a, note=long_note[:5000]) for a in session.actions[:3]]
    sessions.save_actions(session_id, [*actions, custom, *session.actions[3:]])
    catalogue = ServiceCatalogue(store.db)
    catalogue.save(replace(catalogue.get("service_center"), name_zh=HOSTILE, name_en=HOSTILE))
    return company_id


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_hostile_text_in_every_field(
    store: DataStore, reference: ReferenceData, tmp_path: Path, font: ReportFont, language: str
) -> None:
    company_id = _hostile_company(store, reference)
    out = tmp_path / "hostile.pdf"
    result = generate_readiness_report(
        store.db, reference.hs, company_id, out, ReportOptions(language=language, today=DAY)
    )
    assert result.pages == len(PdfReader(out).pages) >= 3
    text = pdf_text(out)
    assert "<b>粗体</b>" in text  # shown literally, not interpreted as markup
    assert "<公司&名称>" in text
    assert "&amp;" in text
    assert "😀" not in text  # the font has no emoji: a visible placeholder instead
    assert font.placeholder in text
    for png in render_pngs(out, tmp_path):
        assert ink_share(png) > 0.005


def test_no_font_gives_a_clear_error_and_writes_nothing(
    folder: Folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_candidates", lambda configured: iter(()))
    out = tmp_path / "none.pdf"
    with pytest.raises(FontNotFoundError) as info:
        generate_readiness_report(folder.store.db, folder.reference.hs, folder.rich, out)
    assert "fonts-wqy-microhei" in info.value.message or "YaHei" in info.value.message
    assert info.value.code == "no_report_font"
    assert not out.exists()


def test_cancel_writes_nothing(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    out = tmp_path / "cancelled.pdf"
    out.write_bytes(b"the previous report")
    token = CancelToken()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done >= 30:
            token.cancel()

    with pytest.raises(Cancelled):
        generate_readiness_report(
            folder.store.db,
            folder.reference.hs,
            folder.rich,
            out,
            ReportOptions(today=DAY),
            progress=progress,
            cancel=token,
        )
    assert out.read_bytes() == b"the previous report"
    assert calls
    assert all(total == 100 for _done, total in calls)
    assert not list(tmp_path.glob(".cancelled.pdf.*"))  # no temporary file left behind


def test_progress_reaches_the_end(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    calls: list[int] = []
    generate_readiness_report(
        folder.store.db,
        folder.reference.hs,
        folder.rich,
        tmp_path / "p.pdf",
        ReportOptions(today=DAY),
        progress=lambda done, total: calls.append(done),
    )
    assert calls[0] == 0
    assert calls[-1] == 100
    assert calls == sorted(calls)


@pytest.mark.parametrize("name", ["report.txt", "folder"])
def test_the_target_must_be_a_pdf_file(
    folder: Folder, tmp_path: Path, font: ReportFont, name: str
) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(ValidationError) as info:
        generate_readiness_report(
            folder.store.db, folder.reference.hs, folder.rich, tmp_path / name
        )
    assert info.value.field == "out"


def _text_heights(page: Any) -> list[tuple[str, float]]:
    """(text, height above the page's foot in mm) of every text drawn on ``page``."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            found.append((text.strip(), (tm[5] * cm[3] + cm[5]) / mm))

    page.extract_text(visitor_text=visit)
    return found


def test_tall_rows_move_whole_instead_of_splitting_under_a_repeated_header(
    font: ReportFont,
) -> None:
    """reportlab alone would split a row at a page's foot into a sliver under a second header
    row, drawn over the footer."""
    rows = tuple((f"R{i:02d} " + "长文字 " * (40 + (37 * i) % 90), str(i)) for i in range(30))
    report = ReportData(
        language="zh_CN",
        title="T",
        cover=Cover("T", "", "C", "", (("Date", "today"),)),
        sections=(Section("t", "T", (Table((Column("HEADCOL", 5), Column("N", 1)), rows),)),),
        header="HDR",
        footer="FTR",
        page_label="{page} / {pages}",
    )
    reader = PdfReader(io.BytesIO(render_pdf(report, font).data))
    assert len(reader.pages) >= 4
    for page in reader.pages[1:]:
        texts = _text_heights(page)
        headers = [height for text, height in texts if text.startswith("HEADCOL")]
        assert len(headers) == 1, headers  # once, at the top of the page
        assert headers[0] > (PAGE_HEIGHT - MARGIN_TOP) / mm - 25  # under the section title
        body = [h for text, h in texts if text.startswith(("R", "长"))]
        assert min(body) > MARGIN_BOTTOM / mm - 1  # nothing over the footer
