"""Dossier files: export, import into another installation, merge without duplicates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.companies import dossier
from services.companies.models import CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.core.errors import AppError, DataFileError, ValidationError
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


@pytest.fixture
def here(store: DataStore) -> CompanyRepository:
    return CompanyRepository(store.db)


@pytest.fixture
def there(tmp_path: Path) -> Iterator[CompanyRepository]:
    other = open_store(AppPaths(tmp_path / "elsewhere"))
    yield CompanyRepository(other.db)
    other.close()


def _company(repo: CompanyRepository, hs: HsNomenclature, **kw: object) -> str:
    base = CompanyDraft(
        name_zh="葛店新材料有限公司<&>😀",
        uscc="91420703MA49Y0AB3Y",
        industry="new_materials",
        markets=("KR",),
        channels=("oem",),
        contacts=(Contact("boss", "王芳", "13871234567", "wang@example.com"),),
        products=(Product("石墨烯膜", "3920.99"),),
        notes='备注 "quoted" <tag>',
    )
    return repo.save(replace(base, **kw), hs).id  # type: ignore[arg-type]


def test_export_then_import_elsewhere_reproduces_the_company(
    here: CompanyRepository, there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    path = dossier.export_dossier(here, cid, tmp_path / "a.epdossier")
    result = dossier.import_dossier(there, path, hs)
    assert (result.action, result.matched_by, result.company_id) == ("created", None, cid)
    assert there.get(cid) == here.get(cid)


def test_importing_twice_never_duplicates(
    here: CompanyRepository, there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    path = dossier.export_dossier(here, cid, tmp_path / "a.epdossier")
    dossier.import_dossier(there, path, hs)
    again = dossier.import_dossier(there, path, hs)
    assert again.action == "unchanged"
    assert there.count() == 1
    assert there.db.table("company_contacts").count == 1


def test_newer_dossier_wins_and_local_only_records_are_kept(
    here: CompanyRepository, there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    dossier.import_dossier(there, dossier.export_dossier(here, cid, tmp_path / "1.epdossier"), hs)
    # elsewhere: a contact is added
    remote = there.get(cid).to_draft()
    extra = Contact("finance", "赵六", "", "zhao@example.com")
    there.save(replace(remote, contacts=(*remote.contacts, extra)), hs)
    # here, later: the English name changes and a product is added
    local = here.get(cid).to_draft()
    new_product = Product("涂层", "3209.10")
    here.save(
        replace(local, name_en="Gedian New Materials", products=(*local.products, new_product)),
        hs,
    )
    result = dossier.import_dossier(
        there, dossier.export_dossier(here, cid, tmp_path / "2.epdossier"), hs
    )
    merged = there.get(cid)
    assert result.action == "updated"
    assert merged.name_en == "Gedian New Materials"
    assert [c.name for c in merged.contacts] == ["王芳", "赵六"]
    assert [p.name for p in merged.products] == ["石墨烯膜", "涂层"]


def test_older_dossier_does_not_overwrite_newer_local_fields(
    here: CompanyRepository, there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    old = dossier.export_dossier(here, cid, tmp_path / "old.epdossier")
    dossier.import_dossier(there, old, hs)
    remote = there.get(cid).to_draft()
    there.save(replace(remote, notes="newer note"), hs)
    dossier.import_dossier(there, old, hs)
    assert there.get(cid).notes == "newer note"


def test_same_company_created_separately_is_matched_by_uscc(
    here: CompanyRepository, there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    local_id = _company(there, hs, name_zh="葛店新材料")
    result = dossier.import_dossier(
        there, dossier.export_dossier(here, cid, tmp_path / "x.epdossier"), hs
    )
    assert (result.matched_by, result.company_id) == ("uscc", local_id)
    assert there.count() == 1


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("not json", DataFileError),
        ("[]", DataFileError),
        ('{"format": "something-else"}', DataFileError),
        ('{"format": "exportpilot-dossier", "format_version": 99, "company": {}}', DataFileError),
        ('{"format": "exportpilot-dossier", "format_version": 1}', ValidationError),
        (
            '{"format": "exportpilot-dossier", "format_version": 1, "company": {"id": "x",'
            ' "name_zh": "甲", "uscc": "123"}}',
            ValidationError,
        ),
        (
            '{"format": "exportpilot-dossier", "format_version": 1, "company": {"id": "x",'
            ' "name_zh": "甲", "contacts": "nobody"}}',
            ValidationError,
        ),
        (
            '{"format": "exportpilot-dossier", "format_version": 1, "company": {"id": "x",'
            ' "name_zh": "甲", "updated_at": "yesterday"}}',
            ValidationError,
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    there: CompanyRepository,
    hs: HsNomenclature,
    tmp_path: Path,
    content: str,
    error: type[AppError],
) -> None:
    path = tmp_path / "bad.epdossier"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(error):
        dossier.import_dossier(there, path, hs)
    assert there.count() == 0


def test_field_errors_name_the_path_in_the_file(
    there: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    path = tmp_path / "bad.epdossier"
    path.write_text(
        json.dumps(
            {
                "format": "exportpilot-dossier",
                "format_version": 1,
                "company": {"id": "x", "name_zh": "甲", "products": [{"name": "a", "hs": "12"}]},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        dossier.import_dossier(there, path, hs)
    assert info.value.field == "company.products[0].hs"


def test_export_to_an_unwritable_place_is_a_clear_error(
    here: CompanyRepository, hs: HsNomenclature, tmp_path: Path
) -> None:
    cid = _company(here, hs)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFileError):
        dossier.export_dossier(here, cid, blocker / "sub" / "a.epdossier")


names = st.text(alphabet="甲乙丙丁公司有限ABCabc <&>\"'😀", min_size=1, max_size=30).filter(
    lambda s: s.strip()
)


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    name=names,
    notes=st.text(max_size=200).filter(lambda s: "\x00" not in s),
    markets=st.lists(st.sampled_from(["JP", "KR", "EU", "ASEAN", "US", "DE"]), max_size=4),
)
def test_round_trip_of_arbitrary_dossiers(
    tmp_path_factory: pytest.TempPathFactory,
    hs: HsNomenclature,
    name: str,
    notes: str,
    markets: list[str],
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    source = open_store(AppPaths(folder / "a"))
    target = open_store(AppPaths(folder / "b"))
    try:
        a, b = CompanyRepository(source.db), CompanyRepository(target.db)
        try:
            cid = a.save(CompanyDraft(name_zh=name, notes=notes, markets=tuple(markets)), hs).id
        except ValidationError:
            return  # e.g. control characters in notes: refused on input, nothing to carry
        dossier.import_dossier(b, dossier.export_dossier(a, cid, folder / "d.epdossier"), hs)
        assert b.get(cid) == a.get(cid)
    finally:
        source.close()
        target.close()
