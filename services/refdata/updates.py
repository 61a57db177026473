"""Reference-data updates: what is installed, exporting packs, updating from a manifest over
HTTP, and rolling a pack back (docs/data-packs.md).

``update_from_url`` is all-or-nothing:

1. download ``manifest.json`` (size-limited) and check every entry; a pack URL must be relative
   to the manifest and stay in its folder (no scheme, host, ``..``, absolute path, backslash,
   query or fragment), else the whole update is refused (``unsafe_url``);
2. compare each entry with what is in use: newer → download; equal → unchanged; older →
   skipped as a downgrade; a kind this app does not know → skipped;
3. download every newer pack (streamed, at most ``max_pack`` bytes each and ``max_total``
   together) and check its size, sha256, envelope (it must be the pack the manifest names) and
   payload (the kind's full schema check) — before anything is written;
4. apply them all in one transaction, each after a snapshot of the data it replaces (kept in
   ``data_packs`` for :func:`rollback`).

Any error or a cancel before the commit leaves the data exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.errors import AppError, DataFileError, NotFoundError, UpdateError
from services.core.files import atomic_write_bytes
from services.core.i18n import _, format_size
from services.core.progress import CancelToken, ProgressFn, report
from services.refdata.datapacks import (
    CURRENT,
    MANIFEST_NAME,
    PREVIOUS,
    InstalledPack,
    InstalledPacks,
    ManifestEntry,
    PackContent,
    PackInfo,
    PackKind,
    PackKinds,
    PackWork,
    check_name,
    check_version,
    is_newer,
    manifest_bytes,
    pack_bytes,
    pack_file_name,
    parse_manifest,
    read_pack_bytes,
    sha256_hex,
    version_key,
)
from services.refdata.http import HttpClient, check_url

ROLLBACK_ORIGIN = "rollback"


@dataclass(frozen=True, slots=True)
class UpdateLimits:
    max_manifest: int = 1024 * 1024
    max_pack: int = 64 * 1024 * 1024
    max_total: int = 256 * 1024 * 1024


# ---- status ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackStatus:
    info: PackInfo
    installed: InstalledPack | None  # what an update (or a rollback) put in place
    previous: InstalledPack | None  # what a rollback would go back to

    @property
    def can_roll_back(self) -> bool:
        return self.previous is not None

    def to_json(self) -> dict[str, Any]:
        i = self.info
        prev = self.previous
        return {
            "name": i.name, "kind": i.kind, "version": i.version, "date": i.date,
            "source": i.source,
            "installed_at": self.installed.installed_at if self.installed else None,
            "installed_from": self.installed.origin if self.installed else None,
            "previous_version": (prev.info.version or None) if prev else None,
            "can_roll_back": self.can_roll_back,
        }  # fmt: skip


def pack_status(db: Database, kinds: PackKinds) -> list[PackStatus]:
    """Every pack the app has data for, with what an update installed and what came before."""
    installed = InstalledPacks(db)
    found = []
    for name in kinds.names(db):
        kind = kinds.for_name(name)
        if kind is None:
            continue
        record = installed.get(name, CURRENT)
        info = kind.current(db, name, record)
        if info is not None:
            found.append(PackStatus(info, record, installed.get(name, PREVIOUS)))
    return found


# ---- export ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportedPack:
    entry: ManifestEntry
    path: Path
    manifest: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "pack": self.entry.to_json(),
            "file": str(self.path),
            "manifest": str(self.manifest),
        }


def export_pack(
    db: Database, kinds: PackKinds, name: str, out_dir: Path, *, version: str | None = None
) -> ExportedPack:
    """Write the pack ``name`` from the data in use into ``out_dir`` and add it to (or replace
    it in) ``out_dir/manifest.json``. The version defaults to the installed one."""
    kind = _kind_for(kinds, check_name(name))
    content = kind.export(db, name)
    if content is None:
        raise NotFoundError(
            _(
                "There are no {name} data of their own to export: the app uses its built-in "
                "data. Import the official file first."
            ).format(name=name),
            field="name",
        )
    record = InstalledPacks(db).get(name, CURRENT)
    current = kind.current(db, name, record)
    chosen = version or (record.info.version if record and current else content.info.version)
    info = PackInfo(
        name=name,
        kind=kind.kind,
        version=check_version(chosen),
        date=content.info.date,
        source=content.info.source,
    )
    kind.parse(info, content.payload)  # never publish what the receiving app would refuse
    data = pack_bytes(PackContent(info, content.payload))
    file_name = pack_file_name(name, info.version)
    entry = ManifestEntry(info, sha256_hex(data), len(data), file_name)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / file_name
    atomic_write_bytes(target, data)
    manifest = out_dir / MANIFEST_NAME
    entries = {e.info.name: e for e in _existing_manifest(manifest)}
    entries[name] = entry
    atomic_write_bytes(manifest, manifest_bytes(entries.values()))
    for written in (target, manifest):
        written.chmod(0o644)  # served by a web server running as another user
    return ExportedPack(entry, target, manifest)


def _existing_manifest(path: Path) -> list[ManifestEntry]:
    if not path.exists():
        return []
    try:
        return parse_manifest(path.read_bytes())
    except (OSError, UpdateError) as exc:
        message = exc.message if isinstance(exc, AppError) else str(exc)
        raise DataFileError(
            _("{path} exists but cannot be extended ({error}); choose an empty folder.").format(
                path=path, error=message
            ),
            field="out",
        ) from exc


# ---- update ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackChange:
    name: str
    kind: str
    from_version: str | None
    to_version: str
    date: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "date": self.date,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class PackSkip:
    name: str
    version: str
    reason: str  # translated

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "reason": self.reason}


@dataclass(frozen=True)
class UpdateSummary:
    url: str
    checked_at: str
    changed: tuple[PackChange, ...] = ()
    unchanged: tuple[PackInfo, ...] = ()
    skipped: tuple[PackSkip, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "checked_at": self.checked_at,
            "changed": [c.to_json() for c in self.changed],
            "unchanged": [{"name": i.name, "version": i.version} for i in self.unchanged],
            "skipped": [s.to_json() for s in self.skipped],
        }


@dataclass
class _Planned:
    entry: ManifestEntry
    kind: PackKind
    current: PackInfo | None
    url: str
    data: bytes = b""
    parsed: Any = None
    received: int = field(default=0)


def manifest_url(url: str) -> str:
    """The manifest's URL: ``url`` itself when it names a .json file, else ``url/manifest.json``."""
    text = check_url(url)
    parts = urlsplit(text)
    if parts.path.lower().endswith(".json"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path + MANIFEST_NAME, parts.query, ""))


