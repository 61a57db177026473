"""The product-specific rule of the product: the one found in the PSR table (with its level,
kind, source and an "unverified" mark), or "rule unknown" and a field to type the rule from the
official list (GACC Announcement 2022 No.129, annex 1), read back live in plain words and saved
as a user rule with its source.

Service calls (quick, on the GUI thread with ``ctx.store.db``): ``PsrTable.rule_for`` when the
product changes, ``parse_rule`` / ``explain_rule`` on every key stroke, ``PsrTable.save_user_rule``
on Save. :meth:`RulePanel.rule_text` is the rule the assessment uses: the typed one when the
user chose to type one and it reads, else the one found. "Import rule list…" asks the page to
import the official list (``import_requested``); :meth:`RulePanel.refresh` looks the rule up
again afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.context import GuiContext
from gui.errors import show_error
from gui.widgets.badges import make_badge_label
from services.core.errors import AppError, ValidationError
from services.core.i18n import _
from services.rcep.psr import Rule
from services.rcep.psr_explain import dotted, explain_rule
from services.rcep.psr_table import PsrRule, PsrTable
from services.rcep.psr_zh import read_rule_text
from services.refdata.hs import format_code

ERROR_COLOUR = "#c62828"
OK_COLOUR = "#2e7d32"
HINT_COLOUR = "#6b6b6b"
LEVEL_DIGITS = {"subheading": 6, "heading": 4, "chapter": 2}


def level_label(level: str, code: str) -> str:
    shown = dotted(code)
    if level == "chapter":
        return _("Chapter {code}").format(code=shown)
    if level == "heading":
        return _("Heading {code}").format(code=shown)
    return _("Subheading {code}").format(code=shown)


def kind_label(kind: str) -> str:
    return {
        "embedded": _("bundled with the app"),
        "imported": _("imported from the official list"),
        "user": _("entered by a user"),
    }.get(kind, kind)


def explanation_text(rule: Rule) -> str:
    return "\n".join(f"• {line}" for line in explain_rule(rule))


class RulePanel(QGroupBox):
    rule_changed = Signal()  # the rule the assessment would use changed
    rule_saved = Signal(str)  # status message after a user rule was saved
    import_requested = Signal()  # "Import rule list…" was clicked

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._hs: str = ""
        self._found: PsrRule | None = None
        self._typing = False
        self._parsed: Rule | None = None
        self._read_only = False

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.rule_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.rule_label.setFont(font)
        self.unverified_badge = make_badge_label("sample", self)
        self.meta_label = QLabel(self)
        self.meta_label.setWordWrap(True)
        self.meta_label.setStyleSheet(f"color: {HINT_COLOUR};")
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation_label = QLabel(self)
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explain_button = QPushButton(self)
        self.explain_button.setCheckable(True)
        self.explain_button.setFlat(True)
        self.explain_button.setStyleSheet("text-align: left; color: #1a5fb4;")
        self.other_button = QPushButton(self)
        self.other_button.setCheckable(True)
        self.import_button = QPushButton(self)

        self.entry = QWidget(self)
        self.rule_edit = QLineEdit(self.entry)
        self.feedback_label = QLabel(self.entry)
        self.feedback_label.setWordWrap(True)
        self.typed_explanation_label = QLabel(self.entry)
        self.typed_explanation_label.setWordWrap(True)
        self.level_combo = QComboBox(self.entry)
        self.source_edit = QLineEdit(self.entry)
        self.note_edit = QLineEdit(self.entry)
        self.save_button = QPushButton(self.entry)
        self.rule_edit_label = QLabel(self.entry)
        self.level_label = QLabel(self.entry)
        self.source_label = QLabel(self.entry)
        self.note_label = QLabel(self.entry)
        form = QFormLayout(self.entry)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.rule_edit_label, self.rule_edit)
        form.addRow("", self.feedback_label)
        form.addRow("", self.typed_explanation_label)
        form.addRow(self.level_label, self.level_combo)
        form.addRow(self.source_label, self.source_edit)
        form.addRow(self.note_label, self.note_edit)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        form.addRow(save_row)

        title_row = QHBoxLayout()
        title_row.addWidget(self.rule_label, 1)
        title_row.addWidget(self.unverified_badge, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(title_row)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.explain_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.explanation_label)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.other_button)
        actions_row.addStretch(1)
        actions_row.addWidget(self.import_button)
        layout.addLayout(actions_row)
        layout.addWidget(self.entry)

        self.rule_edit.textChanged.connect(self._on_rule_typed)
        self.source_edit.textChanged.connect(self._update_save)
        self.save_button.clicked.connect(self.save_user_rule)
        self.import_button.clicked.connect(lambda _checked=False: self.import_requested.emit())
        self.other_button.toggled.connect(self._on_other_toggled)
        self.explain_button.toggled.connect(lambda _checked: self._show())
        self.retranslate()
        self._show()

    # ---- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(_("Product-specific rule (Annex 3A)"))
        self.unverified_badge.setText(_("Unverified"))
        self.other_button.setText(_("Type a different rule…"))
        self.other_button.setToolTip(
            _("Use a rule from the official list instead of the one found here")
        )
        self.import_button.setText(_("Import rule list…"))
        self.import_button.setToolTip(
            _(
                "Import the official product-specific rule list (GACC Announcement 2022 No.129, "
                "annex 1) from a CSV file or the Word table"
            )
        )
        self.rule_edit_label.setText(_("Rule"))
        self.rule_edit.setPlaceholderText(_("e.g. CTH or RVC40"))
        self.rule_edit.setToolTip(
            _(
                "As written in GACC Announcement 2022 No.129, annex 1: alternatives joined by "
                '"or" (WO, CC, CTH, CTSH, RVC40, CR), a change rule may end with "except from". '
                "The Chinese wording of the list is understood too."
            )
        )
        self.level_label.setText(_("Applies to"))
        self.source_label.setText(_("Source *"))
        self.source_edit.setPlaceholderText(_("e.g. GACC 2022 No.129 annex 1, page 312"))
        self.note_label.setText(_("Note"))
        self.note_edit.setPlaceholderText(_("optional"))
        self.save_button.setText(_("Save as my rule"))
        self.save_button.setToolTip(
            _("Keep this rule for the HS code, so later assessments find it")
        )
        self._fill_levels()
        self._show()

    # ---- state -----------------------------------------------------------------------------

    def set_hs(self, hs: str) -> None:
        """Looks up the rule of the product's HS code (digits; empty: no product)."""
        self._hs = hs
        self._found = None
        if len(hs) >= 6:
            try:
                self._found = PsrTable(self._ctx.store.db).rule_for(hs)
            except AppError as exc:
                show_error(self, exc)
        self.other_button.blockSignals(True)
        self.other_button.setChecked(False)
        self.other_button.blockSignals(False)
        self._typing = self._found is None
        self._fill_levels()
        self._show()
        self.rule_changed.emit()

    def refresh(self) -> None:
        """Looks the rule up again (e.g. after an import); a rule the user chose to type
        instead of the one found stays."""
        if len(self._hs) < 6:
            return
        try:
            found = PsrTable(self._ctx.store.db).rule_for(self._hs)
        except AppError as exc:
            show_error(self, exc)
            return
        if found == self._found:
            return
        typing_other = self.other_button.isChecked()
        self.set_hs(self._hs)
        if typing_other and self._found is not None:
            self.other_button.setChecked(True)

    def found_rule(self) -> PsrRule | None:
        return self._found

    def is_typing(self) -> bool:
        return self._typing

    def set_typed_rule(self, text: str, source: str = "") -> None:
        """Prefills the entry (e.g. from a saved assessment whose rule is not on file)."""
        if self._found is not None and self._found.rule_text == text:
            return
        if self._found is not None:
            self.other_button.setChecked(True)
        self.rule_edit.setText(text)
        self.source_edit.setText(source)

    def rule_text(self) -> str | None:
        """The rule the assessment uses, or None when there is none yet."""
        if self._typing:
            return str(self._parsed) if self._parsed is not None else None
        return self._found.rule_text if self._found is not None else None

    def rule_source(self) -> str:
        if self._typing:
            return self.source_edit.text().strip() or _("typed by the user")
        found = self._found
        if found is None:
            return ""
        parts = [found.source or kind_label(found.kind)]
        if found.source_date:
            parts.append(found.source_date)
        if not found.verified:
            parts.append(_("unverified"))
        return ", ".join(parts)

    def problem(self) -> str | None:
        """Why there is no rule to assess with yet."""
        if not self._hs:
            return _("Choose a product with an HS code first.")
        if self.rule_text() is not None:
            return None
        if self._typing and self.rule_edit.text().strip():
            return _("The rule typed cannot be read; correct it.")
        return _(
            "No rule is on file for HS {hs}: type the rule from the official list first."
        ).format(hs=format_code(self._hs[:6]))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.import_button.setEnabled(not read_only)
        self._update_save()

    def feedback(self) -> str:
        return self.feedback_label.text()

    # ---- display ---------------------------------------------------------------------------

    def _fill_levels(self) -> None:
        current = self.level_combo.currentData()
        self.level_combo.clear()
        hs = self._hs
        if len(hs) >= 6:
            for level in ("subheading", "heading", "chapter"):
                code = hs[: LEVEL_DIGITS[level]]
                self.level_combo.addItem(level_label(level, code), code)
        index = self.level_combo.findData(current) if current else 0
        self.level_combo.setCurrentIndex(max(index, 0))

    def _show(self) -> None:
        found = self._found
        hs_shown = format_code(self._hs[:6]) if len(self._hs) >= 6 else ""
        if not self._hs:
            self.status_label.setText(_("Choose a product to see its rule."))
        elif found is None:
            self.status_label.setText(
                _(
                    "Rule unknown: no verified rule for HS {hs} is on file. Type the rule from "
                    "the official list (GACC Announcement 2022 No.129, annex 1); the app reads "
                    "it back in plain words."
                ).format(hs=hs_shown)
            )
        else:
            self.status_label.setText(_("Rule for HS {hs}:").format(hs=hs_shown))
        self.status_label.setStyleSheet(
            f"color: {ERROR_COLOUR};" if self._hs and found is None else ""
        )
        self.rule_label.setVisible(found is not None)
        self.meta_label.setVisible(found is not None)
        explainable = found is not None and not self._typing
        self.explain_button.setVisible(explainable)
        self.explain_button.setText(
            ("▾ " + _("Hide the explanation"))
            if self.explain_button.isChecked()
            else ("▸ " + _("What does this rule mean?"))
        )
        self.explanation_label.setVisible(explainable and self.explain_button.isChecked())
        self.unverified_badge.setVisible(found is not None and not found.verified)
        self.other_button.setVisible(found is not None)
        self.entry.setVisible(bool(self._hs) and self._typing)
        if found is not None:
            self.rule_label.setText(found.rule_text)
            meta = [
                _("{level}, {kind}.").format(
                    level=level_label(found.level, found.hs_code), kind=kind_label(found.kind)
                )
            ]
            if found.source:
                source = found.source
                if found.source_date:
                    source = _("{source} ({date})").format(source=source, date=found.source_date)
                meta.append(_("Source: {source}.").format(source=source))
            if found.hs2012_code:
                meta.append(
                    _("Transposed from HS 2012 {code}.").format(code=format_code(found.hs2012_code))
                )
            if found.warning:
                meta.append(found.warning)
            if found.note:
                meta.append(found.note)
            self.meta_label.setText(" ".join(meta))
            self.unverified_badge.setToolTip(
                _("Hand-transcribed, not checked against the official list")
            )
            self.explanation_label.setText(explanation_text(found.rule))
        self._show_feedback()

    def _show_feedback(self) -> None:
        text = self.rule_edit.text().strip()
        self._parsed = None
        if not text:
            self.feedback_label.setText(_("Type the rule as written in the official list."))
            self.feedback_label.setStyleSheet(f"color: {HINT_COLOUR};")
            self.typed_explanation_label.setText("")
        else:
            try:
                self._parsed, _chinese = read_rule_text(text)
            except ValidationError as exc:
                self.feedback_label.setText("✗ " + exc.message)
                self.feedback_label.setStyleSheet(f"color: {ERROR_COLOUR};")
                self.typed_explanation_label.setText("")
            else:
                self.feedback_label.setText(
                    "✓ " + _("Reads as: {rule}").format(rule=str(self._parsed))
                )
                self.feedback_label.setStyleSheet(f"color: {OK_COLOUR};")
                self.typed_explanation_label.setText(explanation_text(self._parsed))
        self.typed_explanation_label.setVisible(bool(self.typed_explanation_label.text()))
        self._update_save()

    @Slot()
    def _update_save(self) -> None:
        writable = not self._read_only
        self.save_button.setEnabled(
            writable and self._parsed is not None and bool(self.source_edit.text().strip())
        )

    # ---- slots -----------------------------------------------------------------------------

    @Slot(str)
    def _on_rule_typed(self, _text: str) -> None:
        self._show_feedback()
        self.rule_changed.emit()

    @Slot(bool)
    def _on_other_toggled(self, checked: bool) -> None:
        self._typing = checked or self._found is None
        self._show()
        if checked:
            self.rule_edit.setFocus()
        self.rule_changed.emit()

    @Slot()
    def save_user_rule(self) -> PsrRule | None:
        if self._read_only or self._parsed is None:
            return None
        code = str(self.level_combo.currentData() or self._hs[:6])
        try:
            saved = PsrTable(self._ctx.store.db).save_user_rule(
                code,
                self.rule_edit.text().strip(),
                source=self.source_edit.text().strip(),
                note=self.note_edit.text().strip(),
            )
        except ValidationError as exc:
            self.feedback_label.setText("✗ " + "\n".join(e.message for e in exc.errors))
            self.feedback_label.setStyleSheet(f"color: {ERROR_COLOUR};")
            return None
        except AppError as exc:
            show_error(self, exc)
            return None
        hs = self._hs
        self.rule_edit.clear()
        self.source_edit.clear()
        self.note_edit.clear()
        self.set_hs(hs)
        self.rule_saved.emit(
            _("Saved the rule “{rule}” for {level}.").format(
                rule=saved.rule_text, level=level_label(saved.level, saved.hs_code)
            )
        )
        return saved
