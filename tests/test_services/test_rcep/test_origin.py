"""RCEP origin self-assessment (services/rcep/origin.py) and the `origin assess` command."""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.commands import JsonArgumentParser, run_command
from services.core.errors import NotFoundError, ValidationError
from services.core.paths import AppPaths
from services.rcep import origin_commands
from services.rcep.bom import currency_mismatch
from services.rcep.origin import Assessment, assess
from tests.test_services.test_rcep.origin_input import origin_input

request = origin_input  # the contract's example of cli.md, with some parts changed


def mat(name: str, hs: str | None, value: float, origin: str | None = None, **more: Any) -> Any:
    return {
        "name": name,
        "hs": hs,
        "value": value,
        "origin": origin,
        "originating": more.pop("originating", False),
        **more,
    }


def product(hs: str, fob: float = 100.0, weight: float | None = None) -> dict[str, Any]:
    return {"hs": hs, "fob_value": fob, "weight_kg": weight}


def errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        assess(data)
    return {e.field: e.message for e in caught.value.errors}


def test_contract_example() -> None:
    result = assess(request()).to_json()
    assert result == {
        "originating": True,
        "criterion": "CTC ACU",
        "basis": "PSR",
        "rule": "CTH or RVC40",
        "alternatives_met": ["CTH", "RVC40"],  # 70 % ≥ 40 %: RVC40 is met too
        "rvc": {"build_down": 70.0, "build_up": None, "threshold": 40},
        "de_minimis": {"applied": False, "value_share": 0.0, "weight_share": None},
        "accumulation": {"applied": True, "materials": ["cells"]},
        "rcep_country_of_origin": "CN",
        "box12_fob": None,
        "reasons": result["reasons"],
        "articles": ["3.2(c)", "3.4", "Annex 3A"],
        "box11": result["box11"],  # new key: the Art 2.6 decision behind box 11
    }
    assert result["reasons"]
    assert all("条" in r or "附件" in r for r in result["reasons"])  # each cites its article (zh)
    box11 = result["box11"]
    assert (box11["party"], box11["rule"], box11["articles"]) == (
        "CN",
        "exporting_party",
        ["2.6.2"],
    )
    assert box11["appendix"]["status"] == "not_on_file"  # Japan's Appendix is not on file
    assert len(box11["checks"]) == 1


def test_rvc_both_ways_by_hand() -> None:
    data = request(
        rule="RVC40",
        product=product("850760", fob=200.0),
        materials=[
            mat("cells", "850760", 90.0),
            mat("bms", "854231", 30.0, "CN", originating=True),
            mat("tabs", "760612", 20.0, "JP", originating=True),
        ],
        costs={"direct_labour": 20.0, "direct_overhead": 10.0, "profit": 15.0, "other": 5.0},
    )
    result = assess(data)
    assert result.build_down == 55.0  # (200 - 90) / 200
    assert result.build_up == 50.0  # (30 + 20 + 20 + 10 + 15 + 5) / 200
    assert result.criterion == "RVC"  # 45 % without the Japanese tabs: no accumulation needed
    assert result.box12_fob == 200.0
    assert result.value_share is None
    assert not result.accumulation_applied
    assert "3.5" in result.articles


def test_rvc_relying_on_accumulation_and_build_up_only() -> None:
    base = request(
        rule="RVC40",
        materials=[
            mat("cells", "850760", 50.0),
            mat("bms", "854231", 20.0, "JP", originating=True),
        ],
    )
    acu = assess(base)
    assert (acu.build_down, acu.criterion, acu.accumulation_materials) == (50.0, "RVC ACU", ["bms"])
    up = request(
        rule="RVC40",
        materials=[
            mat("cells", "850760", 65.0),
            mat("bms", "854231", 15.0, "CN", originating=True),
        ],
    )
    assert not assess(up).originating  # 35 % build-down, no costs
    up["costs"] = {"direct_labour": 20.0, "direct_overhead": 10.0}
    result = assess(up)
    assert (result.build_down, result.build_up, result.criterion) == (35.0, 45.0, "RVC")


