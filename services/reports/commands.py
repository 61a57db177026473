"""Commands: ``report readiness --company ID --out FILE.pdf [--session ID] [--lang L]``
→ ``{"path", "pages"}`` and ``report batch --out DIR [--companies ID,..] [--from D --to D]``
→ the files written and the failures (docs: ../shared/docs/cli.md).

The embedded tariff data are loaded first when the data folder is writable (as ``tariff
lookup`` does), so that the RCEP section has rates on a fresh installation.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from services.core.commands import CommandEnv
from services.core.errors import ValidationError
from services.core.i18n import SUPPORTED_LOCALES, _, normalise_locale
from services.core.settings import load_preferences
from services.core.store import DataStore
from services.rcep.defaults import load_default_tariffs
from services.refdata.reference import ReferenceData
from services.reports.gather import DEFAULT_SHIPMENT_VALUE
from services.reports.readiness import (
    BatchResult,
    ReportOptions,
    generate_batch,
    generate_readiness_report,
)


def register(sub: Any) -> None:
    report = sub.add_parser("report", help="PDF reports").add_subparsers(
        dest="report_command", required=True
    )
    one = report.add_parser("readiness", help="the readiness report of one company (PDF)")
    one.add_argument("--company", required=True, help="company id")
    one.add_argument("--out", required=True, help="the PDF file to write")
    one.add_argument("--session", help="session id (default: the company's latest session)")
    _common(one)
    one.set_defaults(handler=_readiness)

    batch = report.add_parser("batch", help="one readiness report per company into a folder")
    batch.add_argument("--out", required=True, help="the folder to write the PDFs into")
    batch.add_argument("--companies", help="company ids separated by commas")
    batch.add_argument("--from", dest="date_from", help="sessions held on or after YYYY-MM-DD")
    batch.add_argument("--to", dest="date_to", help="sessions held on or before YYYY-MM-DD")
    _common(batch)
    batch.set_defaults(handler=_batch)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        dest="report_lang",
        help="language of the report: " + " | ".join(SUPPORTED_LOCALES) + " (default: --lang)",
    )
    parser.add_argument(
        "--shipment-value",
        help=f"typical shipment in CNY for the RCEP savings (default {DEFAULT_SHIPMENT_VALUE})",
    )


def _options(args: argparse.Namespace, env: CommandEnv, **extra: Any) -> ReportOptions:
    language = None
    if args.report_lang:
        try:
            language = normalise_locale(args.report_lang)
        except ValueError as exc:
            raise ValidationError(
                _("Unknown language {lang}; use one of: {choices}.").format(
                    lang=args.report_lang, choices=", ".join(SUPPORTED_LOCALES)
                ),
                field="lang",
            ) from exc
    value = DEFAULT_SHIPMENT_VALUE
    if args.shipment_value is not None:
        try:
            value = Decimal(str(args.shipment_value).replace(",", ""))
        except InvalidOperation as exc:
            raise ValidationError(
                _("Enter a shipment value greater than zero."), field="shipment_value"
            ) from exc
    prefs = load_preferences(env.paths.settings_path)
    return ReportOptions(
        language=language,
        shipment_value=value,
        font_path=prefs.report_font_path,
        **extra,
    )


def _open(env: CommandEnv) -> DataStore:
    store = env.store(write=False)
    if not store.read_only:
        load_default_tariffs(store.db)
    return store


def _reference(env: CommandEnv) -> ReferenceData:
    reference: ReferenceData = env.service("reference", ReferenceData)
    return reference


def _readiness(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    options = _options(args, env, session_id=args.session)
    store = _open(env)
    out = Path(args.out).expanduser().resolve()
    result = generate_readiness_report(store.db, _reference(env).hs, args.company, out, options)
    return {"path": str(result.path), "pages": result.pages}


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=name) from exc


def _batch(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    options = _options(args, env)
    date_from, date_to = _date(args.date_from, "from"), _date(args.date_to, "to")
    ids = [c.strip() for c in (args.companies or "").split(",") if c.strip()] or None
    if ids is not None and (date_from or date_to):
        raise ValidationError(
            _("Give either --companies or a date range (--from/--to), not both."),
            field="companies",
        )
    store = _open(env)
    result = generate_batch(
        store.db,
        _reference(env).hs,
        Path(args.out).expanduser().resolve(),
        company_ids=ids,
        date_from=date_from,
        date_to=date_to,
        options=options,
    )
    return batch_json(result)


def batch_json(result: BatchResult) -> dict[str, Any]:
    return {
        "out": str(result.out_dir) if result.out_dir else None,
        "written": [
            {"company_id": r.company_id, "path": str(r.path), "pages": r.pages}
            for r in result.written
        ],
        "failures": [
            {
                "company_id": f.company_id,
                "name": f.company_name,
                "code": f.code,
                "message": f.message,
            }
            for f in result.failures
        ],
        "cancelled": result.cancelled,
    }
