"""Countries and target-market groups, named in the current language.

Country codes and names come from Babel's CLDR data (ISO 3166-1 alpha-2; the 249 assigned codes,
with CLDR's exceptional and private-use codes removed). Names follow CLDR except where Chinese
official usage differs (Taiwan). Market groups are the ones of the readiness profile
(domain/readiness.md §3.2); US, CA, JP and KR are both a group and a country, and the United
Kingdom is written ``UK`` (``GB`` is accepted and stored as ``UK``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from services.core.errors import ValidationError
from services.core.i18n import N_, _, current_locale
from services.core.paths import resource_dir

_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
_NAME_OVERRIDES = {"zh_CN": {"TW": "中国台湾"}, "en": {"TW": "Taiwan, China"}}

HOME_COUNTRY = "CN"  # the exporting country of every company in the app

MARKET_GROUPS: dict[str, str] = {
    "EU": N_("European Union"),
    "UK": N_("United Kingdom"),
    "US": N_("United States"),
    "CA": N_("Canada"),
    "JP": N_("Japan"),
    "KR": N_("South Korea"),
    "ASEAN": N_("ASEAN"),
    "AUNZ": N_("Australia & New Zealand"),
    "GCC": N_("Gulf states (GCC)"),
    "LATAM": N_("Latin America"),
    "AFRICA": N_("Africa"),
    "RU_CIS": N_("Russia & CIS"),
    "OTHER": N_("Other markets"),
}


@dataclass(frozen=True, slots=True)
class Market:
    code: str
    name: str  # in the current language
    is_group: bool


@cache
def _territories(locale: str) -> dict[str, str]:
    names: dict[str, str] = dict(Locale.parse(locale).territories)
    english: dict[str, str] = dict(Locale("en").territories)
    result = {
        code: names.get(code, name)
        for code, name in english.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    result.update(_NAME_OVERRIDES.get(locale, {}))
    return result


def country_codes() -> list[str]:
    return sorted(_territories("en"))


def country_name(code: str) -> str:
    return _territories(current_locale()).get(code.upper(), code)


def market_name(code: str) -> str:
    if code in MARKET_GROUPS:
        return _(MARKET_GROUPS[code])
    return country_name(code)


def all_markets(sort_key: Callable[[str], Any] | None = None) -> list[Market]:
    """Groups first (in the profile's order), then the other countries by name.

    China itself is not an export market. ``sort_key`` orders the names (the GUI passes a
    locale-aware collation key so Chinese names come in pinyin order); default: code points.
    """
    groups = [Market(code, _(label), True) for code, label in MARKET_GROUPS.items()]
    countries = [
        Market(code, name, False)
        for code, name in _territories(current_locale()).items()
        if code not in MARKET_GROUPS and code not in ("GB", HOME_COUNTRY)
    ]
    countries.sort(key=lambda m: (sort_key or str)(m.name))
    return groups + countries


def normalise_market(raw: str, *, field: str = "markets") -> str:
    code = (raw or "").strip().upper().replace("-", "_")
    if code == "GB":
        return "UK"
    if code == HOME_COUNTRY:
        raise ValidationError(
            _("China is where the goods come from; choose the countries they are sold to."),
            field=field,
        )
    if code in MARKET_GROUPS or code in _territories("en"):
        return code
    raise ValidationError(
        _(
            "{code} is not a known market: use an ISO 3166 two-letter country code (e.g. JP, DE) "
            "or a market group (EU, ASEAN, AUNZ, GCC, LATAM, AFRICA, RU_CIS, OTHER)."
        ).format(code=raw),
        field=field,
    )


# Members of the market groups that are not single countries (for mapping a dossier's
# countries onto the readiness profile's groups). EU: the 27 members since 2020-02-01.
_GROUP_MEMBERS: dict[str, frozenset[str]] = {
    "EU": frozenset(
        [
            "AT",
            "BE",
            "BG",
            "HR",
            "CY",
            "CZ",
            "DK",
            "EE",
            "FI",
            "FR",
            "DE",
            "GR",
            "HU",
            "IE",
            "IT",
            "LV",
            "LT",
            "LU",
            "MT",
            "NL",
            "PL",
            "PT",
            "RO",
            "SK",
            "SI",
            "ES",
            "SE",
        ]
    ),
    "ASEAN": frozenset(["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]),
    "AUNZ": frozenset({"AU", "NZ"}),
    "GCC": frozenset(["SA", "AE", "KW", "QA", "BH", "OM"]),
    "RU_CIS": frozenset(["RU", "BY", "KZ", "KG", "TJ", "UZ", "AM", "AZ", "MD", "TM"]),
}


@cache
def _m49() -> dict[str, tuple[str, str]]:
    """alpha-2 → (UN M49 region, sub-region), derived by scripts/build_country_regions.py."""
    path = resource_dir() / "data" / "countries" / "m49_regions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {r["alpha2"]: (r["region"], r["sub_region"]) for r in csv.DictReader(lines)}


def market_group(code: str) -> str:
    """The readiness-profile group of a market code (a group maps to itself)."""
    if code in MARKET_GROUPS:
        return code
    if code == "GB":
        return "UK"
    for group, members in _GROUP_MEMBERS.items():
        if code in members:
            return group
    region, sub_region = _m49().get(code, ("", ""))
    if sub_region == "Latin America and the Caribbean":
        return "LATAM"
    if region == "Africa":
        return "AFRICA"
    return "OTHER"
