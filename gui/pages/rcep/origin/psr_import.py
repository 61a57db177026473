"""Importing the official product-specific rule list (GACC Announcement 2022 No.129, annex 1)
from the window: which file, its format, the source it is from and its edition date
(:class:`RuleListImportDialog`), then ``PsrTable.import_file`` as a ``db=True`` task with
progress and Cancel (:class:`RuleListImport`), and the report of the rows read, accepted and
rejected afterwards (``gui.pages.rcep.import_dialog.show_import_report``).

The import replaces every imported rule in one transaction; nothing changes when the file cannot
be read, when no row is accepted or when the import is cancelled (docs/psr-import-csv.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from gui import dialogs, errors
from gui.context import GuiContext
from gui.pages.rcep.import_dialog import ImportReportDialog, show_import_report
from gui.tasks import TaskHandle
from services.core.i18n import N_, _, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.importers.psr_common import PsrPack
from services.rcep.psr_table import PsrTable

CSV = "csv"
DOCX = "docx"
FORMAT_BY_SUFFIX = {".csv": CSV, ".txt": CSV, ".docx": DOCX, ".doc": DOCX}
DEFAULT_SOURCE = N_("GACC Announcement 2022 No.129, annex 1")


@dataclass(frozen=True, slots=True)
class RuleListRequest:
    path: Path
    format_name: str  # an importer of services.rcep.importers.psr_common.psr_importer
    source: str
    edition: str = ""  # YYYY-MM-DD or empty


def is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also takes 20221223, which the importer refuses


def documents_dir() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


class RuleListImportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import rule list"))
        self.intro_label = QLabel(
            _(
                "Replaces every rule imported before with the rules of the official list. Rules "
                "typed by a user stay and still come first."
            ),
            self,
        )
        self.intro_label.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("No file chosen"))
        self.browse_button = QPushButton(_("Choose file…"), self)
        self.format_combo = QComboBox(self)
        self.format_combo.addItem(_("CSV layout"), CSV)
        self.format_combo.addItem(_("Word document (.docx)"), DOCX)
        self.source_edit = QLineEdit(_(DEFAULT_SOURCE), self)
        self.source_edit.setToolTip(
            _("The official list the file holds; it is stored and shown with every rule")
        )
        self.edition_edit = QLineEdit(self)
        self.edition_edit.setPlaceholderText(_("YYYY-MM-DD (optional)"))
        self.edition_edit.setToolTip(_("The date of that list"))
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(_("File:"), file_row)
        form.addRow(_("Format:"), self.format_combo)
        form.addRow(_("Source *"), self.source_edit)
        form.addRow(_("Edition date:"), self.edition_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.browse_button.clicked.connect(self._on_browse)
        self.source_edit.textChanged.connect(self._update)
        self.edition_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update()

    @classmethod
    def ask(cls, parent: QWidget | None) -> RuleListRequest | None:
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.request()
        finally:
            dialog.deleteLater()

    # ---- state -----------------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def set_path(self, path: Path | None) -> None:
        """Shows the file and guesses its format from the extension."""
        if path is not None and (guessed := FORMAT_BY_SUFFIX.get(path.suffix.lower())):
            self.format_combo.setCurrentIndex(self.format_combo.findData(guessed))
        self.path_edit.setText(str(path) if path else "")
        self._update()

    def problem(self) -> str | None:
        """Why the import cannot start yet, or None."""
        if not self.path_edit.text():
            return _("Choose the file to import.")
        if not self.source_edit.text().strip():
            return _("Say where the rules come from, e.g. GACC Announcement 2022 No.129, annex 1.")
        edition = self.edition_edit.text().strip()
        if edition and not is_iso_date(edition):
            return _("Enter a date as YYYY-MM-DD.")
        return None

    def request(self) -> RuleListRequest | None:
        if self.problem() is not None:
            return None
        return RuleListRequest(
            Path(self.path_edit.text()),
            self.format_name(),
            self.source_edit.text().strip(),
            self.edition_edit.text().strip(),
        )

    def _update(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.ok_button.setEnabled(problem is None)

    def _on_browse(self) -> None:
        start = self.path_edit.text()
        filters = ";;".join(
            (
                _("Rule lists (*.csv *.docx)"),
                _("CSV files (*.csv)"),
                _("Word documents (*.docx)"),
            )
        )
        directory = str(Path(start).parent) if start else documents_dir()
        path = dialogs.open_file(self, _("Choose the rule list"), directory, filters)
        if path is not None:
            self.set_path(path)


class RuleListImport(QObject):
    """Asks for a rule list and imports it in the background; ``imported`` is emitted once the
    imported rules were replaced, so that the rule shown can be looked up again."""

    imported = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self.task: TaskHandle | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.message = ""  # the last status message

    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> TaskHandle | None:
        if self._ctx.read_only or self.running():
            return None
        request = RuleListImportDialog.ask(self._parent)
        return self.run(request) if request is not None else None

    def run(self, request: RuleListRequest) -> TaskHandle:
        hs = self._ctx.reference.hs

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> PsrPack:
            return PsrTable(db, hs=hs).import_file(
                request.path,
                request.format_name,
                source=request.source,
                edition=request.edition or None,
                progress=progress,
                cancel=cancel,
            )

        self.task = self._ctx.tasks.run(
            work,
            db=True,
            on_success=lambda pack: self._on_imported(pack, request),
            on_failure=lambda exc: self._on_failed(exc, request),
            progress_label=_("Importing the rule list…"),
            parent=self._parent,
        )
        return self.task

    def _on_imported(self, pack: PsrPack, request: RuleListRequest) -> None:
        self.imported.emit()
        source = pack.source
        if pack.edition:
            source = _("{title} (edition {edition})").format(title=source, edition=pack.edition)
        self.report_dialog = show_import_report(
            self._parent, pack.report, source, title=_("Rule list import report")
        )
        accepted = pack.report.accepted
        self._status(
            ngettext(
                "Imported {file}: {count} rule; rows rejected: {rejected}.",
                "Imported {file}: {count} rules; rows rejected: {rejected}.",
                accepted,
            ).format(
                file=request.path.name,
                count=format_integer(accepted),
                rejected=format_integer(len(pack.report.rejected)),
            )
        )

    def _on_failed(self, exc: BaseException, request: RuleListRequest) -> None:
        if isinstance(exc, Cancelled):
            message = _("The import of {file} was cancelled; nothing was changed.")
        else:
            errors.show_error(self._parent, exc, _("Import rule list"))
            message = _("The import of {file} failed; nothing was changed.")
        self._status(message.format(file=request.path.name))

    def _status(self, message: str) -> None:
        self.message = message
        self._ctx.hub.status_message.emit(message)
