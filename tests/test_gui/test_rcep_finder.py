"""The RCEP tariff finder: national lines with MFN, RCEP and applied rates from the embedded
data (Japan's applied tariff, Australia's and China-for-ASEAN's schedules), "no data" versus
"no concession", the RCEP year of each importing Party, the source and the staging path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.pages.rcep.finder import (
    ALL_IMPORTING,
    FinderRow,
    TariffFinder,
    TariffRowsModel,
    national_line,
)
from services.core.i18n import _, set_locale
from services.rcep.defaults import load_default_tariffs

pytestmark = pytest.mark.gui

Col = TariffRowsModel.Col


@pytest.fixture
def finder(qtbot: QtBot, gui_ctx: GuiContext) -> TariffFinder:
    """In English, so that the assertions read as the source texts (the Chinese catalogue is
    checked by the language-switch test and tests/test_catalogs.py)."""
    set_locale("en")
    load_default_tariffs(gui_ctx.store.db)
    widget = TariffFinder(gui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.setMinimumSize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    widget.date_edit.setDate(QDate(2026, 7, 1))
    widget.set_ready(True)
    return widget


def _cells(finder: TariffFinder, row: int) -> dict[Col, str]:
    model = finder.results
    return {col: model.index(row, col).data() for col in Col}


def _row_of(finder: TariffFinder, importing: str, line: str | None = None) -> int:
    for row, item in enumerate(finder.results.items()):
        if item.importing == importing and (line is None or (item.line and item.line.line == line)):
            return row
    raise AssertionError(f"no row for {importing} {line}")


def test_t_shirts_to_japan_from_china(finder: TariffFinder) -> None:
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    assert finder.hs_code() == "610910"
    row = _row_of(finder, "JP", "610910020")
    cells = _cells(finder, row)
    assert cells[Col.LINE] == "6109.10-020"
    assert cells[Col.MFN] == "7.4%"
    assert cells[Col.RCEP] == "4.6%"
    assert cells[Col.APPLIED] == "4.6%"
    assert "2.8" in cells[Col.MARGIN]
    assert cells[Col.NOTES] == "tariff differential"
    tip = finder.results.index(row, Col.NOTES).data(Qt.ItemDataRole.ToolTipRole)
    assert "Art 2.6" in tip
    assert "country of origin" in tip
    assert finder.year_label.text() == "RCEP year 6 (2026-04-01–2027-03-31)"


def test_applied_tariff_has_one_point_and_a_note(finder: TariffFinder) -> None:
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    finder.table.setCurrentIndex(finder.results.index(_row_of(finder, "JP", "610910020"), 0))
    assert finder.chart.x_labels() == ["6"]
    assert [s.values for s in finder.chart.series()] == [(4.6,)]
    assert "only its edition's rate" in finder.chart_note.text()
    assert "税関" in finder.source_label.text()  # Japan Customs' attribution
    assert "2026-07-09" in finder.source_label.text()


def test_batteries_to_australia_show_zero_and_the_dfat_source(finder: TariffFinder) -> None:
    finder.set_inputs("8507.60", importing="AU", exporting="CN")
    assert finder.results.rowCount() == 1
    cells = _cells(finder, 0)
    assert cells[Col.LINE] == "8507.60.00"
    assert cells[Col.RCEP] == "0%"
    assert cells[Col.APPLIED] == "0%"
    assert "20" in cells[Col.FINAL]
    finder.table.setCurrentIndex(finder.results.index(0, 0))
    assert "DFAT" in finder.source_label.text()
    assert "2020-11-15" in finder.source_label.text()
    assert len(finder.chart.x_labels()) == 20  # the schedule's whole staging path
    assert finder.chart_note.text() == ""


def test_all_importing_parties_separate_no_data_from_lines(finder: TariffFinder) -> None:
    finder.set_inputs("8507.60", importing=ALL_IMPORTING, exporting="CN")
    items = finder.results.items()
    assert {r.importing for r in items} == {
        "AU", "BN", "KH", "ID", "JP", "KR", "LA", "MY", "MM", "NZ", "PH", "SG", "TH", "VN"
    }  # fmt: skip
    korea = _row_of(finder, "KR")
    assert finder.results.item(korea).no_data
    cells = _cells(finder, korea)
    assert "No data for this Party" in cells[Col.DESCRIPTION]
    assert cells[Col.NOTES] == "no data for this Party"
    assert cells[Col.RCEP] == "—"
    assert not finder.results.item(_row_of(finder, "AU")).no_data
    # Parties with lines come first
    assert [r.no_data for r in items] == sorted(r.no_data for r in items)
    assert "ID, JP, PH: RCEP year 6" in finder.year_label.text()
    assert "RCEP year 5 (2026-01-01–2026-12-31)" in finder.year_label.text()


def test_no_concession_is_not_no_data(finder: TariffFinder) -> None:
    finder.set_inputs("2905.44", importing="JP", exporting="CN")
    assert finder.results.rowCount() >= 1
    row: FinderRow = finder.results.item(0)
    assert not row.no_data
    assert row.line is not None
    assert row.line.rcep is None
    cells = _cells(finder, 0)
    assert cells[Col.RCEP] == "no concession"
    assert cells[Col.APPLIED] == cells[Col.MFN] == "17%"
    assert "MFN applies" in cells[Col.NOTES]
    assert "No data" not in cells[Col.DESCRIPTION]


def test_the_date_sets_each_partys_year(finder: TariffFinder) -> None:
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    assert finder.year_label.text().startswith("RCEP year 6 ")
    finder.date_edit.setDate(QDate(2026, 3, 31))
    assert finder.year_label.text() == "RCEP year 5 (2025-04-01–2026-03-31)"
    finder.importing_combo.setCurrentIndex(finder.importing_combo.findData("AU"))
    assert finder.year_label.text() == "RCEP year 5 (2026-01-01–2026-12-31)"


def test_nothing_is_looked_up_before_the_data_are_ready(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    widget = TariffFinder(gui_ctx)
    qtbot.addWidget(widget)
    widget.set_inputs("8507.60", importing="AU", exporting="CN")
    assert widget.results.rowCount() == 0
    assert widget.status_label.text() == _("Loading the tariff data…")
    load_default_tariffs(gui_ctx.store.db)
    widget.set_ready(True)
    assert widget.results.rowCount() == 1


def test_same_party_and_bad_code_say_why(finder: TariffFinder) -> None:
    finder.set_inputs("8507.60", importing="JP", exporting="JP")
    assert finder.results.rowCount() == 0
    assert finder.status_label.text() == _("The importing and the exporting Party must differ.")
    finder.set_inputs("12", importing="JP", exporting="CN")
    assert finder.results.rowCount() == 0
    assert finder.status_label.text() == _(
        "Type an HS code of 4 to 10 digits, or choose a heading or subheading."
    )


def test_savings_requested_with_the_selected_line(qtbot: QtBot, finder: TariffFinder) -> None:
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    finder.table.setCurrentIndex(finder.results.index(_row_of(finder, "JP", "610910020"), 0))
    with qtbot.waitSignal(finder.savings_requested) as blocker:
        qtbot.mouseClick(finder.savings_button, Qt.MouseButton.LeftButton)
    hs, importing, exporting, day = blocker.args or []
    assert (hs, importing, exporting, day.isoformat()) == ("610910020", "JP", "CN", "2026-07-01")


def test_language_switch_relabels(finder: TariffFinder) -> None:
    finder.set_inputs("6109.10", importing="JP", exporting="CN")
    assert finder.importing_combo.currentText() == "Japan (JP)"  # the fixture is in English
    set_locale("zh_CN")
    finder.retranslate()
    assert finder.importing_combo.currentText() == "日本（JP）"
    assert finder.importing_combo.itemText(0) == "全部进口方"
    assert finder.exporting_combo.currentData() == "CN"
    assert _cells(finder, 0)[Col.PARTY] == "日本"
    assert finder.results.headerData(Col.RCEP, Qt.Orientation.Horizontal) == "RCEP 税率"


def test_models_pass_the_model_tester(finder: TariffFinder, qtmodeltester: object) -> None:
    finder.set_inputs("8507.60", importing=ALL_IMPORTING, exporting="CN")
    qtmodeltester.check(finder.results)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("code", "shown"),
    [("610910020", "6109.10-020"), ("85076000", "8507.60.00"), ("6109", "6109"),
     ("610910", "6109.10"), ("8507600010", "8507.60.00.10")],
)  # fmt: skip
def test_national_line(code: str, shown: str) -> None:
    assert national_line(code) == shown
