"""Table models of the companies page: the company list, and the editable contacts and products
of the company being edited.

The list shows ``CompanySummary`` rows from ``CompanyRepository.find`` (filtering happens in the
service); the editable models hold the services' own ``Contact`` / ``Product`` dataclasses, so the
editor builds its ``CompanyDraft`` straight from them. Cells named by a ``ValidationError``
(``contacts[1].phone``, ``products[0].hs``) are tinted and carry the message as a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from typing_extensions import override

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

from gui.models import BADGES_ROLE, SORT_ROLE, ListTableModel
from gui.widgets.hs_picker import describe_partial
from gui.widgets.market_picker import join_names
from services.companies.models import (
    CONTACT_ROLES,
    EXPORT_STAGES,
    INDUSTRIES,
    CompanySummary,
    Contact,
    Product,
    choice_label,
)
from services.companies.validation import check_email, check_phone
from services.core.clock import parse_iso
from services.core.errors import ValidationError
from services.core.i18n import _, format_date, format_integer
from services.refdata.countries import market_name
from services.refdata.hs import clean_code, format_code
from services.refdata.reference import ReferenceData

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R", bound="DataclassInstance")

ERROR_BACKGROUND = "#fde0e0"
SAMPLE_BACKGROUND = "#fff7e0"
ARCHIVED_FOREGROUND = "#8a8a8a"
READ_ONLY_FOREGROUND = "#5f6368"


def local_date(iso: str) -> date | None:
    try:
        return parse_iso(iso).astimezone().date()
    except ValueError:
        return None


# ---- the company list ----------------------------------------------------------------------


class CompaniesTableModel(ListTableModel[CompanySummary]):
    class Col(IntEnum):
        NAME_ZH = 0
        NAME_EN = 1
        USCC = 2
        INDUSTRY = 3
        STAGE = 4
        MARKETS = 5
        PRODUCTS = 6
        UPDATED = 7

    columns: ClassVar[type[IntEnum]] = Col

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._display: dict[int, tuple[str, ...]] = {}
        self._sample_bg = QColor(SAMPLE_BACKGROUND)
        self._archived_fg = QColor(ARCHIVED_FOREGROUND)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.NAME_ZH: _("Chinese name"),
            c.NAME_EN: _("English name"),
            c.USCC: _("USCC"),
            c.INDUSTRY: _("Industry"),
            c.STAGE: _("Export stage"),
            c.MARKETS: _("Markets"),
            c.PRODUCTS: _("Products"),
            c.UPDATED: _("Last updated"),
        }

    @override
    def on_items_reset(self) -> None:
        self._display.clear()

    @override
    def retranslate(self) -> None:
        self._display.clear()
        super().retranslate()

    def row_of(self, company_id: str) -> int:
        for row, item in enumerate(self._items):
            if item.id == company_id:
                return row
        return -1

    def _texts(self, row: int, item: CompanySummary) -> tuple[str, ...]:
        texts = self._display.get(row)
        if texts is None:
            updated = local_date(item.updated_at)
            texts = (
                item.name_zh,
                item.name_en,
                item.uscc or "",
                choice_label(INDUSTRIES, item.industry),
                choice_label(EXPORT_STAGES, item.stage),
                join_names(market_name(m) for m in item.markets),
                format_integer(item.product_count),
                format_date(updated) if updated else item.updated_at,
            )
            self._display[row] = texts
        return texts

    def badges(self, item: CompanySummary) -> list[tuple[str, str]]:
        badges: list[tuple[str, str]] = []
        if item.is_sample:
            badges.append((_("Sample"), "sample"))
        if item.archived:
            badges.append((_("Archived"), "archived"))
        return badges

    @override
    def cell_data(self, item: CompanySummary, row: int, column: int, role: int) -> Any:
        col = self.Col(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(row, item)[column]
        if role == SORT_ROLE:
            if col == self.Col.PRODUCTS:
                return item.product_count
            if col == self.Col.UPDATED:
                return item.updated_at
            return self._texts(row, item)[column].casefold()
        if role == BADGES_ROLE and col == self.Col.NAME_ZH:
            return self.badges(item)
        if role == Qt.ItemDataRole.BackgroundRole and item.is_sample:
            return self._sample_bg
        if role == Qt.ItemDataRole.ForegroundRole and item.archived:
            return self._archived_fg
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.Col.PRODUCTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, item, col)
        return None

    def _tooltip(self, row: int, item: CompanySummary, col: IntEnum) -> str | None:
        if col == self.Col.NAME_ZH:
            notes = []
            if item.is_sample:
                notes.append(_("Sample company, to show what the app does; remove it any time."))
            if item.archived:
                notes.append(_("Archived: kept on file but hidden from the everyday list."))
            return "\n".join([item.name_zh, *notes])
        text = self._texts(row, item)[int(col)]
        return text or None


# ---- editable rows: contacts and products --------------------------------------------------

Checker = Callable[[str], str | None]  # the problem with a cell value, or None


class EditableRowsModel(ListTableModel[R], Generic[R]):
    """Rows the user edits in place; each cell may carry a validation message."""

    edited = Signal()  # a cell changed through the view
    errors_changed = Signal()

    attributes: ClassVar[dict[int, str]]  # column -> dataclass attribute
    path_fields: ClassVar[dict[str, int]]  # field-path suffix ("phone", "hs") -> column

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[tuple[int, int], str] = {}
        self._read_only = False
        self._error_bg = QColor(ERROR_BACKGROUND)

    def checkers(self) -> dict[int, Checker]:
        return {}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    # errors ---------------------------------------------------------------------------------

    def errors(self) -> dict[tuple[int, int], str]:
        return dict(self._errors)

    def error(self, row: int, column: int) -> str | None:
        return self._errors.get((row, column))

    def set_error(self, row: int, column: int, message: str | None) -> None:
        key = (row, column)
        if message:
            self._errors[key] = message
        elif key in self._errors:
            del self._errors[key]
        else:
            return
        if 0 <= row < len(self._items):
            index = self.index(row, column)
            self.dataChanged.emit(index, index)
        self.errors_changed.emit()

    def clear_errors(self) -> None:
        if self._errors:
            rows = {row for row, _col in self._errors}
            self._errors.clear()
            for row in rows:
                self.row_changed(row)
            self.errors_changed.emit()

    def column_for(self, field: str) -> int | None:
        return self.path_fields.get(field)

    # structure ------------------------------------------------------------------------------

    @override
    def set_items(self, items: Any) -> None:
        self._errors.clear()
        super().set_items(items)
        self.errors_changed.emit()

    @override
    def insert_item(self, row: int, item: R) -> None:
        self._shift_errors(row, +1)
        super().insert_item(row, item)

    @override
    def remove_item(self, row: int) -> R:
        self._errors = {k: v for k, v in self._errors.items() if k[0] != row}
        self._shift_errors(row, -1)
        removed = super().remove_item(row)
        self.errors_changed.emit()
        return removed

    def _shift_errors(self, from_row: int, delta: int) -> None:
        self._errors = {
            ((r + delta if r >= from_row else r), c): msg for (r, c), msg in self._errors.items()
        }

    # Qt -------------------------------------------------------------------------------------

    def cell_text(self, item: R, column: int) -> str:
        return str(getattr(item, self.attributes[column]))

    def display_text(self, item: R, row: int, column: int) -> str:
        return self.cell_text(item, column)

    @override
    def cell_data(self, item: R, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(item, row, column)
        if role == Qt.ItemDataRole.EditRole and column in self.attributes:
            return self.cell_text(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and (row, column) in self._errors:
            return self._error_bg
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._errors.get((row, column))
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and index.column() in self.attributes:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self._read_only:
            return False
        row, column = index.row(), index.column()
        attribute = self.attributes.get(column)
        if attribute is None:
            return False
        text = "" if value is None else str(value)
        item = self._items[row]
        if getattr(item, attribute) != text:
            self._items[row] = replace(item, **{attribute: text})
            self.row_changed(row)
            self.edited.emit()
        checker = self.checkers().get(column)
        self.set_error(row, column, checker(text) if checker and text.strip() else None)
        return True


def _message_of(check: Callable[[str], str]) -> Checker:
    def checker(text: str) -> str | None:
        try:
            check(text)
        except ValueError as exc:
            return str(exc)
        return None

    return checker


class ContactsTableModel(EditableRowsModel[Contact]):
    class Col(IntEnum):
        ROLE = 0
        NAME = 1
        PHONE = 2
        EMAIL = 3

    columns: ClassVar[type[IntEnum]] = Col
    attributes: ClassVar[dict[int, str]] = {
        Col.ROLE: "role",
        Col.NAME: "name",
        Col.PHONE: "phone",
        Col.EMAIL: "email",
    }
    path_fields: ClassVar[dict[str, int]] = {
        "role": Col.ROLE,
        "name": Col.NAME,
        "phone": Col.PHONE,
        "email": Col.EMAIL,
    }

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {c.ROLE: _("Role"), c.NAME: _("Name"), c.PHONE: _("Phone"), c.EMAIL: _("E-mail")}

    @override
    def checkers(self) -> dict[int, Checker]:
        return {self.Col.PHONE: _message_of(check_phone), self.Col.EMAIL: _message_of(check_email)}

    @override
    def display_text(self, item: Contact, row: int, column: int) -> str:
        if column == self.Col.ROLE:
            return choice_label(CONTACT_ROLES, item.role)
        return self.cell_text(item, column)


class ProductsTableModel(EditableRowsModel[Product]):
    class Col(IntEnum):
        NAME = 0
        HS = 1
        PICK = 2
        DESCRIPTION = 3
        NOTES = 4

    columns: ClassVar[type[IntEnum]] = Col
    attributes: ClassVar[dict[int, str]] = {
        Col.NAME: "name",
        Col.HS: "hs_code",
        Col.NOTES: "notes",
    }
    path_fields: ClassVar[dict[str, int]] = {
        "name": Col.NAME,
        "hs": Col.HS,
        "hs_code": Col.HS,
        "notes": Col.NOTES,
    }

    def __init__(self, reference: ReferenceData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reference = reference
        self._previews: dict[int, str] = {}  # row -> HS code being typed, not yet committed
        self._muted = QColor(READ_ONLY_FOREGROUND)

    @override
    def headers(self) -> Mapping[IntEnum, str]:
        c = self.Col
        return {
            c.NAME: _("Product"),
            c.HS: _("HS code"),
            c.PICK: "",
            c.DESCRIPTION: _("HS description"),
            c.NOTES: _("Notes"),
        }

    @override
    def checkers(self) -> dict[int, Checker]:
        def hs_problem(text: str) -> str | None:
            try:
                self._reference.hs.validate_product_code(text)
            except ValidationError as exc:
                return exc.message
            return None

        return {self.Col.HS: hs_problem}

    def set_hs_preview(self, row: int, text: str | None) -> None:
        """Shows the description of a code while it is being typed (before it is committed)."""
        if text is None:
            if self._previews.pop(row, None) is None:
                return
        else:
            self._previews[row] = text
        if 0 <= row < len(self._items):
            index = self.index(row, self.Col.DESCRIPTION)
            self.dataChanged.emit(index, index)

    def description(self, row: int) -> str:
        code = self._previews.get(row, self._items[row].hs_code)
        return describe_partial(self._reference.hs, code)

    @override
    def set_items(self, items: Any) -> None:
        self._previews.clear()
        super().set_items(items)

    @override
    def display_text(self, item: Product, row: int, column: int) -> str:
        if column == self.Col.HS:
            digits = clean_code(item.hs_code)
            return format_code(digits) if digits.isdigit() and len(digits) >= 6 else item.hs_code
        if column == self.Col.DESCRIPTION:
            return self.description(row)
        if column == self.Col.PICK:
            return ""
        return self.cell_text(item, column)

    @override
    def cell_data(self, item: Product, row: int, column: int, role: int) -> Any:
        if column == self.Col.DESCRIPTION:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._muted
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.description(row) or None
        return super().cell_data(item, row, column, role)

    @override
    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == self.Col.HS:
            self.set_hs_preview(index.row(), None)
        return super().setData(index, value, role)

    @override
    def remove_item(self, row: int) -> Product:
        self._previews.clear()
        return super().remove_item(row)

    @override
    def insert_item(self, row: int, item: Product) -> None:
        self._previews.clear()
        super().insert_item(row, item)
