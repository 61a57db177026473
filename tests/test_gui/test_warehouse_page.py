"""The overseas-warehouse planner page driven like a user would: a scenario typed in for a
company, computed in the background, its figures and recommendation; bad input marked per
field with nothing saved; duplicate, rename, compare and delete; a running simulation
cancelled; the page relabelled on a language switch; read-only mode."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

import gui.dialogs
from gui.context import GuiContext
from gui.pages.warehouse.page import Tab, WarehousePage
from gui.tasks import TaskRunner
from services.companies.repository import CompanyRepository
from services.core import i18n
from services.core.i18n import set_locale
from services.core.settings import ExchangeRate
from services.warehouse import charts
from services.warehouse.repository import PlanRepository
from tests.test_gui.shell_support import add_company, write_test_catalog

pytestmark = pytest.mark.gui

TASK_TIMEOUT = 30_000
# z(0.95) · √(L·σd² + d̄²·σL²) with d̄ = 20, σd = 6, L = 45, σL = 7 (domain §2.4: 240)
EXPECTED_SS = 1.6448536269514722 * math.sqrt(45 * 6**2 + 20**2 * 7**2)


def plan_doc(
    name: str = "Sea JP 95", *, service_level: float = 0.95, paths: int = 200
) -> dict[str, Any]:
    return {
        "name": name,
        "currency": "CNY",
        "start_date": "2026-08-01",
        "simulation": {"paths": paths, "seed": 7},
        "skus": [
            {
                "name": "Power bank",
                "unit_cost": "50",
                "price": "200",
                "unit_weight_kg": 1.5,
                "carton": {"units": 20, "length_cm": 60, "width_cm": 40, "height_cm": 40},
                "markets": [
                    {
                        "market": "JP",
                        "demand": {"daily_mean": 20, "daily_std": 6},
                        "lead_time": {"legs": [{"name": "total", "mean_days": 45, "std_days": 7}]},
                        "service_level": service_level,
                    }
                ],
            }
        ],
    }


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_locale("en")
    yield
    set_locale("en")


@pytest.fixture
def company_id(gui_ctx: GuiContext) -> str:
    return add_company(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext, company_id: str) -> WarehousePage:
    widget = WarehousePage(gui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.setMinimumSize(1000, 700)  # see test_companies_editor: no propagateSizeHints warning
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _repo(ctx: GuiContext) -> PlanRepository:
    return PlanRepository(ctx.store.db)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_valid(qtbot: QtBot, page: WarehousePage) -> None:
    """The cli.md example typed into the editor: 20 ± 6 a day, one 45 ± 7 day leg."""
    editor = page.editor
    type_into(qtbot, editor.name_edit, "Sea JP 95")
    sku = editor.sku_form
    for edit, text in ((sku.unit_cost_edit, "50"), (sku.price_edit, "200"),
                       (sku.weight_edit, "1.5")):  # fmt: skip
        type_into(qtbot, edit, text)
    for key, text in (("units", "20"), ("length_cm", "60"), ("width_cm", "40"),
                      ("height_cm", "40")):  # fmt: skip
        type_into(qtbot, sku.carton_edits[key], text)
    market = editor.market_form
    type_into(qtbot, market.daily_mean_edit, "20")
    type_into(qtbot, market.daily_std_edit, "6")
    lead = editor.lead_time
    while lead.table.rowCount() > 1:
        lead.table.setCurrentCell(0, 1)
        click(qtbot, lead.remove_button)
    combo = lead.leg_combo(0)
    combo.setCurrentIndex(combo.findData("total"))
    combo.activated.emit(combo.currentIndex())
    cell(lead.table, 0, 1).setText("45")
    cell(lead.table, 0, 2).setText("7")
    type_into(qtbot, editor.settings_form.paths_edit, "200")


def compute(qtbot: QtBot, page: WarehousePage) -> None:
    click(qtbot, page.compute_button)
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=TASK_TIMEOUT)


def _number(text: str) -> float:
    return float(text.split()[0].replace(",", "").replace("CN¥", ""))


def _painted_share(image: QImage) -> float:
    """Share of sampled pixels that are not white (the chart drew something)."""
    points = [(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    coloured = sum(1 for x, y in points if image.pixelColor(x, y).name() != "#ffffff")
    return coloured / len(points)


# ---- create, compute, save -------------------------------------------------------------------


def test_type_a_scenario_compute_it_and_save_it(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext, company_id: str, qtmodeltester: Any
) -> None:
    company = page.company()
    assert company is not None
    assert company.id == company_id
    assert not page.has_scenario()
    click(qtbot, page.scenarios.new_button)
    sku = page.editor.doc()["skus"][0]  # type: ignore[index]
    assert (sku["name"], sku["hs"]) == ("锂离子电池组", "850760")  # from the company's product
    assert sku["markets"][0]["market"] == "JP"  # the company's first market
    fill_valid(qtbot, page)
    compute(qtbot, page)

    results = page.results
    assert page.tabs.currentIndex() == Tab.RESULTS
    assert results.result() is not None
    assert _number(results.figure("safety_stock")) == round(EXPECTED_SS)  # 240 units
    assert _number(results.figure("reorder_point")) == round(20 * 45 + EXPECTED_SS)
    assert _number(results.figure("order_up_to")) == round(20 * 45 + EXPECTED_SS)  # R = 0
    assert "cbm" in results.figure("storage")
    assert "CN¥" in results.figure("cash")
    assert "Fill rate" in results.figure("simulated")
    assert results.recommendation_label.text().startswith("Recommended: ")
    assert results.reasons_label.text().count("•") >= 3
    assert "from the tariff data" in results.duty_label.text()  # HS 8507.60 into Japan
    assert "VAT/GST" in results.tax_label.text()
    assert results.shipments_model.rowCount() >= 4
    qtmodeltester.check(results.shipments_model)
    qtmodeltester.check(results.costs_model)
    assert results.costs_model.rowCount() == 4
    assert len(results.cost_chart.categories()) == 4  # Japan has FBA rates
    assert results.volume_chart.marks()  # break-even points marked
    assert results.stock_chart.band() is not None
    assert len(results.stock_chart.band().high) == 365  # type: ignore[union-attr]

    image = results.stock_chart.render_to_image(QSize(800, 400))
    assert image.size() == QSize(800, 400)
    assert _painted_share(image) > 0.05
    click(qtbot, results.cost_chart_box.copy_button)
    assert not QGuiApplication.clipboard().image().isNull()

    assert _repo(gui_ctx).list_for_company(company_id) == []
    click(qtbot, page.save_button)
    saved = _repo(gui_ctx).list_for_company(company_id)
    assert [s.name for s in saved] == ["Sea JP 95"]
    assert page.plan_id() == saved[0].id
    assert not page.is_dirty()
    assert page.scenarios.count() == 1
    stored = _repo(gui_ctx).get(saved[0].id).plan
    assert stored.skus[0].hs == "850760"
    assert stored.skus[0].markets[0].lead_time.legs[0].mean_days == 45
    qtbot.waitUntil(
        lambda: page.scenarios.model.figures(saved[0].id) is not None, timeout=TASK_TIMEOUT
    )
    assert "Japan" in (page.scenarios.model.figures(saved[0].id) or "")


def test_editing_after_a_computation_marks_the_results_stale(
    qtbot: QtBot, page: WarehousePage
) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    compute(qtbot, page)
    assert not page.results.is_stale()
    page.tabs.setCurrentIndex(Tab.EDITOR)
    type_into(qtbot, page.editor.market_form.daily_mean_edit, "25")
    assert page.results.is_stale()


# ---- bad input --------------------------------------------------------------------------------


def test_bad_input_is_marked_per_field_and_nothing_is_saved(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext, company_id: str
) -> None:
    click(qtbot, page.scenarios.new_button)
    click(qtbot, page.save_button)  # nothing typed yet
    assert _repo(gui_ctx).list_for_company(company_id) == []
    assert "nothing was saved" in (page.problem() or "")
    assert page.editor.field_error("skus[0].unit_cost") == "Enter a number."

    fill_valid(qtbot, page)
    assert page.editor.errors() == []  # re-checked while typing once problems were shown
    click(qtbot, page.save_button)
    plan_id = page.plan_id()
    assert plan_id is not None

    market = page.editor.market_form
    type_into(qtbot, market.service_level_edit, "1.2")
    type_into(qtbot, market.daily_mean_edit, "-5")
    cell(page.editor.lead_time.table, 0, 2).setText("50")  # spread 50 > mean 45
    click(qtbot, page.save_button)

    assert "nothing was saved" in (page.problem() or "")
    stored = _repo(gui_ctx).get(plan_id).plan.skus[0].markets[0]
    assert (stored.service_level, stored.demand.daily_mean) == (0.95, 20)
    assert stored.lead_time.legs[0].std_days == 7
    assert "between 0 and 1" in (page.editor.field_error("skus[0].markets[0].service_level") or "")
    assert "greater than zero" in (
        page.editor.field_error("skus[0].markets[0].demand.daily_mean") or ""
    )
    assert "larger than the mean" in (
        page.editor.field_error("skus[0].markets[0].lead_time.legs[0].std_days") or ""
    )
    assert page.editor.problems_list.count() == 3
    assert market.service_level_edit.styleSheet() != ""  # the field is framed in red

    click(qtbot, page.compute_button)
    assert not page.is_computing()
    assert page.results.result() is None
    assert "nothing was computed" in (page.problem() or "")

    type_into(qtbot, market.service_level_edit, "95%")
    assert page.editor.field_error("skus[0].markets[0].service_level") is None
    assert page.editor.problems_list.count() == 2

    page.editor.go_to("skus[0].markets[0].lead_time.legs[0].std_days")
    assert page.editor.tabs.currentIndex() == 2  # the lead-time tab


def test_carton_needed_for_space_and_unknown_lane(qtbot: QtBot, page: WarehousePage) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    for key in ("units", "length_cm", "width_cm", "height_cm"):
        page.editor.sku_form.carton_edits[key].clear()
        page.editor.sku_form.carton_edits[key].textEdited.emit("")
    assert page.editor.validate() is None
    assert "carton" in (page.editor.field_error("skus[0].markets[0].need_space") or "")
    assert page.editor.sku_form.error_for("carton")

    page.editor.market_form.space_check.setChecked(False)
    sku = page.editor.sku_form
    for edit, text in zip(sku.dims_edits, ("20", "10", "8"), strict=True):
        type_into(qtbot, edit, text)
    assert page.editor.validate() is not None  # the unit's size prices volume without a carton


# ---- scenarios --------------------------------------------------------------------------------


def test_duplicate_rename_compare_and_delete(
    qtbot: QtBot,
    page: WarehousePage,
    gui_ctx: GuiContext,
    company_id: str,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    first = _repo(gui_ctx).save(company_id, plan_doc()).id
    page.reload_companies()
    assert page.scenarios.count() == 1
    qtmodeltester.check(page.scenarios.model)

    page.scenarios.select(first)
    click(qtbot, page.scenarios.duplicate_button)
    assert page.scenarios.count() == 2
    copy_id = page.plan_id()
    assert copy_id is not None
    assert copy_id != first
    type_into(qtbot, page.editor.market_form.service_level_edit, "0.98")
    click(qtbot, page.save_button)
    assert _repo(gui_ctx).get(copy_id).plan.skus[0].markets[0].service_level == 0.98

    monkeypatch.setattr(gui.dialogs, "ask_text", lambda *a, **k: "Sea JP 98")
    page.scenarios.select(copy_id)
    click(qtbot, page.scenarios.rename_button)
    assert _repo(gui_ctx).get(copy_id).name == "Sea JP 98"
    assert page.editor.name_edit.text() == "Sea JP 98"
    assert not page.is_dirty()

    page.scenarios.select(first)
    page.scenarios.select(copy_id, add=True)
    assert page.scenarios.selected_ids() == sorted(
        [first, copy_id], key=lambda i: page.scenarios.model.row_of(i)
    )
    click(qtbot, page.scenarios.compare_button)
    qtbot.waitUntil(lambda: len(page.compare_view.compared()) == 2, timeout=TASK_TIMEOUT)
    assert page.tabs.currentIndex() == Tab.COMPARE
    view = page.compare_view
    headers = [view.table.model().headerData(c, Qt.Orientation.Horizontal) for c in
               range(view.table.columnCount())]  # fmt: skip
    names = headers[2:]
    assert sorted(names) == ["Sea JP 95", "Sea JP 98"]
    row = view.row_of("Power bank", "Safety stock")
    assert row >= 0
    values = {name: _number(view.cell(row, 2 + i)) for i, name in enumerate(names)}
    assert values["Sea JP 95"] == round(EXPECTED_SS)
    assert values["Sea JP 98"] > values["Sea JP 95"]
    assert view.row_of("Power bank", "Recommended mode") >= 0
    assert view.row_of("Whole scenario", "Cash tied up, total") == -1  # one line each

    monkeypatch.setattr(gui.dialogs, "confirm", lambda *a, **k: True)
    page.scenarios.select(copy_id)
    click(qtbot, page.scenarios.delete_button)
    assert [s.id for s in _repo(gui_ctx).list_for_company(company_id)] == [first]
    assert page.scenarios.count() == 1
    assert not page.has_scenario()  # the open scenario was the one deleted


def _compare(qtbot: QtBot, page: WarehousePage, ids: list[str]) -> None:
    page.reload_companies()
    page.scenarios.select(ids[0])
    for plan_id in ids[1:]:
        page.scenarios.select(plan_id, add=True)
    click(qtbot, page.scenarios.compare_button)
    qtbot.waitUntil(lambda: len(page.compare_view.compared()) == len(ids), timeout=TASK_TIMEOUT)


def _column(page: WarehousePage, name: str) -> int:
    table = page.compare_view.table
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in
               range(table.columnCount())]  # fmt: skip
    return headers.index(name)


def test_scenarios_for_different_markets_compare_line_by_line(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext, company_id: str
) -> None:
    """Sea to Japan against rail to the EU: one row per figure with both values, the
    markets named in a bold row above them (not two half-empty blocks)."""
    sea = _repo(gui_ctx).save(company_id, plan_doc("Sea to Japan")).id
    rail_doc = plan_doc("Rail to Europe")
    rail_doc["skus"][0]["markets"][0].update(
        market="EU",
        lead_time={"main_mode": "rail", "legs": [{"name": "total", "mean_days": 25,
                                                  "std_days": 4}]},
    )  # fmt: skip
    rail = _repo(gui_ctx).save(company_id, rail_doc).id
    _compare(qtbot, page, [sea, rail])
    view = page.compare_view
    sea_col, rail_col = _column(page, "Sea to Japan"), _column(page, "Rail to Europe")
    where = view.row_of("Power bank", "Market and lane")
    assert where >= 0
    assert view.cell(where, sea_col) == "Japan (JP) · Sea (LCL or FCL, whichever is cheaper)"
    assert view.cell(where, rail_col) == "European Union (EU) · China–Europe rail"
    assert cell(view.table, where, rail_col).font().bold()
    assert view.row_of("Power bank", "Market and lane", nth=1) == -1  # one group, not two
    for figure in ("Safety stock", "Order quantity", "Cash tied up", "Recommended mode"):
        row = view.row_of("Power bank", figure)
        assert view.cell(row, sea_col) not in ("", "—"), figure
        assert view.cell(row, rail_col) not in ("", "—"), figure
    # z(0.95) × √(25 × 6² + 20² × 4²) for the rail lane
    rail_ss = 1.6448536269514722 * math.sqrt(25 * 6**2 + 20**2 * 4**2)
    ss_row = view.row_of("Power bank", "Safety stock")
    assert _number(view.cell(ss_row, sea_col)) == round(EXPECTED_SS)
    assert _number(view.cell(ss_row, rail_col)) == round(rail_ss)


def test_scenarios_with_several_markets_compare_their_totals(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext, company_id: str
) -> None:
    one = _repo(gui_ctx).save(company_id, plan_doc("Japan only")).id
    both_doc = plan_doc("Japan and the US")
    us = copy.deepcopy(both_doc["skus"][0]["markets"][0])
    us.update(market="US", duty_rate_percent=3.4)
    both_doc["skus"][0]["markets"].append(us)
    both = _repo(gui_ctx).save(company_id, both_doc).id
    _compare(qtbot, page, [one, both])
    view = page.compare_view
    one_col, both_col = _column(page, "Japan only"), _column(page, "Japan and the US")
    lines = view.row_of("Whole scenario", "SKU × market lines")
    assert (view.cell(lines, one_col), view.cell(lines, both_col)) == ("1", "2")
    computed = {c.name: c for c in _repo(gui_ctx).compare([one, both])}
    cash = view.row_of("Whole scenario", "Cash tied up, total")
    expected = sum(
        float(ln.figures["cash_tied_up"] or 0) for ln in computed["Japan and the US"].lines
    )
    assert _number(view.cell(cash, both_col)) == pytest.approx(expected, abs=0.01)
    assert _number(view.cell(cash, one_col)) == pytest.approx(
        float(computed["Japan only"].lines[0].figures["cash_tied_up"] or 0), abs=0.01
    )
    # Japan lines up with Japan; the US line stands alone
    assert view.cell(view.row_of("Power bank", "Market and lane"), one_col).startswith("Japan")
    us_row = view.row_of("Power bank", "Market and lane", nth=1)
    assert view.cell(us_row, one_col) == "—"
    assert view.cell(us_row, both_col).startswith("United States (US)")


def test_unsaved_changes_ask_before_another_scenario_opens(
    qtbot: QtBot,
    page: WarehousePage,
    gui_ctx: GuiContext,
    company_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _repo(gui_ctx).save(company_id, plan_doc()).id
    second = _repo(gui_ctx).save(company_id, plan_doc("Other")).id
    page.reload_companies()
    assert page.open_scenario(first)
    type_into(qtbot, page.editor.market_form.daily_mean_edit, "30")
    assert page.is_dirty()
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent: Any, title: str, _text: str, **_kw: Any) -> bool:
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(gui.dialogs, "confirm", confirm)
    assert not page.open_scenario(second)
    assert page.plan_id() == first
    assert page.open_scenario(second)
    assert page.plan_id() == second
    assert asked == ["Unsaved changes", "Unsaved changes"]
    assert _repo(gui_ctx).get(first).plan.skus[0].markets[0].demand.daily_mean == 20


# ---- background work --------------------------------------------------------------------------


def test_cancel_a_running_simulation(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext, company_id: str
) -> None:
    plan_id = _repo(gui_ctx).save(company_id, plan_doc(paths=100_000)).id
    page.reload_companies()
    assert page.open_scenario(plan_id)
    click(qtbot, page.compute_button)
    assert page.is_computing()
    assert page.cancel_button.isVisible()
    assert not page.compute_button.isEnabled()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=TASK_TIMEOUT)  # it is running
    assert page.is_computing()
    click(qtbot, page.cancel_button)
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=TASK_TIMEOUT)
    assert "cancelled" in page.last_message
    assert page.results.result() is None
    assert page.cancel_button.isHidden()
    assert page.compute_button.isEnabled()


def test_language_switch_relabels_the_page_and_rewords_the_results(
    qtbot: QtBot,
    page: WarehousePage,
    gui_ctx: GuiContext,
    company_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.open_scenario(_repo(gui_ctx).save(company_id, plan_doc()).id)
    compute(qtbot, page)
    before = page.compute_task
    resources = tmp_path / "resources"
    write_test_catalog(
        resources,
        {
            "Compute": "计算",
            "Scenario": "方案",
            "Results": "结果",
            "Safety stock": "安全库存",
            "Add SKU": "添加SKU",
            "Recommended: {mode}": "建议：{mode}",
        },
    )
    monkeypatch.setattr(i18n, "resource_dir", lambda: resources)
    set_locale("zh_CN")
    gui_ctx.hub.language_changed.emit("zh_CN")
    assert page.compute_task is not before  # the services word the reasons: computed again
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=TASK_TIMEOUT)
    assert page.compute_button.text() == "计算"
    assert page.tabs.tabText(Tab.EDITOR) == "方案"
    assert page.tabs.tabText(Tab.RESULTS) == "结果"
    assert page.editor.add_sku_button.text() == "添加SKU"
    assert page.results.figure_names["safety_stock"].text() == "安全库存"
    assert page.results.recommendation_label.text().startswith("建议：")
    assert page.editor.market_form.season_captions[0].text() == "1月"

    set_locale("en")
    gui_ctx.hub.language_changed.emit("en")
    qtbot.waitUntil(lambda: not page.is_computing(), timeout=TASK_TIMEOUT)
    assert page.compute_button.text() == "Compute"
    assert page.results.recommendation_label.text().startswith("Recommended: ")
    assert page.editor.market_form.season_captions[0].text() == "Jan"


def test_read_only_computes_but_writes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, company_id: str
) -> None:
    _repo(gui_ctx).save(company_id, plan_doc())
    store = replace(gui_ctx.store, read_only=True)
    ctx = replace(gui_ctx, store=store, tasks=TaskRunner(store))
    page = WarehousePage(ctx)
    qtbot.addWidget(page)
    page.setMinimumSize(1000, 700)
    page.show()
    assert page.has_scenario()
    assert page.read_only_label.isVisible()
    for button in (page.save_button, page.scenarios.new_button, page.scenarios.duplicate_button,
                   page.scenarios.rename_button, page.scenarios.delete_button):  # fmt: skip
        assert not button.isEnabled(), button.text()
    assert page.save_scenario() is None
    assert page.new_scenario() is False
    compute(qtbot, page)
    assert page.results.result() is not None
    ctx.tasks.wait_all(10_000)


def test_rate_card_override_is_used_and_reset(
    qtbot: QtBot, page: WarehousePage, qtmodeltester: Any
) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    panel = page.editor.rate_cards
    qtmodeltester.check(panel.model)
    row = panel.row_for("parcel", "per_kg")
    assert row >= 0
    index = panel.model.index(row, panel.model.Col.VALUE)
    assert index.data() == "60"
    assert panel.model.setData(index, "80")
    market = page.editor.doc()["skus"][0]["markets"][0]  # type: ignore[index]
    assert market["costs"] == {"parcel": {"per_kg": {"value": "80", "currency": "CNY"}}}
    assert panel.model.index(row, panel.model.Col.STATUS).data() == "entered by you"
    plan = page.editor.validate()
    assert plan is not None
    assert Decimal(plan.skus[0].markets[0].costs["parcel"]["per_kg"]["value"]) == 80

    assert panel.model.setData(index, "lots")
    assert page.editor.validate() is None
    assert "Enter a number" in (panel.error.text() or "")

    panel.view.setCurrentIndex(index)
    click(qtbot, panel.reset_button)
    assert page.editor.doc()["skus"][0]["markets"][0]["costs"] == {}  # type: ignore[index]
    assert panel.model.index(row, panel.model.Col.VALUE).data() == "60"
    assert page.editor.validate() is not None


def test_sales_history_and_seasonality(qtbot: QtBot, page: WarehousePage) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    market = page.editor.market_form
    click_radio = market.history_radio
    click_radio.setChecked(True)
    market.history_edit.setPlainText("600\n620\n-\n580")
    period = market.period_combo
    period.setCurrentIndex(period.findData("month"))
    period.activated.emit(period.currentIndex())
    assert market.history_count.text() == "4 values, 1 out of stock"
    demand = copy.deepcopy(page.editor.doc()["skus"][0]["markets"][0]["demand"])  # type: ignore[index]
    assert demand["history"] == [600.0, 620.0, None, 580.0]
    assert demand["history_period"] == "month"
    for edit, text in zip(market.season_edits, ["1"] * 9 + ["2", "2", "2"], strict=True):
        type_into(qtbot, edit, text)
    plan = page.editor.validate()
    assert plan is not None
    assert plan.skus[0].markets[0].demand.seasonality == (1.0,) * 9 + (2.0,) * 3
    click(qtbot, market.season_clear)
    assert "seasonality" not in page.editor.doc()["skus"][0]["markets"][0]["demand"]  # type: ignore[index]


# ---- audit of issue #6: rate-card dates, several lines, stock-out markers ------------------


def test_rate_card_editor_shows_each_default_source_with_its_date(
    qtbot: QtBot, page: WarehousePage
) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    panel = page.editor.rate_cards
    model = panel.model
    assert model.headerData(model.Col.SOURCE, Qt.Orientation.Horizontal) == "Source and date"
    row = panel.row_for("common", "carrying_rate")  # rate_cards.json: as_of 2026, §2.10
    source = model.index(row, model.Col.SOURCE).data()
    assert source.startswith("§2.10: practitioners quote 20-30 %/yr")
    assert source.endswith("(as of 2026)")
    fee = model.index(panel.row_for("fba", "monthly_fee"), model.Col.SOURCE).data()
    assert fee == "§1.1 sell.amazon.co.jp pricing (as of 2026)"  # Japan's FBA card


def _fill_line(qtbot: QtBot, page: WarehousePage, mean: str, std: str) -> None:
    type_into(qtbot, page.editor.market_form.daily_mean_edit, mean)
    type_into(qtbot, page.editor.market_form.daily_std_edit, std)


def test_add_a_sku_and_a_market_with_the_buttons_and_compute_both(
    qtbot: QtBot, page: WarehousePage
) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    editor = page.editor
    editor.add_market_combo.setCurrentIndex(editor.add_market_combo.findData("US"))
    click(qtbot, editor.add_market_button)
    assert editor.market_list.count() == 2
    _fill_line(qtbot, page, "10", "4")
    click(qtbot, editor.add_sku_button)
    assert editor.sku_list.count() == 2
    sku = editor.sku_form
    for edit, text in ((sku.name_edit, "Phone case"), (sku.unit_cost_edit, "8"),
                       (sku.price_edit, "40"), (sku.weight_edit, "0.1")):  # fmt: skip
        type_into(qtbot, edit, text)
    for key, text in (("units", "100"), ("length_cm", "50"), ("width_cm", "40"),
                      ("height_cm", "30")):  # fmt: skip
        type_into(qtbot, sku.carton_edits[key], text)
    _fill_line(qtbot, page, "30", "5")
    doc = editor.doc()
    assert doc is not None
    assert [[m["market"] for m in s["markets"]] for s in doc["skus"]] == [["JP", "US"], ["US"]]
    compute(qtbot, page)

    results = page.results
    plan = results.result()
    assert plan is not None
    assert [(r.sku.name, r.market.market) for r in plan.results][1:] == [
        ("锂离子电池组", "US"),  # the company's product, as the new scenario starts
        ("Phone case", "US"),
    ]
    assert results.line_combo.count() == 3
    shown = []
    for index, line in enumerate(plan.results):
        results.line_combo.setCurrentIndex(index)
        assert results.line() is line
        ss = _number(results.figure("safety_stock"))
        assert ss == round(line.levels.safety_stock)
        assert "CN¥" in results.figure("cash")
        shown.append(ss)
    assert shown[0] == round(EXPECTED_SS)  # the typed-in Japan line, as by hand
    assert plan.results[2].demand.daily_mean == 30
    assert len(set(shown)) == 3  # three different lines, not one shown three times


def test_simulated_stockouts_are_marked_on_the_stock_chart(
    qtbot: QtBot, page: WarehousePage
) -> None:
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    type_into(qtbot, page.editor.market_form.service_level_edit, "0.5")  # no safety stock
    compute(qtbot, page)
    results = page.results
    line = results.line()
    assert line is not None
    assert line.levels.safety_stock == pytest.approx(0, abs=1e-9)
    band = charts.stock_band(line)
    assert band is not None
    assert len(band.stockout_days) >= 10
    expected = [band.dates.index(d) for d in band.stockout_days]
    assert results.stock_chart.markers() == expected
    assert results.stock_label.text().startswith(f"{len(expected)} days with a stock-out risk")

    type_into(qtbot, page.editor.market_form.service_level_edit, "0.999")
    compute(qtbot, page)
    safe = results.line()
    assert safe is not None
    safe_band = charts.stock_band(safe)
    assert safe_band is not None
    assert len(results.stock_chart.markers()) == len(safe_band.stockout_days) < len(expected)


def test_rates_label_shows_the_settings_rate_and_its_date(
    qtbot: QtBot, page: WarehousePage, gui_ctx: GuiContext
) -> None:
    stored = ExchangeRate("USD", Decimal("6.5"), date(2026, 3, 2))
    gui_ctx.update_prefs(replace(gui_ctx.prefs, exchange_rates=(stored,)))
    click(qtbot, page.scenarios.new_button)
    fill_valid(qtbot, page)
    compute(qtbot, page)
    text = page.results.rates_label.text()
    assert "USD = 6.5000 CNY (from Settings, Mar 2, 2026)" in text, text
    assert "USD = 6.5000 CNY (indicative" not in text