def pack_url(manifest: str, relative: str) -> str:
    """Where a manifest entry's pack is: relative to the manifest, and inside its folder."""
    parts = urlsplit(relative)
    segments = unquote(parts.path).split("/")
    unsafe = (
        "\\" in relative
        or any(ord(c) < 32 for c in relative)
        or parts.scheme
        or parts.netloc
        or parts.query
        or parts.fragment
        or relative.startswith("/")
        or any(s in ("", ".", "..") or "\\" in s for s in segments)
    )
    base = urlsplit(manifest)
    folder = base.path.rsplit("/", 1)[0] + "/"
    resolved = urljoin(urlunsplit((base.scheme, base.netloc, base.path, "", "")), relative)
    target = urlsplit(resolved)
    if (
        unsafe
        or (target.scheme, target.netloc) != (base.scheme, base.netloc)
        or not (target.path.startswith(folder))
    ):
        raise UpdateError(
            _(
                "The update list names a pack at {url}, outside the update folder; such a "
                "list is refused and nothing was changed. Tell the service centre."
            ).format(url=relative[:200]),
            code="unsafe_url",
        )
    return resolved


def update_from_url(
    db: Database,
    kinds: PackKinds,
    url: str,
    *,
    client: HttpClient,
    limits: UpdateLimits | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> UpdateSummary:
    limits = limits or UpdateLimits()
    murl = manifest_url(url)
    report(progress, 0, 0)
    entries = parse_manifest(client.get_bytes(murl, limit=limits.max_manifest, cancel=cancel))
    installed = InstalledPacks(db)
    planned: list[_Planned] = []
    unchanged: list[PackInfo] = []
    skipped: list[PackSkip] = []
    for entry in entries:
        info = entry.info
        target = pack_url(murl, entry.url)
        kind = kinds.for_name(info.name)
        if kind is None or kind.kind != info.kind:
            skipped.append(PackSkip(info.name, info.version, _(
                "this kind of data ({kind}) needs a newer version of the app"
            ).format(kind=info.kind)))  # fmt: skip
            continue
        if entry.size > limits.max_pack:
            raise _oversize(info.name, entry.size, limits.max_pack)
        current = kind.current(db, info.name, installed.get(info.name, CURRENT))
        if current is not None and version_key(info.version) == version_key(current.version):
            unchanged.append(current)
        elif current is not None and not is_newer(info.version, current.version):
            skipped.append(PackSkip(info.name, info.version, _(
                "older than the version in use ({version}); a downgrade is never installed "
                "by an update (roll back instead)"
            ).format(version=current.version)))  # fmt: skip
        else:
            planned.append(_Planned(entry, kind, current, target))
    total = sum(p.entry.size for p in planned)
    if total > limits.max_total:
        raise _oversize(_("the update"), total, limits.max_total)

    done_before = 0
    for item in planned:
        base = done_before

        def received(count: int, base: int = base) -> None:
            report(progress, base + count, 2 * total)

        item.data = client.get_bytes(
            item.url,
            limit=limits.max_pack,
            expected_size=item.entry.size,
            received=received,
            cancel=cancel,
        )
        item.parsed = _verified(item)
        done_before += item.entry.size
    if cancel is not None:
        cancel.raise_if_cancelled()

    changed = []
    with db.atomic():
        applied = total
        for item in planned:
            info = item.entry.info
            snapshot = _snapshot(db, item.kind, info.name, item.current)
            size = max(item.entry.size, 1)

            def applying(done: int, of: int, base: int = applied, size: int = size) -> None:
                report(progress, base + (size * done // of if of else 0), 2 * total)

            item.kind.apply(db, item.parsed, PackWork(applying, cancel))
            installed.put(
                item.current or _blank(info),
                PREVIOUS,
                sha256=sha256_hex(snapshot) if snapshot else "",
                origin="",
                content=snapshot,
            )
            installed.put(info, CURRENT, sha256=item.entry.sha256, origin=murl)
            applied += item.entry.size
            changed.append(
                PackChange(
                    info.name,
                    info.kind,
                    item.current.version if item.current else None,
                    info.version,
                    info.date,
                    info.source,
                )
            )
        if cancel is not None:
            cancel.raise_if_cancelled()
    report(progress, 2 * total, 2 * total)
    return UpdateSummary(murl, utc_now_iso(), tuple(changed), tuple(unchanged), tuple(skipped))


def _verified(item: _Planned) -> Any:
    entry = item.entry
    name = entry.info.name
    if len(item.data) != entry.size:
        raise UpdateError(
            _(
                "The pack {name} arrived incomplete or changed ({got} instead of {size}); "
                "nothing was changed. Try again."
            ).format(name=name, got=format_size(len(item.data)), size=format_size(entry.size)),
            code="interrupted",
        )
    if sha256_hex(item.data) != entry.sha256:
        raise UpdateError(
            _(
                "The pack {name} does not match its checksum in the update list: it was "
                "damaged or altered on the way. It was refused and nothing was changed."
            ).format(name=name),
            code="checksum",
        )
    try:
        content = read_pack_bytes(item.data, label=name)
        if content.info != entry.info:
            raise DataFileError(
                _("it is {found}, but the update list announces {expected}").format(
                    found=f"{content.info.name} {content.info.kind} {content.info.version}",
                    expected=f"{name} {entry.info.kind} {entry.info.version}",
                )
            )
        return item.kind.parse(content.info, content.payload)
    except AppError as exc:
        raise UpdateError(
            _("The pack {name} is not usable: {error} Nothing was changed.").format(
                name=name, error=exc.message
            ),
            code="bad_pack",
        ) from exc


def _oversize(what: str, size: int, limit: int) -> UpdateError:
    return UpdateError(
        _(
            "{what} is larger than allowed ({size}, at most {limit}); nothing was downloaded "
            "or changed."
        ).format(what=what, size=format_size(size), limit=format_size(limit)),
        code="too_large",
    )


def _blank(info: PackInfo) -> PackInfo:
    """The previous slot of a pack that had no data before."""
    return PackInfo(info.name, info.kind, "", "", "")


def _snapshot(db: Database, kind: PackKind, name: str, current: PackInfo | None) -> bytes | None:
    """The data in use as a pack file, to roll back to; None when a rollback is a removal."""
    if current is None:
        return None
    content = kind.export(db, name)
    if content is None:
        return None
    return pack_bytes(PackContent(current, content.payload))


def _kind_for(kinds: PackKinds, name: str) -> PackKind:
    kind = kinds.for_name(name)
    if kind is None:
        raise NotFoundError(
            _("There is no data pack {name}; “data status” lists them.").format(name=name),
            field="name",
        )
    return kind


# ---- rollback ----------------------------------------------------------------------------


def rollback(
    db: Database,
    kinds: PackKinds,
    name: str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> PackChange:
    """Go back to the version in use before the last update (or rollback) of ``name``; the
    version replaced becomes the one to go back to, so a rollback can itself be undone."""
    kind = _kind_for(kinds, check_name(name))
    installed = InstalledPacks(db)
    previous = installed.get(name, PREVIOUS)
    if previous is None:
        raise NotFoundError(
            _("{name} was never updated: there is no earlier version to go back to.").format(
                name=name
            ),
            field="name",
        )
    parsed = None
    if previous.content is not None:
        try:
            content = read_pack_bytes(previous.content, label=name)
            parsed = kind.parse(content.info, content.payload)
        except AppError as exc:
            raise UpdateError(
                _("The kept earlier version of {name} is not usable: {error}").format(
                    name=name, error=exc.message
                ),
                code="bad_pack",
            ) from exc
    current = kind.current(db, name, installed.get(name, CURRENT))
    with db.atomic():
        snapshot = _snapshot(db, kind, name, current)
        if parsed is not None:
            kind.apply(db, parsed, PackWork(progress, cancel))
            installed.put(previous.info, CURRENT, sha256=previous.sha256, origin=ROLLBACK_ORIGIN)
        else:
            kind.remove(db, name)
            installed.delete(name, CURRENT)
        installed.put(
            current or _blank(previous.info),
            PREVIOUS,
            sha256=sha256_hex(snapshot) if snapshot else "",
            origin="",
            content=snapshot,
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
    after = kind.current(db, name, installed.get(name, CURRENT))
    return PackChange(
        name,
        kind.kind,
        current.version if current else None,
        after.version if after else "",
        after.date if after else "",
        after.source if after else "",
    )
