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
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlite_utils import Database
from typing_extensions import override

from gui import errors
from gui.context import GuiContext
from gui.pages.rcep.import_dialog import (
    FileImportDialog,
    ImportReportDialog,
    is_iso_date,
    show_import_report,
)
from gui.tasks import TaskHandle
from services.core.i18n import N_, _, format_integer, ngettext
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.rcep.importers.psr_common import NothingImportedError, PsrPack
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


class RuleListImportDialog(FileImportDialog):
    FORMAT_BY_SUFFIX: ClassVar[dict[str, str]] = FORMAT_BY_SUFFIX

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Import rule list"),
            [(_("CSV layout"), CSV), (_("Word document (.docx)"), DOCX)],
            parent,
        )
        self.intro_label = QLabel(
            _(
                "Replaces every rule imported before with the rules of the official list. Rules "
                "typed by a user stay and still come first."
            ),
            self,
        )
        self.intro_label.setWordWrap(True)
        self.source_edit = QLineEdit(_(DEFAULT_SOURCE), self)
        self.source_edit.setToolTip(
            _("The official list the file holds; it is stored and shown with every rule")
        )
        self.edition_edit.setToolTip(_("The date of that list"))
        self.lay_out([(_("Source *"), self.source_edit)], intro=self.intro_label)
        self.source_edit.textChanged.connect(self._update)
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

    @override
    def problem(self) -> str | None:
        """Why the import cannot start yet, or None."""
        if (missing := super().problem()) is not None:
            return missing
        if not self.source_edit.text().strip():
            return _("Say where the rules come from, e.g. GACC Announcement 2022 No.129, annex 1.")
        if self.edition() and not is_iso_date(self.edition()):
            return _("Enter a date as YYYY-MM-DD.")
        return None

    def request(self) -> RuleListRequest | None:
        if self.problem() is not None:
            return None
        return RuleListRequest(
            Path(self.path_edit.text()),
            self.format_name(),
            self.source_edit.text().strip(),
            self.edition(),
        )

    @override
    def browse_title(self) -> str:
        return _("Choose the rule list")

    @override
    def browse_filters(self) -> tuple[str, ...]:
        return (
            _("Rule lists (*.csv *.docx)"),
            _("CSV files (*.csv)"),
            _("Word documents (*.docx)"),
        )


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
        elif isinstance(exc, NothingImportedError) and exc.report.rejected:
            # every row was refused: the report says why, row by row
            self.report_dialog = show_import_report(
                self._parent, exc.report, exc.message, title=_("Rule list import report")
            )
            message = _("The import of {file} failed; nothing was changed.")
        else:
            errors.show_error(self._parent, exc, _("Import rule list"))
            message = _("The import of {file} failed; nothing was changed.")
        self._status(message.format(file=request.path.name))

    def _status(self, message: str) -> None:
        self.message = message
        self._ctx.hub.status_message.emit(message)
