"""Where RCEP helps a company: its products × the RCEP Parties of its target markets, each cell
colour-coded by status, and the details of the selected cell (rates, final year, source).

The embedding page calls :meth:`CompanyTariffView.show_company` and :meth:`retranslate`.

Service calls (on the GUI thread with ``ctx.store.db``): ``CompanyRepository.find``/``get`` and
``services.rcep.opportunities.company_opportunities`` (one tariff lookup per product and Party,
a few milliseconds each). Reloads on ``companies_changed`` and ``data_replaced``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.models import OBJECT_ROLE, AnyIndex
from gui.pages.rcep.savings import rate_text
from services.companies.models import Company, CompanyFilter
from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import AppError
from services.core.i18n import _, format_percent
from services.rcep.opportunities import (
    MFN_UNKNOWN,
    NO_CHANGE,
    NO_DATA,
    NOT_RCEP,
    SAVES_NOW,
    WILL_SAVE,
    Opportunity,
    company_opportunities,
    status_label,
)
from services.rcep.parties import PARTIES
from services.rcep.tariff_repository import TariffRepository
from services.refdata.countries import market_name

STATUS_COLOURS = {
    SAVES_NOW: "#c8e6c9",
    WILL_SAVE: "#bbdefb",
    MFN_UNKNOWN: "#e1d5f0",
    NO_CHANGE: "#eeeeee",
    NO_DATA: "#ffecb3",
    NOT_RCEP: "#f5f5f5",
}


class OpportunityMatrixModel(QAbstractTableModel):
    """Rows: the company's products; columns: the RCEP Parties (and non-RCEP markets)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._products: list[tuple[str, str, str]] = []  # id, name, HS code
        self._columns: list[tuple[str, str | None]] = []  # market, Party (None: not RCEP)
        self._cells: dict[tuple[str, str, str | None], Opportunity] = {}

    def set_data(self, company: Company | None, rows: list[Opportunity]) -> None:
        self.beginResetModel()
        self._products = [
            (p.id, p.name, p.hs_code) for p in (company.products if company else ()) if p.hs_code
        ]
        self._columns = []
        self._cells = {}
        for row in rows:
            key = (row.market, row.party)
            if key not in self._columns:
                self._columns.append(key)
            self._cells[(row.product_id, row.market, row.party)] = row
        self.endResetModel()

    def retranslate(self) -> None:
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._products and self._columns:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._products) - 1, len(self._columns) - 1)
            )

    def cell(self, row: int, column: int) -> Opportunity | None:
        product_id = self._products[row][0]
        market, party = self._columns[column]
        if party is None:
            return self._cells.get(("", market, None))
        return self._cells.get((product_id, market, party))

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._products)

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            market, party = self._columns[section]
            if party is None:
                return market_name(market)
            if role == Qt.ItemDataRole.ToolTipRole or party == market:
                return PARTIES[party].name()
            return _("{party} ({group})").format(
                party=PARTIES[party].name(), group=market_name(market)
            )
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._products):
            _id, name, hs = self._products[section]
            return f"{name}  {hs}"
        return None

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._products) and 0 <= index.column() < len(self._columns)
        ):
            return None
        item = self.cell(index.row(), index.column())
        if item is None:
            return None
        if role == OBJECT_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            text = status_label(item.status)
            if item.status == SAVES_NOW and item.margin is not None:
                text = _("{status} (−{points})").format(
                    status=text, points=format_percent(item.margin, 1)
                )
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(STATUS_COLOURS[item.status])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#202020")
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.message or status_label(item.status)
        return None


