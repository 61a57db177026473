"""``data status|update|rollback|pack export`` through the real entry point (main.main), with
packs served by a local HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.core.paths import AppPaths
from services.core.settings import Preferences, save_preferences
from services.core.store import open_store
from services.rcep.tariff_repository import TariffRepository
from tests.cli_support import Cli
from tests.pack_server import PackServer, tariff_source


def test_export_serve_update_status_rollback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    centre = Cli(tmp_path / "centre", capsys, lang="en")
    office = Cli(tmp_path / "office", capsys, lang="en")
    site = tmp_path / "site"

    store = open_store(AppPaths(tmp_path / "centre"), daily_backup=False)
    TariffRepository(store.db).replace_source(tariff_source(rate="6", edition="2026-04-01"))
    store.close()

    names = {p["name"]: p for p in centre("data", "status")["packs"]}
    assert names["tariffs-test-KR"]["version"] == "2026.04.01"
    assert names["tariffs-jp-applied"]["date"] == "2026-07-09"
    assert {"psr", "questionnaire"} <= set(names)

    written = centre("data", "pack", "export", "tariffs-test-KR", "--out", str(site))
    assert written["pack"]["version"] == "2026.04.01"
    assert written["pack"]["url"] == "tariffs-test-KR-2026.04.01.json.gz"
    centre("data", "pack", "export", "questionnaire", "--out", str(site))
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in manifest["packs"]] == ["questionnaire", "tariffs-test-KR"]

    with PackServer(site) as server:
        (tmp_path / "office").mkdir()
        save_preferences(tmp_path / "office" / "settings.json", Preferences(update_url=server.url))
        result = office("data", "update")
        assert [(c["name"], c["to_version"]) for c in result["changed"]] == [
            ("tariffs-test-KR", "2026.04.01")
        ]
        assert [u["name"] for u in result["unchanged"]] == ["questionnaire"]
        assert office("data", "update", "--url", server.url + "manifest.json")["changed"] == []

    status = {p["name"]: p for p in office("data", "status")["packs"]}
    assert status["tariffs-test-KR"]["installed_from"].endswith("/manifest.json")
    lookup = office("tariff", "lookup", "--hs", "8507.60", "--to", "KR")
    assert [line["mfn_rate"] for line in lookup["lines"]] == [6.0]

    back = office("data", "rollback", "tariffs-test-KR")
    assert back["from_version"] == "2026.04.01"
    assert "tariffs-test-KR" not in {p["name"] for p in office("data", "status")["packs"]}


def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(tmp_path / "data", capsys, lang="en")
    assert cli("data", "update", status=2)["error"]["field"] == "url"
    assert cli("data", "rollback", "psr", status=2)["error"]["code"] == "not_found"
    missing = cli("data", "pack", "export", "nothing", "--out", str(tmp_path), status=2)
    assert missing["error"]["code"] == "not_found"
    bad = cli("data", "pack", "export", "../x", "--out", str(tmp_path), status=2)
    assert bad["error"]["field"] == "name"
    version = cli(
        "data", "pack", "export", "questionnaire", "--out", str(tmp_path), "--version", "v2",
        status=2,
    )  # fmt: skip
    assert version["error"]["field"] == "version"
    offline = cli("data", "update", "--url", "http://127.0.0.1:9/", status=1)
    assert offline["error"]["code"] == "offline"
