"""``warehouse plan`` (cli.md) and ``warehouse scenario …`` through run_command."""

from __future__ import annotations

import json
import math
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from services.companies import commands as company_commands
from services.core.commands import JsonArgumentParser, run_command
from services.core.paths import AppPaths
from services.core.settings import ExchangeRate, Preferences, save_preferences
from services.rcep.duty_rates import DutyRate
from services.warehouse import commands as warehouse_commands


class Cli:
    def __init__(self, paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp: Path):
        self.paths, self.capsys, self.tmp = paths, capsys, tmp
        self.parser = JsonArgumentParser(prog="main.py")
        sub = self.parser.add_subparsers(dest="command")
        company_commands.register(sub)
        warehouse_commands.register(sub)

    def file(self, name: str, doc: Any) -> str:
        path = self.tmp / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return str(path)

    def __call__(self, *argv: str, status: int = 0) -> Any:
        code = run_command(self.parser.parse_args(list(argv)), self.paths)
        out = self.capsys.readouterr().out
        assert code == status, out
        return json.loads(out)


@pytest.fixture
def cli(paths: AppPaths, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    return Cli(paths, capsys, tmp_path)


def test_plan_follows_the_cli_contract(cli: Cli, cli_example: dict[str, Any]) -> None:
    out = cli("warehouse", "plan", cli.file("plan.json", cli_example), "--paths", "300")
    sigma = math.sqrt((45 + 7) * 6**2 + 20**2 * 7**2)
    assert out["safety_stock"] == pytest.approx(1.6448536269514715 * sigma)
    assert out["reorder_point"] == pytest.approx(20 * 45 + out["safety_stock"])
    assert out["order_up_to"] == pytest.approx(20 * 52 + out["safety_stock"])
    q = out["order_quantity"]
    assert q % 20 == 0
    unit_cbm = 0.6 * 0.4 * 0.4 / 20
    assert out["storage_cbm"] == pytest.approx((out["safety_stock"] + q / 2) * unit_cbm)
    assert set(out["per_unit_cost"]) == {"direct", "3pl", "fba", "own"}
    assert out["break_even_units_per_month"]["3pl_vs_direct"] > 0
    assert out["recommendation"]["mode"] in out["per_unit_cost"]
    assert out["recommendation"]["reasons"]
    assert out["duty"]["basis"] == "none"
    assert out["rate_cards"]["entries"]["head_haul"]["fcl_20"]["low"] == 1800
    assert {r["origin"] for r in out["exchange_rates"]} == {"indicative"}
    assert out["simulation"]["paths"] == 300
    assert 0 < out["simulation"]["fill_rate_percent"] <= 100
    assert out["shipments"][0]["ship_by"] <= out["shipments"][0]["arrive_by"]


def test_plan_takes_duty_from_the_tariff_data(
    cli: Cli, cli_example: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    quote = DutyRate(Decimal(5), "test tariff", "850760000")
    cli_example["sku"]["hs"] = "8507.60"
    monkeypatch.setattr(
        warehouse_commands,
        "duty_rate_lookup_for_store",
        lambda store: lambda hs, market, day, pref: quote,
    )
    out = cli("warehouse", "plan", cli.file("plan.json", cli_example), "--no-simulation")
    assert out["duty"] == {
        "rate_percent": 5.0,
        "basis": "tariff",
        "source": "test tariff",
        "line": "850760000",
        "note": None,
    }
    assert out["simulation"] is None


def test_bad_plan_is_an_input_error_with_the_field(cli: Cli, cli_example: dict[str, Any]) -> None:
    cli_example["lead_time"] = {
        "legs": [
            {"name": "production", "mean_days": 20, "std_days": 5},
            {"name": "main", "mean_days": 7, "std_days": 2},
            {"name": "import", "mean_days": 3, "std_days": 4},
        ]
    }
    out = cli("warehouse", "plan", cli.file("bad.json", cli_example), status=2)
    assert out["error"]["field"] == "lead_time.legs[2].std_days"
    assert out["error"]["code"] == "invalid"


def test_scenarios(cli: Cli, plan_doc: dict[str, Any]) -> None:
    company = cli("company", "add", cli.file("c.json", {"name_zh": "仓储公司"}))["id"]
    saved = cli("warehouse", "scenario", "save", cli.file("p.json", plan_doc), "--company", company)
    plan_doc["skus"][0]["markets"][0]["service_level"] = 0.98
    other = cli(
        "warehouse",
        "scenario",
        "save",
        cli.file("q.json", plan_doc),
        "--company",
        company,
        "--name",
        "98",
    )
    listed = cli("warehouse", "scenario", "list", "--company", company)["scenarios"]
    assert {s["name"] for s in listed} == {"Sea JP 95", "98"}
    shown = cli("warehouse", "scenario", "show", saved["id"])
    assert shown["plan"]["skus"][0]["markets"][0]["service_level"] == 0.95
    compared = cli("warehouse", "scenario", "compare", saved["id"], other["id"])["scenarios"]
    assert compared[1]["lines"][0]["safety_stock"] > compared[0]["lines"][0]["safety_stock"]
    plan_doc["skus"][0]["unit_cost"] = 0
    bad = cli(
        "warehouse",
        "scenario",
        "save",
        cli.file("r.json", plan_doc),
        "--company",
        company,
        status=2,
    )
    assert bad["error"]["field"] == "skus[0].unit_cost"
    cli("warehouse", "scenario", "delete", other["id"])
    assert len(cli("warehouse", "scenario", "list", "--company", company)["scenarios"]) == 1


def test_scenario_duplicate(cli: Cli, plan_doc: dict[str, Any]) -> None:
    company = cli("company", "add", cli.file("c.json", {"name_zh": "仓储公司"}))["id"]
    saved = cli("warehouse", "scenario", "save", cli.file("p.json", plan_doc), "--company", company)
    copy = cli("warehouse", "scenario", "duplicate", saved["id"])
    assert copy["id"] != saved["id"]
    assert copy["copied_from"] == saved["id"]
    assert copy["name"].startswith("Sea JP 95")  # "NAME (copy)", translated
    assert copy["name"] != "Sea JP 95"
    named = cli("warehouse", "scenario", "duplicate", saved["id"], "--name", "Sea JP 98")
    assert named["name"] == "Sea JP 98"
    listed = cli("warehouse", "scenario", "list", "--company", company)["scenarios"]
    assert sorted(s["name"] for s in listed) == sorted(["Sea JP 95", copy["name"], "Sea JP 98"])
    original = cli("warehouse", "scenario", "show", saved["id"])["plan"]
    assert cli("warehouse", "scenario", "show", named["id"])["plan"] == original
    missing = cli("warehouse", "scenario", "duplicate", "no-such-id", status=2)
    assert missing["error"]["code"] == "not_found"
    assert len(cli("warehouse", "scenario", "list", "--company", company)["scenarios"]) == 3


def test_plan_lists_the_default_rate_cards_with_source_and_date(
    cli: Cli, cli_example: dict[str, Any]
) -> None:
    out = cli("warehouse", "plan", cli.file("plan.json", cli_example), "--no-simulation")
    entries = out["rate_cards"]["entries"]
    carrying = entries["common"]["carrying_rate"]  # rate_cards.json, §2.10
    assert (carrying["value"], carrying["as_of"], carrying["status"]) == (
        0.25,
        "2026",
        "unverified",
    )
    assert carrying["source"].startswith("§2.10: practitioners quote 20-30 %/yr")
    fcl = entries["head_haul"]["fcl_20"]
    assert fcl["as_of"] == "2026"
    assert "importcost.pages.dev 2026" in fcl["source"]
    sourced = [
        e for card in entries.values() for e in card.values() if e["status"] != "placeholder"
    ]
    assert sourced
    assert all(e["source"] and e["as_of"] for e in sourced), [
        e for e in sourced if not (e["source"] and e["as_of"])
    ]


def test_plan_uses_the_exchange_rates_kept_in_settings(
    cli: Cli, cli_example: dict[str, Any], paths: AppPaths
) -> None:
    indicative = cli("warehouse", "plan", cli.file("plan.json", cli_example), "--no-simulation")
    assert "USD" in {r["currency"] for r in indicative["exchange_rates"]}
    stored = ExchangeRate("USD", Decimal("6.5"), date(2026, 3, 2))
    save_preferences(paths.settings_path, Preferences(exchange_rates=(stored,)))
    out = cli("warehouse", "plan", cli.file("plan.json", cli_example), "--no-simulation")
    usd = next(r for r in out["exchange_rates"] if r["currency"] == "USD")
    assert usd == {
        "currency": "USD",
        "cny_per_unit": 6.5,
        "as_of": "2026-03-02",
        "origin": "settings",
    }
    assert out["per_unit_cost"] != indicative["per_unit_cost"]
