"""Importing a bill of materials from a file on the origin page (a background task)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.pages.rcep.origin.materials import MaterialDraft
from gui.pages.rcep.origin.page import OriginPage
from services.core.i18n import set_locale
from tests.test_gui.origin_support import add_origin_company, show_page, type_material, write_csv

pytestmark = pytest.mark.gui

GOOD = (
    "物料名称,HS编码,原产国,是否原产,证书编号,证书日期,价值,重量,币种\n"
    '电芯,8507.60,KR,是,KR-RCEP-1,2025-03-01,"1,230.50",1.2,CNY\n'
    "外壳,3926.90,,否,,,12.5,0.3,CNY\n"
    '合计,,,,,,"1,243.00",,\n'
)
BAD = "name,hs,origin,originating,value\ncells,8507.60,KR,yes,abc\ncasing,9999.99,DE,no,12\n"


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> OriginPage:
    set_locale("en")
    add_origin_company(gui_ctx)
    return show_page(qtbot, gui_ctx)


def _import(qtbot: QtBot, page: OriginPage, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "open_file", lambda *a, **k: path)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    handle = page.import_bom()
    assert handle is not None
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass


def test_csv_bom_fills_the_table(
    qtbot: QtBot, page: OriginPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "bom.csv", GOOD, encoding="gb18030")
    _import(qtbot, page, path, monkeypatch)
    qtbot.waitUntil(lambda: page.editor.model.rowCount() == 2)
    assert page.editor.model.items() == [
        MaterialDraft("电芯", "850760", "KR", True, "KR-RCEP-1", "2025-03-01", "1230.50", "1.2"),
        MaterialDraft("外壳", "392690", "", False, "", "", "12.5", "0.3"),
    ]
    assert page.editor.currency_combo.currentData() == "CNY"  # the file's currency
    assert "Imported 2 materials from bom.csv" in page.import_message
    assert "Total rows left out: 4" in page.import_message
    assert not page.editor.has_cell_errors()


def test_invalid_file_changes_nothing_and_lists_the_rows(
    qtbot: QtBot, page: OriginPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_material(qtbot, page, "kept", "8507.60", "5")
    before = page.editor.model.items()
    path = write_csv(tmp_path / "bad.csv", BAD)
    _import(qtbot, page, path, monkeypatch)
    qtbot.waitUntil(lambda: page.import_report is not None)
    assert page.editor.model.items() == before
    report = page.import_report
    assert report is not None
    rows = report.rows()
    assert [number for number, _problem in rows] == ["2", "2", "3"]
    assert "column “value”: Enter a number" in rows[0][1]
    assert "evidence" in rows[1][1]  # an originating material needs its certificate number
    assert "9999.99 is not" in rows[2][1]
    assert "not imported" in page.import_message
    report.close()


def test_missing_columns_are_named(
    qtbot: QtBot, page: OriginPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "gui.pages.rcep.origin.page.show_error",
        lambda parent, exc, title=None: shown.append(str(exc)),
    )
    path = write_csv(tmp_path / "nocols.csv", "material,hs\ncells,8507.60\n")
    _import(qtbot, page, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(page.import_message))
    assert page.editor.model.rowCount() == 0
    problems = " ".join(shown) + " ".join(
        problem for _row, problem in (page.import_report.rows() if page.import_report else [])
    )
    assert "value" in problems.lower()
