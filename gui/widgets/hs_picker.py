"""Finding an HS 2022 code: the results model, the picker dialog and a code field with "…".

Service calls: ``HsNomenclature.search`` (as the user types), ``HsNomenclature.get``,
``HsNomenclature.validate_product_code`` and ``describe`` (``services.refdata.hs``).

* :class:`HsEntriesModel` — code (dotted, indented by level), English description, Chinese name.
* :class:`HsPickerDialog` — ``HsPickerDialog.ask(parent, reference, initial)`` returns the chosen
  6-digit subheading or ``None``. Enter or a double-click on a chapter or heading opens it (lists
  what is inside); on a subheading it chooses. The arrow keys move through the results while the
  cursor stays in the search field.
* :class:`HsCodeEdit` — a line edit, a "…" button that opens the picker, and the description of
  the code typed so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.models import LEVEL_ROLE, ListTableModel
from services.core.errors import ValidationError
from services.core.i18n import _, format_integer, ngettext
from services.refdata.hs import HS_EDITION, HsEntry, HsNomenclature, clean_code, format_code
from services.refdata.reference import ReferenceData

SEARCH_LIMIT = 1000
_INDENT = "\u2002\u2002"  # two en spaces per level


def level_name(entry: HsEntry) -> str:
    return {2: _("Chapter"), 4: _("Heading")}.get(entry.level, _("Subheading"))


def chapters(hs: HsNomenclature) -> list[HsEntry]:
    """The 2-digit chapters, the starting point when nothing is typed."""
    found = (hs.get(f"{n:02d}") for n in range(1, 100))
    return [e for e in found if e is not None and e.level == 2]


def search_entries(hs: HsNomenclature, query: str) -> list[HsEntry]:
    """Chapters when nothing is typed; for digits the results in code order, so that they read
    as a tree (85, 8501, 8501.10 …); for words the service's order (shallow levels first)."""
    query = query.strip()
    if not query:
        return chapters(hs)
    hits = hs.search(query, limit=SEARCH_LIMIT)
    if clean_code(query).isdigit():
        hits.sort(key=lambda e: e.code)
    return hits


def results_summary(count: int, query: str) -> str:
    """The line under a list of HS search results."""
    if not query.strip():
        return _("Chapters of the nomenclature; type to search.")
    if count == 0:
        return _("Nothing found. Try fewer words or fewer digits.")
    if count >= SEARCH_LIMIT:
        return _("The first {count} results; type more to narrow them down.").format(
            count=format_integer(count)
        )
    return ngettext("{count} result", "{count} results", count).format(count=format_integer(count))


def describe_partial(hs: HsNomenclature, raw: str) -> str:
    """Description of what has been typed so far: subheading, else heading, else chapter."""
    code = clean_code(raw)
    if not code.isdigit():
        return ""
    for digits in (6, 4, 2):
        if len(code) >= digits:
            entry = hs.get(code[:digits])
            if entry is not None:
                return hs.label(entry)
    return ""


class HsEntriesModel(ListTableModel[HsEntry]):
    class Col(IntEnum):
        CODE = 0
        DESCRIPTION_EN = 1
        NAME_ZH = 2

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        return {
            self.Col.CODE: _("HS code"),
            self.Col.DESCRIPTION_EN: _("Description (English)"),
            self.Col.NAME_ZH: _("Chinese name"),
        }

    @override
    def cell_data(self, item: HsEntry, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        depth = item.level // 2 - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.Col.CODE:
                return _INDENT * depth + item.dotted()
            if col == self.Col.DESCRIPTION_EN:
                return item.description_en
            if item.description_zh:
                return item.description_zh
            return f"↳ {item.heading_zh}" if item.heading_zh else ""  # under its heading
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == self.Col.NAME_ZH
            and not item.description_zh
        ):
            return QColor("#6b6b6b")
        if role == Qt.ItemDataRole.ToolTipRole:
            text = item.description_zh if col == self.Col.NAME_ZH else item.description_en
            return f"{level_name(item)} {item.dotted()}: {text or item.description_en}"
        if role == Qt.ItemDataRole.FontRole and item.level == 2:
            return self._bold
        if role == LEVEL_ROLE:
            return depth
        return None


