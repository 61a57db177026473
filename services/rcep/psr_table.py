"""The product-specific rule table: which Annex 3A rule applies to an HS 2022 code.

Rules are keyed by HS 2022 chapter (2 digits), heading (4) or subheading (6) and come in three
kinds (domain/rcep.md §5, §13):

- ``embedded``: shipped with the app in ``resources/data/psr/psr_rules_hs2022.csv`` (built by
  ``scripts/build_psr_table.py`` from a partial, hand-transcribed HS 2012 subset). Every row is
  an unverified transcription; the file is read once per process and never copied into the
  database.
- ``imported``: the official list, loaded by an importer (``import psr``). An import replaces
  the whole imported set in one transaction.
- ``user``: typed by a user from the official list (China: GACC Announcement 2022 No.129,
  annex 1), saved with its source.

Lookup goes from the most specific level to the least (subheading, heading, chapter); at the same
level a user rule beats an imported one, which beats an embedded one. A code without a rule is
"rule unknown" (``None``): the app never falls back to a default rule.

``verified`` is false for the embedded transcriptions and true for imported and user rules,
which come from the official list by the word of whoever imported or typed them (their
``source`` says which list).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from services.core.clock import utc_now_iso
from services.core.errors import DataFileError, FieldError, NotFoundError, ValidationError
from services.core.i18n import N_, _
from services.core.paths import resource_dir
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.psr import Rule, parse_rule
from services.rcep.psr_explain import describe_code, dotted, explain_rule
from services.rcep.psr_zh import read_rule_text
from services.refdata.hs import HsNomenclature, clean_code

if TYPE_CHECKING:
    from services.rcep.importers.psr_common import PsrPack

EMBEDDED = "embedded"
IMPORTED = "imported"
USER = "user"
KINDS = (USER, IMPORTED, EMBEDDED)  # precedence at the same level, strongest first
LEVELS = {2: "chapter", 4: "heading", 6: "subheading"}
HS_VERSION = "2022"
TABLE = "psr_rules"
EMBEDDED_FILE = ("data", "psr", "psr_rules_hs2022.csv")
UNVERIFIED_WARNING = N_(
    "Unverified transcription: check the rule against GACC Announcement 2022 No.129, annex 1, "
    "before relying on it."
)
_PROGRESS_EVERY = 500


@dataclass(frozen=True, slots=True)
class PsrRule:
    hs_code: str  # HS 2022 digits: 2, 4 or 6
    level: str  # chapter | heading | subheading
    hs_version: str
    rule_text: str  # as written (English notation)
    rule: Rule
    kind: str  # embedded | imported | user
    source: str
    source_date: str  # ISO date of the source, or ""
    hs2012_code: str  # the HS 2012 code the rule was written for, or ""
    verified: bool
    note: str = ""
    rule_text_zh: str = ""

    @property
    def warning(self) -> str | None:
        """What the user must be told before relying on the rule (translated), or None."""
        return None if self.verified else _(UNVERIFIED_WARNING)

    def explanation(self) -> list[str]:
        return explain_rule(self.rule)

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "hs_code": self.hs_code,
            "hs_code_dotted": dotted(self.hs_code),
            "level": self.level,
            "hs_version": self.hs_version,
            "rule_text": self.rule_text,
            "rule_text_zh": self.rule_text_zh or None,
            "rule": str(self.rule),
            "alternatives": [str(a) for a in self.rule.alternatives],
            "kind": self.kind,
            "source": self.source,
            "source_date": self.source_date or None,
            "hs2012_code": self.hs2012_code or None,
            "verified": self.verified,
            "warning": self.warning,
            "note": self.note,
        }
        if explain:
            data["explanation"] = self.explanation()
        return data


def level_of(code: str) -> str:
    return LEVELS[len(code)]


# -- embedded rules ------------------------------------------------------------------------------


def embedded_file() -> Path:
    return resource_dir().joinpath(*EMBEDDED_FILE)


def embedded_rules(path: Path | None = None) -> tuple[PsrRule, ...]:
    """The rules shipped with the app (cached per process; a changed file is read again)."""
    file = path or embedded_file()
    try:
        mtime = file.stat().st_mtime_ns
    except OSError:
        return ()
    return _read_embedded(str(file), mtime)


def embedded_metadata(path: Path | None = None) -> dict[str, str]:
    """The ``# key: value`` lines at the top of the embedded table (source, URL, date, caveat)."""
    file = path or embedded_file()
    found: dict[str, str] = {}
    with file.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            key, sep, value = line.lstrip("#").partition(":")
            if sep:
                found[key.strip()] = value.strip()
    return found


