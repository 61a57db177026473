"""Importing an official tariff file: the question (which file, which format, which options)
and the validation report afterwards.

``TariffImportDialog.ask`` returns an :class:`ImportRequest` (path, format name of
``services.rcep.importers.FORMATS`` and the importer's options) or ``None``;
``show_import_report`` shows what ``pack.report`` says (rows read, accepted, headings skipped,
the rejected rows with their reasons) without blocking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from services.core.i18n import _, format_integer
from services.rcep.parties import PARTIES
from services.rcep.tariff_models import ImportReport, TariffSource

ANNEX1 = "annex1"
JAPAN = "japan-applied"
CSV = "csv"
FROM_FILE = ""  # combo data: the option is not given, the file says it
GROUPS = ("ALL", "ASEAN", "AANZ")
TAKES_PARTY = {ANNEX1: True, CSV: True, JAPAN: False}
NEEDS_PARTY = {ANNEX1: True, CSV: False, JAPAN: False}
EDITION_OPTION = {CSV: "edition", JAPAN: "edition_date"}  # the importer's keyword argument


@dataclass(frozen=True, slots=True)
class ImportRequest:
    path: Path
    format_name: str
    options: dict[str, str] = field(default_factory=dict)


def schedule_fits(party: str, schedule: str) -> bool:
    """Whether ``schedule`` is one of ``party``'s (Art 2.6: one for all, or per partner)."""
    if not PARTIES[party].separate_schedules:
        return schedule == "ALL"
    return schedule in ("ASEAN", "AANZ") or (schedule in PARTIES and schedule != party)