def test_wholly_obtained() -> None:
    result = assess(
        request(wholly_obtained=True, rule="WO", product=product("070200"), materials=[])
    )
    assert (result.criterion, result.basis, result.articles) == ("WO", "WO", ["3.2(a)", "3.3"])
    assert result.rcep_country_of_origin == "CN"
    assert "wholly_obtained" in errors(request(wholly_obtained=True))


def test_produced_exclusively_from_originating_materials() -> None:
    own = assess(request(materials=[mat("cells", "850760", 30.0, "CN", originating=True)]))
    assert (own.criterion, own.basis, own.alternatives_met) == ("PE", "PE", ["CTH", "RVC40"])
    assert own.build_down == 100.0
    other = assess(request(materials=[mat("cells", "850760", 30.0, "KR", originating=True)]))
    assert other.criterion == "PE ACU"
    assert other.accumulation_materials == ["cells"]
    # Headnote 7(e): PE is available even when the rule is WO.
    assert assess(request(rule="WO", materials=[])).criterion == "PE"


def test_pe_with_minimal_operations_takes_the_top_contributor() -> None:
    result = assess(
        request(
            operations="minimal",
            materials=[
                mat("cells", "850760", 30.0, "KR", originating=True),
                mat("case", "392690", 10.0, "CN", originating=True),
            ],
        )
    )
    assert result.criterion == "PE ACU"
    assert result.rcep_country_of_origin == "KR"


def test_chemical_reaction_and_ctsh() -> None:
    data = request(
        rule="CR or CTH",
        chemical_reaction=True,
        product=product("290544"),
        materials=[mat("glucose", "170230", 20.0), mat("x", "290511", 60.0)],
    )
    result = assess(data)
    assert (result.criterion, result.alternatives_met) == ("CR", ["CR"])
    assert result.value_share == 60.0  # of the CTH alternative: x stays in heading 2905
    ctsh = request(rule="CTH or CTSH", materials=[mat("parts", "850790", 60.0)])
    result = assess(ctsh)
    assert (result.criterion, result.alternatives_met) == ("CTC", ["CTSH"])


def test_de_minimis_by_value() -> None:
    data = request(rule="CTH", materials=[mat("c", "850760", 8.0), mat("case", "392690", 50.0)])
    result = assess(data)
    assert (result.criterion, result.de_minimis_applied, result.value_share) == (
        "CTC DMI",
        True,
        8.0,
    )
    assert "3.7" in result.articles
    data["materials"][0]["value"] = 10.0
    assert assess(data).criterion == "CTC DMI"  # "not more than 10 %"
    data["materials"][0]["value"] = 10.5
    result = assess(data)
    assert not result.originating
    assert result.criterion is None
    assert result.basis is None
    assert result.rcep_country_of_origin is None


def test_de_minimis_by_weight_for_textiles() -> None:
    data = request(
        rule="CC",
        product=product("6109.10", weight=1.0),
        materials=[mat("fabric", "600622", 40.0), mat("trim", "611780", 15.0, weight_kg=0.05)],
    )
    result = assess(data)
    assert (result.criterion, result.value_share, result.weight_share) == ("CTC DMI", 15.0, 5.0)
    data["materials"][1]["weight_kg"] = 0.2
    assert not assess(data).originating
    data["materials"][1]["weight_kg"] = None
    result = assess(data)
    assert not result.originating
    assert result.weight_share is None
    # Outside chapters 50-63 there is no weight test.
    other = request(
        rule="CC",
        product=product("850760", weight=1.0),
        materials=[mat("cell", "850760", 15.0, weight_kg=0.05)],
    )
    result = assess(other)
    assert not result.originating
    assert result.weight_share is None


def test_exclusions_apply_to_non_originating_materials() -> None:
    rule = "CC except from Chapter 01"
    live = request(rule=rule, product=product("050400"), materials=[mat("cattle", "010229", 60.0)])
    assert not assess(live).originating
    meat = request(rule=rule, product=product("050400"), materials=[mat("meat", "020110", 60.0)])
    assert assess(meat).criterion == "CTC"
    live["materials"].append(mat("salt", "250100", 1.0))
    live["materials"][0].update(origin="VN", originating=True)
    assert assess(live).criterion == "CTC ACU"


