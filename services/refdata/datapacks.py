"""Data packs: one kind of reference data, versioned, in one file (docs/data-packs.md).

A pack file is gzip-compressed UTF-8 JSON (``mtime=0``: equal packs give equal bytes)::

    {"format": "exportpilot-data-pack", "schema": 1, "name": "tariffs-jp-applied",
     "kind": "tariffs", "version": "2026.07.09", "date": "2026-07-09", "source": "...",
     "payload": {...}}

and a folder of packs has a ``manifest.json`` listing them with their sha256, size and URL
(relative to the manifest)::

    {"format": "exportpilot-data-manifest", "schema": 1, "generated_at": "...",
     "packs": [{"name", "kind", "version", "date", "source", "sha256", "size", "url"}]}

What a payload holds and how it is checked, stored and exported belongs to the capability that
owns the data: each provides a :class:`PackKind` (services/rcep/datapack.py for tariffs and
product-specific rules, services/readiness/datapack.py for the questionnaire and the service
catalogue); main.py hands the set to the commands and the window, as with dossier sections.

Versions are 1–4 dot-separated numbers compared as numbers (``2026.07.09`` < ``2026.10.1``);
data that never came from a pack and have no edition of their own are version ``0``.
:class:`InstalledPacks` records what an update installed (table ``data_packs``, m007) together
with the pack that was in use before, for a one-click rollback.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.errors import DataFileError, UpdateError
from services.core.i18n import _, format_size
from services.core.progress import CancelToken, ProgressFn

PACK_FORMAT = "exportpilot-data-pack"
MANIFEST_FORMAT = "exportpilot-data-manifest"
SCHEMA = 1
MANIFEST_NAME = "manifest.json"
PACK_SUFFIX = ".json.gz"
MAX_UNPACKED = 512 * 1024 * 1024  # a pack's JSON after gunzip (guards against zip bombs)
MAX_MANIFEST_PACKS = 500
CURRENT = "current"
PREVIOUS = "previous"
TABLE = "data_packs"
LOCAL_VERSION = "0"

_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$")
_KIND = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_VERSION = re.compile(r"^\d{1,9}(?:\.\d{1,9}){0,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


# ---- values ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackInfo:
    name: str
    kind: str
    version: str
    date: str  # ISO date of the data's edition
    source: str


@dataclass(frozen=True, slots=True)
class PackContent:
    info: PackInfo
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    info: PackInfo
    sha256: str
    size: int
    url: str  # relative to the manifest

    def to_json(self) -> dict[str, Any]:
        i = self.info
        return {
            "name": i.name,
            "kind": i.kind,
            "version": i.version,
            "date": i.date,
            "source": i.source,
            "sha256": self.sha256,
            "size": self.size,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class InstalledPack:
    info: PackInfo
    slot: str
    sha256: str
    origin: str  # the manifest URL it came from, or "rollback"
    installed_at: str
    content: bytes | None  # previous slot: the pack file to roll back to; None: nothing before


@dataclass(frozen=True, slots=True)
class PackWork:
    """How :meth:`PackKind.apply` reports progress and learns it was cancelled."""

    progress: ProgressFn | None = None
    cancel: CancelToken | None = None


class PackKind(Protocol):
    """One kind of reference data as packs (implemented by the owning service package)."""

    kind: str

    def owns(self, name: str) -> bool: ...

    def names(self, db: Database) -> list[str]:
        """Pack names of this kind that the app has data for now (shipped or installed)."""
        ...

    def current(self, db: Database, name: str, record: InstalledPack | None) -> PackInfo | None:
        """What is in use now (``record``: what an update installed, if any); None: no data."""
        ...

    def export(self, db: Database, name: str) -> PackContent | None:
        """The data in use as a pack (``info.version``: the version to suggest); None when
        there are none, or only the app's built-in data that :meth:`remove` brings back."""
        ...

    def parse(self, info: PackInfo, payload: Any) -> Any:
        """Check the payload completely (DataFileError naming what is wrong); nothing is
        written. The result is what :meth:`apply` takes."""
        ...

    def apply(self, db: Database, parsed: Any, work: PackWork) -> None:
        """Store the parsed pack instead of the data in use; called inside a transaction."""
        ...

    def remove(self, db: Database, name: str) -> None:
        """Take away what a pack installed where nothing was before (rollback of a new pack)."""
        ...


