"""The saved origin assessments of a company: a table (newest first) with open, delete and
"duplicate for another importing Party"; the same table, read-only, on the company page.

Service calls (quick, on the GUI thread): ``OriginRepository.list_for_company``, ``delete`` and
``duplicate_for_party`` (which re-runs the engine on the same BOM version and rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.models import BADGES_ROLE, OBJECT_ROLE, SORT_ROLE, ListTableModel
from gui.pages.rcep.origin.verdict import party_label
from gui.widgets.badges import BadgeDelegate
from gui.widgets.views import read_only_table
from services.core.clock import local_today
from services.core.errors import AppError, NotFoundError
from services.core.i18n import _, format_date, format_integer, ngettext
from services.rcep.origin_store import AssessmentSummary, OriginRepository, StoredAssessment
from services.rcep.parties import PARTIES
from services.refdata.countries import country_name
from services.refdata.hs import clean_code, format_code

OK_COLOUR = "#2e7d32"
BAD_COLOUR = "#c62828"


def result_text(originating: bool) -> str:
    return _("Originating") if originating else _("Not originating")


class SavedAssessmentsModel(ListTableModel[AssessmentSummary]):
    class Col(IntEnum):
        DATE = 0
        PRODUCT = 1
        INTO = 2
        RESULT = 3
        CRITERION = 4
        RULE = 5
        VERSION = 6

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ok = QColor(OK_COLOUR)
        self._bad = QColor(BAD_COLOUR)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.DATE: _("Assessed on"),
            c.PRODUCT: _("Product"),
            c.INTO: _("Into"),
            c.RESULT: _("Result"),
            c.CRITERION: _("Criterion"),
            c.RULE: _("Rule"),
            c.VERSION: _("BOM version"),
        }

    @staticmethod
    def product_text(item: AssessmentSummary) -> str:
        digits = clean_code(item.product_hs)
        hs = format_code(digits) if digits.isdigit() and len(digits) >= 6 else item.product_hs
        name = item.product_name or _("(product removed)")
        return _("{name} ({hs})").format(name=name, hs=hs) if hs else name

    @override
    def cell_data(self, item: AssessmentSummary, row: int, column: int, role: int) -> Any:
        c = self.Col
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                c.DATE: format_date(item.assessed_on),
                c.PRODUCT: self.product_text(item),
                c.INTO: party_label(item.importing_party) if item.importing_party else "—",
                c.RESULT: result_text(item.originating),
                c.CRITERION: item.criterion or "—",
                c.RULE: item.rule_text,
                c.VERSION: _("v{number}").format(number=item.bom_version),
            }.get(self.Col(column))
        if role == SORT_ROLE and column == c.DATE:
            return (item.assessed_on.isoformat(), item.created_at)
        if role == Qt.ItemDataRole.ForegroundRole and column == c.RESULT:
            return self._ok if item.originating else self._bad
        if role == BADGES_ROLE and column == c.PRODUCT and item.product_removed:
            return [(_("Removed"), "archived")]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == c.PRODUCT and item.product_removed:
                return _("The product was removed from the company; the assessment is kept.")
            if column == c.RULE and item.rule_source:
                return _("Source: {source}").format(source=item.rule_source)
        return None

    def row_of(self, assessment_id: str) -> int:
        for row, item in enumerate(self._items):
            if item.id == assessment_id:
                return row
        return -1


class PartyDialog(QDialog):
    """Asks for the importing Party of a copy (any Party but the one it was made for)."""

    def __init__(self, exclude: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Duplicate for another importing Party"))
        self.combo = QComboBox(self)
        for code in sorted(PARTIES, key=country_name):
            if code != exclude:
                self.combo.addItem(party_label(code), code)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Duplicate"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(_("The same bill of materials and rule, assessed for another Party."), self)
        )
        form.addRow(_("Importing Party"), self.combo)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, exclude: str | None) -> str | None:
        dialog = cls(exclude, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return str(dialog.combo.currentData())
            return None
        finally:
            dialog.deleteLater()


class SavedAssessmentsView(QWidget):
    """``compact``: the read-only list of the company page (open on the origin page only)."""

    open_requested = Signal(str)  # assessment id
    changed = Signal()  # an assessment was added or deleted here

    def __init__(
        self, ctx: GuiContext, parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company_id: str | None = None
        self._compact = compact
        self.model = SavedAssessmentsModel(self)
        self.table: QTableView = read_only_table(
            self.model, self, stretch=SavedAssessmentsModel.Col.PRODUCT
        )
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(
            SavedAssessmentsModel.Col.PRODUCT, BadgeDelegate(self.table)
        )
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #6b6b6b;")
        self.open_button = QPushButton(self)
        self.duplicate_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        if compact:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.duplicate_button.setVisible(not compact)
        self.delete_button.setVisible(not compact)
        if compact:  # a narrow tab: the product, Party and result matter most
            self.table.hideColumn(SavedAssessmentsModel.Col.RULE)
            self.table.hideColumn(SavedAssessmentsModel.Col.VERSION)
        self.open_button.clicked.connect(self._on_open)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(_("Open on the origin page") if self._compact else _("Open"))
        self.open_button.setToolTip(_("Show the bill of materials and the verdict"))
        self.duplicate_button.setText(_("Duplicate for another Party…"))
        self.duplicate_button.setToolTip(
            _("Assess the same bill of materials and rule for another importing Party")
        )
        self.delete_button.setText(_("Delete"))
        self.model.retranslate()
        self._update_empty()
        self._update_buttons()

    # ---- state -----------------------------------------------------------------------------

    def set_company(self, company_id: str | None) -> None:
        self._company_id = company_id
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        current = select or self.current_id()
        rows: list[AssessmentSummary] = []
        if self._company_id:
            try:
                rows = OriginRepository(
                    self._ctx.store.db, self._ctx.reference.hs
                ).list_for_company(self._company_id)
            except NotFoundError:
                rows = []
        self.model.set_items(rows)
        row = self.model.row_of(current) if current else -1
        if row < 0 and self.model.rowCount():
            row = 0  # something selected, so that Open works straight away
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_empty()
        self._update_buttons()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if self._compact:  # assessments are saved on another page: always show the latest
            self.refresh()
        super().showEvent(event)

    def count(self) -> int:
        return self.model.rowCount()

    def current(self) -> AssessmentSummary | None:
        index = self.table.currentIndex()
        item = index.data(OBJECT_ROLE) if index.isValid() else None
        return item if isinstance(item, AssessmentSummary) else None

    def current_id(self) -> str | None:
        item = self.current()
        return item.id if item else None

    def select(self, assessment_id: str) -> None:
        row = self.model.row_of(assessment_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _update_empty(self) -> None:
        self.empty_label.setText(
            _("No saved origin assessments yet.")
            if self._compact
            else _("No saved assessments for this company yet: assess a product and save it.")
        )
        self.empty_label.setVisible(not self.model.rowCount())

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        has = self.current() is not None
        writable = not self._ctx.read_only
        self.open_button.setEnabled(has)
        self.duplicate_button.setEnabled(has and writable)
        self.delete_button.setEnabled(has and writable)

    # ---- actions ---------------------------------------------------------------------------

    def _on_double_clicked(self, index: QModelIndex) -> None:
        item = index.data(OBJECT_ROLE)
        if isinstance(item, AssessmentSummary):
            self.open_requested.emit(item.id)

    @Slot()
    def _on_open(self) -> None:
        item = self.current()
        if item is not None:
            self.open_requested.emit(item.id)

    @Slot()
    def delete_current(self) -> bool:
        item = self.current()
        if item is None or self._ctx.read_only:
            return False
        question = _("Delete the assessment of {product} for {party} of {date}?").format(
            product=self.model.product_text(item),
            party=party_label(item.importing_party) if item.importing_party else "—",
            date=format_date(item.assessed_on),
        )
        if not dialogs.confirm(self, _("Delete assessment"), question, destructive=True):
            return False
        try:
            OriginRepository(self._ctx.store.db, self._ctx.reference.hs).delete(item.id)
        except AppError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        self.changed.emit()
        self._ctx.hub.companies_changed.emit()  # the company page lists the assessments too
        self._ctx.hub.status_message.emit(_("Deleted the assessment."))
        return True

    @Slot()
    def duplicate_current(self) -> StoredAssessment | None:
        item = self.current()
        if item is None or self._ctx.read_only:
            return None
        party = PartyDialog.ask(self, item.importing_party)
        if party is None:
            return None
        try:
            copy = OriginRepository(self._ctx.store.db, self._ctx.reference.hs).duplicate_for_party(
                item.id, party, local_today()
            )
        except AppError as exc:
            show_error(self, exc)
            return None
        self.refresh(select=copy.id)
        self.changed.emit()
        self._ctx.hub.companies_changed.emit()
        self._ctx.hub.status_message.emit(
            _("Assessed the same bill of materials for {party}: {result}.").format(
                party=party_label(party), result=result_text(copy.originating)
            )
        )
        return copy

    def summary_text(self) -> str:
        count = self.model.rowCount()
        return ngettext("{count} assessment", "{count} assessments", count).format(
            count=format_integer(count)
        )