def test_minimal_operations_veto() -> None:
    result = assess(request(operations="minimal"))
    assert not result.originating
    assert result.criterion is None
    assert result.articles == ["3.6"]
    assert result.alternatives_met == ["CTH", "RVC40"]  # met on paper, vetoed by Art 3.6


def test_direct_consignment() -> None:
    result = assess(request(direct_consignment=False))
    assert not result.originating
    assert result.articles == ["3.15"]
    assert result.rcep_country_of_origin is None
    assert result.box12_fob is None


def test_unknown_origin_is_non_originating() -> None:
    data = request(rule="CTH", materials=[mat("cells", "850760", 30.0, None)])
    assert not assess(data).originating


def test_validation_errors_carry_field_paths() -> None:
    data = request(
        rule="CTSH or RVC40",
        product=product("8507", fob=0.0),
        exporting_party="US",
        operations="some",
        direct_consignment="yes",
        materials=[
            mat("cells", "8507", 30.0),
            mat("case", "392690", -1.0, weight_kg=-2),
            mat("bms", "854231", 5.0, "US", originating=True),
            mat("tabs", "76.06", 5.0, "JP", originating=True),
            mat("", "85x", 5.0),
            mat("glue", None, 1.0, "CN", originating=True),
        ],
    )
    found = errors(data)
    assert set(found) == {
        "product.hs",
        "product.fob_value",
        "exporting_party",
        "operations",
        "direct_consignment",
        "materials[0].hs",
        "materials[1].value",
        "materials[1].weight_kg",
        "materials[2].origin",
        "materials[4].name",
        "materials[4].hs",
    }
    assert "6" in found["materials[0].hs"]
    assert errors(request(materials=[mat("x", "850760", 1.0, originating=True)])) == {
        "materials[0].origin": errors(request(materials=[mat("x", "8507", 1.0, originating=True)]))[
            "materials[0].origin"
        ]
    }


def test_bad_and_missing_rules() -> None:
    with pytest.raises(ValidationError) as bad:
        assess(request(rule="CTH or RVC35"))
    assert (bad.value.code, bad.value.field) == ("bad_rule", "rule")
    missing = request()
    del missing["rule"]
    with pytest.raises(NotFoundError) as none:
        assess(missing)
    assert (none.value.code, none.value.field) == ("no_rule", "rule")


def test_rvc_threshold_is_at_least_not_more_than() -> None:
    exact = request(rule="RVC40", materials=[mat("cells", "850760", 60.0)])
    result = assess(exact)
    assert (result.build_down, result.alternatives_met, result.criterion) == (
        40.0,
        ["RVC40"],
        "RVC",
    )
    below = request(rule="RVC40", materials=[mat("cells", "850760", 60.01)])
    result = assess(below)
    assert result.build_down == 39.99
    assert result.build_up is None  # no costs: build-down only
    assert (result.originating, result.alternatives_met, result.criterion) == (False, [], None)


def test_a_reason_names_the_material_that_breaks_the_change_rule() -> None:
    data = request(
        rule="CTH",
        materials=[
            mat("cells", "850790", 50.0),  # heading 8507, like the product: no change
            mat("casing", "392690", 30.0),  # changes heading
        ],
    )
    result = assess(data)
    assert not result.originating
    assert any("cells" in r and "CTH" in r for r in result.reasons)
    assert not any("casing" in r for r in result.reasons)


def test_a_material_currency_must_be_the_products() -> None:
    same = request(materials=[mat("casing", "392690", 30.0, currency=" usd ")])
    assert assess(same).originating  # the product is in USD: case and spaces do not matter
    found = errors(request(materials=[mat("casing", "392690", 30.0, currency="EUR")]))
    assert set(found) == {"materials[0].currency"}
    assert "EUR" in found["materials[0].currency"]
    assert "USD" in found["materials[0].currency"]
    no_currency = request(
        product=product("850760"), materials=[mat("casing", "392690", 30.0, currency="USD")]
    )
    found = errors(no_currency)
    assert set(found) == {"materials[0].currency"}
    assert "USD" in found["materials[0].currency"]
    found = errors(request(materials=[mat("casing", "392690", 30.0, currency=5)]))
    assert set(found) == {"materials[0].currency"}


