"""The main window: navigation between pages, menus, status bar, and the app-wide commands.

Pages: Companies (gui.pages.companies.page.CompaniesPage), HS codes
(gui.pages.refdata.page.HsBrowserPage), 一企一策 readiness
(gui.pages.readiness.page.ReadinessPage), RCEP tariffs (gui.pages.rcep.page.RcepPage),
rules of origin (gui.pages.rcep.origin.page.OriginPage) and the overseas-warehouse planner
(gui.pages.warehouse.page.WarehousePage). Companies is built with the window; the others when
first shown or asked for (``MainWindow.page``), so that start-up does not wait for them.
Commands that touch the database run as ``db=True``
tasks on ctx.tasks with a worker connection (services.companies.dossier import/export,
services.companies.sample, services.core.backups create/restore), then announce the change on
ctx.hub (companies_changed, or data_replaced after a restore) and in the status bar.

In read-only mode every command that writes is disabled.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database
from typing_extensions import override

from gui import dialogs
from gui.backup_dialog import BackupPickerDialog, describe_backup
from gui.context import GuiContext
from gui.help_dialogs import AboutDialog, DataSourcesDialog, ShortcutsDialog
from gui.language import apply_language
from gui.pages.companies.page import CompaniesPage
from gui.pages.refdata.data_editions import DataEditionsLabel
from gui.settings_dialog import SettingsDialog
from gui.settings_store import UiSettings
from services.companies import dossier
from services.companies.dossier import ImportResult
from services.companies.models import Company
from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample, remove_samples
from services.core import backups
from services.core.errors import NotFoundError
from services.core.i18n import _, current_locale, format_integer, ngettext
from services.core.progress import CancelToken, ProgressFn

if TYPE_CHECKING:  # the other pages and the report windows are imported when first needed
    from gui.pages.rcep.origin.page import OriginPage
    from gui.pages.rcep.page import RcepPage
    from gui.pages.readiness.page import ReadinessPage
    from gui.pages.refdata.page import HsBrowserPage
    from gui.pages.reports.batch_dialog import BatchReportDialog
    from gui.pages.reports.dialog import ReportDialog
    from gui.pages.warehouse.page import WarehousePage

log = logging.getLogger(__name__)

APP_TITLE = "出海领航 ExportPilot"  # the product name, the same in every language
DOSSIER_SUFFIX = dossier.SUFFIX
STATUS_TIMEOUT_MS = 8000
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class Page(enum.IntEnum):
    COMPANIES = 0
    HS = 1
    READINESS = 2
    RCEP = 3
    ORIGIN = 4
    WAREHOUSE = 5


def safe_filename(name: str, fallback: str = "company") -> str:
    cleaned = _UNSAFE_FILENAME.sub("_", name).strip(" .")
    return cleaned or fallback


class SampleOfferBanner(QFrame):
    """First start, empty database: a bar above the pages offering the sample company."""

    accepted = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sampleOfferBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#sampleOfferBanner { background: #e8f1fb; border: 1px solid #a9c8ec;"
            " border-radius: 4px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.load_button = QPushButton()
        self.dismiss_button = QPushButton()
        self.load_button.clicked.connect(self.accepted)
        self.dismiss_button.clicked.connect(self.declined)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.load_button)
        layout.addWidget(self.dismiss_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            _(
                "Welcome! There are no companies yet. Load a sample company to see what "
                "ExportPilot does? You can remove it later in one click."
            )
        )
        self.load_button.setText(_("Load sample company"))
        self.dismiss_button.setText(_("No, thanks"))


class MainWindow(QMainWindow):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ui_settings = UiSettings(ctx.paths.ui_state_path, writable=not ctx.read_only)
        self._help_windows: dict[str, QWidget] = {}
        self._report_window: ReportDialog | None = None
        self._batch_window: BatchReportDialog | None = None
        self._has_sample = False
        self._company_total = 0

        self.companies_page = CompaniesPage(ctx, self)
        # The other pages are built the first time they are shown or asked for (``page``):
        # their modules and data (HS nomenclature, questionnaire, tariffs, rate cards) would
        # otherwise hold the window back.
        self._built: dict[Page, QWidget] = {Page.COMPANIES: self.companies_page}

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("navigation")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(2)
        self.stack = QStackedWidget()
        style = self.style()
        icons = {
            Page.COMPANIES: style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon),
            Page.HS: style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            Page.READINESS: style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            Page.RCEP: style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            Page.ORIGIN: style.standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView),
            Page.WAREHOUSE: style.standardIcon(QStyle.StandardPixmap.SP_DirClosedIcon),
        }
        for page in Page:
            item = QListWidgetItem(icons[page], "")
            item.setData(Qt.ItemDataRole.UserRole, int(page))
            self.sidebar.addItem(item)
            self.stack.addWidget(self._built.get(page) or QWidget())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 930])  # fits "Overseas warehouse"

        self.banner = SampleOfferBanner()
        self.banner.setVisible(False)
        self.banner.accepted.connect(self._on_banner_accepted)
        self.banner.declined.connect(self._on_banner_declined)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(6, 6, 6, 0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._create_actions()
        self._create_menus()
        self._create_status_bar()

        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.companies_page.current_changed.connect(self._on_company_changed)
        self.companies_page.editor.origin_tab.open_requested.connect(self._on_open_assessment)
        ctx.hub.companies_changed.connect(self._on_data_changed)
        ctx.hub.data_replaced.connect(self._on_data_changed)
        ctx.hub.status_message.connect(self._on_status_message)
        ctx.hub.language_changed.connect(self._on_language_changed)

        self.resize(self._default_size())
        self.retranslate()
        self.page(self._remembered_page())  # shown first, so part of the minimum below
        # An explicit minimum (what the pages need now): later content changes, such as a
        # language switch, never make the window resize itself.
        self.setMinimumSize(self.minimumSizeHint().expandedTo(QSize(640, 420)))
        self._restore_ui_state()
        self._on_data_changed()
        self._maybe_offer_sample()
        self._announce_backups_taken()

    # ---- construction ----------------------------------------------------------------------

    def _action(
        self,
        slot: Callable[[], None],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        writes: bool = False,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while a menu is closed
        if writes:
            self._write_actions.append(action)
        return action

    def _create_actions(self) -> None:
        self._write_actions: list[QAction] = []
        sp = QStyle.StandardPixmap
        self.act_new = self._action(
            self._on_new_company, "Ctrl+N", writes=True, icon=sp.SP_FileIcon
        )
        self.act_import = self._action(self._on_import_dossier, "Ctrl+I", writes=True)
        self.act_export = self._action(self._on_export_dossier, "Ctrl+E")
        self.act_report = self._action(self._on_readiness_report)
        self.act_batch_reports = self._action(self._on_batch_reports)
        self.act_import_tariffs = self._action(self._on_import_tariffs, writes=True)
        self.act_import_rules = self._action(self._on_import_rules, writes=True)
        self.act_backup = self._action(
            self._on_backup_now, "Ctrl+B", writes=True, icon=sp.SP_DialogSaveButton
        )
        self.act_restore = self._action(self._on_restore_backup, writes=True)
        self.act_load_sample = self._action(self._on_load_sample, writes=True)
        self.act_remove_sample = self._action(self._on_remove_sample, writes=True)
        self.act_open_folder = self._action(self._on_open_data_folder, icon=sp.SP_DirOpenIcon)
        self.act_quit = self._action(self._on_quit, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_find = self._action(self._on_find, "Ctrl+F")
        self.act_archive = self._action(self._on_archive, writes=True)
        self.act_unarchive = self._action(self._on_unarchive, writes=True)
        self.act_delete = self._action(
            self._on_delete, QKeySequence.StandardKey.Delete, writes=True, icon=sp.SP_TrashIcon
        )
        self.act_readiness = self._action(self._on_readiness_for_company, "Ctrl+R", writes=True)
        self.act_settings = self._action(self._on_settings, "Ctrl+,")
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.page_group = QActionGroup(self)
        self.page_group.setExclusive(True)
        self.page_actions: dict[Page, QAction] = {}
        for page, keys in (
            (Page.COMPANIES, "Alt+1"),
            (Page.HS, "Alt+2"),
            (Page.READINESS, "Alt+3"),
            (Page.RCEP, "Alt+4"),
            (Page.ORIGIN, "Alt+5"),
            (Page.WAREHOUSE, "Alt+6"),
        ):
            action = self._action(self._page_switcher(page), keys)
            action.setCheckable(True)
            self.page_group.addAction(action)
            self.page_actions[page] = action

        self.act_shortcuts = self._action(self._on_shortcuts)
        self.act_sources = self._action(self._on_sources)
        self.act_about = self._action(self._on_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        for action in (self.act_new, self.act_import, self.act_export):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_report)
        self.file_menu.addAction(self.act_batch_reports)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_import_tariffs)
        self.file_menu.addAction(self.act_import_rules)
        self.file_menu.addSeparator()
        for action in (self.act_backup, self.act_restore):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        for action in (self.act_load_sample, self.act_remove_sample):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_open_folder)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)

        self.edit_menu = QMenu(self)
        self.edit_menu.addAction(self.act_find)
        self.edit_menu.addSeparator()
        for action in (self.act_archive, self.act_unarchive, self.act_delete):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_readiness)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_settings)

        self.view_menu = QMenu(self)
        for action in self.page_actions.values():
            self.view_menu.addAction(action)

        self.help_menu = QMenu(self)
        for action in (self.act_shortcuts, self.act_sources):
            self.help_menu.addAction(action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.act_about)

        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)

    def _create_status_bar(self) -> None:
        status = self.statusBar()
        self.folder_label = QLabel()
        self.folder_label.setContentsMargins(6, 0, 6, 0)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("readOnlyIndicator")
        self.read_only_label.setStyleSheet(
            "#readOnlyIndicator { color: #b00020; font-weight: bold; }"
        )
        self.read_only_label.setVisible(self.ctx.read_only)
        self.read_only_label.setContentsMargins(6, 0, 6, 0)
        self.count_label = QLabel()
        self.count_label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.folder_label, 1)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.count_label)
        self.data_label = DataEditionsLabel(self.ctx, self)  # editions in use; opens updates
        status.addPermanentWidget(self.data_label)

    # ---- pages -----------------------------------------------------------------------------

    def page(self, page: Page) -> QWidget:
        """The page's widget, built now if it has not been shown yet."""
        widget = self._built.get(page)
        if widget is not None:
            return widget
        widget = self._build_page(page)
        self._built[page] = widget
        placeholder = self.stack.widget(int(page))
        assert placeholder is not None
        showing = self.stack.currentWidget() is placeholder
        self.stack.insertWidget(int(page), widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if showing:
            self.stack.setCurrentWidget(widget)
        if self.isVisible():  # the minimum was fixed for the pages built so far
            minimum = self.minimumSize().expandedTo(self.minimumSizeHint())
            if minimum != self.minimumSize():
                self.setMinimumSize(minimum)
        return widget

    def _build_page(self, page: Page) -> QWidget:
        if page is Page.HS:
            from gui.pages.refdata.page import HsBrowserPage

            return HsBrowserPage(self.ctx, self)
        if page is Page.READINESS:
            from gui.pages.readiness.page import ReadinessPage

            readiness = ReadinessPage(self.ctx, self)
            readiness.report_requested.connect(self._open_report)
            return readiness
        if page is Page.RCEP:
            from gui.pages.rcep.page import RcepPage

            return RcepPage(self.ctx, self)
        if page is Page.ORIGIN:
            from gui.pages.rcep.origin.page import OriginPage

            return OriginPage(self.ctx, self)
        if page is Page.WAREHOUSE:
            from gui.pages.warehouse.page import WarehousePage

            return WarehousePage(self.ctx, self)
        raise AssertionError(f"{page} is built with the window")

    @property
    def pages(self) -> dict[Page, QWidget]:
        """Every page, building those not shown yet."""
        return {page: self.page(page) for page in Page}

    @property
    def hs_page(self) -> HsBrowserPage:
        return cast("HsBrowserPage", self.page(Page.HS))

    @property
    def readiness_page(self) -> ReadinessPage:
        return cast("ReadinessPage", self.page(Page.READINESS))

    @property
    def rcep_page(self) -> RcepPage:
        return cast("RcepPage", self.page(Page.RCEP))

    @property
    def origin_page(self) -> OriginPage:
        return cast("OriginPage", self.page(Page.ORIGIN))

    @property
    def warehouse_page(self) -> WarehousePage:
        return cast("WarehousePage", self.page(Page.WAREHOUSE))

    # ---- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        title = APP_TITLE
        if self.ctx.read_only:
            title = "{app} {read_only}".format(app=APP_TITLE, read_only=_("(read-only)"))
        self.setWindowTitle(title)

        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))

        texts: list[tuple[QAction, str, str]] = [
            (self.act_new, _("New company"), _("Create a new company dossier")),
            (
                self.act_import,
                _("Import dossier…"),
                _("Add or update a company from a dossier file"),
            ),
            (
                self.act_export,
                _("Export dossier…"),
                _("Save the selected company as a dossier file to carry elsewhere"),
            ),
            (
                self.act_report,
                _("Readiness report…"),
                _("PDF readiness report of a company: preview, save, print"),
            ),
            (
                self.act_batch_reports,
                _("Batch readiness reports…"),
                _("One PDF readiness report per company into a folder"),
            ),
            (
                self.act_import_tariffs,
                _("Import tariff file…"),
                _("Replace a tariff source with an official file (Annex I, Japan's tariff, CSV)"),
            ),
            (
                self.act_import_rules,
                _("Import rule list…"),
                _("Replace the imported product-specific rules with the official list (CSV, Word)"),
            ),
            (self.act_backup, _("Back up now"), _("Save a copy of all data in the backups folder")),
            (
                self.act_restore,
                _("Restore from backup…"),
                _("Replace all data with a backup (a safety backup is taken first)"),
            ),
            (
                self.act_load_sample,
                _("Load sample company"),
                _("Add a sample company that shows every feature"),
            ),
            (
                self.act_remove_sample,
                _("Remove sample data"),
                _("Delete the sample company"),
            ),
            (
                self.act_open_folder,
                _("Open data folder"),
                _("Show the folder with the database, backups and logs"),
            ),
            (self.act_quit, _("Quit"), _("Close ExportPilot")),
            (self.act_find, _("Find"), _("Go to the search field of this page")),
            (self.act_archive, _("Archive company"), _("Hide the company from the list; keep it")),
            (self.act_unarchive, _("Restore company"), _("Bring an archived company back")),
            (self.act_delete, _("Delete company"), _("Delete the company and all its data")),
            (self.act_settings, _("Settings…"), _("Language and other preferences")),
            (self.page_actions[Page.COMPANIES], _("Companies"), _("Company dossiers")),
            (self.page_actions[Page.HS], _("HS codes"), _("Browse and search HS 2022 codes")),
            (
                self.page_actions[Page.READINESS],
                _("一企一策 readiness"),
                _("Advisory sessions: readiness checklist, score and action plan"),
            ),
            (
                self.page_actions[Page.RCEP],
                _("RCEP tariffs"),
                _("RCEP tariff rates by HS code and Party, savings and opportunities"),
            ),
            (
                self.page_actions[Page.ORIGIN],
                _("Rules of origin"),
                _("RCEP origin self-assessment of a product from its bill of materials"),
            ),
            (
                self.page_actions[Page.WAREHOUSE],
                _("Overseas warehouse"),
                _("Stock, space and cost per unit in an overseas warehouse; compare scenarios"),
            ),
            (
                self.act_readiness,
                _("Readiness session for this company"),
                _("Open the selected company's readiness sessions (starts one if there is none)"),
            ),
            (self.act_shortcuts, _("Keyboard shortcuts"), _("List the keyboard shortcuts")),
            (
                self.act_sources,
                _("Data sources & licences"),
                _("Where the reference data come from"),
            ),
            (self.act_about, _("About ExportPilot"), _("Version and data folder")),
        ]
        for action, text, tip in texts:
            action.setText(text)
            action.setStatusTip(tip)
            action.setToolTip(text)

        names = {
            Page.COMPANIES: _("Companies"),
            Page.HS: _("HS codes"),
            Page.READINESS: _("一企一策 readiness"),
            Page.RCEP: _("RCEP tariffs"),
            Page.ORIGIN: _("Rules of origin"),
            Page.WAREHOUSE: _("Overseas warehouse"),
        }
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            page = Page(int(item.data(Qt.ItemDataRole.UserRole)))
            item.setText(names[page])
            item.setToolTip(
                "{name} ({keys})".format(
                    name=names[page],
                    keys=self.page_actions[page]
                    .shortcut()
                    .toString(QKeySequence.SequenceFormat.NativeText),
                )
            )

        self.folder_label.setText(_("Data folder: {path}").format(path=self.ctx.paths.data_dir))
        self.folder_label.setToolTip(str(self.ctx.paths.data_dir))
        self.read_only_label.setText(_("Read-only"))
        self.read_only_label.setToolTip(
            _(
                "Another copy of ExportPilot is using this data folder, or its database is "
                "from a newer version: nothing can be changed."
            )
        )
        self._update_count_label()
        self.banner.retranslate()
        for window in self._help_windows.values():
            retranslate = getattr(window, "retranslate", None)
            if callable(retranslate):
                retranslate()

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    # ---- state -----------------------------------------------------------------------------

    def current_page(self) -> Page:
        return Page(self.stack.currentIndex())

    def show_page(self, page: Page, *, focus: bool = False) -> None:
        self.sidebar.setCurrentRow(int(page))
        if focus:
            self._focus_search(page)

    def _repo(self) -> CompanyRepository:
        return CompanyRepository(self.ctx.store.db)

    def _current_company(self) -> Company | None:
        company_id = self.companies_page.current_company_id()
        if not company_id:
            return None
        try:
            return self._repo().get(company_id)
        except NotFoundError:
            return None

    def _update_actions(self) -> None:
        writable = not self.ctx.read_only
        for action in self._write_actions:
            action.setEnabled(writable)
        on_companies = self.current_page() is Page.COMPANIES
        company = self._current_company() if on_companies else None
        self.act_export.setEnabled(company is not None)
        self.act_archive.setEnabled(writable and company is not None and not company.archived)
        self.act_unarchive.setEnabled(writable and company is not None and company.archived)
        self.act_delete.setEnabled(writable and company is not None)
        self.act_readiness.setEnabled(writable and company is not None and not company.archived)
        self.act_load_sample.setEnabled(writable and not self._has_sample)
        self.act_remove_sample.setEnabled(writable and self._has_sample)
        self.page_actions[self.current_page()].setChecked(True)

    def _update_count_label(self) -> None:
        total = self._company_total
        self.count_label.setText(
            ngettext("{count} company", "{count} companies", total).format(
                count=format_integer(total)
            )
        )

    @Slot()
    def _on_data_changed(self) -> None:
        repo = self._repo()
        self._company_total = repo.count()
        self._has_sample = bool(repo.sample_ids())
        if self._company_total and self.banner.isVisible():
            self.banner.setVisible(False)
        self._update_count_label()
        self._update_actions()

    @Slot(object)
    def _on_company_changed(self, _company_id: object) -> None:
        self._update_actions()

    @Slot(int)
    def _on_sidebar_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page(Page(row))
        self.stack.setCurrentIndex(row)
        self._update_actions()

    @Slot(str)
    def _on_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def _restore_ui_state(self) -> None:
        geometry = self.ui_settings.main_window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.ui_settings.main_window_state()
        if state is not None:
            self.restoreState(state)
        splitter = self.ui_settings.splitter_state("main")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.sidebar.setCurrentRow(int(self._remembered_page()))

    def _remembered_page(self) -> Page:
        page = self.ui_settings.current_page()
        return Page(page) if page in {int(p) for p in Page} else Page.COMPANIES

    def save_ui_state(self) -> None:
        self.ui_settings.set_main_window_geometry(self.saveGeometry())
        self.ui_settings.set_main_window_state(self.saveState())
        self.ui_settings.set_splitter_state("main", self.splitter.saveState())
        self.ui_settings.set_current_page(int(self.current_page()))
        self.ui_settings.sync()

    def _default_size(self) -> QSize:
        """1280×800 on a first start, but never more than 90 % of the screen (office laptops
        often have 1366×768)."""
        size = QSize(1280, 800)
        screen = self.screen()
        return size.boundedTo(screen.availableGeometry().size() * 0.9) if screen else size

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        warehouse = self._built.get(Page.WAREHOUSE)
        if not self.companies_page.confirm_discard() or (
            warehouse is not None and not cast("WarehousePage", warehouse).confirm_discard()
        ):
            event.ignore()
            return
        if Page.READINESS in self._built:
            self.readiness_page.flush()  # the last debounced autosave
        self.save_ui_state()
        super().closeEvent(event)

    # ---- tasks -----------------------------------------------------------------------------

    def _run_db(
        self,
        fn: Callable[[Database, ProgressFn, CancelToken], Any],
        on_success: Callable[[Any], None],
        label: str,
    ) -> None:
        self.ctx.tasks.run(fn, on_success=on_success, progress_label=label, parent=self, db=True)

    def _status(self, message: str) -> None:
        self.ctx.hub.status_message.emit(message)

    def _announce_backups_taken(self) -> None:
        upgraded = [
            p for p in self.ctx.store.backups_taken if backups.REASON_PRE_MIGRATION in p.name
        ]
        if upgraded:
            self._status(
                _("The database was upgraded; a backup was taken first: {path}").format(
                    path=upgraded[-1]
                )
            )

    # ---- File ------------------------------------------------------------------------------

    @Slot()
    def _on_new_company(self) -> None:
        self.show_page(Page.COMPANIES)
        self.companies_page.new_company()

    def _dossier_dir(self) -> str:
        remembered = self.ui_settings.last_dir("dossier")
        if remembered and Path(remembered).is_dir():
            return remembered
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents or str(Path.home())

    @staticmethod
    def _dossier_filter() -> str:
        return _("ExportPilot dossier (*.epdossier)")

    @Slot()
    def _on_import_dossier(self) -> None:
        path = dialogs.open_file(
            self, _("Import dossier"), self._dossier_dir(), self._dossier_filter()
        )
        if path is None:
            return
        self.ui_settings.set_last_dir("dossier", path.parent)
        hs_data = self.ctx.reference

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> ImportResult:
            return dossier.import_dossier(
                CompanyRepository(db), path, hs_data.hs, self.ctx.dossier_sections
            )

        self._run_db(work, self._on_import_done, _("Importing the dossier…"))

    def _on_import_done(self, result: ImportResult) -> None:
        self.ctx.hub.companies_changed.emit()
        self.show_page(Page.COMPANIES)
        self.companies_page.select_company(result.company_id)
        if result.action == "created":
            text = _("Imported “{name}” (new company)")
        elif result.action == "updated":
            text = _("Imported “{name}” (updated)")
        else:
            text = _("Imported “{name}” (already up to date)")
        self._status(text.format(name=result.name_zh))

    @Slot()
    def _on_import_tariffs(self) -> None:
        self.show_page(Page.RCEP)
        self.rcep_page.import_tariffs()

    @Slot()
    def _on_import_rules(self) -> None:
        self.show_page(Page.ORIGIN)
        self.origin_page.import_rules()

    @Slot()
    def _on_export_dossier(self) -> None:
        company = self._current_company()
        if company is None:
            return
        suggested = Path(self._dossier_dir()) / (safe_filename(company.name_zh) + DOSSIER_SUFFIX)
        target = dialogs.save_file(
            self, _("Export dossier"), str(suggested), self._dossier_filter()
        )
        if target is None:
            return
        if target.suffix.lower() != DOSSIER_SUFFIX:
            target = target.with_name(target.name + DOSSIER_SUFFIX)
        self.ui_settings.set_last_dir("dossier", target.parent)
        company_id, name = company.id, company.name_zh

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> Path:
            return dossier.export_dossier(
                CompanyRepository(db), company_id, target, self.ctx.dossier_sections
            )

        def done(written: Path) -> None:
            self._status(_("Exported “{name}” to {path}").format(name=name, path=written))

        self._run_db(work, done, _("Exporting the dossier…"))

    @Slot()
    def _on_backup_now(self) -> None:
        backups_dir = self.ctx.paths.backups_dir

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> Path:
            return backups.create_backup(db, backups_dir, backups.REASON_MANUAL)

        def done(path: Path) -> None:
            self._status(_("Backup saved: {path}").format(path=path))

        self._run_db(work, done, _("Backing up…"))

    @Slot()
    def _on_restore_backup(self) -> None:
        backups_dir = self.ctx.paths.backups_dir
        found = backups.list_backups(backups_dir)
        source = BackupPickerDialog.ask(self, found, backups_dir)
        if source is None:
            return
        info = next((b for b in found if b.path == source), None)
        what = describe_backup(info) if info is not None else str(source)
        if not dialogs.confirm(
            self,
            _("Restore from backup"),
            _(
                "Replace all data with the backup {backup}?\n\nEverything entered since then "
                "is replaced. A safety backup of the current data is taken first."
            ).format(backup=what),
            destructive=True,
        ):
            return

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> Path:
            return backups.restore_backup(db, source, backups_dir)

        self._run_db(work, self._on_restore_done, _("Restoring the backup…"))

    def _on_restore_done(self, safety: Path) -> None:
        self.ctx.hub.data_replaced.emit()  # pages and the status bar re-read everything
        self._status(_("Backup restored. Safety backup: {path}").format(path=safety))
        dialogs.inform(
            self,
            _("Backup restored"),
            _(
                "The backup was restored. Your data from before the restore were saved to "
                "{path}; restore that file to undo."
            ).format(path=safety),
        )

    @Slot()
    def _on_load_sample(self) -> None:
        hs_data = self.ctx.reference
        extras = self.ctx.sample_extras

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> Company:
            return load_sample(CompanyRepository(db), hs_data.hs, extras)

        self._run_db(work, self._on_sample_loaded, _("Loading the sample company…"))

    def _on_sample_loaded(self, company: Company) -> None:
        self.ctx.hub.companies_changed.emit()
        self.show_page(Page.COMPANIES)
        self.companies_page.select_company(company.id)
        self._status(_("Loaded the sample company “{name}”").format(name=company.name_zh))

    @Slot()
    def _on_remove_sample(self) -> None:
        if not dialogs.confirm(
            self,
            _("Remove sample data"),
            _("Delete the sample company and everything recorded for it?"),
            destructive=True,
        ):
            return

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> int:
            return remove_samples(CompanyRepository(db))

        def done(count: int) -> None:
            self.ctx.hub.companies_changed.emit()
            self._status(
                ngettext(
                    "Removed {count} sample company", "Removed {count} sample companies", count
                ).format(count=format_integer(count))
            )

        self._run_db(work, done, _("Removing the sample data…"))

    @Slot()
    def _on_quit(self) -> None:
        self.close()

    @Slot()
    def _on_open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.data_dir)))

    # ---- first start -----------------------------------------------------------------------

    def _maybe_offer_sample(self) -> None:
        show = (
            not self.ctx.read_only
            and not self.ctx.prefs.sample_offer_answered
            and self._company_total == 0
        )
        self.banner.setVisible(show)

    def _record_sample_answer(self) -> None:
        self.banner.setVisible(False)
        self.ctx.update_prefs(self.ctx.prefs.with_changes(sample_offer_answered=True))

    @Slot()
    def _on_banner_accepted(self) -> None:
        self._record_sample_answer()
        self._on_load_sample()

    @Slot()
    def _on_banner_declined(self) -> None:
        self._record_sample_answer()
        self._status(_("You can load the sample company later from the File menu."))

    # ---- Edit ------------------------------------------------------------------------------

    def _focus_search(self, page: Page) -> None:
        if page is Page.COMPANIES:
            self.companies_page.focus_search()
        elif page is Page.READINESS:
            self.readiness_page.focus_search()
        elif page is Page.RCEP:
            self.rcep_page.focus_search()
        elif page is Page.ORIGIN:
            self.origin_page.focus_search()
        elif page is Page.WAREHOUSE:
            self.warehouse_page.focus_search()
        else:
            self.hs_page.focus_search()

    @Slot()
    def _on_find(self) -> None:
        self._focus_search(self.current_page())

    @Slot()
    def _on_archive(self) -> None:
        if self.act_archive.isEnabled():
            self.companies_page.archive_current()

    @Slot()
    def _on_unarchive(self) -> None:
        if self.act_unarchive.isEnabled():
            self.companies_page.restore_current()

    @Slot()
    def _on_delete(self) -> None:
        if self.act_delete.isEnabled():
            # The page asks for confirmation (gui.dialogs.confirm, destructive) and deletes.
            self.companies_page.delete_current()

    @Slot()
    def _on_readiness_for_company(self) -> None:
        """The selected company on the readiness page: its latest session, or a new one."""
        company = self._current_company()
        if company is None or company.archived or self.ctx.read_only:
            return
        page = self.readiness_page
        page.show_company(company.id)  # first: showing the page would choose the first company
        self.show_page(Page.READINESS)
        if not page.sessions():
            page.new_session()

    @Slot()
    def _on_settings(self) -> None:
        shown = self.ctx.prefs.with_changes(locale=current_locale())
        chosen = SettingsDialog.ask(self, shown, ctx=self.ctx)
        if chosen is None or chosen == shown:
            return
        self.ctx.update_prefs(chosen)
        if chosen.locale != current_locale():
            apply_language(self.ctx, chosen.locale)  # tells every widget

    def _page_switcher(self, page: Page) -> Callable[[], None]:
        def switch() -> None:
            self.show_page(page, focus=True)

        return switch

    # ---- Reports ---------------------------------------------------------------------------

    @Slot()
    def _on_readiness_report(self) -> None:
        if self.current_page() is Page.READINESS:
            company_id = self.readiness_page.current_company_id()
            session_id = self.readiness_page.current_session_id()
        else:
            company_id, session_id = self.companies_page.current_company_id(), None
        self._open_report(company_id or "", session_id or "")

    @Slot(str, str)
    def _open_report(self, company_id: str, session_id: str) -> ReportDialog:
        """The report window on the given company and session (replacing an open one)."""
        from gui.pages.reports.dialog import ReportDialog

        window = ReportDialog(
            self.ctx, self, company_id=company_id or None, session_id=session_id or None
        )
        if self._report_window is not None:
            self._report_window.close()
            self._report_window.deleteLater()
        self._report_window = window
        window.show()
        return window

    @Slot()
    def _on_batch_reports(self) -> None:
        if self._batch_window is None:
            from gui.pages.reports.batch_dialog import BatchReportDialog

            self._batch_window = BatchReportDialog(self.ctx, self)
        if self._batch_window.isVisible():
            self._batch_window.raise_()  # already open, maybe behind the main window
            self._batch_window.activateWindow()
        else:
            self._batch_window.show()

    # ---- Help ------------------------------------------------------------------------------

    def _show_help(self, key: str, factory: Callable[[], QWidget]) -> QWidget:
        window = self._help_windows.get(key)
        if window is None:
            window = factory()
            self._help_windows[key] = window
        if window.isVisible():
            window.raise_()  # already open, maybe behind the main window
            window.activateWindow()
        else:
            window.show()
        return window

    @Slot(str)
    def _on_open_assessment(self, assessment_id: str) -> None:
        """A saved origin assessment chosen on the company page, shown on the origin page."""
        self.show_page(Page.ORIGIN)
        self.origin_page.open_assessment(assessment_id)

    @Slot()
    def _on_shortcuts(self) -> None:
        actions = [
            self.act_new,
            self.act_import,
            self.act_export,
            self.act_backup,
            self.act_quit,
            self.act_find,
            self.act_delete,
            self.act_readiness,
            self.act_settings,
            *self.page_actions.values(),
        ]
        self._show_help("shortcuts", lambda: ShortcutsDialog(self, actions))

    @Slot()
    def _on_sources(self) -> None:
        self._show_help("sources", lambda: DataSourcesDialog(self, self.ctx.store.db))

    @Slot()
    def _on_about(self) -> None:
        self._show_help("about", lambda: AboutDialog(self, self.ctx.paths.data_dir))
