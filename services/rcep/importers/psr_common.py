"""What the product-specific rule importers share: one row in, one checked rule out.

``psr_importer(name)`` gives the importer for the name on the command line (``import psr FILE
--format NAME``); each is called as ``read(path, *, source, edition, hs, progress, cancel)`` and
returns a :class:`PsrPack` (the importers only read: storing is ``PsrTable.replace_imported``).

- ``csv``: the documented layout (docs/psr-import-csv.md), see :mod:`.psr_csv`;
- ``docx``: the official Word table (GACC Announcement 2022 No.129, annex 1, saved as .docx),
  see :mod:`.psr_docx`.

A row is rejected with its reason when its HS code is not a chapter, heading or subheading, its
HS version is not 2012 or 2022, its rule cannot be read (or its English and Chinese texts say
different things), an HS 2012 code does not carry over one-to-one to HS 2022
(services/rcep/psr_transpose.py), an HS 2022 code is not in the nomenclature, or its code
already has a rule in an earlier row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import _
from services.rcep.psr import Rule
from services.rcep.psr_explain import describe_code
from services.rcep.psr_table import HS_VERSION, IMPORTED, LEVELS, PsrRule, level_of
from services.rcep.psr_transpose import check_exclusions, hs2022_code
from services.rcep.psr_zh import has_chinese, read_rule_text
from services.rcep.tariff_models import ImportReport, Rejected
from services.refdata.hs import HsNomenclature, clean_code

HS_VERSIONS = ("2012", "2022")


class RowError(Exception):
    """A row is rejected: the message is already translated."""


@dataclass
class PsrPack:
    source: str
    edition: str
    file_name: str
    rules: list[PsrRule] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


def check_options(source: str | None, edition: str | None) -> tuple[str, str]:
    """The import's source (required) and edition date (YYYY-MM-DD or empty), checked."""
    text = (source or "").strip()
    if not text:
        raise ValidationError(
            _(
                "Say where the rules come from (--source), e.g. GACC Announcement 2022 No.129, "
                "annex 1."
            ),
            field="source",
        )
    day = (edition or "").strip()
    if day:
        try:
            date.fromisoformat(day)
            valid = len(day) == 10
        except ValueError:
            valid = False
        if not valid:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="edition")
    return text, day


class RuleCollector:
    """Turns rows into imported rules, rejecting bad and duplicate ones into ``pack.report``."""

    def __init__(self, pack: PsrPack, hs: HsNomenclature) -> None:
        self.pack = pack
        self.hs = hs
        self._rows: dict[str, int] = {}  # HS 2022 code → row that gave it

    def add(
        self,
        row: int,
        raw_code: str,
        version: str,
        rule_text: str,
        rule_text_zh: str = "",
        note: str = "",
    ) -> None:
        """Count the row as read, then accept it or reject it with the reason."""
        report = self.pack.report
        report.rows_read += 1
        try:
            rule = self._rule(raw_code, version, rule_text, rule_text_zh, note)
            earlier = self._rows.get(rule.hs_code)
            if earlier is not None:
                raise RowError(
                    _("{code} already has a rule in row {row}.").format(
                        code=describe_code(rule.hs_code), row=earlier
                    )
                )
        except RowError as error:
            report.rejected.append(Rejected(row, clean_code(raw_code), str(error)))
            return
        self._rows[rule.hs_code] = row
        self.pack.rules.append(rule)
        report.accepted += 1

    def _rule(
        self, raw_code: str, version: str, rule_text: str, rule_text_zh: str, note: str
    ) -> PsrRule:
        code = clean_code(raw_code.strip())
        if not code:
            raise RowError(_("The row has no HS code."))
        if not code.isdigit() or len(code) not in LEVELS:
            raise RowError(
                _("{code} is not a chapter (2 digits), heading (4) or subheading (6).").format(
                    code=raw_code.strip()
                )
            )
        version = version.strip()
        if version not in HS_VERSIONS:
            raise RowError(
                _("HS version {version} is not one of {versions}.").format(
                    version=version or "—", versions=", ".join(HS_VERSIONS)
                )
            )
        rule, english, chinese = _read_texts(rule_text, rule_text_zh)
        try:
            if version == "2012":
                target = hs2022_code(code, self.hs)
                check_exclusions(rule)
            else:
                target = code
                entry = self.hs.get(code)
                if entry is None or entry.level != len(code):
                    raise RowError(_("HS 2022 has no {code}.").format(code=describe_code(code)))
        except ValidationError as error:
            raise RowError(error.message) from error
        return PsrRule(
            hs_code=target,
            level=level_of(target),
            hs_version=HS_VERSION,
            rule_text=english,
            rule=rule,
            kind=IMPORTED,
            source=self.pack.source,
            source_date=self.pack.edition,
            hs2012_code=code if version == "2012" else "",
            verified=True,
            note=" ".join(note.split()),
            rule_text_zh=chinese,
        )


def _read_texts(rule_text: str, rule_text_zh: str) -> tuple[Rule, str, str]:
    """(rule, English text as written or rebuilt, Chinese text) of a row's rule cells."""
    english = " ".join(rule_text.split())
    chinese = " ".join(rule_text_zh.split())
    if has_chinese(english):  # Chinese wording in the English column
        english, chinese = ("", english) if not chinese else (english, chinese)
    if not english and not chinese:
        raise RowError(_("The row has no rule."))
    try:
        rule = read_rule_text(english)[0] if english else None
        rule_zh = read_rule_text(chinese)[0] if chinese else None
    except ValidationError as error:
        raise RowError(error.message) from error
    if rule is not None and rule_zh is not None and rule != rule_zh:
        raise RowError(
            _('The English rule "{english}" and the Chinese rule "{chinese}" differ.').format(
                english=english, chinese=chinese
            )
        )
    found = rule if rule is not None else rule_zh
    assert found is not None
    return found, english or str(found), chinese


class NothingImportedError(DataFileError):
    """No row of the file could be imported; ``report`` says why, row by row."""

    def __init__(self, message: str, report: ImportReport):
        super().__init__(message)
        self.report = report


def nothing_accepted(pack: PsrPack) -> NothingImportedError:
    """The error for a file none of whose rows could be imported (nothing is changed)."""
    rejected = pack.report.rejected
    if not rejected:
        return NothingImportedError(
            _("{file} holds no rule; the rules on file are unchanged.").format(file=pack.file_name),
            pack.report,
        )
    first = rejected[0]
    return NothingImportedError(
        _(
            "None of the {count} rows of {file} could be imported (first problem, row {row}: "
            "{reason}); the rules on file are unchanged."
        ).format(count=len(rejected), file=pack.file_name, row=first.row, reason=first.reason),
        pack.report,
    )


Reader = Callable[..., PsrPack]


def psr_importer(name: str) -> Reader:
    from services.rcep.importers.psr_csv import read_psr_csv
    from services.rcep.importers.psr_docx import read_psr_docx

    formats: dict[str, Reader] = {"csv": read_psr_csv, "docx": read_psr_docx}
    found = formats.get((name or "").strip().lower())
    if found is None:
        raise ValidationError(
            _("Unknown format {format}; use one of: {formats}.").format(
                format=name, formats=", ".join(sorted(formats))
            ),
            field="format",
        )
    return found
