"""The versioned questionnaire file (resources/data/readiness/questionnaire-<version>.yaml).

``Questionnaire.from_text`` parses and validates the whole file — unique ids, known
dimensions, types, weights, dependencies, service keys and flags, conditions that evaluate,
presets that sum to 100, both languages present — and lists every problem with the item it
concerns. A file that fails never replaces the working one. The sha256 of the exact text is
stored with every session, so a session reopens against the version it was answered with.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlite_utils import Database

from services.core.errors import FieldError, ValidationError
from services.core.i18n import _, is_chinese
from services.core.paths import resource_dir
from services.readiness.conditions import Condition, condition_problems, derive_flags, holds
from services.refdata.datapacks import InstalledPacks, is_newer

ANSWER_TYPES = ("yn", "ynp", "level", "number", "info")
EFFORTS = ("S", "M", "L")
ITEM_KEYS = frozenset({
    "id", "dim", "type", "text", "w", "u", "eff", "own", "if", "blk", "dep", "bands", "min",
    "max", "unit", "evidence", "services", "action", "note", "refs", "as_of",
})  # fmt: skip
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
GATES = re.compile(r"^(no_open_blockers|all_dims_ge_\d+|[A-Z]{3}-\d{2}_yes)$")
_FILE = re.compile(r"^questionnaire-(\d+)\.(\d+)\.(\d+)\.yaml$")


class QuestionnaireError(ValidationError):
    code = "bad_questionnaire"


@dataclass(frozen=True, slots=True)
class Text:
    zh: str
    en: str

    def get(self) -> str:
        return self.zh if is_chinese() else self.en


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    dim: str
    type: str
    text: Text
    weight: int = 0
    urgency: int = 1
    effort: str = "S"
    owner: str = "trade_lead"
    applies_if: Condition = True
    blocking: Condition = False
    deps: tuple[str, ...] = ()
    bands: tuple[tuple[float, float], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: Text | None = None
    evidence: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    action: Text | None = None
    note: str | None = None
    refs: tuple[str, ...] = ()
    as_of: str = ""  # YYYY-MM(-DD) the rule was last checked; empty: the questionnaire's date

    @property
    def scored(self) -> bool:
        return self.type != "info"

    @property
    def target(self) -> float | None:
        """For a number item: the smallest value that scores full marks."""
        full = [lo for lo, score in self.bands if score >= 1]
        return min(full) if full else None

    @property
    def unverified(self) -> bool:
        return bool(self.note and "unverified" in self.note)


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    text: Text


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    key: str  # start | growing | ready | mature
    text: Text
    minimum: float
    gates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceSeed:
    key: str
    name: Text
    kind: str
    helps: str = ""
    verify: bool = False
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    rules_as_of: str
    sha256: str
    text: str
    answer_types: Mapping[str, Mapping[str, Any]]
    special_answers: Mapping[str, Text]
    profile_fields: Mapping[str, Mapping[str, Any]]
    derived: Mapping[str, Condition]
    dimensions: tuple[Dimension, ...]
    presets: Mapping[str, Mapping[str, float]]
    preset_labels: Mapping[str, Text]
    preset_rule: tuple[Mapping[str, Any], ...]
    levels: tuple[Level, ...]
    action_params: Mapping[str, Any]
    services: Mapping[str, ServiceSeed]
    references: Mapping[str, str]
    items: tuple[Item, ...]
    by_id: Mapping[str, Item] = field(default_factory=dict)

    # ---- loading ---------------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str) -> Questionnaire:
        try:
            raw = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 2026-02-30
            raise QuestionnaireError(
                _("The questionnaire file is not valid YAML: {detail}").format(detail=exc)
            ) from exc
        if not isinstance(raw, dict):
            raise QuestionnaireError(_("The questionnaire file is empty or not a mapping."))
        return _Parser(raw, text).build()

    @classmethod
    def load(cls, path: Path) -> Questionnaire:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QuestionnaireError(
                _("The file {path} cannot be read: {reason}").format(path=path, reason=exc)
            ) from exc
        return cls.from_text(text)

    # ---- using -----------------------------------------------------------------------------

    def flags(self, profile: Mapping[str, Any]) -> dict[str, bool]:
        return derive_flags(self.derived, profile)

    def applies(self, item: Item, profile: Mapping[str, Any]) -> bool:
        return holds(item.applies_if, profile, self.derived)

    def can_block(self, item: Item, profile: Mapping[str, Any]) -> bool:
        return self.applies(item, profile) and holds(item.blocking, profile, self.derived)

    def applicable_items(self, profile: Mapping[str, Any]) -> list[Item]:
        """Scored items that apply to this profile, in questionnaire order."""
        return [i for i in self.items if i.scored and self.applies(i, profile)]

    def preset_for(self, profile: Mapping[str, Any]) -> str:
        for rule in self.preset_rule:
            if "else" in rule:
                return str(rule["else"])
            if holds(rule["when"], profile, self.derived):
                return str(rule["use"])
        return "default"

    def level(self, key: str) -> Level | None:
        """The level with this key (start | growing | ready | mature), if any."""
        return next((lv for lv in self.levels if lv.key == key), None)

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)

    def options(self, item: Item) -> list[Any]:
        return list(self.answer_types.get(item.type, {}).get("options", []))

    def option_label(self, item: Item, value: Any) -> str:
        if value in self.special_answers:
            return self.special_answers[value].get()
        labels = self.answer_types.get(item.type, {}).get("labels", {})
        label = labels.get(value)
        return label.get() if isinstance(label, Text) else str(value)


def _is_month_or_date(value: str) -> bool:
    """YYYY-MM or a real YYYY-MM-DD date."""
    if _MONTH.match(value):
        return True
    try:
        return len(value) == 10 and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _text(value: Any) -> Text | None:
    if (
        isinstance(value, dict)
        and isinstance(value.get("zh"), str)
        and isinstance(value.get("en"), str)
        and value["zh"].strip()
        and value["en"].strip()
    ):
        return Text(value["zh"].strip(), value["en"].strip())
    return None


class _Parser:
    """Builds a Questionnaire, collecting every problem before raising."""

    def __init__(self, raw: dict[str, Any], text: str):
        self.raw = raw
        self.text = text
        self.errors: list[FieldError] = []

    def problem(self, where: str, message: str) -> None:
        self.errors.append(FieldError(where, message))

    def build(self) -> Questionnaire:
        raw = self.raw
        meta = raw.get("questionnaire") or {}
        version = str(meta.get("version", ""))
        if not re.fullmatch(r"\d+\.\d+\.\d+", version):
            self.problem("questionnaire.version", _("The version must look like 1.0.0."))
        profile_fields = raw.get("profile") or {}
        field_types = {name: str(spec.get("type")) for name, spec in profile_fields.items()}
        derived = raw.get("derived") or {}
        for name, cond in derived.items():
            for p in condition_problems(
                cond, field_types, set(derived), derived=derived, _seen=frozenset({name})
            ):
                self.problem(f"derived.{name}", _("Broken condition: {detail}").format(detail=p))

        dimensions = []
        for i, d in enumerate(raw.get("dimensions") or []):
            text = _text(d)
            extra = sorted(str(k) for k in d if k not in ("id", "zh", "en"))
            if not text or extra:
                self.problem(
                    f"dimensions[{i}]",
                    _(
                        "Needs exactly an id and a Chinese and an English name (found also: "
                        "{keys})."
                    ).format(keys=", ".join(extra) or "—"),
                )
                continue
            dimensions.append(Dimension(str(d.get("id")), text))
        dim_ids = {d.id for d in dimensions}

        presets: dict[str, dict[str, float]] = {}
        preset_labels: dict[str, Text] = {}
        for key, spec in (raw.get("weight_presets") or {}).items():
            weights = spec.get("weights") or {}
            label = _text(spec.get("label"))
            if label:
                preset_labels[key] = label
            else:
                self.problem(
                    f"weight_presets.{key}", _("Needs both a Chinese and an English name.")
                )
            if set(weights) != dim_ids:
                self.problem(f"weight_presets.{key}", _("Needs one weight for every dimension."))
            elif abs(sum(weights.values()) - 100) > 1e-9:
                self.problem(
                    f"weight_presets.{key}",
                    _("The weights add up to {total}, not 100.").format(
                        total=sum(weights.values())
                    ),
                )
            presets[key] = {k: float(v) for k, v in weights.items()}
        rules = tuple(raw.get("preset_rule") or ())
        for i, rule in enumerate(rules):
            use = rule.get("use", rule.get("else"))
            if use not in presets:
                self.problem(f"preset_rule[{i}]", _("Unknown weight preset {key}.").format(key=use))
            if "when" in rule:
                for p in condition_problems(
                    rule["when"], field_types, set(derived), derived=derived
                ):
                    self.problem(
                        f"preset_rule[{i}]", _("Broken condition: {detail}").format(detail=p)
                    )

        levels = []
        for i, lv in enumerate(raw.get("levels") or []):
            text = _text(lv)
            gates = tuple(lv.get("gates") or ())
            bad = [g for g in gates if not GATES.match(str(g))]
            if not text or bad:
                self.problem(f"levels[{i}]", _("Needs names in both languages and known gates."))
                continue
            levels.append(Level(str(lv["id"]), str(lv["key"]), text, float(lv["min"]), gates))

        services = {}
        for key, spec in (raw.get("services") or {}).items():
            name = _text(spec)
            if not name:
                self.problem(f"services.{key}", _("Needs both a Chinese and an English name."))
                continue
            services[key] = ServiceSeed(
                key,
                name,
                str(spec.get("kind", "")),
                str(spec.get("helps", "")),
                bool(spec.get("verify")),
                tuple(spec.get("refs") or ()),
            )
        special = {k: t for k, v in (raw.get("special_answers") or {}).items() if (t := _text(v))}
        answer_types = {
            name: {**spec, "labels": {k: _text(v) for k, v in (spec.get("labels") or {}).items()}}
            for name, spec in (raw.get("answer_types") or {}).items()
        }
        for name in ANSWER_TYPES:
            if name not in answer_types:
                self.problem(f"answer_types.{name}", _("This answer type is missing."))

        items = self._items(raw.get("items") or [], dim_ids, field_types, derived, services)
        for level in levels:
            for gate in level.gates:
                if gate.endswith("_yes") and gate[:-4] not in {i.id for i in items}:
                    self.problem(
                        f"levels.{level.id}",
                        _("The gate {gate} names an unknown item.").format(gate=gate),
                    )
        if self.errors:
            raise QuestionnaireError(self.errors)
        return Questionnaire(
            id=str(meta.get("id", "")),
            version=version,
            rules_as_of=str(meta.get("rules_as_of", "")),
            sha256=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            text=self.text,
            answer_types=answer_types,
            special_answers=special,
            profile_fields=profile_fields,
            derived=derived,
            dimensions=tuple(dimensions),
            presets=presets,
            preset_labels=preset_labels,
            preset_rule=rules,
            levels=tuple(sorted(levels, key=lambda lv: lv.minimum)),
            action_params=raw.get("action_plan") or {},
            services=services,
            references={str(k): str(v) for k, v in (raw.get("references") or {}).items()},
            items=tuple(items),
            by_id={i.id: i for i in items},
        )

    def _items(
        self,
        raw_items: list[dict[str, Any]],
        dim_ids: set[str],
        field_types: dict[str, str],
        derived: dict[str, Condition],
        services: dict[str, ServiceSeed],
    ) -> list[Item]:
        items: list[Item] = []
        seen: set[str] = set()
        all_ids = {str(r.get("id")) for r in raw_items if isinstance(r, dict)}
        for index, r in enumerate(raw_items):
            item_id = str(r.get("id", f"#{index + 1}"))
            where = f"items.{item_id}"

            def bad(message: str, where: str = where) -> None:
                self.problem(where, message)

            if item_id in seen:
                bad(_("The id {id} is used twice.").format(id=item_id))
                continue
            unknown_keys = sorted(str(k) for k in r if k not in ITEM_KEYS)
            if unknown_keys:
                bad(_("Unknown keys: {keys}.").format(keys=", ".join(unknown_keys)))
            seen.add(item_id)
            text = _text(r.get("text"))
            kind = r.get("type")
            if not text:
                bad(_("Needs the question in both Chinese and English."))
            if r.get("dim") not in dim_ids:
                bad(_("Unknown dimension {dim}.").format(dim=r.get("dim")))
            if kind not in ANSWER_TYPES:
                bad(_("Unknown answer type {type}.").format(type=kind))
            for key in ("if", "blk"):
                for p in condition_problems(
                    r.get(key, key == "if"), field_types, set(derived), derived=derived
                ):
                    bad(_("Broken condition in {key}: {detail}").format(key=key, detail=p))
            for dep in r.get("dep") or []:
                if dep not in all_ids:
                    bad(_("Depends on an unknown item {dep}.").format(dep=dep))
            for key in r.get("services") or []:
                if key not in services:
                    bad(_("Names an unknown service {key}.").format(key=key))
            action = _text(r.get("action")) if r.get("action") else None
            if kind != "info":
                if not isinstance(r.get("w"), int) or not 1 <= r["w"] <= 5:
                    bad(_("The weight w must be a whole number from 1 to 5."))
                if r.get("u") not in (1, 2, 3):
                    bad(_("The urgency u must be 1, 2 or 3."))
                if r.get("eff") not in EFFORTS:
                    bad(_("The effort eff must be S, M or L."))
                if action is None:
                    bad(_("Needs an action in both Chinese and English."))
            bands = tuple((float(lo), float(sc)) for lo, sc in (r.get("bands") or []))
            if kind == "number" and (not bands or not any(sc >= 1 for _lo, sc in bands)):
                bad(_("A number item needs bands that reach full marks."))
            as_of = str(r.get("as_of") or "")
            if as_of and not _is_month_or_date(as_of):
                bad(_("as_of must be a month or a date: YYYY-MM or YYYY-MM-DD."))
            if not text or kind not in ANSWER_TYPES:
                continue
            items.append(
                Item(
                    id=item_id,
                    dim=str(r.get("dim")),
                    type=str(kind),
                    text=text,
                    weight=int(r.get("w") or 0),
                    urgency=int(r.get("u") or 1),
                    effort=str(r.get("eff") or "S"),
                    owner=str(r.get("own") or "trade_lead"),
                    applies_if=r.get("if", True),
                    blocking=r.get("blk", False),
                    deps=tuple(r.get("dep") or ()),
                    bands=bands,
                    minimum=r.get("min"),
                    maximum=r.get("max"),
                    unit=_text(r.get("unit")),
                    evidence=tuple(str(e) for e in r.get("evidence") or ()),
                    services=tuple(r.get("services") or ()),
                    action=action,
                    note=r.get("note"),
                    refs=tuple(r.get("refs") or ()),
                    as_of=as_of,
                )
            )
        return items


def questionnaire_dir() -> Path:
    return resource_dir() / "data" / "readiness"


def available_versions(folder: Path | None = None) -> list[str]:
    folder = folder or questionnaire_dir()
    found = []
    for path in folder.glob("questionnaire-*.yaml"):
        if match := _FILE.match(path.name):
            found.append(tuple(int(g) for g in match.groups()))
    return [".".join(str(n) for n in v) for v in sorted(found)]


@cache
def current_questionnaire() -> Questionnaire:
    """The newest shipped version (cached: the file is read-only)."""
    versions = available_versions()
    return Questionnaire.load(questionnaire_dir() / f"questionnaire-{versions[-1]}.yaml")


QUESTIONNAIRE_PACK = "questionnaire"  # its data pack name (services/readiness/datapack.py)


def active_questionnaire(db: Database | None) -> Questionnaire:
    """The questionnaire new sessions use: the newest shipped version, or a newer one that a
    data update installed into this database."""
    shipped = current_questionnaire()
    if db is None:
        return shipped
    record = InstalledPacks(db).get(QUESTIONNAIRE_PACK)
    if record is None or not is_newer(record.info.version, shipped.version):
        return shipped
    rows = list(
        db.query("SELECT yaml_text FROM questionnaires WHERE version = ?", [record.info.version])
    )
    return stored_questionnaire(rows[0]["yaml_text"]) if rows else shipped


@lru_cache(maxsize=8)
def stored_questionnaire(text: str) -> Questionnaire:
    """A questionnaire text kept in the database, parsed once per process (it never changes:
    a version's text is fixed by its sha256)."""
    return Questionnaire.from_text(text)
