"""Validation of a company draft, field by field, with messages saying what to fix.

Every error is collected (not just the first), so a form can mark all bad fields at once and the
command line can name the JSON path (``contacts[1].phone``). Valid input comes back normalised:
USCC upper-case without spaces, e-mail normalised, HS codes as digits, markets as codes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from services.companies.models import (
    CHANNELS,
    COMPANY_TYPES,
    CONTACT_ROLES,
    EXPORT_STAGES,
    INDUSTRIES,
    CompanyDraft,
    Contact,
    Product,
)
from services.core.errors import FieldError, ValidationError
from services.core.i18n import _
from services.refdata.countries import normalise_market
from services.refdata.hs import HsNomenclature

MAX_NAME = 100
MAX_NAME_EN = 200
MAX_NOTES = 20_000
MAX_CONTACTS = 50
MAX_PRODUCTS = 500
MAX_SHORT = 100


def new_id() -> str:
    return uuid.uuid4().hex


def normalise_uscc(raw: str) -> str:
    """Returns the compact USCC or raises ValidationError (GB 32100-2015 check character)."""
    compact = stdnum_uscc.compact(raw or "")
    try:
        return str(stdnum_uscc.validate(compact))
    except InvalidLength as exc:
        raise ValidationError(
            _("A USCC has 18 characters; this one has {count}.").format(count=len(compact)),
            field="uscc",
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _(
                "The last character of this USCC does not match its check character "
                "(GB 32100-2015). Check it against the business licence for a typo."
            ),
            field="uscc",
        ) from exc
    except (InvalidFormat, StdnumError) as exc:
        raise ValidationError(
            _(
                "A USCC uses digits and capital letters only, without I, O, Z, S or V; "
                "check it against the business licence."
            ),
            field="uscc",
        ) from exc


def check_phone(raw: str) -> str:
    text = raw.strip()
    try:
        number = phonenumbers.parse(text, "CN")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise ValueError(
            _(
                "Enter a valid phone number, e.g. 13800138000, 027-87654321 "
                "or +81 3-1234-5678 for a number abroad."
            )
        )
    return text


def check_email(raw: str) -> str:
    try:
        return str(validate_email(raw.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise ValueError(_("Enter a valid e-mail address, e.g. name@example.com.")) from exc


class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def has_error(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def text(self, field: str, value: str, limit: int, *, required: bool = False) -> str:
        value = (value or "").strip()
        if required and not value:
            self.add(field, _("This field is required."))
        elif len(value) > limit:
            self.add(
                field,
                _("Too long: at most {limit} characters, this has {count}.").format(
                    limit=limit, count=len(value)
                ),
            )
        elif any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            self.add(field, _("Remove the control characters from this text."))
        return value

    def choice(self, field: str, value: str | None, choices: dict[str, str]) -> str | None:
        if value in (None, ""):
            return None
        if value not in choices:
            self.add(
                field,
                _("{value} is not one of the allowed values: {allowed}.").format(
                    value=value, allowed=", ".join(choices)
                ),
            )
            return None
        return value

    def check(self, field: str, value: str, checker: Callable[[str], str]) -> str:
        try:
            return checker(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return value


def validate_draft(draft: CompanyDraft, hs: HsNomenclature) -> CompanyDraft:
    """Normalised copy of ``draft`` with ids filled in, or ValidationError listing every problem."""
    c = _Collector()
    name_zh = c.text("name_zh", draft.name_zh, MAX_NAME, required=True)
    name_en = c.text("name_en", draft.name_en, MAX_NAME_EN)
    notes = c.text("notes", draft.notes, MAX_NOTES)
    uscc = ""
    if (draft.uscc or "").strip():
        try:
            uscc = normalise_uscc(draft.uscc)
        except ValidationError as exc:
            c.errors.extend(exc.errors)
    industry = c.choice("industry", draft.industry, INDUSTRIES)
    company_type = c.choice("company_type", draft.company_type, COMPANY_TYPES)
    stage = c.choice("stage", draft.stage, EXPORT_STAGES)

    markets: list[str] = []
    for i, raw in enumerate(draft.markets):
        try:
            code = normalise_market(raw, field=f"markets[{i}]")
        except ValidationError as exc:
            c.errors.extend(exc.errors)
            continue
        if code not in markets:
            markets.append(code)
    channels: list[str] = []
    for i, raw in enumerate(draft.channels):
        value = c.choice(f"channels[{i}]", raw, CHANNELS)
        if value and value not in channels:
            channels.append(value)

    if len(draft.contacts) > MAX_CONTACTS:
        c.add("contacts", _("At most {limit} contacts.").format(limit=MAX_CONTACTS))
    contacts = []
    for i, contact in enumerate(draft.contacts):
        path = f"contacts[{i}]"
        role = c.choice(f"{path}.role", contact.role, CONTACT_ROLES) or "other"
        name = c.text(f"{path}.name", contact.name, MAX_SHORT, required=True)
        phone = c.text(f"{path}.phone", contact.phone, MAX_SHORT)
        email = c.text(f"{path}.email", contact.email, MAX_SHORT)
        if phone and not c.has_error(f"{path}.phone"):
            phone = c.check(f"{path}.phone", phone, check_phone)
        if email and not c.has_error(f"{path}.email"):
            email = c.check(f"{path}.email", email, check_email)
        contacts.append(Contact(role, name, phone, email, contact.id or new_id()))

    if len(draft.products) > MAX_PRODUCTS:
        c.add("products", _("At most {limit} products.").format(limit=MAX_PRODUCTS))
    products = []
    for i, product in enumerate(draft.products):
        path = f"products[{i}]"
        name = c.text(f"{path}.name", product.name, MAX_NAME_EN, required=True)
        product_notes = c.text(f"{path}.notes", product.notes, MAX_NOTES)
        hs_code = ""
        if (product.hs_code or "").strip():
            try:
                hs_code = hs.validate_product_code(product.hs_code, field=f"{path}.hs")
            except ValidationError as exc:
                c.errors.extend(exc.errors)
        products.append(Product(name, hs_code, product_notes, product.id or new_id()))

    if c.errors:
        raise ValidationError(c.errors)
    return replace(
        draft,
        id=draft.id or new_id(),
        name_zh=name_zh,
        name_en=name_en,
        uscc=uscc,
        industry=industry,
        company_type=company_type,
        stage=stage,
        markets=tuple(markets),
        channels=tuple(channels),
        contacts=tuple(contacts),
        products=tuple(products),
        notes=notes,
    )
