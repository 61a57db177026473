"""Commands: ``data status``, ``data update [--url URL]``, ``data rollback NAME``,
``data pack export NAME --out DIR [--version V]`` and ``data rates fetch [--url URL]``
(contract: ../shared/docs/cli.md; formats: docs/data-packs.md, docs/exchange-rates.md).

The pack kinds come from main.py through ``env.pack_kinds``; the URLs default to the ones in
Settings (settings.json in the data folder).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from services.core.commands import CommandEnv
from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import _
from services.core.settings import load_preferences, save_preferences
from services.refdata.datapacks import PackKinds
from services.refdata.exchange_rates import fetch_exchange_rates, merge_rates
from services.refdata.http import HttpClient, HttpOptions
from services.refdata.updates import export_pack, pack_status, rollback, update_from_url

ALL = "all"


def register(sub: Any) -> None:
    data = sub.add_parser("data", help="reference data packs and updates").add_subparsers(
        dest="data_command", required=True
    )
    data.add_parser("status", help="the data packs in use").set_defaults(handler=_status)
    update = data.add_parser("update", help="install newer packs from an update URL")
    update.add_argument("--url", help="manifest.json URL (default: the one in Settings)")
    update.set_defaults(handler=_update)
    back = data.add_parser("rollback", help="go back to the version before the last update")
    back.add_argument("name")
    back.set_defaults(handler=_rollback)
    pack = data.add_parser("pack", help="data pack files").add_subparsers(
        dest="pack_command", required=True
    )
    export = pack.add_parser("export", help="write a pack and manifest.json from the data in use")
    export.add_argument("name", help="pack name (data status lists them), or all")
    export.add_argument("--out", required=True, help="folder to serve over HTTP")
    export.add_argument("--version", dest="pack_version", help="default: the installed version")
    export.set_defaults(handler=_export)
    rates = data.add_parser("rates", help="exchange rates").add_subparsers(
        dest="rates_command", required=True
    )
    fetch = rates.add_parser("fetch", help="fetch exchange rates into Settings")
    fetch.add_argument("--url", help="default: the exchange-rate URL in Settings")
    fetch.set_defaults(handler=_fetch_rates)


def kinds(env: CommandEnv) -> PackKinds:
    return PackKinds(env.pack_kinds)


def http_client(env: CommandEnv) -> HttpClient:
    prefs = load_preferences(env.paths.settings_path)
    return HttpClient(HttpOptions(proxy=prefs.update_proxy))


def _status(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    db = env.store(write=False).db
    return {"packs": [s.to_json() for s in pack_status(db, kinds(env))]}


def _update(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    url = args.url or load_preferences(env.paths.settings_path).update_url
    if not url:
        raise ValidationError(
            _("There is no update URL: pass --url, or set it in Settings."), field="url"
        )
    store = env.store(write=True)
    store.require_writable()
    with http_client(env) as client:
        summary = update_from_url(store.db, kinds(env), url, client=client)
    return summary.to_json()


def _rollback(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    store = env.store(write=True)
    store.require_writable()
    return rollback(store.db, kinds(env), args.name).to_json()


def _export(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    db = env.store(write=False).db
    registry = kinds(env)
    out = Path(args.out)
    if args.name == ALL:
        names = [s.info.name for s in pack_status(db, registry)]
        written = []
        for name in names:
            try:
                written.append(export_pack(db, registry, name, out, version=args.pack_version))
            except NotFoundError:
                continue  # built-in data only: nothing of its own to publish
        return {
            "packs": [w.entry.to_json() for w in written],
            "manifest": str(out / "manifest.json"),
        }
    return export_pack(db, registry, args.name, out, version=args.pack_version).to_json()


def _fetch_rates(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    prefs = load_preferences(env.paths.settings_path)
    url = args.url or prefs.exchange_rate_url
    if not url:
        raise ValidationError(
            _("There is no exchange-rate URL: pass --url, or set it in Settings."), field="url"
        )
    with http_client(env) as client:
        fetched = fetch_exchange_rates(url, client=client)
    merged = merge_rates(prefs.exchange_rates, fetched)
    env.paths.ensure()
    save_preferences(env.paths.settings_path, prefs.with_changes(exchange_rates=merged.rates))
    return merged.to_json(fetched)
