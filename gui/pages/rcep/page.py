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
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from sqlite_utils import Database
from typing_extensions import override

from gui.context import GuiContext
from gui.pages.rcep.company_view import CompanyTariffView
from gui.pages.rcep.finder import TariffFinder
from gui.pages.rcep.savings import SavingsPanel
from services.core.errors import AppError
from services.core.i18n import _, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.defaults import load_default_tariffs
from services.rcep.tariff_repository import TariffRepository


class RcepPage(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loading = False
        self._loaded = False
        self.tabs = QTabWidget(self)
        self.finder = TariffFinder(ctx, self.tabs)
        self.savings = SavingsPanel(ctx, self.tabs)
        self.tabs.addTab(self.finder, "")
        self.company_view = CompanyTariffView(ctx, self.tabs)
        self.tabs.addTab(self.savings, "")
        self.tabs.addTab(self.company_view, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.finder.savings_requested.connect(self._on_savings_requested)
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        self.retranslate()

    def retranslate(self) -> None:
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
