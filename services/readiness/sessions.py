"""Advisory sessions (domain/readiness.md §3.9): one record per incubation session with the
questionnaire version it was answered with, the profile, the answers (saved one by one, so
nothing is lost when the app stops), a snapshot of the score, and the 一企一策 action plan.

A new session starts from the company's dossier and the previous session's answers, which the
advisor confirms or edits. Sessions export to JSON (and back, exactly) and answers to CSV.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from services.companies.repository import CompanyRepository
from services.core.clock import local_today, utc_now_iso
from services.core.errors import DataFileError, FieldError, NotFoundError, ValidationError
from services.core.i18n import _
from services.readiness.action_plan import CUSTOM, build_plan
from services.readiness.catalogue import ServiceCatalogue
from services.readiness.profile import Profile, profile_from_company, validate_profile
from services.readiness.questionnaire import (
    Questionnaire,
    active_questionnaire,
    current_questionnaire,
    stored_questionnaire,
)
from services.readiness.scoring import Answer, ScoreResult, parse_answers, score

STATUSES = ("todo", "doing", "done", "dropped", "blocked")
EXPORT_FORMAT = "exportpilot-readiness-session"
MAX_TEXT = 5000


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: str
    item_id: str | None
    kind: str  # fix | verify | custom
    title: str = ""  # the advisor's wording (custom actions, or an edited one)
    priority: float = 0.0
    blocker: bool = False
    owner_role: str = ""
    owner_name: str = ""
    service_key: str | None = None
    due_on: date | None = None
    status: str = "todo"
    later: bool = False
    note: str = ""
    done_on: date | None = None


@dataclass(frozen=True)
class Session:
    id: str
    company_id: str
    held_on: date
    advisor: str
    attendees: str
    notes: str
    questionnaire_version: str
    questionnaire_sha256: str
    preset: str | None
    profile: Profile
    answers: Mapping[str, Answer]
    actions: tuple[ActionRecord, ...]
    score: float | None
    level: str | None
    blocking_open: tuple[str, ...]
    dimensions: Mapping[str, float]
    created_at: str
    updated_at: str
    # Answers copied from the previous session that the advisor has not confirmed yet.
    carried_forward: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    held_on: date
    advisor: str
    score: float | None
    level: str | None
    blocking_open: int
    dimensions: Mapping[str, float]
    questionnaire_version: str
    actions_total: int
    actions_done: int


class SessionRepository:
    def __init__(self, db: Database):
        self.db = db

    # ---- questionnaires --------------------------------------------------------------------

    def store_questionnaire(self, q: Questionnaire) -> None:
        rows = list(
            self.db.query("SELECT sha256 FROM questionnaires WHERE version = ?", [q.version])
        )
        if rows and rows[0]["sha256"] != q.sha256:
            raise ValidationError(
                _(
                    "Questionnaire version {version} is already stored with different content; "
                    "a changed questionnaire needs a new version number."
                ).format(version=q.version),
                field="questionnaire.version",
            )
        if not rows:
            self.db.table("questionnaires").insert(
                {
                    "version": q.version,
                    "sha256": q.sha256,
                    "yaml_text": q.text,
                    "stored_at": utc_now_iso(),
                }
            )

    def questionnaire(self, version: str) -> Questionnaire:
        current = current_questionnaire()
        if version == current.version:
            return current
        rows = list(
            self.db.query("SELECT yaml_text FROM questionnaires WHERE version = ?", [version])
        )
        if not rows:
            raise NotFoundError(
                _("Questionnaire version {version} is not stored.").format(version=version)
            )
        return stored_questionnaire(rows[0]["yaml_text"])

    # ---- sessions --------------------------------------------------------------------------

    def create(
        self,
        company_id: str,
        *,
        held_on: date | None = None,
        advisor: str = "",
        attendees: str = "",
        notes: str = "",
        profile: Mapping[str, Any] | None = None,
        answers: Mapping[str, Answer] | None = None,
        preset: str | None = None,
        q: Questionnaire | None = None,
    ) -> Session:
        """A new session. Without ``profile``/``answers`` they start from the dossier and the
        company's latest session (answers carried forward by item id)."""
        q = q or active_questionnaire(self.db)
        previous = self.latest(company_id)
        if profile is None:
            profile = self.default_profile(company_id)
        profile = validate_profile(q, dict(profile))
        carried = answers is None
        if answers is None:
            answers = {
                k: v for k, v in (previous.answers if previous else {}).items() if k in q.by_id
            }
        if preset is not None and preset not in q.presets:
            raise ValidationError(
                _("Unknown weight preset {key}.").format(key=preset), field="preset"
            )
        _check_meta(advisor, attendees, notes)
        now = utc_now_iso()
        session_id = uuid.uuid4().hex
        with self.db.atomic():
            self.store_questionnaire(q)
            ServiceCatalogue(self.db).seed(q)
            self.db.table("readiness_sessions").insert({
                "id": session_id, "company_id": company_id,
                "held_on": (held_on or local_today()).isoformat(), "advisor": advisor.strip(),
                "attendees": attendees.strip(), "notes": notes.strip(),
                "questionnaire_version": q.version, "questionnaire_sha256": q.sha256,
                "preset": preset, "profile_json": _dumps(profile),
                "created_at": now, "updated_at": now,
            })  # fmt: skip
            for item_id, answer in answers.items():
                self._write_answer(session_id, item_id, answer, carried=carried)
            self.recompute(session_id, regenerate_plan=True)
        return self.get(session_id)

    def default_profile(self, company_id: str) -> Profile:
        """The dossier's facts over the company's latest session profile."""
        company = CompanyRepository(self.db).get(company_id)
        previous = self.latest(company_id)
        return profile_from_company(company, previous.profile if previous else None)

    def get(self, session_id: str) -> Session:
        rows = list(self.db.query("SELECT * FROM readiness_sessions WHERE id = ?", [session_id]))
        if not rows:
            raise NotFoundError(
                _("There is no session with id {id}.").format(id=session_id), field="id"
            )
        row = rows[0]
        answer_rows = list(
            self.db.query(
                "SELECT * FROM readiness_answers WHERE session_id = ? ORDER BY item_id",
                [session_id],
            )
        )
        answers = {
            r["item_id"]: Answer(json.loads(r["value_json"]), r["evidence"], r["note"])
            for r in answer_rows
        }
        actions = tuple(
            _action(r)
            for r in self.db.query(
                "SELECT * FROM readiness_actions WHERE session_id = ? ORDER BY position",
                [session_id],
            )
        )
        return Session(
            id=row["id"], company_id=row["company_id"],
            held_on=date.fromisoformat(row["held_on"]), advisor=row["advisor"],
            attendees=row["attendees"], notes=row["notes"],
            questionnaire_version=row["questionnaire_version"],
            questionnaire_sha256=row["questionnaire_sha256"], preset=row["preset"],
            profile=json.loads(row["profile_json"]), answers=answers, actions=actions,
            score=row["score"], level=row["level"],
            blocking_open=tuple(json.loads(row["blocking_open_json"])),
            dimensions=json.loads(row["dimensions_json"]),
            created_at=row["created_at"], updated_at=row["updated_at"],
            carried_forward=frozenset(r["item_id"] for r in answer_rows if r["carried"]),
        )  # fmt: skip

    def list_for_company(self, company_id: str) -> list[SessionSummary]:
        """Oldest first (the timeline)."""
        rows = self.db.query(
            """
            SELECT s.*,
              (SELECT count(*) FROM readiness_actions a WHERE a.session_id = s.id) AS total,
              (SELECT count(*) FROM readiness_actions a
                WHERE a.session_id = s.id AND a.status = 'done') AS done
            FROM readiness_sessions s WHERE company_id = ? ORDER BY held_on, created_at
            """,
            [company_id],
        )
        return [
            SessionSummary(
                id=r["id"],
                held_on=date.fromisoformat(r["held_on"]),
                advisor=r["advisor"],
                score=r["score"],
                level=r["level"],
                blocking_open=len(json.loads(r["blocking_open_json"])),
                dimensions=json.loads(r["dimensions_json"]),
                questionnaire_version=r["questionnaire_version"],
                actions_total=r["total"],
                actions_done=r["done"],
            )
            for r in rows
        ]

    def latest(self, company_id: str) -> Session | None:
        summaries = self.list_for_company(company_id)
        return self.get(summaries[-1].id) if summaries else None

    def delete(self, session_id: str) -> None:
        self.get(session_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM readiness_sessions WHERE id = ?", [session_id])

    # ---- editing (each call is one transaction: autosave) -----------------------------------

    def save_answer(self, session_id: str, item_id: str, answer: Answer) -> ScoreResult:
        """Validates and stores one answer, then rescores and refreshes the plan (keeping the
        advisor's edits), all in one transaction."""
        session = self.get(session_id)
        q = self.questionnaire(session.questionnaire_version)
        raw = {"value": answer.value, "evidence": answer.evidence, "note": answer.note}
        parsed = parse_answers(q, session.profile, {item_id: raw})[item_id]
        if len(parsed.note) > MAX_TEXT:
            raise ValidationError(
                _("Too long: at most {limit} characters, this has {count}.").format(
                    limit=MAX_TEXT, count=len(parsed.note)
                ),
                field=f"answers.{item_id}.note",
            )
        with self.db.atomic():
            self._write_answer(session_id, item_id, parsed)
            return self.recompute(session_id, regenerate_plan=True)

    def clear_answer(self, session_id: str, item_id: str) -> ScoreResult:
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM readiness_answers WHERE session_id = ? AND item_id = ?",
                [session_id, item_id],
            )
            return self.recompute(session_id, regenerate_plan=True)

    def update_meta(
        self, session_id: str, *, held_on: date, advisor: str, attendees: str, notes: str
    ) -> None:
        self.get(session_id)
        _check_meta(advisor, attendees, notes)
        with self.db.atomic():
            self.db.execute(
                "UPDATE readiness_sessions SET held_on = ?, advisor = ?, attendees = ?, "
                "notes = ?, updated_at = ? WHERE id = ?",
                [held_on.isoformat(), advisor.strip(), attendees.strip(), notes.strip(),
                 utc_now_iso(), session_id])  # fmt: skip

    def update_profile(
        self, session_id: str, profile: Mapping[str, Any], preset: str | None = None
    ) -> ScoreResult:
        session = self.get(session_id)
        q = self.questionnaire(session.questionnaire_version)
        clean = validate_profile(q, dict(profile))
        if preset is not None and preset not in q.presets:
            raise ValidationError(
                _("Unknown weight preset {key}.").format(key=preset), field="preset"
            )
        parse_answers(q, clean, {k: _raw(a) for k, a in session.answers.items()})
        with self.db.atomic():
            self.db.execute(
                "UPDATE readiness_sessions SET profile_json = ?, preset = ?, updated_at = ? "
                "WHERE id = ?",
                [_dumps(clean), preset, utc_now_iso(), session_id],
            )
            return self.recompute(session_id, regenerate_plan=True)

    def recompute(self, session_id: str, *, regenerate_plan: bool = False) -> ScoreResult:
        """Scores the session, stores the snapshot and, if asked, a fresh action plan that keeps
        the advisor's custom actions and the status, notes and wording of existing ones."""
        session = self.get(session_id)
        q = self.questionnaire(session.questionnaire_version)
        result = score(q, session.profile, session.answers, session.preset)
        with self.db.atomic():
            self.db.execute(
                "UPDATE readiness_sessions SET score = ?, level = ?, blocking_open_json = ?, "
                "dimensions_json = ?, updated_at = ? WHERE id = ?",
                [result.score, result.level.key, _dumps(list(result.blocking_open)),
                 _dumps({d: v.score for d, v in result.dimensions.items()}), utc_now_iso(),
                 session_id])  # fmt: skip
            if regenerate_plan:
                self._regenerate_plan(session, q, result)
        return result

    def _regenerate_plan(self, session: Session, q: Questionnaire, result: ScoreResult) -> None:
        active = ServiceCatalogue(self.db).active_keys()
        planned = build_plan(
            q, session.profile, session.answers, result, session.held_on, active_services=active
        )
        kept: dict[str | None, ActionRecord] = {a.item_id: a for a in session.actions if a.item_id}
        records = []
        for p in planned:
            old = kept.get(p.item_id)
            records.append(ActionRecord(
                id=old.id if old else uuid.uuid4().hex, item_id=p.item_id, kind=p.kind,
                title=old.title if old else "", priority=p.priority, blocker=p.blocker,
                owner_role=p.owner_role, owner_name=old.owner_name if old else p.owner_name,
                service_key=old.service_key if old else p.service_key,
                due_on=old.due_on if old else p.due, status=old.status if old else "todo",
                later=p.later, note=old.note if old else "", done_on=old.done_on if old else None,
            ))  # fmt: skip
        records += [a for a in session.actions if a.kind == CUSTOM]
        self._write_actions(session.id, records)

    def regenerate_plan(self, session_id: str) -> tuple[ActionRecord, ...]:
        self.recompute(session_id, regenerate_plan=True)
        return self.get(session_id).actions

    def save_actions(self, session_id: str, actions: Sequence[ActionRecord]) -> None:
        """The advisor's plan as edited: order, wording, owner, service, due date, status."""
        self.get(session_id)
        errors = []
        for index, action in enumerate(actions):
            where = f"actions[{index}]"
            if action.status not in STATUSES:
                errors.append(
                    FieldError(
                        f"{where}.status",
                        _("{value} is not one of the allowed values: {allowed}.").format(
                            value=action.status, allowed=", ".join(STATUSES)
                        ),
                    )
                )
            if action.kind == CUSTOM and not action.title.strip():
                errors.append(FieldError(f"{where}.title", _("Describe the action.")))
            if len(action.title) > MAX_TEXT or len(action.note) > MAX_TEXT:
                errors.append(
                    FieldError(
                        where,
                        _("Too long: at most {limit} characters, this has {count}.").format(
                            limit=MAX_TEXT, count=max(len(action.title), len(action.note))
                        ),
                    )
                )
        if errors:
            raise ValidationError(errors)
        with self.db.atomic():
            self._write_actions(
                session_id,
                [
                    replace(a, done_on=a.done_on or (local_today() if a.status == "done" else None))
                    if a.status == "done"
                    else replace(a, done_on=None)
                    for a in actions
                ],
            )

    # ---- writing helpers --------------------------------------------------------------------

    def _write_answer(
        self, session_id: str, item_id: str, answer: Answer, *, carried: bool = False
    ) -> None:
        self.db.table("readiness_answers").upsert({
            "session_id": session_id, "item_id": item_id, "value_json": _dumps(answer.value),
            "evidence": answer.evidence, "note": answer.note, "updated_at": utc_now_iso(),
            "carried": int(carried),
        }, pk=("session_id", "item_id"))  # fmt: skip

    def _write_actions(self, session_id: str, actions: Iterable[ActionRecord]) -> None:
        self.db.execute("DELETE FROM readiness_actions WHERE session_id = ?", [session_id])
        rows = [
            {"id": a.id, "session_id": session_id, "position": i, "item_id": a.item_id,
             "kind": a.kind, "title": a.title, "priority": a.priority, "blocker": int(a.blocker),
             "owner_role": a.owner_role, "owner_name": a.owner_name,
             "service_key": a.service_key,
             "due_on": a.due_on.isoformat() if a.due_on else None, "status": a.status,
             "later": int(a.later), "note": a.note,
             "done_on": a.done_on.isoformat() if a.done_on else None,
             "updated_at": utc_now_iso()}
            for i, a in enumerate(actions)
        ]  # fmt: skip
        if rows:
            self.db.table("readiness_actions").insert_all(rows)

    # ---- files ------------------------------------------------------------------------------

    def export_json(self, session_id: str) -> dict[str, Any]:
        s = self.get(session_id)
        q = self.questionnaire(s.questionnaire_version)
        return {
            "format": EXPORT_FORMAT, "format_version": 1, "id": s.id,
            "company_id": s.company_id, "held_on": s.held_on.isoformat(), "advisor": s.advisor,
            "attendees": s.attendees, "notes": s.notes,
            "questionnaire": {"version": q.version, "sha256": q.sha256},
            "preset": s.preset, "profile": s.profile,
            "answers": {k: _raw(a) for k, a in s.answers.items()},
            "actions": [_action_json(a) for a in s.actions],
            "created_at": s.created_at, "updated_at": s.updated_at,
        }  # fmt: skip

    def import_json(self, data: Any, *, company_id: str | None = None) -> Session:
        """Creates or replaces the session of an export (same id: never a duplicate)."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise DataFileError(_("This is not an exported readiness session."))
        company_id = company_id or str(data.get("company_id", ""))
        CompanyRepository(self.db).get(company_id)
        version = str((data.get("questionnaire") or {}).get("version", ""))
        q = self.questionnaire(version)
        if (data.get("questionnaire") or {}).get("sha256") != q.sha256:
            raise DataFileError(
                _(
                    "The session was answered with a different questionnaire {version}; it cannot "
                    "be imported safely."
                ).format(version=version)
            )
        profile = validate_profile(q, data.get("profile") or {})
        answers = parse_answers(q, profile, data.get("answers") or {})
        try:
            held_on = date.fromisoformat(str(data.get("held_on")))
            actions = [_action_from_json(a) for a in data.get("actions") or []]
        except (TypeError, ValueError, KeyError) as exc:
            raise DataFileError(_("The session file has a malformed date or action.")) from exc
        session_id = str(data.get("id") or uuid.uuid4().hex)
        _check_meta(
            str(data.get("advisor", "")), str(data.get("attendees", "")), str(data.get("notes", ""))
        )
        with self.db.atomic():
            self.store_questionnaire(q)
            self.db.execute("DELETE FROM readiness_sessions WHERE id = ?", [session_id])
            self.db.table("readiness_sessions").insert({
                "id": session_id, "company_id": company_id, "held_on": held_on.isoformat(),
                "advisor": str(data.get("advisor", "")),
                "attendees": str(data.get("attendees", "")),
                "notes": str(data.get("notes", "")), "questionnaire_version": q.version,
                "questionnaire_sha256": q.sha256, "preset": data.get("preset"),
                "profile_json": _dumps(profile),
                "created_at": str(data.get("created_at") or utc_now_iso()),
                "updated_at": str(data.get("updated_at") or utc_now_iso()),
            })  # fmt: skip
            for item_id, answer in answers.items():
                self._write_answer(session_id, item_id, answer)
            self._write_actions(session_id, actions)
            result = score(q, profile, answers, data.get("preset"))
            self.db.execute(
                "UPDATE readiness_sessions SET score = ?, level = ?, blocking_open_json = ?, "
                "dimensions_json = ? WHERE id = ?",
                [
                    result.score,
                    result.level.key,
                    _dumps(list(result.blocking_open)),
                    _dumps({d: v.score for d, v in result.dimensions.items()}),
                    session_id,
                ],
            )
        return self.get(session_id)

    def answers_csv(self, session_id: str) -> str:
        """Answers for a spreadsheet: UTF-8 with BOM so that Excel shows Chinese correctly."""
        s = self.get(session_id)
        q = self.questionnaire(s.questionnaire_version)
        result = score(q, s.profile, s.answers, s.preset)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            [
                "item",
                "dimension",
                "question_zh",
                "question_en",
                "answer",
                "score",
                "evidence",
                "blocking_open",
                "note",
            ]
        )
        for item_id in result.applicable:
            item = q.by_id[item_id]
            answer = s.answers.get(item_id)
            s_value = result.item_scores[item_id]
            writer.writerow([
                item_id, item.dim, item.text.zh, item.text.en,
                "" if answer is None or answer.value is None else answer.value,
                "" if s_value is None else f"{s_value:.2f}",
                answer.evidence if answer else "none",
                "yes" if item_id in result.blocking_open else "", answer.note if answer else "",
            ])  # fmt: skip
        return "\ufeff" + out.getvalue()


def _check_meta(advisor: str, attendees: str, notes: str) -> None:
    errors = [
        FieldError(
            name,
            _("Too long: at most {limit} characters, this has {count}.").format(
                limit=limit, count=len(value)
            ),
        )
        for name, value, limit in (
            ("advisor", advisor, 100),
            ("attendees", attendees, 1000),
            ("notes", notes, MAX_TEXT),
        )
        if len(value) > limit
    ]
    if errors:
        raise ValidationError(errors)


def _raw(answer: Answer) -> dict[str, Any]:
    return {"value": answer.value, "evidence": answer.evidence, "note": answer.note}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _action(row: Mapping[str, Any]) -> ActionRecord:
    return ActionRecord(
        id=row["id"], item_id=row["item_id"], kind=row["kind"], title=row["title"],
        priority=row["priority"], blocker=bool(row["blocker"]), owner_role=row["owner_role"],
        owner_name=row["owner_name"], service_key=row["service_key"],
        due_on=date.fromisoformat(row["due_on"]) if row["due_on"] else None,
        status=row["status"], later=bool(row["later"]), note=row["note"],
        done_on=date.fromisoformat(row["done_on"]) if row["done_on"] else None,
    )  # fmt: skip


def _action_json(a: ActionRecord) -> dict[str, Any]:
    return {
        "id": a.id, "item_id": a.item_id, "kind": a.kind, "title": a.title,
        "priority": a.priority, "blocker": a.blocker, "owner_role": a.owner_role,
        "owner_name": a.owner_name, "service_key": a.service_key,
        "due_on": a.due_on.isoformat() if a.due_on else None, "status": a.status,
        "later": a.later, "note": a.note,
        "done_on": a.done_on.isoformat() if a.done_on else None,
    }  # fmt: skip


def _action_from_json(d: Mapping[str, Any]) -> ActionRecord:
    return ActionRecord(
        id=str(d["id"]), item_id=d.get("item_id"), kind=str(d["kind"]),
        title=str(d.get("title", "")), priority=float(d.get("priority", 0)),
        blocker=bool(d.get("blocker")), owner_role=str(d.get("owner_role", "")),
        owner_name=str(d.get("owner_name", "")), service_key=d.get("service_key"),
        due_on=date.fromisoformat(d["due_on"]) if d.get("due_on") else None,
        status=str(d.get("status", "todo")) if d.get("status") in STATUSES else "todo",
        later=bool(d.get("later")), note=str(d.get("note", "")),
        done_on=date.fromisoformat(d["done_on"]) if d.get("done_on") else None,
    )  # fmt: skip
