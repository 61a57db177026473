"""What RCEP saves on one shipment (domain/rcep.md §14): the duty under MFN against the applied
RCEP rate (Art 2.4.2: the lower of the two), for this tariff year and each following year of a
schedule's staging path up to its final year.

Amounts are Decimals in the shipment's currency, never floats, and are not rounded here (the
GUI formats them with Babel); with an exchange rate to CNY entered by the user, each amount is
also given in CNY. A specific or compound duty has no number without the goods' quantities; an
excluded line ("U") saves nothing; a national applied tariff only knows its edition's rate, so
only this year is shown. The MFN rate is assumed to stay as it is today.

A result can be attached to a company's product as a dated line in the product's notes
(:func:`attach_note`); a structured store would need its own table (a migration).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from services.companies.repository import CompanyRepository
from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import _, format_money, format_percent
from services.rcep.parties import PARTIES, TariffYear, rcep_year
from services.rcep.tariff_models import Rate
from services.rcep.tariffs import LineResult
from services.refdata.currencies import is_currency_code
from services.refdata.hs import HsNomenclature

MAX_VALUE = Decimal(10) ** 12
MAX_RATE = Decimal(10) ** 6
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class YearSaving:
    year: int  # RCEP tariff year of the importing Party
    start: date
    end: date
    mfn_rate: Rate | None
    applied_rate: Rate | None  # the rate the originating good pays (lower of MFN and RCEP)
    mfn_duty: Decimal | None  # None: cannot be computed (see ``note``)
    applied_duty: Decimal | None
    saving: Decimal | None
    note: str = ""  # translated; why a number is missing or zero


@dataclass(frozen=True, slots=True)
class SavingsResult:
    value: Decimal
    currency: str
    rate_to_cny: Decimal | None  # CNY per unit of ``currency``; 1 for CNY
    rate_date: date | None
    years: tuple[YearSaving, ...]
    this_year_only: bool  # an applied tariff: only its edition's rate is known
    note: str = ""  # translated; applies to the whole result

    def in_cny(self, amount: Decimal | None) -> Decimal | None:
        if amount is None or self.rate_to_cny is None:
            return None
        return amount * self.rate_to_cny

    @property
    def value_cny(self) -> Decimal | None:
        return self.in_cny(self.value)

    @property
    def total_saving(self) -> Decimal | None:
        """Over all years shown; None when any year has no number."""
        values = [y.saving for y in self.years]
        if not values or any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Decimal(0))


def validate_input(
    value: Decimal | None, currency: str, rate_to_cny: Decimal | None
) -> tuple[Decimal, str, Decimal | None]:
    """Checks every field; raises one ValidationError naming each bad field."""
    errors: list[FieldError] = []
    code = (currency or "").strip().upper()
    if value is None or not value.is_finite() or value <= 0:
        errors.append(FieldError("value", _("Enter a shipment value greater than zero.")))
    elif value > MAX_VALUE:
        errors.append(
            FieldError("value", _("The shipment value is too large; enter at most 10¹².")),
        )
    if not is_currency_code(code):
        errors.append(
            FieldError(
                "currency",
                _("{code} is not an ISO 4217 currency code (e.g. CNY, USD, JPY).").format(
                    code=currency
                ),
            )
        )
    if code == "CNY":
        rate_to_cny = Decimal(1)
    elif rate_to_cny is not None and (
        not rate_to_cny.is_finite() or rate_to_cny <= 0 or rate_to_cny > MAX_RATE
    ):
        errors.append(
            FieldError("rate", _("Enter an exchange rate to CNY greater than zero.")),
        )
    if errors:
        raise ValidationError(errors)
    assert value is not None
    return value, code, rate_to_cny


def duty(value: Decimal, rate: Rate | None) -> Decimal | None:
    """Ad valorem duty on ``value``; None for a specific or compound duty or no rate."""
    if rate is None or rate.excluded or rate.percent is None:
        return None
    return value * rate.percent / HUNDRED


def _rate_in_year(path: tuple[tuple[int, Rate], ...], year: int) -> Rate | None:
    earlier = [rate for y, rate in path if y <= year]
    return earlier[-1] if earlier else None


def _applied(mfn: Rate | None, rcep: Rate | None) -> Rate | None:
    if rcep is None or rcep.excluded:
        return mfn
    if mfn is None:
        return rcep
    if rcep.percent is not None and mfn.percent is not None:
        return rcep if rcep.percent <= mfn.percent else mfn
    return None


def year_dates(importing: str, number: int) -> TariffYear:
    """The dates of RCEP year ``number`` of the importing Party."""
    if PARTIES[importing].april_years:
        day = date(2022, 1, 1) if number == 1 else date(2020 + number, 4, 1)
    else:
        day = date(2021 + number, 1, 1)
    return rcep_year(importing, day)


def _text(rate: Rate) -> str:
    return rate.text or ""


def savings(
    line: LineResult,
    value: Decimal | None,
    currency: str,
    rate_to_cny: Decimal | None,
    year: TariffYear,
    *,
    rate_date: date | None = None,
) -> SavingsResult:
    """Duty under MFN against the applied RCEP rate for ``year`` (the lookup's tariff year)
    and, for a schedule, each following year of the path up to the final year."""
    value, currency, rate_to_cny = validate_input(value, currency, rate_to_cny)
    staged = line.final_year is not None and line.final_year > year.number
    numbers = list(range(year.number, (line.final_year or 0) + 1)) if staged else [year.number]
    this_year_only = bool(line.path) and line.final_year is None
    note = ""
    if this_year_only:
        note = _(
            "Only this edition's rate is on file (a national applied tariff), so only this "
            "year is shown."
        )
    elif line.rcep is None and not line.path:
        note = _("No RCEP concession for this line: the MFN rate applies.")
    rows = []
    for number in numbers:
        dates = year if number == year.number else year_dates(year.party, number)
        if number == year.number:
            rcep = line.rcep
            applied = line.applied
        else:
            rcep = _rate_in_year(line.path, number)
            applied = _applied(line.mfn, rcep)
        rows.append(_year(value, number, dates, line.mfn, rcep, applied))
    return SavingsResult(value, currency, rate_to_cny, rate_date, tuple(rows), this_year_only, note)


def _year(
    value: Decimal,
    number: int,
    dates: TariffYear,
    mfn: Rate | None,
    rcep: Rate | None,
    applied: Rate | None,
) -> YearSaving:
    row = YearSaving(number, dates.start, dates.end, mfn, applied, None, None, None)
    mfn_duty = duty(value, mfn)
    if rcep is not None and rcep.excluded:
        return replace(
            row,
            mfn_duty=mfn_duty,
            applied_duty=mfn_duty,
            saving=Decimal(0),
            note=_("Excluded from RCEP tariff commitments (U): the MFN rate applies."),
        )
    if mfn is None:
        return replace(
            row,
            applied_duty=duty(value, applied),
            note=_("The MFN rate is not on file, so the saving cannot be computed."),
        )
    for rate in (mfn, rcep):
        if rate is not None and rate.percent is None:
            return replace(
                row,
                mfn_duty=mfn_duty,
                applied_duty=duty(value, applied),
                note=_(
                    "Specific or compound duty ({rate}): cannot compute without the quantities."
                ).format(rate=_text(rate)),
            )
    applied_duty = duty(value, applied)
    if mfn_duty is None or applied_duty is None:  # pragma: no cover - covered by the loop
        return row
    saving = mfn_duty - applied_duty
    note = "" if rcep is not None else _("No RCEP concession: the MFN rate applies.")
    return replace(row, mfn_duty=mfn_duty, applied_duty=applied_duty, saving=saving, note=note)


# ---- attaching a result to a company's product ---------------------------------------------


def savings_note(result: SavingsResult, importing: str, day: date) -> str:
    """One dated line for a product's notes, e.g.
    ``RCEP JP 2026-07-01: MFN 7.4% → RCEP 4.6%, saving ¥2,800.00 on ¥100,000.00``."""
    first = result.years[0]
    mfn = _rate_label(first.mfn_rate)
    rcep = _rate_label(first.applied_rate)
    if first.saving is None:
        return _("RCEP {party} {day}: MFN {mfn} → RCEP {rcep}; {reason}").format(
            party=importing, day=day.isoformat(), mfn=mfn, rcep=rcep, reason=first.note
        )
    saving = format_money(first.saving, result.currency)
    value = format_money(result.value, result.currency)
    cny = result.in_cny(first.saving)
    if result.currency != "CNY" and cny is not None and result.rate_to_cny is not None:
        saving = _("{amount} ({cny} at {rate})").format(
            amount=saving, cny=format_money(cny, "CNY"), rate=result.rate_to_cny
        )
    return _("RCEP {party} {day}: MFN {mfn} → RCEP {rcep}, saving {saving} on {value}").format(
        party=importing, day=day.isoformat(), mfn=mfn, rcep=rcep, saving=saving, value=value
    )


def _rate_label(rate: Rate | None) -> str:
    if rate is None:
        return "—"
    if rate.excluded:
        return "U"
    if rate.percent is not None:
        return format_percent(rate.percent, 1)
    return _text(rate)


def attach_note(
    repo: CompanyRepository, hs: HsNomenclature, company_id: str, product_id: str, note: str
) -> None:
    """Appends ``note`` as a new line to the product's notes (saved with the company)."""
    company = repo.get(company_id)
    products = list(company.products)
    for index, product in enumerate(products):
        if product.id == product_id:
            notes = f"{product.notes.rstrip()}\n{note}" if product.notes.strip() else note
            products[index] = replace(product, notes=notes)
            break
    else:
        raise NotFoundError(
            _("The company has no product with id {id}.").format(id=product_id), field="product"
        )
    repo.save(replace(company.to_draft(), products=tuple(products)), hs)
