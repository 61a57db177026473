"""Saved BOM versions and origin assessments per company product; the dossier section; the
``origin assessments`` and ``origin whatif`` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import main
from services.companies import dossier
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.errors import AppError, NotFoundError, ValidationError
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.rcep.bom import Bom, BomMaterial, bom_to_request
from services.rcep.origin_dossier import OriginSection
from services.rcep.origin_store import OriginRepository
from services.readiness.dossier_section import ReadinessSessionsSection
from services.refdata.reference import ReferenceData

PRODUCT = "sample-product-battery"
DAY = date(2026, 6, 1)


def battery(**changes: Any) -> Bom:
    base = Bom(
        company_id=SAMPLE_ID,
        product_id=PRODUCT,
        product_hs="850760",
        currency="USD",
        fob_value=Decimal(100),
        materials=(
            BomMaterial("cells", Decimal(30), "850760", "KR", True, "KR-1"),
            BomMaterial("casing", Decimal(45), "392690"),
        ),
    )
    return replace(base, **changes)


@pytest.fixture
def repo(store: DataStore, reference: ReferenceData) -> OriginRepository:
    load_sample(CompanyRepository(store.db), reference.hs)
    return OriginRepository(store.db, reference.hs)


def count(repo: OriginRepository, table: str) -> int:
    return int(next(repo.db.query(f"SELECT count(*) AS n FROM {table}"))["n"])


def test_versions_per_product(repo: OriginRepository) -> None:
    first = repo.save_bom(battery())
    assert (first.version, first.stored) == (1, True)
    assert repo.save_bom(battery()) == first  # the same figures: no new version
    assert repo.save_bom(replace(first, saved_at="")) == first
    second = repo.save_bom(battery(fob_value=Decimal(120)))
    assert second.version == 2
    assert second.id != first.id
    assert repo.latest_bom(PRODUCT) == second
    assert [b.version for b in repo.bom_versions(PRODUCT)] == [1, 2]
    assert repo.bom(first.id) == first
    assert repo.bom(first.id).materials[0].evidence_ref == "KR-1"
    assert repo.latest_bom("sample-product-pv") is None
    other = repo.save_bom(battery(product_id="sample-product-pv", product_hs="854143"))
    assert other.version == 1


def test_the_quantity_is_part_of_a_version(repo: OriginRepository) -> None:
    first = repo.save_bom(battery())
    counted = repo.save_bom(battery(quantity=Decimal(500), quantity_unit="pieces"))
    assert counted.version == first.version + 1  # a new quantity is a new version
    assert repo.latest_bom(PRODUCT) == counted
    assert repo.bom(counted.id).quantity_text == "500 pieces"
    assert repo.save_bom(battery(quantity=Decimal("500.00"), quantity_unit="pieces")) == counted


def test_an_invalid_bom_saves_nothing(repo: OriginRepository) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.save_bom(battery(fob_value=Decimal(0), product_hs="8507.99"))
    assert {e.field for e in caught.value.errors} == {"fob_value", "product_hs"}
    with pytest.raises(ValidationError) as caught:
        repo.save_bom(battery(product_id="not-a-product"))
    assert caught.value.field == "product_id"
    with pytest.raises(NotFoundError):
        repo.save_bom(battery(company_id="nobody"))
    assert count(repo, "origin_boms") == 0
    with pytest.raises(NotFoundError):
        repo.bom("missing")


def test_save_assessment_stores_the_bom_request_and_result(repo: OriginRepository) -> None:
    saved = repo.save_assessment(battery(), "JP", "CTH or RVC40", "user", DAY)
    bom = repo.latest_bom(PRODUCT)
    assert bom is not None
    assert (saved.bom_id, saved.bom_version) == (bom.id, 1)
    assert saved.originating is True
    assert saved.request == bom_to_request(bom, importing_party="JP", rule_text="CTH or RVC40")
    assert saved.result["rvc"]["build_down"] == pytest.approx(55.0)
    assert repo.get(saved.id) == saved
    # a changed BOM that still carries the old id is stored as a new version first
    again = repo.save_assessment(
        replace(bom, fob_value=Decimal(50)), "JP", "CTH or RVC40", "user", DAY
    )
    assert again.bom_version == 2
    same = repo.save_assessment(bom, "KR", "CTH or RVC40", "user", DAY)
    assert same.bom_version == 1  # an unchanged stored version is used as it is


def test_the_verdict_is_the_engines(repo: OriginRepository) -> None:
    saved = repo.save_assessment(battery(), "JP", "CTH or RVC40", "manual", DAY)
    assert saved.originating is True
    # the Korean cells share heading 8507: CTH is met only with them counted as originating
    assert saved.criterion == "CTC ACU"
    assert saved.result["alternatives_met"] == ["CTH", "RVC40"]
    assert saved.rule_text == "CTH or RVC40"
    assert saved.rule_source == "manual"
    failing = repo.save_assessment(
        battery(fob_value=Decimal(50), materials=(BomMaterial("cells", Decimal(40), "850760"),)),
        "JP",
        "CTH or RVC40",
        "manual",
        DAY,
    )
    assert failing.originating is False
    assert failing.criterion is None


def test_engine_errors_save_nothing_and_point_at_bom_fields(repo: OriginRepository) -> None:
    no_hs = battery(materials=(BomMaterial("casing", Decimal(45), None),))
    with pytest.raises(ValidationError) as caught:
        repo.save_assessment(no_hs, "JP", "CTSH", "manual", DAY)
    assert caught.value.field == "materials[0].hs"
    with pytest.raises(ValidationError) as caught:
        repo.save_assessment(battery(), "JP", "CTH maybe", "manual", DAY)
    assert caught.value.code == "bad_rule"
    with pytest.raises(ValidationError):
        repo.save_assessment(battery(), "US", "CTH", "manual", DAY)
    assert count(repo, "origin_boms") == 0
    assert count(repo, "origin_assessments") == 0


def test_writes_are_atomic(repo: OriginRepository, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repo, "write_assessment", broken)
    with pytest.raises(RuntimeError):
        repo.save_assessment(battery(), "JP", "CTH or RVC40", "manual", DAY)
    assert count(repo, "origin_boms") == 0  # the BOM saved first was rolled back too


def test_list_duplicate_delete_and_removed_products(
    repo: OriginRepository, reference: ReferenceData
) -> None:
    first = repo.save_assessment(battery(), "JP", "CTH or RVC40", "manual", date(2026, 5, 1))
    pv = repo.save_assessment(
        battery(product_id="sample-product-pv", product_hs="854143"),
        "KR",
        "CTH or RVC40",
        "psr",
        date(2026, 5, 2),
    )
    copy = repo.duplicate_for_party(first.id, "kr", DAY)
    assert (copy.bom_id, copy.rule_text, copy.rule_source) == (
        first.bom_id,
        "CTH or RVC40",
        "manual",
    )
    assert copy.importing_party == "KR"
    assert copy.id != first.id
    with pytest.raises(ValidationError):
        repo.duplicate_for_party(first.id, "JP", DAY)  # already for JP
    with pytest.raises(ValidationError):
        repo.duplicate_for_party(first.id, "", DAY)
    listed = repo.list_for_company(SAMPLE_ID)
    assert [s.id for s in listed] == [copy.id, pv.id, first.id]  # newest first
    names = {p.id: p.name for p in CompanyRepository(repo.db).get(SAMPLE_ID).products}
    assert listed[0].product_name == names[PRODUCT]
    assert listed[0].product_hs == "850760"
    assert listed[0].bom_version == 1
    assert not any(s.product_removed for s in listed)

    companies = CompanyRepository(repo.db)
    company = companies.get(SAMPLE_ID)
    draft = replace(
        company.to_draft(), products=tuple(p for p in company.products if p.id != PRODUCT)
    )
    companies.save(replace(draft, id=SAMPLE_ID), reference.hs)
    after = {s.id: s for s in repo.list_for_company(SAMPLE_ID)}
    assert after[first.id].product_removed
    assert after[first.id].product_name == ""
    assert after[first.id].product_hs == "850760"  # from the BOM
    assert not after[pv.id].product_removed

    repo.delete(copy.id)
    assert copy.id not in {s.id for s in repo.list_for_company(SAMPLE_ID)}
    with pytest.raises(NotFoundError):
        repo.get(copy.id)
    with pytest.raises(NotFoundError):
        repo.list_for_company("nobody")

    companies.delete(SAMPLE_ID)
    assert count(repo, "origin_boms") == count(repo, "origin_assessments") == 0


# --- dossiers --------------------------------------------------------------------------------


SECTIONS = (ReadinessSessionsSection(), OriginSection())


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[DataStore]:
    other = open_store(AppPaths(tmp_path / "elsewhere"))
    yield other
    other.close()


def test_boms_and_assessments_travel_with_the_dossier(
    repo: OriginRepository, elsewhere: DataStore, reference: ReferenceData, tmp_path: Path
) -> None:
    first = repo.save_assessment(battery(), "JP", "CTH or RVC40", "manual", DAY)
    repo.save_bom(battery(fob_value=Decimal(120)))
    repo.duplicate_for_party(first.id, "KR", DAY)
    companies = CompanyRepository(repo.db)
    path = dossier.export_dossier(companies, SAMPLE_ID, tmp_path / "d.epdossier", SECTIONS)
    carried = json.loads(path.read_text("utf-8"))["sections"]["origin_assessments"]
    assert (len(carried["boms"]), len(carried["assessments"])) == (2, 2)

    there = CompanyRepository(elsewhere.db)
    assert dossier.import_dossier(there, path, reference.hs, SECTIONS).action == "created"
    section = OriginSection(reference.hs)
    assert section.export(elsewhere.db, SAMPLE_ID) == section.export(repo.db, SAMPLE_ID)
    assert dossier.import_dossier(there, path, reference.hs, SECTIONS).action == "unchanged"
    copied = OriginRepository(elsewhere.db, reference.hs)
    assert [b.version for b in copied.bom_versions(PRODUCT)] == [1, 2]
    assert copied.get(first.id) == repo.get(first.id)


def test_a_local_version_keeps_its_number(
    repo: OriginRepository, elsewhere: DataStore, reference: ReferenceData, tmp_path: Path
) -> None:
    repo.save_bom(battery())
    companies = CompanyRepository(repo.db)
    path = dossier.export_dossier(companies, SAMPLE_ID, tmp_path / "d.epdossier", SECTIONS)
    there = CompanyRepository(elsewhere.db)
    load_sample(there, reference.hs)
    local = OriginRepository(elsewhere.db, reference.hs).save_bom(battery(fob_value=Decimal(90)))
    assert dossier.import_dossier(there, path, reference.hs, SECTIONS).action == "updated"
    versions = OriginRepository(elsewhere.db, reference.hs).bom_versions(PRODUCT)
    assert [(b.id == local.id, b.version) for b in versions] == [(True, 1), (False, 2)]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s["boms"][0].update(fob_value="-1"),
        lambda s: s["boms"][0]["materials"][0].update(hs="8599"),
        lambda s: s["assessments"][0].update(bom_id="unknown"),
        lambda s: s["assessments"][0]["request"].update(exporting_party="US"),
        lambda s: s["assessments"][0].update(assessed_on="yesterday"),
        lambda s: s.update(boms="none"),
    ],
)
def test_a_bad_record_aborts_the_whole_import(
    repo: OriginRepository,
    elsewhere: DataStore,
    reference: ReferenceData,
    tmp_path: Path,
    spoil: Any,
) -> None:
    repo.save_assessment(battery(), "JP", "CTH or RVC40", "manual", DAY)
    path = dossier.export_dossier(
        CompanyRepository(repo.db), SAMPLE_ID, tmp_path / "d.epdossier", SECTIONS
    )
    data = json.loads(path.read_text("utf-8"))
    spoil(data["sections"]["origin_assessments"])
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(AppError):
        dossier.import_dossier(CompanyRepository(elsewhere.db), path, reference.hs, SECTIONS)
    assert CompanyRepository(elsewhere.db).count() == 0
    assert count(OriginRepository(elsewhere.db), "origin_boms") == 0


def test_main_carries_the_origin_section() -> None:
    assert any(isinstance(s, OriginSection) for s in main.DOSSIER_SECTIONS)


# --- commands ---------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str, status: int = 0) -> Any:
    code = main.main(["--data-dir", str(data_dir), "--lang", "en", *args])
    out = capsys.readouterr().out
    assert code == status, out
    return json.loads(out)


def test_assessments_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: ReferenceData
) -> None:
    data_dir = tmp_path / "data"
    opened = open_store(AppPaths(data_dir))
    try:
        load_sample(CompanyRepository(opened.db), reference.hs)
        saved = OriginRepository(opened.db, reference.hs).save_assessment(
            battery(), "JP", "CTH or RVC40", "manual", DAY
        )
    finally:
        opened.close()
    listed = run(capsys, data_dir, "origin", "assessments", "--company", SAMPLE_ID)
    assert [a["id"] for a in listed["assessments"]] == [saved.id]
    row = listed["assessments"][0]
    assert (row["bom_version"], row["importing_party"], row["criterion"]) == (1, "JP", "CTC ACU")
    assert row["product_removed"] is False
    error = run(capsys, data_dir, "origin", "assessments", "--company", "nobody", status=2)
    assert error["error"]["code"] == "not_found"


WHATIF = {
    "product": {"hs": "8507.60", "fob_value": 100.0, "currency": "USD"},
    "exporting_party": "CN",
    "importing_party": "JP",
    "rule": "CTH or RVC40",
    "materials": [
        {"name": "cells", "hs": "8507.60", "value": 50.0},
        {"name": "casing", "hs": "3926.90", "value": 15.0},
    ],
}


def test_whatif_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(WHATIF), "utf-8")
    result = run(capsys, tmp_path / "data", "origin", "whatif", str(path))
    kinds = [s["kind"] for s in result["suggestions"]]
    assert kinds[0] == "switch_material"
    assert result["suggestions"][0]["materials"] == ["cells"]
    assert result["suggestions"][0]["figures"]["new_rvc"] == pytest.approx(85.0)
    assert "source_failing_as_originating" in kinds

    bad = json.loads(json.dumps(WHATIF))
    bad["materials"][1]["hs"] = "8599"
    bad["product"]["fob_value"] = 0
    path.write_text(json.dumps(bad), "utf-8")
    error = run(capsys, tmp_path / "data", "origin", "whatif", str(path), status=2)["error"]
    assert {e["field"] for e in error["errors"]} == {"product.fob_value", "materials[1].hs"}
