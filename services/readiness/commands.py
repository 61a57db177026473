"""Commands: ``readiness questionnaire --profile FILE``, ``readiness score FILE``,
``readiness session add --company ID FILE`` (docs: ../shared/docs/cli.md)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from services.core.clock import local_today
from services.core.commands import CommandEnv, read_json_input
from services.core.errors import ValidationError
from services.core.i18n import _
from services.readiness.action_plan import build_plan
from services.readiness.profile import validate_profile
from services.readiness.questionnaire import Questionnaire, current_questionnaire
from services.readiness.scoring import ScoreResult, parse_answers, score


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


def _questionnaire(args: argparse.Namespace, env: CommandEnv) -> dict[str, Any]:
    q = current_questionnaire()
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
    q = current_questionnaire()
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
