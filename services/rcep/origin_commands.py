"""Command: ``origin assess FILE.json`` (contract: cli.md "origin assess")."""

from __future__ import annotations

import argparse
from typing import Any

from services.core.commands import CommandEnv, read_json_input
from services.rcep.origin import assess, request_from_json


def register(sub: Any) -> None:
    origin = sub.add_parser("origin", help="RCEP rules of origin").add_subparsers(
        dest="origin_command", required=True
    )
    run = origin.add_parser("assess", help="self-assess RCEP originating status (JSON file)")
    run.add_argument("file", help="JSON input file, or - for standard input")
    run.set_defaults(handler=_assess)


def _assess(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    return assess(request_from_json(read_json_input(args.file))).to_json()
