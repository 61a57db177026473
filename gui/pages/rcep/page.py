"""The RCEP tariffs page: the tariff finder and the savings calculator (prefilled with the line
chosen in the finder) and the tariff opportunities of a company, as tabs.

On first show the embedded tariff data are loaded into the database in the background
(``services.rcep.defaults.load_default_tariffs`` as a ``db=True`` task); the finder says it is
loading until then. A restore (``data_replaced``) loads them again the next time the page shows.
In read-only mode nothing is written: the finder uses what the database holds.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget
from sqlite_utils import Database
from typing_extensions import override

from gui import errors
from gui.context import GuiContext
from gui.pages.rcep.company_view import CompanyTariffView
from gui.pages.rcep.finder import TariffFinder
from gui.pages.rcep.import_dialog import (
    ImportReportDialog,
    ImportRequest,
    TariffImportDialog,
    show_import_report,
)
from gui.pages.rcep.savings import SavingsPanel
from gui.tasks import TaskHandle
from services.core.errors import AppError
from services.core.i18n import _, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.defaults import load_default_tariffs
from services.rcep.importers import import_file
from services.rcep.tariff_models import TariffPack
from services.rcep.tariff_repository import TariffRepository


class RcepPage(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loading = False
        self._loaded = False
        self.import_task: TaskHandle | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.import_button = QPushButton(self)
        self.import_button.setEnabled(not ctx.read_only)
        self.import_button.clicked.connect(self.import_tariffs)
        self.tabs = QTabWidget(self)
        self.finder = TariffFinder(ctx, self.tabs)
        self.savings = SavingsPanel(ctx, self.tabs)
        self.tabs.addTab(self.finder, "")
        self.company_view = CompanyTariffView(ctx, self.tabs)
        self.tabs.addTab(self.savings, "")
        self.tabs.addTab(self.company_view, "")
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.finder.savings_requested.connect(self._on_savings_requested)
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(_("Import tariff file…"))
        self.import_button.setToolTip(
            _("Replace a tariff source with an official file (Annex I, Japan's tariff, CSV)")
        )
        self.tabs.setTabText(self.tabs.indexOf(self.finder), _("Tariff finder"))
        self.tabs.setTabText(self.tabs.indexOf(self.savings), _("Savings"))
        self.finder.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.company_view), _("For a company"))
        self.savings.retranslate()
        self.company_view.retranslate()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.finder)
        self.finder.focus_search()

    def show_company(self, company_id: str | None) -> None:
        """The tariff opportunities of a company, on its tab."""
        self.tabs.setCurrentWidget(self.company_view)
        self.company_view.show_company(company_id)

    def is_loaded(self) -> bool:
        return self._loaded

    # ---- loading the embedded data ---------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded and not self._loading:
            self.load_tariffs()
        super().showEvent(event)

    def load_tariffs(self) -> None:
        if self._ctx.read_only:  # nothing may be written: use what is on file
            self._on_loaded([])
            return
        self._loading = True
        self.finder.set_ready(False)

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> list[str]:
            return load_default_tariffs(db, progress=progress, cancel=cancel)

        self._ctx.tasks.run(
            work,
            db=True,
            on_success=self._on_loaded,
            on_failure=self._on_load_failed,
            progress_label=_("Loading the RCEP tariff data…"),
            parent=self,
        )

    def _on_loaded(self, loaded: list[str]) -> None:
        self._loading = False
        self._loaded = True
        self.finder.set_ready(True)
        sources = TariffRepository(self._ctx.store.db).sources()
        if loaded:
            titles = [s.title for s in sources if s.id in loaded]
            message = ngettext(
                "Loaded {count} tariff source: {titles}",
                "Loaded {count} tariff sources: {titles}",
                len(loaded),
            ).format(count=format_integer(len(loaded)), titles="; ".join(titles))
        else:
            message = ngettext(
                "Tariff data on file: {count} source", "Tariff data on file: {count} sources",
                len(sources),
            ).format(count=format_integer(len(sources)))  # fmt: skip
        self._ctx.hub.status_message.emit(message)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, Cancelled):
            error = _("Loading the tariff data was cancelled; show the page again to retry.")
        elif isinstance(exc, AppError):
            error = _("The tariff data could not be loaded: {error}").format(error=str(exc))
        else:
            error = _("The tariff data could not be loaded: {error}").format(error=repr(exc))
        self.finder.set_ready(False, error)
        self._ctx.hub.status_message.emit(error)

    # ---- importing a tariff file -----------------------------------------------------------

    def import_tariffs(self) -> None:
        """Asks for a file and imports it in the background (nothing changes if it fails)."""
        if self._ctx.read_only or (self.import_task is not None and self.import_task.running):
            return
        request = TariffImportDialog.ask(self, self._ctx)
        if request is not None:
            self.run_import(request)

    def run_import(self, request: ImportRequest) -> TaskHandle:
        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> TariffPack:
            pack = import_file(
                request.path, request.format_name, progress=progress, cancel=cancel,
                **request.options,
            )  # fmt: skip
            cancel.raise_if_cancelled()
            TariffRepository(db).replace_source(pack, progress=progress, cancel=cancel)
            return pack

        self.import_task = self._ctx.tasks.run(
            work,
            db=True,
            on_success=lambda pack: self._on_imported(pack, request),
            on_failure=lambda exc: self._on_import_failed(exc, request),
            progress_label=_("Importing the tariff file…"),
            parent=self,
        )
        return self.import_task

    def _on_imported(self, pack: TariffPack, request: ImportRequest) -> None:
        self.finder.refresh()  # the finder reads the database on each lookup
        self.report_dialog = show_import_report(self, pack.report, pack.source)
        self._ctx.hub.status_message.emit(
            _("Imported {file}: {accepted} lines, {rejected} rejected").format(
                file=request.path.name,
                accepted=format_integer(pack.report.accepted),
                rejected=format_integer(len(pack.report.rejected)),
            )
        )

    def _on_import_failed(self, exc: BaseException, request: ImportRequest) -> None:
        if isinstance(exc, Cancelled):
            message = _("The import of {file} was cancelled; nothing was changed.")
        else:
            errors.show_error(self, exc, _("Import tariff file"))
            message = _("The import of {file} failed; nothing was changed.")
        self._ctx.hub.status_message.emit(message.format(file=request.path.name))

    # ---- slots -----------------------------------------------------------------------------

    def _on_savings_requested(
        self, hs_code: str, importing: str, exporting: str, day: date
    ) -> None:
        self.savings.set_line(hs_code, importing, exporting, day)
        self.tabs.setCurrentWidget(self.savings)

    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    def _on_data_replaced(self) -> None:
        self._loaded = False
        if self.isVisible() and not self._loading:
            self.load_tariffs()