@functools.lru_cache(maxsize=4)
def _read_embedded(path: str, mtime_ns: int) -> tuple[PsrRule, ...]:
    rules: list[PsrRule] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=1):
            try:
                rules.append(
                    PsrRule(
                        hs_code=row["hs_code"],
                        level=level_of(row["hs_code"]),
                        hs_version=row["hs_version"],
                        rule_text=row["rule_text"],
                        rule=parse_rule(row["rule_text"]),
                        kind=EMBEDDED,
                        source=row["source"],
                        source_date=row["source_date"],
                        hs2012_code=row["hs2012_code"],
                        verified=row["verified"] == "yes",
                        note=row["note"],
                        rule_text_zh=row["rule_text_zh"],
                    )
                )
            except (KeyError, ValidationError) as error:
                raise DataFileError(
                    _("The embedded rule table is damaged (row {row}); reinstall the app.").format(
                        row=number
                    )
                ) from error
    return tuple(rules)


@functools.cache
def default_nomenclature() -> HsNomenclature:
    return HsNomenclature.load()


# -- the table -----------------------------------------------------------------------------------


class PsrTable:
    """Rules of every kind for lookups, and the user's and the importer's changes."""

    def __init__(
        self,
        db: Database,
        *,
        hs: HsNomenclature | None = None,
        embedded: Sequence[PsrRule] | None = None,
    ) -> None:
        self.db = db
        self._hs = hs
        self._embedded = embedded

    @property
    def hs(self) -> HsNomenclature:
        if self._hs is None:
            self._hs = default_nomenclature()
        return self._hs

    def _embedded_rules(self) -> Sequence[PsrRule]:
        return self._embedded if self._embedded is not None else embedded_rules()

    # -- reading

    def rule_for(self, hs: str) -> PsrRule | None:
        """The rule for a product code (6 to 12 digits; a 2- or 4-digit code finds the rule of
        its own level or above): most specific level first, then user > imported > embedded at
        the same level. None when no rule is known ("rule unknown")."""
        code = _lookup_code(hs)
        keys = [code[:n] for n in (6, 4, 2) if len(code) >= n]
        stored = {(r.hs_code, r.kind): r for r in self._stored(keys)}
        embedded = {r.hs_code: r for r in self._embedded_rules() if r.hs_code in keys}
        for key in keys:
            for kind in (USER, IMPORTED):
                if (key, kind) in stored:
                    return stored[(key, kind)]
            if key in embedded:
                return embedded[key]
        return None

    def rules(self, kind: str | None = None) -> list[PsrRule]:
        """Every rule of ``kind`` (all kinds when None), by code, strongest kind first."""
        if kind is not None and kind not in KINDS:
            raise ValidationError(
                _("Unknown kind of rule {kind}; use one of: {kinds}.").format(
                    kind=kind, kinds=", ".join(KINDS)
                ),
                field="kind",
            )
        found: list[PsrRule] = []
        if kind in (None, USER, IMPORTED):
            found.extend(self._stored(None, kind))
        if kind in (None, EMBEDDED):
            found.extend(self._embedded_rules())
        return sorted(found, key=lambda r: (r.hs_code, KINDS.index(r.kind)))

    def _stored(self, codes: Iterable[str] | None, kind: str | None = None) -> list[PsrRule]:
        if TABLE not in self.db.table_names():
            return []
        where: list[str] = []
        params: list[str] = []
        if codes is not None:
            wanted = list(codes)
            where.append(f"hs_code IN ({', '.join('?' for _c in wanted)})")
            params.extend(wanted)
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        sql = f"SELECT * FROM {TABLE}" + (" WHERE " + " AND ".join(where) if where else "")
        return [_from_row(row) for row in self.db.query(sql, params)]

    # -- user rules

    def save_user_rule(
        self, hs: str, rule_text: str, *, source: str, note: str = "", source_date: str = ""
    ) -> PsrRule:
        """Validate and store a rule typed by the user (English notation or the Chinese wording
        of services/rcep/psr_zh.py) for an HS 2022 chapter, heading or subheading."""
        errors: list[FieldError] = []
        code = clean_code(hs or "")
        if not code.isdigit() or len(code) not in LEVELS:
            errors.append(
                FieldError(
                    "hs",
                    _(
                        "Enter the HS code the rule is listed under: a chapter (2 digits), "
                        "heading (4) or subheading (6), e.g. 8507.60."
                    ),
                )
            )
        elif (entry := self.hs.get(code)) is None or entry.level != len(code):
            errors.append(
                FieldError(
                    "hs",
                    _("HS 2022 has no {code}.").format(code=describe_code(code)),
                )
            )
        rule: Rule | None = None
        zh = ""
        try:
            rule, zh = read_rule_text(rule_text)
        except ValidationError as error:
            errors.append(FieldError("rule", error.message))
        if not (source or "").strip():
            errors.append(
                FieldError(
                    "source",
                    _(
                        "Say where the rule comes from, e.g. GACC Announcement 2022 No.129, "
                        "annex 1."
                    ),
                )
            )
        if source_date and not _is_iso_date(source_date):
            errors.append(FieldError("source_date", _("Enter a date as YYYY-MM-DD.")))
        if errors or rule is None:
            only_rule = bool(errors) and all(e.field == "rule" for e in errors)
            raise ValidationError(errors, code="bad_rule" if only_rule else None)
        saved = PsrRule(
            hs_code=code,
            level=level_of(code),
            hs_version=HS_VERSION,
            rule_text=str(rule),
            rule=rule,
            kind=USER,
            source=source.strip(),
            source_date=source_date,
            hs2012_code="",
            verified=True,
            note=(note or "").strip(),
            rule_text_zh=zh,
        )
        with self.db.atomic():
            self.db.execute(f"DELETE FROM {TABLE} WHERE hs_code = ? AND kind = ?", [code, USER])
            self.db.table(TABLE).insert(_to_row(saved))
        return saved

    def delete_user_rule(self, hs: str) -> None:
        code = clean_code(hs or "")
        with self.db.atomic():
            cursor = self.db.execute(
                f"DELETE FROM {TABLE} WHERE hs_code = ? AND kind = ?", [code, USER]
            )
            deleted = cursor.rowcount
        if not deleted:
            raise NotFoundError(
                _("No rule typed by a user is stored for {code}.").format(code=hs), field="hs"
            )

    # -- imports

    def replace_imported(
        self,
        rules: Sequence[PsrRule],
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Store ``rules`` instead of every imported rule, in one transaction. Cancelling
        (or any error) leaves the previous imported set as it was."""
        if not rules:
            raise ValidationError(_("There is no rule to import."), field="file")
        codes = [r.hs_code for r in rules]
        if any(r.kind != IMPORTED for r in rules) or len(set(codes)) != len(codes):
            raise ValueError("replace_imported takes imported rules, one per code")
        total = len(rules)
        columns = list(_to_row(rules[0]))
        insert = (
            f"INSERT INTO {TABLE} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _c in columns)})"
        )
        with self.db.atomic():
            self.db.execute(f"DELETE FROM {TABLE} WHERE kind = ?", [IMPORTED])
            for start in range(0, total, _PROGRESS_EVERY):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                report(progress, start, total)
                chunk = rules[start : start + _PROGRESS_EVERY]
                self.db.conn.executemany(insert, [list(_to_row(r).values()) for r in chunk])
            if cancel is not None:
                cancel.raise_if_cancelled()
        report(progress, total, total)
        return total

    def remove_imported(self) -> int:
        """Delete every imported rule (embedded and user rules stay); returns how many."""
        if TABLE not in self.db.table_names():
            return 0
        with self.db.atomic():
            cursor = self.db.execute(f"DELETE FROM {TABLE} WHERE kind = ?", [IMPORTED])
        return int(cursor.rowcount)

    def import_file(
        self,
        path: Path | str,
        format_name: str,
        *,
        source: str,
        edition: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> PsrPack:
        """Read ``path`` with the importer ``format_name`` (csv, docx) and, when at least one
        row was accepted, replace the imported rules with it. Nothing changes otherwise."""
        from services.rcep.importers.psr_common import nothing_accepted, psr_importer

        read = psr_importer(format_name)
        pack = read(
            Path(path), source=source, edition=edition, hs=self.hs, progress=progress, cancel=cancel
        )
        if not pack.rules:
            raise nothing_accepted(pack)
        self.replace_imported(pack.rules, cancel=cancel)  # progress: reading is the slow part
        return pack


def _lookup_code(hs: str) -> str:
    code = clean_code(hs or "")
    if not code.isdigit() or not (len(code) in (2, 4) or 6 <= len(code) <= 12):
        raise ValidationError(
            _("Enter an HS code of 6 digits or more (dots and spaces are allowed), e.g. 8507.60."),
            field="hs",
        )
    return code


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _to_row(rule: PsrRule) -> dict[str, str]:
    return {
        "hs_code": rule.hs_code,
        "kind": rule.kind,
        "hs_version": rule.hs_version,
        "rule_text": rule.rule_text,
        "rule_text_zh": rule.rule_text_zh,
        "hs2012_code": rule.hs2012_code,
        "source": rule.source,
        "source_date": rule.source_date,
        "note": rule.note,
        "updated_at": utc_now_iso(),
    }


def _from_row(row: dict[str, Any]) -> PsrRule:
    return PsrRule(
        hs_code=row["hs_code"],
        level=level_of(row["hs_code"]),
        hs_version=row["hs_version"],
        rule_text=row["rule_text"],
        rule=parse_rule(row["rule_text"]),  # validated before it was stored
        kind=row["kind"],
        source=row["source"],
        source_date=row["source_date"],
        hs2012_code=row["hs2012_code"],
        verified=True,
        note=row["note"],
        rule_text_zh=row["rule_text_zh"],
    )
