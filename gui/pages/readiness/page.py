"""The 一企一策 readiness page: a company chooser and its sessions timeline on the left; on the
right the chosen session in tabs (session wizard, results, action plan) and the company's
progress across sessions.

Service calls (quick, on the GUI thread with ``ctx.store.db``): ``CompanyRepository.find`` for
the chooser, ``SessionRepository.list_for_company`` for the timeline, ``create``, ``delete``,
``export_json``, ``import_json`` and ``answers_csv`` for the buttons. The wizard autosaves;
after each save the page re-reads the timeline row and, if shown, the results and plan tabs.

Whenever the page is shown (or its list refilled while shown) with no company chosen, the first
company listed is chosen with its latest session, so the advisor never faces an empty page;
``show_company`` still chooses any company.

The page reloads on ``companies_changed`` and ``data_replaced`` and relabels itself on
``language_changed``. The main window drives it through ``show_company``, ``focus_search``,
``new_session`` and ``flush``.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.models import BADGES_ROLE, OBJECT_ROLE
from gui.pages.readiness.catalogue_dialog import ServiceCatalogueDialog
from gui.pages.readiness.plan import ActionPlanEditor
from gui.pages.readiness.progress import ProgressView
from gui.pages.readiness.results import ResultsView
from gui.pages.readiness.timeline import SessionTimelineModel
from gui.pages.readiness.wizard import SessionWizard
from gui.widgets.badges import BadgeDelegate
from services.companies.models import CompanyFilter
from services.companies.repository import CompanyRepository
from services.core.errors import AppError, DataFileError, NotFoundError
from services.core.i18n import _, format_date
from services.readiness.sessions import SessionRepository, SessionSummary

COMPANY_ROLE = int(Qt.ItemDataRole.UserRole)
SAMPLE_ROLE = OBJECT_ROLE + 10


class ReadinessPage(QWidget):
    TAB_SESSION = 0
    TAB_RESULTS = 1
    TAB_PLAN = 2
    TAB_PROGRESS = 3

    # (company id, session id or "") — the main window opens the report window
    report_requested = Signal(str, str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company_id: str | None = None
        self._session_id: str | None = None
        self._syncing = False
        self._build()
        ctx.hub.companies_changed.connect(self._on_companies_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.retranslate()
        self.reload_companies()
        self._update_buttons()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        left = QWidget(self)
        self.search_edit = QLineEdit(left)
        self.search_edit.setClearButtonEnabled(True)
        self.company_list = QListWidget(left)
        self.company_list.setItemDelegate(BadgeDelegate(self.company_list))
        self.company_list.setMinimumHeight(120)
        self.sessions_title = QLabel(left)
        self.sessions_title.setStyleSheet("font-weight: bold;")
        self.sessions_model = SessionTimelineModel(self._ctx.store.db, self)
        self.sessions_table = QTableView(left)
        self.sessions_table.setModel(self.sessions_model)
        self.sessions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions_table.verticalHeader().hide()
        self.sessions_table.setWordWrap(False)
        # The narrow timeline here; the progress tab shows the actions column too.
        self.sessions_table.hideColumn(SessionTimelineModel.Col.ACTIONS)
        header = self.sessions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty_sessions_label = QLabel(left)
        self.empty_sessions_label.setWordWrap(True)
        self.empty_sessions_label.setStyleSheet("color: #6b6b6b;")

        self.new_button = QPushButton(left)
        self.delete_button = QPushButton(left)
        self.export_json_button = QPushButton(left)
        self.export_csv_button = QPushButton(left)
        self.import_button = QPushButton(left)
        self.catalogue_button = QPushButton(left)
        self.report_button = QPushButton(left)
        buttons_top = QHBoxLayout()
        buttons_top.addWidget(self.new_button)
        buttons_top.addWidget(self.delete_button)
        buttons_top.addStretch(1)
        buttons_top.addWidget(self.report_button)
        buttons_files = QHBoxLayout()
        buttons_files.addWidget(self.export_json_button)
        buttons_files.addWidget(self.export_csv_button)
        buttons_files.addWidget(self.import_button)
        buttons_files.addStretch(1)

        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.company_list, 2)
        left_layout.addWidget(self.sessions_title)
        left_layout.addWidget(self.sessions_table, 2)
        left_layout.addWidget(self.empty_sessions_label)
        left_layout.addLayout(buttons_top)
        left_layout.addLayout(buttons_files)
        left_layout.addWidget(self.catalogue_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.tabs = QTabWidget(self)
        self.wizard = SessionWizard(self._ctx, self.tabs)
        self.results = ResultsView(self._ctx, self.tabs)
        self.plan = ActionPlanEditor(self._ctx, self.tabs)
        self.progress = ProgressView(self._ctx, self.tabs)
        self.tabs.addTab(self.wizard, "")
        self.tabs.addTab(self.results, "")
        # the plan's table is wide: scroll rather than force a wide window
        self.plan_scroll = QScrollArea(self.tabs)
        self.plan_scroll.setWidgetResizable(True)
        self.plan_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.plan_scroll.setWidget(self.plan)
        self.tabs.addTab(self.plan_scroll, "")
        self.tabs.addTab(self.progress, "")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.search_edit.textChanged.connect(self._on_search_changed)
        self.company_list.currentItemChanged.connect(self._on_company_item_changed)
        self.sessions_table.selectionModel().currentRowChanged.connect(self._on_session_row)
        self.new_button.clicked.connect(self.new_session)
        self.delete_button.clicked.connect(self.delete_session)
        self.export_json_button.clicked.connect(self.export_json)
        self.export_csv_button.clicked.connect(self.export_csv)
        self.import_button.clicked.connect(self.import_json)
        self.catalogue_button.clicked.connect(self._on_catalogue)
        self.report_button.clicked.connect(self._on_report)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.wizard.session_changed.connect(self._on_session_saved)

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(_("Search companies"))
        self.sessions_title.setText(_("Sessions"))
        self.new_button.setText(_("New session"))
        self.new_button.setToolTip(
            _("Start a session prefilled from the dossier and the previous session's answers")
        )
        self.delete_button.setText(_("Delete session"))
        self.export_json_button.setText(_("Export JSON…"))
        self.export_csv_button.setText(_("Export CSV…"))
        self.import_button.setText(_("Import JSON…"))
        self.catalogue_button.setText(_("Service catalogue…"))
        self.report_button.setText(_("Report…"))
        self.report_button.setToolTip(_("PDF readiness report of this company and session"))
        self.tabs.setTabText(self.TAB_SESSION, _("Session"))
        self.tabs.setTabText(self.TAB_RESULTS, _("Results"))
        self.tabs.setTabText(self.TAB_PLAN, _("一企一策 action plan"))
        self.tabs.setTabText(self.TAB_PROGRESS, _("Progress"))
        self.sessions_model.retranslate()
        self._relabel_companies()
        self._update_empty_label()
        self.wizard.retranslate()
        self.results.retranslate()
        self.plan.retranslate()
        self.progress.retranslate()

    # ---- public interface ------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_company_id(self) -> str | None:
        return self._company_id

    def current_session_id(self) -> str | None:
        return self._session_id

    def sessions(self) -> list[SessionSummary]:
        return self.sessions_model.items()

    def show_company(self, company_id: str | None) -> None:
        """Selects the company (clearing the search if it hides it) and shows its sessions,
        opening the latest one."""
        if company_id is not None and self._row_of_company(company_id) < 0:
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.reload_companies()
        self._set_company(company_id if self._row_of_company(company_id or "") >= 0 else None)
        self._sync_company_selection()

    def show_session(self, session_id: str | None) -> None:
        self.wizard.flush()
        self._session_id = session_id
        self._sync_session_selection()
        self.wizard.show_session(session_id)
        self._refresh_tab(self.tabs.currentIndex())
        self._update_buttons()

    def flush(self) -> None:
        self.wizard.flush()

    def new_session(self) -> None:
        if self._company_id is None or self._ctx.read_only:
            return
        self.wizard.flush()
        try:
            session = self._sessions_repo().create(self._company_id)
        except AppError as exc:
            show_error(self, exc)
            return
        self.reload_sessions()
        self.show_session(session.id)
        self.tabs.setCurrentIndex(self.TAB_SESSION)
        self._ctx.hub.status_message.emit(
            _("Started a session of {date}.").format(date=format_date(session.held_on))
        )

    def delete_session(self) -> None:
        session_id = self._session_id
        if session_id is None or self._ctx.read_only:
            return
        summary = next((s for s in self.sessions() if s.id == session_id), None)
        when = format_date(summary.held_on) if summary else ""
        if not dialogs.confirm(
            self,
            _("Delete session"),
            _(
                "Delete the session of {date} with its answers and action plan? This cannot be "
                "undone."
            ).format(date=when),
            destructive=True,
        ):
            return
        self.wizard.show_session(None)
        try:
            self._sessions_repo().delete(session_id)
        except AppError as exc:
            show_error(self, exc)
        self._session_id = None
        self.reload_sessions()
        self._ctx.hub.status_message.emit(_("Deleted the session of {date}.").format(date=when))

    def export_json(self) -> None:
        session_id = self._session_id
        if session_id is None:
            return
        target = self._ask_save(_("Export session"), "json", _("Session file (*.json)"))
        if target is None:
            return
        try:
            data = self._sessions_repo().export_json(session_id)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            self._write(target, text)
        except AppError as exc:
            show_error(self, exc)
            return
        self._ctx.hub.status_message.emit(_("Exported the session to {path}").format(path=target))

    def export_csv(self) -> None:
        session_id = self._session_id
        if session_id is None:
            return
        target = self._ask_save(_("Export answers"), "csv", _("Spreadsheet (*.csv)"))
        if target is None:
            return
        try:
            self._write(target, self._sessions_repo().answers_csv(session_id))
        except AppError as exc:
            show_error(self, exc)
            return
        self._ctx.hub.status_message.emit(_("Exported the answers to {path}").format(path=target))

    def import_json(self) -> None:
        if self._ctx.read_only:
            return
        source = dialogs.open_file(
            self, _("Import session"), self._documents_dir(), _("Session file (*.json)")
        )
        if source is None:
            return
        repo = self._sessions_repo()
        try:
            try:
                data = json.loads(source.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise DataFileError(
                    _("The file {path} cannot be read: {reason}").format(path=source, reason=exc)
                ) from exc
            try:
                session = repo.import_json(data)
            except NotFoundError:
                if self._company_id is None:
                    raise
                # the file's company is not in this database: attach it to the chosen one
                session = repo.import_json(data, company_id=self._company_id)
        except AppError as exc:
            show_error(self, exc)
            return
        self.show_company(session.company_id)
        self.reload_sessions()
        self.show_session(session.id)
        self._ctx.hub.status_message.emit(
            _("Imported the session of {date}.").format(date=format_date(session.held_on))
        )

    # ---- loading ---------------------------------------------------------------------------

    def reload_companies(self) -> None:
        try:
            rows = CompanyRepository(self._ctx.store.db).find(
                CompanyFilter(text=self.search_edit.text())
            )
        except AppError as exc:
            show_error(self, exc)
            rows = []
        self._syncing = True
        try:
            self.company_list.clear()
            for row in rows:
                item = QListWidgetItem(row.name_zh)
                item.setData(COMPANY_ROLE, row.id)
                item.setData(SAMPLE_ROLE, row.is_sample)
                if row.name_en:
                    item.setToolTip(row.name_en)
                self.company_list.addItem(item)
            self._relabel_companies()
        finally:
            self._syncing = False
        self._sync_company_selection()
        self._choose_first_company()

    def reload_sessions(self) -> None:
        company_id = self._company_id
        rows: list[SessionSummary] = []
        if company_id is not None:
            try:
                rows = self._sessions_repo().list_for_company(company_id)
            except AppError as exc:
                show_error(self, exc)
        self._syncing = True
        try:
            self.sessions_model.set_items(rows)
        finally:
            self._syncing = False
        if self._session_id is not None and self.sessions_model.row_of(self._session_id) < 0:
            self._session_id = None
            self.wizard.show_session(None)
            self._refresh_tab(self.tabs.currentIndex())
        self._sync_session_selection()
        self._update_empty_label()
        self._update_buttons()

    # ---- helpers ---------------------------------------------------------------------------

    def _sessions_repo(self) -> SessionRepository:
        return SessionRepository(self._ctx.store.db)

    def _relabel_companies(self) -> None:
        for i in range(self.company_list.count()):
            item = self.company_list.item(i)
            if item is not None and item.data(SAMPLE_ROLE):
                item.setData(BADGES_ROLE, [(_("Sample"), "sample")])

    def _row_of_company(self, company_id: str) -> int:
        for i in range(self.company_list.count()):
            item = self.company_list.item(i)
            if item is not None and item.data(COMPANY_ROLE) == company_id:
                return i
        return -1

    def _set_company(self, company_id: str | None) -> None:
        if company_id == self._company_id:
            return
        self.wizard.flush()
        self._company_id = company_id
        self._session_id = None
        self.reload_sessions()
        latest = self.sessions()[-1].id if self.sessions() else None
        self.show_session(latest)
        self.progress.show_company(company_id)

    def _choose_first_company(self) -> None:
        """With no company chosen, chooses the first one listed (and its latest session); only
        while shown, so a hidden page does no work at start-up."""
        if self._company_id is not None or self.company_list.count() == 0 or not self.isVisible():
            return
        first = self.company_list.item(0)
        if first is not None:
            self._set_company(str(first.data(COMPANY_ROLE)))
            self._sync_company_selection()

    def _sync_company_selection(self) -> None:
        row = self._row_of_company(self._company_id) if self._company_id else -1
        self._syncing = True
        try:
            self.company_list.setCurrentRow(row)
        finally:
            self._syncing = False

    def _sync_session_selection(self) -> None:
        row = self.sessions_model.row_of(self._session_id) if self._session_id else -1
        self._syncing = True
        try:
            selection = self.sessions_table.selectionModel()
            if row < 0:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
            else:
                self.sessions_table.selectRow(row)
        finally:
            self._syncing = False

    def _update_empty_label(self) -> None:
        if self._company_id is None:
            text = _("Choose a company to see its readiness sessions.")
        elif not self.sessions_model.rowCount():
            text = _("No sessions yet. Start the first one with “New session”.")
        else:
            text = ""
        self.empty_sessions_label.setText(text)
        self.empty_sessions_label.setVisible(bool(text))

    def _update_buttons(self) -> None:
        writable = not self._ctx.read_only
        has_company = self._company_id is not None
        has_session = self._session_id is not None
        self.new_button.setEnabled(writable and has_company)
        self.delete_button.setEnabled(writable and has_session)
        self.export_json_button.setEnabled(has_session)
        self.export_csv_button.setEnabled(has_session)
        self.import_button.setEnabled(writable)
        self.report_button.setEnabled(has_company)

    def _refresh_tab(self, index: int) -> None:
        """The results and plan views re-read the database when shown."""
        if index == self.TAB_RESULTS:
            self.results.show_session(self._session_id)
        elif index == self.TAB_PLAN:
            self.plan.show_session(self._session_id)
        elif index == self.TAB_PROGRESS:
            self.progress.show_company(self._company_id)

    @staticmethod
    def _documents_dir() -> str:
        return str(dialogs.documents_dir())

    def _ask_save(self, title: str, suffix: str, filters: str) -> Path | None:
        summary = next((s for s in self.sessions() if s.id == self._session_id), None)
        name = "readiness-{date}.{suffix}".format(
            date=summary.held_on.isoformat() if summary else "session", suffix=suffix
        )
        target = dialogs.save_file(self, title, str(Path(self._documents_dir()) / name), filters)
        if target is not None and target.suffix.lower() != f".{suffix}":
            target = target.with_name(f"{target.name}.{suffix}")
        return target

    @staticmethod
    def _write(target: Path, text: str) -> None:
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise DataFileError(
                _("The file {path} cannot be written: {reason}").format(path=target, reason=exc)
            ) from exc

    # ---- events and slots ------------------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._choose_first_company()

    @Slot(str)
    def _on_search_changed(self, _text: str) -> None:
        self.reload_companies()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_company_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if self._syncing or current is None:
            return
        self._set_company(str(current.data(COMPANY_ROLE)))

    @Slot(QModelIndex, QModelIndex)
    def _on_session_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        summary = current.data(OBJECT_ROLE)
        if isinstance(summary, SessionSummary) and summary.id != self._session_id:
            self.show_session(summary.id)

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        self.wizard.flush()
        self._refresh_tab(index)

    @Slot(str)
    def _on_session_saved(self, session_id: str) -> None:
        """A wizard save: refresh this session's timeline row (score, level, blockers)."""
        if session_id == self._session_id:
            self.reload_sessions()

    @Slot()
    def _on_report(self) -> None:
        if self._company_id is not None:
            self.report_requested.emit(self._company_id, self._session_id or "")

    @Slot()
    def _on_catalogue(self) -> None:
        ServiceCatalogueDialog.ask(self, self._ctx)

    @Slot()
    def _on_companies_changed(self) -> None:
        self.reload_companies()
        if self._company_id is not None and self._row_of_company(self._company_id) < 0:
            self._set_company(None)
            self._choose_first_company()

    @Slot()
    def _on_data_replaced(self) -> None:
        self.wizard.show_session(None)
        self._session_id = None
        self.reload_companies()
        if self._company_id is not None and self._row_of_company(self._company_id) < 0:
            self._set_company(None)
            self._choose_first_company()
        else:
            self.reload_sessions()
            latest = self.sessions()[-1].id if self.sessions() else None
            self.show_session(latest)

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