def is_iso_date(text: str) -> bool:
    """A date written YYYY-MM-DD (``date.fromisoformat`` alone also takes 20221223)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class FileImportDialog(QDialog):
    """What every file import asks: the file, its format and the edition date, plus what a
    subclass adds (:meth:`layout_rows`); OK is enabled once :meth:`problem` has nothing to say.
    ``FORMAT_BY_SUFFIX`` lets the chosen file's extension pick the format."""

    FORMAT_BY_SUFFIX: ClassVar[dict[str, str]] = {}

    def __init__(
        self, title: str, formats: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("No file chosen"))
        self.browse_button = QPushButton(_("Choose file…"), self)
        self.format_combo = QComboBox(self)
        for label, name in formats:
            self.format_combo.addItem(label, name)
        self.edition_edit = QLineEdit(self)
        self.edition_edit.setPlaceholderText(_("YYYY-MM-DD (optional)"))
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.browse_button.clicked.connect(self._on_browse)
        self.format_combo.currentIndexChanged.connect(self._update)
        self.edition_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self, rows: list[tuple[str, QWidget]], intro: QWidget | None = None) -> None:
        """File and format first, then ``rows``, then the edition date; call once, then
        :meth:`_update`."""
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(_("File:"), file_row)
        form.addRow(_("Format:"), self.format_combo)
        for label, widget in rows:
            form.addRow(label, widget)
        form.addRow(_("Edition date:"), self.edition_edit)
        layout = QVBoxLayout(self)
        if intro is not None:
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    # ---- state -----------------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def set_path(self, path: Path | None) -> None:
        """Shows the file and, where the extension says it, picks its format."""
        if path is not None and (guessed := self.format_for(path)):
            self.set_format(guessed)
        self.path_edit.setText(str(path) if path else "")
        self._update()

    def format_for(self, path: Path) -> str | None:
        return self.FORMAT_BY_SUFFIX.get(path.suffix.lower())

    def edition(self) -> str:
        return self.edition_edit.text().strip()

    def problem(self) -> str | None:
        """Why the import cannot start yet, or None (subclasses add their own checks)."""
        if not self.path_edit.text():
            return _("Choose the file to import.")
        return None

    def browse_title(self) -> str:
        raise NotImplementedError

    def browse_filters(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _update(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.ok_button.setEnabled(problem is None)

    def _on_browse(self) -> None:
        start = self.path_edit.text()
        directory = str(Path(start).parent) if start else str(dialogs.documents_dir())
        path = dialogs.open_file(
            self, self.browse_title(), directory, ";;".join(self.browse_filters())
        )
        if path is not None:
            self.set_path(path)


class TariffImportDialog(FileImportDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Import tariff file"),
            [
                (_("Annex I Excel"), ANNEX1),
                (_("Japan applied tariff"), JAPAN),
                (_("CSV layout"), CSV),
            ],
            parent,
        )
        self._ctx = ctx
        self.party_combo = QComboBox(self)
        self.schedule_combo = QComboBox(self)
        names = sorted((p.name(), code) for code, p in PARTIES.items())
        self.party_combo.addItem(_("As in the file"), FROM_FILE)
        self.schedule_combo.addItem(_("As in the file"), FROM_FILE)
        for group in GROUPS:
            self.schedule_combo.addItem(group, group)
        for name, code in names:
            text = _("{name} ({code})").format(name=name, code=code)
            self.party_combo.addItem(text, code)
            self.schedule_combo.addItem(text, code)
        self.lay_out(
            [(_("Importing Party:"), self.party_combo), (_("Schedule:"), self.schedule_combo)]
        )
        self.party_combo.currentIndexChanged.connect(self._update)
        self.schedule_combo.currentIndexChanged.connect(self._update)
        self._update()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: GuiContext) -> ImportRequest | None:
        dialog = cls(ctx, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.request()
        finally:
            dialog.deleteLater()

    # ---- state -----------------------------------------------------------------------------

    def select(self, combo: QComboBox, data: str) -> None:
        combo.setCurrentIndex(combo.findData(data))

    @override
    def format_for(self, path: Path) -> str | None:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xls"):
            return ANNEX1
        if suffix == ".csv" and self.format_name() == ANNEX1:
            return CSV
        return None

    @override
    def problem(self) -> str | None:
        """Why the request cannot be made yet, or None."""
        if (missing := super().problem()) is not None:
            return missing
        fmt = self.format_name()
        party = str(self.party_combo.currentData()) if TAKES_PARTY[fmt] else FROM_FILE
        schedule = str(self.schedule_combo.currentData()) if TAKES_PARTY[fmt] else FROM_FILE
        if NEEDS_PARTY[fmt] and (not party or not schedule):
            return _("Choose the importing Party and the schedule.")
        if schedule and not party:
            return _("Choose the importing Party of the schedule.")
        if party and schedule and not schedule_fits(party, schedule):
            return _("{schedule} is not a schedule of {party}.").format(
                schedule=schedule, party=party
            )
        if fmt in EDITION_OPTION and self.edition() and not is_iso_date(self.edition()):
            return _("The edition date must be a date like 2024-01-01.")
        return None

    def request(self) -> ImportRequest | None:
        if self.problem() is not None:
            return None
        fmt = self.format_name()
        options: dict[str, str] = {}
        if TAKES_PARTY[fmt]:
            for key, combo in (
                ("importing_party", self.party_combo),
                ("schedule", self.schedule_combo),
            ):
                if combo.currentData():
                    options[key] = str(combo.currentData())
        if fmt in EDITION_OPTION and self.edition():
            options[EDITION_OPTION[fmt]] = self.edition()
        return ImportRequest(Path(self.path_edit.text()), fmt, options)

    @override
    def browse_title(self) -> str:
        return _("Choose a tariff file")

    @override
    def browse_filters(self) -> tuple[str, ...]:
        return (
            _("Tariff files (*.xlsx *.xls *.csv)"),
            _("Excel workbooks (*.xlsx *.xls)"),
            _("CSV files (*.csv)"),
        )

    @override
    def _update(self) -> None:
        fmt = self.format_name()
        self.party_combo.setEnabled(TAKES_PARTY[fmt])
        self.schedule_combo.setEnabled(TAKES_PARTY[fmt])
        self.edition_edit.setEnabled(fmt in EDITION_OPTION)
        super()._update()


class ImportReportDialog(QDialog):
    """What an import read, kept and rejected (row, code, reason). ``source`` is the tariff
    source imported or, for other imports, a line saying what was imported; ``title`` replaces
    the window title of a tariff import."""

    def __init__(
        self,
        report: ImportReport,
        source: TariffSource | str,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Tariff import report"))
        if isinstance(source, TariffSource):
            source = _("{title} (edition {edition})").format(
                title=source.title, edition=source.edition_date
            )
        self.source_label = QLabel(source, self)
        self.source_label.setWordWrap(True)
        self.summary_label = QLabel(
            _(
                "Rows read: {read}\nAccepted: {accepted}\nHeadings skipped: {headings}\n"
                "Rejected: {rejected}"
            ).format(
                read=format_integer(report.rows_read),
                accepted=format_integer(report.accepted),
                headings=format_integer(report.skipped_headings),
                rejected=format_integer(len(report.rejected)),
            ),
            self,
        )
        self.table = QTableWidget(len(report.rejected), 3, self)
        self.table.setHorizontalHeaderLabels([_("Row"), _("Code"), _("Reason")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, rejected in enumerate(report.rejected):
            number = QTableWidgetItem(str(rejected.row))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, number)
            self.table.setItem(row, 1, QTableWidgetItem(rejected.code))
            self.table.setItem(row, 2, QTableWidgetItem(rejected.reason))
        self.table.setVisible(bool(report.rejected))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # an explicit minimum: the layout never changes it after show (offscreen platforms warn)
        self.setMinimumSize(560, 360 if report.rejected else 200)
        self.resize(640, 420 if report.rejected else 200)

    def rejected_rows(self) -> list[list[str]]:
        """The rejected rows as shown: row number, code, reason."""
        rows: list[list[str]] = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(3)]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows


def show_import_report(
    parent: QWidget | None,
    report: ImportReport,
    source: TariffSource | str,
    *,
    title: str | None = None,
) -> ImportReportDialog:
    """Shows the report without blocking (deleted when closed); returns the dialog."""
    dialog = ImportReportDialog(report, source, parent, title=title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
