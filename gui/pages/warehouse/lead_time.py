"""The lead time of a market as legs (production, trucking, export, waiting for the sailing,
the main leg, import, receiving …), each with a mean and a spread in days, and the main-leg
mode. The typical legs of the lane (domain document, §2.3) are one click away."""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.pages.warehouse.document import Doc, legs_for, number_value, plain
from gui.pages.warehouse.fields import NUMBER_ALIGNMENT, error_label, hint_label
from gui.pages.warehouse.labels import leg_name, main_mode_name
from services.core.i18n import _, format_decimal
from services.warehouse.lead_time import default_leg_sources
from services.warehouse.models import LEG_NAMES, MAIN_MODES, SHIPPED_LEGS

_LEG_PATH = re.compile(r"^lead_time\.legs\[(\d+)\](?:\.(\w+))?")
INVALID_CELL = QColor("#fde0dc")
COLUMN_KEYS = {1: "mean_days", 2: "std_days"}


class LeadTimeEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: Doc | None = None
        self._loading = False
        self._errors: dict[str, str] = {}
        self.mode_label = QLabel(self)
        self.mode_combo = QComboBox(self)
        for mode in MAIN_MODES:
            self.mode_combo.addItem("", mode)
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.typical_button = QPushButton(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.error = error_label(self)
        self.hint = hint_label(self)

        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode_label)
        mode_row.addWidget(self.mode_combo)
        mode_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.typical_button)
        layout = QVBoxLayout(self)
        layout.addLayout(mode_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)

        self.mode_combo.activated.connect(self._on_mode_chosen)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self.add_leg)
        self.remove_button.clicked.connect(self.remove_leg)
        self.typical_button.clicked.connect(self.use_typical_legs)
        self.retranslate()

    def retranslate(self) -> None:
        self.mode_label.setText(_("Main leg by"))
        for i in range(self.mode_combo.count()):
            self.mode_combo.setItemText(i, main_mode_name(str(self.mode_combo.itemData(i))))
        self.table.setHorizontalHeaderLabels([_("Leg"), _("Mean (days)"), _("Spread (days)")])
        for row in range(self.table.rowCount()):
            combo = self.leg_combo(row)
            for i in range(combo.count()):
                combo.setItemText(i, leg_name(str(combo.itemData(i))))
        self.add_button.setText(_("Add leg"))
        self.remove_button.setText(_("Remove leg"))
        self.typical_button.setText(_("Typical legs for this lane"))
        self.typical_button.setToolTip(
            _("Replace the legs with the typical figures of the planning document")
        )
        self._update_summary()
        self._update_hint()

    # ---- loading and storing ---------------------------------------------------------------

    def load(self, doc: Doc | None) -> None:
        self._doc = doc
        lead = (doc or {}).get("lead_time") or {}
        self._loading = True
        try:
            index = self.mode_combo.findData(lead.get("main_mode") or "sea")
            self.mode_combo.setCurrentIndex(max(index, 0))
            self._fill(lead.get("legs") or [])
        finally:
            self._loading = False
        self._update_summary()
        self._update_hint()

    def _fill(self, legs: list[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            for leg in legs:
                self._append(str(leg.get("name") or "total"), leg.get("mean_days"),
                             leg.get("std_days"))  # fmt: skip
        finally:
            self.table.blockSignals(False)

    def _append(self, name: str, mean: Any, std: Any) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        for key in LEG_NAMES:
            combo.addItem(leg_name(key), key)
        combo.setCurrentIndex(max(combo.findData(name), 0))
        combo.activated.connect(lambda _i: self._store())
        self.table.setCellWidget(row, 0, combo)
        for column, value in ((1, mean), (2, std)):
            item = QTableWidgetItem(plain(value))
            item.setTextAlignment(NUMBER_ALIGNMENT)
            self.table.setItem(row, column, item)

    def leg_combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QComboBox)
        return widget

    def legs(self) -> list[dict[str, Any]]:
        legs = []
        for row in range(self.table.rowCount()):
            leg: dict[str, Any] = {"name": self.leg_combo(row).currentData()}
            for column, key in COLUMN_KEYS.items():
                item = self.table.item(row, column)
                value = number_value(item.text() if item is not None else "")
                if value is not None or key == "mean_days":
                    leg[key] = value
            legs.append(leg)
        return legs

    def main_mode(self) -> str:
        return str(self.mode_combo.currentData() or "sea")

    def _store(self) -> None:
        if self._loading or self._doc is None:
            return
        self._doc["lead_time"] = {"main_mode": self.main_mode(), "legs": self.legs()}
        self._update_summary()
        self.changed.emit()

    def _market(self) -> str:
        return str((self._doc or {}).get("market") or "")

    # ---- actions ---------------------------------------------------------------------------

    @Slot()
    def add_leg(self) -> None:
        used = {self.leg_combo(r).currentData() for r in range(self.table.rowCount())}
        name = next((n for n in LEG_NAMES if n not in used and n != "total"), "total")
        self.table.blockSignals(True)
        self._append(name, None, None)
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, 1)
        self._store()

    @Slot()
    def remove_leg(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row < 0:
            return
        self.table.removeRow(row)
        self._store()

    @Slot()
    def use_typical_legs(self) -> bool:
        legs = legs_for(self._market(), self.main_mode())
        if not legs:
            self.error.setText(
                _("The planning document has no typical lead time for this lane; enter the legs.")
            )
            self.error.show()
            return False
        self._fill(legs)
        self._store()
        return True

    @Slot(int)
    def _on_mode_chosen(self, _index: int) -> None:
        previous = ((self._doc or {}).get("lead_time") or {}).get("main_mode") or "sea"
        typical_before = legs_for(self._market(), previous)
        if not self.legs() or self.legs() == typical_before:
            typical = legs_for(self._market(), self.main_mode())
            if typical:  # untouched typical legs follow the mode; the user's own legs stay
                self._fill(typical)
        self._store()
        self._update_hint()

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        self._store()

    # ---- feedback --------------------------------------------------------------------------

    def _update_summary(self) -> None:
        legs = self.legs()
        try:
            means = [float(leg["mean_days"]) for leg in legs]
            stds = [float(leg.get("std_days") or 0.0) for leg in legs]
        except (TypeError, ValueError):
            self.summary_label.setText("")
            return
        if not legs:
            self.summary_label.setText(_("No legs: add them or use the typical ones."))
            return
        shipped = sum(float(leg["mean_days"]) for leg in legs if leg["name"] in SHIPPED_LEGS)
        self.summary_label.setText(
            _(
                "Lead time {mean} days with a spread of {std} days (legs add up; spreads add "
                "as variances). The goods ship {shipped} days before they are needed."
            ).format(
                mean=format_decimal(sum(means), 1),
                std=format_decimal(math.sqrt(sum(s * s for s in stds)), 1),
                shipped=format_decimal(shipped, 1),
            )
        )

    def _update_hint(self) -> None:
        market = self._market()
        sources = default_leg_sources(market, self.main_mode()) if market else {}
        cited = sorted({s for s in sources.values() if s})
        self.hint.setText(
            _("Typical figures from: {sources}").format(sources="; ".join(cited)) if cited else ""
        )

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        self.table.blockSignals(True)  # colouring cells is not an edit
        try:
            return self._show_errors(errors)
        finally:
            self.table.blockSignals(False)

    def _show_errors(self, errors: dict[str, str]) -> set[str]:
        self._errors = {p: m for p, m in errors.items() if p.startswith("lead_time")}
        for row in range(self.table.rowCount()):
            for column in COLUMN_KEYS:
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        lines = []
        for path, message in self._errors.items():
            found = _LEG_PATH.match(path)
            if found is None:
                lines.append(message)
                continue
            row = int(found.group(1))
            key = found.group(2)
            cell = next((c for c, k in COLUMN_KEYS.items() if k == key), None)
            item = self.table.item(row, cell) if cell is not None else None
            if item is not None:
                item.setBackground(INVALID_CELL)
                item.setToolTip(message)
            name = (
                leg_name(str(self.leg_combo(row).currentData()))
                if row < self.table.rowCount()
                else ""
            )
            lines.append(
                _("Row {row} ({leg}): {message}").format(row=row + 1, leg=name, message=message)
            )
        self.error.setText("\n".join(dict.fromkeys(lines)))
        self.error.setVisible(bool(lines))
        return set(self._errors)

    def error_text(self) -> str | None:
        return self.error.text() if not self.error.isHidden() else None
