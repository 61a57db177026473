"""The advisor's session wizard (domain/readiness.md §3.2–§3.9): session metadata, the profile
step and the checklist, everything autosaved through ``SessionRepository``.

- Metadata (date, advisor, attendees, notes) is saved ``META_DELAY_MS`` after the last edit
  (``update_meta``); a field the service rejects shows its message next to it.
- Every profile change calls ``update_profile`` at once, and the checklist is rebuilt from the
  questionnaire's applicability rules, so items appear and disappear live (§3.10).
- Every answer is saved at once with ``save_answer`` (the item's notes after ``NOTE_DELAY_MS``),
  so nothing is lost if the app stops. The keyboard answers: 1/2/3 (no/partly/yes), 0–3
  (level), Y (yes), U (don't know), N (not applicable), Enter or PageDown (next item), PageUp
  (previous item).
- A new session starts with the previous session's answers (``Session.carried_forward``): the
  checklist marks them ("last session" badge), the header counts those still to confirm, and the
  item shows a Confirm button (key C: confirm and move on), which re-saves the same answer with
  ``save_answer`` (any other save of the item confirms it too).
- Information items (type ``info``, not scored) are read-only lines in their dimension.

The wizard emits ``session_changed`` after every save, so the page refreshes its timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.errors import show_error
from gui.models import BADGES_ROLE
from gui.widgets.badges import BadgeDelegate, make_badge_label
from services.companies.models import CHANNELS, COMPANY_TYPES, CONTACT_ROLES, EXPORT_STAGES
from services.companies.models import choice_label as model_label
from services.core.errors import AppError, FieldError, ValidationError
from services.core.i18n import _, format_date, format_decimal, format_integer, is_chinese, ngettext
from services.readiness.questionnaire import Item, Questionnaire
from services.readiness.scoring import (
    EVIDENCE,
    NOT_APPLICABLE,
    UNKNOWN,
    Answer,
    ScoreResult,
    score,
)
from services.readiness.sessions import Session, SessionRepository
from services.refdata.countries import market_name

META_DELAY_MS = 600
NOTE_DELAY_MS = 600
ITEM_ROLE = int(Qt.ItemDataRole.UserRole)
INFO_ROLE = ITEM_ROLE + 1  # the id of an information line (read-only, not scored)
CARRIED_KIND = "sample"  # the amber badge colours
NO_DATE = QDate(2000, 1, 1)  # the date edit's "not set" value (shown as special text)

CHOICE_FIELDS = ("company_type", "stage", "taxpayer", "export_mode", "order_horizon")
MULTI_FIELDS = ("product_flags", "markets", "channels", "payment_terms_planned")
MODEL_LABELS: Mapping[str, Mapping[str, str]] = {
    "company_type": COMPANY_TYPES,
    "stage": EXPORT_STAGES,
    "channels": CHANNELS,
}
BLOCKING_STYLE = (
    "QLabel { background: #f8d7da; color: #842029; border-radius: 4px; padding: 1px 6px;"
    " font-weight: bold; }"
)
ERROR_STYLE = "color: #b00020;"
SAVED_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #6b6b6b;"
INFO_COLOUR = "#3d5a80"
CARRIED_STYLE = (
    "QFrame#carriedBox { background: #fff4d6; border: 1px solid #e0b84f; border-radius: 4px; }"
)


def bilingual(value: Any) -> str:
    """A ``{zh, en}`` mapping from the questionnaire YAML, in the current language."""
    if isinstance(value, Mapping):
        text = value.get("zh") if is_chinese() else value.get("en")
        return str(text or value.get("en") or value.get("zh") or "")
    return str(value or "")


def evidence_label(key: str) -> str:
    labels = {
        "none": _("No evidence"),
        "claimed": _("Claimed by the company"),
        "seen": _("Seen by the advisor"),
        "attached": _("Copy attached"),
    }
    return labels.get(key, key)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _set_error(label: QLabel, messages: Sequence[str]) -> None:
    label.setText("\n".join(messages))
    label.setVisible(bool(messages))


class LabelledCombo(QComboBox):
    """Stable keys, labels from ``label_fn`` (relabelled by :meth:`retranslate`); an optional
    first "not set" entry standing for ``None``."""

    def __init__(
        self,
        keys: Iterable[str],
        label_fn: Callable[[str], str],
        none_label: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._label_fn = label_fn
        self._none_label = none_label
        if none_label is not None:
            self.addItem(none_label(), None)
        for key in keys:
            self.addItem(label_fn(key), key)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def current_key(self) -> str | None:
        key = self.currentData()
        return str(key) if key is not None else None

    def set_current_key(self, key: str | None) -> None:
        index = self.findData(key) if key is not None else (0 if self._none_label else -1)
        if index < 0 and key is not None:
            self.addItem(str(key), key)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def retranslate(self) -> None:
        for i in range(self.count()):
            key = self.itemData(i)
            if key is None and self._none_label is not None:
                self.setItemText(i, self._none_label())
            elif key is not None:
                self.setItemText(i, self._label_fn(str(key)))


class CheckGroup(QWidget):
    """One check box per option of a multi-choice profile field."""

    changed = Signal()

    def __init__(
        self,
        keys: Iterable[str],
        label_fn: Callable[[str], str],
        columns: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._label_fn = label_fn
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, key in enumerate(keys):
            box = QCheckBox(label_fn(key), self)
            box.toggled.connect(self._on_toggled)
            self.boxes[key] = box
            grid.addWidget(box, i // columns, i % columns)

    def keys(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_keys(self, keys: Iterable[str]) -> None:
        chosen = set(keys)
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in chosen)
            box.blockSignals(False)

    def retranslate(self) -> None:
        for key, box in self.boxes.items():
            box.setText(self._label_fn(key).replace("&", "&&"))

    @Slot(bool)
    def _on_toggled(self, _checked: bool) -> None:
        self.changed.emit()


class SessionWizard(QWidget):
    """Metadata + profile (step 1) and the checklist (step 2) of one session."""

    session_changed = Signal(str)  # the session id, after any save
    STEP_PROFILE = 0
    STEP_CHECKLIST = 1

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._repo = SessionRepository(ctx.store.db)
        self._session: Session | None = None
        self._q: Questionnaire | None = None
        self._result: ScoreResult | None = None
        self._answers: dict[str, Answer] = {}
        self._loading = False
        self._item_nodes: dict[str, QTreeWidgetItem] = {}
        self._info_nodes: dict[str, QTreeWidgetItem] = {}
        self._carried: set[str] = set()  # carried-forward answers not confirmed yet
        self._dim_nodes: dict[str, QTreeWidgetItem] = {}
        self._answer_buttons: dict[Any, QPushButton] = {}
        self._note_item: str | None = None
        self._number_dirty = False
        self._build()
        self.retranslate()
        self.show_session(None)

    # ---- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.version_label = QLabel(self)
        self.version_label.setStyleSheet(HINT_STYLE)
        self.score_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMinimumWidth(170)
        self.progress_bar.setMaximumWidth(240)
        self.to_confirm_label = make_badge_label(CARRIED_KIND, self)
        self.to_confirm_label.setObjectName("toConfirmBadge")
        self.to_confirm_label.hide()
        self.saved_label = QLabel(self)
        self.saved_label.setStyleSheet(SAVED_STYLE)
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.version_label)
        header.addStretch(1)
        header.addWidget(self.score_label)
        header.addWidget(self.progress_bar)
        header.addWidget(self.to_confirm_label)
        header.addWidget(self.saved_label)

        self.steps = QTabWidget(self)
        self.steps.addTab(self._build_profile_step(), "")
        self.steps.addTab(self._build_checklist_step(), "")

        self.placeholder_label = QLabel(self)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setStyleSheet(HINT_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.placeholder_label, 1)

        self.meta_timer = QTimer(self)
        self.meta_timer.setSingleShot(True)
        self.meta_timer.setInterval(META_DELAY_MS)
        self.meta_timer.timeout.connect(self._save_meta)
        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(NOTE_DELAY_MS)
        self.note_timer.timeout.connect(self._save_note)

    def _build_profile_step(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(scroll)
        scroll.setWidget(page)

        self.meta_group = QGroupBox(page)
        self.date_edit = QDateEdit(self.meta_group)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.advisor_edit = QLineEdit(self.meta_group)
        self.attendees_edit = QLineEdit(self.meta_group)
        self.meta_notes_edit = QPlainTextEdit(self.meta_group)
        self.meta_notes_edit.setTabChangesFocus(True)
        self.meta_notes_edit.setFixedHeight(70)
        self.meta_errors: dict[str, QLabel] = {}
        meta_form = QFormLayout(self.meta_group)
        self.meta_row_labels: dict[str, QLabel] = {}
        for key, widget in (
            ("held_on", self.date_edit),
            ("advisor", self.advisor_edit),
            ("attendees", self.attendees_edit),
            ("notes", self.meta_notes_edit),
        ):
            cell = QWidget(self.meta_group)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.addWidget(widget)
            error = _error_label(cell)
            cell_layout.addWidget(error)
            self.meta_errors[key] = error
            label = QLabel(self.meta_group)
            label.setBuddy(widget)
            self.meta_row_labels[key] = label
            meta_form.addRow(label, cell)
        self.meta_general_error = _error_label(self.meta_group)
        meta_form.addRow(self.meta_general_error)
        self.date_edit.dateChanged.connect(self._on_meta_edited)
        self.advisor_edit.textEdited.connect(self._on_meta_edited)
        self.attendees_edit.textEdited.connect(self._on_meta_edited)
        self.meta_notes_edit.textChanged.connect(self._on_meta_edited)

        self.profile_group = QGroupBox(page)
        form = QFormLayout(self.profile_group)
        self.profile_hint = QLabel(self.profile_group)
        self.profile_hint.setWordWrap(True)
        self.profile_hint.setStyleSheet(HINT_STYLE)
        form.addRow(self.profile_hint)
        self.profile_error = _error_label(self.profile_group)
        form.addRow(self.profile_error)
        self.profile_row_labels: dict[str, QLabel] = {}
        self.choice_combos: dict[str, LabelledCombo] = {}
        self.multi_groups: dict[str, CheckGroup] = {}
        self._profile_order: list[tuple[str, QWidget]] = []
        self.hs_label = QLabel(self.profile_group)
        self.hs_label.setWordWrap(True)
        self.hs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts_label = QLabel(self.profile_group)
        self.contacts_label.setWordWrap(True)
        self.contacts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own_brand_check = QCheckBox(self.profile_group)
        self.own_brand_check.toggled.connect(self._on_profile_edited)
        self.ship_date_edit = QDateEdit(self.profile_group)
        self.ship_date_edit.setCalendarPopup(True)
        self.ship_date_edit.setDisplayFormat("yyyy-MM-dd")
        self.ship_date_edit.setMinimumDate(NO_DATE)
        self.ship_date_edit.dateChanged.connect(self._on_profile_edited)
        self.preset_combo = QComboBox(self.profile_group)
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset_combo.activated.connect(self._on_profile_edited)
        self._profile_form = form
        page_layout = QVBoxLayout(page)
        # at least the form's full height: the scroll area scrolls instead of squeezing rows
        page_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        page_layout.addWidget(self.meta_group)
        page_layout.addWidget(self.profile_group)
        page_layout.addStretch(1)
        return scroll

    def _build_profile_fields(self, q: Questionnaire) -> None:
        """The profile widgets follow the questionnaire's fields (built once, on first use)."""
        if self.choice_combos:
            return
        group = self.profile_group
        for name in ("company_type", "stage", "taxpayer"):
            self._add_choice(q, name, group)
        self._add_row("hs_codes", self.hs_label)
        for name in ("product_flags", "markets", "channels"):
            self._add_multi(q, name, group)
        self._add_choice(q, "export_mode", group)
        self._add_row("own_brand", self.own_brand_check)
        self._add_multi(q, "payment_terms_planned", group, columns=2)
        self._add_choice(q, "order_horizon", group)
        self._add_row("first_ship_date", self.ship_date_edit)
        self._add_row("contacts", self.contacts_label)
        self._add_row("preset", self.preset_combo)
        for key in q.presets:
            self.preset_combo.addItem("", key)
        self.preset_combo.insertItem(0, "", None)

    def _option_labeller(self, q: Questionnaire, name: str) -> Callable[[str], str]:
        if name in MODEL_LABELS:
            choices = MODEL_LABELS[name]
            return lambda key: model_label(dict(choices), key)
        if name == "markets":
            return market_name
        labels = q.profile_fields.get(name, {}).get("option_labels") or {}
        return lambda key: bilingual(labels.get(key)) or key

    def _add_choice(self, q: Questionnaire, name: str, parent: QWidget) -> None:
        options = [str(o) for o in q.profile_fields.get(name, {}).get("options", [])]
        combo = LabelledCombo(options, self._option_labeller(q, name), not_set_label, parent)
        combo.activated.connect(self._on_profile_edited)
        self.choice_combos[name] = combo
        self._add_row(name, combo)

    def _add_multi(self, q: Questionnaire, name: str, parent: QWidget, columns: int = 3) -> None:
        options = [str(o) for o in q.profile_fields.get(name, {}).get("options", [])]
        group = CheckGroup(options, self._option_labeller(q, name), columns, parent)
        group.changed.connect(self._on_profile_edited)
        self.multi_groups[name] = group
        self._add_row(name, group)

    def _add_row(self, name: str, widget: QWidget) -> None:
        label = QLabel(self.profile_group)
        label.setBuddy(widget)
        self.profile_row_labels[name] = label
        self._profile_form.addRow(label, widget)

    def _build_checklist_step(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.checklist_splitter = splitter

        self.tree = QTreeWidget(splitter)
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 170)
        self.tree.setItemDelegateForColumn(1, BadgeDelegate(self.tree))
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.installEventFilter(self)

        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail = QWidget(scroll)
        scroll.setWidget(self.detail)
        self.item_id_label = QLabel(self.detail)
        self.item_id_label.setStyleSheet(HINT_STYLE)
        self.blocking_badge = QLabel(self.detail)
        self.blocking_badge.setObjectName("blockingBadge")
        self.blocking_badge.setStyleSheet(BLOCKING_STYLE)
        self.unverified_badge = make_badge_label("sample", self.detail)
        self.unverified_badge.setObjectName("unverifiedBadge")
        badges = QHBoxLayout()
        badges.addWidget(self.item_id_label)
        badges.addWidget(self.blocking_badge)
        badges.addWidget(self.unverified_badge)
        badges.addStretch(1)
        self.question_label = QLabel(self.detail)
        self.question_label.setWordWrap(True)
        self.question_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel(self.detail)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #8a5a00;")
        self.evidence_list_label = QLabel(self.detail)
        self.evidence_list_label.setWordWrap(True)

        self.carried_box = QFrame(self.detail)
        self.carried_box.setObjectName("carriedBox")
        self.carried_box.setStyleSheet(CARRIED_STYLE)
        self.carried_label = QLabel(self.carried_box)
        self.carried_label.setWordWrap(True)
        self.carried_label.setStyleSheet("color: #6b4500;")
        self.confirm_button = QPushButton(self.carried_box)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm_carried)
        carried_layout = QHBoxLayout(self.carried_box)
        carried_layout.setContentsMargins(8, 4, 4, 4)
        carried_layout.addWidget(self.carried_label, 1)
        carried_layout.addWidget(self.confirm_button)
        self.carried_box.hide()

        self.answer_box = QWidget(self.detail)
        self.answer_layout = QGridLayout(self.answer_box)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.number_spin = QDoubleSpinBox(self.detail)
        self.number_spin.setDecimals(0)
        self.number_spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.number_spin.valueChanged.connect(self._on_number_changed)
        self.number_spin.editingFinished.connect(self._on_number_finished)
        self.unknown_button = QPushButton(self.detail)
        self.na_button = QPushButton(self.detail)
        for button, value in ((self.unknown_button, UNKNOWN), (self.na_button, NOT_APPLICABLE)):
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, v=value: self.answer(v))
        specials = QHBoxLayout()
        specials.addWidget(self.number_spin)
        specials.addWidget(self.unknown_button)
        specials.addWidget(self.na_button)
        specials.addStretch(1)

        self.evidence_title = QLabel(self.detail)
        self.evidence_combo = LabelledCombo(EVIDENCE, evidence_label, None, self.detail)
        self.evidence_combo.activated.connect(self._on_evidence_chosen)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence_title)
        evidence_row.addWidget(self.evidence_combo)
        evidence_row.addStretch(1)
        self.item_notes_title = QLabel(self.detail)
        self.item_notes_edit = QPlainTextEdit(self.detail)
        self.item_notes_edit.setTabChangesFocus(True)
        self.item_notes_edit.setFixedHeight(70)
        self.item_notes_edit.textChanged.connect(self._on_item_note_edited)
        self.item_error = _error_label(self.detail)
        self.keys_hint = QLabel(self.detail)
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet(HINT_STYLE)
        self.prev_button = QPushButton(self.detail)
        self.next_button = QPushButton(self.detail)
        self.prev_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)

        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addLayout(badges)
        detail_layout.addWidget(self.question_label)
        detail_layout.addWidget(self.note_label)
        detail_layout.addWidget(self.evidence_list_label)
        detail_layout.addWidget(self.carried_box)
        detail_layout.addWidget(self.answer_box)
        detail_layout.addLayout(specials)
        detail_layout.addWidget(self.item_error)
        detail_layout.addLayout(evidence_row)
        detail_layout.addWidget(self.item_notes_title)
        detail_layout.addWidget(self.item_notes_edit)
        detail_layout.addLayout(nav)
        detail_layout.addWidget(self.keys_hint)
        detail_layout.addStretch(1)
        self.detail.installEventFilter(self)

        splitter.addWidget(self.tree)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 480])
        return splitter

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.steps.setTabText(self.STEP_PROFILE, _("1 · Session and profile"))
        self.steps.setTabText(self.STEP_CHECKLIST, _("2 · Checklist"))
        self.placeholder_label.setText(
            _("Choose a session in the timeline, or start a new one with “New session”.")
        )
        self.meta_group.setTitle(_("Session"))
        self.meta_row_labels["held_on"].setText(_("Date:"))
        self.meta_row_labels["advisor"].setText(_("Advisor:"))
        self.meta_row_labels["attendees"].setText(_("Attendees:"))
        self.meta_row_labels["notes"].setText(_("Notes:"))
        self.advisor_edit.setPlaceholderText(_("Name of the service-centre advisor"))
        self.attendees_edit.setPlaceholderText(_("Who took part for the company"))
        self.profile_group.setTitle(_("Company profile (not scored)"))
        self.profile_hint.setText(
            _(
                "Prefilled from the company dossier. The profile decides which checklist items "
                "apply and which of them are blocking."
            )
        )
        self.own_brand_check.setText(_("Sells under its own brand"))
        self.ship_date_edit.setSpecialValueText(_("— not set —"))
        self.tree.setHeaderLabels([_("Item"), _("Answer")])
        self.blocking_badge.setText(_("Blocking"))
        self.blocking_badge.setToolTip(
            _("Must be done (with evidence seen) before the company can be rated Ready")
        )
        self.unverified_badge.setText(_("Unverified"))
        self.unverified_badge.setToolTip(_("Check the official text before relying on it"))
        self.unknown_button.setText(_("[U] Don't know"))
        self.na_button.setText(_("[N] Not applicable"))
        self.carried_label.setText(_("Carried over from the last session — confirm or change it"))
        self.confirm_button.setText(_("[C] Confirm"))
        self.confirm_button.setToolTip(_("Keep this answer and go to the next item"))
        self.to_confirm_label.setToolTip(
            _("Answers carried over from the last session that are not confirmed yet")
        )
        self.evidence_title.setText(_("Evidence:"))
        self.evidence_combo.retranslate()
        self.item_notes_title.setText(_("Advisor's notes on this item:"))
        self.prev_button.setText(_("Previous (PgUp)"))
        self.next_button.setText(_("Next (Enter)"))
        self.keys_hint.setText(
            _(
                "Keys: 1 No · 2 Partly · 3 Yes (yes/no items: 1 No · 2 Yes) · 0–3 level · "
                "Y Yes · U Don't know · N Not applicable · Enter/PgDn next · PgUp previous"
            )
            + " · "
            + _("C confirm an answer carried over from the last session")
        )
        for combo in self.choice_combos.values():
            combo.retranslate()
        for group in self.multi_groups.values():
            group.retranslate()
        self._retranslate_profile_labels()
        self._update_header()
        self._relabel_tree()
        self._show_item(self.current_item_id())
        self.saved_label.clear()

    def _retranslate_profile_labels(self) -> None:
        q = self._q
        if q is None:
            return
        for name, label in self.profile_row_labels.items():
            if name == "preset":
                label.setText(_("Weight preset:"))
            else:
                text = bilingual(q.profile_fields.get(name, {}).get("label")) or name
                label.setText(_("{label}:").format(label=text))
        self._relabel_presets()
        self._show_readonly_profile()

    def _relabel_presets(self) -> None:
        q = self._q
        if q is None or self.preset_combo.count() == 0:
            return
        profile = self._session.profile if self._session else {}
        for i in range(self.preset_combo.count()):
            key = self.preset_combo.itemData(i)
            if key is None:
                auto = q.preset_for(profile)
                self.preset_combo.setItemText(
                    i,
                    _("Automatic ({preset})").format(preset=self._preset_label(q, auto)),
                )
            else:
                self.preset_combo.setItemText(i, self._preset_label(q, str(key)))

    @staticmethod
    def _preset_label(q: Questionnaire, key: str) -> str:
        label = q.preset_labels.get(key)
        return label.get() if label else key

    # ---- public interface ------------------------------------------------------------------

    def session_id(self) -> str | None:
        return self._session.id if self._session else None

    def session(self) -> Session | None:
        return self._session

    def result(self) -> ScoreResult | None:
        return self._result

    def show_session(self, session_id: str | None) -> None:
        """Shows a session as stored (re-read from the database); None shows a placeholder."""
        self.flush()
        self._session = None
        self._q = None
        self._result = None
        self._answers = {}
        self._carried = set()
        if session_id is not None:
            try:
                session = self._repo.get(session_id)
                q = self._repo.questionnaire(session.questionnaire_version)
            except AppError as exc:
                show_error(self, exc)
            else:
                self._session, self._q = session, q
                self._result = score(q, session.profile, session.answers, session.preset)
                self._answers = dict(session.answers)
                self._carried = set(session.carried_forward)
        has = self._session is not None
        self.steps.setVisible(has)
        self.placeholder_label.setVisible(not has)
        for widget in (self.version_label, self.score_label, self.progress_bar):
            widget.setVisible(has)
        self.to_confirm_label.hide()
        self.saved_label.clear()
        self.title_label.clear()
        if self._session is not None and self._q is not None:
            self._build_profile_fields(self._q)
            self._retranslate_profile_labels()
            self._load_meta()
            self._load_profile()
            self._rebuild_checklist(keep=None)
        self._apply_read_only()
        self._update_header()

    def flush(self) -> None:
        """Saves pending debounced edits now (before switching sessions or closing)."""
        if self.meta_timer.isActive():
            self.meta_timer.stop()
            self._save_meta()
        if self.note_timer.isActive():
            self.note_timer.stop()
            self._save_note()

    def current_item_id(self) -> str | None:
        node = self.tree.currentItem()
        value = node.data(0, ITEM_ROLE) if node is not None else None
        return str(value) if value else None

    def checklist_item_ids(self) -> list[str]:
        """The items listed (applicable to the profile), in order."""
        return list(self._item_nodes)

    def info_item_ids(self) -> list[str]:
        """The information lines listed (read-only, not scored), in order."""
        return list(self._info_nodes)

    def to_confirm(self) -> list[str]:
        """Listed items whose answer was carried over from the last session, not confirmed."""
        return [i for i in self._item_nodes if i in self._carried]

    def dim_label_texts(self) -> list[str]:
        """The dimension rows of the checklist (names), in order."""
        return [node.text(0) for node in self._dim_nodes.values()]

    def select_item(self, item_id: str) -> None:
        node = self._item_nodes.get(item_id)
        if node is not None:
            self.steps.setCurrentIndex(self.STEP_CHECKLIST)
            self.tree.setCurrentItem(node)

    def next_item(self) -> None:
        self._move(1)

    def previous_item(self) -> None:
        self._move(-1)

    def answer(self, value: Any) -> bool:
        """Saves ``value`` for the current item (keeping its evidence and notes)."""
        item_id = self.current_item_id()
        if item_id is None or self._ctx.read_only:
            return False
        return self._save_answer(item_id, value=value)

    def confirm_carried(self) -> bool:
        """Confirms the current item's carried-over answer (saving it unchanged) and moves to
        the next item."""
        item_id = self.current_item_id()
        if item_id is None or item_id not in self._carried or self._ctx.read_only:
            return False
        if self.note_timer.isActive():  # notes typed meanwhile are part of what is confirmed
            self.note_timer.stop()
            self._save_note()
        if item_id in self._carried and not self._save_answer(item_id):
            return False
        self.next_item()
        return True

    # ---- metadata --------------------------------------------------------------------------

    def _load_meta(self) -> None:
        session = self._session
        assert session is not None
        self._loading = True
        try:
            held = session.held_on
            self.date_edit.setDate(QDate(held.year, held.month, held.day))
            self.advisor_edit.setText(session.advisor)
            self.attendees_edit.setText(session.attendees)
            self.meta_notes_edit.setPlainText(session.notes)
        finally:
            self._loading = False
        self._show_meta_errors([])

    @Slot()
    def _on_meta_edited(self) -> None:
        if not self._loading and self._session is not None:
            self.saved_label.clear()
            self.meta_timer.start()

    @Slot()
    def _save_meta(self) -> None:
        session = self._session
        if session is None or self._ctx.read_only:
            return
        qdate = self.date_edit.date()
        try:
            self._repo.update_meta(
                session.id,
                held_on=date(qdate.year(), qdate.month(), qdate.day()),
                advisor=self.advisor_edit.text(),
                attendees=self.attendees_edit.text(),
                notes=self.meta_notes_edit.toPlainText(),
            )
        except ValidationError as exc:
            self._show_meta_errors(exc.errors)
            return
        except AppError as exc:
            show_error(self, exc)
            return
        self._show_meta_errors([])
        self._session = self._repo.get(session.id)
        self._saved()

    def _show_meta_errors(self, errors: Sequence[FieldError]) -> None:
        by_field: dict[str, list[str]] = {}
        for error in errors:
            key = error.field if error.field in self.meta_errors else ""
            by_field.setdefault(key, []).append(error.message)
        for key, label in self.meta_errors.items():
            _set_error(label, by_field.get(key, []))
        _set_error(self.meta_general_error, by_field.get("", []))

    # ---- profile ---------------------------------------------------------------------------

    def _load_profile(self) -> None:
        session = self._session
        assert session is not None
        profile = session.profile
        self._loading = True
        try:
            for name, combo in self.choice_combos.items():
                value = profile.get(name)
                combo.set_current_key(str(value) if value is not None else None)
            for name, group in self.multi_groups.items():
                group.set_keys(str(v) for v in profile.get(name) or [])
            self.own_brand_check.setChecked(bool(profile.get("own_brand")))
            ship = profile.get("first_ship_date")
            if ship:
                d = date.fromisoformat(str(ship))
                self.ship_date_edit.setDate(QDate(d.year, d.month, d.day))
            else:
                self.ship_date_edit.setDate(NO_DATE)
            self._relabel_presets()
            index = self.preset_combo.findData(session.preset) if session.preset else 0
            self.preset_combo.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False
        self._show_readonly_profile()

    def _show_readonly_profile(self) -> None:
        session = self._session
        if session is None:
            return
        codes = [str(c) for c in session.profile.get("hs_codes") or []]
        hs = self._ctx.reference.hs
        lines = []
        for code in codes:
            description = hs.describe(code)
            lines.append(f"{code} — {description}" if description else code)
        self.hs_label.setText(
            "\n".join(lines)
            or _("No HS codes in the dossier (add products on the Companies page).")
        )
        contacts = []
        for contact in session.profile.get("contacts") or []:
            role = model_label(CONTACT_ROLES, str(contact.get("role", "")))
            parts = [p for p in (str(contact.get("name", "")), str(contact.get("phone", ""))) if p]
            contacts.append("{role}: {who}".format(role=role, who=" · ".join(parts)))
        self.contacts_label.setText("\n".join(contacts) or _("No contacts in the dossier."))
        tip = _("From the company dossier; change it on the Companies page.")
        self.hs_label.setToolTip(tip)
        self.contacts_label.setToolTip(tip)

    def _profile_from_widgets(self) -> dict[str, Any]:
        session = self._session
        assert session is not None
        profile: dict[str, Any] = dict(session.profile)
        for name, combo in self.choice_combos.items():
            key = combo.current_key()
            if key is None:
                profile.pop(name, None)
            else:
                profile[name] = key
        for name, group in self.multi_groups.items():
            profile[name] = group.keys()
        profile["own_brand"] = self.own_brand_check.isChecked()
        ship = self.ship_date_edit.date()
        if ship == NO_DATE:
            profile.pop("first_ship_date", None)
        else:
            profile["first_ship_date"] = date(ship.year(), ship.month(), ship.day()).isoformat()
        return profile

    @Slot()
    def _on_profile_edited(self) -> None:
        session = self._session
        if self._loading or session is None or self._ctx.read_only:
            return
        preset = self.preset_combo.currentData()
        try:
            result = self._repo.update_profile(
                session.id, self._profile_from_widgets(), str(preset) if preset else None
            )
        except ValidationError as exc:
            _set_error(self.profile_error, [e.message for e in exc.errors])
            self._load_profile()  # back to what is stored
            return
        except AppError as exc:
            show_error(self, exc)
            self._load_profile()
            return
        _set_error(self.profile_error, [])
        self._session = self._repo.get(session.id)
        self._result = result
        self._relabel_presets()
        self._rebuild_checklist(keep=self.current_item_id())
        self._saved()

    # ---- checklist -------------------------------------------------------------------------

    def _rebuild_checklist(self, keep: str | None) -> None:
        session, q = self._session, self._q
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self._item_nodes = {}
            self._info_nodes = {}
            self._dim_nodes = {}
            if session is None or q is None:
                return
            applicable = {i.id for i in q.applicable_items(session.profile)}
            for dim in q.dimensions:
                in_dim = [
                    i
                    for i in q.items
                    if i.dim == dim.id
                    and (i.id in applicable or (not i.scored and q.applies(i, session.profile)))
                ]
                if not any(i.scored for i in in_dim):
                    continue
                dim_node = QTreeWidgetItem(self.tree)
                dim_node.setData(0, ITEM_ROLE, None)
                dim_node.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = dim_node.font(0)
                font.setBold(True)
                dim_node.setFont(0, font)
                dim_node.setFirstColumnSpanned(False)
                self._dim_nodes[dim.id] = dim_node
                for item in in_dim:
                    node = QTreeWidgetItem(dim_node)
                    if item.scored:
                        node.setData(0, ITEM_ROLE, item.id)
                        self._item_nodes[item.id] = node
                    else:  # an information line: read-only, never current
                        node.setData(0, ITEM_ROLE, None)
                        node.setData(0, INFO_ROLE, item.id)
                        node.setFlags(Qt.ItemFlag.ItemIsEnabled)
                        node.setFirstColumnSpanned(True)
                        font = node.font(0)
                        font.setItalic(True)
                        node.setFont(0, font)
                        node.setForeground(0, QColor(INFO_COLOUR))
                        self._info_nodes[item.id] = node
                dim_node.setExpanded(True)
        finally:
            self.tree.blockSignals(False)
        self._relabel_tree()
        target = keep if keep in self._item_nodes else None
        if target is None and self._item_nodes:
            target = next(iter(self._item_nodes))
        if target is not None:
            self.tree.setCurrentItem(self._item_nodes[target])
        self._show_item(target)

    def _relabel_tree(self) -> None:
        q, session = self._q, self._session
        if q is None or session is None:
            return
        blocking_open = set(self._result.blocking_open) if self._result else set()
        for item_id, node in self._item_nodes.items():
            item = q.by_id[item_id]
            node.setText(0, f"{item.id}  {item.text.get()}")
            node.setToolTip(0, item.text.get())
            node.setText(1, self._answer_text(item, self._answers.get(item_id)))
            carried = item_id in self._carried
            node.setData(1, BADGES_ROLE, [(_("last session"), CARRIED_KIND)] if carried else None)
            tips = []
            if q.can_block(item, session.profile):
                tips.append(_("Blocking item"))
            if carried:
                tips.append(_("Carried over from the last session; not confirmed yet"))
            node.setToolTip(1, "\n".join(tips))
            node.setForeground(1, QColor("#b00020" if item_id in blocking_open else "#202020"))
        for item_id, node in self._info_nodes.items():
            text = q.by_id[item_id].text.get()
            node.setText(0, f"ⓘ {text}")
            node.setToolTip(0, text)
        for dim_id, dim_node in self._dim_nodes.items():
            ids = [
                str(child.data(0, ITEM_ROLE))
                for i in range(dim_node.childCount())
                if (child := dim_node.child(i)) is not None and child.data(0, ITEM_ROLE)
            ]
            answered = sum(1 for i in ids if self._is_answered(i))
            dim_node.setText(0, q.dimension(dim_id).text.get())
            dim_node.setText(
                1,
                f"{format_integer(answered)}/{format_integer(len(ids))}",
            )

    def _is_answered(self, item_id: str) -> bool:
        answer = self._answers.get(item_id)
        return answer is not None and answer.value is not None

    def _answer_text(self, item: Item, answer: Answer | None) -> str:
        if answer is None or answer.value is None:
            return "—"
        if item.type == "number" and answer.value not in (UNKNOWN, NOT_APPLICABLE):
            value = format_decimal(float(answer.value), 0)
            unit = item.unit.get() if item.unit else ""
            return f"{value} {unit}".strip()
        assert self._q is not None
        return self._q.option_label(item, answer.value)

    def _move(self, step: int) -> None:
        ids = self.checklist_item_ids()
        if not ids:
            return
        self.flush()
        current = self.current_item_id()
        index = ids.index(current) if current in ids else -1
        target = min(max(index + step, 0), len(ids) - 1)
        self.tree.setCurrentItem(self._item_nodes[ids[target]])
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self.note_timer.isActive():
            self.note_timer.stop()
            self._save_note()
        item_id = current.data(0, ITEM_ROLE) if current is not None else None
        self._show_item(str(item_id) if item_id else None)

    def _show_item(self, item_id: str | None) -> None:
        q, session = self._q, self._session
        item = q.by_id.get(item_id) if q is not None and item_id else None
        self.detail.setEnabled(item is not None)
        self._clear_answer_buttons()
        _set_error(self.item_error, [])
        self._note_item = None
        if item is None or q is None or session is None:
            for label in (self.item_id_label, self.question_label, self.note_label):
                label.clear()
            self.evidence_list_label.clear()
            self.blocking_badge.hide()
            self.unverified_badge.hide()
            self.number_spin.hide()
            self.carried_box.hide()
            return
        answer = self._answers.get(item.id)
        self.item_id_label.setText(f"{item.id} · {q.dimension(item.dim).text.get()}")
        blocking = q.can_block(item, session.profile)
        self.blocking_badge.setVisible(blocking)
        self.unverified_badge.setVisible(item.unverified)
        self.question_label.setText(item.text.get())
        self.note_label.setText(_("Note: {note}").format(note=item.note) if item.note else "")
        self.note_label.setVisible(bool(item.note))
        self.evidence_list_label.setText(
            _("Evidence to look for: {list}").format(list="；".join(item.evidence))
            if item.evidence
            else ""
        )
        self.evidence_list_label.setVisible(bool(item.evidence))

        is_number = item.type == "number"
        self.number_spin.setVisible(is_number)
        if is_number:
            self.number_spin.blockSignals(True)
            self.number_spin.setMinimum(item.minimum if item.minimum is not None else 0)
            self.number_spin.setMaximum(item.maximum if item.maximum is not None else 1e9)
            unit = item.unit.get() if item.unit else ""
            self.number_spin.setSuffix(f" {unit}" if unit else "")
            value = answer.value if answer else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.number_spin.setValue(float(value))
            else:
                self.number_spin.setValue(self.number_spin.minimum())
            self.number_spin.blockSignals(False)
            self._number_dirty = False
        else:
            for i, option in enumerate(q.options(item)):
                key = str(option) if item.type == "level" else str(i + 1)
                button = QPushButton(
                    f"[{key}] {q.option_label(item, option)}",
                    self.answer_box,
                )
                button.setCheckable(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _c=False, v=option: self.answer(v))
                if item.type == "level":  # long anchors: one per line
                    self.answer_layout.addWidget(button, i, 0)
                else:
                    self.answer_layout.addWidget(button, 0, i)
                self._answer_buttons[option] = button
            self.answer_layout.setColumnStretch(len(self._answer_buttons), 1)
        na_allowed = bool(q.answer_types.get(item.type, {}).get("na_allowed"))
        self.na_button.setVisible(na_allowed)
        self.na_button.setEnabled(na_allowed and not blocking)
        self.na_button.setToolTip(
            _("A blocking item cannot be marked not applicable; correct the profile instead.")
            if blocking
            else ""
        )
        self._mark_answer(answer)
        self.carried_box.setVisible(item.id in self._carried)
        self.evidence_combo.set_current_key(answer.evidence if answer else "none")
        self.item_notes_edit.blockSignals(True)
        self.item_notes_edit.setPlainText(answer.note if answer else "")
        self.item_notes_edit.blockSignals(False)
        self._note_item = item.id
        self._apply_read_only()

    def _clear_answer_buttons(self) -> None:
        while self.answer_layout.count():
            entry = self.answer_layout.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._answer_buttons = {}

    def _mark_answer(self, answer: Answer | None) -> None:
        value = answer.value if answer else None
        for option, button in self._answer_buttons.items():
            button.setChecked(value is not None and value == option and value not in (UNKNOWN,))
        self.unknown_button.setChecked(value == UNKNOWN)
        self.na_button.setChecked(value == NOT_APPLICABLE)

    def current_answer(self) -> Answer | None:
        item_id = self.current_item_id()
        return self._answers.get(item_id) if item_id else None

    def _save_answer(
        self,
        item_id: str,
        *,
        value: Any = ...,
        evidence: str | None = None,
        note: str | None = None,
    ) -> bool:
        session = self._session
        if session is None or self._ctx.read_only:
            return False
        old = self._answers.get(item_id)
        answer = Answer(
            (old.value if old else None) if value is ... else value,
            evidence if evidence is not None else (old.evidence if old else "none"),
            note if note is not None else (old.note if old else ""),
        )
        try:
            result = self._repo.save_answer(session.id, item_id, answer)
        except ValidationError as exc:
            if item_id == self.current_item_id():
                _set_error(self.item_error, [e.message for e in exc.errors])
                self._mark_answer(old)
                self.evidence_combo.set_current_key(old.evidence if old else "none")
            else:
                show_error(self, exc)
            return False
        except AppError as exc:
            show_error(self, exc)
            return False
        self._answers[item_id] = answer
        self._carried.discard(item_id)  # any save confirms a carried-over answer
        self._result = result
        if item_id == self.current_item_id():
            _set_error(self.item_error, [])
            self._mark_answer(answer)
            self.carried_box.hide()
        self._relabel_tree()
        self._saved()
        return True

    @Slot(float)
    def _on_number_changed(self, _value: float) -> None:
        if not self._loading:
            self._number_dirty = True

    @Slot()
    def _on_number_finished(self) -> None:
        if not self._number_dirty:
            return
        self._number_dirty = False
        value = self.number_spin.value()
        self.answer(int(value) if value.is_integer() else value)

    @Slot(int)
    def _on_evidence_chosen(self, _index: int) -> None:
        item_id = self.current_item_id()
        key = self.evidence_combo.current_key()
        if item_id and key:
            self._save_answer(item_id, evidence=key)

    @Slot()
    def _on_item_note_edited(self) -> None:
        if self._note_item is not None:
            self.saved_label.clear()
            self.note_timer.start()

    @Slot()
    def _save_note(self) -> None:
        item_id = self._note_item
        if item_id is None:
            return
        text = self.item_notes_edit.toPlainText()
        old = self._answers.get(item_id)
        if (old.note if old else "") != text:
            self._save_answer(item_id, note=text)

    # ---- keyboard --------------------------------------------------------------------------

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._handle_key(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_PageDown):
            self.next_item()
            return True
        if key == Qt.Key.Key_PageUp:
            self.previous_item()
            return True
        q = self._q
        item_id = self.current_item_id()
        item = q.by_id.get(item_id) if q is not None and item_id else None
        if item is None or q is None:
            return False
        if key == Qt.Key.Key_U:
            self.answer(UNKNOWN)
            return True
        if key == Qt.Key.Key_N:
            self.answer(NOT_APPLICABLE)
            return True
        if key == Qt.Key.Key_C and item.id in self._carried:
            self.confirm_carried()
            return True
        options = q.options(item)
        if key == Qt.Key.Key_Y and "yes" in options:
            self.answer("yes")
            return True
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = int(key) - int(Qt.Key.Key_0)
            if item.type == "number":
                self.number_spin.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.number_spin.lineEdit().setText(str(digit))
                self._number_dirty = True
                return True
            if item.type == "level":
                chosen = [o for o in options if o == digit]
            else:
                chosen = [options[digit - 1]] if 1 <= digit <= len(options) else []
            if chosen:
                self.answer(chosen[0])
            return True
        return False

    # ---- state -----------------------------------------------------------------------------

    def _apply_read_only(self) -> None:
        writable = not self._ctx.read_only
        for widget in (
            self.meta_group,
            self.answer_box,
            self.number_spin,
            self.unknown_button,
            self.evidence_combo,
            self.item_notes_edit,
            self.confirm_button,
        ):
            widget.setEnabled(writable)
        for combo in self.choice_combos.values():
            combo.setEnabled(writable)
        for group in self.multi_groups.values():
            group.setEnabled(writable)
        for widget in (self.own_brand_check, self.ship_date_edit, self.preset_combo):
            widget.setEnabled(writable)
        if not writable:
            self.na_button.setEnabled(False)

    def _update_header(self) -> None:
        session, q, result = self._session, self._q, self._result
        if session is None or q is None or result is None:
            return
        self.title_label.setText(_("Session of {date}").format(date=format_date(session.held_on)))
        self.version_label.setText(
            _("Questionnaire {version} · rules as of {as_of}").format(
                version=q.version, as_of=q.rules_as_of
            )
        )
        blockers = len(result.blocking_open)
        self.score_label.setText(
            _("Score {score} · {level} · {blockers}").format(
                score=format_decimal(result.score, 0),
                level=result.level.text.get(),
                blockers=ngettext("{count} open blocker", "{count} open blockers", blockers).format(
                    count=format_integer(blockers)
                ),
            )
        )
        total = len(result.applicable)
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(result.answered)
        self.progress_bar.setFormat(
            _("{answered} of {total} answered").format(
                answered=format_integer(result.answered), total=format_integer(total)
            )
        )
        to_confirm = len(self.to_confirm())
        self.to_confirm_label.setText(
            _("To confirm: {count}").format(count=format_integer(to_confirm))
        )
        self.to_confirm_label.setVisible(to_confirm > 0)

    def _saved(self) -> None:
        self._update_header()
        self.saved_label.setText(_("Saved ✓"))
        if self._session is not None:
            self.session_changed.emit(self._session.id)


def not_set_label() -> str:
    return _("— not set —")
