"""Shared helpers of the readiness widget tests: the sample company with sessions."""

from __future__ import annotations

from datetime import date

from gui.context import GuiContext
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.readiness.sessions import Session, SessionRepository


def sample_session(ctx: GuiContext, held_on: date | None = None) -> Session:
    load_sample(CompanyRepository(ctx.store.db), ctx.reference.hs)
    return SessionRepository(ctx.store.db).create(
        SAMPLE_ID, held_on=held_on or date(2026, 3, 2), advisor="王顾问"
    )


def repo(ctx: GuiContext) -> SessionRepository:
    return SessionRepository(ctx.store.db)
