"""Command-line plumbing (docs: ../shared/docs/cli.md): one JSON object on stdout, errors as
``{"error": {"code", "message", "field"}}`` with exit status 2 for bad input and 1 otherwise.

Each service package contributes its commands through a ``register(subparsers)`` function that
attaches handlers of the form ``handler(args, env) -> dict``; main.py collects them. A handler
that changes data asks ``env.store(write=True)``; reading handlers get a read-only connection
when another copy of the app holds the data folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from typing_extensions import override

from services.core.errors import AppError, DatabaseLockedError, DataFileError, ValidationError
from services.core.i18n import _
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, "CommandEnv"], dict[str, Any]]


class CommandLineError(ValidationError):
    code = "usage"


class JsonArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors through our JSON error object."""

    @override
    def error(self, message: str) -> NoReturn:
        raise CommandLineError(
            _("Invalid command line ({detail}). Run with --help for the usage.").format(
                detail=message
            )
        )


@dataclass
class CommandEnv:
    paths: AppPaths
    dossier_sections: tuple[Any, ...] = ()  # DossierSection objects, chosen by main.py
    sample_extras: tuple[Any, ...] = ()  # SampleExtra objects (services.companies.sample)
    pack_kinds: tuple[Any, ...] = ()  # data pack kinds (services.refdata.datapacks.PackKind)
    _store: DataStore | None = None
    _services: dict[str, Any] = field(default_factory=dict)

    def store(self, *, write: bool) -> DataStore:
        if self._store is None or (write and self._store.read_only):
            if self._store is not None:
                self._store.close()
            try:
                self._store = open_store(self.paths)
            except DatabaseLockedError:
                if write or not self.paths.db_path.exists():
                    raise
                self._store = open_store(self.paths, read_only=True)
        return self._store

    def service(self, name: str, factory: Callable[[], Any]) -> Any:
        if name not in self._services:
            self._services[name] = factory()
        return self._services[name]

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def read_json_input(source: str) -> Any:
    """The JSON document of a command: a file path, or ``-`` for standard input."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataFileError(
            _("The file {path} cannot be read: {reason}").format(
                path=source, reason=exc.strerror or exc
            )
        ) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(_("{path} is not a UTF-8 text file.").format(path=source)) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            _("{path} is not valid JSON (line {line}, column {column}).").format(
                path=source, line=exc.lineno, column=exc.colno
            )
        ) from exc


def emit(document: dict[str, Any]) -> None:
    if sys.stdout is None:  # a windowed build started without a console: nowhere to print
        log.warning("no console for the command's output")
        return
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def run_command(
    args: argparse.Namespace,
    paths: AppPaths,
    *,
    dossier_sections: tuple[Any, ...] = (),
    pack_kinds: tuple[Any, ...] = (),
    sample_extras: tuple[Any, ...] = (),
) -> int:
    handler: Handler = args.handler
    env = CommandEnv(
        paths=paths,
        dossier_sections=dossier_sections,
        pack_kinds=pack_kinds,
        sample_extras=sample_extras,
    )
    try:
        emit(handler(args, env))
        return 0
    except AppError as exc:
        emit({"error": exc.to_json()})
        return exc.exit_status
    except Exception as exc:
        log.exception("command failed")
        emit(
            {
                "error": {
                    "code": "internal",
                    "message": _("Unexpected error: {detail}. Details are in the log file.").format(
                        detail=exc
                    ),
                    "field": None,
                }
            }
        )
        return 1
    finally:
        env.close()
