"""A combo box over one of the services' choice dicts (stable key → ``N_()`` label).

The first entry stands for "no value" (``None``): "Not set" in an editor, "All industries" in a
filter. Labels are translated when shown and again on :meth:`ChoiceCombo.retranslate`; the keys
stay what the services store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QComboBox, QWidget

from services.companies.models import choice_label
from services.core.i18n import _


def not_set_label() -> str:
    return _("— not set —")


class ChoiceCombo(QComboBox):
    def __init__(
        self,
        choices: Mapping[str, str],
        none_label: Callable[[], str] = not_set_label,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._choices = dict(choices)
        self._none_label = none_label
        self.addItem(none_label(), None)
        for key in self._choices:
            self.addItem(choice_label(self._choices, key), key)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def current_key(self) -> str | None:
        key = self.currentData()
        return str(key) if key else None

    def set_current_key(self, key: str | None) -> None:
        index = self.findData(key) if key else 0
        if index < 0:  # a value this version does not know: keep it visible rather than lose it
            self.addItem(str(key), key)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def retranslate(self) -> None:
        self.setItemText(0, self._none_label())
        for i in range(1, self.count()):
            self.setItemText(i, choice_label(self._choices, str(self.itemData(i))))
