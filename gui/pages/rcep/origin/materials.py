"""The bill of materials table: one editable row per material, as the user typed it.

Rows are :class:`MaterialDraft` (text as typed, so a bad number stays visible with its message
until it is fixed); the page turns them into the services' BOM mapping on Assess / Save. Cells
named by a ``ValidationError`` (``materials[2].value``) or failing the immediate checks (HS code,
numbers, date) are tinted and carry the message as a tooltip.

The "originating" cell is a check box, enabled only when the origin is an RCEP Party (a material
from elsewhere can never be originating); changing the origin to a non-Party clears it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from typing_extensions import override

from gui.models import AnyIndex
from gui.pages.companies.models import READ_ONLY_FOREGROUND, Checker, EditableRowsModel
from gui.widgets.hs_picker import describe_partial
from gui.widgets.number_text import parse_number
from services.core.clock import local_today
from services.core.i18n import _, format_date, format_decimal
from services.rcep.parties import PARTIES
from services.refdata.countries import country_name
from services.refdata.hs import HsNomenclature, clean_code, format_code
from services.refdata.reference import ReferenceData


@dataclass(frozen=True, slots=True)
class MaterialDraft:
    """One material as typed in the table (numbers and the date are text until checked)."""

    name: str = ""
    hs: str = ""
    origin: str = ""  # ISO 3166 alpha-2; "" = unknown
    originating: bool = False
    evidence_ref: str = ""  # supplier's certificate of origin or declaration number
    evidence_date: str = ""  # YYYY-MM-DD
    value: str = ""
    weight_kg: str = ""

    def is_blank(self) -> bool:
        return self == MaterialDraft()


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def number_problem(text: str) -> str | None:
    value = parse_number(text)
    if value is None or value < 0:
        return _("Enter a number of 0 or more.")
    return None


def date_problem(text: str) -> str | None:
    day = parse_day(text)
    if day is None:
        return _("Enter the date as YYYY-MM-DD, e.g. 2025-03-01.")
    if day > local_today():
        return _("The evidence date cannot be in the future.")
    return None


def material_hs_problem(hs: HsNomenclature, text: str) -> str | None:
    """A material's HS code may be a chapter, heading or subheading (or a national line)."""
    code = clean_code(text)
    if not code.isdigit() or len(code) not in (2, 4, 6, 8, 10):
        return _("Enter an HS code of 2, 4, 6, 8 or 10 digits, e.g. 85 or 8507.60.")
    if hs.get(code[: min(len(code), 6)]) is None:
        return _("{code} is not in the HS 2022 nomenclature.").format(
            code=format_code(code[: min(len(code), 6)])
        )
    return None


def origin_label(code: str) -> str:
    if not code:
        return _("Unknown")
    return _("{name} ({code})").format(name=country_name(code), code=code)


def _show_number(text: str, digits: int) -> str:
    value = parse_number(text)
    if value is None:
        return text
    exponent = value.as_tuple().exponent
    places = max(digits, -exponent if isinstance(exponent, int) else digits)
    return format_decimal(value, min(places, 6))


