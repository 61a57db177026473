"""Data packs over HTTP: packs exported from one data folder by ``data pack export`` are served
by a local HTTP server (loopback) and installed into another; every failure leaves the
receiving tables exactly as they were."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import DataFileError, NotFoundError, UpdateError
from services.core.paths import AppPaths
from services.core.progress import Cancelled, CancelToken
from services.core.store import DataStore, open_store
from services.rcep.defaults import embedded_pack
from services.rcep.packs import pack_document
from services.rcep.psr_table import IMPORTED, PsrTable
from services.rcep.tariff_repository import TariffRepository
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit
from services.readiness.questionnaire import active_questionnaire, current_questionnaire
from services.readiness.sessions import SessionRepository
from services.refdata.datapacks import (
    MANIFEST_NAME,
    PackContent,
    PackInfo,
    is_newer,
    pack_bytes,
    parse_manifest,
    read_pack_bytes,
)
from services.refdata.http import HttpClient, HttpOptions
from services.refdata.updates import (
    UpdateLimits,
    export_pack,
    manifest_url,
    pack_status,
    pack_url,
    rollback,
    update_from_url,
)
from tests.pack_server import (
    PackServer,
    add_to_site,
    all_kinds,
    publish_questionnaire,
    quick_client,
    snapshot,
    tariff_source,
)

KINDS = all_kinds()
TEST_SOURCE = "tariffs-test-KR"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALL_PROXY", raising=False)


@pytest.fixture
def publisher(tmp_path: Path) -> Iterator[DataStore]:
    opened = open_store(AppPaths(tmp_path / "publisher"), daily_backup=False)
    yield opened
    opened.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.fixture
def server(site: Path) -> Iterator[PackServer]:
    with PackServer(site) as running:
        yield running


def publish_tariff(publisher: DataStore, site: Path, *, rate: str, version: str) -> None:
    TariffRepository(publisher.db).replace_source(tariff_source(rate=rate))
    export_pack(publisher.db, KINDS, TEST_SOURCE, site, version=version)


def update(store: DataStore, server: PackServer, **kwargs: Any) -> Any:
    with quick_client() as client:
        return update_from_url(store.db, KINDS, server.url, client=client, **kwargs)


def lookup_rate(store: DataStore) -> str | None:
    lines = TariffRepository(store.db).lines("KR", ["85076"])
    rate = lines[0].rates[5] if lines else None
    return str(rate.percent) if rate is not None else None


def failing(store: DataStore, server: PackServer, code: str, **kwargs: Any) -> UpdateError:
    before = snapshot(store.db)
    with pytest.raises(UpdateError) as caught:
        update(store, server, **kwargs)
    assert caught.value.code == code, caught.value.message
    assert snapshot(store.db) == before
    return caught.value


# ---- updates -----------------------------------------------------------------------------


def test_update_installs_new_and_newer_packs_then_is_a_noop(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    publish_tariff(publisher, site, rate="8", version="2026.01.01")
    first = update(store, server)
    assert [(c.name, c.from_version, c.to_version) for c in first.changed] == [
        (TEST_SOURCE, None, "2026.01.01")
    ]
    assert lookup_rate(store) == "8"

    publish_tariff(publisher, site, rate="5", version="2026.02.01")
    second = update(store, server)
    assert [(c.name, c.from_version, c.to_version) for c in second.changed] == [
        (TEST_SOURCE, "2026.01.01", "2026.02.01")
    ]
    assert lookup_rate(store) == "5"
    status = {s.info.name: s for s in pack_status(store.db, KINDS)}
    assert status[TEST_SOURCE].info.version == "2026.02.01"
    previous = status[TEST_SOURCE].previous
    assert previous is not None
    assert previous.info.version == "2026.01.01"
    assert status[TEST_SOURCE].to_json()["installed_from"] == server.url + MANIFEST_NAME

    before = snapshot(store.db)
    third = update(store, server)
    assert third.changed == ()
    assert [i.name for i in third.unchanged] == [TEST_SOURCE]
    assert snapshot(store.db) == before


def test_real_japanese_tariff_pack_round_trips(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    exported = export_pack(publisher.db, KINDS, "tariffs-jp-applied", site, version="2026.07.10")
    assert exported.entry.info.date == "2026-07-09"
    summary = update(store, server)
    assert [c.name for c in summary.changed] == ["tariffs-jp-applied"]
    stored = TariffRepository(store.db).source_pack("jp-applied")
    shipped = embedded_pack("jp-applied")
    assert stored is not None
    assert shipped is not None
    assert (stored.source, stored.lines, stored.mfn) == (shipped.source, shipped.lines, shipped.mfn)


def test_rollback_goes_back_and_forth(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    publish_tariff(publisher, site, rate="8", version="2026.01.01")
    update(store, server)
    lines_v1 = TariffRepository(store.db).source_pack("test-KR")
    publish_tariff(publisher, site, rate="5", version="2026.02.01")
    update(store, server)

    back = rollback(store.db, KINDS, TEST_SOURCE)
    assert (back.from_version, back.to_version) == ("2026.02.01", "2026.01.01")
    assert lookup_rate(store) == "8"
    assert TariffRepository(store.db).source_pack("test-KR") == lines_v1

    forth = rollback(store.db, KINDS, TEST_SOURCE)
    assert (forth.from_version, forth.to_version) == ("2026.01.01", "2026.02.01")
    assert lookup_rate(store) == "5"


def test_rollback_of_a_new_pack_removes_it(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    publish_tariff(publisher, site, rate="8", version="2026.01.01")
    update(store, server)
    rollback(store.db, KINDS, TEST_SOURCE)
    assert lookup_rate(store) is None
    assert TEST_SOURCE not in {s.info.name for s in pack_status(store.db, KINDS)}


def test_rollback_without_an_update_is_refused(store: DataStore) -> None:
    with pytest.raises(NotFoundError):
        rollback(store.db, KINDS, "tariffs-jp-applied")
    with pytest.raises(NotFoundError):
        rollback(store.db, KINDS, "no-such-pack")


def test_downgrade_is_skipped(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    publish_tariff(publisher, site, rate="5", version="2026.02.01")
    update(store, server)
    publish_tariff(publisher, site, rate="8", version="2026.01.01")
    before = snapshot(store.db)
    summary = update(store, server)
    assert summary.changed == ()
    assert [(s.name, s.version) for s in summary.skipped] == [(TEST_SOURCE, "2026.01.01")]
    assert "2026.02.01" in summary.skipped[0].reason
    assert snapshot(store.db) == before


def test_unknown_kind_is_skipped(store: DataStore, site: Path, server: PackServer) -> None:
    info = PackInfo("hs-notes", "hs-notes", "1", "2026-01-01", "future data")
    add_to_site(site, PackContent(info, {"notes": []}))
    summary = update(store, server)
    assert summary.changed == ()
    assert [s.name for s in summary.skipped] == ["hs-notes"]


def test_psr_questionnaire_and_catalogue_packs(
    store: DataStore, publisher: DataStore, site: Path, server: PackServer
) -> None:
    psr_info = PackInfo("psr", "psr", "2022.01.01", "2022-01-01", "GACC 2022 No.129 annex 1")
    rules = KINDS.for_name("psr").parse(  # type: ignore[union-attr]
        psr_info,
        {"hs_version": "2022", "rules": [
            {"hs_code": "850760", "rule_text": "CTH or RVC40", "source": "GACC 2022 No.129",
             "source_date": "2022-01-01"},
        ]},
    )  # fmt: skip
    PsrTable(publisher.db).replace_imported(rules)
    export_pack(publisher.db, KINDS, "psr", site)

    ServiceCatalogue(store.db).save(ServiceUnit("local_bureau", "本地商务局", "Local bureau"))
    ServiceCatalogue(publisher.db).save(ServiceUnit("trade_centre", "外贸服务中心", "Centre"))
    export_pack(publisher.db, KINDS, "service-catalogue", site, version="2026.11.01")

    shipped = current_questionnaire()
    publish_questionnaire(site, "9.0.0")

    summary = update(store, server)
    assert sorted(c.name for c in summary.changed) == ["psr", "questionnaire", "service-catalogue"]
    rule = PsrTable(store.db).rule_for("850760")
    assert rule is not None
    assert (rule.kind, str(rule.rule)) == (IMPORTED, "CTH or RVC40")
    units = {u.key: u.active for u in ServiceCatalogue(store.db).all()}
    assert (units["trade_centre"], units["local_bureau"]) == (True, False)
    assert active_questionnaire(store.db).version == "9.0.0"
    assert SessionRepository(store.db).questionnaire("9.0.0").version == "9.0.0"

    rollback(store.db, KINDS, "questionnaire")
    assert active_questionnaire(store.db).version == shipped.version
    rollback(store.db, KINDS, "psr")
    found = PsrTable(store.db).rule_for("850760")
    assert found is None or found.kind != IMPORTED
    rollback(store.db, KINDS, "service-catalogue")
    assert {u.key: u.active for u in ServiceCatalogue(store.db).all()}["local_bureau"] is True


def test_psr_export_needs_imported_rules(publisher: DataStore, site: Path) -> None:
    with pytest.raises(NotFoundError):
        export_pack(publisher.db, KINDS, "psr", site)


# ---- failures leave the data as they were -------------------------------------------------


@pytest.fixture
def installed(store: DataStore, publisher: DataStore, site: Path, server: PackServer) -> Path:
    """Version 2026.01.01 installed; 2026.02.01 published and waiting."""
    publish_tariff(publisher, site, rate="8", version="2026.01.01")
    update(store, server)
    publish_tariff(publisher, site, rate="5", version="2026.02.01")
    return site / f"{TEST_SOURCE}-2026.02.01.json.gz"


def test_tampered_pack_is_refused(store: DataStore, server: PackServer, installed: Path) -> None:
    data = bytearray(installed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    installed.write_bytes(bytes(data))
    failing(store, server, "checksum")
    assert lookup_rate(store) == "8"


def test_truncated_download_is_refused(
    store: DataStore, server: PackServer, installed: Path
) -> None:
    server.truncate.add("/" + installed.name)
    failing(store, server, "interrupted")


@pytest.mark.parametrize(("status", "code"), [(404, "http_404"), (500, "http_error")])
def test_server_errors(
    store: DataStore, server: PackServer, installed: Path, status: int, code: str
) -> None:
    server.fail["/" + installed.name] = status
    failing(store, server, code)
    server.fail.clear()
    server.fail["/" + MANIFEST_NAME] = status
    failing(store, server, code)


def test_server_errors_are_retried(store: DataStore, server: PackServer, installed: Path) -> None:
    server.fail["/" + MANIFEST_NAME] = 503
    server.requests.clear()
    failing(store, server, "http_error")
    assert server.requests.count("/" + MANIFEST_NAME) == 2  # quick_client: one retry


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"format": "something-else", "schema": 1, "packs": []}',
        '{"format": "exportpilot-data-manifest", "schema": 2, "packs": []}',
        '{"format": "exportpilot-data-manifest", "schema": 1, "packs": {}}',
        '{"format": "exportpilot-data-manifest", "schema": 1, "packs": [{"name": "x"}]}',
    ],
)
def test_malformed_manifest(store: DataStore, server: PackServer, site: Path, text: str) -> None:
    site.mkdir(exist_ok=True)
    (site / MANIFEST_NAME).write_text(text, encoding="utf-8")
    failing(store, server, "bad_manifest")


def test_manifest_fields_are_checked(store: DataStore, server: PackServer, installed: Path) -> None:
    manifest = installed.parent / MANIFEST_NAME
    document = json.loads(manifest.read_text(encoding="utf-8"))
    for field, value in (("sha256", "ABC"), ("version", "1.x"), ("size", -1), ("date", "2026")):
        broken = json.loads(json.dumps(document))
        broken["packs"][0][field] = value
        manifest.write_text(json.dumps(broken), encoding="utf-8")
        failing(store, server, "bad_manifest")
    duplicated = dict(document, packs=document["packs"] * 2)
    manifest.write_text(json.dumps(duplicated), encoding="utf-8")
    failing(store, server, "bad_manifest")


def test_oversize_downloads_are_refused(
    store: DataStore, server: PackServer, installed: Path
) -> None:
    failing(store, server, "too_large", limits=UpdateLimits(max_pack=100))
    failing(store, server, "too_large", limits=UpdateLimits(max_total=100))
    failing(store, server, "too_large", limits=UpdateLimits(max_manifest=50))
    manifest = installed.parent / MANIFEST_NAME
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["packs"][0]["size"] = 100  # the server sends more than announced
    manifest.write_text(json.dumps(document), encoding="utf-8")
    failing(store, server, "too_large")


@pytest.mark.parametrize(
    "url",
    [
        "../outside.json.gz",
        "packs/../../outside.json.gz",
        "packs/%2e%2e/%2e%2e/outside.json.gz",
        "/etc/passwd",
        "http://127.0.0.2/x.json.gz",
        "//127.0.0.2/x.json.gz",
        "packs\\..\\..\\x.json.gz",
        "file:///etc/passwd",
        "x.json.gz?redirect=http://elsewhere",
    ],
)
def test_pack_urls_that_escape_are_refused(
    store: DataStore, server: PackServer, installed: Path, url: str
) -> None:
    manifest = installed.parent / MANIFEST_NAME
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["packs"][0]["url"] = url
    manifest.write_text(json.dumps(document), encoding="utf-8")
    server.requests.clear()
    failing(store, server, "unsafe_url")
    assert server.requests == ["/" + MANIFEST_NAME]  # no pack was asked for


def test_pack_urls_in_a_subfolder_are_fine() -> None:
    base = manifest_url("https://example.cn/ep/")
    assert base == "https://example.cn/ep/manifest.json"
    assert pack_url(base, "packs/a-1.json.gz") == "https://example.cn/ep/packs/a-1.json.gz"


def test_pack_that_is_not_the_announced_one(
    store: DataStore, site: Path, server: PackServer, installed: Path
) -> None:
    other = tariff_source("other-KR", rate="1")
    info = PackInfo("tariffs-other-KR", "tariffs", "2026.03.01", "2026-01-01", "x")
    data = pack_bytes(PackContent(info, pack_document(other)))
    announced = PackInfo(TEST_SOURCE, "tariffs", "2026.03.01", "2026-01-01", "x")
    add_to_site(site, PackContent(announced, {}), data=data)
    failing(store, server, "bad_pack")


@pytest.mark.parametrize(
    "payload",
    [
        {"hs_version": "2022", "rules": [{"hs_code": "850760", "rule_text": "CTH maybe",
                                          "source": "x"}]},
        {"hs_version": "2012", "rules": []},
        {"hs_version": "2022", "rules": [{"hs_code": "85", "rule_text": "CC", "source": ""}]},
    ],
)  # fmt: skip
def test_pack_with_a_bad_payload(
    store: DataStore, site: Path, server: PackServer, payload: dict[str, Any]
) -> None:
    info = PackInfo("psr", "psr", "2026.01.01", "2026-01-01", "x")
    add_to_site(site, PackContent(info, payload))
    failing(store, server, "bad_pack")


def test_cancel_while_downloading(store: DataStore, server: PackServer, installed: Path) -> None:
    token = CancelToken()
    before = snapshot(store.db)

    def progress(done: int, total: int) -> None:
        if done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        update(store, server, progress=progress, cancel=token)
    assert snapshot(store.db) == before


def test_cancel_while_applying(store: DataStore, server: PackServer, installed: Path) -> None:
    token = CancelToken()
    before = snapshot(store.db)

    def progress(done: int, total: int) -> None:
        if total and done > total // 2:  # the second half of the work is applying
            token.cancel()

    with pytest.raises(Cancelled):
        update(store, server, progress=progress, cancel=token)
    assert snapshot(store.db) == before


def test_offline(store: DataStore) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    with quick_client() as client, pytest.raises(UpdateError) as caught:
        update_from_url(store.db, KINDS, f"http://127.0.0.1:{port}/", client=client)
    assert caught.value.code == "offline"


def test_bad_tls(store: DataStore, server: PackServer) -> None:
    url = server.url.replace("http://", "https://")
    with quick_client() as client, pytest.raises(UpdateError) as caught:
        update_from_url(store.db, KINDS, url, client=client)
    assert caught.value.code == "tls"


@pytest.mark.parametrize("url", ["", "ftp://example.cn/", "example.cn/manifest.json", "https://"])
def test_update_url_must_be_a_web_address(store: DataStore, url: str) -> None:
    with quick_client() as client, pytest.raises(UpdateError) as caught:
        update_from_url(store.db, KINDS, url, client=client)
    assert caught.value.code == "bad_url"


# ---- formats (hypothesis) ----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_readers(data: bytes) -> None:
    with pytest.raises((UpdateError, DataFileError)):
        parse_manifest(data)
    with pytest.raises(DataFileError):
        read_pack_bytes(data, label="x")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "kind", "version", "date", "source", "sha256",
                                        "size", "url"]), json_values))  # fmt: skip
def test_arbitrary_manifest_entries_are_refused_cleanly(entry: dict[str, Any]) -> None:
    document = {"format": "exportpilot-data-manifest", "schema": 1, "packs": [entry]}
    try:
        parse_manifest(json.dumps(document).encode())
        outcome = "accepted"
    except UpdateError as exc:
        outcome = exc.code
    assert outcome in ("accepted", "bad_manifest")  # never any other exception


@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
)
def test_versions_compare_as_numbers(a: list[int], b: list[int]) -> None:
    left, right = ".".join(map(str, a)), ".".join(map(str, b))
    assert is_newer(left, right) == (tuple(a) > tuple(b))


def test_pack_files_are_deterministic() -> None:
    content = PackContent(PackInfo("psr", "psr", "1", "2026-01-01", "s"), {"rules": []})
    assert pack_bytes(content) == pack_bytes(replace(content))
    assert read_pack_bytes(pack_bytes(content), label="x") == content


def test_embedded_tariff_headers_match_the_packs() -> None:
    from services.rcep.defaults import embedded_source, pack_files
    from services.rcep.packs import read_pack

    files = pack_files()
    assert files
    for path in files:
        assert embedded_source(path.name.removesuffix(".json.gz")) == read_pack(path).source


def test_proxy_from_settings_is_used(
    store: DataStore, server: PackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # no proxy listens there
    options = HttpOptions(proxy=f"http://127.0.0.1:{port}", retries=0, backoff=0)
    with HttpClient(options) as client, pytest.raises(UpdateError) as caught:
        update_from_url(store.db, KINDS, server.url, client=client)
    assert caught.value.code == "proxy"
    assert server.requests == []  # the request went to the proxy, not straight to the server


def test_a_proxy_must_be_a_proxy_address() -> None:
    with pytest.raises(UpdateError):
        HttpClient(HttpOptions(proxy="ftp://proxy.example"))


# ---- stalled servers and hostile names ------------------------------------------------------


def impatient_client() -> HttpClient:
    """A read timeout far below the stalled server's silence, and no retries."""
    return HttpClient(HttpOptions(connect_timeout=2, read_timeout=0.3, retries=0, backoff=0))


