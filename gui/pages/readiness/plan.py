"""The 一企一策 action plan of a session (domain/readiness.md §3.8), edited by the advisor.

One row per ``ActionRecord`` in plan order: the first ``cap_per_session`` rows (10) are the plan,
the rest the “later” list (the ``later`` flag follows the position when rows move). The advisor
edits the wording, owner name, service unit (active units of the catalogue), due date, status
and note; reorders (buttons, Ctrl+Up/Down); adds and removes custom actions; marks actions done.
Nothing is written until Save (``SessionRepository.save_actions``); a ``ValidationError`` marks
the cells it names and nothing is saved. “Regenerate from answers” rebuilds the plan from the
answers (the service keeps the advisor's edits and custom actions).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.errors import show_error
from gui.models import SORT_ROLE, ListTableModel
from services.companies.models import CONTACT_ROLES, choice_label
from services.core.clock import local_today
from services.core.errors import AppError, NotFoundError, ValidationError
from services.core.i18n import N_, _, format_date, format_integer
from services.readiness.action_plan import CUSTOM, VERIFY
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit
from services.readiness.questionnaire import Questionnaire
from services.readiness.sessions import STATUSES, ActionRecord, SessionRepository

AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_LABELS: dict[str, str] = {
    "todo": N_("To do"),
    "doing": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
    "blocked": N_("Blocked"),
}
STATUS_COLOURS = {"done": "#1d5e20", "blocked": "#b3261e", "dropped": "#8a8a8a"}
ERROR_BACKGROUND = "#fde0e0"
LATER_BACKGROUND = "#f4f4f4"
_FIELD = re.compile(r"^actions\[(\d+)\](?:\.(\w+))?$")


def status_label(status: str) -> str:
    return choice_label(STATUS_LABELS, status)


class ActionPlanModel(ListTableModel[ActionRecord]):
    class Col(IntEnum):
        ORDER = 0
        ACTION = 1
        WHY = 2
        BLOCKER = 3
        OWNER = 4
        SERVICE = 5
        DUE = 6
        STATUS = 7
        NOTE = 8

    columns: ClassVar[type[IntEnum]] = Col
    edited = Signal()

    EDITABLE = frozenset({Col.ACTION, Col.OWNER, Col.SERVICE, Col.DUE, Col.STATUS, Col.NOTE})

    def __init__(self, parent: QObject | None = None) -> None:
        self._q: Questionnaire | None = None
        self._units: dict[str, ServiceUnit] = {}
        self._cap = 10
        self._read_only = False
        self._errors: dict[tuple[int, int], str] = {}
        super().__init__(parent)

    def set_context(self, q: Questionnaire | None, units: dict[str, ServiceUnit]) -> None:
        self._q = q
        self._units = units
        if q is not None:
            self._cap = int(q.action_params.get("cap_per_session", 10))

    @property
    def cap(self) -> int:
        return self._cap

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    # ---- texts -----------------------------------------------------------------------------

    @override
    def headers(self) -> dict[IntEnum, str]:
        c = self.Col
        return {
            c.ORDER: _("#"),
            c.ACTION: _("Action"),
            c.WHY: _("Why (question)"),
            c.BLOCKER: _("Blocker"),
            c.OWNER: _("Owner"),
            c.SERVICE: _("Service unit / platform"),
            c.DUE: _("Due"),
            c.STATUS: _("Status"),
            c.NOTE: _("Note"),
        }

    def action_text(self, a: ActionRecord) -> str:
        if a.title:
            return a.title
        item = self._q.by_id.get(a.item_id) if self._q and a.item_id else None
        if item is None:
            return ""
        text = item.action.get() if item.action else item.text.get()
        if a.kind == VERIFY:
            return _("Verify: {action}").format(action=text)
        return text

    def why_text(self, a: ActionRecord) -> str:
        item = self._q.by_id.get(a.item_id) if self._q and a.item_id else None
        if item is None:
            return _("Added by the advisor")
        return f"{item.id} {item.text.get()}"

    def owner_text(self, a: ActionRecord) -> str:
        role = choice_label(CONTACT_ROLES, a.owner_role)
        if a.owner_name and role:
            return _("{role}: {name}").format(role=role, name=a.owner_name)
        return a.owner_name or role

    def service_text(self, a: ActionRecord) -> str:
        if not a.service_key:
            return ""
        unit = self._units.get(a.service_key)
        return unit.name() if unit else a.service_key

    def order_text(self, row: int) -> str:
        number = format_integer(row + 1)
        if row >= self._cap:
            return _("Later · {number}").format(number=number)
        return number

    # ---- Qt --------------------------------------------------------------------------------

    @override
    def cell_data(self, item: ActionRecord, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, row, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == self.Col.ACTION:
                return item.title or self.action_text(item)
            if col == self.Col.OWNER:
                return item.owner_name
            if col == self.Col.SERVICE:
                return item.service_key or ""
            if col == self.Col.DUE:
                return QDate(item.due_on) if item.due_on else QDate()
            if col == self.Col.STATUS:
                return item.status
            if col == self.Col.NOTE:
                return item.note
            return self._display(item, row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            error = self._errors.get((row, column))
            if error:
                return error
            if col in (self.Col.ACTION, self.Col.WHY, self.Col.NOTE):
                return self._display(item, row, col) or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row, column) in self._errors:
                return QColor(ERROR_BACKGROUND)
            if row >= self._cap:
                return QColor(LATER_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.Col.STATUS and item.status in STATUS_COLOURS:
                return QColor(STATUS_COLOURS[item.status])
            if col == self.Col.BLOCKER and item.blocker:
                return QColor("#b3261e")
            return None
        if role == SORT_ROLE:
            return row
        return None

    def _display(self, item: ActionRecord, row: int, col: IntEnum) -> str:
        c = self.Col
        if col == c.ORDER:
            return self.order_text(row)
        if col == c.ACTION:
            return self.action_text(item)
        if col == c.WHY:
            return self.why_text(item)
        if col == c.BLOCKER:
            return _("Blocker") if item.blocker else ""
        if col == c.OWNER:
            return self.owner_text(item)
        if col == c.SERVICE:
            return self.service_text(item)
        if col == c.DUE:
            return format_date(item.due_on) if item.due_on else ""
        if col == c.STATUS:
            return status_label(item.status)
        return item.note

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._read_only and self.Col(index.column()) in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._read_only:
            return False
        row, col = index.row(), self.Col(index.column())
        a = self.item(row)
        if col == self.Col.ACTION:
            text = str(value).strip()
            # keeping the questionnaire's wording stores no title (it follows the language)
            generated = "" if a.title else self.action_text(a)
            new = replace(a, title="" if text == generated and a.kind != CUSTOM else text)
        elif col == self.Col.OWNER:
            new = replace(a, owner_name=str(value).strip())
        elif col == self.Col.SERVICE:
            new = replace(a, service_key=str(value) or None)
        elif col == self.Col.DUE:
            qdate = value if isinstance(value, QDate) else QDate()
            new = replace(a, due_on=qdate.toPython() if qdate.isValid() else None)  # type: ignore[arg-type]
        elif col == self.Col.STATUS:
            if value not in STATUSES:
                return False
            new = replace(a, status=str(value))
        elif col == self.Col.NOTE:
            new = replace(a, note=str(value))
        else:
            return False
        if new == a:
            return False
        self._errors.pop((row, int(col)), None)
        self.replace_item(row, new)
        self.edited.emit()
        return True

    # ---- plan operations -------------------------------------------------------------------

    def _renumber(self) -> None:
        self._items = [
            replace(a, later=index >= self._cap) if a.later != (index >= self._cap) else a
            for index, a in enumerate(self._items)
        ]
        self.all_changed()

    def move(self, row: int, offset: int) -> int:
        """Moves one row up (−1) or down (+1); returns its new row (unchanged at the edge)."""
        target = row + offset
        if not (0 <= row < self.rowCount() and 0 <= target < self.rowCount()):
            return row
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        self._errors.clear()
        self._renumber()
        self.edited.emit()
        return target

    def add_custom(self, row: int, due_on: date) -> int:
        record = ActionRecord(
            id=uuid.uuid4().hex, item_id=None, kind=CUSTOM, owner_role="trade_lead",
            due_on=due_on, status="todo",
        )  # fmt: skip
        row = max(0, min(row, self.rowCount()))
        self.insert_item(row, record)
        self._errors.clear()
        self._renumber()
        self.edited.emit()
        return row

    def remove(self, row: int) -> ActionRecord | None:
        if not 0 <= row < self.rowCount() or self.item(row).kind != CUSTOM:
            return None
        removed = self.remove_item(row)
        self._errors.clear()
        self._renumber()
        self.edited.emit()
        return removed

    def set_status(self, row: int, status: str) -> bool:
        return self.setData(self.index(row, self.Col.STATUS), status)

    # ---- errors ----------------------------------------------------------------------------

    def set_errors(self, errors: dict[tuple[int, int], str]) -> None:
        self._errors = dict(errors)
        self.all_changed()

    def errors(self) -> dict[tuple[int, int], str]:
        return dict(self._errors)

    @override
    def on_items_reset(self) -> None:
        self._errors = {}


class PlanDelegate(QStyledItemDelegate):
    """Combo boxes for the service unit and the status, a date editor for the due date."""

    def __init__(self, editor: ActionPlanEditor) -> None:
        super().__init__(editor.table)
        self._editor = editor

    @override
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        col = ActionPlanModel.Col(index.column())
        if col == ActionPlanModel.Col.SERVICE:
            combo = QComboBox(parent)
            combo.addItem(_("(none)"), "")
            for unit in self._editor.active_units():
                combo.addItem(unit.name(), unit.key)
            return combo
        if col == ActionPlanModel.Col.STATUS:
            combo = QComboBox(parent)
            for status in STATUSES:
                combo.addItem(status_label(status), status)
            return combo
        if col == ActionPlanModel.Col.DUE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            return edit
        return super().createEditor(parent, option, index)

    @override
    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            position = editor.findData(value)
            if position < 0 and value:  # a unit no longer active: keep it selectable
                editor.addItem(str(index.data(Qt.ItemDataRole.DisplayRole)), value)
                position = editor.count() - 1
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QDateEdit):
            editor.setDate(
                value if isinstance(value, QDate) and value.isValid() else QDate.currentDate()
            )
        else:
            super().setEditorData(editor, index)

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class ActionPlanEditor(QWidget):
    saved = Signal(str)  # session id

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._session_id: str | None = None
        self._dirty = False
        self._units: list[ServiceUnit] = []
        self._build()
        ctx.hub.language_changed.connect(self._on_language_changed)
        ctx.hub.data_replaced.connect(self._on_data_replaced)
        self.retranslate()
        self._update_state()

    def _build(self) -> None:
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6b6b6b; padding: 24px;")
        content = QWidget(self)
        self.model = ActionPlanModel(self)
        self.model.edited.connect(self._on_edited)
        self.table = QTableView(content)
        self.table.setModel(self.model)
        self.table.setItemDelegate(PlanDelegate(self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self._edit_triggers = (
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setEditTriggers(self._edit_triggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        c = ActionPlanModel.Col
        for col, width in (
            (c.ORDER, 70), (c.ACTION, 300), (c.WHY, 260), (c.BLOCKER, 60), (c.OWNER, 170),
            (c.SERVICE, 200), (c.DUE, 110), (c.STATUS, 90), (c.NOTE, 160),
        ):  # fmt: skip
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_state())

        self.up_button = QPushButton(content)
        self.down_button = QPushButton(content)
        self.add_button = QPushButton(content)
        self.remove_button = QPushButton(content)
        self.done_button = QPushButton(content)
        self.regenerate_button = QPushButton(content)
        self.save_button = QPushButton(content)
        self.save_button.setDefault(True)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.add_button.clicked.connect(self.add_custom)
        self.remove_button.clicked.connect(self.remove_current)
        self.done_button.clicked.connect(self.mark_current_done)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.save_button.clicked.connect(self.save)
        self.table.installEventFilter(self)  # Ctrl+Up / Ctrl+Down move the current action

        self.dirty_label = QLabel(content)
        self.dirty_label.setObjectName("unsavedIndicator")
        self.dirty_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.error_label = QLabel(content)
        self.error_label.setObjectName("planErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        self.hint_label = QLabel(content)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #6b6b6b;")

        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.add_button, self.remove_button,
                       self.done_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.dirty_label)
        buttons.addWidget(self.regenerate_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # ---- public ----------------------------------------------------------------------------

    def show_session(self, session_id: str | None) -> None:
        """Loads the session's saved plan (unsaved edits of the previous one are dropped)."""
        self._session_id = session_id
        repo = SessionRepository(self._ctx.store.db)
        catalogue = ServiceCatalogue(self._ctx.store.db)
        self._units = catalogue.all()
        units = {u.key: u for u in self._units}
        actions: tuple[ActionRecord, ...] = ()
        q: Questionnaire | None = None
        if session_id is not None:
            try:
                session = repo.get(session_id)
            except NotFoundError:
                self._session_id = None
            else:
                q = repo.questionnaire(session.questionnaire_version)
                actions = session.actions
        self.model.set_context(q, units)
        self.model.set_items(actions)
        self._set_dirty(False)
        self._clear_errors()
        self.stack.setCurrentIndex(1 if self._session_id else 0)
        self._update_state()

    def session_id(self) -> str | None:
        return self._session_id

    def is_dirty(self) -> bool:
        return self._dirty

    def active_units(self) -> list[ServiceUnit]:
        return [u for u in self._units if u.active]

    def retranslate(self) -> None:
        self.empty_label.setText(_("Choose or start a session to see its action plan."))
        self.up_button.setText(_("Move up"))
        self.up_button.setToolTip(_("Move the action up (Ctrl+Up)"))
        self.down_button.setText(_("Move down"))
        self.down_button.setToolTip(_("Move the action down (Ctrl+Down)"))
        self.add_button.setText(_("Add action"))
        self.remove_button.setText(_("Remove action"))
        self.remove_button.setToolTip(_("Only actions added by the advisor can be removed."))
        self.done_button.setText(_("Mark done"))
        self.regenerate_button.setText(_("Regenerate from answers"))
        self.regenerate_button.setToolTip(
            _("Rebuild the plan from the current answers; your edits and added actions are kept.")
        )
        self.save_button.setText(_("Save plan"))
        self.dirty_label.setText(_("● Unsaved changes"))
        self.hint_label.setText(
            _(
                "The first {count} actions are this session's plan; the grey rows are the "
                "“later” list. Double-click a cell to edit it."
            ).format(count=format_integer(self.model.cap))
        )
        self.model.retranslate()

    # ---- actions ---------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int, column: int = ActionPlanModel.Col.ACTION) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, column))

    def move_current(self, offset: int) -> None:
        row = self.current_row()
        if self._ctx.read_only or row < 0:
            return
        column = self.table.currentIndex().column()
        self.select_row(self.model.move(row, offset), column)

    def add_custom(self) -> None:
        if self._ctx.read_only or self._session_id is None:
            return
        row = self.current_row()
        at = row + 1 if row >= 0 else min(self.model.rowCount(), self.model.cap)
        at = self.model.add_custom(at, local_today() + timedelta(days=30))
        self.select_row(at)
        self.table.edit(self.model.index(at, ActionPlanModel.Col.ACTION))

    def remove_current(self) -> None:
        row = self.current_row()
        if self._ctx.read_only or row < 0 or self.model.item(row).kind != CUSTOM:
            return
        self.model.remove(row)
        self.select_row(min(row, self.model.rowCount() - 1))

    def mark_current_done(self) -> None:
        row = self.current_row()
        if self._ctx.read_only or row < 0:
            return
        self.model.set_status(row, "done")

    def save(self) -> bool:
        if self._ctx.read_only or self._session_id is None:
            return False
        try:
            SessionRepository(self._ctx.store.db).save_actions(self._session_id, self.model.items())
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except AppError as exc:
            show_error(self, exc)
            return False
        self._ctx.hub.status_message.emit(_("Action plan saved."))
        current = self.current_row()
        self.show_session(self._session_id)
        self.select_row(current)
        self.saved.emit(self._session_id)
        return True

    def regenerate(self) -> None:
        if self._ctx.read_only or self._session_id is None:
            return
        if self._dirty and not dialogs.confirm(
            self,
            _("Regenerate the plan"),
            _(
                "The plan has unsaved changes. Regenerating starts from the saved plan, so "
                "these changes are lost. Continue?"
            ),
            destructive=True,
        ):
            return
        try:
            SessionRepository(self._ctx.store.db).regenerate_plan(self._session_id)
        except AppError as exc:
            show_error(self, exc)
            return
        self.show_session(self._session_id)
        self._ctx.hub.status_message.emit(_("Action plan regenerated from the answers."))

    # ---- state -----------------------------------------------------------------------------

    def _show_errors(self, exc: ValidationError) -> None:
        cells: dict[tuple[int, int], str] = {}
        messages = []
        fields = {"title": ActionPlanModel.Col.ACTION, "status": ActionPlanModel.Col.STATUS}
        for err in exc.errors:
            match = _FIELD.match(err.field or "")
            if match:
                row = int(match.group(1))
                col = fields.get(match.group(2) or "", ActionPlanModel.Col.ACTION)
                cells[(row, int(col))] = err.message
                messages.append(
                    _("Row {row}: {message}").format(
                        row=format_integer(row + 1), message=err.message
                    )
                )
            else:
                messages.append(err.message)
        self.model.set_errors(cells)
        self.error_label.setText("\n".join(messages))
        self.error_label.show()
        if cells:
            first_row, first_col = min(cells)
            self.select_row(first_row, first_col)

    def _clear_errors(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _on_edited(self) -> None:
        self._set_dirty(True)
        self._update_state()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.dirty_label.setVisible(dirty)

    def _update_state(self) -> None:
        read_only = self._ctx.read_only
        self.model.set_read_only(read_only)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else self._edit_triggers
        )
        row = self.current_row()
        has_row = row >= 0 and not read_only
        self.up_button.setEnabled(has_row and row > 0)
        self.down_button.setEnabled(has_row and row < self.model.rowCount() - 1)
        self.remove_button.setEnabled(has_row and self.model.item(row).kind == CUSTOM)
        self.done_button.setEnabled(has_row)
        open_session = self._session_id is not None and not read_only
        self.add_button.setEnabled(open_session)
        self.regenerate_button.setEnabled(open_session)
        self.save_button.setEnabled(open_session and self._dirty)

    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    def _on_data_replaced(self) -> None:
        self.show_session(self._session_id)
