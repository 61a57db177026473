"""RCEP data as data packs (services/refdata/datapacks.py; docs/data-packs.md).

- ``tariffs-<source id>`` (kind ``tariffs``), one per tariff source (``tariffs-jp-applied``,
  ``tariffs-annex1-AU-ALL`` …): the payload is the tariff pack document of
  services/rcep/packs.py; applying it replaces that source (``TariffRepository.replace_source``).
  The pack's date is the edition date; data never installed from a pack have the edition date
  as version (``2026.07.09``). The embedded editions count even before they are loaded.
- ``psr`` (kind ``psr``): the imported product-specific rules (``PsrTable.replace_imported``);
  user rules are never touched. Only the embedded transcription: version ``0``, nothing to
  export (they are unverified and must not become "imported" elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from services.core.clock import local_today
from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.rcep.defaults import PACK_PREFIX, embedded_pack, embedded_source, pack_files
from services.rcep.packs import SUFFIX, pack_document, pack_from_document
from services.rcep.parties import PARTIES
from services.rcep.psr import parse_rule
from services.rcep.psr_table import (
    HS_VERSION,
    IMPORTED,
    LEVELS,
    PsrRule,
    PsrTable,
    embedded_metadata,
    level_of,
)
from services.rcep.tariff_models import APPLIED, MFN, SCHEDULE, TariffPack, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.refdata.datapacks import (
    LOCAL_VERSION,
    InstalledPack,
    PackContent,
    PackInfo,
    PackWork,
    SinglePackKind,
    check_date,
    date_version,
)

TARIFFS = "tariffs"
PSR = "psr"
MAX_PSR_RULES = 20_000


class TariffPackKind:
    kind = TARIFFS

    def __init__(self, embedded_folder: Path | None = None) -> None:
        self._folder = embedded_folder

    @staticmethod
    def source_id(name: str) -> str:
        return name[len(PACK_PREFIX) :]

    def owns(self, name: str) -> bool:
        return name.startswith(PACK_PREFIX) and len(name) > len(PACK_PREFIX)

    def names(self, db: Database) -> list[str]:
        ids = {s.id for s in TariffRepository(db).sources()}
        ids.update(p.name[: -len(SUFFIX)] for p in pack_files(self._folder))
        return sorted(PACK_PREFIX + i for i in ids)

    def _stored(self, db: Database, source_id: str) -> TariffSource | None:
        return next((s for s in TariffRepository(db).sources() if s.id == source_id), None)

    def _embedded(self, source_id: str) -> TariffPack | None:
        return embedded_pack(source_id, self._folder)

    def current(self, db: Database, name: str, record: InstalledPack | None) -> PackInfo | None:
        source_id = self.source_id(name)
        source = self._stored(db, source_id)
        if source is None:
            source = embedded_source(source_id, self._folder)
            record = None  # what an update installed was removed since
        if source is None:
            return None
        version = date_version(source.edition_date)
        if record is not None and record.info.date == source.edition_date:
            version = record.info.version
        return PackInfo(name, self.kind, version, source.edition_date, source.title)

    def export(self, db: Database, name: str) -> PackContent | None:
        source_id = self.source_id(name)
        pack = TariffRepository(db).source_pack(source_id) or self._embedded(source_id)
        if pack is None:
            return None
        day = pack.source.edition_date
        info = PackInfo(name, self.kind, date_version(day), day, pack.source.title)
        return PackContent(info, pack_document(pack))

    def parse(self, info: PackInfo, payload: Any) -> TariffPack:
        pack = pack_from_document(payload, label=info.name)
        src = pack.source
        problems = []
        if src.id != self.source_id(info.name):
            problems.append(
                _("it holds the source {source}, not {expected}").format(
                    source=src.id, expected=self.source_id(info.name)
                )
            )
        if src.importing_party not in PARTIES:
            problems.append(
                _("{party} is not an RCEP Party").format(party=src.importing_party or "—")
            )
        if src.kind not in (SCHEDULE, APPLIED, MFN):
            problems.append(_("unknown kind of tariff source {kind}").format(kind=src.kind))
        if src.edition_date != info.date:
            problems.append(
                _("its edition date {edition} differs from the pack date {date}").format(
                    edition=src.edition_date, date=info.date
                )
            )
        if not pack.lines and not pack.mfn:
            problems.append(_("it has no tariff line"))
        keys = [(line.schedule, line.code) for line in pack.lines]
        codes = [line.code for line in pack.lines] + [m.code for m in pack.mfn]
        if len(set(keys)) != len(keys) or len({m.code for m in pack.mfn}) != len(pack.mfn):
            problems.append(_("a tariff line is listed twice"))
        if any(not c.isdigit() or not 4 <= len(c) <= 12 for c in codes):
            problems.append(_("a tariff line code is not 4 to 12 digits"))
        if problems:
            raise DataFileError("; ".join(problems))
        check_date(src.edition_date)
        return pack

    def apply(self, db: Database, parsed: Any, work: PackWork) -> None:
        TariffRepository(db).replace_source(parsed, progress=work.progress, cancel=work.cancel)

    def remove(self, db: Database, name: str) -> None:
        TariffRepository(db).delete_source(self.source_id(name))


class PsrPackKind(SinglePackKind):
    kind = PSR

    def current(self, db: Database, name: str, record: InstalledPack | None) -> PackInfo | None:
        imported = PsrTable(db).rules(IMPORTED)
        if imported:
            if record is not None:
                return record.info
            day, source = _psr_edition(imported)
            return PackInfo(name, self.kind, date_version(day), day, source)
        try:
            meta = embedded_metadata()
        except OSError:
            return None
        day = meta.get("derived", "")
        try:
            check_date(day)
        except DataFileError:
            day = local_today().isoformat()
        return PackInfo(name, self.kind, LOCAL_VERSION, day, meta.get("title", ""))

    def export(self, db: Database, name: str) -> PackContent | None:
        imported = PsrTable(db).rules(IMPORTED)
        if not imported:
            return None
        day, source = _psr_edition(imported)
        payload = {
            "hs_version": HS_VERSION,
            "rules": [
                {"hs_code": r.hs_code, "rule_text": r.rule_text, "rule_text_zh": r.rule_text_zh,
                 "hs2012_code": r.hs2012_code, "source": r.source,
                 "source_date": r.source_date, "note": r.note}
                for r in imported
            ],
        }  # fmt: skip
        return PackContent(PackInfo(name, self.kind, date_version(day), day, source), payload)

    def parse(self, info: PackInfo, payload: Any) -> list[PsrRule]:
        if payload.get("hs_version") != HS_VERSION:
            raise DataFileError(_("the rules must be keyed by HS 2022"))
        raw = payload.get("rules")
        if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_PSR_RULES:
            raise DataFileError(_("“rules” must be a list of 1 to 20,000 rules"))
        rules: list[PsrRule] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            try:
                rules.append(_psr_rule(item))
            except (DataFileError, ValidationError, KeyError, TypeError, AttributeError) as exc:
                detail = exc.message if isinstance(exc, DataFileError | ValidationError) else exc
                raise DataFileError(
                    _("rule {number}: {error}").format(number=index + 1, error=detail)
                ) from exc
            if rules[-1].hs_code in seen:
                raise DataFileError(_("{code} has two rules").format(code=rules[-1].hs_code))
            seen.add(rules[-1].hs_code)
        return rules

    def apply(self, db: Database, parsed: Any, work: PackWork) -> None:
        PsrTable(db).replace_imported(parsed, progress=work.progress, cancel=work.cancel)

    def remove(self, db: Database, name: str) -> None:
        PsrTable(db).remove_imported()


def _psr_edition(rules: list[PsrRule]) -> tuple[str, str]:
    dates = sorted(r.source_date for r in rules if r.source_date)
    sources = sorted({r.source for r in rules})
    return (dates[-1] if dates else local_today().isoformat()), "; ".join(sources)[:1000]


def _psr_rule(item: Any) -> PsrRule:
    code = item["hs_code"]
    if not isinstance(code, str) or not code.isdigit() or len(code) not in LEVELS:
        raise DataFileError(
            _("{code} is not an HS chapter, heading or subheading").format(code=code)
        )
    texts = {k: item.get(k, "") for k in ("rule_text_zh", "hs2012_code", "source", "note")}
    if any(not isinstance(v, str) or len(v) > 2000 for v in texts.values()):
        raise DataFileError(_("a text field is not a short text"))
    if not texts["source"].strip():
        raise DataFileError(_("the rule of {code} does not name its source").format(code=code))
    source_date = item.get("source_date", "")
    if source_date:
        check_date(source_date)
    rule = parse_rule(item["rule_text"])
    return PsrRule(
        hs_code=code,
        level=level_of(code),
        hs_version=HS_VERSION,
        rule_text=str(rule),
        rule=rule,
        kind=IMPORTED,
        source=texts["source"].strip(),
        source_date=source_date,
        hs2012_code=texts["hs2012_code"],
        verified=True,
        note=texts["note"],
        rule_text_zh=texts["rule_text_zh"],
    )
