"""Helpers shared by the tariff importers: codes, rates, schedules, file digests."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.rcep.parties import PARTIES, party
from services.rcep.tariff_models import AANZ, ALL_PARTIES, Rate

# The Parties as the Agreement names them (attributions and titles are stored, so they stay
# in English whatever the app's language).
TREATY_NAMES: dict[str, str] = {
    "AU": "Australia",
    "BN": "Brunei Darussalam",
    "KH": "Cambodia",
    "CN": "China",
    "ID": "Indonesia",
    "JP": "Japan",
    "KR": "Korea",
    "LA": "Lao PDR",
    "MY": "Malaysia",
    "MM": "Myanmar",
    "NZ": "New Zealand",
    "PH": "the Philippines",
    "SG": "Singapore",
    "TH": "Thailand",
    "VN": "Viet Nam",
}
ASEAN_SCHEDULE = "ASEAN"
GROUP_SCHEDULES = frozenset({ALL_PARTIES, AANZ, ASEAN_SCHEDULE})
RCEP_SIGNATURE = "2020-11-15"  # the Annex I text (HS 2012) is that of the signed Agreement

_SEPARATORS = re.compile(r"[.\s\-\u00a0]+")
_DIGITS = re.compile(r"\d+")
_PERCENT = re.compile(r"^\+?(\d+(?:\.\d*)?|\.\d+)\s*%?$")
_EIGHT_PLACES = Decimal("0.00000001")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_error(path: Path, error: OSError) -> DataFileError:
    return DataFileError(
        _("{file} cannot be read: {error}").format(file=path.name, error=error.strerror or error)
    )


def read_utf8(path: Path) -> tuple[bytes, str]:
    """The file's bytes (for its sha256) and its text; a clear message when it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise read_error(path, error) from error
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            _(
                "{file} is not UTF-8 text (byte {position}); save it as UTF-8 "
                '("CSV UTF-8" in Excel) and import it again.'
            ).format(file=path.name, position=error.start + 1)
        ) from error


def tidy(value: Decimal) -> Decimal:
    """Round to 8 places and drop trailing zeros without switching to exponent notation."""
    value = value.quantize(_EIGHT_PLACES)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def percent_from_fraction(value: float | int) -> Decimal:
    """0.05 → Decimal("5"): the shortest repr of the float, times 100, without float noise."""
    return tidy(Decimal(repr(value)) * 100)


def parse_percent_text(text: str) -> Decimal | None:
    """ "4.6" or "4.6%" → Decimal("4.6"); anything else → None."""
    match = _PERCENT.match(text)
    if match is None:
        return None
    try:
        return tidy(Decimal(match.group(1)))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None


def text_rate(text: str) -> Rate:
    """A rate cell that is not a number: "U" is excluded, anything else is kept as written."""
    if text.upper() == "U":
        return Rate(excluded=True, text="U")
    return Rate(text=text)


def code_digits(raw: str) -> str | None:
    """The digits of an HS / national line ("8507.60.00" → "85076000"); None if malformed."""
    digits = _SEPARATORS.sub("", raw.strip())
    if not digits or _DIGITS.fullmatch(digits) is None or not digits.isascii():
        return None
    return digits


def check_schedule(code: str, importing_party: str, *, field: str = "schedule") -> str:
    """Whose goods a schedule is for (``importing_party`` already checked).

    Parties with one schedule for everyone (Art 2.6: AU, NZ, BN, KH, LA, MY, MM, SG) have
    ``ALL`` only; the others have ``ASEAN``, ``AANZ`` or a schedule per exporting Party.
    """
    key = (code or "").strip().upper()
    if not PARTIES[importing_party].separate_schedules:
        if key != ALL_PARTIES:
            raise ValidationError(
                _("{party} has one schedule for every RCEP Party: use ALL, not {schedule}.").format(
                    party=importing_party, schedule=code
                ),
                field=field,
            )
        return key
    if key in GROUP_SCHEDULES - {ALL_PARTIES}:
        return key
    if key not in PARTIES:
        raise ValidationError(
            _(
                "{schedule} is not a schedule of {party}; use ASEAN, AANZ or the code of the "
                "exporting RCEP Party."
            ).format(schedule=code, party=importing_party),
            field=field,
        )
    if key == importing_party:
        raise ValidationError(
            _("A Party has no schedule for its own goods ({schedule}).").format(schedule=key),
            field=field,
        )
    return key


def check_party(code: str, *, field: str = "importing_party") -> str:
    return party(code, field=field).code


def default_title(importing_party: str, schedule: str) -> str:
    title = "RCEP Annex I, Schedule of Tariff Commitments of " + TREATY_NAMES[importing_party]
    if schedule == ASEAN_SCHEDULE:
        return title + " (for ASEAN Member States)"
    if schedule == AANZ:
        return title + " (for ASEAN, Australia and New Zealand)"
    if schedule in PARTIES:
        return title + " (for " + TREATY_NAMES[schedule] + ")"
    return title


def default_attribution(importing_party: str) -> str:
    if importing_party == "AU":
        return "Source: DFAT, RCEP Annex I, licensed under CC BY 4.0"
    return "RCEP Annex I, Schedule of Tariff Commitments of " + TREATY_NAMES[importing_party]
