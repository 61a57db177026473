"""The RCEP tariff finder: an HS code (typed, or found by words) → each national line of the
importing Party (or of every importing Party) with its MFN, RCEP and applied rate, the margin,
the final rate, the schedule and flags; under the table the source of the selected line and
its staging path.

Service calls: ``services.rcep.tariffs.lookup`` on the GUI thread with ``ctx.store.db`` (under
50 ms for all 14 importing Parties), ``services.rcep.parties.rcep_year`` for the year labels, and
the HS search of ``gui.widgets.hs_picker``. Lookups wait until :meth:`TariffFinder.set_ready`:
the page loads the embedded tariff data in the background first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.models import SORT_ROLE, ListTableModel
from gui.widgets.charts import LineChart, Series
from gui.widgets.hs_picker import ArrowKeysToView, HsSearchView, results_summary, search_entries
from services.core.clock import local_today
from services.core.errors import AppError, NotFoundError
from services.core.i18n import _, format_decimal, format_integer, format_percent
from services.rcep.parties import AGREEMENT_IN_FORCE, PARTIES, TariffYear, rcep_year
from services.rcep.tariff_models import AANZ, ALL_PARTIES, SCHEDULE, Rate, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult, LookupResult, lookup
from services.refdata.hs import HsEntry, clean_code

ALL_IMPORTING = ""  # the importing combo's data for "all importing Parties"
MUTED = QColor("#6b6b6b")
WARNING = QColor("#b26a00")


# ---- texts ---------------------------------------------------------------------------------


def national_line(code: str) -> str:
    """``610910020`` → ``6109.10-020`` (Japan's statistical code); ``85076000`` →
    ``8507.60.00``; ``6109`` → ``6109``."""
    if len(code) <= 4:
        return code
    head = f"{code[:4]}.{code[4:6]}"
    rest = code[6:]
    if not rest:
        return head
    if len(rest) == 3:
        return f"{head}-{rest}"
    return head + "".join(f".{rest[i : i + 2]}" for i in range(0, len(rest), 2))


def _digits(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return min(max(-exponent, 0), 3) if isinstance(exponent, int) else 0


def percent_text(value: Decimal) -> str:
    """4.6 → "4.6%", 0 → "0%", 10.25 → "10.25%" (the source's precision)."""
    return format_percent(value, _digits(value))


def rate_text(rate: Rate | None) -> str:
    """A rate as the source gives it: percent, "excluded (MFN applies)" or its text verbatim."""
    if rate is None:
        return "—"
    if rate.excluded:
        return _("excluded (MFN applies)")
    if rate.percent is not None:
        return percent_text(rate.percent)
    return rate.text or "—"


def year_text(year: TariffYear) -> str:
    return _("RCEP year {number} ({start}–{end})").format(
        number=format_integer(year.number), start=year.start.isoformat(), end=year.end.isoformat()
    )


def schedule_text(schedule: str | None) -> str:
    if schedule is None:
        return "—"
    if schedule == ALL_PARTIES:
        return _("one schedule for all Parties")
    if schedule == AANZ:
        return _("ASEAN, Australia, New Zealand")
    if schedule == "ASEAN":
        return _("ASEAN Member States")
    if schedule in PARTIES:
        return _("for {party}").format(party=PARTIES[schedule].name())
    return schedule


def source_text(source: TariffSource) -> str:
    return _("{title}\nEdition: {date}\n{attribution}").format(
        title=source.title, date=source.edition_date, attribution=source.attribution
    )


def differential_tip() -> str:
    return _(
        "Tariff differential: this Party gives different RCEP rates to goods from different "
        "Parties, so the rate depends on the RCEP country of origin of the goods (Art 2.6), "
        "not just on where they are shipped from."
    )


# ---- the results model ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinderRow:
    """One national line of one importing Party — or, with ``error``, a Party without data."""

    importing: str
    year: TariffYear | None
    in_force: bool = True
    schedule_on_file: bool = True
    line: LineResult | None = None
    error: str | None = None  # the no_tariff_data message

    @property
    def no_data(self) -> bool:
        return self.error is not None


def rows_for(result: LookupResult) -> list[FinderRow]:
    return [
        FinderRow(result.importing, result.year, result.in_force, result.schedule_on_file, line)
        for line in result.lines
    ]


class TariffRowsModel(ListTableModel[FinderRow]):
    class Col(IntEnum):
        PARTY = 0
        LINE = 1
        DESCRIPTION = 2
        MFN = 3
        RCEP = 4
        APPLIED = 5
        MARGIN = 6
        FINAL = 7
        SCHEDULE = 8
        NOTES = 9

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._italic = QFont()
        self._italic.setItalic(True)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.PARTY: _("Importing Party"),
            c.LINE: _("National line"),
            c.DESCRIPTION: _("Description"),
            c.MFN: _("MFN"),
            c.RCEP: _("RCEP rate"),
            c.APPLIED: _("Applied"),
            c.MARGIN: _("Margin"),
            c.FINAL: _("Final rate"),
            c.SCHEDULE: _("Schedule"),
            c.NOTES: _("Notes"),
        }

    @staticmethod
    def rcep_text(row: FinderRow) -> str:
        line = row.line
        assert line is not None
        if line.rcep is not None:
            return rate_text(line.rcep)
        if not row.in_force:
            return _("not in force")
        if not row.schedule_on_file:
            return _("schedule not on file")
        return _("no concession")

    @staticmethod
    def notes(row: FinderRow) -> list[str]:
        line = row.line
        if line is None:
            return [_("no data for this Party")]
        notes = []
        if line.differential:
            notes.append(_("tariff differential"))
        if line.excluded:
            notes.append(_("excluded from RCEP commitments"))
        elif line.rcep is None:
            if not row.in_force:
                notes.append(_("RCEP not in force for this Party on this date"))
            elif not row.schedule_on_file:
                notes.append(_("the schedule for this exporting Party is not on file"))
            else:
                notes.append(_("no RCEP concession: MFN applies"))
        if line.applied is None and (line.mfn is not None or line.rcep is not None):
            notes.append(_("specific or compound duty: compare with the quantities"))
        return notes

    def display(self, row: FinderRow, col: Col) -> str:
        c = self.Col
        if col == c.PARTY:
            return PARTIES[row.importing].name()
        line = row.line
        if line is None:
            if col == c.DESCRIPTION:
                return _("No data for this Party: {message}").format(message=row.error)
            if col == c.NOTES:
                return "; ".join(self.notes(row))
            return "—"
        if col == c.LINE:
            return national_line(line.line)
        if col == c.DESCRIPTION:
            return line.description
        if col == c.MFN:
            return rate_text(line.mfn)
        if col == c.RCEP:
            return self.rcep_text(row)
        if col == c.APPLIED:
            return rate_text(line.applied)
        if col == c.MARGIN:
            if line.margin is None:
                return "—"
            return _("{value} pp").format(value=format_decimal(line.margin, _digits(line.margin)))
        if col == c.FINAL:
            if line.final is None or line.final_year is None:
                return "—"
            return _("{rate} in year {year}").format(
                rate=rate_text(line.final), year=format_integer(line.final_year)
            )
        if col == c.SCHEDULE:
            return schedule_text(line.schedule)
        return "; ".join(self.notes(row))

    def tooltip(self, row: FinderRow, col: Col) -> str | None:
        c = self.Col
        line = row.line
        if col == c.PARTY and row.year is not None:
            return year_text(row.year)
        if line is None:
            return row.error
        if col == c.NOTES and line.differential:
            return differential_tip()
        if col == c.MARGIN:
            return _("Percentage points: MFN rate minus the applied rate")
        if col == c.FINAL and line.final is None:
            return _("Only an RCEP schedule gives the final rate; this is an applied tariff.")
        if col == c.DESCRIPTION:
            return line.description
        if col == c.RCEP and line.rcep_year is not None and line.rcep is not None:
            return _("Rate of RCEP year {year}").format(year=format_integer(line.rcep_year))
        return None

    @override
    def cell_data(self, item: FinderRow, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.no_data and col != self.Col.PARTY:
                return MUTED
            if col == self.Col.RCEP and item.line is not None and item.line.rcep is None:
                return MUTED
            if col == self.Col.NOTES and item.line is not None and item.line.differential:
                return WARNING
            return None
        if role == Qt.ItemDataRole.FontRole and item.no_data and col != self.Col.PARTY:
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            self.Col.MFN,
            self.Col.RCEP,
            self.Col.APPLIED,
            self.Col.MARGIN,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return (item.importing, item.line.line if item.line else "")
        return None


# ---- the finder ----------------------------------------------------------------------------


class TariffFinder(QWidget):
    """``savings_requested(hs_code, importing, exporting, day)``: the user wants the savings of
    the selected line (the page prefills its savings calculator)."""

    savings_requested = Signal(str, str, str, object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._ready = False
        self._load_error: str | None = None
        self._message = ""  # why the last lookup showed nothing (a wrong code, same Parties)
        self._filled = False  # HS results are filled on first show or search
        self._searching = False

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.hs_view = HsSearchView(self)
        self.hs_view.setMinimumHeight(120)
        self.count_label = QLabel(self)

        self.exporting_combo = QComboBox(self)
        self.importing_combo = QComboBox(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(QDate(AGREEMENT_IN_FORCE))
        self.date_edit.setDate(QDate(local_today()))
        self.year_label = QLabel(self)
        self.year_label.setWordWrap(True)
        self.exporting_label = QLabel(self)
        self.importing_label = QLabel(self)
        self.date_label = QLabel(self)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("finderStatus")
        self.table = QTableView(self)
        self.results = TariffRowsModel(self)
        self.table.setModel(self.results)
        self._setup_table()

        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.chart = LineChart(self)
        self.chart.setMinimumSize(300, 180)
        self.chart_note = QLabel(self)
        self.chart_note.setWordWrap(True)
        self.chart_note.setStyleSheet("color: #6b4500;")
        self.savings_button = QPushButton(self)

        self._build_layout()
        self._fill_parties()

        self._arrows = ArrowKeysToView(self.hs_view, self)
        self.search_edit.installEventFilter(self._arrows)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.hs_view.selectionModel().currentRowChanged.connect(self._on_hs_row_changed)
        self.exporting_combo.currentIndexChanged.connect(self._on_inputs_changed)
        self.importing_combo.currentIndexChanged.connect(self._on_inputs_changed)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_result_row_changed)
        self.savings_button.clicked.connect(self._on_savings_clicked)
        self.retranslate()

    def _setup_table(self) -> None:
        view = self.table
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TariffRowsModel.Col.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        widths = {
            TariffRowsModel.Col.PARTY: 110,
            TariffRowsModel.Col.LINE: 100,
            TariffRowsModel.Col.MFN: 60,
            TariffRowsModel.Col.RCEP: 90,
            TariffRowsModel.Col.APPLIED: 60,
            TariffRowsModel.Col.MARGIN: 70,
            TariffRowsModel.Col.FINAL: 110,
            TariffRowsModel.Col.SCHEDULE: 130,
            TariffRowsModel.Col.NOTES: 200,
        }
        for col, width in widths.items():
            header.resizeSection(col, width)

    def _build_layout(self) -> None:
        search = QWidget(self)
        search_layout = QVBoxLayout(search)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addWidget(self.search_edit)
        search_layout.addWidget(self.hs_view, 1)
        search_layout.addWidget(self.count_label)

        form = QFormLayout()
        form.addRow(self.exporting_label, self.exporting_combo)
        form.addRow(self.importing_label, self.importing_combo)
        form.addRow(self.date_label, self.date_edit)
        inputs = QWidget(self)
        inputs_layout = QVBoxLayout(inputs)
        inputs_layout.setContentsMargins(0, 0, 0, 0)
        inputs_layout.addLayout(form)
        inputs_layout.addWidget(self.year_label)
        inputs_layout.addStretch(1)

        top = QWidget(self)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(search, 3)
        top_layout.addWidget(inputs, 2)

        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.status_label)
        middle_layout.addWidget(self.table, 1)

        detail = QFrame(self)
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        left = QVBoxLayout()
        left.addWidget(self.source_label, 1)
        left.addWidget(self.chart_note)
        left.addWidget(self.savings_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.addWidget(self.chart, 1)
        detail_layout = QHBoxLayout(detail)
        detail_layout.addLayout(left, 2)
        detail_layout.addLayout(right, 3)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(middle)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([170, 300, 230])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # ---- public ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(
            _("Type an HS code (6109.10, 8507.60) or words (T-shirts, 蓄电池)")
        )
        self.exporting_label.setText(_("Exporting Party:"))
        self.importing_label.setText(_("Importing Party:"))
        self.date_label.setText(_("Date:"))
        self.date_edit.setToolTip(_("The date of importation: it fixes the RCEP tariff year"))
        self.savings_button.setText(_("Savings for this line…"))
        self.savings_button.setToolTip(_("Open the savings calculator with the selected line"))
        self.chart.set_empty_text(_("Select a line to see its staging path"))
        self._fill_parties()
        self.hs_view.results.retranslate()
        self.results.retranslate()
        self._update_count()
        self._update_year_label()
        self._update_status()
        self._update_detail()

    def set_ready(self, ready: bool, error: str | None = None) -> None:
        """The tariff data are loaded (lookups may run), or failed to load with ``error``."""
        self._ready = ready
        self._load_error = error
        self.refresh()

    def is_ready(self) -> bool:
        return self._ready

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def exporting(self) -> str:
        return str(self.exporting_combo.currentData() or "CN")

    def importing(self) -> str:
        """A Party code, or ALL_IMPORTING."""
        return str(self.importing_combo.currentData() or ALL_IMPORTING)

    def day(self) -> date:
        picked = self.date_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def hs_code(self) -> str | None:
        """The code to look up: digits typed beyond a subheading (a national line), else the
        chosen search result (heading or deeper), else 4–10 typed digits."""
        typed = clean_code(self.search_edit.text())
        typed_is_code = typed.isdigit() and 4 <= len(typed) <= 10
        if typed_is_code and len(typed) > 6:
            return typed
        entry = self.hs_view.current_entry()
        if entry is not None and entry.level >= 4:
            return entry.code
        return typed if typed_is_code else None

    def set_inputs(
        self, query: str, importing: str | None = None, exporting: str | None = None
    ) -> None:
        if exporting is not None:
            self._select_data(self.exporting_combo, exporting)
        if importing is not None:
            self._select_data(self.importing_combo, importing)
        self.search_edit.setText(query)

    def current_row(self) -> FinderRow | None:
        index = self.table.currentIndex()
        return self.results.item(index.row()) if index.isValid() else None

    def refresh(self) -> None:
        """Looks the code up again (inputs changed, data loaded)."""
        rows: list[FinderRow] = []
        self._message = ""
        code = self.hs_code()
        if self._ready and code is not None:
            rows, self._message = self._lookup(code)
        previous = self.current_row()
        self.results.set_items(rows)
        self._reselect(previous)
        self._update_status()
        self._update_detail()

    # ---- lookups ---------------------------------------------------------------------------

    def _lookup(self, code: str) -> tuple[list[FinderRow], str]:
        repo = TariffRepository(self._ctx.store.db)
        exporting = self.exporting()
        day = self.day()
        wanted = self.importing()
        targets = [p for p in PARTIES if p != exporting] if wanted == ALL_IMPORTING else [wanted]
        rows: list[FinderRow] = []
        for importing in targets:
            if importing == exporting:
                return [], _("The importing and the exporting Party must differ.")
            try:
                result = lookup(repo, code, importing, exporting, day)
            except NotFoundError as exc:
                if exc.code != "no_tariff_data":
                    raise
                if wanted != ALL_IMPORTING:
                    return [FinderRow(importing, rcep_year(importing, day), error=str(exc))], ""
                rows.append(FinderRow(importing, rcep_year(importing, day), error=str(exc)))
                continue
            except AppError as exc:
                return [], str(exc)
            rows.extend(rows_for(result))
        # Parties with lines first (in the combo's order), those without data after them.
        rows.sort(key=lambda r: r.no_data)
        return rows, ""

    def _reselect(self, previous: FinderRow | None) -> None:
        if not self.results.rowCount():
            return
        target = 0
        if previous is not None:
            for row, item in enumerate(self.results.items()):
                same_line = (item.line.line if item.line else None) == (
                    previous.line.line if previous.line else None
                )
                if item.importing == previous.importing and same_line:
                    target = row
                    break
        self.table.setCurrentIndex(self.results.index(target, 0))

    # ---- display ---------------------------------------------------------------------------

    def _fill_parties(self) -> None:
        """The 15 Parties by name in the current language (keeps the selection)."""
        exporting = self.exporting_combo.currentData() or "CN"
        importing = self.importing_combo.currentData()
        if importing is None:
            importing = "JP"
        names = sorted(((p.name(), code) for code, p in PARTIES.items()))
        for combo in (self.exporting_combo, self.importing_combo):
            combo.blockSignals(True)
            combo.clear()
        self.importing_combo.addItem(_("All importing Parties"), ALL_IMPORTING)
        for name, code in names:
            text = _("{name} ({code})").format(name=name, code=code)
            self.exporting_combo.addItem(text, code)
            self.importing_combo.addItem(text, code)
        self._select_data(self.exporting_combo, exporting)
        self._select_data(self.importing_combo, importing)
        for combo in (self.exporting_combo, self.importing_combo):
            combo.blockSignals(False)

    @staticmethod
    def _select_data(combo: QComboBox, data: str) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _update_count(self) -> None:
        self.count_label.setText(
            results_summary(self.hs_view.results.rowCount(), self.search_edit.text())
        )

    def _update_year_label(self) -> None:
        day = self.day()
        wanted = self.importing()
        exporting = self.exporting()
        targets = [p for p in PARTIES if p != exporting] if wanted == ALL_IMPORTING else [wanted]
        groups: dict[tuple[int, date, date], list[str]] = {}
        for code in targets:
            year = rcep_year(code, day)
            groups.setdefault((year.number, year.start, year.end), []).append(code)
        if len(groups) == 1:
            (number, start, end), _codes = next(iter(groups.items()))
            self.year_label.setText(year_text(TariffYear(wanted, number, start, end)))
            return
        parts = [
            _("{parties}: {year}").format(
                parties=", ".join(sorted(codes)),
                year=year_text(TariffYear("", number, start, end)),
            )
            for (number, start, end), codes in sorted(groups.items(), key=lambda g: len(g[1]))
        ]
        self.year_label.setText("\n".join(parts))

    def _update_status(self) -> None:
        message = self._message
        if not self._ready:
            text = self._load_error or _("Loading the tariff data…")
        elif message:
            text = message
        elif self.hs_code() is None:
            text = _("Type an HS code of 4 to 10 digits, or choose a heading or subheading.")
        else:
            count = sum(1 for r in self.results.items() if not r.no_data)
            text = _("{code}: {count} national lines from {exporter}").format(
                code=national_line(self.hs_code() or ""),
                count=format_integer(count),
                exporter=PARTIES[self.exporting()].name(),
            )
        self.status_label.setText(text)

    def _update_detail(self) -> None:
        row = self.current_row()
        line = row.line if row is not None else None
        self.savings_button.setEnabled(line is not None)
        self.chart_note.setText("")
        if row is None:
            self.source_label.setText(_("Select a line to see where its rates come from."))
            self.chart.set_data([], [])
            return
        if line is None:
            self.source_label.setText(row.error or "")
            self.chart.set_data([], [])
            return
        parts = [
            _("Line {line} of {party}").format(
                line=national_line(line.line), party=PARTIES[row.importing].name()
            )
        ]
        if line.source is not None:
            parts.append(_("RCEP rate: {source}").format(source=source_text(line.source)))
        if line.mfn_source is not None and line.mfn_source != line.source:
            parts.append(_("MFN rate: {source}").format(source=source_text(line.mfn_source)))
        if line.source is None and line.mfn_source is None:
            parts.append(_("No source on file."))
        self.source_label.setText("\n\n".join(parts))
        self._update_chart(row, line)

    def _update_chart(self, row: FinderRow, line: LineResult) -> None:
        self.chart.set_title(_("RCEP rate by year (%)"))
        if not line.path:
            self.chart.set_data([], [])
            self.chart_note.setText(
                _("No RCEP rate for this line: no staging path.") if line.rcep is None else ""
            )
            return
        labels = [format_integer(year) for year, _rate in line.path]
        values = tuple(
            float(rate.percent) if rate.percent is not None and not rate.excluded else None
            for _year, rate in line.path
        )
        self.chart.set_data(labels, [Series(_("RCEP rate"), values)], maximum=None)
        if line.source is not None and line.source.kind != SCHEDULE:
            self.chart_note.setText(
                _(
                    "An applied tariff gives only its edition's rate (RCEP year {year}), not "
                    "the staging path; import the Annex I schedule for the later years."
                ).format(year=format_integer(line.path[-1][0]))
            )
        elif any(v is None for v in values):
            self.chart_note.setText(
                _("Years without a percentage (excluded or text rates) are gaps.")
            )

    # ---- slots -----------------------------------------------------------------------------

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if not self._filled:
            self._search()
        super().showEvent(event)

    def _search(self) -> None:
        self._filled = True
        entries: list[HsEntry] = search_entries(self._ctx.reference.hs, self.search_edit.text())
        self._searching = True
        try:
            self.hs_view.results.set_items(entries)
            self.hs_view.select_row(0)
        finally:
            self._searching = False
        self._update_count()
        self.refresh()

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._search()

    @Slot(QModelIndex, QModelIndex)
    def _on_hs_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._searching:
            self.refresh()

    @Slot(int)
    def _on_inputs_changed(self, _index: int) -> None:
        self._update_year_label()
        self.refresh()

    @Slot(QDate)
    def _on_date_changed(self, _day: QDate) -> None:
        self._update_year_label()
        self.refresh()

    @Slot(QModelIndex, QModelIndex)
    def _on_result_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_detail()

    @Slot()
    def _on_savings_clicked(self) -> None:
        row = self.current_row()
        if row is None or row.line is None:
            return
        self.savings_requested.emit(row.line.line, row.importing, self.exporting(), self.day())
