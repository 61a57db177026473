"""Commands of the ``origin`` group: ``assess FILE.json`` (contract: cli.md "origin assess"),
``whatif FILE.json``, ``assessments --company ID`` and ``rule …`` (services/rcep/psr_commands.py).

``assess`` and ``whatif`` read their input the same way: the rule from the local PSR table when
the request names none, HS codes checked against the nomenclature, and the importing Party's
RCEP year on the optional ``date`` (importation; default today) for Appendix periods.

``assess`` adds ``rule_source`` (the stored rule used, or null), ``certificate`` (the Form RCEP
boxes, the Annex 3B checklist with no shipment data known, and the evidence to keep) and, for an
originating good whose importing Party has tariff data on file, ``box11.alternative_claims``
(Art 2.6.6, rates on that date; the embedded tariff data are loaded first when the data folder
is writable).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.core.clock import local_today
from services.core.commands import CommandEnv, read_json_input
from services.core.errors import ValidationError
from services.core.i18n import _
from services.rcep import psr_commands
from services.rcep.bom import unknown_hs_errors
from services.rcep.certificate import certificate_draft
from services.rcep.claim_rates import box11_claims
from services.rcep.defaults import load_default_tariffs
from services.rcep.origin import OriginRequest, assess, request_from_json
from services.rcep.origin_store import OriginRepository, summary_to_json
from services.rcep.origin_whatif import what_if
from services.rcep.parties import rcep_year
from services.rcep.psr_table import PsrRule, PsrTable
from services.rcep.tariff_repository import TariffRepository
from services.refdata.commands import reference
from services.refdata.hs import clean_code


def register(sub: Any) -> None:
    origin = sub.add_parser("origin", help="RCEP rules of origin").add_subparsers(
        dest="origin_command", required=True
    )
    run = origin.add_parser("assess", help="self-assess RCEP originating status (JSON file)")
    run.add_argument("file", help="JSON input file, or - for standard input")
    run.set_defaults(handler=_assess)
    whatif = origin.add_parser(
        "whatif", help="what would make the product originate, or the headroom left (JSON file)"
    )
    whatif.add_argument("file", help="the input of origin assess, or - for standard input")
    whatif.set_defaults(handler=_whatif)
    listing = origin.add_parser("assessments", help="a company's saved origin assessments")
    listing.add_argument("--company", required=True, help="company id")
    listing.set_defaults(handler=_assessments)
    psr_commands.register_rules(origin)


@dataclass(frozen=True, slots=True)
class _Input:
    request: OriginRequest
    stored_rule: PsrRule | None
    day: date  # of importation
    year: int | None  # the importing Party's RCEP year on ``day``


def _read(args: argparse.Namespace, env: CommandEnv) -> _Input:
    data = read_json_input(args.file)
    if not isinstance(data, Mapping):
        raise ValidationError(_("Expected a JSON object here."), field="")
    stored_rule = _stored_rule(data, env)
    if stored_rule is not None:
        data = {**data, "rule": stored_rule.rule_text}
    unknown = unknown_hs_errors(data, reference(env).hs)
    try:
        request = request_from_json(data)
    except ValidationError as exc:
        reported = {e.field for e in exc.errors}
        raise ValidationError(
            exc.errors + [e for e in unknown if e.field not in reported], code=exc.code
        ) from exc
    if unknown:
        raise ValidationError(unknown)
    day = _importation_day(data)
    return _Input(request, stored_rule, day, _importation_year(request, day))


def _assess(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    read = _read(args, env)
    assessment = assess(read.request, year=read.year)
    result = assessment.to_json()
    result["rule_source"] = None if read.stored_rule is None else read.stored_rule.to_json()
    result["certificate"] = certificate_draft(read.request, assessment).to_json()
    if assessment.box11 is not None and read.request.importing_party is not None:
        store = env.store(write=False)
        if not store.read_only:
            load_default_tariffs(store.db)
        claims = box11_claims(read.request, assessment, TariffRepository(store.db), read.day)
        if claims is not None:
            result["box11"]["alternative_claims"] = claims.to_json()
    return result


def _whatif(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    read = _read(args, env)
    result = assess(read.request, year=read.year)
    return {"suggestions": [s.to_json(read.request) for s in what_if(read.request, result)]}


def _assessments(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = OriginRepository(env.store(write=False).db)
    return {"assessments": [summary_to_json(s) for s in repo.list_for_company(args.company)]}


def _stored_rule(data: Mapping[str, Any], env: CommandEnv) -> PsrRule | None:
    """The local PSR table's rule when the request names none (cli.md: ``rule`` is optional).
    An unreadable product code is left for the request's own validation to report."""
    rule = data.get("rule")
    if rule is not None and not (isinstance(rule, str) and not rule.strip()):
        return None
    product = data.get("product")
    hs = product.get("hs") if isinstance(product, Mapping) else None
    code = clean_code(hs) if isinstance(hs, str) else ""
    if not code.isdigit() or len(code) < 6:
        return None
    return PsrTable(env.store(write=False).db).rule_for(code)


def _importation_day(data: Mapping[str, Any]) -> date:
    raw = data.get("date")
    if raw is None:
        return local_today()
    try:
        return date.fromisoformat(raw if isinstance(raw, str) else "")
    except ValueError as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="date") from exc


def _importation_year(request: OriginRequest, day: date) -> int | None:
    if request.importing_party is None:
        return None
    return rcep_year(request.importing_party, day).number
