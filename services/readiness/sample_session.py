"""The sample company's advisory session: a new-energy manufacturer that exports now and then,
answered item by item with a realistic mix of strengths and gaps, and its action plan with the
first action under way and one action the advisor added (a services.companies.sample extra).

Its texts are written in the language in use when the sample is loaded. Answers that the
active questionnaire does not know (a newer questionnaire pack) are left out, so loading the
sample never fails on a changed questionnaire.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from services.companies.models import Company
from services.core.clock import local_today
from services.core.i18n import _
from services.readiness.action_plan import CUSTOM
from services.readiness.questionnaire import Questionnaire, active_questionnaire
from services.readiness.scoring import UNKNOWN, parse_answers
from services.readiness.sessions import ActionRecord, SessionRepository
from services.refdata.hs import HsNomenclature

# What the dossier does not say: battery products, declared by the company itself (0110).
PROFILE_FACTS: dict[str, Any] = {
    "product_flags": ["electrical", "battery"],
    "export_mode": "0110",
    "taxpayer": "general",
    "own_brand": True,
    "payment_terms_planned": ["prepaid", "lc"],
    "order_horizon": "m3",
}
STARTED_ITEM = "PRD-10"  # dangerous-goods documents for lithium batteries: already under way


def _answers() -> dict[str, Any]:
    """Item id → answer as ``parse_answers`` takes it (a value, or value with evidence/note)."""
    return {
        "STR-01": 2, "STR-02": 1, "STR-03": "partial", "STR-04": "yes",
        "ORG-01": 1, "ORG-02": 2, "ORG-03": "partial", "ORG-04": 20,
        "ORG-05": {"value": "yes", "evidence": "seen",
                   "note": _("ISO 9001 certificate seen, valid until next year.")},
        "REG-01": {"value": "yes", "evidence": "seen"},
        "REG-02": {"value": "yes", "evidence": "seen"},
        "REG-03": {"value": "yes", "evidence": "claimed"},
        "REG-04": {"value": "yes", "evidence": "seen"},
        "REG-05": {"value": "yes", "evidence": "seen"},
        "REG-06": "no", "REG-07": "yes",
        "PRD-01": {"value": "yes", "evidence": "seen"},
        "PRD-02": "partial",
        "PRD-03": {"value": "yes", "evidence": "attached"},
        "PRD-04": "partial",
        "PRD-07": {"value": "no",
                   "note": _("Ask the Japanese buyer which certificates its importer needs.")},
        "PRD-08": "no", "PRD-09": {"value": "yes", "evidence": "claimed"},
        "PRD-10": {"value": "partial", "note": _(
            "UN38.3 test report and safety data sheet on file; dangerous-goods packaging not "
            "arranged yet."
        )},
        "PRD-12": "partial", "PRD-13": "yes", "PRD-14": 2,
        "MKT-01": 2, "MKT-02": "partial",
        "MKT-03": {"value": "partial", "note": _(
            "RCEP origin of the battery pack checked for Japan; tariffs of the other markets not "
            "compared yet."
        )},
        "MKT-04": 2, "MKT-05": "yes", "MKT-06": "partial", "MKT-07": "partial", "MKT-08": "no",
        "DIG-01": 2, "DIG-02": 1, "DIG-04": 1, "DIG-05": "partial",
        "DIG-07": {"value": "yes", "evidence": "seen"},
        "OPS-01": {"value": "yes", "evidence": "seen"},
        "OPS-02": "partial", "OPS-03": 1, "OPS-04": "partial", "OPS-05": "partial",
        "OPS-06": "yes",
        "FIN-01": 1, "FIN-02": "no", "FIN-03": "no", "FIN-04": 1, "FIN-05": "partial",
        "FIN-06": "partial", "FIN-07": "no",
        "IPC-01": "yes", "IPC-02": "no", "IPC-03": UNKNOWN, "IPC-04": "partial", "IPC-05": "no",
        "IPC-06": "yes", "IPC-07": "partial", "IPC-09": "partial",
    }  # fmt: skip


def _fits(q: Questionnaire, profile: dict[str, Any], item_id: str, raw: Any) -> bool:
    item = q.by_id.get(item_id)
    if item is None or not item.scored or not q.applies(item, profile):
        return False
    value = raw.get("value") if isinstance(raw, dict) else raw
    if item.type == "number":
        return isinstance(value, int | float)
    return value == UNKNOWN or value in q.options(item)


class SampleReadinessSession:
    """services.companies.sample.SampleExtra: one answered session with its action plan."""

    def add(self, db: Database, hs: HsNomenclature, company: Company) -> None:
        repo = SessionRepository(db)
        if repo.list_for_company(company.id):
            return
        q = active_questionnaire(db)
        profile = {**repo.default_profile(company.id), **PROFILE_FACTS}
        raw = {k: v for k, v in _answers().items() if _fits(q, profile, k, v)}
        today = local_today()
        session = repo.create(
            company.id,
            held_on=today,
            advisor=_("Chen Jing"),
            attendees=_("Zhang Wei (general manager), Li Na (trade lead)"),
            notes=_(
                "First incubation session. The company sells battery packs through agents and a "
                "B2B platform and wants regular orders from Japan and Korea; product "
                "certification for those markets and credit risk are the main gaps."
            ),
            profile=profile,
            answers=parse_answers(q, profile, raw),
            q=q,
        )
        actions = [
            replace(
                a,
                status="doing",
                note=_("Quotes for UN-approved dangerous-goods packaging requested."),
            )
            if a.item_id == STARTED_ITEM
            else a
            for a in session.actions
        ]
        actions.append(
            ActionRecord(
                id=uuid.uuid4().hex,
                item_id=None,
                kind=CUSTOM,
                title=_("Prepare a Japanese-language catalogue of the battery pack"),
                owner_role="trade_lead",
                owner_name=_("Li Na"),
                due_on=today + timedelta(days=30),
            )
        )
        repo.save_actions(session.id, actions)