class SinglePackKind:
    """Base of a kind that has exactly one pack, named like the kind (``psr``,
    ``questionnaire``, ``service-catalogue``)."""

    kind: str

    def owns(self, name: str) -> bool:
        return name == self.kind

    def names(self, db: Database) -> list[str]:
        return [self.kind]


# ---- checks ------------------------------------------------------------------------------


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def is_newer(version: str, than: str) -> bool:
    return version_key(version) > version_key(than)


def check_name(name: Any) -> str:
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise DataFileError(
            _(
                "{name} is not a pack name: use letters, digits, dots, dashes and underscores "
                "only (e.g. tariffs-jp-applied)."
            ).format(name=str(name)[:100]),
            field="name",
        )
    return name


def check_version(version: Any) -> str:
    if not isinstance(version, str) or not _VERSION.match(version):
        raise DataFileError(
            _(
                "{version} is not a pack version: use up to four numbers separated by dots, "
                "e.g. 2026.07.09 or 1.2.0."
            ).format(version=str(version)[:40]),
            field="version",
        )
    return version


def check_date(value: Any) -> str:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(
            _("{value} is not a date as YYYY-MM-DD.").format(value=str(value)[:40]), field="date"
        ) from exc
    return value


def date_version(day: str) -> str:
    """A version made of an ISO date: 2026-07-09 → 2026.07.09."""
    return day.replace("-", ".")


def pack_file_name(name: str, version: str) -> str:
    return f"{check_name(name)}-{check_version(version)}{PACK_SUFFIX}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- pack files --------------------------------------------------------------------------


def pack_bytes(content: PackContent) -> bytes:
    info = content.info
    document = {
        "format": PACK_FORMAT,
        "schema": SCHEMA,
        "name": check_name(info.name),
        "kind": info.kind,
        "version": check_version(info.version),
        "date": check_date(info.date),
        "source": info.source,
        "payload": content.payload,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=6, mtime=0) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def read_pack_bytes(data: bytes, *, label: str) -> PackContent:
    """The pack in ``data`` (its envelope checked; the payload is the kind's to check)."""
    try:
        text = _gunzip(data, MAX_UNPACKED).decode("utf-8")
        document = json.loads(text)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise DataFileError(
            _("{file} is not a data pack (gzip-compressed JSON): {error}").format(
                file=label, error=exc
            )
        ) from exc
    if not isinstance(document, dict) or document.get("format") != PACK_FORMAT:
        raise DataFileError(_("{file} is not an ExportPilot data pack.").format(file=label))
    schema = document.get("schema")
    if schema != SCHEMA:
        raise DataFileError(
            _(
                "{file} is a data pack of schema {schema}, which this version of the app cannot "
                "read; update the app first."
            ).format(file=label, schema=schema)
        )
    kind = document.get("kind")
    source = document.get("source")
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise DataFileError(
            _("{file} does not say which kind of data it holds.").format(file=label)
        )
    if not isinstance(source, str) or len(source) > 1000:
        raise DataFileError(_("{file} does not name its source.").format(file=label))
    info = PackInfo(
        name=check_name(document.get("name")),
        kind=kind,
        version=check_version(document.get("version")),
        date=check_date(document.get("date")),
        source=source,
    )
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise DataFileError(_("{file} has no payload.").format(file=label))
    return PackContent(info, payload)


