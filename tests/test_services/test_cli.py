"""The headless commands of docs/cli.md, through the real entry point (main.main)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import main
from services.core.paths import AppPaths
from services.core.store import open_store
from tests.cli_support import Cli
from tests.conftest import REPO_ROOT

COMPANY = {
    "name_zh": "鄂州葛店光电有限公司",
    "name_en": "Gedian Photonics",
    "uscc": "91420703MA49Y0AB3Y",
    "industry": "optoelectronics",
    "company_type": "manufacturer",
    "stage": "occasional",
    "markets": ["JP", "ASEAN"],
    "channels": ["b2b_platform"],
    "contacts": [
        {"role": "trade_lead", "name": "李娜", "phone": "13871234567", "email": "li@example.com"}
    ],
    "products": [{"name": "光模块", "hs": "8517.62"}],
    "notes": "",
}


@pytest.fixture
def company_file(tmp_path: Path) -> Path:
    path = tmp_path / "company.json"
    path.write_text(json.dumps(COMPANY, ensure_ascii=False), encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "ExportPilot 0.1.0"


def test_hs_search_by_code_and_keyword(cli: Cli) -> None:
    by_code = cli("hs", "search", "8507 60")["results"]
    assert by_code[0] == {
        "code": "850760",
        "level": 6,
        "description_en": by_code[0]["description_en"],
        "description_zh": None,
    }
    assert "lithium-ion" in by_code[0]["description_en"]
    words = cli("hs", "search", "photovoltaic modules", "--limit", "5")["results"]
    assert "854143" in [r["code"] for r in words]
    assert len(cli("hs", "search", "85", "--limit", "3")["results"]) == 3


def test_hs_search_bad_limit(cli: Cli) -> None:
    error = cli("hs", "search", "85", "--limit", "0", status=2)["error"]
    assert error["field"] == "limit"


def test_company_lifecycle(cli: Cli, company_file: Path, tmp_path: Path) -> None:
    cid = cli("company", "add", str(company_file))["id"]
    listed = cli("company", "list")["companies"]
    assert [(c["id"], c["name_zh"], c["uscc"]) for c in listed] == [
        (cid, "鄂州葛店光电有限公司", "91420703MA49Y0AB3Y")
    ]
    assert cli("company", "list", "--search", "Photonics")["companies"][0]["id"] == cid
    assert cli("company", "list", "--market", "EU")["companies"] == []
    shown = cli("company", "show", cid)
    assert shown["products"][0]["hs"] == "851762"
    assert shown["contacts"][0]["email"] == "li@example.com"
    assert cli("company", "archive", cid) == {"id": cid, "archived": True}
    assert cli("company", "list")["companies"] == []
    assert len(cli("company", "list", "--archived")["companies"]) == 1
    cli("company", "restore", cid)
    out = tmp_path / "d.epdossier"
    assert cli("company", "export", cid, "--out", str(out))["path"] == str(out.resolve())
    other = Cli(tmp_path / "other", cli.capsys)
    assert other("company", "import", str(out))["action"] == "created"
    assert other("company", "import", str(out))["action"] == "unchanged"
    assert other("company", "show", cid)["name_en"] == "Gedian Photonics"
    assert cli("company", "delete", cid, status=2)["error"]["field"] == "yes"
    assert cli("company", "delete", cid, "--yes")["deleted"] is True
    assert cli("company", "show", cid, status=2)["error"]["code"] == "not_found"


def test_company_add_reports_bad_fields_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    bad = dict(
        COMPANY, uscc="91420703MA49Y0AB3X", contacts=[{"role": "boss", "name": "张", "email": "x@"}]
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    error = cli("--lang", "en", "company", "add", str(path), status=2)["error"]
    assert error["code"] == "invalid"
    assert error["field"] == "uscc"
    assert "check character" in error["message"]
    assert {e["field"] for e in error["errors"]} == {"uscc", "contacts[0].email"}
    assert cli("company", "list")["companies"] == []


def test_messages_are_chinese_by_default(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"name_zh": ""}', encoding="utf-8")
    error = cli("company", "add", str(path), status=2)["error"]
    assert error["field"] == "name_zh"
    assert error["message"] == "此项为必填项。"


@pytest.mark.parametrize(
    ("content", "code"),
    [("{", "bad_file"), ("[]", "invalid"), ('{"name_zh": 3}', "invalid")],
)
def test_company_add_malformed_input(cli: Cli, tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    assert cli("company", "add", str(path), status=2)["error"]["code"] == code


def test_company_add_missing_file(cli: Cli, tmp_path: Path) -> None:
    assert cli("company", "add", str(tmp_path / "none.json"), status=2)["error"]["code"] == (
        "bad_file"
    )


def test_usage_errors_are_json(cli: Cli) -> None:
    assert cli("company", "frobnicate", status=2)["error"]["code"] == "usage"
    assert cli("--lang", "fr", "hs", "search", "85", status=2)["error"]["field"] == "lang"


def test_company_sample_shows_every_feature_and_is_removed_whole(cli: Cli) -> None:
    sample = cli("company", "sample")["id"]
    assert cli("company", "sample")["id"] == sample  # loading again adds nothing
    assert len(cli("readiness", "session", "list", "--company", sample)["sessions"]) == 1
    [assessment] = cli("origin", "assessments", "--company", sample)["assessments"]
    assert (assessment["importing_party"], assessment["criterion"]) == ("JP", "CTC ACU")
    [scenario] = cli("warehouse", "scenario", "list", "--company", sample)["scenarios"]
    assert scenario["markets"] == ["JP"]

    assert cli("company", "sample", "--remove") == {"removed": 1}
    assert cli("company", "list")["companies"] == []
    assert cli("origin", "assessments", "--company", sample, status=2)["error"]["code"] == (
        "not_found"
    )
    assert cli("warehouse", "scenario", "list", "--company", sample)["scenarios"] == []


def test_db_backup_check_restore(cli: Cli, company_file: Path, tmp_path: Path) -> None:
    cid = cli("company", "add", str(company_file))["id"]
    backup = cli("db", "backup")["path"]
    assert Path(backup).parent == (cli.data_dir / "backups").resolve()
    copy = tmp_path / "copy.db"
    cli("db", "backup", "--out", str(copy))
    cli("company", "delete", cid, "--yes")
    restored = cli("db", "restore", str(copy))
    assert Path(restored["safety_backup"]).exists()
    assert cli("company", "show", cid)["id"] == cid
    check = cli("db", "check")
    assert check["ok"] is True
    assert check["schema"]["pending"] == []
    assert check["tables"]["companies"] == 1


def test_db_restore_rejects_garbage(cli: Cli, company_file: Path, tmp_path: Path) -> None:
    cli("company", "add", str(company_file))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"garbage" * 100)
    assert cli("db", "restore", str(junk), status=1)["error"]["code"] == "corrupt_database"
    assert len(cli("company", "list")["companies"]) == 1


def test_reads_work_while_the_window_holds_the_folder(cli: Cli, company_file: Path) -> None:
    cli("company", "add", str(company_file))
    holder = open_store(AppPaths(cli.data_dir))  # as the running window would
    try:
        assert len(cli("company", "list")["companies"]) == 1
        error = cli("company", "add", str(company_file), status=1)["error"]
        assert error["code"] == "locked"
    finally:
        holder.close()


def test_real_process_entry_point(tmp_path: Path) -> None:
    """`python main.py …` as a user runs it: UTF-8 JSON on stdout, exit status per contract."""
    env = {"EXPORTPILOT_DATA_DIR": str(tmp_path / "env-data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "main.py", "hs", "search", "8507"],
        cwd=REPO_ROOT,
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout.decode("utf-8"))["results"][0]["code"] == "8507"
    assert (tmp_path / "env-data" / "logs").is_dir()
    failed = subprocess.run(
        [sys.executable, "main.py", "company", "show", "nope"],
        cwd=REPO_ROOT,
        capture_output=True,
        env=env,
        check=False,
    )
    assert failed.returncode == 2
    assert json.loads(failed.stdout.decode("utf-8"))["error"]["code"] == "not_found"
