"""Bill of materials: validation (every bad-input rule), the engine's request, JSON round trip."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import ValidationError
from services.core.i18n import set_locale
from services.rcep.bom import (
    MAX_MATERIALS,
    Bom,
    BomCosts,
    BomMaterial,
    bom_from_json,
    bom_to_json,
    bom_to_request,
    request_field_to_bom,
    unknown_hs_errors,
    validate_bom,
)
from services.rcep.origin import assess, request_from_json
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData
from tests.test_services.test_rcep.origin_input import origin_input

TODAY = date(2026, 6, 1)


@cache
def _nomenclature() -> HsNomenclature:
    return HsNomenclature.load()


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


def cells(**changes: Any) -> BomMaterial:
    base = BomMaterial(
        name="cells",
        value=Decimal("30"),
        hs="8507.60",
        origin="kr",
        originating=True,
        evidence_ref="KR-2026-0012",
        evidence_date=date(2026, 3, 1),
        weight_kg=Decimal("1.2"),
        currency="USD",
    )
    return replace(base, **changes)


def casing(**changes: Any) -> BomMaterial:
    return replace(BomMaterial("casing", Decimal("45.5"), "3926 90", None, False), **changes)


def draft(**changes: Any) -> Bom:
    base = Bom(
        company_id="c1",
        product_id="p1",
        product_hs="8507.60",
        currency="usd",
        fob_value=Decimal("100"),
        description="Li-ion battery pack",
        weight_kg=Decimal("2"),
        costs=BomCosts(Decimal("10"), Decimal("5"), Decimal("8"), Decimal("2")),
        materials=(cells(), casing()),
    )
    return replace(base, **changes)


def problems(hs: HsNomenclature, value: Bom | dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_bom(value, hs, today=TODAY)
    return {e.field: e.message for e in caught.value.errors}


def test_a_valid_draft_is_normalised(hs: HsNomenclature) -> None:
    bom = validate_bom(draft(), hs, today=TODAY)
    assert bom.product_hs == "850760"
    assert bom.currency == "USD"
    assert bom.exporting_party == "CN"
    assert bom.materials[0].hs == "850760"
    assert bom.materials[0].origin == "KR"
    assert bom.materials[1].hs == "392690"
    assert bom.non_originating_value == Decimal("45.5")
    assert bom.originating_value == Decimal("30")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fob_value": Decimal(0)}, "fob_value"),
        ({"fob_value": Decimal("-5")}, "fob_value"),
        ({"weight_kg": Decimal("-1")}, "weight_kg"),
        ({"product_hs": "8507"}, "product_hs"),  # fewer than 6 digits
        ({"product_hs": "8507.99"}, "product_hs"),  # not in HS 2022
        ({"product_hs": "85x760"}, "product_hs"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"exporting_party": "US"}, "exporting_party"),
        ({"company_id": ""}, "company_id"),
        ({"product_id": ""}, "product_id"),
        ({"notes": "x" * 5001}, "notes"),
        ({"costs": BomCosts(direct_labour=Decimal("-1"))}, "costs.direct_labour"),
        ({"wholly_obtained": True}, "wholly_obtained"),  # with a non-originating material
        ({"materials": (cells(value=Decimal("-0.01")),)}, "materials[0].value"),
        ({"materials": (cells(weight_kg=Decimal("-2")),)}, "materials[0].weight_kg"),
        ({"materials": (cells(name="  "),)}, "materials[0].name"),
        ({"materials": (casing(hs="8599"),)}, "materials[0].hs"),  # no such heading
        ({"materials": (casing(hs="850799"),)}, "materials[0].hs"),  # no such subheading
        ({"materials": (casing(hs="850"),)}, "materials[0].hs"),  # 3 digits
        ({"materials": (casing(hs="8507.6X"),)}, "materials[0].hs"),
        ({"materials": (cells(origin=None),)}, "materials[0].origin"),
        ({"materials": (cells(origin="US"),)}, "materials[0].origin"),  # not an RCEP Party
        ({"materials": (casing(origin="XX"),)}, "materials[0].origin"),  # not a country
        ({"materials": (cells(evidence_ref=""),)}, "materials[0].evidence_ref"),
        ({"materials": (cells(evidence_date=date(2026, 6, 2)),)}, "materials[0].evidence_date"),
        ({"materials": (cells(currency="EUR"),)}, "materials[0].currency"),
        ({"quantity": Decimal(0)}, "quantity"),
        ({"quantity": Decimal("-3"), "quantity_unit": "pieces"}, "quantity"),
        ({"quantity_unit": "pieces"}, "quantity"),  # a unit without the number
        ({"quantity": Decimal(5), "quantity_unit": "x" * 101}, "quantity_unit"),
    ],
)
def test_every_bad_input_is_reported_on_its_field(
    hs: HsNomenclature, changes: dict[str, Any], field: str
) -> None:
    found = problems(hs, draft(**changes))
    assert field in found, found
    assert found[field]


def test_all_problems_are_reported_at_once_with_material_paths(hs: HsNomenclature) -> None:
    bad = draft(
        fob_value=Decimal(0),
        currency="XYZ",
        materials=(cells(), casing(hs="8599"), cells(origin="US", value=Decimal(-1))),
    )
    found = problems(hs, bad)
    assert {"fob_value", "currency", "materials[1].hs", "materials[2].origin"} <= set(found)
    assert "materials[2].value" in found
    assert "materials[0].hs" not in found


def test_codes_that_exist_pass(hs: HsNomenclature) -> None:
    materials = (
        casing(hs="85"),  # a chapter
        casing(hs="8507"),  # a heading
        casing(hs="8507.60.00"),  # a national line under an existing subheading
        casing(hs=None),  # unknown: allowed (the rule decides whether it is needed)
        cells(origin="JP", currency=None, evidence_date=TODAY),  # evidence dated today
    )
    bom = validate_bom(draft(materials=materials), hs, today=TODAY)
    assert [m.hs for m in bom.materials] == ["85", "8507", "85076000", None, "850760"]


def test_messages_are_translated(hs: HsNomenclature) -> None:
    set_locale("zh_CN")
    chinese = problems(hs, draft(fob_value=Decimal(0)))["fob_value"]
    set_locale("en")
    english = problems(hs, draft(fob_value=Decimal(0)))["fob_value"]
    assert english == "Enter the FOB value as a number greater than 0."
    assert chinese != english


def test_a_mapping_draft_with_wrong_types(hs: HsNomenclature) -> None:
    data = bom_to_json(validate_bom(draft(), hs, today=TODAY))
    data.update(fob_value="abc", wholly_obtained="yes", costs=[1], materials="none")
    found = problems(hs, data)
    assert {"fob_value", "wholly_obtained", "costs", "materials"} <= set(found)
    data = bom_to_json(validate_bom(draft(), hs, today=TODAY))
    data["materials"][0].update(value=float("nan"), evidence_date="1.3.2026", hs=8507)
    found = problems(hs, data)
    assert {"materials[0].value", "materials[0].evidence_date", "materials[0].hs"} <= set(found)


def test_too_many_materials(hs: HsNomenclature) -> None:
    found = problems(hs, draft(materials=(casing(),) * (MAX_MATERIALS + 1)))
    assert "materials" in found


def test_floats_become_their_shortest_decimal(hs: HsNomenclature) -> None:
    data = bom_to_json(validate_bom(draft(), hs, today=TODAY))
    data["fob_value"] = 0.1
    data["materials"][1]["value"] = 45
    bom = validate_bom(data, hs, today=TODAY)
    assert bom.fob_value == Decimal("0.1")
    assert bom.materials[1].value == Decimal(45)


def test_the_request_is_the_origin_assess_input(hs: HsNomenclature) -> None:
    bom = validate_bom(draft(), hs, today=TODAY)
    request = bom_to_request(bom, importing_party="JP", rule_text="CTH or RVC40")
    expected = origin_input(  # the contract's example with this BOM's figures
        materials=[
            {"name": "cells", "hs": "850760", "value": 30.0, "origin": "KR",
             "originating": True, "weight_kg": 1.2},
            {"name": "casing", "hs": "392690", "value": 45.5, "origin": None,
             "originating": False, "weight_kg": None},
        ],
        costs={"direct_labour": 10.0, "direct_overhead": 5.0, "profit": 8.0, "other": 2.0},
    )  # fmt: skip
    expected["product"]["hs"] = "850760"
    assert request == expected
    result = assess(request_from_json(json.loads(json.dumps(request))))
    assert result.originating
    assert result.build_down == pytest.approx(54.5)
    assert result.build_up == pytest.approx(55.0)
    minimal = bom_to_request(
        replace(bom, minimal_operations=True, costs=None), importing_party=None, rule_text=None
    )
    assert minimal["operations"] == "minimal"
    assert "rule" not in minimal
    assert "costs" not in minimal


def test_engine_paths_map_to_bom_fields() -> None:
    assert request_field_to_bom("product.fob_value") == "fob_value"
    assert request_field_to_bom("product.hs") == "product_hs"
    assert request_field_to_bom("operations") == "minimal_operations"
    assert request_field_to_bom("materials[3].hs") == "materials[3].hs"


def test_json_round_trip_is_exact(hs: HsNomenclature) -> None:
    bom = replace(
        validate_bom(draft(fob_value=Decimal("100.10")), hs, today=TODAY),
        id="b1",
        version=3,
        saved_at="2026-06-01T00:00:00+00:00",
    )
    text = json.dumps(bom_to_json(bom))
    again = bom_from_json(json.loads(text))
    assert again == bom
    assert bom_to_json(again)["fob_value"] == "100.10"


def test_quantity_for_box_12_is_stored_and_old_boms_still_load(hs: HsNomenclature) -> None:
    bom = validate_bom(draft(quantity=Decimal("500.0"), quantity_unit=" pieces "), hs, today=TODAY)
    assert (bom.quantity, bom.quantity_unit, bom.quantity_text) == (
        Decimal("500.0"), "pieces", "500 pieces")  # fmt: skip
    data = bom_to_json(bom)
    assert (data["quantity"], data["quantity_unit"]) == ("500.0", "pieces")
    assert bom_from_json(json.loads(json.dumps(data))) == bom
    old = {k: v for k, v in data.items() if k not in ("quantity", "quantity_unit")}
    loaded = bom_from_json(old)  # stored before the quantity existed
    assert (loaded.quantity, loaded.quantity_unit, loaded.quantity_text) == (None, "", None)
    assert loaded == replace(bom, quantity=None, quantity_unit="")
    assert replace(bom, quantity=Decimal("1E+3"), quantity_unit="").quantity_text == "1000"
    assert replace(bom, quantity=Decimal("12.50"), quantity_unit="kg").quantity_text == "12.5 kg"
    assert "quantity" not in json.dumps(bom_to_request(bom, importing_party="JP", rule_text="CC"))
    found = problems(hs, {**data, "quantity": "many"})
    assert found["quantity"] == "请输入大于 0 的数量，例如：500 件。"


def test_unknown_hs_errors_of_a_raw_request(hs: HsNomenclature) -> None:
    data = {
        "product": {"hs": "8507.99"},
        "materials": [
            {"hs": "8507.60"},
            {"hs": "8599"},
            {"hs": None},
            {"hs": "85x"},  # malformed: left to the engine
            {"hs": "85076000"},
            {"hs": "999999"},
            "not a mapping",
        ],
    }
    errors = unknown_hs_errors(data, hs)
    assert [e.field for e in errors] == ["product.hs", "materials[1].hs", "materials[5].hs"]
    assert unknown_hs_errors({"product": {"hs": "850760"}, "materials": []}, hs) == []


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    fob=st.decimals(min_value="0.01", max_value=10**9, places=2),
    values=st.lists(
        st.tuples(amounts, st.booleans(), st.sampled_from(["KR", "JP", "VN"])), max_size=8
    ),
    with_costs=st.booleans(),
)
def test_any_valid_bom_survives_the_round_trip(
    fob: Decimal, values: list[tuple[Decimal, bool, str]], with_costs: bool
) -> None:
    materials = tuple(
        BomMaterial(f"m{i}", value, "392690", origin, originating, "E1" if originating else "")
        for i, (value, originating, origin) in enumerate(values)
    )
    costs = (
        BomCosts(Decimal("1.5"), Decimal(0), Decimal("0.25"), Decimal(3)) if with_costs else None
    )
    bom = validate_bom(
        draft(fob_value=fob, materials=materials, costs=costs), _nomenclature(), today=TODAY
    )
    assert bom_from_json(json.loads(json.dumps(bom_to_json(bom)))) == bom
    request = request_from_json(bom_to_request(bom, importing_party="JP", rule_text="RVC40"))
    assert request.fob_value == float(fob)
    assert len(request.materials) == len(materials)
