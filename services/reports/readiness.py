"""Generating readiness reports: one company (``generate_readiness_report``) or many
(``generate_batch``), each written atomically as a PDF.

Steps: resolve the font (services/reports/fonts.py) → read the company's data
(services/reports/gather.py) and build the report's texts in the requested language
(services/reports/data.py, inside ``report_language``) → draw the PDF
(services/reports/pdf.py) → write it. ``progress(done, total)`` is called along the way (total
100) and the ``CancelToken`` is checked between steps and while drawing; a cancelled report
writes nothing. A batch goes on after a company fails and lists the failures at the end.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from services.companies.repository import CompanyRepository
from services.core.clock import local_today
from services.core.errors import AppError, ValidationError
from services.core.i18n import _
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.refdata.hs import HsNomenclature
from services.reports.data import build_readiness_report
from services.reports.fonts import ReportFont, resolve_font
from services.reports.gather import DEFAULT_SHIPMENT_VALUE, gather
from services.reports.language import report_language
from services.reports.model import ReportData
from services.reports.pdf import render_pdf, write_pdf

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class ReportOptions:
    language: str | None = None  # None: the current language
    session_id: str | None = None  # None: the company's latest session
    shipment_value: Decimal = DEFAULT_SHIPMENT_VALUE  # CNY, for the RCEP savings
    today: date | None = None  # the report date (default: today)
    font_path: str = ""  # the settings' report_font_path


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int
    company_id: str
    company_name: str


@dataclass(frozen=True, slots=True)
class BatchFailure:
    company_id: str
    company_name: str
    message: str
    code: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    written: tuple[ReportResult, ...] = ()
    failures: tuple[BatchFailure, ...] = ()
    cancelled: bool = False
    out_dir: Path | None = None

    @property
    def requested(self) -> int:
        return len(self.written) + len(self.failures)


@dataclass
class _Steps:
    """Maps a sub-task's progress onto a share of the overall 0–100, never going back (the
    drawing's own count is an estimate that can shrink when a table is split)."""

    progress: ProgressFn | None
    start: int = 0
    span: int = 100
    last: int = field(default=-1)

    def at(self, fraction: float) -> None:
        value = self.start + round(self.span * min(max(fraction, 0.0), 1.0))
        if self.progress is not None and value > self.last:
            self.last = value
            self.progress(value, 100)


def build_report_data(
    db: Database, hs: HsNomenclature, company_id: str, options: ReportOptions
) -> ReportData:
    """The report's content in ``options.language`` (the app's language is restored after)."""
    with report_language(options.language):
        inputs = gather(
            db,
            company_id,
            hs,
            today=options.today or local_today(),
            session_id=options.session_id,
            shipment_value=_check_value(options.shipment_value),
        )
        return build_readiness_report(inputs)