@pytest.mark.parametrize("stalled", ["manifest", "pack"])
@pytest.mark.parametrize("how", ["silent", "midway"])
def test_a_stalled_server_times_out_and_changes_nothing(
    store: DataStore, server: PackServer, installed: Path, stalled: str, how: str
) -> None:
    path = "/" + (MANIFEST_NAME if stalled == "manifest" else installed.name)
    server.stall[path] = how
    before = snapshot(store.db)
    with impatient_client() as client, pytest.raises(UpdateError) as caught:
        update_from_url(store.db, KINDS, server.url, client=client)
    assert caught.value.code == "timeout", caught.value.message
    assert snapshot(store.db) == before
    assert lookup_rate(store) == "8"
    assert path in server.requests


@pytest.mark.parametrize("name", ["../x", "a/b", "/etc/x", "a\\b", "..", "C:\\x"])
def test_pack_names_that_escape_are_refused(
    store: DataStore, server: PackServer, installed: Path, name: str
) -> None:
    manifest = installed.parent / MANIFEST_NAME
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["packs"][0]["name"] = name
    manifest.write_text(json.dumps(document), encoding="utf-8")
    top = store.paths.data_dir.parent  # the data folder, the site and their neighbours
    files = sorted(str(p) for p in top.rglob("*") if not p.name.startswith("exportpilot.db"))
    failing(store, server, "bad_manifest")
    assert lookup_rate(store) == "8"
    assert (
        sorted(str(p) for p in top.rglob("*") if not p.name.startswith("exportpilot.db")) == files
    )
