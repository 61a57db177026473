"""Commands: ``tariff year``, ``tariff lookup``, ``import tariffs`` (contract: cli.md); ``import
psr`` is registered here from services/rcep/psr_commands.py."""

from __future__ import annotations

import argparse
import inspect
from datetime import date
from pathlib import Path
from typing import Any

from services.core.clock import local_today
from services.core.commands import CommandEnv
from services.core.errors import ValidationError
from services.core.i18n import _
from services.rcep import psr_commands
from services.rcep.defaults import load_default_tariffs
from services.rcep.parties import rcep_year
from services.rcep.tariff_models import Rate
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import LineResult, lookup


def register(sub: Any) -> None:
    tariff = sub.add_parser("tariff", help="RCEP tariffs").add_subparsers(
        dest="tariff_command", required=True
    )
    year = tariff.add_parser("year", help="the RCEP tariff year of a Party on a date")
    year.add_argument("--to", required=True)
    year.add_argument("--date", required=True)
    year.set_defaults(handler=_year)
    look = tariff.add_parser("lookup", help="MFN and RCEP rates of an HS code")
    look.add_argument("--hs", required=True)
    look.add_argument("--to", required=True)
    look.add_argument("--from", dest="from_party", default="CN")
    look.add_argument("--date")
    look.set_defaults(handler=_lookup)

    imp = sub.add_parser("import", help="import reference data").add_subparsers(
        dest="import_command", required=True
    )
    tariffs = imp.add_parser("tariffs", help="import a tariff file")
    tariffs.add_argument("file")
    tariffs.add_argument("--format", required=True)
    tariffs.add_argument("--party", help="importing Party (Annex I files)")
    tariffs.add_argument("--schedule", help="whose goods the schedule is for (ALL, ASEAN, CN …)")
    tariffs.add_argument("--edition", help="edition date YYYY-MM-DD, when the file does not say")
    tariffs.set_defaults(handler=_import)
    psr_commands.register_import(imp)


def _date(raw: str | None, *, field: str = "date") -> date:
    if not raw:
        return local_today()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field) from exc


def _year(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    y = rcep_year(args.to, _date(args.date))
    return {
        "party": y.party,
        "date": _date(args.date).isoformat(),
        "rcep_year": y.number,
        "year_start": y.start.isoformat(),
        "year_end": y.end.isoformat(),
    }


def _number(rate: Rate | None) -> float | None:
    return float(rate.percent) if rate is not None and rate.percent is not None else None


def _text(rate: Rate | None) -> str | None:
    return rate.text if rate is not None and rate.percent is None and not rate.excluded else None


def line_json(r: LineResult) -> dict[str, Any]:
    return {
        "line": r.line,
        "description": r.description,
        "mfn_rate": _number(r.mfn),
        "rcep_rate": None if r.excluded else _number(r.rcep),
        "applied_rate": _number(r.applied),
        "rate_text": _text(r.rcep) or _text(r.mfn),
        "excluded": r.excluded,
        "margin": float(r.margin) if r.margin is not None else None,
        "rcep_rate_year": r.rcep_year,
        "final_rate": None if r.final is None or r.final.excluded else _number(r.final),
        "final_year": r.final_year,
        "path": [{"year": y, "rate": _number(rate), "text": _text(rate),
                  "excluded": rate.excluded} for y, rate in r.path],
        "schedule": r.schedule,
        "tariff_differential": r.differential,
        "differential_appendix": r.differential_appendix,
        "appendix_status": str(r.appendix_status) if r.appendix_status else None,
        "appendix_line": r.appendix.tariff_line if r.appendix else None,
        "appendix_period": {"from_year": r.appendix.from_year, "to_year": r.appendix.to_year,
                            "text": r.appendix.period_text} if r.appendix else None,
        "appendix_requirement": r.appendix.requirement if r.appendix else None,
        "source": r.source.attribution if r.source else None,
        "source_date": r.source.edition_date if r.source else None,
        "mfn_source": r.mfn_source.attribution if r.mfn_source else None,
        "mfn_source_date": r.mfn_source.edition_date if r.mfn_source else None,
    }  # fmt: skip


def _lookup(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    day = _date(args.date)
    store = env.store(write=False)
    if not store.read_only:
        load_default_tariffs(store.db)  # the embedded data, on first use
    repo = TariffRepository(store.db)
    result = lookup(repo, args.hs, args.to, args.from_party, day)
    return {
        "importing_party": result.importing,
        "exporting_party": result.exporting,
        "date": day.isoformat(),
        "rcep_year": result.year.number,
        "in_force": result.in_force,
        "schedule_on_file": result.schedule_on_file,
        "lines": [line_json(r) for r in result.lines],
    }


def _import(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    from services.rcep.importers import importer

    read = importer(args.format)
    params = inspect.signature(read).parameters
    given = {"importing_party": args.party, "schedule": args.schedule, "edition_date": args.edition}
    flags = {"importing_party": "--party", "schedule": "--schedule", "edition_date": "--edition"}
    options = {k: v for k, v in given.items() if v}
    for key in options:
        if key not in params:
            raise ValidationError(
                _("{flag} does not apply to the format {format}.").format(
                    flag=flags[key], format=args.format
                ),
                field=flags[key].lstrip("-"),
            )
    for key, param in params.items():
        if key in flags and param.default is inspect.Parameter.empty and key not in options:
            raise ValidationError(
                _("The format {format} needs {flag}.").format(format=args.format, flag=flags[key]),
                field=flags[key].lstrip("-"),
            )
    pack = read(Path(args.file), **options)
    TariffRepository(env.store(write=True).db).replace_source(pack)
    rep = pack.report
    return {
        "source": pack.source.id,
        "rows_read": rep.rows_read,
        "accepted": rep.accepted,
        "rejected": [{"row": r.row, "code": r.code, "reason": r.reason} for r in rep.rejected],
        "skipped_headings": rep.skipped_headings,
        "lines": len(pack.lines),
        "mfn_lines": len(pack.mfn),
    }
