"""Tariff packs: the embedded default tariff tables, as gzip-compressed JSON files.

``scripts/build_tariff_packs.py`` derives them from the reference files by running the
importers and writes ``resources/data/tariffs/<source-id>.json.gz`` with :func:`write_pack`; the
app loads them with :func:`read_pack`. A pack holds derived facts (rates per line) with their
source, edition and attribution, never a copy of the reference file.

Format (UTF-8 JSON, gzip with ``mtime=0`` and no file name, so equal packs give equal bytes)::

    {"format": "exportpilot-tariff-pack", "version": 1,
     "source": {"id", "kind", "importing_party", "title", "edition_date", "attribution",
                "hs_version", "file_name", "file_sha256"},
     "report": {"rows_read", "accepted", "skipped_headings",
                "rejected": [[row, code, reason], …]},
     "descriptions": {"<code>": "<text>", …},
     "lines": [{"schedule", "code", "description", "base", "rates": {"<year>": RATE}}, …],
     "mfn": [{"code", "description", "rate": RATE}, …]}

- One line or MFN entry per text line of the file; empty fields are left out: no ``base`` when
  there is no base rate, and no ``description`` when the entry's text is the one given for its
  code in ``descriptions`` (the first non-empty text of that code: Japan's four entries per line
  share one text). An entry whose text differs from it carries its own (``""`` included).
- ``RATE``: a percent as a string (``"4.6"``, ``"0"``: the Decimal stays exact); ``"U"`` for an
  exclusion ("U" in Annex I: MFN applies); ``{"t": "22.4%又は720円/kg…"}`` for a specific or
  compound duty kept as text. Any other combination is written as an object with ``p``
  (percent), ``t`` (text) and ``u`` (excluded) so that every :class:`Rate` survives unchanged.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from services.core.errors import DataFileError
from services.core.i18n import _
from services.rcep.tariff_models import (
    ImportReport,
    MfnLine,
    Rate,
    Rejected,
    ScheduleLine,
    TariffPack,
    TariffSource,
)

FORMAT = "exportpilot-tariff-pack"
VERSION = 1
SUFFIX = ".json.gz"
EXCLUDED = "U"

_SOURCE_FIELDS = (
    "id",
    "kind",
    "importing_party",
    "title",
    "edition_date",
    "attribution",
    "hs_version",
    "file_name",
    "file_sha256",
)


def pack_file_name(source_id: str) -> str:
    return source_id + SUFFIX


def rate_to_pack(rate: Rate) -> str | dict[str, Any]:
    if rate.percent is not None and rate.text is None and not rate.excluded:
        return str(rate.percent)
    if rate.excluded and rate.text == EXCLUDED and rate.percent is None:
        return EXCLUDED
    data: dict[str, Any] = {}
    if rate.percent is not None:
        data["p"] = str(rate.percent)
    if rate.text is not None:
        data["t"] = rate.text
    if rate.excluded:
        data["u"] = True
    return data


def rate_from_pack(value: Any) -> Rate:
    if value == EXCLUDED:
        return Rate(text=EXCLUDED, excluded=True)
    if isinstance(value, str):
        return Rate(percent=Decimal(value))
    if isinstance(value, dict):
        percent = value.get("p")
        return Rate(
            percent=Decimal(percent) if percent is not None else None,
            text=value.get("t"),
            excluded=bool(value.get("u", False)),
        )
    raise ValueError(value)


def _head(pack: TariffPack) -> dict[str, Any]:
    source = pack.source
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": {name: getattr(source, name) for name in _SOURCE_FIELDS},
        "report": {
            "rows_read": pack.report.rows_read,
            "accepted": pack.report.accepted,
            "skipped_headings": pack.report.skipped_headings,
            "rejected": [[r.row, r.code, r.reason] for r in pack.report.rejected],
        },
    }


def _descriptions(pack: TariffPack) -> dict[str, str]:
    descriptions: dict[str, str] = {}
    for code, text in [
        *((line.code, line.description) for line in pack.lines),
        *((line.code, line.description) for line in pack.mfn),
    ]:
        if text:
            descriptions.setdefault(code, text)
    return descriptions


def pack_document(pack: TariffPack) -> dict[str, Any]:
    """``pack`` as the JSON object :func:`pack_bytes` writes (a data pack's payload)."""
    descriptions = _descriptions(pack)
    return {
        **_head(pack),
        "descriptions": descriptions,
        "lines": [_line(line, descriptions) for line in pack.lines],
        "mfn": [_mfn(line, descriptions) for line in pack.mfn],
    }


def pack_from_document(data: Any, *, label: str) -> TariffPack:
    """The pack in a JSON object written by :func:`pack_document`; DataFileError if not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(_("{file} is not a tariff pack.").format(file=label))
    if data.get("version") != VERSION:
        raise DataFileError(
            _("{file} is a tariff pack of version {version}, which this app cannot read.").format(
                file=label, version=data.get("version")
            )
        )
    try:
        return _pack(data)
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as exc:
        raise DataFileError(
            _("{file} is a damaged tariff pack: {error}").format(file=label, error=exc)
        ) from exc


def pack_bytes(pack: TariffPack) -> bytes:
    """The gzip-compressed JSON of ``pack``; the same pack always gives the same bytes."""
    head = _head(pack)
    descriptions = _descriptions(pack)
    parts = [_dumps(head)[:-1], ',\n"descriptions":{\n']
    parts.append(",\n".join(_dumps(c) + ":" + _dumps(d) for c, d in descriptions.items()))
    parts.append('\n},\n"lines":[\n')
    parts.append(",\n".join(_dumps(_line(line, descriptions)) for line in pack.lines))
    parts.append('\n],\n"mfn":[\n')
    parts.append(",\n".join(_dumps(_mfn(line, descriptions)) for line in pack.mfn))
    parts.append("\n]}\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write("".join(parts).encode("utf-8"))
    return buffer.getvalue()


def write_pack(pack: TariffPack, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(pack_bytes(pack))
    temporary.replace(target)


def read_pack(path: str | Path) -> TariffPack:
    """Load a pack written by :func:`write_pack`; :class:`DataFileError` if it is not one."""
    file = Path(path)
    try:
        with gzip.open(file, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(
            _("{file} is not a tariff pack: {error}").format(file=file.name, error=exc)
        ) from exc
    return pack_from_document(data, label=file.name)


def read_pack_source(path: str | Path) -> TariffSource:
    """Only the source of a pack written by :func:`write_pack` (its first line: quick, for
    listings); the whole pack is read when the first line is not the header."""
    file = Path(path)
    try:
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            first = handle.readline(1 << 20)
        head = json.loads(first.rstrip().rstrip(",") + "}")
        if head.get("format") == FORMAT and head.get("version") == VERSION:
            return TariffSource(**{name: str(head["source"][name]) for name in _SOURCE_FIELDS})
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError):
        pass
    return read_pack(file).source


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _line(line: ScheduleLine, descriptions: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"schedule": line.schedule, "code": line.code}
    if line.description != descriptions.get(line.code, ""):
        data["description"] = line.description
    if line.base_rate is not None:
        data["base"] = rate_to_pack(line.base_rate)
    data["rates"] = {str(year): rate_to_pack(rate) for year, rate in line.rates.items()}
    return data


def _mfn(line: MfnLine, descriptions: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": line.code}
    if line.description != descriptions.get(line.code, ""):
        data["description"] = line.description
    data["rate"] = rate_to_pack(line.rate)
    return data


def _pack(data: dict[str, Any]) -> TariffPack:
    source = TariffSource(**{name: str(data["source"][name]) for name in _SOURCE_FIELDS})
    head = data["report"]
    report = ImportReport(
        rows_read=int(head["rows_read"]),
        accepted=int(head["accepted"]),
        rejected=[
            Rejected(int(row), str(code), str(reason)) for row, code, reason in head["rejected"]
        ],
        skipped_headings=int(head["skipped_headings"]),
    )
    descriptions: dict[str, str] = data["descriptions"]
    lines = [
        ScheduleLine(
            schedule=str(item["schedule"]),
            code=str(item["code"]),
            description=str(item.get("description", descriptions.get(item["code"], ""))),
            rates={int(year): rate_from_pack(value) for year, value in item["rates"].items()},
            base_rate=rate_from_pack(item["base"]) if "base" in item else None,
        )
        for item in data["lines"]
    ]
    mfn = [
        MfnLine(
            code=str(item["code"]),
            description=str(item.get("description", descriptions.get(item["code"], ""))),
            rate=rate_from_pack(item["rate"]),
        )
        for item in data["mfn"]
    ]
    return TariffPack(source=source, lines=lines, mfn=mfn, report=report)
