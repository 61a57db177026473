"""Commands: ``company add|list|show|export|import|archive|restore|delete|sample``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from services.companies import dossier
from services.companies.models import CompanyFilter
from services.companies.repository import CompanyRepository
from services.companies.sample import load_sample, remove_samples
from services.core.commands import CommandEnv, read_json_input
from services.core.errors import ValidationError
from services.core.i18n import _
from services.refdata.commands import reference


def register(sub: Any) -> None:
    company = sub.add_parser("company", help="company dossiers").add_subparsers(
        dest="company_command", required=True
    )
    add = company.add_parser("add", help="add a company from a JSON file (- for stdin)")
    add.add_argument("file")
    add.set_defaults(handler=_add)

    lst = company.add_parser("list", help="list companies")
    lst.add_argument("--search", default="")
    lst.add_argument("--industry")
    lst.add_argument("--market")
    lst.add_argument("--archived", action="store_true", help="include archived companies")
    lst.set_defaults(handler=_list)

    for name, handler in (("show", _show), ("archive", _archive), ("restore", _restore)):
        p = company.add_parser(name)
        p.add_argument("id")
        p.set_defaults(handler=handler)

    delete = company.add_parser("delete")
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")
    delete.set_defaults(handler=_delete)

    export = company.add_parser("export", help="write a dossier file")
    export.add_argument("id")
    export.add_argument("--out", required=True)
    export.set_defaults(handler=_export)

    imp = company.add_parser("import", help="import (merge) a dossier file")
    imp.add_argument("file")
    imp.set_defaults(handler=_import)

    sample = company.add_parser("sample", help="load or remove the sample company")
    sample.add_argument("--remove", action="store_true")
    sample.set_defaults(handler=_sample)


def _repo(env: CommandEnv, *, write: bool) -> CompanyRepository:
    store = env.store(write=write)
    return CompanyRepository(store.db)


def _add(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    data = read_json_input(args.file)
    if not isinstance(data, dict):
        raise ValidationError(_("The input must be a JSON object."), field="")
    draft = dossier.draft_from_json({k: v for k, v in data.items() if k != "id"})
    hs = reference(env).hs
    company = _repo(env, write=True).save(draft, hs)
    return {"id": company.id}


def _list(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    flt = CompanyFilter(
        text=args.search,
        industry=args.industry,
        market=args.market,
        include_archived=args.archived,
    )
    return {
        "companies": [
            {
                "id": c.id,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "uscc": c.uscc,
                "industry": c.industry,
                "stage": c.stage,
                "markets": list(c.markets),
                "products": c.product_count,
                "sample": c.is_sample,
                "archived": c.archived,
                "updated_at": c.updated_at,
            }
            for c in _repo(env, write=False).find(flt)
        ]
    }


def _show(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    company = _repo(env, write=False).get(args.id)
    data = dossier.company_to_json(company)
    hs = reference(env).hs
    for product in data["products"]:
        product["hs_description_en"] = (
            entry.description_en if product["hs"] and (entry := hs.get(product["hs"][:6])) else None
        )
    return data


def _archive(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    company = _repo(env, write=True).set_archived(args.id, True)
    return {"id": company.id, "archived": True}


def _restore(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    company = _repo(env, write=True).set_archived(args.id, False)
    return {"id": company.id, "archived": False}


def _delete(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    if not args.yes:
        raise ValidationError(
            _("Deleting a company cannot be undone; add --yes to confirm."), field="yes"
        )
    _repo(env, write=True).delete(args.id)
    return {"id": args.id, "deleted": True}


def _export(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    path = dossier.export_dossier(
        _repo(env, write=False), args.id, Path(args.out), env.dossier_sections
    )
    return {"path": str(path.resolve())}


def _import(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    hs = reference(env).hs
    result = dossier.import_dossier(
        _repo(env, write=True), Path(args.file), hs, env.dossier_sections
    )
    return {
        "id": result.company_id,
        "name_zh": result.name_zh,
        "action": result.action,
        "matched_by": result.matched_by,
    }


def _sample(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = _repo(env, write=True)
    if args.remove:
        return {"removed": remove_samples(repo)}
    return {"id": load_sample(repo, reference(env).hs, env.sample_extras).id}
