"""Settings… (Ctrl+,): the preferences the user can change (for now, the language).

``SettingsDialog.ask(parent, prefs)`` returns the changed Preferences or None; applying them
(switching the language live, saving) is the caller's job (MainWindow).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from services.core.i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES, _
from services.core.settings import Preferences


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, prefs: Preferences):
        super().__init__(parent)
        self._prefs = prefs
        self.setWindowTitle(_("Settings"))
        self.setMinimumSize(380, 160)

        self.language = QComboBox()
        for locale in SUPPORTED_LOCALES:
            self.language.addItem(LANGUAGE_NAMES[locale], locale)  # each in its own language
        index = self.language.findData(prefs.locale)
        self.language.setCurrentIndex(max(index, 0))
        self.language_label = QLabel(_("&Language:"))
        self.language_label.setBuddy(self.language)
        note = QLabel(_("The new language applies at once, without a restart."))
        note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def preferences(self) -> Preferences:
        locale = self.language.currentData()
        return self._prefs.with_changes(locale=str(locale))

    @classmethod
    def ask(cls, parent: QWidget | None, prefs: Preferences) -> Preferences | None:
        dialog = cls(parent, prefs)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.preferences()
            return None
        finally:
            dialog.deleteLater()
