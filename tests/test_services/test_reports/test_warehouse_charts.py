"""The overseas-warehouse charts of the report (issue 6): the data of the plan's first line,
the blocks built from it, and the charts drawn in the PDF (text of titles and axes, pages
with ink, labels within the legend's width)."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from scripts.report_demo_data import add_company, add_warehouse_plan, warehouse_plan_document
from services.core.i18n import _, set_locale
from services.reports.fonts import ReportFont
from services.reports.language import report_language
from services.reports.model import STACKED, BandChart, Chart, Cover, ReportData
from services.reports.pdf import PdfRenderer
from services.reports.readiness import ReportOptions, build_report_data, generate_readiness_report
from services.reports.warehouse_charts import (
    REPORT_PATHS,
    chart_blocks,
    first_line_charts,
    value_ticks,
)
from services.warehouse.models import SimulationSpec
from services.warehouse.repository import PlanRepository
from services.warehouse.validation import validate_plan
from tests.test_services.test_reports.conftest import Folder, ink_share, pdf_text, render_pngs

DAY = date(2026, 11, 30)
BAND_FILL = (0xC9, 0xDC, 0xEF)  # services.reports.pdf.BAND_FILL
LAST_MILE = (0xED, 0xC9, 0x48)  # the fourth-bottom cost segment (STACK_COLOURS[6])


def colour_share(png: Path, rgb: tuple[int, int, int], tolerance: int = 6) -> float:
    """The share of pixels within ``tolerance`` of ``rgb`` in every channel."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=int)
    return float((np.abs(pixels - np.array(rgb)) <= tolerance).all(axis=2).mean())


@pytest.fixture(scope="module")
def planned(folder: Folder) -> str:
    """A company like the rich one, with a warehouse plan (two SKUs × Japan and the US)."""
    company_id = add_company(folder.store.db, folder.reference.hs, name_zh="海外仓示范有限公司")
    add_warehouse_plan(folder.store.db, company_id)
    return company_id


# ---- data ----------------------------------------------------------------------------------


def test_the_first_line_is_charted_with_the_plans_seed_and_at_most_300_paths() -> None:
    set_locale("en")
    plan = validate_plan(warehouse_plan_document())
    charts = first_line_charts(plan)
    assert charts is not None
    assert charts.line == "储能电源 1 · Japan"
    assert charts.currency == "CNY"
    assert charts.paths == plan.simulation.paths == 200  # fewer than 300: the plan's own
    band = charts.band
    assert band is not None
    assert len(band.dates) == 365
    assert band.dates[0] == date(2026, 8, 1)
    assert all(
        lo <= mid <= hi
        for lo, mid, hi in zip(band.p10.values, band.p50.values, band.p90.values, strict=True)
    )
    assert first_line_charts(plan) == charts  # seeded: the same band every time

    many = replace(plan, simulation=SimulationSpec(paths=5000, seed=plan.simulation.seed))
    capped = first_line_charts(many)
    assert capped is not None
    assert capped.paths == REPORT_PATHS
    assert capped.band is not None
    assert capped.band.p50 != band.p50


def test_the_bars_add_up_to_the_cost_per_unit_in_the_table(folder: Folder, planned: str) -> None:
    set_locale("en")
    repo = PlanRepository(folder.store.db)
    (summary,) = repo.list_for_company(planned)
    charts = first_line_charts(repo.get(summary.id).plan)
    assert charts is not None
    (compared,) = repo.compare([summary.id])
    first = compared.lines[0].figures
    bars = charts.bars
    assert set(bars.categories) == {"direct", "3pl", "fba", "own"}
    for index, mode in enumerate(bars.categories):
        stacked = sum(s.values[index] for s in bars.stacks)
        assert stacked == pytest.approx(bars.totals[index], rel=1e-9)
        assert bars.totals[index] == pytest.approx(first[f"per_unit_{mode}"])


def test_a_plan_without_simulation_gets_only_the_cost_chart() -> None:
    set_locale("en")
    plan = validate_plan(warehouse_plan_document())
    charts = first_line_charts(replace(plan, simulation=SimulationSpec(enabled=False)))
    assert charts is not None
    assert charts.band is None
    blocks = chart_blocks(charts)
    assert [type(b).__name__ for b in blocks] == ["Chart"]
    assert not any(isinstance(b, BandChart) for b in blocks)


def test_blocks_name_the_line_and_are_labelled_in_the_report_language() -> None:
    with report_language("zh_CN"):
        charts = first_line_charts(validate_plan(warehouse_plan_document()))
        assert charts is not None
        bars, band = chart_blocks(charts)
        cost_title, stock_title = _titles()
    assert charts.line == "储能电源 1 · 日本"
    assert isinstance(bars, Chart)
    assert bars.kind == STACKED
    assert bars.title == cost_title
    assert bars.categories[0] == "从中国直邮小包"
    assert bars.maximum == bars.value_ticks[-1][0] >= max(charts.bars.totals)
    assert isinstance(band, BandChart)
    assert band.title == stock_title
    assert band.band_label == "模拟路径的第 10 至第 90 百分位"
    assert [s.label for s in band.lines] == ["中位数", "补货触发线（定期盘点）"]
    assert band.x_ticks[0] == (0, "2026年8月")  # the year on the first tick and in January
    assert (153, "2027年1月") in band.x_ticks
    assert len(band.x_ticks) == 12
    assert band.value_ticks[-1][0] >= max(band.high)
    assert "200" in band.footnote


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False))
def test_value_ticks_are_round_even_steps_covering_the_top(top: float) -> None:
    set_locale("en")
    ticks = value_ticks(top)
    values = [v for v, _label in ticks]
    assert values[0] == 0
    assert values[-1] >= top * (1 - 1e-9)
    step = values[1] - values[0]
    assert all(math.isclose(b - a, step, rel_tol=1e-9) for a, b in itertools.pairwise(values))
    assert 2 <= len(values) - 1 <= 4
    assert values[-2] < top  # no empty interval above the top
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 2.5, 5))
    assert len({label for _value, label in ticks}) == len(ticks)  # enough digits to tell apart


