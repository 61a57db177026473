"""Choosing the company a page works on (rules of origin, overseas warehouse): a combo of the
companies by Chinese name, with the company id as item data, that keeps the current choice when
the list is reloaded; and the label of a company product in a product choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from sqlite_utils import Database

from services.companies.models import CompanyFilter, Product
from services.companies.repository import CompanyRepository
from services.core.i18n import _
from services.refdata.hs import clean_code, format_code


def select_quietly(combo: QComboBox, data: Any) -> None:
    """Shows the item whose data is ``data`` (none when None or absent) without signals."""
    combo.blockSignals(True)
    try:
        combo.setCurrentIndex(combo.findData(data) if data else -1)
    finally:
        combo.blockSignals(False)


def product_label(product: Product) -> str:
    """ "Li-ion battery pack (8507.60)", or the name alone without an HS code."""
    digits = clean_code(product.hs_code)
    if digits:
        return _("{name} ({hs})").format(name=product.name, hs=format_code(digits))
    return product.name


class CompanyCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None, *, min_chars: int = 18) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min_chars)

    def company_id(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def reload(self, db: Database) -> str | None:
        """Lists the companies again, keeping the chosen one (else the first) without emitting
        a change; returns the id now chosen."""
        current = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            for summary in CompanyRepository(db).find(CompanyFilter()):
                self.addItem(summary.name_zh, summary.id)
            index = self.findData(current) if current else -1
            if index < 0 and self.count():
                index = 0
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(False)
        return self.company_id()

    def select_quietly(self, company_id: str | None) -> None:
        select_quietly(self, company_id)

    def focus_for_search(self) -> None:
        """Find (Ctrl+F) on a page: type a few letters of the company's name here."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
