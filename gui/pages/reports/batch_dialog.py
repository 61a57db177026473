"""Batch reports: one readiness PDF per company, for the companies ticked in a list or for
every company with a session between two dates, into one folder; with progress, cancel and a
summary of the failures at the end.

Service calls: ``CompanyRepository.find`` (GUI thread) for the list;
``services.reports.readiness.generate_batch`` as a ``db=True`` task.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.pages.reports.dialog import SAMPLE_SUFFIX, open_folder
from gui.tasks import TaskHandle
from services.companies.models import CompanyFilter
from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import ValidationError
from services.core.i18n import (
    DEFAULT_LOCALE,
    LANGUAGE_NAMES,
    SUPPORTED_LOCALES,
    _,
    format_integer,
    ngettext,
)
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.defaults import load_default_tariffs
from services.reports.readiness import BatchResult, ReportOptions, generate_batch

COMPANY_ROLE = int(Qt.ItemDataRole.UserRole)


def choose_folder(parent: QWidget | None, title: str, start: str) -> Path | None:
    """Asks for a folder (tests replace this function)."""
    name = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(name) if name else None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class BatchReportDialog(QDialog):
    finished_batch = Signal(object)  # BatchResult
    batch_failed = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: TaskHandle | None = None
        self._result: BatchResult | None = None
        self._build()
        self.reload_companies()
        self.retranslate()
        self._update_state()
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.companies_changed.connect(self.reload_companies)

    def _build(self) -> None:
        self.setObjectName("batchReportDialog")
        self.resize(640, 640)
        self.setMinimumSize(560, 520)  # the layout never resizes the window
        self.pick_radio = QRadioButton(self)
        self.range_radio = QRadioButton(self)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.pick_radio)
        self.mode_group.addButton(self.range_radio)
        self.pick_radio.setChecked(True)
        self.company_list = QListWidget(self)
        self.all_button = QPushButton(self)
        self.none_button = QPushButton(self)
        today = local_today()
        self.from_edit = QDateEdit(_qdate(today - timedelta(days=90)), self)
        self.to_edit = QDateEdit(_qdate(today), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.and_label = QLabel(self)
        self.folder_label = QLabel(self)
        self.folder_edit = QLineEdit(str(dialogs.documents_dir() / "ExportPilot-reports"), self)
        self.browse_button = QPushButton(self)
        self.language_label = QLabel(self)
        self.language_combo = QComboBox(self)
        for locale in SUPPORTED_LOCALES:
            self.language_combo.addItem(LANGUAGE_NAMES[locale], locale)
        # reports are Chinese by default (the service centre prints them); English on request
        self.language_combo.setCurrentIndex(self.language_combo.findData(DEFAULT_LOCALE))
        self.generate_button = QPushButton(self)
        self.generate_button.setDefault(True)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.failure_list = QListWidget(self)
        self.failure_list.setVisible(False)
        self.open_button = QPushButton(self)
        self.close_button = QPushButton(self)

        pick_buttons = QHBoxLayout()
        pick_buttons.addWidget(self.all_button)
        pick_buttons.addWidget(self.none_button)
        pick_buttons.addStretch(1)
        dates = QHBoxLayout()
        dates.addWidget(self.range_radio)
        dates.addWidget(self.from_edit)
        dates.addWidget(self.and_label)
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.folder_label, folder)
        form.addRow(self.language_label, self.language_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(self.generate_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pick_radio)
        layout.addWidget(self.company_list, 1)
        layout.addLayout(pick_buttons)
        layout.addLayout(dates)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.failure_list)
        layout.addLayout(bottom)

        self.pick_radio.toggled.connect(self._update_state)
        self.company_list.itemChanged.connect(self._update_state)
        self.all_button.clicked.connect(lambda: self.check_all(True))
        self.none_button.clicked.connect(lambda: self.check_all(False))
        self.browse_button.clicked.connect(self._on_browse)
        self.generate_button.clicked.connect(self.generate)
        self.open_button.clicked.connect(self.open_output_folder)
        self.close_button.clicked.connect(self.close)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Batch readiness reports"))
        self.pick_radio.setText(_("These companies:"))
        self.range_radio.setText(_("All companies with a session between"))
        self.and_label.setText(_("and"))
        self.all_button.setText(_("Select all"))
        self.none_button.setText(_("Select none"))
        self.folder_label.setText(_("Output folder"))
        self.browse_button.setText(_("Browse…"))
        self.language_label.setText(_("Language of the reports"))
        self.generate_button.setText(_("Generate reports"))
        self.open_button.setText(_("Open folder"))
        self.close_button.setText(_("Close"))
        self._show_summary()

    # ---- companies -------------------------------------------------------------------------

    @Slot()
    def reload_companies(self) -> None:
        checked = set(self.checked_ids())
        self.company_list.blockSignals(True)
        self.company_list.clear()
        for c in CompanyRepository(self._ctx.store.db).find(CompanyFilter()):
            item = QListWidgetItem(c.name_zh + (SAMPLE_SUFFIX if c.is_sample else ""))
            item.setData(COMPANY_ROLE, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if c.id in checked else Qt.CheckState.Unchecked
            )
            self.company_list.addItem(item)
        self.company_list.blockSignals(False)
        self._update_state()

    def checked_ids(self) -> list[str]:
        ids = []
        for row in range(self.company_list.count()):
            item = self.company_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(COMPANY_ROLE)))
        return ids

    def check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.company_list.count()):
            self.company_list.item(row).setCheckState(state)

    # ---- running ---------------------------------------------------------------------------

    @Slot()
    def _on_browse(self) -> None:
        folder = choose_folder(self, _("Choose the output folder"), self.folder_edit.text())
        if folder is not None:
            self.folder_edit.setText(str(folder))

    def output_folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    @Slot()
    def generate(self) -> TaskHandle | None:
        if self._task is not None and self._task.running:
            return None
        out_dir = self.output_folder()
        if out_dir is None:
            show_error(self, ValidationError(_("Choose the output folder."), field="out"))
            return None
        by_range = self.range_radio.isChecked()
        ids = None if by_range else self.checked_ids()
        if ids is not None and not ids:
            show_error(self, ValidationError(_("Tick at least one company."), field="companies"))
            return None
        date_from = _pydate(self.from_edit.date()) if by_range else None
        date_to = _pydate(self.to_edit.date()) if by_range else None
        options = ReportOptions(
            language=str(self.language_combo.currentData()),
            font_path=self._ctx.prefs.report_font_path,
        )
        reference = self._ctx.reference
        writable = not self._ctx.read_only

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> BatchResult:
            if writable:
                load_default_tariffs(db)
            return generate_batch(
                db,
                reference.hs,
                out_dir,
                company_ids=ids,
                date_from=date_from,
                date_to=date_to,
                options=options,
                progress=progress,
                cancel=cancel,
            )

        self._result = None
        self.generate_button.setEnabled(False)
        self.summary_label.setText(_("Generating the reports…"))
        self.failure_list.clear()
        self.failure_list.setVisible(False)
        self._task = self._ctx.tasks.run(
            work,
            db=True,
            progress_label=_("Generating the reports…"),
            parent=self,
            on_success=self._on_done,
            on_failure=self._on_failed,
        )
        return self._task

    def _on_done(self, result: BatchResult) -> None:
        self._result = result
        self._show_summary()
        self._update_state()
        self.finished_batch.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.summary_label.setText(
            _("Cancelled.") if isinstance(exc, Cancelled) else _("The batch could not start.")
        )
        if not isinstance(exc, Cancelled):
            show_error(self, exc, _("Batch readiness reports"))
        self._update_state()
        self.batch_failed.emit(exc)

    def batch_result(self) -> BatchResult | None:
        return self._result

    def _show_summary(self) -> None:
        result = self._result
        if result is None:
            return
        written = ngettext(
            "{count} report written to {folder}.",
            "{count} reports written to {folder}.",
            len(result.written),
        ).format(count=format_integer(len(result.written)), folder=result.out_dir)
        parts = [written]
        if result.cancelled:
            parts.append(_("Cancelled before the end."))
        if result.failures:
            parts.append(
                ngettext(
                    "{count} company failed:",
                    "{count} companies failed:",
                    len(result.failures),
                ).format(count=format_integer(len(result.failures)))
            )
        self.summary_label.setText(" ".join(parts))
        self.failure_list.clear()
        for failure in result.failures:
            self.failure_list.addItem(
                _("{name}: {message}").format(name=failure.company_name, message=failure.message)
            )
        self.failure_list.setVisible(bool(result.failures))

    @Slot()
    def open_output_folder(self) -> bool:
        if self._result is None or self._result.out_dir is None:
            return False
        return open_folder(self._result.out_dir)

    @Slot()
    def _update_state(self) -> None:
        picking = self.pick_radio.isChecked()
        self.company_list.setEnabled(picking)
        self.all_button.setEnabled(picking)
        self.none_button.setEnabled(picking)
        self.from_edit.setEnabled(not picking)
        self.to_edit.setEnabled(not picking)
        running = self._task is not None and self._task.running
        self.generate_button.setEnabled(not running and (not picking or bool(self.checked_ids())))
        self.open_button.setEnabled(self._result is not None and bool(self._result.written))

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