def test_the_currency_mismatch_wording_is_the_bill_of_materials_one() -> None:
    found = errors(request(materials=[mat("casing", "392690", 30.0, currency="EUR")]))
    assert found["materials[0].currency"] == currency_mismatch("EUR", "USD")


# --- the command ------------------------------------------------------------------------------


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any) -> tuple[int, Any]:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    parser = JsonArgumentParser(prog="test")
    origin_commands.register(parser.add_subparsers(dest="command"))
    args: argparse.Namespace = parser.parse_args(["origin", "assess", str(source)])
    status = run_command(args, AppPaths(tmp_path / "data"))
    return status, json.loads(capsys.readouterr().out)


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(tmp_path, capsys, request())
    assert status == 0
    claims = out["box11"].pop("alternative_claims")  # Japan's tariff is embedded: rates on file
    out.pop("certificate")  # test_origin_command_rules.py covers it
    assert out == {**assess(request()).to_json(), "rule_source": None}
    assert claims["contributors"]["box11_text"] == "Korea *"
    status, out = run(tmp_path, capsys, request(rule="CTH plus"))
    assert status == 2
    assert out["error"]["code"] == "bad_rule"
    status, out = run(tmp_path, capsys, request(product=product("850760", fob=-5)))
    assert status == 2
    assert out["error"]["field"] == "product.fob_value"
    status, out = run(tmp_path, capsys, [1])
    assert status == 2
    assert out["error"]["code"] == "invalid"


def test_command_rejects_hs_codes_that_do_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(tmp_path, capsys, request(product=product("9999.99")))
    assert status == 2
    assert out["error"]["field"] == "product.hs"
    assert "9999.99" in out["error"]["message"]
    status, out = run(tmp_path, capsys, request(materials=[mat("tubes", "8599", 30.0)]))
    assert status == 2
    assert out["error"]["field"] == "materials[0].hs"
    assert "8599" in out["error"]["message"]


# --- properties -------------------------------------------------------------------------------

_material = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["a", "b", "c", "d"]),
        "hs": st.sampled_from(["850760", "850790", "854231", "392690", "610910", "611780"]),
        "value": st.floats(0, 200, allow_nan=False),
        "weight_kg": st.one_of(st.none(), st.floats(0, 2, allow_nan=False)),
        "origin": st.sampled_from([None, "US", "CN", "KR", "VN"]),
        "originating": st.booleans(),
    }
).map(lambda m: {**m, "originating": m["originating"] and m["origin"] in ("CN", "KR", "VN")})

_request = st.fixed_dictionaries(
    {
        "product": st.fixed_dictionaries(
            {
                "hs": st.sampled_from(["850760", "610910"]),
                "fob_value": st.floats(0.01, 500, allow_nan=False),
                "weight_kg": st.one_of(st.none(), st.floats(0, 5, allow_nan=False)),
            }
        ),
        "exporting_party": st.just("CN"),
        "rule": st.sampled_from(
            ["CTH or RVC40", "CC", "CTSH", "RVC40", "CR or CTH", "CTH except from Chapter 39"]
        ),
        "chemical_reaction": st.booleans(),
        "operations": st.sampled_from(["minimal", "substantial"]),
        "direct_consignment": st.booleans(),
        "materials": st.lists(_material, max_size=5),
        "costs": st.one_of(
            st.none(), st.fixed_dictionaries({"direct_labour": st.floats(0, 100, allow_nan=False)})
        ),
    }
)


@settings(max_examples=200, deadline=None)
@given(_request, st.data())
def test_making_a_material_originating_never_hurts(data: dict[str, Any], draw: Any) -> None:
    before: Assessment = assess(data)
    assert before.build_down <= 100.0
    assert before.build_up is None or before.build_up >= 0.0
    assert (before.criterion is not None) == before.originating
    assert before.box12_fob is None or before.criterion is not None
    non_originating = [i for i, m in enumerate(data["materials"]) if not m["originating"]]
    if not non_originating:
        return
    i = draw.draw(st.sampled_from(non_originating))
    changed = copy.deepcopy(data)
    changed["materials"][i].update(
        originating=True, origin=draw.draw(st.sampled_from(["CN", "KR"]))
    )
    after = assess(changed)
    assert after.build_down >= before.build_down
    if before.originating:
        assert after.originating
