"""The sample company: loaded once, clearly marked, removed in one step."""

from __future__ import annotations

from services.companies.models import CompanyDraft
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample, remove_samples
from services.core.store import DataStore
from services.refdata.reference import ReferenceData


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
