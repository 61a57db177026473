"""Company repository: save, find, archive, delete — always whole or not at all."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.companies.models import CompanyDraft, CompanyFilter, Contact, Product
from services.companies.repository import CompanyRepository
from services.core.errors import NotFoundError, ValidationError
from services.core.store import DataStore
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData

USCC = "91420703MA49Y0AB3Y"


@pytest.fixture
def repo(store: DataStore) -> CompanyRepository:
    return CompanyRepository(store.db)


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


def _draft(**changes: object) -> CompanyDraft:
    base = CompanyDraft(
        name_zh="鄂州光电科技有限公司",
        name_en="Ezhou Optoelectronics Co., Ltd.",
        uscc=USCC,
        industry="optoelectronics",
        company_type="manufacturer",
        stage="never",
        markets=("JP", "ASEAN"),
        channels=("b2b_platform",),
        contacts=(Contact("trade_lead", "李娜", "13871234567", "li@example.com"),),
        products=(Product("光模块", "8517.62"), Product("锂电池", "850760")),
        notes="第一次辅导",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_save_and_read_back(repo: CompanyRepository, hs: HsNomenclature) -> None:
    saved = repo.save(_draft(), hs)
    loaded = repo.get(saved.id)
    assert loaded == saved
    assert loaded.products[0].hs_code == "851762"
    assert loaded.markets == ("JP", "ASEAN")
    assert loaded.contacts[0].name == "李娜"
    assert not loaded.archived
    assert not loaded.is_sample


def test_update_keeps_identity_and_creation_time(
    repo: CompanyRepository, hs: HsNomenclature
) -> None:
    saved = repo.save(_draft(), hs)
    draft = saved.to_draft()
    updated = repo.save(replace(draft, name_en="New name", products=draft.products[:1]), hs)
    assert updated.id == saved.id
    assert updated.created_at == saved.created_at
    assert repo.get(saved.id).name_en == "New name"
    assert len(repo.get(saved.id).products) == 1
    assert repo.count() == 1


def test_invalid_input_writes_nothing(repo: CompanyRepository, hs: HsNomenclature) -> None:
    saved = repo.save(_draft(), hs)
    bad = saved.to_draft()
    with pytest.raises(ValidationError):
        repo.save(replace(bad, name_en="changed", uscc="bad"), hs)
    assert repo.get(saved.id) == saved


def test_duplicate_uscc_is_refused_naming_the_other_company(
    repo: CompanyRepository, hs: HsNomenclature
) -> None:
    repo.save(_draft(), hs)
    with pytest.raises(ValidationError) as info:
        repo.save(_draft(name_zh="另一家公司"), hs)
    assert info.value.field == "uscc"
    assert "鄂州光电科技有限公司" in info.value.message
    assert repo.count() == 1


def test_unknown_id_is_not_found(repo: CompanyRepository, hs: HsNomenclature) -> None:
    with pytest.raises(NotFoundError):
        repo.get("nope")
    with pytest.raises(NotFoundError):
        repo.save(_draft(id="nope"), hs)
    with pytest.raises(NotFoundError):
        repo.delete("nope")


def test_find_by_text_industry_market(repo: CompanyRepository, hs: HsNomenclature) -> None:
    a = repo.save(_draft(), hs)
    b = repo.save(
        _draft(
            name_zh="葛店生物医药有限公司",
            name_en="Gedian Bio",
            uscc="",
            industry="biomedicine",
            markets=("EU",),
            products=(Product("疫苗", "300241"),),
        ),
        hs,
    )

    def ids(**kw: object) -> list[str]:
        return [c.id for c in repo.find(CompanyFilter(**kw))]  # type: ignore[arg-type]

    assert ids(text="光电") == [a.id]
    assert ids(text="gedian") == [b.id]
    assert ids(text="91420703ma49") == [a.id]
    assert ids(text="8507") == [a.id]
    assert ids(text="8517.62") == [a.id]
    assert ids(text="疫苗") == [b.id]
    assert ids(industry="biomedicine") == [b.id]
    assert ids(market="JP") == [a.id]
    assert ids(text="100%_") == []
    assert set(ids()) == {a.id, b.id}
    summary = repo.find(CompanyFilter(text="光电"))[0]
    assert summary.product_count == 2
    assert summary.markets == ("JP", "ASEAN")


def test_sorting(repo: CompanyRepository, hs: HsNomenclature) -> None:
    repo.save(_draft(name_zh="B公司", uscc=""), hs)
    repo.save(_draft(name_zh="A公司", uscc=""), hs)
    names = [c.name_zh for c in repo.find(CompanyFilter(sort="name"))]
    assert names == ["A公司", "B公司"]
    names = [c.name_zh for c in repo.find(CompanyFilter(sort="name", descending=True))]
    assert names == ["B公司", "A公司"]


def test_archive_and_restore(repo: CompanyRepository, hs: HsNomenclature) -> None:
    saved = repo.save(_draft(), hs)
    repo.set_archived(saved.id, True)
    assert repo.find(CompanyFilter()) == []
    assert [c.id for c in repo.find(CompanyFilter(include_archived=True))] == [saved.id]
    assert [c.id for c in repo.find(CompanyFilter(only_archived=True))] == [saved.id]
    assert repo.get(saved.id).archived
    repo.set_archived(saved.id, False)
    assert [c.id for c in repo.find(CompanyFilter())] == [saved.id]


def test_delete_removes_children(repo: CompanyRepository, hs: HsNomenclature) -> None:
    saved = repo.save(_draft(), hs)
    repo.delete(saved.id)
    for table in (
        "companies",
        "company_contacts",
        "company_products",
        "company_markets",
        "company_channels",
    ):
        assert repo.db.table(table).count == 0
