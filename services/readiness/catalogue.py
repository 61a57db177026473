"""The local service catalogue (domain/readiness.md §3.5): the units and platforms an action
plan names. Seeded from the questionnaire's ``services`` (government platforms, the zone's
bureaus, commercial platforms …) and then edited locally: seeding adds missing keys and never
overwrites what the service centre changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import _, is_chinese
from services.readiness.questionnaire import Questionnaire

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_LINK = re.compile(r"^(https?://\S+|)$")


@dataclass(frozen=True, slots=True)
class ServiceUnit:
    key: str
    name_zh: str
    name_en: str
    kind: str = ""
    helps: str = ""
    contact: str = ""
    link: str = ""
    active: bool = True
    verify: bool = False  # facts to confirm before release (readiness.md §4)
    seeded: bool = False

    def name(self) -> str:
        return self.name_zh if is_chinese() or not self.name_en else self.name_en


class ServiceCatalogue:
    def __init__(self, db: Database):
        self.db = db

    def seed(self, q: Questionnaire) -> int:
        """Adds the questionnaire's services that are not in the catalogue yet."""
        existing = {r["key"] for r in self.db.query("SELECT key FROM service_units")}
        position = len(existing)
        added = 0
        with self.db.atomic():
            for seed in q.services.values():
                if seed.key in existing:
                    continue
                self.db.table("service_units").insert({
                    "key": seed.key, "name_zh": seed.name.zh, "name_en": seed.name.en,
                    "kind": seed.kind, "helps": seed.helps, "contact": "", "link": "",
                    "active": 1, "verify": int(seed.verify), "seeded": 1,
                    "position": position, "updated_at": utc_now_iso(),
                })  # fmt: skip
                position += 1
                added += 1
        return added

    def all(self, *, active_only: bool = False) -> list[ServiceUnit]:
        where = " WHERE active = 1" if active_only else ""
        return [
            _unit(r)
            for r in self.db.query(f"SELECT * FROM service_units{where} ORDER BY position, key")
        ]

    def get(self, key: str) -> ServiceUnit:
        rows = list(self.db.query("SELECT * FROM service_units WHERE key = ?", [key]))
        if not rows:
            raise NotFoundError(
                _("There is no service {key} in the catalogue.").format(key=key), field="key"
            )
        return _unit(rows[0])

    def active_keys(self) -> set[str]:
        return {u.key for u in self.all(active_only=True)}

    def save(self, unit: ServiceUnit) -> ServiceUnit:
        errors = unit_problems(unit)
        if errors:
            raise ValidationError(errors)
        with self.db.atomic():
            rows = list(
                self.db.query("SELECT position FROM service_units WHERE key = ?", [unit.key])
            )
            position = rows[0]["position"] if rows else self._next_position()
            self._write(unit, position)
        return self.get(unit.key)

    def replace_all(self, units: list[ServiceUnit]) -> None:
        """The catalogue becomes ``units`` (a service-catalogue data pack), in their order:
        units in it are added or updated; units not in it are deactivated, never deleted,
        because action plans may name them. Checked first: a bad unit changes nothing."""
        errors = [
            FieldError(f"units[{i}].{e.field}", e.message)
            for i, unit in enumerate(units)
            for e in unit_problems(unit)
        ]
        if errors:
            raise ValidationError(errors)
        keys = [u.key for u in units]
        with self.db.atomic():
            others = [u for u in self.all() if u.key not in set(keys)]
            for position, unit in enumerate(units):
                self._write(unit, position)
            for position, unit in enumerate(others, start=len(units)):
                self._write(replace(unit, active=False), position)

    def _write(self, unit: ServiceUnit, position: int) -> None:
        self.db.table("service_units").upsert({
            "key": unit.key, "name_zh": unit.name_zh.strip(), "name_en": unit.name_en.strip(),
            "kind": unit.kind.strip(), "helps": unit.helps.strip(),
            "contact": unit.contact.strip(), "link": unit.link.strip(),
            "active": int(unit.active), "verify": int(unit.verify),
            "seeded": int(unit.seeded), "position": position, "updated_at": utc_now_iso(),
        }, pk="key")  # fmt: skip

    def _next_position(self) -> int:
        row = next(self.db.query("SELECT coalesce(max(position) + 1, 0) AS n FROM service_units"))
        return int(row["n"])


def unit_problems(unit: ServiceUnit) -> list[FieldError]:
    """What is wrong with a service unit (empty: nothing)."""
    errors = []
    if not _KEY.match(unit.key):
        errors.append(
            FieldError(
                "key",
                _("A key has 2–40 lower-case letters, digits or _, starting with a letter."),
            )
        )
    if not unit.name_zh.strip():
        errors.append(FieldError("name_zh", _("This field is required.")))
    if not _LINK.match(unit.link.strip()):
        errors.append(FieldError("link", _("A link starts with http:// or https://.")))
    for name in ("name_zh", "name_en", "kind", "helps", "contact", "link"):
        if len(getattr(unit, name)) > 500:
            errors.append(
                FieldError(
                    name,
                    _("Too long: at most {limit} characters, this has {count}.").format(
                        limit=500, count=len(getattr(unit, name))
                    ),
                )
            )
    return errors


def _unit(row: dict[str, Any]) -> ServiceUnit:
    return ServiceUnit(
        key=row["key"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        kind=row["kind"],
        helps=row["helps"],
        contact=row["contact"],
        link=row["link"],
        active=bool(row["active"]),
        verify=bool(row["verify"]),
        seeded=bool(row["seeded"]),
    )
