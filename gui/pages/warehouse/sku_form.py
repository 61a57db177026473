"""One SKU of the scenario: name and HS code (typed, picked, or taken from one of the company's
products), unit cost and price, weight, the unit's size and the carton, order limits."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.pages.warehouse.document import Doc, integer_value, number_value, plain
from gui.pages.warehouse.fields import (
    Binder,
    ErrorSlots,
    error_label,
    hint_label,
    number_edit,
    with_error,
)
from gui.widgets.hs_picker import HsCodeEdit
from services.companies.models import Product
from services.core.i18n import _
from services.refdata.hs import clean_code, format_code
from services.refdata.reference import ReferenceData

CARTON_KEYS = ("units", "length_cm", "width_cm", "height_cm", "weight_kg")


class SkuForm(QWidget):
    changed = Signal()
    name_changed = Signal()

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._products: list[Product] = []
        self._currency = "CNY"
        self.binder = Binder(self)
        self.errors = ErrorSlots()
        self._build(reference)
        self.binder.changed.connect(self.changed)
        self.retranslate()

    # ---- construction ----------------------------------------------------------------------

    def _line(self, key: str, kind: str, parent: QWidget) -> tuple[QLineEdit, QWidget]:
        edit = self.binder.line(number_edit(parent), key, kind)
        error = self.errors.add(key, error_label(parent))
        self.errors.mark(key, edit)
        return edit, with_error(edit, error, parent)

    def _build(self, reference: ReferenceData) -> None:
        self.product_box = QGroupBox(self)
        self.from_product_label = QLabel(self.product_box)
        self.product_combo = QComboBox(self.product_box)
        self.product_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.product_combo.setMinimumContentsLength(16)
        self.name_label = QLabel(self.product_box)
        self.name_edit = self.binder.line(QLineEdit(self.product_box), "name", "text")
        self.name_edit.setMaxLength(200)
        self.name_error = self.errors.add("name", error_label(self.product_box))
        self.hs_label = QLabel(self.product_box)
        self.hs_edit = HsCodeEdit(reference, self.product_box)
        self.hs_error = self.errors.add("hs", error_label(self.product_box))
        self.errors.mark("hs", self.hs_edit.line_edit)
        product_form = QFormLayout(self.product_box)
        product_form.addRow(self.from_product_label, self.product_combo)
        product_form.addRow(self.name_label, with_error(self.name_edit, self.name_error))
        product_form.addRow(self.hs_label, with_error(self.hs_edit, self.hs_error))

        self.money_box = QGroupBox(self)
        self.unit_cost_label = QLabel(self.money_box)
        self.unit_cost_edit, cost_cell = self._line("unit_cost", "money", self.money_box)
        self.price_label = QLabel(self.money_box)
        self.price_edit, price_cell = self._line("price", "money", self.money_box)
        money_form = QFormLayout(self.money_box)
        money_form.addRow(self.unit_cost_label, cost_cell)
        money_form.addRow(self.price_label, price_cell)

        self.size_box = QGroupBox(self)
        self.weight_label = QLabel(self.size_box)
        self.weight_edit, weight_cell = self._line("unit_weight_kg", "number", self.size_box)
        self.dims_label = QLabel(self.size_box)
        self.dims_edits = [number_edit(self.size_box, 80) for _ in range(3)]
        self.dims_error = self.errors.add("unit_dims_cm", error_label(self.size_box))
        self.errors.mark("unit_dims_cm", self.dims_edits[0])
        for index, edit in enumerate(self.dims_edits):
            self.errors.mark(f"unit_dims_cm[{index}]", edit)
            edit.textEdited.connect(self._on_dims_edited)
        self.carton_label = QLabel(self.size_box)
        self.carton_edits = {key: number_edit(self.size_box, 80) for key in CARTON_KEYS}
        self.carton_caption = {key: QLabel(self.size_box) for key in CARTON_KEYS}
        self.carton_error = self.errors.add("carton", error_label(self.size_box))
        for key, edit in self.carton_edits.items():
            self.errors.mark(f"carton.{key}", edit)
            edit.textEdited.connect(self._on_carton_edited)
        self.carton_hint = hint_label(self.size_box)
        self.binder.on_load(self._load_sizes)

        dims_row = QGridLayout()
        self.dims_captions = [QLabel(self.size_box) for _ in range(3)]
        for index, (caption, edit) in enumerate(
            zip(self.dims_captions, self.dims_edits, strict=True)
        ):
            dims_row.addWidget(caption, 0, index)
            dims_row.addWidget(edit, 1, index)
        dims_row.setColumnStretch(3, 1)
        carton_grid = QGridLayout()
        for index, key in enumerate(CARTON_KEYS):
            carton_grid.addWidget(self.carton_caption[key], 0, index)
            carton_grid.addWidget(self.carton_edits[key], 1, index)
        carton_grid.setColumnStretch(len(CARTON_KEYS), 1)
        size_form = QFormLayout(self.size_box)
        size_form.addRow(self.weight_label, weight_cell)
        dims_cell = QWidget(self.size_box)
        dims_layout = QVBoxLayout(dims_cell)
        dims_layout.setContentsMargins(0, 0, 0, 0)
        dims_layout.addLayout(dims_row)
        dims_layout.addWidget(self.dims_error)
        size_form.addRow(self.dims_label, dims_cell)
        carton_cell = QWidget(self.size_box)
        carton_layout = QVBoxLayout(carton_cell)
        carton_layout.setContentsMargins(0, 0, 0, 0)
        carton_layout.addLayout(carton_grid)
        carton_layout.addWidget(self.carton_error)
        carton_layout.addWidget(self.carton_hint)
        size_form.addRow(self.carton_label, carton_cell)

        self.order_box = QGroupBox(self)
        self.moq_label = QLabel(self.order_box)
        self.moq_edit = number_edit(self.order_box)
        self.moq_edit.textEdited.connect(self._on_moq_edited)
        self.binder.on_load(lambda doc: self.moq_edit.setText(plain(doc.get("moq") or None)))
        self.moq_error = self.errors.add("moq", error_label(self.order_box))
        self.errors.mark("moq", self.moq_edit)
        self.max_order_label = QLabel(self.order_box)
        self.max_order_edit, max_cell = self._line("max_order", "integer", self.order_box)
        order_form = QFormLayout(self.order_box)
        order_form.addRow(self.moq_label, with_error(self.moq_edit, self.moq_error))
        order_form.addRow(self.max_order_label, max_cell)

        layout = QVBoxLayout(self)
        layout.addWidget(self.product_box)
        layout.addWidget(self.money_box)
        layout.addWidget(self.size_box)
        layout.addWidget(self.order_box)
        layout.addStretch(1)

        self.product_combo.activated.connect(self._on_product_chosen)
        self.hs_edit.code_changed.connect(self._on_hs_changed)
        self.name_edit.textEdited.connect(lambda _text: self.name_changed.emit())

    def retranslate(self) -> None:
        self.product_box.setTitle(_("Product"))
        self.from_product_label.setText(_("Fill from"))
        self.product_combo.setToolTip(_("Take the name and HS code from a product of the company"))
        self.name_label.setText(_("SKU name"))
        self.name_edit.setPlaceholderText(_("e.g. Power bank 20,000 mAh"))
        self.hs_label.setText(_("HS code"))
        self.hs_edit.retranslate()
        self.hs_edit.setToolTip(
            _("With an HS code the import duty comes from the tariff data when they cover it.")
        )
        self.money_box.setTitle(_("Cost and price"))
        self.unit_cost_label.setText(_("Unit cost ({currency})").format(currency=self._currency))
        self.unit_cost_edit.setPlaceholderText(_("e.g. 50"))
        self.price_label.setText(_("Selling price ({currency})").format(currency=self._currency))
        self.price_edit.setPlaceholderText(_("optional"))
        self.price_edit.setToolTip(
            _("Used for parcel taxes, referral fees and the break-even with sales uplift")
        )
        self.size_box.setTitle(_("Weight and size"))
        self.weight_label.setText(_("Unit weight (kg)"))
        self.weight_edit.setPlaceholderText(_("e.g. 1.5"))
        self.dims_label.setText(_("Unit size (cm)"))
        for caption, text in zip(
            self.dims_captions, (_("Length"), _("Width"), _("Height")), strict=True
        ):
            caption.setText(text)
        for edit in self.dims_edits:
            edit.setPlaceholderText(_("optional"))
        self.carton_label.setText(_("Carton"))
        captions = {
            "units": _("Units"),
            "length_cm": _("Length (cm)"),
            "width_cm": _("Width (cm)"),
            "height_cm": _("Height (cm)"),
            "weight_kg": _("Weight (kg)"),
        }
        for key, text in captions.items():
            self.carton_caption[key].setText(text)
        self.carton_edits["weight_kg"].setPlaceholderText(_("optional"))
        self.carton_hint.setText(
            _(
                "Space (cbm, pallet positions) is planned from the carton; without one, "
                "enter the unit's size and untick “Plan space” for the markets."
            )
        )
        self.order_box.setTitle(_("Ordering"))
        self.moq_label.setText(_("Minimum order quantity"))
        self.moq_edit.setPlaceholderText(_("none"))
        self.max_order_label.setText(_("Largest order"))
        self.max_order_edit.setPlaceholderText(_("no limit"))
        self._fill_products()

    # ---- state -----------------------------------------------------------------------------

    def set_currency(self, currency: str) -> None:
        self._currency = currency
        self.unit_cost_label.setText(_("Unit cost ({currency})").format(currency=currency))
        self.price_label.setText(_("Selling price ({currency})").format(currency=currency))

    def set_products(self, products: Sequence[Product]) -> None:
        self._products = list(products)
        self._fill_products()

    def _fill_products(self) -> None:
        self.product_combo.clear()
        if not self._products:
            self.product_combo.addItem(_("— the company has no products —"), None)
        else:
            self.product_combo.addItem(_("— choose a product —"), None)
        for product in self._products:
            digits = clean_code(product.hs_code)
            text = (
                _("{name} ({hs})").format(name=product.name, hs=format_code(digits))
                if digits
                else product.name
            )
            self.product_combo.addItem(text, product.id)
        self.product_combo.setEnabled(bool(self._products))

    def load(self, doc: Doc | None) -> None:
        self.binder.load(doc)
        self.hs_edit.set_code(str(doc.get("hs") or "") if doc else "")
        self.product_combo.setCurrentIndex(0)

    def _load_sizes(self, doc: Doc) -> None:
        dims = doc.get("unit_dims_cm") or [None, None, None]
        for edit, value in zip(self.dims_edits, [*dims, None, None, None][:3], strict=True):
            edit.setText(plain(value))
        carton = doc.get("carton") or {}
        for key, edit in self.carton_edits.items():
            edit.setText(plain(carton.get(key)))

    def show_errors(self, errors: dict[str, str]) -> set[str]:
        return self.errors.show(errors)

    def error_for(self, key: str) -> str | None:
        return self.errors.message(key)

    # ---- slots -----------------------------------------------------------------------------

    @Slot(int)
    def _on_product_chosen(self, index: int) -> None:
        product_id = self.product_combo.itemData(index)
        product = next((p for p in self._products if p.id == product_id), None)
        if product is None:
            return
        self.name_edit.setText(product.name)
        self.binder.write("name", product.name)
        self.hs_edit.set_code(product.hs_code)
        self.binder.write("hs", clean_code(product.hs_code))
        self.name_changed.emit()

    @Slot(str)
    def _on_hs_changed(self, text: str) -> None:
        self.binder.write("hs", text.strip())

    @Slot()
    def _on_dims_edited(self) -> None:
        values = [number_value(edit.text()) for edit in self.dims_edits]
        self.binder.write("unit_dims_cm", None if all(v is None for v in values) else values)

    @Slot()
    def _on_carton_edited(self) -> None:
        carton = {
            key: (integer_value if key == "units" else number_value)(edit.text())
            for key, edit in self.carton_edits.items()
        }
        self.binder.write("carton", None if all(v is None for v in carton.values()) else carton)

    @Slot()
    def _on_moq_edited(self) -> None:
        value = integer_value(self.moq_edit.text())
        self.binder.write("moq", 0 if value is None else value)
