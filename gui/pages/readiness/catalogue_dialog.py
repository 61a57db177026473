"""The local service catalogue (domain/readiness.md §3.5): the units and platforms the action
plans name, edited by the service centre.

The catalogue is seeded from the questionnaire in use on opening (new keys only; local edits
are never overwritten). Cells are edited in place; Save writes each changed unit with
``ServiceCatalogue.save`` — a unit with errors is not written, its cells are tinted with the
message, the others are saved. Entries marked ``verify`` carry a visible 待核实 mark.
"""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.errors import show_error
from gui.models import SORT_ROLE, ListTableModel
from services.core.errors import AppError, ValidationError
from services.core.i18n import N_, _, format_integer
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit
from services.readiness.questionnaire import active_questionnaire

AnyIndex = QModelIndex | QPersistentModelIndex

KIND_LABELS: dict[str, str] = {
    "local_public": N_("Local public service"),
    "gov_platform": N_("Government platform"),
    "gov": N_("Government office"),
    "finance": N_("Finance"),
    "semi_gov": N_("Semi-governmental"),
    "public_platform": N_("Public platform"),
    "trade_fair": N_("Trade fair"),
    "commercial_platform": N_("Commercial platform"),
    "commercial": N_("Commercial provider"),
    "logistics": N_("Logistics"),
    "ip": N_("Intellectual property"),
    "legal": N_("Legal"),
    "training": N_("Training"),
}
VERIFY_BACKGROUND = "#ffe3a3"
ERROR_BACKGROUND = "#fde0e0"