class MaterialsModel(EditableRowsModel[MaterialDraft]):
    class Col(IntEnum):
        NAME = 0
        HS = 1
        PICK = 2
        ORIGIN = 3
        ORIGINATING = 4
        EVIDENCE = 5
        EVIDENCE_DATE = 6
        VALUE = 7
        WEIGHT = 8

    columns: ClassVar[type[IntEnum]] = Col
    attributes: ClassVar[dict[int, str]] = {
        Col.NAME: "name",
        Col.HS: "hs",
        Col.ORIGIN: "origin",
        Col.EVIDENCE: "evidence_ref",
        Col.EVIDENCE_DATE: "evidence_date",
        Col.VALUE: "value",
        Col.WEIGHT: "weight_kg",
    }
    path_fields: ClassVar[dict[str, int]] = {
        "name": Col.NAME,
        "hs": Col.HS,
        "origin": Col.ORIGIN,
        "originating": Col.ORIGINATING,
        "evidence": Col.EVIDENCE,
        "evidence_ref": Col.EVIDENCE,
        "evidence_date": Col.EVIDENCE_DATE,
        "value": Col.VALUE,
        "currency": Col.VALUE,
        "weight": Col.WEIGHT,
        "weight_kg": Col.WEIGHT,
    }

    def __init__(self, reference: ReferenceData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reference = reference
        self._muted = QColor(READ_ONLY_FOREGROUND)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.NAME: _("Material"),
            c.HS: _("HS code"),
            c.PICK: "",
            c.ORIGIN: _("Origin"),
            c.ORIGINATING: _("Originating"),
            c.EVIDENCE: _("Evidence no."),
            c.EVIDENCE_DATE: _("Evidence date"),
            c.VALUE: _("Value"),
            c.WEIGHT: _("Weight (kg)"),
        }

    def header_tooltips(self) -> dict[int, str]:
        c = self.Col
        return {
            c.HS: _("The material's HS code as precise as the rule needs (F4: find the code)"),
            c.ORIGIN: _("Country the material comes from; unknown counts as non-originating"),
            c.ORIGINATING: _(
                "Ticked when the supplier proves RCEP originating status (certificate or "
                "supplier's declaration); only for materials from an RCEP Party"
            ),
            c.EVIDENCE: _("Number of the supplier's certificate of origin or declaration"),
            c.EVIDENCE_DATE: _("Date of that evidence, YYYY-MM-DD"),
            c.VALUE: _(
                "CIF value for imported materials, the earliest price paid for materials "
                "bought in the exporting Party (Art 3.5.3), in the product's currency"
            ),
            c.WEIGHT: _("Needed only for the weight test of textiles (chapters 50 to 63)"),
        }

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltips().get(section)
        return super().headerData(section, orientation, role)

    @override
    def checkers(self) -> dict[int, Checker]:
        c = self.Col
        return {
            c.HS: lambda text: material_hs_problem(self._reference.hs, text),
            c.EVIDENCE_DATE: date_problem,
            c.VALUE: number_problem,
            c.WEIGHT: number_problem,
        }

    def check_all(self) -> None:
        """Re-checks every filled cell (after an import or a load)."""
        checkers = self.checkers()
        for row, item in enumerate(self._items):
            for column, checker in checkers.items():
                text = str(getattr(item, self.attributes[column]))
                self.set_error(row, column, checker(text) if text.strip() else None)

    @staticmethod
    def can_originate(item: MaterialDraft) -> bool:
        return item.origin in PARTIES

    def hs_description(self, item: MaterialDraft) -> str:
        return describe_partial(self._reference.hs, item.hs)

    @override
    def display_text(self, item: MaterialDraft, row: int, column: int) -> str:
        c = self.Col
        if column == c.HS:
            digits = clean_code(item.hs)
            return format_code(digits) if digits.isdigit() and len(digits) >= 6 else item.hs
        if column == c.ORIGIN:
            return origin_label(item.origin)
        if column == c.ORIGINATING:
            if not self.can_originate(item):
                return "—"
            return _("yes") if item.originating else _("no")
        if column == c.EVIDENCE_DATE:
            day = parse_day(item.evidence_date)
            return format_date(day) if day else item.evidence_date
        if column == c.VALUE:
            return _show_number(item.value, 2)
        if column == c.WEIGHT:
            return _show_number(item.weight_kg, 0)
        if column == c.PICK:
            return ""
        return self.cell_text(item, column)

    @override
    def cell_data(self, item: MaterialDraft, row: int, column: int, role: int) -> Any:
        c = self.Col
        if column == c.ORIGINATING:
            if role == Qt.ItemDataRole.CheckStateRole and self.can_originate(item):
                return Qt.CheckState.Checked if item.originating else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ForegroundRole and not self.can_originate(item):
                return self._muted
            if role == Qt.ItemDataRole.ToolTipRole and (row, column) not in self._errors:
                if not self.can_originate(item):
                    return _("Only a material from an RCEP Party can be originating.")
                return None
        if column in (c.VALUE, c.WEIGHT) and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            column == c.HS
            and role == Qt.ItemDataRole.ToolTipRole
            and (row, column) not in self._errors
        ):
            return self.hs_description(item) or None
        return super().cell_data(item, row, column, role)

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.Col.ORIGINATING:
            item = self._items[index.row()]
            if not self._read_only and self.can_originate(item):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._read_only:
            return False
        row, column = index.row(), index.column()
        if column == self.Col.ORIGINATING:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            item = self._items[row]
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            return self._replace(
                row, replace(item, originating=checked and self.can_originate(item))
            )
        if column == self.Col.ORIGIN and role == Qt.ItemDataRole.EditRole:
            code = str(value or "").strip().upper()
            item = self._items[row]
            changed = replace(item, origin=code, originating=item.originating and code in PARTIES)
            self.set_error(row, self.Col.ORIGINATING, None)
            self.set_error(row, self.Col.ORIGIN, None)
            return self._replace(row, changed)
        return super().setData(index, value, role)

    def _replace(self, row: int, item: MaterialDraft) -> bool:
        if self._items[row] != item:
            self._items[row] = item
            self.row_changed(row)
            self.edited.emit()
        return True
