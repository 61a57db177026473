"""Readiness sessions travel with the company dossier (section ``readiness_sessions``).

Export: every session of the company as its session JSON. Import: merged by session id — an
identical session is left alone, a different one replaces the local copy, local-only sessions
stay. A session answered with a questionnaire this installation does not have is refused (with
the whole import) rather than half-read.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from services.core.errors import ValidationError
from services.core.i18n import _
from services.readiness.sessions import SessionRepository


class ReadinessSessionsSection:
    name = "readiness_sessions"

    def export(self, db: Database, company_id: str) -> Any:
        repo = SessionRepository(db)
        return [repo.export_json(s.id) for s in repo.list_for_company(company_id)]

    def merge(self, db: Database, company_id: str, data: Any) -> bool:
        if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
            raise ValidationError(
                _("Wrong type for {field}.").format(field=f"sections.{self.name}"),
                field=f"sections.{self.name}",
            )
        repo = SessionRepository(db)
        local = {s.id for s in repo.list_for_company(company_id)}
        changed = False
        for session in data:
            incoming = {**session, "company_id": company_id}
            if session.get("id") in local and repo.export_json(str(session["id"])) == incoming:
                continue
            repo.import_json(incoming, company_id=company_id)
            changed = True
        return changed
