"""The questionnaire file: branching for the three test profiles, and validation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.readiness.questionnaire import Questionnaire, QuestionnaireError
from tests.test_services.test_readiness.conftest import PROFILE_A, PROFILE_B, PROFILE_C


def test_shipped_questionnaire_matches_the_model(q: Questionnaire) -> None:
    assert q.version == "1.0.0"
    assert len(q.items) == 71
    assert sum(1 for i in q.items if i.scored) == 70
    assert sum(1 for i in q.items if i.applies_if is not True) == 37
    assert [d.id for d in q.dimensions] == [
        "STR", "ORG", "REG", "PRD", "MKT", "DIG", "OPS", "FIN", "IPC"]  # fmt: skip
    assert re.fullmatch(r"[0-9a-f]{64}", q.sha256)
    assert [lv.key for lv in q.levels] == ["start", "growing", "ready", "mature"]


@pytest.mark.parametrize(
    ("profile", "count", "blocking", "preset"),
    [
        (PROFILE_A, 40, ["REG-08", "PRD-01", "PRD-02", "PRD-04", "IPC-04"], "default"),
        (PROFILE_B, 57, ["REG-02", "REG-03", "REG-04", "REG-05", "PRD-01", "PRD-02", "PRD-03",
                         "PRD-04", "PRD-05", "PRD-07", "PRD-10", "DIG-05", "DIG-07", "OPS-01",
                         "IPC-04"], "cbec_first"),
        (PROFILE_C, 49, ["REG-02", "REG-03", "REG-04", "REG-05", "PRD-01", "PRD-02", "OPS-01",
                         "IPC-04"], "b2b_oem"),
    ],
)  # fmt: skip
def test_branching_for_the_test_profiles(
    q: Questionnaire, profile: dict[str, Any], count: int, blocking: list[str], preset: str
) -> None:
    items = q.applicable_items(profile)
    assert len(items) == count
    assert [i.id for i in items if q.can_block(i, profile)] == blocking
    assert q.preset_for(profile) == preset


def test_unverified_notes_are_kept(q: Questionnaire) -> None:
    flagged = {i.id for i in q.items if i.unverified}
    assert {"REG-01", "PRD-09", "PRD-10", "PRD-13", "FIN-07"} <= flagged
    assert q.services["chumaotong"].verify


def _broken(q: Questionnaire, old: str, new: str) -> str:
    assert old in q.text
    return q.text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "where", "fragment"),
    [
        ("- id: STR-02", "- id: STR-01", "items.STR-01", "twice"),
        ("if: self_declare\n", "if: self_declared\n", "items.REG-01", "self_declared"),
        ("    channels_any: [b2b_platform]", "    chanels_any: [b2b_platform]", "items.DIG-01",
         "chanels"),
        ("dep: [STR-02, MKT-01]", "dep: [STR-02, MKT-99]", "items.STR-03", "MKT-99"),
        ("  services: [service_center]\n  action: {zh: 用SMART",
         "  services: [nowhere]\n  action: {zh: 用SMART", "items.STR-02", "nowhere"),
        ("en: 'Written export objectives (markets, revenue, milestones)'", "en: ''",
         "items.STR-02", "English"),
        ("weights: {STR: 10, ORG: 10, REG: 15", "weights: {STR: 11, ORG: 10, REG: 15",
         "weight_presets.default", "101"),
        ("en: 'Organisation, people & capacity'", "en: Organisation, people & capacity",
         "dimensions[1]", "people"),
        ("  w: 3\n  u: 2\n  eff: S\n  own: boss\n  evidence: [目标表]",
         "  w: 3\n  u: 2\n  eff: S\n  own: boss\n  evidnce: [目标表]", "items.STR-02", "evidnce"),
    ]
)  # fmt: skip
def test_bad_files_name_the_item_and_the_problem(
    q: Questionnaire, old: str, new: str, where: str, fragment: str
) -> None:
    from services.core.i18n import set_locale

    set_locale("en")
    with pytest.raises(QuestionnaireError) as info:
        Questionnaire.from_text(_broken(q, old, new))
    found = {e.field: e.message for e in info.value.errors}
    assert where in found, found
    assert fragment in found[where] or fragment in where


def test_not_yaml(q: Questionnaire) -> None:
    with pytest.raises(QuestionnaireError):
        Questionnaire.from_text("items: [unclosed")
    with pytest.raises(QuestionnaireError):
        Questionnaire.from_text("just text")