def _gunzip(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    out = io.BytesIO()
    pending = data
    while pending:
        out.write(inflater.decompress(pending, 1024 * 1024))
        if out.tell() > limit:
            raise ValueError(_("more than {limit} once unpacked").format(limit=format_size(limit)))
        pending = inflater.unconsumed_tail
    out.write(inflater.flush())
    if not inflater.eof:
        raise EOFError(_("the file ends too early"))
    if inflater.unused_data:
        raise ValueError(_("data after the end of the compressed stream"))
    return out.getvalue()


# ---- manifests ---------------------------------------------------------------------------


def manifest_bytes(entries: Iterable[ManifestEntry]) -> bytes:
    document = {
        "format": MANIFEST_FORMAT,
        "schema": SCHEMA,
        "generated_at": utc_now_iso(),
        "packs": [e.to_json() for e in sorted(entries, key=lambda e: e.info.name)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bad_manifest(detail: str) -> UpdateError:
    return UpdateError(
        _(
            "The update list (manifest.json) is not usable: {detail}. Nothing was changed; "
            "tell the service centre."
        ).format(detail=detail),
        code="bad_manifest",
    )


def parse_manifest(data: bytes) -> list[ManifestEntry]:
    """The entries of a manifest, every field checked (UpdateError ``bad_manifest``)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad_manifest(_("not valid JSON ({error})").format(error=exc)) from exc
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
        raise _bad_manifest(_("it is not an ExportPilot manifest"))
    if document.get("schema") != SCHEMA:
        raise _bad_manifest(
            _("it is of schema {schema}; update the app first").format(
                schema=document.get("schema")
            )
        )
    packs = document.get("packs")
    if not isinstance(packs, list) or len(packs) > MAX_MANIFEST_PACKS:
        raise _bad_manifest(_("“packs” must be a list of at most 500 entries"))
    entries: list[ManifestEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(packs):
        try:
            entry = _manifest_entry(raw)
        except DataFileError as exc:
            raise _bad_manifest(
                _("entry {number}: {error}").format(number=index + 1, error=exc.message)
            ) from exc
        if entry.info.name in seen:
            raise _bad_manifest(_("{name} is listed twice").format(name=entry.info.name))
        seen.add(entry.info.name)
        entries.append(entry)
    return entries


def _manifest_entry(raw: Any) -> ManifestEntry:
    if not isinstance(raw, dict):
        raise DataFileError(_("not an object"))
    kind, source, sha, size, url = (raw.get(k) for k in ("kind", "source", "sha256", "size", "url"))
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise DataFileError(_("“kind” is missing or malformed"))
    if not isinstance(source, str) or len(source) > 1000:
        raise DataFileError(_("“source” is missing"))
    if not isinstance(sha, str) or not _SHA256.match(sha):
        raise DataFileError(_("“sha256” must be 64 lower-case hexadecimal digits"))
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise DataFileError(_("“size” must be a whole number of bytes"))
    if not isinstance(url, str) or not url or len(url) > 1000:
        raise DataFileError(_("“url” is missing"))
    info = PackInfo(
        name=check_name(raw.get("name")),
        kind=kind,
        version=check_version(raw.get("version")),
        date=check_date(raw.get("date")),
        source=source,
    )
    return ManifestEntry(info, sha, size, url)


# ---- the kinds the app knows -------------------------------------------------------------


class PackKinds:
    """The pack kinds handed in by main.py; finds the kind that owns a pack name."""

    def __init__(self, kinds: Sequence[PackKind]) -> None:
        self.kinds = tuple(kinds)

    def for_name(self, name: str) -> PackKind | None:
        return next((k for k in self.kinds if k.owns(name)), None)

    def names(self, db: Database) -> list[str]:
        found: set[str] = set()
        for kind in self.kinds:
            found.update(kind.names(db))
        found.update(
            r.info.name for r in InstalledPacks(db).all(CURRENT) if self.for_name(r.info.name)
        )
        return sorted(found)


# ---- what updates installed (table data_packs) -------------------------------------------


class InstalledPacks:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _ready(self) -> bool:
        return TABLE in self.db.table_names()  # a read-only database from before m007

    def get(self, name: str, slot: str = CURRENT) -> InstalledPack | None:
        if not self._ready():
            return None
        rows = list(
            self.db.query(f"SELECT * FROM {TABLE} WHERE name = ? AND slot = ?", [name, slot])
        )
        return _installed(rows[0]) if rows else None

    def all(self, slot: str = CURRENT) -> list[InstalledPack]:
        if not self._ready():
            return []
        return [
            _installed(r)
            for r in self.db.query(f"SELECT * FROM {TABLE} WHERE slot = ? ORDER BY name", [slot])
        ]

    def put(
        self,
        info: PackInfo,
        slot: str,
        *,
        sha256: str,
        origin: str,
        content: bytes | None = None,
    ) -> None:
        self.db.table(TABLE).upsert(
            {
                "name": info.name, "slot": slot, "kind": info.kind, "version": info.version,
                "pack_date": info.date, "source": info.source, "sha256": sha256,
                "origin": origin, "installed_at": utc_now_iso(), "content": content,
            },
            pk=("name", "slot"),
        )  # fmt: skip

    def delete(self, name: str, slot: str) -> None:
        self.db.execute(f"DELETE FROM {TABLE} WHERE name = ? AND slot = ?", [name, slot])


def _installed(row: dict[str, Any]) -> InstalledPack:
    return InstalledPack(
        info=PackInfo(row["name"], row["kind"], row["version"], row["pack_date"], row["source"]),
        slot=row["slot"],
        sha256=row["sha256"],
        origin=row["origin"],
        installed_at=row["installed_at"],
        content=row["content"],
    )
