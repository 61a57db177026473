"""Commands: ``readiness questionnaire --profile FILE``, ``readiness score FILE``,
``readiness session add --company ID FILE`` (docs: ../shared/docs/cli.md)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.commands import CommandEnv, read_json_input
from services.core.errors import DataFileError, ValidationError
from services.core.files import atomic_write_text
from services.core.i18n import _
from services.readiness.action_plan import build_plan
from services.readiness.profile import validate_profile
from services.readiness.questionnaire import (
    Questionnaire,
    active_questionnaire,
    current_questionnaire,
)
from services.readiness.scoring import ScoreResult, parse_answers, score
from services.readiness.sessions import SessionRepository


def register(sub: Any) -> None:
    readiness = sub.add_parser("readiness", help="一企一策 export readiness").add_subparsers(
        dest="readiness_command", required=True
    )
    questionnaire = readiness.add_parser("questionnaire", help="the items for a profile")
    questionnaire.add_argument("--profile", required=True, help="profile JSON file (- = stdin)")
    questionnaire.set_defaults(handler=_questionnaire)
    scoring = readiness.add_parser("score", help="score a profile and its answers")
    scoring.add_argument("file", help="JSON: {profile, answers[, preset][, date]}")
    scoring.set_defaults(handler=_score)

    session = readiness.add_parser("session", help="advisory sessions").add_subparsers(
        dest="session_command", required=True
    )
    add = session.add_parser("add", help="record a session: JSON {profile, answers, notes, …}")
    add.add_argument("--company", required=True)
    add.add_argument("file")
    add.set_defaults(handler=_session_add)
    lst = session.add_parser("list", help="a company's sessions, oldest first")
    lst.add_argument("--company", required=True)
    lst.set_defaults(handler=_session_list)
    show = session.add_parser("show", help="one session with its score and action plan")
    show.add_argument("id")
    show.set_defaults(handler=_session_show)
    export = session.add_parser("export", help="write a session as JSON (or --csv answers)")
    export.add_argument("id")
    export.add_argument("--out", required=True)
    export.add_argument("--csv", action="store_true", help="answers as CSV for spreadsheets")
    export.set_defaults(handler=_session_export)
    imp = session.add_parser("import", help="read a session exported as JSON")
    imp.add_argument("file")
    imp.add_argument("--company", help="attach it to this company instead")
    imp.set_defaults(handler=_session_import)


def _active(env: CommandEnv) -> Questionnaire:
    """The questionnaire in use: a data update may have installed a newer one (only a data
    folder that already has a database can hold one)."""
    if not env.paths.db_path.exists():
        return current_questionnaire()
    return active_questionnaire(env.store(write=False).db)


def _questionnaire(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    q = _active(env)
    profile = validate_profile(q, read_json_input(args.profile))
    items = []
    for item in q.applicable_items(profile):
        entry: dict[str, Any] = {
            "id": item.id,
            "dimension": item.dim,
            "type": item.type,
            "blocking": q.can_block(item, profile),
            "weight": item.weight,
            "text_zh": item.text.zh,
            "text_en": item.text.en,
            "depends_on": list(item.deps),
        }
        if item.type == "number":
            entry["target"] = item.target
        else:
            entry["options"] = q.options(item)
        items.append(entry)
    return {
        "version": q.version,
        "sha256": q.sha256,
        "rules_as_of": q.rules_as_of,
        "preset": q.preset_for(profile),
        "items": items,
    }


def _score(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    q = _active(env)
    data = read_json_input(args.file)
    if not isinstance(data, dict):
        raise ValidationError(_("The input must be a JSON object."), field="")
    profile = validate_profile(q, data.get("profile") or {})
    answers = parse_answers(q, profile, data.get("answers"))
    preset = data.get("preset")
    if preset is not None and preset not in q.presets:
        raise ValidationError(_("Unknown weight preset {key}.").format(key=preset), field="preset")
    try:
        day = date.fromisoformat(data["date"]) if data.get("date") else local_today()
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="date") from exc
    result = score(q, profile, answers, preset)
    plan = build_plan(q, profile, answers, result, day)
    return result_json(q, result) | {
        "actions": [
            {
                "item": a.item_id,
                "kind": a.kind,
                "priority": a.priority,
                "blocker": a.blocker,
                "due": a.due.isoformat(),
                "owner_role": a.owner_role,
                "owner": a.owner_name or None,
                "service": a.service_key,
                "later": a.later,
                "action_zh": _action_text(q, a.item_id, "zh"),
                "action_en": _action_text(q, a.item_id, "en"),
            }
            for a in plan
        ],
    }


def _action_text(q: Questionnaire, item_id: str | None, lang: str) -> str | None:
    action = q.by_id[item_id].action if item_id else None
    return getattr(action, lang) if action else None


def result_json(q: Questionnaire, result: ScoreResult) -> dict[str, Any]:
    return {
        "questionnaire": {"version": q.version, "sha256": q.sha256},
        "score": round(result.score, 2),
        "level": result.level.key,
        "level_zh": result.level.text.zh,
        "level_en": result.level.text.en,
        "level_reasons": list(result.level_reasons),
        "preset": result.preset,
        "dimensions": {
            d.dim: {
                "score": round(d.score, 2),
                "weight": d.weight,
                "applicable": d.applicable,
                "answered": d.answered,
            }
            for d in result.dimensions.values()
        },
        "blocking_open": list(result.blocking_open),
        "to_verify": list(result.to_verify),
        "evidence_coverage": round(result.evidence_coverage, 1),
        "applicable_items": len(result.applicable),
        "answered_items": result.answered,
    }


def _sessions(env: CommandEnv, *, write: bool) -> SessionRepository:
    return SessionRepository(env.store(write=write).db)


def _session_add(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    data = read_json_input(args.file)
    if not isinstance(data, dict):
        raise ValidationError(_("The input must be a JSON object."), field="")
    repo = _sessions(env, write=True)
    q = active_questionnaire(repo.db)
    profile = validate_profile(
        q,
        data["profile"] if data.get("profile") is not None else repo.default_profile(args.company),
    )
    answers = parse_answers(q, profile, data.get("answers")) if "answers" in data else None
    try:
        held_on = date.fromisoformat(data["date"]) if data.get("date") else None
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="date") from exc
    session = repo.create(
        args.company, held_on=held_on, advisor=str(data.get("advisor") or ""),
        attendees=str(data.get("attendees") or ""), notes=str(data.get("notes") or ""),
        profile=profile, answers=answers, preset=data.get("preset"), q=q,
    )  # fmt: skip
    return {"id": session.id, "score": round(session.score or 0.0, 2), "level": session.level}


def _session_list(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = _sessions(env, write=False)
    CompanyRepository(repo.db).get(args.company)
    return {
        "sessions": [
            {"id": s.id, "date": s.held_on.isoformat(), "advisor": s.advisor,
             "score": None if s.score is None else round(s.score, 2), "level": s.level,
             "blocking_open": s.blocking_open, "actions_done": s.actions_done,
             "actions_total": s.actions_total,
             "dimensions": {k: round(v, 2) for k, v in s.dimensions.items()}}
            for s in repo.list_for_company(args.company)
        ]
    }  # fmt: skip


def _session_show(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = _sessions(env, write=False)
    data = repo.export_json(args.id)
    session = repo.get(args.id)
    q = repo.questionnaire(session.questionnaire_version)
    result = score(q, session.profile, session.answers, session.preset)
    return data | {"result": result_json(q, result)}


def _session_export(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    repo = _sessions(env, write=False)
    target = Path(args.out)
    if args.csv:
        text = repo.answers_csv(args.id)
    else:
        text = json.dumps(repo.export_json(args.id), ensure_ascii=False, indent=2) + "\n"
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise DataFileError(
            _("The file {path} cannot be written: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    return {"path": str(target.resolve())}


def _session_import(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    session = _sessions(env, write=True).import_json(
        read_json_input(args.file), company_id=args.company
    )
    return {"id": session.id, "company_id": session.company_id}
