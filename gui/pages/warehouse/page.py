"""The overseas-warehouse planner page (海外仓规划): a company's scenarios, the scenario editor,
the results of a computation and the comparison of scenarios.

Service calls: ``CompanyRepository.find``/``get`` (companies and their products and markets);
``PlanRepository.list_for_company``/``get``/``save``/``duplicate``/``delete`` on the GUI thread
(small, quick); ``validate_plan`` before every Compute or Save (problems are shown next to
their fields and nothing is saved or computed); ``compute_plan`` (with the Monte-Carlo
simulation) and ``PlanRepository.compare`` (the list's key figures and the comparison) as
``db=True`` tasks on ``ctx.tasks`` with a worker connection, so the page stays responsive; the
computation shows its progress on the page and can be cancelled. Duty comes from
``services.rcep.duty_rates.duty_rate_lookup`` (the embedded tariff packs are loaded on first
use when the data folder is writable); exchange rates from Settings.

Keyboard: Ctrl+Enter computes, Ctrl+S saves. Reloads on ``companies_changed`` and
``data_replaced``; relabels (and computes again) on ``language_changed``; read-only mode
disables every write but still computes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from gui import dialogs
from gui.context import GuiContext
from gui.errors import error_text, show_error
from gui.pages.warehouse.document import Doc, new_plan
from gui.pages.warehouse.editor import PlanEditor
from gui.pages.warehouse.fields import ERROR_COLOUR, HINT_COLOUR
from gui.pages.warehouse.results import ResultsPanel
from gui.pages.warehouse.scenarios import CompareView, ScenarioList, summary_text
from gui.tasks import TaskHandle
from gui.widgets.company_picker import CompanyCombo
from gui.widgets.page_shortcuts import run_and_save_shortcuts
from services.companies.models import Company
from services.companies.repository import CompanyRepository
from services.core.errors import AppError, NotFoundError, ValidationError
from services.core.i18n import _, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.core.settings import ExchangeRate
from services.rcep.defaults import load_default_tariffs
from services.rcep.duty_rates import DutyRate, duty_rate_lookup
from services.warehouse.planner import PlanResult, TariffLookup, compute_plan
from services.warehouse.repository import ComparedPlan, PlanRepository, StoredPlan
from services.warehouse.serialise import plan_to_json


class Tab:
    EDITOR = 0
    RESULTS = 1
    COMPARE = 2


def lazy_duty_lookup(db: Database, writable: bool) -> TariffLookup:
    """The RCEP module's duty lookup on ``db``; the embedded tariff packs are loaded (when the
    folder is writable) only when a SKU with an HS code first asks."""
    found: list[Any] = []

    def find(hs: str, market: str, day: date, preferential: bool) -> DutyRate | None:
        if not found:
            if writable:
                load_default_tariffs(db)
            found.append(duty_rate_lookup(db))
        result: DutyRate | None = found[0](hs, market, day, preferential)
        return result

    return find


class WarehousePage(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company: Company | None = None
        self._plan_id: str | None = None
        self._figures_generation = 0
        self.compute_task: TaskHandle | None = None
        self.figures_task: TaskHandle | None = None
        self.compare_task: TaskHandle | None = None
        self.last_message = ""
        self._build()
        ctx.hub.companies_changed.connect(self._on_companies_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.retranslate()
        self._apply_read_only()
        self.reload_companies()

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.company_label = QLabel(self)
        self.company_combo = CompanyCombo(self, min_chars=18)
        self.company_label.setBuddy(self.company_combo)
        self.read_only_label = QLabel(self)
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("color: #b26a00;")
        top = QHBoxLayout()
        top.addWidget(self.company_label)
        top.addWidget(self.company_combo, 1)
        top.addWidget(self.read_only_label, 2)

        self.scenarios = ScenarioList(self)
        self.tabs = QTabWidget(self)
        editor_page = QWidget(self.tabs)
        self.editor_hint = QLabel(editor_page)
        self.editor_hint.setWordWrap(True)
        self.editor_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor_hint.setStyleSheet(f"color: {HINT_COLOUR};")
        self.editor = PlanEditor(self._ctx.reference, editor_page)
        self.editor_stack = QStackedWidget(editor_page)
        self.editor_stack.addWidget(self.editor_hint)
        self.editor_stack.addWidget(self.editor)
        editor_layout = QVBoxLayout(editor_page)
        editor_layout.setContentsMargins(4, 4, 4, 4)
        editor_layout.addWidget(self.editor_stack)
        self.results = ResultsPanel(self.tabs)
        self.compare_view = CompareView(self.tabs)
        self.tabs.addTab(editor_page, "")
        self.tabs.addTab(self.results, "")
        self.tabs.addTab(self.compare_view, "")

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.scenarios)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([150, 600])

        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.compute_button = QPushButton(self)
        self.compute_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.hide()
        self.save_button = QPushButton(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.compute_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(bottom)

        self.save_shortcut = run_and_save_shortcuts(self, self.compute, self.save_scenario)

        self.company_combo.currentIndexChanged.connect(self._on_company_chosen)
        self.scenarios.open_requested.connect(self.open_scenario)
        self.scenarios.new_requested.connect(self.new_scenario)
        self.scenarios.duplicate_requested.connect(self.duplicate_scenario)
        self.scenarios.rename_requested.connect(self.rename_scenario)
        self.scenarios.delete_requested.connect(self.delete_scenario)
        self.scenarios.compare_requested.connect(self.compare_scenarios)
        self.editor.changed.connect(self._on_editor_changed)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel_compute)
        self.save_button.clicked.connect(self.save_scenario)

    def retranslate(self) -> None:
        self.company_label.setText(_("Company"))
        self.read_only_label.setText(
            _("The data folder is open read-only: you can compute, but not save anything.")
        )
        self.tabs.setTabText(Tab.EDITOR, _("Scenario"))
        self.tabs.setTabText(Tab.RESULTS, _("Results"))
        self.tabs.setTabText(Tab.COMPARE, _("Comparison"))
        self.compute_button.setText(_("Compute"))
        self.compute_button.setToolTip(
            _("Stock levels, space, cost per unit and the simulation (Ctrl+Enter)")
        )
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop the computation; nothing changes"))
        self.save_button.setText(_("Save scenario"))
        self.save_button.setToolTip(_("Save the scenario for this company (Ctrl+S)"))
        self.scenarios.retranslate()
        self.editor.retranslate()
        self.results.retranslate()
        self.compare_view.retranslate()
        self._show_editor_hint()

    # ---- companies -------------------------------------------------------------------------

    def _companies(self) -> CompanyRepository:
        return CompanyRepository(self._ctx.store.db)

    def _repo(self) -> PlanRepository:
        return PlanRepository(self._ctx.store.db)

    def reload_companies(self) -> None:
        chosen = self.company_combo.reload(self._ctx.store.db)
        same = self._company is not None and chosen == self._company.id
        self._load_company(chosen, keep=same)

    def show_company(self, company_id: str) -> bool:
        index = self.company_combo.findData(company_id)
        if index < 0:
            self.reload_companies()
            index = self.company_combo.findData(company_id)
        if index < 0:
            return False
        self.company_combo.setCurrentIndex(index)
        return self._company is not None and self._company.id == company_id

    def focus_search(self) -> None:
        """Find (Ctrl+F) here: the company choice, to type a few letters of its name."""
        self.company_combo.focus_for_search()

    def company(self) -> Company | None:
        return self._company

    def plan_id(self) -> str | None:
        return self._plan_id

    def _load_company(self, company_id: str | None, *, keep: bool = False) -> None:
        try:
            self._company = self._companies().get(company_id) if company_id else None
        except NotFoundError:
            self._company = None
        self.editor.set_products(self._company.products if self._company else ())
        if not keep:
            self._close_editor()
            self.results.set_result(None)
            self.compare_view.set_compared([])
        self.refresh_scenarios(select=self._plan_id)
        if not keep and self.scenarios.count():
            self.open_scenario(self.scenarios.model.item(0).id)
        self._update_buttons()

    @Slot()
    def _on_company_chosen(self) -> None:
        data = self.company_combo.currentData()
        if self._company is not None and data == self._company.id:
            return
        if not self.confirm_discard():
            self.company_combo.select_quietly(self._company.id if self._company else None)
            return
        self._load_company(str(data) if data else None)

    # ---- scenarios -------------------------------------------------------------------------

    def refresh_scenarios(self, select: str | None = None) -> None:
        summaries = self._repo().list_for_company(self._company.id) if self._company else []
        self.scenarios.set_scenarios(summaries, select=select)
        self._start_figures([s.id for s in summaries])

    def _start_figures(self, ids: list[str]) -> None:
        """Key figures of every listed scenario, computed in the background."""
        self._figures_generation += 1
        generation = self._figures_generation
        if not ids:
            return
        rates = self._ctx.prefs.exchange_rates
        writable = not self._ctx.read_only

        def work(db: Database, _progress: ProgressFn, cancel: CancelToken) -> dict[str, str]:
            repo = PlanRepository(db)
            lookup = lazy_duty_lookup(db, writable)
            figures = {}
            for plan_id in ids:
                cancel.raise_if_cancelled()
                try:
                    compared = repo.compare([plan_id], tariff_lookup=lookup, exchange_rates=rates)
                    figures[plan_id] = summary_text(compared[0])
                except AppError as exc:
                    figures[plan_id] = _("Cannot be computed: {reason}").format(reason=exc.message)
            return figures

        def done(figures: dict[str, str]) -> None:
            if generation == self._figures_generation:
                self.scenarios.set_figures(figures)

        self.figures_task = self._ctx.tasks.run(
            work, db=True, on_success=done, on_failure=lambda _exc: None, parent=self
        )

    def _close_editor(self) -> None:
        self._plan_id = None
        self.editor_stack.setCurrentIndex(0)
        self.editor.problems_list.clear()
        self._show_problem(None)
        self._show_editor_hint()

    def _show_editor_hint(self) -> None:
        if self._company is None:
            text = _("No company yet: create one on the Companies page, then plan its stock here.")
        elif self._ctx.read_only:
            text = _("Open a saved scenario from the list above.")
        else:
            text = _("Open a scenario from the list above, or start a new one.")
        self.editor_hint.setText(text)

    def has_scenario(self) -> bool:
        return self.editor_stack.currentIndex() == 1 and self.editor.doc() is not None

    def _edit(self, doc: Doc, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.editor.load(doc)
        self.editor_stack.setCurrentIndex(1)
        self.tabs.setCurrentIndex(Tab.EDITOR)
        self.results.set_result(None)
        self._show_problem(None)
        self._update_buttons()

    @Slot()
    def new_scenario(self) -> bool:
        if self._company is None or self._ctx.read_only or not self.confirm_discard():
            return False
        products = self._company.products
        first = (products[0].name, products[0].hs_code) if products else None
        doc = new_plan(_("New scenario"), product=first, company_markets=self._company.markets)
        self._edit(doc, None)
        self.scenarios.view.clearSelection()
        self.editor.name_edit.setFocus()
        self.editor.name_edit.selectAll()
        return True

    def _stored(self, plan_id: str) -> StoredPlan | None:
        """The saved scenario, or None once the user has been told why it cannot be read."""
        try:
            return self._repo().get(plan_id)
        except AppError as exc:
            show_error(self, exc)
            return None

    @Slot(str)
    def open_scenario(self, plan_id: str) -> bool:
        if plan_id == self._plan_id and self.has_scenario():
            return True
        if not self.confirm_discard():
            return False
        stored = self._stored(plan_id)
        if stored is None:
            return False
        doc = plan_to_json(stored.plan)
        doc["name"] = stored.name
        self._edit(doc, stored.id)
        self.scenarios.select(stored.id)
        return True

    @Slot()
    def save_scenario(self) -> str | None:
        """Save (Ctrl+S): validates the whole scenario first; nothing is stored while any
        field is wrong (the problems are listed and marked)."""
        if self._ctx.read_only or self._company is None or not self.has_scenario():
            return None
        plan = self.editor.validate()
        if plan is None:
            self._report_problems(_("nothing was saved"))
            return None
        doc = self.editor.doc() or {}
        try:
            stored = self._repo().save(
                self._company.id, plan, name=str(doc.get("name") or ""), plan_id=self._plan_id
            )
        except ValidationError as exc:
            self.editor.add_errors(exc.errors)
            self._report_problems(_("nothing was saved"))
            return None
        except AppError as exc:
            show_error(self, exc)
            return None
        self._plan_id = stored.id
        self.editor.mark_saved()
        self._show_problem(None)
        self.refresh_scenarios(select=stored.id)
        self._status(_("Saved the scenario “{name}”.").format(name=stored.name))
        self._update_buttons()
        return stored.id

    @Slot(str)
    def duplicate_scenario(self, plan_id: str) -> str | None:
        if self._ctx.read_only:
            return None
        try:
            copy_ = self._repo().duplicate(plan_id)
        except AppError as exc:
            show_error(self, exc)
            return None
        self.refresh_scenarios(select=copy_.id)
        self._status(_("Saved a copy: “{name}”.").format(name=copy_.name))
        if not self.editor.is_dirty():
            self.open_scenario(copy_.id)
        return copy_.id

    @Slot(str)
    def rename_scenario(self, plan_id: str) -> bool:
        stored = self._stored(plan_id) if not self._ctx.read_only else None
        if stored is None:
            return False
        name = dialogs.ask_text(self, _("Rename scenario"), _("New name"), stored.name)
        if name is None or name.strip() == stored.name:
            return False
        try:
            renamed = self._repo().save(
                stored.company_id,
                replace(stored.plan, name=name.strip()),
                name=name,
                plan_id=plan_id,
            )
        except AppError as exc:
            show_error(self, exc, _("Rename scenario"))
            return False
        if plan_id == self._plan_id and self.has_scenario():
            self.editor.rename(renamed.name)
        self.refresh_scenarios(select=plan_id)
        self._status(_("Renamed the scenario to “{name}”.").format(name=renamed.name))
        return True

    @Slot(str)
    def delete_scenario(self, plan_id: str) -> bool:
        stored = self._stored(plan_id) if not self._ctx.read_only else None
        if stored is None:
            return False
        if not dialogs.confirm(
            self,
            _("Delete scenario"),
            _("Delete the scenario “{name}”? This cannot be undone.").format(name=stored.name),
            destructive=True,
        ):
            return False
        try:
            self._repo().delete(plan_id)
        except AppError as exc:
            show_error(self, exc)
            return False
        if plan_id == self._plan_id:
            self._close_editor()
            self.results.set_result(None)
        self.refresh_scenarios()
        self._status(_("Deleted the scenario “{name}”.").format(name=stored.name))
        self._update_buttons()
        return True

    @Slot(list)
    def compare_scenarios(self, ids: list[str]) -> TaskHandle | None:
        if len(ids) < 2 or (self.compare_task is not None and self.compare_task.running):
            return None
        rates = self._ctx.prefs.exchange_rates
        writable = not self._ctx.read_only

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> list[ComparedPlan]:
            repo = PlanRepository(db)
            return repo.compare(ids, tariff_lookup=lazy_duty_lookup(db, writable),
                                exchange_rates=rates)  # fmt: skip

        def done(compared: list[ComparedPlan]) -> None:
            self.compare_view.set_compared(compared)
            self.tabs.setCurrentIndex(Tab.COMPARE)
            self._status(
                ngettext("Compared {count} scenario.", "Compared {count} scenarios.",
                         len(compared)).format(count=format_integer(len(compared)))
            )  # fmt: skip

        self.compare_task = self._ctx.tasks.run(
            work, db=True, on_success=done, parent=self,
            progress_label=_("Comparing the scenarios…"),
        )  # fmt: skip
        return self.compare_task

    # ---- computing -------------------------------------------------------------------------

    def exchange_rates(self) -> tuple[ExchangeRate, ...]:
        return self._ctx.prefs.exchange_rates

    @Slot()
    def compute(self) -> TaskHandle | None:
        """Compute (Ctrl+Enter): validates, then runs the plan and its simulation in the
        background; the page shows the progress and a Cancel button."""
        if not self.has_scenario() or self.is_computing():
            return None
        plan = self.editor.validate()
        if plan is None:
            self.tabs.setCurrentIndex(Tab.EDITOR)
            self._report_problems(_("nothing was computed"))
            return None
        self._show_problem(None)
        rates = self.exchange_rates()
        writable = not self._ctx.read_only

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> PlanResult:
            return compute_plan(
                plan,
                tariff_lookup=lazy_duty_lookup(db, writable),
                exchange_rates=rates,
                progress=progress,
                cancel=cancel,
            )

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self._status(_("Computing the scenario…"))
        handle = self._ctx.tasks.run(
            work, db=True, on_success=self._on_computed, on_failure=self._on_compute_failed,
            parent=self,
        )  # fmt: skip
        handle.signals.progressed.connect(self._on_progress)
        self.compute_task = handle
        self._update_buttons()
        return handle

    def is_computing(self) -> bool:
        return self.compute_task is not None and self.compute_task.running

    @Slot()
    def cancel_compute(self) -> None:
        if self.compute_task is not None and self.compute_task.running:
            self.compute_task.cancel()
            self.cancel_button.setEnabled(False)
            self._status(_("Cancelling…"))

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _compute_finished(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _on_computed(self, result: PlanResult) -> None:
        self._compute_finished()
        self.results.set_result(result)
        self.tabs.setCurrentIndex(Tab.RESULTS)
        lines = len(result.results)
        self._status(
            ngettext(
                "Computed {count} SKU and market.", "Computed {count} SKUs and markets.", lines
            ).format(count=format_integer(lines))
        )

    def _on_compute_failed(self, exc: BaseException) -> None:
        self._compute_finished()
        if isinstance(exc, Cancelled):
            self._status(_("The computation was cancelled; the results did not change."))
            return
        if isinstance(exc, ValidationError):
            self._show_problem(error_text(exc))
            self._status(_("The scenario could not be computed."))
            return
        show_error(self, exc)
        self._status(_("The scenario could not be computed."))

    # ---- state -----------------------------------------------------------------------------

    def _report_problems(self, outcome: str) -> None:
        count = len(self.editor.errors())
        self.tabs.setCurrentIndex(Tab.EDITOR)
        self._show_problem(
            ngettext(
                "{count} problem in the scenario: {outcome}. Fix the marked field.",
                "{count} problems in the scenario: {outcome}. Fix the marked fields.",
                count,
            ).format(count=format_integer(count), outcome=outcome)
        )

    def _show_problem(self, message: str | None) -> None:
        self.problem_label.setText(message or "")
        self.problem_label.setVisible(bool(message))

    def problem(self) -> str | None:
        return self.problem_label.text() if not self.problem_label.isHidden() else None

    def _status(self, message: str) -> None:
        self.last_message = message
        self.status_label.setText(message)
        self._ctx.hub.status_message.emit(message)

    def _apply_read_only(self) -> None:
        read_only = self._ctx.read_only
        self.read_only_label.setVisible(read_only)
        self.scenarios.set_read_only(read_only)
        self.save_shortcut.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        editing = self.has_scenario()
        self.compute_button.setEnabled(editing and not self.is_computing())
        self.save_button.setEnabled(editing and not self._ctx.read_only)

    def is_dirty(self) -> bool:
        return self.has_scenario() and self.editor.is_dirty()

    def confirm_discard(self) -> bool:
        if self._ctx.read_only or not self.is_dirty():
            return True
        return dialogs.confirm(
            self,
            _("Unsaved changes"),
            _("The scenario has changes that are not saved. Discard them?"),
        )

    # ---- hub -------------------------------------------------------------------------------

    @Slot()
    def _on_editor_changed(self) -> None:
        self.results.mark_stale(True)

    @Slot()
    def _on_companies_changed(self) -> None:
        self.reload_companies()

    @Slot()
    def _on_data_replaced(self) -> None:
        self.editor.mark_saved()  # a restore replaces everything: nothing to keep
        self._close_editor()
        self._company = None
        self._apply_read_only()
        self.reload_companies()

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
        if self._plan_id is not None or self.has_scenario():
            self.refresh_scenarios(select=self._plan_id)
        if self.results.result() is not None and not self.results.is_stale():
            self.compute()  # the reasons and notes are worded by the services
