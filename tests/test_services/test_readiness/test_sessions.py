"""Sessions: created from the dossier, answers autosaved, carried forward, plans kept, files."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core.errors import DataFileError, NotFoundError, ValidationError
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.readiness.action_plan import CUSTOM
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit
from services.readiness.scoring import Answer
from services.readiness.sessions import ActionRecord, SessionRepository
from services.refdata.reference import ReferenceData
from tests.cli_support import Cli


@pytest.fixture
def repo(store: DataStore, reference: ReferenceData) -> SessionRepository:
    load_sample(CompanyRepository(store.db), reference.hs)
    return SessionRepository(store.db)


def test_a_new_session_starts_from_the_dossier(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID, held_on=date(2026, 11, 20), advisor="王顾问")
    assert session.profile["company_type"] == "manufacturer"
    assert session.profile["markets"] == ["JP", "KR", "ASEAN", "AUNZ", "EU"]
    assert session.profile["hs_codes"] == ["850760", "854143", "850440"]
    assert session.questionnaire_version == "1.0.0"
    assert session.level == "start"
    assert session.actions  # a plan from the very first session
    assert repo.questionnaire("1.0.0").sha256 == session.questionnaire_sha256


def test_answers_are_saved_one_by_one_and_reopen_identically(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    result = repo.save_answer(session.id, "STR-01", Answer(2, "seen", "会议纪要已看"))
    assert result.dimensions["STR"].score > 0
    reopened = SessionRepository(repo.db).get(session.id)
    assert reopened.answers["STR-01"] == Answer(2, "seen", "会议纪要已看")
    assert reopened.score == pytest.approx(result.score)
    repo.clear_answer(session.id, "STR-01")
    assert "STR-01" not in repo.get(session.id).answers


def test_a_bad_answer_is_refused_and_nothing_changes(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    repo.save_answer(session.id, "STR-01", Answer(1))
    with pytest.raises(ValidationError) as info:
        repo.save_answer(session.id, "STR-01", Answer(9))
    assert info.value.field == "answers.STR-01"
    assert repo.get(session.id).answers["STR-01"].value == 1


def test_answers_carry_forward_and_the_timeline_grows(repo: SessionRepository) -> None:
    first = repo.create(SAMPLE_ID, held_on=date(2026, 10, 1))
    repo.save_answer(first.id, "STR-01", Answer(1))
    second = repo.create(SAMPLE_ID, held_on=date(2026, 11, 1))
    assert second.answers["STR-01"].value == 1
    repo.save_answer(second.id, "STR-01", Answer(3, "seen"))
    timeline = repo.list_for_company(SAMPLE_ID)
    assert [s.held_on for s in timeline] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert timeline[1].dimensions["STR"] > timeline[0].dimensions["STR"]
    assert repo.get(first.id).answers["STR-01"].value == 1  # the past stays as it was


def test_regenerating_the_plan_keeps_the_advisors_edits(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID, held_on=date(2026, 11, 20))
    first = session.actions[0]
    edited = replace(first, status="doing", note="已联系报关行", owner_name="李娜")
    custom = ActionRecord(id="c1", item_id=None, kind=CUSTOM, title="参加广交会", status="todo")
    repo.save_actions(session.id, [edited, *session.actions[1:], custom])
    repo.save_answer(session.id, "STR-01", Answer(3, "seen"))
    actions = repo.regenerate_plan(session.id)
    kept = next(a for a in actions if a.item_id == first.item_id)
    assert (kept.status, kept.note, kept.owner_name) == ("doing", "已联系报关行", "李娜")
    assert any(a.kind == CUSTOM and a.title == "参加广交会" for a in actions)
    assert "STR-01" not in {a.item_id for a in actions}


def test_bad_action_edits_are_refused(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    with pytest.raises(ValidationError):
        repo.save_actions(session.id, [replace(session.actions[0], status="finished")])
    with pytest.raises(ValidationError):
        repo.save_actions(session.id, [ActionRecord(id="x", item_id=None, kind=CUSTOM)])
    assert repo.get(session.id).actions == session.actions


def test_done_actions_get_a_date(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    repo.save_actions(session.id, [replace(session.actions[0], status="done")])
    assert repo.get(session.id).actions[0].done_on is not None
    assert repo.list_for_company(SAMPLE_ID)[0].actions_done == 1


def test_json_round_trip_is_exact(
    repo: SessionRepository, tmp_path: Path, reference: ReferenceData
) -> None:
    session = repo.create(
        SAMPLE_ID, held_on=date(2026, 11, 20), advisor="王顾问", notes="备注 <&> 😀"
    )
    repo.save_answer(session.id, "PRD-01", Answer("partial", "claimed", "报关行口头确认"))
    exported = repo.export_json(session.id)
    text = json.dumps(exported, ensure_ascii=False)
    other = open_store(AppPaths(tmp_path / "other"))
    try:
        load_sample(CompanyRepository(other.db), reference.hs)
        there = SessionRepository(other.db)
        imported = there.import_json(json.loads(text))
        assert there.export_json(imported.id) == exported
        there.import_json(json.loads(text))  # again: replaced, not duplicated
        assert len(there.list_for_company(SAMPLE_ID)) == 1
    finally:
        other.close()


def test_import_refuses_foreign_or_changed_files(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    data = repo.export_json(session.id)
    with pytest.raises(DataFileError):
        repo.import_json({"format": "something"})
    with pytest.raises(DataFileError):
        repo.import_json({**data, "questionnaire": {"version": "1.0.0", "sha256": "0" * 64}})
    with pytest.raises(ValidationError):
        repo.import_json({**data, "answers": {"STR-01": "yes"}})
    with pytest.raises(NotFoundError):
        repo.import_json({**data, "company_id": "nobody"})


def test_answers_as_csv(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    repo.save_answer(session.id, "STR-01", Answer(2, "seen", "说明, 含逗号"))
    text = repo.answers_csv(session.id)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    row = next(r for r in rows if r["item"] == "STR-01")
    assert (row["answer"], row["score"], row["note"]) == ("2", "0.67", "说明, 含逗号")
    assert len(rows) == len(repo.questionnaire("1.0.0").applicable_items(session.profile))


def test_service_catalogue_is_seeded_and_editable(repo: SessionRepository) -> None:
    repo.create(SAMPLE_ID)
    catalogue = ServiceCatalogue(repo.db)
    keys = {u.key for u in catalogue.all()}
    assert {"single_window", "chumaotong", "gedian_jingfa", "sinosure"} <= keys
    unit = catalogue.get("chumaotong")
    assert unit.verify
    catalogue.save(replace(unit, contact="027-12345678", link="https://example.org/cmt"))
    assert catalogue.seed(repo.questionnaire("1.0.0")) == 0  # edits are never overwritten
    assert catalogue.get("chumaotong").contact == "027-12345678"
    with pytest.raises(ValidationError):
        catalogue.save(ServiceUnit(key="Bad Key", name_zh="", name_en="", link="ftp://x"))
    catalogue.save(replace(catalogue.get("sinosure"), active=False))
    assert "sinosure" not in catalogue.active_keys()


def test_session_commands(tmp_path: Path, cli: Cli) -> None:
    run = cli
    run("company", "sample")  # with its own advisory session
    assert len(run("readiness", "session", "list", "--company", SAMPLE_ID)["sessions"]) == 1
    data = tmp_path / "session.json"
    data.write_text(
        json.dumps(
            {
                "date": "2026-11-20",
                "advisor": "王顾问",
                "notes": "首次",
                "answers": {"STR-01": 2, "PRD-01": {"value": "yes", "evidence_seen": True}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    added = run("readiness", "session", "add", "--company", SAMPLE_ID, str(data))
    assert added["level"] == "start"
    listed = run("readiness", "session", "list", "--company", SAMPLE_ID)
    assert len(listed["sessions"]) == 2
    shown = run("readiness", "session", "show", str(added["id"]))
    assert shown["answers"]["PRD-01"]["evidence"] == "seen"
    out = tmp_path / "s.json"
    run("readiness", "session", "export", str(added["id"]), "--out", str(out))
    assert run("readiness", "session", "import", str(out))["id"] == added["id"]
    run(
        "readiness",
        "session",
        "export",
        str(added["id"]),
        "--out",
        str(tmp_path / "a.csv"),
        "--csv",
    )
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith("item,dimension")
    bad = tmp_path / "bad.json"
    bad.write_text('{"answers": {"STR-01": "maybe"}}', encoding="utf-8")
    error = run("readiness", "session", "add", "--company", SAMPLE_ID, str(bad), status=2)
    assert error["error"]["field"] == "answers.STR-01"
    assert len(run("readiness", "session", "list", "--company", SAMPLE_ID)["sessions"]) == 2


def test_answering_refreshes_the_plan(repo: SessionRepository) -> None:
    session = repo.create(SAMPLE_ID)
    assert next(a for a in session.actions if a.item_id == "PRD-01").kind == "fix"
    repo.save_answer(session.id, "PRD-01", Answer("yes", "claimed"))
    assert next(a for a in repo.get(session.id).actions if a.item_id == "PRD-01").kind == "verify"
    repo.save_answer(session.id, "PRD-01", Answer("yes", "seen"))
    assert "PRD-01" not in {a.item_id for a in repo.get(session.id).actions}


def test_carried_answers_stay_marked_until_confirmed(repo: SessionRepository) -> None:
    first = repo.create(SAMPLE_ID, held_on=date(2026, 10, 1))
    repo.save_answer(first.id, "STR-01", Answer(1))
    repo.save_answer(first.id, "STR-02", Answer(2))
    assert repo.get(first.id).carried_forward == frozenset()
    second = repo.create(SAMPLE_ID, held_on=date(2026, 11, 1))
    assert second.carried_forward == {"STR-01", "STR-02"}
    repo.save_answer(second.id, "STR-01", Answer(1))  # confirmed unchanged
    assert repo.get(second.id).carried_forward == {"STR-02"}
