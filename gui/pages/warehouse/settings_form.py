"""Scenario-wide settings: the Monte-Carlo simulation (on/off, paths, seed) and the pallet used
to count pallet positions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.pages.warehouse.document import Doc
from gui.pages.warehouse.fields import Binder, ErrorSlots, error_label, number_edit, with_error
from services.core.i18n import _

PALLET_KEYS = ("length_cm", "width_cm", "max_height_cm", "pallet_height_cm", "utilisation")


class SettingsForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.binder = Binder(self)
        self.errors = ErrorSlots()
        self.simulation_box = QGroupBox(self)
        self.simulate_check = self.binder.check(
            QCheckBox(self.simulation_box), "simulation.enabled", True
        )
        self.paths_label = QLabel(self.simulation_box)
        self.paths_edit, paths_cell = self._line("simulation.paths", self.simulation_box)
        self.seed_label = QLabel(self.simulation_box)
        self.seed_edit, seed_cell = self._line("simulation.seed", self.simulation_box)
        form = QFormLayout(self.simulation_box)
        form.addRow(self.simulate_check)
        form.addRow(self.paths_label, paths_cell)
        form.addRow(self.seed_label, seed_cell)

        self.pallet_box = QGroupBox(self)
        self.pallet_labels = {key: QLabel(self.pallet_box) for key in PALLET_KEYS}
        pallet_form = QFormLayout(self.pallet_box)
        self.pallet_edits = {}
        for key in PALLET_KEYS:
            edit, cell = self._line(f"pallet.{key}", self.pallet_box, "number")
            self.pallet_edits[key] = edit
            pallet_form.addRow(self.pallet_labels[key], cell)

        layout = QVBoxLayout(self)
        layout.addWidget(self.simulation_box)
        layout.addWidget(self.pallet_box)
        layout.addStretch(1)
        self.binder.changed.connect(self.changed)
        self.retranslate()

    def _line(self, key: str, parent: QWidget, kind: str = "integer") -> tuple[QLineEdit, QWidget]:
        edit = self.binder.line(number_edit(parent), key, kind)
        error = self.errors.add(key, error_label(parent))
        self.errors.mark(key, edit)
        return edit, with_error(edit, error, parent)

    def retranslate(self) -> None:
        self.simulation_box.setTitle(_("Simulation"))
        self.simulate_check.setText(_("Simulate the stock over a year (Monte Carlo)"))
        self.paths_label.setText(_("Simulated paths"))
        self.seed_label.setText(_("Random seed"))
        self.seed_label.setToolTip(_("The same seed gives the same simulation"))
        self.pallet_box.setTitle(_("Pallet"))
        captions = {
            "length_cm": _("Length (cm)"),
            "width_cm": _("Width (cm)"),
            "max_height_cm": _("Height limit incl. pallet (cm)"),
            "pallet_height_cm": _("Pallet's own height (cm)"),
            "utilisation": _("Space utilisation (0–1)"),
        }
        for key, caption in captions.items():
            self.pallet_labels[key].setText(caption)

    def load(self, doc: Doc | None) -> None:
        self.binder.load(doc)

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        return self.errors.show(errors)

    def error_for(self, key: str) -> str | None:
        return self.errors.message(key)
