"""The readiness report window: choose the company, the session and the language, generate the
PDF off the GUI thread, preview it, save it, print it, open its folder.

Service calls: ``CompanyRepository.find`` and ``SessionRepository.list_for_company`` (GUI
thread, quick) for the choices; ``services.reports.readiness.generate_readiness_report`` (after
``services.rcep.defaults.load_default_tariffs`` when the data folder is writable) as a
``db=True`` task with progress and cancel. The PDF is written to a temporary folder first;
“Save as…” copies it where the user wants it.
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.pages.reports.preview import PdfPreview, print_pdf
from gui.tasks import TaskHandle
from services.companies.models import CompanyFilter
from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import AppError
from services.core.files import atomic_write_bytes
from services.core.i18n import (
    DEFAULT_LOCALE,
    LANGUAGE_NAMES,
    SUPPORTED_LOCALES,
    _,
    format_date,
    format_decimal,
    format_integer,
    ngettext,
)
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.defaults import load_default_tariffs
from services.readiness.sessions import SessionRepository
from services.reports.gather import DEFAULT_SHIPMENT_VALUE
from services.reports.readiness import (
    ReportOptions,
    ReportResult,
    generate_readiness_report,
    report_file_name,
)

SAMPLE_SUFFIX = " · 示例"


def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ReportDialog(QDialog):
    generated = Signal(object)  # ReportResult
    generation_failed = Signal(object)  # the exception (Cancelled when cancelled)

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        company_id: str | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._temp_dir = Path(tempfile.mkdtemp(prefix="exportpilot-report-"))
        self._result: ReportResult | None = None
        self._saved: Path | None = None
        self._task: TaskHandle | None = None
        self._build()
        self.reload_companies(company_id)
        if session_id is not None:
            self._select(self.session_combo, session_id)
        self.retranslate()
        self._update_buttons()
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.companies_changed.connect(self._on_companies_changed)

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("readinessReportDialog")
        self.resize(900, 760)
        # an explicit minimum: the layout never resizes the window (labels change text)
        self.setMinimumSize(720, 560)
        self.company_label = QLabel(self)
        self.company_combo = QComboBox(self)
        self.company_combo.setMinimumContentsLength(24)
        self.session_label = QLabel(self)
        self.session_combo = QComboBox(self)
        self.language_label = QLabel(self)
        self.language_combo = QComboBox(self)
        for locale in SUPPORTED_LOCALES:
            self.language_combo.addItem(LANGUAGE_NAMES[locale], locale)
        # reports are Chinese by default (the service centre prints them); English on request
        self._select(self.language_combo, DEFAULT_LOCALE)
        self.value_label = QLabel(self)
        self.value_spin = QDoubleSpinBox(self)
        self.value_spin.setRange(1, 1e12)
        self.value_spin.setDecimals(0)
        self.value_spin.setGroupSeparatorShown(True)
        self.value_spin.setValue(float(DEFAULT_SHIPMENT_VALUE))
        self.value_spin.setSuffix(" CNY")
        self.generate_button = QPushButton(self)
        self.generate_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.company_label, self.company_combo)
        form.addRow(self.session_label, self.session_combo)
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.value_label, self.value_spin)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.generate_button)

        self.preview = PdfPreview(self)
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info_label, 1)
        for button in (self.save_button, self.print_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

        self.company_combo.currentIndexChanged.connect(self._on_company_changed)
        self.generate_button.clicked.connect(self.generate)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_report)
        self.folder_button.clicked.connect(self.open_saved_folder)
        self.close_button.clicked.connect(self.close)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Readiness report"))
        self.company_label.setText(_("Company"))
        self.session_label.setText(_("Session"))
        self.language_label.setText(_("Language of the report"))
        self.value_label.setText(_("Typical shipment"))
        self.value_spin.setToolTip(
            _("Customs value of a typical shipment, for the RCEP savings in the report")
        )
        self.generate_button.setText(_("Generate"))
        self.save_button.setText(_("Save as…"))
        self.print_button.setText(_("Print…"))
        self.folder_button.setText(_("Open folder"))
        self.folder_button.setToolTip(_("Show the folder of the saved report"))
        self.close_button.setText(_("Close"))
        self._fill_sessions()
        self._update_info()

    # ---- choices ---------------------------------------------------------------------------

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def reload_companies(self, select: str | None = None) -> None:
        wanted = select or self.company_id()
        self.company_combo.blockSignals(True)
        self.company_combo.clear()
        for c in CompanyRepository(self._ctx.store.db).find(CompanyFilter()):
            self.company_combo.addItem(c.name_zh + (SAMPLE_SUFFIX if c.is_sample else ""), c.id)
        if wanted is not None:
            self._select(self.company_combo, wanted)
        self.company_combo.blockSignals(False)
        self._fill_sessions()

    def company_id(self) -> str | None:
        data = self.company_combo.currentData()
        return str(data) if data else None

    def session_id(self) -> str | None:
        data = self.session_combo.currentData()
        return str(data) if data else None

    def _fill_sessions(self) -> None:
        current = self.session_id()
        self.session_combo.clear()
        company_id = self.company_id()
        sessions = SessionRepository(self._ctx.store.db).list_for_company(company_id or "")
        if not sessions:
            self.session_combo.addItem(_("No session yet (profile only)"), None)
        else:
            self.session_combo.addItem(_("Latest session"), None)
        for s in reversed(sessions):
            score = format_decimal(s.score, 0) if s.score is not None else "—"
            label = _("{date} · score {score}").format(date=format_date(s.held_on), score=score)
            self.session_combo.addItem(label, s.id)
        if current is not None:
            self._select(self.session_combo, current)

    # ---- actions ---------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        return ReportOptions(
            language=str(self.language_combo.currentData()),
            session_id=self.session_id(),
            shipment_value=Decimal(str(round(self.value_spin.value()))),
            font_path=self._ctx.prefs.report_font_path,
        )

    @Slot()
    def generate(self) -> TaskHandle | None:
        company_id = self.company_id()
        if company_id is None or (self._task is not None and self._task.running):
            return None
        self.preview.clear()  # releases the previous file before it is replaced
        self._result = None
        self._saved = None
        options = self.options()
        name = self.company_combo.currentText().removesuffix(SAMPLE_SUFFIX)
        target = self._temp_dir / report_file_name(name, local_today())
        reference = self._ctx.reference
        writable = not self._ctx.read_only

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> ReportResult:
            if writable:
                load_default_tariffs(db)  # the RCEP section needs tariff data
            return generate_readiness_report(
                db, reference.hs, company_id, target, options, progress=progress, cancel=cancel
            )

        self.generate_button.setEnabled(False)
        self.info_label.setText(_("Generating the report…"))
        self._task = self._ctx.tasks.run(
            work,
            db=True,
            progress_label=_("Generating the report…"),
            parent=self,
            on_success=self._on_generated,
            on_failure=self._on_failed,
        )
        return self._task

    def _on_generated(self, result: ReportResult) -> None:
        self._result = result
        self.generate_button.setEnabled(True)
        self.preview.load(result.path)
        self._update_info()
        self._update_buttons()
        self.generated.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.info_label.setText(_("Cancelled; nothing was written."))
        else:
            self.info_label.setText("")
            show_error(self, exc, _("Readiness report"))
        self.preview.show_message(_("Generate a report to see it here."))
        self._update_buttons()
        self.generation_failed.emit(exc)

    def report_result(self) -> ReportResult | None:
        return self._result

    def saved_path(self) -> Path | None:
        return self._saved

    @Slot()
    def save_as(self) -> Path | None:
        if self._result is None:
            return None
        suggested = dialogs.documents_dir() / self._result.path.name
        target = dialogs.save_file(
            self, _("Save the report"), str(suggested), _("PDF files (*.pdf)")
        )
        if target is None:
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        try:
            atomic_write_bytes(target, self._result.path.read_bytes())
        except OSError as exc:
            show_error(
                self,
                AppError(
                    _("The report could not be saved to {path}: {reason}").format(
                        path=target, reason=exc.strerror or exc
                    )
                ),
            )
            return None
        self._saved = target
        self._ctx.hub.status_message.emit(_("Report saved to {path}").format(path=target))
        self._update_info()
        self._update_buttons()
        return target

    @Slot()
    def print_report(self) -> int:
        if self._result is None:
            return 0
        try:
            return print_pdf(self, self._result.path)
        except AppError as exc:
            show_error(self, exc)
            return 0

    @Slot()
    def open_saved_folder(self) -> bool:
        if self._saved is None:
            return False
        return open_folder(self._saved.parent)

    # ---- state -----------------------------------------------------------------------------

    def _update_info(self) -> None:
        if self._result is None:
            return
        pages = ngettext("{count} page", "{count} pages", self._result.pages).format(
            count=format_integer(self._result.pages)
        )
        where = _("saved to {path}").format(path=self._saved) if self._saved else _("not saved yet")
        self.info_label.setText(f"{pages} · {where}")

    def _update_buttons(self) -> None:
        ready = self._result is not None
        self.generate_button.setEnabled(self.company_id() is not None)
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and self.preview.page_count() > 0)
        self.folder_button.setEnabled(self._saved is not None)

    @Slot(int)
    def _on_company_changed(self, _index: int) -> None:
        self._fill_sessions()
        self._update_buttons()

    @Slot()
    def _on_companies_changed(self) -> None:
        self.reload_companies()

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
        self.preview.clear()
        shutil.rmtree(self._temp_dir, ignore_errors=True)
        super().closeEvent(event)
