"""The sample company: loaded once, clearly marked, showing every capability (a readiness
session, an origin assessment, a warehouse scenario), removed in one step."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from services.companies.models import Company, CompanyDraft
from services.companies.repository import CompanyRepository
from services.companies.sample import (
    SAMPLE_BATTERY_PACK_ID,
    SAMPLE_ID,
    load_sample,
    remove_samples,
    sample_draft,
)
from services.core.errors import ValidationError
from services.core.store import DataStore
from services.rcep.origin_store import OriginRepository
from services.rcep.sample_origin import SampleOriginAssessment
from services.readiness.sample_session import SampleReadinessSession
from services.readiness.sessions import SessionRepository
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData
from services.warehouse.repository import PlanRepository
from services.warehouse.sample_scenario import SampleWarehouseScenario


def test_load_twice_gives_one_sample(store: DataStore, reference: ReferenceData) -> None:
    repo = CompanyRepository(store.db)
    first = load_sample(repo, reference.hs)
    second = load_sample(repo, reference.hs)
    assert first.id == second.id == SAMPLE_ID
    assert repo.count() == 1
    assert first.is_sample
    assert first.products
    assert first.contacts
    assert first.markets


def test_remove_only_touches_samples(store: DataStore, reference: ReferenceData) -> None:
    repo = CompanyRepository(store.db)
    load_sample(repo, reference.hs)
    mine = repo.save(CompanyDraft(name_zh="我的公司"), reference.hs)
    assert remove_samples(repo) == 1
    assert [c.id for c in repo.find()] == [mine.id]
    assert store.db.table("company_products").count == 0
    assert remove_samples(repo) == 0


# ---- the capabilities' sample records (main.SAMPLE_EXTRAS) ---------------------------------

EXTRAS = (SampleReadinessSession(), SampleOriginAssessment(), SampleWarehouseScenario())
SAMPLE_TABLES = (
    "readiness_sessions",
    "readiness_answers",
    "readiness_actions",
    "origin_boms",
    "origin_assessments",
    "warehouse_plans",
)


def _counts(db: Database) -> dict[str, int]:
    return {table: db.table(table).count for table in SAMPLE_TABLES}


def test_the_app_loads_every_extra() -> None:
    import main

    assert {type(e) for e in main.SAMPLE_EXTRAS} == {type(e) for e in EXTRAS}


def test_sample_has_a_session_an_assessment_and_a_scenario(
    store: DataStore, reference: ReferenceData
) -> None:
    load_sample(CompanyRepository(store.db), reference.hs, EXTRAS)

    session = SessionRepository(store.db).latest(SAMPLE_ID)
    assert session is not None
    assert len(session.answers) > 40
    assert session.level is not None
    assert session.profile["product_flags"] == ["electrical", "battery"]
    assert [a.item_id for a in session.actions if a.status == "doing"] == ["PRD-10"]
    custom = [a for a in session.actions if a.kind == "custom"]
    assert len(custom) == 1
    assert custom[0].title

    origin = OriginRepository(store.db, reference.hs)
    [assessment] = origin.assessments_for_company(SAMPLE_ID)
    assert assessment.product_id == SAMPLE_BATTERY_PACK_ID
    assert (assessment.exporting_party, assessment.importing_party) == ("CN", "JP")
    assert assessment.originating
    assert assessment.criterion == "CTC ACU"  # the Korean cells count through accumulation
    assert "GACC" in assessment.rule_source
    assert "129" in assessment.rule_source
    bom = origin.bom(assessment.bom_id)
    cells = next(m for m in bom.materials if m.origin == "KR")
    assert cells.originating
    assert cells.evidence_ref
    assert [m.name for m in bom.materials if not m.originating] == ["铝制外壳"]  # Chinese UI
    # the rule travels with the assessment only: no user rule outlives the sample
    assert store.db.table("psr_rules").count == 0

    [summary] = PlanRepository(store.db).list_for_company(SAMPLE_ID)
    plan = PlanRepository(store.db).get(summary.id).plan
    assert summary.markets == ("JP",)
    assert plan.skus[0].hs == "850760"
    assert plan.skus[0].markets[0].rcep_preference


def test_loading_twice_duplicates_nothing(store: DataStore, reference: ReferenceData) -> None:
    repo = CompanyRepository(store.db)
    load_sample(repo, reference.hs, EXTRAS)
    first = _counts(store.db)
    assert all(first.values()), first
    load_sample(repo, reference.hs, EXTRAS)
    assert _counts(store.db) == first
    assert repo.count() == 1


def test_loading_again_completes_a_sample_without_extras(
    store: DataStore, reference: ReferenceData
) -> None:
    repo = CompanyRepository(store.db)
    load_sample(repo, reference.hs)  # as an earlier version of the app did
    assert not any(_counts(store.db).values())
    load_sample(repo, reference.hs, EXTRAS)
    assert store.db.table("readiness_sessions").count == 1
    assert store.db.table("origin_assessments").count == 1
    assert store.db.table("warehouse_plans").count == 1


def test_removal_clears_every_extra(store: DataStore, reference: ReferenceData) -> None:
    repo = CompanyRepository(store.db)
    load_sample(repo, reference.hs, EXTRAS)
    assert remove_samples(repo) == 1
    assert _counts(store.db) == dict.fromkeys(SAMPLE_TABLES, 0)


class _FailingExtra:
    def add(self, db: Database, hs: HsNomenclature, company: Company) -> None:
        raise ValidationError("broken extra")


def test_a_failing_extra_leaves_nothing_behind(store: DataStore, reference: ReferenceData) -> None:
    repo = CompanyRepository(store.db)
    with pytest.raises(ValidationError, match="broken extra"):
        load_sample(repo, reference.hs, (*EXTRAS, _FailingExtra()))
    assert repo.count() == 0
    assert _counts(store.db) == dict.fromkeys(SAMPLE_TABLES, 0)


def test_no_sample_records_on_a_company_no_longer_marked_as_sample(
    store: DataStore, reference: ReferenceData
) -> None:
    repo = CompanyRepository(store.db)
    repo.save(sample_draft(), reference.hs, create=True)  # e.g. merged from a real dossier
    load_sample(repo, reference.hs, (_FailingExtra(),))
    assert not repo.get(SAMPLE_ID).is_sample