class CompanyTariffView(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company: Company | None = None
        self._build()
        ctx.hub.companies_changed.connect(self._on_companies_changed)
        ctx.hub.data_replaced.connect(self._on_companies_changed)
        self.retranslate()
        self._fill_companies()

    def _build(self) -> None:
        self.company_label = QLabel(self)
        self.company_combo = QComboBox(self)
        self.company_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_label = QLabel(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = local_today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.model = OpportunityMatrixModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumWidth(260)
        self.details.setStyleSheet("padding: 8px;")

        top = QHBoxLayout()
        top.addWidget(self.company_label)
        top.addWidget(self.company_combo, 1)
        top.addWidget(self.date_label)
        top.addWidget(self.date_edit)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)

        self.company_combo.currentIndexChanged.connect(self._on_company_chosen)
        self.date_edit.dateChanged.connect(self._reload_matrix)
        self.table.selectionModel().currentChanged.connect(self._on_current_changed)

    def retranslate(self) -> None:
        self.company_label.setText(_("Company"))
        self.date_label.setText(_("Date"))
        self.legend.setText(
            "  ".join(
                f'<span style="background:{STATUS_COLOURS[s]}">&nbsp;{status_label(s)}&nbsp;</span>'
                for s in (SAVES_NOW, WILL_SAVE, MFN_UNKNOWN, NO_CHANGE, NO_DATA, NOT_RCEP)
            )
        )
        self.empty_label.setText(
            _("Choose a company with products (HS codes) and target markets.")
            if self._company is None or not self.model.rowCount()
            else ""
        )
        self.empty_label.setVisible(bool(self.empty_label.text()))
        self.model.retranslate()
        self._show_details()

    # ---- company ---------------------------------------------------------------------------

    def show_company(self, company_id: str | None) -> None:
        index = self.company_combo.findData(company_id) if company_id else -1
        if company_id and index < 0:
            self._fill_companies()
            index = self.company_combo.findData(company_id)
        self.company_combo.setCurrentIndex(index)
        if index < 0:
            self._load(None)

    def company_id(self) -> str | None:
        return self._company.id if self._company else None

    def _fill_companies(self) -> None:
        current = self.company_combo.currentData()
        self.company_combo.blockSignals(True)
        self.company_combo.clear()
        for summary in CompanyRepository(self._ctx.store.db).find(CompanyFilter()):
            self.company_combo.addItem(summary.name_zh, summary.id)
        index = self.company_combo.findData(current) if current else -1
        if index < 0 and self.company_combo.count():
            index = 0  # never an empty view when there is a company to show
        self.company_combo.setCurrentIndex(index)
        self.company_combo.blockSignals(False)
        chosen = self.company_combo.itemData(index) if index >= 0 else None
        self._load(str(chosen) if chosen else None)

    @Slot()
    def _on_companies_changed(self) -> None:
        self._fill_companies()

    @Slot()
    def _on_company_chosen(self) -> None:
        data = self.company_combo.currentData()
        self._load(str(data) if data else None)

    def _load(self, company_id: str | None) -> None:
        try:
            self._company = (
                CompanyRepository(self._ctx.store.db).get(company_id) if company_id else None
            )
        except AppError:
            self._company = None
        self._reload_matrix()

    def day(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    @Slot()
    def _reload_matrix(self) -> None:
        rows: list[Opportunity] = []
        if self._company is not None:
            rows = company_opportunities(
                self._company, TariffRepository(self._ctx.store.db), self.day()
            )
        self.model.set_data(self._company, rows)
        self.table.resizeColumnsToContents()
        self.retranslate()

    # ---- details ---------------------------------------------------------------------------

    def current_opportunity(self) -> Opportunity | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        item = self.model.data(index, OBJECT_ROLE)
        return item if isinstance(item, Opportunity) else None

    @Slot()
    def _on_current_changed(self) -> None:
        self._show_details()

    def _show_details(self) -> None:
        item = self.current_opportunity()
        if item is None:
            self.details.setText(_("Select a cell to see its rates and source."))
            return
        lines = [status_label(item.status)]
        if item.party is None:
            lines.append(
                _("{market} is not an RCEP Party; RCEP rates do not apply there.").format(
                    market=market_name(item.market)
                )
            )
            self.details.setText("\n".join(lines))
            return
        product = self.model.headerData(self.table.currentIndex().row(), Qt.Orientation.Vertical)
        lines.append(
            _("{product} into {party}").format(product=product, party=PARTIES[item.party].name())
        )
        if item.status == NO_DATA:
            lines.append(item.message)
            self.details.setText("\n".join(lines))
            return
        if item.line:
            lines.append(_("Line {line}: {description}").format(
                line=item.line, description=item.description))  # fmt: skip
        lines.append(_("MFN: {rate}").format(rate=rate_text(item.mfn)))
        lines.append(_("RCEP now: {rate}").format(rate=rate_text(item.rcep)))
        if item.margin is not None:
            lines.append(_("Margin: {points}").format(points=format_percent(item.margin, 1)))
        if item.final is not None and item.final_year is not None:
            lines.append(_("Final rate: {rate} in year {year}").format(
                rate=rate_text(item.final), year=item.final_year))  # fmt: skip
        for source in {s.id: s for s in (item.source, item.mfn_source) if s}.values():
            lines.append(_("Source: {title}, {edition}. {attribution}").format(
                title=source.title, edition=source.edition_date,
                attribution=source.attribution))  # fmt: skip
        self.details.setText("\n".join(lines))
