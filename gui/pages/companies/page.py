"""The companies page: the company list (search and filters) on the left, the editor on the right.

Service calls (all quick, on the GUI thread with ``ctx.store.db``):
``CompanyRepository.find(CompanyFilter(...))`` on every key stroke in the search box and every
filter change (1,000 companies take a few milliseconds); ``get`` when a company is opened;
``save`` (in the editor), ``set_archived`` and ``delete``.

After any change the page emits ``ctx.hub.companies_changed`` and ``ctx.hub.status_message``; it
reloads on ``companies_changed`` and ``data_replaced`` and relabels itself on
``language_changed``. The main window drives it through ``new_company``, ``select_company``,
``archive_current``, ``restore_current``, ``delete_current``, ``focus_search`` and ``reload``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.models import OBJECT_ROLE, SORT_ROLE
from gui.pages.companies.editor import CompanyEditor
from gui.pages.companies.models import CompaniesTableModel
from gui.widgets.badges import BadgeDelegate
from gui.widgets.choice_combo import ChoiceCombo
from services.companies.models import INDUSTRIES, Company, CompanyFilter, CompanySummary
from services.companies.repository import CompanyRepository
from services.core.errors import AppError, NotFoundError
from services.core.i18n import _, format_integer, ngettext
from services.refdata.countries import all_markets

Col = CompaniesTableModel.Col


class CompaniesPage(QWidget):
    current_changed = Signal(object)  # company id (str) or None

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._syncing = False
        self._build()
        ctx.hub.companies_changed.connect(self._on_companies_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.retranslate()
        self._apply_read_only()
        self.reload()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        left = QWidget(self)
        self.search_edit = QLineEdit(left)
        self.search_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton(left)
        self.industry_combo = ChoiceCombo(INDUSTRIES, lambda: _("All industries"), left)
        self.market_combo = QComboBox(left)
        self.market_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.market_combo.setMaxVisibleItems(20)
        self.archived_check = QCheckBox(left)

        self.model = CompaniesTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.table = QTableView(left)
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(Col.NAME_ZH, BadgeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Col.NAME_ZH, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for col, width in (
            (Col.NAME_ZH, 260),
            (Col.NAME_EN, 230),
            (Col.USCC, 170),
            (Col.INDUSTRY, 130),
            (Col.STAGE, 130),
            (Col.MARKETS, 200),
            (Col.PRODUCTS, 70),
            (Col.UPDATED, 120),
        ):
            header.resizeSection(col, width)

        self.empty_label = QLabel(left)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #6b6b6b; padding: 24px;")
        self.list_stack = QStackedWidget(left)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        self.count_label = QLabel(left)
        self.read_only_label = QLabel(left)
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("color: #b26a00;")

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.new_button)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.industry_combo)
        filter_row.addWidget(self.market_combo)
        filter_row.addWidget(self.archived_check)
        filter_row.addStretch(1)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.read_only_label)
        left_layout.addWidget(self.list_stack, 1)
        left_layout.addWidget(self.count_label)

        self.editor = CompanyEditor(self._ctx, self)
        self.placeholder = QWidget(self)
        self.placeholder_label = QLabel(self.placeholder)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setStyleSheet("color: #6b6b6b;")
        self.placeholder_new_button = QPushButton(self.placeholder)
        placeholder_layout = QVBoxLayout(self.placeholder)
        placeholder_layout.addStretch(1)
        placeholder_layout.addWidget(self.placeholder_label)
        placeholder_layout.addWidget(self.placeholder_new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        placeholder_layout.addStretch(2)
        self.right_stack = QStackedWidget(self)
        self.right_stack.addWidget(self.placeholder)
        self.right_stack.addWidget(self.editor)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([620, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self._on_save_shortcut_activated)

        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.industry_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.market_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.archived_check.toggled.connect(self._on_filter_changed)
        self.new_button.clicked.connect(self.new_company)
        self.placeholder_new_button.clicked.connect(self.new_company)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.editor.company_saved.connect(self._on_editor_company_saved)
        self.editor.archive_requested.connect(self.archive_current)
        self.editor.restore_requested.connect(self.restore_current)
        self.editor.delete_requested.connect(self.delete_current)

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(_("Search: name, USCC, product or HS code (e.g. 8507)"))
        self.new_button.setText(_("New company"))
        self.placeholder_new_button.setText(_("New company"))
        self.placeholder_label.setText(
            _("Choose a company on the left to see and edit its dossier, or create a new one.")
        )
        self.archived_check.setText(_("Show archived"))
        self.archived_check.setToolTip(_("Also list archived companies (shown in grey)"))
        self.read_only_label.setText(
            _("The data folder is open read-only: you can look, but not change anything.")
        )
        self.industry_combo.retranslate()
        self._fill_market_combo()
        self.model.retranslate()
        self.editor.retranslate()
        self._update_count()

    def _fill_market_combo(self) -> None:
        current = self.market_combo.currentData()
        self.market_combo.blockSignals(True)
        try:
            self.market_combo.clear()
            self.market_combo.addItem(_("All markets"), None)
            groups_done = False
            for market in all_markets():
                if not market.is_group and not groups_done:
                    self.market_combo.insertSeparator(self.market_combo.count())
                    groups_done = True
                self.market_combo.addItem(market.name, market.code)
            index = self.market_combo.findData(current) if current else 0
            self.market_combo.setCurrentIndex(max(index, 0))
        finally:
            self.market_combo.blockSignals(False)

    # ---- public interface (used by the main window) ----------------------------------------

    def current_company_id(self) -> str | None:
        return self.editor.company_id()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def new_company(self) -> None:
        if self._ctx.read_only or not self.confirm_discard():
            return
        self.editor.load(None)
        self.right_stack.setCurrentWidget(self.editor)
        self.editor.tabs.setCurrentIndex(CompanyEditor.TAB_BASIC)
        self._sync_selection()
        self.editor.name_zh_edit.setFocus()
        self.current_changed.emit(None)

    def select_company(self, company_id: str) -> None:
        if company_id == self.current_company_id() or self._open(company_id):
            self._sync_selection()

    def archive_current(self) -> None:
        self._set_archived(True)

    def restore_current(self) -> None:
        self._set_archived(False)

    def delete_current(self) -> None:
        company = self.editor.company()
        if company is None or self._ctx.read_only:
            return
        question = _(
            "Delete “{name}” with all its contacts and products? This cannot be undone."
        ).format(name=company.name_zh)
        if not dialogs.confirm(self, _("Delete company"), question, destructive=True):
            return
        try:
            CompanyRepository(self._ctx.store.db).delete(company.id)
        except AppError as exc:
            show_error(self, exc)
            return
        self._show_placeholder()
        self._ctx.hub.companies_changed.emit()
        self._ctx.hub.status_message.emit(_("Deleted “{name}”.").format(name=company.name_zh))

    def reload(self) -> None:
        """Re-reads the list with the current search and filters (a few ms for 1,000 rows)."""
        flt = CompanyFilter(
            text=self.search_edit.text(),
            industry=self.industry_combo.current_key(),
            market=self.market_combo.currentData() or None,
            include_archived=self.archived_check.isChecked(),
        )
        try:
            rows = CompanyRepository(self._ctx.store.db).find(flt)
        except AppError as exc:
            show_error(self, exc)
            rows = []
        self._syncing = True
        try:
            self.model.set_items(rows)
        finally:
            self._syncing = False
        self._sync_selection()
        self._update_count()

    def visible_companies(self) -> list[CompanySummary]:
        """The rows as listed (after sorting), for tests and the main window."""
        return [self.proxy.index(row, 0).data(OBJECT_ROLE) for row in range(self.proxy.rowCount())]

    # ---- behaviour -------------------------------------------------------------------------

    def _apply_read_only(self) -> None:
        read_only = self._ctx.read_only
        self.editor.set_read_only(read_only)
        self.new_button.setEnabled(not read_only)
        self.placeholder_new_button.setEnabled(not read_only)
        self.read_only_label.setVisible(read_only)
        self.save_shortcut.setEnabled(not read_only)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} company", "{count} companies", count).format(
                count=format_integer(count)
            )
        )
        filtered = bool(
            self.search_edit.text().strip()
            or self.industry_combo.current_key()
            or self.market_combo.currentData()
        )
        if filtered:
            self.empty_label.setText(
                _("No company matches the search and filters. Try fewer words or “All …”.")
            )
        elif self.archived_check.isChecked() or not CompanyRepository(self._ctx.store.db).count():
            self.empty_label.setText(_("No companies yet. Create one with “New company”."))
        else:
            self.empty_label.setText(
                _("No companies to show. Create one with “New company”, or tick “Show archived”.")
            )
        self.list_stack.setCurrentWidget(self.table if count else self.empty_label)

    def confirm_discard(self) -> bool:
        """True when there are no unsaved edits, or the user agrees to throw them away."""
        if not self.editor.is_dirty():
            return True
        return dialogs.confirm(
            self,
            _("Unsaved changes"),
            _("“{name}” has unsaved changes. Discard them?").format(
                name=self.editor.display_name()
            ),
        )

    def _open(self, company_id: str) -> bool:
        if not self.confirm_discard():
            return False
        try:
            company = CompanyRepository(self._ctx.store.db).get(company_id)
        except NotFoundError as exc:
            show_error(self, exc)
            self.reload()
            return False
        self._show_company(company)
        return True

    def _show_company(self, company: Company) -> None:
        self.editor.load(company)
        self.right_stack.setCurrentWidget(self.editor)
        self.current_changed.emit(company.id)

    def _show_placeholder(self) -> None:
        self.editor.load(None)
        self.right_stack.setCurrentWidget(self.placeholder)
        self._sync_selection()
        self.current_changed.emit(None)

    def _sync_selection(self) -> None:
        """Selects the editor's company in the list (or nothing), without reopening it."""
        company_id = self.current_company_id()
        row = self.model.row_of(company_id) if company_id else -1
        self._syncing = True
        try:
            if row < 0:
                self.table.selectionModel().clearSelection()
                self.table.selectionModel().setCurrentIndex(
                    QModelIndex(), self.table.selectionModel().SelectionFlag.Clear
                )
            else:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _set_archived(self, archived: bool) -> None:
        company = self.editor.company()
        if company is None or self._ctx.read_only or company.archived == archived:
            return
        try:
            updated = CompanyRepository(self._ctx.store.db).set_archived(company.id, archived)
        except AppError as exc:
            show_error(self, exc)
            return
        self.editor.set_company_state(updated)
        self._ctx.hub.companies_changed.emit()
        message = _("Archived “{name}”.") if archived else _("Restored “{name}”.")
        self._ctx.hub.status_message.emit(message.format(name=company.name_zh))

    def _refresh_editor(self) -> None:
        """After a change elsewhere: re-read the open company unless the user is editing it."""
        company_id = self.current_company_id()
        if company_id is None:
            return
        repo = CompanyRepository(self._ctx.store.db)
        if not repo.exists(company_id):
            self._show_placeholder()
        elif not self.editor.is_dirty():
            self.editor.load(repo.get(company_id))

    # ---- slots -----------------------------------------------------------------------------

    @Slot()
    def _on_filter_changed(self) -> None:
        self.reload()

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        summary = current.data(OBJECT_ROLE)
        if not isinstance(summary, CompanySummary) or summary.id == self.current_company_id():
            return
        if not self._open(summary.id):
            # the user kept the unsaved changes: put the selection back once the click is done
            QTimer.singleShot(0, self._sync_selection)

    @Slot(object)
    def _on_editor_company_saved(self, company: Company) -> None:
        self.current_changed.emit(company.id)
        self._ctx.hub.companies_changed.emit()
        self._ctx.hub.status_message.emit(_("Saved “{name}”.").format(name=company.name_zh))

    @Slot()
    def _on_save_shortcut_activated(self) -> None:
        if self.right_stack.currentWidget() is self.editor:
            self.editor.save()

    @Slot()
    def _on_companies_changed(self) -> None:
        self._refresh_editor()
        self.reload()

    @Slot()
    def _on_data_replaced(self) -> None:
        company_id = self.current_company_id()
        repo = CompanyRepository(self._ctx.store.db)
        if company_id and repo.exists(company_id):
            self.editor.load(repo.get(company_id))
        elif self.right_stack.currentWidget() is self.editor:
            self._show_placeholder()
        self._apply_read_only()
        self.reload()

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
