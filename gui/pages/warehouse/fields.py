"""Form plumbing of the scenario editor: widgets bound to keys of one part of the plan mapping
(the plan, a SKU or a market), and error labels that show validation messages next to their
fields.

A :class:`Binder` writes every edit into the mapping it was loaded with and emits ``changed``;
loading never emits. :class:`ErrorSlots` matches error paths (relative to the same part) to the
labels registered for them: a key also takes the errors of everything inside it
(``unit_dims_cm`` takes ``unit_dims_cm[1]``) unless it was registered as exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.pages.warehouse.document import (
    Doc,
    get_in,
    integer_value,
    matches,
    money_value,
    number_value,
    plain,
    set_in,
    share_value,
)
from gui.widgets import form_labels

# shared with the other forms of the app; the warehouse forms import them from here
ERROR_COLOUR = form_labels.ERROR_COLOUR
HINT_COLOUR = form_labels.HINT_COLOUR
error_label = form_labels.error_label
hint_label = form_labels.hint_label
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # table cells

Converter = Callable[[str], Any]
CONVERTERS: dict[str, Converter] = {
    "number": number_value,
    "integer": integer_value,
    "money": money_value,
    "share": share_value,
    "text": lambda text: text.strip(),
}


def with_error(field: QWidget, error: QLabel, parent: QWidget | None = None) -> QWidget:
    """The field with its error label under it, as one form cell."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def number_edit(parent: QWidget | None = None, width: int = 110) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(width)
    return edit


INVALID_STYLE = f"QLineEdit {{ border: 1px solid {ERROR_COLOUR}; }}"


class ErrorSlots:
    def __init__(self) -> None:
        self._slots: list[tuple[str, bool, QLabel]] = []
        self._marks: list[tuple[str, QWidget]] = []
        self._shown: dict[str, str] = {}

    def add(self, key: str, label: QLabel, *, exact: bool = False) -> QLabel:
        self._slots.append((key, exact, label))
        return label

    def mark(self, key: str, widget: QWidget) -> None:
        """``widget`` gets a red frame while an error belongs to ``key``."""
        self._marks.append((key, widget))

    def show(self, errors: Mapping[str, str]) -> set[str]:
        """Shows the errors whose path belongs to a slot; returns the paths shown."""
        shown: set[str] = set()
        self._shown = {}
        for key, widget in self._marks:
            invalid = any(matches(p, key) for p in errors)
            widget.setStyleSheet(INVALID_STYLE if invalid else "")
        for key, exact, label in self._slots:
            found = [(p, m) for p, m in errors.items() if matches(p, key, exact=exact)]
            messages = list(dict.fromkeys(m for _p, m in found))
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
            if messages:
                self._shown[key] = label.text()
            shown.update(p for p, _m in found)
        return shown

    def clear(self) -> None:
        self.show({})

    def message(self, key: str) -> str | None:
        return self._shown.get(key)


class Binder(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: Doc | None = None
        self._setters: list[Callable[[Doc], None]] = []
        self.loading = False

    def doc(self) -> Doc | None:
        return self._doc

    def line(self, edit: QLineEdit, key: str, kind: str = "number") -> QLineEdit:
        convert = CONVERTERS[kind]
        edit.textEdited.connect(lambda text: self.write(key, convert(text)))
        self._setters.append(lambda doc: edit.setText(plain(get_in(doc, key))))
        return edit

    def check(self, box: QCheckBox, key: str, default: bool) -> QCheckBox:
        box.toggled.connect(lambda on: self.write(key, bool(on)))

        def load(doc: Doc) -> None:
            value = get_in(doc, key)
            box.setChecked(default if value is None else bool(value))

        self._setters.append(load)
        return box

    def combo(self, combo: QComboBox, key: str, default: str) -> QComboBox:
        combo.activated.connect(lambda _index: self.write(key, combo.currentData()))

        def load(doc: Doc) -> None:
            value = get_in(doc, key) or default
            index = combo.findData(value)
            if index < 0:  # a value this version does not offer: show it rather than lose it
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)

        self._setters.append(load)
        return combo

    def on_load(self, setter: Callable[[Doc], None]) -> None:
        """A custom widget's loader (it writes back through :meth:`write`)."""
        self._setters.append(setter)

    def load(self, doc: Doc | None) -> None:
        self._doc = doc
        if doc is None:
            return
        self.loading = True
        try:
            for setter in self._setters:
                setter(doc)
        finally:
            self.loading = False

    def write(self, key: str, value: Any) -> None:
        if self.loading or self._doc is None:
            return
        set_in(self._doc, key, value)
        self.changed.emit()
