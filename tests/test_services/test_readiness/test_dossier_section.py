"""A company dossier carries its readiness sessions to another installation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.companies import dossier
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.errors import AppError
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.readiness.dossier_section import ReadinessSessionsSection
from services.readiness.scoring import Answer
from services.readiness.sessions import SessionRepository
from services.refdata.reference import ReferenceData

SECTIONS = (ReadinessSessionsSection(),)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[DataStore]:
    other = open_store(AppPaths(tmp_path / "elsewhere"))
    yield other
    other.close()


def test_sessions_travel_with_the_dossier(
    store: DataStore, elsewhere: DataStore, reference: ReferenceData, tmp_path: Path
) -> None:
    companies = CompanyRepository(store.db)
    load_sample(companies, reference.hs)
    sessions = SessionRepository(store.db)
    session = sessions.create(SAMPLE_ID, advisor="王顾问")
    sessions.save_answer(session.id, "PRD-01", Answer("yes", "seen"))
    path = dossier.export_dossier(companies, SAMPLE_ID, tmp_path / "d.epdossier", SECTIONS)
    assert len(json.loads(path.read_text("utf-8"))["sections"]["readiness_sessions"]) == 1

    there = CompanyRepository(elsewhere.db)
    result = dossier.import_dossier(there, path, reference.hs, SECTIONS)
    assert result.action == "created"
    copied = SessionRepository(elsewhere.db)
    assert copied.export_json(session.id) == sessions.export_json(session.id)
    again = dossier.import_dossier(there, path, reference.hs, SECTIONS)
    assert again.action == "unchanged"
    assert len(copied.list_for_company(SAMPLE_ID)) == 1


def test_a_bad_section_aborts_the_whole_import(
    store: DataStore, elsewhere: DataStore, reference: ReferenceData, tmp_path: Path
) -> None:
    companies = CompanyRepository(store.db)
    load_sample(companies, reference.hs)
    SessionRepository(store.db).create(SAMPLE_ID)
    path = dossier.export_dossier(companies, SAMPLE_ID, tmp_path / "d.epdossier", SECTIONS)
    data = json.loads(path.read_text("utf-8"))
    data["sections"]["readiness_sessions"][0]["answers"] = {"STR-01": "yes"}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(AppError):
        dossier.import_dossier(CompanyRepository(elsewhere.db), path, reference.hs, SECTIONS)
    assert CompanyRepository(elsewhere.db).count() == 0  # nothing half-imported
