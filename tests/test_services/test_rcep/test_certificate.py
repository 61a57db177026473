"""Form RCEP box values, the Annex 3B checklist and the evidence to keep."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from services.core.errors import ValidationError
from services.core.i18n import set_locale
from services.rcep.certificate import (
    ItemState,
    certificate_draft,
    checklist,
    evidence,
    form_boxes,
)
from services.rcep.country_of_origin import AlternativeClaim
from services.rcep.origin import assess, request_from_json

BATTERY: dict[str, Any] = {
    "product": {"hs": "8507.60", "description": "Li-ion battery pack", "fob_value": 200.0,
                "currency": "USD"},
    "exporting_party": "CN",
    "importing_party": "JP",
    "rule": "RVC40",
    "materials": [
        {"name": "parts", "hs": "850790", "value": 90.0, "origin": None, "originating": False},
        {"name": "bms", "hs": "854231", "value": 30.0, "origin": "CN", "originating": True},
    ],
}  # fmt: skip

FULL = {
    "exporter_name": "Ningbo Example Co., Ltd.",
    "exporter_address": "1 Harbour Road, Ningbo",
    "producer": "NOT AVAILABLE",
    "importer": "Example KK, Osaka",
    "description": "Li-ion battery pack",
    "co_number": "R261234567",
    "invoice_number": "INV-2026-001, 2026-11-20",
    "departure_date": "2026-11-25",
    "vessel_or_flight": "COSCO STAR V.123E",
    "port_of_discharge": "Osaka",
    "quantity": "500 PCS",
    "declaration": "signed",
}


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")


def battery(**changes: Any) -> Any:
    data = copy.deepcopy(BATTERY)
    data.update(changes)
    request = request_from_json(data)
    return request, assess(request, year=6)


def states(items: Any) -> dict[str, ItemState]:
    return {item.key: item.state for item in items}


def test_boxes_for_an_rvc_good() -> None:
    request, result = battery()
    assert result.criterion == "RVC"  # (200 − 90) / 200 = 55 %
    boxes = form_boxes(result, request.hs, quantity=" 500 PCS ", currency="USD")
    assert boxes.box9_hs == "8507.60"
    assert boxes.box10_criterion == "RVC"
    assert (boxes.box11_party, boxes.box11, boxes.box11_claim) == ("CN", "China", None)
    assert (boxes.box12_quantity, boxes.box12_fob, boxes.box12_currency) == (
        "500 PCS", Decimal(200), "USD")  # fmt: skip


def test_no_fob_in_box_12_without_rvc() -> None:
    request, result = battery(rule="CTSH")  # parts of 8507.90 change subheading
    assert result.criterion == "CTC"
    boxes = form_boxes(result, request.hs, quantity="500 PCS", currency="USD")
    assert (boxes.box12_fob, boxes.box12_currency) == (None, None)
    assert states(checklist(result, boxes, FULL))["fob_value"] is ItemState.NOT_NEEDED


def test_box_11_with_an_alternative_claim() -> None:
    request, result = battery()
    a = form_boxes(result, request.hs, claim=AlternativeClaim("a", "AU", Decimal(5), True))
    assert (a.box11_party, a.box11, a.box11_claim) == ("AU", "Australia *", "a")
    b = form_boxes(result, request.hs, claim=AlternativeClaim("b", "ID", Decimal(7), False))
    assert (b.box11_party, b.box11, b.box11_claim) == ("ID", "Indonesia **", "b")


def test_box_9_needs_six_digits() -> None:
    _request, result = battery()
    assert form_boxes(result, "8507.60.00.90").box9_hs == "8507.60"
    with pytest.raises(ValidationError) as info:
        form_boxes(result, "8507")
    assert info.value.field == "hs"


def test_a_complete_certificate() -> None:
    request, result = battery()
    draft = certificate_draft(request, result, FULL)
    assert draft.complete
    assert draft.missing == ()
    found = states(draft.checklist)
    assert found["fob_value"] is ItemState.PRESENT  # RVC: FOB required and known
    assert found["certification"] is ItemState.BY_ISSUER
    assert found["co_number"] is ItemState.PRESENT
    data = draft.to_json()
    assert data["complete"] is True
    assert data["boxes"]["box12_fob"] == 200.0
    assert data["boxes"]["box12_quantity"] == "500 PCS"


def test_missing_items_are_listed() -> None:
    request, result = battery()
    draft = certificate_draft(request, result, {"exporter_name": "Ningbo Example", "importer": " "})
    assert not draft.complete
    assert [item.key for item in draft.missing] == [
        "exporter_address", "importer", "invoice_number", "departure_date", "vessel_or_flight",
        "port_of_discharge", "quantity", "declaration",
    ]  # fmt: skip
    found = {item.key: item for item in draft.checklist}
    assert found["description"].state is ItemState.PRESENT  # from the request
    assert found["co_number"].state is ItemState.BY_ISSUER
    assert not found["producer"].required
    assert found["producer"].note is not None
    assert "NOT AVAILABLE" in found["producer"].note
    assert found["hs"].box == 9
    assert found["rcep_country_of_origin"].box == 11
    assert found["exporter_name"].label == "Exporter's name"


def test_not_originating_goods_have_no_criterion_or_country() -> None:
    request, result = battery(direct_consignment=False)
    draft = certificate_draft(request, result, FULL)
    assert (draft.boxes.box10_criterion, draft.boxes.box11, draft.boxes.box12_fob) == (
        None, None, None)  # fmt: skip
    found = {item.key: item for item in draft.checklist}
    assert found["criterion"].state is ItemState.MISSING
    assert found["criterion"].note is not None
    assert "not originating" in found["criterion"].note
    assert [item.key for item in draft.missing] == ["criterion", "rcep_country_of_origin"]


def test_unknown_fields_are_refused() -> None:
    request, result = battery()
    with pytest.raises(ValidationError) as info:
        certificate_draft(request, result, {"exporter": "x", "vessel": "y"})
    assert [e.field for e in info.value.errors] == ["exporter", "vessel"]


def test_evidence_and_time_limits() -> None:
    request, result = battery()
    items = {e.key: e for e in evidence(request, result, shipment_date=date(2024, 2, 29),
                                        issue_date=date(2026, 3, 1))}  # fmt: skip
    assert items["records"].until == date(2029, 3, 1)  # ≥ 3 years (Art 3.27)
    assert items["records"].article == "3.27"
    assert items["validity"].until == date(2027, 3, 1)  # 1 year (Art 3.16)
    assert items["retroactive"].until == date(2025, 2, 28)  # 1 year after shipment (Art 3.17)
    assert "ISSUED RETROACTIVELY" in items["retroactive"].text
    assert "bms" in items["supplier_declarations"].text
    assert items["cost_records"].article == "3.5"
    parts = {"name": "parts", "hs": "850790", "value": 90.0, "origin": None, "originating": False}
    ctc_request, ctc = battery(rule="CTSH", materials=[parts])
    assert ctc.criterion == "CTC"
    keys = [e.key for e in evidence(ctc_request, ctc)]
    assert keys == ["records", "validity", "retroactive"]  # no originating material, no RVC
    assert all(e.until is None for e in evidence(ctc_request, ctc))
