"""ExportPilot 出海领航 — composition root.

Reads top to bottom as the app's table of contents: arguments → data folder → logging →
language → a headless command (JSON in/out, ../shared/docs/cli.md) or the window. PySide6 is
imported only on the window path, so commands run on machines without display libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from services.companies import commands as company_commands
from services.core import db_commands
from services.core.commands import CommandLineError, JsonArgumentParser, emit, run_command
from services.core.i18n import SUPPORTED_LOCALES, _, normalise_locale, set_locale
from services.core.logs import configure_logging
from services.core.paths import AppPaths
from services.core.settings import load_preferences
from services.core.version import APP_VERSION
from services.rcep import commands as rcep_commands
from services.rcep import origin_commands
from services.rcep.datapack import PsrPackKind, TariffPackKind
from services.rcep.origin_dossier import OriginSection
from services.rcep.sample_origin import SampleOriginAssessment
from services.readiness import commands as readiness_commands
from services.readiness.datapack import QuestionnairePackKind, ServiceCataloguePackKind
from services.readiness.dossier_section import ReadinessSessionsSection
from services.readiness.sample_session import SampleReadinessSession
from services.refdata import commands as refdata_commands
from services.refdata import pack_commands
from services.refdata.datapacks import PackKind
from services.reports import commands as report_commands
from services.warehouse import commands as warehouse_commands
from services.warehouse.dossier_section import WarehousePlansSection
from services.warehouse.sample_scenario import SampleWarehouseScenario

COMMAND_GROUPS = (
    refdata_commands,
    company_commands,
    readiness_commands,
    rcep_commands,
    origin_commands,
    warehouse_commands,
    report_commands,
    db_commands,
    pack_commands,
)
# What a company dossier carries besides the company itself, capability by capability.
DOSSIER_SECTIONS = (ReadinessSessionsSection(), OriginSection(), WarehousePlansSection())
# What the sample company shows besides its dossier, capability by capability.
SAMPLE_EXTRAS = (SampleReadinessSession(), SampleOriginAssessment(), SampleWarehouseScenario())
# The kinds of reference data that travel as data packs (data status / update / rollback).
PACK_KINDS: tuple[PackKind, ...] = (
    TariffPackKind(),
    PsrPackKind(),
    QuestionnairePackKind(),
    ServiceCataloguePackKind(),
)


def build_parser() -> JsonArgumentParser:
    parser = JsonArgumentParser(
        prog="main.py",
        description="ExportPilot 出海领航. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, then exit with status 0 (checks a built app)",
    )
    parser.add_argument(
        "--data-dir", help="data folder (default: the user data folder; or EXPORTPILOT_DATA_DIR)"
    )
    parser.add_argument("--lang", help="language: " + " | ".join(SUPPORTED_LOCALES))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def _requested_language(argv: Sequence[str]) -> str | None:
    """``--lang`` is needed before parsing, so that usage errors are already translated."""
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            try:
                return normalise_locale(value)
            except ValueError:
                return None
    return None


def _attach_parent_console(argv: Sequence[str]) -> None:
    """The windowed Windows build (exportpilot.exe, no console of its own) prints command
    output into the console it was started from; exportpilot-cli.exe is the console build for
    scripts and redirection (docs/build.md). Elsewhere stdout is always there."""
    if sys.platform != "win32" or sys.stdout is not None or not argv:
        return
    import ctypes
    from pathlib import Path

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        console = Path("CONOUT$")
        sys.stdout = console.open("w", encoding="utf-8")
        sys.stderr = console.open("w", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _attach_parent_console(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    lang = _requested_language(argv)
    set_locale(lang or "zh_CN")
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if args.lang and lang is None:
            raise CommandLineError(
                _("Unknown language {lang}; use one of: {choices}.").format(
                    lang=args.lang, choices=", ".join(SUPPORTED_LOCALES)
                ),
                field="lang",
            )
        if args.command and extra:
            parser.error("unrecognized arguments: " + " ".join(extra))
    except CommandLineError as exc:
        emit({"error": exc.to_json()})
        return exc.exit_status
    if args.version:
        print(f"ExportPilot {APP_VERSION}")
        return 0

    paths = AppPaths.resolve(args.data_dir)
    configure_logging(paths)
    if args.command:
        return run_command(
            args,
            paths,
            dossier_sections=DOSSIER_SECTIONS,
            pack_kinds=PACK_KINDS,
            sample_extras=SAMPLE_EXTRAS,
        )

    set_locale(lang or load_preferences(paths.settings_path).locale)
    from gui.app import run_gui

    return run_gui(
        paths,
        qt_args=[sys.argv[0], *extra],
        forced_locale=lang,
        dossier_sections=DOSSIER_SECTIONS,
        pack_kinds=PACK_KINDS,
        sample_extras=SAMPLE_EXTRAS,
        smoke_test=args.smoke_test,
    )


if __name__ == "__main__":
    sys.exit(main())
