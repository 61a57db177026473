"""The rate cards of one market: every fee and rate the cost model uses, with its source, date and
how sure the planning document is about it. A value typed here (a quote) overrides the default
for this scenario's market and shows as "entered by you"; "Reset to default" removes it. Tables
(storage by age, FBA fees …) are edited row by row in a dialog.

Overrides are written into the market's ``costs`` mapping in the form ``validate_plan`` reads:
``{"parcel": {"per_kg": {"value": "55", "currency": "CNY"}}}``, tables as ``{"rows": [...]}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.models import ListTableModel
from gui.pages.warehouse.document import Doc, money_value, plain
from gui.pages.warehouse.fields import NUMBER_ALIGNMENT, error_label, hint_label
from gui.pages.warehouse.labels import (
    CARD_LABELS,
    ENTRY_LABELS,
    TABLE_FIELD_LABELS,
    label,
    unit_text,
)
from services.core.i18n import _, format_decimal
from services.warehouse.rate_cards import ENTERED, Param, Table, default_cards, status_label
from services.warehouse.validation import TABLE_FIELDS

AnyIndex = QModelIndex | QPersistentModelIndex
_COST_PATH = re.compile(r"^costs\.(\w+)\.(\w+)")
UNSURE = frozenset({"placeholder", "assumed", "unverified"})
INVALID_ROW = QColor("#fde0dc")


@dataclass(frozen=True, slots=True)
class RateRow:
    card: str
    key: str
    default: Param | Table
    override: Mapping[str, Any] | None

    @property
    def is_table(self) -> bool:
        return isinstance(self.default, Table)

    @property
    def status(self) -> str:
        return ENTERED if self.override is not None else self.default.status

    def rows(self) -> list[Mapping[str, Any]]:
        if self.override is not None and isinstance(self.override.get("rows"), list):
            return list(self.override["rows"])
        return list(self.default.rows) if isinstance(self.default, Table) else []


def rate_name(card: str, key: str) -> str:
    return _("{card}: {rate}").format(card=label(CARD_LABELS, card), rate=label(ENTRY_LABELS, key))


def table_summary(key: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """One line for a table of the rate cards (the dialog shows it in full)."""
    parts = []
    for row in rows:
        if key in ("storage_tiers", "aged_surcharge"):
            parts.append(
                _("from day {day}: {rate}").format(day=row.get("from_day"), rate=row.get("rate"))
            )
        elif key == "storage":
            parts.append(
                _("{size}: {off_peak} / {peak}").format(
                    size=row.get("size"), off_peak=row.get("off_peak"), peak=row.get("peak")
                )
            )
        elif key == "fulfilment_fees":
            parts.append(
                _("{tier} up to {kg} kg: {fee}").format(
                    tier=row.get("tier"), kg=row.get("max_kg") or "…", fee=row.get("fee")
                )
            )
        elif key == "size_tiers":
            parts.append(
                _("{tier} up to {kg} kg").format(tier=row.get("tier"), kg=row.get("max_kg") or "…")
            )
        else:
            parts.append(", ".join(str(v) for v in row.values()))
    return "; ".join(parts)


class RateCardModel(ListTableModel[RateRow]):
    class Col(IntEnum):
        RATE = 0
        VALUE = 1
        UNIT = 2
        STATUS = 3
        SOURCE = 4

    columns: ClassVar[type[IntEnum]] = Col
    value_edited = Signal(str, str, str)  # card, key, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[tuple[str, str], str] = {}
        self._read_only = False

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.RATE: _("Rate or fee"),
            c.VALUE: _("Figure"),
            c.UNIT: _("Unit"),
            c.STATUS: _("Status"),
            c.SOURCE: _("Source and date"),
        }

    def set_errors(self, errors: dict[tuple[str, str], str]) -> None:
        self._errors = errors
        self.all_changed()

    def value_text(self, row: RateRow) -> str:
        if row.is_table:
            return table_summary(row.key, row.rows())
        if row.override is not None:
            return plain(row.override.get("value"))
        assert isinstance(row.default, Param)
        return plain(row.default.value)

    @override
    def cell_data(self, item: RateRow, row: int, column: int, role: int) -> Any:
        c = self.Col
        error = self._errors.get((item.card, item.key))
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return QBrush(INVALID_ROW)
        if role == Qt.ItemDataRole.ForegroundRole and column == c.STATUS:
            if item.status == ENTERED:
                return QBrush(QColor("#1f6fb2"))
            if item.status in UNSURE:
                return QBrush(QColor("#b26a00"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return error or self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == c.VALUE and not item.is_table:
            return int(NUMBER_ALIGNMENT)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == c.RATE:
            return rate_name(item.card, item.key)
        if column == c.VALUE:
            return self.value_text(item)
        if column == c.UNIT:
            currency = item.override.get("currency") if item.override else None
            return unit_text(item.default.unit, currency or item.default.currency)
        if column == c.STATUS:
            return status_label(item.status)
        if column == c.SOURCE:
            if item.override is not None:
                return _("your figure (default: {source})").format(source=self._source(item))
            return self._source(item)
        return None

    @staticmethod
    def _source(item: RateRow) -> str:
        source = item.default.source
        if item.default.as_of:
            return _("{source} (as of {date})").format(source=source, date=item.default.as_of)
        return source

    def _tooltip(self, item: RateRow, column: int) -> str | None:
        default = item.default
        if column == self.Col.VALUE and isinstance(default, Param) and default.is_range:
            return _(
                "The document gives a range of {low} to {high}; the default is its middle."
            ).format(
                low=format_decimal(default.low or 0, 2), high=format_decimal(default.high or 0, 2)
            )
        if column == self.Col.VALUE and item.is_table:
            return _("Double-click to edit the table")
        if column == self.Col.SOURCE:
            return self._source(item)
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            index.isValid()
            and index.column() == self.Col.VALUE
            and not self._read_only
            and not self.item(index.row()).is_table
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.Col.VALUE:
            return False
        item = self.item(index.row())
        self.value_edited.emit(item.card, item.key, str(value))
        return True


class RateTableDialog(QDialog):
    """Edits the rows of one rate-card table (e.g. 3PL storage by stock age)."""

    def __init__(
        self, title: str, key: str, rows: Sequence[Mapping[str, Any]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._kinds = TABLE_FIELDS.get(key, {})
        self._fields = list(self._kinds)
        self.table = QTableWidget(0, len(self._fields), self)
        self.table.setHorizontalHeaderLabels([label(TABLE_FIELD_LABELS, f) for f in self._fields])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row in rows:
            self._append(row)
        self.add_button = QPushButton(_("Add row"), self)
        self.remove_button = QPushButton(_("Remove row"), self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        hint = hint_label(self)
        hint.setText(_("Sizes are length × width × height in cm, e.g. 45.7 × 35.6 × 20.3."))
        hint.setVisible("max_cm" in self._fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(lambda: self._append({}))
        self.remove_button.clicked.connect(self._remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 360)

    def _append(self, row: Mapping[str, Any]) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, name in enumerate(self._fields):
            value = row.get(name)
            if isinstance(value, list | tuple):
                text = " × ".join(plain(v) for v in value)
            else:
                text = plain(value)
            self.table.setItem(index, column, QTableWidgetItem(text))

    @Slot()
    def _remove(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)

    def rows(self) -> list[dict[str, Any]]:
        result = []
        for index in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for column, name in enumerate(self._fields):
                item = self.table.item(index, column)
                text = item.text().strip() if item is not None else ""
                kind = self._kinds.get(name, "n")
                if kind == "dims?":
                    parts = [p for p in re.split(r"[×xX*,\s]+", text) if p]
                    row[name] = parts or None
                elif kind == "t":
                    row[name] = text
                else:
                    row[name] = money_value(text)
            result.append(row)
        return result

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, key: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]] | None:
        dialog = cls(title, key, rows, parent)
        return dialog.rows() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RateCardPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: Doc | None = None
        self._read_only = False
        self.intro = hint_label(self)
        self.model = RateCardModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.edit_table_button = QPushButton(self)
        self.reset_button = QPushButton(self)
        self.reset_all_button = QPushButton(self)
        self.error = error_label(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_table_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.reset_all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.model.value_edited.connect(self._on_value_edited)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.edit_table_button.clicked.connect(self.edit_table)
        self.reset_button.clicked.connect(self.reset_current)
        self.reset_all_button.clicked.connect(self.reset_all)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "The defaults come from the planning document, each with its source and date; "
                "values marked placeholder or assumed are examples. Type your own quote over a "
                "value (double-click); tables open in a dialog."
            )
        )
        self.edit_table_button.setText(_("Edit table…"))
        self.reset_button.setText(_("Reset to default"))
        self.reset_all_button.setText(_("Reset all to defaults"))
        self.model.retranslate()
        self.view.resizeColumnsToContents()
        self._update_buttons()

    # ---- state -----------------------------------------------------------------------------

    def load(self, doc: Doc | None) -> None:
        self._doc = doc
        self._refresh()
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(self.model.Col.VALUE, min(self.view.columnWidth(1), 260))
        self.view.setColumnWidth(self.model.Col.RATE, min(self.view.columnWidth(0), 320))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.set_read_only(read_only)
        self._update_buttons()

    def _costs(self) -> dict[str, Any]:
        assert self._doc is not None
        costs = self._doc.get("costs")
        if not isinstance(costs, dict):
            costs = {}
            self._doc["costs"] = costs
        return costs

    def _refresh(self) -> None:
        current = self.view.currentIndex().row()
        market = str((self._doc or {}).get("market") or "")
        rows: list[RateRow] = []
        if self._doc is not None and market:
            costs = self._doc.get("costs") or {}
            cards = default_cards(market)
            for card, key, entry in cards.entries():
                override = (costs.get(card) or {}).get(key)
                rows.append(
                    RateRow(card, key, entry, override if isinstance(override, Mapping) else None)
                )
        self.model.set_items(rows)
        if 0 <= current < len(rows):
            self.view.selectRow(current)
        self._update_buttons()

    def row_for(self, card: str, key: str) -> int:
        return next(
            (i for i, r in enumerate(self.model.items()) if (r.card, r.key) == (card, key)), -1
        )

    def _current(self) -> RateRow | None:
        row = self.view.currentIndex().row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    def _set_override(self, card: str, key: str, entry: dict[str, Any] | None) -> None:
        costs = self._costs()
        entries = costs.setdefault(card, {})
        if entry is None:
            entries.pop(key, None)
            if not entries:
                costs.pop(card, None)
        else:
            entries[key] = entry
        self._refresh()
        self.changed.emit()

    def set_value(self, card: str, key: str, text: str) -> None:
        """Uses ``text`` as this market's value of the rate (empty: back to the default)."""
        row = self.row_for(card, key)
        if row < 0 or self._read_only:
            return
        default = self.model.item(row).default
        value = money_value(text)
        if value is None:
            self._set_override(card, key, None)
            return
        entry: dict[str, Any] = {"value": value}
        if default.currency:
            entry["currency"] = default.currency
        self._set_override(card, key, entry)

    @Slot(str, str, str)
    def _on_value_edited(self, card: str, key: str, text: str) -> None:
        self.set_value(card, key, text)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if self.model.item(index.row()).is_table:
            self.edit_table()

    @Slot()
    def edit_table(self) -> None:
        row = self._current()
        if row is None or not row.is_table or self._read_only:
            return
        rows = RateTableDialog.ask(self, rate_name(row.card, row.key), row.key, row.rows())
        if rows is None:
            return
        entry: dict[str, Any] = {"rows": rows}
        if row.default.currency:
            entry["currency"] = row.default.currency
        self._set_override(row.card, row.key, entry)

    @Slot()
    def reset_current(self) -> None:
        row = self._current()
        if row is not None and row.override is not None:
            self._set_override(row.card, row.key, None)

    @Slot()
    def reset_all(self) -> None:
        if self._doc is not None and self._doc.get("costs"):
            self._doc["costs"] = {}
            self._refresh()
            self.changed.emit()

    @Slot()
    def _update_buttons(self) -> None:
        row = self._current()
        writable = not self._read_only and self._doc is not None
        self.edit_table_button.setEnabled(writable and row is not None and row.is_table)
        self.reset_button.setEnabled(writable and row is not None and row.override is not None)
        self.reset_all_button.setEnabled(writable and bool((self._doc or {}).get("costs")))

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        mine = {p: m for p, m in errors.items() if p.startswith("costs")}
        by_row: dict[tuple[str, str], str] = {}
        lines = []
        for path, message in mine.items():
            found = _COST_PATH.match(path)
            if found is not None:
                card, key = found.groups()
                by_row.setdefault((card, key), message)
                lines.append(
                    _("{rate}: {message}").format(rate=rate_name(card, key), message=message)
                )
            else:
                lines.append(message)
        self.model.set_errors(by_row)
        self.error.setText("\n".join(dict.fromkeys(lines)))
        self.error.setVisible(bool(lines))
        return set(mine)
