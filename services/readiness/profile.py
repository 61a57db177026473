"""The readiness profile (domain/readiness.md §3.2): validated against the questionnaire's
profile fields, and prefilled from a company dossier.

A profile is a plain dict (it is stored as JSON with each session): choice fields hold one
option, multi fields a list of options, ``own_brand`` a bool, ``first_ship_date`` an ISO date,
``hs_codes`` a list of digit strings, ``contacts`` a list of ``{role, name, phone}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.companies.models import Company
from services.core.errors import FieldError, ValidationError
from services.core.i18n import _
from services.readiness.questionnaire import Questionnaire
from services.refdata.countries import market_group
from services.refdata.hs import clean_code

Profile = dict[str, Any]


def profile_from_company(company: Company, previous: Mapping[str, Any] | None = None) -> Profile:
    """The dossier's facts, on top of what an earlier session recorded (dossier wins)."""
    profile: Profile = dict(previous or {})
    if company.company_type:
        profile["company_type"] = company.company_type
    if company.stage:
        profile["stage"] = company.stage
    groups = list(dict.fromkeys(market_group(m) for m in company.markets))
    if groups:
        profile["markets"] = groups
    if company.channels:
        profile["channels"] = list(company.channels)
    codes = [p.hs_code for p in company.products if p.hs_code]
    if codes:
        profile["hs_codes"] = list(dict.fromkeys(codes))
    if company.contacts:
        profile["contacts"] = [
            {"role": c.role, "name": c.name, "phone": c.phone} for c in company.contacts
        ]
    return profile


def validate_profile(q: Questionnaire, raw: Any, *, path: str = "profile") -> Profile:
    """Normalised copy of ``raw`` or ValidationError naming every bad field."""
    if not isinstance(raw, dict):
        raise ValidationError(_("The profile must be a JSON object."), field=path)
    errors: list[FieldError] = []
    out: Profile = {}
    for name, value in raw.items():
        where = f"{path}.{name}"
        spec = q.profile_fields.get(name)
        if spec is None:
            errors.append(FieldError(where, _("Unknown profile field {name}.").format(name=name)))
            continue
        if value is None:
            continue
        kind = spec.get("type")
        options = [str(o) for o in spec.get("options", [])]
        if kind == "choice":
            if str(value) not in options:
                errors.append(
                    FieldError(
                        where,
                        _("{value} is not one of the allowed values: {allowed}.").format(
                            value=value, allowed=", ".join(options)
                        ),
                    )
                )
            else:
                out[name] = str(value)
        elif kind == "multi":
            if not isinstance(value, list) or any(str(v) not in options for v in value):
                errors.append(
                    FieldError(
                        where, _("Choose from: {allowed}.").format(allowed=", ".join(options))
                    )
                )
            else:
                out[name] = list(dict.fromkeys(str(v) for v in value))
        elif kind == "bool":
            if not isinstance(value, bool):
                errors.append(FieldError(where, _("Answer true or false.")))
            else:
                out[name] = value
        elif kind == "date":
            try:
                out[name] = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors.append(FieldError(where, _("Enter a date as YYYY-MM-DD.")))
        elif kind == "text_list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(FieldError(where, _("Give a list of HS codes.")))
            else:
                out[name] = [clean_code(v) for v in value if clean_code(v)]
        elif kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                errors.append(FieldError(where, _("Give a list of contacts.")))
            else:
                out[name] = [
                    {k: str(v.get(k, "")) for k in ("role", "name", "phone")} for v in value
                ]
    if errors:
        raise ValidationError(errors)
    return out
