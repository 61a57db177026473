"""A local HTTP server for update tests (loopback only, a daemon thread), serving a folder of
data packs written by ``data pack export``, with switchable failures per path:

- ``server.fail[path] = 500`` (or 404, 503 …): answer that status;
- ``server.truncate.add(path)``: announce the full length, send half, close the connection;
- ``server.stall[path] = "silent"``: accept the request and send nothing; ``"midway"``: send the
  headers and half the body, then nothing. Stalled answers hang until the server stops;
- ``server.requests``: every path asked for, in order.

Also the fixtures' shared helpers: the app's pack kinds, a table snapshot to prove that a failed
update changed nothing, a small tariff source to publish, a pack written by hand into a site
and a newer questionnaire published as a pack.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from typing_extensions import override

from services.rcep.datapack import PsrPackKind, TariffPackKind
from services.rcep.tariff_models import MfnLine, Rate, ScheduleLine, TariffPack, TariffSource
from services.readiness.datapack import QuestionnairePackKind, ServiceCataloguePackKind
from services.readiness.questionnaire import QUESTIONNAIRE_PACK, current_questionnaire
from services.refdata.datapacks import (
    MANIFEST_NAME,
    ManifestEntry,
    PackContent,
    PackInfo,
    PackKinds,
    manifest_bytes,
    pack_bytes,
    parse_manifest,
    sha256_hex,
)
from services.refdata.http import HttpClient, HttpOptions

TABLES = (
    "tariff_sources",
    "tariff_lines",
    "mfn_rates",
    "psr_rules",
    "questionnaires",
    "service_units",
    "data_packs",
)


def all_kinds() -> PackKinds:
    return PackKinds(
        (TariffPackKind(), PsrPackKind(), QuestionnairePackKind(), ServiceCataloguePackKind())
    )


def quick_client() -> HttpClient:
    """No waiting between retries, short timeouts: failures show at once."""
    return HttpClient(HttpOptions(connect_timeout=2, read_timeout=5, retries=1, backoff=0))


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the reference-data tables, to compare before and after an update."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        if table in db.table_names():
            found[table] = sorted(
                (tuple(row) for row in db.execute(f"SELECT * FROM {table}").fetchall()),
                key=repr,
            )
    return found


def tariff_source(
    source_id: str = "test-KR", *, rate: str = "8", edition: str = "2026-01-01"
) -> TariffPack:
    """A small tariff source: Korea's applied rates for two lines (not a real edition)."""
    source = TariffSource(
        id=source_id,
        kind="applied",
        importing_party="KR",
        title=f"Test tariff {source_id} {edition}",
        edition_date=edition,
        attribution="test data",
        hs_version="2022",
    )
    lines = [
        ScheduleLine("CN", "8507600000", "Lithium-ion accumulators", {5: Rate(Decimal(rate))}),
        ScheduleLine("CN", "6109100000", "T-shirts of cotton", {5: Rate(text="U", excluded=True)}),
    ]
    mfn = [MfnLine("8507600000", "Lithium-ion accumulators", Rate(Decimal(rate)))]
    return TariffPack(source=source, lines=lines, mfn=mfn)


def add_to_site(site: Path, content: PackContent, **overrides: Any) -> ManifestEntry:
    """A pack written by hand (for packs that export cannot make: broken ones)."""
    data = overrides.pop("data", None) or pack_bytes(content)
    name = overrides.pop("file", f"{content.info.name}-{content.info.version}.json.gz")
    site.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    fields = {"sha256": sha256_hex(data), "size": len(data), "url": name, **overrides}
    entry = ManifestEntry(content.info, fields["sha256"], fields["size"], fields["url"])
    manifest = site / MANIFEST_NAME
    entries = (
        {e.info.name: e for e in parse_manifest(manifest.read_bytes())} if manifest.exists() else {}
    )
    entries[content.info.name] = entry
    manifest.write_bytes(manifest_bytes(entries.values()))
    return entry


def publish_questionnaire(
    site: Path, version: str, edit: Callable[[str], str] = lambda text: text
) -> PackInfo:
    """The shipped questionnaire as ``version`` (its text changed by ``edit``), added to the
    site like a service centre publishes one."""
    shipped = current_questionnaire()
    text = edit(shipped.text.replace(f"version: {shipped.version}", f"version: {version}", 1))
    info = PackInfo(QUESTIONNAIRE_PACK, QUESTIONNAIRE_PACK, version, "2026-11-01", "centre")
    add_to_site(site, PackContent(info, {"version": version, "yaml": text}))
    return info


class _Handler(SimpleHTTPRequestHandler):
    server: _PackHTTPServer

    @override
    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    @override
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.requests.append(path)
        status = self.server.fail.get(path)
        if status is not None:
            self.send_error(status)
            return
        stall = self.server.stall.get(path)
        if stall is not None:
            self._stall(path, stall)
            return
        if path in self.server.truncate:
            data = (Path(self.directory) / path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def _stall(self, path: str, how: str) -> None:
        if how == "midway":
            data = (Path(self.directory) / path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
        self.server.released.wait(30)
        self.close_connection = True


class _PackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Handler, directory=str(folder))
        super().__init__(("127.0.0.1", 0), handler)
        self.fail: dict[str, int] = {}
        self.truncate: set[str] = set()
        self.stall: dict[str, str] = {}  # path -> "silent" | "midway"
        self.released = threading.Event()  # set on shutdown: stalled answers end
        self.requests: list[str] = []


class PackServer:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._httpd = _PackHTTPServer(folder)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def fail(self) -> dict[str, int]:
        return self._httpd.fail

    @property
    def truncate(self) -> set[str]:
        return self._httpd.truncate

    @property
    def stall(self) -> dict[str, str]:
        return self._httpd.stall

    @property
    def requests(self) -> list[str]:
        return self._httpd.requests

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> PackServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


def serve(folder: Path) -> Iterator[PackServer]:
    with PackServer(folder) as server:
        yield server
