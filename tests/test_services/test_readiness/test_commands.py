"""`readiness questionnaire` and `readiness score` through main.main (docs/cli.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import Cli
from tests.test_services.test_readiness.conftest import PROFILE_A, PROFILE_B


def _file(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_questionnaire_for_a_profile(tmp_path: Path, cli: Cli) -> None:
    out = cli("readiness", "questionnaire", "--profile", _file(tmp_path, "p.json", PROFILE_B))
    assert out["version"] == "1.0.0"
    assert len(out["items"]) == 57
    by_id = {i["id"]: i for i in out["items"]}
    assert by_id["STR-03"]["options"] == ["no", "partial", "yes"]
    assert by_id["STR-01"]["options"] == [0, 1, 2, 3]
    assert by_id["ORG-01"]["target"] == 2
    assert "options" not in by_id["ORG-01"]
    assert by_id["REG-02"]["blocking"] is True
    assert by_id["STR-01"]["blocking"] is False


def test_score_with_actions(tmp_path: Path, cli: Cli) -> None:
    data = {
        "profile": PROFILE_A,
        "date": "2026-12-01",
        "answers": {
            "STR-01": 2,
            "STR-02": 3,
            "STR-03": "partial",
            "STR-04": "na",
            "PRD-01": {"value": "yes", "evidence_seen": True},
        },
    }
    out = cli("readiness", "score", _file(tmp_path, "s.json", data))
    assert out["dimensions"]["STR"]["score"] == pytest.approx(71.8)
    assert out["level"] == "start"
    assert out["level_zh"] == "起步"
    assert out["blocking_open"] == ["REG-08", "PRD-02", "PRD-04", "IPC-04"]
    assert out["actions"][0]["blocker"] is True
    assert out["actions"][0]["due"] == "2026-12-15"
    assert out["actions"][0]["action_zh"]


def test_bad_profile_and_answers(tmp_path: Path, cli: Cli) -> None:
    bad = {"profile": {**PROFILE_A, "export_mode": "9999"}, "answers": {}}
    error = cli("readiness", "score", _file(tmp_path, "b.json", bad), status=2)["error"]
    assert error["field"] == "profile.export_mode"
    bad = {"profile": PROFILE_A, "answers": {"STR-01": "yes"}}
    error = cli("readiness", "score", _file(tmp_path, "c.json", bad), status=2)["error"]
    assert error["field"] == "answers.STR-01"
    assert "STR-01" in error["message"]