def _setup_results_view(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(HsEntriesModel.Col.CODE, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(HsEntriesModel.Col.DESCRIPTION_EN, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(HsEntriesModel.Col.NAME_ZH, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(HsEntriesModel.Col.CODE, 110)
    header.resizeSection(HsEntriesModel.Col.NAME_ZH, 200)


class HsSearchView(QTableView):
    """The results table shared by the picker and the HS browser page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = HsEntriesModel(self)
        self.setModel(self.results)
        _setup_results_view(self)

    def current_entry(self) -> HsEntry | None:
        index = self.currentIndex()
        return self.results.item(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.results.rowCount():
            self.setCurrentIndex(self.results.index(row, 0))
            self.scrollTo(self.currentIndex())

    def select_code(self, code: str) -> bool:
        for row, entry in enumerate(self.results.items()):
            if entry.code == code:
                self.select_row(row)
                return True
        return False


class ArrowKeysToView(QObject):
    """Lets Up/Down/PageUp/PageDown in a search field move the selection in a results view."""

    _KEYS: ClassVar[set[int]] = {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }

    def __init__(self, view: QTableView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in self._KEYS:
                if not self._view.currentIndex().isValid() and self._view.model().rowCount():
                    self._view.setCurrentIndex(self._view.model().index(0, 0))
                    return True
                QApplication.sendEvent(self._view, event)
                return True
        return super().eventFilter(watched, event)


class HsPickerDialog(QDialog):
    def __init__(
        self, reference: ReferenceData, initial: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._hs = reference.hs
        self._chosen: str | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.edition_label = QLabel(HS_EDITION, self)
        self.edition_label.setObjectName("hsEditionLabel")
        self.view = HsSearchView(self)
        self.count_label = QLabel(self)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.edition_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)

        self._arrows = ArrowKeysToView(self.view, self)
        self.search_edit.installEventFilter(self._arrows)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

        self.setMinimumSize(560, 360)
        self.resize(820, 520)
        self.retranslate()
        code = clean_code(initial)[:6]
        if code.isdigit() and self._hs.get(code) is not None:
            self.search_edit.setText(code[:4])  # the heading, so that its neighbours show too
            self.view.select_code(code)
        else:
            self._refresh()
        self._update_ok()

    @classmethod
    def ask(cls, parent: QWidget | None, reference: ReferenceData, initial: str = "") -> str | None:
        dialog = cls(reference, initial, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.selected_code()
            return None
        finally:
            dialog.deleteLater()

    def selected_code(self) -> str | None:
        return self._chosen

    def retranslate(self) -> None:
        self.setWindowTitle(_("Choose an HS code"))
        self.search_edit.setPlaceholderText(
            _("Type a code (8507) or words (lithium battery, 蓄电池)")
        )
        self.edition_label.setToolTip(_("Codes and descriptions of the HS 2022 nomenclature"))
        self.hint_label.setText(
            _(
                "Enter or a double-click on a chapter or heading shows what is inside; "
                "on a six-digit subheading it chooses the code."
            )
        )
        self.view.results.retranslate()
        self._update_count()

    # ---- behaviour -------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.view.results.set_items(search_entries(self._hs, self.search_edit.text()))
        self.view.select_row(0)
        self._update_count()
        self._update_ok()

    def _update_count(self) -> None:
        self.count_label.setText(
            results_summary(self.view.results.rowCount(), self.search_edit.text())
        )

    def _update_ok(self) -> None:
        entry = self.view.current_entry()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(entry is not None and entry.level == 6)

    def _choose(self, entry: HsEntry | None) -> None:
        if entry is None:
            return
        if entry.level == 6:
            self._chosen = entry.code
            self.accept()
            return
        self.search_edit.setText(entry.dotted())  # open the chapter or heading
        self.view.select_row(1 if self.view.results.rowCount() > 1 else 0)
        self.search_edit.setFocus()

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._refresh()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        self._choose(self.view.current_entry())

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        self._choose(self.view.results.item(index.row()) if index.isValid() else None)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_ok()

    @Slot()
    def _on_ok_clicked(self) -> None:
        self._choose(self.view.current_entry())


class HsCodeEdit(QWidget):
    """A product's HS code: digits typed or picked with "…"; shows what the code means.

    ``code_changed`` fires as the user types or picks; ``editing_finished`` when the field is
    left, after the code was checked (the problem, if any, replaces the description).
    """

    code_changed = Signal(str)
    editing_finished = Signal()

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reference = reference
        self._error: str | None = None
        self.line_edit = QLineEdit(self)
        self.line_edit.setMaxLength(16)
        self.pick_button = QToolButton(self)
        self.pick_button.setText("…")
        self.description_label = QLabel(self)
        self.description_label.setWordWrap(True)
        self.description_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.pick_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.description_label)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textEdited.connect(self._on_text_edited)
        self.line_edit.editingFinished.connect(self._on_editing_finished)
        self.pick_button.clicked.connect(self._on_pick_clicked)
        self.retranslate()

    def code(self) -> str:
        return self.line_edit.text().strip()

    def set_code(self, code: str) -> None:
        digits = clean_code(code)
        self.line_edit.setText(format_code(digits) if digits.isdigit() else code)
        self._error = None
        self._update_description()

    def error(self) -> str | None:
        return self._error

    def set_read_only(self, read_only: bool) -> None:
        self.line_edit.setReadOnly(read_only)
        self.pick_button.setEnabled(not read_only)

    def retranslate(self) -> None:
        self.line_edit.setPlaceholderText(_("e.g. 8507.60"))
        self.pick_button.setToolTip(_("Find the HS code"))
        self._update_description()

    def check(self) -> str | None:
        """Validates the code now; returns the problem or None (empty is allowed)."""
        self._error = None
        if self.code():
            try:
                self._reference.hs.validate_product_code(self.code())
            except ValidationError as exc:
                self._error = exc.message
        self._update_description()
        return self._error

    def _update_description(self) -> None:
        if self._error:
            self.description_label.setText(self._error)
            self.description_label.setStyleSheet("color: #c62828;")
        else:
            self.description_label.setText(describe_partial(self._reference.hs, self.code()))
            self.description_label.setStyleSheet("")

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._error = None
        self._update_description()
        self.code_changed.emit(text)

    @Slot()
    def _on_editing_finished(self) -> None:
        self.check()
        self.editing_finished.emit()

    @Slot()
    def _on_pick_clicked(self) -> None:
        chosen = HsPickerDialog.ask(self, self._reference, self.code())
        if chosen:
            self.set_code(chosen)
            self.code_changed.emit(self.code())
            self.editing_finished.emit()