def test_value_ticks_are_formatted_in_the_report_language() -> None:
    set_locale("en")
    assert value_ticks(1424.2)[-1] == (1500.0, "1,500")
    assert [label for _v, label in value_ticks(0.9)] == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert value_ticks(0)[-1][0] > 0  # an empty chart still has an axis


# ---- report and PDF ------------------------------------------------------------------------


def test_the_warehouse_section_carries_the_charts_only_with_a_plan(
    folder: Folder, planned: str
) -> None:
    db, hs = folder.store.db, folder.reference.hs
    with_plan = build_report_data(db, hs, planned, ReportOptions(today=DAY, language="en"))
    section = with_plan.section("warehouse")
    assert section is not None
    kinds = [b.kind for b in section.blocks if isinstance(b, Chart)]
    assert kinds == [STACKED]
    assert sum(isinstance(b, BandChart) for b in section.blocks) == 1
    texts = with_plan.texts()
    assert "Cost per unit of 储能电源 1 · Japan (CNY)" in texts
    assert "Stock on hand of 储能电源 1 · Japan over the year (units)" in texts
    without = build_report_data(db, hs, folder.rich, ReportOptions(today=DAY, language="en"))
    assert without.section("warehouse") is None
    assert not any("储能电源" in text for text in without.texts())


def _titles(line: str = "储能电源 1 · 日本") -> tuple[str, str]:
    """The chart titles of the first line in the Chinese report."""
    with report_language("zh_CN"):
        return (
            _("Cost per unit of {line} ({currency})").format(line=line, currency="CNY"),
            _("Stock on hand of {line} over the year (units)").format(line=line),
        )


def test_the_pdf_draws_both_charts_for_a_company_with_a_plan(
    folder: Folder, planned: str, font: ReportFont, tmp_path: Path
) -> None:
    out = tmp_path / "planned.pdf"
    generate_readiness_report(
        folder.store.db,
        folder.reference.hs,
        planned,
        out,
        ReportOptions(today=DAY, language="zh_CN"),
    )
    cost_title, stock_title = _titles()
    pages = [page.extract_text() or "" for page in PdfReader(out).pages]
    (chart_page,) = [i for i, text in enumerate(pages) if stock_title in text]
    text = pages[chart_page]
    assert cost_title in text
    for drawn in (
        "从中国直邮小包",
        "货物成本",
        "中位数",
        "补货触发线（定期盘点）",
        "2026年8月",
        "2027年1月",
        "1,500",
    ):
        assert drawn in text, drawn  # axis and legend labels are drawn as text
    images = render_pngs(out, tmp_path, dpi=60)
    assert len(images) == len(pages)
    assert all(ink_share(png) > 0.01 for png in images)  # no blank page
    # The band's fill and the yellow "last mile" segments are drawn on that page only.
    band = [colour_share(png, BAND_FILL) for png in images]
    assert band[chart_page] > 0.01
    assert sum(share > 0.001 for share in band) == 1  # (a few edge pixels of other charts)
    assert colour_share(images[chart_page], LAST_MILE) > 0.001


def test_the_pdf_has_no_charts_for_a_company_without_a_plan(
    folder: Folder, font: ReportFont, tmp_path: Path
) -> None:
    out = tmp_path / "rich.pdf"
    generate_readiness_report(
        folder.store.db,
        folder.reference.hs,
        folder.rich,
        out,
        ReportOptions(today=DAY, language="zh_CN"),
    )
    text = pdf_text(out)
    assert "储能电源" not in text
    for title in _titles():
        assert title not in text
    assert all(colour_share(png, BAND_FILL) < 0.001 for png in render_pngs(out, tmp_path, dpi=60))


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("abc XYZ 平台仓（FBA）第三方海外仓 ·"), min_size=1, max_size=60
    ),
    st.floats(min_value=40, max_value=200),
)
def test_wrapped_labels_take_two_lines_within_the_width(
    font: ReportFont, label: str, width: float
) -> None:
    report = ReportData("en", "t", Cover("t", "", "", "", ()), (), "", "", "{page}")
    renderer = PdfRenderer(report, font)
    wrapped = renderer._wrapped(label, width, 8)
    lines = wrapped.split("\n")
    assert 1 <= len(lines) <= 2
    assert all(stringWidth(line, font.name, 8) <= width for line in lines)
    if len(lines) == 1:
        assert wrapped == renderer.plain(label).strip()  # fits: unchanged
