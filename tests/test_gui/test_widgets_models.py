"""Shared widgets and the table-model base: ListTableModel, ChoiceCombo, MarketPicker, badges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from typing_extensions import override

from gui.models import BADGES_ROLE, LEVEL_ROLE, OBJECT_ROLE, ListTableModel
from gui.widgets.badges import BADGE_COLOURS, BadgeDelegate
from gui.widgets.choice_combo import ChoiceCombo
from gui.widgets.hs_picker import HsEntriesModel, search_entries
from gui.widgets.market_picker import MarketPicker, MarketsModel
from services.companies.models import INDUSTRIES
from services.core.i18n import _, set_locale
from services.refdata.reference import ReferenceData

# Top-level widgets get an explicit minimum size before show(): otherwise the offscreen
# platform warns "This plugin does not support propagateSizeHints()" when the layout
# changes the window's minimum, and qt_log_level_fail = WARNING fails the test.


@dataclass(frozen=True, slots=True)
class Fruit:
    name: str
    weight: int


class FruitModel(ListTableModel[Fruit]):
    class Col(IntEnum):
        NAME = 0
        WEIGHT = 1

    columns: ClassVar[type[IntEnum]] = Col

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        return {self.Col.NAME: _("Name"), self.Col.WEIGHT: "g"}

    @override
    def cell_data(self, item: Fruit, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name if column == self.Col.NAME else str(item.weight)
        if role == BADGES_ROLE and column == self.Col.NAME and item.weight > 100:
            return [("heavy", "sample")]
        return None


def test_list_table_model_contract(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = FruitModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_items([Fruit("apple", 150), Fruit("kiwi", 70)])
    assert model.rowCount() == 2
    assert model.columnCount() == 2
    valid = model.index(0, 0)
    assert model.rowCount(valid) == 0
    assert model.columnCount(valid) == 0
    assert model.data(QModelIndex()) is None
    assert valid.data() == "apple"
    assert valid.data(OBJECT_ROLE) == Fruit("apple", 150)
    assert valid.data(Qt.ItemDataRole.DecorationRole) is None  # unhandled role
    assert model.headerData(0, Qt.Orientation.Horizontal) == _("Name")
    assert model.headerData(9, Qt.Orientation.Horizontal) is None
    with qtbot.waitSignal(model.headerDataChanged):
        model.retranslate()
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.replace_item(1, Fruit("kiwi", 80))
    assert blocker.args[0].row() == 1
    assert model.index(1, 1).data() == "80"
    model.append_item(Fruit("fig", 40))
    assert model.remove_item(0) == Fruit("apple", 150)
    assert [f.name for f in model.items()] == ["kiwi", "fig"]
    qtmodeltester.check(model)


def test_choice_combo_keeps_keys_and_relabels(qtbot: QtBot) -> None:
    combo = ChoiceCombo(INDUSTRIES)
    qtbot.addWidget(combo)
    assert combo.current_key() is None
    assert combo.itemText(0) == _("— not set —")
    combo.set_current_key("new_energy")
    assert combo.current_key() == "new_energy"
    assert combo.currentText() == _("New energy")
    combo.set_current_key("from_a_newer_version")  # unknown values are kept, not lost
    assert combo.current_key() == "from_a_newer_version"
    set_locale("en")
    combo.retranslate()
    assert combo.itemText(combo.findData("new_energy")) == "New energy"


def test_market_picker_search_check_and_order(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    picker = MarketPicker()
    qtbot.addWidget(picker)
    picker.resize(400, 500)
    picker.setMinimumSize(300, 300)
    picker.show()
    qtbot.waitExposed(picker)
    picker.set_markets(["KR", "EU"])
    assert picker.markets() == ("KR", "EU")
    first = picker.model.index(0, 0)
    assert first.data(OBJECT_ROLE).is_group  # groups come first
    commit = QInputMethodEvent("", [])
    commit.setCommitString("德国")  # typed with an input method: Chinese names in zh
    QApplication.sendEvent(picker.search_edit, commit)
    assert picker.proxy.rowCount() == 1
    picker.search_edit.clear()
    qtbot.keyClicks(picker.search_edit, "de")
    codes = [
        picker.proxy.index(r, 0).data(OBJECT_ROLE).code for r in range(picker.proxy.rowCount())
    ]
    assert "DE" in codes
    row = codes.index("DE")
    picker.list_view.setCurrentIndex(picker.proxy.index(row, 0))
    with qtbot.waitSignal(picker.markets_changed):
        qtbot.keyClick(picker.list_view, Qt.Key.Key_Space)  # space ticks the item
    assert picker.markets() == ("KR", "EU", "DE")
    assert "德国" in picker.chosen_label.text()
    picker.set_read_only(True)
    qtbot.keyClick(picker.list_view, Qt.Key.Key_Space)
    assert picker.markets() == ("KR", "EU", "DE")
    qtmodeltester.check(picker.model)


def test_markets_model_keeps_unknown_codes(qtmodeltester: ModelTester) -> None:
    model = MarketsModel()
    model.set_checked(["JP", "XX"])  # a code the list does not know stays visible and ticked
    codes = [m.code for m in model.items()]
    assert "XX" in codes
    assert model.index(codes.index("XX"), 0).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    qtmodeltester.check(model)


def test_hs_entries_model(qtmodeltester: ModelTester, reference: ReferenceData) -> None:
    model = HsEntriesModel()
    model.set_items(
        [*search_entries(reference.hs, "85")[:1], *search_entries(reference.hs, "8507")]
    )
    chapter, heading, subheading = (model.index(row, 0) for row in (0, 1, 2))
    assert [i.data().strip() for i in (chapter, heading, subheading)] == ["85", "8507", "8507.10"]
    assert [i.data(LEVEL_ROLE) for i in (chapter, heading, subheading)] == [0, 1, 2]
    indents = [len(i.data()) - len(i.data().lstrip()) for i in (chapter, heading, subheading)]
    assert indents[0] < indents[1] < indents[2]
    assert chapter.data(Qt.ItemDataRole.FontRole).bold()
    qtmodeltester.check(model)


def test_badge_delegate_paints_the_badge(qtbot: QtBot) -> None:
    model = FruitModel()
    model.set_items([Fruit("apple", 150)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = BadgeDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 200, 30)
    index = model.index(0, 0)
    assert delegate.sizeHint(option, index).width() > option.fontMetrics.horizontalAdvance(
        "apple"
    ) + option.fontMetrics.horizontalAdvance("heavy")
    image = QImage(200, 30, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    badge = QColor(BADGE_COLOURS["sample"][0])
    assert image.pixelColor(QPoint(8, 15)) == badge  # the pill is drawn at the left