def _check_value(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0 or value > Decimal(10) ** 12:
        raise ValidationError(
            _("Enter a shipment value greater than zero."), field="shipment_value"
        )
    return value


def generate_readiness_report(
    db: Database,
    hs: HsNomenclature,
    company_id: str,
    out_path: Path,
    options: ReportOptions | None = None,
    *,
    font: ReportFont | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ReportResult:
    options = options or ReportOptions()
    steps = _Steps(progress)
    steps.at(0)
    font = font or resolve_font(options.font_path)
    _check_target(out_path)
    if cancel is not None:
        cancel.raise_if_cancelled()
    data = build_report_data(db, hs, company_id, options)
    steps.at(0.15)
    if cancel is not None:
        cancel.raise_if_cancelled()
    drawing = _Steps(progress, 15, 80, last=steps.last)
    rendered = render_pdf(
        data, font, progress=lambda done, total: drawing.at(done / max(total, 1)), cancel=cancel
    )
    steps.last = drawing.last
    if cancel is not None:
        cancel.raise_if_cancelled()
    write_pdf(out_path, rendered)
    steps.at(1)
    return ReportResult(out_path, rendered.pages, company_id, data.cover.company)


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ValidationError(
            _("{path} is a folder; give a file name ending in .pdf.").format(path=path),
            field="out",
        )
    if path.suffix.lower() != ".pdf":
        raise ValidationError(
            _("The report file name must end in .pdf: {path}").format(path=path), field="out"
        )


# ---- batch ---------------------------------------------------------------------------------


def safe_file_name(name: str, fallback: str = "company") -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" ._")
    cleaned = re.sub(r"\s+", " ", cleaned)[:MAX_NAME].strip(" ._")
    return cleaned or fallback


def report_file_name(company_name: str, day: date, suffix: str = "") -> str:
    stem = safe_file_name(company_name)
    label = safe_file_name(_("readiness-report"), "readiness-report")
    extra = f"-{suffix}" if suffix else ""
    return f"{stem}-{label}-{day.isoformat()}{extra}.pdf"


def companies_with_sessions(
    db: Database, date_from: date | None, date_to: date | None
) -> list[tuple[str, str]]:
    """(company id, latest session id in the range) for every company with a session held
    between the two dates (inclusive), by company name."""
    where, params = [], []
    if date_from is not None:
        where.append("s.held_on >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append("s.held_on <= ?")
        params.append(date_to.isoformat())
    sql = (
        "SELECT s.company_id, s.id, s.held_on, s.created_at, c.name_zh FROM readiness_sessions s"
        " JOIN companies c ON c.id = s.company_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.name_zh COLLATE NOCASE, c.id, s.held_on, s.created_at"
    )
    latest: dict[str, str] = {}
    for row in db.query(sql, params):
        latest[row["company_id"]] = row["id"]
    return list(latest.items())


def generate_batch(
    db: Database,
    hs: HsNomenclature,
    out_dir: Path,
    *,
    company_ids: Sequence[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    options: ReportOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> BatchResult:
    """One PDF per company into ``out_dir``: the companies given, or every company with a
    session in the date range (reported on its latest session in the range). A company that
    fails is listed in ``failures``; the others are still written."""
    options = options or ReportOptions()
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_("The start date is after the end date."), field="from")
    if out_dir.exists() and not out_dir.is_dir():
        raise ValidationError(
            _("{path} is a file, not a folder.").format(path=out_dir), field="out"
        )
    font = resolve_font(options.font_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    if company_ids is not None:
        jobs: list[tuple[str, str | None]] = [(cid, options.session_id) for cid in company_ids]
    else:
        jobs = [(cid, sid) for cid, sid in companies_with_sessions(db, date_from, date_to)]
    repo = CompanyRepository(db)
    day = options.today or local_today()
    written: list[ReportResult] = []
    failures: list[BatchFailure] = []
    used_names: set[str] = set()
    total = len(jobs)
    if progress is not None:
        progress(0, total)
    for index, (company_id, session_id) in enumerate(jobs):
        if cancel is not None and cancel.cancelled:
            return BatchResult(tuple(written), tuple(failures), True, out_dir)
        name = company_id
        try:
            company = repo.get(company_id)
            name = company.name_zh
            file_name = report_file_name(name, day)
            if file_name.lower() in used_names:
                file_name = report_file_name(name, day, company_id[:8])
            used_names.add(file_name.lower())
            job_options = ReportOptions(
                language=options.language,
                session_id=session_id,
                shipment_value=options.shipment_value,
                today=day,
                font_path=options.font_path,
            )
            written.append(
                generate_readiness_report(
                    db, hs, company_id, out_dir / file_name, job_options, font=font, cancel=cancel
                )
            )
        except Cancelled:
            return BatchResult(tuple(written), tuple(failures), True, out_dir)
        except AppError as exc:
            failures.append(BatchFailure(company_id, name, exc.message, exc.code))
        except Exception as exc:  # one broken company must not stop the batch
            log.exception("report for company %s failed", company_id)
            failures.append(
                BatchFailure(
                    company_id,
                    name,
                    _("Unexpected error: {detail}. Details are in the log file.").format(
                        detail=exc
                    ),
                    "internal",
                )
            )
        if progress is not None:
            progress(index + 1, total)
    return BatchResult(tuple(written), tuple(failures), False, out_dir)
