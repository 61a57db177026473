"""Bad input (issue #6): every bad field is reported with its path; nothing half-valid."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import ValidationError
from services.core.i18n import set_locale
from services.warehouse.serialise import plan_to_json
from services.warehouse.validation import validate_cli_input, validate_plan


@pytest.fixture(autouse=True)
def _english() -> None:
    """The messages are checked in the source language (tests/conftest.py restores Chinese)."""
    set_locale("en")


def _errors(doc: Any, *, cli: bool = False) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        (validate_cli_input if cli else validate_plan)(doc)
    return {e.field: e.message for e in info.value.errors}


def test_a_good_plan_round_trips(plan_doc: dict[str, Any]) -> None:
    plan = validate_plan(plan_doc)
    assert [m.market for m in plan.skus[0].markets] == ["JP", "US"]
    assert plan.skus[0].hs == "850760"
    assert plan.skus[1].markets[0].demand.history[2] is None
    again = validate_plan(json.loads(json.dumps(plan_to_json(plan))))
    assert again == plan


def test_stored_amounts_are_plain_numbers(plan_doc: dict[str, Any]) -> None:
    plan_doc["skus"][0]["unit_cost"] = "50.00"
    plan_doc["skus"][0]["price"] = 1000
    stored = json.dumps(plan_to_json(validate_plan(plan_doc)))
    assert "E+" not in stored
    assert '"50"' in stored or ": 50," in stored or ": 50}" in stored


def test_every_bad_field_is_reported_with_its_path(plan_doc: dict[str, Any]) -> None:
    sku = plan_doc["skus"][0]
    sku["unit_cost"] = -5
    sku["carton"]["units"] = 0
    jp = sku["markets"][0]
    jp["service_level"] = 1.0
    jp["demand"]["daily_mean"] = 0
    jp["lead_time"]["legs"][2]["std_days"] = 9  # mean 7
    us = sku["markets"][1]
    us["service_level"] = 0
    us["lead_time"] = {"mean_days": 3, "std_days": 4}
    errors = _errors(plan_doc)
    assert set(errors) >= {
        "skus[0].unit_cost",
        "skus[0].carton.units",
        "skus[0].markets[0].service_level",
        "skus[0].markets[0].demand.daily_mean",
        "skus[0].markets[0].lead_time.legs[2].std_days",
        "skus[0].markets[1].service_level",
        "skus[0].markets[1].lead_time.std_days",
    }
    assert "between 0 and 1" in errors["skus[0].markets[0].service_level"]
    assert "larger than the mean" in errors["skus[0].markets[0].lead_time.legs[2].std_days"]
    assert "greater than zero" in errors["skus[0].unit_cost"]


@pytest.mark.parametrize("level", [0, 1, -0.1, 1.5, "x", True, 95])
def test_service_level_outside_zero_one(cli_example: dict[str, Any], level: Any) -> None:
    cli_example["service_level"] = level
    assert "between 0 and 1" in _errors(cli_example, cli=True)["service_level"]


def test_space_needs_carton_data(cli_example: dict[str, Any]) -> None:
    del cli_example["sku"]["carton"]
    cli_example["sku"]["unit_dims_cm"] = [20, 10, 10]
    cli_example["need_space"] = True
    assert "carton" in _errors(cli_example, cli=True)["need_space"]
    cli_example["need_space"] = False
    assert validate_cli_input(cli_example).skus[0].carton is None


def test_volume_is_needed_to_price_freight(cli_example: dict[str, Any]) -> None:
    del cli_example["sku"]["carton"]
    assert "carton" in _errors(cli_example, cli=True)["sku.carton"]


def test_cli_paths_name_the_cli_fields(cli_example: dict[str, Any]) -> None:
    cli_example["lead_time"] = {
        "legs": [
            {"name": "production", "mean_days": 20, "std_days": 5},
            {"name": "main", "mean_days": 10, "std_days": 2},
            {"name": "import", "mean_days": 3, "std_days": 4},
        ]
    }
    cli_example["sku"]["unit_weight_kg"] = 0
    cli_example["demand"]["daily_std"] = -1
    errors = _errors(cli_example, cli=True)
    assert set(errors) == {"lead_time.legs[2].std_days", "sku.unit_weight_kg", "demand.daily_std"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"order_quantity": 0}, "order_quantity"),
        ({"order_quantity": 12.5}, "order_quantity"),
        ({"review_period_days": -7}, "review_period_days"),
        ({"market": "XX"}, "market"),
        ({"currency": "ABC"}, "currency"),
        ({"service_type": "best"}, "service_type"),
        ({"start_date": "2026-13-01"}, "start_date"),
        ({"costs": {"parcel": {"per_kg": -1}}}, "costs.parcel.per_kg"),
        ({"costs": {"parcel": {"speed": 1}}}, "costs.parcel.speed"),
        ({"costs": {"nope": {}}}, "costs.nope"),
        (
            {"costs": {"threepl": {"storage_tiers": {"rows": [{"from_day": 0}]}}}},
            "costs.threepl.storage_tiers.rows[0].rate",
        ),
        ({"demand": {"seasonality": [1, 2]}}, "demand.seasonality"),
        ({"demand": {"history": [None, None]}}, "demand.history"),
        ({"lead_time": {"legs": []}}, "lead_time.legs"),
        ({"lead_time": {"legs": [{"name": "boat", "mean_days": 3}]}}, "lead_time.legs[0].name"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_cli_fields(cli_example: dict[str, Any], change: dict[str, Any], field: str) -> None:
    doc = copy.deepcopy(cli_example)
    doc.update(change)
    assert field in _errors(doc, cli=True)


def test_sku_level_rules(plan_doc: dict[str, Any]) -> None:
    sku = plan_doc["skus"][0]
    sku.update(moq=100, max_order=50, hs="85x")
    sku["markets"][1]["market"] = "JP"
    errors = _errors(plan_doc)
    assert {"skus[0].max_order", "skus[0].hs", "skus[0].markets[1].market"} <= set(errors)
    assert "at least one" in _errors({"skus": []})["skus"].lower()


@given(st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=5) | st.none())
def test_service_level_never_slips_through(value: Any) -> None:
    doc = {
        "market": "JP",
        "service_level": value,
        "demand": {"daily_mean": 5},
        "sku": {"unit_cost": 1, "unit_weight_kg": 1, "unit_dims_cm": [1, 1, 1]},
    }
    try:
        plan = validate_cli_input(doc)
    except ValidationError:
        return
    level = plan.skus[0].markets[0].service_level
    assert 0 < level < 1
