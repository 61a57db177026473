"""The company editor (企业档案): basic info, contacts, products, markets & channels, notes.

Service calls: ``CompanyRepository(ctx.store.db).save(draft, ctx.reference.hs)`` on Save (one
quick transaction on the GUI thread); ``normalise_uscc`` while the USCC is typed and when it is
left; ``HsNomenclature.validate_product_code`` / ``describe`` for product codes.

Nothing is saved while anything is invalid: a ``ValidationError`` marks every field it names
(``name_zh``, ``uscc``, ``contacts[1].phone``, ``products[0].hs``, ``markets[2]`` …) with a red
border or cell and the message next to it, and the user's input stays in the form.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeyEvent
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
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.errors import show_error
from gui.pages.companies.delegates import ChoiceDelegate, HsCodeDelegate
from gui.pages.companies.models import (
    ContactsTableModel,
    EditableRowsModel,
    ProductsTableModel,
    local_date,
)
from gui.pages.rcep.origin.saved import SavedAssessmentsView
from gui.widgets import hs_picker
from gui.widgets.badges import make_badge_label
from gui.widgets.choice_combo import ChoiceCombo
from gui.widgets.market_picker import MarketPicker
from services.companies.models import (
    CHANNELS,
    COMPANY_TYPES,
    CONTACT_ROLES,
    EXPORT_STAGES,
    INDUSTRIES,
    Company,
    CompanyDraft,
    Contact,
    Product,
    choice_label,
)
from services.companies.repository import CompanyRepository
from services.companies.validation import normalise_uscc
from services.core.errors import AppError, FieldError, ValidationError
from services.core.i18n import _, format_date, ngettext

ERROR_COLOUR = "#c62828"
OK_COLOUR = "#2e7d32"
MUTED_COLOUR = "#6b6b6b"
USCC_LENGTH = 18
_PATH = re.compile(r"^(?P<top>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_]+))?$")
_STYLE = f"""
*[invalid="true"] {{ border: 1px solid {ERROR_COLOUR}; border-radius: 3px; }}
QLabel[role="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[role="hint"] {{ color: {MUTED_COLOUR}; }}
"""


class FieldPath(NamedTuple):
    top: str
    position: int | None
    sub: str | None


def parse_field_path(path: str) -> FieldPath:
    """``contacts[1].phone`` → ("contacts", 1, "phone"); unknown shapes → (path, None, None)."""
    match = _PATH.match(path or "")
    if not match:
        return FieldPath(path or "", None, None)
    index = match.group("index")
    return FieldPath(match.group("top"), int(index) if index is not None else None, match["sub"])


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def no_mnemonic(text: str) -> str:
    """Button, tab and check-box texts treat "&" as a shortcut marker; show it literally."""
    return text.replace("&", "&&")


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class RowsTableView(QTableView):
    """A table of editable rows where the Delete key removes the current row.

    The key is claimed through ``ShortcutOverride``, so a window-wide Delete shortcut (delete
    the company) does not fire while the user works in the table.
    """

    delete_pressed = Signal()

    def _wants_delete(self, event: QKeyEvent) -> bool:
        return (
            event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().isValid()
            and self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
        )

    @override
    def event(self, event: QEvent) -> bool:
        override_key = event.type() == QEvent.Type.ShortcutOverride
        if override_key and isinstance(event, QKeyEvent) and self._wants_delete(event):
            event.accept()
            return True
        return super().event(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._wants_delete(event):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _Field(NamedTuple):
    widget: QWidget
    error: QLabel
    tab: int


class CompanyEditor(QWidget):
    company_saved = Signal(object)  # Company, after a successful save
    dirty_changed = Signal(bool)
    archive_requested = Signal()
    restore_requested = Signal()
    delete_requested = Signal()

    TAB_BASIC, TAB_CONTACTS, TAB_PRODUCTS, TAB_MARKETS, TAB_NOTES = range(5)
    TAB_ORIGIN = 5  # saved origin assessments, read-only (opened on the origin page)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._company: Company | None = None
        self._baseline: CompanyDraft = CompanyDraft(name_zh="")
        self._loading = False
        self._dirty = False
        self._read_only = False
        self._table_messages: dict[str, list[str]] = {"contacts": [], "products": []}
        self.setStyleSheet(_STYLE)
        self._build()
        self.retranslate()
        self.load(None)

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        # header: title, badges, unsaved-changes indicator
        self.title_label = QLabel(self)
        title_font = QFont(self.title_label.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sample_badge = make_badge_label("sample", self)
        self.archived_badge = make_badge_label("archived", self)
        self.dirty_label = QLabel(self)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.sample_badge)
        header.addWidget(self.archived_badge)
        header.addWidget(self.dirty_label)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_basic(), "")
        self.tabs.addTab(self._build_contacts(), "")
        self.tabs.addTab(self._build_products(), "")
        self.tabs.addTab(self._build_markets(), "")
        self.tabs.addTab(self._build_notes(), "")
        self.origin_tab = SavedAssessmentsView(self._ctx, self.tabs, compact=True)
        self.tabs.addTab(self.origin_tab, "")
        self._tab_colour = self.tabs.tabBar().tabTextColor(0)

        self.general_error_label = _error_label(self)
        self.summary_label = QLabel(self)
        self.summary_label.setProperty("role", "error")
        self.summary_label.setWordWrap(True)
        self.delete_button = QPushButton(self)
        self.archive_button = QPushButton(self)
        self.restore_button = QPushButton(self)
        self.revert_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error_label)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self._on_save_clicked)
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.archive_button.clicked.connect(self.archive_requested)
        self.restore_button.clicked.connect(self.restore_requested)
        self.delete_button.clicked.connect(self.delete_requested)

    def _build_basic(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_zh_edit = QLineEdit(page)
        self.name_en_edit = QLineEdit(page)
        self.uscc_edit = QLineEdit(page)
        self.uscc_edit.setMaxLength(40)
        self.uscc_check_label = QLabel(page)
        self.uscc_check_label.setMinimumWidth(90)
        self.industry_combo = ChoiceCombo(INDUSTRIES, parent=page)
        self.type_combo = ChoiceCombo(COMPANY_TYPES, parent=page)
        self.stage_combo = ChoiceCombo(EXPORT_STAGES, parent=page)

        uscc_row = QWidget(page)
        uscc_layout = QHBoxLayout(uscc_row)
        uscc_layout.setContentsMargins(0, 0, 0, 0)
        uscc_layout.addWidget(self.uscc_edit, 1)
        uscc_layout.addWidget(self.uscc_check_label)

        self._fields: dict[str, _Field] = {}
        self._form_labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget, QWidget]] = [
            ("name_zh", self.name_zh_edit, self.name_zh_edit),
            ("name_en", self.name_en_edit, self.name_en_edit),
            ("uscc", uscc_row, self.uscc_edit),
            ("industry", self.industry_combo, self.industry_combo),
            ("company_type", self.type_combo, self.type_combo),
            ("stage", self.stage_combo, self.stage_combo),
        ]
        for key, row_widget, marked in rows:
            cell = QWidget(page)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(row_widget)
            error = _error_label(cell)
            cell_layout.addWidget(error)
            label = QLabel(page)
            label.setBuddy(marked)
            self._form_labels[key] = label
            form.addRow(label, cell)
            self._fields[key] = _Field(marked, error, self.TAB_BASIC)
        self.record_label = QLabel(page)
        self.record_label.setProperty("role", "hint")
        self.record_label.setWordWrap(True)
        form.addRow(self.record_label)
        for combo in (self.industry_combo, self.type_combo, self.stage_combo):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(self._on_form_changed)
        self.name_zh_edit.textChanged.connect(self._on_form_changed)
        self.name_en_edit.textChanged.connect(self._on_form_changed)
        self.uscc_edit.textChanged.connect(self._on_form_changed)
        self.uscc_edit.textChanged.connect(self._update_uscc_check)
        self.name_zh_edit.textEdited.connect(lambda _t: self._clear_field_error("name_zh"))
        self.name_en_edit.textEdited.connect(lambda _t: self._clear_field_error("name_en"))
        self.uscc_edit.textEdited.connect(self._on_uscc_edited)
        self.uscc_edit.editingFinished.connect(self._on_uscc_editing_finished)
        for key, combo in (
            ("industry", self.industry_combo),
            ("company_type", self.type_combo),
            ("stage", self.stage_combo),
        ):
            combo.activated.connect(lambda _i, key=key: self._clear_field_error(key))
        return page

    def _table(self, parent: QWidget) -> RowsTableView:
        view = RowsTableView(parent)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(self._edit_triggers())
        view.setWordWrap(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize() + 4)
        return view

    @staticmethod
    def _edit_triggers() -> QAbstractItemView.EditTrigger:
        t = QAbstractItemView.EditTrigger
        return t.DoubleClicked | t.EditKeyPressed | t.AnyKeyPressed | t.SelectedClicked

    def _build_contacts(self) -> QWidget:
        page = QWidget(self)
        self.contacts_model = ContactsTableModel(self)
        self.contacts_view = self._table(page)
        self.contacts_view.setModel(self.contacts_model)
        self.contacts_view.setItemDelegateForColumn(
            ContactsTableModel.Col.ROLE, ChoiceDelegate(CONTACT_ROLES, self.contacts_view)
        )
        header = self.contacts_view.horizontalHeader()
        header.resizeSection(ContactsTableModel.Col.ROLE, 170)
        header.resizeSection(ContactsTableModel.Col.NAME, 120)
        header.resizeSection(ContactsTableModel.Col.PHONE, 150)
        self.add_contact_button = QPushButton(page)
        self.remove_contact_button = QPushButton(page)
        self.contacts_error_label = _error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.contacts_view, 1)
        layout.addWidget(self.contacts_error_label)
        row = QHBoxLayout()
        row.addWidget(self.add_contact_button)
        row.addWidget(self.remove_contact_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._connect_rows_model(self.contacts_model, self.contacts_view)
        self.add_contact_button.clicked.connect(self._on_add_contact_clicked)
        self.remove_contact_button.clicked.connect(self._on_remove_contact_clicked)
        self.contacts_view.delete_pressed.connect(self._on_remove_contact_clicked)
        return page

    def _build_products(self) -> QWidget:
        page = QWidget(self)
        self.products_model = ProductsTableModel(self._ctx.reference, self)
        self.products_view = self._table(page)
        self.products_view.setModel(self.products_model)
        self.products_view.setItemDelegateForColumn(
            ProductsTableModel.Col.HS, HsCodeDelegate(self.products_model, self.products_view)
        )
        header = self.products_view.horizontalHeader()
        header.resizeSection(ProductsTableModel.Col.NAME, 190)
        header.resizeSection(ProductsTableModel.Col.HS, 100)
        header.setSectionResizeMode(ProductsTableModel.Col.PICK, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ProductsTableModel.Col.PICK, 30)
        header.setSectionResizeMode(
            ProductsTableModel.Col.DESCRIPTION, QHeaderView.ResizeMode.Stretch
        )
        header.setStretchLastSection(False)
        header.resizeSection(ProductsTableModel.Col.NOTES, 110)
        self.add_product_button = QPushButton(page)
        self.remove_product_button = QPushButton(page)
        self.products_error_label = _error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.products_view, 1)
        layout.addWidget(self.products_error_label)
        row = QHBoxLayout()
        row.addWidget(self.add_product_button)
        row.addWidget(self.remove_product_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._connect_rows_model(self.products_model, self.products_view)
        self.products_model.modelReset.connect(self._install_pick_buttons)
        self.products_model.rowsInserted.connect(self._install_pick_buttons)
        self.products_model.rowsRemoved.connect(self._install_pick_buttons)
        self.add_product_button.clicked.connect(self._on_add_product_clicked)
        self.remove_product_button.clicked.connect(self._on_remove_product_clicked)
        self.products_view.delete_pressed.connect(self._on_remove_product_clicked)
        return page

    def _build_markets(self) -> QWidget:
        page = QWidget(self)
        self.market_picker = MarketPicker(page)
        self.markets_group = QGroupBox(page)
        markets_layout = QVBoxLayout(self.markets_group)
        markets_layout.addWidget(self.market_picker)
        self.channels_group = QGroupBox(page)
        grid = QGridLayout(self.channels_group)
        self.channel_boxes: dict[str, QCheckBox] = {}
        for i, key in enumerate(CHANNELS):
            box = QCheckBox(self.channels_group)
            box.toggled.connect(self._on_form_changed)
            box.toggled.connect(lambda _on: self._clear_field_error("channels"))
            grid.addWidget(box, i // 2, i % 2)
            self.channel_boxes[key] = box
        self.channels_error_label = _error_label(self.channels_group)
        grid.addWidget(self.channels_error_label, len(CHANNELS), 0, 1, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(self.markets_group, 1)
        layout.addWidget(self.channels_group)
        self.market_picker.markets_changed.connect(self._on_form_changed)
        return page

    def _build_notes(self) -> QWidget:
        page = QWidget(self)
        self.notes_edit = QPlainTextEdit(page)
        self.notes_error_label = _error_label(page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(self.notes_error_label)
        self.notes_edit.textChanged.connect(self._on_form_changed)
        self._fields["notes"] = _Field(self.notes_edit, self.notes_error_label, self.TAB_NOTES)
        return page

    def _connect_rows_model(
        self, model: EditableRowsModel[Contact] | EditableRowsModel[Product], view: QTableView
    ) -> None:
        model.edited.connect(self._on_form_changed)
        model.rowsInserted.connect(self._on_form_changed)
        model.rowsRemoved.connect(self._on_form_changed)
        model.errors_changed.connect(self._update_table_errors)
        view.selectionModel().selectionChanged.connect(self._update_buttons)

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        labels = {
            "name_zh": _("Chinese name *"),
            "name_en": _("English name"),
            "uscc": _("USCC"),
            "industry": _("Industry"),
            "company_type": _("Company type"),
            "stage": _("Export stage"),
        }
        for key, text in labels.items():
            self._form_labels[key].setText(text)
        self.name_zh_edit.setPlaceholderText(
            _("As on the business licence, e.g. 鄂州光电科技有限公司")
        )
        self.name_en_edit.setPlaceholderText(_("e.g. Ezhou Optoelectronics Co., Ltd."))
        self.uscc_edit.setPlaceholderText(_("Unified social credit code, 18 characters"))
        self.uscc_edit.setToolTip(
            _(
                "The unified social credit code (统一社会信用代码) on the business licence: "
                "18 digits and capital letters"
            )
        )
        for combo in (self.industry_combo, self.type_combo, self.stage_combo):
            combo.retranslate()
        self.sample_badge.setText(_("Sample"))
        self.archived_badge.setText(_("Archived"))
        self.contacts_model.retranslate()
        self.products_model.retranslate()
        self.market_picker.retranslate()
        self.origin_tab.retranslate()
        self.markets_group.setTitle(_("Target markets"))
        self.channels_group.setTitle(_("Sales channels"))
        for key, box in self.channel_boxes.items():
            box.setText(no_mnemonic(choice_label(CHANNELS, key)))
        self.notes_edit.setPlaceholderText(
            _("Notes from advisory sessions, agreements, next steps")
        )
        self.add_contact_button.setText(_("Add contact"))
        self.remove_contact_button.setText(_("Remove contact"))
        self.add_product_button.setText(_("Add product"))
        self.remove_product_button.setText(_("Remove product"))
        self.delete_button.setText(_("Delete…"))
        self.archive_button.setText(_("Archive"))
        self.restore_button.setText(_("Restore"))
        self.revert_button.setText(_("Revert"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Save the company (Ctrl+S)"))
        self.revert_button.setToolTip(_("Throw away the changes since the last save"))
        for button in self._pick_buttons():
            button.setToolTip(_("Find the HS code"))
        self._update_tab_titles()
        self._update_header()
        self._update_uscc_check()
        self._update_table_errors()

    def _update_tab_titles(self) -> None:
        contacts = self.contacts_model.rowCount()
        products = self.products_model.rowCount()
        self.tabs.setTabText(self.TAB_BASIC, _("Basic info"))
        self.tabs.setTabText(self.TAB_CONTACTS, _("Contacts ({count})").format(count=contacts))
        self.tabs.setTabText(self.TAB_PRODUCTS, _("Products ({count})").format(count=products))
        self.tabs.setTabText(self.TAB_MARKETS, no_mnemonic(_("Markets & channels")))
        self.tabs.setTabText(self.TAB_NOTES, _("Notes"))
        self.tabs.setTabText(
            self.TAB_ORIGIN, _("Origin assessments ({count})").format(count=self.origin_tab.count())
        )

    # ---- state -----------------------------------------------------------------------------

    def company(self) -> Company | None:
        return self._company

    def company_id(self) -> str | None:
        return self._company.id if self._company else None

    def is_dirty(self) -> bool:
        return self._dirty

    def display_name(self) -> str:
        name = self.name_zh_edit.text().strip() or (self._company.name_zh if self._company else "")
        return name or _("the new company")

    def load(self, company: Company | None) -> None:
        """Shows ``company`` (None: an empty form for a new one); forgets unsaved edits."""
        self._loading = True
        try:
            self._company = company
            draft = company.to_draft() if company else CompanyDraft(name_zh="")
            self.name_zh_edit.setText(draft.name_zh)
            self.name_en_edit.setText(draft.name_en)
            self.uscc_edit.setText(draft.uscc)
            self.industry_combo.set_current_key(draft.industry)
            self.type_combo.set_current_key(draft.company_type)
            self.stage_combo.set_current_key(draft.stage)
            self.contacts_model.set_items(draft.contacts)
            self.products_model.set_items(draft.products)
            self.market_picker.set_markets(draft.markets)
            for key, box in self.channel_boxes.items():
                box.setChecked(key in draft.channels)
            self.notes_edit.setPlainText(draft.notes)
            self.origin_tab.set_company(company.id if company else None)
            self.clear_errors()
        finally:
            self._loading = False
        self._baseline = self.draft()
        self._set_dirty(False)
        self._update_header()
        self._update_uscc_check()
        self._update_tab_titles()
        self._update_buttons()

    def set_company_state(self, company: Company) -> None:
        """Archived/restored elsewhere: update the badges, keep the form as it is."""
        if self._company is not None and self._company.id == company.id:
            self._company = replace(
                self._company, archived_at=company.archived_at, updated_at=company.updated_at
            )
            self._update_header()
            self._update_buttons()

    def draft(self) -> CompanyDraft:
        channels = tuple(key for key, box in self.channel_boxes.items() if box.isChecked())
        return CompanyDraft(
            id=self._company.id if self._company else "",
            name_zh=self.name_zh_edit.text(),
            name_en=self.name_en_edit.text(),
            uscc=self.uscc_edit.text(),
            industry=self.industry_combo.current_key(),
            company_type=self.type_combo.current_key(),
            stage=self.stage_combo.current_key(),
            markets=self.market_picker.markets(),
            channels=channels,
            contacts=tuple(self.contacts_model.items()),
            products=tuple(self.products_model.items()),
            notes=self.notes_edit.toPlainText(),
        )

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (self.name_zh_edit, self.name_en_edit, self.uscc_edit):
            edit.setReadOnly(read_only)
        self.notes_edit.setReadOnly(read_only)
        for combo in (self.industry_combo, self.type_combo, self.stage_combo):
            combo.setEnabled(not read_only)
        for box in self.channel_boxes.values():
            box.setEnabled(not read_only)
        self.market_picker.set_read_only(read_only)
        for model in (self.contacts_model, self.products_model):
            model.set_read_only(read_only)
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else self._edit_triggers()
        )
        self.contacts_view.setEditTriggers(triggers)
        self.products_view.setEditTriggers(triggers)
        self._update_buttons()

    # ---- saving ----------------------------------------------------------------------------

    def save(self) -> Company | None:
        """Validates and stores the form; on problems marks them all and returns None."""
        if self._read_only:
            return None
        self._commit_open_editors()
        try:
            company = CompanyRepository(self._ctx.store.db).save(
                self.draft(), self._ctx.reference.hs
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        except AppError as exc:
            show_error(self, exc)
            return None
        self.load(company)
        self.company_saved.emit(company)
        return company

    def revert(self) -> None:
        if self._company is not None:
            self.load(CompanyRepository(self._ctx.store.db).get(self._company.id))
        else:
            self.load(None)

    def _commit_open_editors(self) -> None:
        """A cell still being edited counts: Ctrl+S while typing saves what is typed."""
        focus = QApplication.focusWidget()
        for view in (self.contacts_view, self.products_view):
            if view.state() != QAbstractItemView.State.EditingState:
                continue
            editor = focus
            while editor is not None and editor.parentWidget() is not view.viewport():
                editor = editor.parentWidget()
            if editor is not None:
                view.commitData(editor)
                view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # ---- errors ----------------------------------------------------------------------------

    def show_errors(self, errors: list[FieldError]) -> None:
        self.clear_errors()
        tabs: set[int] = set()
        messages: dict[str, list[str]] = {}
        general: list[str] = []
        for err in errors:
            path = parse_field_path(err.field)
            if path.top in self._fields:
                messages.setdefault(path.top, []).append(err.message)
                tabs.add(self._fields[path.top].tab)
            elif path.top in ("contacts", "products"):
                model: ContactsTableModel | ProductsTableModel = (
                    self.contacts_model if path.top == "contacts" else self.products_model
                )
                column = model.column_for(path.sub) if path.sub else None
                tabs.add(self.TAB_CONTACTS if path.top == "contacts" else self.TAB_PRODUCTS)
                if path.position is not None and column is not None:
                    model.set_error(path.position, column, err.message)
                else:
                    messages.setdefault(path.top, []).append(err.message)
            elif path.top in ("markets", "channels"):
                messages.setdefault(path.top, []).append(err.message)
                tabs.add(self.TAB_MARKETS)
            else:
                general.append(err.message)
        for key, texts in messages.items():
            if key in self._fields:
                field = self._fields[key]
                _mark(field.widget, True)
                field.error.setText("\n".join(texts))
                field.error.show()
        self._table_messages = {
            "contacts": messages.get("contacts", []),
            "products": messages.get("products", []),
        }
        self.market_picker.set_error("\n".join(messages.get("markets", [])) or None)
        if messages.get("channels"):
            self.channels_error_label.setText("\n".join(messages["channels"]))
            self.channels_error_label.show()
        if general:
            self.general_error_label.setText("\n".join(general))
            self.general_error_label.show()
        self._update_table_errors()
        red = QColor(ERROR_COLOUR)
        for tab in tabs:
            self.tabs.tabBar().setTabTextColor(tab, red)
        if tabs and self.tabs.currentIndex() not in tabs:
            self.tabs.setCurrentIndex(min(tabs))
        self.summary_label.setText(
            ngettext(
                "{count} problem: fix the marked field; nothing was saved.",
                "{count} problems: fix the marked fields; nothing was saved.",
                len(errors),
            ).format(count=len(errors))
        )
        self.summary_label.show()

    def clear_errors(self) -> None:
        for field in self._fields.values():
            _mark(field.widget, False)
            field.error.clear()
            field.error.hide()
        self._table_messages = {"contacts": [], "products": []}
        self.contacts_model.clear_errors()
        self.products_model.clear_errors()
        self.market_picker.set_error(None)
        self.channels_error_label.hide()
        self.general_error_label.hide()
        self.summary_label.hide()
        for tab in range(self.tabs.count()):
            self.tabs.tabBar().setTabTextColor(tab, self._tab_colour)
        self._update_table_errors()

    def field_error(self, key: str) -> str | None:
        """The message shown under a basic-info field (``name_zh``, ``uscc`` …), if any."""
        field = self._fields.get(key)
        return field.error.text() if field and not field.error.isHidden() else None

    def _clear_field_error(self, key: str) -> None:
        if key in self._fields:
            field = self._fields[key]
            _mark(field.widget, False)
            field.error.hide()
        elif key == "channels":
            self.channels_error_label.hide()

    def _set_field_error(self, key: str, message: str | None) -> None:
        field = self._fields[key]
        _mark(field.widget, bool(message))
        field.error.setText(message or "")
        field.error.setVisible(bool(message))

    @Slot()
    def _update_table_errors(self) -> None:
        for name, model, label, column_names in (
            ("contacts", self.contacts_model, self.contacts_error_label, self._contact_columns()),
            ("products", self.products_model, self.products_error_label, self._product_columns()),
        ):
            lines = list(self._table_messages.get(name, []))
            for (row, column), message in sorted(model.errors().items()):
                lines.append(
                    _("Row {row}, {column}: {message}").format(
                        row=row + 1, column=column_names.get(column, ""), message=message
                    )
                )
            label.setText("\n".join(lines))
            label.setVisible(bool(lines))

    def _contact_columns(self) -> dict[int, str]:
        return {int(k): v for k, v in self.contacts_model.headers().items()}

    def _product_columns(self) -> dict[int, str]:
        return {int(k): v for k, v in self.products_model.headers().items()}

    # ---- immediate feedback ----------------------------------------------------------------

    def _uscc_problem(self) -> str | None:
        text = self.uscc_edit.text().strip()
        if not text:
            return None
        try:
            normalise_uscc(text)
        except ValidationError as exc:
            return exc.message
        return None

    @Slot()
    def _update_uscc_check(self) -> None:
        text = self.uscc_edit.text()
        compact = re.sub(r"[\s\-]", "", text).upper()
        label = self.uscc_check_label
        if not compact:
            label.setText("")
            label.setToolTip("")
            return
        problem = self._uscc_problem()
        if problem is None:
            label.setText("✓ " + _("valid"))
            label.setStyleSheet(f"color: {OK_COLOUR};")
            label.setToolTip(_("The check character matches (GB 32100-2015)."))
        elif len(compact) < USCC_LENGTH:
            label.setText(_("{count} of {total}").format(count=len(compact), total=USCC_LENGTH))
            label.setStyleSheet(f"color: {MUTED_COLOUR};")
            label.setToolTip(_("A USCC has 18 characters."))
        else:
            label.setText("✗ " + _("invalid"))
            label.setStyleSheet(f"color: {ERROR_COLOUR};")
            label.setToolTip(problem)

    @Slot(str)
    def _on_uscc_edited(self, _text: str) -> None:
        if self.field_error("uscc") and self._uscc_problem() is None:
            self._set_field_error("uscc", None)

    @Slot()
    def _on_uscc_editing_finished(self) -> None:
        self._update_uscc_check()
        if not self._read_only:
            self._set_field_error("uscc", self._uscc_problem())

    # ---- rows ------------------------------------------------------------------------------

    def _pick_buttons(self) -> list[QToolButton]:
        buttons = []
        for row in range(self.products_model.rowCount()):
            widget = self.products_view.indexWidget(
                self.products_model.index(row, ProductsTableModel.Col.PICK)
            )
            if isinstance(widget, QToolButton):
                buttons.append(widget)
        return buttons

    def pick_button(self, row: int) -> QToolButton | None:
        widget = self.products_view.indexWidget(
            self.products_model.index(row, ProductsTableModel.Col.PICK)
        )
        return widget if isinstance(widget, QToolButton) else None

    @Slot()
    def _install_pick_buttons(self) -> None:
        for row in range(self.products_model.rowCount()):
            index = self.products_model.index(row, ProductsTableModel.Col.PICK)
            button = QToolButton(self.products_view)
            button.setText("…")
            button.setToolTip(_("Find the HS code"))
            button.setAutoRaise(True)
            button.setEnabled(not self._read_only)
            button.clicked.connect(lambda _checked=False, row=row: self._on_pick_clicked(row))
            self.products_view.setIndexWidget(index, button)

    def _on_pick_clicked(self, row: int) -> None:
        if self._read_only or not 0 <= row < self.products_model.rowCount():
            return
        current = self.products_model.item(row).hs_code
        chosen = hs_picker.HsPickerDialog.ask(self, self._ctx.reference, current)
        if chosen:
            index = self.products_model.index(row, ProductsTableModel.Col.HS)
            self.products_model.setData(index, chosen)

    @Slot()
    def _on_add_contact_clicked(self) -> None:
        row = self.contacts_model.append_item(Contact("trade_lead", ""))
        self._start_editing(self.contacts_view, row, ContactsTableModel.Col.NAME)

    @Slot()
    def _on_remove_contact_clicked(self) -> None:
        index = self.contacts_view.currentIndex()
        if index.isValid():
            self.contacts_model.remove_item(index.row())

    @Slot()
    def _on_add_product_clicked(self) -> None:
        row = self.products_model.append_item(Product(""))
        self._start_editing(self.products_view, row, ProductsTableModel.Col.NAME)

    @Slot()
    def _on_remove_product_clicked(self) -> None:
        index = self.products_view.currentIndex()
        if index.isValid():
            self.products_model.remove_item(index.row())

    def _start_editing(self, view: QTableView, row: int, column: int) -> None:
        index = view.model().index(row, column)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.setFocus()
        view.edit(index)

    # ---- dirty tracking and buttons --------------------------------------------------------

    @Slot()
    def _on_form_changed(self) -> None:
        if self._loading:
            return
        self._set_dirty(self.draft() != self._baseline)
        self._update_tab_titles()

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self._update_dirty_label()
        self._update_buttons()
        if changed:
            self.dirty_changed.emit(dirty)

    def _update_dirty_label(self) -> None:
        if self._dirty:
            self.dirty_label.setText("● " + _("Unsaved changes"))
            self.dirty_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        else:
            self.dirty_label.setText(_("All changes saved") if self._company else "")
            self.dirty_label.setStyleSheet(f"color: {MUTED_COLOUR};")

    def _update_header(self) -> None:
        company = self._company
        self.title_label.setText(company.name_zh if company else _("New company"))
        self.sample_badge.setVisible(bool(company and company.is_sample))
        self.archived_badge.setVisible(bool(company and company.archived))
        self._update_dirty_label()
        if company is None:
            self.record_label.setText(_("Not saved yet."))
            return
        created, updated = local_date(company.created_at), local_date(company.updated_at)
        lines = [
            _("Created {created}, last changed {updated}.").format(
                created=format_date(created) if created else company.created_at,
                updated=format_date(updated) if updated else company.updated_at,
            )
        ]
        if company.archived:
            lines.append(_("Archived: hidden from the everyday list until it is restored."))
        if company.is_sample:
            lines.append(_("Sample company: remove it any time with File › Remove sample data."))
        self.record_label.setText("\n".join(lines))

    @Slot()
    def _update_buttons(self) -> None:
        writable = not self._read_only
        company = self._company
        self.save_button.setEnabled(writable and self._dirty)
        self.revert_button.setEnabled(writable and self._dirty)
        self.archive_button.setVisible(company is None or not company.archived)
        self.restore_button.setVisible(company is not None and company.archived)
        self.archive_button.setEnabled(writable and company is not None)
        self.restore_button.setEnabled(writable and company is not None)
        self.delete_button.setEnabled(writable and company is not None)
        self.add_contact_button.setEnabled(writable)
        self.add_product_button.setEnabled(writable)
        self.remove_contact_button.setEnabled(
            writable and self.contacts_view.currentIndex().isValid()
        )
        self.remove_product_button.setEnabled(
            writable and self.products_view.currentIndex().isValid()
        )
        for button in self._pick_buttons():
            button.setEnabled(writable)

    # ---- slots -----------------------------------------------------------------------------

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    @Slot()
    def _on_revert_clicked(self) -> None:
        self.revert()
