"""The bill of materials of one product, as the user types it: the materials table, the
product's figures (FOB, currency, weight, quantity), the optional costs for the build-up formula
and the four questions in plain words.

:meth:`BomEditor.draft` returns a :class:`BomDraft` (text as typed); the page turns it into the
services' BOM and shows a ``ValidationError`` with :meth:`BomEditor.show_errors`, which marks
every field it names (``fob_value``, ``costs.profit``, ``materials[2].value`` …) next to the
field or on the row. Keyboard: Insert adds a material, Ctrl+D duplicates the current one, Delete
removes it, F4 finds the HS code of the current row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.pages.companies.editor import RowsTableView, parse_field_path
from gui.pages.rcep.origin.delegates import (
    HintedTextDelegate,
    OriginDelegate,
    date_hint,
    hs_hint,
    number_hint,
)
from gui.pages.rcep.origin.materials import (
    MaterialDraft,
    MaterialsModel,
    number_problem,
)
from gui.pages.rcep.savings import CURRENCIES, currency_label
from gui.widgets import hs_picker
from gui.widgets.form_labels import ERROR_COLOUR, error_label, hint_label
from gui.widgets.number_text import parse_number
from services.core.errors import FieldError
from services.core.i18n import _, format_integer, format_money, ngettext
from services.rcep.parties import PARTIES
from services.refdata.reference import ReferenceData

COST_KEYS = ("direct_labour", "direct_overhead", "profit", "other")
QUESTION_KEYS = ("wholly_obtained", "chemical_reaction", "minimal_operations", "direct_consignment")
PRODUCT_KEYS = ("fob_value", "currency", "weight_kg", "quantity")


@dataclass(frozen=True, slots=True)
class BomDraft:
    """Everything the editor holds, as typed."""

    fob_value: str = ""
    currency: str = "USD"
    weight_kg: str = ""
    quantity: str = ""
    costs: dict[str, str] = field(default_factory=dict)  # COST_KEYS -> text; empty: none
    wholly_obtained: bool = False
    chemical_reaction: bool = False
    minimal_operations: bool = False
    direct_consignment: bool = True
    materials: tuple[MaterialDraft, ...] = ()
    notes: str = ""

    def has_costs(self) -> bool:
        return any(text.strip() for text in self.costs.values())


def _mark(widget: QWidget, invalid: bool) -> None:
    widget.setStyleSheet(f"border: 1px solid {ERROR_COLOUR};" if invalid else "")


class _Field:
    """A line edit (or combo) with its message underneath."""

    def __init__(self, widget: QWidget, parent: QWidget) -> None:
        self.widget = widget
        self.box = QWidget(parent)
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        widget.setParent(self.box)
        self.error = error_label(self.box)
        layout.addWidget(widget)
        layout.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        _mark(self.widget, bool(message))
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def message(self) -> str | None:
        return self.error.text() if not self.error.isHidden() else None


class _ColumnFitter(QObject):
    """Keeps the columns inside the table's width (no sideways scrolling in a narrow window):
    below the preferred total every column shrinks in proportion, above it the name grows."""

    MIN_WIDTH = 36

    def __init__(self, table: QTableView, widths: dict[int, int], *, grow: int) -> None:
        super().__init__(table)
        self._table = table
        self._widths = widths
        self._grow = grow
        table.viewport().installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        available = self._table.viewport().width()
        header = self._table.horizontalHeader()
        fixed = {
            c for c in self._widths if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Fixed
        }
        flexible = sum(w for c, w in self._widths.items() if c not in fixed)
        room = available - sum(self._widths[c] for c in fixed)
        scale = min(1.0, room / flexible) if flexible else 1.0
        sizes = {
            c: w if c in fixed else max(self.MIN_WIDTH, int(w * scale))
            for c, w in self._widths.items()
        }
        spare = available - sum(sizes.values())  # what rounding and minimums left over
        sizes[self._grow] = max(self.MIN_WIDTH, sizes[self._grow] + spare)
        for column, size in sizes.items():
            header.resizeSection(column, size)


class BomEditor(QWidget):
    changed = Signal()  # anything the user typed or ticked
    import_requested = Signal()
    template_requested = Signal()

    TAB_MATERIALS, TAB_QUESTIONS = range(2)

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reference = reference
        self._read_only = False
        self._loading = False
        self._exporting_party = "CN"
        self._table_messages: list[str] = []
        self._fields: dict[str, _Field] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_materials(), "")
        self.tabs.addTab(self._build_questions(), "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    # ---- construction ----------------------------------------------------------------------

    def _line(self, key: str, parent: QWidget, hint: str = "") -> QLineEdit:
        edit = QLineEdit(parent)
        edit.textEdited.connect(lambda _t, key=key: self._on_field_edited(key))
        self._fields[key] = _Field(edit, parent)
        return edit

    def _build_materials(self) -> QWidget:
        page = QWidget(self)
        self.product_box = QGroupBox(page)
        self.fob_edit = self._line("fob_value", self.product_box)
        self.currency_combo = QComboBox(self.product_box)
        for code in CURRENCIES:
            self.currency_combo.addItem(currency_label(code), code)
        self.currency_combo.currentIndexChanged.connect(
            lambda _i: self._on_field_edited("currency")
        )
        self._fields["currency"] = _Field(self.currency_combo, self.product_box)
        self.weight_edit = self._line("weight_kg", self.product_box)
        self.quantity_edit = self._line("quantity", self.product_box)
        self.fob_label = QLabel(self.product_box)
        self.currency_label = QLabel(self.product_box)
        self.weight_label = QLabel(self.product_box)
        self.quantity_label = QLabel(self.product_box)
        grid = QGridLayout(self.product_box)
        for column, (label, key) in enumerate(
            (
                (self.fob_label, "fob_value"),
                (self.currency_label, "currency"),
                (self.weight_label, "weight_kg"),
                (self.quantity_label, "quantity"),
            )
        ):
            label.setBuddy(self._fields[key].widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(self._fields[key].box, 1, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)

        self.model = MaterialsModel(self._reference, self)
        self.table = RowsTableView(page)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(self._edit_triggers())
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.verticalHeader().defaultSectionSize() + 4
        )
        c = MaterialsModel.Col
        self.table.setItemDelegateForColumn(c.ORIGIN, OriginDelegate(self.table))
        self.table.setItemDelegateForColumn(c.HS, HintedTextDelegate(hs_hint, self.table))
        self.table.setItemDelegateForColumn(
            c.EVIDENCE_DATE, HintedTextDelegate(date_hint, self.table)
        )
        for column in (c.VALUE, c.WEIGHT):
            self.table.setItemDelegateForColumn(column, HintedTextDelegate(number_hint, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(c.PICK, QHeaderView.ResizeMode.Fixed)
        self._column_widths: dict[int, int] = {
            c.NAME: 140, c.HS: 80, c.PICK: 26, c.ORIGIN: 110, c.ORIGINATING: 72,
            c.EVIDENCE: 90, c.EVIDENCE_DATE: 90, c.VALUE: 85, c.WEIGHT: 70,
        }  # fmt: skip
        self._fitter = _ColumnFitter(self.table, self._column_widths, grow=c.NAME)
        self.materials_error_label = error_label(page)
        self.total_label = hint_label(page)

        self.add_button = QPushButton(page)
        self.duplicate_button = QPushButton(page)
        self.remove_button = QPushButton(page)
        self.import_button = QPushButton(page)
        self.template_button = QPushButton(page)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.template_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.product_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.materials_error_label)
        layout.addLayout(buttons)

        self.model.edited.connect(self._on_materials_changed)
        self.model.rowsInserted.connect(self._on_materials_changed)
        self.model.rowsRemoved.connect(self._on_materials_changed)
        self.model.modelReset.connect(self._on_materials_changed)
        self.model.errors_changed.connect(self._update_table_errors)
        self.model.modelReset.connect(self._install_pick_buttons)
        self.model.rowsInserted.connect(self._install_pick_buttons)
        self.model.rowsRemoved.connect(self._install_pick_buttons)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.table.delete_pressed.connect(self.remove_current)
        self.add_button.clicked.connect(self.add_material)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.import_button.clicked.connect(self.import_requested)
        self.template_button.clicked.connect(self.template_requested)

        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add_material),
            (QKeySequence("Ctrl+D"), self.duplicate_current),
            (QKeySequence(Qt.Key.Key_F4), self.pick_current_hs),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        return page

    def _build_questions(self) -> QWidget:
        content = QWidget(self)
        self.questions_box = QGroupBox(content)
        questions = QVBoxLayout(self.questions_box)
        self.question_checks: dict[str, QCheckBox] = {}
        self.question_hints: dict[str, QLabel] = {}
        for key in QUESTION_KEYS:
            check = QCheckBox(self.questions_box)
            check.toggled.connect(lambda _on, key=key: self._on_field_edited(key))
            hint = hint_label(self.questions_box)
            hint.setContentsMargins(24, 0, 0, 6)
            field_ = _Field(check, self.questions_box)
            self._fields[key] = field_
            self.question_checks[key] = check
            self.question_hints[key] = hint
            questions.addWidget(field_.box)
            questions.addWidget(hint)
        self.question_checks["direct_consignment"].setChecked(True)

        self.costs_box = QGroupBox(content)
        costs_form = QFormLayout(self.costs_box)
        self.costs_hint = hint_label(self.costs_box)
        costs_form.addRow(self.costs_hint)
        self.cost_edits: dict[str, QLineEdit] = {}
        self.cost_labels: dict[str, QLabel] = {}
        for key in COST_KEYS:
            edit = self._line(f"costs.{key}", self.costs_box)
            self.cost_edits[key] = edit
            label = QLabel(self.costs_box)
            label.setBuddy(edit)
            self.cost_labels[key] = label
            costs_form.addRow(label, self._fields[f"costs.{key}"].box)

        self.notes_label = QLabel(content)
        self.notes_edit = QLineEdit(content)
        self.notes_edit.textEdited.connect(lambda _t: self._on_field_edited("notes"))
        self.general_error_label = error_label(content)

        layout = QVBoxLayout(content)
        layout.addWidget(self.questions_box)
        layout.addWidget(self.costs_box)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_label)
        notes_row.addWidget(self.notes_edit, 1)
        layout.addLayout(notes_row)
        layout.addWidget(self.general_error_label)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        return scroll

    @staticmethod
    def _edit_triggers() -> QAbstractItemView.EditTrigger:
        t = QAbstractItemView.EditTrigger
        return t.DoubleClicked | t.EditKeyPressed | t.AnyKeyPressed | t.SelectedClicked

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.tabs.setTabText(self.TAB_QUESTIONS, _("Questions and costs"))
        self._update_materials_tab_title()
        self.product_box.setTitle(_("Product"))
        self.fob_label.setText(_("FOB value *"))
        self.fob_edit.setPlaceholderText(_("e.g. 100.00"))
        self.fob_edit.setToolTip(
            _("The ex-works price plus the costs up to the ship (Free on Board)")
        )
        self.currency_label.setText(_("Currency"))
        self.weight_label.setText(_("Weight (kg)"))
        self.weight_edit.setPlaceholderText(_("optional"))
        self.weight_edit.setToolTip(
            _("Needed only for the weight test of textiles (chapters 50 to 63)")
        )
        self.quantity_label.setText(_("Quantity"))
        self.quantity_edit.setPlaceholderText(_("optional, e.g. 500 pieces"))
        self.quantity_edit.setToolTip(_("For box 12 of the certificate"))
        for i in range(self.currency_combo.count()):
            self.currency_combo.setItemText(i, currency_label(str(self.currency_combo.itemData(i))))
        self.model.retranslate()
        self.add_button.setText(_("Add material"))
        self.add_button.setToolTip(_("Add a row (Insert)"))
        self.duplicate_button.setText(_("Duplicate"))
        self.duplicate_button.setToolTip(_("Copy the current row (Ctrl+D)"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Remove the current row (Delete)"))
        self.import_button.setText(_("Import from file…"))
        self.import_button.setToolTip(_("Read the materials from a CSV or Excel file"))
        self.template_button.setText(_("Save template…"))
        self.template_button.setToolTip(
            _("Save an empty CSV file with the columns the import reads")
        )
        for button in self._pick_buttons():
            button.setToolTip(_("Find the HS code (F4)"))
        self._retranslate_questions()
        self.questions_box.setTitle(_("Questions"))
        self.costs_box.setTitle(_("Costs for the build-up formula (optional)"))
        self.costs_hint.setText(
            _(
                "Only needed for the build-up formula of the regional value content; leave "
                "them empty to use the build-down formula alone. In the product's currency."
            )
        )
        for key, text in (
            ("direct_labour", _("Direct labour")),
            ("direct_overhead", _("Direct overhead")),
            ("profit", _("Profit")),
            ("other", _("Other costs")),
        ):
            self.cost_labels[key].setText(text)
            self.cost_edits[key].setPlaceholderText(_("e.g. 10.00"))
        self.notes_label.setText(_("Notes"))
        self.notes_edit.setPlaceholderText(_("e.g. where the figures come from"))
        self._update_totals()
        self._update_table_errors()

    def _retranslate_questions(self) -> None:
        party = PARTIES[self._exporting_party].name() if self._exporting_party in PARTIES else ""
        texts = {
            "wholly_obtained": (
                _("Is the product wholly obtained or produced entirely in {party}?"),
                _(
                    "For example plants grown, animals born and raised, or minerals extracted "
                    "there, with no imported material or material of unknown origin at all "
                    "(Art 3.3)."
                ),
            ),
            "chemical_reaction": (
                _("Did a chemical reaction take place in {party}?"),
                _(
                    "A process that forms a molecule with a new structure (Annex 3A). It only "
                    "matters when the product's rule offers CR."
                ),
            ),
            "minimal_operations": (
                _(
                    "Were only simple operations carried out in {party}, such as packing, "
                    "labelling, simple mixing or simple assembly?"
                ),
                _(
                    "Operations on the Art 3.6 list (preserving, packing, washing, painting, "
                    "sorting, labelling, simple mixing or assembly …) never make non-originating "
                    "materials originating. Tick only when nothing more happened."
                ),
            ),
            "direct_consignment": (
                _(
                    "Are the goods shipped directly to the importing Party, or through a third "
                    "country without any processing there?"
                ),
                _(
                    "Transit through a third country is fine when the goods stay under customs "
                    "control there and only unloading, reloading or keeping them in good "
                    "condition happens (Art 3.15)."
                ),
            ),
        }
        for key, (question, hint) in texts.items():
            self.question_checks[key].setText(question.format(party=party))
            self.question_hints[key].setText(hint)

    def _update_materials_tab_title(self) -> None:
        self.tabs.setTabText(
            self.TAB_MATERIALS,
            _("Bill of materials ({count})").format(count=format_integer(self.model.rowCount())),
        )

    # ---- state -----------------------------------------------------------------------------

    def set_exporting_party(self, code: str) -> None:
        self._exporting_party = code
        self._retranslate_questions()

    def draft(self) -> BomDraft:
        self.commit_open_editor()
        return BomDraft(
            fob_value=self.fob_edit.text().strip(),
            currency=str(self.currency_combo.currentData()),
            weight_kg=self.weight_edit.text().strip(),
            quantity=self.quantity_edit.text().strip(),
            costs={key: edit.text().strip() for key, edit in self.cost_edits.items()},
            wholly_obtained=self.question_checks["wholly_obtained"].isChecked(),
            chemical_reaction=self.question_checks["chemical_reaction"].isChecked(),
            minimal_operations=self.question_checks["minimal_operations"].isChecked(),
            direct_consignment=self.question_checks["direct_consignment"].isChecked(),
            materials=tuple(m for m in self.model.items() if not m.is_blank()),
            notes=self.notes_edit.text().strip(),
        )

    def load_draft(self, draft: BomDraft) -> None:
        self._loading = True
        try:
            self.fob_edit.setText(draft.fob_value)
            self.set_currency(draft.currency)
            self.weight_edit.setText(draft.weight_kg)
            self.quantity_edit.setText(draft.quantity)
            for key, edit in self.cost_edits.items():
                edit.setText(draft.costs.get(key, ""))
            for key in QUESTION_KEYS:
                self.question_checks[key].setChecked(bool(getattr(draft, key)))
            self.notes_edit.setText(draft.notes)
            self.model.set_items(draft.materials)
            self.model.check_all()
        finally:
            self._loading = False
        self.clear_errors()
        self._update_totals()
        self._update_buttons()

    def set_currency(self, code: str) -> None:
        index = self.currency_combo.findData(code)
        if index < 0 and code:
            self.currency_combo.addItem(currency_label(code), code)
            index = self.currency_combo.count() - 1
        self.currency_combo.setCurrentIndex(max(index, 0))

    def set_materials(self, materials: list[MaterialDraft]) -> None:
        """Replaces the rows (an import); the product's figures stay."""
        self.model.set_items(materials)
        self.model.check_all()
        self._on_field_edited("materials")

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.set_read_only(read_only)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else self._edit_triggers()
        )
        for key, field_ in self._fields.items():
            widget = field_.widget
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(read_only)
            elif key != "currency":
                widget.setEnabled(not read_only)
        self.currency_combo.setEnabled(not read_only)
        self.notes_edit.setReadOnly(read_only)
        self._update_buttons()

    def commit_open_editor(self) -> None:
        """A cell still being edited counts: Ctrl+Enter while typing assesses what is typed."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        while editor is not None and editor.parentWidget() is not self.table.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # ---- rows ------------------------------------------------------------------------------

    @Slot()
    def add_material(self) -> None:
        if self._read_only:
            return
        current = self.table.currentIndex()
        row = current.row() + 1 if current.isValid() else self.model.rowCount()
        self.model.insert_item(row, MaterialDraft())
        self._start_editing(row, MaterialsModel.Col.NAME)

    @Slot()
    def duplicate_current(self) -> None:
        index = self.table.currentIndex()
        if self._read_only or not index.isValid():
            return
        row = index.row()
        self.model.insert_item(row + 1, replace(self.model.item(row)))
        self._start_editing(row + 1, MaterialsModel.Col.NAME)

    @Slot()
    def remove_current(self) -> None:
        index = self.table.currentIndex()
        if self._read_only or not index.isValid():
            return
        row, column = index.row(), index.column()
        self.model.remove_item(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(
                self.model.index(min(row, self.model.rowCount() - 1), column)
            )

    @Slot()
    def pick_current_hs(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.pick_hs(index.row())

    def pick_hs(self, row: int) -> None:
        if self._read_only or not 0 <= row < self.model.rowCount():
            return
        chosen = hs_picker.HsPickerDialog.ask(self, self._reference, self.model.item(row).hs)
        if chosen:
            self.model.setData(self.model.index(row, MaterialsModel.Col.HS), chosen)

    def _start_editing(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.tabs.setCurrentIndex(self.TAB_MATERIALS)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()
        self.table.edit(index)

    def _pick_buttons(self) -> list[QToolButton]:
        buttons = []
        for row in range(self.model.rowCount()):
            widget = self.table.indexWidget(self.model.index(row, MaterialsModel.Col.PICK))
            if isinstance(widget, QToolButton):
                buttons.append(widget)
        return buttons

    def pick_button(self, row: int) -> QToolButton | None:
        widget = self.table.indexWidget(self.model.index(row, MaterialsModel.Col.PICK))
        return widget if isinstance(widget, QToolButton) else None

    @Slot()
    def _install_pick_buttons(self) -> None:
        for row in range(self.model.rowCount()):
            button = QToolButton(self.table)
            button.setText("…")
            button.setToolTip(_("Find the HS code (F4)"))
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F4 does it from the keyboard
            button.setEnabled(not self._read_only)
            button.clicked.connect(lambda _checked=False, row=row: self.pick_hs(row))
            self.table.setIndexWidget(self.model.index(row, MaterialsModel.Col.PICK), button)

    # ---- errors ----------------------------------------------------------------------------

    def show_errors(self, errors: list[FieldError]) -> None:
        """Marks every field a ValidationError names; returns nothing, changes no value."""
        self.clear_errors()
        general: list[str] = []
        messages: dict[str, list[str]] = {}
        table_messages: list[str] = []
        tabs: set[int] = set()
        for err in errors:
            name = err.field.removeprefix("product.")
            path = parse_field_path(name)
            if name in self._fields:
                messages.setdefault(name, []).append(err.message)
                tabs.add(self.TAB_MATERIALS if name in PRODUCT_KEYS else self.TAB_QUESTIONS)
            elif path.top == "costs" and path.sub is None:
                messages.setdefault("costs.direct_labour", []).append(err.message)
                tabs.add(self.TAB_QUESTIONS)
            elif path.top == "materials":
                tabs.add(self.TAB_MATERIALS)
                column = self.model.column_for(path.sub) if path.sub else None
                if path.position is not None and column is not None:
                    self.model.set_error(path.position, column, err.message)
                else:
                    table_messages.append(err.message)
            elif name in ("operations",):
                messages.setdefault("minimal_operations", []).append(err.message)
                tabs.add(self.TAB_QUESTIONS)
            else:
                general.append(err.message)
        for key, texts in messages.items():
            self._fields[key].set_error("\n".join(texts))
        self._table_messages = table_messages
        self._update_table_errors()
        if general:
            self.general_error_label.setText("\n".join(general))
            self.general_error_label.show()
        if tabs and self.tabs.currentIndex() not in tabs:
            self.tabs.setCurrentIndex(min(tabs))

    def clear_errors(self) -> None:
        for field_ in self._fields.values():
            field_.set_error(None)
        self._table_messages = []
        self.model.clear_errors()
        self.model.check_all()
        self.general_error_label.hide()
        self._update_table_errors()

    def field_error(self, key: str) -> str | None:
        """The message next to a field (``fob_value``, ``costs.profit``, ``wholly_obtained``)."""
        field_ = self._fields.get(key)
        return field_.message() if field_ else None

    def row_error(self, row: int, column: int) -> str | None:
        return self.model.error(row, column)

    def has_cell_errors(self) -> bool:
        return bool(self.model.errors())

    @Slot()
    def _update_table_errors(self) -> None:
        names = {int(k): v for k, v in self.model.headers().items()}
        lines = list(self._table_messages)
        for (row, column), message in sorted(self.model.errors().items()):
            lines.append(
                _("Row {row}, {column}: {message}").format(
                    row=row + 1, column=names.get(column, ""), message=message
                )
            )
        self.materials_error_label.setText("\n".join(lines))
        self.materials_error_label.setVisible(bool(lines))

    # ---- feedback --------------------------------------------------------------------------

    def _on_field_edited(self, key: str) -> None:
        if self._loading:
            return
        field_ = self._fields.get(key)
        if field_ is not None:
            widget = field_.widget
            problem = None
            if isinstance(widget, QLineEdit) and widget.text().strip() and key != "quantity":
                problem = number_problem(widget.text())
            field_.set_error(problem)
        self._update_totals()
        self.changed.emit()

    @Slot()
    def _on_materials_changed(self) -> None:
        self._update_materials_tab_title()
        self._update_totals()
        self._update_buttons()
        if not self._loading:
            self.changed.emit()

    def _update_totals(self) -> None:
        values = [parse_number(m.value) for m in self.model.items()]
        known = [v for v in values if v is not None]
        if not self.model.rowCount():
            self.total_label.setText(
                _("No materials yet: add them one by one or import them from a file.")
            )
            return
        currency = str(self.currency_combo.currentData())
        self.total_label.setText(
            ngettext(
                "{count} material, total value {total}",
                "{count} materials, total value {total}",
                self.model.rowCount(),
            ).format(
                count=format_integer(self.model.rowCount()),
                total=format_money(sum(known, start=0), currency),
            )
        )

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        writable = not self._read_only
        has_current = self.table.currentIndex().isValid()
        self.add_button.setEnabled(writable)
        self.duplicate_button.setEnabled(writable and has_current)
        self.remove_button.setEnabled(writable and has_current)
        self.import_button.setEnabled(writable)
        for button in self._pick_buttons():
            button.setEnabled(writable)

    def current_row(self) -> int:
        index: QModelIndex = self.table.currentIndex()
        return index.row() if index.isValid() else -1
