"""Commands: ``hs search QUERY [--limit N]``."""

from __future__ import annotations

import argparse
from typing import Any

from services.core.commands import CommandEnv
from services.core.errors import ValidationError
from services.core.i18n import _
from services.refdata.reference import ReferenceData


def reference(env: CommandEnv) -> ReferenceData:
    ref: ReferenceData = env.service("reference", ReferenceData)
    return ref


def register(sub: Any) -> None:
    hs = sub.add_parser("hs", help="HS nomenclature").add_subparsers(
        dest="hs_command", required=True
    )
    search = hs.add_parser("search", help="search HS codes by prefix or keywords")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(handler=_hs_search)


def _hs_search(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    if not 1 <= args.limit <= 1000:
        raise ValidationError(_("--limit must be between 1 and 1000."), field="limit")
    if not args.query.strip():
        raise ValidationError(_("Enter an HS code or a keyword to search for."), field="query")
    results = reference(env).hs.search(args.query, limit=args.limit)
    return {
        "results": [
            {
                "code": e.code,
                "level": e.level,
                "description_en": e.description_en,
                "description_zh": e.description_zh,
            }
            for e in results
        ]
    }
