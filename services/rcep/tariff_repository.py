"""Storing and reading tariff data (tables of migration m004).

Rates are kept as small JSON values so that a Decimal percent, a "U" exclusion and a specific
duty text survive exactly: ``{"p": "4.6"}``, ``{"u": true}``, ``{"t": "22.4%又は720円/kg"}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.tariff_models import MfnLine, Rate, ScheduleLine, TariffPack, TariffSource


def rate_to_json(rate: Rate) -> dict[str, Any]:
    if rate.excluded:
        return {"u": True, "t": rate.text or "U"}
    if rate.percent is not None:
        return {"p": str(rate.percent)}
    return {"t": rate.text or ""}


def rate_from_json(data: dict[str, Any]) -> Rate:
    if data.get("u"):
        return Rate(text=data.get("t", "U"), excluded=True)
    if "p" in data:
        return Rate(percent=Decimal(data["p"]))
    return Rate(text=data.get("t", ""))


@dataclass(frozen=True, slots=True)
class StoredLine:
    source: TariffSource
    schedule: str
    code: str
    description: str
    base: Rate | None
    rates: dict[int, Rate]


@dataclass(frozen=True, slots=True)
class StoredMfn:
    source: TariffSource
    code: str
    description: str
    rate: Rate


class TariffRepository:
    def __init__(self, db: Database):
        self.db = db

    def sources(self, importing_party: str | None = None) -> list[TariffSource]:
        where, params = (
            ("WHERE importing_party = ?", [importing_party]) if importing_party else ("", [])
        )
        return [
            _source(r)
            for r in self.db.query(
                f"SELECT * FROM tariff_sources {where} ORDER BY importing_party, id", params
            )
        ]

    def source_edition(self, source_id: str) -> tuple[str, str] | None:
        rows = list(
            self.db.query(
                "SELECT edition_date, file_sha256 FROM tariff_sources WHERE id = ?", [source_id]
            )
        )
        return (rows[0]["edition_date"], rows[0]["file_sha256"]) if rows else None

    def replace_source(
        self,
        pack: TariffPack,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        """Stores ``pack`` instead of what its source had before, all in one transaction."""
        src = pack.source
        total = len(pack.lines) + len(pack.mfn)
        with self.db.atomic():
            self.db.execute("DELETE FROM tariff_sources WHERE id = ?", [src.id])
            self.db.table("tariff_sources").insert({
                "id": src.id, "kind": src.kind, "importing_party": src.importing_party,
                "title": src.title, "edition_date": src.edition_date,
                "attribution": src.attribution, "hs_version": src.hs_version,
                "file_name": src.file_name, "file_sha256": src.file_sha256,
                "lines": len(pack.lines), "mfn_lines": len(pack.mfn), "imported_at": utc_now_iso(),
            })  # fmt: skip
            done = 0
            for chunk in _chunks(pack.lines, 2000):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                # executemany: several times faster than insert_all for tens of thousands of rows
                self.db.conn.executemany(
                    "INSERT INTO tariff_lines (source_id, importing_party, schedule, code,"
                    " description, base_json, rates_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            src.id,
                            src.importing_party,
                            line.schedule,
                            line.code,
                            line.description,
                            _dumps(rate_to_json(line.base_rate)) if line.base_rate else None,
                            _dumps(
                                {str(y): rate_to_json(r) for y, r in sorted(line.rates.items())}
                            ),
                        )
                        for line in chunk
                    ],
                )
                done += len(chunk)
                report(progress, done, total)
            for chunk in _chunks(pack.mfn, 2000):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                self.db.conn.executemany(
                    "INSERT INTO mfn_rates (source_id, importing_party, code, description,"
                    " rate_json) VALUES (?, ?, ?, ?, ?)",
                    [
                        (src.id, src.importing_party, m.code, m.description,
                         _dumps(rate_to_json(m.rate)))
                        for m in chunk
                    ],
                )  # fmt: skip
                done += len(chunk)
                report(progress, done, total)

    def delete_source(self, source_id: str) -> bool:
        """Removes a source with its lines and MFN rates; False when there was none."""
        with self.db.atomic():
            cursor = self.db.execute("DELETE FROM tariff_sources WHERE id = ?", [source_id])
        return bool(cursor.rowcount)

    def source_pack(self, source_id: str) -> TariffPack | None:
        """Everything stored for one source, as the pack that would store it again."""
        rows = list(self.db.query("SELECT * FROM tariff_sources WHERE id = ?", [source_id]))
        if not rows:
            return None
        lines = [
            ScheduleLine(
                schedule=r["schedule"], code=r["code"], description=r["description"],
                rates={int(y): rate_from_json(v) for y, v in json.loads(r["rates_json"]).items()},
                base_rate=rate_from_json(json.loads(r["base_json"])) if r["base_json"] else None,
            )
            for r in self.db.query(
                "SELECT * FROM tariff_lines WHERE source_id = ? ORDER BY id", [source_id]
            )
        ]  # fmt: skip
        mfn = [
            MfnLine(r["code"], r["description"], rate_from_json(json.loads(r["rate_json"])))
            for r in self.db.query(
                "SELECT * FROM mfn_rates WHERE source_id = ? ORDER BY id", [source_id]
            )
        ]
        return TariffPack(source=_source(rows[0]), lines=lines, mfn=mfn)

    def schedules(self, importing_party: str) -> set[str]:
        """The schedule keys on file for an importing Party."""
        return {
            r["schedule"]
            for r in self.db.query(
                "SELECT DISTINCT schedule FROM tariff_lines WHERE importing_party = ?",
                [importing_party],
            )
        }

    def lines(self, importing_party: str, prefixes: Iterable[str]) -> list[StoredLine]:
        """Schedule lines of ``importing_party`` whose code starts with one of ``prefixes``."""
        sources = {s.id: s for s in self.sources(importing_party)}
        out: list[StoredLine] = []
        for prefix in sorted(set(prefixes)):
            for row in self.db.query(
                "SELECT * FROM tariff_lines WHERE importing_party = ? AND code >= ? AND code < ?"
                " ORDER BY code, schedule",
                [importing_party, prefix, prefix + "\uffff"],
            ):
                out.append(StoredLine(
                    source=sources[row["source_id"]], schedule=row["schedule"], code=row["code"],
                    description=row["description"],
                    base=rate_from_json(json.loads(row["base_json"])) if row["base_json"] else None,
                    rates={int(y): rate_from_json(r)
                           for y, r in json.loads(row["rates_json"]).items()},
                ))  # fmt: skip
        return out

    def mfn(self, importing_party: str, prefixes: Iterable[str]) -> list[StoredMfn]:
        sources = {s.id: s for s in self.sources(importing_party)}
        out: list[StoredMfn] = []
        for prefix in sorted(set(prefixes)):
            for row in self.db.query(
                "SELECT * FROM mfn_rates WHERE importing_party = ? AND code >= ? AND code < ?"
                " ORDER BY code",
                [importing_party, prefix, prefix + "\uffff"],
            ):
                out.append(
                    StoredMfn(
                        sources[row["source_id"]],
                        row["code"],
                        row["description"],
                        rate_from_json(json.loads(row["rate_json"])),
                    )
                )
        return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _source(row: dict[str, Any]) -> TariffSource:
    return TariffSource(
        id=row["id"], kind=row["kind"], importing_party=row["importing_party"],
        title=row["title"], edition_date=row["edition_date"], attribution=row["attribution"],
        hs_version=row["hs_version"], file_name=row["file_name"], file_sha256=row["file_sha256"],
    )  # fmt: skip


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
