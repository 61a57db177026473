"""Commands: ``import psr`` and ``origin rule show|set|delete|list``.

Contract: ../shared/docs/cli.md conventions (one JSON object out, errors with a code) and
docs/psr-import-csv.md. A code without a rule is the error ``no_rule``: never a default rule.
"""

from __future__ import annotations

import argparse
from typing import Any

from services.core.commands import CommandEnv
from services.core.errors import NotFoundError
from services.core.i18n import _
from services.rcep.psr_table import KINDS, PsrTable
from services.refdata.commands import reference
from services.refdata.hs import clean_code


def register_import(imp: Any) -> None:
    """``import psr FILE --format csv|docx --source TEXT [--edition YYYY-MM-DD]``."""
    psr = imp.add_parser("psr", help="import RCEP product-specific rules (CSV or Word .docx)")
    psr.add_argument("file")
    psr.add_argument("--format", required=True, help="csv or docx")
    psr.add_argument("--source", required=True, help="the official list the file holds")
    psr.add_argument("--edition", help="date of that list, YYYY-MM-DD")
    psr.set_defaults(handler=_import)


def register_rules(origin: Any) -> None:
    """``origin rule show|set|delete|list`` under the ``origin`` subcommands."""
    rule = origin.add_parser("rule", help="the product-specific rule table").add_subparsers(
        dest="rule_command", required=True
    )
    show = rule.add_parser("show", help="the rule that applies to an HS code, explained")
    show.add_argument("--hs", required=True)
    show.set_defaults(handler=_show)
    put = rule.add_parser("set", help="store a rule typed from the official list")
    put.add_argument("--hs", required=True)
    put.add_argument("--rule", required=True)
    put.add_argument("--source", required=True)
    put.add_argument("--source-date", default="", help="date of that list, YYYY-MM-DD")
    put.add_argument("--note", default="")
    put.set_defaults(handler=_set)
    delete = rule.add_parser("delete", help="delete the rule a user typed for an HS code")
    delete.add_argument("--hs", required=True)
    delete.set_defaults(handler=_delete)
    listing = rule.add_parser("list", help="every rule on file")
    listing.add_argument("--kind", choices=KINDS)
    listing.set_defaults(handler=_list)


def _import(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    hs = reference(env).hs
    table = PsrTable(env.store(write=True).db, hs=hs)
    pack = table.import_file(args.file, args.format, source=args.source, edition=args.edition)
    report = pack.report
    return {
        "format": args.format.strip().lower(),
        "source": pack.source,
        "edition": pack.edition or None,
        "rows_read": report.rows_read,
        "accepted": report.accepted,
        "rejected": [{"row": r.row, "code": r.code, "reason": r.reason} for r in report.rejected],
        "skipped_headings": report.skipped_headings,
        "rules": len(pack.rules),
    }


def _show(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    found = PsrTable(env.store(write=False).db).rule_for(args.hs)
    if found is None:
        raise NotFoundError(
            _(
                "No product-specific rule is known for HS {hs}. Enter the rule from the "
                "official list (China: GACC Announcement 2022 No.129, annex 1) with "
                "origin rule set, or import the list."
            ).format(hs=args.hs),
            field="hs",
            code="no_rule",
        )
    return {"hs": clean_code(args.hs), "rule": found.to_json(explain=True)}


def _set(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    table = PsrTable(env.store(write=True).db, hs=reference(env).hs)
    saved = table.save_user_rule(
        args.hs, args.rule, source=args.source, note=args.note, source_date=args.source_date
    )
    return {"rule": saved.to_json(explain=True)}


def _delete(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    PsrTable(env.store(write=True).db).delete_user_rule(args.hs)
    return {"deleted": clean_code(args.hs)}


def _list(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    rules = PsrTable(env.store(write=False).db).rules(args.kind)
    return {"rules": [r.to_json() for r in rules]}
