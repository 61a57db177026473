"""Readiness data as data packs (services/refdata/datapacks.py; docs/data-packs.md).

- ``questionnaire``: a questionnaire YAML text (payload ``{"version", "yaml"}``), checked by
  ``Questionnaire.from_text`` in full; the pack version is the questionnaire's own. Applying
  stores the text (like every questionnaire a session used) and seeds its new services; new
  sessions then use it (``active_questionnaire``) until the app ships a newer one. Existing
  sessions keep the version they were answered with.
- ``service-catalogue``: the service units an action plan names (payload ``{"units": […]}``).
  The catalogue becomes the pack's: units in it are added or updated, units not in it are
  deactivated (never deleted: plans may name them). A catalogue that never came from a pack is
  version ``0``; its export gets today's date as version.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from services.core.clock import local_today, parse_iso
from services.core.errors import DataFileError
from services.core.i18n import _
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit, unit_problems
from services.readiness.questionnaire import (
    QUESTIONNAIRE_PACK,
    Questionnaire,
    active_questionnaire,
)
from services.readiness.sessions import SessionRepository
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

CATALOGUE_PACK = "service-catalogue"
MAX_UNITS = 1000
_UNIT_TEXTS = ("key", "name_zh", "name_en", "kind", "helps", "contact", "link")


def _questionnaire_info(q: Questionnaire) -> PackInfo:
    as_of = q.rules_as_of if len(q.rules_as_of) == 10 else q.rules_as_of[:7] + "-01"
    try:
        day = check_date(as_of)
    except DataFileError:
        day = local_today().isoformat()
    source = _("Readiness questionnaire {id}").format(id=q.id)
    return PackInfo(QUESTIONNAIRE_PACK, QUESTIONNAIRE_PACK, q.version, day, source)


class QuestionnairePackKind(SinglePackKind):
    kind = QUESTIONNAIRE_PACK

    def current(self, db: Database, name: str, record: InstalledPack | None) -> PackInfo | None:
        q = active_questionnaire(db)
        if record is not None and record.info.version == q.version:
            return record.info
        return _questionnaire_info(q)

    def export(self, db: Database, name: str) -> PackContent | None:
        q = active_questionnaire(db)
        return PackContent(_questionnaire_info(q), {"version": q.version, "yaml": q.text})

    def parse(self, info: PackInfo, payload: Any) -> Questionnaire:
        text = payload.get("yaml")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(_("the questionnaire text is missing"))
        q = Questionnaire.from_text(text)  # QuestionnaireError lists every problem
        if q.version != info.version or payload.get("version") != q.version:
            raise DataFileError(
                _("the pack version {version} differs from the questionnaire's {own}").format(
                    version=info.version, own=q.version
                )
            )
        return q

    def apply(self, db: Database, parsed: Any, work: PackWork) -> None:
        SessionRepository(db).store_questionnaire(parsed)
        ServiceCatalogue(db).seed(parsed)

    def remove(self, db: Database, name: str) -> None:
        """Nothing to delete: sessions may use the stored text; without the installed record,
        new sessions use the shipped questionnaire again."""


class ServiceCataloguePackKind(SinglePackKind):
    kind = CATALOGUE_PACK

    def current(self, db: Database, name: str, record: InstalledPack | None) -> PackInfo | None:
        if record is not None:
            return record.info
        rows = list(db.query("SELECT max(updated_at) AS latest FROM service_units"))
        latest = rows[0]["latest"] if rows else None
        if not latest:
            return None
        day = parse_iso(latest).date().isoformat()
        return PackInfo(name, self.kind, LOCAL_VERSION, day, _("Local service catalogue"))

    def export(self, db: Database, name: str) -> PackContent | None:
        units = ServiceCatalogue(db).all()
        if not units:
            return None
        today = local_today().isoformat()
        payload = {
            "units": [
                {"key": u.key, "name_zh": u.name_zh, "name_en": u.name_en, "kind": u.kind,
                 "helps": u.helps, "contact": u.contact, "link": u.link, "active": u.active,
                 "verify": u.verify}
                for u in units
            ]
        }  # fmt: skip
        info = PackInfo(name, self.kind, date_version(today), today, _("Service catalogue"))
        return PackContent(info, payload)

    def parse(self, info: PackInfo, payload: Any) -> list[ServiceUnit]:
        raw = payload.get("units")
        if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_UNITS:
            raise DataFileError(_("“units” must be a list of 1 to 1,000 services"))
        units = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict) or any(
                not isinstance(item.get(k, ""), str) for k in _UNIT_TEXTS
            ):
                raise DataFileError(_("service {number} is malformed").format(number=index + 1))
            units.append(
                ServiceUnit(
                    **{k: item.get(k, "") for k in _UNIT_TEXTS},
                    active=bool(item.get("active", True)),
                    verify=bool(item.get("verify", False)),
                    seeded=True,
                )
            )
        keys = [u.key for u in units]
        if len(set(keys)) != len(keys):
            raise DataFileError(_("a service key is listed twice"))
        for index, unit in enumerate(units):
            problems = unit_problems(unit)
            if problems:
                raise DataFileError(
                    _("service {number}: {error}").format(
                        number=index + 1, error=problems[0].message
                    )
                )
        return units

    def apply(self, db: Database, parsed: Any, work: PackWork) -> None:
        ServiceCatalogue(db).replace_all(parsed)

    def remove(self, db: Database, name: str) -> None:
        ServiceCatalogue(db).replace_all([])  # every unit deactivated, none deleted
