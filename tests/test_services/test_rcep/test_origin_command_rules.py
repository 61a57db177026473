"""`origin assess` without a `rule`: the local PSR table supplies it, or the answer is no_rule."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from services.core.commands import JsonArgumentParser, run_command
from services.core.paths import AppPaths
from services.rcep import origin_commands


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    parser = JsonArgumentParser(prog="test")
    origin_commands.register(parser.add_subparsers(dest="command"))
    args: argparse.Namespace = parser.parse_args(list(argv))
    status = run_command(args, AppPaths(tmp_path / "data"))
    return status, json.loads(capsys.readouterr().out)


def _assess(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any) -> tuple[int, Any]:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    return _run(tmp_path, capsys, "origin", "assess", str(source))


def _request(hs: str, **extra: Any) -> dict[str, Any]:
    return {
        "product": {"hs": hs, "fob_value": 100.0, "currency": "USD"},
        "exporting_party": "CN",
        "importing_party": "JP",
        "materials": [
            {"name": "valves", "hs": "8540.99", "value": 50.0, "origin": "US", "originating": False}
        ],
        **extra,
    }


def test_the_bundled_rule_is_used_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _assess(tmp_path, capsys, _request("8540.71"))
    assert status == 0
    assert out["rule"] == "CTSH or RVC40"
    assert out["alternatives_met"] == ["CTSH", "RVC40"]
    assert out["criterion"] == "CTC"
    assert out["rule_source"]["kind"] == "embedded"
    assert out["rule_source"]["verified"] is False
    assert out["rule_source"]["hs_code"] == "854071"


def test_a_rule_in_the_request_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _assess(tmp_path, capsys, _request("8540.71", rule="CC"))
    assert status == 0
    assert out["rule"] == "CC"
    assert out["criterion"] is None
    assert out["rule_source"] is None


def test_a_user_rule_is_found_after_it_is_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _assess(tmp_path, capsys, _request("8507.60"))
    assert (status, out["error"]["code"]) == (2, "no_rule")
    status, _out = _run(
        tmp_path, capsys, "origin", "rule", "set", "--hs", "8507.60", "--rule", "CTH or RVC40",
        "--source", "GACC 2022 No.129 annex 1",
    )  # fmt: skip
    assert status == 0
    status, out = _assess(tmp_path, capsys, _request("8507.60"))
    assert status == 0
    assert out["rule"] == "CTH or RVC40"
    assert out["rule_source"]["kind"] == "user"
    assert out["rule_source"]["source"] == "GACC 2022 No.129 annex 1"


def test_assess_adds_the_certificate_checklist_and_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _assess(tmp_path, capsys, _request("8540.71", rule="RVC40"))
    assert (status, out["criterion"]) == (0, "RVC")
    certificate = out["certificate"]
    assert certificate["boxes"]["box9_hs"] == "8540.71"
    assert certificate["boxes"]["box10_criterion"] == "RVC"
    assert (certificate["boxes"]["box12_fob"], certificate["boxes"]["box12_currency"]) == (
        100.0,
        "USD",
    )
    states = {item["key"]: item["state"] for item in certificate["checklist"]}
    assert states["criterion"] == "present"
    assert states["fob_value"] == "present"
    assert states["exporter_name"] == "missing"  # no shipment data is known to assess
    assert states["certification"] == "by_issuer"
    assert all(item["label"] for item in certificate["checklist"])
    assert certificate["complete"] is False
    assert "invoice_number" in certificate["missing"]
    evidence = [item["key"] for item in certificate["evidence"]]
    assert evidence == ["records", "validity", "retroactive", "cost_records"]
    assert all(item["until"] is None for item in certificate["evidence"])


def test_a_non_originating_good_gets_no_criterion_on_the_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _assess(tmp_path, capsys, _request("8540.71", rule="CC"))
    assert (status, out["originating"]) == (0, False)
    checklist = {item["key"]: item for item in out["certificate"]["checklist"]}
    assert checklist["criterion"]["state"] == "missing"
    assert checklist["criterion"]["note"]
    assert out["certificate"]["boxes"]["box11"] is None