class CatalogueModel(ListTableModel[ServiceUnit]):
    class Col(IntEnum):
        KEY = 0
        NAME_ZH = 1
        NAME_EN = 2
        KIND = 3
        HELPS = 4
        CONTACT = 5
        LINK = 6
        ACTIVE = 7
        VERIFY = 8

    columns: ClassVar[type[IntEnum]] = Col
    edited = Signal()
    TEXT_FIELDS: ClassVar[dict[int, str]] = {
        Col.KEY: "key", Col.NAME_ZH: "name_zh", Col.NAME_EN: "name_en", Col.KIND: "kind",
        Col.HELPS: "helps", Col.CONTACT: "contact", Col.LINK: "link",
    }  # fmt: skip
    FIELD_COLUMNS: ClassVar[dict[str, int]] = {v: k for k, v in TEXT_FIELDS.items()}

    def __init__(self, parent: QObject | None = None) -> None:
        self._read_only = False
        self._stored: set[str] = set()  # keys already in the database (their key is fixed)
        self._changed: set[int] = set()
        self._errors: dict[tuple[int, int], str] = {}
        super().__init__(parent)

    def load(self, units: list[ServiceUnit]) -> None:
        self._stored = {u.key for u in units}
        self.set_items(units)

    @override
    def on_items_reset(self) -> None:
        self._changed = set()
        self._errors = {}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def changed_rows(self) -> list[int]:
        return sorted(self._changed)

    def errors(self) -> dict[tuple[int, int], str]:
        return dict(self._errors)

    def set_row_errors(self, row: int, errors: dict[int, str]) -> None:
        self._errors = {k: v for k, v in self._errors.items() if k[0] != row}
        self._errors.update({(row, col): msg for col, msg in errors.items()})
        self.row_changed(row)

    def mark_saved(self, row: int, unit: ServiceUnit) -> None:
        self._changed.discard(row)
        self._stored.add(unit.key)
        self.set_row_errors(row, {})
        self.replace_item(row, unit)

    def add_unit(self) -> int:
        row = self.append_item(ServiceUnit(key="", name_zh="", name_en=""))
        self._changed.add(row)
        self.edited.emit()
        return row

    @override
    def headers(self) -> dict[IntEnum, str]:
        c = self.Col
        return {
            c.KEY: _("Key"),
            c.NAME_ZH: _("Name (Chinese)"),
            c.NAME_EN: _("Name (English)"),
            c.KIND: _("Type"),
            c.HELPS: _("What it helps with"),
            c.CONTACT: _("Contact"),
            c.LINK: _("Link"),
            c.ACTIVE: _("Active"),
            c.VERIFY: _("To be verified"),
        }

    @override
    def cell_data(self, item: ServiceUnit, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if col in (self.Col.ACTIVE, self.Col.VERIFY):
            value = item.active if col == self.Col.ACTIVE else item.verify
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole and col == self.Col.VERIFY and item.verify:
                return _("To be verified")
            if role == SORT_ROLE:
                return int(value)
        elif role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            raw = str(getattr(item, self.TEXT_FIELDS[column]))
            if col == self.Col.KIND and role == Qt.ItemDataRole.DisplayRole:
                label = KIND_LABELS.get(raw)
                return _(label) if label else raw
            return raw
        if role == Qt.ItemDataRole.ToolTipRole:
            error = self._errors.get((row, column))
            if error:
                return error
            if col == self.Col.VERIFY and item.verify:
                return _("Facts of this entry must be confirmed by the service centre.")
            if col in (self.Col.HELPS, self.Col.NAME_ZH, self.Col.NAME_EN):
                return str(getattr(item, self.TEXT_FIELDS[column])) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row, column) in self._errors:
                return QColor(ERROR_BACKGROUND)
            if item.verify and col in (self.Col.VERIFY, self.Col.NAME_ZH):
                return QColor(VERIFY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QColor("#8a8a8a")
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self._read_only:
            return base
        col = self.Col(index.column())
        if col in (self.Col.ACTIVE, self.Col.VERIFY):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if col == self.Col.KEY and self.item(index.row()).key in self._stored:
            return base  # a stored key names the unit in every plan: fixed
        return base | Qt.ItemFlag.ItemIsEditable

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._read_only:
            return False
        row, col = index.row(), self.Col(index.column())
        unit = self.item(row)
        if col in (self.Col.ACTIVE, self.Col.VERIFY):
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if col == self.Col.ACTIVE:
                new = replace(unit, active=checked)
            else:
                new = replace(unit, verify=checked)
        elif role == Qt.ItemDataRole.EditRole and self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            fields: dict[str, Any] = {self.TEXT_FIELDS[col]: str(value)}
            new = replace(unit, **fields)
        else:
            return False
        if new == unit:
            return False
        self._changed.add(row)
        self._errors.pop((row, int(col)), None)
        self.replace_item(row, new)
        self.edited.emit()
        return True


class ServiceCatalogueDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._catalogue = ServiceCatalogue(ctx.store.db)
        if not ctx.read_only:
            self._catalogue.seed(active_questionnaire(ctx.store.db))
        self.model = CatalogueModel(self)
        self.model.edited.connect(self._update_state)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        c = CatalogueModel.Col
        for col, width in (
            (c.KEY, 120), (c.NAME_ZH, 230), (c.NAME_EN, 190), (c.KIND, 110), (c.HELPS, 150),
            (c.CONTACT, 110), (c.LINK, 130), (c.ACTIVE, 50), (c.VERIFY, 100),
        ):  # fmt: skip
            header.resizeSection(col, width)
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("catalogueErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        self.add_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_unit)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.resize(1200, 640)
        self.model.set_read_only(ctx.read_only)
        if ctx.read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.reload()
        self.retranslate()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: GuiContext) -> None:
        dialog = cls(ctx, parent)
        dialog.exec()

    def reload(self) -> None:
        self.model.load(self._catalogue.all())
        self.error_label.hide()
        self._update_state()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Service catalogue"))
        self.intro_label.setText(
            _(
                "The units and platforms the action plans name. Double-click a cell to edit; "
                "inactive units are not proposed in new plans. Entries marked “to be verified” "
                "must be confirmed by the service centre before use."
            )
            if not self._ctx.read_only
            else _("The data are open read-only: the catalogue cannot be edited.")
        )
        self.add_button.setText(_("Add unit"))
        self.save_button.setText(_("Save"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()

    def add_unit(self) -> None:
        if self._ctx.read_only:
            return
        row = self.model.add_unit()
        index = self.model.index(row, CatalogueModel.Col.KEY)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def save(self) -> bool:
        """Writes every changed unit; returns whether all were saved."""
        if self._ctx.read_only:
            return False
        messages = []
        for row in self.model.changed_rows():
            unit = self.model.item(row)
            try:
                saved = self._catalogue.save(unit)
            except ValidationError as exc:
                cells = {}
                for err in exc.errors:
                    col = CatalogueModel.FIELD_COLUMNS.get(err.field or "", CatalogueModel.Col.KEY)
                    cells[col] = err.message
                    messages.append(
                        _("Row {row} ({name}): {message}").format(
                            row=format_integer(row + 1),
                            name=unit.name_zh or unit.key,
                            message=err.message,
                        )
                    )
                self.model.set_row_errors(row, cells)
            except AppError as exc:
                show_error(self, exc)
                return False
            else:
                self.model.mark_saved(row, saved)
        self.error_label.setText("\n".join(messages))
        self.error_label.setVisible(bool(messages))
        self._update_state()
        if not messages:
            self._ctx.hub.status_message.emit(_("Service catalogue saved."))
        return not messages

    def _update_state(self) -> None:
        editable = not self._ctx.read_only
        self.add_button.setEnabled(editable)
        self.save_button.setEnabled(editable and bool(self.model.changed_rows()))

    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
