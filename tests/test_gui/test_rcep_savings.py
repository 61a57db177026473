"""The savings calculator and the company view, driven through their widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.rcep.company_view import CompanyTariffView
from gui.pages.rcep.savings import AttachDialog, SavingsPanel
from gui.widgets.charts import render_png
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.i18n import set_locale
from services.rcep.defaults import load_default_tariffs
from services.rcep.opportunities import NO_DATA, NOT_RCEP, Opportunity

pytestmark = pytest.mark.gui
DAY = date(2026, 7, 1)


@pytest.fixture
def ctx(gui_ctx: GuiContext) -> GuiContext:
    load_default_tariffs(gui_ctx.store.db)
    load_sample(CompanyRepository(gui_ctx.store.db), gui_ctx.reference.hs)
    return gui_ctx


def _panel(qtbot: QtBot, ctx: GuiContext) -> SavingsPanel:
    panel = SavingsPanel(ctx)
    qtbot.addWidget(panel)
    panel.setMinimumSize(1000, 700)
    panel.show()
    return panel


def test_typing_a_value_shows_the_saving(qtbot: QtBot, ctx: GuiContext,
                                         qtmodeltester: object) -> None:  # fmt: skip
    set_locale("en")
    panel = _panel(qtbot, ctx)
    panel.retranslate()
    panel.set_line("6109.10", "JP", "CN", DAY)
    panel.national_combo.setCurrentIndex(panel.national_combo.findData("610910020"))
    panel.value_edit.clear()
    qtbot.keyClicks(panel.value_edit, "100000")
    model = panel.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 1
    cell = model.index(0, model.Col.SAVING).data()
    assert cell == "CN¥2,800.00"
    assert model.index(0, model.Col.MFN).data() == "CN¥7,400.00 (7.4%)"
    assert model.index(0, model.Col.RCEP).data() == "CN¥4,600.00 (4.6%)"
    assert "CN¥2,800.00" in panel.summary_label.text()
    assert panel.chart.labels() == ["Year 6"]
    assert panel.field_error("value") is None


def test_usd_with_a_rate(qtbot: QtBot, ctx: GuiContext) -> None:
    set_locale("en")
    panel = _panel(qtbot, ctx)
    panel.set_line("610910020", "JP", "CN", DAY)
    panel.value_edit.setText("10000")
    panel.currency_combo.setCurrentIndex(panel.currency_combo.findData("USD"))
    assert panel.rate_edit.isEnabled()
    qtbot.keyClicks(panel.rate_edit, "7.1")
    model = panel.model
    assert model.index(0, model.Col.SAVING).data() == "$280.00"
    assert model.index(0, model.Col.SAVING_CNY).data() == "CN¥1,988.00"
    assert "CN¥1,988.00" in panel.summary_label.text()


def test_bad_values_show_messages_next_to_the_fields(qtbot: QtBot, ctx: GuiContext) -> None:
    set_locale("en")
    panel = _panel(qtbot, ctx)
    panel.set_line("610910020", "JP", "CN", DAY)
    panel.value_edit.clear()
    qtbot.keyClicks(panel.value_edit, "abc")
    assert panel.field_error("value") == "Enter a shipment value greater than zero."
    assert panel.value_error.isVisible()
    assert panel.model.rowCount() == 0
    assert not panel.attach_button.isEnabled()
    panel.value_edit.setText("-3")
    assert panel.field_error("value")
    panel.value_edit.setText("5")
    panel.currency_combo.setCurrentIndex(panel.currency_combo.findData("EUR"))
    panel.rate_edit.setText("0")
    assert panel.field_error("rate") == "Enter an exchange rate to CNY greater than zero."
    panel.rate_edit.setText("x")
    assert panel.field_error("rate")
    panel.rate_edit.setText("7.8")
    assert panel.field_error("rate") is None
    assert panel.field_error("value") is None


def test_schedule_path_years_in_the_chart(qtbot: QtBot, ctx: GuiContext) -> None:
    panel = _panel(qtbot, ctx)
    panel.set_line("8507.60", "AU", "CN", DAY)
    assert panel.model.rowCount() == 16  # years 5 … 20
    assert len(panel.chart.labels()) == 16


def test_no_data_is_said(qtbot: QtBot, ctx: GuiContext) -> None:
    set_locale("en")
    panel = _panel(qtbot, ctx)
    panel.set_line("8507.60", "KR", "CN", DAY)
    assert "no tariff data" in panel.line_info.text()
    assert panel.model.rowCount() == 0


def test_attach_writes_the_note(qtbot: QtBot, ctx: GuiContext,
                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    set_locale("en")
    panel = _panel(qtbot, ctx)
    panel.set_line("610910020", "JP", "CN", DAY)
    seen: list[str] = []

    def ask(parent: object, ctx_: GuiContext, note: str) -> tuple[str, str]:
        seen.append(note)
        return SAMPLE_ID, "sample-product-pv"

    monkeypatch.setattr(AttachDialog, "ask", ask)
    with qtbot.waitSignal(ctx.hub.companies_changed):
        qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    product = CompanyRepository(ctx.store.db).get(SAMPLE_ID).products[1]
    assert product.notes == seen[0]
    assert seen[0].startswith("RCEP JP 2026-07-01: MFN 7.4% → RCEP 4.6%, saving CN¥2,800.00")
    assert panel.attached_label.text().startswith("Attached to")


def test_attach_dialog_lists_companies_and_products(qtbot: QtBot, ctx: GuiContext) -> None:
    dialog = AttachDialog(ctx, "RCEP JP …")
    qtbot.addWidget(dialog)
    assert dialog.company_combo.count() == 1
    assert dialog.product_combo.count() == 3
    assert dialog.choice() == (SAMPLE_ID, "sample-product-battery")


def test_company_view_for_the_sample(qtbot: QtBot, ctx: GuiContext,
                                     qtmodeltester: object) -> None:  # fmt: skip
    set_locale("en")
    view = CompanyTariffView(ctx)
    qtbot.addWidget(view)
    view.setMinimumSize(1200, 500)
    view.show()
    view.date_edit.setDate(view.date_edit.date().fromString("2026-07-01", "yyyy-MM-dd"))
    view.show_company(SAMPLE_ID)
    model = view.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 3
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Japan", "South Korea", "Brunei (ASEAN)"]  # names, not codes
    assert "Australia (Australia & New Zealand)" in headers
    assert headers[-1] == "European Union"
    cells: dict[str, Opportunity] = {}
    for c, header in enumerate(headers):
        item = model.cell(0, c)
        assert item is not None
        cells[header] = item
    assert cells["Japan"].mfn is not None
    assert cells["Australia (Australia & New Zealand)"].final_year == 20
    assert cells["South Korea"].status == NO_DATA
    assert cells["European Union"].status == NOT_RCEP
    assert model.index(0, headers.index("South Korea")).data() == "No data"
    assert model.index(2, headers.index("European Union")).data() == "Not an RCEP market"
    view.table.setCurrentIndex(model.index(0, 0))
    assert "Source: 実行関税率表" in view.details.text()
    view.table.setCurrentIndex(model.index(0, headers.index("Australia (Australia & New Zealand)")))
    assert "Final rate: 0.0% in year 20" in view.details.text()
    view.table.setCurrentIndex(model.index(1, headers.index("European Union")))
    assert "not an RCEP Party" in view.details.text()
    set_locale("zh_CN")
    view.retranslate()
    view.show_company(None)
    assert model.rowCount() == 0
    assert view.empty_label.text()


def test_screenshots(qtbot: QtBot, ctx: GuiContext, tmp_path: Path) -> None:
    panel = _panel(qtbot, ctx)
    panel.set_line("6109.10", "JP", "CN", DAY)
    out = Path(__import__("os").environ.get("RCEP_SHOTS", str(tmp_path)))
    assert render_png(panel, out / "savings_jp.png")
    panel.set_line("8507.60", "CN", "VN", DAY)
    assert render_png(panel, out / "savings_cn.png")
    view = CompanyTariffView(ctx)
    qtbot.addWidget(view)
    view.setMinimumSize(1300, 500)
    view.show()
    view.show_company(SAMPLE_ID)
    view.table.setCurrentIndex(view.model.index(0, 0))
    assert render_png(view, out / "company_view.png")


def test_the_rate_kept_in_settings_is_proposed(qtbot: QtBot, ctx: GuiContext) -> None:
    from datetime import date as _date
    from decimal import Decimal

    from services.core.settings import ExchangeRate

    set_locale("en")
    ctx.update_prefs(
        ctx.prefs.with_changes(
            exchange_rates=(ExchangeRate("USD", Decimal("7.1"), _date(2026, 11, 20)),)
        )
    )
    panel = _panel(qtbot, ctx)
    panel.set_line("610910020", "JP", "CN", DAY)
    panel.value_edit.setText("10000")
    panel.currency_combo.setCurrentIndex(panel.currency_combo.findData("USD"))
    assert panel.rate_edit.text() == "7.1"
    assert panel.rate_date_edit.date().toString("yyyy-MM-dd") == "2026-11-20"
    model = panel.model
    assert model.index(0, model.Col.SAVING_CNY).data() == "CN¥1,988.00"
    panel.rate_edit.clear()
    qtbot.keyClicks(panel.rate_edit, "7.2")  # typed here: kept when the currency changes back
    panel.currency_combo.setCurrentIndex(panel.currency_combo.findData("EUR"))
    panel.currency_combo.setCurrentIndex(panel.currency_combo.findData("USD"))
    assert panel.rate_edit.text() == "7.2"
